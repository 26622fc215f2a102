/**
 * The sizes and bounds of glibc's resolver state (resolv.h, bits/types/res_state.h). They are
 * limits of the C structure, kept here so that a configuration means the same thing to this
 * package as to every C program on the machine.
 */

/** Name servers kept (MAXNS); later `nameserver` lines are ignored. */
export const MAXNS = 3;
/** Search-list entries kept (MAXDNSRCH). */
export const MAXDNSRCH = 6;
/**
 * Bytes available for the search list (sizeof defdname): every kept entry costs its length
 * plus one (the C string terminator, the separating space in LOCALDOMAIN), so six short
 * names always fit and one over-long name ends the list.
 */
export const MAXDNSRCH_CHARS = 256;
/** Sort-list entries kept (MAXRESOLVSORT). */
export const MAXRESOLVSORT = 10;
/** Highest `ndots` (RES_MAXNDOTS: the field is four bits wide). */
export const RES_MAXNDOTS = 15;
/** Highest `timeout`, in seconds (RES_MAXRETRANS). */
export const RES_MAXRETRANS = 30;
/** Highest `attempts` (RES_MAXRETRY). */
export const RES_MAXRETRY = 5;
/** Default `timeout`, in seconds (RES_TIMEOUT). */
export const RES_TIMEOUT = 5;
/** Default `attempts` (RES_DFLRETRY). */
export const RES_DFLRETRY = 2;
/** Default `ndots`. */
export const RES_DFLNDOTS = 1;
/** The DNS port (NAMESERVER_PORT). */
export const NAMESERVER_PORT = 53;

/**
 * Cut a search list the way glibc copies it into the resolver state: at most MAXDNSRCH
 * entries, and stop (not skip) at the first entry that no longer fits in MAXDNSRCH_CHARS.
 * Returns the kept entries and how many were dropped.
 */
export function truncateSearchList(domains: readonly string[]): { kept: string[]; dropped: number } {
  const kept: string[] = [];
  let used = 0;
  for (const domain of domains) {
    if (kept.length === MAXDNSRCH) break;
    // The UTF-8 length is what the C buffer holds.
    const cost = Buffer.byteLength(domain, 'utf8') + 1;
    if (used + cost > MAXDNSRCH_CHARS) break;
    used += cost;
    kept.push(domain);
  }
  return { kept, dropped: domains.length - kept.length };
}
