/**
 * showip against the shared test named (fixtures/named): names from DNS with every family
 * option, CNAMEs with --canonname, the search list from resolv.conf and LOCALDOMAIN, --server,
 * reverse lookups, and DNS failures. resolv.conf names only that named on loopback; where a
 * test replaces it with --server, resolv.conf names a loopback port nothing answers on, so
 * that an answer proves --server was used.
 *
 * named shuffles each answer (rrset-order random), so addresses of one family are compared as
 * a set; the order of the families is getaddrinfo's (RFC 6724), and is compared.
 */
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { versionText } from '../../src/cli/run.js';
import { showipMain } from '../../src/cli/showip.js';
import { AI_IDN, AI_NUMERICHOST } from '../../src/addrinfo/index.js';
import { glibcGetaddrinfoBatch } from '../support/glibc.js';
import { startResponder, type Responder } from '../support/responder.js';

const named = inject('named');
const BUILT = fileURLToPath(new URL('../../dist/cli/showip.js', import.meta.url));

let dir: string;
let env: Record<string, string>;
/** resolv.conf naming a loopback port with nothing behind it: only --server can answer. */
let deadEnv: Record<string, string>;

/** A loopback UDP port nobody listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'resolvkit-showip-dns-'));
  writeFileSync(join(dir, 'hosts'), '127.0.0.1\tlocalhost\n::1\tlocalhost\n');
  writeFileSync(join(dir, 'resolv.conf'), `nameserver 127.0.0.1:${named.port}\nsearch resolvkit.test\noptions timeout:2 attempts:1\n`);
  writeFileSync(join(dir, 'dead.conf'), `nameserver 127.0.0.1:${await deadPort()}\nsearch resolvkit.test\noptions timeout:1 attempts:1\n`);
  env = { RESOLV_CONF: join(dir, 'resolv.conf'), RESOLV_HOSTS: join(dir, 'hosts') };
  deadEnv = { RESOLV_CONF: join(dir, 'dead.conf'), RESOLV_HOSTS: join(dir, 'hosts') };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function showip(environment: Record<string, string>, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await showipMain(argv, environment, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** One host's text block, with each family's addresses sorted (named shuffles them). */
function block(text: string): { header: string[]; families: string[]; addresses: Record<string, string[]> } {
  const lines = text.trimEnd().split('\n');
  const addressLines = lines.filter((l) => /^ {2}IPv[46]: /.test(l));
  const addresses: Record<string, string[]> = {};
  for (const line of addressLines) {
    const [family, address] = line.trim().split(': ') as [string, string];
    (addresses[family] ??= []).push(address);
  }
  for (const list of Object.values(addresses)) list.sort();
  return { header: lines.filter((l) => !addressLines.includes(l)), families: addressLines.map((l) => l.trim().slice(0, 4)), addresses };
}

