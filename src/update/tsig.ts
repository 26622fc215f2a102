/**
 * TSIG (RFC 8945): signing an encoded message and verifying a signed one, on the wire bytes.
 *
 * The MAC covers, in order: the request's MAC with its 2-octet length (for a response), the
 * message as it was before the TSIG record was added (ARCOUNT one less, and the ID replaced by
 * the TSIG's Original ID, RFC 8945 4.3.3), then the TSIG variables: the key name in canonical
 * (lowercase, uncompressed) wire form, class ANY, TTL 0, the algorithm name likewise, Time
 * Signed (48 bits), Fudge, Error, Other Len and Other Data.
 *
 * Verification runs RFC 8945 section 5.2's checks in its order: the key (5.2.1), then the MAC,
 * including its size rules (5.2.2, 5.2.2.1), then the time (5.2.3), then the local truncation
 * policy (5.2.4). So a message with an unknown key and a bad MAC is BADKEY, one with a bad MAC
 * and a bad time is BADSIG. MACs are compared with crypto.timingSafeEqual.
 *
 * Everything a key needs for HMAC (the node:crypto KeyObject, the name and algorithm in wire
 * form) is derived once per key object and kept in a WeakMap; finding the TSIG record walks the
 * header and the records' lengths without decoding the message.
 */
import { createHmac, createSecretKey, timingSafeEqual, type Hmac, type KeyObject } from 'node:crypto';
import { ArgumentError, PacketError, TsigError } from '../errors.js';
import { MAX_MESSAGE_OCTETS, nameToWire, readName, tsigErrorName, tsigErrorNumber, writeTsigRdata, type RcodeName } from '../packet/index.js';
import { TSIG_ALGORITHMS, canonicalAlgorithm, macBitsRange, minimumMacLength, type TsigAlgorithm } from './algorithms.js';
import { canonicalKeyName, type TsigKey } from './keys.js';

/** Wall-clock seconds since the epoch: the one clock TSIG reads, when no `time` or `now` is given. */
export function systemSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Options for signMessage. */
export interface SignOptions {
  /** Time Signed, in seconds since the epoch. Default: `now()`. */
  time?: number;
  /** The wall clock in seconds, for when `time` is not given. Default: the system clock. */
  now?: () => number;
  /** Allowed clock skew in seconds (0..65535). Default 300. */
  fudge?: number;
  /** The Original ID field, and the ID the MAC covers. Default: the message's ID. */
  originalId?: number;
  /** Sign a response: the request's MAC, covered with its 2-octet length before the message. */
  requestMac?: Uint8Array;
  /** The TSIG error (a server's reply). BADSIG and BADKEY replies go unsigned (empty MAC), RFC 8945 5.3.2. */
  error?: RcodeName | number;
  /** Other Data (a BADTIME reply holds the server's time here). */
  otherData?: Uint8Array;
}

/** The signed message and the MAC written into it (keep it to verify the response). */
export interface SignedMessage {
  wire: Buffer;
  mac: Buffer;
}

/** Options for verifyMessage. */
export interface VerifyOptions {
  /** Our clock, in seconds since the epoch. Default: `now()`. */
  time?: number;
  /** The wall clock in seconds, for when `time` is not given. Default: the system clock. */
  now?: () => number;
  /** Verify a response: the MAC of the request it answers. */
  requestMac?: Uint8Array;
  /**
   * Local cap on the time window: the window is the record's Fudge, but at most this many
   * seconds, so a signer cannot widen it by sending a large Fudge. Default: no cap.
   */
  fudge?: number;
}

/** What a verified TSIG record said. */
export interface VerifiedMessage {
  /** The key that verified it (one of those given). */
  key: TsigKey;
  /** The MAC in the message (for a request: what the response's MAC must cover). */
  mac: Buffer;
  /** Time Signed. */
  time: number;
  /**
   * The TSIG record's Error field: NOERROR, or the error a server signed into its reply (a
   * BADTIME reply is signed, RFC 8945 5.2.3). The caller decides what a signed error means.
   */
  error: RcodeName;
  fudge: number;
  originalId: number;
  other: Buffer;
}

const TYPE_TSIG = 250;
const CLASS_ANY = 255;
const ERROR_BADSIG = 16;
const ERROR_BADKEY = 17;

/** What HMAC needs for one key, derived once. */
interface PreparedKey {
  readonly key: TsigKey;
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  readonly hash: string;
  readonly hmacKey: KeyObject;
  readonly digestLength: number;
  /** Octets written when signing, and the shortest MAC accepted (BADTRUNC below it). */
  readonly macLength: number;
  readonly nameWire: Buffer;
  readonly algorithmWire: Buffer;
}

