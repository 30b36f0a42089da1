/**
 * The limiters of one ledger: one {@link ScopeLimiter} per (provider app, tenant) and one per provider app, built
 * from the provider instance's published limits. No module-level state — a registry belongs to whoever created it.
 *
 * Give it a bottleneck Redis connection (or the options to create one) and every process using the same Redis and
 * the same `idPrefix` shares one budget per tenant and per app: concurrency, rate spacing, the daily count and
 * provider-side daily blocks all live in Redis.
 * @module
 */
import Bottleneck from 'bottleneck';
import { systemClock, type Clock } from '../clock';
import { ConfigurationError } from '../errors';
import type { LimitSet, ProviderInstance } from '../provider/types';
import { DEFAULT_UTILISATION, ScopeLimiter, spacingMs } from './scope-limiter';
import { MemoryWindowCounter, RedisWindowCounter, type RedisEvalClient, type WindowCounter } from './window-counter';

/** Options to let the registry create (and own) a bottleneck ioredis connection. */
export interface BottleneckDatastoreOptions {
  datastore: 'ioredis';
  /** ioredis options (`{ host, port, password, db, … }`). */
  clientOptions?: Record<string, unknown>;
  /** Redis Cluster nodes, instead of `clientOptions` host/port. */
  clusterNodes?: unknown[];
}

/** Options of a {@link LimiterRegistry}. */
export interface LimiterRegistryOptions {
  /**
   * A bottleneck connection shared by every limiter of this registry (`new Bottleneck.IORedisConnection({ client })`).
   * The registry does not close it. Processes using the same Redis and `idPrefix` share one budget per tenant.
   */
  connection?: Bottleneck.IORedisConnection;
  /** Or: options from which the registry creates its own connection (closed by {@link LimiterRegistry.close}). */
  datastore?: BottleneckDatastoreOptions;
  /** Prefix of limiter ids and Redis keys (default `ledgerlink`). */
  idPrefix?: string;
  /**
   * Divides every window (minute, hour, day) and every provider-said hold by this factor: tests and emulators run a
   * "minute" in a second with `timeScale: 60`. Default 1.
   */
  timeScale?: number;
  /** Clock for daily windows and holds (default: the system clock). */
  clock?: Clock;
  /**
   * Share of the published per-minute/per-hour rate to use, in (0, 1] (default 0.98: a sync runs at 98 % of the
   * allowed rate, leaving room for network jitter so the provider never sees more than its limit).
   */
  utilisation?: number;
}

/** Registry of limiters. One per ledger (or per process group, through Redis). */
export class LimiterRegistry {
  /** The time scale every window is divided by. */
  readonly timeScale: number;
  private readonly limiters = new Map<string, ScopeLimiter>();
  private readonly options: LimiterRegistryOptions;
  private readonly clock: Clock;
  private readonly connection: Bottleneck.IORedisConnection | undefined;
  private readonly ownsConnection: boolean;

