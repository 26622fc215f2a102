import { describe, expect, it } from 'vitest';
import { AI_ADDRCONFIG, AI_V4MAPPED } from '../../src/addrinfo/constants.js';
import { createLookup, type LookupAddress } from '../../src/node/lookup.js';
import { ArgumentError, LookupError } from '../../src/errors.js';
import { DUAL_STACK, fakeConfig, fakeResolver } from '../addrinfo/fake-resolver.js';

const ZONE = {
  'both.resolvkit.test': { A: ['192.0.2.10', '192.0.2.11'], AAAA: ['2001:db8::10'] },
  'v4only.resolvkit.test': { A: ['192.0.2.1'] },
  'servfail.resolvkit.test': 'ESERVFAIL' as const,
  'xn--caf-dma.resolvkit.test': { A: ['192.0.2.31'] },
};
const setup = () => {
  const resolver = fakeResolver(ZONE, fakeConfig({ hosts: '192.0.2.77 files.test\n2001:db8::77 files.test\n' }));
  return { resolver, lookup: createLookup({ resolver, networkInterfaces: DUAL_STACK }) };
};
type Outcome = { err: NodeJS.ErrnoException | null; address: unknown; family: unknown };
const call = (fn: (cb: (err: NodeJS.ErrnoException | null, address?: unknown, family?: unknown) => void) => void) =>
  new Promise<Outcome>((resolve) => fn((err, address, family) => resolve({ err, address, family })));

describe('lookup (callback form)', () => {
  it('gives the first address and its family, in getaddrinfo order by default (verbatim)', async () => {
    const { lookup } = setup();
    expect(await call((cb) => lookup('both.resolvkit.test', cb))).toEqual({ err: null, address: '2001:db8::10', family: 6 });
    expect(await call((cb) => lookup('both.resolvkit.test', 4, cb))).toEqual({ err: null, address: '192.0.2.10', family: 4 });
    expect(await call((cb) => lookup('both.resolvkit.test', { family: 'IPv6' }, cb))).toEqual({ err: null, address: '2001:db8::10', family: 6 });
  });

  it('gives every address with all: true, once each, ordered as asked', async () => {
    const { lookup } = setup();
    const all = (order?: 'ipv4first' | 'ipv6first' | 'verbatim', verbatim?: boolean) =>
      call((cb) => lookup('both.resolvkit.test', { all: true, ...(order ? { order } : {}), ...(verbatim !== undefined ? { verbatim } : {}) }, cb)).then((o) =>
        (o.address as LookupAddress[]).map((a) => `${a.family}:${a.address}`),
      );
    expect(await all()).toEqual(['6:2001:db8::10', '4:192.0.2.10', '4:192.0.2.11']);
    expect(await all('ipv4first')).toEqual(['4:192.0.2.10', '4:192.0.2.11', '6:2001:db8::10']);
    expect(await all('ipv6first')).toEqual(['6:2001:db8::10', '4:192.0.2.10', '4:192.0.2.11']);
    expect(await all(undefined, false)).toEqual(['4:192.0.2.10', '4:192.0.2.11', '6:2001:db8::10']);
  });

  it('passes hints through: AI_V4MAPPED with family 6', async () => {
    const { lookup } = setup();
    expect(await call((cb) => lookup('v4only.resolvkit.test', { family: 6, hints: AI_V4MAPPED }, cb))).toEqual({ err: null, address: '::ffff:192.0.2.1', family: 6 });
  });

  it('answers an IP address itself, as written and whatever the family, without a query', async () => {
    const { lookup, resolver } = setup();
    expect(await call((cb) => lookup('::1', { family: 4 }, cb))).toEqual({ err: null, address: '::1', family: 6 });
    expect(await call((cb) => lookup('fe80::1%lo', { all: true }, cb))).toEqual({ err: null, address: [{ address: 'fe80::1%lo', family: 6 }], family: undefined });
    expect(resolver.asked).toEqual([]);
  });

  it('answers an empty hostname with a null address, as node does', async () => {
    const { lookup } = setup();
    expect(await call((cb) => lookup('', cb))).toEqual({ err: null, address: null, family: 4 });
    expect(await call((cb) => lookup('', { family: 6 }, cb))).toEqual({ err: null, address: null, family: 6 });
    expect(await call((cb) => lookup('', { all: true }, cb))).toEqual({ err: null, address: [], family: undefined });
  });

  it('encodes a Unicode name as node does (punycode)', async () => {
    const { lookup } = setup();
    expect(await call((cb) => lookup('café.resolvkit.test', cb))).toEqual({ err: null, address: '192.0.2.31', family: 4 });
  });

  it('fails as dns.lookup fails: ENOTFOUND for no such name or no address, EAI_AGAIN for a server failure', async () => {
    const { lookup } = setup();
    const missing = await call((cb) => lookup('missing.resolvkit.test', cb));
    expect(missing.err).toBeInstanceOf(LookupError);
    expect(missing.err).toBeInstanceOf(Error);
    expect({ ...missing.err }).toEqual({ errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'missing.resolvkit.test' });
    expect(missing.err?.message).toBe('getaddrinfo ENOTFOUND missing.resolvkit.test');
    expect((await call((cb) => lookup('v4only.resolvkit.test', 6, cb))).err).toMatchObject({ code: 'ENOTFOUND', errno: -3007 });
    expect((await call((cb) => lookup('servfail.resolvkit.test.', cb))).err).toMatchObject({ code: 'EAI_AGAIN', errno: -3001, hostname: 'servfail.resolvkit.test.' });
  });

  it('throws at once for bad arguments, as node does', () => {
    const { lookup } = setup();
    const cb = () => {};
    expect(() => lookup(5 as unknown as string, cb)).toThrow(ArgumentError);
    expect(() => lookup('x', { family: 5 }, cb)).toThrow(/must be one of: 0, 4, 6/);
    expect(() => lookup('x', 5, cb)).toThrow(ArgumentError);
    expect(() => lookup('x', { hints: 1 }, cb)).toThrow(/'hints' is invalid/);
    expect(() => lookup('x', { all: 'yes' as unknown as boolean }, cb)).toThrow(ArgumentError);
    expect(() => lookup('x', { order: 'random' as never }, cb)).toThrow(ArgumentError);
    expect(() => lookup('x', {} as never)).toThrow(/callback/);
    expect(() => lookup('x', { hints: AI_ADDRCONFIG | AI_V4MAPPED }, cb)).not.toThrow();
  });

  it('calls the callback outside the promise chain, so its exceptions are not swallowed', async () => {
    const { lookup } = setup();
    // The runner's own handlers are set aside so that this deliberate exception is not reported.
    const others = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const seen = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
      lookup('files.test', () => {
        throw new Error('from the callback');
      });
      expect(await seen).toMatchObject({ message: 'from the callback' });
    } finally {
      for (const l of others) process.on('uncaughtException', l);
    }
  });
});

