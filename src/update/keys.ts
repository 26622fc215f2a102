/**
 * TSIG keys from text: nsupdate's `-y [hmac-alg[-bits]:]name:secret`, BIND key files (`key
 * "name" { algorithm ...; secret "..."; };` as tsig-keygen, ddns-confgen and named's
 * session.key write them) and dnssec-keygen's `K*.private` files. Pure: the file reader is
 * key-file.ts.
 *
 * Key names are stored in one form: lowercase, without a trailing dot (the root is "."), as
 * the rest of the package writes names; `Example.COM.` and `example.com` give the same key.
 *
 * No error message ever contains a secret. Other text from the input is quoted back only when
 * it cannot be a secret: when it holds a character outside the base64 alphabet (`hmac-sha257`,
 * `update-policy`), so a secret typed into the wrong place is never echoed.
 */
import { ArgumentError } from '../errors.js';
import { nameToWire, readName } from '../packet/index.js';
import { TSIG_ALGORITHMS, canonicalAlgorithm, macBitsRange, type TsigAlgorithm } from './algorithms.js';

/**
 * A TSIG key. `algorithm` is the canonical name; `macBits`, when present, truncates the MAC to
 * that many bits (a multiple of 8, at least the larger of 80 and half the hash), as BIND's
 * `hmac-sha256-128` does: such a key signs with that many octets and accepts MACs at least that
 * long; without it, MACs are full length both ways. Treat a key as immutable: what signing
 * derives from it (the HMAC key object, the name in wire form) is computed once and kept.
 */
export interface TsigKey {
  /** Lowercase, without a trailing dot ("." for the root). */
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  readonly secret: Buffer;
  readonly macBits?: number;
}

