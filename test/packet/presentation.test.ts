/**
 * Presentation format, held to what BIND's dig 9.18 and nsupdate print for the same records.
 *
 * Every expected string here was printed by dig or nsupdate (BIND 9.18.49), not written by
 * hand: the whole-message cases pair a reply's wire bytes, captured from a loopback named
 * serving a DNSSEC-signed zone (RSA/NSEC and ECDSA/NSEC3) or from a hand-made loopback
 * responder, with dig's output for the same query (its id replaced by the reply's, 0x1234).
 * The record cases are dig's lines for records of the same content.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';
import {
  absoluteName,
  formatEdns,
  formatMessage,
  formatQuestion,
  formatRdata,
  formatRecord,
  quoteString,
} from '../../src/packet/presentation.js';
import type { Message, ResourceRecord } from '../../src/packet/types.js';

/** A record as decodeMessage gives it: through the real encoder and decoder, so the data shapes are the real ones. */
function decoded(rr: ResourceRecord): ResourceRecord {
  const wire = encodeMessage({ id: 1, flags: { qr: true }, answers: [rr] });
  const answer = decodeMessage(wire).answers[0];
  if (answer === undefined) throw new Error('record lost in the round trip');
  return answer;
}

const rr = (name: string, type: string, data: unknown, ttl = 3600, klass = 'IN'): ResourceRecord => ({ name, type, class: klass, ttl, data });

