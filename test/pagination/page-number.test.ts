import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors';
import { paginate } from '../../src/pagination';
import type { PageNumberPagination } from '../../src/provider/types';
import { collect, fakeApi, intParam, records } from './fake-api';
import { expectResumableFromEveryCursor } from './resume';

type Body = { Items: unknown[]; pagination?: { pageCount?: number }; hasMore?: boolean };

/**
 * A Xero-style page server over `data`. `pageCount` may be overridden (to lie, or be omitted); `pageCap` caps the
 * page size the server really applies.
 */
function pageServer(data: unknown[], opts: { pageCount?: (real: number) => number | undefined; serverSize?: number } = {}) {
  return fakeApi((url) => {
    const page = intParam(url, 'page', 1);
    const size = opts.serverSize ?? intParam(url, 'pageSize', 100);
    const start = (page - 1) * size;
    const items = data.slice(start, start + size);
    const real = Math.ceil(data.length / size);
    const pageCount = opts.pageCount ? opts.pageCount(real) : real;
    const body: Body = { Items: items, hasMore: start + size < data.length };
    if (pageCount !== undefined) body.pagination = { pageCount };
    return { data: body };
  });
}

const select = (body: unknown) => (body as Body).Items;
const byCount: PageNumberPagination = {
  type: 'page-number',
  pageParam: 'page',
  sizeParam: 'pageSize',
  pageSize: 100,
  end: { by: 'page-count', pageCount: (body) => (body as Body).pagination?.pageCount },
  select,
};
const byShortPage: PageNumberPagination = { ...byCount, end: { by: 'short-page' } };
const byFlag: PageNumberPagination = { ...byCount, end: { by: 'flag', hasMore: (body) => (body as Body).hasMore === true } };

const base = { method: 'GET' as const, url: '/Invoices', query: { where: 'Type=="ACCREC"' } };

describe('page-number pagination: end detection', () => {
  const table: {
    name: string;
    spec: PageNumberPagination;
    total: number;
    pageCount?: (real: number) => number | undefined;
    requests: number;
  }[] = [
    { name: 'page-count, 250 records → 3 requests', spec: byCount, total: 250, requests: 3 },
    { name: 'page-count, exactly 300 records and pageCount 3 → 3 requests, not 4', spec: byCount, total: 300, requests: 3 },
    { name: 'page-count 0 (no records) → 1 request', spec: byCount, total: 0, requests: 1 },
    { name: 'page-count 1 with 100 records → 1 request', spec: byCount, total: 100, requests: 1 },
    { name: 'page-count absent → short page ends (250)', spec: byCount, total: 250, pageCount: () => undefined, requests: 3 },
    { name: 'page-count absent, 300 → the empty 4th page ends', spec: byCount, total: 300, pageCount: () => undefined, requests: 4 },
    { name: 'page-count larger than the data → the empty page ends', spec: byCount, total: 150, pageCount: () => 9, requests: 3 },
    { name: 'short-page, 250 → 3 requests', spec: byShortPage, total: 250, requests: 3 },
    { name: 'short-page, 300 → empty 4th page ends', spec: byShortPage, total: 300, requests: 4 },
    { name: 'short-page, empty first page → 1 request', spec: byShortPage, total: 0, requests: 1 },
    { name: 'flag, hasMore false on 3rd page of 300 → 3 requests', spec: byFlag, total: 300, requests: 3 },
    { name: 'flag, 1 record → 1 request', spec: byFlag, total: 1, requests: 1 },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const data = records(row.total);
      const api = pageServer(data, row.pageCount ? { pageCount: row.pageCount } : {});
      const pages = await collect(paginate(row.spec, { request: api.request, base }));
      expect(api.calls).toHaveLength(row.requests);
      expect(pages).toHaveLength(row.requests);
      expect(pages.flatMap((p) => p.records)).toEqual(data);
      expect(pages.map((p) => p.pageIndex)).toEqual(pages.map((_, i) => i));
      expect(pages.at(-1)?.cursor).toBeNull();
      for (const p of pages.slice(0, -1)) expect(p.cursor).not.toBeNull();
    });
  }

  it('does not stop on a short page while the page count says more pages exist', async () => {
    // The server really serves 40 per page although 100 were asked for, and reports the count for its own size.
    const data = records(100);
    const api = pageServer(data, { serverSize: 40 });
    const pages = await collect(paginate(byCount, { request: api.request, base }));
    expect(pages.map((p) => p.records.length)).toEqual([40, 40, 20]);
    expect(api.calls).toHaveLength(3);
  });

  it('an empty page ends the walk even when the flag says more', async () => {
    const api = fakeApi(() => ({ data: { Items: [], hasMore: true } }));
    const pages = await collect(paginate(byFlag, { request: api.request, base }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.cursor).toBeNull();
  });

  it('never guesses the end from a full page alone: a full last page still asks for more without a count', async () => {
    const data = records(200);
    const api = pageServer(data, { pageCount: () => undefined });
    await collect(paginate(byCount, { request: api.request, base }));
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('honours firstPage 0 with a page count', async () => {
    const data = records(250);
    const api = fakeApi((url) => {
      const page = intParam(url, 'p', 0);
      return { data: { Items: data.slice(page * 100, page * 100 + 100), pagination: { pageCount: 3 } } };
    });
    const spec: PageNumberPagination = { ...byCount, pageParam: 'p', firstPage: 0 };
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('p'))).toEqual(['0', '1', '2']);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
  });
});

