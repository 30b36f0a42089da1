/**
 * AES-256-GCM sealing of stored connections, shared by the file, PostgreSQL and Redis token stores.
 *
 * Each write uses a fresh random 12-byte IV; the connection id is the additional authenticated data, so a sealed
 * record copied under another id fails to open. Every envelope names the key it was sealed with by a short key id
 * (an HMAC of a constant under the key — it reveals nothing about the key), which lets a wrong key be reported as such
 * instead of as corruption.
 * @module
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AuthError, ConfigurationError } from '../errors';

/** A 32-byte key as a Buffer/Uint8Array, a base64 or base64url string, or a 64-character hex string. */
export type EncryptionKeyInput = Buffer | Uint8Array | string;

/** The envelope format written by {@link sealJson}. All binary fields are base64url. */
export interface SealedEnvelope {
  format: 'ledgerlink-aes-256-gcm/1';
  /** Key id: first 8 bytes of HMAC-SHA256(key, "ledgerlink key id v1"), hex. */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

const FORMAT = 'ledgerlink-aes-256-gcm/1';

/**
 * Turns a key input into 32 raw bytes.
 * @throws {ConfigurationError} when the input is not exactly 32 bytes (the message never contains the key).
 * @example parseEncryptionKey(process.env.LEDGERLINK_KEY!) // e.g. `openssl rand -base64 32`
 */
export function parseEncryptionKey(input: EncryptionKeyInput): Buffer {
  let key: Buffer | undefined;
  if (typeof input === 'string') {
    const s = input.trim();
    if (/^[0-9a-fA-F]{64}$/.test(s)) key = Buffer.from(s, 'hex');
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } else if (input instanceof Uint8Array) {
    key = Buffer.from(input);
  }
  if (!key || key.length !== 32) {
    throw new ConfigurationError(
      'the token store encryption key must be 32 bytes (a Buffer, or base64/hex text of 32 bytes, e.g. `openssl rand -base64 32`)',
    );
  }
  return key;
}

/** The public id of a key (safe to log): names which key sealed an envelope. */
export function encryptionKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('ledgerlink key id v1').digest().subarray(0, 8).toString('hex');
}

/** True when `value` looks like a {@link SealedEnvelope}. */
export function isSealedEnvelope(value: unknown): value is SealedEnvelope {
  const v = value as Partial<SealedEnvelope> | null;
  return (
    typeof v === 'object' && v !== null && v.format === FORMAT &&
    typeof v.kid === 'string' && typeof v.iv === 'string' && typeof v.tag === 'string' && typeof v.data === 'string'
  );
}

/** Encrypts `value` (as JSON) with AES-256-GCM under `key`, binding it to `aad` (the connection id). */
export function sealJson(key: Buffer, aad: string, value: unknown): SealedEnvelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    format: FORMAT,
    kid: encryptionKeyId(key),
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    data: data.toString('base64url'),
  };
}

/**
 * Decrypts an envelope written by {@link sealJson}. `where` names the record in error messages (no secret).
 * @throws {ConfigurationError} when the envelope was sealed with another key.
 * @throws {AuthError} when it fails authentication (modified, corrupted, or moved to another id).
 */
export function openJson<T = unknown>(key: Buffer, aad: string, envelope: unknown, where: string): T {
  if (!isSealedEnvelope(envelope)) {
    throw new AuthError(`${where} is not a sealed ledgerlink record (corrupted, or written without encryption)`);
  }
  const kid = encryptionKeyId(key);
  if (envelope.kid !== kid) {
    throw new ConfigurationError(
      `${where} was encrypted with another key (key id ${envelope.kid}; the configured key has id ${kid}): check the token store key`,
    );
  }
  const iv = Buffer.from(envelope.iv, 'base64url');
  const tag = Buffer.from(envelope.tag, 'base64url');
  if (iv.length !== 12 || tag.length !== 16) throw new AuthError(`${where} failed its integrity check (malformed envelope)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    throw new AuthError(`${where} failed its integrity check: it was modified, corrupted or stored under another id`);
  }
}
