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
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dnsqMain } from '../../src/cli/dnsq.js';
import { versionText } from '../../src/cli/run.js';
import { createConfig } from '../../src/env/index.js';
import { Resolver } from '../../src/node/index.js';
import { parseTsigKey, signMessage, Update } from '../../src/update/index.js';
import { startNamed, type NamedInstance } from '../support/named.js';
import { deadPort, replyTo, startResponder, type Responder } from '../support/responder.js';

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
    execFile(command, args, { env: { PATH: process.env.PATH ?? '', ...extraEnv }, timeout: 20_000 }, (err, stdout, stderr) => {
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
    expect(r.stdout).toMatch(/\n;; MSG SIZE  rcvd: \d+\n\n$/);
  });

  it("ends with dig's MSG SIZE line, the same size as dig's for the same message (dig +noedns: dnsq sends no EDNS)", async () => {
    for (const [name, type] of [['one.resolvkit.test', 'A'], ['txt-multi.resolvkit.test', 'TXT'], ['nothing-here.resolvkit.test', 'A']]) {
      const r = await dnsq([server, name!, type!, '+norec']);
      const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+noedns', '+norec', name!, type!]);
      const size = (text: string) => /^;; MSG SIZE {2}rcvd: (\d+)$/m.exec(text)?.[1];
      expect(size(r.stdout), name).toBeDefined();
      expect(size(r.stdout), name).toBe(size(dig.stdout));
    }
  });

  it('+short prints only the answer data, as dig +short', async () => {
    for (const [name, type] of [['alias.resolvkit.test', 'A'], ['mail.resolvkit.test', 'MX'], ['txt-escape.resolvkit.test', 'TXT'], ['caa.resolvkit.test', 'CAA'], ['generic.resolvkit.test', 'TYPE65280'], ['nothing-here.resolvkit.test', 'A']]) {
      const r = await dnsq([server, name!, type!, '+short']);
      expect(r.code, r.stderr).toBe(0);
      const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+short', name!, type!]);
      // named rotates RRsets; a CNAME comes first in both.
      expect(r.stdout.split('\n').sort(), `${name} ${type}`).toEqual(dig.stdout.split('\n').sort());
      if (name === 'alias.resolvkit.test') expect(r.stdout.split('\n')[0]).toBe('both.resolvkit.test.');
    }
  });

  it('says "Truncated, retrying in TCP mode." on stderr when a UDP reply is truncated, as dig does, and gets the reply over TCP', async () => {
    const r = await dnsq([server, 'big.resolvkit.test', '+norec']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(';; Truncated, retrying in TCP mode.\n');
    expect(r.stdout).toContain(`;; SERVER: 127.0.0.1#${named.port}(127.0.0.1) (TCP)`);
    expect(section(r.stdout, 'ANSWER')).toHaveLength(40);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+noedns', '+norec', 'big.resolvkit.test']);
    expect(dig.stdout.split('\n')[0]).toBe(';; Truncated, retrying in TCP mode.');
    // dig +short leaves the comment out; so does dnsq.
    expect((await dnsq([server, 'big.resolvkit.test', '+short'])).stderr).toBe('');
  });

  it('+idnin (the default) asks for the IDNA form of a non-ASCII name, as dig +idnin; +noidnin sends the UTF-8 octets', async () => {
    const r = await dnsq([server, 'café.resolvkit.test', '+norec']);
    expect(r.code, r.stderr).toBe(0);
    expect(section(r.stdout, 'QUESTION')).toEqual([';xn--caf-dma.resolvkit.test.\tIN\tA']);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+norec', '+idnin', '+noidnout', '+noall', '+answer', 'café.resolvkit.test'], { LC_ALL: 'C.UTF-8' });
    expect(section(r.stdout, 'ANSWER')).toEqual(dig.stdout.split('\n').filter((l) => l !== ''));
    expect(section(r.stdout, 'ANSWER')[0]).toMatch(/\t192\.0\.2\.31$/);
    const raw = await dnsq([server, 'café.resolvkit.test', '+norec', '+noidnin']);
    expect(raw.stdout).toContain('status: NXDOMAIN');
    const rawDig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+norec', '+noidnin', '+noidnout', 'café.resolvkit.test'], { LC_ALL: 'C.UTF-8' });
    expect(section(raw.stdout, 'QUESTION')).toEqual(section(rawDig.stdout, 'QUESTION'));
  });

  it('refuses a name +idnin cannot convert before asking anything, with exit 1 as dig', async () => {
    // Not convertible at all, and convertible only to a label over 63 octets.
    for (const name of ['ü%.resolvkit.test', `${'é'.repeat(60)}.resolvkit.test`]) {
      const r = await dnsq([server, name]);
      expect(r).toEqual({ code: 1, stdout: '', stderr: `dnsq: '${name}' is not a legal IDNA2008 name, use +noidnin\n` });
      const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+idnin', name], { LC_ALL: 'C.UTF-8' });
      expect(dig.code).toBe(1);
      expect(dig.stderr.startsWith(`dig: '${name}' is not a legal IDNA2008 name (`)).toBe(true);
    }
  });

  it('asks AAAA as asked under options no-aaaa, as dig does (BIND reads no such option)', async () => {
    const r = await dnsq([server, '+short', 'www.resolvkit.test', 'AAAA'], { RES_OPTIONS: 'no-aaaa' });
    expect(r).toEqual({ code: 0, stdout: '2001:db8::10\n', stderr: '' });
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+short', 'www.resolvkit.test', 'AAAA'], { RES_OPTIONS: 'no-aaaa' });
    expect(dig.stdout).toBe(r.stdout);
  });

  it('+search ignores HOSTALIASES, as dig does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolvkit-dnsq-aliases-'));
    try {
      writeFileSync(join(dir, 'aliases'), 'www one.resolvkit.test\n');
      const r = await dnsq([server, '+short', '+search', 'www'], { HOSTALIASES: join(dir, 'aliases'), LOCALDOMAIN: 'resolvkit.test' });
      expect(r).toEqual({ code: 0, stdout: '192.0.2.10\n', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version prints the version and exits 0, asking nothing', async () => {
    expect(await dnsq(['--version'])).toEqual({ code: 0, stdout: versionText('dnsq'), stderr: '' });
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

  it('exits 9 when no server replies, saying so for the try first', async () => {
    const port = await deadPort();
    const started = Date.now();
    const r = await dnsq([`@127.0.0.1:${port}`, 'one.resolvkit.test'], { RES_OPTIONS: 'timeout:1 attempts:1' });
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^;; communications error to 127\.0\.0\.1#\d+: (connection refused|timed out)\n;; no servers could be reached: (ECONNREFUSED|ETIMEOUT) \(127\.0\.0\.1:\d+\)\n$/);
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

/** A server that takes every query and never answers, over UDP and TCP. */
let silent: Responder;
beforeAll(async () => {
  silent = await startResponder(() => [], { tcp: 'stall' });
});
afterAll(() => silent.close());

/** The `;; communications error` lines of some output. */
const commsErrors = (text: string): string[] => text.split('\n').filter((l) => l.startsWith(';; communications error'));

describe('dnsq against a server that does not answer', () => {
  it('+time=N +tries=N: one dig line per try, N seconds each, the same lines as dig', async () => {
    const started = Date.now();
    const r = await dnsq([`@127.0.0.1:${silent.port}`, 'one.resolvkit.test', '+time=1', '+tries=2']);
    const took = Date.now() - started;
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    const line = `;; communications error to 127.0.0.1#${silent.port}: timed out`;
    expect(r.stderr).toBe(`${line}\n${line}\n;; no servers could be reached: ETIMEOUT (127.0.0.1:${silent.port})\n`);
    expect(took).toBeGreaterThanOrEqual(1900);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(silent.port), '+time=1', '+tries=2', 'one.resolvkit.test']);
    expect(dig.code).toBe(9);
    expect(commsErrors(dig.stdout)).toEqual(commsErrors(r.stderr));
  });

  it("without +tries uses dig's 3 tries when resolv.conf sets no attempts (glibc's default is 2), as dig does", async () => {
    const bare = join(dir, 'resolv.conf.bare');
    writeFileSync(bare, `nameserver 127.0.0.1:${silent.port}\n`);
    const r = await dnsq(['one.resolvkit.test', '+time=1'], { RESOLV_CONF: bare });
    expect(r.code).toBe(9);
    expect(commsErrors(r.stderr)).toHaveLength(3);
    // dig with the same resolv.conf (bound over /etc/resolv.conf in a private mount namespace), asking the same server.
    writeFileSync(join(dir, 'resolv.conf.dig'), 'nameserver 127.0.0.1\n');
    const dig = await exec('unshare', ['-rm', 'sh', '-c', 'mount --bind "$1" /etc/resolv.conf && exec dig @127.0.0.1 -p "$2" +time=1 one.resolvkit.test', 'sh', join(dir, 'resolv.conf.dig'), String(silent.port)]);
    expect(commsErrors(dig.stdout)).toEqual(commsErrors(r.stderr));
  });

  it("takes resolv.conf's or RES_OPTIONS' attempts when they set them, for dnsq as for dig", async () => {
    const bare = join(dir, 'resolv.conf.bare');
    writeFileSync(bare, `nameserver 127.0.0.1:${silent.port}\n`);
    const one = join(dir, 'resolv.conf.one');
    writeFileSync(one, `nameserver 127.0.0.1:${silent.port}\noptions attempts:1\n`);
    expect(commsErrors((await dnsq(['one.resolvkit.test', '+time=1'], { RESOLV_CONF: one })).stderr)).toHaveLength(1);
    expect(commsErrors((await dnsq(['one.resolvkit.test', '+time=1'], { RESOLV_CONF: bare, RES_OPTIONS: 'attempts:2' })).stderr)).toHaveLength(2);
  });

  it('says which try failed over TCP too, and a refused connection as dig words it', async () => {
    const r = await dnsq([`@127.0.0.1:${silent.port}`, 'one.resolvkit.test', '+tcp', '+time=1', '+tries=1']);
    expect(r.stderr).toBe(`;; communications error to 127.0.0.1#${silent.port}: timed out\n;; no servers could be reached: ETIMEOUT (127.0.0.1:${silent.port})\n`);
    const port = await deadPort();
    const refused = await dnsq([`@127.0.0.1:${port}`, 'one.resolvkit.test', '+tcp', '+time=1', '+tries=1']);
    expect(refused.code).toBe(9);
    const expected = `;; Connection to 127.0.0.1#${port}(127.0.0.1) for one.resolvkit.test failed: connection refused.`;
    expect(refused.stderr.split('\n')[0]).toBe(expected);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(port), '+tcp', '+time=1', '+tries=1', 'one.resolvkit.test']);
    expect(dig.stdout.split('\n')[0]).toBe(expected);
  });

  it('warns once on stderr when no resolv.conf can be read, naming the server it falls back to', async () => {
    const port = await deadPort();
    const r = await dnsq(['-p', String(port), '+time=1', '+tries=1', 'one.resolvkit.test'], { RESOLV_CONF: join(dir, 'no-such-resolv.conf') });
    expect(r.code).toBe(9);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`dnsq: warning: ${join(dir, 'no-such-resolv.conf')} could not be read; asking the default name server 127.0.0.1:${port} (set RESOLV_CONF or give a server)`);
    expect(lines.filter((l) => l.includes('warning'))).toHaveLength(1);
    // With a server on the command line the default is not used, so nothing to say.
    expect((await dnsq([server, 'one.resolvkit.test'], { RESOLV_CONF: join(dir, 'no-such-resolv.conf') })).stderr).toBe('');
  });
});

