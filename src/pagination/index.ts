/**
 * Pagination: the closed set of strategies (page number, offset, next link, query language, record offset, none)
 * written once as async generators over an injected request function, resumable page cursors, the `Link` header
 * parser, and `ListResult` (await the first page, `for await` every record).
 * @module
 */
export { paginate } from './paginate';
export type { Page, PaginateOptions } from './types';
export {
  PAGE_CURSOR_VERSION,
  cursorFor,
  parsePageCursor,
  type CursorStrategy,
  type NextLinkCursor,
  type OffsetCursor,
  type PageCursor,
  type PageNumberCursor,
  type QueryLanguageCursor,
  type RecordOffsetCursor,
} from './cursor';
export { findLinkByRel, parseLinkHeader, type LinkValue } from './link-header';
export { deriveApiBase, isAbsoluteUrl, normalizeUrl, resolveBodyLink, resolveLinkTarget } from './resolve-link';
export { applyIncremental } from './incremental';
export { createListResult, type ListPage, type ListResult } from './list';
