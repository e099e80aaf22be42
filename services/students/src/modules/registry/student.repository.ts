import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids } from '@smss/db';
import type { GradeCounts } from '@smss/events';
import type { EnrollmentRow, SchoolPlacement, StudentRow, TransferRow } from './student.types';

export const STUDENT_COLUMNS = `s.id, s.national_id AS "nationalId", s.g_code AS "gCode", s.prefix,
  s.first_name_th AS "firstNameTh", s.last_name_th AS "lastNameTh", to_char(s.birth_date, 'YYYY-MM-DD') AS "birthDate",
  s.gender, s.poverty, s.disability_type AS "disabilityType", s.orphan, s.stateless,
  s.ethnic_minority AS "ethnicMinority", s.version`;

export const ENROLLMENT_COLUMNS = `e.id, e.student_id AS "studentId", e.school_id AS "schoolId", e.school_code AS "schoolCode",
  e.area_office_code AS "areaOfficeCode", e.province_code AS "provinceCode", e.academic_year AS "academicYear",
  e.grade_level AS "gradeLevel", e.classroom, e.status, to_char(e.started_on, 'YYYY-MM-DD') AS "startedOn",
  to_char(e.ended_on, 'YYYY-MM-DD') AS "endedOn"`;

const TRANSFER_COLUMNS = `t.id, t.student_id AS "studentId", t.from_school_id AS "fromSchoolId", t.to_school_id AS "toSchoolId",
  t.status, to_char(t.released_on, 'YYYY-MM-DD') AS "releasedOn", to_char(t.accepted_on, 'YYYY-MM-DD') AS "acceptedOn"`;

/** Aggregate per grade level; every count the DMC snapshot and the summaries need, in one pass. */
export const GRADE_AGGREGATE = `
  e.grade_level AS "gradeLevel",
  count(*) FILTER (WHERE s.gender = 'MALE')::int AS male,
  count(*) FILTER (WHERE s.gender = 'FEMALE')::int AS female,
  count(*) FILTER (WHERE s.poverty = 'POOR')::int AS poor,
  count(*) FILTER (WHERE s.poverty = 'EXTREMELY_POOR')::int AS "extremelyPoor",
  count(*) FILTER (WHERE s.disability_type IS NOT NULL)::int AS disabled,
  count(*) FILTER (WHERE s.orphan)::int AS orphan,
  count(*) FILTER (WHERE s.stateless)::int AS stateless,
  count(*) FILTER (WHERE s.ethnic_minority)::int AS "ethnicMinority",
  count(DISTINCT e.classroom)::int AS classrooms`;

export type SummaryKey = 'school_id' | 'area_office_code' | 'province_code';

