/** Sage error arrays → typed errors, on the saved 401 example and the documented 422 shape. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ProviderError, RateLimitError, ValidationError } from '../../../src/errors';
import { errorFromResponse } from '../../../src/http/errors-from-response';
import type { HttpResponse } from '../../../src/http/types';
import { sage } from '../index';
import { mapSageError, readSageErrors } from './errors';

const REF = new URL('../../../../shared/reference/sage/examples/', import.meta.url);
const res = (status: number, data: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, data, headers, url: 'https://api/x' }) as HttpResponse;
const ctx = { provider: 'sage', operation: 'invoices.list' };
const entry = (dataCode: string, message: string, source = '') => ({ $severity: 'error', $dataCode: dataCode, $message: message, $source: source });

describe('Sage error mapping', () => {
  it.skipIf(!existsSync(new URL('error-401-no-active-subscription.from-docs.json', REF)))('maps the saved 401 error array to an AuthError with $dataCode', () => {
    const body = JSON.parse(readFileSync(new URL('error-401-no-active-subscription.from-docs.json', REF), 'utf8')) as unknown;
    const err = mapSageError(res(401, body), ctx);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ providerCode: 'AuthorizationFailure', status: 401 });
    expect(err?.message).toContain('No active subscription');
  });

  it('422 with $source → ValidationError with one field issue per entry', () => {
    const err = mapSageError(res(422, [entry('RecordInvalid', 'is required', 'contact'), entry('RecordInvalid', 'must be a date', 'date')]), { provider: 'sage', operation: 'invoices.create' });
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      { path: 'contact', message: 'is required', code: 'RecordInvalid' },
      { path: 'date', message: 'must be a date', code: 'RecordInvalid' },
    ]);
    expect(err?.message).toBe('Sage rejected the request (invoices.create): contact: is required; date: must be a date');
  });

  it('reads the array from a JSON string body too, and ignores non-Sage bodies', () => {
    expect(readSageErrors(JSON.stringify([entry('X', 'y')]))).toEqual([{ severity: 'error', dataCode: 'X', message: 'y', source: '' }]);
    expect(readSageErrors('<html>oops</html>')).toBeUndefined();
    expect(readSageErrors({ $items: [] })).toBeUndefined();
  });

  it.each([
    [401, undefined, AuthError],
    [403, [entry('NotAuthorised', 'no access')], AuthError],
    [404, [entry('RecordNotFound', 'not found')], NotFoundError],
    [404, undefined, NotFoundError],
    [409, [entry('Conflict', 'clash')], ProviderError],
  ])('status %s → typed error', (status, body, type) => {
    expect(mapSageError(res(status, body), ctx)).toBeInstanceOf(type);
  });

  it('429 and 5xx are left to the core: retryable, Retry-After honoured, 60 s without one', () => {
    expect(mapSageError(res(429, [entry('TooManyRequests', 'slow down')]), ctx)).toBeUndefined();
    expect(mapSageError(res(503, [entry('ServiceUnavailable', 'down')]), ctx)).toBeUndefined();
    const provider = sage({ clientId: 'id', clientSecret: 'secret', redirectUri: 'https://app.example/cb' });
    expect(errorFromResponse(provider, res(429, []), { now: 0 })).toMatchObject({ retryAfterMs: 60_000, retryable: true });
    expect(errorFromResponse(provider, res(429, [], { 'retry-after': '7' }), { now: 0 })).toBeInstanceOf(RateLimitError);
    expect(errorFromResponse(provider, res(429, [], { 'retry-after': '7' }), { now: 0 })).toMatchObject({ retryAfterMs: 7000 });
    expect(errorFromResponse(provider, res(503, []), { now: 0 })).toMatchObject({ retryable: true });
  });

  it('never echoes a token or secret from the request into the message', () => {
    const err = mapSageError(res(401, [entry('AuthorizationFailure', 'Invalid token')], { authorization: 'Bearer SECRET-TOKEN' }), ctx);
    expect(JSON.stringify({ m: err?.message, ...err })).not.toContain('SECRET-TOKEN');
  });
});

describe('Sage descriptor', () => {
  const provider = sage({ clientId: 'id', clientSecret: 'secret', redirectUri: 'https://app.example/cb' });
  it('uses the reference endpoints, PKCE, client_secret_post, rotating refresh tokens and small refresh-ahead', () => {
    expect(provider.urls).toMatchObject({
      api: 'https://api.accounting.sage.com/v3.1',
      core: 'https://api.accounting.sage.com/v3.1',
      authorization: 'https://www.sageone.com/oauth2/auth/central',
      token: 'https://oauth.accounting.sage.com/token',
      revocation: 'https://oauth.accounting.sage.com/revoke',
    });
    const auth = provider.descriptor.auth;
    expect(auth).toMatchObject({ pkce: true, clientAuthentication: 'client_secret_post', rotation: { kind: 'rotating' }, authorizationParams: { filter: 'apiv3.1' } });
    expect(auth.refreshAheadMs).toBeLessThan(300_000);
    expect(provider.scopes).toEqual(['full_access']);
    expect(sage({ clientId: 'id', clientSecret: 's', redirectUri: 'https://a/cb', scopes: 'readonly' }).scopes).toEqual(['readonly']);
    expect(provider.descriptor.tenantHeaders!({ id: 'abc' })).toEqual({ 'X-Business': 'abc' });
  });

  it('defaults to conservative limits and takes overrides', () => {
    expect(provider.rateLimits.tenant).toEqual({ perMinute: 100, perDay: 2500, maxConcurrent: 5 });
    const fast = sage({ clientId: 'id', clientSecret: 's', redirectUri: 'https://a/cb', rateLimits: { tenant: { perMinute: 200 } } });
    expect(fast.rateLimits.tenant).toEqual({ perMinute: 200, perDay: 2500, maxConcurrent: 5 });
  });

  it('lists with attributes=all, 200 per page, $next, updated_or_created_since and deleted_since in the Swagger format', () => {
    const inv = provider.descriptor.resources.invoices!;
    expect(inv.query!({})).toEqual({ attributes: 'all', show_payments_allocations: 'true' });
    expect(inv.get!.path('abc')).toBe('/sales_invoices/abc?attributes=all&show_payments_allocations=true&mark_as_sent=false');
    expect(provider.descriptor.resources.journalEntries!.get!.path('j1')).toBe('/journals/j1?attributes=all');
    expect(inv.pagination).toMatchObject({ type: 'next-link', sizeParam: 'items_per_page', pageSize: 200 });
    const p = inv.pagination as { source: { from: 'body'; next: (b: unknown) => string | null } };
    expect(p.source.next({ $next: '/sales_invoices?page=2' })).toBe('/sales_invoices?page=2');
    expect(p.source.next({ $next: null })).toBeNull();
    expect(inv.incremental).toMatchObject({ type: 'query-param', param: 'updated_or_created_since' });
    const fmt = (inv.incremental as { format: (s: string) => string }).format;
    expect(fmt('2026-03-01T10:20:30.456Z')).toBe('2026-03-01T10:20:30+00:00');
    expect(inv.deletes).toMatchObject({ type: 'feed', param: 'deleted_since' });
    expect(provider.descriptor.resources.accounts!.deletes.type).toBe('none');
    expect(provider.descriptor.resources.taxRates!.deletes.type).toBe('none');
  });
});
