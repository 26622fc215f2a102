/**
 * A Transport for unit tests: no socket, no timer. Each exchange is played from a script that
 * the test writes, on a fake clock, and every reply the script sends goes through the real
 * ReplyJudge, so that what is accepted (ID, decoding, QR, opcode, question, the caller's
 * acceptance check) is decided exactly as the real transports decide it.
 *
 * Time: `now()` starts at 0 and moves only as scripts say (`'timeout'` costs the request's
 * timeout, `{ delay }` its milliseconds). An exchange starts at the clock's value when it is
 * asked for and ends at its start plus what its steps cost; the clock then moves to that end.
 * Exchanges asked for in the same turn (A and AAAA together) start at the same time and settle
 * in order of their end, so parallel exchanges do not add up; time is exact for one lookup at a
 * time, which is what tests assert it for.
 *
 * `events` logs every exchange as it settles, e.g. `udp 127.0.0.1:53 A www.test +edns @0ms ->
 * timeout`, for tests to assert the order of what happened.
 */
import { DnsError } from '../../src/errors.js';
import { decodeMessage, encodeMessage, randomId } from '../../src/packet/index.js';
import type { Message, MessageInput, RcodeName, ResourceRecord } from '../../src/packet/index.js';
import { cancelled, ReplyJudge, serverLabel } from '../../src/resolver/transport.js';
import type { ExchangeRequest, Reply, Transport } from '../../src/resolver/transport.js';

/** What the script is told about one exchange. */
export interface ScriptCall {
  kind: 'udp' | 'tcp';
  /** The server asked, as serverLabel names it: `127.0.0.1:53`. */
  server: string;
  /** The message as sent, decoded. */
  query: Message;
  /** The message as sent (built by the caller for the ID the transport chose). */
  wire: Buffer;
  /** How many exchanges (both kinds) this transport was asked for before this one. */
  n: number;
  /** When the exchange started, on the fake clock. */
  start: number;
  request: ExchangeRequest;
}

/**
 * One thing that happens during an exchange:
 * - a reply (a message, encoded with the packet codec, its `id` the exchange's when absent; or
 *   raw bytes), judged as the real transports judge what arrives: accepted, it ends the
 *   exchange; refused, the exchange keeps waiting for the next step;
 * - `'timeout'`: nothing more comes; the exchange fails at its start plus the request's timeout;
 * - `'refused'`: the server cannot be reached (ICMP port unreachable, a reset): ECONNREFUSED now;
 * - `'emfile'`: no socket could be opened (EMFILE, as a transport reports a failed connect());
 * - `'hang'`: the exchange waits here until its scope is cancelled or `release()` is called;
 * - `{ delay: ms }`: time passes (past the timeout, the exchange fails with ETIMEOUT).
 * A script whose steps run out without an accepted reply has timed out.
 */
export type Step = MessageInput | Buffer | 'timeout' | 'refused' | 'emfile' | 'hang' | { delay: number };

/** Decides what happens in each exchange. */
export type Script = (call: ScriptCall) => Step | readonly Step[];

/** One exchange as the transport saw it. */
export interface Exchange extends ScriptCall {
  /** The ID the transport chose. */
  id: number;
  /** When it settled, on the fake clock; undefined while in progress. */
  end?: number;
  /** The accepted reply, or the error it failed with; undefined while in progress. */
  outcome?: Reply | Error;
}

type Played = { at: number; outcome: Reply | Error } | { hang: number; elapsed: number };

interface Live {
  exchange: Exchange;
  judge: ReplyJudge;
  steps: readonly Step[];
  /** The clock value that `elapsed` counts from. */
  base: number;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  onCancel: () => void;
  settled: boolean;
  /** Set while waiting at a 'hang': where to go on, and how much of the timeout is spent. */
  parked?: { next: number; elapsed: number };
}

/** A scripted in-memory Transport on a fake clock. */
export class ScriptedTransport implements Transport {
  /** Every exchange settled, in the order it settled. */
  readonly events: string[] = [];
  /** Every exchange, in the order it was asked for. */
  readonly exchanges: Exchange[] = [];
  /** How many times close() was called. */
  closed = 0;
  private clock = 0;
  private readonly live = new Set<Live>();
  /** Exchanges played and waiting to settle at their end time, settled together once this turn's calls are in. */
  private batch: Array<{ live: Live; at: number; outcome: Reply | Error }> = [];
  private readonly waiters: Array<{ count: number; done: () => void }> = [];
  /** IDs pending on the kept-open TCP connection to each server (RES_STAYOPEN). */
  private readonly pendingTcp = new Map<string, Set<number>>();

