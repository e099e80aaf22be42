import type { DataSource, EntityManager } from 'typeorm';
import { badInput, type FieldProblem } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { hiddenRecord } from '@smss/trust';
import {
  academicYearRange,
  isValidGCode,
  isPlausibleIsoDate,
  todayInBangkok,
  validateNationalId,
} from '@smss/thai';
import { assertCanWriteSchool } from '../registry/access';
import { identityLookupKey } from '../registry/ownership';
import type { LookupAudit, StudentService } from '../registry/student.service';
import { academicYearArg, fillMessage, type MessageTemplate } from '../registry/student.validation';
import { parseBirthDate } from '../imports/import.rows';
import { assessNutrition, GROWTH_REFERENCE } from './growth-reference';
import { canWriteStudent, lockOwnedStudents, type OwnedStudent } from '../common/owned-students';
import { readKeyedTable, type ColumnSpecs } from '@smss/files';
import { parseDecimal, type RowError } from '../common/table-file';
import { publishNutrition, type SchoolTerm } from './nutrition.events';

/** Accepted ranges (the issue's): a value outside is a typing error, not a child. */
export const MEASUREMENT_LIMITS = {
  weightKg: { min: 5, max: 200, decimals: 2 },
  heightCm: { min: 50, max: 220, decimals: 1 },
} as const;

export const HEALTH_MESSAGES = {
  weightRange: {
    en: 'weight must be 5–200 kg, at most 2 decimals',
    th: 'น้ำหนักต้องอยู่ระหว่าง 5–200 กก. ทศนิยมไม่เกิน 2 ตำแหน่ง',
  },
  heightRange: {
    en: 'height must be 50–220 cm, at most 1 decimal',
    th: 'ส่วนสูงต้องอยู่ระหว่าง 50–220 ซม. ทศนิยมไม่เกิน 1 ตำแหน่ง',
  },
  notANumber: { en: '"{value}" is not a number', th: '"{value}" ไม่ใช่ตัวเลข' },
  notADate: {
    en: '"{value}" is not a date (YYYY-MM-DD or dd/mm/yyyy B.E.)',
    th: '"{value}" ไม่ใช่วันที่ (ใช้ วว/ดด/ปปปป พ.ศ.)',
  },
  future: { en: 'the measurement date is in the future', th: 'วันที่ชั่ง/วัดเป็นวันในอนาคต' },
  outsideYear: {
    en: 'the measurement date is outside academic year {year} ({start} – {end})',
    th: 'วันที่ชั่ง/วัดไม่อยู่ในปีการศึกษา {year} ({start} ถึง {end})',
  },
  beforeBirth: { en: 'the measurement date is before the birth date', th: 'วันที่ชั่ง/วัดอยู่ก่อนวันเกิด' },
  term: { en: 'term must be 1 or 2', th: 'ภาคเรียนต้องเป็น 1 หรือ 2' },
  identity: {
    en: 'a 13-digit national ID or a G-code is required',
    th: 'ต้องระบุเลขประจำตัวประชาชน 13 หลักหรือรหัส G',
  },
  notOurStudent: {
    en: 'not a student of this school (unknown, or enrolled elsewhere)',
    th: 'ไม่ใช่นักเรียนของโรงเรียนนี้ (ไม่พบ หรือเป็นนักเรียนของที่อื่น)',
  },
  duplicate: { en: 'duplicate of row {row}', th: 'ซ้ำกับแถวที่ {row}' },
} as const satisfies Record<string, MessageTemplate>;

/** School Health Hero-style columns, Thai or English headers. */
export const HEALTH_COLUMNS = {
  nationalId: {
    aliases: [
      'เลขประจำตัวประชาชน',
      'เลขบัตรประชาชน',
      'เลขประจำตัว',
      'รหัสg',
      'national_id',
      'citizen_id',
      'g_code',
    ],
    required: true,
    numeric: true,
  },
  // Not `numeric`: a bad cell is quoted as written; parseDecimal reads Thai digits.
  weightKg: { aliases: ['น้ำหนัก (กก.)', 'น้ำหนัก', 'น้ำหนัก(กิโลกรัม)', 'weight_kg', 'weight'], required: true },
  heightCm: { aliases: ['ส่วนสูง (ซม.)', 'ส่วนสูง', 'ส่วนสูง(เซนติเมตร)', 'height_cm', 'height'], required: true },
  measuredOn: {
    aliases: ['วันที่ชั่ง/วัด', 'วันที่ชั่งวัด', 'วันที่วัด', 'วันที่ชั่ง', 'measured_on', 'date'],
    required: true,
  },
} as const satisfies ColumnSpecs<string>;
type HealthColumn = keyof typeof HEALTH_COLUMNS;

