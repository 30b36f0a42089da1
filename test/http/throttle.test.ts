/**
 * The throttle layer and the limiter registry against a real local server that counts requests in flight:
 * concurrency, app-wide limits, rate spacing, the daily budget (every attempt and every replay counted), holds from
 * remaining-budget headers, and cancellation of queued calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRequest, LimiterRegistry, spacingMs, type AuthHooks } from '../../src/http';
import { ErrorCodes, RateLimitError } from '../../src/errors';
import type { LimitSet } from '../../src/provider/types';
import { handProvider, sendJson, startServer, virtualClock, type HandProviderOptions, type LocalServer } from './support';

let server: LocalServer | undefined;
const registries: LimiterRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
  await server?.close();
  server = undefined;
});

function registry(options: ConstructorParameters<typeof LimiterRegistry>[0] = {}) {
  const r = new LimiterRegistry(options);
  registries.push(r);
  return r;
}

/** A server answering `{}` after `delayMs`; `status(n)` picks the status of the n-th request. */
async function slowServer(delayMs: number, status: (n: number) => number = () => 200, headers: (n: number) => Record<string, string> = () => ({})) {
  server = await startServer((_req, res, n) => {
    setTimeout(() => sendJson(res, status(n), {}, headers(n)), delayMs);
  });
  return server;
}

function requestFor(s: LocalServer, o: { tenant?: string; limits?: LimitSet; app?: LimitSet; limiters: LimiterRegistry; clock?: ReturnType<typeof virtualClock>; auth?: AuthHooks; provider?: Partial<HandProviderOptions> }) {
  return createRequest({
    provider: handProvider({ api: s.url, ...(o.limits ? { tenant: o.limits } : {}), ...(o.app ? { app: o.app } : {}), ...(o.provider ?? {}) }),
    tenant: { id: o.tenant ?? 't-1' },
    limiters: o.limiters,
    clock: o.clock ?? virtualClock(),
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
    ...(o.auth ? { auth: o.auth } : {}),
  });
}

describe('concurrency', () => {
  it('never has more requests in flight than the tenant maxConcurrent', async () => {
    const s = await slowServer(20);
    const request = requestFor(s, { limits: { maxConcurrent: 3 }, limiters: registry() });
    await Promise.all(Array.from({ length: 20 }, () => request({ method: 'GET', url: '/y' })));
    expect(s.requests).toHaveLength(20);
    expect(s.maxInFlight).toBe(3);
  });

  it('the app limit holds across tenants (each tenant alone would allow more)', async () => {
    const s = await slowServer(20);
    const limiters = registry();
    const a = requestFor(s, { tenant: 'a', limits: { maxConcurrent: 5 }, app: { maxConcurrent: 2 }, limiters });
    const b = requestFor(s, { tenant: 'b', limits: { maxConcurrent: 5 }, app: { maxConcurrent: 2 }, limiters });
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b)({ method: 'GET', url: '/y' })));
    expect(s.requests).toHaveLength(16);
    expect(s.maxInFlight).toBe(2);
  });

  it('tenants have separate budgets: two tenants run side by side', async () => {
    const s = await slowServer(30);
    const limiters = registry();
    const a = requestFor(s, { tenant: 'a', limits: { maxConcurrent: 1 }, limiters });
    const b = requestFor(s, { tenant: 'b', limits: { maxConcurrent: 1 }, limiters });
    await Promise.all([a, b, a, b].map((r) => r({ method: 'GET', url: '/y' })));
    expect(s.maxInFlight).toBe(2);
  });

  it('the replay after a 401 runs inside the held slot (maxConcurrent 1 does not deadlock)', async () => {
    const s = await slowServer(5, (n) => (n === 1 ? 401 : 200));
    const auth: AuthHooks = { getAccessToken: async () => 'tok-aaaaaaaa', refreshAfterUnauthorized: async () => 'tok-bbbbbbbb' };
    const request = requestFor(s, { limits: { maxConcurrent: 1 }, limiters: registry(), auth });
    const results = await Promise.all([request({ method: 'GET', url: '/a' }), request({ method: 'GET', url: '/b' })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-aaaaaaaa', 'Bearer tok-bbbbbbbb', 'Bearer tok-aaaaaaaa']);
    expect(s.maxInFlight).toBe(1);
  });
});

