/** DNS messages: the only room that imports dns-packet. */
export { encodeMessage, decodeMessage, decodeReply, readHeaderAndQuestion, type HeaderAndQuestion, MAX_MESSAGE_OCTETS } from './codec.js';
export { buildQuery, buildQueryWithId, DEFAULT_EDNS_PAYLOAD, type QueryOptions, type QueryEdns } from './query.js';
export { frameTcp, TcpFrameReader } from './framing.js';
export { reverseName, addressFromReverseName } from './reverse.js';
export {
  parseInetAton,
  parseInetPton4,
  parseInetPton6,
  parseNumericAddress,
  formatIPv6,
  type ParsedAddress,
} from './address.js';
export {
  readName,
  writeName,
  nameToWire,
  isAtOrBelow,
  parentName,
  randomCase,
  nameWireLength,
  isValidName,
  plainNameWireLength,
  NOT_PLAIN,
  canonicalName,
  hasTrailingDot,
  withoutTrailingDot,
  foldCase,
  presentationName,
  MAX_NAME_OCTETS,
  MAX_LABEL_OCTETS,
} from './names.js';
export {
  typeName,
  typeNumber,
  isTypeName,
  className,
  classNumber,
  isClassName,
  opcodeName,
  opcodeNumber,
  rcodeName,
  rcodeNumber,
  tsigErrorName,
  tsigErrorNumber,
} from './constants.js';
export { randomId } from './random.js';
export type * from './types.js';
export {
  formatMessage,
  type FormatMessageOptions,
  formatRecord,
  formatRdata,
  formatQuestion,
  formatEdns,
  absoluteName,
  quoteString,
} from './presentation.js';
export { parseRdata, isMetaType, type ParseRdataOptions, type RdataValue } from './rdata-text.js';
export { writeTsigRdata } from './tsig-rdata.js';
export { decodeBase32hex, encodeBase32hex } from './base32hex.js';
