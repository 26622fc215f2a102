import { describe, expect, it } from 'vitest';
import { addressBytes } from '../../src/addrinfo/address.js';
import { interfaceAddresses } from '../../src/addrinfo/interfaces.js';
import type { AddressTuple } from '../../src/addrinfo/numeric.js';
import { estimateSource, labelOf, precedenceOf, scopeOf, sortAddresses, sortlistRank } from '../../src/addrinfo/sort.js';
import { ipv6Text, ipv4Text, isV4Mapped } from '../../src/addrinfo/address.js';
import { parseSortList } from '../../src/env/sortlist.js';
import { DUAL_STACK, IPV4_ONLY, LOOPBACK_ONLY } from './fake-resolver.js';

const b = (text: string) => addressBytes(text)!;
const tuple = (address: string): AddressTuple => ({ family: address.includes(':') ? 6 : 4, address });
const order = (list: string[], ifaces: ReturnType<typeof interfaceAddresses> | undefined, sortlist = '') =>
  sortAddresses(list.map(tuple), ifaces, parseSortList(sortlist).entries).map((t) => t.address);
const dual = interfaceAddresses(DUAL_STACK());
const text = (x: Uint8Array) => (isV4Mapped(x) ? ipv4Text(x) : ipv6Text(x));

describe('the RFC 6724 default policy table', () => {
  it('gives the precedences and labels of section 2.1', () => {
    const rows: [string, number, number][] = [
      ['::1', 50, 0],
      ['2001:db8::1', 40, 1],
      ['192.0.2.1', 35, 4],
      ['2002:c000:201::1', 30, 2],
      ['2001:0:1::1', 5, 5],
      ['fd00::1', 3, 13],
      ['::192.0.2.1', 1, 3],
      ['fec0::1', 1, 11],
      ['3ffe::1', 1, 12],
    ];
    for (const [address, precedence, label] of rows) expect([address, precedenceOf(b(address)), labelOf(b(address))]).toEqual([address, precedence, label]);
  });

  it('gives scopes as section 3: IPv4 loopback and link-local are link-local, private IPv4 is global', () => {
    expect(['127.0.0.1', '169.254.1.1', '10.0.0.1', '192.168.1.1', '::1', 'fe80::1', 'fec0::1', '2001:db8::1', 'ff02::1', 'ff05::1', 'ff0e::1'].map((a) => scopeOf(b(a)))).toEqual([
      2, 2, 14, 14, 2, 2, 5, 14, 2, 5, 14,
    ]);
  });
});

describe('estimateSource', () => {
  const src = (dest: string, zone?: string, ifaces = dual) => {
    const s = estimateSource(b(dest), zone, ifaces);
    return s === undefined ? undefined : `${text(s.bytes)}/${s.prefixLength}`;
  };

  it('uses loopback for loopback and unspecified destinations', () => {
    expect(src('127.0.0.53')).toBe('127.0.0.1/8');
    expect(src('0.0.0.0')).toBe('127.0.0.1/8');
    expect(src('::1')).toBe('::1/128');
    expect(src('::')).toBe('::1/128');
  });

  it('uses the on-link address, else the default-route address of the family', () => {
    expect(src('198.51.100.200')).toBe('198.51.100.7/24');
    expect(src('203.0.113.1')).toBe('198.51.100.7/24');
    expect(src('2001:db8:1::99')).toBe('2001:db8:1::7/64');
    expect(src('2606:4700::1')).toBe('2001:db8:1::7/64');
  });

  it('finds no route for a family with only loopback, or a link-local address without its zone', () => {
    expect(src('2606:4700::1', undefined, interfaceAddresses(IPV4_ONLY()))).toBeUndefined();
    expect(src('192.0.2.1', undefined, interfaceAddresses(LOOPBACK_ONLY()))).toBeUndefined();
    expect(src('fe80::99')).toBeUndefined();
    expect(src('fe80::99', 'eth0')).toBe('fe80::7/64');
    expect(src('fe80::99', '2')).toBe('fe80::7/64');
  });
});

