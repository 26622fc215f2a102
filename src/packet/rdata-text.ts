/**
 * parseRdata: the RDATA of one record in presentation format (RFC 1035 section 5.1, as BIND's
 * zone files and nsupdate read it; RFC 3597's `\# length hex` for any type) to the `data` shape
 * encodeMessage writes. It is the inverse of formatRdata: the text formatRdata prints for a
 * record reads back here to data that encodes to the same RDATA octets.
 *
 * Why so strict: the text comes from a person or a script (an update, a zone line), and a typo
 * that turned into a different record on the wire would be worse than an error. So it refuses
 * what BIND 9.18's dns_rdata_fromtext refuses (checked with named-checkzone and nsupdate):
 * numbers out of range, leading `+`, non-dotted-quad A data, strings over 255 octets, CAA tags
 * that are not letters and digits, NAPTR regexps without their three delimiters, DS digests and
 * SSHFP fingerprints of the wrong length for their digest type, extra text at the end.
 *
 * Names: escapes (`\.`, `\DDD`) follow names.ts. Without an origin every name is absolute,
 * with or without its trailing dot, and a bare `@` is refused rather than guessed at (a zone
 * file reads it as the origin, nsupdate as the root): write `.` for the root, or `\@` for a
 * label that is an at sign. With one ({@link ParseRdataOptions.origin}) names read as in a
 * zone file: `@` is the origin, and a name without its trailing dot is relative to it.
 *
 * Numbers in the DNSSEC fields may be BIND's mnemonics, as dns_secalg_fromtext,
 * dns_dsdigest_fromtext and dns_secproto_fromtext read them (lib/dns/rcode.c): `RSASHA256`,
 * `SHA-256`, `DNSSEC`, in any case; DNSKEY and CDNSKEY flags as dns_keyflags_fromtext reads
 * them: `ZONE|KSK`, or a number in decimal or else hexadecimal (`257`, `0x101`, `1a`).
 *
 * Pure: no I/O. Every error is an ArgumentError naming the type and the field, since bad text
 * is the caller's input, not a malformed message (PacketError means a bad reply: EBADRESP).
 */
import { ArgumentError, PacketError } from '../errors.js';
import { formatIPv6, parseInetPton4, parseInetPton6 } from './address.js';
import { decodeBase32hex } from './base32hex.js';
import { decodeMessage, encodeMessage } from './codec.js';
import { typeName, typeNumber } from './constants.js';
import { hasTrailingDot, presentationName } from './names.js';
import type { ResourceRecord } from './types.js';

/** The data of a record, in the shape encodeMessage takes for its type. */
export type RdataValue = ResourceRecord['data'];

// ---------------------------------------------------------------------------------------------
// the lexer: BIND's master-file tokens for one RDATA

interface Token {
  /** The token as written, escapes and all (without the quotes of a quoted string). */
  raw: string;
  quoted: boolean;
}

const fail = (message: string): never => {
  throw new ArgumentError(message);
};

/**
 * Splits RDATA text into tokens as BIND's lexer does for a zone file (lib/dns/master.c makes
 * `(`, `)` and `"` special): blanks separate, `"..."` is one token (and also ends the word
 * before it: `a"b"` is two), `( )` group lines and are dropped, `;` after a blank starts a
 * comment, and a backslash keeps the next character from being any of these. A `;` right
 * after a word is refused, where a zone file would end the word there and drop the rest. (nsupdate's lexer has none of
 * them special, `"` only opening a token: dnsupdate escapes them before they reach here.)
 */
function tokenize(type: string, text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) tokens.push({ raw: word, quoted: false });
    word = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      if (i + 1 >= text.length) fail(`${type}: the text ends with a lone backslash`);
      word = (word ?? '') + c + text[++i];
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\n' || c === '\r') {
      endWord();
      if (depth === 0) fail(`${type}: a line break outside parentheses ends the record: ${JSON.stringify(text)}`);
    } else if (c === '(') {
      endWord();
      depth++;
    } else if (c === ')') {
      endWord();
      if (--depth < 0) fail(`${type}: ")" without "(" in ${JSON.stringify(text)}`);
    } else if (c === ';') {
      // A zone file ends the word here and drops the rest of the line. Right after a word, with
      // no blank before it, that is nearly always data lost (an SPF or DKIM text written
      // unquoted: v=DKIM1; k=rsa; p=...), so it is refused rather than cut.
      if (word !== undefined) {
        const rest = text.slice(i + 1).split('\n', 1)[0]!.trim();
        fail(`${type}: the ";" after "${word}" would start a comment and drop ${rest === '' ? 'nothing but itself' : `"${rest}"`}: quote the text or write the ";" as "\\;" (a comment needs a blank before it)`);
      }
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"') {
      endWord();
      let raw = '';
      for (i++; ; i++) {
        if (i >= text.length || text[i] === '\n') fail(`${type}: unbalanced quotes in ${JSON.stringify(text)}`);
        const q = text[i]!;
        if (q === '"') break;
        if (q === '\\') {
          if (i + 1 >= text.length) fail(`${type}: unbalanced quotes in ${JSON.stringify(text)}`);
          raw += q + text[++i];
        } else {
          raw += q;
        }
      }
      tokens.push({ raw, quoted: true });
    } else {
      word = (word ?? '') + c;
    }
  }
  endWord();
  if (depth !== 0) fail(`${type}: "(" without ")" in ${JSON.stringify(text)}`);
  return tokens;
}

