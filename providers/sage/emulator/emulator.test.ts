/**
 * The Sage adapter against the Sage emulator: link (PKCE, `filter=apiv3.1`, `country` on the callback, a choice of
 * businesses) → full sync of every type (`attributes=all`, 200 per page, `$next`) → changes and a delete →
 * incremental sync (`updated_or_created_since`, `deleted_since` tombstones) → an interrupted read resumes; plus the
 * emulator's own behaviours (envelopes, slim items, errors, 429, X-Business, revocation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { MemoryCheckpointStore, memorySink, type SyncSink } from '../../../src/sync';
import { addDecimals, decimalsEqual } from '../../../src/model/primitives';
import { sage } from '../index';
import { createSageEmulator, type SageEmulator } from './index';

function ledgerFor(e: SageEmulator, limits?: { perMinute?: number }) {
  return createLedger({
    providers: {
      sage: sage({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        urls: { api: e.urls.api, core: e.urls.core, authorization: e.urls.authorization, token: e.urls.token, revocation: e.urls.revocation },
        ...(limits ? { rateLimits: { tenant: limits } } : {}),
      }),
    },
    limiter: { timeScale: 60 },
    retry: { retries: 3, minDelayMs: 5, maxDelayMs: 50 },
  });
}

async function link(e: SageEmulator, ledger: ReturnType<typeof ledgerFor>, businessIndex = 0) {
  const { authorizationUrl } = await ledger.link.start('sage');
  const url = new URL(authorizationUrl);
  expect(url.pathname).toBe('/oauth2/auth/central');
  expect(url.searchParams.get('filter')).toBe('apiv3.1');
  expect(url.searchParams.get('scope')).toBe('full_access');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = res.headers.get('location')!;
  expect(new URL(location).searchParams.get('country')).toBe('GB');
  const outcome = await ledger.link.complete('sage', location);
  if (outcome.status !== 'choose-tenant') throw new Error('the emulated user has two businesses: the caller must choose');
  expect(outcome.tenants.map((t) => t.id)).toEqual(e.businesses.map((b) => b.id));
  expect(outcome.tenants[0]).toMatchObject({ name: e.businesses[0]!.name, region: 'GB', type: 'BUSINESS' });
  const done = await outcome.complete(e.businesses[businessIndex]!.id);
  return ledger.connection(done.connection.id, 'sage');
}

describe('Sage adapter against the emulator', () => {
  let emu: SageEmulator;
  beforeAll(async () => {
    emu = await createSageEmulator({ seed: 3, invoices: 450, customers: 30, timeScale: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('links, syncs everything, reads changes and deletes incrementally, and resumes an interrupted read', async () => {
    const ledger = ledgerFor(emu);
    const connection = await link(emu, ledger);
    const lead = emu.businesses[0]!.id;
    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    const full = await ledger.sync(connection, { sink, checkpointStore, reportParams: { date: new Date().toISOString().slice(0, 10), toDate: new Date().toISOString().slice(0, 10), fromDate: '2000-01-01' } });
    expect(full.issues).toEqual([]);
    expect(full.status).toBe('ok');
    expect(full.types.invoices).toMatchObject({ records: 450, pages: 3 });
    expect(full.types.bills?.records).toBe(emu.store.list('purchase_invoices').length);
    const contactsOf = (t: string) => emu.store.list('contacts').filter((c) => (c.contact_types as { id: string }[]).some((x) => x.id === t)).length;
    expect(full.types.customers?.records).toBe(contactsOf('CUSTOMER'));
    expect(full.types.suppliers?.records).toBe(contactsOf('VENDOR'));
    expect(full.types.payments!.records + full.types.billPayments!.records).toBe(emu.store.list('contact_payments').length);
    expect(full.types.items?.records).toBe(emu.store.list('products').length);
    expect(full.types.bankTransactions?.records).toBe(emu.store.list('other_payments').length);
    expect(emu.log.filter((l) => l.path !== '/v3.1/businesses').every((l) => l.business === lead)).toBe(true);
    expect(emu.log.filter((l) => l.path === '/v3.1/businesses')).toHaveLength(1);
    const invoiceCalls = emu.log.filter((l) => l.path === '/v3.1/sales_invoices');
    expect(invoiceCalls).toHaveLength(3);
    for (const c of invoiceCalls) {
      const q = new URLSearchParams(c.query);
      expect(q.get('attributes')).toBe('all');
      expect(q.get('items_per_page')).toBe('200');
      expect(q.get('show_payments_allocations')).toBe('true');
    }
    // Allocations come with the list (show_payments_allocations): every paid invoice has its receipt allocated.
    const paid = sink.records('invoices').filter((r) => r.status === 'Paid') as unknown as { allocations: { kind: string }[] }[];
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((r) => r.allocations.length === 1 && r.allocations[0]!.kind === 'Payment')).toBe(true);
    expect(invoiceCalls.map((c) => new URLSearchParams(c.query).get('page') ?? '1')).toEqual(['1', '2', '3']);
    // No N+1: no single-record GET.
    expect(emu.log.filter((l) => /\/v3\.1\/[a-z_]+\/[0-9a-f]{32}$/.test(l.path))).toEqual([]);
    expect(sink.records('invoices').every((r) => /^-?\d+(\.\d+)?$/.test(String(r.totalAmount)))).toBe(true);
    // Contact balances come with show_balance=true: what the customer still owes on its invoices.
    const balances = sink.records('customers').map((c) => (c as unknown as { balance?: string }).balance);
    expect(balances.every((b) => typeof b === 'string')).toBe(true);
    expect(balances.some((b) => Number(b) > 0)).toBe(true);
    const [company] = sink.records('company');
    expect(company).toMatchObject({ id: lead, baseCurrency: 'GBP', countryCode: 'GB', financialYearEndMonth: 3, financialYearEndDay: 31 });

    // The emulator posts every document to the ledger: the computed balance sheet must balance and P&L tie to it.
    const [bs] = sink.records('balanceSheet') as unknown as { netAssets: string; equity: { value: string }; assets: { value: string } }[];
    expect(decimalsEqual(bs!.netAssets, bs!.equity.value)).toBe(true);
    expect(Number(bs!.assets.value)).toBeGreaterThan(0);
    const [pl] = sink.records('profitAndLoss') as unknown as { netProfit: string }[];
    const profitLine = (bs as unknown as { equity: { items: { name: string; value: string }[] } }).equity.items.find((i) => i.name === 'Profit and loss to date');
    expect(decimalsEqual(addDecimals(pl!.netProfit), profitLine!.value)).toBe(true);

    // Changes: one invoice voided, one edited, one deleted; a customer renamed.
    const invoices = emu.store.list('sales_invoices').filter((i) => (i.status as { id: string }).id === 'UNPAID');
    emu.store.touch('sales_invoices', String(invoices[0]!.id), { status: { id: 'VOID', displayed_as: 'Void', $path: '/artefact_statuses/VOID' }, void_reason: 'Customer cancelled', outstanding_amount: 0 });
    emu.store.touch('sales_invoices', String(invoices[1]!.id), { notes: 'Updated' });
    emu.store.delete('sales_invoices', String(invoices[2]!.id));
    const customer = emu.store.list('contacts').find((c) => (c.contact_types as { id: string }[])[0]!.id === 'CUSTOMER')!;
    emu.store.touch('contacts', String(customer.id), { name: 'Renamed Ltd' });
    const before = emu.log.length;
    const sink2 = memorySink();
    const inc = await ledger.sync(connection, { sink: sink2, checkpointStore, dataTypes: ['invoices', 'customers', 'bills', 'accounts'] });
    expect(inc.status).toBe('ok');
    const calls = emu.log.slice(before);
    const invCalls = calls.filter((l) => l.path === '/v3.1/sales_invoices').map((l) => new URLSearchParams(l.query));
    expect(invCalls).toHaveLength(2);
    expect(invCalls[0]!.get('updated_or_created_since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(invCalls[1]!.get('deleted_since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    // ledger_accounts has no deleted_since: one call only.
    expect(calls.filter((l) => l.path === '/v3.1/ledger_accounts')).toHaveLength(1);
    const changed = sink2.records('invoices');
    expect(changed).toHaveLength(3);
    expect(changed.find((r) => r.id === invoices[0]!.id)).toMatchObject({ status: 'Void', isDeleted: true, note: 'Voided: Customer cancelled' });
    expect(changed.find((r) => r.id === invoices[1]!.id)).toMatchObject({ note: 'Updated', isDeleted: false });
    expect(changed.find((r) => r.id === invoices[2]!.id)).toMatchObject({ isDeleted: true });
    expect(sink2.records('customers')).toEqual([expect.objectContaining({ id: customer.id, name: 'Renamed Ltd' })]);
    expect(sink2.records('bills')).toEqual([]);

    // An interrupted full read of invoices (a fresh checkpoint store) resumes after the last acknowledged page.
    const resumeStore = new MemoryCheckpointStore();
    const seen: string[] = [];
    let pagesLeft = 1;
    const crashing: SyncSink = {
      async write(batch) {
        if (pagesLeft-- <= 0) throw new Error('killed');
        for (const r of batch.records) seen.push(String((r as { id: string }).id));
      },
    };
    await expect(ledger.sync(connection, { sink: crashing, checkpointStore: resumeStore, dataTypes: ['invoices'] })).rejects.toThrow();
    expect(seen).toHaveLength(200);
    const mark = emu.log.length;
    pagesLeft = Infinity;
    const resumed = await ledger.sync(connection, { sink: crashing, checkpointStore: resumeStore, dataTypes: ['invoices'] });
    expect(resumed.status).toBe('ok');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(emu.store.list('sales_invoices').length);
    expect(new URLSearchParams(emu.log[mark]!.query).get('page')).toBe('2');
  });
});

describe('Sage emulator behaviours', () => {
  let emu: SageEmulator;
  beforeAll(async () => {
    emu = await createSageEmulator({ seed: 5, invoices: 30, customers: 6, timeScale: 60, minuteLimit: 15 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('the second business is chosen and sent as X-Business; a missing header means the lead business; an unknown one is refused', async () => {
    const ledger = ledgerFor(emu, { perMinute: 1000 });
    const conn = await link(emu, ledger, 1);
    const second = emu.businesses[1]!.id;
    const mark = emu.log.length;
    const res = await ledger.sync(conn, { sink: memorySink(), checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices'] });
    expect(res.types.invoices?.records).toBe(emu.store.list('sales_invoices', second).length);
    expect(emu.log.slice(mark).every((l) => l.business === second)).toBe(true);
    // Raw calls with the connection's token.
    const tokens = await conn.request<{ $total: number }>({ method: 'GET', url: '/sales_invoices' });
    expect(tokens.data.$total).toBe(emu.store.list('sales_invoices', second).length);
    // get(id) reads the full record without marking it as sent (mark_as_sent=false); a plain GET would mark it.
    const inv = emu.store.list('sales_invoices', second)[0]!;
    const got = await conn.invoices.get(String(inv.id));
    expect(got).toMatchObject({ id: inv.id, number: inv.invoice_number });
    expect(inv.sent).toBe(false);
    await conn.request({ method: 'GET', url: `/sales_invoices/${String(inv.id)}` });
    expect(inv.sent).toBe(true);
    const slim = await conn.request<{ $items: Record<string, unknown>[] }>({ method: 'GET', url: '/sales_invoices', query: { attributes: 'all' } });
    expect(slim.data.$items.every((i) => !('payments_allocations' in i))).toBe(true);
    await expect(conn.request({ method: 'GET', url: '/sales_invoices', headers: { 'X-Business': 'f'.repeat(32) } })).rejects.toMatchObject({ code: 'auth_error', status: 403, providerCode: 'BusinessNotFound' });
  });

  it('updated_or_created_since is inclusive, deleted_since exclusive; attributes takes a field list', async () => {
    const ledger = ledgerFor(emu, { perMinute: 1000 });
    const conn = await link(emu, ledger);
    const [a, b] = emu.store.list('contacts');
    const touched = emu.store.touch('contacts', String(a!.id), { notes: 'x' });
    const since = String(touched.updated_at);
    const inc = await conn.request<{ $items: { id: string }[] }>({ method: 'GET', url: '/contacts', query: { updated_or_created_since: since } });
    expect(inc.data.$items.map((i) => i.id)).toEqual([a!.id]);
    emu.store.delete('contacts', String(b!.id));
    const before = new Date(Date.parse(since) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const feed = await conn.request<{ $items: { id: string; deleted_at: string }[] }>({ method: 'GET', url: '/contacts', query: { deleted_since: before } });
    const entry = feed.data.$items.find((i) => i.id === b!.id)!;
    expect(entry.deleted_at).toMatch(/Z$/);
    const exact = await conn.request<{ $items: unknown[] }>({ method: 'GET', url: '/contacts', query: { deleted_since: entry.deleted_at } });
    expect(exact.data.$items).toEqual([]);
    const some = await conn.request<{ $items: Record<string, unknown>[] }>({ method: 'GET', url: '/contacts', query: { attributes: 'name,email', items_per_page: 2 } });
    expect(Object.keys(some.data.$items[0]!).sort()).toEqual(['$path', 'displayed_as', 'email', 'id', 'name']);
    await expect(conn.request({ method: 'GET', url: '/contacts', query: { updated_or_created_since: 'yesterday' } })).rejects.toMatchObject({ code: 'validation_error', status: 422 });
    await expect(conn.request({ method: 'GET', url: '/ledger_accounts', query: { deleted_since: since } })).rejects.toMatchObject({ status: 422 });
  });

  it('a 429 over the emulated minute is waited out and the sync completes', async () => {
    const ledger = ledgerFor(emu, { perMinute: 1000 });
    const conn = await link(emu, ledger);
    const mark = emu.log.length;
    emu.limits.spendMinute();
    const res = await ledger.sync(conn, { sink: memorySink(), checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices', 'bills', 'customers', 'suppliers'] });
    expect(res.status).toBe('ok');
    const throttled = emu.log.slice(mark).filter((l) => l.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(res.types.invoices?.records).toBe(30);
  });

  it('expired 5-minute tokens are refreshed with a rotating refresh token; 422 arrays become field issues; revoke ends it', async () => {
    const ledger = ledgerFor(emu, { perMinute: 1000 });
    const conn = await link(emu, ledger);
    const before = emu.oauth.stats().refreshGrants;
    emu.oauth.expireAllAccessTokens();
    await conn.request({ method: 'GET', url: '/financial_settings' });
    expect(emu.oauth.stats().refreshGrants).toBe(before + 1);
    emu.injectFault({ status: 422, body: [{ $severity: 'error', $dataCode: 'RecordInvalid', $message: 'must be in the past', $source: 'date' }] });
    await expect(conn.request({ method: 'GET', url: '/sales_invoices' })).rejects.toMatchObject({ code: 'validation_error', issues: [{ path: 'date', message: 'must be in the past', code: 'RecordInvalid' }] });
    await ledger.revoke(conn.id);
    await expect(conn.request({ method: 'GET', url: '/sales_invoices' })).rejects.toMatchObject({ relinkRequired: true });
  });
});

describe('Sage invoice writes against the emulator', () => {
  let emu: SageEmulator;
  beforeAll(async () => {
    emu = await createSageEmulator({ seed: 8, invoices: 10, customers: 4, timeScale: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates with the sales_invoice wrapper, updates, voids; push options and 422 $source become field issues', async () => {
    const ledger = ledgerFor(emu, { perMinute: 1000 });
    const conn = await link(emu, ledger);
    const customer = emu.store.list('contacts').find((c) => (c.contact_types as { id: string }[])[0]!.id === 'CUSTOMER')!;
    const sales = emu.store.list('ledger_accounts').find((a) => a.nominal_code === 4000)!;
    const line = { description: 'Consulting', quantity: '2', unitAmount: '125.00', accountRef: { id: String(sales.id) }, taxRateRef: { id: 'GB_STANDARD' }, tracking: [] };

    // Push options: a line without a ledger account fails locally, before any call.
    const mark = emu.log.length;
    await expect(conn.invoices.create({ customerRef: { id: String(customer.id) }, issueDate: '2026-02-01', totalAmount: '250', lineItems: [{ ...line, accountRef: undefined }] } as never)).rejects.toMatchObject({ code: 'validation_error' });
    expect(emu.log.length).toBe(mark);

    const created = await conn.invoices.create({ customerRef: { id: String(customer.id) }, issueDate: '2026-02-01', number: 'API-1', reference: 'PO-9', totalAmount: '300', lineItems: [line] } as never);
    expect(created).toMatchObject({ number: 'API-1', reference: 'PO-9', status: 'Open', subTotal: '250', totalTaxAmount: '50', totalAmount: '300', customerRef: { id: customer.id }, dueDate: '2026-03-03' });
    const post = emu.log.filter((l) => l.method === 'POST').at(-1)!;
    expect(post).toMatchObject({ path: '/v3.1/sales_invoices', status: 201 });

    const updated = await conn.invoices.update(created.id, { reference: 'PO-10' } as never);
    expect(updated).toMatchObject({ id: created.id, reference: 'PO-10', totalAmount: '300' });

    // Sage's own validation: an unknown contact answers 422 with $source → issue path.
    await expect(conn.invoices.create({ customerRef: { id: 'f'.repeat(32) }, issueDate: '2026-02-01', totalAmount: '1', lineItems: [line] } as never)).rejects.toMatchObject({
      code: 'validation_error',
      status: 422,
      issues: [{ path: 'contact_id', message: 'is not a customer of this business', code: 'RecordInvalid' }],
    });

    const voided = await conn.invoices.delete(created.id);
    expect(voided).toMatchObject({ id: created.id, kind: 'void', record: { status: 'Void', isDeleted: true } });
    const del = emu.log.filter((l) => l.method === 'DELETE').at(-1)!;
    expect(new URLSearchParams(del.query).get('void_reason')).toBe('Voided through ledgerlink');
    // A draft is deleted (❓ the emulator's guess): it appears in the deleted_since feed.
    const draft = await conn.invoices.create({ customerRef: { id: String(customer.id) }, issueDate: '2026-02-02', status: 'Draft', totalAmount: '300', lineItems: [line] } as never);
    expect(draft.status).toBe('Draft');
    expect(await conn.invoices.delete(draft.id)).toEqual({ id: draft.id, kind: 'void' });
    expect(emu.store.list('sales_invoices').some((i) => i.id === draft.id)).toBe(false);
  });
});
