/**
 * nsupdate's `check-names` (on by default): before an `add` is accepted, BIND 9.18 checks the
 * owner (dns_rdata_checkowner) and the names inside the RDATA (dns_rdata_checknames) against
 * the host-name and mailbox rules of lib/dns/name.c, type by type as lib/dns/rdata/* do. A
 * failure is `check-names failed: bad owner 'NAME'` / `check-names failed: bad name 'NAME'`,
 * the name printed as dns_name_format prints it (no final dot).
 *
 * These are BIND's rules, not glibc's res_hnok (src/resolver/check-names.ts): BIND allows no
 * `_` in a host name, a leading `*` label only in an owner, and its own exceptions for Active
 * Directory (`gc._msdcs`) and SPF (`_spf`) owners of A and AAAA records.
 *
 * Pure: no I/O.
 */
import { decodeBase32hex, nameToWire, readName } from '../packet/index.js';
import { wireLabels } from './nsupdate-syntax.js';

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isBorder = (c: number) => isAlpha(c) || (c >= 0x30 && c <= 0x39);
const isMiddle = (c: number) => isBorder(c) || c === 0x2d;

function hostLabels(labels: readonly Buffer[]): boolean {
  for (const label of labels) {
    for (let i = 0; i < label.length; i++) {
      const c = label[i]!;
      const edge = i === 0 || i === label.length - 1;
      if (edge ? !isBorder(c) : !isMiddle(c)) return false;
    }
  }
  return true;
}

/** dns_name_ishostname: RFC 952 / 1123 letters, digits and inner hyphens; with `wildcard`, a first label `*` is skipped. */
function isHostname(wire: Uint8Array, wildcard: boolean): boolean {
  const labels = wireLabels(wire);
  if (wildcard && labels[0]?.length === 1 && labels[0][0] === 0x2a) labels.shift();
  return hostLabels(labels);
}

/**
 * dns_name_ismailbox: a first label of any printable octets, then a host name. BIND's "nothing
 * after the first label" refusal never fires for an absolute name (the root label follows), so
 * `hostmaster.` is a mailbox, as nsupdate's `show-types` capture shows.
 */
function isMailbox(wire: Uint8Array): boolean {
  const labels = wireLabels(wire);
  if (labels.length === 0) return true;
  const [first, ...rest] = labels as [Buffer, ...Buffer[]];
  if (!first.every((c) => c > 0x20 && c < 0x7f)) return false;
  return hostLabels(rest);
}

const lower = (b: Buffer) => b.toString('latin1').toLowerCase();

/** in_1/a_1.c's exceptions: `gc._msdcs.<host name>`, and names with an `_spf`, `_spf_verify` or `_spf_rate` label before the last. */
function inAddressOwnerException(wire: Uint8Array, spf: boolean): boolean {
  const labels = wireLabels(wire);
  // BIND counts the root label too: "labels > 2" means at least two real labels.
  if (labels.length + 1 <= 2) return false;
  if (labels.length >= 2 && lower(labels[0]!) === 'gc' && lower(labels[1]!) === '_msdcs') {
    if (hostLabels(labels.slice(2))) return true;
  }
  if (spf) {
    for (let i = 0; i < labels.length - 1; i++) {
      const l = lower(labels[i]!);
      if (l === '_spf' || l === '_spf_verify' || l === '_spf_rate') return true;
    }
  }
  return false;
}

/**
 * nsec3_50.c's checkowner: the first label decodes as unpadded base32hex (a partial final
 * quantum of 2, 4, 5 or 7 characters, its spare bits zero) into at most 39 octets.
 */
function isNsec3Owner(wire: Uint8Array): boolean {
  const first = wireLabels(wire)[0];
  if (first === undefined) return false;
  const octets = decodeBase32hex(first.toString('latin1'));
  return typeof octets !== 'string' && octets.length <= 39;
}

/**
 * dns_rdata_checkowner(owner, class, type, wildcard = true), as update_addordelete calls it.
 * `owner` is the wire form; classes and types are numbers.
 */
export function checkOwner(owner: Uint8Array, rrclass: number, type: number): boolean {
  const IN = 1;
  const CH = 3;
  switch (type) {
    case 1: // A
      if (rrclass === IN) return inAddressOwnerException(owner, true) || isHostname(owner, true);
      return rrclass === CH ? isHostname(owner, true) : true;
    case 28: // AAAA
      return rrclass === IN ? inAddressOwnerException(owner, false) || isHostname(owner, true) : true;
    case 38: // A6
    case 11: // WKS
      return rrclass === IN ? isHostname(owner, true) : true;
    case 15: // MX
      return isHostname(owner, true);
    case 7: // MB
    case 8: // MG
      return isMailbox(owner);
    case 50: // NSEC3
      return isNsec3Owner(owner);
    case 41: // OPT
      return owner.length === 1;
    default:
      return true;
  }
}

/** A name read from raw RDATA at `offset`: its wire form and where it ends. */
function nameAt(raw: Buffer, offset: number): { wire: Buffer; end: number } | undefined {
  try {
    const { name, end } = readName(raw, offset);
    return { wire: nameToWire(name), end };
  } catch {
    return undefined;
  }
}

function wireOf(name: unknown): Buffer | undefined {
  if (typeof name !== 'string') return undefined;
  try {
    return nameToWire(name);
  } catch {
    return undefined;
  }
}

