/**
 * errorFromResponse and throttleInfo: the provider's mapper first, then the status table; request ids; throttle
 * classification; short redacted body excerpts.
 */
import { describe, expect, it } from 'vitest';
import { errorFromResponse, throttleInfo } from '../../src/http/errors-from-response';
import {
  AuthError,
  ErrorCodes,
  NotFoundError,
  ProviderError,
  RateLimitError,
  ValidationError,
  type LedgerError,
} from '../../src/errors';
import type { HttpResponse } from '../../src/http/types';
import { handProvider, type HandProviderOptions } from './support';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const res = (status: number, data: unknown = '', headers: Record<string, string> = {}): HttpResponse => ({ status, data, headers, url: 'https://api.test/x' });
const provider = (o: Partial<HandProviderOptions> = {}) => handProvider({ api: 'https://api.test', defaultRetryAfterMs: 60_000, ...o });
const map = (r: HttpResponse, o: Partial<HandProviderOptions> = {}, secrets: string[] = []) =>
  errorFromResponse(provider(o), r, { now: NOW, operation: 'things.list', secrets });

describe('status table', () => {
  it.each([
    [200, undefined, undefined, undefined],
    [201, undefined, undefined, undefined],
    [204, undefined, undefined, undefined],
    [304, undefined, undefined, undefined],
    [400, ValidationError, ErrorCodes.VALIDATION, false],
    [422, ValidationError, ErrorCodes.VALIDATION, false],
    [401, AuthError, ErrorCodes.AUTH, false],
    [403, AuthError, ErrorCodes.AUTH, false],
    [404, NotFoundError, ErrorCodes.NOT_FOUND, false],
    [409, ValidationError, ErrorCodes.CONFLICT, false],
    [429, RateLimitError, ErrorCodes.RATE_LIMITED, true],
    [500, ProviderError, ErrorCodes.PROVIDER, true],
    [502, ProviderError, ErrorCodes.PROVIDER, true],
    [503, ProviderError, ErrorCodes.PROVIDER, true],
    [504, ProviderError, ErrorCodes.PROVIDER, true],
    [501, ProviderError, ErrorCodes.PROVIDER, false],
    [408, ProviderError, ErrorCodes.PROVIDER, true],
    [418, ProviderError, ErrorCodes.PROVIDER, false],
    [302, ProviderError, ErrorCodes.PROVIDER, false],
  ] as const)('HTTP %i', (status, type, code, retryable) => {
    const err = map(res(status, { message: 'm' }));
    if (type === undefined) {
      expect(err).toBeUndefined();
      return;
    }
    expect(err).toBeInstanceOf(type);
    expect(err).toMatchObject({ code, status, retryable, provider: 'handmade' });
    expect(err!.message).toContain('Handmade things.list');
  });

  it('403 is not a relink by default (only a provider mapper knows that)', () => {
    expect(map(res(403))).toMatchObject({ code: ErrorCodes.AUTH, relinkRequired: false });
  });

  it('a redirect names its (redacted) target', () => {
    const err = map(res(302, '', { location: 'https://login.test/cb?code=abc123&state=s' }));
    expect(err!.message).toMatch(/unexpected redirect \(HTTP 302\) to https:\/\/login\.test\/cb\?code=\[redacted\]&state=\[redacted\]$/);
  });
});

describe("the provider's mapError", () => {
  const fault = (r: HttpResponse) => {
    const f = (r.data as { Fault?: { type: string } } | undefined)?.Fault;
    return f ? new ValidationError(`fault ${f.type}`, { provider: 'handmade', status: r.status, providerCode: f.type }) : undefined;
  };

  it('comes first, for error statuses and for 2xx bodies carrying a fault', () => {
    expect(map(res(200, { Fault: { type: 'ValidationFault' } }), { mapError: fault })).toMatchObject({ code: ErrorCodes.VALIDATION, providerCode: 'ValidationFault', status: 200 });
    expect(map(res(500, { Fault: { type: 'SystemFault' } }), { mapError: fault })).toMatchObject({ code: ErrorCodes.VALIDATION, providerCode: 'SystemFault' });
  });

  it('returning undefined falls back to the status table; so does a mapper that throws', () => {
    expect(map(res(404), { mapError: fault })).toBeInstanceOf(NotFoundError);
    expect(map(res(404), { mapError: () => { throw new TypeError('mapper bug'); } })).toBeInstanceOf(NotFoundError);
    expect(map(res(200, { ok: 1 }), { mapError: fault })).toBeUndefined();
  });

  it('gets the provider id and operation', () => {
    let seen: unknown;
    map(res(500), { mapError: (_r, ctx) => ((seen = ctx), undefined) });
    expect(seen).toEqual({ provider: 'handmade', operation: 'things.list' });
  });

  it("keeps the provider's request id, also on mapped errors that lack one", () => {
    const o = { requestIdHeader: 'Intuit_TID' };
    expect(map(res(500, '', { intuit_tid: 'tid-42' }), o)).toMatchObject({ requestId: 'tid-42' });
    expect(map(res(200, { Fault: { type: 'X' } }, { intuit_tid: 'tid-43' }), { ...o, mapError: fault })).toMatchObject({ requestId: 'tid-43' });
    expect(map(res(500))!.requestId).toBeUndefined();
  });
});

