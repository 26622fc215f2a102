import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6, AF_UNSPEC, AI_V4MAPPED } from '../../src/addrinfo/constants.js';
import { numericTuple, parseNumericNode, type InterfaceIndex } from '../../src/addrinfo/numeric.js';
import { AddrInfoError } from '../../src/errors.js';

const ifaces: InterfaceIndex = (name) => (name === 'eth0' ? { exists: true, index: 2 } : name === 'lo' ? { exists: true, index: undefined } : { exists: false, index: undefined });
const codeOf = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (e) {
    return (e as AddrInfoError).code;
  }
};

describe('parseNumericNode', () => {
  it('reads IPv4 with inet_aton unless strict', () => {
    expect(parseNumericNode('127.1', false)).toEqual({ family: 4, address: '127.0.0.1', zone: undefined });
    expect(parseNumericNode('0x7f000001', false)?.address).toBe('127.0.0.1');
    expect(parseNumericNode('010.0.0.1', false)?.address).toBe('8.0.0.1');
    expect(parseNumericNode('127.1', true)).toBeUndefined();
    expect(parseNumericNode('010.0.0.1', true)).toBeUndefined();
    expect(parseNumericNode('10.0.0.1', true)?.address).toBe('10.0.0.1');
  });

  it('reads IPv6 with inet_pton, keeping a zone aside', () => {
    expect(parseNumericNode('2001:DB8::0:1', true)).toEqual({ family: 6, address: '2001:db8::1', zone: undefined });
    expect(parseNumericNode('fe80::1%eth0', true)).toEqual({ family: 6, address: 'fe80::1', zone: 'eth0' });
    expect(parseNumericNode('::ffff:1.2.3.4', true)?.address).toBe('::ffff:1.2.3.4');
    for (const s of ['1:2:3:4:5:6:7:8:9', '12345::', 'example.test', '::ffff:1.2.3', '%eth0', '']) expect(parseNumericNode(s, false)).toBeUndefined();
  });
});

describe('numericTuple', () => {
  const n = (text: string) => parseNumericNode(text, false)!;

  it('keeps the family for AF_UNSPEC and a matching family', () => {
    expect(numericTuple(n('192.0.2.1'), AF_UNSPEC, 0, ifaces)).toEqual({ family: 4, address: '192.0.2.1' });
    expect(numericTuple(n('2001:db8::1'), AF_INET6, 0, ifaces)).toEqual({ family: 6, address: '2001:db8::1' });
  });

  it('maps IPv4 for AF_INET6 only with AI_V4MAPPED', () => {
    expect(numericTuple(n('192.0.2.1'), AF_INET6, AI_V4MAPPED, ifaces)).toEqual({ family: 6, address: '::ffff:192.0.2.1' });
    expect(codeOf(() => numericTuple(n('192.0.2.1'), AF_INET6, 0, ifaces))).toBe('EAI_ADDRFAMILY');
  });

  it('unmaps an IPv4-mapped address for AF_INET; other IPv6 is EAI_ADDRFAMILY', () => {
    expect(numericTuple(n('::ffff:192.0.2.1'), AF_INET, 0, ifaces)).toEqual({ family: 4, address: '192.0.2.1' });
    expect(codeOf(() => numericTuple(n('2001:db8::1'), AF_INET, 0, ifaces))).toBe('EAI_ADDRFAMILY');
    expect(codeOf(() => numericTuple(n('::ffff:192.0.2.1%eth0'), AF_INET, 0, ifaces))).toBe('EAI_NONAME');
  });

  it('checks the family before the zone, as glibc', () => {
    expect(codeOf(() => numericTuple(n('fe80::1%nosuch'), AF_INET, 0, ifaces))).toBe('EAI_ADDRFAMILY');
  });

  it('takes interface names only for link-local and link/node-local multicast addresses', () => {
    expect(numericTuple(n('fe80::1%eth0'), AF_UNSPEC, 0, ifaces)).toEqual({ family: 6, address: 'fe80::1', zone: 'eth0', scopeid: 2 });
    expect(numericTuple(n('ff02::1%eth0'), AF_UNSPEC, 0, ifaces)).toMatchObject({ scopeid: 2 });
    expect(numericTuple(n('fe80::1%lo'), AF_UNSPEC, 0, ifaces)).toEqual({ family: 6, address: 'fe80::1', zone: 'lo' });
    expect(codeOf(() => numericTuple(n('2001:db8::1%eth0'), AF_UNSPEC, 0, ifaces))).toBe('EAI_NONAME');
    expect(codeOf(() => numericTuple(n('ff05::1%eth0'), AF_UNSPEC, 0, ifaces))).toBe('EAI_NONAME');
  });

  it('takes a decimal zone up to UINT32_MAX for any address', () => {
    expect(numericTuple(n('2001:db8::1%0'), AF_UNSPEC, 0, ifaces)).toMatchObject({ zone: '0', scopeid: 0 });
    expect(numericTuple(n('2001:db8::1%4294967295'), AF_UNSPEC, 0, ifaces)).toMatchObject({ scopeid: 4294967295 });
    for (const z of ['4294967296', '1x', '-1', ' 1', '']) expect(codeOf(() => numericTuple(n(`fe80::1%${z}`), AF_UNSPEC, 0, ifaces))).toBe('EAI_NONAME');
  });
});
