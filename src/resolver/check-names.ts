/**
 * The name syntax checks of the BIND resolver: res_hnok, res_ownok, res_mailok and res_dnok.
 *
 * They exist so that a name taken from a reply (a PTR or CNAME target, an MX exchange) cannot
 * smuggle characters into programs that treat host names as safe text: shell commands, log
 * lines, mail headers. The rules are RFC 952 as amended by RFC 1123 (letters, digits, hyphens),
 * but two libraries apply them differently, and both are offered:
 *
 * - `'glibc'` (the default): glibc 2.34+ resolv/res-name-checking.c, what C programs on this
 *   machine get. It decodes the name first (so `\065` is an "A"), then allows letters, digits,
 *   `-` and `_` anywhere in a label; only a `-` at the very start of the name is refused, so
 *   that a name cannot pass for a command-line option.
 * - `'bind'`: ISC libbind's res_comp.c (BIND 8/9, the BSDs), applied to the presentation text
 *   as dn_expand writes it. Each label must begin and end with a letter or digit, `-` may only
 *   be inside a label, and `_` is never allowed (nor any escape).
 *
 * Names are in presentation form, as the codec writes them (RFC 1035 escapes, no trailing dot);
 * a trailing dot is accepted. Non-ASCII text fails every check: on the wire such a name is
 * UTF-8 octets, which are not host-name characters in either library.
 */
import { NOT_PLAIN, plainNameWireLength, writeName } from '../packet/index.js';

/** Which library's reading of the rules to apply (see the module comment). */
export type NameRules = 'glibc' | 'bind';

// ---------------------------------------------------------------------------------------------
// glibc: printable text, decoded with ns_name_pton, then checked octet by octet.

// writeName's contract: room for a whole name after the offset.
const wire = new Uint8Array(256);

/** glibc's printable_string: 0x21..0x7e only. A raw space or any non-ASCII fails. */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * The name in wire form in `wire`, or false when ns_name_pton would refuse it (empty label,
 * label over 63 or name over 255 octets, bad \DDD escape, a lone backslash at the end): the
 * codec's name parser refuses exactly what glibc's does here.
 */
function toWire(name: string): boolean {
  if (!printable(name)) return false;
  try {
    writeName(name, wire, 0);
    return true;
  } catch {
    return false;
  }
}

function hostOctet(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
}

/** glibc's binary_hnok: every label from `offset` on holds only [0-9A-Za-z_-]. */
function binaryHnok(offset: number): boolean {
  let pos = offset;
  for (let len = wire[pos]!; len !== 0; len = wire[pos]!) {
    const end = pos + 1 + len;
    for (let i = pos + 1; i < end; i++) if (!hostOctet(wire[i]!)) return false;
    pos = end;
  }
  return true;
}

/** glibc refuses a first label that starts with '-' (it would read as an option). */
function leadingDash(): boolean {
  return wire[0]! > 0 && wire[1] === 0x2d;
}

/**
 * glibcHnok for a name of host characters and dots alone (plainNameWireLength), from the text:
 * such a name is printable and its labels hold only host octets, so it passes if it can be
 * encoded and does not start with '-'. undefined for any other name (escapes, '*', ...).
 */
function plainHnok(name: string): boolean | undefined {
  const octets = plainNameWireLength(name);
  return octets === NOT_PLAIN ? undefined : octets > 0 && name.charCodeAt(0) !== 0x2d;
}

function glibcHnok(name: string): boolean {
  return plainHnok(name) ?? (toWire(name) && !leadingDash() && binaryHnok(0));
}

/**
 * The last name glibcOwnok judged, and its verdict. A reply's question and the owners of its
 * addresses are one name, checked once for the question and again for every record; the
 * verdict depends on the text alone, so a repeat is answered from here.
 */
let lastOwner: string | undefined;
let lastOwnerOk = false;

