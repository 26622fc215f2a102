/**
 * getaddrinfo(node, service, hints): glibc 2.36's behaviour (RFC 3493) over this package's
 * resolver. The steps, in glibc's order:
 *
 * 1. Arguments: `*` means no node or no service; no node and no service is EAI_NONAME; then
 *    the flags, AI_CANONNAME without a node, the family (hints.ts).
 * 2. AI_ADDRCONFIG narrows the family to the ones configured here (addrconfig.ts).
 * 3. The service and the socket types and protocols (services.ts), before any lookup, so a
 *    bad socktype or service never costs a query.
 * 4. The node: none gives the loopback (or with AI_PASSIVE the wildcard) addresses; an address
 *    is taken as it is and never causes a query (numeric.ts); otherwise the hosts file, then
 *    RFC 6761's localhost names, then DNS through the search list (dns.ts). A name found in
 *    the hosts file is answered from the hosts file alone.
 * 5. The family and AI_V4MAPPED / AI_ALL (families.ts), then RFC 6724 ordering and the sort
 *    list (sort.ts), then one result per address and socket type, AI_CANONNAME's name on the
 *    first.
 */
import { AddrInfoError, ArgumentError, type EaiCode } from '../errors.js';
import { addrconfigFamily, seenFamilies } from './addrconfig.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONIDN,
  AI_CANONNAME,
  AI_IDN,
  AI_NUMERICHOST,
  AI_PASSIVE,
  AI_V4MAPPED,
} from './constants.js';
import { callContext, checkOptions, type AddrInfoOptions, type CallContext } from './context.js';
import { searchOne, searchPair, type DnsOutcome } from './dns.js';
import { eaiForFailure, eaiForInet6Failure } from './eai.js';
import { dropMappedIfIpv6, hostsView, selectForFamily, type FoundAddress } from './families.js';
import { checkHints, readHints, type AddrInfoHints, type CheckedHints } from './hints.js';
import { interfaceIndex } from './interfaces.js';
import { idnToAscii, idnToUnicode, isLocalhostName } from './names.js';
import { numericTuple, parseNumericNode, type AddressTuple } from './numeric.js';
import { parseService, serviceTuples, type ServiceTuple } from './services.js';
import { sortAddresses } from './sort.js';

/** One result: an address to connect to (or bind), with a socket type, protocol and port. */
export interface AddrInfo {
  /** 4 or 6, as node:net names families. */
  family: 4 | 6;
  /** The address as inet_ntop prints it; a scoped IPv6 address keeps its zone: `fe80::1%eth0`. */
  address: string;
  port: number;
  /** SOCK_STREAM (1), SOCK_DGRAM (2), SOCK_RAW (3), ... */
  socktype: number;
  /** IPPROTO_TCP (6), IPPROTO_UDP (17), 0 for raw, ... */
  protocol: number;
  /** With AI_CANONNAME, on the first result only (as glibc sets ai_canonname). */
  canonname?: string;
  /** sin6_scope_id of a scoped IPv6 address, when the interface index is known. */
  scopeid?: number;
}

/** What a node resolved to before ordering: addresses and the canonical name. */
interface Resolved {
  tuples: AddressTuple[];
  canonical: string | undefined;
}

function fail(code: EaiCode, cause?: unknown): never {
  throw new AddrInfoError(code, cause === undefined ? {} : { cause });
}

/** glibc's get_local_addresses: `::` and `0.0.0.0` with AI_PASSIVE, else `::1` and `127.0.0.1`, IPv6 first. */
function localAddresses(family: number, flags: number): AddressTuple[] {
  const passive = (flags & AI_PASSIVE) !== 0;
  const out: AddressTuple[] = [];
  if (family === AF_UNSPEC || family === AF_INET6) out.push({ family: 6, address: passive ? '::' : '::1' });
  if (family === AF_UNSPEC || family === AF_INET) out.push({ family: 4, address: passive ? '0.0.0.0' : '127.0.0.1' });
  return out;
}

/** Addresses found in the hosts file or synthesised for localhost: selected for the family, or EAI_NODATA. */
function fromList(found: readonly FoundAddress[], canonical: string, family: number, flags: number): Resolved {
  const selection = selectForFamily(found, family, flags);
  if (selection.tuples.length === 0) fail('EAI_NODATA');
  return { tuples: dropMappedIfIpv6(selection, flags), canonical };
}

