import type { DataSource, EntityManager } from 'typeorm';
import { ATTENDED, dayStatuses, isSchoolDay, onRoll, statusCounts } from './attendance.sql';

export interface StatusCounts {
  present: number;
  absent: number;
  late: number;
  sickLeave: number;
  personalLeave: number;
  attended: number;
}

/** One school's (or classroom's) day: students on the roll, their day statuses counted. */
export interface DayTotals extends StatusCounts {
  schoolId: string;
  gradeLevel: string | null;
  classroom: string | null;
  enrolled: number;
  unmarked: number;
}

/** Attendance over a date range: student-days on the roll that were school days, counted by day status. */
export interface RangeTotals extends StatusCounts {
  key: string;
  /** Student-days: (student, school day) pairs on the roll; for one student, their school days. */
  schoolDays: number;
  unmarked: number;
}

export interface MarkRow {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  studentId: string;
  date: string;
  period: number;
  gradeLevel: string;
  classroom: string;
  status: string;
  recordedAt: Date;
}

export interface CorrectionRow {
  oldStatus: string;
  newStatus: string;
  changedBy: string;
  changedAt: Date;
}

export interface ChronicAbsenceRow {
  studentId: string;
  gradeLevel: string;
  classroom: string;
  schoolDays: number;
  attended: number;
  absent: number;
  consecutiveAbsences: number;
  belowThreshold: boolean;
  dropoutRisk: boolean;
}

export type RangeScope = 'student' | 'school' | 'classroom' | 'area';

/** `id`: the mark's key as one string (the audit names the record by it). */
const MARK_COLUMNS = `m.school_id || ':' || to_char(m.attended_on, 'YYYY-MM-DD') || ':' || m.period || ':' || m.student_id AS id,
  m.school_id AS "schoolId", m.school_code AS "schoolCode", m.area_office_code AS "areaOfficeCode",
  m.student_id AS "studentId", to_char(m.attended_on, 'YYYY-MM-DD') AS date, m.period::int AS period,
  m.grade_level AS "gradeLevel", m.classroom, m.status, m.recorded_at AS "recordedAt"`;

