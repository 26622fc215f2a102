/**
 * Starts and stops a real BIND `named` on loopback for integration tests.
 *
 * Each instance gets its own copy of fixtures/named in a temp dir, because
 * named writes journals (dyn.resolvkit.test takes dynamic updates) and a test
 * must never see another run's changes. Everything listens on loopback only
 * and sends only to loopback: see the comments in fixtures/named/*.conf.in.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type SocketType } from 'node:dgram';
import { accessSync, closeSync, constants, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList, createServer, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask } from './probe.js';

/** The fixture directory every instance is copied from. */
export const NAMED_FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/named');

/** The TSIG algorithms the fixture has a key for, each allowed to update dyn.resolvkit.test. */
export const FIXTURE_TSIG_ALGORITHMS = [
  'hmac-md5',
  'hmac-sha1',
  'hmac-sha224',
  'hmac-sha256',
  'hmac-sha384',
  'hmac-sha512',
] as const;

/** One of {@link FIXTURE_TSIG_ALGORITHMS}. */
export type TsigAlgorithm = (typeof FIXTURE_TSIG_ALGORITHMS)[number];

/** A TSIG key as the fixture's BIND key file defines it. */
export interface TsigKeyInfo {
  /** Key name, without the trailing dot, e.g. `hmac-sha256.keys.resolvkit.test`. */
  name: string;
  /** BIND's algorithm name, e.g. `hmac-sha256`. */
  algorithm: TsigAlgorithm;
  /** The shared secret, base64 as in the key file. */
  secret: string;
  /** Absolute path of the key file in fixtures/ (for `nsupdate -k` / `dnsupdate -k`); never modified. */
  file: string;
}

/** Keys named knows that are deliberately not (fully) allowed to update. */
export interface RestrictedKeys {
  /** Known to named, granted nothing: an update signed with it is REFUSED. */
  denied: TsigKeyInfo;
  /** May change only A, AAAA and TXT at or below limited.dyn.resolvkit.test. */
  limited: TsigKeyInfo;
}

/** An address and port a server listens on. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Where to listen; without a port, the instance's automatically chosen free port. */
export interface ListenSpec {
  address: string;
  port?: number;
}

/** Options for {@link startNamed}. */
export interface StartNamedOptions {
  /**
   * Endpoints to listen on, replacing the default (127.0.0.1, and ::1 when the
   * host has IPv6, on one free port). Loopback only. A fixed port such as 53
   * is allowed (it needs root); e.g.
   * `[{ address: '127.0.0.1' }, { address: '127.0.0.53', port: 53 }]`.
   */
  listen?: ListenSpec[];
  /**
   * Start a caching forwarder (recursion yes, forward only) that forwards every
   * query to this loopback endpoint, instead of the authoritative server.
   */
  forwarder?: Endpoint;
  /**
   * named listens only on addresses configured on an interface, and Linux
   * configures only 127.0.0.1 of 127/8. With this set, a missing 127.x.y.z
   * listen address is added to `lo` (needs root and iproute2) and removed
   * again by stop(); without it, such an address is an error.
   */
  assignLoopback?: boolean;
  /** How long to wait for the first answer; default 20 s. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 5 s. */
  stopTimeoutMs?: number;
}

/** A running named; see {@link startNamed}. */
export interface NamedInstance {
  /** Which configuration runs: the authoritative fixture server or the forwarder in front of one. */
  readonly kind: 'authoritative' | 'forwarder';
  /** The first listen address (127.0.0.1 by default). */
  readonly address: string;
  /** The first listen port. */
  readonly port: number;
  /** Every address and port listened on, UDP and TCP alike. */
  readonly endpoints: readonly Endpoint[];
  /** Whether the instance listens on ::1 too. */
  readonly ipv6: boolean;
  /** The temp dir holding this instance's config, zones, journals and log; removed by stop(). */
  readonly dir: string;
  /** named's own log (its stderr), for debugging a failed test. */
  readonly logFile: string;
  /** One key per algorithm, each allowed to update dyn.resolvkit.test (the fixture's keys, also for a forwarder). */
  readonly keys: Readonly<Record<TsigAlgorithm, TsigKeyInfo>>;
  /** Keys for REFUSED / partial-permission update tests. */
  readonly restrictedKeys: RestrictedKeys;
  /** named's process id while it runs. */
  readonly pid: number | undefined;
  /** The last `lines` lines of named's log. */
  logTail(lines?: number): string;
  /** Freezes named (SIGSTOP): the port stays bound but nothing answers, like a stalled server. */
  pause(): void;
  /** Undoes pause(). */
  resume(): void;
  /** Stops named and starts it again on the same endpoints with the same data (journals kept). */
  restart(): Promise<void>;
  /** Stops named (SIGTERM, then SIGKILL after the deadline), waits for it to exit, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** The state letter of each of a process's threads (/proc/PID/task/TID/stat), empty if it is gone. */
function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The state follows the command name, which is in parentheses and may hold spaces.
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    });
  } catch {
    return [];
  }
}

