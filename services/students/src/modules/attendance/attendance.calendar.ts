import type { DataSource, EntityManager } from 'typeorm';
import { badInput, forbidden, notFound } from '@smss/core';
import { isUuid, returnedRows } from '@smss/db';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { academicYearRange, isPlausibleBuddhistYear, isPlausibleIsoDate } from '@smss/thai';
import { assertCanWriteSchool } from '../registry/access';
import { isSchoolDay } from './attendance.sql';

export interface SchoolTermRow {
  academicYear: number;
  term: 1 | 2;
  startsOn: string;
  endsOn: string;
  source: string;
}

export interface SchoolHolidayRow {
  id: string;
  date: string;
  nameTh: string;
  nameEn: string;
  /** Null for a national holiday. */
  schoolCode: string | null;
  source: string;
  note: string | null;
}

export interface CalendarPlacement {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  status: string;
}

/** Why a date is not a school day (or null when it is one). */
export type NonSchoolDay =
  { reason: 'WEEKEND' } | { reason: 'HOLIDAY'; nameTh: string; nameEn: string } | { reason: 'OUTSIDE_TERM' };

const TERM_COLUMNS = `academic_year AS "academicYear", term::int AS term, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn",
  to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", source`;
const HOLIDAY_COLUMNS = `id, to_char(holiday_on, 'YYYY-MM-DD') AS date, name_th AS "nameTh", name_en AS "nameEn",
  school_code AS "schoolCode", source, note`;

export const checkIsoDate = (value: string, field: string): string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isPlausibleIsoDate(value))
    throw badInput(`${field} must be an ISO date (YYYY-MM-DD)`, `${field} ต้องเป็นวันที่รูปแบบ ปปปป-ดด-วว (ค.ศ.)`, [
      { field, messageEn: 'not an ISO date', messageTh: 'ไม่ใช่วันที่ที่ถูกต้อง' },
    ]);
  return value;
};

const checkAcademicYear = (ay: number) => {
  if (!Number.isInteger(ay) || !isPlausibleBuddhistYear(ay))
    throw badInput('academicYear must be a B.E. year (e.g. 2569)', 'ปีการศึกษาต้องเป็นปี พ.ศ. (เช่น 2569)', [
      { field: 'academicYear', messageEn: 'not a B.E. year', messageTh: 'ไม่ใช่ปี พ.ศ.' },
    ]);
};

const checkName = (value: string, field: string) => {
  const v = (value ?? '').trim();
  if (!v || v.length > 200)
    throw badInput(`${field} must be 1–200 characters`, `${field} ต้องมีความยาว 1–200 ตัวอักษร`, [
      { field, messageEn: '1–200 characters', messageTh: 'ความยาว 1–200 ตัวอักษร' },
    ]);
  return v;
};

/**
 * The school calendar as data: terms per academic year (OBEC administrators set them) and holidays —
 * national (OBEC administrators) or of one school (its staff, its area office, OBEC administrators).
 * Weekends are never school days. Every attendance read and write decides school days from these rows.
 */
