/**
 * Domain names between presentation form ("www.example.com", "a\.b.example", "\065bc") and
 * wire form (RFC 1035 section 3.1), strictly: labels of 1..63 octets, names of at most 255
 * octets, no empty labels, RFC 1035 section 5.1 escapes, and compression pointers that may only
 * point backwards (so a pointer loop cannot exist) and never into the header.
 *
 * Decompression is bounded, so that one message cannot buy much CPU: a name may follow at most
 * MAX_POINTER_HOPS pointers, and while a message is decoded (withNameBudget) all its names
 * together may read at most a fixed number of octets. Backwards-only pointers alone end every
 * name, but a 65,507-octet reply of 10,916 questions each pointing at the one before makes a
 * chain of 2,728 hops that every later question walks again (87 ms to decode).
 *
 * Presentation form here has no trailing dot (as node:dns and dns-packet write names); the root
 * is ".". Octets that would be ambiguous in presentation form are escaped as BIND escapes them:
 * `\.`, `\\`, `\"`, `\(`, `\)`, `\;`, `\@`, `\$` and `\DDD` for anything outside 0x21..0x7e.
 */
import { PacketError } from '../errors.js';
import { dnsPacketNameCodec, type NameCodec } from './dns-packet.js';
import { randomId } from './random.js';

/** The longest a name may be on the wire, length octets and the root label included. */
export const MAX_NAME_OCTETS = 255;
/** The longest a label may be. */
export const MAX_LABEL_OCTETS = 63;

/**
 * The most compression pointers one name may follow. An encoder points only at labels it has
 * written, so each pointer it makes is followed by at least one label: a name of 255 octets has
 * at most 127 labels, hence at most 127 honest pointers. (For comparison: miekg/dns allows 126,
 * Unbound 256 (MAX_COMPRESS_PTRS), BIND 9 before 9.4 allowed 16 (DNS_POINTER_MAXHOPS).)
 */
export const MAX_POINTER_HOPS = 127;

/**
 * The decompression work one message may cost: the octets read while spelling its names (each
 * label's length octet and contents, two per pointer followed). An honest 64 KiB reply costs far
 * less (4,093 A records owned by a 17-octet question name: 78,000); the limit refuses only
 * messages whose names are mostly pointers into long names or into pointer chains, and caps
 * the worst at about 2 ms of decoding (see scripts/decode-cost.mjs).
 */
export const MAX_NAME_WORK = 1 << 20;

// What readName may still read in the message being decoded; unlimited outside withNameBudget.
let workLeft = Infinity;

// How each octet is written in presentation form: 0 as itself, 1 after a backslash, 2 as \DDD.
const ESCAPE = new Uint8Array(256);
for (let b = 0; b < 256; b++) ESCAPE[b] = b <= 0x20 || b >= 0x7f ? 2 : 0;
for (const c of '.\\"();@$') ESCAPE[c.charCodeAt(0)] = 1;

const DOT = 0x2e;
const BACKSLASH = 0x5c;

/** Whether a string holds only characters below 0x80 (then one character is one octet). */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

// Buffer's native Latin-1 slice: the cheapest way from octets to a string, and not in @types/node.
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string })
  .latin1Slice;

/** Octets `[start, end)` of `buf` as one character each (Latin-1), without a Buffer view per call. */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  return latin1Slice.call(buf, start, end);
}

/**
 * Writes a name in wire form into `buf` at `offset` and returns the offset after it.
 * `buf` must have room for 255 more octets (the encoder checks lengths, not the buffer).
 * Throws PacketError for an empty label, a label over 63 or a name over 255 octets, or a bad escape.
 */
