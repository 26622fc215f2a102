/**
 * Destination address ordering: RFC 6724 section 6 with its default policy table (section
 * 2.1), then the resolver's sort list as a tie-breaker, then the order the addresses were
 * found in (rule 10). Pure: the interface addresses are passed in.
 *
 * The rules need the source address the kernel would use for each destination. glibc finds it
 * by connect()ing a UDP socket to each one; here it is estimated from the interface addresses
 * (estimateSource), which gives the same answer for the usual cases: loopback, on-link
 * prefixes, one default route per family. Rules 3, 4 and 7 (deprecated and home addresses,
 * native transport) need kernel address flags that os.networkInterfaces does not report, and
 * are skipped, as if no address were deprecated, home, or tunnelled.
 */
import { type SortListEntry } from '../env/index.js';
import { addressBytes, commonPrefixLength, isInterfaceScopedMulticast, isLinkLocal6, isLoopback6, isUnspecified6, isV4Mapped, type Bytes16 } from './address.js';
import type { InterfaceAddress } from './interfaces.js';
import type { AddressTuple } from './numeric.js';

interface PolicyEntry {
  readonly prefix: Bytes16;
  readonly bits: number;
  readonly precedence: number;
  readonly label: number;
}

function policy(text: string, bits: number, precedence: number, label: number): PolicyEntry {
  return { prefix: addressBytes(text) as Bytes16, bits, precedence, label };
}

/** RFC 6724 section 2.1, longest prefix first. */
export const DEFAULT_POLICY_TABLE: readonly PolicyEntry[] = Object.freeze(
  [
    policy('::1', 128, 50, 0),
    policy('::', 0, 40, 1),
    policy('::ffff:0.0.0.0', 96, 35, 4),
    policy('2002::', 16, 30, 2),
    policy('2001::', 32, 5, 5),
    policy('fc00::', 7, 3, 13),
    policy('::', 96, 1, 3),
    policy('fec0::', 10, 1, 11),
    policy('3ffe::', 16, 1, 12),
  ].sort((a, b) => b.bits - a.bits),
);

function lookupPolicy(address: Bytes16): PolicyEntry {
  for (const entry of DEFAULT_POLICY_TABLE) {
    if (commonPrefixLength(address, entry.prefix) >= entry.bits) return entry;
  }
  // ::/0 matches everything; this is never reached.
  return DEFAULT_POLICY_TABLE[DEFAULT_POLICY_TABLE.length - 1] as PolicyEntry;
}

/** Precedence(A) from the default policy table. */
export function precedenceOf(address: Bytes16): number {
  return lookupPolicy(address).precedence;
}

/** Label(A) from the default policy table. */
export function labelOf(address: Bytes16): number {
  return lookupPolicy(address).label;
}

/** Link-local scope (RFC 4291 section 2.7, RFC 6724 section 3.1); loopback has it too. */
export const SCOPE_LINK_LOCAL = 0x2;
/** Site-local scope (the deprecated fec0::/10). */
export const SCOPE_SITE_LOCAL = 0x5;
/** Global scope. */
export const SCOPE_GLOBAL = 0xe;

/**
 * Scope(A): for IPv6 multicast its scope field; loopback and link-local are link-local; the
 * deprecated site-local prefix is site-local; IPv4 (RFC 6724 section 3.2) is link-local for
 * 127.0.0.0/8 and 169.254.0.0/16, and global otherwise, private ranges included.
 */
export function scopeOf(address: Bytes16): number {
  if (isV4Mapped(address)) {
    const a = address[12];
    if (a === 127 || (a === 169 && address[13] === 254)) return SCOPE_LINK_LOCAL;
    return SCOPE_GLOBAL;
  }
  if (address[0] === 0xff) return (address[1] ?? 0) & 0xf;
  if (isLinkLocal6(address) || isLoopback6(address)) return SCOPE_LINK_LOCAL;
  if (address[0] === 0xfe && ((address[1] ?? 0) & 0xc0) === 0xc0) return SCOPE_SITE_LOCAL;
  return SCOPE_GLOBAL;
}

/** A source address, as estimateSource picks it. */
export interface SourceAddress {
  readonly bytes: Bytes16;
  /** The prefix length of its subnet, in its own family's bits. */
  readonly prefixLength: number;
}

