/**
 * A {@link CheckpointStore} keeping checkpoints in a PostgreSQL table.
 * @module
 */
import { ConfigurationError } from '../errors';
import { parseSyncCheckpoint, type CheckpointStore } from './checkpoint-store';
import type { SyncCheckpoint } from './types';

/**
 * The part of a `pg` `Pool` (or `Client`) the store uses. Declared here so ledgerlink does not depend on `pg`: pass
 * your own `new Pool(...)`.
 */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Options of {@link PostgresCheckpointStore}. */
export interface PostgresCheckpointStoreOptions {
  /** A `pg` Pool (or anything with the same `query`). */
  pool: PgQueryable;
  /** Table name, optionally schema-qualified. Default `ledgerlink_sync_checkpoints`. */
  table?: string;
}

/** Default table of {@link PostgresCheckpointStore}. */
export const DEFAULT_CHECKPOINT_TABLE = 'ledgerlink_sync_checkpoints';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Stores each checkpoint as one `jsonb` row keyed by the checkpoint key. A save is a single
 * `INSERT … ON CONFLICT DO UPDATE`, so it is atomic and durable once PostgreSQL commits it.
 *
 * Call {@link PostgresCheckpointStore.ensureSchema} once (at deploy or start-up) to create the table, or create it
 * yourself with the same columns (`key text primary key, checkpoint jsonb not null, updated_at timestamptz`).
 *
 * @example
 * ```ts
 * import { Pool } from 'pg';
 * const checkpointStore = new PostgresCheckpointStore({ pool: new Pool({ connectionString }) });
 * await checkpointStore.ensureSchema();
 * await sync(source, { sink, checkpointStore });
 * ```
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #pool: PgQueryable;
  readonly #table: string;

  constructor(options: PostgresCheckpointStoreOptions) {
    if (!options?.pool || typeof options.pool.query !== 'function') {
      throw new ConfigurationError('PostgresCheckpointStore needs a pg Pool (option `pool`)');
    }
    this.#pool = options.pool;
    this.#table = quoteTable(options.table ?? DEFAULT_CHECKPOINT_TABLE);
  }

  /** Creates the table if it does not exist. Idempotent. */
  async ensureSchema(): Promise<void> {
    await this.#pool.query(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (
         key text PRIMARY KEY,
         checkpoint jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  }

  async load(key: string): Promise<SyncCheckpoint | undefined> {
    const { rows } = await this.#pool.query(`SELECT checkpoint FROM ${this.#table} WHERE key = $1`, [key]);
    const row = rows[0];
    if (row === undefined) return undefined;
    // node-postgres parses jsonb by default, but a pool with custom type parsers may hand back the text.
    const value = typeof row.checkpoint === 'string' ? (JSON.parse(row.checkpoint) as unknown) : row.checkpoint;
    return parseSyncCheckpoint(value, `checkpoint row ${JSON.stringify(key)}`);
  }

  async save(key: string, checkpoint: SyncCheckpoint): Promise<void> {
    await this.#pool.query(
      `INSERT INTO ${this.#table} (key, checkpoint, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at`,
      [key, JSON.stringify(parseSyncCheckpoint(checkpoint))],
    );
  }

  async delete(key: string): Promise<void> {
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE key = $1`, [key]);
  }
}

/** Validates and quotes `table` or `schema.table`: identifiers are never interpolated unchecked. */
function quoteTable(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new ConfigurationError(`invalid checkpoint table name ${JSON.stringify(table)} (use [schema.]identifier)`);
  }
  return parts.map((p) => `"${p}"`).join('.');
}
