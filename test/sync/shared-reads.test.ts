/**
 * Shared reads: two types that are filters of one provider list (Xero customers/suppliers on `/Contacts`,
 * payments/bill payments on `/Payments`; FreeAgent contacts and bank transaction explanations) are read once per sync
 * run. First `SharedReads` on its own (what is recorded, replayed, dropped), then real syncs against the Xero and
 * FreeAgent emulators: fewer calls, the same records, watermarks that cover the shared read, and every fallback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SharedReads } from '../../src/resources/shared-reads';
import type { PageCursor } from '../../src/pagination';
import { countingSink, MemoryCheckpointStore, type SyncSink } from '../../src/sync';
import type { DataType } from '../../src/model/data-types';
import { harnessLedger, linkHarness, type EmulatorHarness, type HarnessInstance } from '../../src/testing/harness';
import { xeroHarness } from '../../providers/xero/emulator/harness';
import { freeagentHarness } from '../../providers/freeagent/emulator/harness';

type RawPage = { records: unknown[]; cursor: PageCursor | null };
async function* pagesOf(...pages: RawPage[]): AsyncGenerator<RawPage> {
  for (const p of pages) yield p;
}
async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('SharedReads', () => {
  const list = [
    { records: [1, 2], cursor: { version: 1, strategy: 'page-number', page: 2 } as PageCursor },
    { records: [3], cursor: null },
  ];

  it('records a complete read for the types waiting on it and replays the same raw pages and cursors', async () => {
    const shared = new SharedReads(['customers', 'suppliers']);
    shared.starting('customers');
    const passed = await drain(shared.record('k', 'customers', ['suppliers'], pagesOf(...list)));
    expect(passed).toEqual(list);
    shared.starting('suppliers');
    const replay = shared.replay('k', 'suppliers');
    expect(replay?.from).toBe('customers');
    expect(await drain(replay!.pages)).toEqual(list);
    // The last waiting type has replayed: the recording is gone.
    expect(shared.replay('k', 'suppliers')).toBeUndefined();
  });

  it('a type not waiting on a recording cannot replay it', async () => {
    const shared = new SharedReads(['customers', 'suppliers', 'invoices']);
    await drain(shared.record('k', 'customers', ['suppliers'], pagesOf(...list)));
    expect(shared.replay('k', 'invoices')).toBeUndefined();
  });

  it('a read that stopped before its last page leaves nothing to replay', async () => {
    const shared = new SharedReads(['customers', 'suppliers']);
    const it = shared.record('k', 'customers', ['suppliers'], pagesOf(...list))[Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    expect(shared.replay('k', 'suppliers')).toBeUndefined();
  });

  it('a list longer than maxRecords is passed through whole but not kept', async () => {
    const shared = new SharedReads(['customers', 'suppliers'], { maxRecords: 2 });
    expect(await drain(shared.record('k', 'customers', ['suppliers'], pagesOf(...list)))).toEqual(list);
    expect(shared.replay('k', 'suppliers')).toBeUndefined();
  });

  it('nothing is recorded when no type waits, or with maxRecords 0', async () => {
    const none = new SharedReads(['customers']);
    await drain(none.record('k', 'customers', [], pagesOf(...list)));
    expect(none.replay('k', 'customers')).toBeUndefined();
    const off = new SharedReads(['customers', 'suppliers'], { maxRecords: 0 });
    await drain(off.record('k', 'customers', ['suppliers'], pagesOf(...list)));
    expect(off.replay('k', 'suppliers')).toBeUndefined();
  });

  it('once every waiting type is done, the recording is freed even if none replayed it', async () => {
    const shared = new SharedReads(['customers', 'suppliers']);
    await drain(shared.record('k', 'customers', ['suppliers'], pagesOf(...list)));
    shared.done('customers');
    shared.done('suppliers');
    expect(shared.replay('k', 'suppliers')).toBeUndefined();
  });
});

/** Collects every delivered record id per type. */
function collectingSink(): SyncSink & { ids: Map<DataType, string[]> } {
  const ids = new Map<DataType, string[]>();
  return {
    ids,
    write: async (batch) => {
      const list = ids.get(batch.dataType) ?? [];
      for (const r of batch.records) list.push(r.id);
      ids.set(batch.dataType, list);
    },
  };
}

const CASES: Array<{ harness: EmulatorHarness; pairs: Array<[DataType, DataType]> }> = [
  { harness: xeroHarness, pairs: [['accounts', 'bankAccounts'], ['customers', 'suppliers'], ['payments', 'billPayments']] },
  { harness: freeagentHarness, pairs: [['customers', 'suppliers'], ['payments', 'billPayments']] },
];

