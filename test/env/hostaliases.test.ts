/**
 * The HOSTALIASES file as glibc's __res_context_hostalias reads it (resolv/res_query.c); the
 * lookups themselves are compared with glibc in test/integration/glibc-addrinfo.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, loadConfig } from '../../src/env/index.js';
import { hostAlias, parseHostAliases } from '../../src/env/hostaliases.js';

describe('HOSTALIASES', () => {
  it('reads an alias and the name after it, the rest of the line ignored', () => {
    const aliases = parseHostAliases('web www.example.test comment here\ndb\t db1.example.test\n');
    expect(aliases).toEqual([
      { alias: 'web', name: 'www.example.test' },
      { alias: 'db', name: 'db1.example.test' },
    ]);
    expect(hostAlias(aliases, 'web')).toBe('www.example.test');
    expect(hostAlias(aliases, 'WEB')).toBe('www.example.test');
    expect(hostAlias(aliases, 'db')).toBe('db1.example.test');
    expect(hostAlias(aliases, 'other')).toBeUndefined();
  });

  it('lets the first line whose alias matches decide, even one without a name', () => {
    const aliases = parseHostAliases('a first.test\na second.test\nb\nb other.test\n');
    expect(hostAlias(aliases, 'a')).toBe('first.test');
    expect(hostAlias(aliases, 'b')).toBeUndefined();
  });

  it('stops at a line with no white space, as glibc stops reading there', () => {
    // Only the last line of a file without a final newline can be one.
    expect(parseHostAliases('a x.test\nlast')).toEqual([{ alias: 'a', name: 'x.test' }]);
    expect(parseHostAliases('')).toEqual([]);
    expect(parseHostAliases('a x.test')).toEqual([{ alias: 'a', name: 'x.test' }]);
  });

  it('is read by loadConfig from the file the variable names, and given as text to createConfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolvkit-aliases-'));
    try {
      const path = join(dir, 'aliases');
      writeFileSync(path, 'web www.example.test\n');
      const none = join(dir, 'missing');
      const config = loadConfig({ env: { HOSTALIASES: path }, resolvConfPath: none, hostsPath: none, servicesPath: none });
      expect(config.hostAliases).toEqual([{ alias: 'web', name: 'www.example.test' }]);
      expect(config.source.env).toContain('HOSTALIASES');
      expect(loadConfig({ env: { HOSTALIASES: none }, resolvConfPath: none, hostsPath: none, servicesPath: none }).hostAliases).toEqual([]);
      expect(loadConfig({ env: {}, resolvConfPath: none, hostsPath: none, servicesPath: none }).hostAliases).toEqual([]);
      expect(createConfig({ hostAliases: 'web www.example.test\n' }).hostAliases).toEqual([{ alias: 'web', name: 'www.example.test' }]);
      expect(() => createConfig({ hostAliases: 5 as unknown as string })).toThrow("hostAliases must be the HOSTALIASES file's text");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
