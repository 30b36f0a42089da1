/**
 * readAheadOne: the next item is requested as soon as the current one arrives, and — given a sent signal — the current
 * one is handed over only once the next request has left (a consumer mapping a page synchronously would otherwise
 * hold the request back); early close settles and closes.
 */
import { describe, expect, it } from 'vitest';
import { readAheadOne } from '../../src/resources/reader';

function source(n: number, failAt?: number) {
  const log: string[] = [];
  let closed = false;
  async function* gen() {
    try {
      for (let i = 1; i <= n; i++) {
        log.push(`fetch ${i}`);
        await new Promise((r) => setTimeout(r, 2));
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { gen: gen(), log, closed: () => closed };
}

describe('readAheadOne', () => {
  it('asks for item n + 1 before the consumer handles item n, and nothing past the end', async () => {
    const s = source(3);
    const seen: string[] = [];
    for await (const item of readAheadOne(s.gen)) seen.push(`handle ${item} after ${s.log.at(-1)}`);
    expect(seen).toEqual(['handle 1 after fetch 2', 'handle 2 after fetch 3', 'handle 3 after fetch 3']);
    expect(s.log).toEqual(['fetch 1', 'fetch 2', 'fetch 3']);
  });

  it('closing early waits for the read in flight, then closes the source', async () => {
    const s = source(10);
    for await (const item of readAheadOne(s.gen)) if (item === 2) break;
    expect(s.log).toEqual(['fetch 1', 'fetch 2', 'fetch 3']);
    expect(s.closed()).toBe(true);
  });

  it('a failing read surfaces when its item is reached, after the items before it', async () => {
    const s = source(5, 3);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAheadOne(s.gen)) seen.push(item);
      })(),
    ).rejects.toThrow('page 3 failed');
    expect(seen).toEqual([1, 2]);
  });

  it('a read that fails while the consumer stops early is not an unhandled rejection', async () => {
    const s = source(5, 2);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const item of readAheadOne(s.gen)) if (item === 1) break;
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('with a sent signal, the current item is handed over only after the next request has left', async () => {
    const log: string[] = [];
    let notify: (() => void) | undefined;
    const nextSent = () => new Promise<void>((r) => (notify = r));
    async function* gen() {
      for (let i = 1; i <= 3; i++) {
        // The request leaves after a limiter's timer turn, then its answer takes a while.
        await new Promise((r) => setTimeout(r, 3));
        log.push(`sent ${i}`);
        notify?.();
        await new Promise((r) => setTimeout(r, 5));
        yield i;
      }
    }
    for await (const item of readAheadOne(gen(), nextSent)) log.push(`handle ${item}`);
    expect(log).toEqual(['sent 1', 'sent 2', 'handle 1', 'sent 3', 'handle 2', 'handle 3']);
  });

  it('a next request that does not leave (a limiter holds it) delays the current item by the short cap only', async () => {
    async function* gen() {
      yield 1;
      await new Promise((r) => setTimeout(r, 300));
      yield 2;
    }
    const it = readAheadOne(gen(), () => new Promise<void>(() => undefined))[Symbol.asyncIterator]();
    const t = Date.now();
    expect((await it.next()).value).toBe(1);
    expect(Date.now() - t).toBeLessThan(200);
    await it.return?.();
  });
});

