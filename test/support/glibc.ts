/**
 * glibc's own getaddrinfo and getnameinfo, for cross-checking src/addrinfo.
 *
 * Debian's /usr/bin/python3 calls glibc directly from its socket module, so a small script
 * (glibc-addrinfo.py, next to this file) is the cheapest way to drive glibc with arbitrary
 * hints. It runs in a sandbox of namespaces (see sandboxCommand): a private mount namespace in
 * which resolv.conf, hosts, nsswitch.conf, host.conf, gai.conf (and services when given) are
 * bind-mounted from a temp dir; a private UTS namespace with a fixed host name (glibc derives
 * the default domain and NI_NOFQDN's local domain from it); and a private network namespace
 * whose interfaces the test chooses (GlibcFiles.network), so that what glibc sees never
 * depends on this machine's interfaces. The machine's own files are never changed, and
 * nothing outside the namespaces sees the mounts.
 *
 * Root is not needed: run by an ordinary user, the sandbox starts with a user namespace
 * (`unshare --user --map-root-user`), in which that user may mount, set the host name, make
 * interfaces and bind port 53. Where the kernel forbids that, glibcUnavailable says exactly
 * which setting does.
 *
 * The network rule: glibc sends queries only to resolv.conf's servers, on port 53. So
 * runGlibc refuses any resolv.conf naming a server that is not loopback, and the python side
 * checks the mounted files again before it makes a single call. In its own network namespace
 * glibc reaches nothing at all, unless the test relays an address to its own server
 * (GlibcFiles.relay, glibc-relay.py; startGlibcNamed does it for a named).
 *
 * Calls are batched: one python process answers a whole list of calls (JSON in, JSON out),
 * since each unshare + python start costs tens of milliseconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList, connect, createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNamed, type Endpoint, type NamedInstance } from './named.js';

/** Debian's python, not whatever `python3` PATH finds first: it must be linked to the system glibc. */
export const GLIBC_PYTHON = '/usr/bin/python3';

const SCRIPT = fileURLToPath(new URL('./glibc-addrinfo.py', import.meta.url));
const RELAY = fileURLToPath(new URL('./glibc-relay.py', import.meta.url));

/** What a fresh Debian machine needs for these checks; quoted in every failure message. */
export const GLIBC_INSTALL_HINT = 'apt-get install python3-minimal util-linux mount iproute2 (bash scripts/test-deps.sh says what is missing)';

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
   * The interfaces of glibc's network namespace: `lo` and one veth with these addresses. glibc
   * always runs in a network namespace of its own; without this, one with `lo` alone. How
   * AI_ADDRCONFIG and RFC 6724 ordering are checked on any machine, and the same on every one.
   */
  network?: GlibcNetwork;
  /**
   * The name servers glibc can reach from its namespace: glibc asks each key (a loopback
   * address in resolv.conf) on port 53, and UDP and TCP are relayed to the loopback endpoint
   * it maps to, where the test's own server listens on this machine. Nothing else is
   * reachable. ourResolvConf gives the resolv.conf that names the same servers for this
   * package.
   */
  relay?: Record<string, Endpoint>;
}

/** The interfaces of a private network namespace; see GlibcFiles.network. */
export interface GlibcNetwork {
  /**
   * Addresses with prefix lengths (`198.51.100.7/24`, `2001:db8:1::7/64`) for the veth
   * interface `gx0` (SANDBOX_INTERFACE); none for a machine with `lo` alone. Each family
   * present also gets a default route through it, so that every destination of that family is
   * reachable, as on a machine with a default gateway.
   */
  addresses: string[];
  /** false: IPv6 switched off in the namespace (disable_ipv6), so that not even `lo` has ::1. */
  ipv6?: false;
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
  const found = probe();
  if (found === undefined) return undefined;
  // A missing program is installed; a kernel that refuses namespaces is configured instead.
  const remedy = found.missing ? ` Install what it needs: ${GLIBC_INSTALL_HINT}.` : '';
  return isCi()
    ? `the glibc cross-check cannot run on this CI machine: ${found.problem}. The CI machine must provide it.${remedy}`
    : `the glibc cross-check cannot run here: ${found.problem}.${remedy}`;
}

