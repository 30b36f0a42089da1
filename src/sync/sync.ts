/**
 * The sync engine: reads every requested data type of a connection page by page, hands each page to your sink, and
 * checkpoints after every page the sink has acknowledged, so a run killed at any moment resumes where it stopped.
 *
 * See `docs/sync.md` for the guarantees in prose.
 * @module
 */
import { systemClock, type Clock } from '../clock';
import { ConfigurationError, ErrorCodes, NotSupportedError, isLedgerError, type LedgerError } from '../errors';
import { noopLogger, type LogFields, type Logger } from '../logger';
import { DATA_TYPES, REPORT_DATA_TYPES, isDataType, type DataType } from '../model/data-types';
import { cloneCheckpoint, parseSyncCheckpoint, type CheckpointStore } from './checkpoint-store';
import { SharedReads } from '../resources/shared-reads';
import type {
  MappedPage,
  RecordIssue,
  ReadOptions,
  SyncCheckpoint,
  SyncProgress,
  SyncResult,
  SyncRunStatus,
  SyncSink,
  SyncSource,
  TypeCheckpoint,
  TypeSyncStatus,
  TypeSyncSummary,
} from './types';

/** Default safety overlap subtracted from a read's start time to make the watermark: 5 minutes. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** Default number of record issues kept in {@link SyncResult.issues} (all are counted in `issueCount`). */
export const DEFAULT_MAX_ISSUES = 1000;

/** Options of {@link sync}. */
export interface SyncOptions {
  /** Types to sync, in this order. Default: every type the source supports, in `DATA_TYPES` order. */
  dataTypes?: readonly DataType[];
  /** Where the data goes. `write` must resolve only once a batch is durable. */
  sink: SyncSink;
  /** Where the checkpoint lives between runs. */
  checkpointStore: CheckpointStore;
  /** Checkpoint key. Default `${source.provider}:${source.connectionId}`. */
  checkpointKey?: string;
  /** Called when a type starts, after each acknowledged page, and when a type ends. Errors it throws are logged and ignored. */
  onProgress?: (progress: SyncProgress) => void;
  /** Stops the run between pages; the result then has status `aborted` and the checkpoint stays resumable. */
  signal?: AbortSignal;
  /** Keep each provider record in the canonical record's `raw`. Default false. */
  includeRaw?: boolean;
  /**
   * Ignore watermarks and read every type in full (an unfinished incremental read is restarted in full; an
   * unfinished full read is resumed). Default false.
   */
  fullRefresh?: boolean;
  /** Time source for watermarks and durations. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Structured logger. Default: silent. */
  logger?: Logger;
  /**
   * Safety overlap (ms) subtracted from a read's start time to make the watermark, covering clock skew, records
   * committed with an earlier timestamp while the read ran, and second-precision filters. Default 5 minutes.
   */
  overlapMs?: number;
  /** Parameters passed to report types (`balanceSheet`, `profitAndLoss`): `date`, `fromDate`, `toDate`, … */
  reportParams?: Record<string, unknown>;
  /** How many record issues the result keeps (all are counted). Default 1000. */
  maxIssues?: number;
  /**
   * Request the next page while the sink stores the current one (default true): the provider's latency and the
   * mapping/sink work overlap, with at most two pages in memory. The checkpoint contract is unchanged. A run stopped
   * mid-type may have made one read more than it delivered.
   */
  readAhead?: boolean;
  /**
   * Read a provider list once when two types of the run are filters of it (Xero customers and suppliers both read
   * `/Contacts`; see `ResourceDefinition.sharedList`): the later type replays the earlier one's pages instead of
   * calling the provider again, as long as the requests are identical and the list holds at most `maxRecords` raw
   * records (default 5,000; a longer list is read again, so memory stays bounded). Default true.
   */
  shareReads?: boolean | { maxRecords?: number };
}

/** The default checkpoint key of a source: `${provider}:${connectionId}`. */
export function defaultCheckpointKey(source: Pick<SyncSource, 'provider' | 'connectionId'>): string {
  return `${source.provider}:${source.connectionId}`;
}

