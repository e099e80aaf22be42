import { academicYearOf, academicYearRange, semesterOf, semesterRange } from './academic-year';

describe('academicYearOf', () => {
  it('keeps 15 May in the academic year that started the previous May', () => {
    expect(academicYearOf('2025-05-15')).toBe(2567);
  });

  it('starts a new academic year on 16 May, named by the B.E. year it starts in', () => {
    expect(academicYearOf('2025-05-16')).toBe(2568);
    expect(academicYearOf('2026-05-15')).toBe(2568);
    expect(academicYearOf('2026-05-16')).toBe(2569);
  });

  it('names January to mid-May by the previous B.E. year', () => {
    expect(academicYearOf('2026-01-10')).toBe(2568);
    expect(academicYearOf('2025-12-31')).toBe(2568);
  });

  it('reads a Date in Asia/Bangkok at the 15/16 May boundary', () => {
    expect(academicYearOf(new Date('2025-05-15T23:59:00+07:00'))).toBe(2567);
    expect(academicYearOf(new Date('2025-05-15T17:00:00Z'))).toBe(2568);
  });
});

describe('academicYearRange', () => {
  it('runs from 16 May to 15 May of the next C.E. year', () => {
    expect(academicYearRange(2568)).toEqual({ start: '2025-05-16', end: '2026-05-15' });
  });

  it('contains exactly the dates academicYearOf assigns to that year', () => {
    const { start, end } = academicYearRange(2568);
    expect(academicYearOf(start)).toBe(2568);
    expect(academicYearOf(end)).toBe(2568);
  });

  it('throws a RangeError when given a C.E. year instead of a B.E. year', () => {
    expect(() => academicYearRange(2025)).toThrow(RangeError);
  });
});

describe('semesterOf', () => {
  it('puts 16 May to 31 October in semester 1', () => {
    expect(semesterOf('2025-05-16')).toBe(1);
    expect(semesterOf('2025-08-01')).toBe(1);
    expect(semesterOf('2025-10-31')).toBe(1);
  });

  it('puts 1 November to 15 May in semester 2', () => {
    expect(semesterOf('2025-11-01')).toBe(2);
    expect(semesterOf('2026-01-15')).toBe(2);
    expect(semesterOf('2026-05-01')).toBe(2);
    expect(semesterOf('2026-05-15')).toBe(2);
  });

  it('switches from semester 2 to semester 1 between 15 and 16 May', () => {
    expect(semesterOf('2025-05-15')).toBe(2);
    expect(semesterOf('2025-05-16')).toBe(1);
  });

  it('reads a Date in Asia/Bangkok at the 31 October / 1 November boundary', () => {
    expect(semesterOf(new Date('2025-10-31T23:00:00+07:00'))).toBe(1);
    expect(semesterOf(new Date('2025-10-31T17:00:00Z'))).toBe(2);
  });
});

describe('semesterRange', () => {
  it('gives semester 1 as 16 May to 31 October and semester 2 as 1 November to 15 May', () => {
    expect(semesterRange(2568, 1)).toEqual({ start: '2025-05-16', end: '2025-10-31' });
    expect(semesterRange(2568, 2)).toEqual({ start: '2025-11-01', end: '2026-05-15' });
  });

  it('covers the academic year without gaps or overlap', () => {
    const year = academicYearRange(2568);
    expect(semesterRange(2568, 1).start).toBe(year.start);
    expect(semesterRange(2568, 2).end).toBe(year.end);
  });

  it('throws a RangeError for a semester other than 1 or 2', () => {
    expect(() => semesterRange(2568, 3 as never)).toThrow(RangeError);
  });
});
