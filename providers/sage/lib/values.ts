/**
 * Sage wire values: JSON-number amounts (the Swagger types them `number/double`; quoted decimals are accepted too) →
 * exact decimal strings without float arithmetic, `YYYY-MM-DD` dates, ISO 8601 timestamps → UTC instants, and
 * `{ id, displayed_as, $path }` references → canonical `{ id, name }`.
 *
 * @see https://developer.sage.com/accounting/reference/ (Swagger definitions `Base`, `Link`)
 * @module
 */
import type { Ref } from '../../../src/model/common';
import { ValueParseError, toOptionalCalendarDate, toOptionalInstant } from '../../../src/model/primitives';

/** The core's field readers (one error per bad field); see `src/provider/read-fields.ts`. */
import { sub, str, optStr, arr, dec, optDec } from '../../../src/provider/read-fields';
export { sub, str, optStr, arr, dec, optDec };

/** A raw Sage record. */
export type SageRecord = Record<string, unknown>;

/** A plain-object view of a raw record (anything else throws, so the core reports an issue with the raw payload). */
export function obj(raw: unknown, what: string): SageRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValueParseError(`not a Sage ${what} object`);
  return raw as SageRecord;
}

/** Optional boolean. */
export function optBool(o: SageRecord | undefined, field: string): boolean | undefined {
  const v = o?.[field];
  return typeof v === 'boolean' ? v : undefined;
}

/** `{ id, displayed_as, $path }` → `{ id, name? }`; undefined when absent or without an id. */
export function ref(o: SageRecord | undefined, field: string): Ref | undefined {
  const r = sub(o, field);
  if (!r) return undefined;
  const id = r.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') return undefined;
  const name = optStr(r, 'displayed_as') ?? optStr(r, 'name');
  return name ? { id: String(id), name } : { id: String(id) };
}

/** Required reference. */
export function reqRef(o: SageRecord, field: string): Ref {
  const r = ref(o, field);
  if (!r) throw new ValueParseError(`${field} is missing`);
  return r;
}

/** The `id` of a reference (`status.id`, `transaction_type.id`), upper-cased. */
export function refId(o: SageRecord | undefined, field: string): string | undefined {
  const id = sub(o, field)?.id;
  return typeof id === 'string' && id !== '' ? id.toUpperCase() : undefined;
}

/** Required calendar date. */
export function date(o: SageRecord, field: string): string {
  const d = toOptionalCalendarDate(o[field]);
  if (!d) throw new ValueParseError(`${field} is missing`);
  return d;
}

/** Optional calendar date. */
export function optDate(o: SageRecord | undefined, field: string): string | undefined {
  return toOptionalCalendarDate(o?.[field]);
}

/** Optional timestamp (`updated_at`, `created_at`, `deleted_at`) as a UTC instant. */
export function instant(o: SageRecord | undefined, field: string): string | undefined {
  return toOptionalInstant(o?.[field]);
}

/** Drops keys whose value is `undefined` (the canonical schemas are strict about optional fields); see the core's. */
export { compact } from '../../../src/provider/compact';

/** Stable id of a raw Sage record (`id`, a 32-hex GUID without dashes). */
export function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
