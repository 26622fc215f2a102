/**
 * res_send: one message, sent to the name servers until one gives a usable reply.
 *
 * - Servers are tried in order (or from a rotating start with RES_ROTATE), the whole list up to
 *   `attempts` times, each try waiting `timeoutMs`.
 * - The rcodes in `failover` move on to the next server (for a query SERVFAIL, REFUSED and
 *   NOTIMP, as glibc; for an update none: every rcode is the primary's answer); any other
 *   reply is final. A server that refuses the connection is left for the rest of the call at
 *   once, not after a timeout.
 * - A truncated UDP reply is asked again over TCP of the same server, unless RES_IGNTC; with
 *   `useTcp` every try is over TCP.
 * - A FORMERR to a message with EDNS is asked again of the same server without EDNS (RFC 6891
 *   section 7), and that server is remembered as one that does not speak EDNS.
 * - Each try's message is built by the caller for the ID the transport chose for it (a fresh
 *   one per try, or the caller's own `id` where it is free), and accepted only after the
 *   caller's acceptance check.
 */
import { DnsError } from '../errors.js';
import type { AcceptCheck, CancelScope, ExchangeRequest, ExpectedQuestion, Reply, Server, Transport } from './transport.js';
import { type OpcodeName } from '../packet/index.js';
import { exchangeError, serverLabel } from './transport.js';

/** How one call sends: the servers, timing, and the transport choices. */
export interface SendPlan {
  servers: readonly Server[];
  /** Index of the first server to try (rotation). */
  start: number;
  /** Milliseconds per try. */
  timeoutMs: number;
  /** Rounds through the server list. */
  attempts: number;
  useTcp: boolean;
  ignoreTruncation: boolean;
  /** Whether the first try of each server carries EDNS. */
  edns: boolean;
  /** The rcodes after which the next server is tried. */
  failover: ReadonlySet<string>;
  /** Keep TCP connections open between calls (RES_STAYOPEN). */
  keepOpen: boolean;
  /** The ID to send with where the transport has it free (res_send of a caller's message). */
  id?: number | undefined;
  /** The opcode replies must repeat; default QUERY. */
  opcode?: OpcodeName | undefined;
  accept?: AcceptCheck | undefined;
  /** The addresses to send from, by family (node's setLocalAddress); default any. */
  localAddress?: { readonly v4?: string | undefined; readonly v6?: string | undefined } | undefined;
  scope?: CancelScope | undefined;
}

/** Builds the message for one try: for the ID the transport chose, with or without EDNS. */
export type MessageBuilder = (id: number, edns: boolean) => Buffer;

/** A local fault rather than an answer: not a reason to blame the server or to try another. */
function isFinalError(err: unknown): boolean {
  return !(err instanceof DnsError) || err.code === 'ECANCELLED';
}

/** The outcome of a try already made, for sendLoop to carry on from. */
type FirstTry = { readonly reply: Reply } | { readonly error: unknown };

/**
 * Room a caller holds for a query's first try (a resolver's FirstTryWindow, first-tries.ts):
 * the try's own timeout, and what to tell when it ends.
 */
export interface FirstTryRoom {
  /**
   * Milliseconds left for the first try: less than the plan's when the query waited for room,
   * its timeout counted from when it was asked. Under 1 the first try is not made: it counts as
   * timed out, and res_send goes on with the next try.
   */
  readonly timeoutMs: number;
  /** Called once when a first try that was made ends, however it ends. */
  ended(): void;
}

/** The request for one try of `server` (`timeoutMs`, when given, instead of the plan's). */
function requestFor(server: Server, withEdns: boolean, build: MessageBuilder, expected: ExpectedQuestion | undefined, plan: SendPlan, accept: AcceptCheck | undefined, timeoutMs = plan.timeoutMs): ExchangeRequest {
  return {
    server,
    build: (id: number) => build(id, withEdns),
    id: plan.id,
    opcode: plan.opcode,
    expected,
    accept,
    timeoutMs,
    keepOpen: plan.keepOpen,
    localAddress: server.family === 6 ? plan.localAddress?.v6 : plan.localAddress?.v4,
    scope: plan.scope,
  };
}

/** A FORMERR to a message with EDNS: asked again without it. */
const refusesEdns = (reply: Reply, edns: boolean): boolean => edns && reply.message.rcode === 'FORMERR';

/** A truncated UDP reply: asked again over TCP, unless RES_IGNTC. */
const wantsTcp = (reply: Reply, plan: SendPlan): boolean => reply.transport === 'udp' && reply.message.flags.tc && !plan.ignoreTruncation;

/** An rcode after which the next server is tried. */
const failsOver = (reply: Reply, plan: SendPlan): boolean => plan.failover.has(reply.message.rcode);

/**
 * Runs res_send. Resolves with the first final reply; if every server failed but some replied
 * with a failover rcode, with the last such reply, for the caller to turn into an error.
 * Rejects with ECONNREFUSED when every server refused, ETIMEOUT when none replied, EBADRESP
 * when only malformed replies came, the acceptance check's error when only refused replies
 * came (a TsigError for a signed exchange), ECANCELLED when aborted.
 *
 * Most queries are answered by the first server on the first try. That try is made here, in
 * a plain promise chain; anything else it gives goes on in sendLoop, which takes its outcome
 * as the loop's first. An async function's frame (its generator, registers and context, about
 * 950 bytes) would be held for as long as the query waits; at 1,000 in flight that cost about
 * 2 µs of CPU a query (bench/RESULTS.md, fourth pass).
 *
 * The outcome goes to `onReply` or `onError` in the same step, so that the caller's own
 * handling of it (query()'s) takes no promise, reaction and closures of its own on top of
 * res_send's. `room`, when given, is the room the caller holds for the first try
 * (FirstTryRoom; only for a plan whose first try is made here: no acceptance check, attempts
 * and servers).
 */
