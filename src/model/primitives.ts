/**
 * Primitive value types of the canonical model and the exact helpers that produce them.
 *
 * - Money is an exact decimal **string** (`"1234.50"`, `"-3"`, `"0.0001"`). A binary float never enters or leaves the
 *   model: numbers arriving from a provider's JSON are converted through their shortest round-trip decimal form, and
 *   arithmetic is done on scaled `bigint`s.
 * - Calendar dates are `YYYY-MM-DD` in the organisation's own calendar, never shifted by the host's timezone.
 * - Instants are UTC ISO 8601 with milliseconds and a `Z` (`2024-05-29T21:58:03.000Z`).
 *
 * @module
 */
import { z } from 'zod';

/** Any plain decimal the arithmetic accepts (leading zeros tolerated). */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
/** The canonical form the model stores: no redundant leading zeros, no exponent, no `+`, no separators. */
const CANONICAL_DECIMAL_RE = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
/** Exponents beyond this are refused: `"1e999999999"` would otherwise expand to a gigabyte of zeros. */
const MAX_EXPONENT = 1000;

/** Thrown by the parsing helpers below; the sync engine turns it into a record issue. */
export class ValueParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueParseError';
  }
}

/** Zod schema of an exact decimal string (money, quantities, rates). */
export const Decimal = z
  .string()
  .regex(
    CANONICAL_DECIMAL_RE,
    'must be a decimal string such as "1234.50" (no exponent, no thousands separators, no leading zeros)',
  )
  .describe('Exact decimal number as a string, e.g. "1234.50". Never a binary float.');
/** An exact decimal string. */
export type Decimal = z.infer<typeof Decimal>;

/** Zod schema of a money amount (an exact decimal string in the record's currency). */
export const Money = Decimal.describe('Money amount as an exact decimal string in the record currency, e.g. "1234.50".');

/** Zod schema of a calendar date `YYYY-MM-DD` (a real date: `2024-02-30` is rejected). */
export const CalendarDate = z
  .string()
  .regex(DATE_RE, 'must be a calendar date YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date YYYY-MM-DD')
  .describe('Calendar date YYYY-MM-DD in the organisation’s calendar.');
/** A calendar date `YYYY-MM-DD`. */
export type CalendarDate = z.infer<typeof CalendarDate>;

/**
 * Zod schema of a UTC instant in ISO 8601 (`…Z`). The date must be real and the time in range: `Date.parse` alone
 * would roll `2024-02-30T00:00:00Z` over to March 1st.
 */
export const Instant = z
  .string()
  .regex(INSTANT_RE, 'must be a UTC ISO 8601 instant ending in Z')
  .refine(isInstant, 'must be a real UTC instant (valid date, time within 00:00:00-23:59:59)')
  .describe('Instant in UTC, ISO 8601, e.g. "2024-05-29T21:58:03.000Z".');
/** A UTC ISO 8601 instant. */
export type Instant = z.infer<typeof Instant>;

/** Zod schema of an ISO 4217 currency code. */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as "GBP"')
  .describe('ISO 4217 currency code, e.g. "GBP".');

/** True when `s` is a real `YYYY-MM-DD` calendar date. */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1-12) of proleptic Gregorian year `y`. */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return DAYS_IN_MONTH[mo - 1]!;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** True when `s` is a UTC instant `YYYY-MM-DDThh:mm:ss(.f{1,9})?Z` with a real date and an in-range time. */
export function isInstant(s: string): boolean {
  const m = INSTANT_RE.exec(s);
  if (!m || !isCalendarDate(m[1]!)) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59;
}

// ---------------------------------------------------------------------------------------------------------------
// Decimals
// ---------------------------------------------------------------------------------------------------------------

