/**
 * Message IDs from crypto-quality randomness (RFC 5452: an off-path attacker must guess them).
 * Random bytes are drawn in blocks, because one randomFillSync call per query would cost more
 * than the rest of building the query.
 */
import { randomFillSync } from 'node:crypto';

const POOL_IDS = 2048;
const pool = new Uint16Array(POOL_IDS);
let next = POOL_IDS;

/** A uniformly random 16-bit message ID. */
export function randomId(): number {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}
