import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { parseServices } from '../../src/env/services.js';

const table = parseServices(readFileSync(new URL('../../fixtures/env/services', import.meta.url), 'utf8'));

describe('parseServices', () => {
  it('looks up name + protocol', () => {
    expect(table.getByName('domain', 'udp')).toMatchObject({ name: 'domain', port: 53, protocol: 'udp' });
    expect(table.getByName('http', 'tcp')?.port).toBe(80);
    expect(table.getByName('http', 'udp')).toBeUndefined();
  });

  it('looks up aliases', () => {
    expect(table.getByName('www', 'tcp')?.name).toBe('http');
    expect(table.getByName('krb5', 'udp')).toMatchObject({ name: 'kerberos', port: 88, protocol: 'udp' });
  });

  it('takes the first line of any protocol when none is given', () => {
    expect(table.getByName('echo')?.protocol).toBe('tcp');
    expect(table.getByPort(7)?.protocol).toBe('tcp');
  });

  it('looks up port + protocol, first line winning', () => {
    expect(table.getByPort(443, 'udp')?.name).toBe('https');
    expect(table.getByPort(8080, 'tcp')?.name).toBe('http-alt');
    expect(table.getByPort(9, 'tcp')).toBeUndefined();
  });

  it('is case-sensitive, as getservbyname', () => {
    expect(table.getByName('HTTP', 'tcp')).toBeUndefined();
  });

  it('skips lines without a valid port/protocol', () => {
    for (const name of ['broken', 'nosuch', 'negative', 'spaced', 'noport']) expect(table.getByName(name), name).toBeUndefined();
    expect(table.warnings).toHaveLength(5);
  });

  it('ignores comments', () => {
    expect(table.getByName('#', 'tcp')).toBeUndefined();
    expect(table.getByName('TCP', 'tcp')).toBeUndefined();
  });

  it('does not confuse a name with a slash for a protocol key', () => {
    expect(table.getByName('http/tcp')).toBeUndefined();
  });

  it('is immutable', () => {
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.entries)).toBe(true);
    expect(Object.isFrozen(table.entries[0])).toBe(true);
  });

  it('throws ArgumentError for non-text', () => {
    expect(() => parseServices(null as unknown as string)).toThrow(ArgumentError);
  });
});
