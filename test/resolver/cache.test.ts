import { describe, expect, it } from 'vitest';
import type { Message, ResourceRecord } from '../../src/packet/types.js';
import { AnswerCache, cacheKey, KeyMemo, type CacheOptions } from '../../src/resolver/cache.js';
import { fakeClock } from '../support/outcomes.js';


const a = (name: string, ttl: number, address = '192.0.2.1'): ResourceRecord => ({ name, type: 'A', class: 'IN', ttl, data: address });
const soa = (ttl: number, minimum: number): ResourceRecord => ({
  name: 'resolvkit.test',
  type: 'SOA',
  class: 'IN',
  ttl,
  data: { mname: 'ns1.resolvkit.test', rname: 'hostmaster.resolvkit.test', serial: 1, refresh: 2, retry: 3, expire: 4, minimum },
});

function response(over: Partial<Message> & { aa?: boolean } = {}): Message {
  const { aa = true, ...rest } = over;
  return {
    id: 1,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    flags: { qr: true, aa, tc: false, rd: true, ra: false, z: false, ad: false, cd: false },
    questions: [{ name: 'host.resolvkit.test', type: 'A', class: 'IN' }],
    answers: [a('host.resolvkit.test', 300), a('host.resolvkit.test', 60, '192.0.2.2')],
    authorities: [],
    additionals: [],
    ...rest,
  };
}

const key = cacheKey('host.resolvkit.test', 'A');

function cache(options: CacheOptions = {}) {
  const clock = fakeClock();
  return { clock, cache: new AnswerCache(clock.now, options) };
}

describe('what is cached', () => {
  it('keeps an authoritative answer and serves it, marked fromCache', () => {
    const { cache: c } = cache();
    expect(c.store(key, response())).toBe(true);
    const hit = c.lookup(key)!.message;
    expect(hit.fromCache).toBe(true);
    expect(hit.answers.map((r) => r.data)).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(c.stats()).toEqual({ hits: 1, misses: 0, size: 1 });
  });

  it('never keeps a non-authoritative answer in the default mode', () => {
    const { cache: c } = cache();
    expect(c.store(key, response({ aa: false }))).toBe(false);
    expect(c.lookup(key)).toBeUndefined();
    expect(c.stats()).toEqual({ hits: 0, misses: 1, size: 0 });
  });

  it("keeps a non-authoritative answer in mode 'all', and nothing in mode 'off'", () => {
    expect(cache({ mode: 'all' }).cache.store(key, response({ aa: false }))).toBe(true);
    expect(cache({ mode: 'off' }).cache.store(key, response())).toBe(false);
  });

  it('never keeps responses to inverse queries, truncated responses, or TTL 0', () => {
    const { cache: c } = cache({ mode: 'all' });
    expect(c.store(key, response({ opcode: 'IQUERY' }))).toBe(false);
    expect(c.store(key, { ...response(), flags: { ...response().flags, tc: true } })).toBe(false);
    expect(c.store(key, response({ answers: [a('host.resolvkit.test', 0), a('host.resolvkit.test', 300)] }))).toBe(false);
    expect(c.stats().size).toBe(0);
  });

  it('keeps nothing negative unless asked', () => {
    const { cache: c } = cache();
    expect(c.store(key, response({ rcode: 'NXDOMAIN', answers: [], authorities: [soa(3600, 300)] }))).toBe(false);
    expect(c.store(key, response({ answers: [], authorities: [soa(3600, 300)] }))).toBe(false);
  });
});

