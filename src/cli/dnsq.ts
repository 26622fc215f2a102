#!/usr/bin/env node
/**
 * dnsq: a small dig. One question through the library's Resolver, the reply printed as dig
 * prints it (or as JSON). Everything about DNS happens in the Resolver; this file reads the
 * command line and writes text.
 *
 * Exit status, as dig's where dig has one:
 * - 0: a reply came, whatever its rcode (an NXDOMAIN reply is printed from the DnsError's
 *   `response`, as dig prints it);
 * - 1: bad usage (with the usage line on stderr), or a name +idnin cannot convert (as dig);
 * - 9: no server replied (ETIMEOUT, ECONNREFUSED, or only unusable replies: dig keeps waiting
 *   past a bad packet and ends with "no servers could be reached" too);
 * - 10: any other error, with one line on stderr; dig uses 10 for its internal errors, among
 *   them a name that cannot be encoded ("is not a legal name").
 *
 * The text report ends with dig's `;; MSG SIZE  rcvd: N`, the reply's size on the wire as the
 * Resolver saw it. Progress (a try that timed out or was refused, a truncated reply asked again
 * over TCP) is reported on stderr as each try ends, in dig's words; dig prints those lines on
 * stdout, but here stdout carries only the reply, so that +short and --json stay parseable.
 *
 * Timing follows dig: +time and +tries, else resolv.conf's (or RES_OPTIONS') timeout and
 * attempts, else dig's defaults of 5 seconds and 3 tries (glibc's default is 2 tries).
 *
 * AXFR and IXFR (`ixfr=N`) are zone transfers over TCP: a stream of messages on one connection
 * until the SOA that ends it (dnsq-zone-transfer.ts reads it, resolver/transport-stream.ts carries it),
 * printed as dig prints one: the records as they come, then the `;; XFR size` line.
 *
 * --json prints one JSON document: the QueryResult (id, opcode, rcode, flags, questions,
 * answers, authorities, additionals, edns when present, fromCache, server, transport) plus
 * `queryTimeMs`. Buffers (TXT strings, keys, digests, unknown RDATA, EDNS option data) are
 * lowercase hex strings, so nothing is lost; and each record also has `rdata`, its RDATA in
 * presentation format, for the cases where hex is no way to read it (TXT above all).
 */
import { digServer, missingResolvConfWarning, runIfMain, versionText, WatchedTransport, type CliIo, type TryEvent } from './run.js';
import { idnToAscii } from '../addrinfo/index.js';
import { loadConfig, parseNameServer, RES_IGNTC, RES_NOAAAA, RES_NOALIASES, RES_NOCACHE, RES_RECURSE, RES_USE_DNSSEC, RES_USEVC, type Environment, type NameServer, type ResolverConfig } from '../env/index.js';
import { DnsError } from '../errors.js';
import { buildQuery, encodeMessage, formatMessage, formatRdata, formatRecord, isValidName, type ResourceRecord } from '../packet/index.js';
import { Resolver, type QueryResult } from '../node/index.js';
import { serverLabel, streamTcp, StreamFailure } from '../resolver/index.js';
import { DNSQ_HELP, DNSQ_USAGE, parseDnsqArgs, type DnsqOptions } from './dnsq-args.js';
import { TransferFailure, ZoneTransfer } from './dnsq-zone-transfer.js';

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
  // +aaonly is not a flag: glibc's RES_AAONLY does nothing, and dig's +aaonly sets AA in the
  // query, which setAa does as the query goes out.
  if (options.nocache) flags |= RES_NOCACHE;
  // Per-call flags can only add bits, so +norec must be decided when the Resolver is made.
  flags = options.recurse ? flags | RES_RECURSE : flags & ~RES_RECURSE;
  // dig asks what it is told: BIND's resolv.conf reader has no no-aaaa, and its +search no
  // HOSTALIASES.
  return (flags & ~RES_NOAAAA) | RES_NOALIASES;
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
    ...(result.size === undefined ? [] : [`;; MSG SIZE  rcvd: ${result.size}`]),
  ].join('\n') + '\n\n';
}

/** dig +short: each answer's RDATA on a line of its own. */
function shortReport(records: readonly ResourceRecord[]): string {
  return records.map((rr) => `${formatRdata(rr)}\n`).join('');
}

/** A copy of the query with the AA bit set (dig's +aaonly); the builder's buffer is never changed. */
function setAa(query: Buffer): Buffer {
  const copy = Buffer.from(query);
  copy[2]! |= 0x04;
  return copy;
}

