/**
 * res_nsendsigned: an UPDATE sent to a zone's primary, signed with TSIG, and its reply
 * verified before it counts.
 *
 * - Each try is signed for the ID it goes out with (the transport chooses the ID, then the
 *   message is encoded and signed for it), and its MAC kept to verify the reply, whose MAC
 *   covers the request's (RFC 8945 4.3.1).
 * - A reply is accepted only when its TSIG verifies with the key. An unsigned reply, one
 *   signed with another key or a bad MAC, or an unsigned TSIG error (RFC 8945 5.3.2, which anyone
 *   can forge) never ends the wait: the exchange keeps listening for the real reply until the
 *   try's timeout, and only then reports what it got (a TsigError), and the server is not tried
 *   again. A forged reply can therefore delay a failure, never fake a success or cut a real
 *   reply off.
 * - A properly signed reply whose TSIG carries an error (a BADTIME the server signed) is the
 *   server's answer: a TsigError with the server's time and the clock skew.
 * - UDP by default, TCP when the message is over 512 octets or asked (RES_USEVC); each address
 *   in turn; a transport failure moves to the next address, and every rcode is the answer
 *   (nsupdate does not fail over on REFUSED or SERVFAIL: the primary has spoken).
 */
import { createConfig, nameServerFromText, RES_USEVC, type NameServer } from '../env/index.js';
import { ArgumentError, DnsError, rcodeOutcome, TsigError } from '../errors.js';
import { encodeMessage, type Message, type MessageInput, type RcodeName } from '../packet/index.js';
import { StubResolver, type Reply } from '../resolver/index.js';
import { Update } from './message.js';
import { signMessage, systemSeconds, verifyMessage, type VerifiedMessage } from './tsig.js';
import type { TsigKey } from './keys.js';

