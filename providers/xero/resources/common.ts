/**
 * Mapping helpers shared by the Xero resources: refs, line items, tracking, statuses.
 * @module
 */
import type { Ref } from '../../../src/model/common';
import type { LineItem } from '../../../src/model/documents';
import type { TrackingRef } from '../../../src/model/tracking-category';
import { ValueParseError } from '../../../src/model/primitives';
import { xeroOptionalDecimal } from '../lib/decimals';
import { RawLineItem, text } from '../lib/raw';

/** A plain object view of a raw record (throws for anything else, so the core reports an issue). */
export function obj(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValueParseError(`not a Xero ${what} object`);
  return raw as Record<string, unknown>;
}

/** A required non-empty string field. */
export function str(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v === '') throw new ValueParseError(`${field} is missing`);
  return v;
}

/** An optional string field (`""`/null → undefined). */
export function optStr(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `{ id, name? }` from an id and an optional name. */
export function ref(id: string, name?: string | null): Ref {
  return name ? { id, name } : { id };
}

/** Account reference of a line: `AccountID` when Xero sends it, else the account code. */
export function accountRef(o: { AccountID?: string | undefined; AccountCode?: string | null | undefined }): Ref | undefined {
  if (o.AccountID) return ref(o.AccountID, o.AccountCode ?? undefined);
  if (o.AccountCode) return { id: o.AccountCode };
  return undefined;
}

/** Xero tracking on a line → canonical tracking refs. */
export function tracking(list: RawLineItem['Tracking']): TrackingRef[] {
  return (list ?? [])
    .filter((t) => t.TrackingCategoryID)
    .map((t) => ({
      categoryRef: ref(t.TrackingCategoryID!, t.Name),
      ...(t.TrackingOptionID ? { optionRef: ref(t.TrackingOptionID, t.Option) } : {}),
    }));
}

/** `LineAmountTypes` → canonical tax treatment. */
export function taxTreatment(value: unknown): 'Exclusive' | 'Inclusive' | 'NoTax' | 'Unknown' {
  return value === 'Exclusive' || value === 'Inclusive' || value === 'NoTax' ? value : 'Unknown';
}

/** A Xero line item → canonical line (LineAmount is the line amount in the document's tax treatment). */
export function lineItem(raw: unknown): LineItem {
  const l = RawLineItem.parse(raw);
  const description = text(l.Description);
  const quantity = xeroOptionalDecimal(l.Quantity, 'Quantity');
  const unitAmount = xeroOptionalDecimal(l.UnitAmount, 'UnitAmount');
  const discountAmount = xeroOptionalDecimal(l.DiscountAmount, 'DiscountAmount');
  const discountPercentage = xeroOptionalDecimal(l.DiscountRate, 'DiscountRate');
  const subTotal = xeroOptionalDecimal(l.LineAmount, 'LineAmount');
  const taxAmount = xeroOptionalDecimal(l.TaxAmount, 'TaxAmount');
  const account = accountRef(l);
  return {
    ...(l.LineItemID ? { id: l.LineItemID } : {}),
    ...(description ? { description } : {}),
    ...(quantity ? { quantity } : {}),
    ...(unitAmount ? { unitAmount } : {}),
    ...(discountAmount ? { discountAmount } : {}),
    ...(discountPercentage ? { discountPercentage } : {}),
    ...(subTotal ? { subTotal } : {}),
    ...(taxAmount ? { taxAmount } : {}),
    ...(account ? { accountRef: account } : {}),
    ...(l.Item ? { itemRef: ref(l.Item.ItemID, l.Item.Name ?? l.Item.Code) } : l.ItemCode ? { itemRef: { id: l.ItemCode } } : {}),
    ...(l.TaxType ? { taxRateRef: { id: l.TaxType } } : {}),
    tracking: tracking(l.Tracking),
  };
}

/** Array field or empty. */
export function list(o: Record<string, unknown>, field: string): unknown[] {
  const v = o[field];
  return Array.isArray(v) ? v : [];
}
