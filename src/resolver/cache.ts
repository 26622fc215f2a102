/**
 * The answer cache, with the seed manual's rules ("Data caching"):
 *
 * - An answer is cached only if the response is authoritative (AA set), unless the mode is
 *   'all' (for a resolver whose server is recursive, so never authoritative) or 'off'.
 * - Responses to inverse queries (opcode IQUERY), truncated responses, and TTL 0 are not cached.
 * - A hit lasts while the smallest TTL of the answer lasts; the TTLs it returns are counted down
 *   by the whole seconds spent in the cache. An expired entry is removed on lookup.
 * - Optionally (off by default, as the seed caches answers only), authoritative NXDOMAIN and
 *   NODATA are cached for min(SOA TTL, SOA MINIMUM), RFC 2308 section 5.
 *
 * Time is passed in (`now()`, in milliseconds): tests use a fake clock, never sleeps.
 * Bypassing it for RES_AAONLY / RES_NOCACHE is the caller's decision, not the cache's.
 */
import { LRUCache } from 'lru-cache';
import { ArgumentError } from '../errors.js';
import { canonicalName, isClassName, isTypeName, isValidName, type HeaderFlags, type Message, type Question, type RcodeName, type ResourceRecord } from '../packet/index.js';

/** Which responses may be cached. */
export type CacheMode = 'authoritative' | 'all' | 'off';

/** How the cache behaves; every field has a default. */
export interface CacheOptions {
  /** Default 'authoritative': only AA answers, as the seed manual says. */
  mode?: CacheMode;
  /** Most entries kept (least recently used go first). Default 10000. */
  maxEntries?: number;
  /** A cap on how long anything is kept, in seconds. Default 86400 (one day). */
  maxTtl?: number;
  /** Cache NXDOMAIN / NODATA (RFC 2308). Default false. */
  negative?: boolean;
  /**
   * A bound on the heap the cached answers take, in bytes (estimated per entry; least recently
   * used go first). Default 64 MiB: one large answer (a 57 KB reply) takes about 300 KB of
   * heap, so a count alone would not bound memory.
   */
  maxBytes?: number;
}

const CACHE_MODES: readonly CacheMode[] = ['authoritative', 'all', 'off'];
const CACHE_KEYS = new Set(['mode', 'maxEntries', 'maxTtl', 'negative', 'maxBytes']);
/** The most entries a cache may be given: lru-cache allocates its index for `max` up front. */
export const MAX_CACHE_ENTRIES = 1_000_000;

/**
 * Checks cache options as a caller gave them: a mode or an options object. Throws ArgumentError
 * naming the option, so that `'authorative'` or `maxTtl: NaN` fails at construction instead of
 * caching what it should not, or forever.
 */
export function checkCacheOptions(value: unknown): CacheOptions {
  if (value === undefined) return {};
  if (typeof value === 'string') {
    if (!(CACHE_MODES as readonly string[]).includes(value)) throw new ArgumentError(`cache must be 'authoritative', 'all', 'off' or an options object, not ${JSON.stringify(value)}`);
    return { mode: value as CacheMode };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArgumentError('cache must be a mode or an options object');
  for (const k of Object.keys(value)) if (!CACHE_KEYS.has(k)) throw new ArgumentError(`unknown cache option ${JSON.stringify(k)}`);
  const o = value as Record<string, unknown>;
  if (o.mode !== undefined && !(CACHE_MODES as readonly unknown[]).includes(o.mode)) throw new ArgumentError(`cache.mode must be 'authoritative', 'all' or 'off', not ${JSON.stringify(o.mode)}`);
  const whole = (name: string, min: number, max: number) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
      throw new ArgumentError(`cache.${name} must be a whole number from ${min} to ${max}, not ${String(v)}`);
    }
  };
  whole('maxEntries', 1, MAX_CACHE_ENTRIES);
  whole('maxTtl', 0, 0x7fffffff);
  whole('maxBytes', 1024, Number.MAX_SAFE_INTEGER);
  if (o.negative !== undefined && typeof o.negative !== 'boolean') throw new ArgumentError(`cache.negative must be true or false, not ${JSON.stringify(o.negative)}`);
  return { ...(o as CacheOptions) };
}

/** A rough count of the heap bytes a value takes (strings two bytes a character, plus object overheads). */
function heapBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 8;
  if (value instanceof Uint8Array) return 96 + value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + heapBytes(v), 32);
  if (typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + 16 + heapBytes(v), 32);
  return 16;
}

