/**
 * RFC 2136 UPDATE messages, built: the zone (section 2.3), prerequisites (2.4) and updates
 * (2.5), each method named for the form it writes, and `updateFromRecords`, which reads an
 * ns_updrec list the way BIND's res_nmkupdate does.
 *
 * Why refuse so much at build time: a server answers a malformed update with FORMERR or
 * NOTZONE (RFC 2136 3.2, 3.4.1), after a round trip and often with little to say why. What can
 * be known here (a name outside the zone, a meta type, a TTL out of range, RDATA that does not
 * parse) is an ArgumentError at the call that caused it, naming the call.
 *
 * On the wire the four sections are zone, prerequisite, update and additional; in a
 * MessageInput they are questions, answers, authorities and additionals (src/packet/types.ts).
 *
 * Pure: no I/O, no clock.
 */
import { ArgumentError, describeReceived } from '../errors.js';
import {
  className,
  classNumber,
  encodeMessage,
  isAtOrBelow,
  isMetaType,
  parseRdata,
  presentationName,
  typeName,
  typeNumber,
  type MessageInput,
  type RdataValue,
  type ResourceRecord,
  type RRClass,
  type RRType,
} from '../packet/index.js';

/**
 * RDATA for an update: the structured `data` encodeMessage takes for the type, or presentation
 * text. A string is always presentation text and goes through parseRdata, for every type: so
 * for TXT, `'hello world'` is two strings and `'"hello world"'` one (as in nsupdate); pass
 * `[Buffer.from('hello world')]` for the structured form.
 */
export type RdataInput = RdataValue | string;

/** Options of `new Update(zone, options)`. */
export interface UpdateOptions {
  /** The zone's class (ZCLASS, RFC 2136 2.3), 'IN' unless given. */
  class?: RRClass;
}

/** The largest TTL RFC 2181 section 8 allows. */
const MAX_TTL = 0x7fffffff;

/** ANY: a meta type (isMetaType), allowed only in the "whole name" forms (RFC 2136 3.4.1.2). */
const TYPE_ANY = 255;

/**
 * An RFC 2136 UPDATE message under construction: the zone to update, then prerequisites and
 * updates in the order they are added. Each method returns the Update, so calls chain.
 *
 * Names are absolute, with or without the trailing dot, and must be at or below the zone
 * (RFC 2136 3.2 and 3.4.1.1 make a server answer NOTZONE otherwise). Types are mnemonics or
 * `TYPEnnn`. RDATA is structured data or presentation text (see RdataInput).
 */
export class Update {
  /** The zone name (ZNAME), as the message will carry it, without its trailing dot. */
  readonly zone: string;
  /** The zone class (ZCLASS). */
  readonly class: RRClass;
  private readonly prereqs: ResourceRecord[] = [];
  private readonly changes: ResourceRecord[] = [];

  /**
   * RFC 2136 section 2.3, the zone section: the zone all the records belong to (ZNAME), of
   * type SOA, in the zone's class (ZCLASS; 'IN' by default, never ANY or NONE).
   */
  constructor(zone: string, options: UpdateOptions = {}) {
    if (typeof zone !== 'string' || zone === '') throw new ArgumentError('Update: the zone must be a non-empty name');
    this.zone = checkedName(zone, 'Update zone');
    const klass = options.class ?? 'IN';
    let n: number;
    try {
      n = classNumber(klass);
    } catch {
      throw new ArgumentError(`Update: "${klass}" is not a class`);
    }
    if (n === 254 || n === 255) throw new ArgumentError(`Update: the zone class cannot be ${className(n)}; ANY and NONE are the update forms' own`);
    this.class = className(n);
  }

  /** The prerequisite section so far (copies). */
  get prerequisites(): ResourceRecord[] {
    return this.prereqs.map((rr) => ({ ...rr }));
  }

  /** The update section so far (copies). */
  get updates(): ResourceRecord[] {
    return this.changes.map((rr) => ({ ...rr }));
  }

  // --- prerequisites (RFC 2136 section 2.4) -----------------------------------------------

