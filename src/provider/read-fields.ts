/**
 * Field readers for provider mappers over plain JSON records: each reads one field, and a value that is missing or
 * not what the field must be throws a {@link ValueParseError} naming the field, which the core turns into a record
 * issue carrying the raw record. Amounts become exact decimal strings (never floats).
 * @module
 */
import { ValueParseError, toDecimal } from '../model/primitives';

/** A raw provider record. */
export type RawRecord = Record<string, unknown>;

/** Optional nested object (anything else → undefined). */
export function sub(o: RawRecord | undefined, field: string): RawRecord | undefined {
  const v = o?.[field];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as RawRecord) : undefined;
}

/** Required non-empty string. */
export function str(o: RawRecord, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v === '') throw new ValueParseError(`${field} is missing`);
  return v;
}

/** Optional string (`""`/null → undefined). */
export function optStr(o: RawRecord | undefined, field: string): string | undefined {
  const v = o?.[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Array field or empty. */
export function arr(o: RawRecord | undefined, field: string): unknown[] {
  const v = o?.[field];
  return Array.isArray(v) ? v : [];
}

/** Required amount as an exact decimal string (JSON number or quoted decimal; only the format is normalised). */
export function dec(o: RawRecord, field: string): string {
  const v = o[field];
  if (v === null || v === undefined || v === '') throw new ValueParseError(`${field} is missing`);
  try {
    return toDecimal(v);
  } catch (err) {
    throw new ValueParseError(`${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Optional amount (`null`/absent/`""` → undefined). */
export function optDec(o: RawRecord | undefined, field: string): string | undefined {
  const v = o?.[field];
  if (v === null || v === undefined || v === '') return undefined;
  return dec(o!, field);
}
