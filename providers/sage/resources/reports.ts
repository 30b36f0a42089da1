/**
 * Balance sheet and profit and loss **computed from ledger account balances**: Sage Accounting v3.1 has no report
 * endpoints (reference §4.2), but `GET /ledger_accounts?show_balance_details=true&from_date=…&to_date=…` returns each
 * account's `balance_details` (`debits`, `credits`, `balance`, `credit_or_debit`) for a date range.
 *
 * Method (one request, `attributes=all`, `items_per_page=200`):
 * - every account's balance is taken debit-positive (`debits - credits`, see {@link debitBalance});
 * - accounts are grouped by `ledger_account_type` ({@link SAGE_ACCOUNT_CLASSIFICATION}); each group is one line
 *   (named by the type's `displayed_as`) with one child line per account with a non-zero balance;
 * - **profit and loss** for `fromDate..toDate`: income (`SALES`) and other income (`OTHER_INCOME`) credit-positive,
 *   cost of sales (`DIRECT_EXPENSES`) and expenses (`OVERHEADS`, `DEPRECIATION`) debit-positive; gross profit = income
 *   − cost of sales; net operating profit = gross profit − expenses; net profit = net operating profit + other income;
 * - **balance sheet** at `date`: balances from {@link BALANCE_SHEET_FROM} to `date`; assets debit-positive,
 *   liabilities and equity credit-positive; the net of every income and expense account up to `date` (profit not yet
 *   closed to retained earnings) is added to equity as the line {@link PROFIT_TO_DATE_LINE}, so that
 *   assets − liabilities = equity whenever the ledger balances.
 *
 * Limits, stated plainly: a chart with more than 200 accounts (a `$next` link on the answer) fails with an issue
 * instead of returning a partial report; an account with a balance but an unknown type fails the same way (the
 * type ids are unverified). ❓ unverified: basis is reported as Accrual, as Sage posts invoices to the ledger when
 * raised (a cash-accounting tax scheme changes VAT, not the ledger).
 *
 * @see https://developer.sage.com/accounting/reference/accounting-setup/#tag/Ledger-Accounts
 * @module
 */
import { ConfigurationError } from '../../../src/errors';
import type { ReportLine, ReportSection } from '../../../src/model/reports';
import { balanceSheetId, profitAndLossId } from '../../../src/model/reports';
import type { CanonicalInputOf } from '../../../src/model/registry';
import { ValueParseError, addDecimals, compareDecimals, isCalendarDate, negateDecimal, subtractDecimals } from '../../../src/model/primitives';
import type { HttpResponse } from '../../../src/http/types';
import type { ListParams, ResourceDefinition } from '../../../src/provider/types';
import { arr, obj, optStr, refId, str, sub, type SageRecord } from '../lib/values';
import { SAGE_ACCOUNT_CLASSIFICATION, debitBalance } from './mappers';

/** First date of the balance-sheet range. ❓ unverified: that Sage accepts a `from_date` before the accounts start. */
export const BALANCE_SHEET_FROM = '1900-01-01';
/** Name of the equity line holding income minus expenses not yet closed to retained earnings (our label). */
export const PROFIT_TO_DATE_LINE = 'Profit and loss to date';

/** What the report resources hand the mappers: the accounts of one balance query and its date range. */
export interface SageLedgerBalances {
  kind: 'balanceSheet' | 'profitAndLoss';
  fromDate: string;
  toDate: string;
  /** Raw `LedgerAccount` records with `balance_details`. */
  accounts: unknown[];
  /** True when the answer had a `$next` page (more than one page of accounts). */
  truncated: boolean;
}

interface Classified {
  type: string;
  typeName: string;
  line: ReportLine;
  balance: string;
}

function classify(raw: SageLedgerBalances): Classified[] {
  if (raw.truncated) {
    throw new ValueParseError('the chart has more than one page (200) of ledger accounts: the report would be incomplete');
  }
  const out: Classified[] = [];
  for (const a of raw.accounts) {
    const o = obj(a, 'LedgerAccount');
    const balance = debitBalance(sub(o, 'balance_details')) ?? '0';
    if (compareDecimals(balance, '0') === 0) continue;
    const type = refId(o, 'ledger_account_type') ?? '';
    if (!SAGE_ACCOUNT_CLASSIFICATION[type]) {
      throw new ValueParseError(`ledger account ${str(o, 'id')} has a balance but an unknown ledger_account_type ${JSON.stringify(type)}`);
    }
    const name = optStr(o, 'name') ?? str(o, 'displayed_as');
    out.push({ type, typeName: optStr(sub(o, 'ledger_account_type'), 'displayed_as') ?? type, balance, line: { name, accountRef: { id: str(o, 'id'), name }, value: '0', items: [] } });
  }
  return out;
}

/** One section: a line per ledger account type (in `types` order) with its accounts; `sign` 1 = debit-positive. */
function section(rows: Classified[], types: readonly string[], sign: 1 | -1, extra: ReportLine[] = []): ReportSection {
  const items: ReportLine[] = [];
  for (const type of types) {
    const accounts = rows.filter((r) => r.type === type).map((r) => ({ ...r.line, value: sign === 1 ? r.balance : negateDecimal(r.balance) }));
    if (accounts.length === 0) continue;
    items.push({ name: rows.find((r) => r.type === type)!.typeName, value: addDecimals(...accounts.map((l) => l.value)), items: accounts });
  }
  items.push(...extra);
  return { value: addDecimals('0', ...items.map((l) => l.value)), items };
}

