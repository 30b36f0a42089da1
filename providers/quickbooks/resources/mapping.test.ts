/**
 * Every QuickBooks mapper against the documented samples in ../shared/reference/quickbooks/doc-samples (the
 * reference wins over our own fixtures) plus own fixtures for the cases the samples lack (foreign currency without a
 * rate, void, CDC delete stubs, inactive names).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapRecord } from '../../../src/resources/map-record';
import type { DataType } from '../../../src/model/data-types';
import type { MapContext } from '../../../src/provider/types';
import { quickbooksProvider } from '../index';
import { qbTombstone } from './mappers';
import { reciprocal } from '../lib/values';

const REF = new URL('../../../../shared/reference/quickbooks/doc-samples/', import.meta.url);
const sample = (path: string, entity: string) => (JSON.parse(readFileSync(new URL(path, REF), 'utf8')) as Record<string, unknown>)[entity];
const ctx: MapContext = { provider: 'quickbooks', tenant: { id: '123145' }, baseCurrency: 'USD', includeRaw: false };

function map(type: DataType, raw: unknown) {
  const res = (quickbooksProvider.resources as Record<string, unknown>)[type];
  const out = mapRecord(type, res as never, raw, ctx);
  if (!out.ok) throw new Error(JSON.stringify(out.issue));
  return out.record as Record<string, unknown>;
}

describe('QuickBooks mappers on the documented samples', () => {
  it('maps the Invoice sample with exact amounts, a calendar date and a UTC instant', () => {
    const raw = sample('invoice/01-the-invoice-object-sample-object.json', 'Invoice') as Record<string, unknown>;
    const inv = map('invoices', raw);
    expect(inv.id).toBe(raw.Id);
    expect(inv.issueDate).toBe(raw.TxnDate);
    expect(inv.totalAmount).toBe(String(raw.TotalAmt));
    expect(inv.customerRef).toMatchObject({ id: (raw.CustomerRef as { value: string }).value });
    expect(String(inv.sourceModifiedDate)).toMatch(/Z$/);
    expect((inv.lineItems as unknown[]).length).toBeGreaterThan(0);
  });

  it.each([
    ['accounts', 'account/01-the-account-object-sample-response.json', 'Account'],
    ['bills', 'bill/01-the-bill-object-sample-object.json', 'Bill'],
    ['creditNotes', 'creditmemo/01-the-creditmemo-object-sample-object.json', 'CreditMemo'],
    ['billCreditNotes', 'vendorcredit/01-the-vendorcredit-object-sample-object.json', 'VendorCredit'],
    ['payments', 'payment/01-the-payment-object-sample-object.json', 'Payment'],
    ['billPayments', 'billpayment/01-the-billpayment-object-sample-object.json', 'BillPayment'],
    ['journalEntries', 'journalentry/01-the-journalentry-object-sample-object.json', 'JournalEntry'],
    ['items', 'item/01-the-item-object-sample-object.json', 'Item'],
    ['taxRates', 'taxrate/01-the-taxrate-object-sample-object.json', 'TaxRate'],
    ['trackingCategories', 'class/01-the-class-object-sample-object.json', 'Class'],
    ['company', 'companyinfo/01-the-companyinfo-object-sample-object.json', 'CompanyInfo'],
  ] as const)('maps the %s sample (%s)', (type, path, entity) => {
    const raw = sample(path, entity) as Record<string, unknown>;
    const rec = map(type, raw);
    expect(rec.id).toBe(raw.Id);
  });

  it('journal lines are signed: debits positive, credits negative, balancing to zero', () => {
    const je = map('journalEntries', sample('journalentry/01-the-journalentry-object-sample-object.json', 'JournalEntry'));
    const lines = je.lines as { netAmount: string }[];
    expect(lines.some((l) => l.netAmount.startsWith('-'))).toBe(true);
    expect(lines.some((l) => !l.netAmount.startsWith('-'))).toBe(true);
  });
});

describe('QuickBooks mappers on own fixtures', () => {
  const invoice = (extra: Record<string, unknown>) => ({
    Id: '7', SyncToken: '0', TxnDate: '2024-05-29', TotalAmt: 1234.5, Balance: 1234.5,
    CustomerRef: { value: '1', name: 'Amy' }, MetaData: { CreateTime: '2024-05-29T14:58:03-07:00', LastUpdatedTime: '2024-05-29T14:58:03-07:00' },
    Line: [{ Id: '1', Amount: 1234.5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { Qty: 3, UnitPrice: 411.5, ItemRef: { value: '2' } } }],
    ...extra,
  });

  it('normalises the offset timestamp to UTC and keeps money exact', () => {
    const inv = map('invoices', invoice({ TotalAmt: 0.1, Balance: 0.1, Line: [] }));
    expect(inv.sourceModifiedDate).toBe('2024-05-29T21:58:03.000Z');
    expect(inv.totalAmount).toBe('0.1');
    expect(inv.status).toBe('Open');
  });

  it('does not invent a rate of 1 for a foreign-currency document without ExchangeRate', () => {
    const inv = map('invoices', invoice({ CurrencyRef: { value: 'EUR' } }));
    expect(inv.currency).toBe('EUR');
    expect(inv.currencyRate).toBeUndefined();
  });

  it('inverts ExchangeRate (home per foreign) into document units per base unit', () => {
    const inv = map('invoices', invoice({ CurrencyRef: { value: 'EUR' }, ExchangeRate: 1.25 }));
    expect(inv.currencyRate).toBe('0.8');
    expect(reciprocal('3')).toBe('0.3333333333');
  });

  it('reads a void (amounts zeroed, note "Voided") as Void and partial payment as PartiallyPaid', () => {
    expect(map('invoices', invoice({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' })).status).toBe('Void');
    expect(map('invoices', invoice({ Balance: 1000 })).status).toBe('PartiallyPaid');
    expect(map('invoices', invoice({ Balance: 0 })).status).toBe('Paid');
  });

  it('an inactive customer is archived and isDeleted', () => {
    const c = map('customers', { Id: '5', DisplayName: 'Gone Ltd', Active: false, Balance: 0 });
    expect(c).toMatchObject({ status: 'Archived', isDeleted: true, name: 'Gone Ltd' });
  });

  it('a malformed record is an issue with its raw payload, not a crash', () => {
    const res = quickbooksProvider.resources.invoices;
    const raw = invoice({ TotalAmt: 'abc' });
    const out = mapRecord('invoices', res as never, raw, ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issue.raw).toBe(raw);
  });

  it('turns the CDC delete stub of the reference into a tombstone', () => {
    const cdc = JSON.parse(readFileSync(new URL('changedatacapture/02-get-a-list-of-changed-entities-response.json', REF), 'utf8')) as { CDCResponse: { QueryResponse: Record<string, unknown[]>[] }[] };
    const stub = cdc.CDCResponse[0]!.QueryResponse[1]!.Estimate![2];
    expect(qbTombstone(stub)).toEqual({ id: '979', deletedAt: '2015-12-23T20:55:50.000Z' });
    expect(qbTombstone({ Id: '1' })).toBeUndefined();
  });
});
