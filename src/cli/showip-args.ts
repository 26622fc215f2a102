/**
 * showip's command line, parsed without touching the machine: argv in, a description of what
 * to do out. Kept apart from showip.ts so that every option, conflict and usage error can be
 * tested without a name server or a child process.
 */
import { parseArgs } from 'node:util';
import { parseNameServer } from '../env/index.js';

/** The socket types --socktype accepts; `any` is socktype 0 (one result per type glibc knows). */
export const SOCKTYPE_NAMES = ['stream', 'dgram', 'raw', 'any'] as const;

/** One of {@link SOCKTYPE_NAMES}. */
export type SocktypeName = (typeof SOCKTYPE_NAMES)[number];

/** What to look up and how, in the tool's own terms; showip.ts turns it into hints and flags. */
export interface ShowipOptions {
  /** The operands, in order: names or addresses (addresses only with `reverse`). */
  readonly hosts: readonly string[];
  /** `-4` / `-6`; `any` is AF_UNSPEC. */
  readonly family: 'any' | 'inet' | 'inet6';
  /** AI_V4MAPPED. */
  readonly v4mapped: boolean;
  /** AI_ALL. */
  readonly all: boolean;
  /** AI_ADDRCONFIG. */
  readonly addrconfig: boolean;
  /** AI_NUMERICHOST, or NI_NUMERICHOST with `reverse`. */
  readonly numericHost: boolean;
  /** AI_CANONNAME. */
  readonly canonName: boolean;
  /** AI_PASSIVE. */
  readonly passive: boolean;
  /** The service (name or port); for `reverse`, a port number. Undefined: none (NULL). */
  readonly service: string | undefined;
  /** AI_NUMERICSERV, or NI_NUMERICSERV with `reverse`. */
  readonly numericServ: boolean;
  /** Hints' socktype; with `reverse`, `dgram` means NI_DGRAM. */
  readonly socktype: SocktypeName;
  /** `--server` values as given (validated), replacing resolv.conf's servers; empty: keep them. */
  readonly servers: readonly string[];
  /** `-r`: getnameinfo instead of getaddrinfo. */
  readonly reverse: boolean;
  /** NI_NAMEREQD (only with `reverse`). */
  readonly nameRequired: boolean;
  /** NI_NOFQDN (only with `reverse`). */
  readonly noFqdn: boolean;
  /** AI_IDN (forward) / NI_IDN (reverse): IDNA conversion of non-ASCII names. */
  readonly idn: boolean;
  /** Print JSON instead of text. */
  readonly json: boolean;
}

/** What the command line asks for. A usage error carries the message to print before the usage line. */
export type ShowipCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: ShowipOptions }
  | { readonly kind: 'usage-error'; readonly message: string };

/** The one-line synopsis, printed after every usage error. */
export const SHOWIP_USAGE = 'usage: showip [options] [--] HOST...';

