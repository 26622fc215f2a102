/**
 * nsupdate's `show` and `answer` text, held to what BIND 9.18.49's real nsupdate printed.
 *
 * Every expected text is a fixture captured by fixtures/nsupdate/capture.py (real nsupdate
 * against a real named on loopback, in a namespace of its own): the script is
 * fixtures/nsupdate/cases/NAME.nsupdate, its stdout NAME.txt, its stderr and exit status
 * NAME.json. Here each message is built by hand with the same content (as the Update builder
 * will build it), sent through the real encoder and decoder so that the data shapes are the
 * decoder's, and printed. For replies, the id, the TSIG time and the MAC differ per run: they
 * are read from the fixture and put into the message built here, so the comparison is exact.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatAnswer, formatDebugReply, formatShow, SHOW_HEADING } from '../../src/cli/nsupdate-text.js';
import { decodeMessage, encodeMessage, type Message, type MessageInput, type ResourceRecord } from '../../src/packet/index.js';

const CASES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/nsupdate/cases');
const stdout = (name: string) => readFileSync(join(CASES, `${name}.txt`), 'utf8');
const meta = (name: string) => JSON.parse(readFileSync(join(CASES, `${name}.json`), 'utf8')) as { stderr: string; status: number };

const rr = (name: string, ttl: number, klass: string, type: string, data: unknown = null): ResourceRecord => ({ name, ttl, class: klass, type, data });
const txt = (...s: string[]) => s.map((x) => Buffer.from(x));

/** Through the wire and back, as a message reaches the printer. */
function roundTrip(input: MessageInput): Message {
  return decodeMessage(encodeMessage(input));
}

function update(prereqs: ResourceRecord[], updates: ResourceRecord[], zone = 'example.test'): Message {
  return roundTrip({ id: 4321, opcode: 'UPDATE', questions: [{ name: zone, type: 'SOA', class: 'IN' }], answers: prereqs, authorities: updates });
}

/** The `Answer:` blocks of a capture, in order. */
function answers(text: string): string[] {
  return text.split(/(?=^Answer:$|^Outgoing update query:$)/m).filter((b) => b.startsWith('Answer:'));
}

/** A reply as named sent it, with the id, time and MAC read back from nsupdate's text of it. */
function replyFrom(text: string, zone: string, keyName?: string): Message {
  const header = /id: +(\d+)\n;; flags: qr; ZONE: 1, PREREQ: 0, UPDATE: 0, ADDITIONAL: (\d)/.exec(text);
  const status = /status: (\w+),/.exec(text);
  if (header === null || status === null) throw new Error(`not a reply:\n${text}`);
  const additionals: ResourceRecord[] = [];
  if (keyName !== undefined) {
    // "OWNER 0 ANY TSIG ALG. TIME FUDGE MACSIZE [MAC in chunks] ORIGID ERROR OTHERLEN ", blanks or tabs between the first fields.
    const line = text.split('\n').find((l) => l.includes('\tTSIG\t'));
    if (line === undefined) throw new Error(`no TSIG line in:\n${text}`);
    expect(line.split(/[\t ]/)[0]).toBe(`${keyName}.`);
    const f = line.slice(line.indexOf('\tTSIG\t') + 6).trimEnd().split(' ');
    const [otherLen, error, originalId] = [f.pop()!, f.pop()!, f.pop()!];
    expect(otherLen).toBe('0');
    additionals.push(
      rr(keyName, 0, 'ANY', 'TSIG', {
        algorithm: f[0]!.replace(/\.$/, ''),
        timeSigned: Number(f[1]),
        fudge: Number(f[2]),
        mac: Buffer.from(f.slice(4).join(''), 'base64'),
        // (the MAC size field is checked by the exact comparison of the printed line)
        originalId: Number(originalId),
        error,
        other: Buffer.alloc(0),
      }),
    );
  }
  const reply = roundTrip({
    id: Number(header[1]),
    opcode: 'UPDATE',
    rcode: status[1] as Message['rcode'],
    flags: { qr: true },
    questions: [{ name: zone, type: 'SOA', class: 'IN' }],
    additionals,
  });
  expect(reply.additionals.length).toBe(Number(header[2]));
  return reply;
}

