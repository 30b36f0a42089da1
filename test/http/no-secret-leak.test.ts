/**
 * No secret in any error or log line of the request pipeline, across its failure paths: 401s with the token in the
 * request, providers echoing the Authorization header (as JSON, as raw header text, bare), URLs carrying
 * `access_token`/`code`/`client_secret`, timeouts and resets on such URLs, a provider error mapper that copies the
 * body into its message, a refresh that fails naming the token, retries logged along the way.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequest, LimiterRegistry, type AuthHooks } from '../../src/http';
import { AuthError, ErrorCodes, ProviderError } from '../../src/errors';
import { collectSecrets, type SecretCollector } from '../setup/secret-collector';
import { CLIENT_SECRET, handProvider, virtualClock } from './support';

const API = 'https://api.leaky.test';
/** Opaque: only redaction by value (the pipeline knows what it sent) can catch it when echoed bare. */
const STALE = 'opaque-stale-token-7d1e0c55b2a94f3e';
/** A JWT: caught by shape too. */
const FRESH = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE3fQ.c2lnbmF0dXJlLWZyZXNo';
const REFRESH = 'rt-6a1f0b9c8d7e6f5a4b3c';
const URL_TOKEN = 'qs-token-42f1e9d8c7b6a5';
const CODE = 'auth-code-1b2c3d4e5f60';
const VERIFIER = 'pkce-verifier-8899aabbccddeeff00112233';

let leaks: SecretCollector;

