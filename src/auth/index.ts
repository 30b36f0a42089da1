/**
 * Auth layer: OAuth linking, the token lifecycle and token stores.
 * @module
 */
export type * from './types';
export {
  createOAuthClient,
  createOAuthClients,
  callbackSearchParams,
  checkEndpointUrl,
  isLoopbackHost,
  toTokenSet,
  type AuthorizationRequest,
  type CodeExchangeResult,
  type OAuthClient,
  type OAuthClientOptions,
} from './oauth-client';
export {
  createLinkFlow,
  newConnectionId,
  type ChooseTenantResult,
  type LinkCompleteResult,
  type LinkedConnection,
  type LinkedResult,
  type LinkFlow,
  type LinkFlowOptions,
  type LinkStartOptions,
  type RequestFactory,
} from './link';
export {
  createTokenManager,
  type OAuthClientLookup,
  type TokenManager,
  type TokenManagerEvent,
  type TokenManagerOptions,
} from './token-manager';
export { MemoryTokenStore } from './memory-token-store';
export { MemoryLinkStateStore } from './memory-link-state-store';
export { FileTokenStore, type FileTokenStoreOptions } from './file-token-store';
export { PostgresTokenStore, type PgPoolLike, type PgQueryable, type PostgresTokenStoreOptions } from './postgres-token-store';
export { RedisTokenStore, type RedisLike, type RedisTokenStoreOptions } from './redis-token-store';
export {
  encryptionKeyId,
  isSealedEnvelope,
  openJson,
  parseEncryptionKey,
  sealJson,
  type EncryptionKeyInput,
  type SealedEnvelope,
} from './crypto';
