/**
 * The codec with all its checks against raw dns-packet, on a typical compressed response
 * (target: at most 1.3x dns-packet's time, both ways).
 */
import { readFileSync } from 'node:fs';
import dnsPacket from 'dns-packet';
import { bench, describe } from 'vitest';
import { decodeMessage, encodeMessage } from '../src/packet/codec.js';

const wire = Buffer.from(readFileSync(new URL('../fixtures/packets/response-compressed.hex', import.meta.url), 'utf8').trim(), 'hex');
const forDnsPacket = dnsPacket.decode(wire);
const forUs = decodeMessage(wire);

describe('decode a compressed response', () => {
  bench('dns-packet decode (no checks)', () => {
    dnsPacket.decode(wire);
  });
  bench('resolvkit decodeMessage (strict)', () => {
    decodeMessage(wire);
  });
});

describe('encode the same response', () => {
  bench('dns-packet encode', () => {
    dnsPacket.encode(forDnsPacket);
  });
  bench('resolvkit encodeMessage (strict)', () => {
    encodeMessage(forUs);
  });
});
