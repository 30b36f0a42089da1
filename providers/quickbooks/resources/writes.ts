/**
 * QuickBooks writes: canonical input → QuickBooks entities (XSD field names), push options from the XSD, and the
 * idempotency mechanism (`?requestid=`, reference §3.5 ◐).
 *
 * - Create: `POST /{entity}` with the entity as the body.
 * - Update: a sparse update, `POST /{entity}` with `Id`, the current `SyncToken` (read first: `needsCurrent`) and
 *   `sparse: true` plus only the fields that changed (doc-samples/invoice/09). A stale `SyncToken` comes back as
 *   Fault 5010 "Stale Object Error" (doc-samples/batch/02) → `ValidationError` with `code: 'conflict'`; the write path
 *   then reads the current record and attaches it as `error.current`.
 * - Delete: transactions `POST /{entity}?operation=void` (Invoice, Payment, BillPayment: the record stays with zero
 *   amounts and `PrivateNote: "Voided"`, doc-samples/invoice/07, payment/08) or `?operation=delete` (Bill, CreditMemo,
 *   JournalEntry: answered `{ "<Entity>": { "status": "Deleted", "Id" } }`, doc-samples/invoice/05) with `{ Id,
 *   SyncToken }`. Names (Customer, Vendor, Item, Account) are never deleted: `archive` is a sparse update
 *   `Active: false` (doc-samples/account/08).
 *
 * Amounts go out as JSON numbers made from the exact decimal strings (refused above 15 significant digits, which a
 * JSON number could not carry exactly); a line `Amount` is `subTotal`, else `quantity × unitAmount` computed in exact
 * decimals and rounded to cents ❓ (QuickBooks' own rounding rule is not in the reference).
 * @module
 */
import type { FieldRule, WriteDefinition, WriteOperationSpec } from '../../../src/provider/types';
import { multiplyDecimals, roundDecimal } from '../../../src/model/primitives';
import { reciprocal } from '../lib/values';

type Input = Record<string, unknown>;
type RefIn = { id: string; name?: string } | undefined;
type TrackingIn = { categoryRef: { id: string; name?: string } }[] | undefined;

/** An exact decimal string as a JSON number; throws when a JSON number cannot carry it exactly. */
export function jsonNumber(value: string): number {
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > 15) throw new RangeError(`${value} has more than 15 significant digits: a QuickBooks JSON number cannot carry it exactly`);
  return Number(value);
}

const ref = (r: RefIn) => (r ? { value: r.id, ...(r.name ? { name: r.name } : {}) } : undefined);
const put = (o: Input, key: string, v: unknown) => {
  if (v !== undefined) o[key] = v;
  return o;
};

/** Class tracking refs (plain ids) → `ClassRef`; `Department:<id>` refs → `DepartmentRef` (documents only). */
function classRef(tracking: TrackingIn) {
  const c = tracking?.find((t) => !t.categoryRef.id.startsWith('Department:'));
  return c ? ref(c.categoryRef) : undefined;
}
function departmentRef(tracking: TrackingIn) {
  const d = tracking?.find((t) => t.categoryRef.id.startsWith('Department:'));
  return d ? { value: d.categoryRef.id.slice('Department:'.length), ...(d.categoryRef.name ? { name: d.categoryRef.name } : {}) } : undefined;
}

function lineAmount(l: { subTotal?: string; quantity?: string; unitAmount?: string }): number | undefined {
  if (l.subTotal !== undefined) return jsonNumber(l.subTotal);
  if (l.unitAmount !== undefined) return jsonNumber(roundDecimal(multiplyDecimals(l.quantity ?? '1', l.unitAmount), 2));
  return undefined; // QuickBooks then answers "Amount is required" (the emulator does too)
}

type LineIn = { description?: string; quantity?: string; unitAmount?: string; subTotal?: string; accountRef?: RefIn; itemRef?: RefIn; taxRateRef?: RefIn; tracking?: TrackingIn; customerRef?: RefIn };

/** A sales line (Invoice, CreditMemo): always an item line. */
function salesLine(l: LineIn): Input {
  const detail: Input = {};
  put(detail, 'ItemRef', ref(l.itemRef));
  put(detail, 'Qty', l.quantity !== undefined ? jsonNumber(l.quantity) : undefined);
  put(detail, 'UnitPrice', l.unitAmount !== undefined ? jsonNumber(l.unitAmount) : undefined);
  put(detail, 'TaxCodeRef', ref(l.taxRateRef));
  put(detail, 'ClassRef', classRef(l.tracking));
  const out: Input = { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: detail };
  put(out, 'Amount', lineAmount(l));
  put(out, 'Description', l.description);
  return out;
}

