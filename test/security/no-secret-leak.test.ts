/**
 * Collects every error thrown and every log line produced while linking, refreshing, syncing and failing against
 * the Acme test server, and searches them all for the secrets used: client secret, access and refresh tokens (every
 * one ever issued), PKCE code verifiers and the Authorization header values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger';
import { MemoryLinkStateStore } from '../../src/auth/memory-link-state-store';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import type { PendingLink } from '../../src/auth/types';
import type { Logger } from '../../src/logger';
import { memorySink } from '../../src/sync';
import { ACME_CLIENT, acmeProvider, startAcme, type AcmeServer } from '../../examples/sandbox/acme';

function deepStrings(value: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') {
    if (seen.has(value)) return out;
    seen.add(value);
    for (const v of Object.values(value)) deepStrings(v, out, seen);
  }
  return out;
}

describe('no secret in any error or log line', () => {
  let acme: AcmeServer;
  const lines: string[] = [];
  const errors: unknown[] = [];
  const secrets = new Set<string>([ACME_CLIENT.clientSecret]);
  const logger: Logger = {
    debug: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
    info: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`),
  };
  const capture = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      errors.push(err);
    }
  };

  beforeAll(async () => {
    acme = await startAcme({ contacts: 12, invoices: 9 });
  });
  afterAll(async () => {
    await acme.close();
  });

  it('holds across link, refresh, sync and failure paths', async () => {
    const tokenStore = new MemoryTokenStore();
    const links = new MemoryLinkStateStore();
    const linkStateStore = {
      put: async (link: PendingLink, ttl: number) => {
        if (link.codeVerifier) secrets.add(link.codeVerifier);
        return links.put(link, ttl);
      },
      take: (state: string) => links.take(state),
    };
    const instance = acmeProvider.configure({ ...ACME_CLIENT, urls: { api: `${acme.baseUrl}/api`, issuer: acme.issuer } });
    const ledger = createLedger({
      providers: { acme: instance },
      tokenStore,
      linkStateStore,
      logger,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
    });
    const collectTokens = async () => {
      for (const c of await tokenStore.list()) {
        secrets.add(c.tokens.accessToken);
        if (c.tokens.refreshToken) secrets.add(c.tokens.refreshToken);
      }
    };

    // A forged callback (unknown state), and a callback carrying a provider error.
    await capture(ledger.link.complete('acme', 'http://127.0.0.1:1/cb?code=abc&state=forged'));
    const started = await ledger.link.start('acme');
    const res = await fetch(started.authorizationUrl, { redirect: 'manual' });
    const outcome = await ledger.link.complete('acme', res.headers.get('location')!);
    if (outcome.status !== 'choose-tenant') throw new Error('expected a tenant choice');
    const { connection: linked } = await outcome.complete('org-1');
    await collectTokens();
    // Replaying the same callback must fail (single-use state).
    await capture(ledger.link.complete('acme', res.headers.get('location')!));

    const connection = await ledger.connection(linked.id, 'acme');
    await ledger.sync(connection, { sink: memorySink() });
    await capture(connection.invoices.get('missing'));
    acme.throttleNext(5);
    await capture(connection.invoices.get('i-0001'));

    // Token expires → refresh → new tokens; then every token is revoked → relink required.
    acme.oauth.expireAccessToken(await ledger.tokens.getAccessToken(linked.id));
    await ledger.sync(connection, { sink: memorySink() });
    await collectTokens();
    acme.oauth.revokeAll();
    const failed = await ledger.sync(connection, { sink: memorySink() });
    errors.push(failed.error, ...Object.values(failed.types).map((t) => t?.error));
    await capture(connection.invoices.list().toArray());
    await collectTokens();

    const realErrors = errors.filter((e) => e !== undefined);
    expect(realErrors.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeGreaterThan(0);
    expect(secrets.size).toBeGreaterThanOrEqual(5);

    const haystack: string[] = [...lines];
    for (const err of realErrors) {
      haystack.push(String(err), (err as Error).message ?? '', JSON.stringify(err) ?? '', (err as Error).stack ?? '', ...deepStrings(err));
    }
    for (const secret of secrets) {
      for (const text of haystack) {
        expect(text.includes(secret), `secret leaked into: ${text.slice(0, 200)}`).toBe(false);
      }
    }
  });
});
