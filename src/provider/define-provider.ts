/**
 * `defineProvider` — declares a provider adapter and validates its descriptor at start-up, so a malformed adapter
 * fails loudly when it is imported rather than in the middle of a customer's sync.
 * @module
 */
import { ConfigurationError } from '../errors';
import { isDataType } from '../model/data-types';
import type {
  EnvironmentUrls,
  LimitSet,
  ProviderDescriptor,
  ProviderInstance,
  ProviderInstanceConfig,
  ResourcesTable,
} from './types';

const PAGINATION_TYPES = new Set(['none', 'page-number', 'offset', 'next-link', 'query-language', 'record-offset']);
const INCREMENTAL_TYPES = new Set(['none', 'header', 'query-param', 'query-language', 'change-feed']);
const DELETION_TYPES = new Set(['status', 'feed', 'change-feed', 'none']);

/** A validated provider descriptor that can be bound to your app's credentials with `configure`. */
export type DefinedProvider<R extends ResourcesTable> = ProviderDescriptor<R> & {
  /** Binds the descriptor to your app's credentials and overrides. Validates the config (no HTTP call). */
  configure(config: ProviderInstanceConfig): ProviderInstance<R>;
};

function fail(id: string, message: string): never {
  throw new ConfigurationError(`provider "${id}": ${message}`, { provider: id });
}

function checkUrl(id: string, where: string, value: unknown): void {
  if (typeof value !== 'string') fail(id, `${where} must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(id, `${where} is not a valid absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(id, `${where} must be http(s)`);
}

function checkLimits(id: string, where: string, limits: LimitSet | undefined): void {
  if (!limits) return;
  for (const [k, v] of Object.entries(limits)) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
      fail(id, `${where}.${k} must be a positive integer (got ${String(v)})`);
    }
  }
}

/**
 * Validates and returns a provider descriptor. Throws {@link ConfigurationError} naming the first problem.
 *
 * @example
 * export const xeroProvider = defineProvider({ id: 'xero', displayName: 'Xero', ... });
 * const xero = xeroProvider.configure({ clientId, clientSecret, redirectUri });
 */
export function defineProvider<const R extends ResourcesTable>(descriptor: ProviderDescriptor<R>): DefinedProvider<R> {
  const id = descriptor.id;
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) {
    throw new ConfigurationError(`provider id must be kebab-case, got ${JSON.stringify(id)}`);
  }
  if (!descriptor.displayName) fail(id, 'displayName is required');
  if (!descriptor.environments?.production) fail(id, 'environments.production is required');
  for (const [env, urls] of Object.entries(descriptor.environments)) {
    if (!urls) continue;
    checkUrl(id, `environments.${env}.api`, urls.api);
    for (const [name, u] of Object.entries(urls)) if (u !== undefined) checkUrl(id, `environments.${env}.${name}`, u);
    if (descriptor.auth.discovery && !urls.issuer && !urls.discoveryUrl) {
      fail(id, `environments.${env} needs issuer or discoveryUrl because auth.discovery is true`);
    }
    if (!descriptor.auth.discovery && (!urls.authorization || !urls.token)) {
      fail(id, `environments.${env} needs authorization and token URLs (auth.discovery is false)`);
    }
  }
  const auth = descriptor.auth;
  if (auth?.type !== 'oauth2') fail(id, 'auth.type must be "oauth2"');
  if (!Array.isArray(auth.scopes?.default)) fail(id, 'auth.scopes.default must be a list');
  if (typeof auth.resolveTenants !== 'function') fail(id, 'auth.resolveTenants must be a function');
  if (!(auth.refreshAheadMs >= 0)) fail(id, 'auth.refreshAheadMs must be >= 0');
  checkLimits(id, 'rateLimits.tenant', descriptor.rateLimits?.tenant);
  checkLimits(id, 'rateLimits.app', descriptor.rateLimits?.app);
  if (!(descriptor.rateLimits?.defaultRetryAfterMs >= 0)) fail(id, 'rateLimits.defaultRetryAfterMs is required');

  for (const [key, res] of Object.entries(descriptor.resources)) {
    if (!isDataType(key)) fail(id, `resources.${key} is not a canonical data type`);
    if (!res) continue;
    const where = `resources.${key}`;
    if (typeof res.path !== 'string' && typeof res.path !== 'function') fail(id, `${where}.path is required`);
    if (!PAGINATION_TYPES.has(res.pagination?.type)) fail(id, `${where}.pagination.type is unknown`);
    if (typeof res.pagination.select !== 'function') fail(id, `${where}.pagination.select must be a function`);
    if (!INCREMENTAL_TYPES.has(res.incremental?.type)) fail(id, `${where}.incremental.type is unknown`);
    if (res.incremental.type === 'change-feed' && res.incremental.fallback.type === 'none') {
      // allowed: a feed with a full-read fallback
    }
    if (!DELETION_TYPES.has(res.deletes?.type)) fail(id, `${where}.deletes.type is unknown`);
    if (typeof res.toCanonical !== 'function') fail(id, `${where}.toCanonical must be a function`);
    if (typeof res.idOf !== 'function') fail(id, `${where}.idOf must be a function`);
    if ('pageSize' in res.pagination && res.pagination.pageSize !== undefined) {
      const size = res.pagination.pageSize;
      if (!Number.isInteger(size) || size <= 0) fail(id, `${where}.pagination.pageSize must be a positive integer`);
    }
    if (res.partitionBy && 'values' in res.partitionBy) {
      const v = res.partitionBy.values;
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x === '')) fail(id, `${where}.partitionBy.values must be a non-empty list of strings`);
    } else if (res.partitionBy && !isDataType(res.partitionBy.dataType)) fail(id, `${where}.partitionBy.dataType is unknown`);
    if (res.write) {
      const w = res.write;
      if (!Array.isArray(w.fields)) fail(id, `${where}.write.fields must be an array of push-option rules`);
      for (const rule of w.fields) {
        if (typeof rule.path !== 'string' || rule.path === '') fail(id, `${where}.write.fields has a rule without a path`);
        if (rule.pattern !== undefined) {
          try {
            new RegExp(rule.pattern);
          } catch {
            fail(id, `${where}.write.fields ${rule.path}: pattern is not a valid regular expression`);
          }
        }
        for (const bound of ['minItems', 'maxItems'] as const) {
          const n = rule[bound];
          if (n !== undefined && !(Number.isInteger(n) && n >= 0)) fail(id, `${where}.write.fields ${rule.path}: ${bound} must be a non-negative integer`);
        }
      }
      if (w.validate !== undefined && typeof w.validate !== 'function') fail(id, `${where}.write.validate must be a function`);
      if (w.createMany) {
        for (const fn of ['request', 'select', 'errorsOf'] as const) {
          if (typeof w.createMany[fn] !== 'function') fail(id, `${where}.write.createMany.${fn} must be a function`);
        }
        // A batch has no natural-key precheck: it needs a provider idempotency mechanism, or none at all.
        if (w.idempotency?.type === 'precheck') fail(id, `${where}.write.createMany cannot be combined with precheck idempotency`);
      }
      if (!w.create && !w.update && !w.delete) fail(id, `${where}.write declares no operation`);
      for (const op of ['create', 'update', 'delete'] as const) {
        const spec = w[op];
        if (spec && typeof spec.request !== 'function') fail(id, `${where}.write.${op}.request must be a function`);
      }
      if (!['header', 'query', 'precheck', 'none'].includes(w.idempotency?.type)) fail(id, `${where}.write.idempotency.type is unknown`);
    }
  }

  const defined = Object.freeze({
    ...descriptor,
    configure(config: ProviderInstanceConfig): ProviderInstance<R> {
      return configureProvider(descriptor, config);
    },
  });
  return defined as DefinedProvider<R>;
}

