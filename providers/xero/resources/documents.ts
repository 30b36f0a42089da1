/**
 * Invoices and bills (`/Invoices`, Type ACCREC / ACCPAY), credit notes and bill credit notes (`/CreditNotes`,
 * ACCRECCREDIT / ACCPAYCREDIT).
 *
 * Deletes: Xero deletes drafts by status `DELETED` and voids approved documents by status `VOIDED`; both come back
 * from an `If-Modified-Since` read. Both map to `isDeleted: true` with status `Deleted` / `Void`, so a consumer that
 * only watches `isDeleted` drops them and one that watches `status` can keep voided documents for audit.
 * @module
 */
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { Allocation } from '../../../src/model/documents';
import { compareDecimals, ValueParseError } from '../../../src/model/primitives';
import { xeroCurrencyRate, xeroDecimal, xeroOptionalDecimal } from '../lib/decimals';
import { xeroCalendarDate, xeroOptionalCalendarDate, xeroOptionalInstant } from '../lib/dates';
import { lineItem, list, obj, optStr, ref, str, taxTreatment } from './common';
import { compact } from '../lib/compact';

type DocStatus = 'Draft' | 'Submitted' | 'Open' | 'PartiallyPaid' | 'Paid' | 'Void' | 'Deleted' | 'Unknown';

/** Xero document status → canonical status (AUTHORISED becomes Open or PartiallyPaid by the amounts). */
export function documentStatus(status: unknown, amountPaid: string | undefined, amountDue: string | undefined): DocStatus {
  switch (status) {
    case 'DRAFT':
      return 'Draft';
    case 'SUBMITTED':
      return 'Submitted';
    case 'AUTHORISED':
      return amountPaid && compareDecimals(amountPaid, '0') > 0 && amountDue && compareDecimals(amountDue, '0') > 0 ? 'PartiallyPaid' : 'Open';
    case 'PAID':
      return 'Paid';
    case 'VOIDED':
      return 'Void';
    case 'DELETED':
      return 'Deleted';
    default:
      return 'Unknown';
  }
}

function allocationsOf(o: Record<string, unknown>): Allocation[] {
  const out: Allocation[] = [];
  for (const p of list(o, 'Payments')) {
    const r = obj(p, 'payment allocation');
    out.push({ kind: 'Payment', ref: { id: str(r, 'PaymentID') }, amount: xeroDecimal(r.Amount, 'Payments.Amount'), ...dateOf(r) });
  }
  for (const [field, kind, idField] of [
    ['CreditNotes', 'CreditNote', 'CreditNoteID'],
    ['Prepayments', 'Prepayment', 'PrepaymentID'],
    ['Overpayments', 'Overpayment', 'OverpaymentID'],
  ] as const) {
    for (const c of list(o, field)) {
      const r = obj(c, 'allocation');
      const amount = xeroOptionalDecimal(r.AppliedAmount, `${field}.AppliedAmount`) ?? xeroOptionalDecimal(r.Total, `${field}.Total`);
      if (!amount) continue;
      out.push({ kind, ref: ref(str(r, idField), optStr(r, 'CreditNoteNumber')), amount, ...dateOf(r) });
    }
  }
  return out;
}

function dateOf(r: Record<string, unknown>): { date?: string } {
  const date = xeroOptionalCalendarDate(r.Date);
  return date ? { date } : {};
}

