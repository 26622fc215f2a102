/**
 * Address text as the C library reads and writes it, on top of ipaddr.js.
 *
 * The C parsers differ in visible ways: resolv.conf is read with inet_aton (so `127.1` and
 * `0x7f.0.0.1` are valid server addresses) while /etc/hosts and AAAA data use inet_pton (strict
 * dotted quad), and ipaddr.js alone is laxer than either. These helpers give each caller the
 * parser glibc uses, and print addresses as glibc's inet_ntop does, so that text printed by this
 * package and by a C program (dig, getent, node:dns through c-ares) is the same.
 */
import ipaddr from 'ipaddr.js';

/**
 * inet_aton without trailing text (glibc's inet_aton_exact): one to four parts, each decimal,
 * octal (leading 0) or hex (0x), the last part filling the remaining bytes. Returns the
 * dotted quad, or undefined.
 */
export function parseInetAton(text: string): string | undefined {
  if (text === '' || !ipaddr.IPv4.isValid(text)) return undefined;
  try {
    return ipaddr.IPv4.parse(text).toString();
  } catch {
    return undefined;
  }
}

/** inet_pton(AF_INET): exactly four decimal parts, no leading zeros. Returns the dotted quad, or undefined. */
export function parseInetPton4(text: string): string | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text).toString() : undefined;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * inet_pton(AF_INET6), without a zone: the groups as 8 numbers, or undefined.
 *
 * ipaddr.js alone is more lenient than inet_pton (it takes groups of more than four digits,
 * octal or hex in an embedded IPv4 tail, and reads `::1.2.3.4` as IPv4-mapped), so the
 * shape is checked here first and ipaddr.js does the expansion.
 */
export function parseInetPton6(text: string): number[] | undefined {
  if (text.length < 2) return undefined;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded IPv4 address must be a strict dotted quad, as inet_pton4 reads it.
    const v4 = parseInetPton4(tail);
    if (v4 === undefined) return undefined;
    const b = ipaddr.IPv4.parse(v4).octets;
    const hi = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
    const lo = ((b[2] ?? 0) << 8) | (b[3] ?? 0);
    hex = `${text.slice(0, lastColon + 1)}${hi.toString(16)}:${lo.toString(16)}`;
  }
  let groupLength = 0;
  for (let i = 0; i < hex.length; i++) {
    const code = hex.charCodeAt(i);
    if (code === 0x3a /* : */) {
      groupLength = 0;
    } else if (isHexDigit(code)) {
      if (++groupLength > 4) return undefined;
    } else {
      return undefined;
    }
  }
  // A lone colon at either end is not the "::" abbreviation.
  if (hex.startsWith(':') && !hex.startsWith('::')) return undefined;
  if (hex.endsWith(':') && !hex.endsWith('::')) return undefined;
  if (!ipaddr.IPv6.isValid(hex)) return undefined;
  try {
    return ipaddr.IPv6.parse(hex).parts.slice();
  } catch {
    return undefined;
  }
}

/**
 * Print IPv6 groups as glibc's inet_ntop does: lower-case hex, the first longest run of two
 * or more zero groups as `::`, and an IPv4 tail for IPv4-compatible (`::1.2.3.4`) and
 * IPv4-mapped (`::ffff:1.2.3.4`) addresses.
 */
export function formatIPv6(parts: readonly number[]): string {
  let bestBase = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > bestLength) {
      bestBase = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestBase = -1;
  const v4Tail = bestBase === 0 && (bestLength === 6 || (bestLength === 5 && parts[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && v4Tail) {
      const hi = parts[6] ?? 0;
      const lo = parts[7] ?? 0;
      out += `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
      break;
    }
    out += (parts[i] ?? 0).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLength === 8) out += ':';
  return out;
}

/** A parsed address: canonical text (inet_ntop style) and family. */
export interface ParsedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * An address as /etc/hosts and getaddrinfo's AI_NUMERICHOST read it (inet_pton for either
 * family, no zone), in canonical text. Undefined when it is not an address.
 */
export function parseNumericAddress(text: string): ParsedAddress | undefined {
  const v4 = parseInetPton4(text);
  if (v4 !== undefined) return { address: v4, family: 4 };
  const v6 = parseInetPton6(text);
  if (v6 !== undefined) return { address: formatIPv6(v6), family: 6 };
  return undefined;
}
