/**
 * The whole pipeline (retry → throttle → auth → transport, real axios) against nock: request shaping, throttling
 * answers, 5xx bursts, timeouts, broken bodies, resets, the 401 refresh-and-replay, daily limits and writes.
 * Waits go through a virtual clock: they are asserted exactly and take no real time.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequest, LimiterRegistry, type ApiCall, type AuthHooks, type CreateRequestOptions } from '../../src/http';
import { AuthError, ErrorCodes, LedgerError, NetworkError, ProviderError, RateLimitError, TimeoutError, ValidationError } from '../../src/errors';
import type { ProviderInstance } from '../../src/provider/types';
import { handProvider, memoryLogger, virtualClock, type HandProviderOptions } from './support';

const API = 'https://api.pipeline.test';
const TOKEN = 'at-0123456789abcdef-stale';
const FRESH = 'at-fedcba9876543210-fresh';

interface Harness {
  request: ReturnType<typeof createRequest>;
  calls: ApiCall[];
  refreshCalls: string[];
  tokenCalls: () => number;
  clock: ReturnType<typeof virtualClock>;
  logger: ReturnType<typeof memoryLogger>;
  limiters: LimiterRegistry;
}

function make(
  o: {
    provider?: Partial<HandProviderOptions>;
    instance?: ProviderInstance;
    auth?: AuthHooks | null;
    retry?: CreateRequestOptions['retry'];
    timeoutMs?: number;
    idempotencyHeader?: string;
    tenant?: { id: string };
    limiters?: LimiterRegistry;
  } = {},
): Harness {
  const calls: ApiCall[] = [];
  const refreshCalls: string[] = [];
  let tokenCalls = 0;
  const clock = virtualClock();
  const logger = memoryLogger();
  const limiters = o.limiters ?? new LimiterRegistry({ clock });
  const auth: AuthHooks = {
    getAccessToken: async () => {
      tokenCalls++;
      return TOKEN;
    },
    refreshAfterUnauthorized: async (stale) => {
      refreshCalls.push(stale);
      return FRESH;
    },
  };
  const request = createRequest({
    provider: o.instance ?? handProvider({ api: API, ...(o.provider ?? {}) }),
    tenant: o.tenant ?? { id: 't-1' },
    limiters,
    clock,
    logger,
    retry: { retries: 4, minDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 60_000, random: () => 0.5, ...(o.retry ?? {}) },
    timeoutMs: o.timeoutMs ?? 2000,
    ...(o.auth === null ? {} : { auth: o.auth ?? auth }),
    ...(o.idempotencyHeader ? { idempotencyHeader: o.idempotencyHeader } : {}),
    onApiCall: (c) => calls.push(c),
  });
  return { request, calls, refreshCalls, tokenCalls: () => tokenCalls, clock, logger, limiters };
}

/**
 * A connection reset as nock 14 must be given it: an Error instance (a plain `{ code }` object breaks nock 14's
 * interceptor and the request just hangs — nock/nock#2829).
 */
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected the request to fail');
  },
  (e: unknown) => e,
);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'every nock interceptor is used').toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('request shaping', () => {
  it('sends the bearer token, tenant and default headers, default query, tenant path; parses JSON', async () => {
    nock(API, {
      reqheaders: { authorization: `Bearer ${TOKEN}`, 'x-tenant': 't-1', accept: 'application/json' },
    })
      .get('/v3/company/t-1/things')
      .query({ minorversion: '75', page: '2', tag: ['a', 'b'] })
      .reply(200, { ok: true }, { 'X-Request-Id': 'rq-1' });
    const h = make({
      provider: {
        tenantHeaders: (t) => ({ 'x-tenant': t.id }),
        tenantPath: (t, p) => `/v3/company/${t.id}${p}`,
        defaultHeaders: { Accept: 'application/json' },
        defaultQuery: { minorversion: 75 },
      },
    });
    const res = await h.request<{ ok: boolean }>({ method: 'GET', url: '/things', query: { page: 2, tag: ['a', 'b'], skip: undefined }, operation: 'things.list' });
    expect(res).toMatchObject({ status: 200, data: { ok: true } });
    expect(res.headers['x-request-id']).toBe('rq-1');
    expect(h.calls).toEqual([{ method: 'GET', operation: 'things.list', url: expect.stringContaining('/v3/company/t-1/things?'), attempt: 1 }]);
    expect(h.logger.lines.some((l) => l.includes('things.list') && l.includes('"status":200'))).toBe(true);
  });

  it('serialises a JSON body, keeps string bodies as they are, and sends the idempotency key under the configured header', async () => {
    nock(API, { reqheaders: { 'content-type': 'application/json', 'x-idem': 'k-1' } }).post('/items', { name: 'Desk', qty: 2 }).reply(201, { id: 'i-1' });
    nock(API, { reqheaders: { 'content-type': 'application/xml' } }).put('/items/i-1', '<Item><Name>Desk</Name></Item>').reply(200, '<ok/>', { 'content-type': 'application/xml' });
    const h = make({ idempotencyHeader: 'X-Idem' });
    await expect(h.request({ method: 'POST', url: '/items', body: { name: 'Desk', qty: 2 }, idempotencyKey: 'k-1' })).resolves.toMatchObject({ status: 201, data: { id: 'i-1' } });
    const xml = await h.request({ method: 'PUT', url: '/items/i-1', body: '<Item><Name>Desk</Name></Item>', headers: { 'Content-Type': 'application/xml' } });
    expect(xml.data).toBe('<ok/>');
  });

  it('absolute URLs are used as they are (no tenant path, no default query), other bases by name', async () => {
    nock('https://identity.pipeline.test').get('/connections').reply(200, []);
    nock('https://other.pipeline.test').get('/page').query({ cursor: 'c2' }).reply(200, { n: 2 });
    const h = make({
      provider: { urls: { connections: 'https://identity.pipeline.test/connections' }, tenantPath: (t, p) => `/t/${t.id}${p}`, defaultQuery: { v: 1 } },
    });
    await expect(h.request({ method: 'GET', url: '', base: 'connections' })).resolves.toMatchObject({ data: [] });
    await expect(h.request({ method: 'GET', url: 'https://other.pipeline.test/page?cursor=c2' })).resolves.toMatchObject({ data: { n: 2 } });
  });

  it('responseType text returns an XML (or even JSON-labelled) body as text', async () => {
    nock(API).get('/report').reply(200, '<Report><Row/></Report>', { 'content-type': 'text/xml' });
    nock(API).get('/raw').reply(200, '{"a":1}', { 'content-type': 'application/json' });
    const h = make();
    expect((await h.request({ method: 'GET', url: '/report' })).data).toBe('<Report><Row/></Report>');
    expect((await h.request({ method: 'GET', url: '/raw', responseType: 'text' })).data).toBe('{"a":1}');
  });

  it('anonymous requests carry no token and skip the token hooks', async () => {
    nock(API, { badheaders: ['authorization'] }).get('/public').reply(200, { ok: 1 });
    const h = make();
    await h.request({ method: 'GET', url: '/public', anonymous: true });
    expect(h.tokenCalls()).toBe(0);
  });

  it('a base URL that is not configured is a ConfigurationError before any call', async () => {
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x', base: 'nowhere' })).rejects.toMatchObject({ code: ErrorCodes.CONFIGURATION });
    expect(h.calls).toHaveLength(0);
  });
});

