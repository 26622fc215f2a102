/**
 * The floor under every Node resolver on this machine: node:dgram alone, with nothing of a
 * resolver on top. Two connected sockets taking queries in turn; the queries built once (by the
 * package's buildQuery) before any round is timed (named answers a name asked again as it did
 * the first time: it has no cache for its own zone); sends gathered and made at the end of the
 * turn, each with a callback (as a client that hears a send's ICMP refusal must make them); a
 * reply matched by its ID alone, not decoded. What it leaves out is what resolvkit adds: a
 * query built per try, the reply decoded and its question checked, timeouts, and the promise
 * API.
 *
 * With `retireAfter`, each socket takes that many queries and is then replaced by a new one on
 * a new kernel-chosen port (the old closes once its replies are in), as resolvkit retires its
 * sockets after udpMaxQueries: the floor under any client that keeps that port-security rule.
 *
 * Run beside dnsperf, it says how much of the server's ceiling a Node program can reach here at
 * all (bench/RESULTS.md, "Eighth pass" and "Ninth pass").
 */
import dgram from 'node:dgram';
import type { Work } from './measure.js';

/** Rounds of `total` queries, `concurrency` in flight, and the sockets' close. */
export interface DgramFloor {
  work: Work;
  close(): void;
}

/** One of the two sockets taking queries in turn. */
interface Slot {
  readonly socket: dgram.Socket;
  /** Queries sent on it. */
  sent: number;
  /** Queries sent on it whose reply has not come. */
  waiting: number;
  /** Queries made before connect() finished, sent when it does; undefined once connected. */
  queue: Buffer[] | undefined;
  retired: boolean;
}

/**
 * Opens two sockets connected to 127.0.0.1:`port`; `queryFor(id)` builds the query with that ID
 * (the suite passes the package's buildQuery: it runs before any round is timed). A round fails
 * (rather than hangs) if no reply comes for two seconds: nothing here asks again. With
 * `retireAfter`, a socket is replaced after that many queries (see above).
 */
export async function dgramFloor(port: number, total: number, concurrency: number, queryFor: (id: number) => Buffer, retireAfter?: number): Promise<DgramFloor> {
  // One ID a query: a reply is matched by nothing else.
  if (total > 0x10000) throw new RangeError(`at most 65,536 queries a round, not ${total}`);
  const queries = Array.from({ length: total }, (_, id) => queryFor(id));
  // A send's refusal comes to its callback or as the socket's 'error' (an ICMP refusal read):
  // either fails the round at the next look of its watchdog.
  const failed: Error[] = [];
  const afterSend = (err: Error | null) => {
    if (err !== null) failed.push(err);
  };
  // The round under way hears every reply, from whichever socket it came.
  let onReply: (msg: Buffer, slot: Slot) => void = () => {};
  // Every socket not yet closed, retired ones whose replies are still out included.
  const live = new Set<Slot>();
  const open = (): Slot => {
    const socket = dgram.createSocket('udp4');
    const slot: Slot = { socket, sent: 0, waiting: 0, queue: [], retired: false };
    live.add(slot);
    socket.on('error', (err) => failed.push(err));
    socket.on('message', (msg) => onReply(msg, slot));
    socket.connect(port, '127.0.0.1', () => {
      const queued = slot.queue ?? [];
      slot.queue = undefined;
      for (const query of queued) socket.send(query, afterSend);
    });
    return slot;
  };
  const close = (slot: Slot) => {
    live.delete(slot);
    try {
      slot.socket.close();
    } catch {
      // already closed
    }
  };
  const slots = [open(), open()];
  // Connected before any round is timed (a failed connect is an 'error').
  await Promise.all(slots.map(({ socket }) => new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))));
  let turn = 0;
  const send = (query: Buffer) => {
    const k = turn++ & 1;
    let slot = slots[k]!;
    if (retireAfter !== undefined && slot.sent >= retireAfter) {
      slot.retired = true;
      if (slot.waiting === 0) close(slot);
      slot = slots[k] = open();
    }
    slot.sent++;
    slot.waiting++;
    if (slot.queue !== undefined) slot.queue.push(query);
    else slot.socket.send(query, afterSend);
  };
  const work: Work = () => {
    const waiting = new Uint8Array(0x10000);
    let started = 0;
    let done = 0;
    let outbox: number[] = [];
    const flush = () => {
      const batch = outbox;
      outbox = [];
      for (const i of batch) send(queries[i]!);
    };
    const start = () => {
      if (started === total) return;
      const i = started++;
      waiting[i] = 1;
      if (outbox.length === 0) setImmediate(flush);
      outbox.push(i);
    };
    return new Promise<number>((resolve, reject) => {
      let seen = -1;
      const watchdog = setInterval(() => {
        if (failed.length > 0 || done === seen) finish(failed[0] ?? new Error(`no reply for 2 s after ${done} of ${total}`));
        seen = done;
      }, 2000);
      const finish = (err: Error | undefined) => {
        clearInterval(watchdog);
        onReply = () => {};
        if (err === undefined) resolve(total);
        else reject(err);
      };
      onReply = (msg, slot) => {
        if (msg.length < 12) return;
        const id = msg.readUInt16BE(0);
        if (waiting[id] === 0) return;
        waiting[id] = 0;
        if (--slot.waiting === 0 && slot.retired) close(slot);
        if (++done === total) finish(undefined);
        else start();
      };
      for (let k = 0; k < concurrency; k++) start();
    });
  };
  return { work, close: () => [...live].forEach(close) };
}
