/**
 * The package as npm would publish it, used the ways a consumer uses it: `npm pack` of this
 * checkout (from the current build, see below), unpacked into node_modules/resolvkit of a
 * temporary project, and then imported from an ES module, required from CommonJS (Node's
 * require(esm), on by default from Node 20.19, which package.json's engines asks for),
 * type-checked from TypeScript in both module kinds, and its three programs started through
 * bin links. Also: what the tarball holds, and that every source map in it resolves inside it.
 *
 * Nothing is fetched: the tarball is unpacked with tar rather than installed by npm (which
 * would ask a registry for its dependencies), and dns-packet, ipaddr.js and lru-cache are
 * symlinks to this checkout's node_modules. npm is run with --offline all the same.
 *
 * npm pack runs with --ignore-scripts: its `prepare` would rebuild dist/ under the feet of the
 * other test files that read it. The build must therefore be current (`npm test` builds before
 * it runs the tests), which the first test checks.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_JSON = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
};
const DEPENDENCIES = Object.keys(PACKAGE_JSON.dependencies);
/** npm next to this node, as npm itself would be found; PATH's otherwise. */
const NPM = existsSync(join(dirname(process.execPath), 'npm')) ? join(dirname(process.execPath), 'npm') : 'npm';
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** Every file under `dir`, relative to it, with `/` separators. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path, base) : [relative(base, path).split(sep).join('/')];
  });
}

const sources = walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // A bare environment: no npm_config_* of an `npm test` around this run (which would, for
  // one, point npm at the outer project), and nothing that says where a registry is.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
}

const outcome = (r: SpawnSyncReturns<string>): { status: number | null; stdout: string; stderr: string } => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

