/**
 * From DNS outcomes to EAI_* codes, as glibc 2.36's getaddrinfo maps them (get_nss_addresses,
 * try_simple_gethostbyname), checked against it (see the README, "Where getaddrinfo differs from glibc"): NXDOMAIN is
 * EAI_NONAME; NOERROR without answers is EAI_NODATA; SERVFAIL, REFUSED, NOTIMP, a timeout or
 * no server at all is EAI_AGAIN; FORMERR is EAI_NONAME. A reply holding only a CNAME is
 * EAI_NODATA for AF_INET without AI_CANONNAME and EAI_NONAME otherwise, as glibc. A local fault is EAI_SYSTEM and
 * an aborted call EAI_CANCELED. Pure.
 */
import { DnsError, EAI_OF_HERRNO, type EaiCode, type HErrnoName } from '../errors.js';
import type { DnsFailure, DnsOutcome } from './dns.js';

/** glibc's translation of h_errno for a single lookup (the outcome table's EAI_OF_HERRNO). */
export function eaiFromHerrno(herrno: HErrnoName): EaiCode {
  return EAI_OF_HERRNO[herrno];
}

function cancelled(outcome: DnsOutcome | undefined): boolean {
  return outcome !== undefined && !outcome.ok && outcome.error instanceof DnsError && outcome.error.code === 'ECANCELLED';
}

/**
 * The code for a failed AF_UNSPEC lookup, or (`inet`) an AF_INET one without AI_CANONNAME:
 * that path (try_simple_gethostbyname) reports a CNAME-only reply as EAI_NODATA.
 */
export function eaiForFailure(outcome: DnsFailure, inet = false): EaiCode {
  if (cancelled(outcome)) return 'EAI_CANCELED';
  if (inet && outcome.cnameOnly) return 'EAI_NODATA';
  return eaiFromHerrno(outcome.herrno);
}

/** glibc's no_data value: EAI_AGAIN for TRY_AGAIN, 1 for NO_DATA, 0 otherwise. */
function noDataValue(herrno: HErrnoName): 'again' | 'nodata' | 0 {
  if (herrno === 'TRY_AGAIN') return 'again';
  return herrno === 'NO_DATA' ? 'nodata' : 0;
}

/**
 * The code for a failed AF_INET6 lookup, from the AAAA outcome and, when it was asked (with
 * AI_V4MAPPED), the A outcome: both said "no data" or "try again": EAI_NODATA, unless both
 * said "try again" (EAI_AGAIN); otherwise EAI_NONAME. A local fault in either is EAI_SYSTEM.
 */
export function eaiForInet6Failure(aaaa: DnsFailure, a: DnsFailure | undefined): EaiCode {
  if (cancelled(aaaa) || cancelled(a)) return 'EAI_CANCELED';
  if (aaaa.herrno === 'NETDB_INTERNAL' || a?.herrno === 'NETDB_INTERNAL') return 'EAI_SYSTEM';
  const inet6 = noDataValue(aaaa.herrno);
  const last = a === undefined ? inet6 : noDataValue(a.herrno);
  if (inet6 !== 0 && last !== 0) return inet6 === 'again' && last === 'again' ? 'EAI_AGAIN' : 'EAI_NODATA';
  return 'EAI_NONAME';
}
