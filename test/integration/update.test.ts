/**
 * RFC 2136 updates signed with TSIG against the real named (fixtures/named: dyn.resolvkit.test
 * takes updates signed with any of the six hmac-* keys). Every change is read back twice:
 * through this package's resolver (RES_NOCACHE) and through BIND's dig.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_NOCACHE, RES_USEVC } from '../../src/env/flags.js';
import { DnsError, TsigError } from '../../src/errors.js';
import { NodeTransport, Resolver, type Transport } from '../../src/index.js';
import { findZoneCut, isOurServer, parseTsigKey, sendUpdate, update, Update, type TsigKey } from '../../src/update/index.js';
import { FIXTURE_TSIG_ALGORITHMS } from '../support/named.js';

const run = promisify(execFile);
const DNSQ = fileURLToPath(new URL('../../dist/cli/dnsq.js', import.meta.url));
const named = inject('named');
const server = `${named.address}:${named.port}`;
const made: Resolver[] = [];
afterAll(() => made.forEach((r) => r.close()));

function resolver(): Resolver {
  const r = new Resolver({ config: createConfig({ resolvConf: `nameserver ${server}\noptions timeout:1 attempts:1\n` }), cache: 'off' });
  made.push(r);
  return r;
}

function key(algorithm: (typeof FIXTURE_TSIG_ALGORITHMS)[number] = 'hmac-sha256'): TsigKey {
  const k = named.keys[algorithm];
  return parseTsigKey(`${k.algorithm}:${k.name}:${k.secret}`);
}

let counter = 0;
/** A name of this test's own under the update zone (the shared named serves every test file). */
function unique(label: string): string {
  return `${label}-${process.pid}-${++counter}.dyn.resolvkit.test`;
}

const ZONE = 'dyn.resolvkit.test';
/** Sends `u` to the shared named, signed with `k` (the hmac-sha256 key unless given; null: unsigned). */
const send = (u: Update, k: TsigKey | null = key(), extra: Partial<Parameters<typeof sendUpdate>[1]> = {}) =>
  sendUpdate(u, { servers: [server], key: k ?? undefined, timeout: 1000, tries: 1, ...extra });

/** What the resolver, dnsq and dig see now at name/type (sorted; [] when none); dnsq's +short must be dig's. */
async function seen(name: string, type: string): Promise<{ ours: string[]; dig: string[] }> {
  const r = resolver();
  let ours: string[] = [];
  try {
    const reply = await r.query(name, type, { flags: RES_NOCACHE });
    ours = reply.answers.filter((a) => a.type === type).map((a) => JSON.stringify(a.data));
  } catch (error) {
    if (!(error instanceof DnsError) || (error.code !== 'ENOTFOUND' && error.code !== 'ENODATA')) throw error;
  }
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(named.port), '+norec', '+time=2', '+tries=1', '+short', name, type]);
  const dnsq = await run(process.execPath, [DNSQ, `@127.0.0.1:${named.port}`, '+norec', '+short', name, type]);
  const dig = stdout.split('\n').filter((l) => l !== '').sort();
  expect(dnsq.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(dig);
  return { ours: ours.sort(), dig };
}

describe('zone-cut discovery (res_findzonecut)', () => {
  it('finds the zone, its primary and the primary\'s addresses with the configured port', async () => {
    const cut = await findZoneCut(`a.b.${unique('cut')}`, { resolver: resolver() });
    expect(cut.zone).toBe(ZONE);
    expect(cut.primary).toBe('ns1.resolvkit.test');
    expect(cut.nameServers).toEqual(['ns1.resolvkit.test']);
    expect(cut.servers[0]).toEqual({ address: '127.0.0.1', port: named.port, family: 4 });
    expect(cut.servers.map((s) => s.address)).toEqual(['127.0.0.1', '::1']);
  });

  it('walks up through names that do not exist, and says when no zone encloses a name', async () => {
    expect((await findZoneCut('x.y.z.nope.resolvkit.test', { resolver: resolver() })).zone).toBe('resolvkit.test');
    expect((await findZoneCut('www.child.resolvkit.test', { resolver: resolver(), port: 53 })).servers[0]!.port).toBe(53);
  });

  it('tells our configured servers from others (res_nisourserver)', () => {
    const r = resolver();
    expect(isOurServer(server, r.config)).toBe(true);
    expect(isOurServer('127.0.0.1', r.config)).toBe(false);
    expect(isOurServer({ address: '127.0.0.1', port: named.port, family: 4 }, r.config)).toBe(true);
  });
});

