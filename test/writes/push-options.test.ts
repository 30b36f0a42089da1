/** Push-option rules and write schemas, in isolation. */
import { describe, expect, it } from 'vitest';
import { checkPushOptions } from '../../src/writes/push-options';
import { writeSchemaFor } from '../../src/model/write';
import { defineProvider } from '../../src/provider/define-provider';
import { acmeProvider } from '../../examples/sandbox/acme';

describe('checkPushOptions', () => {
  const rules = [
    { path: 'name', required: 'always' as const, maxLength: 5 },
    { path: 'code', required: true, allowedValues: ['A', 'B'], message: 'Code must be A or B' },
    { path: 'lineItems[].description', required: true, maxLength: 3 },
    { path: 'email', pattern: '^\\S+@\\S+$' },
  ];

  it('names each broken rule with a concrete path, array elements included', () => {
    const issues = checkPushOptions(rules, { name: 'Longer', code: 'C', lineItems: [{ description: 'ok' }, { description: 'long' }, {}], email: 'nope' }, 'create');
    expect(issues).toEqual([
      { path: 'name', code: 'max_length', message: 'must be at most 5 characters' },
      { path: 'code', code: 'allowed_values', message: 'Code must be A or B' },
      { path: 'lineItems.1.description', code: 'max_length', message: 'must be at most 3 characters' },
      { path: 'lineItems.2.description', code: 'required', message: 'is required' },
      { path: 'email', code: 'pattern', message: 'does not match ^\\S+@\\S+$' },
    ]);
  });

  it('on update, create-only requirements do not apply and absent fields are not checked', () => {
    expect(checkPushOptions(rules, { email: 'a@b' }, 'update')).toEqual([{ path: 'name', code: 'required', message: 'is required' }]);
    expect(checkPushOptions(rules, { name: 'Ok' }, 'update')).toEqual([]);
  });

  it('minItems: an array given with too few elements is an issue; an absent one is left to required', () => {
    const r = [{ path: 'lines', required: true, minItems: 2, message: 'needs a debit and a credit' }];
    expect(checkPushOptions(r, { lines: [{}] }, 'create')).toEqual([{ path: 'lines', code: 'min_items', message: 'needs a debit and a credit' }]);
    expect(checkPushOptions(r, { lines: [] }, 'update')).toEqual([{ path: 'lines', code: 'min_items', message: 'needs a debit and a credit' }]);
    expect(checkPushOptions(r, {}, 'create')).toEqual([{ path: 'lines', code: 'required', message: 'needs a debit and a credit' }]);
    expect(checkPushOptions(r, { lines: [{}, {}] }, 'create')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPushOptions([{ path: 'name', maxLength: 3 }], { name: '€😀€' }, 'create')).toEqual([]);
  });
});

describe('writeSchemaFor', () => {
  it('drops what only the provider sets and makes computed fields optional', () => {
    const create = writeSchemaFor('invoices', 'create');
    expect(create.safeParse({ customerRef: { id: 'c' }, issueDate: '2026-01-01' }).success).toBe(true);
    for (const readOnly of ['id', 'amountDue', 'allocations', 'sourceModifiedDate']) {
      const r = create.safeParse({ customerRef: { id: 'c' }, issueDate: '2026-01-01', [readOnly]: readOnly === 'allocations' ? [] : 'x' });
      expect(r.success, readOnly).toBe(false);
    }
    expect(writeSchemaFor('invoices', 'update').safeParse({ note: 'only this' }).success).toBe(true);
    expect(writeSchemaFor('invoices', 'update').safeParse({ totalAmount: 12.5 }).success).toBe(false); // never a float
  });
});

describe('defineProvider validates write definitions', () => {
  const base = { ...acmeProvider } as unknown as Parameters<typeof defineProvider>[0];
  const withWrite = (write: unknown) => ({ ...base, resources: { customers: { ...acmeProvider.resources.customers, write } } }) as never;
  it('rejects a write with no operation, a bad idempotency type or a bad pattern', () => {
    expect(() => defineProvider(withWrite({ fields: [], idempotency: { type: 'none' } }))).toThrow(/declares no operation/);
    expect(() => defineProvider(withWrite({ fields: [], idempotency: { type: 'magic' }, create: { request: () => ({}), select: (b: unknown) => b } }))).toThrow(/idempotency.type/);
    expect(() => defineProvider(withWrite({ fields: [{ path: 'x', pattern: '(' }], idempotency: { type: 'none' }, create: { request: () => ({}), select: (b: unknown) => b } }))).toThrow(/pattern/);
  });
});