const preparedKeys = new WeakMap<TsigKey, PreparedKey>();

function prepare(key: TsigKey): PreparedKey {
  const cached = preparedKeys.get(key);
  if (cached !== undefined) return cached;
  if (typeof key !== 'object' || key === null) throw new ArgumentError('a TSIG key must be an object { name, algorithm, secret }');
  const algorithm = typeof key.algorithm === 'string' ? canonicalAlgorithm(key.algorithm) : undefined;
  if (algorithm === undefined) throw new ArgumentError(`TSIG key "${String(key.name)}": unknown algorithm`);
  if (typeof key.name !== 'string' || key.name === '') throw new ArgumentError('a TSIG key needs a name');
  const { name, wire: nameWire } = canonicalKeyName(key.name);
  if (!(key.secret instanceof Uint8Array) || key.secret.length === 0) {
    throw new ArgumentError(`TSIG key "${name}": the secret must be a non-empty Buffer`);
  }
  const info = TSIG_ALGORITHMS[algorithm];
  let macLength = info.digestLength;
  if (key.macBits !== undefined) {
    const bits = key.macBits;
    const { least, full } = macBitsRange(algorithm);
    if (!Number.isInteger(bits) || bits % 8 !== 0 || bits < least || bits > full) {
      throw new ArgumentError(`TSIG key "${name}": macBits must be a multiple of 8 in [${least}..${full}]`);
    }
    macLength = bits / 8;
  }
  const prepared: PreparedKey = {
    key,
    name,
    algorithm,
    hash: info.hash,
    hmacKey: createSecretKey(key.secret),
    digestLength: info.digestLength,
    macLength,
    nameWire,
    algorithmWire: nameToWire(algorithm),
  };
  preparedKeys.set(key, prepared);
  return prepared;
}

// Scratch for the fixed-size TSIG variables and small fields: HMAC's update() copies what it is
// given before returning, so one buffer serves every call.
const scratch = Buffer.allocUnsafe(2 * 256 + 32);

/** Writes the TSIG variables before Other Data (RFC 8945 4.3.3) into `scratch`; returns the length. */
function writeVariables(k: PreparedKey, time: number, fudge: number, error: number, otherLength: number): number {
  let pos = k.nameWire.copy(scratch, 0);
  scratch.writeUInt16BE(CLASS_ANY, pos);
  scratch.writeUInt32BE(0, pos + 2);
  pos += 6;
  pos += k.algorithmWire.copy(scratch, pos);
  scratch.writeUIntBE(time, pos, 6);
  scratch.writeUInt16BE(fudge, pos + 6);
  scratch.writeUInt16BE(error, pos + 8);
  scratch.writeUInt16BE(otherLength, pos + 10);
  return pos + 12;
}

function u16Option(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new ArgumentError(`${what} must be a whole number in 0..65535`);
  return value;
}

function errorNumber(error: RcodeName | number | undefined): number {
  if (error === undefined) return 0;
  if (typeof error === 'number') return u16Option(error, 0, 'the TSIG error');
  try {
    // The field's 16 bits, as verifyMessage names them (RCODE4096 and up included).
    return tsigErrorNumber(error);
  } catch {
    throw new ArgumentError(`unknown TSIG error "${error}"`);
  }
}

function bytes(value: Uint8Array | undefined, what: string): Buffer | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) throw new ArgumentError(`${what} must be a Buffer`);
  if (value.length > 0xffff) throw new ArgumentError(`${what} is longer than 65535 octets`);
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length);
}

/**
 * An HMAC over what every MAC of RFC 8945 4.3 starts with: the request's MAC with its length
 * (a response's MAC covers the request's, 4.3.1), then the message ID as the original ID
 * (4.3.3: a forwarder may have rewritten the header's). The caller goes on from octet 2.
 */
function startMac(k: PreparedKey, requestMac: Buffer | undefined, originalId: number): Hmac {
  const hmac = createHmac(k.hash, k.hmacKey);
  if (requestMac !== undefined) {
    scratch.writeUInt16BE(requestMac.length, 0);
    hmac.update(scratch.subarray(0, 2));
    hmac.update(requestMac);
  }
  scratch.writeUInt16BE(originalId, 0);
  hmac.update(scratch.subarray(0, 2));
  return hmac;
}

