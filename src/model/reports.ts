/**
 * Financial statements: balance sheet and profit and loss, as trees of exact decimal lines.
 *
 * Reports are computed for a period rather than stored, so their `id` is derived from the period
 * ({@link balanceSheetId}, {@link profitAndLossId}) and the sync engine can treat them as records.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { CalendarDate, CurrencyCode, Money } from './primitives';

/** One line of a statement: a named value with optional child lines. */
export interface ReportLine {
  /** Line or section name as the provider labels it. */
  name: string;
  /** Ledger account of an account line. */
  accountRef?: { id: string; name?: string };
  /** Value (for a line with children: their total), exact decimal string. */
  value: string;
  /** Child lines. */
  items: ReportLine[];
}

/** Zod schema of a {@link ReportLine} (recursive). */
export const ReportLineSchema: z.ZodType<ReportLine, ReportLine> = z.lazy(() =>
  z
    .object({
      name: z.string().describe('Line or section name.'),
      accountRef: Ref.optional().describe('Ledger account of an account line.'),
      value: Money.describe('Value of the line (for a line with children, their total).'),
      items: z.array(ReportLineSchema).describe('Child lines.'),
    })
    .describe('A line of a financial statement.'),
);

/** Accounting basis a statement was prepared on. */
export const ReportBasis = z.enum(['Accrual', 'Cash', 'Unknown']).describe('Accrual or cash basis.');
/** Accounting basis of a statement. */
export type ReportBasis = z.output<typeof ReportBasis>;

/** A section of a statement: its total and its lines. */
export const ReportSectionSchema = z
  .object({
    value: Money.describe('Section total.'),
    items: z.array(ReportLineSchema).describe('Lines of the section.'),
  })
  .describe('A statement section.');
/** A statement section. */
export type ReportSection = z.output<typeof ReportSectionSchema>;

/** Balance sheet at a date. */
export const BalanceSheetSchema = z
  .object({
    ...BaseRecordShape,
    date: CalendarDate.describe('Date the balances are at.'),
    currency: CurrencyCode.optional().describe('Reporting currency.'),
    basis: ReportBasis.default('Unknown').describe('Accrual or cash basis.'),
    assets: ReportSectionSchema.describe('Assets.'),
    liabilities: ReportSectionSchema.describe('Liabilities.'),
    equity: ReportSectionSchema.describe('Equity.'),
    netAssets: Money.describe('Assets minus liabilities.'),
  })
  .describe('Balance sheet at a date. `id` is derived from the date (see `balanceSheetId`).');
/** A balance sheet. */
export type BalanceSheet = z.output<typeof BalanceSheetSchema>;

/** Profit and loss for a period. */
export const ProfitAndLossSchema = z
  .object({
    ...BaseRecordShape,
    fromDate: CalendarDate.describe('First day of the period.'),
    toDate: CalendarDate.describe('Last day of the period.'),
    currency: CurrencyCode.optional().describe('Reporting currency.'),
    basis: ReportBasis.default('Unknown').describe('Accrual or cash basis.'),
    income: ReportSectionSchema.describe('Trading income.'),
    costOfSales: ReportSectionSchema.describe('Cost of sales / direct costs.'),
    otherIncome: ReportSectionSchema.describe('Other income.'),
    expenses: ReportSectionSchema.describe('Operating expenses.'),
    otherExpenses: ReportSectionSchema.describe('Other expenses.'),
    grossProfit: Money.describe('Income minus cost of sales.'),
    netOperatingProfit: Money.describe('Gross profit minus operating expenses.'),
    netOtherIncome: Money.optional().describe('Other income minus other expenses.'),
    netProfit: Money.describe('Net profit for the period.'),
  })
  .describe('Profit and loss for a period. `id` is derived from the period (see `profitAndLossId`).');
/** A profit and loss statement. */
export type ProfitAndLoss = z.output<typeof ProfitAndLossSchema>;

/**
 * The record id of a balance sheet at `date`.
 * @example balanceSheetId('2026-03-31') // 'balance-sheet:2026-03-31'
 */
export function balanceSheetId(date: string): string {
  return `balance-sheet:${date}`;
}

/**
 * The record id of a profit and loss for `fromDate`..`toDate` (inclusive).
 * @example profitAndLossId('2026-01-01', '2026-03-31') // 'profit-and-loss:2026-01-01..2026-03-31'
 */
export function profitAndLossId(fromDate: string, toDate: string): string {
  return `profit-and-loss:${fromDate}..${toDate}`;
}
