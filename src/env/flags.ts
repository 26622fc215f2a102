/**
 * The RES_* option bits of the BIND resolver, with glibc's values so that a mask printed by a
 * C program and one printed by this package mean the same thing.
 *
 * Values are those of glibc's <resolv.h> (2.36). RES_INSECURE1, RES_INSECURE2 and
 * RES_USE_INET6 are gone from glibc's public header but keep their historical BIND/glibc
 * values. RES_NOCACHE exists only here (see its comment).
 */

/** The state has been initialised. Always set in a loaded configuration, as res_ninit sets it. */
export const RES_INIT = 0x00000001;
/** Print debugging messages (glibc honours it only in debug builds). */
export const RES_DEBUG = 0x00000002;
/** Accept authoritative answers only. Deprecated in glibc; here it also bypasses the cache. */
export const RES_AAONLY = 0x00000004;
/** Use TCP ("virtual circuit") instead of UDP. Set by `options use-vc`. */
export const RES_USEVC = 0x00000008;
/** Query the primary server only. Deprecated; kept for the name. */
export const RES_PRIMARY = 0x00000010;
/** Ignore truncation: keep a truncated UDP answer instead of retrying over TCP. */
export const RES_IGNTC = 0x00000020;
/** Set RD (recursion desired) in queries. Part of RES_DEFAULT. */
export const RES_RECURSE = 0x00000040;
/** Append the default domain to single-label names. Part of RES_DEFAULT. */
export const RES_DEFNAMES = 0x00000080;
/** Keep the TCP connection open between queries. */
export const RES_STAYOPEN = 0x00000100;
/** Search the search list. Part of RES_DEFAULT. */
export const RES_DNSRCH = 0x00000200;
/** Accept answers from servers not in the server list (BIND "type 1 security" off). Historical value. */
export const RES_INSECURE1 = 0x00000400;
/** Accept answers whose question does not match the query ("type 2 security" off). Historical value. */
export const RES_INSECURE2 = 0x00000800;
/** Ignore the HOSTALIASES environment variable. */
export const RES_NOALIASES = 0x00001000;
/** Return IPv6 (mapped) addresses from IPv4-only lookups. Set by `options inet6`; historical value. */
export const RES_USE_INET6 = 0x00002000;
/** Rotate through the servers, spreading load. Set by `options rotate`. */
export const RES_ROTATE = 0x00004000;
/** Do not check answer names for invalid characters. Set by `options no-check-names`. */
export const RES_NOCHECKNAME = 0x00008000;
/** Do not strip TSIG records from answers. Deprecated; kept for the name. */
export const RES_KEEPTSIG = 0x00010000;
/** Query all servers at once. Deprecated; kept for the name. */
export const RES_BLAST = 0x00020000;
/** Send an EDNS0 OPT record. Set by `options edns0`. */
export const RES_USE_EDNS0 = 0x00100000;
/** One outstanding request at a time (A then AAAA). Set by `options single-request`. */
export const RES_SNGLKUP = 0x00200000;
/** As RES_SNGLKUP, with a new socket for each request. Set by `options single-request-reopen`. */
export const RES_SNGLKUPREOP = 0x00400000;
/** Set the DNSSEC OK bit in the OPT record. */
export const RES_USE_DNSSEC = 0x00800000;
/** Never query a single-label name as a top-level domain. Set by `options no-tld-query`. */
export const RES_NOTLDQUERY = 0x01000000;
/** Do not reload resolv.conf when it changes. Set by `options no-reload`. */
export const RES_NORELOAD = 0x02000000;
/** Set AD in queries and keep AD in answers. Set by `options trust-ad`. */
export const RES_TRUSTAD = 0x04000000;
/** Do not send AAAA queries. Set by `options no-aaaa` (glibc 2.36). */
export const RES_NOAAAA = 0x08000000;
/**
 * Bypass the answer cache. Not a glibc flag (glibc has no cache): it takes bit 30, which no
 * glibc or BIND release assigns, and stays clear of bit 31 so masks remain positive numbers.
 */
export const RES_NOCACHE = 0x40000000;
/** The options a fresh state starts with, as glibc's RES_DEFAULT. */
export const RES_DEFAULT = RES_RECURSE | RES_DEFNAMES | RES_DNSRCH;

/**
 * Every flag by its C name, for QIBM_BIND_RESOLVER_FLAGS and for printing a mask.
 * RES_DEFAULT is included because the IBM variable accepts it as a group.
 */
export const RES_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  RES_INIT,
  RES_DEBUG,
  RES_AAONLY,
  RES_USEVC,
  RES_PRIMARY,
  RES_IGNTC,
  RES_RECURSE,
  RES_DEFNAMES,
  RES_STAYOPEN,
  RES_DNSRCH,
  RES_INSECURE1,
  RES_INSECURE2,
  RES_NOALIASES,
  RES_USE_INET6,
  RES_ROTATE,
  RES_NOCHECKNAME,
  RES_KEEPTSIG,
  RES_BLAST,
  RES_USE_EDNS0,
  RES_SNGLKUP,
  RES_SNGLKUPREOP,
  RES_USE_DNSSEC,
  RES_NOTLDQUERY,
  RES_NORELOAD,
  RES_TRUSTAD,
  RES_NOAAAA,
  RES_NOCACHE,
  RES_DEFAULT,
});

/**
 * The single-bit flag names set in `mask`, lowest bit first (as glibc's p_option lists
 * them); bits with no name come out as hex so nothing is silently dropped.
 */
export function flagNames(mask: number): string[] {
  const names: string[] = [];
  let rest = mask >>> 0;
  for (const [name, bit] of Object.entries(RES_FLAGS)) {
    if (name === 'RES_DEFAULT') continue;
    if ((rest & bit) !== 0) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}

/**
 * The resolv.conf `options` keywords that set a flag, in glibc's matching order: a keyword
 * matches any word it is a prefix of (glibc compares only the keyword's length), so
 * `single-request-reopen` must be tried before `single-request`.
 *
 * glibc 2.36 no longer knows `inet6` and `no-check-names`; this package still honours them
 * (documented difference, see test/env/glibc.test.ts).
 */
export const OPTION_FLAGS: ReadonlyArray<readonly [keyword: string, flag: number]> = Object.freeze([
  ['inet6', RES_USE_INET6],
  ['rotate', RES_ROTATE],
  ['edns0', RES_USE_EDNS0],
  ['single-request-reopen', RES_SNGLKUPREOP],
  ['single-request', RES_SNGLKUP],
  ['no_tld_query', RES_NOTLDQUERY],
  ['no-tld-query', RES_NOTLDQUERY],
  ['no-reload', RES_NORELOAD],
  ['use-vc', RES_USEVC],
  ['trust-ad', RES_TRUSTAD],
  ['no-aaaa', RES_NOAAAA],
  ['no-check-names', RES_NOCHECKNAME],
] as const);
