/**
 * One request of dnsupdate's to one server (an SOA query or an UPDATE), sent with the update
 * layer's sendUpdate, and what came back sorted the way nsupdate sorts it
 * (lib/dns/request.c dns_request_getresponse, lib/dns/tsig.c dns_tsig_verify,
 * bin/nsupdate/nsupdate.c update_completed and recvsoa).
 *
 * nsupdate takes the first reply with the right ID and then judges its TSIG: a reply that does
 * not verify is still printed by `answer`, and its rcode still reported. sendUpdate is safer:
 * a reply that does not verify never ends the wait (a forged one could otherwise fake the
 * outcome), and it reports only the error. To print what nsupdate prints, the resolver the
 * exchange goes through (WatchedResolver) notes each reply with sendUpdate's verdict on it, and
 * each message built for a try (what `-d` shows as sent).
 */
import { DnsError, TsigError } from '../errors.js';
import { Resolver, type SendCallOptions, type SendResult } from '../node/index.js';
import type { NameServer } from '../env/index.js';
import { addressBytes, isV4Mapped } from '../addrinfo/index.js';
import { encodeMessage, randomId, type Message, type MessageInput } from '../packet/index.js';
import { serverLabel, type Reply } from '../resolver/index.js';
import { sendUpdate, signMessage, type TsigKey, type UpdateResult } from '../update/index.js';
import { isNoSpace, NO_SPACE } from './nsupdate-syntax.js';

/** What one send call saw: every reply judged (with the verdict when refused), and a hook for each message built. */
interface Watch {
  onBuild: ((wire: Buffer) => void) | undefined;
  replies: { reply: Reply; refusal: Error | undefined }[];
}

/**
 * A Resolver that shows dnsupdate the exchanges of its `send` calls: it wraps the per-try
 * builder and the acceptance check a caller passes (sendUpdate passes both) and records what
 * they did. Everything else is the Resolver's own.
 */
export class WatchedResolver extends Resolver {
  private current: Watch | undefined;

  /** Starts noting the next send calls' exchanges (until the next watch()). */
  watch(onBuild?: (wire: Buffer) => void): Watch {
    this.current = { onBuild, replies: [] };
    return this.current;
  }

  override send(wire: Uint8Array, options: SendCallOptions = {}): Promise<SendResult> {
    const w = this.current;
    if (w === undefined) return super.send(wire, options);
    const { build, accept } = options;
    return super.send(wire, {
      ...options,
      ...(build === undefined
        ? {}
        : {
            build: (id: number) => {
              const built = build(id);
              w.onBuild?.(built);
              return built;
            },
          }),
      ...(accept === undefined
        ? {}
        : {
            accept: (reply: Reply) => {
              const refusal = accept(reply);
              w.replies.push({ reply, refusal });
              return refusal;
            },
          }),
    });
  }
}

/**
 * The TSIG outcome of a reply, in nsupdate's words (isc_result_totext of what
 * dns_tsig_verify returned): `ok` (verified, or nothing to verify), an `error` nsupdate
 * reports as `; TSIG error with server: TEXT` and then goes on, or one it treats as `fatal`.
 */
export type TsigVerdict =
  | { kind: 'ok'; verified: boolean }
  | { kind: 'error'; text: string; code: string; reported: boolean }
  | { kind: 'fatal'; text: string };

/** What came of one request. */
export type ExchangeOutcome =
  | {
      kind: 'reply';
      reply: Message;
      server: string;
      transport: 'udp' | 'tcp';
      tsig: TsigVerdict;
    }
  | {
      kind: 'failed';
      /** isc_result_totext's words for the failure: `timed out`, `connection refused`, ... */
      text: string;
      code: string;
    }
  | {
      /** dns_request_create failed: nothing was sent, and nsupdate stops (`dns_request_create: TEXT`). */
      kind: 'unsendable';
      /** isc_result_totext's words: `ran out of space` for a message over 65535 octets. */
      text: string;
    };

/** How to send one request. */
export interface ExchangeOptions {
  server: NameServer;
  key: TsigKey | undefined;
  /** TCP asked for (-v); a message over 512 octets goes over TCP anyway. */
  tcp: boolean;
  /** Milliseconds per UDP try, and tries. */
  udpTimeoutMs: number;
  udpTries: number;
  /** Milliseconds for the TCP exchange. */
  tcpTimeoutMs: number;
  /** Wall-clock seconds for TSIG. */
  now: (() => number) | undefined;
  /** Called with the first message built (the try that goes out first). */
  onFirstBuild?: ((wire: Buffer) => void) | undefined;
}

/**
 * The message as dns_request_create renders it before anything is sent: encoded with an ID of
 * its own and signed. Its size decides UDP or TCP; -d shows it when the send stops right there.
 */
function render(message: MessageInput, key: TsigKey | undefined, now: (() => number) | undefined): Buffer {
  const wire = encodeMessage({ ...message, id: randomId() });
  return key === undefined ? wire : signMessage(wire, key, { now }).wire;
}

/**
 * isc_result_totext of a message that could not be rendered. BIND renders into 65535 octets,
 * so one that does not fit (the codec and the signer both refuse it, with `tooLong` set) is
 * ISC_R_NOSPACE; anything else the codec refuses is given in its own words.
 */
function renderFailure(err: unknown): string {
  if (isNoSpace(err)) return NO_SPACE;
  return err instanceof Error ? err.message : String(err);
}

/** An IPv4-mapped IPv6 server address (`::ffff:192.0.2.1`), as nsupdate's -6 makes of an IPv4 `server`. */
function isV4MappedServer(server: NameServer): boolean {
  const bytes = server.family === 6 ? addressBytes(server.address) : undefined;
  return bytes !== undefined && isV4Mapped(bytes);
}

