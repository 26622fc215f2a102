/**
 * What a resolver does to the life of the process: a program that makes its queries and never
 * calls close() must still exit by itself (an idle kept-open TCP channel, a spare UDP socket
 * hold no event loop open), and a query in progress must keep it alive until it settles. Each
 * case is a child `node` running the built package (dist/, made by `npm run build`) against a
 * responder in this process; the child prints its outcomes and must exit on its own, status 0.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { aRecord, replyTo, startResponder, type Responder } from '../support/responder.js';

const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** The child: `count` queries one after another, printing each outcome; no close(). */
const CHILD = String.raw`
const { Resolver, createConfig, RES_INIT, RES_DEFAULT, RES_USEVC, RES_STAYOPEN } = await import(process.env.DIST_URL);
const [server, stayOpen, timeoutMs, count] = JSON.parse(process.env.CHILD_ARGS);
const r = new Resolver({
  config: createConfig({ resolvConf: 'options attempts:1\n' }),
  nameservers: [server], timeout: timeoutMs, tries: 1, cache: 'off',
  ...(stayOpen ? { flags: RES_INIT | RES_DEFAULT | RES_USEVC | RES_STAYOPEN } : {}),
});
for (let i = 0; i < count; i++) {
  const outcome = await r.query('q' + i + '.exit.test', 'A').then((res) => res.transport + ' ' + res.answers[0].data, (e) => e.code);
  console.log(outcome);
}
`;

/** Runs the child; resolves with its output once it exits by itself, or rejects if it is still running after `limitMs`. */
function child(args: [server: string, stayOpen: boolean, timeoutMs: number, count: number], limitMs = 10_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  expect(existsSync(DIST), `${DIST} is missing: run npm run build first`).toBe(true);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { PATH: process.env['PATH'] ?? '', DIST_URL: pathToFileURL(DIST).href, CHILD_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The guard for a child that never exits: the test fails, naming what it printed.
    const guard = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`the child did not exit by itself within ${limitMs} ms; it printed: ${stdout}${stderr}`));
    }, limitMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

const open: Responder[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

async function responder(answer: boolean): Promise<Responder> {
  const r = await startResponder(({ query }) => (answer ? [replyTo(query, { answers: [aRecord(query, '192.0.2.1')] })] : []), answer ? {} : { tcp: 'stall' });
  open.push(r);
  return r;
}

describe('a program that never calls close()', () => {
  it('exits by itself after RES_STAYOPEN queries: the idle kept-open channel holds nothing open', async () => {
    const r = await responder(true);
    const run = await child([r.server, true, 5000, 2]);
    expect(run).toEqual({ code: 0, stdout: 'tcp 192.0.2.1\ntcp 192.0.2.1\n', stderr: '' });
    // Both queries went over the one kept-open connection, which the exit closed.
    expect(r.tcpConnections).toBe(1);
    expect(r.received.map((x) => x.transport)).toEqual(['tcp', 'tcp']);
    await r.untilNoConnections();
  });

  it('exits by itself after UDP queries: the spare socket opened ahead holds nothing open', async () => {
    const r = await responder(true);
    const run = await child([r.server, false, 5000, 2]);
    expect(run).toEqual({ code: 0, stdout: 'udp 192.0.2.1\nudp 192.0.2.1\n', stderr: '' });
  });

  it.each([
    ['over a kept-open TCP channel', true],
    ['over UDP', false],
  ] as const)('is kept alive by a query in progress until it times out, %s', async (_, stayOpen) => {
    const r = await responder(false);
    const run = await child([r.server, stayOpen, 500, 1]);
    expect(run).toEqual({ code: 0, stdout: 'ETIMEOUT\n', stderr: '' });
    // It was asked (the stalling TCP side reads nothing, so count the connection there).
    expect(stayOpen ? r.tcpConnections : r.received.length).toBe(1);
  });
});