/** A purchase line (Bill): an item line with `itemRef`, otherwise an account line. */
function purchaseLine(l: LineIn): Input {
  const item = l.itemRef !== undefined;
  const detail: Input = {};
  if (item) {
    put(detail, 'ItemRef', ref(l.itemRef));
    put(detail, 'Qty', l.quantity !== undefined ? jsonNumber(l.quantity) : undefined);
    put(detail, 'UnitPrice', l.unitAmount !== undefined ? jsonNumber(l.unitAmount) : undefined);
  } else put(detail, 'AccountRef', ref(l.accountRef));
  put(detail, 'TaxCodeRef', ref(l.taxRateRef));
  put(detail, 'ClassRef', classRef(l.tracking));
  put(detail, 'CustomerRef', ref(l.customerRef));
  const kind = item ? 'ItemBasedExpenseLineDetail' : 'AccountBasedExpenseLineDetail';
  const out: Input = { DetailType: kind, [kind]: detail };
  put(out, 'Amount', lineAmount(l));
  put(out, 'Description', l.description);
  return out;
}

const TAX_OUT: Record<string, string> = { Exclusive: 'TaxExcluded', Inclusive: 'TaxInclusive', NoTax: 'NotApplicable' };

type AddressIn = { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };
function addressOut(a: AddressIn | undefined): Input | undefined {
  if (!a) return undefined;
  const out: Input = {};
  put(out, 'Line1', a.line1);
  put(out, 'Line2', a.line2);
  put(out, 'City', a.city);
  put(out, 'CountrySubDivisionCode', a.region);
  put(out, 'PostalCode', a.postalCode);
  put(out, 'Country', a.country);
  return out;
}

/** Canonical document fields → a QuickBooks Invoice/CreditMemo/Bill (only the fields given, so it serves updates). */
export function documentOut(input: Input, kind: 'sales' | 'purchase'): Input {
  const d = input as { number?: string; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; taxTreatment?: string; lineItems?: LineIn[]; note?: string; customerRef?: RefIn; supplierRef?: RefIn; tracking?: TrackingIn; billingAddress?: AddressIn; deliveryAddress?: AddressIn };
  const out: Input = {};
  put(out, kind === 'sales' ? 'CustomerRef' : 'VendorRef', ref(kind === 'sales' ? d.customerRef : d.supplierRef));
  put(out, 'DocNumber', d.number);
  put(out, 'TxnDate', d.issueDate);
  put(out, 'DueDate', d.dueDate);
  put(out, 'CurrencyRef', d.currency ? { value: d.currency } : undefined);
  // Canonical rate: document units per base unit; QuickBooks ExchangeRate: home units per document unit.
  put(out, 'ExchangeRate', d.currencyRate !== undefined ? jsonNumber(reciprocal(d.currencyRate)) : undefined);
  put(out, 'GlobalTaxCalculation', d.taxTreatment !== undefined ? TAX_OUT[d.taxTreatment] : undefined);
  put(out, 'PrivateNote', d.note);
  put(out, 'DepartmentRef', departmentRef(d.tracking));
  put(out, kind === 'sales' ? 'BillAddr' : 'VendorAddr', addressOut(d.billingAddress));
  if (kind === 'sales') put(out, 'ShipAddr', addressOut(d.deliveryAddress));
  put(out, 'Line', d.lineItems?.map(kind === 'sales' ? salesLine : purchaseLine));
  return out;
}

/** `{ Invoice: {...} }` → the entity. */
const selectEntity = (entity: string) => (body: unknown) => (body as Record<string, unknown> | undefined)?.[entity];
const currentToken = (current: unknown) => String((current as { SyncToken?: unknown } | undefined)?.SyncToken ?? '');

const IDEMPOTENCY = { type: 'query', param: 'requestid' } as const;

/** A write definition whose listed operations are known to exist (so the connection's types offer them). */
type With<Ops extends 'create' | 'update' | 'delete'> = WriteDefinition & Required<Pick<WriteDefinition, Ops>>;

