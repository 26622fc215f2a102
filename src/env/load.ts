/**
 * The one place configuration touches the machine: it reads resolv.conf, the hosts and
 * services files, the host name and the environment, once, and hands them to the pure builder.
 * This is res_ninit: what it returns is frozen, and later changes to the files or to the
 * environment do not reach it.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { ArgumentError } from '../errors.js';
import { buildConfig, type LoaderNotes } from './config.js';
import { snapshotEnvironment, type Environment, type EnvSnapshot } from './environment.js';
import type { EnvOverride, FileSource, ResolverConfig } from './types.js';

/** The files read when neither an option nor the environment names others. */
export const DEFAULT_PATHS = Object.freeze({
  resolvConf: '/etc/resolv.conf',
  hosts: '/etc/hosts',
  services: '/etc/services',
});

/** Options of loadConfig. */
export interface LoadConfigOptions {
  /** Environment to read LOCALDOMAIN, RES_OPTIONS, QIBM_*, RESOLV_CONF, RESOLV_HOSTS, HOSTALIASES from. Default process.env; `{}` ignores the environment. */
  readonly env?: Environment;
  /** resolv.conf to read. Default: $RESOLV_CONF, else /etc/resolv.conf. */
  readonly resolvConfPath?: string;
  /** Hosts file to read. Default: $RESOLV_HOSTS, else /etc/hosts. */
  readonly hostsPath?: string;
  /** Services file to read. Default /etc/services. */
  readonly servicesPath?: string;
  /** Host name for the default domain when resolv.conf gives none. Default os.hostname(). */
  readonly hostname?: string;
}

const OPTION_KEYS = new Set(['env', 'resolvConfPath', 'hostsPath', 'servicesPath', 'hostname']);

function checkOptions(opts: unknown): asserts opts is LoadConfigOptions {
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ArgumentError('loadConfig: options must be an object');
  }
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.has(key)) throw new ArgumentError(`loadConfig: unknown option ${JSON.stringify(key)}`);
  }
  const o = opts as Record<string, unknown>;
  if (o.env !== undefined && (typeof o.env !== 'object' || o.env === null)) {
    throw new ArgumentError('loadConfig: env must be an object of strings');
  }
  for (const key of ['resolvConfPath', 'hostsPath', 'servicesPath'] as const) {
    const value = o[key];
    if (value !== undefined && (typeof value !== 'string' || value === '' || value.includes('\0'))) {
      throw new ArgumentError(`loadConfig: ${key} must be a non-empty path`);
    }
  }
  if (o.hostname !== undefined && typeof o.hostname !== 'string') throw new ArgumentError('loadConfig: hostname must be a string');
}

interface Plan {
  env: EnvSnapshot;
  envUsed: EnvOverride[];
  /** hostAliases: the file HOSTALIASES names, if it names one. */
  paths: { resolvConf: string; hosts: string; services: string; hostAliases: string | undefined };
  hostname: string;
}

/** Decide, from the options and one snapshot of the environment, what to read. */
function plan(opts: LoadConfigOptions): Plan {
  // process.env is read here and only here, once.
  const env = snapshotEnvironment(opts.env ?? process.env);
  const envUsed: EnvOverride[] = [];
  const fromEnv = (name: 'RESOLV_CONF' | 'RESOLV_HOSTS' | 'HOSTALIASES'): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '' || value.includes('\0')) return undefined;
    envUsed.push(name);
    return value;
  };
  const resolvConf = opts.resolvConfPath ?? fromEnv('RESOLV_CONF') ?? DEFAULT_PATHS.resolvConf;
  const hosts = opts.hostsPath ?? fromEnv('RESOLV_HOSTS') ?? DEFAULT_PATHS.hosts;
  const services = opts.servicesPath ?? DEFAULT_PATHS.services;
  // glibc reads the file HOSTALIASES names at each res_search; here once, with the rest.
  const hostAliases = fromEnv('HOSTALIASES');
  return { env, envUsed, paths: { resolvConf, hosts, services, hostAliases }, hostname: opts.hostname ?? osHostname() };
}

interface FileRead {
  text: string | undefined;
  source: FileSource;
  warning: string | undefined;
}

/** A missing file is normal (glibc's defaults apply); any other failure is noted, never thrown. */
function readFailed(path: string, err: unknown): FileRead {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return {
    text: undefined,
    source: { path, loaded: false },
    warning: code === 'ENOENT' ? undefined : `${path}: not read (${code ?? String(err)}); defaults used`,
  };
}

function readSync(path: string): FileRead {
  try {
    return { text: readFileSync(path, 'utf8'), source: { path, loaded: true }, warning: undefined };
  } catch (err) {
    return readFailed(path, err);
  }
}

async function readAsync(path: string): Promise<FileRead> {
  try {
    return { text: await readFile(path, 'utf8'), source: { path, loaded: true }, warning: undefined };
  } catch (err) {
    return readFailed(path, err);
  }
}

function build(p: Plan, resolvConf: FileRead, hosts: FileRead, services: FileRead, hostAliases: FileRead | undefined): ResolverConfig {
  const notes: LoaderNotes = {
    files: { resolvConf: resolvConf.source, hosts: hosts.source, services: services.source },
    envUsed: p.envUsed,
    warnings: [resolvConf.warning, hosts.warning, services.warning, hostAliases?.warning].filter((w): w is string => w !== undefined),
  };
  return buildConfig(
    {
      ...(resolvConf.text === undefined ? {} : { resolvConf: resolvConf.text }),
      ...(hosts.text === undefined ? {} : { hosts: hosts.text }),
      ...(services.text === undefined ? {} : { services: services.text }),
      ...(hostAliases?.text === undefined ? {} : { hostAliases: hostAliases.text }),
      hostname: p.hostname,
    },
    p.env,
    notes,
  );
}

/**
 * Load the resolver configuration as res_ninit does: defaults, then resolv.conf, then the
 * environment, frozen. Synchronous, like res_ninit; it runs once per resolver. A missing or
 * unreadable file gives the defaults (127.0.0.1, the host name's domain, an empty hosts table)
 * and never throws; a bad argument throws ArgumentError at once.
 */
export function loadConfig(opts: LoadConfigOptions = {}): ResolverConfig {
  checkOptions(opts);
  const p = plan(opts);
  const aliases = p.paths.hostAliases;
  return build(p, readSync(p.paths.resolvConf), readSync(p.paths.hosts), readSync(p.paths.services), aliases === undefined ? undefined : readSync(aliases));
}

/**
 * loadConfig, reading the files without blocking the event loop. The environment is read
 * when this is called, not when the files arrive; a bad argument throws at once, not as a
 * rejected promise.
 */
export function loadConfigAsync(opts: LoadConfigOptions = {}): Promise<ResolverConfig> {
  checkOptions(opts);
  const p = plan(opts);
  const aliases = p.paths.hostAliases;
  return Promise.all([readAsync(p.paths.resolvConf), readAsync(p.paths.hosts), readAsync(p.paths.services), aliases === undefined ? undefined : readAsync(aliases)]).then(
    ([resolvConf, hosts, services, hostAliases]) => build(p, resolvConf, hosts, services, hostAliases),
  );
}
