/**
 * node-compat.ts from hand-built replies: which records answer, node's shapes for every type,
 * check-names drops, the ttl option, and node's errors. No network. What node:dns itself does
 * with the same replies is checked in test/integration/node-compat.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DnsError } from '../../src/errors.js';
import type { Message, ResourceRecord } from '../../src/packet/types.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { MAX_CNAME_CHAIN } from '../../src/resolver/answers.js';
import { resOwnok } from '../../src/resolver/check-names.js';
import { answerMessage } from '../support/messages.js';
import {
  addressesByChain,
  addressesFromReply,
  anyFromReply,
  caaFromReply,
  cnameFromReply,
  isNodeRrtype,
  mxFromReply,
  naptrFromReply,
  NODE_RRTYPES,
  NODE_SYSCALLS,
  nodeError,
  nodeQueryName,
  nodeResult,
  nsFromReply,
  ptrFromReply,
  reverseFromReply,
  reverseQueryName,
  soaFromReply,
  srvFromReply,
  txtFromReply,
  unknownRrtype,
} from '../../src/node/results.js';

function rr(name: string, type: string, data: unknown, ttl = 300, klass = 'IN'): ResourceRecord {
  return { name, type, class: klass, ttl, data };
}

const reply = (name: string, type: string, answers: ResourceRecord[]): Message => answerMessage(name, type, answers);

/** The DnsError `fn` throws (failing the test if it throws anything else or nothing). */
function thrown(fn: () => unknown): DnsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DnsError);
    return error as DnsError;
  }
  throw new Error('expected a DnsError, but nothing was thrown');
}

const SOA_DATA = { mname: 'ns1.example', rname: 'hostmaster.example', serial: 7, refresh: 3600, retry: 900, expire: 604800, minimum: 300 };

