/**
 * The one place a strategy sends a request and extracts its records.
 * @internal
 * @module
 */
import { ConfigurationError, ProviderError } from '../errors';
import type { HttpRequest, HttpResponse } from '../http/types';
import type { RecordSelector } from '../provider/types';
import type { StrategyContext } from './types';

/** Sends `req` (with the walk's signal) and returns the response and the selected records. */
export async function fetchPage(
  ctx: StrategyContext,
  req: HttpRequest,
  select: RecordSelector,
): Promise<{ response: HttpResponse; records: unknown[] }> {
  ctx.signal?.throwIfAborted();
  const response = await ctx.request(ctx.signal ? { ...req, signal: ctx.signal } : req);
  const records = select(response.data, response);
  if (!Array.isArray(records)) {
    throw new ProviderError(`unexpected list response from ${req.operation ?? req.url}: the records are not an array`, {
      ...(ctx.provider !== undefined ? { provider: ctx.provider } : {}),
      status: response.status,
    });
  }
  return { response, records };
}

/**
 * The page size to request: the caller's value (default `spec`), never above the spec's maximum.
 * @throws ConfigurationError when the caller's value is not a positive integer.
 */
export function effectivePageSize(requested: number | undefined, specSize: number | undefined): number | undefined {
  if (requested === undefined) return specSize;
  if (!Number.isSafeInteger(requested) || requested <= 0) {
    throw new ConfigurationError(`pageSize must be a positive integer (got ${String(requested)})`);
  }
  return specSize === undefined ? requested : Math.min(requested, specSize);
}

/** A provider error for a response that would make the walk loop or go backwards. */
export function pagingError(ctx: StrategyContext, message: string, response: HttpResponse): ProviderError {
  return new ProviderError(message, {
    ...(ctx.provider !== undefined ? { provider: ctx.provider } : {}),
    status: response.status,
  });
}
