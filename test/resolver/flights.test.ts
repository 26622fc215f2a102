/** The in-flight table: a hash table keyed by question; checked against a Map over random work. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flightKey, FlightTable } from '../../src/resolver/flights.js';

// Keys made afresh for every call, so that the table must compare their parts, not identities.
const parts = fc.record({
  name: fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3000 }).map((i) => `n${i}.test`)),
  kind: fc.constantFrom(1, 28, 65536 + 1, 3 * 65536 + 16),
  flags: fc.constantFrom(0, 1, 0x2c0, 0x80000000, 0xffffffff),
});
const label = (p: { name: string; kind: number; flags: number }) => `${p.name}|${p.kind}|${p.flags}`;

describe('FlightTable', () => {
  it('agrees with a Map over any sequence of adds, gets and deletes, across growth', () => {
    const op = fc.record({ kind: fc.constantFrom('add' as const, 'delete' as const, 'get' as const), key: parts });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2500 }), (ops) => {
        const table = new FlightTable<number>();
        const model = new Map<string, number>();
        const fresh = (p: { name: string; kind: number; flags: number }) => flightKey(p.name, p.kind, p.flags);
        ops.forEach(({ kind, key: k }, i) => {
          if (kind === 'add' && !model.has(label(k))) {
            table.add(fresh(k), i);
            model.set(label(k), i);
          } else if (kind === 'delete') {
            table.delete(fresh(k));
            model.delete(label(k));
          }
          expect(table.get(fresh(k))).toBe(model.get(label(k)));
          expect(table.size).toBe(model.size);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('tells apart keys that differ only in class and type, or only in flags', () => {
    const table = new FlightTable<string>();
    table.add(flightKey('a.test', 1, 0), 'A');
    table.add(flightKey('a.test', 28, 0), 'AAAA');
    table.add(flightKey('a.test', 1, 0x80000000), 'A, other flags');
    expect([table.get(flightKey('a.test', 1, 0)), table.get(flightKey('a.test', 28, 0)), table.get(flightKey('a.test', 1, 0x80000000))]).toEqual(['A', 'AAAA', 'A, other flags']);
    expect(table.get(flightKey('a.test', 3 * 65536 + 1, 0))).toBeUndefined();
  });

  it('keeps every entry through growth (more keys than buckets), and deletes from the middle of a chain', () => {
    const table = new FlightTable<string>();
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    for (const k of keys) table.add(flightKey(k, 1, 0), k.toUpperCase());
    expect(table.size).toBe(5000);
    for (let i = 0; i < keys.length; i += 2) table.delete(flightKey(keys[i]!, 1, 0));
    keys.forEach((k, i) => expect(table.get(flightKey(k, 1, 0))).toBe(i % 2 === 0 ? undefined : k.toUpperCase()));
    expect(table.size).toBe(2500);
    table.delete(flightKey('absent', 1, 0));
    expect(table.size).toBe(2500);
  });
});
