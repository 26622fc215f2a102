/**
 * dnsupdate's executor: nsupdate's main loop (BIND 9.18.49 bin/nsupdate/nsupdate.c), one input
 * line at a time. The script parser (nsupdate-script.ts) says what each line means; this keeps
 * the pending update, the servers, the key and the last answer, and does what nsupdate does on
 * a send: start_update (straight to `server` when a `zone` is given; otherwise an SOA query to
 * find the zone, and the SOA MNAME looked up with getaddrinfo as the primary), send_update and
 * update_completed, with nsupdate's messages, debug output and exit status.
 *
 * Where nsupdate is unsafe this is not, and docs/nsupdate-differences.md lists each place:
 * replies that do not verify never end the wait (the update layer's rule), GSS-TSIG is refused
 * rather than left to send unsigned, `local` is not applied and says so.
 *
 * All I/O goes through what it is given: the writers, the resolver (whose transport tests
 * replace), the key files it is told to read, the clock.
 */
import { AF_INET, AF_INET6, AF_UNSPEC, AI_ADDRCONFIG, getaddrinfo, SOCK_STREAM, type NetworkInterfacesFn } from '../addrinfo/index.js';
import type { NameServer } from '../env/index.js';
import { AddrInfoError } from '../errors.js';
import { canonicalName, decodeMessage, parentName, encodeMessage, parseInetPton4, parseInetPton6, formatIPv6, type Message, type MessageInput, type ResourceRecord } from '../packet/index.js';
import type { TsigKey } from '../update/index.js';
import { digServer, type CliIo } from './run.js';
import type { NsupdateArgs } from './nsupdate-args.js';
import { exchange, type ExchangeOutcome, type WatchedResolver } from './nsupdate-exchange.js';
import { keyWarnings, makeKey } from './nsupdate-keys.js';
import { nsupdateRdata } from './nsupdate-rdata.js';
import { ScriptParser, SYNTAX_ERROR, type NsupdateCommand } from './nsupdate-script.js';
import { formatAnswer, formatDebugReply, formatDebugSoaReply, formatShow } from './nsupdate-text.js';

/** nsupdate's MAX_SERVERADDRS: at most this many addresses of a `server` or of the primary. */
const MAX_SERVER_ADDRESSES = 4;
/** The longest wait a Node timer takes (about 24.8 days); nsupdate's -t 0 means no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** nsupdate's fatal(): the run stops at once with status 1 after `stderr`. */
export class NsupdateFatal extends Error {
  constructor(readonly stderr: string) {
    super(stderr.trimEnd());
    this.name = 'NsupdateFatal';
  }
}

/** How a session runs. */
export interface SessionOptions {
  args: NsupdateArgs;
  /** The program's name and version, for `help` and `version`. */
  program: string;
  version: string;
  io: CliIo;
  /** Every exchange goes through it: SOA queries, updates, and getaddrinfo's DNS queries. */
  resolver: WatchedResolver;
  /** The resolv.conf name servers' addresses (the -p port applies to them); empty: the file names none. */
  resolvConfServers: readonly string[];
  /** The key from -y, -k or -l, already loaded. */
  key: TsigKey | undefined;
  /** Reading a terminal (or -i): command errors are not fatal. */
  interactive: boolean;
  /** Wall-clock seconds for TSIG (tests pass a fake one). Default: the system's. */
  now?: (() => number) | undefined;
  /** Wall-clock milliseconds for the timestamp of BIND's key-length warning. Default Date.now. */
  clockMs?: (() => number) | undefined;
  /** For getaddrinfo's AI_ADDRCONFIG (tests pass fixed interfaces). Default: the machine's. */
  networkInterfaces?: NetworkInterfacesFn | undefined;
}

/** One send's record for --json. */
interface SendReport {
  zone: string | null;
  server: string | null;
  transport: 'udp' | 'tcp' | null;
  rcode: string | null;
  tsig: { key: string; algorithm: string; status: string; reportedByServer: boolean } | null;
  ok: boolean;
  error: string | null;
}

