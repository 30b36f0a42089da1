/**
 * `npm run bench` — ledgerlink side by side with what developers use today, against the project's own emulators on
 * 127.0.0.1 with simulated latency. Prints a table of ratios (plus absolute figures, the machine and the date) and
 * writes it to `docs/benchmarks.md` (between the BEGIN/END RESULTS markers) unless `--no-write`.
 *
 * Every contender runs in its own process (its peak RSS is its own); emulators run in their own processes too.
 *
 * Options: `--sizes 20000,100000` (full-sync sizes), `--latency MS` (default 30), `--stream N` (invoices for the
 * streaming-memory run, default 1000000, 0 to skip), `--fault-size N` (default 5000), `--quick` (small sizes for a
 * smoke run: 2000 invoices, stream 20000), `--only 1,4` (run only these sections), `--no-write`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import { createLedger } from '../../src/ledger';
import { countingSink, MemoryCheckpointStore } from '../../src/sync';
import { createFaultProxy, type FaultRule } from '../../src/testing/fault-proxy';
import { xero } from '../../providers/xero';
import { createXeroEmulator } from '../../providers/xero/emulator';
import { quickbooks } from '../../providers/quickbooks';
import type { BenchProvider, ContenderInput, ContenderOutput } from './contender';
import { measureMapThroughput } from './map-throughput';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const quick = flag('quick');
const latencyMs = Number(opt('latency', '30'));
const sizes = opt('sizes', quick ? '2000' : '20000,100000').split(',').map(Number);
const streamSize = Number(opt('stream', quick ? '20000' : '1000000'));
const faultSize = Number(opt('fault-size', quick ? '2000' : '5000'));

/**
 * The child scripts are bundled once with esbuild and run with plain `node`, so no TypeScript loader sits in the
 * measured processes (tsx alone adds ~100 MB of RSS and start-up work).
 */
