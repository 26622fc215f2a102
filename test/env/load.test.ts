import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname as osHostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { DEFAULT_PATHS, loadConfig, loadConfigAsync } from '../../src/env/load.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/env/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'resolvkit-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NONE = join(dir, 'does-not-exist');
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** Options that keep a test away from the machine's own files and environment. */
const isolated = { env: {}, resolvConfPath: NONE, hostsPath: NONE, servicesPath: NONE, hostname: 'h' };

describe('loadConfig', () => {
  it('reads the three files', () => {
    const config = loadConfig({
      ...isolated,
      resolvConfPath: join(FIXTURES, 'resolv.conf.kubernetes'),
      hostsPath: join(FIXTURES, 'hosts'),
      servicesPath: join(FIXTURES, 'services'),
    });
    expect(config.nameservers).toEqual([{ address: '10.96.0.10', port: 53, family: 4 }]);
    expect(config.ndots).toBe(5);
    expect(config.hosts.byName('localhost').length).toBe(2);
    expect(config.services.getByName('domain', 'udp')?.port).toBe(53);
    expect(config.source.resolvConf).toEqual({ path: join(FIXTURES, 'resolv.conf.kubernetes'), loaded: true });
    expect(config.source.hosts.loaded).toBe(true);
    expect(config.source.services.loaded).toBe(true);
  });

  it('gives defaults for missing files, without throwing or warning', () => {
    const config = loadConfig({ ...isolated, hostname: 'box.home.example' });
    expect(config.nameservers).toEqual([{ address: '127.0.0.1', port: 53, family: 4 }]);
    expect(config.search).toEqual(['home.example']);
    expect(config.hosts.size).toBe(0);
    expect(config.services.size).toBe(0);
    expect(config.source.resolvConf).toEqual({ path: NONE, loaded: false });
    expect(config.warnings).toEqual([]);
  });

  it('gives defaults for an unreadable file, with a warning', () => {
    const directory = join(dir, 'a-directory');
    mkdirSync(directory, { recursive: true });
    const config = loadConfig({ ...isolated, resolvConfPath: directory });
    expect(config.nameservers[0]?.address).toBe('127.0.0.1');
    expect(config.source.resolvConf.loaded).toBe(false);
    expect(config.warnings.some((w) => w.includes('EISDIR'))).toBe(true);
  });

  it('takes paths from RESOLV_CONF and RESOLV_HOSTS', () => {
    const resolvConf = write('rc-env', 'nameserver 192.0.2.8\n');
    const hosts = write('hosts-env', '192.0.2.9 env-host.example\n');
    const config = loadConfig({ env: { RESOLV_CONF: resolvConf, RESOLV_HOSTS: hosts }, servicesPath: NONE, hostname: 'h' });
    expect(config.nameservers[0]?.address).toBe('192.0.2.8');
    expect(config.hosts.byName('env-host.example')).toHaveLength(1);
    expect(config.source.env).toEqual(['RESOLV_CONF', 'RESOLV_HOSTS']);
  });

  it('lets an explicit path win over RESOLV_CONF', () => {
    const fromEnv = write('rc-a', 'nameserver 192.0.2.1\n');
    const explicit = write('rc-b', 'nameserver 192.0.2.2\n');
    const config = loadConfig({ ...isolated, env: { RESOLV_CONF: fromEnv }, resolvConfPath: explicit });
    expect(config.nameservers[0]?.address).toBe('192.0.2.2');
    expect(config.source.env).toEqual([]);
  });

  it('ignores an empty RESOLV_CONF', () => {
    const config = loadConfig({ env: { RESOLV_CONF: '' }, hostsPath: NONE, servicesPath: NONE, hostname: 'h' });
    expect(config.source.resolvConf.path).toBe(DEFAULT_PATHS.resolvConf);
  });

  it('applies the environment over the file', () => {
    const config = loadConfig({
      ...isolated,
      resolvConfPath: join(FIXTURES, 'resolv.conf.plain'),
      env: { LOCALDOMAIN: 'env.example', RES_OPTIONS: 'ndots:2', QIBM_BIND_RESOLVER_FLAGS: 'RES_ROTATE' },
    });
    expect(config).toMatchObject({ search: ['env.example'], ndots: 2 });
    expect(config.options.rotate).toBe(true);
    expect(config.source.env).toEqual(['LOCALDOMAIN', 'RES_OPTIONS', 'QIBM_BIND_RESOLVER_FLAGS']);
  });

  it('reads each variable once, when loading, and never again', () => {
    const reads = new Map<string, number>();
    const values: Record<string, string> = { LOCALDOMAIN: 'first.example', RES_OPTIONS: 'ndots:3' };
    const env = new Proxy(values, {
      get(target, key: string) {
        reads.set(key, (reads.get(key) ?? 0) + 1);
        return target[key];
      },
    });
    const config = loadConfig({ ...isolated, env });
    for (const [key, count] of reads) expect({ key, count }).toEqual({ key, count: 1 });
    expect(reads.get('LOCALDOMAIN')).toBe(1);
    values.LOCALDOMAIN = 'second.example';
    values.RES_OPTIONS = 'ndots:9';
    expect(config.search).toEqual(['first.example']);
    expect(config.ndots).toBe(3);
    expect(reads.get('LOCALDOMAIN')).toBe(1);
  });

  it('reads process.env by default, and ignores it with env: {}', () => {
    const saved = process.env.LOCALDOMAIN;
    process.env.LOCALDOMAIN = 'from-process.example';
    try {
      const { env: _env, ...noEnv } = isolated;
      expect(loadConfig(noEnv).search).toEqual(['from-process.example']);
      expect(loadConfig(isolated).search).toEqual([]);
      const loaded = loadConfig(noEnv);
      process.env.LOCALDOMAIN = 'changed.example';
      expect(loaded.search).toEqual(['from-process.example']);
    } finally {
      if (saved === undefined) delete process.env.LOCALDOMAIN;
      else process.env.LOCALDOMAIN = saved;
    }
  });

  it('does not see later changes to the file', () => {
    const path = write('rc-change', 'nameserver 192.0.2.1\n');
    const config = loadConfig({ ...isolated, resolvConfPath: path });
    writeFileSync(path, 'nameserver 192.0.2.2\n');
    expect(config.nameservers[0]?.address).toBe('192.0.2.1');
  });

  it('uses os.hostname() for the default domain when no hostname is given', () => {
    const { hostname: _h, ...noHostname } = isolated;
    const name = osHostname();
    const dot = name.indexOf('.');
    const expected = dot < 0 || dot === name.length - 1 ? [] : [name.slice(dot + 1)];
    expect(loadConfig(noHostname).search).toEqual(expected);
  });

  it('returns a deeply frozen config', () => {
    const config = loadConfig({ ...isolated, resolvConfPath: join(FIXTURES, 'resolv.conf.sortlist') });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sortlist[0])).toBe(true);
    expect(Object.isFrozen(config.source.env)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', '/etc/resolv.conf'],
    ['an unknown option', { resolvConf: '/etc/resolv.conf' }],
    ['a non-object env', { env: 'x' }],
    ['an empty path', { resolvConfPath: '' }],
    ['a non-string path', { hostsPath: 1 }],
    ['a non-string hostname', { hostname: null }],
  ])('throws ArgumentError at once for %s', (_what, value) => {
    expect(() => loadConfig(value as never)).toThrow(ArgumentError);
    expect(() => loadConfigAsync(value as never)).toThrow(ArgumentError);
  });
});

