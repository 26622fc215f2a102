/**
 * Queries over TCP (RFC 1035 4.2.2, RFC 7766): a connection carries length-prefixed messages,
 * and replies are matched to queries by ID and question, so one connection can carry several
 * queries at once. A channel is closed after its query, or kept open for RES_STAYOPEN until
 * the resolver is closed. A server that stalls costs at most the query's timeout.
 */
import net from 'node:net';
import { DnsError, PacketError } from '../errors.js';
import { decodeMessage } from '../packet/codec.js';
import { frameTcp, TcpFrameReader } from '../packet/framing.js';
import {
  answersQuestion,
  cancelled,
  serverLabel,
  type ExchangeOptions,
  type ExpectedQuestion,
  type Reply,
  type Server,
} from './transport.js';

interface Pending {
  expected: ExpectedQuestion | undefined;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  badReply: PacketError | undefined;
}

/** One TCP connection to one server, carrying any number of queries. */
export class TcpChannel {
  private readonly socket: net.Socket;
  private readonly reader = new TcpFrameReader();
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** Connects at once; `onClose` hears when the connection is gone (so a pool can forget it). */
  constructor(
    readonly server: Server,
    private readonly onClose?: (channel: TcpChannel) => void,
  ) {
    this.socket = net.connect({ host: server.address, port: server.port, family: server.family, noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.shutdown('ECONNREFUSED', err));
    this.socket.on('close', () => this.shutdown('EOF'));
  }

  /** Whether the channel can take another query. */
  get usable(): boolean {
    return !this.closed;
  }

  /** Sends `query` and resolves with the reply that matches it. */
  exchange(query: Buffer, expected: ExpectedQuestion | undefined, options: ExchangeOptions): Promise<Reply> {
    const hostname = expected?.name;
    const { scope } = options;
    if (scope?.cancelled) return Promise.reject(cancelled(hostname));
    if (this.closed) {
      return Promise.reject(new DnsError('ECONNREFUSED', { hostname, syscall: 'query', servers: [serverLabel(this.server)] }));
    }
    const id = query.readUInt16BE(0);
    if (this.pending.has(id)) {
      return Promise.reject(new DnsError('EBADQUERY', { hostname, syscall: 'query', servers: [serverLabel(this.server)] }));
    }
    return new Promise<Reply>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        scope?.delete(onAbort);
        this.pending.delete(id);
      };
      const entry: Pending = {
        expected,
        badReply: undefined,
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      };
      const onAbort = () => entry.reject(cancelled(hostname));
      const timer = setTimeout(() => {
        const code = entry.badReply ? 'EBADRESP' : 'ETIMEOUT';
        entry.reject(new DnsError(code, { hostname, syscall: 'query', servers: [serverLabel(this.server)], cause: entry.badReply }));
      }, options.timeout);
      scope?.add(onAbort);
      this.pending.set(id, entry);
      this.socket.write(frameTcp(query));
    });
  }

  /** Closes the connection; queries still waiting fail with ECANCELLED. */
  close(): void {
    this.shutdown('ECANCELLED');
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    frames = this.reader.push(chunk);
    for (const wire of frames) {
      if (wire.length < 12) continue;
      const entry = this.pending.get(wire.readUInt16BE(0));
      if (entry === undefined) continue;
      let message;
      try {
        message = decodeMessage(wire);
      } catch (err) {
        entry.badReply = err as PacketError;
        continue;
      }
      if (!answersQuestion(message, entry.expected)) continue;
      entry.resolve({ message, wire, server: this.server, transport: 'tcp' });
    }
  }

  private shutdown(code: 'ECONNREFUSED' | 'EOF' | 'ECANCELLED', cause?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const entry of [...this.pending.values()]) {
      const hostname = entry.expected?.name;
      entry.reject(
        code === 'ECANCELLED'
          ? cancelled(hostname)
          : new DnsError(code, { hostname, syscall: 'query', servers: [serverLabel(this.server)], cause: cause ?? entry.badReply }),
      );
    }
    this.onClose?.(this);
  }
}

/** One query on a connection of its own, closed afterwards. */
export async function tcpExchange(
  server: Server,
  query: Buffer,
  expected: ExpectedQuestion | undefined,
  options: ExchangeOptions,
): Promise<Reply> {
  const channel = new TcpChannel(server);
  try {
    return await channel.exchange(query, expected, options);
  } finally {
    channel.close();
  }
}
