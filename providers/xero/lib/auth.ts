/**
 * Xero tenant resolution, revocation and tenant disconnection. Requests go through the `request` function the core
 * hands in (authenticated, retried, throttled); nothing here opens a connection itself.
 *
 * @see https://developer.xero.com/documentation/guides/oauth2/tenants
 * @see https://developer.xero.com/documentation/guides/oauth2/auth-flow#revoking-tokens
 * @module
 */
import type { Tenant } from '../../../src/auth/types';
import { AuthError, ConfigurationError, ProviderError } from '../../../src/errors';
import { toInstant } from '../../../src/model/primitives';
import type { AuthDescriptor, TenantResolutionContext } from '../../../src/provider/types';

const PROVIDER = 'xero';

/**
 * Reads the claims of a JWT **without verifying it**. Only used to pick the `authentication_event_id` out of our own
 * freshly issued access token to narrow `/connections`; nothing is trusted on the strength of it. Returns `undefined`
 * for anything that is not a decodable three-part JWT with a JSON object payload.
 */
export function decodeJwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = Buffer.from(parts[1], 'base64url').toString('utf8');
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One entry of `GET https://api.xero.com/connections`. */
export interface XeroConnection {
  id: string;
  tenantId: string;
  tenantType?: string;
  tenantName?: string | null;
  authEventId?: string;
  createdDateUtc?: string;
  updatedDateUtc?: string;
}

function isConnection(v: unknown): v is XeroConnection {
  return (
    typeof v === 'object' && v !== null &&
    typeof (v as XeroConnection).id === 'string' && (v as XeroConnection).id !== '' &&
    typeof (v as XeroConnection).tenantId === 'string' && (v as XeroConnection).tenantId !== ''
  );
}

/**
 * Turns one `/connections` entry into a {@link Tenant}. `metadata.connectionId` is the connection `id` needed to
 * disconnect; `createdDateUtc`/`updatedDateUtc` carry no zone designator in Xero's responses and are read as UTC.
 */
export function connectionToTenant(c: XeroConnection): Tenant {
  const metadata: Record<string, string> = { connectionId: c.id };
  if (c.authEventId) metadata.authEventId = c.authEventId;
  if (c.tenantType) metadata.tenantType = c.tenantType;
  const created = safeInstant(c.createdDateUtc);
  if (created) metadata.createdAt = created;
  const updated = safeInstant(c.updatedDateUtc);
  if (updated) metadata.updatedAt = updated;
  return {
    id: c.tenantId,
    ...(c.tenantName ? { name: c.tenantName } : {}),
    ...(c.tenantType ? { type: c.tenantType } : {}),
    metadata,
  };
}

function safeInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return toInstant(value, { zoneless: 'utc' });
  } catch {
    return undefined;
  }
}

async function listConnections(
  request: TenantResolutionContext['request'],
  query: Record<string, string>,
): Promise<XeroConnection[]> {
  const response = await request<unknown>({ method: 'GET', url: '', base: 'connections', query, operation: 'connections.list' });
  if (!Array.isArray(response.data)) {
    throw new ProviderError('Xero /connections did not return a list', { provider: PROVIDER, status: response.status });
  }
  return response.data.filter(isConnection);
}

/**
 * Lists the organisations one consent gave access to: `GET /connections?authEventId=<authentication_event_id>`.
 * The event id comes from the access token's `authentication_event_id` claim so only the tenants of *this* consent
 * are returned (a user may have connected other organisations to the app before); when the token cannot be decoded
 * every connection of the user is listed. Several tenants may come back: the caller chooses.
 */
export const resolveXeroTenants: AuthDescriptor['resolveTenants'] = async (ctx) => {
  const eventId = decodeJwtClaims(ctx.tokens.accessToken)?.authentication_event_id;
  const query: Record<string, string> = typeof eventId === 'string' && eventId !== '' ? { authEventId: eventId } : {};
  const connections = await listConnections(ctx.request, query);
  return connections.map(connectionToTenant);
};

/** RFC 6749 §2.3.1: client id and secret are form-encoded before being joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')}`;
}

/**
 * Revokes the refresh token (and with it every access token of the consent): `POST {revocation}` with the form body
 * `token=<refresh token>` and HTTP Basic client authentication. Xero revokes refresh tokens only — access tokens are
 * self-contained JWTs — so a token set without a refresh token cannot be revoked.
 *
 * @throws {ConfigurationError} when no revocation URL is configured.
 * @throws {AuthError} when the token set has no refresh token (request the `offline_access` scope).
 */
export const revokeXeroTokens: NonNullable<AuthDescriptor['revoke']> = async (ctx) => {
  const url = ctx.urls.revocation;
  if (!url) throw new ConfigurationError('Xero revocation URL is not configured', { provider: PROVIDER });
  const refreshToken = ctx.tokens.refreshToken;
  if (!refreshToken) {
    throw new AuthError('cannot revoke: the connection has no refresh token (Xero revokes refresh tokens only)', {
      provider: PROVIDER,
    });
  }
  await ctx.request({
    method: 'POST',
    url,
    anonymous: true,
    headers: {
      Authorization: basicAuthorization(ctx.clientId, ctx.clientSecret),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ token: refreshToken }).toString(),
    operation: 'auth.revoke',
  });
};

/**
 * Disconnects one organisation while keeping the consent for the others: `DELETE {connections}/{connectionId}`.
 * The connection id comes from `tenant.metadata.connectionId` (set by tenant resolution); for tenants stored without
 * it the connection is looked up in `/connections` by tenant id.
 *
 * @throws {AuthError} when the tenant is not among the token's connections (already disconnected).
 */
export const disconnectXeroTenant: NonNullable<AuthDescriptor['disconnectTenant']> = async (ctx) => {
  let connectionId = ctx.tenant.metadata?.connectionId;
  if (!connectionId) {
    const match = (await listConnections(ctx.request, {})).find((c) => c.tenantId === ctx.tenant.id);
    if (!match) {
      throw new AuthError(`Xero organisation ${ctx.tenant.id} is not connected to this token`, { provider: PROVIDER });
    }
    connectionId = match.id;
  }
  const base = ctx.urls.connections;
  if (!base) throw new ConfigurationError('Xero connections URL is not configured', { provider: PROVIDER });
  await ctx.request({
    method: 'DELETE',
    url: `${base.replace(/\/+$/, '')}/${encodeURIComponent(connectionId)}`,
    operation: 'connections.delete',
  });
};
