import { assessNutrition } from '../src/modules/health/growth-reference';
import { seedDemoHealth } from '../src/modules/health/health.demo';
import { NutritionSummarised, type NutritionSummarisedPayload } from '@smss/events';
import { startStudents, type StudentsHarness } from './support';

/*
 * The demo health step: set-based SQL that must compute exactly what the code computes (same tables,
 * interpolation, WHO restriction and cut-offs), write two terms, and be safe to repeat.
 */

let h: StudentsHarness;
// Enough children that the rare statuses (obese: z > +3, about 0.4 % of draws) appear in every run.
const N = 2000;

beforeAll(async () => {
  h = await startStudents();
  // N synthetic children of school a (Lopburi, area 1601), born 2008–2021, half boys; 10 of school s (area 1650).
  await h.service.dataSource.query(
    `WITH kids AS (
       INSERT INTO student (national_id, prefix, first_name_th, last_name_th, birth_date, gender)
       SELECT lpad((8000000000000 + g)::text, 13, '0'), CASE WHEN g % 2 = 0 THEN 'เด็กชาย' ELSE 'เด็กหญิง' END, 'ทดสอบ', 'สุขภาพ',
              date '2008-01-01' + (g * 13) % 5000, CASE WHEN g % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END
         FROM generate_series(1, $1::int + 10) g
       RETURNING id, national_id)
     INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on)
     SELECT id, CASE WHEN national_id::bigint - 8000000000000 <= $1 THEN $2::uuid ELSE $4::uuid END,
            CASE WHEN national_id::bigint - 8000000000000 <= $1 THEN $3 ELSE $5 END,
            CASE WHEN national_id::bigint - 8000000000000 <= $1 THEN '1601' ELSE '1650' END, '16', 2569, 'P3', '1', '2026-05-16'
       FROM kids`,
    [N, h.schools.a.id, h.schools.a.obecCode, h.schools.s.id, h.schools.s.obecCode],
  );
});
afterAll(() => h.stop());

describe('the demo health step', () => {
  it('writes two terms for the children the reference covers, computing in SQL what the code computes', async () => {
    const started = Date.now();
    const result = await seedDemoHealth(h.service.dataSource, {
      academicYear: 2569,
      provinceCode: '16',
      areaOfficeCode: '1601',
      term1On: '2026-06-10',
      term2On: '2026-11-16',
    });
    const ms = Date.now() - started;
    const [{ eligible }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS eligible FROM student s JOIN enrollment e ON e.student_id = s.id
        WHERE e.area_office_code = '1601' AND (date '2026-06-10' - s.birth_date) / 30.4375 BETWEEN 61 AND 228`,
    );
    expect(eligible).toBeGreaterThan(N / 2);
    expect(result.term1).toBe(eligible);
    expect(result.term2).toBeGreaterThan(0);
    console.log(`demo health: ${result.term1} + ${result.term2} measurements in ${ms} ms`);

    const rows: Array<Record<string, string>> = await h.service.dataSource.query(
      `SELECT s.gender, s.birth_date::text AS birth, h.measured_on::text AS measured, h.weight_kg::text AS w, h.height_cm::text AS ht,
              h.area_office_code AS area, h.weight_for_age_z::text AS wz, h.height_for_age_z::text AS hz, h.bmi_for_age_z::text AS bz,
              h.weight_for_age AS wfa, h.height_for_age AS hfa, h.weight_for_height AS wfh
         FROM health_measurement h JOIN student s ON s.id = h.student_id`,
    );
    expect(rows.every((r) => r.area === '1601')).toBe(true);
    for (const r of rows) {
      const a = assessNutrition({
        sex: r.gender as 'MALE' | 'FEMALE',
        birthDate: r.birth!,
        measuredOn: r.measured!,
        weightKg: Number(r.w),
        heightCm: Number(r.ht),
      });
      const close = (sql: string | undefined, code: number | null) =>
        code == null ? sql === null : Math.abs(Number(sql) - code) < 0.0006;
      expect([
        r,
        close(r.wz, a.weightForAgeZ),
        close(r.hz, a.heightForAgeZ),
        close(r.bz, a.bmiForAgeZ),
      ]).toEqual([r, true, true, true]);
      expect([r.wfa, r.hfa, r.wfh]).toEqual([a.weightForAge, a.heightForAge, a.weightForHeight]);
    }
    const statuses = new Set(rows.map((r) => r.wfh));
    for (const s of ['THIN', 'NORMAL', 'OBESE']) expect([s, statuses.has(s)]).toEqual([s, true]);
    expect(rows.some((r) => r.hfa === 'SHORT')).toBe(true);
  });

  it('enqueued one nutrition event per school-term it touched, with the counts of its current rows', async () => {
    const events: Array<{ p: NutritionSummarisedPayload }> = await h.service.dataSource.query(
      `SELECT envelope->'payload' AS p FROM outbox_event WHERE subject = $1`,
      [NutritionSummarised.subject],
    );
    expect(events.map((e) => [e.p.schoolId, e.p.term]).sort()).toEqual(
      [
        [h.schools.a.id, 1],
        [h.schools.a.id, 2],
      ].sort(),
    );
    for (const { p } of events) {
      expect(NutritionSummarised.payload.safeParse(p).success).toBe(true);
      const [want] = await h.service.dataSource.query(
        `SELECT count(*)::int AS measured,
                count(*) FILTER (WHERE weight_for_height = 'THIN')::int AS thin,
                count(*) FILTER (WHERE height_for_age = 'SHORT')::int AS short,
                count(*) FILTER (WHERE weight_for_height = 'OVERWEIGHT')::int AS overweight,
                count(*) FILTER (WHERE weight_for_height = 'OBESE')::int AS obese,
                count(*) FILTER (WHERE weight_for_height = 'NORMAL')::int AS normal
           FROM health_measurement WHERE school_id = $1 AND academic_year = 2569 AND term = $2 AND superseded_at IS NULL`,
        [p.schoolId, p.term],
      );
      expect(p).toMatchObject({
        ...want,
        schoolCode: h.schools.a.obecCode,
        areaOfficeCode: '1601',
        academicYear: 2569,
      });
      expect(p.measured).toBeGreaterThan(0);
    }
  });

  it('writes nothing the second time', async () => {
    const again = await seedDemoHealth(h.service.dataSource, {
      academicYear: 2569,
      provinceCode: '16',
      areaOfficeCode: '1601',
      term1On: '2026-06-10',
      term2On: '2026-11-16',
    });
    expect(again).toEqual({ term1: 0, term2: 0 });
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE subject = $1`,
      [NutritionSummarised.subject],
    );
    expect(n).toBe(2);
  });
});
