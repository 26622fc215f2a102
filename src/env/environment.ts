/**
 * The environment layer, applied over the file as res_ninit applies it. Pure: the caller
 * passes the variables (the loader passes a snapshot of process.env taken once).
 *
 * - LOCALDOMAIN: a blank-separated search list that replaces the file's `domain` and
 *   `search` (and the host-name default), cut to 6 names and 256 characters as glibc cuts it.
 *   Set to an empty value, it leaves no search list.
 * - RES_OPTIONS: the `options` syntax, laid over the file's options. Option names are
 *   matched case-insensitively, as IBM's resolver documents (glibc matches them exactly).
 * - QIBM_BIND_RESOLVER_FLAGS: RES_* names, each set, or cleared when prefixed by `-` or
 *   `NOT_` (`+` sets explicitly), applied last so they override everything else.
 * - QIBM_BIND_RESOLVER_SORTLIST: up to ten `address/mask` pairs replacing the file's sort list.
 *
 * Values may be mixed case; variable names are exact (upper case), as IBM's resolver requires.
 */
import { ArgumentError } from '../errors.js';
import { draftFrom, finishConfig, type ConfigDraft } from './build.js';
import { isCSpace, splitBlanks, splitWhite, quoteWord } from './ctext.js';
import { RES_FLAGS, RES_INIT } from './flags.js';
import { MAXRESOLVSORT, truncateSearchList } from './limits.js';
import { parseOptions } from './options.js';
import { parseSortList } from './sortlist.js';
import type { EnvOverride, ResolverConfig } from './types.js';

/** Environment variables, as `process.env` has them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Every variable the configuration reads, in the order it reads them. */
export const ENV_VARIABLES: readonly EnvOverride[] = Object.freeze([
  'RESOLV_CONF',
  'RESOLV_HOSTS',
  'HOSTALIASES',
  'LOCALDOMAIN',
  'RES_OPTIONS',
  'QIBM_BIND_RESOLVER_FLAGS',
  'QIBM_BIND_RESOLVER_SORTLIST',
] as const);

/** The variables the configuration reads, each read once. */
export type EnvSnapshot = Readonly<Partial<Record<EnvOverride, string>>>;

/**
 * Read each configuration variable from `env` exactly once, so that later changes to `env`
 * (or a getter with side effects) cannot change a configuration being built.
 */
export function snapshotEnvironment(env: Environment): EnvSnapshot {
  if (typeof env !== 'object' || env === null) throw new ArgumentError('env must be an object of strings');
  const snapshot: Partial<Record<EnvOverride, string>> = {};
  for (const name of ENV_VARIABLES) {
    const value: unknown = env[name];
    if (typeof value === 'string') snapshot[name] = value;
  }
  return Object.freeze(snapshot);
}

/**
 * LOCALDOMAIN's search list: blank-separated names up to the first newline, cut as glibc
 * cuts it. glibc keeps an empty first entry when the value is empty or starts with a blank;
 * it only repeats the absolute query, so it is dropped here.
 */
export function parseLocalDomain(value: string): { search: string[]; warnings: string[] } {
  const newline = value.indexOf('\n');
  const words = splitBlanks(newline < 0 ? value : value.slice(0, newline));
  const { kept, dropped } = truncateSearchList(words);
  const warnings =
    dropped > 0 ? [`LOCALDOMAIN: ${words.length} domains given; kept ${kept.length} (at most 6 and 256 characters)`] : [];
  return { search: kept, warnings };
}

/**
 * Apply QIBM_BIND_RESOLVER_FLAGS to `flags`: each word a RES_* name (any case), set when bare
 * or prefixed by `+`, cleared when prefixed by `-` or `NOT_`. Unknown words are ignored;
 * RES_INIT cannot be changed (the configuration is initialised by definition).
 */
