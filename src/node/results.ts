/**
 * node:dns compatibility: what a reply means for each `promises.Resolver` method, as pure
 * functions from a decoded Message to the exact shapes node:dns (c-ares 1.34) returns, and the
 * errors node:dns raises (code, syscall, hostname; message `queryA ENOTFOUND name`).
 *
 * Which records answer is the one answer reader's (resolver/answers.ts), shared with
 * getaddrinfo and getnameinfo. Where we part from c-ares on purpose (each pinned against
 * node:dns itself by test/integration/node-compat.test.ts):
 *
 * - Only records that answer the question count (see the reader). c-ares 1.34 takes every
 *   record of the type in the answer section whatever its owner (its issue #683), so a server
 *   could add addresses for names never asked; principle 7 says such records poison nothing.
 * - Names in replies are checked by glibc's rules (check-names.ts) unless RES_NOCHECKNAME is
 *   set; c-ares checks none. See `recordPasses` for which name of which record and
 *   `checkedOut` for what happens when every record is dropped.
 * - reverse: see `nodeError` (which failures are ENOTFOUND) and Resolver.reverse (no hosts file).
 *
 * A reply with a CNAME but no record of the type gives what c-ares gives: [] for A, AAAA, MX,
 * TXT, SRV, CAA and NAPTR, ENODATA for NS and PTR, EBADRESP for SOA.
 *
 * Names come out as c-ares writes them: the root is '' (an SRV "no service" target, a NAPTR
 * replacement '.'), and a space inside a label is a plain space where the codec writes \032.
 * Character-strings (TXT, CAA, NAPTR) are read as Latin-1, one character per octet, as node
 * builds them (the codec already gives CAA and NAPTR strings so; TXT comes as octets); IPv6
 * addresses are written as inet_ntop writes them.
 */
import type {
  AnyARecord,
  AnyAaaaRecord,
  AnyCaaRecord,
  AnyCnameRecord,
  AnyMxRecord,
  AnyNaptrRecord,
  AnyNsRecord,
  AnyPtrRecord,
  AnyRecord,
  AnySoaRecord,
  AnySrvRecord,
  AnyTxtRecord,
  CaaRecord,
  MxRecord,
  NaptrRecord,
  RecordWithTtl,
  SoaRecord,
  SrvRecord,
} from 'node:dns';
import { domainToASCII } from 'node:url';
import { DnsError, invalidArgValue, type ArgumentError, type DnsErrorCode } from '../errors.js';
import { canonicalName, reverseName, type Message, type Question, type ResourceRecord } from '../packet/index.js';
import { answering, checkedOut, hostnameFor, replyError, resOwnok, type Answering, type NameRules, type ReadOptions } from '../resolver/index.js';

/** node:dns's own result types, so that results type-check wherever node's do. */
export type {
  AnyRecord,
  CaaRecord,
  MxRecord,
  NaptrRecord,
  RecordWithTtl,
  SoaRecord,
  SrvRecord,
} from 'node:dns';

/** The rrtypes node:dns's `resolve(name, rrtype)` accepts (Node 20), exactly as spelled there. */
export const NODE_RRTYPES = ['A', 'AAAA', 'ANY', 'CAA', 'CNAME', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] as const;
/** One of NODE_RRTYPES. */
export type NodeRrtype = (typeof NODE_RRTYPES)[number];

/** The `syscall` node:dns puts in its errors, per rrtype (its binding names). */
export const NODE_SYSCALLS: Readonly<Record<NodeRrtype, string>> = Object.freeze({
  A: 'queryA',
  AAAA: 'queryAaaa',
  ANY: 'queryAny',
  CAA: 'queryCaa',
  CNAME: 'queryCname',
  MX: 'queryMx',
  NAPTR: 'queryNaptr',
  NS: 'queryNs',
  PTR: 'queryPtr',
  SOA: 'querySoa',
  SRV: 'querySrv',
  TXT: 'queryTxt',
});

/** `reverse`'s syscall in node:dns. */
export const REVERSE_SYSCALL = 'getHostByAddr';

