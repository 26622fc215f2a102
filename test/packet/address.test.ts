import { describe, expect, it } from 'vitest';
import { formatIPv6, parseInetAton, parseInetPton4, parseInetPton6, parseNumericAddress } from '../../src/packet/address.js';

const v6 = (text: string): string | undefined => {
  const parts = parseInetPton6(text);
  return parts === undefined ? undefined : formatIPv6(parts);
};

describe('parseInetAton (resolv.conf addresses)', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['127.1', '127.0.0.1'],
    ['1.2.65535', '1.2.255.255'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['010.0.0.1', '8.0.0.1'],
    ['4294967295', '255.255.255.255'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseInetAton(input)).toBe(expected);
  });

  it.each(['', '1.2.3.256', '08.0.0.1', '1.2.3.4.', '4294967296', 'x', '1.2.3.4 ', '::1'])('rejects %j', (input) => {
    expect(parseInetAton(input)).toBeUndefined();
  });
});

describe('parseInetPton4 (hosts addresses)', () => {
  it('takes only four decimal parts without leading zeros', () => {
    expect(parseInetPton4('192.0.2.1')).toBe('192.0.2.1');
    expect(parseInetPton4('127.1')).toBeUndefined();
    expect(parseInetPton4('010.0.0.1')).toBeUndefined();
    expect(parseInetPton4('0x7f.0.0.1')).toBeUndefined();
  });
});

describe('parseInetPton6 and formatIPv6', () => {
  it.each([
    ['::1', '::1'],
    ['::', '::'],
    ['2001:DB8:0:0:0:0:0:53', '2001:db8::53'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['::0.0.0.2', '::2'],
    ['fe80::1', 'fe80::1'],
  ])('reads %s and prints %s', (input, expected) => {
    expect(v6(input)).toBe(expected);
  });

  it.each(['', ':', ':::', '1::2::3', '1::2:', ':1::', '00001::', '::ffff:01.2.3.4', '::ffff:0x7f.0.0.1', '1:2:3:4:5:6:7:8::', 'fe80::1%lo', '1.2.3.4'])(
    'rejects %j as inet_pton does',
    (input) => {
      expect(parseInetPton6(input)).toBeUndefined();
    },
  );
});

describe('parseNumericAddress', () => {
  it('gives the family and canonical text', () => {
    expect(parseNumericAddress('192.0.2.1')).toEqual({ address: '192.0.2.1', family: 4 });
    expect(parseNumericAddress('2001:DB8::1')).toEqual({ address: '2001:db8::1', family: 6 });
    expect(parseNumericAddress('localhost')).toBeUndefined();
  });
});
