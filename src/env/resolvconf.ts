/**
 * resolv.conf, read line by line as glibc's res_ninit reads it (resolv/res_init.c, 2.36).
 *
 * The rules a reader would not guess, all kept because a file must mean the same here as in
 * every C program on the machine:
 * - a comment is a line whose first character is `#` or `;`. There are no trailing
 *   comments: `domain` and `nameserver` use only their first word, so a trailing `# ...`
 *   happens to be ignored there, but on a `search` line the `#` and the words after it are
 *   search domains, and on an `options` line they are options;
 * - a keyword counts only at the very start of a line, in lower case, followed by a space or
 *   tab (`nameserver` alone, ` nameserver 1.2.3.4` and `Nameserver 1.2.3.4` are ignored);
 * - `domain` and `search` each replace the search list, so the last of them wins;
 * - server addresses are read with inet_aton, so `127.1` is 127.0.0.1, then as IPv6 with an
 *   optional `%zone`; at most three servers are kept;
 * - anything unreadable is ignored, never fatal.
 *
 * Extensions over glibc: a server may carry a port (`127.0.0.1:5300`, `[::1]:5300`), which
 * glibc ignores as a bad address; a carriage return before the newline is removed (glibc
 * keeps it as part of the last word, which makes that server or domain unusable).
 */
import { ArgumentError } from '../errors.js';
import { formatIPv6, parseInetAton, parseInetPton4, parseInetPton6 } from '../packet/index.js';
import { splitBlanks, quoteWord } from './ctext.js';
import { MAXNS, MAXRESOLVSORT, NAMESERVER_PORT, truncateSearchList } from './limits.js';
import { parseOptions } from './options.js';
import { parseSortList, type SortListEntry } from './sortlist.js';

/** A name server to query. */
export interface NameServer {
  /**
   * The address: a dotted quad, or IPv6 as inet_ntop prints it, followed by `%zone` when the
   * configuration gave one (the form node:dgram accepts).
   */
  readonly address: string;
  /** UDP and TCP port; 53 unless the configuration gave one (an extension over glibc). */
  readonly port: number;
  readonly family: 4 | 6;
}

/** What a resolv.conf file says, before defaults, the host name and the environment are applied. */
export interface ResolvConf {
  /** Up to MAXNS servers, in file order. Empty when the file names none (the default, 127.0.0.1, is added later). */
  readonly nameservers: readonly NameServer[];
  /**
   * The search list from the last `domain` or `search` line, cut to glibc's limits; its first
   * entry is the default domain. Undefined when neither line appears, in which case the
   * default domain comes from the host name.
   */
  readonly search: readonly string[] | undefined;
  /** Up to MAXRESOLVSORT entries from `sortlist` lines. */
  readonly sortlist: readonly SortListEntry[];
  /** ndots from `options`, if any line set it. */
  readonly ndots: number | undefined;
  /** timeout (seconds) from `options`, if any line set it. */
  readonly timeout: number | undefined;
  /** attempts from `options`, if any line set it. */
  readonly attempts: number | undefined;
  /** RES_* bits the `options` lines set. */
  readonly flags: number;
  /** What was ignored or clamped, as `line N: ...`, for diagnostics. Never an error. */
  readonly warnings: readonly string[];
}

