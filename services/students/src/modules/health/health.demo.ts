import type { DataSource, EntityManager } from 'typeorm';
import { BFA_WHO2007_TSV, HFA_WHO2007_TSV, WFA_WHO2007_TSV } from './who2007.lms';
import {
  GROWTH_REFERENCE,
  MIN_AGE_MONTHS,
  NUTRITION_CUTOFFS,
  parseLmsTable,
  type CutoffBand,
} from './growth-reference';
import { publishNutrition, type SchoolTerm } from './nutrition.events';

/**
 * Demo health data (the `health-measured` step of the demo seed): two terms of synthetic weights and
 * heights for the Lopburi demo students aged 61–228 months, set-based in SQL. Heights are drawn around the
 * WHO 2007 height-for-age median (z ≈ N(−0.3, 1)), BMIs around the BMI-for-age median with a wider spread
 * (z ≈ N(0.1, 1.15), clamped to −3.5…+3.8) so the summaries show thin, short and obese children; term 2
 * adds 1.5–3.5 cm and 2–6 % of weight to term 1. The z-scores and categories are computed in SQL with the
 * same tables, interpolation, WHO restriction and cut-offs as `growth-reference.ts` (held equal by
 * test/health-demo.test.ts). All values are synthetic.
 */

const LMS_TEMP = `CREATE TEMP TABLE demo_lms (idx text, sex int, age int, l float8, m float8, s float8) ON COMMIT DROP`;

function lmsRows() {
  const out: Array<{ idx: string; sex: number; age: number; l: number; m: number; s: number }> = [];
  for (const [idx, tsv] of [
    ['bfa', BFA_WHO2007_TSV],
    ['hfa', HFA_WHO2007_TSV],
    ['wfa', WFA_WHO2007_TSV],
  ] as const)
    for (const [key, v] of parseLmsTable(tsv)) {
      const [sex, age] = key.split('|').map(Number);
      out.push({ idx, sex: sex!, age: age!, ...v });
    }
  return out;
}

/** A cut-off table as a SQL CASE over the z expression (the data in NUTRITION_CUTOFFS, nothing else). */
export function cutoffCaseSql(bands: readonly CutoffBand<string>[], z: string): string {
  const whens = bands.map((b) =>
    b.below !== undefined
      ? `WHEN ${z} < ${b.below} THEN '${b.status}'`
      : b.atMost !== undefined
        ? `WHEN ${z} <= ${b.atMost} THEN '${b.status}'`
        : `ELSE '${b.status}'`,
  );
  return `CASE WHEN ${z} IS NULL THEN NULL ${whens.join(' ')} END`;
}

const sdAt = (p: string, k: number) => `(${p}m * power(1 + ${p}l * ${p}s * (${k}), 1 / ${p}l))`;
const plainZ = (x: string, p: string) => `((power(${x} / ${p}m, ${p}l) - 1) / (${p}l * ${p}s))`;
const restrictedZ = (x: string, p: string) => `(CASE
    WHEN ${plainZ(x, p)} > 3 THEN 3 + (${x} - ${sdAt(p, 3)}) / (${sdAt(p, 3)} - ${sdAt(p, 2)})
    WHEN ${plainZ(x, p)} < -3 THEN -3 + (${x} - ${sdAt(p, -3)}) / (${sdAt(p, -2)} - ${sdAt(p, -3)})
    ELSE ${plainZ(x, p)} END)`;

/** LMS of one index interpolated between completed months (`anthroplus`), as columns `<p>l, <p>m, <p>s`. */
const lmsJoin = (idx: 'bfa' | 'hfa' | 'wfa', p: string, maxMonths: number) => `
  LEFT JOIN LATERAL (
    SELECT lo.l + (x.age - floor(x.age)) * (coalesce(hi.l, lo.l) - lo.l) AS ${p}l,
           lo.m + (x.age - floor(x.age)) * (coalesce(hi.m, lo.m) - lo.m) AS ${p}m,
           lo.s + (x.age - floor(x.age)) * (coalesce(hi.s, lo.s) - lo.s) AS ${p}s
      FROM demo_lms lo
      LEFT JOIN demo_lms hi ON hi.idx = lo.idx AND hi.sex = lo.sex AND hi.age = lo.age + 1
     WHERE lo.idx = '${idx}' AND lo.sex = x.sex AND lo.age = floor(x.age)::int
       AND x.age >= ${MIN_AGE_MONTHS} AND x.age <= ${maxMonths}) ${p} ON true`;

/**
 * INSERT the assessed rows of `source` (a SELECT of student_id, sex (1/2), age (months), measured_on,
 * weight_kg, height_cm, school_id, school_code, area_office_code, province_code) for one year and term.
 */
