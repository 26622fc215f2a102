/**
 * The resolver over real loopback sockets against a responder that lies, stalls, repeats itself
 * and hangs up: what a caller sees must be the honest answer, or a distinct error within the
 * timeout, never a poisoned answer, a crash, a hang or a leak. (What a single reply must match
 * — ID, question, source port — is test/resolver/transport.integration.test.ts; timing on a fake clock is
 * send.test.ts.) Nothing here sleeps or reads the clock: an outcome that must come "at once"
 * is asked with a timeout far longer than the test's own, so a wait for it fails the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_DEFAULT, RES_INIT, RES_STAYOPEN, RES_USEVC } from '../../src/env/flags.js';
import { encodeMessage } from '../../src/packet/codec.js';
import { buildQuery } from '../../src/packet/query.js';
import type { Message, MessageInput, ResourceRecord } from '../../src/packet/types.js';
import { Resolver, type ResolverOptions, type Transport } from '../../src/index.js';
import { failure } from '../support/outcomes.js';
import { aRecord, deadPort, replyTo, startResponder, type Incoming, type Outgoing, type OutgoingItem, type Responder } from '../support/responder.js';
import { activeResources, ObservedTransport, untilActiveResources } from './observe.js';

const open: Array<Responder | Resolver | Transport> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) {
    if (x instanceof Resolver || 'udp' in x) x.close();
    else await x.close();
  }
});

async function responder(...args: Parameters<typeof startResponder>): Promise<Responder> {
  const r = await startResponder(...args);
  open.push(r);
  return r;
}

function observed(): ObservedTransport {
  const t = new ObservedTransport();
  open.push(t);
  return t;
}

/** Longer than any test may take: an outcome that must come at once cannot come from this timeout. */
const NEVER = 60_000;
const VC = RES_INIT | RES_DEFAULT | RES_USEVC;
const VC_STAYOPEN = VC | RES_STAYOPEN;

/** A resolver that knows only the given servers: no system configuration, no search list, one try. */
function resolver(servers: string[], options: Omit<ResolverOptions, 'config' | 'nameservers'> = {}): Resolver {
  const r = new Resolver({ config: createConfig({ resolvConf: 'options attempts:1\n' }), nameservers: servers, cache: 'off', ...options });
  open.push(r);
  return r;
}

/** The true answer to `query`: one A record. */
const truth = (query: Message, address: string): Outgoing => [replyTo(query, { answers: [aRecord(query, address)] })];
/** A handler that answers every query truthfully. */
const honest = (address: string) => ({ query }: Incoming) => truth(query, address);
const A = (name: string, data: string, ttl = 3600): ResourceRecord => ({ name, type: 'A', class: 'IN', ttl, data });
const AAAA = (name: string, data: string, ttl = 3600): ResourceRecord => ({ name, type: 'AAAA', class: 'IN', ttl, data });

/** Both transports: plain UDP, and every try over TCP (RES_USEVC). */
const transports = [
  ['udp', RES_INIT | RES_DEFAULT],
  ['tcp', VC],
] as const;

