import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addrconfigFamily, seenFamilies } from '../../src/addrinfo/addrconfig.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../src/addrinfo/constants.js';
import { interfaceAddresses, interfaceIndex, interfaceName, type NetworkInterfaceMap } from '../../src/addrinfo/interfaces.js';
import { AddrInfoError } from '../../src/errors.js';
import { DUAL_STACK, IPV4_ONLY, LOOPBACK_ONLY } from './fake-resolver.js';

const entry = (address: string, family: 'IPv4' | 'IPv6', cidr: string, internal = false, scopeid = 0): NetworkInterfaceInfo =>
  family === 'IPv4'
    ? { address, netmask: '', family, mac: '00:00:00:00:00:00', internal, cidr }
    : { address, netmask: '', family, mac: '00:00:00:00:00:00', internal, cidr, scopeid };
const seen = (map: NetworkInterfaceMap) => seenFamilies(interfaceAddresses(map));

describe('seenFamilies (glibc __check_pf)', () => {
  it('counts families with an address other than the loopback address', () => {
    expect(seen(DUAL_STACK())).toEqual({ ipv4: true, ipv6: true });
    expect(seen(IPV4_ONLY())).toEqual({ ipv4: true, ipv6: false });
    expect(seen(LOOPBACK_ONLY())).toEqual({ ipv4: false, ipv6: false });
    expect(seen({})).toEqual({ ipv4: false, ipv6: false });
  });

  it('compares with 127.0.0.1 and ::1 exactly: 127.0.0.2 and link-local IPv6 count, as in glibc 2.36', () => {
    expect(seen({ lo: [entry('127.0.0.2', 'IPv4', '127.0.0.2/8', true)] })).toEqual({ ipv4: true, ipv6: false });
    expect(seen({ eth0: [entry('fe80::1', 'IPv6', 'fe80::1/64', false, 2)] })).toEqual({ ipv4: false, ipv6: true });
  });

  it('counts both when the interfaces could not be read', () => {
    expect(seenFamilies(undefined)).toEqual({ ipv4: true, ipv6: true });
  });
});

describe('addrconfigFamily', () => {
  const codeOf = (fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (e) {
      return (e as AddrInfoError).code;
    }
  };

  it('narrows AF_UNSPEC to the only family seen, and leaves it when both or neither are seen', () => {
    expect(addrconfigFamily(AF_UNSPEC, { ipv4: true, ipv6: false })).toBe(AF_INET);
    expect(addrconfigFamily(AF_UNSPEC, { ipv4: false, ipv6: true })).toBe(AF_INET6);
    expect(addrconfigFamily(AF_UNSPEC, { ipv4: true, ipv6: true })).toBe(AF_UNSPEC);
    expect(addrconfigFamily(AF_UNSPEC, { ipv4: false, ipv6: false })).toBe(AF_UNSPEC);
  });

  it('answers EAI_NONAME for a family asked for but not seen', () => {
    expect(codeOf(() => addrconfigFamily(AF_INET6, { ipv4: true, ipv6: false }))).toBe('EAI_NONAME');
    expect(codeOf(() => addrconfigFamily(AF_INET, { ipv4: false, ipv6: false }))).toBe('EAI_NONAME');
    expect(addrconfigFamily(AF_INET, { ipv4: true, ipv6: false })).toBe(AF_INET);
  });
});

describe('interfaceAddresses', () => {
  it('reads os.networkInterfaces data, with prefix lengths and indexes', () => {
    const list = interfaceAddresses(DUAL_STACK());
    expect(list.map((a) => [a.name, a.family, a.prefixLength, a.internal, a.scopeid])).toEqual([
      ['lo', 4, 8, true, 0],
      ['lo', 6, 128, true, 0],
      ['eth0', 4, 24, false, 0],
      ['eth0', 6, 64, false, 0],
      ['eth0', 6, 64, false, 2],
    ]);
    expect(interfaceIndex(list, 'eth0')).toEqual({ exists: true, index: 2 });
    expect(interfaceIndex(list, 'lo')).toEqual({ exists: true, index: undefined });
    expect(interfaceIndex(list, 'wlan0')).toEqual({ exists: false, index: undefined });
    expect(interfaceName(list, 2)).toBe('eth0');
    expect(interfaceName(list, 9)).toBeUndefined();
  });

  it('drops entries it cannot read instead of failing', () => {
    const odd = { x: [entry('not an address', 'IPv4', 'x'), entry('fe80::1%x', 'IPv6', 'fe80::1/64')], y: undefined };
    expect(interfaceAddresses(odd).map((a) => a.family)).toEqual([6]);
  });
});
