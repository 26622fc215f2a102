import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { createConfig, domainFromHostname } from '../../src/env/config.js';
import { RES_DEFAULT, RES_INIT, RES_ROTATE } from '../../src/env/flags.js';
import { parseHosts } from '../../src/env/hosts.js';
import { parseResolvConf } from '../../src/env/resolvconf.js';

describe('createConfig defaults', () => {
  it('gives glibc defaults with no input at all', () => {
    const config = createConfig();
    expect(config).toMatchObject({
      nameservers: [{ address: '127.0.0.1', port: 53, family: 4 }],
      search: [],
      domain: undefined,
      ndots: 1,
      timeout: 5,
      timeoutMs: 5000,
      attempts: 2,
      flags: RES_INIT | RES_DEFAULT,
      sortlist: [],
    });
    expect(config.options.rotate).toBe(false);
    expect(config.hosts.size).toBe(0);
    expect(config.services.size).toBe(0);
    expect(config.source).toMatchObject({ env: [], search: 'none', resolvConf: { path: undefined, loaded: false } });
  });

  it('uses 127.0.0.1 when the file names no usable server', () => {
    expect(createConfig({ resolvConf: 'nameserver bogus\n' }).nameservers).toEqual([{ address: '127.0.0.1', port: 53, family: 4 }]);
  });

  it('waits at least a second even with timeout:0, as res_send', () => {
    expect(createConfig({ resolvConf: 'options timeout:0' })).toMatchObject({ timeout: 0, timeoutMs: 1000 });
  });

  it('accepts parsed resolv.conf and tables', () => {
    const hosts = parseHosts('192.0.2.1 a.example');
    const config = createConfig({ resolvConf: parseResolvConf('options rotate'), hosts });
    expect(config.flags & RES_ROTATE).toBe(RES_ROTATE);
    expect(config.hosts).toBe(hosts);
    expect(config.source.hosts).toEqual({ path: undefined, loaded: true });
  });

  it('prefixes file warnings', () => {
    expect(createConfig({ resolvConf: 'nameserver x' }).warnings).toEqual(['resolv.conf line 1: nameserver "x" is not an address; ignored']);
  });
});

describe('the default domain from the host name', () => {
  it('is the part after the first dot, when the file has no domain or search', () => {
    const config = createConfig({ resolvConf: 'nameserver 192.0.2.1', hostname: 'web1.dc.example.test' });
    expect(config.search).toEqual(['dc.example.test']);
    expect(config.domain).toBe('dc.example.test');
    expect(config.source.search).toBe('hostname');
  });

  it('is not used when the file has a domain or search line', () => {
    expect(createConfig({ resolvConf: 'domain file.example', hostname: 'web1.dc.example' }).search).toEqual(['file.example']);
  });

  it('is not used even when the file search list was cut to nothing (as glibc)', () => {
    expect(createConfig({ resolvConf: `domain ${'x'.repeat(300)}`, hostname: 'web1.dc.example' }).search).toEqual([]);
  });

  it('gives nothing for a host name without a dot, or ending in its first dot', () => {
    expect(domainFromHostname('web1')).toBeUndefined();
    expect(domainFromHostname('web1.')).toBeUndefined();
    expect(domainFromHostname('a..b')).toBe('.b');
    expect(createConfig({ hostname: 'web1' }).search).toEqual([]);
  });

  it('is used when there is no file at all', () => {
    expect(createConfig({ hostname: 'a.b.c' }).search).toEqual(['b.c']);
  });
});

describe('freezing', () => {
  it('freezes the whole configuration', () => {
    const config = createConfig({
      resolvConf: 'nameserver 192.0.2.1\nsearch a.example\nsortlist 10.0.0.0\n',
      hosts: '192.0.2.1 a.example',
      services: 'http 80/tcp',
    });
    const frozen = [
      config,
      config.nameservers,
      config.nameservers[0],
      config.search,
      config.options,
      config.sortlist,
      config.sortlist[0],
      config.hosts,
      config.services,
      config.source,
      config.source.env,
      config.source.resolvConf,
      config.warnings,
    ];
    for (const value of frozen) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (config.nameservers as unknown as { address: string }[])[0]!.address = '6.6.6.6';
    }).toThrow(TypeError);
    expect(() => (config.search as unknown as string[]).push('evil.example')).toThrow(TypeError);
  });

  it('does not share arrays with the parsed input', () => {
    const parsed = parseResolvConf('nameserver 192.0.2.1\nsearch a.example');
    const config = createConfig({ resolvConf: parsed });
    expect(config.search).not.toBe(parsed.search);
    expect(config.nameservers).not.toBe(parsed.nameservers);
  });
});

describe('createConfig arguments', () => {
  it.each([
    ['null', null],
    ['a string', 'nameserver 1.2.3.4'],
    ['an array', []],
    ['an unknown key', { resolvconf: 'x' }],
    ['a bad resolvConf', { resolvConf: 42 }],
    ['a bad hosts', { hosts: {} }],
    ['a bad services', { services: [] }],
    ['a bad env', { env: 'LOCALDOMAIN=x' }],
    ['a bad hostname', { hostname: 7 }],
  ])('throws ArgumentError for %s', (_what, value) => {
    expect(() => createConfig(value as never)).toThrow(ArgumentError);
  });
});
