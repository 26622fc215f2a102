import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import { nameToWire } from '../../src/packet/names.js';
import type { MessageInput, ResourceRecord } from '../../src/packet/types.js';

const hex = (s: string) => s.replace(/\s+/g, '');
const name = (n: string) => nameToWire(n).toString('hex');

const rr = (r: Partial<ResourceRecord> & Pick<ResourceRecord, 'name' | 'type'>): ResourceRecord => ({
  class: 'IN',
  ttl: 0,
  data: null,
  ...r,
});

/** Encodes, decodes, and checks the message came back field for field. */
function roundTrip(input: MessageInput & { id: number }) {
  const wire = encodeMessage(input);
  const back = decodeMessage(wire);
  expect(encodeMessage(back)).toEqual(wire);
  return { wire, back };
}

describe('header', () => {
  it('exposes opcode and rcode by name and every flag as a boolean', () => {
    const { back } = roundTrip({
      id: 0xbeef,
      opcode: 'NOTIFY',
      rcode: 'REFUSED',
      flags: { qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true },
    });
    expect(back.id).toBe(0xbeef);
    expect(back.opcode).toBe('NOTIFY');
    expect(back.rcode).toBe('REFUSED');
    expect(back.flags).toEqual({ qr: true, aa: true, tc: true, rd: true, ra: true, z: false, ad: true, cd: true });
  });

  it('merges the EDNS extended rcode into rcode (BADVERS is 16, not NOERROR)', () => {
    const wire = encodeMessage({ id: 1, rcode: 'BADVERS', flags: { qr: true }, edns: {} });
    // header rcode nibble is 0, OPT TTL's first octet carries 1
    expect(wire.readUInt16BE(2) & 0xf).toBe(0);
    expect(decodeMessage(wire).rcode).toBe('BADVERS');
    expect(() => encodeMessage({ id: 1, rcode: 'BADVERS' })).toThrow(/needs an OPT record/);
  });

  it('decodes unnamed opcodes and rcodes as OPCODEn / RCODEn and encodes them back', () => {
    const wire = Buffer.from(hex('0001 7800 0000 0000 0000 0000'), 'hex'); // opcode 15, rcode 0
    expect(decodeMessage(wire).opcode).toBe('OPCODE15');
    expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
    const r12 = Buffer.from(hex('0001 800c 0000 0000 0000 0000'), 'hex');
    expect(decodeMessage(r12).rcode).toBe('RCODE12');
    expect(encodeMessage(decodeMessage(r12))).toEqual(r12);
  });

  it('draws a random id when none is given', () => {
    const ids = new Set(Array.from({ length: 64 }, () => encodeMessage({}).readUInt16BE(0)));
    expect(ids.size).toBeGreaterThan(50);
  });
});

describe('EDNS', () => {
  it('puts the OPT record in `edns`, not in additionals, with payload size and DO', () => {
    const { back, wire } = roundTrip({
      id: 2,
      questions: [{ name: 'example.test', type: 'DNSKEY', class: 'IN' }],
      edns: { udpPayloadSize: 1232, do: true, options: [{ code: 10, data: Buffer.from('0123456789abcdef', 'hex') }] },
    });
    expect(back.additionals).toEqual([]);
    expect(back.edns).toMatchObject({ udpPayloadSize: 1232, version: 0, do: true, flags: 0 });
    expect(back.edns!.options[0]).toMatchObject({ code: 10 });
    expect(wire.readUInt16BE(10)).toBe(1);
  });

  it('refuses an OPT record given as an ordinary record', () => {
    expect(() => encodeMessage({ id: 1, additionals: [rr({ name: '.', type: 'OPT' })] })).toThrow(/edns/);
  });
});

