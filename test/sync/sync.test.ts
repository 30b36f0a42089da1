import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConfigurationError,
  NetworkError,
  NotSupportedError,
  ProviderError,
  RateLimitError,
  ValidationError,
} from '../../src/errors';
import { sync } from '../../src/sync/sync';
import { memorySink } from '../../src/sync/sinks';
import type { SyncProgress } from '../../src/sync/types';
import { FakeClock, FakeSource, bad, del, many, rec } from './fake-source';
import { RecordingStore, ScriptedSink, deferred, settle } from './helpers';

const T0 = Date.parse('2024-06-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

function invoicesData() {
  return [
    rec('inv-1', '2024-01-02T00:00:00.000Z', { total: '10.00' }),
    del('inv-2', '2024-01-03T00:00:00.000Z'),
    bad('inv-3', '2024-01-04T00:00:00.000Z', { Id: 'inv-3', Total: 'abc' }),
    rec('inv-4', '2024-01-05T00:00:00.000Z'),
    rec('inv-5', '2024-01-06T00:00:00.000Z'),
  ];
}

describe('sync: full then incremental', () => {
  it('reads everything, stores a watermark per type, then passes it back as modifiedSince', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 7), invoices: invoicesData() } });
    const store = new RecordingStore();
    const sink = memorySink();

    const first = await sync(source, { sink, checkpointStore: store, clock });

    expect(first.status).toBe('ok');
    expect(first.types.customers).toMatchObject({ status: 'ok', mode: 'full', records: 7, deleted: 0, issues: 0, pages: 3, resumed: false });
    expect(first.types.invoices).toMatchObject({ status: 'ok', mode: 'full', records: 4, deleted: 1, issues: 1, pages: 2 });
    expect(sink.records('customers').map((r) => r.id)).toEqual(many('cus', 7).map((e) => (e.kind === 'record' ? e.record.id : '')));
    expect(sink.batches.filter((b) => b.dataType === 'customers').map((b) => b.page)).toEqual([1, 2, 3]);
    expect(source.reads.map((r) => [r.dataType, r.options.modifiedSince, r.options.cursor])).toEqual([
      ['customers', undefined, null],
      ['invoices', undefined, null],
    ]);
    const watermark = iso(T0 - 5 * MIN);
    expect(first.checkpoint).toEqual({ version: 1, types: { customers: { watermark }, invoices: { watermark } } });
    expect(await store.load('fake:conn-1')).toEqual(first.checkpoint);
    expect(first.apiCalls).toBe(5);
    expect(first.types.customers?.apiCalls).toBe(3);
    expect(first.startedAt).toBe(iso(T0));

    // A record changes after the first run; an hour later the second run reads only what changed.
    source.data.customers!.push(rec('cus-new', iso(T0 + 10 * MIN)));
    clock.advance(60 * MIN);
    const sink2 = memorySink();
    const second = await sync(source, { sink: sink2, checkpointStore: store, clock });

    expect(second.status).toBe('ok');
    expect(source.reads.slice(2).map((r) => [r.dataType, r.options.modifiedSince])).toEqual([
      ['customers', watermark],
      ['invoices', watermark],
    ]);
    expect(second.types.customers).toMatchObject({ status: 'ok', mode: 'incremental', records: 1, modifiedSince: watermark });
    expect(sink2.records('customers').map((r) => r.id)).toEqual(['cus-new']);
    expect(second.types.invoices).toMatchObject({ mode: 'incremental', records: 0, pages: 1 });
    expect(second.checkpoint.types.customers).toEqual({ watermark: iso(T0 + 55 * MIN) });
  });

  it('bases each type’s watermark on the time its own read started, not the end of the run', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({
      data: { customers: many('cus', 7), invoices: many('inv', 2) },
      onCall: () => clock.advance(1000),
    });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), clock, overlapMs: 0 });
    // customers starts at T0 (3 calls, 3 s); invoices starts at T0+3 s.
    expect(result.checkpoint.types.customers?.watermark).toBe(iso(T0));
    expect(result.checkpoint.types.invoices?.watermark).toBe(iso(T0 + 3000));
    expect(result.durationMs).toBe(4000);
  });

  it('uses the server clock when the source knows it, minus the local time elapsed since the read started', async () => {
    const clock = new FakeClock(T0);
    // The provider's clock is 10 minutes behind ours; each call takes 2 s of local time.
    const source = new FakeSource({
      data: { customers: many('cus', 7) },
      onCall: () => clock.advance(2000),
      serverTime: () => iso(clock.ms - 10 * MIN),
    });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), clock });
    expect(result.checkpoint.types.customers?.watermark).toBe(iso(T0 - 10 * MIN - 5 * MIN));
  });

  it('falls back to the local clock when the server time cannot be parsed', async () => {
    const clock = new FakeClock(T0);
    const warnings: string[] = [];
    const source = new FakeSource({ data: { customers: many('cus', 2) }, serverTime: () => 'not a date' });
    const result = await sync(source, {
      sink: memorySink(),
      checkpointStore: new RecordingStore(),
      clock,
      logger: { debug() {}, info() {}, error() {}, warn: (m) => warnings.push(m) },
    });
    expect(result.checkpoint.types.customers?.watermark).toBe(iso(T0 - 5 * MIN));
    expect(warnings.some((w) => w.includes('server time'))).toBe(true);
  });

  it('always reads types without incremental support in full', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { accounts: many('acc', 4) }, incremental: { accounts: false } });
    const store = new RecordingStore();
    await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    clock.advance(MIN);
    const second = await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    expect(source.reads.map((r) => r.options.modifiedSince)).toEqual([undefined, undefined]);
    expect(second.types.accounts).toMatchObject({ mode: 'full', records: 4 });
  });

  it('fullRefresh ignores the watermark', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 4) } });
    const store = new RecordingStore();
    await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    clock.advance(MIN);
    const second = await sync(source, { sink: memorySink(), checkpointStore: store, clock, fullRefresh: true });
    expect(source.reads[1]?.options.modifiedSince).toBeUndefined();
    expect(second.types.customers).toMatchObject({ mode: 'full', records: 4 });
    expect(second.checkpoint.types.customers?.watermark).toBe(iso(T0 + MIN - 5 * MIN));
  });

  it('passes includeRaw through, and report parameters to report types only', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 1), profitAndLoss: many('pl', 1) } });
    const reportParams = { fromDate: '2024-01-01', toDate: '2024-03-31' };
    await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), includeRaw: true, reportParams });
    const byType = Object.fromEntries(source.reads.map((r) => [r.dataType, r.options]));
    expect(byType.customers?.includeRaw).toBe(true);
    expect(byType.customers?.params).toBeUndefined();
    expect(byType.profitAndLoss?.params).toEqual(reportParams);
  });
});

