/**
 * One error tree for everything ledgerlink throws.
 *
 * Every error is a {@link LedgerError} with a stable string `code` (exported in {@link ErrorCodes}), the `provider`
 * id where one is involved, the HTTP `status` where there was a response, and `retryable`. Secrets never appear in a
 * message or in an enumerable field: the HTTP layer redacts headers and bodies before building these errors, and the
 * `cause` is kept as a non-enumerable property.
 *
 * @module
 */

/** Stable string codes, one per error class (and a few sub-codes). */
export const ErrorCodes = {
  AUTH: 'auth_error',
  RELINK_REQUIRED: 'relink_required',
  RATE_LIMITED: 'rate_limited',
  DAILY_LIMIT: 'daily_limit_exceeded',
  NOT_FOUND: 'not_found',
  VALIDATION: 'validation_error',
  CONFLICT: 'conflict',
  PROVIDER: 'provider_error',
  NETWORK: 'network_error',
  TIMEOUT: 'timeout',
  MAPPING: 'mapping_error',
  NOT_SUPPORTED: 'not_supported',
  CONFIGURATION: 'configuration_error',
  STATE_MISMATCH: 'state_mismatch',
  TENANT_SELECTION: 'tenant_selection_required',
} as const;

/** Union of every exported error code. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Options shared by every ledgerlink error. */
export interface LedgerErrorOptions {
  /** Provider id (e.g. `"xero"`), where the error concerns one. */
  provider?: string;
  /** HTTP status of the response that caused the error, if any. */
  status?: number;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean;
  /** Underlying error. Kept non-enumerable so it never leaks through `JSON.stringify` or structured logging. */
  cause?: unknown;
  /** Provider request id for support (e.g. QuickBooks `intuit_tid`, Xero `Xero-Correlation-Id`). */
  requestId?: string;
  /** Machine-readable provider error code, e.g. QuickBooks Fault code `"6000"`. */
  providerCode?: string;
}

/** Base class of every error ledgerlink throws. */
export class LedgerError extends Error {
  readonly code: ErrorCode;
  readonly provider?: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly requestId?: string;
  readonly providerCode?: string;
  declare readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, options: LedgerErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (options.provider !== undefined) this.provider = options.provider;
    if (options.status !== undefined) this.status = options.status;
    this.retryable = options.retryable ?? false;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: false, configurable: true });
    }
  }

  /** A plain, secret-free object for logs and API responses. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    for (const key of Object.keys(this)) {
      if (!(key in out)) out[key] = (this as Record<string, unknown>)[key];
    }
    return out;
  }
}

/** Authentication or authorisation failed. `code` is `relink_required` when the user must link again. */
export class AuthError extends LedgerError {
  /** True when no refresh can recover the connection: the end user must go through the link flow again. */
  readonly relinkRequired: boolean;
  constructor(message: string, options: LedgerErrorOptions & { relinkRequired?: boolean; code?: ErrorCode } = {}) {
    super(options.code ?? (options.relinkRequired ? ErrorCodes.RELINK_REQUIRED : ErrorCodes.AUTH), message, options);
    this.relinkRequired = options.relinkRequired ?? false;
  }
}

/** The provider throttled the call. `resetAt` is set for daily/long windows, `retryAfterMs` for short ones. */
export class RateLimitError extends LedgerError {
  /** Milliseconds the provider asked us to wait, if it said. */
  readonly retryAfterMs?: number;
  /** When the exhausted quota resets (UTC ISO 8601), for daily limits. */
  readonly resetAt?: string;
  /** Which limit: `minute`, `day`, `concurrent`, `app`, or the provider's own word. */
  readonly limit?: string;
  constructor(
    message: string,
    options: LedgerErrorOptions & { retryAfterMs?: number; resetAt?: string; limit?: string; daily?: boolean } = {},
  ) {
    super(options.daily ? ErrorCodes.DAILY_LIMIT : ErrorCodes.RATE_LIMITED, message, {
      ...options,
      retryable: options.retryable ?? !options.daily,
    });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.resetAt !== undefined) this.resetAt = options.resetAt;
    if (options.limit !== undefined) this.limit = options.limit;
  }
}

/** The record or endpoint does not exist (HTTP 404 or a provider's equivalent). */
export class NotFoundError extends LedgerError {
  constructor(message: string, options: LedgerErrorOptions = {}) {
    super(ErrorCodes.NOT_FOUND, message, options);
  }
}

/** One problem with one field of an input or record. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `lineItems.0.accountRef.id`; empty for the whole record. */
  path: string;
  /** Human-readable message (for provider-side issues, the provider's own words). */
  message: string;
  /** Machine code where known (zod issue code, provider error code). */
  code?: string;
}

/** Input or output did not validate: locally (zod / push options) or on the provider's side (400/422). */
export class ValidationError extends LedgerError {
  readonly issues: FieldIssue[];
  /**
   * On a `conflict` from an update or delete (the record changed since it was read: QuickBooks' stale `SyncToken`),
   * the record as it is now, canonical, when the write path could read it: merge and retry from it.
   */
  readonly current?: unknown;
  constructor(message: string, options: LedgerErrorOptions & { issues?: FieldIssue[]; code?: ErrorCode; current?: unknown } = {}) {
    super(options.code ?? ErrorCodes.VALIDATION, message, options);
    this.issues = options.issues ?? [];
    if (options.current !== undefined) this.current = options.current;
  }
}

/** Any other provider-side failure (5xx, unexpected body, Fault inside a 200, …). */
export class ProviderError extends LedgerError {
  constructor(message: string, options: LedgerErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCodes.PROVIDER, message, options);
  }
}

/** The connection failed (reset, DNS, refused, truncated body). Retryable. */
export class NetworkError extends LedgerError {
  constructor(message: string, options: LedgerErrorOptions = {}) {
    super(ErrorCodes.NETWORK, message, { retryable: true, ...options });
  }
}

/** The request did not complete within its timeout. Retryable. */
export class TimeoutError extends LedgerError {
  readonly timeoutMs?: number;
  constructor(message: string, options: LedgerErrorOptions & { timeoutMs?: number } = {}) {
    super(ErrorCodes.TIMEOUT, message, { retryable: true, ...options });
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
  }
}

/** A provider record could not be turned into (or from) the canonical model. */
export class MappingError extends LedgerError {
  readonly issues: FieldIssue[];
  constructor(message: string, options: LedgerErrorOptions & { issues?: FieldIssue[] } = {}) {
    super(ErrorCodes.MAPPING, message, options);
    this.issues = options.issues ?? [];
  }
}

/** The provider does not offer the requested operation or data type. */
export class NotSupportedError extends LedgerError {
  constructor(message: string, options: LedgerErrorOptions = {}) {
    super(ErrorCodes.NOT_SUPPORTED, message, options);
  }
}

/** The library was configured wrongly (bad descriptor, missing credentials, bad argument). Raised before any HTTP call. */
export class ConfigurationError extends LedgerError {
  constructor(message: string, options: LedgerErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCodes.CONFIGURATION, message, options);
  }
}

/** True when `err` is a ledgerlink error (works across duplicated module copies, ESM and CJS). */
export function isLedgerError(err: unknown): err is LedgerError {
  return (
    err instanceof LedgerError ||
    (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' &&
      Object.values(ErrorCodes).includes((err as { code: ErrorCode }).code) && 'retryable' in err)
  );
}
