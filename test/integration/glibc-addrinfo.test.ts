/**
 * getaddrinfo and getnameinfo against glibc's, call for call.
 *
 * Both sides see the same resolv.conf, hosts file, services file, host name and interfaces,
 * and the same named: glibc through test/support/glibc.ts (python3's socket module in a
 * sandbox of namespaces with the files bind-mounted and a network of the test's making), this
 * package through createConfig over the same texts and the interfaces os.networkInterfaces()
 * reports inside that network. glibc can only ask port 53, so this file starts its own named
 * (startGlibcNamed) and glibc reaches it at port 53 of a loopback address inside its
 * namespace, through a relay; this package asks it where it listens. Nothing is ever sent
 * anywhere else, and no case depends on this machine's own interfaces or needs root.
 *
 * What is compared: the EAI_* code of a failure; for a success, every result's family,
 * address, socket type, protocol and port, the canonical name, and the order:
 * - exactly where the input order is fixed (numeric hosts, no host, the hosts file);
 * - for names from DNS, only the order of the families: named shuffles each RRset
 *   (rrset-order random) and RFC 6724's last rule keeps the order the answer came in;
 * - as a set where a listed difference moves results in a way checked elsewhere.
 *
 * The order depends on the machine's addresses, so every case runs in a network namespace
 * whose addresses the test sets: most in MACHINE_NETWORK (a machine with IPv4, a ULA and a
 * link-local address on one interface), the order checks that the listed differences rest on
 * in ORDER_NETWORK, and AI_ADDRCONFIG in namespaces set up like other machines (NETWORKS);
 * this package is given the interfaces os.networkInterfaces() reports inside them. RFC 6724's
 * comparison is also checked pair by pair (ORDER_ADDRESSES), which shows exactly which rule
 * disagrees where a whole list would only show that something does.
 *
 * glibc sorts with RFC 3484's policy table, this package with RFC 6724's (POLICY_TABLE). All
 * other comparisons give glibc RFC 6724's table through gai.conf (RFC6724_GAI_CONF), so that
 * the rest of the sorting can be compared exactly.
 *
 * Where this package differs from glibc, the case is matched by an entry in GAI_DIFFERENCES
 * or GNI_DIFFERENCES, which says why and turns glibc's outcome into the one this package
 * gives. The test checks that glibc's own outcome really differs there (so no entry outlives
 * its reason) and that ours is the one the entry describes; and every entry must match some
 * case. An entry marked `suspected: true` would be a disagreement reported as a probable bug
 * in src/addrinfo rather than a decision: when it is fixed, its "glibc gives the same" check
 * fails and the entry goes.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AF_INET,
  AF_INET6,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NOFQDN,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  AddrInfoError,
  getaddrinfo,
  getnameinfo,
  type AddrInfo,
  type AddrInfoOptions,
  type NetworkInterfaceMap,
} from '../../src/addrinfo/index.js';
import * as addrinfo from '../../src/addrinfo/index.js';
import { createConfig } from '../../src/env/index.js';
import { Resolver } from '../../src/node/resolver.js';
import {
  glibcConstants,
  glibcGetaddrinfoBatch,
  glibcGetnameinfoBatch,
  glibcNetworkInterfaces,
  glibcUnavailable,
  ourResolvConf,
  RFC6724_GAI_CONF,
  SANDBOX_INTERFACE,
  startGlibcNamed,
  type GlibcAddrInfo,
  type GlibcFiles,
  type GlibcGaiOutcome,
  type GlibcGniOutcome,
  type GlibcHints,
  type GlibcNamed,
  type GlibcNetwork,
} from '../support/glibc.js';

// ---------------------------------------------------------------------------------------
// The files both sides read.

/**
 * The machine most cases run on, in a network namespace of glibc's own: one interface with an
 * IPv4 address in 192.0.2.0/24 (which the fixture zone and hosts file use too), a ULA and a
 * link-local address, with default routes. Its interfaces are what both sides see.
 */
const MACHINE_NETWORK: GlibcNetwork = { addresses: ['192.0.2.2/24', 'fd00::2/64', 'fe80::2/64'] };

/** MACHINE_NETWORK's interface with a link-local IPv6 address, for scoped addresses. */
const LINK_LOCAL_IF = SANDBOX_INTERFACE;

/** glibc's NI_NOFQDN strips the domain of the host name; this one's is the search domain. */
const HOSTNAME = 'glibc-check.resolvkit.test';

const HOSTS = `# Seen by glibc and by this package alike.
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
192.0.2.201	onlyhosts.resolvkit.test onlyhosts
2001:db8::201	onlyhosts.resolvkit.test onlyhosts
192.0.2.202	v4hosts.resolvkit.test v4hosts
2001:db8::203	v6hosts.resolvkit.test v6hosts
::1	v6loop
::ffff:192.0.2.205	mappedhosts.resolvkit.test
# also in DNS (A and AAAA there): the hosts file wins
192.0.2.210	one.resolvkit.test
# RFC 6724 ordering from a fixed input order
192.0.2.3	mixed-order
192.0.2.1	mixed-order
192.0.2.2	mixed-order
10.1.2.3	mixed-order
2001:db8::1	mixed-order
fd00::5	mixed-order
fd00::1:5	mixed-order
::1	mixed-order
127.0.0.1	mixed-order
fe80::1	mixed-order
198.51.100.1	mixed-order
192.0.2.200	mixed-order
192.0.2.129	mixed-order
198.51.100.1	v4-order
192.0.2.129	v4-order
127.0.0.2	v4-order
192.0.2.3	v4-order
10.1.2.3	v4-order
169.254.1.1	v4-order
2001:db8::1	v6-order
fe80::1	v6-order
fd00::1:5	v6-order
::ffff:192.0.2.7	v6-order
2002:c000:201::1	v6-order
2001::1	v6-order
fec0::1	v6-order
3ffe::1	v6-order
::1	v6-order
64:ff9b::c000:201	v6-order
`;

const SERVICES = `# Seen by glibc and by this package alike.
echo		7/tcp
echo		7/udp
domain		53/tcp
domain		53/udp
http		80/tcp		www
syslog		514/udp
https		443/tcp
https		443/udp
sctponly	9999/sctp
dccponly	9998/dccp
`;

/** One try of one second: the timeout cases wait for it, and nothing else times out. */
const resolvConf = (nameserver: string): string => `${nameserver}\nsearch resolvkit.test\noptions timeout:1 attempts:1\n`;

// ---------------------------------------------------------------------------------------
// Cases.

/** How much of the order is compared; see the file comment. */
type Order = 'exact' | 'families' | 'set';

interface GaiCase {
  node: string | null;
  service: string | null;
  hints?: GlibcHints;
  /** 'exact' unless said otherwise. */
  order?: Order;
}

interface GniCase {
  address: string;
  port: number;
  flags: number;
}

const STREAM = { socktype: SOCK_STREAM };
const h = (family: number, flags = 0, socktype = SOCK_STREAM): GlibcHints => ({ family, socktype, flags });
const dns = (node: string, hints: GlibcHints = STREAM, service: string | null = null): GaiCase => ({ node, service, hints, order: 'families' });

