/**
 * dnsupdate's command line: nsupdate's (BIND 9.18.49, bin/nsupdate/nsupdate.c pre_parse_args
 * and parse_args), read with a port of isc_commandline_parse, so that an nsupdate command line
 * means the same here, with the same messages and exit status for what it refuses. Added:
 * `--help`, `--version` and `--json`, recognised as whole words among the options.
 *
 * Why two passes, as nsupdate: its first pass acts on -h, -P, -T, -V and the -4/-6 conflict
 * before anything else is read, so `nsupdate -p x -V` prints the version and exits 0, while
 * `nsupdate -p x` says `bad port number`. A script depending on either sees the same here.
 *
 * Where nsupdate prints its own name (argv[0]) this prints the program's name. Pure: no I/O.
 */
import { isMetaType, typeName } from '../packet/index.js';
import { bindDataTypeNames, parseUint32 } from './nsupdate-syntax.js';

/** nsupdate's option string (PARSE_ARGS_FMT): a colon follows each option that takes an argument. */
const OPTIONS = '46C:dDghilL:Mok:p:Pr:R:t:Tu:vVy:';

/** What the command line asks for. */
export interface NsupdateArgs {
  /** `-y [hmac:]name:secret`. */
  keyString?: string;
  /** `-k file` (with -l: the session key file instead of the default one). */
  keyFile?: string;
  /** `-l`: localhost only, signed with the session key. */
  localOnly: boolean;
  /** `-p`: the port of the resolv.conf servers, of `server` without a port, and of the primary's addresses. */
  port: number;
  /** `-C file`: the resolv.conf to read. */
  resolvConf?: string;
  /** `-v`: TCP. */
  tcp: boolean;
  /** `-t`: seconds for a TCP exchange; 0 (no limit) is kept as 0. */
  timeout: number;
  /** `-u`: seconds per UDP try; 0 means timeout / (retries + 1), at least 1. */
  udpTimeout: number;
  /** `-r`: UDP retries (tries = retries + 1). */
  udpRetries: number;
  /** `-4` / `-6`: one family only. */
  family?: 4 | 6;
  /** 0, 1 with -d, 2 with -D (or -M). */
  debug: 0 | 1 | 2;
  /** `-i`: interactive even when reading a file or a pipe. */
  forceInteractive: boolean;
  /** `--json`: one JSON object per send on stdout. */
  json: boolean;
  /** The script file; `-` (only reachable after `--`, as in nsupdate) is stdin. Absent: stdin. */
  file?: string;
}

/** What to do: run, or stop at once with this output and status. */
export type ArgsOutcome = { kind: 'run'; args: NsupdateArgs } | { kind: 'exit'; status: number; stdout: string; stderr: string };

/** nsupdate's usage line, with the program's name. */
export function nsupdateUsage(program: string): string {
  return `usage: ${program} [-CdDi] [-L level] [-l] [-g | -o | -y keyname:secret | -k keyfile] [-p port] [-v] [-V] [-P] [-T] [-4 | -6] [--json] [filename]\n`;
}

/** The text of `--help`. */
export function nsupdateHelpText(program: string): string {
  return `${nsupdateUsage(program)}
Sends RFC 2136 dynamic updates written in nsupdate's command language (BIND 9.18), read from
the file named or from standard input (with a "> " prompt when that is a terminal).

  -y [hmac:]name:secret  sign with this TSIG key (default algorithm hmac-md5)
  -k file                sign with the key in this file (tsig-keygen / ddns-confgen output,
                         a session.key, or a dnssec-keygen K*.private for an HMAC key)
  -l                     localhost only (::1 and 127.0.0.1), signed with the session key
                         (/run/named/session.key, or the -k file)
  -p port                port of the name servers (default 53)
  -C file                resolv.conf to read (default /etc/resolv.conf, or $RESOLV_CONF)
  -t secs                TCP timeout (default 300; 0: no limit)
  -u secs                time per UDP try (default 3)
  -r n                   UDP retries (default 3: four tries per address)
  -v                     use TCP          -4 / -6   IPv4 / IPv6 only
  -d / -D                debug output     -i        interactive (errors are not fatal)
  -V                     print the version on standard error, as nsupdate does
  -T / -P                list the record types known (public / private range)
  --json                 after each send, one JSON object on standard output: zone, server,
                         rcode, the TSIG outcome and, when it failed, why
  --help, --version

Commands: see the "help" command, or the nsupdate manual. Differences from nsupdate are
listed in docs/nsupdate-differences.md (a key that cannot be loaded stops the run; secrets
are never printed; GSS-TSIG and SIG(0) are not supported).

Exit status: 0 every update went through, 2 one failed (or another error was seen),
1 a usage error, a command error in a script, or a fatal error.
`;
}

