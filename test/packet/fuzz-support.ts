/**
 * What the fuzz suite and the regression corpus hold decodeMessage to, and what they feed it:
 * the seeds (real named replies, captured packets, hand-built TSIG, EDNS and UPDATE messages),
 * the mutations, and a generator of well-formed messages at the wire level.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage, readHeaderAndQuestion } from '../../src/packet/codec.js';
import type { Message, MessageInput, ResourceRecord } from '../../src/packet/types.js';

const here = (path: string) => new URL(`../../${path}`, import.meta.url);
const readHex = (url: URL) => Buffer.from(readFileSync(url, 'utf8').replace(/\s+/g, ''), 'hex');

/** Hex files of a fixtures folder, by file name. */
export function hexFiles(folder: string): Array<[string, Buffer]> {
  return readdirSync(here(folder))
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map((f) => [f, readHex(here(`${folder}/${f}`))]);
}

/**
 * The one property: decodeMessage gives a PacketError and nothing else, or a message that
 * encodes, decodes to the same message and encodes to the same octets again; and the cheap
 * header reader agrees with it. Returns what happened; throws (with the input in hex) otherwise.
 */
export function holdsUp(input: Uint8Array): 'refused' | 'decoded' {
  const buf = Buffer.from(input);
  const fail = (why: string): never => {
    throw new Error(`${why}\n  input: ${buf.toString('hex')}`);
  };
  let m: Message;
  try {
    m = decodeMessage(buf);
  } catch (err) {
    if (!(err instanceof PacketError)) fail(`decodeMessage threw ${String(err)}, not a PacketError`);
    return 'refused';
  }
  let head;
  try {
    head = readHeaderAndQuestion(buf);
  } catch (err) {
    return fail(`decodes, but readHeaderAndQuestion throws ${String(err)}`);
  }
  if (head.id !== m.id || head.opcode !== m.opcode || !isDeepStrictEqual(head.flags, m.flags) || !isDeepStrictEqual(head.question, m.questions[0])) {
    fail('readHeaderAndQuestion disagrees with decodeMessage');
  }
  let wire: Buffer;
  try {
    wire = encodeMessage(m);
  } catch (err) {
    return fail(`decodes, but does not encode again: ${String(err)}`);
  }
  let again: Message;
  try {
    again = decodeMessage(wire);
  } catch (err) {
    return fail(`decodes and encodes, but its encoding does not decode: ${String(err)}\n  encoded: ${wire.toString('hex')}`);
  }
  if (!isDeepStrictEqual(again, m)) {
    fail(`re-encoded, it decodes to another message:\n  first: ${show(m)}\n  again: ${show(again)}`);
  }
  if (!encodeMessage(again).equals(wire)) fail('encoding is not stable');
  return 'decoded';
}

const show = (m: Message) => JSON.stringify(m, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? `<${Buffer.from((v as { data: number[] }).data).toString('hex')}>` : v));

// ---------------------------------------------------------------------------------------------
// seeds

const rr = (name: string, type: string, data: unknown, klass = 'IN', ttl = 300): ResourceRecord => ({ name, type, class: klass, ttl, data });

