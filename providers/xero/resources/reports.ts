/**
 * `balanceSheet` ← `GET /Reports/BalanceSheet?date=` and `profitAndLoss` ← `GET /Reports/ProfitAndLoss?fromDate=&toDate=`,
 * mapped from Xero's rows-and-cells format into the canonical statement tree.
 *
 * Parameters (from `list({ params })`): `date` (balance sheet), `fromDate`/`toDate` (profit and loss) as
 * `YYYY-MM-DD`, each optional (Xero then uses today / the current month), and `paymentsOnly: true` for cash basis.
 * `standardLayout=true` is always sent so the section titles are Xero's standard ones rather than a user's custom
 * layout. One period is read (Xero's `periods`/`timeframe` comparisons are not requested).
 *
 * The selector adds `LedgerlinkRequest` (the report parameters of the request, from the request URL) to the raw
 * report so the mapper knows the dates and basis asked for; the rest of the raw report is Xero's.
 *
 * @see https://developer.xero.com/documentation/api/accounting/reports#balance-sheet
 * @see https://developer.xero.com/documentation/api/accounting/reports#profit-and-loss
 * @module
 */
import type { ReportLine } from '../../../src/model';
import { ConfigurationError } from '../../../src/errors';
import type { QueryParams } from '../../../src/http/types';
import { addDecimals, isCalendarDate, subtractDecimals } from '../../../src/model/primitives';
import { balanceSheetId, profitAndLossId } from '../../../src/model/reports';
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { ListParams, MapContext, RecordSelector, ResourceDefinition } from '../../../src/provider/types';
import { compact } from '../lib/compact';
import { xeroOptionalInstant } from '../lib/dates';
import { selectEnvelope } from '../lib/list';
import { type ParsedSection, readReport, reportBasis, sectionValue, sections, titleDates } from '../lib/reports';

const REPORT_PARAMS = ['date', 'fromDate', 'toDate', 'paymentsOnly'] as const;

function calendarParam(params: ListParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !isCalendarDate(v)) {
    throw new ConfigurationError(`Xero report parameter ${name} must be a YYYY-MM-DD date (got ${JSON.stringify(v)})`, {
      provider: 'xero',
    });
  }
  return v;
}

function basisParam(params: ListParams): QueryParams {
  const v = params.paymentsOnly;
  if (v === undefined) return {};
  if (typeof v !== 'boolean') {
    throw new ConfigurationError('Xero report parameter paymentsOnly must be a boolean', { provider: 'xero' });
  }
  return { paymentsOnly: v };
}

/** Reports envelope selector that records the request's report parameters on each report. */
export const reportSelector: RecordSelector = (body, response) => {
  const reports = selectEnvelope('Reports')(body, response);
  if (!Array.isArray(reports)) return reports;
  let request: Record<string, string> = {};
  try {
    const url = new URL(response.url);
    for (const name of REPORT_PARAMS) {
      const v = url.searchParams.get(name);
      if (v !== null) request[name] = v;
    }
  } catch {
    request = {};
  }
  return reports.map((r) => (typeof r === 'object' && r !== null ? { ...r, LedgerlinkRequest: request } : r));
};

const emptySection = { value: '0', items: [] as ReportLine[] };

// ---------------------------------------------------------------------------------------------------------------
// Balance sheet
// ---------------------------------------------------------------------------------------------------------------

type Group = 'assets' | 'liabilities' | 'equity';

function groupOf(title: string): Group | undefined {
  const t = title.toLowerCase();
  if (t === 'assets') return 'assets';
  if (t === 'liabilities') return 'liabilities';
  if (t === 'equity') return 'equity';
  return undefined;
}

/**
 * Maps a Xero balance sheet. Xero lists `Assets`, `Liabilities` and `Equity` as title sections followed by their
 * sub-sections (`Bank`, `Current Assets`, …), with the group totals (`Total Assets`) and `Net Assets` in untitled
 * sections; each sub-section becomes a line with its account lines as children.
 *
 * @throws when a section appears before any group, or the date cannot be determined.
 */
