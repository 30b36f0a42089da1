/**
 * `ledgerlink emulate freeagent [--port N] [--seed S] [--invoices N] [--contacts N] [--latency MS] [--time-scale X]
 * [--redirect-uri URL] [--fault RULES]` — starts the FreeAgent emulator, prints one JSON line with its URLs and client credentials,
 * and serves until SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { createFreeAgentEmulator } from './index';

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]` where kind is a status code (`429` gets `Retry-After: 1`,
 * FreeAgent's throttle answer) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`. Several rules:
 * comma-separated, e.g. `--fault 429@every=10,503@every=7,hang@at=5`. The API is then served through a fault proxy.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const m = /^([a-z-]+|\d{3})(?:@(every|at)=([\d+]+))?$/.exec(spec.trim());
  if (!m) throw new Error(`--fault ${JSON.stringify(spec)}: expected <status|reset|hang|truncate|malformed|lose-response>[@every=N|@at=N+N]`);
  const [, kind, mode, value] = m;
  const when = mode === 'every' ? { every: Number(value) } : mode === 'at' ? { at: value!.split('+').map(Number) } : {};
  if (/^\d{3}$/.test(kind!)) {
    const status = Number(kind);
    return { fault: 'status', status, ...(status === 429 ? { headers: { 'retry-after': '1' }, body: '{"errors":{"error":{"message":"Rate limit exceeded"}}}' } : {}), ...when };
  }
  const fault = (['reset', 'hang', 'truncate', 'malformed', 'lose-response'] as const).find((k) => k === kind);
  if (!fault) throw new Error(`--fault ${JSON.stringify(spec)}: unknown fault ${kind}`);
  return { fault, ...when };
}

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

/** Runs the emulator until the process is signalled. */
export async function runFreeAgentEmulatorCli(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const known = new Set(['port', 'seed', 'invoices', 'contacts', 'latency', 'time-scale', 'redirect-uri', 'fault']);
  for (const k of Object.keys(args)) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const opts = { port: num(args, 'port'), seed: num(args, 'seed'), invoices: num(args, 'invoices'), contacts: num(args, 'contacts'), latencyMs: num(args, 'latency'), timeScale: num(args, 'time-scale') };
  const emu = await createFreeAgentEmulator({
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
    ...(args.fault ? { faults: args.fault.split(',').map(parseFaultSpec) } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({
      provider: 'freeagent',
      api: emu.urls.api,
      authorize: emu.urls.authorization,
      token: emu.urls.token,
      tenantId: emu.tenantId,
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
