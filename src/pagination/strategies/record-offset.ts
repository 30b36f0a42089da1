/**
 * Offset by a record property (Xero `GET /Journals?offset=<last JournalNumber>`).
 * See https://developer.xero.com/documentation/api/accounting/journals.
 * @module
 */
import type { RecordOffsetPagination } from '../../provider/types';
import type { RecordOffsetCursor } from '../cursor';
import { fetchPage, pagingError } from '../fetch-page';
import type { Page, StrategyContext } from '../types';

/**
 * The first request carries no offset (or the cursor's); each next one sends `offsetParam = offsetOf(last record)`.
 * Only an empty page ends the walk, so the last page with records still carries a cursor and is followed by one
 * request that returns nothing. A page whose last record gives the offset just sent would repeat forever: that is a
 * `ProviderError`.
 */
export async function* paginateRecordOffset(
  spec: RecordOffsetPagination,
  ctx: StrategyContext,
  cursor: RecordOffsetCursor | undefined,
): AsyncGenerator<Page> {
  let offset = cursor?.offset;
  for (let pageIndex = 0; ; pageIndex++) {
    const query = offset === undefined ? ctx.base.query : { ...ctx.base.query, [spec.offsetParam]: offset };
    const req = { ...ctx.base };
    if (query !== undefined) req.query = query;
    const { response, records } = await fetchPage(ctx, req, spec.select);
    let next: RecordOffsetCursor | null = null;
    if (records.length > 0) {
      const nextOffset = String(spec.offsetOf(records[records.length - 1]));
      if (nextOffset === offset) {
        throw pagingError(ctx, `record-offset pagination did not advance (offset ${nextOffset} repeated)`, response);
      }
      next = { version: 1, strategy: 'record-offset', offset: nextOffset };
    }
    yield { records, cursor: next, response, pageIndex };
    if (next === null) return;
    offset = next.offset;
  }
}
