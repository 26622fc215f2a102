/** RFC 2136 dynamic updates: building the message. */
export {
  Update,
  updateFromRecords,
  type UpdateOptions,
  type RdataInput,
  type UpdateRecord,
  type UpdateSection,
  type UpdateOperation,
} from './message.js';
