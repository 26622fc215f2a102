/**
 * nsupdate's command language, held to BIND 9.18.49's real nsupdate.
 *
 * fixtures/nsupdate/errors.json holds 179 small scripts and what the real nsupdate printed for
 * each (stdout, stderr, exit status), captured by fixtures/nsupdate/capture.py reading the
 * script from a pipe (so an error is fatal). Each script runs here through ScriptParser, with
 * a small stand-in for the RDATA parser (another module's job) and the real `show` printer,
 * and must give the same stdout, stderr and status. The few places where dnsupdate differs
 * from that nsupdate on purpose are listed and asserted as such.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkOwner, checkRdataNames } from '../../src/cli/nsupdate-check-names.js';
import {
  nsupdateHelp,
  ScriptParser,
  SYNTAX_ERROR,
  type NsupdateCommand,
  type RdataParser,
  type ScriptParserOptions,
} from '../../src/cli/nsupdate-script.js';
import { classFromText, decodeBase64, nameFromText, parseHmac, parseUint32, typeFromText } from '../../src/cli/nsupdate-syntax.js';
import { formatShow } from '../../src/cli/nsupdate-text.js';
import { decodeMessage, encodeMessage, nameToWire, type Question, type ResourceRecord } from '../../src/packet/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/nsupdate');
interface Capture {
  script: string;
  stdout: string;
  stderr: string;
  status: number;
}
const CAPTURES = JSON.parse(readFileSync(join(FIXTURES, 'errors.json'), 'utf8')) as Capture[];
/** The version string of the nsupdate that made the captures (its `help` and `version` print it). */
const CAPTURED_VERSION = '9.18.49-1~deb12u3-Debian';

// ---------------------------------------------------------------------------------------------
// a stand-in for the RDATA parser: just the types the captured scripts use, in dns-packet's shapes

const abs = (name: string) => (name === '.' ? '.' : name.replace(/\.$/, ''));

/** Reads the few RDATA forms the captures use; anything else is refused, so a test cannot pass on a guess. */
const stubRdata: RdataParser = (type, rrclass, text) => {
  const words = text.trim().split(/[ \t]+/);
  if (rrclass !== 'IN' && rrclass !== 'CH') return { ok: false, reason: 'unknown class/type' };
  switch (type) {
    case 'A':
      return words.length === 1 && /^\d+\.\d+\.\d+\.\d+$/.test(words[0]!) ? { ok: true, data: words[0] } : { ok: false, reason: 'stub: not an address' };
    case 'TXT':
      return { ok: true, data: words.map((w) => Buffer.from(w.replace(/^"(.*)"$/, '$1'))) };
    case 'MX':
      return { ok: true, data: { preference: Number(words[0]), exchange: abs(words[1]!) } };
    case 'NS':
    case 'PTR':
      return { ok: true, data: abs(words[0]!) };
    case 'SRV':
      return { ok: true, data: { priority: Number(words[0]), weight: Number(words[1]), port: Number(words[2]), target: abs(words[3]!) } };
    case 'RP':
      return { ok: true, data: { mbox: abs(words[0]!), txt: abs(words[1]!) } };
    case 'SOA': {
      const [mname, rname, ...n] = words;
      const [serial, refresh, retry, expire, minimum] = n.map(Number);
      return { ok: true, data: { mname: abs(mname!), rname: abs(rname!), serial, refresh, retry, expire, minimum } };
    }
    case 'NSEC3PARAM': {
      const [alg, flags, iterations] = words.map(Number) as [number, number, number];
      return { ok: true, data: Buffer.from([alg, flags, iterations >> 8, iterations & 0xff, 0]) };
    }
    default:
      return { ok: false, reason: `stub: no ${type}` };
  }
};

