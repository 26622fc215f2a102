import { describe, expect, it } from 'vitest';
import { NI_DGRAM, NI_IDN, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV } from '../../src/addrinfo/constants.js';
import { getnameinfo, lookupAddress, ptrAddress, stripLocalDomain } from '../../src/addrinfo/getnameinfo.js';
import { parseNumericNode } from '../../src/addrinfo/numeric.js';
import { AddrInfoError, ArgumentError } from '../../src/errors.js';
import { DUAL_STACK, fakeConfig, fakeResolver } from './fake-resolver.js';

const ZONE = {
  '10.2.0.192.in-addr.arpa': { PTR: ['both.resolvkit.test.'] },
  '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': { PTR: ['both.resolvkit.test'] },
  '77.2.0.192.in-addr.arpa': { PTR: ['from-dns.resolvkit.test'] },
  '11.2.0.192.in-addr.arpa': {},
  '12.2.0.192.in-addr.arpa': 'ESERVFAIL' as const,
  '13.2.0.192.in-addr.arpa': 'EREFUSED' as const,
  '14.2.0.192.in-addr.arpa': 'EFORMERR' as const,
  '15.2.0.192.in-addr.arpa': { CNAME: '15.0/26.2.0.192.in-addr.arpa' },
  '15.0/26.2.0.192.in-addr.arpa': { PTR: ['classless.resolvkit.test'] },
  '31.2.0.192.in-addr.arpa': { PTR: ['xn--caf-dma.resolvkit.test'] },
};
const setup = () => {
  const resolver = fakeResolver(
    ZONE,
    fakeConfig({ hosts: '192.0.2.77 files.test\n', services: 'http 80/tcp www\nboth 7001/tcp\nboth 7001/udp\nonlytcp 7000/tcp\n' }),
  );
  return { resolver, opts: { resolver, networkInterfaces: DUAL_STACK } };
};
async function outcome(p: Promise<{ host: string; service: string }>): Promise<string> {
  try {
    const r = await p;
    return `${r.host} ${r.service}`;
  } catch (e) {
    if (e instanceof AddrInfoError) return e.code;
    throw e;
  }
}