const ASSETS = ['BANK', 'CURRENT_ASSETS', 'FIXED_ASSETS', 'FUTURE_ASSETS'] as const;
const LIABILITIES = ['CURRENT_LIABILITY', 'FUTURE_LIABILITY', 'LT_LIABILITY'] as const;
const PNL = ['SALES', 'OTHER_INCOME', 'DIRECT_EXPENSES', 'OVERHEADS', 'DEPRECIATION'] as const;

/** Balance sheet at `toDate` from ledger balances (see the module description). */
export function toBalanceSheet(raw: unknown): CanonicalInputOf<'balanceSheet'> {
  const r = raw as SageLedgerBalances;
  const rows = classify(r);
  const assets = section(rows, ASSETS, 1);
  const liabilities = section(rows, LIABILITIES, -1);
  const profit = negateDecimal(addDecimals('0', ...rows.filter((x) => (PNL as readonly string[]).includes(x.type)).map((x) => x.balance)));
  const equity = section(rows, ['EQUITY'], -1, compareDecimals(profit, '0') === 0 ? [] : [{ name: PROFIT_TO_DATE_LINE, value: profit, items: [] }]);
  return {
    id: balanceSheetId(r.toDate),
    isDeleted: false,
    date: r.toDate,
    basis: 'Accrual',
    assets,
    liabilities,
    equity,
    netAssets: subtractDecimals(assets.value, liabilities.value),
  } as CanonicalInputOf<'balanceSheet'>;
}

/** Profit and loss for `fromDate..toDate` from ledger balances (see the module description). */
export function toProfitAndLoss(raw: unknown): CanonicalInputOf<'profitAndLoss'> {
  const r = raw as SageLedgerBalances;
  const rows = classify(r);
  const income = section(rows, ['SALES'], -1);
  const otherIncome = section(rows, ['OTHER_INCOME'], -1);
  const costOfSales = section(rows, ['DIRECT_EXPENSES'], 1);
  const expenses = section(rows, ['OVERHEADS', 'DEPRECIATION'], 1);
  const otherExpenses: ReportSection = { value: '0', items: [] };
  const grossProfit = subtractDecimals(income.value, costOfSales.value);
  const netOperatingProfit = subtractDecimals(grossProfit, expenses.value);
  const netOtherIncome = subtractDecimals(otherIncome.value, otherExpenses.value);
  return {
    id: profitAndLossId(r.fromDate, r.toDate),
    isDeleted: false,
    fromDate: r.fromDate,
    toDate: r.toDate,
    basis: 'Accrual',
    income,
    costOfSales,
    otherIncome,
    expenses,
    otherExpenses,
    grossProfit,
    netOperatingProfit,
    netOtherIncome,
    netProfit: addDecimals(netOperatingProfit, netOtherIncome),
  } as CanonicalInputOf<'profitAndLoss'>;
}

function calendarParam(params: ListParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !isCalendarDate(v)) throw new ConfigurationError(`Sage report ${name} must be a YYYY-MM-DD date (got ${JSON.stringify(v)})`, { provider: 'sage' });
  return v;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The report's date range from the request URL the balances were read with. */
function selectBalances(kind: SageLedgerBalances['kind']) {
  return (body: unknown, response: HttpResponse): unknown[] => {
    const url = new URL(response.url, 'http://x');
    const b = (body ?? {}) as SageRecord;
    const balances: SageLedgerBalances = {
      kind,
      fromDate: url.searchParams.get('from_date') ?? '',
      toDate: url.searchParams.get('to_date') ?? '',
      accounts: arr(b, '$items'),
      truncated: typeof b.$next === 'string' && b.$next !== '',
    };
    return [balances];
  };
}

const reportIdOf = (raw: unknown) => {
  const r = raw as Partial<SageLedgerBalances> | null;
  return r?.toDate ? (r.kind === 'balanceSheet' ? balanceSheetId(r.toDate) : profitAndLossId(r.fromDate ?? '', r.toDate)) : undefined;
};

/** The `balanceSheet` resource: `date` (default today, UTC). */
export const balanceSheetResource = {
  path: '/ledger_accounts',
  query: (params) => ({ attributes: 'all', items_per_page: '200', show_balance_details: 'true', from_date: BALANCE_SHEET_FROM, to_date: calendarParam(params, 'date') ?? today() }),
  pagination: { type: 'none', select: selectBalances('balanceSheet') },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: reportIdOf,
  toCanonical: toBalanceSheet,
} satisfies ResourceDefinition<'balanceSheet'>;

/**
 * The `profitAndLoss` resource: `fromDate`..`toDate`; `toDate` defaults to today (UTC) and `fromDate` to the first of
 * `toDate`'s month (our default, like Xero's current-month report).
 */
export const profitAndLossResource = {
  path: '/ledger_accounts',
  query: (params) => {
    const toDate = calendarParam(params, 'toDate') ?? today();
    const fromDate = calendarParam(params, 'fromDate') ?? `${toDate.slice(0, 8)}01`;
    if (fromDate > toDate) throw new ConfigurationError(`Sage report fromDate ${fromDate} is after toDate ${toDate}`, { provider: 'sage' });
    return { attributes: 'all', items_per_page: '200', show_balance_details: 'true', from_date: fromDate, to_date: toDate };
  },
  pagination: { type: 'none', select: selectBalances('profitAndLoss') },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: reportIdOf,
  toCanonical: toProfitAndLoss,
} satisfies ResourceDefinition<'profitAndLoss'>;
