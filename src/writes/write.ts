/**
 * The write path: `create`, `update` and `delete` (or void/archive) of one record.
 *
 * 1. The input is validated against the canonical write schema (zod) and the provider's push options — every bad
 *    field is named in one `ValidationError`, before any HTTP call.
 * 2. Every write has an idempotency key (the caller's or a generated UUID). With a provider mechanism (a header or a
 *    query parameter) the pipeline may retry the write after a timeout, reset or 5xx under that key. With `precheck`
 *    the executor looks for the record by its natural key before creating, and again before each retry. With `none`
 *    an ambiguous failure is never retried.
 * 3. The provider's answer is mapped back to the canonical record (validated like any read).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Tenant } from '../auth/types';
import { ErrorCodes, MappingError, NetworkError, NotSupportedError, ProviderError, TimeoutError, ValidationError, type FieldIssue } from '../errors';
import type { HttpRequest, RequestFn } from '../http/types';
import type { DataType } from '../model/data-types';
import { writeSchemaFor } from '../model/write';
import type { ProviderInstance, ResourceDefinition, WriteContext, WriteRequest } from '../provider/types';
import { mapRecord } from '../resources/map-record';
import { checkPushOptions } from './push-options';

/** Options of every write. */
export interface WriteOptions {
  /** Makes retries safe: the same key never creates a second record. Generated when omitted. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Keep the provider's answer in the returned record's `raw`. */
  includeRaw?: boolean;
}

/** What `delete` returns. */
export interface DeleteResult<R> {
  id: string;
  /** What the provider did: deleted, voided or archived the record. */
  kind: 'delete' | 'void' | 'archive';
  /** The record as the provider returned it after the operation, when it returns one. */
  record?: R;
}

/** What the write executor needs from the connection. */
export interface WriteDeps {
  instance: ProviderInstance;
  tenant: Tenant;
  request: RequestFn;
}

const MAX_PRECHECK_ATTEMPTS = 3;

function zodIssues(error: { issues: Array<{ path: PropertyKey[]; message: string; code: string }> }): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

function invalid(provider: string, operation: string, issues: FieldIssue[]): ValidationError {
  const summary = issues.map((i) => `${i.path || '(record)'} ${i.message}`).join('; ');
  return new ValidationError(`${provider}: ${operation} refused locally: ${summary}`, { provider, issues });
}

/** True for a failure after which the provider may or may not have carried the write out. */
function ambiguous(err: unknown): boolean {
  return err instanceof TimeoutError || err instanceof NetworkError || (err instanceof ProviderError && (err.status ?? 0) >= 500);
}

function checkKey(provider: string, key: unknown): string {
  if (key === undefined) return randomUUID();
  if (typeof key !== 'string' || key.trim() === '' || key.length > 128) {
    throw invalid(provider, 'write', [{ path: 'idempotencyKey', message: 'must be a non-empty string of at most 128 characters' }]);
  }
  return key;
}