export function insertAssessedSql(source: string): string {
  const bmi = `(x.weight_kg / power(x.height_cm / 100, 2))`;
  const zw = restrictedZ('x.weight_kg', 'w.w');
  const zh = plainZ('x.height_cm', 'h.h');
  const zb = restrictedZ(bmi, 'b.b');
  return `
    INSERT INTO health_measurement (student_id, academic_year, term, measured_on, weight_kg, height_cm, age_months,
           weight_for_age_z, height_for_age_z, bmi_for_age_z, weight_for_age, height_for_age, weight_for_height,
           reference, school_id, school_code, area_office_code, province_code, source, recorded_by)
    SELECT student_id, $1::int, $2::smallint, measured_on, weight_kg, height_cm, round(age::numeric, 2),
           round(zw::numeric, 3), round(zh::numeric, 3), round(zb::numeric, 3),
           ${cutoffCaseSql(NUTRITION_CUTOFFS.weightForAge, 'zw')},
           ${cutoffCaseSql(NUTRITION_CUTOFFS.heightForAge, 'zh')},
           ${cutoffCaseSql(NUTRITION_CUTOFFS.weightForHeight, 'zb')},
           '${GROWTH_REFERENCE.id}', school_id, school_code, area_office_code, province_code, 'DEMO', 'system:demo-seed'
      FROM (
        SELECT x.*, ${zw} AS zw, ${zh} AS zh, ${zb} AS zb
          FROM (${source}) x
          ${lmsJoin('wfa', 'w', 120)}
          ${lmsJoin('hfa', 'h', 228)}
          ${lmsJoin('bfa', 'b', 228)}
      ) assessed`;
}

/** A value of z ≈ N(mean, sd) from four uniforms (Irwin–Hall), clamped. */
const drawZ = (mean: number, sd: number, min: number, max: number) =>
  `least(${max}, greatest(${min}, ${mean} + ${sd} * 1.7320508 * (random() + random() + random() + random() - 2)))`;

/** Load the LMS tables into a temporary table of this transaction. */
export async function loadDemoLms(m: EntityManager): Promise<void> {
  await m.query(LMS_TEMP);
  await m.query(
    `INSERT INTO demo_lms SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(idx text, sex int, age int, l float8, m float8, s float8)`,
    [JSON.stringify(lmsRows())],
  );
  await m.query(`CREATE INDEX ON demo_lms (idx, sex, age)`);
  await m.query(`ANALYZE demo_lms`);
}

/**
 * Two terms of demo measurements for the active students of `provinceCode` (optionally one area office)
 * in `academicYear`: term 1 on `term1On`, term 2 on `term2On` (skipped when null, i.e. still to come).
 * Students already measured in a term are left alone, so the step is safe to repeat. One transaction, with
 * one `students.nutrition.summarised.v1` per school-term it touched (`publishNutrition`).
 */
