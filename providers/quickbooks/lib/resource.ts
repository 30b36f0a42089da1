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

/**
 * The entity a raw record came from, for resources that read several entities (`Class` and `Department`). Kept as a
 * symbol property so the raw record itself (and its JSON) stays exactly as QuickBooks sent it.
 */
const ENTITY = Symbol('quickbooks.entity');

function tag(entity: string, rec: unknown): unknown {
  if (typeof rec === 'object' && rec !== null) Object.defineProperty(rec, ENTITY, { value: entity, enumerable: false, configurable: true });
  return rec;
}

/** The QuickBooks entity of a raw record read through {@link qbResource} (`fallback` when untagged). */
export function entityOf(raw: unknown, fallback: string): string {
  const e = typeof raw === 'object' && raw !== null ? (raw as { [ENTITY]?: unknown })[ENTITY] : undefined;
  return typeof e === 'string' ? e : fallback;
}

/** Records of the given entities in a query response; `"QueryResponse": {}` (nothing left) is an empty page. */
export function selectEntity(...entities: string[]) {
  return (body: unknown): unknown[] => {
    const qr = (body as { QueryResponse?: Record<string, unknown> } | undefined)?.QueryResponse;
    const out: unknown[] = [];
    for (const e of entities) {
      const v = qr?.[e];
      if (Array.isArray(v)) out.push(...v.map((r) => tag(e, r)));
    }
    return out;
  };
}

/** Records of the given entities in a CDC response (`CDCResponse[].QueryResponse[][entity]`), deleted stubs included. */
export function selectCdc(...entities: string[]) {
  return (body: unknown): unknown[] => {
    const out: unknown[] = [];
    const cdc = (body as { CDCResponse?: unknown } | undefined)?.CDCResponse;
    for (const c of Array.isArray(cdc) ? cdc : []) {
      const qrs = (c as { QueryResponse?: unknown }).QueryResponse;
      for (const qr of Array.isArray(qrs) ? qrs : []) {
        for (const e of entities) {
          const v = (qr as Record<string, unknown>)[e];
          if (Array.isArray(v)) out.push(...v.map((r) => tag(e, r)));
        }
      }
    }
    return out;
  };
}

/** Options of {@link qbResource}. */
export interface QbResourceOptions<T extends DataType> {
  /** The entity; its records keep QuickBooks' ids. */
  entity: string;
  /**
   * Further entities of the same canonical type (`Department` beside `Class`; `Deposit`, `Transfer` beside
   * `Purchase`). Their ids are prefixed `<Entity>:` (`Department:2`) because QuickBooks numbers each entity
   * separately ❓, so ids could collide. Read one after the other through the core's `partitionBy.values`; CDC asks for
   * all of them in one call.
   */
  more?: readonly string[];
  /** Extra `WHERE` conditions (already in query-language syntax). */
  where?: string[];
  /** Name-list entity with an `Active` flag: add `Active IN (true,false)` so inactive rows come too. */
  names?: boolean;
  /** CDC supports the entity (not TaxCode/TaxRate; reference §3.4). Default true. */
  cdc?: boolean;
  /** Client-side filter (CDC returns every row of the entity). */
  filter?: (raw: unknown) => boolean;
  /** Maps a record; `entity` is the QuickBooks entity it came from. The `<Entity>:` id prefix is added afterwards. */
  toCanonical: (raw: unknown, ctx: MapContext, entity: string) => CanonicalInputOf<T>;
  get?: boolean;
}

/** The canonical id of a QuickBooks record of `entity` (`primary` keeps the plain id). */
export function canonicalId(entity: string, primary: string, id: string): string {
  return entity === primary ? id : `${entity}:${id}`;
}

/** Splits a canonical id into entity and QuickBooks id (`Department:2` → Department, 2). */
export function splitId(id: string, primary: string, more: readonly string[]): { entity: string; id: string } {
  const m = /^([A-Za-z]+):(.+)$/.exec(id);
  if (m && more.includes(m[1]!)) return { entity: m[1]!, id: m[2]! };
  return { entity: primary, id };
}

