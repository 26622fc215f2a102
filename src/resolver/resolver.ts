/**
 * The Resolver: res_query, res_search, res_querydomain and res_send over UDP and TCP, with the
 * answer cache, in-flight sharing, cancellation, and the Node-compatible methods.
 *
 * Configuration is layered once, then frozen (DESIGN principle 4): a resolver given `config`
 * uses it and never reads the environment; otherwise the system configuration is loaded once
 * per process (as `_res` is initialised once) and the caller's options are laid over it.
 */
import { loadConfig } from '../env/load.js';
import { parseNameServer } from '../env/resolvconf.js';
import {
  RES_AAONLY,
  RES_IGNTC,
  RES_NOCACHE,
  RES_RECURSE,
  RES_ROTATE,
  RES_STAYOPEN,
  RES_TRUSTAD,
  RES_USEVC,
  RES_USE_DNSSEC,
  RES_USE_EDNS0,
} from '../env/flags.js';
import type { ResolverConfig } from '../env/types.js';
import { ArgumentError, DnsError, rcodeOutcome } from '../errors.js';
import { decodeMessage } from '../packet/codec.js';
import { className, classNumber, isClassName, isTypeName, typeName, typeNumber } from '../packet/constants.js';
import { canonicalName, isValidName, presentationName } from '../packet/names.js';
import { buildQuery, DEFAULT_EDNS_PAYLOAD } from '../packet/query.js';
import type { Message } from '../packet/types.js';
import { AnswerCache, cacheKey, KeyMemo, type CacheHit, type CacheMode, type CacheOptions, type CacheStats } from './cache.js';
import { resSend, type SendPlan, type Transports } from './exchange.js';
import { joinDomain, resSearch, type SearchRules } from './search.js';
import { turnClock } from './clock.js';
import { CancelScope, expectedQuestion, serverLabel, type ExchangeOptions, type ExpectedQuestion, type Reply, type Server } from './transport.js';
import { TcpChannel, tcpExchange } from './transport-tcp.js';
import { UdpSockets, udpExchange } from './transport-udp.js';
// Used only by the "Node-compatible methods" section of the class.
import { RES_NOCHECKNAME } from '../env/flags.js';
import {
  isNodeRrtype,
  NODE_SYSCALLS,
  nodeError,
  nodeQueryName,
  nodeResult,
  copyResult,
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
} from './node-compat.js';

/** How to make a Resolver. Every field is optional; see the class comment for the layering. */
export interface ResolverOptions {
  /** A loaded configuration (loadConfig / createConfig). Given one, the environment is not read. */
  config?: ResolverConfig;
  /** Servers: '127.0.0.1', '127.0.0.1:5300', '::1', '[::1]:5300'. Replaces the configured ones. */
  nameservers?: readonly string[];
  /** Milliseconds to wait for each try. */
  timeout?: number;
  /** Rounds through the server list (resolv.conf's `attempts`). */
  tries?: number;
  /** The search list (replaces the configured one). */
  search?: readonly string[];
  ndots?: number;
  /** Start each query at the next server (RES_ROTATE). */
  rotate?: boolean;
  /** RES_* bits; replaces the configured flags. */
  flags?: number;
  /** 'authoritative' (the default, as the seed manual), 'all', 'off', or detailed cache options. */
  cache?: CacheMode | CacheOptions;
  /** The clock for the cache, in milliseconds (tests pass a fake one). Default: performance.now, read once per event-loop turn. */
  now?: () => number;
}

/** Per-call options of query, search, querydomain and send. */
export interface QueryCallOptions {
  /** RES_* bits added to the resolver's for this call (RES_AAONLY, RES_NOCACHE, RES_USEVC, ...). */
  flags?: number;
  signal?: AbortSignal;
  /** Default 'IN'. */
  class?: string;
}

/** A reply as query and search give it: the decoded message, where it came from, and how. */
export interface QueryResult extends Message {
  fromCache: boolean;
  /** The server that answered ('127.0.0.1:53'), or undefined for a cached answer. */
  server: string | undefined;
  transport: 'udp' | 'tcp' | undefined;
  /** The reply's size on the wire, in octets, or undefined for a cached answer. */
  size: number | undefined;
}

