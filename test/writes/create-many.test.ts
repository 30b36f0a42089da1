/**
 * The core's batch create (`createMany`), the cross-field `validate` hook and the `minItems`/`maxItems` push-option
 * rules, in isolation: a provider built from the Acme test provider with a batch endpoint, and a recording stub in
 * place of the HTTP pipeline.
 */
import { describe, expect, it } from 'vitest';
import { MappingError, NotSupportedError, ValidationError, type FieldIssue } from '../../src/errors';
import type { HttpRequest, HttpResponse } from '../../src/http/types';
import { defineProvider } from '../../src/provider/define-provider';
import type { ResourcesTable, WriteDefinition } from '../../src/provider/types';
import { checkPushOptions } from '../../src/writes/push-options';
import { runCreateMany, runWrite } from '../../src/writes/write';
import { ACME_CLIENT, acmeProvider } from '../../examples/sandbox/acme';

const acmeInvoices = acmeProvider.resources.invoices;
type Raw = { id: string; number: string; contact_id: string; date: string; total: string; status: string; updated_at: string; errors?: string[] };

/** Acme with a batch endpoint answering one element per invoice sent; an element with `errors` was refused. */
function provider(extra: Partial<WriteDefinition> = {}) {
  const write: WriteDefinition = {
    ...acmeInvoices.write,
    createMany: {
      request: (inputs) => ({ method: 'POST', url: '/invoices/batch', body: { invoices: inputs.map((i) => ({ number: i.number, total: i.totalAmount })) } }),
      select: (body) => (body as { invoices: unknown[] }).invoices,
      errorsOf: (el) => ((el as Raw).errors ?? []).map((message) => ({ path: '', message, code: 'acme' })),
    },
    ...extra,
  };
  const resources = { invoices: { ...acmeInvoices, write } } as unknown as ResourcesTable;
  return defineProvider({ ...(acmeProvider as unknown as Parameters<typeof defineProvider>[0]), resources }).configure(ACME_CLIENT);
}

/** A stub of the HTTP pipeline: records each request and answers with `answer(request)`. */
function stub(answer: (req: HttpRequest) => unknown) {
  const sent: HttpRequest[] = [];
  const request = (async (req: HttpRequest) => {
    sent.push(req);
    return { status: 200, headers: {}, data: answer(req), url: req.url } as HttpResponse;
  }) as never;
  return { sent, request };
}

const raw = (n: string, extra: Partial<Raw> = {}): Raw => ({ id: `id-${n}`, number: n, contact_id: 'c-1', date: '2026-03-01', total: '10.00', status: 'open', updated_at: '2026-03-01T10:00:00Z', ...extra });
const input = (n: string) => ({ number: n, customerRef: { id: 'c-1' }, issueDate: '2026-03-01', totalAmount: '10.00' });
const tenant = { id: 'org-1' };

