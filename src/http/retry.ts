/**
 * The retry layer: p-retry driven by the pure {@link decideRetry}. Waits honour `Retry-After` and provider throttle
 * resets, use the injected clock (so tests shrink them) and end at once when the request's `signal` aborts. Every
 * retry is logged (through a redacting logger) with the attempt number, the wait and the reason.
 * @module
 */
import pRetry from 'p-retry';
import { systemClock, type Clock } from '../clock';
import { noopLogger, type Logger } from '../logger';
import { decideRetry, type RetryDecision, type RetryPolicy } from './decide-retry';
import { redactingLogger } from './redact';

/** Retry settings (each with its default, see {@link DEFAULT_RETRY}). */
export interface RetryOptions {
  /** Retries after the first attempt (default 5). */
  retries?: number;
  /** Backoff ceiling of the first retry; doubles each attempt (default 500 ms). */
  minDelayMs?: number;
  /** Largest backoff (default 30 000 ms). */
  maxDelayMs?: number;
  /** Longest provider-requested wait honoured (default 120 000 ms); longer ones fail with the rate-limit error. */
  maxWaitMs?: number;
  /** Jitter source in [0, 1) (tests). Default `Math.random`. */
  random?: () => number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY = { retries: 5, minDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: 120_000 } as const;

/** Arguments of {@link withRetry} besides the operation. */
export interface WithRetryArgs {
  options?: RetryOptions;
  /** The request is a write (not GET). */
  isWrite: boolean;
  hasIdempotencyKey: boolean;
  /** Waits and "now" (default: the system clock). */
  clock?: Clock;
  /** Receives one `warn` line per retry (redacted by shape here; pass a logger that also knows the secrets in play). */
  logger?: Logger;
  /** Label for log lines (`invoices.list`). */
  operation: string;
  /** Provider id for log lines. */
  provider?: string;
  /**
   * Provider-requested waits are divided by this (the limiter's `timeScale`), like every window and hold, so
   * emulators running time faster are waited out in scaled time. Backoff is not scaled. Default 1.
   */
  timeScale?: number;
  /** Aborts the current wait and stops retrying (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called after each failed attempt with the decision taken (metrics, tests). */
  onDecision?: (decision: RetryDecision & { attempt: number; error: unknown }) => void;
}

/** The full policy of a request from its options (defaults applied). */
export function retryPolicy(args: Pick<WithRetryArgs, 'options' | 'isWrite' | 'hasIdempotencyKey' | 'clock'>): RetryPolicy {
  const o = { ...DEFAULT_RETRY, ...(args.options ?? {}) };
  const clock = args.clock ?? systemClock;
  return {
    retries: o.retries,
    minDelayMs: o.minDelayMs,
    maxDelayMs: o.maxDelayMs,
    maxWaitMs: o.maxWaitMs,
    isWrite: args.isWrite,
    hasIdempotencyKey: args.hasIdempotencyKey,
    now: () => clock.now(),
    ...(o.random ? { random: o.random } : {}),
  };
}

function errorSummary(error: unknown): Record<string, unknown> {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; status?: unknown; message?: unknown };
    return {
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
    };
  }
  return { message: String(error) };
}

/**
 * Runs `attempt(n)` (n = 1, 2, …) until it succeeds or {@link decideRetry} says stop; rejects with the last error.
 *
 * @example
 * const res = await withRetry((n) => send(n), { isWrite: false, hasIdempotencyKey: false, operation: 'invoices.list' });
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, args: WithRetryArgs): Promise<T> {
  const clock = args.clock ?? systemClock;
  const logger = args.logger ? redactingLogger(args.logger) : noopLogger;
  const policy = retryPolicy({ ...args, clock });
  return pRetry(attempt, {
    retries: policy.retries,
    // Waits are decided and taken by decideRetry/clock below; p-retry adds none of its own.
    minTimeout: 0,
    maxTimeout: 0,
    factor: 1,
    randomize: false,
    ...(args.signal ? { signal: args.signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      const decision = decideRetry(error, attemptNumber, policy);
      args.onDecision?.({ ...decision, attempt: attemptNumber, error });
      if (!decision.retry) {
        logger.debug('ledgerlink: not retrying', {
          ...(args.provider ? { provider: args.provider } : {}),
          operation: args.operation,
          attempt: attemptNumber,
          reason: decision.reason,
          error: errorSummary(error),
        });
        return false;
      }
      logger.warn('ledgerlink: retrying request', {
        ...(args.provider ? { provider: args.provider } : {}),
        operation: args.operation,
        attempt: attemptNumber,
        nextAttempt: attemptNumber + 1,
        waitMs: decision.waitMs,
        reason: decision.reason,
        error: errorSummary(error),
      });
      await clock.sleep(decision.providerRequested ? decision.waitMs / (args.timeScale ?? 1) : decision.waitMs, args.signal);
      return true;
    },
  });
}
