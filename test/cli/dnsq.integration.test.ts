/**
 * dnsq against the shared named (fixtures/named), run in-process through dnsqMain, once through
 * the built bin, and side by side with BIND's dig for the same questions.
 *
 * Network rule: every run names the loopback named with @server, and its environment
 * (which replaces process.env for dnsq) has RESOLV_CONF pointing at a file that names only
 * loopback, so no path through dnsq can reach the machine's own resolv.conf servers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dnsqMain } from '../../src/cli/dnsq.js';
import { deadPort } from '../support/responder.js';

const named = inject('named');
const server = `@127.0.0.1:${named.port}`;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const dir = mkdtempSync(join(tmpdir(), 'dnsq-test-'));
const resolvConf = join(dir, 'resolv.conf');
writeFileSync(resolvConf, `nameserver 127.0.0.1:${named.port}\noptions timeout:2 attempts:1\n`);
const emptyHosts = join(dir, 'hosts');
writeFileSync(emptyHosts, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment every run gets: loopback-only resolv.conf, empty hosts file, plus `extra`. */
const env = (extra: Record<string, string> = {}) => ({ RESOLV_CONF: resolvConf, RESOLV_HOSTS: emptyHosts, ...extra });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function dnsq(argv: string[], extra: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await dnsqMain(argv, env(extra), { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function exec(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { env: { PATH: process.env.PATH ?? '', ...extraEnv }, timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

/** dig against our own named only: explicit server and port, one short try, just the answer. */
async function digAnswer(...query: string[]): Promise<string[]> {
  const r = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+noall', '+answer', ...query]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The lines of one section of dnsq's output. */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`;; ${title} SECTION:`);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

describe('dnsq against named', () => {
  it('prints a plain query as dig does, header to trailer', async () => {
    const r = await dnsq([server, 'one.resolvkit.test']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+$/m);
    expect(r.stdout).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: ');
    expect(r.stdout).toContain(';; WARNING: recursion requested but not available\n');
    expect(section(r.stdout, 'QUESTION')).toEqual([';one.resolvkit.test.\t\tIN\tA']);
    expect(section(r.stdout, 'ANSWER')).toEqual(['one.resolvkit.test.\t3600\tIN\tA\t192.0.2.12']);
    expect(r.stdout).toMatch(/^;; Query time: \d+ msec$/m);
    expect(r.stdout).toContain(`\n;; SERVER: 127.0.0.1#${named.port}(127.0.0.1) (UDP)\n`);
    expect(r.stdout).toMatch(/^;; WHEN: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \S+ \d{4}$/m);
  });

  it('prints the same answer sections as dig for the same questions', async () => {
    const questions = [
      ['both.resolvkit.test', 'A'],
      ['both.resolvkit.test', 'AAAA'],
      ['resolvkit.test', 'SOA'],
      ['resolvkit.test', 'MX'],
      ['txt-escape.resolvkit.test', 'TXT'],
      ['txt-empty.resolvkit.test', 'TXT'],
      ['_http._tcp.resolvkit.test', 'SRV'],
      ['caa.resolvkit.test', 'CAA'],
      ['naptr.resolvkit.test', 'NAPTR'],
      ['generic.resolvkit.test', 'TYPE65280'],
      ['alias.resolvkit.test', 'A'],
      ['x.wild.resolvkit.test', 'TXT'],
      ['10.2.0.192.in-addr.arpa', 'PTR'],
    ];
    for (const [name, type] of questions) {
      const r = await dnsq([server, name!, type!]);
      expect(r.code, r.stderr).toBe(0);
      // named rotates RRsets between answers: compare as sets of lines.
      expect(section(r.stdout, 'ANSWER').sort(), `${name} ${type}`).toEqual((await digAnswer(name!, type!)).sort());
    }
  });

  it('prints an NXDOMAIN reply from the error and exits 0, as dig does', async () => {
    const r = await dnsq([server, 'nothing-here.resolvkit.test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status: NXDOMAIN, id: \d+/);
    expect(section(r.stdout, 'ANSWER')).toEqual([]);
    expect(section(r.stdout, 'AUTHORITY')).toEqual([
      'resolvkit.test.\t\t300\tIN\tSOA\tns1.resolvkit.test. hostmaster.resolvkit.test. 2024010101 3600 900 604800 300',
    ]);
  });

  it('prints a NODATA reply too', async () => {
    const r = await dnsq([server, 'v4only.resolvkit.test', 'AAAA']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status: NOERROR, id: \d+\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, /);
  });

  it('+tcp asks over TCP', async () => {
    const r = await dnsq([server, 'one.resolvkit.test', '+tcp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`;; SERVER: 127.0.0.1#${named.port}(127.0.0.1) (TCP)`);
  });

  it('RES_OPTIONS reaches dnsq: use-vc asks over TCP', async () => {
    const r = await dnsq([server, 'one.resolvkit.test'], { RES_OPTIONS: 'use-vc' });
    expect(r.stdout).toContain('(TCP)');
  });

  it('+norec clears RD, so dig\'s warning goes too', async () => {
    const r = await dnsq([server, 'one.resolvkit.test', '+norec']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(';; flags: qr aa; QUERY: 1, ANSWER: 1,');
    expect(r.stdout).not.toContain('WARNING');
  });

  it('+dnssec sets DO, shown in the OPT pseudosection', async () => {
    const r = await dnsq([server, 'one.resolvkit.test', '+dnssec']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags: do; udp: 1232\n');
  });

  it('-x asks for the PTR record of an address', async () => {
    const r = await dnsq([server, '-x', '192.0.2.12']);
    expect(r.code).toBe(0);
    expect(section(r.stdout, 'ANSWER')).toEqual(await digAnswer('-x', '192.0.2.12'));
    expect(section(r.stdout, 'ANSWER')[0]).toMatch(/\tPTR\tone\.resolvkit\.test\.$/);
  });

  it('--json prints the reply as one JSON document, Buffers as hex, each record with its rdata', async () => {
    const r = await dnsq([server, 'txt-multi.resolvkit.test', 'TXT', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      opcode: 'QUERY',
      rcode: 'NOERROR',
      flags: { qr: true, aa: true, rd: true, ra: false, tc: false },
      questions: [{ name: 'txt-multi.resolvkit.test', type: 'TXT', class: 'IN' }],
      answers: [
        {
          name: 'txt-multi.resolvkit.test',
          type: 'TXT',
          class: 'IN',
          ttl: 3600,
          data: [Buffer.from('first string').toString('hex'), Buffer.from('second string').toString('hex'), Buffer.from('third').toString('hex')],
          rdata: '"first string" "second string" "third"',
        },
      ],
      fromCache: false,
      server: `127.0.0.1:${named.port}`,
      transport: 'udp',
    });
    expect(typeof doc.id).toBe('number');
    expect(typeof doc.queryTimeMs).toBe('number');
    expect(Array.isArray(doc.authorities)).toBe(true);
    expect(Array.isArray(doc.additionals)).toBe(true);
  });

  it('--json of an NXDOMAIN reply carries the rcode and the SOA', async () => {
    const r = await dnsq([server, 'nothing-here.resolvkit.test', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.rcode).toBe('NXDOMAIN');
    expect(doc.answers).toEqual([]);
    expect(doc.authorities[0]).toMatchObject({ name: 'resolvkit.test', type: 'SOA', ttl: 300, data: { serial: 2024010101, minimum: 300 } });
  });

  it('exits 9 when no server replies', async () => {
    const port = await deadPort();
    const started = Date.now();
    const r = await dnsq([`@127.0.0.1:${port}`, 'one.resolvkit.test'], { RES_OPTIONS: 'timeout:1 attempts:1' });
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^;; no servers could be reached: (ECONNREFUSED|ETIMEOUT) \(127\.0\.0\.1:\d+\)\n$/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('exits 1 with the usage line on bad usage, asking nothing', async () => {
    const r = await dnsq([server, 'one.resolvkit.test', '+bogus']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dnsq: unknown option "+bogus"\n' + r.stderr.split('\n')[1] + '\n');
    expect(r.stderr.split('\n')[1]).toMatch(/^usage: dnsq /);
  });

  it('exits 10 for a name that cannot be encoded, as dig does', async () => {
    const r = await dnsq([server, `${'a'.repeat(64)}.resolvkit.test`]);
    expect(r.code).toBe(10);
    expect(r.stderr).toBe(`dnsq: '${'a'.repeat(64)}.resolvkit.test' is not a legal name\n`);
  });

  it('takes its server from RESOLV_CONF and its search list from LOCALDOMAIN with +search', async () => {
    const searched = await dnsq(['host', '+search'], { LOCALDOMAIN: 'child.resolvkit.test resolvkit.test' });
    expect(searched.code).toBe(0);
    expect(section(searched.stdout, 'QUESTION')).toEqual([';host.child.resolvkit.test.\tIN\tA']);
    expect(section(searched.stdout, 'ANSWER')).toEqual(await digAnswer('host.child.resolvkit.test', 'A'));
    expect(section(searched.stdout, 'ANSWER')[0]).toMatch(/\t192\.0\.2\.61$/);
    expect(searched.stdout).toContain(`;; SERVER: 127.0.0.1#${named.port}(127.0.0.1) (UDP)`);

    // Without +search the name is asked as it is, and "host." does not exist.
    const plain = await dnsq(['host'], { LOCALDOMAIN: 'child.resolvkit.test resolvkit.test' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('status: NXDOMAIN');
    expect(section(plain.stdout, 'QUESTION')).toEqual([';host.\t\t\t\tIN\tA']);
  });

  it('runs as the built bin (npm run build first)', async () => {
    const r = await exec(process.execPath, [join(root, 'dist/cli/dnsq.js'), server, 'one.resolvkit.test'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(section(r.stdout, 'ANSWER')).toEqual(['one.resolvkit.test.\t3600\tIN\tA\t192.0.2.12']);

    const usage = await exec(process.execPath, [join(root, 'dist/cli/dnsq.js')], env());
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^dnsq: no name to look up\nusage: dnsq /);
  });
});