export interface MeasurementInput {
  studentId: string;
  academicYear: number;
  term: number;
  measuredOn: string;
  weightKg: number;
  heightCm: number;
}

/** A stored current measurement, with what was computed from it. */
export interface MeasurementRow {
  id: string;
  studentId: string;
  academicYear: number;
  term: number;
  measuredOn: string;
  weightKg: string;
  heightCm: string;
  ageMonths: string;
  weightForAgeZ: string | null;
  heightForAgeZ: string | null;
  bmiForAgeZ: string | null;
  weightForAge: string | null;
  heightForAge: string | null;
  weightForHeight: string | null;
  reference: string;
  recordedAt: Date;
}

export interface NutritionCounts {
  key: string;
  measured: number;
  assessedWeightForHeight: number;
  assessedHeightForAge: number;
  thin: number;
  somewhatThin: number;
  short: number;
  plump: number;
  overweight: number;
  obese: number;
}

export interface HealthImportReport {
  rowsRead: number;
  recorded: number;
  replaced: number;
  unchanged: number;
  errors: RowError[];
}

/** What is checked of one measurement; `field` names are the input's (the importer maps them to headers). */
export function measurementProblems(
  m: {
    academicYear: number;
    term: number;
    measuredOn: string | null;
    weightKg: number | null;
    heightCm: number | null;
  },
  decimals: { weightKg?: number; heightCm?: number } = {},
  today = todayInBangkok(),
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const say = (field: string, t: MessageTemplate, v: Record<string, string | number> = {}) =>
    problems.push({ field, ...fillMessage(t, v) });
  const w = MEASUREMENT_LIMITS.weightKg;
  const h = MEASUREMENT_LIMITS.heightCm;
  if (
    m.weightKg == null ||
    !(m.weightKg >= w.min && m.weightKg <= w.max) ||
    (decimals.weightKg ?? decimalsOf(m.weightKg)) > w.decimals
  )
    say('weightKg', HEALTH_MESSAGES.weightRange);
  if (
    m.heightCm == null ||
    !(m.heightCm >= h.min && m.heightCm <= h.max) ||
    (decimals.heightCm ?? decimalsOf(m.heightCm)) > h.decimals
  )
    say('heightCm', HEALTH_MESSAGES.heightRange);
  if (m.term !== 1 && m.term !== 2) say('term', HEALTH_MESSAGES.term);
  if (m.measuredOn != null) {
    if (!isPlausibleIsoDate(m.measuredOn))
      say('measuredOn', HEALTH_MESSAGES.notADate, { value: m.measuredOn });
    else if (m.measuredOn > today) say('measuredOn', HEALTH_MESSAGES.future);
    else {
      const { start, end } = academicYearRange(m.academicYear);
      if (m.measuredOn < start || m.measuredOn > end)
        say('measuredOn', HEALTH_MESSAGES.outsideYear, { year: m.academicYear, start, end });
    }
  }
  return problems;
}

const decimalsOf = (n: number): number => {
  const s = String(n);
  return s.includes('e') ? 99 : s.includes('.') ? s.split('.')[1]!.length : 0;
};

interface ToWrite {
  studentId: string;
  measuredOn: string;
  weightKg: number;
  heightCm: number;
  student: OwnedStudent;
}

/**
 * Weight and height per student per term, and the nutrition status computed from them on the shipped
 * growth reference (`growth-reference.ts`). One current row per student and term; re-recording different
 * values keeps the earlier row as history (superseded_at / superseded_by), the same values change nothing.
 */
export class HealthService {
  constructor(
    private readonly db: DataSource,
    private readonly students: StudentService,
  ) {}