/** What send (res_send) gives: the reply as it came, whatever its rcode. */
export interface SendResult {
  message: Message;
  wire: Buffer;
  server: string;
  transport: 'udp' | 'tcp';
}

const NO_OPTIONS: QueryCallOptions = Object.freeze({});
/** Names that come back from the wire spelled as they went (no octet the decoder escapes). */
const PLAIN_NAME = /^[A-Za-z0-9_.-]*$/;
/** Flags that skip the cache for a query. */
const CACHE_BYPASS = RES_AAONLY | RES_NOCACHE;
/** Flags that set the DO bit, and so change the answer (RRSIGs): part of the cache key. */
const DNSSEC_FLAGS = RES_USE_DNSSEC | RES_TRUSTAD;

/** Memo keys for node-shaped results of a cache hit, made once (a new string per call would be hashed per call). */
const NODE_MEMO = Object.fromEntries(Object.keys(NODE_SYSCALLS).map((t) => [t, `node/${t}`])) as Record<NodeRrtype, string>;
const NODE_MEMO_TTL = Object.fromEntries(Object.keys(NODE_SYSCALLS).map((t) => [t, `node/${t}/ttl`])) as Record<NodeRrtype, string>;

let systemConfig: ResolverConfig | undefined;
/** The system configuration, loaded on first use and kept, as res_init fills `_res` once. */
function defaultConfig(): ResolverConfig {
  systemConfig ??= loadConfig();
  return systemConfig;
}

function parseServers(list: readonly string[]): Server[] {
  if (!Array.isArray(list)) throw new ArgumentError('nameservers must be an array of strings');
  return list.map((s) => {
    const server = typeof s === 'string' ? parseNameServer(s) : undefined;
    if (server === undefined) throw new ArgumentError(`not a name server address: ${JSON.stringify(s)}`);
    return server;
  });
}

function checkCount(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new ArgumentError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
}

/** Settles with `promise`, or rejects with ECANCELLED as soon as `signal` aborts. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, hostname: string): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new DnsError('ECANCELLED', { hostname, syscall: 'query' }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DnsError('ECANCELLED', { hostname, syscall: 'query' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * A stub resolver. `query` is res_query, `search` res_search, `querydomain` res_querydomain,
 * `send` res_send; the `resolve*` methods, `reverse`, `getServers`, `setServers` and `cancel`
 * behave as node:dns's `promises.Resolver`.
 */
export class Resolver {
  /** The configuration this resolver was made from (frozen). */
  readonly config: ResolverConfig;
  private servers: Server[];
  private readonly timeout: number;
  private readonly attempts: number;
  private readonly search_: readonly string[];
  private readonly ndots: number;
  private readonly flags: number;
  private readonly cache: AnswerCache;
  private readonly keys = new KeyMemo();
  private readonly inflight = new Map<string, Promise<QueryResult>>();
  private readonly noEdns = new Set<string>();
  private readonly channels = new Map<string, TcpChannel>();
  private readonly udpSockets = new UdpSockets();
  private readonly transports: Transports;
  /** Every exchange of this resolver; cancel() cancels it and starts a new one. */
  private scope = new CancelScope();
  private rotation = 0;

  constructor(options: ResolverOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new ArgumentError('Resolver options must be an object');
    checkCount('timeout', options.timeout, 1, 3_600_000);
    checkCount('tries', options.tries, 0, 100);
    checkCount('ndots', options.ndots, 0, 15);
    if (options.search !== undefined && (!Array.isArray(options.search) || options.search.some((d) => typeof d !== 'string'))) {
      throw new ArgumentError('search must be an array of domain names');
    }
    const config = options.config ?? defaultConfig();
    this.config = config;
    this.servers = options.nameservers !== undefined ? parseServers(options.nameservers) : config.nameservers.map((s) => ({ ...s }));
    this.timeout = options.timeout ?? config.timeoutMs;
    this.attempts = options.tries ?? config.attempts;
    this.search_ = options.search ?? config.search;
    this.ndots = options.ndots ?? config.ndots;
    let flags = options.flags ?? config.flags;
    if (options.rotate !== undefined) flags = options.rotate ? flags | RES_ROTATE : flags & ~RES_ROTATE;
    this.flags = flags;
    const cacheOptions: CacheOptions = typeof options.cache === 'string' ? { mode: options.cache } : { ...options.cache };
    this.cache = new AnswerCache(options.now ?? turnClock, cacheOptions);
    this.transports = {
      udp: (server, query, expected, opts) => udpExchange(server, query, expected, opts, this.udpSockets),
      tcp: (server, query, expected, opts) => this.tcp(server, query, expected, opts),
    };
  }

