/**
 * The service half of getaddrinfo: glibc's reading of the service string (strtoul) and its
 * table of socket types and protocols (gaih_inet_typeproto, get_servtuples), against a
 * ServicesTable. Pure: the table is passed in.
 */
import { AddrInfoError } from '../errors.js';
import { type ServicesTable } from '../env/index.js';
import {
  AI_NUMERICSERV,
  MAX_PORT,
  IPPROTO_DCCP,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPPROTO_UDPLITE,
  SOCK_DCCP,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_SEQPACKET,
  SOCK_STREAM,
} from './constants.js';

/** One row of glibc's gaih_inet_typeproto. */
interface TypeProto {
  readonly socktype: number;
  readonly protocol: number;
  /** The protocol name getservbyname is asked with. */
  readonly name: string;
  /** Part of the answer when neither socktype nor protocol is given (and the service is numeric or absent). */
  readonly byDefault: boolean;
  /** GAI_PROTO_PROTOANY: any protocol the caller names is taken as it is. */
  readonly anyProtocol: boolean;
  /** GAI_PROTO_NOSERVICE: has no ports, so any service is EAI_SERVICE. */
  readonly noService: boolean;
}

/** glibc's table on Linux, in its order: the order results come out in. */
const TYPEPROTO: readonly TypeProto[] = Object.freeze([
  { socktype: SOCK_STREAM, protocol: IPPROTO_TCP, name: 'tcp', byDefault: true, anyProtocol: false, noService: false },
  { socktype: SOCK_DGRAM, protocol: IPPROTO_UDP, name: 'udp', byDefault: true, anyProtocol: false, noService: false },
  { socktype: SOCK_DCCP, protocol: IPPROTO_DCCP, name: 'dccp', byDefault: false, anyProtocol: false, noService: false },
  { socktype: SOCK_DGRAM, protocol: IPPROTO_UDPLITE, name: 'udplite', byDefault: false, anyProtocol: false, noService: false },
  { socktype: SOCK_STREAM, protocol: IPPROTO_SCTP, name: 'sctp', byDefault: false, anyProtocol: false, noService: false },
  { socktype: SOCK_SEQPACKET, protocol: IPPROTO_SCTP, name: 'sctp', byDefault: false, anyProtocol: false, noService: false },
  { socktype: SOCK_RAW, protocol: 0, name: 'raw', byDefault: true, anyProtocol: true, noService: true },
]);

/** One socket type, protocol and port: each address is returned once per tuple. */
export interface ServiceTuple {
  readonly socktype: number;
  readonly protocol: number;
  readonly port: number;
}

/** The service as getaddrinfo reads it: absent, a number (already a port), or a name to look up. */
export type ParsedService = { kind: 'none' } | { kind: 'port'; port: number } | { kind: 'name'; name: string };

const ULONG_MAX = (1n << 64n) - 1n;

function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * glibc's `num = strtoul(service, &end, 10)` stored in an int: the value, or undefined when
 * text follows the number (or there is no number). Leading white space and a sign are
 * accepted, a value past ULONG_MAX is ULONG_MAX, and the int keeps the low 32 bits.
 */
export function strtoulToInt(text: string): number | undefined {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === start || i !== text.length) return undefined;
  let value = BigInt(text.slice(start, i));
  if (value > ULONG_MAX) value = ULONG_MAX;
  else if (negative) value = (ULONG_MAX + 1n - value) & ULONG_MAX;
  return Number(BigInt.asIntN(32, value));
}

/**
 * Reads the service as glibc's getaddrinfo does: null, '' and '*' mean none; a number is a
 * port (only its low 16 bits count: '65616' is port 80); anything else is a name, which
 * AI_NUMERICSERV forbids (EAI_NONAME). A number too large for a C int is looked up as a name,
 * and so fails with EAI_SERVICE, as in glibc.
 */
export function parseService(service: string | null, flags: number): ParsedService {
  if (service === null || service === '' || service === '*') return { kind: 'none' };
  const num = strtoulToInt(service);
  if (num === undefined) {
    if ((flags & AI_NUMERICSERV) !== 0) throw new AddrInfoError('EAI_NONAME');
    return { kind: 'name', name: service };
  }
  return num >= 0 ? { kind: 'port', port: num & MAX_PORT } : { kind: 'name', name: service };
}

function matches(tp: TypeProto, socktype: number, protocol: number): boolean {
  return (socktype === 0 || socktype === tp.socktype) && (protocol === 0 || tp.anyProtocol || protocol === tp.protocol);
}

/**
 * glibc's get_servtuples: which socket types and protocols to return, with which port. With
 * neither socktype nor protocol: stream/tcp, dgram/udp and raw/0 for a numeric or absent
 * service, and for a name every type it is defined for (a name only in tcp gives no dgram
 * result). With either: the first table row that fits, or EAI_SOCKTYPE (EAI_SERVICE when
 * only the protocol was given) when none does; a name not defined for that protocol, or any
 * service with SOCK_RAW, is EAI_SERVICE.
 */
export function serviceTuples(service: ParsedService, socktype: number, protocol: number, services: ServicesTable): ServiceTuple[] {
  let chosen: TypeProto | undefined;
  if (socktype !== 0 || protocol !== 0) {
    chosen = TYPEPROTO.find((tp) => matches(tp, socktype, protocol));
    if (chosen === undefined) throw new AddrInfoError(socktype !== 0 ? 'EAI_SOCKTYPE' : 'EAI_SERVICE');
    if (service.kind !== 'none' && chosen.noService) throw new AddrInfoError('EAI_SERVICE');
  }

  if (service.kind !== 'name') {
    const port = service.kind === 'port' ? service.port : 0;
    if (chosen !== undefined) return [{ socktype: chosen.socktype, protocol: chosen.anyProtocol ? protocol : chosen.protocol, port }];
    return TYPEPROTO.filter((tp) => tp.byDefault).map((tp) => ({ socktype: tp.socktype, protocol: tp.protocol, port }));
  }

  if (chosen !== undefined) {
    const entry = services.getByName(service.name, chosen.name);
    if (entry === undefined) throw new AddrInfoError('EAI_SERVICE');
    return [{ socktype: chosen.socktype, protocol: chosen.anyProtocol ? protocol : chosen.protocol, port: entry.port }];
  }
  const tuples: ServiceTuple[] = [];
  for (const tp of TYPEPROTO) {
    if (tp.noService) continue;
    const entry = services.getByName(service.name, tp.name);
    if (entry !== undefined) tuples.push({ socktype: tp.socktype, protocol: tp.protocol, port: entry.port });
  }
  if (tuples.length === 0) throw new AddrInfoError('EAI_SERVICE');
  return tuples;
}
