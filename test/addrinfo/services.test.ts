import { describe, expect, it } from 'vitest';
import {
  AI_NUMERICSERV,
  IPPROTO_DCCP,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_DCCP,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_SEQPACKET,
  SOCK_STREAM,
} from '../../src/addrinfo/constants.js';
import { parseService, serviceTuples, strtoulToInt } from '../../src/addrinfo/services.js';
import { parseServices } from '../../src/env/services.js';
import { AddrInfoError } from '../../src/errors.js';

const table = parseServices(
  ['http 80/tcp www', 'both 7001/tcp', 'both 7001/udp', 'onlytcp 7000/tcp', 'sctponly 7002/sctp', 'dccponly 7003/dccp', 'Case 7004/tcp'].join('\n'),
);
const codeOf = (fn: () => unknown): string => {
  try {
    return JSON.stringify(fn());
  } catch (e) {
    return (e as AddrInfoError).code;
  }
};
const tuples = (service: string | null, socktype = 0, protocol = 0) => serviceTuples(parseService(service, 0), socktype, protocol, table);

describe('strtoulToInt', () => {
  // Each value checked against glibc 2.36 (python3 socket.getaddrinfo(None, service)).
  it('reads the service as strtoul into an int', () => {
    expect(strtoulToInt('80')).toBe(80);
    expect(strtoulToInt(' \t80')).toBe(80);
    expect(strtoulToInt('+80')).toBe(80);
    expect(strtoulToInt('0080')).toBe(80);
    expect(strtoulToInt('-1')).toBe(-1);
    expect(strtoulToInt('4294967376')).toBe(80);
    expect(strtoulToInt('2147483648')).toBe(-2147483648);
    expect(strtoulToInt('99999999999999999999999')).toBe(-1);
  });

  it('rejects text after the number, and text without one', () => {
    for (const s of ['80 ', '0x50', '8o', 'http', '', ' ', '+', '-']) expect(strtoulToInt(s)).toBeUndefined();
  });
});

describe('parseService', () => {
  it('treats null, empty and * as no service', () => {
    expect(parseService(null, 0)).toEqual({ kind: 'none' });
    expect(parseService('', AI_NUMERICSERV)).toEqual({ kind: 'none' });
    expect(parseService('*', 0)).toEqual({ kind: 'none' });
  });

  it('keeps the low 16 bits of a number, as htons does', () => {
    expect(parseService('65616', 0)).toEqual({ kind: 'port', port: 80 });
    expect(parseService('70000', 0)).toEqual({ kind: 'port', port: 4464 });
    expect(parseService('65536', 0)).toEqual({ kind: 'port', port: 0 });
  });

  it('looks a negative int up as a name (so it fails with EAI_SERVICE), even under AI_NUMERICSERV', () => {
    expect(parseService('-1', AI_NUMERICSERV)).toEqual({ kind: 'name', name: '-1' });
    expect(codeOf(() => tuples('-1'))).toBe('EAI_SERVICE');
    expect(codeOf(() => tuples('2147483648'))).toBe('EAI_SERVICE');
  });

  it('refuses a name under AI_NUMERICSERV with EAI_NONAME', () => {
    expect(codeOf(() => parseService('http', AI_NUMERICSERV))).toBe('EAI_NONAME');
  });
});

describe('serviceTuples', () => {
  it('gives stream/tcp, dgram/udp and raw/0 with neither socktype nor protocol', () => {
    expect(tuples('80')).toEqual([
      { socktype: SOCK_STREAM, protocol: IPPROTO_TCP, port: 80 },
      { socktype: SOCK_DGRAM, protocol: IPPROTO_UDP, port: 80 },
      { socktype: SOCK_RAW, protocol: 0, port: 80 },
    ]);
    expect(tuples(null).map((t) => t.port)).toEqual([0, 0, 0]);
  });

  it('gives a name once per protocol it is defined for, sctp and dccp included, never raw', () => {
    expect(tuples('both')).toEqual([
      { socktype: SOCK_STREAM, protocol: IPPROTO_TCP, port: 7001 },
      { socktype: SOCK_DGRAM, protocol: IPPROTO_UDP, port: 7001 },
    ]);
    expect(tuples('www')).toEqual([{ socktype: SOCK_STREAM, protocol: IPPROTO_TCP, port: 80 }]);
    expect(tuples('sctponly')).toEqual([
      { socktype: SOCK_STREAM, protocol: IPPROTO_SCTP, port: 7002 },
      { socktype: SOCK_SEQPACKET, protocol: IPPROTO_SCTP, port: 7002 },
    ]);
    expect(tuples('dccponly')).toEqual([{ socktype: SOCK_DCCP, protocol: IPPROTO_DCCP, port: 7003 }]);
  });

  it('matches names case-sensitively, as getservbyname', () => {
    expect(tuples('Case')[0]?.port).toBe(7004);
    expect(codeOf(() => tuples('case'))).toBe('EAI_SERVICE');
  });

  it('takes the first table row that fits socktype and protocol', () => {
    expect(tuples('80', 0, IPPROTO_TCP)).toEqual([{ socktype: SOCK_STREAM, protocol: IPPROTO_TCP, port: 80 }]);
    expect(tuples('80', SOCK_SEQPACKET)).toEqual([{ socktype: SOCK_SEQPACKET, protocol: IPPROTO_SCTP, port: 80 }]);
    expect(tuples('sctponly', 0, IPPROTO_SCTP)).toEqual([{ socktype: SOCK_STREAM, protocol: IPPROTO_SCTP, port: 7002 }]);
    // SOCK_STREAM alone means tcp, so an sctp-only name is not found.
    expect(codeOf(() => tuples('sctponly', SOCK_STREAM))).toBe('EAI_SERVICE');
    expect(codeOf(() => tuples('onlytcp', SOCK_DGRAM))).toBe('EAI_SERVICE');
    expect(codeOf(() => tuples('onlytcp', 0, IPPROTO_UDP))).toBe('EAI_SERVICE');
  });

  it('passes any protocol through for SOCK_RAW, which takes no service', () => {
    expect(tuples(null, SOCK_RAW, 99)).toEqual([{ socktype: SOCK_RAW, protocol: 99, port: 0 }]);
    expect(tuples(null, 0, 99)).toEqual([{ socktype: SOCK_RAW, protocol: 99, port: 0 }]);
    expect(codeOf(() => tuples('80', SOCK_RAW))).toBe('EAI_SERVICE');
    expect(codeOf(() => tuples('80', 0, 99))).toBe('EAI_SERVICE');
  });

  it('answers EAI_SOCKTYPE for a socket type nothing fits, EAI_SERVICE when only the protocol was given', () => {
    expect(codeOf(() => tuples(null, 99))).toBe('EAI_SOCKTYPE');
    expect(codeOf(() => tuples('80', SOCK_DGRAM, IPPROTO_TCP))).toBe('EAI_SOCKTYPE');
    expect(codeOf(() => tuples(null, -1))).toBe('EAI_SOCKTYPE');
  });
});
