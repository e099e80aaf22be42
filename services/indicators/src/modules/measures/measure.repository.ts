import type { DataSource, EntityManager } from 'typeorm';
import { Decimal } from '@smss/money';
import { fiscalYearRange } from '@smss/thai';
import type { Organisation } from '../access/organisation';
import type { PlatformMeasureCode } from '../catalogue/catalogue.types';
import { toQuantityString } from '../scoring/scalars';
import { toScoreString } from '../scoring/score';

/** A platform value for one organisation and fiscal year. */
export interface MeasureValue {
  measure: PlatformMeasureCode;
  orgLevel: Organisation['level'];
  orgCode: string;
  areaOfficeCode: string | null;
  schoolCode: string | null;
  fiscalYear: number;
  /** Decimal string; null while the platform holds nothing for it. */
  value: string | null;
  /** Facts counted: schools (enrolment, allocation, drop-out rate), drop-outs, staff or letters. */
  basis: number;
  asOf: string | null;
}

/**
 * The facts other services' events put here, and the platform values read from them. A school's facts
 * count in the area office the directory replica places it in now (a school that moved counts in its
 * new area); a fact about a school the replica does not know counts where its event placed it.
 */
export class MeasureRepository {
  constructor(private readonly db: DataSource) {}

  // ---- facts (written by the event handlers, inside the consumer's transaction) ------------------

  async recordEnrolment(
    m: EntityManager,
    f: { schoolCode: string; areaOfficeCode: string; fiscalYear: number; students: number; asOf: string; snapshotVersion: number },
  ): Promise<void> {
    // The latest snapshot of the fiscal year wins: a later round, or a corrected version of the same one.
    await m.query(
      `INSERT INTO measure_enrolment (school_code, fiscal_year, area_office_code, students, as_of, snapshot_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (school_code, fiscal_year) DO UPDATE
         SET area_office_code = EXCLUDED.area_office_code, students = EXCLUDED.students, as_of = EXCLUDED.as_of,
             snapshot_version = EXCLUDED.snapshot_version, updated_at = now()
       WHERE (EXCLUDED.as_of, EXCLUDED.snapshot_version) > (measure_enrolment.as_of, measure_enrolment.snapshot_version)`,
      [f.schoolCode, f.fiscalYear, f.areaOfficeCode, f.students, f.asOf, f.snapshotVersion],
    );
  }

