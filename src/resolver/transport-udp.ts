/**
 * Queries over UDP, through a small pool of connected sockets per server.
 *
 * Each socket is opened on a port the kernel picks at random (RFC 5452) and connected to one
 * server, so the kernel drops datagrams from any other address or port, and an ICMP port
 * unreachable comes back at once as an 'error' on that socket. A socket carries several
 * queries in flight, told apart by ID and question, and is retired after `maxQueries` of them
 * (c-ares's udp_max_queries; 1 gives a fresh socket per query) or at its first query once it is
 * UDP_MAX_AGE_MS old, whichever comes first. The order is: the socket is chosen first, then an
 * ID never used before on that socket, then the caller builds (for an update, signs) the
 * message for that ID.
 *
 * Why the odds stay where a socket per query puts them: a blind forger must hit a port in use
 * and an ID pending on it, about pending / (ports x 65,536) per forged datagram, however the
 * pending queries are spread over ports. What a shared port gives away is that it stays valid
 * for longer, so a port learned by an attacker is worth something; hence sockets are retired
 * early (docs/udp-ports.md has the numbers). Because IDs are never reused on a socket, a late
 * reply to a query that has finished (timed out, cancelled) cannot be taken by a newer query on
 * the same socket: its ID is pending nowhere, and the question is compared as well.
 *
 * Sockets hold no event loop open (the timer of their queries' deadlines does, while one is
 * pending); an idle socket closes itself.
 */
import dgram from 'node:dgram';
import { randomId } from '../packet/index.js';
import { Fifo } from './fifo.js';
import { cancelled, exchangeError, ReplyJudge, serverLabel, type CancelScope, type ExchangeRequest, type Reply, type Server } from './transport.js';

/** The default of udpMaxQueries: queries a socket carries before it is retired (see docs/udp-ports.md). */
export const DEFAULT_UDP_MAX_QUERIES = 100;

/**
 * Sockets per server taking new queries at once (round robin). Two rather than four: one at a
 * time, a query on a socket of its own turn ran about 13% slower (measured against named on
 * loopback, bench/RESULTS.md), and no concurrency ran faster with more.
 */
export const DEFAULT_UDP_SOCKETS = 2;

/**
 * The default of `window`: UDP queries in flight to one server at once. More wait their turn in
 * this process rather than in the server's socket buffer, which a burst of a thousand queries
 * overflows (named on loopback dropped about 1 in 1,000 at 1,000 in flight, and each query lost
 * waits out its whole timeout). c-ares and glibc send everything at once.
 */
export const DEFAULT_UDP_WINDOW = 128;

/** How long a socket with nothing pending is kept. */
const IDLE_MS = 2000;

/**
 * How long a socket takes new queries: the first query that finds it this old is its last.
 * udpMaxQueries bounds a port's life at load (milliseconds); this bounds it when queries are
 * few, where queries a second apart could keep one port for 100 s (docs/udp-ports.md).
 */
export const UDP_MAX_AGE_MS = 1000;

/** Random IDs drawn before walking the ID space for one not yet used on the socket. */
const RANDOM_ID_TRIES = 16;

/** How a pool of UDP sockets behaves. */
export interface UdpPoolOptions {
  /** Queries a socket carries before it is retired, 1 to 65535 (1: a fresh socket per query). */
  maxQueries?: number;
  /** Sockets per server taking new queries at once. */
  sockets?: number;
  /** Queries in flight to one server at once, 1 to 65535; the rest wait in turn (see DEFAULT_UDP_WINDOW). */
  window?: number;
}

/** One query waiting on a channel; also a link in its scope's list (see ScopeWatch). */
class Pending {
  /** When its timeout ends (performance.now()). */
  deadline = 0;
  prev: Pending | undefined;
  next: Pending | undefined;
  watch: ScopeWatch | undefined;
  /** The reply accepted for it, until handOver() gives it to the query. */
  reply: Reply | undefined;

  constructor(
    readonly channel: UdpChannel,
    readonly id: number,
    readonly hostname: string | undefined,
    readonly judge: ReplyJudge,
    readonly resolve: (reply: Reply) => void,
    readonly reject: (err: Error) => void,
  ) {}
}

