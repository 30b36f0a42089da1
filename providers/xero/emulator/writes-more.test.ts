/**
 * The rest of Xero's writes against the emulator: credit notes and bill credit notes, payments and bill payments
 * (settling the document in exact decimals, deleting them reverses it), manual journals (the balance check, locally
 * and at the provider), items (with the real DELETE), line tracking, batch creates with per-item results, and
 * retries after a lost answer that create exactly one record. Each change is read back through an incremental sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotSupportedError, ValidationError } from '../../../src/errors';
import type { DataType } from '../../../src/model/data-types';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import { createFaultProxy, type FaultProxy } from '../../../src/testing/fault-proxy';
import { createXeroEmulator, type XeroEmulator } from './index';
import { customerIdOf, supplierIdOf, xeroConnect } from './test-helpers';

let emu: XeroEmulator;
let proxy: FaultProxy;
beforeAll(async () => {
  emu = await createXeroEmulator({ seed: 33, invoices: 30, timeScale: 60 });
  proxy = await createFaultProxy({ target: emu.urls.api });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

async function connect() {
  const { ledger, connection } = await xeroConnect(emu, proxy.url);
  const checkpointStore = new MemoryCheckpointStore();
  /**
   * An incremental sync of `dataTypes` from the last checkpoint (no safety overlap): the records it delivered, per
   * type. It first waits 50 ms (3 emulated seconds at 60×), so the whole-second `If-Modified-Since` of the next sync
   * cannot reach back to a write made just before this one.
   */
  const sync = async (...dataTypes: DataType[]) => {
    await new Promise((r) => setTimeout(r, 50));
    const sink = memorySink();
    await ledger.sync(connection, { sink, checkpointStore, dataTypes, overlapMs: 0 });
    return (t: DataType) => sink.records(t) as Array<Record<string, unknown> & { id: string }>;
  };
  return { ledger, connection, sync };
}

const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e) as Promise<ValidationError | undefined>;
const customerId = () => customerIdOf(emu);
const supplierId = () => supplierIdOf(emu);
const bankId = () => String(emu.store.list('Accounts').find((a) => a.Type === 'BANK')!.AccountID);
const region = () => {
  const cat = emu.store.list('TrackingCategories').find((c) => c.Name === 'Region')!;
  const north = (cat.Options as Array<Record<string, unknown>>).find((o) => o.Name === 'North')!;
  return { categoryId: String(cat.TrackingCategoryID), northId: String(north.TrackingOptionID) };
};
const lost = () => proxy.faults()['lose-response'] ?? 0;
const rawInvoice = (id: string) => emu.store.list('Invoices').find((i) => i.InvoiceID === id)!;

