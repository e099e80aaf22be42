import type { DataSource, EntityManager } from 'typeorm';
import { columnLiterals } from '@smss/db';
import { inForce, isUuid } from '../staff/staff.repository';
import { TEACHING_POSITIONS, type StaffingNorm } from '@smss/thai';

const TEACHING = `ARRAY[${TEACHING_POSITIONS.map((p) => `'${p}'`).join(',')}]`;

export interface SchoolStaffingRow {
  schoolId: string;
  teachersActual: number;
  enrolment: {
    academicYear: number;
    round: string;
    asOfDate: string;
    snapshotVersion: number;
    students: number;
    classrooms: number;
    teachersRequired: number;
    directorsRequired: number;
    deputyDirectorsRequired: number;
  } | null;
}

export interface AreaStaffingRow {
  areaOfficeCode: string;
  teachersRequired: number;
  teachersActual: number;
  teachersShort: number;
  teachersOver: number;
  schoolsCounted: number;
  schoolsShort: number;
  schoolsOver: number;
  schoolsWithoutSnapshot: number;
}

export interface EnrolmentSnapshot {
  eventId: string;
  snapshotId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  academicYear: number;
  round: 'TERM1' | 'TERM2' | 'END_OF_YEAR';
  snapshotVersion: number;
  asOfDate: string;
  grades: unknown;
}

/** DMC rounds in the order they happen within an academic year. */
export const ROUND_RANK: Record<EnrolmentSnapshot['round'], number> = { TERM1: 1, TERM2: 2, END_OF_YEAR: 3 };

interface SnapshotRank {
  year: number;
  round: number;
  version: number;
}

const rankOf = (s: EnrolmentSnapshot): SnapshotRank => ({
  year: s.academicYear,
  round: ROUND_RANK[s.round],
  version: s.snapshotVersion,
});

/** Later academic year, then later round, then higher version. */
const compareRank = (a: SnapshotRank, b: SnapshotRank): number =>
  a.year - b.year || a.round - b.round || a.version - b.version;

const ENROLMENT_COLUMNS = `school_id, school_code, area_office_code, academic_year, round, round_rank, snapshot_version,
  as_of_date, snapshot_id, event_id, total_students, grades, classrooms, teachers_required, directors_required,
  deputy_directors_required, criteria`;

/** The rows of `enrolmentParams`: one array literal per column, the grades as one JSON array (row n: element n). */
const ENROLMENT_INPUT = `unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[],
    $8::date[], $9::uuid[], $10::uuid[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::text[])
    WITH ORDINALITY AS v(school_id, school_code, area_office_code, academic_year, round, round_rank, snapshot_version,
      as_of_date, snapshot_id, event_id, total_students, classrooms, teachers_required, directors_required,
      deputy_directors_required, criteria, n)
  JOIN json_array_elements($17::json) WITH ORDINALITY AS g(grades, n) USING (n)`;

/** The columns of `school_enrolment` in `ENROLMENT_COLUMNS` order, from `ENROLMENT_INPUT`. */
const ENROLMENT_VALUES = `v.school_id, v.school_code, v.area_office_code, v.academic_year, v.round, v.round_rank,
  v.snapshot_version, v.as_of_date, v.snapshot_id, v.event_id, v.total_students, g.grades, v.classrooms,
  v.teachers_required, v.directors_required, v.deputy_directors_required, v.criteria`;

const enrolmentParams = (rows: ReadonlyArray<{ snapshot: EnrolmentSnapshot; norm: StaffingNorm }>) => {
  const c = columnLiterals(rows, {
    schoolId: (r) => r.snapshot.schoolId,
    schoolCode: (r) => r.snapshot.schoolCode,
    areaOfficeCode: (r) => r.snapshot.areaOfficeCode,
    academicYear: (r) => r.snapshot.academicYear,
    round: (r) => r.snapshot.round,
    roundRank: (r) => ROUND_RANK[r.snapshot.round],
    snapshotVersion: (r) => r.snapshot.snapshotVersion,
    asOfDate: (r) => r.snapshot.asOfDate,
    snapshotId: (r) => r.snapshot.snapshotId,
    eventId: (r) => r.snapshot.eventId,
    students: (r) => r.norm.students,
    classrooms: (r) => r.norm.classrooms,
    teachersRequired: (r) => r.norm.teachersRequired,
    directorsRequired: (r) => r.norm.directorsRequired,
    deputyDirectorsRequired: (r) => r.norm.deputyDirectorsRequired,
    criteria: (r) => r.norm.criteria,
  });
  return [
    c.schoolId,
    c.schoolCode,
    c.areaOfficeCode,
    c.academicYear,
    c.round,
    c.roundRank,
    c.snapshotVersion,
    c.asOfDate,
    c.snapshotId,
    c.eventId,
    c.students,
    c.classrooms,
    c.teachersRequired,
    c.directorsRequired,
    c.deputyDirectorsRequired,
    c.criteria,
    JSON.stringify(rows.map((r) => r.snapshot.grades)),
  ];
};

