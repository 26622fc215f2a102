/**
 * res_send: one question, sent to the name servers until one gives a usable reply.
 *
 * - Servers are tried in order (or from a rotating start with RES_ROTATE), the whole list up to
 *   `attempts` times, each try waiting `timeout`.
 * - SERVFAIL, REFUSED and NOTIMP move on to the next server; any other reply (NOERROR,
 *   NXDOMAIN, and the UPDATE rcodes) is final. A server that refuses the connection is left for
 *   the rest of this query at once, not after a timeout.
 * - A truncated UDP reply is asked again over TCP of the same server, unless RES_IGNTC; with
 *   RES_USEVC every try is over TCP.
 * - A FORMERR to a query with EDNS is asked again of the same server without EDNS (RFC 6891
 *   section 7), and that server is remembered as one that does not speak EDNS.
 * - Every try sends a fresh message ID.
 */
import { DnsError, QUERY_FAILOVER_RCODES } from '../errors.js';
import type { CancelScope, ExchangeOptions, ExpectedQuestion, Reply, Server } from './transport.js';
import { serverLabel } from './transport.js';

/** How the exchange sends: the servers, timing, and the transport choices. */
export interface SendPlan {
  servers: readonly Server[];
  /** Index of the first server to try (rotation). */
  start: number;
  /** Milliseconds per try. */
  timeout: number;
  /** Rounds through the server list. */
  attempts: number;
  useTcp: boolean;
  ignoreTruncation: boolean;
  /** Whether the first try of each server carries EDNS. */
  edns: boolean;
  scope?: CancelScope | undefined;
}

/** Sends over one transport; the resolver gives UDP and TCP (pooled or not). */
export interface Transports {
  udp(server: Server, query: Buffer, expected: ExpectedQuestion | undefined, options: ExchangeOptions): Promise<Reply>;
  tcp(server: Server, query: Buffer, expected: ExpectedQuestion | undefined, options: ExchangeOptions): Promise<Reply>;
}

/** Builds the query for one try: a fresh ID, with or without EDNS. */
export type QueryBuilder = (edns: boolean) => Buffer;


/**
 * Runs res_send. Resolves with the first final reply; if every server failed but some replied
 * (SERVFAIL, REFUSED, NOTIMP), with the last such reply, for the caller to turn into an error.
 * Rejects with ECONNREFUSED when every server refused, ETIMEOUT when none replied, EBADRESP
 * when only malformed replies came, ECANCELLED when aborted.
 */
export async function resSend(
  build: QueryBuilder,
  expected: ExpectedQuestion | undefined,
  plan: SendPlan,
  transports: Transports,
  noEdns: Set<string>,
): Promise<Reply> {
  const n = plan.servers.length;
  // Allocated only when needed: most queries are answered by the first server on the first try.
  let refused: Set<number> | undefined;
  let lastReply: Reply | undefined;
  let lastError: DnsError | undefined;
  let sawBadReply = false;
  const hostname = expected?.name;
  const options: ExchangeOptions = { timeout: plan.timeout, scope: plan.scope };

  for (let attempt = 0; attempt < plan.attempts; attempt++) {
    for (let k = 0; k < n; k++) {
      const index = (plan.start + k) % n;
      if (refused?.has(index)) continue;
      const server = plan.servers[index]!;
      let edns = plan.edns && !noEdns.has(serverLabel(server));
      try {
        let reply = plan.useTcp
          ? await transports.tcp(server, build(edns), expected, options)
          : await transports.udp(server, build(edns), expected, options);
        if (reply.message.rcode === 'FORMERR' && edns) {
          noEdns.add(serverLabel(server));
          edns = false;
          reply = plan.useTcp
            ? await transports.tcp(server, build(false), expected, options)
            : await transports.udp(server, build(false), expected, options);
        }
        if (reply.transport === 'udp' && reply.message.flags.tc && !plan.ignoreTruncation) {
          reply = await transports.tcp(server, build(edns), expected, options);
        }
        if (QUERY_FAILOVER_RCODES.has(reply.message.rcode)) {
          lastReply = reply;
          continue;
        }
        return reply;
      } catch (err) {
        if (!(err instanceof DnsError)) throw err;
        if (err.code === 'ECANCELLED') throw err;
        if (err.code === 'ECONNREFUSED') (refused ??= new Set()).add(index);
        if (err.code === 'EBADRESP') sawBadReply = true;
        lastError = err;
      }
    }
    if (refused?.size === n) break;
  }
  if (lastReply !== undefined) return lastReply;
  // Every server was tried by now (a refusing one once), unless there were no tries at all.
  const servers = plan.attempts > 0 ? plan.servers.map(serverLabel) : [];
  if (lastError === undefined) {
    // attempts 0, or no servers: nothing was sent, as glibc with `options attempts:0`.
    throw new DnsError('ETIMEOUT', { hostname, syscall: 'query', servers });
  }
  const code = refused?.size === n ? 'ECONNREFUSED' : sawBadReply ? 'EBADRESP' : 'ETIMEOUT';
  throw new DnsError(code, { hostname, syscall: 'query', servers, cause: lastError });
}
