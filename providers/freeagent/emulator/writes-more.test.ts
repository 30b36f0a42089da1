/**
 * FreeAgent writes beyond invoices, against the emulator behind a fault proxy: contacts (one list, read back as both
 * customer and supplier), bills, credit notes, payments and bill payments (bank transaction explanations settling
 * the document in exact decimals; deleting them reverses it), journal sets (the balance check, locally and at the
 * provider), price list items; local validation before any call, provider 422s as field-level issues, and creates
 * retried after a lost answer that find the record by its natural key (precheck) instead of duplicating it.
 * Each change is read back through `get` and an incremental sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { createLedger } from '../../../src/ledger';
import type { DataType } from '../../../src/model/data-types';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import { createFaultProxy, type FaultProxy } from '../../../src/testing/fault-proxy';
import { freeagent } from '../index';
import { createFreeAgentEmulator, type FreeAgentEmulator } from './index';
import type { CollectionName } from './data';

let emu: FreeAgentEmulator;
let proxy: FaultProxy;
beforeAll(async () => {
  emu = await createFreeAgentEmulator({ seed: 7, invoices: 24, contacts: 8, timeScale: 60 });
  proxy = await createFaultProxy({ target: emu.urls.api });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

async function connect() {
  const ledger = createLedger({
    providers: { freeagent: freeagent({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: proxy.url, authorization: emu.urls.authorization, token: emu.urls.token } }) },
    limiter: { timeScale: 60 },
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 3_000,
  });
  const { authorizationUrl } = await ledger.link.start('freeagent');
  const outcome = await ledger.link.complete('freeagent', (await fetch(authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
  if (outcome.status !== 'linked') throw new Error('not linked');
  const connection = await ledger.connection(outcome.connection.id, 'freeagent');
  const checkpointStore = new MemoryCheckpointStore();
  /** An incremental sync from the last checkpoint (no overlap): the records delivered, per type. */
  const sync = async (...dataTypes: DataType[]) => {
    await new Promise((r) => setTimeout(r, 50));
    const sink = memorySink();
    await ledger.sync(connection, { sink, checkpointStore, dataTypes, overlapMs: 0 });
    return (t: DataType) => sink.records(t) as Array<Record<string, unknown> & { id: string }>;
  };
  return { connection, sync };
}

const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e) as Promise<ValidationError | undefined>;
const lost = () => proxy.faults()['lose-response'] ?? 0;
const idOf = (r: Record<string, unknown>) => String(r.url).split('/').pop()!;
const raw = (c: CollectionName, id: string) => emu.store.list(c).find((r) => idOf(r) === id);
const writesSince = (n: number) => emu.log.slice(n).filter((l) => l.method !== 'GET');
const contactWithDocs = () => idOf(emu.store.list('contacts').find((c) => emu.store.list('invoices').some((i) => idOf({ url: i.contact }) === idOf(c)))!);
const openInvoice = () => emu.store.list('invoices').find((i) => i.status === 'Open' && Number(i.paid_value) === 0 && Number(i.due_value) > 100)!;
const openBill = () => emu.store.list('bills').find((b) => b.status === 'Open' && Number(b.paid_value) === 0)!;

