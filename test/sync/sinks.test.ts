import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingSink, memorySink, ndjsonSink } from '../../src/sync/sinks';
import { sync } from '../../src/sync/sync';
import { MemoryCheckpointStore } from '../../src/sync/checkpoint-store';
import type { SyncBatch } from '../../src/sync/types';
import { FakeSource, bad, del, many, rec } from './fake-source';

const batch = (over: Partial<SyncBatch>): SyncBatch => ({ dataType: 'customers', records: [], issues: [], page: 1, ...over });
const issue = { dataType: 'invoices' as const, recordId: 'i9', message: 'bad', issues: [], raw: { Id: 'i9' }, kind: 'mapping' as const };

async function lines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

describe('memorySink', () => {
  it('keeps batches, records and issues per type, unaffected by later changes to the arrays it was given', async () => {
    const sink = memorySink();
    const records = [{ id: 'c1', isDeleted: false }];
    await sink.write(batch({ records }));
    await sink.write(batch({ dataType: 'invoices', records: [{ id: 'i1', isDeleted: true }], issues: [issue] }));
    records.push({ id: 'late', isDeleted: false });
    expect(sink.batches).toHaveLength(2);
    expect(sink.records().map((r) => r.id)).toEqual(['c1', 'i1']);
    expect(sink.records('customers').map((r) => r.id)).toEqual(['c1']);
    expect(sink.issues('invoices')).toEqual([issue]);
    expect(sink.issues('customers')).toEqual([]);
  });
});

describe('countingSink', () => {
  it('counts records, deletes, issues and pages per type and in total', async () => {
    const sink = countingSink();
    await sink.write(batch({ records: [{ id: 'a', isDeleted: false }, { id: 'b', isDeleted: true }] }));
    await sink.write(batch({ records: [{ id: 'c', isDeleted: false }], page: 2 }));
    await sink.write(batch({ dataType: 'invoices', issues: [issue] }));
    expect(sink.counts.customers).toEqual({ records: 3, deleted: 1, issues: 0, pages: 2 });
    expect(sink.counts.invoices).toEqual({ records: 0, deleted: 0, issues: 1, pages: 1 });
    expect(sink.totals()).toEqual({ records: 3, deleted: 1, issues: 1, pages: 3 });
  });
});

describe('ndjsonSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledgerlink-ndjson-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one valid NDJSON file per type, appending batch after batch', async () => {
    const out = join(dir, 'export');
    const sink = ndjsonSink(out);
    const tricky = { id: 'c2', isDeleted: false, name: 'Line\nbreak "quoted" ünïcode', total: '1234.50' };
    await sink.write(batch({ records: [{ id: 'c1', isDeleted: false }, tricky] }));
    await sink.write(batch({ records: [{ id: 'c3', isDeleted: true }], page: 2 }));
    await sink.write(batch({ dataType: 'invoices', records: [{ id: 'i1', isDeleted: false }], issues: [issue] }));
    await sink.write(batch({ dataType: 'bills', records: [] }));
    expect((await readdir(out)).sort()).toEqual(['bills.ndjson', 'customers.ndjson', 'invoices.ndjson']);
    expect(await lines(join(out, 'customers.ndjson'))).toEqual([{ id: 'c1', isDeleted: false }, tricky, { id: 'c3', isDeleted: true }]);
    expect(await lines(join(out, 'invoices.ndjson'))).toEqual([{ id: 'i1', isDeleted: false }]);
    expect(await readFile(join(out, 'bills.ndjson'), 'utf8')).toBe('');
  });

  it('appends to files from an earlier run', async () => {
    await ndjsonSink(dir).write(batch({ records: [{ id: 'c1', isDeleted: false }] }));
    await ndjsonSink(dir).write(batch({ records: [{ id: 'c2', isDeleted: false }] }));
    expect(await lines(join(dir, 'customers.ndjson'))).toEqual([
      { id: 'c1', isDeleted: false },
      { id: 'c2', isDeleted: false },
    ]);
  });

  it('cuts a line half-written by a crash before appending', async () => {
    await ndjsonSink(dir).write(batch({ records: [{ id: 'c1', isDeleted: false }] }));
    await appendFile(join(dir, 'customers.ndjson'), '{"id":"c2","isDel');
    await ndjsonSink(dir).write(batch({ records: [{ id: 'c2', isDeleted: false }] }));
    expect(await lines(join(dir, 'customers.ndjson'))).toEqual([
      { id: 'c1', isDeleted: false },
      { id: 'c2', isDeleted: false },
    ]);
  });

  it('cuts a partial first line too (a crash during the very first batch)', async () => {
    await appendFile(join(dir, 'customers.ndjson'), '{"id":"c');
    await ndjsonSink(dir).write(batch({ records: [{ id: 'c1', isDeleted: false }] }));
    expect(await lines(join(dir, 'customers.ndjson'))).toEqual([{ id: 'c1', isDeleted: false }]);
  });

  it('writes issues to <type>.issues.ndjson when asked', async () => {
    const sink = ndjsonSink(dir, { writeIssues: true });
    await sink.write(batch({ dataType: 'invoices', records: [{ id: 'i1', isDeleted: false }], issues: [issue] }));
    expect(await lines(join(dir, 'invoices.issues.ndjson'))).toEqual([issue]);
  });

  it('receives a whole sync: records, deletes, and with writeIssues the raw of malformed records', async () => {
    const source = new FakeSource({
      data: {
        customers: many('cus', 7),
        invoices: [rec('i1', '2024-01-01T00:00:00.000Z'), del('i2', '2024-01-01T00:00:00.000Z'), bad('i3', '2024-01-01T00:00:00.000Z', { Total: 'x' })],
      },
    });
    const result = await sync(source, { sink: ndjsonSink(dir, { writeIssues: true }), checkpointStore: new MemoryCheckpointStore() });
    expect(result.status).toBe('ok');
    expect((await lines(join(dir, 'customers.ndjson'))).map((r) => (r as { id: string }).id)).toHaveLength(7);
    expect(await lines(join(dir, 'invoices.ndjson'))).toEqual([
      { id: 'i1', isDeleted: false, sourceModifiedDate: '2024-01-01T00:00:00.000Z' },
      { id: 'i2', isDeleted: true, sourceModifiedDate: '2024-01-01T00:00:00.000Z' },
    ]);
    expect(await lines(join(dir, 'invoices.issues.ndjson'))).toEqual([expect.objectContaining({ recordId: 'i3', raw: { Total: 'x' } })]);
  });
});
