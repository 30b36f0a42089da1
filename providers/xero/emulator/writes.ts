/**
 * Writes in the Xero emulator: `PUT` creates, `POST` creates or updates (id in the path or the body), bodies are the
 * collection envelope (`{ "Invoices": [ … ] }`) or a single object, `Idempotency-Key` replays the first answer,
 * `summarizeErrors=false` answers 200 with per-element `StatusAttributeString`/`ValidationErrors` (reference §2.2,
 * §2.6). Written records are stored, so a following read or incremental sync sees them.
 *
 * Supported: Invoices (ACCREC and ACCPAY: create, update, DELETED for drafts, VOIDED for authorised ones),
 * Contacts (create, update, ARCHIVED) and Accounts (create).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { addDecimals, multiplyDecimals, roundDecimal, subtractDecimals, toDecimal } from '../../../src/model/primitives';
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

const ID: Record<string, string> = { Invoices: 'InvoiceID', Contacts: 'ContactID', Accounts: 'AccountID' };
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

/** Builds or updates an invoice from the submitted element; returns the errors Xero would give. */
function applyInvoice(org: OrgData, input: XeroRecord, existing: XeroRecord | undefined, now: number): { record?: XeroRecord; errors: string[] } {
  const errors: string[] = [];
  const type = String(input.Type ?? existing?.Type ?? '');
  if (type !== 'ACCREC' && type !== 'ACCPAY') errors.push('Invoice Type must be ACCREC or ACCPAY'); // ❓ unverified wording
  const contactId = (input.Contact as { ContactID?: string } | undefined)?.ContactID ?? (existing?.Contact as { ContactID?: string } | undefined)?.ContactID;
  const contact = org.collections.Contacts!.find((c) => c.ContactID === contactId);
  if (!contact) errors.push('A Contact must be specified for this type of transaction'); // ❓ unverified wording
  if (existing && input.Status === undefined && !['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(String(existing.Status))) {
    errors.push('Invoice not of valid status for modification'); // ❓ unverified wording
  }
  const status = String(input.Status ?? existing?.Status ?? 'DRAFT');
  if (!['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED', 'VOIDED'].includes(status)) errors.push(`Invalid status ${status}`);
  if (existing && status === 'VOIDED' && existing.Status !== 'AUTHORISED') errors.push('Only AUTHORISED invoices can be voided'); // ❓
  if (existing && status === 'DELETED' && !['DRAFT', 'SUBMITTED'].includes(String(existing.Status))) errors.push('Only DRAFT or SUBMITTED invoices can be deleted'); // ❓
  // XOA: an ACCREC invoice without a number gets one from the organisation's invoice settings (INV-0044 in the
  // recorded create); the emulator continues the highest INV-nnnn.
  const nextNumber = () => {
    const highest = Math.max(0, ...org.collections.Invoices!.map((i) => Number(/^INV-(\d+)$/.exec(String(i.InvoiceNumber ?? ''))?.[1] ?? 0)));
    return `INV-${String(highest + 1).padStart(4, '0')}`;
  };
  const number = input.InvoiceNumber ?? existing?.InvoiceNumber ?? (type === 'ACCREC' ? nextNumber() : undefined);
  if (typeof number === 'string' && number.length > 255) errors.push('Invoice number must be no more than 255 characters'); // ❓
  if (typeof number === 'string' && number !== '' && type === 'ACCREC') {
    const clash = org.collections.Invoices!.find((i) => i.Type === 'ACCREC' && i.InvoiceNumber === number && i.InvoiceID !== existing?.InvoiceID);
    if (clash) errors.push('Invoice # must be unique.'); // ❓ unverified wording
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
    if (type === 'ACCPAY' && (l.DiscountRate !== undefined || l.DiscountAmount !== undefined)) errors.push('Discounts are not supported on ACCPAY invoices'); // XOA LineItem.DiscountRate
    if (Array.isArray(l.Tracking) && l.Tracking.length > 2) errors.push('A line item can have a maximum of 2 tracking categories'); // XOA LineItem.Tracking
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
    return { ...l, LineItemID: l.LineItemID ?? randomUUID(), Quantity: num(qty), UnitAmount: num(unit), LineAmount: num(amount), TaxAmount: num(lineTax), TaxType: l.TaxType ?? 'NONE' };
  });
  if (errors.length > 0) return { errors };
  const total = lineAmountTypes === 'Inclusive' ? sub : addDecimals(sub, tax);
  const subTotal = lineAmountTypes === 'Inclusive' ? subtractDecimals(sub, tax) : sub;
  const paid = dec(existing?.AmountPaid);
  const updated = msDate(now);
  const record: XeroRecord = {
    ...(existing ?? {
      InvoiceID: randomUUID(),
      Payments: [],
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      AmountPaid: 0,
      AmountCredited: 0,
      IsDiscounted: false,
      HasAttachments: false,
      HasErrors: false,
    }),
    Type: type,
    Contact: { ContactID: contact!.ContactID, Name: contact!.Name },
    ...(number !== undefined ? { InvoiceNumber: number } : {}),
    ...(input.Reference !== undefined ? { Reference: input.Reference } : {}),
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
    AmountDue: status === 'VOIDED' || status === 'DELETED' ? 0 : num(subtractDecimals(total, paid)),
    UpdatedDateUTC: updated,
  };
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

function applyAccount(org: OrgData, input: XeroRecord, now: number): { record?: XeroRecord; errors: string[] } {
  const errors: string[] = [];
  const code = input.Code;
  if (typeof code !== 'string' || code === '') errors.push('Please enter a Code for the account.'); // ❓ unverified wording
  else if (code.length > 10) errors.push('The Account code must be no more than 10 characters long.'); // XOA: max length = 10; ❓ wording
  else if (org.collections.Accounts!.some((a) => a.Code === code)) errors.push('Please enter a unique Code.'); // ❓ modelled on "Please enter a unique Name."
  if (typeof input.Name !== 'string' || input.Name === '') errors.push('Please enter a Name for the account.'); // ❓
  else if (input.Name.length > 150) errors.push('The Account name must be no more than 150 characters long.'); // XOA: max length = 150; ❓ wording
  if (typeof input.Type !== 'string') errors.push('Please select an account Type.'); // ❓
  if (errors.length > 0) return { errors };
  return { record: { AccountID: randomUUID(), Status: 'ACTIVE', Class: 'REVENUE', EnablePaymentsToAccount: false, ShowInExpenseClaims: false, ...input, UpdatedDateUTC: msDate(now) }, errors };
}

/**
 * Handles a write; `undefined` when the path is not a writable collection (the caller answers 405/404).
 */
export function handleXeroWrite(ctx: XeroWriteContext): { status: number; payload: unknown } | undefined {
  const { collection, org } = ctx;
  const idField = ID[collection];
  if (!idField || (ctx.method !== 'PUT' && ctx.method !== 'POST')) return undefined;
  if (ctx.idempotencyKey !== undefined) {
    if (ctx.idempotencyKey.length > 128) return validationError([{ ValidationErrors: [{ Message: 'Idempotency-Key must be no more than 128 characters' }] }]); // reference §2.2: max 128; ❓ wording
    const seen = ctx.replay.get(ctx.idempotencyKey);
    if (seen) return seen;
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
  const results: Array<{ element: XeroRecord; record?: XeroRecord; errors: string[] }> = [];
  for (const element of elements) {
    const targetId = ctx.id ?? (typeof element[idField] === 'string' ? String(element[idField]) : undefined);
    const existing = targetId ? records.find((r) => String(r[idField]).toLowerCase() === targetId.toLowerCase()) : undefined;
    if (targetId && !existing) {
      results.push({ element, errors: [`${collection.slice(0, -1)} could not be found`] }); // ❓
      continue;
    }
    if (existing && ctx.method === 'PUT') {
      results.push({ element, errors: ['PUT creates: use POST to update'] }); // ❓
      continue;
    }
    const out =
      collection === 'Invoices' ? applyInvoice(org, element, existing, ctx.now) : collection === 'Contacts' ? applyContact(org, element, existing, ctx.now) : existing ? { errors: ['Accounts cannot be updated by the emulator yet'] } : applyAccount(org, element, ctx.now);
    results.push({ element, ...out });
  }
  const failed = results.some((r) => r.errors.length > 0);
  let answer: { status: number; payload: unknown };
  if (failed && summarize) {
    answer = validationError(results.filter((r) => r.errors.length > 0).map((r) => ({ ...r.element, ValidationErrors: r.errors.map((Message) => ({ Message })) })));
  } else {
    const out: XeroRecord[] = [];
    for (const r of results) {
      if (r.record) {
        const at = records.findIndex((x) => x[idField] === r.record![idField]);
        if (at >= 0) records.splice(at, 1);
        records.push(r.record); // last modified last, as the emulator keeps them
        // Per-element status attributes appear only in the summarizeErrors=false form (the recorded PUT has none).
        out.push(summarize ? r.record : { ...r.record, StatusAttributeString: 'OK' });
      } else out.push({ ...r.element, HasErrors: true, StatusAttributeString: 'ERROR', ValidationErrors: r.errors.map((Message) => ({ Message })) });
    }
    answer = { status: 200, payload: ctx.envelope(collection, out) };
  }
  if (ctx.idempotencyKey !== undefined) ctx.replay.set(ctx.idempotencyKey, answer);
  return answer;
}
