/**
 * A local Xero: identity (OIDC discovery, authorize with automatic consent and a choice of organisations, token
 * endpoint with 30-minute access tokens and rotating refresh tokens with Xero's 30-minute grace period, revocation),
 * `/connections`, and the accounting endpoints the adapter reads, with Xero's envelopes, `/Date()/` values,
 * `page`/`pageSize` paging with `pagination.pageCount`, `If-Modified-Since`, `where` filters, statuses, error bodies,
 * the published rate limits (time scalable) with Xero's headers and 429s, and a request log.
 *
 * Facts from ../shared/reference (README §2, xero_accounting.yaml, xero-identity.yaml, recorded real bodies).
 * Guessed where the reference is silent (each marked ❓ in the code): the 401 problem-details body, the 403 body
 * without a tenant header, and what Xero answers when more than 5 calls run at once (here: 429 with
 * `X-Rate-Limit-Problem: concurrent`).
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createOAuthServer, type OAuthServer } from '../../../src/testing/emulator/oauth-server';
import { toInstant } from '../../../src/model/primitives';
import { msDate, seedOrganisation, type OrgData, type XeroRecord } from './data';
import { handleXeroWrite } from './writes';
import { createFaultProxy, type FaultProxy, type FaultRule } from '../../../src/testing/fault-proxy';
import { balanceSheetReport, profitAndLossReport, reportDate } from './reports';
import { compileWhere, WhereSyntaxError, type WherePredicate } from './where';
import { bulkFirstSince, bulkIndexOf, bulkInvoice, type BulkContext } from './bulk';

/** Options of {@link createXeroEmulator}. */
export interface XeroEmulatorOptions {
  port?: number;
  seed?: number;
  /** Sales invoices in the first organisation (default 120; bills are half as many). */
  invoices?: number;
  contacts?: number;
  /**
   * Extra sales invoices in the first organisation generated on demand instead of held in memory (default 0): a
   * read-only series older than every seeded record, for load and memory tests (see `bulk.ts`). They are listed
   * before the seeded invoices and found by GET; writes, reports and `store.list` do not see them.
   */
  bulkInvoices?: number;
  /** Fixed latency added to every API response, in ms. */
  latencyMs?: number;
  /** Emulated time runs this many times faster for rate-limit windows and token expiry (default 1). */
  timeScale?: number;
  /** Daily call limit per organisation (default 5000; 1000 on Xero's Starter tier). */
  dailyLimit?: number;
  /**
   * Fault injection on the accounting API (429, 5xx, connection reset, hang, truncated or malformed body, lost
   * answer), by deterministic rules: `urls.api` then points at a fault proxy in front of the emulator.
   */
  faults?: FaultRule[];
  /** Calls per organisation per (emulated) minute (default 60, Xero's published limit). Lower it in tests that must
   * provoke 429s whatever the machine's speed. */
  minuteLimit?: number;
  /** Redirect URIs the emulated app accepts (default http://127.0.0.1:0/callback and http://localhost/callback). */
  redirectUris?: string[];
}

/** One logged API request. */
export interface XeroRequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  tenantId?: string;
}

/** A running Xero emulator. */
export interface XeroEmulator {
  urls: { api: string; issuer: string; authorization: string; token: string; revocation: string; connections: string; discovery: string };
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  tenants: Array<{ id: string; name: string }>;
  oauth: OAuthServer;
  /** Every accounting API request with its status. */
  log: XeroRequestLogEntry[];
  /** The fault proxy in front of the API when `faults` were given (change its rules, read what fired). */
  faultProxy?: FaultProxy;
  /** Test hooks on the data of one organisation. */
  store: {
    /** Records of an endpoint collection (`Invoices`, `Contacts`, …) of a tenant (default: the first). */
    list(collection: string, tenantId?: string): XeroRecord[];
    /** How many records of a collection have every field of `match` (bulk invoices included). */
    count(collection: string, match?: XeroRecord, tenantId?: string): number;
    /** Changes a record now: merges `changes` and bumps `UpdatedDateUTC`. */
    touch(collection: string, id: string, changes: XeroRecord, tenantId?: string): XeroRecord;
  };
  /** Test hooks on the rate-limit windows. */
  limits: {
    /** Spends what is left of an organisation's minute budget now, as another process of the same app would
     * (default: the first organisation). The next call is answered `429` with `X-Rate-Limit-Problem: minute`. */
    spendMinute(tenantId?: string): void;
  };
  close(): Promise<void>;
}

