/**
 * nsupdate's command language (BIND 9.18.49, bin/nsupdate/nsupdate.c), one input line at a time,
 * so that dnsupdate runs an nsupdate script unchanged: same commands, same defaults, same
 * verdicts, and on a bad line the same message, byte for byte.
 *
 * Why a line at a time and stateful: nsupdate reads interactively too, and a line's meaning
 * depends on what came before (the `ttl` and `class` defaults, `check-names`, the zone's class
 * fixed by the first record). The parser keeps exactly that state and nothing else; it does not
 * hold the pending update (the caller builds it from the commands) and sends nothing.
 *
 * Faithful to nsupdate where a script can tell: words split on blanks and tabs only (so `\ `
 * does not escape a blank in a name); names are absolute (the origin is the root, `@` is the
 * root); the rest of the line after the type is RDATA text, where `;` is data, not a comment;
 * words after what a command reads are ignored (`zone a. b.`); TTLs are decimal seconds only.
 * Line numbers in the citations are those of nsupdate.c at tag v9.18.49.
 *
 * Pure: no I/O, no clock.
 */
import { className as packetClassName, parseInetPton4, parseInetPton6, typeName, type Question } from '../packet/index.js';
import { checkOwner, checkRdataNames } from './nsupdate-check-names.js';
import {
  classFromText,
  decodeBase64,
  formatWireName,
  nameFromText,
  parseHmac,
  parseLong,
  parseUint32,
  typeFromText,
  type WireName,
} from './nsupdate-syntax.js';

/** What nsupdate prints after a command error when it is not interactive, before it exits with status 1. */
export const SYNTAX_ERROR = 'syntax error';

/** nsupdate's TTL_MAX: the largest TTL it accepts (a signed 32-bit maximum). */
const TTL_MAX = 2147483647;

/** dns_nsec3_maxiterations() in 9.18: an NSEC3PARAM with more iterations is refused on `add`. */
const NSEC3_MAX_ITERATIONS = 150;

/** The text of nsupdate's `help` command (nsupdate.c 2206-2250), for a given version string (and program name). */
export function nsupdateHelp(version: string, program = 'nsupdate'): string {
  return (
    `${program} ${version}:\n` +
    'local address [port]      (set local resolver)\n' +
    'server address [port]     (set primary server for zone)\n' +
    'send                      (send the update request)\n' +
    'show                      (show the update request)\n' +
    'answer                    (show the answer to the last request)\n' +
    'quit                      (quit, any pending update is not sent)\n' +
    'help                      (display this message)\n' +
    'key [hmac:]keyname secret (use TSIG to sign the request)\n' +
    "gsstsig                   (use GSS_TSIG to sign the request)\n" +
    "oldgsstsig                (use Microsoft's GSS_TSIG to sign the request)\n" +
    'zone name                 (set the zone to be updated)\n' +
    "class CLASS               (set the zone's DNS class, e.g. IN (default), CH)\n" +
    'check-names { on | off }  (enable / disable check-names)\n' +
    '[prereq] nxdomain name    (require that this name does not exist)\n' +
    '[prereq] yxdomain name    (require that this name exists)\n' +
    '[prereq] nxrrset ....     (require that this RRset does not exist)\n' +
    '[prereq] yxrrset ....     (require that this RRset exists)\n' +
    '[update] add ....         (add the given record to the zone)\n' +
    '[update] del[ete] ....    (remove the given record(s) from the zone)\n'
  );
}

// ---------------------------------------------------------------------------------------------
// the commands

/**
 * A prerequisite (RFC 2136 section 2.4) as it goes on the wire: owner, TTL 0, `class` and
 * `type` as nsupdate sets them (nxdomain: NONE ANY; yxdomain: ANY ANY; nxrrset: NONE T;
 * yxrrset without data: ANY T; yxrrset with data: the zone's class, T, data).
 */
