import { describe, expect, it } from 'vitest';
import { ConfigurationError, ProviderError } from '../../src/errors';
import { cursorFor, paginate, parsePageCursor, type PageCursor } from '../../src/pagination';
import type { NoPagination, PageNumberPagination, PaginationSpec } from '../../src/provider/types';
import { collect, fakeApi, intParam, records } from './fake-api';

const select = (body: unknown) => (body as { items: unknown[] }).items;
const none: NoPagination = { type: 'none', select };
const pageNumber: PageNumberPagination = {
  type: 'page-number',
  pageParam: 'page',
  sizeParam: 'pageSize',
  pageSize: 100,
  firstPage: 1,
  end: { by: 'short-page' },
  select,
};
const specs: Record<string, PaginationSpec> = {
  none,
  'page-number': pageNumber,
  offset: { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100, base: 1, select },
  'next-link': { type: 'next-link', source: { from: 'link-header' }, select },
  'query-language': { type: 'query-language', pageSize: 100, buildQuery: (a) => ({ q: `${a.startPosition}` }), select },
  'record-offset': { type: 'record-offset', offsetParam: 'offset', offsetOf: (r) => String(r), select },
};
const base = { method: 'GET' as const, url: '/items' };

describe('paginate: none', () => {
  it('sends exactly the base request once', async () => {
    const api = fakeApi(() => ({ data: { items: records(3) } }));
    const pages = await collect(paginate(none, { request: api.request, base: { ...base, query: { includeArchived: true } } }));
    expect(api.calls.map((c) => c.url)).toEqual(['https://api.test/v1/items?includeArchived=true']);
    expect(pages).toEqual([{ records: records(3), cursor: null, response: expect.objectContaining({ status: 200 }), pageIndex: 0 }]);
  });
});

describe('paginate: cursor validation happens before any request', () => {
  const valid: Record<string, PageCursor> = {
    'page-number': { version: 1, strategy: 'page-number', page: 2, pageSize: 50 },
    offset: { version: 1, strategy: 'offset', offset: 101 },
    'next-link': { version: 1, strategy: 'next-link', url: 'https://api.test/v1/items?page=2' },
    'query-language': { version: 1, strategy: 'query-language', startPosition: 101 },
    'record-offset': { version: 1, strategy: 'record-offset', offset: '100' },
  };

  const bad: { name: string; spec: string; cursor: unknown }[] = [
    { name: 'a string', spec: 'page-number', cursor: 'page=2' },
    { name: 'an array', spec: 'offset', cursor: [1] },
    { name: 'a number', spec: 'offset', cursor: 5 },
    { name: 'no version', spec: 'page-number', cursor: { strategy: 'page-number', page: 2 } },
    { name: 'version 2', spec: 'page-number', cursor: { version: 2, strategy: 'page-number', page: 2 } },
    { name: 'unknown strategy', spec: 'page-number', cursor: { version: 1, strategy: 'cursor', token: 'x' } },
    { name: 'page as a string', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: '2' } },
    { name: 'fractional page', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: 2.5 } },
    { name: 'page below firstPage', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: 0 } },
    { name: 'pageSize over the maximum', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: 2, pageSize: 500 } },
    { name: 'pageSize 0', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: 2, pageSize: 0 } },
    { name: 'extra property', spec: 'page-number', cursor: { version: 1, strategy: 'page-number', page: 2, offset: 3 } },
    { name: 'negative offset', spec: 'offset', cursor: { version: 1, strategy: 'offset', offset: -1 } },
    { name: 'offset below base 1', spec: 'offset', cursor: { version: 1, strategy: 'offset', offset: 0 } },
    { name: 'empty url', spec: 'next-link', cursor: { version: 1, strategy: 'next-link', url: '' } },
    { name: 'url not a string', spec: 'next-link', cursor: { version: 1, strategy: 'next-link', url: 3 } },
    { name: 'startPosition 0', spec: 'query-language', cursor: { version: 1, strategy: 'query-language', startPosition: 0 } },
    { name: 'record offset as number', spec: 'record-offset', cursor: { version: 1, strategy: 'record-offset', offset: 100 } },
    { name: 'any cursor for an unpaginated list', spec: 'none', cursor: valid['page-number'] },
  ];
  for (const [specName, cursor] of Object.entries(valid)) {
    for (const otherName of Object.keys(valid).filter((n) => n !== specName)) {
      bad.push({ name: `a ${cursor.strategy} cursor`, spec: otherName, cursor });
    }
  }

  for (const row of bad) {
    it(`${row.spec} rejects ${row.name}`, async () => {
      const api = fakeApi(() => ({ data: { items: [] } }));
      const err = await collect(paginate(specs[row.spec]!, { request: api.request, base, cursor: row.cursor as PageCursor })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigurationError);
      expect(api.calls).toHaveLength(0);
    });
  }

  it.each(Object.entries(valid))('%s accepts its own cursor', async (specName, cursor) => {
    expect(cursorFor(specs[specName]!, cursor)).toEqual(cursor);
  });

  it('parsePageCursor returns a clean copy of a stored cursor', () => {
    expect(parsePageCursor(JSON.parse('{"strategy":"offset","offset":200,"version":1}'))).toEqual({ version: 1, strategy: 'offset', offset: 200 });
    expect(() => parsePageCursor(null)).toThrow(ConfigurationError);
  });

  it('null and undefined cursors start from the beginning', async () => {
    for (const cursor of [null, undefined]) {
      const api = fakeApi(() => ({ data: { items: [] } }));
      await collect(paginate(pageNumber, { request: api.request, base, cursor }));
      expect(new URL(api.calls[0]!.url).searchParams.get('page')).toBe('1');
    }
  });
});

