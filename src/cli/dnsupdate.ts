#!/usr/bin/env node
/**
 * dnsupdate: nsupdate's command language, unchanged. A script written for BIND 9.18's nsupdate
 * runs here with the same outcome: the same updates sent to the same servers, the same `show`
 * and `answer` text, the same messages and exit status (0 all went through, 2 an error was
 * seen, 1 a usage or fatal error). Where nsupdate is unsafe this is not, and
 * docs/nsupdate-differences.md says where and how.
 *
 * This file is the shell: the command line (nsupdate-args.ts), the configuration and key files,
 * the input (a file, a pipe, or a terminal with a `> ` prompt), and the exit status. What a
 * line does is nsupdate-session.ts's.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NetworkInterfacesFn } from '../addrinfo/index.js';
import { loadConfig, type Environment, type ResolverConfig } from '../env/index.js';
import type { Transport } from '../resolver/index.js';
import type { TsigKey } from '../update/index.js';
import { parseNsupdateArgs } from './nsupdate-args.js';
import { WatchedResolver } from './nsupdate-exchange.js';
import { keyFromFile, keyFromOption, keyWarnings, SESSION_KEY_FILE, sessionKey, type KeyOutcome } from './nsupdate-keys.js';
import { irsNameservers } from './nsupdate-resolvconf.js';
import { NsupdateFatal, NsupdateSession } from './nsupdate-session.js';
import { packageVersion, runIfMain, type CliIo } from './run.js';

/** The program's name, where nsupdate prints its own. */
const PROGRAM = 'dnsupdate';
/** nsupdate's MAXCMD: fgets reads lines of at most this many octets less one; a longer one is several commands. */
const MAXCMD = 128 * 1024;

/** What tests replace; every field defaults to the real thing. */
export interface DnsupdateDeps {
  /** The script instead of standard input: text, or chunks as a stream gives them. */
  stdin?: string | AsyncIterable<Buffer | string>;
  /** Whether standard input is a terminal (interactive, with a `> ` prompt). Default: process.stdin.isTTY. */
  isTTY?: boolean;
  /** The configuration instead of loading resolv.conf (-C) and the hosts file. */
  config?: ResolverConfig;
  /** resolv.conf's name server addresses, with `config`. */
  resolvConfServers?: readonly string[];
  /** The transport every exchange goes through (a ScriptedTransport in unit tests). */
  transport?: Transport;
  /** Wall-clock seconds for TSIG. */
  now?: () => number;
  /** Wall-clock milliseconds for log timestamps. */
  clockMs?: () => number;
  /** Interface addresses for getaddrinfo's AI_ADDRCONFIG. */
  networkInterfaces?: NetworkInterfacesFn;
  /** The session key file of -l (default /run/named/session.key). */
  sessionKeyFile?: string;
}

/** fgets over chunks: each line with its newline, a longer one in pieces of MAXCMD - 1 octets. */
async function* fgetsLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pending = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = Buffer.concat([pending, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk]);
    for (;;) {
      const nl = pending.indexOf(0x0a);
      const end = nl >= 0 && nl < MAXCMD - 1 ? nl + 1 : pending.length >= MAXCMD - 1 ? MAXCMD - 1 : -1;
      if (end < 0) break;
      yield pending.subarray(0, end).toString('utf8');
      pending = pending.subarray(end);
    }
  }
  if (pending.length > 0) yield pending.toString('utf8');
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** A terminal's lines, each after nsupdate's readline prompt. */
async function* terminalLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (;;) {
      rl.setPrompt('> ');
      rl.prompt();
      const next = await lines.next();
      if (next.done === true) return;
      yield next.value as string;
    }
  } finally {
    rl.close();
  }
}

/** Lines with a `> ` written before each (an interactive run whose input is not a real terminal: tests). */
async function* prompted(lines: AsyncIterable<string>, io: CliIo): AsyncGenerator<string> {
  io.stdout('> ');
  for await (const line of lines) {
    yield line;
    io.stdout('> ');
  }
}

/** isc_result_totext for a failed fopen. */
function openFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: 'file not found', EACCES: 'permission denied', EISDIR: 'is a directory' };
  return (code !== undefined && words[code]) || code || String(err);
}

/**
 * The addresses of resolv.conf's `nameserver` lines as nsupdate reads them (none when the file
 * names none or does not exist), or undefined when nsupdate could not parse the file.
 */