/** Options of sendUpdate. */
export interface SendUpdateOptions {
  /** Where to send: the zone's primary first (findZoneCut's `servers`), as NameServers or '127.0.0.1:5300' strings. */
  servers: readonly (NameServer | string)[];
  /** The TSIG key to sign with; unsigned without one. */
  key?: TsigKey | undefined;
  /** Over TCP (RES_USEVC); a message over 512 octets always goes over TCP. */
  tcp?: boolean | undefined;
  /** Milliseconds per try. Default 3000 (nsupdate's -u 3). */
  timeout?: number | undefined;
  /** Rounds through the servers. Default 4 (nsupdate's -r 3: three retries after the first try). */
  tries?: number | undefined;
  /** The resolver whose transport sends (and whose cancel() and close() reach the exchange). Default: one of its own, closed afterwards. */
  resolver?: StubResolver | undefined;
  /** Wall-clock seconds since the epoch for signing and verifying (tests pass a fake one). */
  now?: (() => number) | undefined;
  /** TSIG fudge in seconds, default 300. */
  fudge?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What a primary answered to an update. */
export interface UpdateResult {
  /** The zone updated (the zone section's name). */
  readonly zone: string;
  /** The reply's rcode: NOERROR, or why the update was refused (NXRRSET, YXDOMAIN, NOTAUTH, REFUSED, ...). */
  readonly rcode: RcodeName;
  /** The server that answered, as `address:port`. */
  readonly server: string;
  readonly transport: 'udp' | 'tcp';
  /** The reply, decoded. */
  readonly reply: Message;
  /** The reply's wire bytes. */
  readonly replyWire: Buffer;
  /** The update as it went out for the try that was answered (signed). */
  readonly request: Buffer;
  /** The reply's TSIG, verified: the key, the MAC, the server's time. Absent for an unsigned exchange. */
  readonly tsig: VerifiedMessage | undefined;
}

/** A message over this size goes over TCP (RFC 2136 leaves UDP's 512 in force for updates). */
const UDP_LIMIT = 512;

function toServer(s: NameServer | string): NameServer {
  return typeof s === 'string' ? nameServerFromText(s) : s;
}

function messageInput(message: Update | MessageInput | Uint8Array): (id: number) => Buffer {
  if (message instanceof Update) return (id) => message.encode(id);
  if (message instanceof Uint8Array) {
    const wire = Buffer.from(message);
    return (id) => {
      const copy = Buffer.from(wire);
      copy.writeUInt16BE(id, 0);
      return copy;
    };
  }
  return (id) => encodeMessage({ ...message, id });
}

/**
 * A failure of the exchange itself (no reply in time, every server refusing, only malformed
 * replies, cancelled, no file descriptor) as the update's: res_send names it a query's
 * (`query ETIMEOUT zone`); an update's failures all read `update CODE zone`, type SOA, as those
 * the server answers with an rcode. The exchange's error stays as the cause.
 */
function asUpdateError(error: unknown): unknown {
  if (!(error instanceof DnsError) || error.syscall !== 'query') return error;
  return new DnsError(error.code, { hostname: error.hostname, type: 'SOA', syscall: 'update', servers: error.servers, reason: error.reason, cause: error });
}

/**
 * res_nsendsigned: sends an update (an Update, a MessageInput or wire bytes) and resolves with
 * the primary's NOERROR answer. Rejects with a DnsError whose code is the reply's rcode (EYXDOMAIN,
 * EYXRRSET, ENXRRSET, ENOTAUTH, ENOTZONE, EREFUSED, ESERVFAIL, ...; the reply and result are
 * attached as `response` and `result`), a TsigError when no reply verified (UNSIGNED, BADSIG,
 * BADKEY, BADTIME with the skew, ...), or the transport's DnsError (ETIMEOUT, ECONNREFUSED).
 */
export async function sendUpdate(message: Update | MessageInput | Uint8Array, options: SendUpdateOptions): Promise<UpdateResult> {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.servers)) {
    throw new ArgumentError('sendUpdate needs options with the servers to send to');
  }
  const servers = options.servers.map(toServer);
  if (servers.length === 0) throw new ArgumentError('sendUpdate needs at least one server');
  const timeoutMs = options.timeout ?? 3000;
  const attempts = options.tries ?? 4;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new ArgumentError(`timeout must be a whole number of milliseconds, not ${timeoutMs}`);
  if (!Number.isInteger(attempts) || attempts < 1) throw new ArgumentError(`tries must be a whole number from 1, not ${attempts}`);
  const { key } = options;
  const encode = messageInput(message);
  const unsigned = encode(0);
  const signOptions = { now: options.now, fudge: options.fudge };

  // The MAC of each try's request, by the ID it went out with, and each verified reply.
  const requestMacs = new Map<number, Buffer>();
  const verified = new WeakMap<Buffer, VerifiedMessage>();
  const build = (id: number): Buffer => {
    const wire = encode(id);
    if (key === undefined) return wire;
    const signed = signMessage(wire, key, signOptions);
    requestMacs.set(id, signed.mac);
    return signed.wire;
  };
  const accept =
    key === undefined
      ? undefined
      : (reply: Reply): Error | undefined => {
          try {
            verified.set(reply.wire, verifyMessage(reply.wire, key, { now: options.now, requestMac: requestMacs.get(reply.message.id) }));
            return undefined;
          } catch (error) {
            return error instanceof Error ? error : new TsigError('FORMERR', String(error));
          }
        };

  const size = key === undefined ? unsigned.length : build(0).length;
  requestMacs.clear();
  const resolver = options.resolver ?? new StubResolver({ config: createConfig(), cache: 'off' });
  try {
    const sent = await resolver.send(unsigned, {
      servers,
      failover: new Set(),
      accept,
      build,
      timeoutMs,
      attempts,
      flags: options.tcp === true || size > UDP_LIMIT ? RES_USEVC : 0,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const tsig = verified.get(sent.wire);
    const zone = sent.message.questions[0]?.name ?? '';
    const result: UpdateResult = {
      zone,
      rcode: sent.message.rcode,
      server: sent.server,
      transport: sent.transport,
      reply: sent.message,
      replyWire: sent.wire,
      request: sent.query,
      tsig,
    };
    if (tsig !== undefined && tsig.error !== 'NOERROR') {
      // Signed by the server, so its word: BADTIME with its clock, BADSIG, BADKEY, BADTRUNC.
      const code = rcodeOutcome('tsig', tsig.error) ?? 'FORMERR';
      const now = (options.now ?? systemSeconds)();
      throw new TsigError(code, `the server reports ${tsig.error}`, {
        keyName: tsig.key.name,
        reported: true,
        ...(code === 'BADTIME' ? { serverTime: serverTime(tsig), skew: serverTime(tsig) - now } : {}),
      });
    }
    const failure = rcodeOutcome('message', result.rcode, 1);
    if (failure !== undefined) {
      throw Object.assign(new DnsError(failure, { hostname: zone, type: 'SOA', syscall: 'update', servers: [sent.server], response: sent.message }), { result });
    }
    return result;
  } catch (error) {
    throw asUpdateError(error);
  } finally {
    if (options.resolver === undefined) resolver.close();
  }
}

/** The server's clock from a signed BADTIME reply: its Other Data (RFC 8945 5.2.3), else its Time Signed. */
function serverTime(tsig: VerifiedMessage): number {
  return tsig.other.length === 6 ? tsig.other.readUIntBE(0, 6) : tsig.time;
}
