/**
 * QuickBooks report format (`Header`, `Rows.Row[]` of `Section`/`Data` rows with `ColData`, `Summary` totals, `group`
 * names) → canonical profit and loss. Checked against the documented ProfitAndLoss sample (doc-samples/profitandloss).
 * Not yet wired into the resources table (see the report of issue #4): call it on a `GET /reports/ProfitAndLoss` body.
 * @module
 */
import type { ReportLine, ReportSection } from '../../../src/model/reports';
import { profitAndLossId } from '../../../src/model/reports';
import type { CanonicalInputOf } from '../../../src/model/registry';
import { ValueParseError, toDecimal } from '../../../src/model/primitives';
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

/** Profit and loss from a `ProfitAndLoss` report with one total column (`summarize_column_by=Total`). */
export function toProfitAndLoss(raw: unknown): CanonicalInputOf<'profitAndLoss'> {
  const report = obj(raw, 'Report');
  const header = sub(report, 'Header') ?? {};
  const fromDate = optStr(header, 'StartPeriod');
  const toDate = optStr(header, 'EndPeriod');
  if (!fromDate || !toDate) throw new ValueParseError('report Header lacks StartPeriod/EndPeriod');
  const groups = new Map<string, Row>();
  for (const r of arr(sub(report, 'Rows'), 'Row')) {
    const row = obj(r, 'Row');
    const g = optStr(row, 'group');
    if (g) groups.set(g, row);
  }
  const section = (g: string): ReportSection => {
    const row = groups.get(g);
    if (!row) return { value: '0', items: [] };
    return { value: amount(cols(row, 'Summary')[1]), items: arr(sub(row, 'Rows'), 'Row').map((r) => line(obj(r, 'Row'))) };
  };
  const total = (g: string) => amount(cols(groups.get(g), 'Summary')[1]);
  const basis = header.ReportBasis === 'Accrual' ? 'Accrual' : header.ReportBasis === 'Cash' ? 'Cash' : 'Unknown';
  const currency = optStr(header, 'Currency');
  return {
    id: profitAndLossId(fromDate, toDate),
    isDeleted: false,
    fromDate,
    toDate,
    ...(currency ? { currency } : {}),
    basis,
    income: section('Income'),
    costOfSales: section('COGS'),
    otherIncome: section('OtherIncome'),
    expenses: section('Expenses'),
    otherExpenses: section('OtherExpenses'),
    grossProfit: total('GrossProfit'),
    netOperatingProfit: total('NetOperatingIncome'),
    ...(groups.has('NetOtherIncome') ? { netOtherIncome: total('NetOtherIncome') } : {}),
    netProfit: total('NetIncome'),
  } as CanonicalInputOf<'profitAndLoss'>;
}
