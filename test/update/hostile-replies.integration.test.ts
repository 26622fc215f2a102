/**
 * Replies to signed updates from a scripted loopback responder that lies: unsigned, a bad MAC,
 * another key's MAC, a key the client does not have, a stale signature, a signed BADTIME. Each
 * is an error from sendUpdate, never success; and a forged reply ahead of the real one does not
 * cut the real one off. (dnsupdate's texts for the same cases: test/cli/dnsupdate.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TsigError } from '../../src/errors.js';
import { encodeMessage } from '../../src/packet/codec.js';
import type { Message } from '../../src/packet/types.js';
import { parseTsigKey, sendUpdate, signMessage, Update, verifyMessage, type TsigKey } from '../../src/update/index.js';
import { startResponder, type Outgoing, type Responder } from '../support/responder.js';

const KEY = parseTsigKey(`hmac-sha256:k.resolvkit.test:${Buffer.alloc(32, 1).toString('base64')}`);
const OTHER_SECRET = parseTsigKey(`hmac-sha256:k.resolvkit.test:${Buffer.alloc(32, 2).toString('base64')}`);
const OTHER_NAME = parseTsigKey(`hmac-sha256:other.resolvkit.test:${Buffer.alloc(32, 1).toString('base64')}`);
const NOW = 1_800_000_000;

const open: Responder[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

/** The reply named would send, unsigned. */
function replyWire(query: Message, rcode: 'NOERROR' | 'NOTAUTH' = 'NOERROR'): Buffer {
  return encodeMessage({ id: query.id, opcode: 'UPDATE', rcode, flags: { qr: true }, questions: query.questions });
}

/** `reply` signed with `key` for the request `wire`, as a server signs its response (RFC 8945 4.3.1). */
function signed(wire: Buffer, reply: Buffer, key: TsigKey, opts: { time?: number; error?: 'BADTIME'; otherData?: Buffer } = {}): Buffer {
  const request = verifyMessage(wire, KEY, { now: () => NOW });
  return signMessage(reply, key, { time: opts.time ?? NOW, requestMac: request.mac, ...(opts.error ? { error: opts.error } : {}), ...(opts.otherData ? { otherData: opts.otherData } : {}) }).wire;
}

async function attempt(serve: (query: Message, wire: Buffer) => Outgoing) {
  const responder = await startResponder(({ query, wire }) => serve(query, wire));
  open.push(responder);
  return sendUpdate(new Update('resolvkit.test').add('a.resolvkit.test', 60, 'A', '192.0.2.1'), {
    servers: [responder.server],
    key: KEY,
    timeout: 300,
    tries: 1,
    now: () => NOW,
  }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error: error as TsigError }),
  );
}

/** The error of an attempt that must have failed. */
function refusal(got: Awaited<ReturnType<typeof attempt>>): TsigError {
  expect(got.ok).toBe(false);
  return (got as { error: TsigError }).error;
}

describe('replies to a signed update that must not count as success', () => {
  it.each([
    ['unsigned', (q: Message) => [replyWire(q)], 'UNSIGNED'],
    [
      'a MAC with one bit flipped',
      (q: Message, w: Buffer) => {
        const s = signed(w, replyWire(q), KEY);
        s[s.length - 20]! ^= 1; // inside the MAC: the TSIG ends with the MAC, original ID, error and other length
        return [s];
      },
      'BADSIG',
    ],
    ['another key\'s MAC (same name, other secret)', (q: Message, w: Buffer) => [signed(w, replyWire(q), OTHER_SECRET)], 'BADSIG'],
    ['a key the client does not have', (q: Message, w: Buffer) => [signed(w, replyWire(q), OTHER_NAME)], 'BADKEY'],
    ['a signature an hour old', (q: Message, w: Buffer) => [signed(w, replyWire(q), KEY, { time: NOW - 3600 })], 'BADTIME'],
  ] as const)('%s: a TsigError', async (_what, serve, code) => {
    const error = refusal(await attempt(serve as (q: Message, w: Buffer) => Outgoing));
    expect(error).toBeInstanceOf(TsigError);
    expect(error.code).toBe(code);
  });

  it('a BADTIME the server signed is its word: a TsigError with the server\'s time and the skew', async () => {
    const serverTime = NOW + 900;
    const other = Buffer.alloc(6);
    other.writeUIntBE(serverTime, 0, 6);
    const error = refusal(await attempt((q, w) => [signed(w, replyWire(q, 'NOTAUTH'), KEY, { error: 'BADTIME', otherData: other })]));
    expect(error).toMatchObject({ code: 'BADTIME', reported: true, serverTime, skew: 900 });
  });
});

describe('a forged reply cannot cut the real one off', () => {
  it('an unsigned NOERROR, then a bad MAC, then the real signed reply: the real one', async () => {
    const got = await attempt((q, w) => {
      const bad = signed(w, replyWire(q), OTHER_SECRET);
      return [replyWire(q), bad, signed(w, replyWire(q), KEY)];
    });
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.result.tsig).toMatchObject({ key: { name: 'k.resolvkit.test' }, error: 'NOERROR' });
  });

  it('a forged unsigned NOTAUTH(BADSIG) ahead of the real reply: the real one', async () => {
    const got = await attempt((q, w) => {
      const refusal = signMessage(replyWire(q, 'NOTAUTH'), KEY, { time: NOW, error: 'BADSIG' }).wire;
      return [refusal, signed(w, replyWire(q), KEY)];
    });
    expect(got.ok).toBe(true);
  });
});
