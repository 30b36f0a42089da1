/**
 * FreeAgent writes. Invoices: `POST /invoices` creates, `PUT /invoices/{id}` updates, `DELETE /invoices/{id}` deletes,
 * each with an `{"invoice":{…}}` body (Postman catalogue: Create Invoice, Update Invoice, Delete Invoice); contacts
 * (customers and suppliers, one list), bills, credit notes, bank transaction explanations (payments and bill
 * payments), journal sets and price list items the same way (`{"<singular>":{…}}`). References go out as absolute
 * URLs below the configured API base (`"contact": "<api>/contacts/2"`), amounts as the exact decimal strings, dates
 * as `YYYY-MM-DD`.
 *
 * FreeAgent has no idempotency mechanism (❓ none in the reference). Where a natural key can be looked up — a
 * document's `reference` among its contact's documents, a contact's name and email, an item's code — a create is
 * prechecked (`precheck`: the match is compared exactly here, since the list filters are loose) so a create retried
 * after a lost answer finds the record instead of duplicating it. Payments and journals have no natural key
 * (`none`: never retried after an ambiguous failure).
 *
 * @see https://dev.freeagent.com/docs/invoices
 * @module
 */
import { ConfigurationError } from '../../../src/errors';
import { compareDecimals, decimalsEqual, multiplyDecimals, negateDecimal } from '../../../src/model/primitives';
import { journalImbalance } from '../../../src/model/journal-entry';
import type { FieldRule, IdempotencySpec, WriteContext, WriteDefinition } from '../../../src/provider/types';

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
  // The Postman catalogue lists `contact`, `view=all` and `sort=created_at` for `GET /invoices`; ❓ `-` for descending.
  idempotency: referencePrecheck('invoices', 'customerRef', () => ({ view: 'all', sort: '-created_at' })),
  create: { request: (input, ctx) => ({ method: 'POST', url: '/invoices', body: { invoice: invoiceOut(input, ctx) } }), select: selectInvoice },
  update: { request: ({ id, changes }, ctx) => ({ method: 'PUT', url: `/invoices/${encodeURIComponent(id)}`, body: { invoice: invoiceOut(changes, ctx) } }), select: selectInvoice },
  // ❓ unverified: what DELETE answers (nothing is read from it).
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/invoices/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Shared
// ------------------------------------------------------------------------------------------------------------------

const bodyKey = (key: string) => (body: unknown) => (body as Record<string, unknown> | null)?.[key];
const listOf = (key: string) => (body: unknown): Input[] => {
  const v = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(v) ? (v as Input[]) : [];
};
const lastId = (url: unknown) => (typeof url === 'string' ? (url.replace(/\/+$/, '').split('/').pop() ?? '') : '');

/**
 * A precheck by document reference: list the contact's documents (the list filter by `contact` is in the Postman
 * catalogue) and pick the one whose `reference` equals the input's number exactly (compared here, not trusted to the
 * filter). Without a number there is no natural key, so no precheck (FreeAgent numbers the document itself).
 */
function referencePrecheck(collection: 'invoices' | 'bills' | 'credit_notes', contactField: 'customerRef' | 'supplierRef', extraQuery: (input: Input) => Record<string, string>): IdempotencySpec {
  return {
    type: 'precheck',
    find: (input, ctx) => {
      const i = input as Input & { number?: string };
      const contact = (i[contactField] as RefInput)?.id;
      if (!i.number || !contact) return undefined;
      return { url: `/${collection}`, query: { contact: refUrl(ctx, 'contacts', { id: contact })!, per_page: '100', ...extraQuery(i) } };
    },
    select: (body, input) => {
      const i = input as Input & { number?: string };
      const contact = (i[contactField] as RefInput)?.id;
      return listOf(collection)(body).find((r) => r.reference === i.number && lastId(r.contact) === contact && r.status !== 'Cancelled');
    },
  };
}

