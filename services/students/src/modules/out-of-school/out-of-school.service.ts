import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { badInput, forbidden, notFound } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { isUuid } from '@smss/db';
import { readTable, tableFormatOf, DEFAULT_TABLE_LIMITS, type TableLimits } from '@smss/files';
import { hiddenRecord } from '@smss/trust';
import { academicYearRange } from '@smss/thai';
import type { Page } from '@smss/service-kit';
import {
  compulsoryBirthRange,
  mapPopulationHeaders,
  POPULATION_MESSAGES,
  validatePopulationRow,
  type PopulationRow,
  type PopulationRowError,
} from './population.rows';

const MB = 1024 * 1024;

/**
 * Limits for an area's MOI population file: an area office has up to a few hundred thousand school-age
 * children (the benchmark uses 200,000 rows). Parsed in the `@smss/files` child process like every upload.
 */
export const POPULATION_FILE_LIMITS: Readonly<TableLimits> = Object.freeze({
  ...DEFAULT_TABLE_LIMITS,
  maxFileBytes: 60 * MB,
  maxInflatedBytes: 160 * MB,
  maxRows: 400_001,
  maxCells: 4_000_000,
  maxCellChars: 500,
  timeoutMs: 120_000,
  maxWorkerMemoryMb: 1024,
});

/** Row errors returned in one report (the count is always exact). */
export const MAX_REPORTED_ERRORS = 1000;

export type FollowUpStatus = 'FOUND_ENROLLED_ELSEWHERE' | 'MOVED' | 'OUT_OF_SCHOOL' | 'OTHER';
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = [
  'FOUND_ENROLLED_ELSEWHERE',
  'MOVED',
  'OUT_OF_SCHOOL',
  'OTHER',
];

export interface PopulationImportReport {
  importId: string;
  rowsRead: number;
  children: number;
  rejected: number;
  duplicates: number;
  missingBirthDate: number;
  errorCount: number;
  errors: PopulationRowError[];
}

export interface OutOfSchoolChildRow {
  id: string;
  areaOfficeCode: string;
  academicYear: number;
  nationalId: string;
  prefix: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  ageOnReferenceDate: number | null;
  districtCode: string;
  districtName: string | null;
  village: number | null;
}

