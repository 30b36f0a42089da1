/**
 * The FreeAgent adapter against the FreeAgent emulator: link (no scope, PKCE, Basic auth, one company) → full sync of
 * every type through `Link` headers → changes → incremental sync through `updated_since` → an interrupted read
 * resumes; plus the emulator's own behaviours (paging headers, required `bank_account`, limits, refresh limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { MemoryCheckpointStore, memorySink, type SyncSink } from '../../../src/sync';
import { findLinkByRel, parseLinkHeader } from '../../../src/pagination/link-header';
import { freeagent } from '../index';
import { createFreeAgentEmulator, type FreeAgentEmulator } from './index';

function ledgerFor(e: FreeAgentEmulator) {
  return createLedger({
    providers: {
      freeagent: freeagent({ clientId: e.client.clientId, clientSecret: e.client.clientSecret, redirectUri: e.client.redirectUris[0]!, environment: 'sandbox', urls: { api: e.urls.api, authorization: e.urls.authorization, token: e.urls.token } }),
    },
    limiter: { timeScale: 60 },
  });
}

async function link(e: FreeAgentEmulator, ledger: ReturnType<typeof ledgerFor>) {
  const { authorizationUrl } = await ledger.link.start('freeagent');
  const url = new URL(authorizationUrl);
  expect(url.pathname).toBe('/v2/approve_app');
  expect(url.searchParams.has('scope')).toBe(false);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('freeagent', res.headers.get('location')!);
  if (outcome.status === 'choose-tenant') throw new Error('a FreeAgent authorisation is one company');
  expect(outcome.connection.tenant).toMatchObject({ id: e.tenantId, name: 'Emulated Consulting Ltd' });
  return ledger.connection(outcome.connection.id, 'freeagent');
}

/** An authorization code through the plain (no PKCE) authorization URL, as a FreeAgent app without PKCE would. */
async function codeFor(e: FreeAgentEmulator): Promise<string> {
  const q = new URLSearchParams({ response_type: 'code', client_id: e.client.clientId, redirect_uri: e.client.redirectUris[0]!, state: 'state-0123456789abcdef' });
  const loc = (await fetch(`${e.urls.authorization}?${q}`, { redirect: 'manual' })).headers.get('location')!;
  return new URL(loc).searchParams.get('code')!;
}

const basicOf = (e: FreeAgentEmulator) => `Basic ${Buffer.from(`${e.client.clientId}:${e.client.clientSecret}`).toString('base64')}`;