/** What each rrtype resolves to, as node:dns's `promises.Resolver` types them. */
export interface NodeResultTypes {
  A: string[] | RecordWithTtl[];
  AAAA: string[] | RecordWithTtl[];
  ANY: AnyRecord[];
  CAA: CaaRecord[];
  CNAME: string[];
  MX: MxRecord[];
  NAPTR: NaptrRecord[];
  NS: string[];
  PTR: string[];
  SOA: SoaRecord;
  SRV: SrvRecord[];
  TXT: string[][];
}

/** How to read a reply. */
export interface NodeResultOptions {
  /** The name as the caller wrote it, for errors (default: the reply's question name). */
  hostname?: string;
  /** A and AAAA only: `{ address, ttl }` objects instead of strings, as node's `{ ttl: true }`. */
  ttl?: boolean;
  /** Whose name rules to drop records by (check-names.ts), or false for RES_NOCHECKNAME. Default 'glibc'. */
  checkNames?: NameRules | false;
}

/** Whether `rrtype` is one `resolve(name, rrtype)` takes. Case matters, as in node ('a' is refused). */
export function isNodeRrtype(rrtype: unknown): rrtype is NodeRrtype {
  return typeof rrtype === 'string' && (NODE_RRTYPES as readonly string[]).includes(rrtype);
}

// ---------------------------------------------------------------------------------------------
// Question names

/** c-ares's hostname characters: [A-Za-z0-9-._/*]; '/' for RFC 2317 classless delegation names. */
function caresHostChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x2f ||
    c === 0x2a
  );
}

/** c-ares's ares_split_dns_name with hostname validation: whether it would refuse `name` (EBADNAME). */
function caresRefuses(name: string): boolean {
  // Label by label without keeping them: the current label's length, how many came before,
  // and the octets they took (one loop, no array: this runs for every resolve*).
  let labels = 0;
  let octets = 0;
  let len = 0;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c === 0x2e) {
      // An empty label is refused; a trailing dot ends the name instead, and '.' is the root.
      if (len === 0 && name.length !== 1) return true;
      if (len > 63) return true;
      labels++;
      octets += len;
      len = 0;
      continue;
    }
    if (c === 0x5c) {
      c = name.charCodeAt(++i);
      if (Number.isNaN(c)) return true;
      if (c >= 0x30 && c <= 0x39) {
        const d2 = name.charCodeAt(i + 1) - 0x30;
        const d3 = name.charCodeAt(i + 2) - 0x30;
        if (!(d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9)) return true;
        c = (c - 0x30) * 100 + d2 * 10 + d3;
        i += 2;
        if (c > 255) return true;
      }
    }
    if (!caresHostChar(c)) return true;
    len++;
  }
  if (len > 63) return true;
  if (len > 0) {
    labels++;
    octets += len;
  }
  // A trailing dot ends the name; '.' alone (and '') is the root.
  return labels > 0 && octets + labels - 1 > 255;
}

/** A label in punycode's ASCII-compatible form, which node's toASCII checks. */
const ACE_LABEL = /(?:^|\.)xn--/i;

