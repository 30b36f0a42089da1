/**
 * Redaction of secrets from headers, URLs, text, values, errors and log lines — applied before anything is logged or
 * put into an error. Two mechanisms work together:
 *
 * - **by name**: a header, field or query parameter whose name looks secret ({@link SECRET_NAME}: `Authorization`,
 *   `Cookie`, `*token*`, `*secret*`, `password`, `*verifier*`, `*signature*`, `api_key`…) has its value replaced by
 *   `[redacted]`, whatever the value;
 * - **by value**: the exact secret strings the caller knows (the access token it just sent, the client secret) are
 *   replaced wherever they appear, plus anything shaped like a credential (`Bearer …`, a JWT, `access_token=…`).
 *
 * @module
 */
import type { Logger, LogFields } from '../logger';

/**
 * Names (headers, body fields, log fields) whose values are secrets. Deliberately not `code`: error codes are useful
 * and harmless; the OAuth `code` query parameter is handled by {@link redactUrl}.
 */
export const SECRET_NAME = /token|secret|password|passwd|authorization|verifier|signature|api[-_]?key|cookie|assertion|credential/i;

/** Query parameters that are secrets although their names are not secret-looking (OAuth `code`, `state`). */
const SECRET_QUERY_PARAM = /^(code|state|key|sig|client_assertion)$/i;

/** Placeholder for a redacted value. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for by value (too likely to match innocent text). */
const MIN_SECRET_LENGTH = 4;

/**
 * Copy of `headers` with every secret-bearing header (`Authorization`, `Cookie`, `Set-Cookie`, `X-Xero-Signature`,
 * `X-Api-Key`, anything matching {@link SECRET_NAME}) replaced by `[redacted]`; other values pass through
 * {@link redactText} (a `Location` carrying `?code=` is cleaned too).
 */
export function redactHeaders(headers: Record<string, unknown> | undefined, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k] = SECRET_NAME.test(k) ? REDACTED : redactText(Array.isArray(v) ? v.join(', ') : String(v), secrets);
  }
  return out;
}

function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const key of [...new Set(params.keys())]) {
    if (SECRET_NAME.test(key) || SECRET_QUERY_PARAM.test(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed;
}

/**
 * The URL with secrets removed: query (and fragment) parameters such as `access_token`, `refresh_token`, `token`,
 * `code`, `state`, `client_secret`, `code_verifier`, `api_key`, and user-info credentials.
 *
 * @example
 * redactUrl('https://api.test/x?access_token=abc&page=2') // 'https://api.test/x?access_token=[redacted]&page=2'
 */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let out: string;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = u.username ? REDACTED : '';
      u.password = '';
    }
    redactParams(u.searchParams);
    if (u.hash.includes('=')) {
      const fragment = new URLSearchParams(u.hash.slice(1));
      if (redactParams(fragment)) u.hash = fragment.toString();
    }
    // Readable in logs: `?code=[redacted]` rather than `?code=%5Bredacted%5D`.
    out = u.toString().split(encodeURIComponent(REDACTED)).join(REDACTED);
  } catch {
    out = url.replace(QUERY_PAIR, (m, pre: string, name: string) => (isSecretParam(name) ? `${pre}${name}=${REDACTED}` : m));
  }
  return replaceSecrets(out, secrets);
}

/**
 * A field name: a whole word (the look-behind anchors it at a word start, so a long unbroken word costs linear, not
 * quadratic, time). Whether it is secret is decided by {@link SECRET_NAME} in the replacer.
 */
