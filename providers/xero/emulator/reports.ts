/**
 * `GET /Reports/BalanceSheet?date=` and `GET /Reports/ProfitAndLoss?fromDate=&toDate=` in the Xero emulator, in
 * Xero's standard layout (`ReportWithRows`: a Header row, then Sections of Rows and SummaryRows whose cells carry the
 * account id in `Attributes` — XOA and the recorded bodies), computed from the organisation's own documents so the
 * figures agree with what the list endpoints serve:
 *
 * - profit and loss: authorised and paid invoices, bills and credit notes (net of tax) and authorised bank
 *   transactions dated in the period, by account; sections Income, Less Cost of Sales, Gross Profit, Less Operating
 *   Expenses, Net Profit.
 * - balance sheet at a date: bank balances from payments and bank transactions, accounts receivable and payable from
 *   documents less payments and credits, VAT from output less input tax, current year earnings from the profit and
 *   loss since 1 January; retained earnings balance the sheet (❓ simplification: the emulator keeps no opening
 *   balances or manual-journal postings).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { addDecimals, compareDecimals, multiplyDecimals, roundDecimal, subtractDecimals, toDecimal } from '../../../src/model/primitives';
import type { OrgData, XeroRecord } from './data';
import { msDate } from './data';

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const ms = (xeroDate: unknown): number => Number(/^\/Date\((-?\d+)/.exec(String(xeroDate ?? ''))?.[1] ?? Number.NaN);
const dec = (v: unknown): string => (v === undefined || v === null || v === '' ? '0' : toDecimal(v as number | string));
const money = (d: string): string => {
  const r = roundDecimal(d, 2);
  const [i, f = ''] = r.split('.');
  return `${i}.${f.padEnd(2, '0')}`;
};
const day = (t: number) => Math.floor(t / DAY) * DAY;
const short = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
const long = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS_LONG[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** Parses `YYYY-MM-DD`; undefined for anything else. */
export function reportDate(value: string | null): number | undefined {
  if (value === null) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).getUTCDate() === Number(m[3]) ? t : Number.NaN;
}

const POSTED = new Set(['AUTHORISED', 'PAID']);

/** Net-of-tax line amounts by account code of the documents and bank transactions dated in [from, to]. */
function movements(org: OrgData, from: number, to: number): Map<string, string> {
  const byCode = new Map<string, string>();
  const add = (code: unknown, amount: string) => {
    if (typeof code !== 'string') return;
    byCode.set(code, addDecimals(byCode.get(code) ?? '0', amount));
  };
  const inRange = (r: XeroRecord) => {
    const t = ms(r.Date);
    return t >= from && t <= to;
  };
  const net = (doc: XeroRecord, line: XeroRecord) =>
    doc.LineAmountTypes === 'Inclusive' ? subtractDecimals(dec(line.LineAmount), dec(line.TaxAmount)) : dec(line.LineAmount);
  for (const inv of org.collections.Invoices ?? []) {
    if (!POSTED.has(String(inv.Status)) || !inRange(inv)) continue;
    for (const l of (inv.LineItems as XeroRecord[]) ?? []) add(l.AccountCode, net(inv, l));
  }
  for (const cn of org.collections.CreditNotes ?? []) {
    if (!POSTED.has(String(cn.Status)) || !inRange(cn)) continue;
    for (const l of (cn.LineItems as XeroRecord[]) ?? []) add(l.AccountCode, multiplyDecimals(net(cn, l), '-1'));
  }
  for (const bt of org.collections.BankTransactions ?? []) {
    if (bt.Status !== 'AUTHORISED' || !inRange(bt)) continue;
    for (const l of (bt.LineItems as XeroRecord[]) ?? []) add(l.AccountCode, net(bt, l));
  }
  return byCode;
}

function cell(value: string, accountId?: unknown) {
  return { Value: value, ...(typeof accountId === 'string' ? { Attributes: [{ Value: accountId, Id: 'account' }] } : {}) };
}

function accountRows(accounts: XeroRecord[], amounts: Map<string, string>) {
  return accounts
    .filter((a) => compareDecimals(amounts.get(String(a.Code)) ?? '0', '0') !== 0)
    .map((a) => ({ RowType: 'Row', Cells: [cell(String(a.Name), a.AccountID), cell(money(amounts.get(String(a.Code))!), a.AccountID)] }));
}