/** isc_commandline_parse over argv: yields each option (`?` for a bad one) and its argument. */
class CommandLine {
  index = 0;
  private place = '';
  /** The option character last read (isc_commandline_option). */
  option = '';
  argument: string | undefined;
  errors = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly program: string,
  ) {}

  /** The next option, or undefined at the first operand or after `--`. */
  next(): string | undefined {
    if (this.place === '') {
      const word = this.argv[this.index];
      if (word === undefined || !word.startsWith('-')) return undefined;
      if (word === '--') {
        this.index++;
        return undefined;
      }
      // A lone "-" is not skipped past: its '-' is read as the option (an illegal one).
      this.place = word === '-' ? '-' : word.slice(1);
    }
    this.option = this.place[0]!;
    this.place = this.place.slice(1);
    const at = OPTIONS.indexOf(this.option);
    if (this.option === ':' || at < 0) {
      if (this.place === '') this.index++;
      this.errors += `${this.program}: illegal option -- ${this.option}\n`;
      return '?';
    }
    if (OPTIONS[at + 1] !== ':') {
      this.argument = undefined;
      if (this.place === '') this.index++;
      return this.option;
    }
    if (this.place !== '') {
      this.argument = this.place;
    } else if (this.index + 1 < this.argv.length) {
      this.index++;
      this.argument = this.argv[this.index];
    } else {
      this.place = '';
      this.errors += `${this.program}: option requires an argument -- ${this.option}\n`;
      return '?';
    }
    this.place = '';
    this.index++;
    return this.option;
  }
}

const exit = (status: number, stderr: string, stdout = ''): ArgsOutcome => ({ kind: 'exit', status, stdout, stderr });

/** isc_parse_uint32 in base 10, as a number, or undefined. */
function uint32(text: string): number | undefined {
  const r = parseUint32(text);
  return r.ok ? r.value : undefined;
}

/**
 * Reads a command line as nsupdate does (see the file comment). `version` is what -V and
 * --version print after the program's name.
 */
