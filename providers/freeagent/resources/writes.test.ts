/**
 * FreeAgent invoice writes against the emulator: create (`POST /invoices`, `{"invoice":{…}}`, URL references below
 * the configured API base), update (`PUT`), delete (`DELETE`), local validation before any call, and a 422 mapped to
 * a ValidationError with issues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { createLedger } from '../../../src/ledger';
import { freeagent } from '../index';
import { createFreeAgentEmulator, type FreeAgentEmulator } from '../emulator/index';
import { invoiceOut } from './writes';

describe('FreeAgent invoice body', () => {
  it('maps canonical fields to the Postman body shape with absolute URL references and exact amounts', () => {
    const body = invoiceOut(
      { customerRef: { id: '43' }, issueDate: '2019-08-18', dueDate: '2019-09-18', number: 'INV-9', currency: 'GBP', note: 'Thanks', lineItems: [{ description: 'Work', quantity: '3', unitAmount: '100.10', accountRef: { id: '001' }, tracking: [] }] },
      { tenant: { id: 'acme' }, idempotencyKey: 'k', urls: { api: 'https://api.sandbox.freeagent.com/v2/' } },
    );
    expect(body).toEqual({
      contact: 'https://api.sandbox.freeagent.com/v2/contacts/43',
      dated_on: '2019-08-18',
      due_on: '2019-09-18',
      reference: 'INV-9',
      currency: 'GBP',
      comments: 'Thanks',
      invoice_items: [{ description: 'Work', item_type: 'Services', price: '100.10', quantity: '3', category: 'https://api.sandbox.freeagent.com/v2/categories/001' }],
    });
  });
});

describe('FreeAgent invoice writes against the emulator', () => {
  let emu: FreeAgentEmulator;
  beforeAll(async () => {
    emu = await createFreeAgentEmulator({ seed: 4, invoices: 10, contacts: 5, timeScale: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });

  async function connect() {
    const ledger = createLedger({ providers: { freeagent: freeagent({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, authorization: emu.urls.authorization, token: emu.urls.token } }) }, limiter: { timeScale: 60 } });
    const { authorizationUrl } = await ledger.link.start('freeagent');
    const outcome = await ledger.link.complete('freeagent', (await fetch(authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
    if (outcome.status !== 'linked') throw new Error('not linked');
    return ledger.connection(outcome.connection.id, 'freeagent');
  }

  it('creates, reads back, updates and deletes an invoice', async () => {
    const c = await connect();
    const created = await c.invoices.create({ customerRef: { id: '2' }, issueDate: '2026-03-01', number: 'LL-1', totalAmount: '0', lineItems: [{ description: 'Consulting', quantity: '2', unitAmount: '150.25', tracking: [] }] });
    expect(created).toMatchObject({ customerRef: { id: '2' }, number: 'LL-1', issueDate: '2026-03-01', subTotal: '300.5', totalAmount: '300.5', status: 'Draft' });
    const stored = emu.store.list('invoices').find((r) => String(r.url).endsWith(`/invoices/${created.id}`))!;
    expect(stored.contact).toBe(`http://freeagent-emulator.invalid/v2/contacts/2`); // the emulator stored the reference it was sent
    const post = emu.log.filter((l) => l.method === 'POST');
    expect(post.map((l) => [l.path, l.status])).toEqual([['/v2/invoices', 201]]);
    expect((await c.invoices.get(created.id)).number).toBe('LL-1');
    const updated = await c.invoices.update(created.id, { note: 'Updated', lineItems: [{ description: 'More', quantity: '1', unitAmount: '99.99', tracking: [] }] });
    expect(updated).toMatchObject({ id: created.id, note: 'Updated', totalAmount: '99.99' });
    const deleted = await c.invoices.delete(created.id);
    expect(deleted).toMatchObject({ id: created.id, kind: 'delete' });
    expect(emu.store.list('invoices').some((r) => String(r.url).endsWith(`/invoices/${created.id}`))).toBe(false);
  });

  it('refuses a create without a contact before any call, and maps a provider 422 to a ValidationError', async () => {
    const c = await connect();
    const before = emu.log.length;
    const local = await c.invoices.create({ issueDate: '2026-03-01', totalAmount: '0' } as never).then(() => undefined, (e: unknown) => e);
    expect(local).toBeInstanceOf(ValidationError);
    expect(emu.log.length).toBe(before);
    const remote = await c.invoices.create({ customerRef: { id: '999' }, issueDate: '2026-03-01', totalAmount: '0' }).then(() => undefined, (e: unknown) => e);
    expect(remote).toBeInstanceOf(ValidationError);
    expect((remote as ValidationError).status).toBe(422);
    expect((remote as ValidationError).issues).toEqual([{ path: 'contact', message: 'Contact is required' }]);
  });
});
