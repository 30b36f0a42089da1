/**
 * The strategies against real HTTP: a local `http.createServer` on an ephemeral port, requests sent with Node's
 * `fetch` (real header folding — several `Link` header lines arrive joined with `, ` — and real URL handling).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse, RequestFn } from '../../src/http/types';
import { createListResult, paginate } from '../../src/pagination';
import type { NextLinkPagination, QueryLanguagePagination, RecordOffsetPagination } from '../../src/provider/types';
import { collect, resolveRequestUrl } from './fake-api';

const contacts = Array.from({ length: 47 }, (_, i) => ({ id: `c${i + 1}`, displayed_as: `Contact ${i + 1}` }));
const invoices = Array.from({ length: 61 }, (_, i) => ({ url: `inv/${i + 1}` }));
const journals = Array.from({ length: 230 }, (_, i) => ({ JournalNumber: i + 1 }));
const qboInvoices = Array.from({ length: 205 }, (_, i) => ({ Id: String(i + 1) }));

let server: Server;
let origin: string;
const log: string[] = [];

function json(res: import('node:http').ServerResponse, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push(`${url.pathname}${url.search}`);
    const int = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    if (url.pathname === '/v3.1/contacts') {
      if (req.headers['x-business'] !== 'biz-1') {
        res.writeHead(403).end();
        return;
      }
      const page = int('page', 1);
      const per = int('items_per_page', 20);
      const more = page * per < contacts.length;
      const prefix = url.searchParams.get('prefixed') === '1' ? '/v3.1' : '';
      const keep = prefix ? '&prefixed=1' : '';
      json(res, {
        $total: contacts.length,
        $page: page,
        $next: more ? `${prefix}/contacts?page=${page + 1}&items_per_page=${per}${keep}` : null,
        $back: null,
        $items_per_page: per,
        $items: contacts.slice((page - 1) * per, page * per),
      });
      return;
    }
    if (url.pathname === '/v2/invoices') {
      const page = int('page', 1);
      const per = int('per_page', 25);
      const last = Math.ceil(invoices.length / per);
      // Separate header lines, as servers often send them; the client folds them into one value.
      const links = [`</v2/invoices?page=1&per_page=${per}>; rel="first"`, `</v2/invoices?page=${last}&per_page=${per}>; rel="last"`];
      if (page < last) links.push(`<?page=${page + 1}&per_page=${per}>; rel="next"`);
      json(res, { invoices: invoices.slice((page - 1) * per, page * per) }, { link: links, 'x-total-count': String(invoices.length) });
      return;
    }
    if (url.pathname === '/api.xro/2.0/Journals') {
      const offset = int('offset', 0);
      json(res, { Journals: journals.filter((j) => j.JournalNumber > offset).slice(0, 100) });
      return;
    }
    if (url.pathname === '/v3/company/4620816365/query') {
      const q = url.searchParams.get('query') ?? '';
      const start = Number(/STARTPOSITION (\d+)/.exec(q)?.[1]);
      const max = Number(/MAXRESULTS (\d+)/.exec(q)?.[1]);
      const rows = qboInvoices.slice(start - 1, start - 1 + max);
      json(res, rows.length ? { QueryResponse: { Invoice: rows, startPosition: start, maxResults: rows.length } } : { QueryResponse: {} });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

/** A minimal real request function: relative URLs below `apiBase`, JSON bodies, lower-cased folded headers. */
function fetchRequest(apiBase: string): RequestFn {
  return (async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const url = resolveRequestUrl(apiBase, req);
    const res = await fetch(url, { method: req.method, headers: req.headers ?? {}, ...(req.signal ? { signal: req.signal } : {}) });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url.pathname}`);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    return { status: res.status, headers, data: (await res.json()) as T, url: res.url };
  }) as RequestFn;
}

describe('pagination over real HTTP', () => {
  it('Sage $next links, with and without the /v3.1 prefix, reach the last page', async () => {
    const spec: NextLinkPagination = {
      type: 'next-link',
      source: { from: 'body', next: (b) => (b as { $next: string | null }).$next },
      sizeParam: 'items_per_page',
      pageSize: 200,
      select: (b) => (b as { $items: unknown[] }).$items,
    };
    for (const prefixed of [false, true]) {
      log.length = 0;
      const pages = await collect(
        paginate(spec, {
          request: fetchRequest(`${origin}/v3.1`),
          base: { method: 'GET', url: '/contacts', headers: { 'X-Business': 'biz-1' }, ...(prefixed ? { query: { prefixed: '1' } } : {}) },
          pageSize: 20,
        }),
      );
      expect(pages.flatMap((p) => p.records)).toEqual(contacts);
      expect(log).toHaveLength(3);
      expect(log.every((l) => l.startsWith('/v3.1/contacts?'))).toBe(true);
    }
  });

  it('FreeAgent Link headers (several lines, relative targets) reach the page without rel="next"', async () => {
    log.length = 0;
    const spec: NextLinkPagination = {
      type: 'next-link',
      source: { from: 'link-header' },
      sizeParam: 'per_page',
      pageSize: 100,
      select: (b) => (b as { invoices: unknown[] }).invoices,
    };
    const pages = await collect(paginate(spec, { request: fetchRequest(`${origin}/v2`), base: { method: 'GET', url: '/invoices' }, pageSize: 25 }));
    expect(pages.flatMap((p) => p.records)).toEqual(invoices);
    expect(log).toEqual(['/v2/invoices?per_page=25', '/v2/invoices?page=2&per_page=25', '/v2/invoices?page=3&per_page=25']);
    expect(pages[0]?.response.headers.link).toContain(', ');
  });

  it('Xero journals by record offset, resumed from a stored cursor', async () => {
    const spec: RecordOffsetPagination = {
      type: 'record-offset',
      offsetParam: 'offset',
      offsetOf: (r) => String((r as { JournalNumber: number }).JournalNumber),
      select: (b) => (b as { Journals: unknown[] }).Journals,
    };
    const request = fetchRequest(`${origin}/api.xro/2.0`);
    const base = { method: 'GET' as const, url: '/Journals' };
    const walk = paginate(spec, { request, base });
    const first = (await walk.next()).value;
    await walk.return(undefined);
    const stored = JSON.stringify(first?.cursor);
    log.length = 0;
    const rest = await collect(paginate(spec, { request, base, cursor: JSON.parse(stored) }));
    expect([...(first?.records ?? []), ...rest.flatMap((p) => p.records)]).toEqual(journals);
    expect(log).toEqual(['/api.xro/2.0/Journals?offset=100', '/api.xro/2.0/Journals?offset=200', '/api.xro/2.0/Journals?offset=230']);
  });

  it('QuickBooks query paging as a ListResult: await, for await and break', async () => {
    const spec: QueryLanguagePagination = {
      type: 'query-language',
      pageSize: 1000,
      buildQuery: ({ startPosition, maxResults, params }) => ({
        ...params,
        query: `SELECT * FROM Invoice ORDERBY Id STARTPOSITION ${startPosition} MAXRESULTS ${maxResults}`,
      }),
      select: (b) => ((b as { QueryResponse: { Invoice?: unknown[] } }).QueryResponse.Invoice ?? []),
    };
    const request = fetchRequest(`${origin}/v3/company/4620816365`);
    const list = createListResult<{ Id: string }>(async function* (cursor) {
      for await (const page of paginate(spec, { request, base: { method: 'GET', url: '/query', query: { minorversion: '75' } }, pageSize: 100, cursor: cursor ?? null })) {
        yield { records: page.records as { Id: string }[], cursor: page.cursor };
      }
    });
    log.length = 0;
    expect(await list).toHaveLength(100);
    expect(log).toHaveLength(1);

    log.length = 0;
    const ids: string[] = [];
    for await (const inv of list) ids.push(inv.Id);
    expect(ids).toEqual(qboInvoices.map((i) => i.Id));
    expect(log).toHaveLength(3);

    log.length = 0;
    for await (const inv of list) if (inv.Id === '150') break;
    expect(log).toHaveLength(2);
  });
});
