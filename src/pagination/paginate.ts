/**
 * `paginate`: the single entry point to the pagination strategies. Providers pick a strategy and name its parameters
 * in their resource table (`PaginationSpec`); the core walks the pages.
 * @module
 */
import { ConfigurationError } from '../errors';
import type { PaginationSpec } from '../provider/types';
import { cursorFor } from './cursor';
import { effectivePageSize } from './fetch-page';
import { paginateNextLink } from './strategies/next-link';
import { paginateNone } from './strategies/none';
import { paginateOffset } from './strategies/offset';
import { paginatePageNumber } from './strategies/page-number';
import { paginateQueryLanguage } from './strategies/query-language';
import { paginateRecordOffset } from './strategies/record-offset';
import type { Page, PaginateOptions, StrategyContext } from './types';

/**
 * Walks the pages of a list endpoint, one request per page, lazily: a page is requested only when the consumer asks
 * for it, so breaking out of a `for await` stops the requests. Every page carries the cursor to resume after it
 * (`null` on the last page); passing that cursor back makes the next request exactly the one that would have followed.
 *
 * End detection is the provider's real signal (page count, `hasMore` flag, absent next link, short or empty page, per
 * the spec), never a guess from a full page when the API says more. A cursor of another strategy, a malformed cursor
 * or an invalid `pageSize` is a `ConfigurationError` raised before any request.
 *
 * @example
 * ```ts
 * for await (const page of paginate(resource.pagination, { request, base: { method: 'GET', url: '/Invoices' } })) {
 *   await save(page.records);
 *   await checkpoint(page.cursor); // null after the last page
 * }
 * ```
 */
export async function* paginate(spec: PaginationSpec, options: PaginateOptions): AsyncGenerator<Page> {
  const cursor = cursorFor(spec, options.cursor);
  // Validated here so a bad value fails before the first request even for strategies that read it later.
  if (options.pageSize !== undefined) effectivePageSize(options.pageSize, undefined);
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new ConfigurationError(`baseUrl must be an absolute URL (got ${JSON.stringify(options.baseUrl)})`);
    }
  }
  const ctx: StrategyContext = {
    request: options.request,
    base: options.base,
    pageSize: options.pageSize,
    modifiedSince: options.modifiedSince,
    signal: options.signal ?? options.base.signal,
    baseUrl: options.baseUrl,
    provider: options.provider,
  };
  switch (spec.type) {
    case 'none':
      if (cursor !== undefined) throw new ConfigurationError('invalid page cursor: an unpaginated list cannot be resumed');
      yield* paginateNone(spec, ctx);
      return;
    case 'page-number':
      yield* paginatePageNumber(spec, ctx, cursor as Parameters<typeof paginatePageNumber>[2]);
      return;
    case 'offset':
      yield* paginateOffset(spec, ctx, cursor as Parameters<typeof paginateOffset>[2]);
      return;
    case 'next-link':
      yield* paginateNextLink(spec, ctx, cursor as Parameters<typeof paginateNextLink>[2]);
      return;
    case 'query-language':
      yield* paginateQueryLanguage(spec, ctx, cursor as Parameters<typeof paginateQueryLanguage>[2]);
      return;
    case 'record-offset':
      yield* paginateRecordOffset(spec, ctx, cursor as Parameters<typeof paginateRecordOffset>[2]);
      return;
    default: {
      const unknownType = (spec as { type?: unknown }).type;
      throw new ConfigurationError(`unknown pagination type ${JSON.stringify(unknownType)}`);
    }
  }
}
