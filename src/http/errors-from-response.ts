/**
 * Turns a provider response into a typed error: the provider's own `mapError` first (also for 2xx responses, since
 * QuickBooks reports a `Fault` inside a 200), then defaults by status. Every error keeps the provider's request id
 * (`requestIdHeader`) and carries at most a short, redacted excerpt of the body.
 * @module
 */
import {
  AuthError,
  ErrorCodes,
  isLedgerError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  ValidationError,
  type LedgerError,
} from '../errors';
import type { ProviderDescriptor, ProviderInstance, ThrottleInfo } from '../provider/types';
import { parseRetryAfter, type RetryAfterHint } from './decide-retry';
import { bodyExcerpt, redactError, redactUrl } from './redact';
import type { HttpResponse } from './types';

/** Context of {@link errorFromResponse}. */
export interface ErrorFromResponseContext {
  /** Operation label for messages (`invoices.list`). */
  operation?: string;
  /** "Now" in ms, the reference for `Retry-After` dates. Default `Date.now()`. */
  now?: number;
  /** Secret strings to redact from messages and fields (the access token sent, the client secret). */
  secrets?: readonly string[];
}

type ProviderLike = ProviderInstance | ProviderDescriptor;

function descriptorOf(provider: ProviderLike): ProviderDescriptor {
  return 'descriptor' in provider ? provider.descriptor : provider;
}

/** Statuses worth repeating: the provider may answer differently in a moment. */
const RETRYABLE_5XX_EXCLUDED = new Set([501, 505]);

/** Where {@link throttleInfo} keeps its reading on a response, so every layer sees the same `resetAt`. */
const THROTTLE_INFO = Symbol('ledgerlink.throttleInfo');

/**
 * Reads a throttle response: the provider's `classifyThrottle` first, then `Retry-After` (seconds or HTTP date), then
 * the provider's `defaultRetryAfterMs`. A `failFast` (daily) answer gets a `resetAt` from its wait when the provider
 * gave none. Returns `undefined` for a response that is not a throttle (the classifier said nothing and it is no 429).
 * The reading is computed once per response object (the throttle layer and the error mapping agree on `resetAt`).
 */
export function throttleInfo(provider: ProviderLike, response: HttpResponse, now = Date.now()): ThrottleInfo | undefined {
  const cached = (response as HttpResponse & { [THROTTLE_INFO]?: ThrottleInfo | null })[THROTTLE_INFO];
  if (cached !== undefined) return cached ?? undefined;
  const info = readThrottle(provider, response, now);
  try {
    Object.defineProperty(response, THROTTLE_INFO, { value: info ?? null, enumerable: false, configurable: true });
  } catch {
    // A frozen response (custom transport) is read again next time; the reading is the same bar a few ms.
  }
  return info;
}

function readThrottle(provider: ProviderLike, response: HttpResponse, now: number): ThrottleInfo | undefined {
  const limits = descriptorOf(provider).rateLimits;
  const classified = limits.classifyThrottle?.(response);
  if (!classified && response.status !== 429) return undefined;
  const info: ThrottleInfo = classified ? { ...classified } : { scope: 'unknown' };
  if (info.retryAfterMs === undefined) {
    const fromResetAt = info.resetAt ? Date.parse(info.resetAt) - now : Number.NaN;
    info.retryAfterMs = !Number.isNaN(fromResetAt)
      ? Math.max(0, fromResetAt)
      : (parseRetryAfter(response.headers['retry-after'], now) ?? limits.defaultRetryAfterMs);
  }
  if (info.failFast && !info.resetAt) info.resetAt = new Date(now + info.retryAfterMs).toISOString();
  return info;
}

function requestIdOf(descriptor: ProviderDescriptor, response: HttpResponse): string | undefined {
  const name = descriptor.requestIdHeader?.toLowerCase();
  const value = name ? response.headers[name] : undefined;
  return value ? value.slice(0, 200) : undefined;
}

