/**
 * `ledgerlink/providers/freeagent` — the FreeAgent API v2 adapter.
 *
 * - OAuth 2.0: authorize `/v2/approve_app`, token `/v2/token_endpoint` with HTTP Basic client authentication, no
 *   scopes (access follows the authorising user's access level), 1-hour access tokens, a new refresh token on every
 *   refresh, at most 15 refreshes per minute per user (enforced by the core's token manager), **no revocation
 *   endpoint** (revoking a connection removes the local tokens only), one company per authorisation (`GET /company`).
 * - Lists: `page`/`per_page=100` to the end through the RFC 5988 `Link` header (no `rel="next"` = last page), bodies
 *   keyed by the plural resource name, ids and references from URLs (last path segment), `updated_since` incremental
 *   reads with `sort=updated_at` where the API offers them, no deletion feed.
 * - Contacts: FreeAgent keeps one contact list with no customer/supplier flag, so every contact is offered both as a
 *   customer and as a supplier, with the same id (❓ a rule of ours; the API's `view` filters for clients/suppliers
 *   are not in the reference). Read with `view=all` ❓ so hidden contacts come too (as `Archived`).
 * - Payments: FreeAgent has no payments resource; `payments`/`billPayments` are bank transaction explanations with
 *   `paid_invoice`/`paid_bill`. Bank transactions are read per bank account (`bank_account=<bank account url>`).
 * - Writes: invoices, contacts (a customer or supplier written lands in the one contact list and reads back as both),
 *   bills, credit notes, payments/bill payments (bank transaction explanations), journal sets, price list items —
 *   see `resources/writes.ts`.
 * - 120 requests/minute and 3,600/hour per user; a 429 carries `Retry-After` in seconds.
 *
 * @see https://dev.freeagent.com/docs
 * @see https://dev.freeagent.com/docs/oauth
 * @see https://dev.freeagent.com/docs/introduction
 * @module
 */
import { defineProvider } from '../../src/provider/define-provider';
import type { ProviderInstanceConfig } from '../../src/provider/types';
import { companyTenantId, resolveFreeAgentTenants, revokeFreeAgentTokens } from './lib/auth';
import { mapFreeAgentError } from './lib/errors';
import { faResource, selectKey } from './lib/resource';
import {
  paysBill,
  paysInvoice,
  selectCategories,
  toAccount,
  toBankAccount,
  toBankTransaction,
  toBill,
  toBillPayment,
  toCompany,
  toContact,
  toCreditNote,
  toInvoice,
  toItem,
  toJournalEntry,
  toPayment,
} from './resources/mappers';
import { balanceSheetResource, profitAndLossResource } from './resources/reports';
import { billPaymentWrite, billWrite, contactWrite, creditNoteWrite, invoiceWrite, itemWrite, journalWrite, paymentWrite } from './resources/writes';

/** Token refreshes per minute per user (reference §5.1, FreeAgent rate-limits page). */
export const FREEAGENT_MAX_REFRESHES_PER_MINUTE = 15;

/** Per bank account: the parameter value is the bank account's own `url` (reference §5.2: `bank_account=<url>`). */
const perBankAccount = {
  dataType: 'bankAccounts' as const,
  param: 'bank_account',
  parentValue: (raw: unknown) => {
    const url = (raw as { url?: unknown } | null)?.url;
    return typeof url === 'string' && url !== '' ? url : undefined;
  },
};