/** Numeric nodes, no node, services and bad hints: no name server involved. */
const LOCAL_CASES: GaiCase[] = [
  // numeric hosts
  { node: '192.0.2.1', service: null },
  { node: '192.0.2.1', service: '80', hints: STREAM },
  { node: '2001:db8::1', service: '80', hints: STREAM },
  { node: '2001:DB8:0:0::1', service: null, hints: { flags: AI_CANONNAME } },
  { node: '192.0.2.1', service: null, hints: { flags: AI_CANONNAME } },
  { node: `fe80::1%${LINK_LOCAL_IF}`, service: null, hints: STREAM },
  { node: 'fe80::1%2', service: null, hints: STREAM },
  { node: 'fe80::1%nosuchif', service: null, hints: STREAM },
  { node: `ff02::1%${LINK_LOCAL_IF}`, service: null, hints: STREAM },
  { node: '2001:db8::1%3', service: null, hints: STREAM },
  // inet_aton's loose forms are addresses, with AI_NUMERICHOST or without
  { node: '127.1', service: null, hints: STREAM },
  { node: '0x7f.1', service: null, hints: STREAM },
  { node: '2130706433', service: null, hints: STREAM },
  { node: '010.0.0.1', service: null, hints: STREAM },
  { node: '127.1', service: null, hints: h(0, AI_NUMERICHOST) },
  { node: '0x7f.1', service: null, hints: h(0, AI_NUMERICHOST) },
  { node: '192.0.2.1', service: null, hints: h(0, AI_NUMERICHOST) },
  { node: '2001:db8::1', service: null, hints: h(0, AI_NUMERICHOST) },
  { node: 'not-an-address', service: null, hints: h(0, AI_NUMERICHOST) },
  { node: '1.2.3.256', service: null, hints: h(0, AI_NUMERICHOST) },
  // numeric hosts and the family
  { node: '::ffff:192.0.2.1', service: null, hints: STREAM },
  { node: '::ffff:192.0.2.1', service: null, hints: h(AF_INET) },
  { node: '2001:db8::1', service: null, hints: h(AF_INET) },
  { node: '192.0.2.1', service: null, hints: h(AF_INET6) },
  { node: '192.0.2.1', service: null, hints: h(AF_INET6, AI_V4MAPPED) },
  { node: '192.0.2.1', service: null, hints: h(AF_INET6, AI_V4MAPPED | AI_ALL) },
  { node: '2001:db8::1', service: null, hints: h(AF_INET6, AI_V4MAPPED) },
  { node: '192.0.2.1', service: null, hints: h(0, AI_ADDRCONFIG) },
  { node: '::1', service: null, hints: h(0, AI_ADDRCONFIG) },
  { node: '', service: '80', hints: STREAM },
  // no node
  { node: null, service: '80', hints: STREAM },
  { node: null, service: '80', hints: h(0, AI_PASSIVE) },
  { node: null, service: '80', hints: h(AF_INET6, AI_PASSIVE) },
  { node: null, service: '80', hints: h(AF_INET) },
  { node: null, service: '80', hints: h(AF_INET6, AI_V4MAPPED) },
  { node: null, service: 'http', hints: { flags: AI_PASSIVE | AI_ADDRCONFIG } },
  { node: '*', service: '80', hints: h(0, AI_PASSIVE) },
  { node: '*', service: '*', hints: STREAM },
  { node: null, service: null, hints: STREAM },
  { node: null, service: '80', hints: { flags: AI_CANONNAME } },
  // services by name and number; tcp-only, udp-only and both; socket types and protocols
  { node: '192.0.2.1', service: '80', hints: {} },
  { node: '192.0.2.1', service: 'http', hints: {} },
  { node: '192.0.2.1', service: 'www', hints: {} },
  { node: '192.0.2.1', service: 'syslog', hints: {} },
  { node: '192.0.2.1', service: 'domain', hints: {} },
  { node: '192.0.2.1', service: 'http', hints: { socktype: SOCK_DGRAM } },
  { node: '192.0.2.1', service: 'syslog', hints: { socktype: SOCK_STREAM } },
  { node: '192.0.2.1', service: 'syslog', hints: { socktype: SOCK_DGRAM } },
  { node: '192.0.2.1', service: 'domain', hints: { socktype: SOCK_DGRAM } },
  { node: '192.0.2.1', service: 'http', hints: { socktype: SOCK_RAW } },
  { node: '192.0.2.1', service: '80', hints: { socktype: SOCK_RAW } },
  { node: '192.0.2.1', service: null, hints: { socktype: SOCK_RAW } },
  { node: '192.0.2.1', service: 'http', hints: { protocol: 6 } },
  { node: '192.0.2.1', service: 'http', hints: { protocol: 17 } },
  { node: '192.0.2.1', service: '80', hints: { socktype: SOCK_STREAM, protocol: 17 } },
  { node: '192.0.2.1', service: '80', hints: { socktype: SOCK_DGRAM, protocol: 6 } },
  { node: '192.0.2.1', service: '80', hints: { socktype: SOCK_RAW, protocol: 255 } },
  { node: '192.0.2.1', service: 'sctponly', hints: {} },
  { node: '192.0.2.1', service: 'sctponly', hints: { socktype: SOCK_STREAM, protocol: 132 } },
  { node: '192.0.2.1', service: 'dccponly', hints: { socktype: 6 } },
  { node: '192.0.2.1', service: '80', hints: { socktype: 5 } },
  { node: '192.0.2.1', service: 'nosuchservice', hints: {} },
  { node: '192.0.2.1', service: 'http', hints: { flags: AI_NUMERICSERV } },
  { node: '192.0.2.1', service: '80', hints: { flags: AI_NUMERICSERV } },
  { node: '192.0.2.1', service: '65535', hints: STREAM },
  { node: '192.0.2.1', service: '65536', hints: STREAM },
  { node: '192.0.2.1', service: '080', hints: STREAM },
  { node: '192.0.2.1', service: '0x50', hints: STREAM },
  { node: '192.0.2.1', service: ' 80', hints: STREAM },
  { node: '192.0.2.1', service: '80x', hints: STREAM },
  { node: '192.0.2.1', service: '-1', hints: STREAM },
  { node: '192.0.2.1', service: '', hints: STREAM },
  // bad hints, and which fault wins when there are several
  { node: '192.0.2.1', service: null, hints: { flags: 0x800 } },
  { node: '192.0.2.1', service: null, hints: { flags: 0x10000 } },
  { node: '192.0.2.1', service: null, hints: { family: 99 } },
  { node: '192.0.2.1', service: null, hints: { family: 1 } },
  { node: '192.0.2.1', service: null, hints: { socktype: 99 } },
  { node: '192.0.2.1', service: null, hints: { socktype: SOCK_STREAM, protocol: 99 } },
  { node: 'nosuchname.invalid', service: null, hints: { flags: 0x800 } },
  { node: '192.0.2.1', service: 'nosuchservice', hints: { family: 99 } },
  { node: '192.0.2.1', service: 'nosuchservice', hints: { socktype: 99 } },
];

/** Names from the hosts file (and localhost): the input order is fixed. */
const HOSTS_CASES: GaiCase[] = [
  { node: 'localhost', service: null, hints: STREAM },
  { node: 'localhost', service: null, hints: h(0, AI_CANONNAME) },
  { node: 'LOCALHOST', service: null, hints: h(0, AI_CANONNAME) },
  { node: 'ip6-localhost', service: null, hints: h(0, AI_CANONNAME) },
  { node: 'localhost', service: '80', hints: { family: AF_INET } },
  { node: 'localhost', service: null, hints: h(AF_INET6) },
  { node: 'localhost', service: null, hints: h(0, AI_ADDRCONFIG) },
  { node: 'localhost.', service: null, hints: STREAM },
  { node: 'sub.localhost', service: null, hints: STREAM },
  { node: 'onlyhosts', service: 'http', hints: { flags: AI_CANONNAME } },
  { node: 'onlyhosts.resolvkit.test', service: null, hints: STREAM },
  { node: 'OnlyHosts', service: null, hints: h(0, AI_CANONNAME) },
  { node: 'onlyhosts', service: null, hints: h(AF_INET) },
  { node: 'onlyhosts', service: null, hints: h(AF_INET6) },
  { node: 'v4hosts', service: null, hints: STREAM },
  { node: 'v4hosts', service: null, hints: h(AF_INET6) },
  { node: 'v4hosts', service: null, hints: h(AF_INET6, AI_V4MAPPED) },
  { node: 'v4hosts', service: null, hints: h(AF_INET6, AI_V4MAPPED | AI_ALL) },
  { node: 'v6hosts', service: null, hints: h(AF_INET) },
  { node: 'v6hosts', service: null, hints: h(AF_INET6, AI_V4MAPPED | AI_ALL) },
  { node: 'v6loop', service: null, hints: h(AF_INET) },
  { node: 'one.resolvkit.test', service: null, hints: h(0, AI_CANONNAME) },
  { node: 'one.resolvkit.test', service: null, hints: h(AF_INET) },
  { node: 'one.resolvkit.test', service: null, hints: h(AF_INET6) },
  { node: 'mixed-order', service: null, hints: STREAM },
  { node: 'mixed-order', service: null, hints: {} },
  { node: 'mixed-order', service: null, hints: h(AF_INET) },
  { node: 'mixed-order', service: null, hints: h(AF_INET6) },
  { node: 'mixed-order', service: null, hints: h(AF_INET6, AI_V4MAPPED) },
  // The order of IPv4-mapped results is checked in ORDER_NETWORK (V4MAPPED_ORDER).
  { node: 'mixed-order', service: null, hints: h(AF_INET6, AI_V4MAPPED | AI_ALL), order: 'set' },
  { node: 'mixed-order', service: null, hints: h(0, AI_V4MAPPED | AI_ALL) },
  { node: 'v4-order', service: null, hints: STREAM },
  { node: 'v4-order', service: null, hints: h(AF_INET) },
  { node: 'v4-order', service: null, hints: h(AF_INET6, AI_V4MAPPED), order: 'set' },
  { node: 'v6-order', service: null, hints: STREAM },
  { node: 'v6-order', service: null, hints: h(AF_INET) },
];

