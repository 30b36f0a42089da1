import { describe, expect, it } from 'vitest';
import { AuthError, ErrorCodes, NotFoundError, ValidationError } from '../../../src/errors';
import type { HttpResponse } from '../../../src/http/types';
import { mapXeroError, xeroValidationIssues } from './errors';

const ctx = { provider: 'xero', operation: 'invoices.create' };

function res(status: number, data: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, data, headers: { 'xero-correlation-id': 'corr-123', ...headers }, url: 'https://api.xero.com/api.xro/2.0/Invoices' };
}

const validationBody = {
  ErrorNumber: 10,
  Type: 'ValidationException',
  Message: 'A validation exception occurred',
  Elements: [
    {
      Name: 'Test Account',
      ValidationErrors: [{ Message: 'Please enter a unique Name.' }, { Message: 'Please enter a unique Code.' }],
    },
    { Name: 'Second', ValidationErrors: [] },
    { Name: 'Third', ValidationErrors: [{ Message: 'Account code is invalid.' }] },
  ],
};

describe('mapXeroError', () => {
  it('turns a ValidationException into a ValidationError with one issue per message', () => {
    const err = mapXeroError(res(400, validationBody), ctx);
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.code).toBe(ErrorCodes.VALIDATION);
    expect(v.status).toBe(400);
    expect(v.provider).toBe('xero');
    expect(v.providerCode).toBe('ValidationException');
    expect(v.requestId).toBe('corr-123');
    expect(v.retryable).toBe(false);
    expect(v.issues).toEqual([
      { path: '0', message: 'Please enter a unique Name.', code: 'xero_validation' },
      { path: '0', message: 'Please enter a unique Code.', code: 'xero_validation' },
      { path: '2', message: 'Account code is invalid.', code: 'xero_validation' },
    ]);
    expect(v.message).toContain('A validation exception occurred');
    expect(v.message).toContain('Please enter a unique Name.');
  });

  it('reads a body that arrived as a JSON string', () => {
    const err = mapXeroError(res(400, JSON.stringify(validationBody)), ctx) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toHaveLength(3);
  });

  it('maps other Xero 400 envelopes (bad where clause) to a ValidationError without issues', () => {
    const err = mapXeroError(
      res(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: "No property or field 'Foo' exists" }),
      ctx,
    ) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.providerCode).toBe('QueryParseException');
    expect(err.issues).toEqual([]);
    expect(err.message).toContain("No property or field 'Foo' exists");
  });

  it('leaves a 400 that is not a Xero envelope to the core', () => {
    expect(mapXeroError(res(400, '<html>bad</html>'), ctx)).toBeUndefined();
    expect(mapXeroError(res(400, { error: 'invalid_request' }), ctx)).toBeUndefined();
  });

  it('maps a 401 problem-details body to a recoverable AuthError', () => {
    const err = mapXeroError(
      res(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Instance: 'x' }),
      ctx,
    ) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.relinkRequired).toBe(false);
    expect(err.providerCode).toBe('AuthenticationUnsuccessful');
    expect(err.status).toBe(401);
  });

  it('maps a 401 insufficient_scope challenge to relink required', () => {
    const err = mapXeroError(
      res(401, '', { 'www-authenticate': 'Bearer error="insufficient_scope"' }),
      ctx,
    ) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.relinkRequired).toBe(true);
    expect(err.code).toBe(ErrorCodes.RELINK_REQUIRED);
    expect(err.message).toMatch(/scope/);
  });

  it('maps a 403 (unknown or disconnected tenant) to an AuthError that says so', () => {
    const err = mapXeroError(
      res(403, { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' }),
      ctx,
    ) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.relinkRequired).toBe(true);
    expect(err.message).toMatch(/xero-tenant-id/);
    expect(err.message).toMatch(/disconnected/);
  });

  it('maps 404 (empty body) to NotFoundError', () => {
    const err = mapXeroError(res(404, ''), ctx);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err?.status).toBe(404);
    expect(err?.requestId).toBe('corr-123');
  });

  it.each([
    [200, { Invoices: [] }],
    [201, {}],
    [429, ''],
    [500, { Message: 'oops' }],
    [503, 'Organisation is offline'],
  ])('returns undefined for %s', (status, body) => {
    expect(mapXeroError(res(status, body), ctx)).toBeUndefined();
  });

  it('puts no secret in the error (the Authorization header never reaches it)', () => {
    const err = mapXeroError(res(401, { Detail: 'TokenExpired' }, { authorization: 'Bearer SECRET' }), ctx)!;
    expect(JSON.stringify(err)).not.toContain('SECRET');
    expect(err.message).not.toContain('SECRET');
  });
});

describe('xeroValidationIssues', () => {
  it('is empty for bodies without Elements', () => {
    expect(xeroValidationIssues({ Message: 'x' })).toEqual([]);
    expect(xeroValidationIssues(null)).toEqual([]);
    expect(xeroValidationIssues({ Elements: [null, { ValidationErrors: [{}] }] })).toEqual([]);
  });
});
