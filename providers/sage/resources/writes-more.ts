/**
 * Sage writes besides documents, with the v3.1 Swagger's wrapper bodies and push options from its `post…`
 * definitions (required fields) and response definitions (`maxLength`s):
 *
 * - customers and suppliers: `POST /contacts` `{"contact":{…}}` with `contact_type_ids` `["CUSTOMER"]` / `["VENDOR"]`,
 *   `PUT /contacts/{key}` (the types are not resent, so a contact that is both stays both), `DELETE` (204: a delete).
 *   Precheck by `accountNumber` (Sage's "Unique reference for the contact", max 10) through `search`, compared
 *   exactly on `reference` client-side.
 * - payments and bill payments: `POST /contact_payments` `{"contact_payment":{…}}` with `transaction_type_id`
 *   `CUSTOMER_RECEIPT` / `VENDOR_PAYMENT` and `allocated_artefacts` (one per canonical line), the rest of the amount
 *   as `payment_on_account`; `DELETE` (204). `/contact_payments` has no reference filter (Swagger): no precheck.
 * - journal entries: `POST /journals` `{"journal":{…}}` (positive net → `debit`, negative → `credit`), `DELETE` (204);
 *   the lines must balance, checked locally. No PUT exists (Swagger), and no filter: no precheck.
 * - items: `POST /products` `{"product":{…}}`, `PUT`, `DELETE` (204). Precheck by `code` through `search` ("by the
 *   item code or description"), compared exactly on `item_code`. Services (`/services`) are not written.
 * @module
 */
import type { FieldIssue } from '../../../src/errors';
import { addDecimals, compareDecimals, negateDecimal, subtractDecimals } from '../../../src/model/primitives';
import type { FieldRule, IdempotencySpec } from '../../../src/provider/types';
import { selectItems } from '../lib/resource';
import { isRecord, num, type With } from './writes';

type Input = Record<string, unknown>;
type RefInput = { id: string; name?: string } | undefined;

// ------------------------------------------------------------------------------------------------------------------
// Contacts
// ------------------------------------------------------------------------------------------------------------------

type AddressInput = { type?: string; line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; countryCode?: string };
type PhoneInput = { type?: string; number: string };

function addressOut(a: AddressInput | undefined): Input | undefined {
  if (!a) return undefined;
  return {
    ...(a.line1 !== undefined ? { address_line_1: a.line1 } : {}),
    ...(a.line2 !== undefined ? { address_line_2: a.line2 } : {}),
    ...(a.city !== undefined ? { city: a.city } : {}),
    ...(a.region !== undefined ? { region: a.region } : {}),
    ...(a.postalCode !== undefined ? { postal_code: a.postalCode } : {}),
    // ❓ unverified: Sage country ids are ISO 3166 alpha-2 codes (`GB`), as the seeded countries' ids.
    ...(a.countryCode !== undefined ? { country_id: a.countryCode } : {}),
  };
}

