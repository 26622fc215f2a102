/**
 * Which of the addresses a lookup found are returned for the hints' family, and in what form:
 * glibc's rules for AF_INET, AF_INET6, AI_V4MAPPED and AI_ALL (get_nss_addresses and
 * generate_addrinfo). Pure.
 */
import { ipv4Reading } from '../env/index.js';
import { addressBytes, isV4Mapped } from './address.js';
import { AF_INET, AF_INET6, AI_ALL, AI_V4MAPPED } from './constants.js';
import type { AddressTuple } from './numeric.js';

/** An address a lookup found: canonical text and family. */
export interface FoundAddress {
  readonly family: 4 | 6;
  readonly address: string;
}

/** The addresses to return, and glibc's got_ipv6 (an IPv6 address was found for AF_INET6). */
export interface Selection {
  readonly tuples: AddressTuple[];
  readonly gotIpv6: boolean;
}

/**
 * Selects and maps, given everything found in the order found (the hosts file's line order;
 * for DNS, the A answers then the AAAA answers):
 * - AF_UNSPEC: everything, in that order.
 * - AF_INET: the IPv4 addresses.
 * - AF_INET6: the IPv6 addresses; then, with AI_V4MAPPED, the IPv4 addresses as ::ffff:a.b.c.d
 *   when there was no IPv6 address, or always with AI_ALL. AI_V4MAPPED is ignored for other
 *   families, as in glibc.
 */
export function selectForFamily(found: readonly FoundAddress[], family: number, flags: number): Selection {
  if (family === AF_INET) return { tuples: found.filter((f) => f.family === 4).map((f) => ({ family: 4, address: f.address })), gotIpv6: false };
  if (family !== AF_INET6) return { tuples: found.map((f) => ({ family: f.family, address: f.address })), gotIpv6: false };
  const tuples: AddressTuple[] = found.filter((f) => f.family === 6).map((f) => ({ family: 6, address: f.address }));
  const gotIpv6 = tuples.length > 0;
  if ((flags & AI_V4MAPPED) !== 0 && ((flags & AI_ALL) !== 0 || !gotIpv6)) {
    for (const f of found) if (f.family === 4) tuples.push({ family: 6, address: `::ffff:${f.address}` });
  }
  return { tuples, gotIpv6 };
}

/** A hosts-file line as the family views need it. */
export interface HostsLine {
  readonly family: 4 | 6;
  readonly address: string;
  /** The line's canonical name. */
  readonly name: string;
}

/**
 * A hosts-file line as glibc's nss_files reads it for an AF_INET lookup (ipv4Reading): IPv4 as
 * it is, an IPv4-mapped IPv6 address as its IPv4 address, `::1` as 127.0.0.1, any other IPv6
 * line not at all. (So a name on both a `127.0.0.1` and a `::1` line comes back twice, as in glibc.)
 */
export function asIPv4Line(line: HostsLine): HostsLine | undefined {
  if (line.family === 4) return line;
  const address = ipv4Reading(line);
  return address === undefined ? undefined : { family: 4, address, name: line.name };
}

/**
 * What glibc reads from the hosts file for a lookup, in the order the lookups read it, and the
 * canonical name they report:
 * - AF_UNSPEC (nss_files' gethostbyname4_r): every line as it is; the first line's name.
 * - AF_INET (gethostbyname3_r for AF_INET): the lines as asIPv4Line reads them.
 * - AF_INET6 (gethostbyname3_r for AF_INET6, then for AF_INET when AI_V4MAPPED needs it): the
 *   IPv6 lines, then the AF_INET reading, which selectForFamily maps or drops.
 * The canonical name is that of the first line the first family found.
 */
export function hostsView(lines: readonly HostsLine[], family: number): { found: FoundAddress[]; canonical: string | undefined } {
  const pick = (list: readonly HostsLine[]) => list.map((l): FoundAddress => ({ family: l.family, address: l.address }));
  if (family !== AF_INET && family !== AF_INET6) return { found: pick(lines), canonical: lines[0]?.name };
  const v4 = lines.map(asIPv4Line).filter((l): l is HostsLine => l !== undefined);
  if (family === AF_INET) return { found: pick(v4), canonical: v4[0]?.name };
  const v6 = lines.filter((l) => l.family === 6);
  return { found: [...pick(v6), ...pick(v4)], canonical: (v6[0] ?? v4[0])?.name };
}

/**
 * generate_addrinfo's last filter: with AI_V4MAPPED but not AI_ALL, once an IPv6 address was
 * found no IPv4-mapped address is returned, not even one that came as AAAA data.
 */
export function dropMappedIfIpv6(selection: Selection, flags: number): AddressTuple[] {
  if (!selection.gotIpv6 || (flags & (AI_V4MAPPED | AI_ALL)) !== AI_V4MAPPED) return selection.tuples;
  return selection.tuples.filter((t) => {
    if (t.family !== 6) return true;
    const b = addressBytes(t.address);
    return b === undefined || !isV4Mapped(b);
  });
}
