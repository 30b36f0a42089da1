/**
 * Xero request builders against the reference: the bodies ledgerlink sends have the shape of the recorded real
 * requests (../shared/reference/xero/nango-recordings, read in place) and of XOA's examples; amounts are built from
 * exact decimal strings; tracking goes by ids or by names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentOut, elementErrors, itemOut, journalBalanceIssues, manualJournalOut, paymentOut, trackingOut } from './writes';

const refDir = fileURLToPath(new URL('../../../../shared/reference/xero/nango-recordings/', import.meta.url));
const haveReference = existsSync(refDir);
type Body = Record<string, unknown>;
const recordedRequest = (file: string, method: string, path: string) =>
  (JSON.parse(readFileSync(`${refDir}${file}`, 'utf8')) as { api: Record<string, Record<string, { request: { data: Record<string, Body[]> } }>> }).api[method]![`/api.xro/2.0${path}`]!.request.data;

describe.skipIf(!haveReference)('Xero request bodies match the recorded real requests', () => {
  it('a payment', () => {
    const real = recordedRequest('create-payment.test.json', 'put', '/Payments').Payments![0]!;
    const ours = paymentOut({ date: '2024-01-15', amount: '1', accountRef: { id: '562555f2-8cde-4ce9-8203-0363922537a4' }, lines: [{ kind: 'Invoice', ref: { id: 'bd63b5f1-5503-4c62-9c4a-e4b9e4257dc9' }, amount: '1' }] });
    expect(ours).toEqual(real);
  });

  it('a credit note', () => {
    const real = recordedRequest('create-credit-note.test.json', 'put', '/CreditNotes').CreditNotes![0]!;
    const ours = documentOut({ customerRef: { id: '4870d835-ccf8-4175-8cfb-fc5899b52cff' }, issueDate: '2024-01-15', lineItems: [{ description: 'Test credit note line item', quantity: '1', unitAmount: '100', accountRef: { id: '200' }, tracking: [] }] }, 'ACCRECCREDIT');
    expect(ours).toEqual(real);
  });

  it('an item', () => {
    const real = recordedRequest('create-item.test.json', 'put', '/Items').Items![0]!;
    expect(itemOut({ code: 'TEST-ITEM-1777032315', name: 'Test Item' })).toEqual(real);
  });
});

describe('Xero request builders', () => {
  it('a manual journal: signed line amounts as JSON numbers from exact strings, tracking by name as in the XOA example', () => {
    const body = manualJournalOut({ date: '2019-03-14', description: 'Journal Desc', lines: [{ accountRef: { id: '400' }, description: 'Money Movement', netAmount: '100.10', tracking: [] }, { accountRef: { id: '400' }, netAmount: '-100.10', tracking: [{ categoryRef: { id: 'Region' }, optionRef: { id: 'North' } }] }] });
    expect(body).toEqual({ Narration: 'Journal Desc', Date: '2019-03-14', JournalLines: [{ LineAmount: 100.1, AccountCode: '400', Description: 'Money Movement' }, { LineAmount: -100.1, AccountCode: '400', Tracking: [{ Name: 'Region', Option: 'North' }] }] });
  });

  it('tracking by Xero ids keeps the names given; none sends nothing', () => {
    const cat = '6a68adde-f210-4465-b0a9-0d8cc6f50762';
    const opt = 'dc54c220-0140-495a-b925-3246adc0075f';
    expect(trackingOut([{ categoryRef: { id: cat, name: 'Simpsons' }, optionRef: { id: opt, name: 'Bart' } }])).toEqual({ Tracking: [{ TrackingCategoryID: cat, Name: 'Simpsons', TrackingOptionID: opt, Option: 'Bart' }] });
    expect(trackingOut([])).toEqual({});
    expect(trackingOut(undefined)).toEqual({});
  });

  it('a payment refund goes against the credit note; an account code goes as Code', () => {
    expect(paymentOut({ date: '2026-01-01', amount: '0.30', accountRef: { id: '090' }, lines: [{ kind: 'CreditNote', ref: { id: 'cn-1' }, amount: '0.30' }] })).toEqual({ CreditNote: { CreditNoteID: 'cn-1' }, Account: { Code: '090' }, Date: '2026-01-01', Amount: 0.3 });
  });

  it('the balance check names the totals as Xero does, in exact decimals', () => {
    expect(journalBalanceIssues([{ netAmount: '0.1' }, { netAmount: '0.2' }, { netAmount: '-0.3' }])).toEqual([]);
    expect(journalBalanceIssues([{ netAmount: '100' }, { netAmount: '-10' }])).toEqual([{ path: 'lines', code: 'unbalanced', message: 'The total debits (100.00) must equal total credits (-10.00)' }]);
  });

  it('per-element errors of a summarizeErrors=false answer', () => {
    expect(elementErrors({ StatusAttributeString: 'OK', ValidationErrors: [] })).toEqual([]);
    expect(elementErrors({ HasErrors: true, ValidationErrors: [{ Message: 'Invoice # must be unique.' }] })).toEqual([{ path: '', code: 'xero_validation', message: 'Invoice # must be unique.' }]);
    expect(elementErrors({ StatusAttributeString: 'ERROR' })).toHaveLength(1);
    expect(elementErrors({ Warnings: [{ Message: 'only a warning' }] })).toEqual([]);
  });
});
