/**
 * Loose schemas of the Xero wire records and the helper that reads one. Only the fields the mappers use are declared;
 * everything else passes through untouched (`raw` keeps the whole record). Amounts and dates are `unknown` here and
 * converted exactly by `decimals.ts` / `dates.ts`, so a bad value names its field in the error.
 * @module
 */
import { z } from 'zod';
import { ValueParseError } from '../../../src/model/primitives';

/**
 * Parses `raw` with a loose schema, throwing a short readable error (`InvoiceID: expected string`) instead of zod's
 * JSON dump. Mappers let it propagate: the core turns it into a record issue carrying the raw record.
 * @throws {ValueParseError}
 */
export function readRaw<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`)
    .join('; ');
  throw new ValueParseError(`not a Xero ${what}: ${detail}`);
}

/** A non-empty string id. */
export const XeroId = z.string().min(1);

/** Optional free text: Xero often sends `""` for "none". */
export const OptionalText = z.string().nullish();

/** `{ ContactID, Name }` as embedded in documents. */
export const RawContactRef = z.looseObject({ ContactID: XeroId, Name: OptionalText });
/** A Xero contact reference. */
export type RawContactRef = z.infer<typeof RawContactRef>;

/** A tracking option on a line (`{ TrackingCategoryID, Name, Option, TrackingOptionID? }`). */
export const RawLineTracking = z.looseObject({
  TrackingCategoryID: XeroId.optional(),
  TrackingOptionID: XeroId.optional(),
  Name: OptionalText,
  Option: OptionalText,
});

/** A document line (`LineItems[]` of invoices, credit notes, bank transactions). */
export const RawLineItem = z.looseObject({
  LineItemID: XeroId.optional(),
  Description: OptionalText,
  Quantity: z.unknown().optional(),
  UnitAmount: z.unknown().optional(),
  LineAmount: z.unknown().optional(),
  TaxAmount: z.unknown().optional(),
  TaxType: OptionalText,
  DiscountRate: z.unknown().optional(),
  DiscountAmount: z.unknown().optional(),
  AccountCode: OptionalText,
  AccountID: XeroId.optional(),
  ItemCode: OptionalText,
  Item: z.looseObject({ ItemID: XeroId, Name: OptionalText, Code: OptionalText }).optional(),
  Tracking: z.array(RawLineTracking).nullish(),
});
/** A Xero document line. */
export type RawLineItem = z.infer<typeof RawLineItem>;

/** Value of a possibly-absent text field: `undefined` for `null`, `undefined` and `""`. */
export function text(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
