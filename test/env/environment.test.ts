import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCallerLayer } from '../../src/env/caller.js';
import { createConfig } from '../../src/env/config.js';
import { applyEnvironment, applyResolverFlags, parseLocalDomain, snapshotEnvironment } from '../../src/env/environment.js';
import {
  RES_DEFAULT,
  RES_DNSRCH,
  RES_INIT,
  RES_NOCHECKNAME,
  RES_RECURSE,
  RES_ROTATE,
  RES_USE_EDNS0,
  RES_USEVC,
} from '../../src/env/flags.js';

const ENV = JSON.parse(readFileSync(new URL('../../fixtures/env/env-overrides.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;
const FILE = 'nameserver 192.0.2.1\nsearch file1.example file2.example\nsortlist 10.0.0.0/255.0.0.0\noptions ndots:3 timeout:2 rotate\n';
const withEnv = (name: string, file = FILE) => createConfig({ resolvConf: file, env: ENV[name], hostname: 'h.host.example' });

describe('LOCALDOMAIN', () => {
  it('replaces the file search list and default domain', () => {
    const config = withEnv('localdomain-one');
    expect(config.search).toEqual(['override.example']);
    expect(config.domain).toBe('override.example');
    expect(config.source.search).toBe('LOCALDOMAIN');
    expect(config.source.env).toEqual(['LOCALDOMAIN']);
  });

  it('is split on spaces and tabs', () => {
    expect(withEnv('localdomain-list').search).toEqual(['a.example', 'b.example', 'c.example']);
  });

  it('keeps at most six domains', () => {
    const config = withEnv('localdomain-seven');
    expect(config.search).toEqual(['d1.example', 'd2.example', 'd3.example', 'd4.example', 'd5.example', 'd6.example']);
    expect(config.warnings.some((w) => w.startsWith('LOCALDOMAIN: 7 domains given; kept 6'))).toBe(true);
  });

  it('keeps at most 256 characters, separators included, stopping at the first that does not fit', () => {
    const value = ENV['localdomain-too-long']?.LOCALDOMAIN ?? '';
    expect(value.length).toBeGreaterThan(256);
    const config = withEnv('localdomain-too-long');
    expect(config.search).toEqual([value.split(' ')[0]]);
  });

  it('set but empty leaves no search list (and the host name is not used)', () => {
    const config = withEnv('localdomain-empty');
    expect(config.search).toEqual([]);
    expect(config.domain).toBeUndefined();
    expect(config.source.search).toBe('none');
    expect(createConfig({ env: { LOCALDOMAIN: '' }, hostname: 'h.host.example' }).search).toEqual([]);
  });

  it('drops the empty entry glibc keeps for a leading blank', () => {
    expect(withEnv('localdomain-leading-blank').search).toEqual(['lead.example']);
  });

  it('ends at a newline', () => {
    expect(withEnv('localdomain-newline').search).toEqual(['kept.example']);
  });

  it('parses alone', () => {
    expect(parseLocalDomain('a b')).toEqual({ search: ['a', 'b'], warnings: [] });
  });
});

describe('RES_OPTIONS', () => {
  it('is applied over the file options', () => {
    const config = withEnv('res-options');
    expect(config).toMatchObject({ ndots: 4, timeout: 7, attempts: 3 });
    expect(config.options).toMatchObject({ rotate: true, edns0: true, trustAd: true });
    expect(config.source.env).toEqual(['RES_OPTIONS']);
  });

  it('keeps file options it does not mention', () => {
    const config = withEnv('both');
    expect(config).toMatchObject({ ndots: 0, timeout: 2, attempts: 1 });
    expect(config.options.rotate).toBe(true);
    expect(config.search).toEqual(['env.example']);
    expect(config.source.env).toEqual(['LOCALDOMAIN', 'RES_OPTIONS']);
  });

  it('is clamped as the file is', () => {
    expect(withEnv('res-options-clamp')).toMatchObject({ ndots: 15, timeout: 30, attempts: 5, timeoutMs: 30000 });
  });

  it('matches option names case-insensitively', () => {
    const config = withEnv('res-options-upper', 'nameserver 192.0.2.1\n');
    expect(config.ndots).toBe(6);
    expect(config.options).toMatchObject({ rotate: true, useVc: true });
  });

  it('ignores garbage and blanks', () => {
    const config = withEnv('res-options-garbage');
    expect(config.ndots).toBe(3);
    expect(config.options.singleRequest).toBe(true);
    expect(config.warnings).toContain('RES_OPTIONS: unknown option "bogus" ignored');
  });

  it('does not count an empty value as applied', () => {
    expect(createConfig({ env: { RES_OPTIONS: '  ' } }).source.env).toEqual([]);
  });
});

describe('QIBM_BIND_RESOLVER_FLAGS', () => {
  it('sets, and clears with NOT_ or -, any case, ignoring unknown names', () => {
    const config = withEnv('qibm-flags');
    expect(config.flags & RES_NOCHECKNAME).toBe(RES_NOCHECKNAME);
    expect(config.flags & RES_ROTATE).toBe(0); // set by the file, cleared here
    expect(config.flags & RES_USEVC).toBe(RES_USEVC);
    expect(config.flags & RES_DNSRCH).toBe(0);
    expect(config.options).toMatchObject({ noCheckNames: true, rotate: false, useVc: true });
    expect(config.warnings).toContain('QIBM_BIND_RESOLVER_FLAGS: unknown flag "RES_BOGUS" ignored');
    expect(config.source.env).toEqual(['QIBM_BIND_RESOLVER_FLAGS']);
  });

  it('is applied after RES_OPTIONS', () => {
    const config = createConfig({ env: { RES_OPTIONS: 'edns0', QIBM_BIND_RESOLVER_FLAGS: 'NOT_RES_USE_EDNS0' } });
    expect(config.options.edns0).toBe(false);
  });

  it('accepts RES_DEFAULT as a group, and never changes RES_INIT', () => {
    expect(applyResolverFlags(RES_INIT | RES_DEFAULT, '-RES_DEFAULT').flags).toBe(RES_INIT);
    expect(applyResolverFlags(RES_INIT, '+res_default').flags).toBe(RES_INIT | RES_DEFAULT);
    const r = applyResolverFlags(RES_INIT | RES_RECURSE, 'NOT_RES_INIT');
    expect(r.flags).toBe(RES_INIT | RES_RECURSE);
    expect(r.warnings).toHaveLength(1);
  });

  it('does not take a prefix combined with NOT_', () => {
    expect(applyResolverFlags(RES_ROTATE, '+NOT_RES_ROTATE').flags).toBe(RES_ROTATE);
  });

  it('keeps the warnings of a garbage value bounded', () => {
    const config = createConfig({ env: { QIBM_BIND_RESOLVER_FLAGS: 'x '.repeat(100000) } });
    expect(config.warnings.length).toBe(201);
    expect(config.warnings.at(-1)).toBe('99800 more warnings');
  });

  it('ignores names from the object prototype', () => {
    expect(applyResolverFlags(0, 'constructor __proto__ toString').flags).toBe(0);
  });
});

describe('QIBM_BIND_RESOLVER_SORTLIST', () => {
  it('replaces the file sort list with up to ten pairs', () => {
    const config = withEnv('qibm-sortlist');
    expect(config.sortlist).toHaveLength(10);
    expect(config.sortlist[0]).toEqual({ address: '9.5.9.0', mask: '255.255.255.0', family: 4 });
    expect(config.sortlist[1]).toEqual({ address: '10.0.0.0', mask: '255.0.0.0', family: 4 });
    expect(config.warnings.some((w) => w.includes('11 entries given; kept 10'))).toBe(true);
  });

  it('skips bad entries', () => {
    const config = createConfig({ env: { QIBM_BIND_RESOLVER_SORTLIST: 'nope 192.0.2.0/255.255.255.0' } });
    expect(config.sortlist.map((e) => e.address)).toEqual(['192.0.2.0']);
  });
});

describe('applyEnvironment', () => {
  it('returns a new frozen config and leaves the original alone', () => {
    const base = createConfig({ resolvConf: FILE });
    const changed = applyEnvironment(base, { LOCALDOMAIN: 'x.example', RES_OPTIONS: 'ndots:9 edns0' });
    expect(changed).not.toBe(base);
    expect(Object.isFrozen(changed)).toBe(true);
    expect(changed).toMatchObject({ search: ['x.example'], ndots: 9 });
    expect(changed.flags & RES_USE_EDNS0).toBe(RES_USE_EDNS0);
    expect(base.search).toEqual(['file1.example', 'file2.example']);
    expect(changed.hosts).toBe(base.hosts);
  });

  it('with an empty environment changes nothing', () => {
    const base = createConfig({ resolvConf: FILE });
    expect(applyEnvironment(base, {})).toEqual(base);
  });

  it('records a variable once even when applied twice', () => {
    const once = createConfig({ env: { LOCALDOMAIN: 'a' } });
    expect(applyEnvironment(once, { LOCALDOMAIN: 'b' }).source.env).toEqual(['LOCALDOMAIN']);
  });
});

describe('snapshotEnvironment', () => {
  it('keeps only string values of the known variables', () => {
    expect(snapshotEnvironment({ LOCALDOMAIN: 'a', PATH: '/bin', RES_OPTIONS: undefined })).toEqual({ LOCALDOMAIN: 'a' });
  });
});

describe('what set attempts', () => {
  it("is glibc's default, the file's options line, RES_OPTIONS, or the caller, whichever came last", () => {
    const at = (resolvConf: string, env: Record<string, string> = {}) => createConfig({ resolvConf, env }).source.attempts;
    expect([at(''), at('options attempts:2\n'), at('options attempts:2\n', { RES_OPTIONS: 'attempts:4' }), at('', { RES_OPTIONS: 'ndots:2' })]).toEqual(['default', 'resolv.conf', 'RES_OPTIONS', 'default']);
    const config = createConfig({ resolvConf: 'options attempts:2\n' });
    expect(withCallerLayer(config, { attempts: 1 }).source.attempts).toBe('options');
    expect(withCallerLayer(config, { ndots: 3 }).source.attempts).toBe('resolv.conf');
  });
});