/**
 * Converts a provider value into an exact decimal string.
 *
 * - strings are checked and normalised (`"+1.50"` → `"1.50"`, `"1e3"` → `"1000"`, `" 2 "` → `"2"`, `"007"` → `"7"`);
 *   trailing zeros are kept because they carry the provider's scale;
 * - numbers are converted through their shortest round-trip form (`0.1 + 0.2` arrives as `0.30000000000000004` and
 *   stays exactly that, while JSON `31.39` becomes `"31.39"`), exponent notation expanded;
 * - bigints are written out.
 *
 * @throws {ValueParseError} for NaN, ±Infinity, empty strings, thousands separators, exponents beyond ±1000 or
 *   anything not a number.
 * @example toDecimal(150.0) // "150"
 * @example toDecimal("1,234.5") // throws
 */
export function toDecimal(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValueParseError(`not a finite number: ${String(value)}`);
    const text = String(value); // the shortest round-trip form; String(-0) is already "0"
    return text.includes('e') ? expandExponent(text) : text;
  }
  if (typeof value === 'string') {
    const s = value.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
      let out = expandExponent(s.replace(/^\+/, ''));
      if (out.startsWith('.')) out = `0${out}`;
      if (out.startsWith('-.')) out = `-0${out.slice(1)}`;
      if (out.endsWith('.')) out = out.slice(0, -1);
      // "007.50" and "-00.5" carry no more information than "7.50" and "-0.5"; the model stores one form.
      out = out.replace(/^(-?)0+(?=\d)/, '$1');
      return normaliseNegativeZero(out);
    }
    throw new ValueParseError(`not a decimal number: ${JSON.stringify(value)}`);
  }
  throw new ValueParseError(`not a number: ${describe(value)}`);
}

/** Like {@link toDecimal} but returns `undefined` for `null`/`undefined`/`""`. */
export function toOptionalDecimal(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return toDecimal(value);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function normaliseNegativeZero(s: string): string {
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(s);
  if (!m) return normaliseNegativeZero(s);
  const sign = m[1] ?? '';
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4]);
  if (Math.abs(exp) > MAX_EXPONENT) throw new ValueParseError(`exponent out of range: ${s}`);
  let digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  let point = intPart.replace(/^0+(?=\d)/, '').length + exp;
  if (intPart.replace(/^0+/, '') === '') {
    // value like 0.000123e5: recompute using the digits after leading zeros
    const allDigits = intPart + frac;
    const firstNonZero = allDigits.search(/[1-9]/);
    if (firstNonZero === -1) return '0';
    digits = allDigits.slice(firstNonZero);
    point = intPart.length - firstNonZero + exp;
  }
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return normaliseNegativeZero(sign + out);
}

interface Scaled {
  value: bigint;
  scale: number;
}

function toScaled(d: string): Scaled {
  if (!DECIMAL_RE.test(d)) throw new ValueParseError(`not a decimal string: ${JSON.stringify(d)}`);
  const neg = d.startsWith('-');
  const body = neg ? d.slice(1) : d;
  const [i, f = ''] = body.split('.');
  const v = BigInt((i ?? '0') + f);
  return { value: neg ? -v : v, scale: f.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.value * 10n ** BigInt(scale - a.scale), b.value * 10n ** BigInt(scale - b.scale), scale];
}

function fromScaled(value: bigint, scale: number): string {
  const neg = value < 0n;
  let digits = (neg ? -value : value).toString();
  if (scale === 0) return normaliseNegativeZero((neg ? '-' : '') + digits);
  digits = digits.padStart(scale + 1, '0');
  const out = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return normaliseNegativeZero((neg ? '-' : '') + out);
}

/** Exact sum of decimal strings; the result keeps the largest scale of the inputs. `addDecimals()` is `"0"`. */
export function addDecimals(...values: string[]): string {
  let acc: Scaled = { value: 0n, scale: 0 };
  for (const v of values) {
    const [x, y, scale] = align(acc, toScaled(v));
    acc = { value: x + y, scale };
  }
  return fromScaled(acc.value, acc.scale);
}

/** Exact difference `a - b`. */
export function subtractDecimals(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled(x - y, scale);
}

