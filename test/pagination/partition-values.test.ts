/**
 * `partitionBy: { values, param }`: one data type read from several provider collections (QuickBooks `Class` and
 * `Department` as tracking categories) — the reader walks each value in order with `param=<value>` in the base query,
 * pages inside each, and resumes from a cursor inside a later partition without re-reading earlier ones.
 */
import { describe, expect, it } from 'vitest';
import { defineProvider } from '../../src/provider/define-provider';
import type { ProviderInstance, ResourceDefinition } from '../../src/provider/types';
import { readResourcePages } from '../../src/resources/reader';
import { systemClock } from '../../src/clock';
import { fakeApi } from './fake-api';

const DATA: Record<string, { Id: string; Name: string }[]> = {
  Class: [{ Id: '1', Name: 'East' }, { Id: '2', Name: 'West' }, { Id: '3', Name: 'North' }],
  Department: [{ Id: '1', Name: 'Sales' }, { Id: '2', Name: 'Ops' }],
};

function api() {
  return fakeApi((url) => {
    const q = url.searchParams.get('query') ?? '';
    const [, entity, start, max] = /FROM (\w+) STARTPOSITION (\d+) MAXRESULTS (\d+)/.exec(q)!;
    const rows = DATA[entity!]!.slice(Number(start) - 1, Number(start) - 1 + Number(max));
    return { data: { QueryResponse: rows.length ? { [entity!]: rows } : {} } };
  });
}

const resource: ResourceDefinition<'trackingCategories'> = {
  path: '/query',
  partitionBy: { values: ['Class', 'Department'], param: 'entity' },
  pagination: {
    type: 'query-language',
    pageSize: 2,
    buildQuery: ({ startPosition, maxResults, params }) => ({ query: `SELECT * FROM ${String(params.entity)} STARTPOSITION ${startPosition} MAXRESULTS ${maxResults}` }),
    select: (body) => Object.entries((body as { QueryResponse: Record<string, unknown[]> }).QueryResponse).flatMap(([entity, rows]) => rows.map((r) => ({ ...(r as object), entity }))),
  },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: (raw) => (raw as { Id: string }).Id,
  toCanonical: (raw) => {
    const r = raw as { Id: string; Name: string; entity: string };
    return { id: `${r.entity}:${r.Id}`, isDeleted: false, name: r.Name, status: 'Active', options: [], hasChildren: false };
  },
};

function instance(): ProviderInstance {
  const descriptor = defineProvider({
    id: 'partitioned',
    displayName: 'Partitioned',
    docsUrl: 'https://example.com',
    environments: { production: { api: 'https://api.example.com', authorization: 'https://example.com/authorize', token: 'https://example.com/token' } },
    auth: { type: 'oauth2', discovery: false, scopes: { default: [] }, pkce: false, clientAuthentication: 'client_secret_basic', rotation: { kind: 'static' }, refreshAheadMs: 0, resolveTenants: () => Promise.resolve([]) },
    rateLimits: { tenant: {}, defaultRetryAfterMs: 1000 },
    resources: { trackingCategories: resource },
  });
  return { descriptor } as unknown as ProviderInstance;
}

describe('partitionBy values', () => {
  it('reads every value in order, paging inside each, with the value in the base query', async () => {
    const a = api();
    const deps = { instance: instance(), request: a.request, tenant: { id: 't' }, clock: systemClock };
    const pages = [];
    for await (const p of readResourcePages(deps, 'trackingCategories')) pages.push(p);
    expect(pages.flatMap((p) => p.records.map((r) => r.id))).toEqual(['Class:1', 'Class:2', 'Class:3', 'Department:1', 'Department:2']);
    expect(a.calls.map((c) => new URL(c.url).searchParams.get('query'))).toEqual([
      'SELECT * FROM Class STARTPOSITION 1 MAXRESULTS 2',
      'SELECT * FROM Class STARTPOSITION 3 MAXRESULTS 2',
      'SELECT * FROM Department STARTPOSITION 1 MAXRESULTS 2',
      'SELECT * FROM Department STARTPOSITION 3 MAXRESULTS 2',
    ]);
    expect(pages.at(-1)!.cursor).toBeNull();
    // The cursor after the last Class page points at the first Department page.
    expect(pages[1]!.cursor).toMatchObject({ phase: 'main', partition: 1, page: null });
  });

  it('resumes inside a later partition without re-reading the earlier one', async () => {
    const a = api();
    const deps = { instance: instance(), request: a.request, tenant: { id: 't' }, clock: systemClock };
    const all = [];
    for await (const p of readResourcePages(deps, 'trackingCategories')) all.push(p);
    const resumeAt = all[2]!.cursor; // after Department page 1
    const b = api();
    const again = [];
    for await (const p of readResourcePages({ ...deps, request: b.request }, 'trackingCategories', { cursor: resumeAt })) again.push(p);
    expect(again.flatMap((p) => p.records.map((r) => r.id))).toEqual([]);
    expect(b.calls.map((c) => new URL(c.url).searchParams.get('query'))).toEqual(['SELECT * FROM Department STARTPOSITION 3 MAXRESULTS 2']);
  });

  it('defineProvider refuses an empty list of values', () => {
    expect(() => defineProvider({ ...instance().descriptor, resources: { trackingCategories: { ...resource, partitionBy: { values: [], param: 'entity' } } } })).toThrow(/partitionBy\.values/);
  });
});
