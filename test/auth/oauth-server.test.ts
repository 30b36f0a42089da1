/**
 * The emulator OAuth server, spoken to over raw HTTP: RFC 6749 / 7636 / 7009 and OIDC discovery semantics.
 */
import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, ManualClock, REDIRECT_URI, startHarness, type Harness, type HarnessOAuthOptions } from './harness';

const harnesses: Harness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});

async function harness(o: HarnessOAuthOptions = {}): Promise<Harness> {
  const h = await startHarness(o);
  harnesses.push(h);
  return h;
}

const verifier = () => randomBytes(32).toString('base64url');
const challenge = (v: string) => createHash('sha256').update(v).digest('base64url');
const basic = (id = CLIENT_ID, secret = CLIENT_SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function authorize(h: Harness, params: Record<string, string | undefined>): Promise<Response> {
  const url = new URL(`${h.issuer}/authorize`);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'offline_access accounting.read',
    state: 'st-1',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

function callback(res: Response): URLSearchParams {
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!);
  expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT_URI);
  return loc.searchParams;
}

async function token(
  h: Harness,
  form: Record<string, string>,
  auth: 'basic' | 'post' | 'none' = 'basic',
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') headers.authorization = basic();
  if (auth === 'post') {
    body.set('client_id', CLIENT_ID);
    body.set('client_secret', CLIENT_SECRET);
  }
  const res = await fetch(`${h.issuer}/token`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

async function codeFor(h: Harness, extra: Record<string, string | undefined> = {}): Promise<{ code: string; verifier: string }> {
  const v = verifier();
  const params = callback(await authorize(h, { code_challenge: challenge(v), code_challenge_method: 'S256', ...extra }));
  return { code: params.get('code')!, verifier: v };
}

async function linkTokens(h: Harness, extra: Record<string, string | undefined> = {}): Promise<Record<string, unknown>> {
  const { code, verifier: v } = await codeFor(h, extra);
  const res = await token(h, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: v });
  expect(res.status).toBe(200);
  return res.body;
}

describe('discovery', () => {
  it('publishes issuer, endpoints, PKCE methods, auth methods, grants and scopes', async () => {
    const h = await harness({ clientAuthentication: 'either', idTokens: true });
    const res = await fetch(`${h.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: h.issuer,
      authorization_endpoint: `${h.issuer}/authorize`,
      token_endpoint: `${h.issuer}/token`,
      revocation_endpoint: `${h.issuer}/revoke`,
      jwks_uri: `${h.issuer}/jwks`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'accounting.read'],
    });
    expect(h.oauth.urls()).toEqual({
      authorization: `${h.issuer}/authorize`,
      token: `${h.issuer}/token`,
      revocation: `${h.issuer}/revoke`,
      discovery: `${h.issuer}/.well-known/openid-configuration`,
      issuer: h.issuer,
    });
  });

  it('omits PKCE methods when PKCE is unsupported and honours custom paths', async () => {
    const h = await harness({ pkce: 'unsupported', paths: { token: 'connect/token', authorize: '/login/connect/authorize' } });
    const doc = (await (await fetch(`${h.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.code_challenge_methods_supported).toBeUndefined();
    expect(doc.token_endpoint).toBe(`${h.issuer}/connect/token`);
    expect(doc.authorization_endpoint).toBe(`${h.baseUrl}/login/connect/authorize`);
    expect((await fetch(`${h.issuer}/token`, { method: 'POST' })).status).toBe(404);
  });
});

describe('authorization endpoint', () => {
  it('redirects with a code and the exact state, and counts the request', async () => {
    const h = await harness();
    const params = callback(await authorize(h, { state: 'a b/c+d=é' }));
    expect(params.get('state')).toBe('a b/c+d=é');
    expect(params.get('code')!.length).toBeGreaterThanOrEqual(40);
    expect(h.oauth.stats().authorizeRequests).toBe(1);
  });

  it('never redirects for an unknown client or an unregistered redirect_uri', async () => {
    const h = await harness();
    const a = await authorize(h, { client_id: 'nope' });
    expect(a.status).toBe(400);
    expect(a.headers.get('location')).toBeNull();
    const b = await authorize(h, { redirect_uri: `${REDIRECT_URI}/evil` });
    expect(b.status).toBe(400);
    expect(b.headers.get('location')).toBeNull();
    const c = await authorize(h, { redirect_uri: REDIRECT_URI.replace('127.0.0.1', 'localhost') });
    expect(c.status).toBe(400);
  });

  it('redirects errors for bad response_type, unknown scopes, missing PKCE (when required), plain PKCE and denial', async () => {
    const h = await harness({ pkce: 'required' });
    const v = verifier();
    const cases: Array<[Record<string, string | undefined>, string]> = [
      [{ response_type: 'token', code_challenge: challenge(v), code_challenge_method: 'S256' }, 'unsupported_response_type'],
      [{ scope: 'accounting.read admin', code_challenge: challenge(v), code_challenge_method: 'S256' }, 'invalid_scope'],
      [{}, 'invalid_request'],
      [{ code_challenge: v, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: challenge(v), code_challenge_method: 'S256', emulator_deny: '1' }, 'access_denied'],
    ];
    for (const [params, error] of cases) {
      const p = callback(await authorize(h, params));
      expect(p.get('error')).toBe(error);
      expect(p.get('state')).toBe('st-1');
      expect(p.get('code')).toBeNull();
    }
  });

  it('lets the test choose tenants with emulator_tenants and records them on the grant', async () => {
    const h = await harness();
    const one = await linkTokens(h, { emulator_tenants: 'tenant-b' });
    expect(h.oauth.validateAccessToken(one.access_token as string)?.tenantIds).toEqual(['tenant-b']);
    const all = await linkTokens(h);
    const info = h.oauth.validateAccessToken(all.access_token as string)!;
    expect(info.tenantIds).toEqual(['tenant-a', 'tenant-b']);
    expect(info.authEventId).not.toBe(h.oauth.validateAccessToken(one.access_token as string)!.authEventId);
    expect(callback(await authorize(h, { emulator_tenants: 'tenant-z' })).get('error')).toBe('invalid_request');
  });

  it('adds provider-specific callback parameters', async () => {
    const h = await harness({ callbackExtraParams: ({ tenants }) => ({ realmId: tenants[0]!.id }) });
    const p = callback(await authorize(h, { emulator_tenants: 'tenant-b' }));
    expect(p.get('realmId')).toBe('tenant-b');
  });
});

describe('token endpoint: authorization_code', () => {
  it('issues Bearer tokens with expiry, scope and a JWT-shaped access token carrying the auth event id', async () => {
    const h = await harness();
    const { code, verifier: v } = await codeFor(h);
    const res = await token(h, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: v });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'offline_access accounting.read' });
    const at = res.body.access_token as string;
    expect(at.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(at.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims.authentication_event_id).toBe(h.oauth.validateAccessToken(at)!.authEventId);
    expect(typeof res.body.refresh_token).toBe('string');
  });

  it('makes codes single-use and revokes what a replayed code issued', async () => {
    const h = await harness();
    const { code, verifier: v } = await codeFor(h);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: v };
    const first = await token(h, form);
    expect(first.status).toBe(200);
    const replay = await token(h, form);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: 'invalid_grant' });
    expect(h.oauth.validateAccessToken(first.body.access_token as string)).toBeUndefined();
    const refresh = await token(h, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('expires codes after 10 minutes of emulator time', async () => {
    const clock = new ManualClock();
    const h = await harness({ clock });
    const { code, verifier: v } = await codeFor(h);
    clock.advance(10 * 60_000);
    const res = await token(h, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: v });
    expect(res.body).toEqual({ error: 'invalid_grant' });
  });

  it('checks redirect_uri and the PKCE verifier', async () => {
    const h = await harness();
    const a = await codeFor(h);
    expect((await token(h, { grant_type: 'authorization_code', code: a.code, redirect_uri: `${REDIRECT_URI}x`, code_verifier: a.verifier })).body.error).toBe('invalid_grant');
    const b = await codeFor(h);
    expect((await token(h, { grant_type: 'authorization_code', code: b.code, redirect_uri: REDIRECT_URI, code_verifier: verifier() })).body.error).toBe('invalid_grant');
    const c = await codeFor(h);
    expect((await token(h, { grant_type: 'authorization_code', code: c.code, redirect_uri: REDIRECT_URI })).body.error).toBe('invalid_grant');
    // A verifier without a challenge is a downgrade attempt.
    const d = callback(await authorize(h, {})).get('code')!;
    expect((await token(h, { grant_type: 'authorization_code', code: d, redirect_uri: REDIRECT_URI, code_verifier: verifier() })).body.error).toBe('invalid_grant');
    expect(h.oauth.stats().invalidGrants).toBe(4);
  });

  it('authenticates the client per the configured method', async () => {
    const basicOnly = await harness({ clientAuthentication: 'client_secret_basic' });
    const a = await codeFor(basicOnly);
    const post = await token(basicOnly, { grant_type: 'authorization_code', code: a.code, redirect_uri: REDIRECT_URI, code_verifier: a.verifier }, 'post');
    expect(post.status).toBe(401);
    expect(post.body.error).toBe('invalid_client');

    const postOnly = await harness({ clientAuthentication: 'client_secret_post' });
    const b = await codeFor(postOnly);
    const viaBasic = await token(postOnly, { grant_type: 'authorization_code', code: b.code, redirect_uri: REDIRECT_URI, code_verifier: b.verifier }, 'basic');
    expect(viaBasic.status).toBe(401);
    const viaPost = await token(postOnly, { grant_type: 'authorization_code', code: b.code, redirect_uri: REDIRECT_URI, code_verifier: b.verifier }, 'post');
    expect(viaPost.status).toBe(200);

    const res = await fetch(`${basicOnly.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(CLIENT_ID, 'wrong') },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    expect((await token(basicOnly, { grant_type: 'refresh_token', refresh_token: 'x' }, 'none')).status).toBe(401);
  });

  it('answers RFC 6749 errors for bad requests', async () => {
    const h = await harness();
    expect((await token(h, { grant_type: 'password', username: 'u', password: 'p' })).body).toEqual({ error: 'unsupported_grant_type' });
    expect((await token(h, {})).body.error).toBe('invalid_request');
    expect((await token(h, { grant_type: 'authorization_code' })).body.error).toBe('invalid_request');
    const json = await fetch(`${h.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic() },
      body: '{"grant_type":"refresh_token"}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
    expect((await fetch(`${h.issuer}/token`)).status).toBe(405);
  });

  it('sends expires_in as a string and the refresh token lifetime when configured (MYOB, QuickBooks)', async () => {
    const h = await harness({ clock: new ManualClock(), expiresInAsString: true, refreshTokenExpiresInParam: 'x_refresh_token_expires_in', refreshTokenTtlSec: 8_726_400 });
    const body = await linkTokens(h);
    expect(body.expires_in).toBe('1800');
    expect(body.x_refresh_token_expires_in).toBe(8_726_400);
  });

  it('issues refresh tokens only with offline_access when the scope exists', async () => {
    const h = await harness();
    const body = await linkTokens(h, { scope: 'accounting.read' });
    expect(body.refresh_token).toBeUndefined();
  });

  it('issues RS256 ID tokens verifiable with the JWKS, with the nonce', async () => {
    const h = await harness({ idTokens: true });
    const body = await linkTokens(h, { scope: 'openid email offline_access', nonce: 'n-123' });
    const [head, payload, sig] = (body.id_token as string).split('.');
    const header = JSON.parse(Buffer.from(head!, 'base64url').toString()) as { alg: string; kid: string };
    expect(header.alg).toBe('RS256');
    const jwks = (await (await fetch(`${h.issuer}/jwks`)).json()) as { keys: Array<Record<string, unknown>> };
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    const key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    expect(createVerify('RSA-SHA256').update(`${head}.${payload}`).verify(key, Buffer.from(sig!, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: h.issuer, aud: CLIENT_ID, nonce: 'n-123', email: 'user@example.com' });
    const ui = await fetch(`${h.issuer}/userinfo`, { headers: { authorization: `Bearer ${body.access_token as string}` } });
    expect(await ui.json()).toMatchObject({ sub: claims.sub });
  });
});

describe('token endpoint: refresh_token', () => {
  const refresh = (h: Harness, rt: string) => token(h, { grant_type: 'refresh_token', refresh_token: rt });

  it('rotating: the old refresh token dies at once (even at the same instant)', async () => {
    const h = await harness({ rotation: { kind: 'rotating' }, clock: new ManualClock() });
    const t0 = await linkTokens(h);
    const r1 = await refresh(h, t0.refresh_token as string);
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).not.toBe(t0.refresh_token);
    expect((await refresh(h, t0.refresh_token as string)).body).toEqual({ error: 'invalid_grant' });
    expect((await refresh(h, r1.body.refresh_token as string)).status).toBe(200);
    expect(h.oauth.stats()).toMatchObject({ refreshGrants: 3, invalidGrants: 1 });
  });

  it('rotating-with-grace: a replaced token works within the grace window and returns the chain\'s current token', async () => {
    const clock = new ManualClock();
    const h = await harness({ clock, rotation: { kind: 'rotating-with-grace', graceMs: 30 * 60_000 } });
    const t0 = await linkTokens(h);
    const r1 = await refresh(h, t0.refresh_token as string);
    clock.advance(29 * 60_000);
    const again = await refresh(h, t0.refresh_token as string);
    expect(again.status).toBe(200);
    expect(again.body.refresh_token).toBe(r1.body.refresh_token);
    expect(again.body.access_token).not.toBe(r1.body.access_token);
    expect(h.oauth.validateAccessToken(again.body.access_token as string)).toBeDefined();
    clock.advance(2 * 60_000);
    expect((await refresh(h, t0.refresh_token as string)).body).toEqual({ error: 'invalid_grant' });
    const r2 = await refresh(h, r1.body.refresh_token as string);
    expect(r2.status).toBe(200);
    expect(r2.body.refresh_token).not.toBe(r1.body.refresh_token);
  });

  it('rotating-with-overlap: the previous token stays valid for the overlap window', async () => {
    const clock = new ManualClock();
    const h = await harness({ clock, rotation: { kind: 'rotating-with-overlap', previousValidMs: 24 * 3600_000 } });
    const t0 = await linkTokens(h);
    const r1 = await refresh(h, t0.refresh_token as string);
    clock.advance(23 * 3600_000);
    expect((await refresh(h, t0.refresh_token as string)).body.refresh_token).toBe(r1.body.refresh_token);
    clock.advance(2 * 3600_000);
    expect((await refresh(h, t0.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('static: the same refresh token comes back and keeps working', async () => {
    const h = await harness({ rotation: { kind: 'static' } });
    const t0 = await linkTokens(h);
    for (let i = 0; i < 3; i++) {
      const r = await refresh(h, t0.refresh_token as string);
      expect(r.body.refresh_token).toBe(t0.refresh_token);
    }
  });

  it('refresh tokens expire when unused for their lifetime; narrowed scopes must be granted ones', async () => {
    const clock = new ManualClock();
    const h = await harness({ clock, refreshTokenTtlSec: 3600 });
    const t0 = await linkTokens(h);
    expect((await token(h, { grant_type: 'refresh_token', refresh_token: t0.refresh_token as string, scope: 'openid' })).body.error).toBe('invalid_scope');
    const narrowed = await token(h, { grant_type: 'refresh_token', refresh_token: t0.refresh_token as string, scope: 'accounting.read' });
    expect(narrowed.body.scope).toBe('accounting.read');
    clock.advance(3600_000);
    expect((await refresh(h, narrowed.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('refuses a refresh token of another client', async () => {
    const h = await harness({
      clients: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] },
        { clientId: 'other', clientSecret: 'other-secret', redirectUris: [REDIRECT_URI] },
      ],
    });
    const t0 = await linkTokens(h);
    const res = await fetch(`${h.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('other', 'other-secret') },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t0.refresh_token as string }),
    });
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });
});

describe('revocation and test hooks', () => {
  it('revoking the refresh token ends the whole grant (RFC 7009); unknown tokens are not an error', async () => {
    const h = await harness();
    const t0 = await linkTokens(h);
    const revoke = (value: string) =>
      fetch(`${h.issuer}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic() },
        body: new URLSearchParams({ token: value, token_type_hint: 'refresh_token' }),
      });
    expect((await revoke('unknown-token')).status).toBe(200);
    expect((await revoke(t0.refresh_token as string)).status).toBe(200);
    expect(h.oauth.validateAccessToken(t0.access_token as string)).toBeUndefined();
    expect((await token(h, { grant_type: 'refresh_token', refresh_token: t0.refresh_token as string })).body.error).toBe('invalid_grant');
  });

  it('expireAccessToken and revokeAll', async () => {
    const h = await harness();
    const a = await linkTokens(h);
    const b = await linkTokens(h);
    h.oauth.expireAccessToken(a.access_token as string);
    expect(h.oauth.validateAccessToken(a.access_token as string)).toBeUndefined();
    expect(h.oauth.validateAccessToken(b.access_token as string)).toBeDefined();
    h.oauth.revokeAll();
    expect(h.oauth.validateAccessToken(b.access_token as string)).toBeUndefined();
    expect((await token(h, { grant_type: 'refresh_token', refresh_token: b.refresh_token as string })).body.error).toBe('invalid_grant');
  });

  it('keeps no state between instances', async () => {
    const h1 = await harness();
    const h2 = await harness();
    const t = await linkTokens(h1);
    expect(h2.oauth.validateAccessToken(t.access_token as string)).toBeUndefined();
    expect(h2.oauth.stats().tokenRequests).toBe(0);
  });
});