/** Replies captured from loopback servers, and dig's text for them (from the header to before ";; Query time"). */
const CAPTURED: Array<{ query: string; wire: string; dig: string }> = [
  {
    query: "nope.pres.test A +dnssec",
    wire: [
      "123484030001000000060001046e6f7065047072657304746573740000010001c011000600010000012c0028036e7331",
      "c0110b686f73742e6d6173746572c01178a3f17500000e100000038400093a800000012cc011002e00010000012c009d",
      "0006080200000e106ce2555e6b0121de37800470726573047465737400e8032130ef14392b19d2db3efa6d163b5c9221",
      "5691d017d346cdd4c664c4454b770f03a3948d5ec6c0121d74ca7330cffa6a905fbfb44e4c7c5530875b8d7af082c215",
      "f99cbccd9602b509bab9879de344eea9182c9faeeeeb4510c2fc75004a0c4522d44ff1996f6e356db2564f1072ce007d",
      "fa01d688af77c8f905a58f6761c072002f00010000012c001601610470726573047465737400000722000000000380c1",
      "0b002e00010000012c009d002f08020000012c6ce2555e6b0121de378004707265730474657374004305de5fbd05498a",
      "0617517a242cee893f24aee66f6648af15b9fcb7eaffa76338fcecb89bd55cb7f7f16cdbebe59b1749fdb3d064082d51",
      "075c0c895074acfce56def24435cfd21df41d08963a548f908cade0ec9be8f480e681d6d5b86860844a2dde8a7e54786",
      "9ac2cef0dc01f875b3a387bba87163b4edbfdd1ec1599e14056e61707472c13d002f00010000012c0017036e73310470",
      "7265730474657374000006000000001003c1c8002e00010000012c009d002f08030000012c6ce2555e6b0121de378004",
      "7072657304746573740058ba1df662b2fc53c1bcab1f01650cb86e43575532f637894eed22f6fe37f5a17b2719493d0b",
      "23f7501b23df8da0079924dd41805f01e4ffdb8e18ffa8fd10dce3be087441bc4d2055cb467fb0daa5ac90c0552d3195",
      "00779a266feca81982ef020869053a28cbaaaf68561ade7f9fb4de35b2c32223e8b3f39695280c1cd7b000002904d000",
      "0080000009000300056e73312278",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4660",
      ";; flags: qr aa; QUERY: 1, ANSWER: 0, AUTHORITY: 6, ADDITIONAL: 1",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags: do; udp: 1232",
      "; NSID: 6e 73 31 22 78 (\"ns1\"x\")",
      ";; QUESTION SECTION:",
      ";nope.pres.test.\t\t\tIN\tA",
      "",
      ";; AUTHORITY SECTION:",
      "pres.test.\t\t300\tIN\tSOA\tns1.pres.test. host\\.master.pres.test. 2024010101 3600 900 604800 300",
      "pres.test.\t\t300\tIN\tRRSIG\tSOA 8 2 3600 20271121044518 20261121044518 14208 pres.test. 6AMhMO8UOSsZ0ts++m0WO1ySIVaR0BfTRs3UxmTERUt3DwOjlI1exsAS HXTKczDP+mqQX7+0Tkx8VTCHW4168ILCFfmcvM2WArUJurmHneNE7qkY LJ+u7utFEML8dQBKDEUi1E/xmW9uNW2yVk8Qcs4AffoB1oivd8j5BaWP Z2E=",
      "pres.test.\t\t300\tIN\tNSEC\ta.pres.test. NS SOA RRSIG NSEC DNSKEY",
      "pres.test.\t\t300\tIN\tRRSIG\tNSEC 8 2 300 20271121044518 20261121044518 14208 pres.test. QwXeX70FSYoGF1F6JCzuiT8kruZvZkivFbn8t+r/p2M4/Oy4m9Vct/fx bNvr5ZsXSf2z0GQILVEHXAyJUHSs/OVt7yRDXP0h30HQiWOlSPkIyt4O yb6PSA5oHW1bhoYIRKLd6KflR4aaws7w3AH4dbOjh7uocWO07b/dHsFZ nhQ=",
      "naptr.pres.test.\t300\tIN\tNSEC\tns1.pres.test. NAPTR RRSIG NSEC",
      "naptr.pres.test.\t300\tIN\tRRSIG\tNSEC 8 3 300 20271121044518 20261121044518 14208 pres.test. WLod9mKy/FPBvKsfAWUMuG5DV1Uy9jeJTu0i9v439aF7JxlJPQsj91Ab I9+NoAeZJN1BgF8B5P/bjhj/qP0Q3OO+CHRBvE0gVctGf7DapayQwFUt MZUAd5omb+yoGYLvAghpBTooy6qvaFYa3n+ftN41ssMiI+iz85aVKAwc 17A=",
      "",
      "",
    ].join('\n'),
  },
  {
    query: "nope.n3.test A +dnssec",
    wire: [
      "123484030001000000080001046e6f7065026e3304746573740000010001c011000600010000012c0028036e7331c011",
      "0b686f73742e6d6173746572c01178a3f17500000e100000038400093a800000012cc011002e00010000012c005b0006",
      "0d0200000e106b28aee16b0121e10367026e330474657374001206c85952731342dbc3fef907103f263fa218011d6d7d",
      "20b758b1e441a77dec6184ef6a96b1a1d98ed95b34c85436daf6ea70e41de7e556cf0dfc736f7000f2204a4650414a34",
      "4a36344f464b54364c4a44544c564f3437314551503532353432c070003200010000012c00250100000002abcd14ad15",
      "85e63b76a855a35614ca852ed1ac04fed853000722000000000290c0b9002e00010000012c005b00320d030000012c6b",
      "28aee16b0121e10367026e33047465737400bf05c096b5984d237352f43153d2f8e77461225753372c6372ab1191408d",
      "371eef465a9fd9da3f643f1e077de97fae5fd51d772d52d3613d78417bb64056b39220504b47375142414d3947345656",
      "54364941454450474a38504d34463536475235c129003200010000012c00240100000002abcd14e2e9a3002f3e511b3c",
      "6a0d29ffdd2b1afa0d66e90006400000000002c172002e00010000012c005b00320d030000012c6b28aee16b0121e103",
      "67026e3304746573740025a8311df0b1f9dc526bc76a94054c8b9b8e764ac57970d9c1832745feac48421a9006abbcd5",
      "7443827ba8598f2bf6af475daccbee69dc43db4aa4c141f8ad45204f37363533345042504d503843535344394c555039",
      "364150374d49334645494fc1e1003200010000012c002b0100000002abcd14cd207d2d564c09fff4d2539b984d19b11e",
      "534365000d00000000000200000000000010c22a002e00010000012c005b00320d030000012c6b28aee16b0121e10367",
      "026e33047465737400005e6788450d830dc0b5323dc193cf4b155124f65973cb3588d3ed51f965b29d4481591bf3e9ae",
      "0fd00ae8c11c3f008ea3a5b7a3aec2fff8b0baa2adcea3d25b00002904d0000080000009000300056e73312278",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4660",
      ";; flags: qr aa; QUERY: 1, ANSWER: 0, AUTHORITY: 8, ADDITIONAL: 1",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags: do; udp: 1232",
      "; NSID: 6e 73 31 22 78 (\"ns1\"x\")",
      ";; QUESTION SECTION:",
      ";nope.n3.test.\t\t\tIN\tA",
      "",
      ";; AUTHORITY SECTION:",
      "n3.test.\t\t300\tIN\tSOA\tns1.n3.test. host\\.master.n3.test. 2024010101 3600 900 604800 300",
      "n3.test.\t\t300\tIN\tRRSIG\tSOA 13 2 3600 20261221044521 20261121044521 871 n3.test. EgbIWVJzE0Lbw/75BxA/Jj+iGAEdbX0gt1ix5EGnfexhhO9qlrGh2Y7Z WzTIVDba9upw5B3n5VbPDfxzb3AA8g==",
      "JFPAJ4J64OFKT6LJDTLVO471EQP52542.n3.test. 300 IN NSEC3 1 0 0 ABCD LKAOBPHREQK5B8QM2J58ABMHLG2FTM2J NS SOA RRSIG DNSKEY NSEC3PARAM",
      "JFPAJ4J64OFKT6LJDTLVO471EQP52542.n3.test. 300 IN RRSIG NSEC3 13 3 300 20261221044521 20261121044521 871 n3.test. vwXAlrWYTSNzUvQxU9L453RhIldTNyxjcqsRkUCNNx7vRlqf2do/ZD8e B33pf65f1R13LVLTYT14QXu2QFazkg==",
      "PKG7QBAM9G4VVT6IAEDPGJ8PM4F56GR5.n3.test. 300 IN NSEC3 1 0 0 ABCD SBKQ601F7P8HMF3A1KKVVN9B3BT0QPN9 A RRSIG",
      "PKG7QBAM9G4VVT6IAEDPGJ8PM4F56GR5.n3.test. 300 IN RRSIG NSEC3 13 3 300 20261221044521 20261121044521 871 n3.test. JagxHfCx+dxSa8dqlAVMi5uOdkrFeXDZwYMnRf6sSEIakAarvNV0Q4J7 qFmPK/avR12sy+5p3EPbSqTBQfitRQ==",
      "O76534PBPMP8CSSD9LUP96AP7MI3FEIO.n3.test. 300 IN NSEC3 1 0 0 ABCD PKG7QBAM9G4VVT6IAEDPGJ8PM4F56GR5 RRSIG SPF",
      "O76534PBPMP8CSSD9LUP96AP7MI3FEIO.n3.test. 300 IN RRSIG NSEC3 13 3 300 20261221044521 20261121044521 871 n3.test. AF5niEUNgw3AtTI9wZPPSxVRJPZZc8s1iNPtUfllsp1EgVkb8+muD9AK 6MEcPwCOo6W3o67C//iwuqKtzqPSWw==",
      "",
      "",
    ].join('\n'),
  },
  {
    query: "n3.test DNSKEY +dnssec",
    wire: [
      "123484000001000200000001026e3304746573740000300001c00c0030000100000e1000440100030d9faeb647d06e8a",
      "90b28fae02bdeb090068112e09979ed0bca138c5ba63f1391b0470f19ef42b90e6e10b0f9f9906a1ec41a45d1c5db27b",
      "a6ad7a5e09bf353addc00c002e000100000e10005b00300d0200000e106b28aee16b0121e10367026e33047465737400",
      "08c82258228d004a02e54fd895b16101125133fa1cf7549ee93df643a7fb3cdd2df01a522983b0c10fb2cd240475d0cd",
      "e09b60f435921146485da99a6eded73200002904d0000080000009000300056e73312278",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660",
      ";; flags: qr aa; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags: do; udp: 1232",
      "; NSID: 6e 73 31 22 78 (\"ns1\"x\")",
      ";; QUESTION SECTION:",
      ";n3.test.\t\t\tIN\tDNSKEY",
      "",
      ";; ANSWER SECTION:",
      "n3.test.\t\t3600\tIN\tDNSKEY\t256 3 13 n662R9BuipCyj64CvesJAGgRLgmXntC8oTjFumPxORsEcPGe9CuQ5uEL D5+ZBqHsQaRdHF2ye6atel4JvzU63Q==",
      "n3.test.\t\t3600\tIN\tRRSIG\tDNSKEY 13 2 3600 20261221044521 20261121044521 871 n3.test. CMgiWCKNAEoC5U/YlbFhARJRM/oc91Se6T32Q6f7PN0t8BpSKYOwwQ+y zSQEddDN4Jtg9DWSEUZIXamabt7XMg==",
      "",
      "",
    ].join('\n'),
  },
  {
    query: "txt.pres.test TXT",
    wire: [
      "12348400000100010001000203747874047072657304746573740000100001c00c0010000100000e10004d0873617920",
      "226869220a6261636b5c736c6173680a73656d693b636f6c6f6e05636166c3a9086e756c006279746505746162097800",
      "0464656c7f07706172656e28290a617440646f6c6c617224c0100002000100000e100006036e7331c010c08400010001",
      "00000e1000047f00000100002904d0000000000009000300056e73312278",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660",
      ";; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 2",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags:; udp: 1232",
      "; NSID: 6e 73 31 22 78 (\"ns1\"x\")",
      ";; QUESTION SECTION:",
      ";txt.pres.test.\t\t\tIN\tTXT",
      "",
      ";; ANSWER SECTION:",
      "txt.pres.test.\t\t3600\tIN\tTXT\t\"say \\\"hi\\\"\" \"back\\\\slash\" \"semi;colon\" \"caf\\195\\169\" \"nul\\000byte\" \"tab\\009x\" \"\" \"del\\127\" \"paren()\" \"at@dollar$\"",
      "",
      ";; AUTHORITY SECTION:",
      "pres.test.\t\t3600\tIN\tNS\tns1.pres.test.",
      "",
      ";; ADDITIONAL SECTION:",
      "ns1.pres.test.\t\t3600\tIN\tA\t127.0.0.1",
      "",
      "",
    ].join('\n'),
  },
  {
    query: "x.priv.test A",
    wire: [
      "123480050001000000000001017804707269760474657374000001000100002904d000000000000f000300056e733122",
      "78000f00020012",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 4660",
      ";; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags:; udp: 1232",
      "; NSID: 6e 73 31 22 78 (\"ns1\"x\")",
      "; EDE: 18 (Prohibited)",
      ";; QUESTION SECTION:",
      ";x.priv.test.\t\t\tIN\tA",
      "",
      "",
    ].join('\n'),
  },
  {
    query: "x.test A (a hand-made reply: every EDNS option dig names, MBZ bits, the Z bit)",
    wire: [
      "12348440000100000000000101780474657374000001000100002904d00000812300750008000700011800c000020008",
      "000b0002383020010db800010000090004000004d2000a00100102030405060708aabbccddeeff0011000c0005000000",
      "0000000e000400014f66000f0012001661742064656c65676174696f6e20782e000f00020063fde900040102417f0005",
      "0002080d000b0000",
    ].join(''),
    dig: [
      ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660",
      ";; flags: qr aa; MBZ: 0x4; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1",
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags: do; MBZ: 0x0123, udp: 1232",
      "; CLIENT-SUBNET: 192.0.2.0/24/0",
      "; CLIENT-SUBNET: 2001:db8:1::/56/48",
      "; EXPIRE: 1234 (20 minutes 34 seconds)",
      "; COOKIE: 0102030405060708aabbccddeeff0011",
      "; PAD: (5 bytes)",
      "; KEY-TAG: 1, 20326",
      "; EDE: 22 (No Reachable Authority): (at delegation x.)",
      "; EDE: 99",
      "; OPT=65001: 01 02 41 7f (\"..A.\")",
      "; OPT=5: 08 0d (\"..\")",
      "; TCP KEEPALIVE:",
      ";; QUESTION SECTION:",
      ";x.test.\t\t\t\tIN\tA",
      "",
      "",
    ].join('\n'),
  },
];

