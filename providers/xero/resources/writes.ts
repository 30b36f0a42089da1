/**
 * Xero writes: canonical input → Xero's request bodies, push options from the Xero OpenAPI spec (XOA), and the
 * idempotency mechanism (`Idempotency-Key`, max 128 characters — reference §2.2).
 *
 * - Invoices and bills (`/Invoices`), credit notes and bill credit notes (`/CreditNotes`): `PUT` creates, `POST
 *   /{id}` updates; delete is `Status: DELETED` for a draft or submitted document and `Status: VOIDED` for an
 *   authorised one (the current status is read first). `createMany` sends several in one `PUT ?summarizeErrors=false`
 *   and reads each element's own `ValidationErrors`.
 * - Payments and bill payments: `PUT /Payments` against one invoice, bill or credit note (a refund) from an account;
 *   delete is `POST /Payments/{id}` with `Status: DELETED` (XOA deletePayment). Xero has no other payment update.
 * - Journal entries (`/ManualJournals`): create, update, delete (a draft DELETED, a posted journal VOIDED); the lines
 *   must balance, checked locally with Xero's message before sending.
 * - Items: `PUT /Items`, `POST /Items/{id}`, and the real `DELETE /Items/{id}` (the item vanishes: no status).
 * - Customers and suppliers: `PUT /Contacts`, `POST /Contacts/{id}`; delete archives (`ContactStatus: ARCHIVED`).
 * - Accounts: `PUT /Accounts`, `POST /Accounts/{id}`; delete archives (`Status: ARCHIVED`).
 * - Line tracking (documents and journal lines): `Tracking`, at most 2 categories per line, by ids or by names.
 *
 * Amounts go out as JSON numbers made from the exact decimal strings; a value with more than 15 significant digits
 * (which a JSON number could not carry exactly) is refused before sending.
 * @module
 */
import type { FieldIssue } from '../../../src/errors';
import type { FieldRule, WriteDefinition } from '../../../src/provider/types';
import { addDecimals, compareDecimals, roundDecimal } from '../../../src/model/primitives';
import { firstOf } from '../lib/list';

type Input = Record<string, unknown>;
type RefInput = { id: string; name?: string } | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An exact decimal string as a JSON number; throws when a JSON number cannot carry it exactly. */
export function decimalToJsonNumber(value: string): number {
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > 15) throw new RangeError(`${value} has more than 15 significant digits: Xero's JSON numbers cannot carry it exactly`);
  return Number(value);
}

const STATUS_OUT: Record<string, string> = { Draft: 'DRAFT', Submitted: 'SUBMITTED', Open: 'AUTHORISED' };
const TREATMENT_OUT: Record<string, string> = { Exclusive: 'Exclusive', Inclusive: 'Inclusive', NoTax: 'NoTax' };

function refField(ref: RefInput, idField: string, codeField: string): Input {
  if (!ref) return {};
  return UUID.test(ref.id) ? { [idField]: ref.id } : { [codeField]: ref.id };
}

type TrackingInput = { categoryRef: { id: string; name?: string }; optionRef?: { id: string; name?: string } };

/**
 * Canonical tracking refs → Xero `Tracking` (XOA `LineItemTracking`): by ids when the refs are Xero UUIDs, else by
 * `Name`/`Option` (the category and option names, as in the XOA ManualJournals example). Omitted when there is none,
 * so an update that does not give tracking leaves Xero's alone.
 */
export function trackingOut(tracking: TrackingInput[] | undefined): Input {
  if (!tracking || tracking.length === 0) return {};
  return {
    Tracking: tracking.map((t) => ({
      ...(UUID.test(t.categoryRef.id) ? { TrackingCategoryID: t.categoryRef.id } : { Name: t.categoryRef.id }),
      ...(t.categoryRef.name !== undefined && UUID.test(t.categoryRef.id) ? { Name: t.categoryRef.name } : {}),
      ...(t.optionRef ? (UUID.test(t.optionRef.id) ? { TrackingOptionID: t.optionRef.id, ...(t.optionRef.name !== undefined ? { Option: t.optionRef.name } : {}) } : { Option: t.optionRef.id }) : {}),
    })),
  };
}

function lineOut(line: Input): Input {
  const l = line as { description?: string; quantity?: string; unitAmount?: string; discountPercentage?: string; discountAmount?: string; subTotal?: string; taxAmount?: string; accountRef?: RefInput; itemRef?: RefInput; taxRateRef?: RefInput; tracking?: TrackingInput[] };
  return {
    ...(l.description !== undefined ? { Description: l.description } : {}),
    ...(l.quantity !== undefined ? { Quantity: decimalToJsonNumber(l.quantity) } : {}),
    ...(l.unitAmount !== undefined ? { UnitAmount: decimalToJsonNumber(l.unitAmount) } : {}),
    ...(l.discountPercentage !== undefined ? { DiscountRate: decimalToJsonNumber(l.discountPercentage) } : {}),
    ...(l.discountAmount !== undefined ? { DiscountAmount: decimalToJsonNumber(l.discountAmount) } : {}),
    ...(l.subTotal !== undefined ? { LineAmount: decimalToJsonNumber(l.subTotal) } : {}),
    ...(l.taxAmount !== undefined ? { TaxAmount: decimalToJsonNumber(l.taxAmount) } : {}),
    ...refField(l.accountRef, 'AccountID', 'AccountCode'),
    ...(l.itemRef ? (UUID.test(l.itemRef.id) ? { Item: { ItemID: l.itemRef.id } } : { ItemCode: l.itemRef.id }) : {}),
    ...(l.taxRateRef ? { TaxType: l.taxRateRef.id } : {}),
    ...trackingOut(l.tracking),
  };
}