describe('Xero credit notes', () => {
  it('creates an authorised credit note with a tracked line, updates it, voids it; each state reaches an incremental sync', async () => {
    const { connection, sync } = await connect();
    await sync('creditNotes');
    const { categoryId, northId } = region();
    const created = await connection.creditNotes.create({
      customerRef: { id: customerId() },
      issueDate: '2026-03-05',
      reference: 'Returned goods',
      status: 'Open',
      taxTreatment: 'Exclusive',
      lineItems: [{ description: 'Refund', quantity: '3', unitAmount: '33.33', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' }, tracking: [{ categoryRef: { id: categoryId }, optionRef: { id: northId } }] }],
    });
    // 3 × 33.33 = 99.99; 20 % = 20.00 (19.998 rounded); total 119.99, exact.
    expect(created).toMatchObject({ status: 'Open', subTotal: '99.99', totalTaxAmount: '20', totalAmount: '119.99', remainingCredit: '119.99', reference: 'Returned goods' });
    expect(created.number).toMatch(/^CN-\d{4}$/);
    expect(created.lineItems[0]!.tracking).toEqual([{ categoryRef: { id: categoryId, name: 'Region' }, optionRef: { id: northId, name: 'North' } }]);
    expect((await sync('creditNotes'))('creditNotes').map((r) => r.id)).toEqual([created.id]);

    const updated = await connection.creditNotes.update(created.id, { reference: 'Returned goods (2)' });
    expect(updated).toMatchObject({ id: created.id, reference: 'Returned goods (2)', totalAmount: '119.99' });
    const voided = await connection.creditNotes.delete(created.id);
    expect(voided).toMatchObject({ kind: 'void', record: { status: 'Void', isDeleted: true } });
    expect((await sync('creditNotes'))('creditNotes')).toEqual([expect.objectContaining({ id: created.id, status: 'Void', isDeleted: true })]);
  });

  it('deletes a draft bill credit note (DELETED) and refuses discounts on credit notes locally', async () => {
    const { connection, sync } = await connect();
    await sync('billCreditNotes');
    const draft = await connection.billCreditNotes.create({ supplierRef: { id: supplierId() }, issueDate: '2026-03-06', lineItems: [{ description: 'Damaged stock', quantity: '1', unitAmount: '12.50', accountRef: { id: '310' }, tracking: [] }] });
    expect(draft).toMatchObject({ status: 'Draft', supplierRef: { id: supplierId() } });
    await connection.billCreditNotes.delete(draft.id);
    expect(emu.store.list('CreditNotes').find((c) => c.CreditNoteID === draft.id)?.Status).toBe('DELETED');
    expect((await sync('billCreditNotes'))('billCreditNotes')).toEqual([expect.objectContaining({ id: draft.id, status: 'Deleted', isDeleted: true })]);

    const before = proxy.log.length;
    const e = await err(connection.creditNotes.create({ customerRef: { id: customerId() }, issueDate: '2026-03-06', lineItems: [{ description: 'x', unitAmount: '1', discountAmount: '0.50', tracking: [] }] }));
    expect(e?.issues).toEqual([{ path: 'lineItems.0.discountAmount', code: 'allowed_values', message: 'Discounts are not supported on credit notes' }]);
    expect(proxy.log.length).toBe(before);
  });

  it('an update of an unknown credit note gets Xero’s not-found validation message', async () => {
    const { connection } = await connect();
    const e = await err(connection.creditNotes.update('00000000-0000-4000-8000-000000000000', { reference: 'x' }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e!.issues.map((i) => i.message)).toEqual(['An existing Credit Note with the specified CreditNoteID could not be found']);
  });
});

describe('Xero payments', () => {
  it('two payments settle an invoice exactly (0.10 + 0.20 = 0.30 → PAID); deleting one reopens it; a sync sees each state', async () => {
    const { connection, sync } = await connect();
    const invoice = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'NoTax', lineItems: [{ description: 'Small', quantity: '1', unitAmount: '0.30', accountRef: { id: '200' }, tracking: [] }] });
    expect(invoice.totalAmount).toBe('0.3');
    await sync('invoices', 'payments');
    const pay = (amount: string, date: string) => connection.payments.create({ date, amount, accountRef: { id: bankId() }, reference: `pay ${amount}`, lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount }], tracking: [] });

    const first = await pay('0.10', '2026-03-10');
    expect(first).toMatchObject({ amount: '0.1', status: 'Authorised', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '0.1' }], customerRef: { id: customerId() } });
    let read = await sync('invoices', 'payments');
    expect(read('payments').map((p) => p.id)).toEqual([first.id]);
    expect(read('invoices')).toEqual([expect.objectContaining({ id: invoice.id, status: 'PartiallyPaid', amountPaid: '0.1', amountDue: '0.2' })]);

    const second = await pay('0.20', '2026-03-12');
    read = await sync('invoices', 'payments');
    expect(read('payments').map((p) => p.id)).toEqual([second.id]);
    // 0.1 + 0.2 in binary floats is 0.30000000000000004: the emulator and the adapter work in exact decimals.
    expect(read('invoices')).toEqual([expect.objectContaining({ id: invoice.id, status: 'Paid', amountPaid: '0.3', amountDue: '0', paidOnDate: '2026-03-12' })]);
    expect(rawInvoice(invoice.id)).toMatchObject({ Status: 'PAID', AmountPaid: 0.3, AmountDue: 0 });

    const deleted = await connection.payments.delete(second.id);
    expect(deleted).toMatchObject({ id: second.id, kind: 'delete', record: { status: 'Deleted', isDeleted: true } });
    read = await sync('invoices', 'payments');
    expect(read('payments')).toEqual([expect.objectContaining({ id: second.id, status: 'Deleted', isDeleted: true })]);
    expect(read('invoices')).toEqual([expect.objectContaining({ id: invoice.id, status: 'PartiallyPaid', amountPaid: '0.1', amountDue: '0.2' })]);
    expect(read('invoices')[0]!.paidOnDate).toBeUndefined();
    expect((rawInvoice(invoice.id).Payments as unknown[]).length).toBe(1);
  });

  it('Xero refuses an overpayment and a payment against a draft, with its messages', async () => {
    const { connection } = await connect();
    const open = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'NoTax', lineItems: [{ description: 'A', unitAmount: '50.00', tracking: [] }] });
    const draft = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', taxTreatment: 'NoTax', lineItems: [{ description: 'B', unitAmount: '50.00', tracking: [] }] });
    const over = await err(connection.payments.create({ date: '2026-03-02', amount: '50.01', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: open.id }, amount: '50.01' }], tracking: [] }));
    expect(over).toBeInstanceOf(ValidationError);
    expect(over!.status).toBe(400);
    expect(over!.issues.map((i) => i.message)).toEqual(['Payment amount exceeds the amount outstanding on this document']);
    const onDraft = await err(connection.payments.create({ date: '2026-03-02', amount: '1', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: draft.id }, amount: '1' }], tracking: [] }));
    expect(onDraft!.issues.map((i) => i.message)).toEqual(['Payments can only be made against Authorised documents']);
    expect(rawInvoice(open.id)).toMatchObject({ AmountPaid: 0, AmountDue: 50, Status: 'AUTHORISED' });
  });

  it('refuses locally a payment Xero cannot represent, before any HTTP call', async () => {
    const { connection } = await connect();
    const before = proxy.log.length;
    const twoDocs = await err(connection.payments.create({ date: '2026-03-02', amount: '2', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: 'a' }, amount: '1' }, { kind: 'Invoice', ref: { id: 'b' }, amount: '1' }], tracking: [] }));
    expect(twoDocs!.issues).toEqual([{ path: 'lines', code: 'max_items', message: 'A Xero payment applies to exactly one invoice or credit note' }]);
    const noAccount = await err(connection.payments.create({ date: '2026-03-02', amount: '2', lines: [{ kind: 'Bill', ref: { id: 'a' }, amount: '1' }], tracking: [] }));
    expect(noAccount!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['accountRef.id required', 'lines.0.kind allowed_values']);
    const mismatch = await err(connection.payments.create({ date: '2026-03-02', amount: '2', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: 'a' }, amount: '1' }], tracking: [] }));
    expect(mismatch!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['lines.0.amount mismatch']);
    expect(proxy.log.length).toBe(before);
  });

  it('a bill payment settles a bill; a refund settles a credit note’s remaining credit', async () => {
    const { connection } = await connect();
    const bill = await connection.bills.create({ supplierRef: { id: supplierId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'Exclusive', lineItems: [{ description: 'Paper', quantity: '7', unitAmount: '1.43', accountRef: { id: '429' }, taxRateRef: { id: 'INPUT2' }, tracking: [] }] });
    // 7 × 1.43 = 10.01, VAT 2.00 (2.002), total 12.01.
    expect(bill.totalAmount).toBe('12.01');
    const bp = await connection.billPayments.create({ date: '2026-03-03', amount: '12.01', accountRef: { id: bankId() }, lines: [{ kind: 'Bill', ref: { id: bill.id }, amount: '12.01' }], tracking: [] });
    expect(bp).toMatchObject({ amount: '12.01', supplierRef: { id: supplierId() }, lines: [{ kind: 'Bill', ref: { id: bill.id } }] });
    expect(rawInvoice(bill.id)).toMatchObject({ Status: 'PAID', AmountDue: 0, AmountPaid: 12.01 });

    const cn = await connection.creditNotes.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'NoTax', lineItems: [{ description: 'Credit', unitAmount: '40.00', tracking: [] }] });
    const refund = await connection.payments.create({ date: '2026-03-04', amount: '15.55', accountRef: { id: bankId() }, lines: [{ kind: 'CreditNote', ref: { id: cn.id }, amount: '15.55' }], tracking: [] });
    expect(refund.lines).toEqual([{ kind: 'CreditNote', ref: expect.objectContaining({ id: cn.id }), amount: '15.55' }]);
    expect(emu.store.list('Payments').find((p) => p.PaymentID === refund.id)?.PaymentType).toBe('ARCREDITPAYMENT');
    expect(await connection.creditNotes.get(cn.id)).toMatchObject({ remainingCredit: '24.45', status: 'Open' });
  });

  it('a payment whose answer is lost is retried under its Idempotency-Key: one payment, the invoice paid once', async () => {
    const { connection } = await connect();
    const invoice = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'NoTax', lineItems: [{ description: 'Once', unitAmount: '80.00', tracking: [] }] });
    proxy.setRules([{ fault: 'lose-response', method: 'PUT', path: /\/Payments/, at: [1] }]);
    const logStart = proxy.log.length;
    const lostBefore = lost();
    try {
      const p = await connection.payments.create({ date: '2026-03-02', amount: '30.00', accountRef: { id: bankId() }, lines: [{ kind: 'Invoice', ref: { id: invoice.id }, amount: '30.00' }], tracking: [] }, { idempotencyKey: 'xw-payment-lost-1' });
      expect(lost()).toBe(lostBefore + 1);
      expect(proxy.log.slice(logStart).filter((l) => l.method === 'PUT')).toHaveLength(2);
      expect(emu.store.list('Payments').filter((x) => (x.Invoice as { InvoiceID?: string } | undefined)?.InvoiceID === invoice.id).map((x) => x.PaymentID)).toEqual([p.id]);
      expect(rawInvoice(invoice.id)).toMatchObject({ AmountPaid: 30, AmountDue: 50 });
    } finally {
      proxy.setRules([]);
    }
  });
});

