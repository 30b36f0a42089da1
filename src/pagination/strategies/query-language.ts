/**
 * Query-language paging (QuickBooks `SELECT … STARTPOSITION n MAXRESULTS m`).
 * See https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries.
 * @module
 */
import type { QueryLanguagePagination } from '../../provider/types';
import type { QueryLanguageCursor } from '../cursor';
import { effectivePageSize, fetchPage } from '../fetch-page';
import type { Page, StrategyContext } from '../types';

/**
 * Builds each page's parameters with `spec.buildQuery({ startPosition, maxResults, modifiedSince, params })`
 * (`startPosition` 1-based, `params` = `base.query`). The walk ends when fewer records come back than were requested,
 * or none (QuickBooks answers an exhausted query with `"QueryResponse": {}`). A `maxResults` field in the body is
 * ignored: QuickBooks echoes the number returned there, not the limit.
 */
export async function* paginateQueryLanguage(
  spec: QueryLanguagePagination,
  ctx: StrategyContext,
  cursor: QueryLanguageCursor | undefined,
): AsyncGenerator<Page> {
  const maxResults = effectivePageSize(ctx.pageSize, spec.pageSize) ?? spec.pageSize;
  const params = ctx.base.query ?? {};
  let startPosition = cursor?.startPosition ?? 1;
  for (let pageIndex = 0; ; pageIndex++) {
    const query = spec.buildQuery({
      startPosition,
      maxResults,
      ...(ctx.modifiedSince !== undefined ? { modifiedSince: ctx.modifiedSince } : {}),
      params,
    });
    const { response, records } = await fetchPage(ctx, { ...ctx.base, query }, spec.select);
    const last = records.length === 0 || records.length < maxResults;
    const next: QueryLanguageCursor | null = last
      ? null
      : { version: 1, strategy: 'query-language', startPosition: startPosition + records.length };
    yield { records, cursor: next, response, pageIndex };
    if (next === null) return;
    startPosition = next.startPosition;
  }
}