type DocType = 'ACCREC' | 'ACCPAY' | 'ACCRECCREDIT' | 'ACCPAYCREDIT';

/**
 * Canonical invoice, bill or credit note fields → a Xero Invoice or CreditNote element (only the fields given, so
 * it serves updates too).
 */
export function documentOut(input: Input, type: DocType): Input {
  const d = input as {
    number?: string;
    reference?: string;
    customerRef?: RefInput;
    supplierRef?: RefInput;
    issueDate?: string;
    dueDate?: string;
    currency?: string;
    currencyRate?: string;
    taxTreatment?: string;
    status?: string;
    lineItems?: Input[];
  };
  const contact = d.customerRef ?? d.supplierRef;
  return {
    Type: type,
    ...(contact ? { Contact: { ContactID: contact.id } } : {}),
    ...(d.number !== undefined ? { [type.endsWith('CREDIT') ? 'CreditNoteNumber' : 'InvoiceNumber']: d.number } : {}),
    ...(d.reference !== undefined ? { Reference: d.reference } : {}),
    ...(d.issueDate !== undefined ? { Date: d.issueDate } : {}),
    ...(d.dueDate !== undefined ? { DueDate: d.dueDate } : {}),
    ...(d.currency !== undefined ? { CurrencyCode: d.currency } : {}),
    ...(d.currencyRate !== undefined ? { CurrencyRate: decimalToJsonNumber(d.currencyRate) } : {}),
    ...(d.taxTreatment !== undefined && TREATMENT_OUT[d.taxTreatment] ? { LineAmountTypes: TREATMENT_OUT[d.taxTreatment] } : {}),
    ...(d.status !== undefined ? { Status: STATUS_OUT[d.status] } : {}),
    ...(d.lineItems !== undefined ? { LineItems: d.lineItems.map(lineOut) } : {}),
  };
}

/** Push options shared by invoices and bills (XOA `Invoice` and `LineItem`). */
const DOCUMENT_FIELDS: FieldRule[] = [
  { path: 'issueDate', description: 'Defaults to today in the organisation’s timezone when omitted (XOA Invoice.Date).' },
  { path: 'number', maxLength: 255, message: 'Invoice number must be no more than 255 characters', description: 'ACCREC: generated from the invoice settings when omitted (XOA).' },
  { path: 'status', allowedValues: ['Draft', 'Submitted', 'Open'], message: 'A new or updated document can only be Draft, Submitted or Open (AUTHORISED)' },
  { path: 'taxTreatment', allowedValues: ['Exclusive', 'Inclusive', 'NoTax'], message: 'LineAmountTypes must be Exclusive, Inclusive or NoTax' },
  { path: 'lineItems[].description', required: 'always', maxLength: 4000, message: 'Description needs to be at least 1 char long', description: 'Also on update: lines sent replace the document’s lines.' },
  { path: 'lineItems[].tracking', maxItems: 2, message: 'A line item can have a maximum of 2 tracking categories', description: 'Sent as Xero `Tracking` (XOA LineItem.Tracking: at most 2 categories per line). Ids that are Xero UUIDs go as TrackingCategoryID/TrackingOptionID, anything else as Name/Option.' },
  { path: 'lineItems[].tracking[].optionRef.id', required: 'always', message: 'A tracking option must be given for each tracking category' }, // ❓ unverified: Xero's wording
  { path: 'totalAmount', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'subTotal', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'totalTaxAmount', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'note', ignored: true, description: 'No such field on Xero invoices.' },
];

const IDEMPOTENCY = { type: 'header', name: 'Idempotency-Key' } as const;

/** A write definition whose listed operations are known to exist (so the connection's types offer them). */
type With<Ops extends 'create' | 'update' | 'delete' | 'createMany'> = WriteDefinition & Required<Pick<WriteDefinition, Ops>>;

const DOC_ENDPOINT = {
  ACCREC: { path: 'Invoices', id: 'InvoiceID', label: 'invoices' },
  ACCPAY: { path: 'Invoices', id: 'InvoiceID', label: 'invoices' },
  ACCRECCREDIT: { path: 'CreditNotes', id: 'CreditNoteID', label: 'credit notes' },
  ACCPAYCREDIT: { path: 'CreditNotes', id: 'CreditNoteID', label: 'credit notes' },
} as const;