/** The octets of a <character-string> token: `\DDD` is one octet, `\X` is X, other text is UTF-8. */
function stringOctets(raw: string, what: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.codePointAt(i)!;
    if (code === 0x5c) {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]/.test(d)) {
        if (!/^[0-9]{3}$/.test(d)) fail(`${what}: bad escape "\\${d}": \\DDD needs three digits`);
        const n = Number(d);
        if (n > 255) fail(`${what}: bad escape "\\${d}": over 255`);
        out.push(n);
        i += 3;
        continue;
      }
      i++;
      const next = raw.codePointAt(i)!;
      out.push(...Buffer.from(String.fromCodePoint(next), 'utf8'));
      if (next > 0xffff) i++;
      continue;
    }
    if (code < 0x80) out.push(code);
    else {
      out.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
      if (code > 0xffff) i++;
    }
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------------
// reading fields

/** The tokens of one RDATA, read field by field, each error naming the type and the field. */
class Fields {
  private at = 0;

  constructor(
    readonly type: string,
    private readonly tokens: Token[],
    private readonly text: string,
    /** The origin in the form decodeMessage gives ('.' for the root), or undefined when there is none. */
    private readonly origin: string | undefined,
  ) {}

  private what(field: string): string {
    return `${this.type} ${field}`;
  }

  get more(): boolean {
    return this.at < this.tokens.length;
  }

  next(field: string): Token {
    const t = this.tokens[this.at++];
    if (t === undefined) return fail(`${this.what(field)}: missing in ${JSON.stringify(this.text)}`);
    return t;
  }

  /** An unquoted token: where BIND wants a plain word (numbers, names, tags, hex), quotes are refused. */
  word(field: string): string {
    const t = this.next(field);
    if (t.quoted) fail(`${this.what(field)}: a quoted string is not allowed here ("${t.raw}")`);
    return t.raw;
  }

  number(field: string, max: number): number {
    const w = this.word(field);
    // BIND reads these with isc_parse_uint*: decimal digits only (no sign, no hex).
    const n = /^[0-9]+$/.test(w) ? Number(w) : NaN;
    if (!(n <= max)) fail(`${this.what(field)}: "${w}" is not a number from 0 to ${max}`);
    return n;
  }

  /**
   * A number from 0 to 255, or one of BIND's mnemonics for it in any (ASCII) case, as
   * dns_mnemonic_fromtext reads it: a word that starts with a digit is a number or nothing.
   */
  mnemonic(field: string, names: Mnemonics): number {
    const w = this.word(field);
    if (/^[0-9]/.test(w)) {
      const n = /^[0-9]+$/.test(w) ? Number(w) : NaN;
      if (n <= U8) return n;
    } else {
      // strncasecmp: ASCII letters only, so no other script's case mapping lands on a mnemonic.
      const n = names.values.get(w.replace(/[a-z]/g, (c) => c.toUpperCase()));
      if (n !== undefined) return n;
    }
    return fail(`${this.what(field)}: "${w}" is neither a number from 0 to ${U8} nor ${names.what} (${[...names.values.keys()].join(', ')})`);
  }

