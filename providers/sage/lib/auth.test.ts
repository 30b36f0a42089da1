/** Sage tenant resolution from `GET /businesses`. */
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/errors';
import type { HttpRequest, HttpResponse } from '../../../src/http/types';
import { resolveSageTenants } from './auth';

function ctx(items: unknown[], callbackParams: Record<string, string> = { country: 'gb' }) {
  const requests: HttpRequest[] = [];
  return {
    requests,
    ctx: {
      tokens: { accessToken: 'a', tokenType: 'bearer' } as never,
      callbackParams,
      urls: { api: 'https://api.accounting.sage.com/v3.1', core: 'https://core.example/v3.1/' },
      request: async <T>(req: HttpRequest) => {
        requests.push(req);
        return { status: 200, headers: {}, url: String(req.url), data: { $total: items.length, $page: 1, $next: null, $back: null, $items_per_page: 2147483647, $items: items } as T } as HttpResponse<T>;
      },
    },
  };
}

describe('resolveSageTenants', () => {
  it('returns every business (the caller chooses), with region and metadata, from the core API', async () => {
    const { ctx: c, requests } = ctx([
      { id: '0d40342d0287cd6b13555c54afca6c90', displayed_as: 'Business One', name: 'Business One Ltd', country: { id: 'GB', displayed_as: 'UK' }, city: 'Leeds', is_demo: false },
      { id: '49c196153fb1524b7d888cece84e8b12', displayed_as: 'Business Two', $path: '/businesses/49c196153fb1524b7d888cece84e8b12' },
    ]);
    const tenants = await resolveSageTenants(c);
    expect(requests[0]).toMatchObject({ method: 'GET', url: 'https://core.example/v3.1/businesses' });
    expect(tenants).toEqual([
      { id: '0d40342d0287cd6b13555c54afca6c90', name: 'Business One Ltd', type: 'BUSINESS', region: 'GB', metadata: { city: 'Leeds', is_demo: 'false', country: 'GB' } },
      { id: '49c196153fb1524b7d888cece84e8b12', name: 'Business Two', type: 'BUSINESS', region: 'GB', metadata: { country: 'GB' } },
    ]);
  });

  it('no business is an AuthError', async () => {
    await expect(resolveSageTenants(ctx([]).ctx)).rejects.toBeInstanceOf(AuthError);
  });
});