/** All SQL of the staffing norm: the latest enrolment per school and the teachers in post. */
export class StaffingRepository {
  constructor(private readonly db: DataSource) {}

  /** Staffing of many schools in one statement. */
  async bySchools(schoolIds: readonly string[], today: string): Promise<SchoolStaffingRow[]> {
    const raw: Array<Record<string, any>> = await this.db.query(
      `WITH ids AS (SELECT unnest($1::uuid[]) AS school_id),
            actual AS (
              SELECT a.school_id, count(*)::int AS n FROM appointment a
               WHERE a.school_id = ANY($1::uuid[]) AND ${inForce('a', '$2')} AND a.position_type = ANY(${TEACHING})
               GROUP BY 1)
       SELECT ids.school_id::text AS "schoolId", coalesce(actual.n, 0) AS "teachersActual",
              e.academic_year, e.round, to_char(e.as_of_date, 'YYYY-MM-DD') AS as_of_date, e.snapshot_version,
              e.total_students, e.classrooms, e.teachers_required, e.directors_required, e.deputy_directors_required
         FROM ids LEFT JOIN school_enrolment e USING (school_id) LEFT JOIN actual USING (school_id)`,
      [schoolIds.filter(isUuid), today],
    );
    return raw.map((r) => ({
      schoolId: r.schoolId,
      teachersActual: r.teachersActual,
      enrolment:
        r.academic_year == null
          ? null
          : {
              academicYear: r.academic_year,
              round: r.round,
              asOfDate: r.as_of_date,
              snapshotVersion: r.snapshot_version,
              students: r.total_students,
              classrooms: r.classrooms,
              teachersRequired: r.teachers_required,
              directorsRequired: r.directors_required,
              deputyDirectorsRequired: r.deputy_directors_required,
            },
    }));
  }

  /** Staffing rolled up over the open schools of many area offices, in one statement. */
  async byAreas(codes: readonly string[], today: string): Promise<AreaStaffingRow[]> {
    return this.db.query(
      `WITH schools AS (
              SELECT school_id, area_office_code::text AS area FROM directory_school_replica
               WHERE area_office_code = ANY($1::text[]) AND status = 'OPEN'),
            actual AS (
              SELECT a.school_id, count(*)::int AS n FROM appointment a JOIN schools USING (school_id)
               WHERE ${inForce('a', '$2')} AND a.position_type = ANY(${TEACHING})
               GROUP BY 1),
            per_school AS (
              SELECT s.area, e.teachers_required AS required, coalesce(actual.n, 0) AS actual,
                     e.school_id IS NOT NULL AS counted
                FROM schools s LEFT JOIN school_enrolment e USING (school_id) LEFT JOIN actual USING (school_id))
       SELECT area AS "areaOfficeCode",
              coalesce(sum(required) FILTER (WHERE counted), 0)::int AS "teachersRequired",
              coalesce(sum(actual) FILTER (WHERE counted), 0)::int AS "teachersActual",
              coalesce(sum(greatest(required - actual, 0)) FILTER (WHERE counted), 0)::int AS "teachersShort",
              coalesce(sum(greatest(actual - required, 0)) FILTER (WHERE counted), 0)::int AS "teachersOver",
              count(*) FILTER (WHERE counted)::int AS "schoolsCounted",
              count(*) FILTER (WHERE counted AND actual < required)::int AS "schoolsShort",
              count(*) FILTER (WHERE counted AND actual > required)::int AS "schoolsOver",
              count(*) FILTER (WHERE NOT counted)::int AS "schoolsWithoutSnapshot"
         FROM per_school GROUP BY area`,
      [codes, today],
    );
  }

  /**
   * Keep the snapshot when it is newer than the one held (later academic year, later round, or a
   * higher version of the same round); record the event either way. Returns whether it applied.
   */
  async applySnapshot(manager: EntityManager, s: EnrolmentSnapshot, norm: StaffingNorm): Promise<boolean> {
    const [outcome] = await this.applySnapshots(manager, [{ snapshot: s, norm }]);
    return outcome === 'APPLIED';
  }

