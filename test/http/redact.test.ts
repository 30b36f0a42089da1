/**
 * Redaction of headers, URLs, free text, deep values, errors and log lines.
 */
import { describe, expect, it } from 'vitest';
import {
  bodyExcerpt,
  redactError,
  redactHeaders,
  redactingLogger,
  redactText,
  redactUrl,
  redactValue,
  REDACTED,
} from '../../src/http/redact';
import { ValidationError } from '../../src/errors';
import { memoryLogger } from './support';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dGhpcy1pcy1hLXNpZ25hdHVyZQ';

describe('redactHeaders', () => {
  it.each([
    'Authorization',
    'authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'X-Xero-Signature',
    'intuit-signature',
    'X-Api-Key',
    'api_key',
    'X-Auth-Token',
    'X-Client-Secret',
    'X-Password',
  ])('%s is redacted', (name) => {
    expect(redactHeaders({ [name]: 'super-secret-value' })).toEqual({ [name]: REDACTED });
  });

  it('keeps ordinary headers, joins arrays, drops undefined, and cleans URLs in values', () => {
    expect(
      redactHeaders({
        'Content-Type': 'application/json',
        'Xero-Tenant-Id': 'b1c2',
        Accept: ['application/json', 'text/plain'],
        Missing: undefined,
        Location: 'https://app.test/cb?code=abc123&state=s1',
      }),
    ).toEqual({
      'Content-Type': 'application/json',
      'Xero-Tenant-Id': 'b1c2',
      Accept: 'application/json, text/plain',
      Location: 'https://app.test/cb?code=[redacted]&state=[redacted]',
    });
  });
});

describe('redactUrl', () => {
  it.each(['access_token', 'code', 'client_secret', 'refresh_token', 'code_verifier', 'token', 'id_token', 'api_key', 'state', 'client_assertion'])(
    '?%s= is redacted, other parameters kept',
    (param) => {
      expect(redactUrl(`https://api.test/path?${param}=s3cr3t-value&page=2`)).toBe(`https://api.test/path?${param}=[redacted]&page=2`);
    },
  );

  it('redacts user info, fragment parameters and known secrets anywhere', () => {
    expect(redactUrl('https://user:pw@api.test/x')).toBe('https://[redacted]@api.test/x');
    expect(redactUrl('https://app.test/cb#access_token=abc&token_type=bearer')).toBe('https://app.test/cb#access_token=[redacted]&token_type=[redacted]');
    expect(redactUrl('https://api.test/files/opaque-secret-path', ['opaque-secret-path'])).toBe('https://api.test/files/[redacted]');
  });

  it('cleans a string that is not a valid URL too', () => {
    expect(redactUrl('/relative?access_token=abc&page=1')).toBe('/relative?access_token=[redacted]&page=1');
  });
});

describe('redactText', () => {
  it.each([
    ['Bearer credentials', 'header was Bearer abc.DEF-123_xyz, rejected', 'header was Bearer [redacted], rejected'],
    ['short Bearer credentials', 'got "Bearer x1"', 'got "Bearer [redacted]"'],
    ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA== sent', 'Basic [redacted] sent'],
    ['JWTs', `id_token is ${JWT}.`, 'id_token is [redacted].'],
    ['JSON pairs', '{"access_token":"at-1","token_type":"bearer","expires_in":1800}', '{"access_token":"[redacted]","token_type":"[redacted]","expires_in":1800}'],
    ['JSON pairs with escapes', '{"client_secret": "a\\"b"}', '{"client_secret": "[redacted]"}'],
    ['single-quoted pairs', "{'refresh_token': 'rt-1'}", "{'refresh_token': '[redacted]'}"],
    ['form bodies', 'grant_type=refresh_token&refresh_token=rt-1&client_id=c1', 'grant_type=refresh_token&refresh_token=[redacted]&client_id=c1'],
    ['query strings', 'GET /cb?code=abc&state=xyz&page=1', 'GET /cb?code=[redacted]&state=[redacted]&page=1'],
    ['raw header lines', 'Host: api.test\nAuthorization: Token abc def\nX-Api-Key: k-1\nAccept: */*', 'Host: api.test\nAuthorization: [redacted]\nX-Api-Key: [redacted]\nAccept: */*'],
    ['ordinary words stay', 'basic plan, Bearer-less text and tokens of appreciation', 'basic plan, Bearer-less text and tokens of appreciation'],
  ])('%s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('replaces every known secret (4+ characters), wherever it is', () => {
    expect(redactText('a plain-token-xyz and plain-token-xyz again', ['plain-token-xyz'])).toBe('a [redacted] and [redacted] again');
    expect(redactText('abc stays', ['abc'])).toBe('abc stays');
  });
});

