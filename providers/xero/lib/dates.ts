/**
 * Xero date handling. Xero writes dates in the Microsoft JSON form `/Date(1539993600000+0000)/` (milliseconds since
 * the epoch, UTC, plus the offset of the writer's local time) and sometimes adds an ISO twin without a zone
 * (`DateString: "2018-10-20T00:00:00"`). Real responses often lack the twins, so the `/Date()/` field is the source.
 *
 * Nothing here reads the host's timezone: calendar dates come from the epoch plus the written offset, instants are UTC.
 *
 * @see https://developer.xero.com/documentation/api/accounting/requests-and-responses
 * @module
 */
import {
  ValueParseError,
  epochMsToCalendarDate,
  epochMsToInstant,
  parseMsJsonDate,
  toCalendarDate,
  toInstant,
} from '../../../src/model/primitives';

/** A Xero date read both ways. */
export interface XeroDate {
  /** The calendar day in the organisation's own calendar (`YYYY-MM-DD`). */
  date: string;
  /** The UTC instant (`…Z`). For date-only fields this is midnight of `date` in the written offset. */
  instant: string;
}

/**
 * Parses a Xero date value: `/Date(ms)/`, `/Date(ms±hhmm)/`, or an ISO string (with or without a zone; a zone-less
 * value is read as UTC, which is how Xero writes its `*String` twins and `UpdatedDateUTC`).
 *
 * @throws {ValueParseError} for anything else (numbers, empty strings, impossible dates).
 * @example parseXeroDate('/Date(1539993600000+0000)/') // { date: '2018-10-20', instant: '2018-10-20T00:00:00.000Z' }
 * @example parseXeroDate('/Date(1539950400000-1200)/') // { date: '2018-10-19', instant: '2018-10-19T12:00:00.000Z' }
 */
export function parseXeroDate(value: unknown): XeroDate {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValueParseError(`not a Xero date: ${value === null ? 'null' : typeof value === 'string' ? '""' : typeof value}`);
  }
  const text = value.trim();
  if (text.startsWith('/Date(')) {
    const { epochMs, offsetMinutes } = parseMsJsonDate(text);
    return { date: epochMsToCalendarDate(epochMs + offsetMinutes * 60_000), instant: epochMsToInstant(epochMs) };
  }
  return { date: toCalendarDate(text), instant: toInstant(text) };
}

/** The calendar date of a Xero date value. @throws {ValueParseError} */
export function xeroCalendarDate(value: unknown): string {
  // The common case, `/Date(ms±hhmm)/`, without formatting the instant nobody asked for (this runs for every date
  // field of every record).
  if (typeof value === 'string' && value.startsWith('/Date(')) {
    const { epochMs, offsetMinutes } = parseMsJsonDate(value);
    return epochMsToCalendarDate(epochMs + offsetMinutes * 60_000);
  }
  return parseXeroDate(value).date;
}

/** Like {@link xeroCalendarDate}, but `undefined` for `null`/`undefined`/`""`. */
export function xeroOptionalCalendarDate(value: unknown): string | undefined {
  return isAbsent(value) ? undefined : xeroCalendarDate(value);
}

/** The UTC instant of a Xero timestamp (`UpdatedDateUTC`, `CreatedDateUTC`). @throws {ValueParseError} */
export function xeroInstant(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('/Date(')) return epochMsToInstant(parseMsJsonDate(value).epochMs);
  return parseXeroDate(value).instant;
}

/** Like {@link xeroInstant}, but `undefined` for `null`/`undefined`/`""`. */
export function xeroOptionalInstant(value: unknown): string | undefined {
  return isAbsent(value) ? undefined : xeroInstant(value);
}

/**
 * Formats an instant for the `If-Modified-Since` request header: `YYYY-MM-DDTHH:mm:ss` in UTC.
 *
 * Xero does not accept fractional seconds in this header, so the instant is floored to the second: flooring can only
 * return a record again, never skip one.
 *
 * @throws {ValueParseError} when `instant` is not a timestamp.
 * @example formatIfModifiedSince('2024-05-29T21:58:03.999Z') // '2024-05-29T21:58:03'
 */
export function formatIfModifiedSince(instant: string): string {
  return toInstant(instant).slice(0, 19);
}

function isAbsent(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
