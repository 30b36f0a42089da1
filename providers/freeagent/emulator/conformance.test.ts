/**
 * Conformance of the FreeAgent emulator with the saved doc examples (../shared/reference/freeagent/doc-examples):
 * for every field an example shows, the emulator's answer has the same key with the same JSON type (recursively for
 * objects and the first element of arrays), the same value format (dates, instants, decimal strings, absolute URLs),
 * and no field the example's endpoint variant leaves out (`invoice_items` without `nested_invoice_items=true`).
 * Token and refresh responses must have exactly the example's fields. Skipped, with a warning, when the reference
 * folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreeAgentEmulator, type FreeAgentEmulator } from './index';

const REF = new URL('../../../../shared/reference/freeagent/doc-examples/', import.meta.url);
const present = existsSync(REF);
if (!present) console.warn('⚠ ../shared/reference/freeagent/doc-examples is absent: the FreeAgent emulator conformance tests are skipped');
const example = (f: string) => JSON.parse(readFileSync(new URL(f, REF), 'utf8')) as Record<string, unknown>;

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const FORMATS: Array<[string, RegExp]> = [
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['instant', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/],
  ['decimal', /^-?\d+(\.\d+)?$/],
  ['url', /^https?:\/\/[^/]+\/v2\//],
];
/** In an expected record: any string (for fields whose format varies between the example's own records). */
const ANY_STRING = '\u0000any-string';
const formatOf = (v: unknown) => (typeof v === 'string' ? FORMATS.find(([, re]) => re.test(v))?.[0] : undefined);

/** Differences between an example record and an emulated one: missing keys, type or format mismatches. */
function differences(expected: unknown, actual: unknown, path = ''): string[] {
  if (typeOf(expected) !== typeOf(actual)) return [`${path || '.'}: ${typeOf(actual)} instead of ${typeOf(expected)}`];
  if (expected === ANY_STRING) return [];
  if (typeof expected === 'string' && formatOf(expected) !== formatOf(actual)) return [`${path}: ${JSON.stringify(actual)} is not a ${formatOf(expected) ?? 'plain string'}`];
  if (Array.isArray(expected)) return expected.length && (actual as unknown[]).length ? differences(expected[0], (actual as unknown[])[0], `${path}[0]`) : [];
  if (typeof expected === 'object' && expected !== null) {
    const out: string[] = [];
    for (const [k, v] of Object.entries(expected)) {
      const a = (actual as Record<string, unknown>)[k];
      if (a === undefined) out.push(`${path}.${k}: missing`);
      else out.push(...differences(v, a, `${path}.${k}`));
    }
    return out;
  }
  return [];
}

describe.skipIf(!present)('FreeAgent emulator conformance with the doc examples', () => {
  let emu: FreeAgentEmulator;
  let tokens: Record<string, unknown>;
  let refreshed: Record<string, unknown>;
  const get = async (path: string) => {
    const res = await fetch(`${emu.urls.api}${path}`, { headers: { authorization: `Bearer ${String(tokens.access_token)}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    emu = await createFreeAgentEmulator({ seed: 2, invoices: 30, contacts: 8 });
    const q = new URLSearchParams({ response_type: 'code', client_id: emu.client.clientId, redirect_uri: emu.client.redirectUris[0]!, state: 'conformance-state-000' });
    const code = new URL((await fetch(`${emu.urls.authorization}?${q}`, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const post = async (form: Record<string, string>) =>
      (await (await fetch(emu.urls.token, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${emu.client.clientId}:${emu.client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) })).json()) as Record<string, unknown>;
    tokens = await post({ grant_type: 'authorization_code', code, redirect_uri: emu.client.redirectUris[0]! });
    refreshed = await post({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) });
    tokens = { ...tokens, access_token: refreshed.access_token };
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('the checker catches a missing key, a wrong type and a wrong format', () => {
    expect(differences({ a: '1.0', b: true, c: '2011-08-29' }, { a: 1, c: '29/08/2011' })).toEqual(['.a: number instead of string', '.b: missing', '.c: "29/08/2011" is not a date']);
  });

  it.each(['oauth-token-response.json', 'oauth-refresh-response.json'])('%s: exactly the same fields and types', (file) => {
    const ex = example(file);
    const actual = file.includes('refresh') ? refreshed : tokens;
    expect(Object.keys(actual).sort()).toEqual(Object.keys(ex).sort());
    for (const k of Object.keys(ex)) expect(typeOf(actual[k]), k).toBe(typeOf(ex[k]));
    expect(actual.token_type).toBe(ex.token_type);
    expect(actual.expires_in).toBe(ex.expires_in);
  });

  it('a refresh returns a new refresh token, as the saved refresh response does', () => {
    expect(example('oauth-refresh-response.json').refresh_token).not.toBe(example('oauth-token-response.json').refresh_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('GET /invoices: every documented field with its type and format, and no invoice_items', async () => {
    const ex = (example('invoices-list.json').invoices as Record<string, unknown>[])[0]!;
    const body = await get('/invoices');
    const records = body.invoices as Record<string, unknown>[];
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(differences(ex, r)).toEqual([]);
      expect(r.invoice_items).toBeUndefined();
    }
  });

  it('GET /invoices?nested_invoice_items=true: the documented fields and invoice_items fields', async () => {
    const ex = (example('invoices-list-nested-items.json').invoices as Record<string, unknown>[])[0]!;
    const records = (await get('/invoices?nested_invoice_items=true')).invoices as Record<string, unknown>[];
    for (const r of records) {
      expect(differences(ex, r)).toEqual([]);
      for (const item of r.invoice_items as unknown[]) expect(differences((ex.invoice_items as unknown[])[0], item)).toEqual([]);
    }
  });

  it('P&L summary: the documented fields, types and formats', async () => {
    const ex = example('profit-and-loss-summary.json');
    expect(differences(ex, await get('/accounting/profit_and_loss/summary?from_date=2026-01-01&to_date=2026-12-31'))).toEqual([]);
  });

  it('trial balance summary: every line has the documented fields; bank lines carry bank_account', async () => {
    const lines = example('trial-balance-summary.json').trial_balance_summary as Record<string, unknown>[];
    // Fields every example line has; where the example's own lines differ in format (`"101"`, `"750-65345"`), any string.
    const common = Object.fromEntries(
      Object.entries(lines[0]!)
        .filter(([k]) => lines.every((l) => k in l))
        .map(([k, v]) => [k, lines.every((l) => formatOf(l[k]) === formatOf(v)) ? v : ANY_STRING]),
    );
    const bankEx = lines.find((l) => 'bank_account' in l)!;
    const actual = (await get('/accounting/trial_balance/summary')).trial_balance_summary as Record<string, unknown>[];
    expect(actual.length).toBeGreaterThan(0);
    for (const l of actual) expect(differences(common, l)).toEqual([]);
    const bank = actual.filter((l) => String(l.nominal_code).startsWith('750'));
    expect(bank.length).toBeGreaterThan(0);
    for (const l of bank) expect(differences(bankEx, l)).toEqual([]);
  });
});
