/**
 * `ledgerlink/providers/xero` — the Xero Accounting API 2.0 adapter.
 *
 * - OAuth 2.0 against Xero's OIDC issuer with PKCE, `offline_access`, and either the granular scopes mandatory for
 *   apps created on or after 2 March 2026 (`granular`, `granularRead` — the default) or the legacy broad scopes
 *   (`legacy`, `legacyRead`). Tenants come from `GET /connections` (filtered by the consent's `authEventId`); one
 *   consent may cover several organisations and the caller chooses. Every call carries `xero-tenant-id`.
 * - Limits: 5 concurrent, 60/min and 5,000/day per organisation (the daily figure configurable for Xero's tiered
 *   plans through `rateLimits.tenant.perDay`), 10,000/min per app; `X-Rate-Limit-Problem` tells a minute limit (wait)
 *   from a daily one (fail fast with `resetAt`).
 * - Incremental reads with `If-Modified-Since`; deletes are statuses (`DELETED`, `VOIDED`, `ARCHIVED`).
 * - Writes for every type Xero writes (documents, credit notes, payments, manual journals, items, contacts, accounts)
 *   under `Idempotency-Key`, with push options from Xero's OpenAPI spec, and `createMany` batches for documents
 *   (`summarizeErrors=false`, per-item results); see `resources/writes.ts`.
 *
 * @see https://developer.xero.com/documentation/api/accounting/overview
 * @example
 * import { xero } from 'ledgerlink/providers/xero';
 * const provider = xero({ clientId, clientSecret, redirectUri, rateLimits: { tenant: { perDay: 1000 } } });
 * @module
 */
import { defineProvider } from '../../src/provider/define-provider';
import type { ProviderInstanceConfig } from '../../src/provider/types';
import { disconnectXeroTenant, resolveXeroTenants, revokeXeroTokens } from './lib/auth';
import { mapXeroError } from './lib/errors';
import { xeroResource } from './lib/list';
import { classifyXeroThrottle, readXeroRemaining } from './lib/rate-limits';
import { toBill, toBillCreditNote, toCreditNote, toInvoice } from './resources/documents';
import {
  isCustomerContact,
  isSupplierContact,
  toAccount,
  toBankAccount,
  isBankAccount,
  toCompany,
  toContact,
  toItem,
  toTaxRate,
  toTrackingCategory,
} from './resources/reference-data';
import { AP_PAYMENT_TYPES, AR_PAYMENT_TYPES, toBankTransaction, toBillPayment, toJournalEntry, toPayment } from './resources/transactions';
import { xeroWebhooks } from './webhooks';
import { balanceSheetResource, profitAndLossResource } from './resources/reports';
import { accountWrite, billCreditNoteWrite, billPaymentWrite, billWrite, contactWrite, creditNoteWrite, invoiceWrite, itemWrite, journalEntryWrite, paymentWriteAR } from './resources/writes';

const OIDC = ['openid', 'profile', 'email', 'offline_access'];
const GRANULAR = ['accounting.invoices', 'accounting.payments', 'accounting.banktransactions', 'accounting.manualjournals', 'accounting.contacts', 'accounting.settings', 'accounting.reports.balancesheet.read', 'accounting.reports.profitandloss.read'];
const GRANULAR_READ = ['accounting.invoices.read', 'accounting.payments.read', 'accounting.banktransactions.read', 'accounting.manualjournals.read', 'accounting.contacts.read', 'accounting.settings.read', 'accounting.reports.balancesheet.read', 'accounting.reports.profitandloss.read'];
const LEGACY = ['accounting.transactions', 'accounting.contacts', 'accounting.settings', 'accounting.reports.read', 'accounting.journals.read'];
const LEGACY_READ = ['accounting.transactions.read', 'accounting.contacts.read', 'accounting.settings.read', 'accounting.reports.read', 'accounting.journals.read'];

const paymentTypeIs = (types: string[]) => (raw: unknown) => types.includes(String((raw as { PaymentType?: unknown }).PaymentType));

