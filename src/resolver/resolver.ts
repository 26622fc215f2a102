/**
 * The engine: res_query, res_search, res_querydomain and res_send over a Transport, with the
 * answer cache, in-flight sharing and cancellation. The node:dns-shaped methods are built on it
 * in src/node; this file knows nothing of them.
 *
 * Configuration is layered once, then frozen (DESIGN principle 5): defaults, resolv.conf and the
 * environment (a given `config`, else the system's, loaded once per process as `_res` is
 * initialised once), then the caller's options. The result is `config`, and everything reads
 * only that: no private copy of an option anywhere.
 */
import { loadConfig, nameServerFromText, RES_AAONLY, RES_IGNTC, RES_NOAAAA, RES_NOCACHE, RES_RECURSE, RES_ROTATE, RES_STAYOPEN, RES_TRUSTAD, RES_USE_DNSSEC, RES_USE_EDNS0, RES_USEVC, withCallerLayer, type NameServer, type ResolverConfig } from '../env/index.js';
import { ArgumentError, checkWholeNumber, DnsError, invalidArgType, QUERY_FAILOVER_RCODES, rcodeOutcome } from '../errors.js';
import { buildQueryWithId, canonicalName, className, classNumber, decodeMessage, DEFAULT_EDNS_PAYLOAD, isClassName, isTypeName, isValidName, NOT_PLAIN, plainNameWireLength, presentationName, randomCase, typeName, typeNumber, type Message } from '../packet/index.js';
import { AnswerCache, checkCacheOptions, KeyMemo, type CacheHit, type CacheMode, type CacheOptions, type CacheStats } from './cache.js';
import { resSend, type FirstTryRoom, type SendPlan } from './send.js';
import { FirstTryWindow } from './first-tries.js';
import { joinDomain, resSearch } from './search.js';
import { turnClock } from './clock.js';
import { flightKey, FlightTable, type FlightKey } from './flights.js';
import { CancelScope, expectedQuestion, serverLabel, type AcceptCheck, type ExpectedQuestion, type Reply, type Server, type Transport } from './transport.js';
import { NodeTransport } from './transport-node.js';
import { DEFAULT_UDP_WINDOW } from './transport-udp.js';

/** How to make a Resolver. Every field is optional; see the file comment for the layering. */
export interface ResolverOptions {
  /** A loaded configuration (loadConfig / createConfig). Given one, the environment is not read. */
  config?: ResolverConfig;
  /** Servers: '127.0.0.1', '127.0.0.1:5300', '::1', '[::1]:5300', read strictly (inet_pton, as node's setServers). Replaces the configured ones. */
  nameservers?: readonly string[];
  /**
   * Milliseconds to wait for each try (node:dns's unit; resolv.conf's `timeout` is in seconds),
   * 1 to 3,600,000, or -1 for the configuration's (node:dns's "-1 for the default"). 0 is an
   * ArgumentError: node passes it to c-ares, which quietly uses its default instead.
   */
  timeout?: number;
  /** Rounds through the server list (resolv.conf's `attempts`), 1 to 100. */
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
  /** How messages reach the servers. Default: a NodeTransport of this resolver's own (real sockets). */
  transport?: Transport;
  /**
   * Queries one UDP socket of the default transport carries before it is replaced by one on a
   * new random port: 1 to 65535, default 100 (c-ares's option of that name; 1 gives a fresh
   * socket per query). A socket is also replaced once it is a second old, however few queries
   * it carried. See docs/udp-ports.md.
   */
  udpMaxQueries?: number;
  /**
   * DNS 0x20 (draft-vixie-dnsext-dns0x20, c-ares's ARES_FLAG_DNS0x20): each query's name goes
   * out with its letters in random case, and a reply counts only if it repeats the question in
   * exactly that case: a blind forger must also guess one bit per letter. Off by default: a
   * server or middlebox that rewrites the question's case (rare) then never gets an answer
   * through. Answers, the cache and results are as without it; only the owner names of a
   * query()'s records come back in the case the query went with.
   */
  dns0x20?: boolean;
}

/** Per-call options of query, search, querydomain and send. */
export interface QueryCallOptions {
  /** RES_* bits added to the resolver's for this call (RES_AAONLY, RES_NOCACHE, RES_USEVC, ...). */
  flags?: number;
  signal?: AbortSignal;
  /** Default 'IN'. */
  class?: string;
}

