/**
 * The link flow: sends the end user to the provider's consent screen and turns the callback into stored connections.
 *
 * ```
 * start(provider)  → authorization URL (PKCE S256, state, nonce)      pending link saved for 10 minutes
 * complete(callback) → verify state → exchange code → resolve tenants → one tenant: linked
 *                                                                      several: the caller chooses (never silently)
 * ```
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { AuthError, ConfigurationError, ErrorCodes } from '../errors';
import type { RequestFn } from '../http/types';
import type { Logger } from '../logger';
import { noopLogger } from '../logger';
import type { ProviderInstance } from '../provider/types';
import { callbackSearchParams, createOAuthClient, type OAuthClient, type OAuthClientOptions } from './oauth-client';
import type { LinkStateStore, PendingLink, StoredConnection, Tenant, TokenSet, TokenStore } from './types';

/** Builds an authenticated request function for a fresh access token (the core's request pipeline). */
export type RequestFactory = (accessToken: string, provider: ProviderInstance) => RequestFn;

/** Options of {@link createLinkFlow}. */
export interface LinkFlowOptions {
  /** Configured provider instances by provider id. */
  providers: ReadonlyMap<string, ProviderInstance> | Readonly<Record<string, ProviderInstance>>;
  tokenStore: TokenStore;
  linkStateStore: LinkStateStore;
  clock?: Pick<Clock, 'now'>;
  logger?: Logger;
  /** Authenticated requests for tenant resolution and revocation (Xero `/connections`). */
  requestFactory?: RequestFactory;
  /** OAuth clients by provider id (share them with the token manager); created from `providers` when omitted. */
  oauthClients?: ReadonlyMap<string, OAuthClient>;
  /** Options for the OAuth clients this flow creates itself. */
  oauth?: OAuthClientOptions;
  /** How long a started link can be completed (default 10 minutes). */
  linkTtlMs?: number;
  /** How long a `choose-tenant` result can be completed (default 10 minutes). */
  tenantChoiceTtlMs?: number;
}

/** Options of {@link LinkFlow.start}. */
export interface LinkStartOptions {
  /** Default: the instance's `redirectUri`. Must be registered at the provider. */
  redirectUri?: string;
  /** Default: the instance's scopes. */
  scopes?: readonly string[];
  /** Your data, carried to the stored connection's `metadata` (e.g. your customer id). */
  metadata?: Record<string, unknown>;
  /** Re-authorise this existing connection (after `relink_required`) instead of creating a new one. */
  connectionId?: string;
  /** Extra authorization parameters for this link. */
  params?: Record<string, string>;
}

/** A stored connection without its tokens: what the link flow hands back. */
export interface LinkedConnection {
  id: string;
  provider: string;
  environment: string;
  tenant: Tenant;
  status: StoredConnection['status'];
  createdAt: string;
  updatedAt: string;
  metadata?: Record<string, unknown>;
}

/** The link is done: one connection per chosen tenant. */
export interface LinkedResult {
  status: 'linked';
  /** The (first) connection. */
  connection: LinkedConnection;
  /** Every connection created or updated, in the order the tenants were chosen. */
  connections: LinkedConnection[];
}

/** The consent covers several tenants: call `complete` with the one(s) the user picked. */
export interface ChooseTenantResult {
  status: 'choose-tenant';
  tenants: Tenant[];
  /** After this instant `complete` fails (UTC ISO 8601). */
  expiresAt: string;
  /** Creates one connection per chosen tenant id. Single use. */
  complete(choice: string | readonly string[]): Promise<LinkedResult>;
}

/** Result of {@link LinkFlow.complete}. */
export type LinkCompleteResult = LinkedResult | ChooseTenantResult;

