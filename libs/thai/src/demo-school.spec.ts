import { demoGradesOf, demoSchoolEnrolment, demoSchoolGrades, demoSchoolSize } from './demo-school';

describe('demo school size', () => {
  const levels = ['PRE_PRIMARY', 'PRIMARY'];

  it('is deterministic per OBEC code, school type and academic year', () => {
    expect(demoSchoolSize('1016010001', 'PRIMARY', levels, 2569)).toBe(
      demoSchoolSize('1016010001', 'PRIMARY', levels, 2569),
    );
    expect(demoSchoolGrades('1016010001', 'PRIMARY', levels, 2569)).toEqual(
      demoSchoolGrades('1016010001', 'PRIMARY', levels, 2569),
    );
  });

  it('stays between 12 and 3,000 students, and is 0 for a school that teaches no grade', () => {
    for (let i = 0; i < 500; i += 1) {
      const n = demoSchoolSize(`101601${String(i).padStart(4, '0')}`, 'SECONDARY', ['LOWER_SECONDARY'], 2569);
      expect(n).toBeGreaterThanOrEqual(12);
      expect(n).toBeLessThanOrEqual(3000);
    }
    expect(demoSchoolSize('1016010001', 'PRIMARY', [], 2569)).toBe(0);
    expect(demoSchoolEnrolment('1016010001', 'PRIMARY', [], 2569)).toEqual({ students: 0, grades: [] });
  });

  it('has many small schools (≤ 120 students) among primary schools', () => {
    const sizes = Array.from({ length: 1000 }, (_, i) =>
      demoSchoolSize(`101601${String(i).padStart(4, '0')}`, 'PRIMARY', levels, 2569),
    );
    const small = sizes.filter((n) => n <= 120).length / sizes.length;
    expect(small).toBeGreaterThan(0.4);
    expect(small).toBeLessThan(0.8);
  });

  it('counts every pupil once in the enrolment by grade, in the school’s grades only', () => {
    const e = demoSchoolEnrolment('1016010042', 'EXTENDED_OPPORTUNITY', [...levels, 'LOWER_SECONDARY'], 2569);
    expect(e.grades.reduce((n, g) => n + g.students, 0)).toBe(e.students);
    expect(e.students).toBe(
      demoSchoolSize('1016010042', 'EXTENDED_OPPORTUNITY', [...levels, 'LOWER_SECONDARY'], 2569),
    );
    const allowed = new Set(demoGradesOf([...levels, 'LOWER_SECONDARY']));
    for (const g of e.grades) expect(allowed.has(g.gradeLevel)).toBe(true);
  });
});
