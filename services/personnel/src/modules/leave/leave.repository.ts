import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@smss/db';
import { scopeSql, type RecordScope, type ScopeColumns } from '../access/record-scope';
import { isUuid } from '../staff/staff.repository';
import type { LeaveFilter, LeaveRequestRow, LeaveStatus } from '../staff/staff.types';

const d = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** A leave request is scoped by where it was filed, and by its person (`s`) and filer. */
const FILED_LEAVE: ScopeColumns = {
  schoolCode: 'l.school_code',
  areaOfficeCode: 'l.area_office_code',
  people: ['s.account_subject', 'l.requested_by'],
};

const LEAVE_COLUMNS = `
  l.id, l.staff_id AS "staffId", s.account_subject AS "staffAccountSubject", l.leave_type AS "leaveType",
  ${d('l.start_date')} AS "startDate", ${d('l.end_date')} AS "endDate", l.half_day AS "halfDay",
  l.days::float8 AS days, l.counting_rule AS "countingRule", l.fiscal_year AS "fiscalYear", l.reason,
  l.contact_during_leave AS "contactDuringLeave", l.status, l.school_id AS "schoolId", l.school_code AS "schoolCode",
  l.area_office_code AS "areaOfficeCode", l.approver_level AS "approverLevel", l.approver_org_code AS "approverOrgCode",
  l.requested_by AS "requestedBy", l.requested_at AS "requestedAt", l.decided_by AS "decidedBy",
  l.decided_at AS "decidedAt", l.decision_comment AS "decisionComment", l.cancelled_by AS "cancelledBy",
  l.cancelled_at AS "cancelledAt", l.cancel_reason AS "cancelReason"`;

export interface NewLeaveRequest {
  staffId: string;
  leaveType: string;
  startDate: string;
  endDate: string;
  halfDay: 'MORNING' | 'AFTERNOON' | null;
  days: number;
  countingRule: string;
  fiscalYear: number;
  reason: string | null;
  contactDuringLeave: string | null;
  schoolId: string | null;
  schoolCode: string | null;
  areaOfficeCode: string;
  approverLevel: string;
  approverOrgCode: string;
  requestedBy: string;
}

export interface RunningTotalsRow {
  id: string;
  previousDays: number;
  last: { startDate: string; endDate: string; days: number } | null;
}

/** The period column: the whole days, or the morning / afternoon half of one day. */
const periodSql = (start: string, end: string, half: string) => `CASE ${half}::text
  WHEN 'MORNING' THEN tsrange(${start}::date::timestamp, ${start}::date + interval '12 hours', '[)')
  WHEN 'AFTERNOON' THEN tsrange(${start}::date + interval '12 hours', (${start}::date + 1)::timestamp, '[)')
  ELSE tsrange(${start}::date::timestamp, (${end}::date + 1)::timestamp, '[)') END`;

