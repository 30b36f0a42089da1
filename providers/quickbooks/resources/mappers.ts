/**
 * QuickBooks Online entities → canonical records. Field names follow the XSD (`Finance.xsd`); JSON uses the same.
 * @module
 */
import type { Address } from '../../../src/model/address';
import type { Ref } from '../../../src/model/common';
import type { LineItem } from '../../../src/model/documents';
import type { MapContext } from '../../../src/provider/types';
import { ValueParseError, compareDecimals, subtractDecimals } from '../../../src/model/primitives';
import type { CanonicalInputOf } from '../../../src/model/registry';
import { arr, compact, created, currencyOf, date, dec, lastUpdated, obj, optDate, optDec, optStr, qbRef, reqRef, str, sub } from '../lib/values';


/** True for a CDC/delete stub `{ status: "Deleted", Id, MetaData }`. */
export function isDeletedStub(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { status?: unknown }).status === 'Deleted';
}

/** Tombstone of a deleted stub (used by the change feed). */
export function qbTombstone(raw: unknown): { id: string; deletedAt?: string } | undefined {
  if (!isDeletedStub(raw)) return undefined;
  const o = obj(raw, 'deleted entity');
  const deletedAt = lastUpdated(o);
  return { id: str(o, 'Id'), ...(deletedAt ? { deletedAt } : {}) };
}

// Mappers build each record as one object literal, without spreading another mapped object into it: a literal that
// starts with a spread gets a fresh hidden class per call in V8 (measured: 44 → 14 µs an invoice), so shared fields
// (`id`, `sourceModifiedDate`, currency) are written out in each literal instead.

function address(raw: Record<string, unknown> | undefined, type: Address['type']): Address | undefined {
  if (!raw) return undefined;
  const more = ['Line2', 'Line3', 'Line4', 'Line5'].map((f) => optStr(raw, f)).filter(Boolean).join(', ');
  const a = compact({
    type,
    line1: optStr(raw, 'Line1'),
    line2: more || undefined,
    city: optStr(raw, 'City'),
    region: optStr(raw, 'CountrySubDivisionCode'),
    postalCode: optStr(raw, 'PostalCode'),
    country: optStr(raw, 'Country'),
  });
  return Object.keys(a).length > 1 ? a : undefined;
}

const CLASSIFICATION: Record<string, 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense'> = {
  Asset: 'Asset',
  Liability: 'Liability',
  Equity: 'Equity',
  Revenue: 'Income',
  Expense: 'Expense',
};

/** `CompanyInfo` → company. Base currency is not in CompanyInfo (it is in Preferences) ❓ so it is left out. */
export function toCompany(raw: unknown): CanonicalInputOf<'company'> {
  const o = obj(raw, 'CompanyInfo');
  const fyMonth = optStr(o, 'FiscalYearStartMonth');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const m = fyMonth ? months.indexOf(fyMonth) + 1 : 0;
  const addresses = [address(sub(o, 'CompanyAddr'), 'Street'), address(sub(o, 'LegalAddr'), 'Postal')].filter((a): a is Address => !!a);
  const phone = optStr(sub(o, 'PrimaryPhone'), 'FreeFormNumber');
  const email = optStr(sub(o, 'Email'), 'Address');
  const site = optStr(sub(o, 'WebAddr'), 'URI');
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    name: str(o, 'CompanyName'),
    legalName: optStr(o, 'LegalName'),
    countryCode: optStr(o, 'Country')?.length === 2 ? optStr(o, 'Country') : undefined,
    financialYearStartMonth: m > 0 ? m : undefined,
    financialYearStartDay: m > 0 ? 1 : undefined,
    addresses,
    phones: phone ? [{ type: 'Primary' as const, number: phone }] : [],
    emailAddress: email,
    website: site,
    webLinks: site ? [{ type: 'Website' as const, url: site }] : [],
    createdDate: created(o) ?? (optStr(o, 'CompanyStartDate') ? undefined : undefined),
  }) as CanonicalInputOf<'company'>;
}

