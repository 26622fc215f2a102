/**
 * res_findzonecut: the zone a name belongs to, its primary (the SOA's MNAME) and the addresses
 * to send an update to, found with ordinary queries through a resolver.
 *
 * - SOA queries walk up the name: an SOA owned by the name in the answer section, or an SOA in
 *   the authority section of a negative answer (NXDOMAIN, NODATA), names the enclosing zone; a
 *   CNAME or DNAME in the answer, or no SOA at all, strips a label and asks again. The root is
 *   the last name asked.
 * - The addresses come in res_findzonecut2's order: the MNAME's first when the MNAME is one of
 *   the zone's NS names, then the other name servers'; each name's addresses from the glue of
 *   the NS reply's additional section (A and AAAA), asked for when missing.
 * - An MNAME of `.` means the zone takes no updates (RFC 1035 leaves the field to name the
 *   primary; `.` names none): that is an error, not a server to try.
 * - The port is the first configured name server's, as the seed's example copies
 *   `nsaddr_list[0]`'s port, unless one is given.
 */
import { RES_NOCACHE } from '../env/index.js';
import { DnsError } from '../errors.js';
import { canonicalName, isAtOrBelow, parentName, parseNumericAddress, withoutTrailingDot, type Message, type ResourceRecord } from '../packet/index.js';
import type { NameServer } from '../env/index.js';

/** What findZoneCut and update need from a resolver: res_query and the configuration's servers. */
export interface DiscoveryResolver {
  readonly config: { readonly nameservers: readonly NameServer[] };
  query(name: string, type: string, options?: { flags?: number; signal?: AbortSignal; class?: string }): Promise<Message>;
}

/** Options of findZoneCut. */
export interface FindZoneCutOptions {
  /** The resolver that asks (its configured servers, recursive or authoritative). */
  resolver: DiscoveryResolver;
  /** The class, 'IN' unless given. */
  class?: string;
  /** The port of the addresses returned; default the first configured server's. */
  port?: number;
  /** Which address families to return: 4, 6, or both (default). */
  family?: 4 | 6;
  signal?: AbortSignal;
}

/** Where an update for a name goes. */
export interface ZoneCut {
  /** The zone's name, without a trailing dot (the root is "."). */
  readonly zone: string;
  readonly class: string;
  /** The SOA's MNAME: the primary, which takes the updates. */
  readonly primary: string;
  /** The zone's NS names, as the NS reply lists them. */
  readonly nameServers: readonly string[];
  /** The addresses to send to, in res_findzonecut2's order, with the port. */
  readonly servers: readonly NameServer[];
}

/** At most this many labels are stripped: a name has at most 127. */
const MAX_WALK = 128;

/** The reply to a query, whether it was an answer or a negative one (res_query rejects those, with the reply attached). */
async function replyTo(resolver: DiscoveryResolver, name: string, type: string, options: FindZoneCutOptions): Promise<Message | undefined> {
  const opts = { flags: RES_NOCACHE, class: options.class ?? 'IN', ...(options.signal === undefined ? {} : { signal: options.signal }) };
  try {
    return await resolver.query(name, type, opts);
  } catch (error) {
    if (error instanceof DnsError && error.response !== undefined && (error.code === 'ENOTFOUND' || error.code === 'ENODATA')) return error.response;
    throw error;
  }
}

/** The SOA that names `name`'s zone in this reply, if any. */
function soaOf(reply: Message, name: string): ResourceRecord | undefined {
  const asked = canonicalName(name);
  const inAnswer = reply.answers.find((rr) => rr.type === 'SOA' && canonicalName(rr.name) === asked);
  if (inAnswer !== undefined) return inAnswer;
  if (reply.answers.some((rr) => rr.type === 'CNAME' || rr.type === 'DNAME')) return undefined;
  // A negative answer carries the enclosing zone's SOA in its authority section (RFC 2308).
  return reply.authorities.find((rr) => rr.type === 'SOA' && isAtOrBelow(asked, canonicalName(rr.name)));
}