/**
 * The queries of one CancelScope that wait on UDP sockets, in a list of their own, with one
 * hook in the scope for all of them. A hook per query would add to and delete from the scope's
 * Set for every query, and a long-lived Set or Map that churns keeps V8's young generation
 * from freeing what its deleted entries referred to: at 100 queries in flight, a third of
 * everything allocated was promoted and collected again by full GCs. For the same reason the
 * pending queries of a socket are kept in a plain object by ID rather than in a Map.
 */
class ScopeWatch {
  private head: Pending | undefined;

  constructor(scope: CancelScope) {
    scope.add(() => this.cancelAll());
  }

  link(entry: Pending): void {
    entry.watch = this;
    entry.next = this.head;
    if (this.head !== undefined) this.head.prev = entry;
    this.head = entry;
  }

  unlink(entry: Pending): void {
    if (entry.prev !== undefined) entry.prev.next = entry.next;
    else if (this.head === entry) this.head = entry.next;
    if (entry.next !== undefined) entry.next.prev = entry.prev;
    entry.prev = entry.next = entry.watch = undefined;
  }

  private cancelAll(): void {
    const entries: Pending[] = [];
    for (let e = this.head; e !== undefined; e = e.next) entries.push(e);
    for (const entry of entries) entry.channel.abort(entry);
  }
}

const watches = new WeakMap<CancelScope, ScopeWatch>();

function watchScope(scope: CancelScope, entry: Pending): void {
  let watch = watches.get(scope);
  if (watch === undefined) {
    watch = new ScopeWatch(scope);
    watches.set(scope, watch);
  }
  watch.link(entry);
}

/**
 * A socket connecting to `server`. Node reports a failed connect() (EACCES for a broadcast
 * address, ENETUNREACH, ...) only to the callback, never as an 'error' event: a socket whose
 * connect failed is unconnected, and send() on it throws, so `onConnect` must hear the error.
 */
function openSocket(server: Server, localAddress: string | undefined, onConnect: (err: Error | undefined) => void): dgram.Socket {
  const socket = dgram.createSocket({ type: server.family === 6 ? 'udp6' : 'udp4' });
  const connect = () =>
    // @types/node types the callback without its argument; Node passes the error there.
    (socket.connect as (port: number, address: string, cb: (err?: Error | null) => void) => void).call(
      socket,
      server.port,
      server.address,
      (err) => onConnect(err ?? undefined),
    );
  if (localAddress === undefined) {
    connect();
  } else {
    // From the given address (setLocalAddress), on a random port the kernel picks. A bind that
    // fails (an address not on this machine) is an 'error' event, which fails the channel.
    socket.bind({ address: localAddress, port: 0, exclusive: true }, connect);
  }
  return socket;
}

/** Replies read in this turn's poll phase, handed to their queries from one setImmediate (see UdpChannel.onMessage). */
let answered: Pending[] = [];

/** Queries waiting for a reply on any UDP socket of this process (see UdpChannel.onMessage). */
let udpWaiting = 0;

function handOver(): void {
  const entries = answered;
  answered = [];
  for (const entry of entries) entry.resolve(entry.reply!);
}

/**
 * One connected socket to one server, carrying up to `maxQueries` queries over its life, any
 * number of them at once. Each gets an ID not used before on this socket.
 */
export class UdpChannel {
  private readonly socket: dgram.Socket;
  /** The queries waiting here, by ID (a plain object: see ScopeWatch). */
  private pending: Record<number, Pending | undefined> = Object.create(null) as Record<number, Pending | undefined>;
  private waiting = 0;
  /** IDs given out on this socket, one bit each. */
  private readonly used = new Uint32Array(2048);
  private sent = 0;
  /** Messages built before connect() finished, sent when it does. */
  private queue: Buffer[] | undefined = [];
  private state: 'connecting' | 'ready' | 'failed' | 'closed' = 'connecting';
  private retired = false;
  private activity = 0;
  private readonly idle: NodeJS.Timeout;
  /** The callback of every send (one function for the socket, not one per datagram). */
  private readonly afterSend = (err: Error | null): void => {
    if (err !== null) this.fail(err);
  };
  private seenActivity = 0;
  /** When the socket was opened (performance.now()), for UDP_MAX_AGE_MS. */
  private readonly openedAt = performance.now();
  /** The timer of the earliest deadline among the queries pending here, and when that is (see armDeadline). */
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineAt = Infinity;

