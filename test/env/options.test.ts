import { describe, expect, it } from 'vitest';
import {
  RES_NOAAAA,
  RES_NOCHECKNAME,
  RES_NORELOAD,
  RES_NOTLDQUERY,
  RES_ROTATE,
  RES_SNGLKUP,
  RES_SNGLKUPREOP,
  RES_TRUSTAD,
  RES_USE_EDNS0,
  RES_USE_INET6,
  RES_USEVC,
} from '../../src/env/flags.js';
import { cAtoi, parseOptions } from '../../src/env/options.js';

describe('cAtoi', () => {
  it.each([
    ['5', 5],
    ['  7', 7],
    ['\t3', 3],
    ['2x', 2],
    ['', 0],
    ['x', 0],
    ['-1', -1],
    ['+4', 4],
    ['4294967298', 2],
    ['2147483648', -2147483648],
    ['99999999999999999999', -1],
    ['-99999999999999999999', 0],
  ])('atoi(%j) is %d, as on 64-bit glibc', (text, value) => {
    expect(cAtoi(text)).toBe(value);
  });
});

describe('parseOptions', () => {
  it('reads the numeric options', () => {
    expect(parseOptions('ndots:3 timeout:2 attempts:4')).toMatchObject({ ndots: 3, timeout: 2, attempts: 4, flags: 0 });
  });

  it('clamps to glibc limits: ndots 15, timeout 30, attempts 5', () => {
    const s = parseOptions('ndots:16 timeout:31 attempts:6');
    expect(s).toMatchObject({ ndots: 15, timeout: 30, attempts: 5 });
    expect(s.clamped).toEqual(['ndots:16 -> 15', 'timeout:31 -> 30', 'attempts:6 -> 5']);
  });

  it('keeps the largest in-range values', () => {
    expect(parseOptions('ndots:15 timeout:30 attempts:5')).toMatchObject({ ndots: 15, timeout: 30, attempts: 5, clamped: [] });
  });

  it('clamps negative values to 0', () => {
    expect(parseOptions('ndots:-1 timeout:-3 attempts:-2')).toMatchObject({ ndots: 0, timeout: 0, attempts: 0 });
  });

  it('reads numbers as atoi: after blanks, up to a non-digit, 0 when absent', () => {
    expect(parseOptions('ndots: 3').ndots).toBe(3);
    expect(parseOptions('ndots:2x').ndots).toBe(2);
    expect(parseOptions('ndots:').ndots).toBe(0);
  });

  it('lets a later value win', () => {
    expect(parseOptions('ndots:2 ndots:4').ndots).toBe(4);
  });

  it('sets the flag of every option word', () => {
    const cases: [string, number][] = [
      ['rotate', RES_ROTATE],
      ['no-check-names', RES_NOCHECKNAME],
      ['edns0', RES_USE_EDNS0],
      ['use-vc', RES_USEVC],
      ['inet6', RES_USE_INET6],
      ['single-request', RES_SNGLKUP],
      ['single-request-reopen', RES_SNGLKUPREOP],
      ['no-tld-query', RES_NOTLDQUERY],
      ['no_tld_query', RES_NOTLDQUERY],
      ['trust-ad', RES_TRUSTAD],
      ['no-reload', RES_NORELOAD],
      ['no-aaaa', RES_NOAAAA],
    ];
    for (const [word, flag] of cases) expect(parseOptions(word).flags, word).toBe(flag);
  });

  it('matches an option that is a prefix of the word, as glibc', () => {
    expect(parseOptions('rotated').flags).toBe(RES_ROTATE);
    expect(parseOptions('edns0foo').flags).toBe(RES_USE_EDNS0);
    expect(parseOptions('single-request-reopen').flags).toBe(RES_SNGLKUPREOP);
  });

  it('ignores unknown words and reports them', () => {
    const s = parseOptions('  bogus\trotate  debug ');
    expect(s.flags).toBe(RES_ROTATE);
    expect(s.unknown).toEqual(['bogus', 'debug']);
  });

  it('is case-sensitive unless asked (resolv.conf vs RES_OPTIONS)', () => {
    const exact = parseOptions('ROTATE NDOTS:4');
    expect(exact.flags).toBe(0);
    expect(exact.ndots).toBeUndefined();
    expect(parseOptions('ROTATE NDOTS:4', { ignoreCase: true })).toMatchObject({ flags: RES_ROTATE, ndots: 4 });
  });
});