describe('FreeAgent contacts (customers and suppliers)', () => {
  it('creates a customer that reads back as both a customer and a supplier, updates it, deletes it; syncs see each', async () => {
    const { connection, sync } = await connect();
    await sync('customers', 'suppliers');
    const created = await connection.customers.create({
      name: 'Ledgerlink Trading Ltd',
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailAddress: 'ada@ledgerlink.example',
      phones: [{ type: 'Primary', number: '0161 000 0001' }],
      addresses: [{ type: 'Billing', line1: '2 Mill Lane', city: 'Leeds', postalCode: 'LS1 1AA', country: 'United Kingdom' }],
      taxNumber: 'GB999999973',
      paymentTermsDays: 14,
    });
    expect(created).toMatchObject({ name: 'Ledgerlink Trading Ltd', contactName: 'Ada Lovelace', emailAddress: 'ada@ledgerlink.example', taxNumber: 'GB999999973', paymentTermsDays: 14, status: 'Active' });
    expect(raw('contacts', created.id)).toMatchObject({ organisation_name: 'Ledgerlink Trading Ltd', email: 'ada@ledgerlink.example', phone_number: '0161 000 0001', address1: '2 Mill Lane', town: 'Leeds', postcode: 'LS1 1AA' });
    const first = await sync('customers', 'suppliers');
    expect(first('customers').map((r) => r.id)).toEqual([created.id]);
    expect(first('suppliers').map((r) => r.id)).toEqual([created.id]);
    expect((await connection.suppliers.get(created.id)).name).toBe('Ledgerlink Trading Ltd');

    const updated = await connection.suppliers.update(created.id, { addresses: [{ type: 'Billing', country: 'France' }] });
    expect(updated.addresses[0]).toMatchObject({ country: 'France', line1: '2 Mill Lane' });
    expect((await sync('customers'))('customers').map((r) => [r.id, (r.addresses as Array<{ country?: string }>)[0]!.country])).toEqual([[created.id, 'France']]);

    await expect(connection.customers.delete(created.id)).resolves.toEqual({ id: created.id, kind: 'delete' });
    expect(raw('contacts', created.id)).toBeUndefined();
  });

  it('writes an individual by first and last name; refuses one without a last name before any call', async () => {
    const { connection } = await connect();
    const person = await connection.suppliers.create({ name: 'Grace Hopper', isIndividual: true, firstName: 'Grace', lastName: 'Hopper' });
    expect(person).toMatchObject({ name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper' });
    expect(raw('contacts', person.id)!.organisation_name).toBeUndefined();
    const before = emu.log.length;
    const local = await err(connection.suppliers.create({ name: 'Alan', isIndividual: true, firstName: 'Alan' }));
    expect(local).toBeInstanceOf(ValidationError);
    expect(local!.issues.map((i) => i.path)).toContain('firstName');
    const noName = await err(connection.customers.create({ emailAddress: 'x@example.com' } as never));
    expect(noName).toBeInstanceOf(ValidationError);
    expect(emu.log.length).toBe(before);
  });

  it('maps the provider’s 422s to field-level issues (bad email; deleting a contact with invoices)', async () => {
    const { connection } = await connect();
    const bad = await err(connection.customers.create({ name: 'Bad Email Ltd', emailAddress: 'not-an-email' }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad!.status).toBe(422);
    expect(bad!.issues).toEqual([{ path: 'email', message: 'Email is invalid' }]);
    const used = contactWithDocs();
    const refused = await err(connection.customers.delete(used));
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused!.status).toBe(422);
    expect(raw('contacts', used)).toBeDefined();
  });

  it('a contact create whose answer is lost is prechecked by name and email: exactly one contact', async () => {
    const { connection } = await connect();
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/contacts/, at: [1] }]);
    const lostBefore = lost();
    const start = emu.log.length;
    try {
      const c = await connection.customers.create({ name: 'Lost Answer Ltd', emailAddress: 'lost@ledgerlink.example' });
      expect(lost()).toBe(lostBefore + 1);
      expect(writesSince(start).map((l) => [l.method, l.status])).toEqual([['POST', 201]]);
      expect(emu.store.list('contacts').filter((r) => r.email === 'lost@ledgerlink.example').map(idOf)).toEqual([c.id]);
      expect(c.name).toBe('Lost Answer Ltd');
    } finally {
      proxy.setRules([]);
    }
  });
});

