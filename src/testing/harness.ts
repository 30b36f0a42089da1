/**
 * The emulator harness: the small interface through which the provider contract suite and the fault matrix drive
 * any provider's emulator. A provider that ships an emulator also ships a harness (`xeroHarness`, …); a contributor
 * adding a provider writes one to get the whole suite for free.
 * @module
 */
import { createLedger, type Ledger, type LedgerOptions } from '../ledger';
import type { Connection } from '../connection';
import type { DataType } from '../model/data-types';
import type { ProviderInstance, ProviderInstanceConfig } from '../provider/types';
import type { OAuthServer } from './emulator/oauth-server';

/** Options of {@link EmulatorHarness.start}. */
export interface HarnessStartOptions {
  /** Seed of the emulator's generated company. */
  seed?: number;
  /** Scale of the generated company: about this many sales invoices (default: the harness's small default). */
  invoices?: number;
  /** Emulated time runs this many times faster (rate-limit windows, token lifetimes). */
  timeScale?: number;
}

/** A running emulator, seen through the harness. */
export interface HarnessInstance {
  /** Base URL of the accounting API: what a fault proxy goes in front of. */
  readonly apiUrl: string;
  /** The emulator's OAuth server (token counters and test hooks). */
  readonly oauth: OAuthServer;
  /** The provider configured against this emulator; `apiUrl` replaces the API base (e.g. with a fault proxy's). */
  createProvider(options?: { apiUrl?: string }): ProviderInstance;
  /**
   * The configuration `createProvider` binds (plain JSON): what a separate worker process passes to the provider's
   * factory to build the same provider (the fault matrix's multi-process case).
   */
  providerConfig(options?: { apiUrl?: string }): ProviderInstanceConfig;
  /** Follows an authorization URL as a consenting user's browser would; returns the callback URL. */
  consent(authorizationUrl: string): Promise<string>;
  /** The client secret the emulator accepts (the leak checks look for it). */
  readonly clientSecret: string;
  /** The tenant to choose when one consent covers several. */
  readonly tenantId: string;
  /**
   * Record counts a full sync must deliver per data type, as the emulator holds them (types whose count the
   * emulator cannot tell are omitted).
   */
  expectedCounts(): Partial<Record<DataType, number>>;
  /** Changes records in the emulator (now) so an incremental read must return them; returns their canonical ids. */
  change(): Partial<Record<DataType, string[]>> | Promise<Partial<Record<DataType, string[]>>>;
  /** Accounting API requests the emulator has served (OAuth endpoints excluded). */
  apiRequests(): number;
  close(): Promise<void>;
}

/** One provider's emulator, driven by the contract suite and the fault matrix. */
export interface EmulatorHarness {
  /** The provider id, as registered in the ledger. */
  readonly provider: string;
  /** Data types the provider reads with pagination (the fault matrix aims its faults at their pages). */
  readonly pagedTypes: readonly DataType[];
  /** Path (regular expression over the API path) of each paged type's list endpoint. */
  listPath(dataType: DataType): RegExp;
  /**
   * Rewrites one raw record of a list page so that it can no longer be mapped or validated (an impossible value),
   * returning the page; the fault matrix uses it to prove malformed records are reported, not dropped.
   */
  corruptRecord(page: unknown, dataType: DataType): unknown;
  start(options?: HarnessStartOptions): Promise<HarnessInstance>;
}

/** A ledger holding the harness's provider under its id. */
export type HarnessLedger = Ledger<Record<string, ProviderInstance>>;

/** Builds a ledger for a harness instance (options as for `createLedger`, providers excepted). */
export function harnessLedger(
  harness: EmulatorHarness,
  instance: HarnessInstance,
  options: Omit<LedgerOptions<Record<string, ProviderInstance>>, 'providers'> & { apiUrl?: string } = {},
): HarnessLedger {
  const { apiUrl, ...rest } = options;
  return createLedger({ ...rest, providers: { [harness.provider]: instance.createProvider(apiUrl ? { apiUrl } : {}) } });
}

/** Runs the real link flow (authorization URL → consent → callback → tenant) and returns the connection. */
export async function linkHarness(harness: EmulatorHarness, instance: HarnessInstance, ledger: HarnessLedger): Promise<Connection> {
  const { authorizationUrl } = await ledger.link.start(harness.provider);
  const callback = await instance.consent(authorizationUrl);
  const outcome = await ledger.link.complete(harness.provider, callback);
  const id = outcome.status === 'choose-tenant' ? (await outcome.complete(instance.tenantId)).connection.id : outcome.connection.id;
  return ledger.connection(id);
}
