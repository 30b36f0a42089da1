/**
 * The adapter's resources table checked against the v3.1 Swagger (../shared/reference/sage): every list path exists
 * with `attributes`, `items_per_page` and `page`; `updated_or_created_since` / `deleted_since` are used exactly where
 * the endpoint declares them; server-side filters exist; the write endpoints and their wrapper exist.
 * Skipped, with a warning, when the reference is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sageProvider } from './index';

const FILE = new URL('../../../shared/reference/sage/sage-accounting-v3.1-swagger.json', import.meta.url);
const present = existsSync(FILE);
if (!present) console.warn('⚠ Sage descriptor/Swagger test skipped: ../shared/reference/sage is not present');

type Op = { parameters?: { name: string; in: string }[] };
type Swagger = { paths: Record<string, { get?: Op; post?: Op; put?: Op; delete?: Op }>; definitions: Record<string, { properties?: Record<string, unknown> }> };

describe.skipIf(!present)('Sage descriptor against the Swagger', () => {
  const swagger = present ? (JSON.parse(readFileSync(FILE, 'utf8')) as Swagger) : ({ paths: {}, definitions: {} } as Swagger);
  const params = (path: string) => new Set((swagger.paths[path]?.get?.parameters ?? []).map((p) => p.name));
  const lists = Object.entries(sageProvider.resources).filter(([, r]) => r.pagination.type === 'next-link') as [string, (typeof sageProvider.resources)['invoices'] & object][];

  it.each(lists.map(([type, r]) => [type, r.path as string]))('%s: %s takes attributes, page, items_per_page and the incremental/deletion parameters it is read with', (_type, path) => {
    const res = lists.find(([, r]) => r.path === path)![1];
    const p = params(path);
    expect(swagger.paths[path]?.get, path).toBeDefined();
    for (const name of ['attributes', 'page', 'items_per_page']) expect(p.has(name), `${path} ${name}`).toBe(true);
    expect(res.incremental.type === 'query-param' && res.incremental.param === 'updated_or_created_since').toBe(p.has('updated_or_created_since'));
    expect(res.deletes.type === 'feed').toBe(p.has('deleted_since'));
    for (const k of Object.keys(res.query!({}))) expect(p.has(k), `${path} ${k}`).toBe(true);
  });

  it('the report, company and write endpoints exist as used', () => {
    const la = params('/ledger_accounts');
    for (const name of ['show_balance_details', 'from_date', 'to_date']) expect(la.has(name)).toBe(true);
    expect(swagger.paths['/financial_settings']?.get).toBeDefined();
    expect(swagger.paths['/sales_invoices']?.post).toBeDefined();
    expect(swagger.paths['/sales_invoices/{key}']?.put).toBeDefined();
    expect((swagger.paths['/sales_invoices/{key}']?.delete?.parameters ?? []).map((x) => x.name)).toContain('void_reason');
    expect(Object.keys(swagger.definitions.postSalesInvoices?.properties ?? {})).toEqual(['sales_invoice']);
  });
});

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

describe.skipIf(!present)('Sage writes against the Swagger', () => {
  const swagger = present ? (JSON.parse(readFileSync(FILE, 'utf8')) as Swagger) : undefined;
  const ctx = { tenant: { id: 'b', name: 'B' }, idempotencyKey: 'k' } as never;
  const ref = (id: string) => ({ id });
  const docLine = { description: 'd', quantity: '1', unitAmount: '2', discountAmount: '0.5', taxAmount: '0.3', accountRef: ref('la'), itemRef: ref('p'), taxRateRef: ref('t') };
  const doc = { number: 'N1', reference: 'R1', issueDate: '2026-01-01', dueDate: '2026-01-31', currency: 'GBP', currencyRate: '1', taxTreatment: 'Exclusive', status: 'Draft', note: 'n', lineItems: [docLine] };
  const samples: Record<string, Record<string, unknown>> = {
    invoices: { ...doc, customerRef: ref('c') },
    bills: { ...doc, supplierRef: ref('c') },
    creditNotes: { ...doc, customerRef: ref('c') },
    billCreditNotes: { ...doc, supplierRef: ref('c') },
    customers: { name: 'C', contactName: 'P', emailAddress: 'e@x', phones: [{ type: 'Landline', number: '1' }, { type: 'Mobile', number: '2' }, { type: 'Fax', number: '3' }], addresses: [{ type: 'Billing', line1: 'a', line2: 'b', city: 'c', region: 'r', postalCode: 'p', countryCode: 'GB' }, { type: 'Delivery', line1: 'd' }], taxNumber: 't', registrationNumber: 'r', defaultCurrency: 'GBP', creditLimit: '1', paymentTermsDays: 3, accountNumber: 'A', note: 'n', defaultAccountRef: ref('la'), defaultTaxRateRef: ref('t'), bankAccounts: [{ accountName: 'a', accountNumber: '1', sortCode: 's', iban: 'i', bic: 'b' }] },
    suppliers: { name: 'S', accountNumber: 'A', defaultAccountRef: ref('la') },
    payments: { customerRef: ref('c'), accountRef: ref('b'), paymentMethodRef: ref('m'), date: '2026-01-01', amount: '10', currency: 'GBP', currencyRate: '1', reference: 'r', lines: [{ kind: 'Invoice', ref: ref('i'), amount: '4' }] },
    billPayments: { supplierRef: ref('c'), accountRef: ref('b'), date: '2026-01-01', amount: '10', lines: [{ kind: 'Bill', ref: ref('i'), amount: '10' }] },
    journalEntries: { date: '2026-01-01', reference: 'r', description: 'd', lines: [{ accountRef: ref('a'), netAmount: '1', description: 'x' }, { accountRef: ref('b'), netAmount: '-1' }] },
    items: { name: 'I', code: 'C', description: 'd', type: 'Inventory', status: 'Active', invoiceDetails: { accountRef: ref('s'), taxRateRef: ref('t'), unitPrice: '2', taxInclusive: false }, billDetails: { accountRef: ref('p'), taxRateRef: ref('t'), unitPrice: '1', description: 'b' } },
  };
  const bodySchema = (path: string, method: 'post' | 'put') => {
    const p = ((swagger!.paths[path]![method]!.parameters ?? []) as { in: string; schema?: { $ref?: string } }[]).find((x) => x.in === 'body')!;
    return swagger!.definitions[p.schema!.$ref!.replace('#/definitions/', '')] as Schema;
  };
  /** Every key sent exists in the Swagger schema (recursively); returns the unknown ones. */
  const unknownKeys = (value: unknown, schema: Schema | undefined, at: string): string[] => {
    if (Array.isArray(value)) return value.flatMap((v, i) => unknownKeys(v, schema?.items, `${at}[${i}]`));
    if (!value || typeof value !== 'object' || !schema?.properties) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (schema.properties![k] ? unknownKeys(v, schema.properties![k], `${at}.${k}`) : [`${at}.${k}`]));
  };
  const missingRequired = (value: unknown, schema: Schema | undefined, at: string): string[] => {
    if (Array.isArray(value)) return value.flatMap((v, i) => missingRequired(v, schema?.items, `${at}[${i}]`));
    if (!value || typeof value !== 'object' || !schema?.properties) return [];
    const o = value as Record<string, unknown>;
    return [...(schema.required ?? []).filter((r) => o[r] === undefined).map((r) => `${at}.${r}`), ...Object.entries(o).flatMap(([k, v]) => missingRequired(v, schema.properties![k], `${at}.${k}`))];
  };

  it.each(Object.keys(samples))('%s: the create/update bodies use the wrapper and only Swagger fields, with every required one; delete and precheck parameters exist', (type) => {
    const res = (sageProvider.resources as Record<string, { path: string; write?: import('../../src/provider/types').WriteDefinition }>)[type]!;
    const w = res.write!;
    const req = w.create!.request(samples[type]!, ctx);
    expect(req.method).toBe('POST');
    const post = bodySchema(req.url, 'post');
    expect(Object.keys(req.body as object)).toEqual(Object.keys(post.properties!));
    expect(unknownKeys(req.body, post, '')).toEqual([]);
    expect(missingRequired(req.body, post, '')).toEqual([]);
    if (w.update) {
      const u = w.update.request({ id: 'x', changes: samples[type]! }, ctx);
      expect(swagger!.paths[`${req.url}/{key}`]?.put).toBeDefined();
      expect(unknownKeys(u.body, bodySchema(`${req.url}/{key}`, 'put'), '')).toEqual([]);
    }
    const d = w.delete!.request({ id: 'x' }, ctx);
    const del = swagger!.paths[`${req.url}/{key}`]!.delete!;
    for (const q of Object.keys(d.query ?? {})) expect((del.parameters ?? []).map((p) => p.name)).toContain(q);
    // A delete answering 204 returns no record; one answering the record (a void) selects it.
    expect(Object.keys((del as { responses?: object }).responses ?? {})).toEqual([w.delete!.select ? '200' : '204']);
    if (w.idempotency.type === 'precheck') {
      const lookup = w.idempotency.find(samples[type], ctx)!;
      const list = new Set((swagger!.paths[lookup.url]!.get!.parameters ?? []).map((p) => p.name));
      for (const q of Object.keys(lookup.query ?? {})) expect(list.has(q), `${lookup.url} ${q}`).toBe(true);
    }
  });
});
