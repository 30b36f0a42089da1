/**
 * `GET /reports/ProfitAndLoss` and `GET /reports/BalanceSheet` in the QuickBooks emulator, computed from the realm's
 * own posted documents (double entry, exact decimals), in QuickBooks' report JSON (`Header`, `Columns`,
 * `Rows.Row[]` of `Section` rows with `Header`/`Rows`/`Summary` and `Data` rows with `ColData`, `group` names) as in
 * the documented ProfitAndLoss sample (doc-samples/profitandloss).
 *
 * Postings (accrual basis): Invoice Dr A/R / Cr the line item's income account (the rest of `TotalAmt`, i.e. tax,
 * to Sales Tax Payable); CreditMemo the reverse; Bill Dr line expense accounts / Cr A/P; VendorCredit the reverse;
 * Payment Dr `DepositToAccountRef` / Cr A/R; BillPayment Dr A/P / Cr the bank or card account; Purchase Dr lines /
 * Cr `AccountRef` (reversed when `Credit`); Deposit Dr `DepositToAccountRef` / Cr the lines' accounts; Transfer Dr
 * `ToAccountRef` / Cr `FromAccountRef`; JournalEntry as posted.
 *
 * ❓ unverified (emulator choices, not reference facts): the BalanceSheet layout and group names (`TotalAssets`,
 * `TotalLiabilitiesAndEquity`, `Liabilities`, `Equity`, sub-sections by account type), flat account rows (real
 * QuickBooks nests sub-accounts), the `Retained Earnings`/`Net Income` equity rows, the defaults without dates
 * (this fiscal year to date), and that only `accounting_method=Accrual` is computed (Cash is refused).
 * @module
 */
import { addDecimals, compareDecimals, negateDecimal, roundDecimal, subtractDecimals, toDecimal } from '../../../src/model/primitives';
import type { QbRecord, RealmData } from './data';

interface Posting { date: string; account: string; amount: string } // amount > 0: debit, < 0: credit

const d = (v: unknown): string => (v === undefined || v === null || v === '' ? '0' : toDecimal(v as number | string));
const ref = (o: unknown, f: string): string | undefined => {
  const r = (o as Record<string, { value?: unknown }> | undefined)?.[f];
  return r && (typeof r.value === 'string' || typeof r.value === 'number') ? String(r.value) : undefined;
};
const lines = (o: QbRecord) => (Array.isArray(o.Line) ? (o.Line as QbRecord[]) : []);

function accountByType(realm: RealmData, type: string): string | undefined {
  return realm.entities.Account?.find((a) => a.AccountType === type)?.Id as string | undefined;
}

