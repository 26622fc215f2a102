/**
 * showip without a name server: localhost and hosts-file names, numeric hosts, every output
 * form, failures, usage errors and exit statuses. The configured name server is a loopback
 * socket of this test's that records what it gets and never answers, so a test that expects
 * no query can prove none was sent (and one that sent a query by mistake would hang until its
 * timeout, not reach any other machine).
 *
 * Most cases call showipMain in-process with a captured stdout/stderr and an explicit
 * environment (never process.env); the last groups run the built program (dist/cli/showip.js,
 * made by `npm run build`) as a user would.
 *
 * Which family comes first depends on the machine's interfaces (RFC 6724), so no case here
 * reads this machine's. In-process, os.networkInterfaces() is replaced by a machine with
 * loopback alone (`machine`); the built program runs on machines of the test's making,
 * network namespaces with the interfaces of LAYOUTS, each with the order RFC 6724 gives there
 * (layouts like these, with the same names, are checked against glibc in
 * test/integration/glibc-addrinfo.test.ts). Neither needs root.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHOWIP_HELP } from '../../src/cli/showip-args.js';
import { showipMain } from '../../src/cli/showip.js';
import { versionText } from '../../src/cli/run.js';
import { networkNamespaceUnavailable, runInNetwork, type GlibcNetwork } from '../support/glibc.js';

/**
 * The machine the in-process cases run on: `lo` with 127.0.0.1/8 and ::1,
 * nothing else; `reads` counts how often the code under test asked for it.
 */
const machine = vi.hoisted(() => ({
  reads: 0,
  interfaces: {
    lo: [
      { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
      { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
    ],
  } as NodeJS.Dict<NetworkInterfaceInfo[]>,
}));

vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof import('node:os')>();
  return {
    ...os,
    networkInterfaces: () => {
      machine.reads++;
      return machine.interfaces;
    },
  };
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = join(ROOT, 'dist/cli/showip.js');

const HOSTS = `127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
192.0.2.201	onlyhosts.example.test onlyhosts
2001:db8::201	onlyhosts.example.test onlyhosts
192.0.2.202	v4hosts.example.test v4hosts
192.0.2.204	xn--bcher-kva.example.test
192.0.2.205	-dash.example.test
2001:db8::203	v6hosts.example.test v6hosts
`;

let dir: string;
let recorder: Socket;
let queries = 0;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'resolvkit-showip-'));
  recorder = createSocket('udp4');
  recorder.on('message', () => {
    queries++;
  });
  await new Promise<void>((resolve) => recorder.bind(0, '127.0.0.1', () => resolve()));
  writeFileSync(join(dir, 'hosts'), HOSTS);
  writeFileSync(join(dir, 'resolv.conf'), `nameserver 127.0.0.1:${recorder.address().port}\nsearch example.test\noptions timeout:1 attempts:1\n`);
  env = { RESOLV_CONF: join(dir, 'resolv.conf'), RESOLV_HOSTS: join(dir, 'hosts') };
});

afterAll(() => {
  recorder.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  queries = 0;
});