/** Where a key file's text came from, for the K*.private format, which does not name its key. */
export interface KeyFileSource {
  /** The file's name (`Khost.example.+163+12345.private`): the key name is read from it. */
  fileName?: string;
  /** The key name, when known otherwise (readKeyFile reads it from the matching `.key` file). */
  keyName?: string;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Quotes `text` in an error only when it cannot be a (base64) secret; otherwise says so. */
function quoteUnlessSecretLike(text: string): string {
  return /[^A-Za-z0-9+/=]/.test(text) && text.length <= 64 ? `"${text}"` : '(not shown: it could be a secret)';
}

/** The canonical key name and its wire form (lowercased octet by octet, as RFC 8945 4.3.2 digests it). */
export function canonicalKeyName(name: string): { name: string; wire: Buffer } {
  let wire: Buffer;
  try {
    wire = nameToWire(name);
  } catch (err) {
    throw new ArgumentError(`bad TSIG key name "${name}": ${(err as Error).message}`);
  }
  // Length octets are at most 63, so only label octets fall in 'A'..'Z'.
  for (let i = 0; i < wire.length; i++) {
    const b = wire[i]!;
    if (b >= 0x41 && b <= 0x5a) wire[i] = b + 0x20;
  }
  return { name: readName(wire, 0).name, wire };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a secret strictly (BIND's decoder: whitespace ignored, padding required); `where` prefixes errors. */
function decodeSecret(text: string, where: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new ArgumentError(`${where}: the secret is empty`);
  if (!BASE64.test(compact)) throw new ArgumentError(`${where}: the secret is not valid base64`);
  return Buffer.from(compact, 'base64');
}

/**
 * An algorithm spelling with an optional `-bits` suffix, as BIND reads it (`hmac-sha256-128`,
 * `HMAC-MD5.SIG-ALG.REG.INT.`), into the canonical name and macBits. Bits must be a multiple
 * of 8, at most the hash length, and at least the larger of 80 and half the hash (RFC 8945
 * 5.2.2.1 forbids sending less; named-checkconf warns below it). A full-length suffix means
 * no truncation.
 */
function parseAlgorithmSpec(spec: string, where: string): { algorithm: TsigAlgorithm; macBits?: number } {
  const whole = canonicalAlgorithm(spec);
  if (whole !== undefined) return { algorithm: whole };
  const m = /^(hmac-[a-z0-9]+)-([0-9]{1,5})\.?$/i.exec(spec);
  const algorithm = m ? canonicalAlgorithm(m[1]!) : undefined;
  // Only the short names take a suffix: BIND has no "hmac-md5.sig-alg.reg.int-80".
  if (m === null || algorithm === undefined) {
    const known = Object.values(TSIG_ALGORITHMS).map((a) => a.shortName).join(', ');
    throw new ArgumentError(`${where}: unknown TSIG algorithm ${quoteUnlessSecretLike(spec)} (known: ${known}, each optionally -bits)`);
  }
  const { least, full } = macBitsRange(algorithm);
  const bits = Number(m[2]);
  if (bits % 8 !== 0) throw new ArgumentError(`${where}: ${m[1]!.toLowerCase()}-${bits}: digest bits must be a multiple of 8`);
  if (bits > full || bits < least) {
    throw new ArgumentError(`${where}: ${m[1]!.toLowerCase()}-${bits}: digest bits must be in [${least}..${full}]`);
  }
  return bits === full ? { algorithm } : { algorithm, macBits: bits };
}

function makeKey(name: string, algorithm: TsigAlgorithm, secret: Buffer, macBits: number | undefined, where: string): TsigKey {
  if (name === '') throw new ArgumentError(`${where}: the key name is empty`);
  let canonical: string;
  try {
    canonical = canonicalKeyName(name).name;
  } catch (err) {
    throw new ArgumentError(`${where}: ${(err as Error).message}`);
  }
  return Object.freeze(macBits === undefined ? { name: canonical, algorithm, secret } : { name: canonical, algorithm, secret, macBits });
}

// ---------------------------------------------------------------------------------------------
// nsupdate -y

/**
 * Parses nsupdate's `-y [hmac-alg[-bits]:]name:base64secret`. The algorithm defaults to
 * hmac-md5, as nsupdate's does. Throws ArgumentError (never showing the secret) for anything
 * nsupdate would refuse.
 */
export function parseTsigKey(text: string): TsigKey {
  if (typeof text !== 'string') throw new ArgumentError(`a TSIG key must be a string "[hmac-alg:]name:secret", not ${typeof text}`);
  const usage = 'a TSIG key must be [hmac-alg:]name:secret';
  // Split as nsupdate's setup_keystr does: the first colon, then the next one if any.
  const first = text.indexOf(':');
  if (first <= 0 || first === text.length - 1) throw new ArgumentError(usage);
  const second = text.indexOf(':', first + 1);
  let spec = 'hmac-md5';
  let name: string;
  let secretText: string;
  if (second >= 0) {
    if (second === first + 1 || second === text.length - 1) throw new ArgumentError(usage);
    spec = text.slice(0, first);
    name = text.slice(first + 1, second);
    secretText = text.slice(second + 1);
  } else {
    name = text.slice(0, first);
    secretText = text.slice(first + 1);
  }
  const { algorithm, macBits } = parseAlgorithmSpec(spec, 'TSIG key');
  const where = `TSIG key "${name}"`;
  if (/\s/.test(secretText)) throw new ArgumentError(`${where}: the secret is not valid base64`);
  return makeKey(name, algorithm, decodeSecret(secretText, where), macBits, 'TSIG key');
}

// ---------------------------------------------------------------------------------------------
// Key files

/**
 * Parses a key file: BIND's `key "name" { algorithm alg; secret "base64"; };` statements (any
 * number; `#`, `//` and `/* *\/` comments), or a dnssec-keygen `K*.private` file
 * (Private-key-format v1.x) for an HMAC key, whose name comes from `source`. A SIG(0) key file
 * (any other algorithm) is refused: SIG(0) is not supported. Errors name the line and never
 * contain a secret.
 */
export function parseKeyFile(text: string, source: KeyFileSource = {}): TsigKey[] {
  if (typeof text !== 'string') throw new ArgumentError(`a key file's text must be a string, not ${typeof text}`);
  if (/^\s*Private-key-format:/.test(text)) return [parsePrivateKeyFile(text, source)];
  return parseKeyStatements(text);
}

// dnssec-keygen's algorithm numbers for HMAC keys (BIND dst.h; not DNSSEC algorithm numbers).
const K_FILE_ALGORITHMS = new Map<number, TsigAlgorithm>([
  [157, 'hmac-md5.sig-alg.reg.int'],
  [161, 'hmac-sha1'],
  [162, 'hmac-sha224'],
  [163, 'hmac-sha256'],
  [164, 'hmac-sha384'],
  [165, 'hmac-sha512'],
]);

/** `K<name>.+<alg>+<id>[.key|.private]`: the key name (without its dot) and algorithm number. */
export function parseKFileName(fileName: string): { keyName: string; algorithm: number } | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const m = /^K(.+)\+([0-9]{3})\+([0-9]{5})(?:\.key|\.private)?$/.exec(base);
  if (!m) return undefined;
  return { keyName: m[1]!.endsWith('.') ? m[1]!.slice(0, -1) || '.' : m[1]!, algorithm: Number(m[2]) };
}

/** The owner name of the KEY record in a dnssec-keygen `.key` file, or undefined. */
export function keyNameFromPublicKeyFile(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    if (line === '') continue;
    // owner [ttl] [class] KEY flags protocol algorithm data
    const fields = line.split(/\s+/);
    const at = fields.findIndex((f, i) => i > 0 && f.toUpperCase() === 'KEY');
    if (at > 0) return fields[0];
  }
  return undefined;
}

function parsePrivateKeyFile(text: string, source: KeyFileSource): TsigKey {
  const lines = text.split('\n');
  let algorithm: TsigAlgorithm | undefined;
  let algorithmNumber = -1;
  let secret: Buffer | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.replace(/\r$/, '').trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const tag = colon > 0 ? line.slice(0, colon) : '';
    const value = line.slice(colon + 1).trim();
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(tag)) throw new ArgumentError(`K*.private line ${lineNo}: expected "Tag: value"`);
    if (lineNo === 1 || tag === 'Private-key-format') {
      if (lineNo !== 1) throw new ArgumentError(`K*.private line ${lineNo}: Private-key-format must be the first line`);
      continue;
    }
    switch (tag) {
      case 'Algorithm': {
        const m = /^([0-9]{1,3})\b\s*(?:\(([A-Za-z0-9_:-]*)\))?/.exec(value);
        if (!m) throw new ArgumentError(`K*.private line ${lineNo}: bad Algorithm line`);
        algorithmNumber = Number(m[1]);
        algorithm = K_FILE_ALGORITHMS.get(algorithmNumber);
        if (algorithm === undefined) {
          const mnemonic = m[2] ? ` (${m[2]})` : '';
          throw new ArgumentError(
            `K*.private line ${lineNo}: algorithm ${algorithmNumber}${mnemonic} is not an HMAC (TSIG) key; ` +
              'it is a DNSSEC key as SIG(0) uses, and SIG(0) is not supported: use a TSIG key (tsig-keygen)',
          );
        }
        break;
      }
      case 'Key':
        if (secret !== undefined) throw new ArgumentError(`K*.private line ${lineNo}: a second Key line`);
        secret = decodeSecret(value, `K*.private line ${lineNo}`);
        break;
      case 'Bits': {
        // The key's size in bits as dnssec-keygen recorded it (two octets), not a MAC truncation.
        const bits = BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
        if (bits === undefined || bits.length !== 2) throw new ArgumentError(`K*.private line ${lineNo}: Bits must be two octets in base64`);
        break;
      }
      case 'External':
        throw new ArgumentError(`K*.private line ${lineNo}: an External key has no secret in the file`);
      default:
        // Timing and other metadata (Created, Publish, Activate, ...): nothing TSIG uses.
        break;
    }
  }
  const version = /^\s*Private-key-format:\s*v([0-9]+)\.([0-9]+)\s*$/m.exec(lines[0] ?? '');
  if (!version || version[1] !== '1') throw new ArgumentError('K*.private line 1: expected "Private-key-format: v1.x"');
  if (algorithm === undefined) throw new ArgumentError('K*.private: no Algorithm line');
  if (secret === undefined) throw new ArgumentError('K*.private: no Key line');
  const fromFile = source.fileName === undefined ? undefined : parseKFileName(source.fileName);
  if (fromFile !== undefined && fromFile.algorithm !== algorithmNumber) {
    throw new ArgumentError(`K*.private: the file name says algorithm ${fromFile.algorithm}, the file says ${algorithmNumber}`);
  }
  const name = source.keyName ?? fromFile?.keyName;
  if (name === undefined) {
    throw new ArgumentError(
      'K*.private: this format does not hold the key name: pass the file name (K<name>.+<alg>+<id>.private) or the key name',
    );
  }
  return makeKey(name, algorithm, secret, undefined, 'K*.private');
}

