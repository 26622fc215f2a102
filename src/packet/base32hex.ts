/**
 * RFC 4648 base32hex without padding, as NSEC3 writes hashed owner names (RFC 5155 section 3.3):
 * written in capitals, read in either case (ASCII letters only).
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

// The value of each ASCII character code (either case), -1 for one outside the alphabet.
const VALUE = new Int8Array(128).fill(-1);
for (let v = 0; v < 32; v++) {
  VALUE[ALPHABET.charCodeAt(v)] = v;
  VALUE[ALPHABET.toLowerCase().charCodeAt(v)] = v;
}

/** The octets as base32hex, capitals, no padding. */
export function encodeBase32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/**
 * The octets of unpadded base32hex text; 'character' when it holds one outside the alphabet,
 * 'length' when it does not end on whole octets (more than 4 bits over, or bits over that are
 * not zero: RFC 4648 section 6).
 */
export function decodeBase32hex(text: string): Buffer | 'character' | 'length' {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return 'character';
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits >= 5 || acc !== 0) return 'length';
  return Buffer.from(out);
}
