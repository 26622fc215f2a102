/**
 * Every error class the package throws, with stable string codes.
 *
 * Distinct outcomes are distinct codes: NXDOMAIN (ENOTFOUND) is not NODATA (ENODATA), and a
 * SERVFAIL (ESERVFAIL) is not a timeout (ETIMEOUT). The codes are the ones `node:dns` uses, so a
 * program that switches on `err.code` can swap `node:dns` for this package.
 */
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

  constructor(reason: string, offset = -1) {
    super(offset >= 0 ? `${reason} (at offset ${offset})` : reason);
    this.reason = reason;
    this.offset = offset;
  }
}

/** A caller passed an argument that can never work (not a configuration problem: those are clamped). */
export class ArgumentError extends TypeError {
  override readonly name = 'ArgumentError';
  readonly code = 'ERR_INVALID_ARG_VALUE';
}

/** The error codes of `node:dns`, plus ECANCELLED for an aborted call. */
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

/** The h_errno a DNS error code corresponds to, as res_query sets it. */
export function herrnoFor(code: DnsErrorCode): HErrnoName {
  switch (code) {
    case 'ENOTFOUND':
      return 'HOST_NOT_FOUND';
    case 'ENODATA':
      return 'NO_DATA';
    case 'ESERVFAIL':
    case 'ETIMEOUT':
    case 'ECONNREFUSED':
      return 'TRY_AGAIN';
    case 'EFORMERR':
    case 'ENOTIMP':
    case 'EREFUSED':
    case 'EBADRESP':
      return 'NO_RECOVERY';
    default:
      return 'NETDB_INTERNAL';
  }
}

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
  cause?: unknown;
}

/**
 * A lookup failed. `code` is one of node:dns's codes; `herrno` is the matching h_errno name.
 * The message reads like node:dns's: `queryA ENOTFOUND example.com`.
 */
export class DnsError extends Error {
  override readonly name = 'DnsError';
  readonly code: DnsErrorCode;
  readonly errno: undefined = undefined;
  readonly hostname: string | undefined;
  readonly type: string | undefined;
  readonly syscall: string | undefined;
  readonly servers: readonly string[];
  readonly herrno: HErrnoName;
  /** The reply that gave this outcome (NXDOMAIN, SERVFAIL, ...), when one came. */
  readonly response: Message | undefined;

  constructor(code: DnsErrorCode, details: DnsErrorDetails = {}) {
    const what = [details.syscall, code, details.hostname].filter((s) => s !== undefined && s !== '');
    super(what.join(' '), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.hostname = details.hostname;
    this.type = details.type;
    this.syscall = details.syscall;
    this.servers = details.servers ?? [];
    this.herrno = herrnoFor(code);
    this.response = details.response;
  }
}
