/**
 * A scripted stand-in for the Resolver, for getaddrinfo / getnameinfo / lookup unit tests: no
 * sockets at all. It answers from a small in-memory zone the way res_query reports outcomes
 * (a reply with answers, or a DnsError), and records every question, so a test can assert
 * that nothing was asked.
 */
import { createConfig, type ConfigInputs } from '../../src/env/config.js';
import type { ResolverConfig } from '../../src/env/types.js';
import { DnsError, type DnsErrorCode } from '../../src/errors.js';
import type { Message, ResourceRecord } from '../../src/packet/types.js';
import { answerMessage } from '../support/messages.js';
import type { AddrInfoResolver } from '../../src/addrinfo/dns.js';

/** A name's data: records by type, or an error every query for it gets. */
export type FakeNode = { A?: string[]; AAAA?: string[]; PTR?: string[]; CNAME?: string } | DnsErrorCode;

/** Per-type errors: `{ 'name|AAAA': 'ESERVFAIL' }` overrides what the zone says for that question. */
export type FakeErrors = Record<string, DnsErrorCode>;

export interface FakeResolver extends AddrInfoResolver {
  /** Every question asked, as `name type`. */
  readonly asked: string[];
}

/** Inputs for createConfig with a loopback server nobody listens on: fake resolvers never send. */
export function fakeConfig(inputs: ConfigInputs = {}): ResolverConfig {
  return createConfig({ resolvConf: 'nameserver 127.0.0.1:9\nsearch resolvkit.test\n', ...inputs });
}

/**
 * A resolver answering from `zone` (names without trailing dot, matched in any case). Owner
 * names in replies are spelled as the zone spells them, as BIND does.
 */
export function fakeResolver(zone: Record<string, FakeNode>, config: ResolverConfig = fakeConfig(), errors: FakeErrors = {}): FakeResolver {
  const lower = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  const spelling = new Map(Object.keys(zone).map((k) => [k.toLowerCase(), k]));
  const asked: string[] = [];
  return {
    config,
    asked,
    async query(name: string, type: string): Promise<Message> {
      asked.push(`${name} ${type}`);
      const forced = errors[`${name.toLowerCase()}|${type}`];
      if (forced !== undefined) throw new DnsError(forced, { hostname: name, type, syscall: 'query' });
      const answers: ResourceRecord[] = [];
      let current = name;
      for (let hop = 0; hop < 8; hop++) {
        const node = lower.get(current.toLowerCase());
        if (node === undefined) {
          if (answers.length > 0) break;
          throw new DnsError('ENOTFOUND', { hostname: name, type, syscall: 'query' });
        }
        if (typeof node === 'string') throw new DnsError(node, { hostname: name, type, syscall: 'query' });
        const owner = spelling.get(current.toLowerCase()) ?? current;
        const data = (node as Record<string, unknown>)[type];
        if (Array.isArray(data)) {
          for (const d of data) answers.push({ name: owner, type, class: 'IN', ttl: 300, data: d });
          break;
        }
        if (node.CNAME === undefined) break;
        answers.push({ name: owner, type: 'CNAME', class: 'IN', ttl: 300, data: node.CNAME });
        current = node.CNAME;
      }
      if (answers.length === 0) throw new DnsError('ENODATA', { hostname: name, type, syscall: 'query' });
      return answerMessage(name, type, answers, 0);
    },
  };
}

/** Interface data as os.networkInterfaces reports it: a host with IPv4 and global IPv6. */
export const DUAL_STACK = () => ({
  lo: [
    { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
    { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
  ],
  eth0: [
    { address: '198.51.100.7', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '02:00:00:00:00:01', internal: false, cidr: '198.51.100.7/24' },
    { address: '2001:db8:1::7', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: '02:00:00:00:00:01', internal: false, cidr: '2001:db8:1::7/64', scopeid: 0 },
    { address: 'fe80::7', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::7/64', scopeid: 2 },
  ],
});

/** A host with IPv4 only (and loopback ::1). */
export const IPV4_ONLY = () => ({ lo: DUAL_STACK().lo, eth0: [DUAL_STACK().eth0[0]!] });

/** A host with only loopback addresses. */
export const LOOPBACK_ONLY = () => ({ lo: DUAL_STACK().lo });
