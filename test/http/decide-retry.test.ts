/**
 * decideRetry as a table: one row per rule, each with the exact decision expected.
 */
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffMs, decideRetry, parseRetryAfter, type RetryPolicy } from '../../src/http/decide-retry';
import {
  AuthError,
  ConfigurationError,
  ErrorCodes,
  LedgerError,
  MappingError,
  NetworkError,
  NotFoundError,
  NotSupportedError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '../../src/errors';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const read: RetryPolicy = {
  retries: 5,
  minDelayMs: 100,
  maxDelayMs: 10_000,
  maxWaitMs: 60_000,
  isWrite: false,
  hasIdempotencyKey: false,
  random: () => 0.5,
  now: () => NOW,
};
const write: RetryPolicy = { ...read, isWrite: true };
const keyedWrite: RetryPolicy = { ...write, hasIdempotencyKey: true };

/** Backoff with random 0.5: half the ceiling of the attempt (100, 200, 400… capped at 10 000). */
const half = (attempt: number) => Math.round(backoffCeilingMs(attempt, read) / 2);
const withHint = <E extends LedgerError>(e: E, retryAfterMs: number): E => Object.assign(e, { retryAfterMs });

type Row = [name: string, error: unknown, attempt: number, policy: RetryPolicy, retry: boolean, waitMs: number, reason: RegExp];

const rows: Row[] = [
  // Throttling: wait as told, reads and writes alike.
  ['429 with Retry-After (seconds → ms) waits exactly that', new RateLimitError('x', { status: 429, retryAfterMs: 7000, limit: 'minute' }), 1, read, true, 7000, /rate limited \(minute\)/],
  ['429 on a write without key is retried (not processed)', new RateLimitError('x', { status: 429, retryAfterMs: 1000 }), 1, write, true, 1000, /rate limited/],
  ['429 on a keyed write is retried', new RateLimitError('x', { status: 429, retryAfterMs: 1000 }), 1, keyedWrite, true, 1000, /rate limited/],
  ['429 Retry-After of 0 retries at once', new RateLimitError('x', { status: 429, retryAfterMs: 0 }), 1, read, true, 0, /as the provider asked/],
  ['429 with exactly maxWaitMs is waited out', new RateLimitError('x', { status: 429, retryAfterMs: 60_000 }), 1, read, true, 60_000, /as the provider asked/],
  ['429 asking longer than maxWaitMs is returned', new RateLimitError('x', { status: 429, retryAfterMs: 60_001 }), 1, read, false, 0, /more than maxWaitMs/],
  ['429 asking an hour is returned', new RateLimitError('x', { status: 429, retryAfterMs: 3_600_000 }), 1, read, false, 0, /3600000 ms/],
  ['rate limit with only resetAt waits until it', new RateLimitError('x', { status: 429, resetAt: '2026-11-22T12:00:45.000Z', limit: 'hour' }), 1, read, true, 45_000, /hour/],
  ['rate limit with a resetAt past maxWaitMs is returned', new RateLimitError('x', { status: 429, resetAt: '2026-11-22T13:00:00.000Z' }), 1, read, false, 0, /more than maxWaitMs/],
  ['rate limit with a resetAt in the past retries at once', new RateLimitError('x', { status: 429, resetAt: '2026-11-22T11:00:00.000Z' }), 1, read, true, 0, /rate limited/],
  ['429 without any hint backs off', new RateLimitError('x', { status: 429 }), 2, read, true, half(2), /backoff/],
  ['rate limit without status (our own hold) waits as told', new RateLimitError('held', { retryAfterMs: 2500, limit: 'app' }), 1, read, true, 2500, /\(app\)/],
  ['a provider-mapped 429 that is not a RateLimitError is still a throttle', new ProviderError('x', { status: 429, retryable: true }), 1, write, true, half(1), /rate limited/],
  // Daily limits fail fast.
  ['daily limit fails fast with its reset', new RateLimitError('x', { status: 429, daily: true, resetAt: '2026-11-23T00:00:00.000Z' }), 1, read, false, 0, /daily limit.*2026-11-23T00:00:00.000Z/],
  ['daily limit from our own budget fails fast', new RateLimitError('x', { daily: true, resetAt: '2026-11-23T00:00:00.000Z' }), 1, read, false, 0, /fail fast/],
  ['daily limit with a short resetAt still fails fast', new RateLimitError('x', { status: 429, daily: true, retryAfterMs: 10 }), 1, read, false, 0, /fail fast/],
  // 5xx: backoff; writes only with a key.
  ['500 read backs off', new ProviderError('x', { status: 500, retryable: true }), 1, read, true, half(1), /HTTP 500.*backoff/],
  ['502 read backs off', new ProviderError('x', { status: 502, retryable: true }), 2, read, true, half(2), /HTTP 502/],
  ['503 read backs off (attempt 3: ceiling 400)', new ProviderError('x', { status: 503, retryable: true }), 3, read, true, 200, /HTTP 503/],
  ['504 read backs off', new ProviderError('x', { status: 504, retryable: true }), 4, read, true, half(4), /HTTP 504/],
  ['503 is retried even when the error forgot retryable', new ProviderError('x', { status: 503 }), 1, read, true, half(1), /HTTP 503/],
  ['503 with Retry-After waits as told', withHint(new ProviderError('x', { status: 503, retryable: true }), 4000), 1, read, true, 4000, /as the provider asked/],
  ['503 with Retry-After past maxWaitMs is returned', withHint(new ProviderError('x', { status: 503, retryable: true }), 600_000), 1, read, false, 0, /more than maxWaitMs/],
  ['501 (not retryable) is returned', new ProviderError('x', { status: 501 }), 1, read, false, 0, /not retryable/],
  ['backoff is capped at maxDelayMs', new ProviderError('x', { status: 500, retryable: true }), 5, { ...read, retries: 20, maxDelayMs: 1000 }, true, 500, /backoff/],
  ['500 write without key: returned', new ProviderError('x', { status: 500, retryable: true }), 1, write, false, 0, /without an idempotency key/],
  ['502 write without key: returned', new ProviderError('x', { status: 502, retryable: true }), 1, write, false, 0, /may have been applied/],
  ['502 write with key: retried', new ProviderError('x', { status: 502, retryable: true }), 1, keyedWrite, true, half(1), /HTTP 502/],
  ['503 keyed write with Retry-After waits as told', withHint(new ProviderError('x', { status: 503, retryable: true }), 1500), 1, keyedWrite, true, 1500, /as the provider asked/],
  // Network and timeouts.
  ['network error read: retried', new NetworkError('reset'), 1, read, true, half(1), /network_error/],
  ['network error write without key: returned', new NetworkError('reset'), 1, write, false, 0, /without an idempotency key/],
  ['network error write with key: retried', new NetworkError('reset'), 2, keyedWrite, true, half(2), /network_error/],
  ['timeout read: retried', new TimeoutError('slow', { timeoutMs: 10 }), 1, read, true, half(1), /timeout/],
  ['timeout write without key: returned', new TimeoutError('slow'), 1, write, false, 0, /idempotency/],
  ['timeout write with key: retried', new TimeoutError('slow'), 1, keyedWrite, true, half(1), /timeout/],
  ['network error even when marked not retryable', new NetworkError('x', { retryable: false }), 1, read, true, half(1), /network_error/],
  ['408 read: retried', new ProviderError('x', { status: 408, retryable: true }), 1, read, true, half(1), /HTTP 408/],
  ['a retryable error without status (Fault in a 200) is retried for reads', new ProviderError('fault', { retryable: true }), 1, read, true, half(1), /provider_error/],
  ['…but not for writes without a key', new ProviderError('fault', { retryable: true }), 1, write, false, 0, /idempotency/],
  // Never.
  ['400: never', new ValidationError('bad', { status: 400 }), 1, read, false, 0, /HTTP 400 is never retried/],
  ['401: never', new AuthError('no', { status: 401 }), 1, read, false, 0, /HTTP 401/],
  ['403: never', new AuthError('no', { status: 403 }), 1, read, false, 0, /HTTP 403/],
  ['404: never', new NotFoundError('no', { status: 404 }), 1, read, false, 0, /HTTP 404/],
  ['409: never', new ValidationError('conflict', { status: 409, code: ErrorCodes.CONFLICT }), 1, read, false, 0, /HTTP 409/],
  ['422: never', new ValidationError('bad', { status: 422 }), 1, read, false, 0, /HTTP 422/],
  ['a 404 marked retryable is still never retried', new ProviderError('x', { status: 404, retryable: true }), 1, read, false, 0, /HTTP 404/],
  ['a 400 on a keyed write: never', new ValidationError('bad', { status: 400 }), 1, keyedWrite, false, 0, /HTTP 400/],
  ['validation error without status: never', new ValidationError('bad', { retryable: true }), 1, read, false, 0, /validation_error is never retried/],
  ['not found without status: never', new NotFoundError('no'), 1, read, false, 0, /not_found/],
  ['auth error without status: never', new AuthError('no', { retryable: true }), 1, read, false, 0, /auth_error/],
  ['relink required: never', new AuthError('no', { relinkRequired: true }), 1, read, false, 0, /relink_required/],
  ['mapping error: never', new MappingError('bad record', { retryable: true }), 1, read, false, 0, /mapping_error/],
  ['not supported: never', new NotSupportedError('nope'), 1, read, false, 0, /not_supported/],
  ['configuration error: never', new ConfigurationError('bad config'), 1, read, false, 0, /configuration_error/],
  ['other 4xx (418) not retryable: never', new ProviderError('teapot', { status: 418 }), 1, read, false, 0, /not retryable/],
  ['plain Error: never', new Error('boom'), 1, read, false, 0, /not a ledgerlink error/],
  ['TypeError (a bug): never', new TypeError('x is undefined'), 1, read, false, 0, /not a ledgerlink error/],
  ['abort reason: never', new DOMException('aborted', 'AbortError'), 1, read, false, 0, /not a ledgerlink error/],
  ['a string thrown: never', 'oops', 1, read, false, 0, /not a ledgerlink error/],
  // The retry budget.
  ['last allowed retry (attempt 5 of retries 5)', new ProviderError('x', { status: 503, retryable: true }), 5, read, true, half(5), /HTTP 503/],
  ['retries exhausted (attempt 6 of retries 5)', new ProviderError('x', { status: 503, retryable: true }), 6, read, false, 0, /retries exhausted \(5\)/],
  ['retries 0: the first failure is final', new NetworkError('reset'), 1, { ...read, retries: 0 }, false, 0, /retries exhausted \(0\)/],
  ['exhausted beats a 429 wait', new RateLimitError('x', { status: 429, retryAfterMs: 10 }), 6, read, false, 0, /retries exhausted/],
];

describe('decideRetry', () => {
  it.each(rows)('%s', (_name, error, attempt, policy, retry, waitMs, reason) => {
    const { providerRequested, ...decision } = decideRetry(error, attempt, policy);
    expect(decision).toEqual({ retry, waitMs, reason: expect.stringMatching(reason) });
    // A wait the provider asked for is flagged (the retry layer scales it with the limiter's timeScale); backoff is not.
    expect(providerRequested === true).toBe(decision.reason.includes('waiting as the provider asked'));
  });

  it('flags provider-requested waits and only those', () => {
    expect(decideRetry(new RateLimitError('x', { status: 429, retryAfterMs: 7000 }), 1, read).providerRequested).toBe(true);
    expect(decideRetry(new RateLimitError('x', { status: 429 }), 1, read).providerRequested).toBeUndefined();
    expect(decideRetry(new NetworkError('reset'), 1, read).providerRequested).toBeUndefined();
  });

  it('uses the injected jitter source: random 0 → no wait, random →1 → the full ceiling', () => {
    const err = new NetworkError('reset');
    expect(decideRetry(err, 3, { ...read, random: () => 0 }).waitMs).toBe(0);
    expect(decideRetry(err, 3, { ...read, random: () => 0.999999 }).waitMs).toBe(400);
  });
});

describe('backoffMs (full jitter)', () => {
  const p = { minDelayMs: 100, maxDelayMs: 1000 };
  it('doubles the ceiling per attempt up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffCeilingMs(a, p))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('is a uniform draw in [0, ceiling]', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, { ...p, random: () => 0.999999 }))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, { ...p, random: () => 0 }))).toEqual([0, 0, 0, 0, 0]);
    expect(backoffMs(4, { ...p, random: () => 0.25 })).toBe(200);
  });
  it('stays within bounds with the default random source', () => {
    for (let i = 0; i < 200; i++) {
      const w = backoffMs(3, p);
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(400);
    }
  });
  it('never overflows on huge attempt numbers', () => {
    expect(backoffCeilingMs(10_000, p)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5000],
    ['0', 0],
    ['1.5', 1500],
    [' 120 ', 120_000],
    ['Sun, 22 Nov 2026 12:00:30 GMT', 30_000],
    ['Sun, 22 Nov 2026 12:02:00 GMT', 120_000],
    ['Sun, 22 Nov 2026 11:59:00 GMT', 0],
    ['-5', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value as string | undefined, NOW)).toBe(expected);
  });
});
