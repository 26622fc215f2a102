/**
 * The resolver over real sockets against scripted loopback responders: what the UDP and TCP
 * transports accept, what they ignore, and how they report a server that refuses or stalls.
 * No named here: each responder lies in one way. Timing and the order of fail-over are
 * send.test.ts's, on a fake clock; here nothing is timed and nothing sleeps: a test that must
 * wait waits for an event (a query arriving at the responder, a socket closing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_IGNTC, RES_STAYOPEN, RES_USEVC, RES_DEFAULT, RES_INIT, RES_USE_DNSSEC, RES_USE_EDNS0 } from '../../src/env/flags.js';
import { decodeMessage } from '../../src/packet/codec.js';
import { buildQuery } from '../../src/packet/query.js';
import { DnsError, NodeTransport, Resolver, type ExchangeRequest, type Reply, type ResolverOptions, type Transport } from '../../src/index.js';
import { serverLabel } from '../../src/resolver/index.js';
import { DEFAULT_UDP_WINDOW } from '../../src/resolver/transport-udp.js';
import { failure } from '../support/outcomes.js';
import { aRecord, deadPort, replyTo, startResponder, type Incoming, type Outgoing, type Responder } from '../support/responder.js';

const open: Array<Responder | Resolver | Transport> = [];
afterEach(async () => {
  for (const x of open.splice(0)) {
    if (x instanceof Resolver) x.close();
    else if ('udp' in x) x.close();
    else await x.close();
  }
});

/** Real sockets (a NodeTransport), logging how each exchange ended: `udp 127.0.0.1:5300 -> ECONNREFUSED`. */
/** A caller's own Transport wrapping the public default one (NodeTransport), logging each exchange. */
class LoggingTransport implements Transport {
  readonly log: string[] = [];
  private readonly inner = new NodeTransport();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor() {
    open.push(this);
  }

  udp(request: ExchangeRequest): Promise<Reply> {
    return this.note('udp', request, this.inner.udp(request));
  }

  tcp(request: ExchangeRequest): Promise<Reply> {
    return this.note('tcp', request, this.inner.tcp(request));
  }

  close(): void {
    this.inner.close();
  }