describe('FreeAgent bills', () => {
  it('creates, updates and deletes a bill; get and an incremental sync see each change', async () => {
    const { connection, sync } = await connect();
    await sync('bills');
    const supplier = contactWithDocs();
    const created = await connection.bills.create({ supplierRef: { id: supplier }, number: 'LL-BILL-1', issueDate: '2026-02-10', dueDate: '2026-03-10', lineItems: [{ description: 'Stationery', quantity: '3', unitAmount: '33.37', accountRef: { id: '285' }, tracking: [] }] });
    // 3 × 33.37 = 100.11, sent as the bill's total_value (exact), no tax rate.
    expect(raw('bills', created.id)).toMatchObject({ total_value: '100.11', category: 'http://freeagent-emulator.invalid/v2/categories/285', reference: 'LL-BILL-1' });
    expect(created).toMatchObject({ supplierRef: { id: supplier }, number: 'LL-BILL-1', issueDate: '2026-02-10', dueDate: '2026-03-10', totalAmount: '100.11', amountDue: '100.11', status: 'Open' });
    expect((await sync('bills'))('bills').map((r) => r.id)).toEqual([created.id]);
    const updated = await connection.bills.update(created.id, { totalAmount: '120.00', note: 'Corrected' });
    expect(updated).toMatchObject({ id: created.id, totalAmount: '120.0', note: 'Corrected' });
    expect((await sync('bills'))('bills').map((r) => [r.id, r.totalAmount])).toEqual([[created.id, '120.0']]);
    expect((await connection.bills.get(created.id)).totalAmount).toBe('120.0');
    await expect(connection.bills.delete(created.id)).resolves.toEqual({ id: created.id, kind: 'delete' });
    expect(raw('bills', created.id)).toBeUndefined();
  });

  it('refuses two lines, a missing reference or no total before any call; a 422 names the field', async () => {
    const { connection } = await connect();
    const supplier = contactWithDocs();
    const before = emu.log.length;
    const two = await err(connection.bills.create({ supplierRef: { id: supplier }, number: 'X', issueDate: '2026-02-10', dueDate: '2026-03-10', lineItems: [{ subTotal: '1', accountRef: { id: '285' }, tracking: [] }, { subTotal: '2', accountRef: { id: '285' }, tracking: [] }] }));
    expect(two).toBeInstanceOf(ValidationError);
    expect(two!.issues.map((i) => i.path)).toContain('lineItems');
    const noRef = await err(connection.bills.create({ supplierRef: { id: supplier }, issueDate: '2026-02-10', dueDate: '2026-03-10', lineItems: [{ subTotal: '1', accountRef: { id: '285' }, tracking: [] }] }));
    expect(noRef!.issues.map((i) => i.path)).toContain('number');
    const noTotal = await err(connection.bills.create({ supplierRef: { id: supplier }, number: 'Y', issueDate: '2026-02-10', dueDate: '2026-03-10', lineItems: [{ description: 'No amount', accountRef: { id: '285' }, tracking: [] }] }));
    expect(noTotal!.issues.map((i) => i.path)).toEqual(['totalAmount']);
    expect(emu.log.length).toBe(before);
    const remote = await err(connection.bills.create({ supplierRef: { id: supplier }, number: 'Z', issueDate: '2026-02-10', dueDate: '2026-03-10', lineItems: [{ subTotal: '5.00', accountRef: { id: '999' }, tracking: [] }] }));
    expect(remote).toBeInstanceOf(ValidationError);
    expect(remote!.status).toBe(422);
    expect(remote!.issues).toEqual([{ path: 'category', message: 'Category is required' }]);
  });

  it('a bill create whose answer is lost is prechecked by reference: exactly one bill', async () => {
    const { connection } = await connect();
    const supplier = contactWithDocs();
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/bills/, at: [1] }]);
    const lostBefore = lost();
    const start = emu.log.length;
    try {
      const b = await connection.bills.create({ supplierRef: { id: supplier }, number: 'LL-BILL-LOST', issueDate: '2026-02-11', dueDate: '2026-03-11', lineItems: [{ subTotal: '42.42', accountRef: { id: '285' }, tracking: [] }] });
      expect(lost()).toBe(lostBefore + 1);
      expect(writesSince(start)).toHaveLength(1);
      expect(emu.store.list('bills').filter((r) => r.reference === 'LL-BILL-LOST').map(idOf)).toEqual([b.id]);
      expect(b.totalAmount).toBe('42.42');
    } finally {
      proxy.setRules([]);
    }
  });
});

