import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors';
import { paginate } from '../../src/pagination';
import type { RecordOffsetPagination } from '../../src/provider/types';
import { collect, fakeApi } from './fake-api';
import { expectResumableFromEveryCursor } from './resume';

type Journal = { JournalID: string; JournalNumber: number };

/** Xero `/Journals`: up to 100 journals with JournalNumber greater than `offset`. */
function journalServer(total: number, opts: { ignoreOffset?: boolean } = {}) {
  const journals: Journal[] = Array.from({ length: total }, (_, i) => ({ JournalID: `j-${i + 1}`, JournalNumber: i + 1 }));
  return fakeApi((url) => {
    const offset = opts.ignoreOffset ? 0 : Number(url.searchParams.get('offset') ?? '0');
    return { data: { Journals: journals.filter((j) => j.JournalNumber > offset).slice(0, 100) } };
  });
}

const spec: RecordOffsetPagination = {
  type: 'record-offset',
  offsetParam: 'offset',
  offsetOf: (raw) => String((raw as Journal).JournalNumber),
  select: (body) => (body as { Journals: unknown[] }).Journals,
};
const base = { method: 'GET' as const, url: '/Journals', headers: { 'If-Modified-Since': 'Wed, 01 May 2024 00:00:00 GMT' } };

describe('record-offset pagination', () => {
  it.each([
    { total: 250, offsets: [null, '100', '200', '250'] },
    { total: 200, offsets: [null, '100', '200'] },
    { total: 0, offsets: [null] },
  ])('$total journals → requests with offsets $offsets, ending on an empty page', async ({ total, offsets }) => {
    const api = journalServer(total);
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('offset'))).toEqual(offsets);
    expect(pages.flatMap((p) => p.records).map((j) => (j as Journal).JournalNumber)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    expect(pages.at(-1)?.records).toEqual([]);
    expect(pages.at(-1)?.cursor).toBeNull();
    expect(api.calls.every((c) => c.request.headers?.['If-Modified-Since'] === base.headers['If-Modified-Since'])).toBe(true);
  });

  it('the cursor after a page is the offset of its last record', async () => {
    const api = journalServer(150);
    const pages = await collect(paginate(spec, { request: api.request, base }));
    expect(pages.map((p) => p.cursor)).toEqual([
      { version: 1, strategy: 'record-offset', offset: '100' },
      { version: 1, strategy: 'record-offset', offset: '150' },
      null,
    ]);
  });

  it('resumes from every cursor', async () => {
    await expectResumableFromEveryCursor(spec, () => journalServer(350), { base });
  });

  it('a server that ignores the offset is a ProviderError, not an endless loop', async () => {
    const api = journalServer(250, { ignoreOffset: true });
    await expect(collect(paginate(spec, { request: api.request, base }))).rejects.toBeInstanceOf(ProviderError);
    expect(api.calls).toHaveLength(2);
  });
});
