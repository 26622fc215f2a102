/**
 * A node that is an address, read as glibc's getaddrinfo reads it (text_to_binary_address):
 * IPv4 with inet_aton's rules (`127.1`, `0x7f.0.0.1` and `2130706433` are addresses; no
 * query is ever sent for them), then IPv6 with inet_pton's, with an optional `%zone`. Under
 * AI_NUMERICHOST this package is stricter than glibc for IPv4 (inet_pton: four decimal parts
 * only); see the README, "Where getaddrinfo differs from glibc".
 */
import { AddrInfoError } from '../errors.js';
import { parseInetAton, parseInetPton4, parseInetPton6 } from '../packet/index.js';
import { bytesFromGroups, ipv4Text, ipv6Text, isInterfaceScopedMulticast, isLinkLocal6, isV4Mapped } from './address.js';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_V4MAPPED } from './constants.js';

/** A numeric node, before the hints' family is applied. */
export interface NumericNode {
  readonly family: 4 | 6;
  /** Canonical text, without the zone. */
  readonly address: string;
  /** The text after `%`, for IPv6. */
  readonly zone: string | undefined;
}

/**
 * Whether `text` has only the characters inet_aton can accept (digits, hex digits, x, dots).
 * Host names almost never pass, and this spares them ipaddr.js's parser, which reports a
 * failure by throwing: by far the most expensive step of a hosts-file lookup otherwise.
 */
function mayBeIPv4(text: string): boolean {
  if (text.length === 0 || text.length > 64) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c === 0x78 || c === 0x2e)) return false;
  }
  return true;
}

/**
 * Reads `node` as an address, or returns undefined when it is not one (then it is a name).
 * `strict` (AI_NUMERICHOST) reads IPv4 with inet_pton instead of inet_aton.
 */
export function parseNumericNode(node: string, strict: boolean): NumericNode | undefined {
  const v4 = !mayBeIPv4(node) ? undefined : strict ? parseInetPton4(node) : parseInetAton(node);
  if (v4 !== undefined) return { family: 4, address: v4, zone: undefined };
  const percent = node.indexOf('%');
  const groups = parseInetPton6(percent < 0 ? node : node.slice(0, percent));
  if (groups === undefined) return undefined;
  return { family: 6, address: ipv6Text(bytesFromGroups(groups)), zone: percent < 0 ? undefined : node.slice(percent + 1) };
}

/** An address as getaddrinfo returns it: its family after the hints are applied. */
export interface AddressTuple {
  readonly family: 4 | 6;
  /** Canonical text, without a zone. */
  readonly address: string;
  /** The zone as written (`eth0`, `2`), for a scoped IPv6 address. */
  readonly zone?: string;
  /** The interface index of the zone, when it is known. */
  readonly scopeid?: number;
}

/** What the zone check needs to know about interfaces: name to index (undefined when unknown). */
export type InterfaceIndex = (name: string) => { exists: boolean; index: number | undefined };

const UINT32_MAX = 0xffffffff;

/**
 * glibc's __inet6_scopeid_pton: an interface name for a link-local (or link- or node-local
 * multicast) address, else a decimal number up to UINT32_MAX. Undefined when neither.
 */
export function scopeId(bytes: Uint8Array, zone: string, interfaces: InterfaceIndex): { scopeid: number | undefined } | undefined {
  if (isLinkLocal6(bytes) || isInterfaceScopedMulticast(bytes)) {
    const found = interfaces(zone);
    if (found.exists) return { scopeid: found.index };
  }
  const first = zone.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39 && /^[0-9]+$/.test(zone)) {
    const n = Number(zone);
    if (n <= UINT32_MAX) return { scopeid: n };
  }
  return undefined;
}

/**
 * Applies the hints' family to a numeric node, as glibc does: IPv4 under AF_INET6 becomes
 * ::ffff:a.b.c.d with AI_V4MAPPED and is EAI_ADDRFAMILY without it; IPv6 under AF_INET is
 * EAI_ADDRFAMILY unless it is IPv4-mapped, when it becomes the IPv4 address. A zone that
 * names no interface and is not a number is EAI_NONAME (checked after the family, as glibc).
 */
export function numericTuple(n: NumericNode, family: number, flags: number, interfaces: InterfaceIndex): AddressTuple {
  if (n.family === 4) {
    if (family === AF_UNSPEC || family === AF_INET) return { family: 4, address: n.address };
    if (family === AF_INET6 && (flags & AI_V4MAPPED) !== 0) return { family: 6, address: `::ffff:${n.address}` };
    throw new AddrInfoError('EAI_ADDRFAMILY');
  }
  const groups = parseInetPton6(n.address) as number[];
  const bytes = bytesFromGroups(groups);
  let tuple: AddressTuple;
  if (family === AF_UNSPEC || family === AF_INET6) tuple = { family: 6, address: n.address };
  else if (family === AF_INET && isV4Mapped(bytes)) tuple = { family: 4, address: ipv4Text(bytes) };
  else throw new AddrInfoError('EAI_ADDRFAMILY');
  if (n.zone === undefined) return tuple;
  const scope = scopeId(bytes, n.zone, interfaces);
  if (scope === undefined) throw new AddrInfoError('EAI_NONAME');
  // A zone on an address that became IPv4 has nowhere to go, as in glibc.
  if (tuple.family === 4) return tuple;
  return scope.scopeid === undefined ? { ...tuple, zone: n.zone } : { ...tuple, zone: n.zone, scopeid: scope.scopeid };
}
