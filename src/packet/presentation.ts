/**
 * Records and messages in RFC 1035 master-file presentation format, byte for byte as BIND 9's
 * dig and nsupdate print them (checked against dig 9.18's output for the same records).
 *
 * Why copy BIND's quirks rather than tidy them: people compare this output with dig's, and
 * scripts cut it with awk. So the fields sit on BIND's tab stops (TTL at column 24, class at
 * 32, type at 40, RDATA at 48, a single space once a field overruns its column), long base64
 * and hex are cut into 56-character chunks, an empty RDATA still gets its separator, and a
 * TSIG record ends with the blank BIND writes before its empty "other data".
 *
 * Pure: no I/O, no clock. It reads the shapes decodeMessage gives (dns-packet's per type),
 * and never throws for an odd RDATA: what it cannot read it writes in RFC 3597 `\# len hex`.
 */
import { formatIPv6 } from './address.js';
import { encodeBase32hex } from './base32hex.js';
import { isTypeName, typeName, typeNumber } from './constants.js';
import { hasTrailingDot } from './names.js';
import type { Edns, EdnsOption, Message, Question, ResourceRecord, TsigData } from './types.js';

// ---------------------------------------------------------------------------------------------
// pieces

/** BIND's columns for owner | TTL | class | type | RDATA, and its tab width. */
const TTL_COLUMN = 24;
const CLASS_COLUMN = 32;
const TYPE_COLUMN = 40;
const RDATA_COLUMN = 48;
const TAB = 8;
/** BIND (dig's default style) cuts base64 and hex into chunks this long, joined by a space. */
const CHUNK = 56;

/** Appends `field` to a line at `column`, as BIND's masterdump indents: tabs, or one place on (a space, or a tab at a tab stop) once past it. */
class Line {
  private col = 0;

  /** `text` starts the line but is not counted: dig's ';' before a question is outside BIND's columns. */
  constructor(private text = '') {}

  add(field: string): this {
    this.text += field;
    this.col += field.length;
    return this;
  }

  at(column: number, field: string): this {
    // masterdump.c indent(): a field past its column still moves on at least one place, and
    // that place is a tab when it crosses a tab stop (`300` ending at column 39 gets a tab).
    const to = this.col >= column ? this.col + 1 : column;
    const tabs = Math.floor(to / TAB) - Math.floor(this.col / TAB);
    if (tabs > 0) {
      this.text += '\t'.repeat(tabs);
      this.col = Math.floor(to / TAB) * TAB;
    }
    this.text += ' '.repeat(to - this.col);
    this.col = to;
    return this.add(field);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * A name as an absolute presentation name (with its trailing dot). Names here come without one
 * (the root is "."), but one written by hand with a trailing dot is left as it is; `a\.` is a
 * label ending in an escaped dot, not an absolute name, so the backslashes are counted.
 */
export function absoluteName(name: string): string {
  if (name === '' || name === '.') return '.';
  return hasTrailingDot(name) ? name : name + '.';
}

/**
 * An RFC 1035 <character-string> in quotes, as BIND writes one: `"` and `\` escaped with a
 * backslash, octets outside 0x20..0x7e as `\DDD`, everything else (`;`, `(`, `@`, space) as is,
 * since inside quotes it needs no escape. A string is taken as its UTF-8 octets.
 */
export function quoteString(value: Uint8Array | string): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + String(b).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

function chunked(text: string): string {
  if (text.length <= CHUNK) return text;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) parts.push(text.slice(i, i + CHUNK));
  return parts.join(' ');
}

function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.alloc(0);
}

/**
 * The octets of a HINFO, CAA or NAPTR string: the codec gives these as binary strings, one
 * character per octet (Latin-1). A string with characters above U+00FF cannot be such a string
 * (the encoder refuses it); it is shown as its UTF-8 octets rather than cut.
 */
function binaryOctets(value: unknown): Buffer {
  if (typeof value !== 'string') return bytesOf(value);
  return Buffer.from(value, /^[\x00-\xff]*$/.test(value) ? 'latin1' : 'utf8');
}

const hex = (value: unknown): string => chunked(bytesOf(value).toString('hex').toUpperCase());
const base64 = (value: unknown): string => chunked(bytesOf(value).toString('base64'));

