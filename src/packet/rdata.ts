/**
 * The RDATA of one record, read and written strictly: every field within RDLENGTH, RDLENGTH
 * exactly what the fields take, and nothing written that would not read back the same.
 *
 * dns-packet does the types whose codecs are faithful. The rest are done here, because its
 * codec gets them wrong: it reports the length of NS, SRV and CAA RDATA from RDLENGTH rather
 * than from what it read (so a name running on into the next record went unnoticed); it reads
 * HINFO, NAPTR and CAA strings as UTF-8 (octets of 0x80 and above were lost); it writes strings
 * over 255 octets with a wrapped length octet, rewrites a caller's TXT strings and CAA flags in
 * place, keeps only bit 7 of the CAA flags, and writes NSEC type bitmaps in an order other than
 * the one read. Type bitmaps and CAA are checked as BIND 9's typemap_test and fromwire_caa check
 * them, and the EDNS options dns-packet parses are checked before it reads them.
 *
 * Representation: HINFO, NAPTR and CAA strings are "binary strings", one character per octet
 * (Latin-1), as node:dns gives them, so every octet survives a round trip; written back, a
 * string must hold only characters up to U+00FF (a Uint8Array is taken as octets). TXT strings
 * decode as Buffers and a string given to write is its UTF-8 octets.
 */
import { PacketError } from '../errors.js';
import { formatIPv6, parseInetPton4, parseInetPton6 } from './address.js';
import { typeName, typeNumber } from './constants.js';
import { rdataCodec, type RdataCodec } from './dns-packet.js';
import { latin1, readName, writeName } from './names.js';
import { readTsigRdata, writeTsigRdata } from './tsig-rdata.js';
import type { EdnsOption, TsigData } from './types.js';

const A = 1;
const HINFO = 13;
const TXT = 16;
const AAAA = 28;
const SRV = 33;
const NAPTR = 35;
const OPT = 41;
const SSHFP = 44;
const RRSIG = 46;
const NSEC = 47;
const NSEC3 = 50;
const TSIG = 250;
const CAA = 257;

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffffffff;

/** The types whose RDATA holds names (for which dns-packet has a codec, or rdata.ts reads them). */
const WITH_NAMES = new Set([2, 5, 6, 12, 15, 17, 33, 35, 39, 46, 47, 250]);

type Codec = RdataCodec & { encode: { bytes: number }; decode: { bytes: number } };
const codecs = new Map<number, Codec>();
function codecFor(type: number): Codec {
  let codec = codecs.get(type);
  if (codec === undefined) {
    // dns-packet's NS codec takes its length from RDLENGTH; its PTR codec, the same shape, does not.
    codec = rdataCodec(type === 2 ? 'PTR' : typeName(type));
    codecs.set(type, codec);
  }
  return codec;
}

// Buffer's native Latin-1 slice (not in @types/node): octets to a string, one character each.

// ---------------------------------------------------------------------------------------------
// reading

/** A <character-string> at `pos`, which must end by `end`: its text (Latin-1) and where it ends. */
function readString(buf: Buffer, pos: number, end: number, what: string): { text: string; end: number } {
  if (pos >= end) throw new PacketError(`${what} missing from its RDATA`, pos);
  const stop = pos + 1 + buf[pos]!;
  if (stop > end) throw new PacketError(`${what} runs past its RDATA`, pos);
  return { text: latin1(buf, pos + 1, stop), end: stop };
}

/** `0.` to `255.`: the first three parts of a dotted IPv4 address (readRdata's A). */
const DOTTED = Array.from({ length: 256 }, (_, i) => `${i}.`);

function fits(type: string, used: number, start: number, end: number): void {
  if (used !== end) {
    throw new PacketError(`${type} RDATA is ${end - start} octets long but its contents take ${used - start}`, start - 2);
  }
}

const ALNUM = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') ALNUM[c.charCodeAt(0)] = 1;

