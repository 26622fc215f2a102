/**
 * dnsq's command line, read the way dig reads its own: a bare word is a type if it names one,
 * else a class if it names one, else the name (so `dnsq mx example.com` and `dnsq example.com
 * mx` ask the same question, and a host called `mx` is asked for as `mx.`). Pure: no I/O, so
 * every rule can be tested without a server.
 */
import { parseNameServer, type NameServer } from '../env/index.js';
import { className, classNumber, isClassName, isTypeName, reverseName, typeName, typeNumber } from '../packet/index.js';

/** One line of usage, printed with every usage error. */
export const DNSQ_USAGE =
  'usage: dnsq [@server[:port]] [-p port] [-t type] [-c class] [-q name] [-x address] name [type] [class] [+option...] [--json] [-h|--help] [-v|--version]';

/** The help text of `dnsq -h`. Every option is here; keep it in step with the parser below. */
export const DNSQ_HELP = `${DNSQ_USAGE}

Asks one DNS question and prints the reply as dig does.

Where and what to ask:
  @server[:port]   ask this server (127.0.0.1, 127.0.0.1:5300, ::1, [::1]:5300) instead of
                   the ones in resolv.conf ($RESOLV_CONF); an address, never a host name
  -p port          the port for the server(s), over one given with @server (dig's -p)
  name type class  type and class in any order after the name; defaults A and IN. A bare
                   word that names a type or class is taken as one: write a host called
                   "mx" as "mx."
  -t type          the type, when it would otherwise be read as the name (also AXFR,
                   and ixfr=SERIAL)
  -c class         the class (IN, CH, HS, ANY, CLASSn)
  -q name          the name, when it looks like a type, a class or an option
  -x address       reverse lookup: asks for the PTR record of the address
  AXFR, ixfr=N     a zone transfer over TCP, as dig prints it (every record, then the
                   "XFR size" line); IXFR asks for the changes since serial N

+options (each also as +noOPTION):
  +tcp             ask over TCP (+vc); ANY goes over TCP unless +notcp, as in dig
  +norec           clear RD: no recursion asked for (+[no]recurse)
  +dnssec          set the DO bit (EDNS)
  +aaonly          set the AA bit in the query, as dig's +aaonly does (+aaflag); servers
                   ignore it, and dnsq does not filter answers by it
  +nocache         bypass the answer cache (dnsq makes one query, so this changes nothing
                   but is accepted for scripts written for the library's flags)
  +search          use the search list (resolv.conf, LOCALDOMAIN)
  +short           print only the answer's data, one record a line, as dig +short
  +time=N          wait N seconds for each try (default: resolv.conf's timeout, else 5)
  +tries=N         try N times in all, over UDP or TCP (default: resolv.conf's attempts,
                   else 3, as dig); +retry=N is +tries=N+1
  +idnin           convert a non-ASCII name to its IDNA (xn--) form before asking (the
                   default, as dig at a terminal; +noidnin sends its UTF-8 octets as they are)

Output and the rest:
  --json           print the reply as one JSON document: the decoded message with Buffers
                   as hex strings, each record also carrying "rdata" in presentation format
  -h, --help       print this help
  -v, --version    print dnsq's version
  RES_OPTIONS (timeout:N attempts:N ndots:N ...) and LOCALDOMAIN are honoured.

Progress goes to stderr, one line a try (";; communications error to 127.0.0.1#53: timed
out", ";; Truncated, retrying in TCP mode."); dig prints these on stdout.

Exit status: 0 a reply came (whatever its rcode, a failed transfer too), 1 usage error
(or a name +idnin cannot convert), 9 no server replied, 10 any other error (such as a name
that cannot be encoded).`;

/** A server from the command line, with the text it was given as (for messages). */
export interface CommandLineServer extends NameServer {
  /** The server as written after `@`. */
  readonly given: string;
}

