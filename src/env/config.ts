/**
 * Building a configuration from texts, in res_ninit's order: defaults, then resolv.conf, then
 * the host name's domain when the file gives none, then the environment; then frozen. Pure:
 * load.ts reads the files and the environment and hands them here.
 */
import { ArgumentError } from '../errors.js';
import { finishConfig, type ConfigDraft } from './build.js';
import { applyEnvironmentToDraft, snapshotEnvironment, type Environment, type EnvSnapshot } from './environment.js';
import { RES_DEFAULT, RES_INIT } from './flags.js';
import { parseHostAliases, type HostAlias } from './hostaliases.js';
import { HostsTable, parseHosts } from './hosts.js';
import { NAMESERVER_PORT, RES_DFLNDOTS, RES_DFLRETRY, RES_TIMEOUT, truncateSearchList } from './limits.js';
import { parseResolvConf, type ResolvConf } from './resolvconf.js';
import { parseServices, ServicesTable } from './services.js';
import type { EnvOverride, FileSource, ResolverConfig } from './types.js';

/** What a configuration is built from. Every field is optional: an empty object gives glibc's defaults. */
export interface ConfigInputs {
  /** resolv.conf text, or its parsed form. Absent: no file (127.0.0.1, default options). */
  readonly resolvConf?: string | ResolvConf;
  /** Hosts-file text, or a table. Absent: empty. */
  readonly hosts?: string | HostsTable;
  /** Services-file text, or a table. Absent: empty. */
  readonly services?: string | ServicesTable;
  /** Environment variables to apply (LOCALDOMAIN, RES_OPTIONS, QIBM_*). Absent: none; createConfig never reads process.env. */
  readonly env?: Environment;
  /** The host name, whose domain (the part after the first dot) is the default domain when resolv.conf gives none. */
  readonly hostname?: string;
  /** The HOSTALIASES file's text. Absent: no aliases. */
  readonly hostAliases?: string;
}

/** What the loader knows beyond the texts: where they came from, and which path variables it used. */
export interface LoaderNotes {
  readonly files: { resolvConf: FileSource; hosts: FileSource; services: FileSource };
  readonly envUsed: readonly EnvOverride[];
  /** Files that existed but could not be read. */
  readonly warnings: readonly string[];
}

const INPUT_KEYS = new Set(['resolvConf', 'hosts', 'services', 'env', 'hostname', 'hostAliases']);
const NOT_FROM_A_FILE: FileSource = { path: undefined, loaded: false };
const NO_ALIASES: readonly HostAlias[] = Object.freeze([]);
const GIVEN_TEXT: FileSource = { path: undefined, loaded: true };

/**
 * The default domain glibc derives from the host name: everything after the first dot
 * (gethostname gives at most 255 bytes). None for a name without a dot, or ending in its first
 * dot (glibc would keep an empty domain, which only repeats the absolute query).
 */
export function domainFromHostname(hostname: string): string | undefined {
  const name = hostname.length > 255 ? hostname.slice(0, 255) : hostname;
  const dot = name.indexOf('.');
  if (dot < 0 || dot === name.length - 1) return undefined;
  return name.slice(dot + 1);
}

function isResolvConf(value: unknown): value is ResolvConf {
  return typeof value === 'object' && value !== null && Array.isArray((value as ResolvConf).nameservers);
}

function checkInputs(inputs: unknown): asserts inputs is ConfigInputs {
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new ArgumentError('configuration inputs must be an object');
  }
  for (const key of Object.keys(inputs)) {
    if (!INPUT_KEYS.has(key)) throw new ArgumentError(`unknown configuration input ${JSON.stringify(key)}`);
  }
  const i = inputs as Record<string, unknown>;
  if (i.resolvConf !== undefined && typeof i.resolvConf !== 'string' && !isResolvConf(i.resolvConf)) {
    throw new ArgumentError('resolvConf must be resolv.conf text or the result of parseResolvConf');
  }
  if (i.hosts !== undefined && typeof i.hosts !== 'string' && !(i.hosts instanceof HostsTable)) {
    throw new ArgumentError('hosts must be hosts-file text or a HostsTable');
  }
  if (i.services !== undefined && typeof i.services !== 'string' && !(i.services instanceof ServicesTable)) {
    throw new ArgumentError('services must be services-file text or a ServicesTable');
  }
  if (i.env !== undefined && (typeof i.env !== 'object' || i.env === null)) {
    throw new ArgumentError('env must be an object of strings');
  }
  if (i.hostname !== undefined && typeof i.hostname !== 'string') throw new ArgumentError('hostname must be a string');
  if (i.hostAliases !== undefined && typeof i.hostAliases !== 'string') throw new ArgumentError('hostAliases must be the HOSTALIASES file\'s text');
}