interface RunContext {
  source: SyncSource;
  options: SyncOptions;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  key: string;
  overlapMs: number;
  maxIssues: number;
  runApiStart: number;
  /** The checkpoint as last stored (or loaded). */
  checkpoint: SyncCheckpoint;
  issues: RecordIssue[];
  issueCount: number;
  /** This run's shared reads (absent when `shareReads: false`). */
  shared?: SharedReads;
  /** When each type's read of this run started (UTC ISO 8601), for types replaying another's pages. */
  readStarts: Map<DataType, string>;
}

/**
 * Syncs a connection: for each data type, reads the pages (only what changed since the type's watermark when the
 * type supports incremental reads), hands each page to `sink.write`, and saves the checkpoint once the sink's promise
 * has resolved.
 *
 * **Guarantees**
 * - *Nothing lost*: the checkpoint only ever moves past a page after the sink acknowledged it, and a type's watermark
 *   is the time its read started (server time when the source knows it), minus `overlapMs`, saved only after the
 *   last page and `sink.end`. Kill the process at any moment and run again: the next run resumes the unfinished type
 *   from its stored cursor with the same `modifiedSince`, so no record is skipped.
 * - *At-least-once*: the batch that was being written (or acknowledged but not yet checkpointed) when the process
 *   died is delivered again by the next run, and records modified within the overlap window are re-read by the next
 *   incremental run. Make the sink idempotent (upsert by `(dataType, id)`).
 * - *Deletes are records*: they arrive with `isDeleted: true` and are counted in `deleted`.
 * - *Bad records do not stop a sync*: mapping and validation failures arrive as issues (with the raw record), are
 *   given to the sink with their batch and collected in the result.
 * - *One failing type does not stop the others*: its error is recorded (`status: 'failed'`) and its checkpoint stays
 *   at the last acknowledged page. A relink-required `AuthError` or a daily `RateLimitError` stops the whole run
 *   (`status: 'stopped'`): every other type would fail the same way.
 * - *Storage failures stop everything*: if the sink or the checkpoint store rejects, `sync` rejects with that error,
 *   and the checkpoint stays at the last acknowledged page.
 * - *Abort*: when `signal` fires, the run stops after the current page and returns `status: 'aborted'`.
 *
 * One run per checkpoint key at a time: the engine does not lock.
 *
 * @example
 * ```ts
 * const result = await sync(source, {
 *   sink: ndjsonSink('./export'),
 *   checkpointStore: new FileCheckpointStore('./state'),
 *   dataTypes: ['customers', 'invoices'],
 *   onProgress: (p) => console.log(p.dataType, p.records),
 * });
 * if (result.status !== 'ok') console.warn(result.types);
 * ```
 */