/** `Account` → account. */
export function toAccount(raw: unknown): CanonicalInputOf<'accounts'> {
  const o = obj(raw, 'Account');
  const accountType = optStr(o, 'AccountType');
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    code: optStr(o, 'AcctNum'),
    name: str(o, 'Name'),
    fullyQualifiedName: optStr(o, 'FullyQualifiedName'),
    description: optStr(o, 'Description'),
    classification: CLASSIFICATION[optStr(o, 'Classification') ?? ''] ?? 'Unknown',
    type: accountType,
    currency: qbRef(o, 'CurrencyRef')?.id,
    currentBalance: optDec(o, 'CurrentBalance'),
    status: o.Active === false ? 'Archived' : 'Active',
    isBankAccount: accountType === 'Bank' || accountType === 'Credit Card',
    parentRef: qbRef(o, 'ParentRef'),
    taxRateRef: qbRef(o, 'TaxCodeRef'),
  }) as CanonicalInputOf<'accounts'>;
}

/** Bank-type `Account` → bank account. */
export function toBankAccount(raw: unknown): CanonicalInputOf<'bankAccounts'> {
  const o = obj(raw, 'Account');
  const t = optStr(o, 'AccountType');
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    name: str(o, 'Name'),
    code: optStr(o, 'AcctNum'),
    accountNumber: optStr(o, 'BankNum'),
    currency: qbRef(o, 'CurrencyRef')?.id,
    balance: optDec(o, 'CurrentBalance'),
    type: t === 'Bank' ? 'Bank' : t === 'Credit Card' ? 'CreditCard' : 'Unknown',
    ledgerAccountRef: { id: str(o, 'Id'), name: str(o, 'Name') },
    status: o.Active === false ? 'Archived' : 'Active',
  }) as CanonicalInputOf<'bankAccounts'>;
}

function contact(o: Record<string, unknown>) {
  const email = optStr(sub(o, 'PrimaryEmailAddr'), 'Address');
  const phones = [
    ['PrimaryPhone', 'Primary'],
    ['Mobile', 'Mobile'],
    ['Fax', 'Fax'],
    ['AlternatePhone', 'Landline'],
  ]
    .map(([f, type]) => ({ type: type as 'Primary', number: optStr(sub(o, f!), 'FreeFormNumber') }))
    .filter((p): p is { type: 'Primary'; number: string } => !!p.number);
  const addresses = [address(sub(o, 'BillAddr'), 'Billing'), address(sub(o, 'ShipAddr'), 'Delivery')].filter((a): a is Address => !!a);
  const active = o.Active !== false;
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: !active,
    name: optStr(o, 'DisplayName') ?? str(o, 'CompanyName'),
    firstName: optStr(o, 'GivenName'),
    lastName: optStr(o, 'FamilyName'),
    emailAddress: email,
    emails: email ? [{ type: 'Primary' as const, address: email }] : [],
    phones,
    addresses,
    website: optStr(sub(o, 'WebAddr'), 'URI'),
    taxNumber: optStr(o, 'PrimaryTaxIdentifier') ?? optStr(o, 'TaxIdentifier'),
    defaultCurrency: qbRef(o, 'CurrencyRef')?.id,
    status: active ? ('Active' as const) : ('Archived' as const),
    balance: optDec(o, 'Balance'),
    accountNumber: optStr(o, 'AcctNum'),
    parentRef: qbRef(o, 'ParentRef'),
    note: optStr(o, 'Notes'),
  });
}

/** `Customer` → customer (inactive customers are archived, `isDeleted`). */
export function toCustomer(raw: unknown): CanonicalInputOf<'customers'> {
  return contact(obj(raw, 'Customer')) as CanonicalInputOf<'customers'>;
}

/** `Vendor` → supplier. */
export function toSupplier(raw: unknown): CanonicalInputOf<'suppliers'> {
  return contact(obj(raw, 'Vendor')) as CanonicalInputOf<'suppliers'>;
}

