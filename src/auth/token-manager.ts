/**
 * The token lifecycle of stored connections: hands out access tokens, refreshes them ahead of expiry or after a 401,
 * and never loses or double-spends a rotated refresh token.
 *
 * - **Single flight**: concurrent callers in one process share one refresh per connection (per token chain).
 * - **Across processes**: the refresh runs inside `store.withLock` when the store has it; the store is re-read inside
 *   the lock, so a process that waited finds the winner's tokens and does not refresh again.
 * - **Compare-and-set**: the new access and refresh tokens are written together with `compareAndSet`; on a conflict
 *   the store is re-read and the winner's tokens are used (or ours re-applied when only unrelated fields changed).
 * - **`invalid_grant`**: the store is re-read first (another process may have rotated the token) and a token that was
 *   not tried yet is used — never the spent one again. Providers with a grace/overlap window get one attempt with the
 *   previous refresh token. Only then is the connection marked `relink_required` (event + {@link AuthError} with
 *   `relinkRequired: true`).
 * - A refresh grant is never retried blindly; transient failures surface to the caller.
 * @module
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { AuthError, LedgerError } from '../errors';
import type { Logger } from '../logger';
import { noopLogger } from '../logger';
import type { RefreshTokenRotation } from '../provider/types';
import type { OAuthClient } from './oauth-client';
import { RefreshLimiter } from './refresh-limiter';
import type { StoredConnection, TokenSet, TokenStore, Versioned } from './types';

/** OAuth clients by provider id, or a function returning the one of a provider id. */
export type OAuthClientLookup = ReadonlyMap<string, OAuthClient> | ((providerId: string) => OAuthClient | undefined);

/** What the token manager reports. */
export type TokenManagerEvent =
  | { type: 'refreshed'; connectionId: string; provider: string; rotated: boolean }
  | { type: 'relinkRequired'; connectionId: string; provider: string; reason: string };

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions {
  store: TokenStore;
  oauth: OAuthClientLookup;
  /** Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** An EventEmitter-like sink: receives `emit('refreshed' | 'relinkRequired', event)`. */
  events?: { emit(event: string, payload: TokenManagerEvent): unknown };
  /** Callback alternative to `events`. */
  onEvent?: (event: TokenManagerEvent) => void;
}

/** Access tokens for stored connections. */
export interface TokenManager {
  /**
   * A usable access token, refreshed first when it expires within the provider's `auth.refreshAheadMs`.
   * @throws {AuthError} `relinkRequired: true` when the connection must be linked again.
   */
  getAccessToken(connectionId: string): Promise<string>;
  /**
   * After the provider answered 401 to `staleAccessToken`: returns the stored token when another caller already
   * replaced it, else refreshes.
   */
  refreshAfterUnauthorized(connectionId: string, staleAccessToken: string): Promise<string>;
  /** Refreshes now, whatever the expiry (shares an in-flight refresh). */
  refresh(connectionId: string): Promise<string>;
}

type Trigger = { kind: 'expiry' } | { kind: 'stale'; token: string } | { kind: 'force' };

interface Attempt {
  trigger: Trigger;
  /** Refresh tokens already sent in this flight: never sent twice. */
  tried: Set<string>;
}

function windowMs(rotation: RefreshTokenRotation): number {
  if (rotation.kind === 'rotating-with-grace') return rotation.graceMs;
  if (rotation.kind === 'rotating-with-overlap') return rotation.previousValidMs;
  return 0;
}

const ms = (instant: string | undefined) => (instant === undefined ? undefined : Date.parse(instant));

