/**
 * Sage writes beyond sales invoices against the emulator: bills, customers and suppliers, credit notes and bill credit
 * notes, payments and bill payments (allocations update the documents exactly), journal entries and items — each
 * created, updated and deleted/voided and read back through `ledger.sync` (full, then incremental with
 * `updated_or_created_since` and `deleted_since`); local validation before any call; Sage's 422 `$source` as field
 * issues; and a create retried after a lost answer (fault proxy `lose-response`) creating exactly one record where a
 * natural-key precheck exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import type { DataType } from '../../../src/model/data-types';
import { sage } from '../index';
import { createSageEmulator, type SageEmulator } from './index';

function ledgerFor(e: SageEmulator) {
  return createLedger({
    providers: {
      sage: sage({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        urls: { api: e.urls.api, core: e.urls.core, authorization: e.urls.authorization, token: e.urls.token, revocation: e.urls.revocation },
        rateLimits: { tenant: { perMinute: 5000 } },
      }),
    },
    limiter: { timeScale: 60 },
    retry: { retries: 3, minDelayMs: 5, maxDelayMs: 50 },
  });
}

async function link(e: SageEmulator, ledger: ReturnType<typeof ledgerFor>) {
  const { authorizationUrl } = await ledger.link.start('sage');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('sage', res.headers.get('location')!);
  if (outcome.status !== 'choose-tenant') throw new Error('expected a choice of businesses');
  const done = await outcome.complete(e.businesses[0]!.id);
  return ledger.connection(done.connection.id, 'sage');
}

type Conn = Awaited<ReturnType<typeof link>>;
type Rec = Record<string, unknown> & { id: string };

describe('Sage writes against the emulator', () => {
  let emu: SageEmulator;
  let ledger: ReturnType<typeof ledgerFor>;
  let conn: Conn;
  const checkpoints = new MemoryCheckpointStore();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** A sync of `types` (the first one full, later ones incremental); the records each type read. */
  async function sync(types: DataType[]) {
    const sink = memorySink();
    const result = await ledger.sync(conn, { sink, checkpointStore: checkpoints, dataTypes: types });
    expect(result.issues).toEqual([]);
    return (t: DataType) => sink.records(t) as unknown as Rec[];
  }
  const contactOf = (type: string) => emu.store.list('contacts').find((c) => (c.contact_types as { id: string }[]).length === 1 && (c.contact_types as { id: string }[])[0]!.id === type)!;
  const accountOf = (code: number) => String(emu.store.list('ledger_accounts').find((a) => a.nominal_code === code)!.id);
  const bankId = () => String(emu.store.list('bank_accounts')[0]!.id);
  const posts = () => emu.log.filter((l) => l.method !== 'GET');

  beforeAll(async () => {
    emu = await createSageEmulator({ seed: 21, invoices: 12, customers: 4, timeScale: 60, faults: [] });
    ledger = ledgerFor(emu);
    conn = await link(emu, ledger);
    // Full syncs first: later syncs of these types are incremental.
    await sync(['bills', 'invoices', 'customers', 'suppliers', 'creditNotes', 'billCreditNotes', 'payments', 'billPayments', 'journalEntries', 'items']);
    await sleep(50);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('bills: create with the purchase_invoice wrapper, update, pay, delete; read back incrementally', async () => {
    const supplier = contactOf('VENDOR');
    const line = { description: 'Stationery', quantity: '3', unitAmount: '10.10', accountRef: { id: accountOf(5000) }, taxRateRef: { id: 'GB_STANDARD' }, tracking: [] };
    // Local: due date and line quantity are required (Swagger postPurchaseInvoices); nothing is sent.
    const mark = emu.log.length;
    const local = await conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-01', lineItems: [{ ...line, quantity: undefined }] } as never).catch((e: unknown) => e);
    expect(local).toMatchObject({ code: 'validation_error', issues: expect.arrayContaining([expect.objectContaining({ path: 'dueDate', message: 'due_date is required' }), expect.objectContaining({ path: 'lineItems.0.quantity' })]) });
    expect(emu.log.length).toBe(mark);
    await expect(conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-01', dueDate: '2026-03-31', number: 'X'.repeat(26), lineItems: [line] } as never)).rejects.toMatchObject({ issues: [{ path: 'number', code: 'max_length' }] });
    expect(emu.log.length).toBe(mark);

    const bill = await conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-01', dueDate: '2026-03-31', number: 'SUP-1001', reference: 'PO-77', lineItems: [line] } as never);
    expect(bill).toMatchObject({ number: 'SUP-1001', reference: 'PO-77', status: 'Open', subTotal: '30.3', totalTaxAmount: '6.06', totalAmount: '36.36', amountDue: '36.36', supplierRef: { id: supplier.id } });
    expect(posts().at(-1)).toMatchObject({ method: 'POST', path: '/v3.1/purchase_invoices', status: 201 });

    // Sage's own validation: a customer is not a supplier → 422 with $source contact_id.
    await expect(conn.bills.create({ supplierRef: { id: String(contactOf('CUSTOMER').id) }, issueDate: '2026-03-01', dueDate: '2026-03-31', lineItems: [line] } as never)).rejects.toMatchObject({
      status: 422,
      issues: [{ path: 'contact_id', message: 'is not a supplier of this business', code: 'RecordInvalid' }],
    });
    // And a line field: the $source names the line.
    await expect(conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-01', dueDate: '2026-03-31', lineItems: [{ ...line, accountRef: { id: 'f'.repeat(32) } }] } as never)).rejects.toMatchObject({
      status: 422,
      issues: [{ path: 'invoice_lines[0].ledger_account_id', message: 'is not a ledger account of this business' }],
    });

    const updated = await conn.bills.update(bill.id, { reference: 'PO-78', note: 'Checked' } as never);
    expect(updated).toMatchObject({ id: bill.id, reference: 'PO-78', note: 'Checked', totalAmount: '36.36' });
    await sleep(30);
    let read = await sync(['bills']);
    expect(read('bills')).toEqual([expect.objectContaining({ id: bill.id, number: 'SUP-1001', reference: 'PO-78', totalAmount: '36.36', isDeleted: false })]);

    // A bill payment of part of it: the bill's outstanding amount and status follow, exactly.
    const payment = await conn.billPayments.create({ supplierRef: { id: String(supplier.id) }, accountRef: { id: bankId() }, date: '2026-03-10', amount: '20.01', reference: 'BACS 1', lines: [{ kind: 'Bill', ref: { id: bill.id }, amount: '20.01' }] } as never);
    expect(payment).toMatchObject({ amount: '20.01', providerType: 'VENDOR_PAYMENT', supplierRef: { id: supplier.id }, lines: [{ kind: 'Bill', ref: { id: bill.id }, amount: '20.01' }] });
    // A bill with a payment cannot be deleted (Sage 422).
    await expect(conn.bills.delete(bill.id)).rejects.toMatchObject({ status: 422 });
    await sleep(30);
    read = await sync(['bills', 'billPayments']);
    expect(read('bills')).toEqual([expect.objectContaining({ id: bill.id, status: 'PartiallyPaid', amountDue: '16.35', amountPaid: '20.01' })]);
    expect(read('billPayments').map((p) => p.id)).toEqual([payment.id]);

    // Deleting the payment takes it back off the bill; then the bill can be deleted (a real delete: 204).
    expect(await conn.billPayments.delete(payment.id)).toEqual({ id: payment.id, kind: 'delete' });
    expect(await conn.bills.delete(bill.id)).toEqual({ id: bill.id, kind: 'delete' });
    const del = posts().at(-1)!;
    expect(del).toMatchObject({ method: 'DELETE', path: `/v3.1/purchase_invoices/${bill.id}`, status: 204 });
    expect(new URLSearchParams(del.query).has('void_reason')).toBe(false);
    await sleep(30);
    read = await sync(['bills', 'billPayments']);
    expect(read('bills')).toEqual([expect.objectContaining({ id: bill.id, isDeleted: true })]);
    expect(read('billPayments')).toEqual([expect.objectContaining({ id: payment.id, isDeleted: true })]);
  });

  it('bills: a create whose answer is lost is found by its number (precheck) and made once; without a number it is not retried', async () => {
    const supplier = contactOf('VENDOR');
    const line = { description: 'Toner', quantity: '1', unitAmount: '99.99', accountRef: { id: accountOf(5000) }, tracking: [] };
    emu.faultProxy!.setRules([{ fault: 'lose-response', method: 'POST', path: /\/purchase_invoices/, at: [1] }]);
    const bill = await conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-02', dueDate: '2026-04-01', number: 'SUP-LOST-1', lineItems: [line] } as never);
    expect(emu.faultProxy!.faults()).toMatchObject({ 'lose-response': 1 });
    expect(emu.store.list('purchase_invoices').filter((b) => b.reference === 'SUP-LOST-1').map((b) => b.id)).toEqual([bill.id]);
    // Lookups: before the first attempt (nothing) and after the lost answer (found).
    const lookups = emu.log.filter((l) => l.method === 'GET' && l.path === '/v3.1/purchase_invoices' && new URLSearchParams(l.query).get('search') === 'SUP-LOST-1');
    expect(lookups).toHaveLength(2);
    expect(emu.log.filter((l) => l.method === 'POST' && l.path === '/v3.1/purchase_invoices' && l.status === 201).length).toBeGreaterThanOrEqual(1);

    // A search hit that is not an exact match (another supplier's bill, a longer reference) is not taken for it.
    emu.faultProxy!.setRules([]);
    const other = await conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-02', dueDate: '2026-04-01', number: 'SUP-LOST-10', lineItems: [line] } as never);
    expect(other.id).not.toBe(bill.id);

    // Without a number there is nothing to look up: the lost answer is an error, and no second bill is made.
    const before = emu.store.list('purchase_invoices').length;
    emu.faultProxy!.setRules([{ fault: 'lose-response', method: 'POST', path: /\/purchase_invoices/, at: [1] }]);
    await expect(conn.bills.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-02', dueDate: '2026-04-01', lineItems: [line] } as never)).rejects.toBeDefined();
    emu.faultProxy!.setRules([]);
    expect(emu.store.list('purchase_invoices').length).toBe(before + 1);
  });

  it('customers and suppliers: create, update, delete on /contacts; reference checks; lost answer found by reference', async () => {
    const mark = emu.log.length;
    await expect(conn.customers.create({ name: 'N'.repeat(101), accountNumber: 'TOO-LONG-REF' } as never)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'name' }), expect.objectContaining({ path: 'accountNumber', message: 'reference is too long (maximum is 10 characters)' })] });
    expect(emu.log.length).toBe(mark);

    const customer = await conn.customers.create({
      name: 'Quayside Cafe Ltd', accountNumber: 'QUAY01', emailAddress: 'accounts@quayside.example', contactName: 'Ann Lee', taxNumber: 'GB999999973', paymentTermsDays: 14, creditLimit: '2500.50',
      phones: [{ type: 'Landline', number: '0191 123 4567' }], addresses: [{ type: 'Billing', line1: '2 Quay Road', city: 'Newcastle', postalCode: 'NE1 2AB', countryCode: 'GB' }],
    } as never);
    expect(customer).toMatchObject({ name: 'Quayside Cafe Ltd', accountNumber: 'QUAY01', emailAddress: 'accounts@quayside.example', contactName: 'Ann Lee', paymentTermsDays: 14, creditLimit: '2500.5', status: 'Active', addresses: [expect.objectContaining({ line1: '2 Quay Road', postalCode: 'NE1 2AB', countryCode: 'GB' })] });
    const raw = emu.store.list('contacts').find((c) => c.id === customer.id)!;
    expect((raw.contact_types as { id: string }[]).map((t) => t.id)).toEqual(['CUSTOMER']);
    // Sage refuses a second contact with the same reference (422, $source reference).
    await expect(conn.suppliers.create({ name: 'Other', accountNumber: 'QUAY01' } as never)).rejects.toMatchObject({ status: 422, issues: [{ path: 'reference', message: 'has already been taken' }] });

    const supplier = await conn.suppliers.create({ name: 'Tyne Paper Co', accountNumber: 'TYNE01', bankAccounts: [{ accountName: 'Tyne Paper', accountNumber: '12345678', sortCode: '20-00-00' }] } as never);
    expect(supplier).toMatchObject({ name: 'Tyne Paper Co', bankAccounts: [{ accountName: 'Tyne Paper', accountNumber: '12345678', sortCode: '20-00-00' }] });

    const renamed = await conn.customers.update(customer.id, { name: 'Quayside Café Ltd', note: 'Prefers email' } as never);
    expect(renamed).toMatchObject({ id: customer.id, name: 'Quayside Café Ltd', note: 'Prefers email', accountNumber: 'QUAY01' });
    // An update does not resend the contact types (a contact that is both stays both).
    const both = emu.store.list('contacts').find((c) => (c.contact_types as unknown[]).length === 2)!;
    await conn.suppliers.update(String(both.id), { note: 'Both' } as never);
    expect((both.contact_types as { id: string }[]).map((t) => t.id)).toEqual(['CUSTOMER', 'VENDOR']);
    await sleep(30);
    let read = await sync(['customers', 'suppliers']);
    expect(read('customers').map((c) => c.id).sort()).toEqual([customer.id, String(both.id)].sort());
    expect(read('customers').find((c) => c.id === customer.id)).toMatchObject({ name: 'Quayside Café Ltd' });
    expect(read('suppliers').map((c) => c.id).sort()).toEqual([supplier.id, String(both.id)].sort());

    // A contact with documents cannot be deleted (Sage 422); a new one can.
    await expect(conn.customers.delete(String(contactOf('CUSTOMER').id))).rejects.toMatchObject({ status: 422 });
    expect(await conn.suppliers.delete(supplier.id)).toEqual({ id: supplier.id, kind: 'delete' });
    await sleep(30);
    read = await sync(['suppliers']);
    // (updated_or_created_since is inclusive: the contact last changed at the checkpoint may come again.)
    expect(read('suppliers').filter((c) => c.isDeleted)).toEqual([expect.objectContaining({ id: supplier.id, isDeleted: true })]);

    // A lost answer: the retry finds the contact by its reference (exactly) instead of creating a second one.
    emu.faultProxy!.setRules([{ fault: 'lose-response', method: 'POST', path: /\/contacts/, at: [1] }]);
    const lost = await conn.customers.create({ name: 'Lost Answer Ltd', accountNumber: 'LOST1' } as never);
    emu.faultProxy!.setRules([]);
    expect(emu.store.list('contacts').filter((c) => c.reference === 'LOST1').map((c) => c.id)).toEqual([lost.id]);
    expect(emu.log.filter((l) => l.method === 'GET' && new URLSearchParams(l.query).get('search') === 'LOST1')).toHaveLength(2);
  });

  it('credit notes void, bill credit notes delete; both read back', async () => {
    const customer = contactOf('CUSTOMER');
    const supplier = contactOf('VENDOR');
    const sales = { description: 'Refund of overcharge', quantity: '1', unitAmount: '40.00', accountRef: { id: accountOf(4000) }, taxRateRef: { id: 'GB_STANDARD' }, tracking: [] };
    const note = await conn.creditNotes.create({ customerRef: { id: String(customer.id) }, issueDate: '2026-03-05', number: 'CN-API-1', reference: 'INV 12', lineItems: [sales] } as never);
    expect(note).toMatchObject({ number: 'CN-API-1', reference: 'INV 12', totalAmount: '48', remainingCredit: '48', status: 'Open' });
    expect(posts().at(-1)).toMatchObject({ path: '/v3.1/sales_credit_notes', status: 201 });
    const changed = await conn.creditNotes.update(note.id, { note: 'Agreed by phone' } as never);
    expect(changed).toMatchObject({ note: 'Agreed by phone' });
    const voided = await conn.creditNotes.delete(note.id);
    expect(voided).toMatchObject({ id: note.id, kind: 'void', record: { status: 'Void', isDeleted: true } });
    expect(new URLSearchParams(posts().at(-1)!.query).get('void_reason')).toBe('Voided through ledgerlink');

    const purchase = { description: 'Damaged goods returned', quantity: '2', unitAmount: '12.50', accountRef: { id: accountOf(5000) }, tracking: [] };
    await expect(conn.billCreditNotes.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-06', lineItems: [{ ...purchase, discountAmount: '1' }] } as never)).rejects.toMatchObject({ issues: [{ path: 'lineItems.0.discountAmount', message: 'Sage purchase lines have no discount' }] });
    const bcn = await conn.billCreditNotes.create({ supplierRef: { id: String(supplier.id) }, issueDate: '2026-03-06', number: 'SCR-9', lineItems: [purchase] } as never);
    expect(bcn).toMatchObject({ number: 'SCR-9', totalAmount: '25', supplierRef: { id: supplier.id } });
    await sleep(30);
    let read = await sync(['creditNotes', 'billCreditNotes']);
    expect(read('creditNotes')).toEqual([expect.objectContaining({ id: note.id, status: 'Void', isDeleted: true })]);
    expect(read('billCreditNotes')).toEqual([expect.objectContaining({ id: bcn.id, number: 'SCR-9', isDeleted: false })]);
    expect(await conn.billCreditNotes.delete(bcn.id)).toEqual({ id: bcn.id, kind: 'delete' });
    await sleep(30);
    read = await sync(['billCreditNotes']);
    expect(read('billCreditNotes')).toEqual([expect.objectContaining({ id: bcn.id, isDeleted: true })]);
  });

  it('payments: a receipt against an invoice updates its outstanding amount exactly; over-allocation fails locally; delete restores it', async () => {
    const customer = contactOf('CUSTOMER');
    const invoice = await conn.invoices.create({ customerRef: { id: String(customer.id) }, issueDate: '2026-03-07', lineItems: [{ description: 'Catering', quantity: '1', unitAmount: '100.10', accountRef: { id: accountOf(4000) }, taxRateRef: { id: 'GB_STANDARD' }, tracking: [] }] } as never);
    expect(invoice).toMatchObject({ totalAmount: '120.12', amountDue: '120.12' });
    const base = { customerRef: { id: String(customer.id) }, accountRef: { id: bankId() }, date: '2026-03-08' };

    const mark = emu.log.length;
    await expect(conn.payments.create({ ...base, amount: '10', lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '10.01' }] } as never)).rejects.toMatchObject({ issues: [{ path: 'lines', code: 'over_allocated' }] });
    await expect(conn.payments.create({ ...base, amount: '10', lines: [{ kind: 'Bill', ref: { id: invoice.id }, amount: '10' }] } as never)).rejects.toMatchObject({ issues: [{ path: 'lines.0.kind' }] });
    await expect(conn.payments.create({ amount: '10', date: '2026-03-08' } as never)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'customerRef.id' }), expect.objectContaining({ path: 'accountRef.id' })] });
    expect(emu.log.length).toBe(mark);
    // More than is outstanding: Sage's 422 names the allocation.
    await expect(conn.payments.create({ ...base, amount: '500', lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '500' }] } as never)).rejects.toMatchObject({ status: 422, issues: [{ path: 'allocated_artefacts[0].amount', message: 'is more than the outstanding amount' }] });

    // 0.1 + 0.2 style amounts: two receipts of 0.10 and 0.20 leave exactly 119.82.
    const first = await conn.payments.create({ ...base, amount: '0.10', lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '0.10' }] } as never);
    const second = await conn.payments.create({ ...base, amount: '5.20', reference: 'Card', lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '0.20' }] } as never);
    expect(second).toMatchObject({ amount: '5.2', unallocatedAmount: '5', providerType: 'CUSTOMER_RECEIPT', customerRef: { id: customer.id } });
    await sleep(30);
    let read = await sync(['invoices', 'payments']);
    expect(read('invoices')).toEqual([expect.objectContaining({ id: invoice.id, status: 'PartiallyPaid', amountDue: '119.82', amountPaid: '0.3', allocations: [expect.objectContaining({ kind: 'Payment', ref: expect.objectContaining({ id: first.id }), amount: '0.1' }), expect.objectContaining({ kind: 'Payment', amount: '0.2' })] })]);
    // deleted_since entries carry no transaction type: the bill payment deleted earlier is a (harmless) tombstone here too.
    expect(read('payments').filter((p) => !p.isDeleted).map((p) => p.id).sort()).toEqual([first.id, second.id].sort());

    // Paying the rest makes it Paid with nothing due.
    const rest = await conn.payments.create({ ...base, amount: '119.82', lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '119.82' }] } as never);
    expect(await conn.invoices.get(invoice.id)).toMatchObject({ status: 'Paid', amountDue: '0' });
    // Deleting a receipt puts its amount back.
    expect(await conn.payments.delete(rest.id)).toEqual({ id: rest.id, kind: 'delete' });
    await sleep(30);
    read = await sync(['invoices', 'payments']);
    expect(read('invoices')).toEqual([expect.objectContaining({ id: invoice.id, status: 'PartiallyPaid', amountDue: '119.82' })]);
    expect(read('payments')).toEqual(expect.arrayContaining([expect.objectContaining({ id: rest.id, isDeleted: true })]));
  });

  it('journal entries: balanced create, unbalanced refused locally, delete', async () => {
    const lines = [
      { accountRef: { id: accountOf(7100) }, netAmount: '0.10', description: 'Rent accrual', tracking: [] },
      { accountRef: { id: accountOf(7500) }, netAmount: '0.20', tracking: [] },
      { accountRef: { id: accountOf(2100) }, netAmount: '-0.30', tracking: [] },
    ];
    const mark = emu.log.length;
    const unbalanced = await conn.journalEntries.create({ date: '2026-03-31', reference: 'ACC-1', lines: [lines[0]!, lines[2]!] } as never).catch((e: unknown) => e);
    expect(unbalanced).toMatchObject({ code: 'validation_error', issues: [{ path: 'lines', code: 'unbalanced', message: 'The journal does not balance: debits less credits is -0.20, it must be 0' }] });
    await expect(conn.journalEntries.create({ date: '2026-03-31', lines } as never)).rejects.toMatchObject({ issues: [{ path: 'reference', code: 'required' }] });
    expect(emu.log.length).toBe(mark);

    const journal = await conn.journalEntries.create({ date: '2026-03-31', reference: 'ACC-1', description: 'Month-end accruals', lines } as never);
    expect(journal).toMatchObject({ reference: 'ACC-1', description: 'Month-end accruals', status: 'Posted', lines: [expect.objectContaining({ netAmount: '0.1', description: 'Rent accrual' }), expect.objectContaining({ netAmount: '0.2' }), expect.objectContaining({ netAmount: '-0.3' })] });
    const raw = emu.store.list('journals').find((j) => j.id === journal.id)!;
    expect((raw.journal_lines as { debit: number; credit: number }[]).map((l) => [l.debit, l.credit])).toEqual([[0.1, 0], [0.2, 0], [0, 0.3]]);
    await sleep(30);
    let read = await sync(['journalEntries']);
    expect(read('journalEntries')).toEqual([expect.objectContaining({ id: journal.id, reference: 'ACC-1' })]);
    expect(await conn.journalEntries.delete(journal.id)).toEqual({ id: journal.id, kind: 'delete' });
    await sleep(30);
    read = await sync(['journalEntries']);
    expect(read('journalEntries')).toEqual([expect.objectContaining({ id: journal.id, isDeleted: true })]);
  });

  it('items: create, update, delete on /products; lost answer found by item code', async () => {
    const details = { invoiceDetails: { accountRef: { id: accountOf(4000) }, unitPrice: '19.99', taxRateRef: { id: 'GB_STANDARD' } }, billDetails: { accountRef: { id: accountOf(5000) }, unitPrice: '8.75', description: 'Mug (bought)' } };
    const mark = emu.log.length;
    await expect(conn.items.create({ name: 'Mug', type: 'NonInventory' } as never)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'invoiceDetails.accountRef.id' }), expect.objectContaining({ path: 'billDetails.accountRef.id' })] });
    await expect(conn.items.create({ name: 'Design', type: 'Service', ...details } as never)).rejects.toMatchObject({ issues: [{ path: 'type', code: 'allowed_values' }] });
    expect(emu.log.length).toBe(mark);

    const item = await conn.items.create({ name: 'Branded mug', code: 'MUG-1', description: 'Blue, 300 ml', type: 'Inventory', ...details } as never);
    expect(item).toMatchObject({ name: 'Branded mug', code: 'MUG-1', description: 'Blue, 300 ml', type: 'Inventory', status: 'Active', invoiceDetails: { unitPrice: '19.99', accountRef: { id: accountOf(4000) } }, billDetails: { unitPrice: '8.75', description: 'Mug (bought)' } });
    await expect(conn.items.create({ name: 'Other mug', code: 'MUG-2', type: 'Inventory', ...details, billDetails: { accountRef: { id: 'f'.repeat(32) } } } as never)).rejects.toMatchObject({ status: 422, issues: [{ path: 'purchase_ledger_account_id' }] });
    const archived = await conn.items.update(item.id, { status: 'Archived', invoiceDetails: { accountRef: { id: accountOf(4010) }, unitPrice: '21.00' } } as never);
    expect(archived).toMatchObject({ status: 'Archived', invoiceDetails: { unitPrice: '21', accountRef: { id: accountOf(4010) } }, code: 'MUG-1' });
    await sleep(30);
    let read = await sync(['items']);
    expect(read('items')).toEqual([expect.objectContaining({ id: item.id, status: 'Archived' })]);
    expect(await conn.items.delete(item.id)).toEqual({ id: item.id, kind: 'delete' });
    await sleep(30);
    read = await sync(['items']);
    expect(read('items')).toEqual([expect.objectContaining({ id: item.id, isDeleted: true })]);

    emu.faultProxy!.setRules([{ fault: 'lose-response', method: 'POST', path: /\/products/, at: [1] }]);
    const lost = await conn.items.create({ name: 'Lost mug', code: 'MUG-LOST', type: 'NonInventory', ...details } as never);
    emu.faultProxy!.setRules([]);
    expect(emu.store.list('products').filter((p) => p.item_code === 'MUG-LOST').map((p) => p.id)).toEqual([lost.id]);
  });

  it('the emulator itself validates what the adapter checks locally (raw requests)', async () => {
    const post = (url: string, body: unknown) => conn.request({ method: 'POST', url, body }).then(() => undefined, (e: unknown) => e);
    const a = accountOf(7100);
    const b = accountOf(2100);
    // An unbalanced journal, a missing reference, a negative debit.
    expect(await post('/journals', { journal: { date: '2026-03-31', reference: 'X', journal_lines: [{ ledger_account_id: a, debit: 10, credit: 0 }, { ledger_account_id: b, debit: 0, credit: 9.99 }] } })).toMatchObject({ status: 422, issues: [{ path: 'journal_lines', message: 'The total debits must equal the total credits' }] });
    expect(await post('/journals', { journal: { date: '2026-03-31', journal_lines: [{ ledger_account_id: a, debit: -1, credit: 0 }, { ledger_account_id: b, debit: 0, credit: 1 }] } })).toMatchObject({ status: 422, issues: [{ path: 'reference' }, { path: 'journal_lines[0].debit' }] });
    // A payment whose allocations and payment on account do not add up to the total; a missing bank account.
    const customer = contactOf('CUSTOMER');
    const open = emu.store.list('sales_invoices').find((i) => (i.status as { id: string }).id === 'UNPAID' && (i.contact as { id: string }).id === customer.id)!;
    expect(await post('/contact_payments', { contact_payment: { transaction_type_id: 'CUSTOMER_RECEIPT', contact_id: customer.id, bank_account_id: bankId(), date: '2026-03-09', total_amount: 5, allocated_artefacts: [{ artefact_id: open.id, amount: 1 }] } })).toMatchObject({ status: 422, issues: [{ path: 'total_amount' }] });
    expect(await post('/contact_payments', { contact_payment: { transaction_type_id: 'CUSTOMER_RECEIPT', contact_id: customer.id, date: '2026-03-09', total_amount: 5 } })).toMatchObject({ status: 422, issues: [{ path: 'bank_account_id', message: "can't be blank" }] });
    // The wrapper is required; lengths from the Swagger response definitions.
    expect(await post('/contacts', { name: 'No wrapper', contact_type_ids: ['CUSTOMER'] })).toMatchObject({ status: 422, issues: [{ path: 'contact' }] });
    expect(await post('/contacts', { contact: { name: 'Long', contact_type_ids: ['CUSTOMER'], main_address: { postal_code: 'P'.repeat(11) } } })).toMatchObject({ status: 422, issues: [{ path: 'main_address.postal_code', message: 'is too long (maximum is 10 characters)' }] });
    expect(await post('/products', { product: { description: 'x' } })).toMatchObject({ status: 422, issues: [{ path: 'sales_ledger_account_id' }, { path: 'purchase_ledger_account_id' }] });
    // A draft sales credit note is deleted (not voided) and shows in the deletion feed.
    const line = { description: 'd', ledger_account_id: accountOf(4000), unit_price: 1 };
    const draft = (await conn.request({ method: 'POST', url: '/sales_credit_notes', body: { sales_credit_note: { contact_id: customer.id, date: '2026-03-09', status_id: 'DRAFT', credit_note_lines: [line] } } })).data as { id: string };
    await conn.request({ method: 'DELETE', url: `/sales_credit_notes/${draft.id}`, query: { void_reason: 'x' } });
    expect(emu.store.list('sales_credit_notes').some((n) => n.id === draft.id)).toBe(false);
    await sleep(30);
    const read = await sync(['creditNotes']);
    expect(read('creditNotes')).toEqual(expect.arrayContaining([expect.objectContaining({ id: draft.id, isDeleted: true })]));
  });

  it('push options describe every type written', () => {
    expect(conn.bills.pushOptions()).toMatchObject({ operations: ['create', 'update', 'delete'], deleteKind: 'delete', idempotency: 'precheck' });
    expect(conn.creditNotes.pushOptions()).toMatchObject({ operations: ['create', 'update', 'delete'], deleteKind: 'void', idempotency: 'none' });
    expect(conn.billCreditNotes.pushOptions()).toMatchObject({ deleteKind: 'delete', idempotency: 'precheck' });
    expect(conn.customers.pushOptions()).toMatchObject({ operations: ['create', 'update', 'delete'], deleteKind: 'delete', idempotency: 'precheck' });
    expect(conn.suppliers.pushOptions().fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'name', required: true, maxLength: 100 })]));
    expect(conn.payments.pushOptions()).toMatchObject({ operations: ['create', 'delete'], idempotency: 'none' });
    expect(conn.billPayments.pushOptions()).toMatchObject({ operations: ['create', 'delete'], idempotency: 'none' });
    expect(conn.journalEntries.pushOptions()).toMatchObject({ operations: ['create', 'delete'], idempotency: 'none' });
    expect(conn.items.pushOptions()).toMatchObject({ operations: ['create', 'update', 'delete'], idempotency: 'precheck' });
  });
});
