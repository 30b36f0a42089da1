/**
 * QuickBooks report format (`Header`, `Columns`, `Rows.Row[]` of `Section`/`Data` rows with `ColData`, `Summary`
 * totals, `group` names) → canonical profit and loss and balance sheet.
 *
 * - `profitAndLoss` ← `GET /reports/ProfitAndLoss?start_date=&end_date=` (checked against the documented sample,
 *   doc-samples/profitandloss: groups `Income`, `GrossProfit`, `Expenses`, `NetOperatingIncome`, `NetIncome`).
 * - `balanceSheet` ← `GET /reports/BalanceSheet?start_date=&end_date=`; the balance sheet is at `EndPeriod`.
 *   ❓ unverified: the reference has no BalanceSheet sample; the group names `TotalAssets`, `Liabilities`, `Equity`
 *   (with `TotalLiabilitiesAndEquity` around the last two) are the ones QuickBooks is commonly seen to send, and the
 *   mapper also accepts the section titles (`TOTAL ASSETS`, `Liabilities`, `Equity`) when no group is set.
 *
 * Parameters (from `list({ params })`, the same names as the other providers): `fromDate`/`toDate` (profit and
 * loss), `date` (balance sheet), as `YYYY-MM-DD`; `basis: 'Accrual' | 'Cash'` → `accounting_method`; or
 * `dateMacro` → `date_macro` (e.g. `Last Month`) instead of dates. `summarize_column_by=Total` is always sent so
 * there is one value column.
 * @module
 */
import type { ReportLine, ReportSection } from '../../../src/model/reports';
import { balanceSheetId, profitAndLossId } from '../../../src/model/reports';
import type { CanonicalInputOf } from '../../../src/model/registry';
import { ConfigurationError } from '../../../src/errors';
import type { QueryParams } from '../../../src/http/types';
import type { ListParams, ResourceDefinition } from '../../../src/provider/types';
import { ValueParseError, isCalendarDate, subtractDecimals, toDecimal } from '../../../src/model/primitives';
import { arr, obj, optStr, sub } from '../lib/values';

type Row = Record<string, unknown>;

function cols(row: Row | undefined, part: 'Header' | 'Summary' | 'ColData'): Record<string, unknown>[] {
  if (!row) return [];
  const holder = part === 'ColData' ? row : sub(row, part);
  return arr(holder, 'ColData').map((c) => obj(c, 'ColData'));
}

/** The amount of a cell: `""` is zero (QuickBooks leaves empty totals blank), otherwise an exact decimal. */
function amount(cell: Record<string, unknown> | undefined): string {
  const v = cell?.value;
  if (v === undefined || v === null || v === '') return '0';
  return toDecimal(v);
}

function line(row: Row): ReportLine {
  if (row.type === 'Data' || (!row.type && Array.isArray(row.ColData))) {
    const c = cols(row, 'ColData');
    const id = optStr(c[0], 'id');
    const name = optStr(c[0], 'value') ?? '';
    return { name, ...(id ? { accountRef: { id, name } } : {}), value: amount(c[1]), items: [] };
  }
  const header = cols(row, 'Header');
  const summary = cols(row, 'Summary');
  const id = optStr(header[0], 'id');
  const name = optStr(header[0], 'value') ?? optStr(summary[0], 'value') ?? '';
  return { name, ...(id ? { accountRef: { id, name } } : {}), value: amount(summary[1]), items: arr(sub(row, 'Rows'), 'Row').map((r) => line(obj(r, 'Row'))) };
}

function header(raw: unknown) {
  const report = obj(raw, 'Report');
  const h = sub(report, 'Header') ?? {};
  const fromDate = optStr(h, 'StartPeriod');
  const toDate = optStr(h, 'EndPeriod');
  if (!fromDate || !toDate) throw new ValueParseError('report Header lacks StartPeriod/EndPeriod');
  const basis = h.ReportBasis === 'Accrual' ? ('Accrual' as const) : h.ReportBasis === 'Cash' ? ('Cash' as const) : ('Unknown' as const);
  const currency = optStr(h, 'Currency');
  return { report, fromDate, toDate, basis, ...(currency ? { currency } : {}) };
}

/** Top-level rows by `group` (and by lower-cased header/summary title as a second key). */
function topRows(report: Record<string, unknown>): Map<string, Row> {
  const groups = new Map<string, Row>();
  const visit = (rows: unknown[]) => {
    for (const r of rows) {
      const row = obj(r, 'Row');
      const g = optStr(row, 'group');
      if (g && !groups.has(g)) groups.set(g, row);
      const title = optStr(cols(row, 'Header')[0], 'value');
      if (title && !groups.has(`title:${title.toLowerCase()}`)) groups.set(`title:${title.toLowerCase()}`, row);
    }
  };
  visit(arr(sub(report, 'Rows'), 'Row'));
  return groups;
}

function sectionOf(row: Row | undefined): ReportSection {
  if (!row) return { value: '0', items: [] };
  return { value: amount(cols(row, 'Summary')[1]), items: arr(sub(row, 'Rows'), 'Row').map((r) => line(obj(r, 'Row'))) };
}

