/**
 * The package's public Resolver: the engine's res_* methods (query, search, querydomain, send)
 * and node:dns's `promises.Resolver` methods on one class, so that a program can swap node:dns
 * for it. The resolve* methods are made from one table of method to rrtype, as Node's own
 * lib/internal/dns/promises.js makes them (`resolveMap`), each a res_query of the name node
 * would send (node's resolve* use ares_query, which never searches), read by results.ts, which
 * says where results and errors differ from node's and why. As in node, a hostname that is not
 * a string throws at once; everything else is a rejection.
 */
import { ArgumentError, invalidArgType } from '../errors.js';
import { parseServerText, RES_NOCHECKNAME, type NameServer } from '../env/index.js';
import { parseNumericAddress } from '../packet/index.js';
import { AS_ASKED, serverLabel, StubResolver, type QueryResult } from '../resolver/index.js';
import {
  copyResult,
  isNodeRrtype,
  NODE_SYSCALLS,
  nodeError,
  nodeQueryName,
  nodeResult,
  REVERSE_SYSCALL,
  reverseFromReply,
  reverseQueryName,
  unknownRrtype,
  type AnyRecord,
  type CaaRecord,
  type MxRecord,
  type NaptrRecord,
  type NodeResultOptions,
  type NodeResultTypes,
  type NodeRrtype,
  type RecordWithTtl,
  type SoaRecord,
  type SrvRecord,
} from './results.js';

/** node's ERR_INVALID_ARG_TYPE for an argument that must be a string, worded as node words it. */
function notAString(name: string, value: unknown): ArgumentError {
  return invalidArgType(name, 'of type string', value);
}

/** node:dns's resolve* methods and the rrtype each asks for: the one table the methods are made from. */
export const RESOLVE_METHODS = Object.freeze({
  resolve4: 'A',
  resolve6: 'AAAA',
  resolveAny: 'ANY',
  resolveCaa: 'CAA',
  resolveCname: 'CNAME',
  resolveMx: 'MX',
  resolveNaptr: 'NAPTR',
  resolveNs: 'NS',
  resolvePtr: 'PTR',
  resolveSoa: 'SOA',
  resolveSrv: 'SRV',
  resolveTxt: 'TXT',
} as const satisfies Record<string, NodeRrtype>);

/** Memo keys for node-shaped results of a cache hit, made once (a new string per call would be hashed per call). */
const NODE_MEMO = Object.fromEntries(Object.keys(NODE_SYSCALLS).map((t) => [t, `node/${t}`])) as Record<NodeRrtype, string>;
const NODE_MEMO_TTL = Object.fromEntries(Object.keys(NODE_SYSCALLS).map((t) => [t, `node/${t}/ttl`])) as Record<NodeRrtype, string>;

