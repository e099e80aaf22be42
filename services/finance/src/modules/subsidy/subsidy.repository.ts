import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { columnLiterals } from '@smss/db';
import { GRADE_LEVELS, type DmcSnapshotPublishedPayload, type SubsidyItemCode } from '@smss/events';
import type { VisibilityFilter } from '@smss/auth';
import type {
  AllocationItemTotal,
  AllocationLine,
  ComputedAllocation,
  RateRow,
} from './allocation.calculator';
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

const HEADER_COLUMNS = `a.id, a.school_id AS "schoolId", a.school_code AS "schoolCode",
  a.area_office_code AS "areaOfficeCode", a.province_code AS "provinceCode", a.round_id AS "roundId",
  a.academic_year AS "academicYear", a.round, a.fiscal_year AS "fiscalYear", a.snapshot_id AS "snapshotId",
  a.snapshot_version AS "snapshotVersion", a.total`;

/** One school's allocation for one DMC round: the unique key of `subsidy_allocation`. */
export interface AllocationKey {
  schoolId: string;
  roundId: string;
}
export const allocationKey = (schoolId: string, roundId: string): string => `${schoolId}|${roundId}`;

/** An allocation header as the snapshot consumer writes it. */
export interface AllocationWrite {
  id: string;
  p: DmcSnapshotPublishedPayload;
  fiscalYear: number;
  total: string;
}

/** A rate line: everything on an allocation line but its head count and amount (stored once). */
export type RateLine = Omit<AllocationLine, 'students' | 'amount'>;

/** The items of one allocation and its per-grade lines (in grade order, item by item). */
export interface ItemsWrite {
  allocationId: string;
  p: DmcSnapshotPublishedPayload;
  fiscalYear: number;
  items: readonly AllocationItemTotal[];
  lines: ReadonlyArray<{ item: SubsidyItemCode; rateLineId: number; students: number }>;
}

export interface AdjustmentItemWrite {
  item: SubsidyItemCode;
  previousAmount: string;
  newAmount: string;
  delta: string;
}

/** A corrected snapshot replacing an allocation: the audit row and its per-item differences. */
export interface AdjustmentWrite {
  id: string;
  allocationId: string;
  p: DmcSnapshotPublishedPayload;
  fiscalYear: number;
  fromSnapshotVersion: number;
  previousTotal: string;
  newTotal: string;
  delta: string;
  eventId: string;
  items: AdjustmentItemWrite[];
}

/** What identifies a rate line: every field of an allocation line but its head count and amount. */
const rateLineKey = (l: RateLine) =>
  `${l.item}|${l.gradeLevel}|${l.level}|${l.ratePerYear}|${l.rateFiscalYear}|${l.rateAppliesTo}|${l.rateVerified}|${l.ratePerRound}`;

const headerColumns = (rows: readonly AllocationWrite[]) =>
  columnLiterals(rows, {
    id: (r) => r.id,
    schoolId: (r) => r.p.schoolId,
    schoolCode: (r) => r.p.schoolCode,
    areaOfficeCode: (r) => r.p.areaOfficeCode,
    provinceCode: (r) => r.p.provinceCode,
    roundId: (r) => r.p.roundId,
    academicYear: (r) => r.p.academicYear,
    round: (r) => r.p.round,
    asOfDate: (r) => r.p.asOfDate,
    fiscalYear: (r) => r.fiscalYear,
    snapshotId: (r) => r.p.snapshotId,
    snapshotVersion: (r) => r.p.snapshotVersion,
    total: (r) => r.total,
  });