/** What nsupdate writes when it reads `script` from a pipe, computed from the parser's commands. */
function simulate(script: string, options: ScriptParserOptions = {}): Omit<Capture, 'script'> {
  const parser = new ScriptParser({ version: CAPTURED_VERSION, parseRdata: stubRdata, ...options });
  const lines = script.split('\n');
  if (script.endsWith('\n')) lines.pop(); // fgets returns no line after the last newline
  let stdout = '';
  let stderr = '';
  const prereqs: ResourceRecord[] = [];
  const updates: ResourceRecord[] = [];
  const record = (c: Extract<NsupdateCommand, { kind: 'prereq' | 'update' }>): ResourceRecord => ({
    name: c.name,
    ttl: c.ttl,
    class: c.class,
    type: c.type,
    data: c.data ?? null,
  });
  for (const line of lines) {
    const c = parser.parseLine(line);
    switch (c.kind) {
      case 'error':
        stderr += c.stderr;
        if (c.fatal) return { stdout, stderr: stderr + SYNTAX_ERROR + '\n', status: 1 };
        break;
      case 'quit':
        return { stdout, stderr, status: 0 };
      case 'send':
        if (prereqs.length + updates.length > 0) throw new Error('these scripts never send');
        break;
      case 'prereq':
        prereqs.push(record(c));
        break;
      case 'update':
        expect(c.checkRdataNames).toBeUndefined();
        updates.push(record(c));
        break;
      case 'show': {
        const message = decodeMessage(encodeMessage({ opcode: 'UPDATE', answers: prereqs, authorities: updates }));
        stdout += formatShow(message, c.zone === undefined ? {} : { zone: c.zone });
        break;
      }
      case 'help':
        stdout += c.text;
        break;
      case 'version':
        stdout += `nsupdate ${CAPTURED_VERSION}\n`;
        break;
      case 'unsupported':
        stderr += c.message + '\n';
        break;
      default:
        break;
    }
  }
  return { stdout, stderr, status: 0 };
}

/** nsupdate logs a failed RDATA with a timestamp and a buffer address first; the RDATA module owns that line. */
const withoutRdataLog = (stderr: string) => stderr.replace(/^\d\d-\w{3}-\d{4} [\d:.]+ dns_rdata_fromtext: .*\n/m, '');

/** Scripts where dnsupdate differs from that nsupdate on purpose, with what dnsupdate prints instead. */
const DIFFERENT: Record<string, Partial<Capture>> = {
  // That nsupdate was built with GSSAPI; dnsupdate has no GSS-TSIG and says so, as nsupdate
  // built without GSSAPI does (nsupdate.c 2193, 2202), then goes on.
  'gsstsig\nshow': { stderr: 'gsstsig not supported\n' },
  'oldgsstsig\nshow': { stderr: 'gsstsig not supported\n' },
};

/**
 * nsupdate prints the secret text of a `key` line whose secret is not base64 (`could not create
 * key from SECRET: ...`); dnsupdate names the key instead, so that no secret reaches a log.
 */
const withoutSecret = (stderr: string) => stderr.replace(/^could not create key from .*: bad base64 encoding$/m, 'could not create key from name: bad base64 encoding');

/** Scripts whose verdict is the RDATA parser's: here only that its reason is wrapped and ordered as nsupdate does. */
const rdataReason = (c: Capture) => /invalid rdata format: (.*)\n/.exec(c.stderr)?.[1];

describe('ScriptParser against the captured nsupdate 9.18.49', () => {
  it('has the captures', () => {
    expect(CAPTURES.length).toBeGreaterThan(150);
  });

  it.each(CAPTURES.filter((c) => rdataReason(c) === undefined).map((c) => [c.script, c] as const))('%j', (script, capture) => {
    const want = { stdout: capture.stdout, stderr: withoutSecret(capture.stderr), status: capture.status, ...DIFFERENT[script] };
    expect(simulate(script)).toEqual(want);
  });

  it.each(CAPTURES.filter((c) => rdataReason(c) !== undefined).map((c) => [c.script, c] as const))(
    'wraps the RDATA parser\'s reason as nsupdate does: %j',
    (script, capture) => {
      const reason = rdataReason(capture)!;
      const failing: RdataParser = () => ({ ok: false, reason });
      expect(simulate(script, { parseRdata: failing })).toEqual({ stdout: capture.stdout, stderr: withoutRdataLog(capture.stderr), status: capture.status });
    },
  );
});

// ---------------------------------------------------------------------------------------------

const parse = (lines: string[], options: ScriptParserOptions = {}) => {
  const p = new ScriptParser(options);
  return lines.map((l) => p.parseLine(l));
};

