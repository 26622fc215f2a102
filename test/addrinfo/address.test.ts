import { describe, expect, it } from 'vitest';
import { addressBytes, commonPrefixLength, ipv4Text, ipv6Text, isV4Mapped } from '../../src/addrinfo/address.js';
import { parseNumericAddress } from '../../src/packet/address.js';

describe('addressBytes', () => {
  it('reads exactly what inet_pton reads, and gives back the same text through its bytes', () => {
    const valid = ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1::8', 'fe80::1', '::ffff:1.2.3.4', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1::1.2.3.4', '2001:DB8::A', '192.0.2.1', '0.0.0.0'];
    const invalid = ['1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '1:::2', '12345::', '1.2.3', '01.2.3.4', '256.1.1.1', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', 'g::', '', ':', '1:', ':1', '::ffff:1.2.3.04', '1.2.3.4:', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', 'example.test'];
    for (const c of [...valid, ...invalid]) {
      const b = addressBytes(c);
      const mine = b === undefined ? undefined : isV4Mapped(b) && !c.includes(':') ? ipv4Text(b) : ipv6Text(b);
      expect([c, mine]).toEqual([c, parseNumericAddress(c)?.address]);
    }
    for (const c of valid) expect(addressBytes(c), c).toBeDefined();
    for (const c of invalid) expect(addressBytes(c), c).toBeUndefined();
  });

  it('counts common prefix bits', () => {
    expect(commonPrefixLength(addressBytes('2001:db8::1')!, addressBytes('2001:db8::1')!)).toBe(128);
    expect(commonPrefixLength(addressBytes('2001:db8::')!, addressBytes('2001:db9::')!)).toBe(31);
    expect(commonPrefixLength(addressBytes('192.0.2.2')!, addressBytes('192.0.2.3')!)).toBe(127);
  });
});