describe('sync: choosing data types', () => {
  it('defaults to every supported type in DATA_TYPES order', async () => {
    const source = new FakeSource({ data: { invoices: many('i', 1), company: many('c', 1), customers: many('cus', 1) } });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore() });
    expect(source.reads.map((r) => r.dataType)).toEqual(['company', 'customers', 'invoices']);
    expect(Object.keys(result.types)).toEqual(['company', 'customers', 'invoices']);
  });

  it('keeps the caller’s order and skips types the provider does not offer', async () => {
    const source = new FakeSource({ data: { invoices: many('i', 1), customers: many('cus', 1) } });
    const result = await sync(source, {
      sink: memorySink(),
      checkpointStore: new RecordingStore(),
      dataTypes: ['invoices', 'bills', 'customers', 'invoices'],
    });
    expect(source.reads.map((r) => r.dataType)).toEqual(['invoices', 'customers']);
    expect(result.status).toBe('partial');
    expect(result.types.bills?.status).toBe('skipped');
    expect(result.types.bills?.error).toBeInstanceOf(NotSupportedError);
  });

  it('rejects unknown data types and bad options before any call', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 1) } });
    const base = { sink: memorySink(), checkpointStore: new RecordingStore() };
    await expect(sync(source, { ...base, dataTypes: ['customers', 'widgets' as 'customers'] })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sync(source, { ...base, overlapMs: -1 })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sync(source, { ...base, maxIssues: 1.5 })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sync(source, { ...base, checkpointKey: '' })).rejects.toBeInstanceOf(ConfigurationError);
    expect(source.reads).toHaveLength(0);
  });

  it('refuses a corrupt checkpoint from a custom store before reading anything, and closes the sink', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 1) } });
    const sink = new ScriptedSink();
    const checkpointStore = {
      load: async () => ({ version: 1, types: { customers: { cursor: { offset: 3 }, readStartedAt: 'yesterday' } } }) as never,
      save: async () => undefined,
    };
    await expect(sync(source, { sink, checkpointStore })).rejects.toBeInstanceOf(ConfigurationError);
    expect(source.reads).toHaveLength(0);
    expect(sink.closed).toBe(1);
  });

  it('uses `${provider}:${connectionId}` as the default checkpoint key, or the given key', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 1) }, provider: 'xero', connectionId: 'c-9' });
    const store = new RecordingStore();
    await sync(source, { sink: memorySink(), checkpointStore: store });
    await sync(source, { sink: memorySink(), checkpointStore: store, checkpointKey: 'tenant-42' });
    expect(store.keys().sort()).toEqual(['tenant-42', 'xero:c-9']);
  });
});

