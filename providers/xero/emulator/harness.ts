/**
 * The Xero emulator seen through the {@link EmulatorHarness} interface, so the provider contract suite and the fault
 * matrix can drive it.
 * @module
 */
import type { EmulatorHarness, HarnessInstance, HarnessStartOptions } from '../../../src/testing/harness';
import type { DataType } from '../../../src/model/data-types';
import { xero } from '../index';
import { createXeroEmulator } from './index';

const LIST_PATHS: Partial<Record<DataType, RegExp>> = {
  // Sales invoices and bills share /Invoices; the adapter filters each with where=Type=="ACCREC"/"ACCPAY".
  invoices: /\/Invoices\?.*ACCREC/,
  bills: /\/Invoices\?.*ACCPAY/,
  customers: /\/Contacts(\?|$)/,
  suppliers: /\/Contacts(\?|$)/,
  creditNotes: /\/CreditNotes(\?|$)/,
  billCreditNotes: /\/CreditNotes(\?|$)/,
  payments: /\/Payments(\?|$)/,
  billPayments: /\/Payments(\?|$)/,
  journalEntries: /\/ManualJournals(\?|$)/,
  bankTransactions: /\/BankTransactions(\?|$)/,
};

const ENVELOPES: Partial<Record<DataType, string>> = {
  invoices: 'Invoices',
  bills: 'Invoices',
  customers: 'Contacts',
  suppliers: 'Contacts',
  creditNotes: 'CreditNotes',
  billCreditNotes: 'CreditNotes',
  payments: 'Payments',
  billPayments: 'Payments',
  journalEntries: 'ManualJournals',
  bankTransactions: 'BankTransactions',
};

/** The Xero harness. */
export const xeroHarness: EmulatorHarness = {
  provider: 'xero',
  pagedTypes: ['invoices', 'bills', 'customers', 'creditNotes', 'payments', 'journalEntries', 'bankTransactions'],
  listPath(dataType) {
    const path = LIST_PATHS[dataType];
    if (!path) throw new Error(`xeroHarness: ${dataType} is not a paged Xero type`);
    return path;
  },
  corruptRecord(page, dataType) {
    const envelope = ENVELOPES[dataType];
    const records = envelope ? (page as Record<string, unknown>)[envelope] : undefined;
    if (!Array.isArray(records) || records.length === 0) return page;
    const victim = records[Math.floor(records.length / 2)] as Record<string, unknown>;
    // Impossible values: a date that is not a /Date()/ and an amount that is not a number.
    victim.Date = '/Date(not-a-date)/';
    victim.Total = 'twelve';
    victim.UpdatedDateUTC = 'yesterday';
    return page;
  },
  async start(options: HarnessStartOptions = {}): Promise<HarnessInstance> {
    const emu = await createXeroEmulator({ seed: options.seed ?? 11, invoices: options.invoices ?? 240, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
    const tenantId = emu.tenants[0]!.id;
    const providerConfig = ({ apiUrl }: { apiUrl?: string } = {}) => ({
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUri: emu.client.redirectUris[0]!,
      urls: { api: apiUrl ?? emu.urls.api, issuer: emu.urls.issuer, connections: emu.urls.connections, revocation: emu.urls.revocation },
    });
    return {
      apiUrl: emu.urls.api,
      oauth: emu.oauth,
      tenantId,
      clientSecret: emu.client.clientSecret,
      providerConfig,
      createProvider: (options = {}) => xero(providerConfig(options)),
      async consent(authorizationUrl) {
        const res = await fetch(authorizationUrl, { redirect: 'manual' });
        const location = res.headers.get('location');
        if (!location) throw new Error(`xeroHarness: consent answered ${res.status} without a redirect`);
        return location;
      },
      expectedCounts() {
        const docs = emu.store.list('Invoices', tenantId);
        return { invoices: docs.filter((d) => d.Type === 'ACCREC').length, bills: docs.filter((d) => d.Type === 'ACCPAY').length };
      },
      change() {
        const invoice = emu.store.list('Invoices', tenantId).find((d) => d.Type === 'ACCREC')!;
        emu.store.touch('Invoices', String(invoice.InvoiceID), { Reference: 'changed by the harness' }, tenantId);
        const bill = emu.store.list('Invoices', tenantId).find((d) => d.Type === 'ACCPAY')!;
        emu.store.touch('Invoices', String(bill.InvoiceID), { Reference: 'changed by the harness' }, tenantId);
        return { invoices: [String(invoice.InvoiceID)], bills: [String(bill.InvoiceID)] };
      },
      apiRequests: () => emu.log.length,
      close: () => emu.close(),
    };
  },
};
