/**
 * Kill-and-rerun properties: for every point k at which a run can die, a fresh run with the same checkpoint store
 * delivers everything that was missing, and the only duplicates are the records of the one batch that was not
 * acknowledged (or not checkpointed) when the first run died.
 */
import { describe, expect, it } from 'vitest';
import { sync } from '../../src/sync/sync';
import type { SyncBatch } from '../../src/sync/types';
import { FakeClock, FakeSource, bad, del, many, rec, type FakeEntry } from './fake-source';
import { RecordingStore, ScriptedSink, countBy } from './helpers';

const T0 = Date.parse('2024-06-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function dataset(): Partial<Record<'accounts' | 'customers' | 'invoices', FakeEntry[]>> {
  return {
    accounts: many('acc', 4),
    customers: many('cus', 7),
    invoices: [
      rec('inv-1', '2024-01-01T00:00:00.000Z'),
      del('inv-2', '2024-01-01T00:00:00.000Z'),
      bad('inv-3', '2024-01-01T00:00:00.000Z', { broken: true }),
      rec('inv-4', '2024-01-01T00:00:00.000Z'),
      rec('inv-5', '2024-01-01T00:00:00.000Z'),
      rec('inv-6', '2024-01-01T00:00:00.000Z'),
    ],
  };
}

/** `dataType:id` of every good record in the dataset (issues are not records). */
function expectedKeys(source: FakeSource, modifiedSince?: string): string[] {
  return (['accounts', 'customers', 'invoices'] as const).flatMap((t) =>
    source.visible(t, modifiedSince).flatMap((e) => (e.kind === 'record' ? [`${t}:${e.record.id}`] : [])),
  );
}

const keysOf = (batch: SyncBatch | undefined) => (batch ? batch.records.map((r) => `${batch.dataType}:${r.id}`) : []);

/** Batches of an uninterrupted run: accounts 2 pages, customers 3, invoices 2. */
const TOTAL_BATCHES = 7;

/** Asserts the delivered multiset is the full set plus, at most once more, exactly `duplicable`. */
function expectFullSetWithDuplicatesOnlyFrom(delivered: string[], full: string[], duplicable: string[]): void {
  const counts = countBy(delivered);
  expect([...counts.keys()].sort()).toEqual([...full].sort());
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  expect(duplicated.sort()).toEqual([...duplicable].sort());
  expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
}

