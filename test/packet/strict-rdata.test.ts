/**
 * RDATA held to what its fields really take, and encodeMessage held to writing only what reads
 * back the same. Each case here was wrong before rdata.ts: decoded into other data, encoded
 * into other octets, or changed the caller's input. Expectations for the wire forms are
 * dnspython 2.3's (dns.rdata.from_wire / to_text) and BIND 9.18's (typemap_test,
 * fromwire_caa, fromwire_opt), which agree on each.
 */
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { formatRdata } from '../../src/packet/presentation.js';
import { parseRdata } from '../../src/packet/rdata-text.js';
import type { Message, MessageInput, ResourceRecord } from '../../src/packet/types.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const rr = (name: string, type: string, data: unknown, klass = 'IN'): ResourceRecord => ({ name, type, class: klass, ttl: 60, data });

/** The A record "z" 192.0.2.1, in wire form: what follows a record under test. */
const FOLLOWER = hex('01 7a 00 0001 0001 0000003c 0004 c0000201');

/** A reply with one answer of `type` owned by the root with RDATA `rdata`, then FOLLOWER (unless alone). */
function withRdata(type: number, rdata: Buffer, alone = false): Buffer {
  const head = hex(`0001 8400 0000 ${alone ? '0001' : '0002'} 0000 0000`);
  const rrHead = Buffer.alloc(11);
  rrHead.writeUInt16BE(type, 1);
  rrHead.writeUInt16BE(1, 3);
  rrHead.writeUInt32BE(60, 5);
  rrHead.writeUInt16BE(rdata.length, 9);
  return Buffer.concat([head, rrHead, rdata, alone ? Buffer.alloc(0) : FOLLOWER]);
}

function refused(wire: Buffer, reason?: RegExp): PacketError {
  let error: unknown;
  let decoded: Message | undefined;
  try {
    decoded = decodeMessage(wire);
  } catch (err) {
    error = err;
  }
  expect(decoded, `decoded: ${JSON.stringify(decoded?.answers)}`).toBeUndefined();
  expect(error).toBeInstanceOf(PacketError);
  if (reason) expect((error as PacketError).message).toMatch(reason);
  return error as PacketError;
}

const only = (wire: Buffer) => decodeMessage(wire).answers[0]!.data as Record<string, unknown>;
/** The RDATA octets encodeMessage writes for one record owned by the root. */
const rdataOf = (type: string, data: unknown) => encodeMessage({ id: 1, answers: [rr('.', type, data)] }).subarray(12 + 11);

function encodeRefused(message: MessageInput, reason: RegExp): void {
  expect(() => encodeMessage(message)).toThrow(PacketError);
  expect(() => encodeMessage(message)).toThrow(reason);
}

