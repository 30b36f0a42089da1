import { describe, expect, it } from 'vitest';
import { findLinkByRel, parseLinkHeader, type LinkValue } from '../../src/pagination';

describe('parseLinkHeader', () => {
  const table: { name: string; header: string | undefined; expected: LinkValue[] }[] = [
    { name: 'absent header', header: undefined, expected: [] },
    { name: 'empty header', header: '', expected: [] },
    {
      name: 'one link, quoted rel',
      header: '<https://api.test/v2/invoices?page=2>; rel="next"',
      expected: [{ url: 'https://api.test/v2/invoices?page=2', rel: ['next'], params: { rel: 'next' } }],
    },
    {
      name: 'FreeAgent-style prev/next/first/last',
      header:
        '<https://api.freeagent.com/v2/invoices?page=1&per_page=25>; rel="prev", <https://api.freeagent.com/v2/invoices?page=3&per_page=25>; rel="next", <https://api.freeagent.com/v2/invoices?page=1&per_page=25>; rel="first", <https://api.freeagent.com/v2/invoices?page=9&per_page=25>; rel="last"',
      expected: [
        { url: 'https://api.freeagent.com/v2/invoices?page=1&per_page=25', rel: ['prev'], params: { rel: 'prev' } },
        { url: 'https://api.freeagent.com/v2/invoices?page=3&per_page=25', rel: ['next'], params: { rel: 'next' } },
        { url: 'https://api.freeagent.com/v2/invoices?page=1&per_page=25', rel: ['first'], params: { rel: 'first' } },
        { url: 'https://api.freeagent.com/v2/invoices?page=9&per_page=25', rel: ['last'], params: { rel: 'last' } },
      ],
    },
    {
      name: 'several relation types in one quoted rel, mixed case',
      header: '<https://x.test/p/3>; rel="Next  LAST"',
      expected: [{ url: 'https://x.test/p/3', rel: ['next', 'last'], params: { rel: 'Next  LAST' } }],
    },
    {
      name: 'unquoted rel and spaces around =',
      header: '<https://x.test/?page=2> ; rel = next',
      expected: [{ url: 'https://x.test/?page=2', rel: ['next'], params: { rel: 'next' } }],
    },
    {
      name: 'commas and semicolons inside quoted params and inside the URL',
      header: '<https://x.test/a?ids=1,2;3>; title="a, b; c"; rel="next", <https://x.test/z>; rel="last"',
      expected: [
        { url: 'https://x.test/a?ids=1,2;3', rel: ['next'], params: { title: 'a, b; c', rel: 'next' } },
        { url: 'https://x.test/z', rel: ['last'], params: { rel: 'last' } },
      ],
    },
    {
      name: 'escaped quote inside a quoted string',
      header: '<https://x.test/n>; title="say \\"hi\\", then go"; rel=next',
      expected: [{ url: 'https://x.test/n', rel: ['next'], params: { title: 'say "hi", then go', rel: 'next' } }],
    },
    {
      name: 'relative targets are kept as written',
      header: '</v2/invoices?page=2>; rel="next", <?page=9>; rel="last"',
      expected: [
        { url: '/v2/invoices?page=2', rel: ['next'], params: { rel: 'next' } },
        { url: '?page=9', rel: ['last'], params: { rel: 'last' } },
      ],
    },
    {
      name: 'repeated rel: the first wins (RFC 8288 §3.3)',
      header: '<https://x.test/a>; rel="prev"; rel="next"',
      expected: [{ url: 'https://x.test/a', rel: ['prev'], params: { rel: 'prev' } }],
    },
    {
      name: 'param names are case-insensitive; valueless params are kept empty',
      header: '<https://x.test/a>; REL="next"; crossorigin',
      expected: [{ url: 'https://x.test/a', rel: ['next'], params: { rel: 'next', crossorigin: '' } }],
    },
    {
      name: 'RFC 8187 extended value decoded and preferred',
      header: "<https://x.test/a>; rel=next; title=\"plain\"; title*=UTF-8'en'%E2%82%AC%20rates",
      expected: [{ url: 'https://x.test/a', rel: ['next'], params: { rel: 'next', title: '€ rates' } }],
    },
    {
      name: 'two Link headers joined by the HTTP stack, with stray commas and junk',
      header: ' , junk, <https://x.test/1>; rel="first",, <https://x.test/2>; rel="next" ',
      expected: [
        { url: 'https://x.test/1', rel: ['first'], params: { rel: 'first' } },
        { url: 'https://x.test/2', rel: ['next'], params: { rel: 'next' } },
      ],
    },
    {
      name: 'a link without rel has no relation types',
      header: '<https://x.test/a>; type="text/html"',
      expected: [{ url: 'https://x.test/a', rel: [], params: { type: 'text/html' } }],
    },
    { name: 'an unterminated target is dropped', header: '<https://x.test/a; rel="next"', expected: [] },
  ];
  for (const row of table) {
    it(row.name, () => {
      expect(parseLinkHeader(row.header)).toEqual(row.expected);
    });
  }
});

describe('findLinkByRel', () => {
  it.each([
    { header: '<https://x.test/2>; rel="next"', rel: 'next', expected: 'https://x.test/2' },
    { header: '<https://x.test/9>; rel="next last"', rel: 'next', expected: 'https://x.test/9' },
    { header: '<https://x.test/9>; rel="next last"', rel: 'last', expected: 'https://x.test/9' },
    { header: '<https://x.test/1>; rel="prev", <https://x.test/1>; rel="first"', rel: 'next', expected: undefined },
    { header: '<https://x.test/3>; rel="NEXT"', rel: 'next', expected: 'https://x.test/3' },
    { header: '<https://x.test/3>; rel="nextish"', rel: 'next', expected: undefined },
    { header: '<https://x.test/3>; title="rel=next"', rel: 'next', expected: undefined },
  ])('$rel in $header → $expected', ({ header, rel, expected }) => {
    expect(findLinkByRel(header, rel)).toBe(expected);
  });
});
