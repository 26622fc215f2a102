/**
 * Load: 10,000 queries at once, to the shared named and to a server that never answers, and
 * over one kept-open TCP channel. Nothing may fail spuriously, and afterwards the process must
 * be back where it started: file descriptors (/proc/self/fd), heap, and no socket or timer left
 * once the resolver is closed (process.getActiveResourcesInfo()).
 *
 * The fd and heap figures are taken in a child `node --expose-gc` running the built package
 * (dist/, made by `npm run build`), where gc() can be forced and nothing of vitest's shares the
 * heap or the fd table. The child prints its figures as JSON; the assertions are here.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { RES_DEFAULT, RES_INIT, RES_STAYOPEN, RES_USEVC } from '../../src/env/flags.js';
import { Resolver } from '../../src/index.js';
import { aRecord, replyTo, startResponder, type Responder } from '../support/responder.js';
import { activeResources, untilActiveResources } from '../reliability/observe.js';

const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const N = 10_000;

/** What the child reports. */
interface LoadReport {
  outcomes: Record<string, number>;
  /** Descriptors open at the peak (all queries sent), before, and after close(). */
  fds: { before: number; peak: number; after: number };
  /** heapUsed after a forced gc, before and after, in bytes. */
  heap: { before: number; after: number };
  /** process.getActiveResourcesInfo() before the resolver was made and after it was closed. */
  active: { before: string[]; after: string[] };
  elapsedMs: number;
}

/**
 * The child: warms up (so that lazily loaded code and the JIT are in the baseline), measures,
 * sends `count` queries at once for distinct names (no two share an exchange), closes the
 * resolver, waits for the closes to land, measures again.
 */
const CHILD = String.raw`
import { readdirSync } from 'node:fs';
const { Resolver, createConfig } = await import(process.env.DIST_URL);
const [server, count, timeoutMs, tries, suffix, flags] = JSON.parse(process.env.LOAD_ARGS);
const fds = () => readdirSync('/proc/self/fd').length;
const heap = () => { for (let i = 0; i < 4; i++) globalThis.gc(); return process.memoryUsage().heapUsed; };
const turn = () => new Promise((r) => setImmediate(r));
const make = () => new Resolver({
  config: createConfig({ resolvConf: 'options timeout:1 attempts:1\n' }),
  nameservers: [server], timeout: timeoutMs, tries, cache: 'off', ...(flags === null ? {} : { flags }),
});
async function settle(before) {
  for (let i = 0; i < 100000 && process.getActiveResourcesInfo().length > before; i++) await turn();
  // Sockets closed in the last turn release their descriptors a turn or two later.
  for (let i = 0; i < 10; i++) await turn();
}
async function run(n) {
  const r = make();
  const outcomes = {};
  const ps = [];
  for (let i = 0; i < n; i++) {
    ps.push(r.query('n' + i + suffix, 'A').then(() => 'ok', (e) => e.code ?? String(e)).then((c) => { outcomes[c] = (outcomes[c] ?? 0) + 1; }));
  }
  await turn();
  const peak = fds();
  await Promise.all(ps);
  r.close();
  return { outcomes, peak };
}
// Let the start-up's own requests (closing stdin) finish first.
for (let i = 0; i < 10; i++) await turn();
const activeBefore = process.getActiveResourcesInfo();
await run(50);
await settle(activeBefore.length);
const before = { fds: fds(), heap: heap() };
const t0 = performance.now();
const { outcomes, peak } = await run(count);
const elapsedMs = performance.now() - t0;
await settle(activeBefore.length);
const after = { fds: fds(), heap: heap() };
console.log(JSON.stringify({
  outcomes, elapsedMs,
  fds: { before: before.fds, peak, after: after.fds },
  heap: { before: before.heap, after: after.heap },
  active: { before: activeBefore, after: process.getActiveResourcesInfo() },
}));
`;

/** Runs the child against `server` and returns its report; fails with its stderr if it does not finish. */
function load(server: string, options: { timeoutMs: number; tries: number; suffix: string; flags?: number }): Promise<LoadReport> {
  expect(existsSync(DIST), `${DIST} is missing: run npm run build first`).toBe(true);
  const args = [server, N, options.timeoutMs, options.tries, options.suffix, options.flags ?? null];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD], {
      env: { PATH: process.env['PATH'] ?? '', DIST_URL: pathToFileURL(DIST).href, LOAD_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) reject(new Error(`load child exited with ${code ?? signal}: ${err}`));
      else resolve(JSON.parse(out) as LoadReport);
    });
  });
}