  /**
   * Opens and connects the socket at once. `onGone` hears, once, when the channel takes no more
   * queries (retired when full, failed, idle or closed), so that a pool can replace it.
   */
  constructor(
    readonly server: Server,
    private readonly maxQueries: number,
    private readonly onGone?: (channel: UdpChannel) => void,
    localAddress?: string,
    /** Hears +1 for each query that starts waiting here and -1 when it ends, however it ends (a pool's window counts with it). */
    private readonly onCount?: (delta: 1 | -1) => void,
  ) {
    this.socket = openSocket(server, localAddress, (err) => this.connected(err));
    this.socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    // ICMP port unreachable (or no route): the server cannot answer on this socket now, for
    // any query pending here, since they all went to it.
    this.socket.on('error', (err) => this.fail(err));
    this.socket.unref();
    this.idle = setTimeout(() => this.checkIdle(), IDLE_MS).unref();
  }

  /** Whether the channel takes another query. */
  get usable(): boolean {
    return !this.retired && (this.state === 'connecting' || this.state === 'ready');
  }

  /** Whether connect() has finished and queries go out at once. */
  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Queries waiting for a reply on this socket. */
  get inFlight(): number {
    return this.waiting;
  }

  /** The socket's local port (for tests), or undefined before it is bound. */
  get localPort(): number | undefined {
    try {
      return this.socket.address().port;
    } catch {
      return undefined;
    }
  }