describe('rate', () => {
  it('spacing reaches at least 95 % of the published rate (98 % by default) and never more than 100 %', () => {
    for (const perMinute of [10, 60, 120, 500, 10_000]) {
      const callsPerMinute = 60_000 / spacingMs({ perMinute });
      expect(callsPerMinute).toBeGreaterThanOrEqual(0.95 * perMinute);
      expect(callsPerMinute).toBeLessThanOrEqual(perMinute);
    }
    // The tighter of the minute and hour limits wins (FreeAgent: 120/min but 3 600/h).
    expect(60 * 60_000 / spacingMs({ perMinute: 120, perHour: 3600 })).toBeLessThanOrEqual(3600);
    expect(spacingMs({ maxConcurrent: 3 })).toBe(0);
    expect(spacingMs({ perMinute: 60 }, 60)).toBeCloseTo(spacingMs({ perMinute: 60 }) / 60, 10);
  });

  it('no (scaled) minute ever sees more calls than perMinute', async () => {
    const s = await slowServer(0);
    // timeScale 60: a minute lasts one second; utilisation 0.9 leaves 100 ms of margin for timer jitter.
    const request = requestFor(s, { limits: { perMinute: 20 }, limiters: registry({ timeScale: 60, utilisation: 0.9 }) });
    await Promise.all(Array.from({ length: 30 }, () => request({ method: 'GET', url: '/y' })));
    const at = s.requests.map((r) => r.at);
    expect(at).toHaveLength(30);
    for (let i = 0; i + 20 < at.length; i++) expect(at[i + 20]! - at[i]!).toBeGreaterThan(1000);
  });
});

describe('daily budget', () => {
  it('once perDay calls are spent, the next fails fast with resetAt and the provider is not called', async () => {
    const s = await slowServer(0);
    const clock = virtualClock();
    const request = requestFor(s, { limits: { perDay: 3 }, limiters: registry({ clock }), clock });
    const start = clock.now();
    for (let i = 0; i < 3; i++) {
      await request({ method: 'GET', url: '/y' });
      clock.advance(1000);
    }
    const err = await request({ method: 'GET', url: '/y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, retryable: false, resetAt: new Date(start + 86_400_000).toISOString() });
    expect(s.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([]);
    // A sliding window: one call frees up 24 h after the first.
    clock.advance(86_400_000 - 3000);
    await expect(request({ method: 'GET', url: '/y' })).resolves.toMatchObject({ status: 200 });
    await expect(request({ method: 'GET', url: '/y' })).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT });
    expect(s.requests).toHaveLength(4);
  });

  it('every attempt takes a slot: a request retried twice spends three calls of the budget', async () => {
    const s = await slowServer(0, (n) => (n <= 2 ? 503 : 200));
    const clock = virtualClock();
    const request = requestFor(s, { limits: { perDay: 3 }, limiters: registry({ clock }), clock });
    await expect(request({ method: 'GET', url: '/y' })).resolves.toMatchObject({ status: 200 });
    await expect(request({ method: 'GET', url: '/y' })).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT });
    expect(s.requests).toHaveLength(3);
  });

  it('the replay after a 401 is counted too', async () => {
    const s = await slowServer(0, (n) => (n === 1 ? 401 : 200));
    const clock = virtualClock();
    const auth: AuthHooks = { getAccessToken: async () => 'tok-1111111111', refreshAfterUnauthorized: async () => 'tok-2222222222' };
    const request = requestFor(s, { limits: { perDay: 2 }, limiters: registry({ clock }), clock, auth });
    await expect(request({ method: 'GET', url: '/y' })).resolves.toMatchObject({ status: 200 });
    await expect(request({ method: 'GET', url: '/y' })).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT });
    expect(s.requests).toHaveLength(2);
  });

  it('the window scales with timeScale', async () => {
    const s = await slowServer(0);
    const clock = virtualClock();
    const request = requestFor(s, { limits: { perDay: 1 }, limiters: registry({ clock, timeScale: 86_400 }), clock });
    const start = clock.now();
    await request({ method: 'GET', url: '/y' });
    await expect(request({ method: 'GET', url: '/y' })).rejects.toMatchObject({ resetAt: new Date(start + 1000).toISOString() });
    clock.advance(1000);
    await expect(request({ method: 'GET', url: '/y' })).resolves.toMatchObject({ status: 200 });
  });
});