export interface NsupdatePrereq {
  kind: 'prereq';
  op: 'nxdomain' | 'yxdomain' | 'nxrrset' | 'yxrrset';
  /** The owner in the packet layer's presentation form (no trailing dot). */
  name: string;
  /** The class on the wire. */
  class: string;
  /** The type on the wire, as the packet layer names it (`TYPEnnn` for one it has no name for). */
  type: string;
  /** The type's number. */
  typeCode: number;
  ttl: 0;
  /** For `yxrrset` with data: the RDATA text (leading blanks removed), to be parsed in `class`. */
  rdata?: string;
  /** The parsed RDATA, when the parser was given {@link ScriptParserOptions.parseRdata}. */
  data?: unknown;
}

/**
 * An update (RFC 2136 section 2.5) as it goes on the wire. `add`: the TTL given or the `ttl`
 * default, the zone's class, data. `delete`: TTL 0 always; no type: ANY ANY (2.5.3); a type
 * and no data: ANY T (2.5.2); data: NONE T data (2.5.4).
 */
export interface NsupdateUpdate {
  kind: 'update';
  op: 'add' | 'delete';
  name: string;
  ttl: number;
  class: string;
  type: string;
  typeCode: number;
  /** The RDATA text (leading blanks removed); absent for the data-less delete forms. */
  rdata?: string;
  /** The class the RDATA is read in (the zone's class): for a delete of one RR, `class` says NONE. */
  rdataClass?: string;
  /** The parsed RDATA, when the parser was given {@link ScriptParserOptions.parseRdata}. */
  data?: unknown;
  /**
   * Whether the caller must still check the names inside the RDATA (check-names was on, the
   * command is an `add`, and no `parseRdata` was given, so the parser could not): see
   * checkRdataNames in nsupdate-check-names.ts.
   */
  checkRdataNames?: boolean;
}

/**
 * A line nsupdate refuses. `stderr` is exactly what nsupdate writes for it (usually `message`
 * and a newline; `local` with a bad address writes no newline; `ttl` with a bad number and
 * `realm` write nothing). When `fatal` (input not interactive: a file or a pipe), nsupdate then
 * writes {@link SYNTAX_ERROR} and a newline and exits with status 1, sending nothing more;
 * interactively it reads the next line. Either way the line changes nothing.
 */
export interface NsupdateError {
  kind: 'error';
  message: string;
  stderr: string;
  fatal: boolean;
}

/** One line's meaning. */
export type NsupdateCommand =
  /** A blank line or `send`: send what is pending (nothing is sent when nothing is pending, unless zone and server are both set). */
  | { kind: 'send' }
  /** `quit`: stop, dropping what is pending. End of input means the same. */
  | { kind: 'quit' }
  /** A line whose first word starts with `;`. */
  | { kind: 'comment' }
  | NsupdatePrereq
  | NsupdateUpdate
  /** `server host [port]`: `host` as written (nsupdate resolves it; up to 4 addresses); port default the `-p` port. */
  | { kind: 'server'; host: string; port: number }
  /** `local address [port]`: the source address of later sends; port 0 means any. */
  | { kind: 'local'; address: string; family: 4 | 6; port: number }
  /** `zone name`: the zone, for every later send (never reset). */
  | { kind: 'zone'; name: string }
  /** `class C`: the default class. */
  | { kind: 'class'; class: string }
  /** `ttl N` / `ttl none`: the default TTL of `add`. */
  | { kind: 'ttl'; ttl: number | undefined }
  /** `key [hmac:]name secret`: sign later messages (default algorithm hmac-md5). */
  | { kind: 'key'; algorithm: string; macBits?: number; name: string; secret: Buffer }
  | { kind: 'check-names'; enabled: boolean }
  /** `show`: print the pending update; `zone` is its ZONE section (present when a zone was set). */
  | { kind: 'show'; zone?: Question }
  /** `answer`: print the reply to the last send, if there was one. */
  | { kind: 'answer' }
  /** `debug`: the first turns on -d, the second -D. */
  | { kind: 'debug' }
  /** `help`: print `text` on stdout. */
  | { kind: 'help'; text: string }
  /** `version`: print `nsupdate VERSION` on stdout. */
  | { kind: 'version' }
  /**
   * `gsstsig` / `oldgsstsig` / `realm`: GSS-TSIG is not built in; `message` goes to stderr
   * and the script goes on, as in a nsupdate built without GSSAPI (whose `realm` is a silent
   * syntax error instead: here it says why, and is not an error).
   */
  | { kind: 'unsupported'; command: 'gsstsig' | 'oldgsstsig' | 'realm'; message: string }
  | NsupdateError;