export interface FollowUpRow {
  id: string;
  areaOfficeCode: string;
  academicYear: number;
  nationalId: string;
  status: FollowUpStatus;
  reason: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface OutOfSchoolGroupRow {
  districtCode: string;
  districtName: string | null;
  village: number | null;
  compulsoryAge: number;
  outOfSchool: number;
  ageUnknown: number;
}

/** The reference date of an academic year for the age rule: 16 May, the day the year starts. */
export const referenceDateOf = (academicYear: number): string => academicYearRange(academicYear).start;

const csv = (v: string | number | null) => (v == null ? '' : `"${String(v).replace(/"/g, '""')}"`);

async function* copyLines(rows: PopulationRow[]) {
  let batch = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    batch +=
      [
        r.row,
        r.nationalId,
        csv(r.prefix),
        csv(r.firstName),
        csv(r.lastName),
        r.birthDate ?? '',
        r.districtCode,
        csv(r.districtName),
        r.village ?? '',
      ].join(',') + '\n';
    if (i % 5000 === 4999) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

const childColumns = (
  referenceDate: string,
) => `p.id, p.area_office_code AS "areaOfficeCode", p.academic_year AS "academicYear", p.national_id AS "nationalId",
  p.prefix, p.first_name AS "firstName", p.last_name AS "lastName", to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate",
  date_part('year', age(${referenceDate}::date, p.birth_date))::int AS "ageOnReferenceDate",
  p.district_code AS "districtCode", p.district_name AS "districtName", p.village`;

const FOLLOW_UP_COLUMNS = `f.id, f.area_office_code AS "areaOfficeCode", f.academic_year AS "academicYear", f.national_id AS "nationalId",
  f.status, f.reason, f.note, f.recorded_by AS "recordedBy", f.recorded_at AS "recordedAt"`;

/**
 * The match, as SQL over `population_child p` (parameters $1 area, $2 year, $5 born after, $6 born on or
 * before): `enrolled` — the national ID has an enrolment in the academic year at ANY school of the
 * students database (any area; every status but DROPPED_OUT: a child who dropped out and has no other
 * enrolment that year is out of school); `compulsory` — of compulsory age on the reference date.
 */
const MATCHED = `
  SELECT p.*, (p.birth_date > $5::date AND p.birth_date <= $6::date) AS compulsory,
         EXISTS (SELECT 1 FROM student s JOIN enrollment e ON e.student_id = s.id
                  WHERE s.identity = p.national_id AND e.academic_year = $2 AND e.status <> 'DROPPED_OUT') AS enrolled
    FROM population_child p
   WHERE p.area_office_code = $1 AND p.academic_year = $2 AND ($3::text IS NULL OR p.district_code = $3)`;

/**
 * Out-of-school children: the MOI school-age population of an area (import), matched by national ID
 * against every enrolment of the students database, grouped and listed, with a follow-up history.
 * Personal data only for officers of the area and OBEC administrators.
 */
export class OutOfSchoolService {
  constructor(private readonly db: DataSource) {}

  /** Officers (and directors) of the area office, OBEC administrators; never schools, partners or analysts. */
  static maySeeChildren(viewer: MaybeViewer, areaOfficeCode: string): boolean {
    return (
      viewer.authenticated &&
      (viewer.role === 'obec-admin' || (viewer.level === 'AREA' && viewer.orgCode === areaOfficeCode))
    );
  }

  private assertMayHandle(viewer: MaybeViewer, areaOfficeCode: string): Viewer {
    const v = requireViewer(viewer);
    if (!OutOfSchoolService.maySeeChildren(v, areaOfficeCode))
      throw forbidden(
        'Only officers of the area office and OBEC administrators handle its school-age population and out-of-school children',
        'เฉพาะเจ้าหน้าที่ของเขตพื้นที่และผู้ดูแลระบบ สพฐ. เท่านั้นที่จัดการข้อมูลประชากรวัยเรียนและเด็กนอกระบบการศึกษาของเขตได้',
      );
    return v;
  }

  private static areaArg(code: string) {
    if (!/^\d{4}$/.test(code ?? ''))
      throw badInput('areaOfficeCode must be 4 digits', 'รหัสเขตพื้นที่ต้องเป็นตัวเลข 4 หลัก', [
        { field: 'areaOfficeCode', messageEn: '4 digits', messageTh: 'ตัวเลข 4 หลัก' },
      ]);
    return code;
  }

  private static yearArg(year: number) {
    if (!Number.isInteger(year) || year < 2500 || year > 2700)
      throw badInput('academicYear must be a B.E. year such as 2569', 'ปีการศึกษาต้องเป็นปี พ.ศ. เช่น 2569');
    return year;
  }

  /**
   * Import an area's population for an academic year. Rows are validated in code (bilingual row errors),
   * the valid ones COPYed into a temporary staging table and applied set-based in ONE transaction:
   * duplicates of a national ID collapse into one child (the first row with a birth date wins, else
   * the first row); the area's list for the year is replaced (children listed again keep their id;
   * follow-ups are kept by national ID).
   */
  async importPopulation(
    viewer: MaybeViewer,
    input: { areaOfficeCode: string; academicYear: number; fileName: string; content: Buffer },
    options: { onPhase?: (phase: string, seconds: number) => void } = {},
  ): Promise<PopulationImportReport> {
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      options.onPhase?.(name, (now - mark) / 1000);
      mark = now;
    };
    const area = OutOfSchoolService.areaArg(input.areaOfficeCode);
    const year = OutOfSchoolService.yearArg(input.academicYear);
    const actor = this.assertMayHandle(viewer, area);
    const [known] = await this.db.query(
      `SELECT 1 FROM directory_school_replica WHERE area_office_code = $1 LIMIT 1`,
      [area],
    );
    if (!known) throw notFound('Area office', 'เขตพื้นที่', area);
    const format = tableFormatOf(input.fileName ?? '');
    if (!format)
      throw badInput('Only .csv and .xlsx files can be imported', 'นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
    const table = await readTable(input.content, { format, limits: POPULATION_FILE_LIMITS });
    const [head, ...body] = table;
    if (!head) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
    phase('parse');
    const { positions, headers } = mapPopulationHeaders(head);
    const referenceDate = referenceDateOf(year);
    const errors: PopulationRowError[] = [];
    const valid: PopulationRow[] = [];
    let rowsRead = 0;
    let rejected = 0;
    body.forEach((cells, i) => {
      if (!cells.some((c) => String(c ?? '').trim() !== '')) return;
      rowsRead += 1;
      const r = validatePopulationRow(i + 2, cells, positions, headers, referenceDate);
      if (r.ok) valid.push(r.value);
      else {
        rejected += 1;
        errors.push(...r.errors);
      }
    });
    phase('validate');
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    try {
      // One import of an area and year at a time (a second waits, then replaces the first's list).
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('population:' || $1 || ':' || $2))`, [
        area,
        year,
      ]);
      await client.query(`CREATE TEMP TABLE population_staging (
          row_no int NOT NULL, national_id text COLLATE "C" NOT NULL, prefix text, first_name text NOT NULL,
          last_name text NOT NULL, birth_date date, district_code text COLLATE "C" NOT NULL, district_name text, village int
        ) ON COMMIT DROP`);
      await pipeline(
        Readable.from(copyLines(valid)),
        client.query(
          copyFrom(
            `COPY population_staging (row_no, national_id, prefix, first_name, last_name, birth_date, district_code, district_name, village) FROM STDIN WITH (FORMAT csv)`,
          ),
        ),
      );
      phase('copy');
      const dups = await client.query<{ row_no: number; kept: number }>(
        `SELECT row_no, kept FROM (
           SELECT row_no, first_value(row_no) OVER (PARTITION BY national_id ORDER BY (birth_date IS NULL), row_no) AS kept
             FROM population_staging) d
          WHERE row_no <> kept ORDER BY row_no`,
      );
      for (const d of dups.rows)
        errors.push({
          row: d.row_no,
          column: headers.nationalId ?? 'nationalId',
          messageEn: POPULATION_MESSAGES.duplicate.en(d.kept),
          messageTh: POPULATION_MESSAGES.duplicate.th(d.kept),
        });
      phase('duplicates');
      const {
        rows: [imp],
      } = await client.query<{ id: string }>(
        `INSERT INTO population_import (area_office_code, academic_year, file_name, rows_read, children, rejected, duplicates, imported_by)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7) RETURNING id`,
        [area, year, input.fileName.slice(0, 200), rowsRead, rejected, dups.rowCount ?? 0, actor.subject],
      );
      // One row per national ID, in key order (the unique index is then filled left to right).
      await client.query(
        `CREATE TEMP TABLE population_kept ON COMMIT DROP AS
           SELECT DISTINCT ON (national_id) * FROM population_staging ORDER BY national_id, (birth_date IS NULL), row_no`,
      );
      // Statistics for the joins below (a temporary table has none: the planner would loop).
      await client.query(`ANALYZE population_kept`);
      const applied = await client.query<{ children: number; missing: number }>(
        `SELECT count(*)::int AS children, count(*) FILTER (WHERE birth_date IS NULL)::int AS missing FROM population_kept`,
      );
      // Children listed again keep their row (and id), rewritten only where a value differs (`import_id`:
      // the import that last changed the row); new ones are inserted; the rest are deleted below.
      await client.query(
        `UPDATE population_child c SET prefix = k.prefix, first_name = k.first_name, last_name = k.last_name,
                birth_date = k.birth_date, district_code = k.district_code, district_name = k.district_name,
                village = k.village, import_id = $3, row_no = k.row_no
           FROM population_kept k
          WHERE c.area_office_code = $1 AND c.academic_year = $2 AND c.national_id = k.national_id
            AND (c.prefix, c.first_name, c.last_name, c.birth_date, c.district_code, c.district_name, c.village, c.row_no)
                IS DISTINCT FROM (k.prefix, k.first_name, k.last_name, k.birth_date, k.district_code, k.district_name,
                                  k.village, k.row_no)`,
        [area, year, imp!.id],
      );
      await client.query(
        `INSERT INTO population_child (area_office_code, academic_year, national_id, prefix, first_name, last_name,
                birth_date, district_code, district_name, village, import_id, row_no)
         SELECT $1, $2, k.national_id, k.prefix, k.first_name, k.last_name, k.birth_date, k.district_code, k.district_name,
                k.village, $3, k.row_no
           FROM population_kept k
          WHERE NOT EXISTS (SELECT 1 FROM population_child c
                             WHERE c.area_office_code = $1 AND c.academic_year = $2 AND c.national_id = k.national_id)
          ORDER BY k.national_id`,
        [area, year, imp!.id],
      );
      phase('apply');
      await client.query(
        `DELETE FROM population_child c WHERE c.area_office_code = $1 AND c.academic_year = $2
            AND NOT EXISTS (SELECT 1 FROM population_kept k WHERE k.national_id = c.national_id)`,
        [area, year],
      );
      const { children, missing } = applied.rows[0]!;
      await client.query(`UPDATE population_import SET children = $2 WHERE id = $1`, [imp!.id, children]);
      await runner.commitTransaction();
      phase('replace and commit');
      errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
      return {
        importId: imp!.id,
        rowsRead,
        children,
        rejected,
        duplicates: dups.rowCount ?? 0,
        missingBirthDate: missing,
        errorCount: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
      };
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private params(area: string, year: number, districtCode: string | null | undefined) {
    const referenceDate = referenceDateOf(year);
    const { bornAfter, bornOnOrBefore } = compulsoryBirthRange(referenceDate);
    if (districtCode != null && !/^\d{4}$/.test(districtCode))
      throw badInput('districtCode must be 4 digits', 'รหัสอำเภอต้องเป็นตัวเลข 4 หลัก');
    return {
      referenceDate,
      values: [area, year, districtCode ?? null, referenceDate, bornAfter, bornOnOrBefore],
    };
  }

  /** Counts by district and village (aggregate): compulsory age, out of school, age unknown and not enrolled. */
  async groups(
    areaOfficeCode: string,
    academicYear: number,
    districtCode?: string | null,
  ): Promise<OutOfSchoolGroupRow[]> {
    const area = OutOfSchoolService.areaArg(areaOfficeCode);
    const year = OutOfSchoolService.yearArg(academicYear);
    const { values } = this.params(area, year, districtCode);
    return this.db.query(
      `SELECT district_code AS "districtCode", max(district_name) AS "districtName", village,
              count(*) FILTER (WHERE compulsory)::int AS "compulsoryAge",
              count(*) FILTER (WHERE compulsory AND NOT enrolled)::int AS "outOfSchool",
              count(*) FILTER (WHERE birth_date IS NULL AND NOT enrolled)::int AS "ageUnknown"
         FROM (${MATCHED}) m WHERE $4::date IS NOT NULL
        GROUP BY district_code, village ORDER BY district_code, village NULLS LAST`,
      values,
    );
  }

  /** A page of out-of-school children (compulsory age, enrolled nowhere in the year), by district, village, ID. */
  async children(
    viewer: MaybeViewer,
    areaOfficeCode: string,
    academicYear: number,
    districtCode: string | null | undefined,
    page: Page,
  ): Promise<{ rows: OutOfSchoolChildRow[]; total: number; referenceDate: string }> {
    const area = OutOfSchoolService.areaArg(areaOfficeCode);
    const year = OutOfSchoolService.yearArg(academicYear);
    this.assertMayHandle(viewer, area);
    const { values, referenceDate } = this.params(area, year, districtCode);
    const rows: Array<OutOfSchoolChildRow & { total: number }> = await this.db.query(
      `SELECT ${childColumns('$4')}, count(*) OVER ()::int AS total
         FROM (${MATCHED}) p
        WHERE p.compulsory AND NOT p.enrolled
        ORDER BY p.district_code, p.village NULLS LAST, p.national_id
        LIMIT $7 OFFSET $8`,
      [...values, page.limit, page.offset],
    );
    let total = rows[0]?.total ?? 0;
    if (!rows.length && page.offset > 0) {
      const [c] = await this.db.query(
        `SELECT count(*)::int AS n FROM (${MATCHED}) p WHERE p.compulsory AND NOT p.enrolled AND $4::date IS NOT NULL`,
        values,
      );
      total = c.n;
    }
    return { rows: rows.map(({ total: _t, ...r }) => r), total, referenceDate };
  }

  /** Follow-ups of many children, oldest first (keys: `area|year|nationalId`). */
  async followUpsOf(keys: readonly string[]): Promise<FollowUpRow[]> {
    if (!keys.length) return [];
    const parts = keys.map((k) => k.split('|'));
    return this.db.query(
      `SELECT ${FOLLOW_UP_COLUMNS} FROM out_of_school_follow_up f
         JOIN unnest($1::text[], $2::int[], $3::text[]) AS k(area, year, nid)
           ON f.area_office_code = k.area AND f.academic_year = k.year AND f.national_id = k.nid
        ORDER BY f.recorded_at, f.id`,
      [parts.map((p) => p[0]), parts.map((p) => Number(p[1])), parts.map((p) => p[2])],
    );
  }

  /**
   * Record the follow-up of a listed child (history kept: every call adds a row). OUT_OF_SCHOOL needs a
   * reason. Unknown children and those of another area answer the same NOT_FOUND.
   */
  async recordFollowUp(
    viewer: MaybeViewer,
    input: { childId: string; status: FollowUpStatus; reason?: string | null; note?: string | null },
  ): Promise<OutOfSchoolChildRow> {
    const actor = requireViewer(viewer);
    if (!FOLLOW_UP_STATUSES.includes(input.status))
      throw badInput(`Unknown follow-up status ${input.status}`, `ไม่รู้จักสถานะการติดตาม ${input.status}`);
    const reason = (input.reason ?? '').trim() || null;
    const note = (input.note ?? '').trim() || null;
    if (input.status === 'OUT_OF_SCHOOL' && !reason)
      throw badInput('A child found out of school needs a reason', 'กรณีเด็กอยู่นอกระบบการศึกษาต้องระบุเหตุผล', [
        {
          field: 'reason',
          messageEn: 'required for OUT_OF_SCHOOL',
          messageTh: 'ต้องระบุเมื่อสถานะเป็นเด็กนอกระบบ',
        },
      ]);
    if ((reason?.length ?? 0) > 500 || (note?.length ?? 0) > 2000)
      throw badInput(
        'reason is limited to 500 characters and note to 2,000',
        'เหตุผลยาวได้ไม่เกิน 500 ตัวอักษร และหมายเหตุไม่เกิน 2,000 ตัวอักษร',
      );
    return this.db.transaction(async (m) => {
      const [child]: Array<{ areaOfficeCode: string; academicYear: number }> = isUuid(input.childId)
        ? await m.query(
            `SELECT area_office_code AS "areaOfficeCode", academic_year AS "academicYear" FROM population_child WHERE id = $1`,
            [input.childId],
          )
        : [];
      if (!child || !OutOfSchoolService.maySeeChildren(actor, child.areaOfficeCode)) throw hiddenRecord();
      await m.query(
        `INSERT INTO out_of_school_follow_up (area_office_code, academic_year, national_id, status, reason, note, recorded_by)
         SELECT area_office_code, academic_year, national_id, $2, $3, $4, $5 FROM population_child WHERE id = $1`,
        [input.childId, input.status, reason, note, actor.subject],
      );
      const [row] = await m.query(`SELECT ${childColumns('$2')} FROM population_child p WHERE p.id = $1`, [
        input.childId,
        referenceDateOf(child.academicYear),
      ]);
      return row;
    });
  }
}
