/**
 * One query over UDP. Each exchange opens its own socket: the kernel picks a random ephemeral
 * source port (RFC 5452), and because the socket is connected to the server, the kernel drops
 * datagrams from any other address or port and reports an ICMP port unreachable as
 * ECONNREFUSED at once, so a server that is not there is left without waiting for the timeout.
 * The source is still compared in user space too: it costs nothing and guards the guard.
 */
import dgram from 'node:dgram';
import { DnsError, PacketError } from '../errors.js';
import { decodeMessage } from '../packet/codec.js';
import {
  answersQuestion,
  cancelled,
  serverLabel,
  type ExchangeOptions,
  type ExpectedQuestion,
  type Reply,
  type Server,
} from './transport.js';

/** Sends `query` to `server` over UDP and resolves with the first reply that matches it. */
export function udpExchange(
  server: Server,
  query: Buffer,
  expected: ExpectedQuestion | undefined,
  options: ExchangeOptions,
): Promise<Reply> {
  const hostname = expected?.name;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelled(hostname));
  const id = query.readUInt16BE(0);
  return new Promise<Reply>((resolve, reject) => {
    const socket = dgram.createSocket({ type: server.family === 6 ? 'udp6' : 'udp4' });
    let badReply: PacketError | undefined;
    let done = false;
    const finish = (err: Error | undefined, reply?: Reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err !== undefined) reject(err);
      else resolve(reply!);
    };
    const fail = (code: 'ETIMEOUT' | 'ECONNREFUSED' | 'EBADRESP', cause?: unknown) =>
      finish(new DnsError(code, { hostname, syscall: 'query', servers: [serverLabel(server)], cause }));
    const onAbort = () => finish(cancelled(hostname));

    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== server.address || rinfo.port !== server.port) return;
      if (msg.length < 12 || msg.readUInt16BE(0) !== id) return;
      let message;
      try {
        message = decodeMessage(msg);
      } catch (err) {
        // Malformed: maybe forged, maybe the server's. Keep waiting; say so if nothing better comes.
        badReply = err as PacketError;
        return;
      }
      if (!answersQuestion(message, expected)) return;
      finish(undefined, { message, wire: msg, server, transport: 'udp' });
    });
    // ICMP port unreachable, or no route: either way this server cannot answer now.
    socket.on('error', (err) => fail('ECONNREFUSED', err));
    const timer = setTimeout(() => (badReply ? fail('EBADRESP', badReply) : fail('ETIMEOUT')), options.timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.connect(server.port, server.address, () => {
      if (!done) socket.send(query);
    });
  });
}
