/**
 * Reads one data type from a provider page by page: picks the incremental path, walks the pagination strategy,
 * reads deletion feeds and partitions, maps and validates every record. The one place where a resource description
 * turns into requests.
 * @module
 */
import { ConfigurationError, NotSupportedError } from '../errors';
import type { HttpRequest, RequestFn } from '../http/types';
import type { DataType } from '../model/data-types';
import type { Tenant } from '../auth/types';
import { applyIncremental, paginate, type PageCursor } from '../pagination';
import type { IncrementalSpec, ListParams, MapContext, ProviderInstance, ResourceDefinition } from '../provider/types';
import type { CanonicalRecordLike, MappedPage, ReadOptions, RecordIssue } from '../sync/types';
import type { Clock } from '../clock';
import { mapRecord } from './map-record';
import { shareKey } from './shared-reads';

/** Resume point of a resource read (JSON-serialisable). */
export interface ReadCursor {
  v: 1;
  /** `feed`: change feed; `main`: the list; `deletes`: the deletion feed. */
  phase: 'feed' | 'main' | 'deletes';
  /** Index into the parent ids for partitioned resources. */
  partition?: number;
  page: PageCursor | null;
  /** Set when the change feed was skipped or overflowed, so resumption takes the same path. */
  fallback?: boolean;
}

/** What the reader needs from the connection. */
export interface ReaderDeps {
  instance: ProviderInstance;
  request: RequestFn;
  tenant: Tenant;
  clock: Clock;
  baseCurrency?: string;
  /** Called when a change feed overflowed and the reader fell back (for logs/metrics). */
  onFallback?: (dataType: DataType, reason: string) => void;
}

function isReadCursor(c: unknown): c is ReadCursor {
  return typeof c === 'object' && c !== null && (c as ReadCursor).v === 1 && typeof (c as ReadCursor).phase === 'string';
}

function resourceOf(instance: ProviderInstance, dataType: DataType): ResourceDefinition {
  const res = instance.descriptor.resources[dataType] as ResourceDefinition | undefined;
  if (!res) {
    throw new NotSupportedError(`${instance.descriptor.displayName} has no ${dataType}`, {
      provider: instance.descriptor.id,
    });
  }
  return res;
}

function baseRequest(res: ResourceDefinition, tenant: Tenant, params: ListParams, dataType: DataType): HttpRequest {
  const path = typeof res.path === 'function' ? res.path({ tenant, params }) : res.path;
  return {
    method: 'GET',
    url: path,
    query: { ...(res.query ? res.query(params) : {}) },
    ...(res.headers ? { headers: { ...res.headers } } : {}),
    ...(res.base ? { base: res.base } : {}),
    operation: `${dataType}.list`,
  };
}

/**
 * Reads a data type page by page. Each yielded page carries mapped records, issues for records that failed mapping
 * or validation (with their raw payload), and the cursor to resume after it (`null` after the last page).
 */