  /** Resolves once every exchange asked for so far has ended (and is in the log). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private note(kind: string, request: ExchangeRequest, exchange: Promise<Reply>): Promise<Reply> {
    const noted = this.logged(kind, request, exchange);
    this.inFlight.add(noted);
    const forget = () => this.inFlight.delete(noted);
    noted.then(forget, forget);
    return noted;
  }

  private async logged(kind: string, request: ExchangeRequest, exchange: Promise<Reply>): Promise<Reply> {
    const what = `${kind} ${serverLabel(request.server)} ->`;
    try {
      const reply = await exchange;
      this.log.push(`${what} ${reply.message.rcode}`);
      return reply;
    } catch (err) {
      this.log.push(`${what} ${err instanceof DnsError ? err.code : String(err)}`);
      throw err;
    }
  }
}

/** A handler that answers nothing, and a promise that settles once `count` queries have arrived. */
function arrivals(count: number): { handler: (incoming: Incoming) => Outgoing; arrived: Promise<void> } {
  let seen = 0;
  let done!: () => void;
  const arrived = new Promise<void>((resolve) => (done = resolve));
  return {
    handler: () => {
      if (++seen === count) done();
      return [];
    },
    arrived,
  };
}

/** Resolves once no more than `count` resources keep the event loop alive, checking once per turn of it. */
async function untilActiveResources(count: number): Promise<void> {
  const active = () => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
  for (let turn = 0; active().length > count; turn++) {
    if (turn > 10_000) throw new Error(`still active: ${active().join(', ')}`);
    await new Promise((next) => setImmediate(next));
  }
}

async function responder(...args: Parameters<typeof startResponder>) {
  const r = await startResponder(...args);
  open.push(r);
  return r;
}

/** A resolver that knows only the given servers: no system configuration, no search list. */
function resolver(servers: string[], options: Omit<ResolverOptions, 'config'> & { resolvOptions?: string } = {}) {
  const { resolvOptions = 'timeout:1 attempts:1', ...rest } = options;
  const r = new Resolver({
    config: createConfig({ resolvConf: `options ${resolvOptions}\n` }),
    nameservers: servers,
    cache: 'off',
    ...rest,
  });
  open.push(r);
  return r;
}

describe('what a reply must match', () => {
  it('ignores replies with the wrong ID, the wrong question, or from the wrong port, and takes the real one', async () => {
    const r = await responder(({ query }) => [
      replyTo(query, { id: (query.id + 1) & 0xffff, answers: [aRecord(query, '203.0.113.1')] }),
      replyTo(query, { questions: [{ name: 'other.test', type: 'A', class: 'IN' }], answers: [{ name: 'other.test', type: 'A', class: 'IN', ttl: 1, data: '203.0.113.2' }] }),
      replyTo(query, { questions: [{ ...query.questions[0]!, type: 'AAAA' }] }),
      { fromOtherPort: replyTo(query, { answers: [aRecord(query, '203.0.113.3')] }) },
      Buffer.from('garbage that is not DNS'),
      replyTo(query, { answers: [aRecord(query, '192.0.2.7')] }),
    ]);
    const res = await resolver([r.server]).query('www.spoof.test', 'A');
    expect(res.answers.map((a) => a.data)).toEqual(['192.0.2.7']);
  });

  it('compares the question name case-insensitively (0x20 case is the server\'s to echo)', async () => {
    const r = await responder(({ query }) => [
      replyTo(query, { questions: [{ ...query.questions[0]!, name: 'WWW.Case.TEST' }], answers: [aRecord(query, '192.0.2.8')] }),
    ]);
    expect((await resolver([r.server]).query('www.case.test')).answers[0]!.data).toBe('192.0.2.8');
  });

  it('the root can be asked for as "" or "."', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [{ name: '.', type: 'NS', class: 'IN', ttl: 1, data: 'a.root.test' }] })]);
    const res = resolver([r.server]);
    expect((await res.query('', 'NS')).answers[0]!.data).toBe('a.root.test');
    expect((await res.query('.', 'NS')).questions[0]!.name).toBe('.');
  });

  it('a name that cannot be encoded rejects with EBADNAME, sending nothing', async () => {
    const r = await responder(() => []);
    const p = resolver([r.server]).query('a..b', 'A');
    expect(p).toBeInstanceOf(Promise);
    expect((await failure(p)).code).toBe('EBADNAME');
    expect(r.received).toHaveLength(0);
  });

  it('a server that only lies (wrong ID) is ETIMEOUT, its lies ignored', async () => {
    const r = await responder(({ query }) => [replyTo(query, { id: (query.id ^ 1) & 0xffff, answers: [aRecord(query, '203.0.113.9')] })]);
    const transport = new LoggingTransport();
    const err = await failure(resolver([r.server], { timeout: 300, transport }).query('lies.test'));
    expect(err.code).toBe('ETIMEOUT');
    expect(transport.log).toEqual([`udp ${r.server} -> ETIMEOUT`]);
  });

  it('a reply with the right ID that is malformed is reported as EBADRESP if nothing better comes', async () => {
    const r = await responder(({ query }) => {
      const bad = Buffer.alloc(12);
      bad.writeUInt16BE(query.id, 0);
      bad.writeUInt16BE(0x8000, 2);
      bad.writeUInt16BE(1, 6); // one answer announced, none there
      return [bad];
    });
    expect((await failure(resolver([r.server], { timeout: 300 }).query('bad.test'))).code).toBe('EBADRESP');
  });

  it('with udpMaxQueries: 1, each query uses a fresh ID and a fresh source port', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    // The default shares a socket among up to 100 queries (transport-udp.integration.test.ts holds that);
    // one option away is a socket, and so a port, of its own for every query.
    const res = resolver([r.server], { udpMaxQueries: 1 });
    for (let i = 0; i < 20; i++) await res.query(`n${i}.test`);
    // 20 random draws from 65536 IDs, and from the kernel's ephemeral ports: a chance repeat
    // happens (about 0.3% of runs each), but a fixed or counting scheme would give 1 or 20.
    const ids = r.received.map((x) => x.query.id);
    expect(new Set(ids).size).toBeGreaterThanOrEqual(18);
    expect(ids.filter((id, i) => i > 0 && id === ids[i - 1]! + 1).length).toBeLessThan(3);
    expect(new Set(r.received.map((x) => x.fromPort)).size).toBeGreaterThanOrEqual(18);
  });
});

