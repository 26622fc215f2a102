/**
 * Decoded messages built by hand for unit tests of the readers: a reply to one question with
 * the given answers, as decodeMessage would give it.
 */
import type { Message, ResourceRecord } from '../../src/packet/types.js';

/** A NOERROR, authoritative reply to `name`/`type` (class IN) with `answers`. */
export function answerMessage(name: string, type: string, answers: ResourceRecord[], id = 1): Message {
  return {
    id,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    flags: { qr: true, aa: true, tc: false, rd: false, ra: false, z: false, ad: false, cd: false },
    questions: [{ name, type, class: 'IN' }],
    answers,
    authorities: [],
    additionals: [],
  };
}
