/**
 * The UDP socket pool against loopback responders: each socket carries several queries, each
 * with an ID never used before on that socket; sockets retire after udpMaxQueries; an ICMP
 * refusal ends the queries of that socket only; a late reply is never taken by a newer query.
 */
import type { Message } from '../../src/packet/types.js';
import dgram from 'node:dgram';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { ArgumentError } from '../../src/errors.js';
import { buildQuery } from '../../src/packet/query.js';
import { Resolver } from '../../src/index.js';
import { CancelScope, ReplyJudge, type ExchangeRequest, type Server } from '../../src/resolver/transport.js';
import { DEFAULT_UDP_SOCKETS, UDP_MAX_AGE_MS, UdpChannel, UdpPool } from '../../src/resolver/transport-udp.js';
import { failure } from '../support/outcomes.js';
import { aRecord, deadPort, replyTo, startResponder, type Responder } from '../support/responder.js';

setFlagsFromString('--expose-gc');

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const x of open.splice(0).reverse()) await x.close();
});

/**
 * Holds the sockets' clock (performance.now()) still, at a whole millisecond so that sums stay
 * exact, for the test to move by hand (`clock.ms += ...`) rather than wait; afterEach lets it go.
 */
function holdClock(): { ms: number } {
  const clock = { ms: Math.floor(performance.now()) };
  vi.spyOn(performance, 'now').mockImplementation(() => clock.ms);
  return clock;
}

async function responder(...args: Parameters<typeof startResponder>): Promise<Responder> {
  const r = await startResponder(...args);
  open.push(r);
  return r;
}

const serverOf = (port: number): Server => ({ address: '127.0.0.1', port, family: 4 });

/** A request for `name`/A; `ids` hears the ID the transport chose. */
function request(server: Server, name: string, more: Partial<ExchangeRequest> & { ids?: number[] } = {}): ExchangeRequest {
  const { ids, ...rest } = more;
  return {
    server,
    build: (id) => {
      ids?.push(id);
      return buildQuery(name, 'A', { id });
    },
    expected: { name, type: 'A', class: 'IN' },
    timeoutMs: 2000,
    ...rest,
  };
}

function channel(server: Server, maxQueries: number): UdpChannel {
  const c = new UdpChannel(server, maxQueries);
  open.push(c);
  return c;
}

function pool(options: ConstructorParameters<typeof UdpPool>[0]): UdpPool {
  const p = new UdpPool(options);
  open.push(p);
  return p;
}

/** A responder that answers every query with 192.0.2.N, N counting from 1. */
const counting = () => responder(({ query, index }) => [replyTo(query, { answers: [aRecord(query, `192.0.2.${index + 1}`)] })]);

/**
 * A responder that holds each reply (an A record of `address`) until the test calls the
 * query's entry in `release`: entry i answers `r.received[i]`, in the order the queries came.
 */
async function holding(address: string): Promise<{ r: Responder; release: Array<() => void> }> {
  const release: Array<() => void> = [];
  const r = await responder(({ query }) => new Promise((ok) => release.push(() => ok([replyTo(query, { answers: [aRecord(query, address)] })]))));
  return { r, release };
}

