/**
 * glibc's own getaddrinfo and getnameinfo, for cross-checking src/addrinfo.
 *
 * Debian's /usr/bin/python3 calls glibc directly from its socket module, so a small script
 * (glibc-addrinfo.py, next to this file) is the cheapest way to drive glibc with arbitrary
 * hints. It runs in `unshare -m -u`: a private mount namespace in which resolv.conf, hosts,
 * nsswitch.conf, host.conf, gai.conf (and services when given) are bind-mounted from a temp
 * dir, and a private UTS namespace with a fixed host name (glibc derives the default domain
 * and NI_NOFQDN's local domain from it). The machine's own files are never changed, and
 * nothing outside the namespace sees the mounts.
 *
 * The network rule: glibc sends queries only to resolv.conf's servers, on port 53. So
 * runGlibc refuses any resolv.conf naming a server that is not loopback, and the python side
 * checks the mounted files again before it makes a single call. A test that wants glibc to
 * reach a name server starts its own named on a loopback address, port 53 (see
 * startGlibcNamed).
 *
 * Calls are batched: one python process answers a whole list of calls (JSON in, JSON out),
 * since each unshare + python start costs tens of milliseconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces, tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNamed, type NamedInstance } from './named.js';

/** Debian's python, not whatever `python3` PATH finds first: it must be linked to the system glibc. */
export const GLIBC_PYTHON = '/usr/bin/python3';

const SCRIPT = fileURLToPath(new URL('./glibc-addrinfo.py', import.meta.url));

/** What a fresh Debian machine needs for these checks; quoted in every failure message. */
export const GLIBC_INSTALL_HINT = 'apt-get install python3-minimal util-linux mount iproute2 (and run the tests as root: unshare, mount namespaces and port 53 need it)';

/** Numeric hints as struct addrinfo carries them; absent fields are 0, as after memset. */
export interface GlibcHints {
  family?: number;
  socktype?: number;
  protocol?: number;
  flags?: number;
}

/** The files glibc is shown. Texts, not paths: they are written to a private temp dir. */
export interface GlibcFiles {
  /** /etc/resolv.conf. Every `nameserver` must be a loopback address. */
  resolvConf: string;
  /** /etc/hosts. */
  hosts: string;
  /** /etc/services; the machine's own file when absent. */
  services?: string;
  /** The host name glibc sees (gethostname); default `glibc-check.invalid`. */
  hostname?: string;
  /**
   * /etc/gai.conf; default empty, which gives glibc's built-in tables. Note that glibc 2.36's
   * built-in label and precedence tables are RFC 3484's, not RFC 6724's: see RFC6724_GAI_CONF.
   */
  gaiConf?: string;
  /** Environment for glibc (LOCALDOMAIN, RES_OPTIONS, ...); nothing of the test runner's leaks in. */
  env?: Record<string, string>;
  /**
   * Run in a network namespace of its own whose only interfaces are `lo` and one veth with
   * these addresses, instead of the machine's network: how AI_ADDRCONFIG and RFC 6724 ordering
   * are checked on machines this one is not. No name server is reachable from there.
   */
  network?: GlibcNetwork;
}

/** The interfaces of a private network namespace; see GlibcFiles.network. */
export interface GlibcNetwork {
  /**
   * Addresses with prefix lengths (`198.51.100.7/24`, `2001:db8:1::7/64`) for the veth
   * interface `gx0`. Each family present also gets a default route through it, so that every
   * destination of that family is reachable, as on a machine with a default gateway.
   */
  addresses: string[];
}

/** One getaddrinfo result, reduced to what both implementations can be compared on. */
export interface GlibcAddrInfo {
  family: 4 | 6;
  /** Text form; an IPv6 address with a scope carries it as `%index`. */
  address: string;
  socktype: number;
  protocol: number;
  port: number;
  /** Set on the first result only, and only with AI_CANONNAME, as glibc does. */
  canonname: string | undefined;
}

/** A getaddrinfo outcome: the results in glibc's order, or the EAI_* name of its error. */
export type GlibcGaiOutcome = { ok: true; results: GlibcAddrInfo[] } | { ok: false; error: string };

/** A getnameinfo outcome: host and service, or the EAI_* name of its error. */
export type GlibcGniOutcome = { ok: true; host: string; service: string } | { ok: false; error: string };

/** One getaddrinfo call in a batch. `null` node or service is a NULL pointer. */
export interface GlibcGaiCall {
  node: string | null;
  service: string | null;
  hints?: GlibcHints;
}

/** One getnameinfo call in a batch: a numeric address (`fe80::1%2` for a scope), a port, NI_* flags. */
export interface GlibcGniCall {
  address: string;
  port: number;
  flags: number;
}

