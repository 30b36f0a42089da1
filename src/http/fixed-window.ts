/**
 * Where a provider's fixed rate-limit window ends, learnt from the remaining counts it reports.
 *
 * Xero counts calls in fixed minute windows that "reset at different times per tenant" and says how many calls are
 * left in the current one (`X-MinLimit-Remaining`), but not when it resets. Holding a whole window when the count
 * reaches 0 is safe but wasteful: a client pacing at 98 % of the rate meets `0` when arrival jitter puts a 60th call
 * into one window, and a full-window hold then costs up to half the run's throughput. The phase can be learnt instead:
 *
 * - Within a window the count only falls, call by call in the order calls arrive, and each call takes its own count.
 *   Answers of concurrent calls may come back out of that order, so a count above the lowest seen is a new window only
 *   when it cannot be disorder: the count was already seen in this window, or the call was sent after the lowest
 *   count's answer was received (so it arrived later, and a later call in the same window would have a lower count),
 *   or it rose by more than the calls that can be in flight at once. Mistaking disorder for a new window only moves
 *   the bound below later, which holds longer, never shorter.
 * - A new window began at the latest when the answer that showed it was received (the call it answers was counted in
 *   the new window, so it arrived after the window started, and it arrived before its answer came back). That receive
 *   time is an upper bound of the window's start, so "bound + window length" is an upper bound of its end: holding
 *   until then never ends a hold early.
 * - The first count ever seen starts a window bound the same way (the window may have started earlier; the bound
 *   stays an upper one).
 * - A count far *below* the lowest of the current window, answering a call sent before that window was seen, belongs
 *   to a call counted in the previous window whose answer came late; it says nothing about the current window and is
 *   ignored. (A big fall in answers to calls sent later is real: other processes spend the same budget.)
 *
 * The budget is spent when the count reaches 0 — or when the calls already sent after the answered one will use what
 * remains (a client pacing near the limit with calls in flight would otherwise send one call too many into a window
 * that arrival jitter has filled). Then the tracker answers how long to hold: until the bound's window ends; not at all when that
 * end has passed and the call was sent before it (the spent window is over: a late answer); one whole window from
 * now, as before, when the call was sent after it (the count comes from a window whose start was not seen).
 * @module
 */

/** One answer's report of a fixed window's budget. Times are clock milliseconds. */
export interface WindowAnswer {
  /** Calls left in the window, as the provider reported. */
  remaining: number;
  /** When the call was sent. */
  sentAt: number;
  /** When its answer was received. */
  receivedAt: number;
  /** Calls of the same scope sent after this one (counted by the provider after it, unless a new window begins). */
  sentSince?: number;
}

/** Learns one fixed window's phase. Times are clock milliseconds; `windowMs` is already divided by any time scale. */
export class FixedWindowTracker {
  /** Latest instant the current window can have started; undefined before the first count. */
  private startBound: number | undefined;
  /** Lowest count seen in the current window, and when the answer that showed it was received. */
  private lowest = Number.POSITIVE_INFINITY;
  private lowestAt = Number.NEGATIVE_INFINITY;
  /** Every count seen in the current window. */
  private readonly seen = new Set<number>();

  /**
   * @param windowMs the window's length.
   * @param disorder how far counts may arrive out of order (about the number of calls in flight at once).
   */
  constructor(
    private readonly windowMs: number,
    private readonly disorder: number,
  ) {}

  /**
   * Feeds one answer's count. Returns the instant until which new calls must wait when the window's budget is spent —
   * by the count itself, or by the calls already sent after this one (`sentSince`), which the provider will count
   * against what remains — else `undefined`.
   *
   * @example
   * const minute = new FixedWindowTracker(60_000, 5);
   * minute.observe({ remaining: 59, sentAt: t0 - 30, receivedAt: t0 });              // a new window, started by t0 at the latest
   * minute.observe({ remaining: 0, sentAt: t0 + 57_970, receivedAt: t0 + 58_000 });  // → t0 + 60_000: hold two seconds, not a minute
   */
  observe(answer: WindowAnswer): number | undefined {
    const { remaining, sentAt, receivedAt: now } = answer;
    if (!Number.isFinite(remaining) || remaining < 0) return undefined;
    if (this.startBound === undefined || this.isNewWindow(remaining, sentAt)) {
      this.startBound = now;
      this.lowest = remaining;
      this.lowestAt = now;
      this.seen.clear();
      this.seen.add(remaining);
    } else if (sentAt < this.startBound && remaining < this.lowest - this.disorder) {
      // Far below what this window has reached, for a call sent before it was seen: counted in the previous window.
      return undefined;
    } else {
      this.seen.add(remaining);
      if (remaining <= this.lowest) {
        this.lowest = remaining;
        this.lowestAt = now;
      }
    }
    if (remaining - (answer.sentSince ?? 0) > 0) return undefined;
    const end = this.startBound + this.windowMs;
    if (end > now) return end;
    // The window this count was taken in has ended already — if the call was sent before it ended; else a 0 comes
    // from a window whose start was not seen: hold one whole window. A projection alone never holds that long.
    return sentAt < end || remaining > 0 ? undefined : now + this.windowMs;
  }

  /**
   * Whether a count cannot belong to the current window: it is one already seen there (each call takes its own
   * count), or it is above the lowest although the call left after that count's answer came back (it arrived later,
   * so in the same window it would count lower), or it rose by more than the calls that can be in flight at once.
   * A 0 may repeat (throttled calls are not counted).
   */
  private isNewWindow(remaining: number, sentAt: number): boolean {
    if (remaining > 0 && this.seen.has(remaining)) return true;
    return remaining > this.lowest && (sentAt >= this.lowestAt || remaining > this.lowest + this.disorder);
  }

  /** The latest instant the current window can end, when a count has been seen (for logs and tests). */
  get windowEndBound(): number | undefined {
    return this.startBound === undefined ? undefined : this.startBound + this.windowMs;
  }
}