describe('throttling answers', () => {
  it('429 with Retry-After in seconds: waits exactly that, then succeeds', async () => {
    nock(API).get('/x').reply(429, { message: 'slow down' }, { 'retry-after': '2' }).get('/x').reply(200, { ok: 1 });
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ status: 200 });
    expect(h.calls).toHaveLength(2);
    expect(h.clock.sleeps).toEqual([2000]);
    expect(h.logger.lines.some((l) => l.startsWith('warn ledgerlink: retrying request') && l.includes('"waitMs":2000'))).toBe(true);
  });

  it('429 with Retry-After as an HTTP date: waits until that instant, then succeeds', async () => {
    const h = make();
    const at = new Date(h.clock.now() + 3000).toUTCString();
    nock(API).get('/x').reply(429, '', { 'retry-after': at }).get('/x').reply(200, {});
    await h.request({ method: 'GET', url: '/x' });
    expect(h.calls).toHaveLength(2);
    expect(h.clock.sleeps).toEqual([3000]);
  });

  it('429 without Retry-After waits the provider default', async () => {
    nock(API).get('/x').reply(429, '').get('/x').reply(200, {});
    const h = make({ provider: { defaultRetryAfterMs: 60_000 } });
    await h.request({ method: 'GET', url: '/x' });
    expect(h.clock.sleeps).toEqual([60_000]);
  });

  it('a Retry-After longer than maxWaitMs is not waited out: the RateLimitError comes back after one call', async () => {
    nock(API).get('/x').reply(429, '', { 'retry-after': '3600' });
    const h = make();
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ code: ErrorCodes.RATE_LIMITED, status: 429, retryAfterMs: 3_600_000, retryable: true });
    expect(h.calls).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('a daily-limit 429 fails fast with resetAt, without waiting; the next call fails fast without reaching the provider', async () => {
    nock(API).get('/x').reply(429, { Message: 'Daily limit exceeded' }, { 'x-problem': 'day', 'retry-after': '7200' });
    const h = make({
      provider: {
        classifyThrottle: (res) => (res.headers['x-problem'] === 'day' ? { scope: 'day', failFast: true } : undefined),
      },
    });
    const resetAt = new Date(h.clock.now() + 7_200_000).toISOString();
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, resetAt, retryable: false, limit: 'day', status: 429 });
    expect(h.calls).toHaveLength(1);
    expect(h.clock.sleeps).toEqual([]);
    const again = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(again).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, resetAt });
    expect((again as Error).message).toMatch(/not sent/);
    expect(h.calls).toHaveLength(1);
  });

  it('a minute 429 holds the tenant: the next request waits out the rest of the window before calling', async () => {
    nock(API).get('/a').reply(429, '', { 'retry-after': '5' }).get('/b').reply(200, {});
    const h = make({ retry: { retries: 0 } });
    await expect(h.request({ method: 'GET', url: '/a' })).rejects.toMatchObject({ code: ErrorCodes.RATE_LIMITED, retryAfterMs: 5000 });
    h.clock.advance(1000);
    await h.request({ method: 'GET', url: '/b' });
    expect(h.clock.sleeps).toEqual([4000]);
    expect(h.calls.map((c) => c.url.replace(API, ''))).toEqual(['/a', '/b']);
  });

  it('a hold longer than maxWaitMs fails the next request fast, without calling the provider', async () => {
    nock(API).get('/a').reply(429, '', { 'retry-after': '600' });
    const h = make({ retry: { retries: 3, maxWaitMs: 10_000 } });
    await expect(h.request({ method: 'GET', url: '/a' })).rejects.toMatchObject({ code: ErrorCodes.RATE_LIMITED, retryAfterMs: 600_000 });
    const err = await failure(h.request({ method: 'GET', url: '/b' }));
    expect(err).toMatchObject({ code: ErrorCodes.RATE_LIMITED, retryAfterMs: 600_000, retryable: true });
    expect((err as Error).message).toMatch(/not sent/);
    expect(h.calls).toHaveLength(1);
  });

  it('remaining-budget headers: "minute remaining 0" holds the tenant for one whole (scaled) window', async () => {
    nock(API).get('/a').reply(200, {}, { 'x-min-remaining': '0' }).get('/b').reply(200, {}, { 'x-min-remaining': '59' }).get('/c').reply(200, {});
    const clock = virtualClock();
    const request = createRequest({
      provider: handProvider({ api: API, readRemaining: (headers) => (headers['x-min-remaining'] ? { minute: Number(headers['x-min-remaining']) } : undefined) }),
      tenant: { id: 't-1' },
      limiters: new LimiterRegistry({ clock, timeScale: 60 }),
      clock,
    });
    await request({ method: 'GET', url: '/a' });
    await request({ method: 'GET', url: '/b' });
    expect(clock.sleeps).toEqual([1000]);
    await request({ method: 'GET', url: '/c' });
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('5xx, timeouts, broken bodies, resets', () => {
  it('a 5xx burst is retried with jittered exponential backoff to success', async () => {
    nock(API).get('/x').reply(503, 'busy').get('/x').reply(502, 'bad gateway').get('/x').reply(500, 'oops').get('/x').reply(200, { ok: 1 });
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ status: 200, data: { ok: 1 } });
    expect(h.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    // random 0.5 → half of the ceilings 100, 200, 400.
    expect(h.clock.sleeps).toEqual([50, 100, 200]);
  });

  it('onSent is called once per attempt, as the attempt is handed to the transport (after it is counted)', async () => {
    nock(API).get('/x').reply(503, 'busy').get('/x').reply(200, {});
    const h = make();
    const seen: number[] = [];
    await h.request({ method: 'GET', url: '/x', onSent: () => seen.push(h.calls.length) });
    expect(seen).toEqual([1, 2]);
  });

  it('an onSent that throws does not fail the request', async () => {
    nock(API).get('/x').reply(200, { ok: 1 });
    const h = make();
    await expect(
      h.request({
        method: 'GET',
        url: '/x',
        onSent: () => {
          throw new Error('listener broke');
        },
      }),
    ).resolves.toMatchObject({ status: 200, data: { ok: 1 } });
  });

  it('a 503 with Retry-After waits as told', async () => {
    nock(API).get('/x').reply(503, '', { 'retry-after': '4' }).get('/x').reply(200, {});
    const h = make();
    await h.request({ method: 'GET', url: '/x' });
    expect(h.clock.sleeps).toEqual([4000]);
  });

  it('exhausted retries give the last typed, retryable error', async () => {
    nock(API).get('/x').times(3).reply(500, { error: 'down for maintenance' }, { 'x-correlation': 'corr-9' });
    const h = make({ retry: { retries: 2 }, provider: { requestIdHeader: 'X-Correlation' } });
    const err = await failure(h.request({ method: 'GET', url: '/x', operation: 'things.list' }));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: ErrorCodes.PROVIDER, status: 500, retryable: true, requestId: 'corr-9', provider: 'handmade' });
    expect((err as Error).message).toContain('down for maintenance');
    expect((err as Error).message).toContain('things.list');
    expect(h.calls).toHaveLength(3);
  });

  it('a timeout (no response in time) is a TimeoutError, retried to success', async () => {
    nock(API).get('/x').delay(1500).reply(200, { first: true }).get('/x').reply(200, { second: true });
    const h = make({ timeoutMs: 100 });
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ data: { second: true } });
    expect(h.calls).toHaveLength(2);
  });

  it('timeouts on every attempt end in a typed TimeoutError', async () => {
    nock(API).get('/x').times(2).delay(1500).reply(200, {});
    const h = make({ timeoutMs: 80, retry: { retries: 1 } });
    const err = await failure(h.request({ method: 'GET', url: '/x', timeoutMs: 60 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: ErrorCodes.TIMEOUT, retryable: true, timeoutMs: 60, provider: 'handmade' });
    expect(h.calls).toHaveLength(2);
  });

  it('a truncated JSON body is a retryable NetworkError, retried to success', async () => {
    nock(API)
      .get('/x')
      .reply(200, '{"Invoices":[{"InvoiceID":"a1","Total":"10.00"', { 'content-type': 'application/json' })
      .get('/x')
      .reply(200, { Invoices: [] });
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ data: { Invoices: [] } });
    expect(h.calls).toHaveLength(2);
  });

  it('a body that stays malformed ends in NetworkError "truncated or malformed body"', async () => {
    nock(API).get('/x').times(2).reply(200, '{"a": tru', { 'content-type': 'application/json; charset=utf-8' });
    const h = make({ retry: { retries: 1 } });
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: ErrorCodes.NETWORK, retryable: true });
    expect((err as Error).message).toMatch(/truncated or malformed body/);
  });

  it('a connection reset is a retryable NetworkError, retried to success', async () => {
    nock(API).get('/x').replyWithError(reset()).get('/x').reply(200, { ok: 1 });
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ data: { ok: 1 } });
    expect(h.calls).toHaveLength(2);
    const failed = h.logger.lines.filter((l) => l.startsWith('debug ledgerlink: request failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('"code":"network_error"');
  });

  it('resets on every attempt end in a NetworkError naming the reset', async () => {
    nock(API).get('/x').times(3).replyWithError(reset());
    const h = make({ retry: { retries: 2 } });
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/ECONNRESET/);
    expect(h.calls).toHaveLength(3);
  });

  it('never retries 400, 404, 409, 422: typed errors after one call', async () => {
    nock(API).get('/400').reply(400, { message: 'bad field' }).get('/404').reply(404, {}).get('/409').reply(409, {}).get('/422').reply(422, {});
    const h = make();
    await expect(failure(h.request({ method: 'GET', url: '/400' }))).resolves.toBeInstanceOf(ValidationError);
    await expect(failure(h.request({ method: 'GET', url: '/404' }))).resolves.toMatchObject({ code: ErrorCodes.NOT_FOUND, status: 404 });
    await expect(failure(h.request({ method: 'GET', url: '/409' }))).resolves.toMatchObject({ code: ErrorCodes.CONFLICT, status: 409 });
    await expect(failure(h.request({ method: 'GET', url: '/422' }))).resolves.toMatchObject({ code: ErrorCodes.VALIDATION, status: 422 });
    expect(h.calls).toHaveLength(4);
    expect(h.clock.sleeps).toEqual([]);
  });

  it("the provider's mapError sees 2xx responses too (a Fault inside a 200)", async () => {
    nock(API).get('/q').reply(200, { Fault: { Error: [{ code: '6000', Message: 'business rule' }] } }, { intuit_tid: 'tid-1' });
    const h = make({
      provider: {
        requestIdHeader: 'intuit_tid',
        mapError: (res, ctx) => {
          const fault = (res.data as { Fault?: { Error: Array<{ code: string; Message: string }> } }).Fault;
          return fault ? new ValidationError(`${fault.Error[0]!.Message}`, { provider: ctx.provider, status: res.status, providerCode: fault.Error[0]!.code }) : undefined;
        },
      },
    });
    const err = await failure(h.request({ method: 'GET', url: '/q' }));
    expect(err).toMatchObject({ code: ErrorCodes.VALIDATION, providerCode: '6000', requestId: 'tid-1', status: 200 });
    expect(h.calls).toHaveLength(1);
  });

  it('aborting the signal during a retry wait ends the request at once with the abort reason', async () => {
    nock(API).get('/x').reply(503, '');
    const controller = new AbortController();
    const clock = virtualClock();
    clock.sleep = (ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort(new Error('caller gave up'));
        void ms;
      });
    let calls = 0;
    const request = createRequest({
      provider: handProvider({ api: API }),
      limiters: new LimiterRegistry(),
      clock,
      onApiCall: () => calls++,
    });
    await expect(request({ method: 'GET', url: '/x', signal: controller.signal })).rejects.toThrow('caller gave up');
    expect(calls).toBe(1);
  });
});