/** What a line did: go on, or stop reading (`quit`). */
export type LineResult = 'more' | 'quit';

/** The name as dns_name_format writes it: no final dot, the root as `.`. */
const nameText = (name: string) => (name === '' ? '.' : name);

/** An nsupdate session: feed it lines with {@link line}; {@link exitStatus} at the end. */
export class NsupdateSession {
  private readonly o: SessionOptions;
  private readonly args: NsupdateArgs;
  private readonly parser: ScriptParser;
  private readonly ipv4: boolean;
  private readonly ipv6: boolean;
  private debug: number;
  private seenError = false;
  private prereqs: ResourceRecord[] = [];
  private updates: ResourceRecord[] = [];
  private servers: NameServer[];
  /** Whether `servers` are resolv.conf's (or nsupdate's ::1 / 127.0.0.1 fallback), not `server`'s or -l's. */
  private defaultServers: boolean;
  private nsInUse = 0;
  private primary: NameServer[] = [];
  private primaryInUse = 0;
  private key: TsigKey | undefined;
  private gss = false;
  private warnedLocal = false;
  private answer: Message | undefined;
  private userZone: string | undefined;
  private report: SendReport | undefined;

  constructor(options: SessionOptions) {
    this.o = options;
    this.args = options.args;
    this.ipv4 = this.args.family !== 6;
    this.ipv6 = this.args.family !== 4;
    this.debug = this.args.debug;
    this.key = options.key;
    this.parser = new ScriptParser({
      interactive: options.interactive,
      localOnly: this.args.localOnly,
      port: this.args.port,
      ipv4: this.ipv4,
      ipv6: this.ipv6,
      version: options.version,
      program: options.program,
      parseRdata: nsupdateRdata,
    });
    // setup_system: -l or a resolv.conf without servers gives ::1 then 127.0.0.1.
    const port = this.args.port;
    if (this.args.localOnly || options.resolvConfServers.length === 0) {
      this.servers = [
        ...(this.ipv6 ? [{ address: '::1', port, family: 6 as const }] : []),
        ...(this.ipv4 ? [{ address: '127.0.0.1', port, family: 4 as const }] : []),
      ];
      this.defaultServers = !this.args.localOnly;
    } else {
      this.servers = [];
      for (const address of options.resolvConfServers) {
        const family = address.includes(':') ? 6 : 4;
        if ((family === 4 && this.ipv4) || (family === 6 && this.ipv6)) this.servers.push({ address, port, family });
      }
      this.defaultServers = true;
    }
  }

  /** Whether anything waits to be sent (prerequisites or updates). */
  get pending(): boolean {
    return this.prereqs.length + this.updates.length > 0;
  }

  /** 0, or 2 once an error was seen (nsupdate's seenerror). */
  get exitStatus(): number {
    return this.seenError ? 2 : 0;
  }

  /** Runs one input line. Throws NsupdateFatal when nsupdate would exit with status 1. */
  async line(text: string): Promise<LineResult> {
    const c = this.parser.parseLine(text);
    switch (c.kind) {
      case 'error':
        this.o.io.stderr(c.stderr);
        if (c.fatal) throw new NsupdateFatal(`${SYNTAX_ERROR}\n`);
        return 'more';
      case 'quit':
        return 'quit';
      case 'zone':
        this.userZone = c.name;
        return 'more';
      case 'comment':
      case 'class':
      case 'ttl':
      case 'check-names':
        return 'more';
      case 'prereq':
        this.prereqs.push({ name: c.name, ttl: 0, class: c.class, type: c.type, data: c.data ?? null });
        return 'more';
      case 'update':
        this.updates.push({ name: c.name, ttl: c.ttl, class: c.class, type: c.type, data: c.data ?? null });
        return 'more';
      case 'server':
        return this.server(c.host, c.port);
      case 'local':
        if (!this.warnedLocal) {
          this.o.io.stderr(`${this.o.program}: warning: \`local\` is not supported: messages go from the address the system chooses\n`);
          this.warnedLocal = true;
        }
        return 'more';
      case 'key':
        return this.keyCommand(c);
      case 'show':
        this.o.io.stdout(formatShow(this.pendingMessage(), c.zone === undefined ? {} : { zone: c.zone }));
        return 'more';
      case 'answer':
        if (this.answer !== undefined) this.o.io.stdout(formatAnswer(this.answer));
        return 'more';
      case 'debug':
        this.debug = this.debug >= 1 ? 2 : 1;
        return 'more';
      case 'help':
        this.o.io.stdout(c.text);
        return 'more';
      case 'version':
        this.o.io.stdout(`${this.o.program} ${this.o.version}\n`);
        return 'more';
      case 'unsupported':
        this.o.io.stderr(`${c.message}\n`);
        if (c.command !== 'realm') this.gss = true;
        return 'more';
      case 'send':
        try {
          await this.send();
        } finally {
          this.flushReport();
          // getinput's reset_system: a new, empty update after every send.
          this.prereqs = [];
          this.updates = [];
        }
        return 'more';
    }
  }