/** CAA (RFC 8659 4.1), as BIND's fromwire_caa checks it: a tag of 1..255 ASCII letters and digits. */
function readCaa(buf: Buffer, start: number, end: number): unknown {
  if (end - start < 2) throw new PacketError('CAA RDATA shorter than its flags and tag length', start);
  const flags = buf[start]!;
  const tagEnd = start + 2 + buf[start + 1]!;
  if (tagEnd === start + 2) throw new PacketError('CAA tag is empty', start + 1);
  if (tagEnd > end) throw new PacketError('CAA tag runs past its RDATA', start + 1);
  for (let i = start + 2; i < tagEnd; i++) {
    if (ALNUM[buf[i]!] === 0) throw new PacketError('CAA tag holds an octet that is not an ASCII letter or digit', i);
  }
  // issuerCritical is dns-packet's name for bit 7, kept for callers that read it; `flags` has all 8.
  return { flags, tag: latin1(buf, start + 2, tagEnd), value: latin1(buf, tagEnd, end), issuerCritical: (flags & 0x80) !== 0 };
}

/**
 * An NSEC / NSEC3 type bitmap filling buf[start, end), checked as BIND's typemap_test does:
 * windows in increasing order, each of 1..32 octets whose last is not zero. Those rules make
 * the wire form of a set of types unique, so what is read writes back to the same octets.
 */
function readTypeBitmap(buf: Buffer, start: number, end: number, type: string, allowEmpty: boolean): string[] {
  const types: string[] = [];
  let last = -1;
  for (let pos = start; pos < end; ) {
    if (pos + 2 > end) throw new PacketError(`${type} type bitmap ends inside a window header`, pos);
    const window = buf[pos]!;
    const len = buf[pos + 1]!;
    if (window <= last) throw new PacketError(`${type} type bitmap windows out of order or repeated`, pos);
    if (len < 1 || len > 32) throw new PacketError(`${type} type bitmap window of ${len} octets (1 to 32 allowed)`, pos + 1);
    pos += 2;
    if (pos + len > end) throw new PacketError(`${type} type bitmap window runs past its RDATA`, pos - 1);
    if (buf[pos + len - 1] === 0) throw new PacketError(`${type} type bitmap window ends in a zero octet`, pos + len - 1);
    for (let i = 0; i < len; i++) {
      const bits = buf[pos + i]!;
      for (let j = 0; j < 8; j++) if (bits & (0x80 >> j)) types.push(typeName((window << 8) | (i << 3) | j));
    }
    last = window;
    pos += len;
  }
  if (types.length === 0 && !allowEmpty) throw new PacketError(`${type} type bitmap is empty`, start);
  return types;
}

function readNsec3(buf: Buffer, start: number, end: number): unknown {
  if (end - start < 5) throw new PacketError('NSEC3 RDATA too short', start);
  const saltEnd = start + 5 + buf[start + 4]!;
  if (saltEnd + 1 > end) throw new PacketError('NSEC3 salt runs past its RDATA', start + 4);
  const hashEnd = saltEnd + 1 + buf[saltEnd]!;
  if (hashEnd === saltEnd + 1) throw new PacketError('NSEC3 next hashed owner is empty', saltEnd);
  if (hashEnd > end) throw new PacketError('NSEC3 next hashed owner runs past its RDATA', saltEnd);
  return {
    algorithm: buf[start]!,
    flags: buf[start + 1]!,
    iterations: buf.readUInt16BE(start + 2),
    salt: buf.subarray(start + 5, saltEnd),
    nextDomain: buf.subarray(saltEnd + 1, hashEnd),
    // RFC 5155 allows an empty bitmap (an empty non-terminal), as BIND does.
    rrtypes: readTypeBitmap(buf, hashEnd, end, 'NSEC3', true),
  };
}

/**
 * EDNS options: each within the OPT RDATA, and the ones dns-packet parses long enough for what
 * it reads (it would read a short CLIENT-SUBNET's family and prefixes from outside the option).
 */
