import type { DataSource, EntityManager } from 'typeorm';
import { badInput, forbidden, type FieldProblem } from '@smss/core';
import { isUuid } from '@smss/db';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { AttendanceDaily, enqueueEvent } from '@smss/events';
import { todayInBangkok } from '@smss/thai';
import { assertCanWriteSchool } from '../registry/access';
import {
  AttendanceCalendar,
  checkIsoDate,
  type CalendarPlacement,
  type NonSchoolDay,
} from './attendance.calendar';
import { AttendanceRepository } from './attendance.repository';
import { ATTENDANCE_STATUSES, onRoll, type AttendanceStatus } from './attendance.sql';

export interface RecordAttendanceInput {
  schoolCode: string;
  date: string;
  period?: number | null;
  classroom?: string | null;
  marks: Array<{ studentId: string; status: AttendanceStatus }>;
}

export interface RecordAttendanceResult {
  schoolCode: string;
  date: string;
  period: number | null;
  /** Marks written for the first time. */
  recorded: number;
  /** Marks whose status changed (the old value kept in the history). */
  corrected: number;
  /** Marks given again with the same status. */
  unchanged: number;
}

/** The most marks one call takes (a large school's day is ~3,000 students). */
export const MAX_MARKS = 5000;
/** Row problems reported at most (the rest are summed up). */
const MAX_PROBLEMS = 50;

const notSchoolDayMessage = (date: string, why: NonSchoolDay): [string, string] => {
  switch (why.reason) {
    case 'WEEKEND':
      return [
        `${date} is a Saturday or Sunday, not a school day`,
        `วันที่ ${date} เป็นวันเสาร์หรืออาทิตย์ ไม่ใช่วันเรียน`,
      ];
    case 'HOLIDAY':
      return [
        `${date} is a holiday (${why.nameEn}), not a school day`,
        `วันที่ ${date} เป็นวันหยุด (${why.nameTh}) ไม่ใช่วันเรียน`,
      ];
    default:
      return [
        `${date} is outside the terms of the school calendar, not a school day`,
        `วันที่ ${date} อยู่นอกภาคเรียนตามปฏิทินการศึกษา ไม่ใช่วันเรียน`,
      ];
  }
};

/**
 * Attendance writes: one mutation is one transaction of set-based statements (the marks travel as
 * arrays and are joined with `unnest`), so a 1,000-student day costs a handful of statements.
 */
export class AttendanceService {
  readonly calendar: AttendanceCalendar;
  readonly repo: AttendanceRepository;

  constructor(private readonly db: DataSource) {
    this.calendar = new AttendanceCalendar(db);
    this.repo = new AttendanceRepository(db);
  }

  /**
   * Who may see a school's attendance records (marks, the chronic-absence list): its own staff (class
   * teachers are school-level viewers), officers of its area office, OBEC staff other than analysts.
   * Partners and analysts read the aggregates only.
   */
  static mayReadRecords(viewer: MaybeViewer, place: { schoolCode: string; areaOfficeCode: string }): boolean {
    if (!viewer.authenticated) return false;
    switch (viewer.level) {
      case 'OBEC':
        return viewer.role !== 'obec-analyst';
      case 'AREA':
        return viewer.orgCode === place.areaOfficeCode;
      case 'SCHOOL':
        return viewer.orgCode === place.schoolCode;
      default:
        return false;
    }
  }

  static assertMayReadRecords(viewer: MaybeViewer, place: CalendarPlacement): Viewer {
    const v = requireViewer(viewer);
    if (!AttendanceService.mayReadRecords(v, place))
      throw forbidden(
        'Only the school, its area office and OBEC administrators see the attendance records of its students',
        'เฉพาะโรงเรียน เขตพื้นที่ของโรงเรียน และผู้ดูแลระบบ สพฐ. เท่านั้นที่ดูข้อมูลการมาเรียนรายบุคคลได้',
      );
    return v;
  }

