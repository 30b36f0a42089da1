/**
 * Pure mappers from Sage Business Cloud Accounting v3.1 records (Swagger definitions `SalesInvoice`, `Contact`,
 * `LedgerAccount`, …, field names verbatim) to the canonical model.
 *
 * Conventions:
 * - `id` is Sage's 32-hex `id`; `sourceModifiedDate` is `updated_at`; references `{ id, displayed_as, $path }` become
 *   `{ id, name }`.
 * - Amounts are JSON numbers in the Swagger (`number/double`): they become exact decimal strings (shortest round-trip
 *   form, no float arithmetic); quoted decimals are accepted too.
 * - A voided document keeps its record with `status: { id: "VOID" }` and `void_reason`; it maps to `status: "Void"`
 *   and `isDeleted: true` (as Xero VOIDED does), and the reason goes to `note` when there is no other note.
 *
 * @see https://developer.sage.com/accounting/reference/invoicing-sales/#tag/Sales-Invoices
 * @module
 */
import type { Ref } from '../../../src/model/common';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { MapContext } from '../../../src/provider/types';
import { ValueParseError, compareDecimals, negateDecimal, subtractDecimals } from '../../../src/model/primitives';
import {
  arr,
  compact,
  date,
  dec,
  instant,
  obj,
  optBool,
  optDate,
  optDec,
  optStr,
  ref,
  refId,
  reqRef,
  str,
  sub,
  type SageRecord,
} from '../lib/values';

type DocStatus = 'Draft' | 'Submitted' | 'Open' | 'PartiallyPaid' | 'Paid' | 'Void' | 'Deleted' | 'Unknown';

/**
 * Artefact status ids → canonical status. ❓ unverified: the id list (`DRAFT`, `PRO_FORMA`, `UNPAID`, `PART_PAID`,
 * `PAID`, `VOID`, `DISPUTED`, `SCHEDULED_FOR_PAYMENT`): the Swagger only says "The status of the invoice" (a `Base`
 * reference) and lists no values.
 */
export const SAGE_DOCUMENT_STATUS: Readonly<Record<string, DocStatus>> = {
  DRAFT: 'Draft',
  PRO_FORMA: 'Draft',
  UNPAID: 'Open',
  DISPUTED: 'Open',
  SCHEDULED_FOR_PAYMENT: 'Open',
  PART_PAID: 'PartiallyPaid',
  PAID: 'Paid',
  VOID: 'Void',
};

// Each record is one object literal: the shared fields (`id`, `sourceModifiedDate`) are written out rather than spread
// from a helper's object, because a literal that starts with a spread gets a fresh V8 hidden class per call.

/** Sage address (`Address`, `SalesArtefactAddress`) → canonical address. */
export function toAddress(a: SageRecord | undefined, type: 'Billing' | 'Delivery' | 'Street' | 'Postal' | 'Unknown') {
  if (!a) return undefined;
  const country = sub(a, 'country');
  const countryId = typeof country?.id === 'string' ? country.id.toUpperCase() : undefined;
  const out = compact({
    type,
    line1: optStr(a, 'address_line_1'),
    line2: optStr(a, 'address_line_2'),
    city: optStr(a, 'city'),
    region: optStr(a, 'region'),
    postalCode: optStr(a, 'postal_code'),
    country: optStr(country, 'displayed_as') ?? countryId,
    countryCode: countryId && /^[A-Z]{2}$/.test(countryId) ? countryId : undefined,
  });
  return Object.keys(out).length > 1 ? out : undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Reference data
// ------------------------------------------------------------------------------------------------------------------

/**
 * Ledger account type ids → classification. ❓ unverified: the ids (`SALES`, `OTHER_INCOME`, `DIRECT_EXPENSES`,
 * `OVERHEADS`, `DEPRECIATION`, `CURRENT_ASSETS`, `FIXED_ASSETS`, `FUTURE_ASSETS`, `BANK`, `CURRENT_LIABILITY`,
 * `FUTURE_LIABILITY`, `EQUITY`, `LT_LIABILITY`): `/ledger_account_types` exists but the Swagger lists no values.
 */
export const SAGE_ACCOUNT_CLASSIFICATION: Readonly<Record<string, 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense'>> = {
  SALES: 'Income',
  OTHER_INCOME: 'Income',
  DIRECT_EXPENSES: 'Expense',
  OVERHEADS: 'Expense',
  DEPRECIATION: 'Expense',
  CURRENT_ASSETS: 'Asset',
  FIXED_ASSETS: 'Asset',
  FUTURE_ASSETS: 'Asset',
  BANK: 'Asset',
  CURRENT_LIABILITY: 'Liability',
  FUTURE_LIABILITY: 'Liability',
  LT_LIABILITY: 'Liability',
  EQUITY: 'Equity',
};

