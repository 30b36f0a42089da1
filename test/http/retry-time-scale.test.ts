/** withRetry scales provider-requested waits by the limiter's timeScale (as every window and hold is); never backoff. */
import { describe, expect, it } from 'vitest';
import { NetworkError, RateLimitError } from '../../src/errors';
import { withRetry } from '../../src/http/retry';
import type { Clock } from '../../src/clock';

function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) } as Clock & { sleeps: number[] };
}

async function run(errors: unknown[], timeScale?: number) {
  const clock = recordingClock();
  let calls = 0;
  const result = await withRetry(
    async () => {
      const err = errors[calls++];
      if (err) throw err;
      return 'done';
    },
    { options: { retries: 3, minDelayMs: 100, maxDelayMs: 100, random: () => 0.5 }, isWrite: false, hasIdempotencyKey: false, clock, operation: 'test', ...(timeScale ? { timeScale } : {}) },
  );
  return { result, sleeps: clock.sleeps };
}

describe('withRetry and timeScale', () => {
  it('divides a Retry-After wait by timeScale', async () => {
    const { result, sleeps } = await run([new RateLimitError('slow down', { status: 429, retryAfterMs: 60_000 })], 60);
    expect(result).toBe('done');
    expect(sleeps).toEqual([1000]);
  });

  it('waits the full Retry-After without a time scale', async () => {
    const { sleeps } = await run([new RateLimitError('slow down', { status: 429, retryAfterMs: 6000 })]);
    expect(sleeps).toEqual([6000]);
  });

  it('does not scale its own backoff', async () => {
    const { sleeps } = await run([new NetworkError('reset')], 60);
    expect(sleeps).toEqual([50]); // full jitter: 0.5 × the 100 ms ceiling, unscaled
  });
});
