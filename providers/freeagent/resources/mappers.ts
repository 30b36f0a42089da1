/**
 * FreeAgent API v2 records → canonical records. Field names follow the saved doc examples (reference
 * `freeagent/doc-examples/`: invoices) and the Postman request bodies (bills, credit notes, bank accounts, bank
 * transaction explanations, journal sets, categories, contacts); everything else is marked ❓.
 *
 * Ids are the last path segment of the record's `url`; references (`contact`, `category`, `bank_account`, …) become
 * `{ id }` the same way. Amounts stay exact decimal strings.
 *
 * @see https://dev.freeagent.com/docs
 * @module
 */
import type { Address } from '../../../src/model/address';
import type { LineItem } from '../../../src/model/documents';
import type { MapContext } from '../../../src/provider/types';
import { ValueParseError, compareDecimals } from '../../../src/model/primitives';
import type { CanonicalInputOf } from '../../../src/model/registry';
import { companyTenantId } from '../lib/auth';
import { abs, arr, compact, date, dec, idFromUrl, idOfRecord, obj, optDate, optDec, optInstant, optStr, reqUrlRef, str, urlRef } from '../lib/values';

// Each record is one object literal: the shared fields (`id`, `sourceModifiedDate`) are written out rather than spread
// from a helper's object, because a literal that starts with a spread gets a fresh V8 hidden class per call.

/**
 * ❓ unverified field names `address1`…`address3`, `town`, `region`, `postcode`, `country` (FreeAgent contact and
 * company addresses; only `country` appears in the Postman contact update body).
 */
function address(o: Record<string, unknown>, type: Address['type']): Address | undefined {
  const more = ['address2', 'address3'].map((f) => optStr(o, f)).filter(Boolean).join(', ');
  const a = compact({ type, line1: optStr(o, 'address1'), line2: more || undefined, city: optStr(o, 'town'), region: optStr(o, 'region'), postalCode: optStr(o, 'postcode'), country: optStr(o, 'country') });
  return Object.keys(a).length > 1 ? a : undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Company
// ------------------------------------------------------------------------------------------------------------------

/**
 * `GET /company` body's `company` → company. ❓ unverified field names: `subdomain`, `type`, `currency`,
 * `company_registration_number`, `sales_tax_registration_number`, `first_accounting_year_end`, `contact_email`,
 * `contact_phone`, `website`, `created_at`/`updated_at` (no saved example of /company).
 */
export function toCompany(raw: unknown): CanonicalInputOf<'company'> {
  const o = obj(raw, 'company');
  const id = companyTenantId(o);
  if (!id) throw new ValueParseError('company has no subdomain or id');
  const yearEnd = optDate(o, 'first_accounting_year_end');
  let fy: { financialYearEndMonth?: number; financialYearEndDay?: number; financialYearStartMonth?: number; financialYearStartDay?: number } = {};
  if (yearEnd) {
    const [y, m, d] = yearEnd.split('-').map(Number) as [number, number, number];
    const start = new Date(Date.UTC(y, m - 1, d + 1));
    fy = { financialYearEndMonth: m, financialYearEndDay: d, financialYearStartMonth: start.getUTCMonth() + 1, financialYearStartDay: start.getUTCDate() };
  }
  const phone = optStr(o, 'contact_phone');
  const site = optStr(o, 'website');
  const addr = address(o, 'Street');
  return compact({
    id,
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false,
    name: str(o, 'name'),
    entityType: optStr(o, 'type'),
    baseCurrency: optStr(o, 'currency'),
    registrationNumber: optStr(o, 'company_registration_number'),
    taxNumber: optStr(o, 'sales_tax_registration_number'),
    ...fy,
    addresses: addr ? [addr] : [],
    phones: phone ? [{ type: 'Primary' as const, number: phone }] : [],
    emailAddress: optStr(o, 'contact_email'),
    website: site,
    webLinks: site ? [{ type: 'Website' as const, url: site }] : [],
    createdDate: optInstant(o, 'created_at'),
    sourceUrls: optStr(o, 'subdomain') ? [{ name: 'company', url: `https://${optStr(o, 'subdomain')!}.freeagent.com` }] : [],
  }) as CanonicalInputOf<'company'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Accounts (categories)
// ------------------------------------------------------------------------------------------------------------------

/**
 * The `/categories` body groups categories by kind (`admin_expenses_categories`, `cost_of_sales_categories`,
 * `income_categories`, `general_categories`; the `category_group` of the Postman create body names the same groups).
 * This selector flattens every `*_categories` array and records the group on each raw record as
 * `ledgerlink_group` so the mapper can classify it.
 */
export function selectCategories(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null) return [];
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!k.endsWith('_categories') || !Array.isArray(v)) continue;
    const group = k.slice(0, -'_categories'.length);
    for (const c of v) out.push(typeof c === 'object' && c !== null ? { ...(c as object), ledgerlink_group: group } : c);
  }
  return out;
}

