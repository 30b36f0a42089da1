/**
 * The QuickBooks adapter against the QuickBooks emulator: link (discovery, PKCE, realmId from the callback) → full
 * sync of every type through the query language → changes and a hard delete → incremental sync through CDC → a
 * change set at the CDC cap falls back to the LastUpdatedTime query; plus the emulator's own behaviours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { MemoryCheckpointStore, memorySink, type SyncBatch } from '../../../src/sync';
import { quickbooks } from '../index';
import { createQuickBooksEmulator, type QuickBooksEmulator } from './index';
import { parseQuery, QuerySyntaxError } from './query';

function ledgerFor(e: QuickBooksEmulator) {
  return createLedger({
    providers: {
      quickbooks: quickbooks({
        clientId: e.client.clientId,
        clientSecret: e.client.clientSecret,
        redirectUri: e.client.redirectUris[0]!,
        environment: 'sandbox',
        urls: { api: e.urls.api, discoveryUrl: e.urls.discovery, revocation: e.urls.revocation },
      }),
    },
    limiter: { timeScale: 60 },
  });
}

async function link(e: QuickBooksEmulator, ledger: ReturnType<typeof ledgerFor>) {
  const { authorizationUrl } = await ledger.link.start('quickbooks');
  const url = new URL(authorizationUrl);
  expect(url.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = res.headers.get('location')!;
  expect(new URL(location).searchParams.get('realmId')).toBe(e.realmId);
  const outcome = await ledger.link.complete('quickbooks', location);
  // One realm per consent: QuickBooks never asks for a tenant choice.
  if (outcome.status === 'choose-tenant') throw new Error('a QuickBooks consent names exactly one realm');
  return ledger.connection(outcome.connection.id, 'quickbooks');
}

describe('QuickBooks adapter against the emulator', () => {
  let emu: QuickBooksEmulator;
  beforeAll(async () => {
    emu = await createQuickBooksEmulator({ seed: 3, invoices: 1100, customers: 30, timeScale: 60 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('links, syncs everything, then reads changes and deletes through CDC', async () => {
    const ledger = ledgerFor(emu);
    const connection = await link(emu, ledger);
    const checkpointStore = new MemoryCheckpointStore();
    const sink = memorySink();
    const full = await ledger.sync(connection, { sink, checkpointStore });
    expect(full.status).toBe('ok');
    expect(full.issueCount).toBe(0);
    expect(full.types.invoices).toMatchObject({ records: 1100, pages: 2 });
    // Inactive names are included (Active IN (true,false)).
    expect(full.types.customers?.records).toBe(emu.store.list('Customer').length);
    expect(full.types.bankAccounts?.records).toBe(3);
    for (const l of emu.log) {
      expect(l.realmId).toBe(emu.realmId);
      expect(l.query).toContain('minorversion=75');
    }
    const queries = emu.log.filter((l) => l.path.endsWith('/query')).map((l) => new URLSearchParams(l.query).get('query')!);
    expect(queries.filter((q) => q.includes('FROM Invoice'))).toEqual([
      'SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Invoice ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000',
    ]);
    expect(sink.records('invoices').every((r) => /^-?\d+(\.\d+)?$/.test(String(r.totalAmount)))).toBe(true);

    const inv = emu.store.list('Invoice')[5]!;
    emu.store.touch('Invoice', String(inv.Id), { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' });
    const gone = emu.store.list('Invoice')[9]!;
    emu.store.remove('Invoice', String(gone.Id));
    const before = emu.log.length;
    const sink2 = memorySink();
    const inc = await ledger.sync(connection, { sink: sink2, checkpointStore });
    expect(inc.status).toBe('ok');
    const calls = emu.log.slice(before);
    expect(calls.filter((l) => l.path.endsWith('/cdc') && l.query.includes('entities=Invoice'))).toHaveLength(1);
    expect(calls.filter((l) => l.path.endsWith('/query') && l.query.includes('Invoice'))).toHaveLength(0);
    const changed = sink2.records('invoices');
    expect(changed.find((r) => r.id === inv.Id)).toMatchObject({ status: 'Void' });
    expect(changed.find((r) => r.id === gone.Id)).toMatchObject({ isDeleted: true });
    expect(changed).toHaveLength(2);

    // 1000 changes hit the CDC cap: the reader must not trust the feed and falls back to the query.
    for (const r of emu.store.list('Invoice').slice(0, 1000)) emu.store.touch('Invoice', String(r.Id), { PrivateNote: 'bulk' });
    const mark = emu.log.length;
    const sink3 = memorySink();
    const capped = await ledger.sync(connection, { sink: sink3, checkpointStore });
    expect(capped.status).toBe('ok');
    const after = emu.log.slice(mark);
    expect(after.some((l) => l.path.endsWith('/cdc') && l.query.includes('entities=Invoice'))).toBe(true);
    const fallbackQueries = after.filter((l) => l.path.endsWith('/query')).map((l) => new URLSearchParams(l.query).get('query')!).filter((q) => q.includes('FROM Invoice'));
    expect(fallbackQueries[0]).toMatch(/^SELECT \* FROM Invoice WHERE MetaData\.LastUpdatedTime >= '.+' ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000$/);
    expect(sink3.records('invoices').length).toBe(1000);
  });
});

describe('QuickBooks emulator behaviours', () => {
  it('parses the query language with a tokenizer, not string matching', () => {
    expect(parseQuery("select count(*) from Customer where Active IN (true,false) AND DisplayName = 'O\\'Brien' orderby Id desc startposition 3 maxresults 7")).toEqual({
      count: true,
      entity: 'Customer',
      where: [
        { field: 'Active', op: 'IN', values: [true, false] },
        { field: 'DisplayName', op: '=', values: ["O'Brien"] },
      ],
      orderBy: { field: 'Id', desc: true },
      startPosition: 3,
      maxResults: 7,
    });
    expect(() => parseQuery('SELECT * FROM Invoice WHERE Id = 1 OR Id = 2')).toThrow(QuerySyntaxError);
    expect(() => parseQuery('SELECT * FROM Invoice MAXRESULTS 1001')).toThrow(QuerySyntaxError);
    expect(() => parseQuery("SELECT * FROM Invoice WHERE DocNumber = 'x")).toThrow(QuerySyntaxError);
  });

  it('answers an exhausted query with an empty QueryResponse, a bad query with a Fault, and a bad token with a 401 carrying intuit_tid', async () => {
    const e = await createQuickBooksEmulator({ seed: 1, invoices: 3, customers: 4, });
    try {
      const ledger = ledgerFor(e);
      const conn = await link(e, ledger);
      const page = await conn.request<{ QueryResponse: Record<string, unknown> }>({ method: 'GET', url: '/query', query: { query: 'SELECT * FROM Invoice STARTPOSITION 100' } });
      expect(page.data.QueryResponse).toEqual({});
      await expect(conn.request({ method: 'GET', url: '/query', query: { query: 'SELECT * FROM Invoice WHERE' } })).rejects.toMatchObject({ code: 'validation_error', requestId: expect.any(String) });
      const res = await fetch(`${e.urls.api}/v3/company/${e.realmId}/query?minorversion=75&query=SELECT%20*%20FROM%20Item`, { headers: { authorization: 'Bearer nope' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('intuit_tid')).toBeTruthy();
      // A Fault inside HTTP 200 (QuickBooks does this for some query errors) is still an error, with its intuit_tid.
      e.injectFault({ status: 200, body: { Fault: { Error: [{ Message: 'Stale Object Error', Detail: 'Stale Object Error : You and root were working on this at the same time.', code: '5010' }], type: 'ValidationFault' }, time: '2024-05-29T14:58:03.036-07:00' } });
      await expect(conn.request({ method: 'GET', url: '/query', query: { query: 'SELECT * FROM Item' } })).rejects.toMatchObject({ code: 'conflict', providerCode: '5010', requestId: expect.any(String) });
      // Revocation posts JSON { token } with Basic auth (the emulator answers 4xx to anything else, which would throw).
      await ledger.revoke(conn.id);
      await expect(conn.request({ method: 'GET', url: '/query', query: { query: 'SELECT * FROM Item' } })).rejects.toMatchObject({ relinkRequired: true });
    } finally {
      await e.close();
    }
  });
});

describe('QuickBooks throttling end to end', () => {
  it('a plain 429 (no Retry-After) holds the realm for a scaled minute, then the sync finishes with every invoice', async () => {
    const e = await createQuickBooksEmulator({ seed: 4, invoices: 30, customers: 4, timeScale: 60 });
    try {
      const ledger = ledgerFor(e); // limiter time ×60: QuickBooks' 60 s back-off lasts one real second
      const conn = await link(e, ledger);
      e.log.length = 0;
      // ❓ the 429 body is the emulator's guess (reference §3); what matters is that it carries no Retry-After.
      e.injectFault({ status: 429, body: { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request limit was reached.', code: '003001' }], type: 'SystemFault' } }, times: 2 });
      const sink = memorySink();
      const result = await ledger.sync(conn, { sink, checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices'] });
      expect(result.status).toBe('ok');
      expect(sink.records('invoices')).toHaveLength(e.store.list('Invoice').length);
      expect(e.log.filter((l) => l.status === 429)).toHaveLength(2);
      expect(result.types.invoices?.apiCalls).toBe(3); // two throttled attempts, then the page
    } finally {
      await e.close();
    }
  });
});

describe('QuickBooks sync killed and resumed', () => {
  it('killed after every acknowledged page: the query walk resumes at its STARTPOSITION, nothing lost or repeated', async () => {
    const e = await createQuickBooksEmulator({ seed: 9, invoices: 2500, customers: 10 });
    try {
      const ledger = ledgerFor(e);
      const connection = await link(e, ledger);
      const checkpointStore = new MemoryCheckpointStore();
      const delivered: string[] = [];
      let runs = 0;
      for (;;) {
        runs++;
        let acked = 0;
        const crashing = {
          async write(batch: SyncBatch) {
            if (acked >= 1 && batch.records.length > 0) throw new Error('process killed');
            for (const r of batch.records) delivered.push(String(r.id));
            if (batch.records.length > 0) acked++;
          },
        };
        try {
          const result = await ledger.sync(connection, { sink: crashing, checkpointStore, dataTypes: ['invoices'] });
          if (result.status === 'ok') break;
        } catch (err) {
          expect((err as Error).message).toBe('process killed');
        }
        expect(runs).toBeLessThan(10);
      }
      expect(delivered).toHaveLength(2500);
      expect(new Set(delivered).size).toBe(2500);
      const starts = e.log.filter((l) => l.path.endsWith('/query')).map((l) => /STARTPOSITION (\d+)/.exec(new URLSearchParams(l.query).get('query')!)?.[1]);
      // Each run resumes at the STARTPOSITION after its last acknowledged page. With the sync engine's read-ahead,
      // the page after the one being written has already been requested when the run dies (1001 → 2001, 2001 → none:
      // it is the last page), so a killed run costs at most one read more than it delivered.
      expect(starts).toEqual(['1', '1001', '2001', '1001', '2001', '2001']);
    } finally {
      await e.close();
    }
  });
});