export function writeName(name: string, buf: Uint8Array, offset: number): number {
  if (typeof name !== 'string') throw new PacketError(`a name must be a string, not ${typeof name}`);
  // Non-ASCII text goes on the wire as its UTF-8 octets (the wire is 8-bit clean, RFC 2181
  // section 11); as Latin-1 those octets are one character each, so one loop serves both.
  const text = ASCII_ONLY.test(name) ? name : Buffer.from(name, 'utf8').toString('latin1');
  const n = text.length;
  if (n === 0 || (n === 1 && text.charCodeAt(0) === DOT)) {
    buf[offset] = 0;
    return offset + 1;
  }
  const limit = offset + MAX_NAME_OCTETS - 1; // the last octet is the root label
  let lenAt = offset;
  let pos = offset + 1;
  let labelLen = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === DOT) {
      if (labelLen === 0) throw new PacketError(`empty label in name "${name}"`);
      buf[lenAt] = labelLen;
      if (i === n - 1) {
        labelLen = -1; // a trailing dot: the name is absolute and ends here
        break;
      }
      lenAt = pos++;
      labelLen = 0;
      continue;
    }
    if (c === BACKSLASH) {
      const d1 = text.charCodeAt(i + 1) - 0x30;
      if (i + 1 >= n) throw new PacketError(`name "${name}" ends with a lone backslash`);
      if (d1 >= 0 && d1 <= 9) {
        const d2 = text.charCodeAt(i + 2) - 0x30;
        const d3 = text.charCodeAt(i + 3) - 0x30;
        if (!(d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9)) {
          throw new PacketError(`bad escape in name "${name}": \\DDD needs three digits`);
        }
        c = d1 * 100 + d2 * 10 + d3;
        if (c > 255) throw new PacketError(`bad escape in name "${name}": \\${c} is over 255`);
        i += 3;
      } else {
        c = text.charCodeAt(++i);
      }
    }
    if (++labelLen > MAX_LABEL_OCTETS) {
      throw new PacketError(`label longer than ${MAX_LABEL_OCTETS} octets in name "${name}"`);
    }
    if (pos >= limit) throw new PacketError(`name longer than ${MAX_NAME_OCTETS} octets: "${name}"`);
    buf[pos++] = c;
  }
  if (labelLen >= 0) buf[lenAt] = labelLen;
  buf[pos++] = 0;
  return pos;
}

// Scratch space for measuring and validating names without allocating.
const scratch = Buffer.allocUnsafe(MAX_NAME_OCTETS + 1);

/** A name's wire form as a new Buffer. Throws PacketError for a name that cannot be encoded. */
export function nameToWire(name: string): Buffer {
  const end = writeName(name, scratch, 0);
  return Buffer.from(scratch.subarray(0, end));
}

/**
 * Whether `name` is `zone` or a name below it, compared label by label with ASCII letters
 * folded (RFC 4343): `a\\.zone` is one label at the root, not below `zone`. Throws PacketError
 * for a name that cannot be encoded.
 */
export function isAtOrBelow(name: string, zone: string): boolean {
  const n = wireLabels(name);
  const z = wireLabels(zone);
  return n.length >= z.length && z.every((label, i) => n[n.length - z.length + i] === label);
}

function wireLabels(name: string): string[] {
  const end = writeName(name, scratch, 0);
  const labels: string[] = [];
  for (let i = 0; i < end - 1; i += scratch[i]! + 1) labels.push(foldCase(latin1(scratch, i + 1, i + 1 + scratch[i]!)));
  return labels;
}

/** How many octets a name takes on the wire (uncompressed). Throws PacketError for a bad name. */
export function nameWireLength(name: string): number {
  return writeName(name, scratch, 0);
}

/** plainNameWireLength's answer for a name with a character outside its alphabet. */
export const NOT_PLAIN = -2;

/**
 * For a name of ASCII letters, digits, '-', '_' and dots alone (no escapes, nothing else): its
 * wire length, or -1 when writeName would refuse it (an empty label, a label over 63 octets, a
 * name over 255). NOT_PLAIN for a name with any other character before such a refusal, which
 * only writeName can judge (a refusal found first is writeName's too: it reads the same
 * prefix). One pass over the text, writing nothing: the common case of isValidName and of
 * glibc's host-name checks, which run for every query and every answer (a property test holds
 * it to writeName).
 */
export function plainNameWireLength(name: string): number {
  const n = name.length;
  let label = 0;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c === DOT) {
      // A name that is only "." is the root; any other empty label is refused, as writeName does.
      if (label === 0) return n === 1 ? 1 : -1;
      label = 0;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || (c >= 0x41 && c <= 0x5a) || c === 0x5f) {
      if (++label > MAX_LABEL_OCTETS) return -1;
    } else {
      return NOT_PLAIN;
    }
  }
  // A length octet per label and the root; a trailing dot (label 0 here) stands for the root.
  const octets = label === 0 ? n + 1 : n + 2;
  return octets > MAX_NAME_OCTETS ? -1 : octets;
}

/**
 * The name one label up, in presentation form: `b.example` for `a.b.example` (an escaped dot,
 * as in `a\\.b.example`, stays in its label), `.` for a name of one label; undefined for the root.
 */