describe('RDATA is read only within RDLENGTH, and must fill it', () => {
  it('SRV with RDLENGTH 4 is refused, not read on into the next record (port 49252, target ".")', () => {
    refused(withRdata(33, hex('0001 0002')), /SRV RDATA of 4 octets is too short/);
    // One more octet: the target's first octet is there, the rest of it is the next record's.
    refused(withRdata(33, hex('0001 0002 0003 01')));
  });

  it('NS, SRV and NAPTR whose RDATA is longer than their fields are refused', () => {
    refused(withRdata(2, hex('00 0000')), /NS RDATA is 3 octets long but its contents take 1/);
    refused(withRdata(33, hex('0001 0002 0003 00 ff')), /SRV RDATA is 8 octets long but its contents take 7/);
    refused(withRdata(35, hex('0001 0002 00 00 00 00 ff')), /NAPTR RDATA is 9 octets long but its contents take 8/);
  });

  it.each([
    ['NS', 2, ''],
    ['CNAME', 5, ''],
    ['DNAME', 39, ''],
    ['PTR', 12, ''],
    ['MX', 15, '000a'],
    ['SOA', 6, ''],
    ['RP', 17, ''],
    ['SRV', 33, '0001 0002 0003'],
    ['NAPTR', 35, '0001 0002 00 00 00'],
    ['NSEC', 47, ''],
    ['RRSIG', 46, '0001 08 02 00000e10 00000000 00000000 0001'],
  ])('%s: a name that runs on past RDLENGTH into the next record is refused', (_type, type, before) => {
    // The name's first label (length 3) would take the next record's owner "z" and more.
    // (dns-packet's NS, SRV and NAPTR took that; the others were refused already, and stay so.)
    refused(withRdata(type, hex(`${before} 03`)));
  });

  it('a name in RDATA cannot reach past its RDATA through a pointer either', () => {
    // Question "a"; the answer is a CNAME whose TTL ends in 0x08 and whose RDATA is a pointer to
    // that octet: as a label of 8 it would take RDLENGTH, the pointer and the next owner "abc".
    const wire = hex(
      '0001 8400 0001 0002 0000 0000' + '0161 00 0001 0001' +
      'c00c 0005 0001 00000008 0002 c01c' + '03616263 00 0001 0001 0000003c 0004 c0000201',
    );
    refused(wire, /runs past the end/);
  });

  it('CAA: a tag past RDLENGTH, an empty tag and a tag of other than letters and digits are refused (BIND, dnspython)', () => {
    refused(withRdata(257, hex('00 05')), /CAA tag runs past its RDATA/);
    refused(withRdata(257, hex('00 00 6361'), true), /CAA tag is empty/);
    refused(withRdata(257, hex('00 03 692d73 6361'), true), /not an ASCII letter or digit/);
    refused(withRdata(257, hex('00'), true), /shorter than its flags and tag length/);
  });

  it('HINFO strings must fill RDATA exactly', () => {
    refused(withRdata(13, hex('01 61')), /HINFO OS missing/);
    refused(withRdata(13, hex('01 61 05 62')), /HINFO OS runs past its RDATA/);
    refused(withRdata(13, hex('01 61 01 62 00')), /HINFO RDATA is 5 octets long but its contents take 4/);
  });

  it('EDNS CLIENT-SUBNET shorter than 4 octets is refused, not read from the next option', () => {
    const opt = (options: string) => {
      const rdata = hex(options);
      const rrHead = Buffer.alloc(11);
      rrHead.writeUInt16BE(41, 1);
      rrHead.writeUInt16BE(1232, 3);
      rrHead.writeUInt16BE(rdata.length, 9);
      return Buffer.concat([hex('0001 8000 0000 0000 0000 0001'), rrHead, rdata]);
    };
    // Before: family 0xfde9 and prefixes read from the COOKIE option that follows.
    refused(opt('0008 0002 0001' + '000a 0008 0102030405060708'), /CLIENT-SUBNET option of 2 octets/);
    refused(opt('0008 0000'), /CLIENT-SUBNET option of 0 octets/);
    refused(opt('000b 0001 00' + '000c 0000'), /TCP-KEEPALIVE option of 1 octets/);
    refused(opt('000e 0003 000100'), /KEY-TAG option of 3 octets/);
    refused(opt('000a 0009 0102'), /runs past the OPT RDATA/);
    // The shortest well-formed ones still read.
    expect(decodeMessage(opt('0008 0004 0001 0000')).edns!.options[0]).toMatchObject({ code: 8, family: 1, sourcePrefixLength: 0 });
    expect(decodeMessage(opt('000b 0000')).edns!.options[0]).toMatchObject({ code: 11 });
  });

  it('SSHFP of a fingerprint type the codec cannot size is refused with a reason', () => {
    refused(withRdata(44, hex('01 03 0011'), true), /SSHFP fingerprint type 3 cannot be read/);
  });
});

describe('NSEC and NSEC3 type bitmaps, as BIND checks them', () => {
  const nsec = (bitmap: string) => withRdata(47, hex(`00 ${bitmap}`), true);
  it('windows out of order or repeated are refused (they would re-encode in another order)', () => {
    refused(nsec('0101c0 000140'), /out of order or repeated/);
    refused(nsec('000140 000120'), /out of order or repeated/);
  });
  it('windows of 0 or more than 32 octets, or ending in a zero octet, are refused', () => {
    refused(nsec('0000'), /window of 0 octets/);
    refused(nsec(`0021${'01'.repeat(33)}`), /window of 33 octets/);
    refused(nsec('00024000'), /ends in a zero octet/);
    refused(nsec('0002 40'), /runs past its RDATA/);
    refused(nsec('00'), /inside a window header/);
  });
  it('an NSEC without types is refused; an NSEC3 without types is an empty non-terminal', () => {
    refused(nsec(''), /NSEC type bitmap is empty/);
    const nsec3 = withRdata(50, hex('01 00 0000 00 01 aa'), true);
    expect(only(nsec3)).toMatchObject({ algorithm: 1, iterations: 0, rrtypes: [] });
    refused(withRdata(50, hex('01 00 0000 00 00'), true), /next hashed owner is empty/);
  });
  it('types decode in order, in this package\'s names, and encode from any order back to the same octets', () => {
    const wire = nsec('000140 0101c0');
    expect(only(wire)).toEqual({ nextDomain: '.', rrtypes: ['A', 'URI', 'CAA'] });
    expect(rdataOf('NSEC', { nextDomain: '.', rrtypes: ['CAA', 'A', 'URI', 'A'] }).toString('hex')).toBe('00000140' + '0101c0');
    expect(rdataOf('NSEC', { nextDomain: '.', rrtypes: ['UNKNOWN_257', 'TYPE1', 'uri'] }).toString('hex')).toBe('00000140' + '0101c0');
  });
  it('a type name that is not one is refused, not written as type 0', () => {
    encodeRefused({ answers: [rr('.', 'NSEC', { nextDomain: '.', rrtypes: ['A', 'NOPE'] })] }, /"NOPE" is not a record type/);
  });
});