  /**
   * DNSKEY flags as BIND 9.18's dns_keyflags_fromtext reads them. A word that starts with a
   * digit and has at most 12 characters is a number: decimal, else hexadecimal (strtoul's, so
   * `0x101` and `1a`), up to 65535. Anything else is mnemonics joined by `|` (KEY_FLAGS), each
   * the first in the table that it begins (`Z` is ZONE, and an empty one, as in `|ZONE`, is
   * NOCONF), or-ed together; a `|` at the end adds nothing.
   */
  keyFlags(field: string): number {
    const w = this.word(field);
    if (/^[0-9]/.test(w) && w.length <= 12) {
      const n = /^[0-9]+$/.test(w) ? Number(w) : /^(?:0[xX])?[0-9a-fA-F]+$/.test(w) ? parseInt(w, 16) : NaN;
      if (n <= U16) return n;
      if (!Number.isNaN(n)) fail(`${this.what(field)}: "${w}" is out of range (0 to ${U16})`);
    }
    const parts = w.split('|');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    let value = 0;
    for (const part of parts) {
      // strncasecmp over the part's length: ASCII letters only, as in mnemonic().
      const upper = part.replace(/[a-z]/g, (c) => c.toUpperCase());
      const flag = KEY_FLAGS.find(([name]) => name.startsWith(upper));
      if (flag === undefined) {
        fail(`${this.what(field)}: "${w}" is neither a number from 0 to ${U16} nor key flag mnemonics joined by "|" (ZONE, KSK, USER, HOST, NTYP3, NOCONF, NOAUTH, NOKEY, EXTEND, SIG0 to SIG15, FLAG2, FLAG4, FLAG5, FLAG8 to FLAG11)`);
      }
      value |= flag![1];
    }
    return value;
  }

  /** A time value as BIND's dns_ttl_fromtext reads it: seconds, or units (1w2d3h4m5s). */
  ttl(field: string): number {
    const w = this.word(field);
    const n = ttlFromText(w);
    if (n === undefined) fail(`${this.what(field)}: "${w}" is not a number of seconds (or units like 1h30m) from 0 to 4294967295`);
    return n!;
  }

  name(field: string): string {
    return nameFromText(this.word(field), this.what(field), this.origin);
  }

  /** A <character-string>, quoted or not, of at most 255 octets. */
  string(field: string): Buffer {
    const octets = stringOctets(this.next(field).raw, this.what(field));
    if (octets.length > 255) fail(`${this.what(field)}: a string is at most 255 octets, this one is ${octets.length}`);
    return octets;
  }

  /** A HINFO, CAA or NAPTR string as the codec carries it: a binary string, one character per octet. */
  binary(octets: Buffer): string {
    return octets.toString('latin1');
  }

  /** The rest of the tokens, joined: hex and base64 may be split by blanks (BIND cuts them so). */
  rest(field: string, required: boolean): string {
    let out = '';
    while (this.more) out += this.word(field);
    if (required && out === '') fail(`${this.what(field)}: missing in ${JSON.stringify(this.text)}`);
    return out;
  }

  hex(field: string, required = true): Buffer {
    const h = this.rest(field, required);
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) fail(`${this.what(field)}: "${h}" is not an even number of hex digits`);
    return Buffer.from(h, 'hex');
  }

  base64(field: string, required = true): Buffer {
    const b = this.rest(field, required);
    const bytes = Buffer.from(b, 'base64');
    // Buffer.from skips what is not base64; a text that does not come back the same was not base64.
    if (b.length % 4 !== 0 || bytes.toString('base64') !== b) fail(`${this.what(field)}: "${b}" is not base64`);
    return bytes;
  }

  end(): void {
    if (this.more) {
      const extra = this.tokens.slice(this.at).map((t) => (t.quoted ? `"${t.raw}"` : t.raw));
      fail(`${this.type}: extra text at the end: ${JSON.stringify(extra.join(' '))}`);
    }
  }
}

/**
 * BIND's bind_ttl (lib/dns/ttl.c): digits each followed by a unit (w d h m s, any case), summed;
 * a last group of digits without a unit counts only while the sum is still 0, so `3600` and
 * even `0h30` read, but `1h30` does not.
 */
function ttlFromText(text: string): number | undefined {
  const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  const re = /([0-9]+)([wdhmsWDHMS]?)/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (m === null || m[1]!.length > 10 || Number(m[1]) > 0xffffffff) return undefined;
    if (m[2] === '') {
      if (total !== 0 || re.lastIndex !== text.length) return undefined;
      total = Number(m[1]);
    } else {
      total += Number(m[1]) * unit[m[2]!.toLowerCase()]!;
    }
  }
  return text !== '' && total <= 0xffffffff ? total : undefined;
}

/**
 * A name field in the form decodeMessage gives. Without an origin: absolute, with or without
 * its trailing dot. With one (in that form: '.' for the root): `@` is the origin, and a name
 * without its trailing dot is relative to it.
 */
