/**
 * The hints argument of getaddrinfo, checked in the order glibc checks it, so that a call with
 * several faults fails with the same EAI_* code as in C.
 */
import { AddrInfoError, ArgumentError } from '../errors.js';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_CANONNAME, AI_DEFAULT, AI_KNOWN_FLAGS } from './constants.js';

/** getaddrinfo's hints. Every field is optional and 0 when absent, as after memset in C. */
export interface AddrInfoHints {
  /** AF_UNSPEC (0), AF_INET (2) or AF_INET6 (10); 4 and 6 are accepted for AF_INET and AF_INET6. */
  family?: number;
  /** SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, ...; 0 for every type the service exists for. */
  socktype?: number;
  /** IPPROTO_TCP, IPPROTO_UDP, ...; 0 for the socket type's usual protocol. */
  protocol?: number;
  /** AI_* bits. */
  flags?: number;
}

/** Hints after checking: the family as glibc's AF_* value. */
export interface CheckedHints {
  readonly family: typeof AF_UNSPEC | typeof AF_INET | typeof AF_INET6;
  readonly socktype: number;
  readonly protocol: number;
  readonly flags: number;
}

/** glibc's hints when the caller passes none (NULL): any family, AI_V4MAPPED | AI_ADDRCONFIG. */
export const DEFAULT_HINTS: CheckedHints = Object.freeze({ family: AF_UNSPEC, socktype: 0, protocol: 0, flags: AI_DEFAULT });

const HINT_KEYS = new Set(['family', 'socktype', 'protocol', 'flags']);

function intField(hints: Record<string, unknown>, key: string): number {
  const value = hints[key];
  if (value === undefined || value === null) return 0;
  // The fields are C ints: anything outside int32 could not have come from a C caller.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new ArgumentError(`hints.${key} must be a 32-bit integer, not ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
}

/**
 * Reads the hints' fields. A field of the wrong JavaScript type is a programming error and
 * throws ArgumentError at once; values C could carry (an unknown flag bit, family 99) are left
 * for checkHints, which answers as glibc does.
 */
export function readHints(hints: AddrInfoHints | null | undefined): { family: number; socktype: number; protocol: number; flags: number } | undefined {
  if (hints === undefined || hints === null) return undefined;
  if (typeof hints !== 'object' || Array.isArray(hints)) throw new ArgumentError('hints must be an object');
  for (const key of Object.keys(hints)) {
    if (!HINT_KEYS.has(key)) throw new ArgumentError(`unknown hints field ${JSON.stringify(key)}`);
  }
  const h = hints as Record<string, unknown>;
  return { family: intField(h, 'family'), socktype: intField(h, 'socktype'), protocol: intField(h, 'protocol'), flags: intField(h, 'flags') };
}

/** The AF_* value for a hints family, or undefined when glibc would answer EAI_FAMILY. */
export function familyFromHint(family: number): CheckedHints['family'] | undefined {
  switch (family) {
    case AF_UNSPEC:
      return AF_UNSPEC;
    case AF_INET:
    case 4:
      return AF_INET;
    case AF_INET6:
    case 6:
      return AF_INET6;
    default:
      return undefined;
  }
}

/**
 * glibc's first checks, in its order: no node and no service is EAI_NONAME; an unknown flag
 * bit, or AI_CANONNAME without a node, is EAI_BADFLAGS; a family other than AF_UNSPEC,
 * AF_INET or AF_INET6 is EAI_FAMILY. Socket type and protocol are checked later, against the
 * service (see services.ts). `node` and `service` are after the `*`-means-NULL rule.
 */
export function checkHints(
  node: string | null,
  service: string | null,
  hints: { family: number; socktype: number; protocol: number; flags: number } | undefined,
): CheckedHints {
  if (node === null && service === null) throw new AddrInfoError('EAI_NONAME');
  if (hints === undefined) return DEFAULT_HINTS;
  if ((hints.flags & ~AI_KNOWN_FLAGS) !== 0) throw new AddrInfoError('EAI_BADFLAGS');
  if ((hints.flags & AI_CANONNAME) !== 0 && node === null) throw new AddrInfoError('EAI_BADFLAGS');
  const family = familyFromHint(hints.family);
  if (family === undefined) throw new AddrInfoError('EAI_FAMILY');
  return Object.freeze({ family, socktype: hints.socktype, protocol: hints.protocol, flags: hints.flags });
}