  /** Record one measurement; answers the student's id. Unknown and not-yours are the same NOT_FOUND. */
  async record(viewer: MaybeViewer, input: MeasurementInput): Promise<string> {
    const actor = requireViewer(viewer);
    academicYearArg(input.academicYear);
    const problems = measurementProblems(input);
    if (problems.length)
      throw badInput(
        problems.map((p) => p.messageEn).join('; '),
        problems.map((p) => p.messageTh).join('; '),
        problems,
      );
    return this.db.transaction(async (m) => {
      const [student] = await lockOwnedStudents(m, 'id', [input.studentId]);
      if (!student || !canWriteStudent(actor, student)) throw hiddenRecord();
      if (input.measuredOn < student.birthDate) {
        const p = { field: 'measuredOn', ...fillMessage(HEALTH_MESSAGES.beforeBirth) };
        throw badInput(p.messageEn, p.messageTh, [p]);
      }
      await this.write(m, input.academicYear, input.term, [{ ...input, student }], actor.subject, 'RECORDED');
      return student.id;
    });
  }

  /**
   * Record a classroom's measurements at once (all or nothing): every entry is checked first (problems
   * named `measurements[i].field`); any student unknown or not the viewer's to change makes the whole call
   * the same NOT_FOUND, naming none. One transaction, written set-based like an import.
   */
  async recordMany(
    viewer: MaybeViewer,
    input: {
      academicYear: number;
      term: number;
      measurements: Array<Omit<MeasurementInput, 'academicYear' | 'term'>>;
    },
  ): Promise<{ recorded: number; replaced: number; unchanged: number }> {
    const actor = requireViewer(viewer);
    academicYearArg(input.academicYear);
    const problems: FieldProblem[] = [];
    if (!input.measurements.length || input.measurements.length > 500)
      problems.push({
        field: 'measurements',
        messageEn: 'give 1–500 measurements',
        messageTh: 'ต้องระบุข้อมูล 1–500 รายการ',
      });
    const seen = new Map<string, number>();
    input.measurements.forEach((x, i) => {
      for (const p of measurementProblems({ ...x, academicYear: input.academicYear, term: input.term }))
        problems.push({ ...p, field: p.field === 'term' ? 'term' : `measurements[${i}].${p.field}` });
      const first = seen.get(x.studentId);
      if (first !== undefined)
        problems.push({
          field: `measurements[${i}].studentId`,
          ...fillMessage(HEALTH_MESSAGES.duplicate, { row: first }),
        });
      else seen.set(x.studentId, i);
    });
    const unique = [...new Map(problems.map((p) => [`${p.field}|${p.messageEn}`, p])).values()];
    if (unique.length)
      throw badInput(
        unique.map((p) => p.messageEn).join('; '),
        unique.map((p) => p.messageTh).join('; '),
        unique,
      );
    return this.db.transaction(async (m) => {
      const found = new Map((await lockOwnedStudents(m, 'id', [...seen.keys()])).map((st) => [st.id, st]));
      const rows: ToWrite[] = [];
      for (const [i, x] of input.measurements.entries()) {
        const student = found.get(x.studentId);
        if (!student || !canWriteStudent(actor, student)) throw hiddenRecord();
        if (x.measuredOn < student.birthDate) {
          const p = { field: `measurements[${i}].measuredOn`, ...fillMessage(HEALTH_MESSAGES.beforeBirth) };
          throw badInput(p.messageEn, p.messageTh, [p]);
        }
        rows.push({ ...x, student });
      }
      return this.write(m, input.academicYear, input.term, rows, actor.subject, 'RECORDED');
    });
  }

