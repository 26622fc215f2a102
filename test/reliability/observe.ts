/**
 * What the reliability tests watch a resolver through: real sockets (a NodeTransport) that log
 * how each exchange ended, in order (`udp 127.0.0.1:5300 -> ECONNREFUSED`), so that a test
 * asserts what happened by events rather than by the clock. Each exchange also keeps when it
 * started and ended (performance.now), for the integration tests' loose comparisons of
 * durations against the timeout; unit tests do not read those.
 */
import { DnsError, type ExchangeRequest, type Reply, type Transport } from '../../src/index.js';
import { NodeTransport, serverLabel } from '../../src/resolver/index.js';

/** One exchange as the transport saw it. */
export interface Observed {
  kind: 'udp' | 'tcp';
  server: string;
  /** The question name asked (undefined for a message without one). */
  name: string | undefined;
  start: number;
  end?: number;
  /** The reply's rcode, or the error code it failed with. */
  outcome?: string;
}

/** A NodeTransport that logs every exchange; close() it yourself (a resolver leaves a passed-in transport open). */
export class ObservedTransport implements Transport {
  /** Every exchange, in the order it was asked for. */
  readonly exchanges: Observed[] = [];
  /** Every exchange that ended, in the order it ended (events, not clock readings). */
  private readonly ended: Observed[] = [];
  private readonly inner = new NodeTransport();
  private readonly inFlight = new Set<Promise<unknown>>();

  /** `udp 127.0.0.1:5300 -> NOERROR`, one line per exchange, in the order they ended. */
  get log(): string[] {
    return this.ended.map((x) => `${x.kind} ${x.server} -> ${x.outcome}`);
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.note('udp', request, () => this.inner.udp(request));
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    return this.note('tcp', request, () => this.inner.tcp(request));
  }

  close(): void {
    this.inner.close();
  }

  /** Resolves once every exchange asked for so far has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private note(kind: 'udp' | 'tcp', request: ExchangeRequest, run: () => Promise<Reply>): Promise<Reply> {
    const x: Observed = { kind, server: serverLabel(request.server), name: request.expected?.name, start: performance.now() };
    this.exchanges.push(x);
    const ended = (outcome: string) => {
      x.end = performance.now();
      x.outcome = outcome;
      this.ended.push(x);
    };
    const p = run().then(
      (reply) => {
        ended(reply.message.rcode);
        return reply;
      },
      (err: unknown) => {
        ended(err instanceof DnsError ? err.code : String(err));
        throw err;
      },
    );
    this.inFlight.add(p);
    const forget = () => this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }
}

/** The resources keeping the event loop alive (sockets, timers), by kind. */
export function activeResources(): string[] {
  return (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
}

/**
 * Resolves once no more than `count` resources keep the event loop alive, checking once per
 * turn of it; rejects, naming them, if that has not happened after `turns` turns.
 */
export async function untilActiveResources(count: number, turns = 100_000): Promise<void> {
  for (let turn = 0; activeResources().length > count; turn++) {
    if (turn > turns) throw new Error(`still active: ${activeResources().join(', ')}`);
    await new Promise((next) => setImmediate(next));
  }
}