  /**
   * `script` decides every exchange (and may be replaced later); `ids` draws the message IDs
   * the transport chooses when the request gives none (default: random, as the real ones).
   */
  constructor(
    public script: Script,
    private readonly ids: () => number = randomId,
  ) {}

  /** The fake clock, in milliseconds; pass it as the resolver's `now`. */
  readonly now = (): number => this.clock;

  /** Moves the fake clock on by `ms`. */
  advance(ms: number): void {
    this.clock += ms;
  }

  /** How many exchanges wait at a 'hang'. */
  get hanging(): number {
    let count = 0;
    for (const live of this.live) if (live.parked !== undefined) count++;
    return count;
  }

  /** Resolves once at least `count` exchanges wait at a 'hang' (no timer: it is told when one parks). */
  untilHanging(count = 1): Promise<void> {
    if (this.hanging >= count) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ count, done }));
  }

  /** Lets every exchange waiting at a 'hang' go on with its next steps, from the current clock. Returns how many. */
  release(): number {
    let count = 0;
    for (const live of [...this.live]) {
      if (live.parked === undefined) continue;
      const { next, elapsed } = live.parked;
      live.parked = undefined;
      live.base = this.clock - elapsed;
      this.schedule(live, this.play(live, next, elapsed));
      count++;
    }
    return count;
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.exchange('udp', request);
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    return this.exchange('tcp', request);
  }

  /** Counts the call; exchanges in progress are the caller's to cancel (as NodeTransport's UDP ones). */
  close(): void {
    this.closed++;
  }

  private exchange(kind: 'udp' | 'tcp', request: ExchangeRequest): Promise<Reply> {
    const { scope } = request;
    if (scope?.cancelled) return Promise.reject(cancelled(request.expected?.name));
    const server = serverLabel(request.server);
    // As the real ones choose: a fresh socket has no ID pending, a kept-open connection may.
    const pending = kind === 'tcp' && request.keepOpen === true ? this.pendingOn(server) : undefined;
    let id = request.id ?? this.ids();
    while (pending?.has(id)) id = this.ids();
    let wire: Buffer;
    let query: Message;
    try {
      wire = request.build(id);
      query = decodeMessage(wire);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const start = this.clock;
    const exchange: Exchange = { kind, server, query, wire, n: this.exchanges.length, start, request, id };
    this.exchanges.push(exchange);
    const steps = this.script(exchange);
    return new Promise<Reply>((resolve, reject) => {
      const live: Live = {
        exchange,
        judge: new ReplyJudge(request, wire, id),
        steps: Array.isArray(steps) ? steps : [steps as Step],
        base: start,
        resolve,
        reject,
        onCancel: () => this.settle(live, this.clock, cancelled(request.expected?.name)),
        settled: false,
      };
      pending?.add(id);
      this.live.add(live);
      scope?.add(live.onCancel);
      this.schedule(live, this.play(live, 0, 0));
    });
  }

  private pendingOn(server: string): Set<number> {
    let set = this.pendingTcp.get(server);
    if (set === undefined) this.pendingTcp.set(server, (set = new Set()));
    return set;
  }

  /** Plays steps from `from`, `elapsed` ms into the exchange; settles nothing. */
  private play(live: Live, from: number, elapsed: number): Played {
    const { request, kind } = live.exchange;
    const timedOut = (): Played => ({ at: live.base + request.timeoutMs, outcome: live.judge.failure('ETIMEOUT') });
    for (let i = from; i < live.steps.length; i++) {
      const step = live.steps[i]!;
      if (step === 'timeout') return timedOut();
      if (step === 'refused') return { at: live.base + elapsed, outcome: live.judge.failure('ECONNREFUSED') };
      if (step === 'emfile') {
        const cause = Object.assign(new Error('socket: too many open files'), { code: 'EMFILE' });
        return { at: live.base + elapsed, outcome: live.judge.failure('ECONNREFUSED', cause) };
      }
      if (step === 'hang') return { hang: i + 1, elapsed };
      if (!Buffer.isBuffer(step) && 'delay' in step) {
        elapsed += step.delay;
        if (elapsed >= request.timeoutMs) return timedOut();
        continue;
      }
      const bytes = Buffer.isBuffer(step) ? step : encodeMessage({ id: live.exchange.id, ...(step as MessageInput) });
      const reply = live.judge.judge(bytes, kind);
      if (reply !== undefined) return { at: live.base + elapsed, outcome: reply };
    }
    return timedOut();
  }

  private schedule(live: Live, played: Played): void {
    if ('hang' in played) {
      live.parked = { next: played.hang, elapsed: played.elapsed };
      const hanging = this.hanging;
      for (const w of this.waiters.splice(0)) {
        if (hanging >= w.count) w.done();
        else this.waiters.push(w);
      }
      return;
    }
    if (this.batch.length === 0) queueMicrotask(() => this.flush());
    this.batch.push({ live, at: played.at, outcome: played.outcome });
  }

  /** Settles this turn's exchanges in order of their end time. */
  private flush(): void {
    const batch = this.batch.sort((x, y) => x.at - y.at);
    this.batch = [];
    for (const { live, at, outcome } of batch) this.settle(live, at, outcome);
  }

  private settle(live: Live, at: number, outcome: Reply | Error): void {
    if (live.settled) return;
    live.settled = true;
    live.parked = undefined;
    this.live.delete(live);
    const { exchange } = live;
    exchange.request.scope?.delete(live.onCancel);
    this.pendingTcp.get(exchange.server)?.delete(exchange.id);
    this.clock = Math.max(this.clock, at);
    exchange.end = this.clock;
    exchange.outcome = outcome;
    this.events.push(`${describeExchange(exchange)} -> ${outcomeText(outcome)}`);
    if (outcome instanceof Error) live.reject(outcome);
    else live.resolve(outcome);
  }
}