/** `Item` → item. */
export function toItem(raw: unknown): CanonicalInputOf<'items'> {
  const o = obj(raw, 'Item');
  const type = optStr(o, 'Type');
  const income = qbRef(o, 'IncomeAccountRef');
  const expense = qbRef(o, 'ExpenseAccountRef');
  const active = o.Active !== false;
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: !active,
    code: optStr(o, 'Sku'),
    name: str(o, 'Name'),
    description: optStr(o, 'Description'),
    type: type === 'Inventory' ? 'Inventory' : type === 'Service' ? 'Service' : type === 'NonInventory' ? 'NonInventory' : 'Unknown',
    isSold: !!income,
    isBought: !!expense,
    invoiceDetails: income ? compact({ description: optStr(o, 'Description'), unitPrice: optDec(o, 'UnitPrice'), accountRef: income, taxInclusive: typeof o.SalesTaxIncluded === 'boolean' ? o.SalesTaxIncluded : undefined }) : undefined,
    billDetails: expense ? compact({ description: optStr(o, 'PurchaseDesc'), unitPrice: optDec(o, 'PurchaseCost'), accountRef: expense, taxInclusive: typeof o.PurchaseTaxIncluded === 'boolean' ? o.PurchaseTaxIncluded : undefined }) : undefined,
    quantityOnHand: o.TrackQtyOnHand === true ? optDec(o, 'QtyOnHand') : undefined,
    inventoryAccountRef: qbRef(o, 'AssetAccountRef'),
    parentRef: qbRef(o, 'ParentRef'),
    status: active ? 'Active' : 'Archived',
  }) as CanonicalInputOf<'items'>;
}

/**
 * `TaxCode` → tax rate. Lines reference tax codes (`TaxCodeRef`), so tax codes are the canonical tax rates lines point
 * to (plain ids); QuickBooks' `TaxRate` entities, the components a code is made of, are read too as `TaxRate:<id>`.
 * A code names its rates (`SalesTaxRateList`/`PurchaseTaxRateList`) without their percentages, so a taxable code's
 * `components` and `effectiveTaxRate` stay empty (look the `TaxRate:<id>` records up); a non-taxable code has 0 %.
 * `appliesTo` follows which of the two lists has rates.
 */
export function toTaxCode(raw: unknown): CanonicalInputOf<'taxRates'> {
  const o = obj(raw, 'TaxCode');
  const name = str(o, 'Name');
  const active = o.Active !== false;
  const has = (f: string) => arr(sub(o, f), 'TaxRateDetail').length > 0;
  const appliesTo = [...(has('SalesTaxRateList') ? ['Sales' as const] : []), ...(has('PurchaseTaxRateList') ? ['Purchases' as const] : [])];
  const zero = o.Taxable === false;
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: !active,
    code: name,
    name,
    description: optStr(o, 'Description'),
    effectiveTaxRate: zero ? '0' : undefined,
    totalTaxRate: zero ? '0' : undefined,
    components: [],
    appliesTo,
    status: active ? 'Active' : 'Archived',
  }) as CanonicalInputOf<'taxRates'>;
}

/** `TaxRate` → tax rate. */
export function toTaxRate(raw: unknown): CanonicalInputOf<'taxRates'> {
  const o = obj(raw, 'TaxRate');
  const rate = optDec(o, 'RateValue');
  const name = str(o, 'Name');
  const active = o.Active !== false;
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: !active,
    code: name,
    name,
    description: optStr(o, 'Description'),
    effectiveTaxRate: rate,
    totalTaxRate: rate,
    components: rate ? [compact({ name, rate, isCompound: false, taxAgencyRef: qbRef(o, 'AgencyRef') })] : [],
    status: active ? 'Active' : 'Archived',
  }) as CanonicalInputOf<'taxRates'>;
}

/** `Class` or `Department` → tracking category (`type` says which). */
export function toTrackingCategory(raw: unknown, type: 'Class' | 'Department'): CanonicalInputOf<'trackingCategories'> {
  const o = obj(raw, type);
  const active = o.Active !== false;
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: !active,
    name: optStr(o, 'FullyQualifiedName') ?? str(o, 'Name'),
    parentRef: type === 'Department' && qbRef(o, 'ParentRef') ? { ...qbRef(o, 'ParentRef')!, id: `Department:${qbRef(o, 'ParentRef')!.id}` } : qbRef(o, 'ParentRef'),
    hasChildren: false,
    options: [],
    status: active ? 'Active' : 'Archived',
    type,
  }) as CanonicalInputOf<'trackingCategories'>;
}

function tracking(detail: Record<string, unknown> | undefined, doc?: Record<string, unknown>) {
  const out: { categoryRef: Ref }[] = [];
  const cls = qbRef(detail, 'ClassRef');
  if (cls) out.push({ categoryRef: cls });
  const dept = doc ? departmentRef(doc) : undefined;
  if (dept) out.push({ categoryRef: dept });
  return out;
}

