/**
 * What the tools share (src/cli/run.ts): the --version line, the missing-resolv.conf warning,
 * and the WatchedTransport's reports, driven through a scripted inner transport (no socket).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingResolvConfWarning, packageVersion, versionText, WatchedTransport, type TryEvent } from '../../src/cli/run.js';
import { createConfig } from '../../src/env/index.js';
import { DnsError } from '../../src/errors.js';
import { buildQuery, decodeMessage, encodeMessage } from '../../src/packet/index.js';
import type { ExchangeRequest, Reply, Transport } from '../../src/resolver/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const server = { address: '127.0.0.1', port: 5300, family: 4 as const };

function request(): ExchangeRequest {
  return { server, build: (id) => buildQuery('www.example.test', 'A', { id }), expected: { name: 'www.example.test', type: 'A', class: 'IN' }, timeoutMs: 2000 };
}

/** An inner transport that answers with `outcome` and remembers what it was asked to send. */
function scripted(outcome: (request: ExchangeRequest, transport: 'udp' | 'tcp') => Reply | Error): Transport & { sent: Buffer[]; closed: boolean } {
  const t = {
    sent: [] as Buffer[],
    closed: false,
    exchange(r: ExchangeRequest, transport: 'udp' | 'tcp'): Promise<Reply> {
      const wire = r.build(0x1234);
      t.sent.push(wire);
      const out = outcome(r, transport);
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
    },
    udp: (r: ExchangeRequest) => t.exchange(r, 'udp'),
    tcp: (r: ExchangeRequest) => t.exchange(r, 'tcp'),
    close: () => {
      t.closed = true;
    },
  };
  return t;
}

function replyFor(r: ExchangeRequest, transport: 'udp' | 'tcp', tc = false): Reply {
  const query = r.build(0x1234);
  const wire = encodeMessage({ id: 0x1234, flags: { qr: true, tc }, questions: [{ name: 'www.example.test', type: 'A', class: 'IN' }] });
  return { message: decodeMessage(wire), wire, query, server: r.server, transport };
}

describe('versionText', () => {
  it("prints the tool's name and the package's version, GNU style", () => {
    expect(packageVersion()).toBe(pkg.version);
    expect(versionText('showip')).toBe(`showip (resolvkit) ${pkg.version}\n`);
  });
});

describe('missingResolvConfWarning', () => {
  it('warns, naming the file and the default server, only when no resolv.conf was read', () => {
    const missing = createConfig({});
    expect(missing.source.resolvConf.loaded).toBe(false);
    expect(missingResolvConfWarning('dnsq', missing)).toBe(
      'dnsq: warning: resolv.conf could not be read; asking the default name server 127.0.0.1:53 (set RESOLV_CONF or give a server)\n',
    );
    expect(missingResolvConfWarning('dnsq', missing, [{ address: '127.0.0.1', port: 5300, family: 4 }])).toContain('asking the default name server 127.0.0.1:5300 ');
    const read = createConfig({ resolvConf: 'nameserver 127.0.0.1\n' });
    expect(read.source.resolvConf.loaded).toBe(true);
    expect(missingResolvConfWarning('dnsq', read)).toBeUndefined();
  });
});

describe('WatchedTransport', () => {
  it('reports a try that timed out or was refused, and passes the error on', async () => {
    const events: TryEvent[] = [];
    const timeout = new WatchedTransport((e) => events.push(e), { inner: scripted(() => new DnsError('ETIMEOUT', { servers: ['127.0.0.1:5300'] })) });
    await expect(timeout.udp(request())).rejects.toMatchObject({ code: 'ETIMEOUT' });
    const refused = new WatchedTransport((e) => events.push(e), { inner: scripted(() => new DnsError('ECONNREFUSED')) });
    await expect(refused.tcp(request())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(events).toEqual([
      { kind: 'timeout', server, transport: 'udp', name: 'www.example.test', type: 'A', timeoutMs: 2000 },
      { kind: 'refused', server, transport: 'tcp', name: 'www.example.test', type: 'A', timeoutMs: 2000 },
    ]);
  });

  it('reports a truncated UDP reply and passes it on; a good reply passes silently', async () => {
    const events: TryEvent[] = [];
    const t = new WatchedTransport((e) => events.push(e), { inner: scripted((r, transport) => replyFor(r, transport, transport === 'udp')) });
    expect((await t.udp(request())).message.flags.tc).toBe(true);
    expect((await t.tcp(request())).transport).toBe('tcp');
    expect(events.map((e) => e.kind)).toEqual(['truncated']);
  });

  it('says nothing of other errors (a local fault, a cancel)', async () => {
    const events: TryEvent[] = [];
    const t = new WatchedTransport((e) => events.push(e), { inner: scripted(() => new DnsError('ECANCELLED')) });
    await expect(t.udp(request())).rejects.toMatchObject({ code: 'ECANCELLED' });
    expect(events).toEqual([]);
  });

  it('rewrites each query as it goes out, tells onSend first, and closes the inner transport', async () => {
    const inner = scripted((r, transport) => replyFor(r, transport));
    const seen: string[] = [];
    const t = new WatchedTransport(() => {}, {
      inner,
      rewrite: (q) => Buffer.concat([q.subarray(0, 2), Buffer.from([q[2]! | 0x04]), q.subarray(3)]),
      onSend: (r) => seen.push(r.expected?.name ?? ''),
    });
    await t.udp(request());
    expect(seen).toEqual(['www.example.test']);
    expect(decodeMessage(inner.sent[0]!).flags.aa).toBe(true);
    t.close();
    expect(inner.closed).toBe(true);
  });
});
