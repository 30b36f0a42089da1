/**
 * The openid-client based OAuth client against the emulator over real HTTP.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigurationError, ErrorCodes, NetworkError } from '../../src/errors';
import { checkEndpointUrl, createOAuthClient, isLoopbackHost, toTokenSet } from '../../src/auth/oauth-client';
import type { PendingLink } from '../../src/auth/types';
import { CLIENT_SECRET, ManualClock, consent, expectNoSecrets, startHarness, testProvider, type Harness, type HarnessOAuthOptions } from './harness';

const harnesses: Harness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});
async function harness(o: HarnessOAuthOptions = {}): Promise<Harness> {
  const h = await startHarness(o);
  harnesses.push(h);
  return h;
}

function pendingFrom(req: { state: string; codeVerifier?: string; nonce?: string; redirectUri: string; scopes: string[] }): PendingLink {
  return {
    state: req.state,
    provider: 'testprov',
    environment: 'production',
    redirectUri: req.redirectUri,
    scopes: req.scopes,
    createdAt: new Date().toISOString(),
    ...(req.codeVerifier ? { codeVerifier: req.codeVerifier } : {}),
    ...(req.nonce ? { nonce: req.nonce } : {}),
  };
}

describe('authorization URL', () => {
  it('carries an S256 challenge of the verifier, a 256-bit state, scopes, redirect URI and extra params', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h, { authorizationParams: { filter: 'apiv3.1' } }));
    const req = await client.buildAuthorizationUrl();
    const q = req.url.searchParams;
    expect(`${req.url.origin}${req.url.pathname}`).toBe(`${h.issuer}/authorize`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('test-client-id');
    expect(q.get('redirect_uri')).toBe('http://127.0.0.1:1/callback');
    expect(q.get('scope')).toBe('offline_access accounting.read');
    expect(q.get('filter')).toBe('apiv3.1');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(req.codeVerifier!).digest('base64url'));
    expect(q.get('state')).toBe(req.state);
    expect(Buffer.from(req.state, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(q.get('nonce')).toBeNull();
    expect(req.url.href).not.toContain(req.codeVerifier!);
    expect(req.url.href).not.toContain(CLIENT_SECRET);
    const again = await client.buildAuthorizationUrl();
    expect(again.state).not.toBe(req.state);
    expect(again.codeVerifier).not.toBe(req.codeVerifier);
  });

  it('adds a nonce for OIDC providers and omits PKCE when the provider has none', async () => {
    const h = await harness({ idTokens: true });
    const oidcReq = await createOAuthClient(testProvider(h, { oidc: true })).buildAuthorizationUrl();
    expect(oidcReq.url.searchParams.get('nonce')).toBe(oidcReq.nonce);
    expect(oidcReq.nonce!.length).toBeGreaterThanOrEqual(22);
    const plain = await createOAuthClient(testProvider(h, { pkce: false })).buildAuthorizationUrl({ scopes: ['accounting.read'] });
    expect(plain.url.searchParams.get('code_challenge')).toBeNull();
    expect(plain.codeVerifier).toBeUndefined();
    expect(plain.url.searchParams.get('scope')).toBe('accounting.read');
  });

  it('works without discovery from explicit endpoints', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h, { discovery: false }));
    const req = await client.buildAuthorizationUrl();
    const callback = await consent(req.url.href);
    const result = await client.exchangeCode(callback, pendingFrom(req));
    expect(h.oauth.validateAccessToken(result.tokens.accessToken)).toBeDefined();
    expect(h.log.some((r) => r.path.includes('.well-known'))).toBe(false);
  });
});

describe('loopback rule for plain http', () => {
  it('allows http only on loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.10.0.3')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
    expect(checkEndpointUrl('p', 'x', 'https://login.example.com/a')).toBe(false);
    expect(checkEndpointUrl('p', 'x', 'http://127.0.0.1:9/a')).toBe(true);
    expect(() => checkEndpointUrl('p', 'x', 'http://login.example.com/a')).toThrow(ConfigurationError);
  });

  it('refuses a remote http endpoint before any request', async () => {
    const h = await harness();
    const client = createOAuthClient(
      testProvider(h, { discovery: false, urls: { token: 'http://auth.example.com/token', authorization: `${h.issuer}/authorize` } }),
    );
    await expect(client.buildAuthorizationUrl()).rejects.toBeInstanceOf(ConfigurationError);
    expect(h.log).toHaveLength(0);
  });
});

describe('code exchange', () => {
  it('returns a TokenSet with absolute expiry instants and every callback parameter', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const h = await harness({ clock, callbackExtraParams: () => ({ realmId: '4620816365' }), refreshTokenExpiresInParam: 'x_refresh_token_expires_in', refreshTokenTtlSec: 8_640_000 });
    const client = createOAuthClient(testProvider(h), { clock });
    const req = await client.buildAuthorizationUrl();
    const result = await client.exchangeCode(await consent(req.url.href), pendingFrom(req));
    expect(result.tokens).toMatchObject({
      tokenType: 'Bearer',
      obtainedAt: '2030-01-01T00:00:00.000Z',
      accessTokenExpiresAt: '2030-01-01T00:30:00.000Z',
      refreshTokenExpiresAt: '2030-04-11T00:00:00.000Z',
      scopes: ['offline_access', 'accounting.read'],
    });
    expect(result.callbackParams.realmId).toBe('4620816365');
    expect(result.callbackParams.state).toBe(req.state);
  });

  it('accepts expires_in as a string (MYOB) and refresh_token_expires_in (Sage, FreeAgent)', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const h = await harness({ clock, expiresInAsString: true, refreshTokenExpiresInParam: 'refresh_token_expires_in', refreshTokenTtlSec: 3600 });
    const client = createOAuthClient(testProvider(h), { clock });
    const req = await client.buildAuthorizationUrl();
    const { tokens } = await client.exchangeCode(await consent(req.url.href), pendingFrom(req));
    expect(tokens.accessTokenExpiresAt).toBe('2030-01-01T00:30:00.000Z');
    expect(tokens.refreshTokenExpiresAt).toBe('2030-01-01T01:00:00.000Z');
    expect(toTokenSet({ access_token: 'a', token_type: 'bearer', expires_in: '1200' }, 0).accessTokenExpiresAt).toBe('1970-01-01T00:20:00.000Z');
  });

  it('rejects a callback whose state differs, before any token request', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h));
    const req = await client.buildAuthorizationUrl();
    const callback = new URL(await consent(req.url.href));
    callback.searchParams.set('state', 'forged-state');
    const err = await client.exchangeCode(callback, pendingFrom(req)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe(ErrorCodes.STATE_MISMATCH);
    expect(h.oauth.stats().tokenRequests).toBe(0);
  });

  it('reports ?error=access_denied as an AuthError with the provider code', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h));
    const req = await client.buildAuthorizationUrl();
    const callback = await consent(req.url.href, { emulator_deny: '1' });
    const err = (await client.exchangeCode(callback, pendingFrom(req)).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.providerCode).toBe('access_denied');
    expect(err.message).toMatch(/denied/);
  });

  it('maps a refused exchange (wrong verifier) to an AuthError without secrets', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h));
    const req = await client.buildAuthorizationUrl();
    const callback = await consent(req.url.href);
    const code = new URL(callback).searchParams.get('code')!;
    const wrong = { ...pendingFrom(req), codeVerifier: 'x'.repeat(50) };
    const err = (await client.exchangeCode(callback, wrong).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.providerCode).toBe('invalid_grant');
    expect(err.status).toBe(400);
    expectNoSecrets(err, [code, wrong.codeVerifier, CLIENT_SECRET]);
  });

  it('validates the ID token nonce of OIDC flows and exposes its claims', async () => {
    const h = await harness({ idTokens: true });
    const client = createOAuthClient(testProvider(h, { oidc: true, scopes: ['openid', 'email', 'offline_access'] }));
    const req = await client.buildAuthorizationUrl();
    const callback = await consent(req.url.href);
    const ok = await client.exchangeCode(callback, pendingFrom(req));
    expect(ok.idTokenClaims).toMatchObject({ iss: h.issuer, aud: 'test-client-id', nonce: req.nonce, email: 'user@example.com' });
    expect(ok.tokens.idToken).toBeTruthy();

    const req2 = await client.buildAuthorizationUrl();
    const cb2 = await consent(req2.url.href);
    const err = (await client.exchangeCode(cb2, { ...pendingFrom(req2), nonce: 'another-nonce' }).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/claim|nonce/i);
  });
});

describe('refresh and revocation', () => {
  it('refreshes with the configured client authentication and maps invalid_grant', async () => {
    for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
      const h = await harness({ clientAuthentication: method });
      const client = createOAuthClient(testProvider(h, { clientAuthentication: method }));
      const req = await client.buildAuthorizationUrl();
      const { tokens } = await client.exchangeCode(await consent(req.url.href), pendingFrom(req));
      const next = await client.refreshTokens(tokens.refreshToken!);
      expect(next.refreshToken).not.toBe(tokens.refreshToken);
      expect(next.scopes).toEqual(['offline_access', 'accounting.read']);
      const err = (await client.refreshTokens(tokens.refreshToken!).catch((e: unknown) => e)) as AuthError;
      expect(err).toBeInstanceOf(AuthError);
      expect(err.providerCode).toBe('invalid_grant');
      expectNoSecrets(err, [tokens.refreshToken, next.refreshToken, next.accessToken, CLIENT_SECRET]);
    }
  });

  it('keeps the refresh token when a static provider sends none back', () => {
    const t = toTokenSet({ access_token: 'a2', token_type: 'Bearer', expires_in: 60 }, 0, { refreshToken: 'r1', scopes: ['x'] });
    expect(t.refreshToken).toBe('r1');
    expect(t.scopes).toEqual(['x']);
  });

  it('reports an unreachable token endpoint as a NetworkError without secrets', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h, { discovery: false }));
    await client.configuration();
    await h.close();
    harnesses.length = 0;
    const err = await client.refreshTokens('refresh-secret-value').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expectNoSecrets(err, ['refresh-secret-value', CLIENT_SECRET]);
  });

  it('revokes the refresh token (RFC 7009) so the grant dies', async () => {
    const h = await harness();
    const client = createOAuthClient(testProvider(h));
    const req = await client.buildAuthorizationUrl();
    const { tokens } = await client.exchangeCode(await consent(req.url.href), pendingFrom(req));
    await client.revokeToken(tokens.refreshToken!, 'refresh_token');
    expect(h.oauth.validateAccessToken(tokens.accessToken)).toBeUndefined();
  });

  it('reports wrong client credentials clearly without the secret', async () => {
    const h = await harness({ clients: [{ clientId: 'test-client-id', clientSecret: 'the-real-secret', redirectUris: ['http://127.0.0.1:1/callback'] }] });
    const client = createOAuthClient(testProvider(h));
    const err = (await client.refreshTokens('some-refresh-token').catch((e: unknown) => e)) as AuthError;
    expect(err.providerCode).toBe('invalid_client');
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/client id and secret/);
    expectNoSecrets(err, [CLIENT_SECRET, 'the-real-secret', 'some-refresh-token']);
  });
});
