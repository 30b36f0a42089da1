import { describe, expect, it } from 'vitest';
import { createListResult, paginate, type ListPage, type PageCursor } from '../../src/pagination';
import type { PageNumberPagination } from '../../src/provider/types';
import { fakeApi, intParam } from './fake-api';

type Rec = { id: number; page: number };

/**
 * A page-number API over `total` records generated on demand (nothing but the requested page exists in memory),
 * wrapped in a ListResult the way a connection would. `closed` counts walks whose generator was closed.
 */
function listOver(total: number, size = 100) {
  const api = fakeApi((url) => {
    const page = intParam(url, 'page', 1);
    const start = (page - 1) * size;
    const items: Rec[] = [];
    for (let i = start; i < Math.min(total, start + size); i++) items.push({ id: i + 1, page: page - 1 });
    return { data: { items, pageCount: Math.ceil(total / size) } };
  });
  const spec: PageNumberPagination = {
    type: 'page-number',
    pageParam: 'page',
    sizeParam: 'size',
    pageSize: size,
    end: { by: 'page-count', pageCount: (b) => (b as { pageCount: number }).pageCount },
    select: (b) => (b as { items: Rec[] }).items,
  };
  const state = { closed: 0 };
  const list = createListResult<Rec>(async function* (cursor?: PageCursor | null) {
    try {
      for await (const page of paginate(spec, { request: api.request, base: { method: 'GET', url: '/invoices' }, cursor: cursor ?? null })) {
        yield { records: page.records as Rec[], cursor: page.cursor };
      }
    } finally {
      state.closed++;
    }
  });
  return { api, list, state };
}

describe('ListResult', () => {
  it('await resolves to the first page only, with exactly one request, and closes the walk', async () => {
    const { api, list, state } = listOver(250);
    const first = await list;
    expect(first.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(api.calls).toHaveLength(1);
    expect(state.closed).toBe(1);
  });

  it('awaiting again reuses the first page instead of requesting it again', async () => {
    const { api, list } = listOver(250);
    const a = await list;
    const b = await list;
    expect(b).toBe(a);
    expect(api.calls).toHaveLength(1);
  });

  it('nothing is requested until the list is used', async () => {
    const { api, list } = listOver(250);
    expect(api.calls).toHaveLength(0);
    void list.pages();
    void list[Symbol.asyncIterator]();
    expect(api.calls).toHaveLength(0);
  });

  it('await on an empty list resolves to []', async () => {
    const { api, list } = listOver(0);
    expect(await list).toEqual([]);
    expect(api.calls).toHaveLength(1);
  });

  it('for await yields every record across pages: 250 records, page count → exactly 3 requests', async () => {
    const { api, list } = listOver(250);
    const ids: number[] = [];
    for await (const rec of list) ids.push(rec.id);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(api.calls).toHaveLength(3);
  });

  it('exactly 300 records with page count 3 → exactly 3 requests, not 4', async () => {
    const { api, list } = listOver(300);
    expect(await list.toArray()).toHaveLength(300);
    expect(api.calls).toHaveLength(3);
  });

  it('awaiting and iterating are separate walks: awaiting does not consume the iterator', async () => {
    const { api, list } = listOver(250);
    const first = await list;
    const all: Rec[] = [];
    for await (const rec of list) all.push(rec);
    expect(first).toHaveLength(100);
    expect(all).toHaveLength(250);
    expect(all[0]?.id).toBe(1);
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('page'))).toEqual(['1', '1', '2', '3']);
  });

  it('each for await starts its own walk', async () => {
    const { api, list } = listOver(150);
    let a = 0;
    let b = 0;
    for await (const _ of list) a++;
    for await (const _ of list) b++;
    expect([a, b]).toEqual([150, 150]);
    expect(api.calls).toHaveLength(4);
  });

  it.each([
    { stopAfter: 1, requests: 1 },
    { stopAfter: 100, requests: 1 },
    { stopAfter: 101, requests: 2 },
    { stopAfter: 250, requests: 3 },
  ])('breaking after $stopAfter records stops fetching ($requests requests) and closes the walk', async ({ stopAfter, requests }) => {
    const { api, list, state } = listOver(1000);
    let n = 0;
    for await (const _ of list) {
      if (++n === stopAfter) break;
    }
    expect(api.calls).toHaveLength(requests);
    expect(state.closed).toBe(1);
  });

  it('pages() yields { records, cursor } and resumes from a cursor', async () => {
    const { api, list } = listOver(250);
    const seen: ListPage<Rec>[] = [];
    for await (const page of list.pages()) seen.push(page);
    expect(seen.map((p) => [p.records.length, p.cursor])).toEqual([
      [100, { version: 1, strategy: 'page-number', page: 2, pageSize: 100 }],
      [100, { version: 1, strategy: 'page-number', page: 3, pageSize: 100 }],
      [50, null],
    ]);
    expect(Object.keys(seen[0]!).sort()).toEqual(['cursor', 'records']);

    const rest: number[] = [];
    for await (const page of list.pages(seen[0]!.cursor)) rest.push(...page.records.map((r) => r.id));
    expect(rest).toEqual(Array.from({ length: 150 }, (_, i) => i + 101));
    expect(api.calls).toHaveLength(5);
  });

  it('toArray() collects everything', async () => {
    const { list } = listOver(230, 50);
    const all = await list.toArray();
    expect(all.map((r) => r.id)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
  });

  it('a failing first page rejects await, and catch/finally work like a promise', async () => {
    const list = createListResult<number>(async function* () {
      yield* [];
      throw new Error('first page failed');
    });
    await expect(list).rejects.toThrow('first page failed');
    await expect(list.catch((e: unknown) => (e as Error).message)).resolves.toBe('first page failed');
    let finallyRan = false;
    await expect(list.finally(() => (finallyRan = true))).rejects.toThrow('first page failed');
    expect(finallyRan).toBe(true);
  });

  it('.then chains like a promise', async () => {
    const { list } = listOver(3);
    await expect(list.then((recs) => recs.length)).resolves.toBe(3);
  });

  it('streams 100 000 records holding one page at a time (no read-ahead)', async () => {
    const total = 100_000;
    const size = 1000;
    let produced = 0;
    let maxOutstanding = 0;
    const list = createListResult<Rec>(async function* () {
      for (let page = 0; page * size < total; page++) {
        const recordsOfPage: Rec[] = [];
        for (let i = 0; i < size; i++) recordsOfPage.push({ id: page * size + i + 1, page });
        produced++;
        yield { records: recordsOfPage, cursor: null };
      }
    });
    let count = 0;
    let lastId = 0;
    for await (const rec of list) {
      // Pages produced but not yet finished by the consumer, counting the one it is reading.
      maxOutstanding = Math.max(maxOutstanding, produced - rec.page);
      count++;
      expect(rec.id).toBe(lastId + 1);
      lastId = rec.id;
    }
    expect(count).toBe(total);
    expect(produced).toBe(total / size);
    expect(maxOutstanding).toBe(1);
  });

  it('streams 100 000 records through paginate with at most one request ahead of the consumer', async () => {
    const { api, list } = listOver(100_000, 1000);
    let maxOutstanding = 0;
    let count = 0;
    for await (const rec of list) {
      maxOutstanding = Math.max(maxOutstanding, api.calls.length - rec.page);
      count++;
    }
    expect(count).toBe(100_000);
    expect(api.calls).toHaveLength(100);
    expect(maxOutstanding).toBe(1);
  });
});