  // ---------------------------------------------------------------------------------------
  // commands

  private async server(host: string, port: number): Promise<LineResult> {
    this.defaultServers = false;
    this.nsInUse = 0;
    this.servers = await this.addresses(host, port);
    if (this.servers.length > 0) return 'more';
    if (!this.o.interactive) throw new NsupdateFatal(`${SYNTAX_ERROR}\n`);
    return 'more';
  }

  private keyCommand(c: Extract<NsupdateCommand, { kind: 'key' }>): LineResult {
    const made = makeKey(c.algorithm, c.macBits ?? 0, c.name, c.secret);
    if (!made.ok) {
      this.o.io.stderr(`could not create key from ${c.name}: ${made.reason}\n`);
      if (!this.o.interactive) throw new NsupdateFatal(`${SYNTAX_ERROR}\n`);
      return 'more';
    }
    this.o.io.stderr(keyWarnings(made.key, this.o.program, (this.o.clockMs ?? Date.now)()));
    this.key = made.key;
    this.gss = false;
    return 'more';
  }

  /**
   * The pending update as a message, for `show` (its zone section is set by the caller): each
   * record as the codec reads it back. Record by record, because the update may be more than
   * one message holds (65535 octets): nsupdate shows it all the same, and only its send fails.
   */
  private pendingMessage(): Message {
    const one = (answers: ResourceRecord[], authorities: ResourceRecord[]) => decodeMessage(encodeMessage({ id: 0, opcode: 'UPDATE', answers, authorities }));
    return {
      ...one([], []),
      answers: this.prereqs.map((rr) => one([rr], []).answers[0]!),
      authorities: this.updates.map((rr) => one([], [rr]).authorities[0]!),
    };
  }

  // ---------------------------------------------------------------------------------------
  // addresses (bind9_getaddresses)

  /** Up to four addresses of a host at a port, as nsupdate's get_addresses; a failure is printed and gives none. */
  private async addresses(host: string, port: number): Promise<NameServer[]> {
    const fail = (text: string): NameServer[] => {
      this.o.io.stderr(`couldn't get address for '${host}': ${text}\n`);
      return [];
    };
    const v4 = parseInetPton4(host);
    // Without IPv4 (-6) an IPv4 address becomes its v4-mapped IPv6 form, which no request
    // reaches (exchange: `operation canceled`), as in bind9_getaddresses.
    if (v4 !== undefined) return [this.ipv4 ? { address: v4, port, family: 4 } : { address: `::ffff:${v4}`, port, family: 6 }];
    const percent = host.indexOf('%');
    const v6 = host.length <= 127 ? parseInetPton6(percent < 0 ? host : host.slice(0, percent)) : undefined;
    if (v6 !== undefined) {
      if (!this.ipv6) return fail('address family not supported');
      return [{ address: formatIPv6(v6), port, family: 6 }];
    }
    const family = !this.ipv6 ? AF_INET : !this.ipv4 ? AF_INET6 : AF_UNSPEC;
    const flags = this.ipv4 && this.ipv6 ? AI_ADDRCONFIG : 0;
    try {
      const results = await getaddrinfo(host, null, { family, socktype: SOCK_STREAM, flags }, {
        resolver: this.o.resolver,
        ...(this.o.networkInterfaces === undefined ? {} : { networkInterfaces: this.o.networkInterfaces }),
      });
      const found: NameServer[] = [];
      for (const r of results) {
        if (found.length >= MAX_SERVER_ADDRESSES) break;
        if (r.family === 4 || r.family === 6) found.push({ address: r.address, port, family: r.family });
      }
      return found.length > 0 ? found : fail('not found');
    } catch (err) {
      if (err instanceof AddrInfoError && (err.code === 'EAI_NONAME' || err.code === 'EAI_NODATA')) return fail('not found');
      return fail('failure');
    }
  }