/**
 * The signed balance of `balance_details`, debits positive: `debits - credits` when both are given, else `balance`
 * signed by `credit_or_debit`. ❓ unverified: that `balance` is unsigned and `credit_or_debit` is `"credit"`/`"debit"`.
 */
export function debitBalance(details: SageRecord | undefined): string | undefined {
  if (!details) return undefined;
  const debits = optDec(details, 'debits');
  const credits = optDec(details, 'credits');
  if (debits !== undefined && credits !== undefined) return subtractDecimals(debits, credits);
  const balance = optDec(details, 'balance');
  if (balance === undefined) return undefined;
  return /^credit$/i.test(String(details.credit_or_debit ?? '')) ? negateDecimal(balance) : balance;
}

/** `/ledger_accounts` → ledger account. Accounts not `included_in_chart` are `Archived` (still readable, not deleted). */
export function toAccount(raw: unknown): CanonicalInputOf<'accounts'> {
  const o = obj(raw, 'LedgerAccount');
  const type = refId(o, 'ledger_account_type');
  const code = o.nominal_code;
  const balance = debitBalance(sub(o, 'balance_details'));
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    code: typeof code === 'number' || (typeof code === 'string' && code !== '') ? String(code) : undefined,
    name: optStr(o, 'name') ?? str(o, 'displayed_as'),
    fullyQualifiedName: optStr(o, 'display_name'),
    classification: (type ? SAGE_ACCOUNT_CLASSIFICATION[type] : undefined) ?? 'Unknown',
    type,
    // ❓ unverified: that an account left out of the chart (`included_in_chart: false`) is best seen as Archived.
    status: o.included_in_chart === false ? 'Archived' : 'Active',
    isBankAccount: type === 'BANK',
    isSystemAccount: optBool(o, 'is_control_account'),
    systemAccountType: optStr(o, 'control_name'),
    taxRateRef: ref(o, 'tax_rate'),
    currentBalance: balance,
  }) as CanonicalInputOf<'accounts'>;
}

function contact(o: SageRecord, kind: 'customer' | 'supplier') {
  const person = sub(o, 'main_contact_person');
  const email = optStr(o, 'email') ?? optStr(person, 'email');
  const phones = [
    ['telephone', 'Landline'],
    ['mobile', 'Mobile'],
    ['fax', 'Fax'],
  ]
    .map(([f, type]) => ({ type: type as 'Landline' | 'Mobile' | 'Fax', number: optStr(person, f!) }))
    .filter((p): p is { type: 'Landline' | 'Mobile' | 'Fax'; number: string } => p.number !== undefined);
  const bank = sub(o, 'bank_account_details');
  const bankAccount = bank
    ? compact({ accountName: optStr(bank, 'account_name'), accountNumber: optStr(bank, 'account_number'), sortCode: optStr(bank, 'sort_code'), iban: optStr(bank, 'iban'), bic: optStr(bank, 'bic') })
    : undefined;
  const creditDays = o.credit_days;
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    name: optStr(o, 'name') ?? str(o, 'displayed_as'),
    contactName: optStr(person, 'name'),
    emailAddress: email,
    emails: email ? [{ type: 'Primary' as const, address: email }] : [],
    phones,
    addresses: [toAddress(sub(o, 'main_address'), 'Billing'), toAddress(sub(o, 'delivery_address'), 'Delivery')].filter((a) => a !== undefined),
    contactPersons: person && optStr(person, 'name') ? [compact({ name: optStr(person, 'name'), emailAddress: optStr(person, 'email'), isPrimary: true })] : [],
    taxNumber: optStr(o, 'tax_number'),
    registrationNumber: optStr(o, 'registered_number'),
    defaultCurrency: refId(o, 'currency'),
    // ❓ unverified: Sage contacts have no active/archived flag in the Swagger; every contact is Active.
    status: 'Active' as const,
    balance: optDec(o, 'balance'),
    creditLimit: optDec(o, 'credit_limit'),
    paymentTermsDays: typeof creditDays === 'number' && Number.isInteger(creditDays) && creditDays >= 0 ? creditDays : undefined,
    accountNumber: optStr(o, 'reference'),
    bankAccounts: bankAccount && Object.keys(bankAccount).length > 0 ? [bankAccount] : [],
    defaultAccountRef: ref(o, kind === 'customer' ? 'default_sales_ledger_account' : 'default_purchase_ledger_account'),
    defaultTaxRateRef: kind === 'customer' ? ref(o, 'default_sales_tax_rate') : undefined,
    note: optStr(o, 'notes'),
  });
}

