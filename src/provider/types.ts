/**
 * The provider-adapter contract. A provider **describes** an accounting platform — endpoints, auth, limits, paging,
 * incremental mechanism, mappers — and the core **does** everything else (HTTP, retries, throttling, tokens,
 * pagination, sync). Adapters contain no HTTP client, no limiter and no retry loop.
 *
 * Read this file top to bottom when writing an adapter; `providers/xero` is the worked example.
 * @module
 */
import type { DataType } from '../model/data-types';
import type { CanonicalInputOf } from '../model/registry';
import type { HttpRequest, HttpResponse, QueryParams } from '../http/types';
import type { Tenant, TokenSet } from '../auth/types';
import type { FieldIssue, LedgerError } from '../errors';

// ------------------------------------------------------------------------------------------------------------------
// Environments
// ------------------------------------------------------------------------------------------------------------------

/**
 * Base URLs of one environment. `api` is required; the others depend on the provider. Every URL can be overridden per
 * instance (`urls` in the provider config), which is how emulators and proxies are used.
 */
export interface EnvironmentUrls {
  /** Base URL of the accounting API, e.g. `https://api.xero.com/api.xro/2.0`. */
  api: string;
  /** OIDC issuer for discovery (`/.well-known/openid-configuration` below it), when the provider publishes one. */
  issuer?: string;
  /** Full discovery document URL when it is not `${issuer}/.well-known/openid-configuration` (QuickBooks). */
  discoveryUrl?: string;
  authorization?: string;
  token?: string;
  revocation?: string;
  /** Any other named base (Xero `connections`, Sage `core`), referenced by `HttpRequest.base`. */
  [name: string]: string | undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Auth
// ------------------------------------------------------------------------------------------------------------------

/** How refresh tokens behave on refresh. */
export type RefreshTokenRotation =
  /** A new refresh token each refresh; the old one dies at once (Exact, FreshBooks, Sage ◐). */
  | { kind: 'rotating' }
  /** New token each refresh; the previous stays usable for `graceMs` (Xero: 30 min) — lets a lost response recover. */
  | { kind: 'rotating-with-grace'; graceMs: number }
  /** New token may be returned; the previous stays valid for `previousValidMs` (QuickBooks: 24 h). */
  | { kind: 'rotating-with-overlap'; previousValidMs: number }
  /** The same refresh token forever (Zoho). */
  | { kind: 'static' };

/** What `resolveTenants` gets to work with. */
export interface TenantResolutionContext {
  tokens: TokenSet;
  /** Every query parameter of the callback URL (e.g. QuickBooks `realmId`, Sage `country`). */
  callbackParams: Record<string, string>;
  /** Claims of a verified ID token, when the flow was OIDC. */
  idTokenClaims?: Record<string, unknown>;
  /** Authenticated request with the new access token (no tenant header yet). */
  request: <T = unknown>(req: HttpRequest) => Promise<HttpResponse<T>>;
  urls: EnvironmentUrls;
}

/** OAuth 2.0 description of a provider. */
export interface AuthDescriptor {
  type: 'oauth2';
  /** Use OIDC discovery from `urls.issuer`/`urls.discoveryUrl` instead of explicit endpoints. */
  discovery: boolean;
  /** Scope sets by name; `default` is used unless the instance config names another set or lists scopes. */
  scopes: { default: readonly string[]; [setName: string]: readonly string[] };
  /** PKCE with S256 (recommended wherever the provider supports it). */
  pkce: boolean;
  /** How the client authenticates at the token endpoint. */
  clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  rotation: RefreshTokenRotation;
  /** Refresh this long before the access token expires (Sage tokens live 5 min, so keep it small there). */
  refreshAheadMs: number;
  /** Extra parameters on the authorization URL (`filter=apiv3.1` for Sage). */
  authorizationParams?: Record<string, string>;
  /** Whether this provider's flow returns an ID token whose nonce must be checked. */
  oidc?: boolean;
  /** Token refreshes per minute per user the provider allows (FreeAgent: 15). */
  maxRefreshesPerMinute?: number;
  /**
   * Lists the tenants one consent gave access to. When several come back, the caller must choose
   * (`link.complete` returns them; nothing is picked silently).
   */
  resolveTenants(ctx: TenantResolutionContext): Promise<Tenant[]>;
  /**
   * Revokes the tokens at the provider (RFC 7009 form post unless the provider differs). With `discovery`, `urls.revocation`
   * is the discovered `revocation_endpoint` unless the instance config sets `urls.revocation` itself.
   */
  revoke?(ctx: { tokens: TokenSet; request: TenantResolutionContext['request']; urls: EnvironmentUrls; clientId: string; clientSecret: string }): Promise<void>;
  /** Disconnects one tenant while keeping the consent (Xero `DELETE /connections/{id}`). */
  disconnectTenant?(ctx: { tenant: Tenant; request: TenantResolutionContext['request']; urls: EnvironmentUrls }): Promise<void>;
}

// ------------------------------------------------------------------------------------------------------------------
// Rate limits and errors
// ------------------------------------------------------------------------------------------------------------------

/** Limits of one scope (per tenant or per app). Omitted = unlimited. */
export interface LimitSet {
  maxConcurrent?: number;
  perMinute?: number;
  perHour?: number;
  perDay?: number;
}

/** What a 429 (or a provider-specific throttle response) means. */
export interface ThrottleInfo {
  /** `minute`, `hour`, `day`, `concurrent`, `app`, or the provider's own word. Day-like scopes fail fast. */
  scope: string;
  /** How long to wait, when known. */
  retryAfterMs?: number;
  /** When a long window resets (UTC ISO 8601). */
  resetAt?: string;
  /** True when waiting is pointless within a sync (daily quota): fail fast with `resetAt`. */
  failFast?: boolean;
}

/** Remaining budget as the provider reports it in response headers. */
export interface RemainingBudget {
  minute?: number;
  day?: number;
  appMinute?: number;
}

/** A provider's published rate limits and how it reports them. */
export interface RateLimitDescriptor {
  /** Per tenant (organisation/realm/business) and app. */
  tenant: LimitSet;
  /** Per app across all tenants. */
  app?: LimitSet;
  /** Wait this long on a throttle response that gives no hint (QuickBooks: 60 s). */
  defaultRetryAfterMs: number;
  /** Interprets a throttle response (Xero `X-Rate-Limit-Problem`). Default: `Retry-After` on a 429. */
  classifyThrottle?(response: HttpResponse): ThrottleInfo | undefined;
  /** Reads remaining budget headers (Xero `X-MinLimit-Remaining`). */
  readRemaining?(headers: Record<string, string>): RemainingBudget | undefined;
}

/**
 * Turns a provider response into a typed error, or `undefined` to let the core's status-based default apply.
 * Called for every non-2xx response **and** for 2xx responses (QuickBooks sends `Fault` inside 200s).
 */
export type ErrorMapper = (response: HttpResponse, ctx: { provider: string; operation?: string }) => LedgerError | undefined;

// ------------------------------------------------------------------------------------------------------------------
// Pagination
// ------------------------------------------------------------------------------------------------------------------

/** Pulls the records out of a response body. */
export type RecordSelector = (body: unknown, response: HttpResponse) => unknown[];

/** One request, no paging (Xero Accounts, Items, TaxRates; reports; company). */
export interface NoPagination {
  type: 'none';
  select: RecordSelector;
}

/** `page`/`pageSize` style. */
export interface PageNumberPagination {
  type: 'page-number';
  pageParam: string;
  /** Omit when the API has no page-size parameter (then `pageSize` is the fixed server size). */
  sizeParam?: string;
  pageSize: number;
  /** First page number (default 1). */
  firstPage?: number;
  /**
   * How the end is detected. `page-count`: stop when page >= pageCount(body) (falls back to a short page when the body
   * does not say). `short-page`: stop on a page with fewer than pageSize records. `flag`: stop when `hasMore` is false.
   */
  end:
    | { by: 'page-count'; pageCount: (body: unknown) => number | undefined }
    | { by: 'short-page' }
    | { by: 'flag'; hasMore: (body: unknown, response: HttpResponse) => boolean };
  select: RecordSelector;
}

/** Offset/limit (`offset`=0-based or `startposition`=1-based) in query parameters. */
export interface OffsetPagination {
  type: 'offset';
  offsetParam: string;
  limitParam: string;
  pageSize: number;
  /** 0 or 1. */
  base: 0 | 1;
  /** Optional explicit end flag (NetSuite `hasMore`); otherwise a short page ends. */
  hasMore?: (body: unknown, response: HttpResponse) => boolean;
  select: RecordSelector;
}

/** Next link in the body (`$next`, `@odata.nextLink`, `d.__next`) or the RFC 5988 `Link` header. */
export interface NextLinkPagination {
  type: 'next-link';
  /** Where the link is: a body accessor, or `link-header` for `Link: <…>; rel="next"`. */
  source: { from: 'body'; next: (body: unknown) => string | null | undefined } | { from: 'link-header' };
  /** Page-size parameter for the first request, if any (`items_per_page`, `per_page`). */
  sizeParam?: string;
  pageSize?: number;
  select: RecordSelector;
}

/** A query language with paging clauses (QuickBooks `STARTPOSITION`/`MAXRESULTS`). */
export interface QueryLanguagePagination {
  type: 'query-language';
  pageSize: number;
  /**
   * Builds the request parameters for one page. `startPosition` is 1-based. `modifiedSince` is set on incremental
   * reads. The query must be ordered by a stable key so paging never skips or repeats.
   */
  buildQuery(args: { startPosition: number; maxResults: number; modifiedSince?: string; params: QueryParams }): QueryParams;
  /**
   * Number of records in the page as the provider reports it; the end is a page shorter than requested or with no
   * records. Do not trust a field that merely echoes the requested limit.
   */
  select: RecordSelector;
}

/** Offset by a record property (Xero `/Journals?offset=<last JournalNumber>`), ending on an empty page. */
export interface RecordOffsetPagination {
  type: 'record-offset';
  offsetParam: string;
  /** The offset value to continue after a record. */
  offsetOf: (raw: unknown) => string;
  select: RecordSelector;
}

/** The closed set of pagination strategies the core implements. */
export type PaginationSpec =
  | NoPagination
  | PageNumberPagination
  | OffsetPagination
  | NextLinkPagination
  | QueryLanguagePagination
  | RecordOffsetPagination;

// ------------------------------------------------------------------------------------------------------------------
// Incremental reads and deletes
// ------------------------------------------------------------------------------------------------------------------

/** How a resource reads only what changed since a checkpoint instant. */
export type IncrementalSpec =
  /** Always a full read. */
  | { type: 'none' }
  /** A request header carrying the instant (Xero `If-Modified-Since`). */
  | { type: 'header'; header: string; format?: (instant: string) => string }
  /** A query parameter (`updated_since`, `updated_or_created_since`). */
  | { type: 'query-param'; param: string; format?: (instant: string) => string }
  /** The query-language pagination receives `modifiedSince` and filters itself (QuickBooks LastUpdatedTime). */
  | { type: 'query-language' }
  /**
   * A change feed read in one call within a window (QuickBooks CDC): used when the checkpoint is younger than
   * `windowMs`; when the feed reports at least `maxObjects` changes (it may be truncated) the core falls back to
   * the resource's normal incremental path (`fallback`), never silently truncating.
   */
  | {
      type: 'change-feed';
      windowMs: number;
      maxObjects: number;
      request: (since: string) => HttpRequest;
      select: RecordSelector;
      fallback: Exclude<IncrementalSpec, { type: 'change-feed' }>;
      /**
       * Recognises a hard-delete stub in the feed (QuickBooks `{ status: "Deleted", Id }`) and returns its tombstone;
       * `undefined` for ordinary records, which are mapped as usual. Optional: without it every entry is mapped.
       */
      toTombstone?: (raw: unknown) => { id: string; deletedAt?: string } | undefined;
    };

/** How deletes become visible. */
export type DeletionSpec =
  /** A status/flag on the record itself (Xero VOIDED/DELETED/ARCHIVED): the mapper sets `isDeleted`. */
  | { type: 'status' }
  /**
   * A deletion feed on the same list endpoint with another parameter (Sage `deleted_since`): the core reads it with
   * the same pagination after the changes and turns each raw entry into `{ id, deletedAt }` tombstones.
   */
  | { type: 'feed'; param: string; format?: (instant: string) => string; toTombstone: (raw: unknown) => { id: string; deletedAt?: string } }
  /** Hard deletes arrive through the change feed (QuickBooks CDC `status: "Deleted"`): the mapper handles them. */
  | { type: 'change-feed' }
  /** Deletes are not reported: only a full reconciliation can find them. */
  | { type: 'none' };

// ------------------------------------------------------------------------------------------------------------------
// Resources
// ------------------------------------------------------------------------------------------------------------------

/** What mappers get besides the raw record. */
export interface MapContext {
  provider: string;
  tenant: Tenant;
  /** Organisation base currency when known (filled from the company record). */
  baseCurrency?: string;
  /** Keep the raw record in `raw`. */
  includeRaw: boolean;
}

/** Options callers pass to `list` / `pages` (report types take their own parameters). */
export interface ListParams {
  /** Only records modified at or after this instant (UTC ISO 8601). */
  modifiedSince?: string;
  /** Page size where the API takes one (clamped to the provider's maximum). */
  pageSize?: number;
  /** Report parameters (`date`, `fromDate`, `toDate`, …). */
  [param: string]: unknown;
}

/**
 * How to read one canonical data type from the provider. `T` is the canonical type; the mapper's return value is
 * validated by the core against the canonical schema.
 */
export interface ResourceDefinition<T extends DataType = DataType> {
  /** Path relative to the API base (`/Invoices`) or a function of the request context. */
  path: string | ((ctx: { tenant: Tenant; params: ListParams }) => string);
  /** Which base URL (default `api`). */
  base?: string;
  /** Fixed or derived query parameters (`where=Type=="ACCREC"`, `includeArchived=true`, report dates). */
  query?: (params: ListParams) => QueryParams;
  /** Extra headers for this resource. */
  headers?: Record<string, string>;
  pagination: PaginationSpec;
  incremental: IncrementalSpec;
  deletes: DeletionSpec;
  /** Keeps only some raw records (Xero Contacts → customers by `IsCustomer`). Applied before mapping. */
  filter?: (raw: unknown) => boolean;
  /**
   * Names the provider list this resource is one filter of, when another resource reads the same list (Xero
   * customers and suppliers: `'contacts'`). Resources with the same name must read it the same way — path, query,
   * pagination, record selector — and differ only in `filter` and `toCanonical`. Within one sync run the core then
   * reads the list once and replays its pages to the other type when the requests are identical (see
   * `SharedReads`); nothing changes for a type read on its own.
   */
  sharedList?: string;
  /** Stable id of a raw record, used for issues when mapping fails. */
  idOf: (raw: unknown) => string | undefined;
  /** Pure mapping to the canonical record. Throw (any error) on impossible values: the core records an issue. */
  toCanonical: (raw: unknown, ctx: MapContext) => CanonicalInputOf<T>;
  /** Single-record read, where the provider has one. */
  get?: { path: (id: string) => string; select: (body: unknown) => unknown };
  /**
   * Resources whose list is per parent (FreeAgent bank transactions per bank account): the core lists the parent
   * type's ids first, then reads this resource once per parent with `param=<parent id>`.
   *
   * Or a fixed list of partitions (`values`): one data type that lives in several provider collections (QuickBooks
   * `Class` and `Department` are both tracking categories): the core reads the list once per value, in order, with
   * `param=<value>` in the base query (which the pagination's `buildQuery` sees in `params`). Resumable like the
   * per-parent form (the cursor keeps the partition index).
   */
  partitionBy?:
    | {
        dataType: DataType;
        param: string;
        value?: (parentId: string) => string;
        /**
         * Takes the parameter value from the parent's raw record instead of its id (FreeAgent wants the bank account's
         * own `url`: `bank_transactions?bank_account=https://api.freeagent.com/v2/bank_accounts/1`). Records it returns
         * `undefined` for are skipped. When set, `value` is not used.
         */
        parentValue?: (parentRaw: unknown) => string | undefined;
      }
    | { values: readonly string[]; param: string };
  /** Writes the provider supports for this type (create, update, delete/void), with their push options. */
  write?: WriteDefinition<T>;
}

// ------------------------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------------------------

/**
 * One rule of a provider's push options: what a write accepts for one field. `path` is dotted; `[]` stands for
 * every element of an array (`lineItems[].description`). The validation step enforces `required`, `maxLength`,
 * `allowedValues`, `pattern` and `minItems` locally, with `message` (the provider's own words where known), before any call.
 */
export interface FieldRule {
  path: string;
  /** Required on `create` (true) or on both `create` and `update` (`'always'`). */
  required?: boolean | 'always';
  /** Longest string the provider takes. */
  maxLength?: number;
  /** The only values the provider takes. */
  allowedValues?: readonly string[];
  /** A regular expression (source) the value must match. */
  pattern?: string;
  /** Fewest elements an array takes (checked when the array is present; `required` covers its absence). */
  minItems?: number;
  /** Most elements an array takes (Xero: at most 2 tracking categories per line). */
  maxItems?: number;
  /** Accepted but ignored by the provider (documented so callers are not surprised). */
  ignored?: boolean;
  /** What the provider says when the rule is broken; the local error uses it. */
  message?: string;
  description?: string;
}

/** An HTTP request a write makes (relative to the API base unless absolute). */
export interface WriteRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  query?: QueryParams;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a write's request builder gets. */
export interface WriteContext {
  tenant: Tenant;
  /** The idempotency key of this write (always set: generated when the caller gave none). */
  idempotencyKey: string;
  /** The provider's current record, for writes that declare `needsCurrent` (QuickBooks `SyncToken`). */
  current?: unknown;
  /**
   * The instance's effective URLs, for providers whose bodies reference records by absolute URL (FreeAgent
   * `"contact": "https://api.freeagent.com/v2/contacts/2"`), so references point at the configured API base.
   */
  urls?: EnvironmentUrls;
}

/** How a provider makes a write safe to retry. */
export type IdempotencySpec =
  /** A header carrying the key (Xero `Idempotency-Key`). */
  | { type: 'header'; name: string }
  /** A query parameter carrying the key (QuickBooks `requestid`). */
  | { type: 'query'; param: string }
  /**
   * No provider mechanism: before creating, look for a record with the same natural key (a document number) and
   * return it instead of creating a duplicate. `find` builds the lookup; `select` returns the raw match or undefined
   * (it gets the create input too, to compare the natural key exactly when the provider's filter is looser). When
   * `find` returns undefined (no natural key in this input), an ambiguous failure is not retried, as with `none`.
   */
  | { type: 'precheck'; find: (input: unknown, ctx: WriteContext) => { url: string; query?: QueryParams } | undefined; select: (body: unknown, input: Record<string, unknown>) => unknown }
  /** Writes are never retried after an ambiguous failure. */
  | { type: 'none' };

/** One write operation: its request and where the written record is in the answer. */
export interface WriteOperationSpec<I> {
  request: (input: I, ctx: WriteContext) => WriteRequest;
  /** The provider's record in the answer (mapped back with `toCanonical`). */
  select: (body: unknown) => unknown;
  /** Read the current record first and pass it as `ctx.current` (optimistic concurrency tokens). */
  needsCurrent?: boolean;
}

/** The writes of one resource. Inputs are canonical (validated before the builders run). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- T documents which type the writes are for
export interface WriteDefinition<T extends DataType = DataType> {
  /** Push options: what a write accepts beyond the canonical schema. */
  fields: readonly FieldRule[];
  create?: WriteOperationSpec<Record<string, unknown>>;
  update?: WriteOperationSpec<{ id: string; changes: Record<string, unknown> }>;
  /**
   * Cross-field checks the field rules cannot express (a journal's lines must balance), run after them on the
   * validated input, before any HTTP call. On `update`, `input` holds only the fields given.
   */
  validate?: (input: Record<string, unknown>, operation: 'create' | 'update') => FieldIssue[];
  /**
   * Several creates in one call (Xero `PUT /Invoices?summarizeErrors=false` with `{"Invoices":[…]}`): each input is
   * validated locally first; only the valid ones are sent, in order, and the answer has one element per input sent.
   */
  createMany?: {
    request: (inputs: Record<string, unknown>[], ctx: WriteContext) => WriteRequest;
    /** The answer's elements, one per input sent, in the same order. */
    select: (body: unknown) => unknown[];
    /** The provider's errors on one element (empty when it was created). */
    errorsOf: (element: unknown) => FieldIssue[];
  };
  /** Delete, or the provider's equivalent (`void` for posted documents, `archive` for contacts). */
  delete?: Omit<WriteOperationSpec<{ id: string }>, 'select'> & {
    kind: 'delete' | 'void' | 'archive';
    /** The record in the answer, when the provider returns it (a voided invoice); omitted when it answers nothing. */
    select?: (body: unknown) => unknown;
  };
  idempotency: IdempotencySpec;
}

