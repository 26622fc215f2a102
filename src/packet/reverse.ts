/**
 * Reverse-lookup names: in-addr.arpa for IPv4 (RFC 1035 section 3.5) and ip6.arpa nibbles for
 * IPv6 (RFC 3596, RFC 3152 which retired ip6.int).
 */
import { ArgumentError } from '../errors.js';
import { formatIPv6, parseInetPton4, parseInetPton6 } from './address.js';

/**
 * The PTR owner name for an address: '192.0.2.1' → '1.2.0.192.in-addr.arpa',
 * '2001:db8::1' → '1.0.0.0. … .8.b.d.0.1.0.0.2.ip6.arpa'. An IPv6 zone id is ignored.
 * Throws ArgumentError for anything that is not an IPv4 (dotted quad) or IPv6 address.
 */
export function reverseName(address: string): string {
  const v4 = typeof address === 'string' ? parseInetPton4(address) : undefined;
  if (v4 !== undefined) return v4.split('.').reverse().join('.') + '.in-addr.arpa';
  const zone = typeof address === 'string' ? address.indexOf('%') : -1;
  const groups = typeof address === 'string' ? parseInetPton6(zone < 0 ? address : address.slice(0, zone)) : undefined;
  if (groups === undefined) throw new ArgumentError(`not an IP address: ${JSON.stringify(address)}`);
  const nibbles: string[] = [];
  for (const group of groups) {
    nibbles.push(...group.toString(16).padStart(4, '0'));
  }
  return nibbles.reverse().join('.') + '.ip6.arpa';
}

/**
 * The address a reverse-lookup name stands for, or undefined if the name is not a complete
 * in-addr.arpa (four labels) or ip6.arpa (32 nibbles) name. Case and a trailing dot are ignored.
 */
export function addressFromReverseName(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.endsWith('.in-addr.arpa')) {
    const parts = lower.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) {
      return undefined;
    }
    return parts.reverse().join('.');
  }
  if (lower.endsWith('.ip6.arpa')) {
    const nibbles = lower.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(4 * i, 4 * i + 4), 16));
    return formatIPv6(groups);
  }
  return undefined;
}
