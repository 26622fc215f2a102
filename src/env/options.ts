/**
 * The `options` syntax shared by resolv.conf's `options` line and the RES_OPTIONS variable,
 * read as glibc's res_setoptions reads it.
 *
 * glibc's reading has visible quirks that this keeps, because a configuration must mean the
 * same here as in every C program on the machine: words are separated by blanks only; a
 * keyword matches any word it is a prefix of (`rotated` sets rotate); numbers are read with
 * atoi, which skips leading white space (so `ndots: 3` is ndots 3) and stops at the first
 * non-digit (`ndots:2x` is 2); unknown words are ignored.
 */
import { isCSpace } from './ctext.js';
import { OPTION_FLAGS } from './flags.js';
import { RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY } from './limits.js';

/** What one `options` text sets. Absent numbers leave the value below them unchanged. */
export interface OptionSettings {
  /** ndots, clamped to 0..RES_MAXNDOTS. */
  readonly ndots?: number;
  /** timeout in seconds, clamped to 0..RES_MAXRETRANS. */
  readonly timeout?: number;
  /** attempts, clamped to 0..RES_MAXRETRY. */
  readonly attempts?: number;
  /** RES_* bits to set (options only ever set bits). */
  readonly flags: number;
  /** Words that matched no option, for diagnostics. */
  readonly unknown: readonly string[];
  /** Values that were out of range and clamped, as `ndots:99 -> 15`. */
  readonly clamped: readonly string[];
}

/** How the words are compared: resolv.conf is case-sensitive (as glibc); RES_OPTIONS is not (as IBM's resolver documents it). */
export interface ParseOptionsOptions {
  readonly ignoreCase?: boolean;
}

const INT32_MIN = -(2 ** 31);
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * C's atoi on `text` from `start`: (int) strtol(text, NULL, 10) on a 64-bit glibc, including
 * its overflow (saturate to long, then keep the low 32 bits), so that a huge value ends up
 * where glibc puts it.
 */
export function cAtoi(text: string, start = 0): number {
  let i = start;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let value = 0n;
  let digits = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) break;
    if (value <= LONG_MAX) value = value * 10n + BigInt(code - 0x30);
    digits++;
  }
  if (digits === 0) return 0;
  if (negative) value = -value;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  const int = Number(BigInt.asIntN(32, value));
  return int < INT32_MIN ? INT32_MIN : int;
}

/** glibc's upper clamp, then a floor of 0 (glibc keeps negatives; see the field docs for why 0 is equivalent or chosen). */
function clamp(value: number, max: number): number {
  if (value > max) return max;
  return value < 0 ? 0 : value;
}

const NUMERIC = [
  ['ndots:', 'ndots', RES_MAXNDOTS],
  ['timeout:', 'timeout', RES_MAXRETRANS],
  ['attempts:', 'attempts', RES_MAXRETRY],
] as const;

/**
 * Read `options` text (the part after the keyword in resolv.conf, or the whole RES_OPTIONS
 * value). Pure: returns what the text sets, to be laid over the current values.
 */
export function parseOptions(text: string, opts: ParseOptionsOptions = {}): OptionSettings {
  const ignoreCase = opts.ignoreCase === true;
  const subject = ignoreCase ? text.toLowerCase() : text;
  const numbers: { ndots?: number; timeout?: number; attempts?: number } = {};
  const unknown: string[] = [];
  const clamped: string[] = [];
  let flags = 0;
  let i = 0;
  while (i < subject.length) {
    while (subject[i] === ' ' || subject[i] === '\t') i++;
    if (i >= subject.length) break;
    let end = i;
    while (end < subject.length && subject[end] !== ' ' && subject[end] !== '\t') end++;
    let matched = false;
    for (const [prefix, key, max] of NUMERIC) {
      if (subject.startsWith(prefix, i)) {
        // atoi reads on past the word, as in C: `ndots: 3` is 3.
        const raw = cAtoi(subject, i + prefix.length);
        const value = clamp(raw, max);
        if (value !== raw) clamped.push(`${key}:${raw} -> ${value}`);
        numbers[key] = value;
        matched = true;
        break;
      }
    }
    if (!matched) {
      for (const [keyword, flag] of OPTION_FLAGS) {
        if (subject.startsWith(keyword, i)) {
          flags |= flag;
          matched = true;
          break;
        }
      }
    }
    if (!matched) unknown.push(subject.slice(i, end));
    i = end;
  }
  return { ...numbers, flags, unknown, clamped };
}
