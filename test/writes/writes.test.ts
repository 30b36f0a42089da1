/**
 * The write path end to end through the "Acme Books" test provider: create, update and void an invoice and read
 * the result back through a sync; local validation (canonical schema + push options) before any HTTP call;
 * provider-side validation as field-level issues; idempotent retries after a lost response (a provider header for
 * invoices, a natural-key precheck for contacts); unsupported operations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger';
import { NotSupportedError, ValidationError } from '../../src/errors';
import { MemoryCheckpointStore, memorySink } from '../../src/sync';
import { createFaultProxy, type FaultProxy } from '../../src/testing/fault-proxy';
import { ACME_CLIENT, acmeProvider, startAcme, type AcmeServer } from '../../examples/sandbox/acme';

let acme: AcmeServer;
let proxy: FaultProxy;
beforeEach(async () => {
  acme = await startAcme({ contacts: 5, invoices: 4 });
  proxy = await createFaultProxy({ target: `${acme.baseUrl}/api` });
});
afterEach(async () => {
  await proxy.close();
  await acme.close();
});

async function connect(options: { timeoutMs?: number } = {}) {
  const instance = acmeProvider.configure({ ...ACME_CLIENT, urls: { api: proxy.url, issuer: acme.issuer } });
  const ledger = createLedger({ providers: { acme: instance }, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options });
  const { authorizationUrl } = await ledger.link.start('acme');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('acme', res.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete('org-1')).connection.id : outcome.connection.id;
  return { ledger, connection: await ledger.connection(id, 'acme') };
}

const newInvoice = { number: 'INV-900', customerRef: { id: 'c-0002' }, issueDate: '2026-03-01', totalAmount: '1234.50' };

describe('writes', () => {
  it('creates, updates and voids an invoice, and a sync reads each change back', async () => {
    const { ledger, connection } = await connect();
    const checkpointStore = new MemoryCheckpointStore();
    await ledger.sync(connection, { sink: memorySink(), checkpointStore, dataTypes: ['invoices'] });

    const created = await connection.invoices.create(newInvoice);
    expect(created).toMatchObject({ number: 'INV-900', customerRef: { id: 'c-0002' }, issueDate: '2026-03-01', totalAmount: '1234.50', status: 'Open', isDeleted: false });
    expect(acme.invoices.get(created.id)?.total).toBe('1234.50'); // sent as an exact decimal string

    const sink = memorySink();
    await ledger.sync(connection, { sink, checkpointStore, dataTypes: ['invoices'] });
    expect(sink.records('invoices').map((r) => r.id)).toEqual([created.id]);

    const updated = await connection.invoices.update(created.id, { totalAmount: '99.99' });
    expect(updated).toMatchObject({ id: created.id, totalAmount: '99.99', number: 'INV-900' });

    const voided = await connection.invoices.delete(created.id);
    expect(voided).toMatchObject({ id: created.id, kind: 'void', record: { status: 'Void', isDeleted: true } });
    const sink2 = memorySink();
    await ledger.sync(connection, { sink: sink2, checkpointStore, dataTypes: ['invoices'] });
    expect(sink2.records('invoices')).toEqual([expect.objectContaining({ id: created.id, status: 'Void', isDeleted: true, totalAmount: '99.99' })]);
    expect(acme.writes.map((w) => w.method)).toEqual(['POST', 'PUT', 'DELETE']);
  });

  it('refuses a bad input locally, naming every field, before any HTTP call', async () => {
    const { connection } = await connect();
    const before = proxy.log.length;
    const err = await connection.invoices
      .create({ number: 'INV-2026-000001', issueDate: '2026-02-30', totalAmount: '12.5.0', id: 'x' } as never)
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['', 'customerRef', 'issueDate', 'totalAmount']); // '' = the unknown key `id`
    // Push options apply only to an input that passed the schema; here the schema already failed.
    const pushErr = (await connection.invoices.create({ ...newInvoice, number: 'INV-2026-000001' }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(pushErr).toBeInstanceOf(ValidationError);
    expect(pushErr.issues).toEqual([{ path: 'number', code: 'max_length', message: 'Invoice number must be at most 12 characters' }]);
    const { totalAmount: _omit, ...withoutTotal } = newInvoice;
    const required = (await connection.invoices.create(withoutTotal).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(required.issues).toEqual([{ path: 'totalAmount', code: 'required', message: 'Total is required' }]);
    const update = (await connection.invoices.update('', {}).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(update.issues.map((i) => i.path).sort()).toEqual(['', 'id']);
    expect(proxy.log.length).toBe(before);
    expect(acme.writes).toEqual([]);
  });

  it("turns the provider's 422 into field-level issues on canonical paths", async () => {
    const { connection } = await connect();
    const err = (await connection.invoices.create({ ...newInvoice, customerRef: { id: 'c-9999' } }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([{ path: 'customerRef.id', message: 'Contact does not exist', code: 'provider' }]);
    expect(acme.writes).toEqual([]);
  });

  it('a conflict on an update (HTTP 409) carries the record as it is now, re-read and mapped; a create conflict does not', async () => {
    const { connection } = await connect();
    const created = await connection.invoices.create({ ...newInvoice, number: 'INV-409' });
    proxy.setRules([{ fault: 'status', status: 409, method: 'PUT', times: 1, body: '{"error":"changed"}' }]);
    const err = (await connection.invoices.update(created.id, { totalAmount: '1.00' }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe('conflict');
    expect(err.status).toBe(409);
    expect(err.current).toMatchObject({ id: created.id, number: 'INV-409', totalAmount: '1234.50' });
    expect(err.cause).toBeInstanceOf(ValidationError);
    proxy.setRules([{ fault: 'status', status: 409, method: 'POST', times: 1, body: '{"error":"exists"}' }]);
    const onCreate = (await connection.invoices.create({ ...newInvoice, number: 'INV-410' }).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(onCreate.code).toBe('conflict');
    expect(onCreate.current).toBeUndefined();
    proxy.setRules([]);
  });

  it('a create whose response is lost is retried under its idempotency key and creates exactly one invoice', async () => {
    const { connection } = await connect({ timeoutMs: 2_000 });
    proxy.setRules([{ fault: 'lose-response', method: 'POST', at: [1] }]);
    const created = await connection.invoices.create(newInvoice, { idempotencyKey: 'order-77-invoice' });
    expect(proxy.faults()).toEqual({ 'lose-response': 1 });
    const posts = proxy.log.filter((l) => l.method === 'POST');
    expect(posts).toHaveLength(2); // the lost one and the retry
    expect(acme.writes.filter((w) => w.method === 'POST')).toEqual([{ method: 'POST', path: '/api/invoices', id: created.id }]);
    // The same key later returns the same invoice, never a second one.
    const again = await connection.invoices.create(newInvoice, { idempotencyKey: 'order-77-invoice' });
    expect(again.id).toBe(created.id);
    expect([...acme.invoices.values()].filter((i) => i.number === 'INV-900')).toHaveLength(1);
  });

  it('without a provider mechanism, a retried create looks the record up first (precheck) and creates exactly one', async () => {
    const { connection } = await connect({ timeoutMs: 2_000 });
    proxy.setRules([{ fault: 'lose-response', method: 'POST', at: [1] }]);
    const created = await connection.customers.create({ name: 'Newco Ltd', emailAddress: 'ap@newco.example' });
    expect(created).toMatchObject({ name: 'Newco Ltd', emailAddress: 'ap@newco.example', status: 'Active' });
    expect(acme.writes.filter((w) => w.path === '/api/contacts')).toHaveLength(1);
    expect([...acme.contacts.values()].filter((c) => c.name === 'Newco Ltd')).toHaveLength(1);
    // Lookups: one before the first attempt, one after the lost answer (which found the record).
    expect(proxy.log.filter((l) => l.method === 'GET' && l.path.includes('name=Newco'))).toHaveLength(2);
  });

  it('describes its push options, and unsupported operations are type errors and NotSupportedError at run time', async () => {
    const { connection } = await connect();
    expect(connection.invoices.pushOptions()).toMatchObject({
      provider: 'acme',
      dataType: 'invoices',
      operations: ['create', 'update', 'delete'],
      deleteKind: 'void',
      idempotency: 'header',
      fields: expect.arrayContaining([expect.objectContaining({ path: 'number', maxLength: 12 })]),
    });
    expect(connection.customers.pushOptions().operations).toEqual(['create']);
    // @ts-expect-error Acme cannot delete contacts: the method is not in the type.
    const removal = connection.customers.delete;
    await expect((removal as (id: string) => Promise<unknown>)('c-0001')).rejects.toBeInstanceOf(NotSupportedError);
    // @ts-expect-error Nor update them.
    expect(typeof connection.customers.update).toBe('function');
    expect(acme.writes).toEqual([]);
  });
});