/** Waits (synchronously, at most 2 s) until every thread of `pid` is in a state `ok` accepts. */
function waitForThreadState(pid: number, ok: (state: string) => boolean): void {
  const deadline = Date.now() + 2000;
  const tick = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const states = threadStates(pid);
    if (states.length === 0 || states.every(ok)) return;
    if (Date.now() > deadline) throw new Error(`named ${pid}: threads did not reach the expected state (${states.join('')})`);
    Atomics.wait(tick, 0, 0, 1);
  }
}

/** Thrown when BIND's named is not installed; the message says how to install it. */
export class NamedNotInstalledError extends Error {
  override name = 'NamedNotInstalledError';
}

const INSTALL_HINT = 'apt-get install bind9 bind9-dnsutils';

/**
 * Finds the named binary: $RESOLVKIT_NAMED, then the usual sbin paths, then
 * PATH (sbin is often not on a non-root PATH, hence the fixed paths first).
 * Never returns quietly without one: integration tests that silently skip
 * would hide a broken CI image.
 */
export function findNamed(): string {
  const candidates = [
    process.env['RESOLVKIT_NAMED'],
    '/usr/sbin/named',
    '/usr/local/sbin/named',
    ...(process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, 'named')),
  ].filter((c): c is string => c !== undefined && c !== '');
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  const looked = [...new Set(candidates)].join(', ');
  if (isCi()) {
    throw new NamedNotInstalledError(
      `BIND named is required by the integration tests but is not installed on this CI machine (looked in ${looked}). ` +
        `The CI script must install it: ${INSTALL_HINT} (see .ci/run).`,
    );
  }
  throw new NamedNotInstalledError(
    `The integration tests need BIND 9's named, which was not found (looked in ${looked}). ` +
      `Install it with: sudo ${INSTALL_HINT} (Debian/Ubuntu), or point RESOLVKIT_NAMED at the binary. ` +
      `The packages' own named service is not needed; the tests start their own on loopback.`,
  );
}

function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function assertLoopback(address: string, what: string): void {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined || !loopback.check(address, family)) {
    // The network rule: test servers must never be reachable from, or talk to, another machine.
    throw new Error(`${what} ${address} is not a loopback address; the test named only ever uses 127.0.0.0/8 and ::1`);
  }
}

