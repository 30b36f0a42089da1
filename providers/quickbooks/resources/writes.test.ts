/** QuickBooks write builders in isolation: exact amounts, the exchange-rate inversion, tracking refs, sparse updates. */
import { describe, expect, it } from 'vitest';
import { documentOut, invoiceWrite, jsonNumber, journalOut, paymentWrite, customerWrite } from './writes';

const ctx = (current?: unknown) => ({ tenant: { id: '1' }, idempotencyKey: 'k', ...(current ? { current } : {}) });

describe('QuickBooks write builders', () => {
  it('amounts become JSON numbers only when a JSON number carries them exactly', () => {
    expect(jsonNumber('1234.56')).toBe(1234.56);
    expect(jsonNumber('-0.10')).toBe(-0.1);
    expect(() => jsonNumber('1234567890.123456')).toThrow(/15 significant digits/);
  });

  it('a document: line Amount = quantity × unitAmount in exact decimals (rounded to cents), rate inverted, Department and Class refs split', () => {
    const out = documentOut(
      {
        customerRef: { id: '7' },
        issueDate: '2026-01-31',
        currency: 'EUR',
        currencyRate: '0.8',
        taxTreatment: 'Inclusive',
        tracking: [{ categoryRef: { id: 'Department:3', name: 'Retail' } }],
        lineItems: [{ quantity: '3', unitAmount: '0.335', itemRef: { id: '900' }, tracking: [{ categoryRef: { id: '950' } }] }],
      },
      'sales',
    );
    expect(out).toEqual({
      CustomerRef: { value: '7' },
      TxnDate: '2026-01-31',
      CurrencyRef: { value: 'EUR' },
      ExchangeRate: 1.25, // canonical 0.8 EUR per USD → QuickBooks 1.25 USD per EUR
      GlobalTaxCalculation: 'TaxInclusive',
      DepartmentRef: { value: '3', name: 'Retail' },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1.01, SalesItemLineDetail: { ItemRef: { value: '900' }, Qty: 3, UnitPrice: 0.335, ClassRef: { value: '950' } } }], // 1.005 → 1.01
    });
  });

  it('a sparse update sends Id, the current SyncToken, sparse: true and only the changed fields', () => {
    const req = invoiceWrite.update.request({ id: '42', changes: { dueDate: '2026-05-01' } }, ctx({ Id: '42', SyncToken: '7' }));
    expect(req).toEqual({ method: 'POST', url: '/invoice', body: { DueDate: '2026-05-01', Id: '42', SyncToken: '7', sparse: true } });
    expect(invoiceWrite.delete.request({ id: '42' }, ctx({ SyncToken: '8' }))).toEqual({ method: 'POST', url: '/invoice', query: { operation: 'void' }, body: { Id: '42', SyncToken: '8', sparse: true } });
    expect(customerWrite.delete.request({ id: '5' }, ctx({ SyncToken: '2' }))).toEqual({ method: 'POST', url: '/customer', body: { Id: '5', SyncToken: '2', sparse: true, Active: false } });
    expect(paymentWrite.idempotency).toEqual({ type: 'query', param: 'requestid' });
  });

  it('journal lines: positive net amounts are debits, negative ones credits of the absolute amount', () => {
    const out = journalOut({ date: '2026-01-01', lines: [{ netAmount: '10.50', accountRef: { id: '4' } }, { netAmount: '-10.50', accountRef: { id: '1' } }] });
    expect((out.Line as { Amount: number; JournalEntryLineDetail: { PostingType: string } }[]).map((l) => [l.JournalEntryLineDetail.PostingType, l.Amount])).toEqual([['Debit', 10.5], ['Credit', 10.5]]);
  });
});