/** Non-ASCII text that is not a plausible internationalised name (URL syntax would cut it). */
const NOT_A_HOST = /[\s/\\%?#:@[\]]/;

/**
 * The name node:dns would put in the question for `hostname`, or a DnsError EBADNAME (with
 * `syscall`) where node refuses it without sending anything: node converts an
 * internationalised name to its ASCII (punycode) form, and c-ares refuses any character outside
 * [A-Za-z0-9-._/*], empty labels, labels over 63 and names over 255 octets.
 *
 * Differences: a name that has no ASCII form (node's toASCII gives ''), an internationalised
 * one or one with an `xn--` label that is not valid punycode (`xn--zz.test`), is EBADNAME
 * here; node would send a query for the root. An ASCII name is sent as written: node runs it
 * through the URL host parser too, which lower-cases it and reads some as numbers
 * (`1/24.2.0.192.in-addr.arpa` becomes 0.0.0.1).
 */
export function nodeQueryName(hostname: string, syscall: string, type?: string): string {
  if (ACE_LABEL.test(hostname) && domainToASCII(hostname) === '') {
    throw new DnsError('EBADNAME', { hostname: hostname === '' ? undefined : hostname, type, syscall });
  }
  // c-ares's characters are all ASCII, so a name it takes as written needs no conversion.
  if (!caresRefuses(hostname)) return hostname; // '' is the root, to c-ares and to query() alike
  let name = hostname;
  if (/[^\x00-\x7f]/.test(name)) name = NOT_A_HOST.test(name) ? '' : domainToASCII(name);
  if (name === hostname || name === '' || caresRefuses(name)) {
    throw new DnsError('EBADNAME', { hostname: hostname === '' ? undefined : hostname, type, syscall });
  }
  return name; // '' is the root, to c-ares and to query() alike
}

/**
 * The PTR name `reverse` asks for, or node's error for an argument that is not an IP address:
 * code EINVAL, syscall getHostByAddr. Addresses are read as inet_pton reads them (a strict
 * dotted quad; IPv6 with an optional %zone, which is ignored), as node's uv_inet_pton does.
 */
export function reverseQueryName(ip: string): string {
  try {
    return reverseName(ip);
  } catch {
    // node reports it with libuv's errno for EINVAL (UV_EINVAL, -22 on Linux).
    throw new DnsError('EINVAL', { hostname: ip === '' ? undefined : ip, syscall: REVERSE_SYSCALL, errno: -22 });
  }
}

/**
 * A rejection of `query` as node:dns would report it for this method: same code, node's
 * syscall, and the hostname as the caller wrote it (none when it was ''). The reply and servers
 * stay attached. For `reverse`, NXDOMAIN and NODATA are ENOTFOUND, as c-ares reports every
 * failed PTR lookup; other failures keep their own codes (principle 6), where c-ares would
 * fall back to the hosts file and say ENOTFOUND for them too. `servers` fills in the servers
 * of an error read from a reply (which the pure readers here cannot know).
 */
export function nodeError(error: unknown, syscall: string, hostname: string, servers?: readonly string[]): unknown {
  if (!(error instanceof DnsError)) return error;
  const code: DnsErrorCode = syscall === REVERSE_SYSCALL && error.code === 'ENODATA' ? 'ENOTFOUND' : error.code;
  return new DnsError(code, {
    hostname: hostname === '' ? undefined : hostname,
    type: error.type,
    ...(error.errno === undefined ? {} : { errno: error.errno }),
    syscall,
    servers: error.servers.length > 0 || servers === undefined ? error.servers : servers,
    response: error.response,
  });
}

/** node:dns's error for `resolve(name, rrtype)` with an rrtype it does not have. */
export function unknownRrtype(rrtype: unknown): ArgumentError {
  return invalidArgValue('rrtype', rrtype);
}

// ---------------------------------------------------------------------------------------------
// Presentation as node:dns

/** A name as c-ares writes it: the root as '', a space as itself (the codec escapes it as \032). */
function nodeName(name: string): string {
  if (name === '.' || name === '') return '';
  if (!name.includes('\\032')) return name;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c !== '\\') {
      out += c;
    } else if (name.startsWith('032', i + 1)) {
      out += ' ';
      i += 3;
    } else {
      // Another escape (\. \\ \DDD): keep it whole, so that a "\\032" is not taken for a space.
      out += c + (name[i + 1] ?? '');
      i += 1;
    }
  }
  return out;
}

