/**
 * The last configuration layer: what the program itself asks for (`new Resolver({ nameservers,
 * timeout, tries, search, ndots, flags, rotate })`, rotate as RES_ROTATE in the flags), laid
 * over defaults, resolv.conf and the environment. The result is a new frozen configuration, so
 * that everything above reads one `config` and nothing keeps a private copy of an option
 * (DESIGN principle 5). Pure; the caller has already checked the values (a bad one is an
 * ArgumentError there, not clamped here).
 */
import { draftFrom, finishConfig } from './build.js';
import type { NameServer } from './resolvconf.js';
import type { ResolverConfig } from './types.js';

/** The caller's settings, already validated. Absent fields keep the configuration's value. */
export interface CallerLayer {
  readonly nameservers?: readonly NameServer[];
  /** Milliseconds per try (node:dns's `timeout` unit). */
  readonly timeoutMs?: number;
  /** Rounds through the server list (node:dns's `tries`, resolv.conf's `attempts`). */
  readonly attempts?: number;
  readonly search?: readonly string[];
  readonly ndots?: number;
  /** RES_* bits: replace the configuration's. */
  readonly flags?: number;
}

/** `config` with the caller's layer on top; `config` itself when the layer changes nothing. */
export function withCallerLayer(config: ResolverConfig, layer: CallerLayer): ResolverConfig {
  if (Object.values(layer).every((v) => v === undefined)) return config;
  const draft = draftFrom(config);
  if (layer.nameservers !== undefined) draft.nameservers = layer.nameservers.map((s) => ({ ...s }));
  if (layer.search !== undefined) {
    draft.search = [...layer.search];
    draft.searchFrom = layer.search.length > 0 ? 'options' : 'none';
  }
  if (layer.ndots !== undefined) draft.ndots = layer.ndots;
  if (layer.attempts !== undefined) {
    draft.attempts = layer.attempts;
    draft.attemptsFrom = 'options';
  }
  if (layer.flags !== undefined) draft.flags = layer.flags;
  if (layer.timeoutMs !== undefined) draft.timeoutMs = layer.timeoutMs;
  return finishConfig(draft, {
    hosts: config.hosts,
    services: config.services,
    hostAliases: config.hostAliases,
    files: { resolvConf: config.source.resolvConf, hosts: config.source.hosts, services: config.source.services },
  });
}
