import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AttendanceDaily, enqueueEvents } from '@smss/events';
import { checkIsoDate } from './attendance.calendar';
import { dayStatuses, isSchoolDay, onRoll } from './attendance.sql';

export interface BatchDayReport {
  date: string;
  /** Rows read from the file. */
  rows: number;
  /** Marks written for the first time. */
  recorded: number;
  /** Marks whose status changed (history kept). */
  corrected: number;
  /** Rows refused: unknown school, not a school day there, student not on its roll, bad id or status. */
  refused: number;
  /** One daily event per school recorded. */
  events: number;
  seconds: {
    copy: number;
    place: number;
    history: number;
    upsert: number;
    apply: number;
    events: number;
    total: number;
  };
}

/**
 * The batch path for a national day of attendance (millions of marks from the area offices' systems):
 * the CSV (`school_code,student_id,status`, no header) is COPYed into a temporary staging table, then
 * one INSERT … SELECT places every row through the directory replica, keeps only rows of a school day of
 * that school and of a student on its roll, and upserts them (corrections into the history first); one
 * `students.attendance.daily.v1` per school goes to the outbox. All in one transaction on `client`:
 * nothing is written unless everything is. Refused rows are counted, not listed (the interactive
 * mutation names them).
 */
export async function loadAttendanceDay(
  client: ClientBase,
  date: string,
  csv: Readable,
  recordedBy: string,
): Promise<BatchDayReport> {
  checkIsoDate(date, 'date');
  const t0 = performance.now();
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE attendance_stage (school_code text, student_id text, status text) ON COMMIT DROP`,
    );
    await pipeline(csv, client.query(copyFrom(`COPY attendance_stage FROM STDIN WITH (FORMAT csv)`)));
    // Temporary tables are never analysed by autovacuum: without statistics the planner guesses badly.
    await client.query(`ANALYZE attendance_stage`);
    const t1 = performance.now();
    await client.query(
      `CREATE TEMP TABLE attendance_placed (school_id uuid, school_code text, area_office_code text, student_id uuid,
         enrollment_id uuid, grade_level text, classroom text, status text) ON COMMIT DROP`,
    );
    await client.query(
      `INSERT INTO attendance_placed
       SELECT r.school_id, r.obec_code, r.area_office_code, e.student_id, e.id, e.grade_level, e.classroom, s.status
         FROM (SELECT school_code, status,
                      CASE WHEN student_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                           THEN student_id::uuid END AS student_id
                 FROM attendance_stage) s
         JOIN (SELECT r.* FROM directory_school_replica r
                WHERE r.status = 'OPEN' AND ${isSchoolDay('$1::date', 'r.school_id')}) r
           ON r.obec_code = s.school_code
         JOIN enrollment e
           ON e.student_id = s.student_id AND e.school_id = r.school_id AND ${onRoll('e', '$1::date')}
        WHERE s.status IN ('PRESENT','ABSENT','LATE','SICK_LEAVE','PERSONAL_LEAVE')`,
      [date],
    );
    await client.query(`ANALYZE attendance_placed`);
    const tPlaced = performance.now();
    const [{ rows }] = (await client.query(`SELECT count(*)::int AS rows FROM attendance_stage`)).rows;
    const corrected =
      (
        await client.query(
          `INSERT INTO attendance_mark_history
           (school_id, attended_on, period, student_id, old_status, new_status, old_recorded_by, old_recorded_at, changed_by)
         SELECT m.school_id, m.attended_on, m.period, m.student_id, m.status, p.status, m.recorded_by, m.recorded_at, $2
           FROM attendance_placed p
           JOIN attendance_mark m ON m.school_id = p.school_id AND m.attended_on = $1 AND m.period = 0
                                 AND m.student_id = p.student_id AND m.status <> p.status`,
          [date, recordedBy],
        )
      ).rowCount ?? 0;
    const tHistory = performance.now();
    const written =
      (
        await client.query(
          `INSERT INTO attendance_mark AS a
           (school_id, school_code, area_office_code, attended_on, period, student_id, enrollment_id, grade_level,
            classroom, status, recorded_by)
         SELECT DISTINCT ON (p.school_id, p.student_id) p.school_id, p.school_code, p.area_office_code, $1, 0,
                p.student_id, p.enrollment_id, p.grade_level, p.classroom, p.status, $2
           FROM attendance_placed p
          ORDER BY p.school_id, p.student_id
         ON CONFLICT (school_id, attended_on, period, student_id) DO UPDATE
            SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
          WHERE a.status <> EXCLUDED.status`,
          [date, recordedBy],
        )
      ).rowCount ?? 0;
    const tUpsert = performance.now();
    const [{ placed }] = (await client.query(`SELECT count(*)::int AS placed FROM attendance_placed`)).rows;
    const t2 = performance.now();
    const events = await enqueueDailyEvents(client, date);
    await client.query('COMMIT');
    const t3 = performance.now();
    return {
      date,
      rows,
      recorded: written - corrected,
      corrected,
      refused: rows - placed,
      events,
      seconds: {
        copy: (t1 - t0) / 1000,
        place: (tPlaced - t1) / 1000,
        history: (tHistory - tPlaced) / 1000,
        upsert: (tUpsert - tHistory) / 1000,
        apply: (t2 - t1) / 1000,
        events: (t3 - t2) / 1000,
        total: (t3 - t0) / 1000,
      },
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** One daily event per school in the staging table: the day's totals after the load (aggregate only). */
async function enqueueDailyEvents(client: ClientBase, date: string): Promise<number> {
  const { rows } = await client.query(
    `WITH schools AS (SELECT DISTINCT school_id FROM attendance_placed),
          rev AS (INSERT INTO attendance_day (school_id, attended_on) SELECT school_id, $1 FROM schools
                  ON CONFLICT (school_id, attended_on) DO UPDATE SET revision = attendance_day.revision + 1, recorded_at = now()
                  RETURNING school_id, revision),
          roll AS (SELECT DISTINCT ON (e.school_id, e.student_id) e.school_id, e.student_id
                     FROM enrollment e JOIN schools s ON s.school_id = e.school_id
                    WHERE ${onRoll('e', '$1::date')}),
          ds AS (${dayStatuses('m.attended_on = $1 AND m.school_id IN (SELECT school_id FROM schools)')}),
          totals AS (SELECT r.school_id, count(*)::int AS enrolled,
                            count(*) FILTER (WHERE ds.status = 'PRESENT')::int AS present,
                            count(*) FILTER (WHERE ds.status = 'ABSENT')::int AS absent,
                            count(*) FILTER (WHERE ds.status = 'LATE')::int AS late,
                            count(*) FILTER (WHERE ds.status = 'SICK_LEAVE')::int AS sick,
                            count(*) FILTER (WHERE ds.status = 'PERSONAL_LEAVE')::int AS personal,
                            count(*) FILTER (WHERE ds.status IS NULL)::int AS unmarked
                       FROM roll r LEFT JOIN ds ON ds.school_id = r.school_id AND ds.student_id = r.student_id
                      GROUP BY r.school_id)
     SELECT t.*, rev.revision, d.obec_code, d.area_office_code, d.province_code
       FROM totals t JOIN rev ON rev.school_id = t.school_id JOIN directory_school_replica d ON d.school_id = t.school_id`,
    [date],
  );
  await enqueueEvents(
    client,
    AttendanceDaily,
    rows.map((r) => ({
      aggregateId: r.school_id,
      payload: {
        schoolId: r.school_id,
        schoolCode: r.obec_code,
        areaOfficeCode: r.area_office_code,
        provinceCode: r.province_code,
        date,
        revision: r.revision,
        enrolled: r.enrolled,
        present: r.present,
        absent: r.absent,
        late: r.late,
        sickLeave: r.sick,
        personalLeave: r.personal,
        unmarked: r.unmarked,
      },
    })),
  );
  return rows.length;
}
