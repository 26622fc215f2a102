import { describe, expect, it } from 'vitest';
import { classfulMask, parseSortList } from '../../src/env/sortlist.js';

const pairs = (text: string): string[] => parseSortList(text).entries.map((e) => `${e.address}/${e.mask}`);

describe('parseSortList', () => {
  it('reads address/mask pairs, with & for /', () => {
    expect(pairs('130.155.160.0/255.255.240.0 10.1.2.3&255.255.0.0')).toEqual(['130.155.160.0/255.255.240.0', '10.1.2.3/255.255.0.0']);
  });

  it('gives an address without a usable mask its classful mask', () => {
    expect(pairs('10.0.0.0 130.155.0.0 192.168.1.0 224.0.0.1 192.0.2.0/garbage')).toEqual([
      '10.0.0.0/255.0.0.0',
      '130.155.0.0/255.255.0.0',
      '192.168.1.0/255.255.255.0',
      '224.0.0.1/255.255.255.0',
      '192.0.2.0/255.255.255.0',
    ]);
  });

  it('reads masks with inet_aton, so /24 is 0.0.0.24 (as glibc)', () => {
    expect(pairs('192.168.1.0/24 198.51.100.0/0xffffff00')).toEqual(['192.168.1.0/0.0.0.24', '198.51.100.0/255.255.255.0']);
  });

  it('stops at ;', () => {
    expect(pairs('1.1.1.1 ; 2.2.2.2')).toEqual(['1.1.1.1/255.0.0.0']);
    expect(pairs('1.1.1.1;2.2.2.2')).toEqual(['1.1.1.1/255.0.0.0']);
  });

  it('skips words on which glibc would loop forever', () => {
    const parsed = parseSortList('bad/255.0.0.0 192.0.2.0/255.255.255.0 1.2.3.4\r 5.6.7.8é 9.9.9.9');
    expect(parsed.entries.map((e) => e.address)).toEqual(['192.0.2.0', '1.2.3.4', '5.6.7.8', '9.9.9.9']);
    expect(parsed.invalid).toEqual(['bad/255.0.0.0', '1.2.3.4\r', '5.6.7.8é']);
  });

  it('reports words that are not addresses', () => {
    expect(parseSortList('nope 1.2.3.4').invalid).toEqual(['nope']);
  });

  it('computes classful masks', () => {
    expect(classfulMask('127.0.0.1')).toBe('255.0.0.0');
    expect(classfulMask('128.0.0.1')).toBe('255.255.0.0');
    expect(classfulMask('192.0.0.1')).toBe('255.255.255.0');
  });
});