function checkOptions(buf: Buffer, start: number, end: number): void {
  for (let pos = start; pos < end; ) {
    if (pos + 4 > end) throw new PacketError('EDNS option header runs past the OPT RDATA', pos);
    const code = buf.readUInt16BE(pos);
    const len = buf.readUInt16BE(pos + 2);
    if (pos + 4 + len > end) throw new PacketError(`EDNS option ${code} runs past the OPT RDATA`, pos + 2);
    // The lengths BIND's fromwire_opt requires of these (RFC 7871 6, RFC 7828 3.1, RFC 8145 4.1).
    if (code === 8 && len < 4) throw new PacketError(`EDNS CLIENT-SUBNET option of ${len} octets (at least 4)`, pos + 2);
    if (code === 11 && len !== 0 && len !== 2) throw new PacketError(`EDNS TCP-KEEPALIVE option of ${len} octets (0 or 2)`, pos + 2);
    if (code === 14 && len % 2 !== 0) throw new PacketError(`EDNS KEY-TAG option of ${len} octets (a whole number of tags)`, pos + 2);
    pos += 4 + len;
  }
}

/** The EDNS options of an OPT record whose RDATA is buf[start, end). */
export function readOptions(buf: Buffer, start: number, end: number): EdnsOption[] {
  checkOptions(buf, start, end);
  const view = end === buf.length ? buf : buf.subarray(0, end);
  const codec = codecFor(OPT);
  const options = codec.decode(view, start - 2) as EdnsOption[];
  fits('OPT', start + codec.decode.bytes - 2, start, end);
  return options;
}

/**
 * The data of a record of `type` whose RDATA is buf[start, end) of the message `buf`, in the
 * shape encodeMessage takes back. Throws PacketError for RDATA its type does not allow, or
 * whose fields do not fill RDLENGTH exactly. Nothing is read at or past `end`: names inside
 * RDATA may point back into the message but not beyond their RDATA (as in BIND).
 */
