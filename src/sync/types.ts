/**
 * Contracts of the sync engine: the {@link SyncSource} it reads from (implemented by the connection layer), the
 * {@link SyncSink} it writes to (implemented by you), the checkpoint it persists, and the result it returns.
 *
 * The engine knows no HTTP: anything that can hand out mapped pages with a resume cursor can be synced.
 * @module
 */
import type { DataType } from '../model/data-types';
import type { FieldIssue, LedgerError } from '../errors';
import type { SharedReads } from '../resources/shared-reads';

/**
 * An opaque, JSON-serialisable resume point handed out after every page (typically a `PageCursor` from
 * `src/pagination`, or a composite the connection layer builds around one). The engine never looks inside: it stores
 * it in the checkpoint and passes it back to {@link SyncSource.readPages} to continue.
 *
 * Typed as `object` rather than an index-signature type so that interfaces such as `PageCursor` are assignable.
 */
export type PageCursorLike = object;

/**
 * A provider record that could not be mapped to the canonical model (`mapping`) or whose mapped form failed the
 * canonical schema (`validation`). It never stops a sync: it is reported in the batch and in the result, with the
 * provider's raw record so nothing is lost.
 */
export interface RecordIssue {
  dataType: DataType;
  /** The provider's id of the record, when it could be read. */
  recordId?: string;
  message: string;
  issues: FieldIssue[];
  /** The provider's record, unchanged. */
  raw: unknown;
  kind: 'mapping' | 'validation';
}

/** The part of a canonical record the engine relies on (every canonical record satisfies it). */
export interface CanonicalRecordLike {
  id: string;
  /** True for deletes (voided, archived or hard-deleted records, tombstones): a delete is just a record. */
  isDeleted: boolean;
  sourceModifiedDate?: string;
  [k: string]: unknown;
}

/** One page of mapped records. */
export interface MappedPage {
  records: CanonicalRecordLike[];
  issues: RecordIssue[];
  /** Resume point after this page; `null` means this page is the last one (the read is finished). */
  cursor: PageCursorLike | null;
  /**
   * Set when the page was not read for this type but replayed from the read of `sharedFrom` earlier in the same run
   * (a shared list, see `SharedReads`): this type's read counts as started when that one did.
   */
  sharedFrom?: DataType;
}

/** Options of one {@link SyncSource.readPages} call. */
export interface ReadOptions {
  /** Read only records changed at or after this UTC instant (omitted: full read). */
  modifiedSince?: string;
  /** Continue an interrupted read from this cursor (omitted or `null`: from the first page). */
  cursor?: PageCursorLike | null;
  /** Keep the provider's record in each canonical record's `raw`. */
  includeRaw?: boolean;
  /** Cancels in-flight requests. */
  signal?: AbortSignal;
  /** Type-specific parameters (report dates: `date`, `fromDate`, `toDate`, …). */
  params?: Record<string, unknown>;
  /**
   * Request each next page as soon as the current one has arrived, before mapping it (one page ahead at most).
   * For whole reads only (the sync engine): a caller that may stop after the first page would pay for a read it
   * never uses.
   */
  readAhead?: boolean;
  /** The run's shared reads (the sync engine passes one per run): lists two types read identically are read once. */
  shared?: SharedReads;
}

/**
 * What the engine reads from: one connection (one provider, one tenant). The connection layer implements it on top
 * of the provider's resources, pagination, retries and rate limits; tests implement it in memory.
 */
export interface SyncSource {
  /** Provider id, e.g. `"xero"`. */
  readonly provider: string;
  /** Connection id (unique per linked tenant). */
  readonly connectionId: string;
  /** Whether the provider offers `dataType` for reading. */
  supports(dataType: DataType): boolean;
  /** Incremental capability of the type (`none` means every run is a full read). */
  incrementalMode(dataType: DataType): 'none' | 'incremental';
  /**
   * Reads the type page by page to its real end. Must throw a typed `LedgerError` (after its own retries) on failure.
   * The last page carries `cursor: null`.
   */
  readPages(dataType: DataType, options: ReadOptions): AsyncIterable<MappedPage>;
  /** API calls made so far through this source (attempts that reached the provider). */
  apiCalls(): number;
  /** Server "now" if known (from a Date header), else undefined; used for watermarks. */
  serverTime?(): string | undefined;
}

/** Whether a type is read in full or only what changed since its watermark. */
export type SyncMode = 'full' | 'incremental';

/** Outcome of one data type in a run. */
export type TypeSyncStatus = 'ok' | 'failed' | 'skipped' | 'aborted';

/** One page handed to {@link SyncSink.write}. */
export interface SyncBatch {
  dataType: DataType;
  /** Mapped records, deletes included (`isDeleted: true`). */
  records: CanonicalRecordLike[];
  /** Records of this page that could not be mapped or validated (with their raw record). */
  issues: RecordIssue[];
  /** 1-based number of the page within this run's read of the type (a resumed read starts again at 1). */
  page: number;
}

