/**
 * `createLedger` — the front door. Wires providers, token store, link flow, token manager, limiters and the request
 * pipeline together; hands out typed connections, runs syncs and verifies webhooks.
 * @module
 */
import { createLinkFlow, type LinkCompleteResult, type LinkFlow, type LinkStartOptions } from './auth/link';
import { MemoryLinkStateStore } from './auth/memory-link-state-store';
import { MemoryTokenStore } from './auth/memory-token-store';
import { createOAuthClients, type OAuthClientOptions } from './auth/oauth-client';
import { createTokenManager, type TokenManager, type TokenManagerEvent } from './auth/token-manager';
import type { LinkStateStore, StoredConnection, TokenStore } from './auth/types';
import { systemClock, type Clock } from './clock';
import { createConnection, type Connection } from './connection';
import { AuthError, ConfigurationError, NotSupportedError } from './errors';
import { createRequest, LimiterRegistry, type LimiterRegistryOptions, type RetryOptions } from './http';
import type { RequestFn, Transport } from './http/types';
import { noopLogger, type Logger } from './logger';
import type { DataType } from './model/data-types';
import type { ChangeEvent, ProviderInstance, ResourcesTable } from './provider/types';
import { MemoryCheckpointStore, sync as runSync, type CheckpointStore, type SyncOptions, type SyncResult } from './sync';

/** Events a ledger reports (token refreshes, connections needing a relink, change-feed fallbacks). */
export type LedgerEvent =
  | TokenManagerEvent
  | { type: 'changeFeedFallback'; connectionId: string; provider: string; dataType: DataType; reason: string };

/** Options of {@link createLedger}. */
export interface LedgerOptions<P extends Record<string, ProviderInstance>> {
  /** Configured providers by id, e.g. `{ xero: xero({ clientId, clientSecret, redirectUri }) }`. */
  providers: P;
  /**
   * Where connections and tokens live. Default: in memory (lost on restart — fine for tests and the demo). Use
   * `FileTokenStore` (AES-256-GCM, the embedded default for real use), `PostgresTokenStore` or `RedisTokenStore`.
   */
  tokenStore?: TokenStore;
  /** Pending link attempts between `link.start` and `link.complete`. Default: in memory (single process). */
  linkStateStore?: LinkStateStore;
  /** Default checkpoint store for `ledger.sync`. Default: in memory. */
  checkpointStore?: CheckpointStore;
  /** Structured logger; every line is redacted. Default: silent. */
  logger?: Logger;
  /** HTTP transport. Default: axios. */
  transport?: Transport;
  clock?: Clock;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retry policy (defaults: 5 retries, 500 ms → 30 s jittered backoff, waits up to 120 s honoured). */
  retry?: RetryOptions;
  /** Limiter options: share budgets across processes through Redis, scale time in tests. */
  limiter?: LimiterRegistryOptions;
  /** OAuth client options (custom fetch, timeouts). */
  oauth?: OAuthClientOptions;
  /** Receives {@link LedgerEvent}s. */
  onEvent?: (event: LedgerEvent) => void;
}

/** Result of verifying and parsing a webhook delivery. */
export interface WebhookOutcome {
  /** The HTTP status to answer with: 200 for a valid signature (Xero's intent-to-receive included), 401 otherwise. */
  status: 200 | 401;
  /** Canonical change events (empty when the signature is invalid). */
  events: ChangeEvent[];
}

/** The ledger: linking, connections, syncing, webhooks. */
export interface Ledger<P extends Record<string, ProviderInstance>> {
  readonly providers: P;
  readonly link: {
    /** Starts a link: redirect the user to `authorizationUrl` (PKCE S256 + state; nonce for OIDC). */
    start(provider: keyof P & string, options?: LinkStartOptions): Promise<{ authorizationUrl: string; state: string }>;
    /** Completes a link from your callback URL; may ask you to choose among several tenants. */
    complete(provider: keyof P & string, callback: string | URL | URLSearchParams): Promise<LinkCompleteResult>;
  };
  /** A connection typed by its provider's resources. Throws when the stored connection belongs to another provider. */
  connection<K extends keyof P & string>(id: string, provider: K): Promise<Connection<ResourcesOf<P[K]>>>;
  /** A connection without provider typing (every resource client optional). */
  connection(id: string): Promise<Connection>;
  /** Every stored connection (without tokens). */
  connections(): Promise<Omit<StoredConnection, 'tokens' | 'previousRefreshToken'>[]>;
  /** Syncs a connection (see `sync` in `ledgerlink` and docs/sync.md). `checkpointStore` defaults to the ledger's. */
  sync(connection: Connection, options: Omit<SyncOptions, 'checkpointStore'> & { checkpointStore?: CheckpointStore }): Promise<SyncResult>;
  /** Revokes a connection's tokens at the provider and marks it revoked. */
  revoke(connectionId: string): Promise<void>;
  /** Webhook verification and parsing. */
  readonly webhooks: {
    /** Verifies the signature over the raw body bytes (constant time). */
    verify(provider: keyof P & string, rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>, key: string): boolean;
    /** Verifies, then parses into canonical change events; tells you which status to answer with. */
    handle(provider: keyof P & string, rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>, key: string): WebhookOutcome;
  };
  /** The token manager (access tokens for your own calls). */
  readonly tokens: TokenManager;
}

/** The resources table of a provider instance type. */
export type ResourcesOf<I> = I extends ProviderInstance<infer R> ? R : ResourcesTable;

/**
 * Creates a ledger.
 *
 * @example
 * const ledger = createLedger({ providers: { xero: xero({ clientId, clientSecret, redirectUri }) }, tokenStore });
 * const { authorizationUrl } = await ledger.link.start('xero');
 */
