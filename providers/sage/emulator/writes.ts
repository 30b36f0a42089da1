/**
 * The emulator's writes: the v3.1 Swagger's resource-name wrapper bodies (`{"purchase_invoice":{…}}`,
 * `{"contact":{…}}`, `{"contact_payment":{…}}`, `{"journal":{…}}`, `{"product":{…}}` …), the required fields of the
 * `post…` definitions and the `maxLength`s of the response definitions, checked with Sage-style 422 error arrays
 * whose `$source` names the request field (`invoice_lines[0].ledger_account_id`). What is written is stored, bumps
 * `updated_at` (so `updated_or_created_since` sees it) and deletes go to the `deleted_since` feed.
 *
 * Amounts are computed in integer pence. Guessed (❓): every `$dataCode` and `$message`; that a draft sales document is
 * hard-deleted by DELETE; that a contact, product or document in use cannot be deleted; that a contact `reference`
 * and a product `item_code` are unique; the `search` matching (case-insensitive substring); that allocations plus
 * `payment_on_account` must equal a payment's `total_amount`; that a journal needs two lines.
 * @module
 */
import { link, money, pence, sageId, sageTime, type BusinessData, type SageRecord } from './data';

export type Answer = [status: number, payload: unknown];
type Issue = [dataCode: string, message: string, source: string];

/** A Sage error array (reference §4.6). */
export const sageErrors = (...entries: [dataCode: string, message: string, source?: string][]) => entries.map(([d, m, s]) => ({ $severity: 'error', $dataCode: d, $message: m, $source: s ?? '' }));

const fixed = (endpoint: string, id: string, displayed_as: string) => ({ id, displayed_as, $path: `/${endpoint}/${id}` });
const blank = (v: unknown) => v === undefined || v === null || v === '';
const DATE = /^\d{4}-\d\d-\d\d$/;

/** The document endpoints the emulator writes. */
const DOCS = {
  sales_invoices: { wrapper: 'sales_invoice', lines: 'invoice_lines', contactType: 'CUSTOMER', number: 'invoice_number', prefix: 'SI', type: 'SALES_INVOICE', sales: true, credit: false, referenceMax: 25, vendorMax: 0, voidMax: 200 },
  purchase_invoices: { wrapper: 'purchase_invoice', lines: 'invoice_lines', contactType: 'VENDOR', number: 'reference', prefix: 'PI', type: 'PURCHASE_INVOICE', sales: false, credit: false, referenceMax: 25, vendorMax: 31, voidMax: 255 },
  sales_credit_notes: { wrapper: 'sales_credit_note', lines: 'credit_note_lines', contactType: 'CUSTOMER', number: 'credit_note_number', prefix: 'SCN', type: 'SALES_CREDIT_NOTE', sales: true, credit: true, referenceMax: 25, vendorMax: 0, voidMax: 200 },
  purchase_credit_notes: { wrapper: 'purchase_credit_note', lines: 'credit_note_lines', contactType: 'VENDOR', number: 'reference', prefix: 'PCN', type: 'PURCHASE_CREDIT_NOTE', sales: false, credit: true, referenceMax: 25, vendorMax: 31, voidMax: 255 },
} as const;
type DocEndpoint = keyof typeof DOCS;

/** Endpoints with writes, and the methods each takes on the collection and on a record. */
export const WRITABLE: Record<string, { collection: string[]; record: string[] }> = {
  sales_invoices: { collection: ['POST'], record: ['PUT', 'DELETE'] },
  purchase_invoices: { collection: ['POST'], record: ['PUT', 'DELETE'] },
  sales_credit_notes: { collection: ['POST'], record: ['PUT', 'DELETE'] },
  purchase_credit_notes: { collection: ['POST'], record: ['PUT', 'DELETE'] },
  contacts: { collection: ['POST'], record: ['PUT', 'DELETE'] },
  contact_payments: { collection: ['POST'], record: ['DELETE'] },
  journals: { collection: ['POST'], record: ['DELETE'] },
  products: { collection: ['POST'], record: ['PUT', 'DELETE'] },
};

function inner(body: unknown, wrapper: string): SageRecord | undefined {
  const v = (body as Record<string, unknown> | null)?.[wrapper];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as SageRecord) : undefined;
}

function tooLong(errors: Issue[], o: SageRecord, field: string, max: number, source = field): void {
  const v = o[field];
  if (typeof v === 'string' && [...v].length > max) errors.push(['RecordInvalid', `is too long (maximum is ${max} characters)`, source]);
}

function remove(data: BusinessData, endpoint: string, rec: SageRecord, nowMs: number): void {
  const list = data.entities[endpoint]!;
  list.splice(list.indexOf(rec), 1);
  (data.deleted[endpoint] ??= []).push({ id: String(rec.id), deleted_at: sageTime(nowMs) });
}

/** Writes one record of `endpoint`; `id` is the record for PUT/DELETE. */
export function writeRecord(data: BusinessData, endpoint: string, method: string, id: string | undefined, body: unknown, query: URLSearchParams, nowMs: number): Answer {
  if (endpoint in DOCS) return writeDocument(data, endpoint as DocEndpoint, method, id, body, query, nowMs);
  if (endpoint === 'contacts') return writeContact(data, method, id, body, nowMs);
  if (endpoint === 'contact_payments') return writePayment(data, method, id, body, nowMs);
  if (endpoint === 'journals') return writeJournal(data, method, id, body, nowMs);
  if (endpoint === 'products') return writeProduct(data, method, id, body, nowMs);
  return [405, sageErrors(['MethodNotAllowed', `${method} is not emulated on /${endpoint}`])];
}

