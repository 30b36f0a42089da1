/**
 * Token lifecycle against the emulator over real HTTP: refresh ahead of expiry, single flight, several managers
 * sharing a store, lost responses, invalid_grant after another process rotated, relinking, rate limits.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, NetworkError } from '../../src/errors';
import { FileTokenStore } from '../../src/auth/file-token-store';
import { createLinkFlow } from '../../src/auth/link';
import { MemoryLinkStateStore } from '../../src/auth/memory-link-state-store';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import { createOAuthClient } from '../../src/auth/oauth-client';
import { createTokenManager, type TokenManagerEvent } from '../../src/auth/token-manager';
import type { CasResult, StoredConnection, TokenStore, Versioned } from '../../src/auth/types';
import type { RefreshTokenRotation } from '../../src/provider/types';
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

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MIN = 60_000;

/** A store that answers the first `n` reads with an old snapshot: a process that read before another one wrote. */
class StaleReads implements TokenStore {
  constructor(
    private readonly inner: TokenStore,
    private readonly snapshot: Versioned<StoredConnection>,
    private n: number,
  ) {}
  async get(id: string) {
    if (this.n > 0) {
      this.n--;
      return structuredClone(this.snapshot);
    }
    return this.inner.get(id);
  }
  compareAndSet(id: string, v: number | null, value: StoredConnection): Promise<CasResult<StoredConnection>> {
    return this.inner.compareAndSet(id, v, value);
  }
  delete(id: string) {
    return this.inner.delete(id);
  }
  list() {
    return this.inner.list();
  }
}

interface Setup {
  h: Harness;
  clock: ManualClock;
  store: TokenStore;
  connectionId: string;
  /** Every connection created (several when `tenants` lists several). */
  connectionIds: string[];
  manager: (o?: { store?: TokenStore; onEvent?: (e: TokenManagerEvent) => void; events?: EventEmitter }) => ReturnType<typeof createTokenManager>;
}

async function setup(
  o: { rotation?: RefreshTokenRotation; server?: HarnessOAuthOptions; provider?: TestProviderOptions; store?: TokenStore; tenants?: string[] } = {},
): Promise<Setup> {
  const clock = new ManualClock(Date.parse('2031-03-01T09:00:00Z'));
  const rotation = o.rotation ?? { kind: 'rotating' };
  const h = await startHarness({ clock, rotation, ...o.server });
  cleanups.push(() => h.close());
  const provider = testProvider(h, { rotation, refreshAheadMs: 5 * MIN, ...o.provider });
  const store = o.store ?? new MemoryTokenStore();
  const link = createLinkFlow({
    providers: { testprov: provider },
    tokenStore: store,
    linkStateStore: new MemoryLinkStateStore({ clock }),
    clock,
    requestFactory: fetchRequestFactory,
  });
  const { authorizationUrl } = await link.start('testprov');
  const tenants = o.tenants ?? ['tenant-a'];
  const result = await link.complete('testprov', await consent(authorizationUrl, { emulator_tenants: tenants.join(',') }));
  const done = result.status === 'linked' ? result : await result.complete(tenants);
  return {
    h,
    clock,
    store,
    connectionId: done.connection.id,
    connectionIds: done.connections.map((c) => c.id),
    // Each manager gets its own OAuth client, as separate processes would.
    manager: (m = {}) =>
      createTokenManager({
        store: m.store ?? store,
        oauth: new Map([['testprov', createOAuthClient(provider, { clock })]]),
        clock,
        ...(m.onEvent ? { onEvent: m.onEvent } : {}),
        ...(m.events ? { events: m.events } : {}),
      }),
  };
}

const stored = async (s: Setup, id = s.connectionId) => (await s.store.get(id))!;

