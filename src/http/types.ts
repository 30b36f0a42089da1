/**
 * Types of the request pipeline: what a provider asks for, what comes back, and the transport seam.
 * @module
 */

/** Query values; arrays repeat the key; `undefined` is dropped. */
export type QueryParams = Record<string, string | number | boolean | undefined | readonly string[]>;

/** HTTP methods ledgerlink uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request as a provider or the core describes it, before auth and base URL are applied. */
export interface HttpRequest {
  method: HttpMethod;
  /**
   * Path relative to the environment's API base URL (`/Invoices`), or an absolute URL (a `$next` link, a
   * connections endpoint on another host).
   */
  url: string;
  query?: QueryParams;
  headers?: Record<string, string>;
  /** JSON-serialisable body, or a string/Buffer sent as is. */
  body?: unknown;
  /** Per-request timeout in ms (default: the ledger's `timeoutMs`, 30 000). */
  timeoutMs?: number;
  /**
   * Idempotency key of a write. Writes (non-GET) are retried after a timeout, network error or 5xx **only** when set.
   */
  idempotencyKey?: string;
  /** Which base URL a relative `url` is resolved against (default `api`). */
  base?: string;
  /** Skip the auth layer (token endpoint calls, public discovery documents). */
  anonymous?: boolean;
  /** Cancels the request (and any wait before a retry). */
  signal?: AbortSignal;
  /** Label for logs and the API-call counter, e.g. `"invoices.list"`. */
  operation?: string;
  /**
   * How the body is read: `json` (default) parses it when the response says it is JSON (`application/json`,
   * `…+json`) and leaves anything else as text; `text` never parses (XML APIs, CSV exports).
   */
  responseType?: ResponseType;
  /**
   * Called each time an attempt of this request is handed to the transport (after its limiter slot, pacing and
   * budget checks): for callers that overlap their own work with the request in flight (the reader's read-ahead).
   */
  onSent?: () => void;
}

/** How a response body is read: see {@link HttpRequest.responseType}. */
export type ResponseType = 'json' | 'text';

/** A response as the pipeline hands it back (any status the provider's error mapper did not turn into an error). */
export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text. */
  data: T;
  /** The final URL requested (secrets are never in URLs ledgerlink builds). */
  url: string;
}

/** The bottom layer: sends one HTTP request. The default uses axios; inject your own for proxies or tests. */
export interface Transport {
  send(request: TransportRequest): Promise<HttpResponse>;
}

/** What the transport receives: a fully resolved request. */
export interface TransportRequest {
  method: HttpMethod;
  /** Absolute URL with the query string already applied. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Default `json`: see {@link HttpRequest.responseType}. */
  responseType?: ResponseType;
}

/** The function every layer wraps. */
export type RequestFn = <T = unknown>(request: HttpRequest) => Promise<HttpResponse<T>>;

/**
 * A request inside the pipeline: fully resolved (absolute URL, headers, encoded body) plus what the layers share.
 * Each attempt gets its own copy, so a layer may add headers without leaking them into the next attempt.
 */
export interface PipelineRequest extends TransportRequest {
  /** Label for logs and errors (`invoices.list`, or `GET <redacted url>`). */
  operation: string;
  /** Skip the auth layer. */
  anonymous: boolean;
  /** Not a GET: retried after a timeout, reset or 5xx only with an idempotency key. */
  isWrite: boolean;
  idempotencyKey?: string;
  /** 1-based attempt number (retries included). */
  attempt: number;
  /** {@link HttpRequest.onSent}. */
  onSent?: () => void;
  /**
   * Secret strings this request carries (the access tokens the auth layer attached, the client secret): redacted
   * from every error and log line the pipeline produces. Layers append to it.
   */
  secrets: string[];
  /**
   * Awaited by the bottom layer before every HTTP send of this attempt (the auth layer's replay after a 401 is a
   * second send): the throttle layer uses it to pace and count each call. Throwing stops the send.
   */
  beforeSend?: () => Promise<void>;
  /**
   * Awaited by the bottom layer with every response of this attempt (any status), before anything maps it: the
   * throttle layer reads remaining budgets and throttle answers there.
   */
  afterSend?: (response: HttpResponse) => void | Promise<void>;
}

/** One layer's view of the rest of the pipeline: sends a resolved request and returns the raw response. */
export type SendFn = (request: PipelineRequest) => Promise<HttpResponse>;

/** A layer wraps the next one (`retry → throttle → auth → transport`). */
export type Layer = (next: SendFn) => SendFn;