function createOp(entity: string, out: (input: Input) => Input): WriteOperationSpec<Input> {
  return { request: (input) => ({ method: 'POST', url: `/${entity.toLowerCase()}`, body: out(input) }), select: selectEntity(entity) };
}

function updateOp(entity: string, out: (input: Input) => Input): WriteOperationSpec<{ id: string; changes: Input }> {
  return {
    needsCurrent: true,
    request: ({ id, changes }, ctx) => ({ method: 'POST', url: `/${entity.toLowerCase()}`, body: { ...out(changes), Id: id, SyncToken: currentToken(ctx.current), sparse: true } }),
    select: selectEntity(entity),
  };
}

function removeOp(entity: string, kind: 'delete' | 'void' | 'archive'): NonNullable<WriteDefinition['delete']> {
  if (kind === 'archive') {
    return {
      kind,
      needsCurrent: true,
      request: ({ id }, ctx) => ({ method: 'POST', url: `/${entity.toLowerCase()}`, body: { Id: id, SyncToken: currentToken(ctx.current), sparse: true, Active: false } }),
      select: selectEntity(entity),
    };
  }
  return {
    kind,
    needsCurrent: true,
    request: ({ id }, ctx) => ({ method: 'POST', url: `/${entity.toLowerCase()}`, query: { operation: kind }, body: { Id: id, SyncToken: currentToken(ctx.current), ...(kind === 'void' ? { sparse: true } : {}) } }),
    // A void answers the voided record; a delete answers only `{ status: "Deleted", Id }`.
    ...(kind === 'void' ? { select: selectEntity(entity) } : {}),
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Push options (XSD `Finance.xsd` unless marked)
// ------------------------------------------------------------------------------------------------------------------

const DOC_NUMBER: FieldRule = { path: 'number', maxLength: 21, message: 'The maximum length for DocNumber is 21 characters', description: 'XSD Transaction.DocNumber. Sales documents get the next number when omitted.' };
const PRIVATE_NOTE: FieldRule = { path: 'note', maxLength: 4000, message: 'PrivateNote (memo) is at most 4000 characters', description: '❓ unverified: 4000 is the XSD limit of CustomerMemo/Bill memo; the XSD gives none for PrivateNote.' };
const COMPUTED: FieldRule[] = [
  { path: 'totalAmount', ignored: true, description: 'QuickBooks computes TotalAmt from the lines.' },
  { path: 'subTotal', ignored: true, description: 'QuickBooks computes the sub-total line.' },
  { path: 'totalTaxAmount', ignored: true, description: 'Tax comes from TxnTaxDetail / the tax codes.' },
  { path: 'status', ignored: true, description: 'QuickBooks documents have no draft state: a created document is open.' },
  { path: 'reference', ignored: true, description: 'No separate reference field on QuickBooks documents (DocNumber is `number`).' },
];
const TAX_TREATMENT: FieldRule = { path: 'taxTreatment', allowedValues: ['Exclusive', 'Inclusive', 'NoTax'], message: 'GlobalTaxCalculation must be TaxExcluded, TaxInclusive or NotApplicable' };
const LINES_REQUIRED: FieldRule = { path: 'lineItems', required: true, minItems: 1, message: 'A transaction needs at least one line (Line)' };
const LINE_DESCRIPTION: FieldRule = { path: 'lineItems[].description', maxLength: 4000, message: 'Line Description is at most 4000 characters' };

function documentWrite(entity: 'Invoice' | 'CreditMemo' | 'Bill' | 'VendorCredit', kind: 'sales' | 'purchase', remove: 'void' | 'delete'): With<'create' | 'update' | 'delete'> {
  const party = kind === 'sales' ? 'customerRef' : 'supplierRef';
  return {
    fields: [
      { path: `${party}.id`, required: true, message: kind === 'sales' ? 'CustomerRef is required' : 'VendorRef is required' },
      LINES_REQUIRED,
      ...(kind === 'sales' ? [{ path: 'lineItems[].itemRef.id', required: true, message: 'A sales line needs an item (SalesItemLineDetail.ItemRef)' } satisfies FieldRule] : []),
      DOC_NUMBER,
      PRIVATE_NOTE,
      TAX_TREATMENT,
      LINE_DESCRIPTION,
      ...COMPUTED,
    ],
    idempotency: IDEMPOTENCY,
    create: createOp(entity, (i) => documentOut(i, kind)),
    update: updateOp(entity, (i) => documentOut(i, kind)),
    delete: removeOp(entity, remove),
  };
}

/** Invoice writes; delete voids (the invoice stays with zero amounts). */
export const invoiceWrite = documentWrite('Invoice', 'sales', 'void');
/** CreditMemo writes; delete deletes. */
export const creditNoteWrite = documentWrite('CreditMemo', 'sales', 'delete');
/** Bill writes; delete deletes (the reference documents no void for bills). */
export const billWrite = documentWrite('Bill', 'purchase', 'delete');
/** VendorCredit writes; delete deletes (doc-samples/vendorcredit/04, 05). */
export const billCreditNoteWrite = documentWrite('VendorCredit', 'purchase', 'delete');

type ContactIn = { name?: string; firstName?: string; lastName?: string; contactName?: string; emailAddress?: string; phones?: { type: string; number: string }[]; addresses?: (AddressIn & { type: string })[]; website?: string; taxNumber?: string; accountNumber?: string; defaultCurrency?: string; note?: string; status?: string; parentRef?: RefIn };

/** Canonical contact fields → a QuickBooks Customer or Vendor. */
export function contactOut(input: Input, entity: 'Customer' | 'Vendor'): Input {
  const c = input as ContactIn;
  const out: Input = {};
  put(out, 'DisplayName', c.name);
  put(out, 'GivenName', c.firstName);
  put(out, 'FamilyName', c.lastName);
  put(out, 'PrimaryEmailAddr', c.emailAddress !== undefined ? { Address: c.emailAddress } : undefined);
  const phone = (t: string) => c.phones?.find((p) => p.type === t)?.number;
  const phoneField: [string, string][] = [['Primary', 'PrimaryPhone'], ['Mobile', 'Mobile'], ['Fax', 'Fax'], ['Landline', 'AlternatePhone']];
  for (const [t, f] of phoneField) put(out, f, phone(t) !== undefined ? { FreeFormNumber: phone(t) } : undefined);
  put(out, 'BillAddr', addressOut(c.addresses?.find((a) => a.type === 'Billing' || a.type === 'Postal')));
  if (entity === 'Customer') put(out, 'ShipAddr', addressOut(c.addresses?.find((a) => a.type === 'Delivery')));
  put(out, 'WebAddr', c.website !== undefined ? { URI: c.website } : undefined);
  put(out, 'CurrencyRef', c.defaultCurrency ? { value: c.defaultCurrency } : undefined);
  put(out, 'Notes', c.note);
  // XSD: Vendor.TaxIdentifier, Customer.PrimaryTaxIdentifier.
  put(out, entity === 'Vendor' ? 'TaxIdentifier' : 'PrimaryTaxIdentifier', c.taxNumber);
  put(out, 'AcctNum', c.accountNumber);
  if (entity === 'Customer') put(out, 'ParentRef', ref(c.parentRef));
  if (c.status !== undefined) out.Active = c.status !== 'Archived';
  return out;
}

function contactWrite(entity: 'Customer' | 'Vendor'): With<'create' | 'update' | 'delete'> {
  const out = (i: Input) => contactOut(i, entity);
  return {
    fields: [
      // ❓ unverified: the 500-character DisplayName limit is from Intuit's API reference, not in the saved XSD.
      { path: 'name', required: true, maxLength: 500, message: 'DisplayName is required and at most 500 characters' },
      { path: 'firstName', maxLength: 25, message: 'GivenName is at most 25 characters' }, // XSD IntuitNamesTypes GivenName
      { path: 'lastName', maxLength: 25, message: 'FamilyName is at most 25 characters' }, // XSD FamilyName (25 in the QBO variant)
      { path: 'emailAddress', maxLength: 100, pattern: '^[^@\\s]+@[^@\\s]+$', message: 'PrimaryEmailAddr must be an email address of at most 100 characters' }, // XSD EmailAddress: 100
      { path: 'status', allowedValues: ['Active', 'Archived'], message: 'A name is Active or Archived (Active: false)' },
      { path: 'contactPersons', ignored: true, description: 'QuickBooks customers/vendors have no contact persons.' },
      { path: 'bankAccounts', ignored: true, description: 'Not written by ledgerlink.' },
      { path: 'emails', ignored: true, description: 'Only emailAddress (PrimaryEmailAddr) is written.' },
    ],
    idempotency: IDEMPOTENCY,
    create: createOp(entity, out),
    update: updateOp(entity, out),
    delete: removeOp(entity, 'archive'),
  };
}

/** Customer writes; delete archives (`Active: false`). */
export const customerWrite = contactWrite('Customer');
/** Vendor writes; delete archives. */
export const supplierWrite = contactWrite('Vendor');

type ItemIn = { name?: string; code?: string; description?: string; type?: string; invoiceDetails?: { description?: string; unitPrice?: string; accountRef?: RefIn; taxInclusive?: boolean }; billDetails?: { description?: string; unitPrice?: string; accountRef?: RefIn; taxInclusive?: boolean }; parentRef?: RefIn; status?: string };

/** Canonical item fields → a QuickBooks Item (Service or NonInventory). */
export function itemOut(input: Input): Input {
  const i = input as ItemIn;
  const out: Input = {};
  put(out, 'Name', i.name);
  put(out, 'Sku', i.code);
  put(out, 'Description', i.description ?? i.invoiceDetails?.description);
  put(out, 'Type', i.type);
  put(out, 'UnitPrice', i.invoiceDetails?.unitPrice !== undefined ? jsonNumber(i.invoiceDetails.unitPrice) : undefined);
  put(out, 'IncomeAccountRef', ref(i.invoiceDetails?.accountRef));
  put(out, 'SalesTaxIncluded', i.invoiceDetails?.taxInclusive);
  put(out, 'PurchaseDesc', i.billDetails?.description);
  put(out, 'PurchaseCost', i.billDetails?.unitPrice !== undefined ? jsonNumber(i.billDetails.unitPrice) : undefined);
  put(out, 'ExpenseAccountRef', ref(i.billDetails?.accountRef));
  put(out, 'PurchaseTaxIncluded', i.billDetails?.taxInclusive);
  if (i.parentRef) Object.assign(out, { SubItem: true, ParentRef: ref(i.parentRef) });
  if (i.status !== undefined) out.Active = i.status !== 'Archived';
  return out;
}

/** Item writes (Service and NonInventory items; Inventory needs quantity-on-hand fields ledgerlink does not send). */
export const itemWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'name', required: true, maxLength: 100, message: 'Item Name is required and at most 100 characters' }, // XSD Item.Name (QBO: 100)
    { path: 'code', maxLength: 100, message: 'Sku is at most 100 characters' }, // XSD Item.Sku
    { path: 'description', maxLength: 4000, message: 'Description is at most 4000 characters' }, // XSD Item.Description
    { path: 'type', required: true, allowedValues: ['Service', 'NonInventory'], message: 'ledgerlink creates Service or NonInventory items (Inventory items need QtyOnHand and InvStartDate)' },
    // ❓ unverified: IncomeAccountRef required for Service/NonInventory items (Intuit API reference; the recording sends one).
    { path: 'invoiceDetails.accountRef.id', required: true, message: 'IncomeAccountRef is required for this item type' },
    { path: 'quantityOnHand', ignored: true, description: 'Inventory quantities are not written.' },
    { path: 'status', allowedValues: ['Active', 'Archived'], message: 'An item is Active or Archived (Active: false)' },
  ],
  idempotency: IDEMPOTENCY,
  create: createOp('Item', itemOut),
  update: updateOp('Item', itemOut),
  delete: removeOp('Item', 'archive'),
};