describe('records for names not asked poison nothing', () => {
  // What the liar adds for the name it was not asked, in one section at a time.
  const sections = ['answers', 'authorities', 'additionals'] as const;
  const extras = (): ResourceRecord[] => [
    A('victim.test', '203.0.113.66'),
    A('VICTIM.Test', '203.0.113.67'),
    AAAA('victim.test', '2001:db8::66'),
    // Its own name, another type: not the answer to an AAAA question asked later.
    AAAA('attacker.test', '2001:db8::bad'),
    { name: 'victim.test', type: 'CNAME', class: 'IN', ttl: 3600, data: 'attacker.test' },
  ];

  /** Answers attacker.test with its own A plus `extras` in `section`; anything else honestly. */
  function liar(section: (typeof sections)[number]) {
    return ({ query }: Incoming): Outgoing => {
      const q = query.questions[0]!;
      if (q.name === 'attacker.test' && q.type === 'A') {
        const reply = replyTo(query, { answers: [aRecord(query, '192.0.2.1')] });
        return [{ ...reply, [section]: [...(reply[section] ?? []), ...extras()] }];
      }
      if (q.type === 'AAAA') return [replyTo(query, { answers: [{ ...aRecord(query, ''), type: 'AAAA', data: q.name === 'victim.test' ? '2001:db8::99' : '2001:db8::1' }] })];
      return [replyTo(query, { answers: [aRecord(query, '192.0.2.99')] })];
    };
  }

  for (const [kind, flags] of transports) {
    it.each(sections)(`over ${kind}, in the %s section: neither answered for the other name nor cached as it`, async (section) => {
      const r = await responder(liar(section));
      const res = resolver([r.server], { cache: 'all', flags });
      expect(await res.resolve4('attacker.test')).toEqual(['192.0.2.1']);
      // The victim's records were in the cache's reach: a later query of that name through the
      // same caching resolver must still go to the network and get the real answer.
      const victim = await res.query('victim.test', 'A');
      expect(victim.fromCache).toBe(false);
      expect(victim.answers.map((a) => a.data)).toEqual(['192.0.2.99']);
      expect(await res.resolve6('victim.test')).toEqual(['2001:db8::99']);
      // Nor is the asked name's record of another type cached as that type's answer.
      expect(await res.resolve6('attacker.test')).toEqual(['2001:db8::1']);
      const asked = r.received.map((x) => `${x.query.questions[0]!.type} ${x.query.questions[0]!.name}`);
      expect(asked).toEqual(['A attacker.test', 'A victim.test', 'AAAA victim.test', 'AAAA attacker.test']);
      // The honest answers were cached (cache: 'all' works), the lies were not.
      expect((await res.query('victim.test', 'A')).fromCache).toBe(true);
      expect((await res.query('attacker.test', 'A')).answers.map((a) => a.data)).toEqual(expect.arrayContaining(['192.0.2.1']));
    });
  }

  it('a CNAME chain in the reply answers the asked name only: its target is not cached as the target\'s answer', async () => {
    const r = await responder(({ query }) => {
      const q = query.questions[0]!;
      if (q.name === 'alias.attacker.test') {
        return [replyTo(query, { answers: [{ name: q.name, type: 'CNAME', class: 'IN', ttl: 3600, data: 'victim.test' }, A('victim.test', '203.0.113.66')] })];
      }
      return [replyTo(query, { answers: [aRecord(query, '192.0.2.99')] })];
    });
    const res = resolver([r.server], { cache: 'all' });
    // The chain is the liar's to give for its own name (glibc takes it too) ...
    expect(await res.resolve4('alias.attacker.test')).toEqual(['203.0.113.66']);
    // ... but the name it points to is asked of the network, and gets its real answer.
    const victim = await res.query('victim.test', 'A');
    expect(victim.fromCache).toBe(false);
    expect(victim.answers.map((a) => a.data)).toEqual(['192.0.2.99']);
  });
});

describe('TC on every reply', () => {
  it('a truncated UDP reply is asked once over TCP, and a TCP reply with TC is taken as it is, not looped', async () => {
    const r = await responder(({ query, transport }) => [
      replyTo(query, { flags: { tc: true }, answers: [aRecord(query, transport === 'udp' ? '192.0.2.1' : '192.0.2.2')] }),
    ]);
    const res = await resolver([r.server], { tries: 3 }).query('tc.test');
    expect(res.transport).toBe('tcp');
    expect(res.flags.tc).toBe(true);
    expect(res.answers.map((a) => a.data)).toEqual(['192.0.2.2']);
    expect(r.received.map((x) => x.transport)).toEqual(['udp', 'tcp']);
  });

  it('with RES_USEVC (and RES_STAYOPEN) a TC reply over TCP is the answer: one query each', async () => {
    const r = await responder(({ query }) => [replyTo(query, { flags: { tc: true }, answers: [aRecord(query, '192.0.2.3')] })]);
    for (const flags of [VC, VC_STAYOPEN]) {
      const res = await resolver([r.server], { flags, tries: 3 }).query(`tc${flags}.test`);
      expect(res).toMatchObject({ transport: 'tcp', flags: { tc: true } });
    }
    expect(r.received.map((x) => x.transport)).toEqual(['tcp', 'tcp']);
  });
});