const DOC_TOTALS_IGNORED: FieldRule[] = [
  { path: 'subTotal', ignored: true, description: 'FreeAgent computes totals.' },
  { path: 'totalTaxAmount', ignored: true, description: 'FreeAgent computes totals.' },
  { path: 'lineItems[].tracking', ignored: true, description: 'FreeAgent has no tracking categories.' },
  { path: 'lineItems[].taxRateRef', ignored: true, description: 'Not sent (FreeAgent takes a sales tax rate per item, not a tax rate record).' },
];

// ------------------------------------------------------------------------------------------------------------------
// Contacts (customers and suppliers)
// ------------------------------------------------------------------------------------------------------------------

/**
 * Canonical customer/supplier → a FreeAgent contact body. FreeAgent has one contact list for both, so a customer and
 * a supplier map the same way and land in the same list (and are read back as both). `name` is the
 * `organisation_name` unless `isIndividual` is true, in which case the person's `first_name`/`last_name` name the
 * contact. From the Postman bodies: `first_name`, `last_name`, `email` (Create Contact), `country` (Update Contact).
 * ❓ unverified: `organisation_name`, `billing_email`, `phone_number`, `mobile`, `address1`–`address3`, `town`,
 * `region`, `postcode`, `sales_tax_registration_number`, `default_payment_terms_in_days` (the names the reader uses).
 */
export function contactOut(input: Input): Input {
  const d = input as {
    name?: string; firstName?: string; lastName?: string; isIndividual?: boolean; emailAddress?: string;
    emails?: { type?: string; address: string }[]; phones?: { type?: string; number: string }[];
    addresses?: { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string }[];
    taxNumber?: string; paymentTermsDays?: number;
  };
  const out: Input = {};
  if (d.name !== undefined && d.isIndividual !== true) out.organisation_name = d.name;
  if (d.firstName !== undefined) out.first_name = d.firstName;
  if (d.lastName !== undefined) out.last_name = d.lastName;
  const primary = d.emailAddress ?? d.emails?.find((e) => e.type === 'Primary')?.address;
  if (primary !== undefined) out.email = primary;
  const billing = d.emails?.find((e) => e.type === 'Billing')?.address;
  if (billing !== undefined) out.billing_email = billing;
  for (const p of d.phones ?? []) {
    if (p.type === 'Mobile') out.mobile ??= p.number;
    else out.phone_number ??= p.number;
  }
  const a = d.addresses?.[0];
  if (a) {
    if (a.line1 !== undefined) out.address1 = a.line1;
    if (a.line2 !== undefined) out.address2 = a.line2;
    if (a.city !== undefined) out.town = a.city;
    if (a.region !== undefined) out.region = a.region;
    if (a.postalCode !== undefined) out.postcode = a.postalCode;
    if (a.country !== undefined) out.country = a.country;
  }
  if (d.taxNumber !== undefined) out.sales_tax_registration_number = d.taxNumber;
  if (d.paymentTermsDays !== undefined) out.default_payment_terms_in_days = d.paymentTermsDays;
  return out;
}

const CONTACT_IGNORED = ['website', 'contactPersons', 'registrationNumber', 'defaultCurrency', 'creditLimit', 'discountPercentage', 'accountNumber', 'bankAccounts', 'defaultAccountRef', 'defaultTaxRateRef', 'parentRef', 'note', 'contactName'];
const CONTACT_FIELDS: FieldRule[] = [
  { path: 'name', required: true, message: 'Organisation name or first and last name is required' },
  { path: 'status', allowedValues: ['Active'], message: 'FreeAgent contacts are written active; hiding a contact is not supported by this adapter' },
  { path: 'addresses', maxItems: 1, message: 'FreeAgent contacts have one address' },
  { path: 'phones', maxItems: 2, message: 'FreeAgent contacts have one phone number and one mobile number' },
  ...CONTACT_IGNORED.map((path) => ({ path, ignored: true, description: 'Not written to FreeAgent contacts by this adapter.' })),
];

