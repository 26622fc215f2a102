/**
 * encodeMessage / decodeMessage: whole DNS messages, checked strictly; readHeaderAndQuestion:
 * the cheap first look a transport takes before deciding a reply is worth decoding.
 *
 * This file does the header, the sections and the checks around them: counts against the
 * bytes there are, trailing octets, class NONE and numeric classes, empty RDATA for RFC 2136,
 * opcode and rcode by name, the EDNS extended rcode, where OPT and TSIG records may stand.
 * RDATA is rdata.ts's (RDLENGTH against what the fields really take), names are names.ts's
 * (and so is the bound on decompression work). Whatever goes wrong, the only error that leaves
 * these functions is a PacketError.
 */
import { PacketError } from '../errors.js';
import {
  classNumber,
  className,
  opcodeName,
  opcodeNumber,
  rcodeName,
  rcodeNumber,
  typeName,
  typeNumber,
} from './constants.js';
import { readName, withNameBudget, withStrictNames, writeName } from './names.js';
import { randomId } from './random.js';
import { readOptions, readRdata, writeOptions, writeRdata } from './rdata.js';
import type { Edns, HeaderFlags, Message, MessageInput, OpcodeName, Question, RcodeName, ResourceRecord } from './types.js';

/** The largest DNS message (its length must fit TCP's 16-bit length prefix). */
export const MAX_MESSAGE_OCTETS = 65535;

const HEADER_OCTETS = 12;
const TYPE_OPT = 41;
const TYPE_TSIG = 250;
const CLASS_NONE = 254;
const CLASS_ANY = 255;

// ---------------------------------------------------------------------------------------------
// decode

/** Where decoding had got to, so that a foreign error can still be reported with an offset. */
let at = 0;

function readQuestion(buf: Buffer, pos: number, out: Question[], i: number): number {
  at = pos;
  const { name, end } = readName(buf, pos);
  if (end + 4 > buf.length) throw new PacketError('question runs past the end of the message', end);
  out[i] = { name, type: typeName(buf.readUInt16BE(end)), class: className(buf.readUInt16BE(end + 2)) };
  return end + 4;
}

/**
 * An array for a section of `count` entries whose smallest takes `least` octets: as long as the
 * count, or as the octets left can hold if that is fewer (a forged count allocates nothing
 * for entries that cannot be there). Pushing to an empty array instead made room for 16 at
 * once: about 130 bytes more for each section of one or two entries, on every reply.
 */
function sectionArray<T>(count: number, octetsLeft: number, least: number): T[] {
  return count === 0 ? [] : new Array<T>(Math.min(count, Math.floor(octetsLeft / least)));
}

/** The smallest question (the root, type, class) and the smallest record (the root, type, class, TTL, RDLENGTH). */
const LEAST_QUESTION = 5;
const LEAST_RECORD = 11;

interface Section {
  records: ResourceRecord[];
  /** How many of `records` are filled (an OPT record takes no place there). */
  size: number;
  edns?: Edns;
  extendedRcode: number;
}

function readRecord(buf: Buffer, pos: number, section: Section, isAdditional: boolean, isLast: boolean): number {
  at = pos;
  const { name, end } = readName(buf, pos);
  if (end + 10 > buf.length) throw new PacketError('record header runs past the end of the message', end);
  const type = buf.readUInt16BE(end);
  const klass = buf.readUInt16BE(end + 2);
  const ttlField = buf.readUInt32BE(end + 4);
  const rdlength = buf.readUInt16BE(end + 8);
  const rdStart = end + 10;
  const rdEnd = rdStart + rdlength;
  if (rdEnd > buf.length) {
    throw new PacketError(`RDATA of ${rdlength} octets runs past the end of the message`, end + 8);
  }
  at = end + 8;

  if (type === TYPE_OPT) {
    if (!isAdditional) throw new PacketError('OPT record outside the additional section', pos);
    if (section.edns !== undefined) throw new PacketError('more than one OPT record', pos);
    if (name !== '.') throw new PacketError('OPT record not owned by the root', pos);
    const options = readOptions(buf, rdStart, rdEnd);
    section.extendedRcode = ttlField >>> 24;
    section.edns = {
      udpPayloadSize: klass,
      version: (ttlField >>> 16) & 0xff,
      do: (ttlField & 0x8000) !== 0,
      flags: ttlField & 0x7fff,
      options,
    };
    return rdEnd;
  }

  let data: unknown;
  if (type === TYPE_TSIG) {
    if (!isAdditional || !isLast) throw new PacketError('TSIG record is not the last record of the message', pos);
    data = readRdata(type, buf, rdStart, rdEnd); // never empty, though its class is ANY
  } else if (rdlength === 0 && (klass === CLASS_ANY || klass === CLASS_NONE)) {
    data = null; // RFC 2136: "RRset exists", "delete an RRset" and their kin carry no RDATA
  } else {
    data = readRdata(type, buf, rdStart, rdEnd);
  }
  section.records[section.size++] = {
    name,
    type: typeName(type),
    class: className(klass),
    // RFC 2181 section 8: a TTL with the top bit set is treated as zero.
    ttl: ttlField > 0x7fffffff ? 0 : ttlField,
    data,
  };
  return rdEnd;
}

