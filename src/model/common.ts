/**
 * Building blocks shared by every canonical record: references, the record base, addresses, line items.
 * @module
 */
import { z } from 'zod';
import { Instant } from './primitives';

/** A reference to another record: the provider's id and, where the provider sent it, a display name. */
export const Ref = z
  .object({
    id: z.string().min(1).describe('The referenced record’s id in the provider.'),
    name: z.string().optional().describe('Display name of the referenced record, when the provider includes it.'),
  })
  .describe('Reference to another record: `{ id, name? }`.');
/** A reference `{ id, name? }`. */
export type Ref = z.infer<typeof Ref>;

/**
 * Fields every canonical record has. Spread `BaseRecordShape` into a record's `z.object({...})`.
 */
export const BaseRecordShape = {
  id: z.string().min(1).describe('The record’s id in the provider (opaque string).'),
  sourceModifiedDate: Instant.optional().describe('When the provider last modified the record (UTC).'),
  isDeleted: z
    .boolean()
    .default(false)
    .describe('True when the provider deleted, voided-away or archived the record (see each type’s status too).'),
  raw: z.unknown().optional().describe('The provider’s own record, unchanged, when requested with `includeRaw`.'),
} as const;

/** Base schema with only the common fields. */
export const BaseRecord = z.object(BaseRecordShape);
/** The fields every canonical record carries. */
export type BaseRecord = z.infer<typeof BaseRecord>;
