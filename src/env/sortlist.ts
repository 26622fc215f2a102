/**
 * The sort-list syntax (`address[/mask]` words) shared by resolv.conf's `sortlist` line and
 * QIBM_BIND_RESOLVER_SORTLIST, read as glibc reads it: addresses and masks with inet_aton
 * (so a mask of `24` is the address 0.0.0.24, not a prefix length), `&` accepted for `/`, a
 * missing or unreadable mask replaced by the address's classful mask, `;` ending the list.
 */
import { parseInetAton } from '../packet/index.js';
import { isCSpace } from './ctext.js';

/** One sort-list entry. glibc's sort list is IPv4 only. */
export interface SortListEntry {
  /** The address as written (not masked), dotted quad. */
  readonly address: string;
  /** The mask, dotted quad. */
  readonly mask: string;
  readonly family: 4;
}

/** What a sort-list text gives: the entries in order, and the words that were not addresses. */
export interface ParsedSortList {
  readonly entries: readonly SortListEntry[];
  readonly invalid: readonly string[];
}

function isMaskSeparator(ch: string | undefined): boolean {
  return ch === '/' || ch === '&';
}

/** A character that can be part of a sort-list word in C: ASCII and not white space. */
function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x80 && !isCSpace(code);
}

/** The mask glibc gives an address with no usable mask: its old class A, B or C network mask. */
export function classfulMask(dottedQuad: string): string {
  const first = Number(dottedQuad.slice(0, dottedQuad.indexOf('.')));
  if (first < 128) return '255.0.0.0';
  if (first < 192) return '255.255.0.0';
  return '255.255.255.0';
}

/**
 * Read sort-list words. Pure. Where glibc would loop forever (a word that is not an address
 * followed by `/`, or a word ending in a non-ASCII character or a carriage return), the word
 * is skipped instead.
 */
export function parseSortList(text: string): ParsedSortList {
  const entries: SortListEntry[] = [];
  const invalid: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= n || text[i] === '\n' || text[i] === ';') break;
    const start = i;
    while (i < n && !isMaskSeparator(text[i]) && text[i] !== ';' && isWordChar(text[i] as string)) i++;
    const address = parseInetAton(text.slice(start, i));
    if (address !== undefined) {
      let mask: string | undefined;
      if (isMaskSeparator(text[i])) {
        const maskStart = ++i;
        while (i < n && text[i] !== ';' && isWordChar(text[i] as string)) i++;
        mask = parseInetAton(text.slice(maskStart, i));
      }
      entries.push({ address, mask: mask ?? classfulMask(address), family: 4 });
    }
    // Anything left of the word (a bad address and its mask, or trailing odd characters)
    // is dropped up to the next blank or `;`.
    let end = i;
    while (end < n && text[end] !== ' ' && text[end] !== '\t' && text[end] !== '\n' && text[end] !== ';') end++;
    if (address === undefined || end > i) invalid.push(text.slice(start, end));
    i = end;
  }
  return { entries, invalid };
}