describe('Xero manual journals', () => {
  it('creates a balanced posted journal with tracking, updates it, voids it; a draft is deleted; a sync sees each', async () => {
    const { connection, sync } = await connect();
    await sync('journalEntries');
    const { categoryId, northId } = region();
    const created = await connection.journalEntries.create({
      date: '2026-03-31',
      description: 'Accrued rent',
      status: 'Posted',
      lines: [
        { accountRef: { id: '469' }, description: 'Rent', netAmount: '1234.56', tracking: [{ categoryRef: { id: categoryId }, optionRef: { id: northId } }] },
        { accountRef: { id: '800' }, description: 'Rent', netAmount: '-1000.00', tracking: [] },
        { accountRef: { id: '800' }, description: 'Rent', netAmount: '-234.56', tracking: [] },
      ],
    });
    expect(created).toMatchObject({ status: 'Posted', date: '2026-03-31', description: 'Accrued rent', taxTreatment: 'NoTax' });
    expect(created.lines.map((l) => l.netAmount)).toEqual(['1234.56', '-1000', '-234.56']);
    expect(created.lines[0]!.tracking).toEqual([{ categoryRef: { id: categoryId, name: 'Region' }, optionRef: { id: northId, name: 'North' } }]);
    expect((await sync('journalEntries'))('journalEntries').map((r) => r.id)).toEqual([created.id]);

    const updated = await connection.journalEntries.update(created.id, { description: 'Accrued rent (March)' });
    expect(updated).toMatchObject({ id: created.id, description: 'Accrued rent (March)', status: 'Posted' });
    expect(updated.lines).toHaveLength(3);
    const voided = await connection.journalEntries.delete(created.id);
    expect(voided.record).toMatchObject({ status: 'Void', isDeleted: true });

    const draft = await connection.journalEntries.create({ date: '2026-03-31', description: 'Draft', lines: [{ accountRef: { id: '429' }, netAmount: '5', tracking: [] }, { accountRef: { id: '800' }, netAmount: '-5', tracking: [] }] });
    expect(draft.status).toBe('Draft');
    await connection.journalEntries.delete(draft.id);
    const read = (await sync('journalEntries'))('journalEntries');
    expect(read.map((r) => [r.id, r.status]).sort()).toEqual([[created.id, 'Void'], [draft.id, 'Deleted']].sort());
  });

  it('refuses an unbalanced journal locally with Xero’s words, and the emulator says the same when sent it', async () => {
    const { connection } = await connect();
    const before = proxy.log.length;
    const local = await err(connection.journalEntries.create({ date: '2026-03-31', description: 'Off', lines: [{ accountRef: { id: '429' }, netAmount: '100', tracking: [] }, { accountRef: { id: '800' }, netAmount: '-90.5', tracking: [] }] }));
    expect(local!.issues).toEqual([{ path: 'lines', code: 'unbalanced', message: 'The total debits (100.00) must equal total credits (-90.50)' }]);
    const noNarration = await err(connection.journalEntries.create({ date: '2026-03-31', lines: [{ accountRef: { id: '429' }, netAmount: '1', tracking: [] }] }));
    expect(noNarration!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['description required', 'lines min_items']);
    expect(proxy.log.length).toBe(before);
    const direct = await err(connection.request({ method: 'PUT', url: '/ManualJournals', body: { ManualJournals: [{ Narration: 'Off', Date: '2026-03-31', JournalLines: [{ LineAmount: 100, AccountCode: '429' }, { LineAmount: -90.5, AccountCode: '800' }] }] } }));
    expect(direct!.issues.map((i) => i.message)).toEqual([local!.issues[0]!.message]);
  });
});