/** The resources table: one entry per canonical data type the provider offers. */
export type ResourcesTable = { readonly [K in DataType]?: ResourceDefinition<K> };

// ------------------------------------------------------------------------------------------------------------------
// Webhooks
// ------------------------------------------------------------------------------------------------------------------

/** A canonical change notification derived from a provider webhook. */
export interface ChangeEvent {
  provider: string;
  /** Tenant the event concerns (route it to the connection with this tenant). */
  tenantId: string;
  dataType: DataType | 'unknown';
  /** The provider's resource type as sent, e.g. `INVOICE`, `Customer`. */
  providerType: string;
  recordId: string;
  operation: 'created' | 'updated' | 'deleted' | 'voided' | 'merged' | 'other';
  /** When the change happened (UTC ISO 8601). */
  occurredAt?: string;
  /** Resource URL to fetch, when the provider sends one. */
  resourceUrl?: string;
}

/** Webhook verification and parsing. */
export interface WebhookDescriptor {
  /** Header carrying the signature (lower-case). */
  signatureHeader: string;
  /** Verifies the raw body bytes against the signature with the app's webhook key. Constant-time. */
  verify(rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>, key: string): boolean;
  /** Turns a verified payload into change events (an empty list for Xero's intent-to-receive). */
  parse(rawBody: Buffer | string, headers: Record<string, string | string[] | undefined>): ChangeEvent[];
}

