/**
 * The name servers nsupdate takes from resolv.conf: BIND's own reader (lib/irs/resconf.c,
 * irs_resconf_load), not glibc's. It differs where a script can tell: a `nameserver` line it
 * cannot read (no address, an address that is not numeric, a port, words after it) makes the
 * whole file fail, and nsupdate stops with `parse of FILE failed`; at most three servers are
 * kept; 0.0.0.0 means 127.0.0.1. The rest of the file (search, options) is the resolver's, read
 * by the env layer as for every other tool. Pure: no I/O.
 */
import { formatIPv6, parseInetAton, parseInetPton6 } from '../packet/index.js';

/** irs_resconf's RESCONFMAXNAMESERVERS. */
const MAX_SERVERS = 3;

/** The `nameserver` addresses of a resolv.conf as irs_resconf_load reads them, or undefined when it would fail. */
export function irsNameservers(text: string): string[] | undefined {
  const servers: string[] = [];
  for (const raw of text.split('\n')) {
    // getword / eatwhite: blanks, then a word; `;` or `#` after blanks ends the line.
    const line = raw.replace(/\r$/, '');
    const words = line.trim().split(/[ \t\f\v\r]+/).filter((w) => w !== '');
    if (words[0] !== 'nameserver') continue;
    const rest = words.slice(2);
    if (words[1] === undefined) return undefined;
    if (rest.length > 0 && !rest[0]!.startsWith(';') && !rest[0]!.startsWith('#')) return undefined;
    if (servers.length >= MAX_SERVERS) continue;
    const address = numericHost(words[1]);
    if (address === undefined) return undefined;
    servers.push(address);
  }
  return servers;
}

/** getaddrinfo with AI_NUMERICHOST: inet_aton's IPv4 forms, or IPv6 with an optional %scope. */
function numericHost(word: string): string | undefined {
  const v4 = parseInetAton(word);
  if (v4 !== undefined) return v4 === '0.0.0.0' ? '127.0.0.1' : v4;
  const percent = word.indexOf('%');
  const v6 = parseInetPton6(percent < 0 ? word : word.slice(0, percent));
  return v6 === undefined ? undefined : formatIPv6(v6);
}