/** Messages built here for what the captures lack: every type the codec structures, EDNS options, TSIG, UPDATE. */
export const BUILT: MessageInput[] = [
  {
    id: 0x1001,
    flags: { qr: true, aa: true },
    questions: [{ name: 'all.test', type: 'ANY', class: 'IN' }],
    answers: [
      rr('all.test', 'A', '192.0.2.1'),
      rr('all.test', 'AAAA', '2001:db8::1'),
      rr('all.test', 'NS', 'ns.all.test'),
      rr('c.all.test', 'CNAME', 'all.test'),
      rr('d.all.test', 'DNAME', 'other.test'),
      rr('1.2.0.192.in-addr.arpa', 'PTR', 'all.test'),
      rr('all.test', 'MX', { preference: 10, exchange: 'mx.all.test' }),
      rr('all.test', 'TXT', [Buffer.from('v=spf1 -all'), Buffer.from([0, 0xff, 0x80])]),
      rr('all.test', 'HINFO', { cpu: 'PDP-11', os: 'UNIX\xe9' }),
      rr('_s._tcp.all.test', 'SRV', { priority: 1, weight: 2, port: 443, target: 't.all.test' }),
      rr('all.test', 'SOA', { mname: 'ns.all.test', rname: 'h\\.m.all.test', serial: 7, refresh: 3600, retry: 600, expire: 86400, minimum: 60 }),
      rr('all.test', 'CAA', { flags: 0x81, tag: 'issue', value: 'ca.test; x=\xff' }),
      rr('all.test', 'NAPTR', { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '!^.*$!sip:x@y!', replacement: '_sip._udp.all.test' }),
      rr('all.test', 'RP', { mbox: 'admin.all.test', txt: 'info.all.test' }),
      rr('all.test', 'SSHFP', { algorithm: 4, hash: 2, fingerprint: 'AB'.repeat(32) }),
      rr('_443._tcp.all.test', 'TLSA', { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32, 7) }),
      rr('all.test', 'DS', { keyTag: 12345, algorithm: 13, digestType: 2, digest: Buffer.alloc(32, 9) }),
      rr('all.test', 'DNSKEY', { flags: 257, algorithm: 13, key: Buffer.alloc(64, 3) }),
      rr('all.test', 'RRSIG', { typeCovered: 'A', algorithm: 13, labels: 2, originalTTL: 300, expiration: 1700000000, inception: 1690000000, keyTag: 12345, signersName: 'all.test', signature: Buffer.alloc(64, 5) }),
      rr('all.test', 'NSEC', { nextDomain: 'b.all.test', rrtypes: ['A', 'NS', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'NSEC', 'DNSKEY', 'CAA', 'TYPE65280'] }),
      rr('h.all.test', 'NSEC3', { algorithm: 1, flags: 1, iterations: 0, salt: Buffer.from('aabb', 'hex'), nextDomain: Buffer.alloc(20, 1), rrtypes: ['A', 'RRSIG'] }),
      rr('all.test', 'NULL', Buffer.from('raw')),
      rr('all.test', 'SPF', Buffer.from('\x0bv=spf1 -all', 'latin1')),
      rr('all.test', 'URI', Buffer.from('000a0001687474703a2f2f78', 'hex')),
      rr('all.test', 'TYPE65280', Buffer.from('cafe', 'hex')),
    ],
  },
  {
    id: 0x1002,
    flags: { qr: true, rd: true, ra: true, ad: true, cd: true, z: true },
    rcode: 'BADCOOKIE',
    questions: [{ name: 'edns.test', type: 'A', class: 'IN' }],
    edns: {
      udpPayloadSize: 1232,
      do: true,
      flags: 0x10,
      options: [
        { code: 3, data: Buffer.from('ns1') },
        { code: 8, data: Buffer.from('0001180bc00002', 'hex') },
        { code: 8, data: Buffer.from('00023800200100000db8', 'hex') },
        { code: 10, data: Buffer.alloc(24, 1) },
        { code: 11, data: Buffer.from('0064', 'hex') },
        { code: 12, data: Buffer.alloc(8) },
        { code: 14, data: Buffer.from('00010002', 'hex') },
        { code: 15, data: Buffer.from('0012626c6f636b6564', 'hex') },
        { code: 65001, data: Buffer.from('x') },
      ],
    },
  },
  {
    // A signed update (RFC 2136 + RFC 8945): zone, prerequisites with classes ANY and NONE, adds and deletes.
    id: 0x1003,
    opcode: 'UPDATE',
    questions: [{ name: 'dyn.test', type: 'SOA', class: 'IN' }],
    answers: [rr('a.dyn.test', 'ANY', null, 'ANY', 0), rr('b.dyn.test', 'A', null, 'NONE', 0), rr('c.dyn.test', 'TXT', [Buffer.from('x')], 'IN', 0)],
    authorities: [rr('d.dyn.test', 'A', '192.0.2.9', 'IN', 60), rr('e.dyn.test', 'ANY', null, 'ANY', 0), rr('f.dyn.test', 'A', '192.0.2.8', 'NONE', 0)],
    additionals: [
      rr('key.test', 'TSIG', { algorithm: 'hmac-sha256', timeSigned: 1700000000, fudge: 300, mac: Buffer.alloc(32, 0xab), originalId: 0x1003, error: 'NOERROR', other: Buffer.alloc(0) }, 'ANY', 0),
    ],
  },
  {
    // A BADTIME reply: TSIG error with the server's time in "other data"; EDNS too.
    id: 0x1004,
    flags: { qr: true },
    rcode: 'NOTAUTH',
    questions: [{ name: 'dyn.test', type: 'SOA', class: 'IN' }],
    edns: { udpPayloadSize: 4096 },
    additionals: [
      rr('key.test', 'TSIG', { algorithm: 'hmac-md5.sig-alg.reg.int', timeSigned: 1, fudge: 300, mac: Buffer.alloc(16, 1), originalId: 9, error: 'BADTIME', other: Buffer.from('00006553f100', 'hex') }, 'ANY', 0),
    ],
  },
  {
    // A BADSIG reply: empty MAC.
    id: 0x1005,
    flags: { qr: true },
    rcode: 'NOTAUTH',
    questions: [{ name: 'x.test', type: 'A', class: 'CH' }],
    additionals: [rr('k', 'TSIG', { algorithm: 'hmac-sha512', timeSigned: 2 ** 40, fudge: 0, mac: Buffer.alloc(0), originalId: 1, error: 'BADSIG', other: Buffer.alloc(0) }, 'ANY', 0)],
  },
];