/**
 * Creates a token manager.
 *
 * @example
 * const tokens = createTokenManager({ store, oauth: createOAuthClients(providers), onEvent: (e) => log(e) });
 * const accessToken = await tokens.getAccessToken(connectionId);
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? noopLogger;
  const limiter = new RefreshLimiter(clock);
  const inflight = new Map<string, Promise<string>>();
  const iso = () => new Date(clock.now()).toISOString();

  function oauthOf(conn: StoredConnection): OAuthClient {
    const client = typeof options.oauth === 'function' ? options.oauth(conn.provider) : options.oauth.get(conn.provider);
    if (!client) throw new AuthError(`no OAuth client configured for provider "${conn.provider}"`, { provider: conn.provider });
    return client;
  }

  function emit(event: TokenManagerEvent): void {
    try {
      options.events?.emit(event.type, event);
      options.onEvent?.(event);
    } catch (err) {
      logger.warn('token manager event listener threw', { event: event.type, error: (err as Error)?.message });
    }
  }

  const chainKey = (conn: StoredConnection) => (conn.grant ? `grant:${conn.grant.id}` : `conn:${conn.id}`);

  function needsRefresh(conn: StoredConnection): boolean {
    const exp = ms(conn.tokens.accessTokenExpiresAt);
    if (exp === undefined || Number.isNaN(exp)) return false;
    let ahead = oauthOf(conn).provider.descriptor.auth.refreshAheadMs;
    // Never refresh ahead by more than half the token's life, or short-lived tokens would be refreshed on every call.
    const obtained = ms(conn.tokens.obtainedAt);
    if (obtained !== undefined && !Number.isNaN(obtained) && exp > obtained) ahead = Math.min(ahead, (exp - obtained) / 2);
    return exp - ahead <= clock.now();
  }

  function isExpired(conn: StoredConnection): boolean {
    const exp = ms(conn.tokens.accessTokenExpiresAt);
    return exp !== undefined && !Number.isNaN(exp) && exp <= clock.now();
  }

  function relinkError(conn: StoredConnection, why: string): AuthError {
    return new AuthError(`${conn.provider}: connection ${conn.id} must be linked again (${why})`, {
      provider: conn.provider,
      relinkRequired: true,
    });
  }

  async function load(connectionId: string): Promise<Versioned<StoredConnection>> {
    const rec = await store.get(connectionId);
    if (!rec) throw new AuthError(`unknown connection ${connectionId}`);
    if (rec.value.status === 'relink_required') throw relinkError(rec.value, 'its refresh token was rejected earlier');
    if (rec.value.status === 'revoked') throw relinkError(rec.value, 'it was revoked');
    return rec;
  }

  function satisfied(conn: StoredConnection, trigger: Trigger): boolean {
    if (trigger.kind === 'force') return false;
    if (trigger.kind === 'stale' && conn.tokens.accessToken === trigger.token) return false;
    return !needsRefresh(conn);
  }

  /** Joins the in-flight refresh of the connection's token chain, or starts one. */
  async function flight(connectionId: string, key: string, trigger: Trigger): Promise<string> {
    for (let round = 0; round < 3; round++) {
      const existing = inflight.get(key);
      if (existing) {
        const token = await existing;
        if (trigger.kind === 'stale' && token === trigger.token) continue;
        return token;
      }
      const run = (async () => {
        const locked = () => refreshLocked(connectionId, trigger);
        return store.withLock ? store.withLock(`ledgerlink:refresh:${key}`, locked) : locked();
      })();
      const shared = run.finally(() => {
        if (inflight.get(key) === shared) inflight.delete(key);
      });
      inflight.set(key, shared);
      return shared;
    }
    throw new AuthError(`connection ${connectionId}: the refreshed access token is still the rejected one`);
  }

  async function refreshLocked(connectionId: string, trigger: Trigger): Promise<string> {
    let rec = await load(connectionId);
    rec = await adoptNewerSibling(rec);
    if (satisfied(rec.value, trigger)) return rec.value.tokens.accessToken;
    const refreshToken = rec.value.tokens.refreshToken;
    if (!refreshToken) {
      await markRelink(rec, new Set(), 'no refresh token');
      throw relinkError(rec.value, 'the provider gave no refresh token');
    }
    const oauth = oauthOf(rec.value);
    await limiter.acquire(chainKey(rec.value), oauth.provider.descriptor.auth.maxRefreshesPerMinute);
    return attempt(rec, refreshToken, { trigger, tried: new Set() });
  }

  /** A sibling of the same consent that holds a newer token set (a crash between sibling writes) is adopted. */
  async function adoptNewerSibling(rec: Versioned<StoredConnection>): Promise<Versioned<StoredConnection>> {
    const newer = await newestSibling(rec.value, new Set([rec.value.tokens.refreshToken ?? '']));
    if (!newer) return rec;
    const value: StoredConnection = { ...rec.value, tokens: newer.tokens, updatedAt: iso() };
    if (newer.previousRefreshToken) value.previousRefreshToken = newer.previousRefreshToken;
    const cas = await store.compareAndSet(rec.value.id, rec.version, value);
    return cas.ok ? { value, version: cas.version } : load(rec.value.id);
  }

  async function newestSibling(conn: StoredConnection, exclude: Set<string>): Promise<StoredConnection | undefined> {
    if (!conn.grant) return undefined;
    const mine = ms(conn.tokens.obtainedAt) ?? 0;
    let best: StoredConnection | undefined;
    for (const id of conn.grant.connectionIds) {
      if (id === conn.id) continue;
      const s = (await store.get(id))?.value;
      if (!s || s.status !== 'active' || s.grant?.id !== conn.grant.id) continue;
      const rt = s.tokens.refreshToken;
      if (!rt || exclude.has(rt)) continue;
      const t = ms(s.tokens.obtainedAt) ?? 0;
      if (t > mine && (!best || t > (ms(best.tokens.obtainedAt) ?? 0))) best = s;
    }
    return best;
  }

  async function attempt(rec: Versioned<StoredConnection>, refreshToken: string, state: Attempt): Promise<string> {
    const oauth = oauthOf(rec.value);
    state.tried.add(refreshToken);
    let tokens: TokenSet;
    try {
      tokens = await oauth.refreshTokens(refreshToken);
    } catch (err) {
      if (err instanceof LedgerError && err.providerCode === 'invalid_grant') return onInvalidGrant(rec, state);
      if (state.trigger.kind === 'expiry' && !isExpired(rec.value) && err instanceof LedgerError && err.retryable) {
        // Refreshing ahead of expiry failed transiently: the current token still works, the next call tries again.
        logger.warn('token refresh failed; the current access token is still valid', {
          provider: rec.value.provider,
          connectionId: rec.value.id,
          code: err.code,
        });
        return rec.value.tokens.accessToken;
      }
      throw err;
    }
    return persist(rec, refreshToken, tokens);
  }

  function applyTokens(base: StoredConnection, spent: string, fresh: TokenSet, rotation: RefreshTokenRotation): StoredConnection {
    const old = base.tokens;
    const tokens: TokenSet = { ...fresh };
    if (!tokens.scopes && old.scopes) tokens.scopes = old.scopes;
    if (tokens.refreshToken === old.refreshToken && !tokens.refreshTokenExpiresAt && old.refreshTokenExpiresAt) {
      tokens.refreshTokenExpiresAt = old.refreshTokenExpiresAt;
    }
    if (!tokens.refreshTokenHardExpiresAt && old.refreshTokenHardExpiresAt) tokens.refreshTokenHardExpiresAt = old.refreshTokenHardExpiresAt;
    const { previousRefreshToken, ...rest } = base;
    const value: StoredConnection = { ...rest, tokens, status: 'active', updatedAt: iso() };
    const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== spent;
    if (windowMs(rotation) > 0) {
      if (rotated) value.previousRefreshToken = { token: spent, rotatedAt: iso() };
      else if (previousRefreshToken) value.previousRefreshToken = previousRefreshToken;
    }
    return value;
  }

  /** Writes the new tokens with compare-and-set; on conflict uses the winner's tokens or re-applies ours. */
  async function persist(rec: Versioned<StoredConnection>, spent: string, fresh: TokenSet): Promise<string> {
    const conn = rec.value;
    const rotation = oauthOf(conn).provider.descriptor.auth.rotation;
    const expectedStored = conn.tokens.refreshToken;
    let current = rec;
    for (let round = 0; round < 10; round++) {
      const value = applyTokens(current.value, spent, fresh, rotation);
      const cas = await store.compareAndSet(conn.id, current.version, value);
      if (cas.ok) {
        const rotated = fresh.refreshToken !== spent;
        logger.info('access token refreshed', { provider: conn.provider, connectionId: conn.id, rotated });
        emit({ type: 'refreshed', connectionId: conn.id, provider: conn.provider, rotated });
        await propagate(value, expectedStored);
        return fresh.accessToken;
      }
      const latest = cas.current ?? (await store.get(conn.id));
      if (!latest) throw new AuthError(`connection ${conn.id} was deleted while its tokens were refreshed`, { provider: conn.provider });
      const storedRt = latest.value.tokens.refreshToken;
      if (storedRt !== expectedStored && storedRt !== fresh.refreshToken && latest.value.status === 'active') {
        // Another process refreshed meanwhile and its tokens are stored: keep them (ours stay valid until expiry).
        logger.info('concurrent refresh detected; using the stored tokens', { provider: conn.provider, connectionId: conn.id });
        return isExpired(latest.value) ? fresh.accessToken : latest.value.tokens.accessToken;
      }
      current = latest;
    }
    throw new AuthError(`connection ${conn.id} kept changing while its tokens were saved`, { provider: conn.provider, retryable: true });
  }

  /** Writes the new token set to the other connections of the same consent that still hold the spent chain. */
  async function propagate(conn: StoredConnection, expectedStored: string | undefined): Promise<void> {
    if (!conn.grant) return;
    for (const id of conn.grant.connectionIds) {
      if (id === conn.id) continue;
      for (let round = 0; round < 10; round++) {
        const s = await store.get(id);
        if (!s || s.value.grant?.id !== conn.grant.id || s.value.status === 'revoked') break;
        if (s.value.tokens.refreshToken !== expectedStored) break;
        const value: StoredConnection = { ...s.value, tokens: conn.tokens, status: 'active', updatedAt: conn.updatedAt };
        if (conn.previousRefreshToken) value.previousRefreshToken = conn.previousRefreshToken;
        else delete value.previousRefreshToken;
        if ((await store.compareAndSet(id, s.version, value)).ok) break;
      }
    }
  }

  async function onInvalidGrant(rec: Versioned<StoredConnection>, state: Attempt): Promise<string> {
    const conn = rec.value;
    logger.warn('refresh token rejected (invalid_grant); re-reading the store', { provider: conn.provider, connectionId: conn.id });
    const latest = await store.get(conn.id);
    if (!latest) throw new AuthError(`connection ${conn.id} was deleted`, { provider: conn.provider });
    if (latest.value.status !== 'active') throw relinkError(latest.value, 'its refresh token was rejected');
    const storedRt = latest.value.tokens.refreshToken;
    if (storedRt && !state.tried.has(storedRt)) {
      // Another process rotated the token: use its result, refreshing with the new (unspent) token only if needed.
      if (satisfied(latest.value, state.trigger)) return latest.value.tokens.accessToken;
      return attempt(latest, storedRt, state);
    }
    const sibling = await newestSibling(latest.value, state.tried);
    if (sibling?.tokens.refreshToken) {
      const adopted = await adoptNewerSibling(latest);
      if (satisfied(adopted.value, state.trigger)) return adopted.value.tokens.accessToken;
      if (adopted.value.tokens.refreshToken && !state.tried.has(adopted.value.tokens.refreshToken)) {
        return attempt(adopted, adopted.value.tokens.refreshToken, state);
      }
    }
    const rotation = oauthOf(conn).provider.descriptor.auth.rotation;
    const prev = latest.value.previousRefreshToken;
    const rotatedAt = ms(prev?.rotatedAt);
    if (prev && !state.tried.has(prev.token) && rotatedAt !== undefined && clock.now() - rotatedAt <= windowMs(rotation)) {
      logger.info('retrying once with the previous refresh token (grace window)', { provider: conn.provider, connectionId: conn.id });
      return attempt(latest, prev.token, state);
    }
    const recovered = await markRelink(latest, state.tried, 'invalid_grant');
    if (recovered) return recovered;
    throw new AuthError(`${conn.provider}: connection ${conn.id} must be linked again (the provider rejected its refresh token: invalid_grant)`, {
      provider: conn.provider,
      relinkRequired: true,
      providerCode: 'invalid_grant',
    });
  }

  /**
   * Marks the connection (and siblings on the same dead chain) `relink_required`. Returns an access token instead when
   * a concurrent writer stored a token set that was not tried yet (the chain is alive after all).
   */
  async function markRelink(rec: Versioned<StoredConnection>, tried: Set<string>, reason: string): Promise<string | undefined> {
    const conn = rec.value;
    let current: Versioned<StoredConnection> | undefined = rec;
    for (let round = 0; round < 10 && current; round++) {
      const rt = current.value.tokens.refreshToken;
      if (current.value.status !== 'active') break;
      if (round > 0 && rt && !tried.has(rt)) return current.value.tokens.accessToken;
      const cas = await store.compareAndSet(conn.id, current.version, { ...current.value, status: 'relink_required', updatedAt: iso() });
      if (cas.ok) {
        logger.warn('connection needs to be linked again', { provider: conn.provider, connectionId: conn.id, reason });
        emit({ type: 'relinkRequired', connectionId: conn.id, provider: conn.provider, reason });
        break;
      }
      current = cas.current ?? (await store.get(conn.id));
    }
    for (const id of conn.grant?.connectionIds ?? []) {
      if (id === conn.id) continue;
      for (let round = 0; round < 10; round++) {
        const s = await store.get(id);
        const rt = s?.value.tokens.refreshToken;
        if (!s || s.value.status !== 'active' || s.value.grant?.id !== conn.grant?.id || (rt && !tried.has(rt))) break;
        const cas = await store.compareAndSet(id, s.version, { ...s.value, status: 'relink_required', updatedAt: iso() });
        if (cas.ok) {
          emit({ type: 'relinkRequired', connectionId: id, provider: s.value.provider, reason });
          break;
        }
      }
    }
    return undefined;
  }

  return {
    async getAccessToken(connectionId) {
      const rec = await load(connectionId);
      if (!needsRefresh(rec.value)) return rec.value.tokens.accessToken;
      return flight(connectionId, chainKey(rec.value), { kind: 'expiry' });
    },
    async refreshAfterUnauthorized(connectionId, staleAccessToken) {
      const rec = await load(connectionId);
      if (rec.value.tokens.accessToken !== staleAccessToken && !needsRefresh(rec.value)) return rec.value.tokens.accessToken;
      return flight(connectionId, chainKey(rec.value), { kind: 'stale', token: staleAccessToken });
    },
    async refresh(connectionId) {
      const rec = await load(connectionId);
      return flight(connectionId, chainKey(rec.value), { kind: 'force' });
    },
  };
}
