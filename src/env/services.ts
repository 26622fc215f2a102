/**
 * /etc/services, read as glibc's nss_files reads it: `name port/protocol aliases...`, `#`
 * starting a comment anywhere. Lookups behave as getservbyname / getservbyport: names are
 * case-sensitive, the first matching line in file order wins, and a lookup without a protocol
 * takes the first line of any protocol.
 *
 * Difference from glibc: a port must be plain decimal 0..65535 followed by `/` and a protocol.
 * glibc reads the port with strtoul and keeps its low 16 bits, so `-1/tcp` is port 65535 and
 * `65617/tcp` is port 81; such lines are skipped here.
 */
import { ArgumentError } from '../errors.js';
import { splitWhite, stripHashComment, quoteWord } from './ctext.js';

/** One line of the services file. */
export interface ServiceEntry {
  readonly name: string;
  readonly port: number;
  /** As written: normally `tcp`, `udp`, `sctp` or `ddp`. */
  readonly protocol: string;
  readonly aliases: readonly string[];
}

const MAX_WARNINGS = 20;

/** The services file, indexed for getservbyname / getservbyport lookups. Immutable. */
export class ServicesTable {
  readonly #entries: readonly ServiceEntry[];
  readonly #byName = new Map<string, ServiceEntry>();
  readonly #byPort = new Map<string, ServiceEntry>();
  /** Lines that were not usable, as `line N: ...` (the first few), for diagnostics. */
  readonly warnings: readonly string[];

  /** Index `entries` (normally from parseServices), keeping the first line for each key as glibc does. */
  constructor(entries: readonly ServiceEntry[] = [], warnings: readonly string[] = []) {
    if (!Array.isArray(entries)) throw new ArgumentError('ServicesTable: entries must be an array');
    const frozen = entries.map((e) => Object.freeze({ ...e, aliases: Object.freeze([...e.aliases]) }));
    this.#entries = Object.freeze(frozen);
    const first = <K>(map: Map<K, ServiceEntry>, key: K, entry: ServiceEntry): void => {
      if (!map.has(key)) map.set(key, entry);
    };
    for (const entry of frozen) {
      for (const name of [entry.name, ...entry.aliases]) {
        first(this.#byName, `${name}/${entry.protocol}`, entry);
        first(this.#byName, name, entry);
      }
      first(this.#byPort, `${entry.port}/${entry.protocol}`, entry);
      first(this.#byPort, String(entry.port), entry);
    }
    this.warnings = Object.freeze([...warnings]);
    Object.freeze(this);
  }

  /** Every usable line, in file order. */
  get entries(): readonly ServiceEntry[] {
    return this.#entries;
  }

  /** Number of usable lines. */
  get size(): number {
    return this.#entries.length;
  }

  /** getservbyname: the first line naming `name` (or an alias) for `protocol`, or for any protocol when omitted. */
  getByName(name: string, protocol?: string): ServiceEntry | undefined {
    // A name containing '/' would alias the composite key; no services line has one.
    if (name.includes('/')) return undefined;
    return this.#byName.get(protocol === undefined ? name : `${name}/${protocol}`);
  }

  /** getservbyport: the first line with `port` for `protocol`, or for any protocol when omitted. */
  getByPort(port: number, protocol?: string): ServiceEntry | undefined {
    if (!Number.isInteger(port)) return undefined;
    return this.#byPort.get(protocol === undefined ? String(port) : `${port}/${protocol}`);
  }
}

function parsePortProtocol(word: string): { port: number; protocol: string } | undefined {
  const slash = word.indexOf('/');
  if (slash <= 0 || slash === word.length - 1) return undefined;
  for (let i = 0; i < slash; i++) {
    const code = word.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const port = Number(word.slice(0, slash));
  return port <= 65535 ? { port, protocol: word.slice(slash + 1) } : undefined;
}

/** Read services-file text into a ServicesTable. Pure: bad lines are skipped (and noted in `warnings`), never fatal. */
export function parseServices(text: string): ServicesTable {
  if (typeof text !== 'string') throw new ArgumentError('parseServices: text must be a string');
  const entries: ServiceEntry[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const [name, portProtocol, ...aliases] = splitWhite(stripHashComment(lines[index] as string));
    if (name === undefined) continue;
    const parsed = portProtocol === undefined ? undefined : parsePortProtocol(portProtocol);
    if (parsed === undefined) {
      skipped++;
      if (warnings.length < MAX_WARNINGS) {
        warnings.push(`line ${index + 1}: ${quoteWord(portProtocol ?? '')} is not port/protocol; line ignored`);
      }
      continue;
    }
    entries.push({ name, port: parsed.port, protocol: parsed.protocol, aliases });
  }
  if (skipped > MAX_WARNINGS) warnings.push(`${skipped - MAX_WARNINGS} more lines ignored`);
  return new ServicesTable(entries, warnings);
}
