/**
 * Addresses as 16 bytes, the form the RFC 6724 tables, the sort list and the v4-mapped rules
 * are written in. IPv4 addresses become IPv4-mapped IPv6 (::ffff:a.b.c.d), as glibc's sorting
 * code also treats them, so one set of prefix comparisons serves both families.
 */
import { formatIPv6, parseInetPton4, parseInetPton6 } from '../packet/index.js';

/** An address in 16 bytes (an IPv4 address IPv4-mapped). */
export type Bytes16 = Uint8Array;

/** Whether 16 bytes are an IPv4-mapped IPv6 address (IN6_IS_ADDR_V4MAPPED). */
export function isV4Mapped(b: Bytes16): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** IN6_IS_ADDR_LINKLOCAL: fe80::/10. */
export function isLinkLocal6(b: Bytes16): boolean {
  return b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
}

/** IN6_IS_ADDR_LOOPBACK: ::1. */
export function isLoopback6(b: Bytes16): boolean {
  for (let i = 0; i < 15; i++) if (b[i] !== 0) return false;
  return b[15] === 1;
}

/** IN6_IS_ADDR_UNSPECIFIED: ::. */
export function isUnspecified6(b: Bytes16): boolean {
  return b.every((x) => x === 0);
}

/** IN6_IS_ADDR_MC_LINKLOCAL or IN6_IS_ADDR_MC_NODELOCAL: the multicast scopes that need an interface. */
export function isInterfaceScopedMulticast(b: Bytes16): boolean {
  return b[0] === 0xff && (((b[1] ?? 0) & 0xf) === 0x1 || ((b[1] ?? 0) & 0xf) === 0x2);
}

/** 16 bytes for a dotted quad (IPv4-mapped). */
export function bytesFromIPv4(dottedQuad: string): Bytes16 {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  const parts = dottedQuad.split('.');
  for (let i = 0; i < 4; i++) out[12 + i] = Number(parts[i]);
  return out;
}

/** 16 bytes for eight IPv6 groups. */
export function bytesFromGroups(groups: readonly number[]): Bytes16 {
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] ?? 0;
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  }
  return out;
}

/**
 * 16 bytes for address text as inet_pton reads it (a dotted quad, as IPv4-mapped, or IPv6
 * without a zone), or undefined for anything else.
 */
export function addressBytes(text: string): Bytes16 | undefined {
  if (!text.includes(':')) {
    const v4 = parseInetPton4(text);
    return v4 === undefined ? undefined : bytesFromIPv4(v4);
  }
  const groups = parseInetPton6(text);
  return groups === undefined ? undefined : bytesFromGroups(groups);
}

/** The dotted quad in the last four bytes. */
export function ipv4Text(b: Bytes16): string {
  return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
}

/** IPv6 text as inet_ntop prints it. */
export function ipv6Text(b: Bytes16): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  return formatIPv6(groups);
}

/** How many leading bits two 16-byte addresses share. */
export function commonPrefixLength(a: Bytes16, b: Bytes16): number {
  for (let i = 0; i < 16; i++) {
    const x = (a[i] ?? 0) ^ (b[i] ?? 0);
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return 128;
}
