/**
 * RDATA text as nsupdate reads it (nsupdateRdata over the packet layer's parseRdata): where
 * nsupdate's lexer differs from a zone file's, and the verdicts nsupdate gives in its own words.
 * Each expectation was checked against BIND 9.18.49's nsupdate (`show` of the same line).
 */
import { describe, expect, it } from 'vitest';
import { nsupdateRdata } from '../../src/cli/nsupdate-rdata.js';

const read = (type: string, text: string, rrclass = 'IN') => nsupdateRdata(type, rrclass, text);
const data = (type: string, text: string) => {
  const r = read(type, text);
  if (!r.ok) throw new Error(`${type} ${text}: ${r.reason}`);
  return r.data;
};
const strings = (...s: string[]) => s.map((x) => Buffer.from(x));

describe('nsupdate\'s lexer: no comments, no specials, a quote opens a string only at the start of a token', () => {
  it('a quote inside a word is an ordinary character: a"b" is one string (a zone file reads two)', () => {
    expect(data('TXT', 'a"b"')).toEqual(strings('a"b"'));
    expect(data('TXT', 'x"y z"')).toEqual(strings('x"y', 'z"'));
    expect(data('HINFO', 'a"b c"')).toEqual({ cpu: 'a"b', os: 'c"' });
    expect(data('CNAME', 'a"b.')).toBe('a\\"b');
  });

  it('a quote at the start of a token opens a quoted string, which ends the token', () => {
    expect(data('TXT', '"a b" c')).toEqual(strings('a b', 'c'));
    expect(data('TXT', '"a"b"c"')).toEqual(strings('a', 'b"c"'));
    expect(data('TXT', '"a b"c" d"')).toEqual(strings('a b', 'c"', 'd"'));
    expect(data('TXT', '"a""b"')).toEqual(strings('a', 'b'));
    expect(data('TXT', '"a;b(c)" "d\\"e"')).toEqual(strings('a;b(c)', 'd"e'));
  });

  it('; ( ) are data, and escapes are kept as they are', () => {
    expect(data('TXT', 'a;b (c) d')).toEqual(strings('a;b', '(c)', 'd'));
    expect(data('TXT', 'a\\"b \\"c\\;')).toEqual(strings('a"b', '"c;'));
    // Not a comment: extra text, as nsupdate says (`extra input text`).
    expect(read('MX', '10 mx.example. ; comment')).toMatchObject({ ok: false, reason: expect.stringMatching(/^MX: extra text at the end/) as unknown });
  });

  it('a quoted string that is never closed is refused', () => {
    expect(read('TXT', '"abc')).toMatchObject({ ok: false, reason: expect.stringMatching(/unbalanced quotes/) as unknown });
  });
});

describe('names: the origin is the root, so @ is the root', () => {
  it('reads @ as the root in every name field', () => {
    expect(data('MX', '10 @')).toEqual({ preference: 10, exchange: '.' });
    expect(data('CNAME', '@')).toBe('.');
    expect(data('SRV', '0 0 1 @')).toEqual({ priority: 0, weight: 0, port: 1, target: '.' });
    expect(data('NS', '@')).toBe('.');
  });

  it('keeps \\@ a label, and every other name absolute', () => {
    expect(data('CNAME', '\\@')).toBe('\\@');
    expect(data('CNAME', 'www')).toBe('www');
    expect(data('MX', '10 a.@')).toEqual({ preference: 10, exchange: 'a.\\@' });
  });
});

describe('meta types and type 0: `\\#` is BIND\'s "invalid use of a meta type", other text its `unknown class/type`', () => {
  it.each(['TYPE0', 'OPT', 'TYPE128', 'TYPE200', 'TKEY', 'TSIG', 'AXFR', 'ANY', 'TYPE255'])('%s', (type) => {
    expect(read(type, '\\# 0')).toEqual({ ok: false, reason: 'invalid use of a meta type' });
    expect(read(type, '\\# 2 0000')).toEqual({ ok: false, reason: 'invalid use of a meta type' });
    // Other text is refused too, in BIND's words; TKEY's text BIND reads, and here it is refused in the packet layer's.
    const other = type === 'OPT' ? 'not implemented' : type === 'TKEY' ? 'TKEY: a meta type (or type 0) has no RDATA to read from text' : 'unknown class/type';
    expect(read(type, 'foo')).toEqual({ ok: false, reason: other });
  });

  it('the types next to the range are read', () => {
    expect(read('TYPE127', '\\# 0')).toMatchObject({ ok: true });
    expect(read('TYPE256', '\\# 0')).toMatchObject({ ok: true });
  });
});

