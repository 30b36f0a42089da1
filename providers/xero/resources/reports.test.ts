import { describe, expect, it } from 'vitest';
import bsFixture from '../fixtures/balance-sheet.json';
import plFixture from '../fixtures/profit-and-loss.json';
import { ConfigurationError } from '../../../src/errors';
import type { HttpResponse } from '../../../src/http/types';
import { mapIssue, mapOk } from '../fixtures/helpers';
import { xeroProvider } from '../index';
import { pnlSectionOf, reportSelector } from './reports';

const { balanceSheet, profitAndLoss } = xeroProvider.resources;

function response(url: string, data: unknown): HttpResponse {
  return { status: 200, headers: {}, url, data };
}

/** The raw report as the resource's selector hands it to the mapper. */
function selected(url: string, body: unknown): unknown {
  const records = reportSelector(body, response(url, body));
  expect(records).toHaveLength(1);
  return records[0];
}

const BS_URL = 'https://api.xero.com/api.xro/2.0/Reports/BalanceSheet?date=2026-03-31&standardLayout=true';
const PL_URL = 'https://api.xero.com/api.xro/2.0/Reports/ProfitAndLoss?fromDate=2026-03-01&toDate=2026-03-31&standardLayout=true';

describe('report requests', () => {
  it('balance sheet: date, standard layout, optional cash basis', () => {
    expect(balanceSheet.path).toBe('/Reports/BalanceSheet');
    expect(balanceSheet.query!({ date: '2026-03-31' })).toEqual({ date: '2026-03-31', standardLayout: true });
    expect(balanceSheet.query!({})).toEqual({ standardLayout: true });
    expect(balanceSheet.query!({ date: '2026-03-31', paymentsOnly: true })).toEqual({
      date: '2026-03-31',
      standardLayout: true,
      paymentsOnly: true,
    });
    expect(balanceSheet.incremental).toEqual({ type: 'none' });
  });

  it('profit and loss: period, standard layout', () => {
    expect(profitAndLoss.query!({ fromDate: '2026-03-01', toDate: '2026-03-31' })).toEqual({
      fromDate: '2026-03-01',
      toDate: '2026-03-31',
      standardLayout: true,
    });
  });

  it.each([
    [() => balanceSheet.query!({ date: '31/03/2026' }), /date must be a YYYY-MM-DD/],
    [() => balanceSheet.query!({ date: '2026-02-30' }), /date must be a YYYY-MM-DD/],
    [() => balanceSheet.query!({ paymentsOnly: 'yes' }), /paymentsOnly must be a boolean/],
    [() => profitAndLoss.query!({ fromDate: '2026-04-01', toDate: '2026-03-31' }), /after toDate/],
    [() => profitAndLoss.query!({ toDate: 20260331 }), /toDate must be/],
  ])('rejects bad parameters before any HTTP call (%#)', (call, message) => {
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(message);
  });

  it('the selector records the request parameters on the report', () => {
    const raw = selected(`${BS_URL}&paymentsOnly=true`, bsFixture) as { LedgerlinkRequest: Record<string, string> };
    expect(raw.LedgerlinkRequest).toEqual({ date: '2026-03-31', paymentsOnly: 'true' });
    expect(reportSelector({ Reports: 'nope' }, response(BS_URL, {}))).toBe('nope');
  });
});

