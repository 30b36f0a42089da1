/**
 * `ledgerlink emulate xero [--port N] [--seed S] [--invoices N] [--latency MS] [--time-scale X] [--daily-limit N] [--fault RULES]
 * [--redirect-uri URL]` — starts the Xero emulator, prints one JSON line with every URL it serves and the client
 * credentials it accepts, and serves until SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { cliNumber, parseCliOptions, parseFaultRule, serveUntilSignalled } from '../../../src/testing/emulator/cli-support';
import { createXeroEmulator } from './index';

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]` where kind is a status code (`429`, `503`…, a 429 gets
 * `Retry-After: 1`) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`. Several rules: comma-separated,
 * e.g. `--fault 429@every=10,503@every=7,hang@at=5`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  return parseFaultRule(spec, (status) => (status === 429 ? { headers: { 'retry-after': '1', 'x-rate-limit-problem': 'minute' } } : {}));
}

/** Runs the emulator until the process is signalled. Resolves once it has stopped. */
export async function runXeroEmulatorCli(argv: string[]): Promise<void> {
  const args = parseCliOptions(argv, ['port', 'seed', 'invoices', 'latency', 'time-scale', 'daily-limit', 'redirect-uri', 'contacts', 'fault']);
  const port = cliNumber(args, 'port');
  const seed = cliNumber(args, 'seed');
  const invoices = cliNumber(args, 'invoices');
  const contacts = cliNumber(args, 'contacts');
  const latencyMs = cliNumber(args, 'latency');
  const timeScale = cliNumber(args, 'time-scale');
  const dailyLimit = cliNumber(args, 'daily-limit');
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
  await serveUntilSignalled(
    {
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
    },
    () => emu.close(),
  );
}
