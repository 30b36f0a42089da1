/**
 * QuickBooks tokens and errors end to end against the emulator: an expired access token costs exactly one refresh
 * (concurrent requests share it) and the new refresh token is stored in the same write as the new access token; the
 * previous refresh token stays usable (Intuit: 24 h overlap); a 401 refreshes once and replays; revocation goes to
 * the discovery document's `revocation_endpoint`; an XML `IntuitResponse` Fault sent despite `Accept: application/json`
 * becomes a typed error with its `intuit_tid`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../../src/auth/memory-token-store';
import type { StoredConnection } from '../../../src/auth/types';
import { ValidationError } from '../../../src/errors';
import { createLedger } from '../../../src/ledger';
import { quickbooks } from '../index';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { qbConnect } from './test-helpers';

let emu: QuickBooksEmulator;
beforeAll(async () => {
  emu = await createQuickBooksEmulator({ seed: 51, invoices: 5, customers: 3 });
});
afterAll(async () => {
  await emu.close();
});

/** A memory token store that records every value written. */
class RecordingStore extends MemoryTokenStore {
  writes: StoredConnection[] = [];
  override async compareAndSet(id: string, expected: number | null, value: StoredConnection) {
    const r = await super.compareAndSet(id, expected, value);
    if (r.ok) this.writes.push(structuredClone(value));
    return r;
  }
}

async function linked(store: RecordingStore) {
  const ledger = createLedger({
    providers: { quickbooks: quickbooks({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, discoveryUrl: emu.urls.discovery } }) },
    tokenStore: store,
  });
  const { authorizationUrl } = await ledger.link.start('quickbooks');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('quickbooks', res.headers.get('location')!);
  if (outcome.status === 'choose-tenant') throw new Error('one realm');
  return { ledger, connection: await ledger.connection(outcome.connection.id, 'quickbooks'), id: outcome.connection.id };
}

const query = { method: 'GET' as const, url: '/query', query: { query: 'SELECT * FROM Item' } };

describe('QuickBooks token refresh against the emulator', () => {
  it('an expired access token: one refresh for concurrent requests, new refresh token stored with the new access token', async () => {
    const store = new RecordingStore();
    const { connection, id } = await linked(store);
    const before = (await store.get(id))!;
    const old = before.value.tokens;
    // The access token expires (at Intuit and in the store).
    emu.oauth.expireAllAccessTokens();
    const cas = await store.compareAndSet(id, before.version, { ...before.value, tokens: { ...old, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(cas.ok).toBe(true);
    const grants = emu.oauth.stats().refreshGrants;
    store.writes.length = 0;
    const results = await Promise.all([connection.request(query), connection.request(query), connection.request(query)]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(emu.oauth.stats().refreshGrants - grants).toBe(1);
    const now = (await store.get(id))!.value.tokens;
    expect(now.accessToken).not.toBe(old.accessToken);
    expect(now.refreshToken).toBeDefined();
    expect(now.refreshToken).not.toBe(old.refreshToken);
    // Atomic: the one write that stored the new access token carried the new refresh token too.
    const withNewAccess = store.writes.filter((w) => w.tokens.accessToken === now.accessToken);
    expect(withNewAccess[0]!.tokens.refreshToken).toBe(now.refreshToken);
    expect(store.writes.filter((w) => w.tokens.accessToken === now.accessToken && w.tokens.refreshToken !== now.refreshToken)).toEqual([]);
    expect(Date.parse(now.accessTokenExpiresAt!) - Date.now()).toBeGreaterThan(3_000_000); // expires_in 3600
    expect(now.refreshTokenExpiresAt).toBeDefined(); // x_refresh_token_expires_in
    // Intuit keeps the previous refresh token valid for 24 h: using it once more still works.
    const basic = Buffer.from(`${emu.client.clientId}:${emu.client.clientSecret}`).toString('base64');
    const again = await fetch(emu.urls.token, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: old.refreshToken! }) });
    expect(again.status).toBe(200);
  });

  it('a 401 on a token the store still thinks valid: one refresh, the request replayed', async () => {
    const store = new RecordingStore();
    const { connection } = await linked(store);
    emu.oauth.expireAllAccessTokens();
    const grants = emu.oauth.stats().refreshGrants;
    const mark = emu.log.length;
    const res = await connection.request(query);
    expect(res.status).toBe(200);
    expect(emu.oauth.stats().refreshGrants - grants).toBe(1);
    expect(emu.log.slice(mark).map((l) => l.status)).toEqual([401, 200]);
  });
});

describe('QuickBooks revocation and XML faults', () => {
  it('revokes at the discovered revocation_endpoint (no hard-coded Intuit URL)', async () => {
    const { ledger, connection } = await qbConnect(emu, { useDiscoveryRevocation: true });
    const instance = quickbooks({ clientId: 'x', clientSecret: 'y', redirectUri: 'http://localhost/cb', environment: 'sandbox' });
    expect(instance.urls.revocation).toBeUndefined();
    await connection.request(query);
    await ledger.revoke(connection.id);
    await expect(connection.request(query)).rejects.toMatchObject({ relinkRequired: true });
  });

  it('an XML IntuitResponse Fault despite Accept: application/json is a typed error with intuit_tid', async () => {
    const { connection } = await qbConnect(emu);
    const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2026-01-05T10:00:00.000-08:00"><Fault type="ValidationFault"><Error code="2020" element="CustomerRef"><Message>Required param missing, need to supply the required value for the API</Message><Detail>Required parameter CustomerRef is missing in the request</Detail></Error></Fault></IntuitResponse>';
    emu.injectFault({ status: 400, body: xml, contentType: 'application/xml' });
    const err = (await connection.request(query).then(() => undefined, (e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ providerCode: '2020', status: 400, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(err.issues).toEqual([{ path: 'CustomerRef', message: 'Required parameter CustomerRef is missing in the request', code: '2020' }]);
  });
});
