/**
 * The lookup drop-in in node's own sockets: http.request, new http.Agent and net.connect reach
 * a local server by names only this resolver knows, from its hosts file and from a name
 * server this test runs on loopback. Nothing is sent anywhere else.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLookup, type LookupFunction } from '../../src/node/lookup.js';
import { createConfig } from '../../src/env/config.js';
import { Resolver } from '../../src/node/resolver.js';
import { aRecord, replyTo, startResponder, type Responder } from '../support/responder.js';

let server: http.Server;
let port: number;
let dns: Responder;
let resolver: Resolver;
let lookup: LookupFunction;

beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`hello ${req.headers.host}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
  // A name server of our own: A queries for dns-only.resolvkit.test get 127.0.0.1, anything else NXDOMAIN.
  dns = await startResponder(({ query }) => {
    const q = query.questions[0]!;
    if (q.name.toLowerCase() !== 'dns-only.resolvkit.test') return [replyTo(query, { rcode: 'NXDOMAIN' })];
    return [replyTo(query, { answers: q.type === 'A' ? [aRecord(query, '127.0.0.1')] : [] })];
  });
  const config = createConfig({
    resolvConf: `nameserver ${dns.server}\nsearch resolvkit.test\noptions timeout:1 attempts:1\n`,
    hosts: '127.0.0.1 only-we-know.test\n',
  });
  resolver = new Resolver({ config });
  lookup = createLookup({ resolver });
});

afterAll(async () => {
  resolver?.close();
  await dns?.close();
  await new Promise<void>((r) => server?.close(() => r()));
});

function get(options: http.RequestOptions): Promise<{ status: number | undefined; body: string; remote: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...options, path: '/' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body, remote: req.socket?.remoteAddress }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('lookup as the lookup option of node sockets', () => {
  it('lets http.request reach a name from the resolver\'s hosts file, without a query', async () => {
    const before = dns.received.length;
    const r = await get({ host: 'only-we-know.test', port, lookup });
    expect(r).toEqual({ status: 200, body: `hello only-we-know.test:${port}`, remote: '127.0.0.1' });
    expect(dns.received.length).toBe(before);
  });

  it('lets new http.Agent({ lookup }) reach it, for every request through the agent', async () => {
    const agent = new http.Agent({ lookup, keepAlive: false });
    try {
      const r = await get({ host: 'only-we-know.test', port, agent });
      expect(r.status).toBe(200);
      expect(r.body).toBe(`hello only-we-know.test:${port}`);
    } finally {
      agent.destroy();
    }
  });

  it('lets net.connect reach a name only the test name server knows, through the search list', async () => {
    const before = dns.received.length;
    const socket = net.connect({ host: 'dns-only', port, lookup });
    const looked = new Promise<[Error | null, string, number | string]>((resolve) => socket.once('lookup', (err, address, family) => resolve([err, address, family])));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect((await looked).slice(0, 2)).toEqual([null, '127.0.0.1']);
    socket.destroy();
    const asked = dns.received.slice(before).map((i) => `${i.query.questions[0]!.name} ${i.query.questions[0]!.type}`);
    expect(asked.sort()).toEqual(['dns-only.resolvkit.test A', 'dns-only.resolvkit.test AAAA']);
  });

  it('reports a name nobody knows as node does: ENOTFOUND from getaddrinfo', async () => {
    const err = await get({ host: 'nobody-knows.test', port, lookup }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'nobody-knows.test' });
  });
});
