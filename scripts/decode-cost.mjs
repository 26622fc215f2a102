// How much CPU one hostile reply can buy from decodeMessage: builds the most expensive messages
// we know of (each at most 65,507 octets, the largest UDP payload) and times decoding them.
// Not a test and not a benchmark: a measurement to run by hand, before and after a change.
//   npm run build && node scripts/decode-cost.mjs
import * as packet from '../dist/packet/index.js';
const { decodeMessage, readHeaderAndQuestion } = packet;

const MAX = 65507;

function header(qd, an = 0) {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(0x1234, 0);
  h.writeUInt16BE(0x8180, 2);
  h.writeUInt16BE(qd, 4);
  h.writeUInt16BE(an, 6);
  return h;
}
const ptr = (to) => Buffer.from([0xc0 | (to >> 8), to & 0xff]);
const TAIL = Buffer.from([0, 1, 0, 1]); // type A, class IN

/**
 * A: each question's name is a pointer to the previous question's name, as far as pointers reach
 * (offsets below 16,384): a chain of 2,728 hops; every further question points at its top.
 */
const pointerChain = () => ladder(Infinity);

/** B: a ladder of `depth` chained pointers, then every further question points at its top. */
function ladder(depth) {
  const parts = [header(0), Buffer.from([1, 0x61, 0]), TAIL];
  let at = 12;
  let size = 12 + 7;
  let n = 1;
  for (; n <= depth && size < 0x4000; n++, size += 6) {
    parts.push(ptr(at), TAIL);
    at = size;
  }
  for (; size + 6 <= MAX; n++, size += 6) parts.push(ptr(at), TAIL);
  const buf = Buffer.concat(parts);
  buf.writeUInt16BE(n, 4);
  return buf;
}

/** Questions from one name (`wire`, a name in wire form) on: every further question points at it. */
function pointedAt(wire) {
  const parts = [header(0), Buffer.from(wire), TAIL];
  let size = 12 + wire.length + 4;
  let n = 1;
  for (; size + 6 <= MAX; n++, size += 6) parts.push(ptr(12), TAIL);
  const buf = Buffer.concat(parts);
  buf.writeUInt16BE(n, 4);
  return buf;
}

/** C: one name of 255 octets (127 one-octet labels), then every further question points at it. */
function longNames() {
  const labels = [];
  for (let i = 0; i < 127; i++) labels.push(1, 0x61 + (i % 26));
  return pointedAt([...labels, 0]);
}

/** D: like C with 63-octet labels (4 labels, 255 octets): fewer steps, as many octets to spell. */
function longLabels() {
  const name = [];
  for (let i = 0; i < 3; i++) name.push(63, ...Buffer.alloc(63, 0x61 + i));
  name.push(61, ...Buffer.alloc(61, 0x78), 0);
  return pointedAt(name);
}

/** E: an honest big reply: 4,000-odd A records owned by the question name (one pointer each). */
function honest() {
  const q = Buffer.from([3, 0x77, 0x77, 0x77, 7, ...Buffer.from('example'), 3, 0x63, 0x6f, 0x6d, 0]);
  const parts = [header(1, 0), q, TAIL];
  let size = 12 + q.length + 4;
  let n = 0;
  for (; size + 16 <= MAX; n++, size += 16) parts.push(ptr(12), TAIL, Buffer.from([0, 0, 0, 60, 0, 4, 192, 0, 2, n & 0xff]));
  const buf = Buffer.concat(parts);
  buf.writeUInt16BE(n, 6);
  return buf;
}

/** F: one TXT record of 65,000-odd empty character-strings (one octet each). */
function manyStrings() {
  const rdlength = MAX - 12 - 11;
  const rr = Buffer.alloc(11 + rdlength);
  rr.writeUInt16BE(16, 1);
  rr.writeUInt16BE(1, 3);
  rr.writeUInt16BE(rdlength, 9);
  return Buffer.concat([header(0, 1), rr]);
}

/** G: an OPT record of 16,000-odd empty EDNS options (four octets each). */
function manyOptions() {
  const n = Math.floor((MAX - 12 - 11) / 4);
  const rr = Buffer.alloc(11 + 4 * n);
  rr.writeUInt16BE(41, 1);
  rr.writeUInt16BE(1232, 3);
  rr.writeUInt16BE(4 * n, 9);
  for (let i = 0; i < n; i++) rr.writeUInt16BE(65001, 11 + 4 * i);
  const h = header(0);
  h.writeUInt16BE(1, 10);
  return Buffer.concat([h, rr]);
}

function time(what, buf, fn) {
  let outcome = 'decoded';
  const runs = 20;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    try {
      fn(buf);
    } catch (err) {
      outcome = `refused: ${err.message}`;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
  console.log(`${what.padEnd(58)} ${String(buf.length).padStart(6)} octets  ${ms.toFixed(2).padStart(8)} ms  ${outcome}`);
}

const cases = [
  ['A: pointer chain of 2,728 hops, the rest point at its top', pointerChain()],
  ['B: ladder of 126 pointers, the rest point at its top', ladder(126)],
  ['B: ladder of 16 pointers, the rest point at its top', ladder(16)],
  ['C: 255-octet name of 127 labels, pointed at by the rest', longNames()],
  ['D: 255-octet name of 4 labels, pointed at by the rest', longLabels()],
  ['E: honest: 4,093 A records owned by the question name', honest()],
  ['F: one TXT record of 65,484 empty strings', manyStrings()],
  ['G: one OPT record of 16,371 empty options', manyOptions()],
];
for (let round = 0; round < 2; round++) {
  console.log(round === 0 ? '(warm-up round)' : '\ndecodeMessage, mean of 20 runs:');
  for (const [what, buf] of cases) time(what, buf, decodeMessage);
}
console.log('\nreadHeaderAndQuestion, mean of 20 runs:');
for (const [what, buf] of cases) time(what, buf, readHeaderAndQuestion);
