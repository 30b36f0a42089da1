/**
 * Benchmark contender process: reads every sales invoice of the emulated Xero organisation one way, then prints one
 * JSON line with records, API calls, wall time and the process's peak RSS. Each contender runs in a fresh process so
 * its memory is its own.
 *
 * Kinds:
 * - `fetch`: the floor — a bare loop of `fetch` + `JSON.parse` over `/Invoices?page=n`, no mapping, no retries.
 * - `ledgerlink`: `ledger.sync()` of `invoices` into a counting sink (map, validate, checkpoint per page).
 * - `xero-node`: the official SDK's `accountingApi.getInvoices` page by page (its own deserialisation, no retries).
 * - `ledgerlink-stream`: like `ledgerlink`, sampling RSS every 250 ms to show whether memory grows with the count.
 *
 * Linking (OAuth against the emulator) happens before the clock starts and is the same for every contender.
 */
import { XeroClient } from 'xero-node';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import { createLedger } from '../../src/ledger';
import { countingSink, MemoryCheckpointStore } from '../../src/sync';
import { xero } from '../../providers/xero';

export interface ContenderInput {
  kind: 'fetch' | 'ledgerlink' | 'xero-node' | 'ledgerlink-stream';
  /** API base the contender reads (the emulator's, or a fault proxy's). */
  api: string;
  urls: { issuer: string; connections: string; revocation: string };
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  tenantId: string;
  pageSize: number;
  /** ledgerlink: request timeout (ms). */
  timeoutMs?: number;
  /** ledgerlink: use Xero's published limits (default: the emulator's raised ones, so nobody is throttled). */
  publishedLimits?: boolean;
  /** ledgerlink: limiter time scale (with publishedLimits). */
  timeScale?: number;
}

export interface ContenderOutput {
  kind: ContenderInput['kind'];
  ok: boolean;
  records: number;
  apiCalls: number;
  wallMs: number;
  maxRssMb: number;
  /** RSS samples (MB) during the run, `ledgerlink-stream` only. */
  rssSamplesMb?: number[];
  error?: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ContenderInput;

async function linkWithLedgerlink() {
  const tokenStore = new MemoryTokenStore();
  const ledger = createLedger({
    providers: {
      xero: xero({
        clientId: input.client.clientId,
        clientSecret: input.client.clientSecret,
        redirectUri: input.client.redirectUris[0]!,
        urls: { api: input.api, ...input.urls },
        ...(input.publishedLimits ? {} : { rateLimits: { tenant: { perMinute: 10_000_000, perDay: 1_000_000_000, maxConcurrent: 5 }, app: { perMinute: 10_000_000 } } }),
      }),
    },
    tokenStore,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
    ...(input.timeScale ? { limiter: { timeScale: input.timeScale } } : {}),
  });
  const { authorizationUrl } = await ledger.link.start('xero');
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete('xero', consent.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(input.tenantId)).connection.id : outcome.connection.id;
  const stored = await tokenStore.get(id);
  return { ledger, connection: await ledger.connection(id, 'xero'), accessToken: stored!.value.tokens.accessToken };
}

async function run(): Promise<ContenderOutput> {
  const linked = await linkWithLedgerlink();
  const where = 'Type=="ACCREC"';
  const started = performance.now();
  const done = (records: number, apiCalls: number, extra: Partial<ContenderOutput> = {}): ContenderOutput => ({
    kind: input.kind,
    ok: true,
    records,
    apiCalls,
    wallMs: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  });
  let records = 0;
  let calls = 0;
  try {
    switch (input.kind) {
      case 'fetch': {
        for (let page = 1; ; page++) {
          calls++;
          const res = await fetch(`${input.api}/Invoices?page=${page}&pageSize=${input.pageSize}&where=${encodeURIComponent(where)}`, {
            headers: { authorization: `Bearer ${linked.accessToken}`, 'xero-tenant-id': input.tenantId, accept: 'application/json' },
          });
          if (res.status !== 200) throw new Error(`HTTP ${res.status} on page ${page}`);
          const body = JSON.parse(await res.text()) as { Invoices: unknown[]; pagination?: { pageCount: number } };
          records += body.Invoices.length;
          if (body.Invoices.length < input.pageSize || (body.pagination && page >= body.pagination.pageCount)) break;
        }
        return done(records, calls);
      }
      case 'xero-node': {
        const sdk = new XeroClient();
        sdk.setTokenSet({ access_token: linked.accessToken, token_type: 'Bearer' });
        sdk.accountingApi.basePath = input.api;
        for (let page = 1; ; page++) {
          calls++;
          const { body } = await sdk.accountingApi.getInvoices(input.tenantId, undefined, where, undefined, undefined, undefined, undefined, undefined, page, undefined, undefined, undefined, undefined, input.pageSize);
          const n = body.invoices?.length ?? 0;
          records += n;
          if (n < input.pageSize || (body.pagination?.pageCount !== undefined && page >= body.pagination.pageCount)) break;
        }
        return done(records, calls);
      }
      case 'ledgerlink':
      case 'ledgerlink-stream': {
        const samples: number[] = [];
        const timer = input.kind === 'ledgerlink-stream' ? setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1048576)), 250) : undefined;
        const sink = countingSink();
        const result = await linked.ledger.sync(linked.connection, { dataTypes: ['invoices'], sink, checkpointStore: new MemoryCheckpointStore() });
        if (timer) clearInterval(timer);
        const t = result.types.invoices;
        if (t?.status !== 'ok') throw new Error(`invoices ${t?.status}: ${t?.error?.message ?? ''}`);
        return done(sink.counts.invoices?.records ?? 0, result.apiCalls, { ...(samples.length ? { rssSamplesMb: samples } : {}), ...(result.issueCount ? { error: `${result.issueCount} record issues` } : {}) });
      }
    }
  } catch (err) {
    // xero-node rejects with a JSON string of the whole response (request config included): keep only the status.
    let message = err instanceof Error ? err.message : String(err);
    if (message.startsWith('{')) {
      try {
        const parsed = JSON.parse(message) as { response?: { statusCode?: number } };
        message = `HTTP ${parsed.response?.statusCode ?? '?'} (SDK error)`;
      } catch {
        message = 'SDK error';
      }
    }
    return { ...done(records, calls), ok: false, error: message.replace(linked.accessToken, '[token]').slice(0, 200) };
  }
}

const out = await run();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
