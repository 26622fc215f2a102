/**
 * Faults against a real named: a first server that never answers, one that refuses (nothing
 * listens: ICMP port unreachable over UDP, a refused connection over TCP), one that answers
 * SERVFAIL; every server dead; named restarted while queries run. What happened is asserted by
 * events (which exchange ended how, in order); durations only loosely against the timeout, as
 * the exact arithmetic of attempts x servers x timeout is send.test.ts's, on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_DEFAULT, RES_INIT, RES_STAYOPEN, RES_USEVC } from '../../src/env/flags.js';
import { Resolver, type ResolverOptions } from '../../src/index.js';
import { startNamed, type NamedInstance } from '../support/named.js';
import { failure } from '../support/outcomes.js';
import { deadPort, replyTo, startResponder, type Responder } from '../support/responder.js';
import { ObservedTransport } from '../reliability/observe.js';

const named = inject('named');
const namedServer = `${named.address}:${named.port}`;
/** Milliseconds per try: long enough that loopback answers take a small part of it. */
const T = 500;
/** What a loaded 2-core machine may add to a bound, on top of the timeouts. */
const SLACK = 1500;

const made: Array<Resolver | ObservedTransport | Responder> = [];
afterAll(async () => {
  for (const x of made.reverse()) {
    if (x instanceof Resolver || x instanceof ObservedTransport) x.close();
    else await x.close();
  }
});

function resolver(servers: string[], options: Omit<ResolverOptions, 'config' | 'nameservers'> = {}): Resolver {
  const r = new Resolver({ config: createConfig({ resolvConf: 'options attempts:1\n' }), nameservers: servers, cache: 'off', timeout: T, ...options });
  made.push(r);
  return r;
}

function observed(): ObservedTransport {
  const t = new ObservedTransport();
  made.push(t);
  return t;
}

async function responder(...args: Parameters<typeof startResponder>): Promise<Responder> {
  const r = await startResponder(...args);
  made.push(r);
  return r;
}

/** How long `p` takes to settle, in milliseconds, and what it settled with. */
async function timed<X>(p: () => Promise<X>): Promise<{ ms: number; value: X }> {
  const t0 = performance.now();
  const value = await p();
  return { ms: performance.now() - t0, value };
}

describe('a first server that fails: the next server\'s answer comes within one timeout', () => {
  let silent: Responder;
  let servfail: Responder;
  let dead: string;
  beforeAll(async () => {
    silent = await responder(() => [], { tcp: 'stall' });
    servfail = await responder(({ query }) => [replyTo(query, { rcode: 'SERVFAIL', flags: { aa: false } })]);
    dead = `127.0.0.1:${await deadPort()}`;
  });

  for (const [kind, flags] of [
    ['udp', RES_INIT | RES_DEFAULT],
    ['tcp', RES_INIT | RES_DEFAULT | RES_USEVC],
  ] as const) {
    it(`over ${kind}: one that never answers costs one timeout, then named answers`, async () => {
      const transport = observed();
      const { ms, value } = await timed(() => resolver([silent.server, namedServer], { flags, transport }).query('www.resolvkit.test', 'A'));
      expect(value.answers.map((a) => a.data)).toEqual(['192.0.2.10']);
      expect(transport.log).toEqual([`${kind} ${silent.server} -> ETIMEOUT`, `${kind} ${namedServer} -> NOERROR`]);
      expect(ms).toBeGreaterThanOrEqual(T - 5);
      expect(ms).toBeLessThan(T + SLACK);
    });

    it(`over ${kind}: one that refuses is left at once (well within one timeout), then named answers`, async () => {
      const transport = observed();
      const { ms, value } = await timed(() => resolver([dead, namedServer], { flags, transport, timeout: 10 * T }).query('www.resolvkit.test', 'A'));
      expect(value.server).toBe(namedServer);
      expect(transport.log).toEqual([`${kind} ${dead} -> ECONNREFUSED`, `${kind} ${namedServer} -> NOERROR`]);
      expect(ms).toBeLessThan(10 * T);
    });

    it(`over ${kind}: one that answers SERVFAIL is left at once, then named answers`, async () => {
      const transport = observed();
      const { ms, value } = await timed(() => resolver([servfail.server, namedServer], { flags, transport, timeout: 10 * T }).query('www.resolvkit.test', 'A'));
      expect(value.server).toBe(namedServer);
      expect(transport.log).toEqual([`${kind} ${servfail.server} -> SERVFAIL`, `${kind} ${namedServer} -> NOERROR`]);
      expect(ms).toBeLessThan(10 * T);
    });
  }

  it('all servers dead: ETIMEOUT after about attempts x servers x timeout, each asked on every round', async () => {
    const other = await responder(() => []);
    const transport = observed();
    const { ms, value: err } = await timed(() => failure(resolver([silent.server, other.server], { tries: 2, transport }).query('dead.resolvkit.test', 'A')));
    expect(err.code).toBe('ETIMEOUT');
    expect(err.servers).toEqual([silent.server, other.server]);
    expect(transport.log).toEqual([silent.server, other.server, silent.server, other.server].map((s) => `udp ${s} -> ETIMEOUT`));
    expect(ms).toBeGreaterThanOrEqual(2 * 2 * T - 20);
    expect(ms).toBeLessThan(2 * 2 * T + SLACK);
  });
});

