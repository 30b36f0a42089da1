/**
 * The emulator's balance sheet and profit and loss against hand-computed figures: documents written through the
 * adapter into an empty future month move the reports by exactly what double entry says, and the adapter maps them
 * to the canonical statements. Also: the balance sheet balances on the seeded company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDecimals, subtractDecimals } from '../../../src/model/primitives';
import { createXeroEmulator, type XeroEmulator } from './index';
import { xeroConnect } from './test-helpers';

let emu: XeroEmulator;
beforeAll(async () => {
  emu = await createXeroEmulator({ seed: 31, invoices: 40, timeScale: 60 });
});
afterAll(async () => {
  await emu.close();
});

const connect = async () => (await xeroConnect(emu)).connection;

const money = (v: string) => Number(v).toFixed(2); // for display comparison of exact 2-dp report values only

describe('Xero emulator reports', () => {
  it('the seeded balance sheet balances: assets − liabilities = net assets = equity', async () => {
    const connection = await connect();
    const [bs] = await connection.balanceSheet.list({ params: { date: '2026-06-30' } });
    expect(bs).toBeDefined();
    expect(bs!.date).toBe('2026-06-30');
    expect(compareDecimals(subtractDecimals(bs!.assets.value, bs!.liabilities.value), bs!.netAssets)).toBe(0);
    expect(compareDecimals(bs!.netAssets, bs!.equity.value)).toBe(0);
    expect(compareDecimals(bs!.assets.value, '0')).toBe(1); // a seeded company has something
  });

  it('documents written into an empty month move the statements by the hand-computed amounts', async () => {
    const connection = await connect();
    const customer = String(emu.store.list('Contacts').find((c) => c.IsCustomer === true)!.ContactID);
    const supplier = String(emu.store.list('Contacts').find((c) => c.IsSupplier === true)!.ContactID);
    const bsBefore = (await connection.balanceSheet.list({ params: { date: '2031-01-31' } }))[0]!;
    const plEmpty = (await connection.profitAndLoss.list({ params: { fromDate: '2031-01-01', toDate: '2031-01-31' } }))[0]!;
    expect(plEmpty).toMatchObject({ fromDate: '2031-01-01', toDate: '2031-01-31' });
    expect(compareDecimals(plEmpty.netProfit, '0')).toBe(0);

    // Sales 900.00 + 100.00 at 20 % VAT (OUTPUT2); a bill of 250.00 cost of goods at 20 % (INPUT2).
    await connection.invoices.create({ customerRef: { id: customer }, issueDate: '2031-01-10', status: 'Open', lineItems: [{ description: 'Consulting', quantity: '3', unitAmount: '300.00', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' }, tracking: [] }] });
    await connection.invoices.create({ customerRef: { id: customer }, issueDate: '2031-01-20', status: 'Open', lineItems: [{ description: 'Support', quantity: '1', unitAmount: '100.00', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' }, tracking: [] }] });
    await connection.bills.create({ supplierRef: { id: supplier }, issueDate: '2031-01-15', status: 'Open', lineItems: [{ description: 'Stock', quantity: '10', unitAmount: '25.00', accountRef: { id: '310' }, taxRateRef: { id: 'INPUT2' }, tracking: [] }] });
    // A draft is not posted: it must not move anything.
    await connection.invoices.create({ customerRef: { id: customer }, issueDate: '2031-01-21', lineItems: [{ description: 'Draft', quantity: '1', unitAmount: '5000.00', accountRef: { id: '200' }, taxRateRef: { id: 'OUTPUT2' }, tracking: [] }] });

    const pl = (await connection.profitAndLoss.list({ params: { fromDate: '2031-01-01', toDate: '2031-01-31' } }))[0]!;
    expect(money(pl.income.value)).toBe('1000.00');
    expect(money(pl.costOfSales.value)).toBe('250.00');
    expect(money(pl.grossProfit)).toBe('750.00');
    expect(money(pl.netProfit)).toBe('750.00');
    expect(pl.income.items.map((i) => [i.name, money(i.value)])).toEqual([['Sales', '1000.00']]);

    const bs = (await connection.balanceSheet.list({ params: { date: '2031-01-31' } }))[0]!;
    // Receivable 1,200.00 (1,000 + VAT), payable 300.00 (250 + VAT), VAT owed 200 − 50 = 150: assets +1,200,
    // liabilities +450, net assets +750 = the month's profit.
    expect(money(subtractDecimals(bs.assets.value, bsBefore.assets.value))).toBe('1200.00');
    expect(money(subtractDecimals(bs.liabilities.value, bsBefore.liabilities.value))).toBe('450.00');
    expect(money(subtractDecimals(bs.netAssets, bsBefore.netAssets))).toBe('750.00');
    expect(compareDecimals(bs.netAssets, bs.equity.value)).toBe(0);
  });

  it('refuses a malformed report date', async () => {
    const connection = await connect();
    const res = await connection.request({ method: 'GET', url: '/Reports/BalanceSheet', query: { date: '2026-02-30' } }).then(() => undefined, (e: unknown) => e);
    expect(res).toMatchObject({ code: 'validation_error', status: 400 });
  });
});
