/**
 * FreeAgent invoice writes: `POST /invoices` creates, `PUT /invoices/{id}` updates, `DELETE /invoices/{id}` deletes,
 * each with an `{"invoice":{…}}` body (Postman catalogue: Create Invoice, Update Invoice, Delete Invoice). References
 * go out as absolute URLs below the configured API base (`"contact": "<api>/contacts/2"`), amounts as the exact
 * decimal strings, dates as `YYYY-MM-DD`.
 *
 * FreeAgent has no idempotency mechanism (❓ none in the reference) and no invoice list filter by reference to
 * precheck against, so writes are not retried after an ambiguous failure (`idempotency: none`).
 *
 * @see https://dev.freeagent.com/docs/invoices
 * @module
 */
import { ConfigurationError } from '../../../src/errors';
import type { FieldRule, WriteContext, WriteDefinition } from '../../../src/provider/types';

type Input = Record<string, unknown>;
type RefInput = { id: string } | undefined;

function apiBase(ctx: WriteContext): string {
  const api = ctx.urls?.api;
  if (!api) throw new ConfigurationError('FreeAgent writes need the API base URL to build references', { provider: 'freeagent' });
  return api.replace(/\/+$/, '');
}

const refUrl = (ctx: WriteContext, collection: string, ref: RefInput) => (ref ? `${apiBase(ctx)}/${collection}/${encodeURIComponent(ref.id)}` : undefined);

/** Canonical invoice fields → a FreeAgent invoice body (only the fields given, so it serves updates too). */
export function invoiceOut(input: Input, ctx: WriteContext): Input {
  const d = input as { number?: string; customerRef?: RefInput; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; note?: string; lineItems?: Input[] };
  const out: Input = {};
  if (d.customerRef) out.contact = refUrl(ctx, 'contacts', d.customerRef);
  if (d.issueDate !== undefined) out.dated_on = d.issueDate;
  if (d.dueDate !== undefined) out.due_on = d.dueDate;
  if (d.number !== undefined) out.reference = d.number;
  if (d.currency !== undefined) out.currency = d.currency;
  if (d.currencyRate !== undefined) out.exchange_rate = d.currencyRate; // ❓ same direction as read
  if (d.note !== undefined) out.comments = d.note;
  if (d.lineItems !== undefined) {
    out.invoice_items = d.lineItems.map((line) => {
      const l = line as { description?: string; quantity?: string; unitAmount?: string; accountRef?: RefInput };
      return {
        ...(l.description !== undefined ? { description: l.description } : {}),
        // ❓ unverified: the item type to send for a plain line (FreeAgent items carry a unit such as `Hours`).
        item_type: 'Services',
        ...(l.unitAmount !== undefined ? { price: l.unitAmount } : {}),
        ...(l.quantity !== undefined ? { quantity: l.quantity } : {}),
        ...(l.accountRef ? { category: refUrl(ctx, 'categories', l.accountRef) } : {}),
      };
    });
  }
  return out;
}

const FIELDS: FieldRule[] = [
  { path: 'customerRef.id', required: true, message: 'Contact is required' },
  { path: 'issueDate', required: true, message: 'Dated on is required' },
  { path: 'status', allowedValues: ['Draft'], message: 'FreeAgent creates invoices as drafts; use its transitions (mark_as_sent) to issue them' },
  { path: 'lineItems[].description', maxLength: 4000 },
  { path: 'totalAmount', ignored: true, description: 'FreeAgent computes totals from the items.' },
  { path: 'subTotal', ignored: true, description: 'FreeAgent computes totals from the items.' },
  { path: 'totalTaxAmount', ignored: true, description: 'FreeAgent computes totals from the items.' },
  { path: 'lineItems[].tracking', ignored: true, description: 'FreeAgent has no tracking categories.' },
  { path: 'lineItems[].taxRateRef', ignored: true, description: 'Not sent yet (FreeAgent takes a sales_tax_rate per item).' },
];

const selectInvoice = (body: unknown) => (body as { invoice?: unknown } | null)?.invoice;

/** Invoice writes. */
export const invoiceWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: FIELDS,
  idempotency: { type: 'none' },
  create: { request: (input, ctx) => ({ method: 'POST', url: '/invoices', body: { invoice: invoiceOut(input, ctx) } }), select: selectInvoice },
  update: { request: ({ id, changes }, ctx) => ({ method: 'PUT', url: `/invoices/${encodeURIComponent(id)}`, body: { invoice: invoiceOut(changes, ctx) } }), select: selectInvoice },
  // ❓ unverified: what DELETE answers (nothing is read from it).
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/invoices/${encodeURIComponent(id)}` }) },
};
