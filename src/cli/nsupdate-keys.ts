/**
 * dnsupdate's TSIG keys: `-y`, `-k`, `-l`'s session key and the `key` command, each read with
 * nsupdate's verdicts and messages (nsupdate.c setup_keystr, setup_keyfile, read_sessionkey),
 * then made into the update layer's TsigKey.
 *
 * Where nsupdate is unsafe this is not: nsupdate prints the whole `-y` text (secret and all)
 * when the secret is not base64, and a key that fails to load leaves it sending unsigned. Here
 * no message holds a secret, and the caller stops the run when a key does not load. The
 * warnings nsupdate's library prints (a secret under 64 bits) are kept, and one is added for
 * hmac-md5, which is weak.
 *
 * The file reading is readKeyFile's (src/update/key-file.ts); the rest is pure.
 */
import { parseTsigKey, readKeyFile, type TsigKey } from '../update/index.js';
import { decodeBase64, nameFromText, parseHmac } from './nsupdate-syntax.js';

/** Debian's SESSION_KEYFILE: where named writes the session key `-l` signs with. */
export const SESSION_KEY_FILE = '/run/named/session.key';

/**
 * A key, or the message (never holding a secret) of why there is none. `debug` is -d's trace
 * of the steps taken (printed before a failure too, as nsupdate prints it); `pairFile`, the
 * .private of the dnssec-keygen pair the key was read from, which BIND warns about (keyWarnings).
 */
export type KeyOutcome = { ok: true; key: TsigKey; debug: string[]; pairFile?: string } | { ok: false; message: string; debug: string[] };

const usage = 'key option must specify [hmac:]keyname:secret';