describe('crash and rerun', () => {
  it('the uninterrupted run has the expected number of batches', async () => {
    const sink = new ScriptedSink();
    await sync(new FakeSource({ data: dataset() }), { sink, checkpointStore: new RecordingStore() });
    expect(sink.received).toHaveLength(TOTAL_BATCHES);
  });

  for (let k = 0; k < TOTAL_BATCHES; k++) {
    it(`sink throws on batch ${k + 1} after storing it (${k} acknowledged): rerun completes, duplicates only that batch`, async () => {
      const source = new FakeSource({ data: dataset() });
      const store = new RecordingStore();
      const sink = new ScriptedSink();
      const crash = new Error('process killed');
      sink.onWrite = (_b, i) => {
        if (i === k) throw crash;
      };
      await expect(sync(source, { sink, checkpointStore: store })).rejects.toBe(crash);
      const crashed = sink.received[k];
      expect(crashed).toBeDefined();

      sink.onWrite = undefined;
      const result = await sync(source, { sink, checkpointStore: store });
      expect(result.status).toBe('ok');
      expectFullSetWithDuplicatesOnlyFrom(sink.receivedKeys(), expectedKeys(source), keysOf(crashed));
      expect(Object.values(result.checkpoint.types).every((t) => t.cursor === undefined && t.watermark !== undefined)).toBe(true);
    });

    it(`dies after batch ${k + 1} was acknowledged but before its checkpoint was stored: duplicates only that batch`, async () => {
      const source = new FakeSource({ data: dataset() });
      const store = new RecordingStore();
      const sink = new ScriptedSink();
      const crash = new Error('process killed');
      // Saves happen once per acknowledged batch (the last page of a type saves the watermark instead of a cursor).
      store.failWith = (_c, saveIndex) => (saveIndex === k ? crash : undefined);
      await expect(sync(source, { sink, checkpointStore: store })).rejects.toBe(crash);
      const unsaved = sink.acknowledged.at(-1);

      store.failWith = undefined;
      const result = await sync(source, { sink, checkpointStore: store });
      expect(result.status).toBe('ok');
      expectFullSetWithDuplicatesOnlyFrom(sink.receivedKeys(), expectedKeys(source), keysOf(unsaved));
    });

    it(`aborted after ${k + 1} acknowledged batches: rerun completes with no duplicate at all`, async () => {
      const source = new FakeSource({ data: dataset() });
      const store = new RecordingStore();
      const sink = new ScriptedSink();
      const controller = new AbortController();
      sink.onWrite = (_b, i) => {
        if (i === k) controller.abort();
      };
      const first = await sync(source, { sink, checkpointStore: store, signal: controller.signal });
      expect(first.status).toBe(k === TOTAL_BATCHES - 1 ? 'ok' : 'aborted');

      sink.onWrite = undefined;
      const result = await sync(source, { sink, checkpointStore: store });
      expect(result.status).toBe('ok');
      expectFullSetWithDuplicatesOnlyFrom(sink.receivedKeys(), expectedKeys(source), []);
    });
  }

  it('a sink that fails before storing anything causes no duplicate', async () => {
    for (let k = 0; k < TOTAL_BATCHES; k++) {
      const source = new FakeSource({ data: dataset() });
      const store = new RecordingStore();
      const stored: string[] = [];
      const sink = new ScriptedSink();
      sink.onWrite = (b, i) => {
        if (i === k) throw new Error('write failed');
        stored.push(...keysOf(b));
      };
      await expect(sync(source, { sink, checkpointStore: store })).rejects.toThrow('write failed');
      sink.onWrite = (b) => {
        stored.push(...keysOf(b));
      };
      await sync(source, { sink, checkpointStore: store });
      expectFullSetWithDuplicatesOnlyFrom(stored, expectedKeys(source), []);
    }
  });

  it('a run that dies after every single acknowledged batch of data still makes progress and completes', async () => {
    const source = new FakeSource({ data: dataset() });
    const store = new RecordingStore();
    const stored: string[] = [];
    let runs = 0;
    for (;;) {
      runs++;
      expect(runs).toBeLessThanOrEqual(TOTAL_BATCHES + 1);
      const sink = new ScriptedSink();
      let accepted = 0;
      sink.onWrite = (b) => {
        if (accepted === 1) throw new Error('killed');
        // Types finished by earlier runs are re-read incrementally (an empty page): that is not progress to count.
        if (b.records.length + b.issues.length > 0) accepted++;
        stored.push(...keysOf(b));
      };
      try {
        const result = await sync(source, { sink, checkpointStore: store });
        expect(result.status).toBe('ok');
        break;
      } catch (err) {
        expect((err as Error).message).toBe('killed');
      }
    }
    expectFullSetWithDuplicatesOnlyFrom(stored, expectedKeys(source), []);
  });

  it('crash during an incremental run: the rerun keeps the first run’s filter and start time', async () => {
    // Incremental batches: accounts (empty) 1, customers 3, invoices (empty) 1.
    for (let k = 0; k < 5; k++) {
      const clock = new FakeClock(T0);
      const source = new FakeSource({ data: dataset() });
      const store = new RecordingStore();
      await sync(source, { sink: new ScriptedSink(), checkpointStore: store, clock });
      const watermark = iso(T0 - 5 * 60_000);

      // Every customer changes after the first run; the incremental run dies on its (k+1)-th batch.
      clock.advance(3_600_000);
      for (const e of source.data.customers!) if (e.kind === 'record') e.record.sourceModifiedDate = iso(T0 + 60_000);
      const incrementalStart = clock.ms;
      const sink = new ScriptedSink();
      sink.onWrite = (_b, i) => {
        if (i === k) throw new Error('killed');
      };
      const readsBefore = source.reads.length;
      await expect(sync(source, { sink, checkpointStore: store, clock })).rejects.toThrow('killed');
      const crashed = sink.received[k];
      const crashedReads = source.reads.slice(readsBefore).filter((r) => r.dataType === 'customers');
      expect(crashedReads.map((r) => r.options.modifiedSince)).toEqual(k === 0 ? [] : [watermark]);

      clock.advance(3_600_000);
      const rerunStart = clock.ms;
      const rerunFrom = source.reads.length;
      sink.onWrite = undefined;
      const result = await sync(source, { sink, checkpointStore: store, clock });
      expect(result.status).toBe('ok');
      const rerunRead = source.reads.slice(rerunFrom).find((r) => r.dataType === 'customers');
      // Finished in the crashed run (k = 4): a new incremental read from the new watermark; otherwise the same filter.
      expect(rerunRead?.options.modifiedSince).toBe(k === 4 ? iso(incrementalStart - 5 * 60_000) : watermark);
      expect(rerunRead?.options.cursor).toEqual(k === 2 ? { offset: 3 } : k === 3 ? { offset: 6 } : null);
      expectFullSetWithDuplicatesOnlyFrom(sink.receivedKeys(), expectedKeys(source, watermark), keysOf(crashed));
      // A customers read with an acknowledged page in the crashed run keeps that run's start time for its watermark;
      // one that died before its first acknowledgement starts over.
      const customersStart = k <= 1 || k === 4 ? rerunStart : incrementalStart;
      expect(result.checkpoint.types.customers?.watermark).toBe(iso(customersStart - 5 * 60_000));
      expect(expectedKeys(source, watermark).filter((key) => key.startsWith('customers:'))).toHaveLength(7);
    }
  });
});