describe('records', () => {
  const records: ResourceRecord[] = [
    rr({ name: 'a.test', type: 'A', ttl: 300, data: '192.0.2.1' }),
    rr({ name: 'a.test', type: 'AAAA', ttl: 300, data: '2001:db8::1' }),
    rr({ name: 'c.test', type: 'CNAME', ttl: 60, data: 'a.test' }),
    rr({ name: 'test', type: 'NS', ttl: 60, data: 'ns1.test' }),
    rr({ name: '1.2.0.192.in-addr.arpa', type: 'PTR', ttl: 60, data: 'a.test' }),
    rr({ name: 'test', type: 'MX', ttl: 60, data: { preference: 10, exchange: 'mail.test' } }),
    rr({ name: 'test', type: 'TXT', ttl: 60, data: [Buffer.from('v=spf1 -all'), Buffer.from('two')] }),
    rr({ name: '_sip._udp.test', type: 'SRV', ttl: 60, data: { priority: 1, weight: 2, port: 5060, target: 'sip.test' } }),
    rr({
      name: 'test',
      type: 'SOA',
      ttl: 60,
      data: { mname: 'ns1.test', rname: 'host\\.master.test', serial: 2026112101, refresh: 3600, retry: 600, expire: 86400, minimum: 300 },
    }),
    rr({ name: 'test', type: 'CAA', ttl: 60, data: { flags: 0, tag: 'issue', value: 'ca.test', issuerCritical: false } }),
    rr({
      name: 'test',
      type: 'NAPTR',
      ttl: 60,
      data: { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.test' },
    }),
    rr({ name: 'x.test', type: 'TYPE65280', ttl: 1, data: Buffer.from('cafe', 'hex') }),
    rr({ name: 'x.test', type: 'A', class: 'CH', ttl: 1, data: '10.0.0.1' }),
    rr({ name: 'x.test', type: 'A', class: 'CLASS4242', ttl: 1, data: '10.0.0.1' }),
  ];

  it('reads A RDATA as the dotted quad ipaddr.js writes, every octet value in every place', () => {
    for (let v = 0; v < 256; v++) {
      const octets = [v, 255 - v, (v * 7) & 255, (v * 13) & 255];
      const wire = encodeMessage({ id: 1, answers: [rr({ name: 'a.test', type: 'A', ttl: 1, data: '0.0.0.0' })] });
      wire.set(octets, wire.length - 4);
      expect(decodeMessage(wire).answers[0]!.data).toBe(ipaddr.fromByteArray(octets).toString());
    }
  });

  it('round-trip every common type exactly, classes included', () => {
    const { back } = roundTrip({ id: 3, flags: { qr: true, aa: true }, answers: records });
    expect(back.answers).toEqual(records);
  });

  it('keeps the SOA RNAME escape of a dot inside the mailbox label', () => {
    const { back } = roundTrip({ id: 3, answers: [records[8]!] });
    expect(back.answers[0]!.data.rname).toBe('host\\.master.test');
  });

  it('treats a TTL with the top bit set as zero (RFC 2181 section 8)', () => {
    const wire = encodeMessage({ id: 4, answers: [rr({ name: 'a.test', type: 'A', ttl: 5, data: '192.0.2.1' })] });
    wire.writeUInt32BE(0x80000005, wire.length - 10);
    expect(decodeMessage(wire).answers[0]!.ttl).toBe(0);
  });

  it.each<[string, ResourceRecord, RegExp]>([
    ['an A record without a dotted quad', rr({ name: 'a', type: 'A', data: '192.0.2' }), /dotted-quad/],
    ['an A record with a hostname', rr({ name: 'a', type: 'A', data: 'example.com' }), /dotted-quad/],
    ['an AAAA record without an IPv6 address', rr({ name: 'a', type: 'AAAA', data: '192.0.2.1' }), /IPv6/],
    ['an MX record without a preference', rr({ name: 'a', type: 'MX', data: { exchange: 'b' } }), /preference/],
    ['an SRV port out of range', rr({ name: 'a', type: 'SRV', data: { priority: 0, weight: 0, port: 70000, target: 'b' } }), /port/],
    ['a negative TTL', rr({ name: 'a', type: 'A', ttl: -1, data: '192.0.2.1' }), /TTL/],
    ['a TTL over 2^31-1', rr({ name: 'a', type: 'A', ttl: 2 ** 31, data: '192.0.2.1' }), /TTL/],
    ['an unknown type', rr({ name: 'a', type: 'BOGUS', data: null }), /unknown record type/],
    ['an unknown class', rr({ name: 'a', type: 'A', class: 'XX', data: '192.0.2.1' }), /unknown class/],
    ['a bad name inside RDATA', rr({ name: 'a', type: 'CNAME', data: 'b..c' }), /empty label/],
    ['a CNAME without data shape', rr({ name: 'a', type: 'CNAME', data: 42 }), /must be a string/],
  ])('refuse to encode %s', (_what, record, reason) => {
    expect(() => encodeMessage({ id: 1, answers: [record] })).toThrow(PacketError);
    expect(() => encodeMessage({ id: 1, answers: [record] })).toThrow(reason);
    // A record that cannot be written is not a message that does not fit.
    expect(() => encodeMessage({ id: 1, answers: [record] })).toThrow(expect.objectContaining({ tooLong: false }));
  });

  it('refuses a message over 65535 octets, with tooLong set', () => {
    const big = Array.from({ length: 300 }, () => rr({ name: 'a', type: 'TXT', data: [Buffer.alloc(255, 0x61)] }));
    expect(() => encodeMessage({ id: 1, answers: big })).toThrow(/longer than 65535/);
    expect(() => encodeMessage({ id: 1, answers: big })).toThrow(expect.objectContaining({ name: 'PacketError', tooLong: true }));
  });
});

describe('RFC 2136 update forms (golden wire)', () => {
  // Owner names relative to the zone, fully written out (this encoder does not compress).
  const zone = 'dyn.resolvkit.test';
  const own = (label: string) => name(`${label}.${zone}`);
  const rrHead = (label: string, type: string, klass: string, ttl = '00000000') => own(label) + type + klass + ttl;

  const cases: Array<[string, ResourceRecord, string]> = [
    ['name is in use: ANY ANY, no RDATA', rr({ name: `a.${zone}`, type: 'ANY', class: 'ANY' }), rrHead('a', '00ff', '00ff') + '0000'],
    ['name is not in use: NONE ANY', rr({ name: `b.${zone}`, type: 'ANY', class: 'NONE' }), rrHead('b', '00ff', '00fe') + '0000'],
    ['RRset exists (value independent): ANY A', rr({ name: `c.${zone}`, type: 'A', class: 'ANY' }), rrHead('c', '0001', '00ff') + '0000'],
    [
      'RRset exists (value dependent): IN A with RDATA',
      rr({ name: `d.${zone}`, type: 'A', class: 'IN', data: '192.0.2.1' }),
      rrHead('d', '0001', '0001') + '0004c0000201',
    ],
    ['RRset does not exist: NONE AAAA', rr({ name: `e.${zone}`, type: 'AAAA', class: 'NONE' }), rrHead('e', '001c', '00fe') + '0000'],
    [
      'add to an RRset: IN A, TTL 300',
      rr({ name: `f.${zone}`, type: 'A', class: 'IN', ttl: 300, data: '192.0.2.2' }),
      rrHead('f', '0001', '0001', '0000012c') + '0004c0000202',
    ],
    ['delete an RRset: ANY A, TTL 0, no RDATA', rr({ name: `g.${zone}`, type: 'A', class: 'ANY' }), rrHead('g', '0001', '00ff') + '0000'],
    ['delete all RRsets from a name: ANY ANY', rr({ name: `h.${zone}`, type: 'ANY', class: 'ANY' }), rrHead('h', '00ff', '00ff') + '0000'],
    [
      'delete an RR from an RRset: NONE A with RDATA',
      rr({ name: `i.${zone}`, type: 'A', class: 'NONE', data: '192.0.2.3' }),
      rrHead('i', '0001', '00fe') + '0004c0000203',
    ],
  ];

  it.each(cases)('%s', (_what, record, expected) => {
    const wire = encodeMessage({ id: 0x1234, opcode: 'UPDATE', answers: [record] });
    const header = hex('1234 2800 0000 0001 0000 0000');
    expect(wire.toString('hex')).toBe(header + expected);
    expect(decodeMessage(wire).answers[0]).toEqual(record);
  });

  it('encodes the zone section as a question of type SOA', () => {
    const wire = encodeMessage({ id: 0x1234, opcode: 'UPDATE', questions: [{ name: zone, type: 'SOA', class: 'IN' }] });
    expect(wire.toString('hex')).toBe(hex('1234 2800 0001 0000 0000 0000') + name(zone) + '00060001');
  });

  it('decodes the same update as dnspython builds it (compressed names)', () => {
    // dnspython 2.3: UpdateMessage('dyn.resolvkit.test', id=0x1234) with present('a'), absent('b'),
    // present('c','A'), present('d','A','192.0.2.1'), absent('e','AAAA'), add('f',300,'A','192.0.2.2'),
    // delete('g','A'), delete('h'), delete('i','A','192.0.2.3'); .to_wire().hex()
    const fromDnspython = Buffer.from(
      '1234280000010005000400000364796e097265736f6c766b6974047465737400000600010161c00c00ff00ff0000000000000162c00c00ff00fe0000000000000163c00c000100ff0000000000000164c00c00010001000000000004c00002010165c00c001c00fe0000000000000166c00c000100010000012c0004c00002020167c00c000100ff0000000000000168c00c00ff00ff0000000000000169c00c000100fe000000000004c0000203',
      'hex',
    );
    const m = decodeMessage(fromDnspython);
    expect(m.opcode).toBe('UPDATE');
    expect(m.questions).toEqual([{ name: zone, type: 'SOA', class: 'IN' }]);
    expect([...m.answers, ...m.authorities]).toEqual(cases.map(([, record]) => record));
  });
});

describe('TSIG records (RFC 8945)', () => {
  const tsig = rr({
    name: 'key-sha256',
    type: 'TSIG',
    class: 'ANY',
    data: {
      algorithm: 'hmac-sha256',
      timeSigned: 0x0000691fb2c0,
      fudge: 300,
      mac: Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex'),
      originalId: 0x1234,
      error: 'NOERROR',
      other: Buffer.alloc(0),
    },
  });

  it('encodes the TSIG RDATA field by field (golden)', () => {
    const wire = encodeMessage({ id: 0x1234, opcode: 'UPDATE', additionals: [tsig] });
    const rdata =
      name('hmac-sha256') + '0000691fb2c0' + '012c' + '0020' + tsig.data.mac.toString('hex') + '1234' + '0000' + '0000';
    const expected =
      hex('1234 2800 0000 0000 0000 0001') + name('key-sha256') + '00fa' + '00ff' + '00000000' +
      (rdata.length / 2).toString(16).padStart(4, '0') + rdata;
    expect(wire.toString('hex')).toBe(expected);
    expect(decodeMessage(wire).additionals[0]).toEqual(tsig);
  });

  it('reads a TSIG error field of 16 as BADSIG and encodes BADTIME with other data', () => {
    const badsig = { ...tsig, data: { ...tsig.data, error: 'BADSIG' } };
    expect(decodeMessage(encodeMessage({ id: 1, additionals: [badsig] })).additionals[0]!.data.error).toBe('BADSIG');
    const badtime = { ...tsig, data: { ...tsig.data, error: 'BADTIME', other: Buffer.from('0000691fb2c0', 'hex') } };
    expect(decodeMessage(encodeMessage({ id: 1, additionals: [badtime] })).additionals[0]).toEqual(badtime);
  });

  it('requires the TSIG record to be the last record', () => {
    const a = rr({ name: 'a', type: 'A', data: '192.0.2.1' });
    expect(() => encodeMessage({ id: 1, additionals: [tsig, a] })).toThrow(/last/);
    const wire = encodeMessage({ id: 1, additionals: [tsig] });
    // Move it to the answer section by swapping the counts.
    wire.writeUInt16BE(1, 6);
    wire.writeUInt16BE(0, 10);
    expect(() => decodeMessage(wire)).toThrow(/TSIG record is not the last/);
  });
});

const dnspython = '/usr/bin/python3';
const haveDnspython =
  existsSync(dnspython) &&
  (() => {
    try {
      execFileSync(dnspython, ['-c', 'import dns.message'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

describe('cross-check with dnspython', () => {
  it('dnspython reads what encodeMessage writes, to the same text', () => {
    if (!haveDnspython) {
      // The CI installs python3-dnspython; elsewhere say what is missing rather than pass quietly.
      expect.fail(`dnspython is needed for this cross-check: apt-get install python3-dnspython`);
    }
    const wire = encodeMessage({
      id: 0x4242,
      opcode: 'UPDATE',
      questions: [{ name: 'dyn.resolvkit.test', type: 'SOA', class: 'IN' }],
      answers: [
        rr({ name: 'a.dyn.resolvkit.test', type: 'ANY', class: 'ANY' }),
        rr({ name: 'e.dyn.resolvkit.test', type: 'AAAA', class: 'NONE' }),
      ],
      authorities: [
        rr({ name: 'f.dyn.resolvkit.test', type: 'A', ttl: 300, data: '192.0.2.2' }),
        rr({ name: 'f.dyn.resolvkit.test', type: 'TXT', ttl: 300, data: [Buffer.from('hello "world"')] }),
        rr({ name: 'i.dyn.resolvkit.test', type: 'A', class: 'NONE', data: '192.0.2.3' }),
        rr({ name: 'g.dyn.resolvkit.test', type: 'A', class: 'ANY' }),
      ],
    });
    const text = execFileSync(
      dnspython,
      ['-c', 'import sys, dns.message; print(dns.message.from_wire(bytes.fromhex(sys.argv[1])).to_text())', wire.toString('hex')],
      { encoding: 'utf8' },
    );
    expect(text.trim().split('\n')).toEqual([
      'id 16962',
      'opcode UPDATE',
      'rcode NOERROR',
      'flags ',
      ';ZONE',
      'dyn.resolvkit.test. IN SOA',
      ';PREREQ',
      'a.dyn.resolvkit.test. ANY ANY',
      'e.dyn.resolvkit.test. NONE AAAA',
      ';UPDATE',
      'f.dyn.resolvkit.test. 300 IN A 192.0.2.2',
      'f.dyn.resolvkit.test. 300 IN TXT "hello \\"world\\""',
      'i.dyn.resolvkit.test. 0 NONE A 192.0.2.3',
      'g.dyn.resolvkit.test. ANY A',
      ';ADDITIONAL',
    ]);
  });
});

describe('AAAA text', () => {
  it('decodes addresses as inet_ntop writes them (mapped and compatible IPv4 tails, longest zero run)', () => {
    const cases: Array<[string, string]> = [
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['::ffff:c000:201', '::ffff:192.0.2.1'],
      ['::1.2.3.4', '::1.2.3.4'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['::', '::'],
      ['1::', '1::'],
    ];
    for (const [given, shown] of cases) {
      const wire = encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'AAAA', ttl: 1, data: given })] });
      expect(decodeMessage(wire).answers[0]!.data, given).toBe(shown);
    }
  });

  it('encodes ::1.2.3.4 as the IPv4-compatible address, not the mapped one', () => {
    const wire = encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'AAAA', ttl: 1, data: '::1.2.3.4' })] });
    expect(wire.subarray(wire.length - 16).toString('hex')).toBe('00000000000000000000000001020304');
  });

  it('refuses what inet_pton refuses: long groups, zone ids, loose IPv4 tails', () => {
    for (const bad of ['1:2:3:4:5:6:7:00008', 'fe80::1%eth0', '::ffff:1.2.3', '::ffff:01.2.3.4', '1:2']) {
      expect(() => encodeMessage({ id: 1, answers: [rr({ name: 'a', type: 'AAAA', data: bad })] }), bad).toThrow(/AAAA/);
    }
  });
});
