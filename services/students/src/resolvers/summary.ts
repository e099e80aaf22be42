import { GRADE_LEVELS, type GradeCounts } from '@smss/events';
import { academicYearOf } from '@smss/thai';
import { todayInBangkok } from '../modules/registry/student.validation';

export const currentAcademicYear = (): number => academicYearOf(todayInBangkok());

const order = new Map(GRADE_LEVELS.map((g, i) => [g, i]));

/** Sum per-grade counts (rows may repeat a grade when several schools are summed) into a summary. */
export function toSummary(academicYear: number, rows: GradeCounts[]) {
  const byGrade = new Map<string, GradeCounts>();
  for (const r of rows) {
    const prev = byGrade.get(r.gradeLevel);
    byGrade.set(
      r.gradeLevel,
      prev
        ? (Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              k === 'gradeLevel' ? v : (v as number) + ((prev as unknown as Record<string, number>)[k] ?? 0),
            ]),
          ) as unknown as GradeCounts)
        : { ...r },
    );
  }
  const grades = [...byGrade.values()]
    .sort((a, b) => order.get(a.gradeLevel)! - order.get(b.gradeLevel)!)
    .map((g) => ({ ...g, total: g.male + g.female }));
  const male = grades.reduce((n, g) => n + g.male, 0);
  const female = grades.reduce((n, g) => n + g.female, 0);
  return { academicYear, male, female, total: male + female, grades };
}
