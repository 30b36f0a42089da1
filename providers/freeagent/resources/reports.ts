/**
 * FreeAgent reports → canonical statements.
 *
 * - `profitAndLoss` ← `GET /accounting/profit_and_loss/summary` (doc example `profit-and-loss-summary.json`):
 *   `income`, `expenses`, `operating_profit`, the `less` deductions (corporation tax, dividends, adjustments) and
 *   `retained_profit`. FreeAgent's summary does not split cost of sales out of `expenses` (❓ it is included), so
 *   `costOfSales` is empty and `grossProfit = income`. The `less` lines are `otherExpenses`; `netProfit` is
 *   FreeAgent's `retained_profit` (operating profit less the deductions — note that dividends are among them ❓).
 *   Period parameters `from_date`/`to_date` ❓ (the Postman catalogue lists none for this endpoint; the trial balance
 *   takes them).
 * - `balanceSheet` ← `GET /accounting/trial_balance/summary?to_date=` (doc example `trial-balance-summary.json`),
 *   not `/accounting/balance_sheet` (◐: in the docs index but absent from the Postman catalogue, and no example). Each
 *   trial-balance line's `total` is signed, debit positive (reference §5.7); lines are classified by nominal code
 *   (see `classifyNominalCode` ❓): assets at their debit balance, liabilities and equity at their credit balance, and
 *   every profit-and-loss line folded into one equity line "Current period profit". `netAssets = assets − liabilities`,
 *   which equals equity whenever the trial balance balances.
 *
 * Report parameters (from `list({ params })` / `sync({ reportParams })`): `fromDate`/`toDate` for profit and loss,
 * `date` for the balance sheet (default: today, UTC).
 *
 * @see https://dev.freeagent.com/docs/profit_and_loss
 * @see https://dev.freeagent.com/docs/trial_balance
 * @module
 */
import { ConfigurationError } from '../../../src/errors';
import type { ReportLine } from '../../../src/model/reports';
import { balanceSheetId, profitAndLossId } from '../../../src/model/reports';
import { addDecimals, isCalendarDate, negateDecimal, subtractDecimals } from '../../../src/model/primitives';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { ListParams, ResourceDefinition } from '../../../src/provider/types';
import { classifyNominalCode } from './mappers';
import { arr, dec, idFromUrl, obj, optStr, str } from '../lib/values';

function dateParam(params: ListParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !isCalendarDate(v)) {
    throw new ConfigurationError(`FreeAgent report parameter ${name} must be a YYYY-MM-DD date (got ${JSON.stringify(v)})`, { provider: 'freeagent' });
  }
  return v;
}

/** `profit_and_loss_summary` → profit and loss. */
export function toProfitAndLoss(raw: unknown): CanonicalInputOf<'profitAndLoss'> {
  const o = obj(raw, 'profit and loss summary');
  const fromDate = str(o, 'from');
  const toDate = str(o, 'to');
  const income = dec(o, 'income');
  const expenses = dec(o, 'expenses');
  const operating = dec(o, 'operating_profit');
  const less: ReportLine[] = arr(o, 'less').map((l) => {
    const e = obj(l, 'less');
    return { name: str(e, 'title'), value: dec(e, 'total'), items: [] };
  });
  const lessTotal = less.length ? addDecimals(...less.map((l) => l.value)) : '0';
  const retained = optStr(o, 'retained_profit') !== undefined ? dec(o, 'retained_profit') : subtractDecimals(operating, lessTotal);
  return {
    id: profitAndLossId(fromDate, toDate),
    isDeleted: false,
    fromDate,
    toDate,
    basis: 'Accrual', // ❓ unverified: FreeAgent accounts are accrual-based
    income: { value: income, items: [] },
    costOfSales: { value: '0', items: [] },
    otherIncome: { value: '0', items: [] },
    expenses: { value: expenses, items: [] },
    otherExpenses: { value: lessTotal, items: less },
    grossProfit: income,
    netOperatingProfit: operating,
    netOtherIncome: negateDecimal(lessTotal),
    netProfit: retained,
  };
}