describe('sortAddresses', () => {
  it('puts IPv6 before IPv4 on a dual-stack host (rule 6), loopback first', () => {
    expect(order(['192.0.2.1', '2001:db8:5::1', '127.0.0.1', '::1'], dual)).toEqual(['::1', '2001:db8:5::1', '127.0.0.1', '192.0.2.1']);
  });

  it('puts reachable destinations first (rule 1): IPv4 first on an IPv4-only host', () => {
    expect(order(['2001:db8:5::1', '192.0.2.1'], interfaceAddresses(IPV4_ONLY()))).toEqual(['192.0.2.1', '2001:db8:5::1']);
  });

  it('prefers a destination whose label matches its source (rule 5): IPv4 over a global address from a ULA-only host', () => {
    const ula = interfaceAddresses({ ...DUAL_STACK(), eth0: [DUAL_STACK().eth0[0]!, { ...DUAL_STACK().eth0[1]!, address: 'fd00::7', cidr: 'fd00::7/64' }] });
    expect(order(['2001:db8:5::1', '192.0.2.1'], ula)).toEqual(['192.0.2.1', '2001:db8:5::1']);
    expect(order(['fd00:1::1', '2001:db8:5::1'], ula)).toEqual(['fd00:1::1', '2001:db8:5::1']);
  });

  it('orders by precedence when nothing else decides: global IPv6 (40), 6to4 (30), ULA (3)', () => {
    expect(order(['fd00:9::1', '2002:c000:201::1', '2001:db8:5::1'], undefined)).toEqual(['2001:db8:5::1', '2002:c000:201::1', 'fd00:9::1']);
  });

  it('prefers the smaller scope (rule 8) among equals: a zoned link-local address before a global one', () => {
    const list: AddressTuple[] = [
      { family: 6, address: '2001:db8:5::1' },
      { family: 6, address: 'fe80::1', zone: 'eth0' },
    ];
    expect(sortAddresses(list, dual).map((t) => t.address)).toEqual(['fe80::1', '2001:db8:5::1']);
    // Without its zone the link-local address is unreachable (rule 1), as connect() finds it.
    expect(order(['fe80::1', '2001:db8:5::1'], dual)).toEqual(['2001:db8:5::1', 'fe80::1']);
  });

  it('uses the longest matching prefix among IPv6 destinations (rule 9), up to the source prefix', () => {
    expect(order(['2001:db8:5::1', '2001:db8:1::99'], dual)).toEqual(['2001:db8:1::99', '2001:db8:5::1']);
  });

  it('applies rule 9 to IPv4 only within the source subnet, so round robin survives elsewhere', () => {
    expect(order(['203.0.113.9', '198.51.100.9'], dual)).toEqual(['198.51.100.9', '203.0.113.9']);
    expect(order(['203.0.113.9', '198.51.101.9', '8.8.8.8'], dual)).toEqual(['203.0.113.9', '198.51.101.9', '8.8.8.8']);
  });

  it('keeps the order given for ties (rule 10)', () => {
    expect(order(['192.0.2.3', '192.0.2.1', '192.0.2.2'], dual)).toEqual(['192.0.2.3', '192.0.2.1', '192.0.2.2']);
    expect(order(['192.0.2.3', '192.0.2.1'], undefined)).toEqual(['192.0.2.3', '192.0.2.1']);
  });

  it('breaks RFC 6724 ties by the sort list, IPv4-mapped addresses included', () => {
    expect(order(['192.0.2.3', '203.0.113.1', '192.0.2.1'], dual, '203.0.113.0/255.255.255.0 192.0.2.1/255.255.255.255')).toEqual(['203.0.113.1', '192.0.2.1', '192.0.2.3']);
    expect(order(['::ffff:192.0.2.3', '::ffff:203.0.113.1'], dual, '203.0.113.0')).toEqual(['::ffff:203.0.113.1', '::ffff:192.0.2.3']);
  });

  it('never lets the sort list override RFC 6724', () => {
    expect(order(['203.0.113.1', '2001:db8:5::1'], dual, '203.0.113.0')).toEqual(['2001:db8:5::1', '203.0.113.1']);
  });
});

describe('sortlistRank', () => {
  it('matches as glibc addrsort: address & mask must equal the entry as written', () => {
    const list = parseSortList('130.155.160.0/255.255.240.0 130.155.0.0 10.1.2.3/255.0.0.0').entries;
    expect(sortlistRank(b('130.155.161.5'), list)).toBe(0);
    expect(sortlistRank(b('130.155.9.9'), list)).toBe(1);
    // 10.1.2.3/255.0.0.0 has host bits set, so nothing ever matches it.
    expect(sortlistRank(b('10.1.2.3'), list)).toBe(3);
    expect(sortlistRank(b('2001:db8::1'), list)).toBe(3);
  });
});