/** What os.networkInterfaces() returns. */
export type NetworkInterfaceMap = NodeJS.Dict<NetworkInterfaceInfo[]>;

const AF_INET = 2;
const AF_INET6 = 10;

function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Why glibc cannot be run here, or undefined when it can. Callers turn a reason into a
 * failing test (never a skip): a cross-check that quietly does not run looks like one that
 * passed. Under CI the message says the CI image is broken; elsewhere, what to install.
 */
export function glibcUnavailable(): string | undefined {
  const problem = probe();
  if (problem === undefined) return undefined;
  return isCi()
    ? `the glibc cross-check cannot run on this CI machine: ${problem}. The CI script must provide it: ${GLIBC_INSTALL_HINT}.`
    : `the glibc cross-check cannot run here: ${problem}. Install what it needs: ${GLIBC_INSTALL_HINT}.`;
}

let probed: { problem: string | undefined } | undefined;

function probe(): string | undefined {
  if (probed !== undefined) return probed.problem;
  const problem = ((): string | undefined => {
    if (process.platform !== 'linux') return `it needs Linux and glibc (this is ${process.platform})`;
    if (!existsSync(GLIBC_PYTHON)) return `${GLIBC_PYTHON} is missing`;
    const py = spawnSync(GLIBC_PYTHON, ['-I', '-c', 'import socket, json, ipaddress'], { encoding: 'utf8' });
    if (py.error !== undefined || py.status !== 0) return `${GLIBC_PYTHON} does not run: ${py.error?.message ?? py.stderr.trim()}`;
    const un = spawnSync('unshare', ['-m', '-u', 'true'], { encoding: 'utf8' });
    if (un.error !== undefined) return 'unshare is missing';
    if (un.status !== 0) return `unshare -m -u failed (it needs root or CAP_SYS_ADMIN): ${un.stderr.trim()}`;
    const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
    if (ip.error !== undefined) return 'ip (iproute2) is missing';
    return undefined;
  })();
  probed = { problem };
  return problem;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Refuses a resolv.conf that could send glibc's queries anywhere but this machine. Strict on
 * purpose: glibc reads `nameserver` words loosely (inet_aton takes `0x7f.1`), so anything that
 * is not plainly a loopback address is refused rather than second-guessed.
 */
function assertLoopbackOnly(resolvConf: string): void {
  for (const line of resolvConf.split(/[\r\n]/)) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'nameserver') continue;
    const address = words[1] ?? '';
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (family === undefined || !LOOPBACK.check(address, family)) {
      throw new Error(`glibc may only be pointed at loopback name servers, not ${JSON.stringify(line)}`);
    }
  }
}

/** The `ip` commands that give a fresh network namespace `lo` and one veth with `addresses`. */
function networkSetup(network: GlibcNetwork): string[][] {
  const commands = [
    ['ip', 'link', 'set', 'lo', 'up'],
    ['ip', 'link', 'add', 'gx0', 'type', 'veth', 'peer', 'name', 'gx1'],
    // No automatic link-local addresses: they would appear only after duplicate address
    // detection, at a moment glibc and os.networkInterfaces might see differently.
    ['ip', 'link', 'set', 'gx0', 'addrgenmode', 'none'],
    ['ip', 'link', 'set', 'gx1', 'addrgenmode', 'none'],
    ['ip', 'link', 'set', 'gx1', 'up'],
    ['ip', 'link', 'set', 'gx0', 'up'],
  ];
  for (const cidr of network.addresses) {
    commands.push(cidr.includes(':') ? ['ip', '-6', 'addr', 'add', cidr, 'dev', 'gx0', 'nodad'] : ['ip', 'addr', 'add', cidr, 'dev', 'gx0']);
  }
  if (network.addresses.some((a) => !a.includes(':'))) commands.push(['ip', 'route', 'add', 'default', 'dev', 'gx0']);
  if (network.addresses.some((a) => a.includes(':'))) commands.push(['ip', '-6', 'route', 'add', 'default', 'dev', 'gx0']);
  return commands;
}

/**
 * The unshare command line that sets up the sandbox (files bind-mounted from `dir`, host name,
 * optionally a private network) and then execs `program`. Values travel as positional
 * parameters of `sh -c`, never spliced into the script text.
 */
