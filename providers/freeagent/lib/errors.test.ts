/** FreeAgent error bodies and statuses → typed errors; 429 Retry-After through the core. */
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ProviderError, RateLimitError, ValidationError } from '../../../src/errors';
import { errorFromResponse } from '../../../src/http/errors-from-response';
import type { HttpResponse } from '../../../src/http/types';
import { freeagent } from '../index';
import { mapFreeAgentError, readFreeAgentErrors } from './errors';

const provider = freeagent({ clientId: 'id', clientSecret: 'secret-xyz', redirectUri: 'https://app.example/cb' });
const res = (status: number, data: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, data, headers, url: 'https://api.freeagent.com/v2/invoices' }) as unknown as HttpResponse;
const ctx = { provider: 'freeagent', operation: 'invoices.create' };

describe('FreeAgent error bodies', () => {
  it('reads one error, several errors, nested arrays and strings', () => {
    expect(readFreeAgentErrors({ errors: { error: { message: 'Contact is required' } } })).toEqual([{ message: 'Contact is required' }]);
    expect(readFreeAgentErrors({ errors: [{ message: 'a' }, { message: 'b', field: 'dated_on' }] })).toEqual([{ message: 'a' }, { message: 'b', field: 'dated_on' }]);
    expect(readFreeAgentErrors({ errors: { error: [{ message: 'x' }, { message: 'y' }] } })).toEqual([{ message: 'x' }, { message: 'y' }]);
    expect(readFreeAgentErrors('{"errors":["plain"]}')).toEqual([{ message: 'plain' }]);
    expect(readFreeAgentErrors({ invoices: [] })).toBeUndefined();
    expect(readFreeAgentErrors('<html>')).toBeUndefined();
  });

  it('422 → ValidationError with one issue per message', () => {
    const err = mapFreeAgentError(res(422, { errors: [{ message: 'Dated on is invalid', field: 'dated_on' }, { message: 'Contact is required' }] }), ctx);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: 'dated_on', message: 'Dated on is invalid' }, { path: '', message: 'Contact is required' }]);
    expect(err?.message).toContain('Dated on is invalid');
    expect(err?.status).toBe(422);
  });

  it('401 → AuthError, 403 → relink, 404 → NotFoundError, 500 with body → retryable ProviderError', () => {
    expect(mapFreeAgentError(res(401, { errors: { error: { message: 'Access token not recognised' } } }), ctx)).toBeInstanceOf(AuthError);
    const forbidden = mapFreeAgentError(res(403, ''), ctx) as AuthError;
    expect(forbidden.relinkRequired).toBe(true);
    expect(mapFreeAgentError(res(404, { errors: { error: { message: 'Resource not found' } } }), ctx)).toBeInstanceOf(NotFoundError);
    const p = mapFreeAgentError(res(500, { errors: { error: { message: 'boom' } } }), ctx);
    expect(p).toBeInstanceOf(ProviderError);
    expect(p?.retryable).toBe(true);
    expect(mapFreeAgentError(res(200, { invoices: [] }), ctx)).toBeUndefined();
  });

  it('429 with Retry-After seconds becomes a retryable RateLimitError waiting that long', () => {
    const err = errorFromResponse(provider, res(429, { errors: { error: { message: 'Rate limit exceeded' } } }, { 'retry-after': '7' }), { now: 0 });
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 7000, retryable: true });
  });

  it('publishes 120/min and 3,600/h per user and 15 refreshes/min', () => {
    expect(provider.rateLimits.tenant).toEqual({ perMinute: 120, perHour: 3600 });
    expect(provider.descriptor.auth.maxRefreshesPerMinute).toBe(15);
    expect(provider.scopes).toEqual([]);
  });

  it('no error message carries the client secret', () => {
    for (const s of [401, 403, 404, 422, 500]) expect(mapFreeAgentError(res(s, { errors: [{ message: 'm' }] }), ctx)?.message ?? '').not.toContain('secret-xyz');
  });
});
