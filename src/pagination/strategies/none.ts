/**
 * Endpoints without paging (Xero Accounts, Items, TaxRates; reports; company).
 * @module
 */
import type { NoPagination } from '../../provider/types';
import { fetchPage } from '../fetch-page';
import type { Page, StrategyContext } from '../types';

/** One request with `base` as given; the single page has a `null` cursor. */
export async function* paginateNone(spec: NoPagination, ctx: StrategyContext): AsyncGenerator<Page> {
  const { response, records } = await fetchPage(ctx, ctx.base, spec.select);
  yield { records, cursor: null, response, pageIndex: 0 };
}
