/**
 * A parser for the HTTP `Link` header (RFC 8288, formerly RFC 5988), as FreeAgent and GitHub-style APIs send it:
 *
 * ```
 * Link: <https://api.freeagent.com/v2/invoices?page=3&per_page=25>; rel="next",
 *       <https://api.freeagent.com/v2/invoices?page=5&per_page=25>; rel="last"
 * ```
 *
 * See https://www.rfc-editor.org/rfc/rfc8288 and https://dev.freeagent.com/docs/introduction (pagination).
 * @module
 */

/** One link-value of a `Link` header. */
export interface LinkValue {
  /** The target as written between `<` and `>` (not resolved; see `resolveLinkTarget`). */
  url: string;
  /** Relation types from `rel`, lower-cased, split on whitespace (`rel="next last"` → `['next', 'last']`). */
  rel: string[];
  /**
   * Every parameter, names lower-cased, quotes removed and escapes undone. When a parameter repeats, the first wins
   * (RFC 8288 §3.3); an RFC 8187 extended value (`title*=UTF-8''…`) is decoded and preferred over the plain one.
   */
  params: Record<string, string>;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Decodes an RFC 8187 ext-value (`UTF-8'en'%E2%82%AC%20rates`); returns `undefined` when malformed. */
function decodeExtValue(value: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m) return undefined;
  const charset = (m[1] ?? '').toLowerCase();
  const encoded = m[2] ?? '';
  try {
    if (charset === 'utf-8') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1') {
      return encoded.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Parses a `Link` header value into its link-values, in order. Tolerant of what servers really send: extra
 * whitespace, unquoted `rel=next`, several links in one header or several headers joined with `, `, commas and
 * semicolons inside quoted strings or inside `<…>`. Anything that is not a `<…>` link-value is skipped.
 *
 * @example
 * ```ts
 * parseLinkHeader('<https://x.test/a?page=2>; rel="next last"; title="a, b; c"')
 * // → [{ url: 'https://x.test/a?page=2', rel: ['next', 'last'], params: { rel: 'next last', title: 'a, b; c' } }]
 * ```
 */
export function parseLinkHeader(header: string | null | undefined): LinkValue[] {
  const links: LinkValue[] = [];
  if (!header) return links;
  const s = header;
  const n = s.length;
  let i = 0;

  const skipSpace = (): void => {
    while (i < n && isSpace(s[i])) i++;
  };
  // Skips to the next character in `stops` outside quoted strings and angle brackets.
  const skipUntil = (stops: string): void => {
    while (i < n && !stops.includes(s[i] as string)) {
      if (s[i] === '"') readQuoted();
      else if (s[i] === '<') {
        const close = s.indexOf('>', i);
        i = close === -1 ? n : close + 1;
      } else i++;
    }
  };
  function readQuoted(): string {
    let out = '';
    i++; // opening quote
    while (i < n) {
      const c = s[i] as string;
      if (c === '\\' && i + 1 < n) {
        out += s[i + 1];
        i += 2;
      } else if (c === '"') {
        i++;
        return out;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  while (i < n) {
    skipSpace();
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (i >= n) break;
    if (s[i] !== '<') {
      skipUntil(',');
      continue;
    }
    const close = s.indexOf('>', i + 1);
    if (close === -1) break;
    const url = s.slice(i + 1, close).trim();
    i = close + 1;
    const plain: Record<string, string> = {};
    const extended: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (i >= n || s[i] === ',') break;
      if (s[i] !== ';') {
        skipUntil(';,');
        continue;
      }
      i++;
      skipSpace();
      const nameStart = i;
      while (i < n && !isSpace(s[i]) && !'=;,'.includes(s[i] as string)) i++;
      const rawName = s.slice(nameStart, i).toLowerCase();
      skipSpace();
      let value = '';
      if (s[i] === '=') {
        i++;
        skipSpace();
        if (s[i] === '"') value = readQuoted();
        else {
          const valueStart = i;
          while (i < n && !';,'.includes(s[i] as string)) i++;
          value = s.slice(valueStart, i).trim();
        }
      }
      if (rawName === '') continue;
      if (rawName.endsWith('*')) {
        const name = rawName.slice(0, -1);
        const decoded = decodeExtValue(value);
        if (decoded !== undefined && !(name in extended)) extended[name] = decoded;
      } else if (!(rawName in plain)) {
        plain[rawName] = value;
      }
    }
    const params = { ...plain, ...extended };
    const rel = (params.rel ?? '')
      .split(/\s+/)
      .map((r) => r.toLowerCase())
      .filter((r) => r !== '');
    links.push({ url, rel, params });
  }
  return links;
}

/**
 * The target of the first link whose `rel` includes `rel` (case-insensitive), or `undefined`.
 *
 * @example
 * ```ts
 * findLinkByRel(response.headers.link, 'next') // → 'https://api.freeagent.com/v2/invoices?page=3' | undefined
 * ```
 */
export function findLinkByRel(header: string | null | undefined, rel: string): string | undefined {
  const wanted = rel.toLowerCase();
  return parseLinkHeader(header).find((link) => link.rel.includes(wanted))?.url;
}
