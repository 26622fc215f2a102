/**
 * Property-based fuzzing of decodeMessage with fast-check: whatever comes off the network gives
 * a PacketError and nothing else, or a message that encodes, decodes to itself and encodes to
 * the same octets again (fuzz-support.ts's holdsUp). Inputs: mutations of real named replies,
 * the captured packets and hand-built TSIG, EDNS and UPDATE messages; well-formed messages
 * built at the wire level (which must decode, and re-encode to their very octets); random bytes.
 *
 * The unit run is small and seeded, the same every time. `npm run test:long` sets FUZZ_RUNS
 * (the total number of inputs, at least 1,000,000 there) and a fresh seed, printed so that a
 * failure can be replayed with FUZZ_SEED. Any input that ever fails goes into
 * fixtures/corpus/regressions/ (see its README), which corpus.test.ts replays.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { holdsUp, mutants, seeds, wellFormed } from './fuzz-support.js';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 4000);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS !== undefined ? Date.now() % 2 ** 31 : 20240601;
const LONG = process.env.FUZZ_RUNS !== undefined;
// A share of the inputs for each property; the long run may take many minutes.
const runs = (share: number) => Math.max(1, Math.round(TOTAL * share));
const timeout = LONG ? 3_600_000 : 60_000;

if (LONG) console.log(`fuzz: ${TOTAL} inputs, FUZZ_SEED=${SEED}`);

const pool = seeds();
const counts = { refused: 0, decoded: 0 };
const tally = (outcome: 'refused' | 'decoded') => {
  counts[outcome]++;
  return true;
};

describe('fuzzing decodeMessage', () => {
  afterAll(() => {
    if (LONG) console.log(`fuzz: of the mutated and random inputs, ${counts.refused} refused, ${counts.decoded} decoded and held up`);
  });

  it('the seeds themselves decode and hold up', () => {
    expect(pool.length).toBeGreaterThan(25);
    for (const seed of pool) expect(holdsUp(seed)).toBe('decoded');
  });

  it('mutations of the seeds give a PacketError or a message that holds up', { timeout }, () => {
    const before = { ...counts };
    fc.assert(
      fc.property(mutants(pool), (buf) => tally(holdsUp(buf))),
      { numRuns: runs(0.6), seed: SEED },
    );
    // Both paths must be reached, or the property proves little.
    expect(counts.refused - before.refused).toBeGreaterThan(runs(0.6) / 10);
    expect(counts.decoded - before.decoded).toBeGreaterThan(runs(0.6) / 20);
  });

  it('well-formed messages decode, and encode back to their very octets', { timeout }, () => {
    fc.assert(
      fc.property(wellFormed, (buf) => {
        expect(holdsUp(buf)).toBe('decoded');
        expect(encodeMessage(decodeMessage(buf)).toString('hex')).toBe(buf.toString('hex'));
      }),
      { numRuns: runs(0.15), seed: SEED + 1 },
    );
  });

  it('mutations of well-formed messages give a PacketError or a message that holds up', { timeout }, () => {
    fc.assert(
      fc.property(
        fc.tuple(wellFormed, fc.nat(), fc.nat()).chain(([buf]) => mutants([buf])),
        (buf) => tally(holdsUp(buf)),
      ),
      { numRuns: runs(0.15), seed: SEED + 2 },
    );
  });

  it('random bytes give a PacketError or a message that holds up', { timeout }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          // A plausible header in front, so that the bytes get further than the counts.
          fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 200 })).map(
            ([idFlags, qd, an, rest]) => Buffer.concat([idFlags, Buffer.from([0, qd, 0, an, 0, 0, 0, 0]), rest]),
          ),
        ),
        (buf) => tally(holdsUp(buf)),
      ),
      { numRuns: runs(0.1), seed: SEED + 3 },
    );
  });
});
