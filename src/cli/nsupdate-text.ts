/**
 * What nsupdate (BIND 9.18) prints for `show`, `answer` and, under -d, for what it sends and
 * receives: a heading line, then the message as BIND's dns_message_totext writes it with the
 * debug master style (nsupdate.c show_message, lib/dns/message.c dns_message_headertotext).
 *
 * The records themselves are the packet layer's formatMessage (BIND's columns and quirks); this
 * file only adds what nsupdate does around it: the headings, the totext header layout, and for
 * `show` the state of a message that has not been rendered yet (id 0, every count 0, no TSIG,
 * and a ZONE section that is the `zone` command's zone or nothing).
 *
 * Pure: no I/O.
 */
import { formatMessage, type Message, type Question } from '../packet/index.js';

/** The heading of `show` (and, under -d, of each update as it is sent). */
export const SHOW_HEADING = 'Outgoing update query:';
/** The heading of `answer`. */
export const ANSWER_HEADING = 'Answer:';
/** The heading, on stderr under -d, of the reply to an update (nsupdate writes a blank line first). */
export const DEBUG_REPLY_HEADING = '\nReply from update query:';
/** The heading, on stderr under -d, of the reply to the SOA query that finds the zone. */
export const DEBUG_SOA_REPLY_HEADING = 'Reply from SOA query:';

/** Options of {@link formatShow}. */
export interface ShowOptions {
  /**
   * The ZONE section, as nsupdate sets it just before printing (setzone(userzone)): the
   * `show` command's zone, or none when no `zone` was given. Ignored when `rendered`.
   */
  zone?: Question;
  /**
   * The message as sent (nsupdate -d prints the update after rendering it): its own id,
   * counts, ZONE section and TSIG. Default false: `show` before a send.
   */
  rendered?: boolean;
  /**
   * With `rendered`: print no ZONE section, while the header keeps the counts as sent. nsupdate
   * -d does this when the zone was found rather than given: show_message() first sets the
   * message's zone to the `zone` command's, which is none (nsupdate.c show_message, setzone).
   */
  withoutZone?: boolean;
}

/**
 * `show`: `Outgoing update query:` and the pending update. Before it is sent nsupdate's message
 * has never been rendered, so the header says id 0 and 0 for every count although the
 * sections below list records, and there is no TSIG yet; that is what this prints unless
 * `rendered`. The message's own zone section is replaced by `options.zone`.
 */
export function formatShow(message: Message, options: ShowOptions = {}): string {
  if (options.rendered === true) {
    if (options.withoutZone !== true) return `${SHOW_HEADING}\n${formatMessage(message, { layout: 'totext' })}`;
    const counts = [message.questions.length, message.answers.length, message.authorities.length, message.additionals.length + (message.edns === undefined ? 0 : 1)] as const;
    return `${SHOW_HEADING}\n${formatMessage({ ...message, questions: [] }, { layout: 'totext', counts })}`;
  }
  const pending: Message = {
    ...message,
    id: 0,
    questions: options.zone === undefined ? [] : [options.zone],
    additionals: message.additionals.filter((rr) => rr.type !== 'TSIG'),
  };
  return `${SHOW_HEADING}\n${formatMessage(pending, { layout: 'totext', counts: [0, 0, 0, 0] })}`;
}

/** `answer`: `Answer:` and the reply to the last update, with its TSIG pseudosection. */
export function formatAnswer(reply: Message): string {
  return `${ANSWER_HEADING}\n${formatMessage(reply, { layout: 'totext' })}`;
}

/**
 * Under -d, on stderr: the reply to an SOA query. dns_message_totext calls the first section
 * QUESTION in the header of a message that is not an UPDATE (lib/dns/message.c
 * dns_message_headertotext), where dig's layout says QUERY.
 */
export function formatDebugSoaReply(reply: Message): string {
  const text = formatMessage(reply, { layout: 'totext' }).replace(/^(;; flags:[^\n]*;) QUERY: /m, '$1 QUESTION: ');
  return `${DEBUG_SOA_REPLY_HEADING}\n${text}`;
}

/** Under -d, on stderr: the reply to an update. */
export function formatDebugReply(reply: Message): string {
  return `${DEBUG_REPLY_HEADING}\n${formatMessage(reply, { layout: 'totext' })}`;
}