/** Fields every Xero document maps to (all but the counterparty ref). */
function documentBase(o: Record<string, unknown>, kind: 'invoice' | 'credit') {
  const id = str(o, kind === 'invoice' ? 'InvoiceID' : 'CreditNoteID');
  const amountDue = xeroOptionalDecimal(o.AmountDue, 'AmountDue');
  const amountPaid = xeroOptionalDecimal(o.AmountPaid, 'AmountPaid');
  const amountCredited = xeroOptionalDecimal(o.AmountCredited, 'AmountCredited');
  const status = documentStatus(o.Status, amountPaid, amountDue);
  const currency = optStr(o, 'CurrencyCode');
  const currencyRate = xeroCurrencyRate(o.CurrencyRate);
  const number = optStr(o, kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber');
  const reference = optStr(o, 'Reference');
  const dueDate = xeroOptionalCalendarDate(o.DueDate);
  const paidOnDate = xeroOptionalCalendarDate(o.FullyPaidOnDate);
  const subTotal = xeroOptionalDecimal(o.SubTotal, 'SubTotal');
  const totalTaxAmount = xeroOptionalDecimal(o.TotalTax, 'TotalTax');
  const totalDiscount = xeroOptionalDecimal(o.TotalDiscount, 'TotalDiscount');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  const url = optStr(o, 'Url');
  // One literal, no spreads (a spread per optional field, or of another mapped object, costs V8 a hidden-class
  // transition per call); `compact` drops what is absent, `|| undefined` keeps the old "empty means absent".
  return compact({
    id,
    number: number || undefined,
    reference: reference || undefined,
    issueDate: xeroCalendarDate(o.Date),
    dueDate: dueDate || undefined,
    paidOnDate: paidOnDate || undefined,
    currency: currency || undefined,
    currencyRate: currencyRate || undefined,
    taxTreatment: taxTreatment(o.LineAmountTypes),
    lineItems: list(o, 'LineItems').map(lineItem),
    subTotal: subTotal || undefined,
    totalTaxAmount: totalTaxAmount || undefined,
    totalDiscount: totalDiscount || undefined,
    totalAmount: xeroDecimal(o.Total, 'Total'),
    amountDue: amountDue || undefined,
    amountPaid: amountPaid || undefined,
    amountCredited: amountCredited || undefined,
    status,
    isDeleted: status === 'Void' || status === 'Deleted',
    allocations: allocationsOf(o),
    url: url || undefined,
    sourceModifiedDate: sourceModifiedDate || undefined,
  });
}

function contactOf(o: Record<string, unknown>) {
  const c = obj(o.Contact, 'Contact');
  return ref(str(c, 'ContactID'), optStr(c, 'Name'));
}

function expectType(o: Record<string, unknown>, allowed: string): void {
  if (o.Type !== allowed) throw new ValueParseError(`Type is ${JSON.stringify(o.Type)}, expected ${allowed}`);
}

/** `ACCREC` invoice → canonical invoice. */
export function toInvoice(raw: unknown): CanonicalInputOf<'invoices'> {
  const o = obj(raw, 'invoice');
  expectType(o, 'ACCREC');
  const d: Record<string, unknown> = documentBase(o, 'invoice');
  d.customerRef = contactOf(o);
  return d as CanonicalInputOf<'invoices'>;
}

/** `ACCPAY` invoice → canonical bill. */
export function toBill(raw: unknown): CanonicalInputOf<'bills'> {
  const o = obj(raw, 'bill');
  expectType(o, 'ACCPAY');
  const d: Record<string, unknown> = documentBase(o, 'invoice');
  d.supplierRef = contactOf(o);
  return d as CanonicalInputOf<'bills'>;
}

function creditExtras(o: Record<string, unknown>, kind: 'Invoice' | 'Bill') {
  const remainingCredit = xeroOptionalDecimal(o.RemainingCredit, 'RemainingCredit');
  const allocations: Allocation[] = list(o, 'Allocations').map((a) => {
    const r = obj(a, 'credit allocation');
    const inv = obj(r.Invoice, 'allocated invoice');
    return { kind, ref: ref(str(inv, 'InvoiceID'), optStr(inv, 'InvoiceNumber')), amount: xeroDecimal(r.Amount, 'Allocations.Amount'), ...dateOf(r) };
  });
  return { remainingCredit, allocations };
}

/** `ACCRECCREDIT` credit note → canonical credit note. */
export function toCreditNote(raw: unknown): CanonicalInputOf<'creditNotes'> {
  const o = obj(raw, 'credit note');
  expectType(o, 'ACCRECCREDIT');
  const d: Record<string, unknown> = documentBase(o, 'credit');
  const extra = creditExtras(o, 'Invoice');
  d.allocations = [...(d.allocations as Allocation[]), ...extra.allocations];
  if (extra.remainingCredit) d.remainingCredit = extra.remainingCredit;
  d.customerRef = contactOf(o);
  return d as CanonicalInputOf<'creditNotes'>;
}

/** `ACCPAYCREDIT` credit note → canonical bill credit note. */
export function toBillCreditNote(raw: unknown): CanonicalInputOf<'billCreditNotes'> {
  const o = obj(raw, 'bill credit note');
  expectType(o, 'ACCPAYCREDIT');
  const d: Record<string, unknown> = documentBase(o, 'credit');
  const extra = creditExtras(o, 'Bill');
  d.allocations = [...(d.allocations as Allocation[]), ...extra.allocations];
  if (extra.remainingCredit) d.remainingCredit = extra.remainingCredit;
  d.supplierRef = contactOf(o);
  return d as CanonicalInputOf<'billCreditNotes'>;
}