/** Names from the fixture zone. */
const DNS_CASES: GaiCase[] = [
  dns('both.resolvkit.test'),
  dns('both.resolvkit.test', {}),
  dns('both.resolvkit.test', h(AF_INET)),
  dns('both.resolvkit.test', h(AF_INET6)),
  dns('both.resolvkit.test', h(AF_INET6, AI_V4MAPPED)),
  dns('both.resolvkit.test', h(AF_INET6, AI_V4MAPPED | AI_ALL)),
  dns('both.resolvkit.test', h(0, AI_V4MAPPED | AI_ALL)),
  dns('both.resolvkit.test', h(0, AI_ADDRCONFIG)),
  dns('both.resolvkit.test', h(0, AI_CANONNAME | AI_ADDRCONFIG | AI_V4MAPPED)),
  dns('both.resolvkit.test', {}, 'domain'),
  dns('BOTH.resolvkit.test', h(0, AI_CANONNAME)),
  dns('both.resolvkit.test.', h(0, AI_CANONNAME)),
  dns('v4only.resolvkit.test'),
  dns('v4only.resolvkit.test', h(AF_INET6)),
  dns('v4only.resolvkit.test', h(AF_INET6, AI_V4MAPPED)),
  dns('v4only.resolvkit.test', h(AF_INET6, AI_V4MAPPED | AI_ALL)),
  dns('v4only.resolvkit.test', h(0, AI_V4MAPPED)),
  dns('v6only.resolvkit.test'),
  dns('v6only.resolvkit.test', h(AF_INET)),
  dns('v6only.resolvkit.test', h(AF_INET6, AI_V4MAPPED)),
  dns('loopback.resolvkit.test'),
  dns('loopback.resolvkit.test', h(0, AI_CANONNAME)),
  dns('noptr.resolvkit.test', {}, '53'),
  dns('nope.resolvkit.test'),
  dns('nope.resolvkit.test', h(AF_INET)),
  dns('nope.resolvkit.test', h(AF_INET6, AI_V4MAPPED)),
  dns('nope'),
  dns('nope.invalid'),
  dns('c.resolvkit.test'),
  dns('c.resolvkit.test', h(AF_INET6)),
  // the search list and ndots
  dns('host', h(0, AI_CANONNAME)),
  dns('host.sub', h(0, AI_CANONNAME)),
  dns('a.b.c', h(0, AI_CANONNAME)),
  dns('www.child', h(0, AI_CANONNAME)),
  dns('host.', h(0, AI_CANONNAME)),
  // CNAMEs
  dns('alias.resolvkit.test', h(0, AI_CANONNAME)),
  dns('alias', h(0, AI_CANONNAME)),
  dns('chain2.resolvkit.test', h(0, AI_CANONNAME)),
  dns('chain3.resolvkit.test', h(0, AI_CANONNAME)),
  dns('chain3.resolvkit.test', h(AF_INET6, AI_CANONNAME)),
  dns('alias-v4only.resolvkit.test', h(0, AI_CANONNAME)),
  dns('alias-v4only.resolvkit.test', h(AF_INET)),
  dns('alias-v4only.resolvkit.test', h(AF_INET6)),
  dns('alias-v4only.resolvkit.test', h(AF_INET6, AI_V4MAPPED | AI_CANONNAME)),
  dns('to-child.resolvkit.test', h(0, AI_CANONNAME)),
  dns('dangling.resolvkit.test', h(0, AI_CANONNAME)),
  dns('loop1.resolvkit.test', h(0, AI_CANONNAME)),
  dns('external.resolvkit.test', h(0, AI_CANONNAME)),
  dns('external.resolvkit.test', h(AF_INET)),
  // AI_CANONNAME takes glibc's AF_INET lookup off its gethostbyname path: a CNAME-only reply
  // is then EAI_NONAME, not EAI_NODATA.
  dns('external.resolvkit.test', h(AF_INET, AI_CANONNAME)),
  dns('to-child.resolvkit.test', h(AF_INET, AI_CANONNAME)),
  dns('mixed.resolvkit.test', h(0, AI_CANONNAME)),
  dns('xn--caf-dma.resolvkit.test', h(0, AI_CANONNAME)),
  dns('anything.wild.resolvkit.test', h(0, AI_CANONNAME)),
  dns('big.resolvkit.test', h(AF_INET)),
  dns('ttl0.resolvkit.test'),
  dns('x.ref.resolvkit.test'),
  // failures: SERVFAIL (a zone that did not load), REFUSED, names that cannot be asked
  dns('www.broken.resolvkit.test'),
  dns('www.broken.resolvkit.test', h(AF_INET)),
  dns('www.broken.resolvkit.test', h(AF_INET6, AI_V4MAPPED)),
  dns('www.broken.resolvkit.test.', h(AF_INET)),
  dns('www.broken'),
  dns('www.broken', h(AF_INET)),
  dns('secret.private.resolvkit.test'),
  dns('secret.private.resolvkit.test', h(AF_INET)),
  dns('secret.private.resolvkit.test.', h(AF_INET)),
  dns('a..b.resolvkit.test'),
  dns(`${'x'.repeat(64)}.resolvkit.test`),
  dns(`${'abcdefghi.'.repeat(26)}test`),
  dns('under_score.resolvkit.test'),
  dns('spaced name.resolvkit.test'),
  dns('both.resolvkit.test', STREAM, 'nosuchservice'),
];

/** Addresses whose RFC 6724 order is checked pair by pair, in both input orders. */
const ORDER_ADDRESSES = [
  '::1', '127.0.0.1', '127.0.0.2', '192.0.2.2', '192.0.2.3', '192.0.2.129', '198.51.100.1', '10.1.2.3', '169.254.1.1',
  '2001:db8::1', 'fd00::5', 'fd00:1::5', 'fe80::1', '2002:c000:201::1', '2001::1', '3ffe::1', 'fec0::1', '::192.0.2.9',
  '::ffff:192.0.2.7', '64:ff9b::c000:201', 'ff0e::1', 'ff02::1',
];

/** getnameinfo: hosts-file addresses, PTRs from the reverse zones, and every NI_* flag. */
const GNI_CASES: GniCase[] = [
  { address: '192.0.2.20', port: 80, flags: 0 },
  { address: '192.0.2.20', port: 80, flags: NI_NOFQDN },
  { address: '192.0.2.21', port: 80, flags: NI_NOFQDN },
  { address: '192.0.2.60', port: 80, flags: NI_NOFQDN },
  { address: '192.0.2.20', port: 80, flags: NI_NUMERICHOST },
  { address: '192.0.2.20', port: 80, flags: NI_NUMERICSERV },
  { address: '192.0.2.20', port: 80, flags: NI_NAMEREQD },
  { address: '192.0.2.99', port: 80, flags: 0 },
  { address: '192.0.2.99', port: 80, flags: NI_NAMEREQD },
  { address: '192.0.2.99', port: 80, flags: NI_NAMEREQD | NI_NUMERICHOST },
  { address: '10.9.8.7', port: 0, flags: 0 },
  { address: '2001:db8::20', port: 443, flags: 0 },
  { address: '2001:db8::21', port: 443, flags: NI_NOFQDN },
  { address: '2001:db8::99', port: 443, flags: 0 },
  { address: '2001:db8::99', port: 443, flags: NI_NAMEREQD },
  { address: '::ffff:192.0.2.20', port: 53, flags: 0 },
  { address: '::ffff:192.0.2.20', port: 53, flags: NI_NUMERICHOST },
  { address: '::ffff:192.0.2.201', port: 53, flags: 0 },
  { address: '::192.0.2.20', port: 53, flags: 0 },
  { address: '192.0.2.201', port: 80, flags: 0 },
  { address: '192.0.2.201', port: 80, flags: NI_NOFQDN },
  { address: '2001:db8::201', port: 80, flags: 0 },
  { address: '192.0.2.210', port: 80, flags: 0 },
  { address: '127.0.0.1', port: 0, flags: 0 },
  { address: '::1', port: 0, flags: 0 },
  { address: '0.0.0.0', port: 0, flags: 0 },
  { address: '::', port: 0, flags: 0 },
  { address: '::', port: 0, flags: NI_NAMEREQD },
  // An IPv4 lookup reads an IPv4-mapped hosts line as IPv4 (nss_files), for both spellings.
  { address: '192.0.2.205', port: 0, flags: NI_NAMEREQD },
  { address: '::ffff:192.0.2.205', port: 0, flags: NI_NAMEREQD },
  { address: `fe80::1%${LINK_LOCAL_IF}`, port: 0, flags: NI_NUMERICHOST },
  { address: `fe80::1%${LINK_LOCAL_IF}`, port: 0, flags: 0 },
  { address: 'fe80::1%1', port: 0, flags: NI_NUMERICHOST },
  { address: '192.0.2.20', port: 514, flags: 0 },
  { address: '192.0.2.20', port: 514, flags: NI_DGRAM },
  { address: '192.0.2.20', port: 53, flags: NI_DGRAM },
  { address: '192.0.2.20', port: 80, flags: NI_DGRAM },
  { address: '192.0.2.20', port: 9999, flags: 0 },
  { address: '192.0.2.20', port: 65535, flags: 0 },
  { address: '192.0.2.20', port: 80, flags: 0x100 },
];

