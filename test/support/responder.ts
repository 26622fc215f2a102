/**
 * A scriptable DNS responder on loopback, for transport tests: it listens on UDP and TCP on the
 * same free port, and for every query calls a handler that decides what to send back — a
 * correct reply, a forged one, nothing at all, or a reply from another port.
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
}

/** What the handler may send: messages (sent in order), raw buffers, or nothing. */
export type Outgoing = Array<MessageInput | Buffer | { fromOtherPort: MessageInput }>;

export interface Responder {
  address: string;
  port: number;
  /** `127.0.0.1:port`, as a Resolver's nameservers option takes it. */
  server: string;
  received: Incoming[];
  /** How many TCP connections were accepted. */
  readonly tcpConnections: number;
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
  let tcpConnections = 0;

  const toBuffer = (o: MessageInput | Buffer) => (Buffer.isBuffer(o) ? o : encodeMessage(o));

  const tcpMode = options.tcp ?? 'answer';
  const server = net.createServer((socket) => {
    sockets.add(socket);
    tcpConnections++;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (tcpMode === 'stall') return; // accept, read nothing, say nothing
    const reader = new TcpFrameReader();
    socket.on('data', async (chunk) => {
      for (const wire of reader.push(chunk)) {
        const query = decodeMessage(wire);
        const incoming: Incoming = { query, wire, transport: 'tcp', index: received.length, fromPort: socket.remotePort ?? 0 };
        received.push(incoming);
        for (const out of await handler(incoming)) {
          if (Buffer.isBuffer(out) || !('fromOtherPort' in out)) socket.write(frameTcp(toBuffer(out)));
        }
      }
    });
  });
  const udp = await bindUdpAndTcp(server, tcpMode !== 'none');
  const port = udp.address().port;

  udp.on('message', async (wire, rinfo) => {
    let query: Message;
    try {
      query = decodeMessage(wire);
    } catch {
      return;
    }
    const incoming: Incoming = { query, wire, transport: 'udp', index: received.length, fromPort: rinfo.port };
    received.push(incoming);
    for (const out of await handler(incoming)) {
      if (!Buffer.isBuffer(out) && 'fromOtherPort' in out) other.send(encodeMessage(out.fromOtherPort), rinfo.port, rinfo.address);
      else udp.send(toBuffer(out), rinfo.port, rinfo.address);
    }
  });

  return {
    address: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    received,
    get tcpConnections() {
      return tcpConnections;
    },
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

/** A loopback UDP+TCP port on which nothing listens (bound, then closed). */
export async function deadPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
