/**
 * `POST /batch` in the QuickBooks emulator: up to 30 `BatchItemRequest`s, each `{ bId, operation, <Entity>: {...} }`
 * (create, update, delete) or `{ bId, Query }`, answered in order as `BatchItemResponse` entries carrying the entity,
 * a `Fault`, or a `QueryResponse` (doc-samples/batch/01, 02). Items run one after the other; a failed item does not
 * stop the others (as in the sample, where three items fail and the query succeeds). `requestid` replays the answer.
 *
 * ❓ unverified: the Fault for more than 30 items (the limit itself is ◐ from the limits page), the HTTP status of a
 * batch whose items all fail (200 here, as the sample's), and `operation: "void"` in a batch item.
 * @module
 */
import type { QbRecord } from './data';
import { runEntityWrite, writableEntity, type QbWriteContext } from './writes';

/** Handles a batch body; `query` answers a `Query` item like the query endpoint (payload of one query). */
export function handleQbBatch(ctx: QbWriteContext, query: (text: string) => { status: number; payload: unknown }): { status: number; payload: unknown } {
  const requestId = ctx.query.get('requestid') ?? undefined;
  if (requestId !== undefined) {
    const seen = ctx.replay.get(`batch:${requestId}`);
    if (seen) return seen;
  }
  const bad = (detail: string) => ({ status: 400, payload: { Fault: { Error: [{ Message: 'Request has invalid or unsupported property', Detail: detail, code: '2010', element: 'BatchItemRequest' }], type: 'ValidationFault' }, time: ctx.time() } });
  let items: QbRecord[];
  try {
    const parsed = JSON.parse(ctx.body.toString('utf8') || '{}') as { BatchItemRequest?: unknown };
    if (!Array.isArray(parsed.BatchItemRequest)) return bad('BatchItemRequest must be a list');
    items = parsed.BatchItemRequest as QbRecord[];
  } catch {
    return bad('the request body is not JSON');
  }
  if (items.length === 0) return bad('BatchItemRequest is empty');
  if (items.length > 30) return bad(`at most 30 batch items are allowed (got ${items.length})`); // ❓ wording
  const out: QbRecord[] = [];
  for (const item of items) {
    const bId = String(item.bId ?? '');
    if (typeof item.Query === 'string') {
      const r = query(item.Query);
      const p = r.payload as QbRecord;
      out.push({ bId, ...(p.Fault ? { Fault: p.Fault } : { QueryResponse: p.QueryResponse }) });
      continue;
    }
    const key = Object.keys(item).find((k) => k !== 'bId' && k !== 'operation' && writableEntity(k.toLowerCase()) === k);
    if (!key) {
      out.push({ bId, Fault: { type: 'ValidationFault', Error: [{ Message: 'Unsupported Operation', Detail: 'no writable entity in the batch item', code: '500', element: '' }] } }); // ❓
      continue;
    }
    const op = String(item.operation ?? 'create');
    const body = item[key] as QbRecord;
    if (op === 'create' && body.Id !== undefined) {
      out.push({ bId, Fault: { type: 'ValidationFault', Error: [{ Message: 'Request has invalid or unsupported property', Detail: 'Id is not allowed on create', code: '2010', element: 'Id' }] } }); // ❓
      continue;
    }
    const r = runEntityWrite(ctx, key, body, op === 'delete' || op === 'void' ? op : undefined);
    const p = r.payload as QbRecord;
    out.push({ bId, ...(p.Fault ? { Fault: { type: (p.Fault as QbRecord).type, Error: (p.Fault as QbRecord).Error } } : { [key]: p[key] }) });
  }
  const answer = { status: 200, payload: { BatchItemResponse: out, time: ctx.time() } };
  if (requestId !== undefined) ctx.replay.set(`batch:${requestId}`, answer);
  return answer;
}
