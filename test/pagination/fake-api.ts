/**
 * An in-memory fake of the request pipeline for pagination tests: resolves a request to an absolute URL the way the
 * real pipeline does (relative `url` below a base URL with a path prefix, query appended, arrays repeated), hands the
 * parsed URL to a handler acting as the server, and records every call.
 */
import type { HttpRequest, HttpResponse, QueryParams, RequestFn } from '../../src/http/types';

/** What a handler returns: the body, optionally status and (lower-case) headers. */
export interface FakeReply {
  data: unknown;
  status?: number;
  headers?: Record<string, string>;
}

export interface FakeCall {
  /** Absolute URL as sent. */
  url: string;
  request: HttpRequest;
}

export interface FakeApi {
  request: RequestFn;
  calls: FakeCall[];
}

/** Appends `query` to `url` (arrays repeat the key, `undefined` is dropped). */
export function withQuery(url: URL, query: QueryParams | undefined): URL {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(key, v);
    else url.searchParams.append(key, String(value));
  }
  return url;
}

/** The absolute URL the pipeline would request. */
export function resolveRequestUrl(apiBase: string, req: HttpRequest): URL {
  const url = /^[a-z][a-z0-9+.-]*:/i.test(req.url) ? new URL(req.url) : new URL(apiBase.replace(/\/+$/, '') + req.url);
  return withQuery(url, req.query);
}

/**
 * A fake `RequestFn` below `apiBase` (default `https://api.test/v1`) served by `handler`. After `maxCalls` requests
 * (default 1000) it throws, so a walk that never ends fails the test instead of hanging it.
 */
export function fakeApi(handler: (url: URL, req: HttpRequest) => FakeReply, apiBase = 'https://api.test/v1', maxCalls = 1000): FakeApi {
  const calls: FakeCall[] = [];
  const request = (async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    if (calls.length >= maxCalls) throw new Error(`fake API: more than ${maxCalls} requests (endless pagination?)`);
    const url = resolveRequestUrl(apiBase, req);
    calls.push({ url: url.href, request: req });
    const reply = handler(url, req);
    return { status: reply.status ?? 200, headers: reply.headers ?? {}, data: reply.data as T, url: url.href };
  }) as RequestFn;
  return { request, calls };
}

/** Records `{ id: 1 } … { id: n }`. */
export function records(n: number): { id: number }[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1 }));
}

/** Reads an integer query parameter (or `fallback`). */
export function intParam(url: URL, name: string, fallback: number): number {
  const v = url.searchParams.get(name);
  return v === null ? fallback : Number.parseInt(v, 10);
}

/** Collects every page of an async iterable. */
export async function collect<P>(pages: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const p of pages) out.push(p);
  return out;
}