export function parentName(name: string): string | undefined {
  if (name === '.' || name === '') return undefined;
  // The first unescaped dot ends the first label.
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '\\') i++;
    else if (name[i] === '.') return name.slice(i + 1) === '' ? '.' : name.slice(i + 1);
  }
  return '.';
}

/** Whether a name can be encoded (label and name lengths, escapes). */
export function isValidName(name: string): boolean {
  if (typeof name !== 'string') return false;
  const plain = plainNameWireLength(name);
  if (plain !== NOT_PLAIN) return plain > 0;
  try {
    writeName(name, scratch, 0);
    return true;
  } catch {
    return false;
  }
}

// Where readName spells a name before making it one string: at most 255 octets, each at most
// four characters (\DDD). One flat string per name, rather than one per label joined, is both
// faster and smaller (joined strings stay trees of pieces, and cached answers keep them).
const spelled = Buffer.allocUnsafe(MAX_NAME_OCTETS * 4);

/** Appends a label's presentation form to `spelled` at `at`; returns the new end. */
function spellLabel(buf: Uint8Array, start: number, end: number, at: number): number {
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    const kind = ESCAPE[b];
    if (kind === 0) {
      spelled[at++] = b;
    } else if (kind === 1) {
      spelled[at++] = BACKSLASH;
      spelled[at++] = b;
    } else {
      spelled[at++] = BACKSLASH;
      spelled[at++] = 0x30 + ((b / 100) | 0);
      spelled[at++] = 0x30 + (((b / 10) | 0) % 10);
      spelled[at++] = 0x30 + (b % 10);
    }
  }
  return at;
}

/** The result of reading a name: its presentation form and the offset just after it in the message. */
export interface ReadName {
  name: string;
  end: number;
}

/**
 * Reads a (possibly compressed) name at `offset` of a whole message `buf`.
 * Throws PacketError with the offset of the fault for anything malformed.
 */
export function readName(buf: Uint8Array, offset: number): ReadName {
  let length = 0;
  let pos = offset;
  let end = -1;
  let octets = 1; // the root label
  let hops = 0;
  let segmentStart = offset;
  const size = buf.length;
  for (;;) {
    if (pos >= size) throw new PacketError('name runs past the end of the message', pos);
    const len = buf[pos]!;
    if (len === 0) {
      pos++;
      break;
    }
    if (len <= MAX_LABEL_OCTETS) {
      const labelEnd = pos + 1 + len;
      if (labelEnd > size) throw new PacketError('label runs past the end of the message', pos);
      octets += len + 1;
      if (octets > MAX_NAME_OCTETS) throw new PacketError(`name longer than ${MAX_NAME_OCTETS} octets`, pos);
      if (length > 0) spelled[length++] = DOT;
      length = spellLabel(buf, pos + 1, labelEnd, length);
      pos = labelEnd;
    } else if (len >= 0xc0) {
      if (pos + 1 >= size) throw new PacketError('compression pointer runs past the end of the message', pos);
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      // Only backwards, and each jump lands before the last: no loop can form (RFC 1035 4.1.4).
      if (target >= segmentStart) throw new PacketError('compression pointer does not point backwards', pos);
      if (target < 12) throw new PacketError('compression pointer into the header', pos);
      if (++hops > MAX_POINTER_HOPS) throw new PacketError(`name follows more than ${MAX_POINTER_HOPS} compression pointers`, pos);
      if (end < 0) end = pos + 2;
      segmentStart = target;
      pos = target;
    } else {
      throw new PacketError(`unsupported label type 0x${(len & 0xc0).toString(16)}`, pos);
    }
  }
  // Charged once per name: a name alone is bounded (255 octets, 127 hops), the message is not.
  if ((workLeft -= octets + 2 * hops) < 0) {
    throw new PacketError(`the message's names take more than ${MAX_NAME_WORK} octets to decompress`, offset);
  }
  return { name: length === 0 ? '.' : latin1Slice.call(spelled, 0, length), end: end < 0 ? pos : end };
}

/**
 * Runs `fn` (the decoding of one message) with every readName it makes charged to one budget
 * of `work` octets (MAX_NAME_WORK by default); past it, readName throws PacketError. Nested
 * calls share the outer budget.
 */
export function withNameBudget<T>(fn: () => T, work: number = MAX_NAME_WORK): T {
  if (workLeft !== Infinity) return fn();
  workLeft = work;
  try {
    return fn();
  } finally {
    workLeft = Infinity;
  }
}