function addressesIn(records: readonly ResourceRecord[], owner: string, family: 4 | 6 | undefined): string[] {
  const want = canonicalName(owner);
  const out: string[] = [];
  for (const rr of records) {
    if ((rr.type !== 'A' && rr.type !== 'AAAA') || canonicalName(rr.name) !== want || typeof rr.data !== 'string') continue;
    const parsed = parseNumericAddress(rr.data);
    if (parsed !== undefined && (family === undefined || parsed.family === family)) out.push(parsed.address);
  }
  return out;
}

/** The addresses of a name server: the glue given, else A and AAAA queries. */
async function addressesOf(resolver: DiscoveryResolver, host: string, glue: readonly ResourceRecord[], options: FindZoneCutOptions): Promise<string[]> {
  const fromGlue = addressesIn(glue, host, options.family);
  if (fromGlue.length > 0) return fromGlue;
  const out: string[] = [];
  for (const type of options.family === 4 ? ['A'] : options.family === 6 ? ['AAAA'] : ['A', 'AAAA']) {
    const reply = await replyTo(resolver, host, type, options).catch(() => undefined);
    if (reply !== undefined) out.push(...addressesIn(reply.answers, host, options.family));
  }
  return out;
}

/**
 * res_findzonecut: the zone of `name`, its primary, and the addresses an update goes to.
 * Rejects with a DnsError: ENOTFOUND when no enclosing zone is found, EREFUSED when the zone's
 * MNAME is `.` (it takes no updates), ENODATA when none of its servers has an address; or the
 * resolver's own error (ETIMEOUT, ...).
 */
export async function findZoneCut(name: string, options: FindZoneCutOptions): Promise<ZoneCut> {
  const { resolver } = options;
  const klass = options.class ?? 'IN';
  let current: string | undefined = withoutTrailingDot(name) || '.';
  let soa: ResourceRecord | undefined;
  for (let i = 0; current !== undefined && i < MAX_WALK; i++) {
    const reply = await replyTo(resolver, current, 'SOA', options);
    soa = reply === undefined ? undefined : soaOf(reply, current);
    if (soa !== undefined) break;
    current = parentName(current);
  }
  if (soa === undefined) throw new DnsError('ENOTFOUND', { hostname: name, type: 'SOA', syscall: 'findZoneCut', reason: 'no enclosing zone was found' });
  const zone = withoutTrailingDot(soa.name) || '.';
  const primary = withoutTrailingDot(String(soa.data.mname)) || '.';
  if (primary === '.') {
    throw new DnsError('EREFUSED', { hostname: zone, type: 'SOA', syscall: 'findZoneCut', reason: `the zone's SOA names no primary (MNAME "."): it takes no updates` });
  }

  const nsReply = await replyTo(resolver, zone, 'NS', options).catch(() => undefined);
  const nsRecords = (nsReply?.answers ?? []).filter((rr) => rr.type === 'NS' && canonicalName(rr.name) === canonicalName(zone));
  const nameServers = nsRecords.map((rr) => withoutTrailingDot(String(rr.data)));
  const glue = nsReply?.additionals ?? [];
  // The MNAME first when it is one of the zone's name servers, then the others (res_findzonecut2).
  const canonicalPrimary = canonicalName(primary);
  const primaryIsNs = nameServers.some((ns) => canonicalName(ns) === canonicalPrimary);
  const order = primaryIsNs ? [primary, ...nameServers.filter((ns) => canonicalName(ns) !== canonicalPrimary)] : nameServers;
  // With no NS set to go by (a server that does not answer NS), the primary alone.
  if (order.length === 0) order.push(primary);

  const port = options.port ?? resolver.config.nameservers[0]?.port ?? 53;
  const servers: NameServer[] = [];
  const seen = new Set<string>();
  for (const host of order) {
    for (const address of await addressesOf(resolver, host, glue, options)) {
      if (seen.has(address)) continue;
      seen.add(address);
      servers.push({ address, port, family: address.includes(':') ? 6 : 4 });
    }
  }
  if (servers.length === 0) {
    throw new DnsError('ENODATA', { hostname: zone, type: 'A', syscall: 'findZoneCut', reason: `no address was found for the primary ${primary} or the zone's name servers` });
  }
  return Object.freeze({ zone, class: klass, primary, nameServers: Object.freeze(nameServers), servers: Object.freeze(servers) });
}