/** The update layer's key for what nsupdate read: algorithm (parse_hmac's name), truncation, name, secret. */
export function makeKey(algorithm: string, digestBits: number, name: string, secret: Buffer): { ok: true; key: TsigKey } | { ok: false; reason: string } {
  // parseTsigKey reads `alg[-bits]:name:base64`; a colon inside the name is escaped so the
  // text splits where it should.
  const spec = digestBits > 0 ? `${algorithm}-${digestBits}` : algorithm;
  try {
    return { ok: true, key: parseTsigKey(`${spec}:${name.replaceAll(':', '\\058')}:${secret.toString('base64')}`) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message.replace(/^TSIG key(?: "[^"]*")?: /, '') };
  }
}

/**
 * `-y [hmac:]name:secret`, split and checked as setup_keystr does (nsupdate.c 470): the same
 * fatal messages for a bad form, a bad algorithm and a bad name; a bad secret is refused here
 * too, naming the key rather than printing the text.
 */
export function keyFromOption(text: string): KeyOutcome {
  const debug = ['Creating key...'];
  const s = text.indexOf(':');
  if (s <= 0 || s === text.length - 1) return { ok: false, message: usage, debug };
  let secretText = text.slice(s + 1);
  let nameText: string;
  let algorithm = 'hmac-md5';
  let digestBits = 0;
  const n = secretText.indexOf(':');
  if (n >= 0) {
    if (n === 0 || n === secretText.length - 1) return { ok: false, message: usage, debug };
    nameText = secretText.slice(0, n);
    secretText = secretText.slice(n + 1);
    const hmac = parseHmac(text.slice(0, s));
    if (!hmac.ok) return { ok: false, message: hmac.reason, debug };
    algorithm = hmac.value.algorithm;
    digestBits = hmac.value.digestBits;
  } else {
    nameText = text.slice(0, s);
  }
  debug.push('namefromtext');
  const name = nameFromText(nameText);
  if (!name.ok) return { ok: false, message: `dns_name_fromtext: ${name.reason}`, debug };
  const secret = decodeBase64(secretText);
  if (!secret.ok) return { ok: false, message: `could not create key from ${nameText}: ${secret.reason}`, debug };
  debug.push('keycreate');
  const made = makeKey(algorithm, digestBits, name.value.name, secret.value);
  if (!made.ok) return { ok: false, message: `could not create key from ${nameText}: ${made.reason}`, debug };
  return { ok: true, key: made.key, debug };
}

/** nsupdate's basenamelen (and BIND's addsuffix): the file name without a trailing dot, `.private` or `.key`. */
function baseName(file: string): string {
  if (file.length > 1 && file.endsWith('.')) return file.slice(0, -1);
  if (file.length > 8 && file.endsWith('.private')) return file.slice(0, -8);
  if (file.length > 4 && file.endsWith('.key')) return file.slice(0, -4);
  return file;
}

/**
 * isc_result_totext(ISC_R_EXISTS): BIND's parser of a key file takes one `key` statement, and
 * a second one (whatever its name) is "'key' redefined", which nsupdate reports as this.
 */
const ALREADY_EXISTS = 'already exists';

/** A read failure in words: the errno as isc_result_totext says it, else the reader's reason. */
function readReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const errno = /^cannot read key file .*: (E[A-Z]+)$/.exec(message)?.[1];
  const words: Record<string, string> = { ENOENT: 'file not found', EACCES: 'permission denied', EISDIR: 'is a directory' };
  if (errno !== undefined) return words[errno] ?? errno;
  // A second key of the same name: BIND refuses a second key statement of any name.
  if (/ is defined twice$/.test(message)) return ALREADY_EXISTS;
  return message;
}

/** The one key in a key file, or why there is none, in nsupdate's words. */
async function onlyKey(path: string): Promise<{ ok: true; key: TsigKey } | { ok: false; reason: string }> {
  try {
    const keys = await readKeyFile(path);
    if (keys.length === 0) return { ok: false, reason: 'no key in the file' };
    if (keys.length > 1) return { ok: false, reason: ALREADY_EXISTS };
    return { ok: true, key: keys[0]! };
  } catch (err) {
    return { ok: false, reason: readReason(err) };
  }
}

/**
 * The .private of the dnssec-keygen pair (K<name>.+<alg>+<id>) a path names, which nsupdate
 * reads first, or undefined for any other file. The path may end in `.key`, `.private`, a dot
 * or the key ID (BIND's addsuffix drops one of the three, as readKeyFile does).
 */
function pairPrivateFile(path: string): string | undefined {
  const base = baseName(path);
  return /(?:^|\/)K[^/]+\+\d{3}\+\d{5}$/.test(base) ? `${base}.private` : undefined;
}

/**
 * `-k file`: readKeyFile, and the one key in the file. The failure reads as nsupdate's
 * (`could not read key from FILE.{private,key}: REASON`); a file with two keys is one
 * (`already exists`), where nsupdate goes on unsigned and the caller stops.
 */
export async function keyFromFile(path: string): Promise<KeyOutcome> {
  // nsupdate tries the K-file pair first, then the file as a session.key (which logs the
  // -y steps again): its -d trace says which.
  const pairFile = pairPrivateFile(path);
  const read = await onlyKey(path);
  if (!read.ok) return { ok: false, message: `could not read key from ${baseName(path)}.{private,key}: ${read.reason}`, debug: ['Creating key...'] };
  if (pairFile === undefined) return { ok: true, key: read.key, debug: ['Creating key...', 'Creating key...', 'namefromtext', 'keycreate'] };
  return { ok: true, key: read.key, debug: ['Creating key...'], pairFile };
}

/** `-l`'s session key: the -k file or SESSION_KEY_FILE. nsupdate's fatal message ends with a blank line. */
export async function sessionKey(path: string): Promise<KeyOutcome> {
  const read = await onlyKey(path);
  if (!read.ok) return { ok: false, message: `can't read key from ${path}: ${read.reason}\n`, debug: [] };
  return { ok: true, key: read.key, debug: ['Creating key...', 'namefromtext', 'keycreate'] };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** isc_time_formattimestamp: `01-Dec-2026 19:47:57.827`, local time, as BIND's log lines begin. */
function bindTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * What is printed on stderr when a key is taken into use: BIND's warnings for a key read from
 * a dnssec-keygen pair (`pairFile`, its .private) and for a secret under 64 bits (each with its
 * log timestamp, as nsupdate prints them), and ours for hmac-md5.
 */
export function keyWarnings(key: TsigKey, program: string, nowMs: number, pairFile?: string): string {
  let text = '';
  // BIND's message ends with a newline of its own, and the log adds one.
  if (pairFile !== undefined) text += `${bindTimestamp(nowMs)} ${pairFile}: Use of K* file pairs for HMAC is deprecated\n\n`;
  if (key.secret.length * 8 < 64) text += `${bindTimestamp(nowMs)} the key '${key.name}' is too short to be secure\n`;
  if (key.algorithm === 'hmac-md5.sig-alg.reg.int') {
    text += `${program}: warning: the key '${key.name}' is hmac-md5, which is weak: use hmac-sha256 or stronger\n`;
  }
  return text;
}