describe('getnameinfo', () => {
  it('finds the name by PTR (in-addr.arpa, ip6.arpa) and the service in the services file', async () => {
    const { resolver, opts } = setup();
    expect(await getnameinfo('192.0.2.10', 80, 0, opts)).toEqual({ host: 'both.resolvkit.test', service: 'http' });
    expect(await outcome(getnameinfo('2001:db8::10', 80, 0, opts))).toBe('both.resolvkit.test http');
    expect(resolver.asked).toEqual(['10.2.0.192.in-addr.arpa PTR', '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa PTR']);
  });

  it('looks an IPv4-mapped address up as its IPv4 address, in the hosts file first', async () => {
    const { resolver, opts } = setup();
    expect(await outcome(getnameinfo('::ffff:192.0.2.10', 80, 0, opts))).toBe('both.resolvkit.test http');
    expect(await outcome(getnameinfo('192.0.2.77', 80, 0, opts))).toBe('files.test http');
    expect(await outcome(getnameinfo('::ffff:192.0.2.77', 80, 0, opts))).toBe('files.test http');
    expect(resolver.asked).toEqual(['10.2.0.192.in-addr.arpa PTR']);
  });

  it('finds IPv6 lines for IPv4 addresses as glibc\'s files parser reads them, and never the unspecified address', async () => {
    // glibc reads ::ffff:a.b.c.d as a.b.c.d and ::1 as 127.0.0.1 for an IPv4 lookup; its
    // gethostbyaddr_r finds nothing for :: before asking any source.
    const resolver = fakeResolver(ZONE, fakeConfig({ hosts: '::1 v6loop\n::ffff:192.0.2.78 mappedhost\n:: anyv6\n' }));
    const opts = { resolver, networkInterfaces: DUAL_STACK };
    expect(await outcome(getnameinfo('192.0.2.78', 80, NI_NAMEREQD | NI_NUMERICSERV, opts))).toBe('mappedhost 80');
    expect(await outcome(getnameinfo('::ffff:192.0.2.78', 80, NI_NAMEREQD | NI_NUMERICSERV, opts))).toBe('mappedhost 80');
    expect(await outcome(getnameinfo('127.0.0.1', 80, NI_NAMEREQD | NI_NUMERICSERV, opts))).toBe('v6loop 80');
    expect(await outcome(getnameinfo('::1', 80, NI_NAMEREQD | NI_NUMERICSERV, opts))).toBe('v6loop 80');
    expect(await outcome(getnameinfo('::', 80, NI_NAMEREQD | NI_NUMERICSERV, opts))).toBe('EAI_NONAME');
    expect(await outcome(getnameinfo('::', 80, NI_NUMERICSERV, opts))).toBe(':: 80');
    expect(resolver.asked).not.toContain(expect.stringMatching(/^0\.0\.0\.0\.0\.0/));
  });

  it('follows a CNAME to the PTR, as RFC 2317 delegation needs', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.15', 80, 0, opts))).toBe('classless.resolvkit.test http');
  });

  it('falls back to the number without a name, unless NI_NAMEREQD', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.11', 80, 0, opts))).toBe('192.0.2.11 http');
    expect(await outcome(getnameinfo('192.0.2.99', 80, 0, opts))).toBe('192.0.2.99 http');
    expect(await outcome(getnameinfo('192.0.2.14', 80, 0, opts))).toBe('192.0.2.14 http');
    expect(await outcome(getnameinfo('192.0.2.11', 80, NI_NAMEREQD, opts))).toBe('EAI_NONAME');
    expect(await outcome(getnameinfo('192.0.2.99', 80, NI_NAMEREQD, opts))).toBe('EAI_NONAME');
  });

  it('is EAI_AGAIN when the server fails, even without NI_NAMEREQD, as glibc', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.12', 80, 0, opts))).toBe('EAI_AGAIN');
    expect(await outcome(getnameinfo('192.0.2.13', 80, 0, opts))).toBe('EAI_AGAIN');
  });

  it('NI_NUMERICHOST sends nothing; with NI_NAMEREQD it is EAI_NONAME', async () => {
    const { resolver, opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.10', 80, NI_NUMERICHOST, opts))).toBe('192.0.2.10 http');
    expect(await outcome(getnameinfo('2001:DB8:0::10', 80, NI_NUMERICHOST, opts))).toBe('2001:db8::10 http');
    expect(await outcome(getnameinfo('192.0.2.10', 80, NI_NUMERICHOST | NI_NAMEREQD, opts))).toBe('EAI_NONAME');
    expect(resolver.asked).toEqual([]);
  });

  it('prints a scoped address as glibc: the interface name for a link-local scope it knows, else the number', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('fe80::1%2', 80, NI_NUMERICHOST, opts))).toBe('fe80::1%eth0 http');
    expect(await outcome(getnameinfo('fe80::1%9', 80, NI_NUMERICHOST, opts))).toBe('fe80::1%9 http');
    expect(await outcome(getnameinfo('fe80::1%eth0', 80, NI_NUMERICHOST, opts))).toBe('fe80::1%eth0 http');
    expect(await outcome(getnameinfo('2001:db8::1%2', 80, NI_NUMERICHOST, opts))).toBe('2001:db8::1%2 http');
    expect(() => getnameinfo('2001:db8::1%eth0', 80, 0, opts)).toThrow(ArgumentError);
  });

  it('NI_NUMERICSERV gives the number; NI_DGRAM looks the port up for udp', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.77', 80, NI_NUMERICSERV, opts))).toBe('files.test 80');
    expect(await outcome(getnameinfo('192.0.2.77', 7001, NI_DGRAM, opts))).toBe('files.test both');
    expect(await outcome(getnameinfo('192.0.2.77', 7000, NI_DGRAM, opts))).toBe('files.test 7000');
    expect(await outcome(getnameinfo('192.0.2.77', 7000, 0, opts))).toBe('files.test onlytcp');
    expect(await outcome(getnameinfo('192.0.2.77', 65000, 0, opts))).toBe('files.test 65000');
  });

  it('NI_NOFQDN strips the default domain; NI_IDN decodes punycode', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.10', 80, NI_NOFQDN, opts))).toBe('both http');
    expect(await outcome(getnameinfo('192.0.2.77', 80, NI_NOFQDN, opts))).toBe('files.test http');
    expect(await outcome(getnameinfo('192.0.2.31', 80, NI_IDN | NI_NOFQDN, opts))).toBe('café http');
  });

  it('answers EAI_BADFLAGS for an unknown flag bit', async () => {
    const { opts } = setup();
    expect(await outcome(getnameinfo('192.0.2.10', 80, 4096, opts))).toBe('EAI_BADFLAGS');
  });

  it('throws ArgumentError at once for what is not an address or a port', () => {
    const { opts } = setup();
    expect(() => getnameinfo('both.resolvkit.test', 80, 0, opts)).toThrow(ArgumentError);
    expect(() => getnameinfo('127.1', 80, 0, opts)).toThrow(ArgumentError);
    expect(() => getnameinfo('192.0.2.1', 65536, 0, opts)).toThrow(ArgumentError);
    expect(() => getnameinfo('192.0.2.1', -1, 0, opts)).toThrow(ArgumentError);
    expect(() => getnameinfo('192.0.2.1', 80, 1.5, opts)).toThrow(ArgumentError);
  });

  it('carries the address and port on its errors', async () => {
    const { opts } = setup();
    const err = (await getnameinfo('192.0.2.99', 80, NI_NAMEREQD, opts).catch((e: unknown) => e)) as AddrInfoError;
    expect(err).toMatchObject({ code: 'EAI_NONAME', hostname: '192.0.2.99', service: 80, syscall: 'getnameinfo' });
  });
});

describe('getnameinfo helpers', () => {
  it('stripLocalDomain removes only a whole trailing domain, ignoring case', () => {
    expect(stripLocalDomain('www.Example.TEST', 'example.test')).toBe('www');
    expect(stripLocalDomain('example.test', 'example.test')).toBe('example.test');
    expect(stripLocalDomain('wwwexample.test', 'example.test')).toBe('wwwexample.test');
    expect(stripLocalDomain('www.example.test', undefined)).toBe('www.example.test');
  });

  it('ptrAddress unmaps IPv4-mapped and IPv4-compatible addresses (not ::1), as nss_dns', () => {
    expect(ptrAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(ptrAddress('::192.0.2.20')).toBe('192.0.2.20');
    expect(ptrAddress('::1')).toBe('::1');
    expect(ptrAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(ptrAddress('192.0.2.1')).toBe('192.0.2.1');
  });

  it('lookupAddress unmaps IPv4-mapped addresses only, for the hosts file', () => {
    expect(lookupAddress(parseNumericNode('::ffff:192.0.2.1', true)!)).toBe('192.0.2.1');
    expect(lookupAddress(parseNumericNode('::192.0.2.1', true)!)).toBe('::192.0.2.1');
    expect(lookupAddress(parseNumericNode('192.0.2.1', true)!)).toBe('192.0.2.1');
  });
});