/** A TXT string given as text is its UTF-8 octets on the wire (the codec's rule); node reads octets as Latin-1. */
function latin1(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

function ttlOf(rr: ResourceRecord, a: Answering): number {
  // c-ares caps an address's TTL by the CNAMEs it was reached through (ares_addrinfo2addrttl).
  return a.chain.length > 0 && canonicalName(rr.name) === a.end ? Math.min(rr.ttl, a.chainTtl) : rr.ttl;
}

function mx(rr: ResourceRecord): MxRecord {
  return { exchange: nodeName(rr.data.exchange), priority: rr.data.preference };
}

function soa(rr: ResourceRecord): SoaRecord {
  const d = rr.data;
  return {
    nsname: nodeName(d.mname),
    hostmaster: nodeName(d.rname),
    serial: d.serial,
    refresh: d.refresh,
    retry: d.retry,
    expire: d.expire,
    minttl: d.minimum,
  };
}

function srv(rr: ResourceRecord): SrvRecord {
  const d = rr.data;
  return { name: nodeName(d.target), port: d.port, priority: d.priority, weight: d.weight };
}

function naptr(rr: ResourceRecord): NaptrRecord {
  const d = rr.data;
  return {
    flags: d.flags,
    service: d.services,
    regexp: d.regexp,
    replacement: nodeName(d.replacement),
    order: d.order,
    preference: d.preference,
  };
}

function caa(rr: ResourceRecord): CaaRecord {
  // The tag becomes a property after `critical`, as node sets them (a tag "critical" wins).
  const record: Record<string, string | number> = { critical: rr.data.flags };
  record[rr.data.tag] = rr.data.value;
  return record as unknown as CaaRecord;
}

function txt(rr: ResourceRecord): string[] {
  const data = rr.data as Array<Uint8Array | string> | Uint8Array | string;
  return (Array.isArray(data) ? data : [data]).map((s) =>
    typeof s === 'string' ? latin1(s) : Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('latin1'),
  );
}

// ---------------------------------------------------------------------------------------------
// The methods

/**
 * What c-ares answers for a reply holding a CNAME (chain) but nothing of the type, per type:
 * an empty list for these (its ares_addrinfo and record parsers treat the CNAME as "found, no
 * records"), EBADRESP for SOA, ENODATA for NS and PTR (and for the rest).
 */
const EMPTY_AFTER_CNAME = new Set(['A', 'AAAA', 'MX', 'TXT', 'SRV', 'CAA', 'NAPTR']);

function ofType(reply: Message, type: string, options: NodeResultOptions, syscall: string): [ResourceRecord[], Answering] {
  // Field by field rather than a spread: this runs on every resolve*, and a spread cost more than the read.
  const read: ReadOptions = { hostname: options.hostname, checkNames: options.checkNames, syscall };
  const a = answering(reply, read);
  const found = a.records.filter((rr) => rr.type === type);
  if (found.length === 0 && a.chain.length > 0) {
    if (EMPTY_AFTER_CNAME.has(type)) return [[], a];
    if (type === 'SOA') throw replyError('EBADRESP', reply, read);
  }
  return [checkedOut(found, a, reply, read), a];
}

/**
 * resolve4 / resolve6: the addresses at the question name or the end of its CNAME chain.
 * With check-names on, a question name that is not a host name (res_ownok, so an explicit
 * `*.x` is allowed) is ENOTFOUND, as glibc's gethostbyname answers HOST_NOT_FOUND for it.
 */
export function addressesFromReply(reply: Message, family: 'A' | 'AAAA', options: NodeResultOptions = {}): string[] | RecordWithTtl[] {
  const syscall = NODE_SYSCALLS[family];
  const rules = options.checkNames ?? 'glibc';
  const question = reply.questions[0];
  if (rules !== false && question !== undefined && !resOwnok(question.name, rules)) {
    throw replyError('ENOTFOUND', reply, { ...options, syscall });
  }
  return (question !== undefined && directAddresses(reply, question, family, options.ttl === true)) || addressesByChain(reply, family, options, syscall);
}

/**
 * The addresses of the common reply, whose every answer is an address of the type at the
 * question's name as written, in its class: or false for any other. Nothing then follows a
 * chain, caps a TTL or fails check-names that the question's own check did not, so the answer
 * is read straight off the records. It is what addressesByChain gives for such a reply
 * (test/node/results.test.ts holds the two to each other) without its six arrays: over 1 KB
 * a query, a sixth of all an uncached resolve4 allocates (bench/RESULTS.md).
 */
function directAddresses(reply: Message, question: Question, family: 'A' | 'AAAA', ttl: boolean): string[] | RecordWithTtl[] | false {
  const { answers } = reply;
  const n = answers.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const rr = answers[i]!;
    if (rr.type !== family || rr.name !== question.name || rr.class !== question.class) return false;
  }
  if (ttl) {
    const out: RecordWithTtl[] = new Array<RecordWithTtl>(n);
    for (let i = 0; i < n; i++) out[i] = { address: answers[i]!.data as string, ttl: answers[i]!.ttl };
    return out;
  }
  const out: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = answers[i]!.data as string;
  return out;
}

