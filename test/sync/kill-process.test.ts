/**
 * The real thing: a child process syncing into NDJSON files with a file checkpoint store is killed with SIGKILL at
 * arbitrary moments and started again until it completes. Every file must stay valid NDJSON, every record must be
 * there, and each kill may cause at most one batch of duplicates.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KILL_TEST_PAGE_SIZE, killTestData } from './kill-data';
import { countBy } from './helpers';

const child = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the child; kills it `killAfterMs` after its `killAtAck`-th ack when given. Resolves with its output and fate. */
function runChild(dir: string, killAtAck?: number, killAfterMs = 0): Promise<{ killed: boolean; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).length;
      if (killAtAck !== undefined && !killed && acks >= killAtAck) {
        killed = true;
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal !== null && signal !== 'SIGKILL') reject(new Error(`child died of ${signal}: ${err}`));
      else if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ killed: signal === 'SIGKILL', code, out });
    });
  });
}

async function ndjson(path: string): Promise<Array<{ id: string; isDeleted: boolean }>> {
  const text = await readFile(path, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: string; isDeleted: boolean });
}

describe('sync killed with SIGKILL and restarted', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('loses nothing, keeps the NDJSON valid and duplicates at most one batch per kill', async () => {
    // [kill after this many acks of the run, this many ms later]: right after an ack (before its checkpoint), and
    // a few ms later (mid-read, mid-write or mid-save).
    const kills = [
      [1, 0],
      [4, 7],
      [8, 2],
      [13, 0],
    ] as const;
    const dir = await mkdtemp(join(tmpdir(), 'ledgerlink-kill-'));
    dirs.push(dir);
    let actualKills = 0;
    for (const [ack, delay] of kills) {
      const run = await runChild(dir, ack, delay);
      if (run.killed) actualKills++;
    }
    const final = await runChild(dir);
    expect(final.out).toContain('done ok');
    expect(actualKills).toBeGreaterThan(0);

    const data = killTestData();
    for (const [dataType, entries] of Object.entries(data)) {
      const lines = await ndjson(join(dir, 'out', `${dataType}.ndjson`));
      const counts = countBy(lines.map((l) => l.id));
      const expected = entries!.map((e) => (e.kind === 'record' ? e.record.id : e.id));
      expect([...counts.keys()].sort()).toEqual([...expected].sort());
      const duplicates = lines.length - counts.size;
      expect(duplicates).toBeLessThanOrEqual(actualKills * KILL_TEST_PAGE_SIZE);
      // A re-delivered batch may repeat a delete (at-least-once, bounded above); the set of deletes must be exact.
      if (dataType === 'invoices') expect([...new Set(lines.filter((l) => l.isDeleted).map((l) => l.id))].sort()).toEqual(['inv-del-1', 'inv-del-2']);
    }
    const state = JSON.parse(await readFile(join(dir, 'state', 'fake%3Aconn-1.checkpoint.json'), 'utf8')) as {
      types: Record<string, { watermark?: string; cursor?: unknown }>;
    };
    expect(Object.keys(state.types).sort()).toEqual(['accounts', 'customers', 'invoices']);
    expect(Object.values(state.types).every((t) => t.watermark !== undefined && t.cursor === undefined)).toBe(true);
  }, 60_000);
});
