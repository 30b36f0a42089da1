/**
 * The link flow end to end: authorization URL → plain HTTP GET through the emulator's consent → callback → stored
 * connection(s).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ErrorCodes } from '../../src/errors';
import { createLinkFlow, type LinkFlowOptions } from '../../src/auth/link';
import { MemoryLinkStateStore } from '../../src/auth/memory-link-state-store';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import type { Tenant } from '../../src/auth/types';
import {
  CLIENT_SECRET,
  ManualClock,
  consent,
  expectNoSecrets,
  fetchRequestFactory,
  startHarness,
  testProvider,
  type Harness,
  type HarnessOAuthOptions,
  type TestProviderOptions,
} from './harness';

const harnesses: Harness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});

async function setup(o: { server?: HarnessOAuthOptions; provider?: TestProviderOptions; flow?: Partial<LinkFlowOptions> } = {}) {
  const h = await startHarness(o.server);
  harnesses.push(h);
  const clock = new ManualClock();
  const tokenStore = new MemoryTokenStore();
  const linkStateStore = new MemoryLinkStateStore({ clock });
  const provider = testProvider(h, o.provider);
  const link = createLinkFlow({
    providers: new Map([['testprov', provider]]),
    tokenStore,
    linkStateStore,
    clock,
    requestFactory: fetchRequestFactory,
    ...o.flow,
  });
  return { h, clock, tokenStore, linkStateStore, provider, link };
}

describe('link flow', () => {
  it('links one tenant: start → consent over HTTP → complete → stored connection with tokens', async () => {
    const { h, link, tokenStore } = await setup();
    const { authorizationUrl, state } = await link.start('testprov', { metadata: { customerId: 'cus_42' } });
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('state')).toBe(state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await consent(authorizationUrl, { emulator_tenants: 'tenant-a' });
    const result = await link.complete('testprov', callback);
    expect(result.status).toBe('linked');
    if (result.status !== 'linked') return;
    const { connection } = result;
    expect(connection.id).toMatch(/^conn_[0-9a-f]{32}$/);
    expect(connection).toMatchObject({
      provider: 'testprov',
      environment: 'production',
      status: 'active',
      tenant: { id: 'tenant-a', name: 'Alpha Ltd', type: 'ORGANISATION' },
      metadata: { customerId: 'cus_42' },
    });
    expect(JSON.stringify(result)).not.toMatch(/accessToken|refreshToken/);
    const stored = await tokenStore.get(connection.id);
    expect(stored?.version).toBe(1);
    expect(h.oauth.validateAccessToken(stored!.value.tokens.accessToken)?.tenantIds).toEqual(['tenant-a']);
    expect(stored!.value.tokens.refreshToken).toBeTruthy();
  });

  it('accepts the callback as URLSearchParams or a path with query', async () => {
    const { link } = await setup();
    const a = await link.start('testprov');
    const cbA = new URL(await consent(a.authorizationUrl, { emulator_tenants: 'tenant-a' }));
    expect((await link.complete('testprov', cbA.searchParams)).status).toBe('linked');
    const b = await link.start('testprov');
    const cbB = new URL(await consent(b.authorizationUrl, { emulator_tenants: 'tenant-b' }));
    expect((await link.complete('testprov', `/callback${cbB.search}`)).status).toBe('linked');
  });

  it('asks the caller to choose when one consent covers several tenants, and never picks silently', async () => {
    const { link, tokenStore } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const result = await link.complete('testprov', await consent(authorizationUrl));
    expect(result.status).toBe('choose-tenant');
    if (result.status !== 'choose-tenant') return;
    expect(result.tenants.map((t) => t.id)).toEqual(['tenant-a', 'tenant-b']);
    expect(await tokenStore.list()).toHaveLength(0);
    await expect(result.complete('tenant-z')).rejects.toMatchObject({ code: ErrorCodes.TENANT_SELECTION });
    await expect(result.complete([])).rejects.toMatchObject({ code: ErrorCodes.TENANT_SELECTION });
    const done = await result.complete('tenant-b');
    expect(done.connection.tenant.id).toBe('tenant-b');
    expect(done.connections).toHaveLength(1);
    await expect(result.complete('tenant-a')).rejects.toBeInstanceOf(AuthError);
    expect((await tokenStore.list()).map((c) => c.tenant.id)).toEqual(['tenant-b']);
  });

  it('creates one connection per chosen tenant, sharing one token chain', async () => {
    const { link, tokenStore } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const result = await link.complete('testprov', await consent(authorizationUrl));
    if (result.status !== 'choose-tenant') throw new Error('expected a choice');
    const done = await result.complete(['tenant-a', 'tenant-b']);
    expect(done.connections.map((c) => c.tenant.id)).toEqual(['tenant-a', 'tenant-b']);
    const [a, b] = await Promise.all(done.connections.map((c) => tokenStore.get(c.id)));
    expect(a!.value.grant).toEqual({ id: expect.stringMatching(/^grant_/), connectionIds: done.connections.map((c) => c.id) });
    expect(b!.value.grant).toEqual(a!.value.grant);
    expect(a!.value.tokens).toEqual(b!.value.tokens);
  });

  it('expires the tenant choice', async () => {
    const { link, clock } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const result = await link.complete('testprov', await consent(authorizationUrl));
    if (result.status !== 'choose-tenant') throw new Error('expected a choice');
    clock.advance(10 * 60_000 + 1);
    await expect(result.complete('tenant-a')).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });
  });

  it('rejects a forged, replayed or expired state and creates nothing', async () => {
    const { h, link, tokenStore, clock } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const callback = new URL(await consent(authorizationUrl, { emulator_tenants: 'tenant-a' }));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'attacker-state');
    await expect(link.complete('testprov', forged)).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });
    expect(h.oauth.stats().tokenRequests).toBe(0);

    expect((await link.complete('testprov', callback)).status).toBe('linked');
    await expect(link.complete('testprov', callback)).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });

    const late = await link.start('testprov');
    const lateCallback = await consent(late.authorizationUrl, { emulator_tenants: 'tenant-a' });
    clock.advance(10 * 60_000);
    await expect(link.complete('testprov', lateCallback)).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });
    expect(await tokenStore.list()).toHaveLength(1);
  });

  it('rejects a callback for another provider than the one that started it', async () => {
    const { h, link } = await setup();
    const other = testProvider(h);
    const flow = createLinkFlow({
      providers: { testprov: testProvider(h), other },
      tokenStore: new MemoryTokenStore(),
      linkStateStore: new MemoryLinkStateStore(),
      requestFactory: fetchRequestFactory,
    });
    const { authorizationUrl } = await flow.start('testprov');
    const callback = await consent(authorizationUrl, { emulator_tenants: 'tenant-a' });
    await expect(flow.complete('other', callback)).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });
    await expect(link.start('nope')).rejects.toMatchObject({ code: ErrorCodes.CONFIGURATION });
  });

  it('turns ?error=access_denied into an AuthError and consumes the pending link', async () => {
    const { link } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const callback = await consent(authorizationUrl, { emulator_deny: '1' });
    const err = (await link.complete('testprov', callback).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.providerCode).toBe('access_denied');
    expect(err.relinkRequired).toBe(false);
    const retry = new URL(callback);
    retry.searchParams.delete('error');
    retry.searchParams.delete('error_description');
    retry.searchParams.set('code', 'guessed');
    await expect(link.complete('testprov', retry)).rejects.toMatchObject({ code: ErrorCodes.STATE_MISMATCH });
  });

  it('passes callback parameters and verified ID token claims to resolveTenants (QuickBooks-style realmId)', async () => {
    const seen: Array<{ callbackParams: Record<string, string>; idTokenClaims?: Record<string, unknown> }> = [];
    const { link } = await setup({
      server: { idTokens: true, callbackExtraParams: ({ tenants }) => ({ realmId: tenants[0]!.id }) },
      provider: {
        oidc: true,
        scopes: ['openid', 'email', 'offline_access'],
        resolveTenants: async (ctx) => {
          seen.push({ callbackParams: ctx.callbackParams, idTokenClaims: ctx.idTokenClaims });
          return [{ id: ctx.callbackParams.realmId! } satisfies Tenant];
        },
      },
    });
    const { authorizationUrl } = await link.start('testprov');
    const result = await link.complete('testprov', await consent(authorizationUrl, { emulator_tenants: 'tenant-b' }));
    expect(result.status === 'linked' && result.connection.tenant.id).toBe('tenant-b');
    expect(seen[0]!.callbackParams.realmId).toBe('tenant-b');
    expect(seen[0]!.idTokenClaims).toMatchObject({ email: 'user@example.com', aud: 'test-client-id' });
  });

  it('re-links an existing connection in place after relink_required', async () => {
    const { link, tokenStore, h } = await setup();
    const first = await link.start('testprov');
    const linked = await link.complete('testprov', await consent(first.authorizationUrl, { emulator_tenants: 'tenant-a' }));
    if (linked.status !== 'linked') throw new Error('expected linked');
    const id = linked.connection.id;
    const before = (await tokenStore.get(id))!;
    await tokenStore.compareAndSet(id, before.version, { ...before.value, status: 'relink_required' });
    h.oauth.revokeAll();

    const again = await link.start('testprov', { connectionId: id });
    const relinked = await link.complete('testprov', await consent(again.authorizationUrl));
    expect(relinked.status).toBe('linked');
    expect(relinked.status === 'linked' && relinked.connection.id).toBe(id);
    const after = (await tokenStore.get(id))!;
    expect(after.value.status).toBe('active');
    expect(after.value.createdAt).toBe(before.value.createdAt);
    expect(after.value.tokens.accessToken).not.toBe(before.value.tokens.accessToken);
    expect(h.oauth.validateAccessToken(after.value.tokens.accessToken)).toBeDefined();
    expect(await tokenStore.list()).toHaveLength(1);

    const wrong = await link.start('testprov', { connectionId: id });
    await expect(link.complete('testprov', await consent(wrong.authorizationUrl, { emulator_tenants: 'tenant-b' }))).rejects.toMatchObject({
      code: ErrorCodes.TENANT_SELECTION,
    });
  });

  it('revokes a connection at the provider and marks it revoked', async () => {
    const { link, tokenStore, h } = await setup();
    const { authorizationUrl } = await link.start('testprov');
    const linked = await link.complete('testprov', await consent(authorizationUrl, { emulator_tenants: 'tenant-a' }));
    if (linked.status !== 'linked') throw new Error('expected linked');
    const stored = (await tokenStore.get(linked.connection.id))!;
    await link.revoke(linked.connection.id);
    expect(h.oauth.validateAccessToken(stored.value.tokens.accessToken)).toBeUndefined();
    expect((await tokenStore.get(linked.connection.id))!.value.status).toBe('revoked');
  });

  it('puts no secret in the errors of a refused exchange', async () => {
    const { link, h } = await setup({ server: { clients: [{ clientId: 'test-client-id', clientSecret: 'server-side-secret', redirectUris: ['http://127.0.0.1:1/callback'] }] } });
    const { authorizationUrl } = await link.start('testprov');
    const callback = await consent(authorizationUrl, { emulator_tenants: 'tenant-a' });
    const err = await link.complete('testprov', callback).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(h.oauth.stats().tokenRequests).toBe(1);
    expectNoSecrets(err, [CLIENT_SECRET, 'server-side-secret', new URL(callback).searchParams.get('code')!]);
  });
});