/** The process is back at its baseline: descriptors exactly, heap within 2 MiB, the same resources alive. */
function expectBaseline(report: LoadReport): void {
  // The figures docs/RELIABILITY.md quotes: RELIABILITY_FIGURES=1 npx vitest run --project integration <this file>.
  if (process.env['RELIABILITY_FIGURES'] !== undefined) console.log(JSON.stringify({ ...report, active: undefined }));
  expect(report.fds.after).toBe(report.fds.before);
  expect(report.heap.after - report.heap.before).toBeLessThan(2 * 1024 * 1024);
  expect(report.active.after.sort()).toEqual(report.active.before.sort());
}

const named = inject('named');
const namedServer = `${named.address}:${named.port}`;

describe('10,000 queries at once', () => {
  let silent: Responder;
  beforeAll(async () => {
    silent = await startResponder(() => []);
  });
  afterAll(() => silent.close());

  it('to named: every one answered, and fds and heap back to their baseline', async () => {
    // Distinct names under the wildcard, so that each is its own exchange and answer.
    const report = await load(namedServer, { timeoutMs: 2000, tries: 4, suffix: '.wild.resolvkit.test' });
    expect(report.outcomes).toEqual({ ok: N });
    expectBaseline(report);
  }, 60_000);

  it('to a server that never answers: every one ETIMEOUT, and fds and heap back to their baseline', async () => {
    const report = await load(silent.server, { timeoutMs: 1000, tries: 1, suffix: '.silent.test' });
    expect(report.outcomes).toEqual({ ETIMEOUT: N });
    expectBaseline(report);
  }, 60_000);
});

/**
 * 10,000 queries at once over the kept-open channel to `server` (tries 1), for distinct names
 * ending in `suffix`: how many ended how. Afterwards, once the resolver is closed, no socket or
 * timer of its is left.
 */
async function keptOpenLoad(server: string, suffix: string): Promise<Record<string, number>> {
  const baseline = activeResources().length;
  const res = new Resolver({
    config: createConfig({ resolvConf: 'options attempts:1\n' }),
    nameservers: [server],
    timeout: 10_000,
    tries: 1,
    cache: 'off',
    flags: RES_INIT | RES_DEFAULT | RES_USEVC | RES_STAYOPEN,
  });
  const counts: Record<string, number> = {};
  try {
    const outcomes = await Promise.all(Array.from({ length: N }, (_, i) => res.query(`n${i}${suffix}`).then(() => 'ok', (e: { code?: string }) => e.code ?? String(e))));
    for (const c of outcomes) counts[c] = (counts[c] ?? 0) + 1;
  } finally {
    res.close();
  }
  await untilActiveResources(baseline);
  return counts;
}

describe('a kept-open TCP channel (RES_USEVC | RES_STAYOPEN) with 10,000 queries at once, tries 1', () => {
  const responders: Responder[] = [];
  afterAll(async () => {
    for (const r of responders) await r.close();
  });

  it('none fails spuriously (an ID already pending on the channel was once ETIMEOUT), over one connection', async () => {
    const r = await startResponder(({ query }) => [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })]);
    responders.push(r);
    expect(await keptOpenLoad(r.server, '.vc.test')).toEqual({ ok: N });
    expect(r.tcpConnections).toBe(1);
  }, 60_000);

  it('the server closing the channel half way (after 5,000 replies): the rest are asked again on a new connection, none lost', async () => {
    let seen = 0;
    const r = await startResponder(({ query, connection }) => {
      const answered = replyTo(query, { answers: [aRecord(query, '192.0.2.2')] });
      if (connection !== 0) return [answered];
      // The first connection's 5,000th query gets its reply, then the close; those after it are lost with it.
      seen++;
      return seen < N / 2 ? [answered] : seen === N / 2 ? [answered, 'close'] : [];
    });
    responders.push(r);
    expect(await keptOpenLoad(r.server, '.half.test')).toEqual({ ok: N });
    expect(r.tcpConnections).toBe(2);
  }, 60_000);

  it('to named, over one connection: every one answered', async () => {
    expect(await keptOpenLoad(namedServer, '.vc.wild.resolvkit.test')).toEqual({ ok: N });
  }, 60_000);
});
