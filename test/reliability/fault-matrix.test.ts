/**
 * The fault matrix: for every provider with an emulator (through its harness), one table of faults injected by a
 * proxy in front of the emulator's API — 429 storms, 5xx bursts, connection resets, hangs past the timeout, truncated
 * and malformed bodies, a record with impossible values in the middle of a page — and the auth and process failures:
 * an access token expiring mid-sync, 50 concurrent workers on one rotating connection, a refresh whose answer is lost
 * after the server rotated, and a sync killed at every page boundary.
 *
 * Every case checks the same contract: the sync completes (or the type fails with a typed, retryable error once
 * retries are exhausted), every well-formed record is delivered exactly once, every malformed one is reported with
 * its raw payload, and no secret appears in any log line or error.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/file-token-store';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import type { StoredConnection } from '../../src/auth/types';
import type { Connection } from '../../src/connection';
import { LedgerError } from '../../src/errors';
import type { LogFields, Logger } from '../../src/logger';
import type { DataType } from '../../src/model/data-types';
import { MemoryCheckpointStore, memorySink, type SyncSink } from '../../src/sync';
import { createFaultProxy, type FaultProxy, type FaultRule } from '../../src/testing/fault-proxy';
import { harnessLedger, linkHarness, type EmulatorHarness, type HarnessInstance } from '../../src/testing/harness';
import { xeroHarness } from '../../providers/xero/emulator/harness';
import { quickbooksHarness } from '../../providers/quickbooks/emulator/harness';
import { freeagentHarness } from '../../providers/freeagent/emulator/harness';
import { sageHarness } from '../../providers/sage/emulator/harness';

const HARNESSES: EmulatorHarness[] = [xeroHarness, quickbooksHarness, sageHarness, freeagentHarness];

const WORKER = fileURLToPath(new URL('./multi-process-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs worker processes on one shared FileTokenStore. `beforeGo` runs once every worker has started (process start-up
 * takes seconds; the provider's short-lived tokens must not expire meanwhile), then all start reading at once.
 */
async function runWorkers(count: number, config: Record<string, unknown>, beforeGo: () => void): Promise<Array<{ records?: number; error?: { code: string; message: string } }>> {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
  const results = children.map(
    (child) =>
      new Promise<{ out: string; err: string; code: number | null }>((resolve) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ out, err, code }));
      }),
  );
  await Promise.all(children.map((child) => new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => l === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  })));
  beforeGo();
  for (const child of children) child.stdin.write('go\n');
  const done = await Promise.all(results);
  return done.flatMap(({ out, err, code }) => {
    const line = out.split('\n').filter((l) => l.startsWith('{')).pop();
    if (!line) throw new Error(`worker exited with ${code} and no result: ${err.slice(0, 500)}`);
    return (JSON.parse(line) as { outcomes: Array<{ records?: number; error?: { code: string; message: string } }> }).outcomes;
  });
}

/** Emulated time ×60: a provider "minute" lasts a real second, Retry-After: 1 lasts ~17 ms. */
const TIME_SCALE = 60;

/** Remembers every token the ledger ever stored, so the leak check knows what to look for. */
class RecordingTokenStore extends MemoryTokenStore {
  readonly secrets = new Set<string>();
  override async compareAndSet(connectionId: string, expectedVersion: number | null, value: StoredConnection) {
    for (const s of [value.tokens.accessToken, value.tokens.refreshToken, value.tokens.idToken, value.previousRefreshToken?.token]) if (s) this.secrets.add(s);
    return super.compareAndSet(connectionId, expectedVersion, value);
  }
}