describe('ScriptParser commands', () => {
  it('reads the show-sections script into the records nsupdate showed for it', () => {
    const script = readFileSync(join(FIXTURES, 'cases/show-sections.nsupdate'), 'utf8').split('\n').slice(1, -2);
    const got = parse(script).map((c) => {
      if (c.kind !== 'prereq' && c.kind !== 'update') return c.kind;
      return `${c.kind} ${c.name} ${c.ttl} ${c.class} ${c.type}${c.rdata === undefined ? '' : ' ' + c.rdata}`;
    });
    expect(got).toEqual([
      'zone',
      'prereq d1.example.test 0 NONE ANY',
      'prereq d2.example.test 0 ANY ANY',
      'prereq d3.example.test 0 NONE AAAA',
      'prereq d3.example.test 0 NONE MX',
      'prereq d4.example.test 0 ANY A',
      'prereq d4.example.test 0 IN A 192.0.2.1',
      'prereq d4.example.test 0 IN A 192.0.2.2',
      'update d1.example.test 600 IN A 192.0.2.101',
      'update d1.example.test 600 IN AAAA 2001:db8::101',
      'update d5.example.test 0 ANY ANY',
      'update d5.example.test 0 ANY A',
      'update d5.example.test 0 NONE A 192.0.2.5',
      'update d5.example.test 0 ANY ANY',
      'update d5.example.test 0 ANY ANY',
    ]);
  });

  it('keeps the rest of the line as RDATA text: a ";" is data, trailing blanks stay, leading ones go', () => {
    const [c] = parse(['add txt.example.test 300 TXT   "a b" c\\"d ; not-a-comment  ']);
    expect(c).toMatchObject({ kind: 'update', op: 'add', rdata: '"a b" c\\"d ; not-a-comment  ', rdataClass: 'IN', checkRdataNames: true });
  });

  it('ends a line at a NUL, as nsupdate\'s C string does (nsupdate 9.18.49: `TXT "a\\0b"` is an unterminated quote, a line starting with NUL is blank)', () => {
    const [txt, blank, a] = parse(['add txt.example.test 300 TXT "a\0b" c\n', '\0add x.example.test 300 A 192.0.2.1\n', 'add x.example.test 300 A 192.0.2.1\0garbage\n']);
    expect(txt).toMatchObject({ kind: 'update', rdata: '"a' });
    expect(blank).toMatchObject({ kind: 'send' });
    expect(a).toMatchObject({ kind: 'update', rdata: '192.0.2.1' });
  });

  it('gives each setting command its value', () => {
    expect(parse(['server 127.0.0.1', 'server ::1 5300', 'local 127.0.0.1', 'local ::1 5301'], { port: 5399 })).toEqual([
      { kind: 'server', host: '127.0.0.1', port: 5399 },
      { kind: 'server', host: '::1', port: 5300 },
      { kind: 'local', address: '127.0.0.1', family: 4, port: 0 },
      { kind: 'local', address: '::1', family: 6, port: 5301 },
    ]);
    expect(parse(['zone Example.TEST.', 'class chaos', 'ttl 60', 'ttl none', 'check-names no', 'checknames on'])).toEqual([
      { kind: 'zone', name: 'Example.TEST' },
      { kind: 'class', class: 'CH' },
      { kind: 'ttl', ttl: 60 },
      { kind: 'ttl', ttl: undefined },
      { kind: 'check-names', enabled: false },
      { kind: 'check-names', enabled: true },
    ]);
    expect(parse(['', '  ', 'send', 'quit', ';x', 'answer', 'debug', 'version'])).toEqual([
      { kind: 'send' }, { kind: 'send' }, { kind: 'send' }, { kind: 'quit' }, { kind: 'comment' }, { kind: 'answer' }, { kind: 'debug' }, { kind: 'version' },
    ]);
  });

  it('reads key lines: default hmac-md5, truncation bits rounded up to octets, the secret decoded', () => {
    expect(parse(['key name.example c2VjcmV0', 'key HMAC-SHA256-121:k. c2Vj cmV0'])).toEqual([
      { kind: 'key', algorithm: 'hmac-md5', name: 'name.example', secret: Buffer.from('secret') },
      { kind: 'key', algorithm: 'hmac-sha256', macBits: 128, name: 'k', secret: Buffer.from('secret') },
    ]);
  });

  it('prints the help text nsupdate prints, with its own version', () => {
    const capture = CAPTURES.find((c) => c.script === 'help')!;
    expect(nsupdateHelp(CAPTURED_VERSION)).toBe(capture.stdout);
  });

  it('is not fatal when interactive: the error is reported and the next line is read', () => {
    const [err, show] = parse(['foo', 'show'], { interactive: true });
    expect(err).toEqual({ kind: 'error', message: 'incorrect section name: foo', stderr: 'incorrect section name: foo\n', fatal: false });
    expect(show).toEqual({ kind: 'show' });
  });

  it('refuses server in localhost-only mode (-l)', () => {
    expect(parse(['server 127.0.0.1'], { localOnly: true })[0]).toMatchObject({ kind: 'error', message: 'cannot reset server in localhost-only mode' });
  });

  it('takes a local address only of a family in use (-4 / -6)', () => {
    expect(parse(['local ::1'], { ipv6: false })[0]).toMatchObject({ kind: 'error', stderr: 'invalid address ::1' });
    expect(parse(['local 127.0.0.1'], { ipv4: false })[0]).toMatchObject({ kind: 'error', stderr: 'invalid address 127.0.0.1' });
  });

  it('says realm is not supported (nsupdate without GSSAPI makes it a silent syntax error) and goes on', () => {
    expect(parse(['realm EXAMPLE.TEST'])[0]).toEqual({ kind: 'unsupported', command: 'realm', message: 'realm not supported: GSS-TSIG is not supported' });
  });
});

