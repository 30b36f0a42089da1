/**
 * `ledgerlink/providers/quickbooks` — the QuickBooks Online Accounting API v3 adapter.
 *
 * - OAuth 2.0 via Intuit's discovery documents (production and sandbox), scope `com.intuit.quickbooks.accounting`
 *   (`oidc` set adds OpenID scopes), PKCE, the company (`realmId`) from the callback as tenant, refresh tokens that
 *   may rotate with the previous one valid 24 h, JSON revocation.
 * - Every call goes to `/v3/company/{realmId}/…` with `minorversion` (default 75, `options.minorVersion`).
 * - Lists through the query language (`STARTPOSITION`/`MAXRESULTS` 1000, `ORDERBY Id`, inactive names included);
 *   incremental through CDC inside its 30-day window, falling back to a `MetaData.LastUpdatedTime` query when the
 *   checkpoint is older or CDC reports 1000 objects (possibly truncated). Hard deletes come from CDC.
 * - 500 requests/min and 10 concurrent per realm; a plain 429 waits 60 s.
 * - Writes (`resources/writes.ts`): create, sparse update with the current `SyncToken`, void/delete of transactions,
 *   archive (`Active: false`) of names; `?requestid=` makes retries idempotent.
 *
 * @see https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/account
 * @module
 */
import { defineProvider } from '../../src/provider/define-provider';
import type { ProviderInstanceConfig } from '../../src/provider/types';
import { resolveQuickBooksTenants, revokeQuickBooksTokens } from './lib/auth';
import { mapQuickBooksError } from './lib/errors';
import { qbResource } from './lib/resource';
import {
  toAccount,
  toBankAccount,
  toBankTransaction,
  toBill,
  toBillCreditNote,
  toBillPayment,
  toCompany,
  toCreditNote,
  toCustomer,
  toInvoice,
  toItem,
  toJournalEntry,
  toPayment,
  toSupplier,
  toTaxCode,
  toTaxRate,
  toTrackingCategory,
} from './resources/mappers';
import { balanceSheetResource, profitAndLossResource } from './resources/reports';
import { accountWrite, billCreditNoteWrite, billPaymentWrite, billWrite, creditNoteWrite, customerWrite, invoiceWrite, itemWrite, journalWrite, paymentWrite, supplierWrite } from './resources/writes';
import { quickbooksWebhooks } from './webhooks';

/** Default `minorversion` (reference §3.2: versions below 75 are treated as 75 since 1 Aug 2025). */
export const DEFAULT_MINOR_VERSION = 75;
const ACCOUNTING = 'com.intuit.quickbooks.accounting';
const BANK_TYPES = new Set(['Bank', 'Credit Card']);

