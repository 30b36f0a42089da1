/**
 * `ledgerlink emulate xero [--port N] [--seed S] [--invoices N] [--latency MS] [--time-scale X] [--daily-limit N] [--fault RULES]
 * [--redirect-uri URL]` — starts the Xero emulator, prints one JSON line with every URL it serves and the client
 * credentials it accepts, and serves until SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { createXeroEmulator } from './index';

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

function int(args: Record<string, string>, name: string): number | undefined {
  if (args[name] === undefined) return undefined;
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]` where kind is a status code (`429`, `503`…, a 429 gets
 * `Retry-After: 1`) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`. Several rules: comma-separated,
 * e.g. `--fault 429@every=10,503@every=7,hang@at=5`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const m = /^([a-z-]+|\d{3})(?:@(every|at)=([\d+]+))?$/.exec(spec.trim());
  if (!m) throw new Error(`--fault ${JSON.stringify(spec)}: expected <status|reset|hang|truncate|malformed|lose-response>[@every=N|@at=N+N]`);
  const [, kind, mode, value] = m;
  const when = mode === 'every' ? { every: Number(value) } : mode === 'at' ? { at: value!.split('+').map(Number) } : {};
  if (/^\d{3}$/.test(kind!)) {
    const status = Number(kind);
    return { fault: 'status', status, ...(status === 429 ? { headers: { 'retry-after': '1', 'x-rate-limit-problem': 'minute' } } : {}), ...when };
  }
  const kinds = ['reset', 'hang', 'truncate', 'malformed', 'lose-response'] as const;
  const fault = kinds.find((k) => k === kind);
  if (!fault) throw new Error(`--fault ${JSON.stringify(spec)}: unknown fault ${kind}`);
  return { fault, ...when };
}

/** Runs the emulator until the process is signalled. Resolves once it has stopped. */
export async function runXeroEmulatorCli(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const known = new Set(['port', 'seed', 'invoices', 'latency', 'time-scale', 'daily-limit', 'redirect-uri', 'contacts', 'fault']);
  for (const k of Object.keys(args)) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const port = int(args, 'port');
  const seed = int(args, 'seed');
  const invoices = int(args, 'invoices');
  const contacts = int(args, 'contacts');
  const latencyMs = int(args, 'latency');
  const timeScale = int(args, 'time-scale');
  const dailyLimit = int(args, 'daily-limit');
  const emu = await createXeroEmulator({
    ...(port !== undefined ? { port } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(invoices !== undefined ? { invoices } : {}),
    ...(contacts !== undefined ? { contacts } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(dailyLimit !== undefined ? { dailyLimit } : {}),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
    ...(args.fault ? { faults: args.fault.split(',').map(parseFaultSpec) } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({
      provider: 'xero',
      api: emu.urls.api,
      authorize: emu.urls.authorization,
      token: emu.urls.token,
      revocation: emu.urls.revocation,
      connections: emu.urls.connections,
      issuer: emu.urls.issuer,
      discovery: emu.urls.discovery,
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUris: emu.client.redirectUris,
      tenants: emu.tenants,
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
