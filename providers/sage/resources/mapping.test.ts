/**
 * Sage mappers on fixtures modelled on the v3.1 Swagger definitions (field names verbatim: `SalesInvoice`,
 * `Contact`, `ContactPayment`, …), run through the core's `mapRecord`, so the canonical schemas validate the output.
 */
import { describe, expect, it } from 'vitest';
import { mapRecord } from '../../../src/resources/map-record';
import type { DataType } from '../../../src/model/data-types';
import type { MapContext } from '../../../src/provider/types';
import { sageProvider } from '../index';
import { toServiceItem, toTombstone } from './mappers';

const BIZ = '0d40342d0287cd6b13555c54afca6c90';
const ctx: MapContext = {
  provider: 'sage',
  tenant: { id: BIZ, name: 'Business One', region: 'GB', metadata: { address_line_1: '1 High St', city: 'Newcastle', postal_code: 'NE1 1AA', telephone: '0191 000', website: 'https://b1.example', is_demo: 'false' } },
  baseCurrency: 'GBP',
  includeRaw: false,
};
const r = (id: string, displayed_as: string, path = `/x/${id}`) => ({ id, displayed_as, $path: path });
const hex = (n: number) => n.toString(16).padStart(32, '0');

function map(type: DataType, raw: unknown, c: MapContext = ctx) {
  const res = (sageProvider.resources as Record<string, unknown>)[type];
  const out = mapRecord(type, res as never, raw, c);
  if (!out.ok) throw new Error(JSON.stringify(out.issue));
  return out.record as Record<string, unknown>;
}
function mapFails(type: DataType, raw: unknown) {
  const res = (sageProvider.resources as Record<string, unknown>)[type];
  return mapRecord(type, res as never, raw, ctx).ok === false;
}

const invoice = (over: Record<string, unknown> = {}) => ({
  id: hex(1),
  displayed_as: 'SI-1',
  $path: `/sales_invoices/${hex(1)}`,
  created_at: '2026-01-05T09:00:00Z',
  updated_at: '2026-01-06T10:11:12+01:00',
  transaction_type: r('SALES_INVOICE', 'Sales Invoice'),
  contact: r(hex(2), 'Acme Ltd (ACME001)', `/contacts/${hex(2)}`),
  invoice_number: 'SI-1',
  reference: 'PO 77',
  date: '2026-01-05',
  due_date: '2026-02-04',
  main_address: { address_line_1: '1 Road', city: 'Leeds', postal_code: 'LS1', country: r('GB', 'United Kingdom (GB)') },
  notes: 'Thanks',
  net_amount: 100.1,
  tax_amount: 20.02,
  total_amount: 120.12,
  total_paid: 20,
  outstanding_amount: 100.12,
  currency: r('GBP', 'Pound Sterling (GBP)'),
  exchange_rate: 1,
  status: r('PART_PAID', 'Part Paid'),
  invoice_lines: [
    { id: hex(3), displayed_as: 'Consulting', description: 'Consulting', ledger_account: r(hex(4), 'Sales Type A (4000)'), quantity: 1.5, unit_price: 66.733333, net_amount: 100.1, tax_rate: r('GB_STANDARD', 'Standard 20.00%'), tax_amount: 20.02, total_amount: 120.12, unit_price_includes_tax: false, product: r(hex(5), 'Widget') },
  ],
  payments_allocations: [{ date: '2026-01-10', type: 'Receipt', amount: 20, contact_payment: r(hex(6), 'Receipt', `/contact_payments/${hex(6)}`) }],
  ...over,
});