/** The addresses of any reply: at the question's name or the end of its CNAME chain, after check-names. */
export function addressesByChain(reply: Message, family: 'A' | 'AAAA', options: NodeResultOptions, syscall: string): string[] | RecordWithTtl[] {
  const [kept, a] = ofType(reply, family, options, syscall);
  return options.ttl ? kept.map((rr) => ({ address: rr.data as string, ttl: ttlOf(rr, a) })) : kept.map((rr) => rr.data as string);
}

/**
 * resolveCname: the target of the question name's own CNAME (one, as node returns), not the
 * chain's end: a CNAME query is answered with that one record.
 */
export function cnameFromReply(reply: Message, options: NodeResultOptions = {}): string[] {
  const read = { ...options, syscall: NODE_SYSCALLS.CNAME };
  const a = answering(reply, read);
  const first = a.chain[0];
  const kept = checkedOut(first === undefined ? [] : [first], { ...a, chain: [] }, reply, read);
  return kept.map((rr) => nodeName(rr.data as string));
}

/** resolveMx: `{ exchange, priority }`. */
export function mxFromReply(reply: Message, options: NodeResultOptions = {}): MxRecord[] {
  return ofType(reply, 'MX', options, NODE_SYSCALLS.MX)[0].map(mx);
}

/** resolveNs: the name server names. */
export function nsFromReply(reply: Message, options: NodeResultOptions = {}): string[] {
  return ofType(reply, 'NS', options, NODE_SYSCALLS.NS)[0].map((rr) => nodeName(rr.data as string));
}

/** resolvePtr: the PTR targets. */
export function ptrFromReply(reply: Message, options: NodeResultOptions = {}): string[] {
  return ofType(reply, 'PTR', options, NODE_SYSCALLS.PTR)[0].map((rr) => nodeName(rr.data as string));
}

/** reverse: the PTR targets, with reverse's syscall (getHostByAddr) and its ENOTFOUND for "none". */
export function reverseFromReply(reply: Message, options: NodeResultOptions = {}): string[] {
  try {
    return ofType(reply, 'PTR', options, REVERSE_SYSCALL)[0].map((rr) => nodeName(rr.data as string));
  } catch (error) {
    throw nodeError(error, REVERSE_SYSCALL, hostnameFor(reply, options) ?? '');
  }
}

/** resolveSoa: one object (not an array); the first SOA, as c-ares takes. */
export function soaFromReply(reply: Message, options: NodeResultOptions = {}): SoaRecord {
  return soa(ofType(reply, 'SOA', options, NODE_SYSCALLS.SOA)[0][0]!);
}

/** resolveSrv: `{ name, port, priority, weight }`; the "no service" target '.' is ''. */
export function srvFromReply(reply: Message, options: NodeResultOptions = {}): SrvRecord[] {
  return ofType(reply, 'SRV', options, NODE_SYSCALLS.SRV)[0].map(srv);
}

/** resolveTxt: one array per record, one string per character-string. */
export function txtFromReply(reply: Message, options: NodeResultOptions = {}): string[][] {
  return ofType(reply, 'TXT', options, NODE_SYSCALLS.TXT)[0].map(txt);
}

/** resolveCaa: `{ critical, <tag>: value }`, critical being the whole flags octet (0 or 128). */
export function caaFromReply(reply: Message, options: NodeResultOptions = {}): CaaRecord[] {
  return ofType(reply, 'CAA', options, NODE_SYSCALLS.CAA)[0].map(caa);
}

/** resolveNaptr: `{ flags, service, regexp, replacement, order, preference }`. */
export function naptrFromReply(reply: Message, options: NodeResultOptions = {}): NaptrRecord[] {
  return ofType(reply, 'NAPTR', options, NODE_SYSCALLS.NAPTR)[0].map(naptr);
}

/** The order node:dns lists resolveAny's records in (it parses the reply once per type). */
const ANY_ORDER = ['CNAME', 'A', 'AAAA', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'NAPTR', 'SOA', 'CAA'] as const;