/** Runs showip in-process; every case here must send no query at all. */
async function showip(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await showipMain(argv, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  expect(queries, `showip ${argv.join(' ')} sent a query`).toBe(0);
  return { code, stdout, stderr };
}

describe('showip, offline', () => {
  it('prints localhost from the hosts file, as showip.c prints it, without a query', async () => {
    expect(await showip('localhost')).toEqual({
      code: 0,
      stdout: 'IP addresses for localhost:\n\n  IPv6: ::1\n  IPv4: 127.0.0.1\n',
      stderr: '',
    });
  });

  it('prints a name found only in the hosts file, sorted for this machine (loopback only)', async () => {
    // With loopback alone neither address has a source (rule 1 ties), and IPv6's precedence
    // (40) is above IPv4's (35): IPv6 first, though the hosts file lists IPv4 first.
    expect(await showip('onlyhosts')).toEqual({
      code: 0,
      stdout: 'IP addresses for onlyhosts:\n\n  IPv6: 2001:db8::201\n  IPv4: 192.0.2.201\n',
      stderr: '',
    });
    // The order came from `machine` (the only networkInterfaces in this file's module
    // graph), not from this machine's interfaces.
    expect(machine.reads).toBeGreaterThan(0);
  });

  it('narrows to one family with -4 and -6, and maps IPv4 with -6 --v4mapped', async () => {
    expect((await showip('-4', 'onlyhosts')).stdout).toBe('IP addresses for onlyhosts:\n\n  IPv4: 192.0.2.201\n');
    expect((await showip('-6', 'onlyhosts')).stdout).toBe('IP addresses for onlyhosts:\n\n  IPv6: 2001:db8::201\n');
    expect((await showip('-6', '--v4mapped', 'v4hosts')).stdout).toBe('IP addresses for v4hosts:\n\n  IPv6: ::ffff:192.0.2.202\n');
  });

  it('prints one line per address whatever the socket types, and all of them in --json', async () => {
    const text = await showip('--socktype', 'any', 'v4hosts');
    expect(text.stdout).toBe('IP addresses for v4hosts:\n\n  IPv4: 192.0.2.202\n');
    const json = await showip('--socktype', 'any', '--json', 'v4hosts');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { family: 4, address: '192.0.2.202', port: 0, socktype: 1, protocol: 6, canonname: null },
      { family: 4, address: '192.0.2.202', port: 0, socktype: 2, protocol: 17, canonname: null },
      { family: 4, address: '192.0.2.202', port: 0, socktype: 3, protocol: 0, canonname: null },
    ]);
  });

  it('prints the canonical name with --canonname, in text and in JSON', async () => {
    expect((await showip('--canonname', '-4', 'onlyhosts')).stdout).toBe(
      'IP addresses for onlyhosts:\n\n  canonical name: onlyhosts.example.test\n  IPv4: 192.0.2.201\n',
    );
    const json = JSON.parse((await showip('--canonname', '--json', 'onlyhosts')).stdout) as { canonname: string | null }[];
    expect(json.map((r) => r.canonname)).toEqual(['onlyhosts.example.test', null]);
  });

  it('gives ports and socket types for a service in --json', async () => {
    const json = JSON.parse((await showip('--json', '--socktype', 'dgram', '-s', '5353', '--numericserv', '127.0.0.1')).stdout) as unknown;
    expect(json).toEqual([{ family: 4, address: '127.0.0.1', port: 5353, socktype: 2, protocol: 17, canonname: null }]);
  });

  it('gives the wildcard for `*` with --passive, and loopback without', async () => {
    expect((await showip('--passive', '-s', '80', '*')).stdout).toBe('IP addresses for *:\n\n  IPv4: 0.0.0.0\n  IPv6: ::\n');
    expect((await showip('-s', '80', '*')).stdout).toBe('IP addresses for *:\n\n  IPv6: ::1\n  IPv4: 127.0.0.1\n');
  });

  it('takes numeric hosts as they are, with no query', async () => {
    expect((await showip('--numerichost', '192.0.2.7', '2001:db8::7')).stdout).toBe(
      'IP addresses for 192.0.2.7:\n\n  IPv4: 192.0.2.7\n\nIP addresses for 2001:db8::7:\n\n  IPv6: 2001:db8::7\n',
    );
  });

  it('reports a failure on stderr as `showip: HOST: MESSAGE (EAI_CODE)` and exits 2', async () => {
    expect(await showip('--numerichost', 'not-an-address')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: not-an-address: Name or service not known (EAI_NONAME)\n',
    });
    expect(await showip('-6', 'v4hosts')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: v4hosts: No address associated with hostname (EAI_NODATA)\n',
    });
    expect(await showip('-s', 'no-such-service', 'localhost')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'showip: localhost: Servname not supported for ai_socktype (EAI_SERVICE)\n',
    });
  });

  it('prints every host, a blank line between them, and exits 2 if any failed', async () => {
    const result = await showip('-4', 'localhost', 'v6hosts', 'onlyhosts');
    expect(result).toEqual({
      code: 2,
      stdout: 'IP addresses for localhost:\n\n  IPv4: 127.0.0.1\n\nIP addresses for onlyhosts:\n\n  IPv4: 192.0.2.201\n',
      stderr: 'showip: v6hosts: No address associated with hostname (EAI_NODATA)\n',
    });
  });

  it('prints one JSON line per host in --json, null for a host that failed', async () => {
    const result = await showip('--json', '-4', '--numerichost', '127.0.0.1', 'bad-name');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('showip: bad-name: Name or service not known (EAI_NONAME)\n');
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      [{ family: 4, address: '127.0.0.1', port: 0, socktype: 1, protocol: 6, canonname: null }],
      null,
    ]);
  });

  it('looks addresses up with -r, in the hosts file first', async () => {
    expect(await showip('-r', '192.0.2.201')).toEqual({ code: 0, stdout: 'Name for 192.0.2.201:\n\n  host: onlyhosts.example.test\n', stderr: '' });
    expect((await showip('-r', '--nofqdn', '192.0.2.201')).stdout).toBe('Name for 192.0.2.201:\n\n  host: onlyhosts\n');
    expect((await showip('-r', '--numerichost', '-s', '8080', '--numericserv', '::1')).stdout).toBe('Name for ::1:\n\n  host: ::1\n  service: 8080\n');
    expect(JSON.parse((await showip('-r', '--json', '127.0.0.1')).stdout)).toEqual({ host: 'localhost', service: '0' });
  });

  it('reports an -r operand that is not an address with its EAI code, as getaddrinfo(AI_NUMERICHOST) does, and goes on', async () => {
    const result = await showip('-r', 'localhost', 'notanaddress', '127.0.0.1');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('showip: localhost: Name or service not known (EAI_NONAME)\nshowip: notanaddress: Name or service not known (EAI_NONAME)\n');
    expect(result.stdout).toBe('Name for 127.0.0.1:\n\n  host: localhost\n');
  });

  it('converts a non-ASCII name to IDNA with --idn (AI_IDN), and finds it in the hosts file', async () => {
    // Without --idn the name goes to DNS as it is: see showip.integration.test.ts, which compares both with glibc.
    expect(await showip('-4', '--idn', 'bücher.example.test')).toEqual({
      code: 0,
      stdout: 'IP addresses for bücher.example.test:\n\n  IPv4: 192.0.2.204\n',
      stderr: '',
    });
    // NI_IDN: the punycode name back in Unicode.
    expect((await showip('-r', '--idn', '192.0.2.204')).stdout).toBe('Name for 192.0.2.204:\n\n  host: bücher.example.test\n');
    expect((await showip('-r', '192.0.2.204')).stdout).toBe('Name for 192.0.2.204:\n\n  host: xn--bcher-kva.example.test\n');
  });

  it('takes a HOST that starts with - after --', async () => {
    expect(await showip('--', '-dash.example.test')).toEqual({ code: 0, stdout: 'IP addresses for -dash.example.test:\n\n  IPv4: 192.0.2.205\n', stderr: '' });
    expect((await showip('-dash.example.test')).stderr).toMatch(/^showip: unknown option -d/);
  });

  it('prints its version with --version', async () => {
    expect(await showip('--version')).toEqual({ code: 0, stdout: versionText('showip'), stderr: '' });
    expect((await showip('--version')).stdout).toMatch(/^showip \(resolvkit\) \d+\.\d+\.\d+/);
  });

  it('exits 1 with the usage line for a usage error', async () => {
    expect(await showip('--bogus', 'localhost')).toEqual({
      code: 1,
      stdout: '',
      stderr: "showip: unknown option --bogus\nusage: showip [options] [--] HOST...\nTry 'showip --help' for more information.\n",
    });
    expect((await showip()).code).toBe(1);
    expect((await showip('--server', 'ns.example.test', 'localhost')).code).toBe(1);
  });

  it('prints the help text on stdout and exits 0', async () => {
    expect(await showip('--help')).toEqual({ code: 0, stdout: SHOWIP_HELP, stderr: '' });
  });
});