describe('sync: deletes and record issues', () => {
  it('delivers deletes as records and counts them', async () => {
    const source = new FakeSource({ data: { invoices: invoicesData() } });
    const sink = memorySink();
    const result = await sync(source, { sink, checkpointStore: new RecordingStore() });
    expect(sink.records('invoices').filter((r) => r.isDeleted).map((r) => r.id)).toEqual(['inv-2']);
    expect(result.types.invoices?.deleted).toBe(1);
    expect(result.types.invoices?.records).toBe(4);
  });

  it('collects malformed records with their raw record and completes the sync', async () => {
    const source = new FakeSource({ data: { invoices: invoicesData(), customers: many('cus', 2) } });
    const sink = memorySink();
    const result = await sync(source, { sink, checkpointStore: new RecordingStore() });
    expect(result.status).toBe('ok');
    expect(result.issueCount).toBe(1);
    expect(result.issues).toEqual([
      expect.objectContaining({ dataType: 'invoices', recordId: 'inv-3', kind: 'mapping', raw: { Id: 'inv-3', Total: 'abc' } }),
    ]);
    expect(result.issues[0]?.issues[0]?.path).toBe('total');
    expect(sink.issues('invoices')).toEqual(result.issues);
    expect(sink.records('invoices').map((r) => r.id)).toEqual(['inv-1', 'inv-2', 'inv-4', 'inv-5']);
    expect(result.checkpoint.types.invoices?.watermark).toBeDefined();
  });

  it('caps the issues kept in the result but counts them all', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => bad(`b-${i}`, '2024-01-01T00:00:00.000Z', { n: i }));
    const source = new FakeSource({ data: { items: [...entries, ...many('it', 2)] } });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), maxIssues: 2 });
    expect(result.issueCount).toBe(5);
    expect(result.issues.map((i) => i.raw)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(result.types.items).toMatchObject({ status: 'ok', issues: 5, records: 2 });
  });
});

