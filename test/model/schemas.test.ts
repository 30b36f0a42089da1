import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { jsonSchemaOf, renderModelDocs } from '../../scripts/gen-model-docs';
import {
  AccountSchema,
  BalanceSheetSchema,
  balanceSheetId,
  BankTransactionSchema,
  BillSchema,
  canonicalSchemas,
  CustomerSchema,
  DATA_TYPES,
  type DataType,
  DocumentStatus,
  InvoiceSchema,
  JournalEntrySchema,
  journalImbalance,
  journalIsBalanced,
  PaymentSchema,
  ProfitAndLossSchema,
  profitAndLossId,
  toDecimal,
} from '../../src/model';
import { validRecords } from './fixtures';

type Json = {
  description?: string;
  properties?: Record<string, Json>;
  items?: Json;
  anyOf?: Json[];
  $defs?: Record<string, Json>;
  enum?: unknown[];
  type?: unknown;
  $ref?: string;
};

/** Every sub-schema of a JSON Schema with its path (`lineItems[].tracking[].categoryRef`). */
function walk(schema: Json, path: string, visit: (s: Json, path: string) => void): void {
  visit(schema, path);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) walk(prop, path ? `${path}.${name}` : name, visit);
  if (schema.items) walk(schema.items, `${path}[]`, visit);
  schema.anyOf?.forEach((s, i) => walk(s, `${path}|${i}`, visit));
  for (const [name, def] of Object.entries(schema.$defs ?? {})) walk(def, `$defs.${name}`, visit);
}

function collect(type: DataType, pick: (s: Json) => boolean): string[] {
  const out: string[] = [];
  walk(jsonSchemaOf(canonicalSchemas[type]), '', (s, p) => {
    if (pick(s)) out.push(p);
  });
  return out;
}

function parse<T extends DataType>(type: T, value: unknown) {
  return (canonicalSchemas[type] as z.ZodType).safeParse(value);
}

describe('the schema registry', () => {
  it('has one schema per data type', () => {
    expect(Object.keys(canonicalSchemas).sort()).toEqual([...DATA_TYPES].sort());
  });

  it.each(DATA_TYPES)('%s: the type and every field (nested ones included) carry a description', (type) => {
    expect(jsonSchemaOf(canonicalSchemas[type]).description).toBeTruthy();
    // A `$ref` (recursive report lines) is documented by the definition it points to, which is walked too.
    const undocumented = collect(type, (s) => !s.$ref && !s.description?.trim());
    // The root ('') is checked just above.
    expect(undocumented.filter((p) => p !== '')).toEqual([]);
  });

  it.each(DATA_TYPES)('%s: every enum has an Unknown member', (type) => {
    expect(collect(type, (s) => Array.isArray(s.enum) && !s.enum.includes('Unknown'))).toEqual([]);
  });

  it.each(DATA_TYPES)('%s: no field is a JSON number except bounded integers (money never a float)', (type) => {
    expect(collect(type, (s) => s.type === 'number')).toEqual([]);
  });

  it.each(DATA_TYPES)('%s: carries the record base (id, sourceModifiedDate, isDeleted, raw)', (type) => {
    const props = Object.keys(jsonSchemaOf(canonicalSchemas[type]).properties ?? {});
    expect(props).toEqual(expect.arrayContaining(['id', 'sourceModifiedDate', 'isDeleted', 'raw']));
  });
});

