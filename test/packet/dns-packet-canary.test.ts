/**
 * Canary for the one dependency that parses the wire: dns-packet is pinned to an exact version,
 * and its RDATA codecs must keep calling their names through the shared name codec that
 * src/packet points at its own strict one (names.ts withStrictNames). If an upgrade stops
 * routing names inside RDATA through ours, these fail: dns-packet alone accepts a 64-octet
 * label inside MX RDATA.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { decodeMessage, encodeMessage } from '../../src/packet/codec.js';

const long = 'x'.repeat(64);

describe('dns-packet, pinned and routed through our name codec', () => {
  it('is pinned to an exact version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['dns-packet']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses to encode a 64-octet label inside MX RDATA', () => {
    const message = { id: 1, questions: [], answers: [{ name: 'mx.test', type: 'MX', class: 'IN', ttl: 60, data: { preference: 10, exchange: `${long}.test` } }] };
    expect(() => encodeMessage(message)).toThrow(PacketError);
  });

  it('refuses to decode a 64-octet label inside MX RDATA', () => {
    const good = encodeMessage({ id: 1, questions: [], answers: [{ name: 'mx.test', type: 'MX', class: 'IN', ttl: 60, data: { preference: 10, exchange: `${'x'.repeat(63)}.test` } }] });
    // Grow the exchange's first label to 64 octets (length octet 0x3f -> 0x40, one more 'x', RDLENGTH + 1).
    const at = good.indexOf(0x3f, 12 + 9);
    const wire = Buffer.concat([good.subarray(0, at), Buffer.from([0x40, 0x78]), good.subarray(at + 1)]);
    wire.writeUInt16BE(good.readUInt16BE(at - 4) + 1, at - 4);
    expect(() => decodeMessage(wire)).toThrow(PacketError);
  });
});