function inPrefix(address: Bytes16, a: InterfaceAddress): boolean {
  const bits = a.family === 4 ? 96 + a.prefixLength : a.prefixLength;
  return commonPrefixLength(address, a.bytes) >= bits;
}

function longestPrefix(candidates: InterfaceAddress[]): InterfaceAddress | undefined {
  let best: InterfaceAddress | undefined;
  for (const c of candidates) if (best === undefined || c.prefixLength > best.prefixLength) best = c;
  return best;
}

/**
 * The source address the kernel would likely choose for `dest` (16 bytes), or undefined when
 * the destination looks unreachable (RFC 6724 rule 1):
 * - loopback and unspecified destinations go out from the loopback address of their family;
 * - a link-local destination needs its zone, and goes out from that interface's link-local
 *   address (glibc cannot connect to a link-local address without a scope either);
 * - an on-link destination goes out from the address whose prefix holds it;
 * - anything else is taken to follow a default route, from a non-loopback address of the
 *   family (IPv6: not link-local), chosen by RFC 6724 section 5 rules 2, 6 and 8 (scope,
 *   label, longest matching prefix). With no such address it is unreachable.
 */
export function estimateSource(dest: Bytes16, zone: string | undefined, addresses: readonly InterfaceAddress[]): SourceAddress | undefined {
  const pick = (a: InterfaceAddress | undefined): SourceAddress | undefined => (a === undefined ? undefined : { bytes: a.bytes, prefixLength: a.prefixLength });
  if (isV4Mapped(dest)) {
    const v4 = addresses.filter((a) => a.family === 4);
    const first = dest[12];
    if (first === 127 || (first === 0 && dest[13] === 0 && dest[14] === 0 && dest[15] === 0)) {
      const loop = v4.filter((a) => a.bytes[12] === 127);
      return pick(loop.find((a) => a.bytes[13] === 0 && a.bytes[14] === 0 && a.bytes[15] === 1) ?? loop[0]);
    }
    const usable = v4.filter((a) => a.bytes[12] !== 127);
    return pick(longestPrefix(usable.filter((a) => inPrefix(dest, a))) ?? usable.find((a) => !a.internal) ?? usable[0]);
  }
  const v6 = addresses.filter((a) => a.family === 6);
  if (isLoopback6(dest) || isUnspecified6(dest)) return pick(v6.find((a) => isLoopback6(a.bytes)));
  if (isLinkLocal6(dest) || isInterfaceScopedMulticast(dest)) {
    if (zone === undefined) return undefined;
    const onInterface = v6.filter((a) => a.name === zone || (a.scopeid !== 0 && String(a.scopeid) === zone));
    return pick(onInterface.find((a) => isLinkLocal6(a.bytes)) ?? onInterface[0]);
  }
  const usable = v6.filter((a) => !isLoopback6(a.bytes) && !isLinkLocal6(a.bytes));
  const onLink = longestPrefix(usable.filter((a) => inPrefix(dest, a)));
  if (onLink !== undefined) return pick(onLink);
  const destScope = scopeOf(dest);
  const destLabel = labelOf(dest);
  let best: InterfaceAddress | undefined;
  for (const c of usable) {
    if (best === undefined || preferSource(c, best, dest, destScope, destLabel)) best = c;
  }
  return pick(best);
}

/** RFC 6724 section 5 rules 2, 6 and 8, for the default-route case. */
function preferSource(a: InterfaceAddress, b: InterfaceAddress, dest: Bytes16, destScope: number, destLabel: number): boolean {
  const sa = scopeOf(a.bytes);
  const sb = scopeOf(b.bytes);
  if (sa !== sb) {
    if (sa < sb) return sa >= destScope;
    return sb < destScope;
  }
  const la = labelOf(a.bytes) === destLabel;
  const lb = labelOf(b.bytes) === destLabel;
  if (la !== lb) return la;
  return Math.min(commonPrefixLength(a.bytes, dest), a.prefixLength) > Math.min(commonPrefixLength(b.bytes, dest), b.prefixLength);
}

/**
 * The position of an IPv4 address (or IPv4-mapped IPv6 address) in the sort list, as glibc's
 * addrsort matches it: the first entry for which `address & mask` equals the entry's address
 * as written; an address matching none, and any other IPv6 address, sorts after all of them.
 */