/** A QuickBooks resource with a single-record read (`GET /{entity}/{id}`). */
export type QbResourceWithGet<T extends DataType> = ResourceDefinition<T> & { get: NonNullable<ResourceDefinition<T>['get']> };

/** A QuickBooks list resource (with `GET /{entity}/{id}` unless `get: false`). */
export function qbResource<T extends DataType>(o: QbResourceOptions<T> & { get: false }): ResourceDefinition<T>;
export function qbResource<T extends DataType>(o: QbResourceOptions<T>): QbResourceWithGet<T>;
export function qbResource<T extends DataType>(o: QbResourceOptions<T>): ResourceDefinition<T> {
  const more = o.more ?? [];
  const all = [o.entity, ...more];
  const select = selectEntity(...all);
  const fallback: IncrementalSpec = { type: 'query-language' };
  const tombstone = (raw: unknown) => {
    const t = qbTombstone(raw);
    return t ? { ...t, id: canonicalId(entityOf(raw, o.entity), o.entity, t.id) } : undefined;
  };
  const incremental: IncrementalSpec =
    o.cdc === false
      ? fallback
      : {
          type: 'change-feed',
          windowMs: CDC_WINDOW_MS,
          maxObjects: CDC_MAX_OBJECTS,
          request: (since) => ({ method: 'GET', url: '/cdc', query: { entities: all.join(','), changedSince: since } }),
          select: selectCdc(...all),
          fallback: { type: 'query-language' },
          toTombstone: tombstone,
        };
  const toCanonical = (raw: unknown, ctx: MapContext) => {
    const entity = entityOf(raw, o.entity);
    const rec = o.toCanonical(raw, ctx, entity) as { id: string };
    return (entity === o.entity ? rec : { ...rec, id: canonicalId(entity, o.entity, rec.id) }) as CanonicalInputOf<T>;
  };
  return {
    path: '/query',
    ...(more.length ? { partitionBy: { values: all, param: 'entity' } } : {}),
    pagination: {
      type: 'query-language',
      pageSize: MAX_RESULTS,
      buildQuery: ({ startPosition, maxResults, modifiedSince, params }) => {
        const entity = more.length && typeof params.entity === 'string' && all.includes(params.entity) ? params.entity : o.entity;
        const conds = [...(o.names ? ['Active IN (true,false)'] : []), ...(o.where ?? [])];
        if (modifiedSince) conds.push(`MetaData.LastUpdatedTime >= ${lastUpdatedLiteral(modifiedSince)}`);
        const where = conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
        // ❓ unverified: that ORDERBY Id sorts numerically server-side; any stable order suffices for paging.
        return { query: `SELECT * FROM ${entity}${where} ORDERBY Id STARTPOSITION ${startPosition} MAXRESULTS ${Math.min(maxResults, MAX_RESULTS)}` };
      },
      select,
    },
    incremental,
    deletes: o.cdc === false ? { type: 'none' } : { type: 'change-feed' },
    ...(o.filter ? { filter: o.filter } : {}),
    idOf: (raw) => {
      const id = (raw as { Id?: unknown } | null)?.Id;
      return typeof id === 'string' ? canonicalId(entityOf(raw, o.entity), o.entity, id) : undefined;
    },
    toCanonical,
    ...(o.get === false
      ? {}
      : {
          get: {
            path: (id: string) => {
              const s = splitId(id, o.entity, more);
              return `/${s.entity.toLowerCase()}/${encodeURIComponent(s.id)}`;
            },
            select: (body: unknown) => {
              const b = body as Record<string, unknown>;
              const e = all.find((x) => b?.[x] !== undefined);
              return e ? tag(e, b[e]) : undefined;
            },
          },
        }),
  } as ResourceDefinition<T>;
}
