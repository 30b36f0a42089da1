/**
 * The QuickBooks emulator seen through the {@link EmulatorHarness} interface, so the provider contract suite and the
 * fault matrix can drive it.
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { EmulatorHarness, HarnessInstance, HarnessStartOptions } from '../../../src/testing/harness';
import { quickbooks } from '../index';
import { createQuickBooksEmulator } from './index';

/** Query-endpoint requests reading one entity (`SELECT * FROM Invoice …`, URL-encoded). */
const queryOf = (entity: string) => new RegExp(`/query\\?.*(%20|\\+)${entity}(%20|\\+|&|$)`, 'i');

const ENTITIES: Partial<Record<DataType, string>> = {
  invoices: 'Invoice',
  bills: 'Bill',
  customers: 'Customer',
  suppliers: 'Vendor',
  creditNotes: 'CreditMemo',
  billCreditNotes: 'VendorCredit',
  payments: 'Payment',
  billPayments: 'BillPayment',
  journalEntries: 'JournalEntry',
  bankTransactions: 'Purchase',
};

/** The QuickBooks harness. QuickBooks pages by 1000, so the default company has 2,100 invoices (three pages). */
export const quickbooksHarness: EmulatorHarness = {
  provider: 'quickbooks',
  pagedTypes: ['invoices', 'bills', 'customers', 'suppliers', 'creditNotes', 'payments', 'journalEntries', 'bankTransactions'],
  listPath(dataType) {
    const entity = ENTITIES[dataType];
    if (!entity) throw new Error(`quickbooksHarness: ${dataType} is not a paged QuickBooks type`);
    return queryOf(entity);
  },
  corruptRecord(page, dataType) {
    const entity = ENTITIES[dataType];
    const records = entity ? (page as { QueryResponse?: Record<string, unknown> }).QueryResponse?.[entity] : undefined;
    if (!Array.isArray(records) || records.length === 0) return page;
    const victim = records[Math.floor(records.length / 2)] as Record<string, unknown>;
    victim.TxnDate = 'not-a-date';
    victim.TotalAmt = 'twelve';
    return page;
  },
  async start(options: HarnessStartOptions = {}): Promise<HarnessInstance> {
    const emu = await createQuickBooksEmulator({ seed: options.seed ?? 11, invoices: options.invoices ?? 2100, customers: 30, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
    const providerConfig = ({ apiUrl }: { apiUrl?: string } = {}) => ({
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUri: emu.client.redirectUris[0]!,
      environment: 'sandbox',
      urls: { api: apiUrl ?? emu.urls.api, discoveryUrl: emu.urls.discovery, revocation: emu.urls.revocation },
    });
    return {
      apiUrl: emu.urls.api,
      oauth: emu.oauth,
      tenantId: emu.realmId,
      clientSecret: emu.client.clientSecret,
      providerConfig,
      createProvider: (options = {}) => quickbooks(providerConfig(options)),
      async consent(authorizationUrl) {
        const res = await fetch(authorizationUrl, { redirect: 'manual' });
        const location = res.headers.get('location');
        if (!location) throw new Error(`quickbooksHarness: consent answered ${res.status} without a redirect`);
        return location;
      },
      expectedCounts: () => ({ invoices: emu.store.list('Invoice').length, bills: emu.store.list('Bill').length }),
      change() {
        const invoice = emu.store.list('Invoice')[0]!;
        const bill = emu.store.list('Bill')[0]!;
        emu.store.touch('Invoice', String(invoice.Id), { PrivateNote: 'changed by the harness' });
        emu.store.touch('Bill', String(bill.Id), { PrivateNote: 'changed by the harness' });
        return { invoices: [String(invoice.Id)], bills: [String(bill.Id)] };
      },
      apiRequests: () => emu.log.length,
      close: () => emu.close(),
    };
  },
};