export function toBalanceSheet(raw: unknown, ctx?: MapContext): CanonicalInputOf<'balanceSheet'> {
  const report = readReport(raw);
  const date = report.LedgerlinkRequest?.date ?? titleDates(report.ReportTitles).at(-1);
  if (!date || !isCalendarDate(date)) throw new Error('balance sheet date is neither in the request nor in the titles');
  const groups: Record<Group, { items: ReportLine[]; total?: string }> = {
    assets: { items: [] },
    liabilities: { items: [] },
    equity: { items: [] },
  };
  let current: Group | undefined;
  let netAssets: string | undefined;
  for (const s of sections(report)) {
    const g = groupOf(s.title);
    if (g) {
      current = g;
      groups[g].items.push(...s.lines);
      if (s.summary) groups[g].total = s.summary.value;
      continue;
    }
    if (s.title) {
      if (!current) throw new Error(`balance sheet section "${s.title}" comes before Assets/Liabilities/Equity`);
      groups[current].items.push({ name: s.title, value: sectionValue(s), items: s.lines });
      continue;
    }
    untitledBalanceSheetSection(s, groups, current, (v) => (netAssets = v));
  }
  const value = (g: Group) => groups[g].total ?? addDecimals(...groups[g].items.map((i) => i.value));
  const assets = value('assets');
  const liabilities = value('liabilities');
  return compact<CanonicalInputOf<'balanceSheet'>>({
    id: balanceSheetId(date),
    sourceModifiedDate: xeroOptionalInstant(report.UpdatedDateUTC),
    isDeleted: false,
    date,
    currency: ctx?.baseCurrency,
    basis: reportBasis(report),
    assets: { value: assets, items: groups.assets.items },
    liabilities: { value: liabilities, items: groups.liabilities.items },
    equity: { value: value('equity'), items: groups.equity.items },
    netAssets: netAssets ?? subtractDecimals(assets, liabilities),
  });
}

