/**
 * Mapping helper for provider adapters: a shallow copy of `value` without the properties whose value is `undefined`,
 * so a mapped record carries no `key: undefined` entries (the canonical schemas are strict about optional fields).
 *
 * It builds a new object instead of `delete`-ing keys: deleting a property turns a V8 object into a slow dictionary,
 * and every mapped record is read again by validation and the sink. (A copy with more than about 16 keys ends in
 * dictionary mode all the same, because V8 caps the properties added by keyed stores; `Object.fromEntries` would keep
 * it fast but measured slower overall on Xero and QuickBooks invoices, 18 → 22 µs mapped and validated.) What costs
 * far more is spreading one mapped object into another literal (`{ ...base(o), … }`): write the fields out instead.
 * Call it on a fresh object literal, with the canonical type as the type argument where the literal should still be
 * checked for misspelled fields (`compact<CanonicalInputOf<'items'>>({ … })`).
 *
 * @example compact({ id: '1', name: undefined }) // { id: '1' }
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
