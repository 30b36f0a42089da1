import { describe, expect, it } from 'vitest';
import { deriveApiBase, resolveBodyLink, resolveLinkTarget } from '../../src/pagination';

const SAGE = 'https://api.accounting.sage.com/v3.1';

describe('resolveBodyLink', () => {
  it.each([
    { link: '/contacts?page=2&items_per_page=20', apiBase: SAGE, expected: `${SAGE}/contacts?page=2&items_per_page=20` },
    { link: '/v3.1/contacts?page=2&items_per_page=20', apiBase: SAGE, expected: `${SAGE}/contacts?page=2&items_per_page=20` },
    { link: '/contacts?page=2', apiBase: `${SAGE}/`, expected: `${SAGE}/contacts?page=2` },
    { link: '/v3.10/contacts?page=2', apiBase: SAGE, expected: `${SAGE}/v3.10/contacts?page=2` },
    { link: '/v3.1', apiBase: SAGE, expected: `${SAGE}` },
    { link: '/v3.1?page=2', apiBase: SAGE, expected: `${SAGE}?page=2` },
    { link: '/Invoices?page=2', apiBase: 'https://api.test', expected: 'https://api.test/Invoices?page=2' },
    {
      link: '/v3/company/123/query?x=1',
      apiBase: 'https://quickbooks.api.intuit.com/v3/company/123',
      expected: 'https://quickbooks.api.intuit.com/v3/company/123/query?x=1',
    },
    {
      link: 'https://other.test/api/contacts?$skiptoken=abc',
      apiBase: SAGE,
      expected: 'https://other.test/api/contacts?$skiptoken=abc',
    },
    {
      link: '  /contacts?page=3  ',
      apiBase: SAGE,
      expected: `${SAGE}/contacts?page=3`,
    },
  ])('$link below $apiBase → $expected', ({ link, apiBase, expected }) => {
    expect(resolveBodyLink(link, { apiBase, pageUrl: `${SAGE}/contacts?items_per_page=20` })).toBe(expected);
  });

  it.each([
    { link: '?page=2', pageUrl: `${SAGE}/contacts?items_per_page=20`, expected: `${SAGE}/contacts?page=2` },
    { link: 'contacts?page=2', pageUrl: `${SAGE}/contacts`, expected: `${SAGE}/contacts?page=2` },
    { link: '//cdn.test/x?page=2', pageUrl: `${SAGE}/contacts`, expected: 'https://cdn.test/x?page=2' },
    { link: '/contacts?page=2', pageUrl: `${SAGE}/contacts`, expected: 'https://api.accounting.sage.com/contacts?page=2' },
  ])('without an API base, $link resolves against the page URL (RFC 3986)', ({ link, pageUrl, expected }) => {
    expect(resolveBodyLink(link, { pageUrl })).toBe(expected);
  });

  it('keeps a relative link unchanged when nothing absolute is known', () => {
    expect(resolveBodyLink('/contacts?page=2', {})).toBe('/contacts?page=2');
  });
});

describe('resolveLinkTarget (Link header, RFC 3986 against the response URL)', () => {
  it.each([
    { target: 'https://api.freeagent.com/v2/invoices?page=3', page: 'https://api.freeagent.com/v2/invoices?page=2', expected: 'https://api.freeagent.com/v2/invoices?page=3' },
    { target: '?page=3', page: 'https://api.freeagent.com/v2/invoices?page=2', expected: 'https://api.freeagent.com/v2/invoices?page=3' },
    { target: '/v2/invoices?page=3', page: 'https://api.freeagent.com/v2/invoices?page=2', expected: 'https://api.freeagent.com/v2/invoices?page=3' },
    { target: 'invoices?page=3', page: 'https://api.freeagent.com/v2/invoices?page=2', expected: 'https://api.freeagent.com/v2/invoices?page=3' },
    { target: '../v3/x', page: 'https://api.test/v2/a/b', expected: 'https://api.test/v2/v3/x' },
    { target: '/x', page: undefined, expected: '/x' },
  ])('$target from $page → $expected', ({ target, page, expected }) => {
    expect(resolveLinkTarget(target, page)).toBe(expected);
  });
});

describe('deriveApiBase', () => {
  it.each([
    { page: `${SAGE}/contacts?page=2`, path: '/contacts', expected: SAGE },
    { page: `${SAGE}/contacts`, path: '/contacts?attributes=all', expected: SAGE },
    { page: 'https://api.xero.com/api.xro/2.0/Invoices?page=1', path: '/Invoices', expected: 'https://api.xero.com/api.xro/2.0' },
    { page: 'https://quickbooks.api.intuit.com/v3/company/123/query?q=1', path: '/query', expected: 'https://quickbooks.api.intuit.com/v3/company/123' },
    { page: 'https://api.test/contacts', path: '/contacts', expected: 'https://api.test' },
    { page: 'https://api.test/v1/my%20things', path: '/my things', expected: 'https://api.test/v1' },
    { page: `${SAGE}/mycontacts`, path: '/contacts', expected: undefined },
    { page: `${SAGE}/contacts`, path: 'https://api.test/contacts', expected: undefined },
    { page: '/relative/contacts', path: '/contacts', expected: undefined },
    { page: undefined, path: '/contacts', expected: undefined },
  ])('$page with $path → $expected', ({ page, path, expected }) => {
    expect(deriveApiBase(page, path)).toBe(expected);
  });
});