/**
 * Machines this one is not, for AI_ADDRCONFIG and ordering: the addresses of the one
 * interface (besides lo) in a network namespace of glibc's own.
 */
const NETWORKS: Record<string, GlibcNetwork> = {
  'loopback only': { addresses: [] },
  'loopback only, IPv6 off (no ::1)': { addresses: [], ipv6: false },
  'IPv4 only, IPv6 off': { addresses: ['198.51.100.7/24'], ipv6: false },
  'IPv4 only': { addresses: ['198.51.100.7/24'] },
  'IPv6 only': { addresses: ['2001:db8:1::7/64'] },
  'IPv4 and ULA IPv6': { addresses: ['198.51.100.7/24', 'fd00:1::7/64'] },
  'IPv4 and global IPv6': { addresses: ['198.51.100.7/24', '2001:db8:1::7/64'] },
};

/**
 * The namespace the order checks run in: MACHINE_NETWORK's global addresses (IPv4 in
 * 192.0.2.0/24 and a ULA) without its link-local one, with default routes.
 */
const ORDER_NETWORK: GlibcNetwork = { addresses: ['192.0.2.2/24', 'fd00::2/64'] };

/** Whole lists from the hosts file, compared in their exact order in ORDER_NETWORK. */
const ORDER_CASES: GaiCase[] = [
  ...['mixed-order', 'v4-order', 'v6-order'].flatMap((node): GaiCase[] => [
    { node, service: null, hints: STREAM },
    { node, service: null, hints: {} },
    { node, service: null, hints: h(AF_INET) },
    { node, service: null, hints: h(AF_INET6) },
    { node, service: null, hints: h(AF_INET6, AI_V4MAPPED) },
    { node, service: null, hints: h(0, AI_V4MAPPED | AI_ALL) },
  ]),
  // Mapped IPv4 next to IPv6: V4MAPPED_ORDER changes the place of the mapped ones in ways a
  // patch of glibc's list cannot say simply; the whole order is checked pair by pair instead.
  { node: 'mixed-order', service: null, hints: h(AF_INET6, AI_V4MAPPED | AI_ALL), order: 'set' },
];

/** Without DNS (nothing is reachable from those namespaces): the hosts file, numbers, no node. */
const NETWORK_CASES: GaiCase[] = [
  ...[0, AI_ADDRCONFIG].flatMap((flags): GaiCase[] => [
    { node: 'onlyhosts', service: null, hints: h(0, flags) },
    { node: 'onlyhosts', service: null, hints: h(AF_INET, flags) },
    { node: 'onlyhosts', service: null, hints: h(AF_INET6, flags) },
    { node: 'v4hosts', service: null, hints: h(AF_INET6, flags | AI_V4MAPPED) },
    { node: 'localhost', service: null, hints: h(0, flags) },
    { node: 'mixed-order', service: null, hints: h(0, flags) },
    { node: 'v4-order', service: null, hints: h(0, flags) },
    { node: 'v6-order', service: null, hints: h(0, flags) },
    { node: '192.0.2.1', service: null, hints: h(0, flags) },
    { node: '2001:db8::1', service: null, hints: h(0, flags) },
    { node: '::1', service: null, hints: h(AF_INET6, flags) },
    { node: null, service: '80', hints: h(0, flags) },
    { node: null, service: '80', hints: h(0, flags | AI_PASSIVE) },
  ]),
];

/** The families a network namespace has, as glibc's AI_ADDRCONFIG counts them (check_pf.c: any but loopback). */
const familiesOf = (network: GlibcNetwork): { ipv4: boolean; ipv6: boolean } => ({
  ipv4: network.addresses.some((a) => !a.includes(':')),
  ipv6: network.addresses.some((a) => a.includes(':')),
});

/** The families of MACHINE_NETWORK. */
const HOST_FAMILIES = familiesOf(MACHINE_NETWORK);

// ---------------------------------------------------------------------------------------
// Outcomes, and comparing them.

type Outcome = GlibcGaiOutcome;

const describeCase = (c: GaiCase): string => JSON.stringify({ node: c.node, service: c.service, ...c.hints });
const sameCase = (a: GaiCase, node: string | null, hints: GlibcHints): boolean =>
  a.node === node && JSON.stringify({ family: 0, socktype: 0, protocol: 0, flags: 0, ...a.hints }) === JSON.stringify({ family: 0, socktype: 0, protocol: 0, flags: 0, ...hints });

const byText = (a: GlibcAddrInfo, b: GlibcAddrInfo): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** What is compared of an outcome; see the file comment. */
function view(outcome: Outcome, order: Order): unknown {
  if (!outcome.ok || order === 'exact') return outcome;
  const sorted = outcome.results.map((r) => ({ ...r, canonname: undefined })).sort(byText);
  const canonname = outcome.results[0]?.canonname;
  if (order === 'set') return { results: sorted, canonname };
  const distinct: GlibcAddrInfo[] = [];
  for (const r of outcome.results) if (!distinct.some((d) => d.address === r.address)) distinct.push(r);
  return {
    results: sorted,
    canonname,
    families: distinct.map((r) => r.family),
    firstAddressSocktypes: outcome.results.filter((r) => r.address === outcome.results[0]?.address).map((r) => r.socktype),
  };
}

/** This package's result in glibc's terms: a scope as its number, as python prints it. */
function normalise(r: AddrInfo): GlibcAddrInfo {
  const percent = r.address.indexOf('%');
  const address = percent >= 0 && r.scopeid !== undefined ? `${r.address.slice(0, percent)}%${r.scopeid}` : r.address;
  return { family: r.family, address, socktype: r.socktype, protocol: r.protocol, port: r.port, canonname: r.canonname };
}

async function ourGetaddrinfo(c: GaiCase, options: AddrInfoOptions): Promise<Outcome> {
  try {
    // python always passes a hints struct, zero where not set.
    const results = await getaddrinfo(c.node, c.service, { family: 0, socktype: 0, protocol: 0, flags: 0, ...c.hints }, options);
    return { ok: true, results: results.map(normalise) };
  } catch (error) {
    if (error instanceof AddrInfoError) return { ok: false, error: error.code };
    return { ok: false, error: `threw ${String(error)}` };
  }
}

async function ourGetnameinfo(c: GniCase, options: AddrInfoOptions): Promise<GlibcGniOutcome> {
  try {
    const info = await getnameinfo(c.address, c.port, c.flags, options);
    return { ok: true, host: info.host, service: info.service };
  } catch (error) {
    if (error instanceof AddrInfoError) return { ok: false, error: error.code };
    return { ok: false, error: `threw ${String(error)}` };
  }
}

// ---------------------------------------------------------------------------------------
// The differences.