/** The QuickBooks Online provider descriptor. */
export const quickbooksProvider = defineProvider({
  id: 'quickbooks',
  displayName: 'QuickBooks Online',
  docsUrl: 'https://developer.intuit.com/app/developer/qbo/docs/get-started',
  environments: {
    production: {
      api: 'https://quickbooks.api.intuit.com',
      discoveryUrl: 'https://developer.api.intuit.com/.well-known/openid_configuration',
      authorization: 'https://appcenter.intuit.com/connect/oauth2',
      token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      // No revocation URL here: it comes from the discovery document's `revocation_endpoint` (reference §3.1).
    },
    sandbox: {
      api: 'https://sandbox-quickbooks.api.intuit.com',
      discoveryUrl: 'https://developer.api.intuit.com/.well-known/openid_sandbox_configuration',
      authorization: 'https://appcenter.intuit.com/connect/oauth2',
      token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      // No revocation URL here: it comes from the discovery document's `revocation_endpoint` (reference §3.1).
    },
  },
  auth: {
    type: 'oauth2',
    discovery: true,
    scopes: {
      default: [ACCOUNTING],
      oidc: [ACCOUNTING, 'openid', 'profile', 'email', 'phone', 'address'],
    },
    // ❓ unverified: PKCE is not documented by Intuit; Nango sends it and Intuit tolerates it (reference §3.1).
    pkce: true,
    clientAuthentication: 'client_secret_basic',
    rotation: { kind: 'rotating-with-overlap', previousValidMs: 24 * 3_600_000 },
    refreshAheadMs: 5 * 60_000, // ❓ our choice, not an Intuit fact (access tokens live 1 h)
    resolveTenants: resolveQuickBooksTenants,
    revoke: revokeQuickBooksTokens,
  },
  rateLimits: {
    tenant: { maxConcurrent: 10, perMinute: 500 },
    defaultRetryAfterMs: 60_000,
  },
  defaultQuery: (config) => ({ minorversion: String(config.options?.minorVersion ?? DEFAULT_MINOR_VERSION) }),
  tenantPath: (tenant, path) => `/v3/company/${encodeURIComponent(tenant.id)}${path.startsWith('/') ? path : `/${path}`}`,
  defaultHeaders: { Accept: 'application/json' },
  requestIdHeader: 'intuit_tid',
  mapError: mapQuickBooksError,
  resources: {
    // ❓ unverified: `SELECT * FROM CompanyInfo` as the read (the reference lists GET /companyinfo/{realmId}).
    company: qbResource({ entity: 'CompanyInfo', cdc: false, get: false, toCanonical: toCompany }),
    accounts: { ...qbResource({ entity: 'Account', names: true, toCanonical: toAccount }), write: accountWrite },
    bankAccounts: qbResource({
      entity: 'Account',
      names: true,
      where: ["AccountType IN ('Bank','Credit Card')"],
      filter: (raw) => BANK_TYPES.has(String((raw as { AccountType?: unknown }).AccountType)),
      toCanonical: toBankAccount,
    }),
    customers: { ...qbResource({ entity: 'Customer', names: true, toCanonical: toCustomer }), write: customerWrite },
    suppliers: { ...qbResource({ entity: 'Vendor', names: true, toCanonical: toSupplier }), write: supplierWrite },
    items: { ...qbResource({ entity: 'Item', names: true, toCanonical: toItem }), write: itemWrite },
    // Tax codes (what lines reference, plain ids) and their component tax rates (`TaxRate:<id>`). CDC covers neither
    // (reference §3.4): full reads only.
    taxRates: qbResource({ entity: 'TaxCode', more: ['TaxRate'], names: true, cdc: false, toCanonical: (raw, _ctx, entity) => (entity === 'TaxRate' ? toTaxRate(raw) : toTaxCode(raw)) }),
    // Classes (plain ids) and departments (`Department:<id>`, as documents' `DepartmentRef` tracking refs are mapped).
    trackingCategories: qbResource({ entity: 'Class', more: ['Department'], names: true, toCanonical: (raw, _ctx, entity) => toTrackingCategory(raw, entity === 'Department' ? 'Department' : 'Class') }),
    invoices: { ...qbResource({ entity: 'Invoice', toCanonical: toInvoice }), write: invoiceWrite },
    bills: { ...qbResource({ entity: 'Bill', toCanonical: toBill }), write: billWrite },
    creditNotes: { ...qbResource({ entity: 'CreditMemo', toCanonical: toCreditNote }), write: creditNoteWrite },
    billCreditNotes: { ...qbResource({ entity: 'VendorCredit', toCanonical: toBillCreditNote }), write: billCreditNoteWrite },
    payments: { ...qbResource({ entity: 'Payment', toCanonical: toPayment }), write: paymentWrite },
    billPayments: { ...qbResource({ entity: 'BillPayment', toCanonical: toBillPayment }), write: billPaymentWrite },
    journalEntries: { ...qbResource({ entity: 'JournalEntry', toCanonical: toJournalEntry }), write: journalWrite },
    // Purchases (plain ids), deposits (`Deposit:<id>`) and transfers (`Transfer:<id>`).
    bankTransactions: qbResource({ entity: 'Purchase', more: ['Deposit', 'Transfer'], toCanonical: toBankTransaction }),
    profitAndLoss: profitAndLossResource,
    balanceSheet: balanceSheetResource,
  },
  webhooks: quickbooksWebhooks,
});

/** Binds the QuickBooks descriptor to your app's credentials (`options.minorVersion` overrides 75). */
export function quickbooks(config: ProviderInstanceConfig) {
  return quickbooksProvider.configure(config);
}

export { parseQuickBooksWebhook, quickbooksWebhooks, QUICKBOOKS_ENTITY_DATA_TYPES, QUICKBOOKS_SIGNATURE_HEADER, signQuickBooksWebhook, verifyQuickBooksWebhook } from './webhooks';
export { mapQuickBooksError, readFault } from './lib/errors';
export { toBalanceSheet, toProfitAndLoss } from './resources/reports';
export { MAX_BATCH_ITEMS, quickbooksBatch, type QuickBooksBatchItem, type QuickBooksBatchResult } from './batch';
