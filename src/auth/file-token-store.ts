/**
 * The embedded default {@link TokenStore}: one AES-256-GCM encrypted file per connection in a directory, safe to share
 * between processes on one machine (or a shared volume with working `O_EXCL`).
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthError } from '../errors';
import { openJson, parseEncryptionKey, sealJson, type EncryptionKeyInput } from './crypto';
import { isErrno, withFileLock } from './file-lock';
import type { CasResult, StoredConnection, TokenStore, Versioned } from './types';

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** Directory holding the files (created with mode 0700 if missing). */
  path: string;
  /** 32-byte AES-256 key: a Buffer, or base64/hex text (`openssl rand -base64 32`). Keep it out of the directory. */
  key: EncryptionKeyInput;
  /** A lock untouched for this long belongs to a crashed process and is broken (default 10 000 ms). */
  lockStaleMs?: number;
  /** Give up waiting for a lock after this long (default 30 000 ms for writes, 60 000 ms for `withLock`). */
  lockTimeoutMs?: number;
}

const FILE_FORMAT = 'ledgerlink-token-store/1';
const EXT = '.conn';

interface FileContent {
  format: typeof FILE_FORMAT;
  id: string;
  sealed: unknown;
}

/** Hex of the id (safe on case-insensitive file systems); a SHA-256 for very long ids. */
function fileStem(id: string): string {
  const hex = Buffer.from(id, 'utf8').toString('hex');
  return hex.length <= 200 ? hex : `h${createHash('sha256').update(id).digest('hex')}`;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!['EINVAL', 'EPERM', 'EBADF', 'EISDIR'].some((c) => isErrno(err, c))) throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Encrypted files with versioned compare-and-set that holds across processes.
 *
 * - Each connection is one file `<hex id>.conn`: `{ format, id, sealed }`, where `sealed` is AES-256-GCM of
 *   `{ version, value }` with a fresh random 12-byte IV and the connection id as additional authenticated data.
 * - Writes go to a temporary file that is fsynced and renamed over the old one (then the directory is fsynced), so a
 *   reader sees the old or the new record, never a partial one, even if the writer is killed.
 * - `compareAndSet` runs under a per-connection lock file; `withLock` uses lock files under `locks/`. Locks of crashed
 *   processes are recovered by age (see `lockStaleMs`).
 * - A wrong key fails with a {@link ConfigurationError}; a modified file with an {@link AuthError} — never garbage.
 *
 * @example
 * const store = new FileTokenStore({ path: './.ledgerlink/tokens', key: process.env.LEDGERLINK_TOKEN_KEY! });
 */
export class FileTokenStore implements TokenStore {
  private readonly dir: string;
  private readonly lockStaleMs: number;
  private readonly lockTimeoutMs: number | undefined;
  private ready: Promise<void> | undefined;
  declare private readonly key: Buffer;

  constructor(options: FileTokenStoreOptions) {
    this.dir = options.path;
    // Non-enumerable so the key never shows up when the store is logged or inspected.
    Object.defineProperty(this, 'key', { value: parseEncryptionKey(options.key), enumerable: false });
    this.lockStaleMs = options.lockStaleMs ?? 10_000;
    this.lockTimeoutMs = options.lockTimeoutMs;
  }

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(join(this.dir, 'locks'), { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  private fileOf(id: string): string {
    return join(this.dir, `${fileStem(id)}${EXT}`);
  }

  private async read(file: string, expectedId: string | undefined): Promise<Versioned<StoredConnection> | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    }
    const where = `token store file ${file}`;
    let content: FileContent;
    try {
      content = JSON.parse(text) as FileContent;
    } catch {
      throw new AuthError(`${where} failed its integrity check: it is not valid JSON (corrupted)`);
    }
    if (content?.format !== FILE_FORMAT || typeof content.id !== 'string') {
      throw new AuthError(`${where} failed its integrity check: unknown format`);
    }
    if (expectedId !== undefined && content.id !== expectedId) {
      throw new AuthError(`${where} failed its integrity check: it holds another connection`);
    }
    const plain = openJson<{ version: number; value: StoredConnection }>(this.key, content.id, content.sealed, where);
    if (!Number.isInteger(plain.version) || plain.version < 1 || typeof plain.value !== 'object') {
      throw new AuthError(`${where} failed its integrity check: malformed record`);
    }
    return { value: plain.value, version: plain.version };
  }

  private async write(id: string, record: Versioned<StoredConnection>): Promise<void> {
    const file = this.fileOf(id);
    const content: FileContent = { format: FILE_FORMAT, id, sealed: sealJson(this.key, id, record) };
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await syncDirectory(this.dir);
  }

  private casLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(`${this.fileOf(id)}.lock`, fn, {
      staleMs: this.lockStaleMs,
      timeoutMs: this.lockTimeoutMs ?? 30_000,
    });
  }

  async get(connectionId: string): Promise<Versioned<StoredConnection> | undefined> {
    await this.ensureDir();
    return this.read(this.fileOf(connectionId), connectionId);
  }

  async compareAndSet(
    connectionId: string,
    expectedVersion: number | null,
    value: StoredConnection,
  ): Promise<CasResult<StoredConnection>> {
    await this.ensureDir();
    return this.casLock(connectionId, async () => {
      const current = await this.read(this.fileOf(connectionId), connectionId);
      if ((current?.version ?? null) !== expectedVersion) return current ? { ok: false, current } : { ok: false };
      const version = (current?.version ?? 0) + 1;
      await this.write(connectionId, { value, version });
      return { ok: true, version };
    });
  }

  async delete(connectionId: string): Promise<void> {
    await this.ensureDir();
    await this.casLock(connectionId, async () => {
      try {
        await unlink(this.fileOf(connectionId));
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) throw err;
      }
      await syncDirectory(this.dir);
    });
  }

  async list(): Promise<StoredConnection[]> {
    await this.ensureDir();
    const out: StoredConnection[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      if (!name.endsWith(EXT)) continue;
      const rec = await this.read(join(this.dir, name), undefined);
      if (rec) out.push(rec.value);
    }
    return out;
  }

  /** Runs `fn` while holding a lock file for `key`, exclusive across every process using this directory. */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.ensureDir();
    const name = createHash('sha256').update(key).digest('hex').slice(0, 40);
    return withFileLock(join(this.dir, 'locks', `${name}.lock`), fn, {
      staleMs: this.lockStaleMs,
      timeoutMs: this.lockTimeoutMs ?? 60_000,
    });
  }
}