  // ---------------------------------------------------------------------------------------
  // sending (start_update, recvsoa, send_update, update_completed)

  private timing() {
    const { timeout, udpTimeout, udpRetries } = this.args;
    const total = timeout === 0 ? 0xffffffff : timeout;
    const tries = udpRetries + 1;
    const perTry = udpTimeout !== 0 ? udpTimeout : Math.max(1, Math.floor(total / tries));
    return {
      udpTimeoutMs: Math.min(perTry * 1000, MAX_TIMER_MS),
      udpTries: Math.min(tries, 0xffff),
      tcpTimeoutMs: Math.min(total * 1000, MAX_TIMER_MS),
    };
  }

  private startReport(zone: string | null): SendReport {
    this.report = { zone, server: null, transport: null, rcode: null, tsig: null, ok: false, error: null };
    return this.report;
  }

  private failReport(text: string): void {
    if (this.report === undefined) this.startReport(this.userZone ?? null);
    const r = this.report!;
    r.ok = false;
    r.error = r.error === null ? text : `${r.error}; ${text}`;
  }

  private flushReport(): void {
    if (this.report !== undefined && this.args.json) this.o.io.stdout(`${JSON.stringify(this.report)}\n`);
    this.report = undefined;
  }

  /** Prints an error of this send, notes it for --json, and marks the run as having seen one. */
  private error(text: string, seen = true): void {
    this.o.io.stderr(`${text}\n`);
    this.failReport(text);
    if (seen) this.seenError = true;
  }

  private fatal(text: string): never {
    this.failReport(text);
    this.flushReport();
    throw new NsupdateFatal(`${text}\n`);
  }

  private async send(): Promise<void> {
    this.answer = undefined;
    if (this.gss && (this.pending || this.userZone !== undefined)) {
      // nsupdate built with GSSAPI would negotiate a key with Kerberos here, and without a
      // ticket sends nothing (failed_gssrequest). Never send such an update unsigned.
      this.startReport(this.userZone ?? null);
      this.error('GSS-TSIG is not supported: the update was not sent');
      return;
    }
    if (this.userZone !== undefined && !this.defaultServers) {
      const zoneClass = this.parser.zoneClassForSend();
      this.primary = this.servers;
      this.primaryInUse = this.nsInUse;
      await this.sendUpdate(this.userZone, zoneClass);
      this.parser.updateSent();
      return;
    }
    const zoneClass = this.parser.zoneClassForSend();
    let qname = this.userZone;
    if (qname === undefined) {
      const first = this.updates[0] ?? this.prereqs[0];
      if (first === undefined) return;
      qname = first.name;
      // DS records live in the parent zone: start one label up.
      if (this.updates.length > 0 && first.type === 'DS') qname = parentName(qname) ?? qname;
    }
    this.nsInUse = 0;
    this.startReport(this.userZone ?? null);
    const found = await this.findZone(qname, zoneClass);
    if (found === undefined) return;
    const zone = this.userZone ?? found.zone;
    this.report!.zone = zone;
    if (this.debug > 0) this.o.io.stderr(`The primary is: ${nameText(found.primary)}\n`);
    if (this.defaultServers) {
      this.primary = await this.addresses(nameText(found.primary), this.args.port);
      if (this.primary.length === 0) {
        this.seenError = true;
        this.failReport(`couldn't get address for '${nameText(found.primary)}'`);
        return;
      }
      this.primaryInUse = 0;
    } else {
      this.primary = this.servers;
      this.primaryInUse = this.nsInUse;
    }
    await this.sendUpdate(zone, zoneClass);
    this.parser.updateSent();
  }

