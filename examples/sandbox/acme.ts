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

/** The running Acme server. */
export interface AcmeServer {
  baseUrl: string;
  issuer: string;
  oauth: OAuthServer;
  contacts: Map<string, RawContact>;
  invoices: Map<string, RawInvoice>;
  /** Requests to the API (not OAuth), in order. */
  apiLog: Array<{ path: string; query: string; status: number }>;
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
    const since = url.searchParams.get('updated_since');
    const changed = <T extends { updated_at: string }>(xs: T[]) => (since ? xs.filter((x) => x.updated_at >= since) : xs);
    const data = tenant === 'org-1';
    if (url.pathname === '/api/contacts') {
      const all = data ? changed([...contacts.values()]) : [];
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
