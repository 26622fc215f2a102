/**
 * The malformed-packet corpus: every input here is broken, and decodeMessage must answer each
 * with a PacketError, never a wrong message and never another kind of error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { nameToWire } from '../../src/packet/names.js';
import type { ResourceRecord } from '../../src/packet/types.js';

const fixture = (file: string) =>
  Buffer.from(readFileSync(new URL(`../../fixtures/packets/${file}`, import.meta.url), 'utf8').trim(), 'hex');
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Deterministic pseudo-random numbers (mulberry32), so the corpus is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What decodeMessage does with the input: 'ok', or the PacketError; anything else fails the test. */
function outcome(buf: Buffer): 'ok' | PacketError {
  try {
    decodeMessage(buf);
    return 'ok';
  } catch (err) {
    if (err instanceof PacketError) return err;
    throw new Error(`decodeMessage let a non-PacketError escape for ${buf.toString('hex')}: ${String(err)}`);
  }
}

/**
 * A mutant either gives a PacketError or decodes to a message that encodes and decodes back to
 * itself (a decoded message that could not be encoded again would mean decode let something
 * odd through). Anything else fails the test.
 */
function decodesFaithfullyOrRefuses(buf: Buffer): 'decoded' | 'refused' {
  if (outcome(buf) !== 'ok') return 'refused';
  const m = decodeMessage(buf);
  let again;
  try {
    again = decodeMessage(encodeMessage(m));
  } catch (err) {
    throw new Error(`${buf.toString('hex')}: decoded but does not re-encode: ${String(err)}`);
  }
  expect(again).toEqual(m);
  return 'decoded';
}

function expectPacketError(buf: Buffer, reason?: RegExp) {
  const got = outcome(buf);
  expect(got, `decoded without error: ${buf.toString('hex')}`).toBeInstanceOf(PacketError);
  if (reason) expect((got as PacketError).message).toMatch(reason);
}

const seeds = [fixture('response-compressed.hex'), fixture('nxdomain.hex')];

const rr = (r: Partial<ResourceRecord> & Pick<ResourceRecord, 'name' | 'type' | 'data'>): ResourceRecord => ({
  class: 'IN',
  ttl: 60,
  ...r,
});
const records: ResourceRecord[] = [
  rr({ name: 'a.test', type: 'A', data: '192.0.2.1' }),
  rr({ name: 'a.test', type: 'AAAA', data: '2001:db8::1' }),
  rr({ name: 'c.test', type: 'CNAME', data: 'a.test' }),
  rr({ name: 'test', type: 'MX', data: { preference: 10, exchange: 'mail.test' } }),
  rr({ name: 'test', type: 'TXT', data: [Buffer.from('abc'), Buffer.from('de')] }),
  rr({ name: 'x.test', type: 'SRV', data: { priority: 1, weight: 2, port: 3, target: 't.test' } }),
  rr({ name: 'test', type: 'SOA', data: { mname: 'n.test', rname: 'h.test', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } }),
  rr({ name: 'test', type: 'CAA', data: { flags: 0, tag: 'issue', value: 'ca.test', issuerCritical: false } }),
  rr({ name: 'x.test', type: 'TYPE65280', data: Buffer.from('cafe', 'hex') }),
];
const plain = encodeMessage({ id: 9, flags: { qr: true }, answers: records });

/** A message holding only `record`, and where its RDLENGTH field is. */
function alone(record: ResourceRecord): { buf: Buffer; at: number } {
  return { buf: encodeMessage({ id: 9, answers: [record] }), at: 12 + nameToWire(record.name).length + 8 };
}

describe('the seeds themselves are valid', () => {
  it.each(seeds.map((s, i) => [i, s] as const))('seed %i decodes', (_i, seed) => {
    expect(outcome(seed)).toBe('ok');
  });
  it('the uncompressed record set decodes', () => {
    expect(decodeMessage(plain).answers).toEqual(records);
  });
});