describe('one socket, several queries', () => {
  it('each query in flight on a socket gets an ID not pending there, and each reply goes to its own query', async () => {
    // No reply goes out until all 200 have arrived: they are all in flight on the socket at once.
    let allIn!: () => void;
    const gate = new Promise<void>((ok) => (allIn = ok));
    const r = await responder(async ({ query, index }) => {
      if (index === 199) allIn();
      await gate;
      return [replyTo(query, { answers: [aRecord(query, `198.51.100.${query.questions[0]!.name.split('.')[0]!.slice(1)}`)] })];
    });
    const c = channel(serverOf(r.port), 1000);
    const names = Array.from({ length: 200 }, (_, i) => `q${i % 250}.pool.test`);
    const replies = await Promise.all(names.map((n) => c.exchange(request(serverOf(r.port), n))));
    replies.forEach((reply, i) => expect(reply.message.answers[0]!.data).toBe(`198.51.100.${i % 250}`));
    expect(new Set(r.received.map((x) => x.fromPort)).size).toBe(1);
    expect(new Set(r.received.map((x) => x.query.id)).size).toBe(200);
  });

  it('never gives an ID twice on one socket, not even the caller\'s own once it has gone out', async () => {
    const r = await counting();
    const c = channel(serverOf(r.port), 100);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) await c.exchange(request(serverOf(r.port), 'same.test', { id: 4242, ids }));
    expect(ids[0]).toBe(4242);
    expect(new Set(ids).size).toBe(5);
    expect(r.received.map((x) => x.query.id)).toEqual(ids);
  });

  it('chooses the socket first, then the ID on it, then has the message built for that ID', async () => {
    const r = await counting();
    const c = channel(serverOf(r.port), 10);
    const order: string[] = [];
    const req = request(serverOf(r.port), 'order.test');
    const reply = await c.exchange({
      ...req,
      build: (id) => {
        order.push(`build ${id}`);
        return req.build(id);
      },
    });
    expect(order).toEqual([`build ${reply.message.id}`]);
    expect(r.received[0]!.query.id).toBe(reply.message.id);
  });

  it('after 65,535 IDs on one socket the last free one is found', () => {
    // takeId is what bounds udpMaxQueries at 65535: drive it without the network.
    const c = channel(serverOf(9), 65535) as unknown as { takeId(wanted: number | undefined): number; used: Uint32Array };
    c.used.fill(0xffffffff);
    c.used[1234 >>> 5]! &= ~(1 << (1234 & 31));
    expect(c.takeId(undefined)).toBe(1234);
  });
});

describe('retirement after udpMaxQueries', () => {
  it('a socket carries at most udpMaxQueries queries, then a new one on another port takes over', async () => {
    const r = await counting();
    const p = pool({ maxQueries: 5, sockets: 1 });
    for (let i = 0; i < 20; i++) await p.exchange(request(serverOf(r.port), `r${i}.test`));
    const ports = r.received.map((x) => x.fromPort);
    const runs = ports.reduce<number[][]>((acc, port, i) => {
      if (i === 0 || port !== ports[i - 1]) acc.push([]);
      acc.at(-1)!.push(port);
      return acc;
    }, []);
    expect(runs.map((run) => run.length)).toEqual([5, 5, 5, 5]);
    expect(new Set(ports).size).toBe(4);
  });

  it(`a socket takes no new query once it is ${UDP_MAX_AGE_MS} ms old: the first to find it so is its last`, async () => {
    const r = await counting();
    const p = pool({ maxQueries: 100, sockets: 1 });
    const clock = holdClock();
    for (let i = 0; i < 3; i++) await p.exchange(request(serverOf(r.port), `a${i}.test`));
    clock.ms += UDP_MAX_AGE_MS - 1;
    await p.exchange(request(serverOf(r.port), 'young.test'));
    clock.ms += 1;
    for (let i = 0; i < 3; i++) await p.exchange(request(serverOf(r.port), `b${i}.test`));
    const ports = r.received.map((x) => x.fromPort);
    expect(ports).toHaveLength(7);
    // a0-a2 and young.test on the first socket, then b0 (which found it old) too; b1, b2 on a new one.
    expect(new Set(ports.slice(0, 5)).size).toBe(1);
    expect(ports[5]).toBe(ports[6]);
    expect(ports[5]).not.toBe(ports[0]);
  });

  it('the Resolver option: with udpMaxQueries 3 no source port serves more than 3 queries', async () => {
    const r = await counting();
    const res = new Resolver({ config: createConfig({ resolvConf: 'options timeout:1 attempts:1\n' }), nameservers: [r.server], cache: 'off', udpMaxQueries: 3 });
    open.push(res);
    await Promise.all(Array.from({ length: 30 }, (_, i) => res.query(`m${i}.test`)));
    for (let i = 0; i < 30; i++) await res.query(`s${i}.test`);
    const uses = new Map<number, number>();
    for (const x of r.received) uses.set(x.fromPort, (uses.get(x.fromPort) ?? 0) + 1);
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(3);
    expect(uses.size).toBeGreaterThanOrEqual(20);
  });

  it('the default shares a socket among queries, so it does not open one per query', async () => {
    const r = await counting();
    const res = new Resolver({ config: createConfig({ resolvConf: 'options timeout:1 attempts:1\n' }), nameservers: [r.server], cache: 'off' });
    open.push(res);
    // The clock held still: on a loaded machine 40 queries may take longer than UDP_MAX_AGE_MS.
    holdClock();
    for (let i = 0; i < 40; i++) await res.query(`d${i}.test`);
    expect(r.received).toHaveLength(40);
    expect(new Set(r.received.map((x) => x.fromPort)).size).toBeLessThanOrEqual(DEFAULT_UDP_SOCKETS);
  });

  it('udpMaxQueries must be a whole number from 1 to 65535', () => {
    const make = (udpMaxQueries: unknown) => new Resolver({ config: createConfig({ resolvConf: '' }), udpMaxQueries: udpMaxQueries as number }).close();
    for (const bad of [0, 65536, 1.5, -1, Number.NaN, '5', null]) expect(() => make(bad)).toThrow(ArgumentError);
    for (const good of [1, 100, 65535]) expect(() => make(good)).not.toThrow();
  });
});

