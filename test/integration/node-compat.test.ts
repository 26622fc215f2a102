/**
 * The node-compatible methods against node:dns itself: the same questions, asked of the same
 * server by node's promises.Resolver (c-ares) and by ours, must give the same results and the
 * same errors (code, syscall, hostname, message), except for the differences listed in
 * DIFFERENCES, each with its reason and each checked to still happen, so the list cannot go
 * stale.
 *
 * Two servers: the shared authoritative named (answers as its zones say, CNAMEs not followed
 * into other zones) and the shared forwarder (whole chains, as a stub normally sees them). Then
 * a scripted responder sends replies no honest server sends, to pin down what c-ares does with
 * them and where we differ on purpose.
 */
import { promises as dns } from 'node:dns';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { DnsError } from '../../src/errors.js';
import type { ResourceRecord } from '../../src/packet/types.js';
import { Resolver } from '../../src/node/resolver.js';
import { replyTo, startResponder, type Responder } from '../support/responder.js';

const named = inject('named');
const forwarder = inject('namedForwarder');

/** A name in the main test zone. */
const rk = (label: string) => (label === '@' ? 'resolvkit.test' : `${label}.resolvkit.test`);

const made: Resolver[] = [];
const nodeMade: dns.Resolver[] = [];
afterAll(() => {
  made.forEach((r) => r.close());
  nodeMade.forEach((r) => r.cancel());
});

/** Ours and node's, both asking only `server` (loopback), one try each, no search list anywhere. */
function pair(server: string, cache: 'authoritative' | 'off' = 'authoritative') {
  const ours = new Resolver({ config: createConfig({ resolvConf: `nameserver ${server}\noptions timeout:2 attempts:1\n` }), cache });
  const node = new dns.Resolver({ timeout: 2000, tries: 1 });
  node.setServers([server]);
  made.push(ours);
  nodeMade.push(node);
  return { ours, node };
}

// ---------------------------------------------------------------------------------------------
// Outcomes, normalised for comparison

type Outcome =
  | { kind: 'value'; shape: unknown; ttls: number[] }
  | { kind: 'error'; code: unknown; syscall: unknown; hostname: unknown; message: string; ours: boolean }
  | { kind: 'throw'; name: string; code: unknown };

function withoutTtl(v: unknown): { key: string; ttl: number | undefined; rest: unknown } {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'ttl' in v) {
    const { ttl, ...rest } = v as { ttl: number };
    return { key: JSON.stringify(rest), ttl, rest };
  }
  return { key: JSON.stringify(v), ttl: undefined, rest: v };
}

/** Arrays sorted (named rotates RRsets, so order is not defined), TTLs set apart. */
function normalise(value: unknown): Outcome {
  if (!Array.isArray(value)) return { kind: 'value', shape: value, ttls: [] };
  const items = value.map(withoutTtl).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { kind: 'value', shape: items.map((i) => i.rest), ttls: items.map((i) => i.ttl ?? -1) };
}

async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    const e = error as { name: string; code?: unknown };
    return { kind: 'throw', name: error instanceof TypeError ? 'TypeError' : e.name, code: e.code };
  }
  try {
    return normalise(await promise);
  } catch (error) {
    const e = error as { code?: unknown; syscall?: unknown; hostname?: unknown; message: string };
    return { kind: 'error', code: e.code, syscall: e.syscall, hostname: e.hostname, message: e.message, ours: error instanceof DnsError };
  }
}

/** A loopback UDP port nothing listens on (just closed), so that a query there is refused at once. */
async function closedUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A short form for the DIFFERENCES list: the error code, or the (sorted) value. */
function brief(o: Outcome): unknown {
  if (o.kind === 'value') return o.shape;
  if (o.kind === 'error') return o.code;
  return `throws ${o.code as string}`;
}

const started = Date.now();
/** TTLs may differ by the seconds the run has taken (a cache, ours or the forwarder's, counts down). */
function ttlSlack(): number {
  return Math.ceil((Date.now() - started) / 1000) + 1;
}

/** The ways node:dns's answer differs on purpose, keyed by `server method name`. */
interface Difference {
  node: unknown;
  ours: unknown;
  why: string;
}

const DIFFERENCES = new Map<string, Difference>();

