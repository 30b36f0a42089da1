/**
 * The OAuth 2.0 / OIDC client of one provider instance, built on openid-client v6: authorization URLs with PKCE S256,
 * `state` and (for OIDC) `nonce`; the code exchange; refresh and revocation. Tokens come back as {@link TokenSet}s with
 * absolute expiry instants.
 *
 * Plain `http://` is allowed only for loopback hosts (emulators on 127.0.0.1/localhost/::1); any other non-TLS
 * endpoint is a configuration error. Secrets never reach logs or errors.
 * @module
 */
import * as oidc from 'openid-client';
import type { Clock } from '../clock';
import { AuthError, ConfigurationError, ErrorCodes, NotSupportedError } from '../errors';
import type { Logger } from '../logger';
import { noopLogger } from '../logger';
import type { ProviderInstance } from '../provider/types';
import { toLedgerError } from './oauth-errors';
import type { PendingLink, TokenSet } from './types';

/** Options of {@link createOAuthClient}. */
export interface OAuthClientOptions {
  /** Time source for `obtainedAt`/expiry instants and ID-token time checks (default: system time). */
  clock?: Pick<Clock, 'now'>;
  logger?: Logger;
  /** `fetch` used for discovery and token endpoint calls (proxies, instrumentation). Default: the global `fetch`. */
  fetch?: oidc.CustomFetch;
  /** Timeout of each OAuth HTTP call in seconds (default 30). */
  timeoutSec?: number;
}

/** What {@link OAuthClient.buildAuthorizationUrl} returns: the URL to redirect to and what the callback needs. */
export interface AuthorizationRequest {
  url: URL;
  /** Random, 256 bits. */
  state: string;
  /** PKCE verifier (when the provider uses PKCE). Secret: keep it server-side only. */
  codeVerifier?: string;
  /** OIDC nonce (when `auth.oidc`). */
  nonce?: string;
  redirectUri: string;
  scopes: string[];
}

/** Result of the authorization code exchange. */
export interface CodeExchangeResult {
  tokens: TokenSet;
  /** Every query parameter of the callback (QuickBooks `realmId`, Sage `country`, …). */
  callbackParams: Record<string, string>;
  /** Claims of the validated ID token, for OIDC flows. */
  idTokenClaims?: Record<string, unknown>;
}

/** OAuth operations for one provider instance. */
export interface OAuthClient {
  readonly provider: ProviderInstance;
  /** The openid-client configuration (discovered once and cached; a failed discovery is retried next time). */
  configuration(): Promise<oidc.Configuration>;
  /** Builds the authorization URL with PKCE S256, a fresh `state`, a `nonce` for OIDC and the instance's scopes. */
  buildAuthorizationUrl(options?: {
    redirectUri?: string;
    scopes?: readonly string[];
    /** Extra authorization parameters (on top of `auth.authorizationParams`). */
    params?: Record<string, string>;
  }): Promise<AuthorizationRequest>;
  /**
   * Exchanges the code of a callback. Verifies `state` against `pending` first.
   * @throws {AuthError} `state_mismatch` when the state differs; `auth_error` with `providerCode` for `?error=` callbacks
   *   and refused exchanges.
   */
  exchangeCode(callback: URL | string | URLSearchParams, pending: PendingLink): Promise<CodeExchangeResult>;
  /** One refresh grant. Never retried here. The returned set keeps `refreshToken` when the provider sent none. */
  refreshTokens(refreshToken: string, options?: { scopes?: readonly string[] }): Promise<TokenSet>;
  /** RFC 7009 revocation at the discovered/configured revocation endpoint. */
  revokeToken(token: string, hint?: 'refresh_token' | 'access_token'): Promise<void>;
}

/** True for `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Checks that an endpoint is TLS, or plain HTTP on a loopback host. Returns true when it is loopback HTTP (so
 * openid-client must be told to allow it).
 * @throws {ConfigurationError} for any other URL.
 */
