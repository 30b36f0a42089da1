/**
 * The retry decision as a pure function, so every rule is covered by a table test
 * (`test/http/decide-retry.test.ts`).
 * @module
 */
import { ErrorCodes, isLedgerError, RateLimitError, type LedgerError } from '../errors';

/** Inputs of a retry decision besides the error. */
export interface RetryPolicy {
  /** Retries allowed after the first attempt (attempt `retries + 1` is the last). */
  retries: number;
  /** Backoff ceiling of the first retry; doubles each attempt. */
  minDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /**
   * A provider-requested wait (`Retry-After`, a throttle reset) longer than this is not waited out: the error is
   * returned to the caller instead.
   */
  maxWaitMs: number;
  /** The request is a write (not GET). */
  isWrite: boolean;
  /** The write carries an idempotency key (then timeouts, resets and 5xx may be retried). */
  hasIdempotencyKey: boolean;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** "Now" in ms since the epoch, to turn a `resetAt` instant into a wait. Default `Date.now`. */
  now?: () => number;
}

/** What to do after a failed attempt. `waitMs` is 0 when `retry` is false. */
export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  /** Human-readable why, for logs. */
  reason: string;
  /** True when `waitMs` is the provider's own request (`Retry-After`, a reset time), not ledgerlink's backoff. */
  providerRequested?: boolean;
}

/**
 * An error that carries the provider's requested wait (`Retry-After` on a 503, say). {@link RateLimitError} has it
 * as a declared field; the pipeline also sets it on other errors built from a response with `Retry-After`.
 */
export interface RetryAfterHint {
  retryAfterMs?: number;
}

/** Statuses that never succeed on a plain repeat. */
const NEVER_RETRIED_STATUS = new Set([400, 401, 403, 404, 409, 422]);
/** Error codes that never succeed on a plain repeat. */
const NEVER_RETRIED_CODE = new Set<string>([
  ErrorCodes.VALIDATION,
  ErrorCodes.CONFLICT,
  ErrorCodes.NOT_FOUND,
  ErrorCodes.AUTH,
  ErrorCodes.RELINK_REQUIRED,
  ErrorCodes.MAPPING,
  ErrorCodes.NOT_SUPPORTED,
  ErrorCodes.CONFIGURATION,
  ErrorCodes.STATE_MISMATCH,
  ErrorCodes.TENANT_SELECTION,
]);
/** Transient statuses: retried even when the error forgot to say `retryable`. */
const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);

/**
 * Parses `Retry-After` — delay-seconds (`"120"`, `"1.5"`) or an HTTP date — into milliseconds from `now`. A date in
 * the past gives 0; anything unreadable gives `undefined`.
 *
 * @example
 * parseRetryAfter('5', Date.now()) // 5000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:30Z')) // 30000
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Full-jitter exponential backoff ("Exponential Backoff And Jitter", AWS Architecture Blog): a uniformly random wait
 * in `[0, ceiling]` with `ceiling = min(maxDelayMs, minDelayMs · 2^(attempt-1))`. Spreads the retries of many
 * clients that failed together instead of having them return in lockstep.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  const r = Math.min(Math.max((policy.random ?? Math.random)(), 0), 1);
  return Math.round(r * ceiling);
}

/** The upper bound of {@link backoffMs} for `attempt`. */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>): number {
  const exp = Math.min(Math.max(0, attempt - 1), 52);
  return Math.max(0, Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** exp));
}

function no(reason: string): RetryDecision {
  return { retry: false, waitMs: 0, reason };
}

/** The wait a provider asked for: `retryAfterMs`, else (rate limits) the time until `resetAt`. */
function requestedWaitMs(error: LedgerError, now: () => number): number | undefined {
  const hinted = (error as LedgerError & RetryAfterHint).retryAfterMs;
  if (typeof hinted === 'number' && Number.isFinite(hinted) && hinted >= 0) return hinted;
  if (error instanceof RateLimitError && error.resetAt) {
    const at = Date.parse(error.resetAt);
    if (!Number.isNaN(at)) return Math.max(0, at - now());
  }
  return undefined;
}

