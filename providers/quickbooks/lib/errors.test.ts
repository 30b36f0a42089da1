import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthError, ProviderError, ValidationError } from '../../../src/errors';
import type { HttpResponse } from '../../../src/http/types';
import { mapQuickBooksError } from './errors';

const REF = new URL('../../../../shared/reference/quickbooks/', import.meta.url);
const res = (status: number, data: unknown, tid = 'tid-1'): HttpResponse => ({ status, data, headers: { intuit_tid: tid } }) as unknown as HttpResponse;
const ctx = { provider: 'quickbooks', operation: 'invoices.list' };

describe('QuickBooks Fault mapping', () => {
  it('maps the saved Fault envelope to a typed error with code and intuit_tid', () => {
    const body = JSON.parse(readFileSync(new URL('doc-examples-error-fault.json', REF), 'utf8')) as { Fault: { type: string; Error: { code: string }[] } };
    const err = mapQuickBooksError(res(400, body), ctx);
    expect(err).toBeInstanceOf(body.Fault.type === 'ValidationFault' ? ValidationError : ProviderError);
    expect(err?.requestId).toBe('tid-1');
    expect(err?.providerCode).toBe(body.Fault.Error[0]!.code);
  });

  it('finds a Fault inside HTTP 200', () => {
    const err = mapQuickBooksError(res(200, { Fault: { type: 'ValidationFault', Error: [{ Message: 'bad query', Detail: 'QueryParserError', code: '4000' }] } }), ctx);
    expect(err).toBeInstanceOf(ValidationError);
    expect(mapQuickBooksError(res(200, { QueryResponse: {} }), ctx)).toBeUndefined();
  });

  it('stale SyncToken is a conflict', () => {
    const err = mapQuickBooksError(res(400, { Fault: { type: 'ValidationFault', Error: [{ Message: 'Stale Object Error', code: '5010' }] } }), ctx);
    expect(err?.code).toBe('conflict');
  });

  it('turns an XML IntuitResponse Fault into a typed error too', () => {
    const xml = '<?xml version="1.0"?><IntuitResponse time="2024-01-01T00:00:00-08:00"><Fault type="AuthenticationFault"><Error code="3200"><Message>message=AuthenticationFailed</Message><Detail>Token expired</Detail></Error></Fault></IntuitResponse>';
    const err = mapQuickBooksError(res(401, xml, 'tid-x'), ctx);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ providerCode: '3200', requestId: 'tid-x' });
  });
});