export function checkEndpointUrl(provider: string, name: string, value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${provider}: ${name} is not a valid URL`, { provider });
  }
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return true;
  throw new ConfigurationError(
    `${provider}: ${name} (${url.origin}) must use https (plain http is only allowed for loopback emulators)`,
    { provider },
  );
}

/** The query parameters of a callback given as a URL, a URL string, a path with query, a query string or params. */
export function callbackSearchParams(callback: URL | string | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return new URLSearchParams(callback);
  if (callback instanceof URL) return new URLSearchParams(callback.search);
  const s = callback.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return new URL(s).searchParams;
  const q = s.indexOf('?');
  return new URLSearchParams(q >= 0 ? s.slice(q + 1) : s);
}

function seconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Turns a token endpoint response into a {@link TokenSet}. `startedAt` (when the request was sent) anchors the expiry
 * instants, so they are never later than the real ones. `expires_in` may be a number or a numeric string (MYOB);
 * the refresh token lifetime comes from `x_refresh_token_expires_in` (QuickBooks) or `refresh_token_expires_in`
 * (Sage, FreeAgent).
 */
export function toTokenSet(
  response: Record<string, unknown>,
  startedAt: number,
  fallback: { scopes?: readonly string[]; refreshToken?: string } = {},
): TokenSet {
  const accessToken = response.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw new AuthError('token response has no access_token');
  const rawType = typeof response.token_type === 'string' ? response.token_type : 'Bearer';
  const tokens: TokenSet = {
    accessToken,
    tokenType: rawType.toLowerCase() === 'bearer' ? 'Bearer' : rawType,
    obtainedAt: iso(startedAt),
  };
  const expiresIn = seconds(response.expires_in);
  if (expiresIn !== undefined) tokens.accessTokenExpiresAt = iso(startedAt + expiresIn * 1000);
  const refresh = typeof response.refresh_token === 'string' && response.refresh_token !== '' ? response.refresh_token : fallback.refreshToken;
  if (refresh !== undefined) tokens.refreshToken = refresh;
  const refreshIn = seconds(response.x_refresh_token_expires_in) ?? seconds(response.refresh_token_expires_in);
  if (refreshIn !== undefined && refresh !== undefined) tokens.refreshTokenExpiresAt = iso(startedAt + refreshIn * 1000);
  if (typeof response.id_token === 'string') tokens.idToken = response.id_token;
  const scope = typeof response.scope === 'string' ? response.scope.split(/\s+/).filter((s) => s !== '') : undefined;
  if (scope && scope.length > 0) tokens.scopes = scope;
  else if (fallback.scopes) tokens.scopes = [...fallback.scopes];
  return tokens;
}

/**
 * Creates the OAuth client of one provider instance.
 *
 * With `auth.discovery` the server metadata comes from `urls.discoveryUrl` or `${urls.issuer}/.well-known/openid-configuration`;
 * otherwise from `urls.authorization`, `urls.token` and `urls.revocation`.
 *
 * @example
 * const oauth = createOAuthClient(xero.configure({ clientId, clientSecret, redirectUri }));
 * const { url, state, codeVerifier } = await oauth.buildAuthorizationUrl();
 */
export function createOAuthClient(provider: ProviderInstance, options: OAuthClientOptions = {}): OAuthClient {
  const id = provider.descriptor.id;
  const auth = provider.descriptor.auth;
  const clock = options.clock ?? { now: () => Date.now() };
  const logger = options.logger ?? noopLogger;
  const timeoutSec = options.timeoutSec ?? 30;
  const clientId = provider.config.clientId;
  const secretOf = () => provider.config.clientSecret;

  let metadata: Promise<{ server: oidc.ServerMetadata; insecure: boolean }> | undefined;
  let cached: { config: oidc.Configuration; skew: number } | undefined;

  async function loadMetadata(): Promise<{ server: oidc.ServerMetadata; insecure: boolean }> {
    const urls = provider.urls;
    if (auth.discovery) {
      const target = urls.discoveryUrl ?? urls.issuer;
      if (!target) throw new ConfigurationError(`${id}: discovery needs urls.issuer or urls.discoveryUrl`, { provider: id });
      const insecure = checkEndpointUrl(id, 'the discovery URL', target);
      let discovered: oidc.Configuration;
      try {
        discovered = await oidc.discovery(new URL(target), clientId, undefined, oidc.None(), {
          execute: insecure ? [oidc.allowInsecureRequests] : [],
          timeout: timeoutSec,
          ...(options.fetch ? { [oidc.customFetch]: options.fetch } : {}),
        });
      } catch (err) {
        throw await toLedgerError(err, { provider: id, operation: 'OIDC discovery', secrets: [] });
      }
      const server = JSON.parse(JSON.stringify(discovered.serverMetadata())) as oidc.ServerMetadata;
      let anyInsecure = insecure;
      for (const key of ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const) {
        const value = server[key];
        if (typeof value === 'string') anyInsecure = checkEndpointUrl(id, `the discovered ${key}`, value) || anyInsecure;
      }
      if (!server.authorization_endpoint || !server.token_endpoint) {
        throw new ConfigurationError(`${id}: the discovery document lacks authorization or token endpoint`, { provider: id });
      }
      return { server, insecure: anyInsecure };
    }
    if (!urls.authorization || !urls.token) {
      throw new ConfigurationError(`${id}: urls.authorization and urls.token are required without discovery`, { provider: id });
    }
    let insecure = checkEndpointUrl(id, 'urls.authorization', urls.authorization);
    insecure = checkEndpointUrl(id, 'urls.token', urls.token) || insecure;
    if (urls.revocation) insecure = checkEndpointUrl(id, 'urls.revocation', urls.revocation) || insecure;
    const server: oidc.ServerMetadata = {
      issuer: urls.issuer ?? new URL(urls.token).origin,
      authorization_endpoint: urls.authorization,
      token_endpoint: urls.token,
      ...(urls.revocation ? { revocation_endpoint: urls.revocation } : {}),
      ...(auth.pkce ? { code_challenge_methods_supported: ['S256'] } : {}),
    };
    return { server, insecure };
  }

  async function configuration(): Promise<oidc.Configuration> {
    metadata ??= loadMetadata().catch((err: unknown) => {
      metadata = undefined;
      throw err;
    });
    const { server, insecure } = await metadata;
    // ID-token time checks use openid-client's clock: align it with ours (tests scale or freeze time).
    const skew = Math.round((clock.now() - Date.now()) / 1000);
    if (cached && Math.abs(cached.skew - skew) <= 1) return cached.config;
    const secret = secretOf();
    const clientAuth =
      auth.clientAuthentication === 'client_secret_basic' ? oidc.ClientSecretBasic(secret) : oidc.ClientSecretPost(secret);
    const config = new oidc.Configuration(server, clientId, { [oidc.clockSkew]: skew }, clientAuth);
    if (insecure) oidc.allowInsecureRequests(config);
    if (options.fetch) config[oidc.customFetch] = options.fetch;
    config.timeout = timeoutSec;
    cached = { config, skew };
    return config;
  }

  return {
    provider,
    configuration,

    async buildAuthorizationUrl(opts = {}) {
      const config = await configuration();
      const redirectUri = opts.redirectUri ?? provider.config.redirectUri;
      checkRedirectUri(redirectUri);
      const scopes = [...(opts.scopes ?? provider.scopes)];
      const state = oidc.randomState();
      const params: Record<string, string> = {
        ...(auth.authorizationParams ?? {}),
        ...(opts.params ?? {}),
        response_type: 'code',
        redirect_uri: redirectUri,
        state,
      };
      if (scopes.length > 0) params.scope = scopes.join(' ');
      let codeVerifier: string | undefined;
      if (auth.pkce) {
        codeVerifier = oidc.randomPKCECodeVerifier();
        params.code_challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
        params.code_challenge_method = 'S256';
      }
      let nonce: string | undefined;
      if (auth.oidc) {
        nonce = oidc.randomNonce();
        params.nonce = nonce;
      }
      const url = oidc.buildAuthorizationUrl(config, params);
      return { url, state, redirectUri, scopes, ...(codeVerifier ? { codeVerifier } : {}), ...(nonce ? { nonce } : {}) };
    },

    async exchangeCode(callback, pending) {
      const params = callbackSearchParams(callback);
      const state = params.get('state');
      if (state === null || state !== pending.state || pending.provider !== id) {
        throw new AuthError(`${id}: the callback's state does not match the pending link`, {
          provider: id,
          code: ErrorCodes.STATE_MISMATCH,
        });
      }
      const error = params.get('error');
      if (error !== null) throw callbackError(id, error, params.get('error_description'));
      const config = await configuration();
      // openid-client derives the token request's redirect_uri from this URL (query stripped).
      const currentUrl = new URL(pending.redirectUri);
      currentUrl.search = params.toString();
      const startedAt = clock.now();
      let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        response = await oidc.authorizationCodeGrant(config, currentUrl, {
          expectedState: pending.state,
          ...(pending.codeVerifier ? { pkceCodeVerifier: pending.codeVerifier } : {}),
          ...(pending.nonce ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
        });
      } catch (err) {
        throw await toLedgerError(err, {
          provider: id,
          operation: 'authorization code exchange',
          secrets: [params.get('code') ?? undefined, pending.codeVerifier, secretOf()],
        });
      }
      logger.debug('oauth code exchanged', { provider: id });
      const tokens = toTokenSet(response as unknown as Record<string, unknown>, startedAt, { scopes: pending.scopes });
      const claims = response.id_token ? response.claims() : undefined;
      return {
        tokens,
        callbackParams: Object.fromEntries(params),
        ...(claims ? { idTokenClaims: { ...claims } as Record<string, unknown> } : {}),
      };
    },

    async refreshTokens(refreshToken, opts = {}) {
      const config = await configuration();
      const startedAt = clock.now();
      let response: oidc.TokenEndpointResponse;
      try {
        response = await oidc.refreshTokenGrant(config, refreshToken, opts.scopes ? { scope: opts.scopes.join(' ') } : undefined);
      } catch (err) {
        throw await toLedgerError(err, { provider: id, operation: 'token refresh', secrets: [refreshToken, secretOf()] });
      }
      logger.debug('oauth tokens refreshed', { provider: id });
      return toTokenSet(response as unknown as Record<string, unknown>, startedAt, { refreshToken, ...(opts.scopes ? { scopes: opts.scopes } : {}) });
    },

    async revokeToken(token, hint) {
      const config = await configuration();
      if (!config.serverMetadata().revocation_endpoint) {
        throw new NotSupportedError(`${id}: the provider has no revocation endpoint configured`, { provider: id });
      }
      try {
        await oidc.tokenRevocation(config, token, hint ? { token_type_hint: hint } : undefined);
      } catch (err) {
        throw await toLedgerError(err, { provider: id, operation: 'token revocation', secrets: [token, secretOf()] });
      }
      logger.debug('oauth token revoked', { provider: id });
    },
  };

  function checkRedirectUri(uri: string): void {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new ConfigurationError(`${id}: redirectUri is not an absolute URL`, { provider: id });
    }
    if (url.hash) throw new ConfigurationError(`${id}: redirectUri must not have a fragment`, { provider: id });
  }
}

function callbackError(provider: string, error: string, description: string | null): AuthError {
  const desc = description ? `: ${description.slice(0, 200)}` : '';
  const what = error === 'access_denied' ? 'the user denied access' : `the provider returned ${error}`;
  return new AuthError(`${provider}: authorization failed, ${what}${desc}`, { provider, providerCode: error });
}

/** Builds one {@link OAuthClient} per provider instance, keyed by provider id. */
export function createOAuthClients(
  providers: ReadonlyMap<string, ProviderInstance> | Readonly<Record<string, ProviderInstance>>,
  options: OAuthClientOptions = {},
): Map<string, OAuthClient> {
  const entries = providers instanceof Map ? [...providers.entries()] : Object.entries(providers);
  return new Map(entries.map(([key, instance]) => [key, createOAuthClient(instance, options)]));
}