/** What stops the sandbox here, and whether installing something would help. */
interface Problem {
  problem: string;
  missing: boolean;
}

let probed: { found: Problem | undefined } | undefined;

function probe(): Problem | undefined {
  if (probed !== undefined) return probed.found;
  const found = ((): Problem | undefined => {
    const missing = (problem: string): Problem => ({ problem, missing: true });
    if (process.platform !== 'linux') return { problem: `it needs Linux and glibc (this is ${process.platform})`, missing: false };
    if (!existsSync(GLIBC_PYTHON)) return missing(`${GLIBC_PYTHON} is missing`);
    const py = spawnSync(GLIBC_PYTHON, ['-I', '-c', 'import socket, json, ipaddress'], { encoding: 'utf8' });
    if (py.error !== undefined || py.status !== 0) return missing(`${GLIBC_PYTHON} does not run: ${py.error?.message ?? py.stderr.trim()}`);
    const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
    if (ip.error !== undefined) return missing('ip (iproute2) is missing');
    const un = spawnSync('unshare', ['--version'], { encoding: 'utf8' });
    if (un.error !== undefined) return missing('unshare (util-linux) is missing');
    // The whole sandbox, as runInSandbox makes it: namespaces, a veth pair, a host name, port 53.
    const refused = namespacesUnavailable(SANDBOX_FLAGS, [
      'ip link set lo up && ip link add gx0 type veth peer name gx1 && ' +
        `exec ${GLIBC_PYTHON} -I -c 'import socket; socket.sethostname("probe"); socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind(("127.53.0.1", 53))'`,
    ]);
    return refused === undefined ? undefined : { problem: refused, missing: false };
  })();
  probed = { found };
  return found;
}

/** A kernel setting, or undefined where this kernel has no such file. */
function sysctl(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The unshare flags that give an ordinary user the rights of root in the namespaces made
 * with them (and nowhere else): a user namespace of their own, mapped to root there. None for
 * root, who has those rights already.
 */
export const USERNS_FLAGS: readonly string[] = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];

/**
 * The namespaces every sandbox here is made of, as unshare flags. An ordinary user gets them
 * inside a user namespace of their own, mapped to root there (which is what lets them mount,
 * set a host name, make interfaces and bind port 53 in those namespaces, and nowhere else);
 * root needs none. The pid namespace ends the relays with the program (see glibc-relay.py),
 * and --kill-child ends it all when unshare is killed.
 */
export const SANDBOX_FLAGS: readonly string[] = [
  ...USERNS_FLAGS,
  '--mount',
  '--uts',
  '--net',
  '--pid',
  '--fork',
  '--kill-child',
];

/**
 * Why `unshare FLAGS sh -c SCRIPT` cannot run here, or undefined when it can; for a user
 * namespace the kernel refuses, which setting refuses it and what changes it. Shared with
 * test/env/glibc.test.ts, whose sandbox is a smaller one.
 */
