/**
 * One limiter scope — a tenant of a provider app, or the app itself — built from the provider's {@link LimitSet}:
 *
 * - **concurrency** (`maxConcurrent`) and **rate** (`perMinute`, `perHour`) with bottleneck. The rate is enforced by
 *   spacing call starts (`minTime = window / (limit × utilisation)`) rather than a reservoir refilled every minute: a
 *   reservoir lets a full minute's budget out at the end of one refill and another at the start of the next, which a
 *   provider counting a rolling window answers with 429s. Evenly spaced calls reach `utilisation` (default 98 %) of
 *   the published rate and never burst.
 * - **daily quota** (`perDay`) with a sliding-window {@link WindowCounter}: when it is spent, calls fail fast with a
 *   daily `RateLimitError` (`resetAt`) **without** calling the provider. The same counter remembers a provider-side
 *   block (a daily 429), so later calls fail fast too.
 * - **holds**: when the provider says a budget is spent (`X-MinLimit-Remaining: 0`, a 429 with `Retry-After`), new
 *   calls wait until the window has passed — for a remaining count, until the end of the window as learnt from the
 *   counts ({@link FixedWindowTracker}), not a whole window from now; a hold longer than the caller's `maxWaitMs`
 *   fails fast instead.
 *
 * Windows are divided by `timeScale`, so tests and emulators can run a "minute" in a second.
 * @module
 */
import type Bottleneck from 'bottleneck';
import type { Clock } from '../clock';
import { RateLimitError } from '../errors';
import type { LimitSet } from '../provider/types';
import { FixedWindowTracker } from './fixed-window';
import type { WindowCounter } from './window-counter';

/** Provider-time lengths of the windows a {@link LimitSet} speaks of. */
export const WINDOW_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Default share of the published per-minute/per-hour rate the limiter uses (headroom for clock and network jitter). */
export const DEFAULT_UTILISATION = 0.98;

/**
 * Milliseconds between call starts so that no window of the limit sees more than `utilisation` of its budget.
 * 0 when the set has no rate limit.
 *
 * @example
 * spacingMs({ perMinute: 60 }) // ≈ 1020.4 (58.8 calls a minute)
 */
export function spacingMs(limits: LimitSet, timeScale = 1, utilisation = DEFAULT_UTILISATION): number {
  const perMinute = limits.perMinute ? WINDOW_MS.minute / (limits.perMinute * utilisation) : 0;
  const perHour = limits.perHour ? WINDOW_MS.hour / (limits.perHour * utilisation) : 0;
  return Math.max(perMinute, perHour) / timeScale;
}

/** What a {@link ScopeLimiter} is built from. */
export interface ScopeLimiterOptions {
  /** Stable key (`<provider>:<clientId>:tenant:<id>`), shown in errors. */
  key: string;
  scope: 'tenant' | 'app';
  provider: string;
  limits: LimitSet;
  bottleneck: Bottleneck;
  counter: WindowCounter;
  clock: Clock;
  timeScale: number;
}

/** Job priority of a replay inside a slot already held (bottleneck runs lower numbers first; the default is 5). */
const REPLAY_PRIORITY = 0;

/** One scope's limiter. Obtain it from `LimiterRegistry`. */
export class ScopeLimiter {
  readonly key: string;
  readonly scope: 'tenant' | 'app';
  readonly limits: LimitSet;
  private readonly provider: string;
  private readonly bottleneck: Bottleneck;
  private readonly counter: WindowCounter;
  private readonly clock: Clock;
  private readonly timeScale: number;
  private heldUntil = 0;
  private sends = 0;
  private readonly windows = new Map<string, FixedWindowTracker>();

  constructor(options: ScopeLimiterOptions) {
    this.key = options.key;
    this.scope = options.scope;
    this.limits = options.limits;
    this.provider = options.provider;
    this.bottleneck = options.bottleneck;
    this.counter = options.counter;
    this.clock = options.clock;
    this.timeScale = options.timeScale;
  }

  /** Length of a window in clock milliseconds (provider time divided by the time scale). */
  windowMs(window: keyof typeof WINDOW_MS): number {
    return WINDOW_MS[window] / this.timeScale;
  }