const ID_FIELDS: Record<string, string> = {
  Accounts: 'AccountID',
  TaxRates: 'TaxType',
  TrackingCategories: 'TrackingCategoryID',
  Items: 'ItemID',
  Contacts: 'ContactID',
  Invoices: 'InvoiceID',
  CreditNotes: 'CreditNoteID',
  Payments: 'PaymentID',
  ManualJournals: 'ManualJournalID',
  BankTransactions: 'BankTransactionID',
};
const PAGED = new Set(['Contacts', 'Invoices', 'CreditNotes', 'Payments', 'ManualJournals', 'BankTransactions']);
const MODIFIED_SINCE = new Set(['Accounts', 'Contacts', 'Invoices', 'CreditNotes', 'Payments', 'ManualJournals', 'BankTransactions', 'Items']);

function updatedMs(r: XeroRecord): number {
  const m = /^\/Date\((-?\d+)/.exec(String(r.UpdatedDateUTC ?? ''));
  return m ? Number(m[1]) : 0;
}

/** Starts a Xero emulator on 127.0.0.1. */
export async function createXeroEmulator(options: XeroEmulatorOptions = {}): Promise<XeroEmulator> {
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const startReal = Date.now();
  const now = () => startReal + (Date.now() - startReal) * timeScale;
  const invoices = options.invoices ?? 120;
  const tenants = [
    { id: randomUUIDFrom(seed, 1), name: 'Demo Company (UK)' },
    { id: randomUUIDFrom(seed, 2), name: 'Second Org Ltd' },
  ];
  const data = new Map<string, OrgData>([
    [tenants[0]!.id, seedOrganisation(seed, { invoices, bills: Math.ceil(invoices / 2), contacts: options.contacts ?? 40 }, tenants[0]!.name, startReal)],
    [tenants[1]!.id, seedOrganisation(seed + 1, { invoices: 5, bills: 3, contacts: 6 }, tenants[1]!.name, startReal)],
  ]);
  const firstOrg = data.get(tenants[0]!.id)!;
  const bulk: BulkContext | undefined = options.bulkInvoices
    ? {
        seed,
        count: options.bulkInvoices,
        customers: firstOrg.collections.Contacts!.filter((c) => c.IsCustomer === true),
        items: firstOrg.collections.Items!,
        firstUpdatedMs: startReal - 500 * 86_400_000,
        baseMs: startReal,
      }
    : undefined;
  const client = {
    clientId: 'LEDGERLINKEMULATORCLIENT00000001',
    clientSecret: 'emulator-client-secret-6f1d2c3b4a5e',
    redirectUris: options.redirectUris ?? ['http://127.0.0.1:0/callback', 'http://localhost/callback'],
  };
  const log: XeroRequestLogEntry[] = [];
  const dailyLimit = options.dailyLimit ?? 5000;
  const minuteMs = 60_000;
  const minuteLimit = options.minuteLimit ?? 60;
  const windows = new Map<string, { minuteStart: number; minute: number; dayStart: number; day: number; inFlight: number }>();
  let appMinute = { start: now(), count: 0 };
  const mounted = {} as { oauth: OAuthServer };
  /** Answers by Idempotency-Key, per organisation. */
  const replays = new Map<string, Map<string, { status: number; payload: unknown }>>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const body = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    if (await mounted.oauth.handle(req, res, url, body)) return;
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', date: new Date(now()).toUTCString(), ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? mounted.oauth.validateAccessToken(bearer) : undefined;
    // ❓ unverified: the shape of Xero's 401 problem-details body (reference §2.6).
    const unauthorized = () => json(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Instance: randomUUID(), Extensions: {} }, { 'www-authenticate': 'Bearer' });

    if (url.pathname === '/connections' || url.pathname.startsWith('/connections/')) {
      if (!token) return unauthorized();
      if (req.method === 'GET' && url.pathname === '/connections') {
        const eventId = url.searchParams.get('authEventId');
        const list = tenants
          .filter((t) => token.tenantIds.includes(t.id))
          .filter(() => !eventId || eventId === token.authEventId)
          .map((t, i) => ({
            id: randomUUIDFrom(seed, 100 + i),
            authEventId: token.authEventId,
            tenantId: t.id,
            tenantType: 'ORGANISATION',
            tenantName: t.name,
            createdDateUtc: new Date(startReal).toISOString().replace('Z', '0'),
            updatedDateUtc: new Date(startReal).toISOString().replace('Z', '0'),
          }));
        return json(200, list);
      }
      if (req.method === 'DELETE') return json(204, undefined);
      return json(405, { message: 'method not allowed' });
    }

    const prefix = '/api.xro/2.0/';
    if (!url.pathname.startsWith(prefix)) return json(404, { message: 'not found' });
    const tenantId = req.headers['xero-tenant-id'];
    const finish = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status, ...(typeof tenantId === 'string' ? { tenantId } : {}) });
      json(status, payload, headers);
    };
    if (!token) {
      log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status: 401 });
      return unauthorized();
    }
    // ❓ unverified body: Xero answers 403 when the tenant header is missing or not one the token may use (reference §2.1).
    if (typeof tenantId !== 'string' || !token.tenantIds.includes(tenantId) || !data.has(tenantId)) {
      return finish(403, { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthorizationUnsuccessful', Instance: randomUUID() });
    }

    // Rate limits per tenant and app (fixed windows, time scaled).
    const t = now();
    const w = windows.get(tenantId) ?? { minuteStart: t, minute: 0, dayStart: t, day: 0, inFlight: 0 };
    windows.set(tenantId, w);
    if (t - w.minuteStart >= minuteMs) Object.assign(w, { minuteStart: t, minute: 0 });
    if (t - w.dayStart >= 86_400_000) Object.assign(w, { dayStart: t, day: 0 });
    if (t - appMinute.start >= minuteMs) appMinute = { start: t, count: 0 };
    const retryAfter = (windowStart: number, len: number) => String(Math.max(1, Math.ceil((windowStart + len - t) / 1000 / timeScale)));
    if (w.day >= dailyLimit) return finish(429, { Message: 'Daily limit exceeded' }, { 'retry-after': retryAfter(w.dayStart, 86_400_000), 'x-rate-limit-problem': 'day', 'x-daylimit-remaining': '0' });
    if (w.minute >= minuteLimit) return finish(429, { Message: 'Minute limit exceeded' }, { 'retry-after': retryAfter(w.minuteStart, minuteMs), 'x-rate-limit-problem': 'minute', 'x-minlimit-remaining': '0' });
    if (appMinute.count >= 10_000) return finish(429, { Message: 'App minute limit exceeded' }, { 'retry-after': retryAfter(appMinute.start, minuteMs), 'x-rate-limit-problem': 'appminute' });
    // ❓ unverified: Xero's answer to a 6th concurrent call.
    if (w.inFlight >= 5) return finish(429, { Message: 'Concurrent limit exceeded' }, { 'retry-after': '1', 'x-rate-limit-problem': 'concurrent' });
    w.minute++;
    w.day++;
    appMinute.count++;
    w.inFlight++;
    // What remained when this call was counted (a call answered late still reports its own count).
    const remainingAtArrival = {
      'x-minlimit-remaining': String(minuteLimit - w.minute),
      'x-daylimit-remaining': String(dailyLimit - w.day),
      'x-appminlimit-remaining': String(10_000 - appMinute.count),
    };
    const limitHeaders = () => remainingAtArrival;
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const org = data.get(tenantId)!;
      const [resource, id, ...rest] = url.pathname.slice(prefix.length).split('/').map(decodeURIComponent);
      const key = Object.keys(ID_FIELDS).find((k) => k.toLowerCase() === resource?.toLowerCase());
      const envelope = (k: string, records: XeroRecord[], pagination?: object) => ({
        Id: randomUUID(),
        Status: 'OK',
        ProviderName: 'ledgerlink Xero emulator',
        DateTimeUTC: msDate(now(), false),
        ...(pagination ? { pagination } : {}),
        [k]: records,
      });
      if (req.method !== 'GET') {
        const idempotencyHeader = req.headers['idempotency-key'];
        const written = key && handleXeroWrite({
          method: req.method ?? 'POST',
          collection: key,
          id,
          body,
          query: url.searchParams,
          org,
          now: now(),
          replay: replays.get(tenantId) ?? replays.set(tenantId, new Map()).get(tenantId)!,
          idempotencyKey: typeof idempotencyHeader === 'string' ? idempotencyHeader : undefined,
          envelope: (k, records) => envelope(k, records),
        });
        if (written) return finish(written.status, written.payload, limitHeaders());
        return finish(405, { Message: `${req.method} is not supported on ${resource ?? '/'} by the emulator` }, limitHeaders());
      }
      if (resource?.toLowerCase() === 'organisation' && !id) return finish(200, envelope('Organisations', [org.organisation]), limitHeaders());
      if (resource?.toLowerCase() === 'reports' && id && rest.length === 0) {
        const dates = ['date', 'fromDate', 'toDate'].map((p) => reportDate(url.searchParams.get(p)));
        // ❓ unverified: Xero's answer to a malformed report date.
        if (dates.some((d) => d !== undefined && Number.isNaN(d))) return finish(400, { ErrorNumber: 10, Type: 'ValidationException', Message: 'Dates must be in the format YYYY-MM-DD' }, limitHeaders());
        const [date, fromDate, toDate] = dates;
        if (id.toLowerCase() === 'balancesheet') return finish(200, balanceSheetReport(org, now(), date), limitHeaders());
        if (id.toLowerCase() === 'profitandloss') return finish(200, profitAndLossReport(org, now(), fromDate, toDate), limitHeaders());
        return finish(404, 'The resource you\'re looking for cannot be found', limitHeaders());
      }
      if (!key || rest.length > 0) return finish(404, 'The resource you\'re looking for cannot be found', limitHeaders());
      let records = org.collections[key]!;
      const bulkHere = bulk && key === 'Invoices' && org === firstOrg ? bulk : undefined;
      if (id) {
        const bulkIndex = bulkHere ? bulkIndexOf(bulkHere, id) : undefined;
        if (bulkHere && bulkIndex !== undefined) return finish(200, envelope(key, [bulkInvoice(bulkHere, bulkIndex)]), limitHeaders());
        const found = records.find((r) => String(r[ID_FIELDS[key]!]).toLowerCase() === id.toLowerCase());
        return found ? finish(200, envelope(key, [found]), limitHeaders()) : finish(404, 'The resource you\'re looking for cannot be found', limitHeaders());
      }
      const where = url.searchParams.get('where');
      let predicate: WherePredicate | undefined;
      if (where) {
        try {
          predicate = compileWhere(where);
        } catch (err) {
          if (!(err instanceof WhereSyntaxError)) throw err;
          return finish(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: `Unable to parse the where clause: ${err.message}` }, limitHeaders());
        }
      }
      // The bulk series: a where clause is decided on its first invoice (the series is homogeneous in what clauses test).
      let bulkFrom = bulkHere && (!predicate || predicate(bulkInvoice(bulkHere, 0))) ? 0 : bulkHere?.count ?? 0;
      if (predicate) records = records.filter(predicate);
      if ((key === 'Contacts' || key === 'TrackingCategories') && url.searchParams.get('includeArchived')?.toLowerCase() !== 'true') {
        records = records.filter((r) => r.ContactStatus !== 'ARCHIVED' && r.Status !== 'ARCHIVED');
      }
      const ims = req.headers['if-modified-since'];
      if (typeof ims === 'string' && MODIFIED_SINCE.has(key)) {
        let since: number;
        try {
          since = Date.parse(toInstant(ims));
        } catch {
          return finish(400, { ErrorNumber: 10, Type: 'ValidationException', Message: 'If-Modified-Since is not a valid date' }, limitHeaders());
        }
        records = records.filter((r) => updatedMs(r) >= since);
        if (bulkHere) bulkFrom = Math.max(bulkFrom, bulkFirstSince(bulkHere, since));
      }
      if (!PAGED.has(key)) return finish(200, envelope(key, records), limitHeaders());
      const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize') ?? '100') || 100));
      const bulkCount = bulkHere ? bulkHere.count - bulkFrom : 0;
      const itemCount = bulkCount + records.length;
      const pageCount = Math.ceil(itemCount / pageSize);
      const slice: XeroRecord[] = [];
      for (let i = (page - 1) * pageSize; i < Math.min(itemCount, page * pageSize); i++) slice.push(i < bulkCount ? bulkInvoice(bulkHere!, bulkFrom + i) : records[i - bulkCount]!);
      return finish(200, envelope(key, slice, { page, pageSize, pageCount, itemCount }), limitHeaders());
    } finally {
      w.inFlight--;
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/identity`;
  const redirectUris = client.redirectUris.map((u) => u.replace('http://127.0.0.1:0/', `${base}/`));
  client.redirectUris = redirectUris;
  mounted.oauth = createOAuthServer({
    issuer,
    clients: [client],
    tenants,
    accessTokenTtlSec: 1800,
    refreshTokenTtlSec: 60 * 86_400,
    rotation: { kind: 'rotating-with-grace', graceMs: 30 * 60_000 },
    clientAuthentication: 'client_secret_basic',
    pkce: 'optional',
    idTokens: true,
    scopesSupported: [
      'openid', 'profile', 'email', 'offline_access',
      'accounting.transactions', 'accounting.transactions.read', 'accounting.contacts', 'accounting.contacts.read',
      'accounting.settings', 'accounting.settings.read', 'accounting.reports.read', 'accounting.journals.read',
      'accounting.attachments', 'accounting.attachments.read',
      'accounting.invoices', 'accounting.invoices.read', 'accounting.payments', 'accounting.payments.read',
      'accounting.banktransactions', 'accounting.banktransactions.read', 'accounting.manualjournals', 'accounting.manualjournals.read',
      'accounting.reports.balancesheet.read', 'accounting.reports.profitandloss.read', 'accounting.reports.trialbalance.read',
    ],
    clock: { now },
    paths: { authorize: 'connect/authorize', token: 'connect/token', revoke: 'connect/revocation' },
  });
  const oauthUrls = mounted.oauth.urls();
  const faultProxy = options.faults ? await createFaultProxy({ target: `${base}/api.xro/2.0`, rules: options.faults }) : undefined;
  const orgOf = (tenantId?: string) => data.get(tenantId ?? tenants[0]!.id)!;
  return {
    urls: {
      api: faultProxy ? faultProxy.url : `${base}/api.xro/2.0`,
      issuer,
      authorization: oauthUrls.authorization,
      token: oauthUrls.token,
      revocation: oauthUrls.revocation,
      connections: `${base}/connections`,
      discovery: oauthUrls.discovery,
    },
    client,
    tenants,
    oauth: mounted.oauth,
    log,
    store: {
      list: (collection, tenantId) => orgOf(tenantId).collections[collection] ?? [],
      count(collection, match = {}, tenantId) {
        const matches = (r: XeroRecord) => Object.entries(match).every(([k, v]) => r[k] === v);
        const seeded = (orgOf(tenantId).collections[collection] ?? []).filter(matches).length;
        const inBulk = bulk && collection === 'Invoices' && orgOf(tenantId) === firstOrg && matches(bulkInvoice(bulk, 0)) ? bulk.count : 0;
        return seeded + inBulk;
      },
      touch(collection, id, changes, tenantId) {
        const records = orgOf(tenantId).collections[collection];
        const idField = ID_FIELDS[collection];
        const record = records?.find((r) => r[idField!] === id);
        if (!record || !records) throw new Error(`no ${collection} record ${id}`);
        Object.assign(record, changes, { UpdatedDateUTC: msDate(now()) });
        records.splice(records.indexOf(record), 1);
        records.push(record);
        return record;
      },
    },
    limits: {
      spendMinute(tenantId) {
        const id = tenantId ?? tenants[0]!.id;
        const t = now();
        const w = windows.get(id) ?? { minuteStart: t, minute: 0, dayStart: t, day: 0, inFlight: 0 };
        if (t - w.minuteStart >= minuteMs) Object.assign(w, { minuteStart: t, minute: 0 });
        w.minute = minuteLimit;
        windows.set(id, w);
      },
    },
    ...(faultProxy ? { faultProxy } : {}),
    close: async () => {
      await faultProxy?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function randomUUIDFrom(seed: number, n: number): string {
  const hex = (seed * 2654435761 + n * 40503).toString(16).padStart(8, '0').slice(-8);
  return `${hex}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
