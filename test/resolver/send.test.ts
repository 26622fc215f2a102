/**
 * res_send (send.ts) through a scripted in-memory transport on a fake clock: fail-over between
 * servers, rcode fail-over, the EDNS fallback, TC to TCP, attempts x servers x timeout, the
 * acceptance check, per-try message IDs, and cancellation. No socket, no sleep: time is the
 * transport's fake clock and order is its event log. (What the real sockets do with spoofed
 * replies is test/resolver/transport.integration.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { getaddrinfo } from '../../src/addrinfo/getaddrinfo.js';
import { createConfig } from '../../src/env/config.js';
import { RES_IGNTC, RES_NOAAAA, RES_NOCACHE, RES_ROTATE, RES_STAYOPEN, RES_USE_EDNS0, RES_USEVC } from '../../src/env/flags.js';
import { parseNameServer } from '../../src/env/resolvconf.js';
import { DnsError } from '../../src/errors.js';
import { encodeMessage } from '../../src/packet/codec.js';
import { buildQuery } from '../../src/packet/query.js';
import type { Message, RcodeName } from '../../src/packet/types.js';
import { Resolver, type ResolverOptions } from '../../src/index.js';
import { DEFAULT_UDP_WINDOW } from '../../src/resolver/transport-udp.js';
import { failure } from '../support/outcomes.js';
import { answer, idSequence, malformed, reply, ScriptedTransport, type Script, type Step } from '../support/scripted-transport.js';

const S1 = '127.0.0.1:53';
const S2 = '127.0.0.2:53';
const config = createConfig({ resolvConf: 'nameserver 127.0.0.1\nnameserver 127.0.0.2\noptions timeout:2 attempts:2\n' });

/** A resolver over the two servers of `config` (2 s per try, 2 rounds), and its transport. */
function setup(script: Script, options: Omit<ResolverOptions, 'transport'> & { ids?: () => number } = {}) {
  const { ids, ...rest } = options;
  const transport = new ScriptedTransport(script, ids);
  const resolver = new Resolver({ config, transport, cache: 'off', now: transport.now, ...rest });
  return { transport, resolver };
}

/** A script by server: each server's steps, the same on every try. */
function byServer(steps: Record<string, (query: Message, kind: 'udp' | 'tcp') => Step | Step[]>): Script {
  return ({ server, query, kind }) => {
    const f = steps[server];
    if (f === undefined) throw new Error(`no script for ${server}`);
    return f(query, kind);
  };
}

const ok = (address = '192.0.2.1') => (query: Message) => reply(query, { answers: [answer(query, address)] });
const silent = () => 'timeout' as const;