function namespaceCommand(files: GlibcFiles, dir: string, program: string[]): { args: string[]; params: string[] } {
  const params: string[] = [];
  const param = (value: string): string => {
    params.push(value);
    return `"\${${params.length}}"`;
  };
  const script = ['set -e'];
  const bind = (text: string, target: string): void => {
    const path = join(dir, target.replaceAll('/', '_'));
    writeFileSync(path, text);
    script.push(`mount --bind ${param(path)} ${target}`);
  };
  bind(files.resolvConf, '/etc/resolv.conf');
  bind(files.hosts, '/etc/hosts');
  // No nss modules beyond files and dns: the machine's nsswitch.conf could name
  // systemd-resolved, mdns or myhostname, which answer from elsewhere.
  bind('hosts: files dns\nservices: files\n', '/etc/nsswitch.conf');
  // `multi on` (Debian's default) is what glibc does anyway since 2.26; pinned so that a
  // different host.conf on the machine cannot change the answers.
  if (existsSync('/etc/host.conf')) bind('multi on\n', '/etc/host.conf');
  // Pinned so that whatever the machine has set cannot change the order. glibc reads a
  // missing file as an empty one, so only an existing file needs covering.
  if (existsSync('/etc/gai.conf')) bind(files.gaiConf ?? '', '/etc/gai.conf');
  else if (files.gaiConf !== undefined && files.gaiConf !== '') throw new Error('there is no /etc/gai.conf to bind a gai.conf over');
  if (files.services !== undefined) bind(files.services, '/etc/services');
  // nscd would answer from its own cache, bypassing every file above.
  for (const nscd of ['/run/nscd', '/var/run/nscd']) if (existsSync(nscd)) script.push(`mount -t tmpfs tmpfs ${nscd}`);
  script.push(`printf %s ${param(files.hostname ?? 'glibc-check.invalid')} > /proc/sys/kernel/hostname`);
  if (files.network !== undefined) for (const command of networkSetup(files.network)) script.push(command.map(param).join(' '));
  script.push(`exec ${program.map(param).join(' ')}`);
  const flags = files.network === undefined ? ['-m', '-u'] : ['-m', '-u', '-n'];
  return { args: [...flags, 'sh', '-c', script.join('\n'), 'sh'], params };
}

type RawGai = { error: string } | { results: { family: number; address: string; socktype: number; protocol: number; port: number; canonname: string }[] };
type RawGni = { error: string } | { host: string; service: string };

/** How long one batch may take; generous, since a timeout case waits for resolv.conf's timeout. */
const BATCH_TIMEOUT_MS = 60_000;

/**
 * Runs `program` in the sandbox `files` describes, feeding it `input`, and resolves with its
 * stdout. Asynchronous on purpose: a test may serve glibc from a socket in its own process (a
 * server that never answers, say), which a blocking spawnSync would starve.
 */
async function runInSandbox(files: GlibcFiles, program: string[], input: string): Promise<string> {
  const unavailable = glibcUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  assertLoopbackOnly(files.resolvConf);
  const dir = mkdtempSync(join(tmpdir(), 'resolvkit-glibc-gai-'));
  try {
    const { args, params } = namespaceCommand(files, dir, program);
    const child = spawn('unshare', [...args, ...params], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...files.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    child.stdin.end(input);
    // unshare execs sh, which execs the program: one process to kill.
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_TIMEOUT_MS);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    }).finally(() => clearTimeout(timer));
    if (code !== 0) throw new Error(`${program[0]} in the glibc sandbox failed (${signal ?? `exit ${code}`}): ${Buffer.concat(stderr).toString('utf8')}`);
    return Buffer.concat(stdout).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a batch of raw calls in one sandboxed python process (glibc-addrinfo.py). */
async function runGlibc(files: GlibcFiles, calls: readonly Record<string, unknown>[]): Promise<unknown[]> {
  const out = JSON.parse(await runInSandbox(files, [GLIBC_PYTHON, '-I', SCRIPT], JSON.stringify(calls))) as unknown;
  if (!Array.isArray(out) || out.length !== calls.length) throw new Error(`the glibc runner answered ${JSON.stringify(out)} to ${calls.length} calls`);
  return out;
}

/**
 * What os.networkInterfaces() says inside the private network `network` describes, for
 * passing to this package's getaddrinfo (its `networkInterfaces` option) so that both sides
 * see the same interfaces. Each namespace is made the same way, so interface indexes match.
 */
export async function glibcNetworkInterfaces(network: GlibcNetwork): Promise<NetworkInterfaceMap> {
  const print = 'process.stdout.write(JSON.stringify(require("node:os").networkInterfaces()))';
  const text = await runInSandbox({ resolvConf: '', hosts: '', network }, [process.execPath, '-e', print], '');
  return JSON.parse(text) as NetworkInterfaceMap;
}

function toGai(raw: RawGai): GlibcGaiOutcome {
  if ('error' in raw) return { ok: false, error: raw.error };
  return {
    ok: true,
    results: raw.results.map((r) => ({
      family: r.family === AF_INET6 ? 6 : r.family === AF_INET ? 4 : (r.family as 4 | 6),
      address: r.address,
      socktype: r.socktype,
      protocol: r.protocol,
      port: r.port,
      canonname: r.canonname === '' ? undefined : r.canonname,
    })),
  };
}