/** The node:dns methods the table adds, typed as node types them (merged with the class below). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Resolver {
  /** IPv4 addresses; `{ ttl: true }` gives `{ address, ttl }`, the TTL capped by any CNAME on the way, as c-ares does. */
  resolve4(hostname: string): Promise<string[]>;
  resolve4(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve4(hostname: string, options: { ttl: boolean }): Promise<string[] | RecordWithTtl[]>;
  /** IPv6 addresses, as resolve4. */
  resolve6(hostname: string): Promise<string[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve6(hostname: string, options: { ttl: boolean }): Promise<string[] | RecordWithTtl[]>;
  /** An ANY query, as node's `{ ..., type }` objects. */
  resolveAny(hostname: string): Promise<AnyRecord[]>;
  /** `{ critical, issue | issuewild | iodef | ...: value }`. */
  resolveCaa(hostname: string): Promise<CaaRecord[]>;
  /** The target of the name's CNAME. */
  resolveCname(hostname: string): Promise<string[]>;
  /** `{ exchange, priority }`. */
  resolveMx(hostname: string): Promise<MxRecord[]>;
  /** `{ flags, service, regexp, replacement, order, preference }`. */
  resolveNaptr(hostname: string): Promise<NaptrRecord[]>;
  /** Name server names. */
  resolveNs(hostname: string): Promise<string[]>;
  /** PTR targets of any name (see `reverse` for an address). */
  resolvePtr(hostname: string): Promise<string[]>;
  /** The SOA record, one object. */
  resolveSoa(hostname: string): Promise<SoaRecord>;
  /** `{ name, port, priority, weight }`. */
  resolveSrv(hostname: string): Promise<SrvRecord[]>;
  /** One array of strings per TXT record. */
  resolveTxt(hostname: string): Promise<string[][]>;
}

/**
 * A stub resolver. `query` is res_query, `search` res_search, `querydomain` res_querydomain,
 * `send` res_send; the `resolve*` methods, `reverse`, `getServers`, `setServers` and `cancel`
 * behave as node:dns's `promises.Resolver`.
 */
// The interface above and this class are one type (declaration merging): the methods are
// installed on the prototype from RESOLVE_METHODS in the static block.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Resolver extends StubResolver {
  static {
    for (const [method, rrtype] of Object.entries(RESOLVE_METHODS)) {
      Object.defineProperty(this.prototype, method, {
        value: function (this: Resolver, hostname: string, options?: { ttl?: boolean }) {
          return this.nodeQuery(rrtype, hostname, options);
        },
        writable: true,
        configurable: true,
      });
    }
  }

  /** node's resolve(): by rrtype, 'A' when none is given; an rrtype node does not know throws at once. */
  resolve(hostname: string): Promise<string[]>;
  resolve(hostname: string, rrtype: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR'): Promise<string[]>;
  resolve(hostname: string, rrtype: 'ANY'): Promise<AnyRecord[]>;
  resolve(hostname: string, rrtype: 'CAA'): Promise<CaaRecord[]>;
  resolve(hostname: string, rrtype: 'MX'): Promise<MxRecord[]>;
  resolve(hostname: string, rrtype: 'NAPTR'): Promise<NaptrRecord[]>;
  resolve(hostname: string, rrtype: 'SOA'): Promise<SoaRecord>;
  resolve(hostname: string, rrtype: 'SRV'): Promise<SrvRecord[]>;
  resolve(hostname: string, rrtype: 'TXT'): Promise<string[][]>;
  resolve(hostname: string, rrtype: string): Promise<NodeResultTypes[NodeRrtype]>;
  resolve(hostname: string, rrtype?: string): Promise<NodeResultTypes[NodeRrtype]> {
    if (rrtype !== undefined && typeof rrtype !== 'string') throw notAString('rrtype', rrtype);
    if (rrtype !== undefined && !isNodeRrtype(rrtype)) throw unknownRrtype(rrtype);
    return this.nodeQuery(rrtype ?? 'A', hostname);
  }

  /**
   * The names of an IPv4 or IPv6 address, from its in-addr.arpa / ip6.arpa PTR records. Not an
   * address: EINVAL (syscall getHostByAddr), as node. Unlike node (c-ares), the hosts file is
   * never read: this room only speaks DNS.
   */
  reverse(ip: string): Promise<string[]> {
    if (typeof ip !== 'string') throw notAString('name', ip); // node's word for it
    let reply: Promise<QueryResult>;
    try {
      reply = this.query(reverseQueryName(ip), 'PTR');
    } catch (error) {
      return Promise.reject(nodeError(error, REVERSE_SYSCALL, ip));
    }
    return reply.then(
      (r) => {
        try {
          return reverseFromReply(r, this.readOptions(ip, false));
        } catch (error) {
          throw nodeError(error, REVERSE_SYSCALL, ip, r.server === undefined ? undefined : [r.server]);
        }
      },
      (error: unknown) => {
        throw nodeError(error, REVERSE_SYSCALL, ip);
      },
    );
  }

  /** The servers, as node:dns writes them: '127.0.0.1', '127.0.0.1:5300', '[::1]:5300'. */
  getServers(): string[] {
    return this.config.nameservers.map((s) => (s.port === 53 ? s.address : serverLabel(s)));
  }

  /**
   * node:dns's setLocalAddress([ipv4[, ipv6]]): queries go out from these addresses (one IPv4
   * and one IPv6, in either order; the other family's stays "any"). Arguments as node checks them.
   */
  setLocalAddress(ipv4: string, ipv6?: string): void {
    if (typeof ipv4 !== 'string') throw notAString('ipv4', ipv4);
    if (ipv6 !== undefined && typeof ipv6 !== 'string') throw notAString('ipv6', ipv6);
    let v4: string | undefined;
    let v6: string | undefined;
    for (const text of ipv6 === undefined ? [ipv4] : [ipv4, ipv6]) {
      const parsed = parseNumericAddress(text);
      if (parsed === undefined) throw new ArgumentError('Invalid IP address.', 'ERR_INVALID_ARG_VALUE');
      if (parsed.family === 4) {
        if (v4 !== undefined) throw new ArgumentError('Cannot specify two IPv4 addresses.', 'ERR_INVALID_ARG_VALUE');
        v4 = parsed.address;
      } else {
        if (v6 !== undefined) throw new ArgumentError('Cannot specify two IPv6 addresses.', 'ERR_INVALID_ARG_VALUE');
        v6 = parsed.address;
      }
    }
    this.sendFrom(v4, v6);
  }

  /**
   * Replaces the servers (node:dns's setServers), in node's forms: `192.0.2.1`, `192.0.2.1:5300`,
   * `2001:db8::1`, `[2001:db8::1]:5300`, `[192.0.2.1]:5300`, each address read as inet_pton reads
   * it (as node does: no octal, no short forms). A server given twice is kept once, as c-ares
   * keeps it. The cache is cleared, as its answers came from others.
   */
  setServers(servers: readonly string[]): void {
    if (!Array.isArray(servers)) throw invalidArgType('servers', 'an instance of Array', servers);
    const parsed: NameServer[] = [];
    const seen = new Set<string>();
    servers.forEach((text: unknown, i) => {
      if (typeof text !== 'string') throw notAString(`servers[${i}]`, text);
      const server = parseServerText(text);
      // node: TypeError [ERR_INVALID_IP_ADDRESS]: Invalid IP address: bad
      if (server === undefined) throw new ArgumentError(`Invalid IP address: ${text}`, 'ERR_INVALID_IP_ADDRESS');
      const label = serverLabel(server);
      if (seen.has(label)) return;
      seen.add(label);
      parsed.push(server);
    });
    this.replaceServers(parsed);
  }

  // Plain promise chains rather than async functions: this is the hot path of resolve4, and
  // every await would add a turn of the microtask queue to a cache hit.
  private nodeQuery<T extends NodeRrtype>(rrtype: T, hostname: string, options?: { ttl?: boolean }): Promise<NodeResultTypes[T]> {
    if (typeof hostname !== 'string') throw notAString('name', hostname);
    const syscall = NODE_SYSCALLS[rrtype];
    // node reads the option as `!!(options && options.ttl)`, whatever `options` is.
    const ttl = Boolean(options && (options as { ttl?: unknown }).ttl);
    // A cache hit keeps its node-shaped result for as long as its TTLs stand still; each caller
    // gets a copy, as node gives each its own arrays.
    const hit = this.cacheHit(hostname, rrtype, 'IN', this.config.flags, false);
    if (hit !== undefined) {
      const memoKey = ttl ? NODE_MEMO_TTL[rrtype] : NODE_MEMO[rrtype];
      let result = hit.memo.get(memoKey) as NodeResultTypes[T] | undefined;
      if (result === undefined) {
        try {
          nodeQueryName(hostname, syscall, rrtype); // c-ares's refusals (EBADNAME) still apply
          result = nodeResult(rrtype, hit.message as unknown as QueryResult, this.readOptions(hostname, ttl));
        } catch (error) {
          return Promise.reject(nodeError(error, syscall, hostname));
        }
        hit.memo.set(memoKey, result);
      }
      return Promise.resolve(copyResult(result));
    }
    let reply: Promise<QueryResult>;
    let name: string;
    try {
      name = nodeQueryName(hostname, syscall, rrtype);
      // As asked: c-ares has no no-aaaa, so resolve6 asks AAAA whatever resolv.conf says.
      reply = this.queryReply(name, rrtype, AS_ASKED);
    } catch (error) {
      return Promise.reject(nodeError(error, syscall, hostname));
    }
    return reply.then(
      (r) => {
        // res_query's outcome first, as query() would have rejected with it.
        try {
          this.outcome(r, name, rrtype);
        } catch (error) {
          throw nodeError(error, syscall, hostname);
        }
        try {
          return nodeResult(rrtype, r, this.readOptions(hostname, ttl));
        } catch (error) {
          throw nodeError(error, syscall, hostname, r.server === undefined ? undefined : [r.server]);
        }
      },
      (error: unknown) => {
        throw nodeError(error, syscall, hostname);
      },
    );
  }

  /** How results.ts reads replies for this resolver: names checked unless RES_NOCHECKNAME. */
  private readOptions(hostname: string, ttl: boolean): NodeResultOptions {
    return { hostname, ttl, checkNames: (this.config.flags & RES_NOCHECKNAME) !== 0 ? false : 'glibc' };
  }
}
