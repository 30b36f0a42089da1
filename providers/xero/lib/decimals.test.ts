import { describe, expect, it } from 'vitest';
import { ValueParseError } from '../../../src/model/primitives';
import { xeroCurrencyRate, xeroDecimal, xeroOptionalDecimal } from './decimals';

describe('xeroDecimal', () => {
  it.each([
    [31.39, '31.39'],
    [29, '29'],
    [0, '0'],
    [-3469, '-3469'],
    [1181.25, '1181.25'],
    [0.1 + 0.2, '0.30000000000000004'],
    ['-1850.00', '-1850.00'],
    ['154355.72', '154355.72'],
    [1e21, '1000000000000000000000'],
  ])('%s → %s', (input, expected) => {
    expect(xeroDecimal(input)).toBe(expected);
  });

  it.each([['abc'], [null], [undefined], [''], [true], [Number.NaN], [Number.POSITIVE_INFINITY], ['1,234.50'], [{}]])(
    'rejects %s',
    (input) => {
      expect(() => xeroDecimal(input, 'AmountDue')).toThrow(ValueParseError);
    },
  );

  it('names the field in the error', () => {
    expect(() => xeroDecimal('abc', 'AmountDue')).toThrow(/AmountDue/);
  });

  it('optional: absent → undefined, bad still throws', () => {
    expect(xeroOptionalDecimal(undefined)).toBeUndefined();
    expect(xeroOptionalDecimal(null)).toBeUndefined();
    expect(xeroOptionalDecimal('')).toBeUndefined();
    expect(xeroOptionalDecimal(2.39)).toBe('2.39');
    expect(() => xeroOptionalDecimal('x')).toThrow(ValueParseError);
  });
});

describe('xeroCurrencyRate', () => {
  it.each([
    [1, '1'],
    [0.756, '0.756'],
    [1.234567, '1.234567'],
    [0, undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%s → %s', (input, expected) => {
    expect(xeroCurrencyRate(input)).toBe(expected);
  });

  it('rejects negative and non-numeric rates', () => {
    expect(() => xeroCurrencyRate(-1)).toThrow(ValueParseError);
    expect(() => xeroCurrencyRate('fast')).toThrow(ValueParseError);
  });
});
