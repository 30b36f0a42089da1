/**
 * Removes the own properties whose value is `undefined` (shallow), so mapped records carry no `key: undefined`
 * entries. Call it with the canonical type as the type argument (`compact<CanonicalInputOf<'items'>>({...})`) so the
 * object literal is still checked for misspelled fields.
 */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