describe('fail-over between servers', () => {
  it('a server that does not answer costs one timeout; the next server answers within the next', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: silent, [S2]: (q) => [{ delay: 40 }, ok()(q)] }));
    const res = await resolver.query('www.test');
    expect(res.server).toBe(S2);
    expect(res.answers.map((a) => a.data)).toEqual(['192.0.2.1']);
    expect(transport.events).toEqual([`udp ${S1} A www.test @0ms -> timeout`, `udp ${S2} A www.test @2000ms -> NOERROR`]);
    expect(transport.now()).toBe(2040);
  });

  it('a reply that comes after the timeout is not taken: the next server is asked at the timeout', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: (q) => [{ delay: 2500 }, ok('203.0.113.1')(q)], [S2]: ok('192.0.2.2') }));
    const res = await resolver.query('late.test');
    expect(res.answers[0]!.data).toBe('192.0.2.2');
    expect(transport.events).toEqual([`udp ${S1} A late.test @0ms -> timeout`, `udp ${S2} A late.test @2000ms -> NOERROR`]);
  });

  it('a server that only lies (wrong ID) costs its timeout, then ETIMEOUT', async () => {
    const { transport, resolver } = setup(({ query }) => [reply(query, { id: query.id ^ 1, answers: [answer(query, '203.0.113.9')] })]);
    const err = await failure(resolver.send(buildQuery('lies.test', 'A'), { servers: [parseNameServer('127.0.0.9')!], attempts: 1, timeoutMs: 300 }));
    expect(err.code).toBe('ETIMEOUT');
    expect(err.servers).toEqual(['127.0.0.9:53']);
    expect(transport.events).toEqual(['udp 127.0.0.9:53 A lies.test @0ms -> timeout']);
    expect(transport.now()).toBe(300);
  });

  it('a refusing server (ECONNREFUSED) is left at once and not asked again in later rounds', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: () => 'refused', [S2]: silent }));
    const err = await failure(resolver.query('refused.test'));
    expect(err.code).toBe('ETIMEOUT');
    expect(transport.events).toEqual([
      `udp ${S1} A refused.test @0ms -> refused`,
      `udp ${S2} A refused.test @0ms -> timeout`,
      `udp ${S2} A refused.test @2000ms -> timeout`,
    ]);
    expect(transport.now()).toBe(4000);
  });

  it('a refusing first server costs no time before the second answers', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: () => 'refused', [S2]: ok() }));
    expect((await resolver.query('refused.test')).server).toBe(S2);
    expect(transport.now()).toBe(0);
  });

  it('every server refusing is ECONNREFUSED at once, each asked once', async () => {
    const { transport, resolver } = setup(() => 'refused');
    const err = await failure(resolver.query('nobody.test'));
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.servers).toEqual([S1, S2]);
    expect(transport.events).toEqual([`udp ${S1} A nobody.test @0ms -> refused`, `udp ${S2} A nobody.test @0ms -> refused`]);
    expect(transport.now()).toBe(0);
  });

  it('all servers dead: ETIMEOUT after exactly attempts x servers x timeout, naming the servers', async () => {
    const { transport, resolver } = setup(silent);
    const err = await failure(resolver.query('dead.test'));
    expect(err.code).toBe('ETIMEOUT');
    expect(err.servers).toEqual([S1, S2]);
    expect(transport.events).toEqual([
      `udp ${S1} A dead.test @0ms -> timeout`,
      `udp ${S2} A dead.test @2000ms -> timeout`,
      `udp ${S1} A dead.test @4000ms -> timeout`,
      `udp ${S2} A dead.test @6000ms -> timeout`,
    ]);
    expect(transport.now()).toBe(2 * 2 * 2000);
  });

  it('per-call attempts and timeoutMs replace the configuration\'s', async () => {
    const { transport, resolver } = setup(silent);
    const err = await failure(resolver.send(buildQuery('dead.test', 'A'), { attempts: 3, timeoutMs: 500 }));
    expect(err.code).toBe('ETIMEOUT');
    expect(transport.exchanges).toHaveLength(6);
    expect(transport.now()).toBe(3 * 2 * 500);
  });

  it('only malformed replies: EBADRESP, after every try', async () => {
    const { transport, resolver } = setup(({ query }) => [malformed(query)]);
    const err = await failure(resolver.query('bad.test'));
    expect(err.code).toBe('EBADRESP');
    expect(transport.events).toHaveLength(4);
    expect(transport.events.every((e) => e.endsWith('-> EBADRESP'))).toBe(true);
  });

  it('rotation starts each query at the next server (RES_ROTATE, rotate: true); without it, always the first', async () => {
    for (const options of [{ rotate: true }, { flags: config.flags | RES_ROTATE }]) {
      const { resolver } = setup(byServer({ [S1]: ok(), [S2]: ok() }), options);
      const servers = [];
      for (let i = 0; i < 4; i++) servers.push((await resolver.query(`r${i}.test`)).server);
      expect(servers).toEqual([S1, S2, S1, S2]);
    }
    const { resolver } = setup(byServer({ [S1]: ok(), [S2]: ok() }));
    for (let i = 0; i < 3; i++) expect((await resolver.query(`f${i}.test`)).server).toBe(S1);
  });

  it('a rotated query that starts at the second server fails over to the first', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: ok(), [S2]: silent }), { rotate: true });
    await resolver.query('a.test');
    expect((await resolver.query('b.test')).server).toBe(S1);
    expect(transport.events.slice(1)).toEqual([`udp ${S2} A b.test @0ms -> timeout`, `udp ${S1} A b.test @2000ms -> NOERROR`]);
  });
});

