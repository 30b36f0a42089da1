/** The Xero emulator's own fault injection (`faults` option and `--fault` CLI rules) and the adapter's recovery. */
import { describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { countingSink, MemoryCheckpointStore } from '../../../src/sync';
import { xero } from '../index';
import { parseFaultSpec } from './cli';
import { createXeroEmulator } from './index';

describe('--fault rules', () => {
  it('parse status codes, kinds, every and at', () => {
    expect(parseFaultSpec('429@every=10')).toEqual({ fault: 'status', status: 429, headers: { 'retry-after': '1', 'x-rate-limit-problem': 'minute' }, every: 10 });
    expect(parseFaultSpec('503')).toEqual({ fault: 'status', status: 503 });
    expect(parseFaultSpec('hang@at=2+5')).toEqual({ fault: 'hang', at: [2, 5] });
    expect(parseFaultSpec('lose-response@every=3')).toEqual({ fault: 'lose-response', every: 3 });
    expect(() => parseFaultSpec('explode')).toThrow(/unknown fault explode/);
    expect(() => parseFaultSpec('429@sometimes=2')).toThrow(/expected/);
  });
});

describe('createXeroEmulator({ faults })', () => {
  it('answers through a fault proxy, and a sync through it still delivers every invoice', async () => {
    const emu = await createXeroEmulator({
      seed: 9,
      invoices: 250,
      timeScale: 60,
      faults: [parseFaultSpec('429@every=4'), parseFaultSpec('503@every=5'), parseFaultSpec('reset@at=7'), parseFaultSpec('truncate@at=9')],
    });
    try {
      expect(emu.faultProxy).toBeDefined();
      expect(emu.urls.api).toBe(emu.faultProxy!.url);
      const ledger = createLedger({
        providers: { xero: xero({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, urls: { api: emu.urls.api, issuer: emu.urls.issuer, connections: emu.urls.connections } }) },
        limiter: { timeScale: 60 },
        retry: { minDelayMs: 1, maxDelayMs: 10 },
      });
      const { authorizationUrl } = await ledger.link.start('xero');
      const res = await fetch(authorizationUrl, { redirect: 'manual' });
      const outcome = await ledger.link.complete('xero', res.headers.get('location')!);
      const id = outcome.status === 'choose-tenant' ? (await outcome.complete(emu.tenants[0]!.id)).connection.id : outcome.connection.id;
      const sink = countingSink();
      const result = await ledger.sync(await ledger.connection(id), { sink, checkpointStore: new MemoryCheckpointStore(), dataTypes: ['invoices', 'bills'] });
      expect(result.status).toBe('ok');
      const docs = emu.store.list('Invoices');
      expect(sink.counts.invoices?.records).toBe(docs.filter((d) => d.Type === 'ACCREC').length);
      expect(sink.counts.bills?.records).toBe(docs.filter((d) => d.Type === 'ACCPAY').length);
      expect(emu.faultProxy!.faults()).toMatchObject({ status: expect.any(Number), reset: 1, truncate: 1 });
    } finally {
      await emu.close();
    }
  });
});
