import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { RES_ROTATE, RES_USE_EDNS0 } from '../../src/env/flags.js';
import { parseNameServer, parseResolvConf } from '../../src/env/resolvconf.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/env/${name}`, import.meta.url), 'utf8');
const servers = (text: string): string[] => parseResolvConf(text).nameservers.map((s) => `${s.address}#${s.port}`);

describe('parseResolvConf: nameserver', () => {
  it('reads IPv4 and IPv6 servers with port 53', () => {
    expect(parseResolvConf('nameserver 192.0.2.1\nnameserver ::1\n').nameservers).toEqual([
      { address: '192.0.2.1', port: 53, family: 4 },
      { address: '::1', port: 53, family: 6 },
    ]);
  });

  it('keeps at most three, in file order, skipping invalid ones without using up a slot', () => {
    expect(servers(fixture('resolv.conf.many-nameservers'))).toEqual(['192.0.2.1#53', '192.0.2.2#53', '2001:db8::53#53']);
    const parsed = parseResolvConf(fixture('resolv.conf.many-nameservers'));
    expect(parsed.warnings.filter((w) => w.includes('more than 3'))).toHaveLength(2);
  });

  it('reads inet_aton forms as glibc', () => {
    expect(servers(fixture('resolv.conf.aton'))).toEqual(['127.0.0.1#53', '127.0.0.2#53', '8.0.0.1#53']);
  });

  it('keeps an IPv6 zone as text', () => {
    expect(servers('nameserver fe80::1%eth0')).toEqual(['fe80::1%eth0#53']);
    expect(servers('nameserver fe80::1%')).toEqual(['fe80::1#53']);
  });

  it('accepts a port: address:port and [IPv6]:port (extension)', () => {
    expect(servers(fixture('resolv.conf.ports'))).toEqual(['127.0.0.1#5300', '::1#5301', '127.0.0.2#53']);
    expect(parseNameServer('[fe80::1%lo]:5302')).toEqual({ address: 'fe80::1%lo', port: 5302, family: 6 });
    expect(parseNameServer('[::1]')).toEqual({ address: '::1', port: 53, family: 6 });
  });

  it('reads a bare IPv6 address ending in digits as an address, never as a port', () => {
    expect(parseNameServer('2001:db8::1:53')).toEqual({ address: '2001:db8::1:53', port: 53, family: 6 });
  });

  it.each(['127.0.0.1:', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:53x', '[::1]:', '[::1]x', '[127.0.0.1]:53', '[::1', 'host:53', '1.2.3.300', 'localhost'])(
    'rejects %j',
    (word) => {
      expect(parseNameServer(word)).toBeUndefined();
    },
  );

  it('uses only the first word (so a trailing comment is harmless)', () => {
    expect(servers('nameserver 192.0.2.1 # office\n')).toEqual(['192.0.2.1#53']);
  });

  it('gives no servers for an empty file (the default is added by createConfig)', () => {
    expect(parseResolvConf('').nameservers).toEqual([]);
  });
});

describe('parseResolvConf: domain and search', () => {
  it('treats domain as a one-entry search list', () => {
    expect(parseResolvConf('domain example.test\n').search).toEqual(['example.test']);
  });

  it('reads every word of search', () => {
    expect(parseResolvConf('search a.example\tb.example  c.example \n').search).toEqual(['a.example', 'b.example', 'c.example']);
  });

  it('lets the last of domain and search win', () => {
    expect(parseResolvConf(fixture('resolv.conf.domain-then-search')).search).toEqual(['second.example', 'third.example']);
    expect(parseResolvConf(fixture('resolv.conf.search-then-domain')).search).toEqual(['first.example']);
  });

  it('leaves search undefined when neither line is present', () => {
    expect(parseResolvConf('nameserver 127.0.0.1\n').search).toBeUndefined();
  });

  it('ignores an empty domain or search line', () => {
    expect(parseResolvConf('domain a.example\ndomain\ndomain   \nsearch \n').search).toEqual(['a.example']);
  });

  it('uses the first word of domain only', () => {
    expect(parseResolvConf('domain a.example b.example\n').search).toEqual(['a.example']);
  });

  it('keeps a trailing comment on a search line as search domains, as glibc', () => {
    expect(parseResolvConf('search a.example # b.example\n').search).toEqual(['a.example', '#', 'b.example']);
  });

  it('keeps at most six entries', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.search-too-many'));
    expect(parsed.search).toEqual(['d1.example', 'd2.example', 'd3.example', 'd4.example', 'd5.example', 'd6.example']);
    expect(parsed.warnings.some((w) => w.includes('2 dropped'))).toBe(true);
  });

  it('stops at the first entry that does not fit in 256 characters', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.search-too-long'));
    expect(parsed.search).toHaveLength(1);
    expect(parseResolvConf(fixture('resolv.conf.domain-too-long')).search).toEqual([]);
  });

  it('fits six entries whose lengths plus separators make exactly 256', () => {
    // 6 names of 41 characters cost 6 * 42 = 252; one more of 3 costs 4: 256 in all.
    const names = Array.from({ length: 5 }, (_, i) => `${String(i).padEnd(41, 'x')}`);
    expect(parseResolvConf(`search ${[...names, 'abc'].join(' ')}`).search).toHaveLength(6);
    expect(parseResolvConf(`search ${[...names, 'abcd'.repeat(2)].join(' ')}`).search).toHaveLength(6);
    const sixth = 'y'.repeat(256 - 5 * 42); // costs one more than fits
    expect(parseResolvConf(`search ${[...names, sixth].join(' ')}`).search).toHaveLength(5);
  });
});

