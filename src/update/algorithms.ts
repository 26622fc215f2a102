/**
 * The TSIG algorithms this package signs and verifies with (RFC 8945 section 6), by their
 * canonical names: the names that go on the wire and into the MAC, lowercase, without a
 * trailing dot. Truncated MACs (BIND's `hmac-sha256-128`) are not separate algorithms here:
 * as in BIND, they are the full algorithm's name with fewer MAC octets (`TsigKey.macBits`).
 */

/** A canonical TSIG algorithm name. */
export type TsigAlgorithm =
  | 'hmac-md5.sig-alg.reg.int'
  | 'hmac-sha1'
  | 'hmac-sha224'
  | 'hmac-sha256'
  | 'hmac-sha384'
  | 'hmac-sha512';

/** What TSIG needs to know about an algorithm. */
export interface TsigAlgorithmInfo {
  /** The node:crypto hash name (`createHmac(hash, key)`). */
  readonly hash: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  /** The full MAC length in octets. */
  readonly digestLength: number;
  /** The name BIND's tools and nsupdate -y accept as a short form (`hmac-md5`), else the canonical name. */
  readonly shortName: string;
}

/** The supported TSIG algorithms, keyed by canonical name. */
export const TSIG_ALGORITHMS: Readonly<Record<TsigAlgorithm, TsigAlgorithmInfo>> = Object.freeze({
  'hmac-md5.sig-alg.reg.int': Object.freeze({ hash: 'md5', digestLength: 16, shortName: 'hmac-md5' }),
  'hmac-sha1': Object.freeze({ hash: 'sha1', digestLength: 20, shortName: 'hmac-sha1' }),
  'hmac-sha224': Object.freeze({ hash: 'sha224', digestLength: 28, shortName: 'hmac-sha224' }),
  'hmac-sha256': Object.freeze({ hash: 'sha256', digestLength: 32, shortName: 'hmac-sha256' }),
  'hmac-sha384': Object.freeze({ hash: 'sha384', digestLength: 48, shortName: 'hmac-sha384' }),
  'hmac-sha512': Object.freeze({ hash: 'sha512', digestLength: 64, shortName: 'hmac-sha512' }),
} as const);

const BY_SPELLING = new Map<string, TsigAlgorithm>();
for (const [canonical, info] of Object.entries(TSIG_ALGORITHMS) as [TsigAlgorithm, TsigAlgorithmInfo][]) {
  BY_SPELLING.set(canonical, canonical);
  BY_SPELLING.set(info.shortName, canonical);
}

/**
 * The canonical name for an algorithm spelled in any case, with or without a trailing dot, in
 * its long or short form (`HMAC-MD5.`, `hmac-md5.sig-alg.reg.int`); undefined when unknown.
 */
export function canonicalAlgorithm(spelling: string): TsigAlgorithm | undefined {
  let s = spelling.toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  return BY_SPELLING.get(s);
}

/**
 * The MAC lengths a key of `algorithm` may be truncated to, in bits, as BIND allows them: a
 * multiple of 8 from max(80, half the digest) to the whole digest.
 */
export function macBitsRange(algorithm: TsigAlgorithm): { least: number; full: number } {
  const full = TSIG_ALGORITHMS[algorithm].digestLength * 8;
  return { least: Math.max(80, full / 2), full };
}

/**
 * The shortest MAC RFC 8945 section 5.2.2.1 lets anyone send for this algorithm: the larger of
 * 10 octets and half the hash (rounded up, as BIND rounds it).
 */
export function minimumMacLength(algorithm: TsigAlgorithm): number {
  return Math.max(10, Math.ceil(TSIG_ALGORITHMS[algorithm].digestLength / 2));
}
