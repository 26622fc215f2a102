/**
 * What test/support/global-setup.ts hands to test files through vitest's
 * provide/inject: `inject('named')` and `inject('namedForwarder')`.
 *
 * Values cross a process boundary (structured clone), so these are plain data:
 * no stop() or other methods. A test that needs to stop, pause or restart a
 * server starts its own with startNamed() instead of touching the shared one.
 */
import type { Endpoint, RestrictedKeys, TsigAlgorithm, TsigKeyInfo } from './named.js';

/** The shared authoritative named serving the fixture zones (fixtures/named/README.md). */
export interface SharedNamed {
  /** 127.0.0.1. */
  address: string;
  /** Its port (UDP and TCP), chosen at random per run. */
  port: number;
  /** Every endpoint: 127.0.0.1 and, when the host has IPv6, ::1, on the same port. */
  endpoints: Endpoint[];
  /** Whether it also listens on ::1. */
  ipv6: boolean;
  /** One key per TSIG algorithm, each allowed to update dyn.resolvkit.test. */
  keys: Record<TsigAlgorithm, TsigKeyInfo>;
  /** Keys for REFUSED / partial-permission update tests. */
  restrictedKeys: RestrictedKeys;
  /** Its temp dir (zones and journals as named sees them); read-only for tests. */
  dir: string;
  /** named's log, to quote when a test against it fails. */
  logFile: string;
}

/** The shared caching forwarder: same names, answers without AA, from its cache. */
export interface SharedForwarder {
  /** 127.0.0.1. */
  address: string;
  /** Its port (UDP and TCP), different from the authoritative server's. */
  port: number;
  /** Every endpoint it listens on. */
  endpoints: Endpoint[];
  /** Whether it also listens on ::1. */
  ipv6: boolean;
  /** The authoritative server it forwards to. */
  upstream: Endpoint;
  /** named's log. */
  logFile: string;
}

declare module 'vitest' {
  /** Typed keys for inject(); filled in by test/support/global-setup.ts (integration project only). */
  export interface ProvidedContext {
    named: SharedNamed;
    namedForwarder: SharedForwarder;
  }
}