describe('servers, attempts and fail-over', () => {
  it('moves on to the next server when the first does not answer', async () => {
    const silent = await responder(() => []);
    const good = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.5')] })]);
    const res = await resolver([silent.server, good.server], { timeout: 200 }).query('failover.test');
    expect(res.server).toBe(good.server);
    expect(silent.received).toHaveLength(1);
  });

  // That a refusal costs no time and is not retried is send.test.ts's, on the fake clock; here,
  // that the real UDP transport hears ICMP port unreachable as ECONNREFUSED, not as a timeout.
  it('hears a server that refuses (ICMP port unreachable) as ECONNREFUSED and moves on', async () => {
    const good = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.5')] })]);
    const dead = `127.0.0.1:${await deadPort()}`;
    const transport = new LoggingTransport();
    const res = await resolver([dead, good.server], { timeout: 5000, transport }).query('refused.test');
    expect(res.server).toBe(good.server);
    expect(transport.log).toEqual([`udp ${dead} -> ECONNREFUSED`, `udp ${good.server} -> NOERROR`]);
  });

  it('fails with ECONNREFUSED when every server refuses, asking each once', async () => {
    const dead = `127.0.0.1:${await deadPort()}`;
    const transport = new LoggingTransport();
    const err = await failure(resolver([dead], { timeout: 5000, tries: 3, transport }).query('nobody.test'));
    expect(err.code).toBe('ECONNREFUSED');
    expect(transport.log).toEqual([`udp ${dead} -> ECONNREFUSED`]);
  });

  it('SERVFAIL, REFUSED and NOTIMP move on; NXDOMAIN is final', async () => {
    for (const rcode of ['SERVFAIL', 'REFUSED', 'NOTIMP'] as const) {
      const bad = await responder(({ query }) => [replyTo(query, { rcode, flags: { aa: false } })]);
      const good = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.6')] })]);
      const res = await resolver([bad.server, good.server]).query('next.test');
      expect(res.server).toBe(good.server);
    }
    const nx = await responder(({ query }) => [replyTo(query, { rcode: 'NXDOMAIN' })]);
    const other = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.6')] })]);
    const err = await failure(resolver([nx.server, other.server]).query('final.test'));
    expect(err.code).toBe('ENOTFOUND');
    expect(err.response?.rcode).toBe('NXDOMAIN');
    expect(other.received).toHaveLength(0);
  });

  it('reports the SERVFAIL when every server gives one', async () => {
    const a = await responder(({ query }) => [replyTo(query, { rcode: 'SERVFAIL' })]);
    const err = await failure(resolver([a.server], { tries: 2, resolvOptions: 'timeout:1 attempts:2' }).query('sf.test'));
    expect(err.code).toBe('ESERVFAIL');
    expect(a.received).toHaveLength(2);
  });

  it('tries each server `attempts` times', async () => {
    const a = await responder(() => []);
    const b = await responder(() => []);
    await failure(resolver([a.server, b.server], { timeout: 100, tries: 3 }).query('attempts.test'));
    expect([a.received.length, b.received.length]).toEqual([3, 3]);
  });

  it('rotate: each query starts at the next server', async () => {
    const a = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    const b = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.2')] })]);
    const res = resolver([a.server, b.server], { rotate: true });
    const servers = [];
    for (let i = 0; i < 4; i++) servers.push((await res.query(`r${i}.test`)).server);
    expect(servers).toEqual([a.server, b.server, a.server, b.server]);
    const fixed = resolver([a.server, b.server]);
    for (let i = 0; i < 3; i++) expect((await fixed.query(`f${i}.test`)).server).toBe(a.server);
  });
});

