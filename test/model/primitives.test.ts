import { describe, expect, it } from 'vitest';
import {
  addDecimals,
  CalendarDate,
  compareDecimals,
  CurrencyCode,
  Decimal,
  decimalsEqual,
  epochMsToCalendarDate,
  Instant,
  isCalendarDate,
  isInstant,
  msJsonDateToCalendarDate,
  msJsonDateToInstant,
  multiplyDecimals,
  negateDecimal,
  parseMsJsonDate,
  roundDecimal,
  subtractDecimals,
  toCalendarDate,
  toDecimal,
  toInstant,
  toOptionalCalendarDate,
  toOptionalDecimal,
  toOptionalInstant,
  ValueParseError,
} from '../../src/model/primitives';

describe('toDecimal', () => {
  it.each<[unknown, string]>([
    // numbers: shortest round-trip form, exponent expanded, never float arithmetic
    [31.39, '31.39'],
    [150.0, '150'],
    [0.1 + 0.2, '0.30000000000000004'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1.5e21, '1500000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-7, '-0.000000125'],
    [-0, '0'],
    [0, '0'],
    [-12.5, '-12.5'],
    [Number('123456789.123456789'), '123456789.12345679'], // the float nearest to it prints so
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    // strings: validated, normalised, scale kept
    ['1234.50', '1234.50'],
    ['+1.50', '1.50'],
    [' 2 ', '2'],
    ['1e3', '1000'],
    ['1E3', '1000'],
    ['1.5E-2', '0.015'],
    ['-2.5e-3', '-0.0025'],
    ['1.23e+5', '123000'],
    ['0.000123e5', '12.3'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['5.', '5'],
    ['-0.00', '0.00'],
    ['-0', '0'],
    ['007.50', '7.50'],
    ['-00.5', '-0.5'],
    ['000', '0'],
    ['12345678901234567890.123456789', '12345678901234567890.123456789'],
    [12345678901234567890n, '12345678901234567890'],
    [-5n, '-5'],
  ])('%s → %s', (input, expected) => {
    expect(toDecimal(input)).toBe(expected);
  });

  it.each<[unknown]>([
    [NaN],
    [Infinity],
    [-Infinity],
    [''],
    ['   '],
    ['1,234.00'],
    ['1 234'],
    ['1.234,00'],
    ['£12'],
    ['abc'],
    ['12.3.4'],
    ['0x10'],
    ['NaN'],
    ['Infinity'],
    ['1e'],
    ['1e1001'],
    ['1e-1001'],
    [null],
    [undefined],
    [true],
    [{}],
    [[]],
  ])('rejects %s', (input) => {
    expect(() => toDecimal(input)).toThrow(ValueParseError);
  });

  it('every output is a valid Decimal for the model', () => {
    for (const v of [31.39, 0.1 + 0.2, 1e21, 1e-7, -0, 5e-324, Number.MAX_VALUE, '007.50', '-0.00', '1.5E-2']) {
      expect(Decimal.safeParse(toDecimal(v)).success).toBe(true);
    }
  });

  it('toOptionalDecimal maps absent values to undefined and still rejects garbage', () => {
    expect([null, undefined, ''].map(toOptionalDecimal)).toEqual([undefined, undefined, undefined]);
    expect(toOptionalDecimal(0)).toBe('0');
    expect(() => toOptionalDecimal('n/a')).toThrow(ValueParseError);
  });
});

describe('decimal arithmetic', () => {
  it.each([
    [['0.1', '0.2'], '0.3'],
    [['19.99', '0.01', '-20'], '0.00'],
    [[], '0'],
    [['-1.5'], '-1.5'],
    [['99999999999999999999.99', '0.01'], '100000000000000000000.00'],
    [['1.005', '1.005', '1.005'], '3.015'],
  ])('addDecimals(%j) = %s', (values, expected) => {
    expect(addDecimals(...values)).toBe(expected);
  });

  it.each([
    ['100', '0.01', '99.99'],
    ['0.1', '0.3', '-0.2'],
    ['-1', '-1', '0'],
    ['1.50', '1.5', '0.00'],
    ['0', '12345678901234567890.5', '-12345678901234567890.5'],
  ])('subtractDecimals(%s, %s) = %s', (a, b, expected) => {
    expect(subtractDecimals(a, b)).toBe(expected);
  });

  it.each([
    ['1.50', '1.5', 0],
    ['-1', '0.5', -1],
    ['10', '9.999', 1],
    ['-0.01', '0', -1],
    ['0.00', '0', 0],
    ['12345678901234567890.01', '12345678901234567890.02', -1], // equal as floats
    ['9007199254740993', '9007199254740992', 1], // equal as floats
  ])('compareDecimals(%s, %s) = %s', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
    expect(decimalsEqual(a, b)).toBe(expected === 0);
  });

  it.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.344', 2, '2.34'],
    ['1.005', 2, '1.01'], // Math.round(1.005 * 100) / 100 gives 1
    ['2', 2, '2.00'],
    ['0.005', 2, '0.01'],
    ['-0.004', 2, '0.00'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['0.30000000000000004', 2, '0.30'],
  ])('roundDecimal(%s, %s) = %s', (a, scale, expected) => {
    expect(roundDecimal(a, scale)).toBe(expected);
  });

  it('multiplies and negates exactly', () => {
    expect(multiplyDecimals('2', '10.50')).toBe('21.00');
    expect(multiplyDecimals('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimals('-3', '0.333')).toBe('-0.999');
    expect(negateDecimal('-1.50')).toBe('1.50');
    expect(negateDecimal('0.00')).toBe('0.00');
  });

  it('refuses anything that is not a plain decimal string', () => {
    for (const bad of ['1e3', '1,000', '', 'abc', ' 1']) {
      expect(() => addDecimals('1', bad)).toThrow(ValueParseError);
      expect(() => compareDecimals(bad, '1')).toThrow(ValueParseError);
    }
  });
});

describe('Microsoft JSON dates', () => {
  it.each([
    ['/Date(1539993600000+0000)/', 0, '2018-10-20', '2018-10-20T00:00:00.000Z'],
    ['/Date(1539950400000-1200)/', -720, '2018-10-19', '2018-10-19T12:00:00.000Z'],
    ['/Date(1539993600000+1300)/', 780, '2018-10-20', '2018-10-20T00:00:00.000Z'],
    ['/Date(1539993600000+0530)/', 330, '2018-10-20', '2018-10-20T00:00:00.000Z'],
    ['/Date(1539990000000-0100)/', -60, '2018-10-19', '2018-10-19T23:00:00.000Z'],
    ['/Date(1777031559414)/', 0, '2026-04-24', '2026-04-24T11:52:39.414Z'],
    ['/Date(-86400000+0000)/', 0, '1969-12-31', '1969-12-31T00:00:00.000Z'],
  ])('%s', (text, offset, date, instant) => {
    expect(parseMsJsonDate(text).offsetMinutes).toBe(offset);
    expect(msJsonDateToCalendarDate(text)).toBe(date);
    expect(msJsonDateToInstant(text)).toBe(instant);
  });

  it.each(['/Date()/', '/Date(abc)/', '/Date(1539993600000+05)/', 'Date(1539993600000)', '2018-10-20'])('rejects %s', (text) => {
    expect(() => parseMsJsonDate(text)).toThrow(ValueParseError);
  });
});

describe('toInstant', () => {
  it.each<[unknown, string]>([
    ['2024-05-29T14:58:03-07:00', '2024-05-29T21:58:03.000Z'],
    ['2024-05-29T14:58:03-0700', '2024-05-29T21:58:03.000Z'],
    ['2024-05-29T14:58:03+05', '2024-05-29T09:58:03.000Z'],
    ['2024-05-29T14:58:03+05:30', '2024-05-29T09:28:03.000Z'],
    ['2024-12-31T20:00:00-05:00', '2025-01-01T01:00:00.000Z'],
    ['2024-05-29T14:58:03Z', '2024-05-29T14:58:03.000Z'],
    ['2024-05-29T14:58:03z', '2024-05-29T14:58:03.000Z'],
    ['2024-05-29T14:58:03.123456789Z', '2024-05-29T14:58:03.123Z'],
    ['2024-05-29T14:58:03,5Z', '2024-05-29T14:58:03.500Z'],
    ['2019-12-07T18:46:19.5165400', '2019-12-07T18:46:19.516Z'],
    ['2020-11-01 13:11:10', '2020-11-01T13:11:10.000Z'],
    ['2024-05-29T14:58', '2024-05-29T14:58:00.000Z'],
    ['2024-05-29', '2024-05-29T00:00:00.000Z'],
    ['/Date(1539993600000+1300)/', '2018-10-20T00:00:00.000Z'],
    [1539993600000, '2018-10-20T00:00:00.000Z'],
    [new Date(Date.UTC(2024, 1, 29, 12)), '2024-02-29T12:00:00.000Z'],
  ])('toInstant(%s) = %s', (input, expected) => {
    expect(toInstant(input)).toBe(expected);
  });

  it('reads a zone-less timestamp as UTC, or rejects it on request', () => {
    expect(toInstant('2024-05-29T14:58:03')).toBe('2024-05-29T14:58:03.000Z');
    expect(() => toInstant('2024-05-29T14:58:03', { zoneless: 'reject' })).toThrow(ValueParseError);
    expect(toInstant('2024-05-29T14:58:03+00:00', { zoneless: 'reject' })).toBe('2024-05-29T14:58:03.000Z');
  });

  it.each<[unknown]>([
    ['2024-02-30T00:00:00Z'],
    ['2024-05-29T25:00:00Z'],
    ['2024-05-29T14:60:00Z'],
    ['2024-05-29T14:58:03+25:00'],
    ['2024-05-29T14:58:03+05:75'],
    ['yesterday'],
    [''],
    [null],
    [{}],
  ])('rejects %s', (input) => {
    expect(() => toInstant(input)).toThrow(ValueParseError);
  });

  it('toOptionalInstant maps absent values to undefined', () => {
    expect([null, undefined, ''].map((v) => toOptionalInstant(v))).toEqual([undefined, undefined, undefined]);
  });
});

describe('toCalendarDate', () => {
  it.each([
    ['2017-11-28T00:00:00', '2017-11-28'],
    ['2017-11-28T23:59:59-05:00', '2017-11-28'], // the date as written, never shifted by a zone
    ['2017-11-28 10:00:00', '2017-11-28'],
    ['2017-11-28', '2017-11-28'],
    [' 2024-02-29 ', '2024-02-29'],
    ['/Date(1511827200000+0000)/', '2017-11-28'],
    ['/Date(1511784000000-1200)/', '2017-11-27'],
  ])('toCalendarDate(%s) = %s', (input, expected) => {
    expect(toCalendarDate(input)).toBe(expected);
  });

  it.each<[unknown]>([['2017-13-01'], ['2024-02-30'], ['2023-02-29'], ['28/11/2017'], ['2017-11-28x'], [''], [20171128], [null]])(
    'rejects %s',
    (input) => {
      expect(() => toCalendarDate(input)).toThrow(ValueParseError);
    },
  );

  it('toOptionalCalendarDate maps absent values to undefined', () => {
    expect([null, undefined, ''].map(toOptionalCalendarDate)).toEqual([undefined, undefined, undefined]);
  });

  it('formats epoch milliseconds as the UTC day', () => {
    expect(epochMsToCalendarDate(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('2024-02-29');
  });
});

describe('value schemas', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true], // divisible by 400: leap
    ['1900-02-29', false], // divisible by 100 only: not leap
    ['2100-02-28', true],
    ['2024-12-31', true],
    ['2024-12-32', false],
    ['2024-04-31', false],
    ['2024-00-10', false],
    ['2024-1-10', false],
    ['2024-01-10T00:00:00Z', false],
  ])('CalendarDate %s → %s', (value, ok) => {
    expect(CalendarDate.safeParse(value).success).toBe(ok);
    expect(isCalendarDate(value)).toBe(ok);
  });

  it.each([
    ['2024-05-29T21:58:03.000Z', true],
    ['2024-05-29T21:58:03Z', true],
    ['2024-05-29T21:58:03.123456789Z', true],
    ['2024-02-29T00:00:00Z', true],
    ['2024-02-30T00:00:00.000Z', false], // Date.parse rolls this over to 1 March
    ['2023-02-29T00:00:00Z', false],
    ['2024-01-01T24:00:00Z', false],
    ['2024-05-29T21:58:03', false],
    ['2024-05-29T21:58:03+00:00', false],
    ['2024-05-29 21:58:03Z', false],
  ])('Instant %s → %s', (value, ok) => {
    expect(Instant.safeParse(value).success).toBe(ok);
    expect(isInstant(value)).toBe(ok);
  });

  it.each([
    ['1234.50', true],
    ['-3', true],
    ['0', true],
    ['0.0001', true],
    ['12.5', true],
    ['007', false],
    ['1e3', false],
    ['1,234.00', false],
    ['+1', false],
    ['.5', false],
    ['5.', false],
    ['', false],
  ])('Decimal %s → %s', (value, ok) => {
    expect(Decimal.safeParse(value).success).toBe(ok);
  });

  it('Decimal rejects numbers outright', () => {
    expect(Decimal.safeParse(12.5).success).toBe(false);
    expect(Decimal.safeParse(12).success).toBe(false);
  });

  it.each([
    ['GBP', true],
    ['gbp', false],
    ['GB', false],
    ['£', false],
  ])('CurrencyCode %s → %s', (value, ok) => {
    expect(CurrencyCode.safeParse(value).success).toBe(ok);
  });
});

