/**
 * The request pipeline: retry → throttle → auth → transport, with typed errors and redaction.
 * @module
 */
export type * from './types';
export {
  createRequest,
  joinUrl,
  withQuery,
  DEFAULT_IDEMPOTENCY_HEADER,
  DEFAULT_TIMEOUT_MS,
  type ApiCall,
  type CreateRequestOptions,
} from './request';
export { createAxiosTransport, isJsonContentType, transportSend, type AxiosTransportOptions, type TransportSendOptions } from './transport';
export {
  backoffCeilingMs,
  backoffMs,
  decideRetry,
  parseRetryAfter,
  type RetryAfterHint,
  type RetryDecision,
  type RetryPolicy,
} from './decide-retry';
export { errorFromResponse, throttleInfo, type ErrorFromResponseContext } from './errors-from-response';
export { LimiterRegistry, type BottleneckDatastoreOptions, type LimiterRegistryOptions } from './limiter-registry';
export { DEFAULT_UTILISATION, ScopeLimiter, spacingMs, WINDOW_MS, type ScopeLimiterOptions } from './scope-limiter';
export { FixedWindowTracker, type WindowAnswer } from './fixed-window';
export {
  MemoryWindowCounter,
  RedisWindowCounter,
  type RedisEvalClient,
  type WindowCounter,
  type WindowState,
} from './window-counter';
export { createThrottleLayer, type ThrottleLayerOptions } from './throttle';
export { createAuthLayer, type AuthHooks, type AuthLayerOptions } from './auth-layer';
export { DEFAULT_RETRY, retryPolicy, withRetry, type RetryOptions, type WithRetryArgs } from './retry';
export {
  bodyExcerpt,
  redactError,
  redactHeaders,
  redactingLogger,
  redactText,
  redactUrl,
  redactValue,
  REDACTED,
  SECRET_NAME,
} from './redact';
