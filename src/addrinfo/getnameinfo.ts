/**
 * getnameinfo(address, port, flags): glibc 2.36's behaviour. The host name comes from the
 * hosts file first, then from a PTR query (in-addr.arpa or ip6.arpa; no search list, as
 * gethostbyaddr); an IPv4-mapped IPv6 address is looked up as its IPv4 address. Without a
 * name the numeric address is given, unless NI_NAMEREQD. A server failure or timeout is
 * EAI_AGAIN even without NI_NAMEREQD, as in glibc. The service comes from the services file
 * for tcp (udp with NI_DGRAM), else the number.
 */
import { AddrInfoError, ArgumentError, DnsError, herrnoOfError } from '../errors.js';
import { canonicalName, foldCase, parseInetPton6, reverseName } from '../packet/index.js';
import { bytesFromGroups, ipv4Text, isInterfaceScopedMulticast, isLinkLocal6, isV4Mapped } from './address.js';
import { ptrFromReply } from './answers.js';
import { nameRules } from './dns.js';
import { MAX_PORT, NI_DGRAM, NI_IDN, NI_KNOWN_FLAGS, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV } from './constants.js';
import { callContext, checkOptions, type AddrInfoOptions, type CallContext } from './context.js';
import { interfaceIndex, interfaceName } from './interfaces.js';
import { idnToUnicode } from './names.js';
import { parseNumericNode, scopeId, type NumericNode } from './numeric.js';

/** getnameinfo's answer. */
export interface NameInfo {
  /** The host name, or the numeric address (with its zone, for a scoped IPv6 address). */
  host: string;
  /** The service name, or the port number as text. */
  service: string;
}

/**
 * NI_NOFQDN: the name without the local domain. glibc takes the domain from the host's own
 * name; here it is the resolver's default domain (resolv.conf `domain`, or the first `search`
 * entry, or the host name's domain), compared without regard to ASCII case.
 */
export function stripLocalDomain(name: string, domain: string | undefined): string {
  if (domain === undefined || domain === '' || domain === '.') return name;
  const d = canonicalName(domain);
  const n = foldCase(name); // keeps a trailing dot: the slice below is taken from `name`
  if (n.length > d.length + 1 && n.endsWith(`.${d}`)) return name.slice(0, name.length - d.length - 1);
  return name;
}

/** The address to look a name up by in the hosts file: an IPv4-mapped IPv6 address as its IPv4 address. */
export function lookupAddress(n: NumericNode): string {
  if (n.family === 4) return n.address;
  const bytes = bytesFromGroups(parseInetPton6(n.address) as number[]);
  return isV4Mapped(bytes) ? ipv4Text(bytes) : n.address;
}

/**
 * The address whose PTR is asked for, as glibc's nss_dns unmaps it: an IPv4-mapped address, and
 * also a deprecated IPv4-compatible one (`::a.b.c.d`, any but ::1), as the IPv4 address.
 */
export function ptrAddress(address: string): string {
  if (!address.includes(':')) return address;
  const bytes = bytesFromGroups(parseInetPton6(address) as number[]);
  if (isV4Mapped(bytes)) return ipv4Text(bytes);
  const compatible = bytes.subarray(0, 12).every((b) => b === 0) && !(bytes[12] === 0 && bytes[13] === 0 && bytes[14] === 0 && bytes[15] === 1);
  return compatible ? ipv4Text(bytes) : address;
}

/**
 * The numeric host as glibc prints it: inet_ntop, and for a scoped IPv6 address `%` and the
 * interface name (link-local, when the index is known) or the number.
 */
function numericHost(n: NumericNode, ctx: CallContext): string {
  if (n.zone === undefined) return n.address;
  const bytes = bytesFromGroups(parseInetPton6(n.address) as number[]);
  if (/^[0-9]+$/.test(n.zone) && (isLinkLocal6(bytes) || isInterfaceScopedMulticast(bytes))) {
    const list = ctx.interfaces();
    const name = list === undefined ? undefined : interfaceName(list, Number(n.zone));
    if (name !== undefined) return `${n.address}%${name}`;
  }
  return `${n.address}%${n.zone}`;
}

