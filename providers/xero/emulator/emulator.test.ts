/**
 * The Xero adapter against the Xero emulator: link (OIDC discovery, PKCE, tenant choice through /connections) →
 * full sync of every type → changes → incremental sync with If-Modified-Since → only the changes; plus the
 * emulator's own Xero behaviours (tenant header, 401, paging, where, rate limits).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { MemoryCheckpointStore, memorySink } from '../../../src/sync';
import { ErrorCodes } from '../../../src/errors';
import { xero } from '../index';
import { createXeroEmulator, type XeroEmulator } from './index';


/** A ledger with the Xero adapter pointed at an emulator. */
function ledgerFor(e: XeroEmulator, options: { timeScale?: number; perMinute?: number } = {}) {
  return createLedger({
    providers: {
      xero: xero({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        urls: { api: e.urls.api, issuer: e.urls.issuer, connections: e.urls.connections },
        ...(options.perMinute ? { rateLimits: { tenant: { perMinute: options.perMinute } } } : {}),
      }),
    },
    ...(options.timeScale ? { limiter: { timeScale: options.timeScale } } : {}),
  });
}

/** Links the first organisation of an emulator (consent follows the redirect like a browser). */
async function linkFirstOrg(e: XeroEmulator, ledger: ReturnType<typeof ledgerFor>) {
  const { authorizationUrl } = await ledger.link.start('xero');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('xero', res.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(e.tenants[0]!.id)).connection.id : outcome.connection.id;
  return ledger.connection(id, 'xero');
}