export class AttendanceCalendar {
  constructor(private readonly db: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async placement(schoolCode: string, manager?: EntityManager): Promise<CalendarPlacement> {
    const [p] = await this.placements('obec_code', [schoolCode], manager);
    if (!p) throw notFound('School', 'โรงเรียน', String(schoolCode).slice(0, 20));
    return p;
  }

  async placements(
    column: 'obec_code' | 'school_id' | 'area_office_code',
    keys: readonly string[],
    manager?: EntityManager,
  ): Promise<CalendarPlacement[]> {
    const values = column === 'school_id' ? keys.filter(isUuid) : [...keys];
    if (!values.length) return [];
    return this.m(manager).query(
      `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode",
              province_code AS "provinceCode", status
         FROM directory_school_replica WHERE ${column} = ANY($1::${column === 'school_id' ? 'uuid' : 'text'}[])`,
      [values],
    );
  }

  terms(academicYear: number): Promise<SchoolTermRow[]> {
    return this.db.query(`SELECT ${TERM_COLUMNS} FROM school_term WHERE academic_year = $1 ORDER BY term`, [
      academicYear,
    ]);
  }

  /** National holidays of the academic year, and the school's own when a school is given. */
  holidays(academicYear: number, schoolId: string | null): Promise<SchoolHolidayRow[]> {
    const { start, end } = academicYearRange(academicYear);
    return this.db.query(
      `SELECT ${HOLIDAY_COLUMNS} FROM school_holiday
        WHERE holiday_on BETWEEN $1 AND $2 AND (school_id IS NULL OR school_id = $3::uuid)
        ORDER BY holiday_on, school_code NULLS FIRST`,
      [start, end, schoolId],
    );
  }

  /** School days per term of the year (for a school, its own holidays too). */
  async schoolDayCounts(academicYear: number, schoolId: string | null): Promise<Map<number, number>> {
    const rows: Array<{ term: number; days: number }> = await this.db.query(
      `SELECT t.term::int AS term, count(g)::int AS days
         FROM school_term t
         LEFT JOIN LATERAL generate_series(t.starts_on, t.ends_on, interval '1 day') g
           ON ${isSchoolDay('g::date', '$2::uuid')}
        WHERE t.academic_year = $1 GROUP BY t.term`,
      [academicYear, schoolId],
    );
    return new Map(rows.map((r) => [r.term, r.days]));
  }

  /** Null when `date` is a school day of the school; else why not. */
  async nonSchoolDay(m: EntityManager, schoolId: string, date: string): Promise<NonSchoolDay | null> {
    const [row] = await m.query(
      `SELECT EXTRACT(ISODOW FROM $1::date) >= 6 AS weekend,
              EXISTS (SELECT 1 FROM school_term t WHERE $1::date BETWEEN t.starts_on AND t.ends_on) AS in_term,
              (SELECT json_build_object('nameTh', h.name_th, 'nameEn', h.name_en) FROM school_holiday h
                WHERE h.holiday_on = $1::date AND (h.school_id IS NULL OR h.school_id = $2)
                ORDER BY h.school_id NULLS FIRST LIMIT 1) AS holiday`,
      [date, schoolId],
    );
    if (row.weekend) return { reason: 'WEEKEND' };
    if (row.holiday) return { reason: 'HOLIDAY', ...row.holiday };
    if (!row.in_term) return { reason: 'OUTSIDE_TERM' };
    return null;
  }

  /** OBEC administrators set a term's dates (inside the academic year; term 1 before term 2). */
  async setTerm(
    viewer: MaybeViewer,
    input: { academicYear: number; term: number; startsOn: string; endsOn: string; source?: string | null },
  ): Promise<SchoolTermRow> {
    const v = requireViewer(viewer);
    if (v.role !== 'obec-admin')
      throw forbidden('Only OBEC administrators set the terms', 'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่กำหนดภาคเรียนได้');
    checkAcademicYear(input.academicYear);
    if (input.term !== 1 && input.term !== 2)
      throw badInput('term must be 1 or 2', 'ภาคเรียนต้องเป็น 1 หรือ 2', [
        { field: 'term', messageEn: '1 or 2', messageTh: '1 หรือ 2' },
      ]);
    const startsOn = checkIsoDate(input.startsOn, 'startsOn');
    const endsOn = checkIsoDate(input.endsOn, 'endsOn');
    const year = academicYearRange(input.academicYear);
    if (endsOn < startsOn || startsOn < year.start || endsOn > year.end)
      throw badInput(
        `The term must start on or before its end, within academic year ${input.academicYear} (${year.start} – ${year.end})`,
        `ภาคเรียนต้องเริ่มก่อนวันสิ้นสุด และอยู่ในปีการศึกษา ${input.academicYear} (${year.start} – ${year.end})`,
      );
    const source = (input.source ?? '').trim() || `Set by ${v.subject}`;
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('smss.school-term'), $1)`, [input.academicYear]);
      const [other] = await m.query(
        `SELECT to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
           FROM school_term WHERE academic_year = $1 AND term = $2`,
        [input.academicYear, input.term === 1 ? 2 : 1],
      );
      if (other && (input.term === 1 ? endsOn >= other.startsOn : startsOn <= other.endsOn))
        throw badInput(
          `Term 1 must end before term 2 starts (the other term: ${other.startsOn} – ${other.endsOn})`,
          `ภาคเรียนที่ 1 ต้องสิ้นสุดก่อนภาคเรียนที่ 2 เริ่ม (อีกภาคเรียน: ${other.startsOn} – ${other.endsOn})`,
        );
      const [row] = await m.query(
        `INSERT INTO school_term (academic_year, term, starts_on, ends_on, source, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (academic_year, term) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
           source = EXCLUDED.source, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING ${TERM_COLUMNS}`,
        [input.academicYear, input.term, startsOn, endsOn, source, v.subject],
      );
      return row as SchoolTermRow;
    });
  }

  /**
   * A holiday: national (no schoolCode; OBEC administrators) or of one school (its staff, its area
   * office, OBEC administrators). A second holiday on the same date and scope is BAD_USER_INPUT.
   */
  async addHoliday(
    viewer: MaybeViewer,
    input: { date: string; nameTh: string; nameEn: string; schoolCode?: string | null; note?: string | null },
  ): Promise<SchoolHolidayRow> {
    const v = requireViewer(viewer);
    const date = checkIsoDate(input.date, 'date');
    const nameTh = checkName(input.nameTh, 'nameTh');
    const nameEn = checkName(input.nameEn, 'nameEn');
    const note = input.note?.trim().slice(0, 1000) || null;
    let place: CalendarPlacement | null = null;
    if (input.schoolCode != null) {
      place = await this.placement(input.schoolCode);
      assertCanWriteSchool(v, place);
    } else if (v.role !== 'obec-admin') {
      throw forbidden(
        'Only OBEC administrators add national holidays; give schoolCode for a school holiday',
        'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่เพิ่มวันหยุดราชการได้ ระบุ schoolCode สำหรับวันหยุดของโรงเรียน',
      );
    }
    const rows = returnedRows<SchoolHolidayRow>(
      await this.db.query(
        `INSERT INTO school_holiday (holiday_on, name_th, name_en, school_id, school_code, area_office_code, source, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (holiday_on, school_code) DO NOTHING
         RETURNING ${HOLIDAY_COLUMNS}`,
        [
          date,
          nameTh,
          nameEn,
          place?.schoolId ?? null,
          place?.schoolCode ?? null,
          place?.areaOfficeCode ?? null,
          place ? `Declared by the school (${v.subject})` : `Declared by OBEC (${v.subject})`,
          note,
          v.subject,
        ],
      ),
    );
    if (!rows.length)
      throw badInput(`There is already a holiday on ${date}`, `มีวันหยุดในวันที่ ${date} อยู่แล้ว`, [
        { field: 'date', messageEn: 'already a holiday', messageTh: 'เป็นวันหยุดอยู่แล้ว' },
      ]);
    return rows[0]!;
  }

  /** Remove a holiday (the same rights as adding it; holidays are public, so a refusal says FORBIDDEN). */
  async removeHoliday(viewer: MaybeViewer, id: string): Promise<boolean> {
    const v = requireViewer(viewer);
    const [h] = isUuid(id)
      ? await this.db.query(
          `SELECT school_code AS "schoolCode", area_office_code AS "areaOfficeCode" FROM school_holiday WHERE id = $1`,
          [id],
        )
      : [];
    if (!h) throw notFound('Holiday', 'วันหยุด', String(id).slice(0, 40));
    if (h.schoolCode) assertCanWriteSchool(v, { schoolCode: h.schoolCode, areaOfficeCode: h.areaOfficeCode });
    else if (v.role !== 'obec-admin')
      throw forbidden(
        'Only OBEC administrators remove national holidays',
        'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่ลบวันหยุดราชการได้',
      );
    await this.db.query(`DELETE FROM school_holiday WHERE id = $1`, [id]);
    return true;
  }
}
