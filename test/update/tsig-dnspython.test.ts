/**
 * TSIG cross-checked with dnspython (/usr/bin/python3, python3-dnspython) both ways, for every
 * algorithm and a truncated MAC: messages signed here verify in dnspython, messages dnspython
 * signs verify here, and so do responses whose MAC covers the request's. No network: the
 * messages go to python as hex (test/support/dnspython-tsig.py).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TsigError } from '../../src/errors.js';
import { encodeMessage } from '../../src/packet/index.js';
import { TSIG_ALGORITHMS, signMessage, verifyMessage, parseTsigKey, type TsigAlgorithm, type TsigKey } from '../../src/update/index.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../support/dnspython-tsig.py', import.meta.url));
const INSTALL_HINT = 'these tests need dnspython for /usr/bin/python3: apt-get install python3-dnspython';

type PyResult = { ok: boolean; wire?: string; mac?: string; error?: string | number };

/** Runs a batch of operations in one python process (starting python costs more than the work). */
function dnspython(ops: object[]): PyResult[] {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(ops), encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) throw new Error(`dnspython run failed (${r.error?.message ?? r.stderr}); ${INSTALL_HINT}`);
  return JSON.parse(r.stdout) as PyResult[];
}

const NOW = 1_700_000_000;

const query = encodeMessage({
  id: 0x1234,
  flags: { rd: true },
  questions: [{ name: 'www.example.test', type: 'A', class: 'IN' }],
});
const update = encodeMessage({
  id: 0xbeef,
  opcode: 'UPDATE',
  questions: [{ name: 'example.test', type: 'SOA', class: 'IN' }],
  authorities: [{ name: 'host.example.test', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.7' }],
});
const response = encodeMessage({
  id: 0x1234,
  flags: { qr: true, aa: true, rd: true },
  questions: [{ name: 'www.example.test', type: 'A', class: 'IN' }],
  answers: [{ name: 'www.example.test', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.1' }],
});

/** A key per algorithm, with a secret as long as the hash (as tsig-keygen makes them). */
function keyFor(algorithm: TsigAlgorithm, macBits?: number): TsigKey {
  const len = TSIG_ALGORITHMS[algorithm].digestLength;
  const secret = Buffer.alloc(len, 0).map((_, i) => (i * 37 + len) & 0xff);
  const short = TSIG_ALGORITHMS[algorithm].shortName;
  return parseTsigKey(`${macBits === undefined ? short : `${short}-${macBits}`}:key-${short}.example.test.:${Buffer.from(secret).toString('base64')}`);
}
const pyKey = (k: TsigKey) => ({ name: k.name, algorithm: k.algorithm, secret: k.secret.toString('base64') });

const cases: { label: string; key: TsigKey }[] = [
  ...(Object.keys(TSIG_ALGORITHMS) as TsigAlgorithm[]).map((a) => ({ label: a, key: keyFor(a) })),
  { label: 'hmac-sha256 truncated to 128 bits', key: keyFor('hmac-sha256', 128) },
  { label: 'hmac-sha512 truncated to 256 bits', key: keyFor('hmac-sha512', 256) },
];

beforeAll(() => {
  const r = spawnSync(PYTHON, ['-c', 'import dns.tsig, dns.message'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`dnspython is missing: ${INSTALL_HINT}`);
});

describe.each(cases)('dnspython cross-check: $label', ({ key }) => {
  const truncate = key.macBits ?? null;

  it('signed here (query and UPDATE) verifies in dnspython, with the same MAC', () => {
    const signedQuery = signMessage(query, key, { time: NOW });
    const signedUpdate = signMessage(update, key, { time: NOW, fudge: 60 });
    const [q, u] = dnspython([
      { op: 'verify', wire: signedQuery.wire.toString('hex'), key: pyKey(key), now: NOW, truncate },
      { op: 'verify', wire: signedUpdate.wire.toString('hex'), key: pyKey(key), now: NOW + 59, truncate },
    ]);
    expect(q).toEqual({ ok: true, mac: signedQuery.mac.toString('hex'), error: 0 });
    expect(u).toEqual({ ok: true, mac: signedUpdate.mac.toString('hex'), error: 0 });
    expect(signedQuery.mac.length).toBe(key.macBits === undefined ? TSIG_ALGORITHMS[key.algorithm].digestLength : key.macBits / 8);
  });

  it('signed by dnspython verifies here, and a forged MAC of the same length does not', () => {
    const [q] = dnspython([{ op: 'sign', wire: update.toString('hex'), key: pyKey(key), now: NOW, fudge: 300, truncate }]);
    const wire = Buffer.from(q!.wire!, 'hex');
    const v = verifyMessage(wire, key, { time: NOW + 10 });
    expect(v.mac.toString('hex')).toBe(q!.mac);
    expect(v.time).toBe(NOW);
    expect(v.originalId).toBe(0xbeef);
    // Flip one bit of the MAC: same length, wrong value.
    const macAt = wire.indexOf(v.mac);
    const forged = Buffer.from(wire);
    forged[macAt + v.mac.length - 1]! ^= 1;
    expect(() => verifyMessage(forged, key, { time: NOW })).toThrow(expect.objectContaining({ code: 'BADSIG' }));
  });

  it('a response covering the request MAC, both ways', () => {
    // Our request, dnspython's response to it.
    const req = signMessage(query, key, { time: NOW });
    const [pyResp] = dnspython([
      { op: 'sign', wire: response.toString('hex'), key: pyKey(key), now: NOW + 1, requestMac: req.mac.toString('hex'), truncate },
    ]);
    const resp = verifyMessage(Buffer.from(pyResp!.wire!, 'hex'), key, { time: NOW + 1, requestMac: req.mac });
    expect(resp.mac.toString('hex')).toBe(pyResp!.mac);
    expect(() => verifyMessage(Buffer.from(pyResp!.wire!, 'hex'), key, { time: NOW + 1 })).toThrow(TsigError);

    // dnspython's request, our response to it.
    const [pyReq] = dnspython([{ op: 'sign', wire: query.toString('hex'), key: pyKey(key), now: NOW, truncate }]);
    const requestMac = Buffer.from(pyReq!.mac!, 'hex');
    const ours = signMessage(response, key, { time: NOW + 2, requestMac });
    const [checked, withoutRequestMac] = dnspython([
      { op: 'verify', wire: ours.wire.toString('hex'), key: pyKey(key), now: NOW + 2, requestMac: pyReq!.mac, truncate },
      { op: 'verify', wire: ours.wire.toString('hex'), key: pyKey(key), now: NOW + 2, truncate },
    ]);
    expect(checked).toEqual({ ok: true, mac: ours.mac.toString('hex'), error: 0 });
    expect(withoutRequestMac).toEqual({ ok: false, error: 'BadSignature' });
  });
});

describe('dnspython cross-check: the other fields', () => {
  const key = keyFor('hmac-sha256');

  it('original ID, fudge and other data signed by dnspython verify here', () => {
    const [r] = dnspython([
      { op: 'sign', wire: update.toString('hex'), key: pyKey(key), now: NOW, fudge: 5, originalId: 4242, other: 'cafe', truncate: null },
    ]);
    const v = verifyMessage(Buffer.from(r!.wire!, 'hex'), key, { time: NOW + 5 });
    expect([v.originalId, v.fudge, v.other.toString('hex')]).toEqual([4242, 5, 'cafe']);
    expect(() => verifyMessage(Buffer.from(r!.wire!, 'hex'), key, { time: NOW + 6 })).toThrow(expect.objectContaining({ code: 'BADTIME', skew: -6 }));
  });

  it('original ID and other data signed here verify in dnspython; a signed error reaches it as that error', () => {
    const ok = signMessage(update, key, { time: NOW, originalId: 4242, otherData: Buffer.from('cafe', 'hex') });
    const badtime = signMessage(response, key, { time: NOW, error: 'BADTIME', otherData: Buffer.from('000065536f00', 'hex') });
    const [a, b] = dnspython([
      { op: 'verify', wire: ok.wire.toString('hex'), key: pyKey(key), now: NOW, truncate: null },
      { op: 'verify', wire: badtime.wire.toString('hex'), key: pyKey(key), now: NOW, truncate: null },
    ]);
    expect(a).toEqual({ ok: true, mac: ok.mac.toString('hex'), error: 0 });
    // dnspython raises on any non-zero TSIG error before it checks the MAC.
    expect(b).toEqual({ ok: false, error: 'PeerBadTime' });
    expect(verifyMessage(badtime.wire, key, { time: NOW }).error).toBe('BADTIME');
  });

  it('a key dnspython does not have is its BadKey / UnknownTSIGKey; a wrong secret its BadSignature', () => {
    const signed = signMessage(query, key, { time: NOW });
    const other = { ...pyKey(key), name: 'someone-else.example.test' };
    const wrongSecret = { ...pyKey(key), secret: Buffer.alloc(32, 7).toString('base64') };
    const [a, b] = dnspython([
      { op: 'verify', wire: signed.wire.toString('hex'), key: other, now: NOW, truncate: null },
      { op: 'verify', wire: signed.wire.toString('hex'), key: wrongSecret, now: NOW, truncate: null },
    ]);
    expect(a!.ok).toBe(false);
    expect(['UnknownTSIGKey', 'BadKey']).toContain(a!.error);
    expect(b).toEqual({ ok: false, error: 'BadSignature' });
  });
});