  /** recvsoa: asks for the SOA until a zone and its primary are found. Undefined when this send ends here. */
  private async findZone(start: string, zoneClass: string): Promise<{ zone: string; primary: string } | undefined> {
    let qname = start;
    let unsigned = false;
    const timing = this.timing();
    for (;;) {
      const server = this.servers[this.nsInUse];
      if (server === undefined) this.fatal('could not reach any name server');
      const query: MessageInput = {
        opcode: 'QUERY',
        flags: { rd: this.defaultServers },
        questions: [{ name: qname, type: 'SOA', class: zoneClass }],
      };
      const out = await exchange(this.o.resolver, query, {
        server,
        key: this.defaultServers || unsigned ? undefined : this.key,
        tcp: !this.defaultServers && this.args.tcp,
        ...timing,
        now: this.o.now,
      });
      unsigned = false;
      if (out.kind === 'unsendable') this.fatal(`dns_request_create: ${out.text}`);
      if (out.kind === 'failed') {
        this.nextServer(server, out.text);
        this.parser.updateSent(); // recvsoa frees the zone's class after a failed request
        continue;
      }
      if (out.tsig.kind === 'fatal') this.fatal(out.tsig.text);
      if (out.tsig.kind === 'error') {
        // DNS_R_TSIGERRORSET: the server did not take our key; ask it again unsigned.
        if (out.tsig.text === 'tsig indicates error') {
          unsigned = true;
          continue;
        }
        this.fatal(`dns_request_getresponse: ${out.tsig.text}`);
      }
      const reply = out.reply;
      if (reply.rcode === 'REFUSED') {
        this.nextServer(server, 'REFUSED');
        continue;
      }
      if (this.debug > 0) this.o.io.stderr(formatDebugSoaReply(reply));
      if (reply.rcode !== 'NOERROR' && reply.rcode !== 'NXDOMAIN') this.fatal('response to SOA query was unsuccessful');
      if (this.userZone !== undefined && reply.rcode === 'NXDOMAIN') {
        this.error(`specified zone '${nameText(this.userZone)}' does not exist (NXDOMAIN)`);
        return undefined;
      }
      const soa = findSoa(reply);
      if (soa !== undefined) {
        if (this.debug > 0) this.o.io.stderr(`Found zone name: ${nameText(soa.zone)}\n`);
        return soa;
      }
      const parent = parentName(qname);
      if (parent === undefined) this.fatal('could not find enclosing zone');
      qname = parent;
    }
  }

  /** next_server: a failed SOA query moves on; past the last server nsupdate gives up. */
  private nextServer(server: NameServer, text: string): void {
    this.o.io.stderr(`; Communication with ${digServer(server)} failed: ${text}\n`);
    this.nsInUse++;
    if (this.nsInUse >= this.servers.length) this.fatal('could not reach any name server');
  }

  /** send_update and update_completed: the update to each primary address in turn until one answers. */
  private async sendUpdate(zone: string, zoneClass: string): Promise<void> {
    const message: MessageInput = {
      opcode: 'UPDATE',
      questions: [{ name: zone, type: 'SOA', class: zoneClass }],
      answers: this.prereqs,
      authorities: this.updates,
    };
    const report = this.report ?? this.startReport(zone);
    report.zone = zone;
    const timing = this.timing();
    for (;;) {
      const server = this.primary[this.primaryInUse];
      if (server === undefined) {
        this.error('could not reach any name server');
        return;
      }
      report.server = digServer(server);
      if (this.debug > 0) this.o.io.stderr(`Sending update to ${digServer(server)}\n`);
      const out = await exchange(this.o.resolver, message, {
        server,
        key: this.key,
        tcp: this.args.tcp,
        ...timing,
        now: this.o.now,
        onFirstBuild: (wire) => {
          if (this.debug > 0) this.o.io.stdout(formatShow(decodeMessage(wire), { rendered: true, withoutZone: this.userZone === undefined }));
        },
      });
      // check_result(dns_request_create): a message that cannot be rendered (over 65535 octets) is fatal.
      if (out.kind === 'unsendable') this.fatal(`dns_request_create: ${out.text}`);
      if (out.kind === 'failed') {
        this.o.io.stderr(`; Communication with ${digServer(server)} failed: ${out.text}\n`);
        this.failReport(`communication with ${digServer(server)} failed: ${out.text}`);
        this.primaryInUse++;
        if (this.primaryInUse >= this.primary.length) {
          this.seenError = true;
          return;
        }
        continue;
      }
      this.completed(out);
      return;
    }
  }

