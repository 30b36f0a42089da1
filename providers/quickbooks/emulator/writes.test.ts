/**
 * QuickBooks writes against the QuickBooks emulator: create, sparse update (current SyncToken read first) and
 * void/delete/archive of every supported type, each read back through an incremental (CDC) sync; local validation
 * from push options before any HTTP call; QuickBooks' ValidationFault as field issues; a stale SyncToken as a
 * `conflict` carrying the current record; a create whose answer is lost retried under its requestid, existing once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import type { DataType } from '../../../src/model/data-types';
import { createFaultProxy, type FaultProxy } from '../../../src/testing/fault-proxy';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { qbConnect } from './test-helpers';

let emu: QuickBooksEmulator;
let proxy: FaultProxy;
beforeAll(async () => {
  emu = await createQuickBooksEmulator({ seed: 61, invoices: 12, customers: 6, timeScale: 60 });
  proxy = await createFaultProxy({ target: emu.urls.api });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

const connect = () => qbConnect(emu, { apiUrl: proxy.url });
const activeCustomer = () => String(emu.store.list('Customer').find((c) => c.Active !== false)!.Id);
const vendor = () => String(emu.store.list('Vendor')[0]!.Id);
const raw = (entity: string, id: string) => emu.store.list(entity).find((r) => r.Id === id);
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e) as Promise<ValidationError>;

/** An incremental sync of `types` after a first full one, returning what it delivered. */
async function tracker(types: DataType[]) {
  const { ledger, connection } = await connect();
  const checkpointStore = new MemoryCheckpointStore();
  await ledger.sync(connection, { sink: memorySink(), checkpointStore, dataTypes: types });
  return async () => {
    const sink = memorySink();
    const r = await ledger.sync(connection, { sink, checkpointStore, dataTypes: types });
    expect(r.status).toBe('ok');
    return sink;
  };
}

