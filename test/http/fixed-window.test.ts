/**
 * Learning a provider's fixed window from its remaining counts (`FixedWindowTracker`): the rules one by one, then a
 * simulated client against a fixed-window server with jittery, reordering latencies — the situation of Xero's
 * `X-MinLimit-Remaining` — where holds must never end early (no call arrives in a spent window) and must not waste
 * the budget the way a whole-window hold does.
 */
import { describe, expect, it } from 'vitest';
import { FixedWindowTracker, type WindowAnswer } from '../../src/http/fixed-window';
import { mulberry32 } from '../../src/testing/emulator/random';

const ans = (remaining: number, sentAt: number, receivedAt: number, sentSince?: number): WindowAnswer => ({ remaining, sentAt, receivedAt, ...(sentSince !== undefined ? { sentSince } : {}) });

describe('FixedWindowTracker', () => {
  it('holds until the end of the window that began when the count first appeared, not a whole window from now', () => {
    const w = new FixedWindowTracker(60_000, 5);
    expect(w.observe(ans(59, 970, 1_000))).toBeUndefined();
    expect(w.observe(ans(20, 39_000, 40_000))).toBeUndefined();
    expect(w.observe(ans(0, 57_000, 58_000))).toBe(61_000);
  });

  it('a count that jumps back up starts a new window, bounded by when that answer came', () => {
    const w = new FixedWindowTracker(60_000, 5);
    w.observe(ans(59, 0, 10));
    w.observe(ans(1, 59_000, 59_050));
    expect(w.observe(ans(58, 61_000, 61_030))).toBeUndefined();
    expect(w.windowEndBound).toBe(121_030);
    expect(w.observe(ans(0, 100_000, 100_040))).toBe(121_030);
  });

  it('small rises within the disorder of concurrent answers are the same window', () => {
    const w = new FixedWindowTracker(60_000, 5);
    w.observe(ans(30, 0, 100));
    w.observe(ans(27, 200, 300));
    w.observe(ans(29, 150, 310)); // answered late, counted earlier
    expect(w.windowEndBound).toBe(60_100);
    expect(w.observe(ans(0, 40_000, 40_100))).toBe(60_100);
  });

  it('a small rise for a call sent after the lowest count came back is a new window (a later arrival counts lower)', () => {
    const w = new FixedWindowTracker(1_000, 5);
    w.observe(ans(57, 0, 40));
    w.observe(ans(56, 20, 60));
    // The window reset after four calls; the rise (56 → 58) is within the disorder, but this call left after 60.
    w.observe(ans(58, 70, 110));
    expect(w.windowEndBound).toBe(1_110);
  });

  it('calls already sent after the answered one spend what it says remains: hold until the window ends', () => {
    const w = new FixedWindowTracker(1_000, 5);
    w.observe(ans(59, 0, 30));
    expect(w.observe(ans(3, 900, 940, 2))).toBeUndefined();
    expect(w.observe(ans(2, 917, 960, 2))).toBe(1_030);
  });

  it('a projection alone never holds a whole window when the phase is unknown', () => {
    const w = new FixedWindowTracker(1_000, 5);
    w.observe(ans(40, 0, 10));
    expect(w.observe(ans(1, 2_000, 2_030, 3))).toBeUndefined();
  });

  it('a late answer counted in the previous window neither starts a hold nor moves the window', () => {
    const w = new FixedWindowTracker(60_000, 5);
    w.observe(ans(2, 59_900, 59_950));
    w.observe(ans(59, 60_000, 60_040)); // the new window
    expect(w.observe(ans(0, 59_960, 60_060))).toBeUndefined(); // sent before the new window was seen, and far below it
    expect(w.windowEndBound).toBe(120_040);
  });

  it('a steep fall in answers to calls sent later is real (other processes spend the same budget)', () => {
    const w = new FixedWindowTracker(60_000, 5);
    w.observe(ans(59, 0, 40));
    expect(w.observe(ans(0, 1_000, 1_040))).toBe(60_040);
  });

  it('the first count ever seen may be mid-window: its arrival still bounds the window start from above', () => {
    const w = new FixedWindowTracker(60_000, 5);
    expect(w.observe(ans(0, 5_000, 5_030))).toBe(65_030);
  });

  it('a 0 answered after the learnt window ended, for a call sent before that, needs no hold: that window is over', () => {
    const w = new FixedWindowTracker(1_000, 5);
    w.observe(ans(59, 0, 10));
    w.observe(ans(1, 990, 1_000));
    expect(w.observe(ans(0, 1_005, 1_060))).toBeUndefined();
  });

  it('a 0 for a call sent after the learnt window ended comes from a window not seen: one whole window from now', () => {
    const w = new FixedWindowTracker(60_000, 5);
    w.observe(ans(40, 0, 10));
    // The count fell within what the disorder allows, yet the bound's window was over when the call left.
    expect(w.observe(ans(0, 70_000, 70_100))).toBe(130_100);
  });

  it('ignores counts that are not counts', () => {
    const w = new FixedWindowTracker(60_000, 5);
    expect(w.observe(ans(Number.NaN, 0, 1))).toBeUndefined();
    expect(w.observe(ans(-1, 0, 1))).toBeUndefined();
    expect(w.windowEndBound).toBeUndefined();
  });
});

interface SimOptions {
  seed: number;
  calls: number;
  limit: number;
  windowMs: number;
  maxConcurrent: number;
  /** The server's windows: `lazy` starts one at the first call after the last ended (the emulator), `periodic` resets on a fixed phase. */
  windows: 'lazy' | 'periodic';
  /** Holds: learnt from the counts, or one whole window from the answer (the old behaviour). */
  hold: 'learnt' | 'whole-window';
  /** Milliseconds to the server, and spent there: each uniform in [min, min + spread). */
  toServer: [number, number];
  atServer: [number, number];
}

