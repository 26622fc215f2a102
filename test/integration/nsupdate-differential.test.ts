/**
 * dnsupdate against BIND 9.18's own nsupdate, live: the same scripts run through both, each
 * against its own named started from the same fixture zones, and what each prints, its exit
 * status and the zone afterwards (an AXFR with dig) must be the same, message IDs, TSIG times
 * and MACs, ports and log timestamps masked. Each case leaves both zones in the same state, so
 * the next case starts from equal zones too.
 *
 * nsupdate looks host names up with getaddrinfo, that is, with the machine's resolv.conf and
 * hosts file. So it runs in a private mount namespace (`unshare -m`) in which /etc/resolv.conf
 * names only 127.0.0.1 (whose port is nsupdate's -p, as for dnsupdate's -C file) and /etc/hosts
 * maps ns1.resolvkit.test (the SOA MNAME of dyn.resolvkit.test) to 127.0.0.1, so that neither
 * tool asks anyone for it. dnsupdate reads the same files (-C, and RESOLV_HOSTS for the hosts
 * file). Server names in the scripts are IP literals.
 *
 * Where dnsupdate differs from nsupdate on purpose (docs/nsupdate-differences.md), the case
 * says how, and the test checks that the difference is still exactly that.
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsupdateMain } from '../../src/cli/dnsupdate.js';
import { USERNS_FLAGS } from '../support/glibc.js';
import { NAMED_FIXTURES_DIR, startNamed, type NamedInstance } from '../support/named.js';

const run = promisify(execFile);
const KEYS = join(NAMED_FIXTURES_DIR, 'keys');
const SIG0_KEY = join(NAMED_FIXTURES_DIR, '../keys/Ksig0.example.test.+013+42619');
const ZONE = 'dyn.resolvkit.test';

/** What a run gave: exit status, stdout, stderr (masked), and the zone afterwards. */
interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
  zone: string[];
}

let nsNamed: NamedInstance;
let ourNamed: NamedInstance;
let silent: Socket;
let silentPort: number;
let dir: string;
let resolvConf: string;
let hosts: string;
let nsswitch: string;
let badResolvConf: string;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  [nsNamed, ourNamed] = await Promise.all([startNamed(), startNamed()]);
  // A name server that never answers: the UDP socket is bound, so no ICMP says "refused".
  silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
  silentPort = silent.address().port;
  dir = mkdtempSync(join(tmpdir(), 'resolvkit-nsupdate-diff-'));
  resolvConf = join(dir, 'resolv.conf');
  hosts = join(dir, 'hosts');
  nsswitch = join(dir, 'nsswitch.conf');
  writeFileSync(resolvConf, 'nameserver 127.0.0.1\n');
  writeFileSync(hosts, '127.0.0.1 localhost\n127.0.0.1 ns1.resolvkit.test\n');
  writeFileSync(nsswitch, 'hosts: files dns\n');
  badResolvConf = join(dir, 'bad-resolv.conf');
  writeFileSync(badResolvConf, 'nameserver 127.0.0.1:53\n');
  for (const [alg, k] of Object.entries(nsNamed.keys)) secrets[alg] = k.secret;
  secrets['denied'] = nsNamed.restrictedKeys.denied.secret;
}, 60_000);