describe('rcodes', () => {
  it.each(['SERVFAIL', 'REFUSED', 'NOTIMP'] as const)('%s moves on to the next server', async (rcode) => {
    const { transport, resolver } = setup(byServer({ [S1]: (q) => reply(q, { rcode }), [S2]: ok() }));
    expect((await resolver.query('next.test')).server).toBe(S2);
    expect(transport.events).toEqual([`udp ${S1} A next.test @0ms -> ${rcode}`, `udp ${S2} A next.test @0ms -> NOERROR`]);
  });

  it('NXDOMAIN is final: the next server is not asked', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: (q) => reply(q, { rcode: 'NXDOMAIN' }), [S2]: ok() }));
    const err = await failure(resolver.query('final.test'));
    expect(err.code).toBe('ENOTFOUND');
    expect(err.response?.rcode).toBe('NXDOMAIN');
    expect(transport.events).toEqual([`udp ${S1} A final.test @0ms -> NXDOMAIN`]);
  });

  it('SERVFAIL from every server on every try is ESERVFAIL, carrying the reply', async () => {
    const { transport, resolver } = setup((c) => reply(c.query, { rcode: 'SERVFAIL' }));
    const err = await failure(resolver.query('sf.test'));
    expect(err.code).toBe('ESERVFAIL');
    expect(err.response?.rcode).toBe('SERVFAIL');
    expect(transport.events).toHaveLength(4);
  });

  it('an update-style call (failover: none) takes REFUSED from the primary as the answer', async () => {
    const update = encodeMessage({ id: 7, opcode: 'UPDATE', questions: [{ name: 'zone.test', type: 'SOA', class: 'IN' }] });
    const script = byServer({ [S1]: (q) => reply(q, { rcode: 'REFUSED' }), [S2]: (q) => reply(q) });
    const { transport, resolver } = setup(script);
    const got = await resolver.send(update, { failover: new Set() });
    expect(got.message.rcode).toBe('REFUSED');
    expect(got.server).toBe(S1);
    expect(transport.events).toEqual([`udp ${S1} UPDATE SOA zone.test @0ms -> REFUSED`]);
    // The same message with the query's fail-over rcodes moves on.
    const other = setup(script);
    expect((await other.resolver.send(update)).server).toBe(S2);
  });

  it('send to per-call servers asks only those', async () => {
    const { transport, resolver } = setup((c) => reply(c.query, { rcode: 'NOERROR' }));
    const got = await resolver.send(buildQuery('p.test', 'SOA'), { servers: [parseNameServer('127.0.0.9:5300')!] });
    expect(got.server).toBe('127.0.0.9:5300');
    expect(transport.events).toEqual(['udp 127.0.0.9:5300 SOA p.test @0ms -> NOERROR']);
  });

  it.each([
    ['YXDOMAIN', 'EYXDOMAIN'],
    ['NXRRSET', 'ENXRRSET'],
    ['NOTAUTH', 'ENOTAUTH'],
    ['NOTZONE', 'ENOTZONE'],
    ['YXRRSET', 'EYXRRSET'],
  ] as const)('query() rejects a %s reply with %s (not EBADRESP)', async (rcode: RcodeName, code) => {
    const { resolver } = setup((c) => reply(c.query, { rcode }));
    const err = await failure(resolver.query('u.test'));
    expect(err.code).toBe(code);
    expect(err.response?.rcode).toBe(rcode);
  });
});

describe('EDNS fallback and TCP', () => {
  const edns = { flags: config.flags | RES_USE_EDNS0 };
  /** FORMERR, without the question (as a server that cannot parse OPT), to an EDNS query; else an answer. */
  const noEdnsServer = (q: Message) => (q.edns !== undefined ? { id: q.id, flags: { qr: true }, rcode: 'FORMERR' as const } : ok('192.0.2.3')(q));

  it('FORMERR to an EDNS query is asked again of the same server without EDNS, and the server is remembered', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: noEdnsServer, [S2]: ok() }), edns);
    expect((await resolver.query('e1.test')).answers[0]!.data).toBe('192.0.2.3');
    await resolver.query('e2.test');
    expect(transport.events).toEqual([
      `udp ${S1} A e1.test +edns @0ms -> FORMERR`,
      `udp ${S1} A e1.test @0ms -> NOERROR`,
      `udp ${S1} A e2.test @0ms -> NOERROR`,
    ]);
  });

  it('only the server that gave FORMERR loses EDNS', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: noEdnsServer, [S2]: ok() }), edns);
    await resolver.query('e1.test');
    transport.script = byServer({ [S1]: silent, [S2]: ok() });
    await resolver.query('e2.test');
    expect(transport.events.slice(2)).toEqual([`udp ${S1} A e2.test @0ms -> timeout`, `udp ${S2} A e2.test +edns @2000ms -> NOERROR`]);
  });

  it('FORMERR to a query without EDNS is final (EFORMERR)', async () => {
    const { transport, resolver } = setup((c) => reply(c.query, { rcode: 'FORMERR' }));
    expect((await failure(resolver.query('f.test'))).code).toBe('EFORMERR');
    expect(transport.events).toEqual([`udp ${S1} A f.test @0ms -> FORMERR`]);
  });

  it('a truncated UDP reply is asked again over TCP of the same server', async () => {
    const all = (q: Message) => Array.from({ length: 40 }, (_, i) => answer(q, `192.0.2.${i + 1}`));
    const { transport, resolver } = setup(
      byServer({ [S1]: (q, kind) => (kind === 'udp' ? reply(q, { tc: true, answers: all(q).slice(0, 5) }) : reply(q, { answers: all(q) })), [S2]: ok() }),
    );
    const res = await resolver.query('big.test');
    expect(res.transport).toBe('tcp');
    expect(res.server).toBe(S1);
    expect(res.answers).toHaveLength(40);
    expect(transport.events).toEqual([`udp ${S1} A big.test @0ms -> NOERROR tc`, `tcp ${S1} A big.test @0ms -> NOERROR`]);
  });

  it('RES_IGNTC keeps the truncated reply', async () => {
    const { transport, resolver } = setup((c) => reply(c.query, { tc: true, answers: [answer(c.query, '192.0.2.1')] }));
    const res = await resolver.query('big.test', 'A', { flags: RES_IGNTC });
    expect(res.transport).toBe('udp');
    expect(res.flags.tc).toBe(true);
    expect(transport.events).toEqual([`udp ${S1} A big.test @0ms -> NOERROR tc`]);
  });

  it('RES_USEVC (or options use-vc) sends every try over TCP', async () => {
    const { transport, resolver } = setup(silent);
    await failure(resolver.query('vc.test', 'A', { flags: RES_USEVC }));
    expect(transport.exchanges.map((x) => x.kind)).toEqual(['tcp', 'tcp', 'tcp', 'tcp']);
    const vc = createConfig({ resolvConf: 'nameserver 127.0.0.1\noptions use-vc timeout:1\n' });
    const t2 = new ScriptedTransport(byServer({ [S1]: ok() }));
    const res = await new Resolver({ config: vc, transport: t2, cache: 'off' }).query('vc2.test');
    expect(res.transport).toBe('tcp');
    expect(t2.events).toEqual([`tcp ${S1} A vc2.test @0ms -> NOERROR`]);
  });

  it('a TCP server that accepts and says nothing costs the timeout per try', async () => {
    const { transport, resolver } = setup(silent);
    const err = await failure(resolver.send(buildQuery('stall.test', 'A'), { flags: RES_USEVC, attempts: 1, timeoutMs: 300 }));
    expect(err.code).toBe('ETIMEOUT');
    expect(transport.events).toEqual([`tcp ${S1} A stall.test @0ms -> timeout`, `tcp ${S2} A stall.test @300ms -> timeout`]);
  });
});

