/**
 * Every Xero resource's mapping, through the core's map-and-validate step, on fixtures modelled on real Xero
 * responses (../fixtures, written for this project after the recorded bodies and the OpenAPI examples).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapRecord } from '../../../src/resources/map-record';
import type { DataType } from '../../../src/model/data-types';
import type { ResourceDefinition } from '../../../src/provider/types';
import { ConfigurationError } from '../../../src/errors';
import { xero, xeroProvider } from '../index';

const fixture = (name: string, key: string) =>
  (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown[]>)[key]!;
const resource = (t: DataType) => (xeroProvider.resources as Partial<Record<DataType, unknown>>)[t] as ResourceDefinition;

function mapAll(t: DataType, raws: unknown[]) {
  const res = resource(t);
  return raws
    .filter((r) => (res.filter ? res.filter(r) : true))
    .map((r) => {
      const out = mapRecord(t, res, r, { provider: 'xero', tenant: { id: 'org' }, includeRaw: false });
      if (!out.ok) throw new Error(out.issue.message);
      return out.record as Record<string, unknown> & { id: string };
    });
}
const byId = <T extends { id: string }>(xs: T[], suffix: string) => xs.find((x) => x.id.endsWith(suffix))!;

describe('Xero mapping', () => {
  const invoicesRaw = fixture('invoices.json', 'Invoices');

  it('invoices: statuses, allocations, currencies, tax treatment, exact amounts', () => {
    const invoices = mapAll('invoices', invoicesRaw.filter((r) => (r as { Type: string }).Type === 'ACCREC'));
    expect(byId(invoices, '101')).toMatchObject({
      status: 'PartiallyPaid',
      taxTreatment: 'Exclusive',
      totalAmount: '403.64',
      amountDue: '253.64',
      issueDate: '2026-03-02',
      customerRef: { id: expect.any(String) },
      allocations: [
        { kind: 'Payment', amount: '100' },
        { kind: 'CreditNote', amount: '40' },
        { kind: 'Overpayment', amount: '10' },
      ],
    });
    expect(byId(invoices, '102')).toMatchObject({ status: 'Paid', taxTreatment: 'Inclusive', amountDue: '0' });
    expect(byId(invoices, '103')).toMatchObject({ currency: 'USD', currencyRate: '0.6123', taxTreatment: 'NoTax', status: 'Open' });
    expect(byId(invoices, '104')).toMatchObject({ status: 'Draft', isDeleted: false });
    for (const inv of invoices) expect(inv.sourceModifiedDate).toMatch(/Z$/);
  });

  it('bills: voided and deleted ones are deletes, with their status kept', () => {
    const bills = mapAll('bills', invoicesRaw.filter((r) => (r as { Type: string }).Type === 'ACCPAY'));
    expect(byId(bills, '201')).toMatchObject({ status: 'Void', isDeleted: true, currency: 'AUD', currencyRate: '1.0834' });
    expect(byId(bills, '202')).toMatchObject({ status: 'Deleted', isDeleted: true });
    expect(byId(bills, '202').currencyRate).toBeUndefined();
    expect(byId(bills, '203').allocations).toEqual([
      expect.objectContaining({ kind: 'CreditNote', amount: '8.1' }),
      expect.objectContaining({ kind: 'Prepayment', amount: '80' }),
    ]);
    expect(byId(bills, '204')).toMatchObject({ status: 'Submitted', supplierRef: { id: expect.any(String) } });
  });

  it('an invoice is refused as a bill and vice versa (a wrong where filter is reported, not mis-filed)', () => {
    const accrec = invoicesRaw.find((r) => (r as { Type: string }).Type === 'ACCREC');
    const out = mapRecord('bills', resource('bills'), accrec, { provider: 'xero', tenant: { id: 'o' }, includeRaw: true });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issue).toMatchObject({ kind: 'mapping', raw: accrec });
  });

  it('an impossible value becomes an issue carrying the raw record', () => {
    const broken = { ...(invoicesRaw[0] as object), AmountDue: 'abc' };
    const out = mapRecord('invoices', resource('invoices'), broken, { provider: 'xero', tenant: { id: 'o' }, includeRaw: false });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issue.message).toContain('AmountDue');
    const badDate = { ...(invoicesRaw[0] as object), Date: '/Date(nonsense)/' };
    expect(mapRecord('invoices', resource('invoices'), badDate, { provider: 'xero', tenant: { id: 'o' }, includeRaw: false }).ok).toBe(false);
  });

  it('credit notes and bill credit notes', () => {
    const raws = fixture('credit-notes.json', 'CreditNotes');
    const credits = mapAll('creditNotes', raws.filter((r) => (r as { Type: string }).Type === 'ACCRECCREDIT'));
    const billCredits = mapAll('billCreditNotes', raws.filter((r) => (r as { Type: string }).Type === 'ACCPAYCREDIT'));
    expect(credits).toHaveLength(3);
    expect(billCredits).toHaveLength(1);
    for (const c of credits) expect(c.customerRef).toBeDefined();
    expect(credits.some((c) => (c.allocations as Array<{ kind: string }>).some((a) => a.kind === 'Invoice'))).toBe(true);
  });

  it('contacts split into customers and suppliers; a contact with neither flag is a customer; archived → deleted', () => {
    const raws = fixture('contacts.json', 'Contacts');
    const customers = mapAll('customers', raws);
    const suppliers = mapAll('suppliers', raws);
    expect(customers.map((c) => c.name)).toEqual(['Kowhai Cafe Ltd', 'Tasman Freight', 'New Lead Without Transactions', 'Closed Customer Ltd']);
    expect(suppliers.map((c) => c.name)).toEqual(['Southern Paper Co', 'Tasman Freight', 'Redacted']);
    expect(byId(customers, '005')).toMatchObject({ status: 'Archived', isDeleted: true });
  });

  it('payments split by PaymentType', () => {
    const raws = fixture('payments.json', 'Payments');
    const payments = mapAll('payments', raws);
    const billPayments = mapAll('billPayments', raws);
    expect(payments.length + billPayments.length).toBe(raws.length);
    expect(payments[0]).toMatchObject({ amount: '100', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), status: 'Authorised', lines: [{ kind: 'Invoice' }] });
    for (const p of billPayments) expect(['Authorised', 'Deleted']).toContain(p.status);
  });

  it('bank transactions are signed by direction', () => {
    const bt = mapAll('bankTransactions', fixture('bank-transactions.json', 'BankTransactions'));
    expect(bt.map((b) => [b.direction, b.amount, b.status])).toEqual([
      ['Spend', '-15', 'Authorised'],
      ['Receive', '46.01', 'Authorised'],
      ['Spend', '-46', 'Deleted'],
      ['Receive', '25', 'Authorised'],
      ['Spend', '-500', 'Authorised'],
    ]);
  });

  it('manual journals keep signed line amounts exactly', () => {
    const [j] = mapAll('journalEntries', fixture('manual-journals.json', 'ManualJournals'));
    expect((j!.lines as Array<{ netAmount: string }>).map((l) => l.netAmount)).toEqual(['1250.45', '-1250.45']);
    expect(j).toMatchObject({ status: 'Posted', date: '2026-03-31', taxTreatment: 'NoTax' });
  });

  it('reference data: organisation, accounts, bank accounts, items, tax rates, tracking categories', () => {
    const [company] = mapAll('company', fixture('organisation.json', 'Organisations'));
    expect(company).toMatchObject({ name: 'Harbour Lights Trading', baseCurrency: 'NZD', financialYearEndMonth: 3, periodLockDate: '2024-03-31', createdDate: '2019-01-01T00:00:00.123Z' });
    const accounts = mapAll('accounts', fixture('accounts.json', 'Accounts'));
    expect(accounts.find((a) => a.code === '090')).toMatchObject({ classification: 'Asset', isBankAccount: true, status: 'Active' });
    const banks = mapAll('bankAccounts', fixture('accounts.json', 'Accounts').filter((a) => (a as { Type: string }).Type === 'BANK'));
    expect(banks.length).toBe(3);
    const items = mapAll('items', fixture('items.json', 'Items'));
    expect(items[0]).toMatchObject({ code: 'ROPE-12', isSold: true, isBought: true, invoiceDetails: { unitPrice: '125.5' }, billDetails: { unitPrice: '61.2' } });
    const rates = mapAll('taxRates', fixture('tax-rates.json', 'TaxRates'));
    expect(rates[0]).toMatchObject({ id: 'OUTPUT2', effectiveTaxRate: '15', components: [{ name: 'GST', rate: '15' }] });
    const tracking = mapAll('trackingCategories', fixture('tracking-categories.json', 'TrackingCategories'));
    expect(tracking[0]).toMatchObject({ name: 'Region', hasChildren: true });
    expect((tracking[0]!.options as Array<{ status: string }>).map((o) => o.status)).toContain('Archived');
  });
});

describe('Xero descriptor', () => {
  it('is valid and binds a config', () => {
    const p = xero({ clientId: 'id', clientSecret: 'secret', redirectUri: 'https://app.example/cb', rateLimits: { tenant: { perDay: 1000 } } });
    expect(p.rateLimits.tenant).toEqual({ maxConcurrent: 5, perMinute: 60, perDay: 1000 });
    expect(p.rateLimits.app).toEqual({ perMinute: 10_000 });
    expect(p.scopes).toContain('offline_access');
    expect(p.scopes).toContain('accounting.invoices.read');
    expect(xero({ clientId: 'id', clientSecret: 's', redirectUri: 'https://a.example/cb', scopes: 'legacy' }).scopes).toContain('accounting.transactions');
  });
  it('rejects a bad config before any HTTP call', () => {
    expect(() => xero({ clientId: '', clientSecret: 's', redirectUri: 'https://a.example/cb' })).toThrow(ConfigurationError);
    expect(() => xero({ clientId: 'i', clientSecret: 's', redirectUri: 'not a url' })).toThrow(ConfigurationError);
    expect(() => xero({ clientId: 'i', clientSecret: 's', redirectUri: 'https://a.example/cb', scopes: 'nope' })).toThrow(/unknown scope set/);
    expect(() => xero({ clientId: 'i', clientSecret: 's', redirectUri: 'https://a.example/cb', environment: 'sandbox' })).toThrow(/unknown environment/);
  });
  it('sends the tenant header and reads every list with If-Modified-Since where Xero accepts it', () => {
    expect(xeroProvider.tenantHeaders!({ id: 'abc' })).toEqual({ 'xero-tenant-id': 'abc' });
    expect(resource('invoices').incremental).toMatchObject({ type: 'header', header: 'If-Modified-Since' });
    expect(resource('taxRates').incremental.type).toBe('none');
  });
});
