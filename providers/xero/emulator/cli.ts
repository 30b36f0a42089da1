/**
 * `ledgerlink emulate xero [--port N] [--seed S] [--invoices N] [--latency MS] [--time-scale X] [--daily-limit N]
 * [--redirect-uri URL]` — starts the Xero emulator, prints one JSON line with every URL it serves and the client
 * credentials it accepts, and serves until SIGINT/SIGTERM.
 * @module
 */
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

/** Runs the emulator until the process is signalled. Resolves once it has stopped. */
export async function runXeroEmulatorCli(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const known = new Set(['port', 'seed', 'invoices', 'latency', 'time-scale', 'daily-limit', 'redirect-uri', 'contacts']);
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
