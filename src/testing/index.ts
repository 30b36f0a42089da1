/**
 * `ledgerlink/testing`: local emulators of provider APIs and the building blocks to write one.
 * @module
 */
export * from './emulator/oauth-server';
export { createXeroEmulator, type XeroEmulator, type XeroEmulatorOptions, type XeroRequestLogEntry } from '../../providers/xero/emulator';
export { createQuickBooksEmulator, type QuickBooksEmulator, type QuickBooksEmulatorOptions, type QuickBooksRequestLogEntry } from '../../providers/quickbooks/emulator';