function entryBytes(entry: Entry): number {
  let n = 256 + heapBytes(entry.question);
  for (const rr of entry.answers) n += 64 + heapBytes(rr.name) + heapBytes(rr.data);
  for (const rr of entry.authorities) n += 64 + heapBytes(rr.name) + heapBytes(rr.data);
  return n;
}

/** Counters for cacheStats(). */
export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

/** A response as the cache gives it back: the message with TTLs counted down, and fromCache set. */
export type CachedMessage = Readonly<Message> & { readonly fromCache: true };

/**
 * A cache hit: the message, and a memo for what callers derive from it (a settled promise, a
 * node:dns-shaped result), so that repeated hits within the same second of age reuse the work.
 * Both are replaced when the TTLs tick down.
 */
export interface CacheHit {
  readonly message: CachedMessage;
  readonly memo: Map<string, unknown>;
}

/**
 * What is kept of a response: the header as numbers and names, the question, and the records a
 * cached answer needs, compactly (a cache of 100,000 answers should stay well under 64 MB).
 */
interface Entry {
  id: number;
  rcode: RcodeName;
  /** The header flags as bits (FLAG_BITS order), rebuilt into an object only for a hit. */
  flagBits: number;
  question: Question;
  answers: readonly ResourceRecord[];
  authorities: readonly ResourceRecord[];
  storedAt: number;
  /** When the smallest TTL runs out. */
  expiresAt: number;
  /** The last hit built, and for which whole second of age: hits within that second share it. */
  hit: CacheHit | undefined;
  hitAge: number;
}

/**
 * The key of a question: class, type, whether DNSSEC was asked for (the DO bit, or trust-ad's
 * AD: they change the answer), and the name. No query this resolver makes sets CD, so CD is not
 * part of it.
 */
export function cacheKey(name: string, type: string, klass = 'IN', dnssec = false): string {
  return `${klass.toUpperCase()}/${type.toUpperCase()}/${dnssec ? 1 : 0}/${canonicalName(name)}`;
}

/**
 * cacheKey, remembered for the strings callers pass. Building and hashing a new key string on
 * every lookup costs several times a cache hit itself; callers mostly pass the same name and
 * type strings again, whose hashes the engine keeps, so nested lookups by them are cheap.
 *
 * Bounded by ageing rather than by starting again: names go into the current generation; when
 * it holds `limit` names it becomes the previous one (the one before is dropped), and a name
 * found only in the previous generation is carried into the current one. So a name asked for
 * within the last `limit` new names stays remembered, the memo never holds more than twice
 * `limit`, and a working set as large as the cache (the default limit is the cache's size)
 * never falls out of it all at once, as it did when the memo cleared itself at 10,000 names.
 *
 * key() makes and gives keys but adds no new name; remember() adds one. The resolver remembers
 * the names whose answers it stores, not every name it looks up: a stream of new names that
 * are never cached (a recursive server's answers, which carry no AA) had cost every query a
 * memo entry, and the churn about 4 µs of CPU a query at 100 in flight. Since every store or
 * hit of a cached answer remembers or carries its name, and the cache holds no more answers
 * than the memo's generation, a name whose answer is cached is still remembered.
 */
export class KeyMemo {
  /**
   * Keys by slot (the DO bit, and whether the class is IN), then question kind (the type for
   * IN, else class and type), then name. IN and other classes have slots of their own, so that
   * no type string (such as 'CH A') can reach a kind made for another class.
   */
  private current: Slots = newSlots();
  private previous: Slots = newSlots();
  private size = 0;
  private readonly limit: number;
  /** The last key made for a name not remembered. */
  private last: { readonly name: string; readonly kind: string; readonly d: number; readonly key: string } | undefined;