describe('the built program (npm run build)', () => {
  const built = existsSync(BUILT);
  // A stale build would test yesterday's code: it must be at least as new as the sources.
  const stale = built && ['src/cli/showip.ts', 'src/cli/showip-args.ts'].some((f) => statSync(join(ROOT, f)).mtimeMs > statSync(BUILT).mtimeMs);

  it('is built and up to date', () => {
    expect(built && !stale, `${BUILT} is ${built ? 'older than its sources' : 'missing'}: run npm run build first`).toBe(true);
  });

  it('every program package.json names is executable: npx runs it through a bin link, and a build writes new files', () => {
    // npm makes a bin link's target executable when it links it; a later build writes the
    // file again, and a link kept from before (npx's) then fails with "Permission denied".
    const bins = Object.values((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);
    expect(bins).toHaveLength(3);
    for (const bin of bins) expect((statSync(join(ROOT, bin)).mode & 0o111).toString(8), bin).toBe('111');
  });

  it('runs as a program (#!/usr/bin/env node, as a bin link runs it) and prints localhost offline', async () => {
    expect(built).toBe(true);
    // One family: on this machine's own interfaces the order of two is not the test's to say
    // (the next group checks it on machines of the test's making). Run asynchronously, so that
    // the listener in this process can count a query the program might send.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(BUILT, ['-4', 'localhost'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 10_000 }, (err, stdout, stderr) =>
        resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr }),
      );
    });
    expect(run).toEqual({
      status: 0,
      stdout: 'IP addresses for localhost:\n\n  IPv4: 127.0.0.1\n',
      stderr: '',
    });
    // Datagrams the program sent before it exited are read in the next turns of the event loop.
    for (let turn = 0; turn < 3; turn++) await new Promise((ok) => setImmediate(ok));
    expect(queries).toBe(0);
    expect(spawnSync('head', ['-n1', BUILT], { encoding: 'utf8' }).stdout).toBe('#!/usr/bin/env node\n');
  });

  it('ends in silence with 141 (128 + SIGPIPE, as the shell reports dig) when the reader of its output has gone', async () => {
    // Node ignores SIGPIPE: without a listener, the EPIPE of `showip ... | head` ended the
    // program with a stack trace. The read end is closed before the program can have started.
    const child = spawn(BUILT, ['-4', 'localhost'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 141, stderr: '' });
  });

  it('exits 2 with the failure line, and 1 for a usage error', () => {
    const failed = spawnSync(process.execPath, [BUILT, '--numerichost', 'nope'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 10_000 });
    expect({ status: failed.status, stdout: failed.stdout, stderr: failed.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'showip: nope: Name or service not known (EAI_NONAME)\n',
    });
    const usage = spawnSync(process.execPath, [BUILT], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 10_000 });
    expect(usage.status).toBe(1);
    expect(usage.stderr).toBe("showip: no HOST given\nusage: showip [options] [--] HOST...\nTry 'showip --help' for more information.\n");
  });
});