describe('encodeMessage writes only what reads back the same', () => {
  it.each([
    ['TXT', ['x'.repeat(256)]],
    ['TXT', [Buffer.alloc(300)]],
    ['HINFO', { cpu: 'x'.repeat(256), os: 'y' }],
    ['NAPTR', { order: 1, preference: 1, flags: 'S', services: 's'.repeat(300), regexp: '', replacement: '.' }],
  ])('%s: a string over 255 octets is refused (it wrote a wrapped length octet)', (type, data) => {
    encodeRefused({ answers: [rr('a', type, data)] }, /at most 255/);
  });

  it('CAA: a tag of 300 octets is refused (it encoded into a different valid record), and so is any tag BIND would not read', () => {
    encodeRefused({ answers: [rr('a', 'CAA', { flags: 0, tag: 'a'.repeat(300), value: 'v' })] }, /tag must be 1 to 255/);
    encodeRefused({ answers: [rr('a', 'CAA', { flags: 0, tag: '', value: 'v' })] }, /tag must be 1 to 255/);
    encodeRefused({ answers: [rr('a', 'CAA', { flags: 0, tag: 'is-sue', value: 'v' })] }, /tag must be 1 to 255/);
  });

  it('TXT needs at least one string (an empty TXT RDATA does not decode)', () => {
    encodeRefused({ answers: [rr('a', 'TXT', [])] }, /at least one string/);
  });

  it('numeric fields dns-packet would write as 0 or cut are refused', () => {
    encodeRefused({ answers: [rr('a', 'DNSKEY', { algorithm: 13, key: Buffer.alloc(4) })] }, /flags must be a whole number/);
    encodeRefused({ answers: [rr('a', 'SSHFP', { algorithm: 300, hash: 1, fingerprint: 'ab'.repeat(20) })] }, /algorithm must be a whole number from 0 to 255/);
    encodeRefused({ answers: [rr('a', 'DS', { keyTag: 1.5, algorithm: 8, digestType: 2, digest: Buffer.alloc(32) })] }, /keyTag/);
    const tsig = { algorithm: 'hmac-sha256', timeSigned: 1, mac: Buffer.alloc(0), originalId: 1, error: 'NOERROR', other: Buffer.alloc(0) };
    encodeRefused({ additionals: [rr('k', 'TSIG', tsig, 'ANY')] }, /TSIG fudge must be a whole number/);
  });

  it('RRSIG covering a type dns-packet has no name for keeps its number (it wrote 0)', () => {
    const data = { typeCovered: 'TYPE65280', algorithm: 13, labels: 1, originalTTL: 60, expiration: 2, inception: 1, keyTag: 7, signersName: '.', signature: Buffer.from([1]) };
    expect(rdataOf('RRSIG', data).readUInt16BE(0)).toBe(65280);
    expect(rdataOf('RRSIG', { ...data, typeCovered: 'SMIMEA' }).readUInt16BE(0)).toBe(53);
    const wire = encodeMessage({ id: 1, answers: [rr('.', 'RRSIG', data)] });
    expect(decodeMessage(wire).answers[0]!.data).toMatchObject({ typeCovered: 'TYPE65280' });
  });

  it('never changes its input, and encodes frozen (cached) records', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o !== null && typeof o === 'object' && !Buffer.isBuffer(o)) {
        for (const v of Object.values(o)) deepFreeze(v);
        Object.freeze(o);
      }
      return o;
    };
    const build = (): MessageInput => ({
      id: 7,
      answers: [
        rr('a', 'TXT', ['text', Buffer.from('octets')]),
        rr('a', 'TXT', 'one string'),
        rr('a', 'CAA', { flags: 0x81, tag: 'issue', value: 'ca.example', issuerCritical: true }),
        rr('a', 'CAA', { tag: 'iodef', value: 'mailto:x@example', issuerCritical: true }),
        rr('a', 'HINFO', { cpu: 'c', os: 'o' }),
        rr('a', 'NSEC', { nextDomain: 'b', rrtypes: ['MX', 'A'] }),
        rr('a', 'SRV', { priority: 1, weight: 2, port: 3, target: 't' }),
      ],
      edns: { options: [{ code: 10, data: Buffer.from('0102030405060708', 'hex') }] },
    });
    const input = build();
    const wire = encodeMessage(input);
    expect(input).toEqual(build());
    expect(encodeMessage(deepFreeze(build()))).toEqual(wire);
    const caa = decodeMessage(wire).answers.filter((r) => r.type === 'CAA').map((r) => r.data);
    expect(caa).toEqual([
      { flags: 0x81, tag: 'issue', value: 'ca.example', issuerCritical: true },
      { flags: 0x80, tag: 'iodef', value: 'mailto:x@example', issuerCritical: true },
    ]);
  });

  it('CAA flags keep every bit (0xc1 came back 0x80 through issuerCritical); flags and issuerCritical may not disagree', () => {
    const wire = withRdata(257, hex('c1 05 6973737565 63612e74657374'), true);
    const data = only(wire);
    expect(data).toEqual({ flags: 0xc1, tag: 'issue', value: 'ca.test', issuerCritical: true });
    expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
    expect(formatRdata({ type: 'CAA', data })).toBe('193 issue "ca.test"'); // dnspython's text
    encodeRefused({ answers: [rr('a', 'CAA', { flags: 0x01, tag: 'issue', value: 'x', issuerCritical: true })] }, /issuerCritical says true/);
  });

  it('a TSIG error above 4095 decodes and encodes back (the field has 16 bits)', () => {
    const tsig = { algorithm: 'hmac-sha256', timeSigned: 1, fudge: 300, mac: Buffer.alloc(0), originalId: 1, error: 'NOERROR', other: Buffer.alloc(0) };
    const wire = encodeMessage({ id: 1, additionals: [rr('k', 'TSIG', tsig, 'ANY')] });
    wire.writeUInt16BE(5000, wire.length - 4);
    const m = decodeMessage(wire);
    expect(m.additionals[0]!.data.error).toBe('RCODE5000');
    expect(encodeMessage(m)).toEqual(wire);
    wire.writeUInt16BE(65535, wire.length - 4);
    expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
  });
});