/** Attendance reads, set-based: every statement serves many parents (DataLoader batches). */
export class AttendanceRepository {
  constructor(private readonly db: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  /**
   * A day of each school: one row per school and classroom (grade level + classroom) of the students on
   * the roll that day, with their day statuses counted.
   */
  async dayTotals(
    schoolIds: readonly string[],
    date: string,
    manager?: EntityManager,
    byClassroom = false,
  ): Promise<DayTotals[]> {
    const group = byClassroom ? ', r.grade_level, r.classroom' : '';
    return this.m(manager).query(
      `WITH roll AS (SELECT DISTINCT ON (e.school_id, e.student_id) e.school_id, e.student_id, e.grade_level, e.classroom
                       FROM enrollment e
                      WHERE e.school_id = ANY($1::uuid[]) AND ${onRoll('e', '$2::date')}
                      ORDER BY e.school_id, e.student_id, e.started_on DESC),
            ds AS (${dayStatuses('m.school_id = ANY($1::uuid[]) AND m.attended_on = $2::date')})
       SELECT r.school_id AS "schoolId", ${byClassroom ? 'r.grade_level AS "gradeLevel", r.classroom,' : 'NULL AS "gradeLevel", NULL AS classroom,'}
              count(*)::int AS enrolled, ${statusCounts('ds.status')},
              count(*) FILTER (WHERE ds.status IS NULL)::int AS unmarked
         FROM roll r LEFT JOIN ds ON ds.school_id = r.school_id AND ds.student_id = r.student_id
        GROUP BY r.school_id${group}
        ORDER BY r.school_id${group}`,
      [schoolIds, date],
    );
  }

  /** The marks of one day of each school (every period), for viewers who may see records. */
  dayMarks(schoolIds: readonly string[], date: string, classroom: string | null): Promise<MarkRow[]> {
    return this.db.query(
      `SELECT ${MARK_COLUMNS} FROM attendance_mark m
        WHERE m.school_id = ANY($1::uuid[]) AND m.attended_on = $2::date AND ($3::text IS NULL OR m.classroom = $3)
        ORDER BY m.school_id, m.grade_level, m.classroom, m.student_id, m.period`,
      [schoolIds, date, classroom],
    );
  }

  /** Corrections of marks, oldest first, keyed "schoolId|date|period|studentId". */
  async corrections(keys: readonly string[]): Promise<Map<string, CorrectionRow[]>> {
    const parts = keys.map((k) => k.split('|'));
    const rows: Array<CorrectionRow & { key: string }> = await this.db.query(
      `SELECT h.school_id || '|' || to_char(h.attended_on, 'YYYY-MM-DD') || '|' || h.period || '|' || h.student_id AS key,
              h.old_status AS "oldStatus", h.new_status AS "newStatus", h.changed_by AS "changedBy", h.changed_at AS "changedAt"
         FROM attendance_mark_history h
         JOIN unnest($1::uuid[], $2::date[], $3::int[], $4::uuid[]) AS k(school_id, d, period, student_id)
           ON h.school_id = k.school_id AND h.attended_on = k.d AND h.period = k.period AND h.student_id = k.student_id
        ORDER BY h.id`,
      [
        parts.map((p) => p[0]),
        parts.map((p) => p[1]),
        parts.map((p) => Number(p[2])),
        parts.map((p) => p[3]),
      ],
    );
    const out = new Map<string, CorrectionRow[]>();
    for (const { key, ...r } of rows) out.set(key, [...(out.get(key) ?? []), r]);
    return out;
  }

  /**
   * Attendance over [from, to] per key: per student (across the schools they were on the roll of), per
   * school, per classroom of a school (key "schoolId|gradeLevel|classroom") or per area office. Counts
   * student-days that were school days of the school whose roll the student was on.
   */
  async rangeTotals(
    scope: RangeScope,
    keys: readonly string[],
    from: string,
    to: string,
  ): Promise<RangeTotals[]> {
    if (!keys.length) return [];
    const rollFilter: Record<RangeScope, string> = {
      student: 'e.student_id = ANY($1::uuid[])',
      school: 'e.school_id = ANY($1::uuid[])',
      classroom: 'e.school_id = ANY($1::uuid[])',
      area: `e.school_id IN (SELECT school_id FROM directory_school_replica WHERE area_office_code = ANY($1::text[]))`,
    };
    const keyOf: Record<RangeScope, string> = {
      student: 'r.student_id::text',
      school: 'r.school_id::text',
      classroom: `r.school_id || '|' || r.grade_level || '|' || r.classroom`,
      area: 'r.area_office_code',
    };
    const params =
      scope === 'classroom' ? [[...new Set(keys.map((k) => k.split('|')[0]))], from, to] : [keys, from, to];
    const rows: RangeTotals[] = await this.db.query(
      `WITH days AS (SELECT g::date AS d FROM generate_series($2::date, $3::date, interval '1 day') g
                      WHERE EXTRACT(ISODOW FROM g) < 6),
            roll AS (SELECT DISTINCT ON (e.school_id, e.student_id, days.d)
                            e.school_id, e.student_id, days.d, e.grade_level, e.classroom, s.area_office_code
                       FROM enrollment e
                       JOIN directory_school_replica s ON s.school_id = e.school_id
                       JOIN days ON ${onRoll('e', 'days.d')}
                      WHERE ${rollFilter[scope]} AND e.started_on <= $3::date AND (e.ended_on IS NULL OR e.ended_on > $2::date)
                        AND ${isSchoolDay('days.d', 'e.school_id')}
                      ORDER BY e.school_id, e.student_id, days.d, e.started_on DESC),
            ds AS (${dayStatuses(
              `m.attended_on BETWEEN $2::date AND $3::date AND (m.school_id, m.student_id) IN (SELECT school_id, student_id FROM roll)`,
            )})
       SELECT ${keyOf[scope]} AS key, count(*)::int AS "schoolDays", ${statusCounts('ds.status')},
              count(*) FILTER (WHERE ds.status IS NULL)::int AS unmarked
         FROM roll r
         LEFT JOIN ds ON ds.school_id = r.school_id AND ds.student_id = r.student_id AND ds.attended_on = r.d
        GROUP BY 1`,
      params,
    );
    return rows;
  }

  /** Why `date` is not a school day of each school (schools for which it is one are absent from the map). */
  async nonSchoolDays(schoolIds: readonly string[], date: string): Promise<Map<string, string>> {
    const rows: Array<{ schoolId: string; reason: string | null }> = await this.db.query(
      `SELECT s.id AS "schoolId",
              CASE WHEN EXTRACT(ISODOW FROM $2::date) >= 6 THEN 'WEEKEND'
                   WHEN EXISTS (SELECT 1 FROM school_holiday h
                                 WHERE h.holiday_on = $2::date AND (h.school_id IS NULL OR h.school_id = s.id)) THEN 'HOLIDAY'
                   WHEN NOT EXISTS (SELECT 1 FROM school_term t WHERE $2::date BETWEEN t.starts_on AND t.ends_on)
                     THEN 'OUTSIDE_TERM' END AS reason
         FROM unnest($1::uuid[]) AS s(id)`,
      [schoolIds, date],
    );
    return new Map(rows.filter((r) => r.reason).map((r) => [r.schoolId, r.reason!]));
  }

  /** Distinct school days of each school in [from, to] (the calendar, the school's holidays included). */
  async schoolDays(schoolIds: readonly string[], from: string, to: string): Promise<Map<string, number>> {
    const rows: Array<{ schoolId: string; days: number }> = await this.db.query(
      `SELECT s.id AS "schoolId", count(g)::int AS days
         FROM unnest($1::uuid[]) AS s(id)
         LEFT JOIN LATERAL generate_series($2::date, $3::date, interval '1 day') g ON ${isSchoolDay('g::date', 's.id')}
        GROUP BY s.id`,
      [schoolIds, from, to],
    );
    return new Map(rows.map((r) => [r.schoolId, r.days]));
  }

  /**
   * The chronic-absence list of one school as of a date: students on its roll that day, over the last
   * `windowDays` school days up to it (the days of the window they were on the roll). Listed when
   * attended < threshold × school days (exactly at the threshold is not listed) or when the latest
   * `consecutive` marked school days are all ABSENT; dropout risk when both hold, or attended < 0.6 ×
   * school days. Comparisons are exact (numeric), never on a rounded rate.
   */
  async chronicAbsence(
    schoolId: string,
    asOf: string,
    windowDays: number,
    threshold: number,
    consecutive: number,
  ): Promise<{ windowStart: string | null; windowDays: number; rows: ChronicAbsenceRow[] }> {
    const [win] = await this.db.query(
      `SELECT to_char(min(d), 'YYYY-MM-DD') AS start, count(*)::int AS days
         FROM (SELECT g::date AS d FROM generate_series($2::date - 730, $2::date, interval '1 day') g
                WHERE ${isSchoolDay('g::date', '$1::uuid')} ORDER BY g DESC LIMIT $3) w`,
      [schoolId, asOf, windowDays],
    );
    if (!win.days) return { windowStart: null, windowDays: 0, rows: [] };
    const rows: ChronicAbsenceRow[] = await this.db.query(
      `WITH win AS (SELECT g::date AS d FROM generate_series($3::date, $2::date, interval '1 day') g
                     WHERE ${isSchoolDay('g::date', '$1::uuid')}),
            now_roll AS (SELECT DISTINCT ON (e.student_id) e.student_id, e.grade_level, e.classroom
                           FROM enrollment e WHERE e.school_id = $1 AND ${onRoll('e', '$2::date')}
                          ORDER BY e.student_id, e.started_on DESC),
            roll AS (SELECT DISTINCT n.student_id, w.d
                       FROM now_roll n
                       JOIN enrollment e ON e.student_id = n.student_id AND e.school_id = $1
                       JOIN win w ON ${onRoll('e', 'w.d')}),
            ds AS (${dayStatuses('m.school_id = $1 AND m.attended_on BETWEEN $3::date AND $2::date')}),
            per AS (SELECT r.student_id, count(*)::int AS days,
                           count(*) FILTER (WHERE ds.status IN ${ATTENDED})::int AS attended,
                           count(*) FILTER (WHERE ds.status = 'ABSENT')::int AS absent
                      FROM roll r LEFT JOIN ds ON ds.student_id = r.student_id AND ds.attended_on = r.d
                     GROUP BY r.student_id),
            runs AS (SELECT x.student_id,
                            coalesce(min(x.rn) FILTER (WHERE x.status <> 'ABSENT') - 1, count(*))::int AS run
                       FROM (SELECT ds.student_id, ds.status,
                                    row_number() OVER (PARTITION BY ds.student_id ORDER BY ds.attended_on DESC) AS rn
                               FROM ds JOIN roll r ON r.student_id = ds.student_id AND r.d = ds.attended_on) x
                      GROUP BY x.student_id),
            judged AS (SELECT p.*, coalesce(runs.run, 0) AS run,
                              p.attended::numeric < $4::numeric * p.days AS below,
                              coalesce(runs.run, 0) >= $5 AS streak
                         FROM per p LEFT JOIN runs ON runs.student_id = p.student_id)
       SELECT j.student_id AS "studentId", n.grade_level AS "gradeLevel", n.classroom,
              j.days AS "schoolDays", j.attended, j.absent, j.run AS "consecutiveAbsences",
              j.below AS "belowThreshold",
              ((j.below AND j.streak) OR j.attended::numeric < 0.6 * j.days) AS "dropoutRisk"
         FROM judged j JOIN now_roll n ON n.student_id = j.student_id
        WHERE j.below OR j.streak
        ORDER BY j.attended::numeric / j.days, j.run DESC, n.grade_level, n.classroom, j.student_id`,
      [schoolId, asOf, win.start, String(threshold), consecutive],
    );
    return { windowStart: win.start, windowDays: win.days, rows };
  }
}