describe('timeouts', () => {
  it('each query times out after its own timeout, a short one asked later before a long one asked first', async () => {
    const r = await responder(() => []);
    const p = pool({ sockets: 1 });
    const ended: string[] = [];
    const ask = (name: string, timeoutMs: number) =>
      failure(p.exchange(request(serverOf(r.port), name, { timeoutMs }))).then((e) => {
        ended.push(`${name} ${e.code}`);
      });
    await Promise.all([ask('long.test', 600), ask('mid.test', 300), ask('short.test', 50), ask('mid2.test', 300)]);
    expect(ended).toEqual(['short.test ETIMEOUT', 'mid.test ETIMEOUT', 'mid2.test ETIMEOUT', 'long.test ETIMEOUT']);
    expect(r.received).toHaveLength(4);
  });

  it('a query that starts on a socket as another times out there keeps its own deadline, earlier than those pending', async () => {
    // One socket, a window of 3: first (50 ms), late and later (1,200 and 1,500 ms) in flight;
    // queued waits, its 400 ms running from when it was asked, and goes out on the same socket
    // when first times out. It must time out at 400 ms, before the 800 ms of a query on a
    // socket of its own; not with late, at the timer set before it started.
    const r = await responder(() => []);
    const p = pool({ sockets: 1, window: 3 });
    const other = pool({ sockets: 1 });
    const ended: string[] = [];
    const ask = (pl: UdpPool, name: string, timeoutMs: number) =>
      failure(pl.exchange(request(serverOf(r.port), name, { timeoutMs }))).then((e) => {
        ended.push(`${name} ${e.code}`);
      });
    await Promise.all([ask(p, 'first.test', 50), ask(p, 'late.test', 1200), ask(p, 'later.test', 1500), ask(p, 'queued.test', 400), ask(other, 'apart.test', 800)]);
    expect(ended).toEqual(['first.test ETIMEOUT', 'queued.test ETIMEOUT', 'apart.test ETIMEOUT', 'late.test ETIMEOUT', 'later.test ETIMEOUT']);
  });
});

