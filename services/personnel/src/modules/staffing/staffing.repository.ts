import type { DataSource, EntityManager } from 'typeorm';
import { inForce, isUuid } from '../staff/staff.repository';
import { TEACHING_POSITIONS, type StaffingNorm } from './staffing-norm';

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
    const applied: unknown[] = await manager.query(
      `INSERT INTO school_enrolment (school_id, school_code, area_office_code, academic_year, round, round_rank,
                                     snapshot_version, as_of_date, snapshot_id, event_id, total_students, grades,
                                     classrooms, teachers_required, directors_required, deputy_directors_required, criteria)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       ON CONFLICT (school_id) DO UPDATE SET
         school_code = EXCLUDED.school_code, area_office_code = EXCLUDED.area_office_code,
         academic_year = EXCLUDED.academic_year, round = EXCLUDED.round, round_rank = EXCLUDED.round_rank,
         snapshot_version = EXCLUDED.snapshot_version, as_of_date = EXCLUDED.as_of_date,
         snapshot_id = EXCLUDED.snapshot_id, event_id = EXCLUDED.event_id, total_students = EXCLUDED.total_students,
         grades = EXCLUDED.grades, classrooms = EXCLUDED.classrooms, teachers_required = EXCLUDED.teachers_required,
         directors_required = EXCLUDED.directors_required,
         deputy_directors_required = EXCLUDED.deputy_directors_required, criteria = EXCLUDED.criteria,
         updated_at = now()
       WHERE (school_enrolment.academic_year, school_enrolment.round_rank, school_enrolment.snapshot_version)
           < (EXCLUDED.academic_year, EXCLUDED.round_rank, EXCLUDED.snapshot_version)
       RETURNING school_id`,
      [
        s.schoolId,
        s.schoolCode,
        s.areaOfficeCode,
        s.academicYear,
        s.round,
        ROUND_RANK[s.round],
        s.snapshotVersion,
        s.asOfDate,
        s.snapshotId,
        s.eventId,
        norm.students,
        JSON.stringify(s.grades),
        norm.classrooms,
        norm.teachersRequired,
        norm.directorsRequired,
        norm.deputyDirectorsRequired,
        norm.criteria,
      ],
    );
    const ok = applied.length > 0;
    await manager.query(
      `INSERT INTO school_enrolment_event (event_id, school_id, academic_year, round, snapshot_version, teachers_required, outcome)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        s.eventId,
        s.schoolId,
        s.academicYear,
        s.round,
        s.snapshotVersion,
        norm.teachersRequired,
        ok ? 'APPLIED' : 'IGNORED_OLDER',
      ],
    );
    return ok;
  }
}