/** RFC 3597's generic RDATA: `\# 0`, or `\# len HEX` in BIND's chunks. */
function generic(rdata: Buffer): string {
  return rdata.length === 0 ? '\\# 0' : `\\# ${rdata.length} ${hex(rdata)}`;
}

/** A type from dns-packet's naming (which says `UNKNOWN_nnn` for what it does not know) in BIND's. */
function typeText(name: unknown): string {
  const text = String(name);
  const unknown = /^UNKNOWN_(\d+)$/.exec(text);
  if (unknown) return typeName(Number(unknown[1]));
  return isTypeName(text) ? typeName(typeNumber(text)) : text;
}

function typeList(types: unknown): string {
  return Array.isArray(types) ? types.map(typeText).join(' ') : '';
}

/** A time in RRSIG's YYYYMMDDHHmmSS form (UTC). */
function sigTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

// ---------------------------------------------------------------------------------------------
// RDATA

type Fields = Record<string, unknown>;

/** Character-strings packed one after another (TXT's wire form), for types dns-packet leaves raw. */
function readStrings(raw: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  for (let i = 0; i < raw.length; ) {
    const len = raw[i]!;
    if (i + 1 + len > raw.length) return undefined;
    out.push(raw.subarray(i + 1, i + 1 + len));
    i += 1 + len;
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Types dns-packet does not decode (it hands over their raw RDATA) but whose form is simple and
 * free of names, so they can be read here and printed as BIND does instead of as `\#`.
 */
function rawRdata(type: string, raw: Buffer): string | undefined {
  switch (type) {
    case 'SPF': {
      const strings = readStrings(raw);
      return strings?.map(quoteString).join(' ');
    }
    case 'CDS':
    case 'DLV':
    case 'TA':
      if (raw.length < 4) return undefined;
      return `${raw.readUInt16BE(0)} ${raw[2]} ${raw[3]} ${raw.length > 4 ? hex(raw.subarray(4)) : '-'}`;
    case 'CDNSKEY':
      if (raw.length < 4) return undefined;
      return `${raw.readUInt16BE(0)} ${raw[2]} ${raw[3]}${raw.length > 4 ? ' ' + base64(raw.subarray(4)) : ''}`;
    case 'NSEC3PARAM': {
      if (raw.length < 5 || raw.length !== 5 + raw[4]!) return undefined;
      const salt = raw.subarray(5);
      return `${raw[0]} ${raw[1]} ${raw.readUInt16BE(2)} ${salt.length === 0 ? '-' : hex(salt)}`;
    }
    case 'URI':
      if (raw.length < 4) return undefined;
      return `${raw.readUInt16BE(0)} ${raw.readUInt16BE(2)} ${quoteString(raw.subarray(4))}`;
    case 'SMIMEA':
      if (raw.length < 3) return undefined;
      return `${raw[0]} ${raw[1]} ${raw[2]} ${hex(raw.subarray(3))}`;
    case 'OPENPGPKEY':
      return raw.length > 0 ? base64(raw) : undefined;
    case 'EUI48':
    case 'EUI64':
      if (raw.length !== (type === 'EUI48' ? 6 : 8)) return undefined;
      return raw.toString('hex').match(/../g)!.join('-');
    default:
      return undefined;
  }
}

function optionsWire(options: unknown): Buffer {
  if (!Array.isArray(options)) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for (const o of options as EdnsOption[]) {
    const data = bytesOf(o.data);
    const head = Buffer.alloc(4);
    head.writeUInt16BE(Number(o.code) & 0xffff, 0);
    head.writeUInt16BE(data.length, 2);
    parts.push(head, data);
  }
  return Buffer.concat(parts);
}

function tsigText(t: TsigData): string {
  const mac = bytesOf(t.mac);
  const other = bytesOf(t.other);
  // BIND writes "<other len> <other data>" even when the data is empty, hence the trailing blank.
  // An empty MAC (a BADSIG or BADKEY reply) gets no separator of its own: "300 0 63259 BADSIG".
  const macText = mac.length > 0 ? ` ${base64(mac)}` : '';
  return `${absoluteName(t.algorithm)} ${t.timeSigned} ${t.fudge} ${mac.length}${macText} ${t.originalId} ${t.error} ${other.length} ${base64(other)}`;
}

/**
 * The RDATA of a record in presentation format, as BIND writes it; '' for an empty RDATA
 * (RFC 2136's "delete an RRset" and kin). A type without a form of its own here is written in
 * RFC 3597's `\# len hex`, so nothing is ever lost; for types BIND knows but this module does
 * not (LOC, SVCB, ...), that is where the output differs from dig's.
 */
export function formatRdata(rr: Pick<ResourceRecord, 'type' | 'data'>): string {
  const type = typeText(rr.type);
  const data: unknown = rr.data;
  if (data === null || data === undefined) return '';
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) {
    const raw = bytesOf(data);
    if (type === 'OPT') return generic(raw);
    return rawRdata(type, raw) ?? generic(raw);
  }
  const d = data as Fields;
  switch (type) {
    case 'A':
      return String(data);
    case 'AAAA':
      return String(data); // the codec already writes it as inet_ntop does
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return absoluteName(String(data));
    case 'SOA':
      return `${absoluteName(String(d.mname))} ${absoluteName(String(d.rname))} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'MX':
      return `${d.preference} ${absoluteName(String(d.exchange))}`;
    case 'TXT':
    case 'SPF':
      return (Array.isArray(data) ? data : [data]).map((s) => quoteString(bytesOf(s))).join(' ');
    case 'HINFO':
      return `${quoteString(binaryOctets(d.cpu))} ${quoteString(binaryOctets(d.os))}`;
    case 'SRV':
      return `${d.priority} ${d.weight} ${d.port} ${absoluteName(String(d.target))}`;
    case 'CAA':
      return `${d.flags ?? (d.issuerCritical ? 128 : 0)} ${d.tag} ${quoteString(binaryOctets(d.value))}`;
    case 'NAPTR':
      return `${d.order} ${d.preference} ${quoteString(binaryOctets(d.flags))} ${quoteString(binaryOctets(d.services))} ${quoteString(binaryOctets(d.regexp))} ${absoluteName(String(d.replacement))}`;
    case 'RP':
      return `${absoluteName(String(d.mbox))} ${absoluteName(String(d.txt))}`;
    case 'DS':
    case 'CDS':
    case 'DLV':
    case 'TA':
      return `${d.keyTag} ${d.algorithm} ${d.digestType} ${hex(d.digest)}`;
    case 'DNSKEY':
    case 'CDNSKEY':
      // dns-packet refuses any protocol but 3 (RFC 4034 2.1.2), so 3 is what came.
      return `${d.flags} 3 ${d.algorithm} ${base64(d.key)}`;
    case 'RRSIG':
      return `${typeText(d.typeCovered)} ${d.algorithm} ${d.labels} ${d.originalTTL} ${sigTime(Number(d.expiration))} ${sigTime(Number(d.inception))} ${d.keyTag} ${absoluteName(String(d.signersName))} ${base64(d.signature)}`;
    case 'NSEC': {
      const types = typeList(d.rrtypes);
      return types === '' ? absoluteName(String(d.nextDomain)) : `${absoluteName(String(d.nextDomain))} ${types}`;
    }
    case 'NSEC3': {
      const salt = bytesOf(d.salt);
      const types = typeList(d.rrtypes);
      const head = `${d.algorithm} ${d.flags} ${d.iterations} ${salt.length === 0 ? '-' : hex(salt)} ${encodeBase32hex(bytesOf(d.nextDomain))}`;
      return types === '' ? head : `${head} ${types}`;
    }
    case 'TLSA':
    case 'SMIMEA':
      return `${d.usage} ${d.selector} ${d.matchingType} ${hex(d.certificate)}`;
    case 'SSHFP':
      return `${d.algorithm} ${d.hash} ${chunked(String(d.fingerprint).toUpperCase())}`;
    case 'TSIG':
      return tsigText(data as TsigData);
    case 'OPT':
      return generic(optionsWire(data));
    default:
      return typeof data === 'string' ? data : JSON.stringify(data);
  }
}

/**
 * One record as a master-file line, as dig prints it: `owner. TTL CLASS TYPE RDATA` on BIND's
 * tab stops. An empty RDATA (class ANY or NONE in an update) leaves the line ending in its
 * separator, as nsupdate shows it.
 */
export function formatRecord(rr: ResourceRecord): string {
  return new Line()
    .add(absoluteName(rr.name))
    .at(TTL_COLUMN, String(rr.ttl))
    .at(CLASS_COLUMN, rr.class)
    .at(TYPE_COLUMN, typeText(rr.type))
    .at(RDATA_COLUMN, formatRdata(rr))
    .toString();
}

/**
 * A question as dig prints it: `;name.` then class and type on their tab stops (there is no
 * TTL). The ';' does not count towards the columns, as in BIND.
 */
export function formatQuestion(q: Question): string {
  return new Line(';')
    .add(absoluteName(q.name))
    .at(CLASS_COLUMN, q.class)
    .at(TYPE_COLUMN, typeText(q.type))
    .toString();
}

// ---------------------------------------------------------------------------------------------
// EDNS

const EDE_TEXT = [
  'Other', 'Unsupported DNSKEY Algorithm', 'Unsupported DS Digest Type', 'Stale Answer', 'Forged Answer',
  'DNSSEC Indeterminate', 'DNSSEC Bogus', 'Signature Expired', 'Signature Not Yet Valid', 'DNSKEY Missing',
  'RRSIGs Missing', 'No Zone Key Bit Set', 'NSEC Missing', 'Cached Error', 'Not Ready', 'Blocked',
  'Censored', 'Filtered', 'Prohibited', 'Stale NXDOMAIN Answer', 'Not Authoritative', 'Not Supported',
  'No Reachable Authority', 'Network Error', 'Invalid Data',
];

/** Hex octets each followed by a blank, then the printable ones in quotes: dig's form for opaque options. */
function opaque(data: Buffer): string {
  let bytes = '';
  let text = '';
  for (const b of data) {
    bytes += b.toString(16).padStart(2, '0') + ' ';
    text += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
  }
  return `${bytes}("${text}")`;
}

/** A duration as BIND's verbose TTL text: "2 weeks", "20 minutes 34 seconds". */
function verboseTtl(seconds: number): string {
  const units: Array<[string, number]> = [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ');
}

function optionLine(o: EdnsOption): string {
  const data = bytesOf(o.data);
  switch (o.code) {
    case 3:
      return `; NSID: ${opaque(data)}`;
    case 8: {
      if (data.length < 4) return `; CLIENT-SUBNET: ${opaque(data)}`;
      const family = data.readUInt16BE(0);
      const source = data[2]!;
      const scope = data[3]!;
      const addr = data.subarray(4);
      let address: string;
      if (family === 1) address = [0, 1, 2, 3].map((i) => addr[i] ?? 0).join('.');
      else if (family === 2) address = formatIPv6(Array.from({ length: 8 }, (_, i) => ((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0)));
      else return `; CLIENT-SUBNET: ${opaque(data)}`;
      return `; CLIENT-SUBNET: ${address}/${source}/${scope}`;
    }
    case 9:
      return data.length === 4 ? `; EXPIRE: ${data.readUInt32BE(0)} (${verboseTtl(data.readUInt32BE(0))})` : `; EXPIRE: ${opaque(data)}`;
    case 10:
      // dig adds "(good)" when the server cookie matches its own client cookie; a stub that sent none cannot say.
      return `; COOKIE: ${data.toString('hex')}`;
    case 11:
      if (data.length === 0) return '; TCP KEEPALIVE:';
      if (data.length !== 2) return `; TCP KEEPALIVE: ${opaque(data)}`;
      return `; TCP KEEPALIVE: ${Math.floor(data.readUInt16BE(0) / 10)}.${data.readUInt16BE(0) % 10} secs`;
    case 12:
      return `; PAD: (${data.length} bytes)`;
    case 14: {
      const tags: number[] = [];
      for (let i = 0; i + 1 < data.length; i += 2) tags.push(data.readUInt16BE(i));
      return `; KEY-TAG: ${tags.join(', ')}`;
    }
    case 15: {
      if (data.length < 2) return `; EDE: ${opaque(data)}`;
      const code = data.readUInt16BE(0);
      const name = EDE_TEXT[code];
      const extra = data.subarray(2);
      return `; EDE: ${code}${name === undefined ? '' : ` (${name})`}${extra.length > 0 ? `: (${extra.toString('utf8')})` : ''}`;
    }
    default:
      return `; OPT=${o.code}: ${opaque(data)}`;
  }
}

/**
 * dig's OPT PSEUDOSECTION lines for a message's EDNS: `; EDNS: version: 0, flags: do; udp: 1232`
 * (with `; MBZ: 0x....` when unassigned flag bits are set) and a line per option.
 */
export function formatEdns(edns: Edns): string[] {
  const mbz = edns.flags & 0x7fff;
  const flags = edns.do ? ' do' : '';
  const head = `; EDNS: version: ${edns.version}, flags:${flags}; ${mbz !== 0 ? `MBZ: 0x${mbz.toString(16).padStart(4, '0')}, ` : ''}udp: ${edns.udpPayloadSize}`;
  return [head, ...(edns.options ?? []).map(optionLine)];
}

// ---------------------------------------------------------------------------------------------
// messages

/** Options of {@link formatMessage}. */
export interface FormatMessageOptions {
  /**
   * 'dig' (the default): dig's own header. 'totext': BIND's dns_message_totext, which nsupdate
   * prints for `show` and `answer`: the id right-aligned in six columns (`%6u`), no blank line
   * and no recursion warning after the flags line.
   */
  layout?: 'dig' | 'totext';
  /**
   * The header's counts (zone/question, prerequisite/answer, update/authority, additional) as
   * printed, instead of the sections' lengths: BIND prints the counts of the last rendering,
   * so nsupdate's `show` before a send says 0 for every section it then lists.
   */
  counts?: readonly [number, number, number, number];
}

/**
 * A whole message as dig lays it out, from `;; ->>HEADER<<-` to the blank line after the last
 * section: header and flags (counts as on the wire, so OPT and TSIG are counted in ADDITIONAL),
 * dig's warning when recursion was asked for and not offered, the OPT pseudosection, then the
 * sections that are not empty and the TSIG pseudosection. For an UPDATE the sections carry
 * RFC 2136's names (ZONE, PREREQUISITE, UPDATE, ADDITIONAL), as nsupdate prints them. What dig
 * prints around it (query time, server, size) belongs to the caller, who knows those things.
 */
export function formatMessage(message: Message, options: FormatMessageOptions = {}): string {
  const totext = options.layout === 'totext';
  const update = message.opcode === 'UPDATE';
  const f = message.flags;
  const lines: string[] = [];
  const id = totext ? String(message.id).padStart(6) : String(message.id);
  lines.push(`;; ->>HEADER<<- opcode: ${message.opcode}, status: ${message.rcode}, id: ${id}`);

  const names = (['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((k) => f[k]);
  const additional = message.additionals.length + (message.edns === undefined ? 0 : 1);
  const [qd, an, ns, ar] = options.counts ?? [message.questions.length, message.answers.length, message.authorities.length, additional];
  const counts = update
    ? `ZONE: ${qd}, PREREQ: ${an}, UPDATE: ${ns}, ADDITIONAL: ${ar}`
    : `QUERY: ${qd}, ANSWER: ${an}, AUTHORITY: ${ns}, ADDITIONAL: ${ar}`;
  lines.push(`;; flags:${names.map((n) => ' ' + n).join('')};${f.z ? ' MBZ: 0x4;' : ''} ${counts}`);
  if (!totext) {
    if (!update && f.qr && f.rd && !f.ra) lines.push(';; WARNING: recursion requested but not available');
    lines.push('');
  }

  if (message.edns !== undefined) lines.push(';; OPT PSEUDOSECTION:', ...formatEdns(message.edns));

  const last = message.additionals[message.additionals.length - 1];
  const tsig = last !== undefined && typeText(last.type) === 'TSIG' ? last : undefined;
  const additionals = tsig === undefined ? message.additionals : message.additionals.slice(0, -1);
  const section = (title: string, body: string[]) => {
    if (body.length > 0) lines.push(`;; ${title}:`, ...body, '');
  };
  section(update ? 'ZONE SECTION' : 'QUESTION SECTION', message.questions.map(formatQuestion));
  section(update ? 'PREREQUISITE SECTION' : 'ANSWER SECTION', message.answers.map(formatRecord));
  section(update ? 'UPDATE SECTION' : 'AUTHORITY SECTION', message.authorities.map(formatRecord));
  section('ADDITIONAL SECTION', additionals.map(formatRecord));
  if (tsig !== undefined) section('TSIG PSEUDOSECTION', [formatRecord(tsig)]);
  return lines.join('\n') + '\n';
}