function describe(error: LedgerError): string {
  return `${error.code}${error.status !== undefined ? ` (HTTP ${error.status})` : ''}`;
}

/**
 * Decides whether the attempt number `attempt` (1-based: the attempt that just failed) is retried, and after how long.
 *
 * | error                                                                 | decision                                       |
 * |-----------------------------------------------------------------------|------------------------------------------------|
 * | not a ledgerlink error (a bug, an abort)                              | never                                          |
 * | `attempt > retries`                                                   | never (exhausted)                              |
 * | daily limit (`daily_limit_exceeded`)                                  | never: fail fast, the error carries `resetAt`  |
 * | 429 / {@link RateLimitError}                                          | after `retryAfterMs` (or until `resetAt`, else backoff) — reads **and writes**: a throttled request was not processed |
 * | any provider-requested wait above `maxWaitMs`                         | never (returned to the caller)                 |
 * | HTTP 400/401/403/404/409/422; validation, not-found, auth, mapping, not-supported, configuration errors | never |
 * | HTTP 408/500/502/503/504, {@link NetworkError}, {@link TimeoutError}, any other `retryable` error | after `Retry-After` when given, else jittered backoff; **writes only with an idempotency key** (the first attempt may have been applied) |
 * | anything else                                                         | never                                          |
 *
 * @example
 * decideRetry(new NetworkError('reset'), 1, { retries: 5, minDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: 120_000, isWrite: false, hasIdempotencyKey: false })
 * // → { retry: true, waitMs: <0..500>, reason: 'network_error: backoff' }
 */
export function decideRetry(error: unknown, attempt: number, policy: RetryPolicy): RetryDecision {
  if (!isLedgerError(error)) return no('not a ledgerlink error: not retried');
  if (attempt > policy.retries) return no(`retries exhausted (${policy.retries}) after ${describe(error)}`);
  const now = policy.now ?? Date.now;

  if (error.code === ErrorCodes.DAILY_LIMIT) {
    const resetAt = (error as RateLimitError).resetAt;
    return no(`daily limit spent: fail fast${resetAt ? ` (resets at ${resetAt})` : ''}`);
  }

  if (error instanceof RateLimitError || error.code === ErrorCodes.RATE_LIMITED || error.status === 429) {
    const limit = (error as RateLimitError).limit;
    const what = `rate limited${limit ? ` (${limit})` : ''}`;
    const requested = requestedWaitMs(error, now);
    if (requested !== undefined) {
      if (requested > policy.maxWaitMs) {
        return no(`${what}: provider asks to wait ${requested} ms, more than maxWaitMs ${policy.maxWaitMs}`);
      }
      return { retry: true, waitMs: requested, reason: `${what}: waiting as the provider asked`, providerRequested: true };
    }
    return { retry: true, waitMs: backoffMs(attempt, policy), reason: `${what}: backoff` };
  }

  if (error.status !== undefined && NEVER_RETRIED_STATUS.has(error.status)) {
    return no(`HTTP ${error.status} is never retried`);
  }
  if (NEVER_RETRIED_CODE.has(error.code)) return no(`${error.code} is never retried`);

  const transient =
    error.code === ErrorCodes.NETWORK ||
    error.code === ErrorCodes.TIMEOUT ||
    (error.status !== undefined && TRANSIENT_STATUS.has(error.status)) ||
    error.retryable;
  if (!transient) return no(`${describe(error)} is not retryable`);

  if (policy.isWrite && !policy.hasIdempotencyKey) {
    return no(`${describe(error)} on a write without an idempotency key: not retried (it may have been applied)`);
  }

  const requested = requestedWaitMs(error, now);
  if (requested !== undefined) {
    if (requested > policy.maxWaitMs) {
      return no(`${describe(error)}: provider asks to wait ${requested} ms, more than maxWaitMs ${policy.maxWaitMs}`);
    }
    return { retry: true, waitMs: requested, reason: `${describe(error)}: waiting as the provider asked`, providerRequested: true };
  }
  return { retry: true, waitMs: backoffMs(attempt, policy), reason: `${describe(error)}: backoff` };
}
