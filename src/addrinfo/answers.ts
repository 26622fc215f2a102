/**
 * Reading addresses and names out of a reply, as glibc's nss_dns reads them: only records that
 * answer the question count, that is records owned by the question name or by the end of the
 * CNAME chain that starts at it. Records for other names (a lying or confused server) are
 * ignored. Pure.
 */
import { canonicalName, withoutTrailingDot } from '../packet/names.js';
import type { ResourceRecord } from '../packet/types.js';
import { parseNumericAddress } from '../packet/address.js';

/** At most this many CNAME links are followed, as a loop guard. */
export const MAX_CNAME_CHAIN = 16;

/** The records of `type` that answer `qname`, and the name that owns them (after CNAMEs). */
export interface ChainAnswer {
  readonly records: ResourceRecord[];
  /**
   * The name the records answer, without a trailing dot, spelled as glibc's nss_dns reports it:
   * the question name as asked, or the last CNAME target as the CNAME's data spells it (not
   * the owner name's spelling, which a server may change).
   */
  readonly owner: string;
}


/** Follows the CNAME chain from `qname` through `answers` and collects the records of `type` at its end. */
export function followChain(answers: readonly ResourceRecord[], qname: string, type: string): ChainAnswer {
  let current = canonicalName(qname);
  let owner = withoutTrailingDot(qname);
  const seen = new Set<string>([current]);
  for (let hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
    const records = answers.filter((r) => r.type === type && canonicalName(r.name) === current);
    if (records.length > 0) return { records, owner };
    const cname = answers.find((r) => r.type === 'CNAME' && canonicalName(r.name) === current);
    if (cname === undefined || typeof cname.data !== 'string') break;
    const next = canonicalName(cname.data);
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
    owner = withoutTrailingDot(cname.data);
  }
  return { records: [], owner };
}

/** The A or AAAA addresses answering `qname`, in answer order and canonical text, and their owner name. */
export function addressesFromReply(answers: readonly ResourceRecord[], qname: string, type: 'A' | 'AAAA'): { addresses: string[]; owner: string } {
  const chain = followChain(answers, qname, type);
  const addresses: string[] = [];
  const family = type === 'A' ? 4 : 6;
  for (const record of chain.records) {
    const parsed = typeof record.data === 'string' ? parseNumericAddress(record.data) : undefined;
    if (parsed !== undefined && parsed.family === family) addresses.push(parsed.address);
  }
  return { addresses, owner: chain.owner };
}

/** The first PTR name answering `qname` (following CNAMEs, as RFC 2317 delegations need), without a trailing dot. */
export function ptrFromReply(answers: readonly ResourceRecord[], qname: string): string | undefined {
  const record = followChain(answers, qname, 'PTR').records.find((r) => typeof r.data === 'string');
  return record === undefined ? undefined : withoutTrailingDot(record.data as string);
}
