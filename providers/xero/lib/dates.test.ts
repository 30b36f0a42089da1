import { describe, expect, it } from 'vitest';
import { ValueParseError } from '../../../src/model/primitives';
import {
  formatIfModifiedSince,
  parseXeroDate,
  xeroCalendarDate,
  xeroInstant,
  xeroOptionalCalendarDate,
  xeroOptionalInstant,
} from './dates';

describe('parseXeroDate', () => {
  it.each([
    // [input, calendar date, instant]
    ['/Date(1539993600000+0000)/', '2018-10-20', '2018-10-20T00:00:00.000Z'],
    ['/Date(1777031559414)/', '2026-04-24', '2026-04-24T11:52:39.414Z'],
    // written at UTC-12: the writer's day is still the 19th although the UTC instant is noon of the 19th
    ['/Date(1539950400000-1200)/', '2018-10-19', '2018-10-19T12:00:00.000Z'],
    // written at UTC+14 (Kiritimati): 10:00 UTC on the 19th is already the 20th there
    ['/Date(1539943200000+1400)/', '2018-10-20', '2018-10-19T10:00:00.000Z'],
    // written at +0530: minutes in the offset count
    ['/Date(1539973800000+0530)/', '2018-10-20', '2018-10-19T18:30:00.000Z'],
    // before the epoch
    ['/Date(-86400000+0000)/', '1969-12-31', '1969-12-31T00:00:00.000Z'],
    // ISO twin without a zone (DateString): read as written, UTC for the instant
    ['2026-04-16T00:00:00', '2026-04-16', '2026-04-16T00:00:00.000Z'],
    ['2019-12-07T18:46:19.5165400', '2019-12-07', '2019-12-07T18:46:19.516Z'],
    ['2024-02-29', '2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s / %s', (input, date, instant) => {
    expect(parseXeroDate(input)).toEqual({ date, instant });
    expect(xeroCalendarDate(input)).toBe(date);
    expect(xeroInstant(input)).toBe(instant);
  });

  it.each([
    ['garbage', 'not-a-date'],
    ['empty', ''],
    ['number', 1539993600000],
    ['null', null],
    ['impossible date', '2023-02-30T00:00:00'],
    ['broken ms date', '/Date(abc+0000)/'],
    ['offset without digits', '/Date(1539993600000+00)/'],
  ])('rejects %s', (_label, input) => {
    expect(() => parseXeroDate(input)).toThrow(ValueParseError);
  });

  it('optional readers give undefined for absent values and still reject bad ones', () => {
    expect(xeroOptionalCalendarDate(undefined)).toBeUndefined();
    expect(xeroOptionalCalendarDate(null)).toBeUndefined();
    expect(xeroOptionalCalendarDate('')).toBeUndefined();
    expect(xeroOptionalInstant(undefined)).toBeUndefined();
    expect(xeroOptionalCalendarDate('/Date(1539993600000+0000)/')).toBe('2018-10-20');
    expect(() => xeroOptionalInstant('yesterday')).toThrow(ValueParseError);
  });
});

describe('formatIfModifiedSince', () => {
  it.each([
    ['2024-05-29T21:58:03.999Z', '2024-05-29T21:58:03'],
    ['2024-05-29T21:58:03Z', '2024-05-29T21:58:03'],
    // offsets are converted to UTC
    ['2024-05-29T14:58:03.202-07:00', '2024-05-29T21:58:03'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00'],
  ])('%s → %s', (input, expected) => {
    expect(formatIfModifiedSince(input)).toBe(expected);
  });

  it('rejects a non-timestamp', () => {
    expect(() => formatIfModifiedSince('last tuesday')).toThrow(ValueParseError);
  });
});