/** The message; undefined when `wanted` turned it away after the header and first question. */
function decodeBody(buf: Buffer, wanted?: (head: HeaderAndQuestion) => boolean): Message | undefined {
  const id = buf.readUInt16BE(0);
  const word = buf.readUInt16BE(2);
  const qdcount = buf.readUInt16BE(4);
  const ancount = buf.readUInt16BE(6);
  const nscount = buf.readUInt16BE(8);
  const arcount = buf.readUInt16BE(10);
  const flags = headerFlags(word);

  let pos = HEADER_OCTETS;
  const questions = sectionArray<Question>(qdcount, buf.length - pos, LEAST_QUESTION);
  if (qdcount > 0) pos = readQuestion(buf, pos, questions, 0);
  if (wanted !== undefined) {
    const opcode = opcodeName((word >>> 11) & 0xf);
    const head: HeaderAndQuestion = { id, opcode, headerRcode: rcodeName(word & 0xf), flags, qdcount, ancount, nscount, arcount };
    if (qdcount > 0) head.question = questions[0]!;
    if (!wanted(head)) return undefined;
  }
  for (let i = 1; i < qdcount; i++) pos = readQuestion(buf, pos, questions, i);

  const answers: Section = { records: sectionArray(ancount, buf.length - pos, LEAST_RECORD), size: 0, extendedRcode: 0 };
  for (let i = 0; i < ancount; i++) pos = readRecord(buf, pos, answers, false, false);
  const authorities: Section = { records: sectionArray(nscount, buf.length - pos, LEAST_RECORD), size: 0, extendedRcode: 0 };
  for (let i = 0; i < nscount; i++) pos = readRecord(buf, pos, authorities, false, false);
  const additionals: Section = { records: sectionArray(arcount, buf.length - pos, LEAST_RECORD), size: 0, extendedRcode: 0 };
  for (let i = 0; i < arcount; i++) pos = readRecord(buf, pos, additionals, true, i === arcount - 1);
  // The OPT record is not one of the additionals.
  if (additionals.size !== additionals.records.length) additionals.records.length = additionals.size;

  if (pos !== buf.length) {
    throw new PacketError(`${buf.length - pos} octets after the last record the counts announce`, pos);
  }

  const message: Message = {
    id,
    opcode: opcodeName((word >>> 11) & 0xf),
    rcode: rcodeName((additionals.extendedRcode << 4) | (word & 0xf)),
    flags,
    questions,
    answers: answers.records,
    authorities: authorities.records,
    additionals: additionals.records,
  };
  if (additionals.edns !== undefined) message.edns = additionals.edns;
  return message;
}

/**
 * Decodes a whole DNS message (without TCP's length prefix). Every length, count, pointer and
 * RDLENGTH is checked and trailing octets are refused: anything malformed is a PacketError whose
 * `offset` says where, and no other error escapes. Decompressing the message's names may cost
 * at most MAX_NAME_WORK octets (names.ts), so that no message costs much more to refuse than an
 * honest one of its size costs to read.
 */
export function decodeMessage(wire: Uint8Array): Message {
  return decodeReply(wire, undefined)!;
}

/**
 * decodeMessage for a transport judging replies: `wanted` sees the header and first question
 * (as readHeaderAndQuestion gives them) before anything else is read, and when it turns them
 * away the result is undefined, at the cost of one name. Nothing is read twice.
 */
export function decodeReply(wire: Uint8Array, wanted: ((head: HeaderAndQuestion) => boolean) | undefined): Message | undefined {
  const buf = checkedBuffer(wire);
  at = 0;
  try {
    return withNameBudget(() => withStrictNames(() => decodeBody(buf, wanted)));
  } catch (err) {
    throw asPacketError(err, 'malformed message', at);
  }
}

