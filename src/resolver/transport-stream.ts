/**
 * The socket side of a zone transfer (dnsq's AXFR and IXFR): one query over one TCP
 * connection, then every message that comes back, until the caller says the stream is
 * complete. TcpChannel (transport-tcp.ts) settles an exchange on its first matching reply,
 * which is right for a query and wrong for a transfer (many messages, one ID), so a transfer
 * has this reader of its own, with the same framing (TcpFrameReader) and decoder.
 *
 * Every frame is checked before the caller sees it: it must decode and carry the query's ID
 * (principle 8); anything else ends the transfer as EBADRESP. A server that goes quiet costs
 * the timeout once per wait: `timeoutMs` for the first message, four times that between later
 * ones, as dig allows a transfer in progress more time.
 */
import net from 'node:net';
import { decodeMessage, frameTcp, TcpFrameReader, type Message } from '../packet/index.js';
import { serverLabel, type Server } from './transport.js';

/** One transfer's connection. */
export interface StreamRequest {
  readonly server: Server;
  /** The query, with its ID in the first two octets. */
  readonly query: Buffer;
  /** Milliseconds to wait for the first message (later ones get four times as long). */
  readonly timeoutMs: number;
  /** Called for each message in order, with its size on the wire; returns true when it was the last. May throw to stop. */
  readonly onMessage: (message: Message, size: number) => boolean;
}

/** Why a stream ended before its last message, in the library's error codes. */
export class StreamFailure extends Error {
  override name = 'StreamFailure';

  constructor(
    /** ETIMEOUT, ECONNREFUSED (refused, or closed before any message), EBADRESP (a bad frame, or the stream cut off). */
    readonly code: 'ETIMEOUT' | 'ECONNREFUSED' | 'EBADRESP',
    /** dig's words for it: `timed out`, `connection refused`, `end of file`, ... */
    readonly reason: string,
    /** Whether any message had come before. */
    readonly started: boolean,
    readonly server: string,
  ) {
    super(`${server}: ${reason}`);
  }
}

/**
 * Runs the transfer. Resolves once onMessage has said the stream is complete; rejects with a
 * StreamFailure, or with what onMessage threw.
 */
export function streamTcp(request: StreamRequest): Promise<void> {
  const { server, query } = request;
  const id = query.readUInt16BE(0);
  const label = serverLabel(server);
  const failure = (code: StreamFailure['code'], why: string, started: boolean): StreamFailure => new StreamFailure(code, why, started, label);

  return new Promise<void>((resolve, reject) => {
    const reader = new TcpFrameReader();
    let started = false;
    let settled = false;
    const socket = net.connect({ host: server.address, port: server.port, family: server.family, noDelay: true });
    let timer = setTimeout(() => finish(failure('ETIMEOUT', 'timed out', false)), request.timeoutMs);
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err === undefined) resolve();
      else reject(err);
    };
    socket.on('connect', () => socket.write(frameTcp(query)));
    socket.on('error', (err) => finish(started ? failure('EBADRESP', `connection lost (${err.message})`, true) : failure('ECONNREFUSED', 'connection refused', false)));
    socket.on('close', () => finish(started ? failure('EBADRESP', 'end of file', true) : failure('ECONNREFUSED', 'end of file', false)));
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      // TcpFrameReader.push never throws: a length past the data just waits for more.
      const frames = reader.push(chunk);
      for (const wire of frames) {
        if (wire.length < 12 || wire.readUInt16BE(0) !== id) {
          finish(failure('EBADRESP', wire.length < 12 ? 'a frame shorter than a DNS header' : `ID mismatch: expected ${id}, got ${wire.readUInt16BE(0)}`, started));
          return;
        }
        let message: Message;
        try {
          message = decodeMessage(wire);
        } catch (err) {
          finish(failure('EBADRESP', `a malformed message: ${(err as Error).message}`, started));
          return;
        }
        started = true;
        try {
          if (request.onMessage(message, wire.length)) {
            finish();
            return;
          }
        } catch (err) {
          finish(err);
          return;
        }
      }
      // Only a whole message counts as progress: a server dripping octets cannot hold the wait open.
      if (frames.length === 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => finish(failure('ETIMEOUT', 'timed out', started)), started ? request.timeoutMs * 4 : request.timeoutMs);
    });
  });
}