/** Runs one write. `args.input` is the create input or the update changes; `args.id` the record for update/delete. */
export async function runWrite(
  deps: WriteDeps,
  dataType: DataType,
  operation: 'create' | 'update' | 'delete',
  args: { id?: unknown; input?: unknown; options?: WriteOptions },
): Promise<unknown> {
  const provider = deps.instance.descriptor.id;
  const def = deps.instance.descriptor.resources[dataType] as ResourceDefinition | undefined;
  const write = def?.write;
  const spec = write?.[operation];
  const label = `${dataType}.${operation}`;
  if (!def || !write || !spec) throw new NotSupportedError(`${provider} does not support ${label}`, { provider });
  const options = args.options ?? {};

  // 1. Validate everything before any HTTP call.
  const issues: FieldIssue[] = [];
  if (operation !== 'create' && (typeof args.id !== 'string' || args.id.trim() === '')) issues.push({ path: 'id', message: 'must be a non-empty string' });
  let input: Record<string, unknown> = {};
  if (operation !== 'delete') {
    const parsed = writeSchemaFor(dataType, operation).safeParse(args.input);
    if (!parsed.success) issues.push(...zodIssues(parsed.error as never));
    else {
      input = parsed.data as Record<string, unknown>;
      if (operation === 'update') {
        // Schema defaults (`lineItems: []`…) must not turn into changes: keep only the fields the caller gave.
        const given = new Set(Object.keys(args.input as object));
        input = Object.fromEntries(Object.entries(input).filter(([k]) => given.has(k)));
      }
      if (operation === 'update' && Object.keys(args.input as object).length === 0) issues.push({ path: '', message: 'an update needs at least one field' });
      issues.push(...checkPushOptions(write.fields, args.input, operation));
    }
  }
  if (issues.length > 0) throw invalid(provider, label, issues);
  const idempotencyKey = checkKey(provider, options.idempotencyKey);
  const id = args.id as string;
  const ctx: WriteContext = { tenant: deps.tenant, idempotencyKey };

  const mapCtx = { provider, tenant: deps.tenant, includeRaw: options.includeRaw ?? false };
  const toRecord = (raw: unknown) => {
    const out = mapRecord(dataType, def, raw, mapCtx);
    if (!out.ok) {
      throw new MappingError(`${provider}: ${label} was carried out, but its answer could not be mapped: ${out.issue.message}`, {
        provider,
        issues: out.issue.issues,
      });
    }
    return out.record;
  };
  const send = (req: WriteRequest, key: string | undefined) => {
    const idem = write.idempotency;
    const request: HttpRequest = {
      method: req.method,
      url: req.url,
      ...(req.body !== undefined ? { body: req.body } : {}),
      headers: { ...(req.headers ?? {}), ...(idem.type === 'header' && key ? { [idem.name]: key } : {}) },
      query: { ...(req.query ?? {}), ...(idem.type === 'query' && key ? { [idem.param]: key } : {}) },
      ...(key ? { idempotencyKey: key } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      operation: label,
    };
    return deps.request(request);
  };

  /** A conflict on an update/delete gets the record as it is now (canonical) attached, when it can be read. */
  const withCurrent = async (err: unknown): Promise<unknown> => {
    if (!(err instanceof ValidationError) || err.code !== ErrorCodes.CONFLICT || operation === 'create' || !def.get || err.current !== undefined) return err;
    let current: unknown;
    try {
      const res = await deps.request({ method: 'GET', url: def.get.path(id), operation: `${dataType}.get`, ...(options.signal ? { signal: options.signal } : {}) });
      current = toRecord(def.get.select(res.data));
    } catch {
      return err; // the conflict is what matters; the re-read is a convenience
    }
    return new ValidationError(err.message, {
      code: ErrorCodes.CONFLICT,
      issues: err.issues,
      current,
      cause: err,
      ...(err.provider !== undefined ? { provider: err.provider } : {}),
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      ...(err.providerCode !== undefined ? { providerCode: err.providerCode } : {}),
    });
  };

  // 2. The current record, when the provider needs it (concurrency tokens).
  if (spec.needsCurrent) {
    if (!def.get) throw new NotSupportedError(`${provider}: ${label} needs the current record but ${dataType} has no get`, { provider });
    const res = await deps.request({ method: 'GET', url: def.get.path(id), operation: `${dataType}.get`, ...(options.signal ? { signal: options.signal } : {}) });
    ctx.current = def.get.select(res.data);
  }

  const build = (): WriteRequest => {
    if (operation === 'create') return write.create!.request(input, ctx);
    if (operation === 'update') return write.update!.request({ id, changes: input }, ctx);
    return write.delete!.request({ id }, ctx);
  };

  // 3. Send, with the provider's idempotency mechanism, or a precheck by natural key, or no retry at all.
  let answer: unknown;
  if (write.idempotency.type === 'precheck' && operation === 'create') {
    const idem = write.idempotency;
    const existing = async () => {
      const lookup = idem.find(input, ctx);
      if (!lookup) return undefined;
      const res = await deps.request({ method: 'GET', url: lookup.url, ...(lookup.query ? { query: lookup.query } : {}), operation: `${dataType}.precheck` });
      return idem.select(res.data);
    };
    for (let attempt = 1; ; attempt++) {
      const found = await existing();
      if (found !== undefined) return toRecord(found);
      try {
        answer = (await send(build(), undefined)).data;
        break;
      } catch (err) {
        if (!ambiguous(err) || attempt >= MAX_PRECHECK_ATTEMPTS) throw err;
      }
    }
  } else {
    try {
      answer = (await send(build(), write.idempotency.type === 'none' ? undefined : idempotencyKey)).data;
    } catch (err) {
      throw await withCurrent(err);
    }
  }

  if (operation === 'delete') {
    const raw = write.delete!.select ? write.delete!.select(answer) : undefined;
    return { id, kind: write.delete!.kind, ...(raw !== undefined ? { record: toRecord(raw) } : {}) };
  }
  return toRecord((spec as { select: (body: unknown) => unknown }).select(answer));
}
