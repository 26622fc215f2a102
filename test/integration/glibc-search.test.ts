/**
 * res_search against glibc's res_nsearch on the same zone: for every resolv.conf and
 * environment here, each name must end at the same full name (or fail with the same h_errno)
 * in both. glibc can only talk to port 53, so this file starts its own named
 * (startGlibcNamed), and glibc runs in test/support/glibc.ts's sandbox (no root needed), with
 * a resolv.conf naming only that server, which it reaches at port 53 through the sandbox's
 * relay; this package is shown the same server where it listens (ourResolvConf). Needs gcc
 * and what the sandbox needs; when something is missing the suite fails, saying what.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/env/config.js';
import { DnsError } from '../../src/errors.js';
import { Resolver } from '../../src/node/resolver.js';
import { glibcUnavailable, ourResolvConf, runInSandbox, startGlibcNamed, type GlibcFiles, type GlibcNamed } from '../support/glibc.js';

const SOURCE = fileURLToPath(new URL('./glibc-search.c', import.meta.url));
/** The host name both sides see: without a dot, so it gives no default domain. */
const HOSTNAME = 'glibc-search';

let dir: string;
let helper: string;
let server: GlibcNamed;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'resolvkit-glibc-search-'));
  helper = join(dir, 'search');
  const gcc = spawnSync('gcc', ['-O1', '-Wall', '-o', helper, SOURCE, '-lresolv'], { encoding: 'utf8' });
  if (gcc.error) throw new Error('gcc is needed for the glibc cross-check: apt-get install gcc libc6-dev');
  if (gcc.status !== 0) throw new Error(`gcc could not build the res_nsearch helper:\n${gcc.stderr}`);
  // Never a skip: a cross-check that quietly does not run reads as one that passed.
  const unavailable = glibcUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  server = await startGlibcNamed();
});
afterAll(async () => {
  await server?.named.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  name: string;
  /** The full name that answered, lower-cased, or undefined. */
  qname: string | undefined;
  herrno: string;
}

/** What glibc and this package both see for `resolvConf` and `env`. */
const filesFor = (resolvConf: string, env: Record<string, string>): GlibcFiles => ({
  resolvConf,
  hosts: '127.0.0.1\tlocalhost\n::1\tlocalhost\n',
  env,
  hostname: HOSTNAME,
  relay: server.relay,
});

async function glibc(files: GlibcFiles, type: string, names: string[]): Promise<Outcome[]> {
  const stdout = await runInSandbox(files, [helper, '-t', type, ...names], '');
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { name: string; ok: boolean; qname: string; herrno: string })
    .map((o) => ({ name: o.name, qname: o.ok ? o.qname.toLowerCase() : undefined, herrno: o.herrno }));
}

async function ours(files: GlibcFiles, type: string, names: string[]): Promise<Outcome[]> {
  const r = new Resolver({ config: createConfig({ resolvConf: ourResolvConf(files), env: files.env ?? {}, hostname: HOSTNAME }), cache: 'off' });
  try {
    const out: Outcome[] = [];
    for (const name of names) {
      try {
        const res = await r.search(name, type);
        out.push({ name, qname: res.questions[0]!.name.toLowerCase(), herrno: 'NETDB_SUCCESS' });
      } catch (err) {
        if (!(err instanceof DnsError)) throw err;
        out.push({ name, qname: undefined, herrno: err.herrno });
      }
    }
    return out;
  } finally {
    r.close();
  }
}

const NAMES = [
  'host', // only as host.resolvkit.test
  'host.sub', // only as host.sub.resolvkit.test
  'a.b.c', // three labels below the zone
  'b.c', // an empty non-terminal: NODATA in the zone
  'sub', // likewise
  'v6only', // has AAAA only: NODATA for A, found for AAAA
  'host.resolvkit.test', // already full
  'host.resolvkit.test.', // absolute
  'host.', // absolute and wrong
  'missing', // nowhere
  'resolvkit.test', // the zone apex itself
  'MiXeD', // case
];

const CASES: Array<{ what: string; conf: string; env?: Record<string, string> }> = [
  { what: 'search list, ndots 1', conf: 'search resolvkit.test sub.resolvkit.test\n' },
  { what: 'search list, ndots 2', conf: 'search resolvkit.test sub.resolvkit.test\noptions ndots:2\n' },
  { what: 'Kubernetes-style ndots 5', conf: 'search sub.resolvkit.test resolvkit.test c.resolvkit.test\noptions ndots:5\n' },
  { what: 'ndots 0', conf: 'search resolvkit.test\noptions ndots:0\n' },
  { what: 'domain only', conf: 'domain resolvkit.test\n' },
  { what: 'no search list', conf: '' },
  { what: 'no-tld-query', conf: 'search resolvkit.test\noptions no-tld-query\n' },
  { what: 'LOCALDOMAIN replaces the search list', conf: 'search nowhere.test\n', env: { LOCALDOMAIN: 'sub.resolvkit.test resolvkit.test' } },
  { what: 'RES_OPTIONS sets ndots', conf: 'search resolvkit.test\n', env: { RES_OPTIONS: 'ndots:3' } },
  { what: 'the root in the search list', conf: 'search sub.resolvkit.test .\n' },
];

describe('res_search agrees with glibc res_nsearch', () => {
  for (const { what, conf, env = {} } of CASES) {
    for (const type of ['A', 'AAAA']) {
      it(`${what} (${type})`, async () => {
        const files = filesFor(`${server.nameserverLine}\noptions timeout:2 attempts:1\n${conf}`, env);
        const theirs = await glibc(files, type, NAMES);
        expect(await ours(files, type, NAMES)).toEqual(theirs);
        // The comparison means something only if the names reach different outcomes.
        expect(new Set(theirs.map((o) => `${o.qname}/${o.herrno}`)).size).toBeGreaterThan(2);
      });
    }
  }
});
