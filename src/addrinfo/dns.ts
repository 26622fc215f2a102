/**
 * The DNS half of getaddrinfo, through a Resolver and its search rules, arranged as glibc's
 * nss_dns arranges it:
 * - AF_UNSPEC asks A and AAAA together for each name the search list gives (res_nsearch with
 *   T_QUERY_A_AND_AAAA): a name is the answer when either query has answers, and the search
 *   moves on only when neither has. The two queries go out in parallel, each on its own
 *   socket (one after the other with `options single-request`; AAAA not at all with
 *   `options no-aaaa`).
 * - AF_INET searches for A alone; AF_INET6 for AAAA alone, and, with AI_V4MAPPED, for A as
 *   well, each with its own walk of the search list. The A search starts at the same time as
 *   the AAAA one rather than after it, to save a round trip; its answer is used only when
 *   glibc would have asked (no AAAA answer, or AI_ALL).
 *
 * Failures come back as h_errno names (HOST_NOT_FOUND, NO_DATA, TRY_AGAIN, NO_RECOVERY,
 * NETDB_INTERNAL), which eai.ts turns into EAI_* codes as glibc does. glibc's res_send treats a
 * SERVFAIL, REFUSED or NOTIMP reply like no reply at all (it moves to the next server), so
 * those, like timeouts, are TRY_AGAIN; FORMERR is NO_RECOVERY.
 */
import { RES_NOCHECKNAME, type ResolverConfig } from '../env/index.js';
import { DnsError, herrnoOfError, type HErrnoName } from '../errors.js';
import type { Message } from '../packet/index.js';
import { joinDomain, resHnok, resSearch, type NameRules, type SearchRules } from '../resolver/index.js';
import { addressesFromReply, type AddressAnswer } from './answers.js';
import type { FoundAddress } from './families.js';

/**
 * What getaddrinfo and getnameinfo need from a resolver: its effective configuration (search
 * rules, flags, hosts, services, sort list) and res_query. The package's Resolver fits; tests
 * pass a scripted one.
 */
export interface AddrInfoResolver {
  readonly config: ResolverConfig;
  query(name: string, type: string, options?: { signal?: AbortSignal }): Promise<Message>;
}

/** The name rules replies are read by: glibc's, or none with RES_NOCHECKNAME. */
export function nameRules(config: ResolverConfig): NameRules | false {
  return (config.flags & RES_NOCHECKNAME) !== 0 ? false : 'glibc';
}

/** A failed lookup: h_errno, the error behind it, and whether the name answered with only a CNAME. */
export interface DnsFailure {
  readonly ok: false;
  readonly herrno: HErrnoName;
  readonly error: unknown;
  /**
   * The reply had answers, but after CNAMEs none of the address type. nss_dns reports that
   * as HOST_NOT_FOUND in a way that getaddrinfo's AF_INET path turns into EAI_NODATA and
   * its other paths into EAI_NONAME (see eai.ts).
   */
  readonly cnameOnly: boolean;
}

/** A lookup's outcome: addresses in the order found and the name that owns them, or why there are none. */
export type DnsOutcome = { readonly ok: true; readonly found: FoundAddress[]; readonly canonical: string } | DnsFailure;

/**
 * Whether an error means no server gave a usable reply (h_errno TRY_AGAIN: SERVFAIL, REFUSED,
 * NOTIMP, a timeout, a refused connection), by the outcome table in errors.ts.
 */
export function isServerFailure(error: unknown): boolean {
  return error instanceof DnsError && error.herrno === 'TRY_AGAIN';
}

function failure(error: unknown): DnsFailure {
  return { ok: false, herrno: herrnoOfError(error), error, cnameOnly: false };
}

/**
 * A name glibc refuses to look up at all (its nss_dns checks the name with res_hnok before any
 * query, whatever RES_NOCHECKNAME says): a space, a control character, `*`, `;`, a first
 * character '-', octets outside ASCII. HOST_NOT_FOUND, so EAI_NONAME, and nothing is sent.
 */
function refusedName(name: string): DnsFailure | undefined {
  if (resHnok(name, 'glibc')) return undefined;
  return { ok: false, herrno: 'HOST_NOT_FOUND', error: new DnsError('ENOTFOUND', { hostname: name, syscall: 'getaddrinfo', reason: 'not a host name glibc would look up' }), cnameOnly: false };
}

/** A reply with answers but, after CNAMEs, no address of the type asked. */
function cnameOnly(name: string, type: string): DnsFailure {
  return { ok: false, herrno: 'HOST_NOT_FOUND', error: new DnsError('ENODATA', { hostname: name, type, syscall: 'getaddrinfo' }), cnameOnly: true };
}

function rules(resolver: AddrInfoResolver): SearchRules {
  const { ndots, search, flags, hostAliases } = resolver.config;
  return { ndots, search, flags, aliases: hostAliases };
}

/** The addresses of one reply, or the failure the reader found (a CNAME only; names check-names refuses). */
function read(reply: Message, asked: string, type: 'A' | 'AAAA', config: ResolverConfig): AddressAnswer | DnsFailure {
  const got = addressesFromReply(reply, asked, type, nameRules(config));
  if (!(got instanceof DnsError)) return got;
  return got.code === 'ENODATA' ? cnameOnly(asked, type) : failure(got);
}