export function createLedger<const P extends Record<string, ProviderInstance>>(options: LedgerOptions<P>): Ledger<P> {
  if (!options || typeof options.providers !== 'object' || options.providers === null) {
    throw new ConfigurationError('createLedger needs { providers: { <id>: provider(config) } }');
  }
  const providerEntries = Object.entries(options.providers);
  if (providerEntries.length === 0) throw new ConfigurationError('createLedger needs at least one provider');
  for (const [key, instance] of providerEntries) {
    if (!instance || typeof instance !== 'object' || !instance.descriptor) {
      throw new ConfigurationError(`providers.${key} is not a configured provider (call e.g. xero({...}))`);
    }
    if (instance.descriptor.id !== key) {
      throw new ConfigurationError(`providers.${key} is the "${instance.descriptor.id}" provider: use its id as the key`);
    }
  }
  const providers = new Map<string, ProviderInstance>(providerEntries);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? noopLogger;
  const tokenStore = options.tokenStore ?? new MemoryTokenStore();
  const linkStateStore = options.linkStateStore ?? new MemoryLinkStateStore();
  const checkpointStore = options.checkpointStore ?? new MemoryCheckpointStore();
  const limiters = new LimiterRegistry({ ...(options.limiter ?? {}), clock });
  const emit = (event: LedgerEvent) => {
    try {
      options.onEvent?.(event);
    } catch (err) {
      logger.warn('ledgerlink: onEvent handler threw', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const oauthClients = createOAuthClients(providers, { clock, logger, ...(options.oauth ?? {}) });
  const tokens = createTokenManager({ store: tokenStore, oauth: oauthClients, clock, logger, onEvent: emit });

  const baseRequestOptions = {
    limiters,
    clock,
    logger,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  };

  const requestFactory = (accessToken: string, provider: ProviderInstance): RequestFn =>
    createRequest({
      ...baseRequestOptions,
      provider,
      auth: {
        getAccessToken: async () => accessToken,
        refreshAfterUnauthorized: async () => {
          throw new AuthError('the new access token was rejected', { provider: provider.descriptor.id, status: 401 });
        },
      },
    });

  const linkFlow: LinkFlow = createLinkFlow({
    providers,
    tokenStore,
    linkStateStore,
    clock,
    logger,
    requestFactory,
    oauthClients,
  });

  function instanceOf(id: string): ProviderInstance {
    const instance = providers.get(id);
    if (!instance) throw new ConfigurationError(`unknown provider "${id}" (configured: ${[...providers.keys()].join(', ')})`);
    return instance;
  }

  async function connection(id: string, provider?: string): Promise<Connection> {
    if (typeof id !== 'string' || id.length === 0) throw new ConfigurationError('connection id must be a non-empty string');
    const stored = await tokenStore.get(id);
    if (!stored) throw new ConfigurationError(`no connection "${id}" in the token store`, { code: 'not_found' });
    const value = stored.value;
    if (provider !== undefined && value.provider !== provider) {
      throw new ConfigurationError(`connection "${id}" belongs to "${value.provider}", not "${provider}"`);
    }
    if (value.status === 'revoked') {
      throw new AuthError(`connection "${id}" was revoked: link again`, { provider: value.provider, relinkRequired: true });
    }
    const instance = instanceOf(value.provider);
    let calls = 0;
    let lastServerDate: string | undefined;
    const request = createRequest({
      ...baseRequestOptions,
      provider: instance,
      tenant: value.tenant,
      auth: {
        getAccessToken: () => tokens.getAccessToken(id),
        refreshAfterUnauthorized: (stale: string) => tokens.refreshAfterUnauthorized(id, stale),
      },
      onApiCall: () => {
        calls += 1;
      },
      onResponse: (response) => {
        const date = response.headers['date'];
        if (date) {
          const ms = Date.parse(date);
          if (!Number.isNaN(ms)) lastServerDate = new Date(ms).toISOString();
        }
      },
    });
    return createConnection({
      id,
      instance,
      tenant: value.tenant,
      request,
      clock,
      apiCalls: () => calls,
      serverTime: () => lastServerDate,
      onFallback: (dataType, reason) =>
        emit({ type: 'changeFeedFallback', connectionId: id, provider: value.provider, dataType, reason }),
    });
  }

  function webhooksOf(provider: string) {
    const hooks = instanceOf(provider).descriptor.webhooks;
    if (!hooks) throw new NotSupportedError(`${provider} has no webhooks`, { provider });
    return hooks;
  }

  return {
    providers: options.providers,
    link: {
      start: (provider, opts) => linkFlow.start(provider, opts),
      complete: (provider, callback) => linkFlow.complete(provider, callback),
    },
    connection: connection as Ledger<P>['connection'],
    async connections() {
      const all = await tokenStore.list();
      return all.map(({ tokens: _t, previousRefreshToken: _p, ...rest }) => rest);
    },
    sync: (conn, opts) => runSync(conn.syncSource(), { ...opts, checkpointStore: opts.checkpointStore ?? checkpointStore, clock, logger }),
    revoke: (connectionId) => linkFlow.revoke(connectionId),
    webhooks: {
      verify: (provider, rawBody, headers, key) => webhooksOf(provider).verify(rawBody, headers, key),
      handle(provider, rawBody, headers, key) {
        const hooks = webhooksOf(provider);
        if (!hooks.verify(rawBody, headers, key)) return { status: 401, events: [] };
        return { status: 200, events: hooks.parse(rawBody, headers) };
      },
    },
    tokens,
  };
}
