/**
 * The lexical forms nsupdate (BIND 9.18) reads, each ported from the BIND function that reads it
 * so that what nsupdate accepts is accepted here, what it refuses is refused, and the reason is
 * the same `isc_result_totext` text nsupdate prints: names (`dns_name_fromtext` with the root as
 * origin), types and classes (`dns_rdatatype_fromtext`, `dns_rdataclass_fromtext`), numbers
 * (`isc_parse_uint32`, `strtol`), TSIG algorithm names (nsupdate's `parse_hmac`) and base64
 * secrets (`isc_base64_decodestring`).
 *
 * Why ports rather than the packet layer's own parsers: those are stricter or laxer in places
 * a script can see (`*` is a type there, `@` is not a name, `CS` is a class), and an nsupdate
 * script must meet the same verdict, with the same words, as under nsupdate.
 *
 * Pure: no I/O.
 */
import { PacketError } from '../errors.js';
import { isMetaType, readName } from '../packet/index.js';

/** A verdict: the value, or the `isc_result_totext` text of the reason. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** isc_result_totext(ISC_R_NOSPACE): BIND's words for a name, RDATA or message that does not fit. */
export const NO_SPACE = 'ran out of space';

/**
 * Whether the packet layer refused `err` for not fitting in a DNS message (its `tooLong`), or
 * refused the error `err` wraps for that (parseRdata's, whose cause is the codec's): where
 * BIND says NO_SPACE.
 */