/** Normalised display name of a raw contact, as the reader builds it. */
const contactName = (r: Input) => (typeof r.organisation_name === 'string' && r.organisation_name !== '' ? r.organisation_name : [r.first_name, r.last_name].filter((x) => typeof x === 'string' && x !== '').join(' '));

/**
 * Contact writes, shared by customers and suppliers. Precheck: a contact is found again by its name **and** email,
 * both compared exactly here. ❓ unverified: the Postman catalogue lists no filter for `/contacts`, so the lookup is
 * the most recently updated page (`sort=-updated_at`, `per_page=100`, `view=all`) — a contact just created (the case
 * of a lost answer) is on it. Without an email there is no natural key, so no precheck. Hidden contacts are not matched.
 */
export const contactWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: CONTACT_FIELDS,
  validate: (input, operation) => {
    const d = input as { isIndividual?: boolean; firstName?: string; lastName?: string };
    if (operation === 'create' && d.isIndividual === true && (!d.firstName || !d.lastName)) return [{ path: 'firstName', message: 'An individual contact needs firstName and lastName (FreeAgent names it by them)' }];
    return [];
  },
  idempotency: {
    type: 'precheck',
    find: (input) => ((input as { emailAddress?: string }).emailAddress ? { url: '/contacts', query: { view: 'all', sort: '-updated_at', per_page: '100' } } : undefined),
    select: (body, input) => {
      const i = input as { name?: string; isIndividual?: boolean; firstName?: string; lastName?: string; emailAddress?: string };
      const name = i.isIndividual === true ? [i.firstName, i.lastName].filter(Boolean).join(' ') : i.name;
      return listOf('contacts')(body).find((r) => r.email === i.emailAddress && contactName(r) === name && r.status !== 'Hidden');
    },
  },
  create: { request: (input) => ({ method: 'POST', url: '/contacts', body: { contact: contactOut(input) } }), select: bodyKey('contact') },
  update: { request: ({ id, changes }) => ({ method: 'PUT', url: `/contacts/${encodeURIComponent(id)}`, body: { contact: contactOut(changes) } }), select: bodyKey('contact') },
  // ❓ unverified: FreeAgent refuses to delete a contact that has documents (the emulator answers 422 then).
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/contacts/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Bills
// ------------------------------------------------------------------------------------------------------------------

/** The one line's total: its `subTotal`, else `unitAmount × quantity` (exact). */
function lineTotal(l: { subTotal?: string; unitAmount?: string; quantity?: string } | undefined): string | undefined {
  if (!l) return undefined;
  if (l.subTotal !== undefined) return l.subTotal;
  if (l.unitAmount !== undefined) return l.quantity !== undefined ? multiplyDecimals(l.unitAmount, l.quantity) : l.unitAmount;
  return undefined;
}

/**
 * Canonical bill → the Postman "Create Bill" body: `contact`, `reference`, `dated_on`, `due_on`, `category`,
 * `total_value` — one category and one total per bill (so a bill takes one line; `bill_items` are not sent ❓).
 * `total_value` is the bill's `totalAmount`, else the line's total.
 */
export function billOut(input: Input, ctx: WriteContext): Input {
  const d = input as { supplierRef?: RefInput; number?: string; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; note?: string; totalAmount?: string; lineItems?: { description?: string; subTotal?: string; unitAmount?: string; quantity?: string; accountRef?: RefInput }[] };
  const out: Input = {};
  if (d.supplierRef) out.contact = refUrl(ctx, 'contacts', d.supplierRef);
  if (d.number !== undefined) out.reference = d.number;
  if (d.issueDate !== undefined) out.dated_on = d.issueDate;
  if (d.dueDate !== undefined) out.due_on = d.dueDate;
  if (d.currency !== undefined) out.currency = d.currency;
  if (d.currencyRate !== undefined) out.exchange_rate = d.currencyRate; // ❓ same direction as read
  if (d.note !== undefined) out.comments = d.note; // ❓ unverified field name on bills
  const line = d.lineItems?.[0];
  if (line?.accountRef) out.category = refUrl(ctx, 'categories', line.accountRef);
  const total = d.totalAmount ?? lineTotal(line);
  if (total !== undefined) out.total_value = total;
  return out;
}

