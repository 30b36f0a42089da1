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
import type { ProviderInstance, ResourceDefinition, WriteContext, WriteDefinition, WriteRequest } from '../provider/types';
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

/**
 * The canonical schema, the push options and the provider's cross-field checks on one create or update input.
 * `input` is the parsed input (on update: only the fields the caller gave).
 */
function validateInput(write: WriteDefinition, dataType: DataType, operation: 'create' | 'update', raw: unknown): { input: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const parsed = writeSchemaFor(dataType, operation).safeParse(raw);
  if (!parsed.success) return { input: {}, issues: zodIssues(parsed.error as never) };
  let input = parsed.data as Record<string, unknown>;
  if (operation === 'update') {
    // Schema defaults (`lineItems: []`…) must not turn into changes: keep only the fields the caller gave.
    const given = new Set(Object.keys(raw as object));
    input = Object.fromEntries(Object.entries(input).filter(([k]) => given.has(k)));
    if (given.size === 0) issues.push({ path: '', message: 'an update needs at least one field' });
  }
  issues.push(...checkPushOptions(write.fields, raw, operation));
  if (issues.length === 0 && write.validate) issues.push(...write.validate(input, operation));
  return { input, issues };
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
    const checked = validateInput(write, dataType, operation, args.input);
    issues.push(...checked.issues);
    input = checked.input;
  }
  if (issues.length > 0) throw invalid(provider, label, issues);
  const idempotencyKey = checkKey(provider, options.idempotencyKey);
  const id = args.id as string;
  const ctx: WriteContext = { tenant: deps.tenant, idempotencyKey, urls: deps.instance.urls };

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
    const lookup = idem.find(input, ctx);
    const existing = async () => {
      if (!lookup) return undefined;
      const res = await deps.request({ method: 'GET', url: lookup.url, ...(lookup.query ? { query: lookup.query } : {}), operation: `${dataType}.precheck` });
      return idem.select(res.data, input);
    };
    for (let attempt = 1; ; attempt++) {
      const found = await existing();
      if (found !== undefined) return toRecord(found);
      try {
        answer = (await send(build(), undefined)).data;
        break;
      } catch (err) {
        // Without a natural key to look up, a retry could create a duplicate: never retried (as with `none`).
        if (!lookup || !ambiguous(err) || attempt >= MAX_PRECHECK_ATTEMPTS) throw err;
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

/** The outcome of one input of `createMany`: the created record, or why it was not created. */
export type CreateManyResult<R> =
  | { ok: true; index: number; record: R }
  /**
   * Not created: refused locally (nothing sent for it) or by the provider (its issues), or — `MappingError` — created
   * but its answer could not be mapped.
   */
  | { ok: false; index: number; error: ValidationError | MappingError };

/**
 * Creates several records in one call where the provider takes arrays (`write.createMany`). Every input is validated
 * locally first; the invalid ones are reported without being sent, the valid ones go out in one request under one
 * idempotency key (so a retry after a lost answer creates none twice), and the answer is matched back per input.
 * Results come in input order. Throws only for what concerns the whole call (bad options, an unsupported type, a
 * refused request, or an answer with the wrong number of elements).
 */
export async function runCreateMany(deps: WriteDeps, dataType: DataType, inputs: unknown, options: WriteOptions = {}): Promise<CreateManyResult<unknown>[]> {
  const provider = deps.instance.descriptor.id;
  const def = deps.instance.descriptor.resources[dataType] as ResourceDefinition | undefined;
  const write = def?.write;
  const many = write?.createMany;
  const label = `${dataType}.createMany`;
  if (!def || !write || !many) throw new NotSupportedError(`${provider} does not support ${label}`, { provider });
  if (!Array.isArray(inputs) || inputs.length === 0) throw invalid(provider, label, [{ path: '', message: 'must be a non-empty array of inputs' }]);
  const idempotencyKey = checkKey(provider, options.idempotencyKey);

  const results: Array<CreateManyResult<unknown> | undefined> = new Array(inputs.length).fill(undefined);
  const valid: Array<{ index: number; input: Record<string, unknown> }> = [];
  inputs.forEach((raw, index) => {
    const checked = validateInput(write, dataType, 'create', raw);
    if (checked.issues.length > 0) results[index] = { ok: false, index, error: invalid(provider, `${dataType}.create #${index}`, checked.issues) };
    else valid.push({ index, input: checked.input });
  });
  if (valid.length === 0) return results as CreateManyResult<unknown>[];

  const ctx: WriteContext = { tenant: deps.tenant, idempotencyKey };
  const req = many.request(
    valid.map((v) => v.input),
    ctx,
  );
  const idem = write.idempotency;
  const key = idem.type === 'header' || idem.type === 'query' ? idempotencyKey : undefined;
  const res = await deps.request({
    method: req.method,
    url: req.url,
    ...(req.body !== undefined ? { body: req.body } : {}),
    headers: { ...(req.headers ?? {}), ...(idem.type === 'header' ? { [idem.name]: idempotencyKey } : {}) },
    query: { ...(req.query ?? {}), ...(idem.type === 'query' ? { [idem.param]: idempotencyKey } : {}) },
    ...(key ? { idempotencyKey: key } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    operation: label,
  });
  const elements = many.select(res.data);
  if (!Array.isArray(elements) || elements.length !== valid.length) {
    throw new MappingError(`${provider}: ${label} sent ${valid.length} record(s) but the answer has ${Array.isArray(elements) ? elements.length : 'no list of'} element(s)`, { provider });
  }
  const mapCtx = { provider, tenant: deps.tenant, includeRaw: options.includeRaw ?? false };
  valid.forEach(({ index }, i) => {
    const element = elements[i];
    const providerIssues = many.errorsOf(element);
    if (providerIssues.length > 0) {
      const summary = providerIssues.map((p) => p.message).join('; ');
      results[index] = { ok: false, index, error: new ValidationError(`${provider}: ${dataType}.create #${index} refused: ${summary}`, { provider, issues: providerIssues }) };
      return;
    }
    const out = mapRecord(dataType, def, element, mapCtx);
    results[index] = out.ok
      ? { ok: true, index, record: out.record }
      : { ok: false, index, error: new MappingError(`${provider}: ${dataType}.create #${index} was carried out, but its answer could not be mapped: ${out.issue.message}`, { provider, issues: out.issue.issues }) };
  });
  return results as CreateManyResult<unknown>[];
}
