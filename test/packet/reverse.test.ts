import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { addressFromReverseName, reverseName } from '../../src/packet/reverse.js';

describe('reverse-lookup names', () => {
  it('builds in-addr.arpa names', () => {
    expect(reverseName('192.0.2.1')).toBe('1.2.0.192.in-addr.arpa');
  });

  it('builds ip6.arpa nibble names (RFC 3596), ignoring a zone id', () => {
    expect(reverseName('2001:db8::1')).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    expect(reverseName('fe80::1%eth0')).toBe(reverseName('fe80::1'));
    expect(reverseName('::ffff:192.0.2.1')).toMatch(/^1\.0\.2\.0\.0\.0\.0\.c\.f\.f\.f\.f\.0/);
    // IPv4-compatible, not mapped (ipaddr.js alone confuses the two).
    expect(reverseName('::1.2.3.4')).toBe(`4.0.3.0.2.0.1.0.${'0.'.repeat(24)}ip6.arpa`);
  });

  it('refuses what is not an address, including loose IPv4 forms', () => {
    for (const bad of ['example.com', '192.0.2', '0x7f.1', '1.2.3.256', '', '::g']) {
      expect(() => reverseName(bad)).toThrow(ArgumentError);
    }
  });

  it('turns reverse names back into addresses', () => {
    expect(addressFromReverseName('1.2.0.192.IN-ADDR.ARPA.')).toBe('192.0.2.1');
    expect(addressFromReverseName(reverseName('2001:db8::1'))).toBe('2001:db8::1');
    expect(addressFromReverseName(reverseName('::ffff:192.0.2.1'))).toBe('::ffff:192.0.2.1');
    expect(addressFromReverseName('2.0.192.in-addr.arpa')).toBeUndefined();
    expect(addressFromReverseName('01.2.0.192.in-addr.arpa')).toBeUndefined();
    expect(addressFromReverseName('example.com')).toBeUndefined();
  });
});
