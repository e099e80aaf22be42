import type { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RecordScope, type ScopeColumns } from '../access/record-scope';
import type {
  AppointmentRow,
  PostingRow,
  Qualification,
  ReplicaSchool,
  StaffFilter,
  StaffRow,
  TeachingLicenceRow,
} from './staff.types';

import { isUuid, returnedRows } from '@smss/db';
import { directoryReplica } from '@smss/events';

export { isUuid };
const uuids = (keys: readonly string[]) => keys.filter(isUuid);

const d = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** A staff list is scoped by the appointment `a` that places each person, and the person `s`. */
const PLACED_STAFF: ScopeColumns = {
  schoolCode: 'a.school_code',
  areaOfficeCode: 'a.area_office_code',
  people: ['s.account_subject'],
};

const STAFF_COLUMNS = `
  s.id, s.national_id AS "nationalId", s.title, s.first_name_th AS "firstNameTh", s.last_name_th AS "lastNameTh",
  s.first_name_en AS "firstNameEn", s.last_name_en AS "lastNameEn", ${d('s.birth_date')} AS "birthDate",
  s.phone, s.email, s.salary::text AS salary, s.academic_standing AS "academicStanding",
  s.main_subject AS "mainSubject", s.qualifications, ${d('s.service_start_date')} AS "serviceStartDate",
  s.account_subject AS "accountSubject", s.vacation_opening_fiscal_year AS "vacationOpeningFiscalYear",
  s.vacation_opening_days::float8 AS "vacationOpeningDays", s.version, s.updated_at AS "updatedAt"`;

/** Columns of the placing appointment `p`, flattened with a `p_` prefix. */
const POSTING_COLUMNS = `
  p.id AS p_appointment_id, p.posting_kind AS p_posting_kind, p.school_id AS p_school_id,
  p.school_code AS p_school_code, p.area_office_code AS p_area_office_code, p.position_type AS p_position_type,
  p.position_number AS p_position_number, p.current AS p_current`;

/** SQL predicate: appointment `a` is in force on date parameter `$n`. */
export const inForce = (alias: string, param: string) =>
  `${alias}.start_date <= ${param}::date AND (${alias}.end_date IS NULL OR ${alias}.end_date >= ${param}::date)`;

/** Directors first, then deputies, teachers, …; then by name. */
const STAFF_ORDER = `
  CASE a.position_type WHEN 'DIRECTOR' THEN 1 WHEN 'DEPUTY_DIRECTOR' THEN 2 WHEN 'TEACHER' THEN 3
    WHEN 'ASSISTANT_TEACHER' THEN 4 WHEN 'GOVERNMENT_EMPLOYEE' THEN 5 WHEN 'TEMPORARY_EMPLOYEE' THEN 6 ELSE 7 END,
  s.last_name_th, s.first_name_th, s.id`;

type RawStaff = Omit<StaffRow, 'placement'> & Record<string, unknown>;

function toStaffRow(raw: RawStaff): StaffRow {
  const {
    p_appointment_id,
    p_posting_kind,
    p_school_id,
    p_school_code,
    p_area_office_code,
    p_position_type,
    p_position_number,
    p_current,
    total: _total,
    rn: _rn,
    group_key: _group,
    ...row
  } = raw;
  const placement: PostingRow | null = p_appointment_id
    ? {
        appointmentId: p_appointment_id as string,
        postingKind: p_posting_kind as PostingRow['postingKind'],
        schoolId: (p_school_id as string | null) ?? null,
        schoolCode: (p_school_code as string | null) ?? null,
        areaOfficeCode: p_area_office_code as string,
        positionType: p_position_type as PostingRow['positionType'],
        positionNumber: (p_position_number as string | null) ?? null,
        current: Boolean(p_current),
      }
    : null;
  return { ...(row as Omit<StaffRow, 'placement'>), placement };
}

