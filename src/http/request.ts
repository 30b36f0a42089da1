/**
 * `createRequest`: the one request function every provider call goes through, composed of one layer per file —
 *
 * ```
 * retry (p-retry + decideRetry) → errors (errorFromResponse) → throttle (bottleneck) → auth (token, one refresh on 401) → transport (axios)
 * ```
 *
 * It resolves relative URLs against the provider's base URLs (`tenantPath`, `defaultQuery`), adds the provider's
 * default and tenant headers and the idempotency key of writes, serialises JSON bodies, applies the per-request
 * timeout, counts every call that reaches the transport (`onApiCall`) and redacts everything it logs or throws.
 * @module
 */
import type { Tenant } from '../auth/types';
import { systemClock, type Clock } from '../clock';
import { ConfigurationError, isLedgerError } from '../errors';
import { noopLogger, type Logger } from '../logger';
import type { ProviderInstance } from '../provider/types';
import { createAuthLayer, type AuthHooks } from './auth-layer';
import { errorFromResponse } from './errors-from-response';
import type { LimiterRegistry } from './limiter-registry';
import { redactError, redactingLogger, redactUrl } from './redact';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry';
import { createThrottleLayer } from './throttle';
import { createAxiosTransport, transportSend } from './transport';
import type { HttpMethod, HttpRequest, HttpResponse, PipelineRequest, QueryParams, RequestFn, Transport } from './types';

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default header carrying the idempotency key of a write. */
export const DEFAULT_IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** What {@link CreateRequestOptions.onApiCall} receives for each call. */
export interface ApiCall {
  method: string;
  /** The request's `operation`, or `METHOD <redacted url>`. */
  operation: string;
  /** Redacted absolute URL. */
  url: string;
  /** 1-based attempt number of the request this call belongs to. */
  attempt: number;
}

/** Options of {@link createRequest}. */
export interface CreateRequestOptions {
  provider: ProviderInstance;
  /** The tenant: adds the provider's tenant headers/path and selects the tenant limiter. */
  tenant?: Tenant;
  /** Token hooks; omit for a pipeline that never authenticates. */
  auth?: AuthHooks;
  /** Default: {@link createAxiosTransport}. */
  transport?: Transport;
  limiters: LimiterRegistry;
  /** Default: the system clock. */
  clock?: Clock;
  /** Every line is redacted first. Default: silent. */
  logger?: Logger;
  /** Per-request timeout (default 30 000 ms); `HttpRequest.timeoutMs` overrides it. */
  timeoutMs?: number;
  /** Defaults: 5 retries, 500 ms → 30 s jittered backoff, provider waits up to 120 s honoured. */
  retry?: RetryOptions;
  /** Header carrying idempotency keys on writes (default `Idempotency-Key`). */
  idempotencyHeader?: string;
  /** Called for every call that reaches the transport (every attempt, and the replay after a 401). */
  onApiCall?: (call: ApiCall) => void;
  /** Called with every response (any status), before error mapping. */
  onResponse?: (response: HttpResponse) => void;
}

/**
 * Appends query parameters to an absolute URL (arrays repeat the key; `undefined` is dropped; a key already in the
 * URL is replaced).
 *
 * @example
 * withQuery('https://api.test/x?a=1', { a: 2, tag: ['p', 'q'] }) // 'https://api.test/x?a=2&tag=p&tag=q'
 */
export function withQuery(url: string, query: QueryParams | undefined): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    u.searchParams.delete(k);
    if (Array.isArray(v)) for (const item of v) u.searchParams.append(k, String(item));
    else u.searchParams.set(k, String(v));
  }
  return u.toString();
}

/** Joins a base URL and a relative path with exactly one slash (an empty path is the base itself). */
export function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const ABSOLUTE = /^https?:\/\//i;
const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((h) => h.toLowerCase() === lower);
}

/**
 * Builds the request function of one provider instance (and tenant).
 *
 * @example
 * const request = createRequest({ provider, tenant, auth, limiters: new LimiterRegistry() });
 * const res = await request<{ Invoices: unknown[] }>({ method: 'GET', url: '/Invoices', query: { page: 1 }, operation: 'invoices.list' });
 */
