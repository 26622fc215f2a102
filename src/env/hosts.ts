/**
 * /etc/hosts, read as glibc's nss_files reads it, indexed for the lookups getaddrinfo and
 * getnameinfo make on every call.
 *
 * glibc's rules: leading white space is skipped; `#` starts a comment anywhere on a line;
 * words are separated by any white space; the first word is the address, read with inet_pton
 * (strict: `127.1` or `fe80::1%eth0` make the line invalid), the second the canonical name,
 * the rest aliases; names match case-insensitively (strcasecmp, ASCII only); a name on several
 * lines gets every line's address, in file order. A line that glibc would read with an empty
 * canonical name (an address alone) is skipped here: no name can find it.
 */
import { foldCase, parseNumericAddress } from '../packet/index.js';
import { ArgumentError } from '../errors.js';
import { splitWhite, stripHashComment } from './ctext.js';

/** One line of the hosts file. */
export interface HostEntry {
  /** Canonical text: dotted quad, or IPv6 as inet_ntop prints it. */
  readonly address: string;
  readonly family: 4 | 6;
  /** The canonical name (the second word), as written. */
  readonly name: string;
  /** The other names on the line, as written. */
  readonly aliases: readonly string[];
  /** 1-based line number, for diagnostics. */
  readonly line: number;
}

const NO_ENTRIES: readonly HostEntry[] = Object.freeze([]);
const MAX_WARNINGS = 20;

/**
 * The hosts file as lookups need it: name to entries (both families, file order) and address
 * to entries. Immutable; lookups cost one map get.
 */
export class HostsTable {
  readonly #entries: readonly HostEntry[];
  readonly #byName = new Map<string, HostEntry[]>();
  readonly #byAddress = new Map<string, HostEntry[]>();
  /** Lines that were not usable, as `line N: ...` (the first few), for diagnostics. */
  readonly warnings: readonly string[];

  /** Index `entries` (normally from parseHosts). Entries are kept in the order given. */
  constructor(entries: readonly HostEntry[] = [], warnings: readonly string[] = []) {
    if (!Array.isArray(entries)) throw new ArgumentError('HostsTable: entries must be an array');
    const frozen = entries.map((e) => Object.freeze({ ...e, aliases: Object.freeze([...e.aliases]) }));
    this.#entries = Object.freeze(frozen);
    for (const entry of frozen) {
      for (const name of [entry.name, ...entry.aliases]) {
        const key = foldCase(name);
        const list = this.#byName.get(key);
        if (list === undefined) this.#byName.set(key, [entry]);
        // A name repeated on one line still yields that line's address once.
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
      for (const key of addressKeys(entry)) {
        const list = this.#byAddress.get(key);
        if (list === undefined) this.#byAddress.set(key, [entry]);
        else list.push(entry);
      }
    }
    for (const list of this.#byName.values()) Object.freeze(list);
    for (const list of this.#byAddress.values()) Object.freeze(list);
    this.warnings = Object.freeze([...warnings]);
    Object.freeze(this);
  }

  /** Every usable line, in file order. */
  get entries(): readonly HostEntry[] {
    return this.#entries;
  }

  /** Number of usable lines. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * The lines that carry `name` as canonical name or alias, in file order, both families;
   * ASCII case is ignored. The name is compared as given: a trailing dot is not removed.
   */
  byName(name: string): readonly HostEntry[] {
    return this.#byName.get(foldCase(name)) ?? NO_ENTRIES;
  }

  /** Whether any line carries `name`. */
  has(name: string): boolean {
    return this.#byName.has(foldCase(name));
  }

  /**
   * The lines for an address, in file order (the first is what gethostbyaddr answers). Any
   * spelling of the address finds them (`::1`, `0:0::1`); a `%zone` is ignored, since hosts
   * lines carry none. An IPv4 address also finds the IPv6 lines glibc's files parser reads as
   * IPv4 for an IPv4 lookup: its IPv4-mapped form, and `::1` for 127.0.0.1.
   */
  byAddress(address: string): readonly HostEntry[] {
    const direct = this.#byAddress.get(address);
    if (direct !== undefined) return direct;
    const percent = address.indexOf('%');
    const parsed = parseNumericAddress(percent < 0 ? address : address.slice(0, percent));
    if (parsed === undefined || parsed.address === address) return NO_ENTRIES;
    return this.#byAddress.get(parsed.address) ?? NO_ENTRIES;
  }
}

/**
 * The IPv4 address glibc's nss_files reads a line as for an AF_INET lookup (files-hosts.c):
 * an IPv4 line's own, a.b.c.d for `::ffff:a.b.c.d`, 127.0.0.1 for `::1`; undefined for any
 * other IPv6 line. getaddrinfo's AF_INET view and the table's address index both read it so.
 */
export function ipv4Reading(line: { readonly family: 4 | 6; readonly address: string }): string | undefined {
  if (line.family === 4) return line.address;
  if (line.address === '::1') return '127.0.0.1';
  // inet_ntop writes an IPv4-mapped address as ::ffff:a.b.c.d, and nothing else so.
  return line.address.startsWith('::ffff:') && !line.address.slice(7).includes(':') ? line.address.slice(7) : undefined;
}

/** The addresses a line is found by: its own, and the IPv4 one glibc reads an IPv6 line as. */
function addressKeys(entry: HostEntry): string[] {
  const v4 = ipv4Reading(entry);
  return v4 === undefined || v4 === entry.address ? [entry.address] : [entry.address, v4];
}

/** Read hosts-file text into a HostsTable. Pure: bad lines are skipped (and noted in `warnings`), never fatal. */
export function parseHosts(text: string): HostsTable {
  if (typeof text !== 'string') throw new ArgumentError('parseHosts: text must be a string');
  const entries: HostEntry[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const words = splitWhite(stripHashComment(lines[index] as string));
    const [addressText, name, ...aliases] = words;
    if (addressText === undefined) continue;
    const parsed = parseNumericAddress(addressText);
    let problem: string | undefined;
    if (parsed === undefined) problem = `${JSON.stringify(addressText)} is not an address`;
    else if (name === undefined) problem = `no name for ${addressText}`;
    if (problem !== undefined || parsed === undefined || name === undefined) {
      skipped++;
      if (warnings.length < MAX_WARNINGS) warnings.push(`line ${index + 1}: ${problem ?? 'unusable'}; line ignored`);
      continue;
    }
    entries.push({ address: parsed.address, family: parsed.family, name, aliases, line: index + 1 });
  }
  if (skipped > MAX_WARNINGS) warnings.push(`${skipped - MAX_WARNINGS} more lines ignored`);
  return new HostsTable(entries, warnings);
}