/**
 * Per-call options of send beyond a query's: where and how a message that is not a plain
 * query goes (an UPDATE to a zone's primary, signed).
 */
export interface SendCallOptions extends Omit<QueryCallOptions, 'class'> {
  /** The servers for this call instead of the configured ones (a zone's primary first). */
  servers?: readonly NameServer[];
  /** The rcodes after which the next server is tried. Default SERVFAIL, REFUSED, NOTIMP; an update passes none. */
  failover?: ReadonlySet<string>;
  /** Milliseconds per try, instead of the configuration's. */
  timeoutMs?: number;
  /** Rounds through the servers, instead of the configuration's. */
  attempts?: number;
  /** Run on every reply that matches before it ends the wait; an Error refuses it (TSIG verification). */
  accept?: AcceptCheck;
  /**
   * Builds the message for each try's ID (a signed message is signed for the ID it goes out
   * with). Without it the given wire is sent, its ID rewritten only where a kept-open TCP
   * connection already has that ID pending.
   */
  build?: (id: number) => Buffer;
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

/** What send (res_send) gives: the reply as it came, whatever its rcode, and the message it answers. */
export interface SendResult {
  message: Message;
  wire: Buffer;
  /** The message as it went out for the try that was answered (its ID, its signature). */
  query: Buffer;
  server: string;
  transport: 'udp' | 'tcp';
}

const NO_OPTIONS: QueryCallOptions = Object.freeze({});

/**
 * query()'s options for a caller that asks exactly the question it names, whatever RES_NOAAAA
 * says: the node layer's resolve6, as c-ares (which has no no-aaaa) asks it. No other option.
 */
export const AS_ASKED: QueryCallOptions = Object.freeze({});
/**
 * Flags that change what an answer holds: RES_USE_DNSSEC sets the DO bit (RRSIGs come back),
 * and either keeps the AD bit the server set. Part of the cache key, so that an answer kept
 * with its AD bit never reaches a caller who must not see it.
 */
const DNSSEC_FLAGS = RES_USE_DNSSEC | RES_TRUSTAD;

let systemConfig: ResolverConfig | undefined;
/** The system configuration, loaded on first use and kept, as res_init fills `_res` once. */
function defaultConfig(): ResolverConfig {
  systemConfig ??= loadConfig();
  return systemConfig;
}

/** Name server strings read as parseServerText reads them (strictly, with this package's ports); anything else is an ArgumentError. */
function parseServers(list: readonly string[]): NameServer[] {
  if (!Array.isArray(list)) throw new ArgumentError('nameservers must be an array of strings');
  return list.map(nameServerFromText);
}

/** The effective configuration: `config` with the caller's options laid over it. */
function effectiveConfig(options: ResolverOptions): ResolverConfig {
  // node:dns's -1: the default, which here is the configuration's. The numbers are checked as
  // node checks its own (validateInt32: ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE), in narrower
  // ranges: a try of more than an hour, or more than 100 rounds, is no query anyone waits for.
  const timeout = options.timeout === -1 ? undefined : options.timeout;
  checkWholeNumber('options.timeout', timeout, 1, 3_600_000);
  checkWholeNumber('options.tries', options.tries, 1, 100);
  checkWholeNumber('options.ndots', options.ndots, 0, 15);
  if (options.flags !== undefined && (!Number.isInteger(options.flags) || options.flags < 0 || options.flags > 0xffffffff)) {
    throw new ArgumentError(`flags must be RES_* bits, not ${String(options.flags)}`);
  }
  if (options.rotate !== undefined && typeof options.rotate !== 'boolean') throw new ArgumentError('rotate must be true or false');
  if (options.search !== undefined && (!Array.isArray(options.search) || options.search.some((d) => typeof d !== 'string'))) {
    throw new ArgumentError('search must be an array of domain names');
  }
  const config = options.config ?? defaultConfig();
  let flags = options.flags;
  if (options.rotate !== undefined) {
    const base = flags ?? config.flags;
    flags = options.rotate ? base | RES_ROTATE : base & ~RES_ROTATE;
  }
  return withCallerLayer(config, {
    nameservers: options.nameservers === undefined ? undefined : parseServers(options.nameservers),
    timeoutMs: timeout,
    attempts: options.tries,
    search: options.search,
    ndots: options.ndots,
    flags,
  });
}

/** Whether the question is AAAA in class IN, however the caller spelt them (only asked under RES_NOAAAA). */
function isAaaaQuestion(type: unknown, klass: unknown): boolean {
  return typeof type === 'string' && typeof klass === 'string' && isTypeName(type) && isClassName(klass) && typeNumber(type) === 28 && classNumber(klass) === 1;
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
 * First tries under way to one server from one resolver at once; more wait for room
 * (first-tries.ts). The UDP transport's own window per server, of the same size.
 */
const FIRST_TRIES = DEFAULT_UDP_WINDOW;

/**
 * A query's question, from query() to the end of its exchange, and the room of its first try
 * (FirstTryRoom). While the query waits for that room, this and its promise are all it holds.
 */
class Asked implements FirstTryRoom {
  /** The server its first try goes to, once known. */
  server: Server | undefined = undefined;
  /** Its first try's timeout. */
  timeoutMs = 0;
  /** While it waits for room: when its first try's timeout ends, its plan, and its promise's functions. */
  deadline = 0;
  plan: SendPlan | undefined = undefined;
  resolve: ((result: QueryResult) => void) | undefined = undefined;
  reject: ((err: unknown) => void) | undefined = undefined;

  constructor(
    private readonly end: (server: Server) => void,
    readonly name: string,
    /** canonicalName(name) for a name of letters, digits, '-', '_' and dots, else undefined. */
    readonly plainCanonical: string | undefined,
    readonly type: string,
    readonly klass: string,
    readonly flags: number,
    /** The cache key, if the answer may be cached. */
    readonly key: string | undefined,
    readonly inFlight: FlightKey,
  ) {}

  /** The name a reply must repeat, canonical. */
  expectedName(): string {
    return this.plainCanonical ?? canonicalName(presentationName(this.name));
  }

  ended(): void {
    this.end(this.server!);
  }
}

/**
 * The stub resolver engine: `query` is res_query, `search` res_search, `querydomain`
 * res_querydomain, `send` res_send. The package's public `Resolver` (src/node) adds node:dns's
 * methods to it.
 */
export class StubResolver {
  #config: ResolverConfig;
  private readonly cache: AnswerCache;
  private readonly keys: KeyMemo;
  /** Exchanges in flight by question (flights.ts says why not an object or a Map). */
  private readonly inflight = new FlightTable<Promise<QueryResult>>();
  /** Room for first tries, per server (first-tries.ts). */
  private readonly firstTries = new FirstTryWindow<Server, Asked>(FIRST_TRIES);
  /** The clock of the cache and of first tries waiting for room, in milliseconds. */
  private readonly clock: () => number;
  private readonly noEdns = new Set<string>();
  /** Random case in every query's name (ResolverOptions.dns0x20). */
  private readonly dns0x20: boolean;
  private readonly transport: Transport;
  private readonly ownTransport: boolean;
  /** Every exchange of this resolver; cancel() cancels it and starts a new one. */
  private scope = new CancelScope();
  private rotation = 0;
  /** The addresses to send from (setLocalAddress), by family. */
  private localAddress: { v4: string | undefined; v6: string | undefined } | undefined;
  /** The last plan made without rotation, and what it was made for (see plan()). */
  private planMemo: { readonly flags: number; readonly config: ResolverConfig; readonly plan: SendPlan } | undefined;

  constructor(options: ResolverOptions | null = {}) {
    // node takes null (and ignores what is not an object); anything else but an object is refused here.
    if (options === null) options = {};
    if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    this.#config = effectiveConfig(options);
    const cacheOptions: CacheOptions = checkCacheOptions(options.cache);
    if (options.now !== undefined && typeof options.now !== 'function') throw new ArgumentError('now must be a function returning milliseconds');
    if (options.transport !== undefined && (typeof options.transport !== 'object' || options.transport === null || typeof options.transport.udp !== 'function' || typeof options.transport.tcp !== 'function')) {
      throw new ArgumentError('transport must implement udp(), tcp() and close()');
    }
    this.clock = options.now ?? turnClock;
    this.cache = new AnswerCache(this.clock, cacheOptions);
    // The names worth remembering keys for are the ones the cache can hold.
    this.keys = new KeyMemo(cacheOptions.maxEntries);
    checkWholeNumber('options.udpMaxQueries', options.udpMaxQueries, 1, 65535);
    if (options.dns0x20 !== undefined && typeof options.dns0x20 !== 'boolean') throw new ArgumentError('dns0x20 must be true or false');
    this.dns0x20 = options.dns0x20 === true;
    this.ownTransport = options.transport === undefined;
    this.transport = options.transport ?? new NodeTransport({ udpMaxQueries: options.udpMaxQueries });
  }

  /** The effective configuration (defaults, resolv.conf, environment, then this resolver's options), frozen. */
  get config(): ResolverConfig {
    return this.#config;
  }

  // -------------------------------------------------------------------------------------------
  // BIND-style

  /** res_query: asks for exactly `name`. Resolves with the reply; rejects with a DnsError (carrying the reply, if one came). */
  query(name: string, type = 'A', options: QueryCallOptions = NO_OPTIONS): Promise<QueryResult> {
    return this.ask(name, type, options, false);
  }

  /**
   * query() for a caller that reads the reply in a step of its own (the node layer): the reply
   * of an exchange comes before res_query's outcome, which that step applies (outcome()), so
   * that the two take one promise and reaction between them rather than two. A cache hit, and
   * everything that fails before an exchange, is as query() gives it.
   */
  protected queryReply(name: string, type: string, options: QueryCallOptions): Promise<QueryResult> {
    return this.ask(name, type, options, true);
  }

  /** query(), and queryReply() for `raw`. */
  private ask(name: string, type: string, options: QueryCallOptions, raw: boolean): Promise<QueryResult> {
    // The default object needs no check: a cache hit without options pays for none.
    if (options !== NO_OPTIONS && options !== AS_ASKED) {
      if (typeof options !== 'object' || options === null) throw new ArgumentError('query options must be an object');
      if (options.flags !== undefined && options.flags >>> 0 !== options.flags) throw new ArgumentError(`flags must be RES_* bits, not ${String(options.flags)}`);
    }
    const flags = options.flags === undefined ? this.#config.flags : this.#config.flags | options.flags;
    const klass = options.class ?? 'IN';
    if ((flags & RES_NOAAAA) !== 0 && options !== AS_ASKED && isAaaaQuestion(type, klass)) return this.askedAsA(name, options);
    // Made once, for the lookup and the store; the key memo remembers the name only if the
    // answer is stored (received()).
    const key = this.answerKey(name, type, klass, flags);
    // The cache first (RES_AAONLY asks the servers, and may still fill it): a key is only ever
    // stored for a valid name, type and class, so a hit needs none of the checks below, which
    // would cost more than the hit itself.
    // An aborted signal skips it too: the call is cancelled, answer or not (below, after the checks).
    const hit = key === undefined || (flags & RES_AAONLY) !== 0 || options.signal?.aborted === true ? undefined : this.cache.lookup(key);
    if (hit !== undefined) return this.settleHit(hit, name, type);
    this.checkQuestion(name, type, klass);
    // A name that cannot be encoded is an outcome of the lookup (node:dns rejects with
    // EBADNAME), not a programming error: reject rather than throw.
    // A plain name (letters, digits, '-', '_', dots) is judged from its text alone.
    const plain = plainNameWireLength(name);
    if (plain === -1 || (plain === NOT_PLAIN && !isValidName(name))) return Promise.reject(new DnsError('EBADNAME', { hostname: name, type, syscall: 'query' }));
    // Already aborted: nothing to ask (an exchange nobody waits for would still go out).
    if (options.signal?.aborted === true) return Promise.reject(new DnsError('ECANCELLED', { hostname: name, type, syscall: 'query' }));
    // The canonical name serves the flight key and the question the reply must repeat: made once.
    const canonical = canonicalName(name);
    // Identical questions in flight at once share one exchange; each caller keeps its own signal.
    const inFlight = flightKey(canonical, classNumber(klass) * 0x10000 + typeNumber(type), flags);
    let flight = this.inflight.get(inFlight);
    if (flight === undefined) {
      flight = this.exchange(new Asked(this.firstTryEnded, name, plain === NOT_PLAIN ? undefined : canonical, type, klass, flags, key, inFlight));
      this.inflight.add(inFlight, flight);
    }
    const answered = raceSignal(flight, options.signal, name);
    return raw ? answered : answered.then((result) => this.outcome(result, name, type));
  }

  /** res_search: the search list and ndots rules (see search.ts). */
  search(name: string, type = 'A', options: QueryCallOptions = {}): Promise<QueryResult> {
    this.checkQuestion(name, type, options.class ?? 'IN');
    const { ndots, search, hostAliases } = this.#config;
    const flags = this.#config.flags | (options.flags ?? 0);
    return resSearch(name, { ndots, search, flags, aliases: hostAliases }, (n, domain) => this.query(joinDomain(n, domain), type, options));
  }

  /** res_querydomain: asks for `name.domain` (or `name` alone when domain is empty). */
  querydomain(name: string, domain: string | undefined, type = 'A', options: QueryCallOptions = {}): Promise<QueryResult> {
    return this.query(joinDomain(name, domain === '' ? undefined : domain), type, options);
  }

  /**
   * res_send: sends a message and resolves with the reply, whatever its rcode. No cache, no
   * search list. A query goes with its own ID where it can; a message built per try
   * (`options.build`: a signed update) goes with the ID the transport chose for the try.
   */
  async send(wire: Uint8Array, options: SendCallOptions = {}): Promise<SendResult> {
    let message: Message;
    try {
      message = decodeMessage(wire);
    } catch (err) {
      throw new ArgumentError(`send needs a whole DNS message: ${(err as Error).message}`);
    }
    const bytes = Buffer.from(wire);
    const q = message.questions[0];
    const expected = message.questions.length === 1 && q !== undefined ? expectedQuestion(q) : undefined;
    const flags = this.#config.flags | (options.flags ?? 0);
    const build =
      options.build ??
      ((id: number) => {
        if (id === bytes.readUInt16BE(0)) return bytes;
        const copy = Buffer.from(bytes);
        copy.writeUInt16BE(id, 0);
        return copy;
      });
    // Not shared with other callers, so the caller's signal may stop the exchange itself.
    const scope = new CancelScope();
    const parent = this.scope;
    const stop = () => scope.cancel();
    parent.add(stop);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      if (options.signal?.aborted) throw new DnsError('ECANCELLED', { hostname: q?.name, syscall: 'query' });
      const plan: SendPlan = {
        ...this.newPlan(flags, false, scope, options.servers),
        // A caller's own message keeps its ID where it can; one built per try gets a fresh random ID.
        id: options.build === undefined ? bytes.readUInt16BE(0) : undefined,
        opcode: message.opcode,
        failover: options.failover ?? QUERY_FAILOVER_RCODES,
        accept: options.accept,
      };
      if (options.timeoutMs !== undefined) plan.timeoutMs = options.timeoutMs;
      if (options.attempts !== undefined) plan.attempts = options.attempts;
      const sent = resSend(
        (id) => build(id),
        expected,
        plan,
        this.transport,
        this.noEdns,
        (r) => r,
        (err: unknown) => {
          throw err;
        },
      );
      const reply = await raceSignal(sent, options.signal, q?.name ?? '');
      return { message: reply.message, wire: reply.wire, query: reply.query, server: serverLabel(reply.server), transport: reply.transport };
    } finally {
      parent.delete(stop);
      options.signal?.removeEventListener('abort', stop);
    }
  }

  // -------------------------------------------------------------------------------------------
  // housekeeping

  /** Cancels every query in progress: they reject with ECANCELLED. */
  cancel(): void {
    const old = this.scope;
    this.scope = new CancelScope();
    // What waits for room first, so that the first tries the scope ends give room to none of it.
    for (const asked of this.firstTries.drain()) {
      this.inflight.delete(asked.inFlight);
      asked.reject!(new DnsError('ECANCELLED', { hostname: asked.expectedName(), syscall: 'query' }));
    }
    old.cancel();
  }

  /** Empties the cache (and the memo of question keys that goes with it). */
  clearCache(): void {
    this.cache.clear();
    this.keys.clear();
  }

  /** Cache hits, misses and size. */
  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  /** Cancels what is in progress and closes this resolver's sockets and connections: no socket or timer is left. */
  close(): void {
    this.cancel();
    if (this.ownTransport) this.transport.close();
  }

  // -------------------------------------------------------------------------------------------
  // for the node:dns surface (src/node), which builds on the engine

  /** Sets the addresses queries are sent from, by family (node's setLocalAddress); undefined: any. */
  protected sendFrom(v4: string | undefined, v6: string | undefined): void {
    this.localAddress = v4 === undefined && v6 === undefined ? undefined : { v4, v6 };
  }

  /** Replaces the name servers (node's setServers): a new effective configuration; the cache is cleared, as its answers came from others. */
  protected replaceServers(servers: readonly NameServer[]): void {
    this.#config = withCallerLayer(this.#config, { nameservers: servers });
    this.noEdns.clear();
    this.cache.clear();
  }

  /** The cache's answer to a question, unless the flags bypass the cache (RES_AAONLY, RES_NOCACHE). */
  protected cacheHit(name: unknown, type: unknown, klass: unknown, flags: number = this.#config.flags, countMiss = true): CacheHit | undefined {
    if ((flags & RES_AAONLY) !== 0) return undefined;
    const key = this.answerKey(name, type, klass, flags);
    return key === undefined ? undefined : this.cache.lookup(key, countMiss);
  }

  /**
   * The key of an answer the cache may keep: none with the cache off (not even the key is worth
   * making) or for RES_NOCACHE, nor for a question that could never be asked (its caller
   * refuses it, and it is never answered from the cache).
   */
  private answerKey(name: unknown, type: unknown, klass: unknown, flags: number): string | undefined {
    if (this.cache.mode === 'off' || (flags & RES_NOCACHE) !== 0 || typeof name !== 'string' || typeof type !== 'string' || typeof klass !== 'string') return undefined;
    return this.keys.key(name, type, klass, (flags & DNSSEC_FLAGS) !== 0);
  }

  // -------------------------------------------------------------------------------------------
  // internals

  /**
   * glibc's no-aaaa (RES_NOAAAA, res-noaaaa.c): an AAAA question is asked as A, to tell a name
   * that does not exist from one that does, and the reply is read as the AAAA question's with
   * nothing in it. The rcode stays (NXDOMAIN is ENOTFOUND, SERVFAIL ESERVFAIL); an answer
   * becomes no data (ENODATA); the A reply itself is not given back. The cache is not asked
   * for AAAA (it may hold an answer from before the flag).
   */
  private askedAsA(name: string, options: QueryCallOptions): Promise<QueryResult> {
    const asAaaa = <T extends Message>(m: T | undefined): T | undefined =>
      m === undefined ? undefined : { ...m, questions: m.questions.map((q) => ({ ...q, type: 'AAAA' })), answers: [], authorities: [], additionals: [] };
    return this.query(name, 'A', options).then(
      (r) => {
        throw new DnsError('ENODATA', { hostname: name, type: 'AAAA', syscall: 'query', servers: r.server === undefined ? [] : [r.server], response: asAaaa(r) });
      },
      (e: unknown) => {
        if (!(e instanceof DnsError)) throw e;
        throw new DnsError(e.code, { hostname: e.hostname, type: 'AAAA', syscall: e.syscall, servers: e.servers, response: asAaaa(e.response), reason: e.reason, cause: e.cause });
      },
    );
  }

  private checkQuestion(name: string, type: string, klass: string): void {
    if (typeof name !== 'string') throw new ArgumentError(`the name must be a string, not ${typeof name}`);
    if (typeof type !== 'string' || !isTypeName(type)) throw new ArgumentError(`unknown record type ${JSON.stringify(type)}`);
    if (typeof klass !== 'string' || !isClassName(klass)) throw new ArgumentError(`unknown class ${JSON.stringify(klass)}`);
  }

  /**
   * A query's plan. Without rotation, every query with the same flags goes by the same plan
   * until the servers, the local address or the scope change: it is made once and shared
   * (frozen), not per query.
   */
  private plan(flags: number, scope: CancelScope): SendPlan {
    // The DO bit (and so EDNS) only for RES_USE_DNSSEC: trust-ad sets AD in the query header
    // and believes it in the reply, as glibc's, but asks for no DNSSEC records.
    const edns = (flags & (RES_USE_DNSSEC | RES_USE_EDNS0)) !== 0;
    if ((flags & RES_ROTATE) !== 0) return this.newPlan(flags, edns, scope, undefined);
    const memo = this.planMemo;
    if (memo !== undefined && memo.flags === flags && memo.plan.scope === scope && memo.config === this.#config && memo.plan.localAddress === this.localAddress) return memo.plan;
    const plan = Object.freeze(this.newPlan(flags, edns, scope, undefined));
    this.planMemo = { flags, config: this.#config, plan };
    return plan;
  }

  /** A plan of its own (send()'s, with a scope of its own, is never shared). */
  private newPlan(flags: number, edns: boolean, scope: CancelScope, servers: readonly Server[] | undefined): SendPlan {
    const list = servers ?? this.#config.nameservers;
    const n = list.length;
    const start = (flags & RES_ROTATE) !== 0 && n > 0 && servers === undefined ? this.rotation++ % n : 0;
    return {
      servers: list,
      start,
      timeoutMs: this.#config.timeoutMs,
      attempts: this.#config.attempts,
      useTcp: (flags & RES_USEVC) !== 0,
      ignoreTruncation: (flags & RES_IGNTC) !== 0,
      edns,
      failover: QUERY_FAILOVER_RCODES,
      keepOpen: (flags & RES_STAYOPEN) !== 0,
      localAddress: this.localAddress,
      scope,
    };
  }

  /**
   * One exchange for the question, forgotten from `inflight` (under its key) as it ends. Its
   * first try waits for room (FirstTryWindow, first-tries.ts) when FIRST_TRIES are already
   * under way to the server it goes to first: waiting, it holds only `asked` and its promise,
   * and its first try's timeout counts from now.
   */
  private exchange(asked: Asked): Promise<QueryResult> {
    const plan = this.plan(asked.flags, this.scope);
    const n = plan.servers.length;
    // Nothing to send (no servers, attempts 0): res_send says so at once.
    if (n === 0 || plan.attempts < 1) return this.exchangeNow(asked, plan, undefined);
    const server = plan.servers[plan.start % n]!;
    asked.server = server;
    if (this.firstTries.take(server)) {
      asked.timeoutMs = plan.timeoutMs;
      return this.exchangeNow(asked, plan, asked);
    }
    asked.plan = plan;
    asked.deadline = this.clock() + plan.timeoutMs;
    return new Promise<QueryResult>((resolve, reject) => {
      asked.resolve = resolve;
      asked.reject = reject;
      this.firstTries.park(server, asked);
    });
  }

  /** A first try to `server` has ended: the longest-waiting queries go, until one takes the room (one function for the resolver, each Asked's ended()). */
  private readonly firstTryEnded = (server: Server): void => {
    for (let next = this.firstTries.release(server); next !== undefined; next = this.firstTries.release(server)) {
      const { resolve, reject, plan } = next;
      next.resolve = next.reject = next.plan = undefined;
      // What is left of its first try's timeout; none left, res_send goes on to the next try
      // without making this one, and the room goes to the next in line.
      next.timeoutMs = Math.floor(next.deadline - this.clock());
      this.exchangeNow(next, plan!, next).then(resolve, reject);
      if (next.timeoutMs >= 1) return;
    }
  };

  /**
   * The exchange itself, its first try in `room` (held for it) when given. `asked.plainCanonical`
   * is canonicalName(name) when the name has only letters, digits, '-', '_' and dots (the
   * decoder spells such a name as it went, so it is also the name the reply must repeat), else
   * undefined. `asked.key` is the cache key, if the answer may be cached.
   */
  private exchangeNow(asked: Asked, plan: SendPlan, room: FirstTryRoom | undefined): Promise<QueryResult> {
    // DNS 0x20: one random case for the exchange's tries (all of them to servers it trusts alike).
    const sent = this.dns0x20 ? randomCase(asked.name) : asked.name;
    // The options are made as each try's message is, the ID passed apart; the closures hold
    // `asked` rather than its parts.
    const build = (id: number, edns: boolean) => {
      const { flags } = asked;
      const recursionDesired = (flags & RES_RECURSE) !== 0;
      const authenticData = (flags & RES_TRUSTAD) !== 0;
      const options = edns
        ? { class: asked.klass, recursionDesired, authenticData, edns: { udpPayloadSize: DEFAULT_EDNS_PAYLOAD, do: (flags & RES_USE_DNSSEC) !== 0 } }
        : { class: asked.klass, recursionDesired, authenticData };
      return buildQueryWithId(sent, asked.type, options, id);
    };
    // The reply repeats the name as the wire has it, which the decoder may spell otherwise.
    const expected: ExpectedQuestion = {
      name: asked.expectedName(),
      type: typeName(typeNumber(asked.type)),
      class: className(classNumber(asked.klass)),
      exactName: this.dns0x20 ? presentationName(sent) : undefined,
    };
    // A promise chain rather than an async function, its handlers res_send's own last step.
    return resSend(
      build,
      expected,
      plan,
      this.transport,
      this.noEdns,
      (reply) => {
        this.inflight.delete(asked.inFlight);
        return this.received(reply, asked);
      },
      (err: unknown) => {
        this.inflight.delete(asked.inFlight);
        throw err;
      },
      room,
    );
  }

  /** What exchange() makes of its reply: AD as this stub may report it, the question as asked, the cache filled, the result. */
  private received(reply: Reply, asked: Asked): QueryResult {
    const { name, type, klass, key } = asked;
    const dnssec = (asked.flags & DNSSEC_FLAGS) !== 0;
    const message = reply.message;
    // A stub that does not validate must not pass on AD it cannot vouch for (glibc clears it
    // unless trust-ad); with trust-ad or DNSSEC asked for, AD is reported as the server set it.
    if (!dnssec) message.flags.ad = false;
    // Under DNS 0x20 the question is kept and given back as it was asked, not in the random case.
    if (this.dns0x20 && message.questions.length === 1) message.questions[0] = { ...message.questions[0]!, name: presentationName(name) };
    // A stored answer's name is remembered by the key memo, so that its hits find the key made.
    if (key !== undefined && this.cache.store(key, message)) this.keys.remember(name, type, klass, dnssec, key);
    // The decoded reply is this exchange's own (the cache keeps copies), so its parts are
    // shared, not copied. A new object with every field at once rather than the message with
    // four added: adding them moved each message to a new hidden class, and results and cache
    // hits then reached the node layer's readers in several shapes.
    const result: QueryResult = {
      id: message.id,
      opcode: message.opcode,
      rcode: message.rcode,
      flags: message.flags,
      questions: message.questions,
      answers: message.answers,
      authorities: message.authorities,
      additionals: message.additionals,
      fromCache: false,
      server: serverLabel(reply.server),
      transport: reply.transport,
      size: reply.wire.length,
    };
    if (message.edns !== undefined) result.edns = message.edns;
    return result;
  }

  /** outcome() for a cache hit; an answer's settled promise is kept with the hit and shared. */
  private settleHit(hit: CacheHit, name: string, type: string): Promise<QueryResult> {
    // The memo first: only an answer's settled promise is kept there, so a hit on an answer
    // needs no look at the outcome table at all.
    const settled = hit.memo.get('query') as Promise<QueryResult> | undefined;
    if (settled !== undefined) return settled;
    const message = hit.message as unknown as QueryResult;
    if (rcodeOutcome('message', message.rcode, message.answers.length) !== undefined) {
      try {
        this.outcome(message, name, type);
      } catch (err) {
        return Promise.reject(err as DnsError);
      }
    }
    const answer = Promise.resolve(message);
    hit.memo.set('query', answer);
    return answer;
  }

  /** res_query's outcome of a reply: the reply, or (thrown) the DnsError its rcode and answers mean, carrying it. */
  protected outcome(result: QueryResult, name: string, type: string): QueryResult {
    const code = rcodeOutcome('message', result.rcode, result.answers.length);
    if (code === undefined) return result;
    throw new DnsError(code, { hostname: name, type, syscall: 'query', servers: result.server ? [result.server] : [], response: result });
  }
}
