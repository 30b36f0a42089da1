/**
 * Shared reads: two data types that are two filters of one provider list — Xero's customers and suppliers are both
 * `/Contacts`, its payments and bill payments both `/Payments`, FreeAgent's likewise — are read from the provider
 * once per sync run, not once per type.
 *
 * The sync engine creates one {@link SharedReads} per run and hands it to every read. When a read is about to walk a
 * list that a type still to come in the same run would request **identically** (same path, query, headers, page size
 * and modified-since), it records the raw pages as they pass; when that later type's read arrives at the same
 * request, it replays the recording — the same raw records and the same page cursors — through its own filter and
 * mapper, without a call. What is never shared:
 *
 * - a read that did not reach its last page (failed, aborted): its recording is dropped, the later type reads itself;
 * - a resumed read (it starts at a stored cursor) or one with other parameters (another watermark): no match;
 * - more than `maxRecords` raw records (default 5,000): the recording is dropped as soon as it grows past that, so
 *   memory stays bounded — the later type then reads the list itself, as it would without sharing;
 * - change feeds, deletion feeds and per-parent lists (their requests depend on more than the resource).
 *
 * A replayed type's read counts as started when the recorded one started ({@link MappedPage.sharedFrom}), so its
 * watermark covers every change the recording could have missed.
 * @module
 */
import type { HttpRequest } from '../http/types';
import type { DataType } from '../model/data-types';
import type { Page } from '../pagination/types';

/** Default cap on the raw records one recording may hold. */
export const DEFAULT_SHARED_READ_MAX_RECORDS = 5_000;

/** One recorded list: its raw pages in order, complete once the last page (`cursor: null`) has passed. */
interface Recording {
  /** The type whose read made it. */
  from: DataType;
  pages: Array<Pick<Page, 'records' | 'cursor'>>;
  records: number;
  complete: boolean;
  /** Types still expected to replay it; the recording is freed after the last. */
  waiting: Set<DataType>;
}

/** The identity of a list request: what decides which raw records and page cursors the provider returns. */
export function shareKey(request: Pick<HttpRequest, 'method' | 'url' | 'query' | 'headers' | 'base'>, pageSize: number | undefined): string {
  const sorted = (o: Record<string, unknown> | undefined) =>
    Object.keys(o ?? {})
      .sort()
      .map((k) => [k.toLowerCase(), o![k]]);
  return JSON.stringify([request.method ?? 'GET', request.base ?? 'api', request.url, sorted(request.query), sorted(request.headers), pageSize ?? null]);
}

/** The shared reads of one sync run. */
export class SharedReads {
  private readonly recordings = new Map<string, Recording>();
  private readonly maxRecords: number;
  /** Types of the run not yet read, in order (the engine removes each as its read starts). */
  private readonly pending: DataType[];

  /**
   * @param dataTypes the types the run will read, in order.
   * @param options.maxRecords cap on the raw records one recording may hold (default 5,000; 0 records nothing).
   */
  constructor(dataTypes: readonly DataType[], options: { maxRecords?: number } = {}) {
    this.pending = [...dataTypes];
    this.maxRecords = options.maxRecords ?? DEFAULT_SHARED_READ_MAX_RECORDS;
  }

  /** The engine starts reading `dataType`: it is no longer a type to come. */
  starting(dataType: DataType): void {
    const i = this.pending.indexOf(dataType);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** The engine has finished reading `dataType` (whichever way): recordings no longer wait for it. */
  done(dataType: DataType): void {
    for (const [key, recording] of this.recordings) {
      recording.waiting.delete(dataType);
      if (recording.waiting.size === 0 && recording.from !== dataType) this.recordings.delete(key);
    }
  }

  /** Types of the run still to be read after the current one. */
  upcoming(): readonly DataType[] {
    return this.pending;
  }

  /**
   * A complete recording of `key` that `dataType` may replay, or undefined. Replaying takes the type off the
   * recording's waiting list; the last one frees it.
   */
  replay(key: string, dataType: DataType): { from: DataType; pages: AsyncIterable<Pick<Page, 'records' | 'cursor'>> } | undefined {
    const recording = this.recordings.get(key);
    if (!recording || !recording.complete || !recording.waiting.has(dataType)) return undefined;
    recording.waiting.delete(dataType);
    if (recording.waiting.size === 0) this.recordings.delete(key);
    const pages = recording.pages;
    return {
      from: recording.from,
      pages: (async function* () {
        for (const page of pages) yield page;
      })(),
    };
  }

  /**
   * Passes `pages` through, recording them for the types in `waitingTypes` (the upcoming types that would make the
   * same request). Nothing is recorded when none wait or sharing is off.
   */
  record<P extends Pick<Page, 'records' | 'cursor'>>(key: string, from: DataType, waitingTypes: readonly DataType[], pages: AsyncIterable<P>): AsyncIterable<P> {
    if (waitingTypes.length === 0 || this.maxRecords <= 0) return pages;
    const recording: Recording = { from, pages: [], records: 0, complete: false, waiting: new Set(waitingTypes) };
    this.recordings.set(key, recording);
    const recordings = this.recordings;
    const max = this.maxRecords;
    return (async function* () {
      let kept = true;
      try {
        for await (const page of pages) {
          if (kept) {
            recording.records += page.records.length;
            if (recording.records > max) {
              kept = false;
              recording.pages = [];
              recordings.delete(key);
            } else {
              recording.pages.push({ records: page.records, cursor: page.cursor });
              if (page.cursor === null) recording.complete = true;
            }
          }
          yield page;
        }
      } finally {
        // A read that stopped before its last page leaves nothing to replay.
        if (!recording.complete && recordings.get(key) === recording) recordings.delete(key);
      }
    })();
  }
}