  /**
   * A School Health Hero-style file for one school and term: each row validated (bilingual row errors with
   * the column header), rows naming a child who is not this school's answered alike whether the child is
   * unknown or elsewhere (no oracle; audited as a lookup), valid rows written in ONE transaction.
   */
  async importFile(
    viewer: MaybeViewer,
    input: {
      schoolCode: string;
      academicYear: number;
      term: number;
      fileName: string;
      contentBase64: string;
    },
    audit?: LookupAudit,
    source: 'IMPORTED' | 'DEMO' = 'IMPORTED',
  ): Promise<HealthImportReport> {
    const actor = requireViewer(viewer);
    academicYearArg(input.academicYear);
    if (input.term !== 1 && input.term !== 2) throw badInput('term must be 1 or 2', 'ภาคเรียนต้องเป็น 1 หรือ 2');
    const placement = await this.students.placement(input.schoolCode);
    assertCanWriteSchool(actor, placement);
    const file = await readKeyedTable(input.fileName, Buffer.from(input.contentBase64, 'base64'), {
      columns: HEALTH_COLUMNS,
    });
    const errors: RowError[] = [];
    const header = (field: string) => file.headers[field as HealthColumn] ?? field;
    const rowError = (
      row: number,
      field: string,
      t: MessageTemplate,
      v: Record<string, string | number> = {},
    ) => errors.push({ row, column: header(field), ...fillMessage(t, v) });
    const candidates: Array<{
      row: number;
      identity: string;
      measuredOn: string;
      weightKg: number;
      heightCm: number;
    }> = [];
    const firstRowOf = new Map<string, number>();
    for (const { row, values } of file.rows) {
      const before = errors.length;
      const identity = identityOf(values.nationalId ?? '');
      if (!identity.ok)
        errors.push({
          row,
          column: header('nationalId'),
          messageEn: identity.messageEn,
          messageTh: identity.messageTh,
        });
      const weight = parseDecimal(values.weightKg ?? '');
      const height = parseDecimal(values.heightCm ?? '');
      if (!weight) rowError(row, 'weightKg', HEALTH_MESSAGES.notANumber, { value: values.weightKg ?? '' });
      if (!height) rowError(row, 'heightCm', HEALTH_MESSAGES.notANumber, { value: values.heightCm ?? '' });
      const measuredOn = parseBirthDate(values.measuredOn ?? '');
      if (!measuredOn)
        rowError(row, 'measuredOn', HEALTH_MESSAGES.notADate, { value: values.measuredOn ?? '' });
      for (const p of measurementProblems(
        {
          academicYear: input.academicYear,
          term: input.term,
          measuredOn,
          weightKg: weight?.value ?? null,
          heightCm: height?.value ?? null,
        },
        { weightKg: weight?.decimals, heightCm: height?.decimals },
      ))
        if ((p.field !== 'weightKg' || weight) && (p.field !== 'heightCm' || height))
          errors.push({ row, column: header(p.field), messageEn: p.messageEn, messageTh: p.messageTh });
      if (errors.length > before || !identity.ok) continue;
      const first = firstRowOf.get(identity.value);
      if (first !== undefined) {
        rowError(row, 'nationalId', HEALTH_MESSAGES.duplicate, { row: first });
        continue;
      }
      firstRowOf.set(identity.value, row);
      candidates.push({
        row,
        identity: identity.value,
        measuredOn: measuredOn!,
        weightKg: weight!.value,
        heightCm: height!.value,
      });
    }
    const written = await this.db.transaction(async (m) => {
      const found = new Map(
        (
          await lockOwnedStudents(
            m,
            'identity',
            candidates.map((c) => c.identity),
          )
        ).map((s) => [s.identity, s]),
      );
      const rows: ToWrite[] = [];
      for (const c of candidates) {
        const s = found.get(c.identity);
        if (!s || s.schoolId !== placement.schoolId) {
          // A search by a personal key: on the audit, found (elsewhere) or not.
          await audit?.lookup('Student', identityLookupKey(c.identity), s?.id ?? null);
          rowError(c.row, 'nationalId', HEALTH_MESSAGES.notOurStudent);
          continue;
        }
        if (c.measuredOn < s.birthDate) {
          rowError(c.row, 'measuredOn', HEALTH_MESSAGES.beforeBirth);
          continue;
        }
        rows.push({
          studentId: s.id,
          measuredOn: c.measuredOn,
          weightKg: c.weightKg,
          heightCm: c.heightCm,
          student: s,
        });
      }
      return this.write(m, input.academicYear, input.term, rows, actor.subject, source);
    });
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return { rowsRead: file.rows.length, ...written, errors };
  }