afterAll(async () => {
  silent?.close();
  await Promise.all([nsNamed?.stop(), ourNamed?.stop()]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Fills in a case's placeholders for one side: @PORT@ its named's port, @SILENT@, @KEYS@, @SECRET-alg@. */
function fill(text: string, port: number): string {
  return text
    .replaceAll('@PORT@', String(port))
    .replaceAll('@SILENT@', String(silentPort))
    .replaceAll('@KEYS@', KEYS)
    .replaceAll('@SIG0@', SIG0_KEY)
    .replaceAll('@BADRESOLV@', badResolvConf)
    .replace(/@SECRET-([a-z0-9-]+)@/g, (_, alg: string) => secrets[alg] ?? '?');
}

/** Masks what differs from run to run: ports, message IDs, TSIG times and MACs, BIND's log timestamps. */
function mask(text: string, port: number): string {
  return text
    .replaceAll(`#${port}`, '#PORT')
    .replaceAll(`#${silentPort}`, '#SILENT')
    .replace(/id: +\d+/g, 'id: ID')
    .replace(/^\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d\.\d{3} /gm, 'TIME ')
    .replace(/dns_rdata_fromtext: buffer-0x[0-9a-f]+/g, 'dns_rdata_fromtext: buffer')
    .split('\n')
    .map((line) => {
      const at = line.indexOf('\tTSIG\t');
      if (at < 0) return line;
      // ALG TIME FUDGE MACSIZE [MAC in chunks] ORIGID ERROR OTHERLEN [OTHER]
      const f = line.slice(at + 6).trimEnd().split(' ');
      const macSize = Number(f[3]);
      const rest = f.slice(4);
      const macWords = macSize === 0 ? 0 : rest.length - 3;
      const [, error, otherLen] = rest.slice(macWords);
      return `${line.slice(0, at + 6)}${f[0]} TIME ${f[2]} ${f[3]}${macSize === 0 ? '' : ' MAC'} ID ${error} ${otherLen} `;
    })
    .join('\n');
}

/** The zone as an AXFR gives it, one record a line, sorted, the SOA serial masked. */
async function zone(named: NamedInstance): Promise<string[]> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(named.port), '+nocmd', '+nostats', '+time=2', '+tries=1', 'axfr', ZONE]);
  return stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map((l) => l.replace(/(\tSOA\t\S+ \S+ )\d+/, '$1SERIAL').replace(/\s+/g, ' '))
    .sort();
}

