/** The main job: `npm run demo` must run to the end and report API calls equal to the minimum. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sandbox demo', () => {
  it('links, syncs to NDJSON and re-syncs only the changes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledgerlink-demo-'));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'examples/demo.ts', '--provider', 'sandbox', '--out', dir, '--contacts', '30', '--invoices', '50'],
      { cwd: root, timeout: 60_000 },
    );
    expect(stdout).toMatch(/linked Acme Widgets Ltd as connection conn_[0-9a-f]{32}/);
    expect(stdout).toContain('API calls 11 (minimum possible 11)');
    expect(stdout).toContain('API calls 2 (minimum possible 2)');
    const invoices = (await readFile(join(dir, 'records', 'invoices.ndjson'), 'utf8')).trim().split('\n');
    expect(invoices).toHaveLength(50);
    expect(JSON.parse(invoices[0]!)).toMatchObject({ id: 'i-0001', totalAmount: '100.01' });
    const changes = (await readFile(join(dir, 'changes', 'invoices.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; isDeleted: boolean });
    expect(changes.map((c) => c.id).sort()).toEqual(['i-0003', 'i-0007', 'i-0010', 'i-0042']);
    expect(changes.find((c) => c.id === 'i-0007')?.isDeleted).toBe(true);
  });
});

describe('Xero demo (the default)', () => {
  it('syncs the Xero emulator with API calls equal to the minimum and re-syncs only the changes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ledgerlink-demo-xero-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--out', out, '--invoices', '150'], {
        cwd: root,
        timeout: 90_000,
      });
      expect(stdout).toContain('linked Demo Company (UK) as connection conn_');
      const calls = [...stdout.matchAll(/API calls (\d+) \(minimum possible (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(calls).toHaveLength(2);
      for (const [used, minimum] of calls) expect(used).toBe(minimum);
      expect(stdout).toContain('records returned by incremental reads: 3 (changed: 3)');
      expect(stdout).toMatch(/5\. Created invoice DEMO-0001 for .+: 250(\.00)?, Draft/);
      expect(stdout).toContain('the new invoice is there');
      const written = (await readFile(join(out, 'written', 'invoices.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { number?: string; totalAmount: string });
      // The new invoice, plus at most the invoices step 3 changed (re-delivered from the watermark's safety overlap).
      expect(written.filter((w) => w.number === 'DEMO-0001')).toEqual([expect.objectContaining({ totalAmount: '250' })]);
      expect(written.length).toBeLessThanOrEqual(3);
      const invoices = (await readFile(join(out, 'records', 'invoices.ndjson'), 'utf8')).trim().split('\n');
      expect(invoices).toHaveLength(150);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe.each(['quickbooks', 'freeagent'])('%s demo', (provider) => {
  it('syncs the emulator with API calls equal to the minimum, re-syncs the changes and shows the written invoice', async () => {
    const out = await mkdtemp(join(tmpdir(), `ledgerlink-demo-${provider}-`));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--provider', provider, '--out', out, '--invoices', '150', '--contacts', '30'], {
        cwd: root,
        timeout: 120_000,
      });
      const calls = [...stdout.matchAll(/API calls (\d+) \(minimum possible (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(calls).toHaveLength(2);
      for (const [used, minimum] of calls) expect(used).toBe(minimum);
      expect(stdout).toMatch(/5\. Created invoice DEMO-0001 for .+/);
      expect(stdout).toContain('the new invoice is there');
      const invoices = (await readFile(join(out, 'records', 'invoices.ndjson'), 'utf8')).trim().split('\n');
      expect(invoices).toHaveLength(150);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 150_000);
});
