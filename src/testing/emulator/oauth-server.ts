/**
 * A generic, faithful OAuth 2.0 / OpenID Connect authorization server that provider emulators mount.
 *
 * It implements what the ledgerlink auth layer and real providers rely on: the authorization endpoint with automatic
 * consent (RFC 6749 §4.1, PKCE S256 per RFC 7636), the token endpoint (authorization code and refresh token grants,
 * client authentication per RFC 6749 §2.3.1, RFC 6749 §5.2 error bodies), refresh-token rotation in the four kinds
 * providers use, token revocation (RFC 7009), OIDC discovery, JWKS, signed ID tokens and a userinfo endpoint.
 *
 * Everything lives in the returned instance (no module state); time comes from `options.clock` so tests can scale or
 * freeze it.
 *
 * @example
 * const oauth = createOAuthServer({
 *   issuer: 'http://127.0.0.1:4100/identity',
 *   clients: [{ clientId: 'app', clientSecret: 's3cret', redirectUris: ['http://localhost/callback'] }],
 *   tenants: [{ id: 'org-1', name: 'Demo Ltd' }],
 *   accessTokenTtlSec: 1800,
 *   refreshTokenTtlSec: 60 * 24 * 3600,
 *   rotation: { kind: 'rotating-with-grace', graceMs: 30 * 60_000 },
 *   clientAuthentication: 'client_secret_basic',
 *   pkce: 'optional',
 *   scopesSupported: ['openid', 'profile', 'email', 'offline_access', 'accounting.invoices'],
 * });
 * http.createServer(async (req, res) => { ...; if (!(await oauth.handle(req, res, url, body))) res.end(404) });
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RefreshTokenRotation } from '../../provider/types';
import {
  generateRsaSigningKey,
  isValidVerifier,
  parseBasicAuth,
  parseForm,
  randomHex,
  randomToken,
  randomUuid,
  s256,
  safeEqual,
  signHs256,
  signRs256,
  type RsaSigningKey,
} from './oauth-tokens';

/** An OAuth client registered at the emulator. */
export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match redirect URIs (no wildcards, no prefix matching). */
  redirectUris: string[];
}

/** An organisation the emulated user can consent to. */
export interface EmulatorTenant {
  id: string;
  name: string;
  /** Provider tenant type (Xero `ORGANISATION`). */
  type?: string;
}

/** Configuration of {@link createOAuthServer}. */
export interface OAuthServerOptions {
  /** Absolute base URL of the emulator plus path prefix, e.g. `http://127.0.0.1:4100/identity`. Used verbatim as `iss`. */
  issuer: string;
  clients: EmulatorClient[];
  /** Organisations the emulated user can consent to. */
  tenants: EmulatorTenant[];
  /** Access-token lifetime in seconds (Xero 1800). */
  accessTokenTtlSec: number;
  /** Lifetime of an unused refresh token in seconds (Xero 60 days). */
  refreshTokenTtlSec: number;
  rotation: RefreshTokenRotation;
  /** Client authentication methods accepted at the token and revocation endpoints. */
  clientAuthentication: 'client_secret_basic' | 'client_secret_post' | 'either';
  pkce: 'required' | 'optional' | 'unsupported';
  scopesSupported: string[];
  /** Issue RS256-signed ID tokens (keys published at the JWKS endpoint) when the `openid` scope is granted. */
  idTokens?: boolean;
  /** Extra query parameters on the consent redirect, e.g. QuickBooks `realmId`, Sage `country`. */
  callbackExtraParams?: (grant: { tenants: EmulatorTenant[] }) => Record<string, string>;
  /** Time source (milliseconds since the epoch). Default: `Date.now`. */
  clock?: { now(): number };
  /**
   * Endpoint paths. A path without a leading `/` is relative to the issuer's path; one with a leading `/` is an
   * absolute path on the emulator's host. Defaults: `authorize`, `token`, `revoke`,
   * `.well-known/openid-configuration`, `jwks`, `userinfo`.
   */
  paths?: Partial<{ authorize: string; token: string; revoke: string; discovery: string; jwks: string; userinfo: string }>;
  /** Authorization-code lifetime in seconds (default 600, RFC 6749 §4.1.2 recommends at most 10 minutes). */
  codeTtlSec?: number;
  /**
   * Name of the token-response field reporting the refresh token's lifetime in seconds, for providers that send one
   * (QuickBooks `x_refresh_token_expires_in`, Sage and FreeAgent `refresh_token_expires_in`). Default: not sent (Xero).
   */
  refreshTokenExpiresInParam?: string;
  /** Send `expires_in` as a string (MYOB sends `"1200"`). Default false. */
  expiresInAsString?: boolean;
  /**
   * When refresh tokens are issued. `offline_access`: only when that scope was granted (Xero); `always`: on every
   * code exchange. Default: `offline_access` when the scope is in `scopesSupported`, else `always`.
   */
  issueRefreshToken?: 'always' | 'offline_access';
  /** The emulated end user (ID token and userinfo claims). */
  user?: { sub: string; email?: string; name?: string };
}

