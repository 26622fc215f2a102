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
import type { AcceptCheck, CancelScope, ExpectedQuestion, Reply, Server, Transport } from './transport.js';
import { type OpcodeName } from '../packet/index.js';
import { serverLabel } from './transport.js';

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

/**
 * Runs res_send. Resolves with the first final reply; if every server failed but some replied
 * with a failover rcode, with the last such reply, for the caller to turn into an error.
 * Rejects with ECONNREFUSED when every server refused, ETIMEOUT when none replied, EBADRESP
 * when only malformed replies came, the acceptance check's error when only refused replies
 * came (a TsigError for a signed exchange), ECANCELLED when aborted.
 */
export async function resSend(
  build: MessageBuilder,
  expected: ExpectedQuestion | undefined,
  plan: SendPlan,
  transport: Transport,
  noEdns: Set<string>,
): Promise<Reply> {
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
      const request = (withEdns: boolean) => ({
        server,
        build: (id: number) => build(id, withEdns),
        id: plan.id,
        opcode: plan.opcode,
        expected,
        accept,
        timeoutMs: plan.timeoutMs,
        keepOpen: plan.keepOpen,
        localAddress: server.family === 6 ? plan.localAddress?.v6 : plan.localAddress?.v4,
        scope: plan.scope,
      });
      try {
        let reply = plan.useTcp ? await transport.tcp(request(edns)) : await transport.udp(request(edns));
        if (reply.message.rcode === 'FORMERR' && edns) {
          noEdns.add(serverLabel(server));
          edns = false;
          reply = plan.useTcp ? await transport.tcp(request(false)) : await transport.udp(request(false));
        }
        if (reply.transport === 'udp' && reply.message.flags.tc && !plan.ignoreTruncation) {
          reply = await transport.tcp(request(edns));
        }
        if (plan.failover.has(reply.message.rcode)) {
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
