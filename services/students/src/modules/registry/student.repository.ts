import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids } from '@smss/db';
import type { GradeCounts } from '@smss/events';
import type { VisibilityFilter } from '@smss/auth';
import type { StudentRowScope } from './row-scope';
import { latestEnrollment } from '../common/latest-enrollment';
import type {
  ConflictRow,
  EnrollmentRow,
  PendingTransferRow,
  SchoolPlacement,
  StudentRow,
  TransferRow,
} from './student.types';

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

/** A viewer's row scope as SQL parameters: kind ('ALL' | 'AREA' | 'SCHOOL' | 'NONE') and code. */
const scopeParams = (scope: VisibilityFilter): [string, string | null] => [
  scope.kind,
  scope.kind === 'AREA' ? scope.areaOfficeCode : scope.kind === 'SCHOOL' ? scope.schoolCode : null,
];

/**
 * A student list's row scope as SQL parameters: kind ('ALL' | 'AREA' | 'SCHOOL' | 'PARTNER' | 'NONE'),
 * code (area or school), and a partner agreement's area offices and schools.
 */
const studentScopeParams = (scope: StudentRowScope): [string, string | null, string[], string[]] =>
  scope.kind === 'PARTNER'
    ? [scope.kind, null, [...scope.areaOfficeCodes], [...scope.schoolCodes]]
    : [...scopeParams(scope), [], []];

/**
 * The latest enrolment of the student of `e` (the active one, else the last): the school that owns the
 * student, as the trust layer's owner rule for Student decides it (`trust.ts`).
 */
const LATEST_ENROLLMENT = latestEnrollment('e.student_id', ['school_id', 'school_code', 'area_office_code']);

/** What `School.students` filters by. */
export interface SchoolStudentFilter {
  academicYear: number;
  gradeLevel?: string | null;
  classroom?: string | null;
  activeOnly: boolean;
}

