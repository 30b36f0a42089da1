/**
 * `ledgerlink/providers/sage` — the Sage Business Cloud Accounting (Sage Accounting API v3.1) adapter.
 *
 * - OAuth 2.0 with PKCE S256: authorize at `https://www.sageone.com/oauth2/auth/central?filter=apiv3.1`, token and
 *   revoke at `https://oauth.accounting.sage.com` with the client credentials in the form body
 *   (`client_secret_post`); scopes `full_access` (default) or `readonly`. Access tokens live 5 minutes
 *   (`expires_in: 300`), so they are refreshed 60 s ahead; refresh tokens live 31 days and rotate on every refresh
 *   (◐ third parties: the old one dies). Reference §4.1.
 * - Tenant = business, from `GET /businesses` of the Core/User API (same host and `/v3.1` base), sent as
 *   `X-Business` on every call; several businesses → the caller chooses. The callback's `country` is the region.
 * - Lists with `attributes=all` and `items_per_page=200`, following `$next`; incremental via
 *   `updated_or_created_since`; deletes via `deleted_since` where the endpoint has it (reference §4.3, §4.4).
 * - Balance sheet and P&L computed from ledger balances (v3.1 has no report endpoints; see `resources/reports`).
 * - Rate limits: Sage publishes none for v3.1 (see {@link SAGE_DEFAULT_LIMITS}); override with `rateLimits`.
 * - Writes (`resources/writes`, `resources/writes-more`), all with the Swagger's resource-name wrapper bodies:
 *   invoices and credit notes (create, update, void via `DELETE …?void_reason=`); bills and bill credit notes
 *   (create, update, delete — the purchase DELETE deletes, Swagger); customers and suppliers (`/contacts`: create,
 *   update, delete); payments and bill payments (`/contact_payments`: create, delete); journal entries (create,
 *   delete); items (`/products`: create, update, delete). No idempotency key exists: bills, bill credit notes,
 *   contacts and products precheck by their natural key (exact match client-side); the others never retry an
 *   ambiguous failure.
 * - Deletion feeds and split types: `deleted_since` entries carry no contact or transaction type, so a deleted
 *   contact is a tombstone for both customers and suppliers, and a deleted contact payment for both payments and
 *   bill payments (a tombstone for an id a consumer never had is harmless).
 *
 * Resource choices where Sage has several endpoints for one canonical type (one path per type):
 * - `items` reads `/products` (goods, stock and non-stock). `/services` is **not** read: the resources table takes
 *   one path per type; `toServiceItem` maps a `/services` record for callers who read it themselves.
 * - `bankTransactions` reads `/other_payments`: bank payments and receipts not against invoices, with lines, contact,
 *   tax and a `deleted_since` feed — the counterpart of Xero spend/receive money. `/bank_transfers` and
 *   `/bank_deposits` are movements between the business's own accounts and are not read.
 * - `payments` / `billPayments` both read `/contact_payments` and keep customer (`CUSTOMER_RECEIPT`,
 *   `CUSTOMER_REFUND`) resp. vendor (`VENDOR_PAYMENT`, `VENDOR_REFUND`) transaction types; allocations come from the
 *   payment's own `allocated_artefacts` (no `/contact_allocations` read).
 * - `customers` / `suppliers` read `/contacts?contact_type_id=CUSTOMER|VENDOR` (the server-side filter the Swagger
 *   has), checked again client-side on `contact_types`.
 *
 * @see https://developer.sage.com/accounting/reference/
 * @module
 */
import { defineProvider } from '../../src/provider/define-provider';
import type { LimitSet, ProviderInstanceConfig, ResourceDefinition } from '../../src/provider/types';
import { resolveSageTenants } from './lib/auth';
import { mapSageError } from './lib/errors';
import { sageResource } from './lib/resource';
import {
  CUSTOMER_PAYMENT_TYPES,
  VENDOR_PAYMENT_TYPES,
  contactTypes,
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
  toTaxRate,
} from './resources/mappers';
import { balanceSheetResource, profitAndLossResource } from './resources/reports';
import { purchaseCreditNoteWrite, purchaseInvoiceWrite, salesCreditNoteWrite, salesInvoiceWrite } from './resources/writes';
import { billPaymentWrite, customerWrite, journalWrite, paymentWrite, productWrite, supplierWrite } from './resources/writes-more';
import { refId } from './lib/values';