describe('loadConfigAsync', () => {
  it('gives the same configuration as loadConfig', async () => {
    const opts = {
      ...isolated,
      env: { LOCALDOMAIN: 'a.example b.example', RES_OPTIONS: 'rotate' },
      resolvConfPath: join(FIXTURES, 'resolv.conf.options'),
      hostsPath: join(FIXTURES, 'hosts'),
      servicesPath: join(FIXTURES, 'services'),
    };
    const asyncConfig = await loadConfigAsync(opts);
    const syncConfig = loadConfig(opts);
    expect({ ...asyncConfig, hosts: asyncConfig.hosts.entries, services: asyncConfig.services.entries }).toEqual({
      ...syncConfig,
      hosts: syncConfig.hosts.entries,
      services: syncConfig.services.entries,
    });
  });

  it('reads the environment when called, not when the files arrive', async () => {
    const values: Record<string, string> = { LOCALDOMAIN: 'early.example' };
    const pending = loadConfigAsync({ ...isolated, env: values });
    values.LOCALDOMAIN = 'late.example';
    expect((await pending).search).toEqual(['early.example']);
  });

  it('gives defaults for missing files', async () => {
    expect((await loadConfigAsync(isolated)).nameservers[0]?.address).toBe('127.0.0.1');
  });
});
