/**
 * A local Sage Business Cloud Accounting (API v3.1): Sage-style OAuth (authorize with automatic consent returning
 * `code`, `state` and `country`; token endpoint with 5-minute access tokens, 31-day refresh tokens rotating on every
 * refresh, `refresh_token_expires_in` and `requested_by_id`; revocation answering `{"success":"ok"}`), the Core/User
 * API's `GET /businesses`, and the accounting lists with `$items` envelopes, `page`/`items_per_page` (default 20, max
 * 200), relative `$next` links, `attributes=all` (slim `id`/`displayed_as`/`$path` items without it),
 * `updated_or_created_since` (inclusive), `deleted_since` (exclusive: the deleted ids with `deleted_at`), GET by id,
 * `X-Business` (missing → the lead business), Sage error arrays, a configurable per-business rate limit answering
 * 429, latency, a request log, `store` hooks and fault injection through the fault proxy; writes (see `./writes`) of
 * sales/purchase invoices and credit notes, contacts, contact payments (allocations update the documents), journals
 * and products, and `search` on documents, contacts and products.
 *
 * Facts from ../shared/reference (README §4, the v3.1 and user-business Swaggers, examples/). Guessed (❓ in code):
 * the 401/403/404/422/429 `$dataCode`s and messages, the `$next` link keeping every query parameter, the deletion
 * entry shape, `Retry-After` on 429, and the X-Business error.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOAuthServer, type OAuthServer } from '../../../src/testing/emulator/oauth-server';
import { createFaultProxy, type FaultProxy, type FaultRule } from '../../../src/testing/fault-proxy';
import { postings, sageId, sageTime, seedBusiness, money, type BusinessData, type SageRecord } from './data';
import { sageErrors, searchFilter, writeRecord, WRITABLE } from './writes';

/** Options of {@link createSageEmulator}. */
export interface SageEmulatorOptions {
  port?: number;
  seed?: number;
  /** Sales invoices of the lead business (default 120; purchase invoices are half as many). */
  invoices?: number;
  customers?: number;
  /** Businesses the user can consent to (default 2: the lead business and a small second one). */
  businesses?: number;
  latencyMs?: number;
  /** Emulated time runs this many times faster (rate-limit windows, token expiry). Default 1. */
  timeScale?: number;
  /** Requests per business per emulated minute before 429 (default 200, the retired v3 docs' figure). */
  minuteLimit?: number;
  /** Requests per business per emulated day before 429 (default: none). */
  dayLimit?: number;
  /** Region returned as `country` on the callback (default `GB`). */
  country?: string;
  redirectUris?: string[];
  /** Fault rules: when given, `urls.api` is a fault proxy in front of the API. */
  faults?: FaultRule[];
}

/** One logged API request. */
export interface SageRequestLogEntry { method: string; path: string; query: string; status: number; business?: string }

/** A running Sage emulator. */
export interface SageEmulator {
  urls: { api: string; core: string; authorization: string; token: string; revocation: string };
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  /** Businesses, lead business first. */
  businesses: { id: string; name: string }[];
  oauth: OAuthServer;
  log: SageRequestLogEntry[];
  store: {
    /** Records of an endpoint (`sales_invoices`, `contacts`…) of a business (default: lead). */
    list(endpoint: string, businessId?: string): SageRecord[];
    /** Changes a record now (bumps `updated_at`). */
    touch(endpoint: string, id: string, changes: SageRecord, businessId?: string): SageRecord;
    /** Deletes a record now: it leaves the lists and shows in `deleted_since` with `deleted_at`. */
    delete(endpoint: string, id: string, businessId?: string): void;
  };
  limits: { spendMinute(businessId?: string): void };
  /** The next `times` API calls (default 1) are answered with this status and body instead. */
  injectFault(fault: { status: number; body: unknown; times?: number; headers?: Record<string, string> }): void;
  /** The fault proxy in front of the API when `faults` were given. */
  faultProxy?: FaultProxy;
  close(): Promise<void>;
}

/** Endpoints with `deleted_since` (reference §4.4) among the emulated ones. */
const DELETED_SINCE = new Set(['journals', 'bank_accounts', 'contacts', 'purchase_credit_notes', 'sales_credit_notes', 'purchase_invoices', 'sales_invoices', 'contact_payments', 'other_payments', 'products', 'services']);
/** Endpoints with `updated_or_created_since` among the emulated ones (all of them). */
const LISTS = ['ledger_accounts', 'tax_rates', 'bank_accounts', 'contacts', 'products', 'services', 'sales_invoices', 'purchase_invoices', 'sales_credit_notes', 'purchase_credit_notes', 'contact_payments', 'journals', 'other_payments'];
const BASE_FIELDS = new Set(['id', 'displayed_as', '$path']);

