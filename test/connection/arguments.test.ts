/** Bad arguments to a connection's readers fail with a ValidationError naming each field, before any HTTP call. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import type { Connection } from '../../src/connection';
import { harnessLedger, linkHarness, type HarnessInstance } from '../../src/testing/harness';
import { xeroHarness } from '../../providers/xero/emulator/harness';

type Reader = { list(o?: object): PromiseLike<unknown[]>; pages(o?: object): AsyncGenerator<unknown>; get(id: unknown): Promise<unknown> };

let instance: HarnessInstance;
let invoices: Reader;
beforeAll(async () => {
  instance = await xeroHarness.start({ invoices: 20 });
  const connection: Connection = await linkHarness(xeroHarness, instance, harnessLedger(xeroHarness, instance));
  invoices = (connection as unknown as { invoices: Reader }).invoices;
});
afterAll(async () => {
  await instance.close();
});

async function rejection(p: PromiseLike<unknown> | Promise<unknown>): Promise<unknown> {
  return Promise.resolve(p).then(() => undefined, (e: unknown) => e);
}

describe('connection reader arguments', () => {
  it.each([
    [{ modifiedSince: '2024-05-01' }, 'modifiedSince'],
    [{ modifiedSince: '2024-02-30T00:00:00Z' }, 'modifiedSince'],
    [{ modifiedSince: '2024-05-01T00:00:00+02:00' }, 'modifiedSince'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 2.5 }, 'pageSize'],
    [{ pageSize: '50' }, 'pageSize'],
  ])('list(%j) is refused on %s', async (options, field) => {
    const before = instance.apiRequests();
    const err = await rejection(invoices.list(options));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([field]);
    const fromPages = await rejection(invoices.pages(options).next());
    expect(fromPages).toBeInstanceOf(ValidationError);
    expect(instance.apiRequests()).toBe(before);
  });

  it('names every bad field at once', async () => {
    const err = (await rejection(invoices.list({ modifiedSince: 'yesterday', pageSize: -1 }))) as ValidationError;
    expect(err.issues.map((i) => i.path)).toEqual(['modifiedSince', 'pageSize']);
    expect(err.message).toMatch(/modifiedSince.*pageSize/);
  });

  it('get() with an empty id is a ValidationError, before any HTTP call', async () => {
    const before = instance.apiRequests();
    expect(await rejection(invoices.get(''))).toBeInstanceOf(ValidationError);
    expect(instance.apiRequests()).toBe(before);
  });

  it('good arguments still read', async () => {
    const records = await invoices.list({ modifiedSince: '2000-01-01T00:00:00Z', pageSize: 5 });
    expect(records.length).toBeGreaterThan(0);
  });
});