async function token(e: FreeAgentEmulator): Promise<string> {
  const res = await fetch(e.urls.token, {
    method: 'POST',
    headers: { authorization: basicOf(e), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: await codeFor(e), redirect_uri: e.client.redirectUris[0]! }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('FreeAgent adapter against the emulator', () => {
  let emu: FreeAgentEmulator;
  beforeAll(async () => {
    emu = await createFreeAgentEmulator({ seed: 3, invoices: 230, contacts: 30, timeScale: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('links, syncs everything, reads changes incrementally, and resumes an interrupted read', async () => {
    const ledger = ledgerFor(emu);
    const connection = await link(emu, ledger);
    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    const before = emu.log.length;
    const full = await ledger.sync(connection, { sink, checkpointStore, reportParams: { date: '2026-06-30', fromDate: '2026-01-01', toDate: '2026-06-30' } });
    expect(full.status).toBe('ok');
    expect(full.issueCount).toBe(0);
    expect(full.apiCalls).toBe(emu.log.length - before);
    expect(full.types.invoices).toMatchObject({ records: 230, pages: 3 });
    expect(full.types.customers?.records).toBe(30);
    expect(full.types.suppliers?.records).toBe(30);
    expect(full.types.bankTransactions?.records).toBe(emu.store.list('bank_transactions').length);
    const explanations = emu.store.list('bank_transaction_explanations');
    expect(full.types.payments?.records).toBe(explanations.filter((x) => x.paid_invoice).length);
    expect(full.types.billPayments?.records).toBe(explanations.filter((x) => x.paid_bill).length);
    expect(full.types.accounts?.records).toBe(10);
    expect(sink.records('company')).toHaveLength(1);
    expect(sink.records('balanceSheet')[0]).toMatchObject({ id: 'balance-sheet:2026-06-30' });
    const bs = sink.records('balanceSheet')[0] as unknown as { netAssets: string; equity: { value: string } };
    expect(bs.netAssets).toBe(bs.equity.value); // the emulated trial balance balances
    // Invoice pages: per_page=100, nested items, sort=updated_at, then the Link header's next links.
    const invoicePages = emu.log.slice(before).filter((l) => l.path === '/v2/invoices');
    expect(invoicePages.map((l) => new URLSearchParams(l.query).get('page') ?? '1')).toEqual(['1', '2', '3']);
    for (const l of invoicePages) {
      const q = new URLSearchParams(l.query);
      expect([q.get('per_page'), q.get('nested_invoice_items'), q.get('sort')]).toEqual(['100', 'true', 'updated_at']);
    }
    // Bank transactions per bank account, by the account's URL.
    const tx = emu.log.slice(before).filter((l) => l.path === '/v2/bank_transactions').map((l) => new URLSearchParams(l.query).get('bank_account'));
    expect([...new Set(tx)]).toEqual([`${emu.urls.api}/bank_accounts/1`, `${emu.urls.api}/bank_accounts/2`]);
    const perAccount = (n: string) => emu.store.list('bank_transactions').filter((t) => String(t.bank_account).endsWith(`/bank_accounts/${n}`)).length;
    expect(tx).toHaveLength(Math.ceil(perAccount('1') / 100) + Math.ceil(perAccount('2') / 100));
    // Money exact, references from URLs.
    const inv = sink.records('invoices').find((r) => r.id === '1') as unknown as Record<string, unknown>;
    const raw = emu.store.list('invoices')[0]!;
    expect(inv.totalAmount).toBe(raw.total_value);
    expect(inv.customerRef).toEqual({ id: String(raw.contact).split('/').pop() });

    // Changes → incremental.
    emu.store.touch('invoices', '7', { comments: 'edited' });
    emu.store.touch('invoices', '8', { status: 'Cancelled', paid_value: '0.0', due_value: '0.0' });
    emu.store.touch('contacts', '3', { organisation_name: 'Renamed Ltd' });
    const sink2 = memorySink();
    const mark = emu.log.length;
    const inc = await ledger.sync(connection, { sink: sink2, checkpointStore });
    expect(inc.status).toBe('ok');
    expect(inc.types.invoices?.mode).toBe('incremental');
    expect(sink2.records('invoices').map((r) => r.id).sort()).toEqual(['7', '8']);
    expect(sink2.records('invoices').find((r) => r.id === '8')).toMatchObject({ status: 'Void', isDeleted: true });
    expect(sink2.records('customers').map((r) => [r.id, (r as unknown as { name: string }).name])).toEqual([['3', 'Renamed Ltd']]);
    expect(emu.log.slice(mark).filter((l) => l.path === '/v2/invoices').every((l) => new URLSearchParams(l.query).has('updated_since'))).toBe(true);

    // Interrupted: the sink dies after every acknowledged batch; each retry resumes at its checkpoint.
    const resumeStore = new MemoryCheckpointStore();
    const seen = new Map<string, number>();
    for (let kills = 0; ; kills++) {
      let acked = 0;
      const dying: SyncSink = {
        async write(batch) {
          if (acked === 1) throw new Error('killed');
          acked++;
          for (const r of batch.records) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
        },
      };
      const ok = await ledger.sync(connection, { sink: dying, checkpointStore: resumeStore, dataTypes: ['invoices'] }).then(() => true, () => false);
      if (ok) break;
      expect(kills).toBeLessThan(20);
    }
    expect(seen.size).toBe(230);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('FreeAgent emulator', () => {
  let emu: FreeAgentEmulator;
  let bearer: string;
  beforeAll(async () => {
    emu = await createFreeAgentEmulator({ seed: 5, invoices: 60, contacts: 12, timeScale: 60 });
    bearer = await token(emu);
  });
  afterAll(async () => {
    await emu.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${emu.urls.api}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });

  it('pages with per_page default 25 (max 100), a Link header with absolute prev/next/first/last, and X-Total-Count', async () => {
    const first = await get('/invoices');
    expect(first.headers.get('x-total-count')).toBe('60');
    expect(((await first.json()) as { invoices: unknown[] }).invoices).toHaveLength(25);
    expect(parseLinkHeader(first.headers.get('link')).map((l) => l.rel[0])).toEqual(['next', 'first', 'last']);
    const next = findLinkByRel(first.headers.get('link'), 'next')!;
    expect(next).toBe(`${emu.urls.api}/invoices?page=2&per_page=25`);
    const last = await get('/invoices?page=3&per_page=25');
    expect(findLinkByRel(last.headers.get('link'), 'next')).toBeUndefined();
    expect(findLinkByRel(last.headers.get('link'), 'prev')).toBe(`${emu.urls.api}/invoices?page=2&per_page=25`);
    const big = await get('/invoices?per_page=500');
    expect(((await big.json()) as { invoices: unknown[] }).invoices).toHaveLength(60);
  });

  it('invoice items only with nested_invoice_items=true; records carry absolute URLs of the emulator', async () => {
    const plain = ((await (await get('/invoices?per_page=1')).json()) as { invoices: Record<string, unknown>[] }).invoices[0]!;
    expect(plain.invoice_items).toBeUndefined();
    expect(plain.url).toBe(`${emu.urls.api}/invoices/1`);
    expect(String(plain.contact)).toMatch(new RegExp(`^${emu.urls.api}/contacts/\\d+$`));
    const nested = ((await (await get('/invoices?per_page=1&nested_invoice_items=true')).json()) as { invoices: Record<string, unknown>[] }).invoices[0]!;
    expect(Array.isArray(nested.invoice_items)).toBe(true);
    expect(((await (await get('/invoices/1')).json()) as { invoice: { url: string } }).invoice.url).toBe(`${emu.urls.api}/invoices/1`);
    expect((await get('/invoices/99999')).status).toBe(404);
  });

  it('updated_since and sort=updated_at', async () => {
    emu.store.touch('invoices', '4');
    await new Promise((r) => setTimeout(r, 50)); // > 1 emulated second at ×60 (timestamps have whole seconds)
    emu.store.touch('invoices', '2');
    const since = new Date(Date.now() - 60_000).toISOString();
    const body = (await (await get(`/invoices?updated_since=${since}&sort=updated_at`)).json()) as { invoices: { url: string }[] };
    expect(body.invoices.map((i) => i.url.split('/').pop())).toEqual(['4', '2']);
  });

  it('bank_transactions requires bank_account; errors come in the errors envelope', async () => {
    const res = await get('/bank_transactions');
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ errors: { error: { message: 'bank_account is required' } } });
    const ok = await get(`/bank_transactions?bank_account=${encodeURIComponent(`${emu.urls.api}/bank_accounts/2`)}`);
    expect(ok.status).toBe(200);
    const rows = ((await ok.json()) as { bank_transactions: { bank_account: string }[] }).bank_transactions;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.bank_account.endsWith('/bank_accounts/2'))).toBe(true);
    expect((await fetch(`${emu.urls.api}/invoices`)).status).toBe(401);
  });

  it('X-RateLimit-Test and a spent minute answer 429 with Retry-After seconds', async () => {
    const test = await get('/company', { 'X-RateLimit-Test': 'true' });
    expect(test.status).toBe(429);
    expect(Number(test.headers.get('retry-after'))).toBeGreaterThan(0);
    emu.limits.spendMinute();
    const res = await get('/company');
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });
});

describe('FreeAgent emulator token endpoint', () => {
  it('refreshes return a new refresh token (the old one then fails), and the 16th refresh in a minute is refused', async () => {
    const emu = await createFreeAgentEmulator({ seed: 9, invoices: 5, contacts: 3 });
    try {
      const code = await codeFor(emu);
      const basic = basicOf(emu);
      const post = (form: Record<string, string>) => fetch(emu.urls.token, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      const first = (await (await post({ grant_type: 'authorization_code', code, redirect_uri: emu.client.redirectUris[0]! })).json()) as Record<string, unknown>;
      expect(Object.keys(first).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'refresh_token_expires_in', 'token_type']);
      expect(first).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
      let rt = String(first.refresh_token);
      const r1 = (await (await post({ grant_type: 'refresh_token', refresh_token: rt })).json()) as Record<string, unknown>;
      expect(r1.refresh_token).not.toBe(rt);
      expect((await post({ grant_type: 'refresh_token', refresh_token: rt })).status).toBe(400);
      rt = String(r1.refresh_token);
      for (let i = 0; i < 12; i++) {
        const r = (await (await post({ grant_type: 'refresh_token', refresh_token: rt })).json()) as { refresh_token: string };
        rt = r.refresh_token;
      }
      // 1 + 1 (refused replay) + 12 = 14 refresh grants so far; the 15th passes, the 16th is throttled.
      expect((await post({ grant_type: 'refresh_token', refresh_token: rt })).status).toBe(200);
      const refused = await post({ grant_type: 'refresh_token', refresh_token: rt });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(emu.stats().refreshesRefused).toBe(1);
    } finally {
      await emu.close();
    }
  });
});

describe('FreeAgent emulator with faults', () => {
  it('puts a fault proxy in front, and the Link header next links keep going through it', async () => {
    const emu = await createFreeAgentEmulator({ seed: 6, invoices: 250, contacts: 5, timeScale: 60, faults: [{ fault: 'status', status: 503, path: /\/v2\/invoices\?/, at: [2] }] });
    try {
      expect(emu.proxy).toBeDefined();
      expect(emu.urls.api).toBe(emu.proxy!.url);
      const ledger = createLedger({ providers: { freeagent: freeagent({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, authorization: emu.urls.authorization, token: emu.urls.token } }) }, limiter: { timeScale: 60 }, retry: { retries: 3, minDelayMs: 5, maxDelayMs: 20 } });
      const connection = await link(emu, ledger);
      const result = await ledger.sync(connection, { sink: memorySink(), checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices'] });
      expect(result.types.invoices).toMatchObject({ status: 'ok', records: 250 });
      expect(emu.proxy!.faults().status).toBe(1);
      const pages = emu.proxy!.log.filter((l) => l.path.startsWith('/v2/invoices?')).map((l) => [new URLSearchParams(l.path.split('?')[1]).get('page') ?? '1', l.status]);
      expect(pages).toEqual([['1', 200], ['2', 503], ['2', 200], ['3', 200]]);
    } finally {
      await emu.close();
    }
  });
});

describe('FreeAgent throttling end to end', () => {
  it('the emulator answers 429 + Retry-After when its minute is spent, and the sync waits and completes', async () => {
    // 2 requests per emulated minute (a real second at ×60) against an adapter that believes in 120.
    const emu = await createFreeAgentEmulator({ seed: 7, invoices: 250, contacts: 150, timeScale: 60, minuteLimit: 2 });
    try {
      const ledger = createLedger({ providers: { freeagent: freeagent({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, authorization: emu.urls.authorization, token: emu.urls.token } }) }, limiter: { timeScale: 60 }, retry: { retries: 6, minDelayMs: 5, maxDelayMs: 20 } });
      const connection = await link(emu, ledger);
      const result = await ledger.sync(connection, { sink: memorySink(), checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices', 'customers'] });
      expect(result.status).toBe('ok');
      expect(result.types.invoices?.records).toBe(250);
      expect(result.types.customers?.records).toBe(150);
      expect(emu.stats().throttled).toBeGreaterThan(0);
      expect(emu.log.filter((l) => l.status === 429).length).toBe(emu.stats().throttled);
    } finally {
      await emu.close();
    }
  });

  it('a spent hour answers 429 with the wait until the hour ends', async () => {
    const emu = await createFreeAgentEmulator({ seed: 7, invoices: 3, contacts: 2 });
    try {
      const bearer = await token(emu);
      emu.limits.spendHour();
      const res = await fetch(`${emu.urls.api}/company`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
    } finally {
      await emu.close();
    }
  });
});
