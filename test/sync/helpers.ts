/** Shared helpers for the sync engine tests. */
import { MemoryCheckpointStore } from '../../src/sync/checkpoint-store';
import type { DataType } from '../../src/model/data-types';
import type { SyncBatch, SyncCheckpoint, SyncSink, SyncTypeStart, TypeSyncSummary } from '../../src/sync/types';

/** A checkpoint store that records every save (deep copies) and can be told to fail. */
export class RecordingStore extends MemoryCheckpointStore {
  readonly saves: SyncCheckpoint[] = [];
  /** Throws instead of saving when this returns an error. */
  failWith: ((checkpoint: SyncCheckpoint, saveIndex: number) => Error | undefined) | undefined;
  /** Called right before a save is stored. */
  onSave: ((checkpoint: SyncCheckpoint) => void) | undefined;

  override async save(key: string, checkpoint: SyncCheckpoint): Promise<void> {
    const error = this.failWith?.(checkpoint, this.saves.length);
    if (error) throw error;
    this.onSave?.(checkpoint);
    await super.save(key, checkpoint);
    this.saves.push(structuredClone(checkpoint));
  }
}

/** A sink that records everything it is told, and whose behaviour per batch can be scripted. */
export class ScriptedSink implements SyncSink {
  readonly received: SyncBatch[] = [];
  readonly acknowledged: SyncBatch[] = [];
  readonly begins: Array<{ dataType: DataType; info: SyncTypeStart }> = [];
  readonly ends: Array<{ dataType: DataType; summary: TypeSyncSummary }> = [];
  readonly log: string[] = [];
  closed = 0;
  /** Called with each batch (after it is recorded as received); may throw or return a promise to wait on. */
  onWrite: ((batch: SyncBatch, index: number) => void | Promise<void>) | undefined;
  onEnd: ((dataType: DataType, summary: TypeSyncSummary) => void | Promise<void>) | undefined;

  async begin(dataType: DataType, info: SyncTypeStart): Promise<void> {
    this.begins.push({ dataType, info });
    this.log.push(`begin:${dataType}`);
  }

  async write(batch: SyncBatch): Promise<void> {
    const index = this.received.length;
    this.received.push(batch);
    this.log.push(`write:${batch.dataType}:${batch.page}`);
    await this.onWrite?.(batch, index);
    this.acknowledged.push(batch);
    this.log.push(`ack:${batch.dataType}:${batch.page}`);
  }

  async end(dataType: DataType, summary: TypeSyncSummary): Promise<void> {
    this.log.push(`end:${dataType}:${summary.status}`);
    await this.onEnd?.(dataType, summary);
    this.ends.push({ dataType, summary: { ...summary } });
  }

  async close(): Promise<void> {
    this.closed++;
  }

  /** `dataType:id` of every record received (including unacknowledged batches). */
  receivedKeys(): string[] {
    return this.received.flatMap((b) => b.records.map((r) => `${b.dataType}:${r.id}`));
  }
}

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask and a few macrotask turns run. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Counts occurrences of each string. */
export function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
