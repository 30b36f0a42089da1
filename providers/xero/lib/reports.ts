/**
 * Reading Xero's report format (`Reports[0].Rows`): a flat list of `Header`, `Section` (with `Title` and `Rows`),
 * `Row` and `SummaryRow` entries whose `Cells[0]` is the label and `Cells[1]` the first period's value. Account rows
 * carry the account id in a cell attribute `{ Id: "account", Value: <AccountID> }`.
 *
 * Values are exact decimal strings as Xero writes them (`"-1850.00"`); an empty cell is zero. Totals are taken as
 * Xero states them (its own rounding is kept), and computed exactly only where Xero states none.
 *
 * @see https://developer.xero.com/documentation/api/accounting/reports
 * @module
 */
import { z } from 'zod';
import type { ReportLine } from '../../../src/model';
import { ValueParseError, addDecimals, isCalendarDate, toDecimal } from '../../../src/model/primitives';
import { OptionalText, readRaw } from './raw';

const RawCell = z.looseObject({
  Value: z.unknown().optional(),
  Attributes: z.array(z.looseObject({ Id: OptionalText, Value: OptionalText })).nullish(),
});

/** A report row as Xero sends it. */
export interface RawReportRow {
  RowType?: string | null;
  Title?: string | null;
  Cells?: z.infer<typeof RawCell>[] | null;
  Rows?: RawReportRow[] | null;
}

const RawReportRowSchema: z.ZodType<RawReportRow> = z.lazy(() =>
  z.looseObject({
    RowType: OptionalText,
    Title: OptionalText,
    Cells: z.array(RawCell).nullish(),
    Rows: z.array(RawReportRowSchema).nullish(),
  }),
);

/** The fields of a Xero report the mappers read. */
export const RawReport = z.looseObject({
  ReportID: OptionalText,
  ReportType: OptionalText,
  ReportTitles: z.array(z.string()).nullish(),
  UpdatedDateUTC: z.unknown().optional(),
  Rows: z.array(RawReportRowSchema),
  /** Added by the resource's selector: the report parameters of the request (see `reportSelector`). */
  LedgerlinkRequest: z.record(z.string(), z.string()).nullish(),
});
/** A parsed Xero report. */
export type RawReport = z.infer<typeof RawReport>;

/** Parses a report record. */
export function readReport(raw: unknown): RawReport {
  return readRaw(RawReport, raw, 'report');
}

const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** A value cell: `""` (Xero's blank) is zero. @throws {ValueParseError} for text that is not a number. */
export function cellAmount(cell: { Value?: unknown } | undefined, where: string): string {
  const v = cell?.Value;
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return '0';
  try {
    return toDecimal(v);
  } catch (err) {
    throw new ValueParseError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function label(row: RawReportRow): string {
  const v = row.Cells?.[0]?.Value;
  return typeof v === 'string' ? v.trim() : '';
}

/** A `Row` → a report line (account rows get `accountRef`, except Xero's all-zero placeholder id). */
export function rowToLine(row: RawReportRow, where: string): ReportLine {
  const name = label(row);
  const accountId = row.Cells?.[0]?.Attributes?.find((a) => (a.Id ?? '').toLowerCase() === 'account')?.Value;
  return {
    name,
    ...(accountId && !ZERO_GUID.test(accountId) ? { accountRef: { id: accountId, ...(name ? { name } : {}) } } : {}),
    value: cellAmount(row.Cells?.[1], `${where} "${name}"`),
    items: [],
  };
}

/** One `Section`: its title, account lines and stated total (its `SummaryRow`), and other rows by label. */
export interface ParsedSection {
  title: string;
  lines: ReportLine[];
  summary?: { name: string; value: string };
}

/** Splits the report into its sections (rows outside any section are ignored: the header). */
export function sections(report: RawReport): ParsedSection[] {
  const out: ParsedSection[] = [];
  report.Rows.forEach((row, i) => {
    if ((row.RowType ?? '').toLowerCase() !== 'section') return;
    const title = (row.Title ?? '').trim();
    const where = `section ${i}${title ? ` "${title}"` : ''}`;
    const section: ParsedSection = { title, lines: [] };
    for (const r of row.Rows ?? []) {
      const type = (r.RowType ?? '').toLowerCase();
      if (type === 'summaryrow') section.summary = { name: label(r), value: cellAmount(r.Cells?.[1], `${where} total`) };
      else if (type === 'row') section.lines.push(rowToLine(r, where));
    }
    out.push(section);
  });
  return out;
}

/** The section's stated total, or the exact sum of its lines. */
export function sectionValue(s: { summary?: { value: string }; lines: ReportLine[] }): string {
  return s.summary?.value ?? addDecimals(...s.lines.map((l) => l.value));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The dates written in report titles (`"As at 31 March 2026"`, `"1 March 2026 to 31 March 2026"`), in order.
 */
export function titleDates(titles: readonly string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const t of titles ?? []) {
    for (const m of t.matchAll(/(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})/g)) {
      const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
      if (month < 0) continue;
      const date = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
      if (isCalendarDate(date)) out.push(date);
    }
  }
  return out;
}

/** `paymentsOnly=true` on the request → cash basis, otherwise Xero's default accrual basis. */
export function reportBasis(report: RawReport): 'Cash' | 'Accrual' | 'Unknown' {
  const request = report.LedgerlinkRequest;
  if (!request) return 'Unknown';
  return request.paymentsOnly === 'true' ? 'Cash' : 'Accrual';
}