describe('sync: failures', () => {
  it('records a failing type and continues with the next; the failed type resumes from its last acknowledged page', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 7), invoices: many('inv', 2) } });
    const failure = new ProviderError('Service unavailable', { provider: 'fake', status: 503, retryable: true });
    source.failures.push({ dataType: 'customers', page: 1, error: failure, times: 1 });
    const store = new RecordingStore();
    const sink = memorySink();

    const first = await sync(source, { sink, checkpointStore: store, clock });
    expect(first.status).toBe('partial');
    expect(first.types.customers).toMatchObject({ status: 'failed', records: 3, pages: 1 });
    expect(first.types.customers?.error).toBe(failure);
    expect(first.types.invoices).toMatchObject({ status: 'ok', records: 2 });
    expect(first.checkpoint.types.customers).toEqual({ cursor: { offset: 3 }, readStartedAt: iso(T0) });

    clock.advance(30 * MIN);
    const second = await sync(source, { sink, checkpointStore: store, clock, dataTypes: ['customers'] });
    expect(source.reads.at(-1)?.options.cursor).toEqual({ offset: 3 });
    expect(second.types.customers).toMatchObject({ status: 'ok', resumed: true, records: 4, mode: 'full' });
    // The watermark is the start of the read that began in the first run.
    expect(second.checkpoint.types.customers).toEqual({ watermark: iso(T0 - 5 * MIN) });
    expect(new Set(sink.records('customers').map((r) => r.id)).size).toBe(7);
    expect(sink.records('customers')).toHaveLength(7);
  });

  it('a resumed incremental read keeps its original modifiedSince', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 7, iso(T0 - 60 * MIN)) } });
    const store = new RecordingStore();
    await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    const wm1 = iso(T0 - 5 * MIN);

    clock.advance(60 * MIN);
    for (const e of source.data.customers!) if (e.kind === 'record') e.record.sourceModifiedDate = iso(T0 + 30 * MIN);
    source.failures.push({ dataType: 'customers', page: 1, error: new NetworkError('reset'), times: 1 });
    const second = await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    expect(second.types.customers).toMatchObject({ status: 'failed', mode: 'incremental', modifiedSince: wm1 });
    expect(second.checkpoint.types.customers).toEqual({
      watermark: wm1,
      cursor: { offset: 3 },
      readStartedAt: iso(T0 + 60 * MIN),
      modifiedSince: wm1,
    });

    clock.advance(60 * MIN);
    const third = await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    expect(source.reads.at(-1)?.options).toMatchObject({ modifiedSince: wm1, cursor: { offset: 3 } });
    expect(third.types.customers).toMatchObject({ status: 'ok', mode: 'incremental', resumed: true, records: 4 });
    expect(third.checkpoint.types.customers).toEqual({ watermark: iso(T0 + 55 * MIN) });
  });

  it('fullRefresh restarts an unfinished incremental read but resumes an unfinished full one', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 7), items: many('it', 7) } });
    const store = new RecordingStore();
    await store.save('fake:conn-1', {
      version: 1,
      types: {
        customers: { watermark: iso(T0 - MIN), cursor: { offset: 3 }, readStartedAt: iso(T0), modifiedSince: iso(T0 - MIN) },
        items: { watermark: iso(T0 - MIN), cursor: { offset: 6 }, readStartedAt: iso(T0) },
      },
    });
    const result = await sync(source, { sink: memorySink(), checkpointStore: store, clock, fullRefresh: true });
    const reads = Object.fromEntries(source.reads.map((r) => [r.dataType, r.options]));
    expect(reads.customers).toMatchObject({ cursor: null });
    expect(reads.customers?.modifiedSince).toBeUndefined();
    expect(reads.items).toMatchObject({ cursor: { offset: 6 } });
    expect(result.types.customers).toMatchObject({ resumed: false, records: 7, mode: 'full' });
    expect(result.types.items).toMatchObject({ resumed: true, records: 1, mode: 'full' });
  });

  it('an interrupted full refresh resumes as a full read even though a watermark exists', async () => {
    const clock = new FakeClock(T0);
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    await sync(source, { sink: memorySink(), checkpointStore: store, clock });
    const watermark = iso(T0 - 5 * MIN);

    clock.advance(MIN);
    source.failures.push({ dataType: 'customers', page: 1, error: new NetworkError('reset'), times: 1 });
    await sync(source, { sink: memorySink(), checkpointStore: store, clock, fullRefresh: true });
    expect((await store.load('fake:conn-1'))?.types.customers).toEqual({
      watermark,
      cursor: { offset: 3 },
      readStartedAt: iso(T0 + MIN),
    });

    const sink = memorySink();
    const resumed = await sync(source, { sink, checkpointStore: store, clock });
    expect(source.reads.at(-1)?.options.modifiedSince).toBeUndefined();
    expect(source.reads.at(-1)?.options.cursor).toEqual({ offset: 3 });
    expect(resumed.types.customers).toMatchObject({ status: 'ok', mode: 'full', resumed: true, records: 4 });
    expect(resumed.checkpoint.types.customers).toEqual({ watermark: iso(T0 + MIN - 5 * MIN) });
  });

  it('drops a stored cursor the provider refuses, so the next run restarts the type', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    source.failures.push({ dataType: 'customers', page: 1, error: new NetworkError('reset'), times: 1 });
    await sync(source, { sink: memorySink(), checkpointStore: store });

    source.failures.push({
      dataType: 'customers',
      page: 0,
      onlyResumed: true,
      times: 1,
      error: new ValidationError('offset out of range', { status: 400, provider: 'fake' }),
    });
    const second = await sync(source, { sink: memorySink(), checkpointStore: store });
    expect(second.types.customers?.status).toBe('failed');
    expect(second.checkpoint.types.customers).toEqual({});

    const sink = memorySink();
    const third = await sync(source, { sink, checkpointStore: store });
    expect(source.reads.at(-1)?.options.cursor).toBeNull();
    expect(third.types.customers).toMatchObject({ status: 'ok', resumed: false, records: 7 });
  });

  it('keeps the stored cursor when a resumed read fails transiently', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    source.failures.push({ dataType: 'customers', page: 1, error: new NetworkError('reset'), times: 2 });
    await sync(source, { sink: memorySink(), checkpointStore: store });
    source.failures.push({ dataType: 'customers', page: 0, onlyResumed: true, times: 1, error: new NetworkError('reset') });
    const second = await sync(source, { sink: memorySink(), checkpointStore: store });
    expect(second.types.customers?.status).toBe('failed');
    expect(second.checkpoint.types.customers?.cursor).toEqual({ offset: 3 });
  });

  it.each([
    ['relink required', new AuthError('The refresh token was revoked', { relinkRequired: true, provider: 'fake', status: 400 })],
    ['daily limit', new RateLimitError('Daily limit reached', { daily: true, resetAt: '2024-06-02T00:00:00Z', provider: 'fake' })],
  ])('stops the whole sync on %s', async (_name, error) => {
    const source = new FakeSource({ data: { accounts: many('acc', 4), customers: many('cus', 2), invoices: many('inv', 2) } });
    source.failures.push({ dataType: 'customers', page: 0, error });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore() });
    expect(result.status).toBe('stopped');
    expect(result.error).toBe(error);
    expect(result.types.accounts?.status).toBe('ok');
    expect(result.types.customers).toMatchObject({ status: 'failed', error });
    expect(result.types.invoices).toMatchObject({ status: 'skipped', error });
    expect(source.reads.map((r) => r.dataType)).toEqual(['accounts', 'customers']);
  });

  it('does not stop on a per-minute rate limit or a plain auth error', async () => {
    const source = new FakeSource({ data: { accounts: many('acc', 1), customers: many('cus', 1), invoices: many('inv', 1) } });
    source.failures.push({ dataType: 'accounts', page: 0, error: new RateLimitError('slow down', { retryAfterMs: 1000 }) });
    source.failures.push({ dataType: 'customers', page: 0, error: new AuthError('forbidden', { status: 403 }) });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore() });
    expect(result.status).toBe('partial');
    expect(result.types.accounts?.status).toBe('failed');
    expect(result.types.customers?.status).toBe('failed');
    expect(result.types.invoices?.status).toBe('ok');
  });

  it('tells the sink how each type ended', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 4), invoices: many('inv', 1) } });
    source.failures.push({ dataType: 'customers', page: 1, error: new ProviderError('boom', { status: 500 }) });
    const sink = new ScriptedSink();
    await sync(source, { sink, checkpointStore: new RecordingStore() });
    expect(sink.log).toEqual([
      'begin:customers',
      'write:customers:1',
      'ack:customers:1',
      'end:customers:failed',
      'begin:invoices',
      'write:invoices:1',
      'ack:invoices:1',
      'end:invoices:ok',
    ]);
    expect(sink.begins[0]?.info).toEqual({ mode: 'full', resumed: false });
    expect(sink.ends[1]?.summary.watermark).toBeDefined();
    expect(sink.closed).toBe(1);
  });
});