/** Columns of appointment `a`; the queries join the person as `st` and the replica school as `r`. */
const APPOINTMENT_COLUMNS = `
  a.id, a.staff_id AS "staffId", st.account_subject AS "staffAccountSubject", a.kind, a.posting_kind AS "postingKind", a.school_id AS "schoolId",
  a.school_code AS "schoolCode", r.name_th AS "schoolNameTh", a.area_office_code AS "areaOfficeCode",
  a.position_type AS "positionType", a.position_number AS "positionNumber", ${d('a.start_date')} AS "startDate",
  ${d('a.end_date')} AS "endDate", a.order_reference AS "orderReference"`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface NewStaff {
  nationalId: string;
  title: string | null;
  firstNameTh: string;
  lastNameTh: string;
  firstNameEn: string | null;
  lastNameEn: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
  salary: string | null;
  academicStanding: string;
  mainSubject: string | null;
  qualifications: Qualification[];
  serviceStartDate: string;
  accountSubject: string | null;
  vacationOpeningFiscalYear: number;
  vacationOpeningDays: number;
  createdBy: string;
}

export interface NewAppointment {
  staffId: string;
  kind: 'INITIAL' | 'TRANSFER';
  postingKind: 'SCHOOL' | 'AREA_OFFICE';
  schoolId: string | null;
  schoolCode: string | null;
  areaOfficeCode: string;
  positionType: string;
  positionNumber: string | null;
  startDate: string;
  orderReference: string | null;
  createdBy: string;
}

/**
 * All SQL of staff, appointments, licences and the directory replica. Methods take arrays of keys
 * so the per-request DataLoaders batch (one statement per kind of lookup, however many parents).
 */
