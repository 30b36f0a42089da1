/**
 * Turning the next links providers hand out into URLs the request pipeline can follow.
 *
 * Two rules, because providers differ:
 * - `Link` header targets are URI references resolved against the URL of the response they came with (RFC 8288 §3.2,
 *   RFC 3986 §5).
 * - Root-relative body links (Sage `$next: "/contacts?page=2&items_per_page=20"`) are relative to the **API base URL**,
 *   which may carry a path prefix (`https://api.accounting.sage.com/v3.1`). Some APIs repeat the prefix in the link
 *   (`/v3.1/contacts?…`) and some do not (`/contacts?…`); both resolve to the same URL, never with a doubled prefix.
 *   See https://developer.sage.com/accounting/guides/concepts/pagination/.
 * @module
 */

/** True for an absolute URL with a scheme (`https://…`). */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value);
}

/** `new URL(value).href`, or `value` unchanged when it is not an absolute URL. Used to compare URLs. */
export function normalizeUrl(value: string): string {
  if (!isAbsoluteUrl(value)) return value;
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

function tryUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * Resolves a `Link` header target against the URL of the response that carried it (RFC 3986). Returns the target
 * unchanged when it is relative and no absolute page URL is known.
 *
 * @example
 * ```ts
 * resolveLinkTarget('?page=3', 'https://api.freeagent.com/v2/invoices?page=2') // → 'https://api.freeagent.com/v2/invoices?page=3'
 * resolveLinkTarget('/v2/invoices?page=3', 'https://api.freeagent.com/v2/invoices') // → 'https://api.freeagent.com/v2/invoices?page=3'
 * ```
 */
export function resolveLinkTarget(target: string, pageUrl: string | undefined): string {
  if (isAbsoluteUrl(target)) return normalizeUrl(target);
  if (pageUrl !== undefined && isAbsoluteUrl(pageUrl)) {
    const url = tryUrl(target, pageUrl);
    if (url) return url.href;
  }
  return target;
}

/**
 * Resolves a next link found in a response body.
 *
 * - absolute → as is;
 * - root-relative (`/contacts?page=2`) with a known `apiBase` → below the API base; when the link path already starts
 *   with the base path (`/v3.1/contacts?page=2` for base `https://…/v3.1`), the prefix is not added again;
 * - anything else (`contacts?page=2`, `?page=2`, `//host/x`) → RFC 3986 against the page URL.
 *
 * When nothing absolute is known the link is returned unchanged, and the request pipeline resolves it against the API
 * base as it does any relative path.
 *
 * @example
 * ```ts
 * resolveBodyLink('/contacts?page=2', { apiBase: 'https://api.accounting.sage.com/v3.1' })
 * // → 'https://api.accounting.sage.com/v3.1/contacts?page=2'
 * resolveBodyLink('/v3.1/contacts?page=2', { apiBase: 'https://api.accounting.sage.com/v3.1' })
 * // → 'https://api.accounting.sage.com/v3.1/contacts?page=2'
 * ```
 */
export function resolveBodyLink(link: string, ctx: { apiBase?: string | undefined; pageUrl?: string | undefined }): string {
  const trimmed = link.trim();
  if (isAbsoluteUrl(trimmed)) return normalizeUrl(trimmed);
  if (trimmed.startsWith('/') && !trimmed.startsWith('//') && ctx.apiBase !== undefined) {
    const base = tryUrl(ctx.apiBase);
    if (base) {
      const basePath = base.pathname.replace(/\/+$/, '');
      const linkPath = trimmed.split(/[?#]/, 1)[0] ?? '';
      const hasPrefix = basePath === '' || linkPath === basePath || linkPath.startsWith(`${basePath}/`);
      const url = tryUrl(`${base.origin}${hasPrefix ? '' : basePath}${trimmed}`);
      if (url) return url.href;
    }
  }
  return resolveLinkTarget(trimmed, ctx.pageUrl);
}

/**
 * Works out the absolute API base URL from the absolute URL of a page and the relative resource path it was requested
 * with: `https://api.accounting.sage.com/v3.1/contacts?page=2` + `/contacts` → `https://api.accounting.sage.com/v3.1`.
 * This also recovers per-tenant prefixes the pipeline adds (QuickBooks `/v3/company/{realmId}`).
 *
 * @returns `undefined` when `resourcePath` is absolute or the page URL's path does not end with it.
 */
export function deriveApiBase(pageUrl: string | undefined, resourcePath: string): string | undefined {
  if (pageUrl === undefined || !isAbsoluteUrl(pageUrl) || isAbsoluteUrl(resourcePath)) return undefined;
  const page = tryUrl(pageUrl);
  if (!page) return undefined;
  const rawPath = resourcePath.split(/[?#]/, 1)[0] ?? '';
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const wanted = path.replace(/\/+$/, '');
  if (wanted === '') return undefined;
  // Compare in the percent-encoded form the URL parser produces for the page URL.
  const encoded = tryUrl(wanted, 'http://x.invalid')?.pathname ?? wanted;
  const pathname = page.pathname.replace(/\/+$/, '');
  if (!pathname.endsWith(encoded)) return undefined;
  const prefix = pathname.slice(0, pathname.length - encoded.length);
  if (prefix !== '' && prefix.endsWith('/')) return undefined;
  return `${page.origin}${prefix}`;
}