describe('sync: the checkpoint follows the sink', () => {
  it('never saves a checkpoint before the sink’s promise resolves', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    const sink = new ScriptedSink();
    const gates = [deferred(), deferred(), deferred()];
    const called = [deferred(), deferred(), deferred()];
    sink.onWrite = (_batch, i) => {
      called[i]!.resolve();
      return gates[i]!.promise;
    };
    const running = sync(source, { sink, checkpointStore: store });

    await called[0]!.promise;
    await settle();
    expect(store.saves).toHaveLength(0);
    expect(await store.load('fake:conn-1')).toBeUndefined();

    gates[0]!.resolve();
    await called[1]!.promise;
    await settle();
    expect(store.saves).toEqual([{ version: 1, types: { customers: { cursor: { offset: 3 }, readStartedAt: expect.any(String) } } }]);

    // The second write hangs: however long we wait, the checkpoint stays at the first page.
    await settle(200);
    expect(store.saves).toHaveLength(1);
    expect((await store.load('fake:conn-1'))?.types.customers?.cursor).toEqual({ offset: 3 });

    gates[1]!.resolve();
    gates[2]!.resolve();
    const result = await running;
    expect(result.status).toBe('ok');
    expect(store.saves.map((s) => s.types.customers?.cursor ?? 'final')).toEqual([{ offset: 3 }, { offset: 6 }, 'final']);
  });

  it('saves after each acknowledgement, and the final watermark only after sink.end', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    const sink = new ScriptedSink();
    store.onSave = (c) => sink.log.push(`save:${JSON.stringify(c.types.customers?.cursor ?? c.types.customers?.watermark)}`);
    await sync(source, { sink, checkpointStore: store, clock: new FakeClock(T0) });
    expect(sink.log).toEqual([
      'begin:customers',
      'write:customers:1',
      'ack:customers:1',
      'save:{"offset":3}',
      'write:customers:2',
      'ack:customers:2',
      'save:{"offset":6}',
      'write:customers:3',
      'ack:customers:3',
      'end:customers:ok',
      `save:"${iso(T0 - 5 * MIN)}"`,
    ]);
  });

  it('a sink error aborts the sync, leaves the checkpoint at the last acknowledged batch and closes the reader', async () => {
    // 10 customers = 4 pages: when the 2nd write fails, the read-ahead has fetched the 3rd page, not the last.
    const source = new FakeSource({ data: { customers: many('cus', 10), invoices: many('inv', 2) } });
    const store = new RecordingStore();
    const sink = new ScriptedSink();
    const diskFull = new Error('ENOSPC: no space left on device');
    sink.onWrite = (_b, i) => {
      if (i === 1) throw diskFull;
    };
    await expect(sync(source, { sink, checkpointStore: store })).rejects.toBe(diskFull);
    expect((await store.load('fake:conn-1'))?.types).toEqual({ customers: { cursor: { offset: 3 }, readStartedAt: expect.any(String) } });
    expect(source.reads.map((r) => r.dataType)).toEqual(['customers']);
    expect(source.closedEarly).toBe(1);
    expect(sink.closed).toBe(1);
  });

  it('an error from sink.end keeps the watermark unsaved', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    const sink = new ScriptedSink();
    const commitFailed = new Error('commit failed');
    sink.onEnd = () => {
      throw commitFailed;
    };
    await expect(sync(source, { sink, checkpointStore: store })).rejects.toBe(commitFailed);
    expect((await store.load('fake:conn-1'))?.types.customers).toEqual({ cursor: { offset: 6 }, readStartedAt: expect.any(String) });
  });

  it('a checkpoint store failure aborts the sync', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const store = new RecordingStore();
    const down = new Error('connection terminated');
    store.failWith = (_c, i) => (i === 1 ? down : undefined);
    const sink = new ScriptedSink();
    await expect(sync(source, { sink, checkpointStore: store })).rejects.toBe(down);
    expect(sink.received).toHaveLength(2);
    expect((await store.load('fake:conn-1'))?.types.customers?.cursor).toEqual({ offset: 3 });
  });
});

