/**
 * `ledgerlink` command line.
 *
 *   ledgerlink emulate <provider> [--port N] [--seed S] [--invoices N] [--latency MS] [--time-scale X]
 *
 * starts a provider's local emulator, prints one JSON line with every base URL it serves and the client credentials
 * it accepts, and serves until stopped (Ctrl-C / SIGTERM).
 * @module
 */
import { runXeroEmulatorCli } from '../providers/xero/emulator/cli';
import { runQuickBooksEmulatorCli } from '../providers/quickbooks/emulator/cli';
import { runFreeAgentEmulatorCli } from '../providers/freeagent/emulator/cli';
import { runSageEmulatorCli } from '../providers/sage/emulator/cli';

const EMULATORS: Record<string, (argv: string[]) => Promise<unknown>> = {
  xero: runXeroEmulatorCli,
  quickbooks: runQuickBooksEmulatorCli,
  freeagent: runFreeAgentEmulatorCli,
  sage: runSageEmulatorCli,
};

const USAGE = `usage: ledgerlink emulate <provider> [--port N] [--seed S] [--invoices N] [--latency MS] [--time-scale X]
providers: ${Object.keys(EMULATORS).join(', ')}`;

async function main(argv: string[]): Promise<number> {
  const [command, provider, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'emulate') {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const run = provider ? EMULATORS[provider] : undefined;
  if (!run) {
    process.stderr.write(`unknown provider "${provider ?? ''}"\n${USAGE}\n`);
    return 2;
  }
  await run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ledgerlink: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