function glibcOwnok(name: string): boolean {
  if (name === lastOwner) return lastOwnerOk;
  // A wildcard owner "*.rest": only the rest must be a host name (and its dash is not checked).
  // '*' is not a host character, so a plain name is no wildcard.
  const ok = plainHnok(name) ?? (toWire(name) && !leadingDash() && (wire[0] === 1 && wire[1] === 0x2a ? binaryHnok(2) : binaryHnok(0)));
  lastOwner = name;
  lastOwnerOk = ok;
  return ok;
}

function glibcMailok(name: string): boolean {
  if (!toWire(name)) return false;
  const first = wire[0]!;
  if (first === 0) return true; // "." stands for "no mailbox"
  const tail = 1 + first;
  // The local part may be anything, but a mailbox needs a domain after it.
  return wire[tail] !== 0 && binaryHnok(tail);
}

function glibcDnok(name: string): boolean {
  return toWire(name);
}

// ---------------------------------------------------------------------------------------------
// BIND (libbind res_comp.c): character classes over the presentation text itself.

const PERIOD = 0x2e;

function alnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** res_comp.c's res_hnok, character for character (a label's edges: alnum; inside: alnum or '-'). */
function bindHnok(name: string, from = 0): boolean {
  let pch = PERIOD;
  const n = name.length;
  for (let i = from; i < n; i++) {
    const ch = name.charCodeAt(i);
    const nch = i + 1 < n ? name.charCodeAt(i + 1) : 0;
    if (ch === PERIOD) {
      // separators are not checked (an empty label is the codec's business)
    } else if (pch === PERIOD || nch === PERIOD || nch === 0) {
      if (!alnum(ch)) return false;
    } else if (!(alnum(ch) || ch === 0x2d)) {
      return false;
    }
    pch = ch;
  }
  return true;
}

function bindOwnok(name: string): boolean {
  if (name.charCodeAt(0) === 0x2a) {
    if (name.length === 1) return true;
    if (name.charCodeAt(1) === PERIOD) return bindHnok(name, 2);
  }
  return bindHnok(name);
}

/** BIND's domainchar: printable, not space. */
function domainChar(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

function bindMailok(name: string): boolean {
  if (name.length === 0) return true; // dn_expand writes the root as ""
  let escaped = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (!domainChar(ch)) return false;
    if (!escaped && ch === PERIOD) return bindHnok(name, i + 1);
    if (escaped) escaped = false;
    else if (ch === 0x5c) escaped = true;
  }
  // One label only: a local part with no domain.
  return false;
}

function bindDnok(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (!domainChar(name.charCodeAt(i))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

/**
 * res_hnok: whether `name` is a host name (RFC 952/1123): what an A/AAAA owner reached through
 * a CNAME, a CNAME target, a PTR target, an MX exchange, an NS or SRV target must be.
 */
export function resHnok(name: string, rules: NameRules = 'glibc'): boolean {
  return rules === 'glibc' ? glibcHnok(name) : bindHnok(name);
}

/**
 * res_ownok: as res_hnok, but a first label of `*` is allowed, because owners of host-like
 * records (A, AAAA, MX) may be wildcards in a zone and an explicit `*.x` may be asked for.
 */
export function resOwnok(name: string, rules: NameRules = 'glibc'): boolean {
  return rules === 'glibc' ? glibcOwnok(name) : bindOwnok(name);
}

/**
 * res_mailok: whether `name` is a mailbox as SOA RNAME and RP write it: the first label is a
 * local part and may hold any printable character (escaped as needed); the rest must be a host
 * name. The root (`.` or ``) means "no mailbox" and passes.
 */
export function resMailok(name: string, rules: NameRules = 'glibc'): boolean {
  if (rules === 'glibc') return glibcMailok(name);
  return bindMailok(name === '.' ? '' : name);
}

/**
 * res_dnok: the liberal check for a domain name that is not a host name (RFC 1034's character
 * set is only advice): printable text that can be encoded.
 */
export function resDnok(name: string, rules: NameRules = 'glibc'): boolean {
  return rules === 'glibc' ? glibcDnok(name) : bindDnok(name);
}
