/**
 * `ledgerlink emulate quickbooks [--port N] [--seed S] [--invoices N] [--customers N] [--latency MS] [--time-scale X]
 * [--redirect-uri URL]` — starts the QuickBooks emulator, prints one JSON line with its URLs and client credentials,
 * and serves until SIGINT/SIGTERM.
 * @module
 */
import { cliNumber, parseCliOptions, serveUntilSignalled } from '../../../src/testing/emulator/cli-support';
import { createQuickBooksEmulator } from './index';

/** Runs the emulator until the process is signalled. */
export async function runQuickBooksEmulatorCli(argv: string[]): Promise<void> {
  const args = parseCliOptions(argv, ['port', 'seed', 'invoices', 'customers', 'latency', 'time-scale', 'redirect-uri']);
  const opts = { port: cliNumber(args, 'port'), seed: cliNumber(args, 'seed'), invoices: cliNumber(args, 'invoices'), customers: cliNumber(args, 'customers'), latencyMs: cliNumber(args, 'latency'), timeScale: cliNumber(args, 'time-scale') };
  const emu = await createQuickBooksEmulator({
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    ...(args['redirect-uri'] ? { redirectUris: [args['redirect-uri']] } : {}),
  });
  await serveUntilSignalled(
    {
      provider: 'quickbooks',
      api: emu.urls.api,
      discovery: emu.urls.discovery,
      authorize: emu.urls.authorization,
      token: emu.urls.token,
      revocation: emu.urls.revocation,
      issuer: emu.urls.issuer,
      realmId: emu.realmId,
      clientId: emu.client.clientId,
      clientSecret: emu.client.clientSecret,
      redirectUris: emu.client.redirectUris,
    },
    () => emu.close(),
  );
}