export async function sync(source: SyncSource, options: SyncOptions): Promise<SyncResult> {
  validateOptions(source, options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? noopLogger;
  const startedMs = clock.now();
  const key = options.checkpointKey ?? defaultCheckpointKey(source);
  const dataTypes = resolveDataTypes(options.dataTypes);
  let loaded: SyncCheckpoint | undefined;
  try {
    const stored = await options.checkpointStore.load(key);
    // Stores validate what they read, but a custom one may not: a bad instant here would corrupt the next watermark.
    if (stored !== undefined) loaded = parseSyncCheckpoint(cloneCheckpoint(stored), `checkpoint ${JSON.stringify(key)}`);
  } catch (error) {
    await closeQuietly(options.sink, logger);
    throw error;
  }
  const ctx: RunContext = {
    source,
    options,
    clock,
    logger,
    key,
    overlapMs: options.overlapMs ?? DEFAULT_OVERLAP_MS,
    maxIssues: options.maxIssues ?? DEFAULT_MAX_ISSUES,
    runApiStart: source.apiCalls(),
    checkpoint: loaded ?? { version: 1, types: {} },
    issues: [],
    issueCount: 0,
    readStarts: new Map(),
  };
  const runTypes = dataTypes ?? DATA_TYPES.filter((t) => source.supports(t));
  if (options.shareReads !== false) {
    const maxRecords = typeof options.shareReads === 'object' ? options.shareReads.maxRecords : undefined;
    ctx.shared = new SharedReads(runTypes, maxRecords !== undefined ? { maxRecords } : {});
  }
  const base = { provider: source.provider, connectionId: source.connectionId };
  logger.info('sync started', { ...base, key, dataTypes: dataTypes ?? 'all supported' });

  const types: Partial<Record<DataType, TypeSyncSummary>> = {};
  let stopError: LedgerError | Error | undefined;
  let aborted = false;
  let failed = false;

  let storageFailure: { error: unknown } | undefined;
  try {
    for (const dataType of runTypes) {
      ctx.shared?.starting(dataType);
      if (stopError !== undefined || aborted || options.signal?.aborted) {
        aborted ||= options.signal?.aborted === true;
        types[dataType] = skippedSummary(ctx, dataType, stopError);
        continue;
      }
      if (!source.supports(dataType)) {
        failed = true;
        types[dataType] = skippedSummary(
          ctx,
          dataType,
          new NotSupportedError(`${source.provider} does not offer ${dataType}`, { provider: source.provider }),
        );
        continue;
      }
      const summary = await syncType(ctx, dataType).finally(() => ctx.shared?.done(dataType));
      types[dataType] = summary;
      if (summary.status === 'aborted') aborted = true;
      if (summary.status === 'failed') {
        failed = true;
        if (stopsTheRun(summary.error)) stopError = summary.error;
      }
    }
  } catch (error) {
    storageFailure = { error };
  }
  try {
    await options.sink.close?.();
  } catch (error) {
    // A close failure must not hide the error that stopped the run.
    if (storageFailure === undefined) throw error;
    logger.warn('sink close failed after an earlier error', { ...base, error: describeError(error) });
  }
  if (storageFailure !== undefined) {
    logger.error('sync stopped: the sink or the checkpoint store failed', { ...base, error: describeError(storageFailure.error) });
    throw storageFailure.error;
  }

  const finishedMs = clock.now();
  const status: SyncRunStatus = aborted ? 'aborted' : stopError ? 'stopped' : failed ? 'partial' : 'ok';
  const result: SyncResult = {
    status,
    ...(stopError ? { error: stopError } : {}),
    startedAt: new Date(startedMs).toISOString(),
    finishedAt: new Date(finishedMs).toISOString(),
    durationMs: Math.max(0, finishedMs - startedMs),
    apiCalls: source.apiCalls() - ctx.runApiStart,
    types,
    issues: ctx.issues,
    issueCount: ctx.issueCount,
    checkpoint: cloneCheckpoint(ctx.checkpoint),
  };
  logger.info('sync finished', {
    ...base,
    status,
    durationMs: result.durationMs,
    apiCalls: result.apiCalls,
    issueCount: result.issueCount,
  });
  return result;
}

/** Reads one type to its end (or failure, or abort). Rejects only when the sink or the checkpoint store fails. */
async function syncType(ctx: RunContext, dataType: DataType): Promise<TypeSyncSummary> {
  const { source, options, clock, logger } = ctx;
  const stored: TypeCheckpoint = ctx.checkpoint.types[dataType] ?? {};
  const fields: LogFields = { provider: source.provider, connectionId: source.connectionId, dataType };

  const hasCursor = stored.cursor !== undefined && stored.cursor !== null;
  if (hasCursor && stored.readStartedAt === undefined) {
    logger.warn('stored cursor has no read start time; restarting the read', fields);
  }
  // A full refresh must not continue an incremental read, but continuing an unfinished full read is what it asks for.
  const resumed =
    hasCursor && stored.readStartedAt !== undefined && !(options.fullRefresh && stored.modifiedSince !== undefined);
  const incremental = source.incrementalMode(dataType) === 'incremental';
  const modifiedSince = resumed
    ? stored.modifiedSince
    : !options.fullRefresh && incremental
      ? stored.watermark
      : undefined;

  const summary: TypeSyncSummary = {
    status: 'ok',
    mode: modifiedSince !== undefined ? 'incremental' : 'full',
    records: 0,
    deleted: 0,
    issues: 0,
    pages: 0,
    apiCalls: 0,
    resumed,
    ...(modifiedSince !== undefined ? { modifiedSince } : {}),
  };
  const typeApiStart = source.apiCalls();
  const t0 = clock.now();
  let readStartedAt = resumed ? stored.readStartedAt : undefined;
  const readStart = (): string => (readStartedAt ??= estimateReadStart(source, clock, t0, logger, fields));

  logger.info('sync type started', { ...fields, mode: summary.mode, resumed, modifiedSince });
  await options.sink.begin?.(dataType, { mode: summary.mode, resumed, ...(modifiedSince !== undefined ? { modifiedSince } : {}) });
  progress(ctx, dataType, 'start', summary);

  const readOptions: ReadOptions = {
    ...(modifiedSince !== undefined ? { modifiedSince } : {}),
    cursor: resumed ? (stored.cursor ?? null) : null,
    includeRaw: options.includeRaw ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.readAhead ?? true ? { readAhead: true } : {}),
    ...(ctx.shared ? { shared: ctx.shared } : {}),
    ...(options.reportParams && (REPORT_DATA_TYPES as readonly DataType[]).includes(dataType)
      ? { params: { ...options.reportParams } }
      : {}),
  };

  let iterator: AsyncIterator<MappedPage> | undefined;
  let prefetched: Promise<IteratorResult<MappedPage>> | undefined;
  const readAhead = options.readAhead ?? true;
  let exhausted = false;
  let finished = false;
  let failure: { error: unknown } | undefined;
  try {
    try {
      iterator = source.readPages(dataType, readOptions)[Symbol.asyncIterator]();
    } catch (error) {
      failure = { error };
    }
    while (iterator !== undefined && failure === undefined) {
      if (options.signal?.aborted) break;
      let step: IteratorResult<MappedPage>;
      try {
        step = await (prefetched ?? iterator.next());
        prefetched = undefined;
      } catch (error) {
        exhausted = true;
        failure = { error };
        break;
      }
      if (step.done) {
        exhausted = true;
        finished = true;
        break;
      }
      const page = step.value;
      // Pages replayed from another type's read of this run: that read's start is this one's.
      if (readStartedAt === undefined && page.sharedFrom !== undefined) readStartedAt = ctx.readStarts.get(page.sharedFrom);
      ctx.readStarts.set(dataType, readStart());
      if (readAhead && page.cursor !== null && !options.signal?.aborted) {
        // Fetch the next page while the sink stores this one. The checkpoint still moves only after this page's
        // write resolves, so a crash re-reads the prefetched page; at most two pages are in memory.
        prefetched = iterator.next();
        prefetched.catch(() => undefined); // observed when awaited; never an unhandled rejection meanwhile
      }
      const pageNumber = summary.pages + 1;
      await options.sink.write({ dataType, records: page.records, issues: page.issues, page: pageNumber });

      summary.pages = pageNumber;
      summary.records += page.records.length;
      for (const record of page.records) if (record.isDeleted) summary.deleted++;
      summary.issues += page.issues.length;
      collectIssues(ctx, page.issues);
      if (page.cursor === null) {
        finished = true;
      } else {
        await saveType(ctx, dataType, {
          watermark: stored.watermark,
          cursor: page.cursor,
          readStartedAt: readStart(),
          modifiedSince,
        });
      }
      logger.debug('sync page stored', { ...fields, page: pageNumber, records: page.records.length, issues: page.issues.length });
      progress(ctx, dataType, 'page', summary);
      if (finished) break;
    }
  } finally {
    if (iterator !== undefined && !exhausted) {
      try {
        await iterator.return?.();
      } catch (err) {
        logger.debug('closing the page reader failed', { ...fields, error: describeError(err) });
      }
    }
  }

  summary.apiCalls = source.apiCalls() - typeApiStart;
  if (finished) {
    const watermark = new Date(Date.parse(readStart()) - ctx.overlapMs).toISOString();
    summary.watermark = watermark;
    await options.sink.end?.(dataType, summary);
    await saveType(ctx, dataType, { watermark });
  } else if (failure !== undefined && !options.signal?.aborted) {
    const error = failure.error instanceof Error ? failure.error : new Error(String(failure.error));
    summary.status = 'failed';
    summary.error = error;
    logger.warn('sync type failed', { ...fields, pages: summary.pages, error: describeError(error) });
    if (resumed && summary.pages === 0 && cursorLikelyRejected(error)) {
      // The stored cursor itself was refused (expired link, bad offset): without this, every later run would fail
      // on it again. Restarting from the watermark re-reads data but cannot skip any.
      logger.warn('dropping the stored cursor; the next run restarts the type from its watermark', fields);
      await saveType(ctx, dataType, { watermark: stored.watermark });
    }
    await options.sink.end?.(dataType, summary);
  } else {
    summary.status = 'aborted';
    logger.info('sync type aborted', { ...fields, pages: summary.pages });
    await options.sink.end?.(dataType, summary);
  }
  logger.info('sync type finished', {
    ...fields,
    status: summary.status,
    records: summary.records,
    deleted: summary.deleted,
    issues: summary.issues,
    pages: summary.pages,
    apiCalls: summary.apiCalls,
  });
  progress(ctx, dataType, 'end', summary);
  return summary;
}

