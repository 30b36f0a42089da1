import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors';
import { paginate } from '../../src/pagination';
import type { NextLinkPagination } from '../../src/provider/types';
import { collect, fakeApi, intParam, records } from './fake-api';
import { expectResumableFromEveryCursor } from './resume';

const SAGE = 'https://api.accounting.sage.com/v3.1';

type SageBody = { $total: number; $page: number; $next: string | null; $back: string | null; $items_per_page: number; $items: unknown[] };

/**
 * Sage Business Cloud Accounting list envelope. `$next` is root-relative; `prefixed` makes it repeat the `/v3.1`
 * base path. `last` lets a test replace the end-of-list `$next` value (absent, empty string).
 */
function sageServer(
  data: unknown[],
  opts: { prefixed?: boolean; last?: { $next?: unknown } | 'omit'; nextOverride?: (page: number, url: URL) => string } = {},
) {
  return fakeApi((url) => {
    const page = intParam(url, 'page', 1);
    const per = intParam(url, 'items_per_page', 20);
    const items = data.slice((page - 1) * per, page * per);
    const more = page * per < data.length;
    const prefix = opts.prefixed ? '/v3.1' : '';
    const extra = url.searchParams.get('attributes') ? `&attributes=${url.searchParams.get('attributes')}` : '';
    const body: Record<string, unknown> = {
      $total: data.length,
      $page: page,
      $next: more ? (opts.nextOverride?.(page, url) ?? `${prefix}/contacts?page=${page + 1}&items_per_page=${per}${extra}`) : null,
      $back: page > 1 ? `${prefix}/contacts?page=${page - 1}&items_per_page=${per}` : null,
      $items_per_page: per,
      $items: items,
    };
    const last = opts.last;
    if (!more && last === 'omit') delete body.$next;
    else if (!more && last !== undefined && last !== 'omit') body.$next = last.$next;
    return { data: body };
  }, SAGE);
}

const sageSpec: NextLinkPagination = {
  type: 'next-link',
  source: { from: 'body', next: (body) => (body as SageBody).$next },
  sizeParam: 'items_per_page',
  pageSize: 200,
  select: (body) => (body as SageBody).$items,
};
const sageBase = { method: 'GET' as const, url: '/contacts', query: { attributes: 'all' }, headers: { 'X-Business': 'biz-1' } };