/**
 * Classification of a nominal code. ❓ unverified: FreeAgent's nominal-code ranges (from its standard chart of
 * accounts as we remember it, not the reference): 001–099 income, 100–199 cost of sales, 200–599 expenses, 600–749
 * assets (fixed and current, depreciation contra-accounts included), 750–789 bank accounts (assets), 790–899
 * liabilities (trade creditors, taxes, loans), 900–999 equity/owners (capital, dividends, director's and user
 * accounts).
 */
export function classifyNominalCode(code: string): 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense' | 'Unknown' {
  const n = Number.parseInt(code, 10);
  if (!Number.isFinite(n)) return 'Unknown';
  if (n < 100) return 'Income';
  if (n < 600) return 'Expense';
  if (n < 790) return 'Asset';
  if (n < 900) return 'Liability';
  if (n < 1000) return 'Equity';
  return 'Unknown';
}

const GROUP_CLASS: Record<string, 'Income' | 'Expense' | undefined> = { income: 'Income', cost_of_sales: 'Expense', admin_expenses: 'Expense' };

/** A category → account. The id is the nominal code (the last segment of the category `url`). */
export function toAccount(raw: unknown): CanonicalInputOf<'accounts'> {
  const o = obj(raw, 'category');
  const code = optStr(o, 'nominal_code') ?? idOfRecord(o);
  const group = optStr(o, 'ledgerlink_group');
  const classification = (group ? GROUP_CLASS[group] : undefined) ?? classifyNominalCode(code);
  const name = optStr(o, 'description') ?? str(o, 'nominal_code');
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    code,
    name,
    classification,
    type: group ?? optStr(o, 'category_group'),
    status: 'Active',
    isBankAccount: Number.parseInt(code, 10) >= 750 && Number.parseInt(code, 10) < 790,
  }) as CanonicalInputOf<'accounts'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Contacts
// ------------------------------------------------------------------------------------------------------------------

/**
 * A contact → customer or supplier. FreeAgent has one contact list for both (reference §5.2) and no type flag, so
 * ❓ every contact is offered as a customer **and** a supplier under the same id (documented rule, see index.ts).
 * ❓ unverified field names beyond `first_name`/`last_name`/`email`/`country` (Postman bodies): `organisation_name`,
 * `phone_number`, `mobile`, `billing_email`, `sales_tax_registration_number`, `default_payment_terms_in_days`,
 * `account_balance`, `status` (`Active`/`Hidden`).
 */
export function toContact(raw: unknown): CanonicalInputOf<'customers'> {
  const o = obj(raw, 'contact');
  const first = optStr(o, 'first_name');
  const last = optStr(o, 'last_name');
  const person = [first, last].filter(Boolean).join(' ') || undefined;
  const org = optStr(o, 'organisation_name');
  const name = org ?? person;
  if (!name) throw new ValueParseError('contact has neither organisation_name nor first_name/last_name');
  const email = optStr(o, 'email');
  const billing = optStr(o, 'billing_email');
  const phones = [
    ['phone_number', 'Primary'],
    ['mobile', 'Mobile'],
  ]
    .map(([f, type]) => ({ type: type as 'Primary' | 'Mobile', number: optStr(o, f!) }))
    .filter((p): p is { type: 'Primary' | 'Mobile'; number: string } => !!p.number);
  const addr = address(o, 'Billing');
  const hidden = optStr(o, 'status')?.toLowerCase() === 'hidden';
  const terms = o.default_payment_terms_in_days;
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    name,
    contactName: org ? person : undefined,
    firstName: first,
    lastName: last,
    isIndividual: org ? false : undefined,
    emailAddress: email,
    emails: [...(email ? [{ type: 'Primary' as const, address: email }] : []), ...(billing && billing !== email ? [{ type: 'Billing' as const, address: billing }] : [])],
    phones,
    addresses: addr ? [addr] : [],
    taxNumber: optStr(o, 'sales_tax_registration_number'),
    status: hidden ? 'Archived' : 'Active',
    // Hidden contacts are FreeAgent's archived ones (the canonical rule: archived contacts are `isDeleted`).
    isDeleted: hidden,
    balance: optDec(o, 'account_balance'),
    paymentTermsDays: typeof terms === 'number' && Number.isInteger(terms) && terms >= 0 ? terms : undefined,
  }) as CanonicalInputOf<'customers'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Sales and purchase documents
