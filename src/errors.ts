/**
 * Every error class the package throws, with stable string codes.
 *
 * Distinct outcomes are distinct codes: NXDOMAIN (ENOTFOUND) is not NODATA (ENODATA), and a
 * SERVFAIL (ESERVFAIL) is not a timeout (ETIMEOUT). The codes are the ones `node:dns` uses, so a
 * program that switches on `err.code` can swap `node:dns` for this package.
 */
import { inspect } from 'node:util';
import type { Message } from './packet/types.js';

/** A DNS message could not be decoded or encoded. `offset` is where in the wire bytes it went wrong. */
export class PacketError extends Error {
  override readonly name = 'PacketError';
  /** Stable code, as `node:dns` reports a malformed reply. */
  readonly code = 'EBADRESP';
  /** Byte offset of the problem in the message (decode), or -1 when it is not about a position. */
  readonly offset: number;
  /** The reason without the offset, for programs that group errors. */
  readonly reason: string;
  /**
   * Whether the message is (or would be) over 65,535 octets, the most a DNS message can hold:
   * an encoder's or signer's "does not fit" rather than a malformed message.
   */
  readonly tooLong: boolean;

  constructor(reason: string, offset = -1, options: { tooLong?: boolean } = {}) {
    super(offset >= 0 ? `${reason} (at offset ${offset})` : reason);
    this.reason = reason;
    this.offset = offset;
    this.tooLong = options.tooLong === true;
  }
}

/** A caller passed an argument that can never work (not a configuration problem: those are clamped). */
export class ArgumentError extends TypeError {
  override readonly name = 'ArgumentError';
  /** node's code for the same mistake: ERR_INVALID_ARG_VALUE unless a closer one applies (ERR_INVALID_IP_ADDRESS, ...). */
  readonly code: string;

  /** `options` is node's code for it, or `{ code?, cause? }`. */
  constructor(message: string, options: string | { code?: string; cause?: unknown } = {}) {
    const o = typeof options === 'string' ? { code: options } : options;
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.code = o.code ?? 'ERR_INVALID_ARG_VALUE';
  }
}

/**
 * How node's argument errors show the value they were given (its determineSpecificType, Node
 * 20): `type number (1)`, `type string ('x')`, `an instance of Object`, `null`, `function f`.
 */
export function describeReceived(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `type bigint (${value}n)`;
    case 'number':
      return `type number (${Object.is(value, -0) ? '-0' : String(value)})`;
    case 'boolean':
    case 'symbol':
      return `type ${typeof value} (${String(value)})`;
    case 'function':
      return `function ${value.name}`;
    case 'string': {
      const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
      return shown.includes("'") ? `type string (${JSON.stringify(shown)})` : `type string ('${shown}')`;
    }
    default: {
      if (value === null) return 'null';
      const ctor = (value as { constructor?: unknown }).constructor;
      if ((typeof ctor === 'function' || (typeof ctor === 'object' && ctor !== null)) && 'name' in ctor) return `an instance of ${String(ctor.name)}`;
      return inspect(value, { depth: -1 });
    }
  }
}

/**
 * node's ERR_INVALID_ARG_TYPE, worded as node words it: `The "name" argument must be of type
 * string. Received type number (1)` (a "property" when the name has a dot: `options.timeout`).
 * `expected` is what follows "must be": `of type string`, `an instance of Array`.
 */
export function invalidArgType(name: string, expected: string, value: unknown): ArgumentError {
  const what = name.includes('.') ? 'property' : 'argument';
  return new ArgumentError(`The "${name}" ${what} must be ${expected}. Received ${describeReceived(value)}`, 'ERR_INVALID_ARG_TYPE');
}

/**
 * node's ERR_INVALID_ARG_VALUE: `The argument 'family' must be one of: 0, 4, 6. Received 5`
 * (a "property" when the name has a dot), the value shown as util.inspect shows it.
 */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): ArgumentError {
  const what = name.includes('.') ? 'property' : 'argument';
  return new ArgumentError(`The ${what} '${name}' ${reason}. Received ${inspect(value)}`, 'ERR_INVALID_ARG_VALUE');
}

