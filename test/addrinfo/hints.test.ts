import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_ADDRCONFIG, AI_CANONNAME, AI_DEFAULT, AI_IDN, AI_NUMERICSERV, AI_PASSIVE, AI_V4MAPPED } from '../../src/addrinfo/constants.js';
import { checkHints, DEFAULT_HINTS, familyFromHint, readHints } from '../../src/addrinfo/hints.js';
import { AddrInfoError, ArgumentError } from '../../src/errors.js';

const hints = (h: Partial<{ family: number; socktype: number; protocol: number; flags: number }>) => ({ family: 0, socktype: 0, protocol: 0, flags: 0, ...h });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof AddrInfoError ? e.code : (e as Error).name;
  }
};

describe('checkHints', () => {
  it('takes no hints as glibc takes NULL: any family, AI_V4MAPPED | AI_ADDRCONFIG', () => {
    expect(checkHints('x', null, undefined)).toBe(DEFAULT_HINTS);
    expect(DEFAULT_HINTS).toEqual({ family: AF_UNSPEC, socktype: 0, protocol: 0, flags: AI_V4MAPPED | AI_ADDRCONFIG });
    expect(AI_DEFAULT).toBe(AI_V4MAPPED | AI_ADDRCONFIG);
  });

  it('answers EAI_NONAME for no node and no service, before looking at the hints', () => {
    expect(codeOf(() => checkHints(null, null, hints({ flags: 0x8000, family: 99 })))).toBe('EAI_NONAME');
  });

  it('answers EAI_BADFLAGS for an unknown bit, and before EAI_FAMILY', () => {
    expect(codeOf(() => checkHints('x', null, hints({ flags: 0x100000 })))).toBe('EAI_BADFLAGS');
    expect(codeOf(() => checkHints('x', null, hints({ flags: -1 })))).toBe('EAI_BADFLAGS');
    expect(codeOf(() => checkHints('x', null, hints({ flags: 0x800, family: 99 })))).toBe('EAI_BADFLAGS');
  });

  it('accepts every flag glibc accepts, including the IDN ones and the deprecated 0x300', () => {
    expect(checkHints('x', null, hints({ flags: AI_IDN | 0x80 | 0x300 | AI_NUMERICSERV | AI_PASSIVE | 0x3f })).flags).toBe(0x7ff);
  });

  it('answers EAI_BADFLAGS for AI_CANONNAME without a node', () => {
    expect(codeOf(() => checkHints(null, '80', hints({ flags: AI_CANONNAME })))).toBe('EAI_BADFLAGS');
    expect(checkHints('x', null, hints({ flags: AI_CANONNAME })).flags).toBe(AI_CANONNAME);
  });

  it('answers EAI_FAMILY for a family other than unspecified, IPv4 and IPv6', () => {
    for (const family of [1, 3, 5, 11, 17, -1]) expect(codeOf(() => checkHints('x', null, hints({ family })))).toBe('EAI_FAMILY');
  });

  it('reads 4 and 6 as AF_INET and AF_INET6, and keeps glibc numbers', () => {
    expect([0, 2, 4, 6, 10].map(familyFromHint)).toEqual([AF_UNSPEC, AF_INET, AF_INET, AF_INET6, AF_INET6]);
    expect(checkHints('x', null, hints({ family: 6 })).family).toBe(AF_INET6);
  });

  it('leaves socket type and protocol for the service check', () => {
    expect(checkHints('x', null, hints({ socktype: 99, protocol: 250 }))).toMatchObject({ socktype: 99, protocol: 250 });
  });
});

describe('readHints', () => {
  it('reads absent fields as 0, as after memset', () => {
    expect(readHints({ flags: AI_CANONNAME })).toEqual({ family: 0, socktype: 0, protocol: 0, flags: AI_CANONNAME });
    expect(readHints(undefined)).toBeUndefined();
    expect(readHints(null)).toBeUndefined();
  });

  it('throws ArgumentError at once for what no C caller could pass', () => {
    expect(() => readHints({ flags: '1' as unknown as number })).toThrow(ArgumentError);
    expect(() => readHints({ family: 4.5 })).toThrow(ArgumentError);
    expect(() => readHints({ socktype: 2 ** 31 })).toThrow(ArgumentError);
    expect(() => readHints({ famly: 4 } as never)).toThrow(/unknown hints field "famly"/);
    expect(() => readHints(5 as never)).toThrow(ArgumentError);
  });
});