describe('redactValue', () => {
  it('redacts secret-named fields whatever their value, deeply, and keeps the rest', () => {
    const input = {
      code: 'rate_limited',
      status: 429,
      headers: { Authorization: 'Bearer x', 'content-type': 'application/json' },
      tokens: { accessToken: 'a', refreshToken: 'r' },
      list: [{ password: 'p' }, `see ${JWT}`],
      empty: { token: '' },
    };
    expect(redactValue(input)).toEqual({
      code: 'rate_limited',
      status: 429,
      headers: { Authorization: REDACTED, 'content-type': 'application/json' },
      tokens: REDACTED,
      list: [{ password: REDACTED }, 'see [redacted]'],
      empty: { token: '' },
    });
  });

  it('handles errors, dates, URLs, buffers, maps and cycles', () => {
    const err = Object.assign(new Error('failed with Bearer abcdefghij'), { code: 'network_error' });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(
      redactValue({
        err,
        at: new Date('2026-11-22T12:00:00Z'),
        url: new URL('https://api.test/x?access_token=abc'),
        raw: Buffer.from('secret bytes'),
        map: new Map([['authorization', 'Bearer q']]),
        cyclic,
      }),
    ).toEqual({
      err: { name: 'Error', message: 'failed with Bearer [redacted]', code: 'network_error' },
      at: '2026-11-22T12:00:00.000Z',
      url: 'https://api.test/x?access_token=[redacted]',
      raw: '[12 bytes]',
      map: { authorization: REDACTED },
      cyclic: { name: 'loop', self: '[circular]' },
    });
  });
});

describe('redactError', () => {
  it('cleans message, stack and enumerable fields in place', () => {
    const token = 'opaque-token-abcdef';
    const err = new ValidationError(`rejected ${token}`, { issues: [{ path: 'a', message: `bad ${token}` }] });
    const same = redactError(err, [token]);
    expect(same).toBe(err);
    expect(err.message).toBe('rejected [redacted]');
    expect(err.stack).not.toContain(token);
    expect(err.issues[0]!.message).toBe('bad [redacted]');
    expect(redactError('not an error', [token])).toBe('not an error');
  });
});

describe('bodyExcerpt', () => {
  it('is at most `max` characters plus an ellipsis, redacted, one line', () => {
    expect(bodyExcerpt('a\n\n b')).toBe('a b');
    expect(bodyExcerpt('x'.repeat(400))).toBe(`${'x'.repeat(300)}…`);
    expect(bodyExcerpt({ access_token: 'at', message: 'hi' })).toBe('{"access_token":"[redacted]","message":"hi"}');
    expect(bodyExcerpt(undefined)).toBe('');
    expect(bodyExcerpt(Buffer.from('raw text'))).toBe('raw text');
  });

  it('a secret cut in half at the limit is still not shown', () => {
    const token = 'opaque-token-0123456789';
    const text = `${'y'.repeat(290)}${token}`;
    expect(bodyExcerpt(text, [token])).not.toContain('opaque-token');
    expect(bodyExcerpt(`${'y'.repeat(290)}Bearer ${token}`)).not.toContain('opaque');
  });
});

describe('redactingLogger', () => {
  it('redacts messages and fields with the secrets known at the time of the line', () => {
    const inner = memoryLogger();
    const secrets: string[] = [];
    const log = redactingLogger(inner, () => secrets);
    secrets.push('late-secret-1234');
    log.warn('retrying late-secret-1234', { url: 'https://api.test/?token=t1', headers: { authorization: 'Bearer z' }, note: 'late-secret-1234' });
    expect(inner.lines).toEqual(['warn retrying [redacted] {"url":"https://api.test/?token=[redacted]","headers":{"authorization":"[redacted]"},"note":"[redacted]"}']);
  });
});
