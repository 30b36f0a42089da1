/**
 * QuickBooks `Fault` envelopes (JSON, also inside HTTP 200, and the XML `IntuitResponse` form) → typed errors.
 * Every error keeps the `intuit_tid` header as `requestId`; on writes, Fault `element`s become canonical issue paths.
 * @module
 */
import { AuthError, ErrorCodes, NotFoundError, ProviderError, RateLimitError, ValidationError, type FieldIssue, type LedgerError } from '../../../src/errors';
import type { ErrorMapper } from '../../../src/provider/types';

interface FaultError {
  message: string;
  detail?: string;
  code?: string;
  element?: string;
}

/** Reads `{ Fault: { Error: [...], type } }` from JSON, or `<Fault type="…"><Error code="…"><Message>…` from XML. */
export function readFault(body: unknown): { type: string; errors: FaultError[] } | undefined {
  if (typeof body === 'string') {
    const s = body.trim();
    if (s.startsWith('{')) {
      try {
        return readFault(JSON.parse(s));
      } catch {
        return undefined;
      }
    }
    const fault = /<Fault\b[^>]*\btype="([^"]+)"[^>]*>([\s\S]*?)<\/Fault>/.exec(s);
    if (!fault) return undefined;
    const errors: FaultError[] = [];
    for (const m of fault[2]!.matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/g)) {
      const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(m[1]!)?.[1];
      const tag = (n: string) => new RegExp(`<${n}>([\\s\\S]*?)</${n}>`).exec(m[2]!)?.[1]?.trim();
      const code = attr('code');
      const element = attr('element');
      const detail = tag('Detail');
      errors.push({ message: tag('Message') ?? 'error', ...(code ? { code } : {}), ...(element ? { element } : {}), ...(detail ? { detail } : {}) });
    }
    return { type: fault[1]!, errors };
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const f = (body as { Fault?: unknown }).Fault;
  if (typeof f !== 'object' || f === null) return undefined;
  const fo = f as { Error?: unknown; type?: unknown };
  const errors = (Array.isArray(fo.Error) ? fo.Error : []).map((e: Record<string, unknown>) => ({
    message: typeof e.Message === 'string' ? e.Message : 'error',
    ...(typeof e.Detail === 'string' ? { detail: e.Detail } : {}),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: String(e.code) } : {}),
    ...(typeof e.element === 'string' && e.element ? { element: e.element } : {}),
  }));
  return { type: typeof fo.type === 'string' ? fo.type : 'Unknown', errors };
}

const DOC_TYPES = new Set(['invoices', 'bills', 'creditNotes', 'billCreditNotes']);
const PAYMENT_TYPES = new Set(['payments', 'billPayments']);

/**
 * The canonical path of a Fault `element` for a write of `dataType` (`CustomerRef` → `customerRef.id`,
 * `Line.Amount` → `lineItems[].subTotal`), so provider-side issues name the field the caller set; unknown elements
 * keep the QuickBooks name. `[]` stands for "some line": QuickBooks does not say which.
 */
export function canonicalElement(dataType: string, element: string): string {
  const doc = DOC_TYPES.has(dataType);
  const pay = PAYMENT_TYPES.has(dataType);
  const journal = dataType === 'journalEntries';
  const lines = doc ? 'lineItems' : 'lines';
  const map: Record<string, string | undefined> = {
    CustomerRef: 'customerRef.id',
    VendorRef: 'supplierRef.id',
    DocNumber: pay ? 'reference' : 'number',
    TxnDate: doc ? 'issueDate' : 'date',
    DueDate: 'dueDate',
    PrivateNote: journal ? 'description' : 'note',
    TotalAmt: pay ? 'amount' : undefined,
    DepositToAccountRef: 'accountRef.id',
    'CheckPayment.BankAccountRef': 'accountRef.id',
    Line: lines,
    'Line.Amount': doc ? 'lineItems[].subTotal' : journal ? 'lines[].netAmount' : 'lines[].amount',
    'Line.SalesItemLineDetail.ItemRef': 'lineItems[].itemRef.id',
    'Line.ItemBasedExpenseLineDetail.ItemRef': 'lineItems[].itemRef.id',
    'Line.AccountBasedExpenseLineDetail.AccountRef': 'lineItems[].accountRef.id',
    'Line.JournalEntryLineDetail.AccountRef': 'lines[].accountRef.id',
    'Line.LinkedTxn': 'lines[].ref.id',
    DisplayName: 'name',
    Name: 'name',
    AccountType: 'type',
    IncomeAccountRef: 'invoiceDetails.accountRef.id',
    ExpenseAccountRef: 'billDetails.accountRef.id',
    Type: 'type',
  };
  return map[element] ?? element;
}

/** See the module description. Stale `SyncToken` (code 5010 ◐) → a `conflict` validation error. */
export const mapQuickBooksError: ErrorMapper = (response, ctx): LedgerError | undefined => {
  const { status } = response;
  const tid = response.headers?.['intuit_tid'];
  const base = { provider: ctx.provider, status, ...(tid ? { requestId: tid } : {}) };
  const op = ctx.operation ? ` (${ctx.operation})` : '';
  const fault = readFault(response.data);
  if (status === 429) {
    // ❓ unverified: QuickBooks sends no Retry-After; the core's defaultRetryAfterMs (60 s) applies.
    return undefined;
  }
  if (!fault) {
    if (status === 401) return new AuthError(`QuickBooks rejected the access token${op}`, base);
    if (status === 404) return new NotFoundError(`QuickBooks has no such record or endpoint${op}`, base);
    return undefined;
  }
  const first = fault.errors[0];
  const summary = first ? `${first.message}${first.detail ? `: ${first.detail}` : ''}` : fault.type;
  const providerCode = first?.code ?? fault.type;
  const opts = { ...base, providerCode };
  // On a write (`invoices.create`…) Fault elements are translated to canonical paths.
  const write = /^(\w+)\.(create|update|delete)$/.exec(ctx.operation ?? '');
  const path = (element: string | undefined) => (element && write ? canonicalElement(write[1]!, element) : element ?? '');
  const issues: FieldIssue[] = fault.errors.map((e) => ({ path: path(e.element), message: e.detail ?? e.message, ...(e.code ? { code: e.code } : {}) }));
  if (fault.type === 'AuthenticationFault' || status === 401) return new AuthError(`QuickBooks authentication failed${op}: ${summary}`, opts);
  if (fault.type === 'AuthorizationFault' || status === 403) return new AuthError(`QuickBooks refused access${op}: ${summary}`, { ...opts, relinkRequired: true });
  if (fault.errors.some((e) => e.code === '003001' || /ThrottleExceeded/i.test(e.message))) {
    return new RateLimitError(`QuickBooks throttled the request${op}`, { ...opts, retryAfterMs: 60_000, limit: 'minute' });
  }
  if (fault.type === 'ValidationFault') {
    const stale = fault.errors.some((e) => e.code === '5010' || /stale object/i.test(e.message));
    return new ValidationError(`QuickBooks rejected the request${op}: ${summary}`, { ...opts, issues, ...(stale ? { code: ErrorCodes.CONFLICT } : {}) });
  }
  if (status === 404) return new NotFoundError(`QuickBooks: ${summary}${op}`, opts);
  return new ProviderError(`QuickBooks ${fault.type}${op}: ${summary}`, { ...opts, retryable: fault.type === 'SystemFault' && status >= 500 });
};
