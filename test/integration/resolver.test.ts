/**
 * The resolver against a real BIND named: the cache rules of the seed manual, TC then TCP,
 * rotation and fail-over. Servers that must stop or stall are private to this file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_AAONLY, RES_NOCACHE } from '../../src/env/flags.js';
import { Resolver, type ResolverOptions } from '../../src/index.js';
import { startNamed, type NamedInstance } from '../support/named.js';
import { failure, fakeClock } from '../support/outcomes.js';

const made: Resolver[] = [];
afterAll(() => made.forEach((r) => r.close()));

/** A resolver that knows only `servers`, with no search list, and a short timeout. */
function resolver(servers: string[], options: Omit<ResolverOptions, 'config' | 'nameservers'> = {}, resolvOptions = 'timeout:1 attempts:1') {
  const r = new Resolver({ config: createConfig({ resolvConf: `options ${resolvOptions}\n` }), nameservers: servers, ...options });
  made.push(r);
  return r;
}


describe('the authoritative-only cache', () => {
  let named: NamedInstance;
  let server: string;
  beforeAll(async () => {
    named = await startNamed();
    server = `${named.address}:${named.port}`;
  });
  afterAll(() => named.stop());

  it('caches an authoritative answer and serves it while the server is stopped', async () => {
    const r = resolver([server]);
    const first = await r.query('both.resolvkit.test', 'A');
    expect(first.flags.aa).toBe(true);
    expect(first.fromCache).toBe(false);
    named.pause();
    try {
      const again = await r.query('both.resolvkit.test', 'A');
      expect(again.fromCache).toBe(true);
      expect(again.answers.map((a) => a.data).sort()).toEqual(['192.0.2.10', '192.0.2.11']);
      expect(r.cacheStats()).toMatchObject({ hits: 1, size: 1 });
    } finally {
      named.resume();
    }
  });

  it('RES_AAONLY and RES_NOCACHE go to the network even with the answer cached', async () => {
    const r = resolver([server]);
    await r.query('www.resolvkit.test', 'A');
    expect((await r.query('www.resolvkit.test', 'A')).fromCache).toBe(true);
    expect((await r.query('www.resolvkit.test', 'A', { flags: RES_AAONLY })).fromCache).toBe(false);
    expect((await r.query('www.resolvkit.test', 'A', { flags: RES_NOCACHE })).fromCache).toBe(false);
    // With the server frozen, only the network can fail: the cached answer is not used.
    named.pause();
    try {
      expect((await failure(r.query('www.resolvkit.test', 'A', { flags: RES_AAONLY }))).code).toBe('ETIMEOUT');
      expect((await failure(r.query('www.resolvkit.test', 'A', { flags: RES_NOCACHE }))).code).toBe('ETIMEOUT');
      expect((await r.query('www.resolvkit.test', 'A')).fromCache).toBe(true);
    } finally {
      named.resume();
    }
  });

  it('a short-TTL answer expires: the next query goes to the server (fake clock, no sleep)', async () => {
    const clock = fakeClock(0);
    const r = resolver([server], { now: clock.now });
    const first = await r.query('ttl1.resolvkit.test', 'A');
    expect(first.answers[0]!.ttl).toBe(1);
    clock.advance(999);
    expect((await r.query('ttl1.resolvkit.test', 'A')).fromCache).toBe(true);
    clock.advance(1);
    const after = await r.query('ttl1.resolvkit.test', 'A');
    expect(after.fromCache).toBe(false);
    expect(r.cacheStats().misses).toBe(2);
  });

  it('a TTL-0 answer is never cached', async () => {
    const r = resolver([server]);
    await r.query('ttl0.resolvkit.test', 'A');
    expect((await r.query('ttl0.resolvkit.test', 'A')).fromCache).toBe(false);
    expect(r.cacheStats().size).toBe(0);
  });

  it("setServers and clearCache empty the cache", async () => {
    const r = resolver([server]);
    await r.query('one.resolvkit.test', 'A');
    r.clearCache();
    expect((await r.query('one.resolvkit.test', 'A')).fromCache).toBe(false);
    r.setServers([server]);
    expect(r.cacheStats().size).toBe(0);
  });
});

