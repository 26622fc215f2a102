/** RFC 2136 dynamic updates: building the message, TSIG signing and verification, and keys. */
export {
  Update,
  updateFromRecords,
  type UpdateOptions,
  type RdataInput,
  type UpdateRecord,
  type UpdateSection,
  type UpdateOperation,
} from './message.js';
export { signMessage, verifyMessage, type SignOptions, type SignedMessage, type VerifyOptions, type VerifiedMessage } from './tsig.js';
export { TSIG_ALGORITHMS, type TsigAlgorithm, type TsigAlgorithmInfo } from './algorithms.js';
export { parseTsigKey, parseKeyFile, type TsigKey, type KeyFileSource } from './keys.js';
export { readKeyFile } from './key-file.js';
export { TsigError, type TsigErrorCode, type TsigErrorDetails } from '../errors.js';
export { findZoneCut, type FindZoneCutOptions, type ZoneCut, type DiscoveryResolver } from './zone-cut.js';
export { sendUpdate, type SendUpdateOptions, type UpdateResult } from './send.js';
export { update, isOurServer, type NupdateOptions } from './nupdate.js';
