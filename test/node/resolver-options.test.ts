/**
 * The Resolver's constructor options as node:dns's promises.Resolver takes them: `timeout` in
 * milliseconds, with -1 (node's documented "the default") giving the configuration's own;
 * `tries`; and a clear ArgumentError for the rest, 0 included (node hands 0 to c-ares, which
 * quietly uses its own default: test/reliability/options.test.ts).
 * No socket is opened: a Resolver opens none until it is asked something.
 */
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/index.js';
import { ArgumentError } from '../../src/errors.js';
import { Resolver } from '../../src/index.js';

const config = createConfig({ resolvConf: 'nameserver 127.0.0.1\noptions timeout:3 attempts:4\n' });

describe('new Resolver({ timeout, tries })', () => {
  it('takes node:dns\'s milliseconds and tries over the configuration', () => {
    const r = new Resolver({ config, timeout: 2000, tries: 2 });
    expect([r.config.timeoutMs, r.config.attempts]).toEqual([2000, 2]);
    expect(r.config.source.attempts).toBe('options');
  });

  it('reads a timeout of -1 as node:dns does: the default, here the configuration\'s', () => {
    expect(new Resolver({ config, timeout: -1 }).config.timeoutMs).toBe(3000);
    expect(new Resolver({ config }).config.timeoutMs).toBe(3000);
  });

  it('refuses any other timeout that is not a whole number of milliseconds from 1 to 3,600,000', () => {
    for (const timeout of [-2, 0, 0.5, 1.5, 3_600_001, Number.NaN, Infinity]) {
      expect(() => new Resolver({ config, timeout }), String(timeout)).toThrow(ArgumentError);
      expect(() => new Resolver({ config, timeout }), String(timeout)).toThrow(`timeout must be a whole number from 1 to 3600000, not ${timeout}`);
    }
    expect(new Resolver({ config, timeout: 1 }).config.timeoutMs).toBe(1);
    expect(new Resolver({ config, timeout: 3_600_000 }).config.timeoutMs).toBe(3_600_000);
  });

  it('refuses tries that are not a whole number from 0 to 100', () => {
    for (const tries of [-1, 1.5, 101]) expect(() => new Resolver({ config, tries }), String(tries)).toThrow('tries must be a whole number from 0 to 100');
    expect(new Resolver({ config, tries: 0 }).config.attempts).toBe(0);
  });
});