describe('FreeAgent credit notes', () => {
  it('creates a credit note with positive canonical prices sent negative, updates and deletes it; syncs see each', async () => {
    const { connection, sync } = await connect();
    await sync('creditNotes');
    const customer = contactWithDocs();
    const created = await connection.creditNotes.create({ customerRef: { id: customer }, number: 'LL-CN-1', issueDate: '2026-02-12', lineItems: [{ description: 'Refund', quantity: '3', unitAmount: '33.33', tracking: [] }] });
    expect((raw('credit_notes', created.id)!.credit_note_items as Array<Record<string, unknown>>)[0]).toMatchObject({ price: '-33.33', quantity: '3' });
    expect(created).toMatchObject({ number: 'LL-CN-1', totalAmount: '99.99', subTotal: '99.99', status: 'Draft', customerRef: { id: customer } });
    expect((await sync('creditNotes'))('creditNotes').map((r) => r.id)).toEqual([created.id]);
    const updated = await connection.creditNotes.update(created.id, { note: 'An example of some additional text.' });
    expect(updated).toMatchObject({ id: created.id, note: 'An example of some additional text.', totalAmount: '99.99' });
    expect((await sync('creditNotes'))('creditNotes').map((r) => [r.id, r.note])).toEqual([[created.id, 'An example of some additional text.']]);
    await expect(connection.creditNotes.delete(created.id)).resolves.toEqual({ id: created.id, kind: 'delete' });
    expect(raw('credit_notes', created.id)).toBeUndefined();
  });

  it('refuses a negative canonical price and a non-draft status locally; an unknown contact is a 422', async () => {
    const { connection } = await connect();
    const customer = contactWithDocs();
    const before = emu.log.length;
    const neg = await err(connection.creditNotes.create({ customerRef: { id: customer }, issueDate: '2026-02-12', lineItems: [{ description: 'x', quantity: '1', unitAmount: '-5', tracking: [] }] }));
    expect(neg!.issues.map((i) => i.path)).toEqual(['lineItems.0.unitAmount']);
    const open = await err(connection.creditNotes.create({ customerRef: { id: customer }, issueDate: '2026-02-12', status: 'Open', lineItems: [] }));
    expect(open!.issues.map((i) => i.path)).toEqual(['status']);
    expect(emu.log.length).toBe(before);
    const remote = await err(connection.creditNotes.create({ customerRef: { id: '9999' }, issueDate: '2026-02-12', lineItems: [] }));
    expect(remote!.status).toBe(422);
    expect(remote!.issues).toEqual([{ path: 'contact', message: 'Contact is required' }]);
  });

  it('a credit note (and an invoice) create whose answer is lost is prechecked by reference: exactly one each', async () => {
    const { connection } = await connect();
    const customer = contactWithDocs();
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/(credit_notes|invoices)/, every: 1, times: 2 }]);
    const lostBefore = lost();
    const start = emu.log.length;
    try {
      const cn = await connection.creditNotes.create({ customerRef: { id: customer }, number: 'LL-CN-LOST', issueDate: '2026-02-13', lineItems: [{ description: 'Refund', quantity: '1', unitAmount: '10.10', tracking: [] }] });
      const inv = await connection.invoices.create({ customerRef: { id: customer }, number: 'LL-INV-LOST', issueDate: '2026-02-13', lineItems: [{ description: 'Work', quantity: '1', unitAmount: '10.10', tracking: [] }] });
      expect(lost()).toBe(lostBefore + 2);
      expect(emu.store.list('credit_notes').filter((r) => r.reference === 'LL-CN-LOST').map(idOf)).toEqual([cn.id]);
      expect(emu.store.list('invoices').filter((r) => r.reference === 'LL-INV-LOST').map(idOf)).toEqual([inv.id]);
      expect(writesSince(start)).toHaveLength(2);
    } finally {
      proxy.setRules([]);
    }
  });
});