/** The link flow. */
export interface LinkFlow {
  /** Starts a link: redirect the end user to `authorizationUrl`. */
  start(providerId: string, options?: LinkStartOptions): Promise<{ authorizationUrl: string; state: string }>;
  /**
   * Completes a link from the callback URL (or its query parameters).
   * @throws {AuthError} `state_mismatch` for an unknown, expired, replayed or foreign state; `auth_error` with
   *   `providerCode` when the provider reports an error (`access_denied`) or refuses the code.
   */
  complete(providerId: string, callback: string | URL | URLSearchParams): Promise<LinkCompleteResult>;
  /**
   * Revokes the connection's tokens at the provider (the descriptor's `revoke`, else RFC 7009) and marks it — and any
   * connection sharing its token chain — `revoked`.
   */
  revoke(connectionId: string): Promise<void>;
}

/** A new random connection id: `conn_` + 128 random bits. */
export function newConnectionId(): string {
  return `conn_${randomBytes(16).toString('hex')}`;
}

function toLinked(c: StoredConnection): LinkedConnection {
  return {
    id: c.id,
    provider: c.provider,
    environment: c.environment,
    tenant: c.tenant,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.metadata ? { metadata: c.metadata } : {}),
  };
}

/**
 * Creates the link flow.
 *
 * @example
 * const link = createLinkFlow({ providers: new Map([['xero', xero]]), tokenStore, linkStateStore, requestFactory });
 * const { authorizationUrl } = await link.start('xero', { metadata: { customerId } });
 * // … user consents, provider redirects to your callback …
 * const result = await link.complete('xero', req.url);
 * if (result.status === 'choose-tenant') await result.complete(pickedTenantId);
 */
