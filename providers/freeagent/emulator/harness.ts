/**
 * The FreeAgent emulator seen through the {@link EmulatorHarness} interface, so the provider contract suite and the
 * fault matrix can drive it.
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { EmulatorHarness, HarnessInstance, HarnessStartOptions } from '../../../src/testing/harness';
import { freeagent } from '../index';
import { createFreeAgentEmulator } from './index';

const ENDPOINTS: Partial<Record<DataType, string>> = {
  invoices: 'invoices',
  bills: 'bills',
  customers: 'contacts',
  suppliers: 'contacts',
  creditNotes: 'credit_notes',
  bankTransactions: 'bank_transactions',
  payments: 'bank_transaction_explanations',
  billPayments: 'bank_transaction_explanations',
};

/** The FreeAgent harness. FreeAgent pages by 100 (at most), so the default company has 250 invoices (three pages). */
export const freeagentHarness: EmulatorHarness = {
  provider: 'freeagent',
  pagedTypes: ['invoices', 'bills', 'customers', 'suppliers', 'creditNotes', 'bankTransactions', 'payments', 'billPayments'],
  listPath(dataType) {
    const endpoint = ENDPOINTS[dataType];
    if (!endpoint) throw new Error(`freeagentHarness: ${dataType} is not a paged FreeAgent type`);
    return new RegExp(`/v2/${endpoint}(\\?|$)`);
  },
  corruptRecord(page, dataType) {
    const endpoint = ENDPOINTS[dataType];
    const records = endpoint ? (page as Record<string, unknown>)[endpoint] : undefined;
    if (!Array.isArray(records) || records.length === 0) return page;
    const victim = records[Math.floor(records.length / 2)] as Record<string, unknown>;
    victim.dated_on = 'not-a-date';
    victim.total_value = 'twelve';
    return page;
  },
  async start(options: HarnessStartOptions = {}): Promise<HarnessInstance> {
    const emu = await createFreeAgentEmulator({ seed: options.seed ?? 11, invoices: options.invoices ?? 250, contacts: 40, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
    const providerConfig = ({ apiUrl }: { apiUrl?: string } = {}) => ({
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUri: emu.client.redirectUris[0]!,
      environment: 'sandbox',
      urls: { api: apiUrl ?? emu.urls.api, authorization: emu.urls.authorization, token: emu.urls.token },
    });
    return {
      apiUrl: emu.urls.api,
      oauth: emu.oauth,
      tenantId: emu.tenantId,
      clientSecret: emu.client.clientSecret,
      providerConfig,
      createProvider: (options = {}) => freeagent(providerConfig(options)),
      async consent(authorizationUrl) {
        const res = await fetch(authorizationUrl, { redirect: 'manual' });
        const location = res.headers.get('location');
        if (!location) throw new Error(`freeagentHarness: consent answered ${res.status} without a redirect`);
        return location;
      },
      expectedCounts: () => {
        const explanations = emu.store.list('bank_transaction_explanations');
        return {
          invoices: emu.store.list('invoices').length,
          bills: emu.store.list('bills').length,
          customers: emu.store.list('contacts').length,
          suppliers: emu.store.list('contacts').length,
          creditNotes: emu.store.list('credit_notes').length,
          bankAccounts: emu.store.list('bank_accounts').length,
          bankTransactions: emu.store.list('bank_transactions').length,
          payments: explanations.filter((e) => typeof e.paid_invoice === 'string').length,
          billPayments: explanations.filter((e) => typeof e.paid_bill === 'string').length,
          journalEntries: emu.store.list('journal_sets').length,
          items: emu.store.list('price_list_items').length,
        };
      },
      change() {
        emu.store.touch('invoices', '1', { comments: 'changed by the harness' });
        emu.store.touch('bills', '2', { comments: 'changed by the harness' });
        return { invoices: ['1'], bills: ['2'] };
      },
      apiRequests: () => emu.log.length,
      close: () => emu.close(),
    };
  },
};