export function applyResolverFlags(flags: number, value: string): { flags: number; warnings: string[] } {
  const warnings: string[] = [];
  let result = flags;
  for (const word of splitWhite(value)) {
    let name = word.toUpperCase();
    let clear = false;
    if (name.startsWith('+')) {
      name = name.slice(1);
    } else if (name.startsWith('-')) {
      name = name.slice(1);
      clear = true;
    } else if (name.startsWith('NOT_')) {
      name = name.slice(4);
      clear = true;
    }
    const bit = Object.hasOwn(RES_FLAGS, name) ? RES_FLAGS[name] : undefined;
    if (bit === undefined) {
      warnings.push(`QIBM_BIND_RESOLVER_FLAGS: unknown flag ${quoteWord(word)} ignored`);
      continue;
    }
    if (bit === RES_INIT) {
      warnings.push(`QIBM_BIND_RESOLVER_FLAGS: RES_INIT cannot be changed; ${quoteWord(word)} ignored`);
      continue;
    }
    result = clear ? result & ~bit : result | bit;
  }
  return { flags: result >>> 0, warnings };
}

function isBlankValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (!isCSpace(value.charCodeAt(i))) return false;
  return true;
}

function note(draft: ConfigDraft, name: EnvOverride): void {
  if (!draft.env.includes(name)) draft.env.push(name);
}

/** Lay the environment over a draft, in res_ninit's order. Used by createConfig and applyEnvironment. */
export function applyEnvironmentToDraft(draft: ConfigDraft, env: EnvSnapshot): void {
  const localDomain = env.LOCALDOMAIN;
  if (localDomain !== undefined) {
    const { search, warnings } = parseLocalDomain(localDomain);
    draft.search = search;
    draft.searchFrom = search.length > 0 ? 'LOCALDOMAIN' : 'none';
    for (const w of warnings) draft.warnings.push(w);
    note(draft, 'LOCALDOMAIN');
  }
  const resOptions = env.RES_OPTIONS;
  if (resOptions !== undefined) {
    const settings = parseOptions(resOptions, { ignoreCase: true });
    if (settings.ndots !== undefined) draft.ndots = settings.ndots;
    if (settings.timeout !== undefined) {
      draft.timeout = settings.timeout;
      draft.timeoutMs = undefined;
    }
    if (settings.attempts !== undefined) {
      draft.attempts = settings.attempts;
      draft.attemptsFrom = 'RES_OPTIONS';
    }
    draft.flags |= settings.flags;
    for (const word of settings.unknown) draft.warnings.push(`RES_OPTIONS: unknown option ${quoteWord(word)} ignored`);
    for (const clamped of settings.clamped) draft.warnings.push(`RES_OPTIONS: ${clamped}`);
    if (!isBlankValue(resOptions)) note(draft, 'RES_OPTIONS');
  }
  const qibmFlags = env.QIBM_BIND_RESOLVER_FLAGS;
  if (qibmFlags !== undefined) {
    const { flags, warnings } = applyResolverFlags(draft.flags, qibmFlags);
    draft.flags = flags;
    for (const w of warnings) draft.warnings.push(w);
    if (!isBlankValue(qibmFlags)) note(draft, 'QIBM_BIND_RESOLVER_FLAGS');
  }
  const qibmSort = env.QIBM_BIND_RESOLVER_SORTLIST;
  if (qibmSort !== undefined) {
    const { entries, invalid } = parseSortList(qibmSort);
    for (const bad of invalid) draft.warnings.push(`QIBM_BIND_RESOLVER_SORTLIST: entry ${quoteWord(bad)} ignored`);
    if (entries.length > MAXRESOLVSORT) {
      draft.warnings.push(`QIBM_BIND_RESOLVER_SORTLIST: ${entries.length} entries given; kept ${MAXRESOLVSORT}`);
    }
    draft.sortlist = entries.slice(0, MAXRESOLVSORT);
    note(draft, 'QIBM_BIND_RESOLVER_SORTLIST');
  }
}

/**
 * A copy of `config` with the environment applied over it, as res_ninit would have applied
 * it. Pure: `env` is read once and not kept. Use it to give an explicit configuration the
 * environment's overrides; loadConfig already applies them.
 */
export function applyEnvironment(config: ResolverConfig, env: Environment): ResolverConfig {
  if (typeof config !== 'object' || config === null || !Array.isArray(config.nameservers)) {
    throw new ArgumentError('applyEnvironment: config must be a ResolverConfig');
  }
  const draft = draftFrom(config);
  applyEnvironmentToDraft(draft, snapshotEnvironment(env));
  return finishConfig(draft, {
    hosts: config.hosts,
    services: config.services,
    // HOSTALIASES names a file, which only loadConfig reads.
    hostAliases: config.hostAliases,
    files: config.source,
  });
}