/** Every posting of the realm's documents. */
export function postings(realm: RealmData): Posting[] {
  const out: Posting[] = [];
  const items = realm.entities.Item ?? [];
  const ar = accountByType(realm, 'Accounts Receivable') ?? 'AR';
  const ap = accountByType(realm, 'Accounts Payable') ?? 'AP';
  const taxAccount = realm.entities.Account?.find((a) => a.Name === 'Sales Tax Payable')?.Id as string | undefined;
  const post = (date: string, account: string | undefined, amount: string) => {
    if (account && compareDecimals(amount, '0') !== 0) out.push({ date, account, amount });
  };
  const itemAccount = (detail: unknown, field: 'IncomeAccountRef' | 'ExpenseAccountRef') => {
    const id = ref(detail, 'ItemRef');
    const item = items.find((i) => i.Id === id);
    return item ? ref(item, field) : undefined;
  };
  const lineAccount = (l: QbRecord, sales: boolean): string | undefined => {
    const kind = String(l.DetailType ?? '');
    const detail = l[kind];
    if (kind === 'SalesItemLineDetail') return itemAccount(detail, 'IncomeAccountRef');
    if (kind === 'ItemBasedExpenseLineDetail') return itemAccount(detail, 'ExpenseAccountRef');
    if (kind === 'AccountBasedExpenseLineDetail' || kind === 'DepositLineDetail') return ref(detail, 'AccountRef');
    void sales;
    return undefined;
  };
  /** A sales or purchase document: `sign` 1 debits the control account and credits the lines (invoice). */
  const doc = (r: QbRecord, control: string, sign: 1 | -1, sales: boolean) => {
    const date = String(r.TxnDate);
    const total = d(r.TotalAmt);
    let linesTotal = '0';
    for (const l of lines(r)) {
      const account = lineAccount(l, sales);
      if (!account) continue;
      const amt = d(l.Amount);
      linesTotal = addDecimals(linesTotal, amt);
      post(date, account, sign === 1 ? negateDecimal(amt) : amt);
    }
    post(date, control, sign === 1 ? total : negateDecimal(total));
    const rest = subtractDecimals(total, linesTotal);
    post(date, taxAccount ?? control, sign === 1 ? negateDecimal(rest) : rest);
  };
  for (const r of realm.entities.Invoice ?? []) doc(r, ar, 1, true);
  for (const r of realm.entities.CreditMemo ?? []) doc(r, ar, -1, true);
  // A bill credits A/P and debits its lines: the mirror of an invoice.
  for (const r of realm.entities.Bill ?? []) doc(r, ap, -1, false);
  for (const r of realm.entities.VendorCredit ?? []) doc(r, ap, 1, false);
  for (const r of realm.entities.Payment ?? []) {
    const amt = d(r.TotalAmt);
    post(String(r.TxnDate), ref(r, 'DepositToAccountRef') ?? realm.entities.Account?.find((a) => a.Name === 'Undeposited Funds')?.Id as string | undefined, amt);
    post(String(r.TxnDate), ar, negateDecimal(amt));
  }
  for (const r of realm.entities.BillPayment ?? []) {
    const amt = d(r.TotalAmt);
    const bank = r.PayType === 'CreditCard' ? ref(r.CreditCardPayment, 'CCAccountRef') : ref(r.CheckPayment, 'BankAccountRef');
    post(String(r.TxnDate), ap, amt);
    post(String(r.TxnDate), bank, negateDecimal(amt));
  }
  for (const r of realm.entities.Purchase ?? []) {
    const sign = r.Credit === true ? -1 : 1;
    let total = '0';
    for (const l of lines(r)) {
      const amt = d(l.Amount);
      total = addDecimals(total, amt);
      post(String(r.TxnDate), lineAccount(l, false), sign === 1 ? amt : negateDecimal(amt));
    }
    post(String(r.TxnDate), ref(r, 'AccountRef'), sign === 1 ? negateDecimal(total) : total);
  }
  for (const r of realm.entities.Deposit ?? []) {
    let total = '0';
    for (const l of lines(r)) {
      const amt = d(l.Amount);
      total = addDecimals(total, amt);
      post(String(r.TxnDate), lineAccount(l, true), negateDecimal(amt));
    }
    post(String(r.TxnDate), ref(r, 'DepositToAccountRef'), total);
  }
  for (const r of realm.entities.Transfer ?? []) {
    const amt = d(r.Amount);
    post(String(r.TxnDate), ref(r, 'ToAccountRef'), amt);
    post(String(r.TxnDate), ref(r, 'FromAccountRef'), negateDecimal(amt));
  }
  for (const r of realm.entities.JournalEntry ?? []) {
    for (const l of lines(r)) {
      const detail = l.JournalEntryLineDetail as QbRecord | undefined;
      if (!detail) continue;
      const amt = d(l.Amount);
      post(String(r.TxnDate), ref(detail, 'AccountRef'), detail.PostingType === 'Credit' ? negateDecimal(amt) : amt);
    }
  }
  return out;
}

const money = (v: string) => roundDecimal(v, 2);

function balances(ps: Posting[], from: string | undefined, to: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of ps) {
    if (p.date > to || (from !== undefined && p.date < from)) continue;
    m.set(p.account, addDecimals(m.get(p.account) ?? '0', p.amount));
  }
  return m;
}

type Row = Record<string, unknown>;
const dataRow = (id: string | undefined, name: string, value: string): Row => ({ ColData: [{ value: name, ...(id ? { id } : {}) }, { value: money(value) }], type: 'Data' });
const section = (title: string | undefined, group: string | undefined, rows: Row[], totalLabel: string, total: string | undefined): Row => ({
  ...(title !== undefined ? { Header: { ColData: [{ value: title }, { value: '' }] } } : {}),
  ...(rows.length ? { Rows: { Row: rows } } : {}),
  type: 'Section',
  ...(group ? { group } : {}),
  Summary: { ColData: [{ value: totalLabel }, { value: total === undefined ? '' : money(total) }] },
});

/** Account rows of the given types, signed (`credit`: credits positive), and their total (undefined when none). */
function accountRows(realm: RealmData, bal: Map<string, string>, types: string[], credit: boolean): { rows: Row[]; total: string | undefined } {
  const rows: Row[] = [];
  let total: string | undefined;
  for (const a of realm.entities.Account ?? []) {
    if (!types.includes(String(a.AccountType))) continue;
    const raw = bal.get(String(a.Id));
    if (raw === undefined || compareDecimals(raw, '0') === 0) continue;
    const v = credit ? negateDecimal(raw) : raw;
    rows.push(dataRow(String(a.Id), String(a.Name), v));
    total = addDecimals(total ?? '0', v);
  }
  return { rows, total };
}

