import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { academicYearRange } from '@smss/thai';
import { badInput } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { EnrollmentChanged, enqueueEvents, type GradeLevel } from '@smss/events';
import { assertCanWriteSchool } from '../registry/access';
import type { LookupAudit, StudentService } from '../registry/student.service';
import type { StudentRepository } from '../registry/student.repository';
import { identityLookupKey } from '../registry/ownership';
import type { DmcService } from '../dmc/dmc.service';
import type { SchoolPlacement } from '../registry/student.types';
import {
  academicYearArg,
  ageReferenceYear,
  fillMessage,
  todayInBangkok,
} from '../registry/student.validation';
import { STUDENT_FILE_LIMITS, parseStudentFile } from './import.parser';
import { IMPORT_MESSAGES } from './import.messages';
import { validateImportRow, type ImportRowError, type StudentImportRow } from './import.rows';
import { validatedRowsSql } from './import.sql';
import {
  copyRawLines,
  joinQuotedLines,
  rawLinesSource,
  rawLinesTableSql,
  readBulkFileLayout,
} from './raw-file';
import { rowKeys } from './row-ids';
import { enqueueStudentsUpdatedSql } from '../registry/student.events';
import { latestEnrollment } from '../common/latest-enrollment';

export interface ImportReport {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  errors: ImportRowError[];
}

/** What applying staged rows did (uploads, the demo, the area loader, the national loader's existing rows). */
export interface AppliedRows {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows naming a child of another school, released towards this one, or active here in another year. */
  conflicts: number;
  errors: ImportRowError[];
}

export interface ApplyOptions {
  emitEvents: boolean;
  correlationId?: string;
  startedOn?: string;
  audit?: LookupAudit;
  /** The identity column's header, for "duplicate of row N" (default `nationalId`). */
  identityColumn?: string;
}

/** Uploads larger than this are refused before parsing (the gateway's body limit is the same figure). */
export const MAX_UPLOAD_BYTES = STUDENT_FILE_LIMITS.maxFileBytes;

const csvField = (v: string | null | undefined) => (v == null ? '' : `"${v.replace(/"/g, '""')}"`);

/** The staging table every import path fills (COPY from validated rows, or INSERT from the SQL validator). */
const STAGING_TABLE = `
  CREATE TEMP TABLE import_staging (
    row_no bigint NOT NULL, identity text COLLATE "C" NOT NULL, national_id text, g_code text, prefix text,
    first_name_th text, last_name_th text, birth_date date, gender text, grade text, classroom text, poverty text,
    disability_type text, school_code text, school_id uuid, area_office_code text, province_code text
  ) ON COMMIT DROP`;
const STAGING_COLUMNS = `row_no, identity, national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender,
  grade, classroom, poverty, disability_type, school_code, school_id, area_office_code, province_code`;

