/**
 * Builds QuickBooks resource definitions: the query endpoint with `STARTPOSITION`/`MAXRESULTS` paging ordered by `Id`,
 * CDC as the change feed (30-day window, 1000-object cap) falling back to a `MetaData.LastUpdatedTime` query.
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { IncrementalSpec, MapContext, ResourceDefinition } from '../../../src/provider/types';
import { qbTombstone } from '../resources/mappers';

/** CDC look-back limit (reference §3.4: at most 30 days); one hour of margin for clock skew. */
export const CDC_WINDOW_MS = 30 * 86_400_000 - 3_600_000;
/** CDC response cap (reference §3.4). */
export const CDC_MAX_OBJECTS = 1000;
/** Largest `MAXRESULTS` (reference §3.3). */
export const MAX_RESULTS = 1000;

/** Escapes a string literal of the query language (single quotes, backslash escapes; reference §3.7). */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `MetaData.LastUpdatedTime` literal for an instant. ❓ unverified: that a UTC `Z` suffix is accepted; the reference
 * only shows a numeric offset, so the offset form `+00:00` is sent.
 */
export function lastUpdatedLiteral(instant: string): string {
  return quoteLiteral(new Date(instant).toISOString().replace(/\.\d{3}Z$/, '+00:00'));
}

/** Records of one entity in a query response; `"QueryResponse": {}` (nothing left) is an empty page. */
export function selectEntity(entity: string) {
  return (body: unknown): unknown[] => {
    const qr = (body as { QueryResponse?: Record<string, unknown> } | undefined)?.QueryResponse;
    const v = qr?.[entity];
    return Array.isArray(v) ? v : [];
  };
}

/** Records of one entity in a CDC response (`CDCResponse[].QueryResponse[][entity]`), deleted stubs included. */
export function selectCdc(entity: string) {
  return (body: unknown): unknown[] => {
    const out: unknown[] = [];
    const cdc = (body as { CDCResponse?: unknown } | undefined)?.CDCResponse;
    for (const c of Array.isArray(cdc) ? cdc : []) {
      const qrs = (c as { QueryResponse?: unknown }).QueryResponse;
      for (const qr of Array.isArray(qrs) ? qrs : []) {
        const v = (qr as Record<string, unknown>)[entity];
        if (Array.isArray(v)) out.push(...v);
      }
    }
    return out;
  };
}

/** Options of {@link qbResource}. */
export interface QbResourceOptions<T extends DataType> {
  entity: string;
  /** Extra `WHERE` conditions (already in query-language syntax). */
  where?: string[];
  /** Name-list entity with an `Active` flag: add `Active IN (true,false)` so inactive rows come too. */
  names?: boolean;
  /** CDC supports the entity (not TaxCode/TaxRate; reference §3.4). Default true. */
  cdc?: boolean;
  /** Client-side filter (CDC returns every row of the entity). */
  filter?: (raw: unknown) => boolean;
  toCanonical: (raw: unknown, ctx: MapContext) => CanonicalInputOf<T>;
  get?: boolean;
}

/** A QuickBooks list resource. */
export function qbResource<T extends DataType>(o: QbResourceOptions<T>): ResourceDefinition<T> {
  const select = selectEntity(o.entity);
  const fallback: IncrementalSpec = { type: 'query-language' };
  const incremental: IncrementalSpec =
    o.cdc === false
      ? fallback
      : {
          type: 'change-feed',
          windowMs: CDC_WINDOW_MS,
          maxObjects: CDC_MAX_OBJECTS,
          request: (since) => ({ method: 'GET', url: '/cdc', query: { entities: o.entity, changedSince: since } }),
          select: selectCdc(o.entity),
          fallback: { type: 'query-language' },
          toTombstone: qbTombstone,
        };
  return {
    path: '/query',
    pagination: {
      type: 'query-language',
      pageSize: MAX_RESULTS,
      buildQuery: ({ startPosition, maxResults, modifiedSince }) => {
        const conds = [...(o.names ? ['Active IN (true,false)'] : []), ...(o.where ?? [])];
        if (modifiedSince) conds.push(`MetaData.LastUpdatedTime >= ${lastUpdatedLiteral(modifiedSince)}`);
        const where = conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
        // ❓ unverified: that ORDERBY Id sorts numerically server-side; any stable order suffices for paging.
        return { query: `SELECT * FROM ${o.entity}${where} ORDERBY Id STARTPOSITION ${startPosition} MAXRESULTS ${Math.min(maxResults, MAX_RESULTS)}` };
      },
      select,
    },
    incremental,
    deletes: o.cdc === false ? { type: 'none' } : { type: 'change-feed' },
    ...(o.filter ? { filter: o.filter } : {}),
    idOf: (raw) => {
      const id = (raw as { Id?: unknown } | null)?.Id;
      return typeof id === 'string' ? id : undefined;
    },
    toCanonical: o.toCanonical,
    ...(o.get === false ? {} : { get: { path: (id: string) => `/${o.entity.toLowerCase()}/${encodeURIComponent(id)}`, select: (body: unknown) => (body as Record<string, unknown>)[o.entity] } }),
  } as ResourceDefinition<T>;
}