/** The --help text. It is the reference for the output formats, so keep it in step with showip.ts. */
export const SHOWIP_HELP = `${SHOWIP_USAGE}
       showip -r [options] [--] ADDRESS...

Show the IP addresses getaddrinfo gives for each HOST, as the classic showip.c does:

  IP addresses for HOST:

    IPv4: 192.0.2.10
    IPv6: 2001:db8::10

One line per address, in getaddrinfo's order (RFC 6724), however many socket types it
has. Names are looked up in the hosts file first, then in DNS; \`localhost\` never needs
a name server. An operand that starts with \`-\` is read as an option: put \`--\` before
it (showip -- -odd-name.example).

Lookup options (getaddrinfo hints):
  -4                    IPv4 only (AF_INET)
  -6                    IPv6 only (AF_INET6)
      --v4mapped        with -6: IPv4 addresses as ::ffff:a.b.c.d when a name has no
                        IPv6 address (AI_V4MAPPED)
      --all             with --v4mapped: IPv6 and mapped IPv4 addresses both (AI_ALL)
      --addrconfig      only families this machine has a non-loopback address for
                        (AI_ADDRCONFIG)
      --numerichost     HOST must be an address; never look a name up (AI_NUMERICHOST)
      --canonname       also print the canonical name (AI_CANONNAME), as the line
                          canonical name: NAME
                        after the blank line
      --passive         for HOST \`*\` (no host, as glibc reads it): the wildcard
                        address to bind to rather than loopback (AI_PASSIVE); quote
                        the star so the shell does not expand it: showip --passive '*'
      --idn             convert a non-ASCII HOST to its IDNA (xn--) form first
                        (AI_IDN), and with -r, IDNA names back (NI_IDN). Off by
                        default, as in getaddrinfo and showip.c, so that showip shows
                        what a program calling getaddrinfo without AI_IDN gets: for
                        bücher.example that is EAI_NONAME. getent, dns.lookup and this
                        package's lookup() convert by default.
  -s, --service NAME|PORT
                        the service or port to look up (default: none)
      --numericserv     the service must be a port number (AI_NUMERICSERV)
      --socktype stream|dgram|raw|any
                        the socket type to ask for (default: stream, as showip.c)
      --server ADDR[:PORT]
                        ask this name server instead of resolv.conf's; repeat for
                        more (e.g. --server 127.0.0.1:5300 --server [::1]:5300)

Reverse lookups (getnameinfo):
  -r, --reverse         each operand is an address; print its name:
                          Name for ADDRESS:

                            host: NAME
                            service: SERVICE      (with --service PORT)
      --numerichost     the address as text, no lookup (NI_NUMERICHOST)
      --namereqd        fail when the address has no name (NI_NAMEREQD)
      --nofqdn          only the first label for names in the local domain (NI_NOFQDN)
      --numericserv     the port as a number (NI_NUMERICSERV)
      --socktype dgram  the UDP service name for the port (NI_DGRAM)

Output:
      --json            one JSON value per operand, one per line: the array of
                        { family, address, port, socktype, protocol, canonname }
                        (family 4 or 6; canonname null except on the first result
                        with --canonname), or { host, service } with -r; null for
                        an operand that failed
  -h, --help            print this help
  -V, --version         print showip's version

Environment: RESOLV_CONF and RESOLV_HOSTS name other resolv.conf and hosts files;
LOCALDOMAIN and RES_OPTIONS override the search list and options, as for the C resolver.
Each DNS try that times out or is refused is reported on stderr as it happens; when no
resolv.conf can be read (often so on Windows and macOS) showip says so, once, before
asking the default server 127.0.0.1:53.

Exit status: 0 when every operand was found; 2 when any lookup failed (each failure is
printed on stderr as "showip: HOST: MESSAGE (EAI_CODE)", the others still printed);
1 for a usage error.
`;

const OPTIONS = {
  '4': { type: 'boolean', short: '4' },
  '6': { type: 'boolean', short: '6' },
  v4mapped: { type: 'boolean' },
  all: { type: 'boolean' },
  addrconfig: { type: 'boolean' },
  numerichost: { type: 'boolean' },
  canonname: { type: 'boolean' },
  passive: { type: 'boolean' },
  service: { type: 'string', short: 's', multiple: true },
  numericserv: { type: 'boolean' },
  socktype: { type: 'string', multiple: true },
  server: { type: 'string', multiple: true },
  reverse: { type: 'boolean', short: 'r' },
  namereqd: { type: 'boolean' },
  nofqdn: { type: 'boolean' },
  idn: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** Options that only mean something to getaddrinfo, refused with -r rather than silently ignored. */
const FORWARD_ONLY = ['v4mapped', 'all', 'addrconfig', 'canonname', 'passive', '4', '6'] as const;
/** Options that only mean something to getnameinfo. */
const REVERSE_ONLY = ['namereqd', 'nofqdn'] as const;

/** node:util's messages suggest `--` for positional arguments; ours name the option and stop. */
function describeParseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // Both "needs a value" and "takes no value" arrive here.
      return /does not take an argument/.test(message)
        ? `option ${quoted ?? ''} takes no value`.replace('  ', ' ')
        : `option ${quoted ?? ''} needs a value`.replace('  ', ' ');
    default:
      return message;
  }
}