describe('sync: abort', () => {
  it('stops between pages, returns aborted, and the next run continues from the checkpoint', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7), invoices: many('inv', 2) } });
    const store = new RecordingStore();
    const controller = new AbortController();
    const sink = new ScriptedSink();
    sink.onWrite = (_b, i) => {
      if (i === 1) controller.abort();
    };
    const first = await sync(source, { sink, checkpointStore: store, signal: controller.signal });
    expect(first.status).toBe('aborted');
    expect(first.types.customers).toMatchObject({ status: 'aborted', pages: 2, records: 6 });
    expect(first.types.invoices?.status).toBe('skipped');
    expect(first.checkpoint.types.customers?.cursor).toEqual({ offset: 6 });
    expect(source.closedEarly).toBe(1);
    expect(sink.log.at(-1)).toBe('end:customers:aborted');

    const sink2 = new ScriptedSink();
    const second = await sync(source, { sink: sink2, checkpointStore: store });
    expect(second.status).toBe('ok');
    expect(sink2.receivedKeys()).toEqual(['customers:cus-006', 'invoices:inv-000', 'invoices:inv-001']);
  });

  it('an abort during a page request ends the type as aborted, not failed', async () => {
    const controller = new AbortController();
    const source = new FakeSource({
      data: { customers: many('cus', 7) },
      onCall: (_t, page) => {
        if (page === 1) controller.abort();
      },
    });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), signal: controller.signal });
    expect(result.status).toBe('aborted');
    expect(result.types.customers).toMatchObject({ status: 'aborted', pages: 1 });
    expect(result.types.customers?.error).toBeUndefined();
    expect(result.checkpoint.types.customers?.cursor).toEqual({ offset: 3 });
  });

  it('an already-aborted signal reads nothing', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const result = await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), signal: AbortSignal.abort() });
    expect(result.status).toBe('aborted');
    expect(result.types.customers?.status).toBe('skipped');
    expect(source.reads).toHaveLength(0);
  });
});