const BILL_FIELDS: FieldRule[] = [
  { path: 'supplierRef.id', required: true, message: 'Contact is required' },
  { path: 'issueDate', required: true, message: 'Dated on is required' },
  // ❓ unverified: that FreeAgent requires both (the Postman body always has them).
  { path: 'number', required: true, message: 'Reference is required' },
  { path: 'dueDate', required: true, message: 'Due on is required' },
  { path: 'lineItems', required: true, minItems: 1, maxItems: 1, message: 'A FreeAgent bill takes one category and one total (one line)' },
  { path: 'lineItems[].accountRef.id', required: true, message: 'Category is required' },
  { path: 'status', ignored: true, description: 'FreeAgent sets a bill’s status from its payments.' },
  ...DOC_TOTALS_IGNORED,
];

/** Bill writes (`/bills`, Postman: Create Bill, Update Bill, Delete Bill). Precheck by reference among the supplier's bills of that date. */
export const billWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: BILL_FIELDS,
  validate: (input, operation) => {
    const d = input as { totalAmount?: string; lineItems?: { subTotal?: string; unitAmount?: string; quantity?: string }[] };
    if (operation === 'create' && d.totalAmount === undefined && lineTotal(d.lineItems?.[0]) === undefined) return [{ path: 'totalAmount', message: 'Total value is required: give totalAmount or the line’s subTotal or unitAmount' }];
    return [];
  },
  // The Postman catalogue lists `contact`, `from_date`, `to_date` and `view=all` for `GET /bills`.
  idempotency: referencePrecheck('bills', 'supplierRef', (i) => ({ view: 'all', ...(typeof i.issueDate === 'string' ? { from_date: i.issueDate, to_date: i.issueDate } : {}) })),
  create: { request: (input, ctx) => ({ method: 'POST', url: '/bills', body: { bill: billOut(input, ctx) } }), select: bodyKey('bill') },
  update: { request: ({ id, changes }, ctx) => ({ method: 'PUT', url: `/bills/${encodeURIComponent(id)}`, body: { bill: billOut(changes, ctx) } }), select: bodyKey('bill') },
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/bills/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Credit notes
// ------------------------------------------------------------------------------------------------------------------

/**
 * Canonical credit note → the Postman "Create Credit Note" body: `contact`, `dated_on`, `due_on`, `currency`,
 * `credit_note_items` with `description`, `price` (**negative**: the Postman body has `"price": -100`) and
 * `quantity`; `comments` (Update Credit Note). Canonical amounts are positive, so prices are negated.
 */
export function creditNoteOut(input: Input, ctx: WriteContext): Input {
  const d = input as { customerRef?: RefInput; number?: string; issueDate?: string; dueDate?: string; currency?: string; currencyRate?: string; note?: string; lineItems?: { description?: string; quantity?: string; unitAmount?: string; accountRef?: RefInput }[] };
  const out: Input = {};
  if (d.customerRef) out.contact = refUrl(ctx, 'contacts', d.customerRef);
  if (d.issueDate !== undefined) out.dated_on = d.issueDate;
  if (d.dueDate !== undefined) out.due_on = d.dueDate;
  if (d.number !== undefined) out.reference = d.number; // ❓ unverified on credit notes (the invoice field name)
  if (d.currency !== undefined) out.currency = d.currency;
  if (d.currencyRate !== undefined) out.exchange_rate = d.currencyRate; // ❓ same direction as read
  if (d.note !== undefined) out.comments = d.note;
  if (d.lineItems !== undefined) {
    out.credit_note_items = d.lineItems.map((l) => ({
      ...(l.description !== undefined ? { description: l.description } : {}),
      item_type: 'Services', // ❓ unverified, as for invoice items
      ...(l.unitAmount !== undefined ? { price: negateDecimal(l.unitAmount) } : {}),
      ...(l.quantity !== undefined ? { quantity: l.quantity } : {}),
      ...(l.accountRef ? { category: refUrl(ctx, 'categories', l.accountRef) } : {}),
    }));
  }
  return out;
}