  /**
   * Write measurements set-based: supersede the current rows whose values differ, insert the new rows
   * (none for a row equal to the current one), point the superseded rows at their successors.
   */
  async write(
    m: EntityManager,
    academicYear: number,
    term: number,
    rows: readonly ToWrite[],
    recordedBy: string,
    source: 'RECORDED' | 'IMPORTED' | 'DEMO',
  ): Promise<{ recorded: number; replaced: number; unchanged: number }> {
    if (!rows.length) return { recorded: 0, replaced: 0, unchanged: 0 };
    const payload = rows.map((r) => {
      const a = assessNutrition({
        sex: r.student.gender,
        birthDate: r.student.birthDate,
        measuredOn: r.measuredOn,
        weightKg: r.weightKg,
        heightCm: r.heightCm,
      });
      return {
        student_id: r.studentId,
        measured_on: r.measuredOn,
        weight_kg: r.weightKg,
        height_cm: r.heightCm,
        age_months: Number(a.ageMonths.toFixed(2)),
        weight_for_age_z: a.weightForAgeZ,
        height_for_age_z: a.heightForAgeZ,
        bmi_for_age_z: a.bmiForAgeZ,
        weight_for_age: a.weightForAge,
        height_for_age: a.heightForAge,
        weight_for_height: a.weightForHeight,
        school_id: r.student.schoolId,
        school_code: r.student.schoolCode,
        area_office_code: r.student.areaOfficeCode,
        province_code: r.student.provinceCode,
      };
    });
    const input = `jsonb_to_recordset($1::jsonb) AS i(student_id uuid, measured_on date, weight_kg numeric, height_cm numeric,
      age_months numeric, weight_for_age_z numeric, height_for_age_z numeric, bmi_for_age_z numeric, weight_for_age text,
      height_for_age text, weight_for_height text, school_id uuid, school_code text, area_office_code text, province_code text)`;
    const json = JSON.stringify(payload);
    const superseded: Array<{ id: string } & Omit<SchoolTerm, 'academicYear' | 'term'>> = await m
      .query(
        `UPDATE health_measurement h SET superseded_at = now()
         FROM ${input}
        WHERE h.student_id = i.student_id AND h.academic_year = $2 AND h.term = $3 AND h.superseded_at IS NULL
          AND (h.measured_on, h.weight_kg, h.height_cm) IS DISTINCT FROM (i.measured_on, i.weight_kg, i.height_cm)
      RETURNING h.id, h.school_id AS "schoolId", h.school_code AS "schoolCode",
                h.area_office_code AS "areaOfficeCode", h.province_code AS "provinceCode"`,
        [json, academicYear, term],
      )
      .then(([r]: [Array<{ id: string } & Omit<SchoolTerm, 'academicYear' | 'term'>>]) => r);
    const inserted: Array<{ id: string } & Omit<SchoolTerm, 'academicYear' | 'term'>> = await m.query(
      `INSERT INTO health_measurement (student_id, academic_year, term, measured_on, weight_kg, height_cm, age_months,
              weight_for_age_z, height_for_age_z, bmi_for_age_z, weight_for_age, height_for_age, weight_for_height,
              reference, school_id, school_code, area_office_code, province_code, source, recorded_by)
       SELECT i.student_id, $2, $3, i.measured_on, i.weight_kg, i.height_cm, i.age_months,
              round(i.weight_for_age_z, 3), round(i.height_for_age_z, 3), round(i.bmi_for_age_z, 3),
              i.weight_for_age, i.height_for_age, i.weight_for_height,
              $4, i.school_id, i.school_code, i.area_office_code, i.province_code, $5, $6
         FROM ${input}
        WHERE NOT EXISTS (SELECT 1 FROM health_measurement h
                           WHERE h.student_id = i.student_id AND h.academic_year = $2 AND h.term = $3
                             AND h.superseded_at IS NULL)
      RETURNING id, school_id AS "schoolId", school_code AS "schoolCode", area_office_code AS "areaOfficeCode",
                province_code AS "provinceCode"`,
      [json, academicYear, term, GROWTH_REFERENCE.id, source, recordedBy],
    );
    if (superseded.length)
      await m.query(
        `UPDATE health_measurement old SET superseded_by = cur.id
           FROM health_measurement cur
          WHERE old.id = ANY($1::uuid[]) AND cur.student_id = old.student_id AND cur.academic_year = old.academic_year
            AND cur.term = old.term AND cur.superseded_at IS NULL`,
        [superseded.map((r) => r.id)],
      );
    // The school-terms whose current rows changed: the new rows' schools and the superseded rows' (a child
    // measured again after a move leaves the old school's term).
    await publishNutrition(
      m,
      [...superseded, ...inserted].map((r) => ({ ...r, academicYear, term })),
    );
    return {
      recorded: inserted.length - superseded.length,
      replaced: superseded.length,
      unchanged: rows.length - inserted.length,
    };
  }

