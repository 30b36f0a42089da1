/**
 * Test helpers: a ledger linked to a Xero emulator through the real OAuth flow (the API optionally behind a fault
 * proxy, so a test can lose an answer), and the seeded records the write tests start from.
 * @module
 */
import { createLedger } from '../../../src/ledger';
import { xero } from '../index';
import type { XeroEmulator } from './index';

/** Links the emulator's first organisation and returns the ledger and the connection; `apiUrl` puts a proxy in front of the API. */
export async function xeroConnect(e: XeroEmulator, apiUrl: string = e.urls.api) {
  const ledger = createLedger({
    providers: {
      xero: xero({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        urls: { api: apiUrl, issuer: e.urls.issuer, connections: e.urls.connections },
      }),
    },
    limiter: { timeScale: 60 },
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 3_000,
  });
  const { authorizationUrl } = await ledger.link.start('xero');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('xero', res.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(e.tenants[0]!.id)).connection.id : outcome.connection.id;
  return { ledger, connection: await ledger.connection(id, 'xero') };
}

/** The id of a seeded contact that is a customer. */
export const customerIdOf = (e: XeroEmulator) => String(e.store.list('Contacts').find((c) => c.IsCustomer === true)!.ContactID);
/** The id of a seeded contact that is a supplier. */
export const supplierIdOf = (e: XeroEmulator) => String(e.store.list('Contacts').find((c) => c.IsSupplier === true)!.ContactID);