function nameFromText(raw: string, what: string, origin: string | undefined): string {
  if (raw === '@') {
    if (origin === undefined) fail(`${what}: "@" needs an origin, and there is none here: write "." for the root or "\\@" for a label "@"`);
    return origin!;
  }
  const text = origin === undefined || origin === '.' || hasTrailingDot(raw) ? raw : `${raw}.${origin}`;
  try {
    return presentationName(text);
  } catch (err) {
    return fail(`${what}: ${err instanceof PacketError ? err.reason : String(err)}`);
  }
}

/** The origin option in the form decodeMessage gives ('.' for the root), checked as a name. */
function originOf(origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (typeof origin !== 'string') throw new ArgumentError(`parseRdata: the origin must be a name, not ${typeof origin}`);
  try {
    return presentationName(origin);
  } catch (err) {
    throw new ArgumentError(`parseRdata: the origin "${origin}" is not a name: ${err instanceof PacketError ? err.reason : String(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// per type

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffffffff;

/** A table of BIND's mnemonics for a one-octet field, and what the error calls them. */
interface Mnemonics {
  what: string;
  values: ReadonlyMap<string, number>;
}

/** BIND's secalgs (lib/dns/rcode.c SECALGNAMES): DNSSEC algorithm numbers (RFC 4034 A.1, 8624). */
const ALGORITHMS: Mnemonics = {
  what: 'an algorithm mnemonic',
  values: new Map([
    ['RSAMD5', 1],
    ['DH', 2],
    ['DSA', 3],
    ['RSASHA1', 5],
    ['NSEC3DSA', 6],
    ['NSEC3RSASHA1', 7],
    ['RSASHA256', 8],
    ['RSASHA512', 10],
    ['ECCGOST', 12],
    ['ECDSAP256SHA256', 13],
    ['ECDSA256', 13],
    ['ECDSAP384SHA384', 14],
    ['ECDSA384', 14],
    ['ED25519', 15],
    ['ED448', 16],
    ['INDIRECT', 252],
    ['PRIVATEDNS', 253],
    ['PRIVATEOID', 254],
  ]),
};

/** BIND's dsdigests (DSDIGESTNAMES): DS digest types (RFC 4034 5.1.3, 4509, 5933, 6605). */
const DIGEST_TYPES: Mnemonics = {
  what: 'a digest type mnemonic',
  values: new Map([
    ['SHA-1', 1],
    ['SHA1', 1],
    ['SHA-256', 2],
    ['SHA256', 2],
    ['GOST', 3],
    ['SHA-384', 4],
    ['SHA384', 4],
  ]),
};

/** BIND's secprotos (SECPROTONAMES): the KEY protocol octet of RFC 2535 3.1.3. */
const PROTOCOLS: Mnemonics = {
  what: 'a protocol mnemonic',
  values: new Map([
    ['NONE', 0],
    ['TLS', 1],
    ['EMAIL', 2],
    ['DNSSEC', 3],
    ['IPSEC', 4],
    ['ALL', 255],
  ]),
};

/**
 * BIND 9.18's keyflags (lib/dns/rcode.c), in its order, which decides what an abbreviation
 * means: the DNSKEY flag mnemonics of RFC 2535 3.1.2 (KEY), and KSK (RFC 4034's SEP bit).
 */
const KEY_FLAGS: ReadonlyArray<readonly [string, number]> = [
  ['NOCONF', 0x4000],
  ['NOAUTH', 0x8000],
  ['NOKEY', 0xc000],
  ['FLAG2', 0x2000],
  ['EXTEND', 0x1000],
  ['FLAG4', 0x0800],
  ['FLAG5', 0x0400],
  ['USER', 0x0000],
  ['ZONE', 0x0100],
  ['HOST', 0x0200],
  ['NTYP3', 0x0300],
  ['FLAG8', 0x0080],
  ['FLAG9', 0x0040],
  ['FLAG10', 0x0020],
  ['FLAG11', 0x0010],
  ...Array.from({ length: 16 }, (_, i) => [`SIG${i}`, i] as const),
  ['KSK', 0x0001],
];

/** The octets BIND requires of a DS digest for the digest types it knows (RFC 4509, 6605). */
const DS_DIGEST_OCTETS: Record<number, number> = { 1: 20, 2: 32, 4: 48 };
/** The fingerprint lengths dns-packet's SSHFP codec can write: SHA-1 and SHA-256. */
const SSHFP_OCTETS: Record<number, number> = { 1: 20, 2: 32 };

/** TXT-DATA: one or more <character-string>s. */
function strings(f: Fields): Buffer[] {
  const out: Buffer[] = [];
  while (f.more || out.length === 0) out.push(f.string('string'));
  return out;
}

const packStrings = (list: Buffer[]): Buffer => Buffer.concat(list.flatMap((s) => [Buffer.from([s.length]), s]));

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

/** RFC 2915 / 3403 regexp field: empty, or delim regex delim replacement delim flags ('i' only), as BIND checks it. */
function checkNaptrRegexp(octets: Buffer): void {
  if (octets.length === 0) return;
  const bad = (why: string) => fail(`NAPTR regexp: ${JSON.stringify(octets.toString('latin1'))} ${why}`);
  const delim = octets[0]!;
  if ((delim >= 0x30 && delim <= 0x39) || delim === 0x5c || delim === 0x69 || delim === 0) {
    bad('starts with a digit, backslash, "i" or NUL, which cannot be the delimiter');
  }
  let seen = 0;
  for (let i = 1; i < octets.length; i++) {
    const c = octets[i]!;
    if (c === 0) bad('holds a NUL');
    if (seen === 2) {
      if (c !== 0x69 /* i */) bad('has flags other than "i" after its last delimiter');
    } else if (c === delim) {
      seen++;
    } else if (c === 0x5c) {
      i++; // an escaped character, delimiter or not
    }
  }
  if (seen !== 2) bad('needs the form <delim>regexp<delim>replacement<delim>flags');
}

function typeList(f: Fields): string[] {
  const out: string[] = [];
  while (f.more) {
    const w = f.word('type list');
    let n: number;
    try {
      n = typeNumber(w);
    } catch {
      return fail(`${f.type} type list: "${w}" is not a record type`);
    }
    out.push(typeName(n));
  }
  return out;
}

function base32hex(f: Fields, field: string): Buffer {
  // Decoded as written: upper-casing first would turn 'ß' into 'SS' and 'ı' into 'I' and accept them.
  const text = f.word(field);
  const out = decodeBase32hex(text);
  if (out === 'character') return fail(`${f.type} ${field}: "${text}" is not base32hex`);
  if (out === 'length') return fail(`${f.type} ${field}: "${text}" is not base32hex of whole octets`);
  return out;
}

/** RRSIG times: YYYYMMDDHHmmSS (UTC) or seconds since the epoch, as BIND reads them. */
function sigTime(f: Fields, field: string): number {
  const w = f.word(field);
  if (/^[0-9]{14}$/.test(w)) {
    const p = (a: number, b: number) => Number(w.slice(a, b));
    const ms = Date.UTC(p(0, 4), p(4, 6) - 1, p(6, 8), p(8, 10), p(10, 12), p(12, 14));
    const d = new Date(ms);
    if (d.getUTCMonth() + 1 !== p(4, 6) || d.getUTCDate() !== p(6, 8) || p(8, 10) > 23 || p(10, 12) > 59 || p(12, 14) > 59) {
      fail(`${f.type} ${field}: "${w}" is not a valid YYYYMMDDHHmmSS time`);
    }
    // Serial-number arithmetic (RFC 4034 3.1.5): the 32-bit field holds the time modulo 2^32.
    return (ms / 1000) % 2 ** 32;
  }
  if (/^[0-9]{1,10}$/.test(w) && Number(w) <= U32) return Number(w);
  return fail(`${f.type} ${field}: "${w}" is neither YYYYMMDDHHmmSS nor a number of seconds`);
}

/** Reads the fields of `type` into the shape encodeMessage takes. */
function structured(f: Fields): RdataValue {
  switch (f.type) {
    case 'A': {
      const w = f.word('address');
      const a = parseInetPton4(w);
      if (a === undefined) fail(`A address: "${w}" is not an IPv4 address in dotted-quad form`);
      return a;
    }
    case 'AAAA': {
      const w = f.word('address');
      const groups = parseInetPton6(w);
      if (groups === undefined) fail(`AAAA address: "${w}" is not an IPv6 address`);
      return formatIPv6(groups!);
    }
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      return f.name('target');
    case 'MX':
      return { preference: f.number('preference', U16), exchange: f.name('exchange') };
    case 'SOA':
      return {
        mname: f.name('mname'),
        rname: f.name('rname'),
        // BIND reads the serial as a plain number and the four timers as TTLs (units allowed).
        serial: f.number('serial', U32),
        refresh: f.ttl('refresh'),
        retry: f.ttl('retry'),
        expire: f.ttl('expire'),
        minimum: f.ttl('minimum'),
      };
    case 'TXT':
      return strings(f);
    case 'SPF':
      return packStrings(strings(f)); // dns-packet has no SPF codec: its data is the raw RDATA
    case 'HINFO': {
      const cpu = f.string('cpu');
      const os = f.string('os');
      return { cpu: f.binary(cpu), os: f.binary(os) };
    }
    case 'SRV':
      return { priority: f.number('priority', U16), weight: f.number('weight', U16), port: f.number('port', U16), target: f.name('target') };
    case 'CAA': {
      const flags = f.number('flags', U8);
      const tag = f.word('tag');
      // RFC 8659 4.1 and BIND: the tag is one or more ASCII letters and digits.
      if (!/^[A-Za-z0-9]+$/.test(tag)) fail(`CAA tag: "${tag}" must be ASCII letters and digits only`);
      if (tag.length > 255) fail(`CAA tag: a tag is at most 255 octets, this one is ${tag.length}`);
      const value = stringOctets(f.next('value').raw, 'CAA value');
      return { flags, tag, value: f.binary(value) };
    }
    case 'NAPTR': {
      const order = f.number('order', U16);
      const preference = f.number('preference', U16);
      const flags = f.string('flags');
      const services = f.string('services');
      const regexp = f.string('regexp');
      checkNaptrRegexp(regexp);
      return {
        order,
        preference,
        flags: f.binary(flags),
        services: f.binary(services),
        regexp: f.binary(regexp),
        replacement: f.name('replacement'),
      };
    }
    case 'RP':
      return { mbox: f.name('mbox'), txt: f.name('txt') };
    case 'SSHFP': {
      const algorithm = f.number('algorithm', U8);
      const hash = f.number('fingerprint type', U8);
      const fp = f.hex('fingerprint');
      const want = SSHFP_OCTETS[hash];
      if (want === undefined) {
        fail(`SSHFP fingerprint type: ${hash} cannot be encoded (the codec knows only 1, SHA-1, and 2, SHA-256); write the record as \\# hex`);
      }
      if (fp.length !== want) fail(`SSHFP fingerprint: type ${hash} needs ${want} octets, not ${fp.length}`);
      return { algorithm, hash, fingerprint: fp.toString('hex').toUpperCase() };
    }
    case 'TLSA':
      return { usage: f.number('usage', U8), selector: f.number('selector', U8), matchingType: f.number('matching type', U8), certificate: f.hex('certificate data') };
    case 'DS': {
      const keyTag = f.number('key tag', U16);
      const algorithm = f.mnemonic('algorithm', ALGORITHMS);
      const digestType = f.mnemonic('digest type', DIGEST_TYPES);
      const digest = f.hex('digest');
      const want = DS_DIGEST_OCTETS[digestType];
      if (want !== undefined && digest.length !== want) fail(`DS digest: type ${digestType} needs ${want} octets, not ${digest.length}`);
      return { keyTag, algorithm, digestType, digest };
    }
    case 'DNSKEY': {
      const flags = f.keyFlags('flags');
      const protocol = f.mnemonic('protocol', PROTOCOLS);
      // dns-packet always writes 3 (RFC 4034 2.1.2), so any other value would silently change.
      if (protocol !== 3) fail(`DNSKEY protocol: ${protocol} cannot be encoded (the codec writes only 3); write the record as \\# hex`);
      return { flags, algorithm: f.mnemonic('algorithm', ALGORITHMS), key: f.base64('public key') };
    }
    case 'RRSIG': {
      const covered = f.word('type covered');
      let n: number;
      try {
        n = typeNumber(covered);
      } catch {
        return fail(`RRSIG type covered: "${covered}" is not a record type`);
      }
      return {
        typeCovered: typeName(n),
        algorithm: f.mnemonic('algorithm', ALGORITHMS),
        labels: f.number('labels', U8),
        originalTTL: f.ttl('original TTL'),
        expiration: sigTime(f, 'expiration'),
        inception: sigTime(f, 'inception'),
        keyTag: f.number('key tag', U16),
        signersName: f.name("signer's name"),
        signature: f.base64('signature'),
      };
    }
    case 'NSEC':
      return { nextDomain: f.name('next domain'), rrtypes: typeList(f) };
    case 'NSEC3': {
      const algorithm = f.number('hash algorithm', U8);
      const flags = f.number('flags', U8);
      const iterations = f.number('iterations', U16);
      const saltText = f.word('salt');
      const salt = saltText === '-' ? Buffer.alloc(0) : hexWord(f, 'salt', saltText);
      if (salt.length > 255) fail(`NSEC3 salt: at most 255 octets, not ${salt.length}`);
      const nextDomain = base32hex(f, 'next hashed owner');
      if (nextDomain.length === 0 || nextDomain.length > 255) fail(`NSEC3 next hashed owner: 1 to 255 octets, not ${nextDomain.length}`);
      return { algorithm, flags, iterations, salt, nextDomain, rrtypes: typeList(f) };
    }
    // Types dns-packet has no codec for: their data is the raw RDATA, built here.
    case 'CDS':
    case 'DLV':
    case 'TA': {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(f.number('key tag', U16), 0);
      head[2] = f.mnemonic('algorithm', ALGORITHMS);
      head[3] = f.mnemonic('digest type', DIGEST_TYPES);
      // RFC 8078 4: a CDS of "0 0 0 00" asks for the DS to be removed; BIND writes its digest as "00".
      const digest = f.hex('digest');
      const want = DS_DIGEST_OCTETS[head[3]];
      if (want !== undefined && digest.length !== want) fail(`${f.type} digest: type ${head[3]} needs ${want} octets, not ${digest.length}`);
      return Buffer.concat([head, digest]);
    }
    case 'CDNSKEY': {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(f.keyFlags('flags'), 0);
      head[2] = f.mnemonic('protocol', PROTOCOLS);
      head[3] = f.mnemonic('algorithm', ALGORITHMS);
      return Buffer.concat([head, f.base64('public key')]);
    }
    case 'NSEC3PARAM': {
      const head = Buffer.from([f.number('hash algorithm', U8), f.number('flags', U8), 0, 0]);
      head.writeUInt16BE(f.number('iterations', U16), 2);
      const saltText = f.word('salt');
      const salt = saltText === '-' ? Buffer.alloc(0) : hexWord(f, 'salt', saltText);
      if (salt.length > 255) fail(`NSEC3PARAM salt: at most 255 octets, not ${salt.length}`);
      return Buffer.concat([head, Buffer.from([salt.length]), salt]);
    }
    case 'URI': {
      const priority = f.number('priority', U16);
      const weight = f.number('weight', U16);
      // RFC 7553 4.4 and BIND: the target is a quoted string, never a bare word.
      const t = f.next('target');
      if (!t.quoted) fail(`URI target: "${t.raw}" must be a quoted string`);
      return Buffer.concat([u16(priority), u16(weight), stringOctets(t.raw, 'URI target')]);
    }
    case 'SMIMEA':
      return Buffer.concat([
        Buffer.from([f.number('usage', U8), f.number('selector', U8), f.number('matching type', U8)]),
        f.hex('certificate data'),
      ]);
    case 'OPENPGPKEY':
      return f.base64('public key');
    case 'EUI48':
    case 'EUI64': {
      const octets = f.type === 'EUI48' ? 6 : 8;
      const w = f.word('address');
      if (!new RegExp(`^[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){${octets - 1}}$`).test(w)) {
        fail(`${f.type} address: "${w}" is not ${octets} hex octets joined by "-"`);
      }
      return Buffer.from(w.replace(/-/g, ''), 'hex');
    }
    default:
      return fail(`${f.type}: no presentation form is known here for this type; write its RDATA in RFC 3597's form, \\# length hex`);
  }
}

