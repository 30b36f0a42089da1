/**
 * A linked connection: one provider, one tenant. Exposes one typed resource client per data type the provider offers
 * (`connection.invoices.list()`), a raw `request()` escape hatch that still goes through auth, limits and retries, and
 * the {@link SyncSource} the sync engine reads from.
 * @module
 */
import type { Tenant } from './auth/types';
import { MappingError, NotSupportedError, ValidationError, type FieldIssue } from './errors';
import type { UpdateInputOf, WriteInputOf } from './model/write';
import { pushOptionsOf, type PushOptions } from './writes/push-options';
import { runCreateMany, runWrite, type CreateManyResult, type DeleteResult, type WriteOptions } from './writes/write';
import { isInstant } from './model/primitives';
import type { HttpRequest, HttpResponse, RequestFn } from './http/types';
import type { DataType } from './model/data-types';
import { DATA_TYPES } from './model/data-types';
import type { CanonicalOf } from './model/registry';
import { createListResult, type ListResult } from './pagination';
import type { ProviderInstance, ResourceDefinition, ResourcesTable } from './provider/types';
import { mapRecord } from './resources/map-record';
import { readResourcePages, type ReadCursor } from './resources/reader';
import type { MappedPage, RecordIssue, SyncSource } from './sync/types';
import type { Clock } from './clock';

