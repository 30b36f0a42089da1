/** FreeAgent reports against the saved doc examples, with hand-computed figures. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchemas } from '../../../src/model/registry';
import { toBalanceSheet, toProfitAndLoss } from './reports';

const REF = new URL('../../../../shared/reference/freeagent/doc-examples/', import.meta.url);
const has = existsSync(REF);
if (!has) console.warn('⚠ ../shared/reference/freeagent is absent: FreeAgent report doc-example tests are skipped');
const load = (f: string) => JSON.parse(readFileSync(new URL(f, REF), 'utf8')) as Record<string, unknown>;

describe.skipIf(!has)('FreeAgent reports (doc examples)', () => {
  it('P&L summary: income 3800, expenses 8200, operating −4400, less 50 → net −4450', () => {
    const pl = toProfitAndLoss(load('profit-and-loss-summary.json').profit_and_loss_summary);
    expect(canonicalSchemas.profitAndLoss.safeParse(pl).success).toBe(true);
    expect(pl).toMatchObject({ id: 'profit-and-loss:2016-06-01..2016-09-05', fromDate: '2016-06-01', toDate: '2016-09-05', grossProfit: '3800', netOperatingProfit: '-4400', netProfit: '-4450', netOtherIncome: '-50' });
    expect(pl.income.value).toBe('3800');
    expect(pl.expenses.value).toBe('8200');
    expect(pl.otherExpenses).toEqual({ value: '50', items: [{ name: 'Corp. Tax', value: '0', items: [] }, { name: 'Dividends', value: '50', items: [] }, { name: 'Adjustments', value: '0', items: [] }] });
  });

  it('balance sheet from the trial balance summary: hand-computed sections', () => {
    const lines = load('trial-balance-summary.json').trial_balance_summary as unknown[];
    const bs = toBalanceSheet({ date: '2016-09-05', lines });
    expect(canonicalSchemas.balanceSheet.safeParse(bs).success).toBe(true);
    // Assets: bank 750 (−12860.0) + depreciation 606 (−448.62) = −13308.62 (debit balances).
    expect(bs.assets.value).toBe('-13308.62');
    expect(bs.assets.items.map((l) => [l.accountRef?.id, l.value])).toEqual([['750', '-12860.0'], ['606', '-448.62']]);
    expect(bs.liabilities).toEqual({ value: '0', items: [] });
    // Equity: 902 at its credit balance (9062.64) and the P&L line 101 (debit 275.0) as profit −275.0 → 8787.64.
    expect(bs.equity.items.map((l) => [l.name, l.value])).toEqual([['Salary and Bonuses: Bob Bobson', '9062.64'], ['Current period profit', '-275.0']]);
    expect(bs.equity.value).toBe('8787.64');
    expect(bs.netAssets).toBe('-13308.62');
  });

  it('a balanced trial balance gives net assets = equity', () => {
    const row = (code: string, total: string) => ({ category: `https://api.freeagent.com/v2/categories/${code}`, nominal_code: code, name: code, total });
    const bs = toBalanceSheet({ date: '2026-06-30', lines: [row('001', '-1000.00'), row('285', '250.10'), row('750', '900.00'), row('796', '-300.10'), row('901', '150.00')] });
    expect(bs.assets.value).toBe('900.00');
    expect(bs.liabilities.value).toBe('300.10');
    expect(bs.netAssets).toBe('599.90');
    expect(bs.equity.value).toBe('599.90');
  });
});
