/**
 * getaddrinfo, getnameinfo and lookup against the shared BIND named serving the fixture zones
 * (fixtures/named/README.md): search list, CNAME canonical names, NODATA against NONAME,
 * AI_V4MAPPED / AI_ALL, PTR lookups, and an HTTP request by a name only named knows. Every
 * query goes to that named on loopback; the interfaces are a fixed picture, so the ordering
 * does not depend on this machine's network.
 */
import http from 'node:http';
import { eaiCode } from '../support/outcomes.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AF_INET, AF_INET6, AI_ALL, AI_CANONNAME, AI_V4MAPPED, NI_NAMEREQD, NI_NOFQDN, SOCK_STREAM } from '../../src/addrinfo/constants.js';
import { getaddrinfo, type AddrInfo } from '../../src/addrinfo/getaddrinfo.js';
import { getnameinfo } from '../../src/addrinfo/getnameinfo.js';
import { createLookup } from '../../src/node/lookup.js';
import { createConfig } from '../../src/env/config.js';
import { Resolver } from '../../src/node/resolver.js';
import { DUAL_STACK } from '../addrinfo/fake-resolver.js';
import { deadPort } from '../support/responder.js';

const named = inject('named');
let resolver: Resolver;
const opts = () => ({ resolver, networkInterfaces: DUAL_STACK });
const STREAM = { socktype: SOCK_STREAM };

beforeAll(() => {
  const config = createConfig({
    resolvConf: `nameserver ${named.address}:${named.port}\nsearch resolvkit.test\noptions timeout:2 attempts:2\n`,
    hosts: '192.0.2.200 hosts-only.test\n',
    services: 'http 80/tcp\n',
  });
  resolver = new Resolver({ config });
});
afterAll(() => resolver?.close());

const addresses = (list: AddrInfo[]) => list.map((r) => r.address);
/** named rotates RRsets: compare each family's addresses as a set, and the families in order. */
const shape = (list: AddrInfo[]) => ({
  families: list.map((r) => r.family).filter((f, i, l) => l.indexOf(f) === i),
  v4: list.filter((r) => r.family === 4).map((r) => r.address).sort(),
  v6: list.filter((r) => r.family === 6).map((r) => r.address).sort(),
});
describe('getaddrinfo against named', () => {
  it("uses a Resolver's own search list and ndots, not only its configuration's", async () => {
    const config = createConfig({ resolvConf: `nameserver ${named.address}:${named.port}\noptions timeout:2 attempts:2\n` });
    const own = new Resolver({ config, search: ['sub.resolvkit.test'], ndots: 2 });
    try {
      const found = await getaddrinfo('host', null, { family: AF_INET, socktype: SOCK_STREAM, flags: AI_CANONNAME }, { resolver: own, networkInterfaces: DUAL_STACK });
      expect(found[0]).toMatchObject({ address: '192.0.2.21', canonname: 'host.sub.resolvkit.test' });
    } finally {
      own.close();
    }
  });

  it('asks A and AAAA and orders IPv6 first on a dual-stack host', async () => {
    expect(shape(await getaddrinfo('both.resolvkit.test', '80', STREAM, opts()))).toEqual({
      families: [6, 4],
      v4: ['192.0.2.10', '192.0.2.11'],
      v6: ['2001:db8::10', '2001:db8::11'],
    });
  });

  it('walks the search list and names the name that answered', async () => {
    for (const [node, canon] of [
      ['host', 'host.resolvkit.test'],
      ['host.sub', 'host.sub.resolvkit.test'],
      ['a.b.c', 'a.b.c.resolvkit.test'],
      ['host.resolvkit.test.', 'host.resolvkit.test'],
    ]) {
      const list = await getaddrinfo(node, null, { ...STREAM, flags: AI_CANONNAME }, opts());
      expect([node, list[0]?.canonname, list.length]).toEqual([node, canon, 2]);
    }
  });

  it('gives the end of a CNAME chain as the canonical name', async () => {
    for (const node of ['alias', 'chain2', 'chain3.resolvkit.test']) {
      const list = await getaddrinfo(node, null, { family: AF_INET, ...STREAM, flags: AI_CANONNAME }, opts());
      expect([node, list[0]?.canonname, addresses(list).sort()]).toEqual([node, 'both.resolvkit.test', ['192.0.2.10', '192.0.2.11']]);
    }
    // Spelled as asked, as glibc does, although named spells the owner as the zone does (MiXeD).
    const mixed = await getaddrinfo('mixed.resolvkit.test', null, { ...STREAM, flags: AI_CANONNAME }, opts());
    expect(mixed[0]?.canonname).toBe('mixed.resolvkit.test');
  });

  it('tells NXDOMAIN (EAI_NONAME) from a name without addresses of the family (EAI_NODATA)', async () => {
    expect(await eaiCode(getaddrinfo('nope.resolvkit.test', null, {}, opts()))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('nope', null, {}, opts()))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('dangling.resolvkit.test', null, {}, opts()))).toBe('EAI_NONAME');
    expect(await eaiCode(getaddrinfo('v4only.resolvkit.test', null, { family: AF_INET6 }, opts()))).toBe('EAI_NODATA');
    expect(await eaiCode(getaddrinfo('v6only.resolvkit.test', null, { family: AF_INET }, opts()))).toBe('EAI_NODATA');
    expect(await eaiCode(getaddrinfo('sub.resolvkit.test', null, {}, opts()))).toBe('EAI_NODATA');
    // AAAA for alias-v4only is NOERROR with only the CNAME: glibc says EAI_NONAME for AF_INET6.
    expect(await eaiCode(getaddrinfo('alias-v4only.resolvkit.test', null, { family: AF_INET6 }, opts()))).toBe('EAI_NONAME');
  });

  it('maps A answers with AI_V4MAPPED when there is no AAAA, and adds them with AI_ALL', async () => {
    const v6 = { family: AF_INET6, ...STREAM };
    expect(addresses(await getaddrinfo('v4only', null, { ...v6, flags: AI_V4MAPPED }, opts())).sort()).toEqual([
      '::ffff:192.0.2.1',
      '::ffff:192.0.2.2',
      '::ffff:192.0.2.3',
    ]);
    expect(addresses(await getaddrinfo('both', null, { ...v6, flags: AI_V4MAPPED }, opts())).sort()).toEqual(['2001:db8::10', '2001:db8::11']);
    const all = await getaddrinfo('both', null, { ...v6, flags: AI_V4MAPPED | AI_ALL }, opts());
    expect(all.every((r) => r.family === 6)).toBe(true);
    // Native IPv6 (precedence 40) before the mapped addresses (35).
    expect(addresses(all).map((a) => a.startsWith('::ffff:'))).toEqual([false, false, true, true]);
    expect(addresses(all).sort()).toEqual(['2001:db8::10', '2001:db8::11', '::ffff:192.0.2.10', '::ffff:192.0.2.11']);
    const mapped = await getaddrinfo('alias-v4only', null, { ...v6, flags: AI_V4MAPPED | AI_CANONNAME }, opts());
    expect([mapped.length, mapped[0]?.canonname]).toEqual([3, 'v4only.resolvkit.test']);
  });

  it('answers a server failure with EAI_AGAIN: a CNAME loop (SERVFAIL) and a server that is not there', async () => {
    expect(await eaiCode(getaddrinfo('loop1.resolvkit.test', null, {}, opts()))).toBe('EAI_AGAIN');
    const gone = new Resolver({ config: createConfig({ resolvConf: `nameserver 127.0.0.1:${await deadPort()}\noptions timeout:1 attempts:1\n` }) });
    try {
      expect(await eaiCode(getaddrinfo('both.resolvkit.test', null, {}, { resolver: gone, networkInterfaces: DUAL_STACK }))).toBe('EAI_AGAIN');
    } finally {
      gone.close();
    }
  });

  it('answers from the hosts file and for localhost without asking named', async () => {
    expect(addresses(await getaddrinfo('hosts-only.test', null, STREAM, opts()))).toEqual(['192.0.2.200']);
    expect(addresses(await getaddrinfo('localhost', null, STREAM, opts()))).toEqual(['::1', '127.0.0.1']);
  });
});

