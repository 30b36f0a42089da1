/**
 * Real separate processes sharing one FileTokenStore directory: token refresh (exactly one refresh per rotation, no
 * invalid_grant), compare-and-set (no lost update) and a writer killed with SIGKILL (no partial file).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/file-token-store';
import { createLinkFlow } from '../../src/auth/link';
import { MemoryLinkStateStore } from '../../src/auth/memory-link-state-store';
import type { Clock } from '../../src/clock';
import { consent, fetchRequestFactory, startHarness, testProvider, type Harness } from './harness';

const childScript = fileURLToPath(new URL('./multi-process-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Child {
  proc: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
  lines: string[];
}

function startChild(config: Record<string, unknown>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(config)], { cwd: root, stdio: 'pipe' });
  let out = '';
  let err = '';
  const lines: string[] = [];
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    lines.splice(0, lines.length, ...out.split('\n').filter((l) => l !== ''));
    if (lines.includes('ready')) onReady();
  });
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { proc, ready, result, lines };
}

function resultOf(out: string): Record<string, unknown> {
  const line = out.split('\n').filter((l) => l.startsWith('{')).pop();
  expect(line, `child printed no result: ${out}`).toBeTruthy();
  return JSON.parse(line!) as Record<string, unknown>;
}

async function linkedStore(h: Harness, clock: Clock, dir: string, key: string): Promise<string> {
  const store = new FileTokenStore({ path: dir, key });
  const link = createLinkFlow({
    providers: { testprov: testProvider(h) },
    tokenStore: store,
    linkStateStore: new MemoryLinkStateStore({ clock }),
    clock,
    requestFactory: fetchRequestFactory,
    oauth: { clock },
  });
  const { authorizationUrl } = await link.start('testprov');
  const result = await link.complete('testprov', await consent(authorizationUrl, { emulator_tenants: 'tenant-a' }));
  if (result.status !== 'linked') throw new Error('expected one tenant');
  return result.connection.id;
}

async function setup(scale: number) {
  const epoch = Date.now();
  const clock: Clock = {
    now: () => epoch + (Date.now() - epoch) * scale,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms / scale)),
  };
  const h = await startHarness({ clock, rotation: { kind: 'rotating' }, accessTokenTtlSec: 1800 });
  cleanups.push(() => h.close());
  const dir = await mkdtemp(join(tmpdir(), 'll-mp-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const key = randomBytes(32).toString('base64');
  const connectionId = await linkedStore(h, clock, dir, key);
  return { h, clock, dir, key, connectionId, epoch };
}

describe('several real processes on one FileTokenStore', () => {
  it('refresh: exactly one refresh grant per rotation across 5 processes, zero invalid_grant', async () => {
    // Time runs 900× faster: a 30-minute Xero-like access token lives 2 s, refreshed 60 s (≈67 ms) ahead.
    const scale = 900;
    const s = await setup(scale);
    const initial = (await new FileTokenStore({ path: s.dir, key: s.key }).get(s.connectionId))!.value.tokens.accessToken;
    const startScaled = s.clock.now();
    const children = Array.from({ length: 5 }, () =>
      startChild({
        mode: 'refresh',
        dir: s.dir,
        key: s.key,
        connectionId: s.connectionId,
        baseUrl: s.h.baseUrl,
        issuer: s.h.issuer,
        epoch: s.epoch,
        scale,
        durationMs: 6500,
        refreshAheadMs: 60_000,
      }),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.write('go\n');
    const results = await Promise.all(children.map((c) => c.result));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const outs = results.map((r) => resultOf(r.out) as { seen: string[]; calls: number; failures: number; unauthorized: number });
    const stats = s.h.oauth.stats();
    expect(stats.invalidGrants).toBe(0);
    expect(outs.every((o) => o.failures === 0)).toBe(true);
    expect(outs.every((o) => o.calls > 20)).toBe(true);

    const refreshed = new Set(outs.flatMap((o) => o.seen).filter((t) => t !== initial));
    // Every refresh produced a token some process used, and no rotation was refreshed twice.
    expect(stats.refreshGrants).toBe(refreshed.size);
    expect(stats.refreshGrants).toBeGreaterThanOrEqual(2);
    const elapsed = s.clock.now() - startScaled;
    expect(stats.refreshGrants).toBeLessThanOrEqual(Math.floor(elapsed / (1800_000 - 60_000)) + 1);
    for (const t of refreshed) expect(t.split('.')).toHaveLength(3);
  }, 60_000);

  it('compare-and-set: 4 processes × 40 increments lose no update', async () => {
    const s = await setup(1);
    const children = Array.from({ length: 4 }, () =>
      startChild({ mode: 'cas', dir: s.dir, key: s.key, connectionId: s.connectionId, baseUrl: s.h.baseUrl, issuer: s.h.issuer, epoch: s.epoch, scale: 1, increments: 40 }),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.write('go\n');
    const results = await Promise.all(children.map((c) => c.result));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const rec = (await new FileTokenStore({ path: s.dir, key: s.key }).get(s.connectionId))!;
    expect(rec.value.metadata?.counter).toBe(160);
    expect(rec.version).toBe(161);
    const conflicts = results.map((r) => (resultOf(r.out) as { conflicts: number }).conflicts).reduce((a, b) => a + b, 0);
    expect(conflicts).toBeGreaterThan(0);
  }, 60_000);

  it('a writer killed with SIGKILL mid-write leaves a complete, decryptable record', async () => {
    const s = await setup(1);
    for (const delay of [5, 40, 120]) {
      const child = startChild({ mode: 'write', dir: s.dir, key: s.key, connectionId: s.connectionId, baseUrl: s.h.baseUrl, issuer: s.h.issuer, epoch: s.epoch, scale: 1 });
      await child.ready;
      child.proc.stdin.write('go\n');
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (child.lines.includes('writing')) {
            clearInterval(check);
            resolve();
          }
        }, 2);
      });
      await new Promise((r) => setTimeout(r, delay));
      child.proc.kill('SIGKILL');
      const r = await child.result;
      expect(r.signal).toBe('SIGKILL');
      const store = new FileTokenStore({ path: s.dir, key: s.key, lockStaleMs: 300 });
      const rec = (await store.get(s.connectionId))!;
      expect(rec.value.id).toBe(s.connectionId);
      expect(typeof rec.value.metadata?.counter).toBe('number');
      // A lock the dead writer may have held is recovered, and writing goes on.
      expect((await store.compareAndSet(s.connectionId, rec.version, rec.value)).ok).toBe(true);
      expect((await store.list()).map((c) => c.id)).toEqual([s.connectionId]);
    }
    expect((await readdir(s.dir)).filter((f) => f.endsWith('.conn'))).toHaveLength(1);
  }, 60_000);
});
