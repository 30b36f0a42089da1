/**
 * A cross-process lock built on exclusive file creation (`open(path, 'wx')`), for the file token store.
 *
 * - Acquire: create the lock file exclusively; when it exists, retry with jittered exponential backoff until
 *   `timeoutMs`.
 * - Liveness: the holder touches the file every `staleMs / 4`, so a long critical section is never mistaken for a dead
 *   holder; a lock whose modification time is older than `staleMs` belongs to a crashed process and is broken.
 * - Breaking is itself serialised by a second exclusive `.break` file and re-checks the lock's identity (inode and
 *   mtime) before removing it, so two waiters can never both break and then both "own" the lock.
 * - Release removes the file only while it still carries this holder's random token.
 *
 * Times are wall-clock (file modification times are), not the injected clock.
 * @module
 * @internal
 */
import type { Stats } from 'node:fs';
import { mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { AuthError } from '../errors';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** A lock not touched for this long is considered abandoned (default 10 000 ms). */
  staleMs?: number;
  /** Give up acquiring after this long (default 30 000 ms). */
  timeoutMs?: number;
  /** First retry delay (default 2 ms); doubles up to `maxRetryMs` (default 50 ms), with jitter. */
  minRetryMs?: number;
  maxRetryMs?: number;
}

/** True when `err` is a Node system error with this `code`. */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function tryStat(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

async function tryUnlink(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}

async function createExclusive(path: string, content: string, createDir = true): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    if (isErrno(err, 'ENOENT') && createDir) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return createExclusive(path, content, false);
    }
    throw err;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

async function holds(path: string, token: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')).includes(token);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
}

async function breakStale(path: string, observed: Stats, staleMs: number): Promise<void> {
  const breaker = `${path}.break`;
  if (!(await createExclusive(breaker, String(process.pid)))) {
    const b = await tryStat(breaker);
    // A breaker left by a process that died while breaking: far older than any real breaking takes.
    if (b && Date.now() - b.mtimeMs > Math.max(staleMs, 5000) * 2) await tryUnlink(breaker);
    return;
  }
  try {
    const now = await tryStat(path);
    if (now && now.ino === observed.ino && now.mtimeMs === observed.mtimeMs && Date.now() - now.mtimeMs > staleMs) {
      await tryUnlink(path);
    }
  } finally {
    await tryUnlink(breaker);
  }
}

/**
 * Runs `fn` while holding the lock file at `path` (created with its directory if needed).
 * @throws {AuthError} when the lock cannot be acquired within `timeoutMs`.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const minRetry = options.minRetryMs ?? 2;
  const maxRetry = options.maxRetryMs ?? 50;
  const token = randomBytes(16).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), token, at: new Date().toISOString() });
  const deadline = Date.now() + timeoutMs;
  let delay = minRetry;
  for (;;) {
    if (await createExclusive(path, content)) break;
    const s = await tryStat(path);
    if (!s) continue;
    if (Date.now() - s.mtimeMs > staleMs) {
      await breakStale(path, s, staleMs);
      continue;
    }
    if (Date.now() > deadline) {
      throw new AuthError(`timed out after ${timeoutMs} ms waiting for the token store lock ${path}`, { retryable: true });
    }
    await sleep(delay / 2 + Math.random() * delay);
    delay = Math.min(maxRetry, delay * 2);
  }

  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = true;
    const t = new Date();
    holds(path, token)
      .then((mine) => (mine ? utimes(path, t, t) : undefined))
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, Math.max(50, Math.floor(staleMs / 4)));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    if (await holds(path, token).catch(() => false)) await tryUnlink(path);
  }
}