describe('getAccessToken', () => {
  it('returns the stored token while fresh and refreshes ahead of expiry', async () => {
    const s = await setup();
    const events: TokenManagerEvent[] = [];
    const tm = s.manager({ onEvent: (e) => events.push(e) });
    const initial = await stored(s);
    expect(await tm.getAccessToken(s.connectionId)).toBe(initial.value.tokens.accessToken);
    s.clock.advance(24 * MIN);
    expect(await tm.getAccessToken(s.connectionId)).toBe(initial.value.tokens.accessToken);
    expect(s.h.oauth.stats().refreshGrants).toBe(0);

    s.clock.advance(1 * MIN + 1);
    const next = await tm.getAccessToken(s.connectionId);
    expect(next).not.toBe(initial.value.tokens.accessToken);
    expect(s.h.oauth.validateAccessToken(next)).toBeDefined();
    expect(s.h.oauth.stats().refreshGrants).toBe(1);
    const after = await stored(s);
    expect(after.version).toBe(initial.version + 1);
    expect(after.value.tokens.accessToken).toBe(next);
    expect(after.value.tokens.refreshToken).not.toBe(initial.value.tokens.refreshToken);
    expect(after.value.tokens.accessTokenExpiresAt).toBe(new Date(s.clock.now() + 30 * MIN).toISOString());
    expect(after.value.previousRefreshToken).toBeUndefined();
    expect(events).toEqual([{ type: 'refreshed', connectionId: s.connectionId, provider: 'testprov', rotated: true }]);
  });

  it('50 concurrent callers after expiry cause exactly one refresh grant', async () => {
    const s = await setup();
    const tm = s.manager();
    for (let rotation = 1; rotation <= 3; rotation++) {
      s.clock.advance(31 * MIN);
      const tokens = await Promise.all(Array.from({ length: 50 }, () => tm.getAccessToken(s.connectionId)));
      expect(new Set(tokens).size).toBe(1);
      expect(s.h.oauth.validateAccessToken(tokens[0]!)).toBeDefined();
      expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: rotation, invalidGrants: 0 });
    }
  });

  it('keeps previousRefreshToken for providers with a grace window', async () => {
    const s = await setup({ rotation: { kind: 'rotating-with-grace', graceMs: 30 * MIN } });
    const before = await stored(s);
    s.clock.advance(31 * MIN);
    await s.manager().getAccessToken(s.connectionId);
    const after = await stored(s);
    expect(after.value.previousRefreshToken).toEqual({ token: before.value.tokens.refreshToken, rotatedAt: new Date(s.clock.now()).toISOString() });
  });

  it('never refreshes ahead by more than half the life of short-lived tokens (Sage: 5 minutes)', async () => {
    const s = await setup({ server: { accessTokenTtlSec: 300 }, provider: { refreshAheadMs: 10 * MIN } });
    const tm = s.manager();
    const first = await tm.getAccessToken(s.connectionId);
    s.clock.advance(2 * MIN);
    expect(await tm.getAccessToken(s.connectionId)).toBe(first);
    expect(s.h.oauth.stats().refreshGrants).toBe(0);
    s.clock.advance(MIN);
    const second = await tm.getAccessToken(s.connectionId);
    expect(second).not.toBe(first);
    expect(await tm.getAccessToken(s.connectionId)).toBe(second);
    expect(s.h.oauth.stats().refreshGrants).toBe(1);
  });

  it('static refresh tokens: the token and its known expiry are kept', async () => {
    const s = await setup({ rotation: { kind: 'static' }, server: { refreshTokenExpiresInParam: 'refresh_token_expires_in' } });
    const before = await stored(s);
    s.clock.advance(31 * MIN);
    await s.manager().getAccessToken(s.connectionId);
    const after = await stored(s);
    expect(after.value.tokens.refreshToken).toBe(before.value.tokens.refreshToken);
    expect(after.value.tokens.refreshTokenExpiresAt).toBe(new Date(s.clock.now() + 60 * 24 * 3600_000).toISOString());
    expect(after.value.previousRefreshToken).toBeUndefined();
  });

  it('fails fast for unknown connections', async () => {
    const s = await setup();
    await expect(s.manager().getAccessToken('conn_missing')).rejects.toBeInstanceOf(AuthError);
  });
});