  /** Remembers `limit` names per generation (default 10,000, the cache's default size). */
  constructor(limit = 10000) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /**
   * The cache key for this question, as cacheKey gives it; undefined for a question that could
   * never be asked (a name that cannot be encoded, such as '..', an unknown type or class, such
   * as 'CH A'). A remembered name costs no check and no new string; one in the previous
   * generation is carried into the current one; a name not remembered is not added (see
   * remember), and an invalid question never is, so garbage names cost no memory.
   */
  key(name: string, type: string, klass: string, dnssec: boolean): string | undefined {
    const kind = kindOf(type, klass);
    const d = slotOf(klass, dnssec);
    const found = this.current[d]!.get(kind)?.get(name);
    if (found !== undefined) return found;
    // The node layer looks a question up and then asks query() the same: the key made last is
    // kept for the next call, which is most often that one (and the same key still, if the
    // name has been remembered since).
    const last = this.last;
    if (last !== undefined && last.name === name && last.kind === kind && last.d === d) return last.key;
    const carried = this.previous[d]!.get(kind)?.get(name);
    if (carried !== undefined) {
      this.insert(d, kind, name, carried);
      return carried;
    }
    if (!isTypeName(type) || !isClassName(klass) || !isValidName(name)) return undefined;
    const key = cacheKey(name, type, klass, dnssec);
    this.last = { name, kind, d, key };
    return key;
  }

  /** Remembers `key`, which is cacheKey's for this question (the resolver made it already), unless it is remembered. */
  remember(name: string, type: string, klass: string, dnssec: boolean, key: string): void {
    const kind = kindOf(type, klass);
    const d = slotOf(klass, dnssec);
    if (this.current[d]!.get(kind)?.has(name) !== true) this.insert(d, kind, name, key);
  }

  private insert(d: number, kind: string, name: string, key: string): void {
    if (this.size >= this.limit) {
      this.previous = this.current;
      this.current = newSlots();
      this.size = 0;
    }
    let names = this.current[d]!.get(kind);
    if (names === undefined) {
      names = new Map();
      this.current[d]!.set(kind, names);
    }
    names.set(name, key);
    this.size++;
  }

  /** Whether the key for this question is remembered (in either generation). */
  remembers(name: string, type: string, klass: string, dnssec: boolean): boolean {
    const kind = kindOf(type, klass);
    const d = slotOf(klass, dnssec);
    return this.current[d]!.get(kind)?.has(name) === true || this.previous[d]!.get(kind)?.has(name) === true;
  }

  /** Forgets every remembered key. */
  clear(): void {
    this.current = newSlots();
    this.previous = newSlots();
    this.size = 0;
    this.last = undefined;
  }
}

/** A question's kind in the memo: the type for IN, else class and type (see KeyMemo). */
const kindOf = (type: string, klass: string): string => (klass === 'IN' ? type : `${klass} ${type}`);

/** A question's slot in the memo: the DO bit, and whether the class is IN. */
const slotOf = (klass: string, dnssec: boolean): number => (dnssec ? 1 : 0) + (klass === 'IN' ? 0 : 2);

type Slots = ReadonlyArray<Map<string, Map<string, string>>>;

function newSlots(): Slots {
  return [new Map(), new Map(), new Map(), new Map()];
}

function minTtl(records: readonly ResourceRecord[]): number {
  let min = Infinity;
  for (const rr of records) if (rr.ttl < min) min = rr.ttl;
  return min;
}

/** The negative TTL of RFC 2308 section 5: min(SOA TTL, SOA MINIMUM), or undefined without an SOA. */
function negativeTtl(message: Message): number | undefined {
  const soa = message.authorities.find((rr) => rr.type === 'SOA');
  if (soa === undefined) return undefined;
  const minimum = typeof soa.data?.minimum === 'number' ? (soa.data.minimum as number) : 0;
  return Math.min(soa.ttl, minimum);
}

const frozen = <T extends object>(o: T): T => Object.freeze(o);

const FLAG_NAMES = ['qr', 'aa', 'tc', 'rd', 'ra', 'z', 'ad', 'cd'] as const;
const NONE: readonly ResourceRecord[] = Object.freeze([]);

function flagBits(flags: HeaderFlags): number {
  let bits = 0;
  for (let i = 0; i < FLAG_NAMES.length; i++) if (flags[FLAG_NAMES[i]!]) bits |= 1 << i;
  return bits;
}

function flagsFromBits(bits: number): HeaderFlags {
  const flags = {} as HeaderFlags;
  for (let i = 0; i < FLAG_NAMES.length; i++) flags[FLAG_NAMES[i]!] = (bits & (1 << i)) !== 0;
  return flags;
}

/** Record data as kept: objects and arrays frozen, so that no caller can change a cached answer. */
function frozenData(data: unknown): unknown {
  if (typeof data === 'object' && data !== null && !Buffer.isBuffer(data) && !Object.isFrozen(data)) Object.freeze(data);
  return data;
}