  async recordDropout(
    m: EntityManager,
    f: { enrollmentId: string; schoolCode: string; areaOfficeCode: string; fiscalYear: number; occurredAt: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO measure_dropout (enrollment_id, school_code, area_office_code, fiscal_year, occurred_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (enrollment_id) DO NOTHING`,
      [f.enrollmentId, f.schoolCode, f.areaOfficeCode, f.fiscalYear, f.occurredAt],
    );
  }

  async recordPosting(
    m: EntityManager,
    f: { staffId: string; orgKind: 'SCHOOL' | 'AREA_OFFICE'; schoolCode: string | null; areaOfficeCode: string; startDate: string },
  ): Promise<void> {
    // A staff member counts once, at the post taken up last.
    await m.query(
      `INSERT INTO measure_staff_posting (staff_id, org_kind, school_code, area_office_code, start_date)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (staff_id) DO UPDATE
         SET org_kind = EXCLUDED.org_kind, school_code = EXCLUDED.school_code,
             area_office_code = EXCLUDED.area_office_code, start_date = EXCLUDED.start_date, updated_at = now()
       WHERE EXCLUDED.start_date >= measure_staff_posting.start_date`,
      [f.staffId, f.orgKind, f.schoolCode, f.areaOfficeCode, f.startDate],
    );
  }

  async recordAllocation(
    m: EntityManager,
    f: { schoolCode: string; roundId: string; fiscalYear: number; areaOfficeCode: string; total: string; snapshotVersion: number },
  ): Promise<void> {
    // A recomputed allocation (corrected snapshot) replaces the earlier one of the same school and round.
    await m.query(
      `INSERT INTO measure_allocation (school_code, round_id, fiscal_year, area_office_code, total, snapshot_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (school_code, round_id) DO UPDATE
         SET total = EXCLUDED.total, snapshot_version = EXCLUDED.snapshot_version, fiscal_year = EXCLUDED.fiscal_year,
             area_office_code = EXCLUDED.area_office_code, updated_at = now()
       WHERE EXCLUDED.snapshot_version >= measure_allocation.snapshot_version`,
      [f.schoolCode, f.roundId, f.fiscalYear, f.areaOfficeCode, f.total, f.snapshotVersion],
    );
  }

  async recordDispatch(
    m: EntityManager,
    f: { deliveryId: string; recipientOrgCode: string; recipientAreaOfficeCode: string | null; dueAt: string | null; dispatchedAt: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO measure_letter_delivery (delivery_id, recipient_org_code, recipient_area_office_code, due_at, dispatched_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (delivery_id) DO UPDATE SET due_at = EXCLUDED.due_at, dispatched_at = EXCLUDED.dispatched_at`,
      [f.deliveryId, f.recipientOrgCode, f.recipientAreaOfficeCode, f.dueAt, f.dispatchedAt],
    );
  }

  async recordAcknowledgement(
    m: EntityManager,
    f: { deliveryId: string; recipientOrgCode: string; recipientAreaOfficeCode: string | null; acknowledgedAt: string; late: boolean },
  ): Promise<void> {
    await m.query(
      `INSERT INTO measure_letter_delivery (delivery_id, recipient_org_code, recipient_area_office_code, acknowledged_at, late)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (delivery_id) DO UPDATE
         SET acknowledged_at = coalesce(measure_letter_delivery.acknowledged_at, EXCLUDED.acknowledged_at),
             late = coalesce(measure_letter_delivery.late, EXCLUDED.late)`,
      [f.deliveryId, f.recipientOrgCode, f.recipientAreaOfficeCode, f.acknowledgedAt, f.late],
    );
  }

  // ---- values ------------------------------------------------------------------------------------

  /** The value of a measure for an organisation and fiscal year. */
  async valueOf(
    measure: PlatformMeasureCode,
    org: Organisation,
    fiscalYear: number,
    manager: EntityManager = this.db.manager,
  ): Promise<MeasureValue> {
    const base = {
      measure,
      orgLevel: org.level,
      orgCode: org.code,
      areaOfficeCode: org.areaOfficeCode,
      schoolCode: org.schoolCode,
      fiscalYear,
    };
    // Which schools' facts count: the school, the area's schools (as the replica places them now), all.
    const area = `coalesce(d.area_office_code, f.area_office_code)`;
    const scope =
      org.level === 'SCHOOL'
        ? { sql: `f.school_code = $2`, param: org.code }
        : org.level === 'AREA_OFFICE'
          ? { sql: `${area} = $2`, param: org.code }
          : { sql: `$2::text IS NULL`, param: null };
    const facts = (table: string) =>
      `${table} f LEFT JOIN directory_school_replica d ON d.obec_code = f.school_code WHERE ${scope.sql}`;
    const q = async (sql: string, params: unknown[]) => (await manager.query(sql, params))[0];

    switch (measure) {
      case 'ENROLMENT': {
        const r = await q(
          `SELECT sum(f.students)::text AS v, count(*)::int AS n, max(f.updated_at) AS at
             FROM ${facts('measure_enrolment')} AND f.fiscal_year = $1`,
          [fiscalYear, scope.param],
        );
        return { ...base, value: r.n ? toQuantityString(r.v) : null, basis: r.n, asOf: r.at?.toISOString() ?? null };
      }
      case 'DROPOUT_COUNT':
      case 'DROPOUT_RATE': {
        const d = await q(
          `SELECT count(*)::int AS n, max(f.occurred_at) AS at FROM ${facts('measure_dropout')} AND f.fiscal_year = $1`,
          [fiscalYear, scope.param],
        );
        if (measure === 'DROPOUT_COUNT')
          return { ...base, value: String(d.n), basis: d.n, asOf: d.at?.toISOString() ?? null };
        const e = await q(
          `SELECT sum(f.students)::text AS v, count(*)::int AS n, max(f.updated_at) AS at
             FROM ${facts('measure_enrolment')} AND f.fiscal_year = $1`,
          [fiscalYear, scope.param],
        );
        const students = e.n ? new Decimal(e.v) : new Decimal(0);
        // Drop-outs per 100 students of the year's latest snapshot, five places half up.
        const value = students.isZero() ? null : toScoreString(new Decimal(d.n).times(100).dividedBy(students));
        const at = [d.at, e.at].filter(Boolean).sort((a: Date, b: Date) => b.getTime() - a.getTime())[0];
        return { ...base, value: value && toQuantityString(value), basis: e.n, asOf: at?.toISOString() ?? null };
      }
      case 'STAFF_POSTED': {
        const where =
          org.level === 'SCHOOL'
            ? `school_code = $1`
            : org.level === 'AREA_OFFICE'
              ? `area_office_code = $1`
              : `$1::text IS NULL`;
        const r = await q(
          `SELECT count(*)::int AS n, max(updated_at) AS at FROM measure_staff_posting WHERE ${where}`,
          [org.level === 'OBEC' ? null : org.code],
        );
        return { ...base, value: r.n ? String(r.n) : null, basis: r.n, asOf: r.at?.toISOString() ?? null };
      }
      case 'ALLOCATION_RECEIVED': {
        const r = await q(
          `SELECT sum(f.total)::text AS v, count(DISTINCT f.school_code)::int AS n, max(f.updated_at) AS at
             FROM ${facts('measure_allocation')} AND f.fiscal_year = $1`,
          [fiscalYear, scope.param],
        );
        return { ...base, value: r.n ? toQuantityString(r.v) : null, basis: r.n, asOf: r.at?.toISOString() ?? null };
      }
      case 'LETTERS_ANSWERED_ON_TIME_RATE': {
        // Letters to the organisation itself with a deadline in the fiscal year, counted once due or answered.
        const { start, end } = fiscalYearRange(fiscalYear);
        const r = await q(
          `SELECT count(*)::int AS n,
                  count(*) FILTER (WHERE acknowledged_at IS NOT NULL AND NOT coalesce(late, acknowledged_at > due_at))::int AS on_time,
                  max(greatest(dispatched_at, acknowledged_at)) AS at
             FROM measure_letter_delivery
            WHERE recipient_org_code = $1 AND due_at IS NOT NULL
              AND (due_at AT TIME ZONE 'Asia/Bangkok')::date BETWEEN $2::date AND $3::date
              AND (acknowledged_at IS NOT NULL OR due_at < now())`,
          [org.code, start, end],
        );
        const value = r.n ? toQuantityString(toScoreString(new Decimal(r.on_time).times(100).dividedBy(r.n))) : null;
        return { ...base, value, basis: r.n, asOf: r.at?.toISOString() ?? null };
      }
    }
  }
}