/** Exact negation. */
export function negateDecimal(a: string): string {
  const s = toScaled(a);
  return fromScaled(-s.value, s.scale);
}

/** Exact product; the scale is the sum of the inputs' scales. */
export function multiplyDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled(x.value * y.value, x.scale + y.scale);
}

/** Compares two decimal strings numerically: -1, 0 or 1. `"1.50"` equals `"1.5"`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  // Decimal strings of at most 15 significant digits convert to distinct doubles in the same order (and equal ones,
  // "1.5" and "1.50", to the same double), so comparing the conversions is exact for them: no arithmetic is done.
  if (SHORT_DECIMAL_RE.test(a) && SHORT_DECIMAL_RE.test(b) && significantDigits(a) <= 15 && significantDigits(b) <= 15) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const [x, y] = align(toScaled(a), toScaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A plain decimal string short enough that its significant digits can be counted cheaply. */
const SHORT_DECIMAL_RE = /^-?\d{1,17}(\.\d{1,17})?$/;

/** Significant digits of a plain decimal string (leading zeros and trailing fractional zeros excluded). */
function significantDigits(d: string): number {
  let start = d.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let end = d.length;
  const point = d.indexOf('.');
  if (point >= 0) while (end > point + 1 && d.charCodeAt(end - 1) === 48) end--; // trailing zeros of the fraction
  if (end === point + 1) end = point;
  while (start < end && (d.charCodeAt(start) === 48 || d.charCodeAt(start) === 46)) start++; // leading zeros and '.'
  let n = end - start;
  if (point >= start && point < end) n--;
  return Math.max(n, 0);
}

/** True when two decimal strings are numerically equal. */
export function decimalsEqual(a: string, b: string): boolean {
  return compareDecimals(a, b) === 0;
}