/** Parses the fixture key files (BIND `key "name" { algorithm ...; secret "..."; };`). */
function readKey(file: string): TsigKeyInfo {
  const text = readFileSync(file, 'utf8');
  const match = /key\s+"([^"]+)"\s*\{\s*algorithm\s+([\w-]+)\s*;\s*secret\s+"([^"]+)"\s*;/.exec(text);
  if (match === null) throw new Error(`cannot parse TSIG key file ${file}`);
  const [, name, algorithm, secret] = match as unknown as [string, string, string, string];
  if (!(FIXTURE_TSIG_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new Error(`unexpected algorithm ${algorithm} in ${file}`);
  }
  return { name: name.replace(/\.$/, ''), algorithm: algorithm as TsigAlgorithm, secret, file };
}

function readFixtureKeys(): { keys: Record<TsigAlgorithm, TsigKeyInfo>; restrictedKeys: RestrictedKeys } {
  const keyDir = join(NAMED_FIXTURES_DIR, 'keys');
  const keys = Object.fromEntries(
    FIXTURE_TSIG_ALGORITHMS.map((algorithm) => [algorithm, readKey(join(keyDir, `${algorithm}.key`))]),
  ) as Record<TsigAlgorithm, TsigKeyInfo>;
  return {
    keys,
    restrictedKeys: { denied: readKey(join(keyDir, 'denied.key')), limited: readKey(join(keyDir, 'limited.key')) },
  };
}

async function canBind(type: SocketType, address: string, port: number): Promise<number | undefined> {
  return new Promise((resolvePort) => {
    const socket = createSocket({ type });
    socket.once('error', () => {
      socket.close();
      resolvePort(undefined);
    });
    socket.bind({ address, port, exclusive: true }, () => {
      const bound = socket.address().port;
      socket.close(() => resolvePort(bound));
    });
  });
}

async function canListen(address: string, port: number): Promise<number | undefined> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen({ host: address, port, exclusive: true }, () => {
      const info = server.address();
      const bound = typeof info === 'object' && info !== null ? info.port : undefined;
      server.close(() => resolvePort(bound));
    });
  });
}

async function hostHasIpv6Loopback(): Promise<boolean> {
  return (await canBind('udp6', '::1', 0)) !== undefined;
}

/**
 * A port free for both UDP and TCP on every address. The kernel picks one for
 * TCP; it is kept only if UDP (and the other addresses) agree. Another process
 * can still take it before named binds: startNamed detects that from named's
 * log and tries again with a new port.
 */
async function findFreePort(addresses: readonly string[]): Promise<number> {
  const first = addresses[0];
  if (first === undefined) throw new Error('findFreePort: no addresses');
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await canListen(first, 0);
    if (port === undefined) continue;
    let free = true;
    for (const address of addresses) {
      const type: SocketType = isIPv6(address) ? 'udp6' : 'udp4';
      if ((await canBind(type, address, port)) === undefined || (address !== first && (await canListen(address, port)) === undefined)) {
        free = false;
        break;
      }
    }
    if (free) return port;
  }
  throw new Error(`no port free for UDP and TCP on ${addresses.join(', ')}`);
}

function assignedAddresses(): Set<string> {
  const result = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) result.add(info.address);
  }
  return result;
}

function listenStatements(endpoints: readonly Endpoint[]): string {
  // One listen-on statement per port: named allows several, and its port clause
  // applies to the whole address list.
  const lines: string[] = [];
  for (const [family, keyword] of [
    ['4', 'listen-on'],
    ['6', 'listen-on-v6'],
  ] as const) {
    const byPort = new Map<number, string[]>();
    for (const e of endpoints) {
      if ((family === '6') !== isIPv6(e.address)) continue;
      byPort.set(e.port, [...(byPort.get(e.port) ?? []), e.address]);
    }
    if (byPort.size === 0) lines.push(`\t${keyword} { none; };`);
    for (const [port, addresses] of byPort) lines.push(`\t${keyword} port ${port} { ${addresses.map((a) => `${a};`).join(' ')} };`);
  }
  return lines.join('\n');
}

function renderConfig(template: string, vars: Record<string, string>): string {
  return template.replace(/@([A-Z_]+)@/g, (whole, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`named.conf template: no value for ${whole}`);
    return value;
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Processes and temp dirs still alive, so that an aborted run does not leave named behind. */
const live = new Set<{ child: ChildProcess | undefined; dir: string; aliases: string[] }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: kill hard and clean up what we can.
  process.once('exit', () => {
    for (const entry of live) {
      try {
        entry.child?.kill('SIGKILL');
      } catch {
        // already gone
      }
      for (const alias of entry.aliases) removeLoopbackAlias(alias);
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });
}

function addLoopbackAlias(address: string): void {
  try {
    execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`could not add ${address} to lo (needs root and iproute2): ${String(error)}`);
  }
}

function removeLoopbackAlias(address: string): void {
  try {
    execFileSync('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo'], { stdio: 'pipe' });
  } catch {
    // best effort: it may be gone already
  }
}