/**
 * The attempts resolv.conf or RES_OPTIONS gave, or undefined when neither did: dig's default
 * (3) differs from glibc's (2), so a file's `attempts:2` must be told from glibc's default.
 */
function configuredAttempts(config: ResolverConfig): number | undefined {
  return config.source.attempts === 'resolv.conf' || config.source.attempts === 'RES_OPTIONS' ? config.attempts : undefined;
}

/** The servers to ask, as NameServers (for the zone transfer, which does not go through the Resolver). */
function serverList(options: DnsqOptions, config: ResolverConfig): NameServer[] {
  const given = serversFor(options, config);
  if (given === undefined) return [...config.nameservers];
  return given.map((text) => parseNameServer(text)).filter((s): s is NameServer => s !== undefined);
}

/** How dnsq prints each try's progress on stderr, in dig's words. */
function progressPrinter(io: DnsqIo, options: DnsqOptions, flags: number): (event: TryEvent) => void {
  return (event) => {
    const server = digServer(event.server);
    if (event.kind === 'truncated') {
      // dig prints this as a comment, so +short leaves it out.
      if (!options.short && (flags & RES_IGNTC) === 0) io.stderr(';; Truncated, retrying in TCP mode.\n');
    } else if (event.kind === 'refused' && event.transport === 'tcp') {
      io.stderr(`;; Connection to ${server}(${event.server.address}) for ${options.name} failed: connection refused.\n`);
    } else {
      io.stderr(`;; communications error to ${server}: ${event.kind === 'timeout' ? 'timed out' : 'connection refused'}\n`);
    }
  };
}

/** What a zone transfer needs beyond the command line. */
interface TransferPlan {
  readonly name: string;
  readonly servers: readonly NameServer[];
  readonly timeoutMs: number;
  readonly tries: number;
}

/** The AXFR or IXFR query: RFC 1995 puts the client's SOA (only its serial matters) in the authority section. */
function transferQuery(options: DnsqOptions, name: string): Buffer {
  const edns = options.dnssec ? { edns: { do: true } } : {};
  const query =
    options.type === 'AXFR'
      ? buildQuery(name, 'AXFR', { class: options.class, recursionDesired: options.recurse, ...edns })
      : encodeMessage({
          flags: { rd: options.recurse },
          questions: [{ name, type: 'IXFR', class: options.class }],
          authorities: [
            {
              name,
              type: 'SOA',
              class: options.class,
              ttl: 0,
              data: { mname: '.', rname: '.', serial: options.ixfrSerial ?? 0, refresh: 0, retry: 0, expire: 0, minimum: 0 },
            },
          ],
          ...(options.dnssec ? { edns: { do: true } } : {}),
        });
  return options.aaonly ? setAa(query) : query;
}

