/**
 * Configuration: pure parsers for resolv.conf, /etc/hosts and /etc/services, the environment
 * overrides, and the one loader (loadConfig, res_ninit) that reads the machine's files and
 * environment.
 */
export { loadConfig, loadConfigAsync, DEFAULT_PATHS, type LoadConfigOptions } from './load.js';
export { createConfig, domainFromHostname, type ConfigInputs } from './config.js';
export { withCallerLayer, type CallerLayer } from './caller.js';
export {
  applyEnvironment,
  applyResolverFlags,
  parseLocalDomain,
  ENV_VARIABLES,
  type Environment,
} from './environment.js';
export { parseResolvConf, parseNameServer, parseServerText, nameServerFromText, type ResolvConf } from './resolvconf.js';
export { parseOptions, type OptionSettings, type ParseOptionsOptions } from './options.js';
export { parseSortList, type ParsedSortList } from './sortlist.js';
export { parseHosts, HostsTable, ipv4Reading, type HostEntry } from './hosts.js';
export { parseHostAliases, hostAlias, type HostAlias } from './hostaliases.js';
export { parseServices, ServicesTable, type ServiceEntry } from './services.js';
export { parseNumericAddress, formatIPv6, type ParsedAddress } from '../packet/index.js';
export * from './flags.js';
export {
  MAXNS,
  MAXDNSRCH,
  MAXDNSRCH_CHARS,
  MAXRESOLVSORT,
  RES_MAXNDOTS,
  RES_MAXRETRANS,
  RES_MAXRETRY,
  RES_TIMEOUT,
  RES_DFLRETRY,
  NAMESERVER_PORT,
} from './limits.js';
export type {
  ResolverConfig,
  ResolvConfOptions,
  NameServer,
  SortListEntry,
  ConfigSource,
  FileSource,
  EnvOverride,
} from './types.js';
