/**
 * The resolver against node:dns's promises.Resolver (c-ares), both asking the same local named
 * (started here on loopback from fixtures/named): uncached resolve4 one at a time and 100 at a
 * time (targets: at least c-ares's throughput), and a cache hit against its floor, a bare map
 * get plus a resolved promise (target: within 3x; and at least 40x cheaper than a query).
 */
import dns from 'node:dns';
import { afterAll, bench, describe } from 'vitest';
import { createConfig } from '../src/env/config.js';
import { Resolver } from '../src/node/resolver.js';
import { startNamed } from '../test/support/named.js';

const named = await startNamed({ listen: [{ address: '127.0.0.1' }] });
const server = `127.0.0.1:${named.port}`;
afterAll(() => named.stop());

// Distinct names, so that neither side can share or cache: the zone's wildcard answers them all.
let serial = 0;
const nextName = () => `b${serial++}.wild.resolvkit.test`;

const ours = new Resolver({ config: createConfig({ resolvConf: `nameserver ${server}\noptions timeout:2 attempts:2\n` }), cache: 'off' });
const cares = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
cares.setServers([server]);
afterAll(() => ours.close());

async function batch(resolve4: (name: string) => Promise<unknown>, total: number, concurrency: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await resolve4(nextName());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const options = { time: 2000, warmupTime: 300 };

describe('uncached resolve4, one at a time (100 queries per iteration)', () => {
  bench('node:dns Resolver (c-ares)', () => batch((n) => cares.resolve4(n), 100, 1), options);
  bench('resolvkit Resolver', () => batch((n) => ours.resolve4(n), 100, 1), options);
});

describe('uncached resolve4, 100 at a time (1000 queries per iteration)', () => {
  bench('node:dns Resolver (c-ares)', () => batch((n) => cares.resolve4(n), 1000, 100), options);
  bench('resolvkit Resolver', () => batch((n) => ours.resolve4(n), 1000, 100), options);
});

const cached = new Resolver({ config: createConfig({ resolvConf: `nameserver ${server}\n` }) });
await cached.resolve4('both.resolvkit.test');
afterAll(() => cached.close());
const floorMap = new Map([['IN/A/00/both.resolvkit.test', { answer: 1 }]]);

describe('a cache hit against its floor', () => {
  bench('floor: Map.get + Promise.resolve', async () => {
    await Promise.resolve(floorMap.get('IN/A/00/both.resolvkit.test'));
  });
  bench('resolvkit query() hit', async () => {
    await cached.query('both.resolvkit.test', 'A');
  });
  bench('resolvkit resolve4() hit', async () => {
    await cached.resolve4('both.resolvkit.test');
  });
  bench('resolvkit resolve4() uncached (for the 40x)', async () => {
    await ours.resolve4(nextName());
  });
});
