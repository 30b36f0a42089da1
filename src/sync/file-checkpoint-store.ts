/**
 * A {@link CheckpointStore} keeping one JSON file per key in a directory, written atomically.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../errors';
import { parseSyncCheckpoint, type CheckpointStore } from './checkpoint-store';
import { isErrno, syncDirectory } from './fs-durable';
import type { SyncCheckpoint } from './types';

/** Longest file-name stem we produce (file systems commonly cap a name at 255 bytes). */
const MAX_STEM = 180;

/**
 * Stores each checkpoint in `<dir>/<encoded key>.checkpoint.json`.
 *
 * A save writes a temporary file in the same directory, fsyncs it, renames it over the old file and fsyncs the
 * directory, so a crash at any moment leaves either the previous or the new checkpoint — never a torn file. Leftover
 * `*.tmp` files from a crash are ignored. The directory is created on the first save.
 *
 * @example
 * ```ts
 * const checkpointStore = new FileCheckpointStore('/var/lib/myapp/checkpoints');
 * await sync(source, { sink, checkpointStore });
 * ```
 */
export class FileCheckpointStore implements CheckpointStore {
  /** @param dir Directory holding the checkpoint files. */
  constructor(readonly dir: string) {
    if (typeof dir !== 'string' || dir.length === 0) {
      throw new ConfigurationError('FileCheckpointStore needs a directory path');
    }
  }

  /** Path of the file holding `key`'s checkpoint. */
  pathFor(key: string): string {
    return join(this.dir, `${fileStem(key)}.checkpoint.json`);
  }

  async load(key: string): Promise<SyncCheckpoint | undefined> {
    const path = this.pathFor(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ConfigurationError(`checkpoint file ${path} is not valid JSON`, { cause: err });
    }
    return parseSyncCheckpoint(value, `checkpoint file ${path}`);
  }

  async save(key: string, checkpoint: SyncCheckpoint): Promise<void> {
    const text = `${JSON.stringify(parseSyncCheckpoint(checkpoint))}\n`;
    const path = this.pathFor(key);
    await mkdir(this.dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    await syncDirectory(this.dir);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
    await syncDirectory(this.dir);
  }
}

/** A file-system-safe, collision-free name for `key`. */
function fileStem(key: string): string {
  // encodeURIComponent keeps letters, digits and -_.!~*'() — escape the few of those that are awkward in file names.
  const encoded = encodeURIComponent(key).replace(/[!'()*.~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (encoded.length <= MAX_STEM) return encoded;
  const hash = createHash('sha256').update(key).digest('hex');
  return `${encoded.slice(0, MAX_STEM - 65)}-${hash}`;
}