/** BIND's nsupdate, in a mount namespace of its own whose resolv.conf, hosts and nsswitch.conf are the test's. */
function nsupdate(args: string[], script: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const sandbox = [
    'set -e',
    'mount --bind "$1" /etc/resolv.conf',
    'mount --bind "$2" /etc/hosts',
    'mount --bind "$3" /etc/nsswitch.conf',
    'shift 3',
    'exec nsupdate "$@"',
  ].join('\n');
  // An ordinary user gets the mount namespace inside a user namespace of their own (mapped to
  // root there, which is what lets them bind-mount); the network stays the host's loopback.
  const child = spawn('unshare', [...USERNS_FLAGS, '-m', 'sh', '-c', sandbox, 'sh', resolvConf, hosts, nsswitch, '-C', resolvConf, ...args], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.end(script);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** dnsupdate, in this process, reading the same resolv.conf (-C) and hosts file (RESOLV_HOSTS). */
async function dnsupdate(args: string[], script: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  const status = await dnsupdateMain(['-C', resolvConf, ...args], { RESOLV_HOSTS: hosts }, io, { stdin: script, isTTY: false });
  return { status, stdout, stderr };
}

/** Runs a case through both tools, and reads both zones back. */
async function both(args: string[], script: string): Promise<{ ns: Outcome; ours: Outcome }> {
  const [ns, ours] = await Promise.all([
    nsupdate(args.map((a) => fill(a, nsNamed.port)), fill(script, nsNamed.port)),
    dnsupdate(args.map((a) => fill(a, ourNamed.port)), fill(script, ourNamed.port)),
  ]);
  const [nsZone, ourZone] = await Promise.all([zone(nsNamed), zone(ourNamed)]);
  return {
    ns: { status: ns.status, stdout: mask(ns.stdout, nsNamed.port), stderr: mask(ns.stderr, nsNamed.port), zone: nsZone },
    ours: { status: ours.status, stdout: mask(ours.stdout, ourNamed.port), stderr: mask(ours.stderr, ourNamed.port), zone: ourZone },
  };
}

const SERVER = 'server 127.0.0.1 @PORT@\nzone dyn.resolvkit.test\n';
const KEY256 = 'key hmac-sha256:hmac-sha256.keys.resolvkit.test @SECRET-hmac-sha256@\n';
const Y256 = ['-y', 'hmac-sha256:hmac-sha256.keys.resolvkit.test:@SECRET-hmac-sha256@'];

/** A case both tools must run alike. */
interface Same {
  name: string;
  args?: string[];
  script: string;
}

const SAME: Same[] = [
  {
    name: 'adds A, AAAA, TXT, MX and SRV under a nxdomain prerequisite; show, send, answer',
    args: Y256,
    script: `${SERVER}prereq nxdomain multi.dyn.resolvkit.test
update add multi.dyn.resolvkit.test 300 A 192.0.2.10
update add multi.dyn.resolvkit.test 300 AAAA 2001:db8::10
update add multi.dyn.resolvkit.test 300 TXT "hello world" plain ; semicolon
update add multi.dyn.resolvkit.test 300 MX 10 existing.dyn.resolvkit.test.
update add _sip._tcp.multi.dyn.resolvkit.test 300 SRV 0 5 5060 existing.dyn.resolvkit.test.
show
send
answer
show
`,
  },
  {
    name: 'deletes under each kind of prerequisite: yxdomain, yxrrset (with and without data), nxrrset',
    args: Y256,
    script: `${SERVER}yxdomain multi.dyn.resolvkit.test
update delete multi.dyn.resolvkit.test A 192.0.2.10
send
answer
yxrrset multi.dyn.resolvkit.test AAAA
update delete multi.dyn.resolvkit.test AAAA
send
yxrrset multi.dyn.resolvkit.test MX 10 existing.dyn.resolvkit.test.
update delete multi.dyn.resolvkit.test MX
update add multi.dyn.resolvkit.test 600 MX 20 pair.dyn.resolvkit.test.
send
nxrrset multi.dyn.resolvkit.test A
update add multi.dyn.resolvkit.test 300 A 192.0.2.11
send
update delete _sip._tcp.multi.dyn.resolvkit.test SRV 0 5 5060 existing.dyn.resolvkit.test.
send
answer
`,
  },
  {
    name: 'reports each failed prerequisite (NXRRSET, YXDOMAIN, NXDOMAIN, YXRRSET) and goes on',
    args: Y256,
    script: `${SERVER}yxrrset existing.dyn.resolvkit.test TXT "not what is there"
update delete existing.dyn.resolvkit.test TXT
send
answer
nxdomain existing.dyn.resolvkit.test
update add existing.dyn.resolvkit.test 300 A 192.0.2.99
send
yxdomain nothing-here.dyn.resolvkit.test
update add nothing-here.dyn.resolvkit.test 300 A 192.0.2.1
send
nxrrset pair.dyn.resolvkit.test A
update add pair.dyn.resolvkit.test 300 A 192.0.2.73
send
answer
update add after-failures.dyn.resolvkit.test 300 TXT "still sent"
send
`,
  },
  {
    name: 'deletes a whole name, an RRset and one record; a blank line sends',
    args: Y256,
    script: `${SERVER}update delete multi.dyn.resolvkit.test
update delete after-failures.dyn.resolvkit.test TXT

update add pair.dyn.resolvkit.test 300 A 192.0.2.74
delete pair.dyn.resolvkit.test A 192.0.2.74

answer
`,
  },
  ...(['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const).flatMap((alg) => [
    {
      name: `signs with ${alg} given with -y`,
      args: ['-y', `${alg}:${alg}.keys.resolvkit.test:@SECRET-${alg}@`],
      script: `${SERVER}update add y-${alg}.dyn.resolvkit.test 300 A 192.0.2.20\nsend\nanswer\n`,
    },
    {
      name: `signs with ${alg} from a key file (-k)`,
      args: ['-k', `@KEYS@/${alg}.key`],
      script: `${SERVER}update add k-${alg}.dyn.resolvkit.test 300 A 192.0.2.21\nsend\nanswer\n`,
    },
    {
      name: `signs with ${alg} given with the key command`,
      script: `${SERVER}key ${alg}:${alg}.keys.resolvkit.test @SECRET-${alg}@\nupdate delete y-${alg}.dyn.resolvkit.test\nsend\nanswer\n`,
    },
  ]),
  {
    name: 'a wrong secret: BADSIG, NOTAUTH(BADSIG), and the answer as it came',
    script: `${SERVER}key hmac-sha256:hmac-sha256.keys.resolvkit.test WwQdyScGpXwZjsHuWowYXw==\nupdate add badsig.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n`,
  },
  {
    name: 'an unknown key: BADKEY',
    script: `${SERVER}key hmac-sha256:unknown.keys.resolvkit.test QvrvAyyjnzHKR5vdH85XvIgftnEZjM+wVki3H8Iichw=\nupdate add badkey.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n`,
  },
  {
    name: 'refused: unsigned, and signed with a key granted nothing',
    script: `${SERVER}update add unsigned.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\nkey hmac-sha256:denied.keys.resolvkit.test @SECRET-denied@\nupdate add denied.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n`,
  },
  {
    name: 'NOTAUTH for a zone the server does not serve',
    args: Y256,
    script: 'server 127.0.0.1 @PORT@\nzone not-served.example\nupdate add x.not-served.example 300 A 192.0.2.1\nsend\nanswer\n',
  },
  {
    name: 'finds the zone without server or zone: SOA from the resolv.conf server, the MNAME from the hosts file',
    args: ['-p', '@PORT@'],
    script: `${KEY256}update add disc1.sub.dyn.resolvkit.test 300 A 192.0.2.30\nsend\nanswer\nprereq yxdomain disc1.sub.dyn.resolvkit.test\nsend\n`,
  },
  {
    name: 'finds the zone with server and no zone: the SOA query signed, the update to the server',
    args: ['-p', '@PORT@'],
    script: `server 127.0.0.1\n${KEY256}update add disc2.a.b.dyn.resolvkit.test 300 TXT "found"\nsend\nanswer\n`,
  },
  {
    name: 'zone without server: the SOA of the zone, the MNAME as primary',
    args: ['-p', '@PORT@'],
    script: `zone dyn.resolvkit.test\n${KEY256}update delete disc1.sub.dyn.resolvkit.test A\nsend\nanswer\n`,
  },
  {
    name: 'a zone that does not exist (NXDOMAIN), then one that does',
    args: ['-p', '@PORT@'],
    script: `zone nonexistent.resolvkit.test\n${KEY256}update add x.nonexistent.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n`,
  },
  {
    name: '-d with server and zone: the update as sent on stdout, the reply on stderr',
    args: ['-d', ...Y256],
    script: `${SERVER}update add debug1.dyn.resolvkit.test 300 A 192.0.2.40\nsend\nupdate add debug1.dyn.resolvkit.test 300 A 192.0.2.41\nprereq nxdomain debug1.dyn.resolvkit.test\nsend\n`,
  },
  {
    name: '-d finding the zone: the SOA reply, the zone and the primary',
    args: ['-d', '-p', '@PORT@', ...Y256],
    script: 'update delete debug1.dyn.resolvkit.test\nsend\n',
  },
  {
    name: '-v: over TCP',
    args: ['-v', ...Y256],
    script: `${SERVER}update add tcp.dyn.resolvkit.test 300 TXT "over tcp"\nsend\nanswer\n`,
  },
  {
    name: 'an update over 512 octets goes over TCP',
    args: Y256,
    script: `${SERVER}${Array.from({ length: 12 }, (_, i) => `update add big.dyn.resolvkit.test 300 TXT "${'x'.repeat(40)}${i}"`).join('\n')}\nsend\nanswer\n`,
  },
  {
    name: '-l: localhost (::1 and 127.0.0.1 at -p), signed with the session key file given with -k',
    args: ['-l', '-k', '@KEYS@/hmac-sha384.key', '-p', '@PORT@'],
    script: 'zone dyn.resolvkit.test\nupdate add local.dyn.resolvkit.test 300 A 192.0.2.50\nsend\nanswer\nserver 127.0.0.1\n',
  },
  {
    name: 'a silent server: times out (-u 1 -r 0), exit 2',
    args: ['-u', '1', '-r', '0', ...Y256],
    script: 'server 127.0.0.1 @SILENT@\nzone dyn.resolvkit.test\nupdate add silent.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n',
  },
  {
    // Nothing listens for TCP at the silent server's port: nsupdate 9.18 says "operation canceled".
    name: '-v to a port where no TCP listens: the connection refused, exit 2',
    args: ['-v', ...Y256],
    script: 'server 127.0.0.1 @SILENT@\nzone dyn.resolvkit.test\nupdate add refused-tcp.dyn.resolvkit.test 300 A 192.0.2.1\nsend\nanswer\n',
  },
  {
    name: 'a syntax error stops the script at once, exit 1, nothing after it sent',
    args: Y256,
    script: `${SERVER}update add before-error.dyn.resolvkit.test 300 A 192.0.2.60\nsend\nupdate add x.dyn.resolvkit.test abc A 192.0.2.1\nsend\nupdate add after-error.dyn.resolvkit.test 300 A 192.0.2.61\nsend\n`,
  },
  {
    name: 'class, ttl, check-names and quit',
    args: Y256,
    script: `${SERVER}ttl 120\nclass IN\ncheck-names off\nupdate add _under.dyn.resolvkit.test A 192.0.2.62\nsend\nanswer\nquit\nupdate add never.dyn.resolvkit.test 300 A 192.0.2.63\nsend\n`,
  },
  {
    name: 'a resolv.conf nsupdate cannot parse (a port on a nameserver line): `parse of FILE failed`, exit 1',
    args: ['-C', '@BADRESOLV@', ...Y256],
    script: `${SERVER}update add never.dyn.resolvkit.test 300 A 192.0.2.1\nsend\n`,
  },
  {
    name: '-i reading a pipe: errors are not fatal',
    args: ['-i'],
    script: 'foo\nshow\n',
  },
  {
    name: 'a command error in a script: check-names, and a bad key line',
    args: Y256,
    script: `${SERVER}update add _bad.dyn.resolvkit.test 300 A 192.0.2.64\nsend\n`,
  },
];

describe('dnsupdate runs nsupdate scripts with nsupdate\'s outcome', () => {
  it.each(SAME.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { ns, ours } = await both(c.args ?? [], c.script);
    expect(ours).toEqual(ns);
  });
});

/** A case where dnsupdate differs on purpose; `check` asserts the difference (and the rest equal). */
interface Different {
  name: string;
  args?: string[];
  script: string;
  check: (ns: Outcome, ours: Outcome) => void;
}

const WEAK = (name: string) => `dnsupdate: warning: the key '${name}' is hmac-md5, which is weak: use hmac-sha256 or stronger\n`;
const PENDING = 'dnsupdate: warning: the update pending at the end of input was not sent (as in nsupdate): end it with "send" or a blank line\n';

const DIFFERENT: Different[] = [
  {
    name: 'hmac-md5 (-y, -k, the default algorithm): dnsupdate adds a warning that MD5 is weak',
    args: ['-y', 'hmac-md5.keys.resolvkit.test:@SECRET-hmac-md5@'],
    script: `${SERVER}update add md5-y.dyn.resolvkit.test 300 A 192.0.2.22\nsend\nanswer\n`,
    check: (ns, ours) => {
      expect(ours).toEqual({ ...ns, stderr: WEAK('hmac-md5.keys.resolvkit.test') + ns.stderr });
    },
  },
  {
    name: 'hmac-md5 from a key file: the same warning',
    args: ['-k', '@KEYS@/hmac-md5.key'],
    script: `${SERVER}update delete md5-y.dyn.resolvkit.test\nsend\nanswer\n`,
    check: (ns, ours) => {
      expect(ours).toEqual({ ...ns, stderr: WEAK('hmac-md5.keys.resolvkit.test') + ns.stderr });
    },
  },
  {
    name: 'an update left pending at the end of input: not sent by either; dnsupdate says so',
    args: Y256,
    script: `${SERVER}update add pending.dyn.resolvkit.test 300 A 192.0.2.70\nshow\n`,
    check: (ns, ours) => {
      expect(ours).toEqual({ ...ns, stderr: ns.stderr + PENDING });
      expect(ours.zone.join('\n')).not.toContain('pending.dyn');
    },
  },
  {
    name: 'a key file that cannot be read: nsupdate goes on unsigned (REFUSED, exit 2); dnsupdate stops (exit 1), sends nothing',
    args: ['-k', '/nonexistent/key'],
    script: `${SERVER}update add unread.dyn.resolvkit.test 300 A 192.0.2.71\nsend\n`,
    check: (ns, ours) => {
      expect(ns.status).toBe(2);
      expect(ns.stderr).toBe('could not read key from /nonexistent/key.{private,key}: file not found\nupdate failed: REFUSED\n');
      expect(ours.status).toBe(1);
      expect(ours.stderr).toBe('could not read key from /nonexistent/key.{private,key}: file not found\n');
      expect(ours.zone).toEqual(ns.zone);
    },
  },
  {
    name: 'a -y secret that is not base64: nsupdate prints it and goes on unsigned; dnsupdate names the key and stops',
    args: ['-y', 'hmac-sha256:hmac-sha256.keys.resolvkit.test:not*base64'],
    script: `${SERVER}update add bad64.dyn.resolvkit.test 300 A 192.0.2.72\nsend\n`,
    check: (ns, ours) => {
      expect(ns.stderr).toBe('could not create key from hmac-sha256:hmac-sha256.keys.resolvkit.test:not*base64: bad base64 encoding\nupdate failed: REFUSED\n');
      expect(ns.status).toBe(2);
      expect(ours.stderr).toBe('could not create key from hmac-sha256.keys.resolvkit.test: bad base64 encoding\n');
      expect(ours.stderr).not.toContain('not*base64');
      expect(ours.status).toBe(1);
      expect(ours.zone).toEqual(ns.zone);
    },
  },
  {
    name: 'a key line whose secret is not base64: the message names the key, not the secret',
    script: `${SERVER}key hmac-sha256:hmac-sha256.keys.resolvkit.test not*base64\n`,
    check: (ns, ours) => {
      expect(ns.stderr).toBe('could not create key from not*base64: bad base64 encoding\nsyntax error\n');
      expect(ours).toEqual({ ...ns, stderr: 'could not create key from hmac-sha256.keys.resolvkit.test: bad base64 encoding\nsyntax error\n' });
    },
  },
  {
    name: 'a SIG(0) key file: nsupdate signs with SIG(0) (which this named refuses); dnsupdate has no SIG(0) and stops',
    args: ['-k', '@SIG0@'],
    script: `${SERVER}update add sig0.dyn.resolvkit.test 300 A 192.0.2.73\nsend\n`,
    check: (ns, ours) => {
      expect(ns.status).toBe(2);
      expect(ours.status).toBe(1);
      expect(ours.stderr).toMatch(/^could not read key from .*Ksig0\.example\.test\.\+013\+42619\.\{private,key\}: .*SIG\(0\)/);
      expect(ours.zone).toEqual(ns.zone);
    },
  },
  {
    name: 'version and help name dnsupdate and its version',
    script: 'version\nhelp\n',
    check: (ns, ours) => {
      expect(ns.stdout).toMatch(/^nsupdate 9\.18\.\d+\S*\nnsupdate 9\.18\.\d+\S*:\n/);
      expect(ours.stdout).toMatch(/^dnsupdate \d+\.\d+\.\d+\S*\ndnsupdate \d+\.\d+\.\d+\S*:\n/);
      const body = (s: string) => s.split('\n').slice(2).join('\n');
      expect(body(ours.stdout)).toBe(body(ns.stdout));
      expect({ ...ours, stdout: '' }).toEqual({ ...ns, stdout: '' });
    },
  },
  {
    name: 'realm: a silent syntax error in nsupdate (or accepted, with GSSAPI); dnsupdate says GSS-TSIG is not supported',
    script: 'realm EXAMPLE.TEST\nshow\n',
    check: (ns, ours) => {
      // The installed nsupdate has GSSAPI, so it takes the realm.
      expect(ns.status).toBe(0);
      expect(ours).toEqual({ ...ns, stderr: 'realm not supported: GSS-TSIG is not supported\n' });
    },
  },
  {
    name: 'local: nsupdate sends from that address; dnsupdate does not bind one and says so',
    args: Y256,
    script: `${SERVER}local 127.0.0.1\nupdate add local-cmd.dyn.resolvkit.test 300 A 192.0.2.74\nsend\n`,
    check: (ns, ours) => {
      expect(ours).toEqual({ ...ns, stderr: 'dnsupdate: warning: `local` is not supported: messages go from the address the system chooses\n' + ns.stderr });
    },
  },
  {
    name: 'RDATA errors: the same verdict and exit status; the reason in the packet layer\'s words, and no BIND log line',
    args: Y256,
    script: `${SERVER}update add x.dyn.resolvkit.test 300 A 1.2.3.4.5\n`,
    check: (ns, ours) => {
      expect(ns.stderr).toMatch(/^TIME dns_rdata_fromtext: buffer:1: near '1\.2\.3\.4\.5': bad dotted quad\ninvalid rdata format: bad dotted quad\nsyntax error\n$/);
      expect(ours.stderr).toMatch(/^invalid rdata format: .*1\.2\.3\.4\.5.*\nsyntax error\n$/);
      expect({ ...ours, stderr: '' }).toEqual({ ...ns, stderr: '' });
    },
  },
  {
    name: '-D: nsupdate adds its internal trace (function names); dnsupdate prints what -d prints',
    args: ['-D', ...Y256],
    script: `${SERVER}update add trace.dyn.resolvkit.test 300 A 192.0.2.75\nsend\n`,
    check: (ns, ours) => {
      expect(ns.stderr).toContain('do_next_command()\n');
      expect(ours.stderr).not.toContain('do_next_command()');
      const trace = /^(?:[a-z_]+\(\)|.*\[0x[0-9a-f]+\]|Destroying .*|Destroy DST lib|Freeing .*|Shutting down .*|Removing log context|tsig verification successful|.*: trying next server|About to create rcvmsg|Out of recvsoa)\n/gm;
      expect(ours.stderr).toBe(ns.stderr.replace(trace, ''));
      expect({ ...ours, stderr: '' }).toEqual({ ...ns, stderr: '' });
    },
  },
  {
    name: '-L: nsupdate prints its libraries\' debug log; dnsupdate takes the level and prints nothing more',
    args: ['-L', '3', ...Y256],
    script: `${SERVER}update add libdebug.dyn.resolvkit.test 300 A 192.0.2.76\nsend\n`,
    check: (ns, ours) => {
      expect(ns.stderr).toMatch(/^TIME dns_requestmgr_create/m);
      expect(ours).toEqual({ ...ns, stderr: '' });
    },
  },
  {
    name: 'A in class CH (and other classes\' forms of IN types): nsupdate reads it; dnsupdate refuses it',
    script: 'class CH\nupdate add version.bind 0 A example. 1\nshow\n',
    check: (ns, ours) => {
      expect(ns.status).toBe(0);
      expect(ns.stdout).toContain('version.bind.\t\t0\tCH\tA\texample. 1\n');
      expect(ours).toEqual({ ...ns, status: 1, stdout: '', stderr: 'invalid rdata format: unknown class/type\nsyntax error\n' });
    },
  },
];

describe('where dnsupdate differs from nsupdate on purpose (docs/nsupdate-differences.md)', () => {
  it.each(DIFFERENT.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { ns, ours } = await both(c.args ?? [], c.script);
    c.check(ns, ours);
  });
});