function resolvConfServers(config: ResolverConfig, path: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    // irs_resconf_load: a missing file is no servers; one that cannot be read fails.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
  return config.source.resolvConf.loaded ? irsNameservers(text) : [];
}

/**
 * Runs dnsupdate with `argv` (the arguments after the script) and resolves with the exit
 * status. Never calls process.exit, so tests run it in-process.
 */
export async function dnsupdateMain(argv: readonly string[], env: Environment, io: CliIo, deps: DnsupdateDeps = {}): Promise<number> {
  const version = packageVersion();
  const parsed = parseNsupdateArgs(argv, { program: PROGRAM, version });
  if (parsed.kind === 'exit') {
    io.stdout(parsed.stdout);
    io.stderr(parsed.stderr);
    return parsed.status;
  }
  const args = parsed.args;

  // parse_args opens the script before anything else is set up.
  let file: FileHandle | undefined;
  if (args.file !== undefined && args.file !== '-') {
    try {
      file = await open(args.file, 'r');
    } catch (err) {
      io.stderr(`could not open '${args.file}': ${openFailure(err)}\n`);
      return 1;
    }
  }

  let resolver: WatchedResolver | undefined;
  try {
    const config = deps.config ?? loadConfig({ env, ...(args.resolvConf === undefined ? {} : { resolvConfPath: args.resolvConf }) });
    const resolvPath = config.source.resolvConf.path ?? args.resolvConf ?? '/etc/resolv.conf';
    const servers = deps.config !== undefined ? (deps.resolvConfServers ?? []) : resolvConfServers(config, resolvPath);
    if (servers === undefined) {
      io.stderr(`parse of ${resolvPath} failed\n`);
      return 1;
    }

    // setup_system's key: -y, else -l's session key, else -k. One that does not load stops here.
    let outcome: KeyOutcome | undefined;
    if (args.keyString !== undefined) outcome = keyFromOption(args.keyString);
    else if (args.localOnly) outcome = await sessionKey(args.keyFile ?? deps.sessionKeyFile ?? SESSION_KEY_FILE);
    else if (args.keyFile !== undefined) outcome = await keyFromFile(args.keyFile);
    let key: TsigKey | undefined;
    if (outcome !== undefined) {
      if (args.debug > 0) io.stderr(outcome.debug.map((l) => `${l}\n`).join(''));
      if (!outcome.ok) {
        io.stderr(`${outcome.message}\n`);
        return 1;
      }
      key = outcome.key;
      io.stderr(keyWarnings(key, PROGRAM, (deps.clockMs ?? Date.now)(), outcome.pairFile));
    }

    // isatty(0) decides, unless a file is named; -i makes any input interactive.
    const isTTY = deps.isTTY ?? (deps.stdin === undefined && process.stdin.isTTY === true);
    const interactive = args.forceInteractive || (args.file === undefined && isTTY);
    resolver = new WatchedResolver({ config, cache: 'off', ...(deps.transport === undefined ? {} : { transport: deps.transport }) });
    const session = new NsupdateSession({
      args,
      program: PROGRAM,
      version,
      io,
      resolver,
      resolvConfServers: servers,
      key,
      interactive,
      now: deps.now,
      clockMs: deps.clockMs,
      networkInterfaces: deps.networkInterfaces,
    });

    let lines: AsyncIterable<string>;
    const fromStdin = file === undefined;
    if (file !== undefined) lines = fgetsLines(file.createReadStream({ autoClose: false }));
    else if (deps.stdin !== undefined) lines = fgetsLines(typeof deps.stdin === 'string' ? once(deps.stdin) : deps.stdin);
    else if (interactive && isTTY) lines = terminalLines();
    else lines = fgetsLines(process.stdin);
    // At a real terminal readline writes the prompt; a test that says stdin is a terminal gets it written here.
    if (interactive && isTTY && fromStdin && deps.stdin !== undefined) lines = prompted(lines, io);

    let quit = false;
    try {
      for await (const line of lines) {
        if ((await session.line(line)) === 'quit') {
          quit = true;
          break;
        }
      }
    } catch (err) {
      if (err instanceof NsupdateFatal) {
        io.stderr(err.stderr);
        return 1;
      }
      throw err;
    }
    if (!quit && session.pending) {
      io.stderr(`${PROGRAM}: warning: the update pending at the end of input was not sent (as in nsupdate): end it with "send" or a blank line\n`);
    }
    return session.exitStatus;
  } finally {
    resolver?.close();
    await file?.close();
  }
}

runIfMain(import.meta.url, dnsupdateMain);
