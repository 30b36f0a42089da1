import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/pagination';
import type { QueryLanguagePagination } from '../../src/provider/types';
import { collect, fakeApi, records } from './fake-api';
import { expectResumableFromEveryCursor } from './resume';

/**
 * A QuickBooks query endpoint: parses STARTPOSITION/MAXRESULTS from the query and answers like the real one —
 * `maxResults` is the number returned, and an exhausted query is `"QueryResponse": {}` with no entity key.
 * `echo` lets the body lie about maxResults.
 */
function qboServer(data: unknown[], opts: { echo?: (returned: number, requested: number) => number; serverMax?: number } = {}) {
  return fakeApi((url) => {
    const q = url.searchParams.get('query') ?? '';
    const start = Number(/STARTPOSITION (\d+)/.exec(q)?.[1] ?? '1');
    const requested = Number(/MAXRESULTS (\d+)/.exec(q)?.[1] ?? '100');
    const max = Math.min(requested, opts.serverMax ?? 1000);
    const rows = data.slice(start - 1, start - 1 + max);
    if (rows.length === 0) return { data: { QueryResponse: {}, time: '2024-05-01T00:00:00.000-07:00' } };
    const maxResults = opts.echo ? opts.echo(rows.length, requested) : rows.length;
    return { data: { QueryResponse: { Invoice: rows, startPosition: start, maxResults }, time: '2024-05-01T00:00:00.000-07:00' } };
  });
}

type BuildArgs = Parameters<QueryLanguagePagination['buildQuery']>[0];

/** The QuickBooks-style spec; `seen` receives every buildQuery call. */
function qboSpec(seen: BuildArgs[] = []): QueryLanguagePagination {
  return {
    type: 'query-language',
    pageSize: 1000,
    buildQuery: (args) => {
      seen.push(args);
      const where = args.modifiedSince ? ` WHERE MetaData.LastUpdatedTime >= '${args.modifiedSince}'` : '';
      return { ...args.params, query: `SELECT * FROM Invoice${where} ORDERBY Id STARTPOSITION ${args.startPosition} MAXRESULTS ${args.maxResults}` };
    },
    select: (body) => ((body as { QueryResponse: { Invoice?: unknown[] } }).QueryResponse.Invoice ?? []),
  };
}
const spec = qboSpec();
const base = { method: 'GET' as const, url: '/v3/company/123/query', query: { minorversion: '75' } };

const positions = (calls: { url: string }[]) =>
  calls.map((c) => /STARTPOSITION (\d+) MAXRESULTS (\d+)/.exec(new URL(c.url).searchParams.get('query') ?? '')?.slice(1).join('/'));

describe('query-language pagination', () => {
  it.each([
    { total: 250, expected: ['1/100', '101/100', '201/100'] },
    { total: 300, expected: ['1/100', '101/100', '201/100', '301/100'] },
    { total: 0, expected: ['1/100'] },
    { total: 37, expected: ['1/100'] },
  ])('$total rows with MAXRESULTS 100 → $expected', async ({ total, expected }) => {
    const data = records(total);
    const api = qboServer(data);
    const pages = await collect(paginate(spec, { request: api.request, base, pageSize: 100 }));
    expect(positions(api.calls)).toEqual(expected);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
    expect(pages.at(-1)?.cursor).toBeNull();
  });

  it('an empty QueryResponse ({}) ends the walk with no records', async () => {
    const api = qboServer([]);
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records).toEqual([]);
    expect(pages[0]?.response.data).toEqual({ QueryResponse: {}, time: '2024-05-01T00:00:00.000-07:00' });
  });

  it('ends on fewer rows than requested even when the body echoes the requested maxResults', async () => {
    const api = qboServer(records(137), { echo: (_returned, requested) => requested });
    const pages = await collect(paginate(spec, { request: api.request, base, pageSize: 100 }));
    expect(positions(api.calls)).toEqual(['1/100', '101/100']);
    expect(pages.flatMap((p) => p.records)).toHaveLength(137);
  });

  it('ends on maxResults echoing the count returned (≠ requested), not on the echo', async () => {
    const api = qboServer(records(1037));
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(positions(api.calls)).toEqual(['1/1000', '1001/1000']);
    expect((pages[1]?.response.data as { QueryResponse: { maxResults: number } }).QueryResponse.maxResults).toBe(37);
  });

  it('continues after a full page even when the body claims a smaller maxResults', async () => {
    const data = records(200);
    const api = qboServer(data, { echo: () => 1 });
    const pages = await collect(paginate(spec, { request: api.request, base, pageSize: 100 }));
    expect(positions(api.calls)).toEqual(['1/100', '101/100', '201/100']);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
  });

  it('passes modifiedSince and the base query to buildQuery on every page', async () => {
    const seen: BuildArgs[] = [];
    const spec = qboSpec(seen);
    const api = qboServer(records(150));
    await collect(paginate(spec, { request: api.request, base, pageSize: 100, modifiedSince: '2024-05-01T00:00:00Z' }));
    expect(seen).toEqual([
      { startPosition: 1, maxResults: 100, modifiedSince: '2024-05-01T00:00:00Z', params: { minorversion: '75' } },
      { startPosition: 101, maxResults: 100, modifiedSince: '2024-05-01T00:00:00Z', params: { minorversion: '75' } },
    ]);
    expect(new URL(api.calls[0]!.url).searchParams.get('minorversion')).toBe('75');
  });

  it('clamps the page size to the spec maximum (1000)', async () => {
    const api = qboServer(records(3));
    await collect(paginate(spec, { request: api.request, base, pageSize: 5000 }));
    expect(positions(api.calls)).toEqual(['1/1000']);
  });

  it('resumes from every cursor', async () => {
    const data = records(420);
    await expectResumableFromEveryCursor(spec, () => qboServer(data), { base, pageSize: 100 });
  });
});