describe('Xero adapter against the Xero emulator', () => {
  let emu: XeroEmulator;
  beforeAll(async () => {
    emu = await createXeroEmulator({ seed: 7, invoices: 250, timeScale: 120 });
  });
  afterAll(async () => {
    await emu.close();
  });

  const makeLedger = () => ledgerFor(emu, { timeScale: 120 });

  async function link(ledger: ReturnType<typeof makeLedger>) {
    const { authorizationUrl } = await ledger.link.start('xero');
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('scope')).toContain('offline_access');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    const outcome = await ledger.link.complete('xero', res.headers.get('location')!);
    if (outcome.status !== 'choose-tenant') throw new Error('two organisations on one consent must ask for a choice');
    expect(outcome.tenants.map((t) => t.name)).toEqual(['Demo Company (UK)', 'Second Org Ltd']);
    return (await outcome.complete(emu.tenants[0]!.id)).connection.id;
  }

  it('links, syncs every type, then fetches only the changes', async () => {
    const ledger = makeLedger();
    const connection = await ledger.connection(await link(ledger), 'xero');
    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    const full = await ledger.sync(connection, { sink, checkpointStore });
    expect(full.status).toBe('ok');
    expect(full.issueCount).toBe(0);
    const invoices = emu.store.list('Invoices').filter((r) => r.Type === 'ACCREC');
    expect(full.types.invoices).toMatchObject({ records: invoices.length, pages: 3 });
    expect(full.types.bills).toMatchObject({ records: emu.store.list('Invoices').length - invoices.length });
    // One call per unpaged type, ceil(n/100) per paged type.
    expect(full.apiCalls).toBe(emu.log.filter((l) => l.status === 200).length);
    for (const l of emu.log) expect(l.tenantId).toBe(emu.tenants[0]!.id);
    expect(sink.records('invoices').every((r) => /^\d+(\.\d+)?$/.test(String(r.totalAmount)))).toBe(true);

    const inv = invoices[3]!;
    emu.store.touch('Invoices', String(inv.InvoiceID), { Status: 'VOIDED', AmountDue: 0 });
    const contact = emu.store.list('Contacts').find((c) => c.IsCustomer === true)!;
    emu.store.touch('Contacts', String(contact.ContactID), { ContactStatus: 'ARCHIVED' });
    emu.log.length = 0;
    const sink2 = memorySink();
    const incremental = await ledger.sync(connection, { sink: sink2, checkpointStore });
    expect(incremental.status).toBe('ok');
    expect(sink2.records('invoices')).toEqual([expect.objectContaining({ id: inv.InvoiceID, status: 'Void', isDeleted: true })]);
    expect(sink2.records('customers')).toEqual([expect.objectContaining({ id: contact.ContactID, isDeleted: true })]);
    expect(incremental.types.bills?.records).toBe(0);
    // Incremental reads carried If-Modified-Since: nothing but the changes came back.
    const changed = Object.values(incremental.types).reduce((n, t) => n + (t?.records ?? 0), 0);
    // Types without If-Modified-Since are read in full every time (company, tax rates, tracking, the two reports).
    const unfiltered = (['company', 'taxRates', 'trackingCategories', 'balanceSheet', 'profitAndLoss'] as const).reduce((n, t) => n + (incremental.types[t]?.records ?? 0), 0);
    expect(incremental.types.balanceSheet?.records).toBe(1);
    expect(incremental.types.profitAndLoss?.records).toBe(1);
    expect(changed - unfiltered).toBe(2);
  });

  it('behaves like Xero for tenant headers, tokens, paging and where', async () => {
    const ledger = makeLedger();
    const id = await link(ledger);
    const token = await ledger.tokens.getAccessToken(id);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${emu.urls.api}${path}`, { headers: { accept: 'application/json', ...headers } });
    expect((await get('/Invoices')).status).toBe(401);
    expect((await get('/Invoices', { authorization: `Bearer ${token}` })).status).toBe(403);
    const auth = { authorization: `Bearer ${token}`, 'xero-tenant-id': emu.tenants[0]!.id };
    const page = (await (await get('/Invoices?page=2&pageSize=100&where=Type%3D%3D%22ACCREC%22', auth)).json()) as { pagination: { page: number; pageCount: number; itemCount: number }; Invoices: Array<{ Type: string; Date: string }> };
    expect(page.pagination).toMatchObject({ page: 2, pageCount: 3, itemCount: 250 });
    expect(page.Invoices.every((i) => i.Type === 'ACCREC' && /^\/Date\(\d+\+0000\)\/$/.test(i.Date))).toBe(true);
    expect((await get('/Invoices?where=Type%3D%3D', auth)).status).toBe(400);
    const res = await get('/Accounts', auth);
    expect(res.headers.get('x-minlimit-remaining')).toMatch(/^\d+$/);
    expect(res.headers.get('x-daylimit-remaining')).toMatch(/^\d+$/);
    const conn = await ledger.connection(id, 'xero');
    await expect(conn.invoices.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
  });

  it('answers a spent daily limit with 429 day, and the adapter fails fast with resetAt', async () => {
    const small = await createXeroEmulator({ seed: 3, invoices: 10, dailyLimit: 3 });
    try {
      const conn = await linkFirstOrg(small, ledgerFor(small));
      for (let i = 0; i < 3; i++) await conn.accounts.list();
      const started = Date.now();
      await expect(conn.accounts.list()).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT, resetAt: expect.stringMatching(/Z$/) });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(small.log.filter((l) => l.status === 429)).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  describe('rate limits (time ×60: an emulated minute lasts one real second)', () => {
    async function connect(overrides: { perMinute?: number } = {}, minuteLimit?: number) {
      const e = await createXeroEmulator({ seed: 5, invoices: 10, timeScale: 60, latencyMs: 20, ...(minuteLimit ? { minuteLimit } : {}) });
      return { e, conn: await linkFirstOrg(e, ledgerFor(e, { timeScale: 60, ...overrides })) };
    }

    it('at the published limits: 80 parallel calls, never more than 5 at once, zero 429s', async () => {
      const { e, conn } = await connect();
      try {
        await Promise.all(Array.from({ length: 80 }, () => conn.accounts.list()));
        expect(e.log.filter((l) => l.status === 200)).toHaveLength(80);
        expect(e.log.filter((l) => l.status === 429)).toHaveLength(0);
      } finally {
        await e.close();
      }
    });

    it('past the minute limit: Xero answers 429 minute with Retry-After, the pipeline waits it out and every call succeeds', async () => {
      // Another process of the same app has spent this minute's budget, so the pipeline cannot know it in advance:
      // the first answers are 429 minute; the pipeline must hold the organisation for Retry-After, then finish.
      const { e, conn } = await connect();
      try {
        e.limits.spendMinute();
        const started = Date.now();
        await Promise.all(Array.from({ length: 20 }, () => conn.accounts.list()));
        const statuses = e.log.map((l) => l.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(20);
        const throttled = statuses.filter((s) => s === 429).length;
        expect(throttled).toBeGreaterThan(0);
        expect(throttled).toBeLessThanOrEqual(5); // only the first wave, sent before any answer came back
        expect(statuses.slice(0, throttled).every((s) => s === 429)).toBe(true); // no call got through early
        expect(Date.now() - started).toBeGreaterThanOrEqual(500); // Retry-After was waited out, not ignored
      } finally {
        await e.close();
      }
    });
  });
});
