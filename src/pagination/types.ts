/**
 * Types shared by the pagination strategies.
 * @module
 */
import type { HttpRequest, HttpResponse, RequestFn } from '../http/types';
import type { PageCursor } from './cursor';

/** One fetched page. */
export interface Page {
  /** The raw records the spec's `select` pulled out of the body, in order. May be empty (an empty last page). */
  records: unknown[];
  /**
   * Resume point **after** this page: passing it back as `cursor` makes the next request exactly the one that would
   * have followed this page. `null` when this was the last page.
   */
  cursor: PageCursor | null;
  /** The response the records came from. */
  response: HttpResponse;
  /** 0-based index of this page within this walk (a resumed walk starts at 0 again). */
  pageIndex: number;
}

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** Sends one request (the authenticated, retried, throttled pipeline in production; a fake in tests). */
  request: RequestFn;
  /**
   * The first request of the walk: method (usually `GET`), `url` relative to the API base (or absolute), fixed `query`
   * and `headers`, the named `base`. Strategies add their paging parameters to it; apply incremental filters before
   * (see `applyIncremental`).
   */
  base: HttpRequest;
  /**
   * Records per page where the API takes a size. Defaults to the spec's `pageSize`, which is also the maximum: larger
   * values are clamped to it. Must be a positive integer.
   */
  pageSize?: number;
  /** Only passed on by the `query-language` strategy (to `buildQuery`); other strategies expect it applied to `base`. */
  modifiedSince?: string;
  /** Resume point from a previous page. `null`/omitted starts at the first page. */
  cursor?: PageCursor | null;
  /** Cancels the walk: checked before each request and passed to the request. Defaults to `base.signal`. */
  signal?: AbortSignal;
  /**
   * Absolute URL of the API base that relative `base.url`s are resolved against (the environment's `api` URL). Used to
   * resolve root-relative next links in bodies. When omitted it is worked out from the first response's URL.
   */
  baseUrl?: string;
  /** Provider id, for errors. */
  provider?: string;
}

/** What every strategy receives once options are validated. */
export interface StrategyContext {
  request: RequestFn;
  base: HttpRequest;
  /** The requested page size (caller's value or the spec default), not yet clamped by the strategy. */
  pageSize: number | undefined;
  modifiedSince: string | undefined;
  signal: AbortSignal | undefined;
  baseUrl: string | undefined;
  provider: string | undefined;
}