export function sortlistRank(address: Bytes16, sortlist: readonly SortListEntry[]): number {
  if (!isV4Mapped(address)) return sortlist.length;
  const a = (((address[12] ?? 0) << 24) | ((address[13] ?? 0) << 16) | ((address[14] ?? 0) << 8) | (address[15] ?? 0)) >>> 0;
  for (let i = 0; i < sortlist.length; i++) {
    const entry = sortlist[i] as SortListEntry;
    const e = addressBytes(entry.address);
    const m = addressBytes(entry.mask);
    if (e === undefined || m === undefined) continue;
    const mask = (((m[12] ?? 0) << 24) | ((m[13] ?? 0) << 16) | ((m[14] ?? 0) << 8) | (m[15] ?? 0)) >>> 0;
    const net = (((e[12] ?? 0) << 24) | ((e[13] ?? 0) << 16) | ((e[14] ?? 0) << 8) | (e[15] ?? 0)) >>> 0;
    if (((a & mask) >>> 0) === net) return i;
  }
  return sortlist.length;
}

interface Candidate<T> {
  readonly item: T;
  readonly index: number;
  readonly dest: Bytes16;
  readonly source: SourceAddress | undefined;
  readonly scope: number;
  readonly precedence: number;
  readonly labelMatches: boolean;
  readonly scopeMatches: boolean;
  readonly matchLength: number;
  readonly sortlist: number;
}

/** Rule 9's CommonPrefixLen: for IPv6 capped at the source's prefix; for IPv4 only within the source's subnet, as glibc (so DNS round robin is kept for addresses off the local network). */
function matchLength(dest: Bytes16, source: SourceAddress): number {
  const common = commonPrefixLength(dest, source.bytes);
  if (isV4Mapped(dest)) return common >= 96 + source.prefixLength ? common - 96 : 0;
  return Math.min(common, source.prefixLength);
}

function compare<T>(a: Candidate<T>, b: Candidate<T>): number {
  // Rule 1: avoid unusable destinations.
  if ((a.source === undefined) !== (b.source === undefined)) return a.source === undefined ? 1 : -1;
  const sourced = a.source !== undefined;
  // Rule 2: prefer matching scope.
  if (sourced && a.scopeMatches !== b.scopeMatches) return a.scopeMatches ? -1 : 1;
  // Rule 5: prefer matching label.
  if (sourced && a.labelMatches !== b.labelMatches) return a.labelMatches ? -1 : 1;
  // Rule 6: prefer higher precedence.
  if (a.precedence !== b.precedence) return b.precedence - a.precedence;
  // Rule 8: prefer smaller scope.
  if (a.scope !== b.scope) return a.scope - b.scope;
  // Rule 9: use longest matching prefix, within one family.
  if (sourced && isV4Mapped(a.dest) === isV4Mapped(b.dest) && a.matchLength !== b.matchLength) return b.matchLength - a.matchLength;
  // The sort list (resolv.conf `sortlist`, QIBM_BIND_RESOLVER_SORTLIST) among what RFC 6724 leaves equal.
  if (a.sortlist !== b.sortlist) return a.sortlist - b.sortlist;
  // Rule 10: leave the order unchanged.
  return a.index - b.index;
}

/**
 * Orders addresses for connecting: RFC 6724's destination address selection against the
 * given interface addresses (undefined: none known, so every destination is treated as
 * reachable from nowhere and only precedence and scope decide), then the sort list, then the
 * order given.
 */
export function sortAddresses<T extends AddressTuple>(items: readonly T[], addresses: readonly InterfaceAddress[] | undefined, sortlist: readonly SortListEntry[] = []): T[] {
  if (items.length < 2) return [...items];
  const candidates = items.map((item, index): Candidate<T> => {
    const dest = addressBytes(item.address) ?? new Uint8Array(16);
    const source = addresses === undefined ? undefined : estimateSource(dest, item.zone, addresses);
    const scope = scopeOf(dest);
    const destPolicy = lookupPolicy(dest);
    return {
      item,
      index,
      dest,
      source,
      scope,
      precedence: destPolicy.precedence,
      labelMatches: source !== undefined && labelOf(source.bytes) === destPolicy.label,
      scopeMatches: source !== undefined && scopeOf(source.bytes) === scope,
      matchLength: source === undefined ? 0 : matchLength(dest, source),
      sortlist: sortlist.length === 0 ? 0 : sortlistRank(dest, sortlist),
    };
  });
  return candidates.sort(compare).map((c) => c.item);
}
