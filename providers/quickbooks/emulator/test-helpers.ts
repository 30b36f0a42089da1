/**
 * Test helpers: a ledger wired to a QuickBooks emulator (optionally with the API behind a fault proxy) and a linked
 * connection.
 * @module
 */
import { createLedger } from '../../../src/ledger';
import { quickbooks } from '../index';
import type { QuickBooksEmulator } from './index';

/** A ledger for the emulator; `apiUrl` puts a proxy in front of the API (OAuth stays on the emulator). */
export function qbLedger(e: QuickBooksEmulator, opts: { apiUrl?: string; useDiscoveryRevocation?: boolean } = {}) {
  return createLedger({
    providers: {
      quickbooks: quickbooks({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        environment: 'sandbox',
        urls: { api: opts.apiUrl ?? e.urls.api, discoveryUrl: e.urls.discovery, ...(opts.useDiscoveryRevocation ? {} : { revocation: e.urls.revocation }) },
      }),
    },
    limiter: { timeScale: 60 },
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 3_000,
  });
}

/** Links the emulator's realm (automatic consent) and returns the ledger and the connection. */
export async function qbConnect(e: QuickBooksEmulator, opts: Parameters<typeof qbLedger>[1] = {}) {
  const ledger = qbLedger(e, opts);
  const { authorizationUrl } = await ledger.link.start('quickbooks');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('quickbooks', res.headers.get('location')!);
  if (outcome.status === 'choose-tenant') throw new Error('a QuickBooks consent names exactly one realm');
  return { ledger, connection: await ledger.connection(outcome.connection.id, 'quickbooks') };
}
