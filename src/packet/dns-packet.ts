/**
 * The one import of dns-packet, typed for the internals this package uses: its per-type RDATA
 * codecs (`record(type)`) and its name codec object, which those codecs call through
 * `name.encode` / `name.decode` at run time (see names.ts for why that matters).
 */
import dnsPacket from 'dns-packet';

/** A dns-packet RDATA codec: `encode` writes RDLENGTH and RDATA; `decode` reads them. */
export interface RdataCodec {
  encode(data: unknown, buf: Buffer, offset: number): Buffer;
  decode(buf: Buffer, offset: number): unknown;
  encodingLength(data: unknown): number;
}

/** dns-packet's name codec: functions that report how many bytes they used in `.bytes`. */
export interface NameCodec {
  encode: ((name: string, buf: Buffer, offset: number, opts?: unknown) => Buffer) & { bytes: number };
  decode: ((buf: Buffer, offset: number, opts?: unknown) => string) & { bytes: number };
  encodingLength: (name: string) => number;
}

interface DnsPacketInternals {
  record(type: string): RdataCodec & { encode: { bytes: number }; decode: { bytes: number } };
  name: NameCodec;
}

const internals = dnsPacket as unknown as DnsPacketInternals;

/** The codec dns-packet uses for a record type's RDATA (its generic raw codec for types it does not know). */
export const rdataCodec = (type: string): RdataCodec & { encode: { bytes: number }; decode: { bytes: number } } =>
  internals.record(type);

/** dns-packet's shared name codec object. */
export const dnsPacketNameCodec: NameCodec = internals.name;