describe('formatMessage', () => {
  it.each(CAPTURED)('prints $query exactly as dig does', ({ wire, dig }) => {
    expect(formatMessage(decodeMessage(Buffer.from(wire, 'hex')))).toBe(dig);
  });

  it('names the sections of an UPDATE as nsupdate does, with empty RDATA left empty', () => {
    // nsupdate's "Outgoing update query" for: prereq nxrrset x A; prereq yxdomain dyn.test;
    // update delete y A; update delete z; update add x 60 A 192.0.2.9; update delete x A 192.0.2.8.
    const message: Message = {
      id: 0,
      opcode: 'UPDATE',
      rcode: 'NOERROR',
      flags: { qr: false, aa: false, tc: false, rd: false, ra: false, z: false, ad: false, cd: false },
      questions: [{ name: 'dyn.test', type: 'SOA', class: 'IN' }],
      answers: [rr('x.dyn.test', 'A', null, 0, 'NONE'), rr('dyn.test', 'ANY', null, 0, 'ANY')],
      authorities: [
        rr('y.dyn.test', 'A', null, 0, 'ANY'),
        rr('z.dyn.test', 'ANY', null, 0, 'ANY'),
        rr('x.dyn.test', 'A', '192.0.2.9', 60),
        rr('x.dyn.test', 'A', '192.0.2.8', 0, 'NONE'),
      ],
      additionals: [],
    };
    const text = formatMessage(message);
    expect(text.split('\n')[1]).toBe(';; flags:; ZONE: 1, PREREQ: 2, UPDATE: 4, ADDITIONAL: 0');
    expect(text.slice(text.indexOf(';; ZONE SECTION:'))).toBe(
      [
        ';; ZONE SECTION:',
        ';dyn.test.\t\t\tIN\tSOA',
        '',
        ';; PREREQUISITE SECTION:',
        'x.dyn.test.\t\t0\tNONE\tA\t',
        'dyn.test.\t\t0\tANY\tANY\t',
        '',
        ';; UPDATE SECTION:',
        'y.dyn.test.\t\t0\tANY\tA\t',
        'z.dyn.test.\t\t0\tANY\tANY\t',
        'x.dyn.test.\t\t60\tIN\tA\t192.0.2.9',
        'x.dyn.test.\t\t0\tNONE\tA\t192.0.2.8',
        '',
        '',
      ].join('\n'),
    );
  });

  it('puts a TSIG record in its own pseudosection, as dig -y shows a signed reply', () => {
    const mac = Buffer.from('v/v//8igKTmh5yoTPbWDf8ScH3XSoCNYzx7THhYHgyNxmwkrzvmvg/xr3Um19tLmlEgt7R4R/HZ8s/Hz0KrcfA==', 'base64');
    const tsig = rr('tsig-key', 'TSIG', { algorithm: 'hmac-sha512', timeSigned: 1795240064, fudge: 300, mac, originalId: 43353, error: 'NOERROR', other: Buffer.alloc(0) }, 0, 'ANY');
    const wire = encodeMessage({ id: 43353, flags: { qr: true, aa: true }, questions: [{ name: 'a.pres.test', type: 'A', class: 'IN' }], answers: [rr('a.pres.test', 'A', '192.0.2.1')], additionals: [tsig] });
    expect(formatMessage(decodeMessage(wire))).toBe(
      [
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 43353',
        ';; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1',
        '',
        ';; QUESTION SECTION:',
        ';a.pres.test.\t\t\tIN\tA',
        '',
        ';; ANSWER SECTION:',
        'a.pres.test.\t\t3600\tIN\tA\t192.0.2.1',
        '',
        ';; TSIG PSEUDOSECTION:',
        // dig's own line, trailing blank included: BIND writes "<other len> <other data>".
        'tsig-key.\t\t0\tANY\tTSIG\thmac-sha512. 1795240064 300 64 v/v//8igKTmh5yoTPbWDf8ScH3XSoCNYzx7THhYHgyNxmwkrzvmvg/xr 3Um19tLmlEgt7R4R/HZ8s/Hz0KrcfA== 43353 NOERROR 0 ',
        '',
        '',
      ].join('\n'),
    );
  });

  it('warns, as dig does, when recursion was asked for and the server does not offer it', () => {
    const wire = encodeMessage({ id: 7, flags: { qr: true, rd: true }, questions: [{ name: 'a.pres.test', type: 'A', class: 'IN' }] });
    expect(formatMessage(decodeMessage(wire)).split('\n').slice(0, 4)).toEqual([
      ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7',
      ';; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0',
      ';; WARNING: recursion requested but not available',
      '',
    ]);
  });
});