describe('answers from a non-authoritative server', () => {
  it('are not cached: a forwarder answers with AA clear', async () => {
    const fwd = inject('namedForwarder');
    const r = resolver([`${fwd.address}:${fwd.port}`], {}, 'timeout:2 attempts:2');
    const first = await r.query('both.resolvkit.test', 'A');
    expect(first.flags.aa).toBe(false);
    expect(first.answers).toHaveLength(2);
    const second = await r.query('both.resolvkit.test', 'A');
    expect(second.fromCache).toBe(false);
    expect(r.cacheStats().size).toBe(0);
  });

  it("are cached with cache: 'all'", async () => {
    const fwd = inject('namedForwarder');
    const r = resolver([`${fwd.address}:${fwd.port}`], { cache: 'all' }, 'timeout:2 attempts:2');
    await r.query('host.resolvkit.test', 'A');
    expect((await r.query('host.resolvkit.test', 'A')).fromCache).toBe(true);
  });
});

describe('transports against named', () => {
  it('dns0x20: named repeats the random case, so every answer is as without it, over UDP and TCP alike', async () => {
    const named = inject('named');
    const server = `${named.address}:${named.port}`;
    const plain = resolver([server], { cache: 'off' });
    const mixed = resolver([server], { cache: 'off', dns0x20: true });
    for (const [name, type] of [['both.resolvkit.test', 'A'], ['both.resolvkit.test', 'AAAA'], ['mail.resolvkit.test', 'MX'], ['big.resolvkit.test', 'A']] as const) {
      const a = await plain.query(name, type);
      const b = await mixed.query(name, type);
      expect(b.questions[0]!.name).toBe(name);
      expect(b.transport).toBe(a.transport);
      expect(b.answers.map((rr) => [rr.type, rr.data]).sort()).toEqual(a.answers.map((rr) => [rr.type, rr.data]).sort());
    }
    expect((await failure(mixed.query('nothing-here.resolvkit.test', 'A'))).code).toBe('ENOTFOUND');
  });

  it('a truncated UDP answer (40 A records, no EDNS) is asked again over TCP', async () => {
    const named = inject('named');
    const r = resolver([`${named.address}:${named.port}`], { cache: 'off' });
    const res = await r.query('big.resolvkit.test', 'A');
    expect(res.transport).toBe('tcp');
    expect(res.answers).toHaveLength(40);
  });

  it('with EDNS (1232 octets) the same answer fits in UDP; 2 KB of TXT still needs TCP', async () => {
    const named = inject('named');
    const r = resolver([`${named.address}:${named.port}`], { cache: 'off' }, 'edns0 timeout:1 attempts:1');
    expect((await r.query('big.resolvkit.test', 'A')).transport).toBe('udp');
    const txt = await r.query('bigtxt.resolvkit.test', 'TXT');
    expect(txt.transport).toBe('tcp');
    expect(txt.answers.length).toBeGreaterThanOrEqual(8);
  });
});

describe('servers', () => {
  let stalled: NamedInstance;
  beforeAll(async () => {
    stalled = await startNamed();
    stalled.pause();
  });
  afterAll(async () => {
    stalled.resume();
    await stalled.stop();
  });

  it('fails over to the second server when the first does not answer', async () => {
    const named = inject('named');
    const good = `${named.address}:${named.port}`;
    const r = resolver([`${stalled.address}:${stalled.port}`, good], { cache: 'off', timeout: 300 });
    const t0 = Date.now();
    const res = await r.query('both.resolvkit.test', 'A');
    expect(res.server).toBe(good);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('rotates over the servers with `options rotate`', async () => {
    const named = inject('named');
    const a = `${named.address}:${named.port}`;
    const b = named.ipv6 ? `[::1]:${named.port}` : a;
    const r = resolver([a, b], { cache: 'off' }, 'rotate timeout:1 attempts:1');
    const used = [];
    for (let i = 0; i < 4; i++) used.push((await r.query('both.resolvkit.test', 'A')).server);
    expect(used).toEqual([a, b, a, b]);
  });
});

describe('outcomes as distinct errors', () => {
  it('NXDOMAIN, NODATA and a referral are told apart', async () => {
    const named = inject('named');
    const r = resolver([`${named.address}:${named.port}`], { cache: 'off' });
    const nx = await failure(r.query('missing.resolvkit.test', 'A'));
    expect([nx.code, nx.herrno, nx.response?.rcode]).toEqual(['ENOTFOUND', 'HOST_NOT_FOUND', 'NXDOMAIN']);
    const nodata = await failure(r.query('v4only.resolvkit.test', 'AAAA'));
    expect([nodata.code, nodata.herrno]).toEqual(['ENODATA', 'NO_DATA']);
    const referral = await failure(r.query('x.ref.resolvkit.test', 'A'));
    expect(referral.code).toBe('ENODATA');
    expect(referral.response?.flags.aa).toBe(false);
  });
});
