/**
 * The TokenStore contract every store must pass: versioned compare-and-set, isolation of returned values, list,
 * delete, and (when present) mutual exclusion of `withLock`.
 */
import { describe, expect, it } from 'vitest';
import type { StoredConnection, TokenStore } from '../../src/auth/types';

/** A connection fixture with real-looking secrets. */
export function connection(id: string, accessToken = `at-${id}-${'x'.repeat(40)}`): StoredConnection {
  return {
    id,
    provider: 'testprov',
    environment: 'production',
    tenant: { id: 'tenant-a', name: 'Alpha Ltd' },
    tokens: {
      accessToken,
      tokenType: 'Bearer',
      accessTokenExpiresAt: '2031-01-01T00:30:00.000Z',
      refreshToken: `rt-${id}-${'y'.repeat(40)}`,
      obtainedAt: '2031-01-01T00:00:00.000Z',
    },
    status: 'active',
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    metadata: { customerId: 'cus_1', nested: { a: [1, 2] } },
  };
}

/** Registers the contract tests for a store factory; `fresh()` must return an empty store. */
export function storeContract(name: string, fresh: () => Promise<TokenStore>, opts: { skip?: boolean } = {}): void {
  describe.skipIf(opts.skip)(`${name}: TokenStore contract`, () => {
    it('creates with expected version null, then versions increase by one per write', async () => {
      const store = await fresh();
      expect(await store.get('conn_1')).toBeUndefined();
      expect(await store.compareAndSet('conn_1', null, connection('conn_1'))).toEqual({ ok: true, version: 1 });
      expect(await store.get('conn_1')).toEqual({ value: connection('conn_1'), version: 1 });
      const next = connection('conn_1', 'at-second');
      expect(await store.compareAndSet('conn_1', 1, next)).toEqual({ ok: true, version: 2 });
      expect(await store.get('conn_1')).toEqual({ value: next, version: 2 });
    });

    it('refuses a stale version or an existing record, returning the current one', async () => {
      const store = await fresh();
      await store.compareAndSet('conn_1', null, connection('conn_1'));
      await store.compareAndSet('conn_1', 1, connection('conn_1', 'at-v2'));
      const stale = await store.compareAndSet('conn_1', 1, connection('conn_1', 'at-lost'));
      expect(stale).toEqual({ ok: false, current: { value: connection('conn_1', 'at-v2'), version: 2 } });
      const dup = await store.compareAndSet('conn_1', null, connection('conn_1', 'at-dup'));
      expect(dup).toEqual({ ok: false, current: { value: connection('conn_1', 'at-v2'), version: 2 } });
      const missing = await store.compareAndSet('conn_none', 3, connection('conn_none'));
      expect(missing.ok).toBe(false);
      expect((await store.get('conn_1'))!.value.tokens.accessToken).toBe('at-v2');
      expect(await store.get('conn_none')).toBeUndefined();
    });

    it('lets exactly one of many concurrent writers of the same version win', async () => {
      const store = await fresh();
      await store.compareAndSet('conn_1', null, connection('conn_1'));
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.compareAndSet('conn_1', 1, connection('conn_1', `at-writer-${i}`))),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = results.findIndex((r) => r.ok);
      expect(await store.get('conn_1')).toEqual({ value: connection('conn_1', `at-writer-${winner}`), version: 2 });
    });

    it('does not share objects with callers', async () => {
      const store = await fresh();
      const value = connection('conn_1');
      await store.compareAndSet('conn_1', null, value);
      value.tokens.accessToken = 'mutated';
      const read = (await store.get('conn_1'))!;
      expect(read.value.tokens.accessToken).toBe(connection('conn_1').tokens.accessToken);
      read.value.status = 'revoked';
      expect((await store.get('conn_1'))!.value.status).toBe('active');
    });

    it('lists and deletes', async () => {
      const store = await fresh();
      await store.compareAndSet('conn_b', null, connection('conn_b'));
      await store.compareAndSet('conn_a', null, connection('conn_a'));
      expect((await store.list()).map((c) => c.id).sort()).toEqual(['conn_a', 'conn_b']);
      await store.delete('conn_a');
      await store.delete('conn_never');
      expect((await store.list()).map((c) => c.id)).toEqual(['conn_b']);
      expect(await store.get('conn_a')).toBeUndefined();
      expect((await store.compareAndSet('conn_a', null, connection('conn_a'))).ok).toBe(true);
    });

    it('withLock runs critical sections one at a time per key, and different keys in parallel', async () => {
      const store = await fresh();
      if (!store.withLock) return;
      let inside = 0;
      let maxInside = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.withLock!('k1', async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await new Promise((r) => setTimeout(r, 5));
            order.push(i);
            inside--;
          }),
        ),
      );
      expect(maxInside).toBe(1);
      expect(order).toHaveLength(6);
      let release!: () => void;
      const held = store.withLock('k2', () => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 20));
      expect(await store.withLock('k3', async () => 'other key runs')).toBe('other key runs');
      release();
      await held;
      await expect(store.withLock('k1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.withLock('k1', async () => 'released after a throw')).toBe('released after a throw');
    });
  });
}