/** Contact type ids of a contact (`contact_types[].id`), upper-cased. */
export function contactTypes(raw: unknown): string[] {
  return arr(raw as SageRecord, 'contact_types').map((t) => String((t as { id?: unknown } | null)?.id ?? '').toUpperCase());
}

/** `/contacts` with contact type CUSTOMER → customer. */
export function toCustomer(raw: unknown): CanonicalInputOf<'customers'> {
  return contact(obj(raw, 'Contact'), 'customer') as CanonicalInputOf<'customers'>;
}

/** `/contacts` with contact type VENDOR → supplier. */
export function toSupplier(raw: unknown): CanonicalInputOf<'suppliers'> {
  return contact(obj(raw, 'Contact'), 'supplier') as CanonicalInputOf<'suppliers'>;
}

/** `/tax_rates` → tax rate. Combined rates list their `component_tax_rates`. Hidden rates (`is_visible: false`) are Archived. */
export function toTaxRate(raw: unknown): CanonicalInputOf<'taxRates'> {
  const o = obj(raw, 'TaxRate');
  const pct = optDec(o, 'percentage');
  const components = arr(o, 'component_tax_rates').map((c) => {
    const co = obj(c, 'ComponentTaxRate');
    return compact({ name: optStr(co, 'name') ?? optStr(co, 'displayed_as') ?? '', rate: dec(co, 'percentage'), isCompound: false });
  });
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    name: optStr(o, 'name') ?? str(o, 'displayed_as'),
    description: optStr(o, 'agency'),
    effectiveTaxRate: pct,
    totalTaxRate: pct,
    components,
    status: o.is_visible === false ? 'Archived' : 'Active',
  }) as CanonicalInputOf<'taxRates'>;
}

/**
 * Bank account type ids → canonical type. ❓ unverified: the ids (`CHECKING`, `SAVINGS`, `CREDIT_CARD`,
 * `CASH_IN_HAND`, `LOAN`, `OTHER`); the Swagger names the field only.
 */
const BANK_TYPES: Record<string, 'Bank' | 'CreditCard' | 'Savings' | 'Loan' | 'Other'> = {
  CHECKING: 'Bank',
  CURRENT: 'Bank',
  SAVINGS: 'Savings',
  CREDIT_CARD: 'CreditCard',
  LOAN: 'Loan',
  CASH_IN_HAND: 'Other',
  OTHER: 'Other',
};

/** `/bank_accounts` → bank account. The v3.1 `BankAccount` definition has no currency field: none is mapped. */
export function toBankAccount(raw: unknown): CanonicalInputOf<'bankAccounts'> {
  const o = obj(raw, 'BankAccount');
  const d = sub(o, 'bank_account_details');
  const type = refId(o, 'bank_account_type');
  const code = o.nominal_code;
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    name: optStr(d, 'account_name') ?? str(o, 'displayed_as'),
    code: typeof code === 'number' ? String(code) : optStr(o, 'nominal_code'),
    accountNumber: optStr(d, 'account_number'),
    sortCode: optStr(d, 'sort_code'),
    iban: optStr(d, 'iban'),
    bic: optStr(d, 'bic'),
    balance: optDec(o, 'balance'),
    type: (type ? BANK_TYPES[type] : undefined) ?? 'Unknown',
    ledgerAccountRef: ref(o, 'ledger_account'),
    status: 'Active' as const,
  }) as CanonicalInputOf<'bankAccounts'>;
}