/** The raw balance-sheet input: the trial balance lines and the date they are at. */
export interface TrialBalanceAt {
  date: string;
  lines: unknown[];
}

/** Trial balance summary lines at a date → balance sheet (see the module description). */
export function toBalanceSheet(raw: unknown): CanonicalInputOf<'balanceSheet'> {
  const o = obj(raw, 'trial balance');
  const at = str(o, 'date');
  const assets: ReportLine[] = [];
  const liabilities: ReportLine[] = [];
  const equity: ReportLine[] = [];
  const profit: string[] = [];
  for (const l of arr(o, 'lines')) {
    const line = obj(l, 'trial balance line');
    const total = dec(line, 'total');
    const code = str(line, 'nominal_code');
    const url = optStr(line, 'category');
    const name = optStr(line, 'name') ?? code;
    const ref = { id: url ? idFromUrl(url) : code, name };
    const cls = classifyNominalCode(code);
    if (cls === 'Asset') assets.push({ name, accountRef: ref, value: total, items: [] });
    else if (cls === 'Liability') liabilities.push({ name, accountRef: ref, value: negateDecimal(total), items: [] });
    else if (cls === 'Equity') equity.push({ name, accountRef: ref, value: negateDecimal(total), items: [] });
    else profit.push(total);
  }
  if (profit.length) equity.push({ name: 'Current period profit', value: negateDecimal(addDecimals(...profit)), items: [] });
  const sum = (ls: ReportLine[]) => (ls.length ? addDecimals(...ls.map((l) => l.value)) : '0');
  const a = sum(assets);
  const li = sum(liabilities);
  return {
    id: balanceSheetId(at),
    isDeleted: false,
    date: at,
    basis: 'Accrual',
    assets: { value: a, items: assets },
    liabilities: { value: li, items: liabilities },
    equity: { value: sum(equity), items: equity },
    netAssets: subtractDecimals(a, li),
  };
}

/** `profitAndLoss` resource. */
export const profitAndLossResource: ResourceDefinition<'profitAndLoss'> = {
  path: '/accounting/profit_and_loss/summary',
  query: (params) => {
    const from = dateParam(params, 'fromDate');
    const to = dateParam(params, 'toDate');
    return { ...(from ? { from_date: from } : {}), ...(to ? { to_date: to } : {}) };
  },
  pagination: {
    type: 'none',
    select: (body) => {
      const s = (body as { profit_and_loss_summary?: unknown } | null)?.profit_and_loss_summary;
      return s ? [s] : [];
    },
  },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: (raw) => {
    const o = raw as { from?: unknown; to?: unknown } | null;
    return typeof o?.from === 'string' && typeof o.to === 'string' ? profitAndLossId(o.from, o.to) : undefined;
  },
  toCanonical: (raw) => toProfitAndLoss(raw),
};

/** `balanceSheet` resource (from the trial balance summary at `to_date`). */
export const balanceSheetResource: ResourceDefinition<'balanceSheet'> = {
  path: '/accounting/trial_balance/summary',
  query: (params) => ({ to_date: dateParam(params, 'date') ?? new Date().toISOString().slice(0, 10) }),
  pagination: {
    type: 'none',
    select: (body, response) => {
      const lines = (body as { trial_balance_summary?: unknown } | null)?.trial_balance_summary;
      if (!Array.isArray(lines)) return [];
      let at: string | null = null;
      try {
        at = new URL(response.url).searchParams.get('to_date');
      } catch {
        at = null;
      }
      return [{ date: at ?? new Date().toISOString().slice(0, 10), lines } satisfies TrialBalanceAt];
    },
  },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: (raw) => {
    const d = (raw as { date?: unknown } | null)?.date;
    return typeof d === 'string' ? balanceSheetId(d) : undefined;
  },
  toCanonical: (raw) => toBalanceSheet(raw),
};
