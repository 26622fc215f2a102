/**
 * The shapes of decoded DNS messages. Record data (`data`) uses dns-packet's shapes for the
 * types it knows (A: '192.0.2.1', MX: { preference, exchange }, TXT: Buffer[], ...), TSIG gets
 * its own, and an unknown type carries its raw RDATA as a Buffer (RFC 3597). Where dns-packet
 * lost octets, the shape keeps them (rdata.ts): HINFO, CAA and NAPTR strings are binary strings,
 * one character per octet (Latin-1), CAA `flags` has all eight bits, and NSEC / NSEC3 `rrtypes`
 * and RRSIG `typeCovered` use this package's type names ('SMIMEA', 'TYPE65280').
 */

/** A record type's mnemonic ('A', 'AAAA', 'TSIG', ...) or `TYPEnnn` for one without a name (RFC 3597). */
export type RRType = string;
/** 'IN', 'CH', 'HS', 'NONE', 'ANY', or `CLASSnnn` (RFC 3597). */
export type RRClass = string;

export type OpcodeName = 'QUERY' | 'IQUERY' | 'STATUS' | 'NOTIFY' | 'UPDATE' | 'DSO' | `OPCODE${number}`;

/** RCODE names, including the extended ones that need EDNS (BADVERS) or TSIG (BADSIG, ...). */
export type RcodeName =
  | 'NOERROR'
  | 'FORMERR'
  | 'SERVFAIL'
  | 'NXDOMAIN'
  | 'NOTIMP'
  | 'REFUSED'
  | 'YXDOMAIN'
  | 'YXRRSET'
  | 'NXRRSET'
  | 'NOTAUTH'
  | 'NOTZONE'
  | 'DSOTYPENI'
  | 'BADVERS'
  | 'BADSIG'
  | 'BADKEY'
  | 'BADTIME'
  | 'BADMODE'
  | 'BADNAME'
  | 'BADALG'
  | 'BADTRUNC'
  | 'BADCOOKIE'
  | `RCODE${number}`;

/** The header bits. `z` is the reserved bit, kept so that a message round-trips exactly. */
export interface HeaderFlags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  z: boolean;
  /** Authentic Data (RFC 4035): the server says it validated the answer. */
  ad: boolean;
  /** Checking Disabled (RFC 4035). */
  cd: boolean;
}

export interface Question {
  name: string;
  type: RRType;
  class: RRClass;
}

/** TSIG RDATA (RFC 8945 section 4.2). */
export interface TsigData {
  algorithm: string;
  /** Seconds since the epoch (48 bits on the wire). */
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  /** The TSIG error, as an rcode name (BADSIG, BADKEY, BADTIME, ...; NOERROR when none). */
  error: RcodeName;
  other: Buffer;
}

/** An EDNS(0) option: a code and its raw value, as dns-packet gives them. */
export interface EdnsOption {
  code: number;
  type?: string;
  data?: Buffer;
  [key: string]: unknown;
}

/** What the OPT pseudo-record says (RFC 6891). Decoded messages keep it here, not in `additionals`. */
export interface Edns {
  udpPayloadSize: number;
  version: number;
  /** The DNSSEC OK bit. */
  do: boolean;
  /** The other 15 flag bits of the OPT TTL field, as they came. */
  flags: number;
  options: EdnsOption[];
}

/**
 * A resource record. `data` is null for an empty RDATA, which RFC 2136 uses with class ANY or
 * NONE ("delete an RRset", "RRset exists"). `ttl` is a number of seconds.
 */
export interface ResourceRecord {
  name: string;
  type: RRType;
  class: RRClass;
  ttl: number;
  // The data shapes are dns-packet's, which vary by type; callers narrow by `type`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/**
 * A DNS message. For an UPDATE (RFC 2136) the sections are named differently on the wire
 * (zone, prerequisite, update, additional) but are the same four lists here:
 * questions = zone, answers = prerequisites, authorities = updates.
 */
export interface Message {
  id: number;
  opcode: OpcodeName;
  /** The full rcode: the header's four bits merged with the OPT record's extended bits. */
  rcode: RcodeName;
  flags: HeaderFlags;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  /** Additional records, without the OPT pseudo-record (see `edns`). A TSIG record stays here, last. */
  additionals: ResourceRecord[];
  /** Present when the message has an OPT record. */
  edns?: Edns;
}

/** A Message to encode: everything but the id may be left out and takes its usual default. */
export interface MessageInput {
  id?: number;
  opcode?: OpcodeName;
  rcode?: RcodeName;
  flags?: Partial<HeaderFlags>;
  questions?: Question[];
  answers?: ResourceRecord[];
  authorities?: ResourceRecord[];
  additionals?: ResourceRecord[];
  edns?: Partial<Edns>;
}
