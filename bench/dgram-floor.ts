/**
 * The floor under every Node resolver on this machine: node:dgram alone, with nothing of a
 * resolver on top. Two connected sockets, never retired; the queries built once (by the
 * package's buildQuery) before any round is timed (named answers a name asked again as it did
 * the first time: it has no cache for its own zone); sends gathered and made at the end of the
 * turn, each with a callback (as a client that hears a send's ICMP refusal must make them); a
 * reply matched by its ID alone, not decoded. What it leaves out is what resolvkit adds: a
 * query built per try, the reply decoded and its question checked, timeouts, sockets retired
 * every udpMaxQueries, and the promise API.
 *
 * Run beside dnsperf, it says how much of the server's ceiling a Node program can reach here at
 * all (bench/RESULTS.md, "Eighth pass").
 */
import dgram from 'node:dgram';
import type { Work } from './measure.js';

/** Rounds of `total` queries, `concurrency` in flight, and the sockets' close. */
export interface DgramFloor {
  work: Work;
  close(): void;
}

/**
 * Opens two sockets connected to 127.0.0.1:`port`; `queryFor(id)` builds the query with that ID
 * (the suite passes the package's buildQuery: it runs before any round is timed). A round fails
 * (rather than hangs) if no reply comes for two seconds: nothing here asks again.
 */
export async function dgramFloor(port: number, total: number, concurrency: number, queryFor: (id: number) => Buffer): Promise<DgramFloor> {
  // One ID a query: a reply is matched by nothing else.
  if (total > 0x10000) throw new RangeError(`at most 65,536 queries a round, not ${total}`);
  const queries = Array.from({ length: total }, (_, id) => queryFor(id));
  // A send's refusal comes to its callback or as the socket's 'error' (an ICMP refusal read):
  // either fails the round at the next look of its watchdog.
  const failed: Error[] = [];
  const afterSend = (err: Error | null) => {
    if (err !== null) failed.push(err);
  };
  const sockets = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<dgram.Socket>((resolve, reject) => {
          const socket = dgram.createSocket('udp4');
          socket.once('error', reject);
          socket.connect(port, '127.0.0.1', () => {
            socket.off('error', reject);
            socket.on('error', (err) => failed.push(err));
            resolve(socket);
          });
        }),
    ),
  );
  const work: Work = () => {
    const waiting = new Uint8Array(0x10000);
    let started = 0;
    let done = 0;
    let outbox: number[] = [];
    const flush = () => {
      const batch = outbox;
      outbox = [];
      for (const i of batch) sockets[i & 1]!.send(queries[i]!, afterSend);
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
      const onMessage = (msg: Buffer) => {
        if (msg.length < 12) return;
        const id = msg.readUInt16BE(0);
        if (waiting[id] === 0) return;
        waiting[id] = 0;
        if (++done === total) finish(undefined);
        else start();
      };
      const finish = (err: Error | undefined) => {
        clearInterval(watchdog);
        for (const socket of sockets) socket.off('message', onMessage);
        if (err === undefined) resolve(total);
        else reject(err);
      };
      for (const socket of sockets) socket.on('message', onMessage);
      for (let k = 0; k < concurrency; k++) start();
    });
  };
  return { work, close: () => sockets.forEach((s) => s.close()) };
}
