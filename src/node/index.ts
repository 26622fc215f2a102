/**
 * The node:dns-shaped surface: the public Resolver (the engine's res_* methods with node's
 * resolve* methods), its result shapes and errors, and `lookup`, the dns.lookup drop-in.
 */
export { Resolver, RESOLVE_METHODS } from './resolver.js';
export type { ResolverOptions, QueryCallOptions, SendCallOptions, QueryResult, SendResult } from '../resolver/index.js';
export {
  NODE_RRTYPES,
  NODE_SYSCALLS,
  type NodeRrtype,
  type NodeResultTypes,
  type AnyRecord,
  type CaaRecord,
  type MxRecord,
  type NaptrRecord,
  type RecordWithTtl,
  type SoaRecord,
  type SrvRecord,
} from './results.js';
export {
  lookup,
  lookupPromise,
  createLookup,
  lookupErrorFor,
  type LookupFunction,
  type LookupOptions,
  type LookupAddress,
  type LookupCallback,
  type LookupOrder,
} from './lookup.js';
