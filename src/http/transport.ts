/**
 * The bottom of the pipeline.
 *
 * - {@link createAxiosTransport}: one HTTP request with axios. Every request has an overall deadline enforced by an
 *   `AbortController` besides axios' own `timeout`, so a hung server — headers never sent, or a body that stalls
 *   half-way — ends in a {@link TimeoutError}. Connection failures become {@link NetworkError}s. Bodies are read as
 *   text and parsed here, so a truncated or malformed JSON body is a retryable `NetworkError`, never a crash. Every
 *   status comes back as a response (`validateStatus: () => true`): the pipeline decides what is an error.
 * - {@link transportSend}: wraps any {@link Transport} as the pipeline's last layer — runs the throttle layer's
 *   per-send hooks, counts every call that reaches the provider and logs it (redacted).
 * @module
 */
import axios, { type AxiosInstance } from 'axios';
import type { Clock } from '../clock';
import { isLedgerError, NetworkError, TimeoutError } from '../errors';
import type { Logger } from '../logger';
import { redactText, redactUrl } from './redact';
import type { HttpResponse, SendFn, Transport, TransportRequest } from './types';

/** Options of {@link createAxiosTransport}. */
export interface AxiosTransportOptions {
  /** Your own axios instance (proxies, agents, interceptors). Default: a fresh `axios.create()`. */
  axios?: AxiosInstance;
  /** Provider id for error attribution. */
  provider?: string;
  /**
   * Redirects to follow (default 0: a 3xx comes back as a response, which the pipeline reports as an unexpected
   * redirect — except 304 Not Modified, a success).
   */
  maxRedirects?: number;
}

/** True for `application/json`, `application/problem+json`, `text/json`… */
export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /(^|[/+])json\s*(;|$)/i.test(contentType.trim());
}

function networkMessage(code: string | undefined): string {
  switch (code) {
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name did not resolve';
    case 'EPIPE':
      return 'connection closed while sending';
    case 'ERR_BAD_RESPONSE':
      return 'response ended early or was unreadable';
    default:
      return 'request failed';
  }
}

/** The error code of an axios/Node error, looking through axios' wrapping. */
function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.cause?.code === 'string' && e.cause.code !== 'ERR_BAD_RESPONSE') return e.cause.code;
  return typeof e?.code === 'string' ? e.code : undefined;
}

/** A secret-free stand-in for an axios error (axios errors hold the request config, Authorization header included). */
function safeCause(err: unknown, code: string | undefined): Error {
  const message = err instanceof Error ? redactText(err.message) : 'non-error thrown';
  const cause = new Error(message);
  if (code) Object.assign(cause, { code });
  return cause;
}

/**
 * Creates the default transport (axios).
 *
 * @example
 * const transport = createAxiosTransport({ axios: axios.create({ proxy: { host: 'proxy', port: 3128 } }) });
 * const ledger = createLedger({ providers, transport });
 */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport {
  const client = options.axios ?? axios.create();
  const attribution = options.provider ? { provider: options.provider } : {};
  return {
    async send(req: TransportRequest): Promise<HttpResponse> {
      if (req.signal?.aborted) throw req.signal.reason;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, Math.max(1, req.timeoutMs));
      const onCallerAbort = () => controller.abort();
      req.signal?.addEventListener('abort', onCallerAbort, { once: true });
      const where = `${req.method} ${redactUrl(req.url)}`;
      try {
        const res = await client.request<string>({
          method: req.method,
          url: req.url,
          headers: req.headers,
          data: req.body,
          responseType: 'text',
          responseEncoding: 'utf8',
          transformRequest: [(body: unknown) => body],
          transformResponse: [(body: unknown) => body],
          validateStatus: () => true,
          timeout: req.timeoutMs,
          signal: controller.signal,
          maxRedirects: options.maxRedirects ?? 0,
          decompress: true,
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers ?? {})) {
          if (v === undefined || v === null) continue;
          headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        const text = typeof res.data === 'string' ? res.data : res.data == null ? '' : String(res.data);
        let data: unknown = text;
        if ((req.responseType ?? 'json') === 'json' && isJsonContentType(headers['content-type']) && text.trim() !== '') {
          try {
            data = JSON.parse(text);
          } catch {
            // An error status keeps its body as text: the status says more than the broken body, and a 4xx must not
            // turn into a retryable network error.
            if (res.status < 400) {
              throw new NetworkError(`truncated or malformed body from ${where} (HTTP ${res.status}, ${text.length} characters)`, {
                ...attribution,
                status: res.status,
              });
            }
          }
        }
        return { status: res.status, headers, data, url: req.url };
      } catch (err) {
        if (isLedgerError(err)) throw err;
        const code = errorCode(err);
        if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
          throw new TimeoutError(`no complete response from ${where} within ${req.timeoutMs} ms`, {
            ...attribution,
            timeoutMs: req.timeoutMs,
            cause: safeCause(err, code),
          });
        }
        if (req.signal?.aborted) throw req.signal.reason;
        throw new NetworkError(`${networkMessage(code)}: ${where}${code ? ` (${code})` : ''}`, {
          ...attribution,
          cause: safeCause(err, code),
        });
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onCallerAbort);
      }
    },
  };
}

/** Hooks of {@link transportSend}. */
export interface TransportSendOptions {
  /** Provider id for attribution of transport errors. */
  provider: string;
  clock: Clock;
  /** Already redacting (see `redactingLogger`). */
  logger: Logger;
  /** Called for every call that reaches the transport (retries and the replay after a 401 included). */
  onApiCall?: (call: { method: string; operation: string; url: string; attempt: number }) => void;
  /** Called with every response (any status), before anything maps it. */
  onResponse?: (response: HttpResponse) => void;
}

/**
 * The pipeline's last layer: runs `beforeSend` (the throttle layer paces and counts the call there; it may refuse),
 * counts the call, sends it, logs the outcome, and hands the response to `afterSend` and `onResponse`. A transport
 * that throws something other than a ledgerlink error is reported as a {@link NetworkError}.
 */
export function transportSend(transport: Transport, options: TransportSendOptions): SendFn {
  return async (req) => {
    await req.beforeSend?.();
    if (req.signal?.aborted) throw req.signal.reason;
    const url = redactUrl(req.url, req.secrets);
    options.onApiCall?.({ method: req.method, operation: req.operation, url, attempt: req.attempt });
    const started = options.clock.now();
    let response: HttpResponse;
    try {
      const sending = transport.send({
        method: req.method,
        url: req.url,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        timeoutMs: req.timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.responseType ? { responseType: req.responseType } : {}),
      });
      try {
        req.onSent?.();
      } catch {
        // A caller's notification must not fail the request.
      }
      response = await sending;
    } catch (err) {
      if (req.signal?.aborted && !isLedgerError(err)) throw err;
      const error = isLedgerError(err)
        ? err
        : new NetworkError(`transport failed: ${req.method} ${url}: ${err instanceof Error ? err.message : String(err)}`, {
            provider: options.provider,
            cause: safeCause(err, errorCode(err)),
          });
      options.logger.debug('ledgerlink: request failed', {
        provider: options.provider,
        operation: req.operation,
        method: req.method,
        url,
        attempt: req.attempt,
        durationMs: options.clock.now() - started,
        error: { code: error.code, message: error.message },
      });
      throw error;
    }
    options.logger.debug('ledgerlink: response', {
      provider: options.provider,
      operation: req.operation,
      method: req.method,
      url,
      attempt: req.attempt,
      status: response.status,
      durationMs: options.clock.now() - started,
    });
    await req.afterSend?.(response);
    options.onResponse?.(response);
    return response;
  };
}
