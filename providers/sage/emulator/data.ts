/**
 * Seeded, deterministic Sage Business Cloud Accounting data with the v3.1 Swagger field names (`SalesInvoice`,
 * `Contact`, `LedgerAccount`, …): 32-hex ids, `displayed_as`, `$path`, `{ id, displayed_as, $path }` references,
 * `YYYY-MM-DD` dates, `…Z` timestamps, amounts as JSON numbers with at most two decimals (computed in integer pence).
 *
 * Every posted document also posts to the ledger ({@link postings}), so ledger account balances — and the reports the
 * adapter builds from them — are consistent with the documents.
 * @module
 */
import { createHash } from 'node:crypto';
import { xorshift32 as rng } from '../../../src/testing/emulator/random';

export type SageRecord = Record<string, unknown>;

/** One business's data. */
export interface BusinessData {
  business: SageRecord;
  financialSettings: SageRecord;
  /** Records per list endpoint (`sales_invoices`, `contacts`, …), in creation order. */
  entities: Record<string, SageRecord[]>;
  /** `deleted_since` entries per endpoint. */
  deleted: Record<string, { id: string; deleted_at: string }[]>;
}

/** A deterministic 32-hex id (Sage GUIDs have no dashes). */
export function sageId(...parts: (string | number)[]): string {
  return createHash('md5').update(parts.join(':')).digest('hex');
}

/** A Sage timestamp: UTC with `Z`, whole seconds. */
export function sageTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Pence → a JSON number with at most two decimals. */
export const money = (pence: number) => Math.round(pence) / 100;
/** A JSON money number → pence. */
export const pence = (v: unknown) => Math.round(Number(v ?? 0) * 100);

/** `{ id, displayed_as, $path }`. */
export function link(endpoint: string, rec: SageRecord): SageRecord {
  return { id: rec.id, displayed_as: rec.displayed_as, $path: `/${endpoint}/${String(rec.id)}` };
}
const fixed = (endpoint: string, id: string, displayed_as: string) => ({ id, displayed_as, $path: `/${endpoint}/${id}` });

interface AccountSeed { code: number; name: string; type: string; typeName: string; control?: string; inChart?: boolean }
const ACCOUNTS: AccountSeed[] = [
  { code: 1200, name: 'Current', type: 'BANK', typeName: 'Bank' },
  { code: 1210, name: 'Savings', type: 'BANK', typeName: 'Bank' },
  { code: 1100, name: 'Debtors Control', type: 'CURRENT_ASSETS', typeName: 'Current Assets', control: 'DEBTORS' },
  { code: 30, name: 'Office Equipment', type: 'FIXED_ASSETS', typeName: 'Fixed Assets' },
  { code: 2100, name: 'Creditors Control', type: 'CURRENT_LIABILITY', typeName: 'Current Liabilities', control: 'CREDITORS' },
  { code: 2200, name: 'Sales Tax Control', type: 'CURRENT_LIABILITY', typeName: 'Current Liabilities', control: 'SALES_TAX' },
  { code: 2201, name: 'Purchase Tax Control', type: 'CURRENT_LIABILITY', typeName: 'Current Liabilities', control: 'PURCHASE_TAX' },
  { code: 2300, name: 'Loans', type: 'LT_LIABILITY', typeName: 'Long Term Liabilities' },
  { code: 3000, name: 'Capital introduced', type: 'EQUITY', typeName: 'Equity' },
  { code: 3200, name: 'Retained Profit', type: 'EQUITY', typeName: 'Equity' },
  { code: 4000, name: 'Sales Type A', type: 'SALES', typeName: 'Sales' },
  { code: 4010, name: 'Sales Type B', type: 'SALES', typeName: 'Sales' },
  { code: 4900, name: 'Other income', type: 'OTHER_INCOME', typeName: 'Other Income' },
  { code: 5000, name: 'Cost of sales - goods', type: 'DIRECT_EXPENSES', typeName: 'Direct Expenses' },
  { code: 7100, name: 'Rent', type: 'OVERHEADS', typeName: 'Overheads' },
  { code: 7500, name: 'Office costs', type: 'OVERHEADS', typeName: 'Overheads' },
  { code: 8000, name: 'Depreciation', type: 'DEPRECIATION', typeName: 'Depreciation' },
  { code: 9998, name: 'Suspense', type: 'CURRENT_LIABILITY', typeName: 'Current Liabilities', inChart: false },
];