describe('Sage document mappers', () => {
  it('maps a sales invoice: exact amounts, dates, UTC instants, lines, allocations, address', () => {
    const inv = map('invoices', invoice());
    expect(inv).toMatchObject({
      id: hex(1),
      number: 'SI-1',
      reference: 'PO 77',
      customerRef: { id: hex(2), name: 'Acme Ltd (ACME001)' },
      issueDate: '2026-01-05',
      dueDate: '2026-02-04',
      sourceModifiedDate: '2026-01-06T09:11:12.000Z',
      createdDate: '2026-01-05T09:00:00.000Z',
      currency: 'GBP',
      currencyRate: '1',
      subTotal: '100.1',
      totalTaxAmount: '20.02',
      totalAmount: '120.12',
      amountPaid: '20',
      amountDue: '100.12',
      status: 'PartiallyPaid',
      isDeleted: false,
      taxTreatment: 'Exclusive',
      note: 'Thanks',
      billingAddress: { type: 'Billing', line1: '1 Road', city: 'Leeds', postalCode: 'LS1', countryCode: 'GB' },
    });
    expect(inv.lineItems).toEqual([
      { id: hex(3), description: 'Consulting', quantity: '1.5', unitAmount: '66.733333', subTotal: '100.1', taxAmount: '20.02', totalAmount: '120.12', accountRef: { id: hex(4), name: 'Sales Type A (4000)' }, itemRef: { id: hex(5), name: 'Widget' }, taxRateRef: { id: 'GB_STANDARD', name: 'Standard 20.00%' }, tracking: [] },
    ]);
    expect(inv.allocations).toEqual([{ kind: 'Payment', ref: { id: hex(6), name: 'Receipt' }, amount: '20', date: '2026-01-10' }]);
  });

  it.each([
    ['DRAFT', 'Draft', false],
    ['UNPAID', 'Open', false],
    ['PART_PAID', 'PartiallyPaid', false],
    ['PAID', 'Paid', false],
    ['VOID', 'Void', true],
    ['SOMETHING_NEW', 'Unknown', false],
  ])('status %s → %s (isDeleted %s)', (id, status, deleted) => {
    expect(map('invoices', invoice({ status: r(id, id) }))).toMatchObject({ status, isDeleted: deleted });
  });

  it('a voided invoice keeps its void_reason in the note', () => {
    expect(map('invoices', invoice({ status: r('VOID', 'Void'), notes: null, void_reason: 'Raised twice' }))).toMatchObject({ status: 'Void', isDeleted: true, note: 'Voided: Raised twice' });
  });

  it('a paid invoice has its paidOnDate from last_paid', () => {
    expect(map('invoices', invoice({ status: r('PAID', 'Paid'), last_paid: '2026-01-20', outstanding_amount: 0 }))).toMatchObject({ paidOnDate: '2026-01-20', amountDue: '0' });
  });

  it('foreign currency: exchange_rate is the rate; quoted decimals are accepted exactly', () => {
    const inv = map('invoices', invoice({ currency: r('EUR', 'Euro (EUR)'), exchange_rate: 1.1634, total_amount: '0.30000000000000004', net_amount: 0.1 }));
    expect(inv).toMatchObject({ currency: 'EUR', currencyRate: '1.1634', totalAmount: '0.30000000000000004', subTotal: '0.1' });
  });

  it('an impossible date or amount is an issue, never a silent default', () => {
    expect(mapFails('invoices', invoice({ date: 'not-a-date' }))).toBe(true);
    expect(mapFails('invoices', invoice({ total_amount: 'twelve' }))).toBe(true);
    expect(mapFails('invoices', invoice({ contact: null }))).toBe(true);
  });

  it('maps a purchase invoice: reference is the number, vendor_reference the reference', () => {
    const bill = map('bills', { ...invoice(), invoice_number: undefined, $path: `/purchase_invoices/${hex(1)}`, reference: 'SUP-INV-9', vendor_reference: 'V-REF', status: r('UNPAID', 'Unpaid') });
    expect(bill).toMatchObject({ number: 'SUP-INV-9', reference: 'V-REF', supplierRef: { id: hex(2) }, status: 'Open' });
  });

  it('credit notes: outstanding_amount is the remaining credit; fully used → Paid', () => {
    const raw = { ...invoice(), invoice_lines: undefined, credit_note_lines: invoice().invoice_lines, credit_note_number: 'SCN-1', status: r('UNPAID', 'Unpaid'), outstanding_amount: 0, last_paid: '2026-01-12' };
    expect(map('creditNotes', raw)).toMatchObject({ number: 'SCN-1', remainingCredit: '0', status: 'Paid', allocatedOnDate: '2026-01-12', customerRef: { id: hex(2) } });
    expect(map('creditNotes', { ...raw, outstanding_amount: 5 })).toMatchObject({ remainingCredit: '5', status: 'Open' });
    expect(map('billCreditNotes', { ...raw, reference: 'PCN-1' })).toMatchObject({ number: 'PCN-1', supplierRef: { id: hex(2) }, status: 'Paid' });
  });
});

