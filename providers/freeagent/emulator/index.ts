/**
 * A local FreeAgent API v2: OAuth (authorize `/v2/approve_app` with automatic consent, token endpoint
 * `/v2/token_endpoint` with HTTP Basic client auth, a new refresh token on every refresh, 15 refreshes per minute),
 * `GET /v2/company`, the list endpoints with `page`/`per_page` (default 25, max 100), an RFC 5988 `Link` header
 * (`prev`/`next`/`first`/`last`, absolute URLs) and `X-Total-Count`, `updated_since`, `sort`, `view` on contacts,
 * `bank_account` required on `/bank_transactions`, `nested_invoice_items`/`nested_credit_note_items`, GET by id,
 * the `contact`/`from_date`/`to_date` list filters, writes (create/update/delete with FreeAgent-style 422 validation)
 * for invoices, contacts, bills, credit notes, bank transaction explanations (paying an invoice or bill updates its
 * `paid_value`/`due_value`/status in exact pence; deleting reverses it), journal sets (must balance) and price list
 * items, categories grouped by kind, the P&L and trial balance summaries (computed from the data), error bodies, the
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
    // The Postman catalogue's list filters: `contact` (invoices, bills, credit notes), `from_date`/`to_date` (bills,
    // explanations, journal sets; on `dated_on`, ❓ inclusive).
    const contact = q.get('contact');
    if (contact !== null) rows = rows.filter((r) => lastSegment(String(r.contact)) === lastSegment(contact));
    const fromDate = q.get('from_date');
    if (fromDate !== null) rows = rows.filter((r) => String(r.dated_on) >= fromDate);
    const toDate = q.get('to_date');
    if (toDate !== null) rows = rows.filter((r) => String(r.dated_on) <= toDate);
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
   * Writes (`POST /<collection>`, `PUT /<collection>/{id}`, `DELETE /<collection>/{id}` with `{"<singular>":{…}}`
   * bodies, Postman catalogue) for invoices, contacts, bills, credit notes, bank transaction explanations, journal
   * sets and price list items. A write stamps `updated_at` (so `updated_since` sees it); totals are computed in
   * integer pence from the items. Validation failures answer 422 with `{"errors":{"error":{message, field}}}` (one)
   * or `{"errors":[…]}` (several), the shapes the adapter reads.
   * ❓ unverified: the 201 status of a create, defaults, the answer of a delete (200, empty), every error text and
   * every rule beyond the Postman bodies (which fields are required, the delete refusals, overpayment).
   */
  type Problem = { message: string; field?: string };
  interface Writer {
    update: boolean;
    validate(next: FaRecord, existing: FaRecord | undefined): Problem[];
    build(next: FaRecord, id: string, t: string, existing: FaRecord | undefined): FaRecord;
    afterSave?(record: FaRecord, existing: FaRecord | undefined): void;
    refuseDelete?(record: FaRecord): string | undefined;
    afterDelete?(record: FaRecord): void;
  }
  const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  const isAmount = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && /^-?\d+(\.\d+)?$/.test(String(v));
  const has = (c: CollectionName, url: unknown) => typeof url === 'string' && data.collections[c]!.some((r) => lastSegment(String(r.url)) === lastSegment(url));
  const get = (c: CollectionName, url: unknown) => (typeof url === 'string' ? data.collections[c]!.find((r) => lastSegment(String(r.url)) === lastSegment(url)) : undefined);
  const hasCategory = (url: unknown) => typeof url === 'string' && Object.values(data.categories).flat().some((c) => c.nominal_code === lastSegment(url));
  const ref = (c: string, url: unknown) => `${BASE_TOKEN}/${c}/${lastSegment(String(url))}`;
  const nextId = (c: CollectionName) => String(Math.max(0, ...data.collections[c]!.map((r) => Number(lastSegment(String(r.url))) || 0)) + 1);
  const usedBy = (contactUrl: unknown) => (['invoices', 'bills', 'credit_notes'] as const).some((c) => data.collections[c]!.some((r) => lastSegment(String(r.contact)) === lastSegment(String(contactUrl))));
  const contactProblem = (next: FaRecord): Problem[] => (has('contacts', next.contact) ? [] : [{ message: 'Contact is required', field: 'contact' }]);
  const dateProblem = (next: FaRecord, field = 'dated_on', label = 'Dated on'): Problem[] => (isDay(next[field]) ? [] : [{ message: `${label} is invalid`, field }]);
  /** Net and tax of document items in pence (price × quantity, tax from `sales_tax_rate`). */
  const itemize = (list: unknown, kind: string) => {
    let net = 0;
    let tax = 0;
    const items = (Array.isArray(list) ? (list as FaRecord[]) : []).map((it, k) => {
      const line = Math.round(cents(it.price ?? 0) * Number(it.quantity ?? 0));
      net += line;
      tax += Math.round((line * Number(it.sales_tax_rate ?? 0)) / 100);
      return { url: `${BASE_TOKEN}/${kind}_items/${9_000_000 + data.collections.invoices!.length * 10 + k}`, item_type: 'Hours', ...it, ...(typeof it.category === 'string' ? { category: ref('categories', it.category) } : {}), price: money(cents(it.price ?? 0)), quantity: String(it.quantity ?? '0') };
    });
    return { items, net, tax };
  };
  /** Applies a payment (positive pence) to an invoice or bill, or reverses it (negative). Exact in pence. */
  const settle = (doc: FaRecord, pence: number, t: string) => {
    const paid = cents(doc.paid_value) + pence;
    const due = cents(doc.total_value) - paid;
    doc.paid_value = money(paid);
    doc.due_value = money(due);
    if (due === 0) doc.status = 'Paid';
    else if (doc.status === 'Paid') doc.status = typeof doc.due_on === 'string' && doc.due_on < t.slice(0, 10) ? 'Overdue' : 'Open';
    if (typeof doc.long_status === 'string') doc.long_status = String(doc.status);
    doc.updated_at = t;
  };
  const WRITERS: Partial<Record<CollectionName, Writer>> = {
    invoices: {
      update: true,
      validate: (next) => [...contactProblem(next), ...dateProblem(next)],
      build: (next, id, t) => {
        const { items, net, tax } = itemize(next.invoice_items, 'invoice');
        const paid = cents(next.paid_value ?? 0);
        return {
          omit_header: false, always_show_bic_and_iban: false, send_thank_you_emails: false, send_reminder_emails: false, send_new_invoice_emails: false,
          payment_terms_in_days: 30, ec_status: 'Non-EC', payment_methods: { paypal: false, stripe: false }, currency: 'GBP', exchange_rate: '1.0',
          comments: '', status: 'Draft', long_status: 'Draft', created_at: t,
          ...next,
          url: `${BASE_TOKEN}/invoices/${id}`,
          contact: ref('contacts', next.contact),
          reference: typeof next.reference === 'string' ? next.reference : id.padStart(3, '0'),
          due_on: typeof next.due_on === 'string' ? next.due_on : next.dated_on,
          net_value: money(net), sales_tax_value: money(tax), total_value: money(net + tax), paid_value: money(paid), due_value: money(net + tax - paid),
          invoice_items: items,
          updated_at: t,
        };
      },
      // ❓ unverified: FreeAgent refuses to delete a paid invoice (its explanations first).
      refuseDelete: (r) => (cents(r.paid_value) !== 0 ? 'Invoices with payments cannot be deleted' : undefined),
    },
    contacts: {
      update: true,
      validate: (next) => {
        const org = typeof next.organisation_name === 'string' && next.organisation_name.trim() !== '';
        const person = typeof next.first_name === 'string' && next.first_name.trim() !== '' && typeof next.last_name === 'string' && next.last_name.trim() !== '';
        const out: Problem[] = [];
        // ❓ unverified wording: FreeAgent needs an organisation name or a first and last name.
        if (!org && !person) out.push({ message: 'First name and last name are required unless an organisation name is given', field: 'first_name' });
        if (next.email !== undefined && next.email !== '' && !/^[^@\s]+@[^@\s]+$/.test(String(next.email))) out.push({ message: 'Email is invalid', field: 'email' });
        return out;
      },
      build: (next, id, t) => ({ contact_name_on_invoices: true, default_payment_terms_in_days: 30, locale: 'en', account_balance: '0.0', uses_contact_invoice_sequence: false, charge_sales_tax: 'Auto', status: 'Active', created_at: t, ...next, url: `${BASE_TOKEN}/contacts/${id}`, updated_at: t }),
      refuseDelete: (r) => (usedBy(r.url) ? 'Contacts with invoices, bills or credit notes cannot be deleted' : undefined),
    },
    bills: {
      update: true,
      validate: (next) => [
        ...contactProblem(next),
        ...dateProblem(next),
        ...dateProblem(next, 'due_on', 'Due on'),
        ...(typeof next.reference === 'string' && next.reference !== '' ? [] : [{ message: 'Reference is required', field: 'reference' }]),
        ...(hasCategory(next.category) ? [] : [{ message: 'Category is required', field: 'category' }]),
        ...(isAmount(next.total_value) ? [] : [{ message: 'Total value is invalid', field: 'total_value' }]),
      ],
      build: (next, id, t, existing) => {
        // The Postman body spells the rate `sale_tax_rate`; `sales_tax_rate` is read too. Total is gross ❓.
        const rate = Number(next.sales_tax_rate ?? next.sale_tax_rate ?? 0);
        const total = cents(next.total_value);
        const tax = Math.round((total * rate) / (100 + rate));
        const paid = cents(existing?.paid_value ?? 0);
        const { sale_tax_rate: _s, ...rest } = next;
        return {
          currency: 'GBP', exchange_rate: '1.0', comments: '', created_at: t, ...rest,
          url: `${BASE_TOKEN}/bills/${id}`, contact: ref('contacts', next.contact), category: ref('categories', next.category),
          sales_tax_rate: String(rate), net_value: money(total - tax), sales_tax_value: money(tax), total_value: money(total), paid_value: money(paid), due_value: money(total - paid),
          status: paid === 0 ? 'Open' : paid === total ? 'Paid' : 'Open',
          bill_items: [{ url: `${BASE_TOKEN}/bill_items/${9_000_000 + Number(id)}`, category: ref('categories', next.category), description: String(next.reference), total_value: money(total - tax), sales_tax_rate: String(rate), sales_tax_value: money(tax) }],
          updated_at: t,
        };
      },
      refuseDelete: (r) => (cents(r.paid_value) !== 0 ? 'Bills with payments cannot be deleted' : undefined),
    },
    credit_notes: {
      update: true,
      validate: (next) => {
        const out = [...contactProblem(next), ...dateProblem(next)];
        // ❓ unverified: FreeAgent credit note items carry negative prices (Postman body `"price": -100`).
        for (const it of Array.isArray(next.credit_note_items) ? (next.credit_note_items as FaRecord[]) : []) if (it.price !== undefined && cents(it.price) > 0) out.push({ message: 'Credit note item prices must be negative', field: 'price' });
        return out;
      },
      build: (next, id, t) => {
        const { items, net, tax } = itemize(next.credit_note_items, 'credit_note');
        return {
          currency: 'GBP', exchange_rate: '1.0', omit_header: false, always_show_bic_and_iban: false, payment_terms_in_days: 30, comments: '', status: 'Draft', long_status: 'Draft', created_at: t,
          ...next,
          url: `${BASE_TOKEN}/credit_notes/${id}`, contact: ref('contacts', next.contact),
          reference: typeof next.reference === 'string' ? next.reference : `CN-${id.padStart(3, '0')}`,
          due_on: typeof next.due_on === 'string' ? next.due_on : next.dated_on,
          net_value: money(net), sales_tax_value: money(tax), total_value: money(net + tax), paid_value: '0.0', due_value: money(net + tax),
          credit_note_items: items, updated_at: t,
        };
      },
    },
    bank_transaction_explanations: {
      update: false,
      validate: (next) => {
        const out: Problem[] = [...dateProblem(next)];
        if (!has('bank_accounts', next.bank_account)) out.push({ message: 'Bank account is required', field: 'bank_account' });
        if (!isAmount(next.gross_value) || cents(next.gross_value) === 0) out.push({ message: 'Gross value is invalid', field: 'gross_value' });
        const g = isAmount(next.gross_value) ? cents(next.gross_value) : 0;
        for (const [field, c, sign] of [['paid_invoice', 'invoices', 1], ['paid_bill', 'bills', -1]] as const) {
          if (next[field] === undefined) continue;
          const doc = get(c, next[field]);
          // ❓ unverified texts and rules: a draft or cancelled document cannot be paid; no overpayment; the sign.
          if (!doc) out.push({ message: `${field === 'paid_bill' ? 'Bill' : 'Invoice'} not found`, field });
          else if (doc.status === 'Draft' || doc.status === 'Cancelled') out.push({ message: `A ${String(doc.status).toLowerCase()} ${field === 'paid_bill' ? 'bill' : 'invoice'} cannot be paid`, field });
          else if (g * sign <= 0) out.push({ message: `Gross value must be ${sign > 0 ? 'positive' : 'negative'} to pay ${field === 'paid_bill' ? 'a bill' : 'an invoice'}`, field: 'gross_value' });
          else if (g * sign > cents(doc.due_value)) out.push({ message: `Gross value is more than the ${money(cents(doc.due_value))} due`, field: 'gross_value' });
        }
        return out;
      },
      build: (next, id, t) => {
        // ❓ unverified: without a `bank_transaction`, the payment gets a manual bank transaction.
        const txId = nextId('bank_transactions');
        data.collections.bank_transactions!.push({ url: `${BASE_TOKEN}/bank_transactions/${txId}`, bank_account: ref('bank_accounts', next.bank_account), dated_on: next.dated_on, amount: money(cents(next.gross_value)), description: next.description ?? '', unexplained_amount: '0.0', is_manual: true, created_at: t, updated_at: t });
        return {
          created_at: t, ...next, url: `${BASE_TOKEN}/bank_transaction_explanations/${id}`,
          bank_transaction: `${BASE_TOKEN}/bank_transactions/${txId}`, bank_account: ref('bank_accounts', next.bank_account), gross_value: money(cents(next.gross_value)),
          ...(next.paid_invoice !== undefined ? { paid_invoice: ref('invoices', next.paid_invoice) } : {}),
          ...(next.paid_bill !== undefined ? { paid_bill: ref('bills', next.paid_bill) } : {}),
          updated_at: t,
        };
      },
      afterSave: (r) => {
        const t = String(r.updated_at);
        const g = cents(r.gross_value);
        if (r.paid_invoice) settle(get('invoices', r.paid_invoice)!, g, t);
        if (r.paid_bill) settle(get('bills', r.paid_bill)!, -g, t);
        const ba = get('bank_accounts', r.bank_account)!;
        ba.current_balance = money(cents(ba.current_balance) + g);
      },
      afterDelete: (r) => {
        const t = faTimestamp(now());
        const g = cents(r.gross_value);
        const inv = get('invoices', r.paid_invoice);
        const bill = get('bills', r.paid_bill);
        if (inv) settle(inv, -g, t);
        if (bill) settle(bill, g, t);
        const ba = get('bank_accounts', r.bank_account);
        if (ba) ba.current_balance = money(cents(ba.current_balance) - g);
        const txs = data.collections.bank_transactions!;
        const tx = txs.findIndex((x) => x.url === r.bank_transaction && x.is_manual === true);
        if (tx >= 0) txs.splice(tx, 1);
      },
    },
    journal_sets: {
      update: false,
      validate: (next) => {
        const out: Problem[] = [...dateProblem(next)];
        const entries = Array.isArray(next.journal_entries) ? (next.journal_entries as FaRecord[]) : [];
        if (entries.length < 2) out.push({ message: 'Journal entries are required', field: 'journal_entries' });
        let sum = 0;
        for (const e of entries) {
          if (!hasCategory(e.category)) out.push({ message: 'Category is required', field: 'category' });
          if (!isAmount(e.debit_value)) out.push({ message: 'Debit value is invalid', field: 'debit_value' });
          else sum += cents(e.debit_value);
        }
        // ❓ unverified text.
        if (entries.length >= 2 && sum !== 0) out.push({ message: 'Journal entries must balance', field: 'journal_entries' });
        return out;
      },
      build: (next, id, t) => ({
        created_at: t, ...next, url: `${BASE_TOKEN}/journal_sets/${id}`,
        journal_entries: (next.journal_entries as FaRecord[]).map((e, k) => ({ url: `${BASE_TOKEN}/journal_entries/${Number(id) * 100 + k}`, ...e, category: ref('categories', e.category), debit_value: money(cents(e.debit_value)) })),
        updated_at: t,
      }),
    },
    price_list_items: {
      update: true,
      validate: (next) => {
        const out: Problem[] = [];
        // ❓ unverified: every rule (no Postman write bodies for price list items).
        if (typeof next.code !== 'string' || next.code === '') out.push({ message: 'Code is required', field: 'code' });
        if (typeof next.description !== 'string' || next.description === '') out.push({ message: 'Description is required', field: 'description' });
        if (next.price !== undefined && !isAmount(next.price)) out.push({ message: 'Price is invalid', field: 'price' });
        if (next.category !== undefined && !hasCategory(next.category)) out.push({ message: 'Category is invalid', field: 'category' });
        if (next.item_type !== undefined && !['Hours', 'Days', 'Weeks', 'Months', 'Years', 'Products', 'Services', 'Training', 'Expenses', 'Comment', 'No Unit'].includes(String(next.item_type))) out.push({ message: 'Item type is not included in the list', field: 'item_type' });
        return out;
      },
      build: (next, id, t) => ({ item_type: 'Services', price: '0.0', created_at: t, ...next, url: `${BASE_TOKEN}/price_list_items/${id}`, ...(next.price !== undefined ? { price: money(cents(next.price)) } : {}), ...(typeof next.category === 'string' ? { category: ref('categories', next.category) } : {}), updated_at: t }),
    },
  };

  function write(method: string, path: string, raw: Buffer, finish: (s: number, p: unknown) => void, error: (s: number, m: string) => void): void {
    const m = /^\/([a-z_]+)(?:\/(\d+))?$/.exec(path);
    const name = m?.[1] as CollectionName | undefined;
    const writer = name ? WRITERS[name] : undefined;
    if (!m || !name || !writer) return error(405, `Writes are not emulated for ${path}`);
    const list = data.collections[name]!;
    const id = m[2];
    if ((method === 'POST') === (id !== undefined) || (method === 'PUT' && !writer.update) || !['POST', 'PUT', 'DELETE'].includes(method)) return error(405, 'Method not allowed');
    const existing = id ? list.find((r) => lastSegment(String(r.url)) === id) : undefined;
    if (id && !existing) return error(404, 'Resource not found');
    if (method === 'DELETE' && existing) {
      const refused = writer.refuseDelete?.(existing);
      if (refused) return finish(422, { errors: { error: { message: refused } } });
      list.splice(list.indexOf(existing), 1);
      writer.afterDelete?.(existing);
      return finish(200, undefined);
    }
    let input: FaRecord;
    try {
      input = ((JSON.parse(raw.toString('utf8') || '{}') as Record<string, FaRecord | undefined>)[SINGULAR[name]] ?? {}) as FaRecord;
    } catch {
      return error(400, 'The request body is not valid JSON');
    }
    const next: FaRecord = { ...(existing ?? {}), ...input };
    const problems = writer.validate(next, existing);
    if (problems.length) return finish(422, { errors: problems.length === 1 ? { error: problems[0] } : problems });
    const t = faTimestamp(now());
    const record = writer.build(next, existing ? id! : nextId(name), t, existing);
    if (existing) Object.assign(existing, record);
    else list.push(record);
    writer.afterSave?.(record, existing);
    return finish(existing ? 200 : 201, { [SINGULAR[name]]: record });
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