  private validate(input: RecordAttendanceInput): { period: number; classroom: string | null } {
    const date = checkIsoDate(input.date, 'date');
    if (date > todayInBangkok())
      throw badInput(
        `Attendance cannot be recorded for a future date (${date})`,
        `บันทึกการมาเรียนล่วงหน้าไม่ได้ (วันที่ ${date})`,
        [{ field: 'date', messageEn: 'in the future', messageTh: 'เป็นวันในอนาคต' }],
      );
    const period = input.period ?? 0;
    if (input.period != null && (!Number.isInteger(input.period) || input.period < 1 || input.period > 10))
      throw badInput(
        'period must be 1–10 (or omitted for the whole day)',
        'คาบเรียนต้องเป็น 1–10 (หรือไม่ระบุสำหรับทั้งวัน)',
        [{ field: 'period', messageEn: '1–10', messageTh: '1–10' }],
      );
    const classroom = input.classroom == null ? null : input.classroom.trim();
    if (classroom !== null && (!classroom || classroom.length > 20))
      throw badInput('classroom must be 1–20 characters', 'ห้องเรียนต้องมีความยาว 1–20 ตัวอักษร', [
        { field: 'classroom', messageEn: '1–20 characters', messageTh: 'ความยาว 1–20 ตัวอักษร' },
      ]);
    if (!input.marks.length || input.marks.length > MAX_MARKS)
      throw badInput(`Give 1–${MAX_MARKS} marks`, `ต้องระบุการมาเรียน 1–${MAX_MARKS} รายการ`, [
        { field: 'marks', messageEn: `1–${MAX_MARKS} marks`, messageTh: `1–${MAX_MARKS} รายการ` },
      ]);
    const problems: FieldProblem[] = [];
    const seen = new Map<string, number>();
    input.marks.forEach((mark, i) => {
      if (problems.length >= MAX_PROBLEMS) return;
      if (!isUuid(mark.studentId)) {
        problems.push({
          field: `marks[${i}].studentId`,
          messageEn: `marks[${i}]: not a student id`,
          messageTh: `marks[${i}]: รหัสนักเรียนไม่ถูกต้อง`,
        });
      } else if (seen.has(mark.studentId.toLowerCase())) {
        const first = seen.get(mark.studentId.toLowerCase())!;
        problems.push({
          field: `marks[${i}].studentId`,
          messageEn: `marks[${i}]: the same student as marks[${first}]`,
          messageTh: `marks[${i}]: นักเรียนซ้ำกับ marks[${first}]`,
        });
      } else seen.set(mark.studentId.toLowerCase(), i);
      if (!ATTENDANCE_STATUSES.includes(mark.status))
        problems.push({
          field: `marks[${i}].status`,
          messageEn: `marks[${i}]: unknown status`,
          messageTh: `marks[${i}]: ไม่รู้จักสถานะ`,
        });
    });
    if (problems.length) throw rowProblems(problems);
    return { period, classroom };
  }

