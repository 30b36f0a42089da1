/** `npm run demo -- --provider sage` runs to the end, the full sync uses exactly the minimum API calls, the incremental sync returns exactly the changes (a delete included), and the written invoice comes back. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('Sage demo', () => {
  it('syncs the Sage emulator with API calls equal to the minimum and re-syncs only the changes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ledgerlink-demo-sage-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--provider', 'sage', '--out', out, '--contacts', '30', '--invoices', '450'], { cwd: root, timeout: 90_000 });
      const full = /2\. Full sync[\s\S]*?API calls (\d+) \(minimum possible (\d+)\)/.exec(stdout);
      expect(full, stdout).not.toBeNull();
      expect(full![1]).toBe(full![2]);
      expect(stdout).toContain('records returned by incremental reads: 4 (changed: 4)');
      expect(stdout).toMatch(/the new invoice is there/);
      const invoices = (await readFile(join(out, 'records', 'invoices.ndjson'), 'utf8')).trim().split('\n');
      expect(invoices).toHaveLength(450);
      const changes = (await readFile(join(out, 'changes', 'invoices.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { isDeleted: boolean; status?: string });
      expect(changes).toHaveLength(3);
      expect(changes.filter((c) => c.isDeleted)).toHaveLength(2); // the voided one and the deleted one
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
