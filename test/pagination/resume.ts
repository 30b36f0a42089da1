/** Shared check: resuming from every cursor of a full walk yields exactly the rest, with the same requests. */
import { expect } from 'vitest';
import { paginate, type PaginateOptions } from '../../src/pagination';
import type { PaginationSpec } from '../../src/provider/types';
import { collect, type FakeApi } from './fake-api';

/**
 * Walks `spec` fully, then for each page's cursor (JSON round-tripped, as a stored checkpoint would be) starts a new
 * walk on a fresh fake and asserts it yields exactly the remaining records (no gap, no duplicate) and sends exactly
 * the requests the full walk sent after that page. Returns the number of pages of the full walk.
 */
export async function expectResumableFromEveryCursor(
  spec: PaginationSpec,
  makeApi: () => FakeApi,
  options: Omit<PaginateOptions, 'request' | 'cursor'>,
): Promise<number> {
  const full = makeApi();
  const pages = await collect(paginate(spec, { ...options, request: full.request }));
  const all = pages.flatMap((p) => p.records);
  expect(pages.length).toBeGreaterThan(1);
  let consumed = 0;
  for (const [k, page] of pages.entries()) {
    consumed += page.records.length;
    if (k === pages.length - 1) {
      expect(page.cursor).toBeNull();
      continue;
    }
    expect(page.cursor).not.toBeNull();
    const stored: unknown = JSON.parse(JSON.stringify(page.cursor));
    const resumed = makeApi();
    const rest = await collect(paginate(spec, { ...options, request: resumed.request, cursor: stored as never }));
    expect(rest.flatMap((p) => p.records)).toEqual(all.slice(consumed));
    expect(resumed.calls.map((c) => c.url)).toEqual(full.calls.slice(k + 1).map((c) => c.url));
    expect(rest.map((p) => p.pageIndex)).toEqual(rest.map((_, i) => i));
  }
  return pages.length;
}
