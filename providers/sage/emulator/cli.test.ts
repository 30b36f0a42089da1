/** The Sage emulator's fault injection (`faults` option through the fault proxy) and the CLI's `--fault` rules. */
import { describe, expect, it } from 'vitest';
import { parseSageFaultSpec } from './cli';
import { createSageEmulator } from './index';

describe('Sage emulator fault injection', () => {
  it('parses --fault rules: statuses with Sage error arrays (429 with Retry-After), and connection faults', () => {
    const r429 = parseSageFaultSpec('429@every=3');
    expect(r429).toMatchObject({ fault: 'status', status: 429, every: 3, headers: { 'retry-after': '1' } });
    expect(JSON.parse(r429.body!)).toEqual([{ $severity: 'error', $dataCode: 'TooManyRequests', $message: 'Injected fault', $source: '' }]);
    expect(parseSageFaultSpec('503@at=1+4')).toMatchObject({ fault: 'status', status: 503, at: [1, 4] });
    expect(parseSageFaultSpec('reset')).toEqual({ fault: 'reset' });
    expect(() => parseSageFaultSpec('explode')).toThrow(/unknown fault/);
    expect(() => parseSageFaultSpec('429@sometimes')).toThrow();
  });

  it('puts a fault proxy in front of the API when faults are given', async () => {
    const emu = await createSageEmulator({ seed: 2, invoices: 3, customers: 2, faults: [parseSageFaultSpec('503@at=1')] });
    try {
      expect(emu.faultProxy).toBeDefined();
      expect(emu.urls.api).not.toBe(`${emu.urls.core}`);
      const first = await fetch(`${emu.urls.api}/contacts`);
      expect(first.status).toBe(503);
      expect(((await first.json()) as { $dataCode: string }[])[0]!.$dataCode).toBe('ServiceUnavailable');
      // The second request passes through to the emulator (401: no token).
      expect((await fetch(`${emu.urls.api}/contacts`)).status).toBe(401);
    } finally {
      await emu.close();
    }
  });
});
