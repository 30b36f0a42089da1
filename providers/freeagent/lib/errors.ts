/**
 * FreeAgent error bodies → typed errors.
 *
 * ❓ unverified: the body shape. Reference §5.6: not confirmed from primary docs; third parties observed
 * `{"errors":{"error":{"message":"…"}}}` for one error and an array under `errors` for several. Both are read, and
 * so are `{"errors":{"error":[…]}}` and `{"errors":["text", …]}`. Statuses: 401 bad token, 404, 422 validation,
 * 429 throttled with `Retry-After` (left to the core, which reads the header).
 *
 * Messages never include the request URL's query or any header (no token can leak through an error).
 *
 * @see https://dev.freeagent.com/docs/introduction
 * @module
 */
import { AuthError, NotFoundError, ProviderError, ValidationError, type FieldIssue, type LedgerError } from '../../../src/errors';
import type { ErrorMapper } from '../../../src/provider/types';

/** One error message of a FreeAgent error body. */
export interface FreeAgentErrorEntry {
  message: string;
  /** The attribute concerned, when the body names one (❓ unverified field names `field`/`attribute`). */
  field?: string;
}

function entry(e: unknown): FreeAgentErrorEntry | undefined {
  if (typeof e === 'string') return e === '' ? undefined : { message: e };
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as Record<string, unknown>;
  const message = typeof o.message === 'string' ? o.message : typeof o.error === 'string' ? o.error : undefined;
  if (!message) return undefined;
  const field = typeof o.field === 'string' ? o.field : typeof o.attribute === 'string' ? o.attribute : undefined;
  return field ? { message, field } : { message };
}

/** Reads the messages of a FreeAgent error body (`undefined` when the body is not one). */
export function readFreeAgentErrors(body: unknown): FreeAgentErrorEntry[] | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  if (typeof b !== 'object' || b === null) return undefined;
  const errors = (b as { errors?: unknown }).errors;
  if (errors === undefined || errors === null) return undefined;
  const list: unknown[] = [];
  if (Array.isArray(errors)) list.push(...errors);
  else if (typeof errors === 'object') {
    const inner = (errors as { error?: unknown }).error;
    if (Array.isArray(inner)) list.push(...inner);
    else if (inner !== undefined) list.push(inner);
    else list.push(errors);
  } else list.push(errors);
  const out = list.map(entry).filter((e): e is FreeAgentErrorEntry => e !== undefined);
  return out.length ? out : undefined;
}

/** See the module description. */
export const mapFreeAgentError: ErrorMapper = (response, ctx): LedgerError | undefined => {
  const { status } = response;
  if (status < 400) return undefined;
  const base = { provider: ctx.provider, status };
  const op = ctx.operation ? ` (${ctx.operation})` : '';
  const entries = readFreeAgentErrors(response.data);
  const summary = entries?.map((e) => e.message).join('; ');
  if (status === 429) return undefined; // the core reads Retry-After (seconds) and waits
  if (status === 401) return new AuthError(`FreeAgent rejected the access token${op}${summary ? `: ${summary}` : ''}`, base);
  if (status === 403) return new AuthError(`FreeAgent refused access${op}${summary ? `: ${summary}` : ''}`, { ...base, relinkRequired: true });
  if (status === 404) return new NotFoundError(`FreeAgent has no such record or endpoint${op}${summary ? `: ${summary}` : ''}`, base);
  if (status === 422 || (status === 400 && entries)) {
    const issues: FieldIssue[] = (entries ?? []).map((e) => ({ path: e.field ?? '', message: e.message }));
    return new ValidationError(`FreeAgent rejected the request${op}${summary ? `: ${summary}` : ''}`, { ...base, issues });
  }
  if (!entries) return undefined;
  return new ProviderError(`FreeAgent error ${status}${op}: ${summary}`, { ...base, retryable: status >= 500 });
};
