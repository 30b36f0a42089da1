/**
 * A sliding one-minute window per key, for providers that cap token refreshes (FreeAgent: 15 per minute per user).
 * @module
 * @internal
 */
import type { Clock } from '../clock';

/** Waits (on the injected clock) until another refresh fits in the last minute's budget. */
export class RefreshLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Resolves when a refresh for `key` may start and records it. No-op without `perMinute`. */
  async acquire(key: string, perMinute: number | undefined): Promise<void> {
    if (!perMinute || perMinute <= 0) return;
    for (;;) {
      const now = this.clock.now();
      const recent = (this.hits.get(key) ?? []).filter((t) => t > now - 60_000);
      if (recent.length < perMinute) {
        recent.push(now);
        this.hits.set(key, recent);
        return;
      }
      this.hits.set(key, recent);
      await this.clock.sleep(recent[0]! + 60_000 - now);
    }
  }
}
