/**
 * The most-used QuickBooks library (`node-quickbooks`, a devDependency used by the benchmark) against the emulator:
 * it writes its queries in lower case (`select * from invoice startposition 1 maxresults 1000`) and pages by
 * `maxResults`, so this checks the emulator answers a real client the way QuickBooks does — entity names
 * case-insensitive, the response keyed by the entity's own name, paging to the last record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QuickBooks from 'node-quickbooks';
import { MemoryTokenStore } from '../../../src/auth/memory-token-store';
import { createLedger } from '../../../src/ledger';
import { quickbooks } from '../index';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';

describe('node-quickbooks against the QuickBooks emulator', () => {
  let emu: QuickBooksEmulator;
  let accessToken: string;
  beforeAll(async () => {
    emu = await createQuickBooksEmulator({ seed: 4, invoices: 2_345, customers: 12 });
    const tokenStore = new MemoryTokenStore();
    const ledger = createLedger({
      providers: { quickbooks: quickbooks({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, discoveryUrl: emu.urls.discovery, revocation: emu.urls.revocation } }) },
      tokenStore,
    });
    const { authorizationUrl } = await ledger.link.start('quickbooks');
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    const outcome = await ledger.link.complete('quickbooks', res.headers.get('location')!);
    if (outcome.status === 'choose-tenant') throw new Error('one realm per consent');
    accessToken = (await tokenStore.get(outcome.connection.id))!.value.tokens.accessToken;
  });
  afterAll(async () => {
    await emu.close();
  });

  function client() {
    const qbo = new QuickBooks(emu.client.clientId, emu.client.clientSecret, accessToken, false, emu.realmId, true, false, '75', '2.0') as unknown as { endpoint: string };
    qbo.endpoint = `${emu.urls.api}/v3/company/`;
    return qbo as unknown as {
      findInvoices(criteria: Record<string, unknown>, cb: (err: unknown, data: { QueryResponse: { Invoice?: Array<{ Id: string }>; maxResults?: number } }) => void): void;
      findCustomers(criteria: Record<string, unknown>, cb: (err: unknown, data: { QueryResponse: { Customer?: Array<{ Id: string }> } }) => void): void;
    };
  }

  it('fetchAll pages through every invoice by 1000 (lower-case queries, response keyed "Invoice")', async () => {
    emu.log.length = 0;
    const data = await new Promise<{ QueryResponse: { Invoice?: Array<{ Id: string }> } }>((resolve, reject) => client().findInvoices({ fetchAll: true }, (err, d) => (err ? reject(new Error(JSON.stringify(err).slice(0, 300))) : resolve(d))));
    const ids = data.QueryResponse.Invoice!.map((i) => i.Id);
    expect(ids).toHaveLength(emu.store.list('Invoice').length);
    expect(new Set(ids).size).toBe(ids.length);
    const queries = emu.log.filter((l) => l.path.endsWith('/query'));
    expect(queries.map((l) => l.status)).toEqual([200, 200, 200]);
    expect(decodeURIComponent(queries[0]!.query)).toMatch(/select \* from invoice/);
  });

  it('a criteria query on a name entity answers only the matching record', async () => {
    const target = emu.store.list('Customer')[3]!;
    const data = await new Promise<{ QueryResponse: { Customer?: Array<{ Id: string }> } }>((resolve, reject) => client().findCustomers({ Id: String(target.Id) }, (err, d) => (err ? reject(new Error(JSON.stringify(err).slice(0, 300))) : resolve(d))));
    expect(data.QueryResponse.Customer?.map((c) => c.Id)).toEqual([target.Id]);
  });
});