export function namespacesUnavailable(flags: readonly string[], script: string[] = ['true']): string | undefined {
  const run = spawnSync('unshare', [...flags, 'sh', '-c', ...script], { encoding: 'utf8', timeout: 20_000 });
  if (run.error !== undefined) return (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'unshare (util-linux) is missing' : `unshare did not run: ${run.error.message}`;
  if (run.status === 0) return undefined;
  const said = `\`unshare ${flags.join(' ')}\` failed: ${run.stderr.trim() || `exit ${run.status ?? run.signal}`}`;
  if (!flags.includes('--user')) return `${said} (as root, that needs CAP_SYS_ADMIN: a container may have dropped it)`;
  const asRoot = 'or run the tests as root';
  const clone = sysctl('kernel.unprivileged_userns_clone');
  if (clone === '0') return `${said}: this kernel forbids user namespaces to ordinary users (kernel.unprivileged_userns_clone = 0); allow them with \`sysctl -w kernel.unprivileged_userns_clone=1\` as root, ${asRoot}`;
  const max = sysctl('user.max_user_namespaces');
  if (max === '0') return `${said}: user namespaces are switched off (user.max_user_namespaces = 0); allow them with \`sysctl -w user.max_user_namespaces=10000\` as root, ${asRoot}`;
  const apparmor = sysctl('kernel.apparmor_restrict_unprivileged_userns');
  if (apparmor === '1') return `${said}: AppArmor keeps ordinary users' user namespaces from having capabilities (kernel.apparmor_restrict_unprivileged_userns = 1, as on Ubuntu 23.10 and later); allow them with \`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\` as root, ${asRoot}`;
  return `${said}. The sandbox needs user namespaces for an ordinary user (kernel.unprivileged_userns_clone = ${clone ?? 'not in this kernel'}, user.max_user_namespaces = ${max ?? '?'}, kernel.apparmor_restrict_unprivileged_userns = ${apparmor ?? 'not in this kernel'}); in a container, its seccomp profile may forbid them: allow them there, ${asRoot}`;
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

/** The name of the interface that carries GlibcNetwork.addresses in the sandbox. */
export const SANDBOX_INTERFACE = 'gx0';

/** The `ip` commands that give a fresh network namespace `lo` and, for addresses, one veth with them. */
function networkSetup(network: GlibcNetwork): string[][] {
  // Before lo comes up, which would give it ::1; `default` covers the veth made after.
  const off = network.ipv6 === false ? [['sh', '-c', 'for c in all default lo; do echo 1 > /proc/sys/net/ipv6/conf/$c/disable_ipv6; done']] : [];
  if (network.ipv6 === false && network.addresses.some((a) => a.includes(':'))) throw new Error('a network with IPv6 switched off can have no IPv6 address');
  const lo = ['ip', 'link', 'set', 'lo', 'up'];
  if (network.addresses.length === 0) return [...off, lo];
  const commands = [
    ...off,
    lo,
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
 * the network, relays to the bridge at `bridge`) and then execs `program`. Values travel as
 * positional parameters of `sh -c`, never spliced into the script text.
 */
function sandboxCommand(files: GlibcFiles, dir: string, bridge: string, program: string[]): { args: string[]; params: string[] } {
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
  // sethostname(2): in a user namespace /proc/sys/kernel/hostname is not writable, and
  // hostname(1) refuses names glibc must be shown (`trailing.`, `x..double`).
  script.push(`${param(GLIBC_PYTHON)} -I -c 'import socket, sys; socket.sethostname(sys.argv[1])' ${param(files.hostname ?? 'glibc-check.invalid')}`);
  for (const command of networkSetup(files.network ?? { addresses: [] })) script.push(command.map(param).join(' '));
  const relayed = Object.keys(files.relay ?? {});
  // Returns once its sockets are bound; see glibc-relay.py.
  if (relayed.length > 0) script.push([GLIBC_PYTHON, '-I', RELAY, bridge, ...relayed].map(param).join(' '));
  script.push(`exec ${program.map(param).join(' ')}`);
  return { args: [...SANDBOX_FLAGS, 'sh', '-c', script.join('\n'), 'sh'], params };
}

const frame = (message: Buffer): Buffer => Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message]);

/**
 * The outside end of glibc-relay.py: a unix socket at `path` that carries each relayed
 * exchange to the endpoint `relay` maps its address to (see glibc-relay.py for the protocol).
 * An address that is not in `relay`, or not loopback, ends the exchange unanswered.
 */
async function startBridge(path: string, relay: Record<string, Endpoint>): Promise<Server> {
  for (const endpoint of Object.values(relay)) assertLoopbackEndpoint(endpoint);
  const server = createServer({ allowHalfOpen: true }, (conn: Socket) => {
    let head = Buffer.alloc(0);
    const onHead = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf(10);
      if (newline < 0) return;
      conn.off('data', onHead);
      const [kind, address] = head.subarray(0, newline).toString('latin1').split(' ');
      const rest = head.subarray(newline + 1);
      const endpoint = address === undefined ? undefined : relay[address];
      if (endpoint === undefined) conn.destroy();
      else if (kind === 'tcp') bridgeStream(conn, endpoint, rest);
      else if (kind === 'udp') bridgeDatagrams(conn, endpoint, rest);
      else conn.destroy();
    };
    conn.on('data', onHead);
    conn.on('error', () => conn.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return server;
}

function assertLoopbackEndpoint(endpoint: Endpoint): void {
  const family = isIPv4(endpoint.address) ? 'ipv4' : isIPv6(endpoint.address) ? 'ipv6' : undefined;
  if (family === undefined || !LOOPBACK.check(endpoint.address, family)) throw new Error(`glibc may only be relayed to loopback servers, not ${endpoint.address}`);
}

function bridgeStream(conn: Socket, endpoint: Endpoint, rest: Buffer): void {
  const upstream = connect({ host: endpoint.address, port: endpoint.port, allowHalfOpen: true });
  if (rest.length > 0) upstream.write(rest);
  conn.pipe(upstream);
  upstream.pipe(conn);
  upstream.on('error', () => conn.destroy());
  conn.on('close', () => upstream.destroy());
}

/** Each framed message from `conn` goes to `endpoint` as a datagram; each reply comes back framed. */
function bridgeDatagrams(conn: Socket, endpoint: Endpoint, rest: Buffer): void {
  const socket = createSocket(isIPv6(endpoint.address) ? 'udp6' : 'udp4');
  let pending = rest;
  let connected = false;
  const queued: Buffer[] = [];
  const take = (): void => {
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      if (connected) socket.send(message);
      else queued.push(message);
    }
  };
  socket.on('message', (reply) => conn.write(frame(reply)));
  // A refused datagram is a lost one, as for glibc's own query to a server that is not there.
  socket.on('error', () => undefined);
  socket.connect(endpoint.port, endpoint.address, () => {
    connected = true;
    for (const message of queued.splice(0)) socket.send(message);
  });
  conn.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    take();
  });
  conn.on('end', () => conn.end());
  conn.on('close', () => socket.close());
  take();
}

