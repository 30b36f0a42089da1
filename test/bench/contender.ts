/**
 * Benchmark contender process: reads every sales invoice of the emulated organisation (Xero) or company (QuickBooks)
 * one way, then prints one JSON line with records, API calls, wall time and the process's peak RSS. Each contender
 * runs in a fresh process so its memory is its own.
 *
 * Kinds:
 * - `fetch`: the floor — a bare loop of `fetch` + `JSON.parse` page by page, no mapping, no retries. Xero:
 *   `/Invoices?page=n`; QuickBooks: `SELECT * FROM Invoice ORDERBY Id STARTPOSITION … MAXRESULTS 1000`.
 * - `ledgerlink`: `ledger.sync()` of `invoices` into a counting sink (map, validate, checkpoint per page).
 * - `xero-node`: the official Xero SDK's `accountingApi.getInvoices` page by page (its own deserialisation, no retries).
 * - `node-quickbooks`: the most-used QuickBooks library's `findInvoices({ fetchAll: true })` (it pages by 1000 and
 *   concatenates every page in memory before answering).
 * - `ledgerlink-stream`: like `ledgerlink`, sampling RSS every 250 ms to show whether memory grows with the count.
 *
 * Linking (OAuth against the emulator) happens before the clock starts and is the same for every contender. The
 * peers are loaded only by the contender that uses them, so they weigh nothing in the others' RSS.
 */
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import { createLedger, type Ledger } from '../../src/ledger';
import type { Connection } from '../../src/connection';
import type { ProviderInstance } from '../../src/provider/types';
import { countingSink, MemoryCheckpointStore } from '../../src/sync';
import { xero } from '../../providers/xero';
import { quickbooks } from '../../providers/quickbooks';

export type BenchProvider = 'xero' | 'quickbooks';

export interface ContenderInput {
  kind: 'fetch' | 'ledgerlink' | 'xero-node' | 'node-quickbooks' | 'ledgerlink-stream';
  provider: BenchProvider;
  /** API base the contender reads (the emulator's, or a fault proxy's). */
  api: string;
  /** The emulator's other URLs (Xero: issuer, connections, revocation; QuickBooks: discovery, revocation). */
  urls: Record<string, string>;
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  tenantId: string;
  pageSize: number;
  /** ledgerlink: request timeout (ms). */
  timeoutMs?: number;
  /** ledgerlink: use the provider's published limits (default: raised ones, so nobody is throttled). */
  publishedLimits?: boolean;
  /** ledgerlink: limiter time scale (with publishedLimits). */
  timeScale?: number;
  /** Sample RSS every 250 ms during the run (any kind; `ledgerlink-stream` always does). */
  sampleRss?: boolean;
}

export interface ContenderOutput {
  kind: ContenderInput['kind'];
  ok: boolean;
  records: number;
  apiCalls: number;
  wallMs: number;
  maxRssMb: number;
  /** RSS samples (MB) during the run, with `sampleRss` or `ledgerlink-stream`. */
  rssSamplesMb?: number[];
  /** Heap in use before and after the run, each after a full GC (MB), `ledgerlink-stream` run with `--expose-gc` only. */
  liveHeapMb?: { before: number; after: number };
  error?: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ContenderInput;
const RAISED = { tenant: { perMinute: 10_000_000, perDay: 1_000_000_000, maxConcurrent: 5 }, app: { perMinute: 10_000_000 } };

function providerInstance(): ProviderInstance {
  const credentials = { clientId: input.client.clientId, clientSecret: input.client.clientSecret, redirectUri: input.client.redirectUris[0]! };
  const rateLimits = input.publishedLimits ? {} : { rateLimits: RAISED };
  if (input.provider === 'quickbooks') {
    return quickbooks({ ...credentials, environment: 'sandbox', urls: { api: input.api, discoveryUrl: input.urls.discovery!, revocation: input.urls.revocation! }, ...rateLimits });
  }
  return xero({ ...credentials, urls: { api: input.api, issuer: input.urls.issuer!, connections: input.urls.connections!, revocation: input.urls.revocation! }, ...rateLimits });
}

async function linkWithLedgerlink(): Promise<{ ledger: Ledger<Record<string, ProviderInstance>>; connection: Connection; accessToken: string }> {
  const tokenStore = new MemoryTokenStore();
  const ledger = createLedger({
    providers: { [input.provider]: providerInstance() } as Record<string, ProviderInstance>,
    tokenStore,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
    ...(input.timeScale ? { limiter: { timeScale: input.timeScale } } : {}),
  });
  const { authorizationUrl } = await ledger.link.start(input.provider);
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const outcome = await ledger.link.complete(input.provider, consent.headers.get('location')!);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(input.tenantId)).connection.id : outcome.connection.id;
  const stored = await tokenStore.get(id);
  return { ledger, connection: (await ledger.connection(id, input.provider)) as Connection, accessToken: stored!.value.tokens.accessToken };
}

/** node-quickbooks' callback API as a promise. */
interface NodeQuickBooks {
  endpoint: string;
  findInvoices(criteria: Record<string, unknown>, cb: (err: unknown, data: { QueryResponse?: { Invoice?: unknown[] } }) => void): void;
}

