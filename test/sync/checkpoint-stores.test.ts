import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors';
import { MemoryCheckpointStore, parseSyncCheckpoint } from '../../src/sync/checkpoint-store';
import { FileCheckpointStore } from '../../src/sync/file-checkpoint-store';
import { sync } from '../../src/sync/sync';
import { memorySink } from '../../src/sync/sinks';
import type { SyncCheckpoint } from '../../src/sync/types';
import { FakeSource, many } from './fake-source';

const sample: SyncCheckpoint = {
  version: 1,
  types: {
    customers: { watermark: '2024-05-31T23:55:00.000Z' },
    invoices: {
      watermark: '2024-05-30T00:00:00.000Z',
      cursor: { version: 1, strategy: 'next-link', url: 'https://api.example.com/invoices?page=3' },
      readStartedAt: '2024-06-01T00:00:00.000Z',
      modifiedSince: '2024-05-30T00:00:00.000Z',
    },
  },
};

describe('parseSyncCheckpoint', () => {
  it('accepts a version-1 checkpoint', () => {
    expect(parseSyncCheckpoint(sample)).toEqual(sample);
  });

  it.each([
    ['another version', { version: 2, types: {} }],
    ['an unknown data type', { version: 1, types: { widgets: {} } }],
    ['a non-object cursor', { version: 1, types: { customers: { cursor: 'abc' } } }],
    ['a non-string watermark', { version: 1, types: { customers: { watermark: 5 } } }],
    ['an unparseable instant', { version: 1, types: { customers: { cursor: { offset: 3 }, readStartedAt: 'yesterday' } } }],
    ['not an object', 'hello'],
  ])('rejects %s', (_name, value) => {
    expect(() => parseSyncCheckpoint(value)).toThrow(ConfigurationError);
  });
});

describe('MemoryCheckpointStore', () => {
  it('round-trips, copies values in and out, and deletes', async () => {
    const store = new MemoryCheckpointStore();
    expect(await store.load('k')).toBeUndefined();
    const value = structuredClone(sample);
    await store.save('k', value);
    value.types.customers!.watermark = 'changed after save';
    const loaded = await store.load('k');
    expect(loaded).toEqual(sample);
    loaded!.types.customers!.watermark = 'changed after load';
    expect(await store.load('k')).toEqual(sample);
    await store.delete('k');
    expect(await store.load('k')).toBeUndefined();
  });
});

describe('FileCheckpointStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledgerlink-cp-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns undefined for a missing key, even before the directory exists', async () => {
    const store = new FileCheckpointStore(join(dir, 'not-yet'));
    expect(await store.load('xero:c1')).toBeUndefined();
  });

  it('round-trips a checkpoint and replaces it on the next save, leaving no temporary file', async () => {
    const store = new FileCheckpointStore(join(dir, 'nested', 'state'));
    await store.save('xero:c1', sample);
    expect(await store.load('xero:c1')).toEqual(sample);
    const next: SyncCheckpoint = { version: 1, types: { customers: { watermark: '2024-07-01T00:00:00.000Z' } } };
    await store.save('xero:c1', next);
    expect(await store.load('xero:c1')).toEqual(next);
    expect(await readdir(join(dir, 'nested', 'state'))).toEqual([expect.stringMatching(/\.checkpoint\.json$/)]);
    expect(JSON.parse(await readFile(store.pathFor('xero:c1'), 'utf8'))).toEqual(next);
  });

  it('keeps keys apart, whatever characters they contain', async () => {
    const store = new FileCheckpointStore(dir);
    const keys = ['xero:c1', 'xero:c2', '../escape', 'a/b', '.', '..', 'x'.repeat(400), `${'x'.repeat(400)}y`];
    for (const [i, key] of keys.entries()) {
      await store.save(key, { version: 1, types: { customers: { watermark: `2024-01-0${(i % 9) + 1}T00:00:00.000Z` } } });
    }
    for (const [i, key] of keys.entries()) {
      expect((await store.load(key))?.types.customers?.watermark).toBe(`2024-01-0${(i % 9) + 1}T00:00:00.000Z`);
    }
    const files = await readdir(dir);
    expect(files).toHaveLength(keys.length);
    expect(files.every((f) => !f.includes('/') && Buffer.byteLength(f) <= 255)).toBe(true);
    await expect(readdir(join(dir, '..'))).resolves.not.toContain('escape.checkpoint.json');
  });

  it('ignores a temporary file left by a crash mid-save', async () => {
    const store = new FileCheckpointStore(dir);
    await store.save('k', sample);
    await writeFile(`${store.pathFor('k')}.999.abc.tmp`, '{"version":1,"ty');
    expect(await store.load('k')).toEqual(sample);
  });

  it('refuses a corrupt file with a ConfigurationError naming it', async () => {
    const store = new FileCheckpointStore(dir);
    await writeFile(store.pathFor('k'), '{not json');
    await expect(store.load('k')).rejects.toThrow(/checkpoint file .* is not valid JSON/);
    await writeFile(store.pathFor('k'), '{"version":7,"types":{}}');
    await expect(store.load('k')).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('serialises concurrent saves of one key to a complete checkpoint', async () => {
    const store = new FileCheckpointStore(dir);
    const values = Array.from({ length: 20 }, (_, i): SyncCheckpoint => ({
      version: 1,
      types: { customers: { watermark: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() } },
    }));
    await Promise.all(values.map((v) => store.save('k', v)));
    expect(values).toContainEqual(await store.load('k'));
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('deletes', async () => {
    const store = new FileCheckpointStore(dir);
    await store.save('k', sample);
    await store.delete('k');
    expect(await store.load('k')).toBeUndefined();
    await store.delete('never-saved');
  });

  it('carries a sync across store instances (a new process)', async () => {
    const source = new FakeSource({ data: { customers: many('cus', 7) } });
    const controller = new AbortController();
    let pages = 0;
    const first = await sync(source, {
      sink: { write: async () => void (++pages === 2 && controller.abort()) },
      checkpointStore: new FileCheckpointStore(dir),
      signal: controller.signal,
    });
    expect(first.status).toBe('aborted');
    const sink = memorySink();
    const second = await sync(source, { sink, checkpointStore: new FileCheckpointStore(dir) });
    expect(second.types.customers).toMatchObject({ status: 'ok', resumed: true, records: 1 });
    expect(sink.records().map((r) => r.id)).toEqual(['cus-006']);
  });

  it('rejects an empty directory path', () => {
    expect(() => new FileCheckpointStore('')).toThrow(ConfigurationError);
  });
});
