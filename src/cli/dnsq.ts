#!/usr/bin/env node
/**
 * dnsq: a small dig. One question through the library's Resolver, the reply printed as dig
 * prints it (or as JSON). Everything about DNS happens in the Resolver; this file reads the
 * command line and writes text.
 *
 * Exit status, as dig's where dig has one:
 * - 0: a reply came, whatever its rcode (an NXDOMAIN reply is printed from the DnsError's
 *   `response`, as dig prints it);
 * - 1: bad usage (with the usage line on stderr);
 * - 9: no server replied (ETIMEOUT, ECONNREFUSED, or only unusable replies: dig keeps waiting
 *   past a bad packet and ends with "no servers could be reached" too);
 * - 10: any other error, with one line on stderr; dig uses 10 for its internal errors, among
 *   them a name that cannot be encoded ("is not a legal name").
 *
 * dig's last line, `;; MSG SIZE  rcvd: N`, is left out: a QueryResult does not say how long the
 * reply was on the wire, and a size worked out again from the decoded message would be wrong
 * (the server compressed names; the encoder here does not).
 *
 * --json prints one JSON document: the QueryResult (id, opcode, rcode, flags, questions,
 * answers, authorities, additionals, edns when present, fromCache, server, transport) plus
 * `queryTimeMs`. Buffers (TXT strings, keys, digests, unknown RDATA, EDNS option data) are
 * lowercase hex strings, so nothing is lost; and each record also has `rdata`, its RDATA in
 * presentation format, for the cases where hex is no way to read it (TXT above all).
 */
import { runIfMain, type CliIo } from './run.js';
import { loadConfig, RES_AAONLY, RES_NOCACHE, RES_RECURSE, RES_USE_DNSSEC, RES_USEVC, type Environment, type ResolverConfig } from '../env/index.js';
import { DnsError } from '../errors.js';
import { formatMessage, formatRdata, type ResourceRecord } from '../packet/index.js';
import { Resolver, type QueryResult } from '../node/index.js';
import { DNSQ_HELP, DNSQ_USAGE, parseDnsqArgs, type DnsqOptions } from './dnsq-args.js';

/** Where dnsq writes: stdout for the reply, stderr for usage and errors. Tests pass collectors. */
export type DnsqIo = CliIo;

/** Servers as the Resolver takes them: '127.0.0.1:5300', '[::1]:5300'. */
function serverText(address: string, port: number, family: 4 | 6): string {
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The servers to ask: the one from the command line, else the configured ones; -p changes the port of either. */
function serversFor(options: DnsqOptions, config: ResolverConfig): string[] | undefined {
  if (options.server !== undefined) {
    const s = options.server;
    return [serverText(s.address, options.port ?? s.port, s.family)];
  }
  if (options.port === undefined) return undefined;
  return config.nameservers.map((s) => serverText(s.address, options.port!, s.family));
}

/** The RES_* bits for the command line's +options, over the configured ones. */
function flagsFor(options: DnsqOptions, config: ResolverConfig): number {
  let flags = config.flags;
  if (options.tcp) flags |= RES_USEVC;
  if (options.dnssec) flags |= RES_USE_DNSSEC;
  if (options.aaonly) flags |= RES_AAONLY;
  if (options.nocache) flags |= RES_NOCACHE;
  // Per-call flags can only add bits, so +norec must be decided when the Resolver is made.
  flags = options.recurse ? flags | RES_RECURSE : flags & ~RES_RECURSE;
  return flags;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** dig's WHEN: strftime("%a %b %d %H:%M:%S %Z %Y") in local time. */
function whenText(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '';
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone} ${d.getFullYear()}`;
}

/** dig's SERVER line: `127.0.0.1#5300(127.0.0.1) (UDP)`; a cached answer came from no server. */
function serverLine(result: QueryResult): string {
  if (result.fromCache || result.server === undefined) return ';; SERVER: (cache)';
  const m = /^\[(.*)\]:(\d+)$/.exec(result.server) ?? /^(.*):(\d+)$/.exec(result.server);
  const address = m?.[1] ?? result.server;
  const port = m?.[2] ?? '53';
  return `;; SERVER: ${address}#${port}(${address}) (${(result.transport ?? 'udp').toUpperCase()})`;
}

/** A value made fit for JSON: Buffers as hex, everything else as it is. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
}

function jsonRecord(rr: ResourceRecord): unknown {
  return { ...(jsonValue(rr) as object), rdata: formatRdata(rr) };
}

function jsonDocument(result: QueryResult, queryTimeMs: number): string {
  const doc = {
    ...(jsonValue(result) as object),
    answers: result.answers.map(jsonRecord),
    authorities: result.authorities.map(jsonRecord),
    additionals: result.additionals.map(jsonRecord),
    queryTimeMs,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function textReport(argv: readonly string[], result: QueryResult, queryTimeMs: number, when: Date): string {
  return [
    '',
    `; <<>> dnsq <<>> ${argv.join(' ')}`,
    ';; Got answer:',
    formatMessage(result).replace(/\n$/, ''),
    `;; Query time: ${queryTimeMs} msec`,
    serverLine(result),
    `;; WHEN: ${whenText(when)}`,
  ].join('\n') + '\n\n';
}

/** Codes that mean no usable reply came from any server. */
const NO_REPLY = new Set(['ETIMEOUT', 'ECONNREFUSED', 'EBADRESP']);

/**
 * Runs dnsq with `argv` (the arguments after the script), the environment to read
 * RESOLV_CONF, LOCALDOMAIN and RES_OPTIONS from, and the writers for its output; resolves
 * with the exit status (see the file comment). Never rejects.
 */
export async function dnsqMain(argv: readonly string[], env: Environment, io: DnsqIo): Promise<number> {
  const parsed = parseDnsqArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(DNSQ_HELP + '\n');
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`dnsq: ${parsed.message}\n${DNSQ_USAGE}\n`);
    return 1;
  }
  const options = parsed.options;

  let resolver: Resolver | undefined;
  const started = performance.now();
  try {
    const config = loadConfig({ env });
    const nameservers = serversFor(options, config);
    resolver = new Resolver({ config, flags: flagsFor(options, config), ...(nameservers ? { nameservers } : {}) });
    let result: QueryResult;
    try {
      const ask = options.search ? resolver.search.bind(resolver) : resolver.query.bind(resolver);
      result = await ask(options.name, options.type, { class: options.class });
    } catch (err) {
      // res_query's failures that carry a reply (NXDOMAIN, NODATA, SERVFAIL, ...) are answers to dnsq.
      if (err instanceof DnsError && err.response !== undefined) result = err.response as QueryResult;
      else throw err;
    }
    const elapsed = Math.round(performance.now() - started);
    io.stdout(options.json ? jsonDocument(result, elapsed) : textReport(argv, result, elapsed, new Date()));
    return 0;
  } catch (err) {
    if (err instanceof DnsError && NO_REPLY.has(err.code)) {
      const tried = err.servers.length > 0 ? ` (${err.servers.join(', ')})` : '';
      io.stderr(`;; no servers could be reached: ${err.code}${tried}\n`);
      return 9;
    }
    if (err instanceof DnsError && err.code === 'EBADNAME') {
      io.stderr(`dnsq: '${options.name}' is not a legal name\n`);
      return 10;
    }
    io.stderr(`dnsq: ${err instanceof Error ? err.message : String(err)}\n`);
    return 10;
  } finally {
    resolver?.close();
  }
}

runIfMain(import.meta.url, dnsqMain);
