/**
 * Benchmark helper process: starts a Xero or QuickBooks emulator with the options given as a JSON argument
 * (`provider` picks which; the rest are the emulator's options), prints one JSON line with its URLs, credentials and
 * tenant, and serves `GET /stats` and `POST /reset` on a control port (the number of API requests it answered, by
 * status). Runs in its own process so the contenders' CPU and memory are measured without the server's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createXeroEmulator, type XeroEmulatorOptions } from '../../providers/xero/emulator';
import { createQuickBooksEmulator, type QuickBooksEmulatorOptions } from '../../providers/quickbooks/emulator';

const { provider = 'xero', ...options } = JSON.parse(process.argv[2] ?? '{}') as { provider?: 'xero' | 'quickbooks' } & XeroEmulatorOptions & QuickBooksEmulatorOptions;

interface Running {
  urls: Record<string, string>;
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  tenantId: string;
  invoices: number;
  log: Array<{ status: number }>;
  close(): Promise<void>;
}

async function start(): Promise<Running> {
  if (provider === 'quickbooks') {
    const emu = await createQuickBooksEmulator(options);
    return { urls: emu.urls, client: emu.client, tenantId: emu.realmId, invoices: emu.store.list('Invoice').length, log: emu.log, close: () => emu.close() };
  }
  const emu = await createXeroEmulator(options);
  return { urls: emu.urls, client: emu.client, tenantId: emu.tenants[0]!.id, invoices: emu.store.count('Invoices', { Type: 'ACCREC' }), log: emu.log, close: () => emu.close() };
}

const emu = await start();
const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') emu.log.length = 0;
  const byStatus: Record<string, number> = {};
  for (const l of emu.log) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: emu.log.length, byStatus }));
});
await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));
process.stdout.write(
  `${JSON.stringify({ urls: emu.urls, client: emu.client, tenantId: emu.tenantId, invoices: emu.invoices, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`,
);
process.on('SIGTERM', () => {
  void emu.close().then(() => process.exit(0));
});