/** The FreeAgent provider descriptor. */
export const freeagentProvider = defineProvider({
  id: 'freeagent',
  displayName: 'FreeAgent',
  docsUrl: 'https://dev.freeagent.com/docs',
  environments: {
    production: {
      api: 'https://api.freeagent.com/v2',
      authorization: 'https://api.freeagent.com/v2/approve_app',
      token: 'https://api.freeagent.com/v2/token_endpoint',
    },
    sandbox: {
      api: 'https://api.sandbox.freeagent.com/v2',
      authorization: 'https://api.sandbox.freeagent.com/v2/approve_app',
      token: 'https://api.sandbox.freeagent.com/v2/token_endpoint',
    },
  },
  auth: {
    type: 'oauth2',
    discovery: false,
    // FreeAgent has no scopes: access follows the authorising user's access level (reference §5.1). The core sends
    // no `scope` parameter for an empty set.
    scopes: { default: [] },
    // ❓ unverified: official PKCE support. The FreeAgent Postman collection is configured with S256 (reference §5.1 ◐);
    // a server that ignores the parameters loses nothing, so PKCE is sent.
    pkce: true,
    clientAuthentication: 'client_secret_basic',
    // Every refresh returns a new refresh token (saved oauth-refresh-response.json). Whether the old one stays valid
    // is ❓ (reference §15), so the safe assumption is made: it dies at once. The core then never reuses a refresh token
    // and stores the new one before the old one could be needed again.
    rotation: { kind: 'rotating' },
    refreshAheadMs: 5 * 60_000, // ❓ our choice; access tokens live 1 h (expires_in 3600)
    maxRefreshesPerMinute: FREEAGENT_MAX_REFRESHES_PER_MINUTE,
    resolveTenants: resolveFreeAgentTenants,
    // FreeAgent has no revocation endpoint (reference §5.1): revocation is local only (no request is made).
    revoke: revokeFreeAgentTokens,
  },
  rateLimits: {
    tenant: { perMinute: 120, perHour: 3600 },
    // A 429 carries Retry-After (seconds, reference §5.5); ❓ the wait when it does not.
    defaultRetryAfterMs: 60_000,
  },
  defaultHeaders: { Accept: 'application/json' },
  mapError: mapFreeAgentError,
  resources: {
    company: {
      path: '/company',
      pagination: { type: 'none', select: (body) => { const c = (body as { company?: unknown } | null)?.company; return c ? [c] : []; } },
      incremental: { type: 'none' },
      deletes: { type: 'none' },
      idOf: (raw) => (typeof raw === 'object' && raw !== null ? companyTenantId(raw as Record<string, unknown>) : undefined),
      toCanonical: toCompany,
    },
    // `/categories` answers every category in one body grouped by kind (❓ unverified: that it is not paginated).
    accounts: {
      path: '/categories',
      pagination: { type: 'none', select: selectCategories },
      incremental: { type: 'none' },
      deletes: { type: 'none' },
      idOf: (raw) => {
        const c = (raw as { nominal_code?: unknown } | null)?.nominal_code;
        return typeof c === 'string' ? c : undefined;
      },
      toCanonical: toAccount,
      get: { path: (id: string) => `/categories/${encodeURIComponent(id)}`, select: (body: unknown) => (body as { category?: unknown } | null)?.category },
    },
    // ❓ unverified for contacts: `view=all`, `sort=updated_at` and `updated_since` (the Postman catalogue lists no
    // query parameters for /contacts; reference §5.4 names contacts among the `updated_since` endpoints).
    customers: { ...faResource({ path: '/contacts', key: 'contacts', singular: 'contact', updatedSince: true, sortByUpdatedAt: true, query: { view: 'all' }, sharedList: 'contacts', toCanonical: toContact }), write: contactWrite },
    suppliers: { ...faResource({ path: '/contacts', key: 'contacts', singular: 'contact', updatedSince: true, sortByUpdatedAt: true, query: { view: 'all' }, sharedList: 'contacts', toCanonical: (raw) => toContact(raw) as never }), write: contactWrite },
    invoices: { ...faResource({ path: '/invoices', key: 'invoices', singular: 'invoice', updatedSince: true, sortByUpdatedAt: true, query: { nested_invoice_items: 'true' }, deletes: 'status', toCanonical: toInvoice }), write: invoiceWrite },
    // The Postman catalogue lists `updated_since` for bills but no `sort` (so none is sent).
    bills: { ...faResource({ path: '/bills', key: 'bills', singular: 'bill', updatedSince: true, deletes: 'status', toCanonical: toBill }), write: billWrite },
    creditNotes: { ...faResource({ path: '/credit_notes', key: 'credit_notes', singular: 'credit_note', updatedSince: true, sortByUpdatedAt: true, query: { nested_credit_note_items: 'true' }, deletes: 'status', toCanonical: toCreditNote }), write: creditNoteWrite },
    bankAccounts: faResource({ path: '/bank_accounts', key: 'bank_accounts', singular: 'bank_account', updatedSince: false, toCanonical: toBankAccount }),
    bankTransactions: faResource({ path: '/bank_transactions', key: 'bank_transactions', singular: 'bank_transaction', updatedSince: true, partitionBy: perBankAccount, toCanonical: toBankTransaction }),
    // The Postman catalogue has `bank_account` as an optional filter of `/bank_transaction_explanations` (unlike
    // `/bank_transactions`, which requires it, reference §5.2), so explanations are read in one walk. ❓ unverified:
    // that the unfiltered list covers every bank account.
    payments: { ...faResource({ path: '/bank_transaction_explanations', key: 'bank_transaction_explanations', singular: 'bank_transaction_explanation', updatedSince: true, filter: paysInvoice, sharedList: 'explanations', toCanonical: toPayment }), write: paymentWrite },
    billPayments: { ...faResource({ path: '/bank_transaction_explanations', key: 'bank_transaction_explanations', singular: 'bank_transaction_explanation', updatedSince: true, filter: paysBill, sharedList: 'explanations', toCanonical: toBillPayment }), write: billPaymentWrite },
    // The Postman catalogue lists `from_date`/`to_date`/`tag` for journal sets, no `updated_since`: full reads.
    journalEntries: { ...faResource({ path: '/journal_sets', key: 'journal_sets', singular: 'journal_set', updatedSince: false, toCanonical: toJournalEntry }), write: journalWrite },
    items: { ...faResource({ path: '/price_list_items', key: 'price_list_items', singular: 'price_list_item', updatedSince: false, toCanonical: toItem }), write: itemWrite },
    profitAndLoss: profitAndLossResource,
    balanceSheet: balanceSheetResource,
  },
});

/** Binds the FreeAgent descriptor to your app's credentials (`environment: 'sandbox'` for the sandbox). */
export function freeagent(config: ProviderInstanceConfig) {
  return freeagentProvider.configure(config);
}

export { mapFreeAgentError, readFreeAgentErrors } from './lib/errors';
export { idFromUrl } from './lib/values';
export { classifyNominalCode, documentStatus } from './resources/mappers';
export { toBalanceSheet, toProfitAndLoss } from './resources/reports';
export { selectKey };
