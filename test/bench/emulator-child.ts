/**
 * Benchmark helper process: starts a Xero emulator with the options given as a JSON argument, prints one JSON line
 * with its URLs, credentials and first tenant, and serves `GET /stats` and `POST /reset` on a control port (the
 * number of API requests it answered, by status). Runs in its own process so the contenders' CPU and memory are
 * measured without the server's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createXeroEmulator, type XeroEmulatorOptions } from '../../providers/xero/emulator';

const options = JSON.parse(process.argv[2] ?? '{}') as XeroEmulatorOptions;
const emu = await createXeroEmulator(options);
const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') emu.log.length = 0;
  const byStatus: Record<string, number> = {};
  for (const l of emu.log) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: emu.log.length, byStatus }));
});
await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));
const invoices = emu.store.list('Invoices').filter((i) => i.Type === 'ACCREC').length;
process.stdout.write(
  `${JSON.stringify({
    urls: emu.urls,
    client: emu.client,
    tenantId: emu.tenants[0]!.id,
    invoices,
    control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
  })}\n`,
);
process.on('SIGTERM', () => {
  void emu.close().then(() => process.exit(0));
});
