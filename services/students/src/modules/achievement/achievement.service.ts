import type { DataSource } from 'typeorm';
import { badInput, type FieldProblem } from '@smss/core';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { hiddenRecord } from '@smss/trust';
import { assertCanWriteSchool } from '../registry/access';
import { identityLookupKey } from '../registry/ownership';
import type { LookupAudit, StudentService } from '../registry/student.service';
import { academicYearArg, fillMessage, type MessageTemplate } from '../registry/student.validation';
import { identityOf } from '../health/health.service';
import { canWriteStudent, lockOwnedStudents } from '../common/owned-students';
import { readKeyedTable, type ColumnSpecs } from '@smss/files';
import { parseDecimal, type RowError } from '../common/table-file';
import {
  creditHalves,
  gpaOf,
  halvesToDecimal,
  kindOf,
  parseGrade,
  promotionCheck,
  type Grade,
  type GradedSubject,
} from './grading';

/** O-NET subjects (NIETS), with the spellings a results file may use. */
export const ONET_SUBJECTS = {
  THAI: { th: 'ภาษาไทย', aliases: ['ภาษาไทย', 'ไทย', 'thai'] },
  MATH: { th: 'คณิตศาสตร์', aliases: ['คณิตศาสตร์', 'คณิต', 'math', 'mathematics'] },
  SCIENCE: { th: 'วิทยาศาสตร์', aliases: ['วิทยาศาสตร์', 'วิทย์', 'science'] },
  ENGLISH: { th: 'ภาษาอังกฤษ', aliases: ['ภาษาอังกฤษ', 'อังกฤษ', 'english'] },
  SOCIAL: { th: 'สังคมศึกษา ศาสนา และวัฒนธรรม', aliases: ['สังคมศึกษา', 'สังคม', 'social', 'socialstudies'] },
} as const;
export type OnetSubject = keyof typeof ONET_SUBJECTS;

const subjectKey = (t: string) => t.toLowerCase().replace(/[\s_.-]+/g, '');
const ONET_BY_ALIAS = new Map<string, OnetSubject>(
  (Object.entries(ONET_SUBJECTS) as Array<[OnetSubject, { aliases: readonly string[] }]>).flatMap(
    ([k, v]) => [
      [subjectKey(k), k] as [string, OnetSubject],
      ...v.aliases.map((a) => [subjectKey(a), k] as [string, OnetSubject]),
    ],
  ),
);

export const ONET_COLUMNS = {
  nationalId: {
    aliases: ['เลขประจำตัวประชาชน', 'เลขบัตรประชาชน', 'เลขประจำตัว', 'national_id', 'citizen_id', 'g_code'],
    required: true,
    numeric: true,
  },
  subject: { aliases: ['วิชา', 'รายวิชา', 'subject'], required: true },
  score: { aliases: ['คะแนน', 'คะแนนที่ได้', 'score'], required: true, numeric: true },
} as const satisfies ColumnSpecs<string>;
type OnetColumn = keyof typeof ONET_COLUMNS;

export const ACHIEVEMENT_MESSAGES = {
  subjectCode: {
    en: 'subject code must be 2–20 characters without spaces',
    th: 'รหัสวิชาต้องมี 2–20 ตัวอักษร ไม่มีช่องว่าง',
  },
  subjectName: { en: 'subject name must be 1–200 characters', th: 'ชื่อวิชาต้องมีความยาว 1–200 ตัวอักษร' },
  credits: {
    en: 'credits must be a multiple of 0.5 from 0 to 20',
    th: 'หน่วยกิตต้องเป็นจำนวนเท่าของ 0.5 ระหว่าง 0–20',
  },
  grade: {
    en: 'unknown result "{value}" (0, 1, 1.5, 2, 2.5, 3, 3.5, 4, ร, มส, ผ, มผ)',
    th: 'ไม่รู้จักผลการเรียน "{value}" (ใช้ 0, 1, 1.5, 2, 2.5, 3, 3.5, 4, ร, มส, ผ, มผ)',
  },
  activityCredits: { en: 'an activity (ผ/มผ) carries no credits', th: 'กิจกรรมพัฒนาผู้เรียน (ผ/มผ) ไม่มีหน่วยกิต' },
  subjectCredits: { en: 'a graded subject needs credits above 0', th: 'รายวิชาที่มีผลการเรียนต้องมีหน่วยกิตมากกว่า 0' },
  duplicateSubject: { en: 'subject {code} is given twice', th: 'รหัสวิชา {code} ซ้ำกัน' },
  results: { en: 'give 1–40 subject results', th: 'ต้องระบุผลการเรียน 1–40 รายวิชา' },
  term: { en: 'term must be 1 or 2', th: 'ภาคเรียนต้องเป็น 1 หรือ 2' },
  onetSubject: {
    en: 'unknown O-NET subject "{value}" (ภาษาไทย, คณิตศาสตร์, วิทยาศาสตร์, ภาษาอังกฤษ, สังคมศึกษา)',
    th: 'ไม่รู้จักวิชา O-NET "{value}" (ใช้ ภาษาไทย, คณิตศาสตร์, วิทยาศาสตร์, ภาษาอังกฤษ, สังคมศึกษา)',
  },
  score: {
    en: 'score must be 0–100 with at most 2 decimals',
    th: 'คะแนนต้องอยู่ระหว่าง 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง',
  },
  notOurStudent: {
    en: 'not a student of this school (unknown, or enrolled elsewhere)',
    th: 'ไม่ใช่นักเรียนของโรงเรียนนี้ (ไม่พบ หรือเป็นนักเรียนของที่อื่น)',
  },
  duplicateRow: { en: 'duplicate of row {row}', th: 'ซ้ำกับแถวที่ {row}' },
} as const satisfies Record<string, MessageTemplate>;