describe('showip against the test named', () => {
  it("prints both families of a DNS name, each family's lines together", async () => {
    const result = await showip(env, 'both.resolvkit.test');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const printed = block(result.stdout);
    expect(printed.header).toEqual(['IP addresses for both.resolvkit.test:', '']);
    expect(printed.addresses).toEqual({ IPv4: ['192.0.2.10', '192.0.2.11'], IPv6: ['2001:db8::10', '2001:db8::11'] });
    // Which family comes first depends on this machine's addresses (RFC 6724 rules 5 and 6),
    // and is checked against glibc in test/integration/glibc-addrinfo.test.ts; either way one
    // family's lines are together.
    expect(printed.families.join(' ')).toMatch(/^(IPv4 IPv4 IPv6 IPv6|IPv6 IPv6 IPv4 IPv4)$/);
  });

  it('narrows with -4 and -6', async () => {
    expect(block((await showip(env, '-4', 'both.resolvkit.test')).stdout).addresses).toEqual({ IPv4: ['192.0.2.10', '192.0.2.11'] });
    expect(block((await showip(env, '-6', 'both.resolvkit.test')).stdout).addresses).toEqual({ IPv6: ['2001:db8::10', '2001:db8::11'] });
  });

  it('fails -6 for a name with only IPv4 addresses (EAI_NODATA), and maps them with --v4mapped', async () => {
    expect(await showip(env, '-6', 'v4only.resolvkit.test')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: v4only.resolvkit.test: No address associated with hostname (EAI_NODATA)\n',
    });
    const mapped = await showip(env, '-6', '--v4mapped', 'v4only.resolvkit.test');
    expect(mapped.code).toBe(0);
    expect(block(mapped.stdout).addresses).toEqual({ IPv6: ['::ffff:192.0.2.1', '::ffff:192.0.2.2', '::ffff:192.0.2.3'] });
  });

  it('with -6 --v4mapped maps IPv4 only when there is no IPv6, and with --all too', async () => {
    expect(block((await showip(env, '-6', '--v4mapped', 'both.resolvkit.test')).stdout).addresses).toEqual({ IPv6: ['2001:db8::10', '2001:db8::11'] });
    expect(block((await showip(env, '-6', '--v4mapped', '--all', 'both.resolvkit.test')).stdout).addresses).toEqual({
      IPv6: ['2001:db8::10', '2001:db8::11', '::ffff:192.0.2.10', '::ffff:192.0.2.11'],
    });
  });

  it('follows CNAMEs and the search list, and prints the canonical name with --canonname', async () => {
    const result = await showip(env, '--canonname', '-4', 'chain3');
    expect(result.code).toBe(0);
    expect(block(result.stdout)).toEqual({
      header: ['IP addresses for chain3:', '', '  canonical name: both.resolvkit.test'],
      families: ['IPv4', 'IPv4'],
      addresses: { IPv4: ['192.0.2.10', '192.0.2.11'] },
    });
  });

  it('takes the search list from LOCALDOMAIN over resolv.conf', async () => {
    // host exists in resolvkit.test (192.0.2.20) and in child.resolvkit.test (192.0.2.61).
    expect(block((await showip(env, '-4', 'host')).stdout).addresses).toEqual({ IPv4: ['192.0.2.20'] });
    expect(block((await showip({ ...env, LOCALDOMAIN: 'child.resolvkit.test' }, '-4', 'host')).stdout).addresses).toEqual({ IPv4: ['192.0.2.61'] });
  });

  it('takes RES_OPTIONS over resolv.conf: attempts:0 sends no query at all, as in glibc', async () => {
    expect((await showip(env, '-4', 'one.resolvkit.test')).code).toBe(0);
    expect(await showip({ ...env, RES_OPTIONS: 'attempts:0' }, '-4', 'one.resolvkit.test')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: one.resolvkit.test: Temporary failure in name resolution (EAI_AGAIN)\n',
    });
  });

  it('prints --json for DNS names, one line per host', async () => {
    const result = await showip(env, '--json', '-4', '--canonname', 'alias', 'v4only.resolvkit.test');
    expect(result.code).toBe(0);
    const [alias, v4only] = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { address: string; canonname: string | null; family: number; port: number; socktype: number; protocol: number }[]);
    expect(alias?.[0]?.canonname).toBe('both.resolvkit.test');
    expect(alias?.map((r) => r.address).sort()).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(v4only?.map((r) => ({ ...r, address: 'x' }))).toEqual([
      { family: 4, address: 'x', port: 0, socktype: 1, protocol: 6, canonname: 'v4only.resolvkit.test' },
      { family: 4, address: 'x', port: 0, socktype: 1, protocol: 6, canonname: null },
      { family: 4, address: 'x', port: 0, socktype: 1, protocol: 6, canonname: null },
    ]);
  });

  it('reports NXDOMAIN and SERVFAIL with their codes, and still prints the other hosts', async () => {
    const result = await showip(env, '-4', 'nope.resolvkit.test.', 'one.resolvkit.test', 'www.broken.resolvkit.test.');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('IP addresses for one.resolvkit.test:\n\n  IPv4: 192.0.2.12\n');
    expect(result.stderr).toBe(
      'showip: nope.resolvkit.test.: Name or service not known (EAI_NONAME)\n' +
        'showip: www.broken.resolvkit.test.: Temporary failure in name resolution (EAI_AGAIN)\n',
    );
  });

  it('asks the --server given instead of resolv.conf', async () => {
    // resolv.conf's server does not answer: without --server this fails, saying so for the try.
    const without = await showip(deadEnv, '-4', 'one.resolvkit.test');
    expect(without.code).toBe(2);
    // One line per name tried: the name as it is, then with the search list's resolvkit.test.
    expect(without.stderr).toMatch(
      /^showip: 127\.0\.0\.1#\d+: (connection refused|no reply within 1 s) \(one\.resolvkit\.test A\)\nshowip: 127\.0\.0\.1#\d+: (connection refused|no reply within 1 s) \(one\.resolvkit\.test\.resolvkit\.test A\)\nshowip: one\.resolvkit\.test: Temporary failure in name resolution \(EAI_AGAIN\)\n$/,
    );
    const withServer = await showip(deadEnv, '-4', '--server', `127.0.0.1:${named.port}`, 'one');
    expect(withServer).toEqual({ code: 0, stdout: 'IP addresses for one:\n\n  IPv4: 192.0.2.12\n', stderr: '' });
    // Repeatable: the dead one first, then the named; the search list still comes from resolv.conf.
    const dead = await deadPort();
    const two = await showip(deadEnv, '-4', '--server', `127.0.0.1:${dead}`, '--server', `127.0.0.1:${named.port}`, 'one');
    expect(two.stdout).toBe('IP addresses for one:\n\n  IPv4: 192.0.2.12\n');
    expect(two.stderr).toMatch(new RegExp(`^showip: 127\\.0\\.0\\.1#${dead}: (connection refused|no reply within 1 s) \\(one\\.resolvkit\\.test A\\)\n$`));
  });

  it('looks names up by address with -r', async () => {
    expect(await showip(env, '-r', '192.0.2.20', '2001:db8::21')).toEqual({
      code: 0,
      stdout: 'Name for 192.0.2.20:\n\n  host: host.resolvkit.test\n\nName for 2001:db8::21:\n\n  host: host.sub.resolvkit.test\n',
      stderr: '',
    });
    expect((await showip(env, '-r', '--nofqdn', '192.0.2.20')).stdout).toBe('Name for 192.0.2.20:\n\n  host: host\n');
    expect((await showip(env, '-r', '192.0.2.99')).stdout).toBe('Name for 192.0.2.99:\n\n  host: 192.0.2.99\n');
    expect(await showip(env, '-r', '--namereqd', '192.0.2.99')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: 192.0.2.99: Name or service not known (EAI_NONAME)\n',
    });
  });

  it('runs as a program with --server (the built dist/cli/showip.js)', () => {
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build first`).toBe(true);
    const run = spawnSync(process.execPath, [BUILT, '-6', '--server', `127.0.0.1:${named.port}`, 'v6only.resolvkit.test.'], {
      env: { PATH: process.env.PATH ?? '', ...deadEnv },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(block(run.stdout)).toEqual({
      header: ['IP addresses for v6only.resolvkit.test.:', ''],
      families: ['IPv6', 'IPv6', 'IPv6'],
      addresses: { IPv6: ['2001:db8::1', '2001:db8::2', '2001:db8::3'] },
    });
  });
});

describe('showip progress and warnings', () => {
  let silent: Responder;
  beforeAll(async () => {
    silent = await startResponder(() => []);
  });
  afterAll(() => silent.close());

  it('reports each try that gets no reply as it ends, instead of saying nothing for the whole timeout', async () => {
    const conf = join(dir, 'silent.conf');
    writeFileSync(conf, `nameserver 127.0.0.1:${silent.port}\noptions timeout:1 attempts:2\n`);
    const result = await showip({ RESOLV_CONF: conf, RESOLV_HOSTS: join(dir, 'hosts') }, '-4', 'one.resolvkit.test.');
    expect(result.code).toBe(2);
    const line = `showip: 127.0.0.1#${silent.port}: no reply within 1 s (one.resolvkit.test A)\n`;
    expect(result.stderr).toBe(`${line}${line}showip: one.resolvkit.test.: Temporary failure in name resolution (EAI_AGAIN)\n`);
  });

  it('warns once, when the first query goes to the default server, if no resolv.conf can be read', () => {
    // In a network namespace of its own nothing listens on 127.0.0.1:53, so the default
    // server refuses at once; the built program runs there with RESOLV_CONF naming no file.
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build first`).toBe(true);
    const missing = join(dir, 'no-such-resolv.conf');
    const run = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, BUILT, '-4', 'one.test', 'two.test', 'localhost'], {
      env: { PATH: process.env.PATH ?? '', RESOLV_CONF: missing, RESOLV_HOSTS: join(dir, 'hosts'), RES_OPTIONS: 'timeout:1 attempts:1' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status, run.stderr).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`showip: warning: ${missing} could not be read; asking the default name server 127.0.0.1:53 (set RESOLV_CONF or give a server)`);
    expect(lines.filter((l) => l.includes('warning'))).toHaveLength(1);
    expect(lines).toContain('showip: 127.0.0.1#53: connection refused (one.test A)');
    expect(run.stdout).toBe('IP addresses for localhost:\n\n  IPv4: 127.0.0.1\n');
    // localhost alone sends nothing, so there is nothing to warn about.
    const offline = spawnSync(process.execPath, [BUILT, 'localhost'], { env: { PATH: process.env.PATH ?? '', RESOLV_CONF: missing, RESOLV_HOSTS: join(dir, 'hosts') }, encoding: 'utf8', timeout: 15_000 });
    expect(offline.stderr).toBe('');
  });

  it('prints its version as the built program', () => {
    const run = spawnSync(process.execPath, [BUILT, '--version'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 15_000 });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: versionText('showip') });
  });
});

describe('showip next to glibc (getaddrinfo in the glibc harness namespace)', () => {
  // The name is in the hosts file in its IDNA form. glibc's resolv.conf has attempts:0, so it
  // could send no query even if it wanted to (it does not: it refuses the UTF-8 name at once).
  // showip asks the test named, which answers NXDOMAIN for the UTF-8 name: this package's
  // getaddrinfo sends that query where glibc sends none, but the outcome is the same.
  const hosts = '127.0.0.1\tlocalhost\n192.0.2.31\txn--bcher-kva.example.test\n';
  const resolvConf = 'nameserver 127.0.0.1\noptions attempts:0\n';
  let files: Record<string, string>;
  beforeAll(() => {
    writeFileSync(join(dir, 'idn-hosts'), hosts);
    files = { RESOLV_CONF: join(dir, 'resolv.conf'), RESOLV_HOSTS: join(dir, 'idn-hosts') };
  });

  it('finds bücher.example.test only with AI_IDN: showip --idn as glibc with AI_IDN, showip as glibc without', async () => {
    const [plain, idn] = await glibcGetaddrinfoBatch(
      [
        { node: 'bücher.example.test', service: null, hints: { family: 2, socktype: 1, flags: 0 } },
        { node: 'bücher.example.test', service: null, hints: { family: 2, socktype: 1, flags: AI_IDN } },
      ],
      { resolvConf, hosts },
    );
    expect(plain).toEqual({ ok: false, error: 'EAI_NONAME' });
    expect(idn).toMatchObject({ ok: true, results: [{ address: '192.0.2.31' }] });
    expect(await showip(files, '-4', 'bücher.example.test')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: bücher.example.test: Name or service not known (EAI_NONAME)\n',
    });
    expect(await showip(files, '-4', '--idn', 'bücher.example.test')).toEqual({
      code: 0,
      stdout: 'IP addresses for bücher.example.test:\n\n  IPv4: 192.0.2.31\n',
      stderr: '',
    });
  });

  it('fails -r of text that is no address with the EAI code glibc gives it under AI_NUMERICHOST', async () => {
    const [outcome] = await glibcGetaddrinfoBatch([{ node: 'notanaddress', service: null, hints: { flags: AI_NUMERICHOST } }], { resolvConf, hosts });
    expect(outcome).toEqual({ ok: false, error: 'EAI_NONAME' });
    expect(await showip(files, '-r', 'notanaddress')).toEqual({ code: 2, stdout: '', stderr: 'showip: notanaddress: Name or service not known (EAI_NONAME)\n' });
  });
});
