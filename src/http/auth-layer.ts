/**
 * The auth layer: attaches the access token; on a 401 asks for a fresh token **once** and replays the request.
 * A second 401 goes up unchanged and becomes an `AuthError` (no refresh loop).
 *
 * The layer does not refresh by itself: `refreshAfterUnauthorized(stale)` belongs to the token manager, which makes
 * concurrent refreshes single-flight and, when another worker already rotated the token, just returns the new one.
 * @module
 */
import { AuthError } from '../errors';
import type { Logger } from '../logger';
import type { Layer } from './types';

/** Where the auth layer gets tokens. */
export interface AuthHooks {
  /** A usable access token (the token manager refreshes it ahead of expiry). */
  getAccessToken(): Promise<string>;
  /**
   * Called after a 401 for `staleAccessToken`: returns a fresh token, refreshing only if nobody else has already
   * replaced `staleAccessToken`.
   */
  refreshAfterUnauthorized(staleAccessToken: string): Promise<string>;
}

/** Options of {@link createAuthLayer}. */
export interface AuthLayerOptions {
  /** Provider id for errors and logs. */
  provider: string;
  /** Already redacting. */
  logger?: Logger;
}

/**
 * Builds the auth layer. Without hooks, or for a request marked `anonymous`, requests pass through untouched.
 *
 * @example
 * const send = createAuthLayer(hooks, { provider: 'xero' })(transportLayer);
 */
export function createAuthLayer(hooks: AuthHooks | undefined, options: AuthLayerOptions): Layer {
  return (next) => async (req) => {
    if (!hooks || req.anonymous) return next(req);
    const token = await hooks.getAccessToken();
    if (typeof token !== 'string' || token === '') {
      throw new AuthError('no access token is available for this connection', { provider: options.provider });
    }
    req.secrets.push(token);
    const first = await next({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } });
    if (first.status !== 401) return first;

    options.logger?.info('ledgerlink: access token rejected (HTTP 401); refreshing once and replaying', {
      provider: options.provider,
      operation: req.operation,
      attempt: req.attempt,
    });
    const fresh = await hooks.refreshAfterUnauthorized(token);
    if (typeof fresh !== 'string' || fresh === '' || fresh === token) return first;
    req.secrets.push(fresh);
    return next({ ...req, headers: { ...req.headers, Authorization: `Bearer ${fresh}` } });
  };
}