/** Canonical customer/supplier fields → the inner `contact` object (only the fields given). */
export function contactOut(input: Input, kind: 'CUSTOMER' | 'VENDOR', create: boolean): Input {
  const c = input as {
    name?: string; contactName?: string; emailAddress?: string; phones?: PhoneInput[]; addresses?: AddressInput[]; taxNumber?: string; registrationNumber?: string;
    defaultCurrency?: string; creditLimit?: string; paymentTermsDays?: number; accountNumber?: string; note?: string; defaultAccountRef?: RefInput; defaultTaxRateRef?: RefInput;
    bankAccounts?: { accountName?: string; accountNumber?: string; sortCode?: string; iban?: string; bic?: string }[];
  };
  const addresses = c.addresses ?? [];
  const main = addresses.find((a) => a.type !== 'Delivery');
  const delivery = addresses.find((a) => a.type === 'Delivery');
  const phone = (t: string) => c.phones?.find((p) => p.type === t)?.number;
  const landline = phone('Landline') ?? phone('Primary') ?? phone('Unknown');
  const person = {
    ...(c.contactName !== undefined ? { name: c.contactName } : {}),
    ...(c.emailAddress !== undefined ? { email: c.emailAddress } : {}),
    ...(landline !== undefined ? { telephone: landline } : {}),
    ...(phone('Mobile') !== undefined ? { mobile: phone('Mobile') } : {}),
    ...(phone('Fax') !== undefined ? { fax: phone('Fax') } : {}),
  };
  const bank = c.bankAccounts?.[0];
  return {
    ...(c.name !== undefined ? { name: c.name } : {}),
    // On update the types are left alone: a contact that is both customer and supplier must stay both.
    ...(create ? { contact_type_ids: [kind] } : {}),
    ...(c.accountNumber !== undefined ? { reference: c.accountNumber } : {}),
    ...(c.taxNumber !== undefined ? { tax_number: c.taxNumber } : {}),
    ...(c.registrationNumber !== undefined ? { registered_number: c.registrationNumber } : {}),
    ...(c.note !== undefined ? { notes: c.note } : {}),
    ...(c.creditLimit !== undefined ? { credit_limit: num(c.creditLimit) } : {}),
    ...(c.paymentTermsDays !== undefined ? { credit_days: c.paymentTermsDays } : {}),
    ...(c.defaultCurrency !== undefined ? { currency_id: c.defaultCurrency } : {}),
    ...(c.defaultAccountRef ? { [kind === 'CUSTOMER' ? 'default_sales_ledger_account_id' : 'default_purchase_ledger_account_id']: c.defaultAccountRef.id } : {}),
    ...(c.defaultTaxRateRef ? { default_sales_tax_rate_id: c.defaultTaxRateRef.id } : {}),
    ...(main ? { main_address: addressOut(main) } : {}),
    ...(delivery ? { delivery_address: addressOut(delivery) } : {}),
    ...(Object.keys(person).length ? { main_contact_person: person } : {}),
    ...(bank ? { bank_account_details: { ...(bank.accountName !== undefined ? { account_name: bank.accountName } : {}), ...(bank.accountNumber !== undefined ? { account_number: bank.accountNumber } : {}), ...(bank.sortCode !== undefined ? { sort_code: bank.sortCode } : {}), ...(bank.iban !== undefined ? { iban: bank.iban } : {}), ...(bank.bic !== undefined ? { bic: bank.bic } : {}) } } : {}),
  };
}

const tooLong = (field: string, max: number) => `${field} is too long (maximum is ${max} characters)`;

/** Push options of contacts (Swagger `postContacts` requires `name`, `contact_type_ids`; lengths from `Contact`, `Address`, `ContactPerson`). */
function contactFields(kind: 'CUSTOMER' | 'VENDOR'): FieldRule[] {
  return [
    { path: 'name', required: true, maxLength: 100, message: 'name is required and at most 100 characters' },
    { path: 'accountNumber', maxLength: 10, message: tooLong('reference', 10), description: 'Sent as `reference`, Sage’s unique reference for the contact; retried creates look it up (precheck).' },
    { path: 'taxNumber', maxLength: 255, message: tooLong('tax_number', 255), description: 'Sage validates the format.' },
    { path: 'registrationNumber', maxLength: 25, message: tooLong('registered_number', 25) },
    { path: 'note', maxLength: 4000, message: tooLong('notes', 4000) },
    { path: 'contactName', maxLength: 50, message: tooLong('main_contact_person.name', 50) },
    { path: 'emailAddress', maxLength: 100, message: tooLong('main_contact_person.email', 100) },
    { path: 'phones[].number', maxLength: 50, message: tooLong('main_contact_person telephone', 50), description: 'Landline/Primary → telephone, Mobile → mobile, Fax → fax (the first of each).' },
    { path: 'addresses', maxItems: 2, message: 'Sage keeps one main and one delivery address', description: 'The first non-Delivery address → main_address, the Delivery one → delivery_address.' },
    { path: 'addresses[].line1', maxLength: 50, message: tooLong('address_line_1', 50) },
    { path: 'addresses[].line2', maxLength: 50, message: tooLong('address_line_2', 50) },
    { path: 'addresses[].city', maxLength: 50, message: tooLong('city', 50) },
    { path: 'addresses[].region', maxLength: 50, message: tooLong('region', 50) },
    { path: 'addresses[].postalCode', maxLength: 10, message: tooLong('postal_code', 10) },
    { path: 'bankAccounts', maxItems: 1, message: 'Sage keeps one set of bank details per contact' },
    { path: 'status', allowedValues: ['Active'], message: 'Sage contacts have no archived state' },
    ...(kind === 'VENDOR' ? [{ path: 'defaultTaxRateRef', allowedValues: [], message: 'Sage has a default tax rate for sales only (default_sales_tax_rate_id)' } satisfies FieldRule] : []),
    { path: 'emails', ignored: true, description: 'Only emailAddress is sent (main_contact_person.email).' },
    { path: 'contactPersons', ignored: true, description: 'Only the main contact person is written (contactName, emailAddress, phones).' },
    { path: 'website', ignored: true, description: 'No such field on Sage contacts.' },
    { path: 'firstName', ignored: true, description: 'Sage contact persons have one name (contactName).' },
    { path: 'lastName', ignored: true, description: 'Sage contact persons have one name (contactName).' },
    { path: 'discountPercentage', ignored: true, description: 'No such field on Sage contacts.' },
    { path: 'parentRef', ignored: true, description: 'Sage contacts have no parent.' },
    { path: 'isIndividual', ignored: true, description: 'No such field on Sage contacts.' },
  ];
}