/** All SQL of the registry. Lookups take key arrays so DataLoaders batch them. */
export class StudentRepository {
  constructor(private readonly db: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async studentsByIds(ids: readonly string[], manager?: EntityManager): Promise<StudentRow[]> {
    return this.m(manager).query(`SELECT ${STUDENT_COLUMNS} FROM student s WHERE s.id = ANY($1::uuid[])`, [
      onlyUuids(ids),
    ]);
  }

  async studentByIdentity(value: string): Promise<StudentRow | undefined> {
    const [row] = await this.db.query(
      `SELECT ${STUDENT_COLUMNS} FROM student s WHERE s.national_id = $1 OR s.g_code = $1`,
      [value],
    );
    return row;
  }

  async enrollmentsByStudents(studentIds: readonly string[]): Promise<EnrollmentRow[]> {
    return this.db.query(
      `SELECT ${ENROLLMENT_COLUMNS} FROM enrollment e WHERE e.student_id = ANY($1::uuid[]) ORDER BY e.started_on, e.created_at`,
      [onlyUuids(studentIds)],
    );
  }

  async activeEnrollment(manager: EntityManager, studentId: string): Promise<EnrollmentRow | undefined> {
    const [row] = await manager.query(
      `SELECT ${ENROLLMENT_COLUMNS} FROM enrollment e WHERE e.student_id = $1 AND e.status = 'ACTIVE' FOR UPDATE`,
      [studentId],
    );
    return row;
  }

  async placementsBy(
    column: 'school_id' | 'obec_code',
    keys: readonly string[],
    manager?: EntityManager,
  ): Promise<SchoolPlacement[]> {
    const where = column === 'school_id' ? 'school_id = ANY($1::uuid[])' : 'obec_code = ANY($1::text[])';
    return this.m(manager).query(
      `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode",
              province_code AS "provinceCode", status
         FROM directory_school_replica WHERE ${where}`,
      [column === 'school_id' ? onlyUuids(keys) : keys],
    );
  }

  /**
   * The same page of students for many schools at once, with each school's total, in one statement
   * (window functions per school): `School.students` under a list of schools stays one query.
   */
  async schoolStudentPages(
    schoolIds: readonly string[],
    filter: {
      academicYear: number;
      gradeLevel?: string | null;
      classroom?: string | null;
      activeOnly: boolean;
    },
    limit: number,
    offset: number,
  ): Promise<Map<string, { rows: StudentRow[]; total: number }>> {
    const rows: Array<StudentRow & { schoolId: string; total: string; rn: string }> = await this.db.query(
      `SELECT * FROM (
         SELECT ${STUDENT_COLUMNS}, e.school_id AS "schoolId",
                count(*) OVER (PARTITION BY e.school_id) AS total,
                row_number() OVER (PARTITION BY e.school_id ORDER BY e.grade_level, e.classroom, s.first_name_th, s.id) AS rn
           FROM enrollment e JOIN student s ON s.id = e.student_id
          WHERE e.school_id = ANY($1::uuid[]) AND e.academic_year = $2
            AND ($3::text IS NULL OR e.grade_level = $3) AND ($4::text IS NULL OR e.classroom = $4)
            AND (NOT $5 OR e.status = 'ACTIVE')
       ) page WHERE rn > $6 AND rn <= $6 + $7 OR (rn = 1 AND $7 = 0)
       ORDER BY "schoolId", rn`,
      [
        onlyUuids(schoolIds),
        filter.academicYear,
        filter.gradeLevel ?? null,
        filter.classroom ?? null,
        filter.activeOnly,
        offset,
        limit,
      ],
    );
    const pages = new Map<string, { rows: StudentRow[]; total: number }>(
      schoolIds.map((id) => [id, { rows: [], total: 0 }]),
    );
    for (const { schoolId, total, rn: _rn, ...row } of rows) {
      const page = pages.get(schoolId)!;
      page.total = Number(total);
      if (limit > 0) page.rows.push(row);
    }
    return pages;
  }

  /** Per-grade counts of active enrolments for many schools / areas / provinces in one statement. */
  async gradeCounts(
    key: SummaryKey,
    keys: readonly string[],
    academicYear: number,
  ): Promise<Array<GradeCounts & { key: string }>> {
    const typed = key === 'school_id' ? '$1::uuid[]' : '$1::text[]';
    return this.db.query(
      `SELECT e.${key}::text AS key, ${GRADE_AGGREGATE}
         FROM enrollment e JOIN student s ON s.id = e.student_id
        WHERE e.${key} = ANY(${typed}) AND e.academic_year = $2 AND e.status = 'ACTIVE'
        GROUP BY e.${key}, e.grade_level`,
      [key === 'school_id' ? onlyUuids(keys) : keys, academicYear],
    );
  }

  async transfersByIds(ids: readonly string[], manager?: EntityManager): Promise<TransferRow[]> {
    return this.m(manager).query(`SELECT ${TRANSFER_COLUMNS} FROM transfer t WHERE t.id = ANY($1::uuid[])`, [
      onlyUuids(ids),
    ]);
  }
}