/** What an access token grants, for resource endpoints of the emulator. */
export interface AccessTokenInfo {
  clientId: string;
  scopes: string[];
  tenantIds: string[];
  authEventId: string;
  /** Milliseconds since the epoch (emulator clock). */
  expiresAt: number;
}

/** A running emulator authorization server (mounted into an `http.Server` by the caller). */
export interface OAuthServer {
  /** Handles the request when it targets one of the OAuth endpoints; resolves `true` when it did. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean>;
  /** What a bearer token grants; `undefined` when it is unknown, expired or revoked. */
  validateAccessToken(token: string): AccessTokenInfo | undefined;
  /** Test hook: the access token expires now. */
  expireAccessToken(token: string): void;
  /** Test hook: every access token issued so far expires now (as when a provider ends sessions early). */
  expireAllAccessTokens(): void;
  /**
   * Test hook: the next `count` refresh grants are carried out (the refresh token rotates) but their responses are
   * lost: the connection is dropped before a byte is sent, as when a network fails after the server committed.
   */
  loseRefreshResponses(count?: number): void;
  /** Test hook: every grant (and all of its tokens) is revoked. */
  revokeAll(): void;
  /** Counters: token endpoint requests, refresh grants received, `invalid_grant` answers, authorize requests. */
  stats(): { tokenRequests: number; refreshGrants: number; invalidGrants: number; authorizeRequests: number };
  urls(): { authorization: string; token: string; revocation: string; discovery: string; issuer: string };
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  tenantIds: string[];
  authEventId: string;
  codeChallenge?: string;
  nonce?: string;
  expiresAt: number;
  authTime: number;
  used: boolean;
  grantId?: string;
}

interface GrantRecord {
  id: string;
  clientId: string;
  scopes: string[];
  tenantIds: string[];
  authEventId: string;
  authTime: number;
  revoked: boolean;
  currentRefreshToken?: string;
}

interface RefreshRecord {
  grantId: string;
  expiresAt: number;
  /** When a newer refresh token replaced this one. */
  replacedAt?: number;
}

interface AccessRecord {
  grantId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

class OAuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: OAuthErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error);
  }
}

const fail = (error: string, description?: string, status = 400, headers?: Record<string, string>) =>
  new OAuthFailure(status, description ? { error, error_description: description } : { error }, headers);

