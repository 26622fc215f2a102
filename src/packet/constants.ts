/**
 * Numbers and names of the DNS registries this package speaks: types, classes, opcodes and
 * rcodes. Names follow the IANA registry and BIND; a number without a name is written
 * `TYPEnnn` / `CLASSnnn` as RFC 3597 says, and both forms are accepted back.
 */
import { PacketError } from '../errors.js';
import type { OpcodeName, RcodeName } from './types.js';

const TYPES: ReadonlyArray<readonly [string, number]> = [
  ['A', 1], ['NS', 2], ['MD', 3], ['MF', 4], ['CNAME', 5], ['SOA', 6], ['MB', 7], ['MG', 8],
  ['MR', 9], ['NULL', 10], ['WKS', 11], ['PTR', 12], ['HINFO', 13], ['MINFO', 14], ['MX', 15],
  ['TXT', 16], ['RP', 17], ['AFSDB', 18], ['X25', 19], ['ISDN', 20], ['RT', 21], ['NSAP', 22],
  ['NSAP-PTR', 23], ['SIG', 24], ['KEY', 25], ['PX', 26], ['GPOS', 27], ['AAAA', 28], ['LOC', 29],
  ['NXT', 30], ['EID', 31], ['NIMLOC', 32], ['SRV', 33], ['ATMA', 34], ['NAPTR', 35], ['KX', 36],
  ['CERT', 37], ['A6', 38], ['DNAME', 39], ['SINK', 40], ['OPT', 41], ['APL', 42], ['DS', 43],
  ['SSHFP', 44], ['IPSECKEY', 45], ['RRSIG', 46], ['NSEC', 47], ['DNSKEY', 48], ['DHCID', 49],
  ['NSEC3', 50], ['NSEC3PARAM', 51], ['TLSA', 52], ['SMIMEA', 53], ['HIP', 55], ['NINFO', 56],
  ['RKEY', 57], ['TALINK', 58], ['CDS', 59], ['CDNSKEY', 60], ['OPENPGPKEY', 61], ['CSYNC', 62],
  ['ZONEMD', 63], ['SVCB', 64], ['HTTPS', 65], ['SPF', 99], ['UINFO', 100], ['UID', 101],
  ['GID', 102], ['UNSPEC', 103], ['NID', 104], ['L32', 105], ['L64', 106], ['LP', 107],
  ['EUI48', 108], ['EUI64', 109], ['TKEY', 249], ['TSIG', 250], ['IXFR', 251], ['AXFR', 252],
  ['MAILB', 253], ['MAILA', 254], ['ANY', 255], ['URI', 256], ['CAA', 257], ['AVC', 258],
  ['DOA', 259], ['AMTRELAY', 260], ['TA', 32768], ['DLV', 32769],
];

const TYPE_BY_NAME = new Map<string, number>(TYPES.map(([n, v]) => [n, v]));
const TYPE_BY_NUMBER = new Map<number, string>(TYPES.map(([n, v]) => [v, n]));
TYPE_BY_NAME.set('*', 255);

const CLASSES: ReadonlyArray<readonly [string, number]> = [
  ['IN', 1], ['CS', 2], ['CH', 3], ['HS', 4], ['NONE', 254], ['ANY', 255],
];
const CLASS_BY_NAME = new Map<string, number>(CLASSES.map(([n, v]) => [n, v]));
CLASS_BY_NAME.set('CHAOS', 3);
CLASS_BY_NAME.set('HESIOD', 4);
const CLASS_BY_NUMBER = new Map<number, string>(CLASSES.map(([n, v]) => [v, n]));

const OPCODES: ReadonlyArray<readonly [OpcodeName, number]> = [
  ['QUERY', 0], ['IQUERY', 1], ['STATUS', 2], ['NOTIFY', 4], ['UPDATE', 5], ['DSO', 6],
];
const OPCODE_BY_NAME = new Map<string, number>(OPCODES.map(([n, v]) => [n, v]));
const OPCODE_BY_NUMBER = new Map<number, OpcodeName>(OPCODES.map(([n, v]) => [v, n]));

const RCODES: ReadonlyArray<readonly [RcodeName, number]> = [
  ['NOERROR', 0], ['FORMERR', 1], ['SERVFAIL', 2], ['NXDOMAIN', 3], ['NOTIMP', 4], ['REFUSED', 5],
  ['YXDOMAIN', 6], ['YXRRSET', 7], ['NXRRSET', 8], ['NOTAUTH', 9], ['NOTZONE', 10],
  ['DSOTYPENI', 11], ['BADVERS', 16], ['BADKEY', 17], ['BADTIME', 18], ['BADMODE', 19],
  ['BADNAME', 20], ['BADALG', 21], ['BADTRUNC', 22], ['BADCOOKIE', 23],
];
const RCODE_BY_NAME = new Map<string, number>(RCODES.map(([n, v]) => [n, v]));
RCODE_BY_NAME.set('BADSIG', 16);
const RCODE_BY_NUMBER = new Map<number, RcodeName>(RCODES.map(([n, v]) => [v, n]));

