/**
 * Bulk sales invoices generated on demand: a series of `count` ACCREC invoices that exist only as a pure function of
 * (seed, index), so the emulator can serve a million invoices without holding them (load and memory tests, the
 * streaming benchmark). Each is in Xero's own shape, like the seeded ones.
 *
 * The series is homogeneous in everything a `where` clause of the adapter looks at (`Type` ACCREC, `Status`
 * AUTHORISED, GBP, `LineAmountTypes` Exclusive): the emulator evaluates a `where` on the first invoice of the series
 * and applies the answer to all of it. The invoices differ in ids, numbers, dates, lines and amounts. Their
 * `UpdatedDateUTC` rises by one second per index and ends before any seeded record, so `If-Modified-Since` selects a
 * suffix of the series by arithmetic. They are read-only: writes, reports and `store.list` do not see them.
 * @module
 */
import { msDate, type XeroRecord } from './data';

const DAY = 86_400_000;

/** What the bulk series draws on: contacts and items of the seeded organisation, and where its clock starts. */
export interface BulkContext {
  seed: number;
  count: number;
  customers: readonly XeroRecord[];
  items: readonly XeroRecord[];
  /** `UpdatedDateUTC` of index 0 (ms). */
  firstUpdatedMs: number;
  /** Reference instant for invoice dates (ms). */
  baseMs: number;
}

/** Id of bulk invoice `index`: a UUID whose last group is the index, so a GET can find it without a table. */
export function bulkInvoiceId(seed: number, index: number): string {
  const s = (seed >>> 0).toString(16).padStart(8, '0').slice(-8);
  return `b${s.slice(1)}-b0b0-4000-8000-${String(index).padStart(12, '0')}`;
}

/** The index of a bulk invoice id, or undefined when the id is not one of this series. */
export function bulkIndexOf(ctx: BulkContext, id: string): number | undefined {
  const m = /^([0-9a-f]{8})-b0b0-4000-8000-(\d{12})$/i.exec(id);
  if (!m || m[1]!.toLowerCase() !== bulkInvoiceId(ctx.seed, 0).slice(0, 8)) return undefined;
  const index = Number(m[2]);
  return index < ctx.count ? index : undefined;
}

/** `UpdatedDateUTC` (ms) of bulk invoice `index`. */
export const bulkUpdatedMs = (ctx: BulkContext, index: number) => ctx.firstUpdatedMs + index * 1000;

/** First index whose `UpdatedDateUTC` is at or after `sinceMs` (`count` when none is). */
export function bulkFirstSince(ctx: BulkContext, sinceMs: number): number {
  return Math.min(ctx.count, Math.max(0, Math.ceil((sinceMs - ctx.firstUpdatedMs) / 1000)));
}

function hash(seed: number, index: number, salt: number): number {
  let t = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x45d9f3b) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x45d9f3b) >>> 0;
  return (t ^ (t >>> 16)) >>> 0;
}

/** Pence → Xero's JSON number with two decimals (exact: integer arithmetic, one conversion). */
const money = (pence: number) => Number((pence / 100).toFixed(2));

/** Bulk invoice `index` of the series. */
export function bulkInvoice(ctx: BulkContext, index: number): XeroRecord {
  const contact = ctx.customers[index % ctx.customers.length]!;
  const lineCount = 1 + (hash(ctx.seed, index, 1) % 3);
  const lines: XeroRecord[] = [];
  let sub = 0;
  let tax = 0;
  for (let l = 0; l < lineCount; l++) {
    const item = ctx.items[hash(ctx.seed, index, 10 + l) % ctx.items.length]!;
    const qty = 1 + (hash(ctx.seed, index, 20 + l) % 9);
    const unit = 1000 + (hash(ctx.seed, index, 30 + l) % 50_000);
    const line = qty * unit;
    const lineTax = Math.round(line / 5);
    sub += line;
    tax += lineTax;
    lines.push({
      LineItemID: `${bulkInvoiceId(ctx.seed, index).slice(0, 23)}${String(l).padStart(12, '0')}`,
      Description: `${String(item.Name)} (${qty})`,
      Quantity: qty,
      UnitAmount: money(unit),
      ItemCode: item.Code,
      AccountCode: '200',
      TaxType: 'OUTPUT2',
      TaxAmount: money(lineTax),
      LineAmount: money(line),
      Tracking: [],
    });
  }
  const dateMs = Math.floor((ctx.baseMs - (500 - (index % 300)) * DAY) / DAY) * DAY;
  const total = sub + tax;
  return {
    Type: 'ACCREC',
    InvoiceID: bulkInvoiceId(ctx.seed, index),
    InvoiceNumber: `BULK-${String(index + 1).padStart(7, '0')}`,
    Reference: '',
    Payments: [],
    CreditNotes: [],
    Prepayments: [],
    Overpayments: [],
    AmountDue: money(total),
    AmountPaid: 0,
    AmountCredited: 0,
    CurrencyRate: 1,
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    Contact: { ContactID: contact.ContactID, Name: contact.Name },
    DateString: new Date(dateMs).toISOString().slice(0, 19),
    Date: msDate(dateMs),
    DueDateString: new Date(dateMs + 30 * DAY).toISOString().slice(0, 19),
    DueDate: msDate(dateMs + 30 * DAY),
    Status: 'AUTHORISED',
    LineAmountTypes: 'Exclusive',
    LineItems: lines,
    SubTotal: money(sub),
    TotalTax: money(tax),
    Total: money(total),
    UpdatedDateUTC: msDate(bulkUpdatedMs(ctx, index)),
    CurrencyCode: 'GBP',
  };
}
