/**
 * An in-memory {@link LinkStateStore}: pending links live in this process until taken or expired.
 * @module
 */
import type { Clock } from '../clock';
import type { LinkStateStore, PendingLink } from './types';

/**
 * Holds pending links by `state`. `take` is single-use and returns `undefined` for expired entries, so a callback can
 * be neither replayed nor completed after its TTL. Use a shared store (your session store, Redis) when the callback
 * may reach another process than the one that started the link.
 */
export class MemoryLinkStateStore implements LinkStateStore {
  private readonly links = new Map<string, { link: PendingLink; expiresAt: number }>();
  private readonly clock: Pick<Clock, 'now'>;

  /** @param options.clock time source (default `Date.now`). */
  constructor(options: { clock?: Pick<Clock, 'now'> } = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async put(link: PendingLink, ttlMs: number): Promise<void> {
    const now = this.clock.now();
    for (const [state, entry] of this.links) if (entry.expiresAt <= now) this.links.delete(state);
    this.links.set(link.state, { link: structuredClone(link), expiresAt: now + ttlMs });
  }

  async take(state: string): Promise<PendingLink | undefined> {
    const entry = this.links.get(state);
    if (!entry) return undefined;
    this.links.delete(state);
    return entry.expiresAt > this.clock.now() ? entry.link : undefined;
  }
}