describe('FreeAgent payments and bill payments (bank transaction explanations)', () => {
  it('pays an invoice in two parts (exact decimals, Paid at the end), deleting a payment reverses it; syncs see each', async () => {
    const { connection, sync } = await connect();
    await sync('payments', 'invoices');
    const inv = openInvoice();
    const id = idOf(inv);
    const total = String(inv.total_value);
    const p1 = await connection.payments.create({ date: '2026-02-14', amount: '0.10', accountRef: { id: '1' }, reference: 'Part 1', lines: [{ kind: 'Invoice', ref: { id }, amount: '0.10' }], tracking: [] });
    expect(p1).toMatchObject({ amount: '0.1', date: '2026-02-14', accountRef: { id: '1' }, reference: 'Part 1', lines: [{ kind: 'Invoice', ref: { id }, amount: '0.1' }] });
    const cents = Math.round(Number(total) * 100);
    const rest = `${Math.floor((cents - 10) / 100)}.${String((cents - 10) % 100).padStart(2, '0')}`;
    expect(raw('invoices', id)).toMatchObject({ paid_value: '0.1', status: 'Open' });
    expect(Math.round(Number(raw('invoices', id)!.due_value) * 100)).toBe(cents - 10);
    const after1 = await sync('payments', 'invoices');
    expect(after1('payments').map((r) => r.id)).toEqual([p1.id]);
    expect(after1('invoices').map((r) => [r.id, r.amountPaid])).toContainEqual([id, '0.1']);

    const p2 = await connection.payments.create({ date: '2026-02-15', amount: rest, accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id }, amount: rest }], tracking: [] });
    expect(raw('invoices', id)).toMatchObject({ due_value: '0.0', status: 'Paid' });
    expect((await connection.invoices.get(id))).toMatchObject({ status: 'Paid', amountDue: '0.0' });
    // `updated_since` is inclusive (❓), so the previous sync's newest record may come again.
    expect((await sync('payments'))('payments').map((r) => r.id)).toContain(p2.id);

    await expect(connection.payments.delete(p2.id)).resolves.toEqual({ id: p2.id, kind: 'delete' });
    // No longer paid: Open again, or Overdue when its due date has passed.
    expect(raw('invoices', id)).toMatchObject({ paid_value: '0.1', status: expect.stringMatching(/^(Open|Overdue)$/) });
    expect((await sync('invoices'))('invoices').map((r) => [r.id, r.status, r.amountPaid])).toContainEqual([id, 'PartiallyPaid', '0.1']);
    await connection.payments.delete(p1.id);
    expect(raw('invoices', id)).toMatchObject({ paid_value: '0.0', due_value: total, status: expect.stringMatching(/^(Open|Overdue)$/), total_value: total });
  });

  it('pays a bill (negative gross value), reads it as a bill payment, and deletes it', async () => {
    const { connection, sync } = await connect();
    await sync('billPayments');
    const bill = openBill();
    const id = idOf(bill);
    const bp = await connection.billPayments.create({ date: '2026-02-16', amount: '12.34', accountRef: { id: '2' }, lines: [{ kind: 'Bill', ref: { id }, amount: '12.34' }], tracking: [] });
    expect(raw('bank_transaction_explanations', bp.id)).toMatchObject({ gross_value: '-12.34', paid_bill: `http://freeagent-emulator.invalid/v2/bills/${id}` });
    expect(bp).toMatchObject({ amount: '12.34', lines: [{ kind: 'Bill', ref: { id }, amount: '12.34' }] });
    expect(raw('bills', id)!.paid_value).toBe('12.34');
    expect((await sync('billPayments'))('billPayments').map((r) => r.id)).toEqual([bp.id]);
    await connection.billPayments.delete(bp.id);
    expect(raw('bills', id)).toMatchObject({ paid_value: '0.0', status: 'Open' });
  });

  it('refuses mismatched or wrong-kind lines locally; overpaying or paying a draft is a 422 on the field', async () => {
    const { connection } = await connect();
    const inv = openInvoice();
    const id = idOf(inv);
    const before = emu.log.length;
    const mismatch = await err(connection.payments.create({ date: '2026-02-14', amount: '5.00', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id }, amount: '4.00' }], tracking: [] }));
    expect(mismatch!.issues.map((i) => i.path)).toEqual(['lines.0.amount']);
    const kind = await err(connection.payments.create({ date: '2026-02-14', amount: '5.00', accountRef: { id: '1' }, lines: [{ kind: 'Bill', ref: { id }, amount: '5.00' }], tracking: [] }));
    expect(kind!.issues.map((i) => i.path)).toEqual(['lines.0.kind']);
    const noBank = await err(connection.payments.create({ date: '2026-02-14', amount: '5.00', lines: [{ kind: 'Invoice', ref: { id }, amount: '5.00' }], tracking: [] }));
    expect(noBank!.issues.map((i) => i.path)).toEqual(['accountRef.id']);
    expect(emu.log.length).toBe(before);
    const over = await err(connection.payments.create({ date: '2026-02-14', amount: '999999.00', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id }, amount: '999999.00' }], tracking: [] }));
    expect(over!.status).toBe(422);
    expect(over!.issues.map((i) => i.path)).toEqual(['gross_value']);
    const draft = await connection.invoices.create({ customerRef: { id: contactWithDocs() }, issueDate: '2026-02-14', lineItems: [{ description: 'x', quantity: '1', unitAmount: '5', tracking: [] }] });
    const unpaid = await err(connection.payments.create({ date: '2026-02-14', amount: '5', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id: draft.id }, amount: '5' }], tracking: [] }));
    expect(unpaid!.issues).toEqual([{ path: 'paid_invoice', message: 'A draft invoice cannot be paid' }]);
  });
});

