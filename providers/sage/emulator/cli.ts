/**
 * `ledgerlink emulate sage [--port N] [--seed S] [--invoices N] [--customers N] [--businesses N] [--latency MS]
 * [--time-scale X] [--minute-limit N] [--day-limit N] [--country CC] [--redirect-uri URL] [--fault RULES]` — starts
 * the Sage emulator, prints one JSON line with its URLs, businesses and client credentials, and serves until
 * SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { createSageEmulator } from './index';

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(a)}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    out[k] = v;
  }
  return out;
}

function num(args: Record<string, string>, name: string): number | undefined {
  if (args[name] === undefined) return undefined;
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]`, kind a status code (`429` gets `Retry-After: 1` and a Sage
 * error array) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`; several rules comma-separated.
 */
export function parseSageFaultSpec(spec: string): FaultRule {
  const m = /^([a-z-]+|\d{3})(?:@(every|at)=([\d+]+))?$/.exec(spec.trim());
  if (!m) throw new Error(`--fault ${JSON.stringify(spec)}: expected <status|reset|hang|truncate|malformed|lose-response>[@every=N|@at=N+N]`);
  const [, kind, mode, value] = m;
  const when = mode === 'every' ? { every: Number(value) } : mode === 'at' ? { at: value!.split('+').map(Number) } : {};
  if (/^\d{3}$/.test(kind!)) {
    const status = Number(kind);
    const body = JSON.stringify([{ $severity: 'error', $dataCode: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', $message: 'Injected fault', $source: '' }]);
    return { fault: 'status', status, headers: { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) }, body, ...when };
  }
  const kinds = ['reset', 'hang', 'truncate', 'malformed', 'lose-response'] as const;
  const fault = kinds.find((k) => k === kind);
  if (!fault) throw new Error(`--fault ${JSON.stringify(spec)}: unknown fault ${kind}`);
  return { fault, ...when };
}

/** Runs the emulator until the process is signalled. */
export async function runSageEmulatorCli(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const known = new Set(['port', 'seed', 'invoices', 'customers', 'businesses', 'latency', 'time-scale', 'minute-limit', 'day-limit', 'country', 'redirect-uri', 'fault']);
  for (const k of Object.keys(args)) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const opts = {
    port: num(args, 'port'),
    seed: num(args, 'seed'),
    invoices: num(args, 'invoices'),
    customers: num(args, 'customers'),
    businesses: num(args, 'businesses'),
    latencyMs: num(args, 'latency'),
    timeScale: num(args, 'time-scale'),
    minuteLimit: num(args, 'minute-limit'),
    dayLimit: num(args, 'day-limit'),
  };
  const faults = args.fault ? args.fault.split(',').map(parseSageFaultSpec) : undefined;
  const emu = await createSageEmulator({
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    ...(args.country ? { country: args.country.toUpperCase() } : {}),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
    ...(faults ? { faults } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({
      provider: 'sage',
      api: emu.urls.api,
      core: emu.urls.core,
      authorize: emu.urls.authorization,
      token: emu.urls.token,
      revocation: emu.urls.revocation,
      businesses: emu.businesses,
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUris: emu.client.redirectUris,
    })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void emu.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