function sum(values: string[]): string {
  return values.reduce((a, b) => addDecimals(a, b), '0');
}

function profitAndLossFigures(org: OrgData, from: number, to: number) {
  const moves = movements(org, from, to);
  const accounts = org.collections.Accounts ?? [];
  const ofTypes = (...types: string[]) => accounts.filter((a) => types.includes(String(a.Type)));
  const total = (list: XeroRecord[]) => sum(list.map((a) => moves.get(String(a.Code)) ?? '0'));
  const income = ofTypes('REVENUE', 'SALES', 'OTHERINCOME');
  const costOfSales = ofTypes('DIRECTCOSTS');
  const expenses = ofTypes('EXPENSE', 'OVERHEADS', 'DEPRECIATN');
  const gross = subtractDecimals(total(income), total(costOfSales));
  return { moves, income, costOfSales, expenses, totals: { income: total(income), costOfSales: total(costOfSales), expenses: total(expenses) }, gross, net: subtractDecimals(gross, total(expenses)) };
}

function envelope(report: Record<string, unknown>, now: number) {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: 'ledgerlink Xero emulator',
    DateTimeUTC: msDate(now, false),
    Reports: [{ ...report, UpdatedDateUTC: msDate(now, false) }],
  };
}

/** The profit and loss of [from, to] (defaults: the current month to date ❓ Xero's default period is unverified). */
export function profitAndLossReport(org: OrgData, now: number, fromDate?: number, toDate?: number) {
  const to = toDate ?? day(now);
  const from = fromDate ?? Date.UTC(new Date(to).getUTCFullYear(), new Date(to).getUTCMonth(), 1);
  const f = profitAndLossFigures(org, from, to + DAY - 1);
  const section = (title: string, accounts: XeroRecord[], total: string, totalTitle: string) => ({
    RowType: 'Section',
    Title: title,
    Rows: [...accountRows(accounts, f.moves), { RowType: 'SummaryRow', Cells: [cell(totalTitle), cell(money(total))] }],
  });
  return envelope(
    {
      ReportID: 'ProfitAndLoss',
      ReportName: 'Profit and Loss',
      ReportType: 'ProfitAndLoss',
      ReportTitles: ['Profit and Loss', String(org.organisation.Name), `${long(from)} to ${long(to)}`],
      ReportDate: long(day(now)),
      Fields: [],
      Rows: [
        { RowType: 'Header', Cells: [cell(''), cell(short(to))] },
        section('Income', f.income, f.totals.income, 'Total Income'),
        section('Less Cost of Sales', f.costOfSales, f.totals.costOfSales, 'Total Cost of Sales'),
        { RowType: 'Section', Title: '', Rows: [{ RowType: 'Row', Cells: [cell('Gross Profit'), cell(money(f.gross))] }] },
        section('Less Operating Expenses', f.expenses, f.totals.expenses, 'Total Operating Expenses'),
        { RowType: 'Section', Title: '', Rows: [{ RowType: 'Row', Cells: [cell('Net Profit'), cell(money(f.net))] }] },
      ],
    },
    now,
  );
}