describe('HINFO, CAA and NAPTR strings keep every octet', () => {
  // The decoded forms and dnspython's text for the same octets: "\128" "\255A\233", ...
  it.each([
    ['HINFO', '0180 03ff41e9', { cpu: '\x80', os: '\xffA\xe9' }, '"\\128" "\\255A\\233"'],
    ['CAA', '00 05 6973737565 ff00e9', { flags: 0, tag: 'issue', value: '\xff\x00\xe9', issuerCritical: false }, '0 issue "\\255\\000\\233"'],
    ['NAPTR', '000a0014 01c1 00 00 00', { order: 10, preference: 20, flags: '\xc1', services: '', regexp: '', replacement: '.' }, '10 20 "\\193" "" "" .'],
  ] as const)('%s %s', (type, rdata, data, text) => {
    const typeNumber = { HINFO: 13, CAA: 257, NAPTR: 35 }[type];
    const wire = withRdata(typeNumber, hex(rdata), true);
    expect(only(wire)).toEqual(data);
    expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
    expect(formatRdata({ type, data })).toBe(text);
    expect(rdataOf(type, parseRdata(type, text)).toString('hex')).toBe(rdata.replace(/\s+/g, ''));
  });

  it('a Uint8Array is written as its octets; a string with a character above U+00FF is refused', () => {
    expect(rdataOf('HINFO', { cpu: Buffer.from('c3a9', 'hex'), os: '' }).toString('hex')).toBe('02c3a900');
    encodeRefused({ answers: [rr('a', 'HINFO', { cpu: '€', os: 'x' })] }, /above U\+00FF/);
    encodeRefused({ answers: [rr('a', 'CAA', { flags: 0, tag: 'issue', value: 'café €' })] }, /above U\+00FF/);
  });
});
