/**
 * `page`/`pageSize` pagination (Xero `page`/`pageSize`, Sage `page`/`items_per_page`, Zoho `page_context`, FreshBooks
 * `pages`, Wave `pageInfo.totalPages`).
 * @module
 */
import type { HttpResponse } from '../../http/types';
import type { PageNumberPagination } from '../../provider/types';
import type { PageNumberCursor } from '../cursor';
import { effectivePageSize, fetchPage } from '../fetch-page';
import type { Page, StrategyContext } from '../types';

/**
 * Walks pages `firstPage`, `firstPage + 1`, … until the spec's end signal:
 * - `page-count`: the page just read is the last one the body counts (`pageCount` is a number of pages, so with
 *   `firstPage: 0` the last page is `pageCount - 1`); a count of 0 ends at once. When the body gives no count, a short
 *   page ends. A short page does **not** end the walk while the count says more pages exist.
 * - `short-page`: fewer records than the page size.
 * - `flag`: `hasMore(body)` is false.
 *
 * An empty page always ends the walk. Without a `sizeParam` the spec's `pageSize` is the server's fixed size.
 */
export async function* paginatePageNumber(
  spec: PageNumberPagination,
  ctx: StrategyContext,
  cursor: PageNumberCursor | undefined,
): AsyncGenerator<Page> {
  const firstPage = spec.firstPage ?? 1;
  const size =
    spec.sizeParam === undefined
      ? spec.pageSize
      : (cursor?.pageSize ?? effectivePageSize(ctx.pageSize, spec.pageSize) ?? spec.pageSize);
  let page = cursor?.page ?? firstPage;
  for (let pageIndex = 0; ; pageIndex++) {
    const query = { ...ctx.base.query, [spec.pageParam]: page };
    if (spec.sizeParam !== undefined) query[spec.sizeParam] = size;
    const { response, records } = await fetchPage(ctx, { ...ctx.base, query }, spec.select);
    const last = records.length === 0 || isLastPage(spec, response.data, response, page - firstPage + 1, records.length, size);
    const next: PageNumberCursor | null = last
      ? null
      : { version: 1, strategy: 'page-number', page: page + 1, ...(spec.sizeParam !== undefined ? { pageSize: size } : {}) };
    yield { records, cursor: next, response, pageIndex };
    if (next === null) return;
    page = next.page;
  }
}

/** Whether the page just read (the `ordinal`-th of the walk's numbering, 1-based) is the last one. */
function isLastPage(
  spec: PageNumberPagination,
  body: unknown,
  response: HttpResponse,
  ordinal: number,
  count: number,
  size: number,
): boolean {
  switch (spec.end.by) {
    case 'page-count': {
      const pageCount = spec.end.pageCount(body);
      if (pageCount === undefined || !Number.isFinite(pageCount)) return count < size;
      return ordinal >= pageCount;
    }
    case 'short-page':
      return count < size;
    case 'flag':
      return !spec.end.hasMore(body, response);
  }
}
