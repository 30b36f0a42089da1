/**
 * An in-memory {@link TokenStore}: for tests, scripts and single-process apps that re-link on restart.
 * @module
 */
import type { CasResult, StoredConnection, TokenStore, Versioned } from './types';
import { KeyedMutex } from './key-mutex';

/**
 * Keeps connections in a `Map`. Values are deep-copied on the way in and out, so callers never share objects with
 * the store. `compareAndSet` is atomic (single-threaded event loop) and `withLock` serialises callers in this process.
 *
 * @example
 * const store = new MemoryTokenStore();
 * const tokens = createTokenManager({ store, oauth });
 */
export class MemoryTokenStore implements TokenStore {
  private readonly records = new Map<string, Versioned<StoredConnection>>();
  private readonly mutex = new KeyedMutex();

  async get(connectionId: string): Promise<Versioned<StoredConnection> | undefined> {
    const rec = this.records.get(connectionId);
    return rec ? structuredClone(rec) : undefined;
  }

  async compareAndSet(
    connectionId: string,
    expectedVersion: number | null,
    value: StoredConnection,
  ): Promise<CasResult<StoredConnection>> {
    const current = this.records.get(connectionId);
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) {
      return current ? { ok: false, current: structuredClone(current) } : { ok: false };
    }
    const version = (currentVersion ?? 0) + 1;
    this.records.set(connectionId, { value: structuredClone(value), version });
    return { ok: true, version };
  }

  async delete(connectionId: string): Promise<void> {
    this.records.delete(connectionId);
  }

  async list(): Promise<StoredConnection[]> {
    return [...this.records.values()].map((r) => structuredClone(r.value));
  }

  /** Runs `fn` exclusively among callers of this store instance with the same key. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(key, fn);
  }
}