describe('named restarted during a run', () => {
  let own: NamedInstance;
  beforeAll(async () => {
    own = await startNamed();
  });
  afterAll(() => own.stop());

  /**
   * Queries one after another until `stop()`, each noting its outcome and whether it was asked
   * after the restart had finished. Paced a little, so that the instant refusals while named is
   * down do not spin a core that named needs to start again.
   */
  function run(r: Resolver) {
    const outcomes: Array<{ after: boolean; code: string }> = [];
    let stopped = false;
    let restarted = false;
    const loop = (async () => {
      for (let i = 0; !stopped; i++) {
        const after = restarted;
        const code = await r.query(`q${i}.wild.resolvkit.test`, 'A').then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? String(e),
        );
        outcomes.push({ after, code });
        await new Promise((next) => setTimeout(next, 5));
      }
    })();
    return {
      outcomes,
      markRestarted: () => (restarted = true),
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  it('over UDP and over a kept-open TCP channel: queries before it and after it all succeed', async () => {
    const server = `${own.address}:${own.port}`;
    const udp = run(resolver([server], { timeout: 300 }));
    const vc = run(resolver([server], { timeout: 300, flags: RES_INIT | RES_DEFAULT | RES_USEVC | RES_STAYOPEN }));
    // Outcomes (of queries asked after the restart, with `after`) on both channels.
    const untilOutcomes = async (n: number, after = false) => {
      const count = (outcomes: Array<{ after: boolean }>) => outcomes.filter((o) => o.after || !after).length;
      while (count(udp.outcomes) < n || count(vc.outcomes) < n) await new Promise((next) => setTimeout(next, 5));
    };
    await untilOutcomes(10);
    await own.restart();
    udp.markRestarted();
    vc.markRestarted();
    // Counted by `after` itself: the query in flight at the mark ends after it, but was asked before.
    await untilOutcomes(20, true);
    await Promise.all([udp.stop(), vc.stop()]);
    for (const { outcomes } of [udp, vc]) {
      expect(outcomes.slice(0, 10).map((o) => o.code)).toEqual(Array(10).fill('ok'));
      const later = outcomes.filter((o) => o.after);
      expect(later.length).toBeGreaterThanOrEqual(20);
      expect(later.filter((o) => o.code !== 'ok')).toEqual([]);
      // While named was down: refused or timed out, or SERVFAIL while it loaded its zones;
      // nothing else (no crash, no garbage outcome).
      expect(outcomes.filter((o) => !['ok', 'ECONNREFUSED', 'ETIMEOUT', 'ESERVFAIL'].includes(o.code))).toEqual([]);
    }
  }, 30_000);
});
