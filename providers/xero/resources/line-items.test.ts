/** Xero line items read by hand: every field mapped, and a wrong-typed field throws an error naming it. */
import { describe, expect, it } from 'vitest';
import { ValueParseError } from '../../../src/model/primitives';
import { lineItem } from './common';

const LINE = {
  LineItemID: '52208ff9-528a-4985-a9ad-b2b1d4210e38',
  Description: 'Consulting (2)',
  Quantity: 2,
  UnitAmount: 450.5,
  LineAmount: 901,
  TaxAmount: 180.2,
  TaxType: 'OUTPUT2',
  DiscountRate: 10,
  AccountCode: '200',
  AccountID: 'acc-1',
  Item: { ItemID: 'item-1', Name: 'Consulting', Code: 'CONS' },
  Tracking: [
    { TrackingCategoryID: 'cat-1', TrackingOptionID: 'opt-1', Name: 'Region', Option: 'North' },
    { TrackingCategoryID: 'cat-2', Name: 'Project', Option: '' },
    { Name: 'no category id: skipped' },
  ],
};

describe('Xero lineItem', () => {
  it('maps every field exactly', () => {
    expect(lineItem(LINE)).toEqual({
      id: LINE.LineItemID,
      description: 'Consulting (2)',
      quantity: '2',
      unitAmount: '450.5',
      discountPercentage: '10',
      subTotal: '901',
      taxAmount: '180.2',
      accountRef: { id: 'acc-1', name: '200' },
      itemRef: { id: 'item-1', name: 'Consulting' },
      taxRateRef: { id: 'OUTPUT2' },
      tracking: [
        { categoryRef: { id: 'cat-1', name: 'Region' }, optionRef: { id: 'opt-1', name: 'North' } },
        { categoryRef: { id: 'cat-2', name: 'Project' } },
      ],
    });
  });

  it('treats Xero\'s "" and null as absent, and falls back to ItemCode and AccountCode', () => {
    expect(lineItem({ Description: '', TaxType: null, ItemCode: 'CONS', AccountCode: '200', Tracking: null })).toEqual({ accountRef: { id: '200' }, itemRef: { id: 'CONS' }, tracking: [] });
  });

  it.each([
    [{ LineItemID: 5 }, 'LineItemID'],
    [{ Description: 12 }, 'Description'],
    [{ Quantity: 'two' }, 'Quantity'],
    [{ LineAmount: '1,000.00' }, 'LineAmount'],
    [{ AccountID: '' }, 'AccountID'],
    [{ Item: { Name: 'no id' } }, 'Item.ItemID'],
    [{ Item: 'CONS' }, 'Item'],
    [{ Tracking: 'Region' }, 'Tracking'],
    [{ Tracking: [{ TrackingCategoryID: 7 }] }, 'TrackingCategoryID'],
  ])('%j throws a ValueParseError naming %s', (line, field) => {
    expect(() => lineItem(line)).toThrow(ValueParseError);
    expect(() => lineItem(line)).toThrow(field);
  });

  it('rejects a line that is not an object', () => {
    expect(() => lineItem('line')).toThrow(ValueParseError);
    expect(() => lineItem(null)).toThrow(ValueParseError);
  });
});
