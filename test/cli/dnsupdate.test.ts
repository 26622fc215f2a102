/**
 * dnsupdate's executor, run in-process over a scripted transport (no socket, a fake clock): each
 * of nsupdate's outcomes with its exact text and exit status, and each place where dnsupdate
 * is safer than nsupdate. What nsupdate prints in each case is from BIND 9.18.49's nsupdate.c
 * (quoted in docs/nsupdate-behaviour.md) and from the captures in fixtures/nsupdate/cases;
 * test/integration/nsupdate-differential.test.ts holds the same against the real nsupdate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dnsupdateMain, type DnsupdateDeps } from '../../src/cli/dnsupdate.js';
import { packageVersion } from '../../src/cli/run.js';
import { createConfig } from '../../src/env/index.js';
import { encodeMessage, type Message, type MessageInput, type ResourceRecord } from '../../src/packet/index.js';
import { parseTsigKey, signMessage, verifyMessage, type TsigKey } from '../../src/update/index.js';
import { ScriptedTransport, type ScriptCall, type Step } from '../support/scripted-transport.js';

const NOW = 1796154476;
const SECRET = 'QvrvAyyjnzHKR5vdH85XvIgftnEZjM+wVki3H8Iichw=';
const KEY = parseTsigKey(`hmac-sha256:k.example:${SECRET}`);
const Y = ['-y', `hmac-sha256:k.example:${SECRET}`];
const ZONE = 'dyn.example';
const SERVER = `server 127.0.0.1\nzone ${ZONE}\n`;

const dir = mkdtempSync(join(tmpdir(), 'dnsupdate-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Interfaces with one IPv4 and one IPv6 address that are not loopback, for AI_ADDRCONFIG. */
const interfaces = () => ({
  eth0: [
    { address: '192.0.2.5', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '02:00:00:00:00:05', internal: false, cidr: '192.0.2.5/24' },
    { address: '2001:db8::5', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: '02:00:00:00:00:05', internal: false, cidr: '2001:db8::5/64', scopeid: 0 },
  ],
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  transport: ScriptedTransport;
  /** Each exchange as `udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms`. */
  log: string[];
}

/** Runs dnsupdate over a scripted transport; `serve` answers each exchange. */
async function dnsupdate(argv: string[], script: string, serve: (call: ScriptCall) => Step | readonly Step[] = () => 'timeout', deps: DnsupdateDeps = {}): Promise<Run> {
  const transport = new ScriptedTransport(serve);
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  const status = await dnsupdateMain(argv, {}, io, {
    stdin: script,
    isTTY: false,
    transport,
    config: createConfig({ resolvConf: 'nameserver 127.0.0.1\n', hosts: '127.0.0.1 localhost\n127.0.0.10 ns1.dyn.example\n' }),
    resolvConfServers: ['127.0.0.1'],
    now: () => NOW,
    clockMs: () => NOW * 1000,
    networkInterfaces: interfaces,
    ...deps,
  });
  const log = transport.exchanges.map((x) => {
    const q = x.query.questions[0];
    const signed = x.query.additionals.some((rr) => rr.type === 'TSIG') ? ' signed' : '';
    const rd = x.query.flags.rd ? ' rd' : '';
    return `${x.kind} ${x.server} ${x.query.opcode} ${q?.name} ${q?.type}${rd}${signed} @${x.start}ms`;
  });
  return { status, stdout, stderr, transport, log };
}

/** A reply to `call` as named sends it: QR, the question echoed, signed for the request when `key` is given. */
function answer(call: ScriptCall, key: TsigKey | undefined, o: { rcode?: MessageInput['rcode']; answers?: ResourceRecord[]; authorities?: ResourceRecord[]; aa?: boolean; id?: number } = {}): Buffer {
  const wire = encodeMessage({
    id: o.id ?? call.query.id,
    opcode: call.query.opcode,
    rcode: o.rcode ?? 'NOERROR',
    flags: { qr: true, aa: o.aa ?? false, rd: call.query.flags.rd },
    questions: call.query.questions,
    answers: o.answers ?? [],
    authorities: o.authorities ?? [],
  });
  if (key === undefined) return wire;
  const { mac } = verifyMessage(call.wire, key, { time: NOW });
  return signMessage(wire, key, { time: NOW, requestMac: mac }).wire;
}

/** named's reply to a request whose TSIG it refused: NOTAUTH, unsigned, the TSIG error in an empty-MAC TSIG. */
function tsigRefusal(call: ScriptCall, key: TsigKey, error: 'BADSIG' | 'BADKEY'): Buffer {
  const wire = encodeMessage({ id: call.query.id, opcode: call.query.opcode, rcode: 'NOTAUTH', flags: { qr: true }, questions: call.query.questions });
  return signMessage(wire, key, { time: NOW, error }).wire;
}

const soa = (zone: string, mname = `ns1.${ZONE}`): ResourceRecord => ({
  name: zone,
  type: 'SOA',
  class: 'IN',
  ttl: 60,
  data: { mname, rname: `hostmaster.${ZONE}`, serial: 7, refresh: 3600, retry: 900, expire: 604800, minimum: 60 },
});

/** The `Answer:` block nsupdate prints for a reply (id, TSIG time and MAC as they are). */
const answerHeader = (rcode: string) => new RegExp(`^Answer:\\n;; ->>HEADER<<- opcode: UPDATE, status: ${rcode}, id: +\\d+\\n;; flags: qr; ZONE: 1, PREREQ: 0, UPDATE: 0, ADDITIONAL: 1\\n;; ZONE SECTION:\\n;dyn\\.example\\.\\t+IN\\tSOA\\n`);

describe('sending with zone and server (straight to the server, no SOA query)', () => {
  it('sends the update signed, prints nothing, `answer` prints the reply; exit 0', async () => {
    const r = await dnsupdate(Y, `${SERVER}update add a.dyn.example 300 A 192.0.2.1\nsend\nanswer\n`, (call) => answer(call, KEY));
    expect(r.log).toEqual(['udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(answerHeader('NOERROR'));
    expect(r.stdout).toMatch(/;; TSIG PSEUDOSECTION:\nk\.example\.\t+0\tANY\tTSIG\thmac-sha256\. 1796154476 300 32 \S+ \d+ NOERROR 0 \n\n$/);
    expect(r.status).toBe(0);
  });

  it('puts every prerequisite and update form in the message as nsupdate does', async () => {
    const r = await dnsupdate(
      Y,
      `${SERVER}nxdomain n.dyn.example\nyxdomain y.dyn.example\nnxrrset r.dyn.example AAAA\nyxrrset r.dyn.example A\nyxrrset r.dyn.example A 192.0.2.9\nadd a.dyn.example 60 TXT "x y" z\ndel d.dyn.example\ndel d.dyn.example MX\ndel d.dyn.example A 192.0.2.8\nsend\n`,
      (call) => answer(call, KEY),
    );
    const sent = r.transport.exchanges[0]!.query as Message;
    const form = (rr: ResourceRecord) => `${rr.name} ${rr.ttl} ${rr.class} ${rr.type} ${JSON.stringify(rr.data)}`;
    expect(sent.answers.map(form)).toEqual([
      'n.dyn.example 0 NONE ANY null',
      'y.dyn.example 0 ANY ANY null',
      'r.dyn.example 0 NONE AAAA null',
      'r.dyn.example 0 ANY A null',
      'r.dyn.example 0 IN A "192.0.2.9"',
    ]);
    expect(sent.authorities.map(form)).toEqual([
      'a.dyn.example 60 IN TXT [{"type":"Buffer","data":[120,32,121]},{"type":"Buffer","data":[122]}]',
      'd.dyn.example 0 ANY ANY null',
      'd.dyn.example 0 ANY MX null',
      'd.dyn.example 0 NONE A "192.0.2.8"',
    ]);
    expect(r.status).toBe(0);
  });

  it('with both zone and server an empty update is sent; with neither, nothing', async () => {
    const both = await dnsupdate(Y, `${SERVER}send\n`, (call) => answer(call, KEY));
    expect(both.log).toEqual(['udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
    const neither = await dnsupdate(Y, 'send\n\nshow\n');
    expect(neither.log).toEqual([]);
    expect(neither.status).toBe(0);
  });

  it('reports a failed prerequisite (update failed: NXRRSET), sets exit 2, and still sends what follows', async () => {
    let n = 0;
    const r = await dnsupdate(Y, `${SERVER}yxrrset e.dyn.example TXT "x"\nsend\nanswer\nadd b.dyn.example 300 A 192.0.2.2\nsend\n`, (call) =>
      answer(call, KEY, { rcode: n++ === 0 ? 'NXRRSET' : 'NOERROR' }),
    );
    expect(r.stderr).toBe('update failed: NXRRSET\n');
    expect(r.stdout).toMatch(answerHeader('NXRRSET'));
    expect(r.log).toHaveLength(2);
    expect(r.status).toBe(2);
  });

  it('BADSIG / BADKEY: `; TSIG error with server: tsig indicates error` and NOTAUTH(BADSIG); the reply is the answer', async () => {
    for (const error of ['BADSIG', 'BADKEY'] as const) {
      const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nanswer\n`, (call) => tsigRefusal(call, KEY, error));
      expect(r.stderr).toBe(`; TSIG error with server: tsig indicates error\nupdate failed: NOTAUTH(${error})\n`);
      expect(r.stdout).toMatch(answerHeader('NOTAUTH'));
      expect(r.stdout).toContain(`TSIG\thmac-sha256. 1796154476 300 0 ${r.transport.exchanges[0]!.id} ${error} 0 \n`);
      expect(r.status).toBe(2);
      // The difference: an unsigned reply does not end the wait. It is taken only once the try's
      // time (-u 3) is up, and the server is not asked again.
      expect(r.transport.exchanges).toHaveLength(1);
      expect(r.transport.exchanges[0]!.end).toBe(3000);
    }
  });

  it('a forged unsigned reply ahead of the signed one changes nothing (nsupdate would take it: "expected a TSIG or SIG(0)")', async () => {
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nanswer\n`, (call) => [
      answer(call, undefined, { rcode: 'NOERROR' }),
      { delay: 5 },
      answer(call, KEY),
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(answerHeader('NOERROR'));
    expect(r.status).toBe(0);
  });

  it('only an unsigned reply: `expected a TSIG or SIG(0)`, then its rcode; exit 2', async () => {
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, undefined, { rcode: 'REFUSED' }));
    expect(r.stderr).toBe('; TSIG error with server: expected a TSIG or SIG(0)\nupdate failed: REFUSED\n');
    expect(r.status).toBe(2);
  });

  it('a reply signed with another secret: `tsig verify failure`', async () => {
    const other = parseTsigKey('hmac-sha256:k.example:WwQdyScGpXwZjsHuWowYXw==');
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => {
      const wire = encodeMessage({ id: call.query.id, opcode: 'UPDATE', flags: { qr: true }, questions: call.query.questions });
      return signMessage(wire, other, { time: NOW }).wire;
    });
    expect(r.stderr).toBe('; TSIG error with server: tsig verify failure\n');
    expect(r.status).toBe(2);
  });

  it('a signed BADTIME from the server: `clocks are unsynchronized` and NOTAUTH(BADTIME)', async () => {
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => {
      const { mac } = verifyMessage(call.wire, KEY, { time: NOW });
      const wire = encodeMessage({ id: call.query.id, opcode: 'UPDATE', rcode: 'NOTAUTH', flags: { qr: true }, questions: call.query.questions });
      const other = Buffer.alloc(6);
      other.writeUIntBE(NOW + 1000, 0, 6);
      return signMessage(wire, KEY, { time: NOW, requestMac: mac, error: 'BADTIME', otherData: other }).wire;
    });
    expect(r.stderr).toBe('; TSIG error with server: clocks are unsynchronized\nupdate failed: NOTAUTH(BADTIME)\n');
    expect(r.status).toBe(2);
  });

  it('unsigned: no TSIG on the request, and the server\'s REFUSED reported', async () => {
    const r = await dnsupdate([], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, undefined, { rcode: 'REFUSED' }));
    expect(r.log).toEqual(['udp 127.0.0.1:53 UPDATE dyn.example SOA @0ms']);
    expect(r.stderr).toBe('update failed: REFUSED\n');
    expect(r.status).toBe(2);
  });
});

describe('timeouts and failing servers', () => {
  it('-u and -r: r + 1 tries of u seconds each, then `; Communication with ADDR#PORT failed: timed out`, exit 2', async () => {
    const r = await dnsupdate(['-u', '1', '-r', '2', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nanswer\n`);
    expect(r.log).toEqual([
      'udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms',
      'udp 127.0.0.1:53 UPDATE dyn.example SOA signed @1000ms',
      'udp 127.0.0.1:53 UPDATE dyn.example SOA signed @2000ms',
    ]);
    expect(r.stderr).toBe('; Communication with 127.0.0.1#53 failed: timed out\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  it('-u 0: each try gets -t / (r + 1) seconds, at least one', async () => {
    const r = await dnsupdate(['-t', '8', '-u', '0', '-r', '1', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    expect(r.transport.exchanges.map((x) => x.start)).toEqual([0, 4000]);
    const short = await dnsupdate(['-t', '1', '-u', '0', '-r', '3', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    expect(short.transport.exchanges.map((x) => x.start)).toEqual([0, 1000, 2000, 3000]);
  });

  it('connection refused, and the next primary address answering: no error seen, exit 0', async () => {
    const r = await dnsupdate(Y, `add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => {
      if (call.query.opcode === 'QUERY') return answer(call, undefined, { authorities: [soa(ZONE, 'ns2.dyn.example')], aa: true });
      return call.server === '127.0.0.20:53' ? 'refused' : answer(call, KEY);
    }, { config: createConfig({ resolvConf: 'nameserver 127.0.0.1\n', hosts: '127.0.0.20 ns2.dyn.example\n127.0.0.21 ns2.dyn.example\n' }) });
    expect(r.log.slice(1)).toEqual(['udp 127.0.0.20:53 UPDATE dyn.example SOA signed @0ms', 'udp 127.0.0.21:53 UPDATE dyn.example SOA signed @0ms']);
    expect(r.stderr).toBe('; Communication with 127.0.0.20#53 failed: connection refused\n');
    expect(r.status).toBe(0);
  });

  it('-v to a server that refuses: "operation canceled", as nsupdate 9.18 words a refused TCP connection', async () => {
    const r = await dnsupdate(['-v', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, () => 'refused');
    expect(r.log).toEqual(['tcp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
    expect(r.stderr).toBe('; Communication with 127.0.0.1#53 failed: operation canceled\n');
    expect(r.status).toBe(2);
  });

  it('-v: the update over TCP, one try of -t seconds', async () => {
    const r = await dnsupdate(['-v', '-t', '7', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    expect(r.log).toEqual(['tcp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
    expect(r.transport.exchanges[0]!.end).toBe(7000);
  });

  it('an update over 512 octets goes over TCP', async () => {
    const adds = Array.from({ length: 12 }, (_, i) => `add big.dyn.example 300 TXT "${'x'.repeat(40)}${i}"`).join('\n');
    const r = await dnsupdate(Y, `${SERVER}${adds}\nsend\n`, (call) => answer(call, KEY));
    expect(r.log).toEqual(['tcp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
  });
});

describe('finding the zone (start_update, recvsoa)', () => {
  it('without server: an unsigned SOA query with RD to the resolv.conf server, the MNAME\'s address as primary', async () => {
    const r = await dnsupdate(['-p', '5300', ...Y], 'add a.b.dyn.example 300 A 192.0.2.1\nsend\nanswer\n', (call) => {
      if (call.query.opcode === 'QUERY') return answer(call, undefined, { rcode: 'NXDOMAIN', authorities: [soa(ZONE)], aa: true });
      return answer(call, KEY);
    });
    expect(r.log).toEqual(['udp 127.0.0.1:5300 QUERY a.b.dyn.example SOA rd @0ms', 'udp 127.0.0.10:5300 UPDATE dyn.example SOA signed @0ms']);
    expect(r.stdout).toMatch(answerHeader('NOERROR'));
    expect(r.status).toBe(0);
  });

  it('with server and no zone: the SOA query signed, without RD, and the update to the server', async () => {
    const r = await dnsupdate(Y, 'server 127.0.0.1 5301\nadd a.dyn.example 300 A 192.0.2.1\nsend\n', (call) =>
      call.query.opcode === 'QUERY' ? answer(call, KEY, { answers: [], authorities: [soa(ZONE)], aa: true }) : answer(call, KEY),
    );
    expect(r.log).toEqual(['udp 127.0.0.1:5301 QUERY a.dyn.example SOA signed @0ms', 'udp 127.0.0.1:5301 UPDATE dyn.example SOA signed @0ms']);
    expect(r.status).toBe(0);
  });

  it('a TSIG error to the signed SOA query: asked again unsigned', async () => {
    const r = await dnsupdate(Y, 'server 127.0.0.1\nadd a.dyn.example 300 A 192.0.2.1\nsend\n', (call) => {
      if (call.query.opcode !== 'QUERY') return tsigRefusal(call, KEY, 'BADKEY');
      return call.n === 0 ? tsigRefusal(call, KEY, 'BADKEY') : answer(call, undefined, { authorities: [soa(ZONE)] });
    });
    expect(r.log).toEqual([
      'udp 127.0.0.1:53 QUERY a.dyn.example SOA signed @0ms',
      'udp 127.0.0.1:53 QUERY a.dyn.example SOA @3000ms',
      'udp 127.0.0.1:53 UPDATE dyn.example SOA signed @3000ms',
    ]);
    expect(r.stderr).toBe('; TSIG error with server: tsig indicates error\nupdate failed: NOTAUTH(BADKEY)\n');
  });

  it('a CNAME in the answer drops a label; the SOA in the answer section is the zone; a DS update starts one label up', async () => {
    const r = await dnsupdate(Y, 'add x.c.dyn.example 300 A 192.0.2.1\nsend\nadd sub.dyn.example 300 DS 1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\nsend\n', (call) => {
      const q = call.query.questions[0]!.name;
      if (call.query.opcode !== 'QUERY') return answer(call, KEY);
      if (q === 'x.c.dyn.example') return answer(call, undefined, { answers: [{ name: q, type: 'CNAME', class: 'IN', ttl: 1, data: 'elsewhere.example' }] });
      return answer(call, undefined, { answers: [soa(ZONE)] });
    });
    expect(r.log.filter((l) => l.includes('QUERY'))).toEqual([
      'udp 127.0.0.1:53 QUERY x.c.dyn.example SOA rd @0ms',
      'udp 127.0.0.1:53 QUERY c.dyn.example SOA rd @0ms',
      'udp 127.0.0.1:53 QUERY dyn.example SOA rd @0ms',
    ]);
    expect(r.status).toBe(0);
  });

  it('no SOA up to the root: fatal `could not find enclosing zone`, exit 1', async () => {
    const r = await dnsupdate(Y, 'add a.example 300 A 192.0.2.1\nsend\nadd never.example 300 A 192.0.2.1\nsend\n', (call) => answer(call, undefined));
    expect(r.log.map((l) => l.split(' ')[3])).toEqual(['a.example', 'example', '.']);
    expect(r.stderr).toBe('could not find enclosing zone\n');
    expect(r.status).toBe(1);
  });

  it('SERVFAIL to the SOA query: fatal `response to SOA query was unsuccessful`', async () => {
    const r = await dnsupdate(Y, 'add a.dyn.example 300 A 192.0.2.1\nsend\n', (call) => answer(call, undefined, { rcode: 'SERVFAIL' }));
    expect(r.stderr).toBe('response to SOA query was unsuccessful\n');
    expect(r.status).toBe(1);
  });

  it('REFUSED, then no server left: `; Communication with ... failed: REFUSED`, fatal `could not reach any name server`', async () => {
    const r = await dnsupdate(Y, 'add a.dyn.example 300 A 192.0.2.1\nsend\n', (call) => answer(call, undefined, { rcode: 'REFUSED' }), {
      resolvConfServers: ['127.0.0.1', '127.0.0.2'],
    });
    expect(r.stderr).toBe('; Communication with 127.0.0.1#53 failed: REFUSED\n; Communication with 127.0.0.2#53 failed: REFUSED\ncould not reach any name server\n');
    expect(r.status).toBe(1);
  });

  it('a resolv.conf without servers: ::1, then 127.0.0.1', async () => {
    const r = await dnsupdate(['-u', '1', '-r', '0', ...Y], 'add a.dyn.example 300 A 192.0.2.1\nsend\n', () => 'timeout', { resolvConfServers: [] });
    expect(r.log).toEqual(['udp [::1]:53 QUERY a.dyn.example SOA rd @0ms', 'udp 127.0.0.1:53 QUERY a.dyn.example SOA rd @1000ms']);
    expect(r.stderr).toBe('; Communication with ::1#53 failed: timed out\n; Communication with 127.0.0.1#53 failed: timed out\ncould not reach any name server\n');
    expect(r.status).toBe(1);
  });

  it('a given zone that does not exist: `specified zone ... does not exist (NXDOMAIN)`, nothing sent, exit 2', async () => {
    const r = await dnsupdate(Y, 'zone nope.example\nadd a.nope.example 300 A 192.0.2.1\nsend\n', (call) => answer(call, undefined, { rcode: 'NXDOMAIN', authorities: [soa('example')] }));
    expect(r.log).toEqual(['udp 127.0.0.1:53 QUERY nope.example SOA rd @0ms']);
    expect(r.stderr).toBe("specified zone 'nope.example' does not exist (NXDOMAIN)\n");
    expect(r.status).toBe(2);
  });

  it('an MNAME with no address: `couldn\'t get address for \'NAME\': not found`, exit 2 (looked up through the resolver, never the system\'s)', async () => {
    const r = await dnsupdate(Y, 'add a.dyn.example 300 A 192.0.2.1\nsend\n', (call) => {
      if (call.query.opcode === 'QUERY' && call.query.questions[0]!.type === 'SOA') return answer(call, undefined, { authorities: [soa(ZONE, 'ns9.elsewhere.example')] });
      return answer(call, undefined, { rcode: 'NXDOMAIN' });
    });
    expect(r.log.slice(1).map((l) => l.split(' ').slice(0, 5).join(' ')).sort()).toEqual([
      'udp 127.0.0.1:53 QUERY ns9.elsewhere.example A',
      'udp 127.0.0.1:53 QUERY ns9.elsewhere.example AAAA',
    ]);
    expect(r.stderr).toBe("couldn't get address for 'ns9.elsewhere.example': not found\n");
    expect(r.status).toBe(2);
  });

  it('-d: the SOA reply (QUESTION in its header), the zone, the primary, the update as sent without the zone it was not given', async () => {
    const r = await dnsupdate(['-d', ...Y], 'add a.dyn.example 300 A 192.0.2.1\nsend\n', (call) =>
      call.query.opcode === 'QUERY' ? answer(call, undefined, { authorities: [soa(ZONE)], aa: true }) : answer(call, KEY),
    );
    const id = r.transport.exchanges[1]!.id;
    expect(r.stderr).toMatch(/^Creating key\.\.\.\nnamefromtext\nkeycreate\nReply from SOA query:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: +\d+\n;; flags: qr aa rd; QUESTION: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 0\n/);
    expect(r.stderr).toContain('Found zone name: dyn.example\nThe primary is: ns1.dyn.example\nSending update to 127.0.0.10#53\n\nReply from update query:\n');
    expect(r.stdout).toBe(
      `Outgoing update query:\n;; ->>HEADER<<- opcode: UPDATE, status: NOERROR, id: ${String(id).padStart(6)}\n;; flags:; ZONE: 1, PREREQ: 0, UPDATE: 1, ADDITIONAL: 1\n` +
        ';; UPDATE SECTION:\na.dyn.example.\t\t300\tIN\tA\t192.0.2.1\n\n;; TSIG PSEUDOSECTION:\n' +
        `k.example.\t\t0\tANY\tTSIG\thmac-sha256. 1796154476 300 32 ${verifyMessage(r.transport.exchanges[1]!.wire, KEY, { time: NOW }).mac.toString('base64')} ${id} NOERROR 0 \n\n`,
    );
    expect(r.status).toBe(0);
  });

  it('-d: a failed update is not reported as `update failed`, but the exit status is still 2', async () => {
    const r = await dnsupdate(['-d', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY, { rcode: 'YXDOMAIN' }));
    expect(r.stderr).not.toContain('update failed');
    expect(r.stderr).toContain('status: YXDOMAIN');
    expect(r.status).toBe(2);
  });
});

describe('the script', () => {
  it('a command error in a script: its message, `syntax error`, exit 1 at once', async () => {
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nadd b.dyn.example abc A 192.0.2.2\nsend\n`, (call) => answer(call, KEY));
    expect(r.stderr).toBe("ttl 'abc': not a valid number\nsyntax error\n");
    expect(r.log).toHaveLength(1);
    expect(r.status).toBe(1);
  });

  it('interactive (a terminal): a `> ` prompt, errors not fatal, exit 0', async () => {
    const r = await dnsupdate(Y, 'foo\nshow\n', () => 'timeout', { isTTY: true });
    expect(r.stdout).toBe('> > Outgoing update query:\n;; ->>HEADER<<- opcode: UPDATE, status: NOERROR, id:      0\n;; flags:; ZONE: 0, PREREQ: 0, UPDATE: 0, ADDITIONAL: 0\n> ');
    expect(r.stderr).toBe('incorrect section name: foo\n');
    expect(r.status).toBe(0);
  });

  it('an update pending at the end of input is not sent, and a warning says so; `quit` drops it silently', async () => {
    const eof = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\n`);
    expect(eof.log).toEqual([]);
    expect(eof.stderr).toBe('dnsupdate: warning: the update pending at the end of input was not sent (as in nsupdate): end it with "send" or a blank line\n');
    expect(eof.status).toBe(0);
    const quit = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nquit\n`);
    expect(quit.stderr).toBe('');
  });

  it('`show` lays a long owner out on BIND\'s tab stops (a tab when the TTL ends just before one)', async () => {
    const r = await dnsupdate([], 'add _sip._tcp.multi.dyn.resolvkit.test 300 SRV 0 5 5060 t.example.\nshow\n');
    expect(r.stdout).toContain('\n_sip._tcp.multi.dyn.resolvkit.test. 300\tIN SRV\t0 5 5060 t.example.\n');
  });

  it('gsstsig: not supported, and an update after it is not sent unsigned (exit 2)', async () => {
    const r = await dnsupdate([], `gsstsig\n${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nrealm EXAMPLE\n`);
    expect(r.log).toEqual([]);
    expect(r.stderr).toBe('gsstsig not supported\nGSS-TSIG is not supported: the update was not sent\nrealm not supported: GSS-TSIG is not supported\n');
    expect(r.status).toBe(2);
  });

  it('`key` warns for hmac-md5 and, as BIND logs it, for a secret under 64 bits', async () => {
    const r = await dnsupdate([], `${SERVER}key hmac-md5:short.example c2VjcmV0\nadd a.dyn.example 300 A 192.0.2.1\nsend\n`, () => 'timeout');
    expect(r.stderr).toMatch(/^\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d\.\d{3} the key 'short\.example' is too short to be secure\ndnsupdate: warning: the key 'short\.example' is hmac-md5, which is weak: use hmac-sha256 or stronger\n/);
  });

  it('`server NAME` is looked up through the resolver (hosts file first); a name with no address is a command error', async () => {
    const ok = await dnsupdate(Y, `server ns1.dyn.example 5302\nzone ${ZONE}\nadd a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
    expect(ok.log).toEqual(['udp 127.0.0.10:5302 UPDATE dyn.example SOA signed @0ms']);
    const bad = await dnsupdate(Y, 'server nowhere.invalid\n', (call) => answer(call, undefined, { rcode: 'NXDOMAIN' }));
    expect(bad.stderr).toBe("couldn't get address for 'nowhere.invalid': not found\nsyntax error\n");
    expect(bad.status).toBe(1);
  });

  it('`local` is not applied, and says so once', async () => {
    const r = await dnsupdate(Y, `local 127.0.0.1\nlocal 127.0.0.1 5000\n${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('dnsupdate: warning: `local` is not supported: messages go from the address the system chooses\n');
    expect(r.status).toBe(0);
  });

  it('`version` and `help` name dnsupdate and the package version', async () => {
    const r = await dnsupdate([], 'version\nhelp\n');
    const v = packageVersion();
    expect(v).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stdout.startsWith(`dnsupdate ${v}\ndnsupdate ${v}:\nlocal address [port]`)).toBe(true);
  });

  it('reads a script file; one that cannot be opened is `could not open`, exit 1', async () => {
    const file = join(dir, 'script.nsupdate');
    writeFileSync(file, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    const r = await dnsupdate([...Y, file], 'this is not read\n', (call) => answer(call, KEY));
    expect(r.log).toHaveLength(1);
    expect(r.status).toBe(0);
    const missing = await dnsupdate([join(dir, 'missing')], '');
    expect(missing.stderr).toBe(`could not open '${join(dir, 'missing')}': file not found\n`);
    expect(missing.status).toBe(1);
  });
});

describe('keys on the command line', () => {
  it('-y: nsupdate\'s messages for a bad form and a bad algorithm; a bad secret stops the run without showing it', async () => {
    expect((await dnsupdate(['-y', 'nocolon'], '')).stderr).toBe('key option must specify [hmac:]keyname:secret\n');
    expect((await dnsupdate(['-y', 'hmac-foo:k:c2VjcmV0'], '')).stderr).toBe("unknown key type 'hmac-foo'\n");
    const bad = await dnsupdate(['-y', 'k.example:not*base64'], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    expect(bad.stderr).toBe('could not create key from k.example: bad base64 encoding\n');
    expect(bad.status).toBe(1);
    expect(bad.log).toEqual([]);
  });

  it('-y without an algorithm is hmac-md5, with the warning', async () => {
    const r = await dnsupdate(['-y', `k.example:${SECRET}`], '');
    expect(r.stderr).toBe("dnsupdate: warning: the key 'k.example' is hmac-md5, which is weak: use hmac-sha256 or stronger\n");
  });

  it('-k: a key file that cannot be read stops the run (nsupdate would send unsigned)', async () => {
    const r = await dnsupdate(['-k', join(dir, 'nokey.key')], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    expect(r.stderr).toBe(`could not read key from ${join(dir, 'nokey')}.{private,key}: file not found\n`);
    expect(r.status).toBe(1);
    expect(r.log).toEqual([]);
  });

  it('-k reads a key file and signs with it', async () => {
    const file = join(dir, 'k.key');
    writeFileSync(file, `key "k.example" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`);
    const r = await dnsupdate(['-k', file], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('');
    expect(r.log).toEqual(['udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
  });

  it('-k with a dnssec-keygen pair (by .key, .private, its base or its base and a dot): BIND\'s deprecation warning, and it signs', async () => {
    const base = join(dir, 'Kk.example.+163+00001');
    writeFileSync(`${base}.private`, `Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\nKey: ${SECRET}\nBits: AAA=\n`);
    writeFileSync(`${base}.key`, `k.example. IN KEY 512 3 163 ${SECRET}\n`);
    for (const path of [`${base}.key`, `${base}.private`, base, `${base}.`]) {
      const r = await dnsupdate(['-d', '-k', path], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
      // nsupdate -d: one "Creating key..." for a pair (a key file would go on as -y's steps), then BIND's log line and its blank line.
      expect(r.stderr).toMatch(new RegExp(`^Creating key\\.\\.\\.\\n\\d\\d-\\w{3}-\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${base.replace(/[.+]/g, '\\$&')}\\.private: Use of K\\* file pairs for HMAC is deprecated\\n\\nSending update`));
      expect(r.log).toEqual(['udp 127.0.0.1:53 UPDATE dyn.example SOA signed @0ms']);
    }
  });

  it('-d: the key steps taken are traced before a key fails, as nsupdate traces them', async () => {
    expect((await dnsupdate(['-d', '-k', join(dir, 'nokey.key')], '')).stderr).toBe(`Creating key...\ncould not read key from ${join(dir, 'nokey')}.{private,key}: file not found\n`);
    expect((await dnsupdate(['-d', '-y', 'bad'], '')).stderr).toBe('Creating key...\nkey option must specify [hmac:]keyname:secret\n');
    expect((await dnsupdate(['-d', '-y', 'hmac-sha256:a..b:AAAA'], '')).stderr).toBe('Creating key...\nnamefromtext\ndns_name_fromtext: empty label\n');
  });

  it('-l: ::1 and 127.0.0.1 at the -p port, signed with the session key; a missing key file is fatal; `server` is refused', async () => {
    const file = join(dir, 'session.key');
    writeFileSync(file, `key "local-ddns" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`);
    const session = parseTsigKey(`hmac-sha256:local-ddns:${SECRET}`);
    const r = await dnsupdate(['-l', '-p', '5303'], `zone ${ZONE}\nadd a.dyn.example 300 A 192.0.2.1\nsend\nserver 127.0.0.1\n`, (call) =>
      call.server === '[::1]:5303' ? 'refused' : answer(call, session),
    { sessionKeyFile: file });
    expect(r.log).toEqual(['udp [::1]:5303 UPDATE dyn.example SOA signed @0ms', 'udp 127.0.0.1:5303 UPDATE dyn.example SOA signed @0ms']);
    expect(r.stderr).toBe('; Communication with ::1#5303 failed: connection refused\ncannot reset server in localhost-only mode\nsyntax error\n');
    expect(r.status).toBe(1);
    const missing = await dnsupdate(['-l'], '', () => 'timeout', { sessionKeyFile: join(dir, 'none.key') });
    expect(missing.stderr).toBe(`can't read key from ${join(dir, 'none.key')}: file not found\n\n`);
    expect(missing.status).toBe(1);
  });
});

describe('--json', () => {
  it('one object per send: zone, server, rcode, the TSIG outcome, and why it failed', async () => {
    let n = 0;
    const r = await dnsupdate(['--json', '-u', '1', '-r', '0', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nadd b.dyn.example 300 A 192.0.2.2\nsend\nadd c.dyn.example 300 A 192.0.2.3\nsend\nsend\n`, (call) => {
      n++;
      if (n === 1) return answer(call, KEY);
      if (n === 2) return answer(call, KEY, { rcode: 'NXRRSET' });
      return 'timeout';
    });
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    const tsig = { key: 'k.example', algorithm: 'hmac-sha256', status: 'verified', reportedByServer: false };
    expect(lines).toEqual([
      { zone: ZONE, server: '127.0.0.1#53', transport: 'udp', rcode: 'NOERROR', tsig, ok: true, error: null },
      { zone: ZONE, server: '127.0.0.1#53', transport: 'udp', rcode: 'NXRRSET', tsig, ok: false, error: 'update failed: NXRRSET' },
      { zone: ZONE, server: '127.0.0.1#53', transport: null, rcode: null, tsig: null, ok: false, error: 'communication with 127.0.0.1#53 failed: timed out' },
      // An empty update with zone and server is still sent, as nsupdate does.
      { zone: ZONE, server: '127.0.0.1#53', transport: null, rcode: null, tsig: null, ok: false, error: 'communication with 127.0.0.1#53 failed: timed out' },
    ]);
    expect(r.status).toBe(2);
  });

  it('a TSIG failure: the code, and whether the server reported it', async () => {
    const r = await dnsupdate(['--json', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => tsigRefusal(call, KEY, 'BADSIG'));
    expect(JSON.parse(r.stdout)).toEqual({
      zone: ZONE,
      server: '127.0.0.1#53',
      transport: 'udp',
      rcode: 'NOTAUTH',
      tsig: { key: 'k.example', algorithm: 'hmac-sha256', status: 'BADSIG', reportedByServer: true },
      ok: false,
      error: '; TSIG error with server: tsig indicates error; update failed: NOTAUTH(BADSIG)',
    });
  });
});

describe('the command line', () => {
  it('--version prints the package version on stdout; -V prints it on stderr, as nsupdate does', async () => {
    const v = packageVersion();
    expect(await dnsupdate(['--version'], '')).toMatchObject({ status: 0, stdout: `dnsupdate ${v}\n`, stderr: '' });
    expect(await dnsupdate(['-V'], '')).toMatchObject({ status: 0, stdout: '', stderr: `dnsupdate ${v}\n` });
  });

  it('--help on stdout, exit 0; -h and bad options as nsupdate: the usage on stderr, exit 1', async () => {
    const help = await dnsupdate(['--help'], '');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: dnsupdate /);
    const h = await dnsupdate(['-h'], '');
    expect(h).toMatchObject({ status: 1, stdout: '' });
    expect(h.stderr).toMatch(/^dnsupdate: invalid argument -h\nusage: dnsupdate \[-CdDi\]/);
  });
});

describe('other places where dnsupdate differs from nsupdate (docs/nsupdate-differences.md)', () => {
  it('a reply that does not decode is ignored, the wait goes on, and then the address counts as failed (nsupdate stops: dns_request_getresponse)', async () => {
    const r = await dnsupdate(['-u', '1', '-r', '0', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => {
      const bad = Buffer.alloc(12);
      bad.writeUInt16BE(call.query.id, 0);
      bad.writeUInt16BE(0xa800, 2); // QR, opcode UPDATE
      bad.writeUInt16BE(1, 6); // one answer announced, none there
      return [bad, 'timeout'];
    });
    expect(r.stderr).toBe('; Communication with 127.0.0.1#53 failed: malformed reply\n');
    expect(r.status).toBe(2);
  });

  it('each UDP try is a new message with its own ID and signature (nsupdate resends the same one)', async () => {
    const r = await dnsupdate(['-u', '1', '-r', '2', ...Y], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`);
    const ids = r.transport.exchanges.map((x) => x.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('the key name goes out in lower case (nsupdate keeps the case given)', async () => {
    const r = await dnsupdate(['-y', `hmac-sha256:K.Example:${SECRET}`], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
    expect(r.transport.exchanges[0]!.query.additionals.at(-1)!.name).toBe('k.example');
    expect(r.status).toBe(0);
  });

  it('a MAC truncated below RFC 8945\'s minimum is refused (nsupdate takes any hmac-NAME-BITS up to the hash)', async () => {
    const r = await dnsupdate(['-y', `hmac-sha256-64:k.example:${SECRET}`], '');
    expect(r.stderr).toBe('could not create key from k.example: hmac-sha256-64: digest bits must be in [128..256]\n');
    expect(r.status).toBe(1);
    const ok = await dnsupdate(['-y', `hmac-sha256-128:k.example:${SECRET}`], '');
    expect(ok.status).toBe(0);
  });

  it('interactively, a `server` with no address leaves none: a later send says so (nsupdate would use an empty address)', async () => {
    const r = await dnsupdate(Y, `server nowhere.invalid\nzone ${ZONE}\nadd a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, undefined, { rcode: 'NXDOMAIN' }), { isTTY: true });
    expect(r.stderr).toBe("couldn't get address for 'nowhere.invalid': not found\ncould not reach any name server\n");
    expect(r.status).toBe(2);
  });

  it('several unverifiable replies: `answer` shows the last (nsupdate takes the first)', async () => {
    const r = await dnsupdate(Y, `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\nanswer\n`, (call) => [
      answer(call, undefined, { rcode: 'SERVFAIL' }),
      { delay: 10 },
      answer(call, undefined, { rcode: 'REFUSED' }),
    ]);
    expect(r.stderr).toBe('; TSIG error with server: expected a TSIG or SIG(0)\nupdate failed: REFUSED\n');
    expect(r.stdout).toContain('status: REFUSED');
  });

  it('-C: a resolv.conf nsupdate\'s reader cannot parse stops the run, as nsupdate (`parse of FILE failed`)', async () => {
    const file = join(dir, 'resolv-port.conf');
    writeFileSync(file, 'nameserver 127.0.0.1:5300\n');
    const r = await dnsupdate(['-C', file], 'show\n', () => 'timeout', { config: undefined });
    expect(r.stderr).toBe(`parse of ${file} failed\n`);
    expect(r.status).toBe(1);
  });
});

describe('where the files come from', () => {
  it('-i with a script file: the file is read, and its errors are not fatal (nsupdate -i reads stdin instead)', async () => {
    const file = join(dir, 'interactive.nsupdate');
    writeFileSync(file, 'foo\nshow\n');
    const r = await dnsupdate(['-i', file], 'this is stdin\n');
    expect(r.stderr).toBe('incorrect section name: foo\n');
    expect(r.stdout).toMatch(/^Outgoing update query:\n/);
    expect(r.status).toBe(0);
  });

  it('without -C, $RESOLV_CONF names the resolv.conf, as for the package\'s other tools', async () => {
    const file = join(dir, 'resolv-env.conf');
    writeFileSync(file, 'nameserver bogus\n');
    let stderr = '';
    const status = await dnsupdateMain([], { RESOLV_CONF: file }, { stdout: () => undefined, stderr: (t) => void (stderr += t) }, { stdin: 'show\n', isTTY: false });
    expect(stderr).toBe(`parse of ${file} failed\n`);
    expect(status).toBe(1);
  });
});

describe('a message that cannot be rendered (over 65535 octets)', () => {
  /** `count` adds of ten 255-octet strings each: about 2.6 KB a record. */
  const bigAdds = (count: number) =>
    Array.from({ length: count }, (_, i) => `add big${i}.dyn.example 300 TXT ${Array.from({ length: 10 }, () => `"${'x'.repeat(255)}"`).join(' ')}`).join('\n');

  it('fatal `dns_request_create: ran out of space`, exit 1 at once: nothing sent, no stack trace', async () => {
    const r = await dnsupdate(Y, `${SERVER}${bigAdds(26)}\nsend\nadd after.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('dns_request_create: ran out of space\n');
    expect(r.log).toEqual([]);
    expect(r.status).toBe(1);
  });

  it('-d: `Sending update to` comes first, then the same; no outgoing message', async () => {
    const r = await dnsupdate(['-d', ...Y], `${SERVER}${bigAdds(26)}\nsend\n`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('Creating key...\nnamefromtext\nkeycreate\nSending update to 127.0.0.1#53\ndns_request_create: ran out of space\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
  });

  it('a message that fits unsigned and not once signed is the same (BIND renders the TSIG into the same 65535 octets)', async () => {
    // Records of one string each, the last cut so that the unsigned message leaves less room than the TSIG takes.
    const records = (last: number): ResourceRecord[] => [
      ...Array.from({ length: 234 }, (_, i) => ({ name: `p${i}.dyn.example`, ttl: 300, class: 'IN', type: 'TXT', data: [Buffer.from('y'.repeat(251))] })),
      { name: 'q.dyn.example', ttl: 300, class: 'IN', type: 'TXT', data: [Buffer.from('z'.repeat(last))] },
    ];
    const size = (last: number) => encodeMessage({ id: 0, opcode: 'UPDATE', questions: [{ name: ZONE, type: 'SOA', class: 'IN' }], authorities: records(last) }).length;
    const last = 65535 - 40 - size(0);
    expect(size(last)).toBe(65535 - 40);
    const script = `${SERVER}${records(last).map((rr) => `add ${rr.name} 300 TXT "${String((rr.data as Buffer[])[0])}"`).join('\n')}\nsend\n`;
    const unsigned = await dnsupdate([], script, (call) => answer(call, undefined));
    expect(unsigned.log).toEqual(['tcp 127.0.0.1:53 UPDATE dyn.example SOA @0ms']);
    const signed = await dnsupdate(Y, script, (call) => answer(call, KEY));
    expect(signed.stderr).toBe('dns_request_create: ran out of space\n');
    expect(signed.log).toEqual([]);
    expect(signed.status).toBe(1);
  });

  it('finding the zone first: the SOA query goes out, then the update cannot', async () => {
    const r = await dnsupdate(Y, `server 127.0.0.1\n${bigAdds(26)}\nsend\n`, (call) => answer(call, KEY, { authorities: [soa(ZONE)], aa: true }));
    expect(r.log).toEqual(['udp 127.0.0.1:53 QUERY big0.dyn.example SOA signed @0ms']);
    expect(r.stderr).toBe('dns_request_create: ran out of space\n');
    expect(r.status).toBe(1);
  });

  it('`show` of a text over 128 KiB is printed (nsupdate: `could not allocate large enough buffer to display message`, exit 1)', async () => {
    const r = await dnsupdate([], `zone ${ZONE}\n${bigAdds(60)}\nshow\nquit\n`);
    expect(r.stdout.length).toBeGreaterThan(128 * 1024);
    expect(r.stdout.match(/^big\d+\.dyn\.example\.\t/gm)).toHaveLength(60);
    expect(r.status).toBe(0);
  });

  it('`show` prints it all the same, as nsupdate does (only the send fails)', async () => {
    const r = await dnsupdate([], `zone ${ZONE}\n${bigAdds(26)}\nshow\nquit\n`);
    expect(r.stdout.match(/^big\d+\.dyn\.example\.\t/gm)).toHaveLength(26);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('-4 and -6 with an address of the other family', () => {
  const ADD = 'add a.dyn.example 300 A 192.0.2.1\nsend\n';

  it('-6 and `server 127.0.0.1`: the v4-mapped address, which nothing reaches: `operation canceled` for each send, exit 2, nothing sent', async () => {
    const r = await dnsupdate(['-6', ...Y], `${SERVER}${ADD}${ADD}`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('; Communication with ::ffff:127.0.0.1#53 failed: operation canceled\n'.repeat(2));
    expect(r.log).toEqual([]);
    expect(r.status).toBe(2);
  });

  it('-6 -d: the update is rendered (and shown) before the send is canceled', async () => {
    const r = await dnsupdate(['-6', '-d', ...Y], `server 127.0.0.1 5300\nzone ${ZONE}\n${ADD}`, (call) => answer(call, KEY));
    expect(r.stderr).toContain('Sending update to ::ffff:127.0.0.1#5300\n; Communication with ::ffff:127.0.0.1#5300 failed: operation canceled\n');
    expect(r.stdout).toMatch(/^Outgoing update query:\n;; ->>HEADER<<- opcode: UPDATE, status: NOERROR, id: +\d+\n;; flags:; ZONE: 1, PREREQ: 0, UPDATE: 1, ADDITIONAL: 1\n/);
    expect(r.log).toEqual([]);
  });

  it('-6 and `server 127.0.0.1` without a zone: the SOA query is canceled, then fatal `could not reach any name server`', async () => {
    const r = await dnsupdate(['-6', ...Y], `server 127.0.0.1\n${ADD}`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('; Communication with ::ffff:127.0.0.1#53 failed: operation canceled\ncould not reach any name server\n');
    expect(r.log).toEqual([]);
    expect(r.status).toBe(1);
  });

  it('a v4-mapped `server` is canceled without -6 too (BIND\'s IPv6 sockets are IPv6-only)', async () => {
    const r = await dnsupdate(Y, `server ::ffff:127.0.0.1\nzone ${ZONE}\n${ADD}`, (call) => answer(call, KEY));
    expect(r.stderr).toBe('; Communication with ::ffff:127.0.0.1#53 failed: operation canceled\n');
    expect(r.log).toEqual([]);
    expect(r.status).toBe(2);
  });

  it('-4 and `server ::1`: `couldn\'t get address for \'::1\': address family not supported`, as before', async () => {
    const r = await dnsupdate(['-4', ...Y], `server ::1\nzone ${ZONE}\n${ADD}`, (call) => answer(call, KEY));
    expect(r.stderr).toBe("couldn't get address for '::1': address family not supported\nsyntax error\n");
    expect(r.log).toEqual([]);
    expect(r.status).toBe(1);
  });

  it('-6 leaving none of resolv.conf\'s servers, and no `server`: fatal `could not reach any name server` (nsupdate: `dns_request_create: not implemented`)', async () => {
    const r = await dnsupdate(['-6', ...Y], ADD, (call) => answer(call, KEY), { resolvConfServers: ['127.0.0.1'] });
    expect(r.stderr).toBe('could not reach any name server\n');
    expect(r.log).toEqual([]);
    expect(r.status).toBe(1);
  });

  it('-6 and an IPv6 server: sent as usual', async () => {
    const r = await dnsupdate(['-6', ...Y], `server ::1\nzone ${ZONE}\n${ADD}`, (call) => answer(call, KEY));
    expect(r.log).toEqual(['udp [::1]:53 UPDATE dyn.example SOA signed @0ms']);
    expect(r.status).toBe(0);
  });
});

describe('a key file with two key statements', () => {
  const statement = (name: string) => `key "${name}" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`;

  it('-k: `could not read key from FILE.{private,key}: already exists`, exit 1, nothing sent (nsupdate goes on unsigned)', async () => {
    for (const [file, names] of [['two.key', ['k.example', 'other.example']], ['same.key', ['k.example', 'K.Example.']]] as const) {
      const path = join(dir, file);
      writeFileSync(path, names.map(statement).join(''));
      const r = await dnsupdate(['-k', path], `${SERVER}add a.dyn.example 300 A 192.0.2.1\nsend\n`, (call) => answer(call, KEY));
      expect(r.stderr).toBe(`could not read key from ${path.slice(0, -'.key'.length)}.{private,key}: already exists\n`);
      expect(r.log).toEqual([]);
      expect(r.status).toBe(1);
    }
  });

  it('-l: the session key file, fatal as nsupdate words it', async () => {
    const path = join(dir, 'two-session.key');
    writeFileSync(path, statement('local-ddns') + statement('other'));
    const r = await dnsupdate(['-l'], '', () => 'timeout', { sessionKeyFile: path });
    expect(r.stderr).toBe(`can't read key from ${path}: already exists\n\n`);
    expect(r.status).toBe(1);
  });
});

describe('RDATA as nsupdate reads it, in the session', () => {
  const sentUpdates = (r: Run) => (r.transport.exchanges[0]!.query as Message).authorities;

  it('a meta type in `\\#`: `invalid rdata format: invalid use of a meta type`, `syntax error`, exit 1, nothing sent', async () => {
    for (const line of [
      'add m.dyn.example 300 TYPE128 \\# 0',
      'add m.dyn.example 300 TYPE0 \\# 0',
      'add m.dyn.example 300 OPT \\# 2 0000',
      'add m.dyn.example 300 ANY \\# 0',
      'delete m.dyn.example TYPE200 \\# 0',
      'yxrrset m.dyn.example TYPE250 \\# 0',
    ]) {
      const r = await dnsupdate(Y, `${SERVER}${line}\nsend\n`, (call) => answer(call, KEY));
      expect(r.stderr, line).toBe('invalid rdata format: invalid use of a meta type\nsyntax error\n');
      expect(r.log).toEqual([]);
      expect(r.status).toBe(1);
    }
  });

  it('a meta type without data goes out as nsupdate sends it (delete: ANY T; nxrrset: NONE T)', async () => {
    const r = await dnsupdate(Y, `${SERVER}nxrrset m.dyn.example TYPE128 \\# 0\ndelete m.dyn.example TYPE128\nsend\n`, (call) => answer(call, KEY));
    const sent = r.transport.exchanges[0]!.query as Message;
    expect(sent.answers.map((rr) => `${rr.class} ${rr.type}`)).toEqual(['NONE TYPE128']);
    expect(sentUpdates(r).map((rr) => `${rr.class} ${rr.type}`)).toEqual(['ANY TYPE128']);
    expect(r.status).toBe(0);
  });

  it('a quote inside a word is data: TXT a"b" goes out as the one string a"b"', async () => {
    const r = await dnsupdate(Y, `${SERVER}add p.dyn.example 300 TXT a"b"\nadd p.dyn.example 300 TXT x"y z"\nsend\n`, (call) => answer(call, KEY));
    expect(sentUpdates(r).map((rr) => (rr.data as Buffer[]).map(String))).toEqual([['a"b"'], ['x"y', 'z"']]);
  });

  it('@ is the root: MX 10 @, CNAME @, SRV 0 0 1 @ are sent, exit 0', async () => {
    const r = await dnsupdate(Y, `${SERVER}add m.dyn.example 300 MX 10 @\nadd c.dyn.example 300 CNAME @\nadd _s._tcp.dyn.example 300 SRV 0 0 1 @\nsend\n`, (call) => answer(call, KEY));
    expect(sentUpdates(r).map((rr) => rr.data)).toEqual([{ preference: 10, exchange: '.' }, '.', { priority: 0, weight: 0, port: 1, target: '.' }]);
    expect(r.status).toBe(0);
  });

  it('DNSSEC mnemonics: `DS 12345 RSASHA256 SHA-256 ...` is `DS 12345 8 2 ...`', async () => {
    const digest = 'ab'.repeat(32);
    const r = await dnsupdate(Y, `${SERVER}add sub.dyn.example 300 DS 12345 RSASHA256 SHA-256 ${digest}\nsend\n`, (call) => answer(call, KEY));
    expect(sentUpdates(r)[0]!.data).toEqual({ keyTag: 12345, algorithm: 8, digestType: 2, digest: Buffer.from(digest, 'hex') });
  });

  it('a type BIND reads and dnsupdate has no presentation form for (LOC): the error, and `\\# length hex` works', async () => {
    const text = await dnsupdate(Y, `${SERVER}add l.dyn.example 300 LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m\nsend\n`, (call) => answer(call, KEY));
    expect(text.stderr).toBe("invalid rdata format: LOC: no presentation form is known here for this type; write its RDATA in RFC 3597's form, \\# length hex\nsyntax error\n");
    expect(text.log).toEqual([]);
    expect(text.status).toBe(1);
    const generic = await dnsupdate(Y, `${SERVER}add l.dyn.example 300 LOC \\# 16 00121613 8b8ea0b8 8029a9a8 0098967f\nsend\n`, (call) => answer(call, KEY));
    expect(sentUpdates(generic)[0]).toMatchObject({ type: 'LOC', data: Buffer.from('001216138b8ea0b88029a9a80098967f', 'hex') });
    expect(generic.status).toBe(0);
  });
});
