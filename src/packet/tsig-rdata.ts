/**
 * The TSIG record's RDATA (RFC 8945 section 4.2), which dns-packet does not know.
 * The algorithm name is written uncompressed, as RFC 8945 requires.
 */
import { PacketError } from '../errors.js';
import { tsigErrorName, tsigErrorNumber } from './constants.js';
import { readName, writeName } from './names.js';
import type { TsigData } from './types.js';

/** Writes RDLENGTH and the TSIG RDATA at `offset`; returns the offset after it. */
export function writeTsigRdata(data: TsigData, buf: Buffer, offset: number): number {
  if (typeof data !== 'object' || data === null) throw new PacketError('TSIG RDATA must be an object');
  if (!Number.isSafeInteger(data.timeSigned) || data.timeSigned < 0 || data.timeSigned > 0xffffffffffff) {
    throw new PacketError('TSIG time signed must be a whole number of seconds below 2^48');
  }
  // Buffer's writers would write a missing number as 0 and cut a fraction: refuse instead.
  for (const field of ['fudge', 'originalId'] as const) {
    const v = data[field];
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new PacketError(`TSIG ${field} must be a whole number from 0 to 65535`);
  }
  if (!Buffer.isBuffer(data.mac) || !Buffer.isBuffer(data.other)) throw new PacketError('TSIG mac and other data must be Buffers');
  const error = tsigErrorNumber(String(data.error));
  const start = offset + 2;
  let pos = writeName(data.algorithm, buf, start);
  buf.writeUIntBE(data.timeSigned, pos, 6);
  buf.writeUInt16BE(data.fudge, pos + 6);
  buf.writeUInt16BE(data.mac.length, pos + 8);
  pos += 10;
  pos += data.mac.copy(buf, pos);
  buf.writeUInt16BE(data.originalId, pos);
  buf.writeUInt16BE(error, pos + 2);
  buf.writeUInt16BE(data.other.length, pos + 4);
  pos += 6;
  pos += data.other.copy(buf, pos);
  buf.writeUInt16BE(pos - start, offset);
  return pos;
}

/** Reads TSIG RDATA occupying exactly `buf[start, end)`. */
export function readTsigRdata(buf: Buffer, start: number, end: number): TsigData {
  const { name: algorithm, end: afterName } = readName(buf, start);
  let pos = afterName;
  if (pos + 10 > end) throw new PacketError('TSIG RDATA too short', start);
  const timeSigned = buf.readUIntBE(pos, 6);
  const fudge = buf.readUInt16BE(pos + 6);
  const macSize = buf.readUInt16BE(pos + 8);
  pos += 10;
  if (pos + macSize + 6 > end) throw new PacketError('TSIG MAC runs past its RDATA', pos - 2);
  const mac = Buffer.from(buf.subarray(pos, pos + macSize));
  pos += macSize;
  const originalId = buf.readUInt16BE(pos);
  const error = tsigErrorName(buf.readUInt16BE(pos + 2));
  const otherLen = buf.readUInt16BE(pos + 4);
  pos += 6;
  if (pos + otherLen !== end) throw new PacketError('TSIG other data does not fill its RDATA', pos - 2);
  const other = Buffer.from(buf.subarray(pos, end));
  return { algorithm, timeSigned, fudge, mac, originalId, error, other };
}