describe('cache hits', () => {
  it('give each caller its own result arrays: changing one does not change the next', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.2'), aRecord(query, '192.0.2.1')] })]);
    const res = resolver([r.server], { cache: 'authoritative' });
    const first = await res.resolve4('hit.test');
    first.sort().push('mutated');
    expect(await res.resolve4('hit.test')).toEqual(['192.0.2.2', '192.0.2.1']);
    const withTtl = await res.resolve4('hit.test', { ttl: true });
    withTtl[0]!.address = 'mutated';
    expect((await res.resolve4('hit.test', { ttl: true }))[0]!.address).toBe('192.0.2.2');
    expect(r.received).toHaveLength(1);
    expect(res.cacheStats().hits).toBe(3);
  });

  it('keep the node:dns checks: a name c-ares refuses is EBADNAME even when query() cached it', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.2')] })]);
    const res = resolver([r.server], { cache: 'authoritative' });
    await res.query('a b.test', 'A');
    await expect(res.resolve4('a b.test')).rejects.toMatchObject({ code: 'EBADNAME' });
  });
});

describe('a lying server poisons nothing', () => {
  it('records for names not asked are neither returned for them nor cached as their answer', async () => {
    const victim = { name: 'victim.test', type: 'A', class: 'IN', ttl: 3600, data: '203.0.113.66' };
    const r = await responder(({ query }) =>
      query.questions[0]!.name === 'attacker.test'
        ? [replyTo(query, { answers: [aRecord(query, '192.0.2.1'), victim], additionals: [{ ...victim, data: '203.0.113.67' }] })]
        : [replyTo(query, { answers: [aRecord(query, '192.0.2.99')] })],
    );
    const res = resolver([r.server], { cache: 'all' });
    expect(await res.resolve4('attacker.test')).toEqual(['192.0.2.1']);
    const honest = await res.query('victim.test', 'A');
    expect(honest.fromCache).toBe(false);
    expect(honest.answers.map((a) => a.data)).toEqual(['192.0.2.99']);
    expect(await res.resolve4('victim.test')).toEqual(['192.0.2.99']);
  });
});

describe('send (res_send) and querydomain (res_querydomain)', () => {
  it('send transmits the message as given and returns the reply whatever its rcode', async () => {
    const r = await responder(({ query }) => [replyTo(query, { rcode: 'NXDOMAIN' })]);
    const wire = buildQuery('raw.test', 'MX', { id: 4242 });
    const got = await resolver([r.server]).send(wire);
    expect(r.received[0]!.wire).toEqual(wire);
    expect(got.message.id).toBe(4242);
    expect(got.message.rcode).toBe('NXDOMAIN');
    expect(decodeMessage(got.wire)).toEqual(got.message);
    expect(got.server).toBe(r.server);
  });

  it('send refuses bytes that are not a DNS message', async () => {
    await expect(resolver(['127.0.0.1']).send(Buffer.from('nope'))).rejects.toThrow(/whole DNS message/);
  });

  it('querydomain asks for name.domain, or the name alone', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    const res = resolver([r.server]);
    await res.querydomain('host', 'example.test', 'A');
    await res.querydomain('host.example.test.', undefined, 'A');
    expect(r.received.map((x) => x.query.questions[0]!.name)).toEqual(['host.example.test', 'host.example.test']);
  });
});

