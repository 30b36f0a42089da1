/**
 * ledgerlink — read and write your customers' accounting data through one canonical model.
 *
 * Start with {@link createLedger}; providers come from `ledgerlink/providers/<id>`, the canonical model from
 * `ledgerlink/model`, emulators and the provider contract suite from `ledgerlink/testing`.
 * @module
 */
export { createLedger, type Ledger, type LedgerEvent, type LedgerOptions, type ResourcesOf, type WebhookOutcome } from './ledger';
export {
  createConnection,
  type Connection,
  type ConnectionBase,
  type ConnectionDeps,
  type ListOptions,
  type ResourceClient,
  type ResourceClients,
  type ResourceGetter,
  type ResourceReader,
  type ResourceCreator,
  type ResourceBatchCreator,
  type ResourceUpdater,
  type ResourceDeleter,
  type ResourceWriteInfo,
  type TypedPage,
} from './connection';
export { runCreateMany, runWrite, type CreateManyResult, type DeleteResult, type WriteDeps, type WriteOptions } from './writes/write';
export { checkPushOptions, pushOptionsOf, type PushOptions } from './writes/push-options';
export { writeSchemaFor, READ_ONLY_FIELDS, COMPUTED_FIELDS, type WriteInputOf, type UpdateInputOf } from './model/write';
export * from './errors';
export { defineProvider, type DefinedProvider } from './provider/define-provider';
export type * from './provider/types';
export type { ReadCursor } from './resources/reader';
export { readResourcePages } from './resources/reader';
export { mapRecord, type MapOutcome } from './resources/map-record';
export * from './auth';
export * from './http';
export * from './pagination';
export * from './sync';
export { noopLogger, type Logger, type LogFields } from './logger';
export { systemClock, type Clock } from './clock';
export { DATA_TYPES, isDataType, type DataType } from './model/data-types';
export { canonicalSchemas, type CanonicalOf, type CanonicalInputOf } from './model/registry';