/** The name for an address: the hosts file's first line for it, else its PTR; undefined when there is none. */
async function nameFor(ctx: CallContext, address: string): Promise<string | undefined> {
  // glibc's gethostbyaddr_r answers "not found" for the unspecified address (in6addr_any)
  // before it asks any source.
  if (address === '::') return undefined;
  const line = ctx.config.hosts.byAddress(address)[0];
  if (line !== undefined) return line.name;
  const qname = reverseName(ptrAddress(address));
  try {
    const reply = await ctx.resolver().query(qname, 'PTR', ctx.signal === undefined ? {} : { signal: ctx.signal });
    return ptrFromReply(reply, nameRules(ctx.config));
  } catch (error) {
    if (error instanceof DnsError && error.code === 'ECANCELLED') throw new AddrInfoError('EAI_CANCELED', { cause: error });
    const herrno = herrnoOfError(error);
    if (herrno === 'TRY_AGAIN') throw new AddrInfoError('EAI_AGAIN', { cause: error });
    if (herrno === 'NETDB_INTERNAL') throw new AddrInfoError('EAI_SYSTEM', { cause: error });
    return undefined;
  }
}

/** A zone a sockaddr_in6 could carry: an interface (for a link-local address) or a number; else ArgumentError. */
function checkZone(n: NumericNode, ctx: CallContext): void {
  if (n.zone === undefined) return;
  const bytes = bytesFromGroups(parseInetPton6(n.address) as number[]);
  const known = scopeId(bytes, n.zone, (zone) => {
    const list = ctx.interfaces();
    return list === undefined ? { exists: false, index: undefined } : interfaceIndex(list, zone);
  });
  if (known === undefined) throw new ArgumentError(`${JSON.stringify(n.zone)} is neither an interface nor a scope number`);
}

async function run(n: NumericNode, port: number, flags: number, ctx: CallContext): Promise<NameInfo> {
  if ((flags & ~NI_KNOWN_FLAGS) !== 0) throw new AddrInfoError('EAI_BADFLAGS');
  if (ctx.signal?.aborted === true) throw new AddrInfoError('EAI_CANCELED');

  let host: string | undefined;
  if ((flags & NI_NUMERICHOST) === 0) {
    host = await nameFor(ctx, lookupAddress(n));
    if (host !== undefined) {
      if ((flags & NI_NOFQDN) !== 0) host = stripLocalDomain(host, ctx.config.domain);
      if ((flags & NI_IDN) !== 0) host = idnToUnicode(host);
    }
  }
  if (host === undefined) {
    if ((flags & NI_NAMEREQD) !== 0) throw new AddrInfoError('EAI_NONAME');
    host = numericHost(n, ctx);
  }

  let service: string | undefined;
  if ((flags & NI_NUMERICSERV) === 0) service = ctx.config.services.getByPort(port, (flags & NI_DGRAM) !== 0 ? 'udp' : 'tcp')?.name;
  return { host, service: service ?? String(port) };
}

/**
 * getnameinfo: the host name and service name for an address and port. `address` is IPv4 or
 * IPv6 text (strict inet_pton; an IPv6 zone is allowed), `port` 0..65535; anything else
 * throws ArgumentError at once. Rejects with an AddrInfoError: EAI_BADFLAGS for an unknown
 * flag bit, EAI_NONAME when NI_NAMEREQD finds no name, EAI_AGAIN when the name server fails
 * or does not answer.
 */
export function getnameinfo(address: string, port: number, flags = 0, options?: AddrInfoOptions): Promise<NameInfo> {
  if (typeof address !== 'string') throw new ArgumentError(`address must be a string, not ${typeof address}`);
  const n = parseNumericNode(address, true);
  if (n === undefined) throw new ArgumentError(`not an IP address: ${JSON.stringify(address)}`);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > MAX_PORT) {
    throw new ArgumentError(`port must be an integer from 0 to ${MAX_PORT}, not ${String(port)}`);
  }
  if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < -0x80000000 || flags > 0x7fffffff) {
    throw new ArgumentError(`flags must be a 32-bit integer, not ${String(flags)}`);
  }
  const ctx = callContext(checkOptions(options));
  checkZone(n, ctx);
  return run(n, port, flags, ctx).catch((error: unknown) => {
    if (error instanceof AddrInfoError) {
      throw new AddrInfoError(error.code, { hostname: address, service: port, syscall: 'getnameinfo', cause: error.cause });
    }
    if (error instanceof ArgumentError) throw error;
    throw new AddrInfoError('EAI_SYSTEM', { hostname: address, service: port, syscall: 'getnameinfo', cause: error });
  });
}
