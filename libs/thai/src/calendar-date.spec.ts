import {
  isoTimestamp,
  isPlausibleIsoDate,
  compareCalendarDates,
  daysInMonth,
  isLeapYear,
  isValidCalendarDate,
  parseIsoDate,
  toBangkokDate,
  toIsoDate,
} from './calendar-date';

describe('toBangkokDate', () => {
  it('reads a Date as the calendar date in Asia/Bangkok (UTC+7)', () => {
    expect(toBangkokDate(new Date('2025-09-30T16:59:59Z'))).toEqual({ year: 2025, month: 9, day: 30 });
    expect(toBangkokDate(new Date('2025-09-30T17:00:00Z'))).toEqual({ year: 2025, month: 10, day: 1 });
  });

  it('uses a YYYY-MM-DD string as the calendar date it names, with no zone shift', () => {
    expect(toBangkokDate('2025-09-30')).toEqual({ year: 2025, month: 9, day: 30 });
    expect(toBangkokDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('reads an ISO date-time string with an explicit offset in Asia/Bangkok', () => {
    expect(toBangkokDate('2025-09-30T23:30:00+07:00')).toEqual({ year: 2025, month: 9, day: 30 });
    expect(toBangkokDate('2025-09-30T17:30:00Z')).toEqual({ year: 2025, month: 10, day: 1 });
    expect(toBangkokDate('2025-12-31T17:00:00.000Z')).toEqual({ year: 2026, month: 1, day: 1 });
  });

  it('throws a RangeError for an invalid Date', () => {
    expect(() => toBangkokDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('throws a RangeError for an impossible or malformed date string', () => {
    expect(() => toBangkokDate('2025-02-29')).toThrow(RangeError);
    expect(() => toBangkokDate('2025-02-30T00:00:00Z')).toThrow(RangeError);
    expect(() => toBangkokDate('2025-9-30')).toThrow(RangeError);
    expect(() => toBangkokDate('30/09/2025')).toThrow(RangeError);
  });

  it('throws a RangeError for a date-time without an offset, whose meaning depends on the host zone', () => {
    expect(() => toBangkokDate('2025-09-30T23:30:00')).toThrow(RangeError);
  });
});

describe('calendar helpers', () => {
  it('knows Gregorian leap years', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2025)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });

  it('knows the number of days in each month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('rejects day 0, day 32, month 13 and fractional parts', () => {
    expect(isValidCalendarDate(2025, 1, 0)).toBe(false);
    expect(isValidCalendarDate(2025, 1, 32)).toBe(false);
    expect(isValidCalendarDate(2025, 13, 1)).toBe(false);
    expect(isValidCalendarDate(2025, 1, 1.5)).toBe(false);
    expect(isValidCalendarDate(2025, 1, 31)).toBe(true);
  });

  it('parses and formats YYYY-MM-DD symmetrically', () => {
    expect(parseIsoDate('2025-05-16')).toEqual({ year: 2025, month: 5, day: 16 });
    expect(parseIsoDate('2025-04-31')).toBeNull();
    expect(toIsoDate({ year: 2025, month: 5, day: 6 })).toBe('2025-05-06');
    expect(toIsoDate({ year: 857, month: 1, day: 1 })).toBe('0857-01-01');
  });

  it('orders calendar dates chronologically', () => {
    const a = { year: 2025, month: 9, day: 30 };
    const b = { year: 2025, month: 10, day: 1 };
    expect(compareCalendarDates(a, b)).toBeLessThan(0);
    expect(compareCalendarDates(b, a)).toBeGreaterThan(0);
    expect(compareCalendarDates(a, { ...a })).toBe(0);
  });
});

describe('isPlausibleIsoDate', () => {
  it('accepts C.E. dates the B.E. helpers can name', () => {
    expect(isPlausibleIsoDate('2026-06-10')).toBe(true);
    expect(isPlausibleIsoDate('1857-01-01')).toBe(true);
    expect(isPlausibleIsoDate('2157-12-31')).toBe(true);
  });

  it('refuses a B.E. year typed as a date, far-off years and malformed dates', () => {
    expect(isPlausibleIsoDate('2569-06-10')).toBe(false);
    expect(isPlausibleIsoDate('9999-12-31')).toBe(false);
    expect(isPlausibleIsoDate('0001-01-01')).toBe(false);
    expect(isPlausibleIsoDate('2025-02-30')).toBe(false);
    expect(isPlausibleIsoDate('10/06/2026')).toBe(false);
  });
});

describe('isoTimestamp', () => {
  it('writes an instant as an ISO UTC timestamp and keeps null as null', () => {
    expect(isoTimestamp(new Date(Date.UTC(2026, 5, 10, 3)))).toBe('2026-06-10T03:00:00.000Z');
    expect(isoTimestamp(null)).toBeNull();
    expect(isoTimestamp(undefined)).toBeNull();
    expect(isoTimestamp('2026-06-10T03:00:00.000Z')).toBe('2026-06-10T03:00:00.000Z');
  });
});
