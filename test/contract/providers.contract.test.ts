/**
 * The provider contract suite (`runProviderContract` from `ledgerlink/testing`) run against every provider that ships
 * an emulator harness. Each check of the report is one test, so a failure names the behaviour that broke.
 */
import { describe, expect, it } from 'vitest';
import { runProviderContract, type ContractReport } from '../../src/testing/contract';
import type { EmulatorHarness } from '../../src/testing/harness';
import { xeroHarness } from '../../providers/xero/emulator/harness';
import { quickbooksHarness } from '../../providers/quickbooks/emulator/harness';
import { freeagentHarness } from '../../providers/freeagent/emulator/harness';
import { sageHarness } from '../../providers/sage/emulator/harness';

const HARNESSES: EmulatorHarness[] = [xeroHarness, quickbooksHarness, sageHarness, freeagentHarness];

const CHECKS = [
  'link: authorization URL with PKCE S256 and state; consent → callback → a connection to the chosen tenant',
  'a replayed callback state is refused with a typed error',
  'bad arguments fail before any HTTP call',
  "full sync: every offered type completes with no issue, no duplicate and the emulator's counts",
  'get(id) returns the record a list returned',
  'incremental sync: the changed records come back, and fewer records than a full read',
  'an interrupted read resumes from its checkpoint with no gap and no duplicate',
  'revoke: the connection is refused afterwards with a typed relink error and no refresh succeeds',
];

for (const harness of HARNESSES) {
  describe(`provider contract: ${harness.provider}`, () => {
    let report: Promise<ContractReport> | undefined;
    const run = () => (report ??= runProviderContract(harness));
    it('runs every check of the suite', async () => {
      expect((await run()).checks.map((c) => c.name)).toEqual(CHECKS);
    });
    it.each(CHECKS)('%s', async (name) => {
      const check = (await run()).checks.find((c) => c.name === name);
      expect(check?.failure).toBeUndefined();
    });
  });
}
