import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { buildQuery } from '../../src/packet/query.js';

describe('buildQuery', () => {
  it('builds a recursive query with one question and no EDNS by default', () => {
    const m = decodeMessage(buildQuery('www.resolvkit.test', 'AAAA'));
    expect(m.opcode).toBe('QUERY');
    expect(m.flags).toMatchObject({ qr: false, rd: true, cd: false, ad: false });
    expect(m.questions).toEqual([{ name: 'www.resolvkit.test', type: 'AAAA', class: 'IN' }]);
    expect(m.edns).toBeUndefined();
  });

  it('writes the same bytes as the general encoder', () => {
    const q = buildQuery('Mixed.Case.test.', 'MX', { id: 77, edns: { do: true }, checkingDisabled: true });
    const general = encodeMessage({
      id: 77,
      flags: { rd: true, cd: true },
      questions: [{ name: 'Mixed.Case.test', type: 'MX', class: 'IN' }],
      edns: { udpPayloadSize: 1232, do: true },
    });
    expect(q).toEqual(general);
  });

  it('adds EDNS with a 1232-octet payload and the DO bit when asked', () => {
    const m = decodeMessage(buildQuery('a.test', 'A', { edns: { do: true } }));
    expect(m.edns).toMatchObject({ udpPayloadSize: 1232, do: true, version: 0 });
    expect(decodeMessage(buildQuery('a.test', 'A', { edns: { udpPayloadSize: 4096 } })).edns!.udpPayloadSize).toBe(4096);
    expect(decodeMessage(buildQuery('a.test', 'A', { edns: true })).edns!.do).toBe(false);
  });

  it('carries EDNS options through the general encoder', () => {
    const m = decodeMessage(buildQuery('a.test', 'A', { edns: { options: [{ code: 10, data: Buffer.alloc(8, 1) }] } }));
    expect(m.edns!.options).toHaveLength(1);
  });

  it('sets RD off, AD and CD, class and opcode as asked', () => {
    const m = decodeMessage(
      buildQuery('a.test', 'TXT', { recursionDesired: false, authenticData: true, checkingDisabled: true, class: 'CH' }),
    );
    expect(m.flags).toMatchObject({ rd: false, ad: true, cd: true });
    expect(m.questions[0]!.class).toBe('CH');
  });

  it('draws IDs at random', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => buildQuery('a.test').readUInt16BE(0)));
    // 1000 draws from 65536 values: about 8 collisions expected; a counter or a constant would fail.
    expect(ids.size).toBeGreaterThan(970);
  });

  it.each([
    ['a..test', /empty label/],
    ['x'.repeat(64), /63/],
    [`${'abcdefg.'.repeat(32)}test`, /255/],
  ])('refuses the name %j with a PacketError', (name, reason) => {
    expect(() => buildQuery(name)).toThrow(PacketError);
    expect(() => buildQuery(name)).toThrow(reason);
  });

  it('refuses unknown types, bad ids and payload sizes', () => {
    expect(() => buildQuery('a.test', 'NOPE')).toThrow(/unknown record type/);
    expect(() => buildQuery('a.test', 'A', { id: 65536 })).toThrow(PacketError);
    expect(() => buildQuery('a.test', 'A', { edns: { udpPayloadSize: 100 } })).toThrow(/512/);
    // The same checks when EDNS options send the query through the general encoder.
    const cookie = [{ code: 10, data: Buffer.alloc(8) }];
    expect(() => buildQuery('a.test', 'A', { edns: { udpPayloadSize: 100, options: cookie } })).toThrow(/512/);
    expect(() => buildQuery('a.test', 'A', { id: 65536, edns: { options: cookie } })).toThrow(PacketError);
    expect(() => buildQuery(42 as unknown as string)).toThrow(PacketError);
  });

  it('accepts TYPEnnn for types without a mnemonic', () => {
    expect(decodeMessage(buildQuery('a.test', 'TYPE65280')).questions[0]!.type).toBe('TYPE65280');
  });
});