function parsePort(text: string): number | undefined {
  if (text === '' || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * A zone (scope) is an interface name or index: at most IFNAMSIZ - 1 characters, of those Node's
 * own address check allows. Anything else would make the address something other than an IP
 * literal, which node:dgram and node:net hand to dns.lookup, i.e. to the machine's resolver.
 */
const ZONE = /^[0-9A-Za-z.:-]{1,15}$/;

function parseIPv6WithZone(text: string, port: number): NameServer | undefined {
  const percent = text.indexOf('%');
  const parts = parseInetPton6(percent < 0 ? text : text.slice(0, percent));
  if (parts === undefined) return undefined;
  const zone = percent < 0 ? '' : text.slice(percent + 1);
  if (zone !== '' && !ZONE.test(zone)) return undefined;
  return { address: zone === '' ? formatIPv6(parts) : `${formatIPv6(parts)}%${zone}`, port, family: 6 };
}

/**
 * One `nameserver` word: glibc's forms first (inet_aton, then IPv6 with an optional zone),
 * then this package's `address:port` and `[IPv6]:port`. A bare IPv6 address never has a
 * port (`::1:53` is an address). Undefined when it is none of these. The IPv4 part is read
 * as inet_aton, as glibc reads resolv.conf; `strict` reads it as inet_pton and also takes
 * `[192.0.2.1]:53`, as node's setServers does (parseServerText).
 */
export function parseNameServer(word: string, strict = false): NameServer | undefined {
  const ipv4 = strict ? parseInetPton4 : parseInetAton;
  const v4 = ipv4(word);
  if (v4 !== undefined) return { address: v4, port: NAMESERVER_PORT, family: 4 };
  const v6 = parseIPv6WithZone(word, NAMESERVER_PORT);
  if (v6 !== undefined) return v6;
  if (word.startsWith('[')) {
    const close = word.indexOf(']');
    if (close < 0) return undefined;
    const rest = word.slice(close + 1);
    let port: number | undefined = NAMESERVER_PORT;
    if (rest !== '') port = rest.startsWith(':') ? parsePort(rest.slice(1)) : undefined;
    if (port === undefined) return undefined;
    const inside = word.slice(1, close);
    const bracketed = strict ? ipv4(inside) : undefined;
    return bracketed !== undefined ? { address: bracketed, port, family: 4 } : parseIPv6WithZone(inside, port);
  }
  const colon = word.indexOf(':');
  if (colon < 0 || colon !== word.lastIndexOf(':')) return undefined;
  const host = ipv4(word.slice(0, colon));
  const port = parsePort(word.slice(colon + 1));
  return host === undefined || port === undefined ? undefined : { address: host, port, family: 4 };
}

/**
 * A name server a caller gave as text (`127.0.0.1`, `127.0.0.1:5300`, `[::1]:5300`, and
 * `[127.0.0.1]:5300` as node takes it), or undefined. The address is read as inet_pton reads
 * it, as node:dns's setServers does: `0127.0.0.1` is no address here, where inet_aton (and so
 * a resolv.conf line) reads it as 87.0.0.1, a typo that would send queries elsewhere.
 */
export function parseServerText(text: unknown): NameServer | undefined {
  return typeof text === 'string' ? parseNameServer(text, true) : undefined;
}

/** parseServerText, with an ArgumentError for anything else (a caller's mistake, where a bad resolv.conf line is only skipped). */
export function nameServerFromText(text: unknown): NameServer {
  const server = parseServerText(text);
  if (server === undefined) throw new ArgumentError(`not a name server address: ${JSON.stringify(text)}`);
  return server;
}

/** The line's text after `keyword` when the line starts with it and a blank, as glibc's MATCH. */
function afterKeyword(line: string, keyword: string): string | undefined {
  if (!line.startsWith(keyword)) return undefined;
  const next = line[keyword.length];
  return next === ' ' || next === '\t' ? line.slice(keyword.length) : undefined;
}

function skipBlanks(text: string): string {
  let i = 0;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.slice(i);
}

const KEYWORDS = ['nameserver', 'domain', 'search', 'sortlist', 'options'] as const;
/** Enough to diagnose a file; a file of garbage must not make a warning per byte. */
const MAX_WARNINGS = 100;

/** Read resolv.conf text. Pure: no file system, no environment, never throws on content. */
export function parseResolvConf(text: string): ResolvConf {
  if (typeof text !== 'string') throw new ArgumentError('parseResolvConf: text must be a string');
  const nameservers: NameServer[] = [];
  const sortlist: SortListEntry[] = [];
  const warnings: string[] = [];
  let search: string[] | undefined;
  let ndots: number | undefined;
  let timeout: number | undefined;
  let attempts: number | undefined;
  let flags = 0;
  let suppressed = 0;
  const warn = (message: string): void => {
    if (warnings.length < MAX_WARNINGS) warnings.push(message);
    else suppressed++;
  };

  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] as string;
    const where = `line ${index + 1}`;
    // C strings end at the first NUL byte.
    const nul = line.indexOf('\0');
    if (nul >= 0) line = line.slice(0, nul);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line[0] === '#' || line[0] === ';') continue;

    let rest: string | undefined;
    if ((rest = afterKeyword(line, 'domain')) !== undefined) {
      const words = splitBlanks(rest);
      if (words[0] !== undefined) search = [words[0]];
      continue;
    }
    if ((rest = afterKeyword(line, 'search')) !== undefined) {
      const words = splitBlanks(rest);
      if (words.length > 0) search = words;
      continue;
    }
    if ((rest = afterKeyword(line, 'nameserver')) !== undefined) {
      const word = splitBlanks(rest)[0];
      const server = word === undefined ? undefined : parseNameServer(word);
      if (server === undefined) {
        warn(`${where}: nameserver ${quoteWord(word ?? '')} is not an address; ignored`);
      } else if (nameservers.length < MAXNS) {
        nameservers.push(server);
      } else {
        warn(`${where}: more than ${MAXNS} name servers; ${server.address} ignored`);
      }
      continue;
    }
    if ((rest = afterKeyword(line, 'sortlist')) !== undefined) {
      const parsed = parseSortList(rest);
      for (const bad of parsed.invalid) warn(`${where}: sortlist entry ${quoteWord(bad)} ignored`);
      for (const entry of parsed.entries) sortlist.push(entry);
      continue;
    }
    if ((rest = afterKeyword(line, 'options')) !== undefined) {
      const settings = parseOptions(rest);
      if (settings.ndots !== undefined) ndots = settings.ndots;
      if (settings.timeout !== undefined) timeout = settings.timeout;
      if (settings.attempts !== undefined) attempts = settings.attempts;
      flags |= settings.flags;
      for (const word of settings.unknown) warn(`${where}: unknown option ${quoteWord(word)} ignored`);
      for (const note of settings.clamped) warn(`${where}: ${note}`);
      continue;
    }
    const trimmed = skipBlanks(line);
    if (trimmed === '') continue;
    const indented = trimmed !== line && KEYWORDS.some((k) => afterKeyword(trimmed, k) !== undefined);
    warn(
      indented
        ? `${where}: keyword not at the start of the line; ignored (as glibc)`
        : `${where}: unknown line ${quoteWord(line)} ignored`,
    );
  }

  if (suppressed > 0) warnings.push(`${suppressed} more warnings`);
  if (search !== undefined) {
    const { kept, dropped } = truncateSearchList(search);
    if (dropped > 0) warnings.push(`search list cut to ${kept.length} entries (glibc keeps at most 6, 256 characters); ${dropped} dropped`);
    search = kept;
  }
  let sorted = sortlist;
  if (sortlist.length > MAXRESOLVSORT) {
    warnings.push(`sortlist cut to ${MAXRESOLVSORT} entries; ${sortlist.length - MAXRESOLVSORT} dropped`);
    sorted = sortlist.slice(0, MAXRESOLVSORT);
  }
  return { nameservers, search, sortlist: sorted, ndots, timeout, attempts, flags, warnings };
}