describe('getnameinfo against named', () => {
  it('finds names by PTR in in-addr.arpa and ip6.arpa', async () => {
    expect(await getnameinfo('192.0.2.20', 80, 0, opts())).toEqual({ host: 'host.resolvkit.test', service: 'http' });
    expect((await getnameinfo('2001:db8::21', 80, 0, opts())).host).toBe('host.sub.resolvkit.test');
    expect(['both.resolvkit.test', 'www.resolvkit.test']).toContain((await getnameinfo('192.0.2.10', 80, 0, opts())).host);
  });

  it('looks an IPv4-mapped (and, as nss_dns, an IPv4-compatible) address up as its IPv4 address', async () => {
    expect((await getnameinfo('::ffff:192.0.2.12', 443, 0, opts())).host).toBe('one.resolvkit.test');
    expect((await getnameinfo('::192.0.2.20', 443, 0, opts())).host).toBe('host.resolvkit.test');
  });

  it('gives the number without a PTR, or EAI_NONAME with NI_NAMEREQD', async () => {
    expect(await getnameinfo('192.0.2.99', 80, 0, opts())).toEqual({ host: '192.0.2.99', service: 'http' });
    expect(await eaiCode(getnameinfo('2001:db8::99', 80, NI_NAMEREQD, opts()))).toBe('EAI_NONAME');
  });

  it('strips the default domain with NI_NOFQDN', async () => {
    expect((await getnameinfo('192.0.2.21', 80, NI_NOFQDN, opts())).host).toBe('host.sub');
  });
});

describe('lookup against named', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('resolves as dns.lookup, with the search list', async () => {
    const lookup = createLookup({ resolver, networkInterfaces: DUAL_STACK });
    const all = await lookup.promise('loopback', { all: true });
    expect(all).toEqual([
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ]);
    await expect(lookup.promise('nope.resolvkit.test')).rejects.toMatchObject({ code: 'ENOTFOUND', hostname: 'nope.resolvkit.test' });
  });

  it('lets http.request reach a local server by a name only named knows', async () => {
    const lookup = createLookup({ resolver });
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: 'loopback.resolvkit.test', port, family: 4, path: '/', lookup }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('ok');
  });
});