/**
 * A precheck for a contact by its reference (`accountNumber`): `GET /contacts?search=…&contact_type_id=…` (Swagger:
 * "filter by the contact name, company name or reference"), then an exact client-side match on `reference`. Without
 * an account number there is no lookup (and no retry). ❓ unverified: the `search` matching itself.
 */
function contactPrecheck(kind: 'CUSTOMER' | 'VENDOR'): IdempotencySpec {
  return {
    type: 'precheck',
    find: (input) => {
      const ref = (input as { accountNumber?: string }).accountNumber;
      if (typeof ref !== 'string' || ref === '') return undefined;
      return { url: '/contacts', query: { search: ref, contact_type_id: kind, attributes: 'all', items_per_page: '200', show_balance: 'true' } };
    },
    select: (body, input) => {
      const ref = (input as { accountNumber?: string }).accountNumber;
      return selectItems(body).find((x) => {
        const r = x as { reference?: unknown; contact_types?: { id?: unknown }[] };
        return r.reference === ref && (r.contact_types ?? []).some((t) => t.id === kind);
      });
    },
  };
}

function contactWrite(kind: 'CUSTOMER' | 'VENDOR'): With<'create' | 'update' | 'delete'> {
  return {
    fields: contactFields(kind),
    idempotency: contactPrecheck(kind),
    create: { request: (input) => ({ method: 'POST', url: '/contacts', body: { contact: contactOut(input, kind, true) } }), select: isRecord },
    update: { request: ({ id, changes }) => ({ method: 'PUT', url: `/contacts/${encodeURIComponent(id)}`, body: { contact: contactOut(changes, kind, false) } }), select: isRecord },
    // Swagger: "Deletes a Contact", 204. A contact with transactions is refused by Sage (❓ unverified, the emulator does).
    delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/contacts/${encodeURIComponent(id)}` }) },
  };
}

/** Customer writes (`/contacts` with `contact_type_ids: ["CUSTOMER"]`). */
export const customerWrite = contactWrite('CUSTOMER');
/** Supplier writes (`/contacts` with `contact_type_ids: ["VENDOR"]`). */
export const supplierWrite = contactWrite('VENDOR');

// ------------------------------------------------------------------------------------------------------------------
// Contact payments
// ------------------------------------------------------------------------------------------------------------------

type PaymentInput = { date?: string; amount?: string; currency?: string; currencyRate?: string; accountRef?: RefInput; paymentMethodRef?: RefInput; reference?: string; customerRef?: RefInput; supplierRef?: RefInput; lines?: { kind: string; ref: { id: string }; amount: string }[]; unallocatedAmount?: string };

/** Canonical payment → the inner `contact_payment` object; what the lines do not allocate goes on account. */
export function contactPaymentOut(input: Input, type: 'CUSTOMER_RECEIPT' | 'VENDOR_PAYMENT'): Input {
  const p = input as PaymentInput;
  const contact = type === 'CUSTOMER_RECEIPT' ? p.customerRef : p.supplierRef;
  const lines = p.lines ?? [];
  const allocated = lines.length ? addDecimals(...lines.map((l) => l.amount)) : '0';
  const rest = p.amount !== undefined ? subtractDecimals(p.amount, allocated) : '0';
  return {
    transaction_type_id: type,
    ...(contact ? { contact_id: contact.id } : {}),
    ...(p.accountRef ? { bank_account_id: p.accountRef.id } : {}),
    ...(p.date !== undefined ? { date: p.date } : {}),
    ...(p.amount !== undefined ? { total_amount: num(p.amount) } : {}),
    ...(p.paymentMethodRef ? { payment_method_id: p.paymentMethodRef.id } : {}),
    ...(p.currency !== undefined ? { currency_id: p.currency } : {}),
    ...(p.currencyRate !== undefined ? { exchange_rate: num(p.currencyRate) } : {}),
    ...(p.reference !== undefined ? { reference: p.reference } : {}),
    allocated_artefacts: lines.map((l) => ({ artefact_id: l.ref.id, amount: num(l.amount) })),
    // ❓ unverified: that an amount not allocated must be sent as payment_on_account (the emulator insists).
    ...(compareDecimals(rest, '0') > 0 ? { payment_on_account: { ...(contact ? { contact_id: contact.id } : {}), ...(p.date !== undefined ? { date: p.date } : {}), total_amount: num(rest) } } : {}),
  };
}

function contactPaymentWrite(type: 'CUSTOMER_RECEIPT' | 'VENDOR_PAYMENT'): With<'create' | 'delete'> {
  const customer = type === 'CUSTOMER_RECEIPT';
  const kind = customer ? 'Invoice' : 'Bill';
  return {
    // Swagger postContactPayments: required transaction_type_id, contact_id, bank_account_id, date, total_amount.
    fields: [
      { path: `${customer ? 'customerRef' : 'supplierRef'}.id`, required: true, message: 'contact_id is required' },
      { path: 'accountRef.id', required: true, message: 'bank_account_id is required', description: 'The Sage bank account (`/bank_accounts` id).' },
      { path: 'reference', maxLength: 25, message: tooLong('reference', 25) },
      { path: 'lines[].kind', allowedValues: [kind], message: `A ${customer ? 'customer receipt' : 'vendor payment'} is allocated to ${customer ? 'sales invoices' : 'bills'} only` },
      { path: 'status', allowedValues: ['Authorised'], message: 'A Sage contact payment is recorded (Authorised)' },
      { path: 'unallocatedAmount', description: 'Computed: amount less the lines, sent as payment_on_account; when given it must equal that.' },
      { path: 'note', ignored: true, description: 'No such field on Sage contact payments.' },
      { path: 'tracking', ignored: true, description: 'Sage contact payments have no tracking.' },
      { path: 'isReconciled', ignored: true, description: 'Set by bank reconciliation in Sage.' },
      { path: 'providerType', ignored: true, description: `Always ${type}.` },
    ],
    validate: (input) => {
      const p = input as PaymentInput;
      const issues: FieldIssue[] = [];
      if (p.amount !== undefined && compareDecimals(p.amount, '0') <= 0) issues.push({ path: 'amount', code: 'range', message: 'total_amount must be greater than 0' });
      (p.lines ?? []).forEach((l, i) => {
        if (compareDecimals(l.amount, '0') <= 0) issues.push({ path: `lines.${i}.amount`, code: 'range', message: 'An allocated amount must be greater than 0' });
      });
      const allocated = p.lines?.length ? addDecimals(...p.lines.map((l) => l.amount)) : '0';
      if (p.amount !== undefined && compareDecimals(allocated, p.amount) > 0) issues.push({ path: 'lines', code: 'over_allocated', message: `The lines allocate ${allocated}, more than the payment amount ${p.amount}` });
      if (p.amount !== undefined && p.unallocatedAmount !== undefined && compareDecimals(p.unallocatedAmount, subtractDecimals(p.amount, allocated)) !== 0) {
        issues.push({ path: 'unallocatedAmount', code: 'mismatch', message: `unallocatedAmount must be the amount less the lines (${subtractDecimals(p.amount, allocated)})` });
      }
      return issues;
    },
    // `/contact_payments` has no reference or search filter (Swagger): no exact lookup, so no precheck.
    idempotency: { type: 'none' },
    create: { request: (input) => ({ method: 'POST', url: '/contact_payments', body: { contact_payment: contactPaymentOut(input, type) } }), select: isRecord },
    // Swagger: "Deletes a Contact Payment", 204.
    delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/contact_payments/${encodeURIComponent(id)}` }) },
  };
}