const INCOME = ['Income'];
const COGS = ['Cost of Goods Sold'];
const EXPENSE = ['Expense'];
const OTHER_INCOME = ['Other Income'];
const OTHER_EXPENSE = ['Other Expense'];

function netIncome(realm: RealmData, bal: Map<string, string>): string {
  const s = (types: string[], credit: boolean) => accountRows(realm, bal, types, credit).total ?? '0';
  return subtractDecimals(addDecimals(s(INCOME, true), s(OTHER_INCOME, true)), addDecimals(s(COGS, false), s(EXPENSE, false), s(OTHER_EXPENSE, false)));
}

/** A report request's period, from `start_date`/`end_date` or `date_macro`; `today` is `YYYY-MM-DD`. */
export function reportPeriod(q: URLSearchParams, today: string): { start: string; end: string; macro?: string } | { error: string } {
  const start = q.get('start_date') ?? undefined;
  const end = q.get('end_date') ?? undefined;
  const macro = q.get('date_macro') ?? undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if ((start && !iso.test(start)) || (end && !iso.test(end))) return { error: 'start_date and end_date must be yyyy-MM-dd' };
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  if (!start && !end && macro) {
    const k = macro.toLowerCase();
    if (k === 'today') return { start: today, end: today, macro };
    if (k === 'this month') return { start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${lastDay(y, m)}`, macro };
    if (k === 'this month-to-date') return { start: `${y}-${pad(m)}-01`, end: today, macro };
    if (k === 'last month') {
      const [ly, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { start: `${ly}-${pad(lm)}-01`, end: `${ly}-${pad(lm)}-${lastDay(ly, lm)}`, macro };
    }
    if (k === 'this year') return { start: `${y}-01-01`, end: `${y}-12-31`, macro };
    if (k === 'this year-to-date' || k === 'this fiscal year-to-date') return { start: `${y}-01-01`, end: today, macro };
    if (k === 'last year') return { start: `${y - 1}-01-01`, end: `${y - 1}-12-31`, macro };
    return { error: `date_macro ${macro} is not supported by the emulator` };
  }
  const e = end ?? today;
  const s = start ?? `${e.slice(0, 4)}-01-01`;
  if (s > e) return { error: 'start_date is after end_date' };
  return { start: s, end: e, ...(!start && !end ? { macro: 'this fiscal year-to-date' } : {}) };
}

function reportHeader(name: string, period: { start: string; end: string; macro?: string }, time: string, noData: boolean) {
  return {
    Time: time,
    ReportName: name,
    ...(period.macro ? { DateMacro: period.macro } : {}),
    ReportBasis: 'Accrual',
    StartPeriod: period.start,
    EndPeriod: period.end,
    SummarizeColumnsBy: 'Total',
    Currency: 'USD',
    Option: [
      { Name: 'AccountingStandard', Value: 'GAAP' },
      { Name: 'NoReportData', Value: String(noData) },
    ],
  };
}

const COLUMNS = { Column: [{ ColType: 'Account', ColTitle: '', MetaData: [{ Name: 'ColKey', Value: 'account' }] }, { ColType: 'Money', ColTitle: 'Total', MetaData: [{ Name: 'ColKey', Value: 'total' }] }] };

/** The ProfitAndLoss report of a period. */
export function profitAndLossReport(realm: RealmData, period: { start: string; end: string; macro?: string }, time: string): Row {
  const bal = balances(postings(realm), period.start, period.end);
  const inc = accountRows(realm, bal, INCOME, true);
  const cogs = accountRows(realm, bal, COGS, false);
  const exp = accountRows(realm, bal, EXPENSE, false);
  const oinc = accountRows(realm, bal, OTHER_INCOME, true);
  const oexp = accountRows(realm, bal, OTHER_EXPENSE, false);
  const z = (v: string | undefined) => v ?? '0';
  const gross = subtractDecimals(z(inc.total), z(cogs.total));
  const operating = subtractDecimals(gross, z(exp.total));
  const other = subtractDecimals(z(oinc.total), z(oexp.total));
  const rows: Row[] = [section('Income', 'Income', inc.rows, 'Total Income', inc.total)];
  if (cogs.rows.length) rows.push(section('Cost of Goods Sold', 'COGS', cogs.rows, 'Total Cost of Goods Sold', cogs.total));
  rows.push({ group: 'GrossProfit', type: 'Section', Summary: { ColData: [{ value: 'Gross Profit' }, { value: money(gross) }] } });
  rows.push(section('Expenses', 'Expenses', exp.rows, 'Total Expenses', exp.total));
  rows.push({ group: 'NetOperatingIncome', type: 'Section', Summary: { ColData: [{ value: 'Net Operating Income' }, { value: money(operating) }] } });
  if (oinc.rows.length || oexp.rows.length) {
    if (oinc.rows.length) rows.push(section('Other Income', 'OtherIncome', oinc.rows, 'Total Other Income', oinc.total));
    if (oexp.rows.length) rows.push(section('Other Expenses', 'OtherExpenses', oexp.rows, 'Total Other Expenses', oexp.total));
    rows.push({ group: 'NetOtherIncome', type: 'Section', Summary: { ColData: [{ value: 'Net Other Income' }, { value: money(other) }] } });
  }
  rows.push({ group: 'NetIncome', type: 'Section', Summary: { ColData: [{ value: 'Net Income' }, { value: money(addDecimals(operating, other)) }] } });
  const noData = bal.size === 0;
  return { Header: reportHeader('ProfitAndLoss', period, time, noData), Columns: COLUMNS, Rows: { Row: rows } };
}

/** The BalanceSheet report at `period.end` (fiscal year starting in January). */
export function balanceSheetReport(realm: RealmData, period: { start: string; end: string; macro?: string }, time: string): Row {
  const ps = postings(realm);
  const bal = balances(ps, undefined, period.end);
  const fyStart = `${period.end.slice(0, 4)}-01-01`;
  const prior = balances(ps, undefined, subtractDay(fyStart));
  const current = balances(ps, fyStart, period.end);
  const sub = (title: string, group: string, types: string[], credit: boolean) => {
    const r = accountRows(realm, bal, types, credit);
    return { row: r.rows.length ? section(title, group, r.rows, `Total ${title}`, r.total) : undefined, total: r.total ?? '0' };
  };
  const assetParts = [
    sub('Bank Accounts', 'BankAccounts', ['Bank'], false),
    sub('Accounts Receivable', 'AR', ['Accounts Receivable'], false),
    sub('Other Current Assets', 'OtherCurrentAssets', ['Other Current Asset'], false),
    sub('Fixed Assets', 'FixedAssets', ['Fixed Asset'], false),
    sub('Other Assets', 'OtherAssets', ['Other Asset'], false),
  ];
  const liabilityParts = [
    sub('Accounts Payable', 'AP', ['Accounts Payable'], true),
    sub('Credit Cards', 'CreditCards', ['Credit Card'], true),
    sub('Other Current Liabilities', 'OtherCurrentLiabilities', ['Other Current Liability'], true),
    sub('Long-Term Liabilities', 'LongTermLiabilities', ['Long Term Liability'], true),
  ];
  const equity = accountRows(realm, bal, ['Equity'], true);
  const retainedAccount = realm.entities.Account?.find((a) => a.AccountType === 'Equity' && a.AccountSubType === 'RetainedEarnings');
  const retained = netIncome(realm, prior);
  const net = netIncome(realm, current);
  const equityRows = [...equity.rows];
  if (compareDecimals(retained, '0') !== 0) equityRows.push(dataRow(retainedAccount?.Id as string | undefined, 'Retained Earnings', retained));
  if (compareDecimals(net, '0') !== 0) equityRows.push(dataRow(undefined, 'Net Income', net));
  const equityTotal = addDecimals(equity.total ?? '0', retained, net);
  const assetsTotal = addDecimals(...assetParts.map((p) => p.total));
  const liabilitiesTotal = addDecimals(...liabilityParts.map((p) => p.total));
  const present = (ps2: { row: Row | undefined }[]) => ps2.map((p) => p.row).filter((r): r is Row => !!r);
  const rows: Row[] = [
    section('ASSETS', 'TotalAssets', present(assetParts), 'TOTAL ASSETS', assetsTotal),
    section('LIABILITIES AND EQUITY', 'TotalLiabilitiesAndEquity', [
      section('Liabilities', 'Liabilities', present(liabilityParts), 'Total Liabilities', liabilitiesTotal),
      section('Equity', 'Equity', equityRows, 'Total Equity', equityTotal),
    ], 'TOTAL LIABILITIES AND EQUITY', addDecimals(liabilitiesTotal, equityTotal)),
  ];
  return { Header: reportHeader('BalanceSheet', period, time, bal.size === 0), Columns: COLUMNS, Rows: { Row: rows } };
}

function subtractDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
