/**
 * The public API is a decision, not a leak: this list is DESIGN.md's API table and the README's
 * API section. A name added to or dropped from src/index.ts fails here until it is added here
 * (and in the README) on purpose.
 */
import { expect, it } from 'vitest';
import * as api from '../src/index.js';

const PUBLIC = `
AF_INET AF_INET6 AF_UNSPEC
AI_ADDRCONFIG AI_ALL AI_CANONIDN AI_CANONNAME AI_DEFAULT AI_IDN AI_NUMERICHOST AI_NUMERICSERV AI_PASSIVE AI_V4MAPPED
AddrInfoError ArgumentError DnsError LookupError PacketError TsigError
EAI_ADDRFAMILY EAI_AGAIN EAI_BADFLAGS EAI_CANCELED EAI_FAIL EAI_FAMILY EAI_IDN_ENCODE EAI_MEMORY EAI_NODATA EAI_NONAME
EAI_OVERFLOW EAI_SERVICE EAI_SOCKTYPE EAI_SYSTEM
H_ERRNO
IPPROTO_DCCP IPPROTO_IP IPPROTO_SCTP IPPROTO_TCP IPPROTO_UDP IPPROTO_UDPLITE
NI_DGRAM NI_IDN NI_NAMEREQD NI_NOFQDN NI_NUMERICHOST NI_NUMERICSERV
RES_AAONLY RES_BLAST RES_DEBUG RES_DEFAULT RES_DEFNAMES RES_DNSRCH RES_IGNTC RES_INIT RES_INSECURE1 RES_INSECURE2
RES_KEEPTSIG RES_NOAAAA RES_NOALIASES RES_NOCACHE RES_NOCHECKNAME RES_NORELOAD RES_NOTLDQUERY RES_PRIMARY RES_RECURSE
RES_ROTATE RES_SNGLKUP RES_SNGLKUPREOP RES_STAYOPEN RES_TRUSTAD RES_USEVC RES_USE_DNSSEC RES_USE_EDNS0 RES_USE_INET6
NodeTransport Resolver
SOCK_DCCP SOCK_DGRAM SOCK_RAW SOCK_SEQPACKET SOCK_STREAM
TcpFrameReader
buildQuery createConfig createLookup decodeMessage encodeMessage formatIPv6 formatMessage formatRdata formatRecord
frameTcp gaiStrerror getaddrinfo getnameinfo hstrerror loadConfig lookup lookupPromise parseHosts parseNumericAddress
parseResolvConf parseServices reverseName
parseRdata
Update updateFromRecords findZoneCut sendUpdate update isOurServer parseTsigKey parseKeyFile readKeyFile signMessage
verifyMessage TSIG_ALGORITHMS
`
  .split(/\s+/)
  .filter((name) => name !== '');

it('exports exactly the chosen names', () => {
  expect(Object.keys(api).sort()).toEqual([...PUBLIC].sort());
});

it('the Resolver has the res_* methods and the node:dns methods on one class', () => {
  const methods = ['query', 'search', 'querydomain', 'send', 'clearCache', 'cacheStats', 'cancel', 'close', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'resolveCaa', 'resolveNaptr', 'reverse', 'getServers', 'setServers'];
  for (const m of methods) expect(typeof (api.Resolver.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
});
