/**
 * Offset/limit pagination in query parameters (NetSuite `offset`/`limit` with `hasMore`, 1-based `startposition`).
 * @module
 */
import type { OffsetPagination } from '../../provider/types';
import type { OffsetCursor } from '../cursor';
import { effectivePageSize, fetchPage } from '../fetch-page';
import type { Page, StrategyContext } from '../types';

/**
 * Requests `offset = base, base + n, …` with `limit = pageSize`. The walk ends on `hasMore(body) === false` when the
 * spec has the flag, otherwise on a page shorter than the limit; an empty page always ends it. The next offset
 * advances by the records actually returned, so a server that caps the limit below ours skips nothing.
 */
export async function* paginateOffset(
  spec: OffsetPagination,
  ctx: StrategyContext,
  cursor: OffsetCursor | undefined,
): AsyncGenerator<Page> {
  const limit = effectivePageSize(ctx.pageSize, spec.pageSize) ?? spec.pageSize;
  let offset = cursor?.offset ?? spec.base;
  for (let pageIndex = 0; ; pageIndex++) {
    const query = { ...ctx.base.query, [spec.offsetParam]: offset, [spec.limitParam]: limit };
    const { response, records } = await fetchPage(ctx, { ...ctx.base, query }, spec.select);
    const last =
      records.length === 0 || (spec.hasMore ? !spec.hasMore(response.data, response) : records.length < limit);
    const next: OffsetCursor | null = last ? null : { version: 1, strategy: 'offset', offset: offset + records.length };
    yield { records, cursor: next, response, pageIndex };
    if (next === null) return;
    offset = next.offset;
  }
}