describe('formatShow', () => {
  it('prints every prerequisite and delete form as nsupdate shows them before a send (show-sections)', () => {
    const message = update(
      [
        rr('d1.example.test', 0, 'NONE', 'ANY'),
        rr('d2.example.test', 0, 'ANY', 'ANY'),
        rr('d3.example.test', 0, 'NONE', 'AAAA'),
        rr('d3.example.test', 0, 'NONE', 'MX'),
        rr('d4.example.test', 0, 'ANY', 'A'),
        rr('d4.example.test', 0, 'IN', 'A', '192.0.2.1'),
        rr('d4.example.test', 0, 'IN', 'A', '192.0.2.2'),
      ],
      [
        rr('d1.example.test', 600, 'IN', 'A', '192.0.2.101'),
        rr('d1.example.test', 600, 'IN', 'AAAA', '2001:db8::101'),
        rr('d5.example.test', 0, 'ANY', 'ANY'),
        rr('d5.example.test', 0, 'ANY', 'A'),
        rr('d5.example.test', 0, 'NONE', 'A', '192.0.2.5'),
        rr('d5.example.test', 0, 'ANY', 'ANY'),
        rr('d5.example.test', 0, 'ANY', 'ANY'),
      ],
    );
    expect(formatShow(message, { zone: { name: 'example.test', type: 'SOA', class: 'IN' } })).toBe(stdout('show-sections'));
  });

  it('prints record data as nsupdate does, TXT words and all, with no ZONE section when no zone was given (show-types)', () => {
    const updates = [
      rr('txt.example.test', 300, 'IN', 'TXT', txt('a b', 'c"d', 'plain', ';', 'not-a-comment')),
      rr('txt.example.test', 300, 'IN', 'TXT', txt('')),
      rr('mx.example.test', 300, 'IN', 'MX', { preference: 10, exchange: 'mail' }),
      rr('srv._tcp.example.test', 60, 'IN', 'SRV', { priority: 0, weight: 5, port: 5060, target: 'sip.example.test' }),
      rr('cname.example.test', 300, 'IN', 'CNAME', 'target'),
      rr('ptr.2.0.192.in-addr.arpa', 86400, 'IN', 'PTR', 'host.example.test'),
      rr('caa.example.test', 300, 'IN', 'CAA', { flags: 0, tag: 'issue', value: 'ca.example.net' }),
      rr('naptr.example.test', 300, 'IN', 'NAPTR', { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example.test' }),
      rr('ds.example.test', 300, 'IN', 'DS', { keyTag: 12345, algorithm: 13, digestType: 2, digest: Buffer.from('0123456789ABCDEF'.repeat(4), 'hex') }),
      rr('sshfp.example.test', 300, 'IN', 'SSHFP', { algorithm: 4, hash: 2, fingerprint: '0123456789abcdef'.repeat(4) }),
      rr('tlsa._443._tcp.example.test', 300, 'IN', 'TLSA', { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from('0123456789abcdef'.repeat(4), 'hex') }),
      rr('generic.example.test', 300, 'IN', 'TYPE65280', Buffer.from('0a000001', 'hex')),
      rr('empty.example.test', 300, 'IN', 'TYPE65281', Buffer.alloc(0)),
      rr('hinfo.example.test', 300, 'IN', 'HINFO', { cpu: 'PC', os: 'Linux' }),
      rr('soa.example.test', 300, 'IN', 'SOA', { mname: 'ns1', rname: 'hostmaster', serial: 1, refresh: 3600, retry: 900, expire: 604800, minimum: 60 }),
      rr('ns.example.test', 300, 'IN', 'NS', 'ns1.example.test'),
    ];
    expect(formatShow(update([], updates))).toBe(stdout('show-types'));
  });

  it('prints the class the class command set (show-nozone)', () => {
    const message = roundTrip({ opcode: 'UPDATE', authorities: [rr('version.bind', 0, 'CH', 'TXT', txt('x'))] });
    expect(formatShow(message)).toBe(stdout('show-nozone'));
  });

  it('prints only the header for an empty update, and the ZONE section alone once a zone is set (show-after-send)', () => {
    const empty = roundTrip({ opcode: 'UPDATE' });
    expect(formatShow(empty) + formatShow(empty, { zone: { name: 'example.test', type: 'SOA', class: 'IN' } })).toBe(stdout('show-after-send'));
  });

  it('prints the pending update, not yet signed, before and after a send (answer-tsig-sha256)', () => {
    const text = stdout('answer-tsig-sha256');
    const zone = { name: 'dyn.resolvkit.test', type: 'SOA', class: 'IN' } as const;
    const pending = update(
      [rr('nsupdate-capture-1.dyn.resolvkit.test', 0, 'NONE', 'ANY')],
      [
        rr('nsupdate-capture-1.dyn.resolvkit.test', 300, 'IN', 'A', '192.0.2.201'),
        rr('nsupdate-capture-1.dyn.resolvkit.test', 300, 'IN', 'TXT', txt('captured')),
      ],
      'dyn.resolvkit.test',
    );
    const reply = replyFrom(answers(text)[0]!, 'dyn.resolvkit.test', 'hmac-sha256.keys.resolvkit.test');
    const after = roundTrip({ opcode: 'UPDATE' });
    expect(formatShow(pending, { zone }) + formatAnswer(reply) + formatShow(after, { zone })).toBe(text);
  });

  it('prints the update as sent, id, counts and TSIG included, under -d (debug-outgoing)', () => {
    const text = stdout('debug-outgoing');
    const t = /id: +(\d+)\n[^]*TSIG\thmac-sha256\. (\d+) 300 32 (\S+) /.exec(text);
    if (t === null) throw new Error('capture has no TSIG line');
    const sent = roundTrip({
      id: Number(t[1]),
      opcode: 'UPDATE',
      questions: [{ name: 'dyn.resolvkit.test', type: 'SOA', class: 'IN' }],
      authorities: [rr('nsupdate-capture-3.dyn.resolvkit.test', 300, 'IN', 'A', '192.0.2.203')],
      additionals: [
        rr('hmac-sha256.keys.resolvkit.test', 0, 'ANY', 'TSIG', {
          algorithm: 'hmac-sha256', timeSigned: Number(t[2]), fudge: 300, mac: Buffer.from(t[3]!, 'base64'), originalId: Number(t[1]), error: 'NOERROR', other: Buffer.alloc(0),
        }),
      ],
    });
    expect(formatShow(sent, { rendered: true })).toBe(text);
    expect(text.startsWith(SHOW_HEADING + '\n')).toBe(true);
  });
});

describe('formatAnswer', () => {
  const signed: Array<[string, string]> = [
    ['answer-tsig-sha512', 'hmac-sha512.keys.resolvkit.test'],
    ['answer-tsig-md5-keyfile', 'hmac-md5.keys.resolvkit.test'],
    ['answer-prereq-fail', 'hmac-sha256.keys.resolvkit.test'],
    ['answer-badsig', 'hmac-sha256.keys.resolvkit.test'],
    ['answer-notauth', 'hmac-sha256.keys.resolvkit.test'],
    ['discover-zone', 'hmac-sha256.keys.resolvkit.test'],
    ['implicit-send', 'hmac-sha256.keys.resolvkit.test'],
  ];

  it.each(signed)('prints the signed reply with its TSIG pseudosection (%s)', (name, key) => {
    const text = stdout(name);
    const blocks = answers(text);
    expect(blocks.length).toBeGreaterThan(0);
    const zone = /^;(\S+)\.\t/m.exec(blocks[0]!)![1]!;
    expect(blocks.map((b) => formatAnswer(replyFrom(b, zone, key))).join('')).toBe(text);
  });

  it('prints an unsigned REFUSED reply without a TSIG pseudosection (answer-refused-unsigned)', () => {
    const text = stdout('answer-refused-unsigned');
    expect(formatAnswer(replyFrom(text, 'dyn.resolvkit.test'))).toBe(text);
  });

  it('prints a BADKEY reply: no MAC, and the error in the TSIG line (answer-badkey)', () => {
    const text = stdout('answer-badkey');
    expect(text).toContain(' 300 0 ');
    expect(formatAnswer(replyFrom(text, 'dyn.resolvkit.test', 'unknown.keys.resolvkit.test'))).toBe(text);
  });

  it('prints the -d reply on stderr after a blank line (debug-outgoing)', () => {
    const { stderr } = meta('debug-outgoing');
    const block = stderr.slice(stderr.indexOf('\nReply from update query:'));
    const reply = replyFrom(block, 'dyn.resolvkit.test', 'hmac-sha256.keys.resolvkit.test');
    expect(formatDebugReply(reply)).toBe(block);
  });
});