// ------------------------------------------------------------------------------------------------------------------

/**
 * FreeAgent document status → canonical. Reference §5.4 lists Draft, Open, Overdue, Paid, Cancelled, Written-off ◐;
 * ❓ `Scheduled`/`Sent` spellings, `Refunded` on credit notes. Cancelled and written-off documents are `Void`
 * (canonical has no written-off state; `providerStatus` is not a canonical field, so the distinction is lost ❓).
 */
export function documentStatus(status: string | undefined, paid: string | undefined, total: string): 'Draft' | 'Submitted' | 'Open' | 'PartiallyPaid' | 'Paid' | 'Void' | 'Unknown' {
  const s = (status ?? '').toLowerCase().replace(/[\s_]+/g, '-');
  if (s === 'draft') return 'Draft';
  if (s.startsWith('scheduled') || s === 'sent') return 'Submitted';
  if (s === 'cancelled' || s === 'written-off' || s === 'writtenoff') return 'Void';
  if (s === 'paid' || s === 'refunded') return 'Paid';
  if (s === 'open' || s === 'overdue') {
    return paid !== undefined && compareDecimals(abs(paid), '0') > 0 && compareDecimals(abs(paid), abs(total)) < 0 ? 'PartiallyPaid' : 'Open';
  }
  return 'Unknown';
}

/** Exchange rate of a document. ❓ unverified direction (units of document currency per base unit is assumed). */
function currencyOf(o: Record<string, unknown>, ctx: MapContext) {
  const currency = optStr(o, 'currency');
  const rate = optDec(o, 'exchange_rate');
  return compact({ currency, currencyRate: rate !== undefined && compareDecimals(rate, '0') > 0 ? rate : currency && ctx.baseCurrency === currency ? '1' : undefined });
}

/**
 * Items of a document (`invoice_items`, `credit_note_items`, `bill_items`). From the doc example: `description`,
 * `item_type`, `price`, `quantity`; ❓ `url`, `category`, `sales_tax_rate`, `sales_tax_value`, `total_value`.
 */
function items(list: unknown[], sign: 1 | -1): LineItem[] {
  return list.map((l) => {
    const it = obj(l, 'item');
    const n = (v: string | undefined) => (v === undefined ? undefined : sign === -1 ? abs(v) : v);
    const url = optStr(it, 'url');
    return compact({
      id: url ? idFromUrl(url) : undefined,
      description: optStr(it, 'description'),
      quantity: optDec(it, 'quantity'),
      unitAmount: n(optDec(it, 'price')),
      subTotal: n(optDec(it, 'total_value')),
      taxAmount: n(optDec(it, 'sales_tax_value')),
      accountRef: urlRef(it, 'category'),
      itemRef: urlRef(it, 'price_list_item'),
      tracking: [],
    }) as LineItem;
  });
}

function document(o: Record<string, unknown>, ctx: MapContext, itemsField: string, sign: 1 | -1) {
  const n = (v: string | undefined) => (v === undefined ? undefined : sign === -1 ? abs(v) : v);
  const total = n(dec(o, 'total_value'))!;
  const paid = n(optDec(o, 'paid_value'));
  const status = documentStatus(optStr(o, 'status'), paid, total);
  const money = currencyOf(o, ctx);
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: status === 'Void' && /cancel/i.test(optStr(o, 'status') ?? ''),
    number: optStr(o, 'reference'),
    issueDate: date(o, 'dated_on'),
    dueDate: optDate(o, 'due_on'),
    createdDate: optInstant(o, 'created_at'),
    currency: money.currency,
    currencyRate: money.currencyRate,
    // ❓ unverified: FreeAgent net/total values are tax-exclusive lines plus sales tax.
    taxTreatment: 'Exclusive' as const,
    lineItems: items(arr(o, itemsField), sign),
    subTotal: n(optDec(o, 'net_value')),
    totalTaxAmount: n(optDec(o, 'sales_tax_value')),
    totalAmount: total,
    amountDue: n(optDec(o, 'due_value')),
    amountPaid: paid,
    status,
    allocations: [],
    note: optStr(o, 'comments'),
    url: optStr(o, 'url'),
  });
}

