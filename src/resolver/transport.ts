/**
 * The seam between the engine (send.ts) and the network: the Transport interface that a caller
 * or a test can replace (`new Resolver({ transport })`), and what every transport shares: a
 * server's address, the request for one exchange, what a reply must match to be accepted, and
 * the result. Principle 7: nothing from the network is trusted, so a reply is accepted only
 * from the server asked, with the exchange's ID, decoded without fault, with QR set, with the
 * query's opcode and question (name compared case-insensitively, type, class), and only after
 * the caller's own acceptance check (TSIG for a signed exchange) has passed.
 */
import { DnsError, PacketError } from '../errors.js';
import { canonicalName, decodeReply, type HeaderAndQuestion, type Message, type OpcodeName, type Question } from '../packet/index.js';

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
  /** The message that was sent and answered (a signed update's MAC is read from it). */
  query: Buffer;
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

/** The question a reply must repeat; `name` already canonical (see canonicalName). */
export interface ExpectedQuestion {
  name: string;
  type: string;
  class: string;
  /**
   * DNS 0x20: the name exactly as it went out, letters in the random case chosen for it, as the
   * decoder spells it (presentationName); the reply must repeat it in that case.
   */
  exactName?: string | undefined;
}

/** Whether a reply's question name is the expected one (case-insensitively; exactly under DNS 0x20). */
function sameName(name: string, expected: ExpectedQuestion): boolean {
  return expected.exactName !== undefined ? name === expected.exactName : canonicalName(name) === expected.name;
}

/** The expected question of a query message. */
export function expectedQuestion(q: Question): ExpectedQuestion {
  return { name: canonicalName(q.name), type: q.type, class: q.class };
}

/**
 * The caller's own check of a reply that matched everything else, run before the reply ends
 * the wait: undefined accepts it; an Error refuses it, and the exchange keeps waiting for
 * another (so a forged reply cannot cut the real one off), reporting the Error if none comes.
 */
export type AcceptCheck = (reply: Reply) => Error | undefined;

/**
 * One exchange with one server, as the engine asks a transport for it. The transport chooses
 * the message ID (one not pending on the socket or connection it uses: `id` when that one is
 * free), then has the caller build the message for it: a signed message is signed for the ID it
 * goes out with, and a transport never rewrites one.
 */
export interface ExchangeRequest {
  readonly server: Server;
  /** The message for the ID the transport chose. */
  readonly build: (id: number) => Buffer;
  /** The ID to use when it is free (res_send sends a caller's message with its own ID). */
  readonly id?: number | undefined;
  /** The opcode the reply must repeat; default QUERY. */
  readonly opcode?: OpcodeName | undefined;
  /** What the reply must repeat; undefined for a message without one question. */
  readonly expected: ExpectedQuestion | undefined;
  readonly accept?: AcceptCheck | undefined;
  /** Milliseconds to wait for an acceptable reply. */
  readonly timeoutMs: number;
  /** The local address to send from (node's setLocalAddress), for the server's family; default any. */
  readonly localAddress?: string | undefined;
  /** TCP only: keep the connection open for later exchanges with this server (RES_STAYOPEN). */
  readonly keepOpen?: boolean | undefined;
  readonly scope?: CancelScope | undefined;
}

/**
 * How the engine reaches name servers. Each call resolves with an accepted reply, or rejects
 * with a DnsError: ETIMEOUT (nothing acceptable within the timeout), ECONNREFUSED (the server
 * cannot be reached, or closed the connection), EBADRESP (only malformed replies came), the
 * acceptance check's Error (only refused replies came), ECANCELLED (the scope was cancelled).
 * The default is NodeTransport (transport-node.ts); tests pass a scripted one.
 */
export interface Transport {
  udp(request: ExchangeRequest): Promise<Reply>;
  tcp(request: ExchangeRequest): Promise<Reply>;
  /** Closes what the transport keeps open (spare sockets, kept-open connections). */
  close(): void;
}

/**
 * Whether a decoded reply answers the question. A FORMERR or NOTIMP reply may leave the
 * question section out (RFC 1035 gives it nothing to repeat when it could not parse it); it is
 * still accepted, for the ID and source already matched, so that the EDNS fallback can work.
 */
export function answersQuestion(reply: Message, expected: ExpectedQuestion | undefined, opcode: OpcodeName = 'QUERY'): boolean {
  if (!reply.flags.qr || reply.opcode !== opcode) return false;
  if (expected === undefined) return true;
  if (reply.questions.length === 0) return reply.rcode === 'FORMERR' || reply.rcode === 'NOTIMP';
  if (reply.questions.length !== 1) return false;
  const q = reply.questions[0]!;
  return q.type === expected.type && q.class === expected.class && sameName(q.name, expected);
}

