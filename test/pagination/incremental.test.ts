import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/http/types';
import { applyIncremental } from '../../src/pagination';
import type { IncrementalSpec } from '../../src/provider/types';

const base: HttpRequest = { method: 'GET', url: '/Invoices', query: { page: 1 }, headers: { accept: 'application/json' } };
const httpDate = (instant: string) => new Date(instant).toUTCString();
const SINCE = '2024-05-01T10:20:30Z';

describe('applyIncremental', () => {
  it('header: sets the header, formatted', () => {
    const out = applyIncremental(base, { type: 'header', header: 'If-Modified-Since', format: httpDate }, SINCE);
    expect(out).toEqual({ ...base, headers: { accept: 'application/json', 'If-Modified-Since': 'Wed, 01 May 2024 10:20:30 GMT' } });
  });

  it('header: replaces another spelling of the same header instead of sending it twice', () => {
    const out = applyIncremental({ ...base, headers: { 'if-modified-since': 'old' } }, { type: 'header', header: 'If-Modified-Since' }, SINCE);
    expect(out.headers).toEqual({ 'If-Modified-Since': SINCE });
  });

  it('query-param: adds the parameter, identity format by default', () => {
    const out = applyIncremental(base, { type: 'query-param', param: 'updated_or_created_since' }, SINCE);
    expect(out).toEqual({ ...base, query: { page: 1, updated_or_created_since: SINCE } });
  });

  it('query-param: uses the formatter', () => {
    const out = applyIncremental({ method: 'GET', url: '/invoices' }, { type: 'query-param', param: 'updated_since', format: (s) => s.slice(0, 10) }, SINCE);
    expect(out.query).toEqual({ updated_since: '2024-05-01' });
  });

  const unchanged: IncrementalSpec[] = [
    { type: 'none' },
    { type: 'query-language' },
    {
      type: 'change-feed',
      windowMs: 1,
      maxObjects: 1,
      request: () => base,
      select: () => [],
      fallback: { type: 'query-language' },
    },
  ];
  it.each(unchanged)('$type: returns base unchanged', (spec) => {
    expect(applyIncremental(base, spec, SINCE)).toBe(base);
  });

  it('no modifiedSince: returns base unchanged', () => {
    expect(applyIncremental(base, { type: 'header', header: 'If-Modified-Since' })).toBe(base);
  });

  it('never mutates base', () => {
    const snapshot = structuredClone(base);
    applyIncremental(base, { type: 'header', header: 'If-Modified-Since' }, SINCE);
    applyIncremental(base, { type: 'query-param', param: 'x' }, SINCE);
    expect(base).toEqual(snapshot);
  });
});