describe('adding and deleting records, every algorithm', () => {
  it.each(FIXTURE_TSIG_ALGORITHMS)('%s: add A, AAAA, TXT, MX and SRV, then delete them', async (algorithm) => {
    const name = unique(algorithm);
    const k = key(algorithm);
    const added = await send(
      new Update(ZONE)
        .nameNotInUse(name)
        .add(name, 300, 'A', '192.0.2.201')
        .add(name, 300, 'AAAA', '2001:db8::201')
        .add(name, 300, 'TXT', '"made by resolvkit" "two strings"')
        .add(name, 300, 'MX', `10 mx.${name}.`)
        // named refuses an MX whose target in the zone has no address (check-mx).
        .add(`mx.${name}`, 300, 'A', '192.0.2.202')
        .add(`_svc._tcp.${name}`, 300, 'SRV', `0 5 443 ${name}.`),
      k,
    );
    expect(added.rcode).toBe('NOERROR');
    expect(added.tsig).toMatchObject({ key: { name: k.name }, error: 'NOERROR' });
    expect(await seen(name, 'A')).toEqual({ ours: ['"192.0.2.201"'], dig: ['192.0.2.201'] });
    expect((await seen(name, 'AAAA')).dig).toEqual(['2001:db8::201']);
    expect((await seen(name, 'TXT')).dig).toEqual(['"made by resolvkit" "two strings"']);
    expect((await seen(name, 'MX')).dig).toEqual([`10 mx.${name}.`]);
    expect((await seen(`_svc._tcp.${name}`, 'SRV')).dig).toEqual([`0 5 443 ${name}.`]);

    await send(new Update(ZONE).rrsetExists(name, 'A').deleteRecord(name, 'A', '192.0.2.201').deleteRRset(name, 'TXT'), k);
    expect(await seen(name, 'A')).toEqual({ ours: [], dig: [] });
    expect((await seen(name, 'TXT')).dig).toEqual([]);
    expect((await seen(name, 'AAAA')).dig).toEqual(['2001:db8::201']);
    await send(new Update(ZONE).nameInUse(name).deleteName(name).deleteName(`_svc._tcp.${name}`).deleteName(`mx.${name}`), k);
    expect((await seen(name, 'AAAA')).dig).toEqual([]);
    expect((await seen(`_svc._tcp.${name}`, 'SRV')).dig).toEqual([]);
  });
});

describe('prerequisites', () => {
  const existing = `existing.${ZONE}`;

  it('holds each kind, and a failed one changes nothing', async () => {
    const name = unique('prereq');
    await send(new Update(ZONE).add(name, 300, 'A', '192.0.2.210'));
    const cases: Array<[string, Update, string]> = [
      ['2.4.1 RRset exists (value-independent)', new Update(ZONE).rrsetExists(name, 'TXT').add(name, 300, 'AAAA', '2001:db8::210'), 'ENXRRSET'],
      ['2.4.2 RRset exists (value-dependent)', new Update(ZONE).rrsetExistsWithValue(name, 'A', '192.0.2.99').add(name, 300, 'AAAA', '2001:db8::210'), 'ENXRRSET'],
      ['2.4.3 RRset does not exist', new Update(ZONE).rrsetDoesNotExist(name, 'A').add(name, 300, 'AAAA', '2001:db8::210'), 'EYXRRSET'],
      ['2.4.4 name is in use', new Update(ZONE).nameInUse(`none-${name}`).add(name, 300, 'AAAA', '2001:db8::210'), 'ENXDOMAIN'],
      ['2.4.5 name is not in use', new Update(ZONE).nameNotInUse(name).add(name, 300, 'AAAA', '2001:db8::210'), 'EYXDOMAIN'],
    ];
    for (const [what, u, code] of cases) {
      const error = await send(u).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([what, (error as DnsError | undefined)?.code]).toEqual([what, code === 'ENXDOMAIN' ? 'ENOTFOUND' : code]);
      expect((error as DnsError).response?.rcode).toBeDefined();
    }
    expect(await seen(name, 'AAAA')).toEqual({ ours: [], dig: [] });
    // And each holds when true.
    await send(new Update(ZONE).rrsetExists(existing, 'TXT').rrsetExistsWithValue(`pair.${ZONE}`, 'A', '192.0.2.71').rrsetExistsWithValue(`pair.${ZONE}`, 'A', '192.0.2.72').rrsetDoesNotExist(name, 'MX').nameInUse(existing).nameNotInUse(`none-${name}`).add(name, 300, 'AAAA', '2001:db8::210'));
    expect((await seen(name, 'AAAA')).dig).toEqual(['2001:db8::210']);
  });
});