const TAX = [
  { id: 'GB_STANDARD', name: 'Standard', percentage: 20 },
  { id: 'GB_LOWER', name: 'Lower', percentage: 5 },
  { id: 'GB_ZERO', name: 'Zero', percentage: 0 },
  { id: 'GB_EXEMPT', name: 'Exempt', percentage: 0 },
];

const GBP = fixed('currencies', 'GBP', 'Pound Sterling (GBP)');
const EUR = fixed('currencies', 'EUR', 'Euro (EUR)');
const status = (id: string, name: string) => fixed('artefact_statuses', id, name);
const ttype = (id: string, name: string) => fixed('transaction_types', id, name);

/** Options of {@link seedBusiness}. */
export interface SeedCounts { invoices: number; customers: number }

/** Builds one business. `now` is the emulator clock at start; every record is at least 30 days older. */
export function seedBusiness(seed: number, counts: SeedCounts, name: string, now: number, country = 'GB'): BusinessData {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  let t = now - 400 * 86_400_000;
  const stamp = () => {
    t += 7000;
    const s = sageTime(t);
    return { created_at: s, updated_at: s };
  };
  let n = 0;
  const id = (kind: string) => sageId(seed, name, kind, ++n);
  const day = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const plusDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  const ledger: SageRecord[] = ACCOUNTS.map((a) => {
    const aid = id('ledger_account');
    return {
      id: aid,
      displayed_as: `${a.name} (${a.code})`,
      $path: `/ledger_accounts/${aid}`,
      ...stamp(),
      ledger_account_group: { id: ['SALES', 'OTHER_INCOME'].includes(a.type) ? 'INCOME' : ['DIRECT_EXPENSES', 'OVERHEADS', 'DEPRECIATION'].includes(a.type) ? 'EXPENDITURE' : 'BALANCE_SHEET', displayed_as: 'Group' },
      name: a.name,
      display_name: a.name,
      included_in_chart: a.inChart !== false,
      nominal_code: a.code,
      ledger_account_type: fixed('ledger_account_types', a.type, a.typeName),
      tax_rate: a.type === 'SALES' || a.type === 'OVERHEADS' ? fixed('tax_rates', 'GB_STANDARD', 'Standard 20.00%') : null,
      is_control_account: a.control !== undefined,
      control_name: a.control ?? null,
      visible_in_banking: a.type === 'BANK',
      visible_in_sales: a.type === 'SALES' || a.type === 'OTHER_INCOME',
      visible_in_expenses: ['DIRECT_EXPENSES', 'OVERHEADS', 'DEPRECIATION'].includes(a.type),
      visible_in_journals: true,
      visible_in_reporting: true,
    };
  });
  const acct = (code: number) => ledger.find((l) => l.nominal_code === code)!;
  const acctLink = (code: number) => link('ledger_accounts', acct(code));

  const taxRates: SageRecord[] = TAX.map((x) => ({
    id: x.id,
    displayed_as: `${x.name} ${x.percentage.toFixed(2)}%`,
    $path: `/tax_rates/${x.id}`,
    ...stamp(),
    name: x.name,
    agency: 'HMRC',
    percentage: x.percentage,
    percentages: [{ percentage: x.percentage, from_date: '2011-01-04', to_date: null }],
    is_visible: true,
    retailer: false,
    editable: false,
    deletable: false,
    is_combined_rate: false,
  }));
  const taxLink = (tid: string) => link('tax_rates', taxRates.find((x) => x.id === tid)!);

  const banks: SageRecord[] = [
    [1200, 'CHECKING', 'Current', '40-00-01', '41234567'],
    [1210, 'SAVINGS', 'Savings', '40-00-01', '49876543'],
  ].map(([code, type, label, sort, number]) => {
    const bid = id('bank_account');
    return {
      id: bid,
      displayed_as: `${String(label)} (${String(code)})`,
      $path: `/bank_accounts/${bid}`,
      ...stamp(),
      bank_account_details: { account_name: String(label), account_number: String(number), sort_code: String(sort), bic: null, iban: null },
      ledger_account: acctLink(Number(code)),
      bank_account_type: fixed('bank_account_types', String(type), String(label)),
      balance: 0,
      nominal_code: Number(code),
      editable: true,
      deletable: false,
    };
  });

  const contacts: SageRecord[] = [];
  const mkContact = (i: number, kind: 'CUSTOMER' | 'VENDOR', both = false) => {
    const cid = id('contact');
    const nm = kind === 'CUSTOMER' ? `Customer ${i} ${name.split(' ')[0]} Ltd` : `Supplier ${i} Ltd`;
    const ref = `${kind === 'CUSTOMER' ? 'CUS' : 'SUP'}${String(i).padStart(3, '0')}`;
    const c: SageRecord = {
      id: cid,
      displayed_as: `${nm} (${ref})`,
      $path: `/contacts/${cid}`,
      ...stamp(),
      contact_types: both ? [fixed('contact_types', 'CUSTOMER', 'Customer'), fixed('contact_types', 'VENDOR', 'Supplier')] : [kind === 'CUSTOMER' ? fixed('contact_types', 'CUSTOMER', 'Customer') : fixed('contact_types', 'VENDOR', 'Supplier')],
      name: nm,
      reference: ref,
      tax_number: i % 4 === 0 ? `GB${String(100000000 + i * 7919).slice(0, 9)}` : null,
      notes: null,
      locale: 'en',
      main_address: { address_line_1: `${i} High Street`, address_line_2: null, city: pick(['Newcastle', 'Leeds', 'Bristol', 'York']), postal_code: `NE${i % 9} ${i % 7}AB`, region: null, country: fixed('countries', country, country === 'GB' ? 'United Kingdom (GB)' : country) },
      main_contact_person: { name: `Contact ${i}`, telephone: `0191 496 ${String(1000 + i).slice(-4)}`, mobile: null, email: `accounts${i}@example.com`, is_main_contact: true },
      bank_account_details: kind === 'VENDOR' ? { account_name: nm, account_number: String(10000000 + i), sort_code: '20-00-00', bic: null, iban: null } : null,
      credit_limit: kind === 'CUSTOMER' ? 5000 : 0,
      credit_days: 30,
      currency: GBP,
      balance: 0,
      email: `accounts${i}@example.com`,
      default_sales_ledger_account: kind === 'CUSTOMER' ? acctLink(4000) : null,
      default_purchase_ledger_account: kind === 'VENDOR' ? acctLink(5000) : null,
      default_sales_tax_rate: kind === 'CUSTOMER' ? taxLink('GB_STANDARD') : null,
      deletable: true,
      system: false,
    };
    contacts.push(c);
    return c;
  };
  const customers = Array.from({ length: counts.customers }, (_, i) => mkContact(i + 1, 'CUSTOMER', i === 2));
  const vendors = Array.from({ length: Math.max(3, Math.ceil(counts.customers / 2)) }, (_, i) => mkContact(i + 1, 'VENDOR'));
  vendors.push(customers[2]!); // a contact that is both (CUSTOMER and VENDOR)

  const products: SageRecord[] = Array.from({ length: 8 }, (_, i) => {
    const pid = id('product');
    const price = 1000 + i * 1250;
    return {
      id: pid, displayed_as: `Widget ${i + 1}`, $path: `/products/${pid}`, ...stamp(),
      deletable: true, deactivatable: true, used_on_recurring_invoice: false,
      item_code: `W-${i + 1}`, description: `Widget ${i + 1}`, notes: null,
      sales_ledger_account: acctLink(4000), sales_tax_rate: taxLink('GB_STANDARD'), purchase_ledger_account: acctLink(5000), purchase_tax_rate: taxLink('GB_STANDARD'),
      cost_price: money(Math.round(price * 0.55)),
      sales_prices: [{ id: id('price'), displayed_as: 'Selling Price', price_name: 'Selling Price', price: money(price), price_includes_tax: false, product_sales_price_type: fixed('product_sales_price_types', 'SELLING', 'Selling Price') }],
      purchase_description: `Widget ${i + 1} (bought)`, active: i !== 7,
      catalog_item_type: i % 3 === 0 ? fixed('catalog_item_types', 'STOCK_ITEM', 'Stock') : fixed('catalog_item_types', 'NON_STOCK_ITEM', 'Non-stock'),
    };
  });
  const services: SageRecord[] = Array.from({ length: 4 }, (_, i) => {
    const sid = id('service');
    return {
      id: sid, displayed_as: `Consulting ${i + 1}`, $path: `/services/${sid}`, ...stamp(),
      deletable: true, deactivatable: true, used_on_recurring_invoice: false,
      item_code: `S-${i + 1}`, description: `Consulting ${i + 1}`, notes: null,
      sales_ledger_account: acctLink(4010), sales_tax_rate: taxLink('GB_STANDARD'), purchase_ledger_account: null, purchase_tax_rate: null,
      sales_rates: [{ id: id('rate'), displayed_as: 'Hourly', rate_name: 'Hourly', rate: money(6000 + i * 1500), rate_includes_tax: false, service_rate_type: fixed('service_rate_types', 'HOURLY', 'Hourly') }],
      active: true, cost_price: 0,
    };
  });

  type Line = { netP: number; taxP: number; rec: SageRecord };
  const mkLines = (sales: boolean): Line[] => {
    const k = 1 + Math.floor(r() * 3);
    return Array.from({ length: k }, () => {
      const useService = sales && r() < 0.4;
      const item = useService ? pick(services) : pick(products);
      const qty = 1 + Math.floor(r() * 5);
      const unitP = useService ? pence((item.sales_rates as { rate: number }[])[0]!.rate) : pence((item.sales_prices as { price: number }[])[0]!.price);
      const zero = r() < 0.15;
      const netP = qty * unitP;
      const taxP = zero ? 0 : Math.round(netP * 0.2);
      const rec: SageRecord = {
        id: id('line'), displayed_as: String(item.description),
        description: String(item.description),
        ...(useService ? { service: link('services', item) } : { product: link('products', item) }),
        ledger_account: sales ? (useService ? acctLink(4010) : acctLink(4000)) : acctLink(5000),
        quantity: qty, unit_price: money(unitP), net_amount: money(netP),
        tax_rate: taxLink(zero ? 'GB_ZERO' : 'GB_STANDARD'), tax_amount: money(taxP), total_amount: money(netP + taxP),
        unit_price_includes_tax: false,
        // Only the sales line definitions have discount fields (Swagger SalesInvoiceLineItem, SalesCreditNoteLineItem).
        ...(sales ? { discount_amount: 0, discount_percentage: 0 } : {}),
      };
      return { netP, taxP, rec };
    });
  };

  const entities: Record<string, SageRecord[]> = {
    ledger_accounts: ledger, tax_rates: taxRates, bank_accounts: banks, contacts, products, services,
    sales_invoices: [], purchase_invoices: [], sales_credit_notes: [], purchase_credit_notes: [], contact_payments: [], journals: [], other_payments: [],
  };
  const payments = entities.contact_payments!;

  const receipt = (kind: 'CUSTOMER_RECEIPT' | 'VENDOR_PAYMENT', contact: SageRecord, doc: SageRecord, endpoint: string, amountP: number, date: string) => {
    const pid = id('payment');
    const bank = banks[0]!;
    const p: SageRecord = {
      id: pid, displayed_as: kind === 'CUSTOMER_RECEIPT' ? 'Customer Receipt' : 'Vendor Payment', $path: `/contact_payments/${pid}`, ...stamp(),
      transaction: fixed('transactions', id('txn'), 'Payment'),
      transaction_type: ttype(kind, kind === 'CUSTOMER_RECEIPT' ? 'Customer Receipt' : 'Vendor Payment'),
      payment_method: fixed('payment_methods', 'BANK_TRANSFER', 'Bank Transfer'),
      contact: link('contacts', contact), bank_account: link('bank_accounts', bank), date,
      net_amount: money(amountP), tax_amount: 0, total_amount: money(amountP), currency: GBP, exchange_rate: 1,
      base_currency_net_amount: money(amountP), base_currency_tax_amount: 0, base_currency_total_amount: money(amountP), base_currency_currency_charge: 0,
      reference: `PAY ${String(doc.displayed_as)}`,
      allocated_artefacts: [{ id: id('alloc'), artefact: link(endpoint, doc), amount: money(amountP), discount: 0 }],
      editable: true,
    };
    payments.push(p);
    return p;
  };

  const mkDoc = (i: number, endpoint: string, sales: boolean, credit: boolean) => {
    const contact = sales ? customers[i % customers.length]! : vendors[i % vendors.length]!;
    const did = id(endpoint);
    const lines = mkLines(sales);
    const netP = lines.reduce((s, l) => s + l.netP, 0);
    const taxP = lines.reduce((s, l) => s + l.taxP, 0);
    const totalP = netP + taxP;
    const date = day(35 + Math.floor(r() * 330));
    const foreign = sales && !credit && i % 11 === 0;
    const rate = foreign ? 1.1634 : 1;
    const base = (p: number) => money(Math.round(p / rate));
    const statusId = i % 13 === 0 ? 'DRAFT' : i % 17 === 0 ? 'VOID' : credit ? 'UNPAID' : i % 3 === 0 ? 'PAID' : i % 5 === 0 ? 'PART_PAID' : 'UNPAID';
    const prefix = endpoint === 'sales_invoices' ? 'SI' : endpoint === 'purchase_invoices' ? 'PI' : endpoint === 'sales_credit_notes' ? 'SCN' : 'PCN';
    const number = `${prefix}-${i}`;
    const doc: SageRecord = {
      id: did, displayed_as: number, $path: `/${endpoint}/${did}`, ...stamp(),
      editable: statusId === 'DRAFT',
      transaction: statusId === 'DRAFT' ? null : fixed('transactions', id('txn'), number),
      transaction_type: ttype(endpoint.toUpperCase().replace(/S$/, '').replace('INVOICE', 'INVOICE'), prefix),
      contact: link('contacts', contact),
      contact_name: contact.name, contact_reference: contact.reference,
      date,
      reference: sales ? (i % 4 === 0 ? `PO-${1000 + i}` : null) : `SUPINV-${5000 + i}`,
      notes: null,
      net_amount: money(netP), tax_amount: money(taxP), total_amount: money(totalP),
      currency: foreign ? EUR : GBP, exchange_rate: rate, inverse_exchange_rate: foreign ? 0.859549 : 1,
      base_currency_net_amount: base(netP), base_currency_tax_amount: base(taxP), base_currency_total_amount: base(totalP),
      total_quantity: lines.reduce((s, l) => s + Number(l.rec.quantity), 0),
      status: status(statusId, statusId.replace('_', ' ').toLowerCase()),
      void_reason: statusId === 'VOID' ? 'Raised in error' : null,
      [credit ? 'credit_note_lines' : 'invoice_lines']: lines.map((l) => l.rec),
      payments_allocations: [],
      tax_calculation_method: 'invoice',
      withholding_tax_rate: 0, withholding_tax_amount: 0,
    };
    if (!credit) doc.due_date = plusDays(date, 30);
    else doc.original_invoice_date = date;
    if (sales) doc.sent = false;
    if (sales && !credit) doc.invoice_number = number;
    if (sales && credit) doc.credit_note_number = number;
    if (!sales) doc.vendor_reference = `V-${i}`;
    // The Swagger types PurchaseCreditNote.inverse_exchange_rate as a string (every other document: number).
    if (!sales && credit) doc.inverse_exchange_rate = String(doc.inverse_exchange_rate);
    let paidP = 0;
    if (!credit && (statusId === 'PAID' || statusId === 'PART_PAID')) {
      paidP = statusId === 'PAID' ? totalP : Math.floor(totalP / 2);
      const payDate = plusDays(date, 10);
      const pay = receipt(sales ? 'CUSTOMER_RECEIPT' : 'VENDOR_PAYMENT', contact, doc, endpoint, Math.round(paidP / rate), payDate);
      doc.payments_allocations = [{ date: payDate, type: sales ? 'Customer Receipt' : 'Vendor Payment', reference: pay.reference, amount: money(paidP), discount: 0, contact_payment: link('contact_payments', pay), displayed_as: String(pay.displayed_as) }];
      doc.last_paid = payDate;
    }
    const outstanding = statusId === 'VOID' ? 0 : totalP - paidP;
    Object.assign(doc, {
      total_paid: money(paidP), outstanding_amount: money(outstanding), base_currency_outstanding_amount: base(outstanding),
      payments_allocations_total_amount: money(paidP), payments_allocations_total_discount: 0,
    });
    if (statusId === 'VOID') Object.assign(doc, { outstanding_amount: 0, base_currency_outstanding_amount: 0 });
    if (sales) doc.main_address = { address_line_1: (contact.main_address as SageRecord).address_line_1, city: (contact.main_address as SageRecord).city, postal_code: (contact.main_address as SageRecord).postal_code, country: (contact.main_address as SageRecord).country };
    entities[endpoint]!.push(doc);
    return doc;
  };
  for (let i = 1; i <= counts.invoices; i++) mkDoc(i, 'sales_invoices', true, false);
  for (let i = 1; i <= Math.ceil(counts.invoices / 2); i++) mkDoc(i, 'purchase_invoices', false, false);
  for (let i = 1; i <= Math.max(2, Math.floor(counts.invoices / 20)); i++) mkDoc(i, 'sales_credit_notes', true, true);
  for (let i = 1; i <= Math.max(1, Math.floor(counts.invoices / 40)); i++) mkDoc(i, 'purchase_credit_notes', false, true);

  const journal = (i: number, date: string, description: string, lines: [number, number, number][]) => {
    const jid = id('journal');
    const total = lines.reduce((s, [, d]) => s + d, 0);
    entities.journals!.push({
      id: jid, displayed_as: `JNL-${i}`, $path: `/journals/${jid}`, ...stamp(),
      transaction: fixed('transactions', id('txn'), `JNL-${i}`), transaction_type: ttype('JOURNAL', 'Journal'),
      date, reference: `JNL-${i}`, description, total: money(total),
      journal_lines: lines.map(([code, d, c]) => ({ id: id('jline'), ledger_account: acctLink(code), details: description, debit: money(d), credit: money(c), include_on_tax_return: false, cleared: false, bank_reconciled: false })),
      migrated: false,
    });
  };
  journal(1, day(399), 'Opening capital', [[1200, 2_500_000, 0], [3000, 0, 2_500_000]]);
  for (let i = 2; i <= Math.max(3, Math.floor(counts.invoices / 30)); i++) {
    const amt = 5000 + Math.floor(r() * 40000);
    if (i % 2 === 0) journal(i, day(40 + i), 'Monthly depreciation', [[8000, amt, 0], [30, 0, amt]]);
    else journal(i, day(40 + i), 'Equipment bought on loan', [[30, amt, 0], [2300, 0, amt]]);
  }

  for (let i = 1; i <= Math.max(4, Math.floor(counts.invoices / 10)); i++) {
    const oid = id('other_payment');
    const receiptKind = i % 4 === 0;
    const netP = 2000 + Math.floor(r() * 30000);
    const taxP = receiptKind ? 0 : Math.round(netP * 0.2);
    const code = receiptKind ? 4900 : i % 2 ? 7100 : 7500;
    const contact = receiptKind ? null : vendors[i % vendors.length]!;
    entities.other_payments!.push({
      id: oid, displayed_as: receiptKind ? 'Other Receipt' : 'Other Payment', $path: `/other_payments/${oid}`, ...stamp(),
      transaction: fixed('transactions', id('txn'), 'Other'),
      transaction_type: receiptKind ? ttype('OTHER_RECEIPT', 'Other Receipt') : ttype('OTHER_PAYMENT', 'Other Payment'),
      payment_method: fixed('payment_methods', 'BANK_TRANSFER', 'Bank Transfer'),
      contact: contact ? link('contacts', contact) : null,
      bank_account: link('bank_accounts', banks[i % 5 === 0 ? 1 : 0]!),
      date: day(36 + Math.floor(r() * 300)),
      net_amount: money(netP), tax_amount: money(taxP), total_amount: money(netP + taxP),
      reference: receiptKind ? `INT-${i}` : `DD-${i}`,
      payment_lines: [{ id: id('pline'), displayed_as: receiptKind ? 'Bank interest' : 'Rent and office', ledger_account: acctLink(code), details: receiptKind ? 'Bank interest' : 'Rent and office', tax_rate: taxLink(receiptKind ? 'GB_EXEMPT' : 'GB_STANDARD'), net_amount: money(netP), tax_amount: money(taxP), total_amount: money(netP + taxP), is_purchase_for_resale: false, trade_of_asset: false }],
      editable: true, deletable: true, withholding_tax_rate: 0, withholding_tax_amount: 0,
    });
  }

  const yearEnd = new Date(now);
  const ye = `${yearEnd.getUTCMonth() >= 3 ? yearEnd.getUTCFullYear() + 1 : yearEnd.getUTCFullYear()}-03-31`;
  return {
    business: {
      id: sageId(seed, name, 'business'),
      displayed_as: name,
      name,
      ...stamp(),
      address_line_1: '1 Quayside', address_line_2: null, city: 'Newcastle upon Tyne', postal_code: 'NE1 3DX', region: null,
      country: { id: country, displayed_as: country === 'GB' ? 'United Kingdom (GB)' : country },
      telephone: '0191 000 0000', mobile: null, website: 'https://example.com', is_demo: false, ni_based: false,
      subscriptions: [{ id: sageId(seed, name, 'subscription'), displayed_as: 'Accounting', active: true, status: 'active', ...stamp() }],
    },
    financialSettings: {
      $path: '/financial_settings',
      year_end_date: ye,
      year_end_lockdown_date: null,
      accounting_type: 'accrual',
      accounts_start_date: day(400),
      base_currency: GBP,
      multi_currency_enabled: true,
      use_live_exchange_rates: false,
      tax_number: 'GB123456789',
      sales_tax_calculation: 'invoice',
      purchase_tax_calculation: 'invoice',
      updated_at: sageTime(now - 60 * 86_400_000),
    },
    entities,
    deleted: {},
  };
}