/** What a difference's patch may consult: glibc's outcome for other calls of the same run. */
interface Run {
  /** glibc's outcome for another case of the same run, which must be among its cases. */
  glibc(node: string | null, hints: GlibcHints): Outcome;
  /** Which comparison this is (DNS, hosts, a network namespace, ...). */
  group: string;
  /** The hosts file of this run. */
  hosts: string;
  /**
   * glibc's outcome for `localhost` with these hints where the hosts file has it (HOSTS):
   * what RFC 6761 says every localhost name means.
   */
  localhost(hints: GlibcHints): Outcome;
  /** The address families the machine of this run has (as AI_ADDRCONFIG sees them). */
  seen: { ipv4: boolean; ipv6: boolean };
  /** When this run gave glibc its built-in policy table: glibc's outcome for the case under RFC 6724's. */
  rfc6724Table?: Outcome;
}

interface GaiDifference {
  why: string;
  /** A reported disagreement that looks like a bug in src/addrinfo, not a decision. */
  suspected?: true;
  matches(c: GaiCase, run: Run): boolean;
  /** glibc's outcome, turned into the one this package gives. */
  expected(glibc: Outcome, c: GaiCase, run: Run): Outcome;
}

interface GniDifference {
  why: string;
  suspected?: true;
  matches(c: GniCase, group: string): boolean;
  expected(glibc: GlibcGniOutcome, c: GniCase): GlibcGniOutcome;
}

const flagsOf = (c: GaiCase): number => c.hints?.flags ?? 0;
const familyOf = (c: GaiCase): number => c.hints?.family ?? 0;
const fail = (error: string): Outcome => ({ ok: false, error });

/**
 * The IPv4 addresses nss_files (and this package) read, for an AF_INET lookup, from the `::1`
 * (as 127.0.0.1) and `::ffff:a.b.c.d` lines of `name`.
 */
function ipv4FromIpv6Lines(hosts: string, name: string): string[] {
  const found: string[] = [];
  for (const line of hosts.split('\n')) {
    const [address, ...names] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if (address === undefined || !names.some((n) => n.toLowerCase() === name.toLowerCase())) continue;
    if (address === '::1') found.push('127.0.0.1');
    else if (address.startsWith('::ffff:')) found.push(address.slice('::ffff:'.length));
  }
  return found;
}

/** The families of the hosts-file lines for `name`. */
function hostsFamilies(hosts: string, name: string): { v4: boolean; v6: boolean } {
  let v4 = false;
  let v6 = false;
  for (const line of hosts.split('\n')) {
    const [address, ...names] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if (address === undefined || address === '' || !names.some((n) => n.toLowerCase() === name.toLowerCase())) continue;
    if (address.includes(':')) v6 = true;
    else v4 = true;
  }
  return { v4, v6 };
}

/** The family getaddrinfo looks up for a case once AI_ADDRCONFIG has narrowed AF_UNSPEC. */
function effectiveFamily(c: GaiCase, run: Run): number {
  const family = familyOf(c);
  if (family !== 0 || (flagsOf(c) & AI_ADDRCONFIG) === 0 || run.seen.ipv4 === run.seen.ipv6) return family;
  return run.seen.ipv4 ? AF_INET : AF_INET6;
}

/** Keeps the first of each identical result. */
function dedupe(outcome: Outcome): Outcome {
  if (!outcome.ok) return outcome;
  const seen = new Set<string>();
  return { ok: true, results: outcome.results.filter((r) => !seen.has(JSON.stringify({ ...r, canonname: undefined })) && seen.add(JSON.stringify({ ...r, canonname: undefined }))) };
}

const GAI_DIFFERENCES: Record<string, GaiDifference> = {
  LOCALHOST_RFC6761: {
    why: 'localhost, localhost. and names under .localhost are always loopback, without a query, whether or not the hosts file has them (RFC 6761 section 6.3, DESIGN.md); glibc asks DNS for a name its hosts file lacks, and to nss_files `localhost.` is not `localhost`. The canonical name is the name asked for.',
    matches: (c, run) => c.node !== null && /(^|\.)localhost\.?$/i.test(c.node) && !hostsFamilies(run.hosts, c.node).v4 && !hostsFamilies(run.hosts, c.node).v6,
    expected: (g, c, run) => {
      // Each loopback address once: the reference, from a hosts file with localhost on both a
      // 127.0.0.1 and a ::1 line, has 127.0.0.1 twice for AF_INET (nss_files reads `::1` as
      // 127.0.0.1 then, and so does this package), but a name no hosts line has is synthesised.
      const loopback = dedupe(run.localhost(c.hints ?? {}));
      return loopback.ok ? { ok: true, results: loopback.results.map((r) => (r.canonname === undefined ? r : { ...r, canonname: c.node as string })) } : loopback;
    },
  },
  NUMERICHOST_STRICT_IPV4: {
    why: 'Under AI_NUMERICHOST an IPv4 node must be four decimal parts (inet_pton, which the seed manual pairs AI_NUMERICHOST with; src/addrinfo/numeric.ts); glibc still takes inet_aton forms (`127.1`, `0x7f.1`). Without the flag both take them.',
    matches: (c) => (flagsOf(c) & AI_NUMERICHOST) !== 0 && (c.node === '127.1' || c.node === '0x7f.1'),
    expected: () => fail('EAI_NONAME'),
  },
  HOSTS_WIN_FOR_BOTH_FAMILIES: {
    why: 'A name in the hosts file is answered from the hosts file alone, for every family (DESIGN.md): EAI_NODATA when it has no address of the family asked for. glibc goes on to DNS then (and answers from there, or fails as DNS does).',
    matches: (c, run) => {
      if (c.node === null) return false;
      const { v4, v6 } = hostsFamilies(run.hosts, c.node);
      const family = effectiveFamily(c, run);
      const mapped = (flagsOf(c) & AI_V4MAPPED) !== 0;
      return (v4 || v6) && ((family === AF_INET && !v4 && ipv4FromIpv6Lines(run.hosts, c.node).length === 0) || (family === AF_INET6 && !v6 && !mapped));
    },
    expected: () => fail('EAI_NODATA'),
  },
  V4MAPPED_ORDER: {
    why: "RFC 6724 orders IPv4-mapped destinations as IPv4 (section 3.2 scopes: 127/8 and 169.254/16 link-local; rule 9 within the source's prefix). glibc orders AI_V4MAPPED results as plain IPv6 (all global scope, rule 9 over all 128 bits), and compares prefixes only between results of the same socket family, so an IPv4-mapped address from the hosts file next to IPv4 ones keeps its input place. Here the order is what the IPv4 addresses get, mapped.",
    matches: (c, run) =>
      (c.node === 'v4-order' && familyOf(c) === AF_INET6 && (flagsOf(c) & AI_V4MAPPED) !== 0 && run.group === 'ordering') ||
      (run.group === 'pairs' && MAPPED_PAIRS.some(([a, b]) => c.node === pairName(a, b))),
    expected: (g, c, run) => {
      if (run.group === 'pairs') return g.ok ? { ok: true, results: [...g.results].reverse() } : g;
      const v4 = run.glibc(c.node, { ...c.hints, family: AF_INET, flags: flagsOf(c) & ~AI_V4MAPPED });
      return v4.ok ? { ok: true, results: v4.results.map((r) => ({ ...r, family: 6, address: `::ffff:${r.address}` })) } : v4;
    },
  },
  GLIBC_AF_INET_SEARCH_ERRORS: {
    why: "glibc's AF_INET path (gethostbyname3_r) turns a SERVFAIL or REFUSED for one search-list candidate followed by NXDOMAIN for another into EAI_NONAME (and NXDOMAIN then SERVFAIL into EAI_NODATA), where its AF_UNSPEC path says EAI_AGAIN (EAI_NONAME). Here every family fails as glibc's AF_UNSPEC does. For an absolute name (no search list) all agree.",
    matches: (c) => familyOf(c) === AF_INET && ['www.broken.resolvkit.test', 'www.broken', 'secret.private.resolvkit.test'].includes(c.node ?? ''),
    expected: (g, c, run) => run.glibc(c.node, { ...c.hints, family: 0 }),
  },
  IPV4_PREFIXES_WITHOUT_IPV6: {
    why: "glibc learns the prefix lengths of the machine's addresses only when it has an IPv6 address (check_pf.c keeps its address list only then), so on an IPv4-only machine it skips rule 9 for IPv4 and keeps those destinations in input order. Here rule 9 applies: an on-link IPv4 destination comes before other global ones.",
    // Any namespace with IPv4 but no IPv6 (IPv4 only, with IPv6 switched off or not).
    matches: (c, run) => run.group.startsWith('network ') && run.seen.ipv4 && !run.seen.ipv6 && c.node === 'mixed-order',
    expected: (g) => {
      if (!g.ok) return g;
      const global4 = (r: GlibcAddrInfo): boolean => r.family === 4 && !/^(127|169\.254)\./.test(r.address);
      const slots = g.results.map((r, i) => (global4(r) ? i : -1)).filter((i) => i >= 0);
      const moved = slots.map((i) => g.results[i] as GlibcAddrInfo);
      const reordered = [...moved.filter((r) => r.address.startsWith('198.51.100.')), ...moved.filter((r) => !r.address.startsWith('198.51.100.'))];
      const results = [...g.results];
      slots.forEach((slot, k) => (results[slot] = reordered[k] as GlibcAddrInfo));
      return { ok: true, results };
    },
  },
  POLICY_TABLE: {
    why: "glibc 2.36's built-in policy table is RFC 3484's (IPv4 precedence 10, no entries for ULA, Teredo or 6bone); this package uses RFC 6724's (IPv4 35, ULA 3, Teredo 5, 6bone 1). So with glibc's defaults, ULA and other IPv6 destinations can come before IPv4 ones that RFC 6724 prefers. Every other comparison gives glibc RFC 6724's table through gai.conf.",
    // Only the comparison that gives glibc its built-in table, and there where the tables disagree.
    matches: (c, run) => run.rfc6724Table !== undefined && JSON.stringify(run.rfc6724Table) !== JSON.stringify(run.glibc(c.node, c.hints ?? {})),
    expected: (g, c, run) => run.rfc6724Table ?? g,
  },
};

