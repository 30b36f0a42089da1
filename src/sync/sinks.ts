/**
 * Ready-made {@link SyncSink}s: in memory, NDJSON files, and counting only.
 * @module
 */
import { mkdir, open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../errors';
import type { DataType } from '../model/data-types';
import { isErrno, syncDirectory } from './fs-durable';
import type { CanonicalRecordLike, RecordIssue, SyncBatch, SyncSink } from './types';

/** A sink that keeps every batch in memory. */
export interface MemorySink extends SyncSink {
  /** Every batch received, in order. */
  readonly batches: SyncBatch[];
  /** Every record received (of one type, or of all types), in order; re-delivered records appear again. */
  records(dataType?: DataType): CanonicalRecordLike[];
  /** Every record issue received, in order. */
  issues(dataType?: DataType): RecordIssue[];
}

/**
 * Collects batches in memory (tests, small scripts, examples).
 *
 * @example
 * ```ts
 * const sink = memorySink();
 * await sync(source, { sink, checkpointStore });
 * console.log(sink.records('invoices').length);
 * ```
 */
export function memorySink(): MemorySink {
  const batches: SyncBatch[] = [];
  return {
    batches,
    async write(batch) {
      batches.push({ ...batch, records: [...batch.records], issues: [...batch.issues] });
    },
    records(dataType) {
      return batches.filter((b) => dataType === undefined || b.dataType === dataType).flatMap((b) => b.records);
    },
    issues(dataType) {
      return batches.filter((b) => dataType === undefined || b.dataType === dataType).flatMap((b) => b.issues);
    },
  };
}

/** Counters of one type in a {@link CountingSink}. */
export interface SinkCounts {
  records: number;
  deleted: number;
  issues: number;
  pages: number;
}

/** A sink that only counts. */
export interface CountingSink extends SyncSink {
  /** Counters per type (types seen so far). */
  readonly counts: Partial<Record<DataType, SinkCounts>>;
  /** Sum over all types. */
  totals(): SinkCounts;
}

/** Counts records, deletes, issues and pages without keeping anything (benchmarks, dry runs). */
export function countingSink(): CountingSink {
  const counts: Partial<Record<DataType, SinkCounts>> = {};
  return {
    counts,
    async write(batch) {
      const c = (counts[batch.dataType] ??= { records: 0, deleted: 0, issues: 0, pages: 0 });
      c.records += batch.records.length;
      c.deleted += batch.records.filter((r) => r.isDeleted).length;
      c.issues += batch.issues.length;
      c.pages += 1;
    },
    totals() {
      const total: SinkCounts = { records: 0, deleted: 0, issues: 0, pages: 0 };
      for (const c of Object.values(counts)) {
        total.records += c.records;
        total.deleted += c.deleted;
        total.issues += c.issues;
        total.pages += c.pages;
      }
      return total;
    },
  };
}

/** Options of {@link ndjsonSink}. */
export interface NdjsonSinkOptions {
  /** Also append record issues (with their raw record) to `<dataType>.issues.ndjson`. Default false. */
  writeIssues?: boolean;
}

/**
 * Appends each record as one JSON line to `<dir>/<dataType>.ndjson` (deletes included, with `isDeleted: true`), and
 * fsyncs the file before the batch's promise resolves — so an acknowledged batch is on disk.
 *
 * Delivery is at-least-once (see `sync`): after a crash the last batch may be appended again, so readers should keep
 * the last line per `id`. A line half-written by a crash (never acknowledged) is cut off before the next append, so
 * every file stays valid NDJSON. The directory is created when needed.
 *
 * @example
 * ```ts
 * await sync(source, { sink: ndjsonSink('./export'), checkpointStore: new FileCheckpointStore('./export/.state') });
 * ```
 */
export function ndjsonSink(dir: string, options: NdjsonSinkOptions = {}): SyncSink {
  if (typeof dir !== 'string' || dir.length === 0) throw new ConfigurationError('ndjsonSink needs a directory path');
  const repaired = new Set<string>();
  let dirReady = false;

  async function append(file: string, lines: string): Promise<void> {
    if (!dirReady) {
      await mkdir(dir, { recursive: true });
      dirReady = true;
    }
    const path = join(dir, file);
    let created = false;
    if (!repaired.has(path)) {
      created = !(await cutPartialLine(path));
      repaired.add(path);
    }
    const handle = await open(path, 'a');
    try {
      if (lines.length > 0) await handle.writeFile(lines, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDirectory(dir);
  }

  return {
    async write(batch) {
      await append(`${batch.dataType}.ndjson`, toLines(batch.records));
      if (options.writeIssues && batch.issues.length > 0) {
        await append(`${batch.dataType}.issues.ndjson`, toLines(batch.issues));
      }
    },
  };
}

function toLines(values: readonly unknown[]): string {
  let out = '';
  for (const v of values) out += `${JSON.stringify(v)}\n`;
  return out;
}

/**
 * Truncates `path` after its last newline, dropping a line a crash left half-written.
 * @returns false when the file does not exist yet.
 */
async function cutPartialLine(path: string): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
  if (size === 0) return true;
  const handle = await open(path, 'r');
  let keep = 0;
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (chunk[i] === 0x0a) {
          keep = start + i + 1;
          break search;
        }
      }
      end = start;
    }
  } finally {
    await handle.close();
  }
  if (keep !== size) await truncate(path, keep);
  return true;
}