/**
 * The resolv.conf that shows this package the servers `files` shows glibc: each `nameserver`
 * that glibc reaches through files.relay names the endpoint it is relayed to instead (with
 * its port, as this package reads `nameserver 127.0.0.1:5300`). Every other line is kept.
 */
export function ourResolvConf(files: GlibcFiles): string {
  const relay = files.relay ?? {};
  return files.resolvConf
    .split('\n')
    .map((line) => {
      const words = line.trim().split(/\s+/);
      const endpoint = words[0] === 'nameserver' && words[1] !== undefined ? relay[words[1]] : undefined;
      if (endpoint === undefined) return line;
      return `nameserver ${isIPv6(endpoint.address) ? `[${endpoint.address}]` : endpoint.address}:${endpoint.port}`;
    })
    .join('\n');
}

type RawGai = { error: string } | { results: { family: number; address: string; socktype: number; protocol: number; port: number; canonname: string }[] };
type RawGni = { error: string } | { host: string; service: string };

/** How long one batch may take; generous, since a timeout case waits for resolv.conf's timeout. */
const BATCH_TIMEOUT_MS = 60_000;

/** What a program run by runInNetwork did. */
export interface NetworkRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

let networkProbed: { problem: string | undefined } | undefined;

/**
 * Why runInNetwork cannot run here, or undefined when it can. Like glibcUnavailable, for a
 * test to fail with (never to skip).
 */