describe('sync: read-ahead', () => {
  it('requests the next page while the sink stores the current one, never more than one ahead', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 10) } });
    const sink = new ScriptedSink();
    const callsDuringWrite: number[] = [];
    sink.onWrite = async () => {
      await new Promise((r) => setTimeout(r, 5));
      callsDuringWrite.push(source.apiCalls());
    };
    const result = await sync(source, { sink, checkpointStore: new RecordingStore() });
    expect(result.types.customers).toMatchObject({ status: 'ok', records: 10, pages: 4, apiCalls: 4 });
    // While page n (1-based) is being written, page n + 1 has been requested — except for the last page.
    expect(callsDuringWrite).toEqual([2, 3, 4, 4]);
  });

  it('readAhead: false reads strictly one page at a time', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 10) } });
    const sink = new ScriptedSink();
    const callsDuringWrite: number[] = [];
    sink.onWrite = async () => {
      await new Promise((r) => setTimeout(r, 5));
      callsDuringWrite.push(source.apiCalls());
    };
    await sync(source, { sink, checkpointStore: new RecordingStore(), readAhead: false });
    expect(callsDuringWrite).toEqual([1, 2, 3, 4]);
  });

  it('a failing prefetched read fails the type after the current page is stored, with the checkpoint on that page', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 10) } });
    source.failures.push({ dataType: 'customers', page: 2, error: new NetworkError('reset') });
    const store = new RecordingStore();
    const sink = memorySink();
    const result = await sync(source, { sink, checkpointStore: store });
    // Pages 1 and 2 were delivered (page 3's read failed while page 2 was being stored).
    expect(result.types.customers).toMatchObject({ status: 'failed', pages: 2, records: 6 });
    expect(result.types.customers?.error).toBeInstanceOf(NetworkError);
    expect(sink.records('customers')).toHaveLength(6);
    expect((await store.load('fake:conn-1'))?.types.customers?.cursor).toEqual({ offset: 6 });
  });
});

describe('sync: progress', () => {
  it('reports start, every page and end with running totals', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const events: SyncProgress[] = [];
    // Without read-ahead, each page's progress counts exactly the calls made for the pages delivered so far.
    await sync(source, { sink: memorySink(), checkpointStore: new RecordingStore(), onProgress: (p) => events.push(p), readAhead: false });
    expect(events.map((e) => [e.phase, e.records, e.pages, e.apiCalls])).toEqual([
      ['start', 0, 0, 0],
      ['page', 3, 1, 1],
      ['page', 6, 2, 2],
      ['page', 7, 3, 3],
      ['end', 7, 3, 3],
    ]);
    expect(events.at(-1)?.status).toBe('ok');
  });

  it('ignores (and logs) a throwing progress callback', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 4) } });
    const warnings: string[] = [];
    const result = await sync(source, {
      sink: memorySink(),
      checkpointStore: new RecordingStore(),
      onProgress: () => {
        throw new Error('ui gone');
      },
      logger: { debug() {}, info() {}, error() {}, warn: (m) => warnings.push(m) },
    });
    expect(result.status).toBe('ok');
    expect(warnings.filter((w) => w.includes('onProgress'))).toHaveLength(4);
  });
});