/** Xero's per-element errors (`HasErrors`, `ValidationErrors`) on one element of a `summarizeErrors=false` answer. */
export function elementErrors(element: unknown): FieldIssue[] {
  const e = (typeof element === 'object' && element !== null ? element : {}) as { ValidationErrors?: unknown; HasErrors?: unknown; StatusAttributeString?: unknown };
  const messages = Array.isArray(e.ValidationErrors) ? e.ValidationErrors.map((v) => (v as { Message?: unknown })?.Message).filter((m): m is string => typeof m === 'string' && m !== '') : [];
  if (messages.length === 0 && (e.HasErrors === true || e.StatusAttributeString === 'ERROR')) return [{ path: '', message: 'Xero reported an error on this element without a message', code: 'xero_validation' }];
  return messages.map((message) => ({ path: '', message, code: 'xero_validation' }));
}

/**
 * A batch create on a Xero collection: `PUT /{path}?summarizeErrors=false` with `{ "<path>": [ … ] }`, one answer
 * element per input with its own `ValidationErrors` (reference §2.2, §2.6; XOA `summarizeErrors` on every PUT).
 */
function batchOf(path: string, out: (input: Input) => Input): NonNullable<WriteDefinition['createMany']> {
  return {
    request: (inputs) => ({ method: 'PUT', url: `/${path}`, query: { summarizeErrors: 'false' }, body: { [path]: inputs.map(out) } }),
    select: (body) => {
      const list = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[path] : undefined;
      return Array.isArray(list) ? list : [];
    },
    errorsOf: elementErrors,
  };
}

function documentWrite(type: DocType, contactPath: 'customerRef' | 'supplierRef'): With<'create' | 'update' | 'delete' | 'createMany'> {
  const { path, id: idField } = DOC_ENDPOINT[type];
  const credit = type.endsWith('CREDIT');
  const noDiscount = type !== 'ACCREC';
  // XOA LineItem.DiscountRate: "only supported on ACCREC invoices – ACC PAY invoices and credit notes in Xero do not support discounts".
  const discountMessage = credit ? 'Discounts are not supported on credit notes' : 'Discounts are not supported on ACCPAY invoices'; // ❓ unverified wording (the fact is XOA)
  return {
    fields: [
      { path: `${contactPath}.id`, required: true, message: 'A Contact must be specified for this type of transaction' },
      ...(type === 'ACCREC' || type === 'ACCRECCREDIT' ? [] : [{ path: 'reference', ignored: true, description: `XOA: Reference is ${credit ? 'ACCRECCREDIT' : 'ACCREC'} only.` } satisfies FieldRule]),
      ...(noDiscount
        ? ([
            { path: 'lineItems[].discountPercentage', allowedValues: [], message: discountMessage },
            { path: 'lineItems[].discountAmount', allowedValues: [], message: discountMessage },
          ] satisfies FieldRule[])
        : []),
      ...DOCUMENT_FIELDS.map((f) => (credit && f.path === 'number' ? { ...f, message: 'Credit note number must be no more than 255 characters', description: 'ACCRECCREDIT: generated from the invoice settings when omitted (XOA CreditNote.CreditNoteNumber).' } : f)), // ❓ unverified: the 255 limit for credit note numbers is assumed from invoices
    ],
    idempotency: IDEMPOTENCY,
    create: {
      request: (input) => ({ method: 'PUT', url: `/${path}`, body: { [path]: [documentOut(input, type)] } }),
      select: firstOf(path),
    },
    createMany: batchOf(path, (i) => documentOut(i, type)),
    update: {
      request: ({ id, changes }) => ({ method: 'POST', url: `/${path}/${encodeURIComponent(id)}`, body: { [path]: [{ [idField]: id, ...documentOut(changes, type) }] } }),
      select: firstOf(path),
    },
    delete: {
      kind: 'void',
      needsCurrent: true,
      request: ({ id }, ctx) => {
        const status = String((ctx.current as { Status?: string } | undefined)?.Status ?? '');
        // Drafts and submitted documents are deleted; authorised ones are voided (reference §2.4).
        const next = status === 'DRAFT' || status === 'SUBMITTED' ? 'DELETED' : 'VOIDED';
        return { method: 'POST', url: `/${path}/${encodeURIComponent(id)}`, body: { [path]: [{ [idField]: id, Status: next }] } };
      },
      select: firstOf(path),
    },
  };
}

/** Invoice writes (ACCREC). */
export const invoiceWrite = documentWrite('ACCREC', 'customerRef');
/** Bill writes (ACCPAY). */
export const billWrite = documentWrite('ACCPAY', 'supplierRef');
/** Credit note writes (ACCRECCREDIT, `/CreditNotes`). */
export const creditNoteWrite = documentWrite('ACCRECCREDIT', 'customerRef');
/** Bill credit note writes (ACCPAYCREDIT, `/CreditNotes`). */
export const billCreditNoteWrite = documentWrite('ACCPAYCREDIT', 'supplierRef');

/** Canonical address types → Xero `AddressType` (XOA Address: POBOX or STREET only). */
const ADDRESS_TYPE_OUT: Record<string, string> = { Postal: 'POBOX', Billing: 'POBOX', Street: 'STREET', Delivery: 'STREET' };
/** Canonical phone types → Xero `PhoneType` (XOA Phone: DEFAULT, DDI, MOBILE, FAX, OFFICE). */
const PHONE_TYPE_OUT: Record<string, string> = { Primary: 'DEFAULT', Mobile: 'MOBILE', Fax: 'FAX', Landline: 'DDI' };

