/**
 * The shape of a loaded configuration: what res_ninit leaves in `_res`, plus the hosts and
 * services tables, as one frozen object that the Resolver and getaddrinfo read and never
 * change.
 */
import type { HostAlias } from './hostaliases.js';
import type { HostsTable } from './hosts.js';
import type { NameServer } from './resolvconf.js';
import type { ServicesTable } from './services.js';
import type { SortListEntry } from './sortlist.js';

export type { NameServer } from './resolvconf.js';
export type { SortListEntry } from './sortlist.js';

/**
 * The resolv.conf options as booleans, for readers who would rather not test bits. They are
 * a view of `flags` (the source of truth): QIBM_BIND_RESOLVER_FLAGS can clear what
 * `options` set, and these follow.
 */
export interface ResolvConfOptions {
  /** RES_ROTATE: start with a different server each query. */
  readonly rotate: boolean;
  /** RES_NOCHECKNAME: accept answer names with characters outside letters, digits and `-`. */
  readonly noCheckNames: boolean;
  /** RES_USE_EDNS0: send an OPT record. */
  readonly edns0: boolean;
  /** RES_USEVC: query over TCP. */
  readonly useVc: boolean;
  /** RES_USE_INET6: IPv4-only lookups return IPv4-mapped IPv6 addresses. */
  readonly inet6: boolean;
  /** RES_SNGLKUP: send the A and AAAA queries one after the other. */
  readonly singleRequest: boolean;
  /** RES_SNGLKUPREOP: as singleRequest, with a new socket for the second. */
  readonly singleRequestReopen: boolean;
  /** RES_NOTLDQUERY: never query a single-label name as it stands. */
  readonly noTldQuery: boolean;
  /** RES_TRUSTAD: set AD in queries and believe it in answers. */
  readonly trustAd: boolean;
  /** RES_NORELOAD: do not reload when resolv.conf changes. */
  readonly noReload: boolean;
  /** RES_NOAAAA: send no AAAA queries. */
  readonly noAaaa: boolean;
  /** RES_NOCACHE: bypass the answer cache (this package's flag). */
  readonly noCache: boolean;
}

/** Environment variables that can change a configuration when it is loaded. */
export type EnvOverride =
  | 'HOSTALIASES'
  | 'LOCALDOMAIN'
  | 'RES_OPTIONS'
  | 'QIBM_BIND_RESOLVER_FLAGS'
  | 'QIBM_BIND_RESOLVER_SORTLIST'
  | 'RESOLV_CONF'
  | 'RESOLV_HOSTS';

/** Where one file's contents came from. */
export interface FileSource {
  /** The path read, or undefined when the text was passed in (createConfig) or there was none. */
  readonly path: string | undefined;
  /** Whether text was read; false for a missing or unreadable file, whose defaults apply. */
  readonly loaded: boolean;
}

/** Where the configuration came from, for diagnostics (`dnsq` prints it) and tests. */
export interface ConfigSource {
  readonly resolvConf: FileSource;
  readonly hosts: FileSource;
  readonly services: FileSource;
  /** The environment variables that were set and applied, in the order they were applied. */
  readonly env: readonly EnvOverride[];
  /**
   * What decided the search list: a `domain` or `search` line, the host name (glibc's default
   * when the file has neither), LOCALDOMAIN, or nothing.
   */
  readonly search: 'resolv.conf' | 'hostname' | 'LOCALDOMAIN' | 'options' | 'none';
  /**
   * What set `attempts`: glibc's default, an `options attempts:` line, RES_OPTIONS, or the
   * caller. (dig's default differs from glibc's, so dnsq must tell them apart.)
   */
  readonly attempts: 'default' | 'resolv.conf' | 'RES_OPTIONS' | 'options';
}

/**
 * A resolver configuration, as res_ninit builds it: defaults, then resolv.conf, then the
 * environment. Deeply frozen; read once and never again, so later changes to the files or the
 * environment do not affect a resolver made from it.
 */
export interface ResolverConfig {
  /** 1 to MAXNS (3) servers, in order; 127.0.0.1:53 when the file names none, as glibc. */
  readonly nameservers: readonly NameServer[];
  /**
   * The search list, at most 6 names and 256 characters (glibc's `dnsrch`). Its first entry
   * is the default domain: glibc keeps `domain` as a one-entry search list.
   */
  readonly search: readonly string[];
  /** The default domain (glibc's `defdname`): `search[0]`, or undefined when the list is empty. */
  readonly domain: string | undefined;
  /** Names with at least this many dots are tried as they stand before the search list. 0..15, default 1. */
  readonly ndots: number;
  /**
   * Seconds to wait for a reply from a server on each try (glibc's `retrans`), 0..30, default
   * 5. Every try waits this long; glibc 2.36's send_dg waits `retrans << i`, divided by the
   * number of servers for i > 0, for the server at index i (so 5, 3, 6 s for three servers, in
   * every round), a difference the README lists.
   */
  readonly timeout: number;
  /**
   * The time per try in milliseconds, as res_send uses it: `timeout` seconds (a timeout of 0
   * still waits one second), or the caller's own `timeout` option, which is in milliseconds.
   */
  readonly timeoutMs: number;
  /**
   * Rounds through the server list (glibc's `retry`), 0..5, default 2. 0 means no query is
   * sent at all, as in glibc.
   */
  readonly attempts: number;
  /** RES_* bits (glibc's `options`): RES_INIT | RES_DEFAULT, plus the options and overrides. */
  readonly flags: number;
  /** The option bits as booleans (a view of `flags`). */
  readonly options: ResolvConfOptions;
  /** Address preferences for sorting answers (glibc's `sort_list`), at most 10, IPv4 only. */
  readonly sortlist: readonly SortListEntry[];
  /** /etc/hosts, indexed by name and by address. */
  readonly hosts: HostsTable;
  /** /etc/services, indexed by name and by port. */
  readonly services: ServicesTable;
  /** The HOSTALIASES file's lines (none when the variable is unset), for res_search. */
  readonly hostAliases: readonly HostAlias[];
  readonly source: ConfigSource;
  /** What was ignored or clamped in resolv.conf and the environment, for diagnostics. Never an error. */
  readonly warnings: readonly string[];
}