describe('classes and DNSSEC mnemonics', () => {
  it('an IN-only type in another class is BIND\'s `unknown class/type`', () => {
    expect(read('SRV', '0 0 1 t.', 'CH')).toEqual({ ok: false, reason: 'unknown class/type' });
    expect(read('A', '192.0.2.1', 'HS')).toEqual({ ok: true, data: '192.0.2.1' });
  });

  it('RDATA too long for a message is BIND\'s `ran out of space`, at the same length as nsupdate', () => {
    const txt = (last: number) => [...Array<string>(255).fill(`"${'a'.repeat(255)}"`), `"${'a'.repeat(last)}"`].join(' ');
    // 255 strings of 256 octets and one of 233 (232 and its length): 65,513 octets of RDATA, one
    // more than a record in a 65,535-octet message holds (12 of header, 1 of owner, 10 of type,
    // class, TTL and length). nsupdate 9.18.49 takes 231 and refuses 232 alike.
    expect(read('TXT', txt(231)).ok).toBe(true);
    expect(read('TXT', txt(232))).toEqual({ ok: false, reason: 'ran out of space' });
  });

  it('reads algorithm, digest type and protocol mnemonics, as nsupdate does', () => {
    expect(data('DS', `12345 RSASHA256 SHA-256 ${'ab'.repeat(32)}`)).toMatchObject({ keyTag: 12345, algorithm: 8, digestType: 2 });
    expect(data('DNSKEY', '257 DNSSEC ED25519 AwEAAag=')).toMatchObject({ flags: 257, algorithm: 15 });
  });

  // What nsupdate 9.18.49 `show`s for `add x.example. 300 DNSKEY FLAGS 3 8 AwEAAQ==`, or refuses
  // (`unknown flag`, `out of range`): dns_keyflags_fromtext, abbreviations and empty parts included.
  it.each([
    ['ZONE', 256],
    ['zone|ksk', 257],
    ['Z', 256],
    ['K', 1],
    ['S', 0],
    ['F', 8192],
    ['N', 16384],
    ['USER', 0],
    ['NOKEY', 49152],
    ['SIG15', 15],
    ['ZONE|', 256],
    ['|ZONE', 16640],
    ['ZONE||KSK', 16641],
    ['1a', 26],
    ['0x101', 257],
    ['0xffff', 65535],
    ['0101', 101],
    ['257', 257],
    ['65535', 65535],
  ])('DNSKEY and CDNSKEY flags %s are %d, as nsupdate reads them', (flags, value) => {
    expect(data('DNSKEY', `${flags} 3 8 AwEAAQ==`)).toMatchObject({ flags: value });
    const cdnskey = data('CDNSKEY', `${flags} 3 8 AwEAAQ==`) as Buffer;
    expect(cdnskey.readUInt16BE(0)).toBe(value);
  });

  it.each(['ZONE|KSK|REVOKE', 'FOO', 'ZONEX', 'R', 'zone|sep', '1zone', 'ZONE|257', '1234567890123', '00000000000001', '65536', '0x10000'])('DNSKEY flags %s: refused, as nsupdate refuses them', (flags) => {
    expect(read('DNSKEY', `${flags} 3 8 AwEAAQ==`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^DNSKEY flags: /) as unknown });
    expect(read('CDNSKEY', `${flags} 3 8 AwEAAQ==`)).toMatchObject({ ok: false });
  });
});

describe('where dnsupdate reads less than nsupdate (docs/nsupdate-differences.md)', () => {
  it('TKEY in its text form: a meta type, refused (nsupdate reads it)', () => {
    expect(read('TKEY', 'gss-tsig. 1577836800 1577923200 3 NOERROR 0 0')).toEqual({ ok: false, reason: 'TKEY: a meta type (or type 0) has no RDATA to read from text' });
  });

  it('a quoted string where a name or number is wanted: refused (nsupdate takes the quotes as characters)', () => {
    expect(read('MX', '10 "mx.example."')).toEqual({ ok: false, reason: 'MX exchange: a quoted string is not allowed here ("mx.example.")' });
  });
});
