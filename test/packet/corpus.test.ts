/**
 * The regression corpus (fixtures/corpus/regressions): every input the codec ever got wrong,
 * held to what its file name says (see fixtures/corpus/README.md); and the fuzzing seeds
 * (fixtures/corpus/seeds, real named replies), which must all decode and hold up.
 */
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { hexFiles, holdsUp } from './fuzz-support.js';

const regressions = hexFiles('fixtures/corpus/regressions');
const seeds = hexFiles('fixtures/corpus/seeds');

describe('the regression corpus', () => {
  it('is there, and every file says what it must do', () => {
    expect(regressions.length).toBeGreaterThanOrEqual(12);
    for (const [file] of regressions) expect(file).toMatch(/^(refuse|exact|ok)-[a-z0-9-]+\.hex$/);
  });

  it.each(regressions)('%s', (file, wire) => {
    if (file.startsWith('refuse-')) {
      expect(() => decodeMessage(wire)).toThrow(PacketError);
      expect(holdsUp(wire)).toBe('refused');
    } else {
      expect(holdsUp(wire)).toBe('decoded');
      if (file.startsWith('exact-')) expect(encodeMessage(decodeMessage(wire)).toString('hex')).toBe(wire.toString('hex'));
    }
  });
});

describe('the seeds: real named replies', () => {
  it('cover the kinds of reply the fuzzer should start from', () => {
    const names = seeds.map(([f]) => f);
    for (const kind of ['axfr', 'nxdomain', 'referral', 'tc', 'caa', 'naptr', 'srv', 'txt', 'soa']) {
      expect(names.some((n) => n.includes(kind)), kind).toBe(true);
    }
  });

  it.each(seeds)('%s decodes and holds up', (_file, wire) => {
    expect(holdsUp(wire)).toBe('decoded');
  });
});
