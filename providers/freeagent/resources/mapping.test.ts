/**
 * FreeAgent mappers: fixtures modelled on the saved doc examples (invoices with nested items, P&L summary, trial
 * balance summary) and the Postman request bodies, each mapped and validated through the core's `mapRecord`.
 */
import { describe, expect, it } from 'vitest';
import { mapRecord } from '../../../src/resources/map-record';
import type { DataType } from '../../../src/model/data-types';
import type { MapContext, ResourceDefinition } from '../../../src/provider/types';
import { freeagentProvider } from '../index';
import { classifyNominalCode, documentStatus, selectCategories } from './mappers';
import { idFromUrl } from '../lib/values';

const ctx: MapContext = { provider: 'freeagent', tenant: { id: 'acme' }, includeRaw: false, baseCurrency: 'GBP' };
const map = (type: DataType, raw: unknown) => {
  const out = mapRecord(type, (freeagentProvider.resources as Record<string, unknown>)[type] as ResourceDefinition, raw, ctx);
  if (!out.ok) throw new Error(`${type}: ${out.issue.message} ${JSON.stringify(out.issue.issues)}`);
  return out.record as Record<string, unknown>;
};

/** The doc example `invoices-list-nested-items.json`, verbatim. */
const DOC_INVOICE = {
  url: 'https://api.freeagent.com/v2/invoices/1',
  contact: 'https://api.freeagent.com/v2/contacts/2',
  dated_on: '2011-08-29',
  due_on: '2011-09-28',
  reference: '001',
  currency: 'GBP',
  exchange_rate: '1.0',
  net_value: '0.0',
  sales_tax_value: '0.0',
  total_value: '200.0',
  paid_value: '50.0',
  due_value: '150.0',
  status: 'Open',
  long_status: 'Open – due in about 1 month',
  comments: 'An example invoice comment.',
  omit_header: false,
  always_show_bic_and_iban: false,
  send_thank_you_emails: false,
  send_reminder_emails: false,
  send_new_invoice_emails: false,
  bank_account: 'https://api.freeagent.com/v2/bank_accounts/1',
  payment_terms_in_days: 30,
  ec_status: 'EC Goods',
  payment_methods: { paypal: true, stripe: false },
  created_at: '2011-08-29T00:00:00Z',
  updated_at: '2011-08-29T00:00:00Z',
  invoice_items: [{ description: 'Test InvoiceItem', item_type: 'Hours', price: '0.0', quantity: '0.0' }],
};

describe('FreeAgent ids from URLs', () => {
  it.each([
    ['https://api.freeagent.com/v2/invoices/1', '1'],
    ['https://api.freeagent.com/v2/contacts/2/', '2'],
    ['https://api.freeagent.com/v2/categories/750', '750'],
    ['https://api.sandbox.freeagent.com/v2/bank_accounts/10?x=1', '10'],
  ])('%s → %s', (url, id) => expect(idFromUrl(url)).toBe(id));
  it('refuses an empty URL', () => expect(() => idFromUrl('')).toThrow());
});

describe('FreeAgent invoice mapping (doc example)', () => {
  it('maps the documented invoice exactly, amounts as decimal strings', () => {
    const inv = map('invoices', DOC_INVOICE);
    expect(inv).toMatchObject({
      id: '1',
      customerRef: { id: '2' },
      number: '001',
      issueDate: '2011-08-29',
      dueDate: '2011-09-28',
      currency: 'GBP',
      currencyRate: '1.0',
      subTotal: '0.0',
      totalTaxAmount: '0.0',
      totalAmount: '200.0',
      amountPaid: '50.0',
      amountDue: '150.0',
      status: 'PartiallyPaid',
      note: 'An example invoice comment.',
      sourceModifiedDate: '2011-08-29T00:00:00.000Z',
      createdDate: '2011-08-29T00:00:00.000Z',
      isDeleted: false,
    });
    expect(inv.lineItems).toEqual([{ description: 'Test InvoiceItem', quantity: '0.0', unitAmount: '0.0', tracking: [] }]);
  });

  it('a cancelled invoice is Void and deleted; written-off is Void', () => {
    expect(map('invoices', { ...DOC_INVOICE, status: 'Cancelled' })).toMatchObject({ status: 'Void', isDeleted: true });
    expect(map('invoices', { ...DOC_INVOICE, status: 'Written-off' })).toMatchObject({ status: 'Void', isDeleted: false });
  });

  it('an invoice without a contact is an issue, not a record', () => {
    const { contact: _c, ...rest } = DOC_INVOICE;
    const out = mapRecord('invoices', freeagentProvider.resources.invoices as ResourceDefinition, rest, ctx);
    expect(out.ok).toBe(false);
  });

  it.each([
    ['Draft', '0', '10', 'Draft'],
    ['Open', '0', '10', 'Open'],
    ['Overdue', '4', '10', 'PartiallyPaid'],
    ['Paid', '10', '10', 'Paid'],
    ['Scheduled To Email', '0', '10', 'Submitted'],
    ['Cancelled', '0', '10', 'Void'],
    ['Mystery', '0', '10', 'Unknown'],
  ])('status %s (paid %s of %s) → %s', (s, paid, total, want) => expect(documentStatus(s, paid, total)).toBe(want));
});