describe('Sage payments, journals, bank transactions', () => {
  const receipt = {
    id: hex(10),
    displayed_as: 'Receipt',
    $path: `/contact_payments/${hex(10)}`,
    updated_at: '2026-01-10T00:00:00Z',
    transaction_type: r('CUSTOMER_RECEIPT', 'Customer Receipt'),
    payment_method: r('BANK_TRANSFER', 'Bank Transfer'),
    contact: r(hex(2), 'Acme Ltd'),
    bank_account: r(hex(11), 'Current (1200)'),
    date: '2026-01-10',
    total_amount: 150.5,
    currency: r('GBP', 'Pound Sterling'),
    exchange_rate: 1,
    reference: 'BACS',
    allocated_artefacts: [
      { id: hex(12), artefact: r(hex(1), 'SI-1', `/sales_invoices/${hex(1)}`), amount: 120.12 },
      { id: hex(13), artefact: r(hex(14), 'SCN-1', `/sales_credit_notes/${hex(14)}`), amount: -10 },
    ],
    payment_on_account: { id: hex(15), displayed_as: 'POA', total_amount: 40.38 },
  };

  it('a customer receipt → payment with artefact lines and the amount on account', () => {
    expect(map('payments', receipt)).toMatchObject({
      id: hex(10),
      date: '2026-01-10',
      amount: '150.5',
      currency: 'GBP',
      currencyRate: '1',
      customerRef: { id: hex(2) },
      accountRef: { id: hex(11) },
      paymentMethodRef: { id: 'BANK_TRANSFER' },
      reference: 'BACS',
      lines: [
        { kind: 'Invoice', ref: { id: hex(1), name: 'SI-1' }, amount: '120.12' },
        { kind: 'CreditNote', ref: { id: hex(14) }, amount: '-10' },
      ],
      unallocatedAmount: '40.38',
      status: 'Authorised',
      providerType: 'CUSTOMER_RECEIPT',
    });
  });

  it('payments keep customer types only, bill payments vendor types only', () => {
    const pay = sageProvider.resources.payments!;
    const billPay = sageProvider.resources.billPayments!;
    const vendor = { ...receipt, transaction_type: r('VENDOR_PAYMENT', 'Vendor Payment') };
    expect([pay.filter!(receipt), pay.filter!(vendor)]).toEqual([true, false]);
    expect([billPay.filter!(receipt), billPay.filter!(vendor)]).toEqual([false, true]);
    expect(billPay.filter!({ ...receipt, transaction_type: r('VENDOR_REFUND', 'x') })).toBe(true);
    expect(map('billPayments', vendor)).toMatchObject({ supplierRef: { id: hex(2) } });
  });

  it('customers and suppliers are split by contact_types (and the server-side contact_type_id)', () => {
    const c = sageProvider.resources.customers!;
    const s = sageProvider.resources.suppliers!;
    const both = { contact_types: [r('CUSTOMER', 'Customer'), r('VENDOR', 'Supplier')] };
    expect([c.filter!(both), s.filter!(both), c.filter!({ contact_types: [r('VENDOR', 'x')] })]).toEqual([true, true, false]);
    expect(c.query!({})).toMatchObject({ contact_type_id: 'CUSTOMER', attributes: 'all', show_balance: 'true' });
    expect(s.query!({})).toMatchObject({ contact_type_id: 'VENDOR' });
  });

  it('a journal: debit − credit per line, exactly', () => {
    const j = map('journalEntries', {
      id: hex(20),
      displayed_as: 'JNL-1',
      updated_at: '2026-01-02T00:00:00Z',
      date: '2026-01-02',
      reference: 'JNL-1',
      description: 'Accrual',
      total: 0.3,
      journal_lines: [
        { id: hex(21), ledger_account: r(hex(4), 'Sales'), details: 'a', debit: 0.1, credit: 0 },
        { id: hex(22), ledger_account: r(hex(4), 'Sales'), details: 'b', debit: 0.2, credit: 0 },
        { id: hex(23), ledger_account: r(hex(24), 'Accruals'), details: 'c', debit: 0, credit: 0.3 },
      ],
    });
    expect((j.lines as { netAmount: string }[]).map((l) => l.netAmount)).toEqual(['0.1', '0.2', '-0.3']);
    expect(j).toMatchObject({ status: 'Posted', reference: 'JNL-1', description: 'Accrual' });
  });

  it.each([
    ['OTHER_RECEIPT', 'Receive', '60'],
    ['OTHER_PAYMENT', 'Spend', '-60'],
  ])('other payment %s → %s with signed amount %s', (type, direction, amount) => {
    const t = map('bankTransactions', {
      id: hex(30),
      displayed_as: 'x',
      transaction_type: r(type, type),
      bank_account: r(hex(11), 'Current'),
      contact: r(hex(2), 'Acme'),
      date: '2026-01-03',
      net_amount: 50,
      tax_amount: 10,
      total_amount: 60,
      reference: 'REF',
      payment_lines: [{ id: hex(31), ledger_account: r(hex(40), 'Office costs'), details: 'Paper', tax_rate: r('GB_STANDARD', '20%'), net_amount: 50, tax_amount: 10, total_amount: 60 }],
    });
    expect(t).toMatchObject({ direction, amount, subTotal: '50', totalTaxAmount: '10', bankAccountRef: { id: hex(11) }, contactRef: { id: hex(2) }, providerType: type });
    expect(t.lines).toEqual([{ id: hex(31), description: 'Paper', amount: '50', taxAmount: '10', accountRef: { id: hex(40), name: 'Office costs' }, taxRateRef: { id: 'GB_STANDARD', name: '20%' }, tracking: [] }]);
  });
});

