/**
 * getaddrinfo and getnameinfo, behaving as glibc 2.36 does over this
 * package's resolver; where they differ from glibc is listed in the README ("Where getaddrinfo differs from glibc").
 * Every export below carries its documentation where it is defined.
 */
export { getaddrinfo, getaddrinfoNow, type AddrInfo } from './getaddrinfo.js';
export { getnameinfo, stripLocalDomain, type NameInfo } from './getnameinfo.js';
export { checkOptions, type AddrInfoOptions } from './context.js';
export { idnToAscii } from './names.js';
export { addressBytes, isV4Mapped } from './address.js';
export type { AddrInfoHints } from './hints.js';
export type { AddrInfoResolver } from './dns.js';
export type { NetworkInterfaceMap, NetworkInterfacesFn } from './interfaces.js';
export * from './constants.js';
export { AddrInfoError, LookupError, gaiStrerror, EAI_CODES, EAI_ERRNO, type EaiCode } from '../errors.js';
