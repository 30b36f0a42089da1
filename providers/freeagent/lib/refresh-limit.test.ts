/**
 * FreeAgent's 15 token refreshes per minute per user (reference §5.1): the descriptor's `maxRefreshesPerMinute: 15`
 * makes the core's token manager hold the 16th refresh in a minute, so the emulator (which refuses the 16th with a
 * 429) never sees it.
 */
import { describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/ledger';
import { ManualClock } from '../../../test/auth/harness';
import { freeagent } from '../index';
import { createFreeAgentEmulator } from '../emulator/index';

describe('FreeAgent refresh limit', () => {
  it('the 16th refresh within a minute waits for the window instead of reaching FreeAgent', async () => {
    const emu = await createFreeAgentEmulator({ seed: 8, invoices: 3, contacts: 2 });
    try {
      const clock = new ManualClock(Date.now());
      const ledger = createLedger({ clock, providers: { freeagent: freeagent({ clientId: emu.client.clientId, clientSecret: emu.client.clientSecret, redirectUri: emu.client.redirectUris[0]!, environment: 'sandbox', urls: { api: emu.urls.api, authorization: emu.urls.authorization, token: emu.urls.token } }) } });
      const { authorizationUrl } = await ledger.link.start('freeagent');
      const outcome = await ledger.link.complete('freeagent', (await fetch(authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
      if (outcome.status !== 'linked') throw new Error('not linked');
      const id = outcome.connection.id;
      for (let i = 0; i < 15; i++) await ledger.tokens.refresh(id);
      expect(emu.oauth.stats().refreshGrants).toBe(15);
      const sixteenth = ledger.tokens.refresh(id).then(() => 'refreshed', (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 50));
      expect(clock.sleepers).toBe(1);
      expect(emu.oauth.stats().refreshGrants).toBe(15);
      expect(emu.stats().refreshesRefused).toBe(0);
      clock.advance(60_000);
      await sixteenth; // the emulator's own (real-time) minute has not passed, so it may refuse it: not asserted
    } finally {
      await emu.close();
    }
  });
});