/** Why one attempt to start named failed, and whether a new port could help. */
class StartFailure extends Error {
  constructor(
    message: string,
    readonly portClash: boolean,
  ) {
    super(message);
  }
}

/**
 * Starts a named for tests and resolves once it answers on every endpoint.
 *
 * By default this is the authoritative server for the fixture zones
 * (fixtures/named/README.md); with `forwarder` it is a caching forwarder in
 * front of one. Fails (never skips) when named is missing, with the reason and
 * the tail of named's log when it does not come up in time.
 */
export async function startNamed(options: StartNamedOptions = {}): Promise<NamedInstance> {
  const named = findNamed();
  // Read before anything is started, so a bad key file cannot strand a running named.
  const { keys, restrictedKeys } = readFixtureKeys();
  const kind = options.forwarder === undefined ? 'authoritative' : 'forwarder';
  if (options.forwarder !== undefined) assertLoopback(options.forwarder.address, 'forwarder');
  const ipv6 = await hostHasIpv6Loopback();
  const specs: ListenSpec[] = options.listen ?? [{ address: '127.0.0.1' }, ...(ipv6 ? [{ address: '::1' }] : [])];
  if (specs.length === 0) throw new Error('startNamed: listen must name at least one address');
  for (const spec of specs) {
    assertLoopback(spec.address, 'listen address');
    if (isIPv6(spec.address) && !ipv6) throw new Error('startNamed: this host has no IPv6 loopback (::1)');
  }

  const aliases: string[] = [];
  const present = assignedAddresses();
  for (const address of new Set(specs.map((s) => s.address))) {
    if (present.has(address)) continue;
    if (options.assignLoopback !== true) {
      throw new Error(
        `startNamed: ${address} is not configured on any interface, so named would not listen on it; ` +
          `pass assignLoopback: true (root) or run: ip addr add ${address}/32 dev lo`,
      );
    }
    addLoopbackAlias(address);
    aliases.push(address);
  }

  const dir = mkdtempSync(join(tmpdir(), `resolvkit-named-${kind}-`));
  const entry: { child: ChildProcess | undefined; dir: string; aliases: string[] } = { child: undefined, dir, aliases };
  installExitHook();
  live.add(entry);
  const cleanup = (): void => {
    for (const alias of aliases) removeLoopbackAlias(alias);
    rmSync(dir, { recursive: true, force: true });
    live.delete(entry);
  };

  try {
    cpSync(NAMED_FIXTURES_DIR, dir, { recursive: true });
    const logFile = join(dir, 'named.log');
    const confFile = join(dir, 'named.conf');
    const template = readFileSync(join(dir, kind === 'forwarder' ? 'forwarder.conf.in' : 'named.conf.in'), 'utf8');
    const autoAddresses = [...new Set(specs.filter((s) => s.port === undefined).map((s) => s.address))];
    const startTimeoutMs = options.startTimeoutMs ?? 20_000;
    const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    const args = ['-g', '-c', confFile, ...(ipv6 ? [] : ['-4'])];

    let endpoints: Endpoint[] = [];
    let child: ChildProcess | undefined;
    let exited: Promise<void> = Promise.resolve();

    const launch = async (): Promise<void> => {
      const logFd = openSync(logFile, 'a');
      let spawned: ChildProcess;
      try {
        // Foreground (-g) so that the child is named itself and its log is
        // its stderr; no -u: it has nothing to drop to when not root, and as
        // root it must bind port 53 when asked.
        spawned = spawn(named, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
      } finally {
        closeSync(logFd);
      }
      child = spawned;
      entry.child = spawned;
      let spawnError: Error | undefined;
      exited = new Promise((resolveExit) => {
        spawned.once('exit', () => resolveExit());
        spawned.once('error', (error) => {
          spawnError = error;
          resolveExit();
        });
      });
      const deadline = Date.now() + startTimeoutMs;
      const probe = (e: Endpoint): Promise<boolean> =>
        ask(e.address, e.port, 'resolvkit.test', 'SOA', { recursionDesired: kind === 'forwarder' }, 500).then(
          (reply) =>
            // NOERROR with an answer means the zones are loaded (authoritative:
            // with AA) or the forwarder reaches its upstream.
            reply.rcode === 'NOERROR' && reply.answers.length > 0 && (kind === 'forwarder' || reply.flags.aa),
          () => false,
        );
      for (;;) {
        if (spawned.exitCode !== null || spawned.signalCode !== null || spawnError !== undefined) {
          const why = spawnError !== undefined ? String(spawnError) : `exit code ${spawned.exitCode ?? spawned.signalCode}`;
          const log = tail(logFile, 30);
          throw new StartFailure(`named exited during startup (${why}). Last lines of ${logFile}:\n${log}`, /address in use/i.test(log));
        }
        // named logs a clash and carries on without that socket; a probe could
        // then reach whoever owns the port, so the log is checked first.
        const log = tail(logFile, 400);
        if (/failed; interface ignored|address in use/i.test(log)) {
          throw new StartFailure(`named could not bind ${endpoints.map((e) => `${e.address}#${e.port}`).join(', ')}:\n${tail(logFile, 30)}`, true);
        }
        const ready = await Promise.all(endpoints.map(probe));
        if (ready.every(Boolean)) return;
        if (Date.now() > deadline) {
          throw new StartFailure(
            `named (${kind}) did not answer on ${endpoints.map((e) => `${e.address}#${e.port}`).join(', ')} within ${startTimeoutMs} ms. ` +
              `Last lines of ${logFile}:\n${tail(logFile, 30)}`,
            false,
          );
        }
        await sleep(100);
      }
    };

    const stopProcess = async (): Promise<void> => {
      const running = child;
      if (running === undefined) return;
      if (running.exitCode === null && running.signalCode === null) {
        // A paused named cannot act on SIGTERM until it is continued.
        running.kill('SIGCONT');
        running.kill('SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), sleep(stopTimeoutMs).then(() => true)]);
        if (timedOut) {
          running.kill('SIGKILL');
          await exited;
        }
      }
      child = undefined;
      entry.child = undefined;
    };

    const maxAttempts = autoAddresses.length > 0 ? 4 : 1;
    for (let attempt = 1; ; attempt++) {
      const autoPort = autoAddresses.length > 0 ? await findFreePort(autoAddresses) : undefined;
      endpoints = specs.map((s) => ({ address: s.address, port: s.port ?? (autoPort as number) }));
      const vars: Record<string, string> = {
        DIR: dir,
        LISTEN: listenStatements(endpoints),
        // Pinning the source to loopback means even a misconfiguration cannot
        // put a packet on a real network: the kernel will not route it.
        QUERY_SOURCE: ['\tquery-source address 127.0.0.1;', ...(ipv6 ? ['\tquery-source-v6 address ::1;'] : [])].join('\n'),
      };
      if (options.forwarder !== undefined) vars['FORWARDERS'] = `${options.forwarder.address} port ${options.forwarder.port};`;
      writeFileSync(confFile, renderConfig(template, vars));
      try {
        await launch();
        break;
      } catch (error) {
        await stopProcess();
        if (!(error instanceof StartFailure && error.portClash && attempt < maxAttempts)) throw error;
        writeFileSync(logFile, '');
      }
    }

    const first = endpoints[0] as Endpoint;
    let stopped = false;
    return {
      kind,
      address: first.address,
      port: first.port,
      endpoints,
      ipv6: endpoints.some((e) => isIPv6(e.address)),
      dir,
      logFile,
      keys,
      restrictedKeys,
      get pid() {
        return child?.pid;
      },
      logTail: (lines = 30) => tail(logFile, lines),
      pause: () => {
        if (child?.pid === undefined) return;
        child.kill('SIGSTOP');
        // A signal is delivered when the kernel gets round to it: until every thread is seen
        // stopped, named could still answer a query sent right after pause().
        waitForThreadState(child.pid, (state) => state === 'T' || state === 't');
      },
      resume: () => {
        if (child?.pid === undefined) return;
        child.kill('SIGCONT');
        waitForThreadState(child.pid, (state) => state !== 'T' && state !== 't');
      },
      restart: async () => {
        if (stopped) throw new Error('restart() after stop()');
        await stopProcess();
        await launch();
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopProcess();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}