/** Lay the file over the defaults. */
function applyFile(draft: ConfigDraft, file: ResolvConf, label: string): void {
  draft.nameservers = [...file.nameservers];
  if (file.search !== undefined) {
    draft.search = [...file.search];
    draft.searchFrom = file.search.length > 0 ? 'resolv.conf' : 'none';
  }
  draft.sortlist = [...file.sortlist];
  if (file.ndots !== undefined) draft.ndots = file.ndots;
  if (file.timeout !== undefined) draft.timeout = file.timeout;
  if (file.attempts !== undefined) {
    draft.attempts = file.attempts;
    draft.attemptsFrom = 'resolv.conf';
  }
  draft.flags |= file.flags;
  for (const warning of file.warnings) draft.warnings.push(`${label} ${warning}`);
}

/** createConfig's body, with the loader's extra knowledge. Internal to src/env. */
export function buildConfig(inputs: ConfigInputs, env: EnvSnapshot, notes?: LoaderNotes): ResolverConfig {
  const draft: ConfigDraft = {
    nameservers: [],
    search: [],
    searchFrom: 'none',
    ndots: RES_DFLNDOTS,
    timeout: RES_TIMEOUT,
    attempts: RES_DFLRETRY,
    attemptsFrom: 'default',
    flags: RES_DEFAULT | RES_INIT,
    sortlist: [],
    warnings: [...(notes?.warnings ?? [])],
    env: [...(notes?.envUsed ?? [])],
  };

  const file =
    inputs.resolvConf === undefined
      ? undefined
      : typeof inputs.resolvConf === 'string'
        ? parseResolvConf(inputs.resolvConf)
        : inputs.resolvConf;
  if (file !== undefined) applyFile(draft, file, notes?.files.resolvConf.path ?? 'resolv.conf');

  if (draft.nameservers.length === 0) draft.nameservers = [{ address: '127.0.0.1', port: NAMESERVER_PORT, family: 4 }];

  if (file?.search === undefined && inputs.hostname !== undefined) {
    const domain = domainFromHostname(inputs.hostname);
    if (domain !== undefined) {
      draft.search = truncateSearchList([domain]).kept;
      if (draft.search.length > 0) draft.searchFrom = 'hostname';
    }
  }

  applyEnvironmentToDraft(draft, env);

  const hosts =
    inputs.hosts === undefined ? new HostsTable() : typeof inputs.hosts === 'string' ? parseHosts(inputs.hosts) : inputs.hosts;
  const services =
    inputs.services === undefined
      ? new ServicesTable()
      : typeof inputs.services === 'string'
        ? parseServices(inputs.services)
        : inputs.services;
  const files = notes?.files ?? {
    resolvConf: inputs.resolvConf === undefined ? NOT_FROM_A_FILE : GIVEN_TEXT,
    hosts: inputs.hosts === undefined ? NOT_FROM_A_FILE : GIVEN_TEXT,
    services: inputs.services === undefined ? NOT_FROM_A_FILE : GIVEN_TEXT,
  };
  const hostAliases = inputs.hostAliases === undefined ? NO_ALIASES : parseHostAliases(inputs.hostAliases);
  return finishConfig(draft, { hosts, services, hostAliases, files });
}

/**
 * Build a frozen configuration from texts, as res_ninit would from files holding them. Pure:
 * reads no file and no process.env (pass `env` to apply overrides). A Resolver given a
 * configuration made this way is independent of the machine's files and environment.
 */
export function createConfig(inputs: ConfigInputs = {}): ResolverConfig {
  checkInputs(inputs);
  return buildConfig(inputs, snapshotEnvironment(inputs.env ?? {}));
}