/**
 * Whether a reply's header and first question may answer the query: the cheap first look, so
 * that a reply for another question costs one name rather than a whole decode. It never turns
 * away what answersQuestion would accept; a reply without a question goes on to that check.
 */
function mayAnswer(head: HeaderAndQuestion, expected: ExpectedQuestion | undefined, opcode: OpcodeName = 'QUERY'): boolean {
  if (!head.flags.qr || head.opcode !== opcode) return false;
  if (expected === undefined || head.qdcount === 0) return true;
  const q = head.question;
  return head.qdcount === 1 && q !== undefined && q.type === expected.type && q.class === expected.class && sameName(q.name, expected);
}

/**
 * Judges the datagrams or frames that arrive for one exchange, in order, and remembers why it
 * refused the ones it did, so that a timeout can say what came instead of a good reply. Shared
 * by every transport (the scripted one of the tests too), so that they all accept alike.
 */
export class ReplyJudge {
  /** The most telling refusal so far: the acceptance check's, else a decode failure. */
  private refusal: Error | undefined;

  constructor(
    private readonly request: ExchangeRequest,
    private readonly query: Buffer,
    private readonly id: number,
  ) {}

  /** The accepted reply for `wire`, or undefined to keep waiting. Source address and port are the transport's to check first. */
  judge(wire: Buffer, transport: 'udp' | 'tcp'): Reply | undefined {
    if (wire.length < 12 || wire.readUInt16BE(0) !== this.id) return undefined;
    const { expected, opcode } = this.request;
    let message: Message | undefined;
    try {
      // A reply that is not for this query is dropped after its first question (a forged reply buys little CPU).
      message = decodeReply(wire, (head) => mayAnswer(head, expected, opcode));
    } catch (err) {
      // Malformed: maybe forged, maybe the server's. Keep waiting; say so if nothing better comes.
      this.noteBad(err as PacketError);
      return undefined;
    }
    if (message === undefined) return undefined;
    // mayAnswer has seen the header and the one question match; what it let through without
    // looking is a reply without a question.
    if (message.questions.length === 0 && expected !== undefined && !answersQuestion(message, expected, opcode)) {
      // A reply with our ID but no question is the server's fault rather than a stray answer.
      this.noteBad(new PacketError('a reply without its question'));
      return undefined;
    }
    const reply: Reply = { message, wire, query: this.query, server: this.request.server, transport };
    let refused: Error | undefined;
    try {
      refused = this.request.accept?.(reply);
    } catch (err) {
      // A check that throws refuses the reply too: it runs inside a socket's event handler,
      // where a throw would be an uncaught exception.
      refused = err instanceof Error ? err : new Error(String(err));
    }
    if (refused !== undefined) {
      this.refusal = refused;
      return undefined;
    }
    return reply;
  }

  private noteBad(err: PacketError): void {
    if (this.refusal === undefined || this.refusal instanceof PacketError) this.refusal = err;
  }

  /**
   * The error for an exchange that ended without an accepted reply. A socket that could not be
   * opened for want of file descriptors (EMFILE, ENFILE) is this machine's fault, not the
   * server's: EMFILE, which res_send does not hold against the server.
   */
  failure(code: 'ETIMEOUT' | 'ECONNREFUSED', cause?: unknown): Error {
    const { request } = this;
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    if (errno === 'EMFILE' || errno === 'ENFILE') return exchangeError('EMFILE', request, cause);
    // A refused (unverifiable) reply is the more useful answer than "timed out": say that.
    if (code === 'ETIMEOUT' && this.refusal !== undefined && !(this.refusal instanceof PacketError)) return this.refusal;
    const final = code === 'ETIMEOUT' && this.refusal instanceof PacketError ? 'EBADRESP' : code;
    return exchangeError(final, request, cause ?? this.refusal);
  }
}

/** The error of one exchange that ended without a reply: the question's name, the server asked. */
export function exchangeError(code: 'ETIMEOUT' | 'ECONNREFUSED' | 'EBADRESP' | 'EMFILE', request: ExchangeRequest, cause?: unknown): DnsError {
  return new DnsError(code, { hostname: request.expected?.name, syscall: 'query', servers: [serverLabel(request.server)], cause });
}

/** The error for an aborted exchange. */
export function cancelled(hostname: string | undefined): DnsError {
  return new DnsError('ECANCELLED', { hostname, syscall: 'query' });
}