describe('refusals', () => {
  const attempt = (u: Update, k: TsigKey | null, extra = {}) =>
    send(u, k, { timeout: 500, ...extra }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );

  it('a wrong secret, an unknown key, an unsigned update and a stale clock are refused and change nothing', async () => {
    const name = unique('refused');
    const u = () => new Update(ZONE).add(name, 300, 'A', '192.0.2.220');
    const good = key('hmac-sha256');
    const wrongSecret = { ...good, secret: Buffer.alloc(32, 7) };
    const unknown = parseTsigKey(`hmac-sha256:nobody.keys.resolvkit.test:${Buffer.alloc(32, 1).toString('base64')}`);

    const badsig = await attempt(u(), wrongSecret);
    expect(badsig).toBeInstanceOf(TsigError);
    expect(badsig).toMatchObject({ code: 'BADSIG', reported: true });
    const badkey = await attempt(u(), unknown);
    expect(badkey).toMatchObject({ code: 'BADKEY', reported: true });
    const unsigned = await attempt(u(), null);
    expect(unsigned).toMatchObject({ code: 'EREFUSED' });
    const stale = await attempt(u(), good, { now: () => Math.floor(Date.now() / 1000) - 3600 });
    expect(stale).toBeInstanceOf(TsigError);
    expect(stale).toMatchObject({ code: 'BADTIME' });
    const denied = await attempt(u(), parseTsigKey(`hmac-sha256:${named.restrictedKeys.denied.name}:${named.restrictedKeys.denied.secret}`));
    expect(denied).toMatchObject({ code: 'EREFUSED' });
    expect(await seen(name, 'A')).toEqual({ ours: [], dig: [] });
  });
});

