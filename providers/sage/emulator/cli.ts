/**
 * `ledgerlink emulate sage [--port N] [--seed S] [--invoices N] [--customers N] [--businesses N] [--latency MS]
 * [--time-scale X] [--minute-limit N] [--day-limit N] [--country CC] [--redirect-uri URL] [--fault RULES]` — starts
 * the Sage emulator, prints one JSON line with its URLs, businesses and client credentials, and serves until
 * SIGINT/SIGTERM.
 * @module
 */
import type { FaultRule } from '../../../src/testing/fault-proxy';
import { cliNumber, parseCliOptions, parseFaultRule, serveUntilSignalled } from '../../../src/testing/emulator/cli-support';
import { createSageEmulator } from './index';

/**
 * Parses one `--fault` rule: `<kind>[@every=N|@at=N+N…]`, kind a status code (`429` gets `Retry-After: 1` and a Sage
 * error array) or `reset`, `hang`, `truncate`, `malformed`, `lose-response`; several rules comma-separated.
 */
export function parseSageFaultSpec(spec: string): FaultRule {
  return parseFaultRule(spec, (status) => ({
    headers: { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) },
    body: JSON.stringify([{ $severity: 'error', $dataCode: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', $message: 'Injected fault', $source: '' }]),
  }));
}

/** Runs the emulator until the process is signalled. */
export async function runSageEmulatorCli(argv: string[]): Promise<void> {
  const args = parseCliOptions(argv, ['port', 'seed', 'invoices', 'customers', 'businesses', 'latency', 'time-scale', 'minute-limit', 'day-limit', 'country', 'redirect-uri', 'fault']);
  const opts = {
    port: cliNumber(args, 'port'),
    seed: cliNumber(args, 'seed'),
    invoices: cliNumber(args, 'invoices'),
    customers: cliNumber(args, 'customers'),
    businesses: cliNumber(args, 'businesses'),
    latencyMs: cliNumber(args, 'latency'),
    timeScale: cliNumber(args, 'time-scale'),
    minuteLimit: cliNumber(args, 'minute-limit'),
    dayLimit: cliNumber(args, 'day-limit'),
  };
  const faults = args.fault ? args.fault.split(',').map(parseSageFaultSpec) : undefined;
  const emu = await createSageEmulator({
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    ...(args.country ? { country: args.country.toUpperCase() } : {}),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
    ...(faults ? { faults } : {}),
  });
  await serveUntilSignalled(
    {
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
    },
    () => emu.close(),
  );
}