describe('a TCP server that starts a reply and stops', () => {
  /** A first server whose TCP replies are `items`, and an honest second one; the query over TCP. */
  async function tcpFirst(items: (query: Message) => OutgoingItem[], timeout: number) {
    const hostile = await responder(({ query }) => items(query));
    const good = await responder(honest('192.0.2.5'));
    const transport = observed();
    const res = resolver([hostile.server, good.server], { flags: VC, timeout, transport });
    return { hostile, good, transport, res };
  }

  const half = (query: Message) => {
    const wire = encodeMessage(replyTo(query, { answers: [aRecord(query, '203.0.113.1')] }));
    const framed = Buffer.alloc(2 + wire.length);
    framed.writeUInt16BE(wire.length, 0);
    wire.copy(framed, 2);
    return framed.subarray(0, 2 + (wire.length >> 1));
  };

  it.each([
    ['a length prefix, then silence', () => [{ raw: Buffer.from([0x01, 0x00]) }]],
    ['half a reply, then silence', (q: Message) => [{ raw: half(q) }]],
  ] as const)('%s: that server costs its timeout (ETIMEOUT), the next answers, the connection is closed', async (_, items) => {
    const { hostile, good, transport, res } = await tcpFirst(items as (q: Message) => OutgoingItem[], 300);
    const answer = await res.query('prefix.test');
    expect(answer.server).toBe(good.server);
    expect(transport.log).toEqual([`tcp ${hostile.server} -> ETIMEOUT`, `tcp ${good.server} -> NOERROR`]);
    await hostile.untilNoConnections();
  });

  it.each([
    ['accepted, then closed at once', () => ['close']],
    ['a length prefix, then closed', () => [{ raw: Buffer.from([0x01, 0x00]) }, 'close']],
    ['half a reply, then closed', (q: Message) => [{ raw: half(q) }, 'close']],
    ['half a reply, then reset', (q: Message) => [{ raw: half(q) }, 'reset']],
  ] as const)('%s: ECONNREFUSED at once, and the next server is tried', async (_, items) => {
    const { hostile, good, transport, res } = await tcpFirst(items as (q: Message) => OutgoingItem[], NEVER);
    const answer = await res.query('closed.test');
    expect(answer.server).toBe(good.server);
    expect(transport.log).toEqual([`tcp ${hostile.server} -> ECONNREFUSED`, `tcp ${good.server} -> NOERROR`]);
  });

  it('closed mid-reply on a kept-open channel: the queries on it fail at once, and the next query opens a new channel', async () => {
    let closeNext = true;
    const r = await responder(({ query }) => {
      if (closeNext) {
        closeNext = false;
        return [{ raw: half(query) }, 'close'];
      }
      return truth(query, '192.0.2.6');
    });
    const transport = observed();
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: NEVER, transport });
    expect((await failure(res.query('first.test'))).code).toBe('ECONNREFUSED');
    expect((await res.query('second.test')).answers[0]!.data).toBe('192.0.2.6');
    expect(r.tcpConnections).toBe(2);
  });

  it('a server that refuses TCP (nothing listens) is ECONNREFUSED at once, and the next is tried', async () => {
    const dead = `127.0.0.1:${await deadPort()}`;
    const good = await responder(honest('192.0.2.5'));
    const transport = observed();
    const answer = await resolver([dead, good.server], { flags: VC, timeout: NEVER, transport }).query('refused.test');
    expect(answer.server).toBe(good.server);
    expect(transport.log).toEqual([`tcp ${dead} -> ECONNREFUSED`, `tcp ${good.server} -> NOERROR`]);
  });
});