function configureProvider<R extends ResourcesTable>(
  descriptor: ProviderDescriptor<R>,
  config: ProviderInstanceConfig,
): ProviderInstance<R> {
  const id = descriptor.id;
  if (!config || typeof config !== 'object') fail(id, 'configure() needs a config object');
  if (!config.clientId) fail(id, 'clientId is required');
  if (!config.clientSecret) fail(id, 'clientSecret is required');
  if (!config.redirectUri) fail(id, 'redirectUri is required');
  checkUrl(id, 'redirectUri', config.redirectUri);
  const environment = config.environment ?? 'production';
  const envUrls = descriptor.environments[environment];
  if (!envUrls) {
    fail(id, `unknown environment "${environment}" (known: ${Object.keys(descriptor.environments).join(', ')})`);
  }
  const urls: EnvironmentUrls = { ...envUrls };
  for (const [k, v] of Object.entries(config.urls ?? {})) {
    if (v === undefined) continue;
    checkUrl(id, `urls.${k}`, v);
    urls[k] = v;
  }
  let scopes: readonly string[];
  if (config.scopes === undefined) scopes = descriptor.auth.scopes.default;
  else if (typeof config.scopes === 'string') {
    const set = descriptor.auth.scopes[config.scopes];
    if (!set) fail(id, `unknown scope set "${config.scopes}" (known: ${Object.keys(descriptor.auth.scopes).join(', ')})`);
    scopes = set;
  } else scopes = [...config.scopes];
  const rateLimits = {
    tenant: { ...descriptor.rateLimits.tenant, ...config.rateLimits?.tenant },
    ...(descriptor.rateLimits.app || config.rateLimits?.app
      ? { app: { ...descriptor.rateLimits.app, ...config.rateLimits?.app } }
      : {}),
  };
  checkLimits(id, 'config.rateLimits.tenant', rateLimits.tenant);
  checkLimits(id, 'config.rateLimits.app', rateLimits.app);
  const instance: ProviderInstance<R> = {
    descriptor,
    config: { ...config },
    urls: Object.freeze(urls),
    environment,
    scopes: Object.freeze([...scopes]),
    rateLimits,
  };
  // The client secret stays reachable for the auth layer but out of JSON/inspection of the instance.
  Object.defineProperty(instance.config, 'clientSecret', { value: config.clientSecret, enumerable: false });
  return Object.freeze(instance);
}
