import { describe, expect, it } from 'vitest';
import { addressesFromReply, followChain, ptrFromReply } from '../../src/addrinfo/answers.js';
import { idnToAscii, idnToUnicode, isLocalhostName } from '../../src/addrinfo/names.js';
import type { ResourceRecord } from '../../src/packet/types.js';

const rr = (name: string, type: string, data: string): ResourceRecord => ({ name, type, class: 'IN', ttl: 60, data });

describe('reading replies', () => {
  it('takes only records that answer the question, after CNAMEs, and ignores the rest', () => {
    const answers = [
      rr('www.example.test', 'CNAME', 'Web.Example.Test'),
      rr('web.example.test', 'A', '192.0.2.1'),
      rr('other.example.test', 'A', '203.0.113.66'),
      rr('web.example.test', 'AAAA', '2001:DB8:0::1'),
    ];
    expect(addressesFromReply(answers, 'WWW.example.test', 'A')).toEqual({ addresses: ['192.0.2.1'], owner: 'Web.Example.Test' });
    expect(addressesFromReply(answers, 'www.example.test', 'AAAA')).toEqual({ addresses: ['2001:db8::1'], owner: 'Web.Example.Test' });
    expect(addressesFromReply(answers, 'other.example.test.', 'AAAA')).toEqual({ addresses: [], owner: 'other.example.test' });
  });

  it('stops at a CNAME loop and drops data of the wrong family', () => {
    const loop = [rr('a.test', 'CNAME', 'b.test'), rr('b.test', 'CNAME', 'a.test'), rr('b.test', 'A', 'not-an-address')];
    expect(followChain(loop, 'a.test', 'AAAA').records).toEqual([]);
    expect(addressesFromReply([rr('x.test', 'A', '2001:db8::1')], 'x.test', 'A').addresses).toEqual([]);
  });

  it('reads the first PTR, through a CNAME, without its trailing dot', () => {
    const answers = [rr('5.2.0.192.in-addr.arpa', 'CNAME', '5.0/26.2.0.192.in-addr.arpa'), rr('5.0/26.2.0.192.in-addr.arpa', 'PTR', 'host.example.test.')];
    expect(ptrFromReply(answers, '5.2.0.192.in-addr.arpa')).toBe('host.example.test');
    expect(ptrFromReply([], '5.2.0.192.in-addr.arpa')).toBeUndefined();
  });
});

describe('name rules', () => {
  it('knows RFC 6761 localhost names', () => {
    for (const n of ['localhost', 'LOCALHOST.', 'a.localhost', 'x.y.Localhost.']) expect(isLocalhostName(n)).toBe(true);
    for (const n of ['localhost.test', 'mylocalhost', 'localhost..', '']) expect(isLocalhostName(n)).toBe(false);
  });

  it('converts IDNs and leaves ASCII names exactly as they are', () => {
    expect(idnToAscii('café.example')).toBe('xn--caf-dma.example');
    expect(idnToAscii('Mixed_Case.example')).toBe('Mixed_Case.example');
    expect(idnToAscii('bad\u0000é')).toBeUndefined();
    expect(idnToUnicode('xn--caf-dma.example')).toBe('café.example');
    expect(idnToUnicode('plain.example')).toBe('plain.example');
  });
});