describe('time to live', () => {
  it('serves a hit while the smallest TTL lasts, then removes it', () => {
    const { cache: c, clock } = cache();
    c.store(key, response()); // TTLs 300 and 60: the entry lasts 60 s
    clock.advance(59_999);
    expect(c.lookup(key)).toBeDefined();
    clock.advance(1);
    expect(c.lookup(key)).toBeUndefined();
    expect(c.stats().size).toBe(0);
  });

  it('counts the returned TTLs down by whole seconds spent in the cache', () => {
    const { cache: c, clock } = cache();
    c.store(key, response());
    expect(c.lookup(key)!.message.answers.map((r) => r.ttl)).toEqual([300, 60]);
    clock.advance(999);
    expect(c.lookup(key)!.message.answers.map((r) => r.ttl)).toEqual([300, 60]);
    clock.advance(1);
    expect(c.lookup(key)!.message.answers.map((r) => r.ttl)).toEqual([299, 59]);
    clock.advance(58_500);
    expect(c.lookup(key)!.message.answers.map((r) => r.ttl)).toEqual([241, 1]);
  });

  it('caps TTLs at maxTtl', () => {
    const { cache: c, clock } = cache({ maxTtl: 10 });
    c.store(key, response({ answers: [a('host.resolvkit.test', 86400)] }));
    clock.advance(10_000);
    expect(c.lookup(key)).toBeUndefined();
  });

  it('does not change what it returned before (views are frozen)', () => {
    const { cache: c, clock } = cache();
    c.store(key, response());
    const first = c.lookup(key)!.message;
    clock.advance(5000);
    c.lookup(key);
    expect(first.answers[0]!.ttl).toBe(300);
    expect(Object.isFrozen(first.answers[0])).toBe(true);
  });
});

describe('negative caching (RFC 2308), when enabled', () => {
  it('keeps an authoritative NXDOMAIN for min(SOA TTL, SOA MINIMUM)', () => {
    const { cache: c, clock } = cache({ negative: true });
    expect(c.store(key, response({ rcode: 'NXDOMAIN', answers: [], authorities: [soa(3600, 300)] }))).toBe(true);
    clock.advance(299_000);
    const hit = c.lookup(key)!.message;
    expect(hit.rcode).toBe('NXDOMAIN');
    expect(hit.authorities[0]!.ttl).toBe(3600 - 299);
    clock.advance(1000);
    expect(c.lookup(key)).toBeUndefined();
  });

  it('uses the SOA TTL when it is the smaller, and caches NODATA too', () => {
    const { cache: c, clock } = cache({ negative: true });
    expect(c.store(key, response({ answers: [], authorities: [soa(20, 300)] }))).toBe(true);
    clock.advance(20_000);
    expect(c.lookup(key)).toBeUndefined();
  });

  it('does not cache a negative answer without an SOA, or a non-authoritative one', () => {
    const { cache: c } = cache({ negative: true });
    expect(c.store(key, response({ rcode: 'NXDOMAIN', answers: [] }))).toBe(false);
    expect(c.store(key, response({ rcode: 'NXDOMAIN', answers: [], authorities: [soa(60, 60)], aa: false }))).toBe(false);
  });

  it('does not cache SERVFAIL or REFUSED', () => {
    const { cache: c } = cache({ negative: true, mode: 'all' });
    expect(c.store(key, response({ rcode: 'SERVFAIL', answers: [], authorities: [soa(60, 60)] }))).toBe(false);
    expect(c.store(key, response({ rcode: 'REFUSED', answers: [], authorities: [soa(60, 60)] }))).toBe(false);
  });
});

describe('keys, size and clearing', () => {
  it('compares names case-insensitively and ignores a trailing dot, but keeps types, classes and DO apart', () => {
    expect(cacheKey('Host.ResolvKit.TEST.', 'A')).toBe(key);
    expect(cacheKey('host.resolvkit.test', 'AAAA')).not.toBe(key);
    expect(cacheKey('host.resolvkit.test', 'A', 'CH')).not.toBe(key);
    expect(cacheKey('host.resolvkit.test', 'A', 'IN', true)).not.toBe(key);
  });

  it('drops the least recently used entry beyond maxEntries', () => {
    const { cache: c } = cache({ maxEntries: 2 });
    for (const n of ['a', 'b', 'c']) c.store(cacheKey(n, 'A'), response({ answers: [a(n, 60)] }));
    expect(c.stats().size).toBe(2);
    expect(c.lookup(cacheKey('a', 'A'))).toBeUndefined();
    expect(c.lookup(cacheKey('c', 'A'))).toBeDefined();
  });

  it('clear() forgets entries and counters', () => {
    const { cache: c } = cache();
    c.store(key, response());
    c.lookup(key);
    c.clear();
    expect(c.stats()).toEqual({ hits: 0, misses: 0, size: 0 });
    expect(c.lookup(key)).toBeUndefined();
  });
});