  /**
   * RFC 2136 section 2.4.1, "RRset exists (value independent)": at least one record of `type`
   * at `name`. Written as class ANY, TTL 0, empty RDATA.
   */
  rrsetExists(name: string, type: RRType): this {
    const what = 'rrsetExists';
    this.prereqs.push(this.record(what, name, rrsetType(what, type), 'ANY', 0, null));
    return this;
  }

  /**
   * RFC 2136 section 2.4.2, "RRset exists (value dependent)": the RRset of `type` at `name` is
   * exactly the records given, no more, no less. Call once per record: the calls for one name
   * and type together make the RRset compared. Written in the zone's class, TTL 0.
   */
  rrsetExistsWithValue(name: string, type: RRType, data: RdataInput): this {
    const what = 'rrsetExistsWithValue';
    const t = rrsetType(what, type);
    this.prereqs.push(this.record(what, name, t, this.class, 0, rdata(what, t, data)));
    return this;
  }

  /**
   * RFC 2136 section 2.4.3, "RRset does not exist": no record of `type` at `name`. Written as
   * class NONE, TTL 0, empty RDATA.
   */
  rrsetDoesNotExist(name: string, type: RRType): this {
    const what = 'rrsetDoesNotExist';
    this.prereqs.push(this.record(what, name, rrsetType(what, type), 'NONE', 0, null));
    return this;
  }

  /**
   * RFC 2136 section 2.4.4, "Name is in use": at least one record of any type at `name`.
   * Written as class ANY, type ANY, TTL 0, empty RDATA.
   */
  nameInUse(name: string): this {
    this.prereqs.push(this.record('nameInUse', name, 'ANY', 'ANY', 0, null));
    return this;
  }

  /**
   * RFC 2136 section 2.4.5, "Name is not in use": no record of any type at `name`. Written as
   * class NONE, type ANY, TTL 0, empty RDATA.
   */
  nameNotInUse(name: string): this {
    this.prereqs.push(this.record('nameNotInUse', name, 'ANY', 'NONE', 0, null));
    return this;
  }

  // --- updates (RFC 2136 section 2.5) -------------------------------------------------------

  /**
   * RFC 2136 section 2.5.1, "Add to an RRset": the record, in the zone's class, with its TTL
   * (0 to 2^31-1, RFC 2181 section 8).
   */
  add(name: string, ttl: number, type: RRType, data: RdataInput): this {
    const what = 'add';
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
      // A TTL given as text ('300') says so: "not 300" alone would read as if 300 were out of range.
      const given = typeof ttl === 'number' ? String(ttl) : `${describeReceived(ttl)}`;
      throw new ArgumentError(`${what}: the TTL must be a whole number of seconds from 0 to ${MAX_TTL}, not ${given}`);
    }
    const t = rrsetType(what, type);
    this.changes.push(this.record(what, name, t, this.class, ttl, rdata(what, t, data)));
    return this;
  }

  /**
   * RFC 2136 section 2.5.2, "Delete an RRset": every record of `type` at `name`. Written as
   * class ANY, TTL 0, empty RDATA. (Type ANY is deleteName's form.)
   */
  deleteRRset(name: string, type: RRType): this {
    const what = 'deleteRRset';
    this.changes.push(this.record(what, name, rrsetType(what, type), 'ANY', 0, null));
    return this;
  }

  /**
   * RFC 2136 section 2.5.3, "Delete all RRsets from a name". Written as class ANY, type ANY,
   * TTL 0, empty RDATA. (At the zone apex a server keeps the SOA and NS RRsets, 3.4.2.3.)
   */
  deleteName(name: string): this {
    this.changes.push(this.record('deleteName', name, 'ANY', 'ANY', 0, null));
    return this;
  }

  /**
   * RFC 2136 section 2.5.4, "Delete an RR from an RRset": the record whose RDATA matches.
   * Written as class NONE, TTL 0, with the RDATA.
   */
  deleteRecord(name: string, type: RRType, data: RdataInput): this {
    const what = 'deleteRecord';
    const t = rrsetType(what, type);
    this.changes.push(this.record(what, name, t, 'NONE', 0, rdata(what, t, data)));
    return this;
  }

  // --- the message --------------------------------------------------------------------------

  /**
   * The update as a MessageInput with opcode UPDATE: questions = the zone (SOA, ZCLASS),
   * answers = the prerequisites, authorities = the updates. Without `id`, encodeMessage draws
   * one at random.
   */
  toMessage(options: { id?: number } = {}): MessageInput {
    const message: MessageInput = {
      opcode: 'UPDATE',
      questions: [{ name: this.zone, type: 'SOA', class: this.class }],
      answers: this.prerequisites,
      authorities: this.updates,
      additionals: [],
    };
    if (options.id !== undefined) message.id = options.id;
    return message;
  }

  /** The update's wire form, through encodeMessage; a random ID unless `id` is given. */
  encode(id?: number): Buffer {
    return encodeMessage(this.toMessage(id === undefined ? {} : { id }));
  }

  /** A record for `what`, its owner checked to be in the zone (RFC 2136 NOTZONE). */
  private record(what: string, name: string, type: RRType, klass: RRClass, ttl: number, data: RdataValue): ResourceRecord {
    const owner = checkedName(name, `${what} name`);
    if (!isAtOrBelow(owner, this.zone)) {
      throw new ArgumentError(`${what}: "${owner}" is not in the zone "${this.zone}" (a server would answer NOTZONE, RFC 2136 3.4.1.1)`);
    }
    const rr: ResourceRecord = { name: owner, type, class: klass, ttl, data };
    if (data !== null) checkEncodes(what, rr);
    return rr;
  }
}