async function run(): Promise<ContenderOutput> {
  const linked = await linkWithLedgerlink();
  const gc = input.kind === 'ledgerlink-stream' ? (globalThis as { gc?: () => void }).gc : undefined;
  gc?.();
  const liveBefore = Math.round(process.memoryUsage().heapUsed / 1048576);
  const samples: number[] = [];
  const sampler = input.sampleRss || input.kind === 'ledgerlink-stream' ? setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1048576)), 250) : undefined;
  const started = performance.now();
  const done = (records: number, apiCalls: number, extra: Partial<ContenderOutput> = {}): ContenderOutput => {
    clearInterval(sampler);
    return {
      kind: input.kind,
      ok: true,
      records,
      apiCalls,
      wallMs: Math.round(performance.now() - started),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      ...(samples.length ? { rssSamplesMb: samples } : {}),
      ...extra,
    };
  };
  let records = 0;
  let calls = 0;
  try {
    switch (input.kind) {
      case 'fetch': {
        if (input.provider === 'quickbooks') {
          const base = `${input.api}/v3/company/${encodeURIComponent(input.tenantId)}/query`;
          for (let start = 1; ; start += input.pageSize) {
            calls++;
            const query = `SELECT * FROM Invoice ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${input.pageSize}`;
            const res = await fetch(`${base}?query=${encodeURIComponent(query)}&minorversion=75`, { headers: { authorization: `Bearer ${linked.accessToken}`, accept: 'application/json' } });
            if (res.status !== 200) throw new Error(`HTTP ${res.status} at STARTPOSITION ${start}`);
            const body = JSON.parse(await res.text()) as { QueryResponse?: { Invoice?: unknown[] } };
            const n = body.QueryResponse?.Invoice?.length ?? 0;
            records += n;
            if (n < input.pageSize) break;
          }
          return done(records, calls);
        }
        const where = 'Type=="ACCREC"';
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
        const { XeroClient } = await import('xero-node');
        const sdk = new XeroClient();
        sdk.setTokenSet({ access_token: linked.accessToken, token_type: 'Bearer' });
        sdk.accountingApi.basePath = input.api;
        const where = 'Type=="ACCREC"';
        for (let page = 1; ; page++) {
          calls++;
          const { body } = await sdk.accountingApi.getInvoices(input.tenantId, undefined, where, undefined, undefined, undefined, undefined, undefined, page, undefined, undefined, undefined, undefined, input.pageSize);
          const n = body.invoices?.length ?? 0;
          records += n;
          if (n < input.pageSize || (body.pagination?.pageCount !== undefined && page >= body.pagination.pageCount)) break;
        }
        return done(records, calls);
      }
      case 'node-quickbooks': {
        const QuickBooks = ((await import('node-quickbooks')) as unknown as { default: new (...args: unknown[]) => NodeQuickBooks }).default;
        // (consumerKey, consumerSecret, token, tokenSecret, realmId, useSandbox, debug, minorversion, oauthversion, refreshToken)
        const qbo = new QuickBooks(input.client.clientId, input.client.clientSecret, linked.accessToken, false, input.tenantId, true, false, '75', '2.0');
        qbo.endpoint = `${input.api}/v3/company/`;
        const data = await new Promise<{ QueryResponse?: { Invoice?: unknown[] } }>((resolve, reject) =>
          qbo.findInvoices({ fetchAll: true, limit: input.pageSize }, (err, body) => (err ? reject(err instanceof Error ? err : new Error(describeSdkError(err))) : resolve(body))),
        );
        records = data.QueryResponse?.Invoice?.length ?? 0;
        return done(records, Math.floor(records / input.pageSize) + 1);
      }
      case 'ledgerlink':
      case 'ledgerlink-stream': {
        const sink = countingSink();
        const result = await linked.ledger.sync(linked.connection, { dataTypes: ['invoices'], sink, checkpointStore: new MemoryCheckpointStore() });
        const t = result.types.invoices;
        if (t?.status !== 'ok') throw new Error(`invoices ${t?.status}: ${t?.error?.message ?? ''}`);
        const output = done(sink.counts.invoices?.records ?? 0, result.apiCalls, result.issueCount ? { error: `${result.issueCount} record issues` } : {});
        if (gc) {
          gc();
          output.liveHeapMb = { before: liveBefore, after: Math.round(process.memoryUsage().heapUsed / 1048576) };
        }
        return output;
      }
    }
  } catch (err) {
    return { ...done(records, calls), ok: false, error: describeSdkError(err).replace(linked.accessToken, '[token]').slice(0, 200) };
  }
}

/** SDK errors are not always Errors: xero-node rejects with a JSON string of the whole response, node-quickbooks with the body. */
function describeSdkError(err: unknown): string {
  let message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  if (message.startsWith('{')) {
    try {
      const parsed = JSON.parse(message) as { response?: { statusCode?: number }; Fault?: { type?: string }; fault?: { type?: string } };
      message = parsed.response?.statusCode ? `HTTP ${parsed.response.statusCode} (SDK error)` : parsed.Fault?.type ?? parsed.fault?.type ? `Fault ${parsed.Fault?.type ?? parsed.fault?.type} (SDK error)` : 'SDK error';
    } catch {
      message = 'SDK error';
    }
  }
  return message;
}

const out = await run();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
