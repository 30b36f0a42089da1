/**
 * Sage invoice writes: canonical input → the resource-name wrapper body `{"sales_invoice":{…}}` (Swagger
 * `postSalesInvoices` / `putSalesInvoices`), push options from the Swagger (required `contact_id`, `date`,
 * `invoice_lines[].description`, `ledger_account_id`, `unit_price`), and a void through `DELETE` with `void_reason`.
 *
 * - create: `POST /sales_invoices` (201 with the SalesInvoice); update: `PUT /sales_invoices/{key}`;
 * - delete: `DELETE /sales_invoices/{key}?void_reason=…` — the Swagger summary says it **voids** the invoice
 *   ("required unless status is DRAFT"); whether a draft is hard-deleted instead is ❓ unverified (reference §4.2).
 * - Sage has no idempotency key and no exact lookup by invoice number (`search` filters "by the invoice reference or
 *   contact name"): writes use `idempotency: none`, so an ambiguous failure (timeout, reset, 5xx) is never retried.
 * - 422 answers carry `$source` per field: they become `ValidationError` issues (see `lib/errors`).
 *
 * Amounts go out as JSON numbers made from the exact decimal strings; more than 15 significant digits is refused.
 *
 * @see https://developer.sage.com/accounting/reference/invoicing-sales/#tag/Sales-Invoices/operation/postSalesInvoices
 * @module
 */
import type { FieldRule, WriteDefinition } from '../../../src/provider/types';

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

const num = (v: unknown) => (typeof v === 'string' ? decimalToJsonNumber(v) : undefined);

function lineOut(line: Input, inclusive: boolean | undefined): Input {
  const l = line as { description?: string; quantity?: string; unitAmount?: string; discountAmount?: string; discountPercentage?: string; accountRef?: RefInput; itemRef?: RefInput; taxRateRef?: RefInput };
  const out: Input = {
    ...(l.description !== undefined ? { description: l.description } : {}),
    ...(l.accountRef ? { ledger_account_id: l.accountRef.id } : {}),
    ...(l.quantity !== undefined ? { quantity: num(l.quantity) } : {}),
    ...(l.unitAmount !== undefined ? { unit_price: num(l.unitAmount) } : {}),
    ...(l.discountAmount !== undefined ? { discount_amount: num(l.discountAmount) } : {}),
    ...(l.discountPercentage !== undefined ? { discount_percentage: num(l.discountPercentage) } : {}),
    ...(l.taxRateRef ? { tax_rate_id: l.taxRateRef.id } : {}),
    // ❓ unverified: an item ref is sent as product_id (a service would need service_id; the canonical ref says neither).
    ...(l.itemRef ? { product_id: l.itemRef.id } : {}),
    ...(inclusive !== undefined ? { unit_price_includes_tax: inclusive } : {}),
  };
  return out;
}

/** Canonical invoice fields → the inner `sales_invoice` object (only the fields given, so it serves updates too). */
export function salesInvoiceOut(input: Input): Input {
  const d = input as { number?: string; reference?: string; customerRef?: RefInput; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; taxTreatment?: string; status?: string; note?: string; lineItems?: Input[] };
  const inclusive = d.taxTreatment === 'Inclusive' ? true : d.taxTreatment === 'Exclusive' ? false : undefined;
  return {
    ...(d.customerRef ? { contact_id: d.customerRef.id } : {}),
    ...(d.issueDate !== undefined ? { date: d.issueDate } : {}),
    ...(d.dueDate !== undefined ? { due_date: d.dueDate } : {}),
    ...(d.number !== undefined ? { invoice_number: d.number } : {}),
    ...(d.reference !== undefined ? { reference: d.reference } : {}),
    ...(d.note !== undefined ? { notes: d.note } : {}),
    ...(d.currency !== undefined ? { currency_id: d.currency } : {}),
    ...(d.currencyRate !== undefined ? { exchange_rate: num(d.currencyRate) } : {}),
    // ❓ unverified: status_id DRAFT creates a draft; anything else is left to Sage (a posted, UNPAID invoice).
    ...(d.status === 'Draft' ? { status_id: 'DRAFT' } : {}),
    ...(d.lineItems !== undefined ? { invoice_lines: d.lineItems.map((l) => lineOut(l, inclusive)) } : {}),
  };
}

/** Push options (Swagger `postSalesInvoices`: required `contact_id`, `date`, `invoice_lines`, and per line `description`, `ledger_account_id`, `unit_price`). */
export const SALES_INVOICE_FIELDS: readonly FieldRule[] = [
  { path: 'customerRef.id', required: true, message: 'contact_id is required' },
  { path: 'issueDate', required: true, message: 'date is required' },
  { path: 'lineItems', required: true, message: 'invoice_lines is required' },
  { path: 'lineItems[].description', required: true, message: 'invoice_lines description is required' },
  { path: 'lineItems[].accountRef.id', required: true, message: 'invoice_lines ledger_account_id is required' },
  { path: 'lineItems[].unitAmount', required: true, message: 'invoice_lines unit_price is required' },
  { path: 'status', allowedValues: ['Draft', 'Open'], message: 'A new invoice is either a Draft (status_id DRAFT) or posted (Open)' },
  { path: 'taxTreatment', allowedValues: ['Exclusive', 'Inclusive', 'Unknown'], message: 'Sage line prices either include tax or not (unit_price_includes_tax)' },
  { path: 'totalAmount', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'subTotal', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'totalTaxAmount', ignored: true, description: 'Sage computes totals from the lines.' },
  { path: 'lineItems[].subTotal', ignored: true, description: 'Sage computes line totals.' },
  { path: 'lineItems[].totalAmount', ignored: true, description: 'Sage computes line totals.' },
  { path: 'lineItems[].tracking', ignored: true, description: 'Sage v3.1 invoices have no tracking (analysis types are not sent by ledgerlink).' },
];

const isRecord = (body: unknown) => (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { id?: unknown }).id === 'string' ? body : undefined);

/** Sales invoice writes: create, update, void. */
export const salesInvoiceWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: SALES_INVOICE_FIELDS,
  // Sage has no idempotency key, and `search` matches "the invoice reference or contact name" (Swagger), not surely
  // the invoice number, so a precheck could return the wrong invoice: an ambiguous failure is not retried.
  idempotency: { type: 'none' },
  create: {
    request: (input) => ({ method: 'POST', url: '/sales_invoices', body: { sales_invoice: salesInvoiceOut(input) } }),
    select: isRecord,
  },
  update: {
    request: ({ id, changes }) => ({ method: 'PUT', url: `/sales_invoices/${encodeURIComponent(id)}`, body: { sales_invoice: salesInvoiceOut(changes) } }),
    select: isRecord,
  },
  delete: {
    kind: 'void',
    request: ({ id }) => ({ method: 'DELETE', url: `/sales_invoices/${encodeURIComponent(id)}`, query: { void_reason: VOID_REASON } }),
    select: isRecord,
  },
};
