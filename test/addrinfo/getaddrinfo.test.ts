import { describe, expect, it } from 'vitest';
import { eaiCode } from '../support/outcomes.js';
import {
  AF_INET,
  AF_UNSPEC,
  AF_INET6,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONIDN,
  AI_CANONNAME,
  AI_IDN,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from '../../src/addrinfo/constants.js';
import { getaddrinfo, getaddrinfoNow, type AddrInfo } from '../../src/addrinfo/getaddrinfo.js';
import { AddrInfoError, ArgumentError, type DnsErrorCode } from '../../src/errors.js';
import { DUAL_STACK, fakeConfig, fakeResolver, IPV4_ONLY, LOOPBACK_ONLY, type FakeNode } from './fake-resolver.js';

const ZONE: Record<string, FakeNode> = {
  'both.resolvkit.test': { A: ['192.0.2.10', '192.0.2.11'], AAAA: ['2001:db8::10'] },
  'v4only.resolvkit.test': { A: ['192.0.2.1', '192.0.2.2'] },
  'v6only.resolvkit.test': { AAAA: ['2001:db8::1'] },
  'alias.resolvkit.test': { CNAME: 'chain.resolvkit.test' },
  'chain.resolvkit.test': { CNAME: 'both.resolvkit.test' },
  'alias-v4.resolvkit.test': { CNAME: 'v4only.resolvkit.test' },
  'empty.resolvkit.test': {},
  'cname-empty.resolvkit.test': { CNAME: 'empty.resolvkit.test' },
  'mapped.resolvkit.test': { AAAA: ['::ffff:192.0.2.9'] },
  'host.resolvkit.test': { A: ['192.0.2.20'] },
  host: { AAAA: ['2001:db8::99'] },
  'xn--caf-dma.resolvkit.test': { A: ['192.0.2.31'] },
};

const STREAM = { socktype: SOCK_STREAM };
const setup = (hosts = '', zone = ZONE, errors = {}) => {
  const resolver = fakeResolver(zone, fakeConfig({ hosts, services: 'http 80/tcp www\ndomain 53/tcp\ndomain 53/udp\nonlyudp 9000/udp\n' }), errors);
  const opts = { resolver, networkInterfaces: DUAL_STACK };
  return { resolver, opts };
};
const addresses = (list: AddrInfo[]) => list.map((r) => r.address);
describe('getaddrinfo: numeric nodes', () => {
  it('never queries for an address, in any of inet_aton\'s spellings', async () => {
    const { resolver, opts } = setup();
    for (const [node, want] of [
      ['192.0.2.1', '192.0.2.1'],
      ['127.1', '127.0.0.1'],
      ['0x7f.0.0.1', '127.0.0.1'],
      ['2130706433', '127.0.0.1'],
      ['2001:DB8:0:0::1', '2001:db8::1'],
    ]) {
      expect(addresses(await getaddrinfo(node, null, STREAM, opts))).toEqual([want]);
    }
    expect(resolver.asked).toEqual([]);
  });

  it('AI_NUMERICHOST takes only strict inet_pton text (and a zone), and never queries', async () => {
    const { resolver, opts } = setup('192.0.2.5 named.test\n');
    expect(addresses(await getaddrinfo('192.0.2.1', null, { ...STREAM, flags: AI_NUMERICHOST }, opts))).toEqual(['192.0.2.1']);
    expect(addresses(await getaddrinfo('fe80::1%eth0', null, { ...STREAM, flags: AI_NUMERICHOST }, opts))).toEqual(['fe80::1%eth0']);
    for (const node of ['127.1', '0x7f.0.0.1', 'named.test', 'both.resolvkit.test', 'localhost', '192.0.2.1 ']) {
      expect(await eaiCode(getaddrinfo(node, null, { ...STREAM, flags: AI_NUMERICHOST }, opts))).toBe('EAI_NONAME');
    }
    expect(resolver.asked).toEqual([]);
  });

  it('maps IPv4 to ::ffff:a.b.c.d for AF_INET6 with AI_V4MAPPED, and is EAI_ADDRFAMILY without it', async () => {
    const { opts } = setup();
    expect(await getaddrinfo('192.0.2.1', '80', { family: AF_INET6, socktype: SOCK_STREAM, flags: AI_V4MAPPED }, opts)).toEqual([
      { family: 6, address: '::ffff:192.0.2.1', port: 80, socktype: SOCK_STREAM, protocol: IPPROTO_TCP },
    ]);
    expect(await eaiCode(getaddrinfo('192.0.2.1', null, { family: AF_INET6 }, opts))).toBe('EAI_ADDRFAMILY');
  });

  it('turns an IPv4-mapped IPv6 address into IPv4 for AF_INET; other IPv6 is EAI_ADDRFAMILY', async () => {
    const { opts } = setup();
    expect(addresses(await getaddrinfo('::ffff:192.0.2.1', null, { family: AF_INET, ...STREAM }, opts))).toEqual(['192.0.2.1']);
    expect(await eaiCode(getaddrinfo('::1', null, { family: 4 }, opts))).toBe('EAI_ADDRFAMILY');
  });

  it('reads a zone as glibc: an interface for link-local addresses, else a number', async () => {
    const { opts } = setup();
    expect(await getaddrinfo('fe80::1%eth0', null, STREAM, opts)).toEqual([
      { family: 6, address: 'fe80::1%eth0', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, scopeid: 2 },
    ]);
    expect((await getaddrinfo('fe80::1%7', null, STREAM, opts))[0]).toMatchObject({ address: 'fe80::1%7', scopeid: 7 });
    expect((await getaddrinfo('2001:db8::1%5', null, STREAM, opts))[0]).toMatchObject({ scopeid: 5 });
    for (const node of ['fe80::1%nosuch', '2001:db8::1%eth0', 'fe80::1%', 'fe80::1%4294967296']) {
      expect(await eaiCode(getaddrinfo(node, null, STREAM, opts))).toBe('EAI_NONAME');
    }
  });

  it('gives the node itself as the canonical name', async () => {
    const { opts } = setup();
    expect(await getaddrinfo('127.1', null, { ...STREAM, flags: AI_CANONNAME }, opts)).toEqual([
      { family: 4, address: '127.0.0.1', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, canonname: '127.1' },
    ]);
  });
});

describe('getaddrinfo: no node', () => {
  it('gives loopback, IPv6 first, and with AI_PASSIVE the wildcard, IPv4 first (RFC 6724 rule 5)', async () => {
    const { opts } = setup();
    expect(addresses(await getaddrinfo(null, '80', STREAM, opts))).toEqual(['::1', '127.0.0.1']);
    expect(addresses(await getaddrinfo(null, '80', { ...STREAM, flags: AI_PASSIVE }, opts))).toEqual(['0.0.0.0', '::']);
    expect(addresses(await getaddrinfo(null, '80', { family: AF_INET, flags: AI_PASSIVE, ...STREAM }, opts))).toEqual(['0.0.0.0']);
    expect(addresses(await getaddrinfo('*', '80', { family: AF_INET6, ...STREAM }, opts))).toEqual(['::1']);
  });

  it('needs a node or a service, and AI_CANONNAME needs a node', async () => {
    const { opts } = setup();
    expect(await eaiCode(getaddrinfo(null, null, {}, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('*', '*', {}, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo(null, '80', { flags: AI_CANONNAME }, opts))).toBe('EAI_BADFLAGS');
    // An empty service is no service, but not a null one: port 0.
    expect((await getaddrinfo(null, '', STREAM, opts)).map((r) => r.port)).toEqual([0, 0]);
  });
});

describe('getaddrinfo: services and socket types', () => {
  it('returns stream/tcp, dgram/udp and raw/0 for each address when no socket type is given', async () => {
    const { opts } = setup();
    expect((await getaddrinfo('192.0.2.1', '80', {}, opts)).map((r) => [r.socktype, r.protocol, r.port])).toEqual([
      [SOCK_STREAM, IPPROTO_TCP, 80],
      [SOCK_DGRAM, IPPROTO_UDP, 80],
      [SOCK_RAW, 0, 80],
    ]);
  });

  it('looks service names up per protocol: a tcp-only name gives no dgram result', async () => {
    const { opts } = setup();
    expect((await getaddrinfo('192.0.2.1', 'www', {}, opts)).map((r) => [r.socktype, r.port])).toEqual([[SOCK_STREAM, 80]]);
    expect((await getaddrinfo('192.0.2.1', 'domain', {}, opts)).map((r) => [r.socktype, r.port])).toEqual([
      [SOCK_STREAM, 53],
      [SOCK_DGRAM, 53],
    ]);
    expect(await eaiCode(getaddrinfo('192.0.2.1', 'http', { socktype: SOCK_DGRAM }, opts))).toBe('EAI_SERVICE');
    expect(await eaiCode(getaddrinfo('192.0.2.1', 'nosuch', {}, opts))).toBe('EAI_SERVICE');
    expect(await eaiCode(getaddrinfo('192.0.2.1', '80', { socktype: SOCK_RAW }, opts))).toBe('EAI_SERVICE');
  });

  it('AI_NUMERICSERV refuses a name with EAI_NONAME', async () => {
    const { opts } = setup();
    expect(await eaiCode(getaddrinfo('192.0.2.1', 'http', { flags: AI_NUMERICSERV }, opts))).toBe('EAI_NONAME');
    expect((await getaddrinfo('192.0.2.1', '8080', { ...STREAM, flags: AI_NUMERICSERV }, opts))[0]?.port).toBe(8080);
    expect((await getaddrinfo('192.0.2.1', 8443, STREAM, opts))[0]?.port).toBe(8443);
  });

  it('checks socket type and service before any lookup', async () => {
    const { resolver, opts } = setup();
    expect(await eaiCode(getaddrinfo('both', '80', { socktype: 99 }, opts))).toBe('EAI_SOCKTYPE');
    expect(await eaiCode(getaddrinfo('both', '80', { socktype: SOCK_DGRAM, protocol: IPPROTO_TCP }, opts))).toBe('EAI_SOCKTYPE');
    expect(await eaiCode(getaddrinfo('both', 'nosuch', {}, opts))).toBe('EAI_SERVICE');
    expect(resolver.asked).toEqual([]);
  });
});

describe('getaddrinfo: the hosts file and localhost', () => {
  const HOSTS = '192.0.2.77 files.test fo\n2001:db8::77 files.test\n192.0.2.79 v4files.test\n';

  it('answers from the hosts file alone, both families, canonical name from the first line', async () => {
    const { resolver, opts } = setup(HOSTS);
    const list = await getaddrinfo('FILES.test', null, { ...STREAM, flags: AI_CANONNAME }, opts);
    expect(list).toEqual([
      { family: 6, address: '2001:db8::77', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, canonname: 'files.test' },
      { family: 4, address: '192.0.2.77', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP },
    ]);
    expect(addresses(await getaddrinfo('fo', null, STREAM, opts))).toEqual(['192.0.2.77']);
    // No DNS for the other family either.
    expect(await eaiCode(getaddrinfo('v4files.test', null, { family: AF_INET6 }, opts))).toBe('EAI_NODATA');
    expect(resolver.asked).toEqual([]);
  });

  it('maps hosts-file IPv4 addresses for AF_INET6 with AI_V4MAPPED, and adds them with AI_ALL', async () => {
    const { opts } = setup(HOSTS);
    const v6 = { family: AF_INET6, ...STREAM };
    expect(addresses(await getaddrinfo('v4files.test', null, { ...v6, flags: AI_V4MAPPED }, opts))).toEqual(['::ffff:192.0.2.79']);
    expect(addresses(await getaddrinfo('files.test', null, { ...v6, flags: AI_V4MAPPED }, opts))).toEqual(['2001:db8::77']);
    expect(addresses(await getaddrinfo('files.test', null, { ...v6, flags: AI_V4MAPPED | AI_ALL }, opts))).toEqual(['2001:db8::77', '::ffff:192.0.2.77']);
    // Without AF_INET6 the flags change nothing, as in glibc.
    expect(addresses(await getaddrinfo('files.test', null, { family: AF_INET, ...STREAM, flags: AI_V4MAPPED | AI_ALL }, opts))).toEqual(['192.0.2.77']);
  });

  it('resolves localhost and *.localhost to loopback without a query, when the hosts file does not name them', async () => {
    const { resolver, opts } = setup('');
    expect(addresses(await getaddrinfo('localhost', null, STREAM, opts))).toEqual(['::1', '127.0.0.1']);
    expect(addresses(await getaddrinfo('db.LocalHost.', null, { family: AF_INET, ...STREAM }, opts))).toEqual(['127.0.0.1']);
    expect((await getaddrinfo('localhost', null, { ...STREAM, flags: AI_CANONNAME }, opts))[0]?.canonname).toBe('localhost');
    expect(resolver.asked).toEqual([]);
    const { opts: withHosts } = setup('127.0.0.1 localhost\n');
    expect(addresses(await getaddrinfo('localhost', null, STREAM, withHosts))).toEqual(['127.0.0.1']);
  });

  it('reads ::1 and IPv4-mapped lines for AF_INET as glibc\'s nss_files does', async () => {
    const { resolver, opts } = setup('127.0.0.1 localhost\n::1 localhost ip6-localhost\n::ffff:192.0.2.9 mapped.test\n');
    expect(addresses(await getaddrinfo('localhost', null, { family: AF_INET, ...STREAM }, opts))).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(addresses(await getaddrinfo('ip6-localhost', null, { family: AF_INET, ...STREAM }, opts))).toEqual(['127.0.0.1']);
    expect(addresses(await getaddrinfo('mapped.test', null, { family: AF_INET, ...STREAM }, opts))).toEqual(['192.0.2.9']);
    expect(addresses(await getaddrinfo('localhost', null, STREAM, opts))).toEqual(['::1', '127.0.0.1']);
    expect(resolver.asked).toEqual([]);
  });

  it('the empty name, as glibc: EAI_NONAME unless the search list starts with the root, which is then asked', async () => {
    // `.resolvkit.test` is no name: the real resolver refuses it without a query (EBADNAME).
    const bad = { '.resolvkit.test|A': 'EBADNAME', '.resolvkit.test|AAAA': 'EBADNAME' } as const;
    const { resolver, opts } = setup('', ZONE, bad);
    expect(await eaiCode(getaddrinfo('', '80', {}, opts))).toBe('EAI_NONAME');
    expect(resolver.asked.sort()).toEqual(['.resolvkit.test A', '.resolvkit.test AAAA']);
    for (const search of [[], ['resolvkit.test', '.']]) {
      const none = fakeResolver(ZONE, fakeConfig({ resolvConf: `nameserver 127.0.0.1:9\nsearch ${search.join(' ')}\n` }), bad);
      expect(await eaiCode(getaddrinfo('', '80', {}, { resolver: none, networkInterfaces: DUAL_STACK }))).toBe('EAI_NONAME');
      expect(none.asked.filter((q) => !q.startsWith('.resolvkit.test '))).toEqual([]);
    }
    const root = fakeResolver({ '': 'ENODATA' }, fakeConfig({ resolvConf: 'nameserver 127.0.0.1:9\nsearch . resolvkit.test\n' }), bad);
    expect(await eaiCode(getaddrinfo('', '80', {}, { resolver: root, networkInterfaces: DUAL_STACK }))).toBe('EAI_NODATA');
    expect(root.asked.sort()).toEqual([' A', ' AAAA', '.resolvkit.test A', '.resolvkit.test AAAA']);
  });
});

describe('getaddrinfo: DNS', () => {
  // Each outcome as glibc 2.36's getaddrinfo gave it here (python3's socket.getaddrinfo in a
  // private namespace, a UDP listener on the resolv.conf server counting queries), also with
  // `options no-check-names`: names its nss_dns refuses get EAI_NONAME and no query at all.
  it.each(['sp ace', 'new\nline', 'tab\tx', '-rf.test', 'semi;colon.test', 'a*b.test', '*.test', 'quo"te.test', 'caf\u00e9.test'])(
    'refuses %j as glibc does: EAI_NONAME without a query',
    async (name) => {
      for (const family of [AF_UNSPEC, AF_INET, AF_INET6]) {
        const { resolver, opts } = setup();
        expect(await eaiCode(getaddrinfo(name, null, { family, ...STREAM }, opts))).toBe('EAI_NONAME');
        expect(resolver.asked).toEqual([]);
      }
    },
  );

  it.each(['_srv.test', 'a_.test', 'a-.test', 'a.-b.test', 'x_y'])('asks for %j, as glibc does', async (name) => {
    const { resolver, opts } = setup();
    await getaddrinfo(name, null, STREAM, opts).catch(() => undefined);
    expect(resolver.asked.length).toBeGreaterThan(0);
  });

  it('does not follow a CNAME to a name glibc refuses (the one answer reader, as resolve4)', async () => {
    const { opts } = setup('', { 'evil.resolvkit.test': { CNAME: '-rf.evil.test' }, '-rf.evil.test': { A: ['192.0.2.66'] } });
    expect(await eaiCode(getaddrinfo('evil.resolvkit.test', null, { ...STREAM, flags: AI_CANONNAME }, opts))).toBe('EAI_NONAME');
  });
  it('asks A and AAAA for each search-list name and stops at the first with answers', async () => {
    const { resolver, opts } = setup();
    const list = await getaddrinfo('host', null, { ...STREAM, flags: AI_CANONNAME }, opts);
    expect(list).toEqual([{ family: 4, address: '192.0.2.20', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, canonname: 'host.resolvkit.test' }]);
    expect(resolver.asked.sort()).toEqual(['host.resolvkit.test A', 'host.resolvkit.test AAAA']);
  });

  it('for AF_INET6, searches AAAA alone and can settle on another name than A would', async () => {
    const { opts } = setup();
    expect(await getaddrinfo('host', null, { family: AF_INET6, ...STREAM, flags: AI_CANONNAME }, opts)).toEqual([
      { family: 6, address: '2001:db8::99', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, canonname: 'host' },
    ]);
  });

  it('spells the canonical name as the name asked for, not as the server spells the owner', async () => {
    const { opts } = setup('', { 'MiXeD.resolvkit.test': { A: ['192.0.2.30'] }, 'alias.resolvkit.test': { CNAME: 'MiXeD.resolvkit.test' } });
    expect((await getaddrinfo('mixed', null, { ...STREAM, flags: AI_CANONNAME }, opts))[0]?.canonname).toBe('mixed.resolvkit.test');
    expect((await getaddrinfo('ALIAS', null, { ...STREAM, flags: AI_CANONNAME }, opts))[0]?.canonname).toBe('MiXeD.resolvkit.test');
  });

  it('gives the end of the CNAME chain as the canonical name, on the first result only', async () => {
    const { opts } = setup();
    const list = await getaddrinfo('alias', null, { ...STREAM, flags: AI_CANONNAME }, opts);
    expect(list.map((r) => [r.address, r.canonname])).toEqual([
      ['2001:db8::10', 'both.resolvkit.test'],
      ['192.0.2.10', undefined],
      ['192.0.2.11', undefined],
    ]);
    expect(list[1]).not.toHaveProperty('canonname');
  });

  it('decodes the canonical name with AI_CANONIDN and encodes the node with AI_IDN', async () => {
    const { resolver, opts } = setup();
    const list = await getaddrinfo('café.resolvkit.test', null, { ...STREAM, flags: AI_IDN | AI_CANONNAME | AI_CANONIDN }, opts);
    expect(list).toEqual([{ family: 4, address: '192.0.2.31', port: 0, socktype: SOCK_STREAM, protocol: IPPROTO_TCP, canonname: 'café.resolvkit.test' }]);
    expect(resolver.asked).toContain('xn--caf-dma.resolvkit.test A');
  });

  it('maps A answers for AF_INET6 with AI_V4MAPPED only when there is no AAAA answer, and adds them with AI_ALL', async () => {
    const { opts } = setup();
    const v6 = { family: AF_INET6, ...STREAM };
    expect(addresses(await getaddrinfo('v4only.resolvkit.test', null, { ...v6, flags: AI_V4MAPPED }, opts))).toEqual(['::ffff:192.0.2.1', '::ffff:192.0.2.2']);
    expect(addresses(await getaddrinfo('both.resolvkit.test', null, { ...v6, flags: AI_V4MAPPED }, opts))).toEqual(['2001:db8::10']);
    expect(addresses(await getaddrinfo('both.resolvkit.test', null, { ...v6, flags: AI_V4MAPPED | AI_ALL }, opts))).toEqual([
      '2001:db8::10',
      '::ffff:192.0.2.10',
      '::ffff:192.0.2.11',
    ]);
    expect(addresses(await getaddrinfo('alias-v4.resolvkit.test', null, { ...v6, flags: AI_V4MAPPED | AI_CANONNAME }, opts))).toEqual(['::ffff:192.0.2.1', '::ffff:192.0.2.2']);
    expect(await eaiCode(getaddrinfo('v4only.resolvkit.test', null, v6, opts))).toBe('EAI_NODATA');
  });

  it('drops AAAA data that is itself IPv4-mapped under AI_V4MAPPED without AI_ALL, as glibc (EAI_NONAME)', async () => {
    const { opts } = setup();
    const v6 = { family: AF_INET6, ...STREAM };
    expect(await eaiCode(getaddrinfo('mapped.resolvkit.test', null, { ...v6, flags: AI_V4MAPPED }, opts))).toBe('EAI_NONAME');
    expect(addresses(await getaddrinfo('mapped.resolvkit.test', null, v6, opts))).toEqual(['::ffff:192.0.2.9']);
  });

  it('tells NXDOMAIN (EAI_NONAME) from a name without addresses of the family (EAI_NODATA)', async () => {
    const { opts } = setup();
    expect(await eaiCode(getaddrinfo('missing.resolvkit.test', null, {}, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('empty.resolvkit.test', null, {}, opts))).toBe('EAI_NODATA');
    expect(await eaiCode(getaddrinfo('v6only.resolvkit.test', null, { family: AF_INET }, opts))).toBe('EAI_NODATA');
    expect(await eaiCode(getaddrinfo('v4only.resolvkit.test', null, { family: AF_INET6 }, opts))).toBe('EAI_NODATA');
  });

  it('treats a reply with only a CNAME as glibc: EAI_NODATA for AF_INET without AI_CANONNAME, EAI_NONAME otherwise', async () => {
    const { opts } = setup();
    expect(await eaiCode(getaddrinfo('cname-empty.resolvkit.test', null, {}, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('cname-empty.resolvkit.test', null, { family: AF_INET }, opts))).toBe('EAI_NODATA');
    // AI_CANONNAME takes glibc off its gethostbyname path (try_simple_gethostbyname).
    expect(await eaiCode(getaddrinfo('cname-empty.resolvkit.test', null, { family: AF_INET, flags: AI_CANONNAME }, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('cname-empty.resolvkit.test', null, { family: AF_INET6 }, opts))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('alias-v4.resolvkit.test', null, { family: AF_INET6 }, opts))).toBe('EAI_NONAME');
  });

  it('maps server failures as glibc: SERVFAIL, REFUSED, NOTIMP and timeouts are EAI_AGAIN, FORMERR is EAI_NONAME', async () => {
    const cases: [DnsErrorCode, string][] = [
      ['ESERVFAIL', 'EAI_AGAIN'],
      ['EREFUSED', 'EAI_AGAIN'],
      ['ENOTIMP', 'EAI_AGAIN'],
      ['ETIMEOUT', 'EAI_AGAIN'],
      ['ECONNREFUSED', 'EAI_AGAIN'],
      ['EFORMERR', 'EAI_NONAME'],
    ];
    for (const [dns, eai] of cases) {
      const { opts } = setup('', { 'x.resolvkit.test': dns });
      for (const family of [0, AF_INET, AF_INET6]) {
        expect([dns, family, await eaiCode(getaddrinfo('x.resolvkit.test.', null, { family }, opts))]).toEqual([dns, family, eai]);
      }
    }
  });

  it('combines the A and AAAA outcomes of AF_UNSPEC as glibc does', async () => {
    const name = 'p.resolvkit.test';
    const run = async (a: DnsErrorCode | 'ok', aaaa: DnsErrorCode | 'ok'): Promise<string> => {
      const errors: Record<string, DnsErrorCode> = {};
      if (a !== 'ok') errors[`${name}|A`] = a;
      if (aaaa !== 'ok') errors[`${name}|AAAA`] = aaaa;
      const { opts } = setup('', { [name]: { A: ['192.0.2.5'], AAAA: ['2001:db8::5'] } }, errors);
      try {
        return addresses(await getaddrinfo(`${name}.`, null, STREAM, opts)).join(' ');
      } catch (e) {
        return (e as AddrInfoError).code;
      }
    };
    expect(await run('ok', 'ESERVFAIL')).toBe('192.0.2.5');
    expect(await run('EFORMERR', 'ok')).toBe('2001:db8::5');
    expect(await run('ENOTFOUND', 'ESERVFAIL')).toBe('EAI_NONAME');
    expect(await run('EREFUSED', 'ENODATA')).toBe('EAI_NODATA');
    expect(await run('ESERVFAIL', 'ENODATA')).toBe('EAI_NODATA');
    expect(await run('ENODATA', 'ENOTFOUND')).toBe('EAI_NONAME');
    expect(await run('ESERVFAIL', 'EREFUSED')).toBe('EAI_AGAIN');
    expect(await run('ok', 'ETIMEOUT')).toBe('192.0.2.5');
    expect(await run('ENODATA', 'ETIMEOUT')).toBe('EAI_NODATA');
    // glibc gives up on the pair when the A query goes unanswered, whatever AAAA got.
    expect(await run('ETIMEOUT', 'ok')).toBe('EAI_AGAIN');
  });

  it('combines AAAA and A outcomes for AF_INET6 with AI_V4MAPPED as glibc does', async () => {
    const name = 'p.resolvkit.test';
    const run = async (aaaa: DnsErrorCode, a: DnsErrorCode | 'ok'): Promise<string> => {
      const errors: Record<string, DnsErrorCode> = { [`${name}|AAAA`]: aaaa };
      if (a !== 'ok') errors[`${name}|A`] = a;
      const { opts } = setup('', { [name]: { A: ['192.0.2.6'] } }, errors);
      try {
        return addresses(await getaddrinfo(`${name}.`, null, { family: AF_INET6, flags: AI_V4MAPPED, ...STREAM }, opts)).join(' ');
      } catch (e) {
        return (e as AddrInfoError).code;
      }
    };
    expect(await run('ESERVFAIL', 'ok')).toBe('::ffff:192.0.2.6');
    expect(await run('ESERVFAIL', 'ESERVFAIL')).toBe('EAI_AGAIN');
    expect(await run('ENODATA', 'ESERVFAIL')).toBe('EAI_NODATA');
    expect(await run('ENOTFOUND', 'ENOTFOUND')).toBe('EAI_NONAME');
    expect(await run('ENODATA', 'ENOTFOUND')).toBe('EAI_NONAME');
  });

  it('reports a local fault as EAI_SYSTEM, with the fault as the cause', async () => {
    const boom = new Error('EMFILE: too many open files');
    const resolver = { config: fakeConfig(), query: () => Promise.reject(boom) };
    const err = await getaddrinfo('x.resolvkit.test', null, {}, { resolver, networkInterfaces: DUAL_STACK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddrInfoError);
    expect(err).toMatchObject({ code: 'EAI_SYSTEM', errno: -11, hostname: 'x.resolvkit.test', syscall: 'getaddrinfo', cause: boom });
  });

  it('rejects with EAI_CANCELED when the signal aborts', async () => {
    const resolver = {
      config: fakeConfig(),
      query: (_n: string, _t: string, o?: { signal?: AbortSignal }) =>
        new Promise<never>((_, reject) => o?.signal?.addEventListener('abort', () => reject(new (class extends Error {})('x')))),
    };
    const { DnsError } = await import('../../src/errors.js');
    const cancelling = {
      config: resolver.config,
      query: (_n: string, _t: string, o?: { signal?: AbortSignal }) =>
        new Promise<never>((_, reject) => o?.signal?.addEventListener('abort', () => reject(new DnsError('ECANCELLED')))),
    };
    const controller = new AbortController();
    const pending = getaddrinfo('x.resolvkit.test', null, {}, { resolver: cancelling, signal: controller.signal, networkInterfaces: DUAL_STACK });
    controller.abort();
    expect(await eaiCode(pending)).toBe('EAI_CANCELED');
    expect(await eaiCode(getaddrinfo('x', null, {}, { resolver, signal: AbortSignal.abort(), networkInterfaces: DUAL_STACK }))).toBe('EAI_CANCELED');
  });
});

describe('getaddrinfo: AI_ADDRCONFIG', () => {
  it('narrows AF_UNSPEC to the one family configured, and fails a family not configured', async () => {
    const { resolver } = setup();
    const v4host = { resolver, networkInterfaces: IPV4_ONLY };
    expect(addresses(await getaddrinfo('both.resolvkit.test', null, { ...STREAM, flags: AI_ADDRCONFIG }, v4host))).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(await eaiCode(getaddrinfo('both.resolvkit.test', null, { family: AF_INET6, flags: AI_ADDRCONFIG }, v4host))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('::1', null, { flags: AI_ADDRCONFIG }, v4host))).toBe('EAI_ADDRFAMILY');
  });

  it('leaves AF_UNSPEC alone when only loopback is configured, as glibc', async () => {
    const { opts } = setup();
    const list = await getaddrinfo('both.resolvkit.test', null, { ...STREAM, flags: AI_ADDRCONFIG }, { ...opts, networkInterfaces: LOOPBACK_ONLY });
    expect(addresses(list).sort()).toEqual(['192.0.2.10', '192.0.2.11', '2001:db8::10']);
    expect(await eaiCode(getaddrinfo('localhost', null, { family: AF_INET, flags: AI_ADDRCONFIG }, { ...opts, networkInterfaces: LOOPBACK_ONLY }))).toBe('EAI_NONAME');
  });

  it('is the default with no hints (NULL), together with AI_V4MAPPED', async () => {
    const { resolver } = setup();
    expect(addresses(await getaddrinfo('both.resolvkit.test', '80', undefined, { resolver, networkInterfaces: IPV4_ONLY })).filter((a, i, l) => l.indexOf(a) === i)).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('counts every family as configured when the interfaces cannot be read', async () => {
    const { resolver } = setup();
    const broken = () => {
      throw new Error('no netlink');
    };
    expect(addresses(await getaddrinfo('v6only.resolvkit.test', null, { ...STREAM, flags: AI_ADDRCONFIG }, { resolver, networkInterfaces: broken }))).toEqual(['2001:db8::1']);
  });
});

describe('getaddrinfo: ordering', () => {
  it('orders by RFC 6724 against the interfaces, then by the sort list', async () => {
    const zone = { 'multi.resolvkit.test': { A: ['203.0.113.5', '198.51.100.9', '192.0.2.1'], AAAA: ['2001:db8:1::9', '2001:db8:2::9'] } };
    const resolver = fakeResolver(zone, fakeConfig({ resolvConf: 'nameserver 127.0.0.1:9\nsortlist 192.0.2.0/255.255.255.0\n' }));
    const list = await getaddrinfo('multi.resolvkit.test.', null, STREAM, { resolver, networkInterfaces: DUAL_STACK });
    // IPv6 (precedence 40) before IPv4 (35); 2001:db8:1::9 and 198.51.100.9 are on-link
    // (rule 9); the sort list then puts 192.0.2.1 before 203.0.113.5, which came first.
    expect(addresses(list)).toEqual(['2001:db8:1::9', '2001:db8:2::9', '198.51.100.9', '192.0.2.1', '203.0.113.5']);
  });
});

describe('getaddrinfo: arguments', () => {
  it('throws ArgumentError at once for arguments of the wrong type', () => {
    const { opts } = setup();
    expect(() => getaddrinfo(5 as unknown as string, null, {}, opts)).toThrow(ArgumentError);
    expect(() => getaddrinfo('x', {} as unknown as string, {}, opts)).toThrow(ArgumentError);
    expect(() => getaddrinfo('x', null, { flags: 'x' } as never, opts)).toThrow(ArgumentError);
    expect(() => getaddrinfo('x', null, {}, { resolver: {} } as never)).toThrow(ArgumentError);
    expect(() => getaddrinfo('x', null, {}, { bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    expect(() => getaddrinfo('x', null, {}, { resolver: opts.resolver, config: fakeConfig() })).toThrow(/not both/);
  });

  it('carries the node, service, glibc errno and gai_strerror text on its errors', async () => {
    const { opts } = setup();
    const err = (await getaddrinfo('missing.resolvkit.test', 'http', {}, opts).catch((e: unknown) => e)) as AddrInfoError;
    expect(err).toMatchObject({ name: 'AddrInfoError', code: 'EAI_NONAME', errno: -2, hostname: 'missing.resolvkit.test', service: 'http', syscall: 'getaddrinfo' });
    expect(err.message).toBe('getaddrinfo EAI_NONAME missing.resolvkit.test: Name or service not known');
    expect((err.cause as { code?: string }).code).toBe('ENOTFOUND');
  });

  it('uses a configuration given without a resolver for hosts and services', async () => {
    const config = fakeConfig({ hosts: '192.0.2.8 conf.test\n', services: 'svc 4242/tcp\n' });
    expect(await getaddrinfo('conf.test', 'svc', {}, { config, networkInterfaces: DUAL_STACK })).toEqual([
      { family: 4, address: '192.0.2.8', port: 4242, socktype: SOCK_STREAM, protocol: IPPROTO_TCP },
    ]);
  });
});

describe('getaddrinfoNow: the answer at once where no query is needed', () => {
  it('gives an array for an address, a hosts-file name and localhost, a promise for DNS, with the same results as getaddrinfo', async () => {
    const { resolver, opts } = setup('192.0.2.5 named.test\n');
    for (const node of ['192.0.2.1', 'named.test', 'localhost']) {
      const now = getaddrinfoNow(node, '80', STREAM, opts);
      expect(Array.isArray(now)).toBe(true);
      expect(now).toEqual(await getaddrinfo(node, '80', STREAM, opts));
    }
    expect(resolver.asked).toEqual([]);
    const later = getaddrinfoNow('v4only.resolvkit.test', null, STREAM, opts);
    expect(later).toBeInstanceOf(Promise);
    expect(addresses(await later)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('throws at once what getaddrinfo rejects with when the outcome needs no query', async () => {
    const { opts } = setup('192.0.2.5 named.test\n');
    const thrown = (() => {
      try {
        getaddrinfoNow('named.test', null, { family: AF_INET6 }, opts);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(AddrInfoError);
    expect((thrown as AddrInfoError).code).toBe('EAI_NODATA');
    expect((thrown as AddrInfoError).hostname).toBe('named.test');
    expect(await eaiCode(getaddrinfo('named.test', null, { family: AF_INET6 }, opts))).toBe('EAI_NODATA');
    // A bad argument throws from both, at once.
    expect(() => getaddrinfoNow('x', null, { bogus: 1 } as never, opts)).toThrow(ArgumentError);
    expect(() => getaddrinfo('x', null, { bogus: 1 } as never, opts)).toThrow(ArgumentError);
  });
});