  /**
   * Runs `fn` in a slot: within `maxConcurrent`, spaced per the rate limits. Aborting `signal` rejects at once with
   * its reason; a job still queued then runs as a no-op.
   */
  schedule<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.run({}, fn, signal);
  }

  /**
   * Waits for the rate spacing without taking a concurrency slot: for a second call made inside a slot already held
   * (the replay after a 401), so that it is paced like any call but cannot deadlock on its own slot.
   */
  async pace(signal?: AbortSignal): Promise<void> {
    await this.run({ priority: REPLAY_PRIORITY, weight: 0 }, async () => undefined, signal);
  }

  private run<T>(options: Bottleneck.JobOptions, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let cancelled = false;
    const job = this.bottleneck.schedule(options, () => (cancelled ? Promise.resolve(undefined as T) : fn()));
    if (!signal) return job;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        cancelled = true;
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      job.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  /** Fails fast with a daily {@link RateLimitError} when the daily quota is spent or the provider blocked us. */
  async assertCallable(): Promise<void> {
    const now = this.clock.now();
    const state = await this.counter.peek(now, this.windowMs('day'), this.limits.perDay);
    if (!state.ok) throw this.dailyError(state.resetAt, state.by);
  }

  /** Counts one call against the daily quota, or fails fast (the call must then not be sent). */
  async takeCall(): Promise<void> {
    const now = this.clock.now();
    const state = await this.counter.take(now, this.windowMs('day'), this.limits.perDay);
    if (!state.ok) throw this.dailyError(state.resetAt, state.by);
  }

  /** The provider said its daily quota is spent until `resetAtMs`: refuse calls until then (shared through Redis). */
  async blockUntil(resetAtMs: number): Promise<void> {
    await this.counter.block(resetAtMs, this.clock.now());
  }

  /** Holds new calls until `untilMs` (clock time). Keeps the later of two holds. */
  hold(untilMs: number): void {
    this.heldUntil = Math.max(this.heldUntil, untilMs);
  }

  /** Holds new calls for a provider-said wait (`Retry-After`), scaled by `timeScale` like every window. */
  holdFor(providerMs: number): void {
    this.hold(this.clock.now() + providerMs / this.timeScale);
  }

  /**
   * Numbers a call as it is sent, for {@link observeRemaining}: how many calls of this scope left after it.
   */
  noteSend(): number {
    this.sends += 1;
    return this.sends;
  }

  /**
   * The provider reported `remaining` calls left in its current fixed `window`, answering the call sent at `sent.at`
   * (clock ms) as number `sent.number` ({@link noteSend}). When the window's budget is spent — by the count, or by the
   * calls already sent after that one — holds new calls until the window ends as learnt from the counts (see
   * {@link FixedWindowTracker}) and returns the hold's length; else returns 0. `budget` names the count when one
   * scope hears of two budgets with windows of the same length (the tenant's and the app's minute).
   */
  observeRemaining(window: keyof typeof WINDOW_MS, remaining: number, sent: { at: number; number: number }, budget: string = window): number {
    let tracker = this.windows.get(budget);
    if (!tracker) {
      tracker = new FixedWindowTracker(this.windowMs(window), Math.max(2, this.limits.maxConcurrent ?? 5));
      this.windows.set(budget, tracker);
    }
    const now = this.clock.now();
    const until = tracker.observe({ remaining, sentAt: sent.at, receivedAt: now, sentSince: this.sends - sent.number });
    if (until === undefined || until <= this.heldUntil) return 0;
    this.hold(until);
    return until - now;
  }

  /** When the current hold ends (clock ms), or 0. */
  get holdUntil(): number {
    return this.heldUntil;
  }

  /**
   * Waits while the scope is held. A remaining hold longer than `maxWaitMs` is not waited out: it fails with a
   * (retryable) {@link RateLimitError} whose `retryAfterMs` says how long is left.
   */
  async waitForHold(signal: AbortSignal | undefined, maxWaitMs: number): Promise<void> {
    for (;;) {
      const remaining = this.heldUntil - this.clock.now();
      if (remaining <= 0) return;
      if (remaining > maxWaitMs) {
        throw new RateLimitError(
          `${this.provider}: the provider's rate limit for this ${this.scope} is spent for another ${Math.ceil(remaining)} ms (more than maxWaitMs ${maxWaitMs}); not sent`,
          { provider: this.provider, retryAfterMs: Math.ceil(remaining), limit: this.scope === 'app' ? 'app' : 'minute' },
        );
      }
      await this.clock.sleep(remaining, signal);
    }
  }

  /** Stops the limiter: queued jobs are dropped; in Redis mode its subscription is removed. */
  async stop(): Promise<void> {
    await this.bottleneck.stop({ dropWaitingJobs: true, dropErrorMessage: 'ledgerlink: limiter closed' }).catch(() => undefined);
    await Promise.resolve(this.bottleneck.disconnect(false)).catch(() => undefined);
  }

  private dailyError(resetAtMs: number, by: 'budget' | 'provider'): RateLimitError {
    const resetAt = new Date(resetAtMs).toISOString();
    const why =
      by === 'budget'
        ? `the daily budget of ${this.limits.perDay} calls for this ${this.scope} is spent`
        : `the provider reported its daily limit for this ${this.scope} spent`;
    return new RateLimitError(`${this.provider}: ${why}; not sent; resets at ${resetAt}`, {
      provider: this.provider,
      daily: true,
      limit: 'day',
      resetAt,
    });
  }
}