/** Every seed: captured replies of named (compressed), the packets fixtures, and BUILT encoded. */
export function seeds(): Buffer[] {
  return [
    ...hexFiles('fixtures/corpus/seeds').map(([, b]) => b),
    ...hexFiles('fixtures/packets').map(([, b]) => b),
    ...BUILT.map((m) => encodeMessage(m)),
  ];
}

// ---------------------------------------------------------------------------------------------
// mutations

type Op =
  | { k: 'flip'; at: number; bit: number }
  | { k: 'byte'; at: number; v: number }
  | { k: 'u16'; at: number; v: number }
  | { k: 'insert'; at: number; bytes: Uint8Array }
  | { k: 'delete'; at: number; n: number }
  | { k: 'cut'; at: number }
  | { k: 'pointer'; at: number; to: number }
  | { k: 'splice'; at: number; from: number; n: number; other: number };

const at = fc.nat();
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('byte' as const),
      at,
      v: fc.oneof(fc.constantFrom(0, 1, 2, 3, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xfe, 0xff), fc.integer({ min: 0, max: 255 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('u16' as const), at, v: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 16, 0x7f, 0xff, 0x100, 0x3fff, 0x7fff, 0xc00c, 0xffff) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), at, n: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cut' as const), at }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pointer' as const), at, to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('splice' as const), at, from: fc.nat(), n: fc.integer({ min: 1, max: 40 }), other: fc.nat() }) },
);

/** Applies mutations to a copy of `seed`; `pool` gives splices their material. */
export function mutate(seed: Buffer, ops: Op[], pool: Buffer[]): Buffer {
  let buf = Buffer.from(seed);
  for (const o of ops) {
    const n = buf.length;
    if (n === 0) break;
    const i = o.at % n;
    switch (o.k) {
      case 'flip':
        buf[i]! ^= 0x80 >> o.bit;
        break;
      case 'byte':
        buf[i] = o.v;
        break;
      case 'u16':
        if (i + 1 < n) buf.writeUInt16BE(o.v, i);
        break;
      case 'insert':
        buf = Buffer.concat([buf.subarray(0, i), o.bytes, buf.subarray(i)]);
        break;
      case 'delete':
        buf = Buffer.concat([buf.subarray(0, i), buf.subarray(i + o.n)]);
        break;
      case 'cut':
        buf = buf.subarray(0, i);
        break;
      case 'pointer':
        // A compression pointer to somewhere before it (or, now and then, anywhere).
        if (i + 1 < n) buf.writeUInt16BE(0xc000 | (o.to % Math.max(1, o.to % 5 === 0 ? n : i)), i);
        break;
      case 'splice': {
        const other = pool[o.other % pool.length]!;
        const from = o.from % Math.max(1, other.length);
        buf = Buffer.concat([buf.subarray(0, i), other.subarray(from, from + o.n), buf.subarray(i + o.n)]);
        break;
      }
    }
  }
  return buf;
}