describe('truncations', () => {
  it('every proper prefix of every seed is a PacketError', () => {
    for (const seed of [...seeds, plain]) {
      for (let n = 0; n < seed.length; n++) expectPacketError(seed.subarray(0, n));
    }
  });
  it('a seed with trailing octets is a PacketError', () => {
    for (const seed of [...seeds, plain]) expectPacketError(Buffer.concat([seed, hex('00')]), /after the last record/);
  });
});

describe('wrong RDLENGTHs', () => {
  // A wrong RDLENGTH on the last record always leaves octets missing or over. (In mid-message a
  // wrong RDLENGTH of an opaque field, a CAA value say, can realign into another valid message:
  // no decoder can tell, so those are checked below only for types whose RDATA fixes its length.)
  it.each(records.map((r) => [r.type, r] as const))('%s: every wrong RDLENGTH is a PacketError', (_type, record) => {
    const { buf: good, at } = alone(record);
    const right = good.readUInt16BE(at);
    for (const wrong of [0, right - 2, right - 1, right + 1, right + 2, 0xffff]) {
      if (wrong < 0 || wrong === right) continue;
      const buf = Buffer.from(good);
      buf.writeUInt16BE(wrong, at);
      expectPacketError(buf);
    }
  });

  it.each(['A', 'AAAA', 'CNAME', 'MX', 'SRV', 'SOA'])(
    '%s in mid-message: a wrong RDLENGTH is a PacketError',
    (type) => {
      const record = records.find((r) => r.type === type)!;
      const follower = rr({ name: 'z.test', type: 'A', data: '192.0.2.9' });
      const good = encodeMessage({ id: 9, answers: [record, follower] });
      const at = alone(record).at;
      const right = good.readUInt16BE(at);
      for (const wrong of [0, right - 1, right + 1]) {
        const buf = Buffer.from(good);
        buf.writeUInt16BE(wrong, at);
        expectPacketError(buf);
      }
    },
  );

  it('a TXT record with no character-string at all is refused (RFC 1035 3.3.14)', () => {
    const { buf, at } = alone(records[4]!);
    expectPacketError(Buffer.concat([buf.subarray(0, at), hex('0000')]), /TXT/);
  });

  it('an A record with RDLENGTH 0 is refused, not read as garbage', () => {
    const m = encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'A', data: '192.0.2.1' })] });
    const cut = Buffer.concat([m.subarray(0, m.length - 6), hex('0000')]);
    expectPacketError(cut, /A RDATA is 0 octets long but its contents take 4/);
  });

  it('a truncated AAAA (RDLENGTH 8) is refused, not read as a wrong address', () => {
    const m = encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'AAAA', data: '2001:db8::1' })] });
    const cut = Buffer.concat([m.subarray(0, m.length - 18), hex('0008'), m.subarray(m.length - 16, m.length - 8)]);
    expectPacketError(cut, /AAAA RDATA is 8 octets/);
  });

  it('a TXT string longer than its RDATA is refused', () => {
    const m = encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'TXT', data: [Buffer.from('abc')] })] });
    m[m.length - 4] = 9; // the string's length octet
    expectPacketError(m);
  });

  it('a name in RDATA that runs past RDLENGTH is refused', () => {
    const m = encodeMessage({
      id: 1,
      answers: [rr({ name: 'a', type: 'CNAME', data: 'bb.test' }), rr({ name: 'z', type: 'A', data: '192.0.2.1' })],
    });
    const at = 12 + 3 + 8; // header, "a", type/class/ttl
    m.writeUInt16BE(m.readUInt16BE(at) - 3, at);
    expectPacketError(m);
  });
});