  /**
   * `applySnapshot` for the new events of one consumer batch, in stream order: the outcome of each is
   * what it would be one after the other (applied when newer than the school's latest so far), the
   * school keeps the newest, and every event is logged — four statements whatever the batch size.
   * 1. Every school is claimed as new with the newest snapshot of the batch (`ON CONFLICT DO NOTHING`,
   *    in school order); 2. the schools that already had one are locked (`FOR UPDATE`, in school
   *    order) and updated when the batch holds a newer one. Waits on an uncommitted insert happen in
   *    step 1, on row locks in step 2, each in one order: concurrent batches never deadlock.
   */
  async applySnapshots(
    manager: EntityManager,
    batch: ReadonlyArray<{ snapshot: EnrolmentSnapshot; norm: StaffingNorm }>,
  ): Promise<Array<'APPLIED' | 'IGNORED_OLDER'>> {
    if (batch.length === 0) return [];
    const bySchool = new Map<string, number[]>();
    batch.forEach(({ snapshot }, i) => {
      const list = bySchool.get(snapshot.schoolId);
      if (list) list.push(i);
      else bySchool.set(snapshot.schoolId, [i]);
    });
    const outcomes: Array<'APPLIED' | 'IGNORED_OLDER'> = batch.map(() => 'IGNORED_OLDER');
    /** Outcomes of one school's events from `held` on; returns the index of the newest applied. */
    const plan = (indexes: number[], held: SnapshotRank | null): number | null => {
      let newest: number | null = null;
      let rank = held;
      for (const i of indexes) {
        const candidate = rankOf(batch[i]!.snapshot);
        if (rank && compareRank(candidate, rank) <= 0) {
          outcomes[i] = 'IGNORED_OLDER';
          continue;
        }
        outcomes[i] = 'APPLIED';
        rank = candidate;
        newest = i;
      }
      return newest;
    };
    const newest = new Map<string, number>();
    for (const [school, indexes] of bySchool) newest.set(school, plan(indexes, null)!);

    const inserted: Array<{ school_id: string }> = await manager.query(
      `INSERT INTO school_enrolment (${ENROLMENT_COLUMNS})
       SELECT ${ENROLMENT_VALUES} FROM ${ENROLMENT_INPUT} ORDER BY v.school_id
       ON CONFLICT (school_id) DO NOTHING
       RETURNING school_id`,
      enrolmentParams([...newest.values()].map((i) => batch[i]!)),
    );
    const claimed = new Set(inserted.map((r) => r.school_id));
    const existing = [...bySchool.keys()].filter((school) => !claimed.has(school));
    if (existing.length) {
      const held: Array<{
        school_id: string;
        academic_year: number;
        round_rank: number;
        snapshot_version: number;
      }> = await manager.query(
        `SELECT school_id, academic_year, round_rank, snapshot_version FROM school_enrolment
            WHERE school_id = ANY($1::uuid[]) ORDER BY school_id FOR UPDATE`,
        [existing],
      );
      const heldBy = new Map(held.map((h) => [h.school_id, h]));
      const updates: number[] = [];
      for (const school of existing) {
        const h = heldBy.get(school);
        const rank = h ? { year: h.academic_year, round: h.round_rank, version: h.snapshot_version } : null;
        const i = plan(bySchool.get(school)!, rank);
        if (i !== null) updates.push(i);
      }
      if (updates.length) {
        await manager.query(
          `UPDATE school_enrolment e SET
             school_code = u.school_code, area_office_code = u.area_office_code, academic_year = u.academic_year,
             round = u.round, round_rank = u.round_rank, snapshot_version = u.snapshot_version,
             as_of_date = u.as_of_date, snapshot_id = u.snapshot_id, event_id = u.event_id,
             total_students = u.total_students, grades = u.grades, classrooms = u.classrooms,
             teachers_required = u.teachers_required, directors_required = u.directors_required,
             deputy_directors_required = u.deputy_directors_required, criteria = u.criteria, updated_at = now()
             FROM (SELECT ${ENROLMENT_VALUES} FROM ${ENROLMENT_INPUT}) AS u(${ENROLMENT_COLUMNS})
            WHERE e.school_id = u.school_id`,
          enrolmentParams(updates.map((i) => batch[i]!)),
        );
      }
    }
    const log = columnLiterals(
      batch.map((b, i) => ({ ...b, outcome: outcomes[i] })),
      {
        eventId: (b) => b.snapshot.eventId,
        schoolId: (b) => b.snapshot.schoolId,
        academicYear: (b) => b.snapshot.academicYear,
        round: (b) => b.snapshot.round,
        snapshotVersion: (b) => b.snapshot.snapshotVersion,
        teachersRequired: (b) => b.norm.teachersRequired,
        outcome: (b) => b.outcome,
      },
    );
    await manager.query(
      `INSERT INTO school_enrolment_event (event_id, school_id, academic_year, round, snapshot_version, teachers_required,
                                          outcome, handled_at)
       SELECT u.event_id, u.school_id, u.academic_year, u.round, u.snapshot_version, u.teachers_required, u.outcome,
              clock_timestamp()
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::int[], $7::text[]) WITH ORDINALITY
              AS u(event_id, school_id, academic_year, round, snapshot_version, teachers_required, outcome, n)
        ORDER BY u.n`,
      [
        log.eventId,
        log.schoolId,
        log.academicYear,
        log.round,
        log.snapshotVersion,
        log.teachersRequired,
        log.outcome,
      ],
    );
    return outcomes;
  }
}