/** The same registry value under the number 16, as TSIG's error field means it (RFC 8945). */
const TSIG_RCODE_BY_NUMBER = new Map<number, RcodeName>(RCODE_BY_NUMBER).set(16, 'BADSIG');

function numberFrom(text: string, prefix: string, max: number): number | undefined {
  if (!text.startsWith(prefix)) return undefined;
  const digits = text.slice(prefix.length);
  if (!/^[0-9]{1,5}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= max ? n : undefined;
}

/** A mnemonic's number: as written (the common case, no copy), else upper-cased, else `PREFIXnnn`. */
function numberOf(map: ReadonlyMap<string, number>, name: string, prefix: string, max: number): number | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const upper = name.toUpperCase();
  return map.get(upper) ?? numberFrom(upper, prefix, max);
}

/** The mnemonic of a type number, or `TYPEnnn`. */
export function typeName(type: number): string {
  return TYPE_BY_NUMBER.get(type) ?? `TYPE${type}`;
}

/** The number of a type mnemonic (any case) or `TYPEnnn`; a PacketError for anything else. */
export function typeNumber(name: string): number {
  const n = numberOf(TYPE_BY_NAME, name, 'TYPE', 0xffff);
  if (n === undefined) throw new PacketError(`unknown record type "${name}"`);
  return n;
}

/** Whether a string names a record type (mnemonic or TYPEnnn). */
export function isTypeName(name: string): boolean {
  return numberOf(TYPE_BY_NAME, name, 'TYPE', 0xffff) !== undefined;
}

/** The mnemonic of a class number, or `CLASSnnn`. */
export function className(klass: number): string {
  return CLASS_BY_NUMBER.get(klass) ?? `CLASS${klass}`;
}

/** The number of a class mnemonic (any case) or `CLASSnnn`; a PacketError for anything else. */
export function classNumber(name: string): number {
  const n = numberOf(CLASS_BY_NAME, name, 'CLASS', 0xffff);
  if (n === undefined) throw new PacketError(`unknown class "${name}"`);
  return n;
}

/** Whether a string names a class (mnemonic or CLASSnnn). */
export function isClassName(name: string): boolean {
  return numberOf(CLASS_BY_NAME, name, 'CLASS', 0xffff) !== undefined;
}

/** The name of an opcode number (4 bits), or `OPCODEn`. */
export function opcodeName(opcode: number): OpcodeName {
  return OPCODE_BY_NUMBER.get(opcode) ?? `OPCODE${opcode}`;
}

/** The number of an opcode name; a PacketError for anything else. */
export function opcodeNumber(name: string): number {
  const n = numberOf(OPCODE_BY_NAME, name, 'OPCODE', 15);
  if (n === undefined) throw new PacketError(`unknown opcode "${name}"`);
  return n;
}

/** The name of a full (12-bit) rcode, or `RCODEn`. Number 16 reads as BADVERS here. */
export function rcodeName(rcode: number): RcodeName {
  return RCODE_BY_NUMBER.get(rcode) ?? `RCODE${rcode}`;
}

/** The name of a TSIG error field value: 16 reads as BADSIG there (RFC 8945). */
export function tsigErrorName(rcode: number): RcodeName {
  return TSIG_RCODE_BY_NUMBER.get(rcode) ?? `RCODE${rcode}`;
}

/** The number of an rcode name (BADSIG and BADVERS are both 16); a PacketError for anything else. */
export function rcodeNumber(name: string): number {
  const n = numberOf(RCODE_BY_NAME, name, 'RCODE', 0xfff);
  if (n === undefined) throw new PacketError(`unknown rcode "${name}"`);
  return n;
}

/**
 * The number of a TSIG error field value's name: the field has 16 bits (RFC 8945 4.2), so
 * `RCODEn` runs to 65535 here where a message's rcode stops at 4095; a PacketError otherwise.
 */
export function tsigErrorNumber(name: string): number {
  const n = numberOf(RCODE_BY_NAME, name, 'RCODE', 0xffff);
  if (n === undefined) throw new PacketError(`unknown TSIG error "${name}"`);
  return n;
}
