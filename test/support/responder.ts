/**
 * A scriptable DNS responder on loopback, for transport tests: it listens on UDP and TCP on the
 * same free port, and for every query calls a handler that decides what to send back — a
 * correct reply, a forged one, nothing at all, or a reply from another port — and, for the
 * hostile cases of test/reliability, raw bytes (a bare TCP length prefix, garbage), a reply sent
 * later or to where an earlier query came from, and a TCP connection closed or reset mid-reply.
 * Tests wait for it by events (`untilReceived`, `untilNoConnections`), never by sleeping.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { frameTcp, TcpFrameReader } from '../../src/packet/framing.js';
import type { Message, MessageInput, ResourceRecord } from '../../src/packet/types.js';

/** What the handler is told about one query. */
export interface Incoming {
  query: Message;
  wire: Buffer;
  transport: 'udp' | 'tcp';
  /** How many queries (both transports) came before this one. */
  index: number;
  /** The querier's source port. */
  fromPort: number;
  /** The querier's source address. */
  fromAddress: string;
  /** TCP only: which accepted connection it came on (0 for the first), to tell a kept-open one from fresh ones. */
  connection?: number;
}

/**
 * One thing the handler sends, in order:
 * - a message, or a Buffer holding one: over TCP with its length prefix;
 * - `{ fromOtherPort }`: over UDP from another port of the responder's (dropped over TCP);
 * - `{ raw }`: bytes exactly as given, no length prefix over TCP (a bare prefix, garbage);
 * - `{ to, send }`: a message sent where an earlier query came from (its UDP source port, or
 *   its TCP connection if still open) rather than to this query's;
 * - `{ wait }`: the rest of the list waits until the promise settles; other queries are not
 *   held up (a reply after the client's timeout, or after a later query arrived);
 * - `'close'` (FIN, after what was written) or `'reset'` (RST): TCP only, the connection ends.
 */
export type OutgoingItem =
  | MessageInput
  | Buffer
  | { fromOtherPort: MessageInput }
  | { raw: Buffer }
  | { to: Incoming; send: MessageInput | Buffer }
  | { wait: PromiseLike<unknown> }
  | 'close'
  | 'reset';

/** What the handler may send: the items above, in order, or nothing. */
export type Outgoing = OutgoingItem[];

