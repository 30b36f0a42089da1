/**
 * Where sync checkpoints live between runs: the {@link CheckpointStore} interface, the in-memory implementation and
 * the checkpoint format validator shared by every store.
 * @module
 */
import { z } from 'zod';
import { ConfigurationError } from '../errors';
import { DATA_TYPES } from '../model/data-types';
import type { SyncCheckpoint } from './types';

/**
 * Persists one {@link SyncCheckpoint} per key (by default `${provider}:${connectionId}`).
 *
 * `save` must resolve only once the checkpoint is durable, and must replace the previous value atomically (a reader
 * sees the old or the new checkpoint, never a mix). The engine never runs two saves for one key at once, but it does
 * not lock either: run one sync per key at a time.
 *
 * Implementations: {@link MemoryCheckpointStore}, `FileCheckpointStore`, `PostgresCheckpointStore`.
 */
export interface CheckpointStore {
  /** The stored checkpoint, or `undefined` when the key has none. */
  load(key: string): Promise<SyncCheckpoint | undefined>;
  /** Stores `checkpoint` under `key`, replacing any previous one. */
  save(key: string, checkpoint: SyncCheckpoint): Promise<void>;
  /** Forgets the key (the next sync is a full one). Optional. */
  delete?(key: string): Promise<void>;
}

const InstantString = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a parseable instant');

const TypeCheckpointSchema = z.object({
  watermark: InstantString.optional(),
  cursor: z.looseObject({}).nullable().optional(),
  readStartedAt: InstantString.optional(),
  modifiedSince: InstantString.optional(),
});

const SyncCheckpointSchema = z.object({
  version: z.literal(1),
  types: z.partialRecord(z.enum(DATA_TYPES), TypeCheckpointSchema),
});

/**
 * Validates a checkpoint read back from storage.
 * @throws ConfigurationError when `value` is not a version-1 checkpoint (`what` names the source in the message).
 */
export function parseSyncCheckpoint(value: unknown, what = 'checkpoint'): SyncCheckpoint {
  const parsed = SyncCheckpointSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigurationError(`${what} is not a valid version-1 sync checkpoint`, {
      cause: parsed.error,
    });
  }
  return parsed.data as SyncCheckpoint;
}

/** A deep copy, so a stored checkpoint can never be changed through a reference the caller kept. */
export function cloneCheckpoint(checkpoint: SyncCheckpoint): SyncCheckpoint {
  return structuredClone(checkpoint);
}

/**
 * Keeps checkpoints in memory (tests, short-lived jobs). Values are copied on the way in and out.
 *
 * @example
 * ```ts
 * const store = new MemoryCheckpointStore();
 * await sync(source, { sink, checkpointStore: store });
 * ```
 */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly #entries = new Map<string, SyncCheckpoint>();

  async load(key: string): Promise<SyncCheckpoint | undefined> {
    const value = this.#entries.get(key);
    return value === undefined ? undefined : cloneCheckpoint(value);
  }

  async save(key: string, checkpoint: SyncCheckpoint): Promise<void> {
    this.#entries.set(key, cloneCheckpoint(parseSyncCheckpoint(checkpoint)));
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Stored keys (for inspection). */
  keys(): string[] {
    return [...this.#entries.keys()];
  }
}