type AddressInput = { type?: string; attentionTo?: string; line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };

/** Canonical contact fields → a Xero Contact element. */
export function contactOut(input: Input): Input {
  const c = input as { name?: string; firstName?: string; lastName?: string; emailAddress?: string; taxNumber?: string; registrationNumber?: string; accountNumber?: string; defaultCurrency?: string; website?: string; addresses?: AddressInput[]; phones?: Array<{ type?: string; number: string }> };
  return {
    ...(c.name !== undefined ? { Name: c.name } : {}),
    ...(c.firstName !== undefined ? { FirstName: c.firstName } : {}),
    ...(c.lastName !== undefined ? { LastName: c.lastName } : {}),
    ...(c.emailAddress !== undefined ? { EmailAddress: c.emailAddress } : {}),
    ...(c.taxNumber !== undefined ? { TaxNumber: c.taxNumber } : {}),
    ...(c.registrationNumber !== undefined ? { CompanyNumber: c.registrationNumber } : {}),
    ...(c.accountNumber !== undefined ? { AccountNumber: c.accountNumber } : {}),
    ...(c.defaultCurrency !== undefined ? { DefaultCurrency: c.defaultCurrency } : {}),
    ...(c.website !== undefined ? { Website: c.website } : {}),
    ...(c.addresses !== undefined && c.addresses.length > 0
      ? {
          Addresses: c.addresses.map((a) => ({
            AddressType: ADDRESS_TYPE_OUT[a.type ?? ''] ?? 'POBOX',
            ...(a.attentionTo !== undefined ? { AttentionTo: a.attentionTo } : {}),
            ...(a.line1 !== undefined ? { AddressLine1: a.line1 } : {}),
            ...(a.line2 !== undefined ? { AddressLine2: a.line2 } : {}),
            ...(a.city !== undefined ? { City: a.city } : {}),
            ...(a.region !== undefined ? { Region: a.region } : {}),
            ...(a.postalCode !== undefined ? { PostalCode: a.postalCode } : {}),
            ...(a.country !== undefined ? { Country: a.country } : {}),
          })),
        }
      : {}),
    // The number goes whole in PhoneNumber (the canonical number joins country and area codes; they are not split).
    ...(c.phones !== undefined && c.phones.length > 0 ? { Phones: c.phones.map((p) => ({ PhoneType: PHONE_TYPE_OUT[p.type ?? ''] ?? 'DEFAULT', PhoneNumber: p.number })) } : {}),
  };
}

/** Contact writes (customers and suppliers are both Xero Contacts). Limits from XOA Contact, Address and Phone. */
export const contactWrite: With<'create' | 'update' | 'delete' | 'createMany'> = {
  fields: [
    { path: 'name', required: true, maxLength: 255, message: 'The contact name must be specified, in no more than 255 characters' },
    { path: 'firstName', maxLength: 255 },
    { path: 'lastName', maxLength: 255 },
    { path: 'emailAddress', maxLength: 255, pattern: '^[^@\\s]+@[^@\\s]+$', message: 'Email address must be valid (umlauts not supported), at most 255 characters' },
    { path: 'taxNumber', maxLength: 50 },
    { path: 'registrationNumber', maxLength: 50, description: 'Xero CompanyNumber.' },
    { path: 'accountNumber', maxLength: 50 },
    { path: 'addresses[].type', allowedValues: ['Postal', 'Billing', 'Street', 'Delivery'], message: 'Xero addresses are POBOX (Postal, Billing) or STREET (Street, Delivery)', description: 'XOA Address.AddressType: POBOX or STREET. Billing reads back as Postal, Delivery as Street.' },
    { path: 'addresses[].attentionTo', maxLength: 255 },
    { path: 'addresses[].line1', maxLength: 500 },
    { path: 'addresses[].line2', maxLength: 500 },
    { path: 'addresses[].city', maxLength: 255 },
    { path: 'addresses[].region', maxLength: 255 },
    { path: 'addresses[].postalCode', maxLength: 50 },
    { path: 'addresses[].country', maxLength: 50, description: 'XOA: max length = 50, [A-Z], [a-z] only.' },
    { path: 'addresses[].countryCode', ignored: true, description: 'Xero takes the country as written (`country`).' },
    { path: 'phones[].type', allowedValues: ['Primary', 'Mobile', 'Fax', 'Landline'], message: 'Xero phones are DEFAULT, MOBILE, FAX or DDI' },
    { path: 'phones[].number', maxLength: 50, description: 'Sent whole as PhoneNumber (XOA max length = 50).' },
    { path: 'contactPersons', ignored: true, description: 'Not sent by ledgerlink yet.' },
    { path: 'bankAccounts', ignored: true, description: 'Not sent by ledgerlink yet.' },
    { path: 'emails', ignored: true, description: 'Xero has one email address per contact (`emailAddress`).' },
    { path: 'note', ignored: true, description: 'No such field on Xero contacts.' },
  ],
  idempotency: IDEMPOTENCY,
  create: { request: (input) => ({ method: 'PUT', url: '/Contacts', body: { Contacts: [contactOut(input)] } }), select: firstOf('Contacts') },
  createMany: batchOf('Contacts', contactOut),
  update: {
    request: ({ id, changes }) => ({ method: 'POST', url: `/Contacts/${encodeURIComponent(id)}`, body: { Contacts: [{ ContactID: id, ...contactOut(changes) }] } }),
    select: firstOf('Contacts'),
  },
  delete: {
    kind: 'archive',
    request: ({ id }) => ({ method: 'POST', url: `/Contacts/${encodeURIComponent(id)}`, body: { Contacts: [{ ContactID: id, ContactStatus: 'ARCHIVED' }] } }),
    select: firstOf('Contacts'),
  },
};