describe('several managers (processes) sharing one store', () => {
  it('two managers on one FileTokenStore: one refresh per rotation, no invalid_grant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'll-tm-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const key = randomBytes(32);
    const s = await setup({ store: new FileTokenStore({ path: dir, key }) });
    // Each "process" has its own store object, OAuth client, in-flight map and limiter.
    const a = s.manager({ store: new FileTokenStore({ path: dir, key }) });
    const b = s.manager({ store: new FileTokenStore({ path: dir, key }) });
    for (let rotation = 1; rotation <= 4; rotation++) {
      s.clock.advance(31 * MIN);
      const tokens = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).getAccessToken(s.connectionId)),
      );
      expect(new Set(tokens).size).toBe(1);
      expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: rotation, invalidGrants: 0 });
    }
  });

  it('without a lock, invalid_grant after another process rotated re-reads the store and uses the winner', async () => {
    const s = await setup();
    s.clock.advance(31 * MIN);
    const snapshot = await stored(s);
    const winner = await s.manager().getAccessToken(s.connectionId);
    // B read the store before A wrote: it spends the old refresh token and is refused.
    const b = s.manager({ store: new StaleReads(s.store, snapshot, 2) });
    const got = await b.getAccessToken(s.connectionId);
    expect(got).toBe(winner);
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 1 });
    expect((await stored(s)).value.status).toBe('active');
  });

  it('after such an invalid_grant it refreshes with the new stored token (never the spent one) when that token is stale too', async () => {
    const s = await setup();
    s.clock.advance(31 * MIN);
    const snapshot = await stored(s);
    await s.manager().getAccessToken(s.connectionId);
    s.clock.advance(31 * MIN);
    const b = s.manager({ store: new StaleReads(s.store, snapshot, 2) });
    const got = await b.getAccessToken(s.connectionId);
    expect(s.h.oauth.validateAccessToken(got)).toBeDefined();
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 3, invalidGrants: 1 });
    expect((await stored(s)).value.tokens.accessToken).toBe(got);
  });
});

describe('lost refresh response', () => {
  it('rotating-with-grace: the next call recovers with the same refresh token within the grace period', async () => {
    const s = await setup({ rotation: { kind: 'rotating-with-grace', graceMs: 30 * MIN } });
    const tm = s.manager();
    const before = await stored(s);
    s.clock.advance(31 * MIN);
    s.h.dropNextResponse('/identity/token');
    const err = await tm.getAccessToken(s.connectionId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expectNoSecrets(err, [before.value.tokens.refreshToken, before.value.tokens.accessToken, CLIENT_SECRET]);
    expect(s.h.oauth.stats().refreshGrants).toBe(1);

    s.clock.advance(MIN);
    const token = await tm.getAccessToken(s.connectionId);
    expect(s.h.oauth.validateAccessToken(token)).toBeDefined();
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 0 });
    const after = await stored(s);
    expect(after.value.status).toBe('active');
    expect(after.value.tokens.refreshToken).not.toBe(before.value.tokens.refreshToken);
    // The chain continues from what the server holds.
    s.clock.advance(31 * MIN);
    expect(s.h.oauth.validateAccessToken(await tm.getAccessToken(s.connectionId))).toBeDefined();
    expect(s.h.oauth.stats().invalidGrants).toBe(0);
  });

  it('plain rotating: the connection is marked relink_required, with an event, and later calls fail fast', async () => {
    const s = await setup({ rotation: { kind: 'rotating' } });
    const events = new EventEmitter();
    const relinks: TokenManagerEvent[] = [];
    events.on('relinkRequired', (e: TokenManagerEvent) => relinks.push(e));
    const tm = s.manager({ events });
    const before = await stored(s);
    s.clock.advance(31 * MIN);
    s.h.dropNextResponse('/identity/token');
    await expect(tm.getAccessToken(s.connectionId)).rejects.toBeInstanceOf(NetworkError);
    const err = (await tm.getAccessToken(s.connectionId).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.relinkRequired).toBe(true);
    expect(err.code).toBe('relink_required');
    expectNoSecrets(err, [before.value.tokens.refreshToken, before.value.tokens.accessToken, CLIENT_SECRET]);
    expect((await stored(s)).value.status).toBe('relink_required');
    expect(relinks).toEqual([{ type: 'relinkRequired', connectionId: s.connectionId, provider: 'testprov', reason: 'invalid_grant' }]);
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 1 });

    await expect(tm.getAccessToken(s.connectionId)).rejects.toMatchObject({ relinkRequired: true });
    await expect(s.manager().getAccessToken(s.connectionId)).rejects.toMatchObject({ relinkRequired: true });
    expect(s.h.oauth.stats().refreshGrants).toBe(2);
  });

  it('a transient failure while refreshing ahead keeps serving the still-valid token', async () => {
    const s = await setup({ rotation: { kind: 'rotating-with-grace', graceMs: 30 * MIN } });
    const tm = s.manager();
    const before = await stored(s);
    s.clock.advance(26 * MIN);
    s.h.dropNextResponse('/identity/token');
    expect(await tm.getAccessToken(s.connectionId)).toBe(before.value.tokens.accessToken);
    const next = await tm.getAccessToken(s.connectionId);
    expect(next).not.toBe(before.value.tokens.accessToken);
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 0 });
  });
});

