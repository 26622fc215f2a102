/**
 * The zone-transfer reader without a socket: where an AXFR and an IXFR stream end (dig's rules,
 * bin/dig/dighost.c check_for_more_data), what dig's "XFR size" line counts, and the streams it
 * refuses. The messages are built inline; test/cli/dnsq.integration.test.ts runs the same
 * reader against named and compares its output with dig's.
 */
import { describe, expect, it } from 'vitest';
import { TransferFailure, ZoneTransfer, type TransferQuestion } from '../../src/cli/dnsq-zone-transfer.js';
import type { Message, ResourceRecord } from '../../src/packet/index.js';

const ZONE = 'zone.test';

function soa(serial: number, name = ZONE): ResourceRecord {
  return { name, type: 'SOA', class: 'IN', ttl: 3600, data: { mname: `ns.${ZONE}`, rname: `host.${ZONE}`, serial, refresh: 1, retry: 1, expire: 1, minimum: 60 } };
}

function a(label: string, address: string): ResourceRecord {
  return { name: `${label}.${ZONE}`, type: 'A', class: 'IN', ttl: 300, data: address };
}

/** A reply in the stream: the first repeats the question, later ones may leave it out. */
function reply(answers: ResourceRecord[], over: Partial<Message> & { question?: boolean; type?: 'AXFR' | 'IXFR' } = {}): Message {
  const { question = true, type = 'AXFR', ...rest } = over;
  return {
    id: 1,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    flags: { qr: true, aa: true, tc: false, rd: false, ra: false, z: false, ad: false, cd: false },
    questions: question ? [{ name: ZONE, type, class: 'IN' }] : [],
    answers,
    authorities: [],
    additionals: [],
    ...rest,
  } as Message;
}

const AXFR: TransferQuestion = { zone: ZONE, type: 'AXFR', class: 'IN' };
const ixfr = (serial: number): TransferQuestion => ({ zone: ZONE, type: 'IXFR', class: 'IN', serial });

function failure(run: () => unknown): TransferFailure {
  try {
    run();
  } catch (err) {
    if (err instanceof TransferFailure) return err;
    throw err;
  }
  throw new Error('expected a TransferFailure');
}