/** One ledger posting: debit-positive pence on a ledger account. */
export interface Posting { account: string; date: string; debit: number; credit: number }

/**
 * The ledger postings of the current records (drafts and voids post nothing): sales documents post to debtors, sales
 * and sales tax; purchases to creditors, their line accounts and purchase tax; payments between the bank and the
 * control accounts; journals and other payments line by line.
 */
export function postings(data: BusinessData): Posting[] {
  const e = data.entities;
  const byCode = (code: number) => String(e.ledger_accounts!.find((a) => a.nominal_code === code)!.id);
  const debtors = byCode(1100);
  const creditors = byCode(2100);
  const salesTax = byCode(2200);
  const purchaseTax = byCode(2201);
  const bankLedger = (bankRef: unknown) => {
    const bank = e.bank_accounts!.find((b) => b.id === (bankRef as SageRecord | null)?.id);
    return String((bank?.ledger_account as SageRecord | undefined)?.id ?? byCode(1200));
  };
  const out: Posting[] = [];
  const post = (account: string, date: string, signed: number) => {
    if (signed !== 0) out.push({ account, date, debit: signed > 0 ? signed : 0, credit: signed < 0 ? -signed : 0 });
  };
  const doc = (endpoint: string, sign: 1 | -1, sales: boolean) => {
    for (const d of e[endpoint] ?? []) {
      const st = (d.status as SageRecord | undefined)?.id;
      if (st === 'DRAFT' || st === 'VOID') continue;
      const rate = Number(d.exchange_rate ?? 1) || 1;
      const base = (v: unknown) => Math.round(pence(v) / rate);
      const date = String(d.date);
      const lines = (d.invoice_lines ?? d.credit_note_lines ?? []) as SageRecord[];
      const total = lines.reduce((s, l) => s + base(l.net_amount) + base(l.tax_amount), 0);
      // sales: Dr debtors, Cr sales and tax (credit notes reverse); purchases: Dr costs and tax, Cr creditors.
      const s = sales ? sign : -sign;
      post(sales ? debtors : creditors, date, s * total);
      for (const l of lines) {
        post(String((l.ledger_account as SageRecord).id), date, -s * base(l.net_amount));
        post(sales ? salesTax : purchaseTax, date, -s * base(l.tax_amount));
      }
    }
  };
  doc('sales_invoices', 1, true);
  doc('sales_credit_notes', -1, true);
  doc('purchase_invoices', 1, false);
  doc('purchase_credit_notes', -1, false);
  for (const p of e.contact_payments ?? []) {
    const type = String((p.transaction_type as SageRecord).id);
    const amount = pence(p.base_currency_total_amount ?? p.total_amount);
    const bank = bankLedger(p.bank_account);
    const date = String(p.date);
    const inflow = type === 'CUSTOMER_RECEIPT' || type === 'VENDOR_REFUND';
    post(bank, date, inflow ? amount : -amount);
    post(type.startsWith('CUSTOMER') ? debtors : creditors, date, inflow ? -amount : amount);
  }
  for (const j of e.journals ?? []) {
    for (const l of (j.journal_lines ?? []) as SageRecord[]) post(String((l.ledger_account as SageRecord).id), String(j.date), pence(l.debit) - pence(l.credit));
  }
  for (const o of e.other_payments ?? []) {
    const inflow = (o.transaction_type as SageRecord).id === 'OTHER_RECEIPT';
    const date = String(o.date);
    post(bankLedger(o.bank_account), date, (inflow ? 1 : -1) * pence(o.total_amount));
    for (const l of (o.payment_lines ?? []) as SageRecord[]) {
      post(String((l.ledger_account as SageRecord).id), date, (inflow ? -1 : 1) * pence(l.net_amount));
      post(inflow ? salesTax : purchaseTax, date, (inflow ? -1 : 1) * pence(l.tax_amount));
    }
  }
  return out;
}
