/**
 * The emulator's on-demand bulk invoices: paged before the seeded invoices with Xero's pagination, selected by
 * `where` and `If-Modified-Since` like stored ones, found by GET, counted by the store, and mapped by the adapter
 * without a single issue (so the streaming benchmark measures real canonical records).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { countingSink, MemoryCheckpointStore } from '../../../src/sync';
import { xero } from '../index';
import { createXeroEmulator, type XeroEmulator } from './index';
import { bulkFirstSince, bulkIndexOf, bulkInvoice, bulkInvoiceId, type BulkContext } from './bulk';

describe('Xero emulator bulk invoices', () => {
  let emu: XeroEmulator;
  const BULK = 2_345;
  beforeAll(async () => {
    emu = await createXeroEmulator({ seed: 3, invoices: 30, contacts: 12, bulkInvoices: BULK });
  });
  afterAll(async () => {
    await emu.close();
  });

  const ledger = () =>
    createLedger({
      providers: { xero: xero({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, urls: { api: emu.urls.api, issuer: emu.urls.issuer, connections: emu.urls.connections }, rateLimits: { tenant: { perMinute: 1_000_000, perDay: 1_000_000 } } }) },
    });
  async function link(l: ReturnType<typeof ledger>) {
    const { authorizationUrl } = await l.link.start('xero');
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    const outcome = await l.link.complete('xero', res.headers.get('location')!);
    const id = outcome.status === 'choose-tenant' ? (await outcome.complete(emu.tenants[0]!.id)).connection.id : outcome.connection.id;
    return l.connection(id, 'xero');
  }

  it('is a pure function of (seed, index) with ids that decode back to their index', () => {
    const ctx: BulkContext = { seed: 9, count: 10, customers: [{ ContactID: 'c', Name: 'C' }], items: [{ Code: 'I', Name: 'Item' }], firstUpdatedMs: 1_000_000, baseMs: 2_000_000_000_000 };
    expect(bulkInvoice(ctx, 4)).toEqual(bulkInvoice(ctx, 4));
    expect(bulkInvoice(ctx, 4).InvoiceID).not.toBe(bulkInvoice(ctx, 5).InvoiceID);
    expect(bulkIndexOf(ctx, bulkInvoiceId(9, 7))).toBe(7);
    expect(bulkIndexOf(ctx, bulkInvoiceId(9, 10))).toBeUndefined(); // past the series
    expect(bulkIndexOf(ctx, bulkInvoiceId(8, 7))).toBeUndefined(); // another seed's series
    expect(bulkFirstSince(ctx, 1_000_000 + 3_500)).toBe(4);
    expect(bulkFirstSince(ctx, 0)).toBe(0);
    expect(bulkFirstSince(ctx, 1e15)).toBe(10);
  });

  it('totals are exact: lines sum to SubTotal, SubTotal + TotalTax = Total, tax is 20 % of each line', () => {
    const ctx: BulkContext = { seed: 5, count: 500, customers: [{ ContactID: 'c', Name: 'C' }], items: [{ Code: 'I', Name: 'Item' }], firstUpdatedMs: 0, baseMs: 2_000_000_000_000 };
    const pence = (n: unknown) => Math.round(Number(n) * 100);
    for (let i = 0; i < 500; i++) {
      const inv = bulkInvoice(ctx, i);
      const lines = inv.LineItems as Array<Record<string, unknown>>;
      expect(lines.reduce((s, l) => s + pence(l.LineAmount), 0)).toBe(pence(inv.SubTotal));
      expect(pence(inv.SubTotal) + pence(inv.TotalTax)).toBe(pence(inv.Total));
      for (const l of lines) expect(pence(l.LineAmount)).toBe(pence(l.UnitAmount) * Number(l.Quantity));
    }
  });

  it('a full sync delivers seeded + bulk sales invoices once each, all valid, and the store counts them', async () => {
    const l = ledger();
    const connection = await link(l);
    const seededSales = emu.store.list('Invoices').filter((i) => i.Type === 'ACCREC').length;
    expect(emu.store.count('Invoices', { Type: 'ACCREC' })).toBe(seededSales + BULK);
    expect(emu.store.count('Invoices', { Type: 'ACCPAY' })).toBe(emu.store.list('Invoices').filter((i) => i.Type === 'ACCPAY').length);
    const sink = countingSink();
    emu.log.length = 0;
    const result = await l.sync(connection, { dataTypes: ['invoices', 'bills'], sink, checkpointStore: new MemoryCheckpointStore() });
    expect(result.issueCount).toBe(0);
    expect(sink.counts.invoices?.records).toBe(seededSales + BULK);
    expect(result.types.invoices?.apiCalls).toBe(Math.ceil((seededSales + BULK) / 100));
    // Bills come from the same endpoint with another where clause: the bulk series is not in them.
    expect(sink.counts.bills?.records).toBe(emu.store.count('Invoices', { Type: 'ACCPAY' }));
  });

  it('If-Modified-Since selects only the bulk invoices updated since, and GET finds one by id', async () => {
    const l = ledger();
    const connection = await link(l);
    const all: string[] = [];
    for await (const inv of connection.invoices.list()) all.push(inv.sourceModifiedDate ?? '');
    // The 2,001st bulk invoice's instant: the read from it gets the last 345 bulk ones plus every seeded one.
    const since = all[2000]!;
    const seededSales = emu.store.list('Invoices').filter((i) => i.Type === 'ACCREC').length;
    let n = 0;
    for await (const inv of connection.invoices.list({ modifiedSince: since })) {
      expect(Date.parse(inv.sourceModifiedDate!)).toBeGreaterThanOrEqual(Date.parse(since));
      n++;
    }
    expect(n).toBe(BULK - 2000 + seededSales);
    const one = await connection.invoices.get(bulkInvoiceId(3, 42));
    expect(one.number).toBe('BULK-0000043');
    expect(one.totalAmount).toMatch(/^\d+\.\d{2}$/);
  });
});
