/**
 * Name rules that apply before any lookup: RFC 6761's localhost names, and the IDNA
 * conversions behind AI_IDN, AI_CANONIDN and NI_IDN. Pure.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { canonicalName } from '../packet/index.js';

/**
 * Whether `name` is `localhost` or a name under `.localhost` (ASCII case ignored, one trailing
 * dot allowed). RFC 6761 section 6.3: such names always mean loopback, and no query is sent
 * for them.
 */
export function isLocalhostName(name: string): boolean {
  const n = canonicalName(name);
  return n === 'localhost' || n.endsWith('.localhost');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * AI_IDN: the name in IDNA (punycode) form. An all-ASCII name is left exactly as it is, as
 * glibc leaves it; undefined when the name cannot be encoded (EAI_IDN_ENCODE).
 */
export function idnToAscii(name: string): string | undefined {
  if (isAscii(name)) return name;
  const ascii = domainToASCII(name);
  return ascii === '' ? undefined : ascii;
}

/**
 * AI_CANONIDN / NI_IDN: the name with its punycode labels decoded; the name as it is when it
 * has none or cannot be decoded (glibc falls back to the punycode form too).
 */
export function idnToUnicode(name: string): string {
  if (!/(^|\.)xn--/i.test(name)) return name;
  const unicode = domainToUnicode(name);
  return unicode === '' ? name : unicode;
}