const TYPE_FOR_CLASS: Record<string, string> = { Income: 'REVENUE', Expense: 'EXPENSE', Asset: 'CURRENT', Liability: 'CURRLIAB', Equity: 'EQUITY' };

/** Canonical account fields → a Xero Account element (only the fields given, so it serves updates too). */
export function accountOut(input: Input): Input {
  const a = input as { code?: string; name?: string; description?: string; classification?: string; type?: string; taxRateRef?: { id: string } };
  return {
    ...(a.code !== undefined ? { Code: a.code } : {}),
    ...(a.name !== undefined ? { Name: a.name } : {}),
    ...(a.type !== undefined ? { Type: a.type } : a.classification !== undefined && TYPE_FOR_CLASS[a.classification] ? { Type: TYPE_FOR_CLASS[a.classification] } : {}),
    ...(a.description !== undefined ? { Description: a.description } : {}),
    ...(a.taxRateRef ? { TaxType: a.taxRateRef.id } : {}),
  };
}

/**
 * Account writes: `PUT /Accounts` (a bare Account, as the XOA createAccount example), `POST /Accounts/{id}` with
 * `{"Accounts":[…]}` (XOA updateAccount), and delete as an archive (`Status: ARCHIVED`, reference §2.4) — not XOA's
 * `DELETE /Accounts/{id}`, which removes the account outright.
 */
export const accountWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'code', required: true, maxLength: 10, message: 'The Account code must be no more than 10 characters long.' },
    { path: 'name', required: true, maxLength: 150, message: 'The Account name must be no more than 150 characters long.' },
    { path: 'description', maxLength: 4000 },
    { path: 'classification', allowedValues: ['Asset', 'Liability', 'Equity', 'Income', 'Expense'], message: 'Choose a classification (or give the Xero account type in `type`)' },
    // XOA AccountType.
    { path: 'type', allowedValues: ['BANK', 'CURRENT', 'CURRLIAB', 'DEPRECIATN', 'DIRECTCOSTS', 'EQUITY', 'EXPENSE', 'FIXED', 'INVENTORY', 'LIABILITY', 'NONCURRENT', 'OTHERINCOME', 'OVERHEADS', 'PREPAYMENT', 'REVENUE', 'SALES', 'TERMLIAB', 'PAYG'], message: 'Type must be one of Xero’s account types' },
    { path: 'status', ignored: true, description: 'Use delete() to archive an account.' },
  ],
  idempotency: IDEMPOTENCY,
  create: {
    request: (input) => ({ method: 'PUT', url: '/Accounts', body: { ...accountOut(input), Type: accountOut(input).Type ?? 'EXPENSE' } }),
    select: firstOf('Accounts'),
  },
  update: {
    request: ({ id, changes }) => ({ method: 'POST', url: `/Accounts/${encodeURIComponent(id)}`, body: { Accounts: [{ AccountID: id, ...accountOut(changes) }] } }),
    select: firstOf('Accounts'),
  },
  delete: {
    kind: 'archive',
    // ❓ unverified: that Xero archives an account through POST with Status ARCHIVED (XOA Account.Status has ARCHIVED; reference §2.4).
    request: ({ id }) => ({ method: 'POST', url: `/Accounts/${encodeURIComponent(id)}`, body: { Accounts: [{ AccountID: id, Status: 'ARCHIVED' }] } }),
    select: firstOf('Accounts'),
  },
};

// ------------------------------------------------------------------------------------------------------------------
// Payments
// ------------------------------------------------------------------------------------------------------------------

type PaymentInput = { date?: string; amount?: string; currencyRate?: string; accountRef?: { id: string }; reference?: string; isReconciled?: boolean; lines?: Array<{ kind: string; ref: { id: string } }> };

/**
 * A canonical payment → a Xero Payment element (XOA `Payment`, the recorded real `PUT /Payments` request):
 * `Invoice: { InvoiceID }` or `CreditNote: { CreditNoteID }` (a refund of a credit note), `Account` by `AccountID` or
 * `Code`, `Date`, `Amount`.
 */