describe('QuickBooks writes against the emulator: documents', () => {
  it('invoice: create (exact amounts), sparse update with the current SyncToken, void; an incremental sync sees each state', async () => {
    const { connection } = await connect();
    const changes = await tracker(['invoices']);
    const created = await connection.invoices.create({
      customerRef: { id: activeCustomer() },
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      number: 'LL-0001',
      note: 'first',
      lineItems: [
        { description: 'Consulting', quantity: '3', unitAmount: '33.33', itemRef: { id: '900' }, tracking: [] },
        { description: 'Hours', subTotal: '0.01', itemRef: { id: '901' }, tracking: [] },
      ],
    });
    // 3 × 33.33 = 99.99 (exact), + 0.01 = 100.00 — summed by the emulator in exact decimals.
    expect(created).toMatchObject({ number: 'LL-0001', issueDate: '2026-03-01', totalAmount: '100', amountDue: '100', status: 'Open', subTotal: '100' });
    const sent = proxy.log.filter((l) => l.method === 'POST').at(-1)!;
    expect(sent.path).toMatch(/\/invoice\?.*requestid=[0-9a-f-]{36}/);
    expect(raw('Invoice', created.id)!.Line).toEqual(expect.arrayContaining([expect.objectContaining({ Amount: 99.99, SalesItemLineDetail: expect.objectContaining({ Qty: 3, UnitPrice: 33.33 }) })]));
    let sink = await changes();
    expect(sink.records('invoices').map((r) => r.id)).toEqual([created.id]);

    const updated = await connection.invoices.update(created.id, { dueDate: '2026-04-15' });
    expect(updated).toMatchObject({ id: created.id, dueDate: '2026-04-15', totalAmount: '100', note: 'first' });
    expect(raw('Invoice', created.id)!.SyncToken).toBe('1');

    const voided = await connection.invoices.delete(created.id);
    expect(voided).toMatchObject({ id: created.id, kind: 'void', record: { status: 'Void', totalAmount: '0' } });
    sink = await changes();
    expect(sink.records('invoices')).toEqual([expect.objectContaining({ id: created.id, status: 'Void', dueDate: '2026-04-15' })]);
  });

  it('bill and credit note: create, update, delete (a CDC tombstone)', async () => {
    const { connection } = await connect();
    const changes = await tracker(['bills', 'creditNotes']);
    const bill = await connection.bills.create({ supplierRef: { id: vendor() }, issueDate: '2026-02-10', lineItems: [{ description: 'Paper', quantity: '10', unitAmount: '3.10', accountRef: { id: '4' }, tracking: [] }] });
    expect(bill).toMatchObject({ totalAmount: '31', dueDate: '2026-02-10', supplierRef: { id: vendor() } });
    expect(raw('Bill', bill.id)!.Line).toEqual([expect.objectContaining({ DetailType: 'AccountBasedExpenseLineDetail', Amount: 31 })]);
    const cn = await connection.creditNotes.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-02-11', lineItems: [{ subTotal: '12.50', itemRef: { id: '900' }, tracking: [] }] });
    expect(cn).toMatchObject({ totalAmount: '12.5', remainingCredit: '12.5', status: 'Open' });
    expect((await connection.bills.update(bill.id, { note: 'checked' })).note).toBe('checked');
    expect(await connection.bills.delete(bill.id)).toEqual({ id: bill.id, kind: 'delete' });
    expect(await connection.creditNotes.delete(cn.id)).toEqual({ id: cn.id, kind: 'delete' });
    const vc = await connection.billCreditNotes.create({ supplierRef: { id: vendor() }, issueDate: '2026-02-12', lineItems: [{ subTotal: '4.40', accountRef: { id: '4' }, tracking: [] }] });
    expect(vc).toMatchObject({ totalAmount: '4.4', remainingCredit: '4.4', supplierRef: { id: vendor() } });
    expect(await connection.billCreditNotes.delete(vc.id)).toEqual({ id: vc.id, kind: 'delete' });
    expect(raw('VendorCredit', vc.id)).toBeUndefined();
    expect(raw('Bill', bill.id)).toBeUndefined();
    const sink = await changes();
    expect(sink.records('bills')).toEqual([expect.objectContaining({ id: bill.id, isDeleted: true })]);
    expect(sink.records('creditNotes')).toEqual([expect.objectContaining({ id: cn.id, isDeleted: true })]);
  });

  it('payment and bill payment: applied to their documents, voided (balances restored)', async () => {
    const { connection } = await connect();
    const changes = await tracker(['payments', 'billPayments', 'invoices', 'bills']);
    const cust = activeCustomer();
    const inv = await connection.invoices.create({ customerRef: { id: cust }, issueDate: '2026-03-02', lineItems: [{ subTotal: '250.00', itemRef: { id: '900' }, tracking: [] }] });
    const pay = await connection.payments.create({ customerRef: { id: cust }, date: '2026-03-05', amount: '100.10', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id: inv.id }, amount: '100.10' }] });
    expect(pay).toMatchObject({ amount: '100.1', unallocatedAmount: '0', lines: [{ kind: 'Invoice', ref: { id: inv.id }, amount: '100.1' }], status: 'Authorised' });
    expect((await connection.invoices.get(inv.id)).amountDue).toBe('149.9');
    const bill = await connection.bills.create({ supplierRef: { id: vendor() }, issueDate: '2026-03-02', lineItems: [{ subTotal: '80', accountRef: { id: '4' }, tracking: [] }] });
    const bp = await connection.billPayments.create({ supplierRef: { id: vendor() }, date: '2026-03-06', amount: '80', accountRef: { id: '1' }, lines: [{ kind: 'Bill', ref: { id: bill.id }, amount: '80' }] });
    expect(bp).toMatchObject({ accountRef: { id: '1' }, amount: '80' });
    expect((await connection.bills.get(bill.id)).status).toBe('Paid');
    expect(await connection.payments.update(pay.id, { note: 'cheque 12' })).toMatchObject({ note: 'cheque 12', amount: '100.1' });
    expect(await connection.payments.delete(pay.id)).toMatchObject({ kind: 'void', record: { status: 'Void', amount: '0' } });
    expect(await connection.billPayments.delete(bp.id)).toMatchObject({ kind: 'void', record: { status: 'Void' } });
    expect((await connection.invoices.get(inv.id)).amountDue).toBe('250');
    expect((await connection.bills.get(bill.id)).amountDue).toBe('80');
    const sink = await changes();
    expect(sink.records('payments')).toEqual([expect.objectContaining({ id: pay.id, status: 'Void' })]);
    expect(sink.records('billPayments')).toEqual([expect.objectContaining({ id: bp.id, status: 'Void' })]);
  });

  it('journal entry: debits and credits as PostingType, update, delete; an unbalanced one is refused by QuickBooks', async () => {
    const { connection } = await connect();
    const changes = await tracker(['journalEntries']);
    const je = await connection.journalEntries.create({ date: '2026-03-31', number: 'JE-7', description: 'accrual', lines: [{ accountRef: { id: '4' }, netAmount: '45.67', tracking: [] }, { accountRef: { id: '1' }, netAmount: '-45.67', tracking: [] }] });
    expect(je.lines.map((l) => [l.accountRef.id, l.netAmount])).toEqual([['4', '45.67'], ['1', '-45.67']]);
    expect((raw('JournalEntry', je.id)!.Line as { JournalEntryLineDetail: { PostingType: string } }[]).map((l) => l.JournalEntryLineDetail.PostingType)).toEqual(['Debit', 'Credit']);
    expect((await connection.journalEntries.update(je.id, { description: 'accrual (reviewed)' })).description).toBe('accrual (reviewed)');
    const err = await failure(connection.journalEntries.create({ date: '2026-03-31', lines: [{ accountRef: { id: '4' }, netAmount: '10', tracking: [] }, { accountRef: { id: '1' }, netAmount: '-9.99', tracking: [] }] }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ status: 400, providerCode: '6000', requestId: expect.any(String) });
    expect(err.issues).toEqual([{ path: 'lines', code: '6000', message: expect.stringMatching(/not balanced: debits 10, credits 9\.99/) }]);
    expect(await connection.journalEntries.delete(je.id)).toEqual({ id: je.id, kind: 'delete' });
    const sink = await changes();
    expect(sink.records('journalEntries')).toEqual([expect.objectContaining({ id: je.id, isDeleted: true })]);
  });
});

