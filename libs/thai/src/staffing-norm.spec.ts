import { computeStaffingNorm, OBEC_STAFFING_CRITERIA, roomsForGrade } from './staffing-norm';

const grades = (counts: Record<string, number>) =>
  Object.entries(counts).map(([gradeLevel, students]) => ({ gradeLevel, students }));

describe('staffing norm (OBEC criteria as AMSS++ applies them)', () => {
  it('gives small schools one director and one teacher per 20 students, band by band', () => {
    const cases: Array<[number, number]> = [
      [1, 1],
      [20, 1],
      [21, 2],
      [40, 2],
      [59, 3],
      [80, 4],
      [101, 6],
      [120, 6],
    ];
    for (const [students, teachers] of cases) {
      const norm = computeStaffingNorm(grades({ P1: students }));
      expect({ students, teachers: norm.teachersRequired, rule: norm.rule }).toEqual({
        students,
        teachers,
        rule: 'SMALL_SCHOOL',
      });
      expect(norm.directorsRequired).toBe(1);
      expect(norm.deputyDirectorsRequired).toBe(0);
    }
  });

  it('needs nobody for a school without students', () => {
    expect(computeStaffingNorm(grades({ P1: 0, P2: 0 }))).toMatchObject({
      rule: 'NO_STUDENTS',
      teachersRequired: 0,
      directorsRequired: 0,
    });
  });

  it('opens a room per 30 pre-primary or 40 other pupils, another for a remainder of 10 or more, at least one', () => {
    expect(roomsForGrade(9, 40, 10)).toBe(1);
    expect(roomsForGrade(40, 40, 10)).toBe(1);
    expect(roomsForGrade(49, 40, 10)).toBe(1);
    expect(roomsForGrade(50, 40, 10)).toBe(2);
    expect(roomsForGrade(39, 30, 10)).toBe(1);
    expect(roomsForGrade(40, 30, 10)).toBe(2);
    expect(roomsForGrade(0, 40, 10)).toBe(0);
  });

  it('computes a 210-pupil primary school from rooms and pupils: ((6×40/25) + 210/25) / 2 = 9', () => {
    const norm = computeStaffingNorm(grades({ P1: 35, P2: 35, P3: 35, P4: 35, P5: 35, P6: 35 }));
    expect(norm).toMatchObject({
      rule: 'CLASSROOM_FORMULA',
      students: 210,
      classrooms: 6,
      teachersRequired: 9,
      directorsRequired: 1,
      deputyDirectorsRequired: 0,
    });
    expect(norm.teachersExact).toBeCloseTo(9, 10);
  });

  it('adds the pre-primary, primary and secondary formulas of an extended-opportunity school and rounds once', () => {
    // pre-primary 2 rooms, 53 pupils: ((2×30/25) + 53/25)/2 = 2.26
    // primary 6 rooms, 180 pupils: ((6×40/25) + 180/25)/2 = 8.4
    // lower secondary 3 rooms: 3×40/20 = 6            → 16.66 → 17
    const norm = computeStaffingNorm(
      grades({ K2: 25, K3: 28, P1: 30, P2: 30, P3: 30, P4: 30, P5: 30, P6: 30, M1: 40, M2: 45, M3: 38 }),
    );
    expect(norm.roomsByBand).toEqual({ PRE_PRIMARY: 2, PRIMARY: 6, SECONDARY: 3 });
    expect(norm.teachersExact).toBeCloseTo(16.66, 10);
    expect(norm.teachersRequired).toBe(17);
    expect(norm.students).toBe(356);
    expect(norm.deputyDirectorsRequired).toBe(0);
  });

  it('rounds an exact half up', () => {
    // 6 rooms, 285 pupils: (9.6 + 11.4) / 2 = 10.5 → 11
    const norm = computeStaffingNorm(grades({ P1: 48, P2: 48, P3: 48, P4: 47, P5: 47, P6: 47 }));
    expect(norm.teachersExact).toBeCloseTo(10.5, 10);
    expect(norm.teachersRequired).toBe(11);
  });

  it('gives a large secondary school two teachers per room and four deputies from 1,680 pupils', () => {
    const norm = computeStaffingNorm(grades({ M1: 400, M2: 400, M3: 400, M4: 400, M5: 400, M6: 400 }));
    expect(norm).toMatchObject({ classrooms: 60, teachersRequired: 120, deputyDirectorsRequired: 4 });
  });

  it('allots deputy directors at 360, 720, 1,080 and 1,680 pupils', () => {
    const deputies = (students: number) =>
      computeStaffingNorm(grades({ M1: students })).deputyDirectorsRequired;
    expect([121, 359, 360, 719, 720, 1079, 1080, 1679, 1680, 3000].map(deputies)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });

  it('keeps its thresholds as data and names the criteria version it used', () => {
    expect(OBEC_STAFFING_CRITERIA.deputyDirectorThresholds).toEqual([360, 720, 1080, 1680]);
    expect(computeStaffingNorm(grades({ P1: 10 })).criteria).toBe(OBEC_STAFFING_CRITERIA.id);
    const stricter = { ...OBEC_STAFFING_CRITERIA, id: 'test', deputyDirectorThresholds: [200] };
    expect(computeStaffingNorm(grades({ M1: 250 }), stricter).deputyDirectorsRequired).toBe(1);
  });

  it('refuses an unknown grade level or a negative count', () => {
    expect(() => computeStaffingNorm(grades({ X9: 3 }))).toThrow(RangeError);
    expect(() => computeStaffingNorm(grades({ P1: -1 }))).toThrow(RangeError);
  });
});
