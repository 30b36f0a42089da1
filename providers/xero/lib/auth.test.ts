import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/auth/types';
import { AuthError, ConfigurationError, ProviderError } from '../../../src/errors';
import type { HttpRequest, HttpResponse } from '../../../src/http/types';
import type { EnvironmentUrls } from '../../../src/provider/types';
import {
  basicAuthorization,
  connectionToTenant,
  decodeJwtClaims,
  disconnectXeroTenant,
  resolveXeroTenants,
  revokeXeroTokens,
} from './auth';

const urls: EnvironmentUrls = {
  api: 'https://api.xero.com/api.xro/2.0',
  connections: 'https://api.xero.com/connections',
  revocation: 'https://identity.xero.com/connect/revocation',
};

function jwt(payload: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.c2lnbmF0dXJl`;
}

function tokens(accessToken: string, refreshToken?: string): TokenSet {
  return { accessToken, tokenType: 'Bearer', obtainedAt: '2024-05-29T21:58:03.000Z', ...(refreshToken ? { refreshToken } : {}) };
}

function fakeRequest(reply: (req: HttpRequest) => Partial<HttpResponse>) {
  const calls: HttpRequest[] = [];
  const request = async <T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> => {
    calls.push(req);
    const r = reply(req);
    return { status: 200, headers: {}, url: req.url, data: undefined, ...r } as HttpResponse<T>;
  };
  return { calls, request };
}

const connections = [
  {
    id: 'e1eede29-f875-4a5d-8470-17f6a29a88b1',
    authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
    tenantId: '70784a63-d24b-46a9-a4db-0e70a274b056',
    tenantType: 'ORGANISATION',
    tenantName: 'Maple Florists Inc',
    createdDateUtc: '2019-07-09T23:40:30.1833130',
    updatedDateUtc: '2020-05-15T01:35:13.8491980',
  },
  {
    id: '32587c85-a9b3-4306-ac30-b416e8f2c841',
    authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
    tenantId: 'e0da6937-de07-4a14-adee-37abfac298ce',
    tenantType: 'PRACTICE',
    tenantName: null,
    createdDateUtc: '2020-05-15T01:35:13.8491980',
    updatedDateUtc: '2020-05-15T01:35:13.8491980+00:00',
  },
];

describe('decodeJwtClaims', () => {
  it('reads the payload of a JWT', () => {
    expect(decodeJwtClaims(jwt({ authentication_event_id: 'abc', xero_userid: 'u' }))).toEqual({
      authentication_event_id: 'abc',
      xero_userid: 'u',
    });
  });
  it.each([['opaque-token'], ['a.b'], ['a.!!!.c'], [`x.${Buffer.from('[1,2]').toString('base64url')}.y`], [undefined]])(
    'gives undefined for %s',
    (token) => {
      expect(decodeJwtClaims(token)).toBeUndefined();
    },
  );
});

describe('resolveXeroTenants', () => {
  it('asks /connections for the tenants of this consent only and maps them', async () => {
    const { calls, request } = fakeRequest(() => ({ data: connections }));
    const tenants = await resolveXeroTenants({
      tokens: tokens(jwt({ authentication_event_id: 'd99ecdfe-391d-43d2-b834-17636ba90e8d' })),
      callbackParams: {},
      request,
      urls,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'GET',
      url: '',
      base: 'connections',
      query: { authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d' },
    });
    expect(calls[0]!.anonymous).toBeUndefined();
    expect(tenants).toEqual([
      {
        id: '70784a63-d24b-46a9-a4db-0e70a274b056',
        name: 'Maple Florists Inc',
        type: 'ORGANISATION',
        metadata: {
          connectionId: 'e1eede29-f875-4a5d-8470-17f6a29a88b1',
          authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
          tenantType: 'ORGANISATION',
          createdAt: '2019-07-09T23:40:30.183Z',
          updatedAt: '2020-05-15T01:35:13.849Z',
        },
      },
      {
        id: 'e0da6937-de07-4a14-adee-37abfac298ce',
        type: 'PRACTICE',
        metadata: {
          connectionId: '32587c85-a9b3-4306-ac30-b416e8f2c841',
          authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
          tenantType: 'PRACTICE',
          createdAt: '2020-05-15T01:35:13.849Z',
          updatedAt: '2020-05-15T01:35:13.849Z',
        },
      },
    ]);
  });

  it('lists every connection when the access token is not a decodable JWT', async () => {
    const { calls, request } = fakeRequest(() => ({ data: [] }));
    const tenants = await resolveXeroTenants({ tokens: tokens('opaque'), callbackParams: {}, request, urls });
    expect(tenants).toEqual([]);
    expect(calls[0]!.query).toEqual({});
  });

  it('rejects a body that is not a list', async () => {
    const { request } = fakeRequest(() => ({ data: { Title: 'Unauthorized' } }));
    await expect(resolveXeroTenants({ tokens: tokens('t'), callbackParams: {}, request, urls })).rejects.toBeInstanceOf(
      ProviderError,
    );
  });

  it('skips malformed entries rather than inventing tenants', async () => {
    const { request } = fakeRequest(() => ({ data: [{ id: 'x' }, null, connections[0]] }));
    const tenants = await resolveXeroTenants({ tokens: tokens('t'), callbackParams: {}, request, urls });
    expect(tenants.map((t) => t.id)).toEqual(['70784a63-d24b-46a9-a4db-0e70a274b056']);
  });
});

describe('connectionToTenant', () => {
  it('keeps an unparseable date out of the metadata', () => {
    expect(connectionToTenant({ id: 'c', tenantId: 't', createdDateUtc: 'yesterday' })).toEqual({
      id: 't',
      metadata: { connectionId: 'c' },
    });
  });
});

describe('revokeXeroTokens', () => {
  it('posts the refresh token as a form with HTTP Basic client authentication, bypassing the auth layer', async () => {
    const { calls, request } = fakeRequest(() => ({ data: '' }));
    await revokeXeroTokens({
      tokens: tokens('access', 'refresh/+=token'),
      request,
      urls,
      clientId: 'CLIENTID',
      clientSecret: 'sec ret:+',
    });
    expect(calls).toHaveLength(1);
    const req = calls[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://identity.xero.com/connect/revocation');
    expect(req.anonymous).toBe(true);
    expect(req.body).toBe('token=refresh%2F%2B%3Dtoken');
    expect(req.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers?.Authorization).toBe(`Basic ${Buffer.from('CLIENTID:sec+ret%3A%2B').toString('base64')}`);
  });

  it('refuses without a refresh token and says why, without secrets', async () => {
    const { calls, request } = fakeRequest(() => ({}));
    const p = revokeXeroTokens({ tokens: tokens('ACCESS-SECRET'), request, urls, clientId: 'id', clientSecret: 'SECRET' });
    await expect(p).rejects.toBeInstanceOf(AuthError);
    await expect(p).rejects.not.toThrow(/SECRET/);
    expect(calls).toHaveLength(0);
  });

  it('needs a revocation URL', async () => {
    const { request } = fakeRequest(() => ({}));
    await expect(
      revokeXeroTokens({ tokens: tokens('a', 'r'), request, urls: { api: urls.api }, clientId: 'id', clientSecret: 's' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('basicAuthorization', () => {
  it('form-encodes before base64 (RFC 6749 §2.3.1)', () => {
    expect(basicAuthorization('a b', 'c:d')).toBe(`Basic ${Buffer.from('a+b:c%3Ad').toString('base64')}`);
  });
});

describe('disconnectXeroTenant', () => {
  it('deletes the connection named in the tenant metadata', async () => {
    const { calls, request } = fakeRequest(() => ({ status: 204, data: '' }));
    await disconnectXeroTenant({
      tenant: { id: 't1', metadata: { connectionId: 'conn-1' } },
      request,
      urls: { ...urls, connections: 'https://api.xero.com/connections/' },
    });
    expect(calls).toEqual([
      { method: 'DELETE', url: 'https://api.xero.com/connections/conn-1', operation: 'connections.delete' },
    ]);
  });

  it('looks the connection up by tenant id when the metadata lacks it', async () => {
    const { calls, request } = fakeRequest((req) => (req.method === 'GET' ? { data: connections } : { status: 204 }));
    await disconnectXeroTenant({ tenant: { id: 'e0da6937-de07-4a14-adee-37abfac298ce' }, request, urls });
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', ''],
      ['DELETE', 'https://api.xero.com/connections/32587c85-a9b3-4306-ac30-b416e8f2c841'],
    ]);
  });

  it('fails clearly when the tenant is not connected', async () => {
    const { calls, request } = fakeRequest(() => ({ data: connections }));
    await expect(disconnectXeroTenant({ tenant: { id: 'gone' }, request, urls })).rejects.toBeInstanceOf(AuthError);
    expect(calls).toHaveLength(1);
  });
});
