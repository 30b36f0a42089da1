/**
 * Seeded, deterministic FreeAgent company data with the field names of the saved doc examples (invoices) and the
 * Postman request bodies (bills, credit notes, bank accounts, explanations, journal sets, categories, contacts).
 * Fields not in the reference are marked ❓ in `mappers.ts` and here.
 *
 * Every `url` and URL reference is written with {@link BASE_TOKEN} as its base and rendered at response time with the
 * emulator's own absolute base (`http://127.0.0.1:<port>/v2`), so records point at the emulator (or the proxy in front
 * of it). Amounts are decimal strings in FreeAgent's form (`"200.0"`, `"1234.56"`), computed in integer pence.
 * @module
 */
import { xorshift32 as rng } from '../../../src/testing/emulator/random';

export type FaRecord = Record<string, unknown>;

/** Placeholder base of every URL in the store (replaced when a response is written). */
export const BASE_TOKEN = 'http://freeagent-emulator.invalid/v2';

/** Collections of one company, by their list endpoint name. */
export interface CompanyData {
  company: FaRecord;
  categories: Record<string, FaRecord[]>;
  collections: Record<string, FaRecord[]>;
}

/** The list endpoints (and body keys) the emulator serves. */
export const COLLECTIONS = ['contacts', 'invoices', 'bills', 'credit_notes', 'bank_accounts', 'bank_transactions', 'bank_transaction_explanations', 'journal_sets', 'price_list_items'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Pence → FreeAgent decimal string (`20000` → `"200.0"`, `12345` → `"123.45"`, `-5` → `"-0.05"`). */
export function money(pence: number): string {
  const neg = pence < 0;
  const p = Math.abs(Math.round(pence));
  const int = Math.floor(p / 100);
  const frac = String(p % 100).padStart(2, '0').replace(/0$/, '');
  return `${neg ? '-' : ''}${int}.${frac === '' ? '0' : frac}`;
}

/** An instant the FreeAgent way: `2011-08-29T00:00:00Z` (no milliseconds). */
export function faTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const u = (path: string) => `${BASE_TOKEN}${path}`;

/** Builds one company's data; `now` is the emulator clock at start (records are 40+ days older). */
export function seedCompany(seed: number, counts: { invoices: number; contacts: number }, now: number): CompanyData {
  const r = rng(seed);
  let t = now - 45 * 86_400_000;
  const stamps = () => {
    t += 1000;
    return { created_at: faTimestamp(t), updated_at: faTimestamp(t) };
  };
  const date = (daysAgo: number) => day(now - daysAgo * 86_400_000);

  const cat = (code: string, description: string, extra: FaRecord = {}) => ({ url: u(`/categories/${code}`), description, nominal_code: code, allowable_for_tax: true, tax_reporting_name: description, auto_sales_tax_rate: 'Standard rate', ...extra });
  const categories = {
    admin_expenses_categories: [cat('285', 'Accommodation and Meals'), cat('250', 'Rent'), cat('365', 'Computer Software')],
    cost_of_sales_categories: [cat('101', 'Cost of Sales')],
    income_categories: [cat('001', 'Sales'), cat('055', 'Other Income')],
    general_categories: [cat('681', 'Trade Debtors', { allowable_for_tax: false }), cat('796', 'Trade Creditors', { allowable_for_tax: false }), cat('817', 'VAT', { allowable_for_tax: false }), cat('901', 'Capital Introduced', { allowable_for_tax: false })],
  };

  const contacts: FaRecord[] = [];
  for (let i = 1; i <= counts.contacts; i++) {
    const org = i % 4 !== 0;
    contacts.push({
      url: u(`/contacts/${i}`),
      ...(org ? { organisation_name: `Client ${i} Ltd` } : {}),
      first_name: `First${i}`,
      last_name: `Last${i}`,
      email: `accounts${i}@example.com`,
      phone_number: `0161 496 0${String(i).padStart(3, '0')}`,
      address1: `${i} High Street`,
      town: 'Manchester',
      postcode: 'M1 1AA',
      country: 'United Kingdom',
      contact_name_on_invoices: true,
      default_payment_terms_in_days: 30,
      locale: 'en',
      account_balance: '0.0',
      uses_contact_invoice_sequence: false,
      charge_sales_tax: 'Auto',
      status: i % 15 === 0 ? 'Hidden' : 'Active',
      ...stamps(),
    });
  }

  const bankAccounts: FaRecord[] = [
    { url: u('/bank_accounts/1'), opening_balance: '0.0', type: 'StandardBankAccount', name: 'Default bank account', is_personal: false, status: 'active', currency: 'GBP', current_balance: '0.0', bank_name: 'Emulated Bank', nominal_code: '750-1', ...stamps() },
    { url: u('/bank_accounts/2'), opening_balance: '0.0', type: 'CreditCardAccount', name: 'Company card', is_personal: false, status: 'active', currency: 'GBP', current_balance: '0.0', nominal_code: '750-2', ...stamps() },
  ];
  const balances = [0, 0];
  const transactions: FaRecord[] = [];
  const explanations: FaRecord[] = [];
  const bankTx = (account: 1 | 2, dated: string, pence: number, description: string, explained: boolean) => {
    const id = transactions.length + 1;
    balances[account - 1]! += pence;
    transactions.push({ url: u(`/bank_transactions/${id}`), bank_account: u(`/bank_accounts/${account}`), dated_on: dated, amount: money(pence), description, unexplained_amount: explained ? '0.0' : money(pence), is_manual: false, ...stamps() });
    return id;
  };
  const explain = (txId: number, account: 1 | 2, dated: string, pence: number, description: string, link: FaRecord) => {
    const id = explanations.length + 1;
    explanations.push({ url: u(`/bank_transaction_explanations/${id}`), bank_transaction: u(`/bank_transactions/${txId}`), bank_account: u(`/bank_accounts/${account}`), dated_on: dated, description, gross_value: money(pence), ...link, ...stamps() });
  };

  const items = (n: number, kind: 'invoice' | 'credit_note', sign: 1 | -1) => {
    const out: FaRecord[] = [];
    let net = 0;
    for (let k = 1; k <= n; k++) {
      const qty = 1 + Math.floor(r() * 4);
      const price = sign * (1000 + Math.floor(r() * 40000));
      net += qty * price;
      out.push({ url: u(`/${kind}_items/${Math.floor(r() * 1e6)}`), description: `Consulting ${k}`, item_type: 'Hours', price: money(price), quantity: `${qty}.0`, sales_tax_rate: '20.0', category: u('/categories/001') });
    }
    return { out, net };
  };

  const STATUS = ['Open', 'Paid', 'Overdue', 'Draft', 'Paid', 'Open', 'Cancelled', 'Paid'] as const;
  const LONG: Record<string, string> = { Open: 'Open – due in about 1 month', Paid: 'Paid', Overdue: 'Overdue – due 10 days ago', Draft: 'Draft', Cancelled: 'Cancelled' };
  const invoices: FaRecord[] = [];
  for (let i = 1; i <= counts.invoices; i++) {
    const contact = contacts[Math.floor(r() * contacts.length)]!;
    const { out, net } = items(1 + (i % 3), 'invoice', 1);
    const tax = Math.round(net * 0.2);
    const total = net + tax;
    const status = STATUS[i % STATUS.length]!;
    const paid = status === 'Paid' ? total : status === 'Overdue' ? Math.floor(total / 3) : 0;
    const dated = date(90 - (i % 60));
    invoices.push({
      url: u(`/invoices/${i}`),
      contact: contact.url,
      dated_on: dated,
      due_on: date(60 - (i % 60)),
      reference: String(i).padStart(3, '0'),
      currency: 'GBP',
      exchange_rate: '1.0',
      net_value: money(net),
      sales_tax_value: money(tax),
      total_value: money(total),
      paid_value: money(paid),
      due_value: money(status === 'Cancelled' ? 0 : total - paid),
      status,
      long_status: LONG[status]!,
      comments: `Invoice ${i}`,
      omit_header: false,
      always_show_bic_and_iban: false,
      send_thank_you_emails: false,
      send_reminder_emails: false,
      send_new_invoice_emails: false,
      bank_account: u('/bank_accounts/1'),
      payment_terms_in_days: 30,
      ec_status: 'Non-EC',
      payment_methods: { paypal: false, stripe: false },
      ...stamps(),
      invoice_items: out,
    });
    if (paid > 0) {
      const tx = bankTx(1, dated, paid, `Payment for invoice ${i}`, true);
      explain(tx, 1, dated, paid, `Invoice ${String(i).padStart(3, '0')}`, { paid_invoice: u(`/invoices/${i}`) });
    }
  }

  const bills: FaRecord[] = [];
  for (let i = 1; i <= Math.ceil(counts.invoices / 2); i++) {
    const contact = contacts[i % contacts.length]!;
    const net = 500 + Math.floor(r() * 90000);
    const tax = Math.round(net * 0.2);
    const total = net + tax;
    const paid = i % 3 === 0;
    const dated = date(80 - (i % 50));
    bills.push({
      url: u(`/bills/${i}`),
      contact: contact.url,
      reference: `Bill ref ${String(i).padStart(2, '0')}`,
      dated_on: dated,
      due_on: date(50 - (i % 50)),
      category: u('/categories/285'),
      currency: 'GBP',
      exchange_rate: '1.0',
      net_value: money(net),
      sales_tax_value: money(tax),
      sales_tax_rate: '20.0',
      total_value: money(total),
      paid_value: money(paid ? total : 0),
      due_value: money(paid ? 0 : total),
      status: paid ? 'Paid' : 'Open',
      comments: '',
      bill_items: [{ url: u(`/bill_items/${i}`), category: u('/categories/285'), description: `Supplies ${i}`, total_value: money(net), sales_tax_rate: '20.0', sales_tax_value: money(tax) }],
      ...stamps(),
    });
    if (paid) {
      const account = i % 2 === 0 ? 2 : 1;
      const tx = bankTx(account, dated, -total, `Payment of bill ${i}`, true);
      explain(tx, account, dated, -total, `Bill ref ${String(i).padStart(2, '0')}`, { paid_bill: u(`/bills/${i}`) });
    }
  }
  for (let i = 1; i <= 7; i++) bankTx(i % 2 === 0 ? 2 : 1, date(i * 3), -(300 + Math.floor(r() * 5000)), `Card payment ${i}`, false);

  const creditNotes: FaRecord[] = [];
  for (let i = 1; i <= Math.max(2, Math.ceil(counts.invoices / 20)); i++) {
    const contact = contacts[(i * 7) % contacts.length]!;
    const { out, net } = items(1, 'credit_note', -1);
    const tax = Math.round(net * 0.2);
    const total = net + tax;
    creditNotes.push({
      url: u(`/credit_notes/${i}`),
      contact: contact.url,
      dated_on: date(40 - i),
      due_on: date(10 - i),
      reference: `CN-${String(i).padStart(3, '0')}`,
      currency: 'GBP',
      exchange_rate: '1.0',
      net_value: money(net),
      sales_tax_value: money(tax),
      total_value: money(total),
      paid_value: '0.0',
      due_value: money(total),
      status: 'Open',
      long_status: 'Open',
      omit_header: false,
      always_show_bic_and_iban: false,
      payment_terms_in_days: 30,
      ...stamps(),
      credit_note_items: out,
    });
  }

  const journals: FaRecord[] = [];
  for (let i = 1; i <= 3; i++) {
    const v = money(10000 + i * 1234);
    journals.push({ url: u(`/journal_sets/${i}`), dated_on: date(20 + i), description: `Journal ${i}`, tag: 'LEDGERLINK', journal_entries: [
      { url: u(`/journal_entries/${i * 2 - 1}`), category: u('/categories/001'), description: 'A Sales Correction', debit_value: `-${v}` },
      { url: u(`/journal_entries/${i * 2}`), category: u('/categories/901'), description: "Director's Capital Introduced", debit_value: v },
    ], ...stamps() });
  }

  const priceListItems: FaRecord[] = [
    { url: u('/price_list_items/1'), code: 'CONS', description: 'Consulting', price: '95.5', item_type: 'Hours', category: u('/categories/001'), ...stamps() },
    { url: u('/price_list_items/2'), code: 'DAY', description: 'Day rate', price: '650.0', item_type: 'Days', category: u('/categories/001'), ...stamps() },
    { url: u('/price_list_items/3'), code: 'WIDGET', description: 'Widget', price: '12.99', item_type: 'Products', category: u('/categories/001'), ...stamps() },
  ];
  bankAccounts[0]!.current_balance = money(balances[0]!);
  bankAccounts[1]!.current_balance = money(balances[1]!);

  const company: FaRecord = {
    url: u('/company'),
    id: String(100000 + seed),
    name: 'Emulated Consulting Ltd',
    subdomain: `emulated${seed}`,
    type: 'UkLimitedCompany',
    currency: 'GBP',
    mileage_units: 'miles',
    company_start_date: '2010-05-01',
    trading_start_date: '2010-05-01',
    first_accounting_year_end: '2011-04-30',
    company_registration_number: '07654321',
    sales_tax_registration_status: 'Registered',
    sales_tax_registration_number: 'GB123456789',
    address1: '1 Emulator Way',
    town: 'Edinburgh',
    postcode: 'EH1 1AA',
    country: 'United Kingdom',
    contact_email: 'books@example.com',
    contact_phone: '0131 496 0000',
    website: 'https://example.com',
    ...stamps(),
  };
  return {
    company,
    categories,
    collections: { contacts, invoices, bills, credit_notes: creditNotes, bank_accounts: bankAccounts, bank_transactions: transactions, bank_transaction_explanations: explanations, journal_sets: journals, price_list_items: priceListItems },
  };
}
