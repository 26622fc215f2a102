/**
 * A drop-in for node's dns.lookup over this package's getaddrinfo: same arguments, same
 * validation, same results and the same errors (`getaddrinfo ENOTFOUND name`, with code,
 * errno, syscall and hostname as node sets them), so it can be passed as the `lookup` option
 * of net.connect, tls.connect, http.request and new http.Agent, and names this resolver knows
 * (its hosts file, its name servers) become reachable to node's sockets.
 */
import { getDefaultResultOrder } from 'node:dns';
import { isIP } from 'node:net';
import { constants as osConstants } from 'node:os';
import { AddrInfoError, ArgumentError, invalidArgType, invalidArgValue, LookupError, notOneOf, type EaiCode } from '../errors.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_V4MAPPED,
  SOCK_STREAM,
  checkOptions,
  getaddrinfoNow,
  idnToAscii,
  type AddrInfo,
  type AddrInfoOptions,
} from '../addrinfo/index.js';

/** One address, as dns.lookup gives it with `all: true`. */
export interface LookupAddress {
  address: string;
  family: 4 | 6;
}

/** How results are ordered: as getaddrinfo gives them, or one family first. */
export type LookupOrder = 'verbatim' | 'ipv4first' | 'ipv6first';

/** dns.lookup's options. */
export interface LookupOptions {
  /** 0 (either), 4, 6, 'IPv4' or 'IPv6'. */
  family?: number | 'IPv4' | 'IPv6';
  /** AI_ADDRCONFIG, AI_V4MAPPED and AI_ALL only, as node allows. */
  hints?: number;
  /** All addresses, as an array of { address, family }, rather than the first. */
  all?: boolean;
  /** Deprecated by node in favour of `order`: true is 'verbatim', false 'ipv4first'. */
  verbatim?: boolean;
  /** Default: node's dns.getDefaultResultOrder(). */
  order?: LookupOrder;
}

