/**
 * AI_ADDRCONFIG, decided as glibc 2.36 decides it (sysdeps/unix/sysv/linux/check_pf.c): IPv4
 * counts as configured when some interface has an IPv4 address other than exactly 127.0.0.1,
 * IPv6 when some interface has an IPv6 address other than ::1. Link-local IPv6 addresses
 * (fe80::/10) do count, and so does 127.0.0.2: glibc compares with the one loopback address,
 * not with the loopback ranges.
 */
import { AddrInfoError } from '../errors.js';
import { isLoopback6 } from './address.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from './constants.js';
import type { InterfaceAddress } from './interfaces.js';

/** Which families have a configured address, as glibc's __check_pf reports them. */
export interface SeenFamilies {
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

/** __check_pf from interface data. Undefined data (it could not be read) counts as both, as glibc is pessimistic. */
export function seenFamilies(addresses: readonly InterfaceAddress[] | undefined): SeenFamilies {
  if (addresses === undefined) return { ipv4: true, ipv6: true };
  let ipv4 = false;
  let ipv6 = false;
  for (const a of addresses) {
    if (a.family === 4) {
      const b = a.bytes;
      if (!(b[12] === 127 && b[13] === 0 && b[14] === 0 && b[15] === 1)) ipv4 = true;
    } else if (!isLoopback6(a.bytes)) {
      ipv6 = true;
    }
  }
  return { ipv4, ipv6 };
}

/**
 * The family getaddrinfo goes on with under AI_ADDRCONFIG: AF_UNSPEC narrows to the one
 * family seen when only one is; with neither seen it stays AF_UNSPEC (glibc's rule, so a
 * machine with only loopback still resolves). A family asked for but not seen is EAI_NONAME.
 */
export function addrconfigFamily(family: number, seen: SeenFamilies): number {
  if (family === AF_UNSPEC) {
    if (seen.ipv4 !== seen.ipv6) return seen.ipv4 ? AF_INET : AF_INET6;
    return AF_UNSPEC;
  }
  if ((family === AF_INET && !seen.ipv4) || (family === AF_INET6 && !seen.ipv6)) throw new AddrInfoError('EAI_NONAME');
  return family;
}
