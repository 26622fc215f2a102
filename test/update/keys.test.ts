/**
 * parseTsigKey, parseKeyFile and readKeyFile: every accepted spelling, the files BIND's tools
 * write (fixtures/keys/, README there), the refusals, and that no error ever shows a secret.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { parseKeyFile, parseTsigKey, readKeyFile, signMessage, verifyMessage, type TsigKey } from '../../src/update/index.js';
import { encodeMessage } from '../../src/packet/index.js';

const keysDir = new URL('../../fixtures/keys/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, keysDir), 'utf8');
const fixturePath = (name: string) => new URL(name, keysDir).pathname;
const SECRET = 'kFWxyD77O7N2o8XCXCQwBg=='; // 16 octets
const secret = Buffer.from(SECRET, 'base64');

/** Runs fn, expects an ArgumentError, and checks that no form of the secrets appears in it. */
function refusal(fn: () => unknown, ...secrets: string[]): ArgumentError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ArgumentError);
  const err = caught as ArgumentError;
  for (const s of [SECRET, ...secrets]) {
    expect(err.message).not.toContain(s);
    expect(err.message).not.toContain(s.replace(/=+$/, ''));
    expect(String(err.stack)).not.toContain(s);
  }
  return err;
}

describe('parseTsigKey (nsupdate -y)', () => {
  it('name:secret defaults to hmac-md5, as nsupdate does', () => {
    expect(parseTsigKey(`host.example.test:${SECRET}`)).toEqual({ name: 'host.example.test', algorithm: 'hmac-md5.sig-alg.reg.int', secret });
  });

  it.each([
    ['hmac-md5', 'hmac-md5.sig-alg.reg.int'],
    ['HMAC-MD5', 'hmac-md5.sig-alg.reg.int'],
    ['hmac-md5.', 'hmac-md5.sig-alg.reg.int'],
    ['hmac-md5.sig-alg.reg.int', 'hmac-md5.sig-alg.reg.int'],
    ['HMAC-MD5.SIG-ALG.REG.INT.', 'hmac-md5.sig-alg.reg.int'],
    ['hmac-sha1', 'hmac-sha1'],
    ['Hmac-Sha1.', 'hmac-sha1'],
    ['hmac-sha224', 'hmac-sha224'],
    ['hmac-sha256', 'hmac-sha256'],
    ['HMAC-SHA256.', 'hmac-sha256'],
    ['hmac-sha384', 'hmac-sha384'],
    ['hmac-sha512', 'hmac-sha512'],
  ])('algorithm spelling %s -> %s', (spelling, canonical) => {
    const k = parseTsigKey(`${spelling}:k.example.test:${SECRET}`);
    expect(k.algorithm).toBe(canonical);
    expect(k.macBits).toBeUndefined();
  });

  it.each([
    ['hmac-md5-80', 'hmac-md5.sig-alg.reg.int', 80],
    ['hmac-md5-120', 'hmac-md5.sig-alg.reg.int', 120],
    ['hmac-sha1-80', 'hmac-sha1', 80],
    ['HMAC-SHA224-112', 'hmac-sha224', 112],
    ['hmac-sha256-128', 'hmac-sha256', 128],
    ['hmac-sha256-248', 'hmac-sha256', 248],
    ['hmac-sha384-192', 'hmac-sha384', 192],
    ['hmac-sha512-256', 'hmac-sha512', 256],
  ])('truncation %s -> %s, macBits %d', (spelling, canonical, bits) => {
    const k = parseTsigKey(`${spelling}:k.example.test:${SECRET}`);
    expect([k.algorithm, k.macBits]).toEqual([canonical, bits]);
  });

  it('a full-length suffix is no truncation', () => {
    expect(parseTsigKey(`hmac-sha256-256:k:${SECRET}`).macBits).toBeUndefined();
  });

  it.each([
    ['hmac-sha256-127', 'multiple of 8'],
    ['hmac-sha256-120', '[128..256]'],
    ['hmac-sha256-264', '[128..256]'],
    ['hmac-md5-72', '[80..128]'],
    ['hmac-sha1-72', '[80..160]'],
    ['hmac-sha512-248', '[256..512]'],
    ['hmac-sha256-0', '[128..256]'],
  ])('truncation %s is refused (%s)', (spelling, why) => {
    expect(refusal(() => parseTsigKey(`${spelling}:k:${SECRET}`)).message).toContain(why);
  });

  it('key names: lowercase, no trailing dot, with or without one given', () => {
    for (const n of ['Host.Example.TEST', 'host.example.test.', 'HOST.EXAMPLE.TEST.']) {
      expect(parseTsigKey(`hmac-sha256:${n}:${SECRET}`).name).toBe('host.example.test');
    }
    expect(parseTsigKey(`hmac-sha256:\\072ost.example.test:${SECRET}`).name).toBe('host.example.test');
    expect(parseTsigKey(`hmac-sha256:single:${SECRET}`).name).toBe('single');
  });

  it('the same key however spelled signs the same bytes', () => {
    const msg = encodeMessage({ id: 1, questions: [{ name: 'example.test', type: 'SOA', class: 'IN' }] });
    const a = signMessage(msg, parseTsigKey(`hmac-md5:K.Example.:${SECRET}`), { time: 1 });
    const b = signMessage(msg, parseTsigKey(`HMAC-MD5.SIG-ALG.REG.INT.:k.example:${SECRET}`), { time: 1 });
    expect(a.wire.equals(b.wire)).toBe(true);
  });

  it('refuses malformed keys without showing the secret', () => {
    const bad = [
      SECRET,
      `:${SECRET}`,
      'name:',
      `hmac-sha256::${SECRET}`,
      'hmac-sha256:name:',
      `hmac-sha257:name:${SECRET}`,
      `sha256:name:${SECRET}`,
      `name:${SECRET.slice(0, -2)}`, // unpadded
      `name:${SECRET}!`,
      `name:${SECRET.slice(0, 10)} ${SECRET.slice(10)}`,
      `hmac-sha256:a..b:${SECRET}`,
      `hmac-sha256:${'x'.repeat(64)}.test:${SECRET}`,
      `hmac-sha256:name:${SECRET}:extra`,
    ];
    for (const text of bad) refusal(() => parseTsigKey(text));
    expect(refusal(() => parseTsigKey(`hmac-sha257:name:${SECRET}`)).message).toContain('"hmac-sha257"');
    expect(refusal(() => parseTsigKey('name:')).message).toContain('[hmac-alg:]name:secret');
    expect(() => parseTsigKey(42 as never)).toThrow(ArgumentError);
  });

  it('a secret typed where the algorithm goes is not echoed', () => {
    const err = refusal(() => parseTsigKey(`${SECRET.replace(/=/g, '')}:name:${SECRET}`), SECRET.replace(/=/g, ''));
    expect(err.message).toContain('not shown');
  });
});

