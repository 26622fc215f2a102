/**
 * What every command-line tool shares: where it writes, running its main function when the
 * module is the program itself (started through npm's bin symlink, or as `node dist/cli/X.js`)
 * rather than imported by a test, the `--version` line, the warning for a missing resolv.conf,
 * and a Transport that tells the tool about each try as it fails, so that a tool waiting on a
 * silent server can say so instead of saying nothing for the whole timeout.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolverConfig } from '../env/index.js';
import { DnsError } from '../errors.js';
import { NodeTransport, serverLabel, type ExchangeRequest, type Reply, type Server, type Transport } from '../resolver/index.js';

/** Where a tool writes; tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A tool's main function: arguments, environment and writers in, exit status out. */
export type CliMain = (argv: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>;

function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * The exit status when the reader of the output has gone (`dnsq ... | head`): 128 + SIGPIPE,
 * what the shell reports for dig or nsupdate, which SIGPIPE ends in silence.
 */
export const BROKEN_PIPE_STATUS = 141;

/**
 * Node ignores SIGPIPE, so a write to a pipe nobody reads any more is an 'error' event on the
 * stream, which without a listener ends the program with a stack trace: end it as SIGPIPE
 * would, at once and without a word. Any other write error is thrown, as before.
 */
function onWriteError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(BROKEN_PIPE_STATUS);
  throw err;
}

/** Runs `main` with the process's arguments, environment and streams if `moduleUrl` is the program. */
export function runIfMain(moduleUrl: string, main: CliMain): void {
  if (!isMain(moduleUrl)) return;
  process.stdout.on('error', onWriteError);
  process.stderr.on('error', onWriteError);
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  void main(process.argv.slice(2), process.env, io).then((code) => {
    process.exitCode = code;
  });
}

let version: string | undefined;

/**
 * The package's version, from its package.json: two levels above this file both in src/cli
 * (tests) and in dist/cli (the installed bin), so one path serves both.
 */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      const text = readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8');
      const parsed = JSON.parse(text) as { version?: unknown };
      version = typeof parsed.version === 'string' ? parsed.version : 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** What `TOOL --version` prints on stdout (then exit 0): `showip (resolvkit) 0.1.0`, GNU style. */
export function versionText(tool: string): string {
  return `${tool} (resolvkit) ${packageVersion()}\n`;
}

/**
 * The warning a tool prints, once, when no resolv.conf could be read and it is about to use
 * the default server (127.0.0.1:53, as glibc does): on Windows and macOS, and in containers,
 * the file is often missing, and without a word the tool would just time out against a
 * loopback port nothing listens on. `using` is the servers the tool will ask (the default ones,
 * perhaps with another port). Undefined when the file was read.
 */
export function missingResolvConfWarning(tool: string, config: ResolverConfig, using: readonly Server[] = config.nameservers): string | undefined {
  const { resolvConf } = config.source;
  if (resolvConf.loaded) return undefined;
  const servers = using.map(serverLabel).join(', ');
  const path = resolvConf.path ?? 'resolv.conf';
  return `${tool}: warning: ${path} could not be read; asking the default name server ${servers} (set RESOLV_CONF or give a server)\n`;
}

/** One thing that happened to one try, as {@link WatchedTransport} reports it. */
export interface TryEvent {
  /** What happened: no reply in time, the server refused (ICMP unreachable, TCP reset), or a TC reply that will be asked again over TCP. */
  readonly kind: 'timeout' | 'refused' | 'truncated';
  readonly server: Server;
  readonly transport: 'udp' | 'tcp';
  /** The name asked, as the query carries it (undefined for a message without one question). */
  readonly name: string | undefined;
  readonly type: string | undefined;
  /** How long the try waited, in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * A Transport around another one (by default real sockets) that reports each try that times
 * out, is refused or comes back truncated, and passes everything else through unchanged; the
 * resolver's own retry and fail-over rules decide what happens next. `rewrite`, when given,
 * may change each query as it goes out (dnsq's +aaonly sets the AA bit this way, since no
 * resolver flag does: glibc's RES_AAONLY is unimplemented). `onSend`, when given, hears of each
 * try before it goes (showip prints its missing-resolv.conf warning only once a query is sent).
 */
export class WatchedTransport implements Transport {
  private readonly inner: Transport;
  private readonly rewrite: ((query: Buffer) => Buffer) | undefined;
  private readonly onSend: ((request: ExchangeRequest) => void) | undefined;

  constructor(
    private readonly onEvent: (event: TryEvent) => void,
    options: { inner?: Transport; rewrite?: (query: Buffer) => Buffer; onSend?: (request: ExchangeRequest) => void } = {},
  ) {
    this.inner = options.inner ?? new NodeTransport();
    this.rewrite = options.rewrite;
    this.onSend = options.onSend;
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.watch(request, 'udp');
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    return this.watch(request, 'tcp');
  }

  close(): void {
    this.inner.close();
  }

  private async watch(request: ExchangeRequest, transport: 'udp' | 'tcp'): Promise<Reply> {
    const rewrite = this.rewrite;
    const sent: ExchangeRequest = rewrite === undefined ? request : { ...request, build: (id) => rewrite(request.build(id)) };
    const event = (kind: TryEvent['kind']): TryEvent => ({
      kind,
      server: request.server,
      transport,
      name: request.expected?.name,
      type: request.expected?.type,
      timeoutMs: request.timeoutMs,
    });
    this.onSend?.(request);
    try {
      const reply = transport === 'udp' ? await this.inner.udp(sent) : await this.inner.tcp(sent);
      if (transport === 'udp' && reply.message.flags.tc) this.onEvent(event('truncated'));
      return reply;
    } catch (err) {
      if (err instanceof DnsError && err.code === 'ETIMEOUT') this.onEvent(event('timeout'));
      else if (err instanceof DnsError && err.code === 'ECONNREFUSED') this.onEvent(event('refused'));
      throw err;
    }
  }
}

/** `127.0.0.1#53`, `::1#53`: how dig names a server in its messages. */
export function digServer(server: Server): string {
  return `${server.address}#${server.port}`;
}
