/**
 * Server-issued next links: in the body (Sage `$next`, Business Central `@odata.nextLink`, Exact `d.__next`, MYOB
 * `NextPageLink`) or in the RFC 8288 `Link` header (FreeAgent).
 * @module
 */
import type { HttpRequest } from '../../http/types';
import type { NextLinkPagination } from '../../provider/types';
import type { NextLinkCursor } from '../cursor';
import { effectivePageSize, fetchPage, pagingError } from '../fetch-page';
import { findLinkByRel } from '../link-header';
import { deriveApiBase, isAbsoluteUrl, normalizeUrl, resolveBodyLink, resolveLinkTarget } from '../resolve-link';
import type { Page, StrategyContext } from '../types';

/** The request for a followed link: the base request's headers and settings, the link's own query string. */
function followRequest(base: HttpRequest, url: string): HttpRequest {
  const { query: _ignored, ...rest } = base;
  return { ...rest, url };
}

/** A URL for an error message: no query string, which may carry opaque provider tokens. */
function withoutQuery(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}

/**
 * The first request is `base` plus `sizeParam=pageSize` (when the spec has a size parameter); every following request
 * is the next link as given (resolved to an absolute URL, see `resolve-link`) with the base request's headers. The
 * walk ends when the link is absent, `null` or empty. A link back to a page already read in this walk would loop
 * forever: that is a `ProviderError`.
 */
export async function* paginateNextLink(
  spec: NextLinkPagination,
  ctx: StrategyContext,
  cursor: NextLinkCursor | undefined,
): AsyncGenerator<Page> {
  let req: HttpRequest;
  if (cursor) {
    req = followRequest(ctx.base, cursor.url);
  } else {
    const size = effectivePageSize(ctx.pageSize, spec.pageSize);
    req =
      spec.sizeParam !== undefined && size !== undefined
        ? { ...ctx.base, query: { ...ctx.base.query, [spec.sizeParam]: size } }
        : ctx.base;
  }
  let apiBase = ctx.baseUrl;
  // Every URL read in this walk: one string per page, so a multi-page cycle is caught as well as a self-link.
  const visited = new Set<string>();
  for (let pageIndex = 0; ; pageIndex++) {
    const { response, records } = await fetchPage(ctx, req, spec.select);
    const pageUrl = isAbsoluteUrl(response.url) ? response.url : isAbsoluteUrl(req.url) ? req.url : undefined;
    if (pageUrl !== undefined) visited.add(normalizeUrl(pageUrl));
    if (isAbsoluteUrl(req.url)) visited.add(normalizeUrl(req.url));
    apiBase ??= deriveApiBase(pageUrl, ctx.base.url);

    const raw = spec.source.from === 'body' ? spec.source.next(response.data) : findLinkByRel(response.headers.link, 'next');
    let next: NextLinkCursor | null = null;
    if (raw !== undefined && raw !== null) {
      if (typeof raw !== 'string') {
        throw pagingError(ctx, `unexpected next link of type ${typeof raw} in ${req.operation ?? 'list'} response`, response);
      }
      if (raw.trim() !== '') {
        const url =
          spec.source.from === 'body' ? resolveBodyLink(raw, { apiBase, pageUrl }) : resolveLinkTarget(raw.trim(), pageUrl);
        if (visited.has(normalizeUrl(url))) {
          throw pagingError(ctx, `next link points back to a page already read (${withoutQuery(url)}): pagination would loop`, response);
        }
        next = { version: 1, strategy: 'next-link', url };
      }
    }
    yield { records, cursor: next, response, pageIndex };
    if (next === null) return;
    req = followRequest(ctx.base, next.url);
  }
}