describe('parseKeyFile: BIND key statements', () => {
  it('named\'s session.key', () => {
    const [k, ...rest] = parseKeyFile(fixture('session.key'));
    expect(rest).toEqual([]);
    expect(k!.name).toBe('local-ddns');
    expect(k!.algorithm).toBe('hmac-sha256');
    expect(k!.secret.length).toBe(32);
    expect(k!.secret.toString('base64')).toBe(/secret "([^"]+)"/.exec(fixture('session.key'))![1]);
  });

  it('tsig-keygen output (default and -a hmac-sha512)', () => {
    expect(parseKeyFile(fixture('tsig-keygen-default.key')).map((k) => [k.name, k.algorithm, k.secret.length])).toEqual([
      ['tsig-keygen-default', 'hmac-sha256', 32],
    ]);
    expect(parseKeyFile(fixture('tsig-keygen-hmac-sha512.key')).map((k) => [k.name, k.algorithm, k.secret.length])).toEqual([
      ['tsig-keygen.example.test', 'hmac-sha512', 64],
    ]);
  });

  it('ddns-confgen -q output', () => {
    expect(parseKeyFile(fixture('ddns-confgen-q-hmac-sha1.key')).map((k) => [k.name, k.algorithm, k.secret.length])).toEqual([
      ['ddns-key.example.test', 'hmac-sha1', 20],
    ]);
  });

  it('ddns-confgen\'s full output is not a key file (as for nsupdate -k): the line is named, no secret shown', () => {
    const text = fixture('ddns-confgen-full-output.txt');
    const s = /secret "([^"]+)"/.exec(text)![1]!;
    const err = refusal(() => parseKeyFile(text), s);
    expect(err.message).toMatch(/line 1[0-9]: unexpected "update-policy"/);
  });

  it('several keys, every comment style, unquoted names, truncated algorithms, any case', () => {
    const text = `
      # shell comment
      // C++ comment
      /* C comment
         over lines */
      key "One.Example." { algorithm HMAC-SHA256; secret "${SECRET}"; };
      key two.example { algorithm hmac-md5.sig-alg.reg.int.; secret ${SECRET}; }; # unquoted both
      key "three" {
        algorithm "hmac-sha256-128"; // truncated
        secret "${SECRET.slice(0, 8)}
                ${SECRET.slice(8)}"; /* split over lines */
      };`;
    const keys = parseKeyFile(text);
    expect(keys.map((k) => [k.name, k.algorithm, k.macBits])).toEqual([
      ['one.example', 'hmac-sha256', undefined],
      ['two.example', 'hmac-md5.sig-alg.reg.int', undefined],
      ['three', 'hmac-sha256', 128],
    ]);
    for (const k of keys) expect(k.secret.equals(secret)).toBe(true);
  });

  it('refusals name the line and never show the secret', () => {
    const cases: [string, RegExp][] = [
      [`key "a" { algorithm hmac-sha256; secret "${SECRET}"; };\nkey "A." { algorithm hmac-sha1; secret "${SECRET}"; };`, /line 2: key "A." is defined twice/],
      [`key "a" {\n algorithm hmac-sha256;\n};`, /line 1: key "a" must have both algorithm and secret/],
      [`key "a" {\n secret "${SECRET}";\n};`, /must have both/],
      [`key "a" {\n algorithm hmac-sha256;\n secret "${SECRET}"\n};`, /line 4: expected ";" after the secret/],
      [`key "a" {\n algorithm hmac-sha256;\n secret "${SECRET.slice(1)}";\n};`, /line 3: key "a": the secret is not valid base64/],
      [`key "a" {\n algorithm hmac-sha256;\n ${SECRET};\n};`, /line 3: unknown clause \(not shown/],
      [`key "a" {\n algorithm ${SECRET};\n secret "${SECRET}";\n};`, /line 2: .*unknown TSIG algorithm \(not shown/],
      [`key "a" {\n algorithm hmac-sha999;\n secret "${SECRET}";\n};`, /line 2: .*unknown TSIG algorithm "hmac-sha999"/],
      [`key "a" { algorithm hmac-sha256; secret "${SECRET}"; }`, /";" after the "}" of key "a"/],
      [`key "a" { algorithm hmac-sha256; secret "${SECRET}";`, /the file ends/],
      [`key "a" { algorithm hmac-sha256; secret "${SECRET}; };`, /line 1: a quoted string is never closed/],
      [`/* key "a" { algorithm hmac-sha256; secret "${SECRET}"; };`, /line 1: a \/\* comment is never closed/],
      [`options { directory "/tmp"; };`, /line 1: unexpected \(not shown.*only key statements/],
      [`include "/etc/bind/other.key";`, /only key statements/],
      [`# nothing but a comment\n`, /no key statement/],
      [`key "a..b" { algorithm hmac-sha256; secret "${SECRET}"; };`, /line 1: bad TSIG key name "a..b"/],
      [`"${SECRET}";`, /line 1: unexpected a quoted string/],
    ];
    for (const [text, message] of cases) expect(refusal(() => parseKeyFile(text)).message).toMatch(message);
  });
});

describe('parseKeyFile: dnssec-keygen K*.private', () => {
  const privateText = fixture('Khost.example.test.+163+04242.private');
  const kSecret = /^Key: (.*)$/m.exec(privateText)![1]!;

  it('reads an HMAC key (v1.3), its name from the file name', () => {
    const [k] = parseKeyFile(privateText, { fileName: 'Khost.example.test.+163+04242.private' });
    expect(k).toEqual({ name: 'host.example.test', algorithm: 'hmac-sha256', secret: Buffer.from(kSecret, 'base64') });
    expect(parseKeyFile(privateText, { keyName: 'Other.Name.' })[0]!.name).toBe('other.name');
  });

  it('reads each HMAC algorithm number, and v1.2 files', () => {
    const nums: [number, string][] = [[157, 'hmac-md5.sig-alg.reg.int'], [161, 'hmac-sha1'], [162, 'hmac-sha224'], [163, 'hmac-sha256'], [164, 'hmac-sha384'], [165, 'hmac-sha512']];
    for (const [n, alg] of nums) {
      const text = `Private-key-format: v1.2\nAlgorithm: ${n} (HMAC)\nKey: ${SECRET}\nBits: AAA=\n`;
      expect(parseKeyFile(text, { keyName: 'k' })[0]!.algorithm).toBe(alg);
    }
  });

  it('refuses a SIG(0) key (ECDSA, RSA) saying SIG(0) is not supported, without showing the key', () => {
    for (const f of ['Ksig0.example.test.+013+42619.private', 'Ksig0-rsa.example.test.+008+20369.private']) {
      const text = fixture(f);
      const material = [...text.matchAll(/^[A-Za-z0-9]+: ([A-Za-z0-9+/=]{16,})$/gm)].map((m) => m[1]!);
      expect(material.length).toBeGreaterThan(0);
      const err = refusal(() => parseKeyFile(text, { fileName: f }), ...material);
      expect(err.message).toMatch(/line 2: algorithm (13 \(ECDSAP256SHA256\)|8 \(RSASHA256\)) is not an HMAC \(TSIG\) key/);
      expect(err.message).toContain('SIG(0) is not supported');
    }
  });

  it('refusals: no name, mismatched file name, bad lines, no key, bad version', () => {
    expect(refusal(() => parseKeyFile(privateText), kSecret).message).toContain('does not hold the key name');
    expect(refusal(() => parseKeyFile(privateText, { fileName: 'Khost.example.test.+161+04242.private' }), kSecret).message).toContain(
      'algorithm 161',
    );
    const base = `Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\n`;
    expect(refusal(() => parseKeyFile(`${base}Key: ${SECRET.slice(1)}\n`, { keyName: 'k' })).message).toMatch(/line 3: the secret is not valid base64/);
    expect(refusal(() => parseKeyFile(`${base}Bits: ${SECRET}\n`, { keyName: 'k' })).message).toMatch(/line 3: Bits/);
    expect(refusal(() => parseKeyFile(`${base}Key: ${SECRET}\nKey: ${SECRET}\n`, { keyName: 'k' })).message).toMatch(/line 4: a second Key/);
    expect(refusal(() => parseKeyFile(`${base}\n`, { keyName: 'k' })).message).toContain('no Key line');
    expect(refusal(() => parseKeyFile(`${base}${SECRET}\n`, { keyName: 'k' })).message).toMatch(/line 3: expected "Tag: value"/);
    expect(refusal(() => parseKeyFile(`Private-key-format: v2.0\nAlgorithm: 163\nKey: ${SECRET}\n`, { keyName: 'k' })).message).toContain('v1.x');
    expect(refusal(() => parseKeyFile(`Private-key-format: v1.3\nKey: ${SECRET}\n`, { keyName: 'k' })).message).toContain('no Algorithm');
  });
});

describe('readKeyFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolvkit-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads BIND key files', async () => {
    const keys = await readKeyFile(fixturePath('session.key'));
    expect(keys.map((k) => k.name)).toEqual(['local-ddns']);
  });

  it('a K-file pair by either name or by its base (with or without a trailing dot), as nsupdate -k: the .private, named by the .key', async () => {
    const want = parseKeyFile(fixture('Khost.example.test.+163+04242.private'), { keyName: 'host.example.test' });
    for (const suffix of ['.key', '.private', '', '.']) {
      expect(await readKeyFile(fixturePath('Khost.example.test.+163+04242') + suffix)).toEqual(want);
    }
    // The name comes from the .key file when there is one.
    copyFileSync(fixturePath('Khost.example.test.+163+04242.private'), join(dir, 'Kfile-name.+163+00001.private'));
    writeFileSync(join(dir, 'Kfile-name.+163+00001.key'), `; comment\nkey-file-name.example. IN KEY 512 3 163 ${SECRET}\n`);
    expect((await readKeyFile(join(dir, 'Kfile-name.+163+00001.key')))[0]!.name).toBe('key-file-name.example');
    // Without a .key file, the file name names it.
    copyFileSync(fixturePath('Khost.example.test.+163+04242.private'), join(dir, 'Klonely.example.+163+00002.private'));
    expect((await readKeyFile(join(dir, 'Klonely.example.+163+00002.private')))[0]!.name).toBe('lonely.example');
  });

  it('a SIG(0) pair is refused, naming the file', async () => {
    const path = fixturePath('Ksig0.example.test.+013+42619.key');
    await expect(readKeyFile(path)).rejects.toThrow(/Ksig0\.example\.test\.\+013\+42619\.key: .*SIG\(0\) is not supported/);
  });

  it('a missing file or a bad one: ArgumentError naming the path, never the secret', async () => {
    await expect(readKeyFile(join(dir, 'nope.key'))).rejects.toThrow(/cannot read key file .*nope\.key: ENOENT/);
    await expect(readKeyFile(join(dir, 'Knope.+163+00003.key'))).rejects.toThrow(/Knope\.\+163\+00003\.private: ENOENT/);
    const path = join(dir, 'broken.key');
    writeFileSync(path, `key "x" { algorithm hmac-sha256; secret "${SECRET.slice(1)}"; };`);
    const err = await readKeyFile(path).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toContain('broken.key: key file line 1');
    expect((err as Error).message).not.toContain(SECRET.slice(1));
    await expect(readKeyFile('' as never)).rejects.toThrow(ArgumentError);
  });

  it('keys read from files sign and verify', async () => {
    const [k] = (await readKeyFile(fixturePath('tsig-keygen-hmac-sha512.key'))) as [TsigKey];
    const msg = encodeMessage({ id: 9, questions: [{ name: 'example.test', type: 'SOA', class: 'IN' }] });
    expect(verifyMessage(signMessage(msg, k, { time: 5 }).wire, k, { time: 5 }).key).toBe(k);
  });
});
