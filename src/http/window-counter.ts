/**
 * Sliding-window call counters for long windows (a provider's daily quota), in memory or in Redis so several
 * processes count one tenant's calls together. A counter also holds a "blocked until" instant for when the provider
 * itself says the quota is spent (a daily 429), so later calls fail fast without calling it.
 *
 * A sliding log is exact: no span of `windowMs` ever holds more than `limit` calls, whichever way the provider
 * aligns its own window (rolling 24 h, or calendar days).
 * @module
 */

/** Outcome of a {@link WindowCounter} check. */
export type WindowState =
  | { ok: true; /** Calls left in the window (after counting this one, for `take`). */ remaining: number }
  | { ok: false; /** When a call becomes possible again (ms since the epoch). */ resetAt: number; /** `budget` (our count) or `provider` (a block). */ by: 'budget' | 'provider' };

/** A counter of calls in a sliding window. */
export interface WindowCounter {
  /** Checks, without counting, whether a call is possible at `now`. `limit` undefined = only blocks apply. */
  peek(now: number, windowMs: number, limit: number | undefined): Promise<WindowState>;
  /** Counts one call at `now` when possible (atomically with the check). */
  take(now: number, windowMs: number, limit: number | undefined): Promise<WindowState>;
  /** Refuses every call until `untilMs` (keeps the later of two blocks). */
  block(untilMs: number, now: number): Promise<void>;
}

/** In-process counter (one process, or tests). */
export class MemoryWindowCounter implements WindowCounter {
  private readonly calls: number[] = [];
  private blockedUntil = 0;

  async peek(now: number, windowMs: number, limit: number | undefined): Promise<WindowState> {
    return this.check(now, windowMs, limit, false);
  }

  async take(now: number, windowMs: number, limit: number | undefined): Promise<WindowState> {
    return this.check(now, windowMs, limit, true);
  }

  async block(untilMs: number): Promise<void> {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  private check(now: number, windowMs: number, limit: number | undefined, count: boolean): WindowState {
    if (this.blockedUntil > now) return { ok: false, resetAt: this.blockedUntil, by: 'provider' };
    if (limit === undefined) return { ok: true, remaining: Number.POSITIVE_INFINITY };
    let expired = 0;
    while (expired < this.calls.length && this.calls[expired]! <= now - windowMs) expired++;
    if (expired) this.calls.splice(0, expired);
    if (this.calls.length >= limit) return { ok: false, resetAt: (this.calls[0] ?? now) + windowMs, by: 'budget' };
    if (count) this.calls.push(now);
    return { ok: true, remaining: limit - this.calls.length };
  }
}

/** The subset of an ioredis client the Redis counter uses. */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

const CHECK_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local count = ARGV[4] == '1'
local blocked = tonumber(redis.call('get', KEYS[2]) or '0')
if blocked > now then return {0, tostring(blocked), 'provider'} end
if limit < 0 then return {1, '-1', ''} end
redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)
local n = redis.call('zcard', KEYS[1])
if n >= limit then
  local oldest = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
  local first = tonumber(oldest[2] or now)
  return {0, tostring(first + window), 'budget'}
end
if count then
  redis.call('zadd', KEYS[1], now, ARGV[5])
  redis.call('pexpire', KEYS[1], math.ceil(window))
  n = n + 1
end
return {1, tostring(limit - n), ''}
`;

const BLOCK_SCRIPT = `
local untilMs = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if untilMs > current and untilMs > now then
  redis.call('set', KEYS[1], tostring(untilMs), 'PX', math.ceil(untilMs - now))
end
return 1
`;

/**
 * Counter shared through Redis (a sorted set of call instants per key, trimmed to the window, expiring with it;
 * checked and updated atomically in one Lua script).
 */
export class RedisWindowCounter implements WindowCounter {
  private sequence = 0;

  /**
   * @param client an ioredis client (or anything with `eval`).
   * @param key Redis key prefix of this counter; the log is `<key>:calls`, the block `<key>:blocked`.
   */
  constructor(
    private readonly client: RedisEvalClient | Promise<RedisEvalClient>,
    private readonly key: string,
  ) {}

  async peek(now: number, windowMs: number, limit: number | undefined): Promise<WindowState> {
    return this.run(now, windowMs, limit, false);
  }

  async take(now: number, windowMs: number, limit: number | undefined): Promise<WindowState> {
    return this.run(now, windowMs, limit, true);
  }

  async block(untilMs: number, now: number): Promise<void> {
    const client = await this.client;
    await client.eval(BLOCK_SCRIPT, 1, `${this.key}:blocked`, Math.round(untilMs), Math.round(now));
  }

  private async run(now: number, windowMs: number, limit: number | undefined, count: boolean): Promise<WindowState> {
    const client = await this.client;
    this.sequence = (this.sequence + 1) % 1_000_000_000;
    const member = `${Math.round(now)}:${process.pid}:${Math.random().toString(36).slice(2)}:${this.sequence}`;
    const reply = (await client.eval(
      CHECK_SCRIPT,
      2,
      `${this.key}:calls`,
      `${this.key}:blocked`,
      Math.round(now),
      Math.round(windowMs),
      limit ?? -1,
      count ? '1' : '0',
      member,
    )) as [number, string, string];
    if (Number(reply[0]) === 1) {
      const remaining = Number(reply[1]);
      return { ok: true, remaining: remaining < 0 ? Number.POSITIVE_INFINITY : remaining };
    }
    return { ok: false, resetAt: Number(reply[1]), by: reply[2] === 'provider' ? 'provider' : 'budget' };
  }
}