/**
 * Default limits per business. Sage publishes **no** rate limit for v3.1 (reference §4.5): a third-party card
 * (knowledgelib.io, 2026) states 100 requests/min and 2,500/day per company; the retired v3 docs said 200 calls per
 * 60 s per business. We default to the conservative third-party figures and 5 concurrent requests (our choice).
 * Override per instance with `rateLimits: { tenant: { … } }`.
 */
export const SAGE_DEFAULT_LIMITS: Readonly<LimitSet> = Object.freeze({ perMinute: 100, perDay: 2500, maxConcurrent: 5 });

const SCOPES = { full: 'full_access', read: 'readonly' } as const;

/**
 * Documents: `show_payments_allocations=true` on lists and GETs (Swagger: "Use this to show the artefact's payments and
 * allocations" — without it `payments_allocations` is absent); sales artefacts' single GET defaults `mark_as_sent` to
 * true (Swagger: "Defaulted to 'true'"), so a read would mark the invoice as sent: ledgerlink sends `mark_as_sent=false`.
 */
const ALLOCATIONS = { show_payments_allocations: 'true' } as const;
const SALES_GET = { show_payments_allocations: 'true', mark_as_sent: 'false' } as const;

const paymentType = (types: ReadonlySet<string>) => (raw: unknown) => types.has(refId(raw as Record<string, unknown>, 'transaction_type') ?? '');

/** `/financial_settings` → company (the business name, region and address come from the tenant). */
const companyResource = {
  path: '/financial_settings',
  pagination: { type: 'none', select: (body: unknown) => (body && typeof body === 'object' ? [body] : []) },
  incremental: { type: 'none' },
  deletes: { type: 'none' },
  idOf: () => undefined,
  toCanonical: toCompany,
} satisfies ResourceDefinition<'company'>;

