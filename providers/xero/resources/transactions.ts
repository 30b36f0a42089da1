/**
 * Payments (`/Payments`, split into customer payments and bill payments by `PaymentType`), manual journals and bank
 * transactions.
 * @module
 */
import type { CanonicalInputOf } from '../../../src/model/registry';
import { negateDecimal, ValueParseError } from '../../../src/model/primitives';
import { xeroCurrencyRate, xeroDecimal, xeroOptionalDecimal } from '../lib/decimals';
import { xeroCalendarDate, xeroOptionalInstant } from '../lib/dates';
import { accountRef, list, obj, optStr, ref, str, taxTreatment, tracking } from './common';
import { RawLineItem } from '../lib/raw';

/** Receivable payment types (money from customers). */
export const AR_PAYMENT_TYPES = ['ACCRECPAYMENT', 'ARCREDITPAYMENT', 'AROVERPAYMENTPAYMENT', 'ARPREPAYMENTPAYMENT'];
/** Payable payment types (money to suppliers). */
export const AP_PAYMENT_TYPES = ['ACCPAYPAYMENT', 'APCREDITPAYMENT', 'APOVERPAYMENTPAYMENT', 'APPREPAYMENTPAYMENT'];

function payment(raw: unknown, side: 'AR' | 'AP') {
  const o = obj(raw, 'payment');
  const types = side === 'AR' ? AR_PAYMENT_TYPES : AP_PAYMENT_TYPES;
  if (!types.includes(String(o.PaymentType))) throw new ValueParseError(`PaymentType ${JSON.stringify(o.PaymentType)} is not ${side}`);
  const status: 'Authorised' | 'Deleted' | 'Unknown' = o.Status === 'AUTHORISED' ? 'Authorised' : o.Status === 'DELETED' ? 'Deleted' : 'Unknown';
  const lines: Array<{ kind: 'Invoice' | 'Bill' | 'CreditNote' | 'BillCreditNote'; ref: { id: string; name?: string }; amount: string }> = [];
  let counterparty: { id: string; name?: string } | undefined;
  if (o.Invoice && typeof o.Invoice === 'object') {
    const inv = o.Invoice as Record<string, unknown>;
    lines.push({ kind: side === 'AR' ? ('Invoice' as const) : ('Bill' as const), ref: ref(str(inv, 'InvoiceID'), optStr(inv, 'InvoiceNumber')), amount: xeroDecimal(o.Amount, 'Amount') });
    if (inv.Contact && typeof inv.Contact === 'object') counterparty = ref(str(inv.Contact as Record<string, unknown>, 'ContactID'), optStr(inv.Contact as Record<string, unknown>, 'Name'));
  } else if (o.CreditNote && typeof o.CreditNote === 'object') {
    const cn = o.CreditNote as Record<string, unknown>;
    lines.push({ kind: side === 'AR' ? ('CreditNote' as const) : ('BillCreditNote' as const), ref: ref(str(cn, 'CreditNoteID'), optStr(cn, 'CreditNoteNumber')), amount: xeroDecimal(o.Amount, 'Amount') });
  }
  const account = o.Account && typeof o.Account === 'object' ? (o.Account as Record<string, unknown>) : undefined;
  const currencyRate = xeroCurrencyRate(o.CurrencyRate);
  const reference = optStr(o, 'Reference');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  return {
    id: str(o, 'PaymentID'),
    date: xeroCalendarDate(o.Date),
    amount: xeroDecimal(o.Amount, 'Amount'),
    ...(currencyRate ? { currencyRate } : {}),
    ...(account ? { accountRef: ref(str(account, 'AccountID'), optStr(account, 'Code')) } : {}),
    ...(reference ? { reference } : {}),
    lines,
    status,
    isDeleted: status === 'Deleted',
    ...(typeof o.IsReconciled === 'boolean' ? { isReconciled: o.IsReconciled } : {}),
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
    counterparty,
  };
}

/** A receivable payment → canonical payment. */
export function toPayment(raw: unknown): CanonicalInputOf<'payments'> {
  const { counterparty, ...p } = payment(raw, 'AR');
  return { ...p, ...(counterparty ? { customerRef: counterparty } : {}) };
}

/** A payable payment → canonical bill payment. */
export function toBillPayment(raw: unknown): CanonicalInputOf<'billPayments'> {
  const { counterparty, ...p } = payment(raw, 'AP');
  return { ...p, ...(counterparty ? { supplierRef: counterparty } : {}) };
}

