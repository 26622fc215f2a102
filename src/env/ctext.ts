/**
 * How the C parsers behind the configuration files split text. Two different notions of
 * "blank" are in use and the difference is visible: res_init splits resolv.conf on spaces and
 * tabs only, while nss_files splits hosts and services on isspace (which includes \r, \v, \f).
 */

/** C isspace in the C locale: space, \t, \n, \v, \f, \r. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** A space or a tab: the only separators res_init knows. */
export function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function split(text: string, separator: (code: number) => boolean): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || separator(text.charCodeAt(i))) {
      if (start >= 0) words.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return words;
}

/** Words separated by runs of spaces and tabs (resolv.conf, LOCALDOMAIN). */
export function splitBlanks(text: string): string[] {
  return split(text, isBlank);
}

/** Words separated by runs of C white space (hosts, services). */
export function splitWhite(text: string): string[] {
  return split(text, isCSpace);
}

/** The line without a comment: everything from the first `#` (nss_files) and from a NUL (C strings end there). */
export function stripHashComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x23 || code === 0) return line.slice(0, i);
  }
  return line;
}

/** The most characters of a word a warning quotes: a 1 MB word must not make a 1 MB warning. */
const QUOTED_MAX = 40;

/** `word` quoted for a warning (JSON), cut to QUOTED_MAX characters with '...' when longer. */
export function quoteWord(word: string): string {
  return JSON.stringify(word.length > QUOTED_MAX ? `${word.slice(0, QUOTED_MAX)}...` : word);
}