describe('when a query leaves', () => {
  it('at once, within exchange(), alone or with others waiting', async () => {
    const { r, release } = await holding('192.0.2.11');
    const p = pool({ sockets: 1 });
    const ask = (name: string) => p.exchange(request(serverOf(r.port), name));
    // A first exchange, so that the socket has connected (before, queries wait for connect()).
    const warm = ask('warm.test');
    await r.untilReceived(1);
    release.shift()!();
    await warm;
    const sends = vi.spyOn(dgram.Socket.prototype, 'send');
    const replies = [ask('now.test')];
    expect(sends).toHaveBeenCalledTimes(1);
    replies.push(ask('later1.test'), ask('later2.test'));
    expect(sends).toHaveBeenCalledTimes(3);
    sends.mockRestore();
    await r.untilReceived(4);
    for (const go of release.splice(0)) go();
    expect((await Promise.all(replies)).map((x) => x.message.answers[0]!.data)).toEqual(Array(3).fill('192.0.2.11'));
    expect(r.received.slice(-3).map((x) => x.query.questions[0]!.name)).toEqual(['now.test', 'later1.test', 'later2.test']);
  });

  it('with others waiting, a reply reaches its query once every datagram ready in that turn has been read; alone, as it is read', async () => {
    const { r, release } = await holding('192.0.2.12');
    const p = pool({ sockets: 1 });
    const ask = (name: string) => p.exchange(request(serverOf(r.port), name));
    const names = ['r1.test', 'r2.test', 'r3.test'];
    const read: number[] = [];
    const judged = vi.spyOn(ReplyJudge.prototype, 'judge');
    const immediates = vi.spyOn(globalThis, 'setImmediate');
    const handOvers = () => immediates.mock.calls.filter(([fn]) => fn.name === 'handOver').length;
    // The only query waiting hears its reply as it is read: nothing else can come in the turn.
    const alone = ask('alone.test');
    await r.untilReceived(1);
    release.shift()!();
    expect((await alone).message.questions[0]!.name).toBe('alone.test');
    expect(handOvers()).toBe(0);
    judged.mockClear();
    const replies = names.map((name) =>
      ask(name).then((reply) => {
        read.push(judged.mock.calls.length);
        return reply;
      }),
    );
    await r.untilReceived(4);
    // The three replies leave together, so all three are waiting on the socket when it is read.
    for (const go of release.splice(0)) go();
    expect((await Promise.all(replies)).map((x) => x.message.questions[0]!.name)).toEqual(names);
    // Each query heard its reply after all three had been read and judged, from one setImmediate.
    expect(read).toEqual([3, 3, 3]);
    expect(handOvers()).toBe(1);
  });

  // As node:dns's cancel(): a query c-ares has already answered is not cancelled, its answer
  // only waits for node's setImmediate to reach the caller.
  it.each(['cancel', 'close'] as const)('a reply read before %s() still reaches its query; the queries with none fail ECANCELLED', async (how) => {
    const { r, release } = await holding('192.0.2.13');
    const p = pool({ sockets: 1 });
    const scope = new CancelScope();
    const ask = (name: string) => p.exchange(request(serverOf(r.port), name, { scope }));
    const answered = ask('answered.test');
    const others = ['w1.test', 'w2.test'].map((name) => failure(ask(name)));
    await r.untilReceived(3);
    // The moment the first reply is read and its hand-over scheduled, everything is ended.
    const setImmediateAsIs = globalThis.setImmediate;
    let ended = 0;
    vi.spyOn(globalThis, 'setImmediate').mockImplementation(((fn: (...args: unknown[]) => void, ...args: unknown[]) => {
      const handle = setImmediateAsIs(fn, ...args);
      if (fn.name === 'handOver' && ended++ === 0) {
        if (how === 'cancel') scope.cancel();
        else p.close();
      }
      return handle;
    }) as typeof setImmediate);
    release[r.received.findIndex((x) => x.query.questions[0]!.name === 'answered.test')]!();
    expect((await answered).message.answers[0]!.data).toBe('192.0.2.13');
    expect((await Promise.all(others)).map((e) => e.code)).toEqual(['ECANCELLED', 'ECANCELLED']);
    expect(ended).toBe(1);
  });
});