describe('docs/model.md', () => {
  it('is generated from the current schemas (run `npx tsx scripts/gen-model-docs.ts` after a change)', () => {
    expect(readFileSync(new URL('../../docs/model.md', import.meta.url), 'utf8')).toBe(renderModelDocs());
  });

  it('the script\'s --check mode agrees (what CI runs)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-model-docs.ts', '--check'], { cwd: root, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('lists every data type and names value types', () => {
    const text = renderModelDocs();
    for (const type of DATA_TYPES) expect(text).toContain(`\n## ${type}\n`);
    expect(text).toContain('| `totalAmount` | Decimal | yes |');
    expect(text).toContain('| `issueDate` | CalendarDate | yes |');
    expect(text).toContain('| `sourceModifiedDate` | Instant |  |');
    expect(text).toContain('| `customerRef` | Ref | yes |');
    expect(text).toContain('\n## ReportLine\n');
  });
});

describe('valid records', () => {
  it.each(DATA_TYPES)('%s: accepts the fixture, and parsing is idempotent', (type) => {
    const first = parse(type, validRecords[type]);
    expect(first.error).toBeUndefined();
    const again = parse(type, first.data);
    expect(again.data).toEqual(first.data);
  });

  it('fills defaults a mapper may omit', () => {
    const bill = BillSchema.parse({ id: 'b', supplierRef: { id: 's' }, issueDate: '2026-01-01', totalAmount: '0', status: 'Draft' });
    expect(bill).toMatchObject({ isDeleted: false, taxTreatment: 'Unknown', lineItems: [], allocations: [], withholdingTax: [], tracking: [], purchaseOrderRefs: [] });
    const customer = CustomerSchema.parse({ id: 'c', name: 'C', status: 'Active' });
    expect(customer).toMatchObject({ emails: [], phones: [], addresses: [], contactPersons: [], bankAccounts: [] });
    expect(AccountSchema.parse({ id: 'a', name: 'A', classification: 'Asset', status: 'Active' }).isBankAccount).toBe(false);
  });

  it('drops unknown keys (objects are not strict) and keeps `raw` as given', () => {
    const raw = { InvoiceID: 'inv-1', Anything: [1, 2] };
    const parsed = InvoiceSchema.parse({ ...validRecords.invoices, providerOnlyField: 'x', raw });
    expect(parsed).not.toHaveProperty('providerOnlyField');
    expect(parsed.raw).toEqual(raw);
  });

  it('accepts every decimal toDecimal produces from a provider number', () => {
    for (const n of [31.39, 0.1 + 0.2, 1e21, 1e-7, -0, -12.5, 5e-324, Number.MAX_VALUE]) {
      expect(InvoiceSchema.safeParse({ ...validRecords.invoices, totalAmount: toDecimal(n) }).success).toBe(true);
    }
  });
});

const invoiceRejects: Array<[string, Record<string, unknown>]> = [
  ['float money', { totalAmount: 12.5 }],
  ['integer money as a number', { totalAmount: 12 }],
  ['thousands separator', { totalAmount: '1,234.00' }],
  ['exponent', { totalAmount: '1e3' }],
  ['leading zeros', { totalAmount: '007.50' }],
  ['a plus sign', { totalAmount: '+1.00' }],
  ['a currency symbol', { totalAmount: '£12.00' }],
  ['a bare point', { totalAmount: '12.' }],
  ['impossible date', { issueDate: '2024-02-30' }],
  ['29 February outside a leap year', { issueDate: '2023-02-29' }],
  ['date with a time', { issueDate: '2026-01-31T00:00:00' }],
  ['non-ISO date', { issueDate: '31/01/2026' }],
  ['zone-less instant', { sourceModifiedDate: '2026-01-31T10:00:00' }],
  ['instant with an offset (not normalised to UTC)', { sourceModifiedDate: '2026-01-31T10:00:00+01:00' }],
  ['instant on an impossible date', { sourceModifiedDate: '2024-02-30T00:00:00.000Z' }],
  ['instant at 24:00', { sourceModifiedDate: '2024-01-01T24:00:00Z' }],
  ['instant as epoch milliseconds', { sourceModifiedDate: 1769853600000 }],
  ['unknown status', { status: 'Partial' }],
  ['status in provider spelling', { status: 'AUTHORISED' }],
  ['unknown tax treatment', { taxTreatment: 'GrossOfTax' }],
  ['lower-case currency', { currency: 'gbp' }],
  ['currency symbol', { currency: '£' }],
  ['float currency rate', { currencyRate: 1.165 }],
  ['empty ref id', { customerRef: { id: '' } }],
  ['ref given as a bare id', { customerRef: 'cus-1' }],
  ['missing customer', { customerRef: undefined }],
  ['missing id', { id: undefined }],
  ['missing total', { totalAmount: undefined }],
  ['isDeleted as a string', { isDeleted: 'false' }],
  ['float line amount', { lineItems: [{ unitAmount: 10.5 }] }],
  ['float line quantity', { lineItems: [{ quantity: 2 }] }],
  ['tracking without a category', { lineItems: [{ tracking: [{ optionRef: { id: 'o' } }] }] }],
  ['float allocation amount', { allocations: [{ kind: 'Payment', ref: { id: 'p' }, amount: 10 }] }],
  ['unknown allocation kind', { allocations: [{ kind: 'Cheque', ref: { id: 'p' }, amount: '10' }] }],
];

describe('invalid invoices', () => {
  it.each(invoiceRejects)('rejects %s', (_name, patch) => {
    expect(InvoiceSchema.safeParse({ ...validRecords.invoices, ...patch }).success).toBe(false);
  });
});

const otherRejects: Array<[DataType, string, Record<string, unknown>]> = [
  ['company', 'a financial year month of 13', { financialYearEndMonth: 13 }],
  ['company', 'a fractional financial year day', { financialYearStartDay: 1.5 }],
  ['company', 'an empty name', { name: '' }],
  ['accounts', 'a classification outside the enum', { classification: 'Revenue' }],
  ['accounts', 'an unknown status', { status: 'Inactive' }],
  ['accounts', 'a float balance', { currentBalance: 10250.75 }],
  ['taxRates', 'a numeric rate', { effectiveTaxRate: 20 }],
  ['taxRates', 'a component with a numeric rate', { components: [{ name: 'GST', rate: 5 }] }],
  ['taxRates', 'an unknown usage', { appliesTo: ['Payroll'] }],
  ['trackingCategories', 'an option without id', { options: [{ name: 'North', status: 'Active' }] }],
  ['trackingCategories', 'an unknown status', { status: 'Hidden' }],
  ['items', 'an unknown type', { type: 'Goods' }],
  ['items', 'a float unit price', { invoiceDetails: { unitPrice: 10.5 } }],
  ['customers', 'an unknown status', { status: 'Inactive' }],
  ['customers', 'an empty phone number', { phones: [{ type: 'Mobile', number: '' }] }],
  ['customers', 'an unknown address type', { addresses: [{ type: 'Home' }] }],
  ['customers', 'negative payment terms', { paymentTermsDays: -1 }],
  ['suppliers', 'a lower-case currency', { defaultCurrency: 'eur' }],
  ['bankAccounts', 'an unknown type', { type: 'Current' }],
  ['bankAccounts', 'a float balance', { balance: 1.5 }],
  ['bills', 'no supplier', { supplierRef: undefined }],
  ['creditNotes', 'a float remaining credit', { remainingCredit: 0 }],
  ['creditNotes', 'an impossible allocation date', { allocatedOnDate: '2026-02-31' }],
  ['billCreditNotes', 'no supplier', { supplierRef: undefined }],
  ['payments', 'a float amount', { amount: 10 }],
  ['payments', 'a line of unknown kind', { lines: [{ kind: 'Cheque', ref: { id: 'x' }, amount: '1' }] }],
  ['payments', 'a date with a time', { date: '2026-02-10T00:00:00Z' }],
  ['billPayments', 'an unknown status', { status: 'Cleared' }],
  ['journalEntries', 'a float line amount', { lines: [{ accountRef: { id: 'a' }, netAmount: 1250.45 }] }],
  ['journalEntries', 'a line without account', { lines: [{ netAmount: '1' }] }],
  ['journalEntries', 'an unknown status', { status: 'Approved' }],
  ['bankTransactions', 'an unknown direction', { direction: 'In' }],
  ['bankTransactions', 'no bank account', { bankAccountRef: undefined }],
  ['bankTransactions', 'a line without amount', { lines: [{ description: 'x' }] }],
  ['balanceSheet', 'a float section total', { netAssets: 10000.75 }],
  ['balanceSheet', 'a deep line with a float value', { equity: { value: '1', items: [{ name: 'a', value: '1', items: [{ name: 'b', value: 1, items: [] }] }] } }],
  ['balanceSheet', 'a line without items', { equity: { value: '1', items: [{ name: 'a', value: '1' }] } }],
  ['balanceSheet', 'no date', { date: undefined }],
  ['profitAndLoss', 'an impossible period end', { toDate: '2026-04-31' }],
  ['profitAndLoss', 'a missing section', { otherExpenses: undefined }],
  ['profitAndLoss', 'an unknown basis', { basis: 'Modified' }],
];

describe('invalid records of every other type', () => {
  it.each(otherRejects)('%s: rejects %s', (type, _name, patch) => {
    expect(parse(type, validRecords[type]).success).toBe(true);
    expect(parse(type, { ...validRecords[type], ...patch }).success).toBe(false);
  });
});

describe('status enums', () => {
  it('are exported and closed', () => {
    expect(DocumentStatus.options).toEqual(['Draft', 'Submitted', 'Open', 'PartiallyPaid', 'Paid', 'Void', 'Deleted', 'Unknown']);
    expect(PaymentSchema.shape.status.options).toContain('Unknown');
    expect(AccountSchema.shape.classification.options).toEqual(['Asset', 'Liability', 'Equity', 'Income', 'Expense', 'Unknown']);
    expect(BankTransactionSchema.shape.direction.options).toEqual(['Receive', 'Spend', 'Unknown']);
  });
});

describe('journal balance', () => {
  const entry = (...amounts: string[]) =>
    JournalEntrySchema.parse({ id: 'j', date: '2026-03-01', status: 'Posted', lines: amounts.map((netAmount, i) => ({ accountRef: { id: `a${i}` }, netAmount })) });

  it.each([
    [['0.10', '0.20', '-0.30'], true, '0.00'], // 0.1 + 0.2 - 0.3 is 5.55e-17 in floats
    [['1250.45', '-1250.45'], true, '0.00'],
    [['100', '-33.33', '-33.33', '-33.34'], true, '0.00'],
    [['1', '-0.99'], false, '0.01'],
    [['12345678901234567890.01', '-12345678901234567890'], false, '0.01'],
    [[], true, '0'],
  ])('%j balanced: %s (imbalance %s)', (amounts, balanced, imbalance) => {
    const parsed = entry(...amounts);
    expect(journalIsBalanced(parsed)).toBe(balanced);
    expect(journalImbalance(parsed)).toBe(imbalance);
  });

  it('is not enforced by the schema: unbalanced journals from providers still parse', () => {
    expect(JournalEntrySchema.safeParse({ ...validRecords.journalEntries, lines: [{ accountRef: { id: 'a' }, netAmount: '5' }] }).success).toBe(true);
  });
});

describe('reports', () => {
  it('derive their record id from the period', () => {
    expect(balanceSheetId('2026-03-31')).toBe('balance-sheet:2026-03-31');
    expect(profitAndLossId('2026-01-01', '2026-03-31')).toBe('profit-and-loss:2026-01-01..2026-03-31');
    expect(BalanceSheetSchema.parse(validRecords.balanceSheet).id).toBe(balanceSheetId(validRecords.balanceSheet.date));
  });

  it('nest report lines to any depth', () => {
    let line = { name: 'leaf', value: '1.00', items: [] as unknown[] };
    for (let depth = 0; depth < 12; depth++) line = { name: `level ${depth}`, value: '1.00', items: [line] };
    const sheet = BalanceSheetSchema.parse({ ...validRecords.balanceSheet, equity: { value: '1.00', items: [line] } });
    let node = sheet.equity.items[0]!;
    let depth = 0;
    while (node.items[0]) {
      node = node.items[0];
      depth++;
    }
    expect([depth, node.name]).toEqual([12, 'leaf']);
  });

  it('fill the basis with Unknown when the provider does not say', () => {
    expect(ProfitAndLossSchema.parse(validRecords.profitAndLoss).basis).toBe('Unknown');
  });
});