function toGni(raw: RawGni): GlibcGniOutcome {
  return 'error' in raw ? { ok: false, error: raw.error } : { ok: true, host: raw.host, service: raw.service };
}

/** glibc's getaddrinfo for every call, in one sandboxed process; results in glibc's own order. */
export async function glibcGetaddrinfoBatch(calls: readonly GlibcGaiCall[], files: GlibcFiles): Promise<GlibcGaiOutcome[]> {
  const raw = await runGlibc(
    files,
    calls.map((c) => ({ op: 'getaddrinfo', node: c.node, service: c.service, ...c.hints })),
  );
  return (raw as RawGai[]).map(toGai);
}

/** glibc's getaddrinfo for one call; see glibcGetaddrinfoBatch, which is much faster for many. */
export async function glibcGetaddrinfo(
  node: string | null,
  service: string | null,
  hints: GlibcHints,
  files: GlibcFiles,
): Promise<GlibcGaiOutcome> {
  const [outcome] = await glibcGetaddrinfoBatch([{ node, service, hints }], files);
  return outcome as GlibcGaiOutcome;
}

/** glibc's getnameinfo for every call, in one sandboxed process. */
export async function glibcGetnameinfoBatch(calls: readonly GlibcGniCall[], files: GlibcFiles): Promise<GlibcGniOutcome[]> {
  const raw = await runGlibc(
    files,
    calls.map((c) => ({ op: 'getnameinfo', address: c.address, port: c.port, flags: c.flags })),
  );
  return (raw as RawGni[]).map(toGni);
}

/** glibc's getnameinfo for one call. */
export async function glibcGetnameinfo(address: string, port: number, flags: number, files: GlibcFiles): Promise<GlibcGniOutcome> {
  const [outcome] = await glibcGetnameinfoBatch([{ address, port, flags }], files);
  return outcome as GlibcGniOutcome;
}

/**
 * glibc's values for the AI_*, NI_*, EAI_*, AF_INET*, SOCK_* and IPPROTO_* constants, as
 * python exports them (EAI_* as negative numbers, as glibc returns them).
 */
export async function glibcConstants(): Promise<Record<string, number>> {
  const [raw] = await runGlibc({ resolvConf: '', hosts: '' }, [{ op: 'constants' }]);
  return raw as Record<string, number>;
}

/**
 * RFC 6724 section 2.1's default policy table in gai.conf form. glibc 2.36's built-in tables
 * (sysdeps/posix/getaddrinfo.c, default_labels / default_precedence) are RFC 3484's: IPv4
 * (::ffff:0:0/96) has precedence 10 rather than 35, and ULA (fc00::/7), Teredo (2001::/32)
 * and 6bone (3ffe::/16) fall under ::/0 with precedence 40. With this file glibc sorts by the
 * table this package uses, so the rest of its RFC 6724 sorting can be compared exactly. glibc
 * replaces a built-in table only when the file gives at least one line for it.
 */
export const RFC6724_GAI_CONF = `label ::1/128 0
label ::/0 1
label ::ffff:0:0/96 4
label 2002::/16 2
label 2001::/32 5
label fc00::/7 13
label ::/96 3
label fec0::/10 11
label 3ffe::/16 12
precedence ::1/128 50
precedence ::/0 40
precedence ::ffff:0:0/96 35
precedence 2002::/16 30
precedence 2001::/32 5
precedence fc00::/7 3
precedence ::/96 1
precedence fec0::/10 1
precedence 3ffe::/16 1
`;

/** A named that glibc can reach, and the resolv.conf line that points at it. */
export interface GlibcNamed {
  named: NamedInstance;
  /** The loopback address it listens on, port 53. */
  address: string;
  /** `nameserver ADDRESS`: for glibc and for this package alike. */
  nameserverLine: string;
}

/**
 * Starts the fixture named on port 53 of a loopback address of its own, since glibc cannot be
 * told another port. The address is picked at random in 127.53.0.0/16 (and added to `lo` for
 * the run), so that concurrent runs, and other named instances on this machine, never clash.
 */
export async function startGlibcNamed(): Promise<GlibcNamed> {
  const taken = new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)));
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const address = `127.53.${randomInt(0, 256)}.${randomInt(2, 255)}`;
    if (taken.has(address)) continue;
    try {
      const named = await startNamed({ listen: [{ address, port: 53 }], assignLoopback: true });
      return { named, address, nameserverLine: `nameserver ${address}` };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`could not start named on a loopback address, port 53 (needs root): ${String(lastError)}`);
}
