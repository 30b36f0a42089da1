/**
 * Conformance of the Sage emulator with the reference (../shared/reference/sage, authoritative):
 * - every field of every record the emulator serves (over HTTP, `attributes=all`) exists in the Swagger definition
 *   the endpoint's 200 response names (`paths[/x].get.responses.200.schema.items.$ref`), with a compatible type —
 *   recursively through references and arrays;
 * - the list envelope has exactly the keys of the saved businesses envelope; slim business items the saved keys;
 * - the token response carries every field of the saved token response with the same types and values where fixed;
 * - error bodies are arrays with the saved 401 entry's keys; revocation answers the saved body; a bad refresh token
 *   gets `invalid_grant`.
 * Skipped, with a warning, when ../shared/reference is not present.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSageEmulator, type SageEmulator } from './index';

const REF = new URL('../../../../shared/reference/sage/', import.meta.url);
const present = existsSync(new URL('sage-accounting-v3.1-swagger.json', REF));
if (!present) console.warn('⚠ Sage conformance test skipped: ../shared/reference/sage is not present');

type Schema = { type?: string; format?: string; $ref?: string; items?: Schema; properties?: Record<string, Schema> };
type Swagger = { definitions: Record<string, Schema>; paths: Record<string, { get?: { responses?: Record<string, { schema?: Schema }> } }> };
const load = (name: string) => JSON.parse(readFileSync(new URL(name, REF), 'utf8')) as unknown;

const ENDPOINTS = ['ledger_accounts', 'tax_rates', 'bank_accounts', 'contacts', 'products', 'services', 'sales_invoices', 'purchase_invoices', 'sales_credit_notes', 'purchase_credit_notes', 'contact_payments', 'journals', 'other_payments'];

/** Problems of `value` against `schema` (empty when it conforms). `null` is accepted for any type, as Sage sends it. */
function check(swagger: Swagger, schema: Schema, value: unknown, path: string, depth = 0): string[] {
  if (value === null || depth > 6) return [];
  if (schema.$ref) {
    const def = swagger.definitions[schema.$ref.replace('#/definitions/', '')];
    if (!def) return [`${path}: unknown definition ${schema.$ref}`];
    return check(swagger, def, value, path, depth + 1);
  }
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object, got ${JSON.stringify(value)}`];
      const props = schema.properties ?? {};
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (props[k] ? check(swagger, props[k], v, `${path}.${k}`, depth + 1) : [`${path}.${k}: not in the definition`]));
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected array`];
      return value.flatMap((v, i) => check(swagger, schema.items ?? {}, v, `${path}[${i}]`, depth + 1));
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected string, got ${typeof value}`];
      if (schema.format === 'date' && !/^\d{4}-\d\d-\d\d$/.test(value)) return [`${path}: not a date: ${value}`];
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${path}: not a date-time: ${value}`];
      return [];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected number, got ${typeof value}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: expected integer, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected boolean`];
    default:
      return [];
  }
}

describe.skipIf(!present)('Sage emulator conformance with the reference', () => {
  let emu: SageEmulator;
  let swagger: Swagger;
  let userSwagger: Swagger;
  let tokenBody: Record<string, unknown>;
  let access: string;
  const headers = () => ({ authorization: `Bearer ${access}`, 'x-business': emu.businesses[0]!.id });

  beforeAll(async () => {
    swagger = load('sage-accounting-v3.1-swagger.json') as Swagger;
    userSwagger = load('sage-user-business-swagger.json') as Swagger;
    emu = await createSageEmulator({ seed: 9, invoices: 60, customers: 8 });
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = emu.client.redirectUris[0]!;
    const auth = new URL(emu.urls.authorization);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: emu.client.clientId, redirect_uri: redirect, scope: 'full_access', state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', filter: 'apiv3.1' })) auth.searchParams.set(k, v);
    const consent = await fetch(auth, { redirect: 'manual' });
    const cb = new URL(consent.headers.get('location')!);
    expect([...cb.searchParams.keys()].sort()).toEqual(['code', 'country', 'state']);
    const res = await fetch(emu.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: cb.searchParams.get('code')!, redirect_uri: redirect, client_id: emu.client.clientId, client_secret: emu.client.clientSecret, code_verifier: verifier }),
    });
    expect(res.status).toBe(200);
    tokenBody = (await res.json()) as Record<string, unknown>;
    access = String(tokenBody.access_token);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('the checker reads the Swagger right', () => {
    const def = { $ref: '#/definitions/SalesInvoice' };
    expect(check(swagger, def, { total_amount: 1.5, date: '2026-01-01', contact: { id: 'x' } }, 'r')).toEqual([]);
    expect(check(swagger, def, { total_amount: '1.5' }, 'r')).toEqual(['r.total_amount: expected number, got string']);
    expect(check(swagger, def, { totalAmount: 1 }, 'r')).toEqual(['r.totalAmount: not in the definition']);
    expect(check(swagger, def, { invoice_lines: [{ quantity: 'x' }] }, 'r')).toEqual(['r.invoice_lines[0].quantity: expected number, got string']);
  });

  it.each(ENDPOINTS)('every field /%s serves is in its Swagger definition with a compatible type', async (endpoint) => {
    const schema = swagger.paths[`/${endpoint}`]?.get?.responses?.['200']?.schema;
    expect(schema?.type).toBe('array'); // the Swagger's (wrong) bare array declaration names the item definition
    const res = await fetch(`${emu.urls.api}/${endpoint}?attributes=all&items_per_page=200${endpoint === 'ledger_accounts' ? '&show_balance_details=true&from_date=2000-01-01&to_date=2100-01-01' : ''}`, { headers: headers() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { $items: unknown[] };
    expect(body.$items.length).toBeGreaterThan(0);
    const problems = body.$items.flatMap((r, i) => check(swagger, schema!.items!, r, `${endpoint}[${i}]`));
    expect(problems).toEqual([]);
  });

  it('financial settings and businesses match their definitions', async () => {
    const fs = (await (await fetch(`${emu.urls.api}/financial_settings`, { headers: headers() })).json()) as unknown;
    expect(check(swagger, { $ref: '#/definitions/FinancialSettings' }, fs, 'financial_settings')).toEqual([]);
    const all = (await (await fetch(`${emu.urls.core}/businesses?attributes=all`, { headers: headers() })).json()) as { $items: Record<string, unknown>[] };
    // `$path` is not declared on the user-business Business definition but is on every saved envelope item.
    expect(all.$items.flatMap(({ $path: _p, ...b }, i) => check(userSwagger, { $ref: '#/definitions/Business' }, b, `businesses[${i}]`))).toEqual([]);
  });

  it('list envelopes have the saved envelope keys; slim items (no attributes) the saved item keys', async () => {
    const saved = load('examples/businesses-list-envelope.from-docs.json') as { $items: Record<string, unknown>[]; $items_per_page: number };
    const businesses = (await (await fetch(`${emu.urls.core}/businesses`, { headers: headers() })).json()) as Record<string, unknown>;
    expect(Object.keys(businesses).sort()).toEqual(Object.keys(saved).sort());
    expect(businesses.$items_per_page).toBe(saved.$items_per_page);
    for (const item of businesses.$items as Record<string, unknown>[]) expect(Object.keys(item).sort()).toEqual(Object.keys(saved.$items[0]!).sort());
    const page = (await (await fetch(`${emu.urls.api}/contacts?items_per_page=5`, { headers: headers() })).json()) as Record<string, unknown>;
    expect(Object.keys(page).sort()).toEqual(Object.keys(saved).sort());
    expect(page).toMatchObject({ $page: 1, $items_per_page: 5, $back: null });
    expect(String(page.$next)).toMatch(/^\/contacts\?.*page=2/);
    for (const item of page.$items as Record<string, unknown>[]) {
      expect(Object.keys(item).sort()).toEqual(Object.keys(saved.$items[0]!).sort());
      expect(String(item.id)).toMatch(/^[0-9a-f]{32}$/);
      expect(item.$path).toBe(`/contacts/${String(item.id)}`);
    }
    // Default 20 per page, at most 200.
    expect(((await (await fetch(`${emu.urls.api}/sales_invoices`, { headers: headers() })).json()) as Record<string, unknown>).$items_per_page).toBe(20);
    expect(((await (await fetch(`${emu.urls.api}/sales_invoices?items_per_page=500`, { headers: headers() })).json()) as Record<string, unknown>).$items_per_page).toBe(200);
  });

  it('the token response carries every field of the saved one, with its types and fixed values', () => {
    const saved = load('examples/token-response.from-docs.json') as Record<string, unknown>;
    for (const [k, v] of Object.entries(saved)) {
      if (k === '_source') continue;
      expect(tokenBody, k).toHaveProperty(k);
      expect(typeof tokenBody[k], k).toBe(typeof v);
    }
    expect(tokenBody).toMatchObject({ expires_in: saved.expires_in, refresh_token_expires_in: saved.refresh_token_expires_in, token_type: saved.token_type, scope: saved.scope });
  });

  it('errors are Sage error arrays with the saved keys; revocation and invalid_grant answer the saved bodies', async () => {
    const saved401 = load('examples/error-401-no-active-subscription.from-docs.json') as Record<string, unknown>[];
    const bad = await fetch(`${emu.urls.api}/contacts`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    expect(Object.keys(body[0]!).sort()).toEqual(Object.keys(saved401[0]!).sort());
    expect(body[0]!.$severity).toBe(saved401[0]!.$severity);
    const missing = await fetch(`${emu.urls.api}/sales_invoices/${'0'.repeat(32)}`, { headers: headers() });
    expect(missing.status).toBe(404);
    expect(Object.keys(((await missing.json()) as Record<string, unknown>[])[0]!).sort()).toEqual(Object.keys(saved401[0]!).sort());

    const savedGrant = load('examples/token-error-invalid-grant.from-docs.json') as Record<string, unknown>;
    const grant = await fetch(emu.urls.token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-token', client_id: emu.client.clientId, client_secret: emu.client.clientSecret }) });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject(savedGrant);

    const savedRevoke = load('examples/revoke-response.from-docs.json') as Record<string, unknown>;
    const revoke = await fetch(emu.urls.revocation, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: String(tokenBody.refresh_token), client_id: emu.client.clientId, client_secret: emu.client.clientSecret }) });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual(savedRevoke);
    expect((await fetch(`${emu.urls.api}/contacts`, { headers: headers() })).status).toBe(401);
  });
});
