/**
 * Checks the test harness and the fixture zones themselves, with BIND's own
 * tools and a hand-built query, so that a later integration failure can be
 * blamed on resolvkit and not on the server it talks to.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURE_TSIG_ALGORITHMS, startNamed, type NamedInstance } from '../support/named.js';
import { ask } from '../support/probe.js';

const named = inject('named');
const forwarder = inject('namedForwarder');

interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a BIND tool with an optional stdin script; never through a shell. */
function runTool(command: string, args: string[], stdin = ''): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** dig against our own named only: explicit server and port, no recursion, one short try. */
function dig(port: number, ...query: string[]): Promise<ToolResult> {
  return runTool('dig', ['@127.0.0.1', '-p', String(port), '+norec', '+time=2', '+tries=1', ...query]);
}

describe('shared authoritative named', () => {
  it('answers SOA resolvkit.test authoritatively, without recursion (a query built and decoded by src/packet)', async () => {
    const reply = await ask(named.address, named.port, 'resolvkit.test', 'SOA');
    expect(reply.flags).toMatchObject({ qr: true, aa: true, tc: false, ra: false });
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.questions).toEqual([{ name: 'resolvkit.test', type: 'SOA', class: 'IN' }]);
    expect(reply.answers).toHaveLength(1);
    expect(reply.answers[0]!.data).toMatchObject({ mname: 'ns1.resolvkit.test', minimum: 300 });
  });

  it('answers on every endpoint it reports', async () => {
    expect(named.endpoints[0]).toEqual({ address: '127.0.0.1', port: named.port });
    for (const endpoint of named.endpoints) {
      const reply = await ask(endpoint.address, endpoint.port, 'both.resolvkit.test', 'AAAA');
      expect([reply.flags.aa, reply.rcode, reply.answers.length]).toEqual([true, 'NOERROR', 2]);
    }
  });

  it('gives an authoritative NXDOMAIN outside its zones (stand-in root), not REFUSED', async () => {
    const reply = await ask(named.address, named.port, 'host.sub', 'A', { recursionDesired: true });
    expect([reply.flags.aa, reply.flags.ra, reply.rcode]).toEqual([true, false, 'NXDOMAIN']);
  });

  it('truncates the 40-record A set over UDP without EDNS, and serves it whole over TCP', async () => {
    const reply = await ask(named.address, named.port, 'big.resolvkit.test', 'A', { edns: false });
    expect(reply.flags.tc).toBe(true);
    expect(reply.rcode).toBe('NOERROR');

    const tcp = await dig(named.port, '+tcp', '+short', 'big.resolvkit.test', 'A');
    expect(tcp.code).toBe(0);
    const addresses = tcp.stdout.trim().split('\n').sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]));
    expect(addresses).toHaveLength(40);
    expect(addresses[0]).toBe('192.0.2.100');
    expect(addresses[39]).toBe('192.0.2.139');
  });

  it('truncates bigtxt even with EDNS (over 1232 bytes)', async () => {
    const reply = await ask(named.address, named.port, 'bigtxt.resolvkit.test', 'TXT', { edns: { udpPayloadSize: 1232 } });
    expect(reply.flags.tc).toBe(true);
  });

  it('has a key for each of the six TSIG algorithms', () => {
    const digestBytes = { 'hmac-md5': 16, 'hmac-sha1': 20, 'hmac-sha224': 28, 'hmac-sha256': 32, 'hmac-sha384': 48, 'hmac-sha512': 64 };
    expect(Object.keys(named.keys).sort()).toEqual([...FIXTURE_TSIG_ALGORITHMS].sort());
    for (const algorithm of FIXTURE_TSIG_ALGORITHMS) {
      const key = named.keys[algorithm];
      expect(key.algorithm).toBe(algorithm);
      expect(key.name).toBe(`${algorithm}.keys.resolvkit.test`);
      // tsig-keygen makes secrets as long as the digest.
      expect(Buffer.from(key.secret, 'base64')).toHaveLength(digestBytes[algorithm]);
      expect(existsSync(key.file)).toBe(true);
    }
    expect(named.restrictedKeys.denied.name).toBe('denied.keys.resolvkit.test');
    expect(named.restrictedKeys.limited.name).toBe('limited.keys.resolvkit.test');
  });

  it('accepts an nsupdate signed with the hmac-sha256 key, and refuses the denied key', async () => {
    const owner = `harness-${process.pid}-${Date.now()}.dyn.resolvkit.test`;
    const script = (address: string): string =>
      [`server 127.0.0.1 ${named.port}`, 'zone dyn.resolvkit.test', `update add ${owner} 60 A ${address}`, 'send', ''].join('\n');

    const key = named.keys['hmac-sha256'];
    const ok = await runTool('nsupdate', ['-t', '5', '-y', `${key.algorithm}:${key.name}:${key.secret}`], script('192.0.2.201'));
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    const lookup = await dig(named.port, '+short', owner, 'A');
    expect(lookup.stdout.trim()).toBe('192.0.2.201');

    const denied = named.restrictedKeys.denied;
    const refused = await runTool('nsupdate', ['-t', '5', '-y', `${denied.algorithm}:${denied.name}:${denied.secret}`], script('192.0.2.202'));
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/REFUSED/);
    expect((await dig(named.port, '+short', owner, 'A')).stdout.trim()).toBe('192.0.2.201');
  });
});

describe('shared forwarder', () => {
  it('answers the same SOA without AA, with recursion available', async () => {
    const reply = await ask(forwarder.address, forwarder.port, 'resolvkit.test', 'SOA', { recursionDesired: true });
    expect([reply.flags.aa, reply.flags.ra, reply.rcode, reply.answers.length]).toEqual([false, true, 'NOERROR', 1]);
    expect(forwarder.upstream).toEqual({ address: named.address, port: named.port });
    expect(forwarder.port).not.toBe(named.port);
  });

  it('forwards the reverse zones instead of answering them from BIND built-in empty zones', async () => {
    const reply = await runTool('dig', ['@127.0.0.1', '-p', String(forwarder.port), '+time=2', '+tries=1', '+short', '-x', '192.0.2.10']);
    expect(reply.stdout.trim().split('\n').sort()).toEqual(['both.resolvkit.test.', 'www.resolvkit.test.']);
  });
});

describe('private named (startNamed)', () => {
  let server: NamedInstance | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('starts on its own port, pauses, resumes, restarts and stops cleanly', async () => {
    server = await startNamed();
    const { address, port, dir } = server;
    expect(port).not.toBe(named.port);
    const soa = (timeoutMs = 1000): Promise<string> =>
      ask(address, port, 'resolvkit.test', 'SOA', {}, timeoutMs).then((r) => r.rcode);
    expect(await soa()).toBe('NOERROR');

    server.pause();
    await expect(soa(300)).rejects.toThrow(/ETIMEOUT/);
    server.resume();
    expect(await soa()).toBe('NOERROR');

    const firstPid = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(firstPid);
    expect(await soa()).toBe('NOERROR');

    const pid = server.pid as number;
    await server.stop();
    expect(existsSync(dir)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(soa(300)).rejects.toThrow();
  });
});