/** Parses RDATA text of a type in a class; the failure's reason is printed as `invalid rdata format: REASON`. */
export type RdataParser = (type: string, rrclass: string, text: string) => { ok: true; data: unknown } | { ok: false; reason: string };

/** How nsupdate was started, as far as the command language sees it. */
export interface ScriptParserOptions {
  /** Reading from a terminal (or `-i`): errors are not fatal. Default false (a file or a pipe). */
  interactive?: boolean;
  /** `-l`: a `server` line is refused. */
  localOnly?: boolean;
  /** The `-p` port: the default of `server`. Default 53. */
  port?: number;
  /** Which families `local` may use (after -4 / -6). Both by default. */
  ipv4?: boolean;
  ipv6?: boolean;
  /** The version `help` prints. */
  version?: string;
  /** The program name `help` prints before the version. Default `nsupdate`. */
  program?: string;
  /**
   * Reads RDATA text. With it, a bad RDATA is refused here with nsupdate's message and
   * check-names also checks the names inside RDATA; without it, RDATA stays text and the
   * caller does both (see {@link NsupdateUpdate.checkRdataNames}).
   */
  parseRdata?: RdataParser;
}

/** The state a script has set, for the caller to read. */
export interface ScriptState {
  zone: string | undefined;
  defaultClass: string;
  defaultTtl: number | undefined;
  checkNames: boolean;
  /** The class the first record fixed for the zone, or undefined while none is fixed. */
  zoneClass: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// words

/** nsu_strsep over a line: each call takes the next word, leaving `rest` after the one delimiter that ended it (or null). */
class Words {
  constructor(public rest: string | null) {}

