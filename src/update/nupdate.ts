/**
 * res_nupdate and res_nisourserver: an update in one call (zone cut, message, signing, sending,
 * verifying), and whether an address is one of the configured name servers.
 *
 * Records of several zones go as one UPDATE per zone, in the order the zones first appear, as
 * res_nupdate groups them; each zone's outcome is reported.
 */
import { loadConfig, parseNameServer, type NameServer } from '../env/index.js';
import { ArgumentError, DnsError } from '../errors.js';
import { canonicalName } from '../packet/index.js';
import { StubResolver } from '../resolver/index.js';
import { isZoneRecord, Update, updateFromRecords, type UpdateRecord } from './message.js';
import { sendUpdate, type SendUpdateOptions, type UpdateResult } from './send.js';
import { findZoneCut, type DiscoveryResolver } from './zone-cut.js';

/** Options of update (res_nupdate). */
export interface NupdateOptions extends Omit<SendUpdateOptions, 'servers' | 'resolver'> {
  /** The resolver that finds the zone cut (its configured servers) and whose transport sends. Default: one over the system configuration, closed afterwards. */
  resolver?: StubResolver;
  /** Send here instead of the primary found by zone-cut discovery (nsupdate's `server`). */
  servers?: readonly (NameServer | string)[];
  /** The port of the primary's addresses; default the first configured server's. */
  port?: number;
  /** Only the primary's IPv4 (4) or IPv6 (6) addresses, as findZoneCut's (nsupdate's -4 / -6). */
  family?: 4 | 6;
}

/**
 * res_nupdate: sends `what` (an Update, or an ns_updrec-like list) to the primary of its zone,
 * found with findZoneCut unless `servers` is given, signed with `key` when given, and resolves
 * with each zone's result. A list without a zone record is split by zone (each record's zone
 * found by its name), one UPDATE per zone. One zone's failure rejects with its error (see
 * sendUpdate); with several zones, every zone is sent and any failure rejects with an
 * AggregateError of the failures, whose `results` holds what each zone answered.
 */
export async function update(what: Update | readonly UpdateRecord[], options: NupdateOptions = {}): Promise<UpdateResult[]> {
  if (!(what instanceof Update) && !Array.isArray(what)) throw new ArgumentError('update takes an Update or a list of update records');
  const own = options.resolver === undefined;
  const resolver = options.resolver ?? new StubResolver();
  try {
    const updates = await groupByZone(what, resolver, options);
    const settled: Array<{ zone: string; result?: UpdateResult; error?: unknown }> = [];
    for (const u of updates) {
      try {
        const servers = options.servers ?? (await primaryOf(u, resolver, options));
        settled.push({ zone: u.zone, result: await sendUpdate(u, { ...options, servers, resolver }) });
      } catch (error) {
        if (updates.length === 1) throw error;
        settled.push({ zone: u.zone, error });
      }
    }
    const failures = settled.filter((s) => s.error !== undefined);
    if (failures.length > 0) {
      throw Object.assign(new AggregateError(failures.map((f) => f.error), `update failed for ${failures.map((f) => f.zone).join(', ')}`), { results: settled });
    }
    return settled.map((s) => s.result!);
  } finally {
    if (own) resolver.close();
  }
}

/**
 * The servers of the Update's zone, which must be a zone: where its SOA query finds an
 * enclosing zone instead (the name does not exist, or is not a zone's apex), nothing is sent,
 * as nsupdate sends nothing for a `zone` that does not exist. Otherwise a typo in the zone would
 * send the signed update, key name and records, to the enclosing zone's primary (for a
 * misspelt top-level domain, the root's).
 */
async function primaryOf(u: Update, resolver: DiscoveryResolver, options: NupdateOptions): Promise<readonly NameServer[]> {
  const cut = await findZoneCut(u.zone, { resolver, class: u.class, ...(options.port === undefined ? {} : { port: options.port }), ...(options.family === undefined ? {} : { family: options.family }), ...signalOf(options) });
  if (canonicalName(cut.zone) !== canonicalName(u.zone)) {
    const where = cut.zone === '.' ? 'the root zone' : `the zone ${cut.zone}`;
    throw nothingSent(u.zone, `there is no such zone (the name is in ${where})`);
  }
  return cut.servers;
}

/** ENOTFOUND for an update that was not sent, because no zone fits it. */
function nothingSent(name: string, why: string): DnsError {
  return new DnsError('ENOTFOUND', { hostname: name, type: 'SOA', syscall: 'update', reason: `${why}; nothing was sent` });
}

function signalOf(options: { signal?: AbortSignal | undefined }): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/** One Update per zone: the Update itself, a list with its zone record, or a list split by each record's zone. */
async function groupByZone(what: Update | readonly UpdateRecord[], resolver: DiscoveryResolver, options: NupdateOptions): Promise<Update[]> {
  if (what instanceof Update) return [what];
  if (what.some(isZoneRecord)) return [updateFromRecords(what)];
  const groups = new Map<string, { zone: string; klass: string | undefined; records: UpdateRecord[] }>();
  for (const record of what) {
    const klass = typeof record.class === 'string' ? record.class : undefined;
    const cut = await findZoneCut(record.name, { resolver, ...(klass === undefined ? {} : { class: klass }), ...signalOf(options) });
    // No zone below the root holds the name (a misspelt top-level domain, say): the root's
    // primary is no place for it. An Update for the zone "." can still be sent.
    if (cut.zone === '.') throw nothingSent(record.name, 'no zone below the root holds the name');
    const key = `${cut.class}/${canonicalName(cut.zone)}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { zone: cut.zone, klass, records: [] };
      groups.set(key, group);
    }
    group.records.push(record);
  }
  return [...groups.values()].map((g) => updateFromRecords(g.records, { zone: g.zone, ...(g.klass === undefined ? {} : { class: g.klass }) }));
}

/**
 * res_nisourserver: whether `address` ('127.0.0.1', '127.0.0.1:53', '[::1]:5300' or a
 * NameServer) is one of the configured name servers, address and port both (a port left out
 * is 53). Against `config` (a Resolver's), else the system configuration.
 */
export function isOurServer(address: NameServer | string, config: { readonly nameservers: readonly NameServer[] } = loadConfig()): boolean {
  const server = typeof address === 'string' ? parseNameServer(address) : address;
  if (server === undefined) return false;
  return config.nameservers.some((ns) => ns.address === server.address && ns.port === server.port);
}