async function fromDns(ctx: CallContext, name: string, family: number, flags: number): Promise<Resolved> {
  const resolver = ctx.resolver();
  if (family === AF_INET6) {
    const mapped = (flags & AI_V4MAPPED) !== 0;
    // Under `options no-aaaa` the resolver asks it as A and reads no address from the reply
    // (glibc's res-noaaaa.c): NXDOMAIN stays EAI_NONAME, a name that exists is EAI_NODATA.
    const aaaaSearch = searchOne(resolver, name, 'AAAA', ctx.signal);
    const aSearch = mapped ? searchOne(resolver, name, 'A', ctx.signal) : undefined;
    const aaaa = await aaaaSearch;
    // glibc asks for A only when AAAA gave nothing or AI_ALL is set; the A search already
    // running is awaited either way so that nothing is left in flight.
    const a = aSearch === undefined ? undefined : await aSearch;
    const useA = a !== undefined && (!aaaa.ok || (flags & AI_ALL) !== 0);
    const found: FoundAddress[] = [...(aaaa.ok ? aaaa.found : []), ...(useA && a.ok ? a.found : [])];
    if (found.length === 0) {
      if (!aaaa.ok) fail(eaiForInet6Failure(aaaa, a !== undefined && !a.ok ? a : undefined), aaaa.error);
      fail('EAI_NODATA');
    }
    const canonical = aaaa.ok ? aaaa.canonical : a?.ok === true ? a.canonical : undefined;
    return { tuples: dropMappedIfIpv6(selectForFamily(found, family, flags), flags), canonical };
  }
  const outcome: DnsOutcome = family === AF_INET ? await searchOne(resolver, name, 'A', ctx.signal) : await searchPair(resolver, name, ctx.signal);
  // glibc's gethostbyname path (try_simple_gethostbyname) is AF_INET without AI_CANONNAME.
  if (!outcome.ok) fail(eaiForFailure(outcome, family === AF_INET && (flags & AI_CANONNAME) === 0), outcome.error);
  return { tuples: dropMappedIfIpv6(selectForFamily(outcome.found, family, flags), flags), canonical: outcome.canonical };
}

/**
 * The addresses of `node`: at once for an address, a hosts-file name or a localhost name
 * (nothing to wait for, so no promise: most lookups are these, and each turn of the microtask
 * queue cost more than the hosts lookup itself), a promise where DNS is asked.
 */
function resolveNode(ctx: CallContext, node: string, family: number, flags: number): Resolved | Promise<Resolved> {
  let name = node;
  if ((flags & AI_IDN) !== 0) {
    const ascii = idnToAscii(node);
    if (ascii === undefined) fail('EAI_IDN_ENCODE');
    name = ascii;
  }
  const numeric = parseNumericNode(name, (flags & AI_NUMERICHOST) !== 0);
  if (numeric !== undefined) {
    const tuple = numericTuple(numeric, family, flags, (zone) => {
      const list = ctx.interfaces();
      return list === undefined ? { exists: false, index: undefined } : interfaceIndex(list, zone);
    });
    return { tuples: [tuple], canonical: node };
  }
  if ((flags & AI_NUMERICHOST) !== 0) fail('EAI_NONAME');

  const lines = ctx.config.hosts.byName(name);
  if (lines.length > 0) {
    const view = hostsView(lines, family);
    return fromList(view.found, view.canonical ?? name, family, flags);
  }
  if (isLocalhostName(name)) {
    return fromList(
      [
        { family: 6, address: '::1' },
        { family: 4, address: '127.0.0.1' },
      ],
      name,
      family,
      flags,
    );
  }
  return fromDns(ctx, name, family, flags);
}

function expand(tuples: readonly AddressTuple[], services: readonly ServiceTuple[], canonname: string | undefined): AddrInfo[] {
  const out: AddrInfo[] = [];
  for (const t of tuples) {
    const address = t.zone === undefined ? t.address : `${t.address}%${t.zone}`;
    for (const s of services) {
      const info: AddrInfo = { family: t.family, address, port: s.port, socktype: s.socktype, protocol: s.protocol };
      if (t.scopeid !== undefined) info.scopeid = t.scopeid;
      if (out.length === 0 && canonname !== undefined) info.canonname = canonname;
      out.push(info);
    }
  }
  return out;
}

/** What run() goes on with once the node is resolved. */
interface Pending {
  readonly ctx: CallContext;
  readonly node: string | null;
  readonly flags: number;
  readonly services: readonly ServiceTuple[];
}

