/**
 * Building blocks of the Xero resource table: envelope selectors, the two pagination shapes Xero uses, the
 * `If-Modified-Since` incremental spec, and `where` clause helpers.
 *
 * @see https://developer.xero.com/documentation/api/accounting/requests-and-responses#pagination
 * @module
 */
import type { IncrementalSpec, NoPagination, PageNumberPagination, RecordSelector } from '../../../src/provider/types';
import { formatIfModifiedSince } from './dates';

/**
 * Records per page for the paged endpoints. Xero's parameter text says "up to 100" and its default is 100; a maximum
 * of 1000 is reported by third parties only (unverified), so 100 is both the default and the cap here — a larger
 * `pageSize` asked by a caller is clamped to it.
 */
export const XERO_PAGE_SIZE = 100;

/**
 * Selects `body[key]` — Xero wraps every list in an envelope (`{ Id, Status, DateTimeUTC, Invoices: [...] }`).
 * A body without the key is passed on as-is so the core reports "not an array" instead of an empty page.
 */
export function selectEnvelope(key: string): RecordSelector {
  return (body) => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : body) as unknown[];
}

/** `pagination.pageCount` of a paged Xero response, when present. */
export function xeroPageCount(body: unknown): number | undefined {
  const p = (body as { pagination?: { pageCount?: unknown } } | null)?.pagination;
  return typeof p?.pageCount === 'number' && Number.isInteger(p.pageCount) ? p.pageCount : undefined;
}

/**
 * `page`/`pageSize` paging (1-based) ending on `pagination.pageCount`; without a count the core falls back to a short
 * page, and an empty page always ends the walk (older Xero responses omit `pagination`).
 */
export function xeroPaged(key: string): PageNumberPagination {
  return {
    type: 'page-number',
    pageParam: 'page',
    sizeParam: 'pageSize',
    pageSize: XERO_PAGE_SIZE,
    firstPage: 1,
    end: { by: 'page-count', pageCount: xeroPageCount },
    select: selectEnvelope(key),
  };
}

/** One request returns everything (Accounts, Items, TaxRates, TrackingCategories, Organisation, reports). */
export function xeroUnpaged(key: string): NoPagination {
  return { type: 'none', select: selectEnvelope(key) };
}

/** `If-Modified-Since: YYYY-MM-DDTHH:mm:ss` (UTC, whole seconds). */
export const IF_MODIFIED_SINCE: IncrementalSpec = {
  type: 'header',
  header: 'If-Modified-Since',
  format: formatIfModifiedSince,
};

/**
 * A Xero `where` equality clause on a string field: `Type=="ACCREC"`. Double quotes and backslashes in the value are
 * escaped for Xero's C#-like filter syntax.
 */
export function whereEquals(field: string, value: string): string {
  return `${field}==${JSON.stringify(value)}`;
}

/** The single record of a `GET /X/{id}` envelope (`{ Invoices: [ {...} ] }`), or `undefined`. */
export function firstOf(key: string): (body: unknown) => unknown {
  return (body) => {
    const list = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
    return Array.isArray(list) ? list[0] : undefined;
  };
}

/** The raw record's id field as a string, for issues. */
export function idField(field: string): (raw: unknown) => string | undefined {
  return (raw) => {
    const v = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
}

/** Encodes an id for a path segment. */
export function pathOf(prefix: string): (id: string) => string {
  return (id) => `${prefix}/${encodeURIComponent(id)}`;
}

/** What varies between the Xero resources of the descriptor's table. */
export interface XeroResourceSpec<T> {
  /** Endpoint, e.g. `/Invoices`. */
  path: string;
  /** Envelope key of the records, e.g. `Invoices`. */
  key: string;
  /** Id field of a record, e.g. `InvoiceID`. */
  id: string;
  /** Paged with `page`/`pageSize` (default false: one request returns everything). */
  paged?: boolean;
  /** `where` equality filter, e.g. `['Type', 'ACCREC']`. */
  where?: [string, string];
  /** Extra fixed query parameters. */
  query?: Record<string, string>;
  /** Accepts `If-Modified-Since` (default true). */
  modifiedSince?: boolean;
  /** How deletes show (default status). */
  deletes?: 'status' | 'none';
  /** Has `GET <path>/{id}` (default true). */
  get?: boolean;
  filter?: (raw: unknown) => boolean;
  /** Another resource reads the same list with another filter (`ResourceDefinition.sharedList`). */
  sharedList?: string;
  toCanonical: (raw: unknown) => T;
}

/**
 * One entry of the Xero resources table from the few facts that vary between endpoints, so every resource is paged,
 * filtered and read incrementally the same way.
 */
export function xeroResource<T, const G extends boolean = true>(
  spec: XeroResourceSpec<T> & { get?: G },
): XeroResourceEntry<T> & (G extends false ? unknown : { get: { path: (id: string) => string; select: (body: unknown) => unknown } }) {
  const query = { ...(spec.query ?? {}), ...(spec.where ? { where: whereEquals(spec.where[0], spec.where[1]) } : {}) };
  const entry: XeroResourceEntry<T> & { get?: { path: (id: string) => string; select: (body: unknown) => unknown } } = {
    path: spec.path,
    ...(Object.keys(query).length > 0 ? { query: () => query } : {}),
    pagination: spec.paged ? xeroPaged(spec.key) : xeroUnpaged(spec.key),
    incremental: spec.modifiedSince === false ? ({ type: 'none' } as const) : IF_MODIFIED_SINCE,
    deletes: { type: spec.deletes ?? 'status' } as const,
    ...(spec.filter ? { filter: spec.filter } : {}),
    ...(spec.sharedList ? { sharedList: spec.sharedList } : {}),
    idOf: idField(spec.id),
    toCanonical: spec.toCanonical,
    ...(spec.get === false ? {} : { get: { path: pathOf(spec.path), select: firstOf(spec.key) } }),
  };
  return entry as XeroResourceEntry<T> & (G extends false ? unknown : { get: { path: (id: string) => string; select: (body: unknown) => unknown } });
}

/** A Xero resources-table entry (without `get`). */
export interface XeroResourceEntry<T> {
  path: string;
  query?: () => Record<string, string>;
  pagination: PageNumberPagination | NoPagination;
  incremental: IncrementalSpec;
  deletes: { type: 'status' | 'none' };
  filter?: (raw: unknown) => boolean;
  sharedList?: string;
  idOf: (raw: unknown) => string | undefined;
  toCanonical: (raw: unknown) => T;
}