/**
 * A client pacing call starts at 98 % of `limit` per window, `maxConcurrent` in flight, against a server counting
 * arrivals in fixed windows; random latencies make answers come back out of order.
 */
function simulate(o: SimOptions) {
  const rnd = mulberry32(o.seed);
  const spacing = o.windowMs / (o.limit * 0.98);
  const phase = rnd() * o.windowMs;
  const tracker = new FixedWindowTracker(o.windowMs, o.maxConcurrent);
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  let throttled = 0;
  let holdUntil = 0;
  let nextStart = 0;
  let sent = 0;
  const inFlight: { seq: number; sentAt: number; arrive: number; answer: number; remaining?: number }[] = [];
  let now = 0;
  let done = 0;
  while (done < o.calls) {
    // The next event: a send (slot free and allowed), an arrival, or an answer — whichever comes first.
    const canSend = sent < o.calls && inFlight.length < o.maxConcurrent;
    const sendAt = canSend ? Math.max(nextStart, holdUntil, now) : Number.POSITIVE_INFINITY;
    const pendingArrival = inFlight.filter((c) => c.remaining === undefined).sort((a, b) => a.arrive - b.arrive)[0];
    const nextAnswer = inFlight.filter((c) => c.remaining !== undefined).sort((a, b) => a.answer - b.answer)[0];
    const arriveAt = pendingArrival?.arrive ?? Number.POSITIVE_INFINITY;
    const answerAt = nextAnswer?.answer ?? Number.POSITIVE_INFINITY;
    if (arriveAt <= sendAt && arriveAt <= answerAt) {
      now = arriveAt;
      const c = pendingArrival!;
      if (o.windows === 'lazy') {
        if (now - windowStart >= o.windowMs) {
          windowStart = now;
          count = 0;
        }
      } else {
        const start = phase + Math.floor((now - phase) / o.windowMs) * o.windowMs;
        if (start !== windowStart) {
          windowStart = start;
          count = 0;
        }
      }
      if (count >= o.limit) {
        throttled += 1;
        c.remaining = 0;
      } else {
        count += 1;
        c.remaining = o.limit - count;
      }
      continue;
    }
    if (answerAt <= sendAt) {
      now = answerAt;
      const c = nextAnswer!;
      inFlight.splice(inFlight.indexOf(c), 1);
      done += 1;
      if (o.hold === 'learnt') {
        const until = tracker.observe({ remaining: c.remaining!, sentAt: c.sentAt, receivedAt: now, sentSince: sent - c.seq });
        if (until !== undefined) holdUntil = Math.max(holdUntil, until);
      } else if (c.remaining === 0) {
        holdUntil = Math.max(holdUntil, now + o.windowMs);
      }
      continue;
    }
    now = sendAt;
    const arrive = now + o.toServer[0] + rnd() * o.toServer[1];
    sent += 1;
    inFlight.push({ seq: sent, sentAt: now, arrive, answer: arrive + o.atServer[0] + rnd() * o.atServer[1] });
    nextStart = now + spacing;
  }
  const allowedCalls = (now / o.windowMs) * o.limit;
  return { throttled, efficiency: o.calls / allowedCalls };
}

describe('against a fixed-window server with jittery, reordering latencies', () => {
  // Xero's 60 calls a minute at time ×60: a call every 17 ms, five in flight.
  const base = { calls: 600, limit: 60, windowMs: 1_000, maxConcurrent: 5 } as const;
  /** Round trips of 6–44 ms: up to 3 calls in flight, answers often out of order. */
  const jittery = { toServer: [1, 9], atServer: [5, 30] } as { toServer: [number, number]; atServer: [number, number] };
  /** Round trips of 7–105 ms, up to 6 call spacings: as out of order as five in flight allows. */
  const stormy = { toServer: [2, 23], atServer: [5, 75] } as { toServer: [number, number]; atServer: [number, number] };
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it.each(['lazy', 'periodic'] as const)('%s windows, jittery: no call ever arrives in a spent window, and every run reaches ≥ 95 %% of the rate', (windows) => {
    for (const seed of seeds) {
      const run = simulate({ ...base, ...jittery, seed, windows, hold: 'learnt' });
      expect(run.throttled, `seed ${seed}`).toBe(0);
      expect(run.efficiency, `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it.each(['lazy', 'periodic'] as const)('%s windows, stormy: still no call in a spent window, ≥ 95 %% of the rate on average, ≥ 90 %% in every run', (windows) => {
    const runs = seeds.map((seed) => simulate({ ...base, ...stormy, seed, windows, hold: 'learnt' }));
    expect(runs.map((r) => r.throttled)).toEqual(seeds.map(() => 0));
    expect(mean(runs.map((r) => r.efficiency))).toBeGreaterThanOrEqual(0.95);
    expect(Math.min(...runs.map((r) => r.efficiency))).toBeGreaterThanOrEqual(0.9);
  });

  it('holding a whole window instead loses a large share of the rate in the same runs', () => {
    const learnt = seeds.map((seed) => simulate({ ...base, ...jittery, seed, windows: 'lazy', hold: 'learnt' }).efficiency);
    const whole = seeds.map((seed) => simulate({ ...base, ...jittery, seed, windows: 'lazy', hold: 'whole-window' }).efficiency);
    expect(mean(whole)).toBeLessThan(mean(learnt) - 0.05);
  });
});
