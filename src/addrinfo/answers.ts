/**
 * Addresses and names out of a reply, for getaddrinfo and getnameinfo, through the resolver's
 * one answer reader (resolver/answers.ts: CNAME chain, owner matching, check-names), so that
 * they accept exactly what the node:dns methods accept. Pure.
 */
import { DnsError } from '../errors.js';
import { parseNumericAddress, withoutTrailingDot, type Message } from '../packet/index.js';
import { readAnswer, type NameRules } from '../resolver/index.js';

/** The A or AAAA addresses answering a reply's question, in answer order and canonical text, and the name that owns them. */
export interface AddressAnswer {
  readonly addresses: string[];
  /**
   * The name the addresses answer, without a trailing dot, spelled as glibc's nss_dns reports
   * it: `asked` as asked, or the last CNAME target as the CNAME's data spells it.
   */
  readonly owner: string;
}

/**
 * The addresses of `type` in `reply` (asked as `asked`), or the DnsError the reader gives:
 * ENODATA when none answer (a reply holding only a CNAME), EBADRESP when check-names dropped
 * every one (a CNAME to `-rf.evil.test`: glibc refuses such names too).
 */
export function addressesFromReply(reply: Message, asked: string, type: 'A' | 'AAAA', checkNames: NameRules | false): AddressAnswer | DnsError {
  let read;
  try {
    read = readAnswer(reply, type, { checkNames, syscall: 'getaddrinfo' });
  } catch (error) {
    if (error instanceof DnsError) return error;
    throw error;
  }
  const addresses: string[] = [];
  const family = type === 'A' ? 4 : 6;
  for (const record of read.records) {
    const parsed = typeof record.data === 'string' ? parseNumericAddress(record.data) : undefined;
    if (parsed !== undefined && parsed.family === family) addresses.push(parsed.address);
  }
  return { addresses, owner: read.answer.chain.length === 0 ? withoutTrailingDot(asked) : read.answer.owner };
}

/** The first PTR name answering the reply's question (following CNAMEs, as RFC 2317 delegations need), without a trailing dot; undefined when none passes. */
export function ptrFromReply(reply: Message, checkNames: NameRules | false): string | undefined {
  try {
    const record = readAnswer(reply, 'PTR', { checkNames, syscall: 'getnameinfo' }).records.find((r) => typeof r.data === 'string');
    return record === undefined ? undefined : withoutTrailingDot(record.data as string);
  } catch (error) {
    if (error instanceof DnsError) return undefined;
    throw error;
  }
}