/** `udp 127.0.0.1:53 A www.test +edns @0ms`. */
function describeExchange(x: Exchange): string {
  const q = x.query.questions[0];
  const opcode = x.query.opcode === 'QUERY' ? '' : `${x.query.opcode} `;
  const question = q === undefined ? '-' : `${q.type} ${q.name}`;
  return `${x.kind} ${x.server} ${opcode}${question}${x.query.edns === undefined ? '' : ' +edns'} @${x.start}ms`;
}

/** `NOERROR`, `NOERROR tc`, `timeout`, `refused`, `cancelled`, `EBADRESP`, `rejected: <message>`. */
function outcomeText(outcome: Reply | Error): string {
  if (!(outcome instanceof Error)) return `${outcome.message.rcode}${outcome.message.flags.tc ? ' tc' : ''}`;
  if (outcome instanceof DnsError) {
    const short: Partial<Record<string, string>> = { ETIMEOUT: 'timeout', ECONNREFUSED: 'refused', ECANCELLED: 'cancelled' };
    return short[outcome.code] ?? outcome.code;
  }
  return `rejected: ${outcome.message}`;
}

/** What a scripted reply may change from an answer that echoes the query. */
export interface ReplyOptions {
  id?: number;
  opcode?: MessageInput['opcode'];
  rcode?: RcodeName;
  tc?: boolean;
  aa?: boolean;
  ad?: boolean;
  questions?: MessageInput['questions'];
  answers?: ResourceRecord[];
  authorities?: ResourceRecord[];
  additionals?: ResourceRecord[];
  edns?: MessageInput['edns'];
}

/** A recursive server's reply to `query`: its ID, opcode, RD and question echoed, QR and RA set. */
export function reply(query: Message, o: ReplyOptions = {}): MessageInput {
  return {
    id: o.id ?? query.id,
    opcode: o.opcode ?? query.opcode,
    rcode: o.rcode ?? 'NOERROR',
    flags: { qr: true, aa: o.aa ?? false, tc: o.tc ?? false, rd: query.flags.rd, ra: true, ad: o.ad ?? false },
    questions: o.questions ?? query.questions,
    answers: o.answers ?? [],
    authorities: o.authorities ?? [],
    additionals: o.additionals ?? [],
    ...(o.edns === undefined ? {} : { edns: o.edns }),
  };
}

/** A record of the query's name, type and class. */
export function answer(query: Message, data: unknown, ttl = 300): ResourceRecord {
  const q = query.questions[0]!;
  return { name: q.name, type: q.type, class: q.class, ttl, data };
}

/** Bytes with the query's ID and QR set that do not decode (one answer announced, none there). */
export function malformed(query: Message): Buffer {
  const bad = Buffer.alloc(12);
  bad.writeUInt16BE(query.id, 0);
  bad.writeUInt16BE(0x8000, 2);
  bad.writeUInt16BE(1, 6);
  return bad;
}

/** IDs drawn in the given order (then from `after` on, counting up), for tests that assert them. */
export function idSequence(...ids: number[]): () => number {
  let next = 0;
  let after = Math.max(0, ...ids) + 1;
  return () => (next < ids.length ? ids[next++]! : after++ & 0xffff);
}
