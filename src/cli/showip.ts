#!/usr/bin/env node
/**
 * showip: the classic showip.c (print the addresses getaddrinfo gives for a host), done over
 * this package's getaddrinfo and getnameinfo. Everything about names and addresses happens in
 * src/addrinfo; this file reads the command line (showip-args.ts) and writes text.
 *
 * The text output is showip.c's, line for line: `IP addresses for HOST:`, a blank line, then
 * `  IPv4: a.b.c.d` / `  IPv6: x::y` per address. showip.c asked for SOCK_STREAM and so got
 * one result per address; with --socktype any (or a service known for several protocols)
 * getaddrinfo gives one result per address and socket type, and the text still shows each
 * address once. --json shows every result as it is.
 *
 * Each DNS try that times out or is refused is reported on stderr as it ends (glibc says
 * nothing, but a terminal user waiting out two 5-second timeouts deserves a word), and a
 * missing resolv.conf is reported once, when the first query goes to the default server.
 *
 * Exit status: 0 when every operand was found, 2 when any failed (the others are still
 * printed), 1 for a usage error.
 */
import { digServer, missingResolvConfWarning, runIfMain, versionText, WatchedTransport, type CliIo, type TryEvent } from './run.js';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_ADDRCONFIG, AI_ALL, AI_CANONNAME, AI_IDN, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE, AI_V4MAPPED, getaddrinfo, getnameinfo, NI_DGRAM, NI_IDN, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, type AddrInfo, type NameInfo } from '../addrinfo/index.js';
import { loadConfig, type Environment } from '../env/index.js';
import { AddrInfoError, gaiStrerror } from '../errors.js';
import { Resolver } from '../node/index.js';
import { parseShowipArgs, SHOWIP_HELP, SHOWIP_USAGE, type ShowipOptions, type SocktypeName } from './showip-args.js';

/** Where showip writes: stdout for results, stderr for failures and usage. Tests pass collectors. */
export type ShowipIo = CliIo;

const SOCKTYPES: Record<SocktypeName, number> = { stream: SOCK_STREAM, dgram: SOCK_DGRAM, raw: SOCK_RAW, any: 0 };

function hintsFor(o: ShowipOptions): { family: number; socktype: number; protocol: number; flags: number } {
  let flags = 0;
  if (o.v4mapped) flags |= AI_V4MAPPED;
  if (o.all) flags |= AI_ALL;
  if (o.addrconfig) flags |= AI_ADDRCONFIG;
  if (o.numericHost) flags |= AI_NUMERICHOST;
  if (o.canonName) flags |= AI_CANONNAME;
  if (o.passive) flags |= AI_PASSIVE;
  if (o.numericServ) flags |= AI_NUMERICSERV;
  if (o.idn) flags |= AI_IDN;
  const family = o.family === 'inet' ? AF_INET : o.family === 'inet6' ? AF_INET6 : AF_UNSPEC;
  return { family, socktype: SOCKTYPES[o.socktype], protocol: 0, flags };
}

function niFlagsFor(o: ShowipOptions): number {
  let flags = 0;
  if (o.numericHost) flags |= NI_NUMERICHOST;
  if (o.numericServ) flags |= NI_NUMERICSERV;
  if (o.nameRequired) flags |= NI_NAMEREQD;
  if (o.noFqdn) flags |= NI_NOFQDN;
  if (o.socktype === 'dgram') flags |= NI_DGRAM;
  if (o.idn) flags |= NI_IDN;
  return flags;
}

/** showip.c's block for one host; an address shows once however many socket types it has. */
function forwardText(host: string, results: readonly AddrInfo[]): string {
  const lines = [`IP addresses for ${host}:`, ''];
  const canonname = results.find((r) => r.canonname !== undefined)?.canonname;
  if (canonname !== undefined) lines.push(`  canonical name: ${canonname}`);
  const seen = new Set<string>();
  for (const r of results) {
    const key = `${r.family} ${r.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  IPv${r.family}: ${r.address}`);
  }
  return `${lines.join('\n')}\n`;
}

