/**
 * Writes in the Xero emulator: `PUT` creates, `POST` creates or updates (id in the path or the body), bodies are the
 * collection envelope (`{ "Invoices": [ … ] }`) or a single object, `Idempotency-Key` replays the first answer,
 * `summarizeErrors=false` answers 200 with per-element `StatusAttributeString`/`ValidationErrors` (reference §2.2,
 * §2.6). Written records are stored, so a following read or incremental sync sees them.
 *
 * Supported: Invoices (ACCREC and ACCPAY) and CreditNotes (ACCRECCREDIT and ACCPAYCREDIT): create, update, DELETED
 * for drafts, VOIDED for authorised ones; Contacts (create, update, ARCHIVED); Accounts (create, update, ARCHIVED); Payments (create
 * against an invoice or credit note, which updates its AmountPaid/AmountDue or RemainingCredit and makes it PAID when
 * settled; `Status: DELETED` reverses that); ManualJournals (create, update, DELETED/VOIDED; lines must balance);
 * Items (create, update, and a real `DELETE /Items/{id}` answering 204).
 *
 * Elements of one request are applied in order, each seeing the ones before it; with summarized errors (the default)
 * one refused element refuses the whole request and nothing is kept.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { addDecimals, compareDecimals, multiplyDecimals, roundDecimal, subtractDecimals, toDecimal } from '../../../src/model/primitives';
import { msDate, type OrgData, type XeroRecord } from './data';

/** What the write handler needs from the emulator. */
export interface XeroWriteContext {
  method: string;
  /** Collection name as in the path (`Invoices`), already matched case-insensitively. */
  collection: string;
  id: string | undefined;
  body: Buffer;
  query: URLSearchParams;
  org: OrgData;
  /** Emulated now (ms). */
  now: number;
  /** Answers by idempotency key (per organisation). */
  replay: Map<string, { status: number; payload: unknown }>;
  idempotencyKey: string | undefined;
  envelope: (key: string, records: XeroRecord[]) => Record<string, unknown>;
}

const ID: Record<string, string> = {
  Invoices: 'InvoiceID',
  CreditNotes: 'CreditNoteID',
  Contacts: 'ContactID',
  Accounts: 'AccountID',
  Payments: 'PaymentID',
  ManualJournals: 'ManualJournalID',
  Items: 'ItemID',
};

/** What applying one element gives: the record to store, Xero's errors, warnings, and side effects on other records. */
interface Applied {
  record?: XeroRecord;
  errors: string[];
  warnings?: string[];
  /** Changes to other records (the invoice a payment settles), run only when the record is stored. */
  commit?: () => void;
  /** The element as the answer shows it, when it differs from the stored record (run after `commit`). */
  answer?: (record: XeroRecord) => XeroRecord;
}
const num = (d: string) => Number(d);

function validationError(elements: XeroRecord[]): { status: number; payload: unknown } {
  return { status: 400, payload: { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: elements } };
}

function dateMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? undefined : ms;
}

const dec = (v: unknown, fallback = '0'): string => {
  if (v === undefined || v === null || v === '') return fallback;
  return toDecimal(v as string | number);
};

/** The two document endpoints: `/Invoices` (ACCREC, ACCPAY) and `/CreditNotes` (ACCRECCREDIT, ACCPAYCREDIT). */
const DOCS = {
  Invoices: { id: 'InvoiceID', number: 'InvoiceNumber', types: ['ACCREC', 'ACCPAY'], numbered: 'ACCREC', prefix: 'INV-', what: 'Invoice' },
  CreditNotes: { id: 'CreditNoteID', number: 'CreditNoteNumber', types: ['ACCRECCREDIT', 'ACCPAYCREDIT'], numbered: 'ACCRECCREDIT', prefix: 'CN-', what: 'Credit note' },
} as const;

/**
 * Resolves a line's `Tracking` against the organisation's tracking categories (by TrackingCategoryID/TrackingOptionID
 * or by Name/Option) into the full form Xero returns.
 */
function resolveTracking(org: OrgData, tracking: unknown, line: number, errors: string[]): XeroRecord[] | undefined {
  if (tracking === undefined) return undefined;
  if (!Array.isArray(tracking)) return [];
  // XOA LineItem.Tracking / ManualJournalLine.Tracking: a maximum of 2 tracking categories per line.
  if (tracking.length > 2) errors.push('A line item can have a maximum of 2 tracking categories'); // ❓ unverified wording
  const categories = org.collections.TrackingCategories ?? [];
  return tracking.map((t: XeroRecord) => {
    const cat = categories.find((c) => (t.TrackingCategoryID !== undefined ? c.TrackingCategoryID === t.TrackingCategoryID : c.Name === t.Name));
    const options = (cat?.Options as XeroRecord[] | undefined) ?? [];
    const opt = options.find((o) => (t.TrackingOptionID !== undefined ? o.TrackingOptionID === t.TrackingOptionID : o.Name === t.Option));
    if (!cat) errors.push(`Line ${line}: Tracking category ${String(t.TrackingCategoryID ?? t.Name)} could not be found`); // ❓ unverified wording
    else if (!opt) errors.push(`Line ${line}: Tracking option ${String(t.TrackingOptionID ?? t.Option)} could not be found for category ${String(cat.Name)}`); // ❓ unverified wording
    return cat && opt ? { TrackingCategoryID: cat.TrackingCategoryID, TrackingOptionID: opt.TrackingOptionID, Name: cat.Name, Option: opt.Name } : t;
  });
}