describe('QuickBooks writes against the emulator: names', () => {
  it('customer, supplier, item and account: create, update, archive (Active: false), read back by CDC', async () => {
    const { connection } = await connect();
    const types: DataType[] = ['customers', 'suppliers', 'items', 'accounts'];
    const changes = await tracker(types);
    const c = await connection.customers.create({ name: 'Ledgerlink Customer', firstName: 'Ada', emailAddress: 'ap@example.com', phones: [{ type: 'Primary', number: '555-0100' }] });
    expect(c).toMatchObject({ name: 'Ledgerlink Customer', firstName: 'Ada', emailAddress: 'ap@example.com', status: 'Active' });
    const s = await connection.suppliers.create({ name: 'Ledgerlink Vendor' });
    const item = await connection.items.create({ name: 'Widget service', code: 'W-1', type: 'Service', invoiceDetails: { unitPrice: '19.99', accountRef: { id: '3' } } });
    expect(item).toMatchObject({ name: 'Widget service', code: 'W-1', type: 'Service', invoiceDetails: { unitPrice: '19.99', accountRef: { id: '3', name: 'Services' } } });
    const acct = await connection.accounts.create({ name: 'Consulting Income', code: '4100', classification: 'Income' });
    expect(acct).toMatchObject({ name: 'Consulting Income', code: '4100', classification: 'Income', type: 'Income', status: 'Active' });
    expect((await connection.customers.update(c.id, { emailAddress: 'billing@example.com' })).emailAddress).toBe('billing@example.com');
    expect((await connection.items.update(item.id, { invoiceDetails: { unitPrice: '21.00', accountRef: { id: '3' } } })).invoiceDetails?.unitPrice).toBe('21');
    expect((await connection.accounts.update(acct.id, { description: 'fees' })).description).toBe('fees');
    for (const [type, id] of [['customers', c.id], ['suppliers', s.id], ['items', item.id], ['accounts', acct.id]] as const) {
      const res = await connection[type].delete(id);
      expect(res).toMatchObject({ id, kind: 'archive', record: { status: 'Archived' } });
    }
    expect(raw('Vendor', s.id)!.Active).toBe(false);
    const sink = await changes();
    expect(sink.records('customers')).toEqual([expect.objectContaining({ id: c.id, status: 'Archived', emailAddress: 'billing@example.com' })]);
    expect(sink.records('suppliers').map((r) => [r.id, r.status])).toEqual([[s.id, 'Archived']]);
    expect(sink.records('items').map((r) => [r.id, r.status])).toEqual([[item.id, 'Archived']]);
    expect(sink.records('accounts').map((r) => [r.id, r.status])).toEqual([[acct.id, 'Archived']]);
  });
});