/**
 * Appends a TSIG record signed with `key` to an encoded message (ARCOUNT + 1) and returns the
 * new message and its MAC. A key with `macBits` writes only that many bits of the MAC.
 * Throws ArgumentError for bad options and PacketError for a message that cannot take a TSIG.
 */
export function signMessage(wire: Uint8Array, key: TsigKey, opts: SignOptions = {}): SignedMessage {
  const k = prepare(key);
  if (!(wire instanceof Uint8Array)) throw new ArgumentError('the message must be a Buffer');
  if (wire.length < 12) throw new PacketError('message shorter than its 12-octet header', wire.length);
  const message = Buffer.isBuffer(wire) ? wire : Buffer.from(wire.buffer, wire.byteOffset, wire.length);
  const arcount = message.readUInt16BE(10);
  if (arcount === 0xffff) throw new PacketError('ARCOUNT is already 65535: no room for a TSIG record', 10);
  const time = opts.time ?? (opts.now ?? systemSeconds)();
  if (!Number.isSafeInteger(time) || time < 0 || time > 0xffffffffffff) {
    throw new ArgumentError('the TSIG time must be whole seconds in 0..2^48-1');
  }
  const fudge = u16Option(opts.fudge, 300, 'fudge');
  const originalId = u16Option(opts.originalId, message.readUInt16BE(0), 'originalId');
  const error = errorNumber(opts.error);
  const other = bytes(opts.otherData, 'otherData') ?? Buffer.alloc(0);
  const requestMac = bytes(opts.requestMac, 'requestMac');

  let mac: Buffer;
  if (error === ERROR_BADSIG || error === ERROR_BADKEY) {
    mac = Buffer.alloc(0);
  } else {
    const hmac = startMac(k, requestMac, originalId);
    hmac.update(message.subarray(2));
    hmac.update(scratch.subarray(0, writeVariables(k, time, fudge, error, other.length)));
    if (other.length > 0) hmac.update(other);
    const digest = hmac.digest();
    mac = k.macLength === digest.length ? digest : digest.subarray(0, k.macLength);
  }

  const rdLength = k.algorithmWire.length + 16 + mac.length + other.length;
  const total = message.length + k.nameWire.length + 10 + rdLength;
  if (total > MAX_MESSAGE_OCTETS) throw new PacketError(`the signed message would be ${total} octets, over ${MAX_MESSAGE_OCTETS}`, -1, { tooLong: true });
  const out = Buffer.allocUnsafe(total);
  let pos = message.copy(out, 0);
  out.writeUInt16BE(arcount + 1, 10);
  pos += k.nameWire.copy(out, pos);
  out.writeUInt16BE(TYPE_TSIG, pos);
  out.writeUInt16BE(CLASS_ANY, pos + 2);
  out.writeUInt32BE(0, pos + 4);
  // RDLENGTH and RDATA (rdLength octets, as counted above) as the codec writes them.
  writeTsigRdata({ algorithm: k.algorithm, timeSigned: time, fudge, mac, originalId, error: tsigErrorName(error), other }, out, pos + 8);
  return { wire: out, mac: Buffer.from(mac) };
}

/** The offset after the (possibly compressed) name at `pos`, checked as readName checks it, without spelling it. */
function skipName(buf: Buffer, pos: number): number {
  const start = pos;
  for (;;) {
    if (pos >= buf.length) throw new PacketError('name runs past the end of the message', pos);
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if (len <= 63) {
      pos += 1 + len;
      if (pos > buf.length) throw new PacketError('label runs past the end of the message', pos - 1 - len);
      if (pos - start > 255) throw new PacketError('name longer than 255 octets', start);
    } else if (len >= 0xc0) {
      if (pos + 1 >= buf.length) throw new PacketError('compression pointer runs past the end of the message', pos);
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      if (target >= start) throw new PacketError('compression pointer does not point backwards', pos);
      if (target < 12) throw new PacketError('compression pointer into the header', pos);
      return pos + 2;
    } else {
      throw new PacketError(`unsupported label type 0x${(len & 0xc0).toString(16)}`, pos);
    }
  }
}

/** Skips one resource record at `pos`; returns its type and the offset after it. */
function skipRecord(buf: Buffer, pos: number): { type: number; end: number; fixed: number } {
  const fixed = skipName(buf, pos);
  if (fixed + 10 > buf.length) throw new PacketError('record header runs past the end of the message', fixed);
  const end = fixed + 10 + buf.readUInt16BE(fixed + 8);
  if (end > buf.length) throw new PacketError('RDATA runs past the end of the message', fixed + 8);
  return { type: buf.readUInt16BE(fixed), end, fixed };
}

