/**
 * Builds Sage list resources: full records in one read (`attributes=all`, no N+1), `items_per_page=200` (the
 * maximum) following the relative `$next` link of the `$items` envelope until it is null, incremental reads with
 * `updated_or_created_since` (inclusive) and, where the endpoint has it, the `deleted_since` (exclusive) deletion
 * feed turned into tombstones.
 *
 * The v3.1 Swagger declares list responses as bare arrays; real ones are envelopes
 * `{ "$total", "$page", "$next", "$back", "$items_per_page", "$items" }` (reference §4.3). A bare array is accepted
 * too, as the only page.
 *
 * @see https://developer.sage.com/accounting/guides/concepts/pagination/
 * @see https://developer.sage.com/accounting/guides/concepts/best_practices/
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { QueryParams } from '../../../src/http/types';
import type { MapContext, ResourceDefinition } from '../../../src/provider/types';
import { toTombstone } from '../resources/mappers';
import { idOf } from './values';

/** Largest `items_per_page` (reference §4.3: default 20, max 200). */
export const MAX_ITEMS_PER_PAGE = 200;

/**
 * An instant in the format the Swagger parameter text gives for `updated_or_created_since` and `deleted_since`:
 * `YYYY-MM-DDThh:mm:ss(+|-)hh:mm` (UTC, `+00:00`, no fraction).
 * @example sageTimestamp('2026-03-01T10:20:30.456Z') // '2026-03-01T10:20:30+00:00'
 */
export function sageTimestamp(instant: string): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Records of a list response: `$items` of the envelope (or a bare array). */
export function selectItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const items = (body as { $items?: unknown } | null | undefined)?.$items;
  return Array.isArray(items) ? items : [];
}

/** The `$next` link of an envelope (`null` on the last page). */
export function nextOf(body: unknown): string | null {
  const next = (body as { $next?: unknown } | null | undefined)?.$next;
  return typeof next === 'string' && next !== '' ? next : null;
}

/** Options of {@link sageResource}. */
export interface SageResourceOptions<T extends DataType> {
  /** List path (`/sales_invoices`). */
  path: string;
  /** The endpoint takes `deleted_since` (reference §4.4: 23 endpoints). */
  deletedSince: boolean;
  /** The endpoint takes `updated_or_created_since` (default true). */
  updatedSince?: boolean;
  /** Extra fixed query parameters (server-side filters such as `contact_type_id`, `show_payments_allocations`). */
  query?: QueryParams;
  /** Query parameters of the single-record GET besides `attributes=all` (`mark_as_sent=false` on sales artefacts). */
  getQuery?: Record<string, string>;
  filter?: (raw: unknown) => boolean;
  toCanonical: (raw: unknown, ctx: MapContext) => CanonicalInputOf<T>;
}

/** A Sage list resource with GET by id (`{path}/{id}`, the full record). */
export function sageResource<T extends DataType>(o: SageResourceOptions<T>): ResourceDefinition<T> & { get: NonNullable<ResourceDefinition<T>['get']> } {
  return {
    path: o.path,
    query: () => ({ attributes: 'all', ...(o.query ?? {}) }),
    pagination: {
      type: 'next-link',
      source: { from: 'body', next: nextOf },
      sizeParam: 'items_per_page',
      pageSize: MAX_ITEMS_PER_PAGE,
      select: selectItems,
    },
    incremental: o.updatedSince === false ? { type: 'none' } : { type: 'query-param', param: 'updated_or_created_since', format: sageTimestamp },
    // ❓ unverified: that a `deleted_since` request answers only the deleted entries (`id`, `deleted_at`), not live
    // records too (reference §4.4 ◐: "returns the deleted IDs with deleted_at"). The core reads it as a pure feed.
    deletes: o.deletedSince ? { type: 'feed', param: 'deleted_since', format: sageTimestamp, toTombstone } : { type: 'none' },
    ...(o.filter ? { filter: o.filter } : {}),
    idOf,
    toCanonical: o.toCanonical,
    // ❓ unverified: that `GET {path}/{key}` answers the full record without `attributes=all` (the Swagger's key
    // endpoints take `attributes` too; the emulator answers the full record).
    get: { path: (id: string) => `${o.path}/${encodeURIComponent(id)}?${new URLSearchParams({ attributes: 'all', ...(o.getQuery ?? {}) }).toString()}`, select: (body: unknown) => body },
  } as ResourceDefinition<T> & { get: NonNullable<ResourceDefinition<T>['get']> };
}