describe('toBalanceSheet', () => {
  it('maps Xero rows into the canonical tree with the stated totals', () => {
    expect(mapOk('balanceSheet', balanceSheet, selected(BS_URL, bsFixture))).toEqual({
      id: 'balance-sheet:2026-03-31',
      sourceModifiedDate: '2026-04-06T00:00:00.000Z',
      isDeleted: false,
      date: '2026-03-31',
      currency: 'NZD',
      basis: 'Accrual',
      assets: {
        value: '16603.40',
        items: [
          {
            name: 'Bank',
            value: '13162.26',
            items: [
              { name: 'Everyday Cheque', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000090', name: 'Everyday Cheque' }, value: '12345.67', items: [] },
              { name: 'USD Receipts', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000091', name: 'USD Receipts' }, value: '816.59', items: [] },
            ],
          },
          {
            name: 'Current Assets',
            value: '1253.64',
            items: [
              { name: 'Accounts Receivable', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000610', name: 'Accounts Receivable' }, value: '1253.64', items: [] },
            ],
          },
          {
            name: 'Fixed Assets',
            value: '2187.50',
            items: [
              { name: 'Office Equipment', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000710', name: 'Office Equipment' }, value: '2500.00', items: [] },
              {
                name: 'Less Accumulated Depreciation on Office Equipment',
                accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000711', name: 'Less Accumulated Depreciation on Office Equipment' },
                value: '-312.50',
                items: [],
              },
            ],
          },
        ],
      },
      liabilities: {
        value: '1291.62',
        items: [
          {
            name: 'Current Liabilities',
            value: '1291.62',
            items: [
              { name: 'Accounts Payable', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000800', name: 'Accounts Payable' }, value: '57.50', items: [] },
              { name: 'GST', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000820', name: 'GST' }, value: '734.12', items: [] },
              { name: 'Company Visa', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000092', name: 'Company Visa' }, value: '500.00', items: [] },
            ],
          },
        ],
      },
      equity: {
        value: '15311.78',
        items: [
          // Xero's all-zero account id on Current Year Earnings is a placeholder, not an account.
          { name: 'Current Year Earnings', value: '3811.78', items: [] },
          { name: 'Owner Funds Introduced', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000970', name: 'Owner Funds Introduced' }, value: '1500.00', items: [] },
          { name: 'Retained Earnings', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000960', name: 'Retained Earnings' }, value: '10000.00', items: [] },
        ],
      },
      netAssets: '15311.78',
    });
  });

  it('computes totals exactly when Xero states none, and takes the date from the title without request dates', () => {
    const body = structuredClone(bsFixture);
    const rows = body.Reports[0]!.Rows as Array<{ RowType: string; Title?: string; Rows?: Array<{ RowType: string }> }>;
    // Drop every summary row and the Net Assets row.
    for (const s of rows) if (s.Rows) s.Rows = s.Rows.filter((r) => r.RowType !== 'SummaryRow');
    const withoutNet = rows.filter((s) => !(s.Title === '' && s.Rows && s.Rows.length === 1) && !(s.Title === '' && s.Rows?.length === 0));
    body.Reports[0]!.Rows = withoutNet as typeof body.Reports[0]['Rows'];
    const bs = mapOk('balanceSheet', balanceSheet, selected('https://api.xero.com/api.xro/2.0/Reports/BalanceSheet', body));
    expect(bs.date).toBe('2026-03-31');
    expect(bs.basis).toBe('Accrual');
    expect(bs.assets.value).toBe('16603.40');
    expect(bs.assets.items[0]!.value).toBe('13162.26');
    expect(bs.liabilities.value).toBe('1291.62');
    expect(bs.equity.value).toBe('15311.78');
    expect(bs.netAssets).toBe('15311.78');
  });

  it('reports a value cell that is not a number and a section before any group', () => {
    const bad = structuredClone(bsFixture);
    (bad.Reports[0]!.Rows[2] as { Rows: Array<{ Cells: Array<{ Value: string }> }> }).Rows[0]!.Cells[1]!.Value = '12,345.67';
    expect(mapIssue('balanceSheet', balanceSheet, selected(BS_URL, bad)).message).toMatch(/Everyday Cheque/);
    const orphan = structuredClone(bsFixture);
    orphan.Reports[0]!.Rows.splice(1, 1);
    expect(mapIssue('balanceSheet', balanceSheet, selected(BS_URL, orphan)).message).toMatch(/"Bank" comes before/);
  });
});

describe('toProfitAndLoss', () => {
  it('maps Xero sections and stated profits', () => {
    expect(mapOk('profitAndLoss', profitAndLoss, selected(PL_URL, plFixture))).toEqual({
      id: 'profit-and-loss:2026-03-01..2026-03-31',
      sourceModifiedDate: '2026-04-06T00:00:00.000Z',
      isDeleted: false,
      fromDate: '2026-03-01',
      toDate: '2026-03-31',
      currency: 'NZD',
      basis: 'Accrual',
      income: {
        value: '1500.50',
        items: [
          { name: 'Sales', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000200', name: 'Sales' }, value: '1465.00', items: [] },
          { name: 'Other Revenue', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000260', name: 'Other Revenue' }, value: '35.50', items: [] },
        ],
      },
      costOfSales: {
        value: '400.25',
        items: [{ name: 'Purchases', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000300', name: 'Purchases' }, value: '400.25', items: [] }],
      },
      otherIncome: { value: '0', items: [] },
      expenses: {
        value: '176.61',
        items: [
          { name: 'Bank Fees', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000404', name: 'Bank Fees' }, value: '15.00', items: [] },
          { name: 'Freight & Courier', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000425', name: 'Freight & Courier' }, value: '76.61', items: [] },
          { name: 'General Expenses', accountRef: { id: 'a1c0e5f2-1111-4a2b-9c3d-000000000429', name: 'General Expenses' }, value: '85.00', items: [] },
        ],
      },
      otherExpenses: { value: '0', items: [] },
      grossProfit: '1100.25',
      netOperatingProfit: '923.64',
      netProfit: '923.64',
    });
  });

  it('computes gross, operating and net profit exactly when Xero states none, with other income and expenses', () => {
    const body = structuredClone(plFixture);
    const rows = body.Reports[0]!.Rows as unknown[];
    const sectionsOnly = rows.filter((s) => (s as { Title?: string }).Title !== '');
    sectionsOnly.push(
      { RowType: 'Section', Title: 'Plus Other Income', Rows: [{ RowType: 'Row', Cells: [{ Value: 'Interest Income' }, { Value: '0.10' }] }] },
      { RowType: 'Section', Title: 'Less Other Expenses', Rows: [{ RowType: 'Row', Cells: [{ Value: 'Penalties' }, { Value: '0.30' }] }] },
    );
    body.Reports[0]!.Rows = sectionsOnly as typeof body.Reports[0]['Rows'];
    const pl = mapOk('profitAndLoss', profitAndLoss, selected(`${PL_URL}&paymentsOnly=true`, body));
    expect(pl).toMatchObject({
      basis: 'Cash',
      grossProfit: '1100.25',
      netOperatingProfit: '923.64',
      netOtherIncome: '-0.20',
      netProfit: '923.44',
      otherIncome: { value: '0.10' },
      otherExpenses: { value: '0.30' },
    });
  });

  it('takes the period from the titles when the request named none', () => {
    const pl = mapOk('profitAndLoss', profitAndLoss, selected('https://api.xero.com/api.xro/2.0/Reports/ProfitAndLoss', plFixture));
    expect([pl.fromDate, pl.toDate]).toEqual(['2026-03-01', '2026-03-31']);
  });

  it('refuses a section it does not know rather than losing its figures', () => {
    const body = structuredClone(plFixture);
    (body.Reports[0]!.Rows as unknown[]).push({ RowType: 'Section', Title: 'Extraordinary Items', Rows: [] });
    expect(mapIssue('profitAndLoss', profitAndLoss, selected(PL_URL, body)).message).toMatch(/"Extraordinary Items"/);
  });

  it.each([
    ['Income', 'income'],
    ['Trading Income', 'income'],
    ['Less Cost of Sales', 'costOfSales'],
    ['Less Direct Costs', 'costOfSales'],
    ['Plus Other Income', 'otherIncome'],
    ['Less Operating Expenses', 'expenses'],
    ['Less Overheads', 'expenses'],
    ['Less Other Expenses', 'otherExpenses'],
    ['Gross Profit', undefined],
  ])('section %s → %s', (title, kind) => {
    expect(pnlSectionOf(title)).toBe(kind);
  });
});