/** Payment writes (`/contact_payments`, `CUSTOMER_RECEIPT`). */
export const paymentWrite = contactPaymentWrite('CUSTOMER_RECEIPT');
/** Bill payment writes (`/contact_payments`, `VENDOR_PAYMENT`). */
export const billPaymentWrite = contactPaymentWrite('VENDOR_PAYMENT');

// ------------------------------------------------------------------------------------------------------------------
// Journals
// ------------------------------------------------------------------------------------------------------------------

type JournalInput = { date?: string; reference?: string; description?: string; lines?: { accountRef: { id: string }; description?: string; netAmount: string }[] };

/** Canonical journal entry → the inner `journal` object (positive net → debit, negative → credit). */
export function journalOut(input: Input): Input {
  const j = input as JournalInput;
  return {
    ...(j.date !== undefined ? { date: j.date } : {}),
    ...(j.reference !== undefined ? { reference: j.reference } : {}),
    ...(j.description !== undefined ? { description: j.description } : {}),
    journal_lines: (j.lines ?? []).map((l) => {
      const debit = compareDecimals(l.netAmount, '0') > 0;
      return { ledger_account_id: l.accountRef.id, debit: debit ? num(l.netAmount) : 0, credit: debit ? 0 : num(negateDecimal(l.netAmount)), ...(l.description !== undefined ? { details: l.description } : {}) };
    }),
  };
}