/**
 * The ORDER_ADDRESSES pairs (first, second: the input order) where an IPv4-mapped address
 * from the hosts file meets an IPv4 one and RFC 6724's rule 9 reverses glibc's input order
 * (V4MAPPED_ORDER).
 */
const MAPPED_PAIRS: [string, string][] = [
  ['192.0.2.129', '::ffff:192.0.2.7'],
  ['198.51.100.1', '::ffff:192.0.2.7'],
  ['10.1.2.3', '::ffff:192.0.2.7'],
  ['::ffff:192.0.2.7', '192.0.2.2'],
  ['::ffff:192.0.2.7', '192.0.2.3'],
];

const pairName = (a: string, b: string): string => `pair-${ORDER_ADDRESSES.indexOf(a)}-${ORDER_ADDRESSES.indexOf(b)}`;

const GNI_DIFFERENCES: Record<string, GniDifference> = {
  GNI_MAPPED_IN_HOSTS: {
    why: 'An IPv4-mapped address is looked up as its IPv4 address in the hosts file as well as in DNS; glibc unmaps it for the PTR query only, so a hosts-file name is missed.',
    matches: (c) => c.address === '::ffff:192.0.2.201' && (c.flags & NI_NUMERICHOST) === 0,
    expected: (g) => (g.ok ? { ...g, host: 'onlyhosts.resolvkit.test' } : g),
  },
  NOFQDN_DOMAIN: {
    why: "NI_NOFQDN strips the resolver's default domain (resolv.conf's domain or first search entry, as `search resolvkit.test` here); glibc strips the domain of the machine's host name, which may be another one (example.test here).",
    matches: (c, group) => group === 'getnameinfo, host name in example.test' && (c.flags & NI_NOFQDN) !== 0,
    expected: (g) => (g.ok ? { ...g, host: g.host.replace(/\.resolvkit\.test$/, '') } : g),
  },
  ZONE_INDEX_NAMES: {
    why: 'A numeric zone is printed as an interface name only for interfaces os.networkInterfaces() reports with that index, which libuv does only on link-local IPv6 addresses; glibc asks the kernel (if_indextoname) and names every interface (lo is 1).',
    matches: (c) => c.address === 'fe80::1%1',
    expected: (g, c) => (g.ok ? { ...g, host: c.address } : g),
  },
};

// ---------------------------------------------------------------------------------------

const exercised = new Set<string>();

/**
 * Compares every case of a run and returns the disagreements as readable lines (an empty list
 * is a pass), so that one failing case does not hide the others.
 */
function compareRun(
  group: string,
  cases: readonly GaiCase[],
  glibc: readonly Outcome[],
  ours: readonly Outcome[],
  machine: { hosts?: string; seen?: Run['seen']; rfc6724Table?: readonly Outcome[]; localhost?: Run['localhost'] } = {},
): string[] {
  const base: Run = {
    group,
    hosts: machine.hosts ?? HOSTS,
    seen: machine.seen ?? HOST_FAMILIES,
    localhost: machine.localhost ?? ((hints) => base.glibc('localhost', hints)),
    glibc(node, hints) {
      const i = cases.findIndex((c) => sameCase(c, node, hints));
      if (i < 0) throw new Error(`${group}: a difference needs glibc's outcome for ${JSON.stringify({ node, ...hints })}, which is not among the cases`);
      return glibc[i] as Outcome;
    },
  };
  const problems: string[] = [];
  for (const [i, c] of cases.entries()) {
    const order = c.order ?? 'exact';
    const g = glibc[i] as Outcome;
    const o = ours[i] as Outcome;
    let expected = g;
    const rfc6724 = machine.rfc6724Table?.[i];
    const run: Run = rfc6724 === undefined ? base : { ...base, rfc6724Table: rfc6724 };
    const ids = Object.entries(GAI_DIFFERENCES).filter(([, d]) => d.matches(c, run));
    for (const [id, d] of ids) {
      expected = d.expected(expected, c, run);
      exercised.add(id);
    }
    const label = `${group} ${describeCase(c)}${ids.length > 0 ? ` [${ids.map(([id]) => id).join(', ')}]` : ''}`;
    if (ids.length > 0 && JSON.stringify(view(g, order)) === JSON.stringify(view(o, order))) {
      problems.push(`${label}: listed as a difference, but glibc gives the same: ${JSON.stringify(view(g, order))}`);
    } else if (JSON.stringify(view(expected, order)) !== JSON.stringify(view(o, order))) {
      problems.push(`${label}\n    expected: ${JSON.stringify(view(expected, order))}\n    ours:     ${JSON.stringify(view(o, order))}`);
    }
  }
  return problems;
}

function compareGni(group: string, cases: readonly GniCase[], glibc: readonly GlibcGniOutcome[], ours: readonly GlibcGniOutcome[]): string[] {
  const problems: string[] = [];
  for (const [i, c] of cases.entries()) {
    const g = glibc[i] as GlibcGniOutcome;
    const o = ours[i] as GlibcGniOutcome;
    let expected = g;
    const ids = Object.entries(GNI_DIFFERENCES).filter(([, d]) => d.matches(c, group));
    for (const [id, d] of ids) {
      expected = d.expected(expected, c);
      exercised.add(id);
    }
    const label = `${group} ${JSON.stringify(c)}${ids.length > 0 ? ` [${ids.map(([id]) => id).join(', ')}]` : ''}`;
    if (ids.length > 0 && JSON.stringify(g) === JSON.stringify(o)) problems.push(`${label}: listed as a difference, but glibc gives the same: ${JSON.stringify(g)}`);
    else if (JSON.stringify(expected) !== JSON.stringify(o)) problems.push(`${label}\n    expected: ${JSON.stringify(expected)}\n    ours:     ${JSON.stringify(o)}`);
  }
  return problems;
}

async function ours(cases: readonly GaiCase[], options: AddrInfoOptions): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of cases) out.push(await ourGetaddrinfo(c, options));
  return out;
}

/** Every pair of ORDER_ADDRESSES, in both orders, as hosts-file names `pair-I-J`. */
function orderPairs(addresses: readonly string[]): { hosts: string; cases: GaiCase[] } {
  const lines: string[] = [];
  const cases: GaiCase[] = [];
  for (const [i, a] of addresses.entries()) {
    for (const [j, b] of addresses.entries()) {
      if (i === j) continue;
      lines.push(`${a}\tpair-${i}-${j}`, `${b}\tpair-${i}-${j}`);
      cases.push({ node: `pair-${i}-${j}`, service: null, hints: STREAM });
    }
  }
  return { hosts: `${lines.join('\n')}\n`, cases };
}