describe('compression pointers', () => {
  const header = (qd: number, an = 0) => hex(`0001 8000 ${qd.toString(16).padStart(4, '0')} ${an.toString(16).padStart(4, '0')} 0000 0000`);
  it.each([
    ['a pointer to itself', 'c00c 0001 0001'],
    ['a forward pointer', 'c010 0001 0001 00'],
    ['a two-step loop', '01 61 c0 0c 0001 0001'],
    ['a pointer into the header', 'c004 0001 0001'],
    ['a pointer beyond the message', 'c0ff 0001 0001'],
    ['a reserved label type (0x40)', '4161 00 0001 0001'],
    ['a reserved label type (0x80)', '8161 00 0001 0001'],
  ])('%s', (_what, body) => {
    expectPacketError(Buffer.concat([header(1), hex(body)]));
  });

  it('a loop between the question and an answer', () => {
    // question name at 12: "a" + pointer to 18 (the answer's name, which points back to 12)
    const buf = Buffer.concat([header(1, 1), hex('0161 c012 0001 0001'), hex('0162 c00c 0001 0001 00000000 0000')]);
    expectPacketError(buf, /does not point backwards/);
  });
});

describe('section rules', () => {
  const opt = hex('00 0029 04d0 00000000 0000');
  it('an OPT record in the answer section', () => {
    const buf = Buffer.concat([hex('0001 8000 0000 0001 0000 0000'), opt]);
    expectPacketError(buf, /OPT record outside the additional section/);
  });
  it('two OPT records', () => {
    const buf = Buffer.concat([hex('0001 8000 0000 0000 0000 0002'), opt, opt]);
    expectPacketError(buf, /more than one OPT/);
  });
  it('an OPT record not owned by the root', () => {
    const buf = Buffer.concat([hex('0001 8000 0000 0000 0000 0001'), hex('0161 00'), opt.subarray(1)]);
    expectPacketError(buf, /root/);
  });
  it('counts that announce more than there is', () => {
    expectPacketError(hex('0001 8000 ffff ffff ffff ffff'));
    expectPacketError(Buffer.concat([hex('0001 8000 0000 0000 0000 0002'), opt]));
  });
  it('non-buffers and oversize input', () => {
    expect(() => decodeMessage('0001' as unknown as Buffer)).toThrow(PacketError);
    expect(() => decodeMessage(Buffer.alloc(65536))).toThrow(/longer than 65535/);
    expect(() => decodeMessage(Buffer.alloc(65536))).toThrow(expect.objectContaining({ tooLong: true }));
    expect(() => decodeMessage(hex('0001 8000 ffff ffff ffff ffff'))).toThrow(expect.objectContaining({ tooLong: false }));
  });
});

describe('fuzz (deterministic)', () => {
  it('random bytes give PacketError, and nothing else escapes', () => {
    const rand = prng(1);
    let decoded = 0;
    for (let i = 0; i < 20000; i++) {
      const len = Math.floor(rand() * 300);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(rand() * 256);
      if (outcome(buf) === 'ok') decoded++;
    }
    expect(decoded).toBe(0);
  });

  it('every single-bit flip of every seed gives a PacketError or a message that re-encodes faithfully', () => {
    for (const seed of [...seeds, plain]) {
      for (let bit = 0; bit < seed.length * 8; bit++) {
        const buf = Buffer.from(seed);
        buf[bit >> 3]! ^= 0x80 >> (bit & 7);
        decodesFaithfullyOrRefuses(buf);
      }
    }
  });

  it('random splices of seeds (structure-aware) give a PacketError or a message that re-encodes faithfully', () => {
    const rand = prng(7);
    const seen = { decoded: 0, refused: 0 };
    for (let i = 0; i < 20000; i++) {
      const seed = seeds[i % seeds.length]!;
      const buf = Buffer.from(seed);
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * buf.length);
        // Favour the octets that matter: lengths, pointers and counts.
        buf[at] = [0x00, 0x01, 0x3f, 0x40, 0xc0, 0xff, Math.floor(rand() * 256)][Math.floor(rand() * 7)]!;
      }
      seen[decodesFaithfullyOrRefuses(buf)]++;
    }
    // The corpus must reach both paths, or it proves little.
    expect(seen.decoded).toBeGreaterThan(1000);
    expect(seen.refused).toBeGreaterThan(1000);
  });
});