/** node's validateOneOf: ERR_INVALID_ARG_VALUE naming the allowed values, strings quoted. */
export function notOneOf(name: string, value: unknown, allowed: readonly (string | number)[]): ArgumentError {
  return invalidArgValue(name, value, `must be one of: ${allowed.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`);
}

/** node's addNumericalSeparator, for integers past 2^32 in ERR_OUT_OF_RANGE: 4_294_967_296. */
function withSeparators(text: string): string {
  let out = '';
  let i = text.length;
  const start = text[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
  return `${text.slice(0, i)}${out}`;
}

/**
 * A whole number option checked as node's validateInt32 checks one: not a number is
 * ERR_INVALID_ARG_TYPE, a fraction or a value outside `min`..`max` ERR_OUT_OF_RANGE, with
 * node's wording (`The value of "options.tries" is out of range. It must be >= 1 && <= 100.
 * Received 0`). Undefined passes.
 */
export function checkWholeNumber(name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  const range = !Number.isInteger(value) ? 'an integer' : value < min || value > max ? `>= ${min} && <= ${max}` : undefined;
  if (range === undefined) return;
  const received = Number.isInteger(value) && Math.abs(value) > 2 ** 32 ? withSeparators(String(value)) : inspect(value);
  throw new ArgumentError(`The value of "${name}" is out of range. It must be ${range}. Received ${received}`, 'ERR_OUT_OF_RANGE');
}

/**
 * The error codes a DnsError can carry: node:dns's own (EINVAL is what its `reverse` gives for a
 * non-address), ECANCELLED for an aborted call, the RFC 2136 outcomes of an UPDATE, spelled
 * as node spells its codes (node:dns has no updates, so it has no names for them), and EMFILE
 * (the errno's name) when this process has no file descriptor left for a socket.
 */
export const DNS_ERROR_CODES = [
  'ENODATA',
  'EFORMERR',
  'ESERVFAIL',
  'ENOTFOUND',
  'ENOTIMP',
  'EREFUSED',
  'EBADQUERY',
  'EBADNAME',
  'EBADFAMILY',
  'EBADRESP',
  'ECONNREFUSED',
  'ETIMEOUT',
  'EOF',
  'EFILE',
  'ENOMEM',
  'EDESTRUCTION',
  'EBADSTR',
  'EBADFLAGS',
  'ENONAME',
  'EBADHINTS',
  'ENOTINITIALIZED',
  'ECANCELLED',
  'EINVAL',
  'EYXDOMAIN',
  'EYXRRSET',
  'ENXRRSET',
  'ENOTAUTH',
  'ENOTZONE',
  'EMFILE',
] as const;
export type DnsErrorCode = (typeof DNS_ERROR_CODES)[number];

/**
 * The h_errno values of the BIND resolver (netdb.h), for programs written against res_query.
 * NETDB_INTERNAL means "see the error code": a local problem rather than a DNS answer.
 */
export const H_ERRNO = {
  NETDB_INTERNAL: -1,
  NETDB_SUCCESS: 0,
  HOST_NOT_FOUND: 1,
  TRY_AGAIN: 2,
  NO_RECOVERY: 3,
  NO_DATA: 4,
} as const;
export type HErrnoName = keyof typeof H_ERRNO;

const HSTRERROR: Record<HErrnoName, string> = {
  NETDB_INTERNAL: 'Resolver internal error',
  NETDB_SUCCESS: 'Resolver Error 0 (no error)',
  HOST_NOT_FOUND: 'Unknown host',
  TRY_AGAIN: 'Host name lookup failure',
  NO_RECOVERY: 'Unknown server error',
  NO_DATA: 'No address associated with name',
};

/** glibc's hstrerror() text for an h_errno name or number. */
export function hstrerror(herrno: HErrnoName | number): string {
  if (typeof herrno === 'number') {
    const name = (Object.keys(H_ERRNO) as HErrnoName[]).find((k) => H_ERRNO[k] === herrno);
    return name ? HSTRERROR[name] : 'Unknown resolver error';
  }
  return HSTRERROR[herrno] ?? 'Unknown resolver error';
}

// ---------------------------------------------------------------------------------------------
// The outcome table: every mapping from a wire outcome to what callers see, as data. No other
// file keeps a mapping of its own; they all read these.

/**
 * Where an rcode was read. The same number means different things in different places: 16 in
 * a message (the header's four bits with the OPT record's extended bits) is BADVERS, in a
 * TSIG record's error field BADSIG. The codec names each from its own registry
 * (packet/constants.ts rcodeName and tsigErrorName); the table is keyed the same way.
 */
export type RcodeOrigin = 'message' | 'tsig';

/** What a reply's rcode means: 'answer' (NOERROR: an answer, or ENODATA when the answer section is empty), or the error code. */
type MessageOutcome = 'answer' | DnsErrorCode;

/** The codes node:dns does not have: the RFC 2136 rcodes' and EMFILE (node's resolve* has no such outcome). */
const NOT_NODE_CODES: ReadonlySet<DnsErrorCode> = new Set(['EYXDOMAIN', 'EYXRRSET', 'ENXRRSET', 'ENOTAUTH', 'ENOTZONE', 'EMFILE']);

/**
 * A message's rcode (by its name) to res_query's outcome. An rcode not listed (BADVERS to a
 * query that sent EDNS version 0, BADCOOKIE to one that sent no cookie, an unassigned one) is
 * EBADRESP: the reply makes no sense for what was sent.
 */
const MESSAGE_RCODES: Readonly<Record<string, MessageOutcome>> = Object.freeze({
  NOERROR: 'answer',
  FORMERR: 'EFORMERR',
  SERVFAIL: 'ESERVFAIL',
  NXDOMAIN: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED',
  // RFC 2136 section 2.2: the answers to an UPDATE.
  YXDOMAIN: 'EYXDOMAIN',
  YXRRSET: 'EYXRRSET',
  NXRRSET: 'ENXRRSET',
  NOTAUTH: 'ENOTAUTH',
  NOTZONE: 'ENOTZONE',
});

/**
 * A TSIG record's error field (by its name) to a TsigError code (RFC 8945 section 5.2/5.3).
 * BADMODE, BADNAME and BADALG belong to TKEY (RFC 2930); in a TSIG record they are FORMERR.
 */
const TSIG_ERRORS: Readonly<Record<string, TsigErrorCode | 'none'>> = Object.freeze({
  NOERROR: 'none',
  BADSIG: 'BADSIG',
  BADKEY: 'BADKEY',
  BADTIME: 'BADTIME',
  BADTRUNC: 'BADTRUNC',
});

/**
 * What an rcode means, by where it was read: for a message, the DnsError code (undefined for an
 * answer: NOERROR with answers); for a TSIG error field, the TsigError code (undefined for none).
 */
export function rcodeOutcome(origin: 'message', rcode: string, answers: number): DnsErrorCode | undefined;
export function rcodeOutcome(origin: 'tsig', rcode: string): TsigErrorCode | undefined;
export function rcodeOutcome(origin: RcodeOrigin, rcode: string, answers = 0): DnsErrorCode | TsigErrorCode | undefined {
  if (origin === 'tsig') {
    const code = Object.hasOwn(TSIG_ERRORS, rcode) ? TSIG_ERRORS[rcode]! : 'FORMERR';
    return code === 'none' ? undefined : code;
  }
  const outcome = Object.hasOwn(MESSAGE_RCODES, rcode) ? MESSAGE_RCODES[rcode]! : 'EBADRESP';
  if (outcome !== 'answer') return outcome;
  return answers > 0 ? undefined : 'ENODATA';
}

/**
 * The rcodes after which a query moves on to the next server, as glibc's res_send does (the
 * server could not answer; another may). An UPDATE passes its own set: none, because every
 * rcode is the primary's answer (nsupdate).
 */
export const QUERY_FAILOVER_RCODES: ReadonlySet<string> = new Set(['SERVFAIL', 'REFUSED', 'NOTIMP']);

/**
 * Each DnsError code's h_errno, as glibc 2.36's res_query leaves it (resolv/res_query.c):
 * - NXDOMAIN HOST_NOT_FOUND, NOERROR without answers NO_DATA.
 * - SERVFAIL, REFUSED and NOTIMP: TRY_AGAIN. res_query's own switch says NO_RECOVERY for
 *   REFUSED and NOTIMP, but glibc's res_send never hands it such a reply: it moves to the next
 *   server, and when every server gave one it fails as for no reply (TRY_AGAIN). So does ours.
 * - A timeout or refused connection: TRY_AGAIN.
 * - FORMERR, a malformed reply, an rcode with no meaning for a query, a name that cannot be
 *   put in a query (res_nmkquery fails) and the UPDATE rcodes: NO_RECOVERY (res_query's default).
 * - A local fault or an aborted call: NETDB_INTERNAL ("see errno").
 */
const HERRNO_OF: Readonly<Record<DnsErrorCode, HErrnoName>> = Object.freeze({
  ENOTFOUND: 'HOST_NOT_FOUND',
  ENODATA: 'NO_DATA',
  ESERVFAIL: 'TRY_AGAIN',
  EREFUSED: 'TRY_AGAIN',
  ENOTIMP: 'TRY_AGAIN',
  ETIMEOUT: 'TRY_AGAIN',
  ECONNREFUSED: 'TRY_AGAIN',
  EFORMERR: 'NO_RECOVERY',
  EBADRESP: 'NO_RECOVERY',
  EBADNAME: 'NO_RECOVERY',
  EYXDOMAIN: 'NO_RECOVERY',
  EYXRRSET: 'NO_RECOVERY',
  ENXRRSET: 'NO_RECOVERY',
  ENOTAUTH: 'NO_RECOVERY',
  ENOTZONE: 'NO_RECOVERY',
  EBADQUERY: 'NETDB_INTERNAL',
  EBADFAMILY: 'NETDB_INTERNAL',
  EOF: 'NETDB_INTERNAL',
  EFILE: 'NETDB_INTERNAL',
  ENOMEM: 'NETDB_INTERNAL',
  EDESTRUCTION: 'NETDB_INTERNAL',
  EBADSTR: 'NETDB_INTERNAL',
  EBADFLAGS: 'NETDB_INTERNAL',
  ENONAME: 'NETDB_INTERNAL',
  EBADHINTS: 'NETDB_INTERNAL',
  ENOTINITIALIZED: 'NETDB_INTERNAL',
  ECANCELLED: 'NETDB_INTERNAL',
  EINVAL: 'NETDB_INTERNAL',
  // Out of file descriptors: a fault of this machine, not of any server ("see errno").
  EMFILE: 'NETDB_INTERNAL',
});

/** The h_errno a DNS error code corresponds to, as res_query sets it (see the table above). */
export function herrnoFor(code: DnsErrorCode): HErrnoName {
  return HERRNO_OF[code] ?? 'NETDB_INTERNAL';
}

/** The h_errno of any failure: a DnsError's, and NETDB_INTERNAL for anything else (a local fault). */
export function herrnoOfError(error: unknown): HErrnoName {
  return error instanceof DnsError ? error.herrno : 'NETDB_INTERNAL';
}

/**
 * getaddrinfo's EAI_* code for the h_errno of a lookup, as glibc 2.36's gaih_inet turns the
 * nss_dns status into one. Where glibc's getaddrinfo maps differently from res_query, by name:
 * - NO_RECOVERY is EAI_NONAME, not EAI_FAIL: gaih_inet only tells TRY_AGAIN (EAI_AGAIN),
 *   NO_DATA (EAI_NODATA) and NETDB_INTERNAL (EAI_SYSTEM) apart; every other failure of the
 *   DNS source, a FORMERR or a malformed reply among them, ends as "name not known".
 * - A reply holding only a CNAME is HOST_NOT_FOUND from nss_dns, which the AF_INET path
 *   without AI_CANONNAME (try_simple_gethostbyname) reports as EAI_NODATA and the others as
 *   EAI_NONAME: that depends on the path, not the h_errno, so addrinfo/eai.ts applies it.
 */
export const EAI_OF_HERRNO: Readonly<Record<HErrnoName, EaiCode>> = Object.freeze({
  HOST_NOT_FOUND: 'EAI_NONAME',
  NO_DATA: 'EAI_NODATA',
  TRY_AGAIN: 'EAI_AGAIN',
  NO_RECOVERY: 'EAI_NONAME',
  NETDB_INTERNAL: 'EAI_SYSTEM',
  NETDB_SUCCESS: 'EAI_NONAME',
});

/**
 * The codes node:dns itself reports. A program that switches on node's codes sees only these
 * from the resolve* methods, but for EMFILE (out of file descriptors); the RFC 2136 outcomes
 * come only from updates and from res_query on a reply no query gets.
 */
export const NODE_DNS_CODES: ReadonlySet<DnsErrorCode> = new Set(DNS_ERROR_CODES.filter((c) => !NOT_NODE_CODES.has(c)));

/** What a DnsError says about the lookup that failed. */
export interface DnsErrorDetails {
  /** The name that was looked up. */
  hostname?: string;
  /** The record type asked for. */
  type?: string;
  /** The operation, as node:dns names it (`queryA`, `queryAny`, `getHostByAddr`, ...). */
  syscall?: string;
  /** The servers that were tried, as `address:port`. */
  servers?: readonly string[];
  /** The reply that gave this outcome, when one came (res_query leaves it in the answer buffer too). */
  response?: Message;
  /** Why, in words, when the code alone does not say (appended to the message). */
  reason?: string;
  /** The errno node reports with this code, where it reports one (reverse's EINVAL is -22). */
  errno?: number;
  cause?: unknown;
}

/**
 * A lookup failed. `code` is one of node:dns's codes; `herrno` is the matching h_errno name.
 * The message reads like node:dns's: `queryA ENOTFOUND example.com`.
 */
export class DnsError extends Error {
  override readonly name = 'DnsError';
  readonly code: DnsErrorCode;
  /** node's errno where node sets one (-22 for reverse's EINVAL), else undefined as node's DNS errors have it. */
  readonly errno: number | undefined;
  readonly hostname: string | undefined;
  readonly type: string | undefined;
  readonly syscall: string | undefined;
  readonly servers: readonly string[];
  readonly herrno: HErrnoName;
  /** The reply that gave this outcome (NXDOMAIN, SERVFAIL, ...), when one came. */
  readonly response: Message | undefined;
  /** Why, in words, when the code alone does not say. */
  readonly reason: string | undefined;

  constructor(code: DnsErrorCode, details: DnsErrorDetails = {}) {
    const what = [details.syscall, code, details.hostname].filter((s) => s !== undefined && s !== '');
    const text = details.reason === undefined ? what.join(' ') : `${what.join(' ')}: ${details.reason}`;
    super(text, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.errno = details.errno;
    this.hostname = details.hostname;
    this.type = details.type;
    this.syscall = details.syscall;
    this.servers = details.servers ?? [];
    this.herrno = herrnoFor(code);
    this.response = details.response;
    this.reason = details.reason;
  }
}

// ---------------------------------------------------------------------------------------------
// getaddrinfo / getnameinfo

/**
 * The EAI_* codes of glibc's netdb.h (with _GNU_SOURCE), as strings: what `AddrInfoError.code`
 * holds. getaddrinfo and getnameinfo produce a subset; the rest exist so that `gaiStrerror`
 * covers every number glibc can return.
 */
export const EAI_CODES = [
  'EAI_BADFLAGS',
  'EAI_NONAME',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_FAMILY',
  'EAI_SOCKTYPE',
  'EAI_SERVICE',
  'EAI_ADDRFAMILY',
  'EAI_MEMORY',
  'EAI_SYSTEM',
  'EAI_OVERFLOW',
  'EAI_INPROGRESS',
  'EAI_CANCELED',
  'EAI_NOTCANCELED',
  'EAI_ALLDONE',
  'EAI_INTR',
  'EAI_IDN_ENCODE',
] as const;
export type EaiCode = (typeof EAI_CODES)[number];

/** glibc's numeric value of each EAI_* code (negative, as getaddrinfo returns them on Linux). */
export const EAI_ERRNO: Readonly<Record<EaiCode, number>> = Object.freeze({
  EAI_BADFLAGS: -1,
  EAI_NONAME: -2,
  EAI_AGAIN: -3,
  EAI_FAIL: -4,
  EAI_NODATA: -5,
  EAI_FAMILY: -6,
  EAI_SOCKTYPE: -7,
  EAI_SERVICE: -8,
  EAI_ADDRFAMILY: -9,
  EAI_MEMORY: -10,
  EAI_SYSTEM: -11,
  EAI_OVERFLOW: -12,
  EAI_INPROGRESS: -100,
  EAI_CANCELED: -101,
  EAI_NOTCANCELED: -102,
  EAI_ALLDONE: -103,
  EAI_INTR: -104,
  EAI_IDN_ENCODE: -105,
});

// glibc 2.36 sysdeps/posix/gai_strerror-strs.h, in the C locale.
const GAI_STRERROR: Readonly<Record<EaiCode, string>> = {
  EAI_ADDRFAMILY: 'Address family for hostname not supported',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_BADFLAGS: 'Bad value for ai_flags',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
  EAI_FAMILY: 'ai_family not supported',
  EAI_MEMORY: 'Memory allocation failure',
  EAI_NODATA: 'No address associated with hostname',
  EAI_NONAME: 'Name or service not known',
  EAI_SERVICE: 'Servname not supported for ai_socktype',
  EAI_SOCKTYPE: 'ai_socktype not supported',
  EAI_SYSTEM: 'System error',
  EAI_INPROGRESS: 'Processing request in progress',
  EAI_CANCELED: 'Request canceled',
  EAI_NOTCANCELED: 'Request not canceled',
  EAI_ALLDONE: 'All requests done',
  EAI_INTR: 'Interrupted by a signal',
  EAI_IDN_ENCODE: 'Parameter string not correctly encoded',
  // glibc 2.36's table has no entry for EAI_OVERFLOW (only getnameinfo returns it).
  EAI_OVERFLOW: 'Unknown error',
};

function isEaiCode(value: unknown): value is EaiCode {
  return typeof value === 'string' && Object.hasOwn(GAI_STRERROR, value);
}

/**
 * gai_strerror: glibc's text for an EAI_* code, given as its name ('EAI_NONAME') or glibc's
 * number (-2). Anything else gives glibc's 'Unknown error'.
 */
export function gaiStrerror(code: EaiCode | number | string): string {
  if (isEaiCode(code)) return GAI_STRERROR[code];
  if (typeof code === 'number') {
    const name = EAI_CODES.find((c) => EAI_ERRNO[c] === code);
    if (name !== undefined) return GAI_STRERROR[name];
  }
  return 'Unknown error';
}

/** What an AddrInfoError says about the call that failed. */
export interface AddrInfoErrorDetails {
  /** The node (host) of getaddrinfo, or the address of getnameinfo. */
  hostname?: string | null;
  /** The service of getaddrinfo, or the port of getnameinfo. */
  service?: string | number | null;
  /** 'getaddrinfo' or 'getnameinfo'. */
  syscall?: 'getaddrinfo' | 'getnameinfo';
  /** The underlying failure (a DnsError for a DNS outcome, the thrown value for EAI_SYSTEM). */
  cause?: unknown;
}

/**
 * getaddrinfo or getnameinfo failed. `code` is the EAI_* name, `errno` glibc's number for it,
 * and the message is gai_strerror's text, so a C programmer's expectations carry over. The
 * DnsError behind a DNS outcome (with the servers tried) is kept as `cause`.
 */
export class AddrInfoError extends Error {
  override readonly name = 'AddrInfoError';
  readonly code: EaiCode;
  /** glibc's value for `code` (EAI_NONAME is -2). */
  readonly errno: number;
  readonly hostname: string | null | undefined;
  readonly service: string | number | null | undefined;
  readonly syscall: 'getaddrinfo' | 'getnameinfo';

  constructor(code: EaiCode, details: AddrInfoErrorDetails = {}) {
    const syscall = details.syscall ?? 'getaddrinfo';
    const subject = details.hostname ?? (details.service === undefined || details.service === null ? '' : String(details.service));
    super(`${syscall} ${code}${subject === '' ? '' : ` ${subject}`}: ${GAI_STRERROR[code]}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.errno = EAI_ERRNO[code];
    this.hostname = details.hostname;
    this.service = details.service;
    this.syscall = syscall;
  }
}

/**
 * The error `lookup` (the dns.lookup drop-in) reports, shaped exactly as node:dns reports a
 * failed getaddrinfo: `code` 'ENOTFOUND' for EAI_NONAME and EAI_NODATA, otherwise the EAI_*
 * name; `errno` libuv's number for it; `syscall` 'getaddrinfo'; `hostname`; message
 * `getaddrinfo ENOTFOUND name`. Code that handles node's errors handles these unchanged.
 */
export class LookupError extends Error {
  // Declared in node's order (errno, code, syscall, hostname) so the own properties match; `name`
  // stays Error.prototype's 'Error', as on node's error.
  readonly errno: number | undefined;
  readonly code: string;
  readonly syscall = 'getaddrinfo';
  readonly hostname: string;

  constructor(code: string, errno: number | undefined, hostname: string, cause?: unknown) {
    super(`getaddrinfo ${code}${hostname ? ` ${hostname}` : ''}`, cause === undefined ? undefined : { cause });
    this.errno = errno;
    this.code = code;
    this.hostname = hostname;
  }
}

// ---------------------------------------------------------------------------------------------
// TSIG

/**
 * Why a TSIG check failed. BADKEY, BADSIG, BADTIME and BADTRUNC are the RFC 8945 TSIG errors
 * of the same names; FORMERR is a malformed TSIG record; UNSIGNED is a message with no TSIG.
 */
export type TsigErrorCode = 'BADKEY' | 'BADSIG' | 'BADTIME' | 'BADTRUNC' | 'FORMERR' | 'UNSIGNED';

/** What a TsigError says about the message that failed. */
export interface TsigErrorDetails {
  /** The key name in the TSIG record (canonical form), when there was one. */
  keyName?: string;
  /** For BADTIME: the signer's clock minus ours, in seconds (positive when the signer is ahead). */
  skew?: number;
  /** For BADTIME: the other side's clock as the message tells it (its Time Signed), in seconds. */
  serverTime?: number;
  /** True when the other side reported this error in an unsigned TSIG (RFC 8945 5.3.2), rather than our check finding it. */
  reported?: boolean;
  cause?: unknown;
}

/**
 * A TSIG signature did not verify, or a signed message was malformed. `code` says which check
 * of RFC 8945 section 5.2 failed first. The message never contains key material.
 */
export class TsigError extends Error {
  override readonly name = 'TsigError';
  readonly code: TsigErrorCode;
  readonly keyName: string | undefined;
  readonly skew: number | undefined;
  readonly serverTime: number | undefined;
  readonly reported: boolean;

  constructor(code: TsigErrorCode, reason: string, details: TsigErrorDetails = {}) {
    super(`TSIG ${code}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.keyName = details.keyName;
    this.skew = details.skew;
    this.serverTime = details.serverTime;
    this.reported = details.reported ?? false;
  }
}