const ACCOUNT_TYPE: Record<string, string> = { Income: 'Income', Expense: 'Expense', Asset: 'Other Current Asset', Liability: 'Other Current Liability', Equity: 'Equity' };

/** Canonical account fields → a QuickBooks Account. */
export function accountOut(input: Input): Input {
  const a = input as { name?: string; code?: string; description?: string; classification?: string; type?: string; currency?: string; parentRef?: RefIn; status?: string; taxRateRef?: RefIn };
  const out: Input = {};
  put(out, 'Name', a.name);
  put(out, 'AcctNum', a.code);
  put(out, 'Description', a.description);
  // ❓ our default mapping from classification to an AccountType when `type` (the QuickBooks AccountType) is not given.
  put(out, 'AccountType', a.type ?? (a.classification ? ACCOUNT_TYPE[a.classification] : undefined));
  put(out, 'CurrencyRef', a.currency ? { value: a.currency } : undefined);
  put(out, 'TaxCodeRef', ref(a.taxRateRef));
  if (a.parentRef) Object.assign(out, { SubAccount: true, ParentRef: ref(a.parentRef) });
  if (a.status !== undefined) out.Active = a.status !== 'Archived';
  return out;
}

/** Account writes; delete archives (doc-samples/account/08: soft delete with `Active: false`). */
export const accountWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'name', required: true, maxLength: 100, pattern: '^[^:"]*$', message: 'Account Name is required, at most 100 characters, without a colon or double quote' }, // XSD Account.Name QBO Max=100; ❓ the : and " rule
    // ❓ unverified: AcctNum limit of 7 characters (Intuit API reference, not in the XSD).
    { path: 'code', maxLength: 7, message: 'AcctNum is at most 7 characters' },
    { path: 'description', maxLength: 100, message: 'Description is at most 100 characters' }, // ❓ unverified (XSD gives QBW 200 only)
    { path: 'classification', allowedValues: ['Asset', 'Liability', 'Equity', 'Income', 'Expense'], message: 'Choose a classification (or give the QuickBooks AccountType in `type`)' },
    { path: 'status', allowedValues: ['Active', 'Archived'], message: 'An account is Active or Archived (Active: false)' },
  ],
  idempotency: IDEMPOTENCY,
  create: createOp('Account', accountOut),
  update: updateOp('Account', accountOut),
  delete: removeOp('Account', 'archive'),
};