const CREDIT_NOTE_FIELDS: FieldRule[] = [
  { path: 'customerRef.id', required: true, message: 'Contact is required' },
  { path: 'issueDate', required: true, message: 'Dated on is required' },
  { path: 'status', allowedValues: ['Draft'], message: 'FreeAgent creates credit notes as drafts; use its transitions (mark_as_sent) to issue them' },
  { path: 'lineItems[].description', maxLength: 4000 }, // ❓ as for invoice items
  { path: 'lineItems[].unitAmount', pattern: '^\\d+(\\.\\d+)?$', message: 'Give credit note prices positive; they are sent negative as FreeAgent expects' },
  { path: 'totalAmount', ignored: true, description: 'FreeAgent computes totals from the items.' },
  { path: 'reference', ignored: true, description: 'FreeAgent has one reference per credit note: give it as `number`.' },
  ...DOC_TOTALS_IGNORED,
];

/** Credit note writes (`/credit_notes`, Postman: Create/Update/Delete Credit Note). Precheck by reference among the customer's credit notes. */
export const creditNoteWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: CREDIT_NOTE_FIELDS,
  // The Postman catalogue lists `contact`, `view=all` and `sort=created_at` for `GET /credit_notes`; ❓ `-` for descending.
  idempotency: referencePrecheck('credit_notes', 'customerRef', () => ({ view: 'all', sort: '-created_at' })),
  create: { request: (input, ctx) => ({ method: 'POST', url: '/credit_notes', body: { credit_note: creditNoteOut(input, ctx) } }), select: bodyKey('credit_note') },
  update: { request: ({ id, changes }, ctx) => ({ method: 'PUT', url: `/credit_notes/${encodeURIComponent(id)}`, body: { credit_note: creditNoteOut(changes, ctx) } }), select: bodyKey('credit_note') },
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/credit_notes/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Payments and bill payments (bank transaction explanations)
// ------------------------------------------------------------------------------------------------------------------

/**
 * Canonical payment → the Postman "Create a bank transaction explanation" body: `bank_account`, `dated_on`,
 * `description`, `gross_value` (signed: money in positive, so a bill payment is negative), plus `paid_invoice` /
 * `paid_bill` (❓ unverified: the field names are the reader's; the Postman body shows a `category` explanation).
 * No `bank_transaction` is sent: ❓ FreeAgent then records the payment without a statement line (the emulator adds a
 * manual bank transaction).
 */
function explanationOut(input: Input, ctx: WriteContext, kind: 'Invoice' | 'Bill'): Input {
  const d = input as { date?: string; amount?: string; accountRef?: RefInput; reference?: string; lines?: { ref?: RefInput }[] };
  const out: Input = {};
  if (d.accountRef) out.bank_account = refUrl(ctx, 'bank_accounts', d.accountRef);
  if (d.date !== undefined) out.dated_on = d.date;
  if (d.reference !== undefined) out.description = d.reference;
  if (d.amount !== undefined) out.gross_value = kind === 'Bill' ? negateDecimal(d.amount) : d.amount;
  const ref = d.lines?.[0]?.ref;
  if (ref) out[kind === 'Bill' ? 'paid_bill' : 'paid_invoice'] = refUrl(ctx, kind === 'Bill' ? 'bills' : 'invoices', ref);
  return out;
}

