/**
 * FreeAgent write bodies (no HTTP): canonical fields → the Postman request body shapes, with absolute URL
 * references below the configured API base and exact decimal strings; and the prechecks' exact client-side match.
 */
import { describe, expect, it } from 'vitest';
import type { IdempotencySpec, WriteContext } from '../../../src/provider/types';
import { billOut, billPaymentWrite, billWrite, contactOut, contactWrite, creditNoteOut, creditNoteWrite, invoiceWrite, itemWrite, journalSetOut, journalWrite, paymentWrite, priceListItemOut } from './writes';

const ctx: WriteContext = { tenant: { id: 'acme' }, idempotencyKey: 'k', urls: { api: 'https://api.sandbox.freeagent.com/v2/' } as WriteContext['urls'] };
const API = 'https://api.sandbox.freeagent.com/v2';
type Precheck = Extract<IdempotencySpec, { type: 'precheck' }>;
const precheck = (spec: IdempotencySpec) => {
  if (spec.type !== 'precheck') throw new Error('not a precheck');
  return spec as Precheck;
};

describe('FreeAgent write bodies', () => {
  it('contact: organisation, person, email, phones, address, tax number, terms (Postman Create/Update Contact names)', () => {
    expect(contactOut({ name: 'Testington & Sons', firstName: 'Frederick', lastName: 'Testington', emailAddress: 'fred@testingtonandsons.example.com', emails: [{ type: 'Billing', address: 'ap@example.com' }], phones: [{ type: 'Mobile', number: '07700 900000' }, { type: 'Primary', number: '0161 496 0000' }], addresses: [{ type: 'Billing', line1: '1 Road', line2: 'Unit 2', city: 'Paris', region: 'IDF', postalCode: '75001', country: 'France' }], taxNumber: 'FR123', paymentTermsDays: 7 })).toEqual({
      organisation_name: 'Testington & Sons', first_name: 'Frederick', last_name: 'Testington', email: 'fred@testingtonandsons.example.com', billing_email: 'ap@example.com',
      mobile: '07700 900000', phone_number: '0161 496 0000', address1: '1 Road', address2: 'Unit 2', town: 'Paris', region: 'IDF', postcode: '75001', country: 'France',
      sales_tax_registration_number: 'FR123', default_payment_terms_in_days: 7,
    });
    expect(contactOut({ name: 'Frederick Testington', isIndividual: true, firstName: 'Frederick', lastName: 'Testington' })).toEqual({ first_name: 'Frederick', last_name: 'Testington' });
    // An update sends only what changed (Postman Update Contact: `{"contact":{"country":"France"}}`).
    expect(contactOut({ addresses: [{ type: 'Billing', country: 'France' }] })).toEqual({ country: 'France' });
  });

  it('bill: the Postman Create Bill fields; total from the line when no totalAmount (exact)', () => {
    expect(billOut({ supplierRef: { id: '1' }, number: 'Bill ref 01', issueDate: '2015-10-17', dueDate: '2015-11-17', lineItems: [{ quantity: '3', unitAmount: '0.1', accountRef: { id: '285' }, tracking: [] }] }, ctx)).toEqual({
      contact: `${API}/contacts/1`, reference: 'Bill ref 01', dated_on: '2015-10-17', due_on: '2015-11-17', category: `${API}/categories/285`, total_value: '0.3',
    });
    expect(billOut({ totalAmount: '300' }, ctx)).toEqual({ total_value: '300' });
  });

  it('credit note: negative item prices as in the Postman body', () => {
    expect(creditNoteOut({ customerRef: { id: '43' }, issueDate: '2020-02-01', dueDate: '2019-09-18', currency: 'GBP', lineItems: [{ description: 'Credit Note Item 1', unitAmount: '100', quantity: '3', tracking: [] }] }, ctx)).toEqual({
      contact: `${API}/contacts/43`, dated_on: '2020-02-01', due_on: '2019-09-18', currency: 'GBP',
      credit_note_items: [{ description: 'Credit Note Item 1', item_type: 'Services', price: '-100', quantity: '3' }],
    });
  });

  it('payments: a bank transaction explanation with paid_invoice / paid_bill and a signed gross value', () => {
    const p = paymentWrite.create.request({ date: '2010-05-01', amount: '730.00', accountRef: { id: '1' }, reference: 'INV 1', lines: [{ kind: 'Invoice', ref: { id: '7' }, amount: '730.00' }] }, ctx);
    expect(p).toEqual({ method: 'POST', url: '/bank_transaction_explanations', body: { bank_transaction_explanation: { bank_account: `${API}/bank_accounts/1`, dated_on: '2010-05-01', description: 'INV 1', gross_value: '730.00', paid_invoice: `${API}/invoices/7` } } });
    const b = billPaymentWrite.create.request({ date: '2010-05-01', amount: '730.0', accountRef: { id: '1' }, lines: [{ kind: 'Bill', ref: { id: '8' }, amount: '730.0' }] }, ctx);
    expect((b.body as { bank_transaction_explanation: unknown }).bank_transaction_explanation).toEqual({ bank_account: `${API}/bank_accounts/1`, dated_on: '2010-05-01', gross_value: '-730.0', paid_bill: `${API}/bills/8` });
    expect(paymentWrite.delete.request({ id: '5' }, ctx)).toEqual({ method: 'DELETE', url: '/bank_transaction_explanations/5' });
    expect(paymentWrite.validate!({ amount: '1.0', lines: [{ amount: '1' }] }, 'create')).toEqual([]);
  });

  it('journal set: the Postman Create a journal set body; the balance check names the difference', () => {
    expect(journalSetOut({ date: '2019-07-28', description: 'An example journal set', reference: 'MYAPPTAG', lines: [{ accountRef: { id: '001' }, description: 'A Sales Correction', netAmount: '-123.45' }, { accountRef: { id: '901' }, description: "Director's Capital Introduced", netAmount: '123.45' }] }, ctx)).toEqual({
      dated_on: '2019-07-28', description: 'An example journal set', tag: 'MYAPPTAG',
      journal_entries: [{ category: `${API}/categories/001`, description: 'A Sales Correction', debit_value: '-123.45' }, { category: `${API}/categories/901`, description: "Director's Capital Introduced", debit_value: '123.45' }],
    });
    expect(journalWrite.validate!({ lines: [{ netAmount: '0.1' }, { netAmount: '0.2' }, { netAmount: '-0.3' }] }, 'create')).toEqual([]);
    expect(journalWrite.validate!({ lines: [{ netAmount: '5' }, { netAmount: '-4.99' }] }, 'create')).toEqual([{ path: 'lines', message: 'Journal entries must balance: the debits and credits differ by 0.01' }]);
  });

  it('price list item: code, description (name), price, item_type, category', () => {
    expect(priceListItemOut({ code: 'CONS', name: 'Consulting', type: 'Service', invoiceDetails: { unitPrice: '95.50', accountRef: { id: '001' } } }, ctx)).toEqual({ code: 'CONS', description: 'Consulting', item_type: 'Services', price: '95.50', category: `${API}/categories/001` });
    expect(priceListItemOut({ unitOfMeasure: 'Days', type: 'Service' }, ctx)).toEqual({ item_type: 'Days' });
  });
});