export interface Responder {
  address: string;
  port: number;
  /** `127.0.0.1:port`, as a Resolver's nameservers option takes it. */
  server: string;
  received: Incoming[];
  /** How many TCP connections were accepted. */
  readonly tcpConnections: number;
  /** How many TCP connections are open now. */
  readonly openConnections: number;
  /** Resolves once at least `count` queries (both transports) have arrived. */
  untilReceived(count: number): Promise<void>;
  /** Resolves once no TCP connection is open (the client closed or dropped every one). */
  untilNoConnections(): Promise<void>;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** A reply to `query` with the given answers; the header echoes the query's ID, RD and question. */
export function replyTo(query: Message, over: Partial<MessageInput> = {}): MessageInput {
  const { flags, ...rest } = over;
  return {
    id: query.id,
    opcode: query.opcode,
    questions: query.questions,
    ...rest,
    flags: { qr: true, aa: true, rd: query.flags.rd, ...flags },
  };
}

/** An A record for the query's name. */
export function aRecord(query: Message, address: string, ttl = 300): ResourceRecord {
  return { name: query.questions[0]!.name, type: 'A', class: 'IN', ttl, data: address };
}

/**
 * A UDP socket on a free loopback port, with `server` listening for TCP on the same port when
 * `withTcp`. The port UDP gets may be taken for TCP (by some connection's local end), so a
 * clash means trying another port.
 */
async function bindUdpAndTcp(server: net.Server, withTcp: boolean): Promise<dgram.Socket> {
  for (let attempt = 1; ; attempt++) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    if (!withTcp) return udp;
    const listening = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.once('error', onError);
      server.listen(udp.address().port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (listening) return udp;
    await new Promise<void>((r) => udp.close(() => r()));
    if (attempt >= 20) throw new Error('startResponder: no loopback port free for both UDP and TCP');
  }
}

/** Starts a responder whose `handler` scripts every reply. */
export async function startResponder(
  handler: (incoming: Incoming) => Outgoing | Promise<Outgoing>,
  options: { tcp?: 'answer' | 'stall' | 'none' } = {},
): Promise<Responder> {
  const other = dgram.createSocket('udp4');
  await new Promise<void>((r) => other.bind(0, '127.0.0.1', r));
  const received: Incoming[] = [];
  const sockets = new Set<net.Socket>();
  /** Where each TCP query came from, for `{ to }`. */
  const connectionOf = new WeakMap<Incoming, net.Socket>();
  let tcpConnections = 0;
  let waiters: Array<{ ready: () => boolean; done: () => void }> = [];
  const wake = () => {
    waiters = waiters.filter((w) => {
      if (!w.ready()) return true;
      w.done();
      return false;
    });
  };
  const until = (ready: () => boolean) => (ready() ? Promise.resolve() : new Promise<void>((done) => waiters.push({ ready, done })));

  const toBuffer = (o: MessageInput | Buffer) => (Buffer.isBuffer(o) ? o : encodeMessage(o));

  /** Sends `out` for `incoming`, in order, waiting where it says to. */
  const emit = async (incoming: Incoming, out: Outgoing, rinfo?: { address: string; port: number }) => {
    for (const item of out) {
      const socket = connectionOf.get(incoming);
      if (item === 'close' || item === 'reset') {
        if (item === 'close') socket?.end();
        else socket?.resetAndDestroy();
      } else if (!Buffer.isBuffer(item) && 'wait' in item) {
        await item.wait.then(ignore, ignore);
      } else if (!Buffer.isBuffer(item) && 'to' in item) {
        const target = connectionOf.get(item.to);
        if (target !== undefined) writeTcp(target, frameTcp(toBuffer(item.send)));
        else if (item.to.transport === 'udp') udp.send(toBuffer(item.send), item.to.fromPort, '127.0.0.1');
      } else if (!Buffer.isBuffer(item) && 'raw' in item) {
        if (socket !== undefined) writeTcp(socket, item.raw);
        else if (rinfo !== undefined) udp.send(item.raw, rinfo.port, rinfo.address);
      } else if (!Buffer.isBuffer(item) && 'fromOtherPort' in item) {
        if (rinfo !== undefined) other.send(encodeMessage(item.fromOtherPort), rinfo.port, rinfo.address);
      } else if (socket !== undefined) {
        writeTcp(socket, frameTcp(toBuffer(item)));
      } else if (rinfo !== undefined) {
        udp.send(toBuffer(item), rinfo.port, rinfo.address);
      }
    }
  };

  const tcpMode = options.tcp ?? 'answer';
  const server = net.createServer((socket) => {
    const connection = tcpConnections++;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      wake();
    });
    socket.on('error', ignore);
    if (tcpMode === 'stall') return; // accept, read nothing, say nothing
    const reader = new TcpFrameReader();
    socket.on('data', (chunk) => {
      for (const wire of reader.push(chunk)) {
        let query: Message;
        try {
          query = decodeMessage(wire);
        } catch {
          continue; // not a query: nothing to script
        }
        const incoming: Incoming = { query, wire, transport: 'tcp', index: received.length, fromPort: socket.remotePort ?? 0, fromAddress: socket.remoteAddress ?? '', connection };
        connectionOf.set(incoming, socket);
        received.push(incoming);
        wake();
        void Promise.resolve(handler(incoming)).then((out) => emit(incoming, out));
      }
    });
  });
  const udp = await bindUdpAndTcp(server, tcpMode !== 'none');
  const port = udp.address().port;

  udp.on('message', (wire, rinfo) => {
    let query: Message;
    try {
      query = decodeMessage(wire);
    } catch {
      return;
    }
    const incoming: Incoming = { query, wire, transport: 'udp', index: received.length, fromPort: rinfo.port, fromAddress: rinfo.address };
    received.push(incoming);
    wake();
    void Promise.resolve(handler(incoming)).then((out) => emit(incoming, out, rinfo));
  });

  return {
    address: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    received,
    get tcpConnections() {
      return tcpConnections;
    },
    get openConnections() {
      return sockets.size;
    },
    untilReceived: (count) => until(() => received.length >= count),
    untilNoConnections: () => until(() => sockets.size === 0),
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((r) => udp.close(() => r())),
        new Promise<void>((r) => other.close(() => r())),
        tcpMode === 'none' ? Promise.resolve() : new Promise<void>((r) => server.close(() => r())),
      ]);
    },
  };
}

function ignore(): void {}

/** Writes to a connection that may be gone already (the client closed it): nothing to do then. */
function writeTcp(socket: net.Socket, bytes: Buffer): void {
  if (!socket.destroyed && socket.writable) socket.write(bytes);
}

/** A loopback UDP+TCP port on which nothing listens (bound, then closed). */
export async function deadPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