describe('the zone class', () => {
  it('is fixed by the first record and freed once an update has been sent', () => {
    const p = new ScriptParser();
    expect(p.parseLine('add x.example. 300 CH TXT a')).toMatchObject({ class: 'CH' });
    expect(p.parseLine('add y.example. 300 IN TXT a')).toMatchObject({ kind: 'error', message: 'class mismatch: IN' });
    expect(p.zoneClassForSend()).toBe('CH');
    p.updateSent();
    expect(p.state.zoneClass).toBeUndefined();
    expect(p.parseLine('add y.example. 300 IN TXT a')).toMatchObject({ class: 'IN' });
  });

  it('is fixed to the default class by a send that found nothing to send, so a later class command does not change it', () => {
    const p = new ScriptParser();
    expect(p.zoneClassForSend()).toBe('IN'); // start_update's SOA question
    p.parseLine('class CH');
    expect(p.parseLine('add x.example. 300 TXT a')).toMatchObject({ class: 'IN' });
    expect(p.state).toEqual({ zone: undefined, defaultClass: 'CH', defaultTtl: undefined, checkNames: true, zoneClass: 'IN' });
  });

  it('is freed by a NONE class in a record', () => {
    const p = new ScriptParser();
    p.parseLine('nxrrset x. CH A');
    expect(p.state.zoneClass).toBe('CH');
    p.parseLine('nxrrset x. NONE A');
    expect(p.state.zoneClass).toBeUndefined();
  });

  it('gives show the zone in the zone class', () => {
    const p = new ScriptParser();
    p.parseLine('class HS');
    p.parseLine('zone example');
    const zone: Question = { name: 'example', type: 'SOA', class: 'HS' };
    expect(p.parseLine('show')).toEqual({ kind: 'show', zone });
  });
});

// ---------------------------------------------------------------------------------------------

describe('BIND lexical forms', () => {
  it('reads names as dns_name_fromtext with the root as origin', () => {
    const name = (t: string) => {
      const r = nameFromText(t);
      return r.ok ? r.value.name : `! ${r.reason}`;
    };
    expect(name('www')).toBe('www');
    expect(name('www.')).toBe('www');
    expect(name('@')).toBe('.');
    expect(name('.')).toBe('.');
    expect(name('\\065b\\.c')).toBe('Ab\\.c');
    expect(name('a@b')).toBe('a\\@b');
    expect(name('caf\u00e9')).toBe('caf\\195\\169');
    expect(name('@.')).toBe('\\@');
    expect(name('')).toBe('! unexpected end of input');
    expect(name('a.@')).toBe('a.\\@');
  });

  it('knows the types and classes BIND knows, and no others', () => {
    expect(typeFromText('nsap-ptr')).toEqual({ ok: true, value: 23 });
    expect(typeFromText('DSYNC')).toEqual({ ok: true, value: 66 });
    expect(typeFromText('TYPE065535')).toEqual({ ok: false, reason: 'unknown class/type' }); // 6 digits: too long
    expect(typeFromText('TYPE+1')).toEqual({ ok: true, value: 1 });
    expect(typeFromText('*')).toEqual({ ok: false, reason: 'unknown class/type' });
    expect(classFromText('CS')).toEqual({ ok: false, reason: 'unknown class/type' });
    expect(classFromText('hesiod')).toEqual({ ok: true, value: 4 });
    expect(classFromText('CLASS-0')).toEqual({ ok: true, value: 0 });
  });

  it('reads TTLs as isc_parse_uint32', () => {
    expect(parseUint32('4294967295')).toEqual({ ok: true, value: 4294967295 });
    expect(parseUint32('4294967296')).toEqual({ ok: false, reason: 'out of range' });
    expect(parseUint32('+1')).toEqual({ ok: false, reason: 'not a valid number' });
    expect(parseUint32(' 1')).toEqual({ ok: false, reason: 'not a valid number' });
  });

  it('reads algorithm names as parse_hmac', () => {
    expect(parseHmac('hmac-sha1-0')).toEqual({ ok: true, value: { algorithm: 'hmac-sha1', digestBits: 0 } });
    expect(parseHmac('hmac-sha512-1')).toEqual({ ok: true, value: { algorithm: 'hmac-sha512', digestBits: 8 } });
    expect(parseHmac('hmac-sha384-385')).toEqual({ ok: false, reason: 'digest-bits out of range [0..384]' });
    expect(parseHmac('hmac-md5-')).toEqual({ ok: false, reason: 'digest-bits out of range [0..128]' });
  });

  it('decodes every canonical base64 text as Node does, and refuses one with a character dropped', () => {
    // Every length from 1 to 80 octets (each padding case many times), with octets from a fixed LCG.
    let seed = 12345;
    for (let n = 1; n <= 80; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24));
      const text = bytes.toString('base64');
      expect(decodeBase64(text)).toEqual({ ok: true, value: bytes });
      expect(decodeBase64(text.slice(1)).ok).toBe(false);
    }
    expect(decodeBase64('c2VjcmV0\t\r\n ')).toEqual({ ok: true, value: Buffer.from('secret') });
    expect(decodeBase64('QQ==QQ==').ok).toBe(false); // data after the end
    expect(decodeBase64('QR==').ok).toBe(false); // non-zero spare bits
  });
});

