/**
 * Token material for the emulator OAuth server: random opaque values, JWT signing (HS256 and RS256) and the small
 * form/Basic-auth parsing helpers the endpoints share. Everything here is pure or instance-scoped.
 * @module
 * @internal
 */
import { createHash, createHmac, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** A random URL-safe string carrying `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A random lower-case hex string (Xero-style opaque refresh tokens are 64 hex characters). */
export function randomHex(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** A random RFC 4122 version 4 UUID. */
export function randomUuid(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `BASE64URL(SHA-256(verifier))`: the RFC 7636 S256 transformation. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43–128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`. */
export function isValidVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Signs a compact JWS with HMAC-SHA256. */
export function signHs256(payload: Record<string, unknown>, secret: Buffer | string, kid?: string): string {
  const head = b64json({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) });
  const body = b64json(payload);
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** An RSA signing key with its public JWK, generated per server instance. */
export interface RsaSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

/** Generates a 2048-bit RSA key for RS256 ID tokens. */
export function generateRsaSigningKey(): RsaSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomToken(8);
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

/** Signs a compact JWS with RSASSA-PKCS1-v1_5 SHA-256. */
export function signRs256(payload: Record<string, unknown>, key: RsaSigningKey): string {
  const head = b64json({ alg: 'RS256', typ: 'JWT', kid: key.kid });
  const body = b64json(payload);
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.privateKey).toString('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * Credentials from an `Authorization: Basic` header. RFC 6749 §2.3.1: the client id and secret are
 * `application/x-www-form-urlencoded` before being joined, so they are form-decoded here.
 * Returns `undefined` when there is no Basic header, `null` when it is malformed.
 */
export function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | undefined | null {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return /^Basic\b/i.test(header) ? null : undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  };
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) return null;
  return { clientId, clientSecret };
}

/** Parses an `application/x-www-form-urlencoded` body; repeated parameters are reported so callers can reject them. */
export function parseForm(body: Buffer): { params: Map<string, string>; repeated: string[] } {
  const search = new URLSearchParams(body.toString('utf8'));
  const params = new Map<string, string>();
  const repeated: string[] = [];
  for (const [k, v] of search) {
    if (params.has(k)) repeated.push(k);
    else params.set(k, v);
  }
  return { params, repeated };
}

/** Constant-time string comparison (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  let diff = 0;
  for (let i = 0; i < ha.length; i++) diff |= ha[i]! ^ hb[i]!;
  return diff === 0 && a.length === b.length;
}
