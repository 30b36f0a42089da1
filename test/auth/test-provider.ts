/**
 * The test provider and a fetch-based request factory, free of vitest imports so child processes can use them.
 */
import type { RequestFactory } from '../../src/auth/link';
import type { HttpResponse } from '../../src/http/types';
import { defineProvider } from '../../src/provider/define-provider';
import type { AuthDescriptor, ProviderInstance, RefreshTokenRotation } from '../../src/provider/types';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
export const REDIRECT_URI = 'http://127.0.0.1:1/callback';

export const TENANTS = [
  { id: 'tenant-a', name: 'Alpha Ltd', type: 'ORGANISATION' },
  { id: 'tenant-b', name: 'Beta Ltd', type: 'ORGANISATION' },
];

/** Options of {@link testProvider}. */
export interface TestProviderOptions {
  rotation?: RefreshTokenRotation;
  discovery?: boolean;
  pkce?: boolean;
  oidc?: boolean;
  clientAuthentication?: AuthDescriptor['clientAuthentication'];
  refreshAheadMs?: number;
  maxRefreshesPerMinute?: number;
  scopes?: string[];
  authorizationParams?: Record<string, string>;
  resolveTenants?: AuthDescriptor['resolveTenants'];
  urls?: Record<string, string>;
}

/** A provider whose tenants come from the harness' `/api/connections` (Xero-like). */
export function testProvider(h: { baseUrl: string; issuer: string }, o: TestProviderOptions = {}): ProviderInstance {
  const urls = {
    api: `${h.baseUrl}/api`,
    issuer: h.issuer,
    authorization: `${h.issuer}/authorize`,
    token: `${h.issuer}/token`,
    revocation: `${h.issuer}/revoke`,
    connections: `${h.baseUrl}/api/connections`,
  };
  const provider = defineProvider({
    id: 'testprov',
    displayName: 'Test Provider',
    docsUrl: 'https://example.com/docs',
    environments: { production: urls },
    auth: {
      type: 'oauth2',
      discovery: o.discovery ?? true,
      scopes: { default: o.scopes ?? ['offline_access', 'accounting.read'] },
      pkce: o.pkce ?? true,
      clientAuthentication: o.clientAuthentication ?? 'client_secret_basic',
      rotation: o.rotation ?? { kind: 'rotating' },
      refreshAheadMs: o.refreshAheadMs ?? 60_000,
      ...(o.oidc ? { oidc: true } : {}),
      ...(o.maxRefreshesPerMinute ? { maxRefreshesPerMinute: o.maxRefreshesPerMinute } : {}),
      ...(o.authorizationParams ? { authorizationParams: o.authorizationParams } : {}),
      resolveTenants:
        o.resolveTenants ??
        (async (ctx) => {
          const res = await ctx.request<Array<{ tenantId: string; tenantName: string; tenantType: string; authEventId: string }>>({
            method: 'GET',
            url: '',
            base: 'connections',
          });
          return res.data.map((c) => ({ id: c.tenantId, name: c.tenantName, type: c.tenantType, metadata: { authEventId: c.authEventId } }));
        }),
    },
    rateLimits: { tenant: {}, defaultRetryAfterMs: 1000 },
    resources: {},
  });
  return provider.configure({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT_URI, ...(o.urls ? { urls: o.urls } : {}) });
}

/** A minimal authenticated request function over `fetch` (the real pipeline lives elsewhere). */
export const fetchRequestFactory: RequestFactory = (accessToken, provider) => async <T>(req: Parameters<ReturnType<RequestFactory>>[0]) => {
  const base = provider.urls[req.base ?? 'api'] ?? provider.urls.api;
  const url = new URL(/^https?:\/\//.test(req.url) ? req.url : `${base}${req.url}`);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const res = await fetch(url, {
    method: req.method,
    headers: { accept: 'application/json', ...(req.anonymous ? {} : { authorization: `Bearer ${accessToken}` }), ...req.headers },
    ...(req.body !== undefined ? { body: typeof req.body === 'string' ? req.body : JSON.stringify(req.body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url.pathname}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, data: (text ? JSON.parse(text) : undefined) as T, url: url.href } satisfies HttpResponse<T>;
};

