/**
 * The default Transport: real sockets through node:dgram and node:net. UDP exchanges each get a
 * fresh connected socket (transport-udp.ts, with one spare per server opened ahead); TCP
 * exchanges get a connection of their own, or share one kept open per server when the request
 * asks (RES_STAYOPEN). Everything it keeps open is closed by close().
 */
import { TcpChannel, tcpExchange } from './transport-tcp.js';
import { UdpSockets, udpExchange } from './transport-udp.js';
import { serverLabel, type ExchangeRequest, type Reply, type Transport } from './transport.js';

/** node:dgram and node:net behind the Transport interface. */
export class NodeTransport implements Transport {
  private readonly udpSockets = new UdpSockets();
  private readonly channels = new Map<string, TcpChannel>();

  udp(request: ExchangeRequest): Promise<Reply> {
    return udpExchange(request, this.udpSockets);
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
    this.udpSockets.close();
    for (const channel of [...this.channels.values()]) channel.close();
    this.channels.clear();
  }
}