export function paymentOut(input: Input): Input {
  const p = input as PaymentInput;
  const line = p.lines?.[0];
  const doc = line ? (line.kind === 'CreditNote' || line.kind === 'BillCreditNote' ? { CreditNote: { CreditNoteID: line.ref.id } } : { Invoice: { InvoiceID: line.ref.id } }) : {};
  return {
    ...doc,
    ...(p.accountRef ? { Account: UUID.test(p.accountRef.id) ? { AccountID: p.accountRef.id } : { Code: p.accountRef.id } } : {}),
    ...(p.date !== undefined ? { Date: p.date } : {}),
    ...(p.amount !== undefined ? { Amount: decimalToJsonNumber(p.amount) } : {}),
    ...(p.currencyRate !== undefined ? { CurrencyRate: decimalToJsonNumber(p.currencyRate) } : {}),
    ...(p.reference !== undefined ? { Reference: p.reference } : {}),
    ...(p.isReconciled !== undefined ? { IsReconciled: p.isReconciled } : {}),
  };
}

function paymentWrite(side: 'AR' | 'AP'): With<'create' | 'delete' | 'createMany'> {
  const kinds = side === 'AR' ? ['Invoice', 'CreditNote'] : ['Bill', 'BillCreditNote'];
  return {
    fields: [
      { path: 'accountRef.id', required: true, message: 'An Account must be specified for a payment', description: 'The bank account (or an account with EnablePaymentsToAccount), by AccountID or Code.' }, // ❓ unverified wording
      { path: 'lines', required: true, minItems: 1, maxItems: 1, message: 'A Xero payment applies to exactly one invoice or credit note', description: 'Xero payments settle one document each (XOA Payment.Invoice / Payment.CreditNote); use one payment per document.' },
      { path: 'lines[].kind', allowedValues: kinds, message: `A payment can only be applied to ${kinds.join(' or ')} here` },
      { path: 'lines[].amount', description: 'Xero takes the payment `amount`; the line amount is not sent (give the same value).' },
      { path: 'amount', description: 'XOA Payment.Amount: must be less than or equal to the outstanding amount owing on the document.' },
      { path: 'status', allowedValues: ['Authorised'], message: 'A new payment is AUTHORISED; delete it to set DELETED' },
      { path: 'currency', ignored: true, description: 'Xero takes the currency of the document paid.' },
      { path: 'note', ignored: true, description: 'No such field on Xero payments.' },
      { path: 'paymentMethodRef', ignored: true, description: 'No such field on Xero payments.' },
      { path: 'unallocatedAmount', ignored: true, description: 'Xero payments are always fully allocated to their document.' },
      { path: 'tracking', ignored: true, description: 'No tracking on Xero payments.' },
      { path: side === 'AR' ? 'customerRef' : 'supplierRef', ignored: true, description: 'Xero takes the contact of the document paid.' },
    ],
    validate: (input) => {
      const p = input as { amount?: string; lines?: Array<{ amount: string }> };
      const line = p.lines?.[0];
      return line && p.amount !== undefined && line.amount !== p.amount
        ? [{ path: 'lines.0.amount', code: 'mismatch', message: 'must equal the payment amount (a Xero payment applies its whole amount to one document)' }]
        : [];
    },
    idempotency: IDEMPOTENCY,
    create: { request: (input) => ({ method: 'PUT', url: '/Payments', body: { Payments: [paymentOut(input)] } }), select: firstOf('Payments') },
    // ❓ unverified: that Xero applies a batch's payments in order (the emulator does: the second of two payments on one
    // document sees the first).
    createMany: batchOf('Payments', paymentOut),
    delete: {
      kind: 'delete',
      // XOA deletePayment: POST /Payments/{PaymentID} with {"Payments":[{"Status":"DELETED"}]}.
      request: ({ id }) => ({ method: 'POST', url: `/Payments/${encodeURIComponent(id)}`, body: { Payments: [{ Status: 'DELETED' }] } }),
      select: firstOf('Payments'),
    },
  };
}

/** Customer payment writes (create, delete = Status DELETED). Xero has no payment update beyond that. */
export const paymentWriteAR = paymentWrite('AR');
/** Bill payment writes (create, delete = Status DELETED). */
export const billPaymentWrite = paymentWrite('AP');

// ------------------------------------------------------------------------------------------------------------------
// Manual journals
// ------------------------------------------------------------------------------------------------------------------

const JOURNAL_STATUS_OUT: Record<string, string> = { Draft: 'DRAFT', Posted: 'POSTED' };

/** A canonical journal entry → a Xero ManualJournal element (`LineAmount` signed: debits positive, credits negative). */
export function manualJournalOut(input: Input): Input {
  const j = input as { date?: string; description?: string; status?: string; taxTreatment?: string; lines?: Array<{ accountRef: RefInput; description?: string; netAmount: string; taxAmount?: string; taxRateRef?: RefInput; tracking?: TrackingInput[] }> };
  return {
    ...(j.description !== undefined ? { Narration: j.description } : {}),
    ...(j.date !== undefined ? { Date: j.date } : {}),
    ...(j.status !== undefined ? { Status: JOURNAL_STATUS_OUT[j.status] } : {}),
    ...(j.taxTreatment !== undefined && TREATMENT_OUT[j.taxTreatment] ? { LineAmountTypes: TREATMENT_OUT[j.taxTreatment] } : {}),
    ...(j.lines !== undefined
      ? {
          JournalLines: j.lines.map((l) => ({
            LineAmount: decimalToJsonNumber(l.netAmount),
            ...refField(l.accountRef, 'AccountID', 'AccountCode'),
            ...(l.description !== undefined ? { Description: l.description } : {}),
            ...(l.taxRateRef ? { TaxType: l.taxRateRef.id } : {}),
            ...(l.taxAmount !== undefined ? { TaxAmount: decimalToJsonNumber(l.taxAmount) } : {}),
            ...trackingOut(l.tracking),
          })),
        }
      : {}),
  };
}

