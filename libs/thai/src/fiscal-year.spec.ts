import { fiscalQuarterOf, fiscalQuarterRange, fiscalYearOf, fiscalYearRange } from './fiscal-year';

describe('fiscalYearOf', () => {
  it('puts 30 September in the fiscal year that ends that day', () => {
    expect(fiscalYearOf('2025-09-30')).toBe(2568);
  });

  it('starts the next fiscal year on 1 October', () => {
    expect(fiscalYearOf('2025-10-01')).toBe(2569);
    expect(fiscalYearOf('2026-09-30')).toBe(2569);
    expect(fiscalYearOf('2026-10-01')).toBe(2570);
  });

  it('names January to September by the B.E. year of the same calendar year', () => {
    expect(fiscalYearOf('2026-01-01')).toBe(2569);
    expect(fiscalYearOf('2025-12-31')).toBe(2569);
  });

  it('reads a Date in Asia/Bangkok: 23:30 on 30 September in Bangkok is still the old fiscal year', () => {
    expect(fiscalYearOf(new Date('2025-09-30T23:30:00+07:00'))).toBe(2568);
  });

  it('reads a Date in Asia/Bangkok: 17:30 UTC on 30 September is 00:30 on 1 October in Bangkok', () => {
    expect(fiscalYearOf(new Date('2025-09-30T17:30:00Z'))).toBe(2569);
  });

  it('treats ISO date-time strings with an offset like the same instant as a Date', () => {
    expect(fiscalYearOf('2025-09-30T23:30:00+07:00')).toBe(2568);
    expect(fiscalYearOf('2025-09-30T17:30:00Z')).toBe(2569);
  });

  it('throws a RangeError for text that is not an ISO date', () => {
    expect(() => fiscalYearOf('30/09/2568')).toThrow(RangeError);
  });
});

describe('fiscalYearRange', () => {
  it('runs from 1 October of the previous C.E. year to 30 September', () => {
    expect(fiscalYearRange(2569)).toEqual({ start: '2025-10-01', end: '2026-09-30' });
    expect(fiscalYearRange(2568)).toEqual({ start: '2024-10-01', end: '2025-09-30' });
  });

  it('contains exactly the dates fiscalYearOf assigns to that year', () => {
    const { start, end } = fiscalYearRange(2569);
    expect(fiscalYearOf(start)).toBe(2569);
    expect(fiscalYearOf(end)).toBe(2569);
    expect(fiscalYearOf('2025-09-30')).toBe(2568);
    expect(fiscalYearOf('2026-10-01')).toBe(2570);
  });

  it('throws a RangeError when given a C.E. year instead of a B.E. year', () => {
    expect(() => fiscalYearRange(2026)).toThrow(RangeError);
  });
});

describe('fiscalQuarterOf', () => {
  it('puts October to December in quarter 1', () => {
    expect(fiscalQuarterOf('2025-10-01')).toBe(1);
    expect(fiscalQuarterOf('2025-12-31')).toBe(1);
  });

  it('puts January to March in quarter 2, April to June in 3, July to September in 4', () => {
    expect(fiscalQuarterOf('2026-01-01')).toBe(2);
    expect(fiscalQuarterOf('2026-03-31')).toBe(2);
    expect(fiscalQuarterOf('2026-04-01')).toBe(3);
    expect(fiscalQuarterOf('2026-06-30')).toBe(3);
    expect(fiscalQuarterOf('2026-07-01')).toBe(4);
    expect(fiscalQuarterOf('2026-09-30')).toBe(4);
  });

  it('reads a Date in Asia/Bangkok at the quarter boundary', () => {
    expect(fiscalQuarterOf(new Date('2025-09-30T23:30:00+07:00'))).toBe(4);
    expect(fiscalQuarterOf(new Date('2025-09-30T17:30:00Z'))).toBe(1);
  });
});

describe('fiscalQuarterRange', () => {
  it('gives the first and last day of each quarter', () => {
    expect(fiscalQuarterRange(2569, 1)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(fiscalQuarterRange(2569, 2)).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(fiscalQuarterRange(2569, 3)).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(fiscalQuarterRange(2569, 4)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
  });

  it('throws a RangeError for a quarter outside 1 to 4 or a C.E. year', () => {
    expect(() => fiscalQuarterRange(2569, 5 as never)).toThrow(RangeError);
    expect(() => fiscalQuarterRange(2026, 1)).toThrow(RangeError);
  });
});
