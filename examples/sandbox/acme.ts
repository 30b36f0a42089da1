/**
 * "Acme Books": a small test provider and its local server, used to drive the whole core end to end — link (OAuth
 * with PKCE, state and a tenant choice), token refresh, paginated incremental sync, kill and resume — without any
 * real provider's quirks. Its server mounts the emulator OAuth server and serves two resources:
 *
 * - `GET /api/contacts?page=&per_page=&updated_since=` → `{ contacts: [...], meta: { page, page_count } }`
 * - `GET /api/invoices?limit=&updated_since=` → `{ invoices: [...], next: "/api/invoices?after=…" | null }`
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineProvider } from '../../src/provider/define-provider';
import { createOAuthServer, type OAuthServer } from '../../src/testing/emulator/oauth-server';
import { toCalendarDate, toDecimal, toInstant } from '../../src/model/primitives';
import { ValidationError } from '../../src/errors';

export const ACME_CLIENT = { clientId: 'acme-client', clientSecret: 'acme-secret-7f3e9a1c5b2d4e6f', redirectUri: 'http://127.0.0.1:1/cb' };
export const ACME_TENANTS = [
  { id: 'org-1', name: 'Acme Widgets Ltd' },
  { id: 'org-2', name: 'Acme Holdings' },
];

interface RawContact { id: string; name: string; email?: string; archived: boolean; updated_at: string }
interface RawInvoice { id: string; number: string; contact_id: string; date: string; total: number | string; status: string; updated_at: string }

/** The Acme provider descriptor. */
export const acmeProvider = defineProvider({
  id: 'acme',
  displayName: 'Acme Books',
  docsUrl: 'https://example.invalid/acme',
  environments: {
    production: { api: 'https://api.acme.invalid', issuer: 'https://id.acme.invalid' },
  },
  auth: {
    type: 'oauth2',
    discovery: true,
    scopes: { default: ['offline_access', 'books.read'] },
    pkce: true,
    clientAuthentication: 'client_secret_basic',
    rotation: { kind: 'rotating' },
    refreshAheadMs: 30_000,
    async resolveTenants(ctx) {
      const res = await ctx.request<Array<{ id: string; name: string }>>({ method: 'GET', url: '/tenants' });
      return res.data.map((t) => ({ id: t.id, name: t.name }));
    },
  },
  rateLimits: { tenant: { maxConcurrent: 2, perMinute: 6000 }, defaultRetryAfterMs: 50 },
  tenantHeaders: (tenant) => ({ 'x-tenant': tenant.id }),
  defaultHeaders: { accept: 'application/json' },
  // Acme answers 422 with `{ errors: [{ field, message }] }`: field names become canonical paths.
  mapError(response, ctx) {
    const errors = (response.data as { errors?: Array<{ field?: string; message?: string }> } | undefined)?.errors;
    if (response.status !== 422 || !Array.isArray(errors)) return undefined;
    const issues = errors.map((e) => ({ path: ACME_FIELD_PATHS[e.field ?? ''] ?? e.field ?? '', message: e.message ?? 'invalid', code: 'provider' }));
    return new ValidationError(`${ctx.provider}: ${ctx.operation ?? 'request'} rejected: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
      provider: ctx.provider,
      status: 422,
      issues,
    });
  },
  resources: {
    customers: {
      path: '/contacts',
      pagination: {
        type: 'page-number',
        pageParam: 'page',
        sizeParam: 'per_page',
        pageSize: 10,
        end: { by: 'page-count', pageCount: (b) => (b as { meta: { page_count: number } }).meta.page_count },
        select: (b) => (b as { contacts: unknown[] }).contacts,
      },
      incremental: { type: 'query-param', param: 'updated_since' },
      deletes: { type: 'status' },
      idOf: (raw) => (raw as RawContact).id,
      write: {
        fields: [
          { path: 'name', required: 'always', maxLength: 50, message: 'Name must be 1-50 characters' },
          { path: 'emailAddress', pattern: '^[^@\\s]+@[^@\\s]+$', message: 'Email is not valid' },
        ],
        // Acme has no idempotency mechanism for contacts: a retried create first looks the name up.
        idempotency: {
          type: 'precheck',
          find: (input) => ({ url: '/contacts', query: { name: String((input as { name: string }).name) } }),
          select: (body) => (body as { contacts: unknown[] }).contacts[0],
        },
        create: {
          request: (input) => ({ method: 'POST', url: '/contacts', body: { contact: { name: input.name, ...(input.emailAddress ? { email: input.emailAddress } : {}) } } }),
          select: (body) => (body as { contact: unknown }).contact,
        },
      },
      toCanonical: (raw) => {
        const c = raw as RawContact;
        return {
          id: c.id,
          name: c.name,
          ...(c.email ? { emailAddress: c.email } : {}),
          status: c.archived ? 'Archived' : 'Active',
          isDeleted: c.archived,
          sourceModifiedDate: toInstant(c.updated_at),
        };
      },
    },
    invoices: {
      path: '/invoices',
      pagination: {
        type: 'next-link',
        source: { from: 'body', next: (b) => (b as { next: string | null }).next },
        sizeParam: 'limit',
        pageSize: 7,
        select: (b) => (b as { invoices: unknown[] }).invoices,
      },
      incremental: { type: 'query-param', param: 'updated_since' },
      deletes: { type: 'status' },
      idOf: (raw) => (raw as RawInvoice).id,
      get: { path: (id) => `/invoices/${encodeURIComponent(id)}`, select: (b) => (b as { invoice: unknown }).invoice },
      write: {
        fields: [
          { path: 'number', required: true, maxLength: 12, message: 'Invoice number must be at most 12 characters' },
          { path: 'totalAmount', required: true, message: 'Total is required' },
          { path: 'reference', ignored: true, description: 'Acme has no reference field; it is accepted and dropped.' },
        ],
        idempotency: { type: 'header', name: 'Idempotency-Key' },
        create: {
          request: (input) => ({ method: 'POST', url: '/invoices', body: { invoice: acmeInvoiceBody(input) } }),
          select: (body) => (body as { invoice: unknown }).invoice,
        },
        update: {
          request: ({ id, changes }) => ({ method: 'PUT', url: `/invoices/${encodeURIComponent(id)}`, body: { invoice: acmeInvoiceBody(changes) } }),
          select: (body) => (body as { invoice: unknown }).invoice,
        },
        delete: {
          kind: 'void',
          request: ({ id }) => ({ method: 'DELETE', url: `/invoices/${encodeURIComponent(id)}` }),
          select: (body) => (body as { invoice: unknown }).invoice,
        },
      },
      toCanonical: (raw) => {
        const i = raw as RawInvoice;
        return {
          id: i.id,
          number: i.number,
          customerRef: { id: i.contact_id },
          issueDate: toCalendarDate(i.date),
          totalAmount: toDecimal(i.total),
          taxTreatment: 'Exclusive',
          status: i.status === 'void' ? 'Void' : i.status === 'paid' ? 'Paid' : 'Open',
          isDeleted: i.status === 'void',
          sourceModifiedDate: toInstant(i.updated_at),
        };
      },
    },
  },
});

/** Acme's field names in 422 answers → canonical paths. */
const ACME_FIELD_PATHS: Record<string, string> = { contact_id: 'customerRef.id', number: 'number', total: 'totalAmount', date: 'issueDate', name: 'name' };

/** Canonical invoice fields → Acme's body (only the fields given, so it serves updates too). */
function acmeInvoiceBody(input: Record<string, unknown>): Record<string, unknown> {
  const i = input as { number?: string; customerRef?: { id: string }; issueDate?: string; totalAmount?: string };
  return {
    ...(i.number !== undefined ? { number: i.number } : {}),
    ...(i.customerRef ? { contact_id: i.customerRef.id } : {}),
    ...(i.issueDate !== undefined ? { date: i.issueDate } : {}),
    // Acme takes the total as a decimal string (never a float).
    ...(i.totalAmount !== undefined ? { total: i.totalAmount } : {}),
  };
}

/** The running Acme server. */
export interface AcmeServer {
  baseUrl: string;
  issuer: string;
  oauth: OAuthServer;
  contacts: Map<string, RawContact>;
  invoices: Map<string, RawInvoice>;
  /** Requests to the API (not OAuth), in order. */
  apiLog: Array<{ path: string; query: string; status: number }>;
  /** Writes the server carried out (created, updated, voided), in order. */
  writes: Array<{ method: string; path: string; id: string }>;
  /** The next `n` API requests answer 429 with `Retry-After: 0`. */
  throttleNext(n: number): void;
  /** Changes a record now (the server clock moves two hours on, so the change is after any earlier read). */
  touchContact(id: string, changes: Partial<RawContact>): void;
  touchInvoice(id: string, changes: Partial<RawInvoice>): void;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the Acme server with `contacts` contacts and `invoices` invoices in org-1. */
export async function startAcme(sizes: { contacts: number; invoices: number }): Promise<AcmeServer> {
  let nowMs = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => new Date((nowMs += 1000)).toISOString();
  /** A write happens "now": the server clock moves two hours on, so it is after any earlier read's watermark. */
  const later = () => {
    nowMs += 2 * 3_600_000;
    return tick();
  };
  const contacts = new Map<string, RawContact>();
  const invoices = new Map<string, RawInvoice>();
  for (let i = 1; i <= sizes.contacts; i++) {
    const id = `c-${String(i).padStart(4, '0')}`;
    contacts.set(id, { id, name: `Contact ${i}`, email: `c${i}@example.com`, archived: false, updated_at: tick() });
  }
  for (let i = 1; i <= sizes.invoices; i++) {
    const id = `i-${String(i).padStart(4, '0')}`;
    invoices.set(id, {
      id,
      number: `INV-${i}`,
      contact_id: `c-${String(((i - 1) % Math.max(1, sizes.contacts)) + 1).padStart(4, '0')}`,
      date: '2026-01-15',
      total: 100 + i / 100,
      status: 'open',
      updated_at: tick(),
    });
  }
  const apiLog: AcmeServer['apiLog'] = [];
  const writes: AcmeServer['writes'] = [];
  const idempotency = new Map<string, string>();
  let created = 0;
  const validateInvoice = (inv: Record<string, unknown>, creating: boolean) => {
    const errors: Array<{ field: string; message: string }> = [];
    if (creating || 'number' in inv) {
      if (typeof inv.number !== 'string' || inv.number.length === 0 || inv.number.length > 12) errors.push({ field: 'number', message: 'Invoice number must be at most 12 characters' });
    }
    if (creating || 'contact_id' in inv) {
      if (typeof inv.contact_id !== 'string' || !contacts.has(inv.contact_id)) errors.push({ field: 'contact_id', message: 'Contact does not exist' });
    }
    if (creating || 'total' in inv) {
      if (typeof inv.total !== 'string' || !/^-?\d+(\.\d+)?$/.test(inv.total)) errors.push({ field: 'total', message: 'Total must be a decimal string' });
    }
    return errors;
  };
  let throttle = 0;
  const mounted = {} as { oauth: OAuthServer };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', date: new Date(nowMs + 3_600_000).toUTCString(), ...headers });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const body = await readBody(req);
    if (await mounted.oauth.handle(req, res, url, body)) return;
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      apiLog.push({ path: url.pathname, query: url.search, status });
      send(res, status, payload, headers);
    };
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const info = token ? mounted.oauth.validateAccessToken(token) : undefined;
    if (!info) return reply(401, { error: 'invalid_token' });
    if (url.pathname === '/api/tenants') return reply(200, ACME_TENANTS.filter((t) => info.tenantIds.includes(t.id)));
    const tenant = req.headers['x-tenant'];
    if (typeof tenant !== 'string' || !info.tenantIds.includes(tenant)) return reply(403, { error: 'unknown tenant' });
    if (throttle > 0) {
      throttle--;
      return reply(429, { error: 'slow down' }, { 'retry-after': '0' });
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET') {
      if (tenant !== 'org-1') return reply(403, { error: 'read-only organisation' });
      const payload = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, Record<string, unknown>>) : {};
      if (method === 'POST' && url.pathname === '/api/invoices') {
        const key = req.headers['idempotency-key'];
        if (typeof key === 'string' && idempotency.has(key)) return reply(200, { invoice: invoices.get(idempotency.get(key)!) });
        const errors = validateInvoice(payload.invoice ?? {}, true);
        if (errors.length) return reply(422, { errors });
        const inv = payload.invoice!;
        const id = `i-n${++created}`;
        invoices.set(id, { id, number: String(inv.number), contact_id: String(inv.contact_id), date: String(inv.date), total: String(inv.total), status: 'open', updated_at: later() });
        if (typeof key === 'string') idempotency.set(key, id);
        writes.push({ method, path: url.pathname, id });
        return reply(201, { invoice: invoices.get(id) });
      }
      const im = /^\/api\/invoices\/(.+)$/.exec(url.pathname);
      if (im && (method === 'PUT' || method === 'DELETE')) {
        const id = decodeURIComponent(im[1]!);
        const inv = invoices.get(id);
        if (!inv) return reply(404, { error: 'not found' });
        if (method === 'PUT') {
          const errors = validateInvoice(payload.invoice ?? {}, false);
          if (errors.length) return reply(422, { errors });
          invoices.delete(id);
          invoices.set(id, { ...inv, ...(payload.invoice as Partial<RawInvoice>), updated_at: later() });
        } else {
          invoices.delete(id);
          invoices.set(id, { ...inv, status: 'void', updated_at: later() });
        }
        writes.push({ method, path: url.pathname, id });
        return reply(200, { invoice: invoices.get(id) });
      }
      if (method === 'POST' && url.pathname === '/api/contacts') {
        const c = payload.contact ?? {};
        if (typeof c.name !== 'string' || c.name.length === 0 || c.name.length > 50) return reply(422, { errors: [{ field: 'name', message: 'Name must be 1-50 characters' }] });
        const id = `c-n${++created}`;
        contacts.set(id, { id, name: c.name, ...(typeof c.email === 'string' ? { email: c.email } : {}), archived: false, updated_at: later() });
        writes.push({ method, path: url.pathname, id });
        return reply(201, { contact: contacts.get(id) });
      }
      return reply(405, { error: 'method not allowed' });
    }
    const since = url.searchParams.get('updated_since');
    const changed = <T extends { updated_at: string }>(xs: T[]) => (since ? xs.filter((x) => x.updated_at >= since) : xs);
    const data = tenant === 'org-1';
    if (url.pathname === '/api/contacts') {
      const name = url.searchParams.get('name');
      const all = data ? changed([...contacts.values()]).filter((c) => name === null || c.name === name) : [];
      const perPage = Number(url.searchParams.get('per_page') ?? 10);
      const page = Number(url.searchParams.get('page') ?? 1);
      const pageCount = Math.ceil(all.length / perPage);
      return reply(200, { contacts: all.slice((page - 1) * perPage, page * perPage), meta: { page, page_count: pageCount } });
    }
    if (url.pathname === '/api/invoices') {
      const all = data ? changed([...invoices.values()]) : [];
      const limit = Number(url.searchParams.get('limit') ?? 7);
      const after = url.searchParams.get('after');
      const startIdx = after ? all.findIndex((x) => x.id === after) + 1 : 0;
      const slice = all.slice(startIdx, startIdx + limit);
      const more = startIdx + limit < all.length;
      const next = more
        ? `/api/invoices?limit=${limit}&after=${slice[slice.length - 1]!.id}${since ? `&updated_since=${encodeURIComponent(since)}` : ''}`
        : null;
      return reply(200, { invoices: slice, next });
    }
    const m = /^\/api\/invoices\/(.+)$/.exec(url.pathname);
    if (m) {
      const inv = data ? invoices.get(decodeURIComponent(m[1]!)) : undefined;
      return inv ? reply(200, { invoice: inv }) : reply(404, { error: 'not found' });
    }
    return reply(404, { error: 'no such endpoint' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${baseUrl}/identity`;
  mounted.oauth = createOAuthServer({
    issuer,
    clients: [{ clientId: ACME_CLIENT.clientId, clientSecret: ACME_CLIENT.clientSecret, redirectUris: [ACME_CLIENT.redirectUri] }],
    tenants: ACME_TENANTS,
    accessTokenTtlSec: 3600,
    refreshTokenTtlSec: 30 * 86400,
    rotation: { kind: 'rotating' },
    clientAuthentication: 'client_secret_basic',
    pkce: 'required',
    scopesSupported: ['offline_access', 'books.read'],
  });
  return {
    baseUrl,
    issuer,
    oauth: mounted.oauth,
    contacts,
    invoices,
    apiLog,
    writes,
    throttleNext: (n) => (throttle = n),
    touchContact(id, changes) {
      const c = contacts.get(id);
      if (!c) throw new Error(`no contact ${id}`);
      contacts.delete(id);
      nowMs += 2 * 3_600_000;
      contacts.set(id, { ...c, ...changes, updated_at: tick() });
    },
    touchInvoice(id, changes) {
      const i = invoices.get(id);
      if (!i) throw new Error(`no invoice ${id}`);
      invoices.delete(id);
      nowMs += 2 * 3_600_000;
      invoices.set(id, { ...i, ...changes, updated_at: tick() });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