/** Copies of records to keep, whose owner names share one string with the question's when equal. */
function keep(records: readonly ResourceRecord[], question: Question): readonly ResourceRecord[] {
  if (records.length === 0) return NONE;
  return records.map((rr) => ({
    name: rr.name === question.name ? question.name : rr.name,
    type: rr.type,
    class: rr.class,
    ttl: rr.ttl,
    data: frozenData(rr.data),
  }));
}

/** An LRU cache of DNS responses that keeps the seed's rules. */
export class AnswerCache {
  readonly mode: CacheMode;
  private readonly lru: LRUCache<string, Entry>;
  private readonly now: () => number;
  private readonly maxTtl: number;
  private readonly negative: boolean;
  private hits = 0;
  private misses = 0;

  /** `now` is the clock, in milliseconds: time is passed in, so tests use a fake one. */
  constructor(now: () => number, options: CacheOptions = {}) {
    this.mode = options.mode ?? 'authoritative';
    this.now = now;
    this.maxTtl = options.maxTtl ?? 86400;
    this.negative = options.negative ?? false;
    // Expiry is checked here with one clock read per lookup (lru-cache's own TTLs would read the
    // clock again inside get); lru-cache keeps the size bound and the recency order.
    this.lru = new LRUCache<string, Entry>({
      max: Math.max(1, options.maxEntries ?? 10000),
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: entryBytes,
    });
  }

  /**
   * Stores a response to the question `key` if the rules allow, and says whether it did.
   * Only the answer (and, for a negative answer, the authority SOA) is kept.
   */
  store(key: string, message: Message): boolean {
    if (this.mode === 'off') return false;
    const question = message.questions[0];
    if (message.opcode !== 'QUERY' || message.flags.tc || question === undefined) return false;
    if (this.mode === 'authoritative' && !message.flags.aa) return false;
    let ttl: number | undefined;
    let authorities: readonly ResourceRecord[] = NONE;
    if (message.rcode === 'NOERROR' && message.answers.length > 0) {
      ttl = minTtl(message.answers);
    } else if (this.negative && (message.rcode === 'NXDOMAIN' || message.rcode === 'NOERROR')) {
      ttl = negativeTtl(message);
      authorities = keep(message.authorities.filter((rr) => rr.type === 'SOA'), question);
    }
    if (ttl === undefined || ttl <= 0) return false; // TTL 0 means "use once", and lru-cache's 0 means forever
    ttl = Math.min(ttl, this.maxTtl);
    const storedAt = this.now();
    this.lru.set(key, {
      id: message.id,
      rcode: message.rcode,
      flagBits: flagBits(message.flags),
      question,
      answers: keep(message.answers, question),
      authorities,
      storedAt,
      expiresAt: storedAt + ttl * 1000,
      hit: undefined,
      hitAge: -1,
    });
    return true;
  }

  /**
   * The cached response for `key` with TTLs counted down, or undefined (an expired entry is
   * removed). `countMiss` false: a look that a counted one follows on a miss (node's resolve*
   * looks first for its memo, then asks query()), so that one call is one miss.
   */
  lookup(key: string, countMiss = true): CacheHit | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined) {
      if (countMiss) this.misses++;
      return undefined;
    }
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.lru.delete(key);
      if (countMiss) this.misses++;
      return undefined;
    }
    this.hits++;
    const age = Math.floor((now - entry.storedAt) / 1000);
    if (entry.hitAge !== age || entry.hit === undefined) {
      entry.hit = { message: this.view(entry, age), memo: new Map() };
      entry.hitAge = age;
    }
    return entry.hit;
  }

  private view(entry: Entry, age: number): CachedMessage {
    const countDown = (rr: ResourceRecord): ResourceRecord => frozen({ ...rr, ttl: Math.max(0, rr.ttl - age) });
    return frozen({
      id: entry.id,
      opcode: 'QUERY' as const,
      rcode: entry.rcode,
      flags: frozen(flagsFromBits(entry.flagBits)),
      questions: frozen([frozen({ ...entry.question })]),
      answers: frozen(entry.answers.map(countDown)),
      authorities: frozen(entry.authorities.map(countDown)),
      additionals: frozen([]),
      fromCache: true as const,
    }) as CachedMessage;
  }

  /** Forgets everything (the counters too). */
  clear(): void {
    this.lru.clear();
    this.hits = 0;
    this.misses = 0;
  }

  /** Hits, misses and the number of entries (expired ones not yet looked up included). */
  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.lru.size };
  }
}