/** Xero's balance check, locally: "The total debits (100.00) must equal total credits (-10.00)" (XOA example). */
export function journalBalanceIssues(lines: ReadonlyArray<{ netAmount: string }>): FieldIssue[] {
  const debits = addDecimals('0', ...lines.filter((l) => compareDecimals(l.netAmount, '0') > 0).map((l) => l.netAmount));
  const credits = addDecimals('0', ...lines.filter((l) => compareDecimals(l.netAmount, '0') < 0).map((l) => l.netAmount));
  if (compareDecimals(addDecimals(debits, credits), '0') === 0) return [];
  return [{ path: 'lines', code: 'unbalanced', message: `The total debits (${roundDecimal(debits, 2)}) must equal total credits (${roundDecimal(credits, 2)})` }];
}

/** Journal entry writes (`/ManualJournals`): create, update, delete (DRAFT → DELETED, POSTED → VOIDED). */
export const journalEntryWrite: With<'create' | 'update' | 'delete' | 'createMany'> = {
  fields: [
    { path: 'description', required: true, message: 'Narration must be specified', description: 'Xero Narration (required by XOA ManualJournal).' }, // ❓ unverified wording
    { path: 'lines', required: true, minItems: 2, message: 'A manual journal must have at least two lines', description: 'XOA JournalLines; the lines must balance (debits positive, credits negative).' }, // ❓ unverified: Xero's minimum and wording
    { path: 'lines[].accountRef.id', required: 'always', message: 'An Account must be specified for each journal line' }, // ❓ unverified wording
    { path: 'lines[].tracking', maxItems: 2, message: 'A journal line can have a maximum of 2 tracking categories', description: 'XOA ManualJournalLine.Tracking: at most 2 per line.' }, // ❓ unverified wording
    { path: 'lines[].tracking[].optionRef.id', required: 'always', message: 'A tracking option must be given for each tracking category' }, // ❓ unverified wording
    { path: 'status', allowedValues: ['Draft', 'Posted'], message: 'A new or updated manual journal can only be DRAFT or POSTED' },
    { path: 'taxTreatment', allowedValues: ['Exclusive', 'Inclusive', 'NoTax'], message: 'LineAmountTypes must be Exclusive, Inclusive or NoTax' },
    { path: 'number', ignored: true, description: 'Xero numbers manual journals itself.' },
    { path: 'reference', ignored: true, description: 'No such field on Xero manual journals.' },
    { path: 'currency', ignored: true, description: 'Xero manual journals are in the base currency.' },
    { path: 'currencyRate', ignored: true, description: 'Xero manual journals are in the base currency.' },
    { path: 'lines[].contactRef', ignored: true, description: 'No contact on Xero manual journal lines.' },
  ],
  validate: (input) => (Array.isArray(input.lines) ? journalBalanceIssues(input.lines as Array<{ netAmount: string }>) : []),
  idempotency: IDEMPOTENCY,
  create: { request: (input) => ({ method: 'PUT', url: '/ManualJournals', body: { ManualJournals: [manualJournalOut(input)] } }), select: firstOf('ManualJournals') },
  createMany: batchOf('ManualJournals', manualJournalOut),
  update: {
    request: ({ id, changes }) => ({ method: 'POST', url: `/ManualJournals/${encodeURIComponent(id)}`, body: { ManualJournals: [{ ManualJournalID: id, ...manualJournalOut(changes) }] } }),
    select: firstOf('ManualJournals'),
  },
  delete: {
    kind: 'void',
    needsCurrent: true,
    request: ({ id }, ctx) => {
      // XOA ManualJournal.Status: DRAFT, POSTED, DELETED, VOIDED, ARCHIVED; a draft is deleted, a posted journal voided.
      const status = String((ctx.current as { Status?: string } | undefined)?.Status ?? '');
      return { method: 'POST', url: `/ManualJournals/${encodeURIComponent(id)}`, body: { ManualJournals: [{ ManualJournalID: id, Status: status === 'DRAFT' ? 'DELETED' : 'VOIDED' }] } };
    },
    select: firstOf('ManualJournals'),
  },
};

// ------------------------------------------------------------------------------------------------------------------
// Items
// ------------------------------------------------------------------------------------------------------------------

type TradeInput = { description?: string; unitPrice?: string; accountRef?: { id: string }; taxRateRef?: { id: string } } | undefined;