describe('update() in one call (res_nupdate)', () => {
  it('runs the seed example: zone cut, message, signing, sending; then res_querydomain over TCP without the cache', async () => {
    const name = unique('mypc');
    const k = named.keys['hmac-md5'];
    const results = await update(
      [
        { section: 'ns_s_zn', name: `${ZONE}.`, class: 'IN', type: 'SOA' },
        { section: 'ns_s_pr', name: `${name}.`, class: 'IN', type: 'A', operation: 'NXDOMAIN' },
        { section: 'ns_s_ud', name: `${name}.`, class: 'IN', type: 'A', ttl: 10, data: '10.10.10.10', operation: 'ADD' },
        { section: 'ns_s_ud', name: `${name}.`, class: 'IN', type: 'AAAA', ttl: 10, data: 'fedc:ba98:7654:3210:fedc:ba98:7654:3210', operation: 'ADD' },
      ],
      { resolver: resolver(), key: parseTsigKey(`${k.algorithm}:${k.name}:${k.secret}`), timeout: 1000, tries: 1 },
    );
    expect(results.map((r) => [r.zone, r.rcode, r.server])).toEqual([[ZONE, 'NOERROR', server]]);
    const label = name.slice(0, name.indexOf('.'));
    const reply = await resolver().querydomain(label, `${ZONE}.`, 'A', { flags: RES_USEVC | RES_NOCACHE });
    expect([reply.transport, reply.answers.map((a) => a.data)]).toEqual(['tcp', ['10.10.10.10']]);
  });

  it('sends nothing for a zone that does not exist, or a name no zone below the root holds', async () => {
    // A watching transport: every request that goes out, with its opcode.
    const inner = new NodeTransport();
    const opcodes: string[] = [];
    const transport: Transport = {
      udp: (r) => (opcodes.push(r.opcode ?? 'QUERY'), inner.udp(r)),
      tcp: (r) => (opcodes.push(r.opcode ?? 'QUERY'), inner.tcp(r)),
      close: () => inner.close(),
    };
    const r = new Resolver({ config: createConfig({ resolvConf: `nameserver ${server}\noptions timeout:1 attempts:1\n` }), cache: 'off', transport });
    made.push(r);
    const name = unique('nozone');
    const options = { resolver: r, key: key(), timeout: 1000, tries: 1 };
    for (const [zone, enclosing] of [
      [`nothere.${ZONE}`, `the zone ${ZONE}`], // NXDOMAIN
      [`c.resolvkit.test`, 'the zone resolvkit.test'], // a name that exists, not a zone's apex
      ['resolvkit.nosuchtld', 'the root zone'], // a misspelt top-level domain
    ]) {
      const error = await update(new Update(zone!).add(`x.${zone}`, 60, 'A', '192.0.2.240'), options).catch((e: unknown) => e);
      expect(error, zone).toBeInstanceOf(DnsError);
      expect(error).toMatchObject({ code: 'ENOTFOUND', syscall: 'update', type: 'SOA', hostname: zone, message: `update ENOTFOUND ${zone}: there is no such zone (the name is in ${enclosing}); nothing was sent` });
    }
    const list = await update([{ section: 'update', name: 'x.resolvkit.nosuchtld', type: 'A', ttl: 60, data: '192.0.2.241', operation: 'ADD' }], options).catch((e: unknown) => e);
    expect(list).toMatchObject({ code: 'ENOTFOUND', message: 'update ENOTFOUND x.resolvkit.nosuchtld: no zone below the root holds the name; nothing was sent' });
    expect(opcodes.length).toBeGreaterThan(0);
    expect(opcodes.filter((o) => o !== 'QUERY')).toEqual([]);
    // The same resolver sends a real one.
    await update(new Update(ZONE).add(name, 60, 'A', '192.0.2.242'), options);
    expect(opcodes.filter((o) => o === 'UPDATE')).toHaveLength(1);
  });

  it('keeps to one family of the primary\'s addresses with family (nsupdate\'s -4 / -6)', async () => {
    // The primary has 127.0.0.1 and ::1, and the test's named answers on both.
    const options = { resolver: resolver(), key: key(), timeout: 1000, tries: 1 };
    const four = await update(new Update(ZONE).add(unique('four'), 60, 'A', '192.0.2.244'), { ...options, family: 4 });
    expect(four.map((r) => r.server)).toEqual([server]);
    const six = await update(new Update(ZONE).add(unique('six'), 60, 'A', '192.0.2.245'), { ...options, family: 6 });
    expect(six.map((r) => r.server)).toEqual([`[::1]:${named.port}`]);
  });

  it('names a failed exchange as the update\'s, as the rcodes are: update ETIMEOUT zone, type SOA', async () => {
    // A server that reads and never answers, and a port where nothing listens.
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const closedPort = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const u = new Update(ZONE).add(unique('dead'), 60, 'A', '192.0.2.243');
      for (const [port, code] of [
        [silent.address().port, 'ETIMEOUT'],
        [closedPort, 'ECONNREFUSED'],
      ] as const) {
        const error = await sendUpdate(u, { servers: [`127.0.0.1:${port}`], key: key(), timeout: 200, tries: 1 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DnsError);
        expect(error).toMatchObject({ code, syscall: 'update', type: 'SOA', hostname: ZONE, servers: [`127.0.0.1:${port}`], message: `update ${code} ${ZONE}` });
        expect((error as Error).cause).toMatchObject({ code, syscall: 'query' });
      }
      const ac = new AbortController();
      ac.abort();
      expect(await sendUpdate(u, { servers: [`127.0.0.1:${silent.address().port}`], key: key(), signal: ac.signal }).catch((e: unknown) => e)).toMatchObject({ code: 'ECANCELLED', syscall: 'update' });
    } finally {
      silent.close();
    }
  });

  it('sends records of several zones as one update per zone, and says what each answered', async () => {
    const name = unique('multi');
    const error = await update(
      [
        { section: 'update', name, type: 'A', ttl: 60, data: '192.0.2.230', operation: 'ADD' },
        { section: 'update', name: `multi-${process.pid}.resolvkit.test`, type: 'A', ttl: 60, data: '192.0.2.231', operation: 'ADD' },
      ],
      { resolver: resolver(), key: key(), timeout: 1000, tries: 1 },
    ).then(
      () => undefined,
      (e: unknown) => e as AggregateError & { results: Array<{ zone: string; result?: { rcode: string }; error?: { code: string } }> },
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect(error!.results.map((r) => [r.zone, r.result?.rcode ?? r.error?.code])).toEqual([
      [ZONE, 'NOERROR'],
      ['resolvkit.test', 'EREFUSED'],
    ]);
    expect((await seen(name, 'A')).dig).toEqual(['192.0.2.230']);
  });
});