describe('Sage reference data', () => {
  it('ledger account: nominal code, classification by type, control account, archived when out of the chart', () => {
    const a = map('accounts', { id: hex(50), displayed_as: 'Debtors Control (1100)', name: 'Debtors Control', nominal_code: 1100, ledger_account_type: r('CURRENT_ASSETS', 'Current Assets'), is_control_account: true, control_name: 'DEBTORS', included_in_chart: true, updated_at: '2026-01-01T00:00:00Z' });
    expect(a).toMatchObject({ code: '1100', name: 'Debtors Control', classification: 'Asset', type: 'CURRENT_ASSETS', status: 'Active', isSystemAccount: true, systemAccountType: 'DEBTORS', isBankAccount: false });
    expect(map('accounts', { id: hex(51), displayed_as: 'Bank', ledger_account_type: r('BANK', 'Bank'), included_in_chart: false })).toMatchObject({ name: 'Bank', classification: 'Asset', isBankAccount: true, status: 'Archived', isDeleted: false });
    expect(map('accounts', { id: hex(52), displayed_as: 'x', ledger_account_type: r('SALES', 'Sales') })).toMatchObject({ classification: 'Income' });
    expect(map('accounts', { id: hex(53), displayed_as: 'x', ledger_account_type: r('WHO_KNOWS', '?') })).toMatchObject({ classification: 'Unknown' });
  });

  it('contact: email, phones, addresses, bank details, credit terms, default accounts by side', () => {
    const raw = {
      id: hex(2),
      displayed_as: 'Acme Ltd (ACME001)',
      name: 'Acme Ltd',
      reference: 'ACME001',
      contact_types: [r('CUSTOMER', 'Customer')],
      email: 'ap@acme.example',
      main_address: { address_line_1: '1 Road', city: 'Leeds', postal_code: 'LS1', country: r('GB', 'United Kingdom') },
      main_contact_person: { name: 'Jo Bloggs', telephone: '0113 000', mobile: '07700 900', email: 'jo@acme.example' },
      bank_account_details: { account_name: 'Acme', account_number: '12345678', sort_code: '12-34-56' },
      credit_limit: 5000,
      credit_days: 30,
      balance: 100.12,
      currency: r('GBP', 'Pound Sterling'),
      tax_number: 'GB123456789',
      default_sales_ledger_account: r(hex(4), 'Sales'),
      default_purchase_ledger_account: r(hex(40), 'Purchases'),
      updated_at: '2026-01-01T00:00:00Z',
    };
    expect(map('customers', raw)).toMatchObject({
      name: 'Acme Ltd',
      accountNumber: 'ACME001',
      emailAddress: 'ap@acme.example',
      phones: [{ type: 'Landline', number: '0113 000' }, { type: 'Mobile', number: '07700 900' }],
      addresses: [{ type: 'Billing', line1: '1 Road', countryCode: 'GB' }],
      contactPersons: [{ name: 'Jo Bloggs', isPrimary: true }],
      bankAccounts: [{ accountName: 'Acme', accountNumber: '12345678', sortCode: '12-34-56' }],
      creditLimit: '5000',
      paymentTermsDays: 30,
      balance: '100.12',
      defaultCurrency: 'GBP',
      taxNumber: 'GB123456789',
      defaultAccountRef: { id: hex(4) },
      status: 'Active',
    });
    expect(map('suppliers', raw)).toMatchObject({ defaultAccountRef: { id: hex(40) } });
  });

  it('tax rate, bank account, product, service', () => {
    expect(map('taxRates', { id: 'GB_STANDARD', displayed_as: 'Standard 20.00%', name: 'Standard', percentage: 20, agency: 'HMRC', is_visible: true })).toMatchObject({ name: 'Standard', effectiveTaxRate: '20', totalTaxRate: '20', status: 'Active', description: 'HMRC' });
    expect(map('taxRates', { id: 'GB_OLD', displayed_as: 'Old', percentage: 17.5, is_visible: false })).toMatchObject({ status: 'Archived', effectiveTaxRate: '17.5' });
    expect(map('bankAccounts', { id: hex(11), displayed_as: 'Current (1200)', nominal_code: 1200, bank_account_type: r('CHECKING', 'Current'), balance: 1234.56, bank_account_details: { account_name: 'Current', account_number: '00112233', sort_code: '40-00-00' }, ledger_account: r(hex(60), 'Current') })).toMatchObject({ name: 'Current', code: '1200', type: 'Bank', balance: '1234.56', accountNumber: '00112233', sortCode: '40-00-00', ledgerAccountRef: { id: hex(60) } });
    expect(map('items', { id: hex(70), displayed_as: 'Widget', item_code: 'W-1', description: 'Widget', catalog_item_type: r('STOCK_ITEM', 'Stock'), sales_prices: [{ price_name: 'Selling Price', price: 9.99, price_includes_tax: false }], cost_price: 4.5, sales_ledger_account: r(hex(4), 'Sales'), purchase_ledger_account: r(hex(40), 'Purchases'), active: false })).toMatchObject({
      code: 'W-1', name: 'Widget', type: 'Inventory', isSold: true, isBought: true, status: 'Archived',
      invoiceDetails: { unitPrice: '9.99', taxInclusive: false, accountRef: { id: hex(4) } },
      billDetails: { unitPrice: '4.5', accountRef: { id: hex(40) } },
    });
    expect(toServiceItem({ id: hex(71), displayed_as: 'Hour', description: 'Consulting hour', sales_rates: [{ rate_name: 'Hourly', rate: 85, rate_includes_tax: false }], active: true })).toMatchObject({ type: 'Service', name: 'Consulting hour', invoiceDetails: { unitPrice: '85' }, status: 'Active' });
  });

  it('company: financial settings + business tenant', () => {
    const c = map('company', { $path: '/financial_settings', year_end_date: '2026-03-31', year_end_lockdown_date: '2025-03-31', base_currency: r('GBP', 'Pound Sterling'), tax_number: 'GB999', accounts_start_date: '2024-04-01', updated_at: '2026-01-01T00:00:00Z' });
    expect(c).toMatchObject({ id: BIZ, name: 'Business One', baseCurrency: 'GBP', countryCode: 'GB', financialYearEndMonth: 3, financialYearEndDay: 31, periodLockDate: '2025-03-31', taxNumber: 'GB999', website: 'https://b1.example', isDemo: false, addresses: [{ line1: '1 High St', city: 'Newcastle', postalCode: 'NE1 1AA', countryCode: 'GB' }], phones: [{ number: '0191 000' }] });
  });

  it('a deleted_since entry becomes a tombstone', () => {
    expect(toTombstone({ id: hex(1), deleted_at: '2026-01-07T08:00:00+01:00' })).toEqual({ id: hex(1), deletedAt: '2026-01-07T07:00:00.000Z' });
    expect(toTombstone({ id: hex(2) })).toEqual({ id: hex(2) });
    expect(() => toTombstone({ deleted_at: 'x' })).toThrow();
  });
});