const METHODS: Record<string, (r: Resolver | dns.Resolver, name: string) => Promise<unknown>> = {
  resolve: (r, n) => r.resolve(n),
  resolve4: (r, n) => r.resolve4(n),
  'resolve4 ttl': (r, n) => r.resolve4(n, { ttl: true }),
  resolve6: (r, n) => r.resolve6(n),
  'resolve6 ttl': (r, n) => r.resolve6(n, { ttl: true }),
  resolveAny: (r, n) => r.resolveAny(n),
  resolveCname: (r, n) => r.resolveCname(n),
  resolveMx: (r, n) => r.resolveMx(n),
  resolveNs: (r, n) => r.resolveNs(n),
  resolvePtr: (r, n) => r.resolvePtr(n),
  resolveSoa: (r, n) => r.resolveSoa(n),
  resolveSrv: (r, n) => r.resolveSrv(n),
  resolveTxt: (r, n) => r.resolveTxt(n),
  resolveCaa: (r, n) => r.resolveCaa(n),
  resolveNaptr: (r, n) => r.resolveNaptr(n),
};

const NAMES = [
  ...[
    'both', 'v4only', 'v6only', 'one', 'www', 'alias', 'chain2', 'chain3', 'dangling', 'nope', 'alias-v4only', 'MiXeD', 'mixed',
    'xn--caf-dma', 'café', 'loop1', 'to-child', 'external', 'x.wild', '*.wild', 'explicit.wild', 'mail', 'mx2', 'txt',
    'txt-multi', 'txt-escape', 'txt-empty', 'txt-many', '_http._tcp', '_sip._udp', '_none._tcp', 'caa', 'naptr', 'generic', '@',
    'sub', 'b.c', 'x.ref', 'child', 'www.child', 'secret.private', 'www.broken', 'big', 'bigtxt', 'ttl0', 'ttls', 'a b', 'a..b',
    'dyn',
  ].map(rk),
  'resolvkit.test.',
  '10.2.0.192.in-addr.arpa',
  '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
  '99.2.0.192.in-addr.arpa',
  '2.0.192.in-addr.arpa',
  'nonexistent.invalid',
  '',
];

/** Runs every method on every name against `server`, and returns what differs unexpectedly. */
async function compareAll(label: 'auth' | 'fwd', server: string) {
  const { ours, node } = pair(server);
  const unexpected: string[] = [];
  const exercised = new Set<string>();
  const codes = new Set<string>();
  let compared = 0;
  let values = 0;
  for (const name of NAMES) {
    for (const [method, call] of Object.entries(METHODS)) {
      const key = `${label} ${method} ${name}`;
      const theirs = await outcome(() => call(node, name));
      const mine = await outcome(() => call(ours, name));
      compared++;
      const listed = DIFFERENCES.get(key);
      if (listed !== undefined) {
        const seen = { node: brief(theirs), ours: brief(mine) };
        if (JSON.stringify(seen) === JSON.stringify({ node: listed.node, ours: listed.ours })) exercised.add(key);
        else unexpected.push(`${key}: listed as node ${JSON.stringify(listed.node)} / ours ${JSON.stringify(listed.ours)}, saw ${JSON.stringify(seen)}`);
        continue;
      }
      if (theirs.kind === 'value') values++;
      else if (theirs.kind === 'error') codes.add(theirs.code as string);
      if (mine.kind === 'error' && !mine.ours) unexpected.push(`${key}: rejected with a ${mine.message} that is not a DnsError`);
      if (mine.kind === 'value' && theirs.kind === 'value') {
        if (JSON.stringify(mine.shape) !== JSON.stringify(theirs.shape)) {
          unexpected.push(`${key}: node ${JSON.stringify(theirs.shape)}, ours ${JSON.stringify(mine.shape)}`);
        } else {
          const slack = ttlSlack();
          mine.ttls.forEach((t, i) => {
            if (Math.abs(t - theirs.ttls[i]!) > slack) unexpected.push(`${key}: TTL ${t} vs node's ${theirs.ttls[i]} (slack ${slack}s)`);
          });
        }
        continue;
      }
      const strip = (o: Outcome) => (o.kind === 'error' ? { ...o, ours: undefined } : o);
      if (JSON.stringify(strip(mine)) !== JSON.stringify(strip(theirs))) {
        unexpected.push(`${key}: node ${JSON.stringify(strip(theirs))}, ours ${JSON.stringify(strip(mine))}`);
      }
    }
  }
  const listedHere = [...DIFFERENCES.keys()].filter((k) => k.startsWith(`${label} `));
  const stale = listedHere.filter((k) => !exercised.has(k));
  return { unexpected, stale, compared, values, codes: [...codes].sort() };
}