describe('auth: refresh once on 401, then replay', () => {
  it('401 → refreshAfterUnauthorized(stale) once → replay with the fresh token', async () => {
    nock(API).get('/x').matchHeader('authorization', `Bearer ${TOKEN}`).reply(401, { Title: 'Unauthorized' });
    nock(API).get('/x').matchHeader('authorization', `Bearer ${FRESH}`).reply(200, { ok: 1 });
    const h = make();
    await expect(h.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ status: 200, data: { ok: 1 } });
    expect(h.refreshCalls).toEqual([TOKEN]);
    // Both calls reached the provider and count, within one attempt.
    expect(h.calls.map((c) => c.attempt)).toEqual([1, 1]);
  });

  it('a second 401 after the refresh is an AuthError — no loop, no retry', async () => {
    nock(API).get('/x').times(2).reply(401, {});
    const h = make();
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ code: ErrorCodes.AUTH, status: 401, retryable: false });
    expect(h.refreshCalls).toHaveLength(1);
    expect(h.calls).toHaveLength(2);
  });

  it('concurrent requests all getting 401: each reports the stale token, one refresh happens, all replay with the fresh one', async () => {
    let current = TOKEN;
    let refreshes = 0;
    const seen: string[] = [];
    let inflight: Promise<string> | undefined;
    // The refresh completes only once all five have reported their 401 (a barrier, not a timer: on a busy machine
    // the five requests may be sent further apart than any fixed delay).
    let allReported!: () => void;
    const barrier = new Promise<void>((r) => (allReported = r));
    const auth: AuthHooks = {
      getAccessToken: async () => current,
      // A single-flight refresh like the token manager's: the first caller refreshes, the others share it.
      refreshAfterUnauthorized: async (stale) => {
        seen.push(stale);
        if (seen.length === 5) allReported();
        if (stale !== current) return current;
        inflight ??= (async () => {
          refreshes++;
          await barrier;
          current = FRESH;
          return current;
        })();
        return inflight;
      },
    };
    nock(API).get('/x').times(5).matchHeader('authorization', `Bearer ${TOKEN}`).reply(401, {});
    nock(API).get('/x').times(5).matchHeader('authorization', `Bearer ${FRESH}`).reply(200, { ok: 1 });
    const h = make({ auth });
    const results = await Promise.all(Array.from({ length: 5 }, () => h.request({ method: 'GET', url: '/x' })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(seen).toEqual([TOKEN, TOKEN, TOKEN, TOKEN, TOKEN]);
    expect(refreshes).toBe(1);
    expect(h.calls).toHaveLength(10);
  });

  it('a refresh that fails surfaces its error without a replay', async () => {
    nock(API).get('/x').reply(401, {});
    const auth: AuthHooks = {
      getAccessToken: async () => TOKEN,
      refreshAfterUnauthorized: async () => {
        throw new AuthError('refresh token revoked', { relinkRequired: true });
      },
    };
    const h = make({ auth });
    await expect(h.request({ method: 'GET', url: '/x' })).rejects.toMatchObject({ code: ErrorCodes.RELINK_REQUIRED });
    expect(h.calls).toHaveLength(1);
  });

  it('no token at all is an AuthError before any call', async () => {
    const h = make({ auth: { getAccessToken: async () => '', refreshAfterUnauthorized: async () => '' } });
    await expect(h.request({ method: 'GET', url: '/x' })).rejects.toBeInstanceOf(AuthError);
    expect(h.calls).toHaveLength(0);
  });
});

