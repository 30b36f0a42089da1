/** The `ledgerlink emulate freeagent` fault rules. */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './cli';

describe('FreeAgent emulator --fault rules', () => {
  it('parses statuses (429 with Retry-After and a FreeAgent error body) and the other kinds', () => {
    expect(parseFaultSpec('429@every=10')).toEqual({ fault: 'status', status: 429, headers: { 'retry-after': '1' }, body: '{"errors":{"error":{"message":"Rate limit exceeded"}}}', every: 10 });
    expect(parseFaultSpec('503')).toEqual({ fault: 'status', status: 503 });
    expect(parseFaultSpec('hang@at=2+5')).toEqual({ fault: 'hang', at: [2, 5] });
    expect(() => parseFaultSpec('explode')).toThrow(/unknown fault explode/);
    expect(() => parseFaultSpec('429@sometimes=2')).toThrow(/expected/);
  });
});
