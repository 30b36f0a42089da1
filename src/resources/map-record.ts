/**
 * Maps one raw provider record to a validated canonical record, or to an issue that carries the raw record.
 * @module
 */
import type { z } from 'zod';
import type { FieldIssue } from '../errors';
import type { DataType } from '../model/data-types';
import { canonicalSchemas, type CanonicalOf } from '../model/registry';
import type { MapContext, ResourceDefinition } from '../provider/types';
import type { RecordIssue } from '../sync/types';

/** Result of mapping one record. */
export type MapOutcome<T extends DataType> = { ok: true; record: CanonicalOf<T> } | { ok: false; issue: RecordIssue };

function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

function safeId(resource: ResourceDefinition, raw: unknown): string | undefined {
  try {
    return resource.idOf(raw);
  } catch {
    return undefined;
  }
}

/**
 * Runs the provider's pure `toCanonical` and validates the result against the canonical schema. Never throws for a
 * bad record: a mapper exception becomes a `mapping` issue and a schema failure a `validation` issue, both with the
 * raw record, so a malformed record is reported rather than dropped and never kills a sync.
 */
export function mapRecord<T extends DataType>(
  dataType: T,
  resource: ResourceDefinition<T>,
  raw: unknown,
  ctx: MapContext,
): MapOutcome<T> {
  const recordId = safeId(resource as ResourceDefinition, raw);
  let mapped: unknown;
  try {
    mapped = resource.toCanonical(raw, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      issue: {
        dataType,
        ...(recordId !== undefined ? { recordId } : {}),
        kind: 'mapping',
        message: `could not map ${dataType} record${recordId ? ` ${recordId}` : ''}: ${message}`,
        issues: [{ path: '', message }],
        raw,
      },
    };
  }
  const schema = canonicalSchemas[dataType] as z.ZodType;
  const parsed = schema.safeParse(mapped);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return {
      ok: false,
      issue: {
        dataType,
        ...(recordId !== undefined ? { recordId } : {}),
        kind: 'validation',
        message: `${dataType} record${recordId ? ` ${recordId}` : ''} failed validation: ${issues
          .slice(0, 3)
          .map((i) => `${i.path || '(record)'}: ${i.message}`)
          .join('; ')}`,
        issues,
        raw,
      },
    };
  }
  const record = parsed.data as CanonicalOf<T> & { raw?: unknown };
  if (ctx.includeRaw) record.raw = raw;
  else delete record.raw;
  return { ok: true, record };
}