export class StaffRepository {
  constructor(private readonly db: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  /** Staff by id with their placing appointment (in force on `today`, else the latest). */
  async staffByIds(ids: readonly string[], today: string, manager?: EntityManager): Promise<StaffRow[]> {
    const raw: RawStaff[] = await this.q(manager).query(
      `SELECT ${STAFF_COLUMNS}, ${POSTING_COLUMNS}
         FROM staff s
         LEFT JOIN LATERAL (
           SELECT a.*, (${inForce('a', '$2')}) AS current FROM appointment a
            WHERE a.staff_id = s.id ORDER BY (${inForce('a', '$2')}) DESC, a.start_date DESC LIMIT 1
         ) p ON true
        WHERE s.id = ANY($1::uuid[])`,
      [uuids(ids), today],
    );
    return raw.map(toStaffRow);
  }

  async staffIdByAccountSubject(subject: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM staff WHERE account_subject = $1`,
      [subject],
    );
    return rows[0]?.id ?? null;
  }

  /** Staff in force on `today` that the scope allows, filtered, paged, with the total (one statement). */
  async listStaff(
    scope: RecordScope,
    filter: StaffFilter,
    today: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: StaffRow[]; total: number }> {
    const params: unknown[] = [today];
    const where: string[] = [inForce('a', '$1')];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (scope.kind === 'NONE') return { rows: [], total: 0 };
    where.push(scopeSql(scope, PLACED_STAFF, params));
    if (filter.schoolId) {
      if (!isUuid(filter.schoolId)) return { rows: [], total: 0 };
      add('a.school_id = ?::uuid', filter.schoolId);
    }
    if (filter.areaOfficeCode) add('a.area_office_code = ?', filter.areaOfficeCode);
    if (filter.positionType) add('a.position_type = ?', filter.positionType);
    if (filter.academicStanding) add('s.academic_standing = ?', filter.academicStanding);
    if (filter.search?.trim()) {
      add(`(s.first_name_th || ' ' || s.last_name_th) ILIKE ?`, likePattern(filter.search.trim()));
    }
    params.push(limit, offset);
    const raw: RawStaff[] = await this.db.query(
      `SELECT ${STAFF_COLUMNS}, a.id AS p_appointment_id, a.posting_kind AS p_posting_kind, a.school_id AS p_school_id,
              a.school_code AS p_school_code, a.area_office_code AS p_area_office_code,
              a.position_type AS p_position_type, a.position_number AS p_position_number, true AS p_current,
              count(*) OVER () AS total
         FROM appointment a JOIN staff s ON s.id = a.staff_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${STAFF_ORDER}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    if (raw.length === 0 && offset > 0) {
      const [{ count }] = await this.db.query(
        `SELECT count(*)::int AS count FROM appointment a JOIN staff s ON s.id = a.staff_id WHERE ${where.join(' AND ')}`,
        params.slice(0, -2),
      );
      return { rows: [], total: count };
    }
    return { rows: raw.map(toStaffRow), total: raw.length ? Number(raw[0]!.total) : 0 };
  }

  /**
   * Staff in force at many schools (or areas) at once, one page each, in ONE statement: the rows
   * numbered per container, then cut to [offset, offset + limit).
   */
  async staffPagesByContainer(
    container: 'school' | 'area',
    keys: readonly string[],
    scope: RecordScope,
    today: string,
    limit: number,
    offset: number,
  ): Promise<Map<string, StaffRow[]>> {
    if (scope.kind === 'NONE') return new Map();
    const column = container === 'school' ? 'a.school_id::text' : 'a.area_office_code::text';
    const params: unknown[] = [container === 'school' ? uuids(keys) : keys, today, offset, offset + limit];
    const extra = ` AND ${scopeSql(scope, PLACED_STAFF, params)}`;
    const raw: RawStaff[] = await this.db.query(
      `SELECT * FROM (
         SELECT ${STAFF_COLUMNS}, a.id AS p_appointment_id, a.posting_kind AS p_posting_kind, a.school_id AS p_school_id,
                a.school_code AS p_school_code, a.area_office_code AS p_area_office_code,
                a.position_type AS p_position_type, a.position_number AS p_position_number, true AS p_current,
                ${column} AS group_key,
                row_number() OVER (PARTITION BY ${column} ORDER BY ${STAFF_ORDER}) AS rn
           FROM appointment a JOIN staff s ON s.id = a.staff_id
          WHERE ${container === 'school' ? 'a.school_id = ANY($1::uuid[])' : 'a.area_office_code = ANY($1::text[])'}
            AND ${inForce('a', '$2')}${extra}
       ) page WHERE rn > $3 AND rn <= $4 ORDER BY group_key, rn`,
      params,
    );
    const pages = new Map<string, StaffRow[]>();
    for (const r of raw) {
      const key = String(r.group_key);
      pages.set(key, [...(pages.get(key) ?? []), toStaffRow(r)]);
    }
    return pages;
  }

  /** Staff in force per school (or area) within the scope (ALL for the aggregate), in one statement. */
  async staffCountsByContainer(
    container: 'school' | 'area',
    keys: readonly string[],
    scope: RecordScope,
    today: string,
  ): Promise<Map<string, number>> {
    if (scope.kind === 'NONE') return new Map();
    const column = container === 'school' ? 'a.school_id::text' : 'a.area_office_code::text';
    const params: unknown[] = [container === 'school' ? uuids(keys) : keys, today];
    const extra = scope.kind === 'ALL' ? '' : ` AND ${scopeSql(scope, PLACED_STAFF, params)}`;
    const rows: Array<{ key: string; count: number }> = await this.db.query(
      `SELECT ${column} AS key, count(*)::int AS count
         FROM appointment a ${scope.kind === 'SELF' ? 'JOIN staff s ON s.id = a.staff_id' : ''}
        WHERE ${container === 'school' ? 'a.school_id = ANY($1::uuid[])' : 'a.area_office_code = ANY($1::text[])'}
          AND ${inForce('a', '$2')}${extra}
        GROUP BY 1`,
      params,
    );
    return new Map(rows.map((r) => [r.key, r.count]));
  }

  /** The appointments of many people that the scope reaches (each belongs to its own school / area office). */
  async appointmentsByStaff(staffIds: readonly string[], scope: RecordScope): Promise<AppointmentRow[]> {
    if (scope.kind === 'NONE') return [];
    const params: unknown[] = [uuids(staffIds)];
    const inScope = scopeSql(
      scope,
      { schoolCode: 'a.school_code', areaOfficeCode: 'a.area_office_code', people: ['st.account_subject'] },
      params,
    );
    return this.db.query(
      `SELECT ${APPOINTMENT_COLUMNS} FROM appointment a
         JOIN staff st ON st.id = a.staff_id
         LEFT JOIN directory_school_replica r ON r.school_id = a.school_id
        WHERE a.staff_id = ANY($1::uuid[]) AND ${inScope} ORDER BY a.staff_id, a.start_date`,
      params,
    );
  }

  async licencesByStaff(staffIds: readonly string[]): Promise<TeachingLicenceRow[]> {
    return this.db.query(
      `SELECT id, staff_id AS "staffId", licence_number AS "licenceNumber", ${d('issue_date')} AS "issueDate",
              ${d('expiry_date')} AS "expiryDate"
         FROM teaching_licence WHERE staff_id = ANY($1::uuid[]) ORDER BY staff_id, expiry_date DESC`,
      [uuids(staffIds)],
    );
  }

  /**
   * Each person's latest licence, when it expires by `until` (and, unless `includeExpired`, not
   * before `today`), for the staff in force at one school or in one area. Paged, with the total.
   */
  async expiringLicences(
    where: { schoolId?: string; areaOfficeCode?: string },
    scope: RecordScope,
    today: string,
    until: string,
    includeExpired: boolean,
    limit: number,
    offset: number,
  ): Promise<{ rows: TeachingLicenceRow[]; total: number }> {
    const params: unknown[] = [today, until, includeExpired, limit, offset];
    let placement: string;
    if (where.schoolId) {
      if (!isUuid(where.schoolId)) return { rows: [], total: 0 };
      params.push(where.schoolId);
      placement = `a.school_id = $${params.length}::uuid`;
    } else {
      params.push(where.areaOfficeCode);
      placement = `a.area_office_code = $${params.length}`;
    }
    if (scope.kind === 'NONE') return { rows: [], total: 0 };
    placement += ` AND ${scopeSql(scope, PLACED_STAFF, params)}`;
    const rows: Array<TeachingLicenceRow & { total: string }> = await this.db.query(
      `SELECT l.id, l.staff_id AS "staffId", l.licence_number AS "licenceNumber", ${d('l.issue_date')} AS "issueDate",
              ${d('l.expiry_date')} AS "expiryDate", count(*) OVER () AS total
         FROM appointment a
         JOIN staff s ON s.id = a.staff_id
         JOIN LATERAL (
           SELECT * FROM teaching_licence t WHERE t.staff_id = a.staff_id ORDER BY t.expiry_date DESC LIMIT 1
         ) l ON true
        WHERE ${inForce('a', '$1')} AND ${placement}
          AND l.expiry_date <= $2::date AND ($3 OR l.expiry_date >= $1::date)
        ORDER BY l.expiry_date, l.id
        LIMIT $4 OFFSET $5`,
      params,
    );
    return {
      rows: rows.map(({ total: _t, ...r }) => r),
      total: rows.length ? Number(rows[0]!.total) : 0,
    };
  }

  async insertStaff(manager: EntityManager, s: NewStaff): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO staff (national_id, title, first_name_th, last_name_th, first_name_en, last_name_en, birth_date,
                          phone, email, salary, academic_standing, main_subject, qualifications, service_start_date,
                          account_subject, vacation_opening_fiscal_year, vacation_opening_days, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
      [
        s.nationalId,
        s.title,
        s.firstNameTh,
        s.lastNameTh,
        s.firstNameEn,
        s.lastNameEn,
        s.birthDate,
        s.phone,
        s.email,
        s.salary,
        s.academicStanding,
        s.mainSubject,
        JSON.stringify(s.qualifications),
        s.serviceStartDate,
        s.accountSubject,
        s.vacationOpeningFiscalYear,
        s.vacationOpeningDays,
        s.createdBy,
      ],
    );
    return row.id;
  }