/**
 * resolveAny: node's `{ ..., type }` objects, grouped by type in node's order, only the
 * first SOA. Records of types node does not show (HINFO, unknown types, ...) are left out, so
 * a name with only such records gives [] (as in node); ENODATA only when nothing answers.
 * Two small differences: the CNAME listed is the question name's own (c-ares lists whichever
 * it met last), and addresses found with a CNAME are listed too (c-ares then lists the CNAME
 * alone); a server answering ANY at an alias gives only the CNAME, so neither shows in practice.
 */
export function anyFromReply(reply: Message, options: NodeResultOptions = {}): AnyRecord[] {
  const read = { ...options, syscall: NODE_SYSCALLS.ANY };
  const a = answering(reply, read);
  const firstLink = a.chain[0];
  const relevant = firstLink === undefined ? a.records : [firstLink, ...a.records];
  if (relevant.length === 0) throw replyError('ENODATA', reply, read);
  const shown = relevant.filter((rr) => (ANY_ORDER as readonly string[]).includes(rr.type));
  if (shown.length === 0) return [];
  const kept = checkedOut(shown, { ...a, chain: [] }, reply, read);
  const out: AnyRecord[] = [];
  let soaSeen = false;
  for (const type of ANY_ORDER) {
    for (const rr of kept) {
      if (rr.type !== type) continue;
      switch (type) {
        case 'CNAME':
          out.push({ value: nodeName(rr.data as string), type } satisfies AnyCnameRecord);
          break;
        case 'A':
          out.push({ address: rr.data as string, ttl: ttlOf(rr, a), type } satisfies AnyARecord);
          break;
        case 'AAAA':
          out.push({ address: rr.data as string, ttl: ttlOf(rr, a), type } satisfies AnyAaaaRecord);
          break;
        case 'MX':
          out.push({ ...mx(rr), type } satisfies AnyMxRecord);
          break;
        case 'NS':
          out.push({ value: nodeName(rr.data as string), type } satisfies AnyNsRecord);
          break;
        case 'TXT':
          out.push({ entries: txt(rr), type } satisfies AnyTxtRecord);
          break;
        case 'SRV':
          out.push({ ...srv(rr), type } satisfies AnySrvRecord);
          break;
        case 'PTR':
          out.push({ value: nodeName(rr.data as string), type } satisfies AnyPtrRecord);
          break;
        case 'NAPTR':
          out.push({ ...naptr(rr), type } satisfies AnyNaptrRecord);
          break;
        case 'SOA':
          if (!soaSeen) out.push({ ...soa(rr), type } satisfies AnySoaRecord);
          soaSeen = true;
          break;
        case 'CAA':
          out.push({ ...caa(rr), type } as AnyCaaRecord);
          break;
      }
    }
  }
  return out;
}

/**
 * The result of `resolve(name, rrtype)` for a reply, dispatched as node dispatches (no `ttl`
 * there: node's resolve passes no options).
 */
export function nodeResult<T extends NodeRrtype>(rrtype: T, reply: Message, options: NodeResultOptions = {}): NodeResultTypes[T] {
  return readers[rrtype](reply, options) as NodeResultTypes[T];
}

const readers: { readonly [K in NodeRrtype]: (reply: Message, options: NodeResultOptions) => NodeResultTypes[K] } = {
  A: (reply, options) => addressesFromReply(reply, 'A', options),
  AAAA: (reply, options) => addressesFromReply(reply, 'AAAA', options),
  ANY: anyFromReply,
  CAA: caaFromReply,
  CNAME: cnameFromReply,
  MX: mxFromReply,
  NAPTR: naptrFromReply,
  NS: nsFromReply,
  PTR: ptrFromReply,
  SOA: soaFromReply,
  SRV: srvFromReply,
  TXT: txtFromReply,
};

/**
 * A copy of a result, deep enough that a caller may sort or change it without touching the one
 * kept with a cache hit: arrays, the objects in them, and the arrays in those (TXT entries).
 */
export function copyResult<T>(value: T): T {
  const copyItem = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.slice();
    if (typeof item !== 'object' || item === null) return item;
    const out: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    for (const k in out) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).slice();
    return out;
  };
  if (!Array.isArray(value)) return copyItem(value) as T;
  // Address and name lists (the common case) hold only strings: a plain slice will do.
  const first: unknown = value[0];
  return (typeof first !== 'object' || first === null ? value.slice() : value.map(copyItem)) as T;
}