const BUILD = '.tmp/bench';
await build({
  entryPoints: ['test/bench/contender.ts', 'test/bench/emulator-child.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir: BUILD,
  outExtension: { '.js': '.mjs' },
  packages: 'external',
  logLevel: 'warning',
});

interface EmulatorChild {
  provider: BenchProvider;
  proc: ChildProcess;
  info: { urls: Record<string, string>; client: ContenderInput['client']; tenantId: string; invoices: number; control: string };
  stats(reset?: boolean): Promise<{ requests: number; byStatus: Record<string, number> }>;
  close(): Promise<void>;
}

async function startEmulator(options: Record<string, unknown>): Promise<EmulatorChild> {
  const proc = spawn(process.execPath, [`${BUILD}/emulator-child.mjs`, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    proc.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as EmulatorChild['info'];
  return {
    provider: (options.provider as BenchProvider | undefined) ?? 'xero',
    proc,
    info,
    async stats(reset = false) {
      const res = await fetch(`${info.control}/${reset ? 'reset' : 'stats'}`, { method: reset ? 'POST' : 'GET' });
      return (await res.json()) as { requests: number; byStatus: Record<string, number> };
    },
    close: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Records per page each provider's paging uses (Xero's documented maximum 100; QuickBooks' MAXRESULTS 1000). */
const PAGE_SIZE: Record<BenchProvider, number> = { xero: 100, quickbooks: 1000 };
/** The peer library of each provider. */
const PEER: Record<BenchProvider, 'xero-node' | 'node-quickbooks'> = { xero: 'xero-node', quickbooks: 'node-quickbooks' };

function inputFor(emu: EmulatorChild, kind: ContenderInput['kind'], extra: Partial<ContenderInput> = {}): ContenderInput {
  const { api, ...urls } = emu.info.urls;
  return { kind, provider: emu.provider, api: api!, urls, client: emu.info.client, tenantId: emu.info.tenantId, pageSize: PAGE_SIZE[emu.provider], ...extra };
}

/**
 * Emulator options for a company of `n` sales invoices: up to 20,000 seeded ones (the realistic mix: statuses,
 * currencies, tax treatments, payments) and, for Xero, the rest as on-demand bulk invoices so 100,000 or 1,000,000
 * cost no generation time or emulator memory.
 */
function companyOf(provider: BenchProvider, n: number): Record<string, unknown> {
  if (provider === 'quickbooks') return { provider, invoices: n };
  const seeded = Math.min(n, 20_000);
  return { provider, invoices: seeded, ...(n > seeded ? { bulkInvoices: n - seeded } : {}) };
}

async function runContender(input: ContenderInput, nodeFlags: string[] = []): Promise<ContenderOutput> {
  const proc = spawn(process.execPath, [...nodeFlags, `${BUILD}/contender.mjs`, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  const line = out.trim().split('\n').pop();
  if (!line) throw new Error(`contender ${input.kind} exited with ${code} and printed nothing`);
  return JSON.parse(line) as ContenderOutput;
}

const rows: string[] = [];
const log = (s = '') => {
  console.log(s);
  rows.push(s);
};
const fmt = (n: number, d = 2) => n.toFixed(d);
const unlimited = { minuteLimit: 1_000_000_000, dailyLimit: 1_000_000_000 };
const qbSizes = opt('qb-sizes', quick ? '2000' : '20000,100000').split(',').map(Number);

async function fullSync(): Promise<void> {
  log('## 1. Full sync of N sales invoices');
  log('');
  log(`Latency ${latencyMs} ms per API response. Limits raised on the emulators and in ledgerlink so nobody is throttled (section 4 measures throttling). Xero pages by 100 (its documented maximum), QuickBooks by 1000 (MAXRESULTS). Ratios are against the bare fetch loop of the same provider (lower is better).`);
  log('');
  log('| provider | N | contender | wall ms | × fetch loop | API calls | records | peak RSS MB | × fetch RSS |');
  log('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const [provider, ns] of [['xero', sizes], ['quickbooks', qbSizes]] as const) {
    for (const n of ns) {
      if (!(n > 0)) continue;
      const emu = await startEmulator({ ...companyOf(provider, n), seed: 1, latencyMs, ...unlimited });
      try {
        const results: ContenderOutput[] = [];
        for (const kind of ['fetch', 'ledgerlink', PEER[provider]] as const) results.push(await runContender(inputFor(emu, kind)));
        const floor = results[0]!;
        for (const r of results) {
          log(`| ${provider} | ${n.toLocaleString('en')} | ${r.kind}${r.ok ? '' : ` (failed: ${r.error})`} | ${r.wallMs} | ${fmt(r.wallMs / floor.wallMs)} | ${r.apiCalls} | ${r.records} | ${r.maxRssMb} | ${fmt(r.maxRssMb / floor.maxRssMb)} |`);
        }
      } finally {
        await emu.close();
      }
    }
  }
  log('');
}

/** Links in this process (for sections that need a token or a ledger here). */
async function linkHere(urls: Record<string, string>, client: ContenderInput['client'], tenantId: string, extra: { timeScale?: number; api?: string } = {}) {
  const tokenStore = new MemoryTokenStore();
  const ledger = createLedger({
    providers: { xero: xero({ clientId: client.clientId, clientSecret: client.clientSecret, redirectUri: client.redirectUris[0]!, urls: { api: extra.api ?? urls.api!, issuer: urls.issuer!, connections: urls.connections! } }) },
    tokenStore,
    ...(extra.timeScale ? { limiter: { timeScale: extra.timeScale } } : {}),
  });
  const { authorizationUrl } = await ledger.link.start('xero');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('xero', res.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(tenantId)).connection.id : outcome.connection.id;
  return { ledger, connection: await ledger.connection(id, 'xero'), accessToken: (await tokenStore.get(id))!.value.tokens.accessToken };
}

async function mapThroughput(): Promise<void> {
  log('## 2. Map + validate throughput (same 2,000 invoice payloads, in one process)');
  log('');
  const emu = await startEmulator({ provider: 'xero', seed: 2, invoices: 2000, ...unlimited });
  try {
    const { accessToken } = await linkHere(emu.info.urls, emu.info.client, emu.info.tenantId);
    const m = await measureMapThroughput(inputFor(emu, 'fetch'), accessToken);
    log('| side | invoices/s | µs per invoice |');
    log('|---|---:|---:|');
    log(`| ledgerlink: Xero JSON → canonical invoice, zod-validated | ${m.ledgerlinkPerSec.toLocaleString('en')} | ${fmt(1e6 / m.ledgerlinkPerSec, 1)} |`);
    log(`| xero-node: ObjectSerializer.deserialize (no validation) | ${m.xeroNodePerSec.toLocaleString('en')} | ${fmt(1e6 / m.xeroNodePerSec, 1)} |`);
    log('');
    log(`Ratio ledgerlink ÷ xero-node: **${fmt(m.ratio)}×** (target ≥ 10×); record issues: ${m.issues}.`);
  } finally {
    await emu.close();
  }
  log('');
}

async function streamingMemory(): Promise<void> {
  if (streamSize <= 0) return;
  log(`## 3. Streaming memory: ${streamSize.toLocaleString('en')} Xero invoices through sync() into a counting sink`);
  log('');
  log('No latency; the emulator serves 2,000 seeded invoices and generates the rest on demand (bulk invoices), so only the client holds memory. RSS is sampled every 250 ms in the client process; the live heap is measured before and after the sync, each time after a full GC (`--expose-gc`). The bare fetch loop (fetch + JSON.parse, no mapping; it links with ledgerlink first, so the same modules are loaded) shows the floor of the same process; ledgerlink runs with V8\'s default heap sizing and with the old generation capped at 64 MB (`--max-old-space-size=64`), which shows what the sync needs rather than what V8 takes when memory is free.');
  log('');
  const seeded = Math.min(streamSize, 2_000);
  const emu = await startEmulator({ provider: 'xero', invoices: seeded, ...(streamSize > seeded ? { bulkInvoices: streamSize - seeded } : {}), seed: 3, ...unlimited });
  try {
    log('| contender | node flags | records | wall s | peak RSS MB | RSS at 10 % / 50 % / 90 % of the run (MB) | live heap before → after, MB | target |');
    log('|---|---|---:|---:|---:|---|---:|---|');
    const runs: Array<[string, ContenderInput['kind'], string[]]> = [
      ['fetch loop (the floor)', 'fetch', []],
      ['ledgerlink', 'ledgerlink-stream', []],
      ['ledgerlink', 'ledgerlink-stream', ['--max-old-space-size=64']],
    ];
    for (const [label, kind, flags] of runs) {
      const r = await runContender(inputFor(emu, kind, { sampleRss: true }), ['--expose-gc', ...flags]);
      const s = r.rssSamplesMb ?? [];
      const q = (f: number) => s[Math.min(s.length - 1, Math.floor(s.length * f))] ?? 0;
      const live = r.liveHeapMb ? `${r.liveHeapMb.before} → ${r.liveHeapMb.after}` : '–';
      log(`| ${label} | ${flags.length ? flags.map((f) => `\`${f}\``).join(' ') : 'defaults'} | ${r.records.toLocaleString('en')}${r.ok ? '' : ` (failed: ${r.error})`} | ${fmt(r.wallMs / 1000, 1)} | ${r.maxRssMb} | ${q(0.1)} / ${q(0.5)} / ${q(0.9)} | ${live} | ${kind === 'fetch' ? '–' : '≤ 150 MB, flat'} |`);
    }
  } finally {
    await emu.close();
  }
  log('');
}

async function rateLimitEfficiency(): Promise<void> {
  log('## 4. Rate-limit efficiency at the published limits (emulated time: Xero ×20, QuickBooks ×10)');
  log('');
  log('Xero: 60 calls a minute per organisation in fixed windows, 5 concurrent, reported through `X-MinLimit-Remaining`. QuickBooks: 500 a minute per realm, 10 concurrent, no remaining-count header. Every call is one list read (`accounts`), all queued at once. Time is scaled so a run takes seconds, but not further: at ×20 a QuickBooks minute of 490 paced calls is 3 s, a call every 6.1 ms, and each timer firing up to a millisecond late then costs 2–3 % of the rate (bottleneck counts the next start from the actual one) — at real time the same lateness costs well under 1 %. QuickBooks therefore runs at ×10.');
  log('');
  let timeScale = 20;
  log('| provider | time scale | calls | emulated minutes | achieved calls/min | allowed | achieved ÷ allowed | 429s received |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const measure = async (provider: string, calls: number, allowed: number, list: () => PromiseLike<unknown>, statuses: () => number[], collect?: () => Promise<void>) => {
    const started = Date.now();
    await Promise.all(Array.from({ length: calls }, () => list()));
    const emulatedMinutes = ((Date.now() - started) * timeScale) / 60_000;
    await collect?.();
    const achieved = calls / emulatedMinutes;
    const throttled = statuses().filter((s) => s === 429).length;
    log(`| ${provider} | ×${timeScale} | ${calls} | ${fmt(emulatedMinutes)} | ${fmt(achieved, 1)} | ${allowed} | ${fmt((achieved / allowed) * 100, 1)} % | ${throttled} |`);
  };
  const xeroEmu = await createXeroEmulator({ seed: 4, invoices: 200, timeScale, latencyMs });
  try {
    const { connection } = await linkHere(xeroEmu.urls, xeroEmu.client, xeroEmu.tenants[0]!.id, { timeScale });
    xeroEmu.log.length = 0;
    await measure('xero', 300, 60, () => connection.accounts.list(), () => xeroEmu.log.map((l) => l.status));
  } finally {
    await xeroEmu.close();
  }
  // In its own process: 80 calls a second would otherwise share one thread between the emulator and the client.
  timeScale = 10;
  const qbEmu = await startEmulator({ provider: 'quickbooks', seed: 4, invoices: 200, timeScale, latencyMs });
  try {
    const { urls, client } = qbEmu.info;
    const ledger = createLedger({
      providers: {
        quickbooks: quickbooks({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          redirectUri: client.redirectUris[0]!,
          environment: 'sandbox',
          urls: { api: urls.api!, discoveryUrl: urls.discovery!, revocation: urls.revocation! },
        }),
      },
      limiter: { timeScale },
    });
    const { authorizationUrl } = await ledger.link.start('quickbooks');
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    const outcome = await ledger.link.complete('quickbooks', consent.headers.get('location')!);
    if (outcome.status !== 'linked') throw new Error('a QuickBooks consent names one realm');
    const connection = await ledger.connection(outcome.connection.id, 'quickbooks');
    await qbEmu.stats(true);
    let byStatus: Record<string, number> = {};
    await measure('quickbooks', 1000, 500, async () => {
      await connection.accounts.list();
    }, () => Array.from({ length: byStatus['429'] ?? 0 }, () => 429), async () => {
      byStatus = (await qbEmu.stats()).byStatus;
    });
  } finally {
    await qbEmu.close();
  }
  log('');
}

async function underFaults(): Promise<void> {
  log(`## 5. Under faults (${faultSize.toLocaleString('en')} invoices): 429 with Retry-After: 1 on every 10th request, 503 on every 10th, a hang on every 20th`);
  log('');
  log('Request timeout 2 s for ledgerlink. The same rules for each provider; QuickBooks pages by 1000, so it meets fewer faults for the same invoices.');
  log('');
  log('| provider | contender | completed | records delivered | wall ms | × its own run without faults | faults met |');
  log('|---|---|---|---:|---:|---:|---|');
  for (const provider of ['xero', 'quickbooks'] as const) {
    const emu = await startEmulator({ ...companyOf(provider, faultSize), seed: 5, latencyMs, ...unlimited });
    const pages = Math.ceil(emu.info.invoices / PAGE_SIZE[provider]) * 3 + 50;
    const nth = (start: number, step: number) => Array.from({ length: Math.ceil(pages / step) }, (_, i) => start + i * step);
    const throttle: Record<string, string> = provider === 'xero' ? { 'retry-after': '1', 'x-rate-limit-problem': 'minute' } : { 'retry-after': '1' };
    const rules: FaultRule[] = [
      { fault: 'status', status: 429, headers: throttle, at: nth(10, 10) },
      { fault: 'status', status: 503, at: nth(5, 10) },
      { fault: 'hang', at: nth(17, 20) },
    ];
    try {
      for (const kind of ['ledgerlink', 'fetch', PEER[provider]] as const) {
        const clean = await runContender(inputFor(emu, kind, { timeoutMs: 2_000 }));
        const proxy = await createFaultProxy({ target: emu.info.urls.api!, rules });
        try {
          const r = await runContender(inputFor(emu, kind, { api: proxy.url, timeoutMs: 2_000 }));
          const met = Object.entries(proxy.faults()).map(([k, v]) => `${k} ${v}`).join(', ');
          log(`| ${provider} | ${kind} | ${r.ok ? 'yes' : `no: ${r.error}`} | ${r.records} / ${emu.info.invoices} | ${r.wallMs} | ${fmt(r.wallMs / clean.wallMs)} | ${met} |`);
        } finally {
          await proxy.close();
        }
      }
    } finally {
      await emu.close();
    }
  }
  log('');
}

async function apiCallsVsMinimum(): Promise<void> {
  log('## 6. API calls of a full and an incremental sync of a seeded company, against the minimum');
  log('');
  const emu = await createXeroEmulator({ seed: 42, invoices: 1200, contacts: 120, timeScale: 60 });
  try {
    const { ledger, connection } = await linkHere(emu.urls, emu.client, emu.tenants[0]!.id, { timeScale: 60 });
    const checkpointStore = new MemoryCheckpointStore();
    emu.log.length = 0;
    const full = await ledger.sync(connection, { sink: countingSink(), checkpointStore });
    const fullCalls = emu.log.length;
    // The minimum: one call per page of each distinct list (a list two types filter — Contacts for customers and
    // suppliers, Payments for payments and bill payments, Accounts for accounts and bank accounts — counts once),
    // one per unpaged endpoint.
    const perPage = (n: number) => Math.max(1, Math.ceil(n / 100));
    const count = (c: string) => emu.store.list(c).length;
    const invoicesByType = (t: string) => emu.store.list('Invoices').filter((i) => i.Type === t).length;
    const creditByType = (t: string) => emu.store.list('CreditNotes').filter((i) => i.Type === t).length;
    const pageReads = Object.entries(full.types).map(([type, s]) => `${type} ${s?.apiCalls ?? 0}`);
    const minimumFull =
      perPage(invoicesByType('ACCREC')) + perPage(invoicesByType('ACCPAY')) + perPage(creditByType('ACCRECCREDIT')) + perPage(creditByType('ACCPAYCREDIT')) +
      perPage(count('Contacts')) + perPage(count('Payments')) + perPage(count('ManualJournals')) + perPage(count('BankTransactions')) +
      Object.keys(full.types).filter((t) => ['company', 'accounts', 'items', 'taxRates', 'trackingCategories', 'balanceSheet', 'profitAndLoss'].includes(t)).length;
    const inv = emu.store.list('Invoices').find((i) => i.Type === 'ACCREC')!;
    emu.store.touch('Invoices', String(inv.InvoiceID), { Reference: 'bench change' });
    emu.log.length = 0;
    const incremental = await ledger.sync(connection, { sink: countingSink(), checkpointStore });
    const incCalls = emu.log.length;
    // One call per distinct list: the three shared lists are read once for their two types.
    const minimumIncremental = Object.keys(incremental.types).length - ['suppliers', 'billPayments', 'bankAccounts'].filter((t) => t in incremental.types).length;
    log('| sync | API calls | minimum | records | status |');
    log('|---|---:|---:|---:|---|');
    log(`| full | ${fullCalls} | ${minimumFull} | ${Object.values(full.types).reduce((n, t) => n + (t?.records ?? 0), 0)} | ${full.status} |`);
    log(`| incremental (1 invoice changed) | ${incCalls} | ${minimumIncremental} | ${Object.values(incremental.types).reduce((n, t) => n + (t?.records ?? 0), 0)} | ${incremental.status} |`);
    log('');
    log(`Full-sync calls per type: ${pageReads.join(', ')}. Customers and suppliers read \`/Contacts\` once, payments and bill payments \`/Payments\` once, accounts and bank accounts \`/Accounts\` once (shared reads: the second type replays the first one's pages, 0 calls). Sales and purchase invoices (and credit notes) are two lists, filtered by the server with \`where=Type==…\`, so a sync of one type does not read the other's.`);
  } finally {
    await emu.close();
  }
  log('');
}

const started = new Date();
log(`Run ${started.toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min).`);
log('');
const only = opt('only', '1,2,3,4,5,6').split(',').map(Number);
const sections: Array<[number, () => Promise<void>]> = [[1, fullSync], [2, mapThroughput], [3, streamingMemory], [4, rateLimitEfficiency], [5, underFaults], [6, apiCallsVsMinimum]];
for (const [n, run] of sections) if (only.includes(n)) await run();
log(`Total bench time: ${fmt((Date.now() - started.getTime()) / 1000, 0)} s.`);

if (!flag('no-write')) {
  const path = 'docs/benchmarks.md';
  const current = await readFile(path, 'utf8').catch(() => '# Benchmarks\n\n<!-- BEGIN RESULTS -->\n<!-- END RESULTS -->\n');
  const [head, rest] = current.split('<!-- BEGIN RESULTS -->');
  const tail = rest?.split('<!-- END RESULTS -->')[1] ?? '\n';
  await writeFile(path, `${head}<!-- BEGIN RESULTS -->\n${rows.join('\n')}\n<!-- END RESULTS -->${tail}`);
  console.log(`\nwritten to ${path}`);
}
process.exit(0);