export interface SubjectResultInput {
  subjectCode: string;
  subjectNameTh: string;
  credits: number;
  grade: string;
}

export interface SubjectResultRow {
  studentId: string;
  academicYear: number;
  term: number;
  subjectCode: string;
  subjectNameTh: string;
  credits: string;
  grade: Grade;
}

export interface GpaRow {
  key: string;
  studentId: string;
  academicYear: number;
  term: number;
  termGpa: string | null;
  termCredits: string;
  cumulativeGpa: string | null;
  cumulativeCredits: string;
  pendingSubjects: number;
  promotionEligible: boolean;
  blockingSubjects: string[];
  results: SubjectResultRow[];
}

export interface OnetImportReport {
  rowsRead: number;
  recorded: number;
  replaced: number;
  unchanged: number;
  errors: RowError[];
}

export interface OnetMeanRow {
  key: string;
  subject: OnetSubject;
  students: number;
  mean: string;
}

const graded = (r: SubjectResultRow): GradedSubject => ({
  subjectCode: r.subjectCode,
  creditHalves: creditHalves(r.credits)!,
  grade: r.grade,
});

/** Subject results, GPA and promotion checks, O-NET scores. */
export class AchievementService {
  constructor(
    private readonly db: DataSource,
    private readonly students: StudentService,
  ) {}