type Check = { wire: Buffer; rule: 'host' | 'mailbox' };

/** The names inside one RDATA that BIND checks, and the rule for each, from dns-packet's shape or from raw RDATA. */
function namesToCheck(owner: Uint8Array, rrclass: number, type: number, data: unknown): Check[] | undefined {
  const raw = Buffer.isBuffer(data) ? data : data instanceof Uint8Array ? Buffer.from(data) : undefined;
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const host = (wire: Buffer | undefined): Check[] | undefined => (wire === undefined ? undefined : [{ wire, rule: 'host' }]);
  const fromRaw = (skip: number, rule: 'host' | 'mailbox' = 'host'): Check[] | undefined => {
    if (raw === undefined || raw.length < skip) return undefined;
    const n = nameAt(raw, skip);
    return n === undefined ? undefined : [{ wire: n.wire, rule }];
  };
  switch (type) {
    case 2: // NS
      return host(raw !== undefined ? nameAt(raw, 0)?.wire : wireOf(data));
    case 15: // MX
      return raw !== undefined ? fromRaw(2) : host(wireOf(d.exchange));
    case 18: // AFSDB
    case 21: // RT
      return raw !== undefined ? fromRaw(2) : host(wireOf(d.exchange ?? d.host ?? d.hostname));
    case 66: // DSYNC
      return fromRaw(5);
    case 33: // SRV (class IN only)
      if (rrclass !== 1) return [];
      return raw !== undefined ? fromRaw(6) : host(wireOf(d.target));
    case 64: // SVCB
    case 65: // HTTPS
      if (rrclass !== 1) return [];
      if (raw !== undefined) return raw.length >= 2 && raw.readUInt16BE(0) === 0 ? [] : fromRaw(2);
      return d.priority === 0 ? [] : host(wireOf(d.target ?? d.name));
    case 12: {
      // PTR: only in class IN, only for owners under in-addr.arpa, ip6.arpa or ip6.int, and
      // not for DNS-SD names (RFC 6763: b._dns-sd._udp, lb._dns-sd._udp, ...).
      if (rrclass !== 1) return [];
      const labels = wireLabels(owner).map(lower);
      if (isDnsSd(labels)) return [];
      const tail = labels.slice(-2).join('.');
      if (tail !== 'in-addr.arpa' && tail !== 'ip6.arpa' && tail !== 'ip6.int') return [];
      return host(raw !== undefined ? nameAt(raw, 0)?.wire : wireOf(data));
    }
    case 17: // RP: only the mailbox
      if (raw !== undefined) return fromRaw(0, 'mailbox');
      return d.mbox === undefined ? undefined : [{ wire: wireOf(d.mbox)!, rule: 'mailbox' }];
    case 6: {
      // SOA: MNAME a host name, RNAME a mailbox.
      if (raw !== undefined) {
        const m = nameAt(raw, 0);
        const r = m === undefined ? undefined : nameAt(raw, m.end);
        return m === undefined || r === undefined ? undefined : [{ wire: m.wire, rule: 'host' }, { wire: r.wire, rule: 'mailbox' }];
      }
      const m = wireOf(d.mname);
      const r = wireOf(d.rname);
      return m === undefined || r === undefined ? undefined : [{ wire: m, rule: 'host' }, { wire: r, rule: 'mailbox' }];
    }
    case 14: {
      // MINFO: two mailboxes.
      if (raw === undefined) return undefined;
      const a = nameAt(raw, 0);
      const b = a === undefined ? undefined : nameAt(raw, a.end);
      return a === undefined || b === undefined ? undefined : [{ wire: a.wire, rule: 'mailbox' }, { wire: b.wire, rule: 'mailbox' }];
    }
    case 1: // CH A: the domain part
      return rrclass === 3 ? fromRaw(0) : [];
    case 38: {
      // A6: the prefix name, when the prefix length is not 0.
      if (rrclass !== 1 || raw === undefined || raw.length < 1) return rrclass !== 1 ? [] : undefined;
      const prefixLen = raw[0]!;
      if (prefixLen === 0) return [];
      return fromRaw(1 + 16 - Math.floor(prefixLen / 8));
    }
    default:
      return [];
  }
}

/** dns_name_isdnssd: owners of the DNS-SD browsing PTRs (RFC 6763 section 11), `b`, `db`, `r`, `dr` or `lb` then `_dns-sd._udp`. */
function isDnsSd(labels: readonly string[]): boolean {
  return labels.length >= 3 && ['b', 'db', 'r', 'dr', 'lb'].includes(labels[0]!) && labels[1] === '_dns-sd' && labels[2] === '_udp';
}

/**
 * dns_rdata_checknames for one RDATA: the first name inside it that breaks BIND's rule for its
 * place, in dns_name_format's form, or undefined when all pass. `data` is the RDATA as the
 * packet layer decodes it (dns-packet's shape) or its raw wire form. A shape this module cannot
 * read passes, as it must not refuse what BIND would accept.
 */
export function checkRdataNames(owner: Uint8Array, rrclass: number, type: number, data: unknown): string | undefined {
  const checks = namesToCheck(owner, rrclass, type, data) ?? [];
  for (const { wire, rule } of checks) {
    const good = rule === 'host' ? isHostname(wire, false) : isMailbox(wire);
    if (!good) return readName(wire, 0).name;
  }
  return undefined;
}
