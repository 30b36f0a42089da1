/**
 * RedisTokenStore against the local Redis server (skipped with a clear message when it is unreachable).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors';
import { RedisTokenStore } from '../../src/auth/redis-token-store';
import { hasRedis, services } from '../support/services';
import { connection, storeContract } from './store-contract';

const available = await hasRedis();
const client = available ? new Redis({ ...services.redis, lazyConnect: false, maxRetriesPerRequest: 1 }) : undefined;
const prefixes: string[] = [];

afterAll(async () => {
  if (!client) return;
  for (const p of prefixes) {
    const keys = await client.keys(`${p}*`);
    if (keys.length) await client.del(...keys);
  }
  client.disconnect();
});

function fresh(key?: Buffer, extra: { lockTtlMs?: number; lockTimeoutMs?: number } = {}): RedisTokenStore {
  const prefix = `ll-test:${randomBytes(6).toString('hex')}:`;
  prefixes.push(prefix);
  return new RedisTokenStore({ client: client!, prefix, ...(key ? { key } : {}), ...extra });
}

storeContract('RedisTokenStore', async () => fresh(), { skip: !available });
storeContract('RedisTokenStore (encrypted)', async () => fresh(randomBytes(32)), { skip: !available });

describe.skipIf(!available)('RedisTokenStore specifics', () => {
  it('encrypts at rest when given a key and refuses a wrong key', async () => {
    const key = randomBytes(32);
    const store = fresh(key);
    const value = connection('conn_1');
    await store.compareAndSet('conn_1', null, value);
    const prefix = prefixes[prefixes.length - 1]!;
    const raw = await client!.hget(`${prefix}conn:conn_1`, 'data');
    expect(raw).not.toContain(value.tokens.accessToken);
    const wrong = new RedisTokenStore({ client: client!, prefix, key: randomBytes(32) });
    await expect(wrong.get('conn_1')).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('CAS holds across separate Redis connections', async () => {
    const store = fresh();
    const prefix = prefixes[prefixes.length - 1]!;
    const others = Array.from({ length: 4 }, () => new Redis(services.redis));
    try {
      await store.compareAndSet('conn_1', null, connection('conn_1'));
      const stores = others.map((c) => new RedisTokenStore({ client: c, prefix }));
      const results = await Promise.all(stores.map((s, i) => s.compareAndSet('conn_1', 1, connection('conn_1', `at-${i}`))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await store.get('conn_1'))?.version).toBe(2);
    } finally {
      for (const c of others) c.disconnect();
    }
  });

  it('a lock is renewed while held, released only by its owner, and expires if the owner dies', async () => {
    const store = fresh(undefined, { lockTtlMs: 300, lockTimeoutMs: 2000 });
    const prefix = prefixes[prefixes.length - 1]!;
    let inside = 0;
    let max = 0;
    const section = async () => {
      inside++;
      max = Math.max(max, inside);
      await new Promise((r) => setTimeout(r, 700));
      inside--;
    };
    await Promise.all([store.withLock('k', section), store.withLock('k', section)]);
    expect(max).toBe(1);

    // A dead owner's lock (no renewal) expires after its TTL.
    await client!.set(`${prefix}lock:dead`, 'someone-else', 'PX', 300);
    const started = Date.now();
    expect(await store.withLock('dead', async () => 'acquired')).toBe('acquired');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // Releasing never deletes another owner's lock.
    await client!.set(`${prefix}lock:theirs`, 'their-token', 'PX', 5000);
    const quick = new RedisTokenStore({ client: client!, prefix, lockTimeoutMs: 100 });
    await expect(quick.withLock('theirs', async () => 'never')).rejects.toThrow(/timed out/);
    expect(await client!.get(`${prefix}lock:theirs`)).toBe('their-token');
  });
});