function hexWord(f: Fields, field: string, text: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) fail(`${f.type} ${field}: "${text}" is not an even number of hex digits`);
  return Buffer.from(text, 'hex');
}

// ---------------------------------------------------------------------------------------------
// RFC 3597 generic RDATA, and the check that the data encodes as meant

/**
 * The meta and query types (RFC 6895 3.1: OPT, and 128 to 255, which hold TKEY, TSIG, IXFR,
 * AXFR, MAILB, MAILA and ANY), as BIND's dns_rdatatype_ismeta: never the RDATA of a record in
 * a zone, and a server refuses them in an update (RFC 2136 3.4.1.2).
 */
export function isMetaType(type: number): boolean {
  return type === 41 || (type >= 128 && type <= 255);
}

const HEADER = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);

/** The RDATA octets of `data` as encodeMessage writes them. */
function toWire(type: string, data: RdataValue): Buffer {
  const wire = encodeMessage({ id: 0, answers: [{ name: '.', type, class: 'IN', ttl: 0, data }] });
  return wire.subarray(12 + 1 + 10);
}

/** RDATA octets to the data shape, through the same decoder that reads replies. */
function fromWire(type: string, rdata: Buffer): RdataValue {
  const head = Buffer.alloc(11);
  head.writeUInt16BE(typeNumber(type), 1);
  head.writeUInt16BE(1, 3); // IN
  head.writeUInt16BE(rdata.length, 9);
  return decodeMessage(Buffer.concat([HEADER, head, rdata])).answers[0]!.data;
}

