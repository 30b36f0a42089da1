/**
 * A PostgreSQL {@link TokenStore} for fleets: versioned compare-and-set in one `UPDATE … WHERE version = $n`, and
 * `withLock` through a transaction-scoped advisory lock (released by the server if the process dies).
 * @module
 */
import { ConfigurationError } from '../errors';
import { isSealedEnvelope, openJson, parseEncryptionKey, sealJson, type EncryptionKeyInput } from './crypto';
import type { CasResult, StoredConnection, TokenStore, Versioned } from './types';

/** What the store needs of a `pg` client (structural: `pg.PoolClient` fits). */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What the store needs of a `pg.Pool` (structural). */
export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgQueryable & { release(err?: Error | boolean): void }>;
}

/** Options of {@link PostgresTokenStore}. */
export interface PostgresTokenStoreOptions {
  /** A `pg.Pool` with at least 2 connections (`withLock` holds one while the refresh uses another). */
  pool: PgPoolLike;
  /** Table name, optionally schema-qualified (default `ledgerlink_connections`). */
  table?: string;
  /** Encrypt each record with AES-256-GCM (same format as the file store). Default: stored as plain JSONB. */
  key?: EncryptionKeyInput;
  /** How long `withLock` waits for the lock before failing (default 60 000 ms). */
  lockTimeoutMs?: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function quoteTable(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) {
    throw new ConfigurationError(`PostgresTokenStore: invalid table name ${JSON.stringify(name)}`);
  }
  return parts.map((p) => `"${p}"`).join('.');
}

/**
 * Connections in one PostgreSQL table: `(id text primary key, version integer, data jsonb, updated_at timestamptz)`.
 * Call {@link PostgresTokenStore.ensureSchema} once at start-up (idempotent, safe to run concurrently).
 *
 * @example
 * const store = new PostgresTokenStore({ pool: new pg.Pool(), key: process.env.LEDGERLINK_TOKEN_KEY });
 * await store.ensureSchema();
 */
export class PostgresTokenStore implements TokenStore {
  private readonly pool: PgPoolLike;
  private readonly table: string;
  private readonly tableName: string;
  private readonly lockTimeoutMs: number;
  declare private readonly key: Buffer | undefined;

  constructor(options: PostgresTokenStoreOptions) {
    this.pool = options.pool;
    this.tableName = options.table ?? 'ledgerlink_connections';
    this.table = quoteTable(this.tableName);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    Object.defineProperty(this, 'key', {
      value: options.key === undefined ? undefined : parseEncryptionKey(options.key),
      enumerable: false,
    });
  }

  /** Creates the table if it does not exist. */
  async ensureSchema(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', ['ledgerlink:schema', this.tableName]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           id text PRIMARY KEY,
           version integer NOT NULL,
           data jsonb NOT NULL,
           updated_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
    });
  }

  private encode(id: string, value: StoredConnection): string {
    return JSON.stringify(this.key ? sealJson(this.key, id, value) : value);
  }

  private decode(id: string, data: unknown): StoredConnection {
    const where = `connection ${id} in ${this.tableName}`;
    if (this.key) return openJson<StoredConnection>(this.key, id, data, where);
    if (isSealedEnvelope(data)) throw new ConfigurationError(`${where} is encrypted: configure the store's key`);
    return data as StoredConnection;
  }

  private async transaction<T>(fn: (client: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  async get(connectionId: string): Promise<Versioned<StoredConnection> | undefined> {
    const { rows } = await this.pool.query(`SELECT version, data FROM ${this.table} WHERE id = $1`, [connectionId]);
    const row = rows[0] as { version: number; data: unknown } | undefined;
    return row ? { value: this.decode(connectionId, row.data), version: row.version } : undefined;
  }

  async compareAndSet(
    connectionId: string,
    expectedVersion: number | null,
    value: StoredConnection,
  ): Promise<CasResult<StoredConnection>> {
    const data = this.encode(connectionId, value);
    const { rows } =
      expectedVersion === null
        ? await this.pool.query(
            `INSERT INTO ${this.table} (id, version, data, updated_at) VALUES ($1, 1, $2::jsonb, now())
             ON CONFLICT (id) DO NOTHING RETURNING version`,
            [connectionId, data],
          )
        : await this.pool.query(
            `UPDATE ${this.table} SET data = $3::jsonb, version = version + 1, updated_at = now()
             WHERE id = $1 AND version = $2 RETURNING version`,
            [connectionId, expectedVersion, data],
          );
    const row = rows[0] as { version: number } | undefined;
    if (row) return { ok: true, version: row.version };
    const current = await this.get(connectionId);
    return current ? { ok: false, current } : { ok: false };
  }

  async delete(connectionId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE id = $1`, [connectionId]);
  }

  async list(): Promise<StoredConnection[]> {
    const { rows } = await this.pool.query(`SELECT id, data FROM ${this.table} ORDER BY id`);
    return (rows as Array<{ id: string; data: unknown }>).map((r) => this.decode(r.id, r.data));
  }

  /**
   * Runs `fn` holding `pg_advisory_xact_lock(hashtext(table), hashtext(key))` on a dedicated connection, inside a
   * transaction that ends when `fn` settles (or when the connection drops).
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${this.lockTimeoutMs}ms`]);
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [this.tableName, key]);
      return fn();
    });
  }
}
