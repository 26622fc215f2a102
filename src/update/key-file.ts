/**
 * readKeyFile: the one place in update/ that reads files. It reads a key the way nsupdate's
 * `-k` does (BIND nsupdate.c setup_keyfile): a path to a dnssec-keygen pair
 * (`K<name>.+<alg>+<id>`, with `.key`, `.private`, a trailing dot or nothing after it) reads the `.private` file, with
 * the key name from the matching `.key` file (or, if that is missing, from the file name);
 * any other path is read as a BIND key file (tsig-keygen, ddns-confgen -q, session.key).
 */
import { readFile } from 'node:fs/promises';
import { ArgumentError } from '../errors.js';
import { keyNameFromPublicKeyFile, parseKFileName, parseKeyFile, type TsigKey } from './keys.js';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ArgumentError(`cannot read key file ${path}: ${code}`, { cause: err });
  }
}

/**
 * Reads the TSIG keys in a key file (see parseKeyFile for the formats). Errors name the file
 * and never contain a secret.
 */
export async function readKeyFile(path: string): Promise<TsigKey[]> {
  if (typeof path !== 'string' || path === '') throw new ArgumentError('readKeyFile needs a file path');
  // BIND's addsuffix (dst_key_fromnamedfile): a trailing dot, `.private` or `.key` goes.
  const base = path.replace(/(?:\.private|\.key|\.)$/, '');
  const pair = parseKFileName(base);
  try {
    if (pair === undefined) return parseKeyFile(await readText(path), { fileName: path });
    const privateText = await readText(`${base}.private`);
    let keyName: string | undefined;
    try {
      keyName = keyNameFromPublicKeyFile(await readFile(`${base}.key`, 'utf8'));
    } catch {
      keyName = undefined; // the file name names the key too
    }
    return parseKeyFile(privateText, keyName === undefined ? { fileName: base } : { fileName: base, keyName });
  } catch (err) {
    if (err instanceof ArgumentError && !err.message.startsWith('cannot read key file')) {
      throw new ArgumentError(`${path}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