function generic(f: Fields): RdataValue {
  f.word('\\#');
  const length = f.number('\\# length', U16);
  const octets = f.hex('\\# data', length > 0);
  if (octets.length !== length) fail(`${f.type} \\# data: the length says ${length} octets, the hex holds ${octets.length}`);
  let data: RdataValue;
  try {
    data = fromWire(f.type, octets);
  } catch (err) {
    return fail(`${f.type} \\# data: not a valid ${f.type} RDATA: ${err instanceof PacketError ? err.reason : String(err)}`);
  }
  // The same shape as the text form gives: CAA's flags say all that issuerCritical does.
  if (f.type === 'CAA' && data !== null && typeof data === 'object') delete (data as { issuerCritical?: boolean }).issuerCritical;
  // The decoder keeps every octet of the types it structures; this holds it to that.
  if (!toWire(f.type, data).equals(octets)) {
    fail(`${f.type} \\# data: it cannot be carried exactly in the structured form encodeMessage takes (it would encode as other octets)`);
  }
  return data;
}

/** Options of parseRdata. */
export interface ParseRdataOptions {
  /**
   * The origin, as a zone file's `$ORIGIN`: `@` is this name, and a name without its trailing
   * dot is relative to it. nsupdate's is the root (`.`), which makes `@` the root. Without
   * one, every name is absolute and `@` is refused.
   */
  origin?: string | undefined;
}