describe('the window: queries in flight to one server at once', () => {
  it('sends at most `window` queries to a server; each reply lets the next waiting one go, in order', async () => {
    // The responder answers a query only once the test says so, so what it has received is
    // exactly what the pool let out.
    const { r, release } = await holding('192.0.2.9');
    // One socket: whatever the pool let out in a turn reaches the responder in order, in that turn.
    const p = pool({ window: 3, sockets: 1 });
    const names = Array.from({ length: 7 }, (_, i) => `w${i}.test`);
    const replies = Promise.all(names.map((n) => p.exchange(request(serverOf(r.port), n))));
    const arrived = async (n: number) => {
      while (r.received.length < n) await new Promise((ok) => setImmediate(ok));
    };
    await arrived(3);
    await new Promise((ok) => setImmediate(ok)); // a fourth sent with the three would be here by now
    expect(r.received.map((x) => x.query.questions[0]!.name)).toEqual(names.slice(0, 3));
    release.shift()!();
    await arrived(4);
    expect(r.received[3]!.query.questions[0]!.name).toBe('w3.test');
    while (release.length > 0 || r.received.length < 7) {
      release.shift()?.();
      await new Promise((ok) => setImmediate(ok));
    }
    expect((await replies).map((x) => x.message.answers[0]!.data)).toEqual(Array(7).fill('192.0.2.9'));
    expect(r.received.map((x) => x.query.questions[0]!.name)).toEqual(names);
  });

  it('a waiting query\'s timeout runs from when it was asked: against a silent server a burst fails together, sending only the window', async () => {
    const r = await responder(() => []);
    const p = pool({ window: 2, sockets: 1 });
    const errors = await Promise.all(Array.from({ length: 6 }, (_, i) => failure(p.exchange(request(serverOf(r.port), `s${i}.test`, { timeoutMs: 150 })))));
    expect(errors.map((e) => e.code)).toEqual(Array(6).fill('ETIMEOUT'));
    expect(errors[5]).toMatchObject({ hostname: 's5.test', servers: [`127.0.0.1:${r.port}`] });
    // The two in flight timed out when the four waiting did: none of those went out.
    expect(r.received).toHaveLength(2);
  });

  it('cancelling a scope ends its waiting queries too, and the others still go out', async () => {
    const { r, release } = await holding('192.0.2.10');
    const p = pool({ window: 1, sockets: 1 });
    const a = new CancelScope();
    const first = p.exchange(request(serverOf(r.port), 'first.test'));
    const cancelledOnes = [failure(p.exchange(request(serverOf(r.port), 'c1.test', { scope: a }))), failure(p.exchange(request(serverOf(r.port), 'c2.test', { scope: a })))];
    const last = p.exchange(request(serverOf(r.port), 'last.test'));
    a.cancel();
    expect((await Promise.all(cancelledOnes)).map((e) => e.code)).toEqual(['ECANCELLED', 'ECANCELLED']);
    while (release.length === 0) await new Promise((ok) => setImmediate(ok));
    release.shift()!();
    expect((await first).message.answers[0]!.data).toBe('192.0.2.10');
    while (release.length === 0) await new Promise((ok) => setImmediate(ok));
    release.shift()!();
    expect((await last).message.answers[0]!.data).toBe('192.0.2.10');
    expect(r.received.map((x) => x.query.questions[0]!.name)).toEqual(['first.test', 'last.test']);
  });

  it('a query that has left the queue is not kept alive by it while others still wait', async () => {
    // Before, each taken slot kept its entry, and through the entry's resolve the reply, until
    // the queue emptied or was cut: under a long burst, a thousand finished replies at a time.
    const gc = runInNewContext('gc') as () => void;
    const { r, release } = await holding('192.0.2.11');
    const p = pool({ window: 1, sockets: 1 });
    const next = async () => {
      while (release.length === 0) await new Promise((ok) => setImmediate(ok));
      release.shift()!();
    };
    const first = p.exchange(request(serverOf(r.port), 'r0.test'));
    let seen: WeakRef<Message> | undefined;
    // Only a weak reference to the second reply is kept here.
    const second = p.exchange(request(serverOf(r.port), 'r1.test')).then((reply) => {
      seen = new WeakRef(reply.message);
    });
    const third = p.exchange(request(serverOf(r.port), 'r2.test'));
    const last = p.exchange(request(serverOf(r.port), 'r3.test'));
    await next();
    await first;
    await next();
    await second;
    // r1 has left the queue and been answered; r2 is in flight and r3 still waits behind it.
    for (let i = 0; i < 3 && seen!.deref() !== undefined; i++) {
      await new Promise((ok) => setImmediate(ok));
      gc();
    }
    expect(seen!.deref()).toBeUndefined();
    await next();
    await third;
    await next();
    expect((await last).message.answers[0]!.data).toBe('192.0.2.11');
  });

  it('close() ends the waiting queries with ECANCELLED', async () => {
    const r = await responder(() => []);
    const p = new UdpPool({ window: 1 });
    const inFlight = failure(p.exchange(request(serverOf(r.port), 'sent.test')));
    const waiting = failure(p.exchange(request(serverOf(r.port), 'queued.test')));
    p.close();
    expect([(await inFlight).code, (await waiting).code]).toEqual(['ECANCELLED', 'ECANCELLED']);
  });

  it('window must be a whole number from 1 to 65535', () => {
    for (const window of [0, 1.5, 65536, Number.NaN]) expect(() => new UdpPool({ window })).toThrow(RangeError);
  });
});