/** `/ManualJournals` → journal entry (Xero `LineAmount` is signed: positive debit, negative credit). */
export function toJournalEntry(raw: unknown): CanonicalInputOf<'journalEntries'> {
  const o = obj(raw, 'manual journal');
  const status = o.Status === 'POSTED' ? 'Posted' : o.Status === 'DRAFT' ? 'Draft' : o.Status === 'VOIDED' ? 'Void' : o.Status === 'DELETED' ? 'Deleted' : 'Unknown';
  const description = optStr(o, 'Narration');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  return {
    id: str(o, 'ManualJournalID'),
    date: xeroCalendarDate(o.Date),
    ...(description ? { description } : {}),
    lines: list(o, 'JournalLines').map((l) => {
      const r = RawLineItem.parse(l);
      const account = accountRef(r);
      if (!account) throw new ValueParseError('journal line without an account');
      const taxAmount = xeroOptionalDecimal(r.TaxAmount, 'TaxAmount');
      const lineDescription = optStr(l as Record<string, unknown>, 'Description');
      return {
        accountRef: account,
        ...(lineDescription ? { description: lineDescription } : {}),
        netAmount: xeroDecimal(r.LineAmount, 'LineAmount'),
        ...(taxAmount ? { taxAmount } : {}),
        ...(r.TaxType ? { taxRateRef: { id: r.TaxType } } : {}),
        tracking: tracking(r.Tracking),
      };
    }),
    status,
    isDeleted: status === 'Void' || status === 'Deleted',
    taxTreatment: taxTreatment(o.LineAmountTypes),
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}

/** `/BankTransactions` → bank transaction (`RECEIVE*` money in, `SPEND*` money out; amount signed accordingly). */
export function toBankTransaction(raw: unknown): CanonicalInputOf<'bankTransactions'> {
  const o = obj(raw, 'bank transaction');
  const type = String(o.Type ?? '');
  const direction = type.startsWith('RECEIVE') ? 'Receive' : type.startsWith('SPEND') ? 'Spend' : 'Unknown';
  const total = xeroDecimal(o.Total, 'Total');
  const bank = obj(o.BankAccount, 'BankAccount');
  const contact = o.Contact && typeof o.Contact === 'object' ? (o.Contact as Record<string, unknown>) : undefined;
  const status = o.Status === 'AUTHORISED' ? 'Authorised' : o.Status === 'VOIDED' ? 'Void' : o.Status === 'DELETED' ? 'Deleted' : 'Unknown';
  const [reference, currency] = ['Reference', 'CurrencyCode'].map((f) => optStr(o, f));
  const currencyRate = xeroCurrencyRate(o.CurrencyRate);
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  return {
    id: str(o, 'BankTransactionID'),
    bankAccountRef: ref(str(bank, 'AccountID'), optStr(bank, 'Name')),
    date: xeroCalendarDate(o.Date),
    ...(reference ? { reference } : {}),
    direction,
    amount: direction === 'Spend' ? negateDecimal(total) : total,
    ...(currency ? { currency } : {}),
    ...(currencyRate ? { currencyRate } : {}),
    ...(contact ? { contactRef: ref(str(contact, 'ContactID'), optStr(contact, 'Name')) } : {}),
    lines: list(o, 'LineItems').map((l) => {
      const r = RawLineItem.parse(l);
      const account = accountRef(r);
      const taxAmount = xeroOptionalDecimal(r.TaxAmount, 'TaxAmount');
      const description = optStr(l as Record<string, unknown>, 'Description');
      return {
        ...(description ? { description } : {}),
        amount: xeroDecimal(r.LineAmount, 'LineAmount'),
        ...(taxAmount ? { taxAmount } : {}),
        ...(account ? { accountRef: account } : {}),
        ...(r.TaxType ? { taxRateRef: { id: r.TaxType } } : {}),
        ...(r.Item ? { itemRef: ref(r.Item.ItemID, r.Item.Name ?? r.Item.Code) } : {}),
        tracking: tracking(r.Tracking),
      };
    }),
    ...(typeof o.IsReconciled === 'boolean' ? { isReconciled: o.IsReconciled } : {}),
    status,
    isDeleted: status === 'Void' || status === 'Deleted',
    providerType: type,
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}
