/** The stub resolver: transports, search rules, the cache, and the Resolver. */
export {
  Resolver,
  type ResolverOptions,
  type QueryCallOptions,
  type QueryResult,
  type SendResult,
} from './resolver.js';
export { AnswerCache, cacheKey, type CacheMode, type CacheOptions, type CacheStats, type CachedMessage } from './cache.js';
export { resSearch, joinDomain, type SearchRules } from './search.js';
export type { Server } from './transport.js';