describe('ICMP refusal on a shared socket', () => {
  it('fails every query pending on that socket with ECONNREFUSED at once, and retires the socket', async () => {
    // Any number in flight: the kernel reports a refusal to the next send() as often as to a
    // read, so with an even number of datagrams a transport that ignored send errors waited.
    for (const n of [1, 2, 3, 4, 7]) {
      const c = channel(serverOf(await deadPort()), 100);
      // "At once": the timeout is longer than the test's own, so waiting for it would fail the test.
      const errors = await Promise.all(Array.from({ length: n }, (_, i) => failure(c.exchange(request(c.server, `r${i}.test`, { timeoutMs: 60_000 })))));
      expect(errors.map((e) => e.code)).toEqual(Array(n).fill('ECONNREFUSED'));
      expect(errors[0]!.servers).toEqual([`127.0.0.1:${c.server.port}`]);
      expect(c.usable).toBe(false);
    }
  });

  it('ends only the queries of that server: another server\'s queries carry on', async () => {
    const good = await counting();
    const dead = serverOf(await deadPort());
    const p = pool({ maxQueries: 100, sockets: 2 });
    const toDead = Array.from({ length: 4 }, (_, i) => failure(p.exchange(request(dead, `x${i}.test`, { timeoutMs: 60_000 }))));
    const toGood = Array.from({ length: 4 }, (_, i) => p.exchange(request(serverOf(good.port), `y${i}.test`)));
    expect((await Promise.all(toDead)).map((e) => e.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect((await Promise.all(toGood)).map((x) => x.message.answers.length)).toEqual([1, 1, 1, 1]);
  });

  it('after the refusal, the next query to that server goes on a new socket and is refused in its turn', async () => {
    const dead = serverOf(await deadPort());
    const p = pool({ maxQueries: 100, sockets: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await failure(p.exchange(request(dead, `again${i}.test`, { timeoutMs: 60_000 })))).code).toBe('ECONNREFUSED');
    }
  });
});

describe('late and stray replies on a reused socket', () => {
  it('a late reply to a query that timed out is not taken by a newer query for the same name on that socket', async () => {
    // The first query's reply comes after its timeout, while the second (same name, same
    // socket) is waiting: the responder sends the late reply first, then the second's. The
    // second must get its own reply, 192.0.2.2, not the late 192.0.2.1.
    let firstQuery: Message | undefined;
    const r = await responder(({ query, index }) => {
      if (index === 0) {
        firstQuery = query;
        return [];
      }
      return [replyTo(firstQuery!, { answers: [aRecord(firstQuery!, '192.0.2.1')] }), replyTo(query, { answers: [aRecord(query, '192.0.2.2')] })];
    });
    const c = channel(serverOf(r.port), 100);
    expect((await failure(c.exchange(request(serverOf(r.port), 'late.test', { timeoutMs: 50 })))).code).toBe('ETIMEOUT');
    const reply = await c.exchange(request(serverOf(r.port), 'late.test', { timeoutMs: 60_000 }));
    expect(reply.message.answers[0]!.data).toBe('192.0.2.2');
    expect(r.received).toHaveLength(2);
    expect(r.received[0]!.fromPort).toBe(r.received[1]!.fromPort);
    expect(r.received[0]!.query.id).not.toBe(r.received[1]!.query.id);
  });

  it('a reply with a pending ID but another question, or from another port, is ignored on a shared socket', async () => {
    const r = await responder(({ query }) => [
      replyTo(query, { questions: [{ name: 'other.test', type: 'A', class: 'IN' }], answers: [{ name: 'other.test', type: 'A', class: 'IN', ttl: 1, data: '203.0.113.1' }] }),
      { fromOtherPort: replyTo(query, { answers: [aRecord(query, '203.0.113.2')] }) },
      replyTo(query, { answers: [aRecord(query, '192.0.2.77')] }),
    ]);
    const c = channel(serverOf(r.port), 100);
    const replies = await Promise.all(['u.test', 'v.test', 'w.test'].map((n) => c.exchange(request(serverOf(r.port), n))));
    expect(replies.map((x) => x.message.answers[0]!.data)).toEqual(['192.0.2.77', '192.0.2.77', '192.0.2.77']);
  });

  it('cancelling a scope ends its queries on every socket, and leaves other scopes\' queries waiting', async () => {
    // Replies wait until the scope has been cancelled.
    let cancelledNow!: () => void;
    const gate = new Promise<void>((ok) => (cancelledNow = ok));
    const r = await responder(async ({ query }) => {
      await gate;
      return [replyTo(query, { answers: [aRecord(query, '192.0.2.5')] })];
    });
    const p = pool({ maxQueries: 2, sockets: 2 });
    const a = new CancelScope();
    const b = new CancelScope();
    const inA = Array.from({ length: 5 }, (_, i) => failure(p.exchange(request(serverOf(r.port), `a${i}.test`, { scope: a }))));
    const inB = Array.from({ length: 3 }, (_, i) => p.exchange(request(serverOf(r.port), `b${i}.test`, { scope: b })));
    a.cancel();
    cancelledNow();
    expect((await Promise.all(inA)).map((e) => e.code)).toEqual(Array(5).fill('ECANCELLED'));
    expect((await Promise.all(inB)).map((x) => x.message.answers[0]!.data)).toEqual(['192.0.2.5', '192.0.2.5', '192.0.2.5']);
    await expect(p.exchange(request(serverOf(r.port), 'after.test', { scope: a }))).rejects.toMatchObject({ code: 'ECANCELLED' });
  });

  it('close() ends what waits and keeps nothing open; later exchanges use a socket of their own', async () => {
    // The query made before close() gets no reply at all; the one after does.
    const r = await responder(({ query }) => (query.questions[0]!.name === 'closing.test' ? [] : [replyTo(query, { answers: [aRecord(query, '192.0.2.6')] })]));
    const p = new UdpPool({ maxQueries: 100 });
    const waiting = failure(p.exchange(request(serverOf(r.port), 'closing.test')));
    p.close();
    expect((await waiting).code).toBe('ECANCELLED');
    expect((await p.exchange(request(serverOf(r.port), 'after-close.test'))).message.answers[0]!.data).toBe('192.0.2.6');
  });
});
