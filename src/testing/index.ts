/**
 * `ledgerlink/testing`: local emulators of provider APIs, the harness and contract suite every provider passes, the
 * fault-injecting proxy, and the building blocks to write an emulator.
 * @module
 */
export * from './emulator/oauth-server';
export { createFaultProxy, type FaultKind, type FaultProxy, type FaultProxyLogEntry, type FaultProxyOptions, type FaultRule } from './fault-proxy';
export { harnessLedger, linkHarness, type EmulatorHarness, type HarnessInstance, type HarnessLedger, type HarnessStartOptions } from './harness';
export { runProviderContract, type ContractCheck, type ContractOptions, type ContractReport } from './contract';
export { createXeroEmulator, type XeroEmulator, type XeroEmulatorOptions, type XeroRequestLogEntry } from '../../providers/xero/emulator';
export { xeroHarness } from '../../providers/xero/emulator/harness';
export { quickbooksHarness } from '../../providers/quickbooks/emulator/harness';
export { createQuickBooksEmulator, type QuickBooksEmulator, type QuickBooksEmulatorOptions, type QuickBooksRequestLogEntry } from '../../providers/quickbooks/emulator';
export { freeagentHarness } from '../../providers/freeagent/emulator/harness';
export { createFreeAgentEmulator, type FreeAgentEmulator, type FreeAgentEmulatorOptions, type FreeAgentRequestLogEntry } from '../../providers/freeagent/emulator';
export { sageHarness } from '../../providers/sage/emulator/harness';
export { createSageEmulator, type SageEmulator, type SageEmulatorOptions, type SageRequestLogEntry } from '../../providers/sage/emulator';
