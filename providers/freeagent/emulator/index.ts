/**
 * A local FreeAgent API v2: OAuth (authorize `/v2/approve_app` with automatic consent, token endpoint
 * `/v2/token_endpoint` with HTTP Basic client auth, a new refresh token on every refresh, 15 refreshes per minute),
 * `GET /v2/company`, the list endpoints with `page`/`per_page` (default 25, max 100), an RFC 5988 `Link` header
 * (`prev`/`next`/`first`/`last`, absolute URLs) and `X-Total-Count`, `updated_since`, `sort`, `view` on contacts,
 * `bank_account` required on `/bank_transactions`, `nested_invoice_items`/`nested_credit_note_items`, GET by id,
 * categories grouped by kind, the P&L and trial balance summaries (computed from the data), error bodies, the
 * 120/min and 3,600/hour limits answering 429 with `Retry-After` (time scalable), `X-RateLimit-Test: true`, latency,
 * a request log and a `store` for tests.
 *
 * Records' `url` fields and references are absolute URLs of the emulator itself — of the host the client addressed,
 * `X-Forwarded-Host` first, so a fault proxy in front keeps every followed link going through the proxy.
 *
 * Facts from ../shared/reference (README §5, doc-examples/, the Postman collection). Guessed (❓ in code): error
 * bodies and statuses (missing `bank_account`, unknown ids, 429 body), the default sort, whether `updated_since`
 * is inclusive, the refresh-limit answer, the shape of every record type without a saved example.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOAuthServer, type OAuthServer } from '../../../src/testing/emulator/oauth-server';
import { createFaultProxy, type FaultProxy, type FaultRule } from '../../../src/testing/fault-proxy';
import { BASE_TOKEN, COLLECTIONS, faTimestamp, money, seedCompany, type CollectionName, type CompanyData, type FaRecord } from './data';

/** Options of {@link createFreeAgentEmulator}. */
export interface FreeAgentEmulatorOptions {
  port?: number;
  seed?: number;
  /** Invoices in the company (default 120; bills are half as many). */
  invoices?: number;
  /** Contacts (default 40). */
  contacts?: number;
  latencyMs?: number;
  /** Emulated time runs this many times faster (rate-limit windows, token expiry). Default 1. */
  timeScale?: number;
  /** Requests per emulated minute / hour (defaults 120 / 3,600, reference §5.5). */
  minuteLimit?: number;
  hourLimit?: number;
  /** Token refreshes per emulated minute (default 15). */
  refreshLimit?: number;
  redirectUris?: string[];
  /** Fault rules: when given, `urls.api` is a fault proxy in front of the emulator (see `src/testing/fault-proxy`). */
  faults?: FaultRule[];
}

/** One logged API request. */
export interface FreeAgentRequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
}

/** A running FreeAgent emulator. */
export interface FreeAgentEmulator {
  urls: { api: string; authorization: string; token: string; origin: string };
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  /** The tenant id (company subdomain). */
  tenantId: string;
  oauth: OAuthServer;
  log: FreeAgentRequestLogEntry[];
  /** The fault proxy, when `faults` were given. */
  proxy?: FaultProxy;
  store: {
    company: FaRecord;
    list(collection: CollectionName): FaRecord[];
    /** Changes a record now (bumps `updated_at`). */
    touch(collection: CollectionName, id: string, changes?: FaRecord): FaRecord;
    /** Deletes a record (it simply disappears, as at FreeAgent). */
    delete(collection: CollectionName, id: string): void;
  };
  limits: { spendMinute(): void; spendHour(): void };
  stats(): { refreshesRefused: number; throttled: number };
  close(): Promise<void>;
}

const NESTED: Partial<Record<CollectionName, { param: string; field: string }>> = {
  invoices: { param: 'nested_invoice_items', field: 'invoice_items' },
  credit_notes: { param: 'nested_credit_note_items', field: 'credit_note_items' },
};
/** Singular body keys for GET by id. */
const SINGULAR: Record<CollectionName, string> = {
  contacts: 'contact',
  invoices: 'invoice',
  bills: 'bill',
  credit_notes: 'credit_note',
  bank_accounts: 'bank_account',
  bank_transactions: 'bank_transaction',
  bank_transaction_explanations: 'bank_transaction_explanation',
  journal_sets: 'journal_set',
  price_list_items: 'price_list_item',
};