/**
 * The error for `response`, or `undefined` when it is a success (2xx, or 304 Not Modified).
 *
 * | status     | error                                                                                       |
 * |------------|---------------------------------------------------------------------------------------------|
 * | any        | the provider's `mapError(response)` when it returns one                                     |
 * | 400, 422   | {@link ValidationError}                                                                     |
 * | 401        | {@link AuthError} (the auth layer already refreshed once and replayed)                      |
 * | 403        | {@link AuthError}, code `auth_error`                                                        |
 * | 404        | {@link NotFoundError}                                                                       |
 * | 409        | {@link ValidationError}, code `conflict`                                                    |
 * | 429        | {@link RateLimitError} from {@link throttleInfo}; `failFast` → daily (`daily_limit_exceeded`, `resetAt`, not retryable) |
 * | 5xx        | {@link ProviderError}, retryable (except 501 Not Implemented, 505)                          |
 * | other      | {@link ProviderError}, not retryable                                                        |
 *
 * A `Retry-After` on a non-429 error response is kept as `retryAfterMs` on the error ({@link RetryAfterHint}), and
 * `decideRetry` honours it.
 */
export function errorFromResponse(provider: ProviderLike, response: HttpResponse, ctx: ErrorFromResponseContext = {}): LedgerError | undefined {
  const d = descriptorOf(provider);
  const now = ctx.now ?? Date.now();
  const secrets = ctx.secrets ?? [];
  const requestId = requestIdOf(d, response);

  let mapped: LedgerError | undefined;
  try {
    mapped = d.mapError?.(response, { provider: d.id, ...(ctx.operation ? { operation: ctx.operation } : {}) });
  } catch {
    // A mapper bug must not hide the provider's answer: fall back to the status-based defaults below.
    mapped = undefined;
  }
  if (mapped && isLedgerError(mapped)) {
    if (mapped.requestId === undefined && requestId) Object.assign(mapped, { requestId });
    return redactError(mapped, secrets);
  }

  const status = response.status;
  if ((status >= 200 && status < 300) || status === 304) return undefined;

  const base = { provider: d.id, status, ...(requestId ? { requestId } : {}) };
  const what = `${d.displayName}${ctx.operation ? ` ${ctx.operation}` : ''}`;
  const excerpt = bodyExcerpt(response.data, secrets);
  const detail = excerpt ? `: ${excerpt}` : '';

  const throttle = status >= 400 ? throttleInfo(d, response, now) : undefined;
  if (throttle) {
    const daily = throttle.failFast === true;
    const message = daily
      ? `${what}: the provider's ${throttle.scope} limit is spent (HTTP ${status}); resets at ${throttle.resetAt}`
      : `${what}: throttled by the provider (${throttle.scope} limit, HTTP ${status}); retry after ${throttle.retryAfterMs} ms`;
    return redactError(
      new RateLimitError(message, {
        ...base,
        daily,
        limit: daily && throttle.scope === 'unknown' ? 'day' : throttle.scope,
        ...(throttle.retryAfterMs !== undefined ? { retryAfterMs: throttle.retryAfterMs } : {}),
        ...(throttle.resetAt ? { resetAt: throttle.resetAt } : {}),
      }),
      secrets,
    );
  }

  let error: LedgerError;
  if (status === 401) error = new AuthError(`${what}: the provider rejected the access token (HTTP 401)${detail}`, base);
  else if (status === 403) error = new AuthError(`${what}: access refused (HTTP 403)${detail}`, { ...base, code: ErrorCodes.AUTH });
  else if (status === 404) error = new NotFoundError(`${what}: not found (HTTP 404)${detail}`, base);
  else if (status === 409) error = new ValidationError(`${what}: conflict (HTTP 409)${detail}`, { ...base, code: ErrorCodes.CONFLICT });
  else if (status === 400 || status === 422) error = new ValidationError(`${what}: request rejected (HTTP ${status})${detail}`, base);
  else if (status >= 500) {
    error = new ProviderError(`${what}: provider error (HTTP ${status})${detail}`, { ...base, retryable: !RETRYABLE_5XX_EXCLUDED.has(status) });
  } else if (status === 408) error = new ProviderError(`${what}: the provider timed out the request (HTTP 408)${detail}`, { ...base, retryable: true });
  else if (status >= 300 && status < 400) {
    const location = response.headers['location'];
    error = new ProviderError(`${what}: unexpected redirect (HTTP ${status})${location ? ` to ${redactUrl(location, secrets)}` : ''}`, base);
  } else error = new ProviderError(`${what}: unexpected HTTP ${status}${detail}`, base);

  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
  if (retryAfterMs !== undefined && error.retryable) {
    const hint: RetryAfterHint = { retryAfterMs };
    Object.assign(error, hint);
  }
  return redactError(error, secrets);
}