describe('which records answer the question', () => {
  it('takes the records at the question name, in answer order, and nothing else', () => {
    const r = reply('host.example', 'A', [
      rr('host.example', 'A', '192.0.2.1'),
      rr('other.example', 'A', '192.0.2.66'),
      rr('host.example', 'AAAA', '2001:db8::1'),
      rr('host.example', 'A', '192.0.2.2'),
    ]);
    expect(addressesFromReply(r, 'A')).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('compares owner names case-insensitively', () => {
    expect(addressesFromReply(reply('mixed.example', 'A', [rr('MiXeD.EXAMPLE', 'A', '192.0.2.30')]), 'A')).toEqual(['192.0.2.30']);
    expect(addressesFromReply(reply('MIXED.example', 'A', [rr('mixed.example', 'A', '192.0.2.30')]), 'A')).toEqual(['192.0.2.30']);
  });

  it('follows a CNAME chain to its end, whatever the order of the records', () => {
    const chain = [
      rr('chain3.example', 'CNAME', 'hop1.example'),
      rr('HOP1.example', 'CNAME', 'hop2.example'),
      rr('hop2.example', 'CNAME', 'Both.Example'),
      rr('both.example', 'A', '192.0.2.10'),
      rr('both.example', 'A', '192.0.2.11'),
    ];
    expect(addressesFromReply(reply('chain3.example', 'A', chain), 'A')).toEqual(['192.0.2.10', '192.0.2.11']);
    const shuffled = [chain[3]!, chain[2]!, chain[4]!, chain[0]!, chain[1]!];
    expect(addressesFromReply(reply('chain3.example', 'A', shuffled), 'A')).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('ignores records at the names in the middle of a chain and at names off it', () => {
    const r = reply('alias.example', 'A', [
      rr('alias.example', 'CNAME', 'mid.example'),
      rr('mid.example', 'A', '192.0.2.99'),
      rr('mid.example', 'CNAME', 'end.example'),
      rr('end.example', 'A', '192.0.2.1'),
      rr('elsewhere.example', 'A', '192.0.2.98'),
    ]);
    expect(addressesFromReply(r, 'A')).toEqual(['192.0.2.1']);
  });

  it('ignores records of another class', () => {
    const r = reply('host.example', 'A', [rr('host.example', 'A', '192.0.2.7', 300, 'CH'), rr('host.example', 'A', '192.0.2.1')]);
    expect(addressesFromReply(r, 'A')).toEqual(['192.0.2.1']);
  });

  it('is [] for a CNAME with nothing of the type behind it, as c-ares (ENODATA without a CNAME)', () => {
    expect(addressesFromReply(reply('alias-v4only.example', 'AAAA', [rr('alias-v4only.example', 'CNAME', 'v4only.example')]), 'AAAA')).toEqual([]);
    const e = thrown(() => addressesFromReply(reply('v4only.example', 'AAAA', []), 'AAAA'));
    expect([e.code, e.syscall, e.hostname, e.type]).toEqual(['ENODATA', 'queryAaaa', 'v4only.example', 'AAAA']);
    expect(e.message).toBe('queryAaaa ENODATA v4only.example');
  });

  it('cuts a CNAME loop', () => {
    const r = reply('loop1.example', 'A', [rr('loop1.example', 'CNAME', 'loop2.example'), rr('loop2.example', 'CNAME', 'LOOP1.example')]);
    expect(addressesFromReply(r, 'A')).toEqual([]);
  });

  it(`follows at most ${MAX_CNAME_CHAIN} CNAMEs`, () => {
    const links = (n: number) => Array.from({ length: n }, (_, i) => rr(`h${i}.example`, 'CNAME', `h${i + 1}.example`));
    const withEnd = (n: number) => [...links(n), rr(`h${n}.example`, 'A', '192.0.2.1')];
    expect(addressesFromReply(reply('h0.example', 'A', withEnd(MAX_CNAME_CHAIN)), 'A')).toEqual(['192.0.2.1']);
    expect(addressesFromReply(reply('h0.example', 'A', withEnd(MAX_CNAME_CHAIN + 1)), 'A')).toEqual([]);
  });

  it('is EBADRESP for a reply without a question', () => {
    const r = { ...reply('x.example', 'A', [rr('x.example', 'A', '192.0.2.1')]), questions: [] };
    expect(thrown(() => addressesFromReply(r, 'A', { hostname: 'x.example' })).code).toBe('EBADRESP');
  });
});

describe('resolve4 / resolve6', () => {
  it('gives { address, ttl } with the ttl option, capped by the CNAMEs on the way (as c-ares)', () => {
    const r = reply('alias.example', 'A', [
      rr('alias.example', 'CNAME', 'mid.example', 600),
      rr('mid.example', 'CNAME', 'end.example', 50),
      rr('end.example', 'A', '192.0.2.1', 200),
      rr('end.example', 'A', '192.0.2.2', 20),
    ]);
    expect(addressesFromReply(r, 'A', { ttl: true })).toEqual([
      { address: '192.0.2.1', ttl: 50 },
      { address: '192.0.2.2', ttl: 20 },
    ]);
    expect(addressesFromReply(reply('h.example', 'A', [rr('h.example', 'A', '192.0.2.1', 0)]), 'A', { ttl: true })).toEqual([
      { address: '192.0.2.1', ttl: 0 },
    ]);
  });

  it('writes IPv6 addresses as inet_ntop does (longest zero run, IPv4 tails), from the wire', () => {
    // Through the codec, which writes AAAA text as inet_ntop does, as node's uv_inet_ntop.
    const r = decodeMessage(encodeMessage(reply('v6.example', 'AAAA', [
      rr('v6.example', 'AAAA', '1::2:0:0:0:3'),
      rr('v6.example', 'AAAA', '::ffff:102:304'),
      rr('v6.example', 'AAAA', '::102:304'),
      rr('v6.example', 'AAAA', '2001:db8::10'),
      rr('v6.example', 'AAAA', '::1'),
    ])));
    expect(addressesFromReply(r, 'AAAA')).toEqual(['1:0:0:2::3', '::ffff:1.2.3.4', '::1.2.3.4', '2001:db8::10', '::1']);
  });

  it('keeps duplicates, as node does', () => {
    const r = reply('d.example', 'A', [rr('d.example', 'A', '192.0.2.1'), rr('d.example', 'A', '192.0.2.1')]);
    expect(addressesFromReply(r, 'A')).toEqual(['192.0.2.1', '192.0.2.1']);
  });

  it('reads a reply of plain address records the way the chain reader does', () => {
    // addressesFromReply reads a reply whose every answer is an address of the type at the
    // question's name, in its class, straight off the records; anything else goes through
    // addressesByChain. Replies here are of both kinds, half of them plain records at the
    // question's name, with names in other cases, other classes, other types, CNAMEs and
    // names that fail check-names among the rest.
    const question = fc.constantFrom('host.example', 'Host.Example', 'a_b.example', '*.example');
    const owner = (q: string) => fc.constantFrom(q, q.toUpperCase(), 'other.example', 'end.example', 'bad name.example');
    const record = (q: string) =>
      fc.record({
        name: owner(q),
        type: fc.constantFrom('A', 'AAAA', 'CNAME'),
        class: fc.constantFrom('IN', 'IN', 'IN', 'CH'),
        ttl: fc.integer({ min: 0, max: 1000 }),
      }).map((r) => rr(r.name, r.type, r.type === 'CNAME' ? 'end.example' : r.type === 'A' ? '192.0.2.1' : '2001:db8::1', r.ttl, r.class));
    const plain = (q: string, family: string) =>
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 }).map((ttls) => ttls.map((t, i) => rr(q, family, family === 'A' ? `192.0.2.${i}` : `2001:db8::${i}`, t)));
    const outcome = (read: () => unknown) => {
      try {
        return read();
      } catch (error) {
        return (error as DnsError).code;
      }
    };
    let direct = 0;
    fc.assert(
      fc.property(
        question.chain((q) =>
          fc.record({
            q: fc.constant(q),
            family: fc.constantFrom<'A' | 'AAAA'>('A', 'AAAA'),
            ttl: fc.boolean(),
            checkNames: fc.constantFrom<'glibc' | 'bind' | false>('glibc', 'bind', false),
            answers: fc.oneof(plain(q, 'A'), plain(q, 'AAAA'), fc.array(record(q), { maxLength: 5 })),
          }),
        ),
        ({ q, family, ttl, checkNames, answers }) => {
          const r = reply(q, family, answers);
          if (answers.length > 0 && answers.every((a) => a.name === q && a.type === family && a.class === 'IN')) direct++;
          const options = { ttl, checkNames };
          const viaChain = outcome(() => {
            // The question's own check comes first on both paths.
            if (checkNames !== false && !resOwnok(q, checkNames)) return 'ENOTFOUND';
            return addressesByChain(r, family, options, NODE_SYSCALLS[family]);
          });
          expect(outcome(() => addressesFromReply(r, family, options))).toEqual(viaChain);
        },
      ),
      { numRuns: 2000 },
    );
    expect(direct).toBeGreaterThan(500); // the straight path was taken, and often
  });
});

describe('check-names', () => {
  it('is ENOTFOUND when the name asked for is not a host name (glibc: HOST_NOT_FOUND)', () => {
    const r = reply('bad!name.example', 'A', [rr('bad!name.example', 'A', '192.0.2.1')]);
    const e = thrown(() => addressesFromReply(r, 'A'));
    expect([e.code, e.syscall, e.hostname]).toEqual(['ENOTFOUND', 'queryA', 'bad!name.example']);
    expect(addressesFromReply(r, 'A', { checkNames: false })).toEqual(['192.0.2.1']);
  });

  it('allows an explicit wildcard owner, and underscores by the glibc rules only', () => {
    expect(addressesFromReply(reply('*.wild.example', 'A', [rr('*.wild.example', 'A', '192.0.2.50')]), 'A')).toEqual(['192.0.2.50']);
    const under = reply('a_b.example', 'A', [rr('a_b.example', 'A', '192.0.2.5')]);
    expect(addressesFromReply(under, 'A')).toEqual(['192.0.2.5']);
    expect(thrown(() => addressesFromReply(under, 'A', { checkNames: 'bind' })).code).toBe('ENOTFOUND');
  });

  it('drops addresses reached through a CNAME whose target is not a host name: EBADRESP when none is left', () => {
    const r = reply('alias.example', 'A', [rr('alias.example', 'CNAME', 'evil\\;name.example'), rr('evil\\;name.example', 'A', '192.0.2.1')]);
    const e = thrown(() => addressesFromReply(r, 'A'));
    expect([e.code, e.herrno, e.syscall, e.hostname]).toEqual(['EBADRESP', 'NO_RECOVERY', 'queryA', 'alias.example']);
    expect(addressesFromReply(r, 'A', { checkNames: false })).toEqual(['192.0.2.1']);
  });

  it('keeps the records that pass and drops the rest', () => {
    const r = reply('mail.example', 'MX', [
      rr('mail.example', 'MX', { preference: 10, exchange: 'mx1.example' }),
      rr('mail.example', 'MX', { preference: 20, exchange: 'mx\\0322.example' }),
      rr('mail.example', 'MX', { preference: 30, exchange: '-mx3.example' }),
    ]);
    expect(mxFromReply(r)).toEqual([{ exchange: 'mx1.example', priority: 10 }]);
    expect(mxFromReply(r, { checkNames: false })).toHaveLength(3);
  });

  it('checks PTR targets only under in-addr.arpa and ip6.arpa, so DNS-SD names stay usable', () => {
    const sd = reply('_ipp._tcp.local', 'PTR', [rr('_ipp._tcp.local', 'PTR', 'My\\032Printer._ipp._tcp.local')]);
    expect(ptrFromReply(sd)).toEqual(['My Printer._ipp._tcp.local']);
    const rev = reply('1.2.0.192.in-addr.arpa', 'PTR', [
      rr('1.2.0.192.in-addr.arpa', 'PTR', 'My\\032Printer.example'),
      rr('1.2.0.192.in-addr.arpa', 'PTR', 'good.example'),
    ]);
    expect(ptrFromReply(rev)).toEqual(['good.example']);
    expect(reverseFromReply(rev, { hostname: '192.0.2.1' })).toEqual(['good.example']);
  });

  it('checks NS and SRV targets, SOA MNAME and RNAME (a mailbox), and CNAME targets', () => {
    expect(thrown(() => nsFromReply(reply('z.example', 'NS', [rr('z.example', 'NS', 'ns\\@1.example')]))).code).toBe('EBADRESP');
    expect(thrown(() => srvFromReply(reply('_s._tcp.example', 'SRV', [rr('_s._tcp.example', 'SRV', { priority: 0, weight: 0, port: 1, target: 'a\\(b.example' })]))).code).toBe('EBADRESP');
    const soaWith = (rname: string) => reply('z.example', 'SOA', [rr('z.example', 'SOA', { ...SOA_DATA, rname })]);
    expect(soaFromReply(soaWith('first\\.last.example')).hostmaster).toBe('first\\.last.example');
    expect(thrown(() => soaFromReply(soaWith('hostmaster.ex\\;ample'))).code).toBe('EBADRESP');
    expect(thrown(() => cnameFromReply(reply('a.example', 'CNAME', [rr('a.example', 'CNAME', 'b\\$.example')]))).code).toBe('EBADRESP');
  });

  it('leaves TXT, CAA and NAPTR alone: they hold no host names', () => {
    const r = reply('_x.example', 'TXT', [rr('_x.example', 'TXT', [Buffer.from('a;b c')])]);
    expect(txtFromReply(r, { checkNames: 'bind' })).toEqual([['a;b c']]);
  });
});

describe('node shapes for every type', () => {
  it('CNAME: the target of the question name\'s own CNAME, not the chain\'s end', () => {
    const r = reply('chain2.example', 'CNAME', [rr('chain2.example', 'CNAME', 'Hop1.example'), rr('hop1.example', 'CNAME', 'both.example')]);
    expect(cnameFromReply(r)).toEqual(['Hop1.example']);
    expect(thrown(() => cnameFromReply(reply('both.example', 'CNAME', [rr('both.example', 'A', '192.0.2.1')]))).code).toBe('ENODATA');
    expect(cnameFromReply(reply('r.example', 'CNAME', [rr('r.example', 'CNAME', '.')]), { checkNames: false })).toEqual(['']);
  });

  it('MX: { exchange, priority }, the null MX "." as "", also behind a CNAME', () => {
    const r = reply('alias.example', 'MX', [
      rr('alias.example', 'CNAME', 'mail.example'),
      rr('mail.example', 'MX', { preference: 10, exchange: 'mx1.example' }),
      rr('mail.example', 'MX', { preference: 0, exchange: '.' }),
    ]);
    expect(mxFromReply(r)).toEqual([
      { exchange: 'mx1.example', priority: 10 },
      { exchange: '', priority: 0 },
    ]);
  });

  it('NS and PTR: names, with the root as ""', () => {
    expect(nsFromReply(reply('z.example', 'NS', [rr('z.example', 'NS', 'ns1.example'), rr('z.example', 'NS', 'NS2.example')]))).toEqual([
      'ns1.example',
      'NS2.example',
    ]);
    expect(ptrFromReply(reply('p.example', 'PTR', [rr('p.example', 'PTR', '.')]))).toEqual(['']);
  });

  it('writes names as c-ares does: a space plain, every other escape kept', () => {
    const r = reply('p.example', 'PTR', [rr('p.example', 'PTR', 'a\\032b.c\\.d.e\\\\032f.\\195\\169\\000.x')]);
    expect(ptrFromReply(r, { checkNames: false })).toEqual(['a b.c\\.d.e\\\\032f.\\195\\169\\000.x']);
  });

  it('SOA: one object with node\'s field names; the first SOA only', () => {
    const r = reply('z.example', 'SOA', [rr('z.example', 'SOA', SOA_DATA), rr('z.example', 'SOA', { ...SOA_DATA, serial: 8 })]);
    expect(soaFromReply(r)).toEqual({
      nsname: 'ns1.example',
      hostmaster: 'hostmaster.example',
      serial: 7,
      refresh: 3600,
      retry: 900,
      expire: 604800,
      minttl: 300,
    });
  });

  it('SRV: { name, port, priority, weight }, the "no service" target "." as ""', () => {
    const r = reply('_http._tcp.example', 'SRV', [
      rr('_http._tcp.example', 'SRV', { priority: 10, weight: 60, port: 80, target: 'www.example' }),
      rr('_http._tcp.example', 'SRV', { priority: 0, weight: 0, port: 0, target: '.' }),
    ]);
    expect(srvFromReply(r)).toEqual([
      { name: 'www.example', port: 80, priority: 10, weight: 60 },
      { name: '', port: 0, priority: 0, weight: 0 },
    ]);
  });

  it('TXT: one array per record, strings read as Latin-1, NUL and empty strings kept', () => {
    const r = reply('t.example', 'TXT', [
      rr('t.example', 'TXT', [Buffer.from('first'), Buffer.from('second')]),
      rr('t.example', 'TXT', [Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9]), Buffer.from('nul\0byte'), Buffer.alloc(0)]),
    ]);
    expect(txtFromReply(r)).toEqual([
      ['first', 'second'],
      ['caf\u00c3\u00a9', 'nul\u0000byte', ''],
    ]);
  });

  it('CAA: { critical: flags, <tag>: value }, value read as Latin-1; a tag named "critical" wins', () => {
    const r = reply('caa.example', 'CAA', [
      rr('caa.example', 'CAA', { flags: 0, tag: 'issue', value: 'ca.example', issuerCritical: false }),
      rr('caa.example', 'CAA', { flags: 128, tag: 'iodef', value: 'mailto:x@example', issuerCritical: true }),
      // The codec gives CAA values one character per octet: here the UTF-8 octets of "café".
      rr('caa.example', 'CAA', { flags: 0, tag: 'tbs', value: 'caf\u00c3\u00a9', issuerCritical: false }),
      rr('caa.example', 'CAA', { flags: 0, tag: 'critical', value: 'v', issuerCritical: false }),
    ]);
    expect(caaFromReply(r)).toEqual([
      { critical: 0, issue: 'ca.example' },
      { critical: 128, iodef: 'mailto:x@example' },
      { critical: 0, tbs: 'caf\u00c3\u00a9' },
      { critical: 'v' },
    ]);
  });

  it('NAPTR: { flags, service, regexp, replacement, order, preference }', () => {
    const r = reply('naptr.example', 'NAPTR', [
      rr('naptr.example', 'NAPTR', { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example' }),
      rr('naptr.example', 'NAPTR', { order: 102, preference: 10, flags: 'U', services: 'E2U+sip', regexp: '!^.*$!sip:info@example!', replacement: '.' }),
    ]);
    expect(naptrFromReply(r)).toEqual([
      { flags: 'S', service: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example', order: 100, preference: 10 },
      { flags: 'U', service: 'E2U+sip', regexp: '!^.*$!sip:info@example!', replacement: '', order: 102, preference: 10 },
    ]);
  });

  it('is ENODATA with node\'s syscall when nothing of the type answers', () => {
    const empty = reply('x.example', 'MX', [rr('other.example', 'MX', { preference: 1, exchange: 'a.example' })]);
    for (const [fn, syscall] of [
      [mxFromReply, 'queryMx'],
      [nsFromReply, 'queryNs'],
      [ptrFromReply, 'queryPtr'],
      [soaFromReply, 'querySoa'],
      [srvFromReply, 'querySrv'],
      [txtFromReply, 'queryTxt'],
      [caaFromReply, 'queryCaa'],
      [naptrFromReply, 'queryNaptr'],
      [cnameFromReply, 'queryCname'],
      [anyFromReply, 'queryAny'],
    ] as const) {
      const e = thrown(() => fn(empty, { hostname: 'X.example' }));
      expect([e.code, e.syscall, e.hostname, e.message]).toEqual(['ENODATA', syscall, 'X.example', `${syscall} ENODATA X.example`]);
    }
  });
});

describe('resolveAny', () => {
  const answers = [
    rr('any.example', 'CAA', { flags: 0, tag: 'issue', value: 'ca.example', issuerCritical: false }),
    rr('any.example', 'SOA', SOA_DATA, 900),
    rr('any.example', 'SOA', { ...SOA_DATA, serial: 99 }, 900),
    rr('any.example', 'NAPTR', { order: 1, preference: 2, flags: 'S', services: 'X', regexp: '', replacement: '.' }),
    rr('any.example', 'PTR', 'p.example'),
    rr('any.example', 'SRV', { priority: 1, weight: 2, port: 3, target: 't.example' }),
    rr('any.example', 'TXT', [Buffer.from('hello')]),
    rr('any.example', 'NS', 'ns1.example'),
    rr('any.example', 'MX', { preference: 10, exchange: 'mx.example' }),
    rr('any.example', 'AAAA', '2001:db8::1', 60),
    rr('any.example', 'A', '192.0.2.1', 30),
    rr('any.example', 'HINFO', { cpu: 'x', os: 'y' }),
    rr('any.example', 'TYPE65280', Buffer.from([10, 0, 0, 1])),
  ];

  it('lists node\'s types in node\'s order with node\'s shapes, one SOA', () => {
    expect(anyFromReply(reply('any.example', 'ANY', answers))).toEqual([
      { address: '192.0.2.1', ttl: 30, type: 'A' },
      { address: '2001:db8::1', ttl: 60, type: 'AAAA' },
      { exchange: 'mx.example', priority: 10, type: 'MX' },
      { value: 'ns1.example', type: 'NS' },
      { entries: ['hello'], type: 'TXT' },
      { name: 't.example', port: 3, priority: 1, weight: 2, type: 'SRV' },
      { value: 'p.example', type: 'PTR' },
      { flags: 'S', service: 'X', regexp: '', replacement: '', order: 1, preference: 2, type: 'NAPTR' },
      { ...{ nsname: 'ns1.example', hostmaster: 'hostmaster.example', serial: 7, refresh: 3600, retry: 900, expire: 604800, minttl: 300 }, type: 'SOA' },
      { critical: 0, issue: 'ca.example', type: 'CAA' },
    ]);
  });

  it('gives the CNAME at an alias as { value, type }', () => {
    expect(anyFromReply(reply('alias.example', 'ANY', [rr('alias.example', 'CNAME', 'both.example')]))).toEqual([
      { value: 'both.example', type: 'CNAME' },
    ]);
  });

  it('gives [] for a name with only types node does not show, ENODATA when nothing answers', () => {
    const generic = reply('generic.example', 'ANY', [rr('generic.example', 'TYPE65280', Buffer.from([1]))]);
    expect(anyFromReply(generic)).toEqual([]);
    expect(thrown(() => anyFromReply(reply('x.example', 'ANY', [rr('y.example', 'A', '192.0.2.1')]))).code).toBe('ENODATA');
  });

  it('drops what fails check-names, EBADRESP when that was everything', () => {
    const r = reply('any.example', 'ANY', [rr('any.example', 'NS', 'bad\\;ns.example'), rr('any.example', 'TXT', [Buffer.from('ok')])]);
    expect(anyFromReply(r)).toEqual([{ entries: ['ok'], type: 'TXT' }]);
    expect(thrown(() => anyFromReply(reply('any.example', 'ANY', [rr('any.example', 'NS', 'bad\\;ns.example')]))).code).toBe('EBADRESP');
  });
});

describe('dispatch and errors', () => {
  it('knows node\'s rrtypes, spelled as node spells them', () => {
    expect(NODE_RRTYPES.every((t) => isNodeRrtype(t))).toBe(true);
    for (const t of ['a', 'Mx', 'TLSA', 'DS', 'toString', '__proto__', undefined, 1]) expect(isNodeRrtype(t)).toBe(false);
    const e = unknownRrtype('BOGUS');
    expect([e.name, e.code, e.message, e instanceof TypeError]).toEqual([
      'ArgumentError',
      'ERR_INVALID_ARG_VALUE',
      "The argument 'rrtype' is invalid. Received 'BOGUS'",
      true,
    ]);
  });

  it('dispatches resolve(name, rrtype) to the method for the type', () => {
    const r = reply('mail.example', 'MX', [rr('mail.example', 'MX', { preference: 5, exchange: 'mx.example' })]);
    expect(nodeResult('MX', r)).toEqual([{ exchange: 'mx.example', priority: 5 }]);
    const a = reply('h.example', 'A', [rr('h.example', 'A', '192.0.2.1', 9)]);
    expect(nodeResult('A', a)).toEqual(['192.0.2.1']);
    expect(nodeResult('A', a, { ttl: true })).toEqual([{ address: '192.0.2.1', ttl: 9 }]);
    expect(Object.keys(NODE_SYSCALLS).sort()).toEqual([...NODE_RRTYPES].sort());
  });

  it('re-labels query errors as node does: same code, node\'s syscall, the caller\'s hostname', () => {
    const original = new DnsError('ENOTFOUND', { hostname: 'xn--caf-dma.example', type: 'A', syscall: 'query', servers: ['127.0.0.1:53'] });
    const e = nodeError(original, 'queryA', 'café.example') as DnsError;
    expect([e.code, e.syscall, e.hostname, e.type, e.servers, e.message]).toEqual([
      'ENOTFOUND',
      'queryA',
      'café.example',
      'A',
      ['127.0.0.1:53'],
      'queryA ENOTFOUND café.example',
    ]);
    const empty = nodeError(new DnsError('ENODATA', { syscall: 'query' }), 'queryA', '', ['127.0.0.1:5300']) as DnsError;
    expect([empty.hostname, empty.message, empty.servers]).toEqual([undefined, 'queryA ENODATA', ['127.0.0.1:5300']]);
    const other = new RangeError('not a DNS error');
    expect(nodeError(other, 'queryA', 'x')).toBe(other);
  });

  it('makes every "no name" outcome of reverse ENOTFOUND, keeps the others', () => {
    const nodata = nodeError(new DnsError('ENODATA', { syscall: 'query' }), 'getHostByAddr', '192.0.2.99') as DnsError;
    expect([nodata.code, nodata.syscall, nodata.message]).toEqual(['ENOTFOUND', 'getHostByAddr', 'getHostByAddr ENOTFOUND 192.0.2.99']);
    expect((nodeError(new DnsError('ESERVFAIL', {}), 'getHostByAddr', '192.0.2.1') as DnsError).code).toBe('ESERVFAIL');
    const cnameOnly = reply('1.2.0.192.in-addr.arpa', 'PTR', [rr('1.2.0.192.in-addr.arpa', 'CNAME', '1.0-24.2.0.192.in-addr.arpa')]);
    const e = thrown(() => reverseFromReply(cnameOnly, { hostname: '192.0.2.1' }));
    expect([e.code, e.syscall, e.hostname]).toEqual(['ENOTFOUND', 'getHostByAddr', '192.0.2.1']);
  });
});

describe('question names', () => {
  it('sends an internationalised name in its ASCII form, an ASCII name as it is', () => {
    expect(nodeQueryName('café.example', 'queryA')).toBe('xn--caf-dma.example');
    expect(nodeQueryName('Café.Example', 'queryA')).toBe('xn--caf-dma.example');
    expect(nodeQueryName('MiXeD.example', 'queryA')).toBe('MiXeD.example');
    expect(nodeQueryName('', 'queryA')).toBe(''); // the root, as query('') asks it
    for (const ok of ['.', 'a.example.', '_sip._udp.example', '*.wild.example', '0/25.2.0.192.in-addr.arpa', 'a\\.b.example', '\\065.example', 'x'.repeat(63)]) {
      expect(nodeQueryName(ok, 'queryA')).toBe(ok);
    }
  });

  it('refuses what c-ares refuses, with EBADNAME and the syscall', () => {
    const bad = ['a b.example', 'a!b.example', 'a..b', '..', '.a', 'a.example..', 'x'.repeat(64), 'a\\032b', 'a\\', 'a\\12', 'a\\256', 'a"b', 'a@b', 'é/x.example', 'a\u200db.example'];
    bad.push(Array.from({ length: 128 }, () => 'ab').join('.'));
    // Labels in punycode's form that are not valid punycode: node's toASCII gives '' for them
    // (and node then asks for the root); valid ones pass as written.
    bad.push('xn--zz.example', 'xn--', 'a.XN--ZZ.example');
    expect(nodeQueryName('XN--CAF-DMA.example', 'queryA')).toBe('XN--CAF-DMA.example');
    expect(nodeQueryName('axn--zz.example', 'queryA')).toBe('axn--zz.example');
    for (const name of bad) {
      const e = thrown(() => nodeQueryName(name, 'queryTxt', 'TXT'));
      expect([e.code, e.syscall, e.hostname, e.type]).toEqual(['EBADNAME', 'queryTxt', name, 'TXT']);
    }
  });

  it('turns an address into its PTR name as inet_pton reads it, or node\'s EINVAL', () => {
    expect(reverseQueryName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reverseQueryName('2001:db8::10')).toBe(`0.1.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`);
    expect(reverseQueryName('fe80::1%eth0')).toBe(`1.${'0.'.repeat(28)}8.e.f.ip6.arpa`);
    // An IPv4-compatible address is not an IPv4-mapped one.
    expect(reverseQueryName('::1.2.3.4')).toBe(`4.0.3.0.2.0.1.0.${'0.'.repeat(24)}ip6.arpa`);
    expect(reverseQueryName('::ffff:1.2.3.4')).toBe(`4.0.3.0.2.0.1.0.f.f.f.f.${'0.'.repeat(20)}ip6.arpa`);
    for (const bad of ['notanip', '192.0.2.010', '1.2.3', '', '%eth0', '1::2::3', '192.0.2.1 ']) {
      const e = thrown(() => reverseQueryName(bad));
      expect([e.code, e.syscall, e.hostname]).toEqual(['EINVAL', 'getHostByAddr', bad === '' ? undefined : bad]);
    }
    expect(thrown(() => reverseQueryName('notanip')).message).toBe('getHostByAddr EINVAL notanip');
  });
});

describe('cacheStats through the node methods', () => {
  it('counts one miss per uncached resolve4 and one hit per cached one', async () => {
    const { Resolver } = await import('../../src/index.js');
    const { createConfig } = await import('../../src/env/config.js');
    const { ScriptedTransport, reply: scripted, answer } = await import('../support/scripted-transport.js');
    const r = new Resolver({ config: createConfig({ resolvConf: 'nameserver 127.0.0.1\n' }), transport: new ScriptedTransport(({ query }) => scripted(query, { aa: true, answers: [answer(query, '192.0.2.1')] })) });
    await r.resolve4('count.test');
    await r.resolve4('count.test');
    expect(r.cacheStats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });
});