  /**
   * Sends the request's message, built for an ID not used before on this socket, and resolves
   * with the first reply the judge accepts. The caller checks `usable` first.
   */
  exchange(request: ExchangeRequest): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => this.start(request, request.timeoutMs, resolve, reject));
  }

  /**
   * exchange(), settling `resolve` or `reject`, waiting `timeoutMs` (a query that waited for
   * room in its server's window has less than the request's own timeout left): a query taken
   * from the window's queue goes out without a promise or a copy of its request of its own.
   */
  start(request: ExchangeRequest, timeoutMs: number, resolve: (reply: Reply) => void, reject: (err: Error) => void): void {
    const { scope } = request;
    const hostname = request.expected?.name;
    if (scope?.cancelled) {
      reject(cancelled(hostname));
      return;
    }
    const id = this.takeId(request.id);
    let query: Buffer;
    try {
      query = request.build(id);
    } catch (err) {
      this.drained();
      reject(err as Error);
      return;
    }
    const judge = new ReplyJudge(request, query, id);
    const entry = new Pending(this, id, hostname, judge, resolve, reject);
    const now = performance.now();
    if (now - this.openedAt >= UDP_MAX_AGE_MS) this.retire();
    entry.deadline = now + timeoutMs;
    if (entry.deadline < this.deadlineAt) this.armDeadline(entry.deadline);
    if (scope !== undefined) watchScope(scope, entry);
    this.pending[id] = entry;
    this.waiting++;
    udpWaiting++;
    this.onCount?.(1);
    this.activity++;
    if (this.queue !== undefined) this.queue.push(query);
    else this.post(query);
  }

  /** Ends a query that its scope cancelled. */
  abort(entry: Pending): void {
    this.finish(entry, cancelled(entry.hostname));
  }

  /** Closes the socket; queries still waiting fail with ECANCELLED. */
  close(): void {
    this.shutdown(undefined);
  }

  /** `wanted` when it has not been used on this socket, else a random ID that has not. */
  private takeId(wanted: number | undefined): number {
    let id = wanted !== undefined && !this.isUsed(wanted) ? wanted : -1;
    for (let i = 0; id < 0 && i < RANDOM_ID_TRIES; i++) {
      const r = randomId();
      if (!this.isUsed(r)) id = r;
    }
    if (id < 0) {
      // At most 65,535 IDs are ever taken on one socket, so a free one is always left.
      const start = randomId();
      for (let k = 0; k < 0x10000; k++) {
        const r = (start + k) & 0xffff;
        if (!this.isUsed(r)) {
          id = r;
          break;
        }
      }
    }
    this.used[id >>> 5]! |= 1 << (id & 31);
    if (++this.sent >= this.maxQueries) this.retire();
    return id;
  }

  private isUsed(id: number): boolean {
    return (this.used[id >>> 5]! & (1 << (id & 31))) !== 0;
  }

  private connected(err: Error | undefined): void {
    if (this.state !== 'connecting') return;
    if (err !== undefined) {
      // The server cannot be reached from here at all: as an ICMP refusal, for this server only.
      this.fail(err);
      return;
    }
    this.state = 'ready';
    const queue = this.queue!;
    this.queue = undefined;
    for (const query of queue) this.post(query);
  }

  /**
   * Sends at once. With a callback, or a send that fails is silent: on a connected socket the
   * ICMP refusal of an earlier datagram is reported by the next send() as often as by a read,
   * and a refusal taken that way must end the queries here as surely as one read.
   */
  private post(query: Buffer): void {
    if (this.state === 'ready') this.socket.send(query, this.afterSend);
  }

  /**
   * A reply is judged as it is read, and its query settled then (no timeout or cancel can end it
   * after that). When other queries wait, it is handed to its query from a setImmediate,
   * together with the others read in this turn: the code that waits on a query, which often asks
   * the next one, then runs once every datagram ready has been read, and each query it sends
   * goes out at once, so the server starts on the first while this process makes the rest, and
   * finds the replies to those ready when it next reads. c-ares does the same (node runs its
   * callbacks from a setImmediate). Against named on 2 shared cores, in separate processes
   * taking turns, this ran 0.72 to 1.11 times c-ares at 10 in flight (median 0.93) and 0.97 to
   * 1.37 at 100 (median 1.12), where the code before it (each reply handed over as read, the
   * queries of a turn sent together at its end) ran 0.74 to 1.02 (0.86) and 0.86 to 1.22 (1.00).
   * The reply to the only query waiting is handed over at once: nothing else can be read in the
   * turn, and one at a time the setImmediate cost about 9 µs of CPU a query (bench/RESULTS.md,
   * eleventh pass).
   */
  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    // The kernel already drops what does not come from the connected address; checked anyway.
    if (rinfo.address !== this.server.address || rinfo.port !== this.server.port || msg.length < 12) return;
    const entry = this.pending[msg.readUInt16BE(0)];
    if (entry === undefined) return; // late, duplicate or forged: no query waits with this ID
    const reply = entry.judge.judge(msg, 'udp');
    if (reply === undefined) return;
    this.settle(entry);
    if (udpWaiting === 0 && answered.length === 0) {
      entry.resolve(reply);
      return;
    }
    entry.reply = reply;
    if (answered.length === 0) setImmediate(handOver);
    answered.push(entry);
  }

  private finish(entry: Pending, err: Error): void {
    if (this.pending[entry.id] !== entry) return;
    this.settle(entry);
    entry.reject(err);
  }

  private settle(entry: Pending): void {
    entry.watch?.unlink(entry);
    delete this.pending[entry.id];
    udpWaiting--;
    if (--this.waiting === 0) {
      this.disarmDeadline();
      this.drained();
    }
    this.onCount?.(-1);
  }

  /**
   * The one timer of this socket's deadlines, for the earliest (a timer per query cost a
   * Timeout, its async resource and a closure each, about 200 bytes, and a list insertion and
   * removal). It holds the event loop open while a query is pending, as a query's own did.
   */
  private armDeadline(at: number): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineAt = at;
    this.deadlineTimer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(at - performance.now())));
  }

  private disarmDeadline(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.deadlineAt = Infinity;
  }

  /** Ends the queries whose timeout is over (ETIMEOUT), and sets the timer for the next deadline. */
  private expire(): void {
    this.deadlineTimer = undefined;
    this.deadlineAt = Infinity;
    const now = performance.now();
    const over: Pending[] = [];
    let next = Infinity;
    for (const key in this.pending) {
      const entry = this.pending[key as unknown as number]!;
      if (entry.deadline - now < 1) over.push(entry);
      else if (entry.deadline < next) next = entry.deadline;
    }
    // In the order their timeouts ended (the pending ones are kept by ID).
    over.sort((x, y) => x.deadline - y.deadline);
    for (const entry of over) this.finish(entry, entry.judge.failure('ETIMEOUT'));
    // An ended query may have let a waiting one start here, which set the timer for itself.
    if (this.waiting > 0 && next < this.deadlineAt) this.armDeadline(next);
  }

  /** Takes no more queries; the socket closes once nothing is pending on it. */
  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.onGone?.(this);
  }

  /** Nothing pending: a retired socket can go. Closing costs time the caller can use first. */
  private drained(): void {
    if (this.retired && this.waiting === 0 && this.state !== 'closed') {
      setImmediate(() => {
        if (this.waiting === 0) this.shutdown(undefined);
      });
    }
  }

  private checkIdle(): void {
    if (this.state === 'closed') return;
    if (this.waiting === 0 && this.activity === this.seenActivity) {
      this.retire();
      this.shutdown(undefined);
      return;
    }
    this.seenActivity = this.activity;
    this.idle.refresh();
  }

  private fail(err: Error): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.state = 'failed';
    this.retire();
    this.shutdown(err);
  }

  /** Closes the socket and ends every query pending on it: ECONNREFUSED for `err`, else ECANCELLED. */
  private shutdown(err: Error | undefined): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.retire();
    clearTimeout(this.idle);
    this.queue = undefined;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
    const entries = Object.values(this.pending) as Pending[];
    this.pending = Object.create(null) as Record<number, Pending | undefined>;
    udpWaiting -= this.waiting;
    this.waiting = 0;
    this.disarmDeadline();
    for (const entry of entries) {
      entry.watch?.unlink(entry);
      entry.reject(err === undefined ? cancelled(entry.hostname) : entry.judge.failure('ECONNREFUSED', err));
      this.onCount?.(-1);
    }
  }
}

