/**
 * Every Resolver option is validated, and a bad one is an ArgumentError at construction (or at
 * the call, for per-call options), rather than a resolver that quietly does something else:
 * each case below once did (cache: 'authorative' cached everything, maxTtl: NaN never expired,
 * maxEntries: 1e8 blocked for seconds and ran out of memory, negative: 'false' turned negative
 * caching on, flags: NaN cleared every flag, query(n, t, null) threw a TypeError).
 */
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { ArgumentError } from '../../src/errors.js';
import { Resolver, type ResolverOptions } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';

const config = createConfig({ resolvConf: 'nameserver 127.0.0.1\n' });
const make = (options: Record<string, unknown>) => new Resolver({ config, transport: new ScriptedTransport(() => 'timeout'), ...options } as ResolverOptions);

describe('Resolver options', () => {
  it.each([
    [{ cache: 'authorative' }, /cache must be/],
    [{ cache: { mode: 'everything' } }, /cache.mode/],
    [{ cache: { maxTtl: Number.NaN } }, /cache.maxTtl/],
    [{ cache: { maxTtl: -1 } }, /cache.maxTtl/],
    [{ cache: { maxEntries: 1e8 } }, /cache.maxEntries/],
    [{ cache: { maxEntries: Number.NaN } }, /cache.maxEntries/],
    [{ cache: { negative: 'false' } }, /cache.negative/],
    [{ cache: { maxBytes: 10 } }, /cache.maxBytes/],
    [{ cache: { ttl: 5 } }, /unknown cache option/],
    [{ cache: 42 }, /cache must be/],
    [{ flags: Number.NaN }, /flags/],
    [{ flags: -1 }, /flags/],
    [{ rotate: 'yes' }, /rotate/],
    [{ timeout: 0 }, /timeout/],
    [{ tries: 1.5 }, /tries/],
    [{ ndots: 99 }, /ndots/],
    [{ now: 5 }, /now/],
    [{ transport: {} }, /transport/],
    [{ nameservers: ['not an address'] }, /name server/],
  ])('%j is an ArgumentError', (options, message) => {
    expect(() => make(options)).toThrow(ArgumentError);
    expect(() => make(options)).toThrow(message);
  });

  it('takes the valid forms', () => {
    for (const options of [{ cache: 'all' }, { cache: { mode: 'off' } }, { cache: { maxEntries: 5, maxTtl: 0, negative: true, maxBytes: 4096 } }, { flags: 0 }, { rotate: false }]) {
      expect(() => make(options).close()).not.toThrow();
    }
  });
});

describe('per-call options', () => {
  it('query(name, type, null) and bad per-call flags are ArgumentErrors, not TypeErrors', () => {
    const r = make({});
    expect(() => r.query('a.test', 'A', null as never)).toThrow(ArgumentError);
    expect(() => r.query('a.test', 'A', { flags: Number.NaN })).toThrow(ArgumentError);
  });
});

describe('configuration warnings stay small', () => {
  it('quote at most 40 characters of a bad word, whatever its size', async () => {
    const { parseResolvConf } = await import('../../src/env/resolvconf.js');
    const { createConfig: make } = await import('../../src/env/config.js');
    const huge = 'x'.repeat(1 << 20);
    const conf = parseResolvConf(`nameserver ${huge}\noptions ${huge}\nsortlist ${huge}\n`);
    expect(conf.warnings.length).toBeGreaterThan(0);
    for (const w of conf.warnings) expect(w.length).toBeLessThan(120);
    const env = make({ env: { RES_OPTIONS: huge, QIBM_BIND_RESOLVER_FLAGS: huge, QIBM_BIND_RESOLVER_SORTLIST: huge } });
    for (const w of env.warnings) expect(w.length).toBeLessThan(120);
  });
});
