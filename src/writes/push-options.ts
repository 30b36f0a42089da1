/**
 * Push options: the machine-readable description of what a provider accepts in a write, and the local check that
 * enforces it before any HTTP call — so a write the provider would reject fails here with the provider's message.
 * @module
 */
import type { FieldIssue } from '../errors';
import type { FieldRule, ProviderInstance } from '../provider/types';
import type { DataType } from '../model/data-types';

/** The push options of one data type of a provider: which operations exist and what each field accepts. */
export interface PushOptions {
  provider: string;
  dataType: DataType;
  operations: Array<'create' | 'update' | 'delete'>;
  /** What `delete` does at this provider (`void` for posted documents, `archive` for contacts…). */
  deleteKind?: 'delete' | 'void' | 'archive';
  /** How retries are made safe. */
  idempotency: 'header' | 'query' | 'precheck' | 'none';
  fields: readonly FieldRule[];
}

/** The push options of `dataType` at a configured provider, or `undefined` when it offers no write for it. */
export function pushOptionsOf(instance: ProviderInstance, dataType: DataType): PushOptions | undefined {
  const write = instance.descriptor.resources[dataType]?.write;
  if (!write) return undefined;
  return {
    provider: instance.descriptor.id,
    dataType,
    operations: (['create', 'update', 'delete'] as const).filter((op) => write[op] !== undefined),
    ...(write.delete ? { deleteKind: write.delete.kind } : {}),
    idempotency: write.idempotency.type,
    fields: write.fields,
  };
}

/** Every value at `path` (with `[]` wildcards), with its concrete dotted path. Missing leaves come back undefined. */
function valuesAt(input: unknown, path: string): Array<{ path: string; value: unknown }> {
  let current: Array<{ path: string; value: unknown }> = [{ path: '', value: input }];
  for (const raw of path.split('.')) {
    const many = raw.endsWith('[]');
    const key = many ? raw.slice(0, -2) : raw;
    const next: Array<{ path: string; value: unknown }> = [];
    for (const c of current) {
      const v = c.value !== null && typeof c.value === 'object' ? (c.value as Record<string, unknown>)[key] : undefined;
      const p = c.path ? `${c.path}.${key}` : key;
      if (many) {
        if (Array.isArray(v)) v.forEach((el, i) => next.push({ path: `${p}.${i}`, value: el }));
      } else next.push({ path: p, value: v });
    }
    current = next;
  }
  return current;
}

/**
 * Checks an input against push-option rules for an operation; returns one issue per broken rule and value.
 * On `update`, only fields present in the input are checked, and `required: true` rules (create-only) do not apply.
 */
export function checkPushOptions(rules: readonly FieldRule[], input: unknown, operation: 'create' | 'update'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const rule of rules) {
    for (const { path, value } of valuesAt(input, rule.path)) {
      const missing = value === undefined || value === null || value === '';
      const required = rule.required === 'always' || (rule.required === true && operation === 'create');
      if (missing) {
        if (required) issues.push({ path, code: 'required', message: rule.message ?? 'is required' });
        continue;
      }
      if (rule.maxLength !== undefined && typeof value === 'string' && [...value].length > rule.maxLength) {
        issues.push({ path, code: 'max_length', message: rule.message ?? `must be at most ${rule.maxLength} characters` });
      }
      if (rule.allowedValues && !rule.allowedValues.includes(String(value))) {
        issues.push({ path, code: 'allowed_values', message: rule.message ?? `must be one of ${rule.allowedValues.join(', ')}` });
      }
      if (rule.minItems !== undefined && Array.isArray(value) && value.length < rule.minItems) {
        issues.push({ path, code: 'min_items', message: rule.message ?? `needs at least ${rule.minItems} element(s)` });
      }
      if (rule.pattern !== undefined && typeof value === 'string' && !new RegExp(rule.pattern).test(value)) {
        issues.push({ path, code: 'pattern', message: rule.message ?? `does not match ${rule.pattern}` });
      }
    }
  }
  return issues;
}