/** res_nsearch for one type; resolves with the full name that answered and its addresses. */
export async function searchOne(resolver: AddrInfoResolver, name: string, type: 'A' | 'AAAA', signal: AbortSignal | undefined): Promise<DnsOutcome> {
  const refused = refusedName(name);
  if (refused !== undefined) return refused;
  try {
    const { full, reply } = await resSearch(name, rules(resolver), async (n, domain) => {
      const full = joinDomain(n, domain);
      return { full, reply: await resolver.query(full, type, signal === undefined ? {} : { signal }) };
    });
    const got = read(reply, full, type, resolver.config);
    if ('ok' in got) return got.cnameOnly ? cnameOnly(name, type) : got;
    if (got.addresses.length === 0) return cnameOnly(name, type);
    return { ok: true, found: got.addresses.map((address) => ({ family: type === 'A' ? 4 : 6, address })), canonical: got.owner };
  } catch (error) {
    return failure(error);
  }
}

type Settled = { ok: true; reply: Message } | { ok: false; error: unknown };

async function settle(p: () => Promise<Message>): Promise<Settled> {
  try {
    return { ok: true, reply: await p() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Whether to ask A and AAAA one after the other (`options single-request` or
 * `single-request-reopen`) and whether to skip AAAA (`options no-aaaa`).
 */
function pairMode(config: ResolverConfig): { sequential: boolean; noAaaa: boolean } {
  return { sequential: config.options.singleRequest || config.options.singleRequestReopen, noAaaa: config.options.noAaaa };
}

/**
 * The error a pair of queries without answers counts as, as glibc 2.36 behaves (its send_dg
 * and __res_context_query): a SERVFAIL, REFUSED or NOTIMP reply counts as no reply, so the
 * other reply decides (NXDOMAIN, NODATA, FORMERR), or TRY_AGAIN when neither came; when both
 * came, the A reply's rcode decides unless it is NOERROR, then the AAAA reply's.
 * `aaaa` is undefined when AAAA was not asked (`options no-aaaa`).
 */
export function pairError(a: unknown, aaaa: unknown): unknown {
  if (isServerFailure(a)) return aaaa === undefined || isServerFailure(aaaa) ? a : aaaa;
  if (aaaa === undefined || isServerFailure(aaaa)) return a;
  if (a instanceof DnsError && a.code === 'ENODATA') return aaaa;
  return a;
}

/**
 * Whether the pair fails whatever the AAAA query got: glibc gives up on the pair with
 * TRY_AGAIN when the A query goes unanswered, even if the AAAA reply had addresses (while an
 * unanswered AAAA query leaves the A reply to decide).
 */
export function pairFailsOnA(a: unknown): boolean {
  return a instanceof DnsError && a.code === 'ETIMEOUT';
}

/** res_nsearch with T_QUERY_A_AND_AAAA: the AF_UNSPEC lookup. A answers come before AAAA answers. */
export async function searchPair(resolver: AddrInfoResolver, name: string, signal: AbortSignal | undefined): Promise<DnsOutcome> {
  const refused = refusedName(name);
  if (refused !== undefined) return refused;
  const { sequential, noAaaa } = pairMode(resolver.config);
  const opts = signal === undefined ? {} : { signal };
  try {
    const { full, a, aaaa } = await resSearch(name, rules(resolver), async (n, domain) => {
      const full = joinDomain(n, domain);
      const askA = () => settle(() => resolver.query(full, 'A', opts));
      const askAaaa = () => (noAaaa ? Promise.resolve(undefined) : settle(() => resolver.query(full, 'AAAA', opts)));
      let a: Settled;
      let aaaa: Settled | undefined;
      if (sequential) {
        a = await askA();
        aaaa = await askAaaa();
      } else {
        [a, aaaa] = await Promise.all([askA(), askAaaa()]);
      }
      if (!a.ok && pairFailsOnA(a.error)) throw a.error;
      if (a.ok || aaaa?.ok === true) return { full, a, aaaa };
      throw pairError(a.error, aaaa?.ok === false ? aaaa.error : undefined);
    });
    const none: AddressAnswer = { addresses: [], owner: full };
    const fromA = a.ok ? read(a.reply, full, 'A', resolver.config) : none;
    const fromAaaa = aaaa?.ok === true ? read(aaaa.reply, full, 'AAAA', resolver.config) : none;
    const addrA = 'ok' in fromA ? none : fromA;
    const addrAaaa = 'ok' in fromAaaa ? none : fromAaaa;
    // Names check-names refused fail the pair as glibc's getanswer_r fails (NO_RECOVERY), unless the other reply has addresses.
    const refused = [fromA, fromAaaa].find((r): r is DnsFailure => 'ok' in r && !r.cnameOnly);
    const found: FoundAddress[] = [
      ...addrA.addresses.map((address): FoundAddress => ({ family: 4, address })),
      ...addrAaaa.addresses.map((address): FoundAddress => ({ family: 6, address })),
    ];
    if (found.length === 0) return refused ?? cnameOnly(name, 'A');
    return { ok: true, found, canonical: addrA.addresses.length > 0 ? addrA.owner : addrAaaa.owner };
  } catch (error) {
    return failure(error);
  }
}