/** The balance sheet at `date` (default today). */
export function balanceSheetReport(org: OrgData, now: number, date?: number) {
  const at = date ?? day(now);
  const until = at + DAY - 1;
  const dated = (r: XeroRecord) => ms(r.Date) <= until;
  const accounts = org.collections.Accounts ?? [];
  const byId = new Map(accounts.map((a) => [String(a.AccountID), a]));
  const banks = accounts.filter((a) => a.Type === 'BANK');
  const bankBalance = new Map<string, string>(banks.map((b) => [String(b.Code), '0']));
  const move = (accountId: unknown, amount: string) => {
    const code = String(byId.get(String(accountId))?.Code ?? '');
    if (bankBalance.has(code)) bankBalance.set(code, addDecimals(bankBalance.get(code)!, amount));
  };
  let ar = '0';
  let ap = '0';
  let vat = '0';
  for (const p of org.collections.Payments ?? []) {
    if (p.Status !== 'AUTHORISED' || !dated(p)) continue;
    const amount = dec(p.Amount);
    const received = p.PaymentType === 'ACCRECPAYMENT' || p.PaymentType === 'ARCREDITPAYMENT';
    move((p.Account as XeroRecord | undefined)?.AccountID, received ? amount : multiplyDecimals(amount, '-1'));
    if (received) ar = subtractDecimals(ar, amount);
    else ap = subtractDecimals(ap, amount);
  }
  for (const bt of org.collections.BankTransactions ?? []) {
    if (bt.Status !== 'AUTHORISED' || !dated(bt)) continue;
    const total = dec(bt.Total);
    const spend = String(bt.Type).startsWith('SPEND');
    move((bt.BankAccount as XeroRecord | undefined)?.AccountID, spend ? multiplyDecimals(total, '-1') : total);
    vat = spend ? subtractDecimals(vat, dec(bt.TotalTax)) : addDecimals(vat, dec(bt.TotalTax));
  }
  for (const inv of org.collections.Invoices ?? []) {
    if (!POSTED.has(String(inv.Status)) || !dated(inv)) continue;
    if (inv.Type === 'ACCREC') {
      ar = addDecimals(ar, dec(inv.Total));
      vat = addDecimals(vat, dec(inv.TotalTax));
    } else {
      ap = addDecimals(ap, dec(inv.Total));
      vat = subtractDecimals(vat, dec(inv.TotalTax));
    }
  }
  for (const cn of org.collections.CreditNotes ?? []) {
    if (!POSTED.has(String(cn.Status)) || !dated(cn)) continue;
    if (cn.Type === 'ACCRECCREDIT') {
      ar = subtractDecimals(ar, dec(cn.Total));
      vat = subtractDecimals(vat, dec(cn.TotalTax));
    } else {
      ap = subtractDecimals(ap, dec(cn.Total));
      vat = addDecimals(vat, dec(cn.TotalTax));
    }
  }
  const bankTotal = sum([...bankBalance.values()]);
  const assets = addDecimals(bankTotal, ar);
  const liabilities = addDecimals(ap, vat);
  const netAssets = subtractDecimals(assets, liabilities);
  const yearStart = Date.UTC(new Date(at).getUTCFullYear(), 0, 1);
  const earnings = profitAndLossFigures(org, yearStart, until).net;
  const retained = subtractDecimals(netAssets, earnings);
  const named = (code: string) => accounts.find((a) => a.Code === code);
  const row = (account: XeroRecord | undefined, fallback: string, value: string) => ({
    RowType: 'Row',
    Cells: [cell(String(account?.Name ?? fallback), account?.AccountID), cell(money(value), account?.AccountID)],
  });
  const summary = (title: string, value: string) => ({ RowType: 'SummaryRow', Cells: [cell(title), cell(money(value))] });
  return envelope(
    {
      ReportID: 'BalanceSheet',
      ReportName: 'Balance Sheet',
      ReportType: 'BalanceSheet',
      ReportTitles: ['Balance Sheet', String(org.organisation.Name), `As at ${long(at)}`],
      ReportDate: long(day(now)),
      Fields: [],
      Rows: [
        { RowType: 'Header', Cells: [cell(''), cell(short(at))] },
        { RowType: 'Section', Title: 'Assets', Rows: [] },
        { RowType: 'Section', Title: 'Bank', Rows: [...banks.map((b) => row(b, String(b.Name), bankBalance.get(String(b.Code))!)), summary('Total Bank', bankTotal)] },
        { RowType: 'Section', Title: 'Current Assets', Rows: [row(named('610'), 'Accounts Receivable', ar), summary('Total Current Assets', ar)] },
        { RowType: 'Section', Title: '', Rows: [summary('Total Assets', assets)] },
        { RowType: 'Section', Title: 'Liabilities', Rows: [] },
        { RowType: 'Section', Title: 'Current Liabilities', Rows: [row(named('800'), 'Accounts Payable', ap), row(named('820'), 'VAT', vat), summary('Total Current Liabilities', liabilities)] },
        { RowType: 'Section', Title: '', Rows: [summary('Total Liabilities', liabilities)] },
        { RowType: 'Section', Title: '', Rows: [{ RowType: 'Row', Cells: [cell('Net Assets'), cell(money(netAssets))] }] },
        {
          RowType: 'Section',
          Title: 'Equity',
          Rows: [
            { RowType: 'Row', Cells: [cell('Current Year Earnings'), cell(money(earnings))] },
            row(named('960'), 'Retained Earnings', retained),
            summary('Total Equity', netAssets),
          ],
        },
      ],
    },
    now,
  );
}
