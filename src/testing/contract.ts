/**
 * The provider contract suite: the behaviours every ledgerlink provider must show against its emulator, checked
 * through its {@link EmulatorHarness}. It is framework-neutral — {@link runProviderContract} returns a report of named
 * checks — so a provider's test file is a few lines in any test runner:
 *
 * @example
 * const report = await runProviderContract(myHarness);
 * for (const check of report.checks) it(check.name, () => expect(check.failure).toBeUndefined());
 *
 * Checks: the link flow (PKCE S256, state, tenant), bad arguments failing before any HTTP call, a full sync of every
 * offered type with no issues, no duplicates and the emulator's record counts, truthful API-call accounting, `get`
 * by id, incremental reads returning the changed records and fewer than a full read, resuming an interrupted read
 * without gaps or duplicates, and revocation.
 * @module
 */
import type { Connection } from '../connection';
import { LedgerError } from '../errors';
import { DATA_TYPES, type DataType } from '../model/data-types';
import { MemoryCheckpointStore, type SyncSink } from '../sync';
import type { CanonicalRecordLike } from '../sync/types';
import { harnessLedger, linkHarness, type EmulatorHarness, type HarnessInstance, type HarnessLedger, type HarnessStartOptions } from './harness';

/** One named check and, when it failed, why. */
export interface ContractCheck {
  name: string;
  /** Absent when the check passed. */
  failure?: string;
}

/** What {@link runProviderContract} returns. */
export interface ContractReport {
  provider: string;
  checks: ContractCheck[];
  /** The checks that failed. */
  failures: ContractCheck[];
}

/** Options of {@link runProviderContract}. */
export interface ContractOptions {
  /** Passed to the harness (default: time ×60 so rate-limit windows and token lifetimes pass quickly). */
  start?: HarnessStartOptions;
}

class CheckFailed extends Error {}
function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/** Reads the record ids a sink received, per type, counting deliveries. */
function recordingSink() {
  const deliveries = new Map<DataType, Map<string, number>>();
  const sink: SyncSink = {
    async write(batch) {
      const seen = deliveries.get(batch.dataType) ?? new Map<string, number>();
      deliveries.set(batch.dataType, seen);
      for (const r of batch.records) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    },
  };
  return {
    sink,
    ids: (type: DataType) => [...(deliveries.get(type)?.keys() ?? [])],
    duplicates: () => [...deliveries.entries()].flatMap(([type, m]) => [...m.entries()].filter(([, n]) => n > 1).map(([id]) => `${type}:${id}`)),
  };
}

type Reader = { list(options?: object): PromiseLike<CanonicalRecordLike[]>; get?(id: string): Promise<CanonicalRecordLike> };
const readerOf = (connection: Connection, type: DataType) => (connection as unknown as Record<string, Reader | undefined>)[type];