/** Runs a zone transfer (see the file comment); resolves with the exit status. */
async function transferMain(argv: readonly string[], options: DnsqOptions, plan: TransferPlan, io: DnsqIo): Promise<number> {
  const text = !options.short && !options.json;
  const query = transferQuery(options, plan.name);
  const question = { zone: plan.name, type: options.type as 'AXFR' | 'IXFR', class: options.class, ...(options.ixfrSerial === undefined ? {} : { serial: options.ixfrSerial }) };
  if (text) io.stdout(`\n; <<>> dnsq <<>> ${argv.join(' ')}\n`);
  const started = performance.now();
  const refused = new Set<NameServer>();
  let last: StreamFailure | undefined;
  for (let attempt = 0; attempt < plan.tries; attempt++) {
    for (const server of plan.servers) {
      if (refused.has(server)) continue;
      const xfr = new ZoneTransfer(question);
      const records: ResourceRecord[] = [];
      const label = serverLabel(server);
      try {
        await streamTcp({
          server,
          query,
          timeoutMs: plan.timeoutMs,
          onMessage: (message, size) => {
            const rrs = xfr.push(message, size);
            if (options.json) records.push(...rrs);
            else io.stdout(options.short ? shortReport(rrs) : rrs.map((rr) => `${formatRecord(rr)}\n`).join(''));
            return xfr.done;
          },
        });
      } catch (err) {
        if (err instanceof TransferFailure) {
          if (text) io.stdout(`${err.line}\n`);
          io.stderr(`dnsq: transfer of ${plan.name} from ${label} failed: ${err.message}\n`);
          if (options.json) io.stdout(JSON.stringify({ zone: plan.name, type: options.type, server: label, transport: 'tcp', error: err.message, rcode: err.rcode ?? null }, null, 2) + '\n');
          return 0;
        }
        if (!(err instanceof StreamFailure)) throw err;
        last = err;
        if (err.code === 'ECONNREFUSED' && !err.started) {
          refused.add(server);
          io.stderr(`;; Connection to ${digServer(server)}(${server.address}) for ${plan.name} failed: ${err.reason}.\n`);
        } else {
          io.stderr(`;; communications error to ${digServer(server)}: ${err.reason}\n`);
        }
        // Records were printed already: a transfer cut off halfway is not tried again.
        if (err.started) return 9;
        continue;
      }
      const elapsed = Math.round(performance.now() - started);
      if (options.json) {
        const doc = { zone: plan.name, type: options.type, class: options.class, ...(options.ixfrSerial === undefined ? {} : { serial: options.ixfrSerial }), server: label, transport: 'tcp', records: records.map(jsonRecord), recordCount: xfr.records, messages: xfr.messages, bytes: xfr.bytes, queryTimeMs: elapsed };
        io.stdout(JSON.stringify(doc, null, 2) + '\n');
      } else if (text) {
        io.stdout(
          [
            `;; Query time: ${elapsed} msec`,
            `;; SERVER: ${digServer(server)}(${server.address}) (TCP)`,
            `;; WHEN: ${whenText(new Date())}`,
            `;; XFR size: ${xfr.records} records (messages ${xfr.messages}, bytes ${xfr.bytes})`,
          ].join('\n') + '\n\n',
        );
      }
      return 0;
    }
    if (refused.size === plan.servers.length) break;
  }
  const tried = plan.servers.map(serverLabel).join(', ');
  io.stderr(`;; no servers could be reached: ${last?.code ?? 'ETIMEOUT'}${tried === '' ? '' : ` (${tried})`}\n`);
  return 9;
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
  if (parsed.kind === 'version') {
    io.stdout(versionText('dnsq'));
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`dnsq: ${parsed.message}\n${DNSQ_USAGE}\n`);
    return 1;
  }
  const options = parsed.options;
  // dig's +idnin (IDNA2008, UTS 46 non-transitional, as node:url does it); an ASCII name is left as typed.
  const name = options.idnin ? idnToAscii(options.name) : options.name;
  // dig exits 1 here too: it refuses the name before sending anything. A conversion whose
  // result cannot be sent (a label over 63 octets) is refused with it, as libidn2 refuses it
  // ("punycode encoded data will be too large"); node:url does not check the lengths.
  if (name === undefined || (name !== options.name && !isValidName(name))) {
    io.stderr(`dnsq: '${options.name}' is not a legal IDNA2008 name, use +noidnin\n`);
    return 1;
  }

  let resolver: Resolver | undefined;
  const started = performance.now();
  try {
    const config = loadConfig({ env });
    const warning = options.server === undefined ? missingResolvConfWarning('dnsq', config, serverList(options, config)) : undefined;
    if (warning !== undefined) io.stderr(warning);
    const timeoutMs = options.timeout !== undefined ? options.timeout * 1000 : config.timeoutMs;
    const attempts = configuredAttempts(config);
    // dig reads attempts:0 as its default too: it always sends at least one query.
    const tries = options.tries ?? (attempts === undefined || attempts === 0 ? 3 : attempts);
    if (options.type === 'AXFR' || options.type === 'IXFR') {
      if (!isValidName(name)) {
        io.stderr(`dnsq: '${options.name}' is not a legal name\n`);
        return 10;
      }
      return await transferMain(argv, options, { name, servers: serverList(options, config), timeoutMs, tries }, io);
    }
    const nameservers = serversFor(options, config);
    const flags = flagsFor(options, config);
    const transport = new WatchedTransport(progressPrinter(io, options, flags), options.aaonly ? { rewrite: setAa } : {});
    resolver = new Resolver({ config, flags, timeout: timeoutMs, tries, cache: 'off', transport, ...(nameservers ? { nameservers } : {}) });
    let result: QueryResult;
    try {
      const ask = options.search ? resolver.search.bind(resolver) : resolver.query.bind(resolver);
      result = await ask(name, options.type, { class: options.class });
    } catch (err) {
      // res_query's failures that carry a reply (NXDOMAIN, NODATA, SERVFAIL, ...) are answers to dnsq.
      if (err instanceof DnsError && err.response !== undefined) result = err.response as QueryResult;
      else throw err;
    } finally {
      // The transport is dnsq's, not the Resolver's own, so the Resolver leaves it open.
      transport.close();
    }
    const elapsed = Math.round(performance.now() - started);
    io.stdout(options.json ? jsonDocument(result, elapsed) : options.short ? shortReport(result.answers) : textReport(argv, result, elapsed, new Date()));
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