export function createRequest(options: CreateRequestOptions): RequestFn {
  const { provider, tenant } = options;
  const d = provider.descriptor;
  const clock = options.clock ?? systemClock;
  const baseLogger = options.logger ?? noopLogger;
  const transport = options.transport ?? createAxiosTransport({ provider: d.id });
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  const idempotencyHeader = options.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER;
  const appSecrets = [provider.config.clientSecret].filter((s): s is string => typeof s === 'string' && s !== '');
  const defaultQuery = d.defaultQuery ? d.defaultQuery(provider.config) : undefined;
  const tenantLimiter = tenant ? options.limiters.forTenant(provider, tenant.id) : undefined;
  const appLimiter = options.limiters.forApp(provider);

  function resolveUrl(req: HttpRequest): string {
    if (ABSOLUTE.test(req.url)) return withQuery(req.url, req.query);
    const baseName = req.base ?? 'api';
    const base = provider.urls[baseName];
    if (!base) throw new ConfigurationError(`${d.id}: no "${baseName}" base URL is configured`, { provider: d.id });
    const onApi = baseName === 'api';
    const path = tenant && d.tenantPath && onApi ? d.tenantPath(tenant, req.url) : req.url;
    const query = onApi && defaultQuery ? { ...defaultQuery, ...(req.query ?? {}) } : req.query;
    return withQuery(ABSOLUTE.test(path) ? path : joinUrl(base, path), query);
  }

  function encodeBody(body: unknown, headers: Record<string, string>): string | Buffer | undefined {
    if (body === undefined) return undefined;
    if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
    if (body instanceof URLSearchParams) {
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      return body.toString();
    }
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    return JSON.stringify(body);
  }

  const request = async <T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const method = req.method ?? 'GET';
    if (!METHODS.has(method)) throw new ConfigurationError(`unsupported HTTP method "${String(method)}"`, { provider: d.id });
    const isWrite = method !== 'GET';
    const url = resolveUrl(req);
    const headers: Record<string, string> = {
      ...(d.defaultHeaders ?? {}),
      ...(tenant && d.tenantHeaders && !req.anonymous ? d.tenantHeaders(tenant) : {}),
      ...(req.headers ?? {}),
    };
    const idempotencyKey = isWrite && req.idempotencyKey ? req.idempotencyKey : undefined;
    if (idempotencyKey && !hasHeader(headers, idempotencyHeader)) headers[idempotencyHeader] = idempotencyKey;
    const body = encodeBody(req.body, headers);
    // Secrets found while sending this request (tokens the auth layer attaches): every log line and error is cleaned.
    const secrets: string[] = [...appSecrets];
    const logger = redactingLogger(baseLogger, () => secrets);
    const operation = req.operation ?? `${method} ${redactUrl(url)}`;

    const send = transportSend(transport, {
      provider: d.id,
      clock,
      logger,
      ...(options.onApiCall ? { onApiCall: options.onApiCall } : {}),
      ...(options.onResponse ? { onResponse: options.onResponse } : {}),
    });
    const authed = createAuthLayer(options.auth, { provider: d.id, logger })(send);
    const throttled = createThrottleLayer({
      provider,
      ...(tenantLimiter ? { tenant: tenantLimiter } : {}),
      ...(appLimiter ? { app: appLimiter } : {}),
      clock,
      logger,
      maxWaitMs: retry.maxWaitMs,
    })(authed);

    const attempt = async (attemptNumber: number): Promise<HttpResponse<T>> => {
      const pipelineRequest: PipelineRequest = {
        method,
        url,
        headers: { ...headers },
        ...(body !== undefined ? { body } : {}),
        timeoutMs: req.timeoutMs ?? defaultTimeout,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.responseType ? { responseType: req.responseType } : {}),
        operation,
        anonymous: req.anonymous === true,
        isWrite,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        attempt: attemptNumber,
        secrets,
        ...(req.onSent ? { onSent: req.onSent } : {}),
      };
      try {
        const response = await throttled(pipelineRequest);
        const error = errorFromResponse(provider, response, {
          ...(req.operation ? { operation: req.operation } : {}),
          now: clock.now(),
          secrets,
        });
        if (error) throw error;
        return response as HttpResponse<T>;
      } catch (err) {
        throw isLedgerError(err) ? redactError(err, secrets) : err;
      }
    };

    return withRetry(attempt, {
      options: retry,
      isWrite,
      hasIdempotencyKey: idempotencyKey !== undefined,
      clock,
      logger,
      operation,
      provider: d.id,
      timeScale: options.limiters.timeScale,
      ...(req.signal ? { signal: req.signal } : {}),
    });
  };
  return request as RequestFn;
}