  async insertAppointment(manager: EntityManager, a: NewAppointment): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO appointment (staff_id, kind, posting_kind, school_id, school_code, area_office_code, position_type,
                                position_number, start_date, order_reference, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
      [
        a.staffId,
        a.kind,
        a.postingKind,
        a.schoolId,
        a.schoolCode,
        a.areaOfficeCode,
        a.positionType,
        a.positionNumber,
        a.startDate,
        a.orderReference,
        a.createdBy,
      ],
    );
    return row.id;
  }

  /** The open appointment of a staff member, locked for the transaction. */
  async lockOpenAppointment(manager: EntityManager, staffId: string): Promise<AppointmentRow | null> {
    const rows: AppointmentRow[] = await manager.query(
      `SELECT ${APPOINTMENT_COLUMNS} FROM appointment a
         JOIN staff st ON st.id = a.staff_id
         LEFT JOIN directory_school_replica r ON r.school_id = a.school_id
        WHERE a.staff_id = $1 AND a.end_date IS NULL FOR UPDATE OF a`,
      [staffId],
    );
    return rows[0] ?? null;
  }

  /** The appointment in force on `date`, if any. */
  async appointmentOn(
    staffId: string,
    date: string,
    manager?: EntityManager,
  ): Promise<AppointmentRow | null> {
    const rows: AppointmentRow[] = await this.q(manager).query(
      `SELECT ${APPOINTMENT_COLUMNS} FROM appointment a
         JOIN staff st ON st.id = a.staff_id
         LEFT JOIN directory_school_replica r ON r.school_id = a.school_id
        WHERE a.staff_id = $1 AND ${inForce('a', '$2')}`,
      [staffId, date],
    );
    return rows[0] ?? null;
  }

  /** The area office an open appointment is released to (releaseStaff), locked; null when not released. */
  async releaseOf(manager: EntityManager, appointmentId: string): Promise<string | null> {
    const rows: Array<{ to: string }> = await manager.query(
      `SELECT to_area_office_code AS "to" FROM staff_release
        WHERE appointment_id = $1 AND transfer_appointment_id IS NULL FOR UPDATE`,
      [appointmentId],
    );
    return rows[0]?.to ?? null;
  }

  /** Record (or replace) the release of an open appointment to another area office. */
  async recordRelease(
    manager: EntityManager,
    r: {
      staffId: string;
      appointmentId: string;
      toAreaOfficeCode: string;
      orderReference: string | null;
      by: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO staff_release (staff_id, appointment_id, to_area_office_code, order_reference, released_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (appointment_id) WHERE transfer_appointment_id IS NULL
       DO UPDATE SET to_area_office_code = EXCLUDED.to_area_office_code, order_reference = EXCLUDED.order_reference,
                     released_by = EXCLUDED.released_by, released_at = now()`,
      [r.staffId, r.appointmentId, r.toAreaOfficeCode, r.orderReference, r.by],
    );
  }

  /** A release is used once: by the transfer that opened `transferAppointmentId`. */
  async useRelease(
    manager: EntityManager,
    appointmentId: string,
    transferAppointmentId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE staff_release SET transfer_appointment_id = $2
        WHERE appointment_id = $1 AND transfer_appointment_id IS NULL`,
      [appointmentId, transferAppointmentId],
    );
  }

  async closeAppointment(manager: EntityManager, appointmentId: string, endDate: string): Promise<void> {
    await manager.query(`UPDATE appointment SET end_date = $2 WHERE id = $1`, [appointmentId, endDate]);
  }

  /** Lock a staff row; false when it does not exist. */
  async lockStaff(manager: EntityManager, staffId: string): Promise<boolean> {
    if (!isUuid(staffId)) return false;
    const rows = await manager.query(`SELECT id FROM staff WHERE id = $1 FOR UPDATE`, [staffId]);
    return rows.length > 0;
  }

  async touchStaff(manager: EntityManager, staffId: string): Promise<void> {
    await manager.query(`UPDATE staff SET version = version + 1, updated_at = now() WHERE id = $1`, [
      staffId,
    ]);
  }

  /** Write the changed columns and bump the version; null when the version moved meanwhile. */
  async updateStaff(
    manager: EntityManager,
    staffId: string,
    expectedVersion: number,
    changes: Record<string, unknown>,
  ): Promise<boolean> {
    const columns = Object.keys(changes);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`);
    const rows = await manager.query(
      `UPDATE staff SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND version = $2 RETURNING id`,
      [staffId, expectedVersion, ...columns.map((c) => changes[c])],
    );
    return returnedRows(rows).length > 0;
  }

  async insertLicence(
    manager: EntityManager,
    l: { staffId: string; licenceNumber: string; issueDate: string; expiryDate: string; createdBy: string },
  ): Promise<TeachingLicenceRow> {
    const [row] = await manager.query(
      `INSERT INTO teaching_licence (staff_id, licence_number, issue_date, expiry_date, created_by)
       VALUES ($1,$2,$3,$4,$5)
       RETURNING id, staff_id AS "staffId", licence_number AS "licenceNumber", ${d('issue_date')} AS "issueDate",
                 ${d('expiry_date')} AS "expiryDate"`,
      [l.staffId, l.licenceNumber, l.issueDate, l.expiryDate, l.createdBy],
    );
    return row;
  }

  // ---- directory replica ----

  async replicaSchoolsByIds(ids: readonly string[], manager?: EntityManager): Promise<ReplicaSchool[]> {
    const rows = await directoryReplica.byIds(this.q(manager), ids);
    return rows.map(({ schoolCode, ...r }) => ({ ...r, obecCode: schoolCode }));
  }

  async areaOfficeKnown(code: string, manager?: EntityManager): Promise<boolean> {
    return (await directoryReplica.areaOfficeCodes(this.q(manager), [code])).length > 0;
  }
}