/** The callback of dns.lookup; `address` is an array with `all: true`. */
export type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A lookup function bound to a resolver: callback form (dns.lookup) with the promise form (dns.promises.lookup) as `.promise`. */
export interface LookupFunction {
  (hostname: string, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void;
  (hostname: string, options: number | (LookupOptions & { all: true }), callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void): void;
  (hostname: string, options: number | LookupOptions, callback: LookupCallback): void;
  /** dns.promises.lookup: resolves with { address, family }, or an array of them with `all: true`. */
  promise(hostname: string, options: LookupOptions & { all: true }): Promise<LookupAddress[]>;
  promise(hostname: string, options?: number | LookupOptions): Promise<LookupAddress>;
  promise(hostname: string, options?: number | LookupOptions): Promise<LookupAddress | LookupAddress[]>;
}

/** libuv's numbers for the EAI_* codes, which node reports as `errno`. */
const UV_EAI_ERRNO: Partial<Record<EaiCode, number>> = {
  EAI_ADDRFAMILY: -3000,
  EAI_AGAIN: -3001,
  EAI_BADFLAGS: -3002,
  EAI_CANCELED: -3003,
  EAI_FAIL: -3004,
  EAI_FAMILY: -3005,
  EAI_MEMORY: -3006,
  EAI_NODATA: -3007,
  EAI_NONAME: -3008,
  EAI_OVERFLOW: -3009,
  EAI_SERVICE: -3010,
  EAI_SOCKTYPE: -3011,
};

/**
 * node's error for a failed getaddrinfo: EAI_NONAME and EAI_NODATA are 'ENOTFOUND' (with
 * libuv's errno for the EAI code); EAI_SYSTEM takes the system error's name, as libuv does;
 * every other code keeps its EAI_* name.
 */
export function lookupErrorFor(error: AddrInfoError, hostname: string): LookupError {
  const code = error.code;
  if (code === 'EAI_NONAME' || code === 'EAI_NODATA') return new LookupError('ENOTFOUND', UV_EAI_ERRNO[code], hostname, error);
  if (code === 'EAI_SYSTEM') {
    const sys = (error.cause as { code?: unknown } | undefined)?.code;
    const number = typeof sys === 'string' ? (osConstants.errno as Record<string, number | undefined>)[sys] : undefined;
    if (typeof sys === 'string' && number !== undefined) return new LookupError(sys, -number, hostname, error);
  }
  return new LookupError(code, UV_EAI_ERRNO[code], hostname, error);
}

interface Parsed {
  family: 0 | 4 | 6;
  hints: number;
  all: boolean;
  order: LookupOrder;
}

const VALID_HINTS = AI_ADDRCONFIG | AI_ALL | AI_V4MAPPED;

/** node's getDefaultResultOrder, taken once (it is read on every lookup, as dns.lookup reads it). */
const nodeDefaultOrder: (() => string) | undefined = typeof getDefaultResultOrder === 'function' ? getDefaultResultOrder : undefined;

function defaultOrder(): LookupOrder {
  const order = nodeDefaultOrder === undefined ? 'verbatim' : nodeDefaultOrder();
  return order === 'ipv4first' || order === 'ipv6first' ? order : 'verbatim';
}

/** node's argument checks for dns.lookup, with its messages. */
function parseOptions(options: unknown): Parsed {
  const parsed: Parsed = { family: 0, hints: 0, all: false, order: defaultOrder() };
  if (options === undefined || options === null) return parsed;
  if (typeof options === 'number') {
    if (options !== 0 && options !== 4 && options !== 6) throw notOneOf('family', options, [0, 4, 6]);
    parsed.family = options;
    return parsed;
  }
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object or integer', options);
  const o = options as Record<string, unknown>;
  if (o.hints !== undefined && o.hints !== null) {
    if (typeof o.hints !== 'number') throw invalidArgType('options.hints', 'of type number', o.hints);
    const hints = o.hints >>> 0;
    if ((hints & ~VALID_HINTS) !== 0) throw invalidArgValue('hints', hints);
    parsed.hints = hints;
  }
  if (o.family !== undefined && o.family !== null) {
    if (o.family === 'IPv4') parsed.family = 4;
    else if (o.family === 'IPv6') parsed.family = 6;
    else if (o.family === 0 || o.family === 4 || o.family === 6) parsed.family = o.family;
    else throw notOneOf('options.family', o.family, [0, 4, 6]);
  }
  if (o.all !== undefined && o.all !== null) {
    if (typeof o.all !== 'boolean') throw invalidArgType('options.all', 'of type boolean', o.all);
    parsed.all = o.all;
  }
  if (o.verbatim !== undefined && o.verbatim !== null) {
    if (typeof o.verbatim !== 'boolean') throw invalidArgType('options.verbatim', 'of type boolean', o.verbatim);
    parsed.order = o.verbatim ? 'verbatim' : 'ipv4first';
  }
  if (o.order !== undefined && o.order !== null) {
    if (o.order !== 'ipv4first' && o.order !== 'ipv6first' && o.order !== 'verbatim') {
      throw notOneOf('options.order', o.order, ['verbatim', 'ipv4first', 'ipv6first']);
    }
    parsed.order = o.order;
  }
  return parsed;
}

function ordered(list: LookupAddress[], order: LookupOrder): LookupAddress[] {
  if (order === 'verbatim') return list;
  const first = order === 'ipv4first' ? 4 : 6;
  return [...list.filter((a) => a.family === first), ...list.filter((a) => a.family !== first)];
}

/**
 * The addresses for a non-empty `hostname`, as dns.lookup finds them, in the order asked for:
 * at once when no query is needed (an address, the hosts file, localhost), else a promise.
 * Throws, or rejects, with node's error for a failed lookup.
 */
function resolve(hostname: string, p: Parsed, options: AddrInfoOptions): LookupAddress[] | Promise<LookupAddress[]> {
  // node answers an address itself, as written and whatever family was asked.
  const literal = isIP(hostname);
  if (literal !== 0) return [{ address: hostname, family: literal as 4 | 6 }];
  const name = idnToAscii(hostname) ?? hostname;
  const family = p.family === 4 ? AF_INET : p.family === 6 ? AF_INET6 : AF_UNSPEC;
  const failed = (error: unknown): never => {
    throw error instanceof AddrInfoError ? lookupErrorFor(error, hostname) : error;
  };
  const found = (infos: readonly AddrInfo[]): LookupAddress[] =>
    ordered(
      infos.map((i) => ({ address: i.address, family: i.family })),
      p.order,
    );
  let infos: AddrInfo[] | Promise<AddrInfo[]>;
  try {
    infos = getaddrinfoNow(name, null, { family, socktype: SOCK_STREAM, flags: p.hints }, options);
  } catch (error) {
    return failed(error);
  }
  return infos instanceof Promise ? infos.then(found, failed) : found(infos);
}

/** Calls a lookup callback as dns.lookup does: the first address, or all with `all: true`. */
function deliver(cb: (...args: unknown[]) => void, all: boolean, list: LookupAddress[]): void {
  if (all) {
    cb(null, list);
  } else {
    const first = list[0] as LookupAddress;
    cb(null, first.address, first.family);
  }
}

function checkHostname(hostname: unknown): string {
  if (hostname && typeof hostname !== 'string') {
    throw invalidArgType('hostname', 'of type string', hostname);
  }
  return typeof hostname === 'string' ? hostname : '';
}

/**
 * A dns.lookup bound to a resolver (or configuration): pass it as the `lookup` option of
 * net.connect, http.request or new http.Agent. Its `.promise` is the dns.promises.lookup form.
 * `options` as for getaddrinfo, except `signal`.
 */
export function createLookup(options: Omit<AddrInfoOptions, 'signal'> = {}): LookupFunction {
  const opts = checkOptions(options);
  if ('signal' in opts) throw new ArgumentError('a lookup function takes no signal');

  function lookupFn(hostname: string, optionsOrCallback: unknown, maybeCallback?: unknown): void {
    const name = checkHostname(hostname);
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    const p = parseOptions(typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback);
    const cb = callback as (...args: unknown[]) => void;
    if (!name) {
      process.nextTick(() => (p.all ? cb(null, []) : cb(null, null, p.family === 6 ? 6 : 4)));
      return;
    }
    // The callback runs on a later tick, never inside this call (as dns.lookup's), and outside
    // any promise chain, so an exception in it is not swallowed.
    let list: LookupAddress[] | Promise<LookupAddress[]>;
    try {
      list = resolve(name, p, opts);
    } catch (error) {
      process.nextTick(cb, error);
      return;
    }
    if (list instanceof Promise) {
      list.then(
        (found) => process.nextTick(deliver, cb, p.all, found),
        (error: unknown) => process.nextTick(cb, error),
      );
    } else {
      process.nextTick(deliver, cb, p.all, list);
    }
  }

  // Like dns.promises.lookup, a bad argument throws at once rather than rejecting.
  const promise = (hostname: string, options?: number | LookupOptions): Promise<LookupAddress | LookupAddress[]> => {
    const name = checkHostname(hostname);
    const p = parseOptions(options);
    if (!name) return Promise.resolve(p.all ? [] : ({ address: null, family: p.family === 6 ? 6 : 4 } as unknown as LookupAddress));
    const pick = (list: LookupAddress[]) => (p.all ? list : (list[0] as LookupAddress));
    let list: LookupAddress[] | Promise<LookupAddress[]>;
    try {
      list = resolve(name, p, opts);
    } catch (error) {
      return Promise.reject(error);
    }
    return list instanceof Promise ? list.then(pick) : Promise.resolve(pick(list));
  };

  return Object.assign(lookupFn, { promise }) as unknown as LookupFunction;
}

/**
 * dns.lookup over the process-wide default resolver (the system configuration, loaded on
 * first use). To use a resolver of one's own, make a lookup with createLookup.
 */
export const lookup: LookupFunction = createLookup();

/** dns.promises.lookup over the process-wide default resolver. */
export const lookupPromise: LookupFunction['promise'] = lookup.promise;