describe('check-names', () => {
  const wire = (n: string) => nameToWire(n);

  it('checks owners by type and class, as dns_rdata_checkowner does', () => {
    expect(checkOwner(wire('_x.example'), 1, 1)).toBe(false); // IN A
    expect(checkOwner(wire('_x.example'), 4, 1)).toBe(true); // HS A: not checked
    expect(checkOwner(wire('_x.example'), 3, 1)).toBe(false); // CH A
    expect(checkOwner(wire('gc._msdcs.example'), 1, 28)).toBe(true); // AAAA, Active Directory
    expect(checkOwner(wire('x._spf.example'), 1, 28)).toBe(false); // the SPF exception is A's only
    expect(checkOwner(wire('*.example'), 1, 15)).toBe(true); // MX, wildcard owner
    expect(checkOwner(wire('a\\.b.example'), 1, 7)).toBe(true); // MB owner: a mailbox
    expect(checkOwner(wire('x.example'), 1, 41)).toBe(false); // OPT: only the root
    expect(checkOwner(wire('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example'), 1, 50)).toBe(true);
    expect(checkOwner(wire('not-base32hex!.example'), 1, 50)).toBe(false);
  });

  it('checks the names inside RDATA, from dns-packet shapes and from raw RDATA alike', () => {
    const owner = wire('x.example');
    expect(checkRdataNames(owner, 1, 15, { preference: 10, exchange: '_bad.example' })).toBe('_bad.example');
    const raw = Buffer.concat([Buffer.from([0, 10]), wire('_bad.example')]);
    expect(checkRdataNames(owner, 1, 15, raw)).toBe('_bad.example');
    expect(checkRdataNames(owner, 1, 18, raw)).toBe('_bad.example'); // AFSDB
    // MINFO: mailboxes, whose first label may be anything printable (nsupdate 9.18.49 takes
    // `MINFO a.b _c` and refuses `MINFO a.b _c._d`: bad name '_c._d').
    expect(checkRdataNames(owner, 1, 14, Buffer.concat([wire('a.b'), wire('_c')]))).toBeUndefined();
    expect(checkRdataNames(owner, 1, 14, Buffer.concat([wire('a.b'), wire('_c._d')]))).toBe('_c._d');
    expect(checkRdataNames(owner, 1, 6, { mname: 'ns1', rname: 'hostmaster', serial: 1 })).toBeUndefined(); // show-types' SOA
    expect(checkRdataNames(owner, 3, 33, { priority: 0, weight: 0, port: 1, target: '_t.example' })).toBeUndefined(); // SRV outside IN
    expect(checkRdataNames(owner, 1, 64, Buffer.concat([Buffer.from([0, 0]), wire('_alias.example')]))).toBeUndefined(); // SVCB alias form
    expect(checkRdataNames(owner, 1, 64, Buffer.concat([Buffer.from([0, 1]), wire('_svc.example')]))).toBe('_svc.example');
    expect(checkRdataNames(wire('b._dns-sd._udp.2.0.192.in-addr.arpa'), 1, 12, '_x.example')).toBeUndefined(); // DNS-SD browsing PTR
    expect(checkRdataNames(owner, 1, 6, { mname: 'ns', rname: 'a.b', serial: 1 })).toBeUndefined();
  });
});