describe('65,535 octets of garbage over TCP', () => {
  const random = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
    return b;
  };
  /** A 65,535-octet frame that starts like a reply to `query` (its ID, QR, one question, 65,535 answers), then garbage. */
  const framedGarbage = (query: Message) => {
    const body = random(65_535);
    body.writeUInt16BE(query.id, 0);
    body.writeUInt16BE(0x8400, 2);
    body.writeUInt16BE(1, 4);
    body.writeUInt16BE(0xffff, 6);
    return Buffer.concat([Buffer.from([0xff, 0xff]), body]);
  };

  it.each([
    ['one whole frame that starts with the query\'s ID', framedGarbage, 'EBADRESP'],
    ['unframed (its first octets read as a length)', () => random(65_535), 'ETIMEOUT'],
  ] as const)('%s: %s or a timeout, no crash, and the connection is closed', async (_, garbage, code) => {
    const r = await responder(({ query }) => [{ raw: garbage(query) }]);
    const transport = observed();
    const err = await failure(resolver([r.server], { flags: VC, timeout: 500, transport }).query('garbage.test'));
    expect(err.code).toBe(code);
    expect(transport.log).toEqual([`tcp ${r.server} -> ${code}`]);
    await r.untilNoConnections();
  });

  it('over UDP, the largest datagram (65,507 octets) of garbage with the query\'s ID: EBADRESP, no crash', async () => {
    const r = await responder(({ query }) => [{ raw: framedGarbage(query).subarray(2, 2 + 65_507) }]);
    const err = await failure(resolver([r.server], { timeout: 500 }).query('garbage.test'));
    expect(err.code).toBe('EBADRESP');
  });

  it('garbage on a kept-open channel does not stop the next query on it', async () => {
    let first = true;
    const r = await responder(({ query }) => {
      if (!first) return truth(query, '192.0.2.7');
      first = false;
      return [{ raw: framedGarbage(query) }];
    });
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: 500 });
    expect((await failure(res.query('garbage.test'))).code).toBe('EBADRESP');
    expect((await res.query('after.test')).answers[0]!.data).toBe('192.0.2.7');
    expect(r.tcpConnections).toBe(1);
  });
});

describe('a reply after the timeout', () => {
  it('is ignored: not the answer to the retry, not cached, no crash, nothing left open', async () => {
    // The first try is not answered until the second has arrived; then its late reply (a lie)
    // goes to the first try's source port, and the second try's to its own, after it.
    const r = await responder(({ query, index }) => {
      if (index === 0) return [];
      const first = r.received[0]!;
      return [
        { to: first, send: replyTo(first.query, { answers: [aRecord(first.query, '203.0.113.13')] }) },
        replyTo(query, { id: first.query.id, answers: [aRecord(query, '203.0.113.14')] }),
        replyTo(query, { answers: [aRecord(query, '192.0.2.13')] }),
      ];
    });
    const baseline = activeResources().length;
    const transport = observed();
    const res = resolver([r.server], { timeout: 300, tries: 2, cache: 'all', transport });
    const answer = await res.query('late.test');
    expect(answer.answers.map((a) => a.data)).toEqual(['192.0.2.13']);
    expect(transport.log).toEqual([`udp ${r.server} -> ETIMEOUT`, `udp ${r.server} -> NOERROR`]);
    expect((await res.query('late.test')).answers.map((a) => a.data)).toEqual(['192.0.2.13']);
    res.close();
    transport.close();
    await untilActiveResources(baseline);
  });

  it('over TCP, a reply to a query that timed out on a kept-open channel is ignored, and the channel still serves', async () => {
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    const r = await responder(({ query, index }) =>
      index === 0 ? [{ wait: late }, replyTo(query, { answers: [aRecord(query, '203.0.113.15')] })] : truth(query, '192.0.2.15'),
    );
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: 300, cache: 'all' });
    expect((await failure(res.query('slow.test'))).code).toBe('ETIMEOUT');
    release();
    // The late reply and this query's reply come on the same connection, the late one first.
    expect((await res.query('next.test')).answers[0]!.data).toBe('192.0.2.15');
    const again = await res.query('slow.test');
    expect(again.answers[0]!.data).toBe('192.0.2.15');
    expect(again.fromCache).toBe(false);
    expect(r.tcpConnections).toBe(1);
  });
});