describe('FreeAgent prechecks compare the natural key exactly', () => {
  it('documents: the contact-filtered list, then reference and contact compared client-side', () => {
    for (const [spec, key, collection] of [[invoiceWrite.idempotency, 'invoices', 'customerRef'], [billWrite.idempotency, 'bills', 'supplierRef'], [creditNoteWrite.idempotency, 'credit_notes', 'customerRef']] as const) {
      const p = precheck(spec);
      const input = { [collection]: { id: '2' }, number: 'INV-7', issueDate: '2026-01-02' };
      expect(p.find(input, ctx)).toMatchObject({ url: `/${key}`, query: { contact: `${API}/contacts/2` } });
      expect(p.find({ [collection]: { id: '2' } }, ctx)).toBeUndefined();
      const body = { [key]: [
        { url: `${API}/${key}/1`, reference: 'inv-7', contact: `${API}/contacts/2` },
        { url: `${API}/${key}/2`, reference: 'INV-7 ', contact: `${API}/contacts/2` },
        { url: `${API}/${key}/3`, reference: 'INV-7', contact: `${API}/contacts/3` },
        { url: `${API}/${key}/4`, reference: 'INV-7', contact: `${API}/contacts/2` },
      ] };
      expect(p.select(body, input)).toMatchObject({ url: `${API}/${key}/4` });
      expect(p.select({ [key]: body[key]!.slice(0, 3) }, input)).toBeUndefined();
    }
    expect(precheck(billWrite.idempotency).find({ supplierRef: { id: '2' }, number: 'B', issueDate: '2026-01-02' }, ctx)!.query).toMatchObject({ from_date: '2026-01-02', to_date: '2026-01-02' });
  });

  it('contacts: name and email, both exact; no email, no precheck; hidden contacts are not matched', () => {
    const p = precheck(contactWrite.idempotency);
    expect(p.find({ name: 'Acme' }, ctx)).toBeUndefined();
    const input = { name: 'Acme Ltd', emailAddress: 'a@acme.example' };
    expect(p.find(input, ctx)).toMatchObject({ url: '/contacts' });
    const rows = [
      { url: `${API}/contacts/1`, organisation_name: 'ACME LTD', email: 'a@acme.example', status: 'Active' },
      { url: `${API}/contacts/2`, organisation_name: 'Acme Ltd', email: 'b@acme.example', status: 'Active' },
      { url: `${API}/contacts/3`, organisation_name: 'Acme Ltd', email: 'a@acme.example', status: 'Hidden' },
    ];
    expect(p.select({ contacts: rows }, input)).toBeUndefined();
    expect(p.select({ contacts: [...rows, { url: `${API}/contacts/4`, organisation_name: 'Acme Ltd', email: 'a@acme.example', status: 'Active' }] }, input)).toMatchObject({ url: `${API}/contacts/4` });
    expect(p.select({ contacts: [{ url: `${API}/contacts/5`, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@x.example' }] }, { name: 'Ada Lovelace', isIndividual: true, firstName: 'Ada', lastName: 'Lovelace', emailAddress: 'ada@x.example' })).toMatchObject({ url: `${API}/contacts/5` });
  });

  it('items: by exact code; payments and journals have no natural key (never retried)', () => {
    const p = precheck(itemWrite.idempotency);
    expect(p.select({ price_list_items: [{ code: 'cons' }, { code: 'CONS', url: 'x' }] }, { code: 'CONS' })).toEqual({ code: 'CONS', url: 'x' });
    expect(paymentWrite.idempotency.type).toBe('none');
    expect(billPaymentWrite.idempotency.type).toBe('none');
    expect(journalWrite.idempotency.type).toBe('none');
  });
});

describe('the core hands the create input to the precheck select (runWrite)', () => {
  it('a retried-looking create finds the exact match among loose list results and sends no POST', async () => {
    const { runWrite } = await import('../../../src/writes/write');
    const { freeagent } = await import('../index');
    const instance = freeagent({ clientId: 'c', clientSecret: 's', redirectUri: 'http://localhost/cb', urls: { api: API } });
    const seen: Array<{ method: string; url: string }> = [];
    const bill = (id: string, reference: string) => ({ url: `${API}/bills/${id}`, contact: `${API}/contacts/2`, reference, dated_on: '2026-01-02', due_on: '2026-02-02', total_value: '10.0', paid_value: '0.0', due_value: '10.0', status: 'Open', updated_at: '2026-01-02T00:00:00Z' });
    const request = (async (req: { method: string; url: string }) => {
      seen.push({ method: req.method, url: req.url });
      return { status: 200, headers: {}, url: req.url, data: { bills: [bill('1', 'b-1'), bill('2', 'B-1')] } };
    }) as never;
    const found = await runWrite({ instance: instance as never, tenant: { id: 'acme' }, request }, 'bills', 'create', { input: { supplierRef: { id: '2' }, number: 'B-1', issueDate: '2026-01-02', dueDate: '2026-02-02', totalAmount: '10.0', lineItems: [{ subTotal: '10.0', accountRef: { id: '285' }, tracking: [] }] } });
    expect(found).toMatchObject({ id: '2', number: 'B-1' });
    expect(seen.map((s) => s.method)).toEqual(['GET']);
  });
});
