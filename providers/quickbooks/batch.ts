/**
 * `POST /batch`: up to 30 QuickBooks operations in one call, with a result per item (doc-samples/batch/01, 02; the
 * 30-item limit is ◐ from Intuit's limits page). A low-level helper on raw QuickBooks entities — the canonical
 * writes (`connection.invoices.create()`…) stay one call per record.
 *
 * The whole batch carries one `requestid` (generated when not given), so the core may retry it after a lost answer
 * and QuickBooks (and the emulator) replays the first answer instead of running the items twice ◐.
 *
 * @example
 * const results = await quickbooksBatch(connection, [
 *   { bId: 'v1', operation: 'create', entity: 'Vendor', body: { DisplayName: 'Smith Family Store' } },
 *   { bId: 'q1', query: "SELECT * FROM Invoice WHERE TotalAmt > '300.00'" },
 * ]);
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ProviderError, ValidationError, type LedgerError } from '../../src/errors';
import type { HttpRequest, HttpResponse } from '../../src/http/types';
import { mapQuickBooksError } from './lib/errors';

/** Most operations in one batch (◐ Intuit limits page). */
export const MAX_BATCH_ITEMS = 30;

/** One batch operation: a write of a raw entity, or a query. */
export type QuickBooksBatchItem =
  | { bId?: string; operation: 'create' | 'update' | 'delete'; entity: string; body: Record<string, unknown> }
  | { bId?: string; query: string };

/** The result of one item, in the order sent. */
export type QuickBooksBatchResult =
  | { bId: string; ok: true; entity?: string; record?: Record<string, unknown>; queryResponse?: Record<string, unknown> }
  | { bId: string; ok: false; error: LedgerError };

/** Runs up to 30 operations in one `POST /batch`; a failed item does not fail the others. */
export async function quickbooksBatch(
  connection: { request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> },
  items: readonly QuickBooksBatchItem[],
  options: { idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<QuickBooksBatchResult[]> {
  if (items.length === 0 || items.length > MAX_BATCH_ITEMS) {
    throw new ValidationError(`quickbooks: a batch takes 1 to ${MAX_BATCH_ITEMS} items (got ${items.length})`, { provider: 'quickbooks', issues: [{ path: 'items', code: 'batch_size', message: `1 to ${MAX_BATCH_ITEMS} items` }] });
  }
  const ids = items.map((it, i) => it.bId ?? `bid${i + 1}`);
  if (new Set(ids).size !== ids.length) throw new ValidationError('quickbooks: batch item ids (bId) must be unique', { provider: 'quickbooks', issues: [{ path: 'items', code: 'duplicate_bid', message: 'bId must be unique' }] });
  const BatchItemRequest = items.map((it, i) => ('query' in it ? { bId: ids[i], Query: it.query } : { bId: ids[i], operation: it.operation, [it.entity]: it.body }));
  const key = options.idempotencyKey ?? randomUUID();
  const res = await connection.request<{ BatchItemResponse?: Record<string, unknown>[] }>({
    method: 'POST',
    url: '/batch',
    query: { requestid: key },
    idempotencyKey: key,
    body: { BatchItemRequest },
    operation: 'batch',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const answers = new Map((res.data.BatchItemResponse ?? []).map((r) => [String(r.bId), r]));
  return items.map((it, i): QuickBooksBatchResult => {
    const bId = ids[i]!;
    const a = answers.get(bId);
    if (!a) return { bId, ok: false, error: new ProviderError(`QuickBooks batch: no answer for item ${bId}`, { provider: 'quickbooks' }) };
    if (a.Fault) {
      const error = mapQuickBooksError({ ...res, status: 400, data: { Fault: a.Fault } } as HttpResponse, { provider: 'quickbooks', operation: `batch.${bId}` });
      return { bId, ok: false, error: error ?? new ProviderError(`QuickBooks batch item ${bId} failed`, { provider: 'quickbooks' }) };
    }
    if ('query' in it) return { bId, ok: true, queryResponse: (a.QueryResponse ?? {}) as Record<string, unknown> };
    return { bId, ok: true, entity: it.entity, ...(a[it.entity] ? { record: a[it.entity] as Record<string, unknown> } : {}) };
  });
}
