/**
 * FirstTryWindow (first-tries.ts): room for a resolver's first tries per server, and the order
 * in which waiting queries get it. Pure: the resolver's use of it is test/resolver/send.test.ts
 * ("room for first tries").
 */
import { describe, expect, it } from 'vitest';
import { FirstTryWindow } from '../../src/resolver/first-tries.js';

describe('FirstTryWindow', () => {
  it('gives room up to its size per server; each server has its own', () => {
    const w = new FirstTryWindow<string, string>(2);
    expect([w.take('a'), w.take('a'), w.take('a')]).toEqual([true, true, false]);
    expect(w.take('b')).toBe(true);
  });

  it('hands the room of an ended try to the longest-waiting item, and takes it back when nothing waits', () => {
    const w = new FirstTryWindow<string, string>(1);
    expect(w.take('a')).toBe(true);
    expect(w.take('a')).toBe(false);
    w.park('a', 'first');
    expect(w.take('a')).toBe(false);
    w.park('a', 'second');
    expect(w.release('a')).toBe('first');
    // Something still waits, so a newcomer waits behind it even if room were free.
    expect(w.take('a')).toBe(false);
    w.park('a', 'third');
    expect(w.release('a')).toBe('second');
    expect(w.release('a')).toBe('third');
    expect(w.release('a')).toBeUndefined();
    // The room is free again.
    expect(w.take('a')).toBe(true);
  });

  it('keeps the order over a long burst that never empties the queue (the taken part is dropped as it goes)', () => {
    const w = new FirstTryWindow<string, number>(1);
    w.take('a');
    let parked = 0;
    const out: number[] = [];
    for (let round = 0; round < 5000; round++) {
      w.park('a', parked++);
      w.park('a', parked++);
      out.push(w.release('a')!);
    }
    for (let next = w.release('a'); next !== undefined; next = w.release('a')) out.push(next);
    expect(out).toEqual(Array.from({ length: parked }, (_, i) => i));
  });

  it('drain() takes out everything waiting, oldest first, over every server; room in use stays taken', () => {
    const w = new FirstTryWindow<string, string>(1);
    w.take('a');
    w.take('b');
    w.park('a', 'a1');
    w.park('b', 'b1');
    w.park('a', 'a2');
    expect(w.drain().sort()).toEqual(['a1', 'a2', 'b1']);
    expect(w.take('a')).toBe(false);
    expect(w.release('a')).toBeUndefined();
    expect(w.take('a')).toBe(true);
  });
});