describe('invalid_grant handling', () => {
  it('tries the previous refresh token once within the grace window before giving up', async () => {
    const s = await setup({ rotation: { kind: 'rotating-with-grace', graceMs: 30 * MIN } });
    const cur = await stored(s);
    const good = cur.value.tokens.refreshToken!;
    // The stored current token is one the server does not know (e.g. restored from a bad backup).
    await s.store.compareAndSet(s.connectionId, cur.version, {
      ...cur.value,
      tokens: { ...cur.value.tokens, refreshToken: 'unknown-refresh-token' },
      previousRefreshToken: { token: good, rotatedAt: new Date(s.clock.now()).toISOString() },
    });
    s.clock.advance(29 * MIN);
    const token = await s.manager().getAccessToken(s.connectionId);
    expect(s.h.oauth.validateAccessToken(token)).toBeDefined();
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 1 });
    expect((await stored(s)).value.status).toBe('active');
  });

  it('does not use the previous token after the grace window', async () => {
    const s = await setup({ rotation: { kind: 'rotating-with-grace', graceMs: 30 * MIN } });
    const cur = await stored(s);
    await s.store.compareAndSet(s.connectionId, cur.version, {
      ...cur.value,
      tokens: { ...cur.value.tokens, refreshToken: 'unknown-refresh-token' },
      previousRefreshToken: { token: cur.value.tokens.refreshToken!, rotatedAt: new Date(s.clock.now()).toISOString() },
    });
    s.clock.advance(31 * MIN);
    await expect(s.manager().getAccessToken(s.connectionId)).rejects.toMatchObject({ relinkRequired: true });
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 1, invalidGrants: 1 });
  });

  it('a revoked grant leads to relink_required', async () => {
    const s = await setup();
    s.h.oauth.revokeAll();
    s.clock.advance(31 * MIN);
    await expect(s.manager().getAccessToken(s.connectionId)).rejects.toMatchObject({ relinkRequired: true, providerCode: 'invalid_grant' });
  });
});

describe('refreshAfterUnauthorized', () => {
  it('refreshes when the rejected token is the stored one, and only once for concurrent 401s', async () => {
    const s = await setup();
    const tm = s.manager();
    const stale = await tm.getAccessToken(s.connectionId);
    s.h.oauth.expireAccessToken(stale);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => tm.refreshAfterUnauthorized(s.connectionId, stale)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(stale);
    expect(s.h.oauth.stats().refreshGrants).toBe(1);
    // A late 401 for the old token: another caller already replaced it.
    expect(await tm.refreshAfterUnauthorized(s.connectionId, stale)).toBe(tokens[0]);
    expect(s.h.oauth.stats().refreshGrants).toBe(1);
  });
});