export function createLinkFlow(options: LinkFlowOptions): LinkFlow {
  const providers = new Map(options.providers instanceof Map ? options.providers : Object.entries(options.providers));
  const clock = options.clock ?? { now: () => Date.now() };
  const logger = options.logger ?? noopLogger;
  const linkTtlMs = options.linkTtlMs ?? 10 * 60_000;
  const choiceTtlMs = options.tenantChoiceTtlMs ?? 10 * 60_000;
  const clients = new Map(options.oauthClients ?? []);
  const iso = () => new Date(clock.now()).toISOString();

  function providerOf(id: string): ProviderInstance {
    const p = providers.get(id);
    if (!p) throw new ConfigurationError(`unknown provider "${id}" (configured: ${[...providers.keys()].join(', ') || 'none'})`);
    return p;
  }

  function oauthOf(id: string): OAuthClient {
    let c = clients.get(id);
    if (!c) {
      c = createOAuthClient(providerOf(id), { ...(options.clock ? { clock: options.clock } : {}), ...(options.logger ? { logger: options.logger } : {}), ...options.oauth });
      clients.set(id, c);
    }
    return c;
  }

  function requestFor(provider: ProviderInstance, accessToken: string): RequestFn {
    if (options.requestFactory) return options.requestFactory(accessToken, provider);
    return (() => {
      throw new ConfigurationError(`${provider.descriptor.id}: a requestFactory is needed to call the provider during linking`, {
        provider: provider.descriptor.id,
      });
    }) as RequestFn;
  }

  async function createConnections(
    provider: ProviderInstance,
    pending: PendingLink,
    tokens: TokenSet,
    tenants: Tenant[],
  ): Promise<LinkedResult> {
    const now = iso();
    const base = {
      provider: provider.descriptor.id,
      environment: provider.environment,
      tokens,
      status: 'active' as const,
      ...(pending.metadata ? { metadata: pending.metadata } : {}),
    };

    if (pending.connectionId) {
      const target = pending.connectionId;
      for (let attempt = 0; attempt < 10; attempt++) {
        const current = await options.tokenStore.get(target);
        if (!current || current.value.provider !== base.provider) {
          throw new AuthError(`${base.provider}: connection ${target} to re-link does not exist`, { provider: base.provider });
        }
        const tenant = tenants.find((t) => t.id === current.value.tenant.id);
        if (!tenant) {
          throw new AuthError(`${base.provider}: the new consent does not include the connection's tenant ${current.value.tenant.id}`, {
            provider: base.provider,
            code: ErrorCodes.TENANT_SELECTION,
          });
        }
        const { previousRefreshToken: _p, grant: _g, ...rest } = current.value;
        const value: StoredConnection = {
          ...rest,
          tenant: { ...current.value.tenant, ...tenant },
          tokens,
          status: 'active',
          updatedAt: now,
          ...(pending.metadata ? { metadata: { ...current.value.metadata, ...pending.metadata } } : {}),
        };
        const cas = await options.tokenStore.compareAndSet(target, current.version, value);
        if (cas.ok) {
          logger.info('connection re-linked', { provider: base.provider, connectionId: target });
          return { status: 'linked', connection: toLinked(value), connections: [toLinked(value)] };
        }
      }
      throw new AuthError(`${base.provider}: connection ${target} kept changing while being re-linked`, { provider: base.provider, retryable: true });
    }

    const ids = tenants.map(() => newConnectionId());
    const grant = tenants.length > 1 ? { id: `grant_${randomBytes(12).toString('hex')}`, connectionIds: ids } : undefined;
    const created: StoredConnection[] = [];
    for (let i = 0; i < tenants.length; i++) {
      const value: StoredConnection = {
        ...base,
        id: ids[i]!,
        tenant: tenants[i]!,
        createdAt: now,
        updatedAt: now,
        ...(grant ? { grant: { id: grant.id, connectionIds: [...grant.connectionIds] } } : {}),
      };
      const cas = await options.tokenStore.compareAndSet(value.id, null, value);
      if (!cas.ok) throw new AuthError(`connection id ${value.id} already exists`, { provider: base.provider });
      created.push(value);
    }
    logger.info('connection linked', { provider: base.provider, connectionIds: ids, tenants: tenants.length });
    const linked = created.map(toLinked);
    return { status: 'linked', connection: linked[0]!, connections: linked };
  }

  return {
    async start(providerId, startOptions = {}) {
      const provider = providerOf(providerId);
      const request = await oauthOf(providerId).buildAuthorizationUrl({
        ...(startOptions.redirectUri ? { redirectUri: startOptions.redirectUri } : {}),
        ...(startOptions.scopes ? { scopes: startOptions.scopes } : {}),
        ...(startOptions.params ? { params: startOptions.params } : {}),
      });
      const pending: PendingLink = {
        state: request.state,
        provider: providerId,
        environment: provider.environment,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        createdAt: iso(),
        ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}),
        ...(request.nonce ? { nonce: request.nonce } : {}),
        ...(startOptions.metadata ? { metadata: startOptions.metadata } : {}),
        ...(startOptions.connectionId ? { connectionId: startOptions.connectionId } : {}),
      };
      await options.linkStateStore.put(pending, linkTtlMs);
      logger.debug('link started', { provider: providerId });
      return { authorizationUrl: request.url.href, state: request.state };
    },

    async complete(providerId, callback) {
      const provider = providerOf(providerId);
      const params = callbackSearchParams(callback);
      const state = params.get('state');
      const pending = state ? await options.linkStateStore.take(state) : undefined;
      if (params.has('error')) {
        // The provider's refusal is reported as such whatever the state; nothing is created either way.
        const error = params.get('error')!;
        const desc = params.get('error_description');
        throw new AuthError(
          `${providerId}: authorization failed, ${error === 'access_denied' ? 'the user denied access' : `the provider returned ${error}`}${desc ? `: ${desc.slice(0, 200)}` : ''}`,
          { provider: providerId, providerCode: error },
        );
      }
      if (!pending || pending.provider !== providerId) {
        throw new AuthError(`${providerId}: unknown, expired or already used link state`, {
          provider: providerId,
          code: ErrorCodes.STATE_MISMATCH,
        });
      }
      const oauth = oauthOf(providerId);
      const exchange = await oauth.exchangeCode(params, pending);
      const tenants = await provider.descriptor.auth.resolveTenants({
        tokens: exchange.tokens,
        callbackParams: exchange.callbackParams,
        ...(exchange.idTokenClaims ? { idTokenClaims: exchange.idTokenClaims } : {}),
        request: requestFor(provider, exchange.tokens.accessToken),
        urls: provider.urls,
      });
      const unique = tenants.filter((t, i) => tenants.findIndex((u) => u.id === t.id) === i);
      if (unique.length === 0) {
        throw new AuthError(`${providerId}: the consent gave access to no organisation`, {
          provider: providerId,
          code: ErrorCodes.TENANT_SELECTION,
        });
      }
      if (pending.connectionId || unique.length === 1) return createConnections(provider, pending, exchange.tokens, unique);

      const expiresAtMs = clock.now() + choiceTtlMs;
      let used = false;
      return {
        status: 'choose-tenant',
        tenants: unique,
        expiresAt: new Date(expiresAtMs).toISOString(),
        async complete(choice) {
          const ids = [...new Set(typeof choice === 'string' ? [choice] : choice)];
          const chosen = ids.map((id) => unique.find((t) => t.id === id));
          if (ids.length === 0 || chosen.some((t) => t === undefined)) {
            throw new AuthError(`${providerId}: choose one or more of the offered tenants`, {
              provider: providerId,
              code: ErrorCodes.TENANT_SELECTION,
            });
          }
          if (used) throw new AuthError(`${providerId}: this tenant choice was already completed`, { provider: providerId, code: ErrorCodes.STATE_MISMATCH });
          if (clock.now() > expiresAtMs) {
            throw new AuthError(`${providerId}: the tenant choice expired; start the link again`, { provider: providerId, code: ErrorCodes.STATE_MISMATCH });
          }
          used = true;
          return createConnections(provider, pending, exchange.tokens, chosen as Tenant[]);
        },
      };
    },

    async revoke(connectionId) {
      const rec = await options.tokenStore.get(connectionId);
      if (!rec) throw new AuthError(`unknown connection ${connectionId}`);
      const conn = rec.value;
      const provider = providerOf(conn.provider);
      const auth = provider.descriptor.auth;
      if (auth.revoke) {
        // With discovery, the discovered revocation endpoint is used unless the instance config names one itself.
        let urls = provider.urls;
        if (auth.discovery && !provider.config.urls?.revocation) {
          const discovered = (await oauthOf(conn.provider).configuration()).serverMetadata().revocation_endpoint;
          if (typeof discovered === 'string' && discovered !== '') urls = { ...urls, revocation: discovered };
        }
        await auth.revoke({
          tokens: conn.tokens,
          request: requestFor(provider, conn.tokens.accessToken),
          urls,
          clientId: provider.config.clientId,
          clientSecret: provider.config.clientSecret,
        });
      } else if (conn.tokens.refreshToken) {
        await oauthOf(conn.provider).revokeToken(conn.tokens.refreshToken, 'refresh_token');
      } else {
        await oauthOf(conn.provider).revokeToken(conn.tokens.accessToken, 'access_token');
      }
      const chain = conn.tokens.refreshToken ?? conn.tokens.accessToken;
      const ids = new Set([connectionId, ...(conn.grant?.connectionIds ?? [])]);
      for (const id of ids) {
        for (let attempt = 0; attempt < 10; attempt++) {
          const cur = id === connectionId && attempt === 0 ? rec : await options.tokenStore.get(id);
          if (!cur) break;
          const same = (cur.value.tokens.refreshToken ?? cur.value.tokens.accessToken) === chain;
          if (!same || cur.value.status === 'revoked') break;
          const cas = await options.tokenStore.compareAndSet(id, cur.version, { ...cur.value, status: 'revoked', updatedAt: iso() });
          if (cas.ok) break;
        }
      }
      logger.info('connection revoked', { provider: conn.provider, connectionId });
    },
  };
}