/** Whether the uncompressed name at buf[start, start + wire.length) equals `wire` (lowercase) ignoring ASCII case. */
function sameNameIgnoringCase(buf: Buffer, start: number, end: number, wire: Buffer): boolean {
  if (end - start !== wire.length) return false;
  for (let i = 0; i < wire.length; i++) {
    let b = buf[start + i]!;
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    if (b !== wire[i]) return false;
  }
  return true;
}

function keyList(keys: TsigKey | readonly TsigKey[]): readonly TsigKey[] {
  if (Array.isArray(keys)) return keys as readonly TsigKey[];
  return [keys as TsigKey];
}

/**
 * Verifies the TSIG record that ends a message, against one key or several (the one whose
 * name and algorithm match). Returns what the record said; throws TsigError with code UNSIGNED
 * (no TSIG), FORMERR (a TSIG anywhere but last, more than one, bad TSIG RDATA, class not ANY
 * or TTL not 0, a MAC longer than the hash or shorter than RFC 8945 5.2.2.1 allows), BADKEY
 * (no key with that name and algorithm; or a peer's unsigned BADKEY reply), BADSIG (the MAC
 * does not verify; or a peer's unsigned BADSIG reply), BADTIME (outside the window; `skew`
 * says by how much) or BADTRUNC (a truncated MAC shorter than the key allows: its macBits, or
 * the full length for a key without). PacketError for a message whose records cannot be walked.
 */