// ------------------------------------------------------------------------------------------------------------------
// Documents
// ------------------------------------------------------------------------------------------------------------------

/**
 * `POST /{endpoint}`, `PUT /{endpoint}/{key}` and `DELETE /{endpoint}/{key}` of the four document endpoints. Sales
 * documents are voided by DELETE (`void_reason` required unless DRAFT; a draft is deleted — ❓ unverified); purchase
 * documents are deleted (Swagger: "Deletes a Purchase Invoice", 204, no `void_reason`), refused while payments are
 * allocated to them (❓ unverified).
 */
function writeDocument(data: BusinessData, endpoint: DocEndpoint, method: string, id: string | undefined, body: unknown, query: URLSearchParams, nowMs: number): Answer {
  const m = DOCS[endpoint];
  const list = data.entities[endpoint]!;
  const existing = id ? list.find((x) => x.id === id) : undefined;
  if (id && !existing) return [404, sageErrors(['RecordNotFound', 'Record not found', 'key'])];
  const statusOf = (r: SageRecord) => (r.status as SageRecord).id;
  if (method === 'DELETE') {
    const st = statusOf(existing!);
    if (!m.sales) {
      if (pence(existing!.total_paid) !== 0 || ((existing!.payments_allocations as SageRecord[] | undefined) ?? []).length > 0) return [422, sageErrors(['RecordInvalid', 'A document with payments or allocations cannot be deleted', 'key'])];
      remove(data, endpoint, existing!, nowMs);
      return [204, undefined];
    }
    if (st === 'DRAFT') {
      remove(data, endpoint, existing!, nowMs);
      return [204, undefined];
    }
    if (st === 'VOID') return [422, sageErrors(['RecordInvalid', 'The document is already void', 'status'])];
    const reason = query.get('void_reason');
    if (!reason) return [422, sageErrors(['RecordInvalid', 'void_reason is required unless status is DRAFT', 'void_reason'])];
    if (reason.length > m.voidMax) return [422, sageErrors(['RecordInvalid', `is too long (maximum is ${m.voidMax} characters)`, 'void_reason'])];
    if (pence(existing!.total_paid) !== 0) return [422, sageErrors(['RecordInvalid', 'A document with payments cannot be voided', 'key'])];
    Object.assign(existing!, { status: fixed('artefact_statuses', 'VOID', 'Void'), void_reason: reason, outstanding_amount: 0, base_currency_outstanding_amount: 0, editable: false, updated_at: sageTime(nowMs) });
    return [200, existing];
  }
  const si = inner(body, m.wrapper);
  if (!si) return [422, sageErrors(['RecordInvalid', `${m.wrapper} is required`, m.wrapper])];
  const errors: Issue[] = [];
  const e = data.entities;
  const create = method === 'POST';
  if (existing && statusOf(existing) === 'VOID') return [422, sageErrors(['RecordInvalid', 'A void document cannot be edited', 'status'])];
  const contact = si.contact_id !== undefined ? e.contacts!.find((c) => c.id === si.contact_id && (c.contact_types as SageRecord[]).some((t) => t.id === m.contactType)) : undefined;
  if (create && blank(si.contact_id)) errors.push(['RecordInvalid', "can't be blank", 'contact_id']);
  else if (si.contact_id !== undefined && !contact) errors.push(['RecordInvalid', `is not a ${m.contactType === 'CUSTOMER' ? 'customer' : 'supplier'} of this business`, 'contact_id']);
  if (create && blank(si.date)) errors.push(['RecordInvalid', "can't be blank", 'date']);
  else if (si.date !== undefined && (typeof si.date !== 'string' || !DATE.test(si.date))) errors.push(['RecordInvalid', 'is not a valid date', 'date']);
  // Swagger postPurchaseInvoices requires due_date.
  if (create && endpoint === 'purchase_invoices' && blank(si.due_date)) errors.push(['RecordInvalid', "can't be blank", 'due_date']);
  else if (si.due_date !== undefined && (typeof si.due_date !== 'string' || !DATE.test(si.due_date))) errors.push(['RecordInvalid', 'is not a valid date', 'due_date']);
  tooLong(errors, si, 'reference', m.referenceMax);
  if (m.vendorMax) tooLong(errors, si, 'vendor_reference', m.vendorMax);
  tooLong(errors, si, 'notes', 2000);
  const lines = si[m.lines];
  if (create && (!Array.isArray(lines) || lines.length === 0)) errors.push(['RecordInvalid', "can't be blank", m.lines]);
  const built: SageRecord[] = [];
  if (Array.isArray(lines)) {
    lines.forEach((raw, i) => {
      const l = (raw ?? {}) as SageRecord;
      const at = (f: string) => `${m.lines}[${i}].${f}`;
      const before = errors.length;
      if (typeof l.description !== 'string' || l.description === '') errors.push(['RecordInvalid', "can't be blank", at('description')]);
      const account = e.ledger_accounts!.find((a) => a.id === l.ledger_account_id);
      if (!account) errors.push(['RecordInvalid', l.ledger_account_id === undefined ? "can't be blank" : 'is not a ledger account of this business', at('ledger_account_id')]);
      if (typeof l.unit_price !== 'number') errors.push(['RecordInvalid', "can't be blank", at('unit_price')]);
      // The purchase line definitions require quantity (Swagger).
      if (!m.sales && typeof l.quantity !== 'number') errors.push(['RecordInvalid', "can't be blank", at('quantity')]);
      const tax = l.tax_rate_id !== undefined ? e.tax_rates!.find((t) => t.id === l.tax_rate_id) : undefined;
      if (l.tax_rate_id !== undefined && !tax) errors.push(['RecordInvalid', 'is not a tax rate of this business', at('tax_rate_id')]);
      const product = l.product_id !== undefined ? e.products!.find((x) => x.id === l.product_id) : undefined;
      if (l.product_id !== undefined && !product) errors.push(['RecordInvalid', 'is not a product of this business', at('product_id')]);
      if (!m.sales && (l.discount_amount !== undefined || l.discount_percentage !== undefined)) errors.push(['RecordInvalid', 'is not a permitted attribute', at(l.discount_amount !== undefined ? 'discount_amount' : 'discount_percentage')]);
      if (errors.length > before || errors.length) return;
      const qty = typeof l.quantity === 'number' ? l.quantity : 1;
      const unitP = Math.round(Number(l.unit_price) * 100);
      const discountP = typeof l.discount_amount === 'number' ? Math.round(l.discount_amount * 100) : 0;
      const inclusive = l.unit_price_includes_tax === true;
      const pct = tax ? Number(tax.percentage) : 0;
      const grossP = Math.round(qty * unitP) - discountP;
      const netP = inclusive ? Math.round((grossP * 100) / (100 + pct)) : grossP;
      // A given tax_amount is taken as sent (Swagger: required in v3.1 for non-zero rates); else it is computed.
      const taxP = typeof l.tax_amount === 'number' && !inclusive ? Math.round(l.tax_amount * 100) : inclusive ? grossP - netP : Math.round((netP * pct) / 100);
      built.push({
        id: sageId('line', String(nowMs), i, Math.random()),
        displayed_as: l.description,
        description: l.description,
        ...(product ? { product: link('products', product) } : {}),
        ledger_account: link('ledger_accounts', account!),
        quantity: qty, unit_price: money(unitP), net_amount: money(netP),
        tax_rate: tax ? link('tax_rates', tax) : null,
        tax_amount: money(taxP), total_amount: money(netP + taxP), unit_price_includes_tax: inclusive,
        ...(m.sales ? { discount_amount: money(discountP), discount_percentage: 0 } : {}),
      });
    });
  }
  if (errors.length) return [422, sageErrors(...errors)];
  const rec: SageRecord = existing ?? {};
  if (create) {
    const docId = sageId(endpoint, String(nowMs), list.length, Math.random());
    const given = typeof si[m.number] === 'string' && si[m.number] !== '' ? String(si[m.number]) : undefined;
    const number = given ?? (m.sales ? `${m.prefix}-${list.length + 1}` : '');
    const draft = si.status_id === 'DRAFT';
    Object.assign(rec, {
      id: docId, displayed_as: number, $path: `/${endpoint}/${docId}`, created_at: sageTime(nowMs),
      editable: draft, transaction: draft ? null : fixed('transactions', sageId('txn', docId), number),
      transaction_type: fixed('transaction_types', m.type, m.prefix),
      status: draft ? fixed('artefact_statuses', 'DRAFT', 'Draft') : fixed('artefact_statuses', 'UNPAID', 'Unpaid'),
      currency: fixed('currencies', 'GBP', 'Pound Sterling (GBP)'), exchange_rate: 1,
      // The Swagger types PurchaseCreditNote.inverse_exchange_rate as a string (every other document: number).
      inverse_exchange_rate: endpoint === 'purchase_credit_notes' ? '1' : 1,
      payments_allocations: [], total_paid: 0, void_reason: null, tax_calculation_method: 'invoice', withholding_tax_rate: 0, withholding_tax_amount: 0,
      notes: null,
      ...(m.sales ? { sent: false, reference: null, [m.number]: number } : { vendor_reference: null, reference: given ?? null }),
    });
  }
  if (contact) Object.assign(rec, { contact: link('contacts', contact), contact_name: contact.name, contact_reference: contact.reference });
  for (const f of ['date', 'due_date', 'reference', 'vendor_reference', 'notes', 'original_invoice_date'] as const) if (si[f] !== undefined && (f !== 'due_date' || !m.credit)) rec[f] = si[f];
  if (!create && m.sales && typeof si[m.number] === 'string') Object.assign(rec, { [m.number]: si[m.number], displayed_as: si[m.number] });
  if (!m.sales) rec.displayed_as = rec.reference ?? '';
  if (create && endpoint === 'sales_invoices' && rec.due_date === undefined) rec.due_date = new Date(Date.parse(`${String(rec.date)}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  if (Array.isArray(lines)) {
    const cents = (f: string) => built.reduce((n, l) => n + pence(l[f]), 0);
    const net = cents('net_amount');
    const tax = cents('tax_amount');
    const paid = pence(rec.total_paid);
    Object.assign(rec, {
      [m.lines]: built, net_amount: money(net), tax_amount: money(tax), total_amount: money(net + tax),
      base_currency_net_amount: money(net), base_currency_tax_amount: money(tax), base_currency_total_amount: money(net + tax),
      outstanding_amount: money(net + tax - paid), base_currency_outstanding_amount: money(net + tax - paid),
      total_quantity: built.reduce((n, l) => n + Number(l.quantity), 0),
    });
  }
  rec.updated_at = sageTime(nowMs);
  if (create) list.push(rec);
  return [create ? 201 : 200, rec];
}

// ------------------------------------------------------------------------------------------------------------------
// Contacts
// ------------------------------------------------------------------------------------------------------------------

const CONTACT_TYPES: Record<string, string> = { CUSTOMER: 'Customer', VENDOR: 'Supplier' };
const ADDRESS_MAX: [string, number][] = [['address_line_1', 50], ['address_line_2', 50], ['city', 50], ['postal_code', 10], ['region', 50], ['name', 50]];
const PERSON_MAX: [string, number][] = [['name', 50], ['job_title', 50], ['telephone', 50], ['mobile', 50], ['email', 100], ['fax', 50]];

/** Whether any document or payment uses the contact. */
function contactInUse(data: BusinessData, id: string): boolean {
  return ['sales_invoices', 'purchase_invoices', 'sales_credit_notes', 'purchase_credit_notes', 'contact_payments', 'other_payments'].some((ep) => (data.entities[ep] ?? []).some((d) => (d.contact as SageRecord | null | undefined)?.id === id));
}

/** `POST /contacts` (`{"contact":{…}}`, Swagger `postContacts`: required `name`, `contact_type_ids`), `PUT`, `DELETE`. */
function writeContact(data: BusinessData, method: string, id: string | undefined, body: unknown, nowMs: number): Answer {
  const list = data.entities.contacts!;
  const existing = id ? list.find((x) => x.id === id) : undefined;
  if (id && !existing) return [404, sageErrors(['RecordNotFound', 'Record not found', 'key'])];
  if (method === 'DELETE') {
    if (contactInUse(data, id!)) return [422, sageErrors(['RecordInvalid', 'The contact has transactions and cannot be deleted', 'key'])];
    remove(data, 'contacts', existing!, nowMs);
    return [204, undefined];
  }
  const c = inner(body, 'contact');
  if (!c) return [422, sageErrors(['RecordInvalid', 'contact is required', 'contact'])];
  const create = method === 'POST';
  const errors: Issue[] = [];
  if ((create || c.name !== undefined) && blank(c.name)) errors.push(['RecordInvalid', "can't be blank", 'name']);
  const types = c.contact_type_ids;
  if (create && (!Array.isArray(types) || types.length === 0)) errors.push(['RecordInvalid', "can't be blank", 'contact_type_ids']);
  else if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || !CONTACT_TYPES[t.toUpperCase()]))) errors.push(['RecordInvalid', 'is not a valid contact type', 'contact_type_ids']);
  // Contact lengths (Swagger Contact definition).
  for (const [f, max] of [['name', 100], ['reference', 10], ['tax_number', 255], ['notes', 4000], ['registered_number', 25], ['locale', 10]] as const) tooLong(errors, c, f, max);
  if (typeof c.reference === 'string' && c.reference !== '' && list.some((x) => x !== existing && x.reference === c.reference)) errors.push(['RecordInvalid', 'has already been taken', 'reference']);
  for (const a of ['main_address', 'delivery_address'] as const) {
    const addr = c[a];
    if (addr && typeof addr === 'object') for (const [f, max] of ADDRESS_MAX) tooLong(errors, addr as SageRecord, f, max, `${a}.${f}`);
  }
  const person = c.main_contact_person;
  if (person && typeof person === 'object') for (const [f, max] of PERSON_MAX) tooLong(errors, person as SageRecord, f, max, `main_contact_person.${f}`);
  const e = data.entities;
  const accountOf = (field: string) => {
    const v = c[field];
    if (v === undefined) return undefined;
    const a = e.ledger_accounts!.find((x) => x.id === v);
    if (!a) errors.push(['RecordInvalid', 'is not a ledger account of this business', field]);
    return a;
  };
  const sales = accountOf('default_sales_ledger_account_id');
  const purchase = accountOf('default_purchase_ledger_account_id');
  const tax = c.default_sales_tax_rate_id !== undefined ? e.tax_rates!.find((t) => t.id === c.default_sales_tax_rate_id) : undefined;
  if (c.default_sales_tax_rate_id !== undefined && !tax) errors.push(['RecordInvalid', 'is not a tax rate of this business', 'default_sales_tax_rate_id']);
  if (c.credit_days !== undefined && (typeof c.credit_days !== 'number' || !Number.isInteger(c.credit_days) || c.credit_days < 0)) errors.push(['RecordInvalid', 'must be a whole number of days', 'credit_days']);
  if (errors.length) return [422, sageErrors(...errors)];
  const rec: SageRecord = existing ?? {};
  if (create) {
    const cid = sageId('contact', String(nowMs), list.length, Math.random());
    Object.assign(rec, {
      id: cid, $path: `/contacts/${cid}`, created_at: sageTime(nowMs),
      reference: null, tax_number: null, notes: null, locale: 'en', main_address: null, delivery_address: null, main_contact_person: null, bank_account_details: null,
      credit_limit: 0, credit_days: null, currency: fixed('currencies', 'GBP', 'Pound Sterling (GBP)'), balance: 0, email: null,
      default_sales_ledger_account: null, default_purchase_ledger_account: null, default_sales_tax_rate: null, deletable: true, system: false,
    });
  }
  if (Array.isArray(types)) rec.contact_types = (types as string[]).map((t) => fixed('contact_types', t.toUpperCase(), CONTACT_TYPES[t.toUpperCase()]!));
  for (const f of ['name', 'reference', 'tax_number', 'notes', 'locale', 'credit_limit', 'credit_days', 'registered_number', 'bank_account_details'] as const) if (c[f] !== undefined) rec[f] = c[f];
  for (const a of ['main_address', 'delivery_address'] as const) {
    const addr = c[a] as SageRecord | undefined;
    if (addr) rec[a] = { ...addr, country: addr.country_id ? fixed('countries', String(addr.country_id), String(addr.country_id)) : null };
  }
  if (c.main_contact_person) {
    rec.main_contact_person = { ...(c.main_contact_person as SageRecord), is_main_contact: true };
    rec.email = (c.main_contact_person as SageRecord).email ?? null;
  }
  if (c.currency_id !== undefined) rec.currency = fixed('currencies', String(c.currency_id), String(c.currency_id));
  if (sales) rec.default_sales_ledger_account = link('ledger_accounts', sales);
  if (purchase) rec.default_purchase_ledger_account = link('ledger_accounts', purchase);
  if (tax) rec.default_sales_tax_rate = link('tax_rates', tax);
  rec.displayed_as = rec.reference ? `${String(rec.name)} (${String(rec.reference)})` : rec.name;
  rec.updated_at = sageTime(nowMs);
  if (create) list.push(rec);
  return [create ? 201 : 200, rec];
}

// ------------------------------------------------------------------------------------------------------------------
// Contact payments
// ------------------------------------------------------------------------------------------------------------------

const PAYMENT_TYPES: Record<string, { name: string; contactType: string; artefacts: string }> = {
  CUSTOMER_RECEIPT: { name: 'Customer Receipt', contactType: 'CUSTOMER', artefacts: 'sales_invoices' },
  VENDOR_PAYMENT: { name: 'Vendor Payment', contactType: 'VENDOR', artefacts: 'purchase_invoices' },
};

/** Applies `sign × amountP` of a payment to an artefact: paid, outstanding and status, exactly in pence. */
function settle(doc: SageRecord, payment: SageRecord, amountP: number, sign: 1 | -1, nowMs: number): void {
  const total = pence(doc.total_amount);
  const paid = pence(doc.total_paid) + sign * amountP;
  const outstanding = total - paid;
  const allocations = ((doc.payments_allocations as SageRecord[] | undefined) ?? []).filter((a) => (a.contact_payment as SageRecord | undefined)?.id !== payment.id);
  if (sign === 1) {
    allocations.push({ date: payment.date, type: (payment.transaction_type as SageRecord).displayed_as, reference: payment.reference ?? null, amount: money(amountP), discount: 0, contact_payment: link('contact_payments', payment), displayed_as: payment.displayed_as });
  }
  const statusId = paid === 0 ? 'UNPAID' : outstanding === 0 ? 'PAID' : 'PART_PAID';
  const last = allocations.map((a) => String(a.date)).sort().at(-1) ?? null;
  Object.assign(doc, {
    total_paid: money(paid), outstanding_amount: money(outstanding), base_currency_outstanding_amount: money(outstanding),
    payments_allocations: allocations, payments_allocations_total_amount: money(paid), last_paid: last,
    status: fixed('artefact_statuses', statusId, statusId === 'UNPAID' ? 'Unpaid' : statusId === 'PAID' ? 'Paid' : 'Part Paid'),
    updated_at: sageTime(nowMs),
  });
}

/**
 * `POST /contact_payments` (`{"contact_payment":{…}}`, Swagger `postContactPayments`: required `transaction_type_id`,
 * `contact_id`, `bank_account_id`, `date`, `total_amount`) with `allocated_artefacts` against invoices or bills of
 * the contact (each at most what is outstanding), and `DELETE`, which takes the allocations back off.
 */
function writePayment(data: BusinessData, method: string, id: string | undefined, body: unknown, nowMs: number): Answer {
  const list = data.entities.contact_payments!;
  const e = data.entities;
  const existing = id ? list.find((x) => x.id === id) : undefined;
  if (id && !existing) return [404, sageErrors(['RecordNotFound', 'Record not found', 'key'])];
  const artefactOf = (a: SageRecord) => {
    const path = String((a.artefact as SageRecord).$path ?? '');
    const ep = path.split('/')[1] ?? '';
    return (e[ep] ?? []).find((d) => d.id === (a.artefact as SageRecord).id);
  };
  if (method === 'DELETE') {
    for (const a of (existing!.allocated_artefacts as SageRecord[] | undefined) ?? []) {
      const doc = artefactOf(a);
      if (doc) settle(doc, existing!, pence(a.amount), -1, nowMs);
    }
    remove(data, 'contact_payments', existing!, nowMs);
    return [204, undefined];
  }
  const p = inner(body, 'contact_payment');
  if (!p) return [422, sageErrors(['RecordInvalid', 'contact_payment is required', 'contact_payment'])];
  const errors: Issue[] = [];
  const type = typeof p.transaction_type_id === 'string' ? PAYMENT_TYPES[p.transaction_type_id.toUpperCase()] : undefined;
  if (blank(p.transaction_type_id)) errors.push(['RecordInvalid', "can't be blank", 'transaction_type_id']);
  else if (!type) errors.push(['RecordInvalid', 'is not a supported transaction type', 'transaction_type_id']);
  const contact = e.contacts!.find((c) => c.id === p.contact_id);
  if (blank(p.contact_id)) errors.push(['RecordInvalid', "can't be blank", 'contact_id']);
  else if (!contact || (type && !(contact.contact_types as SageRecord[]).some((t) => t.id === type.contactType))) errors.push(['RecordInvalid', `is not a ${type?.contactType === 'VENDOR' ? 'supplier' : 'customer'} of this business`, 'contact_id']);
  const bank = e.bank_accounts!.find((b) => b.id === p.bank_account_id);
  if (blank(p.bank_account_id)) errors.push(['RecordInvalid', "can't be blank", 'bank_account_id']);
  else if (!bank) errors.push(['RecordInvalid', 'is not a bank account of this business', 'bank_account_id']);
  if (blank(p.date)) errors.push(['RecordInvalid', "can't be blank", 'date']);
  else if (typeof p.date !== 'string' || !DATE.test(p.date)) errors.push(['RecordInvalid', 'is not a valid date', 'date']);
  if (typeof p.total_amount !== 'number') errors.push(['RecordInvalid', "can't be blank", 'total_amount']);
  else if (p.total_amount <= 0) errors.push(['RecordInvalid', 'must be greater than 0', 'total_amount']);
  // ContactPayment.reference: maxLength 25 (Swagger).
  tooLong(errors, p, 'reference', 25);
  const allocated: { doc: SageRecord; amountP: number }[] = [];
  const arts = p.allocated_artefacts;
  if (arts !== undefined && !Array.isArray(arts)) errors.push(['RecordInvalid', 'must be a list', 'allocated_artefacts']);
  if (Array.isArray(arts) && type && contact) {
    arts.forEach((raw, i) => {
      const a = (raw ?? {}) as SageRecord;
      const doc = (e[type.artefacts] ?? []).find((d) => d.id === a.artefact_id);
      const st = (doc?.status as SageRecord | undefined)?.id;
      if (!doc || (doc.contact as SageRecord).id !== contact.id) errors.push(['RecordInvalid', `is not a ${type.artefacts === 'sales_invoices' ? 'sales' : 'purchase'} invoice of this contact`, `allocated_artefacts[${i}].artefact_id`]);
      else if (st === 'DRAFT' || st === 'VOID') errors.push(['RecordInvalid', `cannot be paid while ${String(st).toLowerCase()}`, `allocated_artefacts[${i}].artefact_id`]);
      else if (typeof a.amount !== 'number' || a.amount <= 0) errors.push(['RecordInvalid', 'must be greater than 0', `allocated_artefacts[${i}].amount`]);
      else if (pence(a.amount) > pence(doc.outstanding_amount) - allocated.filter((x) => x.doc === doc).reduce((n, x) => n + x.amountP, 0)) errors.push(['RecordInvalid', 'is more than the outstanding amount', `allocated_artefacts[${i}].amount`]);
      else allocated.push({ doc, amountP: pence(a.amount) });
    });
  }
  const onAccount = p.payment_on_account as SageRecord | undefined;
  const onAccountP = onAccount && typeof onAccount.total_amount === 'number' ? pence(onAccount.total_amount) : 0;
  if (!errors.length && typeof p.total_amount === 'number' && allocated.reduce((n, x) => n + x.amountP, 0) + onAccountP !== pence(p.total_amount)) {
    errors.push(['RecordInvalid', 'The allocated amounts and the payment on account must add up to the total amount', 'total_amount']);
  }
  if (errors.length) return [422, sageErrors(...errors)];
  const pid = sageId('contact_payment', String(nowMs), list.length, Math.random());
  const totalP = pence(p.total_amount);
  const typeId = String(p.transaction_type_id).toUpperCase();
  const rec: SageRecord = {
    id: pid, displayed_as: type!.name, $path: `/contact_payments/${pid}`, created_at: sageTime(nowMs), updated_at: sageTime(nowMs),
    transaction: fixed('transactions', sageId('txn', pid), 'Payment'), transaction_type: fixed('transaction_types', typeId, type!.name),
    payment_method: p.payment_method_id ? fixed('payment_methods', String(p.payment_method_id), String(p.payment_method_id)) : fixed('payment_methods', 'BANK_TRANSFER', 'Bank Transfer'),
    contact: link('contacts', contact!), bank_account: link('bank_accounts', bank!), date: p.date,
    net_amount: money(totalP), tax_amount: 0, total_amount: money(totalP), currency: fixed('currencies', String(p.currency_id ?? 'GBP'), String(p.currency_id ?? 'GBP')), exchange_rate: typeof p.exchange_rate === 'number' ? p.exchange_rate : 1,
    base_currency_net_amount: money(totalP), base_currency_tax_amount: 0, base_currency_total_amount: money(totalP), base_currency_currency_charge: 0,
    reference: p.reference ?? null,
    allocated_artefacts: allocated.map(({ doc, amountP }, i) => ({ id: sageId('alloc', pid, i), artefact: { id: doc.id, displayed_as: doc.displayed_as, $path: doc.$path }, amount: money(amountP), discount: 0 })),
    payment_on_account: onAccountP ? { id: sageId('poa', pid), contact_name: contact!.name, date: p.date, total_amount: money(onAccountP), outstanding_amount: money(onAccountP) } : null,
    editable: true,
  };
  list.push(rec);
  for (const { doc, amountP } of allocated) settle(doc, rec, amountP, 1, nowMs);
  return [201, rec];
}

// ------------------------------------------------------------------------------------------------------------------
// Journals
// ------------------------------------------------------------------------------------------------------------------

/** `POST /journals` (`{"journal":{…}}`, Swagger `postJournals`: required `date`, `reference`, `journal_lines` with `ledger_account_id`, `debit`, `credit`), `DELETE`. */
function writeJournal(data: BusinessData, method: string, id: string | undefined, body: unknown, nowMs: number): Answer {
  const list = data.entities.journals!;
  const existing = id ? list.find((x) => x.id === id) : undefined;
  if (id && !existing) return [404, sageErrors(['RecordNotFound', 'Record not found', 'key'])];
  if (method === 'DELETE') {
    remove(data, 'journals', existing!, nowMs);
    return [204, undefined];
  }
  const j = inner(body, 'journal');
  if (!j) return [422, sageErrors(['RecordInvalid', 'journal is required', 'journal'])];
  const errors: Issue[] = [];
  if (blank(j.date)) errors.push(['RecordInvalid', "can't be blank", 'date']);
  else if (typeof j.date !== 'string' || !DATE.test(j.date)) errors.push(['RecordInvalid', 'is not a valid date', 'date']);
  if (blank(j.reference)) errors.push(['RecordInvalid', "can't be blank", 'reference']);
  // Journal: reference maxLength 255, description 200 (Swagger).
  tooLong(errors, j, 'reference', 255);
  tooLong(errors, j, 'description', 200);
  const lines = j.journal_lines;
  if (!Array.isArray(lines) || lines.length < 2) errors.push(['RecordInvalid', 'needs at least two lines', 'journal_lines']);
  let debits = 0;
  let credits = 0;
  const built: SageRecord[] = [];
  if (Array.isArray(lines)) {
    lines.forEach((raw, i) => {
      const l = (raw ?? {}) as SageRecord;
      const at = (f: string) => `journal_lines[${i}].${f}`;
      const account = data.entities.ledger_accounts!.find((a) => a.id === l.ledger_account_id);
      if (!account) errors.push(['RecordInvalid', l.ledger_account_id === undefined ? "can't be blank" : 'is not a ledger account of this business', at('ledger_account_id')]);
      for (const f of ['debit', 'credit'] as const) {
        if (typeof l[f] !== 'number') errors.push(['RecordInvalid', "can't be blank", at(f)]);
        else if ((l[f] as number) < 0) errors.push(['RecordInvalid', 'must not be negative', at(f)]);
      }
      if (typeof l.debit === 'number' && typeof l.credit === 'number' && l.debit !== 0 && l.credit !== 0) errors.push(['RecordInvalid', 'A line is either a debit or a credit', at('credit')]);
      if (!account || typeof l.debit !== 'number' || typeof l.credit !== 'number') return;
      debits += pence(l.debit);
      credits += pence(l.credit);
      built.push({ id: sageId('jline', String(nowMs), i, Math.random()), ledger_account: link('ledger_accounts', account), details: l.details ?? null, debit: money(pence(l.debit)), credit: money(pence(l.credit)), include_on_tax_return: l.include_on_tax_return === true, cleared: false, bank_reconciled: false });
    });
  }
  if (!errors.length && debits !== credits) errors.push(['RecordInvalid', 'The total debits must equal the total credits', 'journal_lines']);
  if (errors.length) return [422, sageErrors(...errors)];
  const jid = sageId('journal', String(nowMs), list.length, Math.random());
  const rec: SageRecord = {
    id: jid, displayed_as: String(j.reference), $path: `/journals/${jid}`, created_at: sageTime(nowMs), updated_at: sageTime(nowMs),
    transaction: fixed('transactions', sageId('txn', jid), String(j.reference)), transaction_type: fixed('transaction_types', 'JOURNAL', 'Journal'),
    date: j.date, reference: j.reference, description: j.description ?? null, total: money(debits), journal_lines: built, migrated: false,
  };
  list.push(rec);
  return [201, rec];
}

// ------------------------------------------------------------------------------------------------------------------
// Products
// ------------------------------------------------------------------------------------------------------------------

const ITEM_TYPES: Record<string, string> = { STOCK_ITEM: 'Stock', NON_STOCK_ITEM: 'Non-stock' };

/** Whether a document line uses the product. */
function productInUse(data: BusinessData, id: string): boolean {
  return Object.entries(DOCS).some(([ep, m]) => (data.entities[ep] ?? []).some((d) => ((d[m.lines] as SageRecord[] | undefined) ?? []).some((l) => (l.product as SageRecord | undefined)?.id === id)));
}

/** `POST /products` (`{"product":{…}}`, Swagger `postProducts`: required `description`, `sales_ledger_account_id`, `purchase_ledger_account_id`), `PUT`, `DELETE`. */
function writeProduct(data: BusinessData, method: string, id: string | undefined, body: unknown, nowMs: number): Answer {
  const list = data.entities.products!;
  const e = data.entities;
  const existing = id ? list.find((x) => x.id === id) : undefined;
  if (id && !existing) return [404, sageErrors(['RecordNotFound', 'Record not found', 'key'])];
  if (method === 'DELETE') {
    if (productInUse(data, id!)) return [422, sageErrors(['RecordInvalid', 'The product is used on documents and cannot be deleted', 'key'])];
    remove(data, 'products', existing!, nowMs);
    return [204, undefined];
  }
  const p = inner(body, 'product');
  if (!p) return [422, sageErrors(['RecordInvalid', 'product is required', 'product'])];
  const create = method === 'POST';
  const errors: Issue[] = [];
  if ((create || p.description !== undefined) && blank(p.description)) errors.push(['RecordInvalid', "can't be blank", 'description']);
  // Product: item_code 255, description 255, notes 500, purchase_description 250 (Swagger).
  for (const [f, max] of [['item_code', 255], ['description', 255], ['notes', 500], ['purchase_description', 250]] as const) tooLong(errors, p, f, max);
  if (typeof p.item_code === 'string' && p.item_code !== '' && list.some((x) => x !== existing && x.item_code === p.item_code)) errors.push(['RecordInvalid', 'has already been taken', 'item_code']);
  const accountOf = (field: string) => {
    const v = p[field];
    if (v === undefined) {
      if (create) errors.push(['RecordInvalid', "can't be blank", field]);
      return undefined;
    }
    const a = e.ledger_accounts!.find((x) => x.id === v);
    if (!a) errors.push(['RecordInvalid', 'is not a ledger account of this business', field]);
    return a;
  };
  const sales = accountOf('sales_ledger_account_id');
  const purchase = accountOf('purchase_ledger_account_id');
  const taxOf = (field: string) => {
    if (p[field] === undefined) return undefined;
    const t = e.tax_rates!.find((x) => x.id === p[field]);
    if (!t) errors.push(['RecordInvalid', 'is not a tax rate of this business', field]);
    return t;
  };
  const salesTax = taxOf('sales_tax_rate_id');
  const purchaseTax = taxOf('purchase_tax_rate_id');
  if (p.catalog_item_type_id !== undefined && !ITEM_TYPES[String(p.catalog_item_type_id)]) errors.push(['RecordInvalid', 'is not a valid catalog item type', 'catalog_item_type_id']);
  if (p.sales_prices !== undefined && !Array.isArray(p.sales_prices)) errors.push(['RecordInvalid', 'must be a list', 'sales_prices']);
  if (errors.length) return [422, sageErrors(...errors)];
  const rec: SageRecord = existing ?? {};
  if (create) {
    const pid = sageId('product', String(nowMs), list.length, Math.random());
    Object.assign(rec, {
      id: pid, $path: `/products/${pid}`, created_at: sageTime(nowMs), deletable: true, deactivatable: true, used_on_recurring_invoice: false,
      item_code: null, notes: null, sales_tax_rate: null, purchase_tax_rate: null, cost_price: 0, sales_prices: [], purchase_description: null, active: true,
      // ❓ unverified: a product without catalog_item_type_id is a non-stock item.
      catalog_item_type: fixed('catalog_item_types', 'NON_STOCK_ITEM', ITEM_TYPES.NON_STOCK_ITEM!),
    });
  }
  for (const f of ['item_code', 'description', 'notes', 'cost_price', 'purchase_description', 'active'] as const) if (p[f] !== undefined) rec[f] = p[f];
  if (sales) rec.sales_ledger_account = link('ledger_accounts', sales);
  if (purchase) rec.purchase_ledger_account = link('ledger_accounts', purchase);
  if (salesTax) rec.sales_tax_rate = link('tax_rates', salesTax);
  if (purchaseTax) rec.purchase_tax_rate = link('tax_rates', purchaseTax);
  if (p.catalog_item_type_id !== undefined) rec.catalog_item_type = fixed('catalog_item_types', String(p.catalog_item_type_id), ITEM_TYPES[String(p.catalog_item_type_id)]!);
  if (Array.isArray(p.sales_prices)) {
    rec.sales_prices = (p.sales_prices as SageRecord[]).map((sp, i) => ({
      id: sageId('price', String(rec.id), i), displayed_as: sp.price_name ?? 'Selling Price', price_name: sp.price_name ?? 'Selling Price', price: typeof sp.price === 'number' ? money(pence(sp.price)) : 0,
      price_includes_tax: sp.price_includes_tax === true, product_sales_price_type: fixed('product_sales_price_types', String(sp.product_sales_price_type_id ?? 'SELLING'), 'Selling Price'),
    }));
  }
  rec.displayed_as = rec.description;
  rec.updated_at = sageTime(nowMs);
  if (create) list.push(rec);
  return [create ? 201 : 200, rec];
}

/** `search` on lists (Swagger: documents "by the reference or contact name", contacts "by the contact name, company name or reference", products "by the item code or description"): a case-insensitive substring match (❓ unverified). */
export function searchFilter(endpoint: string, search: string): ((rec: SageRecord) => boolean) | undefined {
  const q = search.toLowerCase();
  const has = (v: unknown) => typeof v === 'string' && v.toLowerCase().includes(q);
  if (endpoint in DOCS) return (r) => has(r.reference) || has(r.contact_name);
  if (endpoint === 'contacts') return (r) => has(r.name) || has(r.reference);
  if (endpoint === 'products') return (r) => has(r.item_code) || has(r.description);
  return undefined;
}
