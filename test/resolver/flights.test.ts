/** The in-flight table: a string-keyed hash table; checked against a Map over random work. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlightTable } from '../../src/resolver/flights.js';

describe('FlightTable', () => {
  it('agrees with a Map over any sequence of adds, gets and deletes, across growth', () => {
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3000 }).map((i) => `n${i}.test|A|IN|0`));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('get' as const), key }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2500 }), (ops) => {
        const table = new FlightTable<number>();
        const model = new Map<string, number>();
        ops.forEach(({ kind, key: k }, i) => {
          if (kind === 'add' && !model.has(k)) {
            table.add(k, i);
            model.set(k, i);
          } else if (kind === 'delete') {
            table.delete(k);
            model.delete(k);
          }
          expect(table.get(k)).toBe(model.get(k));
          expect(table.size).toBe(model.size);
        });
        for (const [k, v] of model) expect(table.get(k)).toBe(v);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps every entry through growth (more keys than buckets), and deletes from the middle of a chain', () => {
    const table = new FlightTable<string>();
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    for (const k of keys) table.add(k, k.toUpperCase());
    expect(table.size).toBe(5000);
    for (let i = 0; i < keys.length; i += 2) table.delete(keys[i]!);
    keys.forEach((k, i) => expect(table.get(k)).toBe(i % 2 === 0 ? undefined : k.toUpperCase()));
    expect(table.size).toBe(2500);
    table.delete('absent');
    expect(table.size).toBe(2500);
  });
});
