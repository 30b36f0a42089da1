/**
 * Benchmark part 2: map + validate throughput on the same Xero invoice payloads — ledgerlink's mapper and zod schema
 * (`mapRecord`: Xero JSON → canonical invoice, validated) against xero-node's `ObjectSerializer.deserialize` (JSON →
 * its model classes, no validation). Pages are fetched once from the emulator, then each side runs over the same
 * parsed pages, alternating rounds so neither profits from a warmer machine.
 */
import { ObjectSerializer } from 'xero-node/dist/gen/model/accounting/models';
import { mapRecord } from '../../src/resources/map-record';
import { xero } from '../../providers/xero';
import type { ContenderInput } from './contender';

export interface MapThroughput {
  records: number;
  ledgerlinkPerSec: number;
  xeroNodePerSec: number;
  /** ledgerlink ÷ xero-node (higher is better for ledgerlink). */
  ratio: number;
  issues: number;
}

export async function measureMapThroughput(input: Omit<ContenderInput, 'kind'>, accessToken: string, pages = 20, rounds = 5): Promise<MapThroughput> {
  const bodies: Array<{ Invoices: unknown[] }> = [];
  for (let page = 1; page <= pages; page++) {
    const res = await fetch(`${input.api}/Invoices?page=${page}&pageSize=100&where=${encodeURIComponent('Type=="ACCREC"')}`, {
      headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': input.tenantId, accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} fetching page ${page}`);
    bodies.push((await res.json()) as { Invoices: unknown[] });
  }
  const instance = xero({ clientId: 'bench', clientSecret: 'bench-secret', redirectUri: 'http://localhost/callback' });
  const def = instance.descriptor.resources.invoices!;
  const ctx = { provider: 'xero', tenant: { id: input.tenantId, name: 'bench' }, includeRaw: false };
  const records = bodies.reduce((n, b) => n + b.Invoices.length, 0);
  let issues = 0;
  const ours = () => {
    for (const body of bodies) for (const raw of body.Invoices) if (!mapRecord('invoices', def, raw, ctx).ok) issues++;
  };
  // xero-node deserialises the envelope it received (as getInvoices does with response.data).
  const theirs = () => {
    for (const body of bodies) ObjectSerializer.deserialize(body, 'Invoices');
  };
  ours();
  theirs(); // warm-up
  issues = 0;
  let oursMs = 0;
  let theirsMs = 0;
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    ours();
    oursMs += performance.now() - t;
    t = performance.now();
    theirs();
    theirsMs += performance.now() - t;
  }
  const ledgerlinkPerSec = Math.round((records * rounds) / (oursMs / 1000));
  const xeroNodePerSec = Math.round((records * rounds) / (theirsMs / 1000));
  return { records, ledgerlinkPerSec, xeroNodePerSec, ratio: ledgerlinkPerSec / xeroNodePerSec, issues: issues / rounds };
}
