/**
 * The whole core through a small test provider against a local server:
 * link (PKCE + state + tenant choice) → token refresh → paginated incremental sync → kill and resume.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger';
import { ErrorCodes } from '../../src/errors';
import { MemoryCheckpointStore, memorySink } from '../../src/sync';
import type { SyncBatch } from '../../src/sync/types';
import { ACME_CLIENT, acmeProvider, startAcme, type AcmeServer } from '../../examples/sandbox/acme';

async function consent(authorizationUrl: string): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

describe('end to end through a test provider', () => {
  let acme: AcmeServer;
  beforeEach(async () => {
    acme = await startAcme({ contacts: 25, invoices: 30 });
  });
  afterEach(async () => {
    await acme.close();
  });

  function makeLedger() {
    const instance = acmeProvider.configure({ ...ACME_CLIENT, urls: { api: `${acme.baseUrl}/api`, issuer: acme.issuer } });
    return createLedger({ providers: { acme: instance }, retry: { minDelayMs: 1, maxDelayMs: 5 } });
  }

  async function link(ledger: ReturnType<typeof makeLedger>) {
    const { authorizationUrl, state } = await ledger.link.start('acme');
    const authUrl = new URL(authorizationUrl);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBe(state);
    const outcome = await ledger.link.complete('acme', await consent(authorizationUrl));
    // Two organisations on one consent: the caller must choose.
    expect(outcome.status).toBe('choose-tenant');
    if (outcome.status !== 'choose-tenant') throw new Error('unreachable');
    expect(outcome.tenants.map((t) => t.id).sort()).toEqual(['org-1', 'org-2']);
    const linked = await outcome.complete('org-1');
    return linked.connection.id;
  }

  it('links, syncs every page, refreshes an expired token once, and syncs only changes incrementally', async () => {
    const ledger = makeLedger();
    const id = await link(ledger);
    const connection = await ledger.connection(id, 'acme');
    expect(connection.tenant.id).toBe('org-1');

    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    acme.throttleNext(2); // two 429s with Retry-After: 0 on the way: retried, nothing lost
    const first = await ledger.sync(connection, { sink, checkpointStore });
    expect(first.status).toBe('ok');
    expect(first.types.customers).toMatchObject({ status: 'ok', mode: 'full', records: 25, pages: 3 });
    expect(first.types.invoices).toMatchObject({ status: 'ok', mode: 'full', records: 30, pages: 5 });
    // 3 contact pages + 5 invoice pages + 2 throttled attempts
    expect(first.apiCalls).toBe(10);
    const firstInvoices = sink.records('invoices');
    expect(firstInvoices[0]).toMatchObject({ id: 'i-0001', totalAmount: '100.01', issueDate: '2026-01-15', customerRef: { id: 'c-0001' } });

    // The access token expires: the next call gets 401, refreshes exactly once, replays.
    const refreshesBefore = acme.oauth.stats().refreshGrants;
    acme.apiLog.length = 0;
    acme.touchContact('c-0003', { name: 'Renamed', archived: true });
    acme.touchInvoice('i-0007', { status: 'void' });
    acme.touchInvoice('i-0008', { total: '999.99' });
    // The server expires the access token the connection holds (as if 30 minutes had passed).
    const tokenInUse = await ledger.tokens.getAccessToken(id);
    acme.oauth.expireAccessToken(tokenInUse);

    const sink2 = memorySink();
    const second = await ledger.sync(connection, { sink: sink2, checkpointStore });
    expect(second.status).toBe('ok');
    expect(acme.oauth.stats().refreshGrants).toBe(refreshesBefore + 1);
    expect(second.types.customers).toMatchObject({ mode: 'incremental', records: 1, deleted: 1 });
    expect(second.types.invoices).toMatchObject({ mode: 'incremental', records: 2, deleted: 1 });
    expect(sink2.records('customers')).toEqual([expect.objectContaining({ id: 'c-0003', name: 'Renamed', isDeleted: true, status: 'Archived' })]);
    expect(sink2.records('invoices').find((r) => r.id === 'i-0008')).toMatchObject({ totalAmount: '999.99' });
    // Every incremental request carried the watermark.
    expect(acme.apiLog.filter((l) => l.status === 200).every((l) => l.query.includes('updated_since='))).toBe(true);
  });

  it('reads by id and through list(): await = first page, for-await = every record', async () => {
    const ledger = makeLedger();
    const connection = await ledger.connection(await link(ledger), 'acme');
    const first = await connection.invoices.list();
    expect(first).toHaveLength(7);
    let n = 0;
    for await (const inv of connection.invoices.list()) {
      expect(inv.totalAmount).toMatch(/^\d+\.\d+$/);
      n++;
    }
    expect(n).toBe(30);
    expect(await connection.invoices.get('i-0002')).toMatchObject({ number: 'INV-2', totalAmount: '100.02' });
    // Capabilities are types: Acme has no bills and no single-record read of customers.
    // @ts-expect-error — a data type the provider lacks is a type error at the call site
    expect(connection.bills).toBeUndefined();
    // @ts-expect-error — an operation the provider lacks is a type error too
    expect(connection.customers.get).toBeUndefined();
    await expect(connection.invoices.get('nope')).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND, status: 404 });
  });

  it('a malformed record is reported with its raw payload and the sync completes', async () => {
    const ledger = makeLedger();
    const connection = await ledger.connection(await link(ledger), 'acme');
    acme.touchInvoice('i-0005', { total: 'lots', date: '2026-02-30' });
    const sink = memorySink();
    const result = await ledger.sync(connection, { sink, dataTypes: ['invoices'] });
    expect(result.status).toBe('ok');
    expect(result.types.invoices).toMatchObject({ records: 29, issues: 1 });
    expect(result.issues[0]).toMatchObject({ dataType: 'invoices', recordId: 'i-0005', raw: expect.objectContaining({ total: 'lots' }) });
  });

  it('killed after every acknowledged page and resumed: every record delivered, no gaps', async () => {
    const ledger = makeLedger();
    const connection = await ledger.connection(await link(ledger), 'acme');
    const checkpointStore = new MemoryCheckpointStore();
    const delivered: string[] = [];
    let runs = 0;
    for (;;) {
      runs++;
      let acked = 0;
      const crashing = {
        async write(batch: SyncBatch) {
          // Dies before storing its second non-empty page of the run (empty pages carry nothing to lose).
          if (acked >= 1 && batch.records.length > 0) throw new Error('process killed');
          for (const r of batch.records) delivered.push(`${batch.dataType}:${r.id}`);
          if (batch.records.length > 0) acked++;
        },
      };
      try {
        const result = await ledger.sync(connection, { sink: crashing, checkpointStore });
        if (result.status === 'ok') break;
      } catch (err) {
        expect((err as Error).message).toBe('process killed');
      }
      expect(runs).toBeLessThan(50);
    }
    const unique = new Set(delivered);
    expect(unique.size).toBe(55);
    // Each run died before storing a page, and the checkpoint had moved past every stored one: no duplicates at all.
    expect(delivered.length).toBe(55);
  });
});