/** A query waiting for room in its server's window. */
interface Queued {
  readonly request: ExchangeRequest;
  /** When its timeout ends: it runs from when the query was asked, not from when it goes out. */
  readonly deadline: number;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (err: Error) => void;
  /** Whether it still waits (not yet sent, timed out or cancelled). */
  waiting: boolean;
}

/**
 * The channels of one server: `size` taking queries in turn, each replaced when it retires, and
 * at most `window` queries in flight on them together. A query over the window waits in turn;
 * its timeout runs from when it was asked, so that a server that answers nothing fails a burst
 * as quickly as if everything had been sent at once. The waiting queries share one timer and
 * one cancel hook per scope (see ScopeWatch for why not one each).
 */
class ServerPool {
  private readonly channels: UdpChannel[] = [];
  private next = 0;
  private inFlight = 0;
  /** Waiting queries, oldest first. */
  private readonly queue = new Fifo<Queued>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private readonly hooks = new Map<CancelScope, () => void>();
  private readonly count = (delta: 1 | -1): void => {
    this.inFlight += delta;
    if (delta > 0) return;
    if (this.queue.size > 0) this.dequeue();
    else if (this.inFlight === 0 && this.channels.length === 0) this.onEmpty(); // the last query of retired sockets
  };

  constructor(
    private readonly server: Server,
    private readonly maxQueries: number,
    private readonly size: number,
    private readonly window: number,
    private readonly onEmpty: () => void,
    private readonly localAddress: string | undefined,
  ) {}

  /** Whether nothing is in flight or waiting here (the pool may be forgotten). */
  get idle(): boolean {
    return this.inFlight === 0 && this.queue.size === 0;
  }

  exchange(request: ExchangeRequest): Promise<Reply> {
    if (this.inFlight < this.window && this.queue.size === 0) return this.pick().exchange(request);
    const { scope } = request;
    if (scope?.cancelled === true) return Promise.reject(cancelled(request.expected?.name));
    return new Promise<Reply>((resolve, reject) => {
      const deadline = performance.now() + request.timeoutMs;
      this.queue.push({ request, deadline, resolve, reject, waiting: true });
      if (deadline < this.timerAt) this.arm(deadline);
      if (scope !== undefined && !this.hooks.has(scope)) {
        const hook = () => this.sweep((entry) => (entry.request.scope === scope ? cancelled(entry.request.expected?.name) : undefined));
        this.hooks.set(scope, hook);
        scope.add(hook);
      }
    });
  }

  /** Ends what waits, then closes the sockets (which ends what is in flight). */
  close(): void {
    this.sweep((entry) => cancelled(entry.request.expected?.name));
    for (const channel of this.channels.splice(0)) channel.close();
  }

  /** Sends the longest-waiting queries that still wait, while the window has room. */
  private dequeue(): void {
    const { queue } = this;
    while (this.inFlight < this.window && queue.size > 0) {
      const entry = queue.shift()!;
      if (!entry.waiting) continue;
      entry.waiting = false;
      const left = Math.floor(entry.deadline - performance.now());
      if (left < 1) entry.reject(exchangeError('ETIMEOUT', entry.request));
      else this.pick().start(entry.request, left, entry.resolve, entry.reject);
    }
    if (queue.size === 0) this.emptied();
  }

