/** PostgresCheckpointStore against the local PostgreSQL (skipped, with a note, when it is not running). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors';
import { PostgresCheckpointStore } from '../../src/sync/postgres-checkpoint-store';
import { sync } from '../../src/sync/sync';
import { memorySink } from '../../src/sync/sinks';
import type { SyncCheckpoint } from '../../src/sync/types';
import { hasPostgres, services } from '../support/services';
import { FakeSource, many } from './fake-source';

const available = await hasPostgres();

describe('PostgresCheckpointStore (table name checks)', () => {
  const pool = { query: async () => ({ rows: [] }) };
  it.each(['bad name', 'a.b.c', 'x;drop table y', '"quoted"', ''])('rejects table %j', (table) => {
    expect(() => new PostgresCheckpointStore({ pool, table })).toThrow(ConfigurationError);
  });
  it('accepts schema-qualified names', () => {
    expect(() => new PostgresCheckpointStore({ pool, table: 'public.sync_state' })).not.toThrow();
  });
  it('needs a pool', () => {
    expect(() => new PostgresCheckpointStore({} as never)).toThrow(ConfigurationError);
  });
});

describe.skipIf(!available)('PostgresCheckpointStore (live PostgreSQL)', () => {
  const table = `ll_cp_test_${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;
  let store: PostgresCheckpointStore;

  beforeAll(async () => {
    pool = new pg.Pool({ ...services.postgres, max: 4 });
    store = new PostgresCheckpointStore({ pool, table });
    await store.ensureSchema();
    await store.ensureSchema();
  });
  afterAll(async () => {
    await pool?.query(`DROP TABLE IF EXISTS "${table}"`);
    await pool?.end();
  });

  const sample: SyncCheckpoint = {
    version: 1,
    types: {
      invoices: {
        watermark: '2024-05-30T00:00:00.000Z',
        cursor: { version: 1, strategy: 'offset', offset: 200 },
        readStartedAt: '2024-06-01T00:00:00.000Z',
        modifiedSince: '2024-05-30T00:00:00.000Z',
      },
    },
  };

  it('creates the table with the documented columns', async () => {
    const { rows } = await pool.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    expect(rows).toEqual([
      { column_name: 'key', data_type: 'text' },
      { column_name: 'checkpoint', data_type: 'jsonb' },
      { column_name: 'updated_at', data_type: 'timestamp with time zone' },
    ]);
  });

  it('round-trips, upserts and deletes', async () => {
    expect(await store.load('xero:c1')).toBeUndefined();
    await store.save('xero:c1', sample);
    expect(await store.load('xero:c1')).toEqual(sample);
    const next: SyncCheckpoint = { version: 1, types: { invoices: { watermark: '2024-07-01T00:00:00.000Z' } } };
    await store.save('xero:c1', next);
    expect(await store.load('xero:c1')).toEqual(next);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${table}" WHERE key = 'xero:c1'`);
    expect(rows[0].n).toBe(1);
    await store.delete('xero:c1');
    expect(await store.load('xero:c1')).toBeUndefined();
  });

  it('treats keys as data, not SQL', async () => {
    const key = `x'); DROP TABLE "${table}"; --`;
    await store.save(key, sample);
    expect(await store.load(key)).toEqual(sample);
  });

  it('rejects a stored row that is not a checkpoint', async () => {
    await pool.query(`INSERT INTO "${table}" (key, checkpoint) VALUES ('broken', '{"version":9}'::jsonb)`);
    await expect(store.load('broken')).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('carries a sync across store instances', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) }, connectionId: `pg-${table}` });
    const controller = new AbortController();
    let pages = 0;
    const first = await sync(source, {
      sink: { write: async () => void (++pages === 1 && controller.abort()) },
      checkpointStore: store,
      signal: controller.signal,
    });
    expect(first.status).toBe('aborted');
    const sink = memorySink();
    const second = await sync(source, { sink, checkpointStore: new PostgresCheckpointStore({ pool, table }) });
    expect(second.types.customers).toMatchObject({ status: 'ok', resumed: true, records: 4 });
    expect(second.checkpoint).toEqual(await store.load(`fake:pg-${table}`));
  });
});