/** A seed and one to eight mutations of it. */
export function mutants(pool: Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.integer({ min: 0, max: pool.length - 1 }), fc.array(op, { minLength: 1, maxLength: 8 }))
    .map(([s, ops]) => mutate(pool[s]!, ops, pool));
}

// ---------------------------------------------------------------------------------------------
// well-formed messages, built at the wire level (uncompressed, so they must re-encode exactly)

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const cat = (...parts: Array<Uint8Array | number[]>) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const be16 = (v: number) => [v >> 8, v & 0xff];

/** A name of 0 to 4 labels of any octets (escapes of every kind come out of it), uncompressed. */
const wireName = fc
  .array(fc.oneof(bytes(1, 10), fc.constantFrom(Buffer.from('a'), Buffer.from('xn--caf-dma'), Buffer.from('*'), Buffer.from('a.b'), Buffer.from([0]))), { maxLength: 4 })
  .map((labels) => cat(...labels.flatMap((l) => [[l.length], l]), [0]));
const charString = (max: number) => bytes(0, max).map((s) => cat([s.length], s));

/** A type bitmap in the one canonical form (windows ascending, no trailing zero octets). */
function bitmap(types: number[]): Buffer {
  const sorted = [...new Set(types)].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    const w = sorted[i]! >> 8;
    const octets: number[] = [];
    for (; i < sorted.length && sorted[i]! >> 8 === w; i++) {
      const low = sorted[i]! & 0xff;
      while (octets.length <= low >> 3) octets.push(0);
      octets[low >> 3]! |= 0x80 >> (low & 7);
    }
    out.push(w, octets.length, ...octets);
  }
  return Buffer.from(out);
}
const typeSet = (min: number) => fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), u16), { minLength: min, maxLength: 8 }).map(bitmap);
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Well-formed RDATA for each type number. */
const RDATA: Record<number, fc.Arbitrary<Buffer>> = {
  1: bytes(4, 4).map((b) => Buffer.from(b)),
  2: wireName,
  5: wireName,
  6: fc.tuple(wireName, wireName, bytes(20, 20)).map(([a, b, c]) => cat(a, b, c)),
  10: bytes(0, 30).map((b) => Buffer.from(b)),
  12: wireName,
  13: fc.tuple(charString(12), charString(12)).map(([a, b]) => cat(a, b)),
  15: fc.tuple(u16, wireName).map(([p, n]) => cat(be16(p), n)),
  16: fc.array(charString(40), { minLength: 1, maxLength: 4 }).map((s) => cat(...s)),
  17: fc.tuple(wireName, wireName).map(([a, b]) => cat(a, b)),
  28: bytes(16, 16).map((b) => Buffer.from(b)),
  33: fc.tuple(bytes(6, 6), wireName).map(([a, b]) => cat(a, b)),
  35: fc.tuple(bytes(4, 4), charString(8), charString(8), charString(20), wireName).map((p) => cat(...p)),
  39: wireName,
  43: fc.tuple(bytes(4, 4), bytes(0, 40)).map(([a, b]) => cat(a, b)),
  44: fc.tuple(u8, fc.constantFrom(1, 2)).chain(([alg, h]) => bytes(h === 1 ? 20 : 32, h === 1 ? 20 : 32).map((fp) => cat([alg, h], fp))),
  46: fc.tuple(bytes(18, 18), wireName, bytes(0, 40)).map(([a, b, c]) => cat(a, b, c)),
  47: fc.tuple(wireName, typeSet(1)).map(([a, b]) => cat(a, b)),
  48: fc.tuple(u16, u8, bytes(0, 40)).map(([f, a, k]) => cat(be16(f), [3, a], k)),
  50: fc.tuple(bytes(4, 4), charString(10), bytes(1, 32), typeSet(0)).map(([h, salt, hash, types]) => cat(h, salt, [hash.length], hash, types)),
  52: fc.tuple(bytes(3, 3), bytes(0, 40)).map(([a, b]) => cat(a, b)),
  99: fc.array(charString(20), { minLength: 1, maxLength: 3 }).map((s) => cat(...s)),
  257: fc
    .tuple(u8, fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 15 }), bytes(0, 30))
    .map(([flags, tag, value]) => cat([flags, tag.length], Buffer.from(tag, 'latin1'), value)),
  65280: bytes(0, 30).map((b) => Buffer.from(b)),
};
const RDATA_TYPES = Object.keys(RDATA).map(Number);

