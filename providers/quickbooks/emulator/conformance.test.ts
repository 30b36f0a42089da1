/**
 * Conformance of the emulator's entities with the QuickBooks XSD (../shared/reference/quickbooks/xsd, authoritative;
 * JSON uses the same names): every field the emulator writes must be an element or attribute of the entity's
 * complex type or one of its bases; and the documented sample of each entity must pass the same check, proving the
 * checker itself reads the XSD right.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedRealm } from './data';

const XSD = new URL('../../../../shared/reference/quickbooks/xsd/', import.meta.url);
const SAMPLES = new URL('../../../../shared/reference/quickbooks/doc-samples/', import.meta.url);

interface TypeDef { base?: string; names: Set<string> }
const types = new Map<string, TypeDef>();
for (const file of readdirSync(XSD).filter((f) => f.endsWith('.xsd'))) {
  const text = readFileSync(new URL(file, XSD), 'utf8');
  // A named type's body runs to the next named type (anonymous nested types stay inside it).
  const starts = [...text.matchAll(/<xs:(?:complexType|simpleType) name="([^"]+)"[^>]*>/g)];
  starts.forEach((m, i) => {
    const body = text.slice(m.index + m[0].length, starts[i + 1]?.index ?? text.length);
    const base = /<xs:extension base="(?:[\w]+:)?([^"]+)"/.exec(body)?.[1];
    const names = new Set([...body.matchAll(/<xs:(?:element|attribute) name="([^"]+)"/g)].map((x) => x[1]!));
    types.set(m[1]!, { ...(base ? { base } : {}), names });
  });
}

function fieldsOf(type: string): Set<string> {
  const out = new Set<string>();
  for (let t: string | undefined = type; t; t = types.get(t)?.base) for (const n of types.get(t)?.names ?? []) out.add(n);
  return out;
}

function unknownFields(entity: string, record: Record<string, unknown>): string[] {
  const allowed = fieldsOf(entity);
  return Object.keys(record).filter((k) => !allowed.has(k));
}

const ENTITIES = ['Account', 'Customer', 'Vendor', 'Item', 'Class', 'Department', 'TaxRate', 'TaxCode', 'Invoice', 'Payment', 'Bill', 'BillPayment', 'CreditMemo', 'VendorCredit', 'JournalEntry', 'Purchase', 'Deposit', 'Transfer', 'CompanyInfo'];

describe('QuickBooks emulator conformance with the XSD', () => {
  it('reads the entity types from the XSD', () => {
    for (const e of ENTITIES) expect(types.has(e), e).toBe(true);
    expect(fieldsOf('Invoice').has('TotalAmt')).toBe(true);
    expect(fieldsOf('Invoice').has('SyncToken')).toBe(true);
    expect(unknownFields('Invoice', { TotalAmt: 1, TotalAmount: 1 })).toEqual(['TotalAmount']);
  });

  it.each(ENTITIES)('every %s field of the emulator is in the XSD', (entity) => {
    const realm = seedRealm(5, { invoices: 20, customers: 6 }, 'Conformance Co', Date.UTC(2026, 0, 1));
    const records = realm.entities[entity]!;
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(unknownFields(entity, r)).toEqual([]);
  });

  it.each(['invoice/01-the-invoice-object-sample-object.json:Invoice', 'bill/01-the-bill-object-sample-object.json:Bill', 'account/01-the-account-object-sample-response.json:Account', 'payment/01-the-payment-object-sample-object.json:Payment', 'taxcode/01-the-taxcode-object-sample-object.json:TaxCode', 'department/01-the-department-object-sample-object.json:Department'])('the documented sample %s passes the same check', (spec) => {
    const [path, entity] = spec.split(':') as [string, string];
    const record = (JSON.parse(readFileSync(new URL(path, SAMPLES), 'utf8')) as Record<string, Record<string, unknown>>)[entity]!;
    expect(unknownFields(entity, record)).toEqual([]);
  });
});
