import { describe, expect, it } from 'vitest';
import { addressesFromReply, ptrFromReply } from '../../src/addrinfo/answers.js';
import { idnToAscii, idnToUnicode, isLocalhostName } from '../../src/addrinfo/names.js';
import type { Message, ResourceRecord } from '../../src/packet/types.js';
import { answerMessage } from '../support/messages.js';

const rr = (name: string, type: string, data: string): ResourceRecord => ({ name, type, class: 'IN', ttl: 60, data });
const reply = (qname: string, type: string, answers: ResourceRecord[]): Message => answerMessage(qname, type, answers);

describe('reading replies (through the one answer reader)', () => {
  it('takes only records that answer the question, after CNAMEs, and ignores the rest', () => {
    const answers = [
      rr('www.example.test', 'CNAME', 'Web.Example.Test'),
      rr('web.example.test', 'A', '192.0.2.1'),
      rr('other.example.test', 'A', '203.0.113.66'),
      rr('web.example.test', 'AAAA', '2001:DB8:0::1'),
    ];
    expect(addressesFromReply(reply('WWW.example.test', 'A', answers), 'WWW.example.test', 'A', 'glibc')).toEqual({ addresses: ['192.0.2.1'], owner: 'Web.Example.Test' });
    expect(addressesFromReply(reply('www.example.test', 'AAAA', answers), 'www.example.test', 'AAAA', 'glibc')).toEqual({ addresses: ['2001:db8::1'], owner: 'Web.Example.Test' });
    expect(addressesFromReply(reply('other.example.test', 'AAAA', answers), 'other.example.test.', 'AAAA', 'glibc')).toMatchObject({ code: 'ENODATA' });
  });

  it('stops at a CNAME loop and drops data of the wrong family', () => {
    const loop = [rr('a.test', 'CNAME', 'b.test'), rr('b.test', 'CNAME', 'a.test'), rr('b.test', 'AAAA', '2001:db8::1')];
    expect(addressesFromReply(reply('a.test', 'AAAA', loop), 'a.test', 'AAAA', 'glibc')).toMatchObject({ addresses: ['2001:db8::1'] });
    expect(addressesFromReply(reply('x.test', 'A', [rr('x.test', 'A', '2001:db8::1')]), 'x.test', 'A', 'glibc')).toEqual({ addresses: [], owner: 'x.test' });
  });

  it('refuses a CNAME to a name glibc refuses, as resolve4 does, unless check-names is off', () => {
    const answers = [rr('evil.test', 'CNAME', '-rf.evil.test'), rr('-rf.evil.test', 'A', '192.0.2.66')];
    expect(addressesFromReply(reply('evil.test', 'A', answers), 'evil.test', 'A', 'glibc')).toMatchObject({ code: 'EBADRESP' });
    expect(addressesFromReply(reply('evil.test', 'A', answers), 'evil.test', 'A', false)).toEqual({ addresses: ['192.0.2.66'], owner: '-rf.evil.test' });
  });

  it('reads the first PTR, through a CNAME, without its trailing dot; a PTR target glibc refuses is none', () => {
    const q = '5.2.0.192.in-addr.arpa';
    const answers = [rr(q, 'CNAME', '5.0/26.2.0.192.in-addr.arpa'), rr('5.0/26.2.0.192.in-addr.arpa', 'PTR', 'host.example.test.')];
    expect(ptrFromReply(reply(q, 'PTR', answers), 'glibc')).toBe('host.example.test');
    expect(ptrFromReply(reply(q, 'PTR', []), 'glibc')).toBeUndefined();
    const evil = [rr(q, 'PTR', '-rf;evil\\032host.test')];
    expect(ptrFromReply(reply(q, 'PTR', evil), 'glibc')).toBeUndefined();
    expect(ptrFromReply(reply(q, 'PTR', evil), false)).toBe('-rf;evil\\032host.test');
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
