/**
 * Sage document writes: canonical input → the resource-name wrapper bodies of the v3.1 Swagger
 * (`{"sales_invoice":{…}}`, `{"purchase_invoice":{…}}`, `{"sales_credit_note":{…}}`, `{"purchase_credit_note":{…}}`),
 * push options from the Swagger (`post…` required fields, the response definitions' `maxLength`s), and deletes as
 * the Swagger describes them:
 *
 * - sales invoices and sales credit notes: `DELETE /{endpoint}/{key}?void_reason=…` — the Swagger summary says it
 *   **voids** ("required unless status is DRAFT"; 200 with the record); the emulator hard-deletes a draft (❓ unverified).
 * - purchase invoices (bills) and purchase credit notes: `DELETE /{endpoint}/{key}` — the Swagger summary says
 *   "Deletes a Purchase Invoice/Credit Note", has **no** `void_reason` parameter and answers 204: a real delete.
 *
 * Idempotency: Sage has no idempotency key. Purchase documents are looked up before a create by their number
 * (`reference`, Swagger `search` "by the invoice reference or contact name"), the match compared exactly client-side
 * on `reference` and `contact.id` (see {@link purchasePrecheck}). Sales documents keep `none`: their number
 * (`invoice_number` / `credit_note_number`) is not among the fields `search` matches.
 *
 * 422 answers carry `$source` per field: they become `ValidationError` issues (see `lib/errors`). Amounts go out as
 * JSON numbers made from the exact decimal strings; more than 15 significant digits is refused.
 *
 * @see https://developer.sage.com/accounting/reference/invoicing-sales/#tag/Sales-Invoices/operation/postSalesInvoices
 * @see https://developer.sage.com/accounting/reference/invoicing-purchases/
 * @module
 */
import type { FieldRule, IdempotencySpec, WriteDefinition } from '../../../src/provider/types';
import { selectItems } from '../lib/resource';

type Input = Record<string, unknown>;
type RefInput = { id: string; name?: string } | undefined;

/** The reason sent when voiding (our wording: the canonical delete carries no reason). */
export const VOID_REASON = 'Voided through ledgerlink';

/** An exact decimal string as a JSON number; throws when a JSON number cannot carry it exactly. */
export function decimalToJsonNumber(value: string): number {
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > 15) throw new RangeError(`${value} has more than 15 significant digits: a JSON number cannot carry it exactly`);
  return Number(value);
}

export const num = (v: unknown) => (typeof v === 'string' ? decimalToJsonNumber(v) : undefined);

/** A write definition whose listed operations are known to exist (so the connection's types offer them). */
export type With<Ops extends 'create' | 'update' | 'delete'> = WriteDefinition & Required<Pick<WriteDefinition, Ops>>;

/** The Sage record in a write answer (an object with an id). */
export const isRecord = (body: unknown) => (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { id?: unknown }).id === 'string' ? body : undefined);

/** The four Sage document endpoints and how canonical fields map onto them. */
export const SAGE_DOCUMENTS = {
  sales_invoice: { endpoint: 'sales_invoices', lines: 'invoice_lines', contact: 'customerRef', number: 'invoice_number', reference: 'reference', sales: true, credit: false },
  purchase_invoice: { endpoint: 'purchase_invoices', lines: 'invoice_lines', contact: 'supplierRef', number: 'reference', reference: 'vendor_reference', sales: false, credit: false },
  sales_credit_note: { endpoint: 'sales_credit_notes', lines: 'credit_note_lines', contact: 'customerRef', number: 'credit_note_number', reference: 'reference', sales: true, credit: true },
  purchase_credit_note: { endpoint: 'purchase_credit_notes', lines: 'credit_note_lines', contact: 'supplierRef', number: 'reference', reference: 'vendor_reference', sales: false, credit: true },
} as const;
export type SageDocumentKind = keyof typeof SAGE_DOCUMENTS;

function lineOut(line: Input, inclusive: boolean | undefined, sales: boolean): Input {
  const l = line as { description?: string; quantity?: string; unitAmount?: string; discountAmount?: string; discountPercentage?: string; taxAmount?: string; accountRef?: RefInput; itemRef?: RefInput; taxRateRef?: RefInput };
  return {
    ...(l.description !== undefined ? { description: l.description } : {}),
    ...(l.accountRef ? { ledger_account_id: l.accountRef.id } : {}),
    ...(l.quantity !== undefined ? { quantity: num(l.quantity) } : {}),
    ...(l.unitAmount !== undefined ? { unit_price: num(l.unitAmount) } : {}),
    // Only the sales line definitions have discount fields (Swagger postSalesInvoices / postSalesCreditNotes lines).
    ...(sales && l.discountAmount !== undefined ? { discount_amount: num(l.discountAmount) } : {}),
    ...(sales && l.discountPercentage !== undefined ? { discount_percentage: num(l.discountPercentage) } : {}),
    ...(l.taxRateRef ? { tax_rate_id: l.taxRateRef.id } : {}),
    // Swagger line `tax_amount`: "required in v3.1, unless the tax rate is of a zero, exempt or no_tax type".
    ...(l.taxAmount !== undefined ? { tax_amount: num(l.taxAmount) } : {}),
    // ❓ unverified: an item ref is sent as product_id (a service would need service_id; the canonical ref says neither).
    ...(l.itemRef ? { product_id: l.itemRef.id } : {}),
    ...(inclusive !== undefined ? { unit_price_includes_tax: inclusive } : {}),
  };
}

