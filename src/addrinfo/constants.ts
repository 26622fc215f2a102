/**
 * The numbers of glibc's socket.h, netinet/in.h and netdb.h on Linux, so that hints and
 * results read exactly as they do in C (and as python's socket module prints them), and a
 * program ported from C can keep its constants.
 */

// Address families (sys/socket.h).
/** Any address family. */
export const AF_UNSPEC = 0;
/** IPv4 (hints also take 4). */
export const AF_INET = 2;
/** IPv6 (hints also take 6). */
export const AF_INET6 = 10;

// Socket types (bits/socket_type.h).
/** A byte stream (TCP, SCTP). */
export const SOCK_STREAM = 1;
/** Datagrams (UDP, UDP-Lite). */
export const SOCK_DGRAM = 2;
/** Raw IP: any protocol, no ports. */
export const SOCK_RAW = 3;
/** Sequenced packets (SCTP). */
export const SOCK_SEQPACKET = 5;
/** DCCP. */
export const SOCK_DCCP = 6;

// Protocols (netinet/in.h).
/** The socket type's default protocol. */
export const IPPROTO_IP = 0;
/** TCP. */
export const IPPROTO_TCP = 6;
/** UDP. */
export const IPPROTO_UDP = 17;
/** DCCP. */
export const IPPROTO_DCCP = 33;
/** SCTP. */
export const IPPROTO_SCTP = 132;
/** UDP-Lite. */
export const IPPROTO_UDPLITE = 136;

// getaddrinfo flags (netdb.h).
/** With no node, the wildcard addresses (for bind) rather than loopback. */
export const AI_PASSIVE = 0x0001;
/** Put the canonical name on the first result. */
export const AI_CANONNAME = 0x0002;
/** The node must be an address; never look it up. */
export const AI_NUMERICHOST = 0x0004;
/** With AF_INET6, return IPv4 addresses as ::ffff:a.b.c.d when there are no IPv6 ones. */
export const AI_V4MAPPED = 0x0008;
/** With AI_V4MAPPED, return the mapped IPv4 addresses as well as the IPv6 ones. */
export const AI_ALL = 0x0010;
/** Only families with an address configured here (see addrconfig.ts). */
export const AI_ADDRCONFIG = 0x0020;
/** Convert the node to its IDNA (punycode) form before looking it up. */
export const AI_IDN = 0x0040;
/** With AI_CANONNAME, give the canonical name in Unicode rather than punycode. */
export const AI_CANONIDN = 0x0080;
/** The service must be a port number. */
export const AI_NUMERICSERV = 0x0400;
/** What glibc uses when hints is NULL: AI_V4MAPPED | AI_ADDRCONFIG. */
export const AI_DEFAULT = AI_V4MAPPED | AI_ADDRCONFIG;

// getnameinfo flags (netdb.h).
/** Give the address, never a name. */
export const NI_NUMERICHOST = 1;
/** Give the port number, never a service name. */
export const NI_NUMERICSERV = 2;
/** Drop the local domain from the name. */
export const NI_NOFQDN = 4;
/** Fail (EAI_NONAME) rather than give the address when there is no name. */
export const NI_NAMEREQD = 8;
/** Look the port up as udp rather than tcp. */
export const NI_DGRAM = 16;
/** Give the host name in Unicode rather than punycode. */
export const NI_IDN = 32;

/** Bits glibc still accepts without effect: the former AI_IDN_ALLOW_UNASSIGNED and AI_IDN_USE_STD3_ASCII_RULES. */
export const DEPRECATED_AI_IDN = 0x300;
/** Bits glibc still accepts without effect: the former NI_IDN_ALLOW_UNASSIGNED and NI_IDN_USE_STD3_ASCII_RULES. */
export const DEPRECATED_NI_IDN = 0xc0;

/** Every flag bit getaddrinfo accepts; any other bit is EAI_BADFLAGS, as in glibc. */
export const AI_KNOWN_FLAGS =
  AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_ADDRCONFIG | AI_V4MAPPED | AI_IDN | AI_CANONIDN | DEPRECATED_AI_IDN | AI_NUMERICSERV | AI_ALL;

/** Every flag bit getnameinfo accepts; any other bit is EAI_BADFLAGS, as in glibc. */
export const NI_KNOWN_FLAGS = NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM | NI_IDN | DEPRECATED_NI_IDN;

/** The largest port number; glibc keeps only the low 16 bits of a numeric service. */
export const MAX_PORT = 65535;

// The EAI_* error codes as the strings `AddrInfoError.code` holds, so that a caller can write
// `err.code === EAI_NONAME` as in C. glibc's numbers are in EAI_ERRNO.
/** Bad flags, or AI_CANONNAME without a node. */
export const EAI_BADFLAGS = 'EAI_BADFLAGS';
/** No such name (NXDOMAIN), or no node and no service. */
export const EAI_NONAME = 'EAI_NONAME';
/** The name servers failed or did not answer: try again later. */
export const EAI_AGAIN = 'EAI_AGAIN';
/** A non-recoverable failure (glibc's getaddrinfo does not produce it; kept for gai_strerror). */
export const EAI_FAIL = 'EAI_FAIL';
/** The name exists but has no address of the family asked for. */
export const EAI_NODATA = 'EAI_NODATA';
/** An address family other than AF_UNSPEC, AF_INET and AF_INET6. */
export const EAI_FAMILY = 'EAI_FAMILY';
/** A socket type nothing fits. */
export const EAI_SOCKTYPE = 'EAI_SOCKTYPE';
/** The service is not defined for the socket type. */
export const EAI_SERVICE = 'EAI_SERVICE';
/** A numeric node of a family other than the one asked for. */
export const EAI_ADDRFAMILY = 'EAI_ADDRFAMILY';
/** Out of memory (never produced here; kept for gai_strerror). */
export const EAI_MEMORY = 'EAI_MEMORY';
/** A local fault; the error has it as `cause`. */
export const EAI_SYSTEM = 'EAI_SYSTEM';
/** A buffer too small (never produced here; kept for gai_strerror). */
export const EAI_OVERFLOW = 'EAI_OVERFLOW';
/** The call was aborted through its signal. */
export const EAI_CANCELED = 'EAI_CANCELED';
/** AI_IDN could not encode the node. */
export const EAI_IDN_ENCODE = 'EAI_IDN_ENCODE';
