/**
 * Applying a resource's incremental filter to the first request of a page walk.
 * @module
 */
import type { HttpRequest } from '../http/types';
import type { IncrementalSpec } from '../provider/types';

/**
 * Returns a copy of `base` that reads only records modified since `modifiedSince`, for the incremental types carried
 * by the request itself:
 * - `header` → sets `spec.header` (Xero `If-Modified-Since`);
 * - `query-param` → sets `spec.param` (FreeAgent `updated_since`, Sage `updated_or_created_since`).
 *
 * The value is `spec.format(modifiedSince)` when the spec has a formatter, else the instant as given. Other types
 * (`none`, `query-language` — which `paginate` hands to `buildQuery` — and `change-feed`) and an absent
 * `modifiedSince` return `base` unchanged. `base` is never mutated.
 *
 * @example
 * ```ts
 * applyIncremental({ method: 'GET', url: '/Invoices' }, { type: 'header', header: 'If-Modified-Since', format: toHttpDate }, '2024-05-01T00:00:00Z')
 * // → { method: 'GET', url: '/Invoices', headers: { 'If-Modified-Since': 'Wed, 01 May 2024 00:00:00 GMT' } }
 * ```
 */
export function applyIncremental(base: HttpRequest, spec: IncrementalSpec, modifiedSince?: string): HttpRequest {
  if (modifiedSince === undefined) return base;
  switch (spec.type) {
    case 'header': {
      // Header names are case-insensitive: drop any spelling of the same header rather than send it twice.
      const wanted = spec.header.toLowerCase();
      const headers = Object.fromEntries(Object.entries(base.headers ?? {}).filter(([name]) => name.toLowerCase() !== wanted));
      headers[spec.header] = spec.format ? spec.format(modifiedSince) : modifiedSince;
      return { ...base, headers };
    }
    case 'query-param':
      return { ...base, query: { ...base.query, [spec.param]: spec.format ? spec.format(modifiedSince) : modifiedSince } };
    default:
      return base;
  }
}