/** Creates an emulator authorization server. See the module documentation. */
export function createOAuthServer(options: OAuthServerOptions): OAuthServer {
  const issuerUrl = new URL(options.issuer);
  const prefix = issuerUrl.pathname.replace(/\/+$/, '');
  const resolve = (p: string | undefined, fallback: string) => {
    const path = p ?? fallback;
    return path.startsWith('/') ? path : `${prefix}/${path}`;
  };
  const paths = {
    authorize: resolve(options.paths?.authorize, 'authorize'),
    token: resolve(options.paths?.token, 'token'),
    revoke: resolve(options.paths?.revoke, 'revoke'),
    discovery: resolve(options.paths?.discovery, '.well-known/openid-configuration'),
    jwks: resolve(options.paths?.jwks, 'jwks'),
    userinfo: resolve(options.paths?.userinfo, 'userinfo'),
  };
  const abs = (path: string) => `${issuerUrl.origin}${path}`;
  const now = () => options.clock?.now() ?? Date.now();
  const codeTtlMs = (options.codeTtlSec ?? 600) * 1000;
  const user = options.user ?? { sub: 'emulator-user-1', email: 'user@example.com', name: 'Emulator User' };
  const supportsOffline = options.scopesSupported.includes('offline_access');
  const issueRefresh = options.issueRefreshToken ?? (supportsOffline ? 'offline_access' : 'always');
  const accessSecret = randomHex(32);
  let rsaKey: RsaSigningKey | undefined;
  const signingKey = () => (rsaKey ??= generateRsaSigningKey());

  const codes = new Map<string, CodeRecord>();
  const grants = new Map<string, GrantRecord>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  const counters = { tokenRequests: 0, refreshGrants: 0, invalidGrants: 0, authorizeRequests: 0 };
  let refreshResponsesToLose = 0;

  function previousWindowMs(): number {
    switch (options.rotation.kind) {
      case 'rotating-with-grace':
        return options.rotation.graceMs;
      case 'rotating-with-overlap':
        return options.rotation.previousValidMs;
      default:
        return 0;
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...headers,
    });
    res.end(text);
  }

  function sendFailure(res: ServerResponse, err: OAuthFailure): void {
    if (err.body.error === 'invalid_grant') counters.invalidGrants++;
    send(res, err.status, err.body, err.headers);
  }

  function redirect(res: ServerResponse, target: string, params: Record<string, string | undefined>): void {
    const url = new URL(target);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
    res.writeHead(302, { location: url.href, 'cache-control': 'no-store' });
    res.end();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Authorization endpoint
  // ---------------------------------------------------------------------------------------------------------------

  function authorize(res: ServerResponse, query: URLSearchParams): void {
    counters.authorizeRequests++;
    const repeated = new Set<string>();
    const seen = new Set<string>();
    for (const k of query.keys()) (seen.has(k) ? repeated : seen).add(k);
    const get = (k: string) => query.get(k) ?? undefined;

    // RFC 6749 §4.1.2.1: with a bad client or redirect URI the user is told, never redirected.
    const client = options.clients.find((c) => c.clientId === get('client_id'));
    if (!client || repeated.has('client_id')) {
      send(res, 400, { error: 'invalid_request', error_description: 'unknown or missing client_id' });
      return;
    }
    let redirectUri = get('redirect_uri');
    const redirectUriSent = redirectUri !== undefined;
    if (redirectUri === undefined) {
      if (client.redirectUris.length !== 1) {
        send(res, 400, { error: 'invalid_request', error_description: 'redirect_uri is required' });
        return;
      }
      redirectUri = client.redirectUris[0]!;
    } else if (!client.redirectUris.includes(redirectUri) || repeated.has('redirect_uri')) {
      send(res, 400, { error: 'invalid_request', error_description: 'redirect_uri does not match a registered URI' });
      return;
    }
    const state = get('state');
    const back = (error: string, description: string) =>
      redirect(res, redirectUri, { error, error_description: description, state });

    if (repeated.size > 0) return back('invalid_request', `repeated parameter: ${[...repeated].join(', ')}`);
    if (get('response_type') !== 'code') return back('unsupported_response_type', 'only response_type=code is supported');
    const scopes = (get('scope') ?? '').split(' ').filter((s) => s !== '');
    const unknown = scopes.filter((s) => !options.scopesSupported.includes(s));
    if (unknown.length > 0) return back('invalid_scope', `unsupported scope: ${unknown.join(' ')}`);

    let codeChallenge: string | undefined;
    if (options.pkce !== 'unsupported') {
      const challenge = get('code_challenge');
      if (challenge !== undefined) {
        const method = get('code_challenge_method') ?? 'plain';
        if (method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256');
        if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return back('invalid_request', 'malformed code_challenge');
        codeChallenge = challenge;
      } else if (options.pkce === 'required') {
        return back('invalid_request', 'code_challenge is required');
      }
    }

    let tenants = options.tenants;
    const chosen = get('emulator_tenants');
    if (chosen !== undefined) {
      const ids = chosen.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const missing = ids.filter((id) => !options.tenants.some((t) => t.id === id));
      if (ids.length === 0 || missing.length > 0) return back('invalid_request', 'emulator_tenants names unknown tenants');
      tenants = options.tenants.filter((t) => ids.includes(t.id));
    }
    if (get('emulator_deny') !== undefined) return back('access_denied', 'The user denied the consent request');

    const code = randomToken(32);
    const t = now();
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      redirectUriSent,
      scopes,
      tenantIds: tenants.map((x) => x.id),
      authEventId: randomUuid(),
      ...(codeChallenge ? { codeChallenge } : {}),
      ...(get('nonce') !== undefined ? { nonce: get('nonce') } : {}),
      expiresAt: t + codeTtlMs,
      authTime: t,
      used: false,
    });
    for (const [k, rec] of codes) if (rec.expiresAt + codeTtlMs < t) codes.delete(k);
    redirect(res, redirectUri, { code, state, ...(options.callbackExtraParams?.({ tenants }) ?? {}) });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Client authentication (token and revocation endpoints)
  // ---------------------------------------------------------------------------------------------------------------

  function authenticateClient(req: IncomingMessage, params: Map<string, string>): EmulatorClient {
    const basic = parseBasicAuth(req.headers.authorization);
    const challenge = { 'www-authenticate': `Basic realm="${issuerUrl.host}"` };
    if (basic === null) throw fail('invalid_client', 'malformed Basic authorization', 401, challenge);
    const bodySecret = params.get('client_secret');
    const bodyId = params.get('client_id');
    if (basic && bodySecret !== undefined) {
      throw fail('invalid_request', 'more than one client authentication method was used');
    }
    if (basic) {
      if (options.clientAuthentication === 'client_secret_post') {
        throw fail('invalid_client', 'client_secret_basic is not allowed for this client', 401);
      }
      if (bodyId !== undefined && bodyId !== basic.clientId) throw fail('invalid_client', 'client_id mismatch', 401, challenge);
      const client = options.clients.find((c) => c.clientId === basic.clientId);
      if (!client || !safeEqual(client.clientSecret, basic.clientSecret)) {
        throw fail('invalid_client', 'client authentication failed', 401, challenge);
      }
      return client;
    }
    if (bodySecret !== undefined) {
      if (options.clientAuthentication === 'client_secret_basic') {
        throw fail('invalid_client', 'client_secret_post is not allowed for this client', 401);
      }
      const client = options.clients.find((c) => c.clientId === bodyId);
      if (!client || !safeEqual(client.clientSecret, bodySecret)) throw fail('invalid_client', 'client authentication failed', 401);
      return client;
    }
    throw fail('invalid_client', 'client authentication is required', 401, options.clientAuthentication === 'client_secret_post' ? {} : challenge);
  }

  function readForm(req: IncomingMessage, body: Buffer): Map<string, string> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw fail('invalid_request', 'the request body must be application/x-www-form-urlencoded');
    }
    const { params, repeated } = parseForm(body);
    if (repeated.length > 0) throw fail('invalid_request', `repeated parameter: ${repeated.join(', ')}`);
    return params;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Token endpoint
  // ---------------------------------------------------------------------------------------------------------------

  function issueAccessToken(grant: GrantRecord, scopes: string[]): { token: string; expiresAt: number } {
    const iat = now();
    const expiresAt = iat + options.accessTokenTtlSec * 1000;
    const token = signHs256(
      {
        iss: options.issuer,
        sub: user.sub,
        client_id: grant.clientId,
        scope: scopes,
        authentication_event_id: grant.authEventId,
        auth_time: Math.floor(grant.authTime / 1000),
        jti: randomHex(16),
        iat: Math.floor(iat / 1000),
        nbf: Math.floor(iat / 1000),
        exp: Math.floor(expiresAt / 1000),
      },
      accessSecret,
    );
    accessTokens.set(token, { grantId: grant.id, clientId: grant.clientId, scopes, expiresAt, revoked: false });
    return { token, expiresAt };
  }

  function newRefreshToken(grant: GrantRecord): string {
    const token = randomHex(32);
    refreshTokens.set(token, { grantId: grant.id, expiresAt: now() + options.refreshTokenTtlSec * 1000 });
    grant.currentRefreshToken = token;
    return token;
  }

  function idToken(grant: GrantRecord, nonce: string | undefined): string {
    const iat = Math.floor(now() / 1000);
    return signRs256(
      {
        iss: options.issuer,
        sub: user.sub,
        aud: grant.clientId,
        iat,
        exp: iat + 300,
        auth_time: Math.floor(grant.authTime / 1000),
        ...(nonce !== undefined ? { nonce } : {}),
        ...(user.email ? { email: user.email } : {}),
        ...(user.name ? { name: user.name } : {}),
      },
      signingKey(),
    );
  }

  function tokenResponse(
    grant: GrantRecord,
    scopes: string[],
    refreshToken: string | undefined,
    idTok: string | undefined,
  ): Record<string, unknown> {
    const access = issueAccessToken(grant, scopes);
    const out: Record<string, unknown> = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: options.expiresInAsString ? String(options.accessTokenTtlSec) : options.accessTokenTtlSec,
    };
    if (refreshToken !== undefined) {
      out.refresh_token = refreshToken;
      const rec = refreshTokens.get(refreshToken);
      if (options.refreshTokenExpiresInParam && rec) {
        out[options.refreshTokenExpiresInParam] = Math.max(0, Math.round((rec.expiresAt - now()) / 1000));
      }
    }
    if (idTok !== undefined) out.id_token = idTok;
    out.scope = scopes.join(' ');
    return out;
  }

  function revokeGrant(grantId: string | undefined): void {
    if (grantId === undefined) return;
    const grant = grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  function authorizationCodeGrant(client: EmulatorClient, params: Map<string, string>): Record<string, unknown> {
    const code = params.get('code');
    if (!code) throw fail('invalid_request', 'code is required');
    const rec = codes.get(code);
    if (!rec) throw fail('invalid_grant');
    if (rec.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what was issued from it.
      revokeGrant(rec.grantId);
      throw fail('invalid_grant');
    }
    if (rec.expiresAt <= now()) {
      codes.delete(code);
      throw fail('invalid_grant');
    }
    if (rec.clientId !== client.clientId) throw fail('invalid_grant');
    const redirectUri = params.get('redirect_uri');
    if ((rec.redirectUriSent || redirectUri !== undefined) && redirectUri !== rec.redirectUri) throw fail('invalid_grant');
    const verifier = params.get('code_verifier');
    if (rec.codeChallenge !== undefined) {
      if (verifier === undefined || !isValidVerifier(verifier) || s256(verifier) !== rec.codeChallenge) {
        throw fail('invalid_grant');
      }
    } else if (verifier !== undefined && options.pkce !== 'unsupported') {
      // RFC 9700 §2.1.1: a verifier without a challenge signals a downgrade attempt.
      throw fail('invalid_grant');
    }
    rec.used = true;
    const grant: GrantRecord = {
      id: randomToken(12),
      clientId: client.clientId,
      scopes: rec.scopes,
      tenantIds: rec.tenantIds,
      authEventId: rec.authEventId,
      authTime: rec.authTime,
      revoked: false,
    };
    grants.set(grant.id, grant);
    rec.grantId = grant.id;
    const wantsRefresh = issueRefresh === 'always' || rec.scopes.includes('offline_access');
    const refresh = wantsRefresh ? newRefreshToken(grant) : undefined;
    const idTok = options.idTokens && rec.scopes.includes('openid') ? idToken(grant, rec.nonce) : undefined;
    return tokenResponse(grant, rec.scopes, refresh, idTok);
  }

  function refreshTokenGrant(client: EmulatorClient, params: Map<string, string>): Record<string, unknown> {
    const token = params.get('refresh_token');
    if (!token) throw fail('invalid_request', 'refresh_token is required');
    const rec = refreshTokens.get(token);
    const grant = rec ? grants.get(rec.grantId) : undefined;
    if (!rec || !grant || grant.revoked) throw fail('invalid_grant');
    if (grant.clientId !== client.clientId) throw fail('invalid_grant');
    const t = now();
    if (rec.expiresAt <= t) throw fail('invalid_grant');
    let scopes = grant.scopes;
    const requested = params.get('scope');
    if (requested !== undefined) {
      const list = requested.split(' ').filter((s) => s !== '');
      if (list.some((s) => !grant.scopes.includes(s))) throw fail('invalid_scope');
      scopes = list;
    }
    if (rec.replacedAt !== undefined) {
      // A replaced token is usable again only within the provider's grace/overlap window, and then answers with the
      // chain's current refresh token so the chain stays one line (a lost response recovers, nothing forks).
      const window = previousWindowMs();
      if (window <= 0 || t > rec.replacedAt + window) throw fail('invalid_grant');
      const current = grant.currentRefreshToken;
      const currentRec = current ? refreshTokens.get(current) : undefined;
      if (!current || !currentRec || currentRec.expiresAt <= t) throw fail('invalid_grant');
      return tokenResponse(grant, scopes, current, undefined);
    }
    let next: string;
    if (options.rotation.kind === 'static') {
      rec.expiresAt = t + options.refreshTokenTtlSec * 1000;
      next = token;
    } else {
      rec.replacedAt = t;
      next = newRefreshToken(grant);
    }
    return tokenResponse(grant, scopes, next, undefined);
  }

  function token(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    counters.tokenRequests++;
    try {
      const params = readForm(req, body);
      const grantType = params.get('grant_type');
      if (grantType === 'refresh_token') counters.refreshGrants++;
      const client = authenticateClient(req, params);
      if (!grantType) throw fail('invalid_request', 'grant_type is required');
      let out: Record<string, unknown>;
      if (grantType === 'authorization_code') out = authorizationCodeGrant(client, params);
      else if (grantType === 'refresh_token') out = refreshTokenGrant(client, params);
      else throw fail('unsupported_grant_type');
      if (grantType === 'refresh_token' && refreshResponsesToLose > 0) {
        refreshResponsesToLose--;
        req.socket.destroy(); // committed, never answered
        return;
      }
      send(res, 200, out);
    } catch (err) {
      if (err instanceof OAuthFailure) sendFailure(res, err);
      else throw err;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Revocation (RFC 7009), discovery, JWKS, userinfo
  // ---------------------------------------------------------------------------------------------------------------

  function revoke(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    try {
      const params = readForm(req, body);
      const client = authenticateClient(req, params);
      const value = params.get('token');
      if (!value) throw fail('invalid_request', 'token is required');
      const refresh = refreshTokens.get(value);
      const access = accessTokens.get(value);
      const owner = refresh ? grants.get(refresh.grantId)?.clientId : access?.clientId;
      if (owner !== undefined && owner !== client.clientId) throw fail('unauthorized_client', 'the token belongs to another client');
      // Revoking a refresh token ends the whole grant; an access token only itself. Unknown tokens are not an error.
      if (refresh) revokeGrant(refresh.grantId);
      else if (access) access.revoked = true;
      send(res, 200, undefined);
    } catch (err) {
      if (err instanceof OAuthFailure) sendFailure(res, err);
      else throw err;
    }
  }

  function discoveryDocument(): Record<string, unknown> {
    const methods =
      options.clientAuthentication === 'either' ? ['client_secret_basic', 'client_secret_post'] : [options.clientAuthentication];
    return {
      issuer: options.issuer,
      authorization_endpoint: abs(paths.authorize),
      token_endpoint: abs(paths.token),
      revocation_endpoint: abs(paths.revoke),
      ...(options.idTokens ? { jwks_uri: abs(paths.jwks), userinfo_endpoint: abs(paths.userinfo) } : {}),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      ...(options.pkce !== 'unsupported' ? { code_challenge_methods_supported: ['S256'] } : {}),
      token_endpoint_auth_methods_supported: methods,
      revocation_endpoint_auth_methods_supported: methods,
      scopes_supported: options.scopesSupported,
      subject_types_supported: ['public'],
      ...(options.idTokens
        ? { id_token_signing_alg_values_supported: ['RS256'], claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'name'] }
        : {}),
    };
  }

  function bearer(req: IncomingMessage): string | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m?.[1];
  }

  function validateAccessToken(value: string): AccessTokenInfo | undefined {
    const rec = accessTokens.get(value);
    if (!rec || rec.revoked || rec.expiresAt <= now()) return undefined;
    const grant = grants.get(rec.grantId);
    if (!grant || grant.revoked) return undefined;
    return {
      clientId: rec.clientId,
      scopes: [...rec.scopes],
      tenantIds: [...grant.tenantIds],
      authEventId: grant.authEventId,
      expiresAt: rec.expiresAt,
    };
  }

  return {
    async handle(req, res, url, body) {
      const path = url.pathname;
      const method = (req.method ?? 'GET').toUpperCase();
      const allow = (methods: string[]) => {
        if (methods.includes(method)) return true;
        send(res, 405, { error: 'invalid_request', error_description: `method ${method} not allowed` }, { allow: methods.join(', ') });
        return false;
      };
      switch (path) {
        case paths.authorize:
          if (!allow(['GET', 'POST'])) return true;
          authorize(res, method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams);
          return true;
        case paths.token:
          if (allow(['POST'])) token(req, res, body);
          return true;
        case paths.revoke:
          if (allow(['POST'])) revoke(req, res, body);
          return true;
        case paths.discovery:
          if (allow(['GET'])) send(res, 200, discoveryDocument(), { 'cache-control': 'max-age=300' });
          return true;
        case paths.jwks:
          if (!options.idTokens) return false;
          if (allow(['GET'])) send(res, 200, { keys: [signingKey().publicJwk] }, { 'cache-control': 'max-age=300' });
          return true;
        case paths.userinfo: {
          if (!options.idTokens) return false;
          if (!allow(['GET', 'POST'])) return true;
          const value = bearer(req);
          const info = value ? validateAccessToken(value) : undefined;
          if (!info || !info.scopes.includes('openid')) {
            send(res, 401, undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
            return true;
          }
          send(res, 200, { sub: user.sub, ...(user.email ? { email: user.email } : {}), ...(user.name ? { name: user.name } : {}) });
          return true;
        }
        default:
          return false;
      }
    },
    validateAccessToken,
    expireAccessToken(value) {
      const rec = accessTokens.get(value);
      if (rec) rec.expiresAt = Math.min(rec.expiresAt, now());
    },
    expireAllAccessTokens() {
      const t = now();
      for (const rec of accessTokens.values()) rec.expiresAt = Math.min(rec.expiresAt, t);
    },
    loseRefreshResponses(count = 1) {
      refreshResponsesToLose += count;
    },
    revokeAll() {
      for (const grant of grants.values()) grant.revoked = true;
      for (const rec of codes.values()) rec.used = true;
    },
    stats: () => ({ ...counters }),
    urls: () => ({
      authorization: abs(paths.authorize),
      token: abs(paths.token),
      revocation: abs(paths.revoke),
      discovery: abs(paths.discovery),
      issuer: options.issuer,
    }),
  };
}