/** Journal entry writes: create, delete. */
export const journalWrite: With<'create' | 'delete'> = {
  // Swagger postJournals: required date, reference, journal_lines (ledger_account_id, debit, credit); Journal.reference 255, description 200.
  fields: [
    { path: 'reference', required: true, maxLength: 255, message: 'reference is required and at most 255 characters' },
    { path: 'description', maxLength: 200, message: tooLong('description', 200) },
    { path: 'lines', required: true, minItems: 2, message: 'journal_lines needs at least two lines' }, // ❓ unverified: Sage's minimum of two lines
    { path: 'status', allowedValues: ['Posted'], message: 'Sage journals are posted when created' },
    { path: 'taxTreatment', allowedValues: ['NoTax', 'Unknown'], message: 'Sage journal lines carry no tax' },
    { path: 'lines[].taxAmount', allowedValues: [], message: 'Sage journal lines carry no tax' },
    { path: 'lines[].taxRateRef', allowedValues: [], message: 'Sage journal lines carry no tax' },
    { path: 'number', ignored: true, description: 'Sage journals have no number besides the reference.' },
    { path: 'currency', ignored: true, description: 'Sage journals are in the base currency.' },
    { path: 'currencyRate', ignored: true, description: 'Sage journals are in the base currency.' },
    { path: 'lines[].tracking', ignored: true, description: 'Sage journal lines have no tracking.' },
    { path: 'lines[].contactRef', ignored: true, description: 'Sage journal lines have no contact.' },
  ],
  validate: (input) => {
    const lines = (input as JournalInput).lines ?? [];
    const issues: FieldIssue[] = [];
    lines.forEach((l, i) => {
      if (compareDecimals(l.netAmount, '0') === 0) issues.push({ path: `lines.${i}.netAmount`, code: 'zero', message: 'A journal line needs a debit or a credit (netAmount is 0)' });
    });
    const sum = lines.length ? addDecimals(...lines.map((l) => l.netAmount)) : '0';
    if (compareDecimals(sum, '0') !== 0) issues.push({ path: 'lines', code: 'unbalanced', message: `The journal does not balance: debits less credits is ${sum}, it must be 0` });
    return issues;
  },
  // `/journals` has no filter besides dates (Swagger): no exact lookup, so no precheck.
  idempotency: { type: 'none' },
  create: { request: (input) => ({ method: 'POST', url: '/journals', body: { journal: journalOut(input) } }), select: isRecord },
  // Swagger: "Deletes a Journal", 204. No PUT exists.
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/journals/${encodeURIComponent(id)}` }) },
};

// ------------------------------------------------------------------------------------------------------------------
// Products
// ------------------------------------------------------------------------------------------------------------------

type Trade = { description?: string; unitPrice?: string; accountRef?: RefInput; taxRateRef?: RefInput; taxInclusive?: boolean };
type ItemInput = { code?: string; name?: string; description?: string; type?: string; status?: string; invoiceDetails?: Trade; billDetails?: Trade };

const CATALOG_TYPE: Record<string, string> = { Inventory: 'STOCK_ITEM', NonInventory: 'NON_STOCK_ITEM' };

/** Canonical item → the inner `product` object (name → `description`, description → `notes`, as the reader maps them). */
export function productOut(input: Input): Input {
  const i = input as ItemInput;
  const sale = i.invoiceDetails;
  const buy = i.billDetails;
  return {
    ...(i.name !== undefined ? { description: i.name } : {}),
    ...(i.code !== undefined ? { item_code: i.code } : {}),
    ...(i.description !== undefined ? { notes: i.description } : {}),
    ...(i.type !== undefined && CATALOG_TYPE[i.type] ? { catalog_item_type_id: CATALOG_TYPE[i.type] } : {}),
    ...(i.status !== undefined ? { active: i.status !== 'Archived' } : {}),
    ...(sale?.accountRef ? { sales_ledger_account_id: sale.accountRef.id } : {}),
    ...(sale?.taxRateRef ? { sales_tax_rate_id: sale.taxRateRef.id } : {}),
    // ❓ unverified: one selling price named "Selling Price" with product_sales_price_type_id SELLING.
    ...(sale?.unitPrice !== undefined ? { sales_prices: [{ price_name: 'Selling Price', product_sales_price_type_id: 'SELLING', price: num(sale.unitPrice), price_includes_tax: sale.taxInclusive === true }] } : {}),
    ...(buy?.accountRef ? { purchase_ledger_account_id: buy.accountRef.id } : {}),
    ...(buy?.taxRateRef ? { purchase_tax_rate_id: buy.taxRateRef.id } : {}),
    ...(buy?.unitPrice !== undefined ? { cost_price: num(buy.unitPrice) } : {}),
    ...(buy?.description !== undefined ? { purchase_description: buy.description } : {}),
  };
}

/** Item writes (`/products`): create (precheck by code), update, delete. */
export const productWrite: With<'create' | 'update' | 'delete'> = {
  // Swagger postProducts: required description, sales_ledger_account_id, purchase_ledger_account_id; Product lengths.
  fields: [
    { path: 'name', required: true, maxLength: 255, message: 'description is required and at most 255 characters', description: 'Sent as `description`.' },
    { path: 'code', maxLength: 255, message: tooLong('item_code', 255), description: 'Sent as `item_code`; retried creates look it up (precheck).' },
    { path: 'description', maxLength: 500, message: tooLong('notes', 500), description: 'Sent as `notes`.' },
    { path: 'invoiceDetails.accountRef.id', required: true, message: 'sales_ledger_account_id is required' },
    { path: 'billDetails.accountRef.id', required: true, message: 'purchase_ledger_account_id is required' },
    { path: 'billDetails.description', maxLength: 250, message: tooLong('purchase_description', 250) },
    { path: 'type', allowedValues: ['Inventory', 'NonInventory'], message: 'A Sage product is a stock or non-stock item (services are /services)' },
    { path: 'status', allowedValues: ['Active', 'Archived'], message: 'Sent as active true/false' },
    { path: 'invoiceDetails.description', ignored: true, description: 'The sales description is the product description (name).' },
    { path: 'billDetails.taxInclusive', ignored: true, description: 'Sage cost prices carry no tax flag.' },
    { path: 'isSold', ignored: true, description: 'Every Sage product can be sold.' },
    { path: 'isBought', ignored: true, description: 'Every Sage product can be bought.' },
    { path: 'quantityOnHand', ignored: true, description: 'Stock levels come from stock movements.' },
    { path: 'inventoryAccountRef', ignored: true, description: 'No such field on Sage products.' },
    { path: 'unitOfMeasure', ignored: true, description: 'No such field on Sage products.' },
    { path: 'parentRef', ignored: true, description: 'Sage products have no parent.' },
  ],
  idempotency: {
    type: 'precheck',
    find: (input) => {
      const code = (input as ItemInput).code;
      if (typeof code !== 'string' || code === '') return undefined;
      return { url: '/products', query: { search: code, attributes: 'all', items_per_page: '200' } };
    },
    select: (body, input) => selectItems(body).find((x) => (x as { item_code?: unknown }).item_code === (input as ItemInput).code),
  },
  create: { request: (input) => ({ method: 'POST', url: '/products', body: { product: productOut(input) } }), select: isRecord },
  update: { request: ({ id, changes }) => ({ method: 'PUT', url: `/products/${encodeURIComponent(id)}`, body: { product: productOut(changes) } }), select: isRecord },
  // Swagger: "Deletes a Product", 204.
  delete: { kind: 'delete', request: ({ id }) => ({ method: 'DELETE', url: `/products/${encodeURIComponent(id)}` }) },
};