/** What the command line asks for. */
export interface DnsqOptions {
  /** The server to ask instead of the configured ones. */
  server?: CommandLineServer;
  /** A port for the server(s) (`-p`); overrides a port given with @server, as in dig. */
  port?: number;
  /** The name to ask for, as typed, or the in-addr.arpa / ip6.arpa name for -x. */
  name: string;
  /** The address given with -x, when it was. */
  reverse?: string;
  /** The type mnemonic, upper case (`A`, `TYPE65280`). */
  type: string;
  /** The class mnemonic, upper case. */
  class: string;
  tcp: boolean;
  recurse: boolean;
  dnssec: boolean;
  aaonly: boolean;
  nocache: boolean;
  search: boolean;
  json: boolean;
  /** +short: print only the answers' RDATA. */
  short: boolean;
  /** +time=N: seconds per try; undefined: resolv.conf's (or dig's 5). */
  timeout?: number;
  /** +tries=N: tries in all; undefined: resolv.conf's attempts (or dig's 3). */
  tries?: number;
  /** +idnin: convert a non-ASCII name to IDNA before asking (default true). */
  idnin: boolean;
  /** For `ixfr=N`: the serial the IXFR asks for changes since. */
  ixfrSerial?: number;
}

/** The outcome of reading the command line: run, show help, or a usage error. */
export type DnsqArgs =
  | { readonly kind: 'run'; readonly options: DnsqOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string };

/** The +options, each with the field it sets; dig's spellings, including its aliases. */
const PLUS_OPTIONS: Readonly<Record<string, 'tcp' | 'recurse' | 'dnssec' | 'aaonly' | 'nocache' | 'search' | 'short' | 'idnin'>> = {
  tcp: 'tcp',
  vc: 'tcp',
  rec: 'recurse',
  recurse: 'recurse',
  dnssec: 'dnssec',
  aaonly: 'aaonly',
  aaflag: 'aaonly',
  cache: 'nocache',
  search: 'search',
  short: 'short',
  idnin: 'idnin',
};

/** +options that take a number (`+time=5`), with the largest value the Resolver takes. */
const NUMBER_OPTIONS: Readonly<Record<string, { field: 'timeout' | 'tries'; max: number; add: number }>> = {
  time: { field: 'timeout', max: 3600, add: 0 },
  timeout: { field: 'timeout', max: 3600, add: 0 },
  tries: { field: 'tries', max: 100, add: 0 },
  retry: { field: 'tries', max: 99, add: 1 },
};

/** dig's `ixfr=N` type word. */
const IXFR = /^ixfr=([0-9]{1,10})$/i;

// A bare word is tried as a type or class only if it could be a mnemonic, so that `*` or a
// name with dots is never taken for one.
const MNEMONIC = /^[A-Za-z][A-Za-z0-9-]*$/;

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * Reads dnsq's arguments (without `node` and the script). Never throws: a bad command line
 * is `{ kind: 'error', message }`, to be printed with DNSQ_USAGE and exit status 1.
 */
