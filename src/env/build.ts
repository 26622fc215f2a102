/**
 * The mutable draft a configuration is built in, layer by layer, and the one step that turns
 * it into a frozen ResolverConfig. Kept apart so that the file layer (config.ts) and the
 * environment layer (environment.ts) share it without importing each other.
 */
import {
  RES_NOAAAA,
  RES_NOCACHE,
  RES_NOCHECKNAME,
  RES_NORELOAD,
  RES_NOTLDQUERY,
  RES_ROTATE,
  RES_SNGLKUP,
  RES_SNGLKUPREOP,
  RES_TRUSTAD,
  RES_USE_EDNS0,
  RES_USE_INET6,
  RES_USEVC,
} from './flags.js';
import type { HostAlias } from './hostaliases.js';
import type { HostsTable } from './hosts.js';
import type { NameServer } from './resolvconf.js';
import type { ServicesTable } from './services.js';
import type { SortListEntry } from './sortlist.js';
import type { ConfigSource, EnvOverride, FileSource, ResolverConfig, ResolvConfOptions } from './types.js';

/** A configuration being built: the ResolverConfig fields that layers change, mutable. */
export interface ConfigDraft {
  nameservers: NameServer[];
  search: string[];
  searchFrom: ConfigSource['search'];
  ndots: number;
  /** Seconds, as resolv.conf gives them. */
  timeout: number;
  /** Milliseconds when a layer gave them (the caller's), which then win over `timeout`. */
  timeoutMs?: number | undefined;
  attempts: number;
  attemptsFrom: ConfigSource['attempts'];
  flags: number;
  sortlist: SortListEntry[];
  warnings: string[];
  env: EnvOverride[];
}

/** The parts of a configuration that no layer changes. */
export interface ConfigFixed {
  hosts: HostsTable;
  services: ServicesTable;
  hostAliases: readonly HostAlias[];
  files: { resolvConf: FileSource; hosts: FileSource; services: FileSource };
}

/** A draft holding what `config` holds, to lay another layer over it. */
export function draftFrom(config: ResolverConfig): ConfigDraft {
  return {
    nameservers: [...config.nameservers],
    search: [...config.search],
    searchFrom: config.source.search,
    ndots: config.ndots,
    timeout: config.timeout,
    // Only a caller's milliseconds; whole seconds are derived again in finishConfig.
    timeoutMs: config.timeoutMs === Math.max(1, config.timeout) * 1000 ? undefined : config.timeoutMs,
    attempts: config.attempts,
    attemptsFrom: config.source.attempts,
    flags: config.flags,
    sortlist: [...config.sortlist],
    warnings: [...config.warnings],
    env: [...config.source.env],
  };
}

/** The option booleans that `flags` implies. */
export function optionsFromFlags(flags: number): ResolvConfOptions {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    rotate: has(RES_ROTATE),
    noCheckNames: has(RES_NOCHECKNAME),
    edns0: has(RES_USE_EDNS0),
    useVc: has(RES_USEVC),
    inet6: has(RES_USE_INET6),
    singleRequest: has(RES_SNGLKUP),
    singleRequestReopen: has(RES_SNGLKUPREOP),
    noTldQuery: has(RES_NOTLDQUERY),
    trustAd: has(RES_TRUSTAD),
    noReload: has(RES_NORELOAD),
    noAaaa: has(RES_NOAAAA),
    noCache: has(RES_NOCACHE),
  };
}

/** Freeze `value` and every plain object and array under it (class instances freeze themselves). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** Enough to diagnose a configuration; garbage in the environment must not make thousands. */
const MAX_WARNINGS = 200;

/**
 * Turn a finished draft into the frozen configuration. A layer's `timeoutMs` (the caller's)
 * wins over the draft's whole seconds; `timeout` is then the same time in seconds, fractional.
 */
export function finishConfig(draft: ConfigDraft, fixed: ConfigFixed): ResolverConfig {
  const flags = draft.flags >>> 0;
  const ms = draft.timeoutMs;
  const config: ResolverConfig = {
    nameservers: draft.nameservers.map((s) => ({ ...s })),
    search: [...draft.search],
    domain: draft.search[0],
    ndots: draft.ndots,
    timeout: ms === undefined ? draft.timeout : ms / 1000,
    timeoutMs: ms ?? Math.max(1, draft.timeout) * 1000,
    attempts: draft.attempts,
    flags,
    options: optionsFromFlags(flags),
    sortlist: draft.sortlist.map((e) => ({ ...e })),
    hosts: fixed.hosts,
    services: fixed.services,
    hostAliases: fixed.hostAliases,
    source: {
      resolvConf: { ...fixed.files.resolvConf },
      hosts: { ...fixed.files.hosts },
      services: { ...fixed.files.services },
      env: [...draft.env],
      search: draft.searchFrom,
      attempts: draft.attemptsFrom,
    },
    warnings:
      draft.warnings.length > MAX_WARNINGS
        ? [...draft.warnings.slice(0, MAX_WARNINGS), `${draft.warnings.length - MAX_WARNINGS} more warnings`]
        : [...draft.warnings],
  };
  return deepFreeze(config);
}
