/**
 * The sync engine: checkpointed, resumable, at-least-once reads of a connection's data into your storage.
 * See `docs/sync.md`.
 * @module
 */
export { sync, defaultCheckpointKey, DEFAULT_OVERLAP_MS, DEFAULT_MAX_ISSUES, type SyncOptions } from './sync';
export { MemoryCheckpointStore, parseSyncCheckpoint, cloneCheckpoint, type CheckpointStore } from './checkpoint-store';
export { FileCheckpointStore } from './file-checkpoint-store';
export {
  PostgresCheckpointStore,
  DEFAULT_CHECKPOINT_TABLE,
  type PgQueryable as CheckpointPgQueryable,
  type PostgresCheckpointStoreOptions,
} from './postgres-checkpoint-store';
export {
  memorySink,
  ndjsonSink,
  countingSink,
  type MemorySink,
  type CountingSink,
  type SinkCounts,
  type NdjsonSinkOptions,
} from './sinks';
export type {
  PageCursorLike,
  RecordIssue,
  CanonicalRecordLike,
  MappedPage,
  ReadOptions,
  SyncSource,
  SyncMode,
  TypeSyncStatus,
  SyncBatch,
  SyncTypeStart,
  SyncSink,
  TypeCheckpoint,
  SyncCheckpoint,
  TypeSyncSummary,
  SyncProgress,
  SyncRunStatus,
  SyncResult,
} from './types';
