/**
 * DNS over TCP puts a two-octet length before each message (RFC 1035 section 4.2.2,
 * RFC 7766). These turn messages into frames and a byte stream back into messages.
 */
import { PacketError } from '../errors.js';
import { MAX_MESSAGE_OCTETS } from './codec.js';

/** A message with its two-octet length prefix, ready to write to a TCP socket. */
export function frameTcp(wire: Uint8Array): Buffer {
  if (wire.length > MAX_MESSAGE_OCTETS) throw new PacketError(`message longer than ${MAX_MESSAGE_OCTETS} octets`, -1, { tooLong: true });
  const out = Buffer.allocUnsafe(wire.length + 2);
  out.writeUInt16BE(wire.length, 0);
  out.set(wire, 2);
  return out;
}

/**
 * Collects TCP stream chunks and gives back each whole message as soon as it has arrived.
 * Chunks may split a message or its length prefix anywhere, or carry several messages.
 */
export class TcpFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds a chunk from the stream; returns the messages it completed, in order. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 2) {
      const head = this.chunks[0]!.length >= 2 ? this.chunks[0]! : this.merge();
      const size = head.readUInt16BE(0);
      if (this.buffered < size + 2) break;
      const all = this.merge();
      out.push(Buffer.from(all.subarray(2, size + 2)));
      const rest = all.subarray(size + 2);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }

  /** Octets received that are not yet a whole message. */
  get pending(): number {
    return this.buffered;
  }

  private merge(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}
