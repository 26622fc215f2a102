import { describe, expect, it } from 'vitest';
import { frameTcp, TcpFrameReader } from '../../src/packet/framing.js';
import { buildQuery } from '../../src/packet/query.js';

describe('TCP framing', () => {
  it('prefixes the two-octet length', () => {
    const q = buildQuery('example.test', 'A', { id: 1 });
    const framed = frameTcp(q);
    expect(framed.readUInt16BE(0)).toBe(q.length);
    expect(framed.subarray(2)).toEqual(q);
  });

  it('reassembles messages split anywhere and several in one chunk', () => {
    const a = buildQuery('a.test', 'A', { id: 1 });
    const b = buildQuery('b.test', 'AAAA', { id: 2 });
    const stream = Buffer.concat([frameTcp(a), frameTcp(b)]);
    for (let cut1 = 0; cut1 <= stream.length; cut1++) {
      for (const cut2 of [cut1, Math.min(stream.length, cut1 + 1), stream.length]) {
        const reader = new TcpFrameReader();
        const got = [
          ...reader.push(stream.subarray(0, cut1)),
          ...reader.push(stream.subarray(cut1, cut2)),
          ...reader.push(stream.subarray(cut2)),
        ];
        expect(got).toEqual([a, b]);
        expect(reader.pending).toBe(0);
      }
    }
  });

  it('refuses to frame a message over 65535 octets (tooLong)', () => {
    expect(frameTcp(Buffer.alloc(65535)).length).toBe(65537);
    expect(() => frameTcp(Buffer.alloc(65536))).toThrow(expect.objectContaining({ name: 'PacketError', tooLong: true }));
  });

  it('keeps a partial message pending', () => {
    const reader = new TcpFrameReader();
    expect(reader.push(frameTcp(buildQuery('a.test')).subarray(0, 5))).toEqual([]);
    expect(reader.pending).toBe(5);
  });
});
