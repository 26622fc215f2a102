/**
 * Where getaddrinfo, getnameinfo and lookup get their configuration, resolver and interface
 * data from. With neither `resolver` nor `config`, a process-wide Resolver over the system
 * configuration is made on first use and kept, as the C library initialises `_res` once.
 */
import { ArgumentError } from '../errors.js';
import { type ResolverConfig } from '../env/index.js';
import { StubResolver } from '../resolver/index.js';
import type { AddrInfoResolver } from './dns.js';
import { interfaceAddresses, systemNetworkInterfaces, type InterfaceAddress, type NetworkInterfacesFn } from './interfaces.js';

/** Not yet read in this turn of the event loop. */
const UNREAD = Symbol('unread');
let systemThisTurn: readonly InterfaceAddress[] | undefined | typeof UNREAD = UNREAD;

function readInterfaces(read: NetworkInterfacesFn): readonly InterfaceAddress[] | undefined {
  try {
    return interfaceAddresses(read());
  } catch {
    // glibc is pessimistic when it cannot ask the kernel: every family counts as present.
    return undefined;
  }
}

/**
 * The system's interface addresses, read at most once per turn of the event loop. glibc asks
 * the kernel on every call, and so do we in spirit: a picture is never older than the current
 * turn, but a burst of lookups started together (100 concurrent calls) shares one read, which
 * otherwise costs more than the rest of a hosts-file lookup.
 */
function systemInterfaces(): readonly InterfaceAddress[] | undefined {
  if (systemThisTurn === UNREAD) {
    systemThisTurn = readInterfaces(systemNetworkInterfaces);
    setImmediate(() => {
      systemThisTurn = UNREAD;
    }).unref();
  }
  return systemThisTurn;
}

/** The last argument of getaddrinfo, getnameinfo and createLookup. */
export interface AddrInfoOptions {
  /** The resolver to query (and whose configuration's hosts, services and sort list are used). */
  resolver?: AddrInfoResolver;
  /** A configuration (createConfig / loadConfig) to use without a resolver of one's own; one Resolver per configuration is made and kept. */
  config?: ResolverConfig;
  /** Aborts the call: it rejects with EAI_CANCELED. */
  signal?: AbortSignal;
  /** The machine's interface addresses, with os.networkInterfaces' signature (the default). */
  networkInterfaces?: NetworkInterfacesFn;
}

const OPTION_KEYS = new Set(['resolver', 'config', 'signal', 'networkInterfaces']);

/** What one call works with. Interface data is read at most once per call, and only if needed. */
export interface CallContext {
  readonly config: ResolverConfig;
  resolver(): AddrInfoResolver;
  /** The interface addresses, or undefined when they could not be read. */
  interfaces(): readonly InterfaceAddress[] | undefined;
  readonly signal: AbortSignal | undefined;
}

let processResolver: StubResolver | undefined;
const resolvers = new WeakMap<ResolverConfig, StubResolver>();

/** The process-wide default Resolver, made on first use over the system configuration. */
export function defaultResolver(): StubResolver {
  processResolver ??= new StubResolver();
  return processResolver;
}

/** Throws ArgumentError for options that can never work; returns them typed. */
export function checkOptions(options: unknown): AddrInfoOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ArgumentError('options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new ArgumentError(`unknown option ${JSON.stringify(key)}`);
  }
  const o = options as AddrInfoOptions;
  if (o.resolver !== undefined && (typeof o.resolver !== 'object' || o.resolver === null || typeof o.resolver.query !== 'function' || typeof o.resolver.config !== 'object')) {
    throw new ArgumentError('options.resolver must be a Resolver');
  }
  if (o.config !== undefined && (typeof o.config !== 'object' || o.config === null || !Array.isArray(o.config.nameservers))) {
    throw new ArgumentError('options.config must be a ResolverConfig (createConfig / loadConfig)');
  }
  if (o.resolver !== undefined && o.config !== undefined && o.resolver.config !== o.config) {
    throw new ArgumentError('give options.resolver or options.config, not both: a resolver carries its configuration');
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new ArgumentError('options.signal must be an AbortSignal');
  if (o.networkInterfaces !== undefined && typeof o.networkInterfaces !== 'function') {
    throw new ArgumentError('options.networkInterfaces must be a function like os.networkInterfaces');
  }
  return o;
}

/** The context for one call. */
export function callContext(options: AddrInfoOptions): CallContext {
  const given = options.resolver;
  const config = given?.config ?? options.config ?? defaultResolver().config;
  const resolver = (): AddrInfoResolver => {
    if (given !== undefined) return given;
    if (options.config === undefined) return defaultResolver();
    let r = resolvers.get(options.config);
    if (r === undefined) {
      r = new StubResolver({ config: options.config });
      resolvers.set(options.config, r);
    }
    return r;
  };
  const read = options.networkInterfaces;
  let cached: { value: readonly InterfaceAddress[] | undefined } | undefined;
  const interfaces = (): readonly InterfaceAddress[] | undefined => {
    if (read === undefined) return systemInterfaces();
    cached ??= { value: readInterfaces(read) };
    return cached.value;
  };
  return { config, resolver, interfaces, signal: options.signal };
}
