import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { HostsTable, parseHosts } from '../../src/env/hosts.js';
import { foldCase } from '../../src/packet/names.js';

const table = parseHosts(readFileSync(new URL('../../fixtures/env/hosts', import.meta.url), 'utf8'));
const addresses = (name: string): string[] => table.byName(name).map((e) => e.address);

describe('parseHosts', () => {
  it('maps a name to its addresses in both families, in file order', () => {
    expect(addresses('localhost')).toEqual(['127.0.0.1', '::1']);
    expect(addresses('www.example.test')).toEqual(['192.0.2.10', '2001:db8::10', '192.0.2.14']);
  });

  it('finds aliases, and gives the canonical name of each line', () => {
    expect(table.byName('ip6-loopback').map((e) => [e.address, e.name])).toEqual([['::1', 'localhost']]);
    expect(addresses('www')).toEqual(['192.0.2.10', '2001:db8::10']);
    expect(addresses('dual')).toEqual(['2001:db8::12']);
  });

  it('ignores ASCII case in names and keeps the name as written', () => {
    expect(table.byName('MIXED.example.TEST').map((e) => e.name)).toEqual(['Mixed.Example.Test']);
    expect(table.has('LocalHost')).toBe(true);
  });

  it('folds ASCII only, as strcasecmp in the C locale', () => {
    expect(foldCase('ÀB')).toBe('Àb');
    expect(parseHosts('192.0.2.1 É.example').byName('é.example')).toEqual([]);
  });

  it('does not strip a trailing dot', () => {
    expect(table.byName('localhost.')).toEqual([]);
  });

  it('reads leading blanks, trailing comments and a comment glued to a word', () => {
    expect(addresses('indented.example.test')).toEqual(['192.0.2.13']);
    expect(table.byName('comment-glued.example.test')).toEqual([]);
  });

  it('normalises IPv6 addresses', () => {
    expect(addresses('dual.example.test')).toEqual(['192.0.2.12', '2001:db8::12']);
  });

  it('skips lines with bad addresses (inet_pton rules) or no name', () => {
    for (const name of ['bad-octet.example.test', 'short-form.example.test', 'zoned.example.test', 'some.name']) {
      expect(table.byName(name), name).toEqual([]);
    }
    expect(table.byAddress('192.0.2.15')).toEqual([]);
    expect(table.warnings.length).toBeGreaterThanOrEqual(6);
  });

  it('maps addresses to lines in file order, whatever their spelling', () => {
    expect(table.byAddress('::1').map((e) => e.name)).toEqual(['localhost']);
    expect(table.byAddress('0:0:0:0:0:0:0:1').map((e) => e.name)).toEqual(['localhost']);
    expect(table.byAddress('2001:DB8::12').map((e) => e.name)).toEqual(['dual.example.test']);
    expect(table.byAddress('fe80::1%eth0')).toEqual([]);
    expect(table.byAddress('::1%lo').map((e) => e.name)).toEqual(['localhost']);
    expect(table.byAddress('not an address')).toEqual([]);
  });

  it('finds, for an IPv4 address, the IPv6 lines glibc reads as IPv4: its mapped form, and ::1 for 127.0.0.1', () => {
    const t = parseHosts('127.0.0.1 first\n::1 second\n::ffff:192.0.2.9 mapped\n192.0.2.9 plain\n::ffff:192.0.2.10 other\n');
    expect(t.byAddress('127.0.0.1').map((e) => e.name)).toEqual(['first', 'second']);
    expect(t.byAddress('192.0.2.9').map((e) => e.name)).toEqual(['mapped', 'plain']);
    expect(t.byAddress('::ffff:192.0.2.9').map((e) => e.name)).toEqual(['mapped']);
    expect(t.byAddress('::1').map((e) => e.name)).toEqual(['second']);
  });

  it('lists a line once for a name repeated on it', () => {
    expect(parseHosts('192.0.2.1 a a A').byName('a')).toHaveLength(1);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.entries)).toBe(true);
    expect(Object.isFrozen(table.byName('localhost'))).toBe(true);
    expect(Object.isFrozen(table.entries[0])).toBe(true);
    expect(Object.isFrozen(table.entries[0]?.aliases)).toBe(true);
    expect(() => (table.byName('localhost') as unknown as string[]).push('x')).toThrow(TypeError);
  });

  it('gives an empty table for empty text', () => {
    const empty = parseHosts('');
    expect(empty.size).toBe(0);
    expect(empty.byName('localhost')).toEqual([]);
  });

  it('handles CRLF lines (\\r is white space)', () => {
    expect(parseHosts('192.0.2.1 crlf.example\r\n').byName('crlf.example')).toHaveLength(1);
  });

  it('throws ArgumentError for non-text', () => {
    expect(() => parseHosts(42 as unknown as string)).toThrow(ArgumentError);
    expect(() => new HostsTable('x' as unknown as [])).toThrow(ArgumentError);
  });

  it('indexes a large file by name and by address', () => {
    const lines = Array.from({ length: 50000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} host${i}.example h${i}`);
    const big = parseHosts(lines.join('\n'));
    expect(big.byName('H49999').map((e) => e.address)).toEqual(['10.0.195.79']);
    expect(big.byName('host0.example').map((e) => e.address)).toEqual(['10.0.0.0']);
    expect(big.byAddress('10.0.195.79').map((e) => [e.name, ...e.aliases])).toEqual([['host49999.example', 'h49999']]);
  });
});
