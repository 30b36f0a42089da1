/**
 * Mapping helpers shared by the Xero resources: refs, line items, tracking, statuses.
 * @module
 */
import type { Ref } from '../../../src/model/common';
import type { LineItem } from '../../../src/model/documents';
import type { TrackingRef } from '../../../src/model/tracking-category';
import { ValueParseError } from '../../../src/model/primitives';
import { xeroOptionalDecimal } from '../lib/decimals';
import type { RawLineItem } from '../lib/raw';

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

/** An optional id field: absent/null → undefined; anything but a non-empty string throws, naming the field. */
function optId(o: Record<string, unknown>, field: string, what: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw new ValueParseError(`not a Xero ${what}: ${field}: expected a non-empty string`);
  return v;
}

/** An optional text field: absent/null/"" → undefined; a non-string throws, naming the field. */
function optText(o: Record<string, unknown>, field: string, what: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ValueParseError(`not a Xero ${what}: ${field}: expected string`);
  return v;
}

/** Xero tracking on a raw line (`Tracking[]`) → canonical tracking refs. */
function lineTracking(value: unknown): TrackingRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValueParseError('not a Xero line item: Tracking: expected array');
  const out: TrackingRef[] = [];
  for (const t of value) {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new ValueParseError('not a Xero line item: Tracking[]: expected object');
    const r = t as Record<string, unknown>;
    const categoryId = optId(r, 'TrackingCategoryID', 'line tracking');
    if (!categoryId) continue;
    const optionId = optId(r, 'TrackingOptionID', 'line tracking');
    out.push({ categoryRef: ref(categoryId, optText(r, 'Name', 'line tracking')), ...(optionId ? { optionRef: ref(optionId, optText(r, 'Option', 'line tracking')) } : {}) });
  }
  return out;
}

/**
 * A Xero line item → canonical line (LineAmount is the line amount in the document's tax treatment). Fields are read
 * by hand rather than through a zod schema: this runs for every line of every document, and a wrong-typed field still
 * throws a {@link ValueParseError} naming it.
 */
export function lineItem(raw: unknown): LineItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValueParseError('not a Xero line item: (record): expected object');
  const l = raw as Record<string, unknown>;
  const id = optId(l, 'LineItemID', 'line item');
  const description = optText(l, 'Description', 'line item');
  const quantity = xeroOptionalDecimal(l.Quantity, 'Quantity');
  const unitAmount = xeroOptionalDecimal(l.UnitAmount, 'UnitAmount');
  const discountAmount = xeroOptionalDecimal(l.DiscountAmount, 'DiscountAmount');
  const discountPercentage = xeroOptionalDecimal(l.DiscountRate, 'DiscountRate');
  const subTotal = xeroOptionalDecimal(l.LineAmount, 'LineAmount');
  const taxAmount = xeroOptionalDecimal(l.TaxAmount, 'TaxAmount');
  const accountId = optId(l, 'AccountID', 'line item');
  const accountCode = optText(l, 'AccountCode', 'line item');
  const account = accountRef({ AccountID: accountId, AccountCode: accountCode });
  const itemCode = optText(l, 'ItemCode', 'line item');
  let itemRef: Ref | undefined;
  if (l.Item !== undefined) {
    const item = l.Item;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ValueParseError('not a Xero line item: Item: expected object');
    const itemId = optId(item as Record<string, unknown>, 'ItemID', 'line item Item');
    if (!itemId) throw new ValueParseError('not a Xero line item: Item.ItemID: expected a non-empty string');
    itemRef = ref(itemId, optText(item as Record<string, unknown>, 'Name', 'line item Item') ?? optText(item as Record<string, unknown>, 'Code', 'line item Item'));
  } else if (itemCode) {
    itemRef = { id: itemCode };
  }
  const taxType = optText(l, 'TaxType', 'line item');
  // Built field by field (no spread per optional field): this runs for every line of every document.
  const out: LineItem = { tracking: lineTracking(l.Tracking) };
  if (id) out.id = id;
  if (description) out.description = description;
  if (quantity) out.quantity = quantity;
  if (unitAmount) out.unitAmount = unitAmount;
  if (discountAmount) out.discountAmount = discountAmount;
  if (discountPercentage) out.discountPercentage = discountPercentage;
  if (subTotal) out.subTotal = subTotal;
  if (taxAmount) out.taxAmount = taxAmount;
  if (account) out.accountRef = account;
  if (itemRef) out.itemRef = itemRef;
  if (taxType) out.taxRateRef = { id: taxType };
  return out;
}

/** Array field or empty. */
export function list(o: Record<string, unknown>, field: string): unknown[] {
  const v = o[field];
  return Array.isArray(v) ? v : [];
}