/** `DepartmentRef` as a reference to the tracking category `Department:<id>` (Class keeps its plain id). */
function departmentRef(doc: Record<string, unknown>): Ref | undefined {
  const r = qbRef(doc, 'DepartmentRef');
  return r ? { ...r, id: `Department:${r.id}` } : undefined;
}

/** `GlobalTaxCalculation` → tax treatment (US companies omit it ❓: Unknown). */
function taxTreatment(o: Record<string, unknown>): 'Exclusive' | 'Inclusive' | 'NoTax' | 'Unknown' {
  const g = o.GlobalTaxCalculation;
  return g === 'TaxExcluded' ? 'Exclusive' : g === 'TaxInclusive' ? 'Inclusive' : g === 'NotApplicable' ? 'NoTax' : 'Unknown';
}

/** Sales/purchase document lines (sub-total, discount and group lines are not item lines). */
function lines(o: Record<string, unknown>): LineItem[] {
  const out: LineItem[] = [];
  for (const l of arr(o, 'Line')) {
    const line = obj(l, 'Line');
    const kind = optStr(line, 'DetailType');
    const detail = kind ? sub(line, kind) : undefined;
    if (kind !== 'SalesItemLineDetail' && kind !== 'ItemBasedExpenseLineDetail' && kind !== 'AccountBasedExpenseLineDetail' && kind !== 'DescriptionOnly') continue;
    out.push(
      compact({
        id: optStr(line, 'Id'),
        description: optStr(line, 'Description'),
        quantity: optDec(detail, 'Qty'),
        unitAmount: optDec(detail, 'UnitPrice'),
        subTotal: optDec(line, 'Amount'),
        accountRef: qbRef(detail, 'AccountRef') ?? qbRef(detail, 'ItemAccountRef'),
        itemRef: qbRef(detail, 'ItemRef'),
        taxRateRef: qbRef(detail, 'TaxCodeRef'),
        customerRef: qbRef(detail, 'CustomerRef'),
        tracking: tracking(detail, o),
      }) as LineItem,
    );
  }
  return out;
}

/** Sum of `DiscountLineDetail` lines. */
function discount(o: Record<string, unknown>): string | undefined {
  const d = arr(o, 'Line').map((l) => obj(l, 'Line')).find((l) => l.DetailType === 'DiscountLineDetail');
  return d ? optDec(d, 'Amount') : undefined;
}

function subTotal(o: Record<string, unknown>): string | undefined {
  const s = arr(o, 'Line').map((l) => obj(l, 'Line')).find((l) => l.DetailType === 'SubTotalLineDetail');
  return s ? optDec(s, 'Amount') : undefined;
}

/** Linked payments/credits of a document (`LinkedTxn`). Amounts are not on the link: left to the payment records. */
function isVoided(o: Record<string, unknown>): boolean {
  // A voided transaction keeps its lines with amounts zeroed and the note "Voided" (reference §3.4 doc sample).
  // ❓ unverified: whether a user's own PrivateNote of "Voided" can be told apart; the doc sample shows no other flag.
  const note = optStr(o, 'PrivateNote') ?? '';
  return /^Voided\b/.test(note) && compareDecimals(dec(o, 'TotalAmt'), '0') === 0;
}

function docStatus(o: Record<string, unknown>, total: string, balance: string | undefined) {
  if (isVoided(o)) return 'Void' as const;
  if (balance === undefined) return 'Unknown' as const;
  if (compareDecimals(balance, '0') === 0 && compareDecimals(total, '0') !== 0) return 'Paid' as const;
  if (compareDecimals(balance, total) < 0) return 'PartiallyPaid' as const;
  return 'Open' as const;
}

