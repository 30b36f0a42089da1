/**
 * PostgresTokenStore against the local PostgreSQL server (skipped with a clear message when it is unreachable).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors';
import { PostgresTokenStore } from '../../src/auth/postgres-token-store';
import { hasPostgres, services } from '../support/services';
import { connection, storeContract } from './store-contract';

const available = await hasPostgres();
const pool = available ? new pg.Pool({ ...services.postgres, max: 6 }) : undefined;
const tables: string[] = [];

afterAll(async () => {
  if (!pool) return;
  for (const t of tables) await pool.query(`DROP TABLE IF EXISTS "${t}"`);
  await pool.end();
});

async function fresh(key?: Buffer): Promise<PostgresTokenStore> {
  const table = `ll_tokens_test_${randomBytes(6).toString('hex')}`;
  tables.push(table);
  const store = new PostgresTokenStore({ pool: pool!, table, ...(key ? { key } : {}) });
  await store.ensureSchema();
  return store;
}

storeContract('PostgresTokenStore', () => fresh(), { skip: !available });
storeContract('PostgresTokenStore (encrypted)', () => fresh(randomBytes(32)), { skip: !available });

describe.skipIf(!available)('PostgresTokenStore specifics', () => {
  it('ensureSchema is idempotent and safe to run concurrently', async () => {
    const table = `ll_tokens_test_${randomBytes(6).toString('hex')}`;
    tables.push(table);
    await Promise.all(Array.from({ length: 4 }, () => new PostgresTokenStore({ pool: pool!, table }).ensureSchema()));
    const { rows } = await pool!.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = $1', [table]);
    expect(rows[0].n).toBe(1);
  });

  it('encrypts at rest when given a key, and refuses a wrong or missing key', async () => {
    const key = randomBytes(32);
    const store = await fresh(key);
    const table = tables[tables.length - 1]!;
    const value = connection('conn_1');
    await store.compareAndSet('conn_1', null, value);
    const { rows } = await pool!.query(`SELECT data::text AS raw FROM "${table}"`);
    expect(rows[0].raw).not.toContain(value.tokens.accessToken);
    expect(rows[0].raw).not.toContain(value.tokens.refreshToken);
    await expect(new PostgresTokenStore({ pool: pool!, table, key: randomBytes(32) }).get('conn_1')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(new PostgresTokenStore({ pool: pool!, table }).get('conn_1')).rejects.toThrow(/configure the store's key/);
  });

  it('CAS holds across separate pool connections racing on one version', async () => {
    const store = await fresh();
    await store.compareAndSet('conn_1', null, connection('conn_1'));
    let version = 1;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.compareAndSet('conn_1', version, connection('conn_1', `at-${round}-${i}`))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      version++;
    }
    expect((await store.get('conn_1'))?.version).toBe(6);
  });

  it('withLock excludes another store instance on another pool (another process)', async () => {
    const store = await fresh();
    const table = tables[tables.length - 1]!;
    const otherPool = new pg.Pool({ ...services.postgres, max: 2 });
    try {
      const other = new PostgresTokenStore({ pool: otherPool, table });
      const events: string[] = [];
      await Promise.all([
        store.withLock('refresh:conn_1', async () => {
          events.push('a-in');
          await new Promise((r) => setTimeout(r, 100));
          events.push('a-out');
        }),
        new Promise((r) => setTimeout(r, 20)).then(() =>
          other.withLock('refresh:conn_1', async () => {
            events.push('b-in');
            events.push('b-out');
          }),
        ),
      ]);
      expect(events).toEqual(['a-in', 'a-out', 'b-in', 'b-out']);
      const quick = new PostgresTokenStore({ pool: otherPool, table, lockTimeoutMs: 100 });
      const holding = store.withLock('refresh:conn_2', () => new Promise((r) => setTimeout(r, 400)));
      await new Promise((r) => setTimeout(r, 30));
      await expect(quick.withLock('refresh:conn_2', async () => 'never')).rejects.toThrow(/lock timeout/);
      await holding;
    } finally {
      await otherPool.end();
    }
  });

  it('rejects unsafe table names', () => {
    expect(() => new PostgresTokenStore({ pool: pool!, table: 'x; DROP TABLE y' })).toThrow(ConfigurationError);
    expect(() => new PostgresTokenStore({ pool: pool!, table: 'app.tokens' })).not.toThrow();
  });
});
