/**
 * Xero writes: canonical input → Xero's request bodies, push options from the Xero OpenAPI spec (XOA), and the
 * idempotency mechanism (`Idempotency-Key`, max 128 characters — reference §2.2).
 *
 * - Invoices and bills: `PUT /Invoices` creates, `POST /Invoices/{id}` updates; delete is `Status: DELETED` for a
 *   draft or submitted document and `Status: VOIDED` for an authorised one (the current status is read first).
 * - Customers and suppliers: `PUT /Contacts`, `POST /Contacts/{id}`; delete archives (`ContactStatus: ARCHIVED`).
 * - Accounts: `PUT /Accounts` (create only).
 *
 * Amounts go out as JSON numbers made from the exact decimal strings; a value with more than 15 significant digits
 * (which a JSON number could not carry exactly) is refused before sending.
 * @module
 */
import type { FieldRule, WriteDefinition } from '../../../src/provider/types';
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

function lineOut(line: Input): Input {
  const l = line as { description?: string; quantity?: string; unitAmount?: string; discountPercentage?: string; discountAmount?: string; subTotal?: string; taxAmount?: string; accountRef?: RefInput; itemRef?: RefInput; taxRateRef?: RefInput };
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
  };
}

/** Canonical invoice or bill fields → a Xero Invoice element (only the fields given, so it serves updates too). */
export function documentOut(input: Input, type: 'ACCREC' | 'ACCPAY'): Input {
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
    ...(d.number !== undefined ? { InvoiceNumber: d.number } : {}),
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
  { path: 'lineItems[].description', required: true, maxLength: 4000, message: 'Description needs to be at least 1 char long' },
  { path: 'lineItems[].tracking', ignored: true, description: 'Line tracking is not sent yet by ledgerlink.' },
  { path: 'totalAmount', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'subTotal', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'totalTaxAmount', ignored: true, description: 'Xero computes totals from the lines.' },
  { path: 'note', ignored: true, description: 'No such field on Xero invoices.' },
];

const IDEMPOTENCY = { type: 'header', name: 'Idempotency-Key' } as const;

/** A write definition whose listed operations are known to exist (so the connection's types offer them). */
type With<Ops extends 'create' | 'update' | 'delete'> = WriteDefinition & Required<Pick<WriteDefinition, Ops>>;

function documentWrite(type: 'ACCREC' | 'ACCPAY', contactPath: 'customerRef' | 'supplierRef'): With<'create' | 'update' | 'delete'> {
  return {
    fields: [
      { path: `${contactPath}.id`, required: true, message: 'A Contact must be specified for this type of transaction' },
      ...(type === 'ACCREC' ? [] : [{ path: 'reference', ignored: true, description: 'XOA: Reference is ACCREC only.' } satisfies FieldRule]),
      ...(type === 'ACCPAY'
        ? ([
            { path: 'lineItems[].discountPercentage', allowedValues: [], message: 'Discounts are not supported on ACCPAY invoices' },
            { path: 'lineItems[].discountAmount', allowedValues: [], message: 'Discounts are not supported on ACCPAY invoices' },
          ] satisfies FieldRule[])
        : []),
      ...DOCUMENT_FIELDS,
    ],
    idempotency: IDEMPOTENCY,
    create: {
      request: (input) => ({ method: 'PUT', url: '/Invoices', body: { Invoices: [documentOut(input, type)] } }),
      select: firstOf('Invoices'),
    },
    update: {
      request: ({ id, changes }) => ({ method: 'POST', url: `/Invoices/${encodeURIComponent(id)}`, body: { Invoices: [{ InvoiceID: id, ...documentOut(changes, type) }] } }),
      select: firstOf('Invoices'),
    },
    delete: {
      kind: 'void',
      needsCurrent: true,
      request: ({ id }, ctx) => {
        const status = String((ctx.current as { Status?: string } | undefined)?.Status ?? '');
        // Drafts and submitted documents are deleted; authorised ones are voided (reference §2.4).
        const next = status === 'DRAFT' || status === 'SUBMITTED' ? 'DELETED' : 'VOIDED';
        return { method: 'POST', url: `/Invoices/${encodeURIComponent(id)}`, body: { Invoices: [{ InvoiceID: id, Status: next }] } };
      },
      select: firstOf('Invoices'),
    },
  };
}

/** Invoice writes (ACCREC). */
export const invoiceWrite = documentWrite('ACCREC', 'customerRef');
/** Bill writes (ACCPAY). */
export const billWrite = documentWrite('ACCPAY', 'supplierRef');

/** Canonical contact fields → a Xero Contact element. */
export function contactOut(input: Input): Input {
  const c = input as { name?: string; firstName?: string; lastName?: string; emailAddress?: string; taxNumber?: string; accountNumber?: string; defaultCurrency?: string; website?: string };
  return {
    ...(c.name !== undefined ? { Name: c.name } : {}),
    ...(c.firstName !== undefined ? { FirstName: c.firstName } : {}),
    ...(c.lastName !== undefined ? { LastName: c.lastName } : {}),
    ...(c.emailAddress !== undefined ? { EmailAddress: c.emailAddress } : {}),
    ...(c.taxNumber !== undefined ? { TaxNumber: c.taxNumber } : {}),
    ...(c.accountNumber !== undefined ? { AccountNumber: c.accountNumber } : {}),
    ...(c.defaultCurrency !== undefined ? { DefaultCurrency: c.defaultCurrency } : {}),
    ...(c.website !== undefined ? { Website: c.website } : {}),
  };
}

/** Contact writes (customers and suppliers are both Xero Contacts). */
export const contactWrite: With<'create' | 'update' | 'delete'> = {
  fields: [
    { path: 'name', required: true, maxLength: 255, message: 'The contact name must be specified, in no more than 255 characters' },
    { path: 'firstName', maxLength: 255 },
    { path: 'lastName', maxLength: 255 },
    { path: 'emailAddress', maxLength: 255, pattern: '^[^@\\s]+@[^@\\s]+$', message: 'Email address must be valid (umlauts not supported), at most 255 characters' },
    { path: 'taxNumber', maxLength: 50 },
    { path: 'accountNumber', maxLength: 50 },
  ],
  idempotency: IDEMPOTENCY,
  create: { request: (input) => ({ method: 'PUT', url: '/Contacts', body: { Contacts: [contactOut(input)] } }), select: firstOf('Contacts') },
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

/** Account writes (create only). */
export const accountWrite: With<'create'> = {
  fields: [
    { path: 'code', required: true, maxLength: 10, message: 'The Account code must be no more than 10 characters long.' },
    { path: 'name', required: true, maxLength: 150, message: 'The Account name must be no more than 150 characters long.' },
    { path: 'description', maxLength: 4000 },
    { path: 'classification', allowedValues: ['Asset', 'Liability', 'Equity', 'Income', 'Expense'], message: 'Choose a classification (or give the Xero account type in `type`)' },
  ],
  idempotency: IDEMPOTENCY,
  create: {
    request: (input) => {
      const a = input as { code: string; name: string; description?: string; classification?: string; type?: string; taxRateRef?: { id: string } };
      return {
        method: 'PUT',
        url: '/Accounts',
        body: {
          Code: a.code,
          Name: a.name,
          Type: a.type ?? TYPE_FOR_CLASS[a.classification ?? ''] ?? 'EXPENSE',
          ...(a.description !== undefined ? { Description: a.description } : {}),
          ...(a.taxRateRef ? { TaxType: a.taxRateRef.id } : {}),
        },
      };
    },
    select: firstOf('Accounts'),
  },
};