describe('page-number pagination: requests', () => {
  it('keeps the base query, headers and operation, and adds page and size', async () => {
    const api = pageServer(records(5));
    await collect(paginate(byCount, { request: api.request, base: { ...base, headers: { 'xero-tenant-id': 't1' }, operation: 'invoices.list' } }));
    const [call] = api.calls;
    expect(call?.url).toBe('https://api.test/v1/Invoices?where=Type%3D%3D%22ACCREC%22&page=1&pageSize=100');
    expect(call?.request.headers).toEqual({ 'xero-tenant-id': 't1' });
    expect(call?.request.operation).toBe('invoices.list');
  });

  it.each([
    { asked: undefined, sent: '100' },
    { asked: 50, sent: '50' },
    { asked: 100, sent: '100' },
    { asked: 1000, sent: '100' },
  ])('page size $asked is sent as $sent (spec pageSize is default and maximum)', async ({ asked, sent }) => {
    const api = pageServer(records(3));
    await collect(paginate(byCount, { request: api.request, base, ...(asked !== undefined ? { pageSize: asked } : {}) }));
    expect(new URL(api.calls[0]!.url).searchParams.get('pageSize')).toBe(sent);
  });

  it('uses the spec page size as the fixed server size when there is no size parameter', async () => {
    const data = records(60);
    const api = fakeApi((url) => {
      const page = intParam(url, 'page', 1);
      return { data: { Items: data.slice((page - 1) * 25, page * 25) } };
    });
    const spec: PageNumberPagination = { type: 'page-number', pageParam: 'page', pageSize: 25, end: { by: 'short-page' }, select };
    const pages = await collect(paginate(spec, { request: api.request, base: { method: 'GET', url: '/x' }, pageSize: 10 }));
    expect(api.calls.map((c) => new URL(c.url).search)).toEqual(['?page=1', '?page=2', '?page=3']);
    expect(pages.map((p) => p.records.length)).toEqual([25, 25, 10]);
    expect(pages[0]?.cursor).toEqual({ version: 1, strategy: 'page-number', page: 2 });
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects pageSize %s before any request', async (pageSize) => {
    const api = pageServer(records(3));
    await expect(collect(paginate(byCount, { request: api.request, base, pageSize }))).rejects.toBeInstanceOf(ConfigurationError);
    expect(api.calls).toHaveLength(0);
  });
});

describe('page-number pagination: resume', () => {
  it.each([
    { spec: byCount, total: 250, pageSize: 100 },
    { spec: byCount, total: 300, pageSize: 100 },
    { spec: byShortPage, total: 300, pageSize: 100 },
    { spec: byFlag, total: 230, pageSize: 50 },
  ])('resumes from every cursor ($spec.end.by, $total records, size $pageSize)', async ({ spec, total, pageSize }) => {
    const data = records(total);
    await expectResumableFromEveryCursor(spec, () => pageServer(data), { base, pageSize });
  });

  it('keeps the page size of the cursor when resumed with another one', async () => {
    const data = records(250);
    const first = pageServer(data);
    const it = paginate(byCount, { request: first.request, base, pageSize: 50 });
    const page1 = (await it.next()).value;
    expect(page1?.cursor).toEqual({ version: 1, strategy: 'page-number', page: 2, pageSize: 50 });
    await it.return(undefined);
    const second = pageServer(data);
    const rest = await collect(paginate(byCount, { request: second.request, base, pageSize: 100, cursor: page1!.cursor }));
    expect(rest.flatMap((p) => p.records)).toEqual(data.slice(50));
    expect(new URL(second.calls[0]!.url).searchParams.get('pageSize')).toBe('50');
  });
});