// BIND configuration syntax, just enough for key statements.
type Token = { kind: 'word' | 'string' | '{' | '}' | ';'; text: string; line: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const start = line;
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new ArgumentError(`key file line ${start}: a /* comment is never closed`);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ kind: c, text: c, line });
      i++;
    } else if (c === '"') {
      const start = line;
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new ArgumentError(`key file line ${start}: a quoted string is never closed`);
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < n) {
          s += text[i + 1];
          if (text[i + 1] === '\n') line++;
          i += 2;
          continue;
        }
        if (d === '\n') line++;
        s += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: s, line: start });
    } else {
      let j = i;
      while (j < n && !/[\s{};"#]/.test(text[j]!) && !(text[j] === '/' && (text[j + 1] === '/' || text[j + 1] === '*'))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), line });
      i = j;
    }
  }
  return tokens;
}

function parseKeyStatements(text: string): TsigKey[] {
  const tokens = tokenize(text);
  const keys: TsigKey[] = [];
  const seen = new Set<string>();
  let p = 0;
  const lastLine = tokens.length > 0 ? tokens[tokens.length - 1]!.line : 1;
  const next = (what: string): Token => {
    const t = tokens[p++];
    if (t === undefined) throw new ArgumentError(`key file line ${lastLine}: the file ends where ${what} was expected`);
    return t;
  };
  const expect = (kind: Token['kind'], what: string): Token => {
    const t = next(what);
    if (t.kind !== kind) throw new ArgumentError(`key file line ${t.line}: expected ${what}`);
    return t;
  };
  while (p < tokens.length) {
    const head = next('a key statement');
    if (head.kind !== 'word' || head.text !== 'key') {
      const what = head.kind === 'word' ? ` ${quoteUnlessSecretLike(head.text)}` : head.kind === 'string' ? ' a quoted string' : ` "${head.text}"`;
      throw new ArgumentError(`key file line ${head.line}: unexpected${what}: a key file holds only key statements (key "name" { algorithm ...; secret "..."; };)`);
    }
    const nameTok = next('the key name');
    if (nameTok.kind !== 'word' && nameTok.kind !== 'string') throw new ArgumentError(`key file line ${nameTok.line}: expected the key name after "key"`);
    const where = `key file line ${nameTok.line}: key "${nameTok.text}"`;
    expect('{', `"{" after key "${nameTok.text}"`);
    let spec: { algorithm: TsigAlgorithm; macBits?: number } | undefined;
    let secret: Buffer | undefined;
    for (;;) {
      const clause = next(`"}" closing key "${nameTok.text}"`);
      if (clause.kind === '}') break;
      if (clause.kind !== 'word') throw new ArgumentError(`key file line ${clause.line}: expected algorithm or secret in key "${nameTok.text}"`);
      const value = next(`a value for ${clause.text === 'secret' ? 'secret' : 'the clause'}`);
      if (clause.text === 'algorithm') {
        if (spec !== undefined) throw new ArgumentError(`key file line ${clause.line}: key "${nameTok.text}" has two algorithm clauses`);
        if (value.kind !== 'word' && value.kind !== 'string') throw new ArgumentError(`key file line ${value.line}: expected an algorithm name`);
        spec = parseAlgorithmSpec(value.text, `key file line ${value.line}: key "${nameTok.text}"`);
      } else if (clause.text === 'secret') {
        if (secret !== undefined) throw new ArgumentError(`key file line ${clause.line}: key "${nameTok.text}" has two secret clauses`);
        if (value.kind !== 'word' && value.kind !== 'string') throw new ArgumentError(`key file line ${value.line}: expected the secret in quotes`);
        secret = decodeSecret(value.text, `key file line ${value.line}: key "${nameTok.text}"`);
      } else {
        throw new ArgumentError(
          `key file line ${clause.line}: unknown clause ${quoteUnlessSecretLike(clause.text)} in key "${nameTok.text}" (expected algorithm or secret)`,
        );
      }
      expect(';', `";" after the ${clause.text === 'secret' ? 'secret' : 'algorithm'}`);
    }
    expect(';', `";" after the "}" of key "${nameTok.text}"`);
    if (spec === undefined || secret === undefined) throw new ArgumentError(`${where} must have both algorithm and secret`);
    const key = makeKey(nameTok.text, spec.algorithm, secret, spec.macBits, `key file line ${nameTok.line}`);
    if (seen.has(key.name)) throw new ArgumentError(`${where} is defined twice`);
    seen.add(key.name);
    keys.push(key);
  }
  if (keys.length === 0) throw new ArgumentError('key file: no key statement found');
  return keys;
}