function document(o: Record<string, unknown>, ctx: MapContext, kind: 'sales' | 'purchase', credit = false) {
  const total = dec(o, 'TotalAmt');
  const balance = optDec(o, 'Balance');
  const status = docStatus(o, total, balance);
  const tax = optDec(sub(o, 'TxnTaxDetail'), 'TotalTax');
  const billing = address(sub(o, kind === 'sales' ? 'BillAddr' : 'VendorAddr'), 'Billing');
  const delivery = address(sub(o, 'ShipAddr'), 'Delivery');
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    number: optStr(o, 'DocNumber'),
    issueDate: date(o, 'TxnDate'),
    dueDate: optDate(o, 'DueDate'),
    createdDate: created(o),
    currency: money.currency,
    currencyRate: money.currencyRate,
    taxTreatment: taxTreatment(o),
    lineItems: lines(o),
    subTotal: subTotal(o),
    totalTaxAmount: tax,
    totalDiscount: discount(o),
    totalAmount: total,
    amountDue: credit ? undefined : balance,
    amountPaid: !credit && balance !== undefined && status !== 'Void' ? subtractDecimals(total, balance) : undefined,
    status,
    allocations: [],
    tracking: departmentRef(o) ? [{ categoryRef: departmentRef(o)! }] : [],
    billingAddress: billing,
    deliveryAddress: delivery,
    note: optStr(o, 'PrivateNote') ?? optStr(sub(o, 'CustomerMemo'), 'value'),
  });
}

/** `Invoice` → invoice. */
export function toInvoice(raw: unknown, ctx: MapContext): CanonicalInputOf<'invoices'> {
  const o = obj(raw, 'Invoice');
  const d: Record<string, unknown> = document(o, ctx, 'sales');
  d.customerRef = reqRef(o, 'CustomerRef');
  return d as CanonicalInputOf<'invoices'>;
}

/** `Bill` → bill. */
export function toBill(raw: unknown, ctx: MapContext): CanonicalInputOf<'bills'> {
  const o = obj(raw, 'Bill');
  const d: Record<string, unknown> = document(o, ctx, 'purchase');
  d.supplierRef = reqRef(o, 'VendorRef');
  return d as CanonicalInputOf<'bills'>;
}

/** `CreditMemo` → credit note (`RemainingCredit` is what is left to apply). */
export function toCreditNote(raw: unknown, ctx: MapContext): CanonicalInputOf<'creditNotes'> {
  const o = obj(raw, 'CreditMemo');
  const d: Record<string, unknown> = document(o, ctx, 'sales', true);
  const remaining = optDec(o, 'RemainingCredit') ?? optDec(o, 'Balance');
  d.status = d.status === 'Void' ? 'Void' : remaining === undefined ? 'Unknown' : compareDecimals(remaining, '0') === 0 ? 'Paid' : 'Open';
  if (remaining !== undefined) d.remainingCredit = remaining;
  d.customerRef = reqRef(o, 'CustomerRef');
  return d as CanonicalInputOf<'creditNotes'>;
}

/** `VendorCredit` → bill credit note. ❓ unverified: VendorCredit has `Balance` as the unapplied credit. */
export function toBillCreditNote(raw: unknown, ctx: MapContext): CanonicalInputOf<'billCreditNotes'> {
  const o = obj(raw, 'VendorCredit');
  const d: Record<string, unknown> = document(o, ctx, 'purchase', true);
  const remaining = optDec(o, 'Balance');
  d.status = d.status === 'Void' ? 'Void' : remaining === undefined ? 'Unknown' : compareDecimals(remaining, '0') === 0 ? 'Paid' : 'Open';
  if (remaining !== undefined) d.remainingCredit = remaining;
  d.supplierRef = reqRef(o, 'VendorRef');
  return d as CanonicalInputOf<'billCreditNotes'>;
}

const LINKED_KIND: Record<string, 'Invoice' | 'Bill' | 'CreditNote' | 'BillCreditNote' | 'JournalEntry'> = {
  Invoice: 'Invoice',
  Bill: 'Bill',
  CreditMemo: 'CreditNote',
  VendorCredit: 'BillCreditNote',
  JournalEntry: 'JournalEntry',
};

function paymentLines(o: Record<string, unknown>, date: string) {
  const out: { kind: 'Invoice' | 'Bill' | 'CreditNote' | 'BillCreditNote' | 'JournalEntry' | 'Unknown'; ref: Ref; amount: string }[] = [];
  for (const l of arr(o, 'Line')) {
    const line = obj(l, 'Line');
    const amount = dec(line, 'Amount');
    for (const t of arr(line, 'LinkedTxn')) {
      const lt = obj(t, 'LinkedTxn');
      out.push({ kind: LINKED_KIND[optStr(lt, 'TxnType') ?? ''] ?? 'Unknown', ref: { id: str(lt, 'TxnId') }, amount });
    }
  }
  void date;
  return out;
}

