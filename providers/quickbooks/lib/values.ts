/**
 * QuickBooks wire values: JSON-number amounts → exact decimal strings (shortest round-trip form, never float
 * arithmetic), `TxnDate` calendar dates, offset timestamps → UTC instants, `{ value, name }` references.
 * @module
 */
import type { Ref } from '../../../src/model/common';
import { ValueParseError, compareDecimals, toOptionalCalendarDate, toOptionalInstant } from '../../../src/model/primitives';

/** The core's field readers (one error per bad field); see `src/provider/read-fields.ts`. */
import { sub, str, optStr, arr, dec, optDec } from '../../../src/provider/read-fields';
export { sub, str, optStr, arr, dec, optDec };

/** A plain-object view of a raw record (anything else throws, so the core reports an issue with the raw payload). */
export function obj(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValueParseError(`not a QuickBooks ${what} object`);
  return raw as Record<string, unknown>;
}

/** `{ value, name }` → `{ id, name? }`. */
export function qbRef(o: Record<string, unknown> | undefined, field: string): Ref | undefined {
  const r = o ? sub(o, field) : undefined;
  if (!r) return undefined;
  const id = r.value;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  if (String(id) === '') return undefined;
  const name = typeof r.name === 'string' && r.name !== '' ? r.name : undefined;
  return name ? { id: String(id), name } : { id: String(id) };
}

/** Required reference. */
export function reqRef(o: Record<string, unknown>, field: string): Ref {
  const r = qbRef(o, field);
  if (!r) throw new ValueParseError(`${field} is missing`);
  return r;
}

/** A calendar date field (`TxnDate`). */
export function date(o: Record<string, unknown>, field: string): string {
  const d = toOptionalCalendarDate(o[field]);
  if (!d) throw new ValueParseError(`${field} is missing`);
  return d;
}

/** Optional calendar date. */
export function optDate(o: Record<string, unknown> | undefined, field: string): string | undefined {
  return toOptionalCalendarDate(o?.[field]);
}

/** `MetaData.LastUpdatedTime` (local offset) as a UTC instant. */
export function lastUpdated(o: Record<string, unknown>): string | undefined {
  return toOptionalInstant(sub(o, 'MetaData')?.LastUpdatedTime);
}

/** `MetaData.CreateTime` as a UTC instant. */
export function created(o: Record<string, unknown>): string | undefined {
  return toOptionalInstant(sub(o, 'MetaData')?.CreateTime);
}

/** Drops keys whose value is `undefined` (the canonical schemas are strict about optional fields); see the core's. */
export { compact } from '../../../src/provider/compact';

/**
 * 1 / x exact to `scale` decimal places (half-up), with BigInt arithmetic only.
 * @throws {ValueParseError} for zero or negative divisors.
 */
export function reciprocal(x: string, scale = 10): string {
  if (compareDecimals(x, '0') <= 0) throw new ValueParseError(`exchange rate must be positive (got ${x})`);
  const [int, frac = ''] = x.split('.');
  const den = BigInt(`${int}${frac}`);
  const num = 10n ** BigInt(frac.length + scale + 1);
  let q = num / den;
  q = (q + 5n) / 10n;
  const s = q.toString().padStart(scale + 1, '0');
  const out = `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, '');
  return out === '' ? '0' : out;
}

/**
 * Canonical `currency`/`currencyRate` of a QuickBooks transaction. QuickBooks `ExchangeRate` is home-currency units per
 * one unit of the document currency; the canonical rate is the other way round (document units per base unit), so
 * it is the reciprocal (rounded to 10 places). An omitted rate on a foreign-currency document stays omitted (never 1).
 */
export function currencyOf(o: Record<string, unknown>, baseCurrency: string | undefined): { currency?: string; currencyRate?: string } {
  const currency = qbRef(o, 'CurrencyRef')?.id;
  const rate = optDec(o, 'ExchangeRate');
  const out: { currency?: string; currencyRate?: string } = {};
  if (currency) out.currency = currency;
  if (rate !== undefined && compareDecimals(rate, '0') > 0) {
    // Same currency as the books: rate 1 whatever QuickBooks wrote.
    out.currencyRate = currency && baseCurrency && currency === baseCurrency ? '1' : reciprocal(rate);
  } else if (currency && baseCurrency && currency === baseCurrency) {
    out.currencyRate = '1';
  }
  return out;
}