const lastSegment = (url: string) => url.replace(/\/+$/, '').split('/').pop() ?? '';
const cents = (s: unknown) => Math.round(Number(s) * 100);

/** Starts a FreeAgent emulator on 127.0.0.1. */
export async function createFreeAgentEmulator(options: FreeAgentEmulatorOptions = {}): Promise<FreeAgentEmulator> {
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const startReal = Date.now();
  const now = () => startReal + (Date.now() - startReal) * timeScale;
  const data: CompanyData = seedCompany(seed, { invoices: options.invoices ?? 120, contacts: options.contacts ?? 40 }, startReal);
  const tenantId = String(data.company.subdomain);
  const client = { clientId: 'fa-emulator-client-0001', clientSecret: 'fa-emulator-secret-5c1d9e02', redirectUris: options.redirectUris ?? ['http://127.0.0.1:0/callback', 'http://localhost/callback'] };
  const log: FreeAgentRequestLogEntry[] = [];
  const minuteLimit = options.minuteLimit ?? 120;
  const hourLimit = options.hourLimit ?? 3600;
  const refreshLimit = options.refreshLimit ?? 15;
  const windows = { minute: { start: now(), count: 0 }, hour: { start: now(), count: 0 } };
  const refreshes: number[] = [];
  const counters = { refreshesRefused: 0, throttled: 0 };
  const mounted = {} as { oauth: OAuthServer };
  let origin = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: { error: { message: String(err) } } }));
    });
  });

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  /** The refresh-token limit (15 per emulated minute for the one emulated user). */
  function refreshAllowed(): boolean {
    const t = now();
    while (refreshes.length && refreshes[0]! <= t - 60_000) refreshes.shift();
    if (refreshes.length >= refreshLimit) return false;
    refreshes.push(t);
    return true;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const body = await readBody(req);
    // OAuth: only the two FreeAgent endpoints (no discovery, no revocation, no userinfo).
    if (url.pathname === '/v2/approve_app') {
      if (await mounted.oauth.handle(req, res, url, body)) return;
    }
    if (url.pathname === '/v2/token_endpoint') {
      const form = new URLSearchParams(body.toString('utf8'));
      if (req.method === 'POST' && form.get('grant_type') === 'refresh_token' && !refreshAllowed()) {
        counters.refreshesRefused++;
        // ❓ unverified: FreeAgent's answer to the 16th refresh in a minute (a 429 with Retry-After is assumed).
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, Math.ceil((refreshes[0]! + 60_000 - now()) / 1000))) });
        res.end(JSON.stringify({ error: 'rate_limit_exceeded', error_description: 'Too many token refreshes' }));
        return;
      }
      // The token response as FreeAgent writes it (saved oauth-token-response.json): `token_type: "bearer"`, no `scope`.
      const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
      (res as { end: unknown }).end = (chunk?: unknown) => {
        if (typeof chunk === 'string' && chunk.startsWith('{')) {
          try {
            const j = JSON.parse(chunk) as Record<string, unknown>;
            if (typeof j.access_token === 'string') {
              if (j.scope === '') delete j.scope;
              if (typeof j.token_type === 'string') j.token_type = j.token_type.toLowerCase();
              return end(JSON.stringify(j));
            }
          } catch {
            // not JSON: send as is
          }
        }
        return end(chunk);
      };
      if (await mounted.oauth.handle(req, res, url, body)) return;
    }

    const fwd = req.headers['x-forwarded-host'];
    const host = (Array.isArray(fwd) ? fwd[0] : fwd) ?? req.headers.host ?? new URL(origin).host;
    const base = `http://${host}/v2`;
    const render = (payload: unknown) => JSON.stringify(payload).split(BASE_TOKEN).join(base);
    const finish = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(payload === undefined ? '' : render(payload));
    };
    const error = (status: number, message: string, headers: Record<string, string> = {}) => finish(status, { errors: { error: { message } } }, headers);

    if (!url.pathname.startsWith('/v2/')) return error(404, 'Resource not found');
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? mounted.oauth.validateAccessToken(bearer) : undefined;
    if (!token) return error(401, 'Access token not recognised');

    // Rate limits: fixed windows per emulated minute and hour (❓ FreeAgent's window kind is not documented).
    const t = now();
    for (const [k, w] of Object.entries(windows)) {
      const len = k === 'minute' ? 60_000 : 3_600_000;
      if (t - w.start >= len) Object.assign(w, { start: t, count: 0 });
    }
    const over = windows.minute.count >= minuteLimit ? { w: windows.minute, len: 60_000 } : windows.hour.count >= hourLimit ? { w: windows.hour, len: 3_600_000 } : undefined;
    if (over || req.headers['x-ratelimit-test'] === 'true') {
      counters.throttled++;
      const wait = over ? Math.max(1, Math.ceil((over.w.start + over.len - t) / 1000)) : 60;
      // ❓ unverified 429 body; the Retry-After header (seconds) is documented (reference §5.5).
      return error(429, 'Rate limit exceeded', { 'retry-after': String(wait) });
    }
    windows.minute.count++;
    windows.hour.count++;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));

    const path = url.pathname.slice('/v2'.length).replace(/\/+$/, '');
    if (req.method !== 'GET') return write(req.method ?? '', path, body, finish, error);
    const q = url.searchParams;
    if (path === '/company') return finish(200, { company: data.company });
    if (path === '/categories') return finish(200, data.categories);
    const catMatch = /^\/categories\/([^/]+)$/.exec(path);
    if (catMatch) {
      const found = Object.values(data.categories).flat().find((c) => c.nominal_code === decodeURIComponent(catMatch[1]!));
      return found ? finish(200, { category: found }) : error(404, 'Resource not found');
    }
    if (path === '/accounting/profit_and_loss/summary') return finish(200, { profit_and_loss_summary: profitAndLoss(q.get('from_date'), q.get('to_date')) });
    if (path === '/accounting/trial_balance/summary') return finish(200, { trial_balance_summary: trialBalance(q.get('to_date')) });

    const m = /^\/([a-z_]+)(?:\/([^/]+))?$/.exec(path);
    const name = m?.[1] as CollectionName | undefined;
    if (!m || !name || !(COLLECTIONS as readonly string[]).includes(name)) return error(404, 'Resource not found');
    const all = data.collections[name]!;
    const nested = NESTED[name];
    const shape = (r: FaRecord, withItems: boolean) => {
      if (!nested || withItems) return r;
      const { [nested.field]: _items, ...rest } = r;
      return rest;
    };
    if (m[2]) {
      const found = all.find((r) => lastSegment(String(r.url)) === decodeURIComponent(m[2]!));
      // A single record always carries its items.
      return found ? finish(200, { [SINGULAR[name]]: shape(found, true) }) : error(404, 'Resource not found');
    }

    let rows = all;
    if (name === 'bank_transactions' || name === 'bank_transaction_explanations') {
      const account = q.get('bank_account');
      // ❓ unverified status and message for a missing bank_account (reference §5.2: it is required).
      if (name === 'bank_transactions' && !account) return error(422, 'bank_account is required');
      if (account) {
        const id = lastSegment(account);
        if (!data.collections.bank_accounts!.some((b) => lastSegment(String(b.url)) === id)) return error(404, 'Bank account not found');
        rows = rows.filter((r) => lastSegment(String(r.bank_account)) === id);
      }
    }
    if (name === 'contacts') {
      // ❓ unverified view names (`active` default, `hidden`, `all`).
      const view = q.get('view') ?? 'active';
      if (view === 'active') rows = rows.filter((r) => r.status !== 'Hidden');
      else if (view === 'hidden') rows = rows.filter((r) => r.status === 'Hidden');
    }
    const since = q.get('updated_since');
    if (since !== null) {
      const s = Date.parse(since);
      if (Number.isNaN(s)) return error(422, 'updated_since is not a valid date/time');
      // ❓ unverified: inclusive comparison.
      rows = rows.filter((r) => Date.parse(String(r.updated_at)) >= s);
    }
    const sort = q.get('sort');
    if (sort) {
      const desc = sort.startsWith('-');
      const key = desc ? sort.slice(1) : sort;
      if (key !== 'updated_at' && key !== 'created_at') return error(422, `sort ${sort} is not supported`);
      rows = [...rows].sort((a, b) => (Date.parse(String(a[key])) - Date.parse(String(b[key]))) * (desc ? -1 : 1) || Number(lastSegment(String(a.url))) - Number(lastSegment(String(b.url))));
    }
    // Paging: `page` 1-based, `per_page` default 25, max 100 (reference §5.3; ❓ larger values are clamped).
    const perPage = Math.min(100, Math.max(1, Number.parseInt(q.get('per_page') ?? '25', 10) || 25));
    const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
    const lastPage = Math.max(1, Math.ceil(rows.length / perPage));
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    const link = (p: number) => {
      const l = new URL(`${base}/${name}`);
      for (const [k, v] of q) if (k !== 'page' && k !== 'per_page') l.searchParams.append(k, v);
      l.searchParams.set('page', String(p));
      l.searchParams.set('per_page', String(perPage));
      return l.href;
    };
    const links: string[] = [];
    if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`);
    if (page < lastPage) links.push(`<${link(page + 1)}>; rel="next"`);
    links.push(`<${link(1)}>; rel="first"`, `<${link(lastPage)}>; rel="last"`);
    const withItems = nested ? q.get(nested.param) === 'true' : true;
    return finish(200, { [name]: slice.map((r) => shape(r, withItems)) }, { link: links.join(', '), 'x-total-count': String(rows.length) });
  }

  /**
   * Invoice writes (`POST /invoices`, `PUT /invoices/{id}`, `DELETE /invoices/{id}` with `{"invoice":{…}}` bodies,
   * Postman catalogue). Totals are computed from the items (price × quantity, sales tax from `sales_tax_rate`).
   * ❓ unverified: the 201 status of a create, the default reference, the answer of a delete, the error texts.
   */
  function write(method: string, path: string, raw: Buffer, finish: (s: number, p: unknown) => void, error: (s: number, m: string) => void): void {
    const m = /^\/invoices(?:\/(\d+))?$/.exec(path);
    if (!m) return error(405, 'Writes are only emulated for invoices');
    const invoices = data.collections.invoices!;
    const id = m[1];
    const existing = id ? invoices.find((r) => lastSegment(String(r.url)) === id) : undefined;
    if (id && !existing) return error(404, 'Resource not found');
    if (method === 'DELETE' && existing) {
      invoices.splice(invoices.indexOf(existing), 1);
      return finish(200, undefined);
    }
    let input: FaRecord;
    try {
      input = ((JSON.parse(raw.toString('utf8') || '{}') as { invoice?: FaRecord }).invoice ?? {}) as FaRecord;
    } catch {
      return error(400, 'The request body is not valid JSON');
    }
    const problems: { message: string; field?: string }[] = [];
    const next: FaRecord = { ...(existing ?? {}), ...input };
    const contactId = typeof next.contact === 'string' ? lastSegment(next.contact) : undefined;
    if (!contactId || !data.collections.contacts!.some((c) => lastSegment(String(c.url)) === contactId)) problems.push({ message: 'Contact is required', field: 'contact' });
    if (typeof next.dated_on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(next.dated_on)) problems.push({ message: 'Dated on is invalid', field: 'dated_on' });
    if (problems.length) return finish(422, { errors: problems.length === 1 ? { error: problems[0] } : problems });
    let net = 0;
    let tax = 0;
    const items = (Array.isArray(next.invoice_items) ? (next.invoice_items as FaRecord[]) : []).map((it, k) => {
      const line = Math.round(Number(it.price ?? 0) * Number(it.quantity ?? 0) * 100);
      net += line;
      tax += Math.round((line * Number(it.sales_tax_rate ?? 0)) / 100);
      return { url: `${BASE_TOKEN}/invoice_items/${9_000_000 + invoices.length * 10 + k}`, item_type: 'Hours', ...it, ...(typeof it.category === 'string' ? { category: `${BASE_TOKEN}/categories/${lastSegment(it.category)}` } : {}), price: money(cents(it.price ?? 0)), quantity: String(it.quantity ?? '0') };
    });
    const t = faTimestamp(now());
    const newId = existing ? id! : String(Math.max(0, ...invoices.map((r) => Number(lastSegment(String(r.url))))) + 1);
    const record: FaRecord = {
      omit_header: false, always_show_bic_and_iban: false, send_thank_you_emails: false, send_reminder_emails: false, send_new_invoice_emails: false,
      payment_terms_in_days: 30, ec_status: 'Non-EC', payment_methods: { paypal: false, stripe: false }, currency: 'GBP', exchange_rate: '1.0',
      comments: '', status: 'Draft', long_status: 'Draft', created_at: t,
      ...next,
      url: `${BASE_TOKEN}/invoices/${newId}`,
      contact: `${BASE_TOKEN}/contacts/${contactId}`,
      reference: typeof next.reference === 'string' ? next.reference : String(newId).padStart(3, '0'),
      due_on: typeof next.due_on === 'string' ? next.due_on : next.dated_on,
      net_value: money(net), sales_tax_value: money(tax), total_value: money(net + tax), paid_value: '0.0', due_value: money(net + tax),
      invoice_items: items,
      updated_at: t,
    };
    if (existing) Object.assign(existing, record);
    else invoices.push(record);
    return finish(existing ? 200 : 201, { invoice: record });
  }

  /** P&L for a period from the data (income: invoices, credit notes and income journals; expenses: bills and unexplained spend). */
  function profitAndLoss(from: string | null, to: string | null): FaRecord {
    const toDate = to ?? new Date(now()).toISOString().slice(0, 10);
    const fromDate = from ?? `${toDate.slice(0, 4)}-01-01`; // ❓ FreeAgent's default period
    const inRange = (d: unknown) => typeof d === 'string' && d >= fromDate && d <= toDate;
    const posted = (r: FaRecord) => r.status !== 'Draft' && r.status !== 'Cancelled';
    let income = 0;
    let expenses = 0;
    for (const r of [...data.collections.invoices!, ...data.collections.credit_notes!]) if (posted(r) && inRange(r.dated_on)) income += cents(r.net_value);
    for (const j of data.collections.journal_sets!) if (inRange(j.dated_on)) for (const e of j.journal_entries as FaRecord[]) if (lastSegment(String(e.category)) < '100') income -= cents(e.debit_value);
    for (const b of data.collections.bills!) if (inRange(b.dated_on)) expenses += cents(b.net_value);
    for (const tx of data.collections.bank_transactions!) if (inRange(tx.dated_on) && cents(tx.unexplained_amount) !== 0) expenses -= cents(tx.unexplained_amount);
    const op = income - expenses;
    const f = (p: number) => money(p).replace(/\.0$/, '');
    return { from: fromDate, to: toDate, income: f(income), expenses: f(expenses), operating_profit: f(op), less: [{ title: 'Corp. Tax', total: '0' }, { title: 'Dividends', total: '0' }, { title: 'Adjustments', total: '0' }], retained_profit: f(op), retained_profit_brought_forward: '0', retained_profit_carried_forward: f(op) };
  }

  /** Trial balance at a date from the data (debit positive); it balances by construction. */
  function trialBalance(to: string | null): FaRecord[] {
    const toDate = to ?? new Date(now()).toISOString().slice(0, 10);
    const upTo = (d: unknown) => typeof d === 'string' && d <= toDate;
    const totals = new Map<string, { name: string; pence: number; extra?: FaRecord }>();
    const add = (code: string, name: string, pence: number, extra?: FaRecord) => {
      const e = totals.get(code) ?? { name, pence: 0, ...(extra ? { extra } : {}) };
      e.pence += pence;
      totals.set(code, e);
    };
    const posted = (r: FaRecord) => r.status !== 'Draft' && r.status !== 'Cancelled';
    for (const r of [...data.collections.invoices!, ...data.collections.credit_notes!]) {
      if (!posted(r) || !upTo(r.dated_on)) continue;
      add('001', 'Sales', -cents(r.net_value));
      add('817', 'VAT', -cents(r.sales_tax_value));
      add('681', 'Trade Debtors', cents(r.total_value) - cents(r.paid_value));
    }
    for (const b of data.collections.bills!) {
      if (!upTo(b.dated_on)) continue;
      add('285', 'Accommodation and Meals', cents(b.net_value));
      add('817', 'VAT', cents(b.sales_tax_value));
      add('796', 'Trade Creditors', -(cents(b.total_value) - cents(b.paid_value)));
    }
    for (const tx of data.collections.bank_transactions!) {
      if (!upTo(tx.dated_on)) continue;
      const acct = lastSegment(String(tx.bank_account));
      const ba = data.collections.bank_accounts!.find((a) => lastSegment(String(a.url)) === acct)!;
      add(String(ba.nominal_code), `Bank Account ${String(ba.name)}`, cents(tx.amount), { bank_account: ba.url });
      const unexplained = cents(tx.unexplained_amount);
      if (unexplained !== 0) add('285', 'Accommodation and Meals', -unexplained);
    }
    for (const j of data.collections.journal_sets!) {
      if (!upTo(j.dated_on)) continue;
      for (const e of j.journal_entries as FaRecord[]) {
        const code = lastSegment(String(e.category));
        const cat = Object.values(data.categories).flat().find((c) => c.nominal_code === code);
        add(code, String(cat?.description ?? code), cents(e.debit_value));
      }
    }
    return [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, e]) => ({ category: `${BASE_TOKEN}/categories/${code.split('-')[0]!}`, nominal_code: code, display_nominal_code: code, name: e.name, total: money(e.pence), ...(e.extra ?? {}) }));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client.redirectUris = client.redirectUris.map((x) => x.replace('http://127.0.0.1:0/', `${origin}/`));
  mounted.oauth = createOAuthServer({
    issuer: `${origin}/v2`,
    clients: [client],
    tenants: [{ id: tenantId, name: String(data.company.name), type: 'COMPANY' }],
    accessTokenTtlSec: 3600,
    refreshTokenTtlSec: 631_151_957,
    // ❓ reference §15: whether the old refresh token stays valid is unknown; the emulator takes the strict reading.
    rotation: { kind: 'rotating' },
    clientAuthentication: 'client_secret_basic',
    // ❓ official PKCE support is unknown (the Postman collection is configured with S256).
    pkce: 'optional',
    scopesSupported: [],
    refreshTokenExpiresInParam: 'refresh_token_expires_in',
    issueRefreshToken: 'always',
    clock: { now },
    paths: { authorize: '/v2/approve_app', token: '/v2/token_endpoint', revoke: '/v2/__no_revocation', discovery: '/v2/__no_discovery', jwks: '/v2/__no_jwks', userinfo: '/v2/__no_userinfo' },
  });
  const proxy = options.faults ? await createFaultProxy({ target: `${origin}/v2`, rules: options.faults }) : undefined;
  const o = mounted.oauth.urls();
  const coll = (c: CollectionName) => {
    const list = data.collections[c];
    if (!list) throw new Error(`no collection ${c}`);
    return list;
  };
  const find = (c: CollectionName, id: string) => {
    const rec = coll(c).find((r) => lastSegment(String(r.url)) === id);
    if (!rec) throw new Error(`no ${c} ${id}`);
    return rec;
  };
  return {
    urls: { api: proxy ? proxy.url : `${origin}/v2`, authorization: o.authorization, token: o.token, origin },
    client,
    tenantId,
    oauth: mounted.oauth,
    log,
    ...(proxy ? { proxy } : {}),
    store: {
      company: data.company,
      list: coll,
      touch(c, id, changes = {}) {
        const rec = find(c, id);
        Object.assign(rec, changes, { updated_at: faTimestamp(now()) });
        return rec;
      },
      delete(c, id) {
        const list = coll(c);
        list.splice(list.indexOf(find(c, id)), 1);
      },
    },
    limits: {
      spendMinute() {
        windows.minute.count = minuteLimit;
      },
      spendHour() {
        windows.hour.count = hourLimit;
      },
    },
    stats: () => ({ ...counters }),
    async close() {
      await proxy?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