describe('TCP', () => {
  const big = (query: import('../../src/packet/types.js').Message) =>
    Array.from({ length: 40 }, (_, i) => aRecord(query, `192.0.2.${i + 1}`));

  it('retries a truncated UDP reply over TCP to the same server', async () => {
    const r = await responder(({ query, transport }) =>
      transport === 'udp'
        ? [replyTo(query, { flags: { tc: true }, answers: big(query).slice(0, 5) })]
        : [replyTo(query, { answers: big(query) })],
    );
    const res = await resolver([r.server]).query('big.test');
    expect(res.transport).toBe('tcp');
    expect(res.answers).toHaveLength(40);
    expect(r.received.map((x) => x.transport)).toEqual(['udp', 'tcp']);
  });

  it('keeps the truncated reply with RES_IGNTC', async () => {
    const r = await responder(({ query }) => [replyTo(query, { flags: { tc: true }, answers: big(query).slice(0, 5) })]);
    const res = await resolver([r.server], { flags: RES_INIT | RES_DEFAULT | RES_IGNTC }).query('big.test');
    expect(res.transport).toBe('udp');
    expect(res.flags.tc).toBe(true);
  });

  it('uses TCP only with RES_USEVC (or options use-vc)', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    expect((await resolver([r.server]).query('vc.test', 'A', { flags: RES_USEVC })).transport).toBe('tcp');
    expect((await resolver([r.server], { resolvOptions: 'use-vc timeout:1' }).query('vc2.test')).transport).toBe('tcp');
    expect(r.received.every((x) => x.transport === 'tcp')).toBe(true);
  });

  it('a TCP server that accepts and stalls: the exchange ends with ETIMEOUT', async () => {
    const r = await responder(() => [], { tcp: 'stall' });
    const transport = new LoggingTransport();
    const err = await failure(resolver([r.server], { timeout: 300, transport }).query('stall.test', 'A', { flags: RES_USEVC }));
    expect(err.code).toBe('ETIMEOUT');
    expect(transport.log).toEqual([`tcp ${r.server} -> ETIMEOUT`]);
  });

  it('RES_STAYOPEN keeps one connection for many queries until close()', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    const res = resolver([r.server], { flags: RES_INIT | RES_DEFAULT | RES_USEVC | RES_STAYOPEN });
    await Promise.all([res.query('s1.test'), res.query('s2.test'), res.query('s3.test')]);
    await res.query('s4.test');
    expect(r.received).toHaveLength(4);
    expect(r.tcpConnections).toBe(1);
    const once = resolver([r.server], { flags: RES_INIT | RES_DEFAULT | RES_USEVC });
    await once.query('t1.test');
    await once.query('t2.test');
    expect(r.tcpConnections).toBe(3);
  });
});

describe('EDNS', () => {
  it('falls back to plain DNS on FORMERR, and remembers that server', async () => {
    const r = await responder(({ query }) =>
      query.edns ? [{ id: query.id, flags: { qr: true }, rcode: 'FORMERR' }] : [replyTo(query, { answers: [aRecord(query, '192.0.2.3')] })],
    );
    const res = resolver([r.server], { flags: RES_INIT | RES_DEFAULT | RES_USE_EDNS0 });
    expect((await res.query('e1.test')).answers[0]!.data).toBe('192.0.2.3');
    await res.query('e2.test');
    expect(r.received.map((x) => x.query.edns !== undefined)).toEqual([true, false, false]);
  });

  it('sends a 1232-octet payload size, and the DO bit only when asked', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.3')] })]);
    await resolver([r.server], { resolvOptions: 'edns0 timeout:1' }).query('p.test');
    expect(r.received[0]!.query.edns).toMatchObject({ udpPayloadSize: 1232, do: false });
    // trust-ad sets AD in the header and nothing else, as glibc's res_nmkquery: no OPT, no DO.
    await resolver([r.server], { resolvOptions: 'trust-ad timeout:1' }).query('q.test');
    expect(r.received[1]!.query.edns).toBeUndefined();
    expect(r.received[1]!.query.flags.ad).toBe(true);
    // RES_USE_DNSSEC asks for DNSSEC records: EDNS with DO.
    await resolver([r.server], { flags: RES_DEFAULT | RES_INIT | RES_USE_DNSSEC }).query('d.test');
    expect(r.received[2]!.query.edns).toMatchObject({ udpPayloadSize: 1232, do: true });
  });

  it('reports the AD bit only when DNSSEC was asked for (trust-ad / RES_USE_DNSSEC)', async () => {
    const r = await responder(({ query }) => [replyTo(query, { flags: { ad: true }, answers: [aRecord(query, '192.0.2.3')] })]);
    expect((await resolver([r.server]).query('ad1.test')).flags.ad).toBe(false);
    expect((await resolver([r.server], { resolvOptions: 'trust-ad timeout:1' }).query('ad2.test')).flags.ad).toBe(true);
  });
});