/** Closes the sink after an earlier failure, without letting a close error hide it. */
async function closeQuietly(sink: SyncSink, logger: Logger): Promise<void> {
  try {
    await sink.close?.();
  } catch (error) {
    logger.warn('sink close failed after an earlier error', { error: describeError(error) });
  }
}

/** Stores `state` as the type's checkpoint; `ctx.checkpoint` moves only once the store has it. */
async function saveType(ctx: RunContext, dataType: DataType, state: TypeCheckpoint): Promise<void> {
  const compact: TypeCheckpoint = {};
  if (state.watermark !== undefined) compact.watermark = state.watermark;
  if (state.cursor !== undefined && state.cursor !== null) compact.cursor = state.cursor;
  if (state.readStartedAt !== undefined) compact.readStartedAt = state.readStartedAt;
  if (state.modifiedSince !== undefined) compact.modifiedSince = state.modifiedSince;
  const next: SyncCheckpoint = { version: 1, types: { ...ctx.checkpoint.types, [dataType]: compact } };
  await ctx.options.checkpointStore.save(ctx.key, next);
  ctx.checkpoint = next;
}

/**
 * The provider's clock at the moment the read started. The latest server `Date` seen was stamped no later than now,
 * so subtracting the local time elapsed since the start can only err early — which re-reads, never skips.
 */
