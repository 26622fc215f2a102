import { describe, expect, it } from 'vitest';
import { EAI_AGAIN, EAI_NONAME } from '../../src/addrinfo/constants.js';
import { isServerFailure, pairError } from '../../src/addrinfo/dns.js';
import { herrnoOfError as herrnoOf } from '../../src/errors.js';
import { eaiForFailure, eaiForInet6Failure, eaiFromHerrno } from '../../src/addrinfo/eai.js';
import { lookupErrorFor } from '../../src/node/lookup.js';
import { AddrInfoError, DnsError, EAI_CODES, EAI_ERRNO, gaiStrerror, LookupError, type DnsErrorCode } from '../../src/errors.js';

describe('gaiStrerror', () => {
  // The texts and numbers of glibc 2.36 (checked with ctypes: libc.gai_strerror(n)).
  it('gives glibc\'s text for every code, by name or number', () => {
    expect(gaiStrerror('EAI_NONAME')).toBe('Name or service not known');
    expect(gaiStrerror(-2)).toBe('Name or service not known');
    expect(gaiStrerror(EAI_AGAIN)).toBe('Temporary failure in name resolution');
    expect(gaiStrerror('EAI_NODATA')).toBe('No address associated with hostname');
    expect(gaiStrerror('EAI_ADDRFAMILY')).toBe('Address family for hostname not supported');
    expect(gaiStrerror('EAI_SERVICE')).toBe('Servname not supported for ai_socktype');
    expect(gaiStrerror(-101)).toBe('Request canceled');
    expect(gaiStrerror(-105)).toBe('Parameter string not correctly encoded');
  });

  it('answers "Unknown error" as glibc does for anything else, EAI_OVERFLOW included', () => {
    for (const x of [0, 1, -12, -13, -99, 'ENOTFOUND', 'EAI_OVERFLOW']) expect(gaiStrerror(x)).toBe('Unknown error');
  });

  it('has a glibc number for every code', () => {
    expect(EAI_CODES.map((c) => EAI_ERRNO[c])).toEqual([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -100, -101, -102, -103, -104, -105]);
  });
});

describe('AddrInfoError', () => {
  it('carries code, glibc errno, subject and the gai_strerror text', () => {
    const e = new AddrInfoError('EAI_NONAME', { hostname: 'x.test', service: 'http' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'AddrInfoError', code: EAI_NONAME, errno: -2, hostname: 'x.test', service: 'http', syscall: 'getaddrinfo' });
    expect(e.message).toBe('getaddrinfo EAI_NONAME x.test: Name or service not known');
    expect(new AddrInfoError('EAI_AGAIN', { hostname: '192.0.2.1', service: 80, syscall: 'getnameinfo' }).message).toBe(
      'getnameinfo EAI_AGAIN 192.0.2.1: Temporary failure in name resolution',
    );
    expect(new AddrInfoError('EAI_BADFLAGS').message).toBe('getaddrinfo EAI_BADFLAGS: Bad value for ai_flags');
  });
});

