import type { DataSource } from 'typeorm';
import { checkAnswers, scoreScreening, type EefAnswers } from './eef.scoring';

/**
 * Demo EEF screenings, so that the DMC snapshot (extremely poor = eligible on the latest screening) and
 * finance's EEF line have figures: every demo pupil flagged poor or extremely poor gets a term-1 screening
 * of the academic year, with answers the shipped rule scores as that category (scored once, in code, by
 * `scoreScreening`; written set-based). Pupils already screened in the term are left alone.
 */
const DEMO_ANSWERS: Record<'POOR' | 'EXTREMELY_POOR', EefAnswers> = {
  // 4 people on 10,000 baht: 2,500 a head (under the threshold); a rented house in good repair, a motorcycle.
  POOR: {
    householdMembers: 4,
    householdMonthlyIncome: '10000.00',
    factors: [
      ['DEPENDANTS', 'NONE'],
      ['TENURE', 'RENTED'],
      ['HOUSING_CONDITION', 'GOOD'],
      ['FARMLAND', 'HAS_LAND'],
      ['DRINKING_WATER', 'SAFE'],
      ['ELECTRICITY', 'METERED'],
      ['VEHICLES', 'MOTORCYCLE_ONLY'],
    ].map(([factor, option]) => ({ factor: factor!, option: option! })),
  },
  // 4 people on 6,000 baht: 1,500 a head, and every household factor at its worst.
  EXTREMELY_POOR: {
    householdMembers: 4,
    householdMonthlyIncome: '6000.00',
    factors: [
      ['DEPENDANTS', 'TWO_OR_MORE'],
      ['TENURE', 'WITH_OTHERS'],
      ['HOUSING_CONDITION', 'VERY_POOR'],
      ['FARMLAND', 'NO_LAND'],
      ['DRINKING_WATER', 'UNSAFE'],
      ['ELECTRICITY', 'SHARED_OR_NONE'],
      ['VEHICLES', 'NONE'],
    ].map(([factor, option]) => ({ factor: factor!, option: option! })),
  },
};

export async function seedDemoScreenings(
  db: DataSource,
  academicYear: number,
): Promise<{ screened: number; eligible: number }> {
  let screened = 0;
  let eligible = 0;
  for (const poverty of ['POOR', 'EXTREMELY_POOR'] as const) {
    const answers = DEMO_ANSWERS[poverty];
    checkAnswers(answers);
    const result = scoreScreening(answers);
    if (result.category !== poverty)
      throw new Error(
        `demo EEF answers for ${poverty} score ${result.category} under rule ${result.ruleVersion}`,
      );
    const rows: Array<{ n: number }> = await db.query(
      `WITH ins AS (
         INSERT INTO eef_screening (student_id, school_id, school_code, area_office_code, academic_year, term,
                household_members, household_monthly_income, income_per_person, factors, score, category, eligible,
                rule_version, submitted_by)
         SELECT s.id, e.school_id, e.school_code, e.area_office_code, $1, 1, $2, $3::numeric, $4::numeric,
                $5::jsonb, $6, $7, $8, $9, 'system:demo-seed'
           FROM student s JOIN enrollment e ON e.student_id = s.id AND e.status = 'ACTIVE' AND e.academic_year = $1
          WHERE s.poverty = $7
         ON CONFLICT (student_id, academic_year, term) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [
        academicYear,
        answers.householdMembers,
        answers.householdMonthlyIncome,
        result.incomePerPerson,
        JSON.stringify(answers.factors),
        result.score,
        result.category,
        result.eligible,
        result.ruleVersion,
      ],
    );
    screened += rows[0]!.n;
    if (result.eligible) eligible += rows[0]!.n;
  }
  return { screened, eligible };
}