/** An invoice (doc example `invoices-list-nested-items.json`) → invoice. */
export function toInvoice(raw: unknown, ctx: MapContext): CanonicalInputOf<'invoices'> {
  const o = obj(raw, 'invoice');
  return { ...document(o, ctx, 'invoice_items', 1), customerRef: reqUrlRef(o, 'contact') } as CanonicalInputOf<'invoices'>;
}

/** A bill → bill (Postman body: `contact`, `reference`, `dated_on`, `due_on`, `category`, `total_value`). */
export function toBill(raw: unknown, ctx: MapContext): CanonicalInputOf<'bills'> {
  const o = obj(raw, 'bill');
  const d = document(o, ctx, 'bill_items', 1);
  // A bill without nested items (the Postman create body puts `category`/`total_value` on the bill) gets one line.
  const lines = d.lineItems.length > 0 ? d.lineItems : [compact({ description: optStr(o, 'reference'), subTotal: d.subTotal ?? d.totalAmount, accountRef: urlRef(o, 'category'), tracking: [] }) as LineItem];
  return { ...d, lineItems: lines, supplierRef: reqUrlRef(o, 'contact') } as CanonicalInputOf<'bills'>;
}

/**
 * A credit note → credit note. FreeAgent credit note items carry negative prices (Postman body: `"price": -100`), so
 * ❓ values arrive negative; canonical credit notes are positive, so signs are dropped. `due_value` is the credit
 * not yet used ❓.
 */
export function toCreditNote(raw: unknown, ctx: MapContext): CanonicalInputOf<'creditNotes'> {
  const o = obj(raw, 'credit note');
  const d = document(o, ctx, 'credit_note_items', -1);
  const remaining = d.amountDue;
  const status = d.status === 'Void' || d.status === 'Draft' || d.status === 'Submitted' ? d.status : remaining === undefined ? d.status : compareDecimals(remaining, '0') === 0 ? 'Paid' : 'Open';
  return compact({ ...d, amountDue: undefined, amountPaid: undefined, status, remainingCredit: remaining, customerRef: reqUrlRef(o, 'contact') }) as CanonicalInputOf<'creditNotes'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Bank
// ------------------------------------------------------------------------------------------------------------------

const BANK_TYPES: Record<string, 'Bank' | 'CreditCard' | 'PaymentService'> = {
  StandardBankAccount: 'Bank',
  CreditCardAccount: 'CreditCard',
  PaypalAccount: 'PaymentService',
};

/**
 * A bank account → bank account (Postman body: `type` `StandardBankAccount`, `name`, `opening_balance`,
 * `is_personal`, `status` `active`; the `view` filter names `credit_card_accounts`, `paypal_accounts`).
 * ❓ unverified: `current_balance`, `currency`, `bank_name`, `account_number`, `sort_code`, `iban`, `bic`,
 * `nominal_code`.
 */
export function toBankAccount(raw: unknown): CanonicalInputOf<'bankAccounts'> {
  const o = obj(raw, 'bank account');
  const code = optStr(o, 'nominal_code');
  const status = optStr(o, 'status')?.toLowerCase();
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    name: str(o, 'name'),
    code,
    institution: optStr(o, 'bank_name'),
    accountNumber: optStr(o, 'account_number'),
    sortCode: optStr(o, 'sort_code'),
    iban: optStr(o, 'iban'),
    bic: optStr(o, 'bic'),
    currency: optStr(o, 'currency'),
    balance: optDec(o, 'current_balance'),
    type: BANK_TYPES[optStr(o, 'type') ?? ''] ?? 'Unknown',
    ledgerAccountRef: code ? { id: code } : undefined,
    status: status === undefined || status === 'active' ? 'Active' : 'Archived',
  }) as CanonicalInputOf<'bankAccounts'>;
}

/**
 * A bank transaction → bank transaction. ❓ unverified field names: `amount` (signed: positive money in),
 * `bank_account`, `dated_on`, `description`, `unexplained_amount`, `is_manual`, `created_at`, `updated_at`.
 */
export function toBankTransaction(raw: unknown): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'bank transaction');
  const amount = dec(o, 'amount');
  const unexplained = optDec(o, 'unexplained_amount');
  const sign = compareDecimals(amount, '0');
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    bankAccountRef: reqUrlRef(o, 'bank_account'),
    date: date(o, 'dated_on'),
    description: optStr(o, 'description'),
    direction: sign > 0 ? 'Receive' : sign < 0 ? 'Spend' : 'Unknown',
    amount,
    lines: [],
    // ❓ a fully explained transaction is treated as reconciled.
    isReconciled: unexplained === undefined ? undefined : compareDecimals(unexplained, '0') === 0,
    status: 'Authorised',
    url: optStr(o, 'url'),
    providerType: o.is_manual === true ? 'manual' : 'imported',
  }) as CanonicalInputOf<'bankTransactions'>;
}