function capturingLogger(lines: string[]): Logger {
  const put = (level: string) => (message: string, fields?: LogFields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

/** A sink that keeps every delivered record id per type, counting deliveries. */
function countingSink() {
  const inner = memorySink();
  const deliveries = new Map<string, number>();
  const sink: SyncSink = {
    async write(batch) {
      for (const r of batch.records) deliveries.set(`${batch.dataType}:${r.id}`, (deliveries.get(`${batch.dataType}:${r.id}`) ?? 0) + 1);
      await inner.write(batch);
    },
  };
  const ids = (type: DataType) => [...deliveries.keys()].filter((k) => k.startsWith(`${type}:`)).map((k) => k.slice(type.length + 1));
  const duplicates = () => [...deliveries.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  return { sink, inner, ids, duplicates };
}

interface FaultCase {
  name: string;
  rules: (h: EmulatorHarness) => FaultRule[];
  /** Ledger request timeout (ms). */
  timeoutMs?: number;
  /** What the invoices type must end as. */
  expect: 'complete' | 'complete-with-one-issue' | 'typed-retryable-failure';
  /** The fault kind that must have fired at least once. */
  fired: FaultRule['fault'];
}

const CASES: FaultCase[] = [
  { name: '429 storm (every 3rd request, Retry-After: 1)', rules: () => [{ fault: 'status', status: 429, headers: { 'retry-after': '1', 'x-rate-limit-problem': 'minute' }, every: 3 }], expect: 'complete', fired: 'status' },
  { name: '5xx burst (503 ×3, then 500 ×2 on invoice pages)', rules: (h) => [{ fault: 'status', status: 503, path: h.listPath('invoices'), at: [1, 2, 3] }, { fault: 'status', status: 500, path: h.listPath('invoices'), at: [5, 6] }], expect: 'complete', fired: 'status' },
  { name: 'connection reset (every 4th request)', rules: () => [{ fault: 'reset', every: 4 }], expect: 'complete', fired: 'reset' },
  { name: 'hang past the request timeout (2nd invoice page)', rules: (h) => [{ fault: 'hang', path: h.listPath('invoices'), at: [2] }], timeoutMs: 400, expect: 'complete', fired: 'hang' },
  { name: 'truncated body (2nd and 3rd invoice pages)', rules: (h) => [{ fault: 'truncate', path: h.listPath('invoices'), at: [2, 3] }], expect: 'complete', fired: 'truncate' },
  { name: 'malformed JSON body with 200 (1st invoice page)', rules: (h) => [{ fault: 'malformed', path: h.listPath('invoices'), at: [1] }], expect: 'complete', fired: 'malformed' },
  { name: 'a record with impossible values in the middle of a page', rules: (h) => [{ fault: 'rewrite', path: h.listPath('invoices'), at: [2], rewrite: (body) => h.corruptRecord(body, 'invoices') }], expect: 'complete-with-one-issue', fired: 'rewrite' },
  { name: '503 on every invoice request (retries exhausted)', rules: (h) => [{ fault: 'status', status: 503, path: h.listPath('invoices') }], expect: 'typed-retryable-failure', fired: 'status' },
];

for (const harness of HARNESSES) {
  describe(`fault matrix: ${harness.provider}`, () => {
    let instance: HarnessInstance;
    const lines: string[] = [];
    const errors: unknown[] = [];
    const tokenStores: RecordingTokenStore[] = [];

    beforeAll(async () => {
      instance = await harness.start({ timeScale: TIME_SCALE });
    });
    afterAll(async () => {
      await instance.close();
    });

    /** A fresh ledger (own token store) linked to the emulator, optionally through a fault proxy. */
    async function linked(options: { proxy?: FaultProxy; timeoutMs?: number; retries?: number } = {}) {
      const tokenStore = new RecordingTokenStore();
      tokenStores.push(tokenStore);
      const ledger = harnessLedger(harness, instance, {
        ...(options.proxy ? { apiUrl: options.proxy.url } : {}),
        tokenStore,
        logger: capturingLogger(lines),
        limiter: { timeScale: TIME_SCALE },
        retry: { retries: options.retries ?? 4, minDelayMs: 5, maxDelayMs: 40 },
        timeoutMs: options.timeoutMs ?? 5_000,
      });
      const connection = await linkHarness(harness, instance, ledger);
      return { ledger, connection, tokenStore };
    }

    describe('faults injected between the adapter and the API', () => {
      it.each(CASES)('$name', async (c) => {
        const proxy = await createFaultProxy({ target: instance.apiUrl, rules: c.rules(harness) });
        try {
          const { ledger, connection } = await linked({ proxy, ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}), ...(c.expect === 'typed-retryable-failure' ? { retries: 2 } : {}) });
          const out = countingSink();
          const result = await ledger.sync(connection, { sink: out.sink, checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices', 'bills'], includeRaw: false });
          if (result.error) errors.push(result.error);
          for (const t of Object.values(result.types)) if (t?.error) errors.push(t.error);
          expect(proxy.faults()[c.fired]).toBeGreaterThan(0);
          expect(out.duplicates()).toEqual([]);
          const expected = instance.expectedCounts();
          // Bills are never targeted by the invoice-only rules and always arrive complete.
          expect(result.types.bills?.status).toBe('ok');
          expect(out.ids('bills')).toHaveLength(expected.bills!);
          if (c.expect === 'typed-retryable-failure') {
            const summary = result.types.invoices!;
            expect(summary.status).toBe('failed');
            expect(summary.error).toBeInstanceOf(LedgerError);
            expect((summary.error as LedgerError).retryable).toBe(true);
            expect(result.status).toBe('partial');
            return;
          }
          expect(result.types.invoices?.status).toBe('ok');
          if (c.expect === 'complete-with-one-issue') {
            expect(result.issueCount).toBe(1);
            const issue = result.issues[0]!;
            expect(issue.dataType).toBe('invoices');
            expect(JSON.stringify(issue.raw)).toContain('twelve'); // the provider's record, unchanged
            expect(out.ids('invoices')).toHaveLength(expected.invoices! - 1);
            expect(out.ids('invoices')).not.toContain(issue.recordId);
          } else {
            expect(result.issueCount).toBe(0);
            expect(out.ids('invoices')).toHaveLength(expected.invoices!);
          }
          expect(result.status).toBe('ok');
        } finally {
          await proxy.close();
        }
      });
    });

    it('an access token expiring mid-sync: one refresh, the sync continues', async () => {
      const { ledger, connection } = await linked();
      const before = instance.oauth.stats();
      const out = countingSink();
      let expired = false;
      const result = await ledger.sync(connection, {
        sink: out.sink,
        checkpointStore: new MemoryCheckpointStore(),
        dataTypes: ['invoices', 'bills'],
        onProgress: (p) => {
          if (!expired && p.phase === 'page' && p.dataType === 'invoices') {
            expired = true;
            instance.oauth.expireAllAccessTokens();
          }
        },
      });
      expect(expired).toBe(true);
      expect(result.status).toBe('ok');
      expect(out.ids('invoices')).toHaveLength(instance.expectedCounts().invoices!);
      const after = instance.oauth.stats();
      expect(after.refreshGrants - before.refreshGrants).toBe(1);
      expect(after.invalidGrants - before.invalidGrants).toBe(0);
    });

    it('50 concurrent workers on one connection whose refresh token rotates: exactly one refresh, zero invalid_grant', async () => {
      const { connection } = await linked();
      const reader = connection as Connection & { invoices: { list(o?: object): PromiseLike<unknown[]> } };
      await reader.invoices.list({ pageSize: 10 });
      instance.oauth.expireAllAccessTokens();
      const before = instance.oauth.stats();
      const pages = await Promise.all(Array.from({ length: 50 }, () => reader.invoices.list({ pageSize: 10 })));
      expect(pages.every((records) => records.length > 0)).toBe(true);
      const after = instance.oauth.stats();
      expect(after.refreshGrants - before.refreshGrants).toBe(1);
      expect(after.invalidGrants - before.invalidGrants).toBe(0);
    });

    it('5 processes × 10 concurrent reads sharing one FileTokenStore, token rotating: exactly one refresh, zero invalid_grant', async () => {
      const dir = await mkdtemp(join(tmpdir(), `ledgerlink-mp-${harness.provider}-`));
      try {
        const key = randomBytes(32).toString('base64');
        const ledger = harnessLedger(harness, instance, { tokenStore: new FileTokenStore({ path: dir, key }), logger: capturingLogger(lines) });
        const connection = await linkHarness(harness, instance, ledger);
        const reader = connection as Connection & { invoices: { list(o?: object): PromiseLike<unknown[]> } };
        await reader.invoices.list({ pageSize: 10 });
        let before = instance.oauth.stats();
        const config = { provider: harness.provider, providerConfig: instance.providerConfig(), dir, key, connectionId: connection.id, workers: 10, dataType: 'invoices', pageSize: 10, timeScale: TIME_SCALE };
        const outcomes = await runWorkers(5, config, () => {
          instance.oauth.expireAllAccessTokens();
          before = instance.oauth.stats();
        });
        for (const o of outcomes) if (o.error) errors.push(new Error(`${o.error.code}: ${o.error.message}`));
        expect(outcomes).toHaveLength(50);
        expect(outcomes.filter((o) => o.error)).toEqual([]);
        expect(outcomes.every((o) => (o.records ?? 0) > 0)).toBe(true);
        const after = instance.oauth.stats();
        expect(after.refreshGrants - before.refreshGrants).toBe(1);
        expect(after.invalidGrants - before.invalidGrants).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 120_000); // five Node processes start with a TypeScript loader: seconds each on a busy 2-core machine

    it('a refresh whose answer is lost after the server rotated: recovered where the provider allows it, else relink required', async () => {
      const { connection } = await linked();
      const reader = connection as Connection & { invoices: { list(o?: object): PromiseLike<unknown[]> } };
      const rotation = instance.createProvider().descriptor.auth.rotation?.kind ?? 'none';
      const recoverable = rotation !== 'rotating';
      instance.oauth.expireAllAccessTokens();
      instance.oauth.loseRefreshResponses(1);
      const before = instance.oauth.stats();
      if (recoverable) {
        const records = await reader.invoices.list({ pageSize: 10 });
        expect(records.length).toBeGreaterThan(0);
        const after = instance.oauth.stats();
        // The lost answer, then one refresh with the previous token inside the provider's grace/overlap window.
        expect(after.refreshGrants - before.refreshGrants).toBe(2);
        expect(after.invalidGrants - before.invalidGrants).toBe(0);
      } else {
        const err = await Promise.resolve(reader.invoices.list({ pageSize: 10 })).then(() => undefined, (e: unknown) => e);
        errors.push(err);
        expect(err).toBeInstanceOf(LedgerError);
        expect((err as LedgerError).code).toBe('relink_required');
      }
    });

    it('killed at every page boundary: resumed runs deliver every record, no gaps, no duplicates', async () => {
      const { ledger, connection } = await linked();
      const expected = instance.expectedCounts().invoices!;
      const checkpointStore = new MemoryCheckpointStore();
      const out = countingSink();
      // Each run dies (the sink's write fails as a killed process would) after acknowledging one more page.
      let kills = 0;
      for (;;) {
        let acknowledged = 0;
        const crashing: SyncSink = {
          async write(batch) {
            if (acknowledged === 1) throw new Error('killed');
            acknowledged++;
            await out.sink.write(batch);
          },
        };
        const run = await ledger.sync(connection, { sink: crashing, checkpointStore, dataTypes: ['invoices'] }).then(
          (r) => ({ ok: true as const, r }),
          () => ({ ok: false as const }),
        );
        if (run.ok) break;
        kills++;
        expect(kills).toBeLessThan(50);
      }
      expect(kills).toBeGreaterThanOrEqual(2); // every harness company has at least three pages of invoices
      expect(out.ids('invoices')).toHaveLength(expected);
      expect(out.duplicates()).toEqual([]);
    });

    it('no secret appears in any log line or error of the runs above', async () => {
      const secrets = new Set<string>();
      for (const s of tokenStores) for (const t of s.secrets) secrets.add(t);
      secrets.add(instance.clientSecret);
      expect(secrets.size).toBeGreaterThan(3);
      expect(lines.length).toBeGreaterThan(0);
      const texts = [...lines, ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error)?.stack ?? ''}`)];
      for (const secret of secrets) for (const text of texts) expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
    });
  });
}