export { sageErrors };

/** Starts a Sage emulator on 127.0.0.1. */
export async function createSageEmulator(options: SageEmulatorOptions = {}): Promise<SageEmulator> {
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const startReal = Date.now();
  const now = () => startReal + (Date.now() - startReal) * timeScale;
  const country = options.country ?? 'GB';
  const count = Math.max(1, options.businesses ?? 2);
  const datas: BusinessData[] = [];
  for (let b = 0; b < count; b++) {
    const invoices = b === 0 ? options.invoices ?? 120 : 6;
    const customers = b === 0 ? options.customers ?? 40 : 4;
    datas.push(seedBusiness(seed * 100 + b, { invoices, customers }, b === 0 ? 'Tyneside Trading Ltd' : `Side Business ${b}`, startReal, country));
  }
  const byId = new Map(datas.map((d) => [String(d.business.id), d]));
  const lead = datas[0]!;
  const client = { clientId: sageId('client', seed).slice(0, 24), clientSecret: `sage-emulator-secret-${sageId('secret', seed).slice(0, 12)}`, redirectUris: options.redirectUris ?? ['http://127.0.0.1:0/callback', 'http://localhost/callback'] };
  const requestedById = '9a1c7f0e-41ba-483f-a3ff-49fdb57b9c38';
  const log: SageRequestLogEntry[] = [];
  const minuteLimit = options.minuteLimit ?? 200;
  const windows = new Map<string, { start: number; count: number; dayStart: number; dayCount: number }>();
  const injected: { status: number; body: unknown; times: number; headers?: Record<string, string> }[] = [];
  const mounted = {} as { oauth: OAuthServer };
  const PATHS = { authorize: '/oauth2/auth/central', token: '/token', revoke: '/revoke' };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(sageErrors(['InternalServerError', String(err)])));
    });
  });

  /** Sage-specific token and revoke bodies on top of the generic OAuth server's. */
  function reshapeOAuth(res: http.ServerResponse, path: string): void {
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: http.OutgoingHttpHeaders) => http.ServerResponse;
    const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
    let head: [number, http.OutgoingHttpHeaders] = [200, {}];
    (res as { writeHead: unknown }).writeHead = (status: number, headers?: http.OutgoingHttpHeaders) => {
      head = [status, headers ?? {}];
      return res;
    };
    (res as { end: unknown }).end = (chunk?: unknown) => {
      let text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
      const [status, headers] = head;
      if (status === 200 && path === PATHS.revoke) text = JSON.stringify({ success: 'ok' });
      if (status === 200 && path === PATHS.token && text.startsWith('{')) {
        const body = JSON.parse(text) as Record<string, unknown>;
        // Saved token response: token_type "bearer", plus requested_by_id (the Sage user GUID).
        text = JSON.stringify({ ...body, token_type: 'bearer', requested_by_id: requestedById });
      }
      writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      return end(text);
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const body = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    if (url.pathname === PATHS.token || url.pathname === PATHS.revoke) reshapeOAuth(res, url.pathname);
    if (await mounted.oauth.handle(req, res, url, body)) return;
    const seen: { business?: string } = {};
    const finish = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status, ...(seen.business ? { business: seen.business } : {}) });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const m = /^\/v3\.1(\/.*)?$/.exec(url.pathname);
    if (!m) return finish(404, sageErrors(['RecordNotFound', 'No such route']));
    const rest = (m[1] ?? '/').replace(/\/+$/, '') || '/';
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? mounted.oauth.validateAccessToken(bearer) : undefined;
    // ❓ unverified: the $dataCode/$message of an invalid or expired token (the saved 401 is "No active subscription").
    if (!token) return finish(401, sageErrors(['AuthorizationFailure', 'The access token is invalid or has expired.']));

    if (rest === '/businesses' || rest.startsWith('/businesses/') || rest === '/user') {
      if (rest === '/user') return finish(200, { id: requestedById, displayed_as: 'Emulated User', first_name: 'Emulated', last_name: 'User', email: 'user@example.com', locale: 'en-GB' });
      const mine = datas.filter((d) => token.tenantIds.includes(String(d.business.id)));
      if (rest === '/businesses') {
        const all = url.searchParams.get('attributes') === 'all';
        const items = mine.map((d) => (all ? { ...d.business, $path: `/businesses/${String(d.business.id)}` } : { displayed_as: d.business.displayed_as, id: d.business.id, $path: `/businesses/${String(d.business.id)}` }));
        // As in the saved envelope: one page with $items_per_page 2147483647.
        return finish(200, { $total: items.length, $page: 1, $next: null, $back: null, $items_per_page: 2147483647, $items: items });
      }
      const found = mine.find((d) => d.business.id === rest.slice('/businesses/'.length));
      return found ? finish(200, { ...found.business, $path: rest }) : finish(404, sageErrors(['RecordNotFound', 'Business not found']));
    }

    const header = req.headers['x-business'];
    const wanted = typeof header === 'string' && header !== '' ? header : undefined;
    const allowed = datas.filter((d) => token.tenantIds.includes(String(d.business.id)));
    // Missing X-Business → the user's lead business (reference §4.1).
    const data = wanted ? allowed.find((d) => d.business.id === wanted) : allowed[0];
    // ❓ unverified: status and $dataCode for an X-Business the user has no access to.
    if (!data) return finish(403, sageErrors(['BusinessNotFound', 'The business given in X-Business is not accessible to this user.']));
    const business = String(data.business.id);
    seen.business = business;

    const t = now();
    const w = windows.get(business) ?? { start: t, count: 0, dayStart: t, dayCount: 0 };
    windows.set(business, w);
    if (t - w.start >= 60_000) Object.assign(w, { start: t, count: 0 });
    if (t - w.dayStart >= 86_400_000) Object.assign(w, { dayStart: t, dayCount: 0 });
    if (w.count >= minuteLimit || (options.dayLimit !== undefined && w.dayCount >= options.dayLimit)) {
      const day = options.dayLimit !== undefined && w.dayCount >= options.dayLimit;
      const wait = Math.max(1, Math.ceil(((day ? w.dayStart + 86_400_000 : w.start + 60_000) - t) / 1000));
      // ❓ unverified: the 429 body and whether Sage sends Retry-After (reference §4.5).
      return finish(429, sageErrors(['TooManyRequests', 'Rate limit exceeded. Please retry later.']), { 'retry-after': String(wait) });
    }
    w.count++;
    w.dayCount++;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const inj = injected[0];
    if (inj) {
      if (--inj.times <= 0) injected.shift();
      return finish(inj.status, inj.body, inj.headers);
    }
    if (req.method !== 'GET') {
      if (!token.scopes.includes('full_access')) return finish(403, sageErrors(['AccessDenied', 'The readonly scope does not allow writes.']));
      const w = /^\/([a-z_]+)(?:\/([0-9a-f]{32}))?$/.exec(rest);
      const allowed = w ? WRITABLE[w[1]!] : undefined;
      if (w && allowed && (w[2] ? allowed.record : allowed.collection).includes(req.method ?? '')) {
        let parsed: unknown;
        if (req.method !== 'DELETE') {
          try {
            parsed = JSON.parse(body.toString('utf8') || 'null');
          } catch {
            return finish(400, sageErrors(['InvalidJson', 'The request body is not valid JSON.']));
          }
        }
        const [status, payload] = writeRecord(data, w[1]!, req.method ?? '', w[2], parsed, url.searchParams, now());
        return finish(status, payload);
      }
      return finish(405, sageErrors(['MethodNotAllowed', `${req.method ?? ''} is not emulated on ${rest}`]));
    }
    if (rest === '/financial_settings') return finish(200, data.financialSettings);

    const parts = rest.split('/').filter(Boolean);
    const endpoint = parts[0]!;
    if (!LISTS.includes(endpoint) || parts.length > 2) return finish(404, sageErrors(['RecordNotFound', `No route matches ${rest}`]));
    const records = data.entities[endpoint] ?? [];
    const q = url.searchParams;
    const withBalances = endpoint === 'ledger_accounts' && q.get('show_balance_details') === 'true';
    const ARTEFACTS = ['sales_invoices', 'purchase_invoices', 'sales_credit_notes', 'purchase_credit_notes'];
    const decorate = (rec: SageRecord): SageRecord => {
      // payments_allocations only with show_payments_allocations=true (Swagger parameter text).
      if (ARTEFACTS.includes(endpoint) && q.get('show_payments_allocations') !== 'true') {
        const { payments_allocations: _hidden, ...rest } = rec;
        return rest;
      }
      if (endpoint === 'contacts') {
        const { balance: _hidden, ...rest } = rec;
        if (q.get('show_balance') !== 'true') return rest;
        // The balance: what is outstanding on the contact's invoices less its credit notes (sales and purchase), in pence.
        const owed = (ep: string, sign: number) => (data.entities[ep] ?? []).filter((d) => (d.contact as SageRecord | undefined)?.id === rec.id).reduce((n, d) => n + sign * Math.round(Number(d.outstanding_amount ?? 0) * 100), 0);
        return { ...rest, balance: money(owed('sales_invoices', 1) - owed('sales_credit_notes', 1) + owed('purchase_invoices', 1) - owed('purchase_credit_notes', 1)) };
      }
      if (endpoint === 'bank_accounts') {
        const b = balanceOf(data, String((rec.ledger_account as SageRecord).id), undefined, undefined);
        return { ...rec, balance: b.credit_or_debit === 'credit' ? -b.balance : b.balance };
      }
      if (withBalances) return { ...rec, balance_details: balanceOf(data, String(rec.id), q.get('from_date') ?? undefined, q.get('to_date') ?? undefined) };
      return rec;
    };
    if (parts.length === 2) {
      const found = records.find((x) => x.id === parts[1]);
      // A sales artefact's GET marks it as sent unless mark_as_sent=false (Swagger: "Defaulted to 'true'").
      // ❓ unverified: that marking as sent also bumps updated_at.
      if (found && (endpoint === 'sales_invoices' || endpoint === 'sales_credit_notes') && q.get('mark_as_sent') !== 'false' && found.sent !== true) Object.assign(found, { sent: true, updated_at: sageTime(now()) });
      return found ? finish(200, decorate(found)) : finish(404, sageErrors(['RecordNotFound', 'Record not found', 'key']));
    }
    // page / items_per_page: default 20, max 200 (reference §4.3).
    const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
    const perPage = Math.min(200, Math.max(1, Number.parseInt(q.get('items_per_page') ?? '20', 10) || 20));
    const sinceParam = (name: string) => {
      const v = q.get(name);
      if (v === null) return undefined;
      const ms = Date.parse(v);
      if (Number.isNaN(ms)) throw new BadParam(name, v);
      return ms;
    };
    let rows: SageRecord[];
    try {
      const deletedSince = sinceParam('deleted_since');
      const updatedSince = sinceParam('updated_or_created_since');
      if (deletedSince !== undefined) {
        if (!DELETED_SINCE.has(endpoint)) return finish(422, sageErrors(['InvalidParameter', `deleted_since is not supported on ${endpoint}`, 'deleted_since']));
        // Exclusive of the passed timestamp (Swagger parameter text). ❓ unverified: the entry shape.
        rows = (data.deleted[endpoint] ?? []).filter((d) => Date.parse(d.deleted_at) > deletedSince).map((d) => ({ id: d.id, displayed_as: d.id, $path: `/${endpoint}/${d.id}`, deleted_at: d.deleted_at }));
      } else {
        rows = records;
        // Inclusive of the passed timestamp (Swagger parameter text).
        if (updatedSince !== undefined) rows = rows.filter((x) => Date.parse(String(x.updated_at)) >= updatedSince || Date.parse(String(x.created_at)) >= updatedSince);
        const ct = q.get('contact_type_id');
        if (endpoint === 'contacts' && ct) rows = rows.filter((x) => ((x.contact_types as SageRecord[] | undefined) ?? []).some((c) => c.id === ct.toUpperCase()));
        const search = q.get('search');
        const matches = search ? searchFilter(endpoint, search) : undefined;
        if (matches) rows = rows.filter(matches);
        const tt = q.get('transaction_type_id');
        if (tt && (endpoint === 'contact_payments' || endpoint === 'other_payments')) rows = rows.filter((x) => (x.transaction_type as SageRecord).id === tt.toUpperCase());
      }
    } catch (err) {
      if (err instanceof BadParam) return finish(422, sageErrors(['InvalidParameter', `${err.param} is not a valid date-time: ${err.value}`, err.param]));
      throw err;
    }
    const attributes = q.get('attributes');
    const fields = attributes && attributes !== 'all' ? new Set([...BASE_FIELDS, ...attributes.split(',').map((s) => s.trim())]) : undefined;
    const shape = (rec: SageRecord): SageRecord => {
      if (q.has('deleted_since')) return rec;
      if (attributes === 'all') return decorate(rec);
      const full = decorate(rec);
      const keep = fields ?? BASE_FIELDS;
      return Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k)));
    };
    const slice = rows.slice((page - 1) * perPage, page * perPage).map(shape);
    const more = page * perPage < rows.length;
    // ❓ unverified: that $next keeps every query parameter of the request (the saved example is cut off after page=2).
    const linkTo = (p: number) => {
      const params = new URLSearchParams(q);
      params.set('page', String(p));
      params.set('items_per_page', String(perPage));
      return `/${endpoint}?${params.toString()}`;
    };
    return finish(200, { $total: rows.length, $page: page, $next: more ? linkTo(page + 1) : null, $back: page > 1 ? linkTo(page - 1) : null, $items_per_page: perPage, $items: slice });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client.redirectUris = client.redirectUris.map((u) => u.replace('http://127.0.0.1:0/', `${base}/`));
  mounted.oauth = createOAuthServer({
    issuer: base,
    clients: [client],
    tenants: datas.map((d) => ({ id: String(d.business.id), name: String(d.business.name), type: 'BUSINESS' })),
    accessTokenTtlSec: 300,
    refreshTokenTtlSec: 2_678_400,
    rotation: { kind: 'rotating' },
    clientAuthentication: 'client_secret_post',
    pkce: 'optional',
    scopesSupported: ['full_access', 'readonly'],
    callbackExtraParams: () => ({ country }),
    refreshTokenExpiresInParam: 'refresh_token_expires_in',
    issueRefreshToken: 'always',
    // Authorization codes live 60 s (reference §4.1); with time scaled up, never less than 10 real seconds so a
    // loaded test machine does not lose the exchange.
    codeTtlSec: Math.max(60, 10 * timeScale),
    clock: { now },
    paths: PATHS,
  });
  const o = mounted.oauth.urls();
  const faultProxy = options.faults ? await createFaultProxy({ target: `${base}/v3.1`, rules: options.faults }) : undefined;
  const dataOf = (businessId?: string) => {
    const d = businessId ? byId.get(businessId) : lead;
    if (!d) throw new Error(`no business ${String(businessId)}`);
    return d;
  };
  const listOf = (endpoint: string, businessId?: string) => {
    const list = dataOf(businessId).entities[endpoint];
    if (!list) throw new Error(`no endpoint ${endpoint}`);
    return list;
  };
  return {
    urls: { api: faultProxy ? faultProxy.url : `${base}/v3.1`, core: `${base}/v3.1`, authorization: o.authorization, token: o.token, revocation: o.revocation },
    client,
    businesses: datas.map((d) => ({ id: String(d.business.id), name: String(d.business.name) })),
    oauth: mounted.oauth,
    log,
    store: {
      list: listOf,
      touch(endpoint, id, changes, businessId) {
        const rec = listOf(endpoint, businessId).find((x) => x.id === id);
        if (!rec) throw new Error(`no ${endpoint} ${id}`);
        Object.assign(rec, changes, { updated_at: sageTime(now()) });
        return rec;
      },
      delete(endpoint, id, businessId) {
        const list = listOf(endpoint, businessId);
        const i = list.findIndex((x) => x.id === id);
        if (i < 0) throw new Error(`no ${endpoint} ${id}`);
        list.splice(i, 1);
        (dataOf(businessId).deleted[endpoint] ??= []).push({ id, deleted_at: sageTime(now()) });
      },
    },
    limits: {
      spendMinute(businessId) {
        const id = businessId ?? String(lead.business.id);
        const t = now();
        windows.set(id, { start: t, count: minuteLimit, dayStart: windows.get(id)?.dayStart ?? t, dayCount: windows.get(id)?.dayCount ?? 0 });
      },
    },
    injectFault(fault) {
      injected.push({ status: fault.status, body: fault.body, times: fault.times ?? 1, ...(fault.headers ? { headers: fault.headers } : {}) });
    },
    ...(faultProxy ? { faultProxy } : {}),
    close: async () => {
      await faultProxy?.close();
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    },
  };
}

class BadParam extends Error {
  constructor(readonly param: string, readonly value: string) {
    super(`${param}: ${value}`);
  }
}

/** `balance_details` of a ledger account over `[from, to]` (dates inclusive), from the current postings. */
function balanceOf(data: BusinessData, account: string, from: string | undefined, to: string | undefined) {
  let debits = 0;
  let credits = 0;
  for (const p of postings(data)) {
    if (p.account !== account || (from && p.date < from) || (to && p.date > to)) continue;
    debits += p.debit;
    credits += p.credit;
  }
  const net = debits - credits;
  return { balance: money(Math.abs(net)), credit_or_debit: net < 0 ? 'credit' : 'debit', credits: money(credits), debits: money(debits), from_date: from ?? null, to_date: to ?? null };
}
