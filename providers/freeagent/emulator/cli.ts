/**
 * `ledgerlink emulate freeagent [--port N] [--seed S] [--invoices N] [--contacts N] [--latency MS] [--time-scale X]
 * [--redirect-uri URL] [--fault RULES]` — starts the FreeAgent emulator, prints one JSON line with its URLs and client credentials,
 * and serves until SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { cliNumber, parseCliOptions, parseFaultRule, serveUntilSignalled } from '../../../src/testing/emulator/cli-support';
import { createFreeAgentEmulator } from './index';

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]` where kind is a status code (`429` gets `Retry-After: 1`,
 * FreeAgent's throttle answer) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`. Several rules:
 * comma-separated, e.g. `--fault 429@every=10,503@every=7,hang@at=5`. The API is then served through a fault proxy.
 */
export function parseFaultSpec(spec: string): FaultRule {
  return parseFaultRule(spec, (status) => (status === 429 ? { headers: { 'retry-after': '1' }, body: '{"errors":{"error":{"message":"Rate limit exceeded"}}}' } : {}));
}

/** Runs the emulator until the process is signalled. */
export async function runFreeAgentEmulatorCli(argv: string[]): Promise<void> {
  const args = parseCliOptions(argv, ['port', 'seed', 'invoices', 'contacts', 'latency', 'time-scale', 'redirect-uri', 'fault']);
  const opts = { port: cliNumber(args, 'port'), seed: cliNumber(args, 'seed'), invoices: cliNumber(args, 'invoices'), contacts: cliNumber(args, 'contacts'), latencyMs: cliNumber(args, 'latency'), timeScale: cliNumber(args, 'time-scale') };
  const emu = await createFreeAgentEmulator({
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
    ...(args.fault ? { faults: args.fault.split(',').map(parseFaultSpec) } : {}),
  });
  await serveUntilSignalled(
    {
      provider: 'freeagent',
      api: emu.urls.api,
      authorize: emu.urls.authorization,
      token: emu.urls.token,
      tenantId: emu.tenantId,
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUris: emu.client.redirectUris,
    },
    () => emu.close(),
  );
}