export interface ConflictInsert {
  studentId: string;
  importingSchoolId: string;
  importingSchoolCode: string;
  importingAreaOfficeCode: string;
  enrolledSchoolId: string;
  enrolledAreaOfficeCode: string;
}

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

  /** By national ID or G-code (`identity` holds whichever is set; its unique index answers). */
  async studentByIdentity(value: string): Promise<StudentRow | undefined> {
    const [row] = await this.db.query(`SELECT ${STUDENT_COLUMNS} FROM student s WHERE s.identity = $1`, [
      value,
    ]);
    return row;
  }

  async enrollmentsByStudents(
    studentIds: readonly string[],
    manager?: EntityManager,
  ): Promise<EnrollmentRow[]> {
    return this.m(manager).query(
      `SELECT ${ENROLLMENT_COLUMNS} FROM enrollment e WHERE e.student_id = ANY($1::uuid[]) ORDER BY e.started_on, e.created_at`,
      [onlyUuids(studentIds)],
    );
  }

  /** Transfers released towards a named school and not yet accepted, with that school's placement. */
  async pendingTransfersOf(studentIds: readonly string[]): Promise<PendingTransferRow[]> {
    return this.db.query(
      `SELECT t.student_id AS "studentId", t.to_school_id AS "toSchoolId", r.obec_code AS "toSchoolCode",
              r.area_office_code AS "toAreaOfficeCode"
         FROM transfer t JOIN directory_school_replica r ON r.school_id = t.to_school_id
        WHERE t.student_id = ANY($1::uuid[]) AND t.status = 'RELEASED'`,
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
   * The enrolments `School.students` lists, as FROM and WHERE over the parameters $1 school ids,
   * $2 academic year, $3 grade level, $4 classroom, $5 active only, $6/$7 the viewer's scope kind and code,
   * $8/$9 a partner agreement's area offices and schools.
   * Row scope in SQL, agreeing with the trust layer's owner rule for Student: a school lists the students
   * it owns (whose latest enrolment is there — a child transferred away is not listed by the old school),
   * and only those the viewer may see (their latest school is the viewer's, or in the viewer's area, or a
   * transfer towards the viewer's school or area is pending; for a partner whose agreement includes
   * Student, the latest school or a pending transfer's school is one the agreement covers — a school of
   * its list or of one of its area offices). With `activeOnly` (the default) the
   * enrolment itself is the latest one: a student has at most one active enrolment
   * (`enrollment_one_active`) and the owner rule takes the active one first, so no per-row lookup of
   * the latest enrolment is needed.
   */
  private schoolStudentsScope(activeOnly: boolean): { from: string; where: string } {
    const owner = activeOnly ? 'e' : 'latest';
    return {
      from: activeOnly
        ? 'enrollment e'
        : `enrollment e JOIN ${LATEST_ENROLLMENT} ON latest.school_id = e.school_id`,
      where: `e.school_id = ANY($1::uuid[]) AND e.academic_year = $2
            AND ($3::text IS NULL OR e.grade_level = $3) AND ($4::text IS NULL OR e.classroom = $4)
            AND (NOT $5 OR e.status = 'ACTIVE')
            AND ($6::text = 'ALL'
                 OR ($6 = 'AREA' AND ${owner}.area_office_code = $7)
                 OR ($6 = 'SCHOOL' AND ${owner}.school_code = $7)
                 OR ($6 = 'PARTNER' AND (${owner}.area_office_code = ANY($8::text[]) OR ${owner}.school_code = ANY($9::text[])))
                 OR EXISTS (SELECT 1 FROM transfer t JOIN directory_school_replica r ON r.school_id = t.to_school_id
                             WHERE t.student_id = e.student_id AND t.status = 'RELEASED'
                               AND (($6 = 'AREA' AND r.area_office_code = $7) OR ($6 = 'SCHOOL' AND r.obec_code = $7)
                                    OR ($6 = 'PARTNER' AND (r.area_office_code = ANY($8::text[]) OR r.obec_code = ANY($9::text[]))))))`,
    };
  }

  private schoolStudentsParams(
    schoolIds: readonly string[],
    filter: SchoolStudentFilter,
    scope: StudentRowScope,
  ) {
    return [
      onlyUuids(schoolIds),
      filter.academicYear,
      filter.gradeLevel ?? null,
      filter.classroom ?? null,
      filter.activeOnly,
      ...studentScopeParams(scope),
    ];
  }

  /**
   * The same page of students for many schools at once, with each school's total, in one statement
   * (window functions per school): `School.students` under a list of schools stays one query. Which
   * students, and in whose scope: `schoolStudentsScope`. The layer checks every node again.
   */
  async schoolStudentPages(
    schoolIds: readonly string[],
    filter: SchoolStudentFilter,
    limit: number,
    offset: number,
    scope: StudentRowScope,
  ): Promise<Map<string, { rows: StudentRow[]; total: number }>> {
    const pages = new Map<string, { rows: StudentRow[]; total: number }>(
      schoolIds.map((id) => [id, { rows: [], total: 0 }]),
    );
    if (scope.kind === 'NONE') return pages;
    const { from, where } = this.schoolStudentsScope(filter.activeOnly);
    const rows: Array<StudentRow & { schoolId: string; total: string; rn: string }> = await this.db.query(
      `SELECT * FROM (
         SELECT ${STUDENT_COLUMNS}, e.school_id AS "schoolId",
                count(*) OVER (PARTITION BY e.school_id) AS total,
                row_number() OVER (PARTITION BY e.school_id ORDER BY e.grade_level, e.classroom, s.first_name_th, s.id) AS rn
           FROM ${from} JOIN student s ON s.id = e.student_id
          WHERE ${where}
       ) page WHERE rn > $10 AND rn <= $10 + $11 OR (rn = 1 AND $11 = 0)
       ORDER BY "schoolId", rn`,
      [...this.schoolStudentsParams(schoolIds, filter, scope), offset, limit],
    );
    for (const { schoolId, total, rn: _rn, ...row } of rows) {
      const page = pages.get(schoolId)!;
      page.total = Number(total);
      if (limit > 0) page.rows.push(row);
    }
    return pages;
  }

  /**
   * Only the totals of `schoolStudentPages` (same students, same scope), for a connection asked for
   * nothing but `totalCount`: one grouped count over the enrolment index, no student rows, no sort.
   */
  async schoolStudentCounts(
    schoolIds: readonly string[],
    filter: SchoolStudentFilter,
    scope: StudentRowScope,
  ): Promise<Map<string, number>> {
    const totals = new Map<string, number>(schoolIds.map((id) => [id, 0]));
    if (scope.kind === 'NONE') return totals;
    const { from, where } = this.schoolStudentsScope(filter.activeOnly);
    const rows: Array<{ schoolId: string; total: number }> = await this.db.query(
      `SELECT e.school_id AS "schoolId", count(*)::int AS total FROM ${from} WHERE ${where} GROUP BY e.school_id`,
      this.schoolStudentsParams(schoolIds, filter, scope),
    );
    for (const { schoolId, total } of rows) totals.set(schoolId, total);
    return totals;
  }

  /**
   * Per-grade counts of active enrolments for many schools / areas / provinces in one statement.
   * Counted per school first, then summed: `classrooms` counts the distinct room labels of each school
   * ("1", "2" — every school has a room "1"), so an area's or a province's rooms are the sum of its
   * schools' rooms, never the distinct labels across schools.
   */
  async gradeCounts(
    key: SummaryKey,
    keys: readonly string[],
    academicYear: number,
  ): Promise<Array<GradeCounts & { key: string }>> {
    const typed = key === 'school_id' ? '$1::uuid[]' : '$1::text[]';
    const summed = [
      'male',
      'female',
      'poor',
      '"extremelyPoor"',
      'disabled',
      'orphan',
      'stateless',
      '"ethnicMinority"',
      'classrooms',
    ]
      .map((c) => `sum(${c})::int AS ${c}`)
      .join(', ');
    return this.db.query(
      `SELECT key, "gradeLevel", ${summed} FROM (
         SELECT e.${key}::text AS key, ${GRADE_AGGREGATE}
           FROM enrollment e JOIN student s ON s.id = e.student_id
          WHERE e.${key} = ANY(${typed}) AND e.academic_year = $2 AND e.status = 'ACTIVE'
          GROUP BY e.${key}, e.school_id, e.grade_level
       ) per_school
       GROUP BY key, "gradeLevel"`,
      [key === 'school_id' ? onlyUuids(keys) : keys, academicYear],
    );
  }

  /**
   * A page of enrolment conflicts in the viewer's row scope, agreeing with the owner rule of
   * EnrollmentConflict: OBEC all; an area office those of either school's area; a school its own rows.
   */
  async conflictPage(
    scope: VisibilityFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: ConflictRow[]; total: number }> {
    if (scope.kind === 'NONE') return { rows: [], total: 0 };
    const rows: Array<ConflictRow & { total: string }> = await this.db.query(
      `SELECT c.id, c.student_id AS "studentId", s.identity AS "nationalId",
              c.importing_school_id AS "importingSchoolId", c.importing_school_code AS "importingSchoolCode",
              c.importing_area_office_code AS "importingAreaOfficeCode", c.enrolled_school_id AS "enrolledSchoolId",
              c.enrolled_area_office_code AS "enrolledAreaOfficeCode", c.found_at AS "foundAt", count(*) OVER () AS total
         FROM enrollment_conflict c JOIN student s ON s.id = c.student_id
        WHERE $1::text = 'ALL'
           OR ($1 = 'AREA' AND (c.importing_area_office_code = $2 OR c.enrolled_area_office_code = $2))
           OR ($1 = 'SCHOOL' AND c.importing_school_code = $2)
        ORDER BY c.found_at DESC, c.id LIMIT $3 OFFSET $4`,
      [...scopeParams(scope), limit, offset],
    );
    return {
      rows: rows.map(({ total: _total, ...row }) => row),
      total: rows.length ? Number(rows[0]!.total) : 0,
    };
  }

  /** Record conflicts (a registration or import named a child of another school); a repeat is kept once. */
  async recordConflicts(manager: EntityManager, conflicts: readonly ConflictInsert[]): Promise<void> {
    if (!conflicts.length) return;
    await manager.query(
      `INSERT INTO enrollment_conflict (student_id, importing_school_id, importing_school_code, importing_area_office_code,
                                        enrolled_school_id, enrolled_area_office_code)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[])
       ON CONFLICT (student_id, importing_school_id, enrolled_school_id) DO NOTHING`,
      [
        conflicts.map((c) => c.studentId),
        conflicts.map((c) => c.importingSchoolId),
        conflicts.map((c) => c.importingSchoolCode),
        conflicts.map((c) => c.importingAreaOfficeCode),
        conflicts.map((c) => c.enrolledSchoolId),
        conflicts.map((c) => c.enrolledAreaOfficeCode),
      ],
    );
  }

  async transfersByIds(ids: readonly string[], manager?: EntityManager): Promise<TransferRow[]> {
    return this.m(manager).query(`SELECT ${TRANSFER_COLUMNS} FROM transfer t WHERE t.id = ANY($1::uuid[])`, [
      onlyUuids(ids),
    ]);
  }
}