describe('limits', () => {
  it('respects maxRefreshesPerMinute by waiting on the clock', async () => {
    const s = await setup({ provider: { maxRefreshesPerMinute: 2 } });
    const tm = s.manager();
    await tm.refresh(s.connectionId);
    await tm.refresh(s.connectionId);
    expect(s.h.oauth.stats().refreshGrants).toBe(2);
    const third = tm.refresh(s.connectionId);
    await new Promise((r) => setTimeout(r, 30));
    expect(s.h.oauth.stats().refreshGrants).toBe(2);
    expect(s.clock.sleepers).toBe(1);
    s.clock.advance(MIN);
    expect(s.h.oauth.validateAccessToken(await third)).toBeDefined();
    expect(s.h.oauth.stats().refreshGrants).toBe(3);
  });
});

describe('one consent, several connections', () => {
  it('refreshing one connection updates its siblings, so the other never spends a dead token', async () => {
    const s = await setup({ tenants: ['tenant-a', 'tenant-b'] });
    expect(s.connectionIds).toHaveLength(2);
    const [a, b] = s.connectionIds as [string, string];
    const tm = s.manager();
    s.clock.advance(31 * MIN);
    const ta = await tm.getAccessToken(a);
    expect((await stored(s, b)).value.tokens.accessToken).toBe(ta);
    expect(await s.manager().getAccessToken(b)).toBe(ta);
    s.clock.advance(31 * MIN);
    const both = await Promise.all([tm.getAccessToken(a), tm.getAccessToken(b), s.manager().getAccessToken(b)]);
    expect(new Set(both).size).toBe(1);
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 2, invalidGrants: 0 });
  });

  it('a sibling that missed an update (crash between writes) is healed from the newer sibling', async () => {
    const s = await setup({ tenants: ['tenant-a', 'tenant-b'] });
    const [a, b] = s.connectionIds as [string, string];
    const oldB = await stored(s, b);
    s.clock.advance(31 * MIN);
    await s.manager().getAccessToken(a);
    // Roll b back to the spent chain, as if the process died before writing it.
    const nowB = await stored(s, b);
    await s.store.compareAndSet(b, nowB.version, oldB.value);
    const tb = await s.manager().getAccessToken(b);
    expect(s.h.oauth.validateAccessToken(tb)).toBeDefined();
    expect(s.h.oauth.stats()).toMatchObject({ refreshGrants: 1, invalidGrants: 0 });
  });
});

describe('logging', () => {
  it('logs refreshes and relinks without any token or secret', async () => {
    const lines: string[] = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (msg: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ level, msg, fields }))]),
    ) as unknown as import('../../src/logger').Logger;
    const s = await setup();
    const provider = testProvider(s.h, { refreshAheadMs: 5 * MIN });
    const tm = createTokenManager({ store: s.store, oauth: new Map([['testprov', createOAuthClient(provider, { clock: s.clock, logger })]]), clock: s.clock, logger });
    const first = await stored(s);
    s.clock.advance(31 * MIN);
    await tm.getAccessToken(s.connectionId);
    const second = await stored(s);
    s.h.oauth.revokeAll();
    s.clock.advance(31 * MIN);
    await expect(tm.getAccessToken(s.connectionId)).rejects.toMatchObject({ relinkRequired: true });
    expect(lines.some((l) => l.includes('access token refreshed'))).toBe(true);
    expect(lines.some((l) => l.includes('linked again'))).toBe(true);
    const secrets = [first.value.tokens.accessToken, first.value.tokens.refreshToken!, second.value.tokens.accessToken, second.value.tokens.refreshToken!, CLIENT_SECRET];
    for (const line of lines) for (const secret of secrets) expect(line.includes(secret)).toBe(false);
  });
});
