/**
 * How Xero reports throttling: HTTP 429 with `Retry-After` (seconds) and `X-Rate-Limit-Problem` naming the exhausted
 * limit, plus `X-MinLimit-Remaining`, `X-DayLimit-Remaining` and `X-AppMinLimit-Remaining` on every response.
 *
 * The docs spell the problem values `Minute`/`Daily`, real traffic sends `minute`/`day`: values are matched
 * case-insensitively, and anything unknown (app-minute, concurrent, new words) means "wait as told".
 *
 * @see https://developer.xero.com/documentation/guides/oauth2/limits
 * @module
 */
import type { HttpResponse } from '../../../src/http/types';
import type { RemainingBudget, ThrottleInfo } from '../../../src/provider/types';

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Parses `Retry-After`: delay-seconds (`"60"`) or an HTTP date (relative to `nowMs`). Negative or unreadable values
 * give `undefined`; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The server's clock from the response `Date` header: the reference for `Retry-After` dates and daily reset instants,
 * so the computation does not depend on the host clock. Falls back to the host clock when the header is missing.
 */
function responseNow(headers: Record<string, string>): number {
  const date = header(headers, 'date');
  const parsed = date ? Date.parse(date) : Number.NaN;
  return Number.isNaN(parsed) ? Date.now() : parsed;
}

/**
 * Interprets a Xero throttle response.
 *
 * | `X-Rate-Limit-Problem`     | result                                                                          |
 * |----------------------------|---------------------------------------------------------------------------------|
 * | `day`, `daily` (any case)  | `{ scope: 'day', failFast: true, retryAfterMs, resetAt }` — waiting hours in a sync is pointless |
 * | `minute`                   | `{ scope: 'minute', retryAfterMs }`                                             |
 * | `appminute`, `app-minute`  | `{ scope: 'app', retryAfterMs }`                                                |
 * | other / missing            | `{ scope: <value or 'unknown'>, retryAfterMs }` (the core's default wait when absent) |
 *
 * Non-429 responses return `undefined`. `resetAt` is the response `Date` plus `Retry-After`.
 */
export function classifyXeroThrottle(response: HttpResponse): ThrottleInfo | undefined {
  if (response.status !== 429) return undefined;
  const headers = response.headers ?? {};
  const now = responseNow(headers);
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now);
  const wait = retryAfterMs !== undefined ? { retryAfterMs } : {};
  const problem = header(headers, 'x-rate-limit-problem')?.trim().toLowerCase() ?? '';
  switch (problem) {
    case 'day':
    case 'daily':
      return {
        scope: 'day',
        failFast: true,
        ...wait,
        ...(retryAfterMs !== undefined ? { resetAt: new Date(now + retryAfterMs).toISOString() } : {}),
      };
    case 'minute':
      return { scope: 'minute', ...wait };
    case 'appminute':
    case 'app-minute':
    case 'app':
      return { scope: 'app', ...wait };
    default:
      return { scope: problem || 'unknown', ...wait };
  }
}

function intHeader(headers: Record<string, string>, name: string): number | undefined {
  const v = header(headers, name)?.trim();
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Reads `X-MinLimit-Remaining`, `X-DayLimit-Remaining`, `X-AppMinLimit-Remaining`; `undefined` when none is present. */
export function readXeroRemaining(headers: Record<string, string>): RemainingBudget | undefined {
  const minute = intHeader(headers, 'x-minlimit-remaining');
  const day = intHeader(headers, 'x-daylimit-remaining');
  const appMinute = intHeader(headers, 'x-appminlimit-remaining');
  if (minute === undefined && day === undefined && appMinute === undefined) return undefined;
  return {
    ...(minute !== undefined ? { minute } : {}),
    ...(day !== undefined ? { day } : {}),
    ...(appMinute !== undefined ? { appMinute } : {}),
  };
}