type Family = 'IPv4' | 'IPv6';

/** What showip prints for `onlyhosts` and `localhost` when the families come in these orders. */
function printed(onlyhosts: Family[], localhost: Family[]): string {
  const address: Record<string, Record<Family, string>> = {
    onlyhosts: { IPv4: '192.0.2.201', IPv6: '2001:db8::201' },
    localhost: { IPv4: '127.0.0.1', IPv6: '::1' },
  };
  const block = (name: string, order: Family[]): string => `IP addresses for ${name}:\n\n${order.map((f) => `  ${f}: ${address[name]?.[f]}\n`).join('')}`;
  return `${block('onlyhosts', onlyhosts)}\n${block('localhost', localhost)}`;
}

/**
 * Machines of the test's making, and the order RFC 6724 (section 6) gives there to the
 * hosts file's `onlyhosts` (192.0.2.201 listed before 2001:db8::201) and to localhost (127.0.0.1
 * before ::1), with the rule that decides.
 */
const LAYOUTS: Record<string, { network: GlibcNetwork; onlyhosts: Family[]; localhost: Family[]; why: string }> = {
  'loopback only': {
    network: { addresses: [] },
    onlyhosts: ['IPv6', 'IPv4'],
    localhost: ['IPv6', 'IPv4'],
    why: 'no source for either global address (rule 1 ties), so precedence: ::/0 40 over IPv4 35 (rule 6); ::1 (50) over 127.0.0.1 (35) likewise',
  },
  'loopback only, IPv6 switched off': {
    network: { addresses: [], ipv6: false },
    onlyhosts: ['IPv6', 'IPv4'],
    localhost: ['IPv4', 'IPv6'],
    why: 'no source for either global address, so precedence (rule 6); ::1 has no source without IPv6, 127.0.0.1 has one (rule 1)',
  },
  'IPv4 only (198.51.100.7/24, default route)': {
    network: { addresses: ['198.51.100.7/24'] },
    onlyhosts: ['IPv4', 'IPv6'],
    localhost: ['IPv6', 'IPv4'],
    why: '2001:db8::201 has no source (rule 1); both loopback addresses have one, and ::1 has the higher precedence (rule 6)',
  },
  'IPv6 only (2001:db8:1::7/64, default route)': {
    network: { addresses: ['2001:db8:1::7/64'] },
    onlyhosts: ['IPv6', 'IPv4'],
    localhost: ['IPv6', 'IPv4'],
    why: '192.0.2.201 has no source (rule 1); loopback as above',
  },
  'IPv4 and a ULA (192.0.2.2/24, fd00::2/64), as on a typical LAN': {
    network: { addresses: ['192.0.2.2/24', 'fd00::2/64'] },
    onlyhosts: ['IPv4', 'IPv6'],
    localhost: ['IPv6', 'IPv4'],
    why: "2001:db8::201's label (1) is not its ULA source's (13), while 192.0.2.201 and 192.0.2.2 share IPv4's (4): rule 5",
  },
  'IPv4 and global IPv6 (198.51.100.7/24, 2001:db8:1::7/64)': {
    network: { addresses: ['198.51.100.7/24', '2001:db8:1::7/64'] },
    onlyhosts: ['IPv6', 'IPv4'],
    localhost: ['IPv6', 'IPv4'],
    why: 'both have a source of their own label (rules 1 to 5 tie), so precedence: 40 over 35 (rule 6)',
  },
};

describe('the built program on machines of the test\'s making (network namespaces)', () => {
  const unavailable = networkNamespaceUnavailable();
  if (unavailable !== undefined) {
    // Never a skip: the order would go unchecked.
    it('network namespace prerequisites', () => {
      throw new Error(`showip's order cannot be checked here: ${unavailable}`);
    });
    return;
  }
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`${name}: ${layout.onlyhosts.join(' before ')} for onlyhosts, ${layout.localhost.join(' before ')} for localhost`, async () => {
      // Nothing can leave the namespace: the recorder's 127.0.0.1 there is not this one.
      const run = await runInNetwork(layout.network, [process.execPath, BUILT, 'onlyhosts', 'localhost'], env);
      expect(run, layout.why).toEqual({ status: 0, stdout: printed(layout.onlyhosts, layout.localhost), stderr: '' });
    });
  }
});
