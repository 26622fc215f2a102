/**
 * The default Transport: real sockets through node:dgram and node:net. UDP exchanges go through
 * a small pool of connected sockets per server, each retired after `udpMaxQueries` queries
 * (transport-udp.ts); TCP exchanges get a connection of their own, or share one kept open per
 * server when the request asks (RES_STAYOPEN). Everything it keeps open is closed by close().
 */
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
  /** UDP sockets per server taking queries in turn; default 4. */
  udpSockets?: number | undefined;
}

/** node:dgram and node:net behind the Transport interface. */
export class NodeTransport implements Transport {
  private readonly udpPool: UdpPool;
  private readonly channels = new Map<string, TcpChannel>();

  constructor(options: NodeTransportOptions = {}) {
    this.udpPool = new UdpPool({ maxQueries: options.udpMaxQueries, sockets: options.udpSockets });
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.udpPool.exchange(request);
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    if (request.keepOpen !== true) return tcpExchange(request);
    const label = serverLabel(request.server);
    let channel = this.channels.get(label);
    if (channel === undefined || !channel.usable) {
      channel = new TcpChannel(
        request.server,
        (gone) => {
          if (this.channels.get(label) === gone) this.channels.delete(label);
        },
        true,
      );
      this.channels.set(label, channel);
    }
    return channel.exchange(request);
  }

  close(): void {
    this.udpPool.close();
    for (const channel of [...this.channels.values()]) channel.close();
    this.channels.clear();
  }
}