/** Builds or updates an invoice or credit note from the submitted element; returns the errors Xero would give. */
function applyDocument(org: OrgData, collection: 'Invoices' | 'CreditNotes', input: XeroRecord, existing: XeroRecord | undefined, now: number): Applied {
  const doc = DOCS[collection];
  const credit = collection === 'CreditNotes';
  const errors: string[] = [];
  const type = String(input.Type ?? existing?.Type ?? '');
  if (!(doc.types as readonly string[]).includes(type)) errors.push(`${doc.what} Type must be ${doc.types.join(' or ')}`); // ❓ unverified wording
  const contactId = (input.Contact as { ContactID?: string } | undefined)?.ContactID ?? (existing?.Contact as { ContactID?: string } | undefined)?.ContactID;
  const contact = org.collections.Contacts!.find((c) => c.ContactID === contactId);
  if (!contact) errors.push('A Contact must be specified for this type of transaction'); // ❓ unverified wording
  if (existing && input.Status === undefined && !['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(String(existing.Status))) {
    errors.push(`${doc.what} not of valid status for modification`); // ❓ unverified wording
  }
  const status = String(input.Status ?? existing?.Status ?? 'DRAFT');
  if (!['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED', 'VOIDED'].includes(status)) errors.push(`Invalid status ${status}`);
  if (existing && status === 'VOIDED' && existing.Status !== 'AUTHORISED') errors.push(`Only AUTHORISED ${credit ? 'credit notes' : 'invoices'} can be voided`); // ❓
  if (existing && status === 'DELETED' && !['DRAFT', 'SUBMITTED'].includes(String(existing.Status))) errors.push(`Only DRAFT or SUBMITTED ${credit ? 'credit notes' : 'invoices'} can be deleted`); // ❓
  if (existing && status === 'VOIDED' && (existing.Payments as unknown[] | undefined)?.length) errors.push(`${doc.what} has payments applied: delete them before voiding`); // ❓ unverified: Xero refuses voiding a paid document
  // XOA: an ACCREC invoice (ACCRECCREDIT credit note) without a number gets one from the organisation's invoice
  // settings (INV-0044 / CN-0046 in the recorded creates); the emulator continues the highest INV-nnnn / CN-nnnn.
  const records = org.collections[collection]!;
  const numberRe = new RegExp(`^${doc.prefix}(\\d+)$`);
  const nextNumber = () => {
    const highest = Math.max(0, ...records.map((i) => Number(numberRe.exec(String(i[doc.number] ?? ''))?.[1] ?? 0)));
    return `${doc.prefix}${String(highest + 1).padStart(4, '0')}`;
  };
  const number = input[doc.number] ?? existing?.[doc.number] ?? (type === doc.numbered ? nextNumber() : undefined);
  if (typeof number === 'string' && number.length > 255) errors.push(`${doc.what} number must be no more than 255 characters`); // ❓
  if (typeof number === 'string' && number !== '' && type === doc.numbered) {
    const clash = records.find((i) => i.Type === type && i[doc.number] === number && i[doc.id] !== existing?.[doc.id]);
    if (clash) errors.push(credit ? 'Credit Note # must be unique.' : 'Invoice # must be unique.'); // ✅ XOA example for invoices; ❓ the credit note wording
  }
  const date = input.Date !== undefined ? dateMs(input.Date) : undefined;
  if (input.Date !== undefined && date === undefined) errors.push('Date must be in the format YYYY-MM-DD'); // ❓
  const rawLines = (input.LineItems as XeroRecord[] | undefined) ?? (existing?.LineItems as XeroRecord[] | undefined) ?? [];
  const lineAmountTypes = String(input.LineAmountTypes ?? existing?.LineAmountTypes ?? 'Exclusive');
  const taxRates = org.collections.TaxRates ?? [];
  let sub = '0';
  let tax = '0';
  const lines = rawLines.map((l, i) => {
    if (typeof l.Description !== 'string' || l.Description.length < 1) errors.push(`Line ${i + 1}: Description needs to be at least 1 char long`);
    // XOA LineItem.DiscountRate: only ACCREC invoices take discounts.
    if (type !== 'ACCREC' && (l.DiscountRate !== undefined || l.DiscountAmount !== undefined)) errors.push(credit ? 'Discounts are not supported on credit notes' : 'Discounts are not supported on ACCPAY invoices'); // ❓ wording
    const tracking = resolveTracking(org, l.Tracking, i + 1, errors);
    const qty = dec(l.Quantity, '1');
    const unit = dec(l.UnitAmount);
    let amount = l.LineAmount !== undefined ? dec(l.LineAmount) : roundDecimal(multiplyDecimals(qty, unit), 2);
    if (l.LineAmount === undefined && l.DiscountRate !== undefined) amount = roundDecimal(multiplyDecimals(amount, subtractDecimals('1', multiplyDecimals(dec(l.DiscountRate), '0.01'))), 2);
    const rate = taxRates.find((t) => t.TaxType === l.TaxType);
    if (l.TaxType !== undefined && !rate) errors.push(`The TaxType code '${String(l.TaxType)}' does not exist or cannot be used for this type of transaction.`); // ❓
    const pct = rate ? dec(rate.EffectiveRate) : '0';
    const lineTax = l.TaxAmount !== undefined ? dec(l.TaxAmount) : lineAmountTypes === 'NoTax' ? '0' : roundDecimal(multiplyDecimals(amount, multiplyDecimals(pct, '0.01')), 2);
    sub = addDecimals(sub, amount);
    tax = addDecimals(tax, lineTax);
    return { ...l, LineItemID: l.LineItemID ?? randomUUID(), Quantity: num(qty), UnitAmount: num(unit), LineAmount: num(amount), TaxAmount: num(lineTax), TaxType: l.TaxType ?? 'NONE', Tracking: tracking ?? [] };
  });
  if (errors.length > 0) return { errors };
  const total = lineAmountTypes === 'Inclusive' ? sub : addDecimals(sub, tax);
  const subTotal = lineAmountTypes === 'Inclusive' ? subtractDecimals(sub, tax) : sub;
  const updated = msDate(now);
  const gone = status === 'VOIDED' || status === 'DELETED';
  const record: XeroRecord = {
    ...(existing ??
      (credit
        ? (() => {
            const id = randomUUID();
            // The recorded real credit notes carry `ID`, equal to CreditNoteID.
            return { CreditNoteID: id, ID: id, Payments: [], Allocations: [], HasAttachments: false, HasErrors: false };
          })()
        : { InvoiceID: randomUUID(), Payments: [], CreditNotes: [], Prepayments: [], Overpayments: [], AmountPaid: 0, AmountCredited: 0, IsDiscounted: false, HasAttachments: false, HasErrors: false })),
    Type: type,
    Contact: { ContactID: contact!.ContactID, Name: contact!.Name },
    ...(number !== undefined ? { [doc.number]: number } : {}),
    // The recorded real PUT /CreditNotes answer has `Reference: ""` for a credit note created without one.
    ...(input.Reference !== undefined ? { Reference: input.Reference } : credit && !existing ? { Reference: '' } : {}),
    ...(date !== undefined ? { Date: msDate(date), DateString: new Date(date).toISOString().slice(0, 19) } : existing ? {} : { Date: msDate(Math.floor(now / 86_400_000) * 86_400_000) }),
    ...(input.DueDate !== undefined && dateMs(input.DueDate) !== undefined ? { DueDate: msDate(dateMs(input.DueDate)!), DueDateString: new Date(dateMs(input.DueDate)!).toISOString().slice(0, 19) } : {}),
    ...(input.CurrencyCode !== undefined ? { CurrencyCode: input.CurrencyCode } : existing ? {} : { CurrencyCode: String(org.organisation.BaseCurrency ?? 'GBP') }),
    ...(input.CurrencyRate !== undefined ? { CurrencyRate: input.CurrencyRate } : existing ? {} : { CurrencyRate: 1 }),
    Status: status,
    LineAmountTypes: lineAmountTypes,
    LineItems: lines,
    SubTotal: num(subTotal),
    TotalTax: num(tax),
    Total: num(total),
    UpdatedDateUTC: updated,
  };
  if (credit) {
    // ❓ unverified: RemainingCredit of a voided or deleted credit note (0 here, like AmountDue of a voided invoice).
    const refunded = addDecimals('0', ...((existing?.Payments as XeroRecord[] | undefined) ?? []).map((p) => dec(p.Amount)));
    record.RemainingCredit = gone ? 0 : num(subtractDecimals(total, refunded));
  } else {
    record.AmountDue = gone ? 0 : num(subtractDecimals(total, dec(existing?.AmountPaid)));
  }
  return { record, errors };
}

function applyContact(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): { record?: XeroRecord; errors: string[] } {
  const errors: string[] = [];
  const name = input.Name ?? existing?.Name;
  if (typeof name !== 'string' || name.trim() === '') errors.push('The contact name must be specified.'); // ❓ unverified wording
  else if (name.length > 255) errors.push('The contact name must be no more than 255 characters.'); // XOA: max length = 255; ❓ wording
  else if (org.collections.Contacts!.some((c) => c.Name === name && c.ContactID !== existing?.ContactID)) errors.push('Please enter a unique Name.'); // ✅ reference §2.6
  if (errors.length > 0) return { errors };
  const record: XeroRecord = {
    ...(existing ?? { ContactID: randomUUID(), ContactStatus: 'ACTIVE', IsSupplier: false, IsCustomer: false, Addresses: [], Phones: [], ContactGroups: [], ContactPersons: [], HasValidationErrors: false }),
    ...input,
    Name: name,
    UpdatedDateUTC: msDate(now),
  };
  if (!existing) record.ContactID = record.ContactID ?? randomUUID();
  return { record, errors };
}

/** Xero's account class of each account type (XOA AccountType; ❓ unverified: the grouping is Xero's chart as commonly documented). */
const CLASS_OF_TYPE: Record<string, string> = {
  BANK: 'ASSET', CURRENT: 'ASSET', FIXED: 'ASSET', INVENTORY: 'ASSET', NONCURRENT: 'ASSET', PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY', LIABILITY: 'LIABILITY', TERMLIAB: 'LIABILITY', PAYG: 'LIABILITY',
  EQUITY: 'EQUITY',
  REVENUE: 'REVENUE', SALES: 'REVENUE', OTHERINCOME: 'REVENUE',
  EXPENSE: 'EXPENSE', OVERHEADS: 'EXPENSE', DIRECTCOSTS: 'EXPENSE', DEPRECIATN: 'EXPENSE',
};

function applyAccount(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): Applied {
  const errors: string[] = [];
  const code = input.Code ?? existing?.Code;
  const name = input.Name ?? existing?.Name;
  if (typeof code !== 'string' || code === '') errors.push('Please enter a Code for the account.'); // ❓ unverified wording
  else if (code.length > 10) errors.push('The Account code must be no more than 10 characters long.'); // XOA: max length = 10; ❓ wording
  else if (org.collections.Accounts!.some((a) => a.Code === code && a.AccountID !== existing?.AccountID)) errors.push('Please enter a unique Code.'); // ❓ modelled on "Please enter a unique Name."
  if (typeof name !== 'string' || name === '') errors.push('Please enter a Name for the account.'); // ❓
  else if (name.length > 150) errors.push('The Account name must be no more than 150 characters long.'); // XOA: max length = 150; ❓ wording
  if (typeof (input.Type ?? existing?.Type) !== 'string') errors.push('Please select an account Type.'); // ❓
  else if (!CLASS_OF_TYPE[String(input.Type ?? existing?.Type)]) errors.push(`Account Type ${String(input.Type)} is not valid`); // XOA AccountType enum; ❓ wording
  const status = String(input.Status ?? existing?.Status ?? 'ACTIVE');
  if (!['ACTIVE', 'ARCHIVED'].includes(status)) errors.push(`Invalid account status ${status}`); // ❓ (XOA Account.Status also has DELETED, set by DELETE /Accounts/{id})
  if (existing?.SystemAccount && input.Status === 'ARCHIVED') errors.push('System accounts cannot be archived'); // ❓ unverified
  if (errors.length > 0) return { errors };
  const { AccountID: _id, ...rest } = input;
  const type = String(input.Type ?? existing?.Type);
  return {
    record: { ...(existing ?? { AccountID: randomUUID(), Status: 'ACTIVE', EnablePaymentsToAccount: false, ShowInExpenseClaims: false }), ...rest, Class: CLASS_OF_TYPE[type] ?? existing?.Class ?? 'EXPENSE', Status: status, UpdatedDateUTC: msDate(now) },
    errors,
  };
}

/** Moves a changed record to the end of its collection (the emulator keeps records last-modified last). */
function touch(records: XeroRecord[], record: XeroRecord): void {
  const at = records.indexOf(record);
  if (at >= 0) records.splice(at, 1);
  records.push(record);
}

/**
 * A payment (XOA `Payment`): against `Invoice: { InvoiceID | InvoiceNumber }` or `CreditNote: { CreditNoteID |
 * CreditNoteNumber }` (a refund), from `Account: { AccountID | Code }`, with `Date` and `Amount`. Creating one settles
 * the document in exact decimals (AmountPaid/AmountDue, or RemainingCredit; PAID when nothing is left); the only
 * change Xero allows later is `Status: DELETED` (XOA deletePayment), which reverses it.
 */
function applyPayment(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): Applied {
  const errors: string[] = [];
  const invoices = org.collections.Invoices!;
  const creditNotes = org.collections.CreditNotes!;
  if (existing) {
    const extra = Object.keys(input).filter((k) => !['Status', 'PaymentID'].includes(k));
    if (input.Status !== 'DELETED' || extra.length > 0) return { errors: ['Payments can only be deleted: send Status DELETED'] }; // ❓ unverified wording
    if (existing.Status === 'DELETED') return { errors: ['This payment has already been deleted'] }; // ❓ unverified wording
    const amount = dec(existing.Amount);
    const invId = (existing.Invoice as XeroRecord | undefined)?.InvoiceID;
    const cnId = (existing.CreditNote as XeroRecord | undefined)?.CreditNoteID;
    const target = invId ? invoices.find((i) => i.InvoiceID === invId) : creditNotes.find((c) => c.CreditNoteID === cnId);
    const record = { ...existing, Status: 'DELETED', UpdatedDateUTC: msDate(now) };
    return {
      record,
      errors,
      commit: () => {
        if (!target) return;
        target.Payments = ((target.Payments as XeroRecord[] | undefined) ?? []).filter((p) => p.PaymentID !== existing.PaymentID);
        if (invId) {
          target.AmountPaid = num(subtractDecimals(dec(target.AmountPaid), amount));
          target.AmountDue = num(addDecimals(dec(target.AmountDue), amount));
        } else target.RemainingCredit = num(addDecimals(dec(target.RemainingCredit), amount));
        if (target.Status === 'PAID') target.Status = 'AUTHORISED';
        delete target.FullyPaidOnDate;
        target.UpdatedDateUTC = msDate(now);
        touch(invId ? invoices : creditNotes, target);
      },
    };
  }
  const invRef = input.Invoice as XeroRecord | undefined;
  const cnRef = input.CreditNote as XeroRecord | undefined;
  const target = invRef
    ? invoices.find((i) => (invRef.InvoiceID !== undefined ? String(i.InvoiceID).toLowerCase() === String(invRef.InvoiceID).toLowerCase() : i.InvoiceNumber === invRef.InvoiceNumber))
    : cnRef
      ? creditNotes.find((c) => (cnRef.CreditNoteID !== undefined ? String(c.CreditNoteID).toLowerCase() === String(cnRef.CreditNoteID).toLowerCase() : c.CreditNoteNumber === cnRef.CreditNoteNumber))
      : undefined;
  if (!invRef && !cnRef) errors.push('You must specify either an Invoice, CreditNote, Prepayment or Overpayment for the payment'); // ❓ unverified wording
  else if (!target) errors.push('The document with the supplied id was not found for this endpoint.'); // XOA example message (on HistoryRecords); ❓ that payments use it
  else if (target.Status !== 'AUTHORISED') errors.push('Payments can only be made against Authorised documents'); // ❓ unverified wording (the rule: only AUTHORISED documents take payments)
  const acc = input.Account as XeroRecord | undefined;
  const account = acc ? org.collections.Accounts!.find((a) => (acc.AccountID !== undefined ? String(a.AccountID).toLowerCase() === String(acc.AccountID).toLowerCase() : a.Code === acc.Code)) : undefined;
  if (!acc) errors.push('An Account must be specified for a payment'); // ❓ unverified wording
  else if (!account) errors.push('Account could not be found'); // ❓ unverified wording
  else if (account.Type !== 'BANK' && account.EnablePaymentsToAccount !== true) errors.push(`Account code '${String(account.Code)}' is not a bank account and does not allow payments`); // ❓ unverified wording (rule from XOA Account.EnablePaymentsToAccount)
  const date = dateMs(input.Date);
  if (date === undefined) errors.push('Payment date must be specified as YYYY-MM-DD'); // ❓ unverified wording
  let amount = '0';
  try {
    amount = dec(input.Amount);
  } catch {
    errors.push('Payment amount must be a number'); // ❓
  }
  if (compareDecimals(amount, '0') <= 0) errors.push('Payment amount must be greater than zero'); // ❓ unverified wording
  else if (target && target.Status === 'AUTHORISED') {
    const outstanding = invRef ? dec(target.AmountDue) : dec(target.RemainingCredit);
    if (compareDecimals(amount, outstanding) > 0) errors.push('Payment amount exceeds the amount outstanding on this document'); // ✅ XOA createPayments example
  }
  if (errors.length > 0) return { errors };
  const doc = target!;
  // Recorded real PUT /Payments answer: a warning (not an error) when the payment predates the document.
  const docDate = /^\/Date\((-?\d+)/.exec(String(doc.Date ?? ''));
  const warnings = docDate && date! < Number(docDate[1]) ? [`The payment date is prior to the ${invRef ? 'invoice' : 'credit note'} date.`] : []; // ◐ recorded for invoices; ❓ the credit note wording
  const receivable = doc.Type === 'ACCREC' || doc.Type === 'ACCRECCREDIT';
  const paymentType = invRef ? (receivable ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT') : receivable ? 'ARCREDITPAYMENT' : 'APCREDITPAYMENT';
  const rate = input.CurrencyRate !== undefined ? dec(input.CurrencyRate) : dec(doc.CurrencyRate, '1');
  const id = randomUUID();
  const contact = doc.Contact as XeroRecord;
  const record: XeroRecord = {
    PaymentID: id,
    Date: msDate(date!),
    // ❓ unverified: BankAmount for a foreign-currency document paid from a base-currency bank account (here Amount / rate).
    BankAmount: num(compareDecimals(rate, '1') === 0 ? amount : roundDecimal(divideBy(amount, rate), 2)),
    Amount: num(amount),
    ...(input.Reference !== undefined ? { Reference: input.Reference } : {}),
    CurrencyRate: num(rate),
    PaymentType: paymentType,
    Status: 'AUTHORISED',
    UpdatedDateUTC: msDate(now),
    HasAccount: true,
    IsReconciled: input.IsReconciled === true,
    Account: { AccountID: account!.AccountID, Code: account!.Code, Name: account!.Name },
    ...(invRef
      ? { Invoice: { Type: doc.Type, InvoiceID: doc.InvoiceID, InvoiceNumber: doc.InvoiceNumber, Contact: { ContactID: contact.ContactID, Name: contact.Name } } }
      : { CreditNote: { Type: doc.Type, CreditNoteID: doc.CreditNoteID, CreditNoteNumber: doc.CreditNoteNumber, Contact: { ContactID: contact.ContactID, Name: contact.Name } } }),
    HasValidationErrors: false,
  };
  return {
    record,
    errors,
    warnings,
    // The recorded real answer embeds the whole document as it is after the payment (AmountDue, AmountPaid, lines…),
    // without its own Payments list; the stored payment keeps the short reference GET /Payments shows.
    answer: (stored) => {
      const { Payments: _p, CreditNotes: _c, AmountCredited: _a, HasAttachments: _h, ...full } = doc;
      return { ...stored, [invRef ? 'Invoice' : 'CreditNote']: full };
    },
    commit: () => {
      doc.Payments = [...((doc.Payments as XeroRecord[] | undefined) ?? []), { PaymentID: id, Date: record.Date, Amount: num(amount), ...(input.Reference !== undefined ? { Reference: input.Reference } : {}), CurrencyRate: num(rate), HasAccount: false, HasValidationErrors: false }];
      let left: string;
      if (invRef) {
        doc.AmountPaid = num(addDecimals(dec(doc.AmountPaid), amount));
        left = subtractDecimals(dec(doc.AmountDue), amount);
        doc.AmountDue = num(left);
      } else {
        left = subtractDecimals(dec(doc.RemainingCredit), amount);
        doc.RemainingCredit = num(left);
      }
      if (compareDecimals(left, '0') === 0) {
        doc.Status = 'PAID';
        doc.FullyPaidOnDate = record.Date;
      }
      doc.UpdatedDateUTC = msDate(now);
      touch(invRef ? invoices : creditNotes, doc);
    },
  };
}

/** `a / b` to 10 decimal places, exactly (bigint long division), for the payment's bank amount. */
function divideBy(a: string, b: string): string {
  const scale = 10;
  const [ai, af = ''] = a.replace('-', '').split('.');
  const [bi, bf = ''] = b.replace('-', '').split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(width, '0'));
  const y = BigInt(bi + bf.padEnd(width, '0'));
  const q = (x * 10n ** BigInt(scale)) / y;
  const neg = a.startsWith('-') !== b.startsWith('-');
  const digits = q.toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * A manual journal (XOA `ManualJournal`): Narration required, signed `LineAmount`s that must balance ("The total
 * debits (100.00) must equal total credits (-10.00)", XOA example), unknown account codes dropped with a warning
 * ("Account code '476' has been removed as it does not match a recognised account.", XOA example). DRAFT or POSTED;
 * a draft is DELETED, a posted journal VOIDED.
 */
function applyManualJournal(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): Applied {
  const errors: string[] = [];
  const warnings: string[] = [];
  const narration = input.Narration ?? existing?.Narration;
  if (typeof narration !== 'string' || narration.trim() === '') errors.push('Narration must be specified'); // ❓ unverified wording (XOA: Narration is required)
  const status = String(input.Status ?? existing?.Status ?? 'DRAFT');
  if (!['DRAFT', 'POSTED', 'DELETED', 'VOIDED'].includes(status)) errors.push(`Invalid status ${status}`); // ❓
  if (existing && ['DELETED', 'VOIDED'].includes(String(existing.Status))) errors.push('Manual journal not of valid status for modification'); // ❓
  if (existing && status === 'DELETED' && existing.Status !== 'DRAFT') errors.push('Only DRAFT manual journals can be deleted'); // ❓
  if (existing && status === 'VOIDED' && existing.Status !== 'POSTED') errors.push('Only POSTED manual journals can be voided'); // ❓
  const date = input.Date !== undefined ? dateMs(input.Date) : undefined;
  if (input.Date !== undefined && date === undefined) errors.push('Date must be in the format YYYY-MM-DD'); // ❓
  const accounts = org.collections.Accounts!;
  const submitted = (input.JournalLines as XeroRecord[] | undefined) ?? (existing?.JournalLines as XeroRecord[] | undefined) ?? [];
  const lines: XeroRecord[] = [];
  submitted.forEach((l, i) => {
    const account = accounts.find((a) => (l.AccountID !== undefined ? String(a.AccountID).toLowerCase() === String(l.AccountID).toLowerCase() : a.Code === l.AccountCode));
    if (!account) {
      // ❓ unverified interpretation: the XOA example warns that the unknown code "has been removed"; here the whole line is dropped.
      warnings.push(`Account code '${String(l.AccountCode ?? l.AccountID ?? '')}' has been removed as it does not match a recognised account.`);
      return;
    }
    let amount = '0';
    try {
      amount = dec(l.LineAmount);
    } catch {
      errors.push(`Line ${i + 1}: LineAmount must be a number`); // ❓
    }
    const tracking = resolveTracking(org, l.Tracking, i + 1, errors);
    lines.push({
      ...(l.Description !== undefined ? { Description: l.Description } : {}),
      TaxType: l.TaxType ?? 'NONE',
      LineAmount: num(amount),
      AccountCode: account.Code,
      AccountID: account.AccountID,
      Tracking: tracking ?? [],
      TaxAmount: l.TaxAmount !== undefined ? num(dec(l.TaxAmount)) : 0,
      IsBlank: false,
    });
  });
  if (status !== 'DELETED' && status !== 'VOIDED') {
    const amounts = lines.map((l) => dec(l.LineAmount));
    const debits = addDecimals('0', ...amounts.filter((a) => compareDecimals(a, '0') > 0));
    const credits = addDecimals('0', ...amounts.filter((a) => compareDecimals(a, '0') < 0));
    if (compareDecimals(addDecimals(debits, credits), '0') !== 0) errors.push(`The total debits (${roundDecimal(debits, 2)}) must equal total credits (${roundDecimal(credits, 2)})`); // ✅ XOA example
    if (lines.length < 2) errors.push('A manual journal must have at least two lines'); // ❓ unverified rule and wording
  }
  if (errors.length > 0) return { errors, warnings };
  const record: XeroRecord = {
    ...(existing ?? { ManualJournalID: randomUUID(), ShowOnCashBasisReports: true, HasAttachments: false }),
    ...(date !== undefined ? { Date: msDate(date), DateString: new Date(date).toISOString().slice(0, 19) } : existing ? {} : { Date: msDate(Math.floor(now / 86_400_000) * 86_400_000) }),
    Status: status,
    LineAmountTypes: String(input.LineAmountTypes ?? existing?.LineAmountTypes ?? 'NoTax'), // XOA example: a journal created without LineAmountTypes comes back NoTax
    Narration: narration,
    JournalLines: lines,
    ...(input.ShowOnCashBasisReports !== undefined ? { ShowOnCashBasisReports: input.ShowOnCashBasisReports } : {}),
    UpdatedDateUTC: msDate(now),
  };
  return { record, errors, warnings };
}

/**
 * An item (XOA `Item`): Code required (max 30, unique: "Price List Item with Code 'abc' already exists", XOA
 * example), Name max 50, descriptions max 4000; IsSold/IsPurchased default true; tracked when an
 * InventoryAssetAccountCode is given.
 */
function applyItem(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): Applied {
  const errors: string[] = [];
  const items = org.collections.Items!;
  const code = input.Code ?? existing?.Code;
  if (typeof code !== 'string' || code.trim() === '') errors.push('Item code is required'); // ❓ unverified wording (XOA: Code is required)
  else if (code.length > 30) errors.push('Item code must be no more than 30 characters'); // ❓ wording; XOA max length = 30
  else if (items.some((i) => String(i.Code).toLowerCase() === code.toLowerCase() && i.ItemID !== existing?.ItemID)) errors.push(`Price List Item with Code '${code}' already exists`); // XOA example (❓ its quoting, written ''abc'' there)
  if (typeof input.Name === 'string' && input.Name.length > 50) errors.push('Item name must be no more than 50 characters'); // ❓ wording; XOA max length = 50
  for (const f of ['Description', 'PurchaseDescription']) {
    if (typeof input[f] === 'string' && (input[f] as string).length > 4000) errors.push(`${f} must be no more than 4000 characters`); // ❓ wording; XOA max length = 4000
  }
  const accounts = org.collections.Accounts!;
  const tracked = input.InventoryAssetAccountCode !== undefined || existing?.IsTrackedAsInventory === true;
  if (input.InventoryAssetAccountCode !== undefined && !(input.PurchaseDetails as XeroRecord | undefined)?.COGSAccountCode) {
    errors.push('A tracked item needs a COGSAccountCode in PurchaseDetails'); // ❓ wording; rule from XOA Item.InventoryAssetAccountCode
  }
  const details = (field: 'PurchaseDetails' | 'SalesDetails'): XeroRecord => {
    const given = input[field] as XeroRecord | undefined;
    const merged = { ...((existing?.[field] as XeroRecord | undefined) ?? {}), ...(given ?? {}) };
    for (const key of ['AccountCode', 'COGSAccountCode']) {
      if (merged[key] !== undefined && !accounts.some((a) => a.Code === merged[key])) errors.push(`Account code '${String(merged[key])}' is not a valid code for this item`); // ❓ unverified wording
    }
    if (merged.UnitPrice !== undefined) merged.UnitPrice = num(dec(merged.UnitPrice));
    return merged;
  };
  const purchase = details('PurchaseDetails');
  const sales = details('SalesDetails');
  if (errors.length > 0) return { errors };
  const { ItemID: _ignored, ...rest } = input;
  const record: XeroRecord = {
    ...(existing ?? { ItemID: randomUUID(), IsSold: true, IsPurchased: true }),
    ...rest,
    Code: code,
    PurchaseDetails: purchase,
    SalesDetails: sales,
    IsTrackedAsInventory: tracked,
    UpdatedDateUTC: msDate(now),
  };
  // The recorded real PUT and POST /Items answers carry an empty ValidationErrors on each item; GET /Items does not.
  return { record, errors, answer: (stored) => ({ ...stored, ValidationErrors: [] }) };
}

/**
 * Handles a write; `undefined` when the path is not a writable collection (the caller answers 405/404).
 */
export function handleXeroWrite(ctx: XeroWriteContext): { status: number; payload: unknown } | undefined {
  const { collection, org } = ctx;
  const idField = ID[collection];
  const deleting = ctx.method === 'DELETE' && collection === 'Items' && ctx.id !== undefined; // XOA deleteItem: the only real DELETE
  if (!idField || (ctx.method !== 'PUT' && ctx.method !== 'POST' && !deleting)) return undefined;
  if (ctx.idempotencyKey !== undefined) {
    if (ctx.idempotencyKey.length > 128) return validationError([{ ValidationErrors: [{ Message: 'Idempotency-Key must be no more than 128 characters' }] }]); // reference §2.2: max 128; ❓ wording
    const seen = ctx.replay.get(ctx.idempotencyKey);
    if (seen) return seen;
  }
  if (deleting) {
    const items = org.collections.Items!;
    const at = items.findIndex((i) => String(i.ItemID).toLowerCase() === ctx.id!.toLowerCase());
    // ❓ unverified: Xero's answer to deleting an unknown item (404 as for an unknown GET), and whether it refuses an item in use.
    const answer = at < 0 ? { status: 404, payload: 'The resource you\'re looking for cannot be found' } : (items.splice(at, 1), { status: 204, payload: undefined });
    if (ctx.idempotencyKey !== undefined) ctx.replay.set(ctx.idempotencyKey, answer);
    return answer;
  }
  let parsed: unknown;
  try {
    parsed = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {};
  } catch {
    return { status: 400, payload: { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: 'Invalid Json data' } }; // ❓ wording
  }
  const wrapped = (parsed as Record<string, unknown>)[collection];
  const elements = (Array.isArray(wrapped) ? wrapped : [parsed]) as XeroRecord[];
  if (ctx.id !== undefined && elements.length !== 1) return validationError([{ ValidationErrors: [{ Message: 'Only one element may be posted to a record path' }] }]); // ❓
  const summarize = ctx.query.get('summarizeErrors')?.toLowerCase() !== 'false';
  const records = org.collections[collection]!;
  // Elements are applied in order, each seeing the ones before it (a second item with the same code, a second
  // payment on the same invoice). With summarized errors one failure fails the request and nothing is kept: the
  // collections a write can change are restored from a snapshot. ❓ unverified: that real Xero keeps none of a batch
  // answered 400, and that its 400 lists only the refused elements.
  const touched = [...new Set([collection, 'Invoices', 'CreditNotes'])].filter((n) => org.collections[n]);
  // A single refused element has changed nothing, so only a multi-element request needs the snapshot.
  const snapshot = summarize && elements.length > 1 ? touched.map((n) => [n, structuredClone(org.collections[n]!)] as const) : [];
  const failures: XeroRecord[] = [];
  const out: XeroRecord[] = [];
  const messages = (list: string[] | undefined) => (list ?? []).map((Message) => ({ Message }));
  for (const element of elements) {
    const targetId = ctx.id ?? (typeof element[idField] === 'string' ? String(element[idField]) : undefined);
    const existing = targetId ? records.find((r) => String(r[idField]).toLowerCase() === targetId.toLowerCase()) : undefined;
    let r: Applied;
    if (targetId && !existing) {
      // ✅ XOA example for credit notes ("An existing Credit Note with the specified CreditNoteID could not be found"); ❓ the others, modelled on it.
      const what = { CreditNotes: 'Credit Note', ManualJournals: 'Manual Journal', Invoices: 'Invoice' }[collection] ?? collection.slice(0, -1);
      r = { errors: [`An existing ${what} with the specified ${idField} could not be found`] };
    } else if (existing && ctx.method === 'PUT') {
      r = { errors: ['PUT creates: use POST to update'] }; // ❓
    } else {
      r =
        collection === 'Invoices' || collection === 'CreditNotes'
          ? applyDocument(org, collection, element, existing, ctx.now)
          : collection === 'Contacts'
            ? applyContact(org, element, existing, ctx.now)
            : collection === 'Payments'
              ? applyPayment(org, element, existing, ctx.now)
              : collection === 'ManualJournals'
                ? applyManualJournal(org, element, existing, ctx.now)
                : collection === 'Items'
                  ? applyItem(org, element, existing, ctx.now)
                  : applyAccount(org, element, existing, ctx.now);
    }
    const warnings = r.warnings?.length ? { Warnings: messages(r.warnings) } : {};
    if (!r.record || r.errors.length > 0) {
      failures.push({ ...element, ValidationErrors: messages(r.errors) });
      out.push({ ...element, HasErrors: true, StatusAttributeString: 'ERROR', ValidationErrors: messages(r.errors), ...warnings });
      continue;
    }
    const at = records.findIndex((x) => x[idField] === r.record![idField]);
    if (at >= 0) records.splice(at, 1);
    records.push(r.record); // last modified last, as the emulator keeps them
    r.commit?.();
    const shown = r.answer ? r.answer(r.record) : r.record;
    // Per-element status attributes appear only in the summarizeErrors=false form (the recorded PUT has none).
    out.push(summarize ? { ...shown, ...warnings } : { ...shown, ...warnings, StatusAttributeString: 'OK' });
  }
  let answer: { status: number; payload: unknown };
  if (failures.length > 0 && summarize) {
    for (const [name, saved] of snapshot) org.collections[name]!.splice(0, Infinity, ...saved);
    answer = validationError(failures);
  } else answer = { status: 200, payload: ctx.envelope(collection, out) };
  if (ctx.idempotencyKey !== undefined) ctx.replay.set(ctx.idempotencyKey, answer);
  return answer;
}