describe('node:dns and ours against the same named', () => {
  it('agree on every method and name at the authoritative server, apart from the listed differences', async () => {
    const { unexpected, stale, compared, values, codes } = await compareAll('auth', `${named.address}:${named.port}`);
    expect(unexpected).toEqual([]);
    expect(stale).toEqual([]);
    // The names reach every kind of outcome, so agreeing means something.
    expect(compared).toBe(NAMES.length * Object.keys(METHODS).length);
    expect(values).toBeGreaterThan(100);
    expect(codes).toEqual(['EBADNAME', 'EBADRESP', 'ENODATA', 'ENOTFOUND', 'EREFUSED', 'ESERVFAIL']);
  }, 60_000);

  it('agree on every method and name through the forwarder, apart from the listed differences', async () => {
    const { unexpected, stale, values } = await compareAll('fwd', `${forwarder.address}:${forwarder.port}`);
    expect(unexpected).toEqual([]);
    expect(stale).toEqual([]);
    expect(values).toBeGreaterThan(100);
  }, 60_000);

  it('give the zone\'s data (a spot check that the comparison compares something)', async () => {
    const { ours } = pair(`${named.address}:${named.port}`);
    expect((await ours.resolve4(rk('chain3'))).sort()).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(await ours.resolve4(rk('café'))).toEqual(['192.0.2.31']);
    expect(await ours.resolveCname(rk('chain2'))).toEqual([rk('chain2-hop1')]);
    expect((await ours.resolveTxt(rk('txt-escape')))[0]).toEqual(['say "hi"', 'back\\slash', 'semi;colon', 'caf\u00c3\u00a9', 'nul\u0000byte']);
    expect(await ours.resolveSrv(rk('_none._tcp'))).toEqual([{ name: '', port: 0, priority: 0, weight: 0 }]);
    expect((await ours.resolveCaa(rk('caa'))).find((c) => 'iodef' in c)).toEqual({ critical: 128, iodef: 'mailto:security@resolvkit.test' });
    const ttls = await ours.resolve4(rk('ttls'), { ttl: true });
    expect(ttls[0]!.ttl).toBeLessThanOrEqual(60);
    expect(ttls[0]!.ttl).toBeGreaterThan(60 - ttlSlack());
  });

  it('reverse the same addresses to the same names, and fail the same way', async () => {
    const addresses = [
      '192.0.2.10', '2001:db8::10', '192.0.2.1', '2001:db8::1', '192.0.2.60', '2001:db8::60', '192.0.2.99', '2001:db8::99',
      '::ffff:192.0.2.10', '::192.0.2.10', 'fe80::1%lo', '2001:DB8::10', 'notanip', '', '192.0.2.010', '1.2.3', '2001:db8::10::1',
    ];
    for (const server of [`${named.address}:${named.port}`, `${forwarder.address}:${forwarder.port}`]) {
      const { ours, node } = pair(server);
      for (const address of addresses) {
        const theirs = await outcome(() => node.reverse(address));
        const mine = await outcome(() => ours.reverse(address));
        expect({ address, ...mine, ours: undefined }).toEqual({ address, ...theirs, ours: undefined });
        if (mine.kind === 'error') expect(mine.ours).toBe(true);
      }
    }
  });

  it('differ as the README lists on names node rewrites or cuts, and on reverse of a server that refuses', async () => {
    const { ours, node } = pair(`${named.address}:${named.port}`);
    const both = async (call: (r: Resolver | dns.Resolver) => Promise<unknown>) => ({ node: brief(await outcome(() => call(node))), ours: brief(await outcome(() => call(ours))) });
    // 254 characters, 256 octets in wire form, one over: c-ares's own limit is one octet
    // looser (it says EBADNAME from 255 characters on), and it says EBADRESP for this one.
    let long = 'resolvkit.test';
    while (long.length < 254) long = `${'a'.repeat(Math.min(9, 254 - long.length - 1))}.${long}`;
    expect(long.length).toBe(254);
    expect(await both((r) => r.resolve4(long))).toEqual({ node: 'EBADRESP', ours: 'EBADNAME' });
    expect(await both((r) => r.resolve4(long.slice(1)))).toEqual({ node: 'ENOTFOUND', ours: 'ENOTFOUND' });
    // A NUL: node hands c-ares a C string, cut there, and answers for the name before it.
    expect(await both((r) => r.resolve4(`${rk('one')}\0.evil`))).toEqual({ node: ['192.0.2.12'], ours: 'EBADNAME' });
    // Not valid punycode: node's toASCII gives '', and node asks for the root.
    const root = await both((r) => r.resolveNs('xn--zz.resolvkit.test'));
    expect(root.ours).toBe('EBADNAME');
    expect(root.node).toEqual(await outcome(() => node.resolveNs('')).then(brief));
    // A server that refuses: c-ares falls back to the hosts file and says ENOTFOUND.
    const closed = await closedUdpPort();
    const refusing = pair(`127.0.0.1:${closed}`);
    expect({ node: brief(await outcome(() => refusing.node.reverse('192.0.2.10'))), ours: brief(await outcome(() => refusing.ours.reverse('192.0.2.10'))) }).toEqual({
      node: 'ENOTFOUND',
      ours: 'ECONNREFUSED',
    });
  });

  it('throw at once, as node does, for an rrtype node does not know or a name that is not a string', async () => {
    const { ours, node } = pair(`${named.address}:${named.port}`);
    for (const rrtype of ['BOGUS', 'a', 'Mx', 'toString', 'DS']) {
      expect(await outcome(() => ours.resolve(rk('both'), rrtype))).toEqual(await outcome(() => node.resolve(rk('both'), rrtype)));
    }
    const notAString = 5 as unknown as string;
    expect(await outcome(() => node.resolve4(notAString))).toEqual({ kind: 'throw', name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    expect(await outcome(() => ours.resolve4(notAString))).toEqual({ kind: 'throw', name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    expect(await outcome(() => node.reverse(notAString))).toEqual({ kind: 'throw', name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    expect(await outcome(() => ours.reverse(notAString))).toEqual({ kind: 'throw', name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  });

  it('report setServers, setLocalAddress and reverse argument errors with node\'s code, errno and message', async () => {
    const { ours, node } = pair(`${named.address}:${named.port}`);
    const shape = (e: unknown) => {
      const x = e as { code?: unknown; errno?: unknown; message?: unknown; syscall?: unknown; hostname?: unknown };
      return { code: x.code, errno: x.errno, message: x.message, syscall: x.syscall, hostname: x.hostname, isTypeError: e instanceof TypeError };
    };
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return shape(e);
      }
      return undefined;
    };
    expect(thrown(() => ours.setServers(['bad']))).toEqual(thrown(() => node.setServers(['bad'])));
    expect(thrown(() => ours.setServers(['127.0.0.1', '::1:x:y']))).toEqual(thrown(() => node.setServers(['127.0.0.1', '::1:x:y'])));
    for (const args of [['bad'], ['127.0.0.1', '127.0.0.2'], ['::1', '::2'], [1], [], ['127.0.0.1', '::1'], ['::1']] as unknown as Array<[string, string?]>) {
      expect(thrown(() => ours.setLocalAddress(...args)), JSON.stringify(args)).toEqual(thrown(() => node.setLocalAddress(...args)));
    }
    const mine = await ours.reverse('notanip').catch(shape);
    const theirs = await node.reverse('notanip').catch(shape);
    expect(mine).toEqual({ ...theirs, isTypeError: false });
  });

  it('read the ttl option as node does, whatever it is', async () => {
    const { ours, node } = pair(`${named.address}:${named.port}`);
    for (const options of [{ ttl: false }, { ttl: 1 }, {}, 'yes', null]) {
      const o = options as { ttl: boolean };
      const mine = await outcome(() => ours.resolve4(rk('one'), o));
      const theirs = await outcome(() => node.resolve4(rk('one'), o));
      expect(mine.kind === 'value' && mine.shape).toEqual(theirs.kind === 'value' && theirs.shape);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Replies no honest server sends

describe('node:dns and ours on scripted replies', () => {
  let responder: Responder;
  const scripts = new Map<string, { answers?: ResourceRecord[]; rcode?: 'SERVFAIL' | 'NXDOMAIN' }>();
  const a = (name: string, data: string, ttl = 300): ResourceRecord => ({ name, type: 'A', class: 'IN', ttl, data });
  const r = (name: string, type: string, data: unknown, ttl = 300): ResourceRecord => ({ name, type, class: 'IN', ttl, data });

  beforeAll(async () => {
    responder = await startResponder(({ query }) => {
      const q = query.questions[0]!;
      if (q.name.toLowerCase() === 'silent.test') return [];
      const script = scripts.get(q.name.toLowerCase());
      if (script === undefined) return [replyTo(query, { rcode: 'NXDOMAIN' })];
      return [replyTo(query, { rcode: script.rcode ?? 'NOERROR', answers: script.answers ?? [] })];
    });
  });
  afterAll(() => responder.close());

  scripts.set('chain.test', { answers: [a('end.test', '192.0.2.1', 200), r('mid.test', 'CNAME', 'End.Test', 50), r('CHAIN.test', 'CNAME', 'mid.test', 100)] });
  scripts.set('extra.test', { answers: [a('extra.test', '192.0.2.1'), a('elsewhere.test', '192.0.2.66')] });
  scripts.set('extra-mx.test', { answers: [r('extra-mx.test', 'MX', { preference: 1, exchange: 'a.test' }), r('other.test', 'MX', { preference: 2, exchange: 'b.test' })] });
  scripts.set('v6.test', { answers: ['1:0:0:2:0:0:0:3', '::ffff:192.0.2.1', '::192.0.2.1', '2001:db8::1'].map((d) => r('v6.test', 'AAAA', d)) });
  scripts.set('odd.test', { answers: [r('odd.test', 'PTR', 'a\\032b.c\\.d.e\\"f\\;g\\(h\\)i\\@j\\$k\\\\l.\\195\\169\\001\\127.test')] });
  // The value's octets are UTF-8 on the wire (c3 a9); both read them one character per octet.
  scripts.set('caa.test', { answers: [r('caa.test', 'CAA', { flags: 0, tag: 'issue', value: Buffer.from('caf\u00e9.test', 'utf8') })] });
  scripts.set('1.2.0.192.in-addr.arpa', { rcode: 'SERVFAIL' });
  scripts.set('2.2.0.192.in-addr.arpa', { answers: [r('2.2.0.192.in-addr.arpa', 'CNAME', '2.0-24.2.0.192.in-addr.arpa')] });
  scripts.set('3.2.0.192.in-addr.arpa', { answers: [r('3.2.0.192.in-addr.arpa', 'PTR', 'evil\\;rm.test'), r('3.2.0.192.in-addr.arpa', 'PTR', 'good.test')] });
  scripts.set('-dash.test', { answers: [a('-dash.test', '192.0.2.1')] });
  scripts.set('anyalias.test', { answers: [r('anyalias.test', 'CNAME', 'target.test'), a('target.test', '192.0.2.1')] });

  /** [what, call, node's outcome, ours, why] */
  const cases: Array<[string, (x: Resolver | dns.Resolver) => Promise<unknown>, unknown, unknown, string]> = [
    ['a chain given backwards, with mixed case', (x) => x.resolve4('chain.test', { ttl: true }), [{ address: '192.0.2.1' }], [{ address: '192.0.2.1' }], 'same'],
    ['resolveCname of a chain given backwards', (x) => x.resolveCname('chain.test'), ['End.Test'], ['mid.test'], 'c-ares reports whichever CNAME target it met last; we report the question name\'s own, as a CNAME query means'],
    ['IPv6 text', (x) => x.resolve6('v6.test'), ['1:0:0:2::3', '2001:db8::1', '::192.0.2.1', '::ffff:192.0.2.1'], ['1:0:0:2::3', '2001:db8::1', '::192.0.2.1', '::ffff:192.0.2.1'], 'same'],
    ['odd octets in a name', (x) => x.resolvePtr('odd.test'), ['a b.c\\.d.e\\"f\\;g\\(h\\)i\\@j\\$k\\\\l.\\195\\169\\001\\127.test'], ['a b.c\\.d.e\\"f\\;g\\(h\\)i\\@j\\$k\\\\l.\\195\\169\\001\\127.test'], 'same'],
    ['a non-ASCII CAA value', (x) => x.resolveCaa('caa.test'), [{ critical: 0, issue: 'caf\u00c3\u00a9.test' }], [{ critical: 0, issue: 'caf\u00c3\u00a9.test' }], 'same'],
    ['an address for a name not asked', (x) => x.resolve4('extra.test'), ['192.0.2.1', '192.0.2.66'], ['192.0.2.1'], 'only records that answer the question count (principle 7); c-ares takes all'],
    ['an MX for a name not asked', (x) => x.resolveMx('extra-mx.test'), [{ exchange: 'a.test', priority: 1 }, { exchange: 'b.test', priority: 2 }], [{ exchange: 'a.test', priority: 1 }], 'as above'],
    ['reverse when the server fails', (x) => x.reverse('192.0.2.1'), 'ENOTFOUND', 'ESERVFAIL', 'c-ares falls back to the hosts file and says ENOTFOUND for any failure; SERVFAIL is not "no name" (principle 6)'],
    ['reverse with only a CNAME', (x) => x.reverse('192.0.2.2'), 'ENODATA', 'ENOTFOUND', 'no PTR is "no name", as c-ares says for an empty answer'],
    ['a PTR target that is not a host name', (x) => x.reverse('192.0.2.3'), ['evil\\;rm.test', 'good.test'], ['good.test'], 'check-names (glibc drops such names); c-ares checks none'],
    ['a question name that is not a host name', (x) => x.resolve4('-dash.test'), ['192.0.2.1'], 'ENOTFOUND', 'check-names: glibc answers HOST_NOT_FOUND for it'],
    ['ANY with a CNAME and an address', (x) => x.resolveAny('anyalias.test'), [{ value: 'target.test', type: 'CNAME' }], [{ address: '192.0.2.1', ttl: 300, type: 'A' }, { value: 'target.test', type: 'CNAME' }], 'c-ares lists a CNAME instead of the addresses; we list what answers'],
  ];

  it.each(cases)('%s', async (_what, call, expectNode, expectOurs, why) => {
    const { ours, node } = pair(responder.server, 'off');
    // Values as normalise leaves them (sorted, TTLs set apart), errors as their codes.
    const seen = (o: Outcome) => (o.kind === 'value' ? o.shape : brief(o));
    const expected = (v: unknown) => (Array.isArray(v) ? seen(normalise(v)) : v);
    const theirs = await outcome(() => call(node));
    const mine = await outcome(() => call(ours));
    expect(seen(theirs), `node (${why})`).toEqual(expected(expectNode));
    expect(seen(mine), `ours (${why})`).toEqual(expected(expectOurs));
    if (why === 'same') expect(mine).toEqual(theirs);
  });

  it('time out and cancel with the same errors', async () => {
    const ours = new Resolver({ config: createConfig({ resolvConf: `nameserver ${responder.server}\n` }), timeout: 200, tries: 1, cache: 'off' });
    const node = new dns.Resolver({ timeout: 200, tries: 1 });
    node.setServers([responder.server]);
    made.push(ours);
    const timedOut = await Promise.all([outcome(() => node.resolveTxt('silent.test')), outcome(() => ours.resolveTxt('silent.test'))]);
    expect(timedOut[1]).toEqual({ ...timedOut[0], ours: true });
    expect(timedOut[0]).toMatchObject({ kind: 'error', code: 'ETIMEOUT', syscall: 'queryTxt', hostname: 'silent.test' });

    const pending = [outcome(() => node.resolve4('silent.test')), outcome(() => ours.resolve4('silent.test'))];
    node.cancel();
    ours.cancel();
    const cancelled = await Promise.all(pending);
    expect(cancelled[1]).toEqual({ ...cancelled[0], ours: true });
    expect(cancelled[0]).toMatchObject({ kind: 'error', code: 'ECANCELLED', syscall: 'queryA', hostname: 'silent.test' });
  });
});