describe('paginate: laziness, cancellation, bad bodies', () => {
  it('requests a page only when the consumer asks for it', async () => {
    const data = records(1000);
    const api = fakeApi((url) => {
      const page = intParam(url, 'page', 1);
      return { data: { items: data.slice((page - 1) * 100, page * 100) } };
    });
    const walk = paginate(pageNumber, { request: api.request, base });
    expect(api.calls).toHaveLength(0);
    await walk.next();
    await walk.next();
    expect(api.calls).toHaveLength(2);
    await walk.return(undefined);
    expect(api.calls).toHaveLength(2);
  });

  it('an aborted signal stops before the first request and between pages', async () => {
    const data = records(1000);
    const api = fakeApi((url) => {
      const page = intParam(url, 'page', 1);
      return { data: { items: data.slice((page - 1) * 100, page * 100) } };
    });
    const already = new AbortController();
    already.abort(new Error('stop'));
    await expect(collect(paginate(pageNumber, { request: api.request, base, signal: already.signal }))).rejects.toThrow('stop');
    expect(api.calls).toHaveLength(0);

    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const page of paginate(pageNumber, { request: api.request, base: { ...base, signal: controller.signal } })) {
        seen.push(page.pageIndex);
        if (page.pageIndex === 1) controller.abort(new Error('cancelled'));
      }
    })();
    await expect(run).rejects.toThrow('cancelled');
    expect(seen).toEqual([0, 1]);
    expect(api.calls).toHaveLength(2);
    expect(api.calls.every((c) => c.request.signal === controller.signal)).toBe(true);
  });

  it('records that are not an array are a ProviderError', async () => {
    const api = fakeApi(() => ({ data: { items: { not: 'an array' } } }));
    const err = await collect(paginate(pageNumber, { request: api.request, base, provider: 'xero' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'xero', status: 200 });
  });

  it('errors from the request function propagate and stop the walk', async () => {
    let n = 0;
    const api = fakeApi(() => {
      n++;
      if (n === 2) throw new ProviderError('boom', { status: 500 });
      return { data: { items: records(100) } };
    });
    const pages: number[] = [];
    await expect(
      (async () => {
        for await (const p of paginate(pageNumber, { request: api.request, base })) pages.push(p.pageIndex);
      })(),
    ).rejects.toThrow('boom');
    expect(pages).toEqual([0]);
    expect(api.calls).toHaveLength(2);
  });

  it('rejects a relative baseUrl', async () => {
    const api = fakeApi(() => ({ data: { items: [] } }));
    await expect(collect(paginate(specs['next-link']!, { request: api.request, base, baseUrl: '/v3.1' }))).rejects.toBeInstanceOf(ConfigurationError);
    expect(api.calls).toHaveLength(0);
  });
});