/**
 * Catalog item type ids → item type. ❓ unverified: `STOCK_ITEM`, `NON_STOCK_ITEM`, `SERVICE` (Swagger: "Indicates
 * what the product type is", no values).
 */
const ITEM_TYPES: Record<string, 'Inventory' | 'NonInventory' | 'Service'> = { STOCK_ITEM: 'Inventory', NON_STOCK_ITEM: 'NonInventory', SERVICE: 'Service' };

function tradeDetails(o: { description?: string | undefined; unitPrice?: string | undefined; accountRef?: Ref | undefined; taxRateRef?: Ref | undefined; taxInclusive?: boolean | undefined }) {
  const c = compact({ ...o });
  return Object.keys(c).length ? c : undefined;
}

/**
 * `/products` → item. The first of `sales_prices` is the selling price; `cost_price` is the buying price. Inactive
 * products (`active: false`) are Archived.
 */
export function toItem(raw: unknown): CanonicalInputOf<'items'> {
  const o = obj(raw, 'Product');
  const price = sub({ p: arr(o, 'sales_prices')[0] }, 'p');
  const type = refId(o, 'catalog_item_type');
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    code: optStr(o, 'item_code'),
    name: optStr(o, 'description') ?? str(o, 'displayed_as'),
    description: optStr(o, 'notes'),
    type: (type ? ITEM_TYPES[type] : undefined) ?? 'NonInventory',
    isSold: true,
    isBought: ref(o, 'purchase_ledger_account') !== undefined || optDec(o, 'cost_price') !== undefined,
    invoiceDetails: tradeDetails({ unitPrice: optDec(price, 'price'), taxInclusive: optBool(price, 'price_includes_tax'), accountRef: ref(o, 'sales_ledger_account'), taxRateRef: ref(o, 'sales_tax_rate') }),
    billDetails: tradeDetails({ description: optStr(o, 'purchase_description'), unitPrice: optDec(o, 'cost_price'), accountRef: ref(o, 'purchase_ledger_account'), taxRateRef: ref(o, 'purchase_tax_rate') }),
    status: o.active === false ? 'Archived' : 'Active',
  }) as CanonicalInputOf<'items'>;
}

/** `/services` → item of type Service (the first of `sales_rates` is the selling rate). Exported for callers reading `/services` themselves. */
export function toServiceItem(raw: unknown): CanonicalInputOf<'items'> {
  const o = obj(raw, 'Service');
  const rate = sub({ r: arr(o, 'sales_rates')[0] }, 'r');
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    code: optStr(o, 'item_code'),
    name: optStr(o, 'description') ?? str(o, 'displayed_as'),
    description: optStr(o, 'notes'),
    type: 'Service' as const,
    isSold: true,
    isBought: ref(o, 'purchase_ledger_account') !== undefined,
    invoiceDetails: tradeDetails({ unitPrice: optDec(rate, 'rate'), taxInclusive: optBool(rate, 'rate_includes_tax'), accountRef: ref(o, 'sales_ledger_account'), taxRateRef: ref(o, 'sales_tax_rate') }),
    billDetails: tradeDetails({ description: optStr(o, 'purchase_description'), unitPrice: optDec(o, 'cost_price'), accountRef: ref(o, 'purchase_ledger_account'), taxRateRef: ref(o, 'purchase_tax_rate') }),
    status: o.active === false ? 'Archived' : 'Active',
  }) as CanonicalInputOf<'items'>;
}

/**
 * `/financial_settings` + the business (tenant name, region and the `/businesses` fields kept in tenant metadata)
 * → company. `year_end_date` gives the financial year end month and day; `year_end_lockdown_date` the lock date.
 */
