/**
 * A first-in, first-out queue over an array, for the queries that wait their turn (the UDP
 * window's, transport-udp.ts; the room for first tries, first-tries.ts). A slot is cleared as
 * its item leaves, or a finished query would stay reachable until the queue empties (at 1,000
 * in flight, a thousand finished replies kept alive through every young-generation
 * collection); under a long burst that never empties it, the part already taken is dropped.
 */
export class Fifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  /** Items waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Takes out the oldest item, or undefined when none waits. */
  shift(): T | undefined {
    const { items } = this;
    if (this.head === items.length) return undefined;
    const item = items[this.head];
    items[this.head++] = undefined;
    if (this.head === items.length) this.clear();
    else if (this.head >= 1024 && this.head * 2 >= items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The items waiting, oldest first, as an array of their own (the queue is left as it is). */
  values(): T[] {
    return this.items.slice(this.head) as T[];
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