function pipeline(o: { auth?: AuthHooks; mapEcho?: boolean; retries?: number; timeoutMs?: number } = {}) {
  const auth: AuthHooks = o.auth ?? { getAccessToken: async () => STALE, refreshAfterUnauthorized: async () => FRESH };
  return createRequest({
    provider: handProvider({
      api: API,
      requestIdHeader: 'x-request-id',
      classifyThrottle: (r) => (r.headers['x-problem'] === 'day' ? { scope: 'day', failFast: true } : undefined),
      ...(o.mapEcho
        ? {
            // A careless provider mapper: copies the raw body and the request id into its message.
            mapError: (res, ctx) =>
              res.status >= 400 ? new ProviderError(`provider said: ${typeof res.data === 'string' ? res.data : JSON.stringify(res.data)}`, { provider: ctx.provider, status: res.status, retryable: res.status >= 500 }) : undefined,
          }
        : {}),
    }),
    tenant: { id: 'tenant-1' },
    auth,
    limiters: new LimiterRegistry(),
    clock: virtualClock(),
    logger: leaks.logger(),
    retry: { retries: o.retries ?? 2, minDelayMs: 1, maxDelayMs: 2 },
    timeoutMs: o.timeoutMs ?? 1000,
  });
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('no secret leaks from the request pipeline', () => {
  beforeAll(() => {
    leaks = collectSecrets();
    leaks.addSecret(STALE, FRESH, REFRESH, URL_TOKEN, CODE, VERIFIER, CLIENT_SECRET);
  });

  it('401 → refresh → 401 again, both answers echoing the Authorization header and the bare token', async () => {
    nock(API)
      .get('/invoices')
      .reply(401, { message: 'invalid token', received: { authorization: `Bearer ${STALE}` } }, { 'www-authenticate': `Bearer error="invalid_token", token="${STALE}"` })
      .get('/invoices')
      .reply(401, `token ${FRESH} is not valid for tenant-1`);
    const err = await leaks.capture(pipeline()({ method: 'GET', url: '/invoices', operation: 'invoices.list' }));
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toContain('[redacted]');
  });

  it('a 400 echoing the request headers as JSON, cookies and API keys included', async () => {
    nock(API).post('/invoices').reply(400, {
      error: 'bad request',
      request: { headers: { Authorization: `Bearer ${STALE}`, Cookie: `session=${REFRESH}`, 'X-Api-Key': URL_TOKEN }, body: { client_secret: CLIENT_SECRET } },
    });
    const err = await leaks.capture(pipeline()({ method: 'POST', url: '/invoices', body: { Contact: { Name: 'A' } } }));
    expect(err).toMatchObject({ code: ErrorCodes.VALIDATION, status: 400 });
  });

  it('5xx answers echoing raw header lines are retried (and logged), then surface', async () => {
    nock(API)
      .get('/reports')
      .times(3)
      .reply(502, `upstream failed\nAuthorization: Bearer ${STALE}\nX-Api-Key: ${URL_TOKEN}\nform: grant_type=refresh_token&refresh_token=${REFRESH}&client_secret=${CLIENT_SECRET}&code_verifier=${VERIFIER}`);
    const err = await leaks.capture(pipeline()({ method: 'GET', url: '/reports' }));
    expect(err).toMatchObject({ code: ErrorCodes.PROVIDER, status: 502 });
    expect(leaks.lines.some((l) => l.startsWith('warn ledgerlink: retrying request'))).toBe(true);
  });

  it('URLs carrying access_token, code and client_secret: in errors after a 404, a timeout and a reset', async () => {
    const url = `${API}/callback?access_token=${URL_TOKEN}&code=${CODE}&client_secret=${CLIENT_SECRET}&page=2`;
    nock(API).get('/callback').query(true).reply(404, 'nothing here');
    const notFound = await leaks.capture(pipeline()({ method: 'GET', url }));
    expect(notFound).toMatchObject({ code: ErrorCodes.NOT_FOUND });

    nock(API).get('/callback').query(true).times(2).delay(500).reply(200, {});
    const timeout = await leaks.capture(pipeline({ timeoutMs: 30, retries: 1 })({ method: 'GET', url }));
    expect(timeout).toMatchObject({ code: ErrorCodes.TIMEOUT });
    expect((timeout as Error).message).toContain('page=2');

    nock(API).get('/callback').query(true).times(2).replyWithError(Object.assign(new Error(`socket hang up on ${url}`), { code: 'ECONNRESET' }));
    const reset = await leaks.capture(pipeline({ retries: 1 })({ method: 'GET', url }));
    expect(reset).toMatchObject({ code: ErrorCodes.NETWORK });
  });

  it('a provider error mapper that copies the body into its message is cleaned too', async () => {
    nock(API).get('/contacts').times(3).reply(500, { detail: `the token ${STALE} has expired`, refresh_token: REFRESH });
    const err = await leaks.capture(pipeline({ mapEcho: true })({ method: 'GET', url: '/contacts' }));
    expect(err).toMatchObject({ code: ErrorCodes.PROVIDER, status: 500 });
  });

  it('a daily limit and a validation error with tokens in their bodies', async () => {
    nock(API).get('/a').reply(429, { message: `quota for ${STALE} spent` }, { 'x-problem': 'day', 'retry-after': '3600' });
    nock(API).put('/b').reply(422, { errors: [{ field: 'token', message: `token ${STALE} may not be used here` }] });
    await leaks.capture(pipeline()({ method: 'GET', url: '/a' }));
    await leaks.capture(pipeline()({ method: 'PUT', url: '/b', body: {} }));
    expect(leaks.errors.at(-2)).toMatchObject({ code: ErrorCodes.DAILY_LIMIT });
    expect(leaks.errors.at(-1)).toMatchObject({ code: ErrorCodes.VALIDATION });
  });

  it('a refresh that fails with the stale token in its message', async () => {
    nock(API).get('/x').reply(401, {});
    const auth: AuthHooks = {
      getAccessToken: async () => STALE,
      refreshAfterUnauthorized: async (stale) => {
        throw new AuthError(`refresh after rejection of ${stale} failed`, { relinkRequired: true });
      },
    };
    const err = await leaks.capture(pipeline({ auth })({ method: 'GET', url: '/x' }));
    expect(err).toMatchObject({ code: ErrorCodes.RELINK_REQUIRED });
  });

  it('…and after all of that, no secret anywhere', () => {
    expect(leaks.errors.length).toBeGreaterThanOrEqual(9);
    expect(leaks.lines.length).toBeGreaterThan(10);
    leaks.assertNoSecrets();
  });
});