/** Options of `list()` and `pages()`. */
export interface ListOptions {
  /** Only records modified at or after this UTC instant (where the provider can filter; ignored otherwise). */
  modifiedSince?: string;
  /** Page size (clamped to the provider's maximum). */
  pageSize?: number;
  /** Keep the provider's record in `raw`. */
  includeRaw?: boolean;
  /**
   * Called for each record that could not be mapped or validated. Without it, `list()` throws a {@link MappingError}
   * on the first such record, so nothing is ever dropped silently. (`sync()` collects them instead.)
   */
  onIssue?: (issue: RecordIssue) => void;
  /** Report parameters: `date` (balance sheet), `fromDate`/`toDate` (profit and loss), … */
  params?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** One page of a typed read. */
export interface TypedPage<T extends DataType> {
  records: CanonicalOf<T>[];
  issues: RecordIssue[];
  /** Resume point after this page; `null` after the last page. JSON-serialisable. */
  cursor: ReadCursor | null;
}

/** Read operations every offered data type has. */
export interface ResourceReader<T extends DataType> {
  /**
   * Lists records: `await` it for the first page, `for await` it for every record (streaming, constant memory),
   * `.pages(cursor)` to checkpoint and resume, `.toArray()` to collect.
   */
  list(options?: ListOptions): ListResult<CanonicalOf<T>, ReadCursor>;
  /** Every page with its records, issues and resume cursor, starting after `cursor`. */
  pages(options?: ListOptions & { cursor?: ReadCursor | null }): AsyncGenerator<TypedPage<T>, void, undefined>;
}

/** Single-record read, present only where the provider has one. */
export interface ResourceGetter<T extends DataType> {
  /** Reads one record by the provider's id. Throws `NotFoundError` when it does not exist. */
  get(id: string, options?: { includeRaw?: boolean; signal?: AbortSignal }): Promise<CanonicalOf<T>>;
}

/** Create, where the provider supports it. */
export interface ResourceCreator<T extends DataType> {
  /**
   * Creates a record from canonical input: validated (zod + the provider's push options) before any HTTP call, sent
   * under an idempotency key, and returned as the provider stored it.
   */
  create(input: WriteInputOf<T>, options?: WriteOptions): Promise<CanonicalOf<T>>;
}

/** Batch create, where the provider takes several records in one call. */
export interface ResourceBatchCreator<T extends DataType> {
  /**
   * Creates several records in one call. Each input is validated locally first (an invalid one is reported and not
   * sent); the others go out together under one idempotency key. One result per input, in input order:
   * `{ ok: true, record }` or `{ ok: false, error }` with the field issues (local or the provider's).
   */
  createMany(inputs: readonly WriteInputOf<T>[], options?: WriteOptions): Promise<CreateManyResult<CanonicalOf<T>>[]>;
}

/** Update, where the provider supports it. */
export interface ResourceUpdater<T extends DataType> {
  /** Changes the given fields of a record; returns the record as the provider stored it. */
  update(id: string, changes: UpdateInputOf<T>, options?: WriteOptions): Promise<CanonicalOf<T>>;
}

/** Delete (or the provider's void/archive), where the provider supports it. */
export interface ResourceDeleter<T extends DataType> {
  /** Deletes, voids or archives a record, as the provider does for this type (`result.kind` says which). */
  delete(id: string, options?: WriteOptions): Promise<DeleteResult<CanonicalOf<T>>>;
}

/** Push options, on every type the provider can write. */
export interface ResourceWriteInfo {
  /** What a write of this type accepts at this provider (required fields, lengths, allowed values…). */
  pushOptions(): PushOptions;
}

type WriteClients<T extends DataType, Def> = (Def extends { write: { create: object } } ? ResourceCreator<T> : unknown) &
  (Def extends { write: { createMany: object } } ? ResourceBatchCreator<T> : unknown) &
  (Def extends { write: { update: object } } ? ResourceUpdater<T> : unknown) &
  (Def extends { write: { delete: object } } ? ResourceDeleter<T> : unknown) &
  (Def extends { write: object } ? ResourceWriteInfo : unknown);

/** The client of one data type, shaped by what the provider's resource definition offers. */
export type ResourceClient<T extends DataType, Def> = ResourceReader<T> &
  (Def extends { get: object } ? ResourceGetter<T> : unknown) &
  WriteClients<T, Def>;

/** One client per data type the provider offers; a type it lacks is simply not there (a type error at the call site). */
export type ResourceClients<R extends ResourcesTable> = {
  readonly [K in keyof R & DataType as R[K] extends ResourceDefinition ? K : never]: ResourceClient<K, R[K]>;
};

/** What every connection has besides its resource clients. */
export interface ConnectionBase {
  readonly id: string;
  readonly provider: string;
  readonly environment: string;
  readonly tenant: Tenant;
  /** True when the provider offers the data type. */
  supports(dataType: DataType): boolean;
  /** A raw request to the provider's API with auth, tenant headers, rate limits, retries and error mapping applied. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** API calls (attempts that reached the provider) made through this connection object so far. */
  apiCalls(): number;
  /** The source the sync engine reads from. */
  syncSource(): SyncSource;
}

/** A linked connection with typed resource clients. */
export type Connection<R extends ResourcesTable = ResourcesTable> = ConnectionBase & ResourceClients<R>;

/** What the ledger hands a connection. */
export interface ConnectionDeps {
  id: string;
  instance: ProviderInstance;
  tenant: Tenant;
  request: RequestFn;
  clock: Clock;
  apiCalls: () => number;
  serverTime: () => string | undefined;
  onFallback?: (dataType: DataType, reason: string) => void;
}

/**
 * Rejects bad `list()`/`pages()` options before any HTTP call, naming every bad field. A `modifiedSince` that is not a
 * UTC ISO 8601 instant would otherwise be sent to the provider (or silently ignored by one that cannot filter).
 */
function checkListOptions(operation: string, options: ListOptions, provider: string): void {
  const issues: FieldIssue[] = [];
  if (options.modifiedSince !== undefined && (typeof options.modifiedSince !== 'string' || !isInstant(options.modifiedSince))) {
    issues.push({ path: 'modifiedSince', message: `must be a UTC ISO 8601 instant such as "2024-05-01T00:00:00Z", got ${JSON.stringify(options.modifiedSince)}` });
  }
  if (options.pageSize !== undefined && (typeof options.pageSize !== 'number' || !Number.isInteger(options.pageSize) || options.pageSize < 1)) {
    issues.push({ path: 'pageSize', message: `must be a positive integer, got ${JSON.stringify(options.pageSize)}` });
  }
  if (options.onIssue !== undefined && typeof options.onIssue !== 'function') issues.push({ path: 'onIssue', message: 'must be a function' });
  if (issues.length > 0) {
    throw new ValidationError(`${operation}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { provider, issues });
  }
}

/** Builds a connection object. Used by `createLedger`; exported for custom wiring and tests. */
export function createConnection<R extends ResourcesTable>(deps: ConnectionDeps): Connection<R> {
  const { instance, tenant } = deps;
  const resources = instance.descriptor.resources as ResourcesTable;
  const readerDeps = {
    instance,
    request: deps.request,
    tenant,
    clock: deps.clock,
    ...(deps.onFallback ? { onFallback: deps.onFallback } : {}),
  };

  function pagesOf<T extends DataType>(dataType: T, options: ListOptions & { cursor?: ReadCursor | null } = {}) {
    return (async function* (): AsyncGenerator<TypedPage<T>, void, undefined> {
      checkListOptions(`${dataType}.list`, options, instance.descriptor.id);
      for await (const page of readResourcePages(readerDeps, dataType, {
        ...(options.modifiedSince ? { modifiedSince: options.modifiedSince } : {}),
        ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
        includeRaw: options.includeRaw ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
        params: { ...(options.params ?? {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
        includeDeletions: false,
      })) {
        yield {
          records: page.records as unknown as CanonicalOf<T>[],
          issues: page.issues,
          cursor: page.cursor as ReadCursor | null,
        };
      }
    })();
  }

  function clientFor<T extends DataType>(dataType: T, def: ResourceDefinition<T>) {
    const client: Partial<ResourceReader<T> & ResourceGetter<T>> = {
      list(options: ListOptions = {}) {
        return createListResult<CanonicalOf<T>, ReadCursor>((cursor) =>
          (async function* () {
            for await (const page of pagesOf(dataType, { ...options, cursor: cursor ?? null })) {
              for (const issue of page.issues) {
                if (options.onIssue) options.onIssue(issue);
                else {
                  throw new MappingError(issue.message, { provider: instance.descriptor.id, issues: issue.issues });
                }
              }
              yield { records: page.records, cursor: page.cursor };
            }
          })(),
        );
      },
      pages: (options = {}) => pagesOf(dataType, options),
    };
    // Writes: present at run time on every client so an unsupported one fails with NotSupportedError (the types
    // already leave it out).
    const writeDeps = { instance, tenant, request: deps.request };
    const writer = client as Record<string, unknown>;
    writer.create = (input: unknown, options?: WriteOptions) => runWrite(writeDeps, dataType, 'create', { input, ...(options ? { options } : {}) });
    writer.createMany = (inputs: unknown, options?: WriteOptions) => runCreateMany(writeDeps, dataType, inputs, options);
    writer.update = (id: unknown, changes: unknown, options?: WriteOptions) => runWrite(writeDeps, dataType, 'update', { id, input: changes, ...(options ? { options } : {}) });
    writer.delete = (id: unknown, options?: WriteOptions) => runWrite(writeDeps, dataType, 'delete', { id, ...(options ? { options } : {}) });
    writer.pushOptions = () => {
      const info = pushOptionsOf(instance, dataType);
      if (!info) throw new NotSupportedError(`${instance.descriptor.id} offers no write for ${dataType}`, { provider: instance.descriptor.id });
      return info;
    };
    if (def.get) {
      const get = def.get;
      client.get = async (id, options = {}) => {
        if (typeof id !== 'string' || id.length === 0) {
          throw new ValidationError(`${dataType}.get needs a non-empty id string`, {
            provider: instance.descriptor.id,
            issues: [{ path: 'id', message: 'must be a non-empty string' }],
          });
        }
        const response = await deps.request({
          method: 'GET',
          url: get.path(id),
          ...(def.base ? { base: def.base } : {}),
          ...(def.headers ? { headers: def.headers } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          operation: `${dataType}.get`,
        });
        const raw = get.select(response.data);
        const out = mapRecord(dataType, def, raw, {
          provider: instance.descriptor.id,
          tenant,
          includeRaw: options.includeRaw ?? false,
        });
        if (!out.ok) throw new MappingError(out.issue.message, { provider: instance.descriptor.id, issues: out.issue.issues });
        return out.record;
      };
    }
    return client as ResourceClient<T, ResourceDefinition<T>>;
  }

  const base: ConnectionBase = {
    id: deps.id,
    provider: instance.descriptor.id,
    environment: instance.environment,
    tenant,
    supports: (dataType) => Boolean(resources[dataType]),
    request: (req) => deps.request(req),
    apiCalls: deps.apiCalls,
    syncSource(): SyncSource {
      return {
        provider: instance.descriptor.id,
        connectionId: deps.id,
        supports: (dataType) => Boolean(resources[dataType]),
        incrementalMode: (dataType) =>
          resources[dataType] && resources[dataType]!.incremental.type !== 'none' ? 'incremental' : 'none',
        readPages: (dataType, options) =>
          readResourcePages(readerDeps, dataType, options) as AsyncIterable<MappedPage>,
        apiCalls: deps.apiCalls,
        serverTime: deps.serverTime,
      };
    },
  };

  const connection: Record<string, unknown> = { ...base };
  for (const dataType of DATA_TYPES) {
    const def = resources[dataType];
    if (def) connection[dataType] = clientFor(dataType, def as ResourceDefinition<typeof dataType>);
  }
  return Object.freeze(connection) as unknown as Connection<R>;
}
