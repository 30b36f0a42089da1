/**
 * The throttle layer: every attempt takes a slot of the tenant limiter (and of the app limiter, when the provider
 * limits the app) before it reaches the provider, and every call made in that slot — the replay after a 401 too — is
 * paced and counted against the daily quota. It also listens to the provider:
 *
 * - remaining-budget headers (`rateLimits.readRemaining`): every count is fed to the scope's window tracker, and
 *   `minute: 0` holds the tenant (`appMinute: 0` the app) until the provider's fixed window ends, as learnt from the
 *   counts (at most one whole window);
 * - throttle responses (`rateLimits.classifyThrottle`, `Retry-After`): a per-minute 429 holds the scope for the wait
 *   the provider asked; a daily one (`failFast`) blocks the scope until `resetAt`, so later calls fail fast without
 *   calling the provider.
 * @module
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ProviderInstance } from '../provider/types';
import { throttleInfo } from './errors-from-response';
import type { ScopeLimiter } from './scope-limiter';
import type { HttpResponse, Layer } from './types';

/** Options of {@link createThrottleLayer}. */
export interface ThrottleLayerOptions {
  provider: ProviderInstance;
  /** The tenant's limiter (absent for calls made without a tenant). */
  tenant?: ScopeLimiter;
  /** The app's limiter, when the provider limits the app. */
  app?: ScopeLimiter;
  clock: Clock;
  /** Already redacting. */
  logger: Logger;
  /** A hold longer than this is not waited out: the call fails with a `RateLimitError` (default 120 000). */
  maxWaitMs?: number;
}

/** Runs an outer layer's hook first, then this layer's. */
function chain<A extends unknown[]>(first: ((...a: A) => unknown) | undefined, second: (...a: A) => Promise<void>): (...a: A) => Promise<void> {
  if (!first) return second;
  return async (...args: A) => {
    await first(...args);
    await second(...args);
  };
}

/**
 * Builds the throttle layer.
 *
 * @example
 * const send = createThrottleLayer({ provider, tenant: limiters.forTenant(provider, tenant.id), app: limiters.forApp(provider), clock, logger })(authLayer);
 */
export function createThrottleLayer(options: ThrottleLayerOptions): Layer {
  const { provider, tenant, app, clock, logger } = options;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const scopes = [tenant, app].filter((s): s is ScopeLimiter => s !== undefined);
  const id = provider.descriptor.id;

  async function observe(response: HttpResponse, sent: Map<ScopeLimiter, { at: number; number: number }>): Promise<void> {
    const remaining = provider.descriptor.rateLimits.readRemaining?.(response.headers);
    const tenantSent = tenant && sent.get(tenant);
    if (remaining?.minute !== undefined && tenant && tenantSent) {
      const heldForMs = tenant.observeRemaining('minute', remaining.minute, tenantSent);
      if (heldForMs > 0) {
        logger.debug('ledgerlink: provider says the minute budget is spent; holding the tenant until its window ends', { provider: id, heldForMs });
      }
    }
    const appScope = app ?? tenant;
    const appSent = appScope && sent.get(appScope);
    if (remaining?.appMinute !== undefined && appScope && appSent) {
      // Without an app limiter the tenant's stands in; it keeps a tracker of its own for the app's counts.
      const heldForMs = appScope.observeRemaining('minute', remaining.appMinute, appSent, 'appMinute');
      if (heldForMs > 0) logger.debug('ledgerlink: provider says the app minute budget is spent; holding until its window ends', { provider: id, heldForMs });
    }
    if (response.status < 400) return;
    const now = clock.now();
    const info = throttleInfo(provider, response, now);
    if (!info) return;
    const target = info.scope === 'app' && app ? app : (tenant ?? app);
    if (!target) return;
    if (info.failFast) {
      const resetAt = info.resetAt ? Date.parse(info.resetAt) : Number.NaN;
      if (!Number.isNaN(resetAt)) {
        await target.blockUntil(resetAt).catch((err: unknown) =>
          logger.warn('ledgerlink: could not record the provider daily block', { provider: id, error: err }),
        );
      }
      return;
    }
    if (info.retryAfterMs !== undefined && info.retryAfterMs > 0) target.holdFor(info.retryAfterMs);
  }

  return (next) => {
    if (scopes.length === 0) return next;
    return async (req) => {
      for (const scope of scopes) {
        await scope.assertCallable();
        await scope.waitForHold(req.signal, maxWaitMs);
      }
      let sends = 0;
      const sent = new Map<ScopeLimiter, { at: number; number: number }>();
      const beforeSend = async () => {
        sends += 1;
        for (const scope of scopes) {
          if (sends > 1) await scope.pace(req.signal);
          await scope.waitForHold(req.signal, maxWaitMs);
          await scope.takeCall();
        }
        const at = clock.now();
        for (const scope of scopes) sent.set(scope, { at, number: scope.noteSend() });
      };
      const afterSend = (response: HttpResponse) => observe(response, sent);
      const inner = { ...req, beforeSend: chain(req.beforeSend, beforeSend), afterSend: chain(req.afterSend, afterSend) };
      const run = scopes.reduceRight<() => Promise<HttpResponse>>(
        (innerRun, scope) => () => scope.schedule(innerRun, req.signal),
        () => next(inner),
      );
      return run();
    };
  };
}
