/**
 * What the transports share: a server's address, what a reply must match to be accepted, and
 * the result of one exchange. Principle 7: nothing from the network is trusted, so a reply is
 * accepted only from the server asked, with the query's ID, decoded without fault, with QR set,
 * and with the same question (name compared case-insensitively, type, class).
 */
import { DnsError } from '../errors.js';
import { canonicalName } from '../packet/names.js';
import type { Message, Question } from '../packet/types.js';

/** A name server: an address (IPv6 as inet_ntop writes it, `%zone` allowed) and a port. */
export interface Server {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

const labels = new WeakMap<Server, string>();

/** `127.0.0.1:53`, `[::1]:53`: how servers are named in errors and output (made once per server). */
export function serverLabel(server: Server): string {
  let label = labels.get(server);
  if (label === undefined) {
    label = server.family === 6 ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
    labels.set(server, label);
  }
  return label;
}

/** One reply, accepted. */
export interface Reply {
  message: Message;
  /** The reply's wire bytes (for res_send callers and TSIG verification). */
  wire: Buffer;
  server: Server;
  transport: 'udp' | 'tcp';
}

/**
 * A group of exchanges that can be cancelled at once (a resolver's `cancel()`, an aborted
 * `send`). A Set rather than an AbortSignal: with thousands of exchanges in flight, each
 * registering with one AbortSignal, every removal walks its listener list, and a burst of
 * 10,000 lookups spends seconds there.
 */
export class CancelScope {
  private readonly hooks = new Set<() => void>();
  private done = false;

  /** Whether cancel() has been called. */
  get cancelled(): boolean {
    return this.done;
  }

  /** Calls `hook` on cancel(), unless removed first. */
  add(hook: () => void): void {
    this.hooks.add(hook);
  }

  /** Forgets a hook added with add(). */
  delete(hook: () => void): void {
    this.hooks.delete(hook);
  }

  /** Cancels everything in the scope, once. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    const hooks = [...this.hooks];
    this.hooks.clear();
    for (const hook of hooks) hook();
  }
}

/** How long one exchange may take, and what can cancel it. */
export interface ExchangeOptions {
  /** Milliseconds for this try. */
  timeout: number;
  scope?: CancelScope | undefined;
}

/** The question a reply must repeat; `name` already canonical (see canonicalName). */
export interface ExpectedQuestion {
  name: string;
  type: string;
  class: string;
}

/** The expected question of a query message. */
export function expectedQuestion(q: Question): ExpectedQuestion {
  return { name: canonicalName(q.name), type: q.type, class: q.class };
}

/**
 * Whether a decoded reply answers the question. A FORMERR or NOTIMP reply may leave the
 * question section out (RFC 1035 gives it nothing to repeat when it could not parse it); it is
 * still accepted, for the ID and source already matched, so that the EDNS fallback can work.
 */
export function answersQuestion(reply: Message, expected: ExpectedQuestion | undefined): boolean {
  if (!reply.flags.qr) return false;
  if (expected === undefined) return true;
  if (reply.questions.length === 0) return reply.rcode === 'FORMERR' || reply.rcode === 'NOTIMP';
  if (reply.questions.length !== 1) return false;
  const q = reply.questions[0]!;
  return q.type === expected.type && q.class === expected.class && canonicalName(q.name) === expected.name;
}

/** The error for an aborted exchange. */
export function cancelled(hostname: string | undefined): DnsError {
  return new DnsError('ECANCELLED', { hostname, syscall: 'query' });
}