type PaymentIn = { date?: string; amount?: string; currency?: string; currencyRate?: string; accountRef?: RefIn; paymentMethodRef?: RefIn; reference?: string; note?: string; lines?: { kind: string; ref: { id: string }; amount: string }[]; customerRef?: RefIn; supplierRef?: RefIn };
const LINKED_OUT: Record<string, string> = { Invoice: 'Invoice', CreditNote: 'CreditMemo', Bill: 'Bill', BillCreditNote: 'VendorCredit', JournalEntry: 'JournalEntry' };

function paymentLines(lines: PaymentIn['lines']) {
  return lines?.map((l) => ({ Amount: jsonNumber(l.amount), LinkedTxn: [{ TxnId: l.ref.id, TxnType: LINKED_OUT[l.kind] ?? l.kind }] }));
}

/** Canonical payment → QuickBooks Payment (AR). */
export function paymentOut(input: Input): Input {
  const p = input as PaymentIn;
  const out: Input = {};
  put(out, 'CustomerRef', ref(p.customerRef));
  put(out, 'TxnDate', p.date);
  put(out, 'TotalAmt', p.amount !== undefined ? jsonNumber(p.amount) : undefined);
  put(out, 'CurrencyRef', p.currency ? { value: p.currency } : undefined);
  put(out, 'ExchangeRate', p.currencyRate !== undefined ? jsonNumber(reciprocal(p.currencyRate)) : undefined);
  put(out, 'DepositToAccountRef', ref(p.accountRef));
  put(out, 'PaymentMethodRef', ref(p.paymentMethodRef));
  put(out, 'PaymentRefNum', p.reference);
  put(out, 'PrivateNote', p.note);
  put(out, 'Line', paymentLines(p.lines));
  return out;
}

