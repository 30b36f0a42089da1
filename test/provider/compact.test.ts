/** The mapping helper every adapter uses: drops undefined properties into a fresh object, keeps everything else. */
import { describe, expect, it } from 'vitest';
import { compact } from '../../src/provider/compact';

describe('compact', () => {
  it('drops only undefined values, keeping null, "", 0, false and nested objects as they are', () => {
    const nested = { a: undefined };
    const out = compact({ id: '1', gone: undefined, nil: null, empty: '', zero: 0, no: false, nested });
    expect(out).toEqual({ id: '1', nil: null, empty: '', zero: 0, no: false, nested });
    expect(Object.keys(out)).toEqual(['id', 'nil', 'empty', 'zero', 'no', 'nested']);
    expect(out.nested).toBe(nested); // shallow
  });

  it('returns a new object and leaves its argument untouched', () => {
    const input = { id: '1', gone: undefined };
    const out = compact(input);
    expect(out).not.toBe(input);
    expect(Object.keys(input)).toEqual(['id', 'gone']);
  });

  it('ignores inherited properties', () => {
    const proto = { inherited: 'x' };
    const input = Object.assign(Object.create(proto) as Record<string, unknown>, { own: 1 });
    expect(compact(input)).toEqual({ own: 1 });
  });
});
