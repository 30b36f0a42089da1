/**
 * QuickBooks reports end to end: the emulator computes ProfitAndLoss and BalanceSheet from its own documents, the
 * adapter maps them. Documents are posted into an empty period (2020, before any seeded data), so every figure below
 * is computed by hand from those documents alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { qbConnect } from './test-helpers';

let emu: QuickBooksEmulator;
beforeAll(async () => {
  emu = await createQuickBooksEmulator({ seed: 31, invoices: 10, customers: 4, timeScale: 60 });
  const cust = emu.store.list('Customer')[0]!;
  const vend = emu.store.list('Vendor')[0]!;
  const usd = { value: 'USD', name: 'United States Dollar' };
  // Invoice: 2 × 150.10 of Services (item 900 → income account 3) = 300.20.
  const inv = emu.store.insert('Invoice', { TxnDate: '2020-03-05', CustomerRef: { value: cust.Id }, CurrencyRef: usd, Line: [{ Amount: 300.2, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '900' }, Qty: 2, UnitPrice: 150.1 } }, { Amount: 300.2, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }], TotalAmt: 300.2, Balance: 200.15 });
  // Bill: 120.35 to Office Expenses (4).
  emu.store.insert('Bill', { TxnDate: '2020-03-10', VendorRef: { value: vend.Id }, Line: [{ Amount: 120.35, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '4' } } }], TotalAmt: 120.35, Balance: 120.35 });
  // Payment of 100.05 into Checking (1).
  emu.store.insert('Payment', { TxnDate: '2020-03-20', CustomerRef: { value: cust.Id }, DepositToAccountRef: { value: '1' }, TotalAmt: 100.05, Line: [{ Amount: 100.05, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }] });
  // Deposit of 0.10 of Services income into Checking.
  emu.store.insert('Deposit', { TxnDate: '2020-03-25', DepositToAccountRef: { value: '1' }, Line: [{ Amount: 0.1, DetailType: 'DepositLineDetail', DepositLineDetail: { AccountRef: { value: '3' } } }], TotalAmt: 0.1 });
  // Journal: Dr Office Expenses 10.01 / Cr Checking 10.01.
  emu.store.insert('JournalEntry', { TxnDate: '2020-03-31', Line: [
    { Amount: 10.01, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '4' } } },
    { Amount: 10.01, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '1' } } },
  ] });
  // February: an expense of 5.55 paid from Checking (outside the March P&L, inside the balance sheet).
  emu.store.insert('Purchase', { TxnDate: '2020-02-28', PaymentType: 'Cash', AccountRef: { value: '1' }, Line: [{ Amount: 5.55, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '4' } } }], TotalAmt: 5.55 });
});
afterAll(async () => {
  await emu.close();
});

describe('QuickBooks reports against the emulator', () => {
  it('profit and loss for March 2020: exactly the posted movements', async () => {
    const { connection } = await qbConnect(emu);
    const [pl] = await connection.profitAndLoss.list({ params: { fromDate: '2020-03-01', toDate: '2020-03-31' } });
    const call = emu.log.filter((l) => l.path.endsWith('/reports/ProfitAndLoss')).at(-1)!;
    expect(new URLSearchParams(call.query).get('start_date')).toBe('2020-03-01');
    expect(new URLSearchParams(call.query).get('end_date')).toBe('2020-03-31');
    expect(pl).toMatchObject({ id: 'profit-and-loss:2020-03-01..2020-03-31', fromDate: '2020-03-01', toDate: '2020-03-31', basis: 'Accrual', currency: 'USD' });
    // Income: 300.20 (invoice) + 0.10 (deposit); expenses: 120.35 (bill) + 10.01 (journal).
    expect(pl!.income).toEqual({ value: '300.30', items: [{ name: 'Services', accountRef: { id: '3', name: 'Services' }, value: '300.30', items: [] }] });
    expect(pl!.expenses).toEqual({ value: '130.36', items: [{ name: 'Office Expenses', accountRef: { id: '4', name: 'Office Expenses' }, value: '130.36', items: [] }] });
    expect(pl!.costOfSales).toEqual({ value: '0', items: [] });
    expect([pl!.grossProfit, pl!.netOperatingProfit, pl!.netProfit]).toEqual(['300.30', '169.94', '169.94']);
  });

  it('profit and loss of an empty month is all zero', async () => {
    const { connection } = await qbConnect(emu);
    const [pl] = await connection.profitAndLoss.list({ params: { fromDate: '2020-01-01', toDate: '2020-01-31' } });
    expect(pl).toMatchObject({ income: { value: '0', items: [] }, expenses: { value: '0', items: [] }, netProfit: '0.00' });
  });

  it('balance sheet at 2020-03-31: balances from every earlier document, net income of the year in equity', async () => {
    const { connection } = await qbConnect(emu);
    const [bs] = await connection.balanceSheet.list({ params: { date: '2020-03-31' } });
    expect(bs).toMatchObject({ id: 'balance-sheet:2020-03-31', date: '2020-03-31' });
    // Checking: +100.05 +0.10 −10.01 −5.55 = 84.59; A/R: 300.20 − 100.05 = 200.15.
    expect(bs!.assets.value).toBe('284.74');
    expect(bs!.assets.items.map((s) => [s.name, s.value, s.items.map((i) => [i.accountRef?.id, i.value])])).toEqual([
      ['Bank Accounts', '84.59', [['1', '84.59']]],
      ['Accounts Receivable', '200.15', [['5', '200.15']]],
    ]);
    expect(bs!.liabilities).toMatchObject({ value: '120.35', items: [{ name: 'Accounts Payable', value: '120.35' }] });
    // Net income 1 Jan – 31 Mar: 169.94 (March) − 5.55 (February) = 164.39.
    expect(bs!.equity).toEqual({ value: '164.39', items: [{ name: 'Net Income', value: '164.39', items: [] }] });
    expect(bs!.netAssets).toBe('164.39');
  });

  it('a year later the 2020 result has moved to retained earnings', async () => {
    const { connection } = await qbConnect(emu);
    const [bs] = await connection.balanceSheet.list({ params: { date: '2021-01-31' } });
    expect(bs!.equity.items).toEqual([{ name: 'Retained Earnings', accountRef: { id: '8', name: 'Retained Earnings' }, value: '164.39', items: [] }]);
    expect(bs!.assets.value).toBe('284.74');
  });

  it('sends accounting_method and date_macro, and refuses bad dates before any call', async () => {
    const { connection } = await qbConnect(emu);
    const [pl] = await connection.profitAndLoss.list({ params: { dateMacro: 'Last Year', basis: 'Accrual' } });
    const q = new URLSearchParams(emu.log.filter((l) => l.path.endsWith('/reports/ProfitAndLoss')).at(-1)!.query);
    expect([q.get('date_macro'), q.get('accounting_method'), q.get('summarize_column_by')]).toEqual(['Last Year', 'Accrual', 'Total']);
    expect(pl!.fromDate.endsWith('-01-01')).toBe(true);
    await expect(connection.profitAndLoss.list({ params: { fromDate: '2020-03-31', toDate: '2020-03-01' } })).rejects.toThrow(/after toDate/);
    await expect(connection.balanceSheet.list({ params: { date: '31/03/2020' } })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
