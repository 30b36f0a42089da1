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
