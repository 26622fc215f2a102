import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_ALL, AI_V4MAPPED } from '../../src/addrinfo/constants.js';
import { asIPv4Line, dropMappedIfIpv6, hostsView, selectForFamily, type FoundAddress } from '../../src/addrinfo/families.js';

const found: FoundAddress[] = [
  { family: 4, address: '192.0.2.1' },
  { family: 6, address: '2001:db8::1' },
  { family: 4, address: '192.0.2.2' },
];
const v4only: FoundAddress[] = [{ family: 4, address: '192.0.2.1' }];
const addrs = (family: number, flags: number, list = found) => dropMappedIfIpv6(selectForFamily(list, family, flags), flags).map((t) => t.address);

describe('selectForFamily', () => {
  it('keeps everything, in the order found, for AF_UNSPEC, whatever the flags', () => {
    expect(addrs(AF_UNSPEC, AI_V4MAPPED | AI_ALL)).toEqual(['192.0.2.1', '2001:db8::1', '192.0.2.2']);
  });

  it('keeps IPv4 for AF_INET and ignores AI_V4MAPPED', () => {
    expect(addrs(AF_INET, AI_V4MAPPED)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('keeps IPv6 for AF_INET6, mapping IPv4 only with AI_V4MAPPED and no IPv6, or with AI_ALL', () => {
    expect(addrs(AF_INET6, 0)).toEqual(['2001:db8::1']);
    expect(addrs(AF_INET6, 0, v4only)).toEqual([]);
    expect(addrs(AF_INET6, AI_V4MAPPED)).toEqual(['2001:db8::1']);
    expect(addrs(AF_INET6, AI_V4MAPPED, v4only)).toEqual(['::ffff:192.0.2.1']);
    expect(addrs(AF_INET6, AI_V4MAPPED | AI_ALL)).toEqual(['2001:db8::1', '::ffff:192.0.2.1', '::ffff:192.0.2.2']);
    // AI_ALL alone maps nothing: it only widens AI_V4MAPPED.
    expect(addrs(AF_INET6, AI_ALL, v4only)).toEqual([]);
  });

  it('reports got_ipv6 only for AF_INET6', () => {
    expect(selectForFamily(found, AF_INET6, 0).gotIpv6).toBe(true);
    expect(selectForFamily(found, AF_UNSPEC, 0).gotIpv6).toBe(false);
  });
});

describe('dropMappedIfIpv6', () => {
  it('drops IPv4-mapped AAAA data once IPv6 was found, under AI_V4MAPPED without AI_ALL', () => {
    const mapped: FoundAddress[] = [
      { family: 6, address: '::ffff:192.0.2.9' },
      { family: 6, address: '2001:db8::9' },
    ];
    expect(addrs(AF_INET6, AI_V4MAPPED, mapped)).toEqual(['2001:db8::9']);
    expect(addrs(AF_INET6, AI_V4MAPPED | AI_ALL, mapped)).toEqual(['::ffff:192.0.2.9', '2001:db8::9']);
    expect(addrs(AF_INET6, 0, mapped)).toEqual(['::ffff:192.0.2.9', '2001:db8::9']);
  });
});

describe('hostsView (what nss_files reads for each family)', () => {
  const lines = [
    { family: 4 as const, address: '127.0.0.1', name: 'localhost' },
    { family: 6 as const, address: '::1', name: 'localhost6' },
    { family: 6 as const, address: '::ffff:192.0.2.7', name: 'mapped' },
    { family: 6 as const, address: '2001:db8::7', name: 'global' },
  ];
  const view = (family: number) => {
    const v = hostsView(lines, family);
    return [v.found.map((f) => `${f.family}:${f.address}`), v.canonical];
  };

  it('reads every line as it is for AF_UNSPEC', () => {
    expect(view(AF_UNSPEC)).toEqual([['4:127.0.0.1', '6:::1', '6:::ffff:192.0.2.7', '6:2001:db8::7'], 'localhost']);
  });

  it('reads ::1 as 127.0.0.1 and IPv4-mapped lines as IPv4 for AF_INET, as glibc (duplicates included)', () => {
    expect(view(AF_INET)).toEqual([['4:127.0.0.1', '4:127.0.0.1', '4:192.0.2.7'], 'localhost']);
    expect(asIPv4Line(lines[3]!)).toBeUndefined();
  });

  it('reads the IPv6 lines, then the AF_INET reading, for AF_INET6; the name is the first IPv6 line\'s', () => {
    expect(view(AF_INET6)).toEqual([['6:::1', '6:::ffff:192.0.2.7', '6:2001:db8::7', '4:127.0.0.1', '4:127.0.0.1', '4:192.0.2.7'], 'localhost6']);
  });
});