// Sharing an exchange between callers, and a caller's abort leaving it to the others, are the
// engine's (send.test.ts); here, that cancelling reaches the real sockets and leaves none open.
describe('cancel, signals and close', () => {
  it('an AbortSignal rejects that call with ECANCELLED', async () => {
    const { handler, arrived } = arrivals(1);
    const r = await responder(handler);
    const ac = new AbortController();
    const p = resolver([r.server], { timeout: 5000 }).query('abort.test', 'A', { signal: ac.signal });
    await arrived;
    ac.abort();
    expect((await failure(p)).code).toBe('ECANCELLED');
  });

  it('cancel() rejects every query in progress with ECANCELLED', async () => {
    const { handler, arrived } = arrivals(2);
    const r = await responder(handler);
    const res = resolver([r.server], { timeout: 5000 });
    const ps = [res.query('c1.test'), res.query('c2.test')];
    await arrived;
    res.cancel();
    for (const p of ps) expect((await failure(p)).code).toBe('ECANCELLED');
  });

  it('an aborted send stops its exchange', async () => {
    const { handler, arrived } = arrivals(1);
    const r = await responder(handler);
    const ac = new AbortController();
    const transport = new LoggingTransport();
    const p = resolver([r.server], { timeout: 5000, transport }).send(buildQuery('send-abort.test', 'A'), { signal: ac.signal });
    await arrived;
    ac.abort();
    expect((await failure(p)).code).toBe('ECANCELLED');
    // The exchange itself was cancelled, not left to its timeout.
    await transport.settled();
    expect(transport.log).toEqual([`udp ${r.server} -> ECANCELLED`]);
  });

  it('many queries in flight at once, then cancel(): all reject, nothing leaks a listener', async () => {
    // 200 asked: the window's worth go out (the responder waits for them), the rest wait in turn.
    const { handler, arrived } = arrivals(DEFAULT_UDP_WINDOW);
    const r = await responder(handler);
    const res = resolver([r.server], { timeout: 5000 });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const ps = Array.from({ length: 200 }, (_, i) => res.query(`many${i}.test`));
      await arrived;
      res.cancel();
      const codes = await Promise.all(ps.map((p) => failure(p).then((e) => e.code)));
      expect(new Set(codes)).toEqual(new Set(['ECANCELLED']));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('close() leaves no socket or timer behind', async () => {
    const { handler, arrived } = arrivals(2);
    const r = await responder(handler);
    const before = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().length;
    const res = resolver([r.server], { timeout: 5000, flags: RES_INIT | RES_DEFAULT | RES_STAYOPEN });
    const ps = [res.query('h1.test'), res.query('h2.test', 'A', { flags: RES_USEVC })];
    // Both in flight: the UDP query and the TCP one (over a connection kept open) have arrived.
    await arrived;
    res.close();
    for (const p of ps) expect((await failure(p)).code).toBe('ECANCELLED');
    // Sockets close asynchronously; the test times out if one never does.
    await untilActiveResources(before);
  });
});

describe('setLocalAddress (node:dns)', () => {
  it('sends UDP and TCP queries from the address given', async () => {
    const r = await responder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    const res = resolver([r.server]);
    res.setLocalAddress('127.0.0.2');
    await res.query('from.test', 'A');
    await res.query('from-tcp.test', 'A', { flags: RES_USEVC });
    res.setLocalAddress('127.0.0.3', '::1');
    await res.query('then.test', 'A');
    expect(r.received.map((x) => [x.query.questions[0]!.name, x.transport, x.fromAddress])).toEqual([
      ['from.test', 'udp', '127.0.0.2'],
      ['from-tcp.test', 'tcp', '127.0.0.2'],
      ['then.test', 'udp', '127.0.0.3'],
    ]);
  });

  it('checks its arguments as node does', () => {
    const res = resolver(['127.0.0.1:9']);
    expect(() => res.setLocalAddress('bad')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE', message: 'Invalid IP address.' }));
    expect(() => res.setLocalAddress('127.0.0.1', '127.0.0.2')).toThrow(expect.objectContaining({ message: 'Cannot specify two IPv4 addresses.' }));
    expect(() => res.setLocalAddress(1 as unknown as string)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => res.setLocalAddress('::1')).not.toThrow();
  });
});
