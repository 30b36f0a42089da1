/**
 * Turns openid-client / oauth4webapi / fetch failures into ledgerlink errors without letting a secret through.
 *
 * openid-client errors can carry the whole token response in their `cause` (e.g. a response it found invalid), so the
 * original error is never attached: the `cause` is a fresh plain error with the redacted message and code only.
 * @module
 * @internal
 */
import * as oidc from 'openid-client';
import { AuthError, LedgerError, NetworkError, TimeoutError } from '../errors';

/** Replaces every occurrence of each secret (4+ characters) in `text` by `[redacted]`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

function safeCause(err: unknown, secrets: ReadonlyArray<string | undefined>): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const copy = new Error(redactSecrets(e.message, secrets));
  copy.name = e.name;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

function networkCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Error codes of RFC 6749 §5.2 and RFC 7009 that a retry later may fix. */
const TRANSIENT = new Set(['temporarily_unavailable', 'server_error', 'slow_down']);

/**
 * Maps a failure of an OAuth call (`operation` names it: "token refresh", "authorization code exchange", …).
 * The returned error's `providerCode` is the RFC 6749 `error` (`invalid_grant`, `invalid_client`, …) when the server
 * sent one.
 */
export async function toLedgerError(
  err: unknown,
  ctx: { provider: string; operation: string; secrets: ReadonlyArray<string | undefined> },
): Promise<LedgerError> {
  if (err instanceof LedgerError) return err;
  const { provider, operation, secrets } = ctx;
  const cause = safeCause(err, secrets);
  if (err instanceof oidc.ResponseBodyError) {
    const desc = err.error_description ? `: ${redactSecrets(err.error_description, secrets).slice(0, 200)}` : '';
    const hint = err.error === 'invalid_client' ? ' (check the client id and secret)' : '';
    return new AuthError(`${provider}: ${operation} was refused with ${err.error}${desc}${hint}`, {
      provider,
      status: err.status,
      providerCode: err.error,
      retryable: err.status >= 500 || TRANSIENT.has(err.error),
      cause,
    });
  }
  if (err instanceof oidc.AuthorizationResponseError) {
    const desc = err.error_description ? `: ${redactSecrets(err.error_description, secrets).slice(0, 200)}` : '';
    return new AuthError(`${provider}: authorization failed with ${err.error}${desc}`, { provider, providerCode: err.error, cause });
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    // A 401 with a challenge skips openid-client's body parsing: the RFC 6749 error is in the body or the challenge.
    const fromChallenge = err.cause.find((c) => typeof c.parameters.error === 'string')?.parameters.error;
    const body = (await err.response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    const error = typeof body?.error === 'string' ? body.error : (fromChallenge ?? (err.status === 401 ? 'invalid_client' : undefined));
    const hint = error === 'invalid_client' ? ' (check the client id and secret)' : '';
    return new AuthError(`${provider}: ${operation} was refused (HTTP ${err.status}${error ? `, ${error}` : ''})${hint}`, {
      provider,
      status: err.status,
      ...(error ? { providerCode: error } : {}),
      cause,
    });
  }
  const code = (err as { code?: unknown })?.code;
  if (code === 'OAUTH_TIMEOUT') return new TimeoutError(`${provider}: ${operation} timed out`, { provider, cause });
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    const status = (err as { cause?: { status?: unknown } }).cause?.status;
    const s = typeof status === 'number' ? status : undefined;
    return new AuthError(`${provider}: ${operation} failed with an unexpected response${s ? ` (HTTP ${s})` : ''}`, {
      provider,
      ...(s !== undefined ? { status: s } : {}),
      retryable: s === undefined || s >= 500 || s === 429,
      cause,
    });
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
    return new AuthError(`${provider}: ${operation} returned a response that is not JSON`, { provider, retryable: true, cause });
  }
  const net = networkCode(err);
  if (err instanceof TypeError && (net || /fetch failed|network|socket/i.test(err.message))) {
    return new NetworkError(`${provider}: ${operation} could not complete: network failure${net ? ` (${net})` : ''}`, {
      provider,
      cause,
    });
  }
  if (typeof code === 'string' && code.startsWith('OAUTH_')) {
    return new AuthError(`${provider}: ${operation} failed: ${cause.message} (${code})`, { provider, cause });
  }
  return new AuthError(`${provider}: ${operation} failed: ${cause.message}`, { provider, cause });
}