describe('createMany', () => {
  it('validates each input locally, sends only the valid ones in one request, and matches the answer back per input', async () => {
    const http = stub((req) => ({
      invoices: (req.body as { invoices: Array<{ number: string }> }).invoices.map((i) => (i.number === 'DUP' ? { ...raw(i.number), errors: ['Number already used'] } : raw(i.number))),
    }));
    const results = await runCreateMany({ instance: provider(), tenant, request: http.request }, 'invoices', [input('A-1'), { ...input('TOO-LONG-NUMBER-1') }, input('DUP'), { ...input('B-2'), totalAmount: 12.5 }, input('C-3')], { idempotencyKey: 'batch-key-1' });

    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]).toMatchObject({ method: 'POST', url: '/invoices/batch', headers: { 'Idempotency-Key': 'batch-key-1' }, idempotencyKey: 'batch-key-1', operation: 'invoices.createMany' });
    expect((http.sent[0]!.body as { invoices: Array<{ number: string }> }).invoices.map((i) => i.number)).toEqual(['A-1', 'DUP', 'C-3']);

    expect(results.map((r) => [r.index, r.ok])).toEqual([[0, true], [1, false], [2, false], [3, false], [4, true]]);
    const [a, long, dup, float, c] = results;
    expect(a!.ok && a!.record).toMatchObject({ id: 'id-A-1', number: 'A-1', totalAmount: '10.00' });
    expect(c!.ok && c!.record).toMatchObject({ id: 'id-C-3' });
    for (const r of [long, dup, float]) expect(!r!.ok && r!.error).toBeInstanceOf(ValidationError);
    expect(!long!.ok && long!.error.issues).toEqual([{ path: 'number', code: 'max_length', message: 'Invoice number must be at most 12 characters' }]);
    expect(!dup!.ok && dup!.error.issues).toEqual([{ path: '', code: 'acme', message: 'Number already used' }]);
    expect(!float!.ok && float!.error.issues.map((i) => i.path)).toEqual(['totalAmount']);
  });

  it('sends nothing when every input is invalid, and refuses an empty list or a bad key before any call', async () => {
    const http = stub(() => ({ invoices: [] }));
    const deps = { instance: provider(), tenant, request: http.request };
    const results = await runCreateMany(deps, 'invoices', [{ number: 'X' }]);
    expect(results).toHaveLength(1);
    expect(results[0]!.ok).toBe(false);
    await expect(runCreateMany(deps, 'invoices', [])).rejects.toBeInstanceOf(ValidationError);
    await expect(runCreateMany(deps, 'invoices', 'nope')).rejects.toBeInstanceOf(ValidationError);
    await expect(runCreateMany(deps, 'invoices', [input('A')], { idempotencyKey: 'k'.repeat(129) })).rejects.toBeInstanceOf(ValidationError);
    expect(http.sent).toHaveLength(0);
  });

  it('an answer with the wrong number of elements is a MappingError; an unmappable element is reported on its own', async () => {
    const short = stub(() => ({ invoices: [raw('A')] }));
    await expect(runCreateMany({ instance: provider(), tenant, request: short.request }, 'invoices', [input('A'), input('B')])).rejects.toBeInstanceOf(MappingError);
    const bad = stub(() => ({ invoices: [raw('A'), { ...raw('B'), total: 'twelve' }] }));
    const results = await runCreateMany({ instance: provider(), tenant, request: bad.request }, 'invoices', [input('A'), input('B')]);
    expect(results[0]!.ok).toBe(true);
    expect(!results[1]!.ok && results[1]!.error).toBeInstanceOf(MappingError);
  });

  it('is NotSupported where the provider has no batch endpoint', async () => {
    const http = stub(() => ({}));
    await expect(runCreateMany({ instance: acmeProvider.configure(ACME_CLIENT), tenant, request: http.request }, 'invoices', [input('A')])).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('defineProvider rejects a batch without its functions, or with precheck idempotency', () => {
    const base = acmeProvider as unknown as Parameters<typeof defineProvider>[0];
    const withWrite = (write: unknown) => ({ ...base, resources: { invoices: { ...acmeInvoices, write } } }) as never;
    expect(() => defineProvider(withWrite({ ...acmeInvoices.write, createMany: { request: () => ({}) } }))).toThrow(/createMany.select/);
    expect(() =>
      defineProvider(withWrite({ ...acmeInvoices.write, idempotency: { type: 'precheck', find: () => undefined, select: () => undefined }, createMany: { request: () => ({}), select: () => [], errorsOf: () => [] } })),
    ).toThrow(/precheck/);
    expect(() => defineProvider(withWrite({ ...acmeInvoices.write, fields: [{ path: 'lineItems', maxItems: -1 }] }))).toThrow(/maxItems/);
  });
});

describe('write.validate (cross-field checks)', () => {
  it('runs after the field rules, on the parsed input, and its issues stop the write before any call', async () => {
    const seen: Array<[Record<string, unknown>, string]> = [];
    const validate = (i: Record<string, unknown>, op: 'create' | 'update'): FieldIssue[] => {
      seen.push([i, op]);
      return i.totalAmount === '0' ? [{ path: 'totalAmount', code: 'zero', message: 'must not be zero' }] : [];
    };
    const http = stub(() => ({ invoice: raw('A') }));
    const deps = { instance: provider({ validate }), tenant, request: http.request };
    const e = await runWrite(deps, 'invoices', 'create', { input: { ...input('A'), totalAmount: '0' } }).then(() => undefined, (x: unknown) => x);
    expect((e as ValidationError).issues).toEqual([{ path: 'totalAmount', code: 'zero', message: 'must not be zero' }]);
    expect(http.sent).toHaveLength(0);
    // Not run when a field rule already failed (the input may be half-formed).
    await runWrite(deps, 'invoices', 'create', { input: { ...input('TOO-LONG-NUMBER-1') } }).catch(() => undefined);
    expect(seen).toHaveLength(1);
    // On update it sees only the fields given (no schema defaults).
    await runWrite(deps, 'invoices', 'update', { id: 'id-A', input: { totalAmount: '5' } });
    expect(seen[1]).toEqual([{ totalAmount: '5' }, 'update']);
    expect(http.sent).toHaveLength(1);
  });
});

describe('minItems / maxItems push-option rules', () => {
  const rules = [{ path: 'lines', minItems: 1, maxItems: 2 }, { path: 'lines[].tracking', maxItems: 2, message: 'At most 2 tracking categories' }];
  it('counts array elements where the array is present', () => {
    expect(checkPushOptions(rules, { lines: [] }, 'create')).toEqual([{ path: 'lines', code: 'min_items', message: 'must have at least 1 element(s)' }]);
    expect(checkPushOptions(rules, { lines: [{}, {}, {}] }, 'create')).toEqual([{ path: 'lines', code: 'max_items', message: 'must have at most 2 element(s)' }]);
    expect(checkPushOptions(rules, { lines: [{ tracking: [1, 2] }, { tracking: [1, 2, 3] }] }, 'create')).toEqual([{ path: 'lines.1.tracking', code: 'max_items', message: 'At most 2 tracking categories' }]);
    expect(checkPushOptions(rules, {}, 'create')).toEqual([]);
  });
});