/** What {@link SyncSink.begin} is told about a type's read. */
export interface SyncTypeStart {
  mode: SyncMode;
  /** The instant the read filters on (incremental reads only). */
  modifiedSince?: string;
  /** True when this read continues one a previous run left unfinished. */
  resumed: boolean;
}

/**
 * Where synced data goes: your storage. The engine calls `begin` → `write`* → `end` for each type, and `close` once
 * at the end of the run.
 *
 * **Contract: `write` must resolve only once the batch is durably stored.** The engine saves the checkpoint right
 * after `write` resolves, so a batch whose promise resolved is never delivered again — except the very last one if
 * the process dies between the two. Delivery is therefore at-least-once: store records by `(dataType, id)` with an
 * upsert so a re-delivered batch is harmless. A rejected `write` (or `begin`/`end`) aborts the whole run: `sync`
 * rejects with that error and the checkpoint stays at the last acknowledged batch.
 */
export interface SyncSink {
  /** Called before the first batch of a type. */
  begin?(dataType: DataType, info: SyncTypeStart): Promise<void> | void;
  /** Stores one batch; resolve only when it is durable. */
  write(batch: SyncBatch): Promise<void>;
  /**
   * Called when the type's read stops (`summary.status` says how). For `ok`, the type's new watermark is saved only
   * after this resolves, so a sink may commit a transaction here.
   */
  end?(dataType: DataType, summary: TypeSyncSummary): Promise<void> | void;
  /** Called once when the run is over (also after a failure). */
  close?(): Promise<void> | void;
}

/** Per-type state in a checkpoint. */
export interface TypeCheckpoint {
  /**
   * The instant the next incremental read starts from: the (server) time the last complete read started, minus the
   * safety overlap. UTC ISO 8601.
   */
  watermark?: string;
  /** Resume point of an unfinished read; absent or `null` when no read is in progress. */
  cursor?: PageCursorLike | null;
  /** When the unfinished read started (becomes the watermark, minus the overlap, once it completes). */
  readStartedAt?: string;
  /** The `modifiedSince` the unfinished read uses; a resumed read keeps it so the cursor stays valid. */
  modifiedSince?: string;
}

/** Everything the engine persists for one connection (JSON-serialisable). */
export interface SyncCheckpoint {
  version: 1;
  types: Partial<Record<DataType, TypeCheckpoint>>;
}

/** Result of one data type in a run. */
export interface TypeSyncSummary {
  status: TypeSyncStatus;
  mode: SyncMode;
  /** Records delivered (and acknowledged by the sink) in this run, deletes included. */
  records: number;
  /** Of which `isDeleted: true`. */
  deleted: number;
  /** Record issues (mapping or validation failures) in this run. */
  issues: number;
  /** Pages acknowledged by the sink in this run. */
  pages: number;
  /** API calls made while reading this type. */
  apiCalls: number;
  /** True when the read continued an unfinished one. */
  resumed: boolean;
  /** The instant the read filtered on (incremental only). */
  modifiedSince?: string;
  /** The watermark saved when the type completed (status `ok`). */
  watermark?: string;
  /** Why the type failed or was skipped. */
  error?: LedgerError | Error;
}

/** Progress report, sent after each page and when a type starts and ends. */
export interface SyncProgress {
  dataType: DataType;
  phase: 'start' | 'page' | 'end';
  /** Records of this type acknowledged so far in this run. */
  records: number;
  /** Pages of this type acknowledged so far in this run. */
  pages: number;
  /** Issues of this type so far in this run. */
  issues: number;
  /** API calls made by the whole run so far. */
  apiCalls: number;
  /** Set on `end`. */
  status?: TypeSyncStatus;
}

/** Overall outcome of a run. */
export type SyncRunStatus =
  /** Every requested type completed. */
  | 'ok'
  /** Some types failed or were not supported; the others completed. */
  | 'partial'
  /** The run stopped early because no further type could succeed (relink required, daily limit). */
  | 'stopped'
  /** The caller's `AbortSignal` fired. */
  | 'aborted';

/** What {@link sync} returns. */
export interface SyncResult {
  status: SyncRunStatus;
  /** The error that stopped the run (`status: 'stopped'`). */
  error?: LedgerError | Error;
  /** UTC ISO 8601. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** API calls made during the run. */
  apiCalls: number;
  /** One entry per requested type. */
  types: Partial<Record<DataType, TypeSyncSummary>>;
  /** Record issues, first `maxIssues` only (see `issueCount`). */
  issues: RecordIssue[];
  /** Total number of record issues in the run. */
  issueCount: number;
  /** The checkpoint as stored after the run. */
  checkpoint: SyncCheckpoint;
}
