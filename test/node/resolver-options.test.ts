/**
 * The Resolver's constructor options as node:dns's promises.Resolver takes them: `timeout` in
 * milliseconds, with -1 (node's documented "the default") giving the configuration's own;
 * `tries`; and node's errors (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE) for the rest, a timeout of
 * 0 included (node hands 0 to c-ares, which quietly uses its own default:
 * test/reliability/options.test.ts), in narrower ranges than node's.
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
    // Where node refuses the value too, node's own error is the reference (node-arguments.test.ts).
    for (const timeout of [-2, 0, 0.5, 1.5, 3_600_001, Number.NaN, Infinity]) {
      expect(() => new Resolver({ config, timeout }), String(timeout)).toThrow(ArgumentError);
      const range = Number.isInteger(timeout) ? '>= 1 && <= 3600000' : 'an integer';
      expect(() => new Resolver({ config, timeout }), String(timeout)).toThrow(`The value of "options.timeout" is out of range. It must be ${range}. Received ${timeout}`);
    }
    expect(() => new Resolver({ config, timeout: 2 ** 33 })).toThrow('Received 8_589_934_592');
    expect(() => new Resolver({ config, timeout: '5' as unknown as number })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(new Resolver({ config, timeout: 1 }).config.timeoutMs).toBe(1);
    expect(new Resolver({ config, timeout: 3_600_000 }).config.timeoutMs).toBe(3_600_000);
  });

  it('refuses tries that are not a whole number from 1 to 100 (node: from 1)', () => {
    for (const tries of [0, -1, 101]) {
      expect(() => new Resolver({ config, tries }), String(tries)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE', message: `The value of "options.tries" is out of range. It must be >= 1 && <= 100. Received ${tries}` }));
    }
    expect(() => new Resolver({ config, tries: 1.5 })).toThrow('It must be an integer. Received 1.5');
    expect(new Resolver({ config, tries: 1 }).config.attempts).toBe(1);
    expect(new Resolver({ config, tries: 100 }).config.attempts).toBe(100);
  });

  it('checks ndots and udpMaxQueries the same way', () => {
    expect(() => new Resolver({ config, ndots: 16 })).toThrow('The value of "options.ndots" is out of range. It must be >= 0 && <= 15. Received 16');
    expect(() => new Resolver({ config, udpMaxQueries: 0 })).toThrow('The value of "options.udpMaxQueries" is out of range. It must be >= 1 && <= 65535. Received 0');
  });

  it('reads the nameservers option strictly, as setServers (0127.0.0.1 is no address, not 87.0.0.1)', () => {
    for (const bad of ['0127.0.0.1', '127.1', '127.0.0.1:0', 'localhost']) expect(() => new Resolver({ config, nameservers: [bad] }), bad).toThrow(`not a name server address: "${bad}"`);
    expect(new Resolver({ config, nameservers: ['127.0.0.1:5300', '[127.0.0.2]', '[::1]:5301'] }).getServers()).toEqual(['127.0.0.1:5300', '127.0.0.2', '[::1]:5301']);
  });

  it('refuses options that are not an object, but takes null as node does', () => {
    expect(() => new Resolver(5 as unknown as object)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE', message: 'The "options" argument must be of type object. Received type number (5)' }));
    expect(new Resolver(null).config.nameservers.length).toBeGreaterThan(0);
  });
});