export function resSend<T>(
  build: MessageBuilder,
  expected: ExpectedQuestion | undefined,
  plan: SendPlan,
  transport: Transport,
  noEdns: Set<string>,
  onReply: (reply: Reply) => T,
  onError: (err: unknown) => T,
  room?: FirstTryRoom,
): Promise<T> {
  // A signed exchange's refusals are counted by sendLoop's acceptance check: all of it there.
  if (plan.accept !== undefined || plan.attempts < 1 || plan.servers.length === 0) return sendLoop(build, expected, plan, transport, noEdns, undefined).then(onReply, onError);
  const server = plan.servers[plan.start % plan.servers.length]!;
  const edns = plan.edns && !noEdns.has(serverLabel(server));
  const request = requestFor(server, edns, build, expected, plan, undefined, room?.timeoutMs);
  // The query waited for room past its first try's timeout: that try is over before it began.
  if (room !== undefined && room.timeoutMs < 1) return sendLoop(build, expected, plan, transport, noEdns, { error: exchangeError('ETIMEOUT', request) }).then(onReply, onError);
  let sent: Promise<Reply>;
  try {
    sent = plan.useTcp ? transport.tcp(request) : transport.udp(request);
  } catch (err) {
    // A transport that throws rather than rejecting: a rejection all the same (and the room is given back).
    sent = Promise.reject(err);
  }
  return sent.then(
    (reply) => {
      room?.ended();
      if (refusesEdns(reply, edns) || wantsTcp(reply, plan) || failsOver(reply, plan)) return sendLoop(build, expected, plan, transport, noEdns, { reply }).then(onReply, onError);
      return onReply(reply);
    },
    (error: unknown) => {
      room?.ended();
      return sendLoop(build, expected, plan, transport, noEdns, { error }).then(onReply, onError);
    },
  );
}

/** res_send's loop over attempts and servers; `first`, when given, is the outcome of the first try, already made. */
async function sendLoop(build: MessageBuilder, expected: ExpectedQuestion | undefined, plan: SendPlan, transport: Transport, noEdns: Set<string>, first: FirstTry | undefined): Promise<Reply> {
  const n = plan.servers.length;
  // Allocated only when needed: most queries are answered by the first server on the first try.
  let refused: Set<number> | undefined;
  let lastReply: Reply | undefined;
  let lastError: DnsError | undefined;
  let refusal: Error | undefined;
  let sawBadReply = false;
  let sawOnlyLocalFaults = true;
  const hostname = expected?.name;
  // The acceptance check's refusals are noted as they happen, so that a transport's rejection
  // with one (nothing acceptable came) is told from a local fault.
  const accept: AcceptCheck | undefined =
    plan.accept === undefined
      ? undefined
      : (reply) => {
          const why = plan.accept!(reply);
          if (why !== undefined) refusal = why;
          return why;
        };

  for (let attempt = 0; attempt < plan.attempts; attempt++) {
    for (let k = 0; k < n; k++) {
      const index = (plan.start + k) % n;
      if (refused?.has(index)) continue;
      const server = plan.servers[index]!;
      let edns = plan.edns && !noEdns.has(serverLabel(server));
      const request = (withEdns: boolean) => requestFor(server, withEdns, build, expected, plan, accept);
      try {
        let reply: Reply;
        if (first !== undefined) {
          // resSend made this try (the first server's, with `edns` as worked out here too).
          const made = first;
          first = undefined;
          if ('error' in made) throw made.error;
          reply = made.reply;
        } else {
          reply = plan.useTcp ? await transport.tcp(request(edns)) : await transport.udp(request(edns));
        }
        if (refusesEdns(reply, edns)) {
          noEdns.add(serverLabel(server));
          edns = false;
          reply = plan.useTcp ? await transport.tcp(request(false)) : await transport.udp(request(false));
        }
        if (wantsTcp(reply, plan)) {
          reply = await transport.tcp(request(edns));
        }
        if (failsOver(reply, plan)) {
          lastReply = reply;
          continue;
        }
        return reply;
      } catch (err) {
        // Only refused replies came from this server (a forged or unsigned reply to a signed
        // update): try the next, not this one again; the refusal is the outcome if nothing better comes.
        if (err !== undefined && err === refusal) {
          (refused ??= new Set()).add(index);
          continue;
        }
        if (isFinalError(err)) throw err;
        const dnsError = err as DnsError;
        if (dnsError.code === 'ECONNREFUSED') (refused ??= new Set()).add(index);
        if (dnsError.code === 'EBADRESP') sawBadReply = true;
        if (dnsError.code !== 'EMFILE') sawOnlyLocalFaults = false;
        lastError = dnsError;
      }
    }
    if (refused?.size === n) break;
  }
  if (lastReply !== undefined) return lastReply;
  if (refusal !== undefined) throw refusal;
  // Every server was tried by now (a refusing one once), unless there were no tries at all.
  const servers = plan.attempts > 0 ? plan.servers.map(serverLabel) : [];
  if (lastError === undefined) {
    // attempts 0, or no servers: nothing was sent, as glibc with `options attempts:0`.
    throw new DnsError('ETIMEOUT', { hostname, syscall: 'query', servers });
  }
  // Out of file descriptors on every try: say so, rather than blame the servers with a timeout.
  if (sawOnlyLocalFaults && refused === undefined) throw lastError;
  const code = refused?.size === n ? 'ECONNREFUSED' : sawBadReply ? 'EBADRESP' : 'ETIMEOUT';
  throw new DnsError(code, { hostname, syscall: 'query', servers, cause: lastError });
}