/** Canonical document fields → the inner object of `kind` (only the fields given, so it serves updates too). */
export function documentOut(input: Input, kind: SageDocumentKind): Input {
  const m = SAGE_DOCUMENTS[kind];
  const d = input as { number?: string; reference?: string; customerRef?: RefInput; supplierRef?: RefInput; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; taxTreatment?: string; status?: string; note?: string; lineItems?: Input[] };
  const inclusive = d.taxTreatment === 'Inclusive' ? true : d.taxTreatment === 'Exclusive' ? false : undefined;
  const contact = m.contact === 'customerRef' ? d.customerRef : d.supplierRef;
  return {
    ...(contact ? { contact_id: contact.id } : {}),
    ...(d.issueDate !== undefined ? { date: d.issueDate } : {}),
    // Credit notes have no due date (Swagger postSalesCreditNotes / postPurchaseCreditNotes).
    ...(!m.credit && d.dueDate !== undefined ? { due_date: d.dueDate } : {}),
    ...(d.number !== undefined ? { [m.number]: d.number } : {}),
    ...(d.reference !== undefined ? { [m.reference]: d.reference } : {}),
    ...(d.note !== undefined ? { notes: d.note } : {}),
    ...(d.currency !== undefined ? { currency_id: d.currency } : {}),
    ...(d.currencyRate !== undefined ? { exchange_rate: num(d.currencyRate) } : {}),
    // ❓ unverified: status_id DRAFT creates a draft; anything else is left to Sage (a posted, UNPAID document).
    ...(d.status === 'Draft' ? { status_id: 'DRAFT' } : {}),
    ...(d.lineItems !== undefined ? { [m.lines]: d.lineItems.map((l) => lineOut(l, inclusive, m.sales)) } : {}),
  };
}

/** Canonical invoice fields → the inner `sales_invoice` object. */
export function salesInvoiceOut(input: Input): Input {
  return documentOut(input, 'sales_invoice');
}

const COMPUTED: FieldRule[] = [
  { path: 'totalAmount', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'subTotal', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'totalTaxAmount', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'lineItems[].subTotal', ignored: true, description: 'Sage computes line totals.' },
  { path: 'lineItems[].totalAmount', ignored: true, description: 'Sage computes line totals.' },
  { path: 'lineItems[].tracking', ignored: true, description: 'Sage v3.1 documents have no tracking (analysis types are not sent by ledgerlink).' },
];

/**
 * Push options of a document kind: required fields from the Swagger `post…` definitions, lengths from the response
 * definitions (`SalesInvoice.reference` 25, `PurchaseInvoice.vendor_reference` 31, `notes` 2000, …).
 */
function documentFields(kind: SageDocumentKind): FieldRule[] {
  const m = SAGE_DOCUMENTS[kind];
  const lines = m.lines;
  const purchase = !m.sales;
  const rules: FieldRule[] = [
    { path: `${m.contact}.id`, required: true, message: 'contact_id is required' },
    { path: 'issueDate', required: true, message: 'date is required' },
    { path: 'lineItems', required: true, minItems: 1, message: `${lines} is required` },
    { path: 'lineItems[].description', required: true, message: `${lines} description is required` },
    { path: 'lineItems[].accountRef.id', required: true, message: `${lines} ledger_account_id is required` },
    { path: 'lineItems[].unitAmount', required: true, message: `${lines} unit_price is required` },
    { path: 'lineItems[].taxAmount', description: 'Sage v3.1 requires tax_amount unless the tax rate is zero, exempt or no-tax (Swagger); the emulator computes it when omitted.' },
    { path: 'status', allowedValues: ['Draft', 'Open'], message: 'A new document is either a Draft (status_id DRAFT) or posted (Open)' },
    { path: 'taxTreatment', allowedValues: ['Exclusive', 'Inclusive', 'Unknown'], message: 'Sage line prices either include tax or not (unit_price_includes_tax)' },
    { path: 'note', maxLength: 2000, message: 'notes is too long (maximum is 2000 characters)' },
    ...COMPUTED,
  ];
  // PurchaseInvoice/PurchaseCreditNote: `reference` (the number) max 25, `vendor_reference` max 31; sales: `reference` 25.
  if (purchase) {
    rules.push(
      { path: 'number', maxLength: 25, message: 'reference is too long (maximum is 25 characters)', description: 'Sent as `reference` (the supplier’s document number).' },
      { path: 'reference', maxLength: 31, message: 'vendor_reference is too long (maximum is 31 characters)', description: 'Sent as `vendor_reference`.' },
      // Swagger postPurchaseInvoices / postPurchaseCreditNotes lines require quantity.
      { path: 'lineItems[].quantity', required: true, message: `${lines} quantity is required` },
      { path: 'lineItems[].discountAmount', allowedValues: [], message: 'Sage purchase lines have no discount' },
      { path: 'lineItems[].discountPercentage', allowedValues: [], message: 'Sage purchase lines have no discount' },
    );
  } else {
    rules.push({ path: 'reference', maxLength: 25, message: 'reference is too long (maximum is 25 characters)' });
  }
  // Swagger postPurchaseInvoices requires due_date.
  if (kind === 'purchase_invoice') rules.push({ path: 'dueDate', required: true, message: 'due_date is required' });
  if (m.credit) rules.push({ path: 'dueDate', ignored: true, description: 'Sage credit notes have no due date.' });
  return rules;
}