export function parseDnsqArgs(argv: readonly string[]): DnsqArgs {
  const o: Omit<DnsqOptions, 'name'> & { name?: string } = {
    type: 'A',
    class: 'IN',
    tcp: false,
    recurse: true,
    dnssec: false,
    aaonly: false,
    nocache: false,
    search: false,
    json: false,
    short: false,
    idnin: true,
  };
  let typeSet = false;
  let classSet = false;
  let tcpSet = false;
  const error = (message: string): DnsqArgs => ({ kind: 'error', message });

  const setType = (word: string): string | undefined => {
    const ixfr = IXFR.exec(word);
    if (ixfr === null && /^ixfr$/i.test(word)) return 'IXFR needs the serial to start from: ixfr=N';
    if (ixfr === null && (!MNEMONIC.test(word) || !isTypeName(word))) return `unknown type "${word}"`;
    if (typeSet) return `more than one type: "${o.type}" and "${word}"`;
    if (ixfr !== null) {
      const serial = Number(ixfr[1]);
      if (serial > 0xffffffff) return `not a serial number: "${ixfr[1]}"`;
      o.type = 'IXFR';
      o.ixfrSerial = serial;
    } else {
      o.type = typeName(typeNumber(word));
    }
    typeSet = true;
    return undefined;
  };
  const setClass = (word: string): string | undefined => {
    if (!MNEMONIC.test(word) || !isClassName(word)) return `unknown class "${word}"`;
    if (classSet) return `more than one class: "${o.class}" and "${word}"`;
    o.class = className(classNumber(word));
    classSet = true;
    return undefined;
  };
  const setName = (name: string): string | undefined => {
    if (o.name !== undefined) return `dnsq asks one question: a second name "${name}"`;
    if (name === '') return 'an empty name';
    o.name = name;
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (arg === '--json') {
      o.json = true;
    } else if (arg.startsWith('@')) {
      if (o.server !== undefined) return error(`more than one server: "${o.server.given}" and "${arg.slice(1)}"`);
      const server = parseNameServer(arg.slice(1));
      if (server === undefined) return error(`not a server address: "${arg.slice(1)}" (give an IP address, with :port or [IPv6]:port)`);
      o.server = { ...server, given: arg.slice(1) };
    } else if (arg.startsWith('+') && arg.includes('=')) {
      const [key = '', text = ''] = arg.slice(1).toLowerCase().split('=', 2);
      const option = NUMBER_OPTIONS[key];
      if (option === undefined) return error(`unknown option "${arg}"`);
      if (!/^[0-9]{1,7}$/.test(text)) return error(`${arg}: not a number`);
      // dig reads +time=0 and +tries=0 as 1.
      const n = Math.max(1, Number(text) + option.add);
      if (n > option.max + option.add) return error(`${arg}: at most ${option.max}`);
      o[option.field] = n;
    } else if (arg.startsWith('+')) {
      const word = arg.slice(1).toLowerCase();
      const negated = word.startsWith('no');
      const field = PLUS_OPTIONS[negated ? word.slice(2) : word];
      if (field === undefined) return error(`unknown option "${arg}"`);
      // +nocache sets the field `nocache`; +cache clears it.
      o[field] = field === 'nocache' ? negated : !negated;
      if (field === 'tcp') tcpSet = true;
    } else if (arg === '-p' || arg === '-t' || arg === '-c' || arg === '-x' || arg === '-q') {
      const v = value();
      if (v === undefined) return error(`${arg} needs a value`);
      let problem: string | undefined;
      if (arg === '-p') {
        const port = parsePort(v);
        if (port === undefined) problem = `not a port number: "${v}"`;
        else o.port = port;
      } else if (arg === '-t') problem = setType(v);
      else if (arg === '-c') problem = setClass(v);
      else if (arg === '-q') problem = setName(v);
      else {
        if (o.reverse !== undefined) problem = 'more than one -x';
        else o.reverse = v;
      }
      if (problem !== undefined) return error(problem);
    } else if (arg.startsWith('-') && arg.length > 1) {
      return error(`unknown option "${arg}"`);
    } else if ((IXFR.test(arg) || (MNEMONIC.test(arg) && isTypeName(arg))) && !typeSet) {
      const problem = setType(arg);
      if (problem !== undefined) return error(problem);
    } else if (MNEMONIC.test(arg) && isClassName(arg) && !classSet) {
      o.class = className(classNumber(arg));
      classSet = true;
    } else if (MNEMONIC.test(arg) && (isTypeName(arg) || isClassName(arg))) {
      return error(`more than one ${isTypeName(arg) ? 'type' : 'class'}: "${arg}"`);
    } else {
      const problem = setName(arg);
      if (problem !== undefined) return error(problem);
    }
  }

  if (o.reverse !== undefined) {
    if (o.name !== undefined) return error(`dnsq asks one question: -x ${o.reverse} and the name "${o.name}"`);
    try {
      o.name = reverseName(o.reverse);
    } catch {
      // dig would make a partial in-addr.arpa name of "1.2.3"; a stub asking for a whole address refuses it.
      return error(`-x needs an IPv4 or IPv6 address, not "${o.reverse}"`);
    }
    if (!typeSet) o.type = 'PTR';
  }
  if (o.name === undefined && o.reverse === undefined) return error('no name to look up');
  // dig asks for ANY over TCP unless +notcp says otherwise (an ANY answer is often too big for UDP).
  if (o.type === 'ANY' && !tcpSet) o.tcp = true;
  return { kind: 'run', options: { ...o, name: o.name ?? '' } };
}