/** Profit and loss from a `ProfitAndLoss` report with one total column (`summarize_column_by=Total`). */
export function toProfitAndLoss(raw: unknown): CanonicalInputOf<'profitAndLoss'> {
  const { report, fromDate, toDate, basis, ...cur } = header(raw);
  const groups = topRows(report);
  const total = (g: string) => amount(cols(groups.get(g), 'Summary')[1]);
  return {
    id: profitAndLossId(fromDate, toDate),
    isDeleted: false,
    fromDate,
    toDate,
    ...cur,
    basis,
    income: sectionOf(groups.get('Income')),
    costOfSales: sectionOf(groups.get('COGS')),
    otherIncome: sectionOf(groups.get('OtherIncome')),
    expenses: sectionOf(groups.get('Expenses')),
    otherExpenses: sectionOf(groups.get('OtherExpenses')),
    grossProfit: total('GrossProfit'),
    netOperatingProfit: total('NetOperatingIncome'),
    ...(groups.has('NetOtherIncome') ? { netOtherIncome: total('NetOtherIncome') } : {}),
    netProfit: total('NetIncome'),
  } as CanonicalInputOf<'profitAndLoss'>;
}

/**
 * Balance sheet from a `BalanceSheet` report. Assets are the `TotalAssets` section; liabilities and equity are the
 * `Liabilities` and `Equity` sections, which QuickBooks nests inside `TotalLiabilitiesAndEquity` ❓.
 */
export function toBalanceSheet(raw: unknown): CanonicalInputOf<'balanceSheet'> {
  const { report, toDate, basis, ...cur } = header(raw);
  const top = topRows(report);
  const outer = top.get('TotalLiabilitiesAndEquity') ?? top.get('title:liabilities and equity');
  const inner = outer ? topRows({ Rows: sub(outer, 'Rows') ?? {} }) : new Map<string, Row>();
  const find = (group: string, title: string) => top.get(group) ?? inner.get(group) ?? top.get(`title:${title}`) ?? inner.get(`title:${title}`);
  const assets = sectionOf(find('TotalAssets', 'assets'));
  const liabilities = sectionOf(find('Liabilities', 'liabilities'));
  const equity = sectionOf(find('Equity', 'equity'));
  return {
    id: balanceSheetId(toDate),
    isDeleted: false,
    date: toDate,
    ...cur,
    basis,
    assets,
    liabilities,
    equity,
    netAssets: subtractDecimals(assets.value, liabilities.value),
  } as CanonicalInputOf<'balanceSheet'>;
}

function dateParam(params: ListParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !isCalendarDate(v)) {
    throw new ConfigurationError(`QuickBooks report parameter ${name} must be a YYYY-MM-DD date (got ${JSON.stringify(v)})`, { provider: 'quickbooks' });
  }
  return v;
}

function commonParams(params: ListParams): QueryParams {
  const out: QueryParams = { summarize_column_by: 'Total' };
  const basis = params.basis;
  if (basis !== undefined) {
    if (basis !== 'Accrual' && basis !== 'Cash') throw new ConfigurationError('QuickBooks report parameter basis must be Accrual or Cash', { provider: 'quickbooks' });
    out.accounting_method = basis;
  }
  if (params.dateMacro !== undefined) {
    if (typeof params.dateMacro !== 'string' || params.dateMacro === '') throw new ConfigurationError('QuickBooks report parameter dateMacro must be a string such as "Last Month"', { provider: 'quickbooks' });
    out.date_macro = params.dateMacro;
  }
  return out;
}

const reportSelect = (body: unknown): unknown[] => (typeof body === 'object' && body !== null && 'Header' in body ? [body] : []);
const reportId = (make: (h: Record<string, unknown>) => string | undefined) => (raw: unknown) => {
  const h = (raw as { Header?: Record<string, unknown> } | null)?.Header;
  return h ? make(h) : undefined;
};

/** The `profitAndLoss` resource. */
export const profitAndLossResource = {
  path: '/reports/ProfitAndLoss',
  query: (params) => {
    const fromDate = dateParam(params, 'fromDate');
    const toDate = dateParam(params, 'toDate');
    if (fromDate && toDate && fromDate > toDate) throw new ConfigurationError(`QuickBooks report fromDate ${fromDate} is after toDate ${toDate}`, { provider: 'quickbooks' });
    return { ...(fromDate ? { start_date: fromDate } : {}), ...(toDate ? { end_date: toDate } : {}), ...commonParams(params) };
  },
  pagination: { type: 'none', select: reportSelect },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: reportId((h) => (typeof h.StartPeriod === 'string' && typeof h.EndPeriod === 'string' ? profitAndLossId(h.StartPeriod, h.EndPeriod) : undefined)),
  toCanonical: toProfitAndLoss,
} satisfies ResourceDefinition<'profitAndLoss'>;

/** The `balanceSheet` resource (`date` → `end_date`; `start_date` is not needed for balances). */
export const balanceSheetResource = {
  path: '/reports/BalanceSheet',
  query: (params) => {
    const date = dateParam(params, 'date');
    return { ...(date ? { end_date: date } : {}), ...commonParams(params) };
  },
  pagination: { type: 'none', select: reportSelect },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: reportId((h) => (typeof h.EndPeriod === 'string' ? balanceSheetId(h.EndPeriod) : undefined)),
  toCanonical: toBalanceSheet,
} satisfies ResourceDefinition<'balanceSheet'>;