const NAME = String.raw`(?<![\w.-])[\w.-]+`;
/** `Bearer <anything>`: a bearer credential in an echoed header. */
const BEARER = /\b(Bearer)(\s+)[^\s"',;]+/gi;
/** `Basic <base64>` / `Digest <…>`: other credentials (case-sensitive and 8+ characters, so "basic plan" survives). */
const BASIC = /\b(Basic|Digest)(\s+)[A-Za-z0-9._~+/=-]{8,}/g;
/** A JSON Web Token (three base64url parts, header starting `eyJ`). */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g;
/** `"access_token": "…"` / `'client_secret': '…'` in JSON-ish text (the whole quoted value). */
const JSON_PAIR = new RegExp(String.raw`(["']?)(${NAME})\1(\s*:\s*)(["'])((?:\\.|(?!\4)[^\\])*)\4`, 'g');
/** `access_token=…` / `code=…` in query strings and form bodies. */
const QUERY_PAIR = new RegExp(String.raw`(^|[?&#;\s])(${NAME})=([^&#\s"']*)`, 'g');
/** `Authorization: …` / `Cookie: …` lines of echoed raw headers (to the end of the line). */
const HEADER_LINE = new RegExp(String.raw`(^|[\r\n])([ \t]*)(${NAME})([ \t]*:[ \t]*)(?!["'])([^\r\n]*)`, 'g');

const isSecretName = (name: string) => SECRET_NAME.test(name);
const isSecretParam = (name: string) => SECRET_NAME.test(name) || SECRET_QUERY_PARAM.test(name);

function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

/**
 * Removes secrets from free text: every string in `secrets` (exact match, 4+ characters), `Bearer …`/`Basic …`
 * credentials, JWTs, `"access_token": "…"` pairs, `access_token=…` / `code=…` query pairs and `Authorization: …`
 * header lines.
 *
 * @example
 * redactText('upstream said: Bearer abc.def') // 'upstream said: Bearer [redacted]'
 * redactText('Host: x\nAuthorization: Basic dXNlcjpwYXNz') // 'Host: x\nAuthorization: [redacted]'
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return replaceSecrets(text, secrets)
    .replace(HEADER_LINE, (m, start: string, ws: string, name: string, sep: string) => (isSecretName(name) ? `${start}${ws}${name}${sep}${REDACTED}` : m))
    .replace(JSON_PAIR, (m, q: string, name: string, sep: string, quote: string) => (isSecretName(name) ? `${q}${name}${q}${sep}${quote}${REDACTED}${quote}` : m))
    .replace(QUERY_PAIR, (m, pre: string, name: string) => (isSecretParam(name) ? `${pre}${name}=${REDACTED}` : m))
    .replace(BEARER, (_m, scheme: string, ws: string) => `${scheme}${ws}${REDACTED}`)
    .replace(BASIC, (_m, scheme: string, ws: string) => `${scheme}${ws}${REDACTED}`)
    .replace(JWT, REDACTED);
}

/**
 * Deep copy of a value for logs and error fields: fields whose names look secret become `[redacted]` (whatever
 * their value), strings pass through {@link redactText}, `Error`s become `{ name, message, code, … }`, URLs are
 * redacted, Buffers are summarised, cycles are cut.
 */
export function redactValue(value: unknown, secrets: readonly string[] = [], seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof URL) return redactUrl(value.toString(), secrets);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, seen));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.name = value.name;
    out.message = redactText(value.message, secrets);
  }
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    out[k] = SECRET_NAME.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redactValue(v, secrets, seen);
  }
  return out;
}

/**
 * Redacts an error **in place** (it is about to be thrown to the caller): its message, stack and every enumerable
 * string field (deep: `issues[].message` too). Returns the same error.
 */
export function redactError<E>(error: E, secrets: readonly string[] = []): E {
  if (!(error instanceof Error)) return error;
  const clean = (s: string) => redactText(s, secrets);
  const message = clean(error.message);
  if (message !== error.message) error.message = message;
  if (typeof error.stack === 'string') {
    const stack = clean(error.stack);
    if (stack !== error.stack) error.stack = stack;
  }
  const fix = (holder: Record<string, unknown>, seen: WeakSet<object>) => {
    if (seen.has(holder)) return;
    seen.add(holder);
    for (const [k, v] of Object.entries(holder)) {
      try {
        if (typeof v === 'string') {
          const next = SECRET_NAME.test(k) && v !== '' ? REDACTED : clean(v);
          if (next !== v) holder[k] = next;
        } else if (v && typeof v === 'object') fix(v as Record<string, unknown>, seen);
      } catch {
        // A frozen/readonly field cannot hold a secret we put there; leave it.
      }
    }
  };
  fix(error as unknown as Record<string, unknown>, new WeakSet());
  return error;
}

/** A short, redacted excerpt of a response body for error messages (at most `max` characters, whitespace folded). */
export function bodyExcerpt(data: unknown, secrets: readonly string[] = [], max = 300): string {
  let text: string;
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') text = data;
  else if (Buffer.isBuffer(data)) text = data.toString('utf8');
  else {
    try {
      text = JSON.stringify(redactValue(data, secrets)) ?? '';
    } catch {
      text = String(data);
    }
  }
  // Bound the work on huge bodies (an HTML error page, a dump): only the start can end up in the excerpt.
  if (text.length > max * 8) text = text.slice(0, max * 8);
  text = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  // Cutting could split a secret that the patterns above only recognise whole, so redact once more after cutting.
  return `${redactText(text.slice(0, max), secrets)}…`;
}

/**
 * Wraps a logger so every message and every field is redacted ({@link redactText}, {@link redactValue}) with the
 * secrets `secrets()` returns at the time of the line.
 */
export function redactingLogger(logger: Logger, secrets: () => readonly string[] = () => []): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      const s = secrets();
      const clean = fields === undefined ? undefined : (redactValue(fields, s) as LogFields);
      logger[level](redactText(message, s), clean);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