export function readRdata(type: number, buf: Buffer, start: number, end: number): unknown {
  // Names are read from a view that ends with the RDATA, so that no pointer can lead a name
  // past it. Other fields are read in order by readers that check `end` or report what they
  // took (so a read past RDLENGTH is caught by `fits`), and spare the view.
  const view = end === buf.length || !WITH_NAMES.has(type) ? buf : buf.subarray(0, end);
  switch (type) {
    case A:
      // Read here rather than by dns-packet's codec, whose template string made seven strings
      // on the way to one (about 150 bytes on every A record): three here.
      fits('A', start + 4, start, end);
      return DOTTED[buf[start]!]! + DOTTED[buf[start + 1]!]! + DOTTED[buf[start + 2]!]! + String(buf[start + 3]!);
    case AAAA: {
      // Read here rather than by dns-packet, to write the address as inet_ntop does
      // (::ffff:192.0.2.1, 1:0:0:2::3), the form node:dns, dig and getaddrinfo print.
      if (end - start !== 16) throw new PacketError(`AAAA RDATA is ${end - start} octets long but must be 16`, start - 2);
      const groups = new Array<number>(8);
      for (let i = 0; i < 8; i++) groups[i] = buf.readUInt16BE(start + 2 * i);
      return formatIPv6(groups);
    }
    case TSIG:
      return readTsigRdata(view, start, end);
    case TXT:
      // RFC 1035 3.3.14: TXT-DATA is one or more character-strings; dns-packet would read none.
      if (end === start) throw new PacketError('TXT RDATA holds no character-string', start - 2);
      break;
    case HINFO: {
      const cpu = readString(view, start, end, 'HINFO CPU');
      const os = readString(view, cpu.end, end, 'HINFO OS');
      fits('HINFO', os.end, start, end);
      return { cpu: cpu.text, os: os.text };
    }
    case SRV: {
      if (end - start < 7) throw new PacketError(`SRV RDATA of ${end - start} octets is too short`, start - 2);
      const target = readName(view, start + 6);
      fits('SRV', target.end, start, end);
      return { priority: buf.readUInt16BE(start), weight: buf.readUInt16BE(start + 2), port: buf.readUInt16BE(start + 4), target: target.name };
    }
    case NAPTR: {
      if (end - start < 4) throw new PacketError(`NAPTR RDATA of ${end - start} octets is too short`, start - 2);
      const flags = readString(view, start + 4, end, 'NAPTR flags');
      const services = readString(view, flags.end, end, 'NAPTR services');
      const regexp = readString(view, services.end, end, 'NAPTR regexp');
      const replacement = readName(view, regexp.end);
      fits('NAPTR', replacement.end, start, end);
      return {
        order: buf.readUInt16BE(start),
        preference: buf.readUInt16BE(start + 2),
        flags: flags.text,
        services: services.text,
        regexp: regexp.text,
        replacement: replacement.name,
      };
    }
    case CAA:
      return readCaa(view, start, end);
    case NSEC: {
      const next = readName(view, start);
      // BIND refuses an NSEC without types (every NSEC owner has at least NSEC and RRSIG).
      return { nextDomain: next.name, rrtypes: readTypeBitmap(view, next.end, end, 'NSEC', false) };
    }
    case NSEC3:
      return readNsec3(view, start, end);
    case SSHFP: {
      // dns-packet knows the fingerprint length of types 1 and 2 only, and would misread others.
      const hash = end - start >= 2 ? buf[start + 1]! : -1;
      if (hash !== 1 && hash !== 2) throw new PacketError(`SSHFP fingerprint type ${hash} cannot be read (only 1, SHA-1, and 2, SHA-256)`, start + 1);
      break;
    }
    default:
      break;
  }
  const codec = codecFor(type);
  const data = codec.decode(view, start - 2);
  fits(typeName(type), start + codec.decode.bytes - 2, start, end);
  if (type === RRSIG) {
    // In the package's own names (TYPE65280, SMIMEA), not dns-packet's (UNKNOWN_65280, UNKNOWN_53).
    (data as { typeCovered: string }).typeCovered = typeName(buf.readUInt16BE(start));
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// writing

/** The numeric fields dns-packet writes with Buffer's writers, which write a missing number as 0 and cut others. */
const NUMERIC_FIELDS: Record<number, ReadonlyArray<readonly [string, number]>> = {
  6: [['serial', U32], ['refresh', U32], ['retry', U32], ['expire', U32], ['minimum', U32]], // SOA
  15: [['preference', U16]], // MX
  33: [['priority', U16], ['weight', U16], ['port', U16]], // SRV
  35: [['order', U16], ['preference', U16]], // NAPTR
  43: [['keyTag', U16], ['algorithm', U8], ['digestType', U8]], // DS
  44: [['algorithm', U8], ['hash', U8]], // SSHFP
  46: [['algorithm', U8], ['labels', U8], ['originalTTL', U32], ['expiration', U32], ['inception', U32], ['keyTag', U16]], // RRSIG
  48: [['flags', U16], ['algorithm', U8]], // DNSKEY
  50: [['algorithm', U8], ['flags', U8], ['iterations', U16]], // NSEC3
  52: [['usage', U8], ['selector', U8], ['matchingType', U8]], // TLSA
};

function checkFields(type: number, data: unknown, owner: string): Record<string, unknown> {
  const name = typeName(type);
  if (typeof data !== 'object' || data === null) throw new PacketError(`${name} record "${owner}" needs an object`);
  const fields = data as Record<string, unknown>;
  for (const [field, max] of NUMERIC_FIELDS[type] ?? []) {
    const v = fields[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
      throw new PacketError(`${name} record "${owner}": ${field} must be a whole number from 0 to ${max}`);
    }
  }
  return fields;
}

/** The octets of a HINFO, NAPTR or CAA string: a binary string (one character per octet) or a Uint8Array. */
function binaryOctets(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== 'string') throw new PacketError(`${what} must be a string or a Uint8Array`);
  if (!/^[\x00-\xff]*$/.test(value)) {
    throw new PacketError(`${what} holds characters above U+00FF: it is written one octet per character (give a Buffer for UTF-8)`);
  }
  return Buffer.from(value, 'latin1');
}

/** Writes a <character-string> at `pos`; returns the offset after it. */
function writeString(octets: Uint8Array, buf: Buffer, pos: number, what: string): number {
  if (octets.length > 255) throw new PacketError(`${what} is ${octets.length} octets long; a character-string holds at most 255`);
  buf[pos] = octets.length;
  return pos + 1 + Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength).copy(buf, pos + 1);
}

/** A type named as this package names it (A, TYPE65280) or as dns-packet does (UNKNOWN_65280). */
function typeFromName(name: unknown, what: string): number {
  if (typeof name !== 'string') throw new PacketError(`${what}: a type must be named by a string, not ${typeof name}`);
  const unknown = /^UNKNOWN_([0-9]{1,5})$/.exec(name);
  if (unknown !== null && Number(unknown[1]) <= U16) return Number(unknown[1]);
  try {
    return typeNumber(name);
  } catch {
    throw new PacketError(`${what}: "${name}" is not a record type`);
  }
}

