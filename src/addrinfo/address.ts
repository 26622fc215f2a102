/**
 * Addresses as 16 bytes, the form the RFC 6724 tables, the sort list and the v4-mapped rules
 * are written in. IPv4 addresses become IPv4-mapped IPv6 (::ffff:a.b.c.d), as glibc's sorting
 * code also treats them, so one set of prefix comparisons serves both families.
 */
import { formatIPv6 } from '../packet/address.js';

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

/** A strict dotted quad (inet_pton) as four numbers, or undefined. */
function quad(text: string): number[] | undefined {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || out.length === 4) return undefined;
      out.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // No leading zeros, at most 255.
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return out.length === 4 ? out : undefined;
}

function bytesFromQuad(q: readonly number[]): Bytes16 {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(q, 12);
  return out;
}

function hexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const g of text.split(':')) {
    if (g.length === 0 || g.length > 4 || !/^[0-9a-fA-F]+$/.test(g)) return undefined;
    out.push(parseInt(g, 16));
  }
  return out;
}

/**
 * 16 bytes for address text as inet_pton reads it (a dotted quad, or IPv6 without a zone), or
 * undefined for anything else. Written out rather than through ipaddr.js, whose parsers report
 * a failed guess at the family by throwing: this runs for every address on every sorted lookup.
 */
export function addressBytes(text: string): Bytes16 | undefined {
  if (!text.includes(':')) {
    const q = quad(text);
    return q === undefined ? undefined : bytesFromQuad(q);
  }
  let body = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const q = quad(text.slice(lastColon + 1));
    if (q === undefined) return undefined;
    tail = [(q[0]! << 8) | q[1]!, (q[2]! << 8) | q[3]!];
    // Keep the colon so that `::1.2.3.4` still reads as `::` before the tail.
    body = text.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const gap = body.indexOf('::');
  let groups: number[];
  if (gap < 0) {
    const all = hexGroups(body);
    if (all === undefined || all.length + tail.length !== 8) return undefined;
    groups = [...all, ...tail];
  } else {
    if (body.indexOf('::', gap + 1) >= 0) return undefined;
    const head = hexGroups(body.slice(0, gap));
    const rest = hexGroups(body.slice(gap + 2));
    if (head === undefined || rest === undefined) return undefined;
    const fill = 8 - head.length - rest.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
  }
  return bytesFromGroups(groups);
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
