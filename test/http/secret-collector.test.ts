/**
 * The leak detector itself must catch leaks, or the no-secret-leak tests prove nothing: one planted secret per
 * place it searches.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors';
import { collectSecrets } from '../setup/secret-collector';

const SECRET = 'sk_live_9f8e7d6c5b4a';

function planted(where: (c: ReturnType<typeof collectSecrets>) => void | Promise<void>) {
  return async () => {
    const c = collectSecrets();
    c.addSecret(SECRET);
    await where(c);
    const found = c.findSecrets();
    expect(found.length).toBeGreaterThan(0);
    expect(() => c.assertNoSecrets()).toThrow(/secrets leaked/);
    // The report masks the secret.
    expect(() => c.assertNoSecrets()).not.toThrow(new RegExp(SECRET));
    return found;
  };
}

describe('collectSecrets finds a secret', () => {
  it('in an error message', planted((c) => c.captureError(new Error(`token ${SECRET} rejected`))));
  it('in an enumerable field, deep', planted((c) => c.captureError(Object.assign(new Error('x'), { details: { headers: [{ v: SECRET }] } }))));
  it('in a field name', planted((c) => c.captureError(Object.assign(new Error('x'), { [SECRET]: 1 }))));
  it('in the cause chain (non-enumerable)', planted((c) => c.captureError(new ProviderError('outer', { cause: new Error(`inner ${SECRET}`) }))));
  it('only in the stack', planted((c) => {
    const e = new Error('clean');
    e.stack = `Error: clean\n    at ${SECRET}`;
    c.captureError(e);
  }));
  it('in a thrown non-error', planted((c) => c.captureError(`raw ${SECRET}`)));
  it('in toJSON output', planted((c) => c.captureError(Object.assign(new Error('x'), { toJSON: () => ({ t: SECRET }) }))));
  it('in a log message', planted((c) => c.logger().warn(`retrying with ${SECRET}`)));
  it('in log fields', planted((c) => c.logger().debug('x', { request: { headers: { authorization: `Bearer ${SECRET}` } } })));
  it('in a rejection captured by capture()', planted(async (c) => {
    await c.capture(Promise.reject(new Error(SECRET)));
  }));
  it('in an extra haystack value', async () => {
    const c = collectSecrets();
    c.addSecret(SECRET);
    expect(c.findSecrets({ dump: [SECRET] }).map((f) => f.where)).toContain('extra[0].dump.0');
  });
});

describe('collectSecrets stays quiet', () => {
  it('when nothing leaks, and refuses a vacuous check', async () => {
    const c = collectSecrets();
    expect(() => c.assertNoSecrets()).toThrow(/no secret registered/);
    c.addSecret(SECRET, undefined, '');
    expect(c.secrets()).toEqual([SECRET]);
    c.logger().info('all good', { token: '[redacted]' });
    await c.capture(Promise.reject(new Error('nothing secret here')));
    expect(await c.capture(Promise.resolve(1))).toBeUndefined();
    expect(c.errors).toHaveLength(1);
    c.assertNoSecrets();
  });

  it('forwards log lines to an inner logger', () => {
    const c = collectSecrets();
    const seen: string[] = [];
    const log = c.logger({ debug: (m) => seen.push(m), info: (m) => seen.push(m), warn: (m) => seen.push(m), error: (m) => seen.push(m) });
    log.error('one');
    expect(seen).toEqual(['one']);
    expect(c.lines).toEqual(['error one {}']);
  });
});
