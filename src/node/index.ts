/**
 * The node:dns-shaped surface: the public Resolver (the engine's res_* methods with node's
 * resolve* methods) and `lookup`, the dns.lookup drop-in, as the cli and src/index.ts use them.
 */
export { Resolver } from './resolver.js';
export type { ResolverOptions, QueryCallOptions, SendCallOptions, QueryResult, SendResult } from '../resolver/index.js';
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