// ------------------------------------------------------------------------------------------------------------------
// The descriptor
// ------------------------------------------------------------------------------------------------------------------

/** The whole description of a provider. Build it with `defineProvider`. */
export interface ProviderDescriptor<R extends ResourcesTable = ResourcesTable> {
  /** Stable id, kebab-case (`xero`, `quickbooks`). */
  id: string;
  displayName: string;
  /** Provider API documentation root. */
  docsUrl: string;
  environments: { production: EnvironmentUrls; sandbox?: EnvironmentUrls; [name: string]: EnvironmentUrls | undefined };
  auth: AuthDescriptor;
  rateLimits: RateLimitDescriptor;
  /** Headers every API call carries for a tenant (Xero `xero-tenant-id`, Sage `X-Business`). */
  tenantHeaders?: (tenant: Tenant) => Record<string, string>;
  /** Query parameters every API call carries (QuickBooks `minorversion`). */
  defaultQuery?: (config: ProviderInstanceConfig) => QueryParams;
  /** Rewrites relative paths per tenant (QuickBooks `/v3/company/{realmId}`). */
  tenantPath?: (tenant: Tenant, path: string) => string;
  /** Headers on every request (`Accept: application/json`). */
  defaultHeaders?: Record<string, string>;
  /** Provider-specific error bodies. */
  mapError?: ErrorMapper;
  /** Request id header for support (`intuit_tid`, `xero-correlation-id`). */
  requestIdHeader?: string;
  resources: R;
  webhooks?: WebhookDescriptor;
}

/** Per-instance configuration of a provider (your app's credentials and overrides). */
export interface ProviderInstanceConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Environment name (default `production`). */
  environment?: string;
  /** Override any URL of the chosen environment (emulators, proxies). */
  urls?: Partial<EnvironmentUrls>;
  /** Scope set name from the descriptor, or an explicit list. */
  scopes?: string | readonly string[];
  /** Override published limits (e.g. Xero's tiered daily limits). */
  rateLimits?: { tenant?: LimitSet; app?: LimitSet };
  /** Provider-specific options (QuickBooks `minorversion`, …). */
  options?: Record<string, unknown>;
}

/** A provider descriptor bound to your app's credentials. */
export interface ProviderInstance<R extends ResourcesTable = ResourcesTable> {
  readonly descriptor: ProviderDescriptor<R>;
  readonly config: ProviderInstanceConfig;
  /** The effective URLs (environment defaults merged with overrides). */
  readonly urls: EnvironmentUrls;
  readonly environment: string;
  readonly scopes: readonly string[];
  readonly rateLimits: { tenant: LimitSet; app?: LimitSet };
}
