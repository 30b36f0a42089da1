/**
 * A Redis {@link TokenStore} for fleets: compare-and-set in a Lua script, `withLock` with `SET NX PX` plus a random
 * token, renewed while held and released only by its owner.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { AuthError, ConfigurationError } from '../errors';
import { isSealedEnvelope, openJson, parseEncryptionKey, sealJson, type EncryptionKeyInput } from './crypto';
import type { CasResult, StoredConnection, TokenStore, Versioned } from './types';

/** What the store needs of an ioredis client (structural: `new Redis()` fits). */
export interface RedisLike {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  smembers(key: string): Promise<string[]>;
}

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  client: RedisLike;
  /**
   * Key prefix (default `ledgerlink:tokens:`). On Redis Cluster use a hash tag (`ledgerlink:{tokens}:`) so a record
   * and the index live in one slot.
   */
  prefix?: string;
  /** Encrypt each record with AES-256-GCM (same format as the file store). Default: plain JSON. */
  key?: EncryptionKeyInput;
  /** Lock expiry, renewed every third of it while held (default 15 000 ms). */
  lockTtlMs?: number;
  /** How long `withLock` waits (default 60 000 ms). */
  lockTimeoutMs?: number;
}

const GET = `return redis.call('HMGET', KEYS[1], 'version', 'data')`;

// KEYS: record, index. ARGV: expected version ('' = must not exist), data, id.
const CAS = `
local v = redis.call('HGET', KEYS[1], 'version')
if ARGV[1] == '' then
  if v then return {0, v, redis.call('HGET', KEYS[1], 'data')} end
  redis.call('HSET', KEYS[1], 'version', 1, 'data', ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
  return {1, 1}
end
if not v then return {0} end
if v ~= ARGV[1] then return {0, v, redis.call('HGET', KEYS[1], 'data')} end
local nv = tonumber(v) + 1
redis.call('HSET', KEYS[1], 'version', nv, 'data', ARGV[2])
return {1, nv}`;

const DELETE = `redis.call('DEL', KEYS[1]) redis.call('SREM', KEYS[2], ARGV[1]) return 1`;
const ACQUIRE = `return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connections as Redis hashes `{ version, data }` under `<prefix>conn:<id>`, with a set `<prefix>index` for `list()`.
 *
 * @example
 * const store = new RedisTokenStore({ client: new Redis(), key: process.env.LEDGERLINK_TOKEN_KEY });
 */
export class RedisTokenStore implements TokenStore {
  private readonly client: RedisLike;
  private readonly prefix: string;
  private readonly lockTtlMs: number;
  private readonly lockTimeoutMs: number;
  declare private readonly key: Buffer | undefined;

  constructor(options: RedisTokenStoreOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? 'ledgerlink:tokens:';
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    if (!(this.lockTtlMs >= 300)) throw new ConfigurationError('RedisTokenStore: lockTtlMs must be at least 300 ms');
    Object.defineProperty(this, 'key', {
      value: options.key === undefined ? undefined : parseEncryptionKey(options.key),
      enumerable: false,
    });
  }

  private recordKey(id: string): string {
    return `${this.prefix}conn:${id}`;
  }

  private get indexKey(): string {
    return `${this.prefix}index`;
  }

  private encode(id: string, value: StoredConnection): string {
    return JSON.stringify(this.key ? sealJson(this.key, id, value) : value);
  }

  private decode(id: string, data: string): StoredConnection {
    const where = `connection ${id} in Redis`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new AuthError(`${where} is not valid JSON (corrupted)`);
    }
    if (this.key) return openJson<StoredConnection>(this.key, id, parsed, where);
    if (isSealedEnvelope(parsed)) throw new ConfigurationError(`${where} is encrypted: configure the store's key`);
    return parsed as StoredConnection;
  }

  async get(connectionId: string): Promise<Versioned<StoredConnection> | undefined> {
    const [version, data] = (await this.client.eval(GET, 1, this.recordKey(connectionId))) as [string | null, string | null];
    if (version === null || data === null) return undefined;
    return { value: this.decode(connectionId, data), version: Number(version) };
  }

  async compareAndSet(
    connectionId: string,
    expectedVersion: number | null,
    value: StoredConnection,
  ): Promise<CasResult<StoredConnection>> {
    const reply = (await this.client.eval(
      CAS,
      2,
      this.recordKey(connectionId),
      this.indexKey,
      expectedVersion === null ? '' : String(expectedVersion),
      this.encode(connectionId, value),
      connectionId,
    )) as [number, (number | string)?, string?];
    if (reply[0] === 1) return { ok: true, version: Number(reply[1]) };
    if (reply[1] === undefined || reply[2] === undefined) return { ok: false };
    return { ok: false, current: { value: this.decode(connectionId, reply[2]), version: Number(reply[1]) } };
  }

  async delete(connectionId: string): Promise<void> {
    await this.client.eval(DELETE, 2, this.recordKey(connectionId), this.indexKey, connectionId);
  }

  async list(): Promise<StoredConnection[]> {
    const ids = (await this.client.smembers(this.indexKey)).sort();
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is Versioned<StoredConnection> => r !== undefined).map((r) => r.value);
  }

  /** Runs `fn` while holding `<prefix>lock:<key>` (exclusive across every client of this Redis). */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.prefix}lock:${key}`;
    const token = randomBytes(16).toString('hex');
    const deadline = Date.now() + this.lockTimeoutMs;
    let delay = 5;
    while (Number(await this.client.eval(ACQUIRE, 1, lockKey, token, this.lockTtlMs)) !== 1) {
      if (Date.now() > deadline) {
        throw new AuthError(`timed out after ${this.lockTimeoutMs} ms waiting for the Redis lock ${lockKey}`, { retryable: true });
      }
      await sleep(delay / 2 + Math.random() * delay);
      delay = Math.min(100, delay * 2);
    }
    const renew = setInterval(() => {
      this.client.eval(RENEW, 1, lockKey, token, this.lockTtlMs).catch(() => undefined);
    }, Math.floor(this.lockTtlMs / 3));
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.client.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }
}