  /** Current measurements for `studentId|year|term` keys (the trust layer decides who reads them). */
  async current(keys: readonly string[]): Promise<MeasurementRow[]> {
    const parsed = keys.map((k) => k.split('|')).filter(([id]) => /^[0-9a-f-]{36}$/i.test(id ?? ''));
    if (!parsed.length) return [];
    return this.db.query(
      `SELECT h.id, h.student_id AS "studentId", h.academic_year AS "academicYear", h.term,
              h.measured_on::text AS "measuredOn", h.weight_kg::text AS "weightKg", h.height_cm::text AS "heightCm",
              h.age_months::text AS "ageMonths", h.weight_for_age_z::text AS "weightForAgeZ",
              h.height_for_age_z::text AS "heightForAgeZ", h.bmi_for_age_z::text AS "bmiForAgeZ",
              h.weight_for_age AS "weightForAge", h.height_for_age AS "heightForAge",
              h.weight_for_height AS "weightForHeight", h.reference, h.recorded_at AS "recordedAt"
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS k(student_id, academic_year, term)
         JOIN health_measurement h USING (student_id, academic_year, term)
        WHERE h.superseded_at IS NULL`,
      [parsed.map((p) => p[0]), parsed.map((p) => Number(p[1])), parsed.map((p) => Number(p[2]))],
    );
  }

  /** Counts per school id or area office code for `key|year|term` keys. */
  async counts(level: 'school' | 'area', keys: readonly string[]): Promise<NutritionCounts[]> {
    const parsed = keys.map((k) => k.split('|'));
    const column = level === 'school' ? 'h.school_id::text' : 'h.area_office_code';
    return this.db.query(
      `SELECT k.key || '|' || k.academic_year || '|' || k.term AS key,
              count(h.id)::int AS measured,
              count(h.weight_for_height)::int AS "assessedWeightForHeight",
              count(h.height_for_age)::int AS "assessedHeightForAge",
              count(*) FILTER (WHERE h.weight_for_height = 'THIN')::int AS thin,
              count(*) FILTER (WHERE h.weight_for_height = 'SOMEWHAT_THIN')::int AS "somewhatThin",
              count(*) FILTER (WHERE h.height_for_age = 'SHORT')::int AS short,
              count(*) FILTER (WHERE h.weight_for_height = 'PLUMP')::int AS plump,
              count(*) FILTER (WHERE h.weight_for_height = 'OVERWEIGHT')::int AS overweight,
              count(*) FILTER (WHERE h.weight_for_height = 'OBESE')::int AS obese
         FROM unnest($1::text[], $2::int[], $3::int[]) AS k(key, academic_year, term)
         LEFT JOIN health_measurement h
           ON ${column} = k.key AND h.academic_year = k.academic_year AND h.term = k.term AND h.superseded_at IS NULL
        GROUP BY k.key, k.academic_year, k.term`,
      [parsed.map((p) => p[0]), parsed.map((p) => Number(p[1])), parsed.map((p) => Number(p[2]))],
    );
  }
}

/** A national ID (check digit) or a G-code; Thai digits and dashes allowed. */
export function identityOf(
  text: string,
): { ok: true; value: string } | { ok: false; messageEn: string; messageTh: string } {
  const t = text.replace(/[\s-]/g, '');
  if (!t) return { ok: false, ...fillMessage(HEALTH_MESSAGES.identity) };
  const g = t.toUpperCase();
  if (g.startsWith('G')) {
    const code = `G${g.slice(1).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))}`;
    return isValidGCode(code)
      ? { ok: true, value: code }
      : { ok: false, ...fillMessage(HEALTH_MESSAGES.identity) };
  }
  const r = validateNationalId(t.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)));
  return r.ok ? { ok: true, value: r.value } : { ok: false, messageEn: r.messageEn, messageTh: r.messageTh };
}