/** A name in the form the message carries: checked (63/255 limits, escapes), trailing dot dropped. */
function checkedName(name: string, what: string): string {
  if (typeof name !== 'string' || name === '') throw new ArgumentError(`${what}: a name must be a non-empty string`);
  try {
    return presentationName(name);
  } catch (err) {
    throw new ArgumentError(`${what}: ${err instanceof Error ? (err as { reason?: string }).reason ?? err.message : String(err)}`);
  }
}

/** The type of an RRset form: a real type, not a meta type (RFC 2136 3.4.1.2, 2.4). */
function rrsetType(what: string, type: RRType): RRType {
  let n: number;
  try {
    if (typeof type !== 'string') throw new Error('not a string');
    n = typeNumber(type);
  } catch {
    throw new ArgumentError(`${what}: "${String(type)}" is not a record type`);
  }
  if (n === TYPE_ANY) {
    const instead: Record<string, string> = {
      rrsetExists: 'nameInUse',
      rrsetDoesNotExist: 'nameNotInUse',
      deleteRRset: 'deleteName',
    };
    const hint = instead[what] === undefined ? '' : `; for every type at a name use ${instead[what]}`;
    throw new ArgumentError(`${what}: type ANY is not allowed here${hint}`);
  }
  if (isMetaType(n)) {
    throw new ArgumentError(`${what}: ${typeName(n)} is a meta type, which a server refuses in an update (RFC 2136 3.4.1.2)`);
  }
  return typeName(n);
}