describe('lookup.promise (dns.promises.lookup form)', () => {
  it('resolves with { address, family } or, with all, an array', async () => {
    const { lookup } = setup();
    expect(await lookup.promise('files.test')).toEqual({ address: '2001:db8::77', family: 6 });
    expect(await lookup.promise('files.test', { all: true, order: 'ipv4first' })).toEqual([
      { address: '192.0.2.77', family: 4 },
      { address: '2001:db8::77', family: 6 },
    ]);
    expect(await lookup.promise('192.0.2.1')).toEqual({ address: '192.0.2.1', family: 4 });
    expect(await lookup.promise('')).toEqual({ address: null, family: 4 });
  });

  it('rejects with node\'s error, and throws at once for bad arguments', async () => {
    const { lookup } = setup();
    await expect(lookup.promise('missing.resolvkit.test')).rejects.toMatchObject({ code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    expect(() => lookup.promise('x', { family: 3 })).toThrow(ArgumentError);
  });
});

describe('lookup answered without a query', () => {
  it('calls back on a later tick, never inside the call, for a hosts-file name and for a failure known at once', async () => {
    const { lookup, resolver } = setup();
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      lookup('files.test', 4, (err, address) => {
        events.push(`files.test ${String(err)} ${String(address)}`);
        lookup('files.test', { family: 6, all: true }, (err2, list) => {
          events.push(`all ${String(err2)} ${JSON.stringify(list)}`);
          resolve();
        });
        events.push('after the inner call');
      });
    });
    events.push('after the call');
    await done;
    expect(events).toEqual(['after the call', 'files.test null 192.0.2.77', 'after the inner call', 'all null [{"address":"2001:db8::77","family":6}]']);
    expect(resolver.asked).toEqual([]);
  });

  it('rejects the promise form with node\'s error when the hosts file has no address of the family', async () => {
    const { lookup } = setup();
    const hostsV4 = createLookup({ resolver: fakeResolver(ZONE, fakeConfig({ hosts: '192.0.2.77 v4.files.test\n' })), networkInterfaces: DUAL_STACK });
    expect(await lookup.promise('files.test', 4)).toEqual({ address: '192.0.2.77', family: 4 });
    const err = await hostsV4.promise('v4.files.test', 6).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LookupError);
    expect((err as LookupError).code).toBe('ENOTFOUND');
  });
});