function tradeOut(d: TradeInput, cogs: boolean): Input | undefined {
  if (!d) return undefined;
  return {
    ...(d.unitPrice !== undefined ? { UnitPrice: decimalToJsonNumber(d.unitPrice) } : {}),
    ...(d.accountRef ? { [cogs ? 'COGSAccountCode' : 'AccountCode']: d.accountRef.id } : {}),
    ...(d.taxRateRef ? { TaxType: d.taxRateRef.id } : {}),
  };
}

/** A canonical item → a Xero Item element (XOA `Item`, `Purchase`). */
export function itemOut(input: Input): Input {
  const i = input as { code?: string; name?: string; description?: string; type?: string; isBought?: boolean; isSold?: boolean; billDetails?: TradeInput; invoiceDetails?: TradeInput; inventoryAccountRef?: { id: string } };
  const tracked = i.type === 'Inventory';
  const purchase = tradeOut(i.billDetails, tracked);
  const sales = tradeOut(i.invoiceDetails, false);
  return {
    ...(i.code !== undefined ? { Code: i.code } : {}),
    ...(i.name !== undefined ? { Name: i.name } : {}),
    ...(i.description !== undefined ? { Description: i.description } : i.invoiceDetails?.description !== undefined ? { Description: i.invoiceDetails.description } : {}),
    ...(i.billDetails?.description !== undefined ? { PurchaseDescription: i.billDetails.description } : {}),
    ...(i.isSold !== undefined ? { IsSold: i.isSold } : {}),
    ...(i.isBought !== undefined ? { IsPurchased: i.isBought } : {}),
    ...(purchase ? { PurchaseDetails: purchase } : {}),
    ...(sales ? { SalesDetails: sales } : {}),
    ...(i.inventoryAccountRef ? { InventoryAssetAccountCode: i.inventoryAccountRef.id } : {}),
  };
}

/** Item writes: `PUT /Items`, `POST /Items/{id}`, and a real `DELETE /Items/{id}` (XOA deleteItem, 204). */
export const itemWrite: With<'create' | 'update' | 'delete' | 'createMany'> = {
  fields: [
    // XOA Item: Code required, "User defined item code (max length = 30)"; Name "(max length = 50)"; descriptions 4000.
    { path: 'code', required: true, maxLength: 30, message: 'Item code is required and must be no more than 30 characters', description: 'An update without `code` resends the current one (every XOA item update example carries Code).' }, // ❓ unverified wording (limits XOA)
    { path: 'name', maxLength: 50, message: 'Item name must be no more than 50 characters' }, // ❓ unverified wording (limit XOA)
    { path: 'description', maxLength: 4000, message: 'Item description must be no more than 4000 characters' }, // ❓ wording
    { path: 'invoiceDetails.description', maxLength: 4000, message: 'Item description must be no more than 4000 characters', description: 'Xero has one sales description: `description` wins when both are given.' }, // ❓ wording
    { path: 'billDetails.description', maxLength: 4000, message: 'Item purchase description must be no more than 4000 characters' }, // ❓ wording
    { path: 'type', allowedValues: ['NonInventory', 'Service', 'Inventory'], description: 'Xero does not tell services from goods: both read back as NonInventory. Inventory needs inventoryAccountRef and billDetails.accountRef (COGS).' },
    { path: 'billDetails.taxInclusive', ignored: true, description: 'No such field on Xero items.' },
    { path: 'invoiceDetails.taxInclusive', ignored: true, description: 'No such field on Xero items.' },
    { path: 'quantityOnHand', ignored: true, description: 'Xero derives it from inventory transactions.' },
    { path: 'unitOfMeasure', ignored: true, description: 'No such field on Xero items.' },
    { path: 'parentRef', ignored: true, description: 'No such field on Xero items.' },
  ],
  validate: (input, operation) => {
    const i = input as { type?: string; inventoryAccountRef?: unknown; billDetails?: { accountRef?: unknown } };
    // XOA Item.InventoryAssetAccountCode: "The COGSAccountCode in PurchaseDetails is also required to create a tracked item".
    if (operation === 'create' && i.type === 'Inventory' && (!i.inventoryAccountRef || !i.billDetails?.accountRef)) {
      return [{ path: 'inventoryAccountRef', code: 'required', message: 'A tracked item needs an InventoryAssetAccountCode and a COGSAccountCode in PurchaseDetails' }]; // ❓ wording
    }
    return [];
  },
  idempotency: IDEMPOTENCY,
  create: { request: (input) => ({ method: 'PUT', url: '/Items', body: { Items: [itemOut(input)] } }), select: firstOf('Items') },
  createMany: batchOf('Items', itemOut),
  update: {
    // ❓ unverified: whether Xero insists on Code in an item update; the XOA examples always send it, so it is resent.
    needsCurrent: true,
    request: ({ id, changes }, ctx) => {
      const code = (ctx.current as { Code?: unknown } | undefined)?.Code;
      return { method: 'POST', url: `/Items/${encodeURIComponent(id)}`, body: { Items: [{ ItemID: id, ...(typeof code === 'string' ? { Code: code } : {}), ...itemOut(changes) }] } };
    },
    select: firstOf('Items'),
  },
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/Items/${encodeURIComponent(id)}` }) },
};
