/** base32hex (RFC 4648 section 7) without padding, as NSEC3 writes it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32hex, encodeBase32hex } from '../../src/packet/base32hex.js';

describe('base32hex', () => {
  it("gives RFC 4648's test vectors, without the padding", () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'CO'], ['fo', 'CPNG'], ['foo', 'CPNMU'], ['foob', 'CPNMUOG'], ['fooba', 'CPNMUOJ1'], ['foobar', 'CPNMUOJ1E8']];
    for (const [text, b32] of vectors) {
      expect(encodeBase32hex(Buffer.from(text))).toBe(b32);
      expect(decodeBase32hex(b32)).toEqual(Buffer.from(text));
      expect(decodeBase32hex(b32.toLowerCase())).toEqual(Buffer.from(text));
    }
  });

  it('reads back whatever it writes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(decodeBase32hex(encodeBase32hex(bytes))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('refuses characters outside the alphabet, and text that does not end on whole octets', () => {
    expect(['CPNW', 'CPN=', 'CPNÉ', 'CPNß'].map(decodeBase32hex)).toEqual(['character', 'character', 'character', 'character']);
    // One character over (5 bits), three (15 bits: 7 over), or spare bits that are not zero.
    expect(['C', 'CPN', 'CP'].map(decodeBase32hex)).toEqual(['length', 'length', 'length']);
  });
});
