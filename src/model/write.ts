/**
 * What a write accepts, per data type: the canonical schema without what only the provider sets.
 *
 * - **Read-only** fields are dropped: the record's id and bookkeeping (`id`, `isDeleted`, `sourceModifiedDate`,
 *   `raw`) and what the provider derives (amounts due or paid, allocations, creation date, links…). Sending one is a
 *   validation error, not a silent drop: the caller learns that the provider will not take it.
 * - **Computed** fields become optional: a provider computes totals and the initial status when they are omitted;
 *   when given they are sent (some providers check them).
 *
 * An update takes any subset of the create fields.
 * @module
 */
import { z } from 'zod';
import type { DataType } from './data-types';
import { canonicalSchemas } from './registry';

/** Fields no write may set, wherever a type has them. */
export const READ_ONLY_FIELDS = [
  'id',
  'isDeleted',
  'sourceModifiedDate',
  'raw',
  'createdDate',
  'url',
  'amountDue',
  'amountPaid',
  'amountCredited',
  'paidOnDate',
  'allocations',
  'remainingCredit',
  'allocatedOnDate',
  'balance',
  'currentBalance',
] as const;

/** Fields a provider computes when omitted; optional in a write. */
export const COMPUTED_FIELDS = ['status', 'totalAmount', 'subTotal', 'totalTaxAmount', 'totalDiscount', 'taxTreatment'] as const;

type AnyObject = z.ZodObject<z.ZodRawShape>;

const cache = new Map<string, z.ZodType>();

/** The zod schema of a write's input for a data type (`create`: the full input; `update`: any subset of it). */
export function writeSchemaFor(dataType: DataType, mode: 'create' | 'update'): z.ZodType {
  const key = `${dataType}:${mode}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const base = canonicalSchemas[dataType] as unknown as AnyObject;
  const shape = base.shape;
  const omit: Record<string, true> = {};
  for (const f of READ_ONLY_FIELDS) if (f in shape) omit[f] = true;
  let schema = base.omit(omit as never) as AnyObject;
  const optional: Record<string, true> = {};
  for (const f of COMPUTED_FIELDS) if (f in shape) optional[f] = true;
  schema = schema.partial(optional as never) as AnyObject;
  const out = (mode === 'update' ? schema.partial() : schema).strict();
  cache.set(key, out);
  return out;
}

type InputOf<T extends DataType> = z.input<(typeof canonicalSchemas)[T]>;
type Computed = (typeof COMPUTED_FIELDS)[number];
/** The input of a create for data type `T` (what `connection.<type>.create()` takes). */
export type WriteInputOf<T extends DataType> = Omit<InputOf<T>, (typeof READ_ONLY_FIELDS)[number] | Computed> &
  Partial<Pick<InputOf<T>, Extract<keyof InputOf<T>, Computed>>>;
/** The input of an update for data type `T`: any subset of the create input. */
export type UpdateInputOf<T extends DataType> = Partial<WriteInputOf<T>>;