  /** update_completed for a reply: its TSIG, its rcode, the debug text, and `answer`. */
  private completed(out: Extract<ExchangeOutcome, { kind: 'reply' }>): void {
    const report = this.report!;
    const { reply, tsig } = out;
    report.transport = out.transport;
    report.rcode = reply.rcode;
    if (this.key !== undefined) {
      const status = tsig.kind === 'ok' ? 'verified' : tsig.kind === 'error' ? tsig.code : 'FORMERR';
      report.tsig = { key: this.key.name, algorithm: this.key.algorithm, status, reportedByServer: tsig.kind === 'error' && tsig.reported };
    }
    if (tsig.kind === 'fatal') this.fatal(tsig.text);
    if (tsig.kind === 'error') this.error(`; TSIG error with server: ${tsig.text}`);
    if (reply.opcode !== 'UPDATE') this.fatal('invalid OPCODE in response to UPDATE request');
    if (reply.rcode !== 'NOERROR') {
      const tsigError = replyTsigError(reply);
      const text = `update failed: ${reply.rcode}${tsigError === undefined ? '' : `(${tsigError})`}`;
      if (this.debug === 0) this.error(text);
      else {
        this.seenError = true;
        this.failReport(text);
      }
    }
    if (this.debug > 0) this.o.io.stderr(formatDebugReply(reply));
    report.ok = reply.rcode === 'NOERROR' && tsig.kind === 'ok';
    // An address that failed before this one answered is not why the send failed.
    if (report.ok) report.error = null;
    this.answer = reply;
  }
}

/** The TSIG error a reply carries (BADSIG, BADKEY, ...), when it carries one. */
function replyTsigError(reply: Message): string | undefined {
  const tsig = reply.additionals.find((rr) => rr.type === 'TSIG');
  const error = (tsig?.data as { error?: unknown } | undefined)?.error;
  if (error === undefined || error === 0 || error === 'NOERROR') return undefined;
  return String(error);
}

/**
 * recvsoa's search of a reply: the first name in the answer section with an SOA (a CNAME or
 * DNAME there instead means: drop a label), else the first in the authority section.
 */
function findSoa(reply: Message): { zone: string; primary: string } | undefined {
  const scan = (records: readonly ResourceRecord[], answerSection: boolean): { zone: string; primary: string } | 'alias' | undefined => {
    const names: string[] = [];
    for (const rr of records) if (!names.some((n) => canonicalName(n) === canonicalName(rr.name))) names.push(rr.name);
    for (const name of names) {
      const at = records.filter((rr) => canonicalName(rr.name) === canonicalName(name));
      const soa = at.find((rr) => rr.type === 'SOA');
      if (soa !== undefined) return { zone: name, primary: (soa.data as { mname: string }).mname };
      if (answerSection && at.some((rr) => rr.type === 'CNAME' || rr.type === 'DNAME')) return 'alias';
    }
    return undefined;
  };
  const inAnswer = scan(reply.answers, true);
  if (inAnswer === 'alias') return undefined;
  if (inAnswer !== undefined) return inAnswer;
  const inAuthority = scan(reply.authorities, false);
  return inAuthority === 'alias' ? undefined : inAuthority;
}
