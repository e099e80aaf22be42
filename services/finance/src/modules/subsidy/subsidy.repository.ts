import type { DataSource, EntityManager } from 'typeorm';
import { GRADE_LEVELS, type DmcSnapshotPublishedPayload, type SubsidyItemCode } from '@smss/events';
import type { VisibilityFilter } from '@smss/auth';
import type { ComputedAllocation, RateRow } from './allocation.calculator';
import type { PaymentSchedule, RateScope } from './default-rates';

export interface SubsidyRateRow extends RateRow {
  source: string;
  note: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface AllocationHeader {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  roundId: string;
  academicYear: number;
  round: string;
  fiscalYear: number;
  snapshotId: string;
  snapshotVersion: number;
  total: string;
}

/** One (round, item) of a school's allocations: what `School.allocations` lists. */
export interface AllocationItemRow {
  allocationId: string;
  schoolId: string;
  academicYear: number;
  fiscalYear: number;
  round: string;
  item: SubsidyItemCode;
  students: number;
  amount: string;
  snapshotVersion: number;
  computedAt: Date;
}

export interface AllocationLineRow {
  allocationId: string;
  item: SubsidyItemCode;
  gradeLevel: string;
  level: string;
  students: number;
  ratePerYear: string;
  rateFiscalYear: number;
  rateVerified: boolean;
  ratePerRound: string;
  amount: string;
}

export interface AdjustmentRow {
  id: string;
  schoolId: string;
  academicYear: number;
  fiscalYear: number;
  round: string;
  fromSnapshotVersion: number;
  toSnapshotVersion: number;
  previousTotal: string;
  newTotal: string;
  delta: string;
  causedByEventId: string;
  createdAt: Date;
}

export interface AdjustmentItemRow {
  adjustmentId: string;
  item: SubsidyItemCode;
  previousAmount: string;
  newAmount: string;
  delta: string;
}

export interface AllocationSummaryRow {
  key: string;
  fiscalYear: number;
  schoolCount: number;
  total: string;
  byItem: Array<{ item: SubsidyItemCode; amount: string }>;
  byRound: Array<{ round: string; amount: string }>;
}

export interface BreakdownRow {
  allocationId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  academicYear: number;
  round: string;
  snapshotVersion: number;
  total: string;
  items: Array<{ item: SubsidyItemCode; amount: string }>;
}

const RATE_COLUMNS = `fiscal_year AS "fiscalYear", item, applies_to AS "appliesTo", amount_per_year AS "amountPerYear",
  schedule, verified, source, note, updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** Composite loader keys "schoolId|fiscalYear" → two arrays for unnest. */
export const splitKeys = (keys: readonly string[]) => {
  const ids: string[] = [];
  const years: number[] = [];
  for (const k of keys) {
    const [id, year] = k.split('|');
    ids.push(id!);
    years.push(Number(year));
  }
  return { ids, years };
};

/** Every SQL statement about rates, snapshots, allocations and adjustments. */
export class SubsidyRepository {
  constructor(private readonly db: DataSource) {}

  /** The latest row per (item, level/grade) whose fiscal year is ≤ `fiscalYear`. */
  async effectiveRates(fiscalYear: number, manager?: EntityManager): Promise<SubsidyRateRow[]> {
    return (manager ?? this.db.manager).query(
      `SELECT DISTINCT ON (item, applies_to) ${RATE_COLUMNS}
         FROM subsidy_rate WHERE fiscal_year <= $1
        ORDER BY item, applies_to, fiscal_year DESC`,
      [fiscalYear],
    );
  }

  async upsertRate(
    manager: EntityManager,
    r: {
      fiscalYear: number;
      item: SubsidyItemCode;
      appliesTo: RateScope;
      amountPerYear: string;
      schedule: PaymentSchedule;
      source: string;
      verified: boolean;
      note: string | null;
    },
    actor: string,
  ): Promise<SubsidyRateRow> {
    const previous: Array<{ amount: string; schedule: string }> = await manager.query(
      `SELECT amount_per_year AS amount, schedule FROM subsidy_rate
        WHERE item = $1 AND applies_to = $2 AND fiscal_year = $3 FOR UPDATE`,
      [r.item, r.appliesTo, r.fiscalYear],
    );
    const [row] = await manager.query(
      `INSERT INTO subsidy_rate (fiscal_year, item, applies_to, amount_per_year, schedule, source, verified, note, updated_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT (item, applies_to, fiscal_year) DO UPDATE SET
         amount_per_year = EXCLUDED.amount_per_year, schedule = EXCLUDED.schedule, source = EXCLUDED.source,
         verified = EXCLUDED.verified, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${RATE_COLUMNS}`,
      [r.fiscalYear, r.item, r.appliesTo, r.amountPerYear, r.schedule, r.source, r.verified, r.note, actor],
    );
    await manager.query(
      `INSERT INTO subsidy_rate_change (fiscal_year, item, applies_to, previous_amount, new_amount, previous_schedule,
                                        new_schedule, source, verified, note, changed_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        r.fiscalYear,
        r.item,
        r.appliesTo,
        previous[0]?.amount ?? null,
        r.amountPerYear,
        previous[0]?.schedule ?? null,
        r.schedule,
        r.source,
        r.verified,
        r.note,
        actor,
      ],
    );
    return row;
  }

  /** Keep every snapshot version received (audit, recomputation); the same version twice is kept once. */
  async recordSnapshot(
    manager: EntityManager,
    p: DmcSnapshotPublishedPayload,
    eventId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO dmc_snapshot (snapshot_id, round_id, school_id, school_code, area_office_code, province_code,
                                 academic_year, round, as_of_date, snapshot_version, grades, total_students, event_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
       ON CONFLICT (school_id, round_id, snapshot_version) DO NOTHING`,
      [
        p.snapshotId,
        p.roundId,
        p.schoolId,
        p.schoolCode,
        p.areaOfficeCode,
        p.provinceCode,
        p.academicYear,
        p.round,
        p.asOfDate,
        p.snapshotVersion,
        JSON.stringify(p.grades),
        p.totalStudents,
        eventId,
      ],
    );
  }

  /**
   * Serialise every writer of one school's allocation for one round (parallel consumer workers,
   * redeliveries) with a transaction-scoped advisory lock, then read the current allocation.
   */
  async lockAllocation(
    manager: EntityManager,
    schoolId: string,
    roundId: string,
  ): Promise<AllocationHeader | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `alloc:${schoolId}:${roundId}`,
    ]);
    const [row] = await manager.query(
      `SELECT id, school_id AS "schoolId", school_code AS "schoolCode", area_office_code AS "areaOfficeCode",
              province_code AS "provinceCode", round_id AS "roundId", academic_year AS "academicYear", round,
              fiscal_year AS "fiscalYear", snapshot_id AS "snapshotId", snapshot_version AS "snapshotVersion", total
         FROM subsidy_allocation WHERE school_id = $1 AND round_id = $2`,
      [schoolId, roundId],
    );
    return row ?? null;
  }

  async itemAmounts(manager: EntityManager, allocationId: string): Promise<Map<SubsidyItemCode, string>> {
    const rows: Array<{ item: SubsidyItemCode; amount: string }> = await manager.query(
      `SELECT item, amount FROM subsidy_allocation_item WHERE allocation_id = $1`,
      [allocationId],
    );
    return new Map(rows.map((r) => [r.item, r.amount]));
  }

  async insertAllocation(
    manager: EntityManager,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    total: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO subsidy_allocation (school_id, school_code, area_office_code, province_code, round_id, academic_year,
                                       round, as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
      [
        p.schoolId,
        p.schoolCode,
        p.areaOfficeCode,
        p.provinceCode,
        p.roundId,
        p.academicYear,
        p.round,
        p.asOfDate,
        fiscalYear,
        p.snapshotId,
        p.snapshotVersion,
        total,
      ],
    );
    return row.id;
  }

  /** Replace the header of an existing allocation with a newer snapshot's figures. */
  async updateAllocation(
    manager: EntityManager,
    allocationId: string,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    total: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE subsidy_allocation SET school_code = $2, area_office_code = $3, province_code = $4, academic_year = $5,
              round = $6, as_of_date = $7, fiscal_year = $8, snapshot_id = $9, snapshot_version = $10, total = $11,
              computed_at = now()
        WHERE id = $1`,
      [
        allocationId,
        p.schoolCode,
        p.areaOfficeCode,
        p.provinceCode,
        p.academicYear,
        p.round,
        p.asOfDate,
        fiscalYear,
        p.snapshotId,
        p.snapshotVersion,
        total,
      ],
    );
    await manager.query(`DELETE FROM subsidy_allocation_line WHERE allocation_id = $1`, [allocationId]);
    await manager.query(`DELETE FROM subsidy_allocation_item WHERE allocation_id = $1`, [allocationId]);
  }

  /** Items and per-grade lines, one INSERT each (unnest), whatever the number of grades. */
  async insertItemsAndLines(
    manager: EntityManager,
    allocationId: string,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    computed: ComputedAllocation,
  ): Promise<void> {
    if (computed.items.length) {
      await manager.query(
        `INSERT INTO subsidy_allocation_item (allocation_id, item, school_id, fiscal_year, area_office_code,
                                              province_code, round, students, amount)
         SELECT $1, u.item, $2, $3, $4, $5, $6, u.students, u.amount
           FROM unnest($7::text[], $8::int[], $9::numeric[]) AS u(item, students, amount)`,
        [
          allocationId,
          p.schoolId,
          fiscalYear,
          p.areaOfficeCode,
          p.provinceCode,
          p.round,
          computed.items.map((i) => i.item),
          computed.items.map((i) => i.students),
          computed.items.map((i) => i.amount),
        ],
      );
    }
    if (computed.lines.length) {
      const l = computed.lines;
      await manager.query(
        `INSERT INTO subsidy_allocation_line (allocation_id, item, grade_level, level, students, rate_per_year,
                                              rate_fiscal_year, rate_applies_to, rate_verified, rate_per_round, amount)
         SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::numeric[], $7::int[],
                                    $8::text[], $9::bool[], $10::numeric[], $11::numeric[]) AS u`,
        [
          allocationId,
          l.map((x) => x.item),
          l.map((x) => x.gradeLevel),
          l.map((x) => x.level),
          l.map((x) => x.students),
          l.map((x) => x.ratePerYear),
          l.map((x) => x.rateFiscalYear),
          l.map((x) => x.rateAppliesTo),
          l.map((x) => x.rateVerified),
          l.map((x) => x.ratePerRound),
          l.map((x) => x.amount),
        ],
      );
    }
  }

  async insertAdjustment(
    manager: EntityManager,
    a: {
      allocationId: string;
      current: AllocationHeader;
      p: DmcSnapshotPublishedPayload;
      fiscalYear: number;
      newTotal: string;
      delta: string;
      eventId: string;
      items: Array<{ item: SubsidyItemCode; previousAmount: string; newAmount: string; delta: string }>;
    },
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO allocation_adjustment (allocation_id, school_id, round_id, academic_year, round, fiscal_year,
                                          from_snapshot_version, to_snapshot_version, previous_total, new_total, delta, event_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
      [
        a.allocationId,
        a.p.schoolId,
        a.p.roundId,
        a.p.academicYear,
        a.p.round,
        a.fiscalYear,
        a.current.snapshotVersion,
        a.p.snapshotVersion,
        a.current.total,
        a.newTotal,
        a.delta,
        a.eventId,
      ],
    );
    if (a.items.length) {
      await manager.query(
        `INSERT INTO allocation_adjustment_item (adjustment_id, item, previous_amount, new_amount, delta)
         SELECT $1, u.* FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[]) AS u`,
        [
          row.id,
          a.items.map((i) => i.item),
          a.items.map((i) => i.previousAmount),
          a.items.map((i) => i.newAmount),
          a.items.map((i) => i.delta),
        ],
      );
    }
    return row.id;
  }

  // ---- reads (batched by key arrays for the request-scoped DataLoaders) ---------------------------

  /** Keys "schoolId|fiscalYear". */
  async allocationItems(keys: readonly string[]): Promise<AllocationItemRow[]> {
    const { ids, years } = splitKeys(keys);
    return this.db.query(
      `SELECT i.allocation_id AS "allocationId", a.school_id AS "schoolId", a.academic_year AS "academicYear",
              a.fiscal_year AS "fiscalYear", a.round, i.item, i.students, i.amount,
              a.snapshot_version AS "snapshotVersion", a.computed_at AS "computedAt"
         FROM subsidy_allocation a
         JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, fiscal_year)
           ON k.school_id = a.school_id AND k.fiscal_year = a.fiscal_year
         JOIN subsidy_allocation_item i ON i.allocation_id = a.id
        ORDER BY a.as_of_date, array_position($3::text[], i.item)`,
      [ids, years, ITEM_ORDER],
    );
  }

  /** Keys "allocationId|item". */
  async lines(keys: readonly string[]): Promise<AllocationLineRow[]> {
    const allocationIds = keys.map((k) => k.split('|')[0]!);
    const items = keys.map((k) => k.split('|')[1]!);
    return this.db.query(
      `SELECT l.allocation_id AS "allocationId", l.item, l.grade_level AS "gradeLevel", l.level, l.students,
              l.rate_per_year AS "ratePerYear", l.rate_fiscal_year AS "rateFiscalYear", l.rate_verified AS "rateVerified",
              l.rate_per_round AS "ratePerRound", l.amount
         FROM subsidy_allocation_line l
         JOIN unnest($1::uuid[], $2::text[]) AS k(allocation_id, item)
           ON k.allocation_id = l.allocation_id AND k.item = l.item
        ORDER BY array_position($3::text[], l.grade_level)`,
      [allocationIds, items, GRADE_ORDER],
    );
  }

  /** Keys "schoolId|fiscalYear". */
  async adjustments(keys: readonly string[]): Promise<AdjustmentRow[]> {
    const { ids, years } = splitKeys(keys);
    return this.db.query(
      `SELECT a.id, a.school_id AS "schoolId", a.academic_year AS "academicYear", a.fiscal_year AS "fiscalYear",
              a.round, a.from_snapshot_version AS "fromSnapshotVersion", a.to_snapshot_version AS "toSnapshotVersion",
              a.previous_total AS "previousTotal", a.new_total AS "newTotal", a.delta, a.event_id AS "causedByEventId",
              a.created_at AS "createdAt"
         FROM allocation_adjustment a
         JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, fiscal_year)
           ON k.school_id = a.school_id AND k.fiscal_year = a.fiscal_year
        ORDER BY a.created_at`,
      [ids, years],
    );
  }

  async adjustmentItems(adjustmentIds: readonly string[]): Promise<AdjustmentItemRow[]> {
    return this.db.query(
      `SELECT adjustment_id AS "adjustmentId", item, previous_amount AS "previousAmount", new_amount AS "newAmount", delta
         FROM allocation_adjustment_item WHERE adjustment_id = ANY($1::uuid[])
        ORDER BY array_position($2::text[], item)`,
      [adjustmentIds, ITEM_ORDER],
    );
  }

  /** Totals per area office or province for one fiscal year each; keys "code|fiscalYear". */
  async summaries(
    column: 'area_office_code' | 'province_code',
    keys: readonly string[],
  ): Promise<AllocationSummaryRow[]> {
    const codes = keys.map((k) => k.split('|')[0]!);
    const years = keys.map((k) => Number(k.split('|')[1]));
    const col = column === 'area_office_code' ? 'area_office_code' : 'province_code';
    return this.db.query(
      `WITH k AS (SELECT DISTINCT * FROM unnest($1::text[], $2::int[]) AS k(code, fiscal_year)),
            rows AS (
              SELECT i.${col} AS code, i.fiscal_year, i.school_id, i.item, i.round, i.amount
                FROM subsidy_allocation_item i JOIN k ON k.code = i.${col} AND k.fiscal_year = i.fiscal_year)
       SELECT k.code || '|' || k.fiscal_year AS key, k.fiscal_year AS "fiscalYear",
              (SELECT count(DISTINCT school_id)::int FROM rows r WHERE r.code = k.code AND r.fiscal_year = k.fiscal_year) AS "schoolCount",
              (SELECT coalesce(sum(amount), 0)::text FROM rows r WHERE r.code = k.code AND r.fiscal_year = k.fiscal_year) AS total,
              coalesce((SELECT json_agg(json_build_object('item', item, 'amount', amount::text) ORDER BY array_position($3::text[], item))
                  FROM (SELECT item, sum(amount) AS amount FROM rows r WHERE r.code = k.code AND r.fiscal_year = k.fiscal_year GROUP BY item) x), '[]') AS "byItem",
              coalesce((SELECT json_agg(json_build_object('round', round, 'amount', amount::text) ORDER BY round)
                  FROM (SELECT round, sum(amount) AS amount FROM rows r WHERE r.code = k.code AND r.fiscal_year = k.fiscal_year GROUP BY round) y), '[]') AS "byRound"
         FROM k`,
      [codes, years, ITEM_ORDER],
    );
  }

  /** Per school and round, within the viewer's visibility; a page plus the total. */
  async breakdown(
    filter: {
      fiscalYear: number;
      areaOfficeCode?: string | null;
      provinceCode?: string | null;
      schoolId?: string | null;
    },
    visibility: VisibilityFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: BreakdownRow[]; total: number }> {
    const where = ['a.fiscal_year = $1'];
    const params: unknown[] = [filter.fiscalYear];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.areaOfficeCode) add('a.area_office_code = ?', filter.areaOfficeCode);
    if (filter.provinceCode) add('a.province_code = ?', filter.provinceCode);
    if (filter.schoolId) add('a.school_id = ?::uuid', filter.schoolId);
    if (visibility.kind === 'AREA') add('a.area_office_code = ?', visibility.areaOfficeCode);
    if (visibility.kind === 'SCHOOL') add('a.school_code = ?', visibility.schoolCode);
    if (visibility.kind === 'NONE') where.push('false');
    params.push(limit, offset, ITEM_ORDER);
    const n = params.length;
    const rows: Array<BreakdownRow & { totalCount: string }> = await this.db.query(
      `SELECT a.id AS "allocationId", a.school_id AS "schoolId", a.school_code AS "schoolCode",
              a.area_office_code AS "areaOfficeCode", a.province_code AS "provinceCode", a.academic_year AS "academicYear",
              a.round, a.snapshot_version AS "snapshotVersion", a.total,
              coalesce((SELECT json_agg(json_build_object('item', i.item, 'amount', i.amount::text)
                                 ORDER BY array_position($${n}::text[], i.item))
                          FROM subsidy_allocation_item i WHERE i.allocation_id = a.id), '[]') AS items,
              count(*) OVER () AS "totalCount"
         FROM subsidy_allocation a
        WHERE ${where.join(' AND ')}
        ORDER BY a.school_code, a.as_of_date
        LIMIT $${n - 2} OFFSET $${n - 1}`,
      params,
    );
    if (rows.length === 0 && offset > 0) {
      const [{ count }] = await this.db.query(
        `SELECT count(*)::int AS count FROM subsidy_allocation a WHERE ${where.join(' AND ')}`,
        params.slice(0, -3),
      );
      return { rows: [], total: count };
    }
    return {
      rows: rows.map(({ totalCount: _t, ...r }) => r),
      total: rows.length ? Number(rows[0]!.totalCount) : 0,
    };
  }
}

export const ITEM_ORDER = [
  'TUITION',
  'TEXTBOOKS',
  'LEARNING_MATERIALS',
  'UNIFORMS',
  'STUDENT_ACTIVITIES',
  'EEF_CONDITIONAL_CASH_TRANSFER',
];
const GRADE_ORDER: readonly string[] = GRADE_LEVELS;