// A 12-octet header's room, then a name: readName refuses pointers into the header, and
// there are none in a name just written.
const roundTrip = Buffer.alloc(12 + MAX_NAME_OCTETS + 1);

/**
 * The name as decodeMessage would write it after a trip over the wire: `a b.test` comes back
 * as `a\032b.test`, `\065` as `A`. Compare a name given by a caller with names read from
 * replies in this form. Throws PacketError for a name that cannot be encoded.
 */
export function presentationName(name: string): string {
  const end = writeName(name, roundTrip, 12);
  return readName(roundTrip.subarray(0, end), 12).name;
}

/**
 * DNS 0x20 (draft-vixie-dnsext-dns0x20): the name with each ASCII letter in upper or lower case
 * at random (crypto-quality bits); every other character, escapes included, as it is.
 */
export function randomCase(name: string): string {
  let out = '';
  let bits = 0;
  let left = 0;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const lower = code | 0x20;
    if (lower < 0x61 || lower > 0x7a) {
      out += name[i];
      continue;
    }
    if (left === 0) {
      bits = randomId();
      left = 16;
    }
    out += String.fromCharCode((bits & 1) === 0 ? lower : lower & ~0x20);
    bits >>>= 1;
    left--;
  }
  return out;
}

/**
 * Lower-cases ASCII letters only, as DNS compares names (RFC 4343) and strcasecmp does in the C
 * locale; other characters are left as they are.
 */
export function foldCase(name: string): string {
  // The test first: most names have no capital, and a regular expression finds that about three
  // times as fast as a loop over the characters (this runs several times for every query).
  return ASCII_CAPITAL.test(name) ? name.replace(ASCII_CAPITALS, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : name;
}

const ASCII_CAPITAL = /[A-Z]/;
const ASCII_CAPITALS = /[A-Z]/g;

/**
 * Whether a presentation name ends in a dot that ends the name (it is absolute), rather than in
 * an escaped dot inside its last label: `a.` and `a\\\\.` (label `a\\` then the root) do, `a\\.`
 * does not. The backslashes before the dot are counted: an even number escape each other.
 * The one rule for trailing dots; everything that strips or tests one asks here.
 */
export function hasTrailingDot(name: string): boolean {
  if (name.length === 0 || name.charCodeAt(name.length - 1) !== 0x2e) return false;
  let slashes = 0;
  for (let i = name.length - 2; i >= 0 && name.charCodeAt(i) === 0x5c; i--) slashes++;
  return slashes % 2 === 0;
}

/** The name without the dot that makes it absolute; the root ('.') stays '.'. */
export function withoutTrailingDot(name: string): string {
  return name.length > 1 && hasTrailingDot(name) ? name.slice(0, -1) : name;
}

/**
 * foldCase, one trailing dot dropped, and the root written as ".", so that two spellings of a
 * name compare equal with ===.
 */
export function canonicalName(name: string): string {
  if (name === '') return '.'; // the root, as readName writes it
  return withoutTrailingDot(foldCase(name));
}

// dns-packet's RDATA codecs (MX, SOA, SRV, ...) read and write their embedded names through its
// shared `name` object. While this package encodes or decodes, that object is pointed at the
// strict codec above, so names inside RDATA get the same checks and escapes; it is put back
// afterwards, so other users of dns-packet in the process are not affected.
const strictCodec: NameCodec = {
  encode: Object.assign(
    (name: string, buf: Buffer, offset: number): Buffer => {
      strictCodec.encode.bytes = writeName(name, buf, offset) - offset;
      return buf;
    },
    { bytes: 0 },
  ),
  decode: Object.assign(
    (buf: Buffer, offset: number): string => {
      const r = readName(buf, offset);
      strictCodec.decode.bytes = r.end - offset;
      return r.name;
    },
    { bytes: 0 },
  ),
  encodingLength: nameWireLength,
};

const original: NameCodec = { ...dnsPacketNameCodec };

/** Runs `fn` with dns-packet's name codec replaced by the strict one, and restores it after. */
export function withStrictNames<T>(fn: () => T): T {
  const codec = dnsPacketNameCodec;
  if (codec.decode === strictCodec.decode) return fn();
  codec.encode = strictCodec.encode;
  codec.decode = strictCodec.decode;
  codec.encodingLength = strictCodec.encodingLength;
  try {
    return fn();
  } finally {
    codec.encode = original.encode;
    codec.decode = original.decode;
    codec.encodingLength = original.encodingLength;
  }
}
