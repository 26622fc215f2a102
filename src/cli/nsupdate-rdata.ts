/**
 * RDATA text as nsupdate reads it, through the packet layer's parseRdata: the RdataParser the
 * script parser is given.
 *
 * nsupdate reads RDATA with a lexer that has no comments and no special characters
 * (isc_lex_create's defaults, nsupdate.c parse_rdata): `;`, `(`, `)` and `"` are ordinary
 * characters there, except that a `"` at the start of a token opens a quoted string. parseRdata
 * reads master-file text, in which `;` starts a comment, `( )` group lines and a `"` anywhere
 * ends the word before it (lib/dns/master.c makes all four special: `a"b"` is the strings `a`
 * and `b` in a zone file, the one string `a"b"` in nsupdate). So outside quoted strings they are
 * escaped before parseRdata sees them, which gives the octet itself in a name or a string and an
 * error in a number, as in nsupdate.
 *
 * The origin is the root (parse_rdata passes dns_rootname), so `@` is the root. Types BIND
 * defines only for class IN (A, AAAA, SRV, NAPTR, ...) are refused in any other class with
 * BIND's `unknown class/type`; other types are class-independent. RFC 3597's `\#` for a meta
 * type (and type 0) is refused with BIND's `invalid use of a meta type` (unknown_fromtext), and
 * their other text with BIND's `unknown class/type` (`not implemented` for OPT), but for TKEY's,
 * which BIND reads and parseRdata refuses. Pure: no I/O.
 */
import { isMetaType, parseRdata, typeNumber } from '../packet/index.js';
import type { RdataParser } from './nsupdate-script.js';
import { isNoSpace, NO_SPACE } from './nsupdate-syntax.js';

/** The meta types whose text BIND answers otherwise: OPT (`not implemented`) and TKEY (which it reads; here refused). */
const OPT = typeNumber('OPT');
const TKEY = typeNumber('TKEY');

/** Types of BIND's rdata/in_1 (and A, which has other classes' forms this package does not read). */
const IN_ONLY = new Set(['A', 'AAAA', 'A6', 'APL', 'ATMA', 'DHCID', 'EID', 'HTTPS', 'KX', 'NAPTR', 'NIMLOC', 'NSAP', 'NSAP-PTR', 'PX', 'SRV', 'SVCB', 'WKS']);

/**
 * The text with what nsupdate's lexer reads as ordinary characters escaped for the master-file
 * lexer: `;`, `(`, `)`, and a `"` inside a word. A quoted string (a `"` at the start of a
 * token, to the next unescaped `"`) and escapes are left as they are.
 */
function escapeSpecials(text: string): string {
  let out = '';
  let tokenStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      out += c;
      tokenStart = true;
      continue;
    }
    if (c === '"' && tokenStart) {
      // The whole quoted string; after its closing quote a new token starts (`"a"b` is two).
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
      continue;
    }
    tokenStart = false;
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === ';' || c === '(' || c === ')' || c === '"') out += '\\';
    out += c;
  }
  return out;
}

/**
 * Reads RDATA text of a type in a class, as nsupdate's parse_rdata does. The reason on failure
 * is BIND's for the class and meta-type checks (TKEY's aside) and for RDATA too long to encode,
 * else the packet layer's.
 */
export const nsupdateRdata: RdataParser = (type, rrclass, text) => {
  if (rrclass !== 'IN' && IN_ONLY.has(type) && !(type === 'A' && rrclass === 'HS')) return { ok: false, reason: 'unknown class/type' };
  const n = typeNumber(type);
  if (n === 0 || isMetaType(n)) {
    if (/^\\#(?:[ \t]|$)/.test(text)) return { ok: false, reason: 'invalid use of a meta type' };
    // Any other text: BIND's words too, but for TKEY, which BIND reads and parseRdata refuses in
    // its own (docs/nsupdate-differences.md).
    if (n !== TKEY) return { ok: false, reason: n === OPT ? 'not implemented' : 'unknown class/type' };
  }
  try {
    return { ok: true, data: parseRdata(type, escapeSpecials(text), { origin: '.' }) };
  } catch (err) {
    // BIND's words for RDATA too long for a message (the codec's tooLong).
    if (isNoSpace(err)) return { ok: false, reason: NO_SPACE };
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
};