export function isNoSpace(err: unknown): boolean {
  const packet = err instanceof PacketError ? err : err instanceof Error && err.cause instanceof PacketError ? err.cause : undefined;
  return packet?.tooLong === true;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// names

/** A name as nsupdate holds it: wire form (uncompressed), and the project's presentation form. */
export interface WireName {
  /** Wire form, root label included. */
  wire: Buffer;
  /** Presentation form as the packet layer writes names: no trailing dot, the root is ".". */
  name: string;
}

const MAX_WIRE = 255;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * dns_name_fromtext(name, text, dns_rootname, 0) from lib/dns/name.c: a relative name gets the
 * root appended, `@` alone is the root, `\DDD` and `\X` escapes, labels of 1..63 octets and at
 * most 255 octets in all. The text is taken as its UTF-8 octets (BIND reads bytes).
 * Reasons: `empty label`, `label too long`, `bad escape`, `bad label type` (a `\[` bitstring
 * label), `unexpected end of input`, `ran out of space` (over 255 octets).
 */
export function nameFromText(text: string): Parsed<WireName> {
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(MAX_WIRE);
  let nrem = MAX_WIRE;
  let nused = 0;
  let labelAt = -1;
  let count = 0;
  let value = 0;
  let digits = 0;
  let done = false;
  type State = 'init' | 'start' | 'ordinary' | 'initialescape' | 'escape' | 'escdecimal' | 'at';
  let state: State = 'init';
  let i = 0;
  const put = (b: number) => {
    out[nused++] = b;
    nrem--;
  };

  while (nrem > 0 && i < src.length && !done) {
    const c = src[i++]!;
    const tlen = src.length - i;
    // A switch with fall-through in BIND; here a small loop re-dispatches the same octet.
    let redo = true;
    while (redo) {
      redo = false;
      switch (state) {
        case 'init':
          if (c === 0x2e) {
            if (tlen !== 0) return fail('empty label');
            put(0);
            done = true;
            break;
          }
          if (c === 0x40 && tlen === 0) {
            state = 'at';
            break;
          }
          state = 'start';
          redo = true;
          break;
        case 'start':
          labelAt = nused;
          put(0);
          count = 0;
          if (c === 0x5c) {
            state = 'initialescape';
            break;
          }
          state = 'ordinary';
          if (nrem === 0) return fail(NO_SPACE);
          redo = true;
          break;
        case 'ordinary':
          if (c === 0x2e) {
            if (count === 0) return fail('empty label');
            out[labelAt] = count;
            if (tlen === 0) {
              put(0);
              done = true;
            }
            state = 'start';
          } else if (c === 0x5c) {
            state = 'escape';
          } else {
            if (count >= 63) return fail('label too long');
            count++;
            put(c);
          }
          break;
        case 'initialescape':
          if (c === 0x5b) return fail('bad label type');
          state = 'escape';
          redo = true;
          break;
        case 'escape':
          if (!isDigit(c)) {
            if (count >= 63) return fail('label too long');
            count++;
            put(c);
            state = 'ordinary';
            break;
          }
          digits = 0;
          value = 0;
          state = 'escdecimal';
          redo = true;
          break;
        case 'escdecimal':
          if (!isDigit(c)) return fail('bad escape');
          value = value * 10 + (c - 0x30);
          digits++;
          if (digits === 3) {
            if (value > 255) return fail('bad escape');
            if (count >= 63) return fail('label too long');
            count++;
            put(value);
            state = 'ordinary';
          }
          break;
        case 'at':
          // Only reached with no text left; kept for the shape of BIND's machine.
          break;
      }
    }
  }

  if (!done) {
    if (nrem === 0) return fail(NO_SPACE);
    if (state !== 'ordinary' && state !== 'at') return fail('unexpected end of input');
    if (state === 'ordinary') out[labelAt] = count;
    // The origin (the root): one more octet.
    if (nrem < 1) return fail(NO_SPACE);
    put(0);
  }
  const wire = Buffer.from(out.subarray(0, nused));
  return ok({ wire, name: readName(wire, 0).name });
}

/** The labels of a wire name, root excluded. */
export function wireLabels(wire: Uint8Array): Buffer[] {
  const labels: Buffer[] = [];
  for (let i = 0; i < wire.length && wire[i] !== 0; i += 1 + wire[i]!) {
    labels.push(Buffer.from(wire.subarray(i + 1, i + 1 + wire[i]!)));
  }
  return labels;
}

/** dns_name_format: the name as BIND prints it in messages, without the final dot ("." for the root). */
export function formatWireName(wire: Uint8Array): string {
  return readName(wire, 0).name;
}

// ---------------------------------------------------------------------------------------------
// types and classes

/**
 * Every type name BIND 9.18.49's dns_rdatatype_fromtext knows: the data types (`nsupdate -T`,
 * which lists them from the same table, printed them in this order) and the meta types.
 */
const BIND_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['A', 1], ['NS', 2], ['MD', 3], ['MF', 4], ['CNAME', 5], ['SOA', 6], ['MB', 7], ['MG', 8], ['MR', 9],
  ['NULL', 10], ['WKS', 11], ['PTR', 12], ['HINFO', 13], ['MINFO', 14], ['MX', 15], ['TXT', 16], ['RP', 17],
  ['AFSDB', 18], ['X25', 19], ['ISDN', 20], ['RT', 21], ['NSAP', 22], ['NSAP-PTR', 23], ['SIG', 24],
  ['KEY', 25], ['PX', 26], ['GPOS', 27], ['AAAA', 28], ['LOC', 29], ['NXT', 30], ['EID', 31], ['NIMLOC', 32],
  ['SRV', 33], ['ATMA', 34], ['NAPTR', 35], ['KX', 36], ['CERT', 37], ['A6', 38], ['DNAME', 39], ['SINK', 40],
  ['OPT', 41], ['APL', 42], ['DS', 43], ['SSHFP', 44], ['IPSECKEY', 45], ['RRSIG', 46], ['NSEC', 47],
  ['DNSKEY', 48], ['DHCID', 49], ['NSEC3', 50], ['NSEC3PARAM', 51], ['TLSA', 52], ['SMIMEA', 53], ['HIP', 55],
  ['NINFO', 56], ['RKEY', 57], ['TALINK', 58], ['CDS', 59], ['CDNSKEY', 60], ['OPENPGPKEY', 61], ['CSYNC', 62],
  ['ZONEMD', 63], ['SVCB', 64], ['HTTPS', 65], ['DSYNC', 66], ['HHIT', 67], ['BRID', 68], ['SPF', 99],
  ['UINFO', 100], ['UID', 101], ['GID', 102], ['UNSPEC', 103], ['NID', 104], ['L32', 105], ['L64', 106],
  ['LP', 107], ['EUI48', 108], ['EUI64', 109], ['TKEY', 249], ['TSIG', 250], ['IXFR', 251], ['AXFR', 252],
  ['MAILB', 253], ['MAILA', 254], ['ANY', 255], ['URI', 256], ['CAA', 257], ['AVC', 258], ['DOA', 259],
  ['AMTRELAY', 260], ['RESINFO', 261], ['WALLET', 262], ['TA', 32768], ['DLV', 32769],
];
const TYPE_BY_NAME = new Map(BIND_TYPES.map(([n, v]) => [n, v] as const));

/**
 * strtoul(text, &end, 10) with nothing left over, as BIND's `TYPEnnn` / `CLASSnnn` readers call
 * it: an optional sign, then digits; a minus wraps around (so only `-0` stays in range).
 */
function strtoulWhole(text: string): number | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?)([0-9]+)$/.exec(text);
  if (m === null) return undefined;
  const n = Number(m[2]);
  if (m[1] === '-') return n === 0 ? 0 : undefined;
  return n;
}

/** dns_rdatatype_fromtext: a type's number from its mnemonic (any case) or `TYPEnnn`; `unknown class/type` otherwise. */
export function typeFromText(text: string): Parsed<number> {
  const known = TYPE_BY_NAME.get(text.toUpperCase());
  if (known !== undefined) return ok(known);
  if (text.length > 4 && text.length < 10 && text.slice(0, 4).toUpperCase() === 'TYPE') {
    const n = strtoulWhole(text.slice(4));
    if (n !== undefined && n <= 0xffff) return ok(n);
  }
  return fail('unknown class/type');
}

const CLASS_BY_NAME = new Map<string, number>([
  ['ANY', 255], ['CH', 3], ['CHAOS', 3], ['HS', 4], ['HESIOD', 4], ['IN', 1], ['NONE', 254], ['RESERVED0', 0],
]);