describe('ZoneTransfer', () => {
  it('ends an AXFR at the second SOA, in one message', () => {
    const xfr = new ZoneTransfer(AXFR);
    const records = [soa(5), a('www', '192.0.2.1'), a('mail', '192.0.2.2'), soa(5)];
    expect(xfr.push(reply(records), 120)).toEqual(records);
    expect(xfr).toMatchObject({ done: true, records: 4, messages: 1, bytes: 120 });
  });

  it('reads an AXFR spread over messages, only the first repeating the question', () => {
    const xfr = new ZoneTransfer(AXFR);
    xfr.push(reply([soa(5), a('a', '192.0.2.1')]), 60);
    expect(xfr.done).toBe(false);
    xfr.push(reply([a('b', '192.0.2.2')], { question: false }), 40);
    expect(xfr.done).toBe(false);
    xfr.push(reply([a('c', '192.0.2.3'), soa(5)], { question: false }), 70);
    expect(xfr).toMatchObject({ done: true, records: 5, messages: 3, bytes: 170 });
  });

  it('reads an incremental IXFR to the second repeat of the newest serial', () => {
    // RFC 1995 section 7's shape: new SOA, then per change old SOA, deletions, newer SOA, additions.
    const xfr = new ZoneTransfer(ixfr(1));
    xfr.push(reply([soa(3), soa(1), a('gone', '192.0.2.9'), soa(2), a('new', '192.0.2.10')], { type: 'IXFR' }), 200);
    expect(xfr.done).toBe(false);
    xfr.push(reply([soa(2), soa(3), a('newer', '192.0.2.11'), soa(3)], { type: 'IXFR', question: false }), 150);
    expect(xfr).toMatchObject({ done: true, records: 9, messages: 2 });
  });

  it('ends an empty incremental answer (SOA, SOA of the same serial) at once', () => {
    const xfr = new ZoneTransfer(ixfr(1));
    xfr.push(reply([soa(2), soa(2)], { type: 'IXFR' }), 90);
    expect(xfr).toMatchObject({ done: true, records: 2 });
  });

  it('takes a single SOA as the whole answer when the client is up to date, serials compared as RFC 1982 says', () => {
    const current = new ZoneTransfer(ixfr(7));
    current.push(reply([soa(7)], { type: 'IXFR' }), 80);
    expect(current).toMatchObject({ done: true, records: 1 });
    // 1 is "after" 4294967295 in serial arithmetic.
    const wrapped = new ZoneTransfer(ixfr(1));
    wrapped.push(reply([soa(4294967295)], { type: 'IXFR' }), 80);
    expect(wrapped.done).toBe(true);
    const behind = new ZoneTransfer(ixfr(4294967295));
    behind.push(reply([soa(1), soa(4294967295)], { type: 'IXFR' }), 80);
    expect(behind.done).toBe(false);
  });

  it('reads an IXFR the server answered with the whole zone as an AXFR', () => {
    const xfr = new ZoneTransfer(ixfr(1));
    xfr.push(reply([soa(3), a('a', '192.0.2.1'), a('b', '192.0.2.2')], { type: 'IXFR' }), 100);
    expect(xfr.done).toBe(false);
    xfr.push(reply([soa(3)], { type: 'IXFR', question: false }), 60);
    expect(xfr).toMatchObject({ done: true, records: 4 });
  });

  it('counts records only up to the SOA that ends the transfer, as dig does', () => {
    const xfr = new ZoneTransfer(AXFR);
    xfr.push(reply([soa(5), a('a', '192.0.2.1'), soa(5), a('after', '192.0.2.2')]), 100);
    expect(xfr).toMatchObject({ done: true, records: 3 });
  });

  it("refuses a reply with an rcode, with dig's \"; Transfer failed.\"", () => {
    const err = failure(() => new ZoneTransfer(AXFR).push(reply([], { rcode: 'NOTAUTH' }), 30));
    expect(err).toMatchObject({ line: '; Transfer failed.', rcode: 'NOTAUTH', message: 'the server answered NOTAUTH' });
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([]), 30)).line).toBe('; Transfer failed.');
  });

  it("refuses a stream that does not start with the zone's SOA", () => {
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([a('www', '192.0.2.1')]), 40)).line).toBe("; Transfer failed.  Didn't start with SOA answer.");
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([soa(5, 'other.test')]), 40)).line).toBe("; Transfer failed.  Didn't start with SOA answer.");
  });

  it('refuses replies to another question, non-replies, a first reply without the question, and more after the end', () => {
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([soa(5)], { questions: [{ name: 'other.test', type: 'AXFR', class: 'IN' }] }), 40)).message).toBe(
      'a reply to another question came in the stream',
    );
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([soa(5)], { type: 'IXFR' }), 40)).message).toBe('a reply to another question came in the stream');
    const notReply = reply([soa(5)]);
    notReply.flags.qr = false;
    expect(failure(() => new ZoneTransfer(AXFR).push(notReply, 40)).message).toBe('a message in the stream is not a reply to a query');
    expect(failure(() => new ZoneTransfer(AXFR).push(reply([soa(5)], { question: false }), 40)).message).toBe('the first reply does not repeat the question');
    const done = new ZoneTransfer(AXFR);
    done.push(reply([soa(5), soa(5)]), 40);
    expect(failure(() => done.push(reply([soa(5)], { question: false }), 40)).message).toBe('the server sent more after the transfer had ended');
  });

  it('compares the zone name case-insensitively and without regard to the trailing dot', () => {
    const xfr = new ZoneTransfer({ zone: 'ZONE.test.', type: 'AXFR', class: 'IN' });
    xfr.push(reply([soa(5), soa(5)]), 40);
    expect(xfr.done).toBe(true);
  });
});