/** key(), then remember() with the key it gave: what the resolver does for an answer it stores. */
const learn = (memo: KeyMemo, n: string): string => {
  const k = memo.key(n, 'A', 'IN', false)!;
  memo.remember(n, 'A', 'IN', false, k);
  return k;
};

describe('KeyMemo', () => {
  it('gives exactly what cacheKey gives, for any spelling, class and DO bit', () => {
    const memo = new KeyMemo();
    for (const [name, type, klass, dnssec] of [
      ['Host.ResolvKit.TEST.', 'a', 'IN', false],
      ['host.resolvkit.test', 'AAAA', 'in', true],
      ['x.test', 'TXT', 'CH', false],
      ['x.test', 'TXT', 'CH', false],
    ] as const) {
      expect(memo.key(name, type, klass, dnssec)).toBe(cacheKey(name, type, klass, dnssec));
    }
  });

  it('ages names out a generation at a time, keeping the ones still asked for', () => {
    const memo = new KeyMemo(3);
    const ask = (n: string) => expect(learn(memo, n)).toBe(cacheKey(n, 'A'));
    const remembered = (...ns: string[]) => ns.filter((n) => memo.remembers(n, 'A', 'IN', false));
    for (const n of ['a', 'b', 'c']) ask(n);
    ask('d'); // a full generation: a, b, c become the previous one
    expect(remembered('a', 'b', 'c', 'd')).toEqual(['a', 'b', 'c', 'd']);
    ask('a'); // carried into the current generation
    ask('e');
    ask('f'); // d, a, e become the previous generation; b and c are forgotten
    expect(remembered('a', 'b', 'c', 'd', 'e', 'f')).toEqual(['a', 'd', 'e', 'f']);
    expect(memo.remembers('a', 'A', 'IN', true)).toBe(false);
    memo.clear();
    expect(remembered('a', 'd', 'e', 'f')).toEqual([]);
  });

  it('gives a new name\'s key without keeping the name; remember keeps it', () => {
    const memo = new KeyMemo(3);
    expect(memo.key('new.test', 'A', 'IN', false)).toBe(cacheKey('new.test', 'A'));
    expect(memo.remembers('new.test', 'A', 'IN', false)).toBe(false);
    // The key made last for a name not remembered is given again, the same string, to the next caller.
    expect(memo.key('new.test', 'A', 'IN', false)).toBe(memo.key('new.test', 'A', 'IN', false));
    expect(memo.key('new.test', 'AAAA', 'IN', false)).toBe(cacheKey('new.test', 'AAAA'));
    expect(memo.key('new.test', 'A', 'IN', true)).toBe(cacheKey('new.test', 'A', 'IN', true));
    memo.remember('new.test', 'A', 'IN', false, cacheKey('new.test', 'A'));
    expect(memo.remembers('new.test', 'A', 'IN', false)).toBe(true);
    // A remembered name in the previous generation is carried forward by key().
    for (const n of ['b', 'c', 'd']) learn(memo, n);
    expect(memo.key('new.test', 'A', 'IN', false)).toBe(cacheKey('new.test', 'A'));
    for (const n of ['e', 'f']) learn(memo, n);
    expect(memo.remembers('new.test', 'A', 'IN', false)).toBe(true);
  });

  it('a working set as large as its limit stays remembered (the old memo cleared itself at its limit)', () => {
    const memo = new KeyMemo(1000);
    const names = Array.from({ length: 1000 }, (_, i) => `n${i}.test`);
    for (let round = 0; round < 3; round++) for (const n of names) learn(memo, n);
    expect(names.every((n) => memo.remembers(n, 'A', 'IN', false))).toBe(true);
  });
});

describe('what a hit shares', () => {
  it('record data is frozen, so no caller can change a cached answer', () => {
    const { cache: c } = cache();
    const mx: ResourceRecord = { name: 'host.resolvkit.test', type: 'MX', class: 'IN', ttl: 60, data: { preference: 10, exchange: 'mx.test' } };
    c.store(key, response({ answers: [mx] }));
    const data = c.lookup(key)!.message.answers[0]!.data as { exchange: string };
    expect(Object.isFrozen(data)).toBe(true);
    expect(() => {
      data.exchange = 'evil.test';
    }).toThrow(TypeError);
  });
});
