/**
 * A reusable helper for "no secret leaks" tests: register the secrets in play (tokens, client secret, code
 * verifier…), route the code under test's logger and thrown errors through the collector, then assert that no
 * secret appears anywhere a user could see it.
 *
 * For every captured error it searches `String(err)`, `err.message`, `err.stack`, `JSON.stringify(err)`,
 * `util.inspect(err)` (what `console.error(err)` prints), every enumerable field at any depth (keys and values), and
 * the whole `cause` chain the same way; for every captured log line, the message and its fields (deep and as JSON).
 *
 * @example
 * const leaks = collectSecrets();
 * leaks.addSecret(accessToken, clientSecret);
 * const request = createRequest({ ..., logger: leaks.logger() });
 * await leaks.capture(request({ method: 'GET', url: '/x' }));
 * leaks.assertNoSecrets();
 */
import { inspect } from 'node:util';
import type { Logger, LogFields } from '../../src/logger';

/** Where a secret was found. */
export interface SecretFinding {
  /** The secret, masked (first 4 characters). */
  secret: string;
  /** e.g. `error[0].message`, `error[1].cause.message`, `log[3]`, `extra[0].headers.authorization`. */
  where: string;
}

/** See the module description. */
export interface SecretCollector {
  /** Registers secret strings (undefined and empty values are ignored). */
  addSecret(...values: Array<string | null | undefined>): void;
  /** The registered secrets. */
  secrets(): string[];
  /** A logger capturing every line (`level message {fields}`); forwards to `inner` when given. */
  logger(inner?: Logger): Logger;
  /** Captured log lines, and the raw fields of each. */
  readonly lines: string[];
  readonly fields: Array<LogFields | undefined>;
  /** Records an error (anything thrown). */
  captureError(err: unknown): void;
  /** Awaits `work`; records and returns its rejection (undefined when it succeeded). */
  capture(work: Promise<unknown> | (() => Promise<unknown>)): Promise<unknown>;
  /** Captured errors. */
  readonly errors: unknown[];
  /** Every place a registered secret appears in the captured errors, log lines and `extra` values. */
  findSecrets(...extra: unknown[]): SecretFinding[];
  /** Throws an assertion error listing every finding (secrets masked). */
  assertNoSecrets(...extra: unknown[]): void;
}

function mask(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    return `[unserialisable: ${err instanceof Error ? err.message : String(err)}]`;
  }
}

/** Creates a collector. */
export function collectSecrets(): SecretCollector {
  const registered = new Set<string>();
  const lines: string[] = [];
  const fields: Array<LogFields | undefined> = [];
  const errors: unknown[] = [];

  function findIn(text: string, where: string, out: SecretFinding[]): void {
    for (const s of registered) if (text.includes(s)) out.push({ secret: mask(s), where: maskAll(where) });
  }

  /** Paths are built from field names, which may be secrets themselves. */
  function maskAll(text: string): string {
    let out = text;
    for (const s of registered) out = out.split(s).join(mask(s));
    return out;
  }

  /** Every string reachable through enumerable fields (keys too), with its path. */
  function walk(value: unknown, where: string, out: SecretFinding[], seen: WeakSet<object>): void {
    if (typeof value === 'string') return findIn(value, where, out);
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return findIn(String(value), where, out);
    if (value === null || typeof value !== 'object') return;
    if (seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) {
        walk(k, `${where}<key>`, out, seen);
        walk(v, `${where}.${String(k)}`, out, seen);
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      findIn(k, `${where}<key>`, out);
      walk(v, `${where}.${k}`, out, seen);
    }
  }

  function searchError(err: unknown, where: string, out: SecretFinding[], depth: number): void {
    findIn(String(err), `${where} String()`, out);
    if (err && typeof err === 'object') {
      const e = err as { message?: unknown; stack?: unknown; cause?: unknown };
      if (typeof e.message === 'string') findIn(e.message, `${where}.message`, out);
      if (typeof e.stack === 'string') findIn(e.stack, `${where}.stack`, out);
      findIn(safeJson(err), `${where} JSON.stringify`, out);
      findIn(inspect(err, { depth: 8, showHidden: false }), `${where} util.inspect`, out);
      walk(err, where, out, new WeakSet());
      if (e.cause !== undefined && depth < 8) searchError(e.cause, `${where}.cause`, out, depth + 1);
    }
  }

  const collector: SecretCollector = {
    lines,
    fields,
    errors,
    addSecret(...values) {
      for (const v of values) if (typeof v === 'string' && v !== '') registered.add(v);
    },
    secrets: () => [...registered],
    logger(inner) {
      const at =
        (level: keyof Logger) =>
        (message: string, f?: LogFields): void => {
          lines.push(`${level} ${message} ${safeJson(f ?? {})}`);
          fields.push(f);
          inner?.[level](message, f);
        };
      return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    },
    captureError(err) {
      errors.push(err);
    },
    async capture(work) {
      try {
        await (typeof work === 'function' ? work() : work);
        return undefined;
      } catch (err) {
        errors.push(err);
        return err;
      }
    },
    findSecrets(...extra) {
      const out: SecretFinding[] = [];
      errors.forEach((err, i) => searchError(err, `error[${i}]`, out, 0));
      lines.forEach((line, i) => findIn(line, `log[${i}]`, out));
      fields.forEach((f, i) => walk(f, `log[${i}].fields`, out, new WeakSet()));
      extra.forEach((value, i) => {
        if (value instanceof Error) searchError(value, `extra[${i}]`, out, 0);
        else {
          findIn(typeof value === 'string' ? value : safeJson(value), `extra[${i}]`, out);
          walk(value, `extra[${i}]`, out, new WeakSet());
        }
      });
      return out;
    },
    assertNoSecrets(...extra) {
      if (registered.size === 0) throw new Error('assertNoSecrets: no secret registered (the check would be vacuous)');
      const found = collector.findSecrets(...extra);
      if (found.length) {
        const list = found.map((f) => `  ${f.secret} in ${f.where}`).join('\n');
        throw new Error(`secrets leaked (${found.length}):\n${list}`);
      }
    },
  };
  return collector;
}
