/**
 * Balance sheet and P&L from ledger balances, against figures computed by hand.
 *
 * The ledger (debit-positive balances, GBP):
 *   Bank (BANK)                  debits 5000  credits 1200  →  3800
 *   Debtors (CURRENT_ASSETS)     debits 2400  credits 1000  →  1400
 *   Van (FIXED_ASSETS)           debits 3000                →  3000
 *   Creditors (CURRENT_LIABILITY)debits  300  credits  900  →  −600
 *   VAT (CURRENT_LIABILITY)                    credits  400  →  −400
 *   Loan (LT_LIABILITY)                        credits 2000  → −2000
 *   Capital (EQUITY)                           credits 3000  → −3000
 *   Sales (SALES)                              credits 4000.10 → −4000.10
 *   Interest (OTHER_INCOME)                    credits   50.05 →   −50.05
 *   Materials (DIRECT_EXPENSES)  debits 1500.15            →  1500.15
 *   Rent (OVERHEADS)             debits  300                →   300
 *   Depreciation (DEPRECIATION)  debits   50                →    50
 *   Empty (OVERHEADS)                                       →     0  (left out)
 * Trial balance: 3800+1400+3000−600−400−2000−3000−4000.10−50.05+1500.15+300+50 = 0.
 *
 * P&L: income 4000.10; other income 50.05; cost of sales 1500.15; expenses 350; gross profit 2499.95;
 *      net operating profit 2149.95; net profit 2200.
 * Balance sheet: assets 8200; liabilities 3000; net assets 5200; equity = capital 3000 + profit to date 2200 = 5200.
 */
import { describe, expect, it } from 'vitest';
import { mapRecord } from '../../../src/resources/map-record';
import type { HttpResponse } from '../../../src/http/types';
import { sageProvider } from '../index';
import { PROFIT_TO_DATE_LINE, toBalanceSheet, toProfitAndLoss, type SageLedgerBalances } from './reports';

const acc = (n: number, name: string, type: string, typeName: string, debits: number, credits: number) => ({
  id: n.toString(16).padStart(32, '0'),
  displayed_as: `${name} (${n})`,
  name,
  nominal_code: n,
  ledger_account_type: { id: type, displayed_as: typeName },
  balance_details: { debits, credits, balance: Math.abs(debits - credits), credit_or_debit: debits >= credits ? 'debit' : 'credit', from_date: '2026-01-01', to_date: '2026-03-31' },
});

const ACCOUNTS = [
  acc(1200, 'Bank', 'BANK', 'Bank', 5000, 1200),
  acc(1100, 'Debtors', 'CURRENT_ASSETS', 'Current Assets', 2400, 1000),
  acc(20, 'Van', 'FIXED_ASSETS', 'Fixed Assets', 3000, 0),
  acc(2100, 'Creditors', 'CURRENT_LIABILITY', 'Current Liabilities', 300, 900),
  acc(2200, 'VAT', 'CURRENT_LIABILITY', 'Current Liabilities', 0, 400),
  acc(2300, 'Loan', 'LT_LIABILITY', 'Long Term Liabilities', 0, 2000),
  acc(3000, 'Capital', 'EQUITY', 'Equity', 0, 3000),
  acc(4000, 'Sales', 'SALES', 'Sales', 0, 4000.1),
  acc(4900, 'Interest', 'OTHER_INCOME', 'Other Income', 0, 50.05),
  acc(5000, 'Materials', 'DIRECT_EXPENSES', 'Direct Expenses', 1500.15, 0),
  acc(7100, 'Rent', 'OVERHEADS', 'Overheads', 300, 0),
  acc(8000, 'Depreciation', 'DEPRECIATION', 'Depreciation', 50, 0),
  acc(7200, 'Empty', 'OVERHEADS', 'Overheads', 0, 0),
];
const balances = (kind: SageLedgerBalances['kind'], accounts: unknown[] = ACCOUNTS): SageLedgerBalances => ({ kind, fromDate: '2026-01-01', toDate: '2026-03-31', accounts, truncated: false });