let dir: string;
let project: string;
let installed: string;
let packedFiles: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'resolvkit-pack-'));
  project = join(dir, 'project');
  installed = join(project, 'node_modules', PACKAGE_JSON.name);
  const pack = run(NPM, ['pack', '--ignore-scripts', '--offline', '--no-update-notifier', '--json', '--pack-destination', dir], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed (${pack.status ?? pack.signal}): ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack said nothing about its tarball: ${pack.stdout}`);
  packedFiles = info.files.map((f) => f.path).sort();
  mkdirSync(installed, { recursive: true });
  // npm's tarballs put everything under package/.
  const untar = run('tar', ['-xzf', join(dir, info.filename), '-C', installed, '--strip-components=1'], dir);
  if (untar.status !== 0) throw new Error(`tar could not unpack ${info.filename}: ${untar.stderr}`);
  for (const dep of [...DEPENDENCIES, '@types/node']) {
    mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', dep)), join(project, 'node_modules', dep));
  }
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
}, 60_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('is packed from a build at least as new as every source file', () => {
    const stale = sources.filter((f) => {
      const built = join(ROOT, 'dist', f.replace(/\.ts$/, '.js'));
      return !existsSync(built) || statSync(built).mtimeMs < statSync(join(ROOT, 'src', f)).mtimeMs;
    });
    expect(stale, 'dist/ is missing or older than these sources: run npm run build').toEqual([]);
  });

  it('holds package.json, the README, dist and src, and nothing else', () => {
    expect(packedFiles).toContain('package.json');
    expect(packedFiles).toContain('README.md');
    expect(packedFiles.filter((f) => !/^(dist|src)\//.test(f))).toEqual(['README.md', 'package.json']);
    // Each source with its compiled module, declarations and maps; the sources travel so
    // that the maps have something to point at.
    for (const f of sources) {
      const base = f.replace(/\.ts$/, '');
      expect(packedFiles).toEqual(expect.arrayContaining([`src/${f}`, `dist/${base}.js`, `dist/${base}.js.map`, `dist/${base}.d.ts`, `dist/${base}.d.ts.map`]));
    }
  });

  it('has every file its exports and bin name', () => {
    const targets = [...JSON.stringify(PACKAGE_JSON.exports).matchAll(/"\.\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(targets).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'package.json']));
    for (const target of [...targets, ...Object.values(PACKAGE_JSON.bin)]) expect(existsSync(join(installed, target)), target).toBe(true);
  });

  it('has source maps whose files and sources all lie inside the package', () => {
    let maps = 0;
    const problems: string[] = [];
    for (const file of walk(installed).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(join(installed, file), 'utf8');
      for (const [, url] of text.matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)) {
        maps++;
        const mapPath = resolve(dirname(join(installed, file)), url as string);
        if (!mapPath.startsWith(installed + sep) || !existsSync(mapPath)) {
          problems.push(`${file}: sourceMappingURL ${url} is not in the package`);
          continue;
        }
        const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sourceRoot?: string; sources: string[] };
        for (const source of map.sources) {
          const path = resolve(dirname(mapPath), map.sourceRoot ?? '', source);
          if (!path.startsWith(installed + sep) || !existsSync(path)) problems.push(`${relative(installed, mapPath)}: source ${source} is not in the package`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Maps are shipped (with the sources), so the check above has something to check.
    expect(maps).toBeGreaterThanOrEqual(2 * sources.length);
  });

  it('is imported from an ES module, with the whole public API', () => {
    writeFileSync(
      join(project, 'consumer.mjs'),
      `import * as r from 'resolvkit';
console.log(JSON.stringify({ names: Object.keys(r).sort(), reverse: r.reverseName('192.0.2.1'), resolver: typeof r.Resolver }));
`,
    );
    const result = run(process.execPath, ['consumer.mjs'], project);
    expect(outcome(result)).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ names: Object.keys(api).sort(), reverse: '1.2.0.192.in-addr.arpa', resolver: 'function' });
  });

  it('is required from CommonJS (require(esm)), the same module instance as an import', () => {
    writeFileSync(
      join(project, 'consumer.cjs'),
      `const r = require('resolvkit');
const { version } = require('resolvkit/package.json');
import('resolvkit').then((m) => {
  console.log(JSON.stringify({ names: Object.keys(r).sort(), reverse: r.reverseName('2001:db8::1').slice(0, 8), same: m.Resolver === r.Resolver, version }));
});
`,
    );
    const result = run(process.execPath, ['consumer.cjs'], project);
    // No ExperimentalWarning either: stderr stays empty.
    expect(outcome(result)).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ names: Object.keys(api).sort(), reverse: '1.0.0.0.', same: true, version: PACKAGE_JSON.version });
  });

  it('keeps its internals private: a deep path is not exported', () => {
    writeFileSync(join(project, 'deep.cjs'), "try { require('resolvkit/dist/index.js'); console.log('loaded'); } catch (e) { console.log(e.code); }\n");
    expect(outcome(run(process.execPath, ['deep.cjs'], project))).toEqual({ status: 0, stdout: 'ERR_PACKAGE_PATH_NOT_EXPORTED\n', stderr: '' });
  });

  it('type-checks from TypeScript as an ES module and as CommonJS (types condition)', () => {
    writeFileSync(join(project, 'esm.mts'), "import { Resolver, reverseName, type Message } from 'resolvkit';\nconst m: Message | undefined = undefined;\nexport const x: string = reverseName('192.0.2.1') + String(m) + String(new Resolver({ cache: 'off' }));\n");
    writeFileSync(join(project, 'cjs.cts'), "import r = require('resolvkit');\nexport const x: string = r.reverseName('192.0.2.1');\n// @ts-expect-error: not a string\nexport const y: string = r.H_ERRNO;\n");
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['esm.mts', 'cjs.cts'] }),
    );
    expect(outcome(run(process.execPath, [TSC, '-p', 'tsconfig.json'], project))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('starts each of its programs through a bin link, as npm links them (run with node, as a shim runs them)', () => {
    const bin = join(project, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    expect(Object.keys(PACKAGE_JSON.bin).sort()).toEqual(['dnsq', 'dnsupdate', 'showip']);
    for (const [name, target] of Object.entries(PACKAGE_JSON.bin)) {
      const link = join(bin, name);
      if (!existsSync(link)) symlinkSync(join('..', PACKAGE_JSON.name, target), link);
      expect(readFileSync(link, 'utf8').split('\n')[0], `${target}'s first line`).toBe('#!/usr/bin/env node');
      const help = run(process.execPath, [link, '--help'], project);
      expect({ status: help.status, stderr: help.stderr }, `${name} --help`).toEqual({ status: 0, stderr: '' });
      expect(help.stdout, `${name} --help`).toMatch(new RegExp(`^usage: ${name} `));
    }
  });
});
