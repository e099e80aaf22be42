// The Lopburi demo must look like the country: demo staff sized from each school's demo enrolment
// (the students the students demo loads there), measured through the real staffing norm. Pure
// computation over the schools service's Lopburi demo directory; no database.
import { generateDirectory } from '@smss/schools';
import { demoSchoolSize, TEACHING_POSITIONS } from '@smss/thai';
import { DEMO_STAFF_MAX, demoStaffFor, demoStaffingNorm, type DemoSchool } from '../src/demo/demo-staff';

const YEAR = 2569;

const schools: DemoSchool[] = generateDirectory('lopburi')
  .schools.filter((s) => s.status === 'OPEN')
  .map((s) => ({ ...s, id: s.obecCode }));

const rows = schools.map((school) => {
  const norm = demoStaffingNorm(school, YEAR);
  const staff = demoStaffFor(school, YEAR);
  const teachers = staff.filter((p) =>
    (TEACHING_POSITIONS as readonly string[]).includes(p.positionType),
  ).length;
  return { school, norm, staff, teachers, gap: teachers - norm.teachersRequired };
});

describe('Lopburi demo staff against the staffing norm', () => {
  it('sizes each school from the students the students demo loads there', () => {
    expect(schools.length).toBeGreaterThan(100);
    for (const { school, norm } of rows)
      expect(norm.students).toBe(demoSchoolSize(school.obecCode, school.schoolType, school.levels, YEAR));
  });

  it('gives a realistic spread: small schools mostly short, none far over the norm', () => {
    const small = rows.filter((r) => r.norm.students > 0 && r.norm.students <= 120);
    const mid = rows.filter((r) => r.norm.students > 120 && r.norm.students < 500);
    const large = rows.filter((r) => r.norm.students >= 500);
    const share = (list: typeof rows, test: (gap: number) => boolean) =>
      list.filter((r) => test(r.gap)).length / list.length;

    expect(small.length).toBeGreaterThan(rows.length / 3);
    expect(share(small, (g) => g < 0)).toBeGreaterThanOrEqual(0.6);
    expect(share(small, (g) => g >= -3 && g <= 1)).toBe(1);
    expect(share(mid, (g) => Math.abs(g) <= 1)).toBeGreaterThanOrEqual(0.6);
    expect(share(large, (g) => g > 0)).toBeGreaterThanOrEqual(0.3);
    expect(share(large, (g) => g < 0)).toBeGreaterThan(0);
    expect(share(large, (g) => g < 0)).toBeLessThan(0.35);
    // Capped schools (more than DEMO_STAFF_MAX people) may fall short; none is ever far over.
    for (const r of rows) expect(r.gap).toBeLessThanOrEqual(3);
    // Across the province the teachers are short of the norm, as they are in the country.
    const required = rows.reduce((n, r) => n + r.norm.teachersRequired, 0);
    const present = rows.reduce((n, r) => n + r.teachers, 0);
    expect(present).toBeLessThan(required);
    expect(present).toBeGreaterThan(required * 0.85);
  });

  it('gives every school exactly one director and the deputies its size allows', () => {
    for (const { staff, norm } of rows) {
      expect(staff.filter((p) => p.positionType === 'DIRECTOR')).toHaveLength(1);
      expect(staff.length).toBeLessThanOrEqual(DEMO_STAFF_MAX);
      const deputies = staff.filter((p) => p.positionType === 'DEPUTY_DIRECTOR').length;
      expect(deputies).toBeLessThanOrEqual(norm.deputyDirectorsRequired);
      expect(deputies).toBeGreaterThanOrEqual(norm.deputyDirectorsRequired - 1);
    }
  });
});