export function parseNsupdateArgs(argvIn: readonly string[], options: { program: string; version: string }): ArgsOutcome {
  const { program, version } = options;
  // The long options are ours; nsupdate would call each an illegal option. They are taken out
  // wherever they stand among the options (before the first operand or `--`).
  let json = false;
  const argv: string[] = [];
  let operands = false;
  for (let i = 0; i < argvIn.length; i++) {
    const word = argvIn[i]!;
    if (!operands) {
      if (word === '--help') return exit(0, '', nsupdateHelpText(program));
      if (word === '--version') return exit(0, '', `${program} ${version}\n`);
      if (word === '--json') {
        json = true;
        continue;
      }
      if (word === '--' || !word.startsWith('-')) {
        operands = true;
      } else if (optionTakesNext(word) && i + 1 < argvIn.length) {
        // An option's argument is neither an operand nor a long option: `-y --json` keeps it.
        argv.push(word, argvIn[++i]!);
        continue;
      }
    }
    argv.push(word);
  }

  // pre_parse_args
  const first = new CommandLine(argv, program);
  let doExit = false;
  let stdout = '';
  let stderr = '';
  let v4 = false;
  let v6 = false;
  let debug: 0 | 1 | 2 = 0;
  for (let ch = first.next(); ch !== undefined; ch = first.next()) {
    switch (ch) {
      case 'M':
        debug = 2;
        break;
      case '4':
        if (v6) return exit(1, `${first.errors}only one of -4 and -6 allowed\n`);
        v4 = true;
        break;
      case '6':
        if (v4) return exit(1, `${first.errors}only one of -4 and -6 allowed\n`);
        v6 = true;
        break;
      case '?':
      case 'h': {
        const invalid = first.option !== '?' ? `${program}: invalid argument -${first.option}\n` : '';
        return exit(1, `${first.errors}${invalid}${nsupdateUsage(program)}`);
      }
      case 'P':
        for (let t = 0xff00; t <= 0xfffe; t++) if (!isMetaType(t) && !typeName(t).startsWith('TYPE')) stdout += `${typeName(t)}\n`;
        doExit = true;
        break;
      case 'T':
        stdout += bindDataTypeNames().map((n) => `${n}\n`).join('');
        doExit = true;
        break;
      case 'V':
        stderr += `${program} ${version}\n`;
        doExit = true;
        break;
      default:
        break;
    }
  }
  if (doExit) return exit(0, first.errors + stderr, stdout);

  // parse_args
  const args: NsupdateArgs = { localOnly: false, port: 53, tcp: false, timeout: 300, udpTimeout: 3, udpRetries: 3, debug, forceInteractive: false, json };
  const cl = new CommandLine(argv, program);
  let gss = false;
  for (let ch = cl.next(); ch !== undefined; ch = cl.next()) {
    const arg = cl.argument ?? '';
    switch (ch) {
      case '4':
        args.family = 4;
        break;
      case '6':
        args.family = 6;
        break;
      case 'C':
        args.resolvConf = arg;
        break;
      case 'd':
        if (args.debug === 0) args.debug = 1;
        break;
      case 'D':
      case 'M':
        args.debug = 2;
        break;
      case 'i':
        args.forceInteractive = true;
        break;
      case 'l':
        args.localOnly = true;
        break;
      case 'L':
        if (uint32(arg) === undefined) return exit(1, `bad library debug value '${arg}'\n`);
        break;
      case 'y':
        args.keyString = arg;
        break;
      case 'v':
        args.tcp = true;
        break;
      case 'k':
        args.keyFile = arg;
        break;
      case 'g':
      case 'o':
        gss = true;
        break;
      case 'p': {
        const port = uint32(arg);
        if (port === undefined || port > 0xffff) return exit(1, `bad port number '${arg}'\n`);
        args.port = port;
        break;
      }
      case 't': {
        const t = uint32(arg);
        if (t === undefined) return exit(1, `bad timeout '${arg}'\n`);
        args.timeout = t;
        break;
      }
      case 'u': {
        const u = uint32(arg);
        if (u === undefined) return exit(1, `bad udp timeout '${arg}'\n`);
        args.udpTimeout = u;
        break;
      }
      case 'r': {
        const r = uint32(arg);
        if (r === undefined) return exit(1, `bad udp retries '${arg}'\n`);
        args.udpRetries = r;
        break;
      }
      case 'R':
        return exit(1, 'The -R option has been deprecated.\n');
      default:
        // The first pass already refused every bad option.
        return exit(1, `${program}: unhandled option: ${cl.option}\n`);
    }
  }
  if (args.keyFile !== undefined && args.keyString !== undefined) return exit(1, `${program}: cannot specify both -k and -y\n`);
  if (gss) return exit(1, `${program}: cannot specify -g or -o: GSS-TSIG is not supported\n`);
  const operand = argv[cl.index];
  if (operand !== undefined) args.file = operand;
  return { kind: 'run', args };
}

/** Whether `word` (an option cluster) ends with an option that takes the next word as its argument. */
function optionTakesNext(word: string): boolean {
  // Walk the cluster as isc_commandline_parse would: the first option taking an argument takes
  // the rest of the word, or the next word when it is last.
  for (let i = 1; i < word.length; i++) {
    const at = OPTIONS.indexOf(word[i]!);
    if (at < 0 || word[i] === ':') return false;
    if (OPTIONS[at + 1] === ':') return i === word.length - 1;
  }
  return false;
}