export function verifyMessage(wire: Uint8Array, keys: TsigKey | readonly TsigKey[], opts: VerifyOptions = {}): VerifiedMessage {
  if (!(wire instanceof Uint8Array)) throw new ArgumentError('the message must be a Buffer');
  const buf = Buffer.isBuffer(wire) ? wire : Buffer.from(wire.buffer, wire.byteOffset, wire.length);
  if (buf.length < 12) throw new PacketError('message shorter than its 12-octet header', buf.length);
  const qdcount = buf.readUInt16BE(4);
  const records = buf.readUInt16BE(6) + buf.readUInt16BE(8);
  const arcount = buf.readUInt16BE(10);
  const requestMac = bytes(opts.requestMac, 'requestMac');

  // Find the last record, noting any TSIG before it.
  let pos = 12;
  for (let i = 0; i < qdcount; i++) {
    pos = skipName(buf, pos) + 4;
    if (pos > buf.length) throw new PacketError('question runs past the end of the message', pos - 4);
  }
  let strayTsig = false;
  // Every record but the last (all of them when there is no additional section to hold a TSIG).
  const before = arcount === 0 ? records : records + arcount - 1;
  for (let i = 0; i < before; i++) {
    const r = skipRecord(buf, pos);
    if (r.type === TYPE_TSIG) strayTsig = true;
    pos = r.end;
  }
  if (arcount === 0) {
    if (strayTsig) throw new TsigError('FORMERR', 'a TSIG record that is not the last additional record');
    throw new TsigError('UNSIGNED', 'the message has no TSIG record');
  }
  const tsigStart = pos;
  const last = skipRecord(buf, pos);
  if (last.type !== TYPE_TSIG) {
    if (strayTsig) throw new TsigError('FORMERR', 'a TSIG record that is not the last additional record');
    throw new TsigError('UNSIGNED', 'the message has no TSIG record');
  }
  const keyName = readName(buf, tsigStart).name.toLowerCase();
  if (strayTsig) throw new TsigError('FORMERR', 'more than one TSIG record', { keyName });
  if (last.end !== buf.length) throw new TsigError('FORMERR', `${buf.length - last.end} octets after the TSIG record`, { keyName });
  const fixed = last.fixed;
  if (buf.readUInt16BE(fixed + 2) !== CLASS_ANY) throw new TsigError('FORMERR', 'the TSIG record\'s class is not ANY', { keyName });
  if (buf.readUInt32BE(fixed + 4) !== 0) throw new TsigError('FORMERR', 'the TSIG record\'s TTL is not 0', { keyName });

  // RDATA: the algorithm name (never compressed, RFC 8945 4.2), then the fixed fields.
  const rdStart = fixed + 10;
  const rdEnd = last.end;
  let p = rdStart;
  for (;;) {
    if (p >= rdEnd) throw new TsigError('FORMERR', 'the TSIG algorithm name runs past its RDATA', { keyName });
    const len = buf[p]!;
    if (len === 0) break;
    if (len > 63) throw new TsigError('FORMERR', 'the TSIG algorithm name is compressed or malformed', { keyName });
    p += 1 + len;
    if (p - rdStart > 255) throw new TsigError('FORMERR', 'the TSIG algorithm name is longer than 255 octets', { keyName });
  }
  const algEnd = p + 1;
  if (algEnd + 10 > rdEnd) throw new TsigError('FORMERR', 'the TSIG RDATA is too short', { keyName });
  const time = buf.readUIntBE(algEnd, 6);
  const fudge = buf.readUInt16BE(algEnd + 6);
  const macSize = buf.readUInt16BE(algEnd + 8);
  const macStart = algEnd + 10;
  const macEnd = macStart + macSize;
  if (macEnd + 6 > rdEnd) throw new TsigError('FORMERR', 'the TSIG MAC runs past its RDATA', { keyName });
  const originalId = buf.readUInt16BE(macEnd);
  const error = buf.readUInt16BE(macEnd + 2);
  const otherLength = buf.readUInt16BE(macEnd + 4);
  const otherStart = macEnd + 6;
  if (otherStart + otherLength !== rdEnd) throw new TsigError('FORMERR', 'the TSIG Other Data does not fill its RDATA', { keyName });

  // 5.2.1: the key, by name and algorithm.
  let k: PreparedKey | undefined;
  let nameMatched = false;
  for (const candidate of keyList(keys)) {
    const c = prepare(candidate);
    if (c.name !== keyName) continue;
    nameMatched = true;
    if (sameNameIgnoringCase(buf, rdStart, algEnd, c.algorithmWire)) {
      k = c;
      break;
    }
  }
  if (k === undefined) {
    let algorithm: string;
    try {
      algorithm = readName(buf.subarray(0, algEnd), rdStart).name.toLowerCase();
    } catch {
      algorithm = '(unreadable)';
    }
    throw new TsigError(
      'BADKEY',
      nameMatched ? `key "${keyName}" is not a ${algorithm} key` : `unknown key "${keyName}" (${algorithm})`,
      { keyName },
    );
  }

  // 5.2.2: the MAC. An empty MAC is only an unsigned BADSIG or BADKEY reply (5.3.2).
  if (macSize === 0) {
    if (error === ERROR_BADSIG || error === ERROR_BADKEY) {
      const code = error === ERROR_BADSIG ? 'BADSIG' : 'BADKEY';
      throw new TsigError(code, `the other side reports ${code} (unsigned reply)`, { keyName, reported: true });
    }
    throw new TsigError('BADSIG', 'the MAC is empty', { keyName });
  }
  if (macSize > k.digestLength) {
    throw new TsigError('FORMERR', `a ${macSize}-octet MAC is longer than ${k.algorithm}'s ${k.digestLength}`, { keyName });
  }
  const least = minimumMacLength(k.algorithm);
  if (macSize < least) {
    throw new TsigError('FORMERR', `a ${macSize}-octet MAC is shorter than the ${least} octets ${k.algorithm} needs at least`, { keyName });
  }
  const hmac = startMac(k, requestMac, originalId);
  hmac.update(buf.subarray(2, 10));
  scratch.writeUInt16BE(arcount - 1, 0);
  hmac.update(scratch.subarray(0, 2));
  hmac.update(buf.subarray(12, tsigStart));
  hmac.update(scratch.subarray(0, writeVariables(k, time, fudge, error, otherLength)));
  if (otherLength > 0) hmac.update(buf.subarray(otherStart, rdEnd));
  const digest = hmac.digest();
  const mac = buf.subarray(macStart, macEnd);
  if (!timingSafeEqual(digest.subarray(0, macSize), mac)) {
    throw new TsigError('BADSIG', `the MAC does not verify with key "${keyName}"`, { keyName });
  }

  // 5.2.3: the time.
  const now = opts.time ?? (opts.now ?? systemSeconds)();
  const window = opts.fudge === undefined ? fudge : Math.min(fudge, opts.fudge);
  if (Math.abs(now - time) > window) {
    throw new TsigError('BADTIME', `signed at ${time}, ${time - now} s from our clock, outside the ${window} s window`, {
      keyName,
      skew: time - now,
      serverTime: time,
    });
  }

  // 5.2.4: truncation below local policy.
  if (macSize < k.macLength) {
    throw new TsigError('BADTRUNC', `a ${macSize}-octet MAC is shorter than the ${k.macLength} octets key "${keyName}" accepts`, { keyName });
  }

  return {
    key: k.key,
    mac: Buffer.from(mac),
    time,
    error: tsigErrorName(error),
    fudge,
    originalId,
    other: Buffer.from(buf.subarray(otherStart, rdEnd)),
  };
}