describe('FreeAgent journal sets', () => {
  it('creates a balanced journal set (read back by a sync) and deletes it', async () => {
    const { connection, sync } = await connect();
    const created = await connection.journalEntries.create({ date: '2026-02-17', description: 'An example journal set', reference: 'MYAPPTAG', lines: [
      { accountRef: { id: '001' }, description: 'A Sales Correction', netAmount: '-123.45', tracking: [] },
      { accountRef: { id: '901' }, description: "Director's Capital Introduced", netAmount: '123.45', tracking: [] },
    ] });
    expect(created).toMatchObject({ date: '2026-02-17', description: 'An example journal set', reference: 'MYAPPTAG', status: 'Posted', lines: [{ accountRef: { id: '001' }, netAmount: '-123.45' }, { accountRef: { id: '901' }, netAmount: '123.45' }] });
    expect((await sync('journalEntries'))('journalEntries').map((r) => r.id)).toContain(created.id);
    await expect(connection.journalEntries.delete(created.id)).resolves.toEqual({ id: created.id, kind: 'delete' });
    expect(raw('journal_sets', created.id)).toBeUndefined();
  });

  it('refuses an unbalanced journal before any call with the difference; an unknown category is a 422', async () => {
    const { connection } = await connect();
    const before = emu.log.length;
    const off = await err(connection.journalEntries.create({ date: '2026-02-17', description: 'Off', lines: [{ accountRef: { id: '001' }, netAmount: '-10.00', tracking: [] }, { accountRef: { id: '901' }, netAmount: '9.99', tracking: [] }] }));
    expect(off).toBeInstanceOf(ValidationError);
    expect(off!.issues).toEqual([{ path: 'lines', message: 'Journal entries must balance: the debits and credits differ by -0.01' }]);
    expect(emu.log.length).toBe(before);
    const remote = await err(connection.journalEntries.create({ date: '2026-02-17', description: 'Bad', lines: [{ accountRef: { id: '001' }, netAmount: '-1', tracking: [] }, { accountRef: { id: '4242' }, netAmount: '1', tracking: [] }] }));
    expect(remote!.status).toBe(422);
    expect(remote!.issues).toEqual([{ path: 'category', message: 'Category is required' }]);
  });
});