describe('FreeAgent other records', () => {
  it('bill from the Postman body shape, with one line from category/total when no items', () => {
    const bill = map('bills', { url: 'https://api.freeagent.com/v2/bills/6', contact: 'https://api.freeagent.com/v2/contacts/1', reference: 'Bill ref 01', dated_on: '2015-10-17', due_on: '2015-11-17', category: 'https://api.freeagent.com/v2/categories/285', total_value: '300', paid_value: '0.0', due_value: '300', status: 'Open', updated_at: '2015-10-17T10:00:00Z' });
    expect(bill).toMatchObject({ id: '6', supplierRef: { id: '1' }, totalAmount: '300', amountDue: '300', status: 'Open' });
    expect(bill.lineItems).toEqual([{ description: 'Bill ref 01', subTotal: '300', accountRef: { id: '285' }, tracking: [] }]);
  });

  it('credit note values are negative at FreeAgent and positive in canonical', () => {
    const cn = map('creditNotes', { url: 'https://api.freeagent.com/v2/credit_notes/3', contact: 'https://api.freeagent.com/v2/contacts/43', dated_on: '2020-02-01', currency: 'GBP', net_value: '-300.0', sales_tax_value: '-60.0', total_value: '-360.0', paid_value: '0.0', due_value: '-360.0', status: 'Open', credit_note_items: [{ description: 'Credit Note Item 1', price: '-100.0', quantity: '3.0' }] });
    expect(cn).toMatchObject({ id: '3', customerRef: { id: '43' }, totalAmount: '360.0', subTotal: '300.0', totalTaxAmount: '60.0', remainingCredit: '360.0', status: 'Open' });
    expect((cn.lineItems as Array<{ unitAmount: string }>)[0]!.unitAmount).toBe('100.0');
  });

  it('contacts are customers and suppliers; organisation name wins, person is contactName', () => {
    const raw = { url: 'https://api.freeagent.com/v2/contacts/9', first_name: 'Frederick', last_name: 'Testington', organisation_name: 'Testington & Sons', email: 'fred@testingtonandsons.example.com', country: 'France', status: 'Hidden', updated_at: '2020-01-01T00:00:00Z' };
    for (const t of ['customers', 'suppliers'] as const) {
      expect(map(t, raw)).toMatchObject({ id: '9', name: 'Testington & Sons', contactName: 'Frederick Testington', emailAddress: 'fred@testingtonandsons.example.com', status: 'Archived', isDeleted: true, addresses: [{ type: 'Billing', country: 'France' }] });
    }
    expect(map('customers', { url: 'https://api.freeagent.com/v2/contacts/10', first_name: 'Ann', last_name: 'Lee' })).toMatchObject({ name: 'Ann Lee', status: 'Active', isDeleted: false });
  });

  it('categories grouped by kind are flattened and classified', () => {
    const body = {
      admin_expenses_categories: [{ url: 'https://api.freeagent.com/v2/categories/285', description: 'Accommodation and Meals', nominal_code: '285', allowable_for_tax: true }],
      income_categories: [{ url: 'https://api.freeagent.com/v2/categories/001', description: 'Sales', nominal_code: '001' }],
      general_categories: [{ url: 'https://api.freeagent.com/v2/categories/796', description: 'Trade Creditors', nominal_code: '796' }, { url: 'https://api.freeagent.com/v2/categories/901', description: 'Capital introduced', nominal_code: '901' }],
      cost_of_sales_categories: [{ url: 'https://api.freeagent.com/v2/categories/101', description: 'Cost of sales', nominal_code: '101' }],
    };
    const rows = selectCategories(body).map((r) => map('accounts', r));
    expect(rows.map((r) => [r.id, r.classification, r.type])).toEqual([
      ['285', 'Expense', 'admin_expenses'],
      ['001', 'Income', 'income'],
      ['796', 'Liability', 'general'],
      ['901', 'Equity', 'general'],
      ['101', 'Expense', 'cost_of_sales'],
    ]);
    expect(classifyNominalCode('815')).toBe('Liability');
    expect(classifyNominalCode('750-65345')).toBe('Asset');
  });

  it('bank account, bank transaction and explanations (payments / bill payments)', () => {
    expect(map('bankAccounts', { url: 'https://api.freeagent.com/v2/bank_accounts/1', opening_balance: '0.0', type: 'StandardBankAccount', name: 'Default bank account', is_personal: false, status: 'active', currency: 'GBP', current_balance: '1234.56' })).toMatchObject({ id: '1', type: 'Bank', status: 'Active', balance: '1234.56' });
    expect(map('bankTransactions', { url: 'https://api.freeagent.com/v2/bank_transactions/8', bank_account: 'https://api.freeagent.com/v2/bank_accounts/1', dated_on: '2010-05-01', amount: '-730.0', unexplained_amount: '0.0', description: 'x' })).toMatchObject({ id: '8', bankAccountRef: { id: '1' }, amount: '-730.0', direction: 'Spend', isReconciled: true });
    const exp = { url: 'https://api.freeagent.com/v2/bank_transaction_explanations/5', bank_transaction: 'https://api.freeagent.com/v2/bank_transactions/8', bank_account: 'https://api.freeagent.com/v2/bank_accounts/1', dated_on: '2010-05-01', description: 'Payment', gross_value: '150.0', paid_invoice: 'https://api.freeagent.com/v2/invoices/1' };
    expect(map('payments', exp)).toMatchObject({ id: '5', date: '2010-05-01', amount: '150.0', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id: '1' }, amount: '150.0' }] });
    const { paid_invoice: _p, ...billExp } = { ...exp, gross_value: '-730.0', paid_bill: 'https://api.freeagent.com/v2/bills/6' };
    expect(map('billPayments', billExp)).toMatchObject({ amount: '730.0', lines: [{ kind: 'Bill', ref: { id: '6' }, amount: '730.0' }] });
    const payments = freeagentProvider.resources.payments;
    expect(payments.filter?.(exp)).toBe(true);
    expect(payments.filter?.(billExp)).toBe(false);
  });

  it('journal set from the Postman body balances (debit_value signed)', () => {
    const j = map('journalEntries', { url: 'https://api.freeagent.com/v2/journal_sets/1', dated_on: '2011-07-28', description: 'An example journal set', tag: 'MYAPPTAG', journal_entries: [{ url: 'https://api.freeagent.com/v2/journal_entries/1', category: 'https://api.freeagent.com/v2/categories/001', description: 'A Sales Correction', debit_value: '-123.45' }, { url: 'https://api.freeagent.com/v2/journal_entries/2', category: 'https://api.freeagent.com/v2/categories/901', user: 'https://api.freeagent.com/v2/users/1', description: "Director's Capital Introduced", debit_value: '123.45' }] });
    expect(j).toMatchObject({ id: '1', reference: 'MYAPPTAG', date: '2011-07-28', status: 'Posted' });
    expect((j.lines as Array<{ id: string; accountRef: { id: string }; netAmount: string }>).map((l) => [l.id, l.accountRef.id, l.netAmount])).toEqual([['1', '001', '-123.45'], ['2', '901', '123.45']]);
  });

  it('company: tenant id from subdomain, financial year from first_accounting_year_end', () => {
    const c = map('company', { url: 'https://api.freeagent.com/v2/company', name: 'Acme Ltd', subdomain: 'acme', type: 'UkLimitedCompany', currency: 'GBP', first_accounting_year_end: '2012-03-31', company_registration_number: '123456' });
    expect(c).toMatchObject({ id: 'acme', name: 'Acme Ltd', baseCurrency: 'GBP', financialYearEndMonth: 3, financialYearEndDay: 31, financialYearStartMonth: 4, financialYearStartDay: 1, registrationNumber: '123456' });
  });

  it('price list item', () => {
    expect(map('items', { url: 'https://api.freeagent.com/v2/price_list_items/4', code: 'CONS', description: 'Consulting', price: '95.50', item_type: 'Hours' })).toMatchObject({ id: '4', code: 'CONS', name: 'Consulting', type: 'Service', isSold: true, invoiceDetails: { unitPrice: '95.50' } });
  });
});