  /**
   * Record a term's results for one student: each subject upserted (recording a subject again replaces its
   * result); one transaction; an unknown student and one the viewer may not change are the same NOT_FOUND.
   */
  async recordSubjectResults(
    viewer: MaybeViewer,
    input: { studentId: string; academicYear: number; term: number; results: SubjectResultInput[] },
  ): Promise<string> {
    const actor = requireViewer(viewer);
    academicYearArg(input.academicYear);
    const problems: FieldProblem[] = [];
    const say = (field: string, t: MessageTemplate, v: Record<string, string | number> = {}) =>
      problems.push({ field, ...fillMessage(t, v) });
    if (input.term !== 1 && input.term !== 2) say('term', ACHIEVEMENT_MESSAGES.term);
    if (!input.results.length || input.results.length > 40) say('results', ACHIEVEMENT_MESSAGES.results);
    const seen = new Set<string>();
    const rows = input.results.map((r, i) => {
      const code = r.subjectCode.trim();
      const name = r.subjectNameTh.trim();
      const halves = creditHalves(r.credits);
      const grade = parseGrade(r.grade);
      const field = `results[${i}]`;
      if (!/^\S{2,20}$/.test(code)) say(`${field}.subjectCode`, ACHIEVEMENT_MESSAGES.subjectCode);
      else if (seen.has(code)) say(`${field}.subjectCode`, ACHIEVEMENT_MESSAGES.duplicateSubject, { code });
      seen.add(code);
      if (!name || name.length > 200) say(`${field}.subjectNameTh`, ACHIEVEMENT_MESSAGES.subjectName);
      if (halves == null) say(`${field}.credits`, ACHIEVEMENT_MESSAGES.credits);
      if (!grade) say(`${field}.grade`, ACHIEVEMENT_MESSAGES.grade, { value: r.grade });
      else if (halves != null) {
        const activity = kindOf(grade).startsWith('ACTIVITY');
        if (activity && halves > 0) say(`${field}.credits`, ACHIEVEMENT_MESSAGES.activityCredits);
        if (!activity && halves === 0) say(`${field}.credits`, ACHIEVEMENT_MESSAGES.subjectCredits);
      }
      return {
        subject_code: code,
        subject_name_th: name,
        credits: halves == null ? null : halvesToDecimal(halves),
        grade,
      };
    });
    if (problems.length)
      throw badInput(
        problems.map((p) => p.messageEn).join('; '),
        problems.map((p) => p.messageTh).join('; '),
        problems,
      );
    return this.db.transaction(async (m) => {
      const [student] = await lockOwnedStudents(m, 'id', [input.studentId]);
      if (!student || !canWriteStudent(actor, student)) throw hiddenRecord();
      await m.query(
        `INSERT INTO subject_result (student_id, academic_year, term, subject_code, subject_name_th, credits, grade,
                school_id, school_code, area_office_code, recorded_by)
         SELECT $2, $3, $4, r.subject_code, r.subject_name_th, r.credits, r.grade, $5, $6, $7, $8
           FROM jsonb_to_recordset($1::jsonb) AS r(subject_code text, subject_name_th text, credits numeric, grade text)
         ON CONFLICT (student_id, academic_year, term, subject_code) DO UPDATE
            SET subject_name_th = EXCLUDED.subject_name_th, credits = EXCLUDED.credits, grade = EXCLUDED.grade,
                school_id = EXCLUDED.school_id, school_code = EXCLUDED.school_code,
                area_office_code = EXCLUDED.area_office_code, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [
          JSON.stringify(rows),
          student.id,
          input.academicYear,
          input.term,
          student.schoolId,
          student.schoolCode,
          student.areaOfficeCode,
          actor.subject,
        ],
      );
      return student.id;
    });
  }

  /** GPA of a term, cumulative GPA up to it, and the year's promotion check, for `studentId|year|term` keys. */
  async gpa(keys: readonly string[]): Promise<GpaRow[]> {
    const parsed = keys
      .map((key) => {
        const [studentId, y, t] = key.split('|');
        return { key, studentId: studentId!, academicYear: Number(y), term: Number(t) };
      })
      .filter((k) => /^[0-9a-f-]{36}$/i.test(k.studentId));
    if (!parsed.length) return [];
    const all: SubjectResultRow[] = await this.db.query(
      `SELECT student_id AS "studentId", academic_year AS "academicYear", term, subject_code AS "subjectCode",
              subject_name_th AS "subjectNameTh", credits::text AS credits, grade
         FROM subject_result WHERE student_id = ANY($1::uuid[])
        ORDER BY academic_year, term, subject_code`,
      [[...new Set(parsed.map((p) => p.studentId))]],
    );
    return parsed.map((k) => {
      const mine = all.filter((r) => r.studentId === k.studentId);
      const termRows = mine.filter((r) => r.academicYear === k.academicYear && r.term === k.term);
      const upTo = mine.filter(
        (r) => r.academicYear < k.academicYear || (r.academicYear === k.academicYear && r.term <= k.term),
      );
      const yearRows = upTo.filter((r) => r.academicYear === k.academicYear);
      const term = gpaOf(termRows.map(graded));
      const cumulative = gpaOf(upTo.map(graded));
      const promotion = promotionCheck(yearRows.map(graded));
      return {
        ...k,
        termGpa: term.gpa,
        termCredits: term.credits,
        cumulativeGpa: cumulative.gpa,
        cumulativeCredits: cumulative.credits,
        pendingSubjects: term.pending,
        promotionEligible: promotion.eligible,
        blockingSubjects: promotion.blocking,
        results: termRows,
      };
    });
  }

  /** An O-NET results file for one school: national ID, subject, score; same row errors as the other importers. */
  async importOnet(
    viewer: MaybeViewer,
    input: { schoolCode: string; academicYear: number; fileName: string; contentBase64: string },
    audit?: LookupAudit,
  ): Promise<OnetImportReport> {
    const actor = requireViewer(viewer);
    academicYearArg(input.academicYear);
    const placement = await this.students.placement(input.schoolCode);
    assertCanWriteSchool(actor, placement);
    const file = await readKeyedTable(input.fileName, Buffer.from(input.contentBase64, 'base64'), {
      columns: ONET_COLUMNS,
    });
    const errors: RowError[] = [];
    const rowError = (
      row: number,
      col: OnetColumn,
      t: MessageTemplate,
      v: Record<string, string | number> = {},
    ) => errors.push({ row, column: file.headers[col] ?? col, ...fillMessage(t, v) });
    const candidates: Array<{ row: number; identity: string; subject: OnetSubject; score: number }> = [];
    const firstRowOf = new Map<string, number>();
    for (const { row, values } of file.rows) {
      const before = errors.length;
      const identity = identityOf(values.nationalId ?? '');
      if (!identity.ok)
        errors.push({
          row,
          column: file.headers.nationalId ?? 'nationalId',
          messageEn: identity.messageEn,
          messageTh: identity.messageTh,
        });
      const subject = ONET_BY_ALIAS.get(subjectKey(values.subject ?? ''));
      if (!subject)
        rowError(row, 'subject', ACHIEVEMENT_MESSAGES.onetSubject, { value: values.subject ?? '' });
      const score = parseDecimal(values.score ?? '');
      if (!score || score.value > 100 || score.decimals > 2)
        rowError(row, 'score', ACHIEVEMENT_MESSAGES.score);
      if (errors.length > before || !identity.ok || !subject || !score) continue;
      const key = `${identity.value}|${subject}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        rowError(row, 'nationalId', ACHIEVEMENT_MESSAGES.duplicateRow, { row: first });
        continue;
      }
      firstRowOf.set(key, row);
      candidates.push({ row, identity: identity.value, subject, score: score.value });
    }
    const written = await this.db.transaction(async (m) => {
      const found = new Map(
        (await lockOwnedStudents(m, 'identity', [...new Set(candidates.map((c) => c.identity))])).map((s) => [
          s.identity,
          s,
        ]),
      );
      const rows: Array<{ student_id: string; subject: string; score: number }> = [];
      const audited = new Set<string>();
      for (const c of candidates) {
        const s = found.get(c.identity);
        if (!s || s.schoolId !== placement.schoolId) {
          if (!audited.has(c.identity))
            await audit?.lookup('Student', identityLookupKey(c.identity), s?.id ?? null);
          audited.add(c.identity);
          rowError(c.row, 'nationalId', ACHIEVEMENT_MESSAGES.notOurStudent);
          continue;
        }
        rows.push({ student_id: s.id, subject: c.subject, score: c.score });
      }
      if (!rows.length) return { recorded: 0, replaced: 0, unchanged: 0 };
      const [{ inserted, updated }] = await m.query(
        `WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(student_id uuid, subject text, score numeric)),
         up AS (
           INSERT INTO onet_result (student_id, academic_year, subject, score, school_id, school_code, area_office_code, recorded_by)
           SELECT i.student_id, $2, i.subject, i.score, $3, $4, $5, $6 FROM i
           ON CONFLICT (student_id, academic_year, subject) DO UPDATE
              SET score = EXCLUDED.score, school_id = EXCLUDED.school_id, school_code = EXCLUDED.school_code,
                  area_office_code = EXCLUDED.area_office_code, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            WHERE onet_result.score IS DISTINCT FROM EXCLUDED.score OR onet_result.school_id IS DISTINCT FROM EXCLUDED.school_id
           RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
        [
          JSON.stringify(rows),
          input.academicYear,
          placement.schoolId,
          placement.schoolCode,
          placement.areaOfficeCode,
          actor.subject,
        ],
      );
      return { recorded: inserted, replaced: updated, unchanged: rows.length - inserted - updated };
    });
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return { rowsRead: file.rows.length, ...written, errors };
  }

  /** Mean O-NET score per subject for `schoolId|year` keys (two decimals, rounded half up in SQL). */
  async onetMeans(keys: readonly string[]): Promise<OnetMeanRow[]> {
    const parsed = keys.map((k) => k.split('|'));
    return this.db.query(
      `SELECT k.school_id || '|' || k.academic_year AS key, o.subject, count(*)::int AS students,
              round(avg(o.score), 2)::text AS mean
         FROM unnest($1::text[], $2::int[]) AS k(school_id, academic_year)
         JOIN onet_result o ON o.school_id::text = k.school_id AND o.academic_year = k.academic_year
        GROUP BY k.school_id, k.academic_year, o.subject
        ORDER BY o.subject`,
      [parsed.map((p) => p[0]), parsed.map((p) => Number(p[1]))],
    );
  }
}
