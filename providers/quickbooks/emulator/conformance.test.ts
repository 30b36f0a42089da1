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
    // `name` is not always the first attribute (Report.xsd writes `minOccurs="0" name="Time"`).
    const names = new Set([...body.matchAll(/<xs:(?:element|attribute)\b[^>]*?\sname="([^"]+)"/g)].map((x) => x[1]!));
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

/** Unknown fields of a record and of its nested `Line` details (DetailType-named objects checked against the XSD type). */
function unknownDeep(entity: string, record: Record<string, unknown>): string[] {
  const out = unknownFields(entity, record).map((f) => `${entity}.${f}`);
  for (const line of Array.isArray(record.Line) ? (record.Line as Record<string, unknown>[]) : []) {
    out.push(...unknownFields('Line', line).map((f) => `Line.${f}`));
    const kind = typeof line.DetailType === 'string' ? line.DetailType : undefined;
    const detail = kind ? (line[kind] as Record<string, unknown> | undefined) : undefined;
    if (kind && detail && types.has(kind)) out.push(...unknownFields(kind, detail).map((f) => `${kind}.${f}`));
  }
  return out;
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

describe('QuickBooks emulator writes conform to the XSD too', () => {
  it('every field of a record the emulator wrote (create, update, void) is in the XSD, lines and details included', async () => {
    const { createQuickBooksEmulator } = await import('./index');
    const { qbConnect } = await import('./test-helpers');
    const emu = await createQuickBooksEmulator({ seed: 81, invoices: 4, customers: 3 });
    try {
      const { connection } = await qbConnect(emu);
      const cust = String(emu.store.list('Customer').find((c) => c.Active !== false)!.Id);
      const vend = String(emu.store.list('Vendor')[0]!.Id);
      const inv = await connection.invoices.create({ customerRef: { id: cust }, issueDate: '2026-01-02', note: 'n', tracking: [{ categoryRef: { id: 'Department:970' } }], lineItems: [{ description: 'd', quantity: '2', unitAmount: '5', itemRef: { id: '900' }, taxRateRef: { id: '981' }, tracking: [{ categoryRef: { id: '950' } }] }] });
      await connection.invoices.update(inv.id, { dueDate: '2026-02-02' });
      const bill = await connection.bills.create({ supplierRef: { id: vend }, issueDate: '2026-01-02', lineItems: [{ subTotal: '3', accountRef: { id: '4' }, tracking: [] }, { quantity: '1', unitAmount: '2', itemRef: { id: '901' }, tracking: [] }] });
      await connection.creditNotes.create({ customerRef: { id: cust }, issueDate: '2026-01-03', lineItems: [{ subTotal: '1', itemRef: { id: '900' }, tracking: [] }] });
      await connection.billCreditNotes.create({ supplierRef: { id: vend }, issueDate: '2026-01-03', lineItems: [{ subTotal: '1', accountRef: { id: '4' }, tracking: [] }] });
      const pay = await connection.payments.create({ customerRef: { id: cust }, date: '2026-01-04', amount: '4', accountRef: { id: '1' }, lines: [{ kind: 'Invoice', ref: { id: inv.id }, amount: '4' }] });
      await connection.billPayments.create({ supplierRef: { id: vend }, date: '2026-01-04', amount: '5', accountRef: { id: '1' }, lines: [{ kind: 'Bill', ref: { id: bill.id }, amount: '5' }] });
      await connection.journalEntries.create({ date: '2026-01-05', lines: [{ accountRef: { id: '4' }, netAmount: '1', tracking: [{ categoryRef: { id: '950' } }] }, { accountRef: { id: '1' }, netAmount: '-1', tracking: [] }] });
      await connection.customers.create({ name: 'XSD Customer', firstName: 'X', emailAddress: 'x@example.com', phones: [{ type: 'Mobile', number: '1' }], addresses: [{ type: 'Billing', line1: '1 Road', city: 'Town' }], website: 'https://x.example', note: 'n' });
      await connection.suppliers.create({ name: 'XSD Vendor', taxNumber: '12-3456789', accountNumber: 'A1' });
      await connection.items.create({ name: 'XSD Item', code: 'X1', type: 'Service', invoiceDetails: { unitPrice: '1', accountRef: { id: '3' } }, billDetails: { unitPrice: '1', accountRef: { id: '4' } } });
      await connection.accounts.create({ name: 'XSD Account', code: '9', classification: 'Expense', description: 'd' });
      await connection.payments.delete(pay.id);
      await connection.invoices.delete(inv.id);
      for (const e of ['Invoice', 'Bill', 'CreditMemo', 'VendorCredit', 'Payment', 'BillPayment', 'JournalEntry', 'Customer', 'Vendor', 'Item', 'Account']) {
        for (const r of emu.store.list(e)) expect(unknownDeep(e, r), `${e} ${String(r.Id)}`).toEqual([]);
      }
    } finally {
      await emu.close();
    }
  });

  it('the emulator’s ProfitAndLoss has the documented sample’s shape (Header fields, Columns, row kinds)', async () => {
    const { profitAndLossReport } = await import('./reports');
    const sample = JSON.parse(readFileSync(new URL('profitandloss/01-query-a-report-sample-response.json', SAMPLES), 'utf8')) as { Header: Record<string, unknown>; Columns: unknown; Rows: { Row: { group?: string; type?: string }[] } };
    const realm = seedRealm(5, { invoices: 20, customers: 6 }, 'Conformance Co', Date.UTC(2026, 0, 1));
    const ours = profitAndLossReport(realm, { start: '2025-11-01', end: '2025-12-31' }, '2026-01-01T00:00:00.000-08:00') as typeof sample;
    const reportHeader = fieldsOf('ReportHeader');
    for (const k of Object.keys(ours.Header)) expect(reportHeader.has(k), k).toBe(true);
    for (const k of Object.keys(sample.Header)) if (k !== 'Customer') expect(Object.keys(ours.Header), k).toContain(k);
    expect(ours.Columns).toEqual(sample.Columns);
    const groups = (r: typeof sample) => r.Rows.Row.map((x) => `${x.group}:${x.type}`);
    expect(groups(ours)).toEqual(expect.arrayContaining(groups(sample)));
  });
});