/** Canonical bill payment → QuickBooks BillPayment (a cheque from `accountRef`). */
export function billPaymentOut(input: Input): Input {
  const p = input as PaymentIn;
  const out: Input = {};
  put(out, 'VendorRef', ref(p.supplierRef));
  put(out, 'TxnDate', p.date);
  put(out, 'TotalAmt', p.amount !== undefined ? jsonNumber(p.amount) : undefined);
  put(out, 'CurrencyRef', p.currency ? { value: p.currency } : undefined);
  put(out, 'ExchangeRate', p.currencyRate !== undefined ? jsonNumber(reciprocal(p.currencyRate)) : undefined);
  // ❓ our choice: bill payments are written as cheques (PayType Check); card bill payments are not offered.
  if (p.accountRef) Object.assign(out, { PayType: 'Check', CheckPayment: { BankAccountRef: ref(p.accountRef) } });
  put(out, 'DocNumber', p.reference);
  put(out, 'PrivateNote', p.note);
  put(out, 'Line', paymentLines(p.lines));
  return out;
}

const PAYMENT_FIELDS: FieldRule[] = [
  { path: 'amount', required: true, message: 'TotalAmt is required' },
  { path: 'reference', maxLength: 21, message: 'The reference (PaymentRefNum/DocNumber) is at most 21 characters' }, // XSD DocNumber: 21; ❓ for PaymentRefNum
  PRIVATE_NOTE,
  { path: 'lines[].kind', allowedValues: ['Invoice', 'CreditNote', 'Bill', 'BillCreditNote', 'JournalEntry'], message: 'A payment line links an Invoice, CreditMemo, Bill, VendorCredit or JournalEntry' },
  { path: 'tracking', ignored: true, description: 'Payments carry no class/department in ledgerlink writes.' },
  { path: 'status', ignored: true, description: 'A payment is created posted.' },
];