describe('from DNS outcomes to h_errno and EAI codes', () => {
  const dns = (code: DnsErrorCode) => new DnsError(code);

  it('maps DnsError codes to h_errno as glibc\'s res_query leaves it', () => {
    const cases: [DnsErrorCode, string][] = [
      ['ENOTFOUND', 'HOST_NOT_FOUND'],
      ['ENODATA', 'NO_DATA'],
      ['ESERVFAIL', 'TRY_AGAIN'],
      ['EREFUSED', 'TRY_AGAIN'],
      ['ENOTIMP', 'TRY_AGAIN'],
      ['ETIMEOUT', 'TRY_AGAIN'],
      ['ECONNREFUSED', 'TRY_AGAIN'],
      ['EFORMERR', 'NO_RECOVERY'],
      ['EBADRESP', 'NO_RECOVERY'],
      ['EBADNAME', 'NO_RECOVERY'],
      ['EOF', 'NETDB_INTERNAL'],
    ];
    for (const [code, herrno] of cases) expect([code, herrnoOf(dns(code))]).toEqual([code, herrno]);
    expect(herrnoOf(new Error('x'))).toBe('NETDB_INTERNAL');
    expect(isServerFailure(dns('ESERVFAIL'))).toBe(true);
    expect(isServerFailure(dns('ENOTFOUND'))).toBe(false);
  });

  it('maps h_errno to EAI codes', () => {
    expect(['HOST_NOT_FOUND', 'NO_DATA', 'TRY_AGAIN', 'NO_RECOVERY', 'NETDB_INTERNAL'].map((h) => eaiFromHerrno(h as never))).toEqual([
      'EAI_NONAME',
      'EAI_NODATA',
      'EAI_AGAIN',
      'EAI_NONAME',
      'EAI_SYSTEM',
    ]);
  });

  it('maps a CNAME-only reply to EAI_NODATA on the AF_INET path only, and ECANCELLED to EAI_CANCELED', () => {
    const cnameOnly = { ok: false as const, herrno: 'HOST_NOT_FOUND' as const, error: dns('ENODATA'), cnameOnly: true };
    expect(eaiForFailure(cnameOnly, true)).toBe('EAI_NODATA');
    expect(eaiForFailure(cnameOnly, false)).toBe('EAI_NONAME');
    expect(eaiForFailure({ ok: false, herrno: 'NETDB_INTERNAL', error: dns('ECANCELLED'), cnameOnly: false })).toBe('EAI_CANCELED');
  });

  it('combines AF_INET6 outcomes as glibc\'s no_data / no_inet6_data', () => {
    const f = (herrno: string) => ({ ok: false as const, herrno: herrno as never, error: undefined, cnameOnly: false });
    expect(eaiForInet6Failure(f('NO_DATA'), undefined)).toBe('EAI_NODATA');
    expect(eaiForInet6Failure(f('TRY_AGAIN'), undefined)).toBe('EAI_AGAIN');
    expect(eaiForInet6Failure(f('HOST_NOT_FOUND'), undefined)).toBe('EAI_NONAME');
    expect(eaiForInet6Failure(f('TRY_AGAIN'), f('NO_DATA'))).toBe('EAI_NODATA');
    expect(eaiForInet6Failure(f('NO_DATA'), f('HOST_NOT_FOUND'))).toBe('EAI_NONAME');
    expect(eaiForInet6Failure(f('NO_DATA'), f('NETDB_INTERNAL'))).toBe('EAI_SYSTEM');
  });

  it('picks the error of an A/AAAA pair as glibc does', () => {
    const [sf, nx, nd, fe, to] = [dns('ESERVFAIL'), dns('ENOTFOUND'), dns('ENODATA'), dns('EFORMERR'), dns('ETIMEOUT')];
    expect(pairError(nx, nd)).toBe(nx);
    expect(pairError(nd, nx)).toBe(nx);
    expect(pairError(sf, nd)).toBe(nd);
    expect(pairError(nd, sf)).toBe(nd);
    expect(pairError(sf, to)).toBe(sf);
    expect(pairError(fe, nd)).toBe(fe);
    expect(pairError(nd, undefined)).toBe(nd);
  });
});

describe('lookupErrorFor (node-style errors)', () => {
  it('reports EAI_NONAME and EAI_NODATA as ENOTFOUND with libuv\'s errno, as node:dns', () => {
    const e = lookupErrorFor(new AddrInfoError('EAI_NONAME'), 'x.test');
    expect(e).toBeInstanceOf(LookupError);
    expect(Object.keys(e)).toEqual(['errno', 'code', 'syscall', 'hostname']);
    expect({ ...e }).toEqual({ errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'x.test' });
    expect(e.message).toBe('getaddrinfo ENOTFOUND x.test');
    expect(e.name).toBe('Error');
    expect(lookupErrorFor(new AddrInfoError('EAI_NODATA'), 'x.test')).toMatchObject({ code: 'ENOTFOUND', errno: -3007 });
  });

  it('keeps other EAI names, and takes a system error\'s own name for EAI_SYSTEM', () => {
    expect(lookupErrorFor(new AddrInfoError('EAI_AGAIN'), 'x.test')).toMatchObject({ code: 'EAI_AGAIN', errno: -3001, message: 'getaddrinfo EAI_AGAIN x.test' });
    const sys = Object.assign(new Error('too many'), { code: 'EMFILE' });
    expect(lookupErrorFor(new AddrInfoError('EAI_SYSTEM', { cause: sys }), 'x.test')).toMatchObject({ code: 'EMFILE', errno: -24 });
    expect(lookupErrorFor(new AddrInfoError('EAI_SYSTEM'), 'x.test')).toMatchObject({ code: 'EAI_SYSTEM', errno: undefined });
  });
});
