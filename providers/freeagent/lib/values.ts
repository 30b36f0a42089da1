/**
 * FreeAgent wire values: decimal-string amounts (`"200.0"`, kept exact), `YYYY-MM-DD` dates (`dated_on`, `due_on`),
 * `…Z` timestamps, and **URLs as ids and references** (`"contact": "https://api.freeagent.com/v2/contacts/2"`).
 *
 * @see https://dev.freeagent.com/docs/introduction
 * @module
 */
import type { Ref } from '../../../src/model/common';
import { ValueParseError, toOptionalCalendarDate, toOptionalInstant } from '../../../src/model/primitives';

/** The core's field readers (one error per bad field); see `src/provider/read-fields.ts`. */
import { str, optStr, arr, dec, optDec } from '../../../src/provider/read-fields';
export { str, optStr, arr, dec, optDec };

/** A plain-object view of a raw record (anything else throws, so the core reports an issue with the raw payload). */
export function obj(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValueParseError(`not a FreeAgent ${what} object`);
  return raw as Record<string, unknown>;
}

/** Absolute value of a decimal string. */
export function abs(d: string): string {
  return d.startsWith('-') ? d.slice(1) : d;
}

/** A required calendar date field. */
export function date(o: Record<string, unknown>, field: string): string {
  const d = toOptionalCalendarDate(o[field]);
  if (!d) throw new ValueParseError(`${field} is missing or not a date`);
  return d;
}

/** Optional calendar date. */
export function optDate(o: Record<string, unknown> | undefined, field: string): string | undefined {
  return toOptionalCalendarDate(o?.[field]);
}

/** Optional UTC instant (`updated_at`, `created_at`). */
export function optInstant(o: Record<string, unknown> | undefined, field: string): string | undefined {
  return toOptionalInstant(o?.[field]);
}

/**
 * The id of a FreeAgent URL reference: its last path segment (`…/v2/contacts/2` → `"2"`, `…/categories/750-1` →
 * `"750-1"`). Reference §5.7: "Derive the numeric ID from the last path segment".
 */
export function idFromUrl(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/, 1)[0] ?? '';
  }
  const seg = path.replace(/\/+$/, '').split('/').pop() ?? '';
  const id = decodeURIComponent(seg);
  if (id === '') throw new ValueParseError(`not a FreeAgent resource URL: ${JSON.stringify(url)}`);
  return id;
}

/** Optional URL reference → `{ id }` (FreeAgent references carry no name). */
export function urlRef(o: Record<string, unknown> | undefined, field: string): Ref | undefined {
  const v = optStr(o, field);
  return v ? { id: idFromUrl(v) } : undefined;
}

/** Required URL reference. */
export function reqUrlRef(o: Record<string, unknown>, field: string): Ref {
  const r = urlRef(o, field);
  if (!r) throw new ValueParseError(`${field} is missing`);
  return r;
}

/** The record's own id, from its `url`. */
export function idOfRecord(o: Record<string, unknown>): string {
  return idFromUrl(str(o, 'url'));
}

/** Drops keys whose value is `undefined` (the canonical schemas are strict about optional fields); see the core's. */
export { compact } from '../../../src/provider/compact';
