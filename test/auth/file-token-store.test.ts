/**
 * FileTokenStore: the contract, encryption at rest, tamper and wrong-key detection, atomic writes, lock recovery.
 * (Memory store contract too, since it is the reference.)
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthError, ConfigurationError } from '../../src/errors';
import { FileTokenStore } from '../../src/auth/file-token-store';
import { MemoryTokenStore } from '../../src/auth/memory-token-store';
import { MemoryLinkStateStore } from '../../src/auth/memory-link-state-store';
import { parseEncryptionKey } from '../../src/auth/crypto';
import { connection, storeContract } from './store-contract';
import { ManualClock } from './harness';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'll-fts-'));
  dirs.push(d);
  return d;
}

storeContract('MemoryTokenStore', async () => new MemoryTokenStore());
storeContract('FileTokenStore', async () => new FileTokenStore({ path: await tempDir(), key: randomBytes(32) }));

async function onlyConnFile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.conn'));
  expect(files).toHaveLength(1);
  return join(dir, files[0]!);
}

describe('FileTokenStore encryption', () => {
  it('never writes a token, tenant or metadata in clear, and keeps files private', async () => {
    const dir = await tempDir();
    const store = new FileTokenStore({ path: dir, key: randomBytes(32) });
    const value = connection('conn_secret');
    await store.compareAndSet(value.id, null, value);
    const file = await onlyConnFile(dir);
    const raw = await readFile(file, 'utf8');
    for (const s of [value.tokens.accessToken, value.tokens.refreshToken!, 'Alpha Ltd', 'cus_1']) expect(raw).not.toContain(s);
    expect(JSON.parse(raw)).toMatchObject({ format: 'ledgerlink-token-store/1', id: 'conn_secret', sealed: { format: 'ledgerlink-aes-256-gcm/1' } });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
    // A fresh IV per write: the same value sealed twice differs.
    await store.compareAndSet(value.id, 1, value);
    const again = JSON.parse(await readFile(file, 'utf8')) as { sealed: { iv: string; data: string } };
    expect(again.sealed.iv).not.toBe((JSON.parse(raw) as { sealed: { iv: string } }).sealed.iv);
    expect(JSON.stringify(store)).not.toContain('key');
  });

  it('accepts base64 and hex keys and rejects keys that are not 32 bytes', async () => {
    const dir = await tempDir();
    const key = randomBytes(32);
    await new FileTokenStore({ path: dir, key: key.toString('base64') }).compareAndSet('conn_1', null, connection('conn_1'));
    expect((await new FileTokenStore({ path: dir, key: key.toString('hex') }).get('conn_1'))?.version).toBe(1);
    expect((await new FileTokenStore({ path: dir, key: key.toString('base64url') }).get('conn_1'))?.version).toBe(1);
    expect(() => new FileTokenStore({ path: dir, key: randomBytes(16) })).toThrow(ConfigurationError);
    expect(() => new FileTokenStore({ path: dir, key: 'not a key!' })).toThrow(ConfigurationError);
    const err = (() => {
      try {
        parseEncryptionKey('c2hvcnQ=');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).not.toContain('c2hvcnQ=');
  });

  it('reports a wrong key as a ConfigurationError naming the key mismatch, never garbage', async () => {
    const dir = await tempDir();
    await new FileTokenStore({ path: dir, key: randomBytes(32) }).compareAndSet('conn_1', null, connection('conn_1'));
    const wrong = new FileTokenStore({ path: dir, key: randomBytes(32) });
    const err = await wrong.get('conn_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toMatch(/another key/);
    await expect(wrong.list()).rejects.toBeInstanceOf(ConfigurationError);
    await expect(wrong.compareAndSet('conn_1', 1, connection('conn_1'))).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('detects tampering: any flipped byte of the ciphertext, tag or IV fails the integrity check', async () => {
    const dir = await tempDir();
    const store = new FileTokenStore({ path: dir, key: randomBytes(32) });
    await store.compareAndSet('conn_1', null, connection('conn_1'));
    const file = await onlyConnFile(dir);
    const original = await readFile(file, 'utf8');
    for (const field of ['data', 'tag', 'iv'] as const) {
      const content = JSON.parse(original) as { sealed: Record<string, string> };
      const bytes = Buffer.from(content.sealed[field]!, 'base64url');
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      content.sealed[field] = bytes.toString('base64url');
      await writeFile(file, JSON.stringify(content));
      const err = await store.get('conn_1').catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(AuthError);
      expect((err as Error).message).toMatch(/integrity/);
    }
    await writeFile(file, original.slice(0, original.length / 2));
    await expect(store.get('conn_1')).rejects.toThrow(/integrity/);
    await writeFile(file, original);
    expect((await store.get('conn_1'))?.value).toEqual(connection('conn_1'));
  });

  it('binds a record to its connection id (a file moved or relabelled under another id is refused)', async () => {
    const dir = await tempDir();
    const store = new FileTokenStore({ path: dir, key: randomBytes(32) });
    await store.compareAndSet('conn_1', null, connection('conn_1'));
    await store.compareAndSet('conn_2', null, connection('conn_2'));
    const stem = (id: string) => join(dir, `${Buffer.from(id).toString('hex')}.conn`);
    await copyFile(stem('conn_1'), stem('conn_2'));
    await expect(store.get('conn_2')).rejects.toThrow(/another connection/);
    const relabelled = JSON.parse(await readFile(stem('conn_1'), 'utf8')) as { id: string };
    relabelled.id = 'conn_2';
    await writeFile(stem('conn_2'), JSON.stringify(relabelled));
    await expect(store.get('conn_2')).rejects.toThrow(/integrity/);
  });
});

describe('FileTokenStore durability and locking', () => {
  it('readers never see a partial file while writers replace it', async () => {
    const dir = await tempDir();
    const key = randomBytes(32);
    const writer = new FileTokenStore({ path: dir, key });
    const reader = new FileTokenStore({ path: dir, key });
    await writer.compareAndSet('conn_1', null, connection('conn_1'));
    let done = false;
    let reads = 0;
    const readLoop = (async () => {
      while (!done) {
        const rec = await reader.get('conn_1');
        expect(rec?.value.id).toBe('conn_1');
        reads++;
      }
    })();
    let version = 1;
    for (let i = 0; i < 150; i++) {
      const big = connection('conn_1', `at-${i}-${'z'.repeat(20_000)}`);
      const r = await writer.compareAndSet('conn_1', version, big);
      expect(r.ok).toBe(true);
      version++;
    }
    done = true;
    await readLoop;
    expect(reads).toBeGreaterThan(10);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ignores a temporary file left by a writer that died mid-write', async () => {
    const dir = await tempDir();
    const store = new FileTokenStore({ path: dir, key: randomBytes(32) });
    await store.compareAndSet('conn_1', null, connection('conn_1'));
    const file = await onlyConnFile(dir);
    await writeFile(`${file}.deadbeef0000.tmp`, '{"format":"ledgerlink-token-store/1","id":"conn_1","sea');
    expect((await store.get('conn_1'))?.version).toBe(1);
    expect((await store.list()).map((c) => c.id)).toEqual(['conn_1']);
    expect((await store.compareAndSet('conn_1', 1, connection('conn_1', 'at-2'))).ok).toBe(true);
  });

  it('recovers a lock abandoned by a crashed process (by age) and waits for a live one', async () => {
    const dir = await tempDir();
    const store = new FileTokenStore({ path: dir, key: randomBytes(32), lockStaleMs: 1000, lockTimeoutMs: 300 });
    await store.compareAndSet('conn_1', null, connection('conn_1'));
    const lock = `${await onlyConnFile(dir)}.lock`;
    await writeFile(lock, JSON.stringify({ pid: 999999, token: 'dead' }));
    const old = new Date(Date.now() - 5000);
    await utimes(lock, old, old);
    expect((await store.compareAndSet('conn_1', 1, connection('conn_1', 'at-2'))).ok).toBe(true);

    await writeFile(lock, JSON.stringify({ pid: 1, token: 'alive' }));
    const err = await store.compareAndSet('conn_1', 2, connection('conn_1', 'at-3')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).retryable).toBe(true);
    expect((await store.get('conn_1'))?.value.tokens.accessToken).toBe('at-2');
    // The live holder's lock is untouched.
    expect(JSON.parse(await readFile(lock, 'utf8'))).toEqual({ pid: 1, token: 'alive' });
  });

  it('keeps a long critical section alive with heartbeats (never broken as stale)', async () => {
    const dir = await tempDir();
    const key = randomBytes(32);
    const a = new FileTokenStore({ path: dir, key, lockStaleMs: 300 });
    const b = new FileTokenStore({ path: dir, key, lockStaleMs: 300 });
    let inside = 0;
    let max = 0;
    const section = async () => {
      inside++;
      max = Math.max(max, inside);
      await new Promise((r) => setTimeout(r, 600));
      inside--;
    };
    await Promise.all([a.withLock('refresh:x', section), b.withLock('refresh:x', section)]);
    expect(max).toBe(1);
  });
});

describe('MemoryLinkStateStore', () => {
  it('is single-use and honours the TTL', async () => {
    const clock = new ManualClock();
    const store = new MemoryLinkStateStore({ clock });
    const link = { state: 's1', provider: 'p', environment: 'production', redirectUri: 'https://x/cb', scopes: [], createdAt: 'now' };
    await store.put(link, 1000);
    expect(await store.take('s1')).toEqual(link);
    expect(await store.take('s1')).toBeUndefined();
    await store.put({ ...link, state: 's2' }, 1000);
    clock.advance(1000);
    expect(await store.take('s2')).toBeUndefined();
  });
});
