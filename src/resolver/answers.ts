/**
 * The one answer reader: which records of a reply answer its question, for the node:dns
 * methods, getaddrinfo and getnameinfo alike. Pure.
 *
 * - Only records that answer the question count: their owner is the question name or the end
 *   of the CNAME chain that starts at it (followed in any order, case-insensitively, at most
 *   MAX_CNAME_CHAIN links, loops cut), in the question's class. Records for other names (a
 *   lying or confused server) are ignored: principle 7 says they poison nothing.
 * - Names in replies are checked by glibc's rules (check-names.ts) unless RES_NOCHECKNAME:
 *   see `recordPasses` for which name of which record, and `readAnswer` for what happens when
 *   every record is dropped.
 */
import { DnsError, type DnsErrorCode } from '../errors.js';
import { canonicalName, withoutTrailingDot, type Message, type ResourceRecord } from '../packet/index.js';
import { resHnok, resMailok, resOwnok, type NameRules } from './check-names.js';

/**
 * Links of a CNAME chain followed at most. A real chain is a handful of links (BIND gives up
 * after 16 restarts); the bound keeps a hostile reply of thousands of CNAMEs cheap.
 */
export const MAX_CNAME_CHAIN = 16;

/** How to read a reply. */
export interface ReadOptions {
  /** The name as the caller wrote it, for errors (default: the reply's question name). */
  hostname?: string | undefined;
  /** The `syscall` of the errors (node's `queryA`, `getaddrinfo`, ...). Default 'query'. */
  syscall?: string | undefined;
  /** Whose name rules to drop records by (check-names.ts), or false for RES_NOCHECKNAME. Default 'glibc'. */
  checkNames?: NameRules | false | undefined;
}

/** The records of a reply that answer its question. */
export interface Answering {
  /** Records (not CNAMEs) owned by the question name or the chain's end, in answer-section order. */
  readonly records: ResourceRecord[];
  /** The CNAMEs followed, from the question name on. */
  readonly chain: ResourceRecord[];
  /** The chain's end, canonical (the question name when there is no CNAME). */
  readonly end: string;
  /**
   * The chain's end spelled as glibc's nss_dns reports the canonical name: the question name as
   * asked, or the last CNAME target as its data spells it; no trailing dot.
   */
  readonly owner: string;
  /** The lowest TTL among the CNAMEs followed, which caps the TTL of what is found at the end. */
  readonly chainTtl: number;
}

/** An outcome read from a reply, as a DnsError that carries the reply and what was asked. */
export function replyError(code: DnsErrorCode, reply: Message, options: ReadOptions = {}): DnsError {
  return new DnsError(code, { hostname: hostnameFor(reply, options), type: reply.questions[0]?.type, syscall: options.syscall ?? 'query', response: reply });
}

/** The name errors carry: the caller's spelling, else the question's; none for the root ''. */
export function hostnameFor(reply: Message, options: ReadOptions): string | undefined {
  const name = options.hostname ?? reply.questions[0]?.name;
  return name === '' ? undefined : name;
}

/** Follows the CNAME chain from the question and collects what answers it. EBADRESP for a reply without a question. */
export function answering(reply: Message, options: ReadOptions = {}): Answering {
  const question = reply.questions[0];
  if (question === undefined) throw replyError('EBADRESP', reply, options);
  const start = canonicalName(question.name);
  // Loops rather than filter and find: this runs for every answer read.
  const answers: ResourceRecord[] = [];
  let cnames = 0;
  for (const rr of reply.answers) {
    if (rr.class !== question.class) continue;
    answers.push(rr);
    if (rr.type === 'CNAME') cnames++;
  }
  const chain: ResourceRecord[] = [];
  let end = start;
  let owner = withoutTrailingDot(question.name);
  let chainTtl = Infinity;
  if (cnames > 0) {
    const seen = new Set([start]);
    while (chain.length < MAX_CNAME_CHAIN) {
      const link = answers.find((rr) => rr.type === 'CNAME' && canonicalName(rr.name) === end);
      if (link === undefined || typeof link.data !== 'string') break;
      const target = canonicalName(link.data);
      if (seen.has(target)) break; // a loop: nothing further answers
      chain.push(link);
      seen.add(target);
      chainTtl = Math.min(chainTtl, link.ttl);
      end = target;
      owner = withoutTrailingDot(link.data);
    }
  }
  const records: ResourceRecord[] = [];
  for (const rr of answers) {
    if (rr.type === 'CNAME') continue;
    // The owner spelled as the question is (the common case) needs no canonical form.
    const name = rr.name === question.name ? start : canonicalName(rr.name);
    if (name === start || name === end) records.push(rr);
  }
  return { records, chain, end, owner, chainTtl };
}

function isReverseOwner(name: string): boolean {
  const n = canonicalName(name);
  return n.endsWith('.in-addr.arpa') || n.endsWith('.ip6.arpa');
}

/**
 * Whether a record survives check-names. Which names are checked follows BIND 9's check-names
 * (the owners of A, AAAA and MX; the names inside NS, SOA, MX, SRV, and PTR under in-addr.arpa
 * / ip6.arpa, so DNS-SD names like "My Printer._ipp._tcp.local" stay usable), plus CNAME targets
 * as glibc's gethostbyname checks aliases. TXT, CAA and NAPTR carry no host names.
 */
export function recordPasses(rr: ResourceRecord, rules: NameRules): boolean {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return resOwnok(rr.name, rules);
    case 'MX':
      return resOwnok(rr.name, rules) && resHnok(rr.data.exchange, rules);
    case 'NS':
    case 'CNAME':
      return resHnok(rr.data, rules);
    case 'SOA':
      return resHnok(rr.data.mname, rules) && resMailok(rr.data.rname, rules);
    case 'SRV':
      return resHnok(rr.data.target, rules);
    case 'PTR':
      return !isReverseOwner(rr.name) || resHnok(rr.data, rules);
    default:
      return true;
  }
}

/**
 * `found` (records of the answer `a`) after check-names, as glibc's getanswer_r treats names
 * that fail: the record is dropped (for addresses, also when a CNAME on the way to them fails,
 * as glibc drops such an alias). If records were found and all are dropped, the outcome is
 * EBADRESP, whose h_errno is NO_RECOVERY, as glibc's "no usable answer" is; if none were found
 * at all it is ENODATA.
 */
export function checkedOut(found: readonly ResourceRecord[], a: Answering, reply: Message, options: ReadOptions = {}): ResourceRecord[] {
  if (found.length === 0) throw replyError('ENODATA', reply, options);
  const rules = options.checkNames ?? 'glibc';
  if (rules === false) return [...found];
  const chainBad = a.chain.some((link) => !recordPasses(link, rules));
  const kept = found.filter((rr) => {
    if (!recordPasses(rr, rules)) return false;
    const viaChain = a.chain.length > 0 && canonicalName(rr.name) === a.end;
    return !(viaChain && chainBad && (rr.type === 'A' || rr.type === 'AAAA'));
  });
  if (kept.length === 0) throw replyError('EBADRESP', reply, options);
  return kept;
}

/**
 * The records of `type` that answer the reply's question, after check-names, with the chain
 * they were reached by. Rejects (throws a DnsError carrying the reply) with ENODATA when none
 * answer, EBADRESP when check-names dropped every one.
 */
export function readAnswer(reply: Message, type: string, options: ReadOptions = {}): { records: ResourceRecord[]; answer: Answering } {
  const answer = answering(reply, options);
  const records = checkedOut(
    answer.records.filter((rr) => rr.type === type),
    answer,
    reply,
    options,
  );
  return { records, answer };
}
