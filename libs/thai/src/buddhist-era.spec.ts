import {
  assertPlausibleBuddhistYear,
  isPlausibleBuddhistYear,
  toBuddhistYear,
  toGregorianYear,
} from './buddhist-era';

describe('toBuddhistYear', () => {
  it('adds 543 to a C.E. year', () => {
    expect(toBuddhistYear(2025)).toBe(2568);
    expect(toBuddhistYear(2022)).toBe(2565);
    expect(toBuddhistYear(1957)).toBe(2500);
  });

  it('throws a RangeError for a year that is not an integer', () => {
    expect(() => toBuddhistYear(2025.5)).toThrow(RangeError);
    expect(() => toBuddhistYear(Number.NaN)).toThrow(RangeError);
  });
});

describe('toGregorianYear', () => {
  it('subtracts 543 from a B.E. year', () => {
    expect(toGregorianYear(2568)).toBe(2025);
    expect(toGregorianYear(2500)).toBe(1957);
  });

  it('is the inverse of toBuddhistYear', () => {
    for (const ce of [1900, 1999, 2000, 2024, 2100]) expect(toGregorianYear(toBuddhistYear(ce))).toBe(ce);
  });

  it('throws a RangeError for a year that is not an integer', () => {
    expect(() => toGregorianYear(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('isPlausibleBuddhistYear', () => {
  it('accepts integers from 2400 to 2700 inclusive', () => {
    expect(isPlausibleBuddhistYear(2400)).toBe(true);
    expect(isPlausibleBuddhistYear(2568)).toBe(true);
    expect(isPlausibleBuddhistYear(2700)).toBe(true);
  });

  it('rejects a C.E. year passed by mistake', () => {
    expect(isPlausibleBuddhistYear(2025)).toBe(false);
  });

  it('rejects years just outside the range and non-integers', () => {
    expect(isPlausibleBuddhistYear(2399)).toBe(false);
    expect(isPlausibleBuddhistYear(2701)).toBe(false);
    expect(isPlausibleBuddhistYear(2568.5)).toBe(false);
    expect(isPlausibleBuddhistYear(Number.NaN)).toBe(false);
  });
});

describe('assertPlausibleBuddhistYear', () => {
  it('throws a RangeError naming the value when the year is implausible', () => {
    expect(() => assertPlausibleBuddhistYear(2025, 'Fiscal year (B.E.)')).toThrow(
      /Fiscal year \(B\.E\.\) must be an integer from 2400 to 2700, got 2025/,
    );
    expect(() => assertPlausibleBuddhistYear(2568)).not.toThrow();
  });
});