  // -------------------------------------------------------------------------------------------
  // BIND-style

  /** res_query: asks for exactly `name`. Resolves with the reply; rejects with a DnsError (carrying the reply, if one came). */
  query(name: string, type = 'A', options: QueryCallOptions = NO_OPTIONS): Promise<QueryResult> {
    const flags = options.flags === undefined ? this.flags : this.flags | options.flags;
    const klass = options.class ?? 'IN';
    // The cache first: a key is only ever stored for a valid name, type and class, so a hit
    // needs none of the checks below, which would cost more than the hit itself.
    const hit = this.cache.mode === 'off' ? undefined : this.cacheHit(name, type, klass, flags);
    if (hit !== undefined) return this.settleHit(hit, name, type);
    this.checkQuestion(name, type, klass);
    // A name that cannot be encoded is an outcome of the lookup (node:dns rejects with
    // EBADNAME), not a programming error: reject rather than throw.
    if (!isValidName(name)) return Promise.reject(new DnsError('EBADNAME', { hostname: name, type, syscall: 'query' }));
    const dnssec = (flags & DNSSEC_FLAGS) !== 0;
    // Without a cache, a name asked once is seldom asked again: build its key, do not keep it.
    const key = this.cache.mode === 'off' ? cacheKey(name, type, klass, dnssec) : this.keys.key(name, type, klass, dnssec);
    // Identical questions in flight at once share one exchange; each caller keeps its own signal.
    const flightKey = flags === this.flags ? key : `${key}|${flags}`;
    let flight = this.inflight.get(flightKey);
    if (flight === undefined) {
      flight = this.exchange(name, type, klass, flags, dnssec, key);
      this.inflight.set(flightKey, flight);
      const forget = () => this.inflight.delete(flightKey);
      flight.then(forget, forget);
    }
    return raceSignal(flight, options.signal, name).then((result) => this.settle(result, name, type));
  }

  /** res_search: the search list and ndots rules (see search.ts). */
  search(name: string, type = 'A', options: QueryCallOptions = {}): Promise<QueryResult> {
    this.checkQuestion(name, type, options.class ?? 'IN');
    const flags = this.flags | (options.flags ?? 0);
    return resSearch(name, { ndots: this.ndots, search: this.search_, flags }, (n, domain) =>
      this.query(joinDomain(n, domain), type, options),
    );
  }

  /** res_querydomain: asks for `name.domain` (or `name` alone when domain is empty). */
  querydomain(name: string, domain: string | undefined, type = 'A', options: QueryCallOptions = {}): Promise<QueryResult> {
    return this.query(joinDomain(name, domain === '' ? undefined : domain), type, options);
  }