function last(values: readonly string[] | undefined): string | undefined {
  return values === undefined ? undefined : values[values.length - 1];
}

/**
 * Parses showip's arguments (without the `node` and script words). Never throws and never
 * exits: a usage error comes back as a value, so that the caller decides how to print it.
 * `--help` wins over every error, as users type it when the rest is wrong.
 */
export function parseShowipArgs(argv: readonly string[]): ShowipCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const end = argv.indexOf('--');
    const options = end < 0 ? argv : argv.slice(0, end);
    if (options.includes('--help') || options.includes('-h')) return { kind: 'help' };
    if (options.includes('--version') || options.includes('-V')) return { kind: 'version' };
    return { kind: 'usage-error', message: describeParseError(error) };
  }
  if (parsed.values.help === true) return { kind: 'help' };
  if (parsed.values.version === true) return { kind: 'version' };
  const v = parsed.values;
  const usage = (message: string): ShowipCommand => ({ kind: 'usage-error', message });

  if (v['4'] === true && v['6'] === true) return usage('-4 and -6 cannot be used together');
  const reverse = v.reverse === true;
  if (reverse) {
    const bad = FORWARD_ONLY.find((o) => v[o] === true);
    if (bad !== undefined) return usage(`${bad.length === 1 ? '-' : '--'}${bad} is a getaddrinfo option; it cannot be used with -r`);
  } else {
    const bad = REVERSE_ONLY.find((o) => v[o] === true);
    if (bad !== undefined) return usage(`--${bad} is a getnameinfo option; it needs -r`);
  }

  // A repeated single-valued option takes the last value, as getopt-based tools do.
  const socktype = last(v.socktype) ?? 'stream';
  if (!(SOCKTYPE_NAMES as readonly string[]).includes(socktype)) {
    return usage(`--socktype must be one of ${SOCKTYPE_NAMES.join(', ')}, not ${JSON.stringify(socktype)}`);
  }
  if (reverse && socktype !== 'stream' && socktype !== 'dgram') {
    return usage('with -r, --socktype can only be stream or dgram (NI_DGRAM)');
  }

  const service = last(v.service);
  if (reverse && service !== undefined && !/^\d{1,5}$/.test(service)) {
    return usage(`with -r, --service must be a port number, not ${JSON.stringify(service)}`);
  }
  if (reverse && service !== undefined && Number(service) > 65535) {
    return usage(`port ${service} is out of range (0 to 65535)`);
  }

  const servers = v.server ?? [];
  for (const server of servers) {
    if (parseNameServer(server) === undefined) {
      return usage(`--server needs an address with an optional port (127.0.0.1, 127.0.0.1:5300, ::1, [::1]:5300), not ${JSON.stringify(server)}`);
    }
  }

  if (parsed.positionals.length === 0) return usage(reverse ? 'no ADDRESS given' : 'no HOST given');

  return {
    kind: 'run',
    options: {
      hosts: parsed.positionals,
      family: v['4'] === true ? 'inet' : v['6'] === true ? 'inet6' : 'any',
      v4mapped: v.v4mapped === true,
      all: v.all === true,
      addrconfig: v.addrconfig === true,
      numericHost: v.numerichost === true,
      canonName: v.canonname === true,
      passive: v.passive === true,
      service,
      numericServ: v.numericserv === true,
      socktype: socktype as SocktypeName,
      servers,
      reverse,
      nameRequired: v.namereqd === true,
      noFqdn: v.nofqdn === true,
      idn: v.idn === true,
      json: v.json === true,
    },
  };
}
