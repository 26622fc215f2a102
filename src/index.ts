/**
 * resolvkit: a DNS stub resolver and DNS utilities for Node.js. This file only re-exports;
 * each area lives in its own folder (see the README's architecture section).
 */
export * from './errors.js';
export * from './packet/index.js';
export * from './env/index.js';
export * from './resolver/index.js';
export * from './addrinfo/index.js';
export * from './node/index.js';
