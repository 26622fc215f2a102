/**
 * res_search's name rules, as glibc's res_nsearch applies them (resolv/res_query.c):
 *
 * - A name without a dot that the HOSTALIASES file has (unless RES_NOALIASES) is asked only as
 *   the name it stands for.
 * - A name with at least `ndots` dots, or with a trailing dot, is tried as it is first; a
 *   trailing dot makes it absolute, so nothing else is tried.
 * - Then each search domain is appended in turn, if the name has no dot and RES_DEFNAMES is set,
 *   or has dots (but no trailing one) and RES_DNSRCH is set. NXDOMAIN, NODATA and SERVFAIL move
 *   on to the next domain; any other failure stops the search. Without RES_DNSRCH only the
 *   first domain is tried.
 * - Last, the name as it is, unless that was tried already, the search list holds the root, or
 *   RES_NOTLDQUERY is set and the name has no dot.
 * - If all fail: the error of the first as-is try if there was one, else NODATA if any domain
 *   gave it, else SERVFAIL if any gave it, else the last error.
 * - The empty name is never asked as it is (res_querydomain's length check wraps below zero:
 *   NO_RECOVERY, EBADNAME here, and no query). Joined to a search domain it is `.domain`, not a
 *   name, which stops the search; only a root entry makes it a name, the root.
 *
 * The function does no I/O: it is given the query to run for each candidate name.
 */
import { DnsError } from '../errors.js';
import { hostAlias, RES_DEFNAMES, RES_DNSRCH, RES_NOALIASES, RES_NOTLDQUERY, type HostAlias } from '../env/index.js';
import { hasTrailingDot, withoutTrailingDot } from '../packet/index.js';

/** What the search rules need from the configuration. */
export interface SearchRules {
  ndots: number;
  search: readonly string[];
  /** RES_* bits; RES_DEFNAMES, RES_DNSRCH, RES_NOTLDQUERY and RES_NOALIASES matter here. */
  flags: number;
  /** The HOSTALIASES file's lines (config.hostAliases); none when absent. */
  aliases?: readonly HostAlias[] | undefined;
}

/** The name res_querydomain asks for: `name.domain`, or `name` without its trailing dot. */
export function joinDomain(name: string, domain: string | undefined): string {
  if (domain === undefined) return withoutTrailingDot(name);
  const d = domain.startsWith('.') ? domain.slice(1) : domain;
  if (d === '' || d === '.') return name;
  return `${name}.${withoutTrailingDot(d)}`;
}

function countDots(name: string): { dots: number; trailingDot: boolean } {
  let dots = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c /* backslash: the next character is part of the label */) i++;
    else if (c === 0x2e) dots++;
  }
  return { dots, trailingDot: hasTrailingDot(name) };
}

/**
 * Runs res_search: tries the candidate names in glibc's order through `queryDomain`
 * (which asks for exactly `joinDomain(name, domain)`) and returns the first success.
 * `queryDomain` rejects with a DnsError to say how a name failed.
 */
export async function resSearch<T>(
  name: string,
  rules: SearchRules,
  queryDomain: (name: string, domain: string | undefined) => Promise<T>,
): Promise<T> {
  const { dots, trailingDot } = countDots(name);
  // A name without a dot may be a user-level alias (HOSTALIASES): then only the name it
  // stands for is asked, as it is, and nothing else is tried.
  const alias = dots === 0 && !trailingDot && rules.aliases !== undefined && (rules.flags & RES_NOALIASES) === 0 ? hostAlias(rules.aliases, name) : undefined;
  if (alias !== undefined) return queryDomain(alias, undefined);
  let savedError: DnsError | undefined;
  let lastError: DnsError | undefined;
  let triedAsIs = false;
  let searched = false;
  let rootOnList = false;
  let gotNodata: DnsError | undefined;
  let gotServfail: DnsError | undefined;
  const asIs = (): Promise<T> => (name === '' ? Promise.reject(new DnsError('EBADNAME', { syscall: 'query', reason: 'an empty name is not asked as it is' })) : queryDomain(name, undefined));

  if (dots >= rules.ndots || trailingDot) {
    try {
      return await asIs();
    } catch (err) {
      if (trailingDot || !(err instanceof DnsError) || err.code === 'ECANCELLED') throw err;
      savedError = err;
      lastError = err;
      triedAsIs = true;
    }
  }

  if ((dots === 0 && (rules.flags & RES_DEFNAMES) !== 0) || (dots > 0 && !trailingDot && (rules.flags & RES_DNSRCH) !== 0)) {
    for (const entry of rules.search) {
      searched = true;
      const domain = entry.startsWith('.') ? entry.slice(1) : entry;
      if (domain === '' || domain === '.') rootOnList = true;
      let done = false;
      try {
        return await queryDomain(name, domain);
      } catch (err) {
        if (!(err instanceof DnsError)) throw err;
        lastError = err;
        // No server at all: give up at once, as glibc does; and a cancelled lookup stops here.
        if (err.code === 'ECONNREFUSED' || err.code === 'ECANCELLED') throw err;
        if (err.code === 'ENODATA') gotNodata ??= err;
        else if (err.code === 'ESERVFAIL') gotServfail ??= err;
        else if (err.code !== 'ENOTFOUND') done = true;
      }
      if ((rules.flags & RES_DNSRCH) === 0) done = true;
      if (done) break;
    }
  }

  if ((dots > 0 || !searched || (rules.flags & RES_NOTLDQUERY) === 0) && !(triedAsIs || rootOnList)) {
    try {
      return await asIs();
    } catch (err) {
      if (!(err instanceof DnsError)) throw err;
      lastError = err;
    }
  }

  const error = savedError ?? gotNodata ?? gotServfail ?? lastError;
  if (error === undefined) {
    // Nothing was tried (no-tld-query on a single label with an empty search list).
    throw new DnsError('ENOTFOUND', { hostname: name, syscall: 'search' });
  }
  throw error;
}