function explanationWrite(kind: 'Invoice' | 'Bill'): WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'delete'>> {
  const fields: FieldRule[] = [
    { path: 'date', required: true, message: 'Dated on is required' },
    { path: 'amount', required: true, message: 'Gross value is required' },
    { path: 'amount', pattern: '^\\d+(\\.\\d+)?$', message: 'Give the amount positive; its sign is set from the direction' },
    { path: 'accountRef.id', required: true, message: 'Bank account is required' },
    { path: 'lines', required: true, minItems: 1, maxItems: 1, message: `A FreeAgent explanation pays exactly one ${kind === 'Bill' ? 'bill' : 'invoice'}` },
    { path: 'lines[].kind', allowedValues: [kind], message: `Only ${kind} lines can be paid here` },
    { path: 'status', allowedValues: ['Authorised'], message: 'FreeAgent explanations are always recorded' },
    ...['currency', 'currencyRate', 'paymentMethodRef', 'note', 'unallocatedAmount', 'tracking', 'isReconciled', 'providerType', kind === 'Bill' ? 'supplierRef' : 'customerRef'].map((path) => ({ path, ignored: true, description: 'Not written to a FreeAgent explanation (the contact is the document’s).' })),
  ];
  return {
    fields,
    validate: (input) => {
      const d = input as { amount?: string; lines?: { amount?: string }[] };
      const line = d.lines?.[0];
      if (d.amount !== undefined && line?.amount !== undefined && !decimalsEqual(d.amount, line.amount)) return [{ path: 'lines.0.amount', message: `The line amount (${line.amount}) must equal the payment amount (${d.amount}): an explanation pays one document in full or in part` }];
      return [];
    },
    // No natural key: two payments of the same amount on the same day are legitimate, so a lost answer is not retried.
    idempotency: { type: 'none' },
    create: { request: (input, ctx) => ({ method: 'POST', url: '/bank_transaction_explanations', body: { bank_transaction_explanation: explanationOut(input, ctx, kind) } }), select: bodyKey('bank_transaction_explanation') },
    delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/bank_transaction_explanations/${encodeURIComponent(id)}` }) },
  };
}

/** Payments: explanations with `paid_invoice` (create, delete; the Postman update goes to the collection URL ❓, not offered). */
export const paymentWrite = explanationWrite('Invoice');
/** Bill payments: explanations with `paid_bill` and a negative `gross_value`. */
export const billPaymentWrite = explanationWrite('Bill');

// ------------------------------------------------------------------------------------------------------------------
// Journal entries (journal sets)
// ------------------------------------------------------------------------------------------------------------------

/**
 * Canonical journal → the Postman "Create a journal set" body: `dated_on`, `description`, `tag`, `journal_entries[]`
 * with `category`, `description`, `debit_value` (a credit is a negative debit, like canonical `netAmount`).
 */
export function journalSetOut(input: Input, ctx: WriteContext): Input {
  const d = input as { date?: string; description?: string; reference?: string; lines?: { accountRef?: RefInput; description?: string; netAmount?: string }[] };
  const out: Input = {};
  if (d.date !== undefined) out.dated_on = d.date;
  if (d.description !== undefined) out.description = d.description;
  if (d.reference !== undefined) out.tag = d.reference;
  if (d.lines !== undefined) out.journal_entries = d.lines.map((l) => ({ category: refUrl(ctx, 'categories', l.accountRef), ...(l.description !== undefined ? { description: l.description } : {}), debit_value: l.netAmount }));
  return out;
}

const JOURNAL_FIELDS: FieldRule[] = [
  { path: 'date', required: true, message: 'Dated on is required' },
  { path: 'description', required: true, message: 'Description is required' }, // ❓ unverified that FreeAgent requires it
  { path: 'lines', required: true, minItems: 2, message: 'A journal set needs at least two journal entries' },
  { path: 'lines[].accountRef.id', required: true, message: 'Category is required' },
  { path: 'status', allowedValues: ['Posted'], message: 'FreeAgent journal sets are posted when created' },
  ...['number', 'currency', 'currencyRate', 'taxTreatment', 'sourceType', 'sourceRef', 'lines[].taxAmount', 'lines[].taxRateRef', 'lines[].tracking', 'lines[].contactRef'].map((path) => ({ path, ignored: true, description: 'Not written to FreeAgent journal sets.' })),
];

/** Journal writes (`POST /journal_sets`, `DELETE /journal_sets/{id}`). Lines must balance (checked locally). */
export const journalWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'delete'>> = {
  fields: JOURNAL_FIELDS,
  validate: (input) => {
    const lines = (input as { lines?: { netAmount: string }[] }).lines;
    if (!lines || lines.length === 0) return [];
    const off = journalImbalance({ lines });
    return compareDecimals(off, '0') === 0 ? [] : [{ path: 'lines', message: `Journal entries must balance: the debits and credits differ by ${off}` }];
  },
  // No natural key (the `tag` is an app tag, not unique), so no retry after a lost answer.
  idempotency: { type: 'none' },
  create: { request: (input, ctx) => ({ method: 'POST', url: '/journal_sets', body: { journal_set: journalSetOut(input, ctx) } }), select: bodyKey('journal_set') },
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/journal_sets/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Items (price list items)
// ------------------------------------------------------------------------------------------------------------------

const ITEM_TYPES: Record<string, string> = { Service: 'Services', NonInventory: 'Products', Inventory: 'Products' };

/**
 * Canonical item → a price list item body. ❓ unverified throughout: the Postman catalogue has no write requests for
 * price list items, so the body is the reader's fields: `code`, `description` (the canonical `name`), `price`,
 * `item_type` (`unitOfMeasure`, else from `type`), `category`.
 */
export function priceListItemOut(input: Input, ctx: WriteContext): Input {
  const d = input as { code?: string; name?: string; type?: string; unitOfMeasure?: string; invoiceDetails?: { unitPrice?: string; accountRef?: RefInput } };
  const out: Input = {};
  if (d.code !== undefined) out.code = d.code;
  if (d.name !== undefined) out.description = d.name;
  if (d.unitOfMeasure !== undefined) out.item_type = d.unitOfMeasure;
  else if (d.type !== undefined && ITEM_TYPES[d.type]) out.item_type = ITEM_TYPES[d.type];
  if (d.invoiceDetails?.unitPrice !== undefined) out.price = d.invoiceDetails.unitPrice;
  if (d.invoiceDetails?.accountRef) out.category = refUrl(ctx, 'categories', d.invoiceDetails.accountRef);
  return out;
}

const ITEM_FIELDS: FieldRule[] = [
  { path: 'code', required: true, message: 'Code is required' }, // ❓ unverified
  { path: 'type', allowedValues: ['Service', 'NonInventory'], message: 'FreeAgent price list items are services or products; stock is tracked as stock items' },
  { path: 'isBought', ignored: true, description: 'Price list items are sold only.' },
  ...['description', 'billDetails', 'invoiceDetails.description', 'invoiceDetails.taxRateRef', 'invoiceDetails.taxInclusive', 'status'].map((path) => ({ path, ignored: true, description: 'Not written to FreeAgent price list items (the name is the item’s description).' })),
];

/** Item writes (`/price_list_items`: create, update, delete; all ❓, no Postman bodies). Precheck by exact `code`. */
export const itemWrite: WriteDefinition & Required<Pick<WriteDefinition, 'create' | 'update' | 'delete'>> = {
  fields: ITEM_FIELDS,
  // ❓ the list has no filter in the Postman catalogue; price lists are short, so the first 100 are searched.
  idempotency: {
    type: 'precheck',
    find: (input) => ((input as { code?: string }).code ? { url: '/price_list_items', query: { per_page: '100' } } : undefined),
    select: (body, input) => listOf('price_list_items')(body).find((r) => r.code === (input as { code?: string }).code),
  },
  create: { request: (input, ctx) => ({ method: 'POST', url: '/price_list_items', body: { price_list_item: priceListItemOut(input, ctx) } }), select: bodyKey('price_list_item') },
  update: { request: ({ id, changes }, ctx) => ({ method: 'PUT', url: `/price_list_items/${encodeURIComponent(id)}`, body: { price_list_item: priceListItemOut(changes, ctx) } }), select: bodyKey('price_list_item') },
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/price_list_items/${encodeURIComponent(id)}` }) },
};