  // ===========================================================================================
  // Node-compatible methods: node:dns's promises.Resolver. Each is res_query of the name node
  // would send (node's resolve* use ares_query, which never searches), read by node-compat.ts,
  // which says where results and errors differ from node's and why. As in node, a hostname that
  // is not a string throws at once; everything else is a rejection.

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
    if (rrtype !== undefined && !isNodeRrtype(rrtype)) throw unknownRrtype(rrtype);
    return this.nodeQuery(rrtype ?? 'A', hostname);
  }

  /** IPv4 addresses; `{ ttl: true }` gives `{ address, ttl }`, the TTL capped by any CNAME on the way, as c-ares does. */
  resolve4(hostname: string): Promise<string[]>;
  resolve4(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve4(hostname: string, options: { ttl: boolean }): Promise<string[] | RecordWithTtl[]>;
  resolve4(hostname: string, options?: { ttl?: boolean }): Promise<string[] | RecordWithTtl[]> {
    return this.nodeQuery('A', hostname, options);
  }

  /** IPv6 addresses, as resolve4. */
  resolve6(hostname: string): Promise<string[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve6(hostname: string, options: { ttl: boolean }): Promise<string[] | RecordWithTtl[]>;
  resolve6(hostname: string, options?: { ttl?: boolean }): Promise<string[] | RecordWithTtl[]> {
    return this.nodeQuery('AAAA', hostname, options);
  }

  /** An ANY query, as node's `{ ..., type }` objects. */
  resolveAny(hostname: string): Promise<AnyRecord[]> {
    return this.nodeQuery('ANY', hostname);
  }

  /** The target of the name's CNAME. */
  resolveCname(hostname: string): Promise<string[]> {
    return this.nodeQuery('CNAME', hostname);
  }

  /** `{ exchange, priority }`. */
  resolveMx(hostname: string): Promise<MxRecord[]> {
    return this.nodeQuery('MX', hostname);
  }

  /** Name server names. */
  resolveNs(hostname: string): Promise<string[]> {
    return this.nodeQuery('NS', hostname);
  }

  /** PTR targets of any name (see `reverse` for an address). */
  resolvePtr(hostname: string): Promise<string[]> {
    return this.nodeQuery('PTR', hostname);
  }

  /** The SOA record, one object. */
  resolveSoa(hostname: string): Promise<SoaRecord> {
    return this.nodeQuery('SOA', hostname);
  }

  /** `{ name, port, priority, weight }`. */
  resolveSrv(hostname: string): Promise<SrvRecord[]> {
    return this.nodeQuery('SRV', hostname);
  }

  /** One array of strings per TXT record. */
  resolveTxt(hostname: string): Promise<string[][]> {
    return this.nodeQuery('TXT', hostname);
  }

  /** `{ critical, issue | issuewild | iodef | ...: value }`. */
  resolveCaa(hostname: string): Promise<CaaRecord[]> {
    return this.nodeQuery('CAA', hostname);
  }

  /** `{ flags, service, regexp, replacement, order, preference }`. */
  resolveNaptr(hostname: string): Promise<NaptrRecord[]> {
    return this.nodeQuery('NAPTR', hostname);
  }

  /**
   * The names of an IPv4 or IPv6 address, from its in-addr.arpa / ip6.arpa PTR records. Not an
   * address: EINVAL (syscall getHostByAddr), as node. Unlike node (c-ares), the hosts file is
   * never read: this room only speaks DNS.
   */
  reverse(ip: string): Promise<string[]> {
    if (typeof ip !== 'string') throw new ArgumentError(`The "ip" argument must be of type string, not ${typeof ip}`);
    let reply: Promise<QueryResult>;
    try {
      reply = this.query(reverseQueryName(ip), 'PTR');
    } catch (error) {
      return Promise.reject(nodeError(error, REVERSE_SYSCALL, ip));
    }
    return reply.then(
      (r) => {
        try {
          return reverseFromReply(r, this.nodeReadOptions(ip, false));
        } catch (error) {
          throw nodeError(error, REVERSE_SYSCALL, ip, r.server === undefined ? undefined : [r.server]);
        }
      },
      (error: unknown) => {
        throw nodeError(error, REVERSE_SYSCALL, ip);
      },
    );
  }

  // Plain promise chains rather than async functions: this is the hot path of resolve4, and
  // every await would add a turn of the microtask queue to a cache hit.
  private nodeQuery<T extends NodeRrtype>(rrtype: T, hostname: string, options?: { ttl?: boolean }): Promise<NodeResultTypes[T]> {
    if (typeof hostname !== 'string') throw new ArgumentError(`The "name" argument must be of type string, not ${typeof hostname}`);
    const syscall = NODE_SYSCALLS[rrtype];
    // node reads the option as `!!(options && options.ttl)`, whatever `options` is.
    const ttl = Boolean(options && (options as { ttl?: unknown }).ttl);
    // A cache hit keeps its node-shaped result for as long as its TTLs stand still; each caller
    // gets a copy, as node gives each its own arrays.
    const hit = this.cacheHit(hostname, rrtype, 'IN', this.flags);
    if (hit !== undefined) {
      const memoKey = ttl ? NODE_MEMO_TTL[rrtype] : NODE_MEMO[rrtype];
      let result = hit.memo.get(memoKey) as NodeResultTypes[T] | undefined;
      if (result === undefined) {
        try {
          nodeQueryName(hostname, syscall, rrtype); // c-ares's refusals (EBADNAME) still apply
          result = nodeResult(rrtype, hit.message as unknown as QueryResult, this.nodeReadOptions(hostname, ttl));
        } catch (error) {
          return Promise.reject(nodeError(error, syscall, hostname));
        }
        hit.memo.set(memoKey, result);
      }
      return Promise.resolve(copyResult(result));
    }
    let reply: Promise<QueryResult>;
    try {
      reply = this.query(nodeQueryName(hostname, syscall, rrtype), rrtype);
    } catch (error) {
      return Promise.reject(nodeError(error, syscall, hostname));
    }
    return reply.then(
      (r) => {
        try {
          return nodeResult(rrtype, r, this.nodeReadOptions(hostname, ttl));
        } catch (error) {
          throw nodeError(error, syscall, hostname, r.server === undefined ? undefined : [r.server]);
        }
      },
      (error: unknown) => {
        throw nodeError(error, syscall, hostname);
      },
    );
  }

  /** How node-compat.ts reads replies for this resolver: names checked unless RES_NOCHECKNAME. */
  private nodeReadOptions(hostname: string, ttl: boolean): NodeResultOptions {
    return { hostname, ttl, checkNames: (this.flags & RES_NOCHECKNAME) !== 0 ? false : 'glibc' };
  }

  // End of the node-compatible methods.

  /**
   * res_send: sends a query message as it is (its ID on the first try) and resolves with the
   * reply, whatever its rcode. No cache, no search list.
   */
  async send(wire: Uint8Array, options: Omit<QueryCallOptions, 'class'> = {}): Promise<SendResult> {
    let query: Message;
    try {
      query = decodeMessage(wire);
    } catch (err) {
      throw new ArgumentError(`send needs a whole DNS message: ${(err as Error).message}`);
    }
    const bytes = Buffer.from(wire);
    const q = query.questions[0];
    const expected = query.questions.length === 1 && q !== undefined ? expectedQuestion(q) : undefined;
    const flags = this.flags | (options.flags ?? 0);
    // Not shared with other callers, so the caller's signal may stop the exchange itself.
    const scope = new CancelScope();
    const parent = this.scope;
    const stop = () => scope.cancel();
    parent.add(stop);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      const reply = await raceSignal(
        resSend(() => bytes, expected, this.plan(flags, false, scope), this.transports, this.noEdns),
        options.signal,
        q?.name ?? '',
      );
      return { message: reply.message, wire: reply.wire, server: serverLabel(reply.server), transport: reply.transport };
    } finally {
      parent.delete(stop);
      options.signal?.removeEventListener('abort', stop);
    }
  }

  // -------------------------------------------------------------------------------------------
  // housekeeping

  /** The search rules this resolver applies (its options laid over its configuration's). */
  get searchRules(): SearchRules {
    return { ndots: this.ndots, search: this.search_, flags: this.flags };
  }

  /** The servers, as node:dns writes them: '127.0.0.1', '127.0.0.1:5300', '[::1]:5300'. */
  getServers(): string[] {
    return this.servers.map((s) => (s.port === 53 ? s.address : serverLabel(s)));
  }

  /** Replaces the servers (node:dns's setServers); the cache is cleared, as its answers came from others. */
  setServers(servers: readonly string[]): void {
    this.servers = parseServers(servers);
    this.noEdns.clear();
    this.cache.clear();
  }

  /** Cancels every query in progress: they reject with ECANCELLED. */
  cancel(): void {
    const old = this.scope;
    this.scope = new CancelScope();
    old.cancel();
  }

  /** Empties the cache. */
  clearCache(): void {
    this.cache.clear();
  }

  /** Cache hits, misses and size. */
  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  /** Cancels what is in progress and closes kept-open TCP connections: no socket or timer is left. */
  close(): void {
    this.cancel();
    this.udpSockets.close();
    for (const channel of [...this.channels.values()]) channel.close();
    this.channels.clear();
  }

  // -------------------------------------------------------------------------------------------
  // internals

  private checkQuestion(name: string, type: string, klass: string): void {
    if (typeof name !== 'string') throw new ArgumentError(`the name must be a string, not ${typeof name}`);
    if (typeof type !== 'string' || !isTypeName(type)) throw new ArgumentError(`unknown record type ${JSON.stringify(type)}`);
    if (typeof klass !== 'string' || !isClassName(klass)) throw new ArgumentError(`unknown class ${JSON.stringify(klass)}`);
  }

  private plan(flags: number, edns: boolean, scope: CancelScope): SendPlan {
    const n = this.servers.length;
    const start = (flags & RES_ROTATE) !== 0 && n > 0 ? this.rotation++ % n : 0;
    return {
      servers: this.servers,
      start,
      timeout: this.timeout,
      attempts: this.attempts,
      useTcp: (flags & RES_USEVC) !== 0,
      ignoreTruncation: (flags & RES_IGNTC) !== 0,
      edns,
      scope,
    };
  }

  private async exchange(name: string, type: string, klass: string, flags: number, dnssec: boolean, key: string): Promise<QueryResult> {
    const edns = dnssec || (flags & RES_USE_EDNS0) !== 0;
    const common = { class: klass, recursionDesired: (flags & RES_RECURSE) !== 0, authenticData: (flags & RES_TRUSTAD) !== 0 };
    const withEdns = { ...common, edns: { udpPayloadSize: DEFAULT_EDNS_PAYLOAD, do: dnssec } };
    const build = (edns: boolean) => buildQuery(name, type, edns ? withEdns : common);
    // The reply repeats the name as the wire has it, which the decoder may spell otherwise.
    const expected: ExpectedQuestion = {
      name: canonicalName(PLAIN_NAME.test(name) ? name : presentationName(name)),
      type: typeName(typeNumber(type)),
      class: className(classNumber(klass)),
    };
    const reply = await resSend(build, expected, this.plan(flags, edns, this.scope), this.transports, this.noEdns);
    const message = reply.message;
    // A stub that does not validate must not pass on AD it cannot vouch for (glibc clears it
    // unless trust-ad); with DNSSEC asked for, AD is reported as the server set it.
    if (!dnssec) message.flags.ad = false;
    if ((flags & RES_NOCACHE) === 0) this.cache.store(key, message);
    // The decoded reply is this exchange's own (the cache keeps copies): extend it rather than
    // copy it, which on a busy resolver is measurable.
    const result = message as QueryResult;
    result.fromCache = false;
    result.server = serverLabel(reply.server);
    result.transport = reply.transport;
    result.size = reply.wire.length;
    return result;
  }

  /** The cache's answer to a question, unless the flags bypass the cache (RES_AAONLY, RES_NOCACHE). */
  private cacheHit(name: unknown, type: unknown, klass: unknown, flags: number): CacheHit | undefined {
    if ((flags & CACHE_BYPASS) !== 0 || typeof name !== 'string' || typeof type !== 'string' || typeof klass !== 'string') {
      return undefined;
    }
    return this.cache.lookup(this.keys.key(name, type, klass, (flags & DNSSEC_FLAGS) !== 0));
  }

  /** settle() for a cache hit; an answer's settled promise is kept with the hit and shared. */
  private settleHit(hit: CacheHit, name: string, type: string): Promise<QueryResult> {
    const message = hit.message as unknown as QueryResult;
    if (rcodeOutcome('message', message.rcode, message.answers.length) !== undefined) return this.settle(message, name, type);
    let settled = hit.memo.get('query') as Promise<QueryResult> | undefined;
    if (settled === undefined) {
      settled = Promise.resolve(message);
      hit.memo.set('query', settled);
    }
    return settled;
  }

  /** Turns a reply into res_query's outcome: the reply, or a DnsError carrying it. */
  private settle(result: QueryResult, name: string, type: string): Promise<QueryResult> {
    const code = rcodeOutcome('message', result.rcode, result.answers.length);
    if (code === undefined) return Promise.resolve(result);
    return Promise.reject(
      new DnsError(code, { hostname: name, type, syscall: 'query', servers: result.server ? [result.server] : [], response: result }),
    );
  }

  private tcp(server: Server, query: Buffer, expected: ExpectedQuestion | undefined, options: ExchangeOptions): Promise<Reply> {
    if ((this.flags & RES_STAYOPEN) === 0) return tcpExchange(server, query, expected, options);
    const label = serverLabel(server);
    let channel = this.channels.get(label);
    if (channel === undefined || !channel.usable) {
      channel = new TcpChannel(server, (gone) => {
        if (this.channels.get(label) === gone) this.channels.delete(label);
      });
      this.channels.set(label, channel);
    }
    return channel.exchange(query, expected, options);
  }
}
