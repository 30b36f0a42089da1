/**
 * The in-process limiters yield to the microtask queue instead of bottleneck's `setTimeout(0)` turns (see
 * `yieldWithMicrotasks` in `src/http/limiter-registry.ts`). These tests pin the private hook the registry relies on,
 * so a bottleneck upgrade that moves it fails here, and check by ordering (never by timing) that a limiter step no
 * longer waits for a timer turn, while the limiter's guarantees hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Bottleneck from 'bottleneck';
import { LimiterRegistry } from '../../src/http';
import { handProvider } from './support';

const registries: LimiterRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

function limiterOf(registry: LimiterRegistry, limits = { maxConcurrent: 2 }) {
  registries.push(registry);
  const limiter = registry.forTenant(handProvider({ api: 'http://127.0.0.1:9', tenant: limits }), 'tenant-1');
  return { limiter, store: (limiter as unknown as { bottleneck: { _store: { yieldLoop: (t?: number) => Promise<void> } } }).bottleneck._store };
}

describe('in-process limiters without timer turns', () => {
  it('bottleneck still has the private yieldLoop hook the registry replaces', () => {
    const plain = new Bottleneck({ maxConcurrent: 1 });
    expect(typeof (plain as unknown as { _store: { yieldLoop?: unknown } })._store.yieldLoop).toBe('function');
  });

  it("a limiter's yield settles before a setTimeout(0) fires (a microtask, not a timer turn)", async () => {
    const { store } = limiterOf(new LimiterRegistry());
    const order: string[] = [];
    const timer = new Promise<void>((r) => setTimeout(() => (order.push('timer'), r()), 0));
    await store.yieldLoop().then(() => order.push('yield'));
    await timer;
    expect(order).toEqual(['yield', 'timer']);
  });

  it('an unpatched bottleneck yields after the timer (so the previous test can fail)', async () => {
    const plain = new Bottleneck({ maxConcurrent: 1 });
    const order: string[] = [];
    const timer = new Promise<void>((r) => setTimeout(() => (order.push('timer'), r()), 0));
    await (plain as unknown as { _store: { yieldLoop: () => Promise<void> } })._store.yieldLoop().then(() => order.push('yield'));
    await timer;
    expect(order).toEqual(['timer', 'yield']);
  });

  it('concurrency and FIFO order hold: 30 jobs, at most 2 at once, started in submission order', async () => {
    const { limiter } = limiterOf(new LimiterRegistry());
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limiter.schedule(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});
