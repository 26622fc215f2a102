import { describe, expect, it } from 'vitest';
import {
  flagNames,
  OPTION_FLAGS,
  RES_DEFAULT,
  RES_DEFNAMES,
  RES_DNSRCH,
  RES_FLAGS,
  RES_INIT,
  RES_NOCACHE,
  RES_RECURSE,
  RES_ROTATE,
  RES_TRUSTAD,
  RES_USE_EDNS0,
} from '../../src/env/flags.js';

describe('RES_* flags', () => {
  it('has glibc values for the common flags', () => {
    expect(RES_INIT).toBe(0x1);
    expect(RES_RECURSE).toBe(0x40);
    expect(RES_ROTATE).toBe(0x4000);
    expect(RES_USE_EDNS0).toBe(0x100000);
    expect(RES_TRUSTAD).toBe(0x4000000);
  });

  it('defines RES_DEFAULT as glibc does', () => {
    expect(RES_DEFAULT).toBe(RES_RECURSE | RES_DEFNAMES | RES_DNSRCH);
  });

  it('gives every single-bit flag its own bit', () => {
    const singles = Object.entries(RES_FLAGS).filter(([name]) => name !== 'RES_DEFAULT');
    let seen = 0;
    for (const [name, bit] of singles) {
      expect(bit & (bit - 1), `${name} is one bit`).toBe(0);
      expect(seen & bit, `${name} is not shared`).toBe(0);
      seen |= bit;
    }
  });

  it('puts RES_NOCACHE on a bit glibc does not use, and keeps masks positive', () => {
    expect(RES_NOCACHE).toBe(0x40000000);
    const all = Object.values(RES_FLAGS).reduce((m, b) => m | b, 0);
    expect(all).toBeGreaterThan(0);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(RES_FLAGS)).toBe(true);
    expect(Object.isFrozen(OPTION_FLAGS)).toBe(true);
  });

  it('names the bits of a mask, lowest first, and shows unnamed bits in hex', () => {
    expect(flagNames(RES_DEFAULT | RES_INIT)).toEqual(['RES_INIT', 'RES_RECURSE', 'RES_DEFNAMES', 'RES_DNSRCH']);
    expect(flagNames(0)).toEqual([]);
    expect(flagNames(RES_ROTATE | 0x10000000)).toEqual(['RES_ROTATE', '0x10000000']);
  });

  it('tries single-request-reopen before single-request (prefix matching)', () => {
    const words = OPTION_FLAGS.map(([w]) => w);
    expect(words.indexOf('single-request-reopen')).toBeLessThan(words.indexOf('single-request'));
  });
});
