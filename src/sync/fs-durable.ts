/**
 * Small durability helpers for the file-based stores and sinks.
 * @module
 * @internal
 */
import { open } from 'node:fs/promises';

/** True when `err` is a Node system error with this `code`. */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Makes a file creation, rename or unlink in `dir` durable (fsync of the directory). Platforms that cannot open or
 * fsync a directory (Windows) make the entry durable themselves: nothing to do there.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (['ENOENT', 'EISDIR', 'EPERM', 'EACCES'].some((c) => isErrno(err, c))) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!['EINVAL', 'EPERM', 'EBADF'].some((c) => isErrno(err, c))) throw err;
  } finally {
    await handle.close();
  }
}