function estimateReadStart(
  source: SyncSource,
  clock: Pick<Clock, 'now'>,
  t0: number,
  logger: Logger,
  fields: LogFields,
): string {
  const server = source.serverTime?.();
  if (server !== undefined) {
    const serverMs = Date.parse(server);
    if (Number.isFinite(serverMs)) return new Date(serverMs - Math.max(0, clock.now() - t0)).toISOString();
    logger.warn('source reported an unparseable server time; using the local clock', fields);
  }
  return new Date(t0).toISOString();
}

/** True for errors after which no other type can succeed either. */
function stopsTheRun(error: unknown): boolean {
  if (!isLedgerError(error)) return false;
  if (error.code === ErrorCodes.RELINK_REQUIRED || (error as { relinkRequired?: unknown }).relinkRequired === true) return true;
  return error.code === ErrorCodes.DAILY_LIMIT;
}

/** A permanent refusal that may well be about the cursor we sent (not auth, not throttling, not transient). */
function cursorLikelyRejected(error: unknown): boolean {
  if (!isLedgerError(error) || error.retryable) return false;
  return (
    error.code === ErrorCodes.VALIDATION ||
    error.code === ErrorCodes.NOT_FOUND ||
    (error.code === ErrorCodes.PROVIDER && error.status !== undefined && error.status >= 400 && error.status < 500)
  );
}