/** All SQL of leave requests and official holidays. */
export class LeaveRepository {
  constructor(private readonly db: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async byIds(ids: readonly string[], manager?: EntityManager, lock = false): Promise<LeaveRequestRow[]> {
    return this.q(manager).query(
      `SELECT ${LEAVE_COLUMNS} FROM leave_request l JOIN staff s ON s.id = l.staff_id
        WHERE l.id = ANY($1::uuid[])${lock ? ' FOR UPDATE OF l' : ''}`,
      [ids.filter(isUuid)],
    );
  }

  /** The leave of many people that the scope reaches (filed where the viewer may see it). */
  async byStaff(staffIds: readonly string[], scope: RecordScope): Promise<LeaveRequestRow[]> {
    if (scope.kind === 'NONE') return [];
    const params: unknown[] = [staffIds.filter(isUuid)];
    return this.db.query(
      `SELECT ${LEAVE_COLUMNS} FROM leave_request l JOIN staff s ON s.id = l.staff_id
        WHERE l.staff_id = ANY($1::uuid[]) AND ${scopeSql(scope, FILED_LEAVE, params)}
        ORDER BY l.start_date DESC, l.requested_at DESC`,
      params,
    );
  }

  /** Requests the scope allows, filtered, newest first, with the total (one statement). */
  async list(
    scope:
      | RecordScope
      | { kind: 'APPROVER'; approverLevel: string; approverOrgCode: string; excludeSubject: string },
    filter: LeaveFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: LeaveRequestRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (scope.kind === 'NONE') return { rows: [], total: 0 };
    if (scope.kind === 'APPROVER') {
      // The approver is the filing school's director or the filing area's office: inside the scope.
      add('l.approver_level = ?', scope.approverLevel);
      add('l.approver_org_code = ?', scope.approverOrgCode);
      add(`l.status = ?`, 'PENDING');
      add('s.account_subject IS DISTINCT FROM ?', scope.excludeSubject);
    } else {
      where.push(scopeSql(scope, FILED_LEAVE, params));
    }
    if (filter.staffId) {
      if (!isUuid(filter.staffId)) return { rows: [], total: 0 };
      add('l.staff_id = ?::uuid', filter.staffId);
    }
    if (filter.schoolId) {
      if (!isUuid(filter.schoolId)) return { rows: [], total: 0 };
      add('l.school_id = ?::uuid', filter.schoolId);
    }
    if (filter.areaOfficeCode) add('l.area_office_code = ?', filter.areaOfficeCode);
    if (filter.status) add('l.status = ?', filter.status);
    if (filter.leaveType) add('l.leave_type = ?', filter.leaveType);
    if (filter.fiscalYear) add('l.fiscal_year = ?', filter.fiscalYear);
    params.push(limit, offset);
    const rows: Array<LeaveRequestRow & { total: string }> = await this.db.query(
      `SELECT ${LEAVE_COLUMNS}, count(*) OVER () AS total
         FROM leave_request l JOIN staff s ON s.id = l.staff_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY l.requested_at DESC, l.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { rows: rows.map(({ total: _t, ...r }) => r), total: rows.length ? Number(rows[0]!.total) : 0 };
  }

  /** The form's running totals of many requests in one statement. */
  async runningTotals(ids: readonly string[]): Promise<RunningTotalsRow[]> {
    return this.db.query(
      `SELECT r.id, coalesce(sum(p.days), 0)::float8 AS "previousDays",
              (array_agg(json_build_object('startDate', ${d('p.start_date')}, 'endDate', ${d('p.end_date')},
                                           'days', p.days::float8)
                         ORDER BY p.start_date DESC) FILTER (WHERE p.id IS NOT NULL))[1] AS last
         FROM leave_request r
         LEFT JOIN leave_request p
           ON p.staff_id = r.staff_id AND p.leave_type = r.leave_type AND p.fiscal_year = r.fiscal_year
          AND p.status = 'APPROVED' AND p.start_date < r.start_date AND p.id <> r.id
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id`,
      [ids.filter(isUuid)],
    );
  }

  /** Requests of the same person that overlap the period (pending or approved). */
  async overlapping(
    manager: EntityManager,
    staffId: string,
    startDate: string,
    endDate: string,
    halfDay: string | null,
  ): Promise<Array<{ id: string; startDate: string; endDate: string; status: LeaveStatus }>> {
    return manager.query(
      `SELECT id, ${d('start_date')} AS "startDate", ${d('end_date')} AS "endDate", status FROM leave_request
        WHERE staff_id = $1 AND status IN ('PENDING','APPROVED') AND period && (${periodSql('$2', '$3', '$4')})
        ORDER BY start_date`,
      [staffId, startDate, endDate, halfDay],
    );
  }

  async insert(manager: EntityManager, r: NewLeaveRequest): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO leave_request (staff_id, leave_type, start_date, end_date, half_day, period, days, counting_rule,
                                  fiscal_year, reason, contact_during_leave, school_id, school_code, area_office_code,
                                  approver_level, approver_org_code, requested_by)
       VALUES ($1, $2, $3, $4, $5, ${periodSql('$3', '$4', '$5')}, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       RETURNING id`,
      [
        r.staffId,
        r.leaveType,
        r.startDate,
        r.endDate,
        r.halfDay,
        r.days,
        r.countingRule,
        r.fiscalYear,
        r.reason,
        r.contactDuringLeave,
        r.schoolId,
        r.schoolCode,
        r.areaOfficeCode,
        r.approverLevel,
        r.approverOrgCode,
        r.requestedBy,
      ],
    );
    return row.id;
  }

  async decide(
    manager: EntityManager,
    id: string,
    status: 'APPROVED' | 'REJECTED',
    by: { subject: string; role: string },
    comment: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE leave_request SET status = $2, decided_by = $3, decided_role = $4, decided_at = now(), decision_comment = $5
        WHERE id = $1`,
      [id, status, by.subject, by.role, comment],
    );
  }

  async cancel(manager: EntityManager, id: string, by: string, reason: string | null): Promise<void> {
    await manager.query(
      `UPDATE leave_request SET status = 'CANCELLED', cancelled_by = $2, cancelled_at = now(), cancel_reason = $3
        WHERE id = $1`,
      [id, by, reason],
    );
  }

  /** Days per leave type and status in one fiscal year. */
  async totalsForYear(
    staffId: string,
    fiscalYear: number,
    manager?: EntityManager,
  ): Promise<Array<{ leaveType: string; status: LeaveStatus; days: number; requests: number }>> {
    return this.q(manager).query(
      `SELECT leave_type AS "leaveType", status, sum(days)::float8 AS days, count(*)::int AS requests
         FROM leave_request WHERE staff_id = $1 AND fiscal_year = $2 AND status IN ('PENDING','APPROVED')
        GROUP BY 1, 2`,
      [staffId, fiscalYear],
    );
  }

  /** Approved vacation days per fiscal year, up to and including `untilFiscalYear`. */
  async vacationUsedByYear(
    staffId: string,
    untilFiscalYear: number,
    manager?: EntityManager,
  ): Promise<Map<number, number>> {
    const rows: Array<{ fiscalYear: number; days: number }> = await this.q(manager).query(
      `SELECT fiscal_year AS "fiscalYear", sum(days)::float8 AS days FROM leave_request
        WHERE staff_id = $1 AND leave_type = 'VACATION' AND status = 'APPROVED' AND fiscal_year <= $2
        GROUP BY 1`,
      [staffId, untilFiscalYear],
    );
    return new Map(rows.map((r) => [r.fiscalYear, r.days]));
  }

  // ---- official holidays ----

  async holidaysBetween(
    from: string,
    to: string,
    manager?: EntityManager,
  ): Promise<
    Array<{
      date: string;
      nameTh: string;
      nameEn: string;
      kind: string;
      provisional: boolean;
      source: string;
    }>
  > {
    return this.q(manager).query(
      `SELECT ${d('holiday_date')} AS date, name_th AS "nameTh", name_en AS "nameEn", kind, provisional, source
         FROM public_holiday WHERE holiday_date BETWEEN $1 AND $2 ORDER BY holiday_date`,
      [from, to],
    );
  }

  /** Calendar years (C.E.) between the two dates that have holidays recorded. */
  async yearsWithHolidays(from: string, to: string, manager?: EntityManager): Promise<Set<number>> {
    const rows: Array<{ year: number }> = await this.q(manager).query(
      `SELECT DISTINCT extract(year FROM holiday_date)::int AS year FROM public_holiday
        WHERE holiday_date BETWEEN date_trunc('year', $1::date) AND (date_trunc('year', $2::date) + interval '1 year - 1 day')`,
      [from, to],
    );
    return new Set(rows.map((r) => r.year));
  }

  async upsertHoliday(
    manager: EntityManager,
    h: { date: string; nameTh: string; nameEn: string; kind: string; source: string; by: string },
  ) {
    const [row] = await manager.query(
      `INSERT INTO public_holiday (holiday_date, name_th, name_en, kind, provisional, source, recorded_by)
       VALUES ($1, $2, $3, $4, false, $5, $6)
       ON CONFLICT (holiday_date) DO UPDATE SET name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en,
         kind = EXCLUDED.kind, provisional = false, source = EXCLUDED.source, recorded_by = EXCLUDED.recorded_by,
         recorded_at = now()
       RETURNING ${d('holiday_date')} AS date, name_th AS "nameTh", name_en AS "nameEn", kind, provisional, source`,
      [h.date, h.nameTh, h.nameEn, h.kind, h.source, h.by],
    );
    return row;
  }

  async deleteHoliday(manager: EntityManager, date: string): Promise<boolean> {
    const rows = await manager.query(
      `DELETE FROM public_holiday WHERE holiday_date = $1 RETURNING holiday_date`,
      [date],
    );
    return returnedRows(rows).length > 0;
  }

  /** Pending or approved working-day leave spanning the date (its count would change). */
  async leaveCountedAround(manager: EntityManager, date: string): Promise<number> {
    const [{ count }] = await manager.query(
      `SELECT count(*)::int AS count FROM leave_request
        WHERE status IN ('PENDING','APPROVED') AND counting_rule = 'WORKING_DAYS' AND $1::date BETWEEN start_date AND end_date`,
      [date],
    );
    return count;
  }
}