/** Rounds half away from zero to `scale` places (`roundDecimal("2.345", 2)` → `"2.35"`), padding with zeros. */
export function roundDecimal(a: string, scale: number): string {
  const s = toScaled(a);
  if (s.scale <= scale) return fromScaled(s.value * 10n ** BigInt(scale - s.scale), scale);
  const factor = 10n ** BigInt(s.scale - scale);
  const neg = s.value < 0n;
  const abs = neg ? -s.value : s.value;
  let q = abs / factor;
  if ((abs % factor) * 2n >= factor) q += 1n;
  return fromScaled(neg ? -q : q, scale);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and instants
// ---------------------------------------------------------------------------------------------------------------

const MS_DATE_RE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** A parsed Microsoft JSON date: milliseconds since the epoch (UTC) and the offset it was written with. */
export interface MsJsonDate {
  epochMs: number;
  offsetMinutes: number;
}

/**
 * Parses `/Date(1539993600000+0000)/` or `/Date(1777031559414)/` (Xero, Exact). The milliseconds are UTC; the
 * optional `±hhmm` is the offset of the local time the value was written in.
 * @throws {ValueParseError} when the text is not in that form.
 */
export function parseMsJsonDate(text: string): MsJsonDate {
  const m = MS_DATE_RE.exec(text.trim());
  if (!m) throw new ValueParseError(`not a /Date(ms±hhmm)/ value: ${JSON.stringify(text)}`);
  const epochMs = Number(m[1]);
  let offsetMinutes = 0;
  if (m[2]) {
    const sign = m[2].startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(m[2].slice(1, 3)) * 60 + Number(m[2].slice(3, 5)));
  }
  return { epochMs, offsetMinutes };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Formats epoch milliseconds as `YYYY-MM-DD` of the UTC day (host timezone never used). */
export function epochMsToCalendarDate(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new ValueParseError(`invalid epoch milliseconds: ${epochMs}`);
  const y = d.getUTCFullYear();
  const yStr = y < 0 ? `-${pad(-y, 6)}` : y > 9999 ? `+${pad(y, 6)}` : pad(y, 4);
  return `${yStr}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Formats epoch milliseconds as a UTC ISO 8601 instant with milliseconds. */
export function epochMsToInstant(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new ValueParseError(`invalid epoch milliseconds: ${epochMs}`);
  return d.toISOString();
}

/**
 * The calendar date a Microsoft JSON date denotes in the writer's own calendar: the UTC milliseconds shifted by the
 * written offset. `/Date(1539993600000+0000)/` → `2018-10-20`; `/Date(1539950400000-1200)/` → `2018-10-19`.
 */
export function msJsonDateToCalendarDate(text: string): string {
  const { epochMs, offsetMinutes } = parseMsJsonDate(text);
  return epochMsToCalendarDate(epochMs + offsetMinutes * 60_000);
}

/** The UTC instant of a Microsoft JSON date. */
export function msJsonDateToInstant(text: string): string {
  return epochMsToInstant(parseMsJsonDate(text).epochMs);
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** How to read a timestamp that carries no zone designator. */
export type ZonelessPolicy = 'utc' | 'reject';

/**
 * Normalises a timestamp to a UTC instant. Accepts ISO 8601 with `Z`, `±hh:mm`, `±hhmm` or `±hh`; a space instead
 * of `T`; fractional seconds up to nanoseconds (truncated to ms); Microsoft JSON dates; epoch milliseconds; `Date`s.
 * A value without a zone is read as UTC unless `zoneless: 'reject'`.
 * @throws {ValueParseError}
 * @example toInstant('2024-05-29T14:58:03-07:00') // '2024-05-29T21:58:03.000Z'
 */
export function toInstant(value: unknown, options: { zoneless?: ZonelessPolicy } = {}): string {
  if (value instanceof Date) return epochMsToInstant(value.getTime());
  if (typeof value === 'number') return epochMsToInstant(value);
  if (typeof value !== 'string') throw new ValueParseError(`not a timestamp: ${describe(value)}`);
  const s = value.trim();
  if (s.startsWith('/Date(')) return msJsonDateToInstant(s);
  const m = ISO_RE.exec(s);
  if (!m) throw new ValueParseError(`not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  if (!isCalendarDate(`${y}-${mo}-${d}`)) throw new ValueParseError(`not a real date: ${JSON.stringify(value)}`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) {
    throw new ValueParseError(`not a real time: ${JSON.stringify(value)}`);
  }
  let offsetMinutes = 0;
  if (zone === undefined) {
    if (options.zoneless === 'reject') throw new ValueParseError(`timestamp has no timezone: ${JSON.stringify(value)}`);
  } else if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2, 4) || '0');
    if (offH > 18 || offM > 59) throw new ValueParseError(`not a real UTC offset: ${JSON.stringify(value)}`);
    offsetMinutes = sign * (offH * 60 + offM);
  }
  const ms = Number((frac + '000').slice(0, 3));
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms) - offsetMinutes * 60_000;
  return epochMsToInstant(utc);
}

/** Like {@link toInstant} but `undefined` for null/undefined/empty. */
export function toOptionalInstant(value: unknown, options?: { zoneless?: ZonelessPolicy }): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return toInstant(value, options);
}

/**
 * Reads a calendar date as the provider wrote it: `YYYY-MM-DD`, `YYYY-MM-DDT00:00:00` (the date part is taken as is,
 * with no timezone shifting), or a Microsoft JSON date (the writer's calendar day).
 * @throws {ValueParseError}
 */
export function toCalendarDate(value: unknown): string {
  if (typeof value !== 'string') throw new ValueParseError(`not a date: ${describe(value)}`);
  const s = value.trim();
  if (s.startsWith('/Date(')) return msJsonDateToCalendarDate(s);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(s);
  if (!m || !isCalendarDate(m[1]!)) throw new ValueParseError(`not a calendar date: ${JSON.stringify(value)}`);
  return m[1]!;
}

/** Like {@link toCalendarDate} but `undefined` for null/undefined/empty. */
export function toOptionalCalendarDate(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return toCalendarDate(value);
}