describe('FreeAgent price list items', () => {
  it('creates, updates and deletes an item; a sync reads it; a lost create answer makes exactly one', async () => {
    const { connection, sync } = await connect();
    const created = await connection.items.create({ code: 'LL-ITEM', name: 'Audit', type: 'Service', unitOfMeasure: 'Hours', isSold: true, invoiceDetails: { unitPrice: '99.99', accountRef: { id: '001' } } });
    expect(created).toMatchObject({ code: 'LL-ITEM', name: 'Audit', unitOfMeasure: 'Hours', invoiceDetails: { unitPrice: '99.99', accountRef: { id: '001' } } });
    const updated = await connection.items.update(created.id, { invoiceDetails: { unitPrice: '105.50' } });
    expect(updated.invoiceDetails).toMatchObject({ unitPrice: '105.5' });
    expect((await sync('items'))('items').find((r) => r.id === created.id)).toMatchObject({ code: 'LL-ITEM' });
    await connection.items.delete(created.id);
    expect(raw('price_list_items', created.id)).toBeUndefined();

    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/price_list_items/, at: [1] }]);
    const lostBefore = lost();
    try {
      const again = await connection.items.create({ code: 'LL-LOST', name: 'Lost', type: 'NonInventory' });
      expect(lost()).toBe(lostBefore + 1);
      expect(emu.store.list('price_list_items').filter((r) => r.code === 'LL-LOST').map(idOf)).toEqual([again.id]);
      expect(raw('price_list_items', again.id)!.item_type).toBe('Products');
    } finally {
      proxy.setRules([]);
    }
  });

  it('refuses a missing code or an inventory item locally; an unknown unit is a 422', async () => {
    const { connection } = await connect();
    const before = emu.log.length;
    expect((await err(connection.items.create({ name: 'No code', type: 'Service' } as never)))!.issues.map((i) => i.path)).toEqual(['code']);
    expect((await err(connection.items.create({ code: 'STK', name: 'Stock', type: 'Inventory' })))!.issues.map((i) => i.path)).toEqual(['type']);
    expect(emu.log.length).toBe(before);
    const remote = await err(connection.items.create({ code: 'BAN', name: 'Bananas', type: 'NonInventory', unitOfMeasure: 'Bunches' }));
    expect(remote!.status).toBe(422);
    expect(remote!.issues).toEqual([{ path: 'item_type', message: 'Item type is not included in the list' }]);
  });
});

describe('FreeAgent push options', () => {
  it('describe the operations and idempotency of every written type', async () => {
    const { connection } = await connect();
    const summary = (['invoices', 'customers', 'suppliers', 'bills', 'creditNotes', 'payments', 'billPayments', 'journalEntries', 'items'] as const).map((t) => {
      const o = (connection[t] as { pushOptions(): { operations: string[]; idempotency: string; deleteKind?: string } }).pushOptions();
      return [t, o.operations.join(','), o.idempotency, o.deleteKind];
    });
    expect(summary).toEqual([
      ['invoices', 'create,update,delete', 'precheck', 'delete'],
      ['customers', 'create,update,delete', 'precheck', 'delete'],
      ['suppliers', 'create,update,delete', 'precheck', 'delete'],
      ['bills', 'create,update,delete', 'precheck', 'delete'],
      ['creditNotes', 'create,update,delete', 'precheck', 'delete'],
      ['payments', 'create,delete', 'none', 'delete'],
      ['billPayments', 'create,delete', 'none', 'delete'],
      ['journalEntries', 'create,delete', 'none', 'delete'],
      ['items', 'create,update,delete', 'precheck', 'delete'],
    ]);
    expect(connection.bills.pushOptions().fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'lineItems', minItems: 1, maxItems: 1 })]));
  });
});
