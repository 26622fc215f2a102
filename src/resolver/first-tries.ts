/**
 * Room for the first tries of a resolver's queries, per server: at most `size` at once; the
 * rest wait here, in the order asked, until a first try ends.
 *
 * Why here and not only in the UDP transport's window (which stays, for retries, TCP and
 * resolvers sharing a transport): a query is a chain of promises, closures and objects across
 * the layers (the node layer, the in-flight table, res_send, the request, the transport's
 * own), all made when it is asked. A burst of 1,000 waiting in the transport's window held
 * that chain, about 2.1 KB each, through every young-generation collection; waiting here, a
 * query holds its caller's promise and one record (bench/RESULTS.md, "Sixth pass"). The room is
 * taken for the first try only, and given back when it ends: a retry goes straight on (to the
 * transport, whose window it may then wait in), so that a server that answers nothing still
 * fails a whole burst within its tries' timeouts (a waiting query's first try counts its
 * timeout from when the query was asked; see StubResolver.exchange).
 *
 * Pure: no timers, no sockets. A first try always ends (the transport's timeout sees to it),
 * and each end lets the next waiting query go.
 */
import { Fifo } from './fifo.js';

/** The waiting queries and the first tries in flight for one server. */
interface Lane<T> {
  inFlight: number;
  readonly queue: Fifo<T>;
}

export class FirstTryWindow<K, T> {
  /** By server (the Server object itself: nothing to make or hash per query). */
  private readonly lanes = new Map<K, Lane<T>>();

  /** `size`: first tries in flight to one server at once. */
  constructor(private readonly size: number) {}

  /** Takes room for a first try to `server`: false when there is none (the caller waits with park()). */
  take(server: K): boolean {
    let lane = this.lanes.get(server);
    if (lane === undefined) {
      lane = { inFlight: 0, queue: new Fifo<T>() };
      this.lanes.set(server, lane);
    }
    if (lane.inFlight >= this.size || lane.queue.size > 0) return false;
    lane.inFlight++;
    return true;
  }

  /** Waits `item` for room to `server` (after take() gave none). */
  park(server: K, item: T): void {
    this.lanes.get(server)!.queue.push(item);
  }

  /**
   * Gives back the room of a first try to `server` that ended. Returns the longest-waiting
   * item, which now holds that room (if it does not use it, the caller gives it back too),
   * or undefined when nothing waits.
   */
  release(server: K): T | undefined {
    const lane = this.lanes.get(server);
    if (lane === undefined) return undefined;
    const item = lane.queue.shift();
    if (item !== undefined) return item;
    if (--lane.inFlight === 0) this.lanes.delete(server);
    return undefined;
  }

  /** Takes every waiting item out (cancel()), each server's in the order they came; room held by first tries in flight stays theirs. */
  drain(): T[] {
    const out: T[] = [];
    for (const lane of this.lanes.values()) {
      for (const item of lane.queue.values()) out.push(item);
      lane.queue.clear();
    }
    return out;
  }
}