describe('next-link pagination: body links (Sage $next)', () => {
  it.each([{ prefixed: false }, { prefixed: true }])(
    'follows root-relative $next below the base path (link repeats /v3.1: $prefixed)',
    async ({ prefixed }) => {
      const data = records(45);
      const api = sageServer(data, { prefixed });
      const pages = await collect(paginate(sageSpec, { request: api.request, base: sageBase, pageSize: 20 }));
      expect(api.calls.map((c) => c.url)).toEqual([
        `${SAGE}/contacts?attributes=all&items_per_page=20`,
        `${SAGE}/contacts?page=2&items_per_page=20&attributes=all`,
        `${SAGE}/contacts?page=3&items_per_page=20&attributes=all`,
      ]);
      expect(pages.flatMap((p) => p.records)).toEqual(data);
      expect(pages.map((p) => p.cursor)).toEqual([
        { version: 1, strategy: 'next-link', url: `${SAGE}/contacts?page=2&items_per_page=20&attributes=all` },
        { version: 1, strategy: 'next-link', url: `${SAGE}/contacts?page=3&items_per_page=20&attributes=all` },
        null,
      ]);
    },
  );

  it('sends the size parameter on the first request only and the base headers on every request', async () => {
    const api = sageServer(records(45));
    await collect(paginate(sageSpec, { request: api.request, base: { ...sageBase, operation: 'contacts.list' }, pageSize: 20 }));
    expect(api.calls[0]?.request.query).toEqual({ attributes: 'all', items_per_page: 20 });
    for (const call of api.calls.slice(1)) {
      expect(call.request.query).toBeUndefined();
      expect(call.request.method).toBe('GET');
      expect(call.request.operation).toBe('contacts.list');
    }
    expect(api.calls.map((c) => c.request.headers)).toEqual(api.calls.map(() => ({ 'X-Business': 'biz-1' })));
  });

  it.each([
    { caller: undefined, sent: '200' },
    { caller: 20, sent: '20' },
    { caller: 1000, sent: '200' },
  ])('first-request size: caller $caller → $sent', async ({ caller, sent }) => {
    const api = sageServer(records(3));
    await collect(paginate(sageSpec, { request: api.request, base: sageBase, ...(caller ? { pageSize: caller } : {}) }));
    expect(new URL(api.calls[0]!.url).searchParams.get('items_per_page')).toBe(sent);
  });

  it.each([
    { name: '$next null', last: undefined },
    { name: '$next absent', last: 'omit' as const },
    { name: '$next empty string', last: { $next: '' } },
    { name: '$next blank', last: { $next: '  ' } },
    { name: '$next undefined', last: { $next: undefined } },
  ])('ends when $name', async ({ last }) => {
    const api = sageServer(records(30), last ? { last } : {});
    const pages = await collect(paginate(sageSpec, { request: api.request, base: sageBase, pageSize: 20 }));
    expect(api.calls).toHaveLength(2);
    expect(pages.at(-1)?.cursor).toBeNull();
  });

  it('a single page: $next null on the first response → 1 request', async () => {
    const api = sageServer(records(0));
    const pages = await collect(paginate(sageSpec, { request: api.request, base: sageBase }));
    expect(api.calls).toHaveLength(1);
    expect(pages).toEqual([expect.objectContaining({ records: [], cursor: null, pageIndex: 0 })]);
  });

  it('uses an explicit baseUrl when the base request URL is absolute', async () => {
    const data = records(30);
    const api = sageServer(data);
    const pages = await collect(
      paginate(sageSpec, { request: api.request, base: { ...sageBase, url: `${SAGE}/contacts` }, pageSize: 20, baseUrl: SAGE }),
    );
    expect(api.calls[1]?.url).toBe(`${SAGE}/contacts?page=2&items_per_page=20&attributes=all`);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
  });

  it('follows absolute links as given (Exact d.__next with $skiptoken)', async () => {
    const data = records(130);
    const api = fakeApi((url) => {
      const skip = url.searchParams.get('$skiptoken');
      const start = skip === null ? 0 : Number(skip.replace(/^guid'(\d+)'$/, '$1'));
      const results = data.slice(start, start + 60);
      const end = start + results.length;
      const __next =
        end < data.length ? `https://start.exactonline.nl/api/v1/1/salesinvoice/SalesInvoices?$skiptoken=guid'${end}'` : undefined;
      return { data: { d: { results, ...(__next ? { __next } : {}) } } };
    }, 'https://start.exactonline.nl/api/v1/1');
    const spec: NextLinkPagination = {
      type: 'next-link',
      source: { from: 'body', next: (body) => (body as { d: { __next?: string } }).d.__next },
      select: (body) => (body as { d: { results: unknown[] } }).d.results,
    };
    const pages = await collect(paginate(spec, { request: api.request, base: { method: 'GET', url: '/salesinvoice/SalesInvoices' } }));
    expect(pages.flatMap((p) => p.records)).toEqual(data);
    expect(api.calls).toHaveLength(3);
    expect(new URL(api.calls[2]!.url).searchParams.get('$skiptoken')).toBe("guid'120'");
  });

  it('resumes from every cursor', async () => {
    const data = records(95);
    await expectResumableFromEveryCursor(sageSpec, () => sageServer(data, { prefixed: true }), { base: sageBase, pageSize: 20 });
  });

  it('resumes from every cursor with unprefixed links (API base worked out from the resumed page)', async () => {
    const data = records(95);
    await expectResumableFromEveryCursor(sageSpec, () => sageServer(data), { base: sageBase, pageSize: 20 });
  });
});