/** What readHeaderAndQuestion reads: the header, and the first question if there is one. */
export interface HeaderAndQuestion {
  id: number;
  opcode: OpcodeName;
  /**
   * The header's four rcode bits only, as a name. An OPT record may extend them (BADVERS is
   * 16: NOERROR here), so take the rcode from decodeMessage for anything but a first look.
   */
  headerRcode: RcodeName;
  flags: HeaderFlags;
  qdcount: number;
  ancount: number;
  nscount: number;
  arcount: number;
  /** The first question, read as decodeMessage reads it; absent when qdcount is 0. */
  question?: Question;
}

function headerFlags(word: number): HeaderFlags {
  return {
    qr: (word & 0x8000) !== 0,
    aa: (word & 0x0400) !== 0,
    tc: (word & 0x0200) !== 0,
    rd: (word & 0x0100) !== 0,
    ra: (word & 0x0080) !== 0,
    z: (word & 0x0040) !== 0,
    ad: (word & 0x0020) !== 0,
    cd: (word & 0x0010) !== 0,
  };
}

function checkedBuffer(wire: Uint8Array): Buffer {
  if (!(wire instanceof Uint8Array)) throw new PacketError('a DNS message must be a Buffer or Uint8Array');
  const buf = Buffer.isBuffer(wire) ? wire : Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength);
  if (buf.length < HEADER_OCTETS) throw new PacketError(`message of ${buf.length} octets is shorter than a header`, 0);
  if (buf.length > MAX_MESSAGE_OCTETS) throw new PacketError(`message longer than ${MAX_MESSAGE_OCTETS} octets`, 0, { tooLong: true });
  return buf;
}

/**
 * Reads only the header and the first question of a message, at the cost of one name: enough
 * for a transport to drop a reply whose ID, QR bit, opcode or question do not match its query
 * before paying for the rest. Nothing after the first question is looked at, so a message this
 * reads may still be one decodeMessage refuses. Throws PacketError for a short header or a
 * malformed first question.
 */
export function readHeaderAndQuestion(wire: Uint8Array): HeaderAndQuestion {
  let head: HeaderAndQuestion | undefined;
  decodeReply(wire, (h) => {
    head = h;
    return false;
  });
  return head!;
}

// ---------------------------------------------------------------------------------------------
// encode

// One reusable buffer for every message; a message is copied out of it when done. The slack
// past 65535 lets a record that overflows be measured (and refused) instead of silently cut.
const scratch = Buffer.allocUnsafe(MAX_MESSAGE_OCTETS + 1024);

const U16 = 0xffff;

function checkRoom(pos: number, what: string): void {
  if (pos > MAX_MESSAGE_OCTETS) throw new PacketError(`message longer than ${MAX_MESSAGE_OCTETS} octets at ${what}`, -1, { tooLong: true });
}

function writeRecord(rr: ResourceRecord, buf: Buffer, pos: number): number {
  const type = typeNumber(rr.type);
  if (type === TYPE_OPT) throw new PacketError('put EDNS in the message\'s "edns" field, not an OPT record');
  const klass = classNumber(rr.class ?? 'IN');
  const ttl = rr.ttl ?? 0;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0x7fffffff) {
    throw new PacketError(`TTL of "${rr.name}" must be a whole number from 0 to 2147483647, not ${ttl}`);
  }
  pos = writeName(rr.name, buf, pos);
  buf.writeUInt16BE(type, pos);
  buf.writeUInt16BE(klass, pos + 2);
  buf.writeUInt32BE(ttl, pos + 4);
  pos += 8;
  const data: unknown = rr.data;
  if (data === null || data === undefined) {
    buf.writeUInt16BE(0, pos);
    return pos + 2;
  }
  try {
    return writeRdata(type, data, buf, pos, rr.name);
  } catch (err) {
    throw asPacketError(err, `cannot encode ${typeName(type)} record "${rr.name}"`, -1);
  }
}

function writeOpt(edns: Partial<Edns>, extendedRcode: number, buf: Buffer, pos: number): number {
  const size = edns.udpPayloadSize ?? 1232;
  const version = edns.version ?? 0;
  const flags = edns.flags ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > U16) throw new PacketError('EDNS udpPayloadSize must fit 16 bits');
  if (!Number.isInteger(version) || version < 0 || version > 0xff) throw new PacketError('EDNS version must fit 8 bits');
  if (!Number.isInteger(flags) || flags < 0 || flags > 0x7fff) throw new PacketError('EDNS flags must fit 15 bits');
  buf[pos] = 0; // owner: the root
  buf.writeUInt16BE(TYPE_OPT, pos + 1);
  buf.writeUInt16BE(size, pos + 3);
  buf[pos + 5] = extendedRcode;
  buf[pos + 6] = version;
  buf.writeUInt16BE((edns.do === true ? 0x8000 : 0) | flags, pos + 7);
  try {
    return writeOptions(edns.options ?? [], buf, pos + 9);
  } catch (err) {
    throw asPacketError(err, 'cannot encode EDNS options', -1);
  }
}