export function networkNamespaceUnavailable(): string | undefined {
  networkProbed ??= {
    problem: ((): string | undefined => {
      if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
      if (spawnSync('ip', ['-V'], { encoding: 'utf8' }).error !== undefined) return `ip (iproute2) is missing: ${GLIBC_INSTALL_HINT}`;
      return namespacesUnavailable([...USERNS_FLAGS, '--net'], ['ip link set lo up && ip link add gx0 type veth peer name gx1']);
    })(),
  };
  return networkProbed.problem;
}

/**
 * Runs `program` with `env` (and nothing else of this process's environment) in a network
 * namespace of its own whose interfaces `network` describes, as glibc's sandbox makes them,
 * and nothing else of that sandbox: no files are mounted. For a program that reads its
 * configuration from paths in its environment, as showip does, on a machine of the test's
 * making. Nothing it sends can leave the namespace.
 */
export async function runInNetwork(network: GlibcNetwork, program: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<NetworkRun> {
  const unavailable = networkNamespaceUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const params: string[] = [];
  const param = (value: string): string => {
    params.push(value);
    return `"\${${params.length}}"`;
  };
  const script = ['set -e', ...networkSetup(network).map((command) => command.map(param).join(' ')), `exec ${program.map(param).join(' ')}`];
  const child = spawn('unshare', [...USERNS_FLAGS, '--net', 'sh', '-c', script.join('\n'), 'sh', ...params], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  // unshare execs sh, which execs the program: one process to kill.
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  return { status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

/**
 * Runs `program` in the sandbox `files` describes, feeding it `input`, and resolves with its
 * stdout. Asynchronous on purpose: the relays' bridge, and a test's own server (one that never
 * answers, say), live in this process, which a blocking spawnSync would starve.
 */
export async function runInSandbox(files: GlibcFiles, program: string[], input: string): Promise<string> {
  const unavailable = glibcUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  assertLoopbackOnly(files.resolvConf);
  const dir = mkdtempSync(join(tmpdir(), 'resolvkit-glibc-gai-'));
  const bridgePath = join(dir, 'relay.sock');
  const bridge = files.relay === undefined || Object.keys(files.relay).length === 0 ? undefined : await startBridge(bridgePath, files.relay);
  try {
    const { args, params } = sandboxCommand(files, dir, bridgePath, program);
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
    if (bridge !== undefined) await new Promise<void>((resolve) => bridge.close(() => resolve()));
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
 * What os.networkInterfaces() says inside the private network `network` describes (`lo` alone
 * when undefined), for passing to this package's getaddrinfo (its `networkInterfaces` option)
 * so that both sides see the same interfaces. Each namespace is made the same way, so
 * interface indexes match.
 */
export async function glibcNetworkInterfaces(network: GlibcNetwork | undefined): Promise<NetworkInterfaceMap> {
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

/** A named that glibc can reach, and the resolv.conf line that points glibc at it. */
export interface GlibcNamed {
  named: NamedInstance;
  /** The address glibc asks it at, port 53, inside glibc's network namespace. */
  address: string;
  /** `nameserver ADDRESS`, for glibc's resolv.conf; ourResolvConf turns it into this package's. */
  nameserverLine: string;
  /** For GlibcFiles.relay: ADDRESS relayed to where named listens. */
  relay: Record<string, Endpoint>;
}

/** Where glibc finds the named of startGlibcNamed (any loopback address would do in its namespace). */
export const GLIBC_NAMED_ADDRESS = '127.53.0.1';

/**
 * Starts the fixture named where any user may (127.0.0.1, a free port), for glibc to reach at
 * GLIBC_NAMED_ADDRESS port 53 through the sandbox's relay, and for this package directly.
 */
export async function startGlibcNamed(): Promise<GlibcNamed> {
  const named = await startNamed({ listen: [{ address: '127.0.0.1' }] });
  return {
    named,
    address: GLIBC_NAMED_ADDRESS,
    nameserverLine: `nameserver ${GLIBC_NAMED_ADDRESS}`,
    relay: { [GLIBC_NAMED_ADDRESS]: { address: named.address, port: named.port } },
  };
}