describe('a late reply on a kept-open channel whose ID is pending again', () => {
  it('is not taken for the new query that has the ID now (another question): the real reply is', async () => {
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    const r = await responder(({ query, index }) =>
      // Both wait for the release; the late reply was waiting first, so it is written first.
      index === 0 ? [{ wait: late }, replyTo(query, { answers: [aRecord(query, '203.0.113.16')] })] : [{ wait: late }, ...truth(query, '192.0.2.16')],
    );
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: 300 });
    // res_send keeps a caller's ID where it is free: both go out as 4242, the second once the first has timed out.
    expect((await failure(res.send(buildQuery('slow.test', 'A', { id: 4242 })))).code).toBe('ETIMEOUT');
    const second = res.send(buildQuery('next.test', 'A', { id: 4242 }));
    await r.untilReceived(2);
    release();
    const got = await second;
    expect(r.received.map((x) => x.query.id)).toEqual([4242, 4242]);
    expect(got.message.answers.map((a) => `${a.name} ${a.data}`)).toEqual(['next.test 192.0.2.16']);
    expect(r.tcpConnections).toBe(1);
  });
});

describe('two replies to one query', () => {
  /** Replies the resolver must not take for `query`; each is paired with the real one. */
  const bad: Array<[string, (query: Message) => MessageInput | Buffer]> = [
    ['malformed (one answer announced, none there)', (q) => {
      const b = Buffer.alloc(12);
      b.writeUInt16BE(q.id, 0);
      b.writeUInt16BE(0x8000, 2);
      b.writeUInt16BE(1, 6);
      return b;
    }],
    ['shorter than a header', (q) => Buffer.from([q.id >> 8, q.id & 0xff, 0x80])],
    ['for another question', (q) => replyTo(q, { questions: [{ name: 'other.test', type: 'A', class: 'IN' }], answers: [A('other.test', '203.0.113.21')] })],
    ['with another ID', (q) => replyTo(q, { id: q.id ^ 0x8000, answers: [aRecord(q, '203.0.113.22')] })],
    ['with opcode NOTIFY', (q) => replyTo(q, { opcode: 'NOTIFY', answers: [aRecord(q, '203.0.113.23')] })],
    ['with QR clear (the query echoed back)', (q) => ({ ...replyTo(q, { answers: [aRecord(q, '203.0.113.24')] }), flags: { qr: false, rd: true } })],
    ['NOERROR without a question', (q) => ({ id: q.id, flags: { qr: true, aa: true }, answers: [aRecord(q, '203.0.113.25')] })],
  ];
  const good = (q: Message) => replyTo(q, { answers: [aRecord(q, '192.0.2.20')] });

  for (const [kind, flags] of transports) {
    for (const [order, pair] of [
      ['bad then good', (b: MessageInput | Buffer, g: MessageInput) => [b, g]],
      ['good then bad', (b: MessageInput | Buffer, g: MessageInput) => [g, b]],
    ] as const) {
      it.each(bad)(`over ${kind}, ${order}, the bad one %s: the good one is the answer`, async (_, makeBad) => {
        const r = await responder(({ query }) => pair(makeBad(query), good(query)));
        const res = resolver([r.server], { flags: flags | RES_STAYOPEN, timeout: NEVER, cache: 'all' });
        expect((await res.query('two.test')).answers.map((a) => a.data)).toEqual(['192.0.2.20']);
        // Whatever came second did not replace the answer, nor break the channel for the next query.
        expect((await res.query('two.test')).answers.map((a) => a.data)).toEqual(['192.0.2.20']);
        expect((await res.query('three.test')).answers.map((a) => a.data)).toEqual(['192.0.2.20']);
        expect(r.received).toHaveLength(2);
      });
    }
  }
});