  next(delims = ' \t\r\n'): string | undefined {
    let s = this.rest;
    this.rest = null;
    if (s === null) return undefined;
    let i = 0;
    while (i < s.length && delims.includes(s[i]!)) i++;
    s = s.slice(i);
    for (let j = 0; j < s.length; j++) {
      if (delims.includes(s[j]!)) {
        this.rest = s.slice(j + 1);
        return s.slice(0, j);
      }
    }
    return s;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const empty = (w: string | undefined): w is undefined | '' => w === undefined || w === '';

/** The class's mnemonic as BIND prints it (dns_rdataclass_totext). */
function bindClassName(n: number): string {
  if (n === 0) return 'RESERVED0';
  if (n === 2) return 'CLASS2'; // the packet layer calls it CS; BIND has no name for it
  return packetClassName(n);
}

const NONE = 254;
const ANY = 255;
const IN = 1;

/** Thrown inside a command to end it with nsupdate's message (and its exact stderr). */
class Refusal {
  constructor(
    readonly message: string,
    readonly stderr = message + '\n',
  ) {}
}

const refuse = (message: string, stderr?: string): never => {
  throw new Refusal(message, stderr);
};

/**
 * nsupdate's command reader. Feed it lines with {@link parseLine}; it returns each line's
 * meaning and keeps the defaults the lines set. The zone's class follows nsupdate's
 * `zoneclass`: fixed by the first record that names or implies a class (and by `show` /
 * `answer` / a send with a zone set), freed again when an update has gone out; the caller
 * reports that with {@link zoneClassForSend} and {@link updateSent}.
 */
export class ScriptParser {
  private readonly interactive: boolean;
  private readonly localOnly: boolean;
  private readonly port: number;
  private readonly ipv4: boolean;
  private readonly ipv6: boolean;
  private readonly version: string;
  private readonly program: string;
  private readonly parseRdata: RdataParser | undefined;

  private defaultClass = IN;
  private zoneClassValue = NONE; // nsupdate's "none yet"
  private defaultTtl: number | undefined;
  private checkNames = true;
  private zone: WireName | undefined;

  constructor(options: ScriptParserOptions = {}) {
    this.interactive = options.interactive ?? false;
    this.localOnly = options.localOnly ?? false;
    this.port = options.port ?? 53;
    this.ipv4 = options.ipv4 ?? true;
    this.ipv6 = options.ipv6 ?? true;
    this.version = options.version ?? '';
    this.program = options.program ?? 'nsupdate';
    this.parseRdata = options.parseRdata;
  }

  /** What the script has set so far. */
  get state(): ScriptState {
    return {
      zone: this.zone?.name,
      defaultClass: bindClassName(this.defaultClass),
      defaultTtl: this.defaultTtl,
      checkNames: this.checkNames,
      zoneClass: this.zoneClassValue === NONE ? undefined : bindClassName(this.zoneClassValue),
    };
  }

  /**
   * getzoneclass(): the zone's class, fixing it to the default class if none is fixed yet.
   * nsupdate calls it for the SOA question of a send and for the ZONE section, so the caller
   * calls this once per send.
   */
  zoneClassForSend(): string {
    return bindClassName(this.getZoneClass());
  }

  /**
   * setzoneclass(none) after send_update: the next update may be of another class. nsupdate
   * does this only once the update itself went out (not when finding the zone failed).
   */
  updateSent(): void {
    this.zoneClassValue = NONE;
  }

  /** One line (its end of line may be left on) to its meaning. */
  parseLine(line: string): NsupdateCommand {
    try {
      return this.command(new Words(cutLine(line)));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return { kind: 'error', message: e.message, stderr: e.stderr, fatal: !this.interactive };
    }
  }

  private getZoneClass(): number {
    if (this.zoneClassValue === NONE) this.zoneClassValue = this.defaultClass;
    return this.zoneClassValue;
  }

  /** setzoneclass(): NONE frees the zone's class; any other class fixes it, or must match it. */
  private setZoneClass(rrclass: number): boolean {
    if (this.zoneClassValue === NONE || rrclass === NONE) this.zoneClassValue = rrclass;
    return this.zoneClassValue === rrclass;
  }

  // do_next_command (nsupdate.c 2096-2254)
  private command(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return { kind: 'send' };
    if (word.startsWith(';')) return { kind: 'comment' };
    const w = word.toLowerCase();
    switch (w) {
      case 'quit':
        return { kind: 'quit' };
      case 'prereq':
        return this.prereqOp(words);
      case 'nxdomain':
      case 'yxdomain':
      case 'nxrrset':
      case 'yxrrset':
        return this.prereq(words, w);
      case 'update':
        return this.updateOp(words);
      case 'delete':
      case 'del':
        return this.update(words, true);
      case 'add':
        return this.update(words, false);
      case 'server':
        return this.server(words);
      case 'local':
        return this.local(words);
      case 'zone':
        return this.zoneCommand(words);
      case 'class':
        return this.classCommand(words);
      case 'send':
        return { kind: 'send' };
      case 'debug':
        return { kind: 'debug' };
      case 'ttl':
        return this.ttl(words);
      case 'show':
        return { kind: 'show', ...this.zoneSection() };
      case 'answer':
        // show_message() sets the zone section of the pending update even when showing the answer.
        this.zoneSection();
        return { kind: 'answer' };
      case 'key':
        return this.key(words);
      case 'realm':
        // Without GSSAPI evaluate_realm returns STATUS_SYNTAX and prints nothing (nsupdate.c
        // 1694), which leaves a user guessing: say why instead, and go on as with gsstsig.
        return { kind: 'unsupported', command: 'realm', message: 'realm not supported: GSS-TSIG is not supported' };
      case 'check-names':
      case 'checknames':
        return this.checkNamesCommand(words);
      case 'gsstsig':
      case 'oldgsstsig':
        return { kind: 'unsupported', command: w, message: 'gsstsig not supported' };
      case 'help':
        return { kind: 'help', text: nsupdateHelp(this.version, this.program) };
      case 'version':
        return { kind: 'version' };
      default:
        return refuse(`incorrect section name: ${word}`);
    }
  }

  private zoneSection(): { zone?: Question } {
    if (this.zone === undefined) return {};
    return { zone: { name: this.zone.name, type: 'SOA', class: bindClassName(this.getZoneClass()) } };
  }

  // evaluate_prereq (nsupdate.c 1433)
  private prereqOp(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read operation code');
    const w = word.toLowerCase();
    if (w !== 'nxdomain' && w !== 'yxdomain' && w !== 'nxrrset' && w !== 'yxrrset') {
      return refuse(`incorrect operation code: ${word}`);
    }
    return this.prereq(words, w);
  }

  private ownerName(words: Words): WireName {
    // parse_name (nsupdate.c 1241)
    const word = words.next();
    if (empty(word)) return refuse('could not read owner name');
    const parsed = nameFromText(word);
    if (!parsed.ok) return refuse(`invalid owner name: ${parsed.reason}`);
    return parsed.value;
  }

  /** parse_rdata's view of the rest of the line: undefined when only blanks remain. */
  private static rdataText(words: Words): string | undefined {
    if (words.rest === null) return undefined;
    const text = words.rest.replace(/^[\t\n\v\f\r ]+/, '');
    return text === '' ? undefined : text;
  }

  private readRdata(type: number, rrclass: number, text: string): unknown {
    if (this.parseRdata === undefined) return undefined;
    const r = this.parseRdata(typeName(type), bindClassName(rrclass), text);
    if (!r.ok) return refuse(`invalid rdata format: ${r.reason}`);
    return r.data;
  }

  // make_prereq (nsupdate.c 1321)
  private prereq(words: Words, op: NsupdatePrereq['op']): NsupdateCommand {
    const owner = this.ownerName(words);
    const positive = op === 'yxdomain' || op === 'yxrrset';
    const isRrset = op === 'nxrrset' || op === 'yxrrset';
    let type = ANY;
    let rrclass = ANY;
    if (isRrset) {
      const word = words.next();
      if (empty(word)) return refuse('could not read class or type');
      const asClass = classFromText(word);
      let typeWord: string;
      if (asClass.ok) {
        if (!this.setZoneClass(asClass.value)) return refuse(`class mismatch: ${word}`);
        rrclass = asClass.value;
        const next = words.next();
        if (empty(next)) return refuse('could not read type');
        typeWord = next;
      } else {
        rrclass = this.getZoneClass();
        typeWord = word;
      }
      const t = typeFromText(typeWord);
      if (!t.ok) return refuse(`invalid type: ${typeWord}`);
      type = t.value;
    }
    const base = { kind: 'prereq' as const, op, name: owner.name, type: typeName(type), typeCode: type, ttl: 0 as const };
    if (isRrset && positive) {
      const text = ScriptParser.rdataText(words);
      if (text !== undefined) {
        const data = this.readRdata(type, rrclass, text);
        return { ...base, class: bindClassName(rrclass), rdata: text, ...(data === undefined ? {} : { data }) };
      }
    }
    return { ...base, class: bindClassName(positive ? ANY : NONE) };
  }

  // evaluate_update (nsupdate.c 1977)
  private updateOp(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read operation code');
    const w = word.toLowerCase();
    if (w === 'delete' || w === 'del') return this.update(words, true);
    if (w === 'add') return this.update(words, false);
    return refuse(`incorrect operation code: ${word}`);
  }

  // update_addordelete (nsupdate.c 1766)
  private update(words: Words, isDelete: boolean): NsupdateCommand {
    const owner = this.ownerName(words);
    const op = isDelete ? ('delete' as const) : ('add' as const);
    const deleteAll = (): NsupdateUpdate => ({ kind: 'update', op, name: owner.name, ttl: 0, class: 'ANY', type: 'ANY', typeCode: ANY });

    let word = words.next();
    if (empty(word)) {
      if (!isDelete) return refuse('could not read owner ttl');
      return deleteAll();
    }
    let ttl: number;
    let haveWord = true; // whether `word` still has to be read as the class or type
    const parsedTtl = parseUint32(word);
    if (!parsedTtl.ok) {
      if (isDelete) ttl = 0;
      else if (this.defaultTtl !== undefined) ttl = this.defaultTtl;
      else return refuse(`ttl '${word}': ${parsedTtl.reason}`);
    } else {
      if (!isDelete && parsedTtl.value > TTL_MAX) return refuse(`ttl '${word}' is out of range (0 to ${TTL_MAX})`);
      ttl = isDelete ? 0 : parsedTtl.value;
      haveWord = false;
    }
    if (!haveWord) word = words.next();
    if (empty(word)) {
      if (isDelete) return deleteAll();
      return refuse('could not read class or type');
    }

    let rrclass: number;
    let type: number;
    const asClass = classFromText(word);
    if (asClass.ok && asClass.value !== ANY) {
      if (!this.setZoneClass(asClass.value)) return refuse(`class mismatch: ${word}`);
      rrclass = asClass.value;
      const typeWord = words.next();
      if (empty(typeWord)) {
        if (isDelete) return deleteAll();
        return refuse('could not read type');
      }
      const t = typeFromText(typeWord);
      if (!t.ok) return refuse(`'${typeWord}' is not a valid type: ${t.reason}`);
      type = t.value;
    } else {
      rrclass = this.getZoneClass();
      const t = typeFromText(word);
      if (!t.ok) return refuse(`'${word}' is not a valid class or type: ${t.reason}`);
      type = t.value;
    }

    const text = ScriptParser.rdataText(words);
    const data = text === undefined ? undefined : this.readRdata(type, rrclass, text);
    const base = { kind: 'update' as const, op, name: owner.name, ttl, type: typeName(type), typeCode: type };

    if (isDelete) {
      if (text === undefined) return { ...base, class: 'ANY' };
      return { ...base, class: 'NONE', rdata: text, rdataClass: bindClassName(rrclass), ...(data === undefined ? {} : { data }) };
    }
    if (text === undefined) return refuse('could not read rdata');
    if (this.checkNames) {
      if (!checkOwner(owner.wire, rrclass, type)) return refuse(`check-names failed: bad owner '${formatWireName(owner.wire)}'`);
      if (data !== undefined) {
        const bad = checkRdataNames(owner.wire, rrclass, type, data);
        if (bad !== undefined) return refuse(`check-names failed: bad name '${bad}'`);
      }
    }
    if (type === 51 && data !== undefined) {
      const iterations = nsec3ParamIterations(data);
      if (iterations !== undefined && iterations > NSEC3_MAX_ITERATIONS) {
        return refuse(`NSEC3PARAM has excessive iterations (> ${NSEC3_MAX_ITERATIONS})`);
      }
    }
    return {
      ...base,
      class: bindClassName(rrclass),
      rdata: text,
      rdataClass: bindClassName(rrclass),
      ...(data === undefined ? {} : { data }),
      ...(this.checkNames && data === undefined && this.parseRdata === undefined ? { checkRdataNames: true } : {}),
    };
  }

  // evaluate_server (nsupdate.c 1463)
  private server(words: Words): NsupdateCommand {
    if (this.localOnly) return refuse('cannot reset server in localhost-only mode');
    const host = words.next();
    if (empty(host)) return refuse('could not read server name');
    const port = this.portWord(words, this.port);
    return { kind: 'server', host, port };
  }

  private portWord(words: Words, otherwise: number): number {
    const word = words.next();
    if (empty(word)) return otherwise;
    const port = parseLong(word);
    if (port === undefined) return refuse(`port '${word}' is not numeric`);
    if (port < 1 || port > 65535) return refuse(`port '${word}' is out of range (1 to 65535)`);
    return port;
  }

  // evaluate_local (nsupdate.c 1520)
  private local(words: Words): NsupdateCommand {
    const address = words.next();
    if (empty(address)) return refuse('could not read server name');
    const port = this.portWord(words, 0);
    if (this.ipv6 && parseInetPton6(address) !== undefined) return { kind: 'local', address, family: 6, port };
    if (this.ipv4 && parseInetPton4(address) !== undefined) return { kind: 'local', address, family: 4, port };
    // nsupdate.c 1562: no newline after this one, so "syntax error" follows on the same line.
    return refuse(`invalid address ${address}`, `invalid address ${address}`);
  }

  // evaluate_key (nsupdate.c 1570)
  private key(words: Words): NsupdateCommand {
    let nameText = words.next();
    if (empty(nameText)) return refuse('could not read key name');
    let algorithm = 'hmac-md5';
    let digestBits = 0;
    const colon = nameText.indexOf(':');
    if (colon >= 0) {
      const hmac = parseHmac(nameText.slice(0, colon));
      if (!hmac.ok) return refuse(hmac.reason);
      algorithm = hmac.value.algorithm;
      digestBits = hmac.value.digestBits;
      nameText = nameText.slice(colon + 1);
    }
    const name = nameFromText(nameText);
    if (!name.ok) return refuse('could not parse key name');
    const secretText = words.next('\r\n');
    if (empty(secretText)) return refuse('could not read key secret');
    const secret = decodeBase64(secretText);
    // nsupdate names the secret text here (`could not create key from SECRET: ...`); a secret
    // with a typo is still nearly the secret, so the key's name stands in for it.
    if (!secret.ok) return refuse(`could not create key from ${nameText}: ${secret.reason}`);
    return { kind: 'key', algorithm, ...(digestBits > 0 ? { macBits: digestBits } : {}), name: name.value.name, secret: secret.value };
  }

  // evaluate_zone (nsupdate.c 1644)
  private zoneCommand(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read zone name');
    const name = nameFromText(word);
    if (!name.ok) return refuse('could not parse zone name');
    this.zone = name.value;
    return { kind: 'zone', name: name.value.name };
  }

  // evaluate_ttl (nsupdate.c 1699)
  private ttl(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read ttl');
    if (same(word, 'none')) {
      this.defaultTtl = undefined;
      return { kind: 'ttl', ttl: undefined };
    }
    const ttl = parseUint32(word);
    // nsupdate.c 1716: a word that is not a number (or over 2^32 - 1) is refused silently.
    if (!ttl.ok) return refuse('', '');
    if (ttl.value > TTL_MAX) return refuse(`ttl '${word}' is out of range (0 to ${TTL_MAX})`);
    this.defaultTtl = ttl.value;
    return { kind: 'ttl', ttl: ttl.value };
  }

  // evaluate_class (nsupdate.c 1733)
  private classCommand(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read class name');
    const c = classFromText(word);
    if (!c.ok) return refuse(`could not parse class name: ${word}`);
    if (c.value === NONE || c.value === ANY || c.value === 0) return refuse(`bad default class: ${word}`);
    this.defaultClass = c.value;
    return { kind: 'class', class: bindClassName(c.value) };
  }

  // evaluate_checknames (nsupdate.c 2001)
  private checkNamesCommand(words: Words): NsupdateCommand {
    const word = words.next();
    if (empty(word)) return refuse('could not read check-names directive');
    const w = word.toLowerCase();
    if (w === 'yes' || w === 'true' || w === 'on') this.checkNames = true;
    else if (w === 'no' || w === 'false' || w === 'off') this.checkNames = false;
    else return refuse(`incorrect check-names directive: ${word}`);
    return { kind: 'check-names', enabled: this.checkNames };
  }
}

/**
 * get_next_command's end-of-line cut: at the first CR or LF that follows a character other
 * than CR and LF (nsu_strsep skips leading ones before it looks), so `a\rb` is `a`. Before
 * that, at a NUL: fgets and readline give nsupdate a C string, which ends there (`a\0b` is
 * `a`, and a line that starts with a NUL is blank).
 */
function cutLine(text: string): string {
  const nul = text.indexOf('\0');
  const line = nul < 0 ? text : text.slice(0, nul);
  let i = 0;
  while (i < line.length && (line[i] === '\r' || line[i] === '\n')) i++;
  for (let j = i; j < line.length; j++) {
    if (line[j] === '\r' || line[j] === '\n') return line.slice(0, j);
  }
  return line;
}

/** The iterations field of an NSEC3PARAM, from dns-packet's shape or raw RDATA. */
function nsec3ParamIterations(data: unknown): number | undefined {
  if (data instanceof Uint8Array) return data.length >= 4 ? (data[2]! << 8) | data[3]! : undefined;
  if (typeof data === 'object' && data !== null && typeof (data as { iterations?: unknown }).iterations === 'number') {
    return (data as { iterations: number }).iterations;
  }
  return undefined;
}