/** Validated rows of one school in COPY CSV form (NULL = empty unquoted field; every text value quoted). */
async function* copyLines(
  rows: Iterable<StudentImportRow> | AsyncIterable<StudentImportRow>,
  p: SchoolPlacement,
) {
  const place = [p.schoolCode, p.schoolId, p.areaOfficeCode, p.provinceCode].map(csvField).join(',');
  let batch = '';
  let n = 0;
  for await (const r of rows) {
    batch +=
      [
        r.row,
        csvField(r.nationalId ?? r.gCode),
        csvField(r.nationalId),
        csvField(r.gCode),
        csvField(r.prefix),
        csvField(r.firstNameTh),
        csvField(r.lastNameTh),
        r.birthDate,
        r.gender,
        r.gradeLevel,
        csvField(r.classroom),
        r.poverty,
        csvField(r.disabilityType),
        place,
      ].join(',') + '\n';
    if (++n % 2000 === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/**
 * Student list imports: a school's upload (validated in code), the demo data, and the bulk loader's
 * incremental path (an area's or a school's file, validated in SQL: `importBulkFile`). Rows go to a
 * temporary staging table and are applied with set-based statements in ONE transaction: every valid
 * row lands or none does. Re-importing the same file changes nothing (only differing values are
 * written). No statement returns a row per student to the service: counts come from the statements,
 * only the few rows that need a message (duplicates, rows naming another school's child) come back.
 */
export class ImportService {
  constructor(
    private readonly db: DataSource,
    private readonly students: StudentService,
    private readonly dmc: DmcService,
    private readonly repo: StudentRepository,
  ) {}

  async importFile(
    viewer: MaybeViewer,
    input: { schoolCode: string; academicYear: number; fileName: string; content: Buffer },
    correlationId?: string,
    audit?: LookupAudit,
  ): Promise<ImportReport> {
    requireViewer(viewer);
    academicYearArg(input.academicYear);
    if (input.content.length > MAX_UPLOAD_BYTES) {
      throw badInput(
        `Files are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; use the bulk loader`,
        `ไฟล์ใหญ่เกิน ${MAX_UPLOAD_BYTES / 1024 / 1024} MB กรุณาใช้เครื่องมือนำเข้าข้อมูลจำนวนมาก`,
      );
    }
    const placement = await this.students.placement(input.schoolCode);
    assertCanWriteSchool(viewer, placement);
    const parsed = await parseStudentFile(input.fileName, input.content);
    const errors: ImportRowError[] = [];
    const valid: StudentImportRow[] = [];
    for (const { row, values } of parsed.rows) {
      const result = validateImportRow(row, values, parsed.headers);
      if (result.ok) valid.push(result.value);
      else errors.push(...result.errors);
    }
    const applied = await this.apply(placement, input.academicYear, valid, {
      emitEvents: true,
      correlationId,
      audit,
      identityColumn: parsed.headers.nationalId,
    });
    errors.push(...applied.errors);
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return {
      rowsRead: parsed.rows.length,
      inserted: applied.inserted,
      updated: applied.updated,
      unchanged: applied.unchanged,
      conflicts: applied.conflicts,
      errors,
    };
  }

  /** Apply validated rows for one school and year in one transaction (uploads, the demo data, tests). */
  async apply(
    placement: SchoolPlacement,
    academicYear: number,
    rows: Iterable<StudentImportRow> | AsyncIterable<StudentImportRow>,
    options: ApplyOptions,
  ): Promise<AppliedRows> {
    return this.inTransaction(async (client, m) => {
      await client.query(STAGING_TABLE);
      await pipeline(
        Readable.from(copyLines(rows, placement)),
        client.query(copyFrom(`COPY import_staging (${STAGING_COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
      );
      return this.applyStaged(client, m, academicYear, options);
    });
  }

  /**
   * The bulk loader's incremental path: an area's or a school's CSV with a school code column, read
   * into the database as raw lines (COPY), validated by the SQL validator (same rules and messages as
   * uploads), placed through the directory replica, then applied like an upload — one transaction.
   */
  async importBulkFile(
    file: string,
    academicYear: number,
    options: { emitEvents?: boolean } = {},
  ): Promise<ImportReport> {
    academicYearArg(academicYear);
    const layout = await readBulkFileLayout(file, { needSchoolCode: true });
    return this.inTransaction(async (client, m) => {
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query(rawLinesTableSql('import_raw', 'TEMP'));
      const copied = await copyRawLines(client, file, 'import_raw', {
        start: layout.dataStart,
        end: layout.size,
      });
      const parts = [{ table: 'import_raw', offset: 1 }];
      if (copied.quotes) await joinQuotedLines(client, parts);
      await client.query(STAGING_TABLE);
      await client.query(
        `CREATE TEMP TABLE import_rejected (row_no bigint, errors text[], school_code text) ON COMMIT DROP`,
      );
      const validated = validatedRowsSql({
        source: rawLinesSource(parts),
        positions: layout.positions,
        headers: layout.headers,
        ageYear: ageReferenceYear(),
      });
      const staged = await client.query(
        `WITH v AS MATERIALIZED (
           SELECT v.*, r.school_id, r.area_office_code, r.province_code
             FROM (${validated}) v LEFT JOIN directory_school_replica r ON r.obec_code = v.school_code),
         rejected AS (
           INSERT INTO import_rejected SELECT row_no, errors, school_code FROM v WHERE errors IS NOT NULL OR school_id IS NULL)
         INSERT INTO import_staging (${STAGING_COLUMNS})
         SELECT row_no, identity, national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, grade,
                classroom, poverty, disability_type, school_code, school_id, area_office_code, province_code
           FROM v WHERE errors IS NULL AND school_id IS NOT NULL`,
      );
      const rejected = await client.query<{ row_no: string; errors: string[] | null; school_code: string }>(
        `SELECT row_no, errors, school_code FROM import_rejected ORDER BY row_no`,
      );
      const errors = rejected.rows.flatMap((r) => rejectedRowErrors(r, layout.headers));
      const applied = await this.applyStaged(client, m, academicYear, {
        emitEvents: options.emitEvents ?? false,
        identityColumn: layout.headers.nationalId,
      });
      errors.push(...applied.errors);
      errors.sort((a, b) => a.row - b.row);
      return {
        rowsRead: (staged.rowCount ?? 0) + rejected.rowCount!,
        inserted: applied.inserted,
        updated: applied.updated,
        unchanged: applied.unchanged,
        conflicts: applied.conflicts,
        errors,
      };
    });
  }

  private async inTransaction<T>(work: (client: PoolClient, m: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      const result = await work(client, runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Apply the rows in `import_staging` (a temporary table of this transaction; each row placed at its
   * school). Duplicates go first (the first occurrence wins), then rows naming a child another school
   * owns; what remains updates existing students and enrolments where a value differs and inserts the
   * new ones with keys made from their row numbers. Also used by the national loader for the rows that
   * name students already registered.
   */
  async applyStaged(
    client: ClientBase,
    m: EntityManager,
    academicYear: number,
    options: ApplyOptions,
  ): Promise<AppliedRows> {
    await client.query(`ANALYZE import_staging`);
    const identityColumn = options.identityColumn ?? 'nationalId';
    // 1. Duplicates in the file: the first valid occurrence wins, later ones are reported against it.
    const dupes = await client.query<{ row_no: string; first: string }>(
      `DELETE FROM import_staging st
        USING (SELECT identity, min(row_no) AS first FROM import_staging GROUP BY identity HAVING count(*) > 1) d
        WHERE st.identity = d.identity AND st.row_no <> d.first
        RETURNING st.row_no, d.first`,
    );
    const errors: ImportRowError[] = dupes.rows.map((d) => ({
      row: Number(d.row_no),
      column: identityColumn,
      ...fillMessage(IMPORT_MESSAGES.duplicate, { row: Number(d.first) }),
    }));
    // 2. Rows naming a child of another school (enrolled or last enrolled there, active or not) never
    //    touch that record: reported without naming the school, recorded as enrolment conflicts for the
    //    area offices (unless the child was released towards this school: the transfer is to be accepted),
    //    and audited as lookups by national ID. A child active here in another year: promote first.
    const clashes = (
      await client.query<{
        row_no: string;
        identity: string;
        student_id: string;
        school_id: string;
        area_office_code: string;
        academic_year: number;
        released_here: boolean;
        importing_school_id: string;
        importing_school_code: string;
        importing_area_office_code: string;
      }>(
        `SELECT st.row_no, s.identity, s.id AS student_id, latest.school_id, latest.area_office_code, latest.academic_year,
                st.school_id AS importing_school_id, st.school_code AS importing_school_code,
                st.area_office_code AS importing_area_office_code,
                EXISTS (SELECT 1 FROM transfer t WHERE t.student_id = s.id AND t.status = 'RELEASED'
                           AND t.to_school_id = st.school_id) AS released_here
           FROM import_staging st
           JOIN student s ON s.identity = st.identity
           JOIN ${latestEnrollment('s.id', ['school_id', 'area_office_code', 'academic_year', 'status'])} ON true
          WHERE latest.school_id <> st.school_id OR (latest.status = 'ACTIVE' AND latest.academic_year <> $1)`,
        [academicYear],
      )
    ).rows;
    const elsewhere = clashes.filter((c) => c.school_id !== c.importing_school_id);
    for (const c of clashes) {
      const message =
        c.school_id === c.importing_school_id
          ? fillMessage(IMPORT_MESSAGES.activeHereOtherYear, { year: c.academic_year })
          : fillMessage(IMPORT_MESSAGES[c.released_here ? 'releasedHere' : 'belongsElsewhere']);
      // (These name the column by its key, as they always have; duplicates name the header.)
      errors.push({ row: Number(c.row_no), column: 'nationalId', ...message });
    }
    await this.repo.recordConflicts(
      m,
      elsewhere
        .filter((c) => !c.released_here)
        .map((c) => ({
          studentId: c.student_id,
          importingSchoolId: c.importing_school_id,
          importingSchoolCode: c.importing_school_code,
          importingAreaOfficeCode: c.importing_area_office_code,
          enrolledSchoolId: c.school_id,
          enrolledAreaOfficeCode: c.area_office_code,
        })),
    );
    // On the audit before the report leaves and before the import commits (fail closed).
    if (options.audit) {
      const audit = options.audit;
      await Promise.all(
        elsewhere.map((c) => audit.lookup('Student', identityLookupKey(c.identity), c.student_id)),
      );
    }
    if (clashes.length)
      await client.query(`DELETE FROM import_staging WHERE row_no = ANY($1::bigint[])`, [
        clashes.map((c) => c.row_no),
      ]);

    // 3. Students already registered (at this school, after step 2) and what differs for each.
    const existing = await client.query(
      `CREATE TEMP TABLE import_existing ON COMMIT DROP AS
       SELECT st.row_no, s.id AS student_id, e.id AS enrollment_id,
              (s.prefix, s.first_name_th, s.last_name_th, s.birth_date, s.gender, s.poverty, s.disability_type)
                IS DISTINCT FROM (st.prefix, st.first_name_th, st.last_name_th, st.birth_date, st.gender, st.poverty,
                                  st.disability_type) AS student_changed,
              e.id IS NULL OR (e.grade_level, e.classroom) IS DISTINCT FROM (st.grade, st.classroom) AS enrolment_changed
         FROM import_staging st
         JOIN student s ON s.identity = st.identity
         LEFT JOIN enrollment e ON e.student_id = s.id AND e.status = 'ACTIVE'`,
    );
    const [counts] = (
      await client.query<{ staged: number; changed: number; enrolment_changes: number }>(
        `SELECT (SELECT count(*) FROM import_staging)::int AS staged,
                count(*) FILTER (WHERE student_changed OR enrolment_changed)::int AS changed,
                count(*) FILTER (WHERE enrolment_changed)::int AS enrolment_changes
           FROM import_existing`,
      )
    ).rows;
    const fresh = counts!.staged - (existing.rowCount ?? 0);
    const { start, end } = academicYearRange(academicYear);
    const today = todayInBangkok();
    const startedOn = options.startedOn ?? (today >= start && today <= end ? today : start);
    if (fresh + counts!.enrolment_changes > 0) await this.dmc.assertNotFrozen(m, academicYear, startedOn);

    const returning = options.emitEvents
      ? 'RETURNING id, student_id, grade_level, school_id, school_code, area_office_code'
      : '';
    type Opened = {
      id: string;
      student_id: string;
      grade_level: GradeLevel;
      school_id: string;
      school_code: string;
      area_office_code: string;
    };
    const opened: Opened[] = [];
    // 4. Existing students and enrolments: write only what differs. Students whose own columns changed
    //    go on the partner change feed (StudentChanged UPDATED, set-based), enrolments moved to another
    //    grade or classroom on the enrolment feed (EnrollmentChanged IMPORTED) — only the rows changed.
    if (counts!.changed > 0) {
      const students = await client.query(
        `UPDATE student s SET prefix = st.prefix, first_name_th = st.first_name_th, last_name_th = st.last_name_th,
                birth_date = st.birth_date, gender = st.gender, poverty = st.poverty, disability_type = st.disability_type,
                version = s.version + 1, updated_at = now()
           FROM import_existing x JOIN import_staging st ON st.row_no = x.row_no
          WHERE s.id = x.student_id AND x.student_changed`,
      );
      const moved = await client.query<Opened>(
        `UPDATE enrollment e SET grade_level = st.grade, classroom = st.classroom
           FROM import_existing x JOIN import_staging st ON st.row_no = x.row_no
          WHERE e.id = x.enrollment_id AND x.enrolment_changed
          ${options.emitEvents ? 'RETURNING e.id, e.student_id, e.grade_level, e.school_id, e.school_code, e.area_office_code' : ''}`,
      );
      if (options.emitEvents) {
        opened.push(...moved.rows);
        if (students.rowCount)
          await enqueueStudentsUpdatedSql(
            client,
            `SELECT x.student_id FROM import_existing x WHERE x.student_changed`,
            options.correlationId,
          );
      }
    }
    const keysOfStudents = rowKeys();
    const keysOfEnrolments = rowKeys();
    const enrolmentColumns = `id, student_id, school_id, school_code, area_office_code, province_code, academic_year,
      grade_level, classroom, started_on`;
    // 5. A registered child of this school without an active enrolment (left, then back): a new one.
    if (counts!.enrolment_changes > 0) {
      const reopened = await client.query<Opened>(
        `INSERT INTO enrollment (${enrolmentColumns})
         SELECT ${keysOfEnrolments.sql('st.row_no')}, x.student_id, st.school_id, st.school_code, st.area_office_code,
                st.province_code, $1, st.grade, st.classroom, $2
           FROM import_existing x JOIN import_staging st ON st.row_no = x.row_no
          WHERE x.enrollment_id IS NULL ${returning}`,
        [academicYear, startedOn],
      );
      opened.push(...reopened.rows);
    }
    // 6. New students and their enrolments, keyed from the row numbers (time-ordered UUIDv7).
    let inserted = 0;
    if (fresh > 0) {
      const added = await client.query<Opened>(
        `WITH added AS (
           INSERT INTO student (id, national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, poverty,
                                disability_type, stateless)
           SELECT ${keysOfStudents.sql('st.row_no')}, national_id, g_code, prefix, first_name_th, last_name_th, birth_date,
                  gender, poverty, disability_type, national_id IS NULL
             FROM import_staging st
            WHERE NOT EXISTS (SELECT 1 FROM import_existing x WHERE x.row_no = st.row_no)
           ON CONFLICT (identity) DO NOTHING
           RETURNING id, identity)
         INSERT INTO enrollment (${enrolmentColumns})
         SELECT ${keysOfEnrolments.sql('st.row_no')}, a.id, st.school_id, st.school_code, st.area_office_code,
                st.province_code, $1, st.grade, st.classroom, $2
           FROM added a JOIN import_staging st ON st.identity = a.identity ${returning}`,
        [academicYear, startedOn],
      );
      inserted = added.rowCount ?? 0;
      opened.push(...added.rows);
    }
    if (options.emitEvents && opened.length) {
      await enqueueEvents(
        m,
        EnrollmentChanged,
        opened.map((e) => ({
          aggregateId: e.student_id,
          meta: options.correlationId ? { correlationId: options.correlationId } : {},
          payload: {
            enrollmentId: e.id,
            studentId: e.student_id,
            schoolId: e.school_id,
            schoolCode: e.school_code,
            areaOfficeCode: e.area_office_code,
            academicYear,
            gradeLevel: e.grade_level,
            status: 'ACTIVE' as const,
            change: 'IMPORTED' as const,
          },
        })),
      );
    }
    await client.query(`DROP TABLE import_existing`);
    return {
      inserted,
      updated: counts!.changed,
      unchanged: (existing.rowCount ?? 0) - counts!.changed,
      conflicts: clashes.length,
      errors,
    };
  }
}

/** The errors of a row the SQL validator refused (or whose school the directory does not know). */
export function rejectedRowErrors(
  r: { row_no: string | number; errors: string[] | null; school_code: string },
  headers: Readonly<Record<string, string>>,
): ImportRowError[] {
  const row = Number(r.row_no);
  if (!r.errors) {
    return [
      {
        row,
        column: headers.schoolCode ?? 'schoolCode',
        ...fillMessage(IMPORT_MESSAGES.unknownSchool, { value: r.school_code }),
      },
    ];
  }
  const out: ImportRowError[] = [];
  for (let i = 0; i + 2 < r.errors.length; i += 3) {
    out.push({ row, column: r.errors[i]!, messageEn: r.errors[i + 1]!, messageTh: r.errors[i + 2]! });
  }
  return out;
}