describe('replies that are never the answer', () => {
  for (const [kind, flags] of transports) {
    it(`over ${kind}, opcode NOTIFY (with the query's ID and question) is not accepted: ETIMEOUT`, async () => {
      const r = await responder(({ query }) => [replyTo(query, { opcode: 'NOTIFY', answers: [aRecord(query, '203.0.113.31')] })]);
      const err = await failure(resolver([r.server], { flags, timeout: 300 }).query('notify.test'));
      expect(err.code).toBe('ETIMEOUT');
      expect(err.response).toBeUndefined();
    });

    it(`over ${kind}, NOERROR without a question is ignored, and the timeout says EBADRESP`, async () => {
      const r = await responder(({ query }) => [{ id: query.id, flags: { qr: true, aa: true }, answers: [aRecord(query, '203.0.113.32')] }]);
      const transport = observed();
      const err = await failure(resolver([r.server], { flags, timeout: 300, transport }).query('noq.test'));
      expect(err.code).toBe('EBADRESP');
      expect(transport.log).toEqual([`${kind} ${r.server} -> EBADRESP`]);
    });
  }
});

describe('a kept-open channel the server closes', () => {
  // A server may close a connection it has answered on at any time: named when it is idle or
  // restarted, a server without pipelining after each reply. A query written just before the
  // close, or waiting behind the one answered, is lost with the connection; glibc's send_vc asks
  // the same server again on a new connection ("A long running process might get its TCP
  // connection reset if the remote server was restarted. Requery the server ...").
  it('after each reply: queries one after another all succeed, each on a new connection', async () => {
    const r = await responder(({ query }) => [...truth(query, '192.0.2.40'), 'close']);
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: NEVER });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await res.query(`seq${i}.test`).then((x) => x.answers[0]!.data as string, (e: { code?: string }) => e.code ?? String(e)));
    expect(outcomes).toEqual(Array(10).fill('192.0.2.40'));
    expect(r.tcpConnections).toBeGreaterThanOrEqual(10);
  });

  it('a server that answers one query per connection: queries sent together all succeed', async () => {
    const r = await responder(({ query, index }) => {
      // Only the first query read on each connection is answered; the rest are lost with it.
      const first = r.received.findIndex((x) => x.connection === r.received[index]!.connection) === index;
      return first ? [...truth(query, '192.0.2.41'), 'close'] : [];
    });
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: NEVER });
    const names = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}.together.test`);
    const outcomes = await Promise.all(names.map((n) => res.query(n).then((x) => x.answers[0]!.data, (e: { code?: string }) => e.code ?? String(e))));
    expect(outcomes).toEqual(Array(5).fill('192.0.2.41'));
  });

  it('closed mid-reply again on the new connection: ECONNREFUSED at once, asked twice, no loop', async () => {
    const r = await responder(({ query }) => (query.questions[0]!.name === 'bad.test' ? [{ raw: Buffer.from([0x01, 0x00, 0x12]) }, 'close'] : truth(query, '192.0.2.42')));
    const res = resolver([r.server], { flags: VC_STAYOPEN, timeout: NEVER, tries: 3 });
    expect((await res.query('good.test')).answers[0]!.data).toBe('192.0.2.42');
    expect((await failure(res.query('bad.test'))).code).toBe('ECONNREFUSED');
    expect(r.received.filter((x) => x.query.questions[0]!.name === 'bad.test')).toHaveLength(2);
  });
});
