/**
 * RDATA text as nsupdate reads it, through the packet layer's parseRdata: the RdataParser the
 * script parser is given.
 *
 * nsupdate reads RDATA with a lexer that has no comments and no special characters
 * (isc_lex_create's defaults, nsupdate.c parse_rdata): `;`, `(` and `)` are ordinary
 * characters there, where parseRdata reads master-file text, in which they start a comment or
 * group lines. So outside quoted strings they are escaped before parseRdata sees them, which
 * gives the octet itself in a name or a string and an error in a number, as in nsupdate.
 *
 * Types BIND defines only for class IN (A, AAAA, SRV, NAPTR, ...) are refused in any other
 * class with BIND's `unknown class/type`; other types are class-independent. Pure: no I/O.
 */
import { parseRdata } from '../packet/index.js';
import type { RdataParser } from './nsupdate-script.js';

/** Types of BIND's rdata/in_1 (and A, which has other classes' forms this package does not read). */
const IN_ONLY = new Set(['A', 'AAAA', 'A6', 'APL', 'ATMA', 'DHCID', 'EID', 'HTTPS', 'KX', 'NAPTR', 'NIMLOC', 'NSAP', 'NSAP-PTR', 'PX', 'SRV', 'SVCB', 'WKS']);

/** Escapes `;`, `(` and `)` outside quoted strings, leaving escapes as they are. */
function escapeSpecials(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ';' || c === '(' || c === ')')) out += '\\';
    out += c;
  }
  return out;
}

/** Reads RDATA text of a type in a class, as nsupdate's parse_rdata does; the reason on failure is the packet layer's. */
export const nsupdateRdata: RdataParser = (type, rrclass, text) => {
  if (rrclass !== 'IN' && IN_ONLY.has(type) && !(type === 'A' && rrclass === 'HS')) return { ok: false, reason: 'unknown class/type' };
  try {
    return { ok: true, data: parseRdata(type, escapeSpecials(text)) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
};