export function toCompany(raw: unknown, ctx: MapContext): CanonicalInputOf<'company'> {
  const o = obj(raw, 'FinancialSettings');
  const yearEnd = optDate(o, 'year_end_date');
  const md = ctx.tenant.metadata ?? {};
  const region = (ctx.tenant.region ?? md.country)?.toUpperCase();
  const addr = compact({ type: 'Street' as const, line1: md.address_line_1, line2: md.address_line_2, city: md.city, postalCode: md.postal_code, region: md.region, countryCode: region && /^[A-Z]{2}$/.test(region) ? region : undefined });
  return compact({
    id: ctx.tenant.id,
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    name: ctx.tenant.name ?? ctx.tenant.id,
    baseCurrency: refId(o, 'base_currency'),
    countryCode: region,
    taxNumber: optStr(o, 'tax_number') ?? optStr(o, 'general_tax_number'),
    financialYearEndMonth: yearEnd ? Number(yearEnd.slice(5, 7)) : undefined,
    financialYearEndDay: yearEnd ? Number(yearEnd.slice(8, 10)) : undefined,
    periodLockDate: optDate(o, 'year_end_lockdown_date'),
    addresses: addr.line1 || addr.city ? [addr] : [],
    phones: md.telephone ? [{ type: 'Landline' as const, number: md.telephone }] : [],
    website: md.website,
    webLinks: md.website ? [{ type: 'Website' as const, url: md.website }] : [],
    isDemo: md.is_demo === 'true' ? true : md.is_demo === 'false' ? false : undefined,
  }) as CanonicalInputOf<'company'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Documents
// ------------------------------------------------------------------------------------------------------------------

function lineItems(o: SageRecord, field: string) {
  return arr(o, field).map((l) => {
    const li = obj(l, 'line item');
    return compact({
      id: optStr(li, 'id'),
      description: optStr(li, 'description'),
      quantity: optDec(li, 'quantity'),
      unitAmount: optDec(li, 'unit_price'),
      discountAmount: optDec(li, 'discount_amount'),
      discountPercentage: optDec(li, 'discount_percentage'),
      subTotal: optDec(li, 'net_amount'),
      taxAmount: optDec(li, 'tax_amount'),
      totalAmount: optDec(li, 'total_amount'),
      accountRef: ref(li, 'ledger_account'),
      itemRef: ref(li, 'product') ?? ref(li, 'service'),
      taxRateRef: ref(li, 'tax_rate'),
      tracking: [],
    });
  });
}

/** Line amounts' tax treatment: every line `unit_price_includes_tax` true → Inclusive, all false → Exclusive. */
function taxTreatment(o: SageRecord, field: string): 'Inclusive' | 'Exclusive' | 'Unknown' {
  const flags = arr(o, field).map((l) => (l as SageRecord | null)?.unit_price_includes_tax);
  if (flags.length === 0 || flags.some((f) => typeof f !== 'boolean')) return 'Unknown';
  if (flags.every((f) => f === true)) return 'Inclusive';
  if (flags.every((f) => f === false)) return 'Exclusive';
  return 'Unknown';
}

const ARTEFACT_KIND: [RegExp, 'Invoice' | 'Bill' | 'CreditNote' | 'BillCreditNote'][] = [
  [/^\/?(v3\.1\/)?sales_invoices\//, 'Invoice'],
  [/^\/?(v3\.1\/)?purchase_invoices\//, 'Bill'],
  [/^\/?(v3\.1\/)?sales_credit_notes\//, 'CreditNote'],
  [/^\/?(v3\.1\/)?purchase_credit_notes\//, 'BillCreditNote'],
];

/** The kind of an artefact from its `$path` (`/sales_invoices/…` → Invoice). */
export function artefactKind(artefact: SageRecord | undefined): 'Invoice' | 'Bill' | 'CreditNote' | 'BillCreditNote' | 'Unknown' {
  const path = optStr(artefact, '$path') ?? '';
  return ARTEFACT_KIND.find(([re]) => re.test(path))?.[1] ?? 'Unknown';
}

/**
 * `payments_allocations[]` → allocations: a `contact_payment` is a Payment; otherwise the allocated `artefact`
 * (a credit note, by its `$path`) or the `contact_allocation`. ❓ unverified: which of these Sage fills for which
 * `type`; the Swagger `PaymentAllocation` definition declares all three without saying.
 */
function allocations(o: SageRecord) {
  const out: { kind: 'Payment' | 'CreditNote' | 'Invoice' | 'Bill' | 'Unknown'; ref: Ref; amount: string; date?: string }[] = [];
  for (const a of arr(o, 'payments_allocations')) {
    const pa = obj(a, 'PaymentAllocation');
    const payment = ref(pa, 'contact_payment');
    const artefact = ref(pa, 'artefact');
    const allocation = ref(pa, 'contact_allocation');
    const target = payment ?? artefact ?? allocation;
    if (!target) continue;
    const k = payment ? 'Payment' : artefact ? artefactKind(sub(pa, 'artefact')) : 'Unknown';
    const kind = k === 'BillCreditNote' ? 'CreditNote' : k;
    out.push(compact({ kind, ref: target, amount: dec(pa, 'amount'), date: optDate(pa, 'date') }));
  }
  return out;
}

function document(o: SageRecord, lines: string, ctx: MapContext) {
  const statusId = refId(o, 'status');
  const status: DocStatus = (statusId ? SAGE_DOCUMENT_STATUS[statusId] : undefined) ?? 'Unknown';
  // ❓ unverified: `currency.id` is the ISO 4217 code (`GBP`); the Swagger types `currency` as a `Base` reference only.
  const currency = refId(o, 'currency');
  const rate = optDec(o, 'exchange_rate');
  const notes = optStr(o, 'notes');
  const voidReason = optStr(o, 'void_reason');
  const withholding = optDec(o, 'withholding_tax_amount');
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: status === 'Void',
    reference: optStr(o, 'reference'),
    issueDate: date(o, 'date'),
    dueDate: optDate(o, 'due_date'),
    paidOnDate: status === 'Paid' ? optDate(o, 'last_paid') : undefined,
    createdDate: instant(o, 'created_at'),
    currency,
    // ❓ unverified: `exchange_rate` is document-currency units per one base unit (the canonical direction); the
    // Swagger only says "The exchange rate for the invoice". Same currency as the books: 1.
    currencyRate: currency && ctx.baseCurrency && currency === ctx.baseCurrency ? '1' : rate !== undefined && compareDecimals(rate, '0') > 0 ? rate : undefined,
    taxTreatment: taxTreatment(o, lines),
    lineItems: lineItems(o, lines),
    subTotal: optDec(o, 'net_amount'),
    totalTaxAmount: optDec(o, 'tax_amount'),
    totalDiscount: optDec(o, 'total_discount_amount'),
    totalAmount: dec(o, 'total_amount'),
    amountDue: optDec(o, 'outstanding_amount'),
    amountPaid: optDec(o, 'total_paid'),
    withholdingTax: withholding !== undefined && compareDecimals(withholding, '0') !== 0 ? [{ name: 'Withholding tax', amount: withholding }] : [],
    status,
    allocations: allocations(o),
    billingAddress: toAddress(sub(o, 'main_address'), 'Billing'),
    deliveryAddress: toAddress(sub(o, 'delivery_address'), 'Delivery'),
    note: notes ?? (voidReason ? `Voided: ${voidReason}` : undefined),
  });
}

/** `/sales_invoices` → invoice (`invoice_number` is the number, `contact` the customer). */
export function toInvoice(raw: unknown, ctx: MapContext): CanonicalInputOf<'invoices'> {
  const o = obj(raw, 'SalesInvoice');
  return compact({ ...document(o, 'invoice_lines', ctx), number: optStr(o, 'invoice_number'), customerRef: reqRef(o, 'contact') }) as CanonicalInputOf<'invoices'>;
}

/**
 * `/purchase_invoices` → bill. ❓ unverified: `reference` is the supplier's invoice number (the bill's number) and
 * `vendor_reference` a further reference; PurchaseInvoice has no `invoice_number` field.
 */
export function toBill(raw: unknown, ctx: MapContext): CanonicalInputOf<'bills'> {
  const o = obj(raw, 'PurchaseInvoice');
  return compact({ ...document(o, 'invoice_lines', ctx), number: optStr(o, 'reference'), reference: optStr(o, 'vendor_reference'), supplierRef: reqRef(o, 'contact') }) as CanonicalInputOf<'bills'>;
}

function credit(o: SageRecord, ctx: MapContext) {
  const d = document(o, 'credit_note_lines', ctx);
  const remaining = optDec(o, 'outstanding_amount');
  // A credit note is "Paid" once fully allocated or refunded (nothing outstanding).
  const current = d.status as DocStatus;
  const status: DocStatus = current === 'Void' || current === 'Draft' || remaining === undefined ? current : compareDecimals(remaining, '0') === 0 ? 'Paid' : 'Open';
  return compact({ ...d, amountDue: undefined, amountPaid: undefined, paidOnDate: undefined, status, remainingCredit: remaining, allocatedOnDate: optDate(o, 'last_paid') });
}

/** `/sales_credit_notes` → credit note (`outstanding_amount` is the credit left). */
export function toCreditNote(raw: unknown, ctx: MapContext): CanonicalInputOf<'creditNotes'> {
  const o = obj(raw, 'SalesCreditNote');
  return compact({ ...credit(o, ctx), number: optStr(o, 'credit_note_number'), customerRef: reqRef(o, 'contact') }) as CanonicalInputOf<'creditNotes'>;
}

/** `/purchase_credit_notes` → bill credit note (number from `reference`, like bills). */
export function toBillCreditNote(raw: unknown, ctx: MapContext): CanonicalInputOf<'billCreditNotes'> {
  const o = obj(raw, 'PurchaseCreditNote');
  return compact({ ...credit(o, ctx), number: optStr(o, 'reference'), reference: optStr(o, 'vendor_reference'), supplierRef: reqRef(o, 'contact') }) as CanonicalInputOf<'billCreditNotes'>;
}

// ------------------------------------------------------------------------------------------------------------------
// Payments, journals, bank transactions
// ------------------------------------------------------------------------------------------------------------------

/**
 * Contact payment transaction type ids. ❓ unverified: `CUSTOMER_RECEIPT`, `CUSTOMER_REFUND`, `VENDOR_PAYMENT`,
 * `VENDOR_REFUND` (the Swagger documents `transaction_type` as a `Base` reference only).
 */
export const CUSTOMER_PAYMENT_TYPES: ReadonlySet<string> = new Set(['CUSTOMER_RECEIPT', 'CUSTOMER_REFUND']);
/** Supplier-side contact payment transaction types (see {@link CUSTOMER_PAYMENT_TYPES}). */
export const VENDOR_PAYMENT_TYPES: ReadonlySet<string> = new Set(['VENDOR_PAYMENT', 'VENDOR_REFUND']);

function payment(o: SageRecord, ctx: MapContext) {
  const currency = refId(o, 'currency');
  const rate = optDec(o, 'exchange_rate');
  const lines = arr(o, 'allocated_artefacts').map((a) => {
    const aa = obj(a, 'AllocatedPaymentArtefact');
    const artefact = sub(aa, 'artefact');
    return { kind: artefactKind(artefact), ref: reqRef(aa, 'artefact'), amount: dec(aa, 'amount') };
  });
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    date: date(o, 'date'),
    amount: dec(o, 'total_amount'),
    currency,
    currencyRate: currency && ctx.baseCurrency && currency === ctx.baseCurrency ? '1' : rate !== undefined && compareDecimals(rate, '0') > 0 ? rate : undefined,
    accountRef: ref(o, 'bank_account'),
    paymentMethodRef: ref(o, 'payment_method'),
    reference: optStr(o, 'reference'),
    lines,
    // ❓ unverified: `payment_on_account.total_amount` is the part of the payment not allocated to any artefact.
    unallocatedAmount: optDec(sub(o, 'payment_on_account'), 'total_amount'),
    tracking: [],
    status: 'Authorised' as const,
    providerType: refId(o, 'transaction_type'),
  });
}

/** `/contact_payments` (customer receipts and refunds) → payment; `allocated_artefacts` are its lines. */
export function toPayment(raw: unknown, ctx: MapContext): CanonicalInputOf<'payments'> {
  const o = obj(raw, 'ContactPayment');
  return compact({ ...payment(o, ctx), customerRef: ref(o, 'contact') }) as CanonicalInputOf<'payments'>;
}

/** `/contact_payments` (vendor payments and refunds) → bill payment. */
export function toBillPayment(raw: unknown, ctx: MapContext): CanonicalInputOf<'billPayments'> {
  const o = obj(raw, 'ContactPayment');
  return compact({ ...payment(o, ctx), supplierRef: ref(o, 'contact') }) as CanonicalInputOf<'billPayments'>;
}

/** `/journals` → journal entry; each line's `debit - credit` is its signed net amount. */
export function toJournalEntry(raw: unknown): CanonicalInputOf<'journalEntries'> {
  const o = obj(raw, 'Journal');
  const lines = arr(o, 'journal_lines').map((l) => {
    const jl = obj(l, 'JournalLine');
    return compact({
      id: optStr(jl, 'id'),
      accountRef: reqRef(jl, 'ledger_account'),
      description: optStr(jl, 'details'),
      netAmount: subtractDecimals(optDec(jl, 'debit') ?? '0', optDec(jl, 'credit') ?? '0'),
      tracking: [],
    });
  });
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    reference: optStr(o, 'reference'),
    date: date(o, 'date'),
    createdDate: instant(o, 'created_at'),
    description: optStr(o, 'description'),
    lines,
    status: 'Posted' as const,
    taxTreatment: 'NoTax' as const,
  }) as CanonicalInputOf<'journalEntries'>;
}