  async record(
    viewer: MaybeViewer,
    input: RecordAttendanceInput,
    correlationId?: string,
  ): Promise<RecordAttendanceResult> {
    const v = requireViewer(viewer);
    const place = await this.calendar.placement(input.schoolCode);
    assertCanWriteSchool(v, place);
    const { period, classroom } = this.validate(input);
    const date = input.date;
    if (place.status !== 'OPEN') throw badInput('The school is not open', 'โรงเรียนนี้ไม่ได้เปิดทำการสอน');
    const ids = input.marks.map((m) => m.studentId.toLowerCase());
    const statuses = input.marks.map((m) => m.status);
    return this.db.transaction(async (m) => {
      const why = await this.calendar.nonSchoolDay(m, place.schoolId, date);
      if (why) {
        const [en, th] = notSchoolDayMessage(date, why);
        throw badInput(en, th, [{ field: 'date', messageEn: 'not a school day', messageTh: 'ไม่ใช่วันเรียน' }]);
      }
      // Markings of one school, day and period are serialised, so every correction finds the value it replaces.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `attendance:${place.schoolId}:${date}:${period}`,
      ]);
      await this.assertOnRoll(m, place, date, classroom, ids);
      const [{ corrected }] = await m.query(
        `WITH input AS (SELECT * FROM unnest($4::uuid[], $5::text[]) AS i(student_id, status)),
              h AS (INSERT INTO attendance_mark_history
                      (school_id, attended_on, period, student_id, old_status, new_status, old_recorded_by, old_recorded_at, changed_by)
                    SELECT m.school_id, m.attended_on, m.period, m.student_id, m.status, i.status, m.recorded_by, m.recorded_at, $6
                      FROM attendance_mark m JOIN input i ON i.student_id = m.student_id
                     WHERE m.school_id = $1 AND m.attended_on = $2 AND m.period = $3 AND m.status <> i.status
                    RETURNING 1)
         SELECT count(*)::int AS corrected FROM h`,
        [place.schoolId, date, period, ids, statuses, v.subject],
      );
      const written: Array<{ inserted: boolean }> = await m.query(
        `INSERT INTO attendance_mark AS a
           (school_id, school_code, area_office_code, attended_on, period, student_id, enrollment_id, grade_level,
            classroom, status, recorded_by)
         SELECT $1, $7, $8, $2, $3, r.student_id, r.enrollment_id, r.grade_level, r.classroom, r.status, $6
           FROM (SELECT DISTINCT ON (i.student_id) i.student_id, i.status, e.id AS enrollment_id, e.grade_level, e.classroom
                   FROM unnest($4::uuid[], $5::text[]) AS i(student_id, status)
                   JOIN enrollment e ON e.student_id = i.student_id AND e.school_id = $1 AND ${onRoll('e', '$2::date')}
                  ORDER BY i.student_id, e.started_on DESC) r
         ON CONFLICT (school_id, attended_on, period, student_id) DO UPDATE
            SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by, recorded_at = now(),
                enrollment_id = EXCLUDED.enrollment_id, grade_level = EXCLUDED.grade_level, classroom = EXCLUDED.classroom
          WHERE a.status <> EXCLUDED.status
         RETURNING (xmax = 0) AS inserted`,
        [place.schoolId, date, period, ids, statuses, v.subject, place.schoolCode, place.areaOfficeCode],
      );
      const recorded = written.filter((w) => w.inserted).length;
      if (written.length) await this.publishDay(m, place, date, correlationId);
      return {
        schoolCode: place.schoolCode,
        date,
        period: period || null,
        recorded,
        corrected,
        unchanged: ids.length - recorded - corrected,
      };
    });
  }

  /**
   * Every student must be on the school's roll that day (and in `classroom` when given): else a
   * BAD_USER_INPUT naming the rows — the same words whether the child is unknown, of another school or
   * left, so nothing about another school's children leaks.
   */
  private async assertOnRoll(
    m: EntityManager,
    place: CalendarPlacement,
    date: string,
    classroom: string | null,
    ids: string[],
  ): Promise<void> {
    const bad: Array<{ n: number; wrongRoom: boolean }> = await m.query(
      `SELECT i.n::int - 1 AS n, (r.student_id IS NOT NULL) AS "wrongRoom"
         FROM unnest($1::uuid[]) WITH ORDINALITY AS i(student_id, n)
         LEFT JOIN LATERAL (SELECT e.student_id, e.classroom FROM enrollment e
                             WHERE e.student_id = i.student_id AND e.school_id = $2 AND ${onRoll('e', '$3::date')}
                             ORDER BY e.started_on DESC LIMIT 1) r ON true
        WHERE r.student_id IS NULL OR ($4::text IS NOT NULL AND r.classroom <> $4)
        ORDER BY i.n`,
      [ids, place.schoolId, date, classroom],
    );
    if (!bad.length) return;
    throw rowProblems(
      bad.slice(0, MAX_PROBLEMS).map(({ n, wrongRoom }) =>
        wrongRoom
          ? {
              field: `marks[${n}].studentId`,
              messageEn: `marks[${n}]: the student is not in classroom ${classroom} on ${date}`,
              messageTh: `marks[${n}]: นักเรียนไม่ได้อยู่ในห้อง ${classroom} ในวันที่ ${date}`,
            }
          : {
              field: `marks[${n}].studentId`,
              messageEn: `marks[${n}]: the student is not actively enrolled at this school on ${date}`,
              messageTh: `marks[${n}]: นักเรียนไม่ได้มีสถานะกำลังเรียนที่โรงเรียนนี้ในวันที่ ${date}`,
            },
      ),
      bad.length,
    );
  }

  /** The day's totals after this recording, on the outbox in the same transaction (aggregate only). */
  private async publishDay(m: EntityManager, place: CalendarPlacement, date: string, correlationId?: string) {
    const [{ revision }] = await m.query(
      `INSERT INTO attendance_day (school_id, attended_on) VALUES ($1, $2)
       ON CONFLICT (school_id, attended_on) DO UPDATE SET revision = attendance_day.revision + 1, recorded_at = now()
       RETURNING revision`,
      [place.schoolId, date],
    );
    const [day] = await this.repo.dayTotals([place.schoolId], date, m);
    const t = day ?? {
      enrolled: 0,
      present: 0,
      absent: 0,
      late: 0,
      sickLeave: 0,
      personalLeave: 0,
      unmarked: 0,
    };
    await enqueueEvent(
      m,
      AttendanceDaily,
      place.schoolId,
      {
        schoolId: place.schoolId,
        schoolCode: place.schoolCode,
        areaOfficeCode: place.areaOfficeCode,
        provinceCode: place.provinceCode,
        date,
        revision,
        enrolled: t.enrolled,
        present: t.present,
        absent: t.absent,
        late: t.late,
        sickLeave: t.sickLeave,
        personalLeave: t.personalLeave,
        unmarked: t.unmarked,
      },
      correlationId ? { correlationId } : {},
    );
  }
}

function rowProblems(problems: FieldProblem[], total = problems.length) {
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  const moreTh = total > problems.length ? ` (และอีก ${total - problems.length} รายการ)` : '';
  return badInput(
    `${total} mark${total === 1 ? '' : 's'} refused, nothing was written: ${problems
      .slice(0, 5)
      .map((p) => p.messageEn)
      .join('; ')}${more}`,
    `ไม่บันทึกข้อมูลใดเลย มี ${total} รายการที่ไม่ถูกต้อง: ${problems
      .slice(0, 5)
      .map((p) => p.messageTh)
      .join('; ')}${moreTh}`,
    problems,
  );
}
