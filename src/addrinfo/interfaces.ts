/**
 * The machine's interface addresses, as getaddrinfo needs them (AI_ADDRCONFIG, zone names,
 * and estimating source addresses for sorting). The data comes from a function with the
 * signature of os.networkInterfaces, so tests and callers can pass a fixed picture; nothing
 * else here touches the machine.
 */
import { networkInterfaces as osNetworkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { parseInetPton4, parseInetPton6 } from '../packet/index.js';
import { bytesFromGroups, bytesFromIPv4, type Bytes16 } from './address.js';

/** What os.networkInterfaces() returns. */
export type NetworkInterfaceMap = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** A function with os.networkInterfaces' signature. */
export type NetworkInterfacesFn = () => NetworkInterfaceMap;

/** One configured address, in the form the pure parts use. */
export interface InterfaceAddress {
  /** The interface's name (`eth0`). */
  readonly name: string;
  readonly family: 4 | 6;
  /** 16 bytes; an IPv4 address IPv4-mapped. */
  readonly bytes: Bytes16;
  /** The prefix length in the address's own family (0..32 or 0..128). */
  readonly prefixLength: number;
  /** On a loopback interface (IFF_LOOPBACK). */
  readonly internal: boolean;
  /** The interface index, as libuv reports it for IPv6 link-local addresses (0 otherwise). */
  readonly scopeid: number;
}

/** The default source of interface data: os.networkInterfaces. */
export const systemNetworkInterfaces: NetworkInterfacesFn = osNetworkInterfaces;

function prefixFromCidr(cidr: string | null | undefined, max: number): number {
  if (typeof cidr !== 'string') return max;
  const slash = cidr.lastIndexOf('/');
  const n = slash < 0 ? NaN : Number(cidr.slice(slash + 1));
  return Number.isInteger(n) && n >= 0 && n <= max ? n : max;
}

/**
 * Flattens os.networkInterfaces() data. Entries that cannot be read are dropped: this is only
 * ever a hint for sorting and AI_ADDRCONFIG, never a reason to fail a lookup.
 */
export function interfaceAddresses(map: NetworkInterfaceMap): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, infos] of Object.entries(map)) {
    if (!Array.isArray(infos)) continue;
    for (const info of infos) {
      // Node 18.0-18.3 reported the family as a number.
      const raw: unknown = info.family;
      const family = raw === 'IPv4' || raw === 4 ? 4 : raw === 'IPv6' || raw === 6 ? 6 : undefined;
      if (family === 4) {
        const v4 = parseInetPton4(info.address);
        if (v4 === undefined) continue;
        out.push({ name, family, bytes: bytesFromIPv4(v4), prefixLength: prefixFromCidr(info.cidr, 32), internal: info.internal === true, scopeid: 0 });
      } else if (family === 6) {
        const percent = info.address.indexOf('%');
        const groups = parseInetPton6(percent < 0 ? info.address : info.address.slice(0, percent));
        if (groups === undefined) continue;
        const scopeid = 'scopeid' in info && typeof info.scopeid === 'number' ? info.scopeid : 0;
        out.push({ name, family, bytes: bytesFromGroups(groups), prefixLength: prefixFromCidr(info.cidr, 128), internal: info.internal === true, scopeid });
      }
    }
  }
  return out;
}

/**
 * if_nametoindex, as well as interface data allows: whether `name` is an interface, and its
 * index when one of its IPv6 link-local addresses reveals it.
 */
export function interfaceIndex(addresses: readonly InterfaceAddress[], name: string): { exists: boolean; index: number | undefined } {
  let exists = false;
  for (const a of addresses) {
    if (a.name !== name) continue;
    exists = true;
    if (a.scopeid !== 0) return { exists, index: a.scopeid };
  }
  return { exists, index: undefined };
}

/** if_indextoname, as well as interface data allows. */
export function interfaceName(addresses: readonly InterfaceAddress[], index: number): string | undefined {
  return addresses.find((a) => a.scopeid === index && index !== 0)?.name;
}
