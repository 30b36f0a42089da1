/**
 * The Sage emulator seen through the {@link EmulatorHarness} interface, so the provider contract suite and the fault
 * matrix can drive it. Sage pages by 200, so the default business has 500 sales invoices (three pages).
 * @module
 */
import type { DataType } from '../../../src/model/data-types';
import type { EmulatorHarness, HarnessInstance, HarnessStartOptions } from '../../../src/testing/harness';
import { sage } from '../index';
import { createSageEmulator } from './index';

const LIST: Partial<Record<DataType, RegExp>> = {
  invoices: /\/sales_invoices(\?|$)/,
  bills: /\/purchase_invoices(\?|$)/,
  customers: /\/contacts\?(.*&)?contact_type_id=CUSTOMER/,
  suppliers: /\/contacts\?(.*&)?contact_type_id=VENDOR/,
  creditNotes: /\/sales_credit_notes(\?|$)/,
  payments: /\/contact_payments(\?|$)/,
  journalEntries: /\/journals(\?|$)/,
  bankTransactions: /\/other_payments(\?|$)/,
};

/** The Sage harness. */
export const sageHarness: EmulatorHarness = {
  provider: 'sage',
  pagedTypes: ['invoices', 'bills', 'customers', 'suppliers', 'creditNotes', 'payments', 'journalEntries', 'bankTransactions'],
  listPath(dataType) {
    const re = LIST[dataType];
    if (!re) throw new Error(`sageHarness: ${dataType} is not a paged Sage type`);
    return re;
  },
  corruptRecord(page) {
    const items = (page as { $items?: unknown }).$items;
    if (!Array.isArray(items) || items.length === 0) return page;
    const victim = items[Math.floor(items.length / 2)] as Record<string, unknown>;
    victim.date = 'not-a-date';
    victim.total_amount = 'twelve';
    return page;
  },
  async start(options: HarnessStartOptions = {}): Promise<HarnessInstance> {
    const emu = await createSageEmulator({ seed: options.seed ?? 11, invoices: options.invoices ?? 500, customers: 30, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
    const lead = emu.businesses[0]!.id;
    const contacts = (type: string) => emu.store.list('contacts').filter((c) => (c.contact_types as { id: string }[]).some((t) => t.id === type)).length;
    const providerConfig = ({ apiUrl }: { apiUrl?: string } = {}) => ({
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUri: emu.client.redirectUris[0]!,
      urls: { api: apiUrl ?? emu.urls.api, core: emu.urls.core, authorization: emu.urls.authorization, token: emu.urls.token, revocation: emu.urls.revocation },
    });
    return {
      apiUrl: emu.urls.api,
      oauth: emu.oauth,
      tenantId: lead,
      clientSecret: emu.client.clientSecret,
      providerConfig,
      createProvider: (options = {}) => sage(providerConfig(options)),
      async consent(authorizationUrl) {
        const res = await fetch(authorizationUrl, { redirect: 'manual' });
        const location = res.headers.get('location');
        if (!location) throw new Error(`sageHarness: consent answered ${res.status} without a redirect`);
        return location;
      },
      expectedCounts: () => ({
        invoices: emu.store.list('sales_invoices').length,
        bills: emu.store.list('purchase_invoices').length,
        customers: contacts('CUSTOMER'),
        suppliers: contacts('VENDOR'),
      }),
      change() {
        const invoice = emu.store.list('sales_invoices')[0]!;
        const bill = emu.store.list('purchase_invoices')[0]!;
        emu.store.touch('sales_invoices', String(invoice.id), { notes: 'changed by the harness' });
        emu.store.touch('purchase_invoices', String(bill.id), { notes: 'changed by the harness' });
        return { invoices: [String(invoice.id)], bills: [String(bill.id)] };
      },
      apiRequests: () => emu.log.length,
      close: () => emu.close(),
    };
  },
};
