/**
 * FreeAgent tenant resolution. One company per authorisation (reference §5.1): the token *is* the company and
 * `GET /v2/company` describes it, so `resolveTenants` always returns exactly one tenant.
 *
 * FreeAgent has no token revocation endpoint (reference §5.1, "revoke: ❓ none found"), so {@link revokeFreeAgentTokens}
 * calls nothing: `ledger.revoke()` marks the connection revoked and stops using its tokens locally, but the tokens
 * stay valid at FreeAgent until they expire (the refresh token lives ~20 years). The user removes the app's access
 * in FreeAgent's settings (❓ unverified wording) to end it at the provider.
 *
 * @see https://dev.freeagent.com/docs/oauth
 * @see https://dev.freeagent.com/docs/company
 * @module
 */
import { AuthError } from '../../../src/errors';
import type { AuthDescriptor } from '../../../src/provider/types';

/**
 * The tenant id of a company record. ❓ unverified: which field identifies a company. The company `url` is the
 * same (`…/v2/company`) for every company, so it cannot be the id; `subdomain` (what the Practice API's
 * `X-Subdomain` header names a client by, reference §5.1) is used, then `id`.
 */
export function companyTenantId(company: Record<string, unknown>): string | undefined {
  for (const f of ['subdomain', 'id']) {
    const v = company[f];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return undefined;
}

/** `GET /company` → the one tenant of this authorisation. */
export const resolveFreeAgentTenants: AuthDescriptor['resolveTenants'] = async (ctx) => {
  const res = await ctx.request<{ company?: Record<string, unknown> }>({ method: 'GET', url: '/company', operation: 'company.get' });
  const company = res.data?.company;
  const id = company ? companyTenantId(company) : undefined;
  if (!company || !id) throw new AuthError('FreeAgent GET /company returned no company', { provider: 'freeagent' });
  const name = typeof company.name === 'string' && company.name !== '' ? company.name : undefined;
  return [{ id, ...(name ? { name } : {}), type: 'COMPANY' }];
};

/**
 * Local-only revocation: FreeAgent offers no revocation endpoint, so nothing is sent (a call to a guessed URL could
 * only fail or leak the token). The core then marks the connection revoked. See the module description.
 */
export const revokeFreeAgentTokens: NonNullable<AuthDescriptor['revoke']> = async () => {
  // Intentionally empty: there is nothing to call at FreeAgent.
};