describe('formatRecord', () => {
  // Each line is dig's (+noall +answer) for a record with the same content.
  const cases: Array<[string, ResourceRecord, string]> = [
    ['SOA, with an escaped dot in RNAME', rr('pres.test', 'SOA', { mname: 'ns1.pres.test', rname: 'host\\.master.pres.test', serial: 2024010101, refresh: 3600, retry: 900, expire: 604800, minimum: 300 }), 'pres.test.\t\t3600\tIN\tSOA\tns1.pres.test. host\\.master.pres.test. 2024010101 3600 900 604800 300'],
    ['NS', rr('pres.test', 'NS', 'ns1.pres.test'), 'pres.test.\t\t3600\tIN\tNS\tns1.pres.test.'],
    ['A under an owner with an escaped dot', rr('esc\\.dot.pres.test', 'A', '192.0.2.2'), 'esc\\.dot.pres.test.\t3600\tIN\tA\t192.0.2.2'],
    ['A under an owner with \\032', rr('sp\\032ace.pres.test', 'A', '192.0.2.3'), 'sp\\032ace.pres.test.\t3600\tIN\tA\t192.0.2.3'],
    ['an owner of exactly 24 columns', rr('aaaaaaaaaaaaaa.dyn.test', 'A', '192.0.2.1', 1), 'aaaaaaaaaaaaaa.dyn.test. 1\tIN\tA\t192.0.2.1'],
    ['a TTL past its column', rr('ttl.dyn.test', 'TXT', [Buffer.from('x')], 2147483647), 'ttl.dyn.test.\t\t2147483647 IN\tTXT\t"x"'],
    ['MX', rr('mx.pres.test', 'MX', { preference: 10, exchange: 'mail.pres.test' }), 'mx.pres.test.\t\t3600\tIN\tMX\t10 mail.pres.test.'],
    ['CNAME', rr('cname.pres.test', 'CNAME', 'a.pres.test'), 'cname.pres.test.\t3600\tIN\tCNAME\ta.pres.test.'],
    ['DNAME', rr('dname.pres.test', 'DNAME', 'pres.test'), 'dname.pres.test.\t3600\tIN\tDNAME\tpres.test.'],
    ['PTR', rr('ptr.pres.test', 'PTR', 'a.pres.test'), 'ptr.pres.test.\t\t3600\tIN\tPTR\ta.pres.test.'],
    ['RP', rr('rp.pres.test', 'RP', { mbox: 'host\\.master.pres.test', txt: 'txt.pres.test' }), 'rp.pres.test.\t\t3600\tIN\tRP\thost\\.master.pres.test. txt.pres.test.'],
    [
      'TXT with quotes, backslashes, UTF-8, NUL, TAB, DEL and specials',
      rr('txt.pres.test', 'TXT', ['say "hi"', 'back\\slash', 'semi;colon', 'café', 'nul\0byte', 'tab\tx', '', 'del\x7f', 'paren()', 'at@dollar$'].map((s) => Buffer.from(s))),
      'txt.pres.test.\t\t3600\tIN\tTXT\t"say \\"hi\\"" "back\\\\slash" "semi;colon" "caf\\195\\169" "nul\\000byte" "tab\\009x" "" "del\\127" "paren()" "at@dollar$"',
    ],
    ['HINFO', rr('hinfo.pres.test', 'HINFO', { cpu: 'INTEL-386', os: 'Unix "x"' }), 'hinfo.pres.test.\t3600\tIN\tHINFO\t"INTEL-386" "Unix \\"x\\""'],
    ['SRV', rr('srv.pres.test', 'SRV', { priority: 10, weight: 60, port: 80, target: 'a.pres.test' }), 'srv.pres.test.\t\t3600\tIN\tSRV\t10 60 80 a.pres.test.'],
    ['CAA', rr('caa.pres.test', 'CAA', { flags: 0, tag: 'issue', value: 'ca.example' }), 'caa.pres.test.\t\t3600\tIN\tCAA\t0 issue "ca.example"'],
    ['CAA, critical, with quotes', rr('caa.pres.test', 'CAA', { flags: 128, tag: 'iodef', value: 'mailto:x@y "q"' }), 'caa.pres.test.\t\t3600\tIN\tCAA\t128 iodef "mailto:x@y \\"q\\""'],
    ['NAPTR', rr('naptr.pres.test', 'NAPTR', { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.pres.test' }), 'naptr.pres.test.\t3600\tIN\tNAPTR\t100 10 "S" "SIP+D2U" "" _sip._udp.pres.test.'],
    ['NAPTR to the root', rr('naptr.pres.test', 'NAPTR', { order: 102, preference: 10, flags: 'U', services: 'E2U+sip', regexp: '!^.*$!sip:info@x!', replacement: '.' }), 'naptr.pres.test.\t3600\tIN\tNAPTR\t102 10 "U" "E2U+sip" "!^.*$!sip:info@x!" .'],
    ['DS, SHA-1', rr('ds.pres.test', 'DS', { keyTag: 12345, algorithm: 8, digestType: 1, digest: Buffer.from('0123456789ABCDEF0123456789ABCDEF01234567', 'hex') }), 'ds.pres.test.\t\t3600\tIN\tDS\t12345 8 1 0123456789ABCDEF0123456789ABCDEF01234567'],
    ['DS, SHA-256, hex cut at 56', rr('ds.pres.test', 'DS', { keyTag: 12345, algorithm: 8, digestType: 2, digest: Buffer.from('0123456789ABCDEF'.repeat(4), 'hex') }), 'ds.pres.test.\t\t3600\tIN\tDS\t12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF'],
    ['TLSA', rr('tlsa.pres.test', 'TLSA', { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from('0123456789ABCDEF'.repeat(4), 'hex') }), 'tlsa.pres.test.\t\t3600\tIN\tTLSA\t3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF'],
    ['SSHFP, SHA-1', rr('sshfp.pres.test', 'SSHFP', { algorithm: 1, hash: 1, fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' }), 'sshfp.pres.test.\t3600\tIN\tSSHFP\t1 1 0123456789ABCDEF0123456789ABCDEF01234567'],
    ['SSHFP, SHA-256', rr('sshfp.pres.test', 'SSHFP', { algorithm: 4, hash: 2, fingerprint: '0123456789ABCDEF'.repeat(4) }), 'sshfp.pres.test.\t3600\tIN\tSSHFP\t4 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF'],
    ['NSEC naming an unknown type', rr('generic.pres.test', 'NSEC', { nextDomain: 'generic0.pres.test', rrtypes: ['RRSIG', 'NSEC', 'UNKNOWN_65280'] }, 300), 'generic.pres.test.\t300\tIN\tNSEC\tgeneric0.pres.test. RRSIG NSEC TYPE65280'],
    ['an unknown type (RFC 3597)', rr('generic.pres.test', 'TYPE65280', Buffer.from('0a000001', 'hex')), 'generic.pres.test.\t3600\tIN\tTYPE65280 \\# 4 0A000001'],
    ['an unknown type with empty RDATA', rr('generic0.pres.test', 'TYPE65281', Buffer.alloc(0)), 'generic0.pres.test.\t3600\tIN\tTYPE65281 \\# 0'],
    ['a long unknown RDATA, hex cut at 56', rr('unk.dyn.test', 'TYPE65000', Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677', 'hex'), 60), 'unk.dyn.test.\t\t60\tIN\tTYPE65000 \\# 40 00112233445566778899AABBCCDDEEFF00112233445566778899AABB CCDDEEFF0011223344556677'],
    ['NULL', rr('nullrr.pres.test', 'NULL', Buffer.from([1, 2, 3])), 'nullrr.pres.test.\t3600\tIN\tNULL\t\\# 3 010203'],
    ['SPF (raw from dns-packet)', rr('spf.pres.test', 'SPF', Buffer.from('\x0bv=spf1 -all', 'latin1')), 'spf.pres.test.\t\t3600\tIN\tSPF\t"v=spf1 -all"'],
    ['URI (raw from dns-packet)', rr('uri.dyn.test', 'URI', Buffer.concat([Buffer.from([0, 10, 0, 1]), Buffer.from('ftp://x/"y')]), 1), 'uri.dyn.test.\t\t1\tIN\tURI\t10 1 "ftp://x/\\"y"'],
    ['NSEC3PARAM (raw from dns-packet)', rr('nsec3param.dyn.test', 'NSEC3PARAM', Buffer.from('01000005026162', 'hex'), 1), 'nsec3param.dyn.test.\t1\tIN\tNSEC3PARAM 1 0 5 6162'],
  ];
  it.each(cases)('%s', (_what, record, dig) => {
    expect(formatRecord(decoded(record))).toBe(dig);
  });

  it('writes IPv6 as inet_ntop does, IPv4-compatible and -mapped forms included', () => {
    // dig's lines for a record set of these eight addresses.
    const lines: Array<[string, string]> = [
      ['::2', '::2'],
      ['::c000:201', '::192.0.2.1'],
      ['::ffff:c000:201', '::ffff:192.0.2.1'],
      ['::ffff:0:c000:201', '::ffff:0:c000:201'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
      ['1:0:0:1:1:0:0:1', '1::1:1:0:0:1'],
      ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
      ['1::', '1::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ];
    for (const [address, text] of lines) {
      expect(formatRecord(decoded(rr('v6.dyn.test', 'AAAA', address, 60)))).toBe(`v6.dyn.test.\t\t60\tIN\tAAAA\t${text}`);
    }
  });

  it('leaves an empty RDATA empty, keeping its separator as nsupdate does', () => {
    expect(formatRecord(rr('y.dyn.test', 'A', null, 0, 'ANY'))).toBe('y.dyn.test.\t\t0\tANY\tA\t');
    expect(formatRdata({ type: 'A', data: null })).toBe('');
  });

  it('falls back to RFC 3597 for a shape it cannot read, and writes an OPT record generically', () => {
    expect(formatRdata({ type: 'LOC', data: Buffer.from([0, 1]) })).toBe('\\# 2 0001');
    expect(formatRdata({ type: 'OPT', data: [{ code: 10, data: Buffer.from([1, 2]) }] })).toBe('\\# 6 000A00020102');
  });
});

describe('pieces', () => {
  it('makes names absolute once, telling an escaped final dot from a real one', () => {
    expect(absoluteName('a.example')).toBe('a.example.');
    expect(absoluteName('a.example.')).toBe('a.example.');
    expect(absoluteName('.')).toBe('.');
    expect(absoluteName('a\\.')).toBe('a\\..');
    expect(absoluteName('a\\\\.')).toBe('a\\\\.');
  });

  it('quotes character-strings with BIND escapes', () => {
    expect(quoteString('a"b')).toBe('"a\\"b"');
    expect(quoteString(Buffer.from([0, 0x7e, 0x7f, 0xff]))).toBe('"\\000~\\127\\255"');
  });

  it('writes a question with class and type on their tab stops, long names pushing them along', () => {
    // dig's question lines for names of 8, 24, 31 and 32 characters.
    expect(formatQuestion({ name: 'n3.test', type: 'DNSKEY', class: 'IN' })).toBe(';n3.test.\t\t\tIN\tDNSKEY');
    expect(formatQuestion({ name: 'aaaaaaaaaaaaaa.dyn.test', type: 'A', class: 'IN' })).toBe(';aaaaaaaaaaaaaa.dyn.test.\tIN\tA');
    expect(formatQuestion({ name: 'aaaaaaaaaaaaaaaaaaaaa.dyn.test', type: 'A', class: 'IN' })).toBe(';aaaaaaaaaaaaaaaaaaaaa.dyn.test.\tIN\tA');
    expect(formatQuestion({ name: 'aaaaaaaaaaaaaaaaaaaaaa.dyn.test', type: 'A', class: 'IN' })).toBe(';aaaaaaaaaaaaaaaaaaaaaa.dyn.test. IN\tA');
  });

  it('prints EDNS as dig does, TCP keepalive included', () => {
    // dig +tcp +keepalive against named: "; TCP KEEPALIVE: 30.0 secs".
    expect(formatEdns({ udpPayloadSize: 1232, version: 0, do: false, flags: 0, options: [{ code: 11, data: Buffer.from([1, 44]) }] })).toEqual([
      '; EDNS: version: 0, flags:; udp: 1232',
      '; TCP KEEPALIVE: 30.0 secs',
    ]);
  });
});
