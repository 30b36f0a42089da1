/**
 * A local QuickBooks Online: Intuit-style OAuth (discovery document, authorize with automatic consent returning
 * `realmId`, token endpoint with refresh tokens that rotate with the previous one valid 24 h, JSON revocation), the
 * `/v3/company/{realmId}` API with the query language parsed for real (`query.ts`), CDC with its 30-day window and
 * 1000-object cap, `Fault` bodies, the published limits (500/min and 10 concurrent per realm, time scalable) with
 * plain 429s, seeded deterministic data, latency and a request log; `/reports/ProfitAndLoss` and
 * `/reports/BalanceSheet` computed from the realm's documents (`reports.ts`); writes with SyncToken checks,
 * void/delete, `requestid` replay and QuickBooks' ValidationFaults (`writes.ts`); `/batch` (`batch.ts`).
 *
 * Facts from ../shared/reference (README §3, xsd/, doc-samples/). Guessed (❓ in code): the Fault code/type of a
 * query syntax error and of an out-of-window CDC request, the 429 body, CDC truncation order.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createOAuthServer, type OAuthServer } from '../../../src/testing/emulator/oauth-server';
import { qbTimestamp, seedRealm, type QbRecord, type RealmData } from './data';
import { parseQuery, QuerySyntaxError, runQuery } from './query';
import { balanceSheetReport, profitAndLossReport, reportPeriod } from './reports';
import { handleQbWrite } from './writes';
import { handleQbBatch } from './batch';

/** Options of {@link createQuickBooksEmulator}. */
export interface QuickBooksEmulatorOptions {
  port?: number;
  seed?: number;
  /** Invoices in the realm (default 120; bills are half as many). */
  invoices?: number;
  customers?: number;
  latencyMs?: number;
  /** Emulated time runs this many times faster (rate-limit windows, token expiry). Default 1. */
  timeScale?: number;
  /** Requests per realm per emulated minute (default 500). */
  minuteLimit?: number;
  redirectUris?: string[];
}

/** One logged API request. */
export interface QuickBooksRequestLogEntry { method: string; path: string; query: string; status: number; realmId?: string }

/** A running QuickBooks emulator. */
export interface QuickBooksEmulator {
  urls: { api: string; discovery: string; authorization: string; token: string; revocation: string; issuer: string };
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  realmId: string;
  oauth: OAuthServer;
  log: QuickBooksRequestLogEntry[];
  store: {
    list(entity: string): QbRecord[];
    /** Changes a record now (bumps SyncToken and LastUpdatedTime). */
    touch(entity: string, id: string, changes: QbRecord): QbRecord;
    /** Adds a record now (next free `Id`, `SyncToken` 0, `MetaData` now) and returns it. */
    insert(entity: string, record: QbRecord): QbRecord;
    /** Hard-deletes a transaction: it disappears from queries and shows in CDC as `status: "Deleted"`. */
    remove(entity: string, id: string): void;
  };
  limits: { spendMinute(): void };
  /** Fault injection: the next `times` API calls (default 1) are answered with this status and body instead. */
  injectFault(fault: { status: number; body: unknown; times?: number; contentType?: string }): void;
  close(): Promise<void>;
}

const NAME_ENTITIES = new Set(['Account', 'Customer', 'Vendor', 'Item', 'Class', 'Department', 'TaxRate', 'TaxCode']);
const NO_CDC = new Set(['TaxRate', 'TaxCode', 'TaxAgency', 'JournalCode', 'TimeActivity']);
const CDC_WINDOW_MS = 30 * 86_400_000;