/** Writes the type bitmap of a set of types (the order and repeats of the list do not matter). */
function writeTypeBitmap(types: unknown, buf: Buffer, pos: number, what: string, allowEmpty: boolean): number {
  if (!Array.isArray(types)) throw new PacketError(`${what}: rrtypes must be an array of type names`);
  const numbers = [...new Set(types.map((t) => typeFromName(t, what)))].sort((a, b) => a - b);
  if (numbers.length === 0 && !allowEmpty) throw new PacketError(`${what}: an NSEC record names at least one type`);
  for (let i = 0; i < numbers.length; ) {
    const window = numbers[i]! >> 8;
    const bitmapAt = pos + 2;
    let len = 0;
    for (; i < numbers.length && numbers[i]! >> 8 === window; i++) {
      const low = numbers[i]! & 0xff;
      const octet = low >> 3;
      for (; len <= octet; len++) buf[bitmapAt + len] = 0;
      buf[bitmapAt + octet]! |= 0x80 >> (low & 7);
    }
    buf[pos] = window;
    buf[pos + 1] = len;
    pos = bitmapAt + len;
  }
  return pos;
}

function buffer(value: unknown, what: string, min: number, max: number): Buffer {
  if (!Buffer.isBuffer(value)) throw new PacketError(`${what} must be a Buffer`);
  if (value.length < min || value.length > max) throw new PacketError(`${what} must be ${min} to ${max} octets, not ${value.length}`);
  return value;
}

/** Writes RDATA that this file lays out itself, from RDLENGTH's offset; undefined for dns-packet's types. */
function writeOwn(type: number, data: unknown, buf: Buffer, at: number, owner: string): number | undefined {
  const start = at + 2;
  let pos = start;
  switch (type) {
    case AAAA: {
      const groups = typeof data === 'string' ? parseInetPton6(data) : undefined;
      if (groups === undefined) throw new PacketError(`AAAA record "${owner}" needs an IPv6 address, not ${JSON.stringify(data)}`);
      for (let i = 0; i < 8; i++) buf.writeUInt16BE(groups[i]!, start + 2 * i);
      pos += 16;
      break;
    }
    case TXT: {
      // Not in place, as dns-packet would (it turns the caller's strings into Buffers).
      const list: unknown[] = Array.isArray(data) ? data : [data];
      if (list.length === 0) throw new PacketError(`TXT record "${owner}" needs at least one string (RFC 1035 3.3.14)`);
      for (const s of list) {
        let octets: Uint8Array;
        if (typeof s === 'string') octets = Buffer.from(s, 'utf8');
        else if (s instanceof Uint8Array) octets = s;
        else throw new PacketError(`TXT record "${owner}": each string must be a string or a Uint8Array`);
        pos = writeString(octets, buf, pos, `TXT string of "${owner}"`);
      }
      break;
    }
    case HINFO: {
      const d = checkFields(type, data, owner);
      pos = writeString(binaryOctets(d.cpu, `HINFO CPU of "${owner}"`), buf, pos, `HINFO CPU of "${owner}"`);
      pos = writeString(binaryOctets(d.os, `HINFO OS of "${owner}"`), buf, pos, `HINFO OS of "${owner}"`);
      break;
    }
    case NAPTR: {
      const d = checkFields(type, data, owner);
      buf.writeUInt16BE(d.order as number, pos);
      buf.writeUInt16BE(d.preference as number, pos + 2);
      pos += 4;
      for (const field of ['flags', 'services', 'regexp'] as const) {
        const what = `NAPTR ${field} of "${owner}"`;
        pos = writeString(binaryOctets(d[field], what), buf, pos, what);
      }
      pos = writeName(d.replacement as string, buf, pos);
      break;
    }
    case CAA: {
      const d = checkFields(type, data, owner);
      // dns-packet would set flags to 128 for issuerCritical, in the caller's object, dropping
      // the other bits. Here `flags` is written as given; issuerCritical alone means 128.
      let flags: number;
      if (d.flags === undefined) {
        flags = d.issuerCritical === true ? 0x80 : 0;
      } else {
        if (typeof d.flags !== 'number' || !Number.isInteger(d.flags) || d.flags < 0 || d.flags > U8) {
          throw new PacketError(`CAA record "${owner}": flags must be a whole number from 0 to 255`);
        }
        flags = d.flags;
        if (d.issuerCritical !== undefined && Boolean(d.issuerCritical) !== ((flags & 0x80) !== 0)) {
          throw new PacketError(`CAA record "${owner}": issuerCritical says ${String(d.issuerCritical)} but flags ${flags} say otherwise`);
        }
      }
      if (typeof d.tag !== 'string' || !/^[A-Za-z0-9]{1,255}$/.test(d.tag)) {
        throw new PacketError(`CAA record "${owner}": the tag must be 1 to 255 ASCII letters and digits (RFC 8659 4.1)`);
      }
      buf[pos] = flags;
      pos = writeString(Buffer.from(d.tag, 'latin1'), buf, pos + 1, 'CAA tag');
      const value = binaryOctets(d.value, `CAA value of "${owner}"`);
      pos += Buffer.from(value.buffer, value.byteOffset, value.byteLength).copy(buf, pos);
      break;
    }
    case NSEC: {
      const d = checkFields(type, data, owner);
      pos = writeName(d.nextDomain as string, buf, pos);
      pos = writeTypeBitmap(d.rrtypes, buf, pos, `NSEC record "${owner}"`, false);
      break;
    }
    case NSEC3: {
      const d = checkFields(type, data, owner);
      const salt = buffer(d.salt, `NSEC3 salt of "${owner}"`, 0, 255);
      const next = buffer(d.nextDomain, `NSEC3 next hashed owner of "${owner}"`, 1, 255);
      buf[pos] = d.algorithm as number;
      buf[pos + 1] = d.flags as number;
      buf.writeUInt16BE(d.iterations as number, pos + 2);
      buf[pos + 4] = salt.length;
      pos += 5 + salt.copy(buf, pos + 5);
      buf[pos] = next.length;
      pos += 1 + next.copy(buf, pos + 1);
      pos = writeTypeBitmap(d.rrtypes, buf, pos, `NSEC3 record "${owner}"`, true);
      break;
    }
    default:
      return undefined;
  }
  if (pos - start > U16) throw new PacketError(`RDATA of "${owner}" longer than 65535 octets`, -1, { tooLong: true });
  buf.writeUInt16BE(pos - start, at);
  return pos;
}