// ---------------------------------------------------------------------------------------

const unavailable = glibcUnavailable();

if (unavailable !== undefined) {
  // Never a skip: a cross-check that quietly does not run reads as one that passed.
  it('glibc cross-check prerequisites', () => {
    throw new Error(unavailable);
  });
} else {
  describe('getaddrinfo and getnameinfo against glibc', () => {
    let server: GlibcNamed;
    let files: GlibcFiles;
    /** What os.networkInterfaces() reports in MACHINE_NETWORK. */
    let machineInterfaces: NetworkInterfaceMap;
    const resolvers: Resolver[] = [];
    /**
     * A configuration like `files` (the same servers, files and host name), with its own
     * resolver (and so its own cache), seeing the interfaces of MACHINE_NETWORK unless told.
     */
    const oursFor = (f: GlibcFiles, networkInterfaces: () => NetworkInterfaceMap = () => machineInterfaces): AddrInfoOptions => {
      const resolver = new Resolver({ config: createConfig({ resolvConf: ourResolvConf(f), hosts: f.hosts, services: f.services ?? '', hostname: f.hostname ?? HOSTNAME }) });
      resolvers.push(resolver);
      return { resolver, networkInterfaces };
    };

    beforeAll(async () => {
      server = await startGlibcNamed();
      files = { resolvConf: resolvConf(server.nameserverLine), relay: server.relay, network: MACHINE_NETWORK, hosts: HOSTS, services: SERVICES, hostname: HOSTNAME, gaiConf: RFC6724_GAI_CONF };
      machineInterfaces = await glibcNetworkInterfaces(MACHINE_NETWORK);
    }, 60_000);

    afterAll(async () => {
      for (const r of resolvers) r.close();
      await server?.named.stop();
    });

    it("uses glibc's numbers for every AI_*, NI_*, EAI_*, AF_*, SOCK_* and IPPROTO_* it exports", async () => {
      const glibc = await glibcConstants();
      const exported = Object.entries(addrinfo).filter((e): e is [string, number] => /^(AI|NI|AF|SOCK|IPPROTO)_/.test(e[0]) && typeof e[1] === 'number');
      const known = exported.filter(([name]) => name in glibc);
      // The ones python does not export are glibc-only or deprecated (AI_IDN, AI_DEFAULT, ...).
      expect(known.length).toBeGreaterThan(20);
      expect(Object.fromEntries(known)).toEqual(Object.fromEntries(known.map(([name]) => [name, glibc[name]])));
      const eai = Object.entries(addrinfo.EAI_ERRNO).filter(([name]) => name in glibc);
      expect(eai.length).toBeGreaterThanOrEqual(12);
      expect(Object.fromEntries(eai)).toEqual(Object.fromEntries(eai.map(([name]) => [name, glibc[name]])));
    });

    it('numeric hosts, no host, services, socket types and bad hints', async () => {
      const glibc = await glibcGetaddrinfoBatch(LOCAL_CASES, files);
      expect(compareRun('local', LOCAL_CASES, glibc, await ours(LOCAL_CASES, oursFor(files)))).toEqual([]);
    });

    it('names from the hosts file, localhost, and RFC 6724 order from a fixed input', async () => {
      const glibc = await glibcGetaddrinfoBatch(HOSTS_CASES, files);
      expect(compareRun('hosts', HOSTS_CASES, glibc, await ours(HOSTS_CASES, oursFor(files)))).toEqual([]);
    });

    it('names from DNS: families, CNAMEs, the search list, NXDOMAIN, NODATA, SERVFAIL, REFUSED', async () => {
      const glibc = await glibcGetaddrinfoBatch(DNS_CASES, files);
      // glibc reached named through the relay (the comparison would mean little if it had not).
      const both = glibc[DNS_CASES.findIndex((c) => c.node === 'both.resolvkit.test')];
      expect(both?.ok === true ? both.results.map((r) => r.address).sort() : both).toEqual(['192.0.2.10', '192.0.2.11', '2001:db8::10', '2001:db8::11']);
      expect(compareRun('dns', DNS_CASES, glibc, await ours(DNS_CASES, oursFor(files)))).toEqual([]);
    });

    it('user-level aliases from the HOSTALIASES file, for names without a dot', async () => {
      // glibc reads the file at each res_search; this package when its configuration is loaded.
      const dir = mkdtempSync(join(tmpdir(), 'resolvkit-hostaliases-'));
      const path = join(dir, 'aliases');
      const text = 'myalias both.resolvkit.test\nMixed v4only.resolvkit.test extra words\nnoname\t\nnope nope.resolvkit.test\n';
      writeFileSync(path, text);
      try {
        const cases: GaiCase[] = [
          dns('myalias', { ...STREAM, flags: AI_CANONNAME }),
          dns('MYALIAS.'), // a trailing dot is a dot: no alias
          dns('mixed', h(AF_INET)),
          dns('noname'), // a line with no name after its alias: no alias, and the search goes on
          dns('nope'),
          dns('myalias.resolvkit.test'), // a dotted name is never an alias
          dns('host'), // not in the file: the search list as before
        ];
        const f = { ...files, env: { HOSTALIASES: path } };
        const glibc = await glibcGetaddrinfoBatch(cases, f);
        const resolver = new Resolver({ config: createConfig({ resolvConf: ourResolvConf(f), hosts: f.hosts, services: f.services ?? '', hostname: f.hostname ?? HOSTNAME, hostAliases: text }) });
        resolvers.push(resolver);
        const mine = await ours(cases, { resolver, networkInterfaces: () => machineInterfaces });
        expect(compareRun('aliases', cases, glibc, mine)).toEqual([]);
        // The alias was followed (the comparison would mean little if neither did).
        expect(mine[0]).toMatchObject({ ok: true, results: expect.arrayContaining([expect.objectContaining({ canonname: 'both.resolvkit.test' })]) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the empty name: asked (as the root) only when the search list starts with the root, as glibc asks it', async () => {
      // res_querydomain never asks '' as it is, and '' in a domain is `.domain`, which is no name.
      const cases: GaiCase[] = [dns(''), dns('', h(AF_INET)), dns('.')];
      const lists = ['', 'search .\n', 'search resolvkit.test .\n', 'search . resolvkit.test\n', 'search resolvkit.test\n', 'search resolvkit.test\noptions ndots:0\n'];
      const seen = new Set<string>();
      for (const search of lists) {
        const f = { ...files, resolvConf: `${server.nameserverLine}\n${search}options timeout:1 attempts:1\n` };
        const glibc = await glibcGetaddrinfoBatch(cases, f);
        expect(compareRun(JSON.stringify(search), cases, glibc, await ours(cases, oursFor(f)))).toEqual([]);
        for (const r of glibc) seen.add(r.ok ? 'ok' : r.error);
      }
      // Both outcomes occurred (the comparison would mean little otherwise).
      expect([...seen].sort()).toEqual(['EAI_NODATA', 'EAI_NONAME']);
    });

    it('LOCALDOMAIN empty: glibc searches the root alone, so it asks the root for "" (EAI_NODATA); the empty entry is dropped here (README, configuration difference 4): EAI_NONAME', async () => {
      const env = { LOCALDOMAIN: '' };
      const f = { ...files, env };
      const cases: GaiCase[] = [dns(''), dns('host'), dns('both.resolvkit.test')];
      const glibc = await glibcGetaddrinfoBatch(cases, f);
      const resolver = new Resolver({ config: createConfig({ resolvConf: ourResolvConf(f), hosts: f.hosts, services: f.services ?? '', hostname: f.hostname ?? HOSTNAME, env }) });
      resolvers.push(resolver);
      const mine = await ours(cases, { resolver, networkInterfaces: () => machineInterfaces });
      expect(glibc[0]).toEqual({ ok: false, error: 'EAI_NODATA' });
      expect(mine[0]).toEqual({ ok: false, error: 'EAI_NONAME' });
      // Every other name comes out alike: for them the root entry is the name as it is.
      expect(compareRun('LOCALDOMAIN=""', cases.slice(1), glibc.slice(1), mine.slice(1))).toEqual([]);
    });

    describe(`in a network namespace set up like this machine (${ORDER_NETWORK.addresses.join(', ')})`, () => {
      // The order depends on the machine's own addresses. These checks, and the differences
      // they show, run where the addresses are fixed, so that they hold on any machine.
      let interfaces: NetworkInterfaceMap;
      beforeAll(async () => {
        interfaces = await glibcNetworkInterfaces(ORDER_NETWORK);
      });
      const inNamespace = (f: GlibcFiles): GlibcFiles => ({ ...f, resolvConf: resolvConf('nameserver 127.0.0.1'), network: ORDER_NETWORK });

      it('RFC 6724 order pair by pair', async () => {
        const { hosts, cases } = orderPairs(ORDER_ADDRESSES);
        const f = inNamespace({ ...files, hosts });
        const glibc = await glibcGetaddrinfoBatch(cases, f);
        const problems = compareRun('pairs', cases, glibc, await ours(cases, oursFor(f, () => interfaces)), { hosts, seen: familiesOf(ORDER_NETWORK) });
        // Name the addresses rather than the generated host names.
        expect(problems.map((p) => p.replace(/pair-(\d+)-(\d+)/, (_, i: string, j: string) => `${ORDER_ADDRESSES[Number(i)]} then ${ORDER_ADDRESSES[Number(j)]}`))).toEqual([]);
      });

      it('whole lists from the hosts file', async () => {
        const f = inNamespace(files);
        const glibc = await glibcGetaddrinfoBatch(ORDER_CASES, f);
        expect(compareRun('ordering', ORDER_CASES, glibc, await ours(ORDER_CASES, oursFor(f, () => interfaces)), { seen: familiesOf(ORDER_NETWORK) })).toEqual([]);
      });

      it("glibc's built-in policy table (RFC 3484) against RFC 6724's", async () => {
        const cases: GaiCase[] = [
          { node: 'mixed-order', service: null, hints: STREAM },
          { node: 'v6-order', service: null, hints: STREAM },
          { node: 'v4-order', service: null, hints: STREAM },
          { node: 'onlyhosts', service: null, hints: STREAM },
        ];
        const f = inNamespace(files);
        const builtin = await glibcGetaddrinfoBatch(cases, { ...f, gaiConf: '' });
        const rfc6724 = await glibcGetaddrinfoBatch(cases, f);
        const problems = compareRun('built-in table', cases, builtin, await ours(cases, oursFor(f, () => interfaces)), {
          rfc6724Table: rfc6724,
          seen: familiesOf(ORDER_NETWORK),
        });
        expect(problems).toEqual([]);
      });
    });

    it('localhost names with a hosts file that does not have them', async () => {
      const hosts = HOSTS.split('\n').filter((line) => !/\blocalhost\b/.test(line)).join('\n');
      const f = { ...files, hosts };
      const hints = [STREAM, h(AF_INET), h(AF_INET6), h(0, AI_CANONNAME), { flags: AI_V4MAPPED | AI_ALL, family: AF_INET6 }];
      const cases: GaiCase[] = ['localhost', 'LocalHost', 'localhost.', 'sub.localhost', 'a.b.localhost.'].flatMap((node) => hints.map((hh) => ({ node, service: null, hints: hh })));
      // Not a localhost name: asked in DNS by both (and not found).
      cases.push(dns('localhostx'), dns('localhost.resolvkit.test'));
      const glibc = await glibcGetaddrinfoBatch(cases, f);
      const reference = await glibcGetaddrinfoBatch(hints.map((hh) => ({ node: 'localhost', service: null, hints: hh })), files);
      const localhost = (hh: GlibcHints): Outcome => reference[hints.findIndex((x) => JSON.stringify(x) === JSON.stringify(hh))] as Outcome;
      expect(compareRun('no localhost in hosts', cases, glibc, await ours(cases, oursFor(f)), { hosts, localhost })).toEqual([]);
    });

    it('a name server that never answers, and one that is not there: EAI_AGAIN', async () => {
      // A socket that takes queries and never answers; glibc reaches it at 127.53.1.1 port 53.
      const silent: Socket = createSocket('udp4');
      // A port nothing listens on: bound, then let go (the kernel does not hand it out again at once).
      const gone: Socket = createSocket('udp4');
      const bind = (socket: Socket): Promise<number> =>
        new Promise((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(0, '127.0.0.1', () => resolve(socket.address().port));
        });
      const silentPort = await bind(silent);
      const gonePort = await bind(gone);
      await new Promise<void>((resolve) => gone.close(() => resolve()));
      try {
        // One try of one second each: an absolute name (no search list), and a short name
        // whose first search-list candidate times out (which ends the search, in both).
        const cases = [dns('both.resolvkit.test.'), dns('v4only', h(AF_INET))];
        const servers: { label: string; glibc: GlibcFiles; ours: GlibcFiles }[] = [
          // glibc's queries are relayed to the silent socket, and so are ours.
          ((f: GlibcFiles) => ({ label: 'silent', glibc: f, ours: f }))({ ...files, resolvConf: resolvConf('nameserver 127.53.1.1'), relay: { '127.53.1.1': { address: '127.0.0.1', port: silentPort } } }),
          // Nothing listens on 127.53.1.2 in glibc's namespace, nor on gonePort here: both refused.
          { label: 'not there', glibc: { ...files, resolvConf: resolvConf('nameserver 127.53.1.2'), relay: {} }, ours: { ...files, resolvConf: resolvConf(`nameserver 127.0.0.1:${gonePort}`), relay: {} } },
        ];
        for (const { label, glibc: g, ours: o } of servers) {
          const glibc = await glibcGetaddrinfoBatch(cases, g);
          expect(compareRun(label, cases, glibc, await ours(cases, oursFor(o)))).toEqual([]);
          const gni = [{ address: '192.0.2.20', port: 80, flags: 0 }, { address: '192.0.2.20', port: 80, flags: NI_NUMERICHOST | NI_NUMERICSERV }];
          const glibcGni = await glibcGetnameinfoBatch(gni, g);
          const options = oursFor(o);
          expect(compareGni(label, gni, glibcGni, await Promise.all(gni.map((c) => ourGetnameinfo(c, options))))).toEqual([]);
        }
      } finally {
        silent.close();
      }
    }, 60_000);

    it('getnameinfo: PTRs, the hosts file, IPv4-mapped addresses and every NI_* flag', async () => {
      const glibc = await glibcGetnameinfoBatch(GNI_CASES, files);
      const o = oursFor(files);
      const results: GlibcGniOutcome[] = [];
      for (const c of GNI_CASES) results.push(await ourGetnameinfo(c, o));
      expect(compareGni('getnameinfo', GNI_CASES, glibc, results)).toEqual([]);
    });

    it('getnameinfo NI_NOFQDN when the host name is in another domain than the search list', async () => {
      const f = { ...files, hostname: 'glibc-check.example.test' };
      const cases = [
        { address: '192.0.2.20', port: 80, flags: NI_NOFQDN },
        { address: '192.0.2.201', port: 80, flags: NI_NOFQDN },
        { address: '192.0.2.20', port: 80, flags: 0 },
      ];
      const glibc = await glibcGetnameinfoBatch(cases, f);
      const o = oursFor(f);
      const results: GlibcGniOutcome[] = [];
      for (const c of cases) results.push(await ourGetnameinfo(c, o));
      expect(compareGni('getnameinfo, host name in example.test', cases, glibc, results)).toEqual([]);
    });

    describe('on other machines (network namespaces)', () => {
      for (const [name, network] of Object.entries(NETWORKS)) {
        it(`${name}: AI_ADDRCONFIG and order`, async () => {
          // Nothing listens in there; the cases need no name server.
          const f: GlibcFiles = { ...files, resolvConf: resolvConf('nameserver 127.0.0.1'), network };
          const interfaces = await glibcNetworkInterfaces(network);
          const glibc = await glibcGetaddrinfoBatch(NETWORK_CASES, f);
          const problems = compareRun(`network ${name}`, NETWORK_CASES, glibc, await ours(NETWORK_CASES, oursFor(f, () => interfaces)), { seen: familiesOf(network) });
          expect(problems).toEqual([]);
        });
      }
    });

    it('every listed difference shows up in some case', () => {
      expect([...exercised].sort()).toEqual([...Object.keys(GAI_DIFFERENCES), ...Object.keys(GNI_DIFFERENCES)].sort());
    });
  });
}