function rdata(what: string, type: RRType, data: RdataInput): RdataValue {
  if (data === null || data === undefined) throw new ArgumentError(`${what}: ${type} needs RDATA`);
  if (typeof data !== 'string') return data;
  try {
    return parseRdata(type, data);
  } catch (err) {
    throw new ArgumentError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Structured data is checked by encoding it now, so that a bad field fails at its call. */
function checkEncodes(what: string, rr: ResourceRecord): void {
  try {
    encodeMessage({ id: 0, answers: [rr] });
  } catch (err) {
    throw new ArgumentError(`${what}: ${rr.type} data for "${rr.name}" cannot be encoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// res_nmkupdate

/** ns_updrec's r_section: the ns_sect names (S_ZONE, ns_s_zn, ...) or plain words. */
export type UpdateSection = 'zone' | 'prereq' | 'update' | 'S_ZONE' | 'S_PREREQ' | 'S_UPDATE' | 'ns_s_zn' | 'ns_s_pr' | 'ns_s_ud';

/**
 * ns_updrec's r_opcode: for updates ADD or DELETE (ns_uop_add, ns_uop_delete); for
 * prerequisites the rcode the condition is named for: YXDOMAIN (name in use), NXDOMAIN (name not
 * in use), YXRRSET (RRset exists), NXRRSET (RRset does not exist), also as ns_r_yxdomain, ...
 */
export type UpdateOperation =
  | 'ADD'
  | 'DELETE'
  | 'YXDOMAIN'
  | 'NXDOMAIN'
  | 'YXRRSET'
  | 'NXRRSET'
  | 'ns_uop_add'
  | 'ns_uop_delete'
  | 'ns_r_yxdomain'
  | 'ns_r_nxdomain'
  | 'ns_r_yxrrset'
  | 'ns_r_nxrrset';

/** One ns_updrec: what res_nmkupdate reads for each record. */
export interface UpdateRecord {
  /** r_section. */
  section: UpdateSection;
  /** r_dname: an absolute name, with or without the trailing dot. */
  name: string;
  /** r_class: a class name or number; the zone's class by default ('IN' for the zone record). */
  class?: RRClass | number;
  /** r_type: a type name or number (the zone record's is SOA). */
  type: RRType | number;
  /** r_ttl: read for ADD only (see updateFromRecords). */
  ttl?: number;
  /** r_data: presentation text (or structured data); absent, null or '' is r_size 0. */
  data?: RdataInput | null;
  /** r_opcode; not read for the zone record. */
  operation?: UpdateOperation;
}

const SECTIONS: Record<string, number> = {
  zone: 0, s_zone: 0, ns_s_zn: 0,
  prereq: 1, s_prereq: 1, ns_s_pr: 1,
  update: 2, s_update: 2, ns_s_ud: 2,
};

/** Whether an ns_updrec is the zone section's record (ns_s_zn, S_ZONE, zone). */
export function isZoneRecord(record: UpdateRecord): boolean {
  return SECTIONS[String(record.section).toLowerCase()] === 0;
}

const OPERATIONS: Record<string, string> = {
  add: 'ADD', ns_uop_add: 'ADD',
  delete: 'DELETE', ns_uop_delete: 'DELETE',
  yxdomain: 'YXDOMAIN', ns_r_yxdomain: 'YXDOMAIN',
  nxdomain: 'NXDOMAIN', ns_r_nxdomain: 'NXDOMAIN',
  yxrrset: 'YXRRSET', ns_r_yxrrset: 'YXRRSET',
  nxrrset: 'NXRRSET', ns_r_nxrrset: 'NXRRSET',
};

function recordType(r: UpdateRecord, what: string): RRType {
  try {
    if (typeof r.type === 'number') {
      if (!Number.isInteger(r.type) || r.type < 0 || r.type > 0xffff) throw new Error('out of range');
      return typeName(r.type);
    }
    return typeName(typeNumber(r.type));
  } catch {
    throw new ArgumentError(`${what}: "${String(r.type)}" is not a record type`);
  }
}

function recordClass(r: UpdateRecord, what: string, fallback: RRClass): RRClass {
  if (r.class === undefined) return fallback;
  try {
    if (typeof r.class === 'number') {
      if (!Number.isInteger(r.class) || r.class < 0 || r.class > 0xffff) throw new Error('out of range');
      return className(r.class);
    }
    return className(classNumber(r.class));
  } catch {
    throw new ArgumentError(`${what}: "${String(r.class)}" is not a class`);
  }
}

const hasData = (r: UpdateRecord): boolean => r.data !== undefined && r.data !== null && r.data !== '';

/**
 * An Update from an ns_updrec list, mapped as BIND's res_nmkupdate maps it (libbind
 * res_mkupdate.c, isc-projects/bind9 lib/bind/resolv/res_mkupdate.c; the same code is FreeBSD's
 * lib/libc/resolv/res_mkupdate.c):
 *
 * - the list starts with the one zone record (type SOA), then prerequisites, then updates;
 *   a record in an earlier section after a later one is refused, as there (its -3);
 * - prerequisites get TTL 0 and: YXDOMAIN class ANY type ANY (2.4.4); NXDOMAIN class NONE type
 *   ANY (2.4.5); NXRRSET class NONE, RDATA dropped (2.4.3); YXRRSET without RDATA class ANY
 *   (2.4.1), with RDATA in the record's class (2.4.2);
 * - updates: ADD keeps class and TTL and needs RDATA (2.5.1); DELETE without RDATA is class
 *   ANY (2.5.2, or 2.5.3 for type ANY), with RDATA class NONE (2.5.4).
 *
 * Where this differs: res_nmkupdate copies r_ttl into a DELETE, which a server answers with
 * FORMERR unless it is 0 (RFC 2136 3.4.1.2); here a DELETE always has TTL 0. And the checks of
 * Update apply (names in the zone, classes the zone's, no meta types, RDATA that parses).
 *
 * res_nupdate takes a list without the zone record and finds the zone with res_findzonecut;
 * here pass that zone as `options.zone` (and its class as `options.class`) for such a list.
 */
export function updateFromRecords(records: readonly UpdateRecord[], options: { zone?: string; class?: RRClass } = {}): Update {
  if (!Array.isArray(records)) throw new ArgumentError('updateFromRecords: records must be an array');
  let update: Update | undefined;
  let list: readonly UpdateRecord[] = records;
  const first = records[0];
  if (first !== undefined && isZoneRecord(first)) {
    const what = 'updateFromRecords: the zone record';
    if (recordType(first, what) !== 'SOA') throw new ArgumentError(`${what} must have type SOA, as res_nmkupdate requires`);
    update = new Update(first.name, { class: recordClass(first, what, options.class ?? 'IN') });
    list = records.slice(1);
  } else if (options.zone !== undefined) {
    update = new Update(options.zone, options.class === undefined ? {} : { class: options.class });
  } else {
    throw new ArgumentError(
      'updateFromRecords: the first record must be the zone record (section zone, type SOA), as res_nmkupdate requires; for a list without one, give options.zone (res_nupdate finds it with res_findzonecut)',
    );
  }

  let section = 0;
  const skipped = records.length - list.length;
  list.forEach((r, i) => {
    const at = `updateFromRecords: record ${i + skipped} ("${String(r?.name)}")`;
    if (typeof r !== 'object' || r === null) throw new ArgumentError(`${at} is not a record`);
    const s = SECTIONS[String(r.section).toLowerCase()];
    if (s === undefined) throw new ArgumentError(`${at}: "${String(r.section)}" is not a section (zone, prereq or update)`);
    if (s === 0) throw new ArgumentError(`${at}: only the first record may be the zone record`);
    if (s < section) throw new ArgumentError(`${at}: a prerequisite after an update; the sections must come in order, as res_nmkupdate requires`);
    section = s;
    const op = OPERATIONS[String(r.operation).toLowerCase()];
    const type = recordType(r, at);
    const klass = recordClass(r, at, update!.class);
    if (s === 1) {
      switch (op) {
        case 'YXDOMAIN':
          update!.nameInUse(r.name);
          return;
        case 'NXDOMAIN':
          update!.nameNotInUse(r.name);
          return;
        case 'NXRRSET':
          update!.rrsetDoesNotExist(r.name, type);
          return;
        case 'YXRRSET':
          if (!hasData(r)) {
            update!.rrsetExists(r.name, type);
            return;
          }
          sameClass(at, klass, update!);
          update!.rrsetExistsWithValue(r.name, type, r.data!);
          return;
        default:
          throw new ArgumentError(`${at}: a prerequisite's operation must be YXDOMAIN, NXDOMAIN, YXRRSET or NXRRSET, not "${String(r.operation)}"`);
      }
    }
    switch (op) {
      case 'ADD':
        if (!hasData(r)) throw new ArgumentError(`${at}: ADD needs RDATA`);
        sameClass(at, klass, update!);
        if (r.ttl === undefined) throw new ArgumentError(`${at}: ADD needs a TTL`);
        update!.add(r.name, r.ttl, type, r.data!);
        return;
      case 'DELETE':
        if (hasData(r)) update!.deleteRecord(r.name, type, r.data!);
        else if (type === 'ANY') update!.deleteName(r.name);
        else update!.deleteRRset(r.name, type);
        return;
      default:
        throw new ArgumentError(`${at}: an update's operation must be ADD or DELETE, not "${String(r.operation)}"`);
    }
  });
  return update!;
}

/** RFC 2136 3.2.3 and 3.4.1.1: a record with data is in the zone's class, else FORMERR. */
function sameClass(at: string, klass: RRClass, update: Update): void {
  if (klass !== update.class) {
    throw new ArgumentError(`${at}: class ${klass} is not the zone's class ${update.class} (a server would answer FORMERR)`);
  }
}
