import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance (Students II): the school calendar as data (terms per academic year, national and
 * per-school holidays), the current mark of each student per school day and period, and the history of
 * corrections (who, when, old → new).
 *
 * Seeded here, as data with its source:
 * - terms of academic years 2568–2570 from the default Thai pattern (`libs/thai`: the year starts 16 May;
 *   term 1 16 May – 10 October, term 2 1 November – 31 March). These are NOT the dates OBEC announces each
 *   year; an OBEC administrator replaces them with `setSchoolTerm`.
 * - national public holidays falling in academic years 2568–2569 (16 May 2025 – 15 May 2027). The fixed
 *   dates are the cabinet's list of official public holidays as reported by The Phuket News ("May 4
 *   approved as Coronation Day", https://www.thephuketnews.com/may-4-approved-as-coronation-day-71506.php);
 *   the lunar dates (Asanha Bucha, Khao Phansa, Makha Bucha, Visakha Bucha) are NOT verified against the
 *   year's cabinet announcement (no source at hand) and say so in their note. Substitution days, the
 *   Royal Ploughing day and extra holidays the cabinet declares each year are not seeded: OBEC
 *   administrators add them with `addSchoolHoliday`.
 */
export class CreateAttendance1766100000500 implements MigrationInterface {
  name = 'CreateAttendance1766100000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE school_term (
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        term smallint NOT NULL CHECK (term IN (1, 2)),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        source text NOT NULL,
        updated_by text NOT NULL DEFAULT 'migration',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (academic_year, term),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`
      CREATE TABLE school_holiday (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        holiday_on date NOT NULL,
        name_th text NOT NULL,
        name_en text NOT NULL,
        -- NULL: a national holiday (every school); else the one school that closes that day.
        school_id uuid,
        school_code text,
        area_office_code text,
        source text NOT NULL,
        note text,
        created_by text NOT NULL DEFAULT 'migration',
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((school_id IS NULL) = (school_code IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX school_holiday_one_a_day ON school_holiday (holiday_on, school_code) NULLS NOT DISTINCT`,
    );
    await q.query(`CREATE INDEX school_holiday_school ON school_holiday (school_id, holiday_on)`);
    await q.query(`
      CREATE TABLE attendance_mark (
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        attended_on date NOT NULL,
        -- 0: the whole day; 1–10: one teaching period.
        period smallint NOT NULL CHECK (period BETWEEN 0 AND 10),
        -- No foreign keys: every row is placed through its enrolment (which references the student) in the
        -- statement that writes it, and a national day is 6.5 M rows (a per-row RI check would cost a third).
        student_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        grade_level text NOT NULL,
        classroom text NOT NULL,
        status text NOT NULL CHECK (status IN ('PRESENT','ABSENT','LATE','SICK_LEAVE','PERSONAL_LEAVE')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_id, attended_on, period, student_id)
      )`);
    await q.query(`CREATE INDEX attendance_mark_student ON attendance_mark (student_id, attended_on)`);
    await q.query(`
      CREATE TABLE attendance_mark_history (
        id bigserial PRIMARY KEY,
        school_id uuid NOT NULL,
        attended_on date NOT NULL,
        period smallint NOT NULL,
        student_id uuid NOT NULL,
        old_status text NOT NULL,
        new_status text NOT NULL,
        old_recorded_by text NOT NULL,
        old_recorded_at timestamptz NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX attendance_mark_history_mark ON attendance_mark_history (school_id, attended_on, period, student_id)`,
    );

    // One row per school and day recorded: the revision the daily event carries (the latest wins).
    await q.query(`
      CREATE TABLE attendance_day (
        school_id uuid NOT NULL,
        attended_on date NOT NULL,
        revision int NOT NULL DEFAULT 1,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_id, attended_on)
      )`);

    const termSource =
      'Default Thai pattern (libs/thai academic year: term 1 16 May – 10 Oct, term 2 1 Nov – 31 Mar); not the dates OBEC announced for the year';
    for (const ay of [2568, 2569, 2570]) {
      const ce = ay - 543;
      await q.query(
        `INSERT INTO school_term (academic_year, term, starts_on, ends_on, source)
         VALUES ($1, 1, $2, $3, $6), ($1, 2, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [ay, `${ce}-05-16`, `${ce}-10-10`, `${ce}-11-01`, `${ce + 1}-03-31`, termSource],
      );
    }

    const fixedSource =
      "Cabinet's list of official public holidays, as reported by The Phuket News (https://www.thephuketnews.com/may-4-approved-as-coronation-day-71506.php)";
    const lunarNote =
      'Lunar date: not verified against the cabinet announcement for the year (no source at hand); check and correct';
    const fixed: Array<[string, string, string]> = [
      ['01-01', 'วันขึ้นปีใหม่', "New Year's Day"],
      ['04-06', 'วันจักรี', 'Chakri Memorial Day'],
      ['04-13', 'วันสงกรานต์', 'Songkran Festival'],
      ['04-14', 'วันสงกรานต์', 'Songkran Festival'],
      ['04-15', 'วันสงกรานต์', 'Songkran Festival'],
      ['05-04', 'วันฉัตรมงคล', 'Coronation Day'],
      ['06-03', 'วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี', "HM the Queen's Birthday"],
      ['07-28', 'วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', "HM the King's Birthday"],
      ['08-12', 'วันแม่แห่งชาติ', "HM the Queen Mother's Birthday and National Mother's Day"],
      ['10-13', 'วันนวมินทรมหาราช', 'King Bhumibol Adulyadej Memorial Day'],
      ['10-23', 'วันปิยมหาราช', 'King Chulalongkorn Memorial Day'],
      ['12-05', 'วันพ่อแห่งชาติ', "King Bhumibol's Birthday, National Day and National Father's Day"],
      ['12-10', 'วันรัฐธรรมนูญ', 'Constitution Day'],
      ['12-31', 'วันสิ้นปี', "New Year's Eve"],
    ];
    const rows: Array<[string, string, string, string, string | null]> = [];
    for (const year of [2025, 2026, 2027])
      for (const [md, th, en] of fixed) {
        const date = `${year}-${md}`;
        if (date >= '2025-05-16' && date <= '2027-05-15') rows.push([date, th, en, fixedSource, null]);
      }
    const lunar: Array<[string, string, string]> = [
      ['2025-07-10', 'วันอาสาฬหบูชา', 'Asanha Bucha Day'],
      ['2025-07-11', 'วันเข้าพรรษา', 'Buddhist Lent Day'],
      ['2026-03-03', 'วันมาฆบูชา', 'Makha Bucha Day'],
      ['2026-05-31', 'วันวิสาขบูชา', 'Visakha Bucha Day'],
      ['2026-07-29', 'วันอาสาฬหบูชา', 'Asanha Bucha Day'],
      ['2026-07-30', 'วันเข้าพรรษา', 'Buddhist Lent Day'],
      ['2027-02-20', 'วันมาฆบูชา', 'Makha Bucha Day'],
    ];
    for (const [date, th, en] of lunar)
      rows.push([date, th, en, 'Full-moon day of the Thai lunar calendar', lunarNote]);
    await q.query(
      `INSERT INTO school_holiday (holiday_on, name_th, name_en, source, note)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[4]),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'attendance_day',
      'attendance_mark_history',
      'attendance_mark',
      'school_holiday',
      'school_term',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