describe('compareDecimals is exact on every path', () => {
  /** The reference: compare by exact scaled integers, no doubles anywhere. */
  function exactCompare(a: string, b: string): -1 | 0 | 1 {
    const scaled = (d: string) => {
      const neg = d.startsWith('-');
      const [i, f = ''] = (neg ? d.slice(1) : d).split('.');
      return { v: (neg ? -1n : 1n) * BigInt(`${i}${f}`), s: f.length };
    };
    const x = scaled(a);
    const y = scaled(b);
    const s = Math.max(x.s, y.s);
    const xv = x.v * 10n ** BigInt(s - x.s);
    const yv = y.v * 10n ** BigInt(s - y.s);
    return xv < yv ? -1 : xv > yv ? 1 : 0;
  }
  function rand(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it.each([
    ['0.1', '0.10', 0],
    ['-0', '0', 0],
    ['0.30000000000000004', '0.3', 1], // 17 significant digits: the exact path
    ['123456789012345', '123456789012346', -1], // 15 digits: distinct doubles
    ['1234567890123456', '1234567890123457', -1], // 16 digits: doubles could collide, the exact path answers
    ['9007199254740993', '9007199254740992', 1], // beyond 2^53
    ['0.000000000000001', '0.0000000000000010', 0],
    ['-1.5', '-1.50', 0],
    ['-0.01', '0', -1],
  ] as const)('compareDecimals(%s, %s) = %s', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
    expect(exactCompare(a, b)).toBe(expected);
  });

  it('agrees with exact integer comparison on 20,000 random pairs of 1 to 20 digits', () => {
    const r = rand(42);
    const decimal = () => {
      const digits = 1 + Math.floor(r() * 20);
      let s = '';
      for (let i = 0; i < digits; i++) s += String(Math.floor(r() * 10));
      const point = Math.floor(r() * (digits + 1));
      let d = point === 0 || point === digits ? s : `${s.slice(0, point)}.${s.slice(point)}`;
      d = d.replace(/^0+(?=\d)/, '');
      return r() < 0.3 ? `-${d}` : d;
    };
    for (let i = 0; i < 20_000; i++) {
      const a = decimal();
      // Near neighbours too: the same digits with one changed in the last place.
      const b = r() < 0.5 ? decimal() : a.replace(/\d$/, (c) => String((Number(c) + 1) % 10));
      expect(compareDecimals(a, b), `${a} vs ${b}`).toBe(exactCompare(a, b));
    }
  });
});