describe('Xero items', () => {
  it('creates, updates (the code resent) and deletes an item; a read no longer has it', async () => {
    const { connection, sync } = await connect();
    await sync('items');
    const item = await connection.items.create({
      code: 'XW-ITEM-1',
      name: 'Ledger binder',
      type: 'NonInventory',
      isSold: true,
      isBought: true,
      invoiceDetails: { description: 'Binder (sale)', unitPrice: '12.3456', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' } },
      billDetails: { description: 'Binder (purchase)', unitPrice: '7.10', accountRef: { id: '310' } },
    });
    expect(item).toMatchObject({ code: 'XW-ITEM-1', name: 'Ledger binder', description: 'Binder (sale)', invoiceDetails: { unitPrice: '12.3456', accountRef: { id: '200' } }, billDetails: { unitPrice: '7.1', description: 'Binder (purchase)' } });
    expect((await sync('items'))('items').map((r) => r.id)).toEqual([item.id]);

    const updated = await connection.items.update(item.id, { name: 'Ledger binder XL' });
    expect(updated).toMatchObject({ id: item.id, code: 'XW-ITEM-1', name: 'Ledger binder XL', invoiceDetails: { unitPrice: '12.3456' } });
    expect((await sync('items'))('items')).toEqual([expect.objectContaining({ id: item.id, name: 'Ledger binder XL' })]);

    const deleted = await connection.items.delete(item.id);
    expect(deleted).toEqual({ id: item.id, kind: 'delete' });
    expect(emu.log.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
    const all = await connection.items.list().toArray();
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((i) => i.id)).not.toContain(item.id);
  });

  it('an item DELETE whose 204 is lost is retried under its key and answers 204 again, not 404', async () => {
    const { connection } = await connect();
    const item = await connection.items.create({ code: 'XW-DEL-LOST', name: 'Short-lived', type: 'NonInventory' });
    proxy.setRules([{ fault: 'lose-response', method: 'DELETE', path: /\/Items\//, at: [1] }]);
    const lostBefore = lost();
    try {
      await expect(connection.items.delete(item.id, { idempotencyKey: 'xw-item-delete-1' })).resolves.toEqual({ id: item.id, kind: 'delete' });
      expect(lost()).toBe(lostBefore + 1);
      expect(emu.log.filter((l) => l.method === 'DELETE' && l.path.endsWith(item.id)).map((l) => l.status)).toEqual([204, 204]);
      expect(emu.store.list('Items').some((i) => i.ItemID === item.id)).toBe(false);
    } finally {
      proxy.setRules([]);
    }
  });

  it('a duplicate code gets Xero’s message; an over-long code is refused locally', async () => {
    const { connection } = await connect();
    const taken = String(emu.store.list('Items')[0]!.Code);
    const dup = await err(connection.items.create({ code: taken, name: 'Dup', type: 'NonInventory' }));
    expect(dup!.issues.map((i) => i.message)).toEqual([`Price List Item with Code '${taken}' already exists`]);
    const before = proxy.log.length;
    const long = await err(connection.items.create({ code: 'X'.repeat(31), name: 'N'.repeat(51), type: 'NonInventory' }));
    expect(long!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['code max_length', 'name max_length']);
    const tracked = await err(connection.items.create({ code: 'TRK', name: 'Tracked', type: 'Inventory' }));
    expect(tracked!.issues.map((i) => i.path)).toEqual(['inventoryAccountRef']);
    expect(proxy.log.length).toBe(before);
  });
});

describe('Xero line tracking and batch creates', () => {
  it('sends line tracking and reads it back; more than 2 categories is refused locally', async () => {
    const { connection } = await connect();
    const { categoryId, northId } = region();
    const inv = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', lineItems: [{ description: 'Tracked', unitAmount: '10', tracking: [{ categoryRef: { id: 'Region' }, optionRef: { id: 'North' } }] }] });
    // Sent by name (not a UUID): the emulator resolves it like Xero and answers with the ids.
    expect(inv.lineItems[0]!.tracking).toEqual([{ categoryRef: { id: categoryId, name: 'Region' }, optionRef: { id: northId, name: 'North' } }]);
    const t = { categoryRef: { id: categoryId }, optionRef: { id: northId } };
    const before = proxy.log.length;
    const three = await err(connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', lineItems: [{ description: 'x', unitAmount: '1', tracking: [t, t, t] }] }));
    expect(three!.issues).toEqual([{ path: 'lineItems.0.tracking', code: 'max_items', message: 'A line item can have a maximum of 2 tracking categories' }]);
    // Lines sent in an update replace the document's lines: the same rules apply to them.
    const upd = await err(connection.invoices.update(inv.id, { lineItems: [{ unitAmount: '1', tracking: [{ categoryRef: { id: categoryId } }] }] }));
    expect(upd!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['lineItems.0.description required', 'lineItems.0.tracking.0.optionRef.id required']);
    expect(proxy.log.length).toBe(before);
  });

  it('createMany: a locally bad item is not sent, a provider-refused one carries Xero’s issues, the others are created', async () => {
    const { connection, sync } = await connect();
    await sync('invoices');
    const base = { customerRef: { id: customerId() }, issueDate: '2026-03-15', taxTreatment: 'NoTax' as const };
    const line = (d: string) => [{ description: d, unitAmount: '10.00', tracking: [] }];
    const taken = String(emu.store.list('Invoices').find((i) => i.Type === 'ACCREC')!.InvoiceNumber);
    const results = await connection.invoices.createMany([
      { ...base, number: 'XW-B-1', lineItems: line('one') },
      { ...base, number: 'XW-B-2', lineItems: [{ unitAmount: '1', tracking: [] }] },
      { ...base, number: taken, lineItems: line('dup') },
      { ...base, number: 'XW-B-4', lineItems: line('four') },
    ]);
    expect(results.map((r) => [r.index, r.ok])).toEqual([[0, true], [1, false], [2, false], [3, true]]);
    const [one, local, remote, four] = results;
    expect(local!.ok === false && local!.error).toBeInstanceOf(ValidationError);
    expect(local!.ok === false && local!.error.issues).toEqual([{ path: 'lineItems.0.description', code: 'required', message: 'Description needs to be at least 1 char long' }]);
    expect(remote!.ok === false && remote!.error.issues).toEqual([{ path: '', code: 'xero_validation', message: 'Invoice # must be unique.' }]);
    const created = [one, four].map((r) => (r!.ok ? r!.record : undefined));
    expect(created.map((r) => r?.number)).toEqual(['XW-B-1', 'XW-B-4']);
    // One request for the batch, carrying only the two valid inputs; the refused ones were not stored.
    const puts = emu.log.filter((l) => l.method === 'PUT' && l.path.endsWith('/Invoices') && l.query.includes('summarizeErrors=false'));
    expect(puts).toHaveLength(1);
    expect(emu.store.list('Invoices').filter((i) => ['XW-B-1', 'XW-B-2', 'XW-B-4'].includes(String(i.InvoiceNumber))).map((i) => i.InvoiceNumber)).toEqual(['XW-B-1', 'XW-B-4']);
    expect((await sync('invoices'))('invoices').map((r) => r.id).sort()).toEqual(created.map((r) => r!.id).sort());
  });

  it('createMany whose answer is lost is retried under one Idempotency-Key and creates each invoice once', async () => {
    const { connection } = await connect();
    const base = { customerRef: { id: customerId() }, issueDate: '2026-03-16', taxTreatment: 'NoTax' as const };
    proxy.setRules([{ fault: 'lose-response', method: 'PUT', path: /\/Invoices/, at: [1] }]);
    const lostBefore = lost();
    try {
      const results = await connection.invoices.createMany(
        [1, 2, 3].map((n) => ({ ...base, number: `XW-L-${n}`, lineItems: [{ description: `n${n}`, unitAmount: '1.00', tracking: [] }] })),
        { idempotencyKey: 'xw-batch-lost-1' },
      );
      expect(lost()).toBe(lostBefore + 1);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(emu.store.list('Invoices').filter((i) => String(i.InvoiceNumber).startsWith('XW-L-')).map((i) => i.InvoiceNumber)).toEqual(['XW-L-1', 'XW-L-2', 'XW-L-3']);
    } finally {
      proxy.setRules([]);
    }
  });

  it('createMany refuses an empty list and is NotSupported where Xero has no batch; push options tell which types batch', async () => {
    const { connection } = await connect();
    const e = await err(connection.invoices.createMany([]));
    expect(e).toBeInstanceOf(ValidationError);
    // Accounts have no batch: the types leave createMany out, and at run time it is NotSupported before any call.
    const before = proxy.log.length;
    const accounts = connection.accounts as unknown as { createMany(i: unknown[]): Promise<unknown> };
    await expect(accounts.createMany([{ code: 'X1', name: 'X' }])).rejects.toBeInstanceOf(NotSupportedError);
    expect(proxy.log.length).toBe(before);
    expect(connection.accounts.pushOptions().batchCreate).toBe(false);
    expect(connection.payments.pushOptions()).toMatchObject({ operations: ['create', 'delete'], deleteKind: 'delete', idempotency: 'header', batchCreate: true });
    expect(connection.journalEntries.pushOptions()).toMatchObject({ operations: ['create', 'update', 'delete'], deleteKind: 'void' });
    expect(connection.items.pushOptions().operations).toEqual(['create', 'update', 'delete']);
  });
});

describe('Xero accounts and contacts (completed)', () => {
  it('creates an expense account, renames it, archives it; an incremental sync sees each', async () => {
    const { connection, sync } = await connect();
    await sync('accounts');
    const acc = await connection.accounts.create({ code: 'XW-EXP', name: 'Subscriptions', classification: 'Expense' });
    expect(acc).toMatchObject({ code: 'XW-EXP', classification: 'Expense', type: 'EXPENSE', status: 'Active' });
    expect((await sync('accounts'))('accounts').map((r) => r.id)).toEqual([acc.id]);
    const renamed = await connection.accounts.update(acc.id, { name: 'Software subscriptions', description: 'SaaS' });
    expect(renamed).toMatchObject({ id: acc.id, code: 'XW-EXP', name: 'Software subscriptions', description: 'SaaS', classification: 'Expense' });
    const archived = await connection.accounts.delete(acc.id);
    expect(archived).toMatchObject({ kind: 'archive', record: { status: 'Archived', isDeleted: true } });
    expect((await sync('accounts'))('accounts')).toEqual([expect.objectContaining({ id: acc.id, name: 'Software subscriptions', status: 'Archived', isDeleted: true })]);
    const before = proxy.log.length;
    const bad = await err(connection.accounts.update(acc.id, { type: 'INCOME' }));
    expect(bad!.issues).toEqual([{ path: 'type', code: 'allowed_values', message: 'Type must be one of Xero’s account types' }]);
    expect(proxy.log.length).toBe(before);
  });

  it('sends a contact’s addresses, phones and company number, and reads them back', async () => {
    const { connection } = await connect();
    const c = await connection.suppliers.create({
      name: 'XW Addressed Supplier',
      registrationNumber: '09876543',
      addresses: [{ type: 'Street', line1: '5 Mill Lane', city: 'York', postalCode: 'YO1 7HH', country: 'United Kingdom' }],
      phones: [{ type: 'Mobile', number: '07700 900123' }],
    });
    expect(c).toMatchObject({ registrationNumber: '09876543', addresses: [{ type: 'Street', line1: '5 Mill Lane', city: 'York', postalCode: 'YO1 7HH', country: 'United Kingdom' }], phones: [{ type: 'Mobile', number: '07700 900123' }] });
    expect(emu.store.list('Contacts').find((x) => x.ContactID === c.id)).toMatchObject({ CompanyNumber: '09876543', Addresses: [{ AddressType: 'STREET' }], Phones: [{ PhoneType: 'MOBILE', PhoneNumber: '07700 900123' }] });
    const e = await err(connection.customers.create({ name: 'XW Bad Phone', phones: [{ type: 'Unknown', number: '1' }], addresses: [{ type: 'Postal', postalCode: 'P'.repeat(51) }] }));
    expect(e!.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['addresses.0.postalCode max_length', 'phones.0.type allowed_values']);
  });
});

describe('Xero batches beyond invoices', () => {
  it('payments.createMany applies in order: the second payment that would overpay is refused, the first kept', async () => {
    const { connection } = await connect();
    const invoice = await connection.invoices.create({ customerRef: { id: customerId() }, issueDate: '2026-03-01', status: 'Open', taxTreatment: 'NoTax', lineItems: [{ description: 'Batch paid', unitAmount: '100.00', tracking: [] }] });
    const pay = (amount: string) => ({ date: '2026-03-05', amount, accountRef: { id: bankId() }, lines: [{ kind: 'Invoice' as const, ref: { id: invoice.id }, amount }], tracking: [] });
    const results = await connection.payments.createMany([pay('60.00'), pay('40.01'), pay('40.00')]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(!results[1]!.ok && results[1]!.error.issues.map((i) => i.message)).toEqual(['Payment amount exceeds the amount outstanding on this document']);
    expect(rawInvoice(invoice.id)).toMatchObject({ Status: 'PAID', AmountPaid: 100, AmountDue: 0 });
  });

  it('items.createMany reports a duplicate code inside the batch; with summarized errors one bad element keeps nothing', async () => {
    const { connection } = await connect();
    const results = await connection.items.createMany([
      { code: 'XW-BATCH-1', name: 'First', type: 'NonInventory' },
      { code: 'XW-BATCH-1', name: 'Again', type: 'NonInventory' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(!results[1]!.ok && results[1]!.error.issues.map((i) => i.message)).toEqual(["Price List Item with Code 'XW-BATCH-1' already exists"]);
    const direct = await err(connection.request({ method: 'PUT', url: '/Items', body: { Items: [{ Code: 'XW-BATCH-2', Name: 'Kept?' }, { Code: 'XW-BATCH-1', Name: 'Dup' }] } }));
    expect(direct).toBeInstanceOf(ValidationError);
    expect(direct!.issues).toEqual([{ path: '0', code: 'xero_validation', message: "Price List Item with Code 'XW-BATCH-1' already exists" }]);
    expect(emu.store.list('Items').filter((i) => String(i.Code).startsWith('XW-BATCH-')).map((i) => i.Code)).toEqual(['XW-BATCH-1']);
  });
});