describe('holds from the provider', () => {
  it('"minute remaining: 0" holds queued calls too, until the window has passed', async () => {
    const clock = virtualClock();
    const arrivals: number[] = [];
    server = await startServer((_req, res, n) => {
      arrivals.push(clock.now());
      sendJson(res, 200, {}, { 'x-min-remaining': n === 3 ? '0' : '10' });
    });
    const request = requestFor(server, {
      limits: { maxConcurrent: 1 },
      limiters: registry({ clock, timeScale: 60 }),
      clock,
      provider: { readRemaining: (h) => (h['x-min-remaining'] ? { minute: Number(h['x-min-remaining']) } : undefined) },
    });
    // Six calls queued at once: the third answer says the minute is spent.
    await Promise.all(Array.from({ length: 6 }, () => request({ method: 'GET', url: '/y' })));
    expect(arrivals).toHaveLength(6);
    expect(arrivals[3]! - arrivals[2]!).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('a hold from a count lasts until the fixed window the counts revealed ends, not a whole window, and no call is refused', async () => {
    const clock = virtualClock();
    // A fixed window of 5 calls per (scaled) minute that starts at the first call after the last one ended; every
    // call takes 100 ms of (virtual) time to arrive.
    const windowMs = 1000;
    let windowStart = Number.NEGATIVE_INFINITY;
    let count = 0;
    let refused = 0;
    const arrivals: number[] = [];
    server = await startServer((_req, res) => {
      clock.advance(100);
      const t = clock.now();
      arrivals.push(t);
      if (t - windowStart >= windowMs) {
        windowStart = t;
        count = 0;
      }
      if (count >= 5) {
        refused += 1;
        sendJson(res, 429, {}, { 'x-min-remaining': '0', 'retry-after': '60' });
        return;
      }
      count += 1;
      sendJson(res, 200, {}, { 'x-min-remaining': String(5 - count) });
    });
    const request = requestFor(server, {
      limits: { maxConcurrent: 1 },
      limiters: registry({ clock, timeScale: 60 }),
      clock,
      provider: { readRemaining: (h) => (h['x-min-remaining'] ? { minute: Number(h['x-min-remaining']) } : undefined) },
    });
    for (let i = 0; i < 12; i++) await request({ method: 'GET', url: '/y' });
    expect(refused).toBe(0);
    // Calls 1–5 arrive at +100 … +500 (the window opened at +100): the fifth answer says 0, so the client waits until
    // +1100 — 600 ms, not the 1000 ms a whole-window hold would — and the sixth call opens the next window at +1200.
    expect(clock.sleeps).toEqual([600, 600]);
    const t0 = arrivals[0]! - 100;
    expect(arrivals.map((t) => t - t0)).toEqual([100, 200, 300, 400, 500, 1200, 1300, 1400, 1500, 1600, 2300, 2400]);
  });

  it("a provider 429 for the app holds the app limiter, not only the tenant's", async () => {
    const clock = virtualClock();
    server = await startServer((req, res) => {
      if (req.url === '/first') sendJson(res, 429, {}, { 'retry-after': '7', 'x-problem': 'app' });
      else sendJson(res, 200, {});
    });
    const limiters = registry({ clock });
    const provider = { classifyThrottle: (r: { headers: Record<string, string> }) => (r.headers['x-problem'] ? { scope: r.headers['x-problem']! } : undefined) };
    const a = createRequest({ provider: handProvider({ api: server.url, app: { maxConcurrent: 10 }, ...provider }), tenant: { id: 'a' }, limiters, clock, retry: { retries: 0 } });
    const b = createRequest({ provider: handProvider({ api: server.url, app: { maxConcurrent: 10 }, ...provider }), tenant: { id: 'b' }, limiters, clock, retry: { retries: 0 } });
    await expect(a({ method: 'GET', url: '/first' })).rejects.toMatchObject({ code: ErrorCodes.RATE_LIMITED, limit: 'app' });
    await b({ method: 'GET', url: '/second' });
    expect(clock.sleeps).toEqual([7000]);
  });
});

describe('cancellation', () => {
  it('aborting a queued request rejects it at once; it never reaches the provider', async () => {
    const s = await slowServer(80);
    const request = requestFor(s, { limits: { maxConcurrent: 1 }, limiters: registry() });
    const first = request({ method: 'GET', url: '/first' });
    const controller = new AbortController();
    const queued = request({ method: 'GET', url: '/queued', signal: controller.signal });
    controller.abort(new Error('not needed any more'));
    await expect(queued).rejects.toThrow('not needed any more');
    await first;
    await new Promise((r) => setTimeout(r, 20));
    expect(s.requests.map((r) => r.url)).toEqual(['/first']);
  });
});
