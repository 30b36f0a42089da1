/**
 * Xero amounts: JSON numbers (`"AmountDue": 31.39`) turned into exact decimal strings through their shortest
 * round-trip form, never through float arithmetic. Report cells carry amounts as strings (`"-1850.00"`).
 * @module
 */
import { ValueParseError, compareDecimals, toDecimal } from '../../../src/model/primitives';

/**
 * A required Xero amount as an exact decimal string.
 * @throws {ValueParseError} for missing values, `"abc"`, booleans, NaN…
 * @example xeroDecimal(31.39) // "31.39"
 */
export function xeroDecimal(value: unknown, field = 'amount'): string {
  if (value === null || value === undefined || value === '') throw new ValueParseError(`${field} is missing`);
  try {
    return toDecimal(value);
  } catch (err) {
    throw new ValueParseError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An optional Xero amount: `undefined` for `null`/`undefined`/`""`, otherwise as {@link xeroDecimal}. */
export function xeroOptionalDecimal(value: unknown, field = 'amount'): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return xeroDecimal(value, field);
}

/**
 * A Xero `CurrencyRate`. Xero writes `1` for base-currency documents and, on payments, `0` when it has no rate; a zero
 * rate means "none" and becomes `undefined` (a rate of zero would be an impossible conversion).
 * @throws {ValueParseError} for non-numbers and negative rates.
 */
export function xeroCurrencyRate(value: unknown): string | undefined {
  const rate = xeroOptionalDecimal(value, 'CurrencyRate');
  if (rate === undefined) return undefined;
  const sign = compareDecimals(rate, '0');
  if (sign < 0) throw new ValueParseError(`CurrencyRate must not be negative (got ${rate})`);
  return sign === 0 ? undefined : rate;
}
