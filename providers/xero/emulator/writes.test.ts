/**
 * Xero writes against the Xero emulator: create, update and void/delete invoices and bills, create and archive
 * contacts, create accounts; local validation from push options (and the emulator giving Xero's same message when
 * the local check is bypassed); Xero's 400 ValidationException as field issues; an idempotent retry after a lost
 * answer creating exactly one invoice; the changes read back through an incremental sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import { createFaultProxy, type FaultProxy } from '../../../src/testing/fault-proxy';
import { createXeroEmulator, type XeroEmulator } from './index';
import { customerIdOf, supplierIdOf, xeroConnect } from './test-helpers';

let emu: XeroEmulator;
let proxy: FaultProxy;
beforeAll(async () => {
  emu = await createXeroEmulator({ seed: 21, invoices: 30, timeScale: 60 });
  proxy = await createFaultProxy({ target: emu.urls.api });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

const connect = () => xeroConnect(emu, proxy.url);

const customerId = () => customerIdOf(emu);
const supplierId = () => supplierIdOf(emu);

describe('Xero writes against the emulator', () => {
  it('creates an authorised invoice, updates it, voids it, and an incremental sync reads each state', async () => {
    const { ledger, connection } = await connect();
    const checkpointStore = new MemoryCheckpointStore();
    await ledger.sync(connection, { sink: memorySink(), checkpointStore, dataTypes: ['invoices'] });

    const created = await connection.invoices.create({
      customerRef: { id: customerId() },
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      number: 'LL-0001',
      reference: 'PO 42',
      status: 'Open',
      taxTreatment: 'Exclusive',
      lineItems: [
        { description: 'Consulting', quantity: '2', unitAmount: '450.00', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' }, tracking: [] },
        { description: 'Expenses', quantity: '1', unitAmount: '19.99', accountRef: { id: '200' }, taxRateRef: { id: 'NONE' }, tracking: [] },
      ],
    });
    // 900.00 + 19.99 = 919.99; 20 % VAT on 900.00 = 180 (a JSON number keeps no trailing zeros); total 1099.99 —
    // computed by the emulator in exact decimals.
    expect(created).toMatchObject({ number: 'LL-0001', status: 'Open', subTotal: '919.99', totalTaxAmount: '180', totalAmount: '1099.99', issueDate: '2026-03-01', dueDate: '2026-03-31' });

    const sink = memorySink();
    await ledger.sync(connection, { sink, checkpointStore, dataTypes: ['invoices'] });
    expect(sink.records('invoices').map((r) => r.id)).toEqual([created.id]);

    const updated = await connection.invoices.update(created.id, { dueDate: '2026-04-15' });
    expect(updated).toMatchObject({ id: created.id, dueDate: '2026-04-15', totalAmount: '1099.99' });

    const voided = await connection.invoices.delete(created.id);
    expect(voided).toMatchObject({ id: created.id, kind: 'void', record: { status: 'Void', isDeleted: true } });
    const sink2 = memorySink();
    await ledger.sync(connection, { sink: sink2, checkpointStore, dataTypes: ['invoices'] });
    expect(sink2.records('invoices')).toEqual([expect.objectContaining({ id: created.id, status: 'Void', isDeleted: true })]);
  });

  it('deletes a draft bill (Xero DELETED) rather than voiding it', async () => {
    const { connection } = await connect();
    const bill = await connection.bills.create({ supplierRef: { id: supplierId() }, issueDate: '2026-02-10', lineItems: [{ description: 'Paper', quantity: '10', unitAmount: '3.10', accountRef: { id: '429' }, tracking: [] }] });
    expect(bill.status).toBe('Draft');
    await connection.bills.delete(bill.id);
    const raw = emu.store.list('Invoices').find((i) => i.InvoiceID === bill.id)!;
    expect(raw.Status).toBe('DELETED');
  });

  it('refuses locally what Xero would refuse, with Xero’s message, before any HTTP call', async () => {
    const { connection } = await connect();
    const before = proxy.log.length;
    const bill = (await connection.bills
      .create({ supplierRef: { id: supplierId() }, issueDate: '2026-02-10', lineItems: [{ description: 'Paper', quantity: '1', unitAmount: '10.00', discountPercentage: '5', tracking: [] }] })
      .then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(bill.issues).toEqual([{ path: 'lineItems.0.discountPercentage', code: 'allowed_values', message: 'Discounts are not supported on ACCPAY invoices' }]);
    const account = (await connection.accounts.create({ code: 'SALES-EUROPE', name: 'Sales – Europe', classification: 'Income' }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(account.issues).toEqual([{ path: 'code', code: 'max_length', message: 'The Account code must be no more than 10 characters long.' }]);
    expect(proxy.log.length).toBe(before);
    // The emulator, sent the same account directly, answers Xero's ValidationException with the same message.
    const direct = await connection
      .request({ method: 'PUT', url: '/Accounts', body: { Code: 'SALES-EUROPE', Name: 'Sales – Europe', Type: 'REVENUE' } })
      .then(() => undefined, (e: unknown) => e);
    expect(direct).toBeInstanceOf(ValidationError);
    expect((direct as ValidationError).issues.map((i) => i.message)).toEqual([account.issues[0]!.message]);
    const ok = await connection.accounts.create({ code: 'SALES-EU', name: 'Sales – Europe', classification: 'Income' });
    expect(ok).toMatchObject({ code: 'SALES-EU', name: 'Sales – Europe', classification: 'Income' });
  });

  it('turns Xero’s 400 ValidationException into a ValidationError with the provider’s messages', async () => {
    const { connection } = await connect();
    const taken = String(emu.store.list('Contacts')[0]!.Name);
    const err = (await connection.customers.create({ name: taken }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.issues.map((i) => i.message)).toEqual(['Please enter a unique Name.']);
  });

  it('creates and archives a contact', async () => {
    const { connection } = await connect();
    const c = await connection.customers.create({ name: 'Ledgerlink Test Customer', emailAddress: 'ap@example.com' });
    expect(c).toMatchObject({ name: 'Ledgerlink Test Customer', emailAddress: 'ap@example.com' });
    const archived = await connection.customers.delete(c.id);
    expect(archived.kind).toBe('archive');
    expect(emu.store.list('Contacts').find((x) => x.ContactID === c.id)?.ContactStatus).toBe('ARCHIVED');
  });

  it('an invoice create whose answer is lost is retried under its Idempotency-Key and exists once', async () => {
    const { connection } = await connect();
    const count = () => emu.store.list('Invoices').filter((i) => i.InvoiceNumber === 'LL-IDEM-1').length;
    proxy.setRules([{ fault: 'lose-response', method: 'PUT', path: /\/Invoices/, at: [1] }]);
    const logStart = proxy.log.length;
    try {
      const created = await connection.invoices.create(
        { customerRef: { id: customerId() }, issueDate: '2026-03-02', number: 'LL-IDEM-1', lineItems: [{ description: 'Once', quantity: '1', unitAmount: '1.00', tracking: [] }] },
        { idempotencyKey: 'ledgerlink-test-idem-1' },
      );
      expect(proxy.faults()).toEqual({ 'lose-response': 1 });
      expect(proxy.log.slice(logStart).filter((l) => l.method === 'PUT')).toHaveLength(2); // the lost one and the retry
      expect(count()).toBe(1);
      expect(emu.store.list('Invoices').find((i) => i.InvoiceNumber === 'LL-IDEM-1')?.InvoiceID).toBe(created.id);
    } finally {
      proxy.setRules([]);
    }
  });
});
