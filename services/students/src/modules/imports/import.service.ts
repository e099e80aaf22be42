import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { academicYearRange } from '@smss/thai';
import { returnedRows } from '@smss/db';
import { badInput } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { EnrollmentChanged, enqueueEvents, type GradeLevel } from '@smss/events';
import { assertCanWriteSchool } from '../registry/access';
import type { StudentService } from '../registry/student.service';
import type { DmcService } from '../dmc/dmc.service';
import type { SchoolPlacement } from '../registry/student.types';
import { todayInBangkok } from '../registry/student.validation';
import { parseStudentFile } from './import.parser';
import { validateImportRow, type ImportRowError, type StudentImportRow } from './import.rows';

export interface ImportReport {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  errors: ImportRowError[];
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const csvField = (v: string | null) => (v == null ? '' : `"${v.replace(/"/g, '""')}"`);

/** Rows in COPY CSV form (NULL = empty unquoted field). */
async function* copyLines(
  rows:
    | Iterable<StudentImportRow & { schoolCode?: string }>
    | AsyncIterable<StudentImportRow & { schoolCode?: string }>,
): AsyncGenerator<string> {
  let batch = '';
  let n = 0;
  for await (const r of rows) {
    batch +=
      [
        r.row,
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
        r.schoolCode ?? '',
      ].join(',') + '\n';
    if (++n % 2000 === 0) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/**
 * Student list imports. Rows are validated in code; the valid ones are COPYed into a temporary
 * staging table and applied with a few set-based statements in ONE transaction: either every valid
 * row lands or none does. Re-importing the same file changes nothing (upserts only write when a
 * value differs). The same path serves uploads and the national bulk loader.
 */
export class ImportService {
  constructor(
    private readonly db: DataSource,
    private readonly students: StudentService,
    private readonly dmc: DmcService,
  ) {}

  async importFile(
    viewer: MaybeViewer,
    input: { schoolCode: string; academicYear: number; fileName: string; content: Buffer },
    correlationId?: string,
  ): Promise<ImportReport> {
    requireViewer(viewer);
    if (input.content.length > MAX_UPLOAD_BYTES) {
      throw badInput(
        `Files are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; use the bulk loader`,
        'ไฟล์ใหญ่เกิน 20 MB กรุณาใช้เครื่องมือนำเข้าข้อมูลจำนวนมาก',
      );
    }
    const placement = await this.students.placement(input.schoolCode);
    assertCanWriteSchool(viewer, placement);
    const parsed = await parseStudentFile(input.fileName, input.content);
    const errors: ImportRowError[] = [];
    const valid: StudentImportRow[] = [];
    const firstRowOf = new Map<string, number>();
    for (const { row, values } of parsed.rows) {
      const result = validateImportRow(row, values, parsed.headers);
      if (!result.ok) {
        errors.push(...result.errors);
        continue;
      }
      const identity = result.value.nationalId ?? result.value.gCode!;
      const first = firstRowOf.get(identity);
      if (first !== undefined) {
        errors.push({
          row,
          column: parsed.headers.nationalId!,
          messageEn: `duplicate of row ${first}`,
          messageTh: `ซ้ำกับแถวที่ ${first}`,
        });
        continue;
      }
      firstRowOf.set(identity, row);
      valid.push(result.value);
    }
    const applied = await this.apply(placement, input.academicYear, valid, {
      emitEvents: true,
      correlationId,
    });
    errors.push(...applied.errors);
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return {
      rowsRead: parsed.rows.length,
      inserted: applied.inserted,
      updated: applied.updated,
      unchanged: valid.length - applied.inserted - applied.updated - applied.conflicts,
      conflicts: applied.conflicts,
      errors,
    };
  }

  /** Apply validated rows for one school and year in one transaction (also used by the bulk loader). */
  async apply(
    placement: SchoolPlacement | null,
    academicYear: number,
    rows:
      | Iterable<StudentImportRow & { schoolCode?: string }>
      | AsyncIterable<StudentImportRow & { schoolCode?: string }>,
    options: { emitEvents: boolean; correlationId?: string; startedOn?: string },
  ): Promise<{ inserted: number; updated: number; conflicts: number; errors: ImportRowError[] }> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      const m = runner.manager;
      await m.query(`
        CREATE TEMP TABLE import_staging (
          row_no int, national_id text, g_code text, prefix text, first_name_th text, last_name_th text,
          birth_date date, gender text, grade text, classroom text, poverty text, disability_type text,
          school_code text, school_id uuid, area_office_code text, province_code text, student_id uuid
        ) ON COMMIT DROP`);
      await pipeline(
        Readable.from(copyLines(rows)),
        client.query(
          copyFrom(`COPY import_staging (row_no, national_id, g_code, prefix, first_name_th, last_name_th, birth_date,
                      gender, grade, classroom, poverty, disability_type, school_code) FROM STDIN WITH (FORMAT csv)`),
        ),
      );
      // Place every row: the upload's school, or (bulk) each row's school code through the replica.
      if (placement) {
        await m.query(
          `UPDATE import_staging SET school_code = $1, school_id = $2, area_office_code = $3, province_code = $4`,
          [placement.schoolCode, placement.schoolId, placement.areaOfficeCode, placement.provinceCode],
        );
      } else {
        await m.query(
          `UPDATE import_staging st SET school_id = r.school_id, area_office_code = r.area_office_code, province_code = r.province_code
             FROM directory_school_replica r WHERE r.obec_code = st.school_code`,
        );
      }
      await m.query(`ANALYZE import_staging`);
      const result = await this.applyStaged(m, academicYear, options);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async applyStaged(
    m: EntityManager,
    academicYear: number,
    options: { emitEvents: boolean; correlationId?: string; startedOn?: string },
  ) {
    const unplaced = returnedRows<{ row_no: number; school_code: string }>(
      await m.query(`DELETE FROM import_staging WHERE school_id IS NULL RETURNING row_no, school_code`),
    );
    // 1. Rows whose student is actively enrolled elsewhere (or here in another year): report, record, skip.
    const clashes: Array<{
      row_no: number;
      student_id: string;
      school_id: string;
      school_code: string;
      area_office_code: string;
      academic_year: number;
      importing_school_id: string;
      importing_area_office_code: string;
    }> = await m.query(
      `SELECT st.row_no, s.id AS student_id, e.school_id, e.school_code, e.area_office_code, e.academic_year,
              st.school_id AS importing_school_id, st.area_office_code AS importing_area_office_code
         FROM import_staging st
         JOIN student s ON s.identity = coalesce(st.national_id, st.g_code)
         JOIN enrollment e ON e.student_id = s.id AND e.status = 'ACTIVE'
        WHERE e.school_id <> st.school_id OR e.academic_year <> $1`,
      [academicYear],
    );
    const errors: ImportRowError[] = unplaced.map((u) => ({
      row: u.row_no,
      column: 'schoolCode',
      messageEn: `unknown school ${u.school_code}`,
      messageTh: `ไม่พบโรงเรียน ${u.school_code}`,
    }));
    errors.push(
      ...clashes.map((c): ImportRowError =>
        c.school_id !== c.importing_school_id
          ? {
              row: c.row_no,
              column: 'nationalId',
              messageEn: `already actively enrolled at school ${c.school_code}; that school must release the student first`,
              messageTh: `นักเรียนมีสถานะกำลังเรียนที่โรงเรียน ${c.school_code} ต้องให้โรงเรียนนั้นจำหน่ายออกก่อน`,
            }
          : {
              row: c.row_no,
              column: 'nationalId',
              messageEn: `actively enrolled here in academic year ${c.academic_year}; promote the school first`,
              messageTh: `นักเรียนกำลังเรียนที่โรงเรียนนี้ในปีการศึกษา ${c.academic_year} กรุณาเลื่อนชั้นก่อน`,
            },
      ),
    );
    const elsewhere = clashes.filter((c) => c.school_id !== c.importing_school_id);
    if (elsewhere.length) {
      await m.query(
        `INSERT INTO enrollment_conflict (student_id, importing_school_id, importing_area_office_code, enrolled_school_id, enrolled_area_office_code)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[]) ON CONFLICT DO NOTHING`,
        [
          elsewhere.map((c) => c.student_id),
          elsewhere.map((c) => c.importing_school_id),
          elsewhere.map((c) => c.importing_area_office_code),
          elsewhere.map((c) => c.school_id),
          elsewhere.map((c) => c.area_office_code),
        ],
      );
    }
    if (clashes.length)
      await m.query(`DELETE FROM import_staging WHERE row_no = ANY($1::int[])`, [
        clashes.map((c) => c.row_no),
      ]);

    // 2. Students: insert new ones, update only where a value differs (a re-import writes nothing).
    const upserted: Array<{ id: string; inserted: boolean }> = await m.query(
      `INSERT INTO student AS s (national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, poverty,
                                 disability_type, stateless)
       SELECT national_id, g_code, prefix, first_name_th, last_name_th, birth_date, gender, poverty, disability_type,
              national_id IS NULL
         FROM import_staging
       ON CONFLICT (identity) DO UPDATE SET
         prefix = EXCLUDED.prefix, first_name_th = EXCLUDED.first_name_th, last_name_th = EXCLUDED.last_name_th,
         birth_date = EXCLUDED.birth_date, gender = EXCLUDED.gender, poverty = EXCLUDED.poverty,
         disability_type = EXCLUDED.disability_type, version = s.version + 1, updated_at = now()
       WHERE (s.prefix, s.first_name_th, s.last_name_th, s.birth_date, s.gender, s.poverty, s.disability_type)
             IS DISTINCT FROM (EXCLUDED.prefix, EXCLUDED.first_name_th, EXCLUDED.last_name_th, EXCLUDED.birth_date,
                               EXCLUDED.gender, EXCLUDED.poverty, EXCLUDED.disability_type)
       RETURNING s.id, (xmax = 0) AS inserted`,
    );
    await m.query(
      `UPDATE import_staging st SET student_id = s.id FROM student s WHERE s.identity = coalesce(st.national_id, st.g_code)`,
    );

    // 3. Enrolments at this school and year: move grade/classroom where they differ, open missing ones.
    const pending: Array<{ changes: number }> = await m.query(
      `SELECT count(*)::int AS changes FROM import_staging st
         LEFT JOIN enrollment e ON e.student_id = st.student_id AND e.status = 'ACTIVE'
        WHERE e.id IS NULL OR (e.grade_level, e.classroom) IS DISTINCT FROM (st.grade, st.classroom)`,
    );
    const { start, end } = academicYearRange(academicYear);
    const today = todayInBangkok();
    const startedOn = options.startedOn ?? (today >= start && today <= end ? today : start);
    if (pending[0]!.changes > 0) await this.dmc.assertNotFrozen(m, academicYear, startedOn);
    const moved: Array<{ student_id: string }> = await m
      .query(
        `UPDATE enrollment e SET grade_level = st.grade, classroom = st.classroom
         FROM import_staging st
        WHERE e.student_id = st.student_id AND e.status = 'ACTIVE' AND e.school_id = st.school_id AND e.academic_year = $1
          AND (e.grade_level, e.classroom) IS DISTINCT FROM (st.grade, st.classroom)
        RETURNING e.student_id`,
        [academicYear],
      )
      .then((r) => returnedRows<{ student_id: string }>(r));
    const opened: Array<{
      id: string;
      student_id: string;
      grade_level: GradeLevel;
      school_id: string;
      school_code: string;
      area_office_code: string;
    }> = await m.query(
      `INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on)
         SELECT st.student_id, st.school_id, st.school_code, st.area_office_code, st.province_code, $1, st.grade, st.classroom, $2
           FROM import_staging st
          WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = st.student_id AND e.status = 'ACTIVE')
         RETURNING id, student_id, grade_level, school_id, school_code, area_office_code`,
      [academicYear, startedOn],
    );
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
    const inserted = new Set(upserted.filter((u) => u.inserted).map((u) => u.id));
    const touched = new Set([
      ...upserted.filter((u) => !u.inserted).map((u) => u.id),
      ...moved.map((x) => x.student_id),
      ...opened.map((x) => x.student_id),
    ]);
    for (const id of inserted) touched.delete(id);
    return {
      inserted: inserted.size,
      updated: touched.size,
      conflicts: clashes.length + unplaced.length,
      errors,
    };
  }
}