describe('writes and idempotency', () => {
  it('a write without an idempotency key is not retried after a 503', async () => {
    nock(API).post('/x').reply(503, 'busy');
    const h = make();
    const err = await failure(h.request({ method: 'POST', url: '/x', body: { a: 1 } }));
    expect(err).toMatchObject({ status: 503, retryable: true });
    expect(h.calls).toHaveLength(1);
  });

  it('…nor after a timeout or a reset', async () => {
    nock(API).put('/t').delay(1000).reply(200, {});
    nock(API).patch('/r').replyWithError(reset());
    const h = make({ timeoutMs: 50 });
    await expect(h.request({ method: 'PUT', url: '/t', body: {} })).rejects.toBeInstanceOf(TimeoutError);
    await expect(h.request({ method: 'PATCH', url: '/r', body: {} })).rejects.toBeInstanceOf(NetworkError);
    expect(h.calls).toHaveLength(2);
  });

  it('a write with an idempotency key is retried after a 503, a reset and a timeout, carrying the same key', async () => {
    nock(API).post('/x', { a: 1 }).matchHeader('idempotency-key', 'k-1').reply(503, '');
    nock(API).post('/x', { a: 1 }).matchHeader('idempotency-key', 'k-1').replyWithError(reset());
    nock(API).post('/x', { a: 1 }).matchHeader('idempotency-key', 'k-1').delay(1000).reply(201, { id: 'late' });
    nock(API).post('/x', { a: 1 }).matchHeader('idempotency-key', 'k-1').reply(201, { id: 'n' });
    const h = make({ timeoutMs: 100 });
    await expect(h.request({ method: 'POST', url: '/x', body: { a: 1 }, idempotencyKey: 'k-1' })).resolves.toMatchObject({
      status: 201,
      data: { id: 'n' },
    });
    expect(h.calls).toHaveLength(4);
  });

  it('a 429 on a write without a key is retried (the provider did not process it)', async () => {
    nock(API).delete('/x/1').reply(429, '', { 'retry-after': '1' }).delete('/x/1').reply(204, '');
    const h = make();
    await expect(h.request({ method: 'DELETE', url: '/x/1' })).resolves.toMatchObject({ status: 204 });
    expect(h.clock.sleeps).toEqual([1000]);
  });

  it('a GET ignores idempotencyKey (no header)', async () => {
    nock(API, { badheaders: ['idempotency-key'] }).get('/x').reply(200, {});
    const h = make();
    await h.request({ method: 'GET', url: '/x', idempotencyKey: 'k-2' });
  });
});

describe('errors are ledgerlink errors', () => {
  it('every failure above is a LedgerError with provider and retryable set', async () => {
    nock(API).get('/x').reply(418, 'teapot');
    const h = make();
    const err = await failure(h.request({ method: 'GET', url: '/x' }));
    expect(err).toBeInstanceOf(LedgerError);
    expect(err).toMatchObject({ code: ErrorCodes.PROVIDER, status: 418, retryable: false, provider: 'handmade' });
  });
});