/** dns_tsig_verify's result for a reply the update layer refused, as nsupdate names it. */
function refusalVerdict(error: Error): TsigVerdict {
  if (!(error instanceof TsigError)) return { kind: 'fatal', text: `dns_request_getresponse: ${error.message}` };
  switch (error.code) {
    case 'UNSIGNED':
      return { kind: 'error', text: 'expected a TSIG or SIG(0)', code: error.code, reported: false };
    case 'BADTIME':
      return { kind: 'error', text: 'clocks are unsynchronized', code: error.code, reported: error.reported };
    case 'BADSIG':
    case 'BADKEY':
      // An unsigned BADSIG / BADKEY from the server for our key: DNS_R_TSIGERRORSET. Ours
      // failing to verify it (or another key's name): DNS_R_TSIGVERIFYFAILURE.
      return error.reported
        ? { kind: 'error', text: 'tsig indicates error', code: error.code, reported: true }
        : { kind: 'error', text: 'tsig verify failure', code: error.code, reported: false };
    case 'BADTRUNC':
      return { kind: 'error', text: 'tsig verify failure', code: error.code, reported: false };
    default:
      // A malformed TSIG: BIND's parser or dns_tsig_verify answers FORMERR, and nsupdate stops.
      return { kind: 'fatal', text: 'dns_request_getresponse: FORMERR' };
  }
}

/** isc_result_totext's words for the socket errors a transport failure can come from. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EADDRNOTAVAIL: 'address not available',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * isc_result_totext's words for a transport failure. The socket's errno is found down the
 * error's causes (the update's error, res_send's, the try's, the socket's). A TCP connection
 * refused is `operation canceled` in nsupdate 9.18, whose TCP dispatch ends a request whose
 * connect failed that way; over UDP it is `connection refused`.
 */
function failureText(error: DnsError, tcp: boolean): string {
  if (error.code === 'ETIMEOUT') return 'timed out';
  if (error.code === 'EBADRESP') return 'malformed reply';
  for (let e: unknown = error.cause; e instanceof Error; e = e.cause) {
    const errno = (e as { code?: unknown }).code;
    if (typeof errno === 'string' && ERRNO_WORDS[errno] !== undefined) return ERRNO_WORDS[errno];
  }
  if (error.code === 'ECONNREFUSED') return tcp ? 'operation canceled' : 'connection refused';
  return error.reason ?? error.code;
}

const fromResult = (r: UpdateResult, tsig: TsigVerdict): ExchangeOutcome => ({
  kind: 'reply',
  reply: r.reply,
  server: r.server,
  transport: r.transport,
  tsig,
});

const fromReply = (r: Reply, tsig: TsigVerdict): ExchangeOutcome => ({
  kind: 'reply',
  reply: r.message,
  server: serverLabel(r.server),
  transport: r.transport,
  tsig,
});

/**
 * Sends `message` to one server as nsupdate's dns_request_create would (UDP tries, or one TCP
 * exchange), signed with `key` when given, and sorts the outcome (see the file comment).
 */
export async function exchange(resolver: WatchedResolver, message: MessageInput, o: ExchangeOptions): Promise<ExchangeOutcome> {
  let rendered: Buffer;
  try {
    rendered = render(message, o.key, o.now);
  } catch (err) {
    return { kind: 'unsendable', text: renderFailure(err) };
  }
  if (isV4MappedServer(o.server)) {
    // BIND's IPv6 sockets are IPv6-only (IPV6_V6ONLY): the request to a v4-mapped address is
    // rendered, then canceled. Node's socket is dual-stack and would reach the IPv4 server.
    o.onFirstBuild?.(rendered);
    return { kind: 'failed', text: 'operation canceled', code: 'ECANCELED' };
  }
  // request.c sends a message over 512 octets (once rendered and signed) over TCP.
  const tcp = o.tcp || rendered.length > 512;
  let first = true;
  const watch = resolver.watch((wire) => {
    if (!first) return;
    first = false;
    o.onFirstBuild?.(wire);
  });
  const verified = o.key !== undefined;
  try {
    const result = await sendUpdate(message, {
      servers: [o.server],
      key: o.key,
      tcp,
      timeout: tcp ? o.tcpTimeoutMs : o.udpTimeoutMs,
      tries: tcp ? 1 : o.udpTries,
      resolver,
      now: o.now,
    });
    return fromResult(result, { kind: 'ok', verified });
  } catch (err) {
    if (err instanceof DnsError && (err as { result?: UpdateResult }).result !== undefined) {
      // An rcode other than NOERROR: the reply itself, verified where it was signed.
      return fromResult((err as unknown as { result: UpdateResult }).result, { kind: 'ok', verified });
    }
    if (err instanceof TsigError) {
      const accepted = watch.replies.findLast((r) => r.refusal === undefined);
      if (accepted !== undefined && err.reported) {
        // Signed by the server, with an error in its TSIG: DNS_R_CLOCKSKEW for BADTIME, else DNS_R_TSIGERRORSET.
        const text = err.code === 'BADTIME' ? 'clocks are unsynchronized' : 'tsig indicates error';
        return fromReply(accepted.reply, { kind: 'error', text, code: err.code, reported: true });
      }
      const refused = watch.replies.findLast((r) => r.refusal !== undefined);
      if (refused !== undefined) return fromReply(refused.reply, refusalVerdict(refused.refusal!));
      return { kind: 'failed', text: err.message, code: err.code };
    }
    if (err instanceof DnsError) return { kind: 'failed', text: failureText(err, tcp), code: err.code };
    throw err;
  }
}