describe('dnsq +aaonly', () => {
  it('sets the AA bit in the query, as dig +aaonly does, and leaves it clear without', async () => {
    const responder = await startResponder(({ query }) => [replyTo(query)]);
    try {
      await dnsq([responder.server.replace(/^/, '@'), 'x.resolvkit.test', '+aaonly', '+time=2', '+tries=1']);
      await dnsq([responder.server.replace(/^/, '@'), 'x.resolvkit.test', '+time=2', '+tries=1']);
      await exec('dig', ['@127.0.0.1', '-p', String(responder.port), '+aaonly', '+time=2', '+tries=1', 'x.resolvkit.test']);
      await exec('dig', ['@127.0.0.1', '-p', String(responder.port), '+time=2', '+tries=1', 'x.resolvkit.test']);
      expect(responder.received.map((r) => r.query.flags.aa)).toEqual([true, false, true, false]);
    } finally {
      await responder.close();
    }
  });
});

/** The record lines of a transfer's output: everything but comments and blank lines. */
const recordLines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith(';'));
const xfrSize = (text: string): string | undefined => /^;; XFR size: .*$/m.exec(text)?.[0];

describe('dnsq zone transfers', () => {
  it('AXFR goes over TCP and prints the zone as dig does, record for record, with the same XFR size', async () => {
    const r = await dnsq([server, 'child.resolvkit.test', 'AXFR']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // dig +noedns: dnsq's query carries no OPT, so the server's replies are the same size.
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+noedns', 'child.resolvkit.test', 'AXFR']);
    expect(recordLines(r.stdout)).toEqual(recordLines(dig.stdout));
    expect(recordLines(r.stdout)).toHaveLength(8);
    expect(xfrSize(r.stdout)).toBe(xfrSize(dig.stdout));
    expect(xfrSize(r.stdout)).toMatch(/^;; XFR size: 8 records \(messages 1, bytes \d+\)$/);
    expect(r.stdout).toContain(`;; SERVER: 127.0.0.1#${named.port}(127.0.0.1) (TCP)`);
    expect(r.stdout.startsWith(`\n; <<>> dnsq <<>> ${server} child.resolvkit.test AXFR\n`)).toBe(true);
  });

  it('AXFR +short prints the data of every record, as dig +short', async () => {
    const r = await dnsq([server, 'child.resolvkit.test', 'AXFR', '+short']);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', '+short', 'child.resolvkit.test', 'AXFR']);
    expect(r.stdout).toBe(dig.stdout);
  });

  it('AXFR --json gives the records and the counts', async () => {
    const doc = JSON.parse((await dnsq([server, 'child.resolvkit.test', 'AXFR', '--json'])).stdout);
    expect(doc).toMatchObject({ zone: 'child.resolvkit.test', type: 'AXFR', transport: 'tcp', server: `127.0.0.1:${named.port}`, recordCount: 8, messages: 1 });
    expect(doc.records[0]).toMatchObject({ type: 'SOA', rdata: expect.stringMatching(/^ns1\.child\.resolvkit\.test\. /) });
    expect(doc.records.at(-1).type).toBe('SOA');
  });

  it('a transfer the server refuses prints "; Transfer failed." and exits 0, as dig does, with the reason on stderr (dig gives none: README, dnsq)', async () => {
    const r = await dnsq([server, 'nothing-here.resolvkit.test', 'AXFR']);
    const dig = await exec('dig', ['@127.0.0.1', '-p', String(named.port), '+time=2', '+tries=1', 'nothing-here.resolvkit.test', 'AXFR']);
    expect([r.code, dig.code]).toEqual([0, 0]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('; Transfer'))).toEqual(dig.stdout.split('\n').filter((l) => l.startsWith('; Transfer')));
    expect(r.stdout).toContain('; Transfer failed.\n');
    expect(r.stderr).toBe(`dnsq: transfer of nothing-here.resolvkit.test from 127.0.0.1:${named.port} failed: the server answered NOTAUTH\n`);
  });

  it('a transfer from a server that stalls times out per try and exits 9', async () => {
    const r = await dnsq([`@127.0.0.1:${silent.port}`, 'child.resolvkit.test', 'AXFR', '+time=1', '+tries=2']);
    expect(r.code).toBe(9);
    expect(commsErrors(r.stderr)).toEqual([`;; communications error to 127.0.0.1#${silent.port}: timed out`, `;; communications error to 127.0.0.1#${silent.port}: timed out`]);
  });

  describe('IXFR, against a named of its own (updates move the serial)', () => {
    let own: NamedInstance;
    let ownServer: string;
    beforeAll(async () => {
      own = await startNamed({ listen: [{ address: '127.0.0.1' }] });
      ownServer = `@127.0.0.1:${own.port}`;
    });
    afterAll(() => own?.stop());

    async function addRecord(label: string, address: string): Promise<void> {
      const k = own.keys['hmac-sha256'];
      const key = parseTsigKey(`hmac-sha256:${k.name}:${k.secret}`);
      const wire = signMessage(new Update('dyn.resolvkit.test').add(`${label}.dyn.resolvkit.test`, 300, 'A', address).encode(), key).wire;
      const resolver = new Resolver({ config: createConfig({ resolvConf: `nameserver 127.0.0.1:${own.port}\n` }), cache: 'off' });
      try {
        const result = await resolver.send(wire);
        expect(result.message.rcode).toBe('NOERROR');
      } finally {
        resolver.close();
      }
    }

    const serialOf = async (): Promise<number> => Number((await dnsq([ownServer, 'dyn.resolvkit.test', 'SOA', '+short'])).stdout.split(' ')[2]);

    it('ixfr=N prints the changes since N as dig does; a current serial gets the one SOA', async () => {
      const before = await serialOf();
      await addRecord('ixfr-a', '192.0.2.171');
      await addRecord('ixfr-b', '192.0.2.172');
      const after = await serialOf();
      expect(after).toBeGreaterThan(before);

      const r = await dnsq([ownServer, 'dyn.resolvkit.test', `ixfr=${before}`]);
      expect(r.code, r.stderr).toBe(0);
      const dig = await exec('dig', ['@127.0.0.1', '-p', String(own.port), '+time=2', '+tries=1', '+noedns', 'dyn.resolvkit.test', `ixfr=${before}`]);
      expect(recordLines(r.stdout)).toEqual(recordLines(dig.stdout));
      expect(xfrSize(r.stdout)).toBe(xfrSize(dig.stdout));
      const lines = recordLines(r.stdout);
      expect(lines[0]).toContain(` ${after} `);
      expect(lines.at(-1)).toBe(lines[0]);
      expect(lines.some((l) => /^ixfr-b\.dyn\.resolvkit\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.172$/.test(l))).toBe(true);

      const current = await dnsq([ownServer, 'dyn.resolvkit.test', `ixfr=${after}`]);
      expect(recordLines(current.stdout)).toHaveLength(1);
      expect(xfrSize(current.stdout)).toMatch(/^;; XFR size: 1 records \(messages 1, bytes \d+\)$/);
      const currentDig = await exec('dig', ['@127.0.0.1', '-p', String(own.port), '+time=2', '+tries=1', '+noedns', 'dyn.resolvkit.test', `ixfr=${after}`]);
      expect(recordLines(current.stdout)).toEqual(recordLines(currentDig.stdout));
    });
  });
});