function reverseText(address: string, info: NameInfo, withService: boolean): string {
  const lines = [`Name for ${address}:`, '', `  host: ${info.host}`];
  if (withService) lines.push(`  service: ${info.service}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON shape the help text promises: every field present, null for no canonical name. */
function forwardJson(results: readonly AddrInfo[]): string {
  return JSON.stringify(
    results.map((r) => ({
      family: r.family,
      address: r.address,
      port: r.port,
      socktype: r.socktype,
      protocol: r.protocol,
      canonname: r.canonname ?? null,
    })),
  );
}

/** A try's progress on stderr: which server, what happened, and for which question. */
function progressLine(event: TryEvent): string | undefined {
  // A truncated reply asked again over TCP is routine; glibc does it without a word too.
  if (event.kind === 'truncated') return undefined;
  const what = event.name === undefined ? '' : ` (${event.name} ${event.type ?? ''})`.replace(' )', ')');
  const why = event.kind === 'timeout' ? `no reply within ${event.timeoutMs / 1000} s` : 'connection refused';
  return `showip: ${digServer(event.server)}${event.transport === 'tcp' ? ' (TCP)' : ''}: ${why}${what}\n`;
}

/**
 * The operand of -r as an address, the way a C program builds its sockaddr: getaddrinfo with
 * AI_NUMERICHOST, so that text that is no address fails as glibc fails it (EAI_NONAME).
 */
async function reverseAddress(host: string): Promise<string> {
  const [numeric] = await getaddrinfo(host, null, { family: AF_UNSPEC, socktype: 0, protocol: 0, flags: AI_NUMERICHOST });
  return numeric!.address;
}

function failureLine(host: string, error: unknown): string {
  if (error instanceof AddrInfoError) return `showip: ${host}: ${gaiStrerror(error.code)} (${error.code})\n`;
  // Not a lookup outcome (an argument the library refused, say): still one line, still exit 2.
  return `showip: ${host}: ${error instanceof Error ? error.message : String(error)}\n`;
}

/**
 * Runs showip with `argv` (the arguments after the script), reading the configuration from
 * `env` (RESOLV_CONF, RESOLV_HOSTS, LOCALDOMAIN, RES_OPTIONS), and resolves with the exit
 * status. Never calls process.exit, so tests can run it in-process.
 */
export async function showipMain(argv: readonly string[], env: Environment, io: ShowipIo): Promise<number> {
  const command = parseShowipArgs(argv);
  if (command.kind === 'help') {
    io.stdout(SHOWIP_HELP);
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout(versionText('showip'));
    return 0;
  }
  if (command.kind === 'usage-error') {
    io.stderr(`showip: ${command.message}\n${SHOWIP_USAGE}\nTry 'showip --help' for more information.\n`);
    return 1;
  }
  const o = command.options;
  const config = loadConfig({ env });
  let warned = o.servers.length > 0;
  const transport = new WatchedTransport(
    (event) => {
      const line = progressLine(event);
      if (line !== undefined) io.stderr(line);
    },
    {
      onSend: () => {
        if (warned) return;
        warned = true;
        const warning = missingResolvConfWarning('showip', config);
        if (warning !== undefined) io.stderr(warning);
      },
    },
  );
  // One resolver for every operand, so answers (and the search list's negative ones) are
  // shared; --server only swaps the servers, keeping resolv.conf's search list and options.
  const resolver = new Resolver(o.servers.length > 0 ? { config, transport, nameservers: o.servers } : { config, transport });
  let failed = false;
  let printed = 0;
  // Each operand is printed as soon as it is done, so a slow name does not hold back the ones
  // before it; in text mode a blank line separates the hosts' blocks.
  const print = (block: string): void => {
    io.stdout(o.json ? `${block}\n` : `${printed > 0 ? '\n' : ''}${block}`);
    printed++;
  };
  try {
    for (const host of o.hosts) {
      try {
        if (o.reverse) {
          const address = await reverseAddress(host);
          const info = await getnameinfo(address, o.service === undefined ? 0 : Number(o.service), niFlagsFor(o), { resolver });
          print(o.json ? JSON.stringify({ host: info.host, service: info.service }) : reverseText(host, info, o.service !== undefined));
        } else {
          // getaddrinfo reads `*` as a NULL node, as glibc does: that is how --passive is used.
          const results = await getaddrinfo(host, o.service ?? null, hintsFor(o), { resolver });
          print(o.json ? forwardJson(results) : forwardText(host, results));
        }
      } catch (error) {
        failed = true;
        io.stderr(failureLine(host, error));
        // JSON keeps one line per operand, so a script can pair lines with its arguments.
        if (o.json) print('null');
      }
    }
  } finally {
    resolver.close();
    // Given to the Resolver rather than made by it, so closed here.
    transport.close();
  }
  return failed ? 2 : 0;
}

runIfMain(import.meta.url, showipMain);
