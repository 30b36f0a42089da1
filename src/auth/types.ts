/**
 * Types of the auth layer: token sets, tenants, stored connections and the token store contract.
 * @module
 */

/** OAuth tokens of one connection. Instants are UTC ISO 8601. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** When the access token expires (UTC ISO 8601), if the provider said. */
  accessTokenExpiresAt?: string;
  refreshToken?: string;
  /** When the refresh token expires if unused (QuickBooks 100-day rolling, Sage 31 days, Xero 60 days). */
  refreshTokenExpiresAt?: string;
  /** Absolute end of the refresh token chain (QuickBooks' 5-year maximum). */
  refreshTokenHardExpiresAt?: string;
  idToken?: string;
  scopes?: string[];
  /** When these tokens were issued (UTC ISO 8601). */
  obtainedAt: string;
}

/** One organisation/company/business the tokens give access to. */
export interface Tenant {
  /** The provider's id: Xero tenantId, QuickBooks realmId, Sage business id, FreeAgent company URL… */
  id: string;
  name?: string;
  /** Provider tenant type (Xero `ORGANISATION`/`PRACTICE`). */
  type?: string;
  /** Region or data centre where the provider has several (Sage `country`). */
  region?: string;
  /** Anything else the provider needs later, e.g. Xero's connection id for disconnecting. */
  metadata?: Record<string, string>;
}

/** Status of a stored connection. */
export type ConnectionStatus = 'active' | 'relink_required' | 'revoked';

/** Everything ledgerlink persists about one connection (one provider + one tenant). */
export interface StoredConnection {
  id: string;
  provider: string;
  environment: string;
  tenant: Tenant;
  tokens: TokenSet;
  status: ConnectionStatus;
  /** The refresh token replaced by the last rotation, kept for providers with a grace period (Xero: 30 min). */
  previousRefreshToken?: { token: string; rotatedAt: string };
  createdAt: string;
  updatedAt: string;
  /** Caller's own data (e.g. your customer id). */
  metadata?: Record<string, unknown>;
  /**
   * Set when one consent produced several connections (one per tenant, e.g. two Xero organisations): they share one
   * token chain, so the token manager refreshes them under one lock and writes the new tokens to every sibling.
   */
  grant?: { id: string; connectionIds: string[] };
}

/** A stored connection with its version for compare-and-set. */
export interface Versioned<T> {
  value: T;
  /** Monotonic version; starts at 1 on create. */
  version: number;
}

/** Result of a compare-and-set. */
export type CasResult<T> = { ok: true; version: number } | { ok: false; current?: Versioned<T> };

/**
 * Where connections (and their tokens) live. Implementations must make `compareAndSet` atomic: it writes only when the
 * stored version equals `expectedVersion` (`null` = must not exist yet), so two processes refreshing the same
 * connection can never both win and one rotated refresh token can never be lost.
 */
export interface TokenStore {
  get(connectionId: string): Promise<Versioned<StoredConnection> | undefined>;
  compareAndSet(
    connectionId: string,
    expectedVersion: number | null,
    value: StoredConnection,
  ): Promise<CasResult<StoredConnection>>;
  delete(connectionId: string): Promise<void>;
  list(): Promise<StoredConnection[]>;
  /**
   * Optional cross-process mutual exclusion (file lock, advisory lock, Redis lock). When present the token manager
   * refreshes inside it, so only one process in a fleet ever spends a refresh token.
   */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** In-flight state of a link (authorization) attempt: kept between `start` and `complete`. */
export interface PendingLink {
  state: string;
  provider: string;
  environment: string;
  codeVerifier?: string;
  nonce?: string;
  redirectUri: string;
  scopes: string[];
  createdAt: string;
  /** Caller data carried through the link flow. */
  metadata?: Record<string, unknown>;
  /** When the link re-authorises an existing connection (after `relink_required`), its id. */
  connectionId?: string;
}

/** Holds pending links by `state`; `take` is single-use so a callback cannot be replayed. */
export interface LinkStateStore {
  put(link: PendingLink, ttlMs: number): Promise<void>;
  take(state: string): Promise<PendingLink | undefined>;
}
