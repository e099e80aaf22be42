import type { EntityManager } from 'typeorm';
import { enqueueEvents, NutritionSummarised, type NutritionSummarisedPayload } from '@smss/events';

/** A school-term a write touched, with the school's codes as its rows carry them. */
export interface SchoolTerm {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  academicYear: number;
  term: number;
}

/** The advisory-lock namespace of the nutrition revisions, and how many buckets school-terms hash into. */
const NUTRITION_LOCK_SPACE = 7301;
const NUTRITION_LOCK_BUCKETS = 256;

/**
 * `students.nutrition.summarised.v1` for every school-term a write touched, on the outbox in the write's
 * transaction (aggregate only). The writers of one school-term are serialised by a transaction advisory lock
 * on its bucket (buckets taken in order, so two writers never wait on each other in a cycle); after it, this transaction reads
 * the others' committed rows, and the revision — microseconds of `clock_timestamp()` under the lock — is
 * higher than any revision published before for that school-term. The counts are set-based over the current
 * (not superseded) rows, with the categories of `HealthService.counts` (`NutritionSummary`). A school-term
 * whose last current row moved to another school is published too, with zero counts.
 */
export async function publishNutrition(
  m: EntityManager,
  touched: ReadonlyArray<SchoolTerm>,
): Promise<number> {
  const keys = [
    ...new Map(touched.map((t) => [`${t.schoolId}|${t.academicYear}|${t.term}`, t])).values(),
  ].sort((a, b) =>
    a.schoolId !== b.schoolId
      ? a.schoolId < b.schoolId
        ? -1
        : 1
      : a.academicYear - b.academicYear || a.term - b.term,
  );
  if (!keys.length) return 0;
  const args = [keys.map((k) => k.schoolId), keys.map((k) => k.academicYear), keys.map((k) => k.term)];
  // One lock per bucket of school-terms (at most NUTRITION_LOCK_BUCKETS, taken in bucket order): a write of
  // thousands of schools (an import, the demo) must not exhaust the server's lock table, and two writers of
  // the same school-term still queue behind each other.
  await m.query(
    `SELECT pg_advisory_xact_lock(${NUTRITION_LOCK_SPACE}, b)::text
       FROM (SELECT DISTINCT hashtext(k.school_id || '|' || k.academic_year || '|' || k.term) & ${NUTRITION_LOCK_BUCKETS - 1} AS b
               FROM unnest($1::uuid[], $2::int[], $3::int[]) AS k(school_id, academic_year, term)
              ORDER BY 1) buckets`,
    args,
  );
  // A new statement after the locks: READ COMMITTED sees what the writers before this one committed.
  const rows: Array<
    Omit<NutritionSummarisedPayload, 'revision' | 'schoolCode' | 'areaOfficeCode' | 'provinceCode'> & {
      revision: string;
    }
  > = await m.query(
    `SELECT k.school_id AS "schoolId", k.academic_year AS "academicYear", k.term,
            (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS revision,
            count(h.id)::int AS measured,
            count(h.weight_for_height)::int AS "assessedWeightForHeight",
            count(h.height_for_age)::int AS "assessedHeightForAge",
            count(*) FILTER (WHERE h.weight_for_height = 'THIN')::int AS thin,
            count(*) FILTER (WHERE h.weight_for_height = 'SOMEWHAT_THIN')::int AS "somewhatThin",
            count(*) FILTER (WHERE h.weight_for_height = 'NORMAL')::int AS normal,
            count(*) FILTER (WHERE h.weight_for_height = 'PLUMP')::int AS plump,
            count(*) FILTER (WHERE h.weight_for_height = 'OVERWEIGHT')::int AS overweight,
            count(*) FILTER (WHERE h.weight_for_height = 'OBESE')::int AS obese,
            count(*) FILTER (WHERE h.height_for_age = 'SHORT')::int AS short,
            to_char(max(h.measured_on), 'YYYY-MM-DD') AS "lastMeasuredOn"
       FROM unnest($1::uuid[], $2::int[], $3::int[]) AS k(school_id, academic_year, term)
       LEFT JOIN health_measurement h
         ON h.school_id = k.school_id AND h.academic_year = k.academic_year AND h.term = k.term
        AND h.superseded_at IS NULL
      GROUP BY k.school_id, k.academic_year, k.term`,
    args,
  );
  const place = new Map(keys.map((k) => [`${k.schoolId}|${k.academicYear}|${k.term}`, k]));
  const items = rows.map((r) => {
    const k = place.get(`${r.schoolId}|${r.academicYear}|${r.term}`)!;
    return {
      aggregateId: r.schoolId,
      payload: {
        ...r,
        schoolCode: k.schoolCode,
        areaOfficeCode: k.areaOfficeCode,
        provinceCode: k.provinceCode,
        term: r.term as 1 | 2,
        revision: Number(r.revision),
      },
    };
  });
  return enqueueEvents(m, NutritionSummarised, items);
}