/** True for an explanation that pays an invoice (`paid_invoice` set). */
export const paysInvoice = (raw: unknown): boolean => typeof (raw as { paid_invoice?: unknown } | null)?.paid_invoice === 'string';
/** True for an explanation that pays a bill (`paid_bill` set). */
export const paysBill = (raw: unknown): boolean => typeof (raw as { paid_bill?: unknown } | null)?.paid_bill === 'string';

function explanation(o: Record<string, unknown>, kind: 'Invoice' | 'Bill', field: string) {
  const gross = dec(o, 'gross_value');
  const amount = abs(gross);
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    date: date(o, 'dated_on'),
    amount,
    accountRef: urlRef(o, 'bank_account'),
    reference: optStr(o, 'description'),
    lines: [{ kind, ref: reqUrlRef(o, field), amount }],
    tracking: [],
    status: 'Authorised' as const,
    providerType: `bank_transaction_explanation:${field}`,
  });
}

/**
 * A bank transaction explanation with `paid_invoice` → payment (reference §5.2: "no payments resource").
 * Fields from the Postman body: `bank_transaction`, `bank_account`, `dated_on`, `description`, `gross_value`
 * (signed; money in is positive). ❓ `paid_invoice` is a URL reference. The customer is not on the explanation
 * (it is the invoice's contact), so `customerRef` is omitted.
 */
export function toPayment(raw: unknown): CanonicalInputOf<'payments'> {
  const o = obj(raw, 'bank transaction explanation');
  return explanation(o, 'Invoice', 'paid_invoice') as CanonicalInputOf<'payments'>;
}

/** A bank transaction explanation with `paid_bill` → bill payment (amount unsigned; `gross_value` is negative). */
export function toBillPayment(raw: unknown): CanonicalInputOf<'billPayments'> {
  const o = obj(raw, 'bank transaction explanation');
  return explanation(o, 'Bill', 'paid_bill') as CanonicalInputOf<'billPayments'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Journals and items
// ------------------------------------------------------------------------------------------------------------------

/**
 * A journal set → journal entry (Postman body: `dated_on`, `description`, `tag`, `journal_entries[]` with `url`,
 * `category`, `description`, `debit_value`; a credit is a negative `debit_value`, so `netAmount = debit_value`).
 */
export function toJournalEntry(raw: unknown): CanonicalInputOf<'journalEntries'> {
  const o = obj(raw, 'journal set');
  const lines = arr(o, 'journal_entries').map((l) => {
    const e = obj(l, 'journal entry');
    const url = optStr(e, 'url');
    return compact({ id: url ? idFromUrl(url) : undefined, accountRef: reqUrlRef(e, 'category'), description: optStr(e, 'description'), netAmount: dec(e, 'debit_value'), tracking: [] });
  });
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    reference: optStr(o, 'tag'),
    date: date(o, 'dated_on'),
    createdDate: optInstant(o, 'created_at'),
    description: optStr(o, 'description'),
    lines,
    status: 'Posted',
  }) as CanonicalInputOf<'journalEntries'>;
}

/**
 * A price list item → item. ❓ unverified field names: `code`, `description`, `price`, `item_type`
 * (`Hours`, `Days`, `Products`, `Services`…), `category`, `sales_tax_rate`.
 */
export function toItem(raw: unknown): CanonicalInputOf<'items'> {
  const o = obj(raw, 'price list item');
  const t = (optStr(o, 'item_type') ?? '').toLowerCase();
  const type = /product|stock/.test(t) ? 'NonInventory' : t ? 'Service' : 'Unknown';
  const description = optStr(o, 'description');
  return compact({
    id: idOfRecord(o),
    sourceModifiedDate: optInstant(o, 'updated_at'),
    isDeleted: false as boolean,
    code: optStr(o, 'code'),
    name: description ?? str(o, 'code'),
    description,
    type,
    isSold: true,
    isBought: false,
    invoiceDetails: compact({ description, unitPrice: optDec(o, 'price'), accountRef: urlRef(o, 'category') }),
    unitOfMeasure: optStr(o, 'item_type'),
    status: 'Active',
  }) as CanonicalInputOf<'items'>;
}