const recordOf = (klass: fc.Arbitrary<number>) =>
  fc.tuple(wireName, fc.constantFrom(...RDATA_TYPES), klass, fc.integer({ min: 0, max: 0x7fffffff })).chain(([name, type, k, ttl]) =>
    RDATA[type]!.map((rdata) => {
      const head = Buffer.alloc(10);
      head.writeUInt16BE(type, 0);
      head.writeUInt16BE(k, 2);
      head.writeUInt32BE(ttl, 4);
      head.writeUInt16BE(rdata.length, 8);
      return cat(name, head, rdata);
    }),
  );
const record = recordOf(fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: u16.filter((c) => c !== 254 && c !== 255) }));
/** An RFC 2136 record with no RDATA: class ANY or NONE, RDLENGTH 0. */
const emptyRecord = fc
  .tuple(wireName, u16.filter((t) => t !== 41 && t !== 250), fc.constantFrom(254, 255))
  .map(([name, type, k]) => cat(name, be16(type), be16(k), [0, 0, 0, 0, 0, 0]));
const anyRecord = fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: emptyRecord });

const option = fc.oneof(
  fc.tuple(fc.constantFrom(8), bytes(4, 12)),
  fc.tuple(fc.constantFrom(10), bytes(8, 40)),
  fc.tuple(fc.constantFrom(11), fc.oneof(bytes(0, 0), bytes(2, 2))),
  fc.tuple(fc.constantFrom(12), fc.integer({ min: 0, max: 16 }).map((n) => new Uint8Array(n))),
  fc.tuple(fc.constantFrom(14), fc.integer({ min: 0, max: 4 }).chain((n) => bytes(2 * n, 2 * n))),
  fc.tuple(u16.filter((c) => c !== 8 && c !== 11 && c !== 14), bytes(0, 12)),
).map(([code, data]) => cat(be16(code), be16(data.length), data));
const opt = fc
  .tuple(u16, u8, u8, u16, fc.array(option, { maxLength: 4 }))
  .map(([size, ext, version, flags, options]) => {
    const data = cat(...options);
    return cat([0], be16(41), be16(size), [ext, version], be16(flags), be16(data.length), data);
  });
const tsig = fc
  .tuple(wireName, wireName, bytes(6, 6), u16, bytes(0, 64), u16, u16, bytes(0, 8))
  .map(([owner, alg, time, fudge, mac, id, error, other]) => {
    const rdata = cat(alg, time, be16(fudge), be16(mac.length), mac, be16(id), be16(error), be16(other.length), other);
    return cat(owner, be16(250), be16(255), [0, 0, 0, 0], be16(rdata.length), rdata);
  });
const question = fc.tuple(wireName, u16, u16).map(([n, t, c]) => cat(n, be16(t), be16(c)));

/** A well-formed, uncompressed message: decodeMessage must read it, and encodeMessage write it back to the same octets. */
export const wellFormed: fc.Arbitrary<Buffer> = fc
  .tuple(
    u16,
    u16,
    fc.array(question, { maxLength: 2 }),
    fc.array(anyRecord, { maxLength: 4 }),
    fc.array(anyRecord, { maxLength: 3 }),
    fc.option(opt),
    fc.array(anyRecord, { maxLength: 3 }),
    fc.option(tsig),
  )
  .map(([id, flags, qs, an, ns, o, ar, t]) => {
    // The OPT record first among the additionals and TSIG last: where encodeMessage puts them.
    const additionals = [...(o === null ? [] : [o]), ...ar, ...(t === null ? [] : [t])];
    return cat(be16(id), be16(flags), be16(qs.length), be16(an.length), be16(ns.length), be16(additionals.length), ...qs, ...an, ...ns, ...additionals);
  });
