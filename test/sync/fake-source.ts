/**
 * An in-memory {@link SyncSource} for the sync engine tests: fixed data per type, offset cursors over records sorted
 * by id, `modifiedSince` filtering, injectable failures, malformed records and server time, and a log of every read.
 */
import type { DataType } from '../../src/model/data-types';
import type { CanonicalRecordLike, MappedPage, ReadOptions, RecordIssue, SyncSource } from '../../src/sync/types';

/** One stored entry: a good record, or a malformed raw record that the "mapper" turns into an issue. */
export type FakeEntry =
  | { kind: 'record'; record: CanonicalRecordLike }
  | { kind: 'bad'; id: string; sourceModifiedDate: string; raw: unknown };

/** A failure injected before page `page` (0-based, counted within one readPages call) of `dataType`. */
export interface FakeFailure {
  dataType: DataType;
  page: number;
  error: unknown;
  /** How many reads it hits (default: every read). */
  times?: number;
  /** Only reads that resume from a cursor (default: any read). */
  onlyResumed?: boolean;
}

/** Cursor shape of the fake: the offset of the next record in the filtered, id-sorted list. */
export interface FakeCursor {
  offset: number;
}

export interface FakeSourceOptions {
  data: Partial<Record<DataType, FakeEntry[]>>;
  pageSize?: number;
  incremental?: Partial<Record<DataType, boolean>>;
  serverTime?: () => string | undefined;
  onCall?: (dataType: DataType, pageIndex: number) => void;
  provider?: string;
  connectionId?: string;
}

/** A good record. */
export function rec(id: string, sourceModifiedDate: string, extra: Partial<CanonicalRecordLike> = {}): FakeEntry {
  return { kind: 'record', record: { id, isDeleted: false, sourceModifiedDate, ...extra } };
}

/** A delete (tombstone-like record). */
export function del(id: string, sourceModifiedDate: string): FakeEntry {
  return { kind: 'record', record: { id, isDeleted: true, sourceModifiedDate } };
}

/** A malformed record. */
export function bad(id: string, sourceModifiedDate: string, raw: unknown): FakeEntry {
  return { kind: 'bad', id, sourceModifiedDate, raw };
}

/** `n` records `${prefix}-000`… modified at `modified`. */
export function many(prefix: string, n: number, modified = '2024-01-01T00:00:00.000Z'): FakeEntry[] {
  return Array.from({ length: n }, (_, i) => rec(`${prefix}-${String(i).padStart(3, '0')}`, modified));
}

export class FakeSource implements SyncSource {
  readonly provider: string;
  readonly connectionId: string;
  readonly reads: Array<{ dataType: DataType; options: ReadOptions }> = [];
  readonly failures: FakeFailure[] = [];
  data: Partial<Record<DataType, FakeEntry[]>>;
  pageSize: number;
  incremental: Partial<Record<DataType, boolean>>;
  serverTimeFn: (() => string | undefined) | undefined;
  /** Called before every page request (advance a clock, abort a signal…). */
  onCall: ((dataType: DataType, pageIndex: number) => void) | undefined;
  /** Reads whose generator was closed early (return() called, or aborted). */
  closedEarly = 0;
  #calls = 0;

  constructor(options: FakeSourceOptions) {
    this.data = options.data;
    this.pageSize = options.pageSize ?? 3;
    this.incremental = options.incremental ?? {};
    this.serverTimeFn = options.serverTime;
    this.onCall = options.onCall;
    this.provider = options.provider ?? 'fake';
    this.connectionId = options.connectionId ?? 'conn-1';
  }

  supports(dataType: DataType): boolean {
    return this.data[dataType] !== undefined;
  }

  incrementalMode(dataType: DataType): 'none' | 'incremental' {
    return this.incremental[dataType] === false ? 'none' : 'incremental';
  }

  apiCalls(): number {
    return this.#calls;
  }

  serverTime(): string | undefined {
    return this.serverTimeFn?.();
  }

  /** The entries a read with `modifiedSince` sees, in page order. */
  visible(dataType: DataType, modifiedSince?: string): FakeEntry[] {
    const since = modifiedSince === undefined ? undefined : Date.parse(modifiedSince);
    return [...(this.data[dataType] ?? [])]
      .filter((e) => since === undefined || Date.parse(modifiedOf(e)) >= since)
      .sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  }

  readPages(dataType: DataType, options: ReadOptions): AsyncIterable<MappedPage> {
    this.reads.push({ dataType, options: { ...options } });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    async function* generate(): AsyncGenerator<MappedPage> {
      let offset = options.cursor ? (options.cursor as FakeCursor).offset : 0;
      let pageIndex = 0;
      let done = false;
      try {
        for (;;) {
          await Promise.resolve();
          self.onCall?.(dataType, pageIndex);
          options.signal?.throwIfAborted();
          self.#calls++;
          const failure = self.failures.find(
            (f) =>
              f.dataType === dataType &&
              f.page === pageIndex &&
              (f.times === undefined || f.times > 0) &&
              (!f.onlyResumed || options.cursor != null),
          );
          if (failure) {
            if (failure.times !== undefined) failure.times--;
            done = true;
            throw failure.error;
          }
          const entries = self.visible(dataType, options.modifiedSince);
          const slice = entries.slice(offset, offset + self.pageSize);
          offset += slice.length;
          const last = slice.length < self.pageSize || offset >= entries.length;
          const records: CanonicalRecordLike[] = [];
          const issues: RecordIssue[] = [];
          for (const e of slice) {
            if (e.kind === 'record') records.push({ ...e.record });
            else
              issues.push({
                dataType,
                recordId: e.id,
                message: `record ${e.id} could not be mapped`,
                issues: [{ path: 'total', message: 'not a decimal', code: 'invalid_type' }],
                raw: e.raw,
                kind: 'mapping',
              });
          }
          pageIndex++;
          if (last) done = true;
          yield { records, issues, cursor: last ? null : { offset } };
          if (last) return;
        }
      } finally {
        if (!done) self.closedEarly++;
      }
    }
    return generate();
  }
}

function idOf(e: FakeEntry): string {
  return e.kind === 'record' ? e.record.id : e.id;
}

function modifiedOf(e: FakeEntry): string {
  return e.kind === 'record' ? (e.record.sourceModifiedDate ?? '1970-01-01T00:00:00.000Z') : e.sourceModifiedDate;
}

/** A controllable clock (only `now` is used by the engine). */
export class FakeClock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
