/**
 * Maps Xero error responses to ledgerlink errors.
 *
 * - 400 with Xero's envelope `{ ErrorNumber, Type, Message, Elements[].ValidationErrors[].Message }`
 *   (`ValidationException`, `QueryParseException`, `PostDataInvalidException`…) → {@link ValidationError}, one issue
 *   per validation message (`path` is the index of the element in the request body, `"0"` for a single record).
 * - 401 (identity layer, problem-details body `{ Title: "Unauthorized", Detail: "AuthenticationUnsuccessful" }`) →
 *   {@link AuthError}; relink required only when `WWW-Authenticate` says `insufficient_scope`.
 * - 403 (the `xero-tenant-id` is missing, unknown, or the organisation was disconnected from this token) →
 *   {@link AuthError} with `relinkRequired` (a refresh cannot fix it).
 * - 404 → {@link NotFoundError}.
 * - anything else → `undefined` (the core's status-based default).
 *
 * @see https://developer.xero.com/documentation/api/accounting/responsecodes
 * @module
 */
import {
  AuthError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
  type LedgerError,
} from '../../../src/errors';
import type { HttpResponse } from '../../../src/http/types';
import type { ErrorMapper } from '../../../src/provider/types';

interface XeroErrorBody {
  ErrorNumber?: number;
  Type?: string;
  Message?: string;
  Elements?: { ValidationErrors?: { Message?: string }[] }[];
}

function asObject(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function stringField(o: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  if (!o) return undefined;
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** Collects `Elements[i].ValidationErrors[].Message` as field issues (`path` = element index). */
export function xeroValidationIssues(body: unknown): FieldIssue[] {
  const o = asObject(body) as XeroErrorBody | undefined;
  const issues: FieldIssue[] = [];
  if (!o || !Array.isArray(o.Elements)) return issues;
  o.Elements.forEach((el, i) => {
    if (!el || !Array.isArray(el.ValidationErrors)) return;
    for (const ve of el.ValidationErrors) {
      if (ve && typeof ve.Message === 'string' && ve.Message !== '') {
        issues.push({ path: String(i), message: ve.Message, code: 'xero_validation' });
      }
    }
  });
  return issues;
}

/** The `Xero-Correlation-Id` of a response, for support requests. */
function requestIdOf(response: HttpResponse): string | undefined {
  return response.headers?.['xero-correlation-id'];
}

/** See the module description for the mapping table. */
export const mapXeroError: ErrorMapper = (response, ctx): LedgerError | undefined => {
  const { status } = response;
  if (status < 400) return undefined;
  const requestId = requestIdOf(response);
  const base = { provider: ctx.provider, status, ...(requestId ? { requestId } : {}) };
  const body = asObject(response.data);
  const op = ctx.operation ? ` (${ctx.operation})` : '';

  if (status === 400) {
    const type = stringField(body, 'Type');
    if (!body || (!type && body.ErrorNumber === undefined && !Array.isArray(body.Elements))) return undefined;
    const issues = xeroValidationIssues(body);
    const summary = stringField(body, 'Message') ?? 'Xero rejected the request';
    const detail = issues.length ? `: ${issues.slice(0, 3).map((i) => i.message).join('; ')}` : '';
    return new ValidationError(`${summary}${detail}${op}`, {
      ...base,
      issues,
      ...(type ? { providerCode: type } : body.ErrorNumber !== undefined ? { providerCode: String(body.ErrorNumber) } : {}),
    });
  }

  if (status === 401) {
    const detail = stringField(body, 'Detail', 'detail', 'Title', 'title');
    const challenge = response.headers?.['www-authenticate'] ?? '';
    const insufficientScope = /insufficient_scope/i.test(challenge);
    return new AuthError(
      insufficientScope
        ? `Xero refused the call${op}: the access token lacks a required scope; the user must consent again with the needed scopes`
        : `Xero rejected the access token${op}${detail ? ` (${detail})` : ''}`,
      { ...base, relinkRequired: insufficientScope, ...(detail ? { providerCode: detail } : {}) },
    );
  }

  if (status === 403) {
    const detail = stringField(body, 'Detail', 'detail', 'Message', 'Title', 'title');
    return new AuthError(
      `Xero refused access to this organisation${op}: the xero-tenant-id is missing or unknown, the organisation was ` +
        `disconnected from this app, or the token lacks the scope for this endpoint${detail ? ` (${detail})` : ''}. ` +
        'Link the organisation again.',
      { ...base, relinkRequired: true, ...(detail ? { providerCode: detail } : {}) },
    );
  }

  if (status === 404) {
    return new NotFoundError(`Xero has no such record or endpoint${op}`, base);
  }
  return undefined;
};
