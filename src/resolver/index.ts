/**
 * The stub resolver engine, as the layers above it (addrinfo, update, node) see it: the
 * engine class, its transports behind one interface, the search rules, the cache's types, the
 * answer reader and check-names. What of this is public is decided in src/index.ts.
 */
export {
  StubResolver,
  AS_ASKED,
  type ResolverOptions,
  type QueryCallOptions,
  type SendCallOptions,
  type QueryResult,
  type SendResult,
} from './resolver.js';
export type { CacheHit, CacheMode, CacheOptions, CacheStats, CachedMessage } from './cache.js';
export { resSearch, joinDomain, type SearchRules } from './search.js';
export {
  CancelScope,
  ReplyJudge,
  serverLabel,
  type AcceptCheck,
  type ExchangeRequest,
  type Reply,
  type Server,
  type Transport,
} from './transport.js';
export { NodeTransport, type NodeTransportOptions } from './transport-node.js';
export { DEFAULT_UDP_MAX_QUERIES } from './transport-udp.js';
export { streamTcp, StreamFailure, type StreamRequest } from './transport-stream.js';
export {
  answering,
  checkedOut,
  hostnameFor,
  readAnswer,
  recordPasses,
  replyError,
  MAX_CNAME_CHAIN,
  type Answering,
  type ReadOptions,
} from './answers.js';
export { resHnok, resMailok, resOwnok, type NameRules } from './check-names.js';
