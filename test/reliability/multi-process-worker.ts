/**
 * Worker process of the fault matrix's multi-process case (run with `node --import tsx`). argv[2] is a JSON config:
 * the harness's provider id and `providerConfig`, the shared FileTokenStore directory and key, the connection id and
 * how many concurrent reads to make. It builds its own ledger on the shared store, prints `ready`, waits for `go` on
 * stdin (so every worker starts at once), runs `workers` concurrent first-page reads of `dataType`, and prints one JSON
 * result line: records read per worker and every error's code and message.
 */
import { createInterface } from 'node:readline';
import { FileTokenStore } from '../../src/auth/file-token-store';
import { createLedger } from '../../src/ledger';
import type { LedgerError } from '../../src/errors';
import type { ProviderInstance, ProviderInstanceConfig } from '../../src/provider/types';

interface WorkerConfig {
  provider: string;
  providerConfig: ProviderInstanceConfig;
  dir: string;
  key: string;
  connectionId: string;
  workers: number;
  dataType: string;
  pageSize: number;
  /** The emulator's time scale, so the worker's limiter paces calls in the same emulated time. */
  timeScale: number;
}

/** How a worker builds each harness's provider from its plain config: one line per provider with an emulator. */
const FACTORIES: Record<string, () => Promise<(config: ProviderInstanceConfig) => ProviderInstance>> = {
  xero: async () => (await import('../../providers/xero')).xero,
  quickbooks: async () => (await import('../../providers/quickbooks')).quickbooks,
  freeagent: async () => (await import('../../providers/freeagent')).freeagent,
  sage: async () => (await import('../../providers/sage')).sage,
};

const cfg = JSON.parse(process.argv[2]!) as WorkerConfig;
const factory = FACTORIES[cfg.provider];
if (!factory) throw new Error(`multi-process-worker: no factory for provider "${cfg.provider}" (add it to FACTORIES)`);
const ledger = createLedger({
  providers: { [cfg.provider]: (await factory())(cfg.providerConfig) },
  tokenStore: new FileTokenStore({ path: cfg.dir, key: cfg.key, lockStaleMs: 5_000 }),
  limiter: { timeScale: cfg.timeScale },
});
const connection = (await ledger.connection(cfg.connectionId, cfg.provider)) as unknown as Record<string, { list(o: object): PromiseLike<unknown[]> }>;
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const outcomes = await Promise.all(
  Array.from({ length: cfg.workers }, () =>
    Promise.resolve(connection[cfg.dataType]!.list({ pageSize: cfg.pageSize })).then(
      (records) => ({ records: records.length }),
      (err: unknown) => ({ error: { code: (err as LedgerError).code ?? 'unknown', message: String((err as Error).message ?? err) } }),
    ),
  ),
);
process.stdout.write(`${JSON.stringify({ outcomes })}\n`);
process.exit(0);
