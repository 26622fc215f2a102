/**
 * The default Transport: real sockets through node:dgram and node:net. UDP exchanges go through
 * a small pool of connected sockets per server, each retired after `udpMaxQueries` queries or
 * a second (transport-udp.ts); TCP exchanges get a connection of their own, or share one kept
 * open per server when the request asks (RES_STAYOPEN). Everything it keeps open is closed by
 * close().
 */
import { DnsError } from '../errors.js';
import { TcpChannel, tcpExchange } from './transport-tcp.js';
import { UdpPool } from './transport-udp.js';
import { serverLabel, type ExchangeRequest, type Reply, type Transport } from './transport.js';

/** How a NodeTransport uses its sockets. */
export interface NodeTransportOptions {
  /**
   * Queries one UDP socket carries before it is closed and replaced by one on a new random
   * port: 1 to 65535, default 100 (c-ares's udp_max_queries; 1 gives a fresh socket per query).
   */
  udpMaxQueries?: number | undefined;
  /** UDP sockets per server taking queries in turn; default 2. */
  udpSockets?: number | undefined;
  /** UDP queries in flight to one server at once, the rest waiting in turn; default 128. */
  udpWindow?: number | undefined;
}

/** node:dgram and node:net behind the Transport interface. */
export class NodeTransport implements Transport {
  private readonly udpPool: UdpPool;
  private readonly channels = new Map<string, TcpChannel>();

  constructor(options: NodeTransportOptions = {}) {
    this.udpPool = new UdpPool({ maxQueries: options.udpMaxQueries, sockets: options.udpSockets, window: options.udpWindow });
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.udpPool.exchange(request);
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    if (request.keepOpen !== true) return tcpExchange(request);
    return this.keptOpen(request, performance.now() + request.timeoutMs);
  }

  /**
   * An exchange on the kept-open channel to its server. A server may close a connection it has
   * answered on at any time (named when idle or restarted, a server without pipelining after
   * each reply), and a query written just before, or waiting behind the one answered, is lost
   * with it. Such a query is asked again on a new connection, as glibc's send_vc asks the same
   * server again when its kept-open connection was reset; only when the closed one had answered
   * something (a server that closes without answering is ECONNREFUSED at once, and the next
   * server is tried), and within the exchange's one timeout. Each round needs an answer from the
   * server, so a server cannot keep a query going round.
   */
  private async keptOpen(request: ExchangeRequest, deadline: number): Promise<Reply> {
    for (;;) {
      const channel = this.channel(request);
      try {
        return await channel.exchange(request);
      } catch (err) {
        const left = Math.floor(deadline - performance.now());
        if (!(err instanceof DnsError && err.code === 'ECONNREFUSED' && channel.answered > 0 && left >= 1)) throw err;
        request = { ...request, timeoutMs: left };
      }
    }
  }

  /** The kept-open channel to the request's server, a new one if there is none or it closed. */
  private channel(request: ExchangeRequest): TcpChannel {
    const label = request.localAddress === undefined ? serverLabel(request.server) : `${request.localAddress}>${serverLabel(request.server)}`;
    let channel = this.channels.get(label);
    if (channel === undefined || !channel.usable) {
      channel = new TcpChannel(
        request.server,
        (gone) => {
          if (this.channels.get(label) === gone) this.channels.delete(label);
        },
        true,
        request.localAddress,
      );
      this.channels.set(label, channel);
    }
    return channel;
  }

  close(): void {
    this.udpPool.close();
    for (const channel of [...this.channels.values()]) channel.close();
    this.channels.clear();
  }
}