describe('parseResolvConf: comments and keywords', () => {
  it('skips lines starting with # or ;', () => {
    expect(parseResolvConf('# nameserver 192.0.2.1\n; nameserver 192.0.2.2\nnameserver 192.0.2.3').nameservers).toHaveLength(1);
  });

  it('matches keywords only at the start of a line, in lower case, followed by a blank', () => {
    const parsed = parseResolvConf(' nameserver 192.0.2.1\nNameserver 192.0.2.2\nnameserver\nnameserver:192.0.2.3\nsearchx a\n');
    expect(parsed.nameservers).toEqual([]);
    expect(parsed.search).toBeUndefined();
    expect(parsed.warnings.some((w) => w.includes('not at the start'))).toBe(true);
  });

  it('accepts a tab after the keyword', () => {
    expect(servers('nameserver\t192.0.2.1')).toEqual(['192.0.2.1#53']);
  });

  it('reads the broken fixture as glibc does', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.broken'));
    expect(parsed.nameservers.map((s) => s.address)).toEqual(['192.0.2.1', '192.0.2.50']);
    expect(parsed.search).toEqual(['nul.example']);
    // `options ndots:3x rotated edns0foo bogus timeout: attempts:1 # ndots:4`, then `ndots: 2`, then NDOTS:7 (ignored).
    expect(parsed).toMatchObject({ ndots: 2, timeout: 0, attempts: 1, flags: RES_ROTATE | RES_USE_EDNS0 });
    expect(parsed.warnings.length).toBeGreaterThan(5);
  });

  it('ends a line at a NUL byte', () => {
    expect(parseResolvConf('search a.example\0b.example').search).toEqual(['a.example']);
  });

  it('removes a carriage return before the newline (extension)', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.crlf'));
    expect(parsed.nameservers.map((s) => s.address)).toEqual(['192.0.2.7']);
    expect(parsed.search).toEqual(['crlf.example']);
    expect(parsed).toMatchObject({ ndots: 3, flags: RES_ROTATE });
  });

  it('never throws on garbage', () => {
    const junk = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(() => parseResolvConf(junk)).not.toThrow();
    expect(() => parseResolvConf(`nameserver ${'9'.repeat(100000)}\nsearch ${'a '.repeat(50000)}`)).not.toThrow();
  });

  it('survives huge lines and keeps its warnings bounded', () => {
    const parsed = parseResolvConf(`sortlist ${'1.2.3.4 '.repeat(200000)}\n${'junk\n'.repeat(5000)}`);
    expect(parsed.sortlist).toHaveLength(10);
    expect(parsed.warnings.length).toBeLessThanOrEqual(103);
    expect(parsed.warnings).toContain('4900 more warnings');
  });

  it('throws ArgumentError for a non-string', () => {
    expect(() => parseResolvConf(undefined as unknown as string)).toThrow(ArgumentError);
  });
});

describe('parseResolvConf: options and sortlist', () => {
  it('accumulates options lines', () => {
    expect(parseResolvConf('options rotate\noptions edns0 ndots:2\n')).toMatchObject({ ndots: 2, flags: RES_ROTATE | RES_USE_EDNS0 });
  });

  it('reads Kubernetes-style configuration', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.kubernetes'));
    expect(parsed.ndots).toBe(5);
    expect(parsed.search?.slice(0, 3)).toEqual(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
    expect(parsed.search).toHaveLength(6);
  });

  it('clamps numbers', () => {
    expect(parseResolvConf(fixture('resolv.conf.clamp-high'))).toMatchObject({ ndots: 15, timeout: 30, attempts: 5 });
    expect(parseResolvConf(fixture('resolv.conf.clamp-negative'))).toMatchObject({ ndots: 0, timeout: 0, attempts: 0 });
  });

  it('accumulates sortlist lines and keeps ten entries', () => {
    const parsed = parseResolvConf(fixture('resolv.conf.sortlist'));
    expect(parsed.sortlist).toHaveLength(10);
    expect(parsed.sortlist[0]).toEqual({ address: '130.155.160.0', mask: '255.255.240.0', family: 4 });
    expect(parsed.warnings.some((w) => w.includes('sortlist cut to 10'))).toBe(true);
  });
});
