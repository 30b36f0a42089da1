import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../src/http/types';
import { classifyXeroThrottle, parseRetryAfter, readXeroRemaining } from './rate-limits';

const DATE = 'Wed, 29 May 2024 21:58:03 GMT';
const NOW = Date.parse(DATE);

function res(status: number, headers: Record<string, string>): HttpResponse {
  return { status, headers, data: '', url: 'https://api.xero.com/api.xro/2.0/Invoices' };
}

describe('classifyXeroThrottle', () => {
  it.each([
    ['minute', { 'x-rate-limit-problem': 'minute', 'retry-after': '37' }, { scope: 'minute', retryAfterMs: 37_000 }],
    ['MINUTE', { 'x-rate-limit-problem': 'MINUTE', 'retry-after': '5' }, { scope: 'minute', retryAfterMs: 5_000 }],
    ['Minute (docs spelling)', { 'x-rate-limit-problem': ' Minute ', 'retry-after': '1' }, { scope: 'minute', retryAfterMs: 1_000 }],
    [
      'day',
      { 'x-rate-limit-problem': 'day', 'retry-after': '3600' },
      { scope: 'day', failFast: true, retryAfterMs: 3_600_000, resetAt: '2024-05-29T22:58:03.000Z' },
    ],
    [
      'Daily',
      { 'x-rate-limit-problem': 'Daily', 'retry-after': '86399' },
      { scope: 'day', failFast: true, retryAfterMs: 86_399_000, resetAt: '2024-05-30T21:58:02.000Z' },
    ],
    ['day without Retry-After', { 'x-rate-limit-problem': 'day' }, { scope: 'day', failFast: true }],
    ['appminute', { 'x-rate-limit-problem': 'appminute', 'retry-after': '12' }, { scope: 'app', retryAfterMs: 12_000 }],
    ['AppMinute', { 'x-rate-limit-problem': 'AppMinute', 'retry-after': '12' }, { scope: 'app', retryAfterMs: 12_000 }],
    ['unknown word', { 'x-rate-limit-problem': 'concurrent', 'retry-after': '2' }, { scope: 'concurrent', retryAfterMs: 2_000 }],
    ['missing problem header', { 'retry-after': '60' }, { scope: 'unknown', retryAfterMs: 60_000 }],
    ['nothing at all', {}, { scope: 'unknown' }],
    [
      'Retry-After as an HTTP date',
      { 'x-rate-limit-problem': 'minute', 'retry-after': 'Wed, 29 May 2024 21:58:33 GMT' },
      { scope: 'minute', retryAfterMs: 30_000 },
    ],
    ['unreadable Retry-After is ignored', { 'x-rate-limit-problem': 'minute', 'retry-after': '-5' }, { scope: 'minute' }],
  ])('%s', (_label, headers, expected) => {
    expect(classifyXeroThrottle(res(429, { date: DATE, ...headers }))).toEqual(expected);
  });

  it('reads header names case-insensitively when a transport did not lower-case them', () => {
    expect(classifyXeroThrottle(res(429, { Date: DATE, 'X-Rate-Limit-Problem': 'day', 'Retry-After': '10' }))).toEqual({
      scope: 'day',
      failFast: true,
      retryAfterMs: 10_000,
      resetAt: '2024-05-29T21:58:13.000Z',
    });
  });

  it('is not a throttle unless the status is 429', () => {
    expect(classifyXeroThrottle(res(503, { 'x-rate-limit-problem': 'minute', 'retry-after': '5' }))).toBeUndefined();
    expect(classifyXeroThrottle(res(200, {}))).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['60', 60_000],
    ['1.5', 1_500],
    ['Wed, 29 May 2024 21:59:03 GMT', 60_000],
    ['Wed, 29 May 2024 21:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseRetryAfter(input, NOW)).toBe(expected);
  });
});

describe('readXeroRemaining', () => {
  it('reads all three budgets', () => {
    expect(
      readXeroRemaining({ 'x-minlimit-remaining': '57', 'x-daylimit-remaining': '4990', 'x-appminlimit-remaining': '9999' }),
    ).toEqual({ minute: 57, day: 4990, appMinute: 9999 });
  });
  it('reads the ones present, including zero', () => {
    expect(readXeroRemaining({ 'x-daylimit-remaining': '0' })).toEqual({ day: 0 });
  });
  it('ignores non-numeric values and returns undefined when none is usable', () => {
    expect(readXeroRemaining({ 'x-minlimit-remaining': 'many' })).toBeUndefined();
    expect(readXeroRemaining({})).toBeUndefined();
  });
});