export async function* readResourcePages(
  deps: ReaderDeps,
  dataType: DataType,
  options: ReadOptions & { includeDeletions?: boolean } = {},
): AsyncGenerator<MappedPage> {
  const { instance, tenant } = deps;
  const res = resourceOf(instance, dataType);
  if (options.cursor != null && !isReadCursor(options.cursor)) {
    throw new ConfigurationError(`invalid cursor for ${dataType}: not a ledgerlink read cursor`);
  }
  const start = (options.cursor as ReadCursor | null | undefined) ?? undefined;
  const modifiedSince = res.incremental.type === 'none' ? undefined : options.modifiedSince;
  const params: ListParams = { ...(options.params ?? {}), ...(modifiedSince ? { modifiedSince } : {}) };
  const mapCtx: MapContext = {
    provider: instance.descriptor.id,
    tenant,
    includeRaw: options.includeRaw ?? false,
    ...(deps.baseCurrency ? { baseCurrency: deps.baseCurrency } : {}),
  };

  const mapRaw = (raws: unknown[]): { records: CanonicalRecordLike[]; issues: RecordIssue[] } => {
    const records: CanonicalRecordLike[] = [];
    const issues: RecordIssue[] = [];
    for (const raw of raws) {
      if (res.filter && !safeFilter(res, raw)) continue;
      const out = mapRecord(dataType, res, raw, mapCtx);
      if (out.ok) records.push(out.record as CanonicalRecordLike);
      else issues.push(out.issue);
    }
    return { records, issues };
  };

  // 1. Change feed (QuickBooks CDC) when the checkpoint is inside its window.
  let incremental: IncrementalSpec = res.incremental;
  let usedFallback = start?.fallback ?? false;
  if (incremental.type === 'change-feed') {
    const feed = incremental;
    incremental = feed.fallback;
    const inWindow = modifiedSince !== undefined && deps.clock.now() - Date.parse(modifiedSince) < feed.windowMs;
    if (!usedFallback && inWindow && (!start || start.phase === 'feed')) {
      const response = await deps.request({ ...feed.request(modifiedSince), operation: `${dataType}.changes` });
      const raws = feed.select(response.data, response);
      if (raws.length < feed.maxObjects) {
        const tombstones: CanonicalRecordLike[] = [];
        const live: unknown[] = [];
        for (const raw of raws) {
          let t: { id: string; deletedAt?: string } | undefined;
          try {
            t = feed.toTombstone?.(raw);
          } catch {
            t = undefined; // mapping reports it
          }
          if (t) tombstones.push({ id: t.id, isDeleted: true, ...(t.deletedAt ? { sourceModifiedDate: t.deletedAt } : {}), tombstone: true });
          else live.push(raw);
        }
        const mapped = mapRaw(live);
        yield { ...mapped, records: [...mapped.records, ...tombstones], cursor: null };
        return;
      }
      deps.onFallback?.(dataType, `change feed returned ${raws.length} objects (cap ${feed.maxObjects}): may be truncated`);
    }
    usedFallback = true;
  }

  // 2. The list itself, per partition when the resource is per parent.
  const partitionBy = res.partitionBy;
  const partitions: (string | undefined)[] = !partitionBy
    ? [undefined]
    : 'values' in partitionBy
      ? [...partitionBy.values]
      : await listParentIds(deps, partitionBy.dataType, partitionBy.parentValue);
  const firstPartition = start?.partition ?? 0;
  const mainDone = start?.phase === 'deletes';
  if (!mainDone) {
    for (let p = firstPartition; p < partitions.length; p++) {
      let base = baseRequest(res, tenant, params, dataType);
      const parent = partitions[p];
      if (partitionBy && parent !== undefined) {
        const value = 'values' in partitionBy || !partitionBy.value || partitionBy.parentValue ? parent : partitionBy.value(parent);
        base = { ...base, query: { ...base.query, [partitionBy.param]: value } };
      }
      base = applyIncremental(base, incremental, modifiedSince);
      const resumeCursor = start && start.phase === 'main' && p === firstPartition ? start.page : undefined;
      const pageSize = typeof options.params?.pageSize === 'number' ? options.params.pageSize : undefined;
      // With read-ahead, the reader learns when the next page's request has left, so it hands over the current page
      // only then (see readAheadOne).
      const sent = options.readAhead ? sentSignal() : undefined;
      const request: RequestFn = sent ? (req) => deps.request({ ...req, onSent: sent.notify }) : deps.request;
      const read = () =>
        paginate(res.pagination, {
          request,
          base,
          ...(pageSize ? { pageSize } : {}),
          ...(incremental.type === 'query-language' && modifiedSince ? { modifiedSince } : {}),
          ...(resumeCursor !== undefined ? { cursor: resumeCursor } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      let pages: AsyncIterable<{ records: unknown[]; cursor: PageCursor | null }>;
      let sharedFrom: DataType | undefined;
      const shared = options.shared && res.sharedList && !partitionBy && resumeCursor === undefined && res.incremental.type !== 'change-feed' ? options.shared : undefined;
      if (shared) {
        // Identical requests of resources naming the same list: read once per run, replayed to the others.
        const key = listKey(res, base, pageSize, modifiedSince);
        const replayed = shared.replay(key, dataType);
        if (replayed) {
          pages = replayed.pages;
          sharedFrom = replayed.from;
        } else {
          const waiting = shared.upcoming().filter((t) => t !== dataType && sameListRequest(deps, t, res, params, incremental, modifiedSince, key, pageSize));
          const source = read();
          pages = shared.record(key, dataType, waiting, options.readAhead ? readAheadOne(source, sent?.next) : source);
        }
      } else {
        const source = read();
        pages = options.readAhead ? readAheadOne(source, sent?.next) : source;
      }
      for await (const page of pages) {
        const mapped = mapRaw(page.records);
        const lastPartition = p === partitions.length - 1;
        const hasDeletes = res.deletes.type === 'feed' && modifiedSince !== undefined && options.includeDeletions !== false;
        let cursor: ReadCursor | null;
        if (page.cursor) cursor = { v: 1, phase: 'main', partition: p, page: page.cursor, ...(usedFallback ? { fallback: true } : {}) };
        else if (!lastPartition) cursor = { v: 1, phase: 'main', partition: p + 1, page: null, ...(usedFallback ? { fallback: true } : {}) };
        else if (hasDeletes) cursor = { v: 1, phase: 'deletes', page: null, ...(usedFallback ? { fallback: true } : {}) };
        else cursor = null;
        yield { ...mapped, cursor: cursor as MappedPage['cursor'], ...(sharedFrom ? { sharedFrom } : {}) };
      }
    }
  }

  // 3. Deletion feed (Sage `deleted_since`).
  if (res.deletes.type === 'feed' && modifiedSince !== undefined && options.includeDeletions !== false) {
    const del = res.deletes;
    let base = baseRequest(res, tenant, { ...(options.params ?? {}) }, dataType);
    base = { ...base, query: { ...base.query, [del.param]: del.format ? del.format(modifiedSince) : modifiedSince }, operation: `${dataType}.deleted` };
    const resumeCursor = start?.phase === 'deletes' ? start.page : undefined;
    for await (const page of paginate(res.pagination, {
      request: deps.request,
      base,
      ...(resumeCursor ? { cursor: resumeCursor } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })) {
      const records: CanonicalRecordLike[] = [];
      const issues: RecordIssue[] = [];
      for (const raw of page.records) {
        try {
          const t = del.toTombstone(raw);
          records.push({ id: t.id, isDeleted: true, ...(t.deletedAt ? { sourceModifiedDate: t.deletedAt } : {}), tombstone: true });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          issues.push({ dataType, kind: 'mapping', message: `could not read deletion entry: ${message}`, issues: [{ path: '', message }], raw });
        }
      }
      yield { records, issues, cursor: page.cursor ? ({ v: 1, phase: 'deletes', page: page.cursor } as MappedPage['cursor']) : null };
    }
  }
}

/**
 * Whether `other` would read the same list as the current read: a resource naming the same shared list whose
 * request, built from the same parameters and modified-since, is identical (same key).
 */
function sameListRequest(
  deps: ReaderDeps,
  other: DataType,
  current: ResourceDefinition,
  params: ListParams,
  incremental: IncrementalSpec,
  modifiedSince: string | undefined,
  key: string,
  pageSize: number | undefined,
): boolean {
  const res = deps.instance.descriptor.resources[other] as ResourceDefinition | undefined;
  if (!res || res.sharedList !== current.sharedList || res.partitionBy || res.incremental.type !== incremental.type) return false;
  const since = res.incremental.type === 'none' ? undefined : modifiedSince;
  const base = applyIncremental(baseRequest(res, deps.tenant, params, other), res.incremental, since);
  return listKey(res, base, pageSize, since) === key;
}

/** The key under which a shared list's read is recorded: the list's name and everything that decides its pages. */
function listKey(res: ResourceDefinition, base: HttpRequest, pageSize: number | undefined, modifiedSince: string | undefined): string {
  return `${res.sharedList}:${shareKey(base, pageSize)}:${modifiedSince ?? ''}`;
}

/**
 * Re-yields `source`, asking it for the next item as soon as the current one arrives — before the consumer works on
 * the current one — so the next page's request overlaps this page's mapping. At most one item is in flight ahead.
 * Asking is not sending: the request still has to pass the limiters (bottleneck starts each job on a timer) and the
 * pipeline's promise steps, none of which can run while the consumer maps a page synchronously. Given `nextSent` (a
 * promise of the next request being handed to the transport, `HttpRequest.onSent`), the current item is handed over
 * only once that has happened — or the next item is already there, or after `SENT_WAIT_CAP_MS` when a limiter holds
 * the request — and one more event-loop turn, so the transport reaches the socket (measured on QuickBooks pages of
 * 1,000 invoices: 72 → 46 ms a page, the provider's own time). Closing early lets the in-flight read settle, then
 * closes the source.
 */
export async function* readAheadOne<T>(source: AsyncIterable<T>, nextSent?: () => Promise<void>): AsyncGenerator<T, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  let done = false;
  try {
    for (;;) {
      const step = await next;
      if (step.done) {
        done = true;
        return;
      }
      const sent = nextSent?.();
      next = it.next();
      next.catch(() => undefined); // observed by the next await; never an unhandled rejection meanwhile
      if (sent) {
        // Until the next request has left (or the next item is already there, or a short cap when it waits for a
        // limiter), then one turn so the transport reaches the socket.
        let cap: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([sent, next.then(noop, noop), new Promise<void>((resolve) => (cap = setTimeout(resolve, SENT_WAIT_CAP_MS)))]);
        clearTimeout(cap);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield step.value;
    }
  } finally {
    if (!done) {
      await next.catch(() => undefined);
      await it.return?.();
    }
  }
}

const noop = (): void => undefined;

/** Longest the read-ahead waits for the next request to leave before handing over the current page. */
const SENT_WAIT_CAP_MS = 10;

/** A notification each time a request is sent, and a promise of the next one. */
function sentSignal(): { notify: () => void; next: () => Promise<void> } {
  let resolve: (() => void) | undefined;
  return {
    notify: () => {
      resolve?.();
      resolve = undefined;
    },
    next: () => new Promise<void>((r) => (resolve = r)),
  };
}

function safeFilter(res: ResourceDefinition, raw: unknown): boolean {
  try {
    return res.filter ? res.filter(raw) : true;
  } catch {
    // A record the filter cannot even inspect is passed on so mapping reports it instead of silently dropping it.
    return true;
  }
}

async function listParentIds(deps: ReaderDeps, parentType: DataType, parentValue?: (parentRaw: unknown) => string | undefined): Promise<string[]> {
  const parent = resourceOf(deps.instance, parentType);
  const ids: string[] = [];
  const base = baseRequest(parent, deps.tenant, {}, parentType);
  for await (const page of paginate(parent.pagination, { request: deps.request, base })) {
    for (const raw of page.records) {
      if (parent.filter && !safeFilter(parent, raw)) continue;
      const id = parentValue ? parentValue(raw) : parent.idOf(raw);
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}