/** Push options of sales invoices (Swagger `postSalesInvoices`). */
export const SALES_INVOICE_FIELDS: readonly FieldRule[] = documentFields('sales_invoice');

/**
 * A precheck for a purchase document by its number: `GET /{endpoint}?search=<number>` (Swagger: "filter by the
 * invoice/credit note reference or contact name"), then an **exact** client-side match on `reference` and the
 * supplier (`contact.id`), so a name or partial match is never taken for the document. Without a number there is no
 * lookup (and then no retry). ❓ unverified: that `search` is a substring match that finds an exact reference; if it
 * answers more than 200 matches, a match beyond the first page is not seen (the create would then go ahead).
 */
export function purchasePrecheck(endpoint: string): IdempotencySpec {
  return {
    type: 'precheck',
    find: (input) => {
      const number = (input as { number?: string }).number;
      if (typeof number !== 'string' || number === '') return undefined;
      return { url: `/${endpoint}`, query: { search: number, attributes: 'all', items_per_page: '200', show_payments_allocations: 'true' } };
    },
    select: (body, input) => {
      const d = input as { number?: string; supplierRef?: RefInput };
      return selectItems(body).find((x) => {
        const r = x as { reference?: unknown; contact?: { id?: unknown } | null; status?: { id?: unknown } | null };
        return r.reference === d.number && r.contact?.id === d.supplierRef?.id && r.status?.id !== 'VOID';
      });
    },
  };
}

function documentWrite(kind: SageDocumentKind, idempotency: IdempotencySpec): With<'create' | 'update' | 'delete'> {
  const m = SAGE_DOCUMENTS[kind];
  return {
    fields: documentFields(kind),
    idempotency,
    create: {
      request: (input) => ({ method: 'POST', url: `/${m.endpoint}`, body: { [kind]: documentOut(input, kind) } }),
      select: isRecord,
    },
    update: {
      request: ({ id, changes }) => ({ method: 'PUT', url: `/${m.endpoint}/${encodeURIComponent(id)}`, body: { [kind]: documentOut(changes, kind) } }),
      select: isRecord,
    },
    delete: m.sales
      ? {
          kind: 'void',
          request: ({ id }) => ({ method: 'DELETE', url: `/${m.endpoint}/${encodeURIComponent(id)}`, query: { void_reason: VOID_REASON } }),
          select: isRecord,
        }
      : {
          kind: 'delete',
          request: ({ id }) => ({ method: 'DELETE', url: `/${m.endpoint}/${encodeURIComponent(id)}` }),
        },
  };
}

/**
 * Sales invoice writes: create, update, void. Sage has no idempotency key, and `search` matches "the invoice
 * reference or contact name" (Swagger), not the invoice number, so a precheck could return the wrong invoice: an
 * ambiguous failure is not retried.
 */
export const salesInvoiceWrite = documentWrite('sales_invoice', { type: 'none' });
/** Bill writes (`/purchase_invoices`): create (precheck by number), update, delete. */
export const purchaseInvoiceWrite = documentWrite('purchase_invoice', purchasePrecheck('purchase_invoices'));
/** Credit note writes (`/sales_credit_notes`): create, update, void. `search` does not match `credit_note_number`: no precheck. */
export const salesCreditNoteWrite = documentWrite('sales_credit_note', { type: 'none' });
/** Bill credit note writes (`/purchase_credit_notes`): create (precheck by number), update, delete. */
export const purchaseCreditNoteWrite = documentWrite('purchase_credit_note', purchasePrecheck('purchase_credit_notes'));
