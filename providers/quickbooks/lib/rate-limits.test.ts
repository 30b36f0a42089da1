/** QuickBooks throttling as the core sees it: a plain 429 without Retry-After waits 60 s for that realm. */
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../../src/errors';
import { errorFromResponse } from '../../../src/http/errors-from-response';
import type { HttpResponse } from '../../../src/http/types';
import { quickbooks } from '../index';

const provider = quickbooks({ clientId: 'id', clientSecret: 'secret', redirectUri: 'https://app.example/cb' });
const throttled = (headers: Record<string, string>): HttpResponse =>
  ({ status: 429, headers, data: { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '003001' }], type: 'SystemFault' } } }) as unknown as HttpResponse;

describe('QuickBooks rate limits', () => {
  it('publishes 500/min and 10 concurrent per realm', () => {
    expect(provider.rateLimits.tenant).toEqual({ maxConcurrent: 10, perMinute: 500 });
  });

  it('a plain 429 becomes a retryable RateLimitError waiting 60 s, with intuit_tid kept', () => {
    const err = errorFromResponse(provider, throttled({ intuit_tid: 'tid-429' }), { now: 0 });
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 60_000, retryable: true, requestId: 'tid-429' });
  });

  it('a Retry-After, if Intuit ever sends one, wins over the default', () => {
    const err = errorFromResponse(provider, throttled({ 'retry-after': '7' }), { now: 0 });
    expect(err).toMatchObject({ retryAfterMs: 7000 });
  });
});