function payment(o: Record<string, unknown>, ctx: MapContext, accountField: string, providerType: string) {
  const d = date(o, 'TxnDate');
  const voided = isVoided(o);
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    date: d,
    amount: dec(o, 'TotalAmt'),
    currency: money.currency,
    currencyRate: money.currencyRate,
    accountRef: qbRef(o, accountField),
    paymentMethodRef: qbRef(o, 'PaymentMethodRef'),
    reference: optStr(o, 'PaymentRefNum') ?? optStr(o, 'DocNumber'),
    note: optStr(o, 'PrivateNote'),
    lines: paymentLines(o, d),
    unallocatedAmount: optDec(o, 'UnappliedAmt'),
    tracking: [],
    status: voided ? ('Void' as const) : ('Authorised' as const),
    providerType,
  });
}

/** `Payment` (AR) → payment. */
export function toPayment(raw: unknown, ctx: MapContext): CanonicalInputOf<'payments'> {
  const o = obj(raw, 'Payment');
  const customerRef = reqRef(o, 'CustomerRef');
  const p: Record<string, unknown> = payment(o, ctx, 'DepositToAccountRef', 'Payment');
  p.customerRef = customerRef;
  return p as CanonicalInputOf<'payments'>;
}

/** `BillPayment` (AP) → bill payment; the bank/card account depends on `PayType`. */
export function toBillPayment(raw: unknown, ctx: MapContext): CanonicalInputOf<'billPayments'> {
  const o = obj(raw, 'BillPayment');
  const account = o.PayType === 'CreditCard' ? qbRef(sub(o, 'CreditCardPayment'), 'CCAccountRef') : qbRef(sub(o, 'CheckPayment'), 'BankAccountRef');
  const p = payment(o, ctx, '-', 'BillPayment');
  return compact({ ...p, accountRef: account, supplierRef: reqRef(o, 'VendorRef') }) as CanonicalInputOf<'billPayments'>;
}

/** `JournalEntry` → journal entry (debits positive, credits negative). */
export function toJournalEntry(raw: unknown, ctx: MapContext): CanonicalInputOf<'journalEntries'> {
  const o = obj(raw, 'JournalEntry');
  const out = [];
  for (const l of arr(o, 'Line')) {
    const line = obj(l, 'Line');
    if (line.DetailType !== 'JournalEntryLineDetail') continue;
    const detail = sub(line, 'JournalEntryLineDetail') ?? {};
    const amount = dec(line, 'Amount');
    const side = detail.PostingType;
    if (side !== 'Debit' && side !== 'Credit') throw new ValueParseError(`journal line ${optStr(line, 'Id') ?? '?'}: PostingType must be Debit or Credit`);
    const entity = sub(detail, 'Entity');
    out.push(
      compact({
        id: optStr(line, 'Id'),
        accountRef: reqRef(detail, 'AccountRef'),
        description: optStr(line, 'Description'),
        netAmount: side === 'Debit' ? amount : amount.startsWith('-') ? amount.slice(1) : amount === '0' ? '0' : `-${amount}`,
        taxAmount: optDec(detail, 'TaxAmount'),
        taxRateRef: qbRef(detail, 'TaxCodeRef'),
        tracking: tracking(detail),
        contactRef: entity ? qbRef(entity, 'EntityRef') : undefined,
      }),
    );
  }
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    number: optStr(o, 'DocNumber'),
    date: date(o, 'TxnDate'),
    createdDate: created(o),
    description: optStr(o, 'PrivateNote'),
    currency: money.currency,
    currencyRate: money.currencyRate,
    lines: out,
    status: 'Posted',
    taxTreatment: taxTreatment(o),
  }) as CanonicalInputOf<'journalEntries'>;
}

/** `Purchase`, `Deposit` or `Transfer` → bank transaction (see {@link toPurchase}, {@link toDeposit}, {@link toTransfer}). */
export function toBankTransaction(raw: unknown, ctx: MapContext, entity = 'Purchase'): CanonicalInputOf<'bankTransactions'> {
  if (entity === 'Deposit') return toDeposit(raw, ctx);
  if (entity === 'Transfer') return toTransfer(raw, ctx);
  return toPurchase(raw, ctx);
}

