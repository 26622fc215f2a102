/**
 * One reply must not buy much CPU: the bounds on name decompression (a pointer-hop limit per
 * name, a work budget per message) and the cheap header-and-question reader a transport uses
 * to drop a mismatched reply before decoding it. Costs are counted, never timed here; the
 * timings are scripts/decode-cost.mjs's.
 */
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage, MAX_MESSAGE_OCTETS, readHeaderAndQuestion } from '../../src/packet/codec.js';
import * as packet from '../../src/packet/index.js';
import { MAX_NAME_WORK, MAX_POINTER_HOPS, readName, withNameBudget } from '../../src/packet/names.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const TAIL = hex('0001 0001');

function header(qd: number, an = 0): Buffer {
  const h = hex('1234 8180 0000 0000 0000 0000');
  h.writeUInt16BE(qd, 4);
  h.writeUInt16BE(an, 6);
  return h;
}
const ptr = (to: number) => Buffer.from([0xc0 | (to >> 8), to & 0xff]);

/** Question 1 is "a"; question i+1 points at question i, `depth` times; every later one points at the last. */
function ladder(depth: number, total: number): Buffer {
  const parts = [header(total), hex('0161 00'), TAIL];
  let at = 12;
  let size = 12 + 7;
  for (let n = 1; n < total; n++, size += 6) {
    parts.push(ptr(at), TAIL);
    if (n <= depth) at = size;
  }
  return Buffer.concat(parts);
}

describe('compression pointers per name', () => {
  it(`a name may follow ${MAX_POINTER_HOPS} pointers, not one more`, () => {
    expect(MAX_POINTER_HOPS).toBe(127);
    const ok = decodeMessage(ladder(127, 128));
    expect(ok.questions).toHaveLength(128);
    expect(ok.questions[127]!.name).toBe('a');
    expect(() => decodeMessage(ladder(128, 129))).toThrow(/name follows more than 127 compression pointers/);
  });

  it('the 65,507-octet chain of 10,915 questions is refused at once (it took 87 ms to decode)', () => {
    const buf = ladder(Infinity, Math.floor((65507 - 19) / 6) + 1);
    expect(buf.length).toBeLessThanOrEqual(65507);
    expect(buf.readUInt16BE(4)).toBe(10915);
    const err = (() => {
      try {
        decodeMessage(buf);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PacketError);
    // Refused at the 129th question, with the offset of the pointer that was one too many.
    expect((err as PacketError).message).toMatch(/more than 127 compression pointers/);
  });
});

describe('decompression work per message', () => {
  it(`refuses a message whose names take more than ${MAX_NAME_WORK} octets to decompress`, () => {
    // 10,915 questions each following 100 pointers to "a": 203 octets of work each.
    const buf = ladder(100, 10915);
    expect(() => decodeMessage(buf)).toThrow(/names take more than 1048576 octets to decompress/);
    // The same ladder with fewer questions (5,000 x 203 octets) is within the budget.
    expect(decodeMessage(ladder(100, 5000)).questions).toHaveLength(5000);
  });

  it('counts label octets, length octets and two per pointer, message by message', () => {
    // "a" (3 octets with the root), then a pointer to it (2 + 3): 8.
    const buf = Buffer.concat([header(2), hex('0161 00'), TAIL, ptr(12), TAIL]);
    expect(() => withNameBudget(() => decodeMessage(buf), 7)).toThrow(/more than 1048576/);
    expect(withNameBudget(() => readName(buf, 12).name + readName(buf, 19).name, 8)).toBe('aa');
    expect(() => withNameBudget(() => [readName(buf, 12), readName(buf, 19)], 7)).toThrow(PacketError);
    // Outside a message, and for each new message, the budget is whole again.
    for (let i = 0; i < 3; i++) expect(readName(buf, 19).name).toBe('a');
    for (let i = 0; i < 20; i++) expect(decodeMessage(ladder(100, 5000)).questions).toHaveLength(5000);
  });

  it('an honest full-size reply is far within the budget', () => {
    // 4,093 A records owned by the question name through one pointer each, as servers compress.
    const parts = [header(1, 4093), hex('03777777 076578616d706c65 03636f6d 00'), TAIL];
    for (let i = 0; i < 4093; i++) parts.push(ptr(12), TAIL, hex('0000003c 0004 c00002'), Buffer.from([i & 0xff]));
    const wire = Buffer.concat(parts);
    expect(wire.length).toBeGreaterThan(65000);
    const m = decodeMessage(wire);
    expect(m.answers).toHaveLength(4093);
    expect(m.answers[4092]!.name).toBe('www.example.com');
  });
});

describe('readHeaderAndQuestion', () => {
  const query = encodeMessage({
    id: 0xbeef,
    opcode: 'UPDATE',
    rcode: 'NXRRSET',
    flags: { qr: true, aa: true, rd: true, cd: true },
    questions: [{ name: 'Zone.Example', type: 'SOA', class: 'IN' }],
    answers: [{ name: 'a.zone.example', type: 'A', class: 'NONE', ttl: 0, data: null }],
  });

  it('is exported from the packet index', () => {
    expect(typeof packet.readHeaderAndQuestion).toBe('function');
    expect(packet.readHeaderAndQuestion).toBe(readHeaderAndQuestion);
  });

  it('reads the header and the first question as decodeMessage does', () => {
    const head = readHeaderAndQuestion(query);
    const full = decodeMessage(query);
    expect(head).toEqual({
      id: 0xbeef,
      opcode: 'UPDATE',
      headerRcode: 'NXRRSET',
      flags: full.flags,
      qdcount: 1,
      ancount: 1,
      nscount: 0,
      arcount: 0,
      question: full.questions[0],
    });
  });

  it('looks at nothing after the first question', () => {
    const garbage = Buffer.concat([query.subarray(0, 12 + 14 + 4), hex('ffff ffff c0')]);
    expect(() => decodeMessage(garbage)).toThrow(PacketError);
    expect(readHeaderAndQuestion(garbage).question).toEqual({ name: 'Zone.Example', type: 'SOA', class: 'IN' });
    // Even a reply whose later names would blow the budget costs one name here.
    expect(readHeaderAndQuestion(ladder(Infinity, 10915)).question).toEqual({ name: 'a', type: 'A', class: 'IN' });
  });

  it('gives only the header\'s four rcode bits (BADVERS, 16, reads NOERROR here)', () => {
    const wire = encodeMessage({ id: 1, rcode: 'BADVERS', edns: {} });
    expect(decodeMessage(wire).rcode).toBe('BADVERS');
    expect(readHeaderAndQuestion(wire)).toMatchObject({ headerRcode: 'NOERROR', qdcount: 0, arcount: 1 });
    expect(readHeaderAndQuestion(wire).question).toBeUndefined();
  });

  it.each([
    ['a short header', hex('1234 8180 0000 0000 0000')],
    ['a question cut short', hex('1234 8180 0001 0000 0000 0000 0161 00 0001')],
    ['a question name running off the end', hex('1234 8180 0001 0000 0000 0000 05 6162')],
    ['a question name with a forward pointer', hex('1234 8180 0001 0000 0000 0000 c00e 0001 0001')],
    ['too long a message', Buffer.alloc(MAX_MESSAGE_OCTETS + 1)],
    ['not a buffer', 'abc' as unknown as Buffer],
  ])('throws PacketError for %s', (_what, wire) => {
    expect(() => readHeaderAndQuestion(wire)).toThrow(PacketError);
  });
});
