/**
 * One query over UDP. Each exchange uses a socket of its own, never used before: the kernel
 * picks a random ephemeral source port for it (RFC 5452), and because the socket is connected
 * to the server, the kernel drops datagrams from any other address or port and reports an ICMP
 * port unreachable as ECONNREFUSED at once, so a server that is not there is left without
 * waiting for the timeout. The source is still compared in user space too.
 *
 * Opening and closing a socket costs about as much as the rest of a query, so a UdpSockets
 * keeps one spare socket per server, opened and connected while the previous query waits for
 * its reply, and closes used sockets after the caller has moved on. The spares hold no event
 * loop open (unref) and close themselves when idle.
 */
import dgram from 'node:dgram';
import { randomId } from '../packet/index.js';
import { cancelled, ReplyJudge, serverLabel, type ExchangeRequest, type Reply, type Server } from './transport.js';

/** How long an unused spare socket is kept. */
const SPARE_IDLE_MS = 2000;

function ignore(): void {}

/**
 * A socket connecting to `server`. Node reports a failed connect() (EACCES for a broadcast
 * address, ENETUNREACH, ...) only to the callback, never as an 'error' event: a socket whose
 * connect failed is unconnected, and send() on it throws, so `onConnect` must hear the error.
 */
function openSocket(server: Server, onConnect: (err: Error | undefined) => void): dgram.Socket {
  const socket = dgram.createSocket({ type: server.family === 6 ? 'udp6' : 'udp4' });
  // @types/node types the callback without its argument; Node passes the error there.
  (socket.connect as (port: number, address: string, cb: (err?: Error | null) => void) => void).call(
    socket,
    server.port,
    server.address,
    (err) => onConnect(err ?? undefined),
  );
  return socket;
}

interface Spare {
  socket: dgram.Socket;
  ready: boolean;
  failed: boolean;
  timer: NodeJS.Timeout;
}

/** Fresh UDP sockets, each opened ahead of its query: one spare per server. */
export class UdpSockets {
  private readonly spares = new Map<string, Spare>();
  private closed = false;

  /** A connected socket for one query to `server`, or undefined when no spare is ready yet. */
  take(server: Server): dgram.Socket | undefined {
    const label = serverLabel(server);
    const spare = this.spares.get(label);
    let socket: dgram.Socket | undefined;
    if (spare !== undefined && spare.ready && !spare.failed) {
      clearTimeout(spare.timer);
      spare.socket.removeListener('error', ignore);
      spare.socket.ref();
      socket = spare.socket;
      this.spares.delete(label);
    }
    if (!this.spares.has(label) && !this.closed) this.prepare(server, label);
    return socket;
  }

  /** Closes the spares; sockets in use are closed by their exchanges. */
  close(): void {
    this.closed = true;
    for (const spare of this.spares.values()) this.discard(spare);
    this.spares.clear();
  }

  private prepare(server: Server, label: string): void {
    const spare: Spare = {
      socket: openSocket(server, (err) => {
        if (err === undefined) spare.ready = true;
        else spare.failed = true;
      }),
      ready: false,
      failed: false,
      timer: setTimeout(() => {
        if (this.spares.get(label) === spare) this.spares.delete(label);
        this.discard(spare);
      }, SPARE_IDLE_MS).unref(),
    };
    spare.socket.on('error', ignore);
    spare.socket.once('error', () => {
      spare.failed = true;
    });
    spare.socket.unref();
    this.spares.set(label, spare);
  }

  private discard(spare: Spare): void {
    clearTimeout(spare.timer);
    try {
      spare.socket.close();
    } catch {
      // already closed
    }
  }
}

/**
 * One exchange over UDP: a fresh socket (a spare from `sockets` when one is ready), a random ID
 * (the socket is new, so no ID is pending on it: the caller's `id` when given), the message
 * built for it, and the first reply the judge accepts.
 */
export function udpExchange(request: ExchangeRequest, sockets?: UdpSockets): Promise<Reply> {
  const { server, scope } = request;
  const hostname = request.expected?.name;
  if (scope?.cancelled) return Promise.reject(cancelled(hostname));
  const id = request.id ?? randomId();
  let query: Buffer;
  try {
    query = request.build(id);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const judge = new ReplyJudge(request, query, id);
  return new Promise<Reply>((resolve, reject) => {
    let done = false;
    const finish = (err: Error | undefined, reply?: Reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      scope?.delete(onAbort);
      socket.removeAllListeners('message');
      // Closing costs time the caller can use first: close once its continuation has run.
      setImmediate(() => socket.close());
      if (err !== undefined) reject(err);
      else resolve(reply!);
    };
    const onAbort = () => finish(cancelled(hostname));
    const send = (err?: Error) => {
      if (done) return;
      // The server cannot be reached from here at all: as an ICMP refusal, for this server only.
      if (err !== undefined) finish(judge.failure('ECONNREFUSED', err));
      else socket.send(query);
    };

    const spare = sockets?.take(server);
    const socket = spare ?? openSocket(server, send);
    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== server.address || rinfo.port !== server.port) return;
      const reply = judge.judge(msg, 'udp');
      if (reply !== undefined) finish(undefined, reply);
    });
    // ICMP port unreachable, or no route: either way this server cannot answer now.
    socket.on('error', (err) => finish(judge.failure('ECONNREFUSED', err)));
    const timer = setTimeout(() => finish(judge.failure('ETIMEOUT')), request.timeoutMs);
    scope?.add(onAbort);
    if (spare !== undefined) send();
  });
}