/** Payment (AR) writes; delete voids (doc-samples/payment/07, 08). */
export const paymentWrite: With<'create' | 'update' | 'delete'> = {
  fields: [{ path: 'customerRef.id', required: true, message: 'CustomerRef is required' }, ...PAYMENT_FIELDS],
  idempotency: IDEMPOTENCY,
  create: createOp('Payment', paymentOut),
  update: updateOp('Payment', paymentOut),
  delete: removeOp('Payment', 'void'),
};

/** BillPayment writes; delete voids (doc-samples/billpayment/03). */
export const billPaymentWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'supplierRef.id', required: true, message: 'VendorRef is required' },
    { path: 'accountRef.id', required: true, message: 'CheckPayment.BankAccountRef is required' },
    { path: 'lines', required: true, minItems: 1, message: 'A bill payment must link at least one bill (Line.LinkedTxn)' },
    ...PAYMENT_FIELDS,
  ],
  idempotency: IDEMPOTENCY,
  create: createOp('BillPayment', billPaymentOut),
  update: updateOp('BillPayment', billPaymentOut),
  delete: removeOp('BillPayment', 'void'),
};

type JournalIn = { number?: string; date?: string; description?: string; currency?: string; currencyRate?: string; lines?: { description?: string; netAmount: string; accountRef: RefIn; taxRateRef?: RefIn; tracking?: TrackingIn; contactRef?: RefIn }[] };

/** Canonical journal entry (debits positive, credits negative) → QuickBooks JournalEntry (PostingType per line). */
export function journalOut(input: Input): Input {
  const j = input as JournalIn;
  const out: Input = {};
  put(out, 'DocNumber', j.number);
  put(out, 'TxnDate', j.date);
  put(out, 'PrivateNote', j.description);
  put(out, 'CurrencyRef', j.currency ? { value: j.currency } : undefined);
  put(out, 'ExchangeRate', j.currencyRate !== undefined ? jsonNumber(reciprocal(j.currencyRate)) : undefined);
  put(
    out,
    'Line',
    j.lines?.map((l) => {
      const credit = l.netAmount.startsWith('-');
      const detail: Input = { PostingType: credit ? 'Credit' : 'Debit', AccountRef: ref(l.accountRef) };
      put(detail, 'TaxCodeRef', ref(l.taxRateRef));
      put(detail, 'ClassRef', classRef(l.tracking));
      put(detail, 'DepartmentRef', departmentRef(l.tracking));
      // ❓ unverified: the entity type of a journal line's contact is not known from a canonical ref; Customer assumed.
      if (l.contactRef) detail.Entity = { Type: 'Customer', EntityRef: ref(l.contactRef) };
      const line: Input = { DetailType: 'JournalEntryLineDetail', Amount: jsonNumber(credit ? l.netAmount.slice(1) : l.netAmount), JournalEntryLineDetail: detail };
      put(line, 'Description', l.description);
      return line;
    }),
  );
  return out;
}

/** JournalEntry writes; delete deletes (doc-samples/journalentry/04, 05). */
export const journalWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'lines', required: true, minItems: 2, message: 'A journal entry needs lines (at least one debit and one credit)' },
    { path: 'lines[].accountRef.id', required: 'always', message: 'JournalEntryLineDetail.AccountRef is required' },
    DOC_NUMBER,
    { path: 'description', maxLength: 4000, message: 'PrivateNote (memo) is at most 4000 characters' },
    { path: 'status', ignored: true, description: 'A journal entry is posted when created.' },
  ],
  idempotency: IDEMPOTENCY,
  create: createOp('JournalEntry', journalOut),
  update: updateOp('JournalEntry', journalOut),
  delete: removeOp('JournalEntry', 'delete'),
};