function flagsWord(input: MessageInput, rcode: number): number {
  const f: Partial<HeaderFlags> = input.flags ?? {};
  return (
    (f.qr ? 0x8000 : 0) |
    (opcodeNumber(input.opcode ?? 'QUERY') << 11) |
    (f.aa ? 0x0400 : 0) |
    (f.tc ? 0x0200 : 0) |
    (f.rd ? 0x0100 : 0) |
    (f.ra ? 0x0080 : 0) |
    (f.z ? 0x0040 : 0) |
    (f.ad ? 0x0020 : 0) |
    (f.cd ? 0x0010 : 0) |
    (rcode & 0xf)
  );
}

function encodeBody(input: MessageInput, buf: Buffer): number {
  const id = input.id ?? randomId();
  if (!Number.isInteger(id) || id < 0 || id > U16) throw new PacketError(`message id must fit 16 bits, not ${id}`);
  const rcode = rcodeNumber(input.rcode ?? 'NOERROR');
  if (rcode > 0xf && input.edns === undefined) {
    throw new PacketError(`rcode ${input.rcode} needs an OPT record: give the message an "edns" field`);
  }
  const questions = input.questions ?? [];
  const answers = input.answers ?? [];
  const authorities = input.authorities ?? [];
  const additionals = input.additionals ?? [];
  const arcount = additionals.length + (input.edns === undefined ? 0 : 1);
  for (const [what, n] of [['questions', questions.length], ['answers', answers.length], ['authorities', authorities.length], ['additionals', arcount]] as const) {
    if (n > U16) throw new PacketError(`too many ${what}: ${n}`);
  }
  additionals.forEach((rr, i) => {
    if (typeof rr.type === 'string' && rr.type.toUpperCase() === 'TSIG' && i !== additionals.length - 1) {
      throw new PacketError('a TSIG record must be the last additional record');
    }
  });

  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(flagsWord(input, rcode), 2);
  buf.writeUInt16BE(questions.length, 4);
  buf.writeUInt16BE(answers.length, 6);
  buf.writeUInt16BE(authorities.length, 8);
  buf.writeUInt16BE(arcount, 10);
  let pos = HEADER_OCTETS;
  for (const q of questions) {
    pos = writeName(q.name, buf, pos);
    buf.writeUInt16BE(typeNumber(q.type), pos);
    buf.writeUInt16BE(classNumber(q.class ?? 'IN'), pos + 2);
    pos += 4;
    checkRoom(pos, 'the question section');
  }
  for (const list of [answers, authorities]) {
    for (const rr of list) {
      pos = writeRecord(rr, buf, pos);
      checkRoom(pos, `record "${rr.name}"`);
    }
  }
  // The OPT record goes first among the additionals, so that a TSIG record can stay last.
  if (input.edns !== undefined) {
    pos = writeOpt(input.edns, rcode >>> 4, buf, pos);
    checkRoom(pos, 'the OPT record');
  }
  for (const rr of additionals) {
    pos = writeRecord(rr, buf, pos);
    checkRoom(pos, `record "${rr.name}"`);
  }
  return pos;
}

/**
 * Encodes a message. Names are checked (label and name lengths, escapes), A and AAAA data must
 * be real addresses, numeric fields must fit, and an rcode above 15 needs `edns`. A missing id
 * is drawn at random. Throws PacketError for anything that cannot be encoded faithfully.
 */
export function encodeMessage(message: MessageInput): Buffer {
  if (typeof message !== 'object' || message === null) throw new PacketError('encodeMessage needs a message object');
  let end: number;
  try {
    end = withStrictNames(() => encodeBody(message, scratch));
  } catch (err) {
    throw asPacketError(err, 'cannot encode message', -1);
  }
  return Buffer.from(scratch.subarray(0, end));
}

function asPacketError(err: unknown, context: string, offset: number): PacketError {
  if (err instanceof PacketError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new PacketError(`${context}: ${detail}`, offset);
}