/**
 * `/other_payments` → bank transaction: `OTHER_RECEIPT` is money in (Receive, amount positive), `OTHER_PAYMENT` money
 * out (Spend, amount negative). Lines carry `net_amount` (tax-exclusive). ❓ unverified: the two type ids.
 */
export function toBankTransaction(raw: unknown): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'OtherPayment');
  const type = refId(o, 'transaction_type');
  const direction = type === 'OTHER_RECEIPT' ? 'Receive' : type === 'OTHER_PAYMENT' ? 'Spend' : 'Unknown';
  if (direction === 'Unknown') throw new ValueParseError(`unknown other payment transaction type ${JSON.stringify(type)}`);
  const total = dec(o, 'total_amount');
  const lines = arr(o, 'payment_lines').map((l) => {
    const pl = obj(l, 'OtherPaymentLineItem');
    return compact({
      id: optStr(pl, 'id'),
      description: optStr(pl, 'details'),
      amount: dec(pl, 'net_amount'),
      taxAmount: optDec(pl, 'tax_amount'),
      accountRef: ref(pl, 'ledger_account'),
      taxRateRef: ref(pl, 'tax_rate'),
      tracking: [],
    });
  });
  return compact({
    id: str(o, 'id'),
    sourceModifiedDate: instant(o, 'updated_at'),
    isDeleted: false,
    bankAccountRef: reqRef(o, 'bank_account'),
    date: date(o, 'date'),
    reference: optStr(o, 'reference'),
    direction,
    amount: direction === 'Spend' ? negateDecimal(total) : total,
    subTotal: optDec(o, 'net_amount'),
    totalTaxAmount: optDec(o, 'tax_amount'),
    taxTreatment: 'Exclusive' as const,
    contactRef: ref(o, 'contact'),
    lines,
    status: 'Authorised' as const,
    providerType: type,
  }) as CanonicalInputOf<'bankTransactions'>;
}

/**
 * A `deleted_since` entry → tombstone. Entries carry the deleted `id` and `deleted_at` ◐ (reference §4.4).
 */
export function toTombstone(raw: unknown): { id: string; deletedAt?: string } {
  const o = obj(raw, 'deleted entry');
  const deletedAt = instant(o, 'deleted_at');
  return deletedAt ? { id: str(o, 'id'), deletedAt } : { id: str(o, 'id') };
}
