/**
 * Two limiter registries — standing for two processes: separate Redis connections, separate Bottleneck instances,
 * the same limiter ids — share one tenant's budget through Redis: concurrency, rate spacing, the daily count and a
 * provider-side daily block. Needs the local Redis at 127.0.0.1:6379; says so and skips when it is absent (and fails
 * under LEDGERLINK_REQUIRE_SERVICES=1, as in CI).
 */
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRequest, LimiterRegistry } from '../../src/http';
import { ErrorCodes } from '../../src/errors';
import type { LimitSet } from '../../src/provider/types';
import { hasRedis, services } from '../support/services';
import { handProvider, sendJson, startServer, type LocalServer } from './support';

const redisUp = await hasRedis();
if (!redisUp) console.warn('[ledgerlink tests] test/http/redis-shared-budget.test.ts is skipped: Redis is not reachable at 127.0.0.1:6379.');

describe.skipIf(!redisUp)('limiter budgets shared through Redis by two registries (two processes)', () => {
  const idPrefix = `ledgerlink-test-${process.pid}-${Date.now()}`;
  const connections: Bottleneck.IORedisConnection[] = [];
  const registries: LimiterRegistry[] = [];
  let server: LocalServer | undefined;

  afterEach(async () => {
    await Promise.all(registries.splice(0).map((r) => r.close()));
    await Promise.all(connections.splice(0).map((c) => c.disconnect(false)));
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    const redis = new Redis({ host: services.redis.host, port: services.redis.port, lazyConnect: true });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${idPrefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });

  /** One "process": its own connection (injected, or created by the registry from datastore options). */
  function processRegistry(test: string, how: 'connection' | 'datastore', timeScale = 1, utilisation?: number): LimiterRegistry {
    const common = { idPrefix: `${idPrefix}:${test}`, timeScale, ...(utilisation ? { utilisation } : {}) };
    let registry: LimiterRegistry;
    if (how === 'connection') {
      const connection = new Bottleneck.IORedisConnection({ clientOptions: { host: services.redis.host, port: services.redis.port } });
      connections.push(connection);
      registry = new LimiterRegistry({ ...common, connection });
    } else {
      registry = new LimiterRegistry({ ...common, datastore: { datastore: 'ioredis', clientOptions: { host: services.redis.host, port: services.redis.port } } });
    }
    registries.push(registry);
    return registry;
  }

  function requestOf(registry: LimiterRegistry, url: string, limits: LimitSet, extra: Parameters<typeof handProvider>[0] extends infer P ? Partial<P> : never = {}) {
    return createRequest({
      provider: handProvider({ api: url, tenant: limits, ...extra }),
      tenant: { id: 'shared-tenant' },
      limiters: registry,
      retry: { retries: 0 },
    });
  }

  it('concurrency: together they never exceed the tenant maxConcurrent', async () => {
    server = await startServer((_req, res) => setTimeout(() => sendJson(res, 200, {}), 15));
    const a = requestOf(processRegistry('concurrency', 'connection'), server.url, { maxConcurrent: 2 });
    const b = requestOf(processRegistry('concurrency', 'datastore'), server.url, { maxConcurrent: 2 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b)({ method: 'GET', url: '/x' })));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBe(2);
  });

  it('rate: together they never put more than perMinute calls in one (scaled) minute', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    // timeScale 60: a minute lasts a second. Alone, each registry would allow 20 a second; together still 20.
    const a = requestOf(processRegistry('rate', 'connection', 60, 0.9), server.url, { perMinute: 20 });
    const b = requestOf(processRegistry('rate', 'connection', 60, 0.9), server.url, { perMinute: 20 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b)({ method: 'GET', url: '/x' })));
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(30);
    for (let i = 0; i + 20 < at.length; i++) expect(at[i + 20]! - at[i]!).toBeGreaterThan(1000);
  });

  it('daily budget: calls made by one count for the other; the spent budget fails fast in both without calling', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const a = requestOf(processRegistry('daily', 'connection'), server.url, { perDay: 4 });
    const b = requestOf(processRegistry('daily', 'connection'), server.url, { perDay: 4 });
    for (let i = 0; i < 3; i++) await a({ method: 'GET', url: '/x' });
    await b({ method: 'GET', url: '/x' });
    await expect(a({ method: 'GET', url: '/x' })).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT, resetAt: expect.stringMatching(/Z$/) });
    await expect(b({ method: 'GET', url: '/x' })).rejects.toMatchObject({ code: ErrorCodes.DAILY_LIMIT });
    expect(server.requests).toHaveLength(4);
  });

  it("a provider's daily 429 seen by one blocks the other until resetAt, without calling", async () => {
    server = await startServer((_req, res) => sendJson(res, 429, { Message: 'Daily limit' }, { 'x-problem': 'day', 'retry-after': '3600' }));
    const classify = { classifyThrottle: (r: { headers: Record<string, string> }) => (r.headers['x-problem'] === 'day' ? { scope: 'day', failFast: true } : undefined) };
    const a = requestOf(processRegistry('block', 'connection'), server.url, {}, classify);
    const b = requestOf(processRegistry('block', 'connection'), server.url, {}, classify);
    const first = await a({ method: 'GET', url: '/x' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, status: 429 });
    const second = await b({ method: 'GET', url: '/x' }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: ErrorCodes.DAILY_LIMIT, resetAt: (first as { resetAt: string }).resetAt });
    expect((second as Error).message).toMatch(/not sent/);
    expect(server.requests).toHaveLength(1);
  });
});