/** The Sage Business Cloud Accounting provider descriptor. */
export const sageProvider = defineProvider({
  id: 'sage',
  displayName: 'Sage Business Cloud Accounting',
  docsUrl: 'https://developer.sage.com/accounting/',
  environments: {
    production: {
      api: 'https://api.accounting.sage.com/v3.1',
      core: 'https://api.accounting.sage.com/v3.1',
      authorization: 'https://www.sageone.com/oauth2/auth/central',
      token: 'https://oauth.accounting.sage.com/token',
      revocation: 'https://oauth.accounting.sage.com/revoke',
    },
  },
  auth: {
    type: 'oauth2',
    discovery: false,
    scopes: { default: [SCOPES.full], readonly: [SCOPES.read], full_access: [SCOPES.full] },
    pkce: true,
    clientAuthentication: 'client_secret_post',
    // ◐ knowledgelib.io, Nango: the previous refresh token is invalidated on refresh (reference §4.1).
    rotation: { kind: 'rotating' },
    // Access tokens live 300 s; refresh 60 s ahead (our choice).
    refreshAheadMs: 60_000,
    authorizationParams: { filter: 'apiv3.1' },
    resolveTenants: resolveSageTenants,
  },
  rateLimits: {
    tenant: { ...SAGE_DEFAULT_LIMITS },
    // ❓ unverified: whether Sage sends Retry-After on a 429; without one, wait 60 s.
    defaultRetryAfterMs: 60_000,
  },
  tenantHeaders: (tenant) => ({ 'X-Business': tenant.id }),
  defaultHeaders: { Accept: 'application/json' },
  mapError: mapSageError,
  resources: {
    company: companyResource,
    // ledger_accounts has updated_or_created_since but no deleted_since (Swagger).
    accounts: sageResource({ path: '/ledger_accounts', deletedSince: false, toCanonical: toAccount }),
    // show_balance=true: "Use this to display the balance for a contact" (Swagger) — `balance` is absent without it.
    customers: { ...sageResource({ path: '/contacts', deletedSince: true, query: { contact_type_id: 'CUSTOMER', show_balance: 'true' }, getQuery: { show_balance: 'true' }, filter: (raw) => contactTypes(raw).includes('CUSTOMER'), toCanonical: toCustomer }), write: customerWrite },
    suppliers: { ...sageResource({ path: '/contacts', deletedSince: true, query: { contact_type_id: 'VENDOR', show_balance: 'true' }, getQuery: { show_balance: 'true' }, filter: (raw) => contactTypes(raw).includes('VENDOR'), toCanonical: toSupplier }), write: supplierWrite },
    invoices: { ...sageResource({ path: '/sales_invoices', deletedSince: true, query: ALLOCATIONS, getQuery: SALES_GET, toCanonical: toInvoice }), write: salesInvoiceWrite },
    bills: { ...sageResource({ path: '/purchase_invoices', deletedSince: true, query: ALLOCATIONS, getQuery: ALLOCATIONS, toCanonical: toBill }), write: purchaseInvoiceWrite },
    creditNotes: { ...sageResource({ path: '/sales_credit_notes', deletedSince: true, query: ALLOCATIONS, getQuery: SALES_GET, toCanonical: toCreditNote }), write: salesCreditNoteWrite },
    billCreditNotes: { ...sageResource({ path: '/purchase_credit_notes', deletedSince: true, query: ALLOCATIONS, getQuery: ALLOCATIONS, toCanonical: toBillCreditNote }), write: purchaseCreditNoteWrite },
    payments: { ...sageResource({ path: '/contact_payments', deletedSince: true, filter: paymentType(CUSTOMER_PAYMENT_TYPES), toCanonical: toPayment }), write: paymentWrite },
    billPayments: { ...sageResource({ path: '/contact_payments', deletedSince: true, filter: paymentType(VENDOR_PAYMENT_TYPES), toCanonical: toBillPayment }), write: billPaymentWrite },
    journalEntries: { ...sageResource({ path: '/journals', deletedSince: true, toCanonical: toJournalEntry }), write: journalWrite },
    items: { ...sageResource({ path: '/products', deletedSince: true, toCanonical: toItem }), write: productWrite },
    // tax_rates has updated_or_created_since but no deleted_since (Swagger).
    taxRates: sageResource({ path: '/tax_rates', deletedSince: false, toCanonical: toTaxRate }),
    bankAccounts: sageResource({ path: '/bank_accounts', deletedSince: true, toCanonical: toBankAccount }),
    bankTransactions: sageResource({ path: '/other_payments', deletedSince: true, toCanonical: toBankTransaction }),
    balanceSheet: balanceSheetResource,
    profitAndLoss: profitAndLossResource,
  },
});

/** Binds the Sage descriptor to your app's credentials (`urls.core` overrides the user/business API base). */
export function sage(config: ProviderInstanceConfig) {
  return sageProvider.configure(config);
}

export { documentOut, purchasePrecheck, purchaseCreditNoteWrite, purchaseInvoiceWrite, salesCreditNoteWrite, salesInvoiceOut, salesInvoiceWrite, SAGE_DOCUMENTS, SALES_INVOICE_FIELDS, VOID_REASON } from './resources/writes';
export { billPaymentWrite, contactOut, contactPaymentOut, customerWrite, journalOut, journalWrite, paymentWrite, productOut, productWrite, supplierWrite } from './resources/writes-more';
export { mapSageError, readSageErrors, type SageErrorEntry } from './lib/errors';
export { resolveSageTenants } from './lib/auth';
export { sageTimestamp, MAX_ITEMS_PER_PAGE } from './lib/resource';
export { toServiceItem, toTombstone as toSageTombstone } from './resources/mappers';
export { toBalanceSheet as sageBalanceSheet, toProfitAndLoss as sageProfitAndLoss, BALANCE_SHEET_FROM, PROFIT_TO_DATE_LINE, type SageLedgerBalances } from './resources/reports';
