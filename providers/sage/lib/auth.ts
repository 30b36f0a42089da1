/**
 * Sage tenant resolution: the businesses of the consenting user from `GET {core}/businesses` (the Core/User API,
 * saved `sage-user-business-swagger.json`, host `api.accounting.sage.com`, basePath `/v3.1`). Every business is
 * returned; with several, the caller chooses (`link.complete` answers `choose-tenant`). The callback's `country`
 * parameter (the business region, reference §4.1) is kept as the tenant's `region` and `metadata.country`.
 *
 * Revocation is the standard RFC 7009 form post with `client_secret_post` (the core's default), answered
 * `{"success":"ok"}`.
 *
 * @see https://developer.sage.com/accounting/guides/concepts/best_practices/
 * @see https://developer.sage.com/accounting/guides/authenticating/authentication/
 * @module
 */
import { AuthError, ConfigurationError } from '../../../src/errors';
import type { Tenant } from '../../../src/auth/types';
import type { AuthDescriptor } from '../../../src/provider/types';

const PROVIDER = 'sage';

/** Business fields kept in tenant metadata (strings only) for the company record. */
const METADATA_FIELDS = ['address_line_1', 'address_line_2', 'city', 'postal_code', 'region', 'telephone', 'website', 'is_demo'] as const;

/** `GET /businesses` → tenants (type `BUSINESS`). */
export const resolveSageTenants: AuthDescriptor['resolveTenants'] = async (ctx) => {
  const core = ctx.urls.core ?? ctx.urls.api;
  if (!core) throw new ConfigurationError('Sage core (user/business) API URL is not configured', { provider: PROVIDER });
  const res = await ctx.request<{ $items?: unknown }>({
    method: 'GET',
    url: `${core.replace(/\/+$/, '')}/businesses`,
    // ❓ unverified: that /businesses takes `attributes=all` like the accounting lists (the user-business Swagger
    // declares no parameters); without it the items are slim and the company misses the address.
    query: { attributes: 'all' },
    operation: 'businesses.list',
  });
  const items = Array.isArray(res.data?.$items) ? (res.data.$items as Record<string, unknown>[]) : Array.isArray(res.data) ? (res.data as Record<string, unknown>[]) : [];
  // ❓ unverified: the case of the callback's `country` (`GB` or `gb`); it is upper-cased.
  const country = ctx.callbackParams.country;
  const tenants: Tenant[] = [];
  for (const b of items) {
    if (typeof b?.id !== 'string' || b.id === '') continue;
    const metadata: Record<string, string> = {};
    for (const f of METADATA_FIELDS) {
      const v = b[f];
      if (typeof v === 'string' && v !== '') metadata[f] = v;
      else if (typeof v === 'boolean') metadata[f] = String(v);
    }
    const bc = (b.country as { id?: unknown } | undefined)?.id;
    const region = typeof bc === 'string' && bc !== '' ? bc.toUpperCase() : country?.toUpperCase();
    if (country) metadata.country = country.toUpperCase();
    const name = typeof b.name === 'string' && b.name ? b.name : typeof b.displayed_as === 'string' ? b.displayed_as : undefined;
    tenants.push({ id: b.id, ...(name ? { name } : {}), type: 'BUSINESS', ...(region ? { region } : {}), ...(Object.keys(metadata).length ? { metadata } : {}) });
  }
  if (tenants.length === 0) throw new AuthError('Sage returned no business for this user: nothing to connect to', { provider: PROVIDER });
  return tenants;
};