for (const { harness, pairs } of CASES) {
  describe(`shared reads against the ${harness.provider} emulator`, () => {
    let instance: HarnessInstance | undefined;
    afterEach(async () => {
      await instance?.close();
      instance = undefined;
    });
    const types = pairs.flat();

    async function linked() {
      instance = await harness.start({ seed: 7 });
      const ledger = harnessLedger(harness, instance);
      return { ledger, connection: await linkHarness(harness, instance, ledger) };
    }

    it('a full sync reads each shared list once, and delivers exactly what separate reads deliver', async () => {
      const { ledger, connection } = await linked();
      const separate = collectingSink();
      const alone = await ledger.sync(connection, { dataTypes: types, sink: separate, checkpointStore: new MemoryCheckpointStore(), shareReads: false });
      const together = collectingSink();
      const shared = await ledger.sync(connection, { dataTypes: types, sink: together, checkpointStore: new MemoryCheckpointStore() });
      expect(shared.status).toBe('ok');
      for (const t of types) expect(together.ids.get(t) ?? [], t).toEqual(separate.ids.get(t) ?? []);
      for (const [first, second] of pairs) {
        expect(shared.types[second]!.apiCalls, `${second} replays ${first}`).toBe(0);
        expect(shared.types[first]!.apiCalls).toBe(alone.types[first]!.apiCalls);
        expect(shared.types[second]!.records).toBe(alone.types[second]!.records);
      }
      const saved = pairs.reduce((n, [, second]) => n + alone.types[second]!.apiCalls, 0);
      expect(saved).toBeGreaterThan(0);
      expect(shared.apiCalls).toBe(alone.apiCalls - saved);
      // The replaying type's read counts as started when the shared read did: same watermark.
      for (const [first, second] of pairs) expect(shared.checkpoint.types[second]!.watermark).toBe(shared.checkpoint.types[first]!.watermark);
    });

    it('the next incremental sync shares too (same watermarks), and still finds the changes', async () => {
      const { ledger, connection } = await linked();
      const store = new MemoryCheckpointStore();
      await ledger.sync(connection, { dataTypes: types, sink: countingSink(), checkpointStore: store });
      const changed = await instance!.change();
      const sink = collectingSink();
      const next = await ledger.sync(connection, { dataTypes: types, sink, checkpointStore: store });
      expect(next.status).toBe('ok');
      for (const [first, second] of pairs) {
        expect(next.types[first]!.mode).toBe('incremental');
        expect(next.types[second]!.apiCalls).toBe(0);
      }
      for (const t of types) for (const id of changed[t] ?? []) expect(sink.ids.get(t) ?? [], `${t} ${id}`).toContain(id);
    });

    it('types with different watermarks read for themselves', async () => {
      const { ledger, connection } = await linked();
      const store = new MemoryCheckpointStore();
      const [first, second] = pairs[0]!;
      const run = await ledger.sync(connection, { dataTypes: [first, second], sink: countingSink(), checkpointStore: store });
      // The second type's watermark an hour earlier (as after a run that synced it alone, long before).
      const key = `${harness.provider}:${connection.id}`;
      const stored = (await store.load(key))!;
      const earlier = new Date(Date.parse(stored.types[second]!.watermark!) - 3_600_000).toISOString();
      await store.save(key, { ...stored, types: { ...stored.types, [second]: { watermark: earlier } } });
      const both = await ledger.sync(connection, { dataTypes: [first, second], sink: countingSink(), checkpointStore: store });
      expect(both.types[second]!.mode).toBe('incremental');
      expect(both.types[second]!.modifiedSince).toBe(earlier);
      expect(both.types[second]!.apiCalls).toBeGreaterThan(0);
      expect(run.types[second]!.apiCalls).toBe(0);
    });

    it('a run stopped while the second type replays resumes it from its cursor, delivering every record once', async () => {
      const { ledger, connection } = await linked();
      // The pair whose shared list spans the most pages, so the stop falls inside the replay.
      const probe = await ledger.sync(connection, { dataTypes: types, sink: countingSink(), checkpointStore: new MemoryCheckpointStore() });
      const [first, second] = [...pairs].sort((a, b) => probe.types[b[0]]!.pages - probe.types[a[0]]!.pages)[0]!;
      expect(probe.types[second]!.pages, `${second} replays more than one page`).toBeGreaterThan(1);
      const separate = collectingSink();
      await ledger.sync(connection, { dataTypes: [second], sink: separate, checkpointStore: new MemoryCheckpointStore() });

      const store = new MemoryCheckpointStore();
      const delivered = collectingSink();
      const controller = new AbortController();
      const stopped = await ledger.sync(connection, {
        dataTypes: [first, second],
        sink: delivered,
        checkpointStore: store,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.dataType === second && p.phase === 'page') controller.abort();
        },
      });
      expect(stopped.status).toBe('aborted');
      expect(stopped.types[second]!.apiCalls).toBe(0);
      const resumed = await ledger.sync(connection, { dataTypes: [first, second], sink: delivered, checkpointStore: store });
      expect(resumed.status).toBe('ok');
      expect(resumed.types[second]!.resumed).toBe(true);
      expect(resumed.types[second]!.apiCalls).toBeGreaterThan(0);
      // Every record of the second type, each once, in the same order as a read of its own.
      expect(delivered.ids.get(second)).toEqual(separate.ids.get(second));
    });

    it('a list longer than maxRecords is read again rather than held in memory', async () => {
      const { ledger, connection } = await linked();
      const [first, second] = pairs[0]!;
      const run = await ledger.sync(connection, { dataTypes: [first, second], sink: countingSink(), checkpointStore: new MemoryCheckpointStore(), shareReads: { maxRecords: 1 } });
      expect(run.status).toBe('ok');
      expect(run.types[second]!.apiCalls).toBeGreaterThan(0);
    });

    it('a bad shareReads option fails before any call', async () => {
      const { ledger, connection } = await linked();
      const before = instance!.apiRequests();
      await expect(ledger.sync(connection, { dataTypes: types, sink: countingSink(), checkpointStore: new MemoryCheckpointStore(), shareReads: { maxRecords: -1 } })).rejects.toMatchObject({ code: 'configuration_error' });
      expect(instance!.apiRequests()).toBe(before);
    });
  });
}
