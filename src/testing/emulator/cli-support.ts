/**
 * What every `ledgerlink emulate <provider>` command shares: option parsing (`--name value` or `--name=value`, unknown
 * options refused), numeric options, `--fault` rules, and serving until SIGINT/SIGTERM. Each provider's CLI names its
 * options and how its API answers an injected status (headers, error body).
 * @module
 */
import type { FaultRule } from '../fault-proxy';

/** Parses `--name value` / `--name=value` pairs; an option not in `known` is refused. */
export function parseCliOptions(argv: readonly string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(a)}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    out[k] = v;
  }
  for (const k of Object.keys(out)) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  return out;
}

/** A non-negative numeric option, or undefined when absent. */
export function cliNumber(args: Record<string, string>, name: string): number | undefined {
  if (args[name] === undefined) return undefined;
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]` where kind is a status code or `reset`, `hang`, `truncate`,
 * `malformed`, `lose-response`. `statusAnswer` adds what the provider sends with an injected status (Xero's
 * `X-Rate-Limit-Problem`, Sage's error array, …).
 */
export function parseFaultRule(spec: string, statusAnswer: (status: number) => Pick<FaultRule, 'headers' | 'body'> = () => ({})): FaultRule {
  const m = /^([a-z-]+|\d{3})(?:@(every|at)=([\d+]+))?$/.exec(spec.trim());
  if (!m) throw new Error(`--fault ${JSON.stringify(spec)}: expected <status|reset|hang|truncate|malformed|lose-response>[@every=N|@at=N+N]`);
  const [, kind, mode, value] = m;
  const when = mode === 'every' ? { every: Number(value) } : mode === 'at' ? { at: value!.split('+').map(Number) } : {};
  if (/^\d{3}$/.test(kind!)) {
    const status = Number(kind);
    return { fault: 'status', status, ...statusAnswer(status), ...when };
  }
  const fault = (['reset', 'hang', 'truncate', 'malformed', 'lose-response'] as const).find((k) => k === kind);
  if (!fault) throw new Error(`--fault ${JSON.stringify(spec)}: unknown fault ${kind}`);
  return { fault, ...when };
}

/** Prints the emulator's description as one JSON line, then serves until SIGINT/SIGTERM; resolves once closed. */
export async function serveUntilSignalled(description: Record<string, unknown>, close: () => Promise<void>): Promise<void> {
  process.stdout.write(`${JSON.stringify(description)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
