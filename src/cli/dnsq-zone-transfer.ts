/**
 * A zone transfer as dnsq reads it: the messages of an AXFR or IXFR stream (RFC 5936, RFC
 * 1995), fed one at a time, checked, and counted, until the SOA that ends the transfer. Pure:
 * the socket that delivers the messages is resolver/transport-stream.ts's.
 *
 * Where the stream ends follows dig (bin/dig/dighost.c, check_for_more_data):
 * - the first record must be the zone's SOA; for an IXFR whose serial is not older than the
 *   client's, that single SOA is the whole answer ("up to date");
 * - a second record that is not an SOA means an AXFR-style answer (AXFR, or an IXFR the server
 *   answered with the whole zone): it ends at the next SOA;
 * - otherwise it is an incremental answer (SOA new, then per change SOA old, deletions, SOA
 *   newer, additions): it ends at the second repeat of the first SOA's serial.
 * Counting follows dig's "XFR size" line too: records up to the one that ends the transfer,
 * messages, and the messages' octets.
 */
import { canonicalName, type Message, type ResourceRecord } from '../packet/index.js';

/** Why a transfer stopped short; `line` is what dig prints for it. */
export class TransferFailure extends Error {
  override name = 'TransferFailure';

  constructor(
    /** dig's text for the failure (`; Transfer failed.`), printed where the records would be. */
    readonly line: string,
    /** The reason, for stderr. */
    message: string,
    /** The reply's rcode, when the server refused the transfer with one. */
    readonly rcode?: string,
  ) {
    super(message);
  }
}

/** What the question asked for. */
export interface TransferQuestion {
  readonly zone: string;
  readonly type: 'AXFR' | 'IXFR';
  readonly class: string;
  /** For IXFR: the serial the client has. */
  readonly serial?: number;
}

/** RFC 1982 serial arithmetic: whether `a` is at least `b`. */
function serialAtLeast(a: number, b: number): boolean {
  return a === b || (a < b && b - a > 0x80000000) || (a > b && a - b < 0x80000000);
}

/** Reads one transfer, message by message. */
export class ZoneTransfer {
  /** Records counted so far (dig's "XFR size: N records"). */
  records = 0;
  /** Messages read. */
  messages = 0;
  /** Their octets, as received (without TCP's length prefixes). */
  bytes = 0;
  /** Whether the SOA that ends the transfer has come. */
  done = false;

  private firstSerial: number | undefined;
  private secondSeen = false;
  private axfrStyle: boolean;
  private firstRepeatSeen = false;

  constructor(private readonly question: TransferQuestion) {
    this.axfrStyle = question.type === 'AXFR';
  }

  /**
   * Reads the next message of the stream (`size`: its length on the wire) and returns its
   * answer records, to be printed as they come; `done` says whether the transfer is complete.
   * Throws TransferFailure for a refusal or a stream that is not a transfer of this zone.
   */
  push(message: Message, size: number): ResourceRecord[] {
    if (this.done) throw new TransferFailure('; Transfer failed.', 'the server sent more after the transfer had ended');
    this.messages++;
    this.bytes += size;
    const q = this.question;
    if (!message.flags.qr || message.opcode !== 'QUERY') {
      throw new TransferFailure('; Transfer failed.', 'a message in the stream is not a reply to a query');
    }
    // Only the first message must repeat the question (RFC 5936 section 2.2); any that does must repeat it right.
    const asked = message.questions[0];
    if (message.questions.length > 1 || (asked !== undefined && (canonicalName(asked.name) !== canonicalName(q.zone) || asked.type !== q.type || asked.class !== q.class))) {
      throw new TransferFailure('; Transfer failed.', 'a reply to another question came in the stream');
    }
    if (this.messages === 1 && asked === undefined) {
      throw new TransferFailure('; Transfer failed.', 'the first reply does not repeat the question');
    }
    if (message.rcode !== 'NOERROR') {
      throw new TransferFailure('; Transfer failed.', `the server answered ${message.rcode}`, message.rcode);
    }
    if (message.answers.length === 0) throw new TransferFailure('; Transfer failed.', 'a reply with no records in the stream');
    for (const rr of message.answers) {
      if (this.done) break;
      this.records++;
      this.read(rr);
    }
    return message.answers;
  }

  private read(rr: ResourceRecord): void {
    const isSoa = rr.type === 'SOA';
    if (this.firstSerial === undefined) {
      if (!isSoa || canonicalName(rr.name) !== canonicalName(this.question.zone)) {
        throw new TransferFailure("; Transfer failed.  Didn't start with SOA answer.", 'the transfer did not start with the zone\'s SOA');
      }
      this.firstSerial = (rr.data as { serial: number }).serial;
      // An IXFR from a serial at least as new as the server's: the one SOA is the answer.
      if (this.question.type === 'IXFR' && this.question.serial !== undefined && serialAtLeast(this.question.serial, this.firstSerial)) this.done = true;
      return;
    }
    if (!this.secondSeen && !isSoa) {
      this.secondSeen = true;
      this.axfrStyle = true;
      return;
    }
    if (!isSoa) return;
    const serial = (rr.data as { serial: number }).serial;
    if (this.axfrStyle) {
      this.done = true;
      return;
    }
    if (!this.secondSeen) {
      // SOA, SOA with the same serial: an empty incremental answer.
      this.secondSeen = true;
      if (serial === this.firstSerial) this.done = true;
      return;
    }
    if (serial === this.firstSerial) {
      if (this.firstRepeatSeen) this.done = true;
      else this.firstRepeatSeen = true;
    }
  }
}
