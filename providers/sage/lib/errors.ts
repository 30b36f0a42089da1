/**
 * Sage error bodies → typed errors. Sage answers errors with a JSON **array** of
 * `{ "$severity", "$dataCode", "$message", "$source" }` (reference §4.6, saved
 * `sage/examples/error-401-no-active-subscription.from-docs.json`); `$source` names the offending field on a 422.
 *
 * - 401 → {@link AuthError} (the core refreshes once; a second 401 asks for a relink).
 * - 403 → {@link AuthError} (the user's role lacks access, or the `X-Business` is not theirs).
 * - 404 → {@link NotFoundError}.
 * - 400 / 422 → {@link ValidationError} with one field issue per entry (`path` = `$source`, `code` = `$dataCode`).
 * - 429 and 5xx → left to the core's defaults (retryable; `Retry-After` honoured when Sage sends one, ❓ unverified).
 * - anything else with an error array → {@link ProviderError}.
 *
 * Messages carry Sage's `$message` only: never a token, header or secret.
 *
 * @see https://developer.sage.com/accounting/guides/concepts/http_status_codes/
 * @module
 */
import { AuthError, NotFoundError, ProviderError, ValidationError, type FieldIssue, type LedgerError } from '../../../src/errors';
import type { ErrorMapper } from '../../../src/provider/types';

/** One entry of a Sage error array. */
export interface SageErrorEntry {
  severity: string;
  dataCode: string;
  message: string;
  source: string;
}

/** Reads a Sage error array (also from a JSON string, and a single error object); undefined for anything else. */
export function readSageErrors(body: unknown): SageErrorEntry[] | undefined {
  if (typeof body === 'string') {
    const s = body.trim();
    if (!s.startsWith('[') && !s.startsWith('{')) return undefined;
    try {
      return readSageErrors(JSON.parse(s));
    } catch {
      return undefined;
    }
  }
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && '$message' in body ? [body] : undefined;
  if (!list) return undefined;
  const out: SageErrorEntry[] = [];
  for (const e of list) {
    if (typeof e !== 'object' || e === null) continue;
    const r = e as Record<string, unknown>;
    if (typeof r.$message !== 'string' && typeof r.$dataCode !== 'string') continue;
    out.push({
      severity: typeof r.$severity === 'string' ? r.$severity : 'error',
      dataCode: typeof r.$dataCode === 'string' ? r.$dataCode : '',
      message: typeof r.$message === 'string' ? r.$message : '',
      source: typeof r.$source === 'string' ? r.$source : '',
    });
  }
  return out.length ? out : undefined;
}

/** See the module description. */
export const mapSageError: ErrorMapper = (response, ctx): LedgerError | undefined => {
  const { status } = response;
  if (status < 400) return undefined;
  const base = { provider: ctx.provider, status };
  const op = ctx.operation ? ` (${ctx.operation})` : '';
  const errors = readSageErrors(response.data);
  if (status === 429 || status >= 500) return undefined;
  if (!errors) {
    if (status === 401) return new AuthError(`Sage rejected the access token${op}`, base);
    if (status === 403) return new AuthError(`Sage refused access${op}`, base);
    if (status === 404) return new NotFoundError(`Sage has no such record or endpoint${op}`, base);
    return undefined;
  }
  const first = errors[0]!;
  const summary = errors.map((e) => (e.source ? `${e.source}: ${e.message}` : e.message)).join('; ');
  const opts = { ...base, ...(first.dataCode ? { providerCode: first.dataCode } : {}) };
  if (status === 401) return new AuthError(`Sage authentication failed${op}: ${summary}`, opts);
  if (status === 403) return new AuthError(`Sage refused access${op}: ${summary}`, opts);
  if (status === 404) return new NotFoundError(`Sage: ${summary}${op}`, opts);
  if (status === 400 || status === 422) {
    const issues: FieldIssue[] = errors.map((e) => ({ path: e.source, message: e.message, ...(e.dataCode ? { code: e.dataCode } : {}) }));
    return new ValidationError(`Sage rejected the request${op}: ${summary}`, { ...opts, issues });
  }
  return new ProviderError(`Sage error${op}: ${summary}`, opts);
};