/** Runs the contract against a fresh emulator started through the harness. */
export async function runProviderContract(harness: EmulatorHarness, options: ContractOptions = {}): Promise<ContractReport> {
  const start = options.start ?? { timeScale: 60 };
  const timeScale = start.timeScale ?? 1;
  const instance = await harness.start(start);
  const checks: ContractCheck[] = [];
  const ledgerFor = (i: HarnessInstance): HarnessLedger => harnessLedger(harness, i, { limiter: { timeScale }, retry: { retries: 3, minDelayMs: 5, maxDelayMs: 50 } });
  let ledger: HarnessLedger | undefined;
  let connection: Connection | undefined;
  let offered: DataType[] = [];
  const fullIds = new Map<DataType, string[]>();
  const checkpointStore = new MemoryCheckpointStore();

  async function check(name: string, body: () => Promise<void>, needs: unknown[] = []): Promise<void> {
    if (needs.some((n) => n === undefined)) {
      checks.push({ name, failure: 'not run: an earlier check it depends on failed' });
      return;
    }
    try {
      await body();
      checks.push({ name });
    } catch (err) {
      checks.push({ name, failure: err instanceof CheckFailed ? err.message : `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
    }
  }

  try {
    await check('link: authorization URL with PKCE S256 and state; consent → callback → a connection to the chosen tenant', async () => {
      const l = ledgerFor(instance);
      const { authorizationUrl, state } = await l.link.start(harness.provider);
      const url = new URL(authorizationUrl);
      ensure(url.searchParams.get('response_type') === 'code', `response_type is ${url.searchParams.get('response_type')}`);
      ensure(url.searchParams.get('code_challenge_method') === 'S256', 'no S256 code challenge');
      ensure((url.searchParams.get('code_challenge') ?? '').length >= 43, 'code_challenge too short');
      ensure(url.searchParams.get('state') === state && state.length >= 16, 'state missing or weak');
      ensure(url.searchParams.get('redirect_uri'), 'no redirect_uri');
      ensure(!authorizationUrl.includes(instance.clientSecret), 'the client secret is in the authorization URL');
      const c = await linkHarness(harness, instance, l);
      ensure(c.provider === harness.provider, `connection provider ${c.provider}`);
      ensure(c.tenant.id === instance.tenantId, `linked tenant ${c.tenant.id}, expected ${instance.tenantId}`);
      const stored = await l.connections();
      ensure(stored.some((s) => s.id === c.id), 'the connection is not stored');
      ensure(!JSON.stringify(stored).includes(instance.clientSecret), 'connections() exposes the client secret');
      ledger = l;
      connection = c;
      offered = DATA_TYPES.filter((t) => c.supports(t));
      ensure(offered.length > 0, 'the connection offers no data type');
    });

    await check('a replayed callback state is refused with a typed error', async () => {
      const l = ledgerFor(instance);
      const { authorizationUrl } = await l.link.start(harness.provider);
      const callback = await instance.consent(authorizationUrl);
      await l.link.complete(harness.provider, callback);
      const err = await l.link.complete(harness.provider, callback).then(() => undefined, (e: unknown) => e);
      ensure(err instanceof LedgerError && err.code === 'state_mismatch', `replay gave ${String(err)}`);
    });

    await check('bad arguments fail before any HTTP call', async () => {
      const type = offered.find((t) => readerOf(connection!, t)) as DataType;
      const before = instance.apiRequests();
      for (const bad of [{ modifiedSince: 'yesterday' }, { pageSize: -5 }, { pageSize: 1.5 }]) {
        const err = await Promise.resolve(readerOf(connection!, type)!.list(bad)).then(() => undefined, (e: unknown) => e);
        ensure(err instanceof LedgerError, `list(${JSON.stringify(bad)}) gave ${String(err)}`);
      }
      ensure(instance.apiRequests() === before, `${instance.apiRequests() - before} API calls were made for bad arguments`);
    }, [connection]);

    await check('full sync: every offered type completes with no issue, no duplicate and the emulator\'s counts', async () => {
      const before = instance.apiRequests();
      const out = recordingSink();
      const result = await ledger!.sync(connection!, { sink: out.sink, checkpointStore, reportParams: { date: '2026-06-30', fromDate: '2026-01-01', toDate: '2026-06-30' } });
      const failed = Object.entries(result.types).filter(([, t]) => t?.status !== 'ok');
      ensure(failed.length === 0, `types not ok: ${failed.map(([k, t]) => `${k} (${t?.status}: ${t?.error?.message ?? ''})`).join(', ')}`);
      ensure(result.issueCount === 0, `${result.issueCount} record issues, first: ${result.issues[0]?.dataType} ${result.issues[0]?.message}`);
      ensure(out.duplicates().length === 0, `duplicates: ${out.duplicates().slice(0, 5).join(', ')}`);
      for (const [type, n] of Object.entries(instance.expectedCounts()) as Array<[DataType, number]>) {
        ensure(out.ids(type).length === n, `${type}: ${out.ids(type).length} records, the emulator holds ${n}`);
      }
      for (const t of offered) fullIds.set(t, out.ids(t));
      const served = instance.apiRequests() - before;
      ensure(result.apiCalls === served, `the result says ${result.apiCalls} API calls, the emulator served ${served}`);
    }, [connection]);

    await check('get(id) returns the record a list returned', async () => {
      let tried = 0;
      for (const type of offered) {
        const reader = readerOf(connection!, type);
        const id = fullIds.get(type)?.[0];
        if (!reader?.get || !id) continue;
        const record = await reader.get(id);
        ensure(record.id === id, `${type}.get(${id}) returned ${record.id}`);
        tried++;
      }
      ensure(tried > 0, 'no type with get() and records to try it on');
    }, [connection, fullIds.size ? true : undefined]);

    await check('incremental sync: the changed records come back, and fewer records than a full read', async () => {
      const changed = await instance.change();
      const out = recordingSink();
      const result = await ledger!.sync(connection!, { sink: out.sink, checkpointStore });
      ensure(result.status === 'ok', `status ${result.status}`);
      for (const [type, ids] of Object.entries(changed) as Array<[DataType, string[]]>) {
        ensure(result.types[type]?.mode === 'incremental', `${type} was read ${result.types[type]?.mode}, not incrementally`);
        for (const id of ids) ensure(out.ids(type).includes(id), `${type} ${id} was changed but not returned`);
        ensure(out.ids(type).length < (fullIds.get(type)?.length ?? 0), `${type}: the incremental read returned ${out.ids(type).length} records, as many as the full read`);
      }
    }, [connection, fullIds.size ? true : undefined]);

    await check('an interrupted read resumes from its checkpoint with no gap and no duplicate', async () => {
      const type = harness.pagedTypes.find((t) => offered.includes(t)) as DataType;
      const expected = fullIds.get(type)?.length ?? 0;
      ensure(expected > 0, `no ${type} records to resume over`);
      const resumeStore = new MemoryCheckpointStore();
      const out = recordingSink();
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
        const ok = await ledger!.sync(connection!, { sink: crashing, checkpointStore: resumeStore, dataTypes: [type] }).then(() => true, () => false);
        if (ok) break;
        ensure(++kills < 500, 'never finished');
      }
      ensure(out.ids(type).length === expected, `${type}: ${out.ids(type).length} records after ${kills} interruptions, expected ${expected}`);
      ensure(out.duplicates().length === 0, `duplicates: ${out.duplicates().slice(0, 5).join(', ')}`);
    }, [connection, fullIds.size ? true : undefined]);

    await check('revoke: the connection is refused afterwards with a typed relink error and no refresh succeeds', async () => {
      const l = ledgerFor(instance);
      const c = await linkHarness(harness, instance, l);
      const type = offered.find((t) => readerOf(c, t)) as DataType;
      await readerOf(c, type)!.list();
      await l.revoke(c.id);
      // The connection object obtained before the revocation still holds the tokens: the provider must refuse them.
      const before = instance.oauth.stats();
      const err = await Promise.resolve(readerOf(c, type)!.list()).then(() => undefined, (e: unknown) => e);
      ensure(err instanceof LedgerError, `a read after revoke gave ${String(err)}`);
      ensure(['relink_required', 'auth_error'].includes(err.code), `a read after revoke failed with ${err.code}`);
      const after = instance.oauth.stats();
      ensure(after.refreshGrants - after.invalidGrants === before.refreshGrants - before.invalidGrants, 'a refresh succeeded after revocation');
      // And asking the ledger for it again is refused up front.
      const again = await l.connection(c.id).then(() => undefined, (e: unknown) => e);
      ensure(again instanceof LedgerError, `ledger.connection() after revoke gave ${String(again)}`);
    }, [connection]);
  } finally {
    await instance.close();
  }
  return { provider: harness.provider, checks, failures: checks.filter((c) => c.failure !== undefined) };
}