/** The Xero provider descriptor. */
export const xeroProvider = defineProvider({
  id: 'xero',
  displayName: 'Xero',
  docsUrl: 'https://developer.xero.com/documentation/api/accounting/overview',
  environments: {
    // Xero has no sandbox environment: demo companies live in production.
    production: {
      api: 'https://api.xero.com/api.xro/2.0',
      issuer: 'https://identity.xero.com',
      authorization: 'https://login.xero.com/identity/connect/authorize',
      token: 'https://identity.xero.com/connect/token',
      revocation: 'https://identity.xero.com/connect/revocation',
      connections: 'https://api.xero.com/connections',
    },
  },
  auth: {
    type: 'oauth2',
    discovery: true,
    oidc: true,
    scopes: {
      default: [...OIDC, ...GRANULAR_READ],
      granular: [...OIDC, ...GRANULAR],
      granularRead: [...OIDC, ...GRANULAR_READ],
      legacy: [...OIDC, ...LEGACY],
      legacyRead: [...OIDC, ...LEGACY_READ],
    },
    pkce: true,
    clientAuthentication: 'client_secret_basic',
    rotation: { kind: 'rotating-with-grace', graceMs: 30 * 60_000 },
    refreshAheadMs: 2 * 60_000,
    resolveTenants: resolveXeroTenants,
    revoke: revokeXeroTokens,
    disconnectTenant: disconnectXeroTenant,
  },
  rateLimits: {
    tenant: { maxConcurrent: 5, perMinute: 60, perDay: 5000 },
    app: { perMinute: 10_000 },
    defaultRetryAfterMs: 60_000,
    classifyThrottle: classifyXeroThrottle,
    readRemaining: readXeroRemaining,
  },
  tenantHeaders: (tenant) => ({ 'xero-tenant-id': tenant.id }),
  defaultHeaders: { Accept: 'application/json' },
  requestIdHeader: 'xero-correlation-id',
  mapError: mapXeroError,
  resources: {
    company: xeroResource({ path: '/Organisation', key: 'Organisations', id: 'OrganisationID', modifiedSince: false, deletes: 'none', get: false, toCanonical: toCompany }),
    accounts: { ...xeroResource({ path: '/Accounts', key: 'Accounts', id: 'AccountID', sharedList: 'accounts', toCanonical: toAccount }), write: accountWrite },
    taxRates: xeroResource({ path: '/TaxRates', key: 'TaxRates', id: 'TaxType', modifiedSince: false, get: false, toCanonical: toTaxRate }),
    trackingCategories: xeroResource({ path: '/TrackingCategories', key: 'TrackingCategories', id: 'TrackingCategoryID', query: { includeArchived: 'true' }, modifiedSince: false, toCanonical: toTrackingCategory }),
    // Deleted items vanish from Xero (no status): only a full read notices (reference §2.4).
    items: { ...xeroResource({ path: '/Items', key: 'Items', id: 'ItemID', deletes: 'none', toCanonical: toItem }), write: itemWrite },
    customers: { ...xeroResource({ path: '/Contacts', key: 'Contacts', id: 'ContactID', paged: true, query: { includeArchived: 'true' }, filter: isCustomerContact, sharedList: 'contacts', toCanonical: toContact }), write: contactWrite },
    suppliers: { ...xeroResource({ path: '/Contacts', key: 'Contacts', id: 'ContactID', paged: true, query: { includeArchived: 'true' }, filter: isSupplierContact, sharedList: 'contacts', toCanonical: toContact }), write: contactWrite },
    // Filtered here rather than with `where=Type=="BANK"`, so a sync reading accounts too reads `/Accounts` once.
    bankAccounts: xeroResource({ path: '/Accounts', key: 'Accounts', id: 'AccountID', filter: isBankAccount, sharedList: 'accounts', get: false, toCanonical: toBankAccount }),
    invoices: { ...xeroResource({ path: '/Invoices', key: 'Invoices', id: 'InvoiceID', paged: true, where: ['Type', 'ACCREC'], toCanonical: toInvoice }), write: invoiceWrite },
    bills: { ...xeroResource({ path: '/Invoices', key: 'Invoices', id: 'InvoiceID', paged: true, where: ['Type', 'ACCPAY'], toCanonical: toBill }), write: billWrite },
    creditNotes: { ...xeroResource({ path: '/CreditNotes', key: 'CreditNotes', id: 'CreditNoteID', paged: true, where: ['Type', 'ACCRECCREDIT'], toCanonical: toCreditNote }), write: creditNoteWrite },
    billCreditNotes: { ...xeroResource({ path: '/CreditNotes', key: 'CreditNotes', id: 'CreditNoteID', paged: true, where: ['Type', 'ACCPAYCREDIT'], toCanonical: toBillCreditNote }), write: billCreditNoteWrite },
    // Payments are split client-side by PaymentType: `where` with OR is not confirmed by the reference.
    payments: { ...xeroResource({ path: '/Payments', key: 'Payments', id: 'PaymentID', paged: true, get: false, filter: paymentTypeIs(AR_PAYMENT_TYPES), sharedList: 'payments', toCanonical: toPayment }), write: paymentWriteAR },
    billPayments: { ...xeroResource({ path: '/Payments', key: 'Payments', id: 'PaymentID', paged: true, get: false, filter: paymentTypeIs(AP_PAYMENT_TYPES), sharedList: 'payments', toCanonical: toBillPayment }), write: billPaymentWrite },
    journalEntries: { ...xeroResource({ path: '/ManualJournals', key: 'ManualJournals', id: 'ManualJournalID', paged: true, toCanonical: toJournalEntry }), write: journalEntryWrite },
    bankTransactions: xeroResource({ path: '/BankTransactions', key: 'BankTransactions', id: 'BankTransactionID', paged: true, toCanonical: toBankTransaction }),
    // Reports: `date` (balance sheet) and `fromDate`/`toDate` (profit and loss) from `reportParams`; standard layout.
    balanceSheet: balanceSheetResource,
    profitAndLoss: profitAndLossResource,
  },
  webhooks: xeroWebhooks,
});

/** Binds the Xero descriptor to your app's credentials. */
export function xero(config: ProviderInstanceConfig) {
  return xeroProvider.configure(config);
}

export {
  handleXeroWebhook,
  parseXeroWebhook,
  signXeroWebhook,
  verifyXeroWebhook,
  XERO_EVENT_DATA_TYPES,
  XERO_SIGNATURE_HEADER,
  xeroWebhooks,
  type XeroWebhookResult,
} from './webhooks';