describe('throttle responses', () => {
  it('429 with Retry-After seconds or HTTP date', () => {
    expect(map(res(429, '', { 'retry-after': '30' }))).toMatchObject({ retryAfterMs: 30_000, retryable: true });
    expect(map(res(429, '', { 'retry-after': 'Sun, 22 Nov 2026 12:01:00 GMT' }))).toMatchObject({ retryAfterMs: 60_000 });
  });

  it("429 without a hint: the provider's defaultRetryAfterMs", () => {
    expect(map(res(429))).toMatchObject({ retryAfterMs: 60_000, limit: 'unknown' });
  });

  it('the classifier decides scope; failFast makes a daily error with resetAt from Retry-After', () => {
    const classifyThrottle = (r: HttpResponse) =>
      r.headers['x-rate-limit-problem'] === 'day' ? { scope: 'day', failFast: true } : r.headers['x-rate-limit-problem'] ? { scope: 'minute' } : undefined;
    const daily = map(res(429, '', { 'x-rate-limit-problem': 'day', 'retry-after': '3600' }), { classifyThrottle }) as RateLimitError;
    expect(daily).toBeInstanceOf(RateLimitError);
    expect(daily).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, retryable: false, resetAt: '2026-11-22T13:00:00.000Z', limit: 'day', retryAfterMs: 3_600_000 });
    expect(daily.message).toMatch(/resets at 2026-11-22T13:00:00.000Z/);
    expect(map(res(429, '', { 'x-rate-limit-problem': 'minute', 'retry-after': '5' }), { classifyThrottle })).toMatchObject({ code: ErrorCodes.RATE_LIMITED, limit: 'minute', retryAfterMs: 5000 });
  });

  it("a classifier's own resetAt is kept and gives the wait", () => {
    const classifyThrottle = () => ({ scope: 'hour', resetAt: '2026-11-22T12:10:00.000Z' });
    expect(map(res(429), { classifyThrottle })).toMatchObject({ resetAt: '2026-11-22T12:10:00.000Z', retryAfterMs: 600_000, limit: 'hour' });
  });

  it('a provider that throttles with another status is recognised by its classifier', () => {
    const classifyThrottle = (r: HttpResponse) => (r.status === 403 && r.headers['x-throttled'] ? { scope: 'minute', retryAfterMs: 2000 } : undefined);
    expect(map(res(403, '', { 'x-throttled': '1' }), { classifyThrottle })).toMatchObject({ code: ErrorCodes.RATE_LIMITED, status: 403, retryAfterMs: 2000 });
    expect(map(res(403), { classifyThrottle })).toBeInstanceOf(AuthError);
  });

  it('throttleInfo reads a response once: every layer sees the same resetAt', () => {
    const r = res(429, '', { 'retry-after': '10' });
    const p = provider({ classifyThrottle: () => ({ scope: 'day', failFast: true }) });
    const first = throttleInfo(p, r, NOW);
    expect(throttleInfo(p, r, NOW + 5000)).toEqual(first);
    expect(first).toEqual({ scope: 'day', failFast: true, retryAfterMs: 10_000, resetAt: '2026-11-22T12:00:10.000Z' });
    expect(throttleInfo(p, res(200), NOW)).toEqual({ scope: 'day', failFast: true, retryAfterMs: 60_000, resetAt: '2026-11-22T12:01:00.000Z' });
    expect(throttleInfo(provider(), res(200), NOW)).toBeUndefined();
  });

  it('Retry-After on a 503 is kept as retryAfterMs', () => {
    expect(map(res(503, '', { 'retry-after': '120' }))).toMatchObject({ retryAfterMs: 120_000 });
    expect(map(res(500))).not.toHaveProperty('retryAfterMs');
  });
});

describe('body excerpts', () => {
  it('are short (≈300 characters) and folded onto one line', () => {
    const err = map(res(500, `line one\n\n   line two ${'x'.repeat(1000)}`)) as LedgerError;
    expect(err.message).toContain('line one line two');
    const excerpt = err.message.split(': ').slice(2).join(': ');
    expect(excerpt.length).toBeLessThanOrEqual(301);
    expect(err.message.endsWith('…')).toBe(true);
  });

  it('never carry tokens: echoed headers, secret-named fields, known secrets', () => {
    const token = 'opaque-access-token-123456';
    const err = map(
      res(400, { error: 'invalid', echo: { authorization: `Bearer ${token}`, refresh_token: 'rt-abcdefgh' }, note: `sent ${token}` }),
      {},
      [token],
    ) as LedgerError;
    expect(err.message).not.toContain(token);
    expect(err.message).not.toContain('rt-abcdefgh');
    expect(err.message).toContain('invalid');
    expect(JSON.stringify(err)).not.toContain(token);
  });

  it('are cleaned from mapped errors too', () => {
    const token = 'opaque-access-token-654321';
    const err = map(res(400, ''), { mapError: () => new ValidationError(`rejected ${token}`, { issues: [{ path: 'x', message: `bad ${token}` }] }) }, [token]) as ValidationError;
    expect(err.message).toBe('rejected [redacted]');
    expect(err.issues[0]!.message).toBe('bad [redacted]');
  });
});