/** `Deposit` → money in to `DepositToAccountRef`, one line per `DepositLineDetail` line (linked payments included). */
export function toDeposit(raw: unknown, ctx: MapContext): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'Deposit');
  const total = dec(o, 'TotalAmt');
  const items = [];
  for (const l of arr(o, 'Line')) {
    const line = obj(l, 'Line');
    const detail = sub(line, 'DepositLineDetail');
    items.push(compact({ id: optStr(line, 'Id'), description: optStr(line, 'Description'), amount: dec(line, 'Amount'), accountRef: qbRef(detail, 'AccountRef'), tracking: tracking(detail, o) }));
  }
  const firstEntity = arr(o, 'Line').map((l) => qbRef(sub(obj(l, 'Line'), 'DepositLineDetail'), 'Entity')).find(Boolean);
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    bankAccountRef: reqRef(o, 'DepositToAccountRef'),
    date: date(o, 'TxnDate'),
    description: optStr(o, 'PrivateNote'),
    direction: 'Receive',
    amount: total,
    totalTaxAmount: optDec(sub(o, 'TxnTaxDetail'), 'TotalTax'),
    taxTreatment: taxTreatment(o),
    currency: money.currency,
    currencyRate: money.currencyRate,
    contactRef: firstEntity,
    lines: items,
    status: isVoided(o) ? 'Void' : 'Authorised',
    providerType: 'Deposit',
  }) as CanonicalInputOf<'bankTransactions'>;
}

/**
 * `Transfer` → one bank transaction on the `FromAccountRef` side: money out (negative `Amount`), one line coded to
 * `ToAccountRef`. ❓ Our choice: the receiving side is not emitted as a second record (it would share the id).
 */
export function toTransfer(raw: unknown, ctx: MapContext): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'Transfer');
  const amount = dec(o, 'Amount');
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    bankAccountRef: reqRef(o, 'FromAccountRef'),
    date: date(o, 'TxnDate'),
    description: optStr(o, 'PrivateNote'),
    direction: 'Spend',
    amount: amount === '0' || amount.startsWith('-') ? amount : `-${amount}`,
    taxTreatment: 'NoTax',
    currency: money.currency,
    currencyRate: money.currencyRate,
    lines: [compact({ amount, accountRef: reqRef(o, 'ToAccountRef'), tracking: qbRef(o, 'ClassRef') ? [{ categoryRef: qbRef(o, 'ClassRef')! }] : [] })],
    status: 'Authorised',
    providerType: 'Transfer',
  }) as CanonicalInputOf<'bankTransactions'>;
}

/** `Purchase` (expense, cheque, card charge) → bank transaction (money out; a card credit is money in). */
export function toPurchase(raw: unknown, ctx: MapContext): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'Purchase');
  const total = dec(o, 'TotalAmt');
  const credit = o.Credit === true;
  const items = lines(o).map((l) => compact({ id: l.id, description: l.description, quantity: l.quantity, unitAmount: l.unitAmount, amount: l.subTotal ?? '0', accountRef: l.accountRef, itemRef: l.itemRef, taxRateRef: l.taxRateRef, tracking: l.tracking }));
  const money = currencyOf(o, ctx.baseCurrency);
  return compact({
    id: str(o, 'Id'),
    sourceModifiedDate: lastUpdated(o),
    isDeleted: false as boolean,
    bankAccountRef: reqRef(o, 'AccountRef'),
    date: date(o, 'TxnDate'),
    reference: optStr(o, 'DocNumber'),
    description: optStr(o, 'PrivateNote'),
    direction: credit ? 'Receive' : 'Spend',
    amount: credit || total === '0' ? total : `-${total}`,
    totalTaxAmount: optDec(sub(o, 'TxnTaxDetail'), 'TotalTax'),
    taxTreatment: taxTreatment(o),
    currency: money.currency,
    currencyRate: money.currencyRate,
    contactRef: qbRef(o, 'EntityRef'),
    lines: items,
    status: isVoided(o) ? 'Void' : 'Authorised',
    providerType: `Purchase:${optStr(o, 'PaymentType') ?? 'Unknown'}`,
  }) as CanonicalInputOf<'bankTransactions'>;
}