function untitledBalanceSheetSection(
  s: ParsedSection,
  groups: Record<Group, { items: ReportLine[]; total?: string }>,
  current: Group | undefined,
  setNetAssets: (v: string) => void,
): void {
  const total = s.summary ? /^total\s+(assets|liabilities|equity)$/i.exec(s.summary.name) : null;
  if (s.summary && total) groups[total[1]!.toLowerCase() as Group].total = s.summary.value;
  else if (s.summary && current) groups[current].items.push({ name: s.summary.name, value: s.summary.value, items: [] });
  for (const line of s.lines) {
    if (/^net\s+assets$/i.test(line.name)) setNetAssets(line.value);
    else if (current) groups[current].items.push(line);
    else throw new Error(`balance sheet line "${line.name}" comes before Assets/Liabilities/Equity`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Profit and loss
// ---------------------------------------------------------------------------------------------------------------

type PnlSection = 'income' | 'costOfSales' | 'otherIncome' | 'expenses' | 'otherExpenses';

/** Xero's standard-layout section titles (with or without the "Less"/"Plus" prefix). */
export function pnlSectionOf(title: string): PnlSection | undefined {
  const t = title.toLowerCase().replace(/^(less|plus)\s+/, '');
  if (/^(trading\s+)?income$|^revenue$|^sales$/.test(t)) return 'income';
  if (/^cost\s+of\s+sales$|^direct\s+costs$|^cost\s+of\s+goods\s+sold$/.test(t)) return 'costOfSales';
  if (/^other\s+income$|^non-?operating\s+income$/.test(t)) return 'otherIncome';
  if (/^(operating\s+)?expenses$|^overheads$/.test(t)) return 'expenses';
  if (/^other\s+expenses$|^non-?operating\s+expenses$/.test(t)) return 'otherExpenses';
  return undefined;
}

/**
 * Maps a Xero profit and loss. Sections map by their standard titles (`Income`/`Trading Income`, `Less Cost of
 * Sales`, `Plus Other Income`, `Less Operating Expenses`, `Less Other Expenses`); `Gross Profit`, `Net Profit` (and
 * `Operating Profit` where shown) are read from Xero's untitled rows, and computed exactly where Xero shows none.
 *
 * @throws for a section title this mapping does not know (a figure would otherwise be lost), or undeterminable dates.
 */
export function toProfitAndLoss(raw: unknown, ctx?: MapContext): CanonicalInputOf<'profitAndLoss'> {
  const report = readReport(raw);
  const titles = titleDates(report.ReportTitles);
  const fromDate = report.LedgerlinkRequest?.fromDate ?? (titles.length >= 2 ? titles[0] : undefined);
  const toDate = report.LedgerlinkRequest?.toDate ?? (titles.length >= 2 ? titles.at(-1) : undefined);
  if (!fromDate || !toDate || !isCalendarDate(fromDate) || !isCalendarDate(toDate)) {
    throw new Error('profit and loss period is neither in the request nor in the titles');
  }
  const parts: Partial<Record<PnlSection, { value: string; items: ReportLine[] }>> = {};
  const stated: { grossProfit?: string; netOperatingProfit?: string; netProfit?: string } = {};
  for (const s of sections(report)) {
    if (s.title) {
      const kind = pnlSectionOf(s.title);
      if (!kind) throw new Error(`profit and loss section "${s.title}" is not a standard Xero section`);
      const prior = parts[kind];
      parts[kind] = prior
        ? { value: addDecimals(prior.value, sectionValue(s)), items: [...prior.items, ...s.lines] }
        : { value: sectionValue(s), items: s.lines };
      continue;
    }
    for (const line of [...s.lines, ...(s.summary ? [{ name: s.summary.name, value: s.summary.value }] : [])]) {
      const name = line.name.toLowerCase();
      if (/^gross\s+(profit|loss)$/.test(name)) stated.grossProfit = line.value;
      else if (/^(net\s+)?operating\s+(profit|loss)$/.test(name)) stated.netOperatingProfit = line.value;
      else if (/^net\s+(profit|loss)$/.test(name)) stated.netProfit = line.value;
      else throw new Error(`profit and loss line "${line.name}" is outside any section`);
    }
  }
  const part = (k: PnlSection) => parts[k] ?? emptySection;
  const grossProfit = stated.grossProfit ?? subtractDecimals(part('income').value, part('costOfSales').value);
  const netOperatingProfit = stated.netOperatingProfit ?? subtractDecimals(grossProfit, part('expenses').value);
  const hasOther = parts.otherIncome !== undefined || parts.otherExpenses !== undefined;
  const netOtherIncome = hasOther ? subtractDecimals(part('otherIncome').value, part('otherExpenses').value) : undefined;
  return compact<CanonicalInputOf<'profitAndLoss'>>({
    id: profitAndLossId(fromDate, toDate),
    sourceModifiedDate: xeroOptionalInstant(report.UpdatedDateUTC),
    isDeleted: false,
    fromDate,
    toDate,
    currency: ctx?.baseCurrency,
    basis: reportBasis(report),
    income: part('income'),
    costOfSales: part('costOfSales'),
    otherIncome: part('otherIncome'),
    expenses: part('expenses'),
    otherExpenses: part('otherExpenses'),
    grossProfit,
    netOperatingProfit,
    netOtherIncome,
    netProfit: stated.netProfit ?? addDecimals(netOperatingProfit, netOtherIncome ?? '0'),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------

/** The `balanceSheet` resource. */
export const balanceSheetResource = {
  path: '/Reports/BalanceSheet',
  query: (params) => {
    const date = calendarParam(params, 'date');
    return { ...(date ? { date } : {}), standardLayout: true, ...basisParam(params) };
  },
  pagination: { type: 'none', select: reportSelector },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: (raw) => {
    const id = (raw as { ReportID?: unknown } | null)?.ReportID;
    return typeof id === 'string' ? id : undefined;
  },
  toCanonical: toBalanceSheet,
} satisfies ResourceDefinition<'balanceSheet'>;

/** The `profitAndLoss` resource. */
export const profitAndLossResource = {
  path: '/Reports/ProfitAndLoss',
  query: (params) => {
    const fromDate = calendarParam(params, 'fromDate');
    const toDate = calendarParam(params, 'toDate');
    if (fromDate && toDate && fromDate > toDate) {
      throw new ConfigurationError(`Xero report fromDate ${fromDate} is after toDate ${toDate}`, { provider: 'xero' });
    }
    return { ...(fromDate ? { fromDate } : {}), ...(toDate ? { toDate } : {}), standardLayout: true, ...basisParam(params) };
  },
  pagination: { type: 'none', select: reportSelector },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: (raw) => {
    const id = (raw as { ReportID?: unknown } | null)?.ReportID;
    return typeof id === 'string' ? id : undefined;
  },
  toCanonical: toProfitAndLoss,
} satisfies ResourceDefinition<'profitAndLoss'>;
