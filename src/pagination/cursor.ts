/**
 * Page cursors: the small, JSON-serialisable resume point a page walk hands out after every page. Store one (in a
 * sync checkpoint, a job queue, a URL) and pass it back to `paginate` / `list().pages(cursor)` to continue with exactly
 * the request that would have followed.
 * @module
 */
import { ConfigurationError } from '../errors';
import type { PaginationSpec } from '../provider/types';

/** Version of the cursor format. Bumped (with a migration) if the shape ever changes. */
export const PAGE_CURSOR_VERSION = 1;

/** Resume at page number `page` (page-number strategy). */
export interface PageNumberCursor {
  version: 1;
  strategy: 'page-number';
  /** The next page number to request, in the API's own numbering (`firstPage`-based). */
  page: number;
  /**
   * Page size the walk used, when the API takes one (`sizeParam`). A resumed walk keeps it, because page N of a
   * different size is a different slice of the data.
   */
  pageSize?: number;
}

/** Resume at record offset `offset` (offset strategy). */
export interface OffsetCursor {
  version: 1;
  strategy: 'offset';
  /** The next offset to request, in the API's base (0- or 1-based). */
  offset: number;
}

/** Resume by requesting `url` (next-link strategy). */
export interface NextLinkCursor {
  version: 1;
  strategy: 'next-link';
  /** The next link, resolved to an absolute URL whenever the walk could resolve it. */
  url: string;
}

/** Resume at `startPosition` (query-language strategy). */
export interface QueryLanguageCursor {
  version: 1;
  strategy: 'query-language';
  /** 1-based position of the next record. */
  startPosition: number;
}

/** Resume after the record whose offset value is `offset` (record-offset strategy). */
export interface RecordOffsetCursor {
  version: 1;
  strategy: 'record-offset';
  /** The value sent as the offset parameter (`offsetOf(last record)`). */
  offset: string;
}

/**
 * Where a page walk resumes: the request that follows the page it was issued with. `null` in a page means that page
 * was the last one.
 *
 * @example
 * ```ts
 * { version: 1, strategy: 'page-number', page: 3, pageSize: 100 }
 * { version: 1, strategy: 'next-link', url: 'https://api.accounting.sage.com/v3.1/contacts?page=2&items_per_page=20' }
 * ```
 */
export type PageCursor = PageNumberCursor | OffsetCursor | NextLinkCursor | QueryLanguageCursor | RecordOffsetCursor;

/** The strategy names a cursor can carry (every pagination type except `none`). */
export type CursorStrategy = PageCursor['strategy'];

const STRATEGIES: ReadonlySet<string> = new Set<CursorStrategy>([
  'page-number',
  'offset',
  'next-link',
  'query-language',
  'record-offset',
]);

const KEYS: Record<CursorStrategy, readonly string[]> = {
  'page-number': ['version', 'strategy', 'page', 'pageSize'],
  offset: ['version', 'strategy', 'offset'],
  'next-link': ['version', 'strategy', 'url'],
  'query-language': ['version', 'strategy', 'startPosition'],
  'record-offset': ['version', 'strategy', 'offset'],
};

function invalid(message: string): never {
  throw new ConfigurationError(`invalid page cursor: ${message}`);
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Checks that `value` is a well-formed {@link PageCursor} (for instance one read back from storage) and returns it.
 * Unknown properties, a missing or unknown version, or a field of the wrong type are rejected.
 *
 * @throws ConfigurationError when the value is not a valid cursor.
 */
export function parsePageCursor(value: unknown): PageCursor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('expected an object');
  const obj = value as Record<string, unknown>;
  if (obj.version !== PAGE_CURSOR_VERSION) invalid(`unsupported version ${JSON.stringify(obj.version)}`);
  const strategy = obj.strategy;
  if (typeof strategy !== 'string' || !STRATEGIES.has(strategy)) invalid(`unknown strategy ${JSON.stringify(strategy)}`);
  const known = KEYS[strategy as CursorStrategy];
  const extra = Object.keys(obj).filter((k) => !known.includes(k));
  if (extra.length > 0) invalid(`unexpected properties ${extra.join(', ')} for strategy "${strategy}"`);
  switch (strategy as CursorStrategy) {
    case 'page-number':
      if (!isInt(obj.page)) invalid('"page" must be an integer');
      if (obj.pageSize !== undefined && !(isInt(obj.pageSize) && obj.pageSize > 0)) {
        invalid('"pageSize" must be a positive integer');
      }
      return obj.pageSize === undefined
        ? { version: 1, strategy: 'page-number', page: obj.page }
        : { version: 1, strategy: 'page-number', page: obj.page, pageSize: obj.pageSize as number };
    case 'offset':
      if (!isInt(obj.offset) || obj.offset < 0) invalid('"offset" must be a non-negative integer');
      return { version: 1, strategy: 'offset', offset: obj.offset };
    case 'next-link':
      if (typeof obj.url !== 'string' || obj.url.trim() === '') invalid('"url" must be a non-empty string');
      return { version: 1, strategy: 'next-link', url: obj.url };
    case 'query-language':
      if (!isInt(obj.startPosition) || obj.startPosition < 1) invalid('"startPosition" must be an integer >= 1');
      return { version: 1, strategy: 'query-language', startPosition: obj.startPosition };
    case 'record-offset':
      if (typeof obj.offset !== 'string' || obj.offset === '') invalid('"offset" must be a non-empty string');
      return { version: 1, strategy: 'record-offset', offset: obj.offset };
  }
}

/**
 * Validates a cursor against the pagination spec it is meant to resume, before any request is made: the strategy must
 * match and numeric positions must be in the spec's range (e.g. not below `firstPage`).
 *
 * @returns the cursor narrowed to the spec's strategy, or `undefined` when `cursor` is `null`/`undefined`.
 * @throws ConfigurationError on a malformed cursor or one issued by another strategy.
 */
export function cursorFor<S extends PaginationSpec>(spec: S, cursor: unknown): Extract<PageCursor, { strategy: S['type'] }> | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const parsed = parsePageCursor(cursor);
  if (parsed.strategy !== spec.type) {
    invalid(`cursor of strategy "${parsed.strategy}" cannot resume a "${spec.type}" pagination`);
  }
  if (parsed.strategy === 'page-number' && spec.type === 'page-number') {
    const first = spec.firstPage ?? 1;
    if (parsed.page < first) invalid(`"page" ${parsed.page} is before the first page ${first}`);
    if (parsed.pageSize !== undefined) {
      if (spec.sizeParam === undefined) invalid('"pageSize" given for an API without a page-size parameter');
      if (parsed.pageSize > spec.pageSize) invalid(`"pageSize" ${parsed.pageSize} exceeds the maximum ${spec.pageSize}`);
    }
  }
  if (parsed.strategy === 'offset' && spec.type === 'offset' && parsed.offset < spec.base) {
    invalid(`"offset" ${parsed.offset} is below the API's base ${spec.base}`);
  }
  return parsed as Extract<PageCursor, { strategy: S['type'] }>;
}
