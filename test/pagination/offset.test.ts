import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/pagination';
import type { OffsetPagination } from '../../src/provider/types';
import { collect, fakeApi, intParam, records } from './fake-api';
import { expectResumableFromEveryCursor } from './resume';

type Body = { items: unknown[]; hasMore?: boolean };

/** A NetSuite-style offset server; `serverMax` caps the limit the server really applies. */
function offsetServer(data: unknown[], opts: { base?: 0 | 1; serverMax?: number; hasMore?: (end: number) => boolean } = {}) {
  const base = opts.base ?? 0;
  return fakeApi((url) => {
    const offset = intParam(url, 'offset', base) - base;
    const limit = Math.min(intParam(url, 'limit', 1000), opts.serverMax ?? Infinity);
    const items = data.slice(offset, offset + limit);
    const end = offset + items.length;
    return { data: { items, hasMore: opts.hasMore ? opts.hasMore(end) : end < data.length } };
  });
}

const select = (body: unknown) => (body as Body).items;
const plain: OffsetPagination = { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100, base: 0, select };
const withFlag: OffsetPagination = { ...plain, hasMore: (body) => (body as Body).hasMore === true };
const oneBased: OffsetPagination = { ...plain, base: 1 };
const base = { method: 'POST' as const, url: '/query/v1/suiteql', body: { q: 'SELECT id FROM transaction ORDER BY id' } };

describe('offset pagination', () => {
  const table: { name: string; spec: OffsetPagination; total: number; offsets: string[] }[] = [
    { name: 'short page ends: 250', spec: plain, total: 250, offsets: ['0', '100', '200'] },
    { name: 'exactly 300 without a flag: the empty page ends', spec: plain, total: 300, offsets: ['0', '100', '200', '300'] },
    { name: 'exactly 300 with hasMore: the flag ends after 3', spec: withFlag, total: 300, offsets: ['0', '100', '200'] },
    { name: 'empty first page', spec: plain, total: 0, offsets: ['0'] },
    { name: 'empty with hasMore flag', spec: withFlag, total: 0, offsets: ['0'] },
    { name: '1-based startposition', spec: oneBased, total: 250, offsets: ['1', '101', '201'] },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const data = records(row.total);
      const api = offsetServer(data, { base: row.spec.base });
      const pages = await collect(paginate(row.spec, { request: api.request, base }));
      expect(api.calls.map((c) => new URL(c.url).searchParams.get('offset'))).toEqual(row.offsets);
      expect(api.calls.every((c) => new URL(c.url).searchParams.get('limit') === '100')).toBe(true);
      expect(pages.flatMap((p) => p.records)).toEqual(data);
      expect(pages.at(-1)?.cursor).toBeNull();
    });
  }

  it('keeps method and body of the base request (SuiteQL is a POST)', async () => {
    const api = offsetServer(records(3));
    await collect(paginate(plain, { request: api.request, base }));
    expect(api.calls[0]?.request.method).toBe('POST');
    expect(api.calls[0]?.request.body).toEqual(base.body);
  });

  it('advances by the records returned when the server caps the limit, so nothing is skipped', async () => {
    const data = records(120);
    const api = offsetServer(data, { serverMax: 50 });
    const pages = await collect(paginate(withFlag, { request: api.request, base }));
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('offset'))).toEqual(['0', '50', '100']);
    expect(pages.flatMap((p) => p.records)).toEqual(data);
  });

  it('an empty page ends the walk even when hasMore says true', async () => {
    const api = offsetServer([], { hasMore: () => true });
    const pages = await collect(paginate(withFlag, { request: api.request, base }));
    expect(pages).toHaveLength(1);
  });

  it('clamps the page size to the spec maximum', async () => {
    const api = offsetServer(records(3));
    await collect(paginate(plain, { request: api.request, base, pageSize: 5000 }));
    expect(new URL(api.calls[0]!.url).searchParams.get('limit')).toBe('100');
  });

  it.each([
    { spec: plain, total: 300 },
    { spec: withFlag, total: 250 },
    { spec: oneBased, total: 250 },
  ])('resumes from every cursor (base $spec.base, $total records)', async ({ spec, total }) => {
    const data = records(total);
    await expectResumableFromEveryCursor(spec, () => offsetServer(data, { base: spec.base }), { base, pageSize: 40 });
  });
});