describe('what is accepted', () => {
  it('wrong ID, wrong question, other opcode and bad bytes are ignored; the real reply that follows is taken', async () => {
    const { transport, resolver } = setup(({ query }) => [
      reply(query, { id: (query.id + 1) & 0xffff, answers: [answer(query, '203.0.113.1')] }),
      reply(query, { questions: [{ name: 'other.test', type: 'A', class: 'IN' }] }),
      reply(query, { questions: [{ ...query.questions[0]!, type: 'AAAA' }] }),
      reply(query, { opcode: 'NOTIFY', answers: [answer(query, '203.0.113.2')] }),
      Buffer.from('garbage that is not DNS'),
      malformed(query),
      reply(query, { answers: [answer(query, '192.0.2.7')] }),
    ]);
    const res = await resolver.query('www.spoof.test');
    expect(res.answers.map((a) => a.data)).toEqual(['192.0.2.7']);
    expect(transport.events).toEqual([`udp ${S1} A www.spoof.test @0ms -> NOERROR`]);
  });

  it('the question name is compared case-insensitively', async () => {
    const { resolver } = setup(({ query }) => reply(query, { questions: [{ ...query.questions[0]!, name: 'WWW.Case.TEST' }], answers: [answer(query, '192.0.2.8')] }));
    expect((await resolver.query('www.case.test')).answers[0]!.data).toBe('192.0.2.8');
  });

  it('a reply with a different opcode (NOTIFY) is not accepted for a query, and a QUERY reply not for a NOTIFY', async () => {
    const { transport, resolver } = setup(({ query }) => reply(query, { opcode: 'NOTIFY' }));
    expect((await failure(resolver.query('op.test'))).code).toBe('ETIMEOUT');
    expect(transport.events).toHaveLength(4);
    const notify = encodeMessage({ id: 9, opcode: 'NOTIFY', flags: { aa: true }, questions: [{ name: 'zone.test', type: 'SOA', class: 'IN' }] });
    expect((await resolver.send(notify)).message.opcode).toBe('NOTIFY');
    transport.script = ({ query }) => reply(query, { opcode: 'QUERY' });
    expect((await failure(resolver.send(notify, { attempts: 1 }))).code).toBe('ETIMEOUT');
  });

  const signed = (r: { message: Message }) => (r.message.answers.some((a) => a.data === '192.0.2.1') ? undefined : new Error('not signed'));

  it('an acceptance check that refuses a forged reply keeps waiting and takes the real one after it', async () => {
    const { transport, resolver } = setup(({ query }) => [reply(query, { answers: [answer(query, '203.0.113.66')] }), { delay: 5 }, ok('192.0.2.1')(query)]);
    const got = await resolver.send(buildQuery('tsig.test', 'A'), { accept: signed });
    expect(got.message.answers.map((a) => a.data)).toEqual(['192.0.2.1']);
    expect(got.server).toBe(S1);
    expect(transport.events).toEqual([`udp ${S1} A tsig.test @0ms -> NOERROR`]);
    expect(transport.now()).toBe(5);
  });

  it('when only refused replies come, the refusal is the outcome, after every server was tried once: never success', async () => {
    const { transport, resolver } = setup(({ query }) => reply(query, { answers: [answer(query, '203.0.113.66')] }));
    const err = await resolver.send(buildQuery('tsig.test', 'A'), { accept: signed }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(DnsError);
    expect((err as Error).message).toBe('not signed');
    expect(transport.events).toEqual([
      // A server that gave only unverifiable replies is not asked again in later rounds.
      `udp ${S1} A tsig.test @0ms -> rejected: not signed`,
      `udp ${S2} A tsig.test @2000ms -> rejected: not signed`,
    ]);
  });

  it('a refused reply from one server and a real one from the next: the real one', async () => {
    const { resolver } = setup(byServer({ [S1]: (q) => reply(q, { answers: [answer(q, '203.0.113.66')] }), [S2]: ok('192.0.2.1') }));
    const got = await resolver.send(buildQuery('tsig.test', 'A'), { accept: signed });
    expect(got.server).toBe(S2);
  });
});

describe('message IDs: built per try for the transport\'s ID', () => {
  it('each try of a query is a fresh message with a fresh ID', async () => {
    const { transport, resolver } = setup(silent, { ids: idSequence(11, 22, 33, 44) });
    await failure(resolver.query('ids.test'));
    expect(transport.exchanges.map((x) => x.id)).toEqual([11, 22, 33, 44]);
    expect(transport.exchanges.map((x) => x.query.id)).toEqual([11, 22, 33, 44]);
  });

  it('send with `build` builds every try, for the ID that try goes out with, and reports that try\'s message', async () => {
    const { transport, resolver } = setup(byServer({ [S1]: silent, [S2]: ok() }), { ids: idSequence(500, 600) });
    const built: number[] = [];
    const got = await resolver.send(buildQuery('b.test', 'A', { id: 1 }), {
      build: (id) => {
        built.push(id);
        return buildQuery('b.test', 'A', { id });
      },
    });
    // A message built per try (a signed update) gets a fresh random ID each try, not the wire's.
    expect(built).toEqual([500, 600]);
    expect(transport.exchanges.map((x) => x.query.id)).toEqual([500, 600]);
    expect(got.query.readUInt16BE(0)).toBe(600);
    expect(got.message.id).toBe(600);
  });

  it('send of a caller\'s wire keeps its ID where free, and gets another on a kept-open connection that has it pending', async () => {
    const { transport, resolver } = setup(({ n, query }) => (n === 0 ? ['hang', ok()(query)] : ok()(query)), { ids: idSequence(777) });
    const wire = buildQuery('keep.test', 'A', { id: 4242 });
    const flags = RES_USEVC | RES_STAYOPEN;
    const first = resolver.send(wire, { flags });
    await transport.untilHanging(1);
    // 4242 is pending on the kept-open connection to the server: the transport picks another.
    const second = await resolver.send(wire, { flags });
    expect(second.message.id).toBe(777);
    expect(second.query.readUInt16BE(0)).toBe(777);
    expect(second.query.subarray(2)).toEqual(wire.subarray(2));
    transport.release();
    expect((await first).message.id).toBe(4242);
    // Free again (and a UDP exchange has a socket of its own): the caller's ID.
    const third = await resolver.send(wire, { flags });
    const udp = await resolver.send(wire);
    expect([third.message.id, udp.message.id]).toEqual([4242, 4242]);
    expect(udp.wire.readUInt16BE(0)).toBe(4242);
    expect(transport.exchanges.map((x) => `${x.kind} ${x.id}`)).toEqual(['tcp 4242', 'tcp 777', 'tcp 4242', 'udp 4242']);
  });
});

describe('cancellation and sharing', () => {
  const hang = () => 'hang' as const;

  it('cancel() ends hanging exchanges with ECANCELLED', async () => {
    const { transport, resolver } = setup(hang);
    const ps = [resolver.query('c1.test'), resolver.query('c2.test')];
    await transport.untilHanging(2);
    resolver.cancel();
    for (const p of ps) expect((await failure(p)).code).toBe('ECANCELLED');
    expect(transport.hanging).toBe(0);
    expect(transport.events).toEqual([`udp ${S1} A c1.test @0ms -> cancelled`, `udp ${S1} A c2.test @0ms -> cancelled`]);
    // The resolver works on after cancel().
    transport.script = ({ query }) => ok()(query);
    expect((await resolver.query('c3.test')).server).toBe(S1);
  });

  it('an AbortSignal ends a hanging send, and its exchange with it', async () => {
    const { transport, resolver } = setup(hang);
    const ac = new AbortController();
    const p = resolver.send(buildQuery('send-abort.test', 'A'), { signal: ac.signal });
    await transport.untilHanging(1);
    ac.abort();
    expect((await failure(p)).code).toBe('ECANCELLED');
    expect(transport.hanging).toBe(0);
    expect(transport.events).toEqual([`udp ${S1} A send-abort.test @0ms -> cancelled`]);
  });

  it('send with an AbortSignal already aborted sends nothing', async () => {
    const { transport, resolver } = setup(hang);
    const ac = new AbortController();
    ac.abort();
    expect((await failure(resolver.send(buildQuery('a.test', 'A'), { signal: ac.signal }))).code).toBe('ECANCELLED');
    expect(transport.exchanges).toHaveLength(0);
  });

  it('an AbortSignal rejects that query with ECANCELLED', async () => {
    const { transport, resolver } = setup(hang);
    const ac = new AbortController();
    const p = resolver.query('abort.test', 'A', { signal: ac.signal });
    await transport.untilHanging(1);
    ac.abort();
    expect((await failure(p)).code).toBe('ECANCELLED');
  });

  it('identical questions in flight share one exchange', async () => {
    const { transport, resolver } = setup(({ query }) => ['hang', ok('192.0.2.4')(query)]);
    const all = Promise.all([resolver.query('same.test'), resolver.query('SAME.test.'), resolver.query('same.test')]);
    await transport.untilHanging(1);
    expect(transport.release()).toBe(1);
    expect((await all).map((x) => x.answers[0]!.data)).toEqual(['192.0.2.4', '192.0.2.4', '192.0.2.4']);
    expect(transport.exchanges).toHaveLength(1);
  });

  it('questions that differ in type, class or flags do not share one', async () => {
    const { transport, resolver } = setup(hang);
    const ps = [resolver.query('apart.test'), resolver.query('apart.test', 'AAAA'), resolver.query('apart.test', 'A', { class: 'CH' }), resolver.query('apart.test', 'A', { flags: RES_NOCACHE })];
    await transport.untilHanging(4);
    expect(transport.exchanges).toHaveLength(4);
    resolver.cancel();
    expect(await Promise.all(ps.map((p) => failure(p).then((e) => e.code)))).toEqual(Array(4).fill('ECANCELLED'));
  });

  it('one caller aborting a shared exchange does not cancel it for the others', async () => {
    const { transport, resolver } = setup(({ query }) => ['hang', ok('192.0.2.4')(query)]);
    const ac = new AbortController();
    const first = resolver.query('shared.test', 'A', { signal: ac.signal });
    const second = resolver.query('shared.test', 'A');
    await transport.untilHanging(1);
    ac.abort();
    expect((await failure(first)).code).toBe('ECANCELLED');
    expect(transport.hanging).toBe(1);
    transport.release();
    expect((await second).answers[0]!.data).toBe('192.0.2.4');
    expect(transport.events).toEqual([`udp ${S1} A shared.test @0ms -> NOERROR`]);
  });

  it('many queries hanging, then cancel(): all reject, those in flight and those waiting for room, and none of these goes to the transport after', async () => {
    const { transport, resolver } = setup(hang);
    // Every request handed to the transport, before any check of its own.
    let asked = 0;
    const udp = transport.udp.bind(transport);
    transport.udp = (request) => {
      asked++;
      return udp(request);
    };
    const ps = Array.from({ length: 200 }, (_, i) => resolver.query(`many${i}.test`));
    await transport.untilHanging(DEFAULT_UDP_WINDOW);
    expect(asked).toBe(DEFAULT_UDP_WINDOW);
    resolver.cancel();
    const codes = await Promise.all(ps.map((p) => failure(p).then((e) => e.code)));
    expect(new Set(codes)).toEqual(new Set(['ECANCELLED']));
    expect(transport.hanging).toBe(0);
    expect(asked).toBe(DEFAULT_UDP_WINDOW);
  });

  it('close() cancels what is in progress and leaves a passed-in transport open', async () => {
    const { transport, resolver } = setup(hang);
    const p = resolver.query('close.test');
    await transport.untilHanging(1);
    resolver.close();
    expect((await failure(p)).code).toBe('ECANCELLED');
    expect(transport.closed).toBe(0);
  });
});

describe('getaddrinfo over the engine', () => {
  it('flags: RES_NOAAAA makes getaddrinfo ask no AAAA', async () => {
    const script: Script = ({ query }) => (query.questions[0]!.type === 'A' ? ok('192.0.2.10')(query) : reply(query));
    const { transport, resolver } = setup(script, { flags: config.flags | RES_NOAAAA });
    expect(resolver.config.options.noAaaa).toBe(true);
    const found = await getaddrinfo('x.test', null, {}, { resolver });
    expect(found.map((a) => a.address)).toContain('192.0.2.10');
    expect(transport.events.filter((e) => e.includes(' AAAA '))).toEqual([]);
    expect(transport.events).toContain(`udp ${S1} A x.test @0ms -> NOERROR`);
    // Without the flag the same lookup asks AAAA too: the check above can fail.
    const plain = setup(script);
    await getaddrinfo('x.test', null, {}, { resolver: plain.resolver });
    expect(plain.transport.events.filter((e) => e.includes(' AAAA '))).toHaveLength(1);
  });

  it('RES_NOAAAA: an AAAA question is asked as A, and read as AAAA with nothing in it (glibc\'s res-noaaaa.c)', async () => {
    // x.test has an address; nope.test does not exist.
    const script: Script = ({ query }) => {
      const q = query.questions[0]!;
      if (q.name === 'nope.test') return reply(query, { rcode: 'NXDOMAIN' });
      return q.type === 'A' ? ok('192.0.2.10')(query) : reply(query, { answers: [answer(query, '2001:db8::10')] });
    };
    const { transport, resolver } = setup(script, { flags: config.flags | RES_NOAAAA });
    const nodata = await failure(resolver.query('x.test', 'AAAA'));
    expect(nodata).toMatchObject({ code: 'ENODATA', type: 'AAAA', hostname: 'x.test', servers: [S1] });
    expect(nodata.response).toMatchObject({ rcode: 'NOERROR', questions: [{ name: 'x.test', type: 'AAAA' }], answers: [], additionals: [] });
    expect(await failure(resolver.query('nope.test', 'aaaa'))).toMatchObject({ code: 'ENOTFOUND', type: 'AAAA', response: { rcode: 'NXDOMAIN' } });
    expect(transport.events).toEqual([`udp ${S1} A x.test @0ms -> NOERROR`, `udp ${S1} A nope.test @0ms -> NXDOMAIN`]);
    // getaddrinfo for AF_INET6 tells the two apart as glibc does: EAI_NODATA, EAI_NONAME.
    const code = (name: string) => getaddrinfo(name, null, { family: 10 }, { resolver }).then(() => 'found', (e: { code: string }) => e.code);
    expect([await code('x.test'), await code('nope.test')]).toEqual(['EAI_NODATA', 'EAI_NONAME']);
    // node's resolve6 asks AAAA as asked (c-ares has no no-aaaa), and so does AS_ASKED.
    expect(await resolver.resolve6('x.test')).toEqual(['2001:db8::10']);
    expect(transport.events.at(-1)).toBe(`udp ${S1} AAAA x.test @0ms -> NOERROR`);
    // Other types, and AAAA without the flag, go as asked.
    expect((await resolver.query('x.test', 'A')).answers.map((a) => a.data)).toEqual(['192.0.2.10']);
    expect((await setup(script).resolver.query('x.test', 'AAAA')).answers.map((a) => a.data)).toEqual(['2001:db8::10']);
  });

  it('getaddrinfo asks A and AAAA together: a dead first server costs one timeout, not two', async () => {
    const { transport, resolver } = setup(
      byServer({ [S1]: silent, [S2]: (q) => reply(q, { answers: [answer(q, q.questions[0]!.type === 'A' ? '192.0.2.1' : '2001:db8::1')] }) }),
    );
    const found = await getaddrinfo('x.test', null, { socktype: 1 }, { resolver });
    expect(found.map((a) => a.address).sort()).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(transport.events).toEqual([
      `udp ${S1} A x.test @0ms -> timeout`,
      `udp ${S1} AAAA x.test @0ms -> timeout`,
      `udp ${S2} A x.test @2000ms -> NOERROR`,
      `udp ${S2} AAAA x.test @2000ms -> NOERROR`,
    ]);
    expect(transport.now()).toBe(2000);
  });
});

describe('defensive edges', () => {
  it('an acceptance check that throws refuses the reply instead of throwing in the socket handler', async () => {
    const { resolver } = setup(({ query }) => ok()(query));
    const err = await resolver
      .send(buildQuery('throws.test', 'A'), {
        accept: () => {
          throw new Error('check blew up');
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toBe('check blew up');
  });

  it('a transport that throws rather than rejecting fails the query with its error, a rejection, and the room of its first try is given back', async () => {
    const { transport, resolver } = setup(({ query }) => ok()(query));
    const udp = transport.udp.bind(transport);
    transport.udp = () => {
      throw new Error('transport blew up');
    };
    // More than the room for first tries: each gives its room back, or the last would wait for ever.
    const many = Array.from({ length: DEFAULT_UDP_WINDOW + 1 }, (_, i) =>
      resolver.query(`throw${i}.test`).then(
        () => 'resolved',
        (e: unknown) => (e as Error).message,
      ),
    );
    expect(new Set(await Promise.all(many))).toEqual(new Set(['transport blew up']));
    transport.udp = udp;
    expect((await resolver.query('after.test')).answers).toHaveLength(1);
  });

  it('a query with an already aborted signal sends nothing', async () => {
    const { transport, resolver } = setup(({ query }) => ok()(query));
    const ac = new AbortController();
    ac.abort();
    expect(await failure(resolver.query('aborted.test', 'A', { signal: ac.signal }))).toMatchObject({ code: 'ECANCELLED' });
    expect(transport.events).toEqual([]);
  });

  it('a query with an already aborted signal is cancelled even when its answer is cached', async () => {
    const { transport, resolver } = setup(({ query }) => reply(query, { aa: true, answers: [answer(query, '192.0.2.1')] }), { cache: 'all' });
    expect((await resolver.query('cached.test', 'A')).fromCache).toBe(false);
    expect((await resolver.query('cached.test', 'A')).fromCache).toBe(true);
    const ac = new AbortController();
    ac.abort();
    expect(await failure(resolver.query('cached.test', 'A', { signal: ac.signal }))).toMatchObject({ code: 'ECANCELLED' });
    expect(await failure(resolver.search('cached.test', 'A', { signal: ac.signal }))).toMatchObject({ code: 'ECANCELLED' });
    expect(transport.events).toHaveLength(1);
    expect((await resolver.query('cached.test', 'A', { signal: new AbortController().signal })).fromCache).toBe(true);
  });
});

describe('room for first tries (first-tries.ts): at most a window of them to a server at once', () => {
  const W = DEFAULT_UDP_WINDOW;
  const names = (n: number) => Array.from({ length: n }, (_, i) => `q${i}.test`);

  it('the rest wait, and go in the order asked as first tries end', async () => {
    const { transport, resolver } = setup(({ query }) => ['hang', ok()(query)]);
    const ps = names(W + 2).map((n) => resolver.query(n));
    await transport.untilHanging(W);
    expect(transport.exchanges).toHaveLength(W);
    expect(transport.release()).toBe(W);
    await transport.untilHanging(2);
    expect(transport.exchanges.slice(W).map((x) => x.query.questions[0]!.name)).toEqual([`q${W}.test`, `q${W + 1}.test`]);
    transport.release();
    const answered = await Promise.all(ps);
    expect(answered.every((r) => r.answers.length === 1)).toBe(true);
    expect(transport.exchanges).toHaveLength(W + 2);
  });

  it("a waiting query's first try times out as if sent when asked: with time left it waits what is left, else it goes straight to the next server", async () => {
    // S1 answers q0 after 500 ms; q1 to q{W-1} hang there. q{W} takes q0's room at 500 ms with
    // the 1,500 ms left of its timeout, and times out at 2,000; q{W+1} takes that room when its
    // own timeout is over too, and so is never sent to S1.
    const { transport, resolver } = setup(
      byServer({
        [S1]: (q) => {
          const i = Number(q.questions[0]!.name.slice(1).split('.')[0]);
          return i === 0 ? [{ delay: 500 }, ok()(q)] : i < W ? ['hang', 'timeout'] : silent();
        },
        [S2]: ok('192.0.2.2'),
      }),
    );
    const ps = names(W + 2).map((n) => resolver.query(n));
    expect((await ps[W + 1]!).server).toBe(S2);
    const tried = (name: string) => transport.exchanges.filter((x) => x.query.questions[0]!.name === name).map((x) => `${x.server} ${x.start}-${x.end}`);
    expect(tried('q0.test')).toEqual([`${S1} 0-500`]);
    expect(tried(`q${W}.test`)).toEqual([`${S1} 500-2000`, `${S2} 2000-2000`]);
    expect(tried(`q${W + 1}.test`)).toEqual([`${S2} 2000-2000`]);
    expect(transport.release()).toBe(W - 1);
    expect((await Promise.all(ps)).map((r) => r.server)).toEqual([S1, ...Array<string>(W + 1).fill(S2)]);
  });
});

describe('the plan shared by queries (made once, not per query)', () => {
  it('a query after setServers or setLocalAddress, or with other flags, goes by the plan those make', async () => {
    const { transport, resolver } = setup(({ query }) => ok()(query));
    // (cancel(), which starts a new scope, is "cancel() ends hanging exchanges" above.)
    const last = () => transport.exchanges.at(-1)!;
    await resolver.query('one.test');
    expect(last().server).toBe(S1);
    expect(last().request.localAddress).toBeUndefined();
    // Another flag for one call: EDNS, then not again for the next plain query.
    await resolver.query('edns.test', 'A', { flags: RES_USE_EDNS0 });
    expect(last().query.edns).toBeDefined();
    await resolver.query('plain.test');
    expect(last().query.edns).toBeUndefined();
    // New servers: the next query goes to them.
    resolver.setServers(['127.0.0.2']);
    await resolver.query('two.test');
    expect(last().server).toBe(S2);
    // A local address: sent from it.
    resolver.setLocalAddress('127.0.0.9');
    await resolver.query('three.test');
    expect(last().request.localAddress).toBe('127.0.0.9');
  });
});

describe('out of file descriptors (EMFILE)', () => {
  it('is a local failure: code EMFILE, h_errno NETDB_INTERNAL, and no server is held to blame', async () => {
    const { transport, resolver } = setup(() => 'emfile');
    const err = await failure(resolver.query('fd.test', 'A'));
    expect(err).toMatchObject({ code: 'EMFILE', herrno: 'NETDB_INTERNAL' });
    // Every server is tried again in the next round: none was marked as refusing.
    expect(transport.exchanges.map((x) => x.server)).toEqual([S1, S2, S1, S2]);
  });

  it('gives EAI_SYSTEM from getaddrinfo, as glibc for a local fault', async () => {
    const { resolver } = setup(() => 'emfile');
    const code = await getaddrinfo('fd.test', null, {}, { resolver }).then(
      () => 'resolved',
      (e: unknown) => (e as { code: string }).code,
    );
    expect(code).toBe('EAI_SYSTEM');
  });

  it('does not hide another server\'s real answer', async () => {
    const { resolver } = setup(byServer({ [S1]: () => 'emfile', [S2]: ok('192.0.2.9') }));
    expect((await resolver.query('fd.test', 'A')).answers.map((a) => a.data)).toEqual(['192.0.2.9']);
  });
});
