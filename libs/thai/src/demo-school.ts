/**
 * The size of a synthetic demo school: how many students the students service's demo creates at
 * a school, and how they spread over its grades. Shared so the other demo generators (personnel's
 * demo staff) size a school from the same enrolment the students demo actually loads. Pure and
 * deterministic: the same OBEC code, school type and academic year always give the same size.
 * Synthetic data only; nothing here describes a real school.
 */

/** The grades of each education level (the directory's `levels`). */
export const DEMO_GRADES_OF_LEVEL: Readonly<Record<string, readonly string[]>> = {
  PRE_PRIMARY: ['K1', 'K2', 'K3'],
  PRIMARY: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'],
  LOWER_SECONDARY: ['M1', 'M2', 'M3'],
  UPPER_SECONDARY: ['M4', 'M5', 'M6'],
};

/** The grades a school with these education levels teaches, youngest first. */
export const demoGradesOf = (levels: readonly string[]): string[] =>
  levels.flatMap((l) => DEMO_GRADES_OF_LEVEL[l] ?? []);

/**
 * mulberry32: a small deterministic generator, seeded per school and academic year. `stream`
 * picks an independent sequence of the same school: 0 for its size, 1 for its pupils' grades;
 * the students demo draws its pupils' other details from stream 2.
 */
export function demoSchoolRandom(obecCode: string, academicYear: number, stream = 0): () => number {
  let seed = (Number(obecCode.slice(-6)) * 7919 + academicYear) ^ Math.imul(stream, 0x9e3779b9);
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * School size drawn from the school's stream (its first two draws): log-normal, so many small
 * schools (≤ 120) and a long tail of large ones; secondary schools larger. 12 to 3,000 students.
 */
export function drawDemoSchoolSize(rand: () => number, schoolType: string): number {
  const normal = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  const mu = schoolType === 'SECONDARY' ? 6.3 : schoolType === 'EXTENDED_OPPORTUNITY' ? 5.1 : 4.6;
  return Math.max(12, Math.min(3000, Math.round(Math.exp(mu + 0.75 * normal))));
}

/** The students the students demo creates at a school (0 when it teaches no grade). */
export function demoSchoolSize(
  obecCode: string,
  schoolType: string,
  levels: readonly string[],
  academicYear: number,
): number {
  if (!demoGradesOf(levels).length) return 0;
  return drawDemoSchoolSize(demoSchoolRandom(obecCode, academicYear), schoolType);
}

/**
 * The grade of each of the school's demo pupils, in order (as many as {@link demoSchoolSize}).
 * Early grades slightly fuller than later ones (drop-out, transfers to bigger schools).
 */
export function demoSchoolGrades(
  obecCode: string,
  schoolType: string,
  levels: readonly string[],
  academicYear: number,
): string[] {
  const grades = demoGradesOf(levels);
  const size = demoSchoolSize(obecCode, schoolType, levels, academicYear);
  const rand = demoSchoolRandom(obecCode, academicYear, 1);
  return Array.from(
    { length: size },
    () => grades[Math.min(grades.length - 1, Math.floor(Math.pow(rand(), 1.15) * grades.length))]!,
  );
}

/** A school's demo enrolment by grade: exactly the pupils the students demo loads there. */
export function demoSchoolEnrolment(
  obecCode: string,
  schoolType: string,
  levels: readonly string[],
  academicYear: number,
): { students: number; grades: Array<{ gradeLevel: string; students: number }> } {
  const pupils = demoSchoolGrades(obecCode, schoolType, levels, academicYear);
  const counts = new Map<string, number>();
  for (const grade of pupils) counts.set(grade, (counts.get(grade) ?? 0) + 1);
  return {
    students: pupils.length,
    grades: demoGradesOf(levels)
      .filter((g) => counts.has(g))
      .map((gradeLevel) => ({ gradeLevel, students: counts.get(gradeLevel)! })),
  };
}