describe('Sage reports from ledger balances', () => {
  it('profit and loss matches the hand-computed figures', () => {
    const pl = toProfitAndLoss(balances('profitAndLoss'));
    expect(pl).toMatchObject({
      id: 'profit-and-loss:2026-01-01..2026-03-31',
      fromDate: '2026-01-01',
      toDate: '2026-03-31',
      income: { value: '4000.1' },
      otherIncome: { value: '50.05' },
      costOfSales: { value: '1500.15' },
      expenses: { value: '350' },
      otherExpenses: { value: '0', items: [] },
      grossProfit: '2499.95',
      netOperatingProfit: '2149.95',
      netOtherIncome: '50.05',
      netProfit: '2200.00',
    });
    expect(pl.expenses.items.map((l) => [l.name, l.value, l.items.map((i) => i.name)])).toEqual([
      ['Overheads', '300', ['Rent']],
      ['Depreciation', '50', ['Depreciation']],
    ]);
  });

  it('balance sheet balances: assets − liabilities = equity incl. profit to date', () => {
    const bs = toBalanceSheet(balances('balanceSheet'));
    expect(bs).toMatchObject({ id: 'balance-sheet:2026-03-31', date: '2026-03-31', netAssets: '5200' });
    expect(bs.assets.value).toBe('8200');
    expect(bs.liabilities.value).toBe('3000');
    expect(bs.equity.value).toBe('5200.00');
    expect(bs.equity.items).toEqual([
      { name: 'Equity', value: '3000', items: [{ name: 'Capital', accountRef: { id: (3000).toString(16).padStart(32, '0'), name: 'Capital' }, value: '3000', items: [] }] },
      { name: PROFIT_TO_DATE_LINE, value: '2200.00', items: [] },
    ]);
    expect(bs.liabilities.items.map((l) => [l.name, l.value])).toEqual([
      ['Current Liabilities', '1000'],
      ['Long Term Liabilities', '2000'],
    ]);
  });

  it('falls back to balance + credit_or_debit when debits/credits are absent', () => {
    const slim = ACCOUNTS.map((a) => ({ ...a, balance_details: { balance: a.balance_details.balance, credit_or_debit: a.balance_details.credit_or_debit } }));
    expect(toBalanceSheet(balances('balanceSheet', slim)).netAssets).toBe('5200');
  });

  it('refuses a truncated chart and an unclassifiable account with a balance', () => {
    expect(() => toBalanceSheet({ ...balances('balanceSheet'), truncated: true })).toThrow(/more than one page/);
    expect(() => toProfitAndLoss(balances('profitAndLoss', [acc(9999, 'Odd', 'MYSTERY', '?', 10, 0)]))).toThrow(/unknown ledger_account_type/);
  });

  it('the resources read ledger_accounts with balance details for the requested range and validate', () => {
    const res = sageProvider.resources.balanceSheet;
    expect(res.query({ date: '2026-03-31' })).toMatchObject({ show_balance_details: 'true', from_date: '1900-01-01', to_date: '2026-03-31', attributes: 'all' });
    const pl = sageProvider.resources.profitAndLoss;
    expect(pl.query({ toDate: '2026-03-31' })).toMatchObject({ from_date: '2026-03-01', to_date: '2026-03-31' });
    expect(() => pl.query({ fromDate: '2026-04-01', toDate: '2026-03-31' })).toThrow();
    const response = { status: 200, headers: {}, url: 'http://emu/v3.1/ledger_accounts?from_date=2026-01-01&to_date=2026-03-31', data: { $items: ACCOUNTS, $next: null } } as HttpResponse;
    const [raw] = pl.pagination.select(response.data, response);
    const out = mapRecord('profitAndLoss', pl as never, raw, { provider: 'sage', tenant: { id: 'b' }, includeRaw: false });
    expect(out.ok).toBe(true);
  });
});