  /** Ends every waiting query for which `why` gives an error, and re-arms the timer for the rest. */
  private sweep(why: (entry: Queued) => Error | undefined): void {
    let first = Infinity;
    for (const entry of this.queue.values()) {
      if (!entry.waiting) continue;
      const err = why(entry);
      if (err === undefined) {
        first = Math.min(first, entry.deadline);
        continue;
      }
      entry.waiting = false;
      entry.reject(err);
    }
    if (first === Infinity) this.emptied();
    else this.arm(first);
  }

  /** Nothing waits any more: the timer and the cancel hooks go. */
  private emptied(): void {
    this.queue.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    for (const [scope, hook] of this.hooks) scope.delete(hook);
    this.hooks.clear();
    if (this.channels.length === 0 && this.idle) this.onEmpty();
  }

  /** The shared timer, for the earliest deadline among the waiting. */
  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    const now = performance.now();
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      const t = performance.now();
      this.sweep((entry) => (entry.deadline - t < 1 ? exchangeError('ETIMEOUT', entry.request) : undefined));
    }, Math.max(1, Math.ceil(at - now)));
  }

  /** A channel for the next query: the next in turn that is connected, else the next in turn. */
  private pick(): UdpChannel {
    const { channels } = this;
    while (channels.length < this.size) channels.push(this.open());
    const n = channels.length;
    for (let k = 0; k < n; k++) {
      const channel = channels[(this.next + k) % n]!;
      if (channel.ready) {
        this.next = (this.next + k + 1) % n;
        return channel;
      }
    }
    const channel = channels[this.next % n]!;
    this.next = (this.next + 1) % n;
    return channel;
  }

  private open(): UdpChannel {
    return new UdpChannel(
      this.server,
      this.maxQueries,
      (gone) => {
        const i = this.channels.indexOf(gone);
        if (i < 0) return;
        this.channels.splice(i, 1);
        if (this.channels.length === 0 && this.idle) this.onEmpty();
      },
      this.localAddress,
      this.count,
    );
  }
}

/**
 * The UDP sockets of a transport: a pool per server. After close(), each exchange gets a socket
 * of its own that closes after it, so that nothing is kept open any more.
 */
export class UdpPool {
  private readonly pools = new Map<string, ServerPool>();
  private readonly maxQueries: number;
  private readonly size: number;
  private readonly window: number;
  private closed = false;

  constructor(options: UdpPoolOptions = {}) {
    this.maxQueries = options.maxQueries ?? DEFAULT_UDP_MAX_QUERIES;
    this.size = options.sockets ?? DEFAULT_UDP_SOCKETS;
    this.window = options.window ?? DEFAULT_UDP_WINDOW;
    if (!Number.isInteger(this.maxQueries) || this.maxQueries < 1 || this.maxQueries > 0xffff) {
      throw new RangeError(`maxQueries must be a whole number from 1 to 65535, not ${this.maxQueries}`);
    }
    if (!Number.isInteger(this.size) || this.size < 1 || this.size > 64) {
      throw new RangeError(`sockets must be a whole number from 1 to 64, not ${this.size}`);
    }
    if (!Number.isInteger(this.window) || this.window < 1 || this.window > 0xffff) {
      throw new RangeError(`window must be a whole number from 1 to 65535, not ${this.window}`);
    }
  }

  /** One exchange on a socket of the server's pool. */
  exchange(request: ExchangeRequest): Promise<Reply> {
    if (this.closed) return udpExchange(request);
    // A pool per server and local address: after setLocalAddress, new sockets; the old idle out.
    const label = request.localAddress === undefined ? serverLabel(request.server) : `${request.localAddress}>${serverLabel(request.server)}`;
    let pool = this.pools.get(label);
    if (pool === undefined) {
      const created: ServerPool = new ServerPool(
        request.server,
        this.maxQueries,
        this.size,
        this.window,
        () => {
          if (this.pools.get(label) === created && created.idle) this.pools.delete(label);
        },
        request.localAddress,
      );
      pool = created;
      this.pools.set(label, pool);
    }
    return pool.exchange(request);
  }

  /** Closes every socket; queries still waiting fail with ECANCELLED. */
  close(): void {
    this.closed = true;
    for (const pool of [...this.pools.values()]) pool.close();
    this.pools.clear();
  }
}

/** One exchange on a socket of its own, closed after it (the caller's `id` when given). */
export function udpExchange(request: ExchangeRequest): Promise<Reply> {
  return new UdpChannel(request.server, 1, undefined, request.localAddress).exchange(request);
}