export async function seedDemoHealth(
  db: DataSource,
  options: {
    academicYear: number;
    provinceCode: string;
    areaOfficeCode?: string;
    term1On: string;
    term2On: string | null;
  },
): Promise<{ term1: number; term2: number }> {
  return db.transaction(async (m) => {
    // The demo load has just filled these tables; without fresh statistics the planner may take them for
    // empty and join them by nested loops (a first `npm start` once spent 5 minutes here instead of 12 s).
    await m.query(`ANALYZE student, enrollment, health_measurement`);
    await loadDemoLms(m);
    const area = options.areaOfficeCode ? `AND e.area_office_code = $5` : '';
    const params = (term: number, on: string) => [
      options.academicYear,
      term,
      on,
      options.provinceCode,
      ...(options.areaOfficeCode ? [options.areaOfficeCode] : []),
    ];
    const kids = (term: number) => `
      SELECT s.id AS student_id, CASE s.gender WHEN 'MALE' THEN 1 ELSE 2 END AS sex,
             (($3::date - s.birth_date) / 30.4375)::float8 AS age, $3::date AS measured_on,
             e.school_id, e.school_code, e.area_office_code, e.province_code
        FROM enrollment e JOIN student s ON s.id = e.student_id
       WHERE e.status = 'ACTIVE' AND e.academic_year = $1 AND e.province_code = $4 ${area}
         AND ($3::date - s.birth_date) / 30.4375 BETWEEN ${MIN_AGE_MONTHS} AND 228
         AND NOT EXISTS (SELECT 1 FROM health_measurement h
                          WHERE h.student_id = s.id AND h.academic_year = $1 AND h.term = ${term} AND h.superseded_at IS NULL)`;
    // Term 1: a height around the height-for-age median, a BMI around the BMI-for-age median.
    const term1Source = `
      SELECT d.student_id, d.sex, d.age, d.measured_on,
             least(200, greatest(5, round((d.bmi * power(d.height_cm / 100, 2))::numeric, 1))) AS weight_kg,
             d.height_cm, d.school_id, d.school_code, d.area_office_code, d.province_code
        FROM (
          SELECT k.*, least(220, greatest(50, round((h.hm * (1 + h.hs * k.zh))::numeric, 1))) AS height_cm,
                 b.bm * power(1 + b.bl * b.bs * k.zb, 1 / b.bl) AS bmi
            FROM (SELECT x.*, ${drawZ(-0.3, 1, -3.5, 3)} AS zh, ${drawZ(0.1, 1.15, -3.5, 3.8)} AS zb FROM (${kids(1)}) x) k
            JOIN LATERAL (SELECT m AS hm, s AS hs FROM demo_lms WHERE idx = 'hfa' AND sex = k.sex AND age = floor(k.age)::int) h ON true
            JOIN LATERAL (SELECT l AS bl, m AS bm, s AS bs FROM demo_lms WHERE idx = 'bfa' AND sex = k.sex AND age = floor(k.age)::int) b ON true
        ) d`;
    // One row per school touched, with its count (the events below: one per school-term).
    const inserted = (term: number, source: string, on: string): Promise<Array<SchoolTerm & { n: number }>> =>
      m.query(
        `WITH ins AS (${insertAssessedSql(source)} RETURNING school_id, school_code, area_office_code, province_code)
         SELECT school_id AS "schoolId", school_code AS "schoolCode", area_office_code AS "areaOfficeCode",
                province_code AS "provinceCode", $1::int AS "academicYear", ${term} AS term, count(*)::int AS n
           FROM ins GROUP BY 1, 2, 3, 4`,
        params(term, on),
      );
    const touched1 = await inserted(1, term1Source, options.term1On);
    await m.query(`ANALYZE health_measurement`); // term 2 joins the term-1 rows just written
    const t1 = { n: touched1.reduce((sum, r) => sum + r.n, 0) };
    const touched: SchoolTerm[] = [...touched1];
    let term2 = 0;
    if (options.term2On) {
      // Term 2: the same children a few months on: 1.5–3.5 cm taller, 2–6 % heavier.
      const term2Source = `
        SELECT k.student_id, k.sex, k.age, k.measured_on,
               least(200, round((t1.weight_kg * (1.02 + 0.04 * random()))::numeric, 1)) AS weight_kg,
               least(220, round(t1.height_cm + 1.5 + 2 * random()::numeric, 1)) AS height_cm,
               k.school_id, k.school_code, k.area_office_code, k.province_code
          FROM (${kids(2)}) k
          JOIN health_measurement t1 ON t1.student_id = k.student_id AND t1.academic_year = $1 AND t1.term = 1
                                    AND t1.superseded_at IS NULL`;
      const touched2 = await inserted(2, term2Source, options.term2On);
      term2 = touched2.reduce((sum, r) => sum + r.n, 0);
      touched.push(...touched2);
    }
    await publishNutrition(m, touched);
    return { term1: t1.n, term2 };
  });
}

/**
 * The demo health step measures the whole Lopburi province: 73,115 demo students (of whom 71,346 are
 * aged 61–228 months) took 25.7 s for both terms (142,692 rows) on the 2-core development machine at a load
 * average of ~5 (`bench/health-demo.ts`, BENCH_ROWS=73115), under the issue's ~30 s; area office 1601 alone
 * (11,894 children) took 4.8 s. Set `areaOfficeCode` here to limit it to one area office should it grow.
 */
export const DEMO_HEALTH_SCOPE: { provinceCode: string; areaOfficeCode?: string } = { provinceCode: '16' };

/**
 * The `health` step of the demo seed: term 1 measured on 10 June of the academic year (or today, if
 * earlier), term 2 on 15 November once that day has come. Safe to repeat.
 */
export async function seedDemoHealthStep(
  db: DataSource,
  academicYear: number,
  progress: (line: string) => void,
  today: string,
): Promise<{ term1: number; term2: number }> {
  const ce = academicYear - 543;
  const term1On = `${ce}-06-10` < today ? `${ce}-06-10` : today;
  const term2On = `${ce}-11-15` <= today ? `${ce}-11-15` : null;
  const result = await seedDemoHealth(db, { academicYear, ...DEMO_HEALTH_SCOPE, term1On, term2On });
  progress(
    `demo students: health measured in ${DEMO_HEALTH_SCOPE.areaOfficeCode ? `area office ${DEMO_HEALTH_SCOPE.areaOfficeCode}` : `province ${DEMO_HEALTH_SCOPE.provinceCode}`} (term 1: ${result.term1}, term 2: ${result.term2})`,
  );
  return result;
}
