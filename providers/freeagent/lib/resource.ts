/**
 * Builds FreeAgent list resources: `page`/`per_page` (100, the maximum) followed through the RFC 5988 `Link` header to
 * the end (no `rel="next"` = last page), bodies keyed by the plural resource name (`{"invoices":[…]}`), ids from the
 * record's `url`, `updated_since` incremental reads with `sort=updated_at` where the API offers them.
 *
 * @see https://dev.freeagent.com/docs/introduction (pagination, rate limits)
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { ListParams, MapContext, ResourceDefinition } from '../../../src/provider/types';
import type { QueryParams } from '../../../src/http/types';
import { idFromUrl } from './values';

/** Largest `per_page` (reference §5.3: default 25, max 100). */
export const MAX_PER_PAGE = 100;

/** Records under `key` of a FreeAgent body (`{"invoices":[…]}`); anything else is an empty page. */
export function selectKey(key: string) {
  return (body: unknown): unknown[] => {
    const v = (body as Record<string, unknown> | null | undefined)?.[key];
    return Array.isArray(v) ? v : [];
  };
}

/** Id of a raw record from its `url` (last path segment). */
export function faIdOf(raw: unknown): string | undefined {
  const url = (raw as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return idFromUrl(url);
  } catch {
    return undefined;
  }
}

/** Options of {@link faResource}. */
export interface FaResourceOptions<T extends DataType> {
  /** Path below the API base (`/invoices`). */
  path: string;
  /** Body key of the list (`invoices`) and, singular, of one record (`invoice`). */
  key: string;
  singular: string;
  /** `updated_since` is accepted (reference §5.4). */
  updatedSince: boolean;
  /** Send `sort=updated_at` (a stable order for paging and incremental reads). */
  sortByUpdatedAt?: boolean;
  /** Fixed query parameters (`nested_invoice_items=true`). */
  query?: QueryParams | ((params: ListParams) => QueryParams);
  filter?: (raw: unknown) => boolean;
  /** Another resource reads the same list with another filter (`ResourceDefinition.sharedList`). */
  sharedList?: string;
  toCanonical: (raw: unknown, ctx: MapContext) => CanonicalInputOf<T>;
  partitionBy?: ResourceDefinition<T>['partitionBy'];
  /** Default `none` (reference §5.4: no deletion feed). `status` where a status marks the record void. */
  deletes?: 'none' | 'status';
}

/** A list resource that also reads one record by id (`GET {path}/{id}`, body `{"<singular>": {…}}`). */
export type FaResourceDefinition<T extends DataType> = ResourceDefinition<T> & { get: NonNullable<ResourceDefinition<T>['get']> };

/** A FreeAgent list resource (see the module description). */
export function faResource<T extends DataType>(o: FaResourceOptions<T>): FaResourceDefinition<T> {
  return {
    path: o.path,
    query: (params) => ({
      ...(typeof o.query === 'function' ? o.query(params) : (o.query ?? {})),
      ...(o.sortByUpdatedAt ? { sort: 'updated_at' } : {}),
    }),
    pagination: { type: 'next-link', source: { from: 'link-header' }, sizeParam: 'per_page', pageSize: MAX_PER_PAGE, select: selectKey(o.key) },
    // ❓ unverified: that `updated_since` takes a full UTC instant (`2024-01-01T00:00:00Z`); the Postman catalogue
    // shows a date (`2018-01-01`), reference §5.4 says "ISO date/time".
    incremental: o.updatedSince ? { type: 'query-param', param: 'updated_since', format: (instant) => new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z') } : { type: 'none' },
    // Reference §5.4: no deletion feed; deleted records disappear (a full reconciliation finds them).
    deletes: { type: o.deletes ?? 'none' },
    ...(o.filter ? { filter: o.filter } : {}),
    ...(o.sharedList ? { sharedList: o.sharedList } : {}),
    idOf: faIdOf,
    toCanonical: o.toCanonical,
    ...(o.partitionBy ? { partitionBy: o.partitionBy } : {}),
    get: { path: (id: string) => `${o.path}/${encodeURIComponent(id)}`, select: (body: unknown) => (body as Record<string, unknown> | null)?.[o.singular] },
  } as FaResourceDefinition<T>;
}
