/**
 * The exchanges in flight, by question: a small hash table of its own, keyed by FlightKey.
 *
 * Why not a plain object or a Map keyed by a string made of the question (measured over an
 * in-memory transport, 100 queries in flight, a new name each): an object internalises each
 * key it is given (V8's global string table), which cost about 0.6 µs a query, a quarter of the
 * resolver's own work; a Map instead kept so much of each finished query alive through
 * young-generation collections that every scavenge took four times as long and full
 * collections came six times as often. And a key string joined from the question's parts had
 * to be flattened and hashed again on every get, add and delete: about 0.3 µs a query more over
 * an in-memory transport, and more against named (bench/RESULTS.md), than a key that holds its
 * parts and its hash, made once.
 */

/** What makes two questions in flight one exchange: name (canonical), class and type, and the flags. */
export interface FlightKey {
  readonly name: string;
  /** The class and type, as `class * 65536 + type`. */
  readonly kind: number;
  /** The RES_* flags of the query. */
  readonly flags: number;
  readonly hash: number;
}

/** The key for a question: `name` canonical (canonicalName), `kind` class * 65536 + type. */
export function flightKey(name: string, kind: number, flags: number): FlightKey {
  // FNV-1a over the two numbers (a 32-bit word each), then the name's UTF-16 code units.
  let h = Math.imul(0x811c9dc5 ^ (kind | 0), 0x01000193);
  h = Math.imul(h ^ (flags | 0), 0x01000193);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return { name, kind, flags, hash: h >>> 0 };
}

function same(a: FlightKey, b: FlightKey): boolean {
  return a === b || (a.hash === b.hash && a.kind === b.kind && a.flags === b.flags && a.name === b.name);
}

interface Entry<V> {
  readonly key: FlightKey;
  readonly value: V;
  next: Entry<V> | undefined;
}

export class FlightTable<V> {
  private buckets: Array<Entry<V> | undefined> = new Array<Entry<V> | undefined>(256).fill(undefined);
  private mask = 255;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: FlightKey): V | undefined {
    for (let e = this.buckets[key.hash & this.mask]; e !== undefined; e = e.next) if (same(e.key, key)) return e.value;
    return undefined;
  }

  /** Adds `key` (the caller has checked that it is not there). */
  add(key: FlightKey, value: V): void {
    if (this.count >= this.buckets.length * 2) this.grow();
    const i = key.hash & this.mask;
    this.buckets[i] = { key, value, next: this.buckets[i] };
    this.count++;
  }

  delete(key: FlightKey): void {
    const i = key.hash & this.mask;
    let prev: Entry<V> | undefined;
    for (let e = this.buckets[i]; e !== undefined; prev = e, e = e.next) {
      if (!same(e.key, key)) continue;
      if (prev === undefined) this.buckets[i] = e.next;
      else prev.next = e.next;
      this.count--;
      return;
    }
  }

  private grow(): void {
    const old = this.buckets;
    this.buckets = new Array<Entry<V> | undefined>(old.length * 4).fill(undefined);
    this.mask = this.buckets.length - 1;
    for (let e of old) {
      while (e !== undefined) {
        const next = e.next;
        const i = e.key.hash & this.mask;
        e.next = this.buckets[i];
        this.buckets[i] = e;
        e = next;
      }
    }
  }
}
