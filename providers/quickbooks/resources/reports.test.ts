import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfitAndLossSchema } from '../../../src/model/reports';
import { toProfitAndLoss } from './reports';

const sample = JSON.parse(readFileSync(new URL('../../../../shared/reference/quickbooks/doc-samples/profitandloss/01-query-a-report-sample-response.json', import.meta.url), 'utf8')) as unknown;

describe('QuickBooks ProfitAndLoss report → canonical', () => {
  it('maps the documented sample: nested sections, account ids, exact totals, blank totals as zero', () => {
    const pl = ProfitAndLossSchema.parse(toProfitAndLoss(sample));
    expect(pl).toMatchObject({ id: 'profit-and-loss:2015-06-01..2015-06-30', fromDate: '2015-06-01', toDate: '2015-06-30', currency: 'USD', basis: 'Accrual' });
    expect(pl.income.value).toBe('325.00');
    expect(pl.grossProfit).toBe('325.00');
    expect(pl.netOperatingProfit).toBe('325.00');
    expect(pl.expenses).toEqual({ value: '0', items: [] });
    const landscaping = pl.income.items[0]!;
    expect(landscaping).toMatchObject({ name: 'Landscaping Services', accountRef: { id: '45' }, value: '425.00' });
    expect(landscaping.items[0]!.items.map((l) => [l.accountRef?.id, l.value])).toEqual([['48', '275.00'], ['49', '150.00']]);
    expect(pl.income.items[1]).toMatchObject({ accountRef: { id: '54' }, value: '-100.00' });
  });

  it('rejects a report without its period', () => {
    expect(() => toProfitAndLoss({ Header: {}, Rows: { Row: [] } })).toThrow(/StartPeriod/);
  });
});