/** Writes the OPT record's RDLENGTH and options at `at`; returns the offset after them. */
export function writeOptions(options: unknown, buf: Buffer, at: number): number {
  if (!Array.isArray(options)) throw new PacketError('EDNS options must be an array');
  const codec = codecFor(OPT);
  codec.encode(options, buf, at);
  return at + codec.encode.bytes;
}

/**
 * Writes RDLENGTH and the RDATA of a record of `type` with data `data` (not null) at `at`, and
 * returns the offset after it. `buf` must have room past 65535 for an overlong record to be
 * measured; the caller refuses a message that ends past 65535. Never changes `data`; throws
 * PacketError for data that cannot be written so that it reads back the same.
 */
export function writeRdata(type: number, data: unknown, buf: Buffer, at: number, owner: string): number {
  if (type === TSIG) return writeTsigRdata(data as TsigData, buf, at);
  const own = writeOwn(type, data, buf, at, owner);
  if (own !== undefined) return own;
  if (type === A) {
    if (typeof data !== 'string' || parseInetPton4(data) === undefined) {
      throw new PacketError(`A record "${owner}" needs a dotted-quad IPv4 address, not ${JSON.stringify(data)}`);
    }
  } else if (NUMERIC_FIELDS[type] !== undefined) {
    const fields = checkFields(type, data, owner);
    if (type === RRSIG) {
      // dns-packet writes a type it has no name for as 0; its UNKNOWN_n form it writes as n.
      data = { ...fields, typeCovered: `UNKNOWN_${typeFromName(fields.typeCovered, `RRSIG record "${owner}"`)}` };
    }
  }
  const codec = codecFor(type);
  codec.encode(data, buf, at);
  return at + codec.encode.bytes;
}