function run(node: string | null, service: string | null, given: ReturnType<typeof readHints>, options: AddrInfoOptions): AddrInfo[] | Promise<AddrInfo[]> {
  const hints: CheckedHints = checkHints(node, service, given);
  if (options.signal?.aborted === true) fail('EAI_CANCELED');
  const ctx = callContext(options);
  let family: number = hints.family;
  if ((hints.flags & AI_ADDRCONFIG) !== 0) family = addrconfigFamily(family, seenFamilies(ctx.interfaces()));
  const services = serviceTuples(parseService(service, hints.flags), hints.socktype, hints.protocol, ctx.config.services);
  const pending: Pending = { ctx, node, flags: hints.flags, services };
  const resolved = node === null ? { tuples: localAddresses(family, hints.flags), canonical: undefined } : resolveNode(ctx, node, family, hints.flags);
  return resolved instanceof Promise ? resolved.then((r) => finish(pending, r)) : finish(pending, resolved);
}

function finish({ ctx, node, flags, services }: Pending, resolved: Resolved): AddrInfo[] {
  // generate_addrinfo can be left with nothing after AI_V4MAPPED's filter: glibc's EAI_NONAME.
  if (resolved.tuples.length === 0) fail('EAI_NONAME');
  const ordered = resolved.tuples.length > 1 ? sortAddresses(resolved.tuples, ctx.interfaces(), ctx.config.sortlist) : resolved.tuples;
  let canonname: string | undefined;
  if ((flags & AI_CANONNAME) !== 0) {
    canonname = resolved.canonical ?? node ?? undefined;
    if (canonname !== undefined && (flags & AI_CANONIDN) !== 0) canonname = idnToUnicode(canonname);
  }
  return expand(ordered, services, canonname);
}

function checkText(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && what === 'service' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string') throw new ArgumentError(`${what} must be a string${what === 'service' ? ', a port number' : ''} or null, not ${typeof value}`);
  if (value.includes('\0')) throw new ArgumentError(`${what} must not contain NUL`);
  return value;
}

/**
 * getaddrinfo: the addresses (with socket types, protocols and ports) to connect to `node` at
 * `service`, or to bind when `node` is null and hints.flags has AI_PASSIVE. Rejects with an
 * AddrInfoError whose `code` is glibc's EAI_* code for the outcome; throws ArgumentError at
 * once for an argument of the wrong type. `hints` omitted or null means glibc's NULL hints
 * (AI_V4MAPPED | AI_ADDRCONFIG); an object means its fields, 0 where absent.
 *
 * `options` chooses the resolver (its configuration supplies the hosts file, the services
 * file and the sort list), a signal, and the interface data; see AddrInfoOptions.
 */
export function getaddrinfo(
  node: string | null | undefined,
  service?: string | number | null,
  hints?: AddrInfoHints | null,
  options?: AddrInfoOptions,
): Promise<AddrInfo[]> {
  // A bad argument throws at once; every outcome of the lookup is a rejection.
  const call = prepare(node, service, hints, options);
  try {
    const result = call();
    return result instanceof Promise ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * getaddrinfo without the promise where none is needed: the results at once when no query is
 * sent (an address, the hosts file, a localhost name), a promise of them when DNS is asked.
 * Throws what getaddrinfo rejects with when the outcome is known at once, and what it throws.
 * For lookup, whose callbacks would otherwise wait several turns of the microtask queue for an
 * answer that was ready.
 */
export function getaddrinfoNow(
  node: string | null | undefined,
  service?: string | number | null,
  hints?: AddrInfoHints | null,
  options?: AddrInfoOptions,
): AddrInfo[] | Promise<AddrInfo[]> {
  return prepare(node, service, hints, options)();
}

/** The arguments checked (an ArgumentError thrown at once), and the call to make with them. */
function prepare(
  node: string | null | undefined,
  service: string | number | null | undefined,
  hints: AddrInfoHints | null | undefined,
  options: AddrInfoOptions | undefined,
): () => AddrInfo[] | Promise<AddrInfo[]> {
  let n = checkText(node, 'node');
  let s = checkText(service, 'service');
  const given = readHints(hints);
  const opts = checkOptions(options);
  if (n === '*') n = null;
  if (s === '*') s = null;
  const failed = (error: unknown): never => {
    if (error instanceof AddrInfoError) {
      throw new AddrInfoError(error.code, { hostname: n, service: s, syscall: 'getaddrinfo', cause: error.cause });
    }
    if (error instanceof ArgumentError) throw error;
    throw new AddrInfoError('EAI_SYSTEM', { hostname: n, service: s, syscall: 'getaddrinfo', cause: error });
  };
  return () => {
    let result: AddrInfo[] | Promise<AddrInfo[]>;
    try {
      result = run(n, s, given, opts);
    } catch (error) {
      return failed(error);
    }
    return result instanceof Promise ? result.catch(failed) : result;
  };
}