/**
 * Reads the RDATA of a record of `type` (a mnemonic in any case, or `TYPEnnn`) from its
 * presentation text, and returns the `data` encodeMessage takes for that type: '192.0.2.1' for
 * A, { preference, exchange } for MX, Buffer[] for TXT, the raw RDATA as a Buffer for the types
 * dns-packet has no codec for (SPF, CDS, URI, TYPEnnn, ...). RFC 3597's `\# length hex` works
 * for every type; for a type with a structured shape it is converted to that shape. Meta types
 * (isMetaType) and type 0 are refused whatever the text: BIND refuses their `\#` form, and a
 * server refuses them in an update.
 *
 * The inverse of formatRdata: parseRdata(type, formatRdata(record)) encodes to the record's
 * RDATA. Throws ArgumentError, naming the type and field, for text BIND would refuse and for
 * RDATA the codec could not write faithfully.
 */
export function parseRdata(type: string, text: string, options: ParseRdataOptions = {}): RdataValue {
  if (typeof type !== 'string') throw new ArgumentError(`parseRdata: the type must be a string, not ${typeof type}`);
  if (typeof text !== 'string') throw new ArgumentError(`parseRdata: the RDATA text must be a string, not ${typeof text}`);
  let n: number;
  try {
    n = typeNumber(type);
  } catch {
    throw new ArgumentError(`parseRdata: "${type}" is not a record type`);
  }
  const mnemonic = typeName(n);
  if (n === 0 || isMetaType(n)) throw new ArgumentError(`${mnemonic}: a meta type (or type 0) has no RDATA to read from text`);
  const tokens = tokenize(mnemonic, text);
  const f = new Fields(mnemonic, tokens, text, originOf(options.origin));
  // A TXT's `\#` is RFC 3597's only when a number follows; otherwise it is the string "#" (BIND).
  const isGeneric = tokens[0]?.raw === '\\#' && !tokens[0].quoted && (mnemonic !== 'TXT' || /^[0-9]+$/.test(tokens[1]?.quoted === false ? tokens[1].raw : ''));
  const data = isGeneric ? generic(f) : structured(f);
  f.end();
  if (!isGeneric) {
    // A last check that the codec takes what was built, so that no malformed data leaves here.
    try {
      toWire(mnemonic, data);
    } catch (err) {
      // The codec's error is the cause (a PacketError: `tooLong` for RDATA over 65,535 octets);
      // the text is shown up to 80 characters, as an RDATA that long would fill the message.
      const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text;
      throw new ArgumentError(`${mnemonic}: ${JSON.stringify(shown)} cannot be encoded: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return data;
}
