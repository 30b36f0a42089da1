/**
 * QuickBooks tenant resolution (the callback's `realmId`) and token revocation (JSON `{ token }` with Basic auth).
 * @module
 */
import { AuthError, ConfigurationError } from '../../../src/errors';
import type { AuthDescriptor } from '../../../src/provider/types';

const PROVIDER = 'quickbooks';

/** The realm the user consented to is the `realmId` callback parameter; its name comes from CompanyInfo. */
export const resolveQuickBooksTenants: AuthDescriptor['resolveTenants'] = async (ctx) => {
  const realmId = ctx.callbackParams.realmId ?? (typeof ctx.idTokenClaims?.realmid === 'string' ? ctx.idTokenClaims.realmid : undefined);
  if (!realmId || !/^\d+$/.test(realmId)) {
    throw new AuthError('QuickBooks callback carried no realmId (company id): the user did not pick a company', { provider: PROVIDER });
  }
  let name: string | undefined;
  try {
    const res = await ctx.request<{ CompanyInfo?: { CompanyName?: string } }>({
      method: 'GET',
      url: `${ctx.urls.api.replace(/\/+$/, '')}/v3/company/${realmId}/companyinfo/${realmId}`,
      // Absolute URLs get no defaultQuery, and the instance options are not in reach here: the default minor version.
      query: { minorversion: '75' },
      operation: 'companyinfo.get',
    });
    name = res.data?.CompanyInfo?.CompanyName;
  } catch {
    name = undefined; // the name is cosmetic; the realm id is what matters
  }
  return [{ id: realmId, ...(name ? { name } : {}), type: 'REALM' }];
};

/** `POST {revocation}` with `{"token": <refresh token>}` and HTTP Basic client authentication (reference §3.1). */
export const revokeQuickBooksTokens: NonNullable<AuthDescriptor['revoke']> = async (ctx) => {
  const url = ctx.urls.revocation;
  if (!url) throw new ConfigurationError('QuickBooks revocation URL is not configured', { provider: PROVIDER });
  const token = ctx.tokens.refreshToken ?? ctx.tokens.accessToken;
  await ctx.request({
    method: 'POST',
    url,
    anonymous: true,
    headers: {
      Authorization: `Basic ${Buffer.from(`${ctx.clientId}:${ctx.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: { token },
    operation: 'auth.revoke',
  });
};