/** Starts a QuickBooks emulator on 127.0.0.1. */
export async function createQuickBooksEmulator(options: QuickBooksEmulatorOptions = {}): Promise<QuickBooksEmulator> {
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const startReal = Date.now();
  const now = () => startReal + (Date.now() - startReal) * timeScale;
  const realmId = String(9130350000000000 + seed * 1000 + 17);
  const realm: RealmData = seedRealm(seed, { invoices: options.invoices ?? 120, customers: options.customers ?? 40 }, 'Sandbox Company_US_1', startReal);
  const client = { clientId: 'ABqbEmulatorClientId0000000000000000000000000001', clientSecret: 'qb-emulator-secret-91c2e7d4', redirectUris: options.redirectUris ?? ['http://127.0.0.1:0/callback', 'http://localhost/callback'] };
  const log: QuickBooksRequestLogEntry[] = [];
  const minuteLimit = options.minuteLimit ?? 500;
  const w = { start: now(), count: 0, inFlight: 0 };
  const mounted = {} as { oauth: OAuthServer };
  const injected: { status: number; body: unknown; times: number; contentType?: string }[] = [];
  /** Write answers by `requestid` (one realm per emulator). */
  const replay = new Map<string, { status: number; payload: unknown }>();
  const time = () => qbTimestamp(now()).replace(/-07:00$/, '.000-07:00');
  const fault = (type: string, message: string, detail: string, code: string) => ({ Fault: { Error: [{ Message: message, Detail: detail, code, element: '' }], type }, time: time() });

  /** Runs one query-language statement: the answer of the query endpoint. */
  const runText = (text: string): { status: number; payload: unknown } => {
    let q: ReturnType<typeof parseQuery>;
    try {
      q = parseQuery(text);
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      // ❓ unverified: code and HTTP status of a parse error (reference §3.6 says some query errors come as 200).
      return { status: 400, payload: fault('ValidationFault', 'Error parsing query', `QueryParserError: ${err.message}`, '4000') };
    }
    // ❓ unverified: entity names are matched case-insensitively (the reference has a lower-case keyword query,
    // `select * from SalesReceipt`; node-quickbooks sends `select * from invoice` and works against the real API).
    const entityName = Object.keys(realm.entities).find((e) => e.toLowerCase() === q.entity.toLowerCase());
    if (entityName) q = { ...q, entity: entityName };
    const all = realm.entities[q.entity];
    if (!all) return { status: 400, payload: fault('ValidationFault', 'Error parsing query', `QueryValidationError: Invalid entity ${q.entity}`, '4001') };
    let rows = all;
    if (NAME_ENTITIES.has(q.entity) && !q.where.some((c) => c.field === 'Active')) rows = rows.filter((r) => r.Active !== false);
    rows = runQuery(q, rows);
    if (q.count) return { status: 200, payload: { QueryResponse: { totalCount: rows.length }, time: time() } };
    const page = rows.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults);
    return { status: 200, payload: { QueryResponse: page.length ? { [q.entity]: page, startPosition: q.startPosition, maxResults: page.length } : {}, time: time() } };
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    let body = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    // Intuit's revocation takes JSON `{ "token": … }`; the generic server speaks RFC 7009 forms.
    if (url.pathname === '/v2/oauth2/tokens/revoke' && /json/.test(String(req.headers['content-type']))) {
      try {
        const token = (JSON.parse(body.toString('utf8')) as { token?: string }).token ?? '';
        body = Buffer.from(new URLSearchParams({ token }).toString());
        req.headers['content-type'] = 'application/x-www-form-urlencoded';
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
    }
    if (await mounted.oauth.handle(req, res, url, body)) return;
    const tid = randomUUID();
    const m = /^\/v3\/company\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const finish = (status: number, payload: unknown, contentType = 'application/json;charset=UTF-8') => {
      log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status, ...(m ? { realmId: m[1]! } : {}) });
      res.writeHead(status, { 'content-type': contentType, intuit_tid: tid });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    if (!m) return finish(404, fault('ValidationFault', 'Not found', 'unknown path', '610'));
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? mounted.oauth.validateAccessToken(bearer) : undefined;
    if (!token) return finish(401, fault('AUTHENTICATION', 'message=AuthenticationFailed; errorCode=003200; statusCode=401', 'Token expired or invalid', '3200'));
    if (m[1] !== realmId || !token.tenantIds.includes(realmId)) return finish(403, fault('AuthorizationFault', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'realm not authorised', '3100'));

    const t = now();
    if (t - w.start >= 60_000) Object.assign(w, { start: t, count: 0 });
    // ❓ unverified 429 body (a third-party copy): QuickBooks sends no Retry-After.
    const throttle = () => finish(429, fault('SystemFault', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'The request limit was reached.', '003001'));
    if (w.count >= minuteLimit || w.inFlight >= 10) return throttle();
    w.count++;
    w.inFlight++;
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const inj = injected[0];
      if (inj) {
        if (--inj.times <= 0) injected.shift();
        return finish(inj.status, inj.body, inj.contentType);
      }
      const rest = m[2] ?? '/';
      if (!url.searchParams.get('minorversion')) {
        // Real QuickBooks defaults the minor version; the emulator insists so the adapter is kept honest.
        return finish(400, fault('ValidationFault', 'minorversion missing', 'send ?minorversion=75', '4001'));
      }
      if (req.method === 'POST' && rest === '/batch') {
        const a = handleQbBatch({ path: 'batch', query: url.searchParams, body, realm, now: now(), nextId, time, replay }, runText);
        return finish(a.status, a.payload);
      }
      if (req.method === 'POST' && rest !== '/query') {
        const w = /^\/([a-z]+)$/.exec(rest);
        const answer = w ? handleQbWrite({ path: w[1]!, query: url.searchParams, body, realm, now: now(), nextId, time, replay }) : undefined;
        if (answer) return finish(answer.status, answer.payload);
        return finish(405, fault('ValidationFault', 'Unsupported Operation', `writes to ${rest} are not emulated`, '500')); // ❓
      }
      if (req.method !== 'GET' && !(req.method === 'POST' && rest === '/query')) return finish(405, fault('ValidationFault', 'Unsupported Operation', `${req.method ?? ''} is not supported`, '500'));
      if (rest === `/companyinfo/${realmId}`) return finish(200, { CompanyInfo: realm.companyInfo, time: time() });
      const report = /^\/reports\/(ProfitAndLoss|BalanceSheet)$/.exec(rest);
      if (report && req.method === 'GET') {
        const method = url.searchParams.get('accounting_method');
        // ❓ unverified wording/code; the emulator computes accrual-basis reports only.
        if (method && method !== 'Accrual') return finish(400, fault('ValidationFault', 'Invalid parameter', `accounting_method ${method} is not supported by the emulator`, '2010'));
        const period = reportPeriod(url.searchParams, qbTimestamp(now()).slice(0, 10));
        if ('error' in period) return finish(400, fault('ValidationFault', 'Invalid date', period.error, '2010')); // ❓ code
        const body = report[1] === 'ProfitAndLoss' ? profitAndLossReport(realm, period, time()) : balanceSheetReport(realm, period, time());
        return finish(200, body);
      }
      if (rest === '/query') {
        const a = runText(req.method === 'POST' ? body.toString('utf8') : url.searchParams.get('query') ?? '');
        return finish(a.status, a.payload);
      }
      if (rest === '/cdc') {
        const entities = (url.searchParams.get('entities') ?? '').split(',').filter(Boolean);
        const since = Date.parse(url.searchParams.get('changedSince') ?? '');
        if (!entities.length || Number.isNaN(since)) return finish(400, fault('ValidationFault', 'Invalid CDC request', 'entities and changedSince are required', '4000'));
        // ❓ unverified: the Fault returned for a changedSince beyond 30 days.
        if (now() - since > CDC_WINDOW_MS) return finish(400, fault('ValidationFault', 'Invalid CDC request', 'changedSince must be within the last 30 days', '4000'));
        let budget = 1000;
        const qrs = [];
        for (const e of entities) {
          if (NO_CDC.has(e) || !realm.entities[e]) return finish(400, fault('ValidationFault', 'Invalid CDC request', `CDC is not supported for ${e}`, '4000'));
          const changed = [...realm.entities[e]!, ...(realm.deleted[e] ?? [])]
            .filter((r) => Date.parse(String((r.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime)) >= since)
            .sort((a, b) => Date.parse(String((a.MetaData as { LastUpdatedTime: string }).LastUpdatedTime)) - Date.parse(String((b.MetaData as { LastUpdatedTime: string }).LastUpdatedTime)));
          const take = changed.slice(0, budget);
          budget -= take.length;
          qrs.push(take.length ? { [e]: take, startPosition: 1, maxResults: take.length } : {});
        }
        return finish(200, { CDCResponse: [{ QueryResponse: qrs }], time: time() });
      }
      const single = /^\/([a-z]+)\/([^/]+)$/.exec(rest);
      if (single) {
        const entity = Object.keys(realm.entities).find((k) => k.toLowerCase() === single[1]);
        const found = entity ? realm.entities[entity]!.find((r) => r.Id === single[2]) : undefined;
        if (found) return finish(200, { [entity!]: found, time: time() });
        return finish(400, fault('ValidationFault', 'Object Not Found', `Object Not Found : Something you're trying to use has been made inactive or is not found.`, '610'));
      }
      return finish(404, fault('ValidationFault', 'Unsupported Operation', `no such endpoint ${rest}`, '500'));
    } finally {
      w.inFlight--;
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client.redirectUris = client.redirectUris.map((u) => u.replace('http://127.0.0.1:0/', `${base}/`));
  mounted.oauth = createOAuthServer({
    issuer: `${base}/op/v1`,
    clients: [client],
    tenants: [{ id: realmId, name: String(realm.companyInfo.CompanyName), type: 'REALM' }],
    accessTokenTtlSec: 3600,
    refreshTokenTtlSec: 8_726_400,
    rotation: { kind: 'rotating-with-overlap', previousValidMs: 24 * 3_600_000 },
    clientAuthentication: 'either',
    pkce: 'optional',
    idTokens: true,
    scopesSupported: ['com.intuit.quickbooks.accounting', 'com.intuit.quickbooks.payment', 'openid', 'profile', 'email', 'phone', 'address'],
    callbackExtraParams: ({ tenants }) => ({ realmId: tenants[0]!.id }),
    refreshTokenExpiresInParam: 'x_refresh_token_expires_in',
    issueRefreshToken: 'always',
    clock: { now },
    paths: { discovery: '/.well-known/openid_configuration', authorize: '/connect/oauth2', token: '/oauth2/v1/tokens/bearer', revoke: '/v2/oauth2/tokens/revoke' },
  });
  const o = mounted.oauth.urls();
  /** Ids are unique across the realm's entities in the emulator (QuickBooks numbers them per entity ❓). */
  const nextId = () => String(1 + Math.max(0, ...Object.values(realm.entities).flat().map((r) => Number(r.Id) || 0), ...Object.values(realm.deleted).flat().map((r) => Number(r.Id) || 0)));
  const entityOf = (e: string) => {
    const list = realm.entities[e];
    if (!list) throw new Error(`no entity ${e}`);
    return list;
  };
  return {
    urls: { api: base, discovery: o.discovery, authorization: o.authorization, token: o.token, revocation: o.revocation, issuer: o.issuer },
    client,
    realmId,
    oauth: mounted.oauth,
    log,
    store: {
      list: (e) => entityOf(e),
      touch(e, id, changes) {
        const rec = entityOf(e).find((r) => r.Id === id);
        if (!rec) throw new Error(`no ${e} ${id}`);
        const meta = rec.MetaData as { CreateTime: string };
        Object.assign(rec, changes, { SyncToken: String(Number(rec.SyncToken ?? 0) + 1), MetaData: { CreateTime: meta.CreateTime, LastUpdatedTime: qbTimestamp(now()) } });
        return rec;
      },
      insert(e, record) {
        const rec = { ...record, Id: nextId(), SyncToken: '0', domain: 'QBO', sparse: false, MetaData: { CreateTime: qbTimestamp(now()), LastUpdatedTime: qbTimestamp(now()) } };
        (realm.entities[e] ??= []).push(rec);
        return rec;
      },
      remove(e, id) {
        const list = entityOf(e);
        const i = list.findIndex((r) => r.Id === id);
        if (i < 0) throw new Error(`no ${e} ${id}`);
        list.splice(i, 1);
        (realm.deleted[e] ??= []).push({ status: 'Deleted', domain: 'QBO', Id: id, MetaData: { LastUpdatedTime: qbTimestamp(now()) } });
      },
    },
    limits: {
      spendMinute() {
        const t = now();
        if (t - w.start >= 60_000) Object.assign(w, { start: t, count: 0 });
        w.count = minuteLimit;
      },
    },
    injectFault(fault) {
      injected.push({ status: fault.status, body: fault.body, times: fault.times ?? 1, ...(fault.contentType ? { contentType: fault.contentType } : {}) });
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
