/**
 * buildQuery: res_mkquery. A query is the one message built on every lookup, so it is written
 * straight into its buffer rather than through encodeMessage; the checks are the same.
 */
import { PacketError } from '../errors.js';
import { classNumber, opcodeNumber, typeNumber } from './constants.js';
import { encodeMessage } from './codec.js';
import { writeName, MAX_NAME_OCTETS } from './names.js';
import { randomId } from './random.js';
import type { EdnsOption, OpcodeName, RRClass, RRType } from './types.js';

/** The EDNS UDP payload size the DNS Flag Day 2020 settled on: no IP fragmentation on real paths. */
export const DEFAULT_EDNS_PAYLOAD = 1232;

/** EDNS(0) settings for a query (RFC 6891). */
export interface QueryEdns {
  /** The largest UDP reply we accept; default 1232. */
  udpPayloadSize?: number;
  /** The DNSSEC OK bit (RFC 3225): ask for DNSSEC records. */
  do?: boolean;
  options?: EdnsOption[];
}

/** How to build a query; every field has the default res_mkquery would use. */
export interface QueryOptions {
  /** The message ID; default: drawn from crypto-quality randomness. */
  id?: number;
  class?: RRClass;
  opcode?: OpcodeName;
  /** RD, default true (RES_RECURSE). */
  recursionDesired?: boolean;
  /** CD: ask the server not to validate (RFC 4035). */
  checkingDisabled?: boolean;
  /** AD in a query asks for the AD bit in the reply (RFC 6840 section 5.7). */
  authenticData?: boolean;
  /** Add an OPT record: true for the defaults, or the settings. Default: none. */
  edns?: boolean | QueryEdns;
}

const OPT_OCTETS = 11;

/**
 * Builds a query for one name and type, in wire form. The ID is the first two octets
 * (`wire.readUInt16BE(0)`). Throws PacketError for a name or type that cannot be encoded.
 */
export function buildQuery(name: string, type: RRType = 'A', options: QueryOptions = {}): Buffer {
  return buildQueryWithId(name, type, options, options.id ?? randomId());
}

/**
 * buildQuery with the ID given apart from the options (which ignores `options.id`): the
 * resolver builds a query per try for the ID its transport chose, and copying one options
 * object per try to set `id` (an object spread) cost twice what writing the message does.
 */
export function buildQueryWithId(name: string, type: RRType, options: Omit<QueryOptions, 'id'>, id: number): Buffer {
  if (typeof name !== 'string') throw new PacketError('the query name must be a string');
  const edns: QueryEdns | undefined =
    options.edns === true ? {} : options.edns === false || options.edns === undefined ? undefined : options.edns;
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) throw new PacketError(`message id must fit 16 bits, not ${id}`);
  const size = edns?.udpPayloadSize ?? DEFAULT_EDNS_PAYLOAD;
  if (!Number.isInteger(size) || size < 512 || size > 0xffff) {
    throw new PacketError(`EDNS udpPayloadSize must be from 512 to 65535, not ${size}`);
  }
  if (edns?.options !== undefined && edns.options.length > 0) {
    // Options vary in form; the general encoder knows them all.
    return encodeMessage({
      id,
      opcode: options.opcode ?? 'QUERY',
      flags: { rd: options.recursionDesired ?? true, cd: options.checkingDisabled ?? false, ad: options.authenticData ?? false },
      questions: [{ name, type, class: options.class ?? 'IN' }],
      edns: { ...edns, udpPayloadSize: size },
    });
  }
  const buf = Buffer.allocUnsafe(12 + MAX_NAME_OCTETS + 4 + OPT_OCTETS);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(
    (opcodeNumber(options.opcode ?? 'QUERY') << 11) |
      ((options.recursionDesired ?? true) ? 0x0100 : 0) |
      (options.authenticData ? 0x0020 : 0) |
      (options.checkingDisabled ? 0x0010 : 0),
    2,
  );
  buf.writeUInt32BE(0x00010000, 4); // QDCOUNT 1, ANCOUNT 0
  buf.writeUInt32BE(edns === undefined ? 0 : 1, 8); // NSCOUNT 0, ARCOUNT
  let pos = writeName(name, buf, 12);
  buf.writeUInt16BE(typeNumber(type), pos);
  buf.writeUInt16BE(classNumber(options.class ?? 'IN'), pos + 2);
  pos += 4;
  if (edns !== undefined) {
    buf[pos] = 0;
    buf.writeUInt16BE(41, pos + 1);
    buf.writeUInt16BE(size, pos + 3);
    buf.writeUInt32BE(edns.do === true ? 0x8000 : 0, pos + 5);
    buf.writeUInt16BE(0, pos + 9);
    pos += OPT_OCTETS;
  }
  return buf.subarray(0, pos);
}