const headerParams = (c: ReturnType<typeof headerColumns>) => [
  c.id,
  c.schoolId,
  c.schoolCode,
  c.areaOfficeCode,
  c.provinceCode,
  c.roundId,
  c.academicYear,
  c.round,
  c.asOfDate,
  c.fiscalYear,
  c.snapshotId,
  c.snapshotVersion,
  c.total,
];

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

  // ---- writes of the DMC snapshot consumer: many allocations per statement ----------------------
  // The per-event path (one snapshot, own transaction) calls the same statements with one row.

  /** Every rate row of fiscal years ≤ `fiscalYear` (a batch compiles the years it needs from these). */
  async ratesUpTo(fiscalYear: number, manager?: EntityManager): Promise<RateRow[]> {
    return (manager ?? this.db.manager).query(
      `SELECT fiscal_year AS "fiscalYear", item, applies_to AS "appliesTo", amount_per_year AS "amountPerYear",
              schedule, verified
         FROM subsidy_rate WHERE fiscal_year <= $1`,
      [fiscalYear],
    );
  }

  /** Keep every snapshot version received (audit, recomputation); the same version twice is kept once. */
  async recordSnapshot(
    manager: EntityManager,
    p: DmcSnapshotPublishedPayload,
    eventId: string,
  ): Promise<void> {
    await this.recordSnapshots(manager, [{ p, eventId }]);
  }

  /** `recordSnapshot` for many, one INSERT; of the same version twice the first is kept. */
  async recordSnapshots(
    manager: EntityManager,
    snapshots: ReadonlyArray<{ p: DmcSnapshotPublishedPayload; eventId: string }>,
  ): Promise<void> {
    if (snapshots.length === 0) return;
    const c = columnLiterals(snapshots, {
      snapshotId: (s) => s.p.snapshotId,
      roundId: (s) => s.p.roundId,
      schoolId: (s) => s.p.schoolId,
      schoolCode: (s) => s.p.schoolCode,
      areaOfficeCode: (s) => s.p.areaOfficeCode,
      provinceCode: (s) => s.p.provinceCode,
      academicYear: (s) => s.p.academicYear,
      round: (s) => s.p.round,
      asOfDate: (s) => s.p.asOfDate,
      snapshotVersion: (s) => s.p.snapshotVersion,
      totalStudents: (s) => s.p.totalStudents,
      eventId: (s) => s.eventId,
    });
    // The grades as one JSON array (element n for row n): no quoting of every JSON text in an array.
    // Rows in key order (two batches with the same snapshot wait for each other, never deadlock);
    // the ordinality keeps the first of the same version, as one event after the other would.
    await manager.query(
      `INSERT INTO dmc_snapshot (snapshot_id, round_id, school_id, school_code, area_office_code, province_code,
                                 academic_year, round, as_of_date, snapshot_version, grades, total_students, event_id)
       SELECT u.snapshot_id, u.round_id, u.school_id, u.school_code, u.area_office_code, u.province_code,
              u.academic_year, u.round, u.as_of_date, u.snapshot_version, g.grades, u.total_students, u.event_id
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                     $9::date[], $10::int[], $11::int[], $12::uuid[]) WITH ORDINALITY
              AS u(snapshot_id, round_id, school_id, school_code, area_office_code, province_code, academic_year, round,
                   as_of_date, snapshot_version, total_students, event_id, n)
         JOIN json_array_elements($13::json) WITH ORDINALITY AS g(grades, n) ON g.n = u.n
        ORDER BY u.school_id, u.round_id, u.snapshot_version, u.n
       ON CONFLICT (school_id, round_id, snapshot_version) DO NOTHING`,
      [
        c.snapshotId,
        c.roundId,
        c.schoolId,
        c.schoolCode,
        c.areaOfficeCode,
        c.provinceCode,
        c.academicYear,
        c.round,
        c.asOfDate,
        c.snapshotVersion,
        c.totalStudents,
        c.eventId,
        JSON.stringify(snapshots.map((s) => s.p.grades)),
      ],
    );
  }

  /**
   * Read one school's allocation for one round and lock its row until the transaction ends, so every
   * writer of it (the batch consumer, this per-event path, a redelivery) sees the version the last one
   * committed. A first allocation has no row to lock: the unique key (school_id, round_id) decides
   * between two concurrent inserts.
   */
  async lockAllocation(
    manager: EntityManager,
    schoolId: string,
    roundId: string,
  ): Promise<AllocationHeader | null> {
    const found = await this.lockAllocations(manager, [{ schoolId, roundId }]);
    return found.get(allocationKey(schoolId, roundId)) ?? null;
  }

  /** `lockAllocation` for many (rows locked in key order), by `allocationKey`. */
  async lockAllocations(
    manager: EntityManager,
    keys: readonly AllocationKey[],
  ): Promise<Map<string, AllocationHeader>> {
    if (keys.length === 0) return new Map();
    const rows: AllocationHeader[] = await manager.query(
      `SELECT ${HEADER_COLUMNS}
         FROM subsidy_allocation a
         JOIN unnest($1::uuid[], $2::uuid[]) AS k(school_id, round_id)
           ON a.school_id = k.school_id AND a.round_id = k.round_id
        ORDER BY a.school_id, a.round_id
          FOR UPDATE OF a`,
      [keys.map((k) => k.schoolId), keys.map((k) => k.roundId)],
    );
    return new Map(rows.map((r) => [allocationKey(r.schoolId, r.roundId), r]));
  }

  async itemAmounts(manager: EntityManager, allocationId: string): Promise<Map<SubsidyItemCode, string>> {
    return (await this.itemAmountsOf(manager, [allocationId])).get(allocationId) ?? new Map();
  }

  /** Item amounts of many allocations: allocation id → item → amount. */
  async itemAmountsOf(
    manager: EntityManager,
    allocationIds: readonly string[],
  ): Promise<Map<string, Map<SubsidyItemCode, string>>> {
    const result = new Map<string, Map<SubsidyItemCode, string>>();
    if (allocationIds.length === 0) return result;
    const rows: Array<{ allocationId: string; item: SubsidyItemCode; amount: string }> = await manager.query(
      `SELECT allocation_id AS "allocationId", item, amount FROM subsidy_allocation_item
        WHERE allocation_id = ANY($1::uuid[])`,
      [allocationIds],
    );
    for (const r of rows) {
      const items = result.get(r.allocationId) ?? new Map<SubsidyItemCode, string>();
      items.set(r.item, r.amount);
      result.set(r.allocationId, items);
    }
    return result;
  }

  /** A school's first allocation for a round; a concurrent insert of the same one fails on the unique key. */
  async insertAllocation(
    manager: EntityManager,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    total: string,
  ): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO subsidy_allocation (id, school_id, school_code, area_office_code, province_code, round_id,
                                       academic_year, round, as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        id,
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
    return id;
  }

  /**
   * First allocations of many schools and rounds, one INSERT in key order. A key another transaction
   * allocated meanwhile is left alone (the unique key, no lock): returns the ids that were inserted.
   */
  async insertAllocations(manager: EntityManager, rows: readonly AllocationWrite[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const c = headerColumns(rows);
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO subsidy_allocation (id, school_id, school_code, area_office_code, province_code, round_id,
                                       academic_year, round, as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::int[],
                            $8::text[], $9::date[], $10::int[], $11::uuid[], $12::int[], $13::numeric[])
              AS u(id, school_id, school_code, area_office_code, province_code, round_id, academic_year, round,
                   as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
        ORDER BY school_id, round_id
       ON CONFLICT (school_id, round_id) DO NOTHING
       RETURNING id`,
      headerParams(c),
    );
    return new Set(inserted.map((r) => r.id));
  }

  /** Replace the header of an existing allocation with a newer snapshot's figures. */
  async updateAllocation(
    manager: EntityManager,
    allocationId: string,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    total: string,
  ): Promise<void> {
    await this.updateAllocations(manager, [{ id: allocationId, p, fiscalYear, total }]);
  }

  /** `updateAllocation` for many: one UPDATE, then their items (with their lines) go; `insertItems` writes the new ones. */
  async updateAllocations(manager: EntityManager, rows: readonly AllocationWrite[]): Promise<void> {
    if (rows.length === 0) return;
    const c = headerColumns(rows);
    await manager.query(
      `UPDATE subsidy_allocation a SET school_code = u.school_code, area_office_code = u.area_office_code,
              province_code = u.province_code, academic_year = u.academic_year, round = u.round,
              as_of_date = u.as_of_date, fiscal_year = u.fiscal_year, snapshot_id = u.snapshot_id,
              snapshot_version = u.snapshot_version, total = u.total, computed_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::int[],
                     $8::text[], $9::date[], $10::int[], $11::uuid[], $12::int[], $13::numeric[])
              AS u(id, school_id, school_code, area_office_code, province_code, round_id, academic_year, round,
                   as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
        WHERE a.id = u.id`,
      headerParams(c),
    );
    await manager.query(`DELETE FROM subsidy_allocation_item WHERE allocation_id = ANY($1::uuid[])`, [
      rows.map((r) => r.id),
    ]);
  }

  /** Items and per-grade lines of one allocation. */
  async insertItemsAndLines(
    manager: EntityManager,
    allocationId: string,
    p: DmcSnapshotPublishedPayload,
    fiscalYear: number,
    computed: ComputedAllocation,
  ): Promise<void> {
    const ids = await this.rateLineIds(manager, computed.lines);
    await this.insertItems(manager, [
      {
        allocationId,
        p,
        fiscalYear,
        items: computed.items,
        lines: computed.lines.map((l, i) => ({ item: l.item, rateLineId: ids[i]!, students: l.students })),
      },
    ]);
  }

  /** Items of many allocations, one INSERT, each with its lines as `line_rates` / `line_students` arrays. */
  async insertItems(manager: EntityManager, rows: readonly ItemsWrite[]): Promise<void> {
    const items: Array<{ r: ItemsWrite; i: AllocationItemTotal; rates: string; students: string }> = [];
    for (const r of rows) {
      const byItem = new Map<SubsidyItemCode, { rates: number[]; students: number[] }>();
      for (const l of r.lines) {
        let entry = byItem.get(l.item);
        if (!entry) byItem.set(l.item, (entry = { rates: [], students: [] }));
        entry.rates.push(l.rateLineId);
        entry.students.push(l.students);
      }
      for (const i of r.items) {
        const entry = byItem.get(i.item);
        items.push({
          r,
          i,
          rates: `{${entry?.rates.join(',') ?? ''}}`,
          students: `{${entry?.students.join(',') ?? ''}}`,
        });
      }
    }
    if (items.length === 0) return;
    const c = columnLiterals(items, {
      allocationId: (x) => x.r.allocationId,
      item: (x) => x.i.item,
      schoolId: (x) => x.r.p.schoolId,
      fiscalYear: (x) => x.r.fiscalYear,
      areaOfficeCode: (x) => x.r.p.areaOfficeCode,
      provinceCode: (x) => x.r.p.provinceCode,
      round: (x) => x.r.p.round,
      students: (x) => x.i.students,
      amount: (x) => x.i.amount,
      lineRates: (x) => x.rates,
      lineStudents: (x) => x.students,
    });
    await manager.query(
      `INSERT INTO subsidy_allocation_item (allocation_id, item, school_id, fiscal_year, area_office_code,
                                            province_code, round, students, amount, line_rates, line_students)
       SELECT u.allocation_id, u.item, u.school_id, u.fiscal_year, u.area_office_code, u.province_code, u.round,
              u.students, u.amount, u.line_rates::int[], u.line_students::int[]
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[],
                     $9::numeric[], $10::text[], $11::text[])
              AS u(allocation_id, item, school_id, fiscal_year, area_office_code, province_code, round, students,
                   amount, line_rates, line_students)`,
      [
        c.allocationId,
        c.item,
        c.schoolId,
        c.fiscalYear,
        c.areaOfficeCode,
        c.provinceCode,
        c.round,
        c.students,
        c.amount,
        c.lineRates,
        c.lineStudents,
      ],
    );
  }

  /**
   * The ids of rate lines (in the order given), each distinct one stored once: the new ones are
   * inserted (no lock on existing rows, so concurrent batches do not wait for each other), then all
   * are read back by value.
   */
  async rateLineIds(manager: EntityManager, lines: readonly RateLine[]): Promise<number[]> {
    const distinct = new Map<string, RateLine>();
    const keys = lines.map((l) => {
      const k = rateLineKey(l);
      if (!distinct.has(k)) distinct.set(k, l);
      return k;
    });
    if (distinct.size === 0) return [];
    const c = columnLiterals([...distinct.values()], {
      item: (l) => l.item,
      gradeLevel: (l) => l.gradeLevel,
      level: (l) => l.level,
      ratePerYear: (l) => l.ratePerYear,
      rateFiscalYear: (l) => l.rateFiscalYear,
      rateAppliesTo: (l) => l.rateAppliesTo,
      rateVerified: (l) => l.rateVerified,
      ratePerRound: (l) => l.ratePerRound,
    });
    const params = [
      c.item,
      c.gradeLevel,
      c.level,
      c.ratePerYear,
      c.rateFiscalYear,
      c.rateAppliesTo,
      c.rateVerified,
      c.ratePerRound,
    ];
    const input = `unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::int[], $6::text[], $7::bool[],
                          $8::numeric[])
                   AS u(item, grade_level, level, rate_per_year, rate_fiscal_year, rate_applies_to, rate_verified,
                        rate_per_round)`;
    const find = () =>
      manager.query(
        `SELECT r.id, r.item, r.grade_level AS "gradeLevel", r.level, r.rate_per_year AS "ratePerYear",
                r.rate_fiscal_year AS "rateFiscalYear", r.rate_applies_to AS "rateAppliesTo",
                r.rate_verified AS "rateVerified", r.rate_per_round AS "ratePerRound"
           FROM ${input}
           JOIN subsidy_rate_line r USING (item, grade_level, level, rate_per_year, rate_fiscal_year,
                                           rate_applies_to, rate_verified, rate_per_round)`,
        params,
      ) as Promise<Array<RateLine & { id: number }>>;
    let found = await find();
    if (found.length < distinct.size) {
      await manager.query(
        `INSERT INTO subsidy_rate_line (item, grade_level, level, rate_per_year, rate_fiscal_year, rate_applies_to,
                                        rate_verified, rate_per_round)
         SELECT * FROM ${input} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
         ON CONFLICT DO NOTHING`,
        params,
      );
      found = await find();
    }
    const ids = new Map(found.map((r) => [rateLineKey(r), r.id]));
    return keys.map((k) => {
      const id = ids.get(k);
      if (id === undefined) throw new Error(`rate line ${k} was not stored`);
      return id;
    });
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
      items: AdjustmentItemWrite[];
    },
  ): Promise<string> {
    const id = randomUUID();
    await this.insertAdjustments(manager, [
      {
        id,
        allocationId: a.allocationId,
        p: a.p,
        fiscalYear: a.fiscalYear,
        fromSnapshotVersion: a.current.snapshotVersion,
        previousTotal: a.current.total,
        newTotal: a.newTotal,
        delta: a.delta,
        eventId: a.eventId,
        items: a.items,
      },
    ]);
    return id;
  }

  /** Adjustments and their per-item differences: one INSERT per table. */
  async insertAdjustments(manager: EntityManager, rows: readonly AdjustmentWrite[]): Promise<void> {
    if (rows.length === 0) return;
    const c = columnLiterals(rows, {
      id: (a) => a.id,
      allocationId: (a) => a.allocationId,
      schoolId: (a) => a.p.schoolId,
      roundId: (a) => a.p.roundId,
      academicYear: (a) => a.p.academicYear,
      round: (a) => a.p.round,
      fiscalYear: (a) => a.fiscalYear,
      from: (a) => a.fromSnapshotVersion,
      to: (a) => a.p.snapshotVersion,
      previousTotal: (a) => a.previousTotal,
      newTotal: (a) => a.newTotal,
      delta: (a) => a.delta,
      eventId: (a) => a.eventId,
    });
    await manager.query(
      `INSERT INTO allocation_adjustment (id, allocation_id, school_id, round_id, academic_year, round, fiscal_year,
                                          from_snapshot_version, to_snapshot_version, previous_total, new_total, delta, event_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::int[], $8::int[],
                            $9::int[], $10::numeric[], $11::numeric[], $12::numeric[], $13::uuid[])`,
      [
        c.id,
        c.allocationId,
        c.schoolId,
        c.roundId,
        c.academicYear,
        c.round,
        c.fiscalYear,
        c.from,
        c.to,
        c.previousTotal,
        c.newTotal,
        c.delta,
        c.eventId,
      ],
    );
    const items = rows.flatMap((a) => a.items.map((i) => ({ id: a.id, i })));
    if (items.length) {
      const ic = columnLiterals(items, {
        id: (x) => x.id,
        item: (x) => x.i.item,
        previousAmount: (x) => x.i.previousAmount,
        newAmount: (x) => x.i.newAmount,
        delta: (x) => x.i.delta,
      });
      await manager.query(
        `INSERT INTO allocation_adjustment_item (adjustment_id, item, previous_amount, new_amount, delta)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[])`,
        [ic.id, ic.item, ic.previousAmount, ic.newAmount, ic.delta],
      );
    }
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
        ORDER BY a.created_at, a.to_snapshot_version`,
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
    // Each aggregate once over the matching item rows (a national view reads ~174,000 of them) and
    // joined to the keys: no correlated subquery re-reads the rows per key. The codes are compared
    // as the column's type (bpchar), so the (code, fiscal_year) index serves a single area or province.
    return this.db.query(
      `WITH k AS (SELECT DISTINCT * FROM unnest($1::text[], $2::int[]) AS k(code, fiscal_year)),
            rows AS MATERIALIZED (
              SELECT i.${col}::text AS code, i.fiscal_year, i.school_id, i.item, i.round, i.amount
                FROM subsidy_allocation_item i
                JOIN k ON i.${col} = k.code::bpchar AND i.fiscal_year = k.fiscal_year),
            totals AS (
              SELECT code, fiscal_year, count(DISTINCT school_id)::int AS schools, sum(amount) AS total
                FROM rows GROUP BY code, fiscal_year),
            by_item AS (
              SELECT code, fiscal_year,
                     json_agg(json_build_object('item', item, 'amount', amount::text)
                              ORDER BY array_position($3::text[], item)) AS list
                FROM (SELECT code, fiscal_year, item, sum(amount) AS amount FROM rows GROUP BY code, fiscal_year, item) x
               GROUP BY code, fiscal_year),
            by_round AS (
              SELECT code, fiscal_year, json_agg(json_build_object('round', round, 'amount', amount::text) ORDER BY round) AS list
                FROM (SELECT code, fiscal_year, round, sum(amount) AS amount FROM rows GROUP BY code, fiscal_year, round) y
               GROUP BY code, fiscal_year)
       SELECT k.code || '|' || k.fiscal_year AS key, k.fiscal_year AS "fiscalYear",
              coalesce(t.schools, 0) AS "schoolCount", coalesce(t.total, 0)::text AS total,
              coalesce(i.list, '[]') AS "byItem", coalesce(r.list, '[]') AS "byRound"
         FROM k
         LEFT JOIN totals t ON t.code = k.code AND t.fiscal_year = k.fiscal_year
         LEFT JOIN by_item i ON i.code = k.code AND i.fiscal_year = k.fiscal_year
         LEFT JOIN by_round r ON r.code = k.code AND r.fiscal_year = k.fiscal_year`,
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
    // The trust layer's owner rule: the school's current placement (directory replica, else the
    // allocation's own codes), so the SQL filter and the per-row check agree.
    if (visibility.kind === 'AREA')
      add('coalesce(r.area_office_code, a.area_office_code) = ?', visibility.areaOfficeCode);
    if (visibility.kind === 'SCHOOL') add('coalesce(r.obec_code, a.school_code) = ?', visibility.schoolCode);
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
         LEFT JOIN directory_school_replica r ON r.school_id = a.school_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.school_code, a.as_of_date
        LIMIT $${n - 2} OFFSET $${n - 1}`,
      params,
    );
    if (rows.length === 0 && offset > 0) {
      const [{ count }] = await this.db.query(
        `SELECT count(*)::int AS count FROM subsidy_allocation a
           LEFT JOIN directory_school_replica r ON r.school_id = a.school_id WHERE ${where.join(' AND ')}`,
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
