/**
 * Queries over TCP (RFC 1035 4.2.2, RFC 7766): a connection carries length-prefixed messages,
 * and replies are matched to queries by ID and question, so one connection can carry several
 * queries at once; each gets an ID not pending on that connection. A channel is closed after
 * its query, or kept open for RES_STAYOPEN until the transport is closed. A server that stalls
 * costs at most the query's timeout; one that closes or resets the connection before replying
 * is ECONNREFUSED for that server at once, as c-ares reports it.
 */
import net from 'node:net';
import { DnsError } from '../errors.js';
import { frameTcp, randomId, TcpFrameReader } from '../packet/index.js';
import { cancelled, ReplyJudge, serverLabel, type ExchangeRequest, type Reply, type Server } from './transport.js';

interface Pending {
  hostname: string | undefined;
  judge: ReplyJudge;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

/** Random IDs tried before walking the ID space for a free one (a channel with thousands pending). */
const RANDOM_ID_TRIES = 8;

/** One TCP connection to one server, carrying any number of queries. */
export class TcpChannel {
  private readonly socket: net.Socket;
  private readonly reader = new TcpFrameReader();
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  /** Replies accepted on this connection so far: a server that answered here is alive, whatever closed it. */
  private replies = 0;

  /**
   * Connects at once; `onClose` hears when the connection is gone (so a pool can forget it).
   * A kept-open channel holds no event loop open while nothing is pending (`keepOpen`).
   */
  constructor(
    readonly server: Server,
    private readonly onClose?: (channel: TcpChannel) => void,
    private readonly keepOpen = false,
    localAddress?: string,
  ) {
    this.socket = net.connect({
      host: server.address,
      port: server.port,
      family: server.family,
      noDelay: true,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.shutdown('ECONNREFUSED', err));
    this.socket.on('close', () => this.shutdown('ECONNREFUSED'));
  }

  /** Whether the channel can take another query. */
  get usable(): boolean {
    return !this.closed;
  }

  /** How many replies were accepted on this connection. */
  get answered(): number {
    return this.replies;
  }

  /** Sends the request's message, built for an ID not pending here, and resolves with the reply that matches it. */
  exchange(request: ExchangeRequest): Promise<Reply> {
    const hostname = request.expected?.name;
    const { scope } = request;
    if (scope?.cancelled) return Promise.reject(cancelled(hostname));
    if (this.closed) {
      return Promise.reject(new DnsError('ECONNREFUSED', { hostname, syscall: 'query', servers: [serverLabel(this.server)] }));
    }
    const id = this.freeId(request.id);
    if (id === undefined) {
      return Promise.reject(new DnsError('EBADQUERY', { hostname, syscall: 'query', servers: [serverLabel(this.server)] }));
    }
    let query: Buffer;
    try {
      query = request.build(id);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const judge = new ReplyJudge(request, query, id);
    return new Promise<Reply>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        scope?.delete(onAbort);
        this.pending.delete(id);
        if (this.keepOpen && this.pending.size === 0) this.socket.unref();
      };
      const entry: Pending = {
        hostname,
        judge,
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
      const timer = setTimeout(() => entry.reject(judge.failure('ETIMEOUT')), request.timeoutMs);
      scope?.add(onAbort);
      this.pending.set(id, entry);
      this.socket.ref();
      this.socket.write(frameTcp(query));
    });
  }

  /** Closes the connection; queries still waiting fail with ECANCELLED. */
  close(): void {
    this.shutdown('ECANCELLED');
  }

  /** `wanted` when it is free, else a random ID not pending here; undefined when all 65,536 are. */
  private freeId(wanted: number | undefined): number | undefined {
    if (wanted !== undefined && !this.pending.has(wanted)) return wanted;
    for (let i = 0; i < RANDOM_ID_TRIES; i++) {
      const id = randomId();
      if (!this.pending.has(id)) return id;
    }
    if (this.pending.size >= 0x10000) return undefined;
    const start = randomId();
    for (let k = 0; k < 0x10000; k++) {
      const id = (start + k) & 0xffff;
      if (!this.pending.has(id)) return id;
    }
    return undefined;
  }

  private onData(chunk: Buffer): void {
    for (const wire of this.reader.push(chunk)) {
      if (wire.length < 12) continue;
      const entry = this.pending.get(wire.readUInt16BE(0));
      if (entry === undefined) continue;
      const reply = entry.judge.judge(wire, 'tcp');
      if (reply !== undefined) {
        this.replies++;
        entry.resolve(reply);
      }
    }
  }

  private shutdown(code: 'ECONNREFUSED' | 'ECANCELLED', cause?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const entry of [...this.pending.values()]) {
      entry.reject(code === 'ECANCELLED' ? cancelled(entry.hostname) : entry.judge.failure('ECONNREFUSED', cause));
    }
    this.onClose?.(this);
  }
}

/** One query on a connection of its own, closed afterwards. */
export async function tcpExchange(request: ExchangeRequest): Promise<Reply> {
  const channel = new TcpChannel(request.server, undefined, false, request.localAddress);
  try {
    return await channel.exchange(request);
  } finally {
    channel.close();
  }
}