/** dns_rdataclass_fromtext: IN, CH / CHAOS, HS / HESIOD, NONE, ANY, RESERVED0 or `CLASSnnn`; `unknown class/type` otherwise. */
export function classFromText(text: string): Parsed<number> {
  const known = CLASS_BY_NAME.get(text.toUpperCase());
  if (known !== undefined) return ok(known);
  if (text.length > 5 && text.length < 11 && text.slice(0, 5).toUpperCase() === 'CLASS') {
    const n = strtoulWhole(text.slice(5));
    if (n !== undefined && n <= 0xffff) return ok(n);
  }
  return fail('unknown class/type');
}

// ---------------------------------------------------------------------------------------------
// numbers

/**
 * isc_parse_uint32(&n, text, 10): the first character alphanumeric, then decimal digits to the
 * end. `not a valid number` (`1h`, `-1`, `0x10`) or `out of range` (over 2^32 - 1).
 */
export function parseUint32(text: string): Parsed<number> {
  if (!/^[0-9A-Za-z]/.test(text) || !/^[0-9]+$/.test(text)) return fail('not a valid number');
  const n = Number(text);
  return n > 0xffffffff ? fail('out of range') : ok(n);
}

/**
 * strtol(text, &end, 10) as evaluate_server / evaluate_local read a port: undefined when
 * anything is left over (the caller then says "is not numeric"), else the value, which may be
 * out of range (`-1`, `65536`). A leading sign is allowed, as strtol allows it.
 */
export function parseLong(text: string): number | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?[0-9]+)$/.exec(text);
  if (m === null) return undefined;
  return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// TSIG algorithms and secrets

/** A TSIG algorithm as nsupdate's `key` command names it. */
export interface HmacSpec {
  /** BIND's name: hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512. */
  algorithm: string;
  /** The truncated MAC length from an `-BITS` suffix, rounded up to whole octets as BIND does; 0 when absent. */
  digestBits: number;
}

const HMACS: ReadonlyArray<readonly [string, number]> = [
  ['hmac-md5', 128], ['hmac-sha1', 160], ['hmac-sha224', 224], ['hmac-sha256', 256], ['hmac-sha384', 384], ['hmac-sha512', 512],
];

/** isc_parse_uint16(&n, text, 10). */
function parseUint16(text: string): number | undefined {
  const r = parseUint32(text);
  return r.ok && r.value <= 0xffff ? r.value : undefined;
}

/**
 * nsupdate's parse_hmac: `hmac-NAME` or `hmac-NAME-BITS`, any case. The failure is nsupdate's
 * whole message: `unknown key type 'X'` or `digest-bits out of range [0..MAX]`.
 */
export function parseHmac(text: string): Parsed<HmacSpec> {
  // BIND copies the name into a 20-octet buffer and refuses a longer one outright.
  if (Buffer.byteLength(text, 'utf8') >= 20) return fail(`unknown key type '${text}'`);
  const lower = text.toLowerCase();
  for (const [name, max] of HMACS) {
    if (lower === name) return ok({ algorithm: name, digestBits: 0 });
    if (lower.startsWith(name + '-')) {
      const bits = parseUint16(text.slice(name.length + 1));
      if (bits === undefined || bits > max) return fail(`digest-bits out of range [0..${max}]`);
      return ok({ algorithm: name, digestBits: (bits + 7) & ~7 });
    }
  }
  return fail(`unknown key type '${text}'`);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

/**
 * isc_base64_decodestring: blanks, tabs, CR and LF are skipped; the rest must be whole
 * four-character quanta, `=` only as padding at the end, and the unused bits of a padded
 * quantum zero. `bad base64 encoding` otherwise.
 */
export function decodeBase64(text: string): Parsed<Buffer> {
  const out: number[] = [];
  const val: number[] = [];
  let seenEnd = false;
  for (const ch of text) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    const v = BASE64.indexOf(ch);
    if (seenEnd || v < 0) return fail('bad base64 encoding');
    val.push(v);
    if (val.length < 4) continue;
    const [a, b, c, d] = val as [number, number, number, number];
    if (a === 64 || b === 64) return fail('bad base64 encoding');
    if (c === 64 && d !== 64) return fail('bad base64 encoding');
    if (c === 64 && (b & 0xf) !== 0) return fail('bad base64 encoding');
    if (d === 64 && (c & 0x3) !== 0) return fail('bad base64 encoding');
    const n = c === 64 ? 1 : d === 64 ? 2 : 3;
    const c0 = c === 64 ? 0 : c;
    const d0 = d === 64 ? 0 : d;
    if (n !== 3) seenEnd = true;
    const bytes = [((a << 2) | (b >> 4)) & 0xff, ((b << 4) | (c0 >> 2)) & 0xff, ((c0 << 6) | d0) & 0xff];
    out.push(...bytes.slice(0, n));
    val.length = 0;
  }
  if (val.length !== 0) return fail('bad base64 encoding');
  return ok(Buffer.from(out));
}

/** The data types `nsupdate -T` lists, in its order: every named type of BIND's table but the meta types. */
export function bindDataTypeNames(): string[] {
  return BIND_TYPES.filter(([, v]) => !isMetaType(v)).map(([n]) => n);
}