function collectIssues(ctx: RunContext, issues: readonly RecordIssue[]): void {
  ctx.issueCount += issues.length;
  for (const issue of issues) {
    if (ctx.issues.length >= ctx.maxIssues) break;
    ctx.issues.push(issue);
  }
}

function progress(ctx: RunContext, dataType: DataType, phase: SyncProgress['phase'], summary: TypeSyncSummary): void {
  const { onProgress } = ctx.options;
  if (!onProgress) return;
  const report: SyncProgress = {
    dataType,
    phase,
    records: summary.records,
    pages: summary.pages,
    issues: summary.issues,
    apiCalls: ctx.source.apiCalls() - ctx.runApiStart,
    ...(phase === 'end' ? { status: summary.status } : {}),
  };
  try {
    onProgress(report);
  } catch (err) {
    ctx.logger.warn('onProgress threw; ignored', { dataType, phase, error: describeError(err) });
  }
}

function skippedSummary(ctx: RunContext, dataType: DataType, error: LedgerError | Error | undefined): TypeSyncSummary {
  const stored = ctx.checkpoint.types[dataType];
  const wouldBeIncremental =
    !ctx.options.fullRefresh &&
    stored?.watermark !== undefined &&
    ctx.source.supports(dataType) &&
    ctx.source.incrementalMode(dataType) === 'incremental';
  const status: TypeSyncStatus = 'skipped';
  return {
    status,
    mode: wouldBeIncremental ? 'incremental' : 'full',
    records: 0,
    deleted: 0,
    issues: 0,
    pages: 0,
    apiCalls: 0,
    resumed: false,
    ...(error ? { error } : {}),
  };
}

/** A log-safe description: ledgerlink errors are secret-free by construction; of others only the class name is kept. */
function describeError(err: unknown): Record<string, unknown> {
  if (isLedgerError(err)) return err.toJSON();
  if (err instanceof Error) return { name: err.name };
  return { name: typeof err };
}

function resolveDataTypes(requested: readonly DataType[] | undefined): DataType[] | undefined {
  if (requested === undefined) return undefined;
  return [...new Set(requested)];
}

function validateOptions(source: SyncSource, options: SyncOptions): void {
  if (!source || typeof source.readPages !== 'function') throw new ConfigurationError('sync needs a SyncSource');
  if (!options?.sink || typeof options.sink.write !== 'function') {
    throw new ConfigurationError('sync needs a sink with a write(batch) method');
  }
  if (!options.checkpointStore || typeof options.checkpointStore.load !== 'function') {
    throw new ConfigurationError('sync needs a checkpointStore');
  }
  if (options.dataTypes !== undefined) {
    const unknown = options.dataTypes.filter((t) => !isDataType(t));
    if (unknown.length > 0) throw new ConfigurationError(`unknown data types: ${unknown.join(', ')}`);
  }
  if (options.overlapMs !== undefined && !(Number.isFinite(options.overlapMs) && options.overlapMs >= 0)) {
    throw new ConfigurationError('overlapMs must be a finite number ≥ 0');
  }
  const share = options.shareReads;
  if (share !== undefined && typeof share !== 'boolean') {
    const max = typeof share === 'object' && share !== null ? share.maxRecords : Number.NaN;
    if (max !== undefined && !(Number.isInteger(max) && (max as number) >= 0)) {
      throw new ConfigurationError('shareReads must be true, false or { maxRecords: an integer ≥ 0 }');
    }
  }
  if (options.maxIssues !== undefined && !(Number.isInteger(options.maxIssues) && options.maxIssues >= 0)) {
    throw new ConfigurationError('maxIssues must be an integer ≥ 0');
  }
  if (options.checkpointKey !== undefined && (typeof options.checkpointKey !== 'string' || options.checkpointKey === '')) {
    throw new ConfigurationError('checkpointKey must be a non-empty string');
  }
}
