/**
 * `POST /batch` end to end: the documented batch request (doc-samples/batch/01) shape — a create, a delete, a sparse
 * update and a query — answered per item, with failed items as typed errors and the others carried out; a lost
 * answer retried under the same requestid runs the items once; more than 30 items are refused locally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { createFaultProxy, type FaultProxy } from '../../../src/testing/fault-proxy';
import { quickbooksBatch } from '../batch';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { qbConnect } from './test-helpers';

let emu: QuickBooksEmulator;
let proxy: FaultProxy;
beforeAll(async () => {
  emu = await createQuickBooksEmulator({ seed: 71, invoices: 6, customers: 4, timeScale: 60 });
  proxy = await createFaultProxy({ target: emu.urls.api });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

describe('QuickBooks batch', () => {
  it('runs create, delete, update and query items, each with its own result', async () => {
    const { connection } = await qbConnect(emu, { apiUrl: proxy.url });
    const inv = emu.store.list('Invoice')[0]!;
    const bill = emu.store.list('Bill')[0]!;
    const results = await quickbooksBatch(connection, [
      { bId: 'bid1', operation: 'create', entity: 'Vendor', body: { DisplayName: 'Smith Family Store' } },
      { bId: 'bid2', operation: 'delete', entity: 'Bill', body: { Id: bill.Id, SyncToken: bill.SyncToken } },
      { bId: 'bid3', operation: 'update', entity: 'Invoice', body: { Id: inv.Id, SyncToken: '99', sparse: true, PrivateNote: 'late' } },
      { bId: 'bid4', query: "select * from Invoice where TotalAmt > '0' MAXRESULTS 2" },
      { bId: 'bid5', operation: 'create', entity: 'Vendor', body: { DisplayName: 'Smith Family Store' } },
    ]);
    expect(results.map((r) => [r.bId, r.ok])).toEqual([['bid1', true], ['bid2', true], ['bid3', false], ['bid4', true], ['bid5', false]]);
    expect(results[0]).toMatchObject({ entity: 'Vendor', record: { DisplayName: 'Smith Family Store', SyncToken: '0' } });
    expect(results[1]).toMatchObject({ record: { status: 'Deleted', Id: bill.Id } });
    expect(emu.store.list('Bill').some((b) => b.Id === bill.Id)).toBe(false);
    expect(results[2]).toMatchObject({ error: { code: 'conflict', providerCode: '5010' } });
    expect((results[3] as unknown as { queryResponse: { Invoice: unknown[] } }).queryResponse.Invoice).toHaveLength(2);
    expect(results[4]).toMatchObject({ error: { code: 'validation_error', providerCode: '6240' } });
    expect(emu.store.list('Vendor').filter((v) => v.DisplayName === 'Smith Family Store')).toHaveLength(1);
  });

  it('a batch whose answer is lost is retried under its requestid: the items run once', async () => {
    const { connection } = await qbConnect(emu, { apiUrl: proxy.url });
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/batch\?/, at: [1] }]);
    const start = proxy.log.length;
    try {
      const results = await quickbooksBatch(connection, [{ operation: 'create', entity: 'Customer', body: { DisplayName: 'Batch Once' } }], { idempotencyKey: 'qb-batch-1' });
      expect(results).toMatchObject([{ bId: 'bid1', ok: true }]);
      expect(proxy.log.slice(start).filter((l) => l.path.includes('/batch?requestid=qb-batch-1') || l.path.includes('requestid=qb-batch-1'))).toHaveLength(2);
      expect(emu.store.list('Customer').filter((c) => c.DisplayName === 'Batch Once')).toHaveLength(1);
    } finally {
      proxy.setRules([]);
    }
  });

  it('refuses more than 30 items before any call', async () => {
    const { connection } = await qbConnect(emu);
    const items = Array.from({ length: 31 }, (_, i) => ({ query: `SELECT * FROM Item STARTPOSITION ${i + 1} MAXRESULTS 1` }));
    await expect(quickbooksBatch(connection, items)).rejects.toBeInstanceOf(ValidationError);
  });
});