  constructor(options: LimiterRegistryOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0) || !Number.isFinite(this.timeScale)) {
      throw new ConfigurationError(`limiter timeScale must be a positive number (got ${options.timeScale})`);
    }
    const utilisation = options.utilisation ?? DEFAULT_UTILISATION;
    if (!(utilisation > 0 && utilisation <= 1)) {
      throw new ConfigurationError(`limiter utilisation must be in (0, 1] (got ${options.utilisation})`);
    }
    if (options.connection) {
      this.connection = options.connection;
      this.ownsConnection = false;
    } else if (options.datastore) {
      if (options.datastore.datastore !== 'ioredis') {
        throw new ConfigurationError(`limiter datastore must be "ioredis" (got ${String(options.datastore.datastore)})`);
      }
      this.connection = new Bottleneck.IORedisConnection({
        ...(options.datastore.clientOptions ? { clientOptions: options.datastore.clientOptions } : {}),
        ...(options.datastore.clusterNodes ? { clusterNodes: options.datastore.clusterNodes } : {}),
      } as Bottleneck.IORedisConnectionOptions);
      this.ownsConnection = true;
    } else {
      this.connection = undefined;
      this.ownsConnection = false;
    }
  }

  /** True when limits are shared through Redis. */
  get shared(): boolean {
    return this.connection !== undefined;
  }

  /** The limiter of one tenant of a provider app. */
  forTenant(provider: ProviderInstance, tenantId: string): ScopeLimiter {
    const key = `${provider.descriptor.id}:${provider.config.clientId}:tenant:${tenantId}`;
    return this.get(key, 'tenant', provider.rateLimits.tenant, provider.descriptor.id);
  }

  /** The app-wide limiter of a provider app, when the provider limits the app; else `undefined`. */
  forApp(provider: ProviderInstance): ScopeLimiter | undefined {
    const app = provider.rateLimits.app;
    if (!app || Object.values(app).every((v) => v === undefined)) return undefined;
    return this.get(`${provider.descriptor.id}:${provider.config.clientId}:app`, 'app', app, provider.descriptor.id);
  }

  /** Stops every limiter (queued jobs are dropped) and closes the Redis connection the registry created. */
  async close(): Promise<void> {
    const all = [...this.limiters.values()];
    this.limiters.clear();
    await Promise.all(all.map((l) => l.stop()));
    if (this.ownsConnection && this.connection) await this.connection.disconnect(false).catch(() => undefined);
  }

  private get(key: string, scope: 'tenant' | 'app', limits: LimitSet, providerId: string): ScopeLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = this.create(key, scope, limits, providerId);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  private create(key: string, scope: 'tenant' | 'app', limits: LimitSet, providerId: string): ScopeLimiter {
    const id = `${this.options.idPrefix ?? 'ledgerlink'}:${key}`;
    const settings = {
      maxConcurrent: limits.maxConcurrent ?? null,
      minTime: spacingMs(limits, this.timeScale, this.options.utilisation ?? DEFAULT_UTILISATION),
    };
    const bottleneck = new Bottleneck({ id, ...settings, ...(this.connection ? { connection: this.connection } : {}) });
    let counter: WindowCounter;
    if (this.connection) {
      // Redis keeps the settings of the first limiter created with an id; push ours so a change of limits applies.
      // The typings say it returns the limiter; it returns a promise of it (a rejection must not go unhandled).
      Promise.resolve(bottleneck.updateSettings(settings) as unknown).catch(() => undefined);
      const client = (this.connection as unknown as { client: RedisEvalClient }).client;
      counter = new RedisWindowCounter(client, `${id}:day`);
    } else {
      counter = new MemoryWindowCounter();
      yieldWithMicrotasks(bottleneck);
    }
    return new ScopeLimiter({ key, scope, provider: providerId, limits, bottleneck, counter, clock: this.clock, timeScale: this.timeScale });
  }
}

/**
 * bottleneck's in-process datastore yields to the event loop with `setTimeout(0)` at each of its steps (submit,
 * register, free), imitating the round trips of its Redis datastore. Each such turn costs at least a millisecond, and a
 * request passes two limiters (tenant and app): measured here, about 15 ms of pure waiting per request, which is most
 * of a fast provider page. The steps are already serialised by bottleneck's own locks, so yielding to the microtask
 * queue instead keeps every guarantee (concurrency, spacing, priorities) without the timer turns; waits bottleneck
 * asks for with a real delay still use a timer. bottleneck 2.19.5 is pinned (its last release), and
 * `test/http/limiter-registry.test.ts` fails if the hook moves. The Redis datastore is left alone.
 */
function yieldWithMicrotasks(bottleneck: Bottleneck): void {
  const store = (bottleneck as unknown as { _store?: { yieldLoop?: (t?: number) => Promise<void> } })._store;
  const original = store?.yieldLoop;
  if (!store || typeof original !== 'function') return;
  store.yieldLoop = (t = 0) => (t > 0 ? original.call(store, t) : Promise.resolve());
}