describe('QuickBooks write validation and safety', () => {
  it('refuses locally what QuickBooks would refuse (XSD push options), before any HTTP call', async () => {
    const { connection } = await connect();
    const before = proxy.log.length;
    const inv = await failure(connection.invoices.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-03-01', number: 'X'.repeat(22), lineItems: [] }));
    expect(inv).toBeInstanceOf(ValidationError);
    expect(inv.issues).toEqual([
      { path: 'lineItems', code: 'min_items', message: 'A transaction needs at least one line (Line)' },
      { path: 'number', code: 'max_length', message: 'The maximum length for DocNumber is 21 characters' },
    ]);
    const line = await failure(connection.invoices.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-03-01', lineItems: [{ subTotal: '1', accountRef: { id: '3' }, tracking: [] }] }));
    expect(line.issues).toEqual([{ path: 'lineItems.0.itemRef.id', code: 'required', message: 'A sales line needs an item (SalesItemLineDetail.ItemRef)' }]);
    const je = await failure(connection.journalEntries.create({ date: '2026-03-31', lines: [{ accountRef: { id: '4' }, netAmount: '1', tracking: [] }] }));
    expect(je.issues.map((i) => i.code)).toEqual(['min_items']);
    const acct = await failure(connection.accounts.create({ name: 'Sales: Europe', code: '12345678', classification: 'Income' }));
    expect(acct.issues.map((i) => [i.path, i.code])).toEqual([['name', 'pattern'], ['code', 'max_length']]);
    expect(proxy.log.length).toBe(before);
  });

  it('QuickBooks ValidationFaults become field-level ValidationErrors with the provider’s code and element', async () => {
    const { connection } = await connect();
    const taken = String(emu.store.list('Vendor')[0]!.DisplayName);
    const dup = await failure(connection.customers.create({ name: taken }));
    expect(dup).toMatchObject({ status: 400, providerCode: '6240' });
    expect(dup.issues[0]!.message).toMatch(/Another customer, vendor or employee is already using this name/);
    const missing = await failure(connection.invoices.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-03-01', lineItems: [{ subTotal: '5', itemRef: { id: '424242' }, tracking: [] }] }));
    expect(missing).toMatchObject({ providerCode: '610' });
    expect(missing.issues).toEqual([{ path: 'lineItems[].itemRef.id', code: '610', message: expect.stringMatching(/^Object Not Found/) }]);
    const noAmount = await failure(connection.bills.create({ supplierRef: { id: vendor() }, issueDate: '2026-03-01', lineItems: [{ description: 'x', accountRef: { id: '4' }, tracking: [] }] }));
    expect(noAmount.issues).toEqual([{ path: 'lineItems[].subTotal', code: '2020', message: 'Required parameter Line.Amount is missing in the request' }]);
  });

  it('a stale SyncToken (the record changed between the read and the update) is a conflict carrying the current record', async () => {
    const { connection } = await connect();
    const inv = await connection.invoices.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-03-03', lineItems: [{ subTotal: '10', itemRef: { id: '900' }, tracking: [] }] });
    // Someone else edits the invoice right after the SDK has read its SyncToken.
    proxy.setRules([{ fault: 'rewrite', method: 'GET', path: new RegExp(`/invoice/${inv.id}\\?`), times: 1, rewrite: (body) => { emu.store.touch('Invoice', inv.id, { PrivateNote: 'edited elsewhere' }); return body; } }]);
    try {
      const err = await failure(connection.invoices.update(inv.id, { dueDate: '2026-05-01' }));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ code: 'conflict', providerCode: '5010', status: 400 });
      expect(err.current).toMatchObject({ id: inv.id, note: 'edited elsewhere' });
      expect(raw('Invoice', inv.id)!.DueDate).not.toBe('2026-05-01');
    } finally {
      proxy.setRules([]);
    }
    // Sent straight with an old SyncToken, the emulator answers QuickBooks' Fault 5010.
    const direct = await failure(connection.request({ method: 'POST', url: '/invoice', body: { Id: inv.id, SyncToken: '0', sparse: true, PrivateNote: 'late' } }));
    expect(direct).toMatchObject({ code: 'conflict', providerCode: '5010' });
    expect(direct.issues[0]!.message).toMatch(/^Stale Object Error : You and root were working on this at the same time/);
  });

  it('an invoice create whose answer is lost is retried under its requestid and exists once', async () => {
    const { connection } = await connect();
    const count = () => emu.store.list('Invoice').filter((i) => i.DocNumber === 'LL-IDEM-1').length;
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: /\/invoice\?/, at: [1] }]);
    const logStart = proxy.log.length;
    try {
      const created = await connection.invoices.create(
        { customerRef: { id: activeCustomer() }, issueDate: '2026-03-02', number: 'LL-IDEM-1', lineItems: [{ subTotal: '1.00', itemRef: { id: '900' }, tracking: [] }] },
        { idempotencyKey: 'ledgerlink-qb-idem-1' },
      );
      expect(proxy.faults()['lose-response']).toBe(1);
      const posts = proxy.log.slice(logStart).filter((l) => l.method === 'POST');
      expect(posts).toHaveLength(2); // the lost one and the retry
      expect(posts.every((p) => p.path.includes('requestid=ledgerlink-qb-idem-1'))).toBe(true);
      expect(count()).toBe(1);
      expect(emu.store.list('Invoice').find((i) => i.DocNumber === 'LL-IDEM-1')?.Id).toBe(created.id);
    } finally {
      proxy.setRules([]);
    }
  });

  it('an update whose answer is lost is retried under the same requestid: applied once, SyncToken bumped once', async () => {
    const { connection } = await connect();
    const inv = await connection.invoices.create({ customerRef: { id: activeCustomer() }, issueDate: '2026-03-04', lineItems: [{ subTotal: '7', itemRef: { id: '900' }, tracking: [] }] });
    proxy.setRules([{ fault: 'lose-response', method: 'POST', path: new RegExp('/invoice\\?'), at: [1] }]);
    const start = proxy.log.length;
    try {
      // Without the replay the retry would carry a SyncToken that is already stale (5010).
      const updated = await connection.invoices.update(inv.id, { note: 'once' });
      expect(updated).toMatchObject({ id: inv.id, note: 'once' });
      expect(proxy.log.slice(start).filter((l) => l.method === 'POST')).toHaveLength(2);
      expect(raw('Invoice', inv.id)!.SyncToken).toBe('1');
    } finally {
      proxy.setRules([]);
    }
  });
});