describe('next-link pagination: loop guard', () => {
  it('a $next pointing to the page just fetched is a ProviderError', async () => {
    const api = sageServer(records(100), { nextOverride: (page, url) => `/contacts?page=${page}&items_per_page=${url.searchParams.get('items_per_page')}` });
    const walk = paginate(sageSpec, { request: api.request, base: { method: 'GET', url: '/contacts' }, pageSize: 20 });
    const first = await walk.next();
    expect(first.value?.cursor).toEqual({ version: 1, strategy: 'next-link', url: `${SAGE}/contacts?page=1&items_per_page=20` });
    // page=1 was first requested without a page parameter, so the loop shows on the next page.
    const err = await walk.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).message).toMatch(/loop/);
    expect((err as ProviderError).message).not.toContain('items_per_page');
    expect(api.calls).toHaveLength(2);
  });

  it('a $next equal to the URL of the very first page is caught at once', async () => {
    const api = sageServer(records(100), { nextOverride: (_page, url) => `${url.pathname}${url.search}` });
    await expect(collect(paginate(sageSpec, { request: api.request, base: sageBase, pageSize: 20 }))).rejects.toBeInstanceOf(ProviderError);
    expect(api.calls).toHaveLength(1);
  });

  it('a cycle over several pages is a ProviderError', async () => {
    const api = sageServer(records(100), { nextOverride: (page) => `/contacts?page=${page === 3 ? 2 : page + 1}&items_per_page=20` });
    await expect(collect(paginate(sageSpec, { request: api.request, base: { method: 'GET', url: '/contacts' }, pageSize: 20 }))).rejects.toBeInstanceOf(
      ProviderError,
    );
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('page'))).toEqual([null, '2', '3']);
  });

  it('a Link header whose next is the current URL is a ProviderError', async () => {
    const api = fakeApi((url) => ({ data: { invoices: [{ id: 1 }] }, headers: { link: `<${url.href}>; rel="next"` } }), 'https://api.freeagent.com/v2');
    const spec: NextLinkPagination = { type: 'next-link', source: { from: 'link-header' }, select: (b) => (b as { invoices: unknown[] }).invoices };
    await expect(collect(paginate(spec, { request: api.request, base: { method: 'GET', url: '/invoices' } }))).rejects.toBeInstanceOf(ProviderError);
    expect(api.calls).toHaveLength(1);
  });

  it('a non-string next value is a ProviderError', async () => {
    const api = fakeApi(() => ({ data: { $items: [], $next: 42 } }));
    await expect(collect(paginate(sageSpec, { request: api.request, base: sageBase }))).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('next-link pagination: Link header (FreeAgent)', () => {
  const FA = 'https://api.freeagent.com/v2';
  /** FreeAgent: `page`/`per_page`, `Link` with prev/next/first/last, `X-Total-Count`. `relative` emits `?page=n` targets. */
  function freeAgentServer(data: unknown[], opts: { relative?: boolean } = {}) {
    return fakeApi((url) => {
      const page = intParam(url, 'page', 1);
      const per = intParam(url, 'per_page', 25);
      const lastPage = Math.max(1, Math.ceil(data.length / per));
      const target = (p: number) => (opts.relative ? `?page=${p}&per_page=${per}` : `${FA}/invoices?page=${p}&per_page=${per}`);
      const links = [
        page > 1 ? `<${target(page - 1)}>; rel="prev"` : undefined,
        page < lastPage ? `<${target(page + 1)}>; rel="next"` : undefined,
        `<${target(1)}>; rel="first"`,
        `<${target(lastPage)}>; rel="last"`,
      ].filter(Boolean);
      return {
        data: { invoices: data.slice((page - 1) * per, page * per) },
        headers: { link: links.join(', '), 'x-total-count': String(data.length) },
      };
    }, FA);
  }
  const spec: NextLinkPagination = {
    type: 'next-link',
    source: { from: 'link-header' },
    sizeParam: 'per_page',
    pageSize: 100,
    select: (b) => (b as { invoices: unknown[] }).invoices,
  };
  const base = { method: 'GET' as const, url: '/invoices', query: { view: 'all' } };

  it.each([{ relative: false }, { relative: true }])('walks to the page without rel="next" (relative targets: $relative)', async ({ relative }) => {
    const data = records(230);
    const api = freeAgentServer(data, { relative });
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(api.calls.map((c) => c.url)).toEqual([
      `${FA}/invoices?view=all&per_page=100`,
      `${FA}/invoices?page=2&per_page=100`,
      `${FA}/invoices?page=3&per_page=100`,
    ]);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
    expect(pages.at(-1)?.cursor).toBeNull();
  });

  it('ends after one request when the only page has first/last links but no next', async () => {
    const api = freeAgentServer(records(10));
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(api.calls).toHaveLength(1);
    expect(pages[0]?.cursor).toBeNull();
  });

  it('ends when there is no Link header at all', async () => {
    const api = fakeApi(() => ({ data: { invoices: [{ id: 1 }] } }), FA);
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.cursor).toBeNull();
  });

  it('picks next out of a combined rel="next last"', async () => {
    const api = fakeApi((url) => {
      const page = intParam(url, 'page', 1);
      return page === 1
        ? { data: { invoices: [{ id: 1 }] }, headers: { link: `<${FA}/invoices?page=1>; rel="first prev", <${FA}/invoices?page=2>; rel="next last"` } }
        : { data: { invoices: [{ id: 2 }] }, headers: { link: `<${FA}/invoices?page=1>; rel="first prev"` } };
    }, FA);
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(pages.flatMap((p) => p.records)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('resumes from every cursor', async () => {
    const data = records(230);
    await expectResumableFromEveryCursor(spec, () => freeAgentServer(data, { relative: true }), { base, pageSize: 50 });
  });
});
