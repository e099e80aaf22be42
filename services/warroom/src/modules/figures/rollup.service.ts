import type { EntityManager } from 'typeorm';
import {
  applySchoolsToReplica,
  type AllocationComputedPayload,
  type AttendanceDailyPayload,
  type BuildingSurveyClosedPayload,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type IndicatorResultApprovedPayload,
  type InfrastructureReportedPayload,
  type LetterAcknowledgedPayload,
  type LetterDispatchedPayload,
  type NutritionSummarisedPayload,
  type SchoolUpserted,
  type PayloadOf,
  type StaffAssignedPayload,
  type SpendingRecordedPayload,
} from '@smss/events';
import { columnLiterals } from '@smss/db';
import { TEACHING_POSITIONS } from '@smss/thai';
import {
  allocationRows,
  attendancePeriod,
  attendanceRows,
  buildingRows,
  type AttendanceDay,
  CURRENT,
  directoryRows,
  dmcPeriod,
  dmcPeriodFacts,
  indicatorPeriod,
  indicatorRows,
  internetRows,
  letterRows,
  scoreUnits,
  satang,
  spendingRows,
  normOf,
  nutritionPeriod,
  nutritionRows,
  staffingRows,
  studentRows,
} from './figure-rules';
import {
  freshPayloads,
  latestBy,
  lockSchools,
  replaceFigures,
  replaceSchools,
  touchPeriods,
  uniqueKeys,
  type FigureRow,
} from './figure-store';

type Envelope<P> = EventEnvelope<P>;

const lastOccurred = (events: Array<{ occurredAt: string }>) =>
  events.reduce(
    (max, e) => (e.occurredAt > max ? e.occurredAt : max),
    events[0]?.occurredAt ?? new Date().toISOString(),
  );

/**
 * Applies the other subgraphs' events to the read model, a consumer batch at a time, inside the batch's
 * transaction (the consumer's inbox makes a redelivered event a no-op; `source_version` makes a late or
 * replayed older version one too, and lets a correction replace what it corrects).
 */
export const Rollup = {
  /** Directory: the replica, the open-school count, and rows re-counted where a moved school now sits. */
  async schools(
    manager: EntityManager,
    events: Array<Envelope<PayloadOf<typeof SchoolUpserted>>>,
  ): Promise<void> {
    const ids = [...new Set(events.map((e) => e.payload.id))];
    await lockSchools(manager, [...ids, ...events.map((e) => e.payload.obecCode)]);
    await applySchoolsToReplica(manager, events as never);
    await replaceSchools(manager, ids);
    const current: Array<{ school_id: string; status: string }> = await manager.query(
      `SELECT school_id, status FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
      [ids],
    );
    const rows = current.flatMap((s) => directoryRows(s.school_id, s.status === 'OPEN'));
    await replaceFigures(manager, uniqueKeys(rows), rows);
    // Letters are addressed by OBEC code: a school placed now gets those that arrived before it.
    await Rollup.letterFigures(
      manager,
      events.map((e) => e.payload.obecCode),
    );
    await Rollup.indicatorFigures(
      manager,
      events.map((e) => e.payload.obecCode),
    );
    await touchPeriods(
      manager,
      [{ grp: 'directory', period: CURRENT, kind: 'CURRENT' }],
      lastOccurred(events),
    );
  },

  /** A DMC snapshot: the school's student figures of that round, and its teacher norm if it is the latest. */
  async snapshots(
    manager: EntityManager,
    events: Array<Envelope<DmcSnapshotPublishedPayload>>,
  ): Promise<void> {
    const fresh = await freshPayloads(manager, {
      source: 'dmc',
      events,
      keyOf: (p) => dmcPeriod(p.academicYear, p.round),
      versionOf: (e) => e.payload.snapshotVersion,
    });
    if (!fresh.length) return;
    const rows = fresh.flatMap(studentRows);
    await replaceFigures(manager, uniqueKeys(rows), rows);
    const norms = fresh
      .map((p) => ({ p, ...normOf(p) }))
      .sort((a, b) => (a.p.schoolId < b.p.schoolId ? -1 : 1));
    // One norm per school: the latest round of the batch (the SQL keeps the latest overall).
    const perSchool = new Map<string, (typeof norms)[number]>();
    for (const n of norms) {
      const seen = perSchool.get(n.p.schoolId);
      const period = dmcPeriod(n.p.academicYear, n.p.round);
      if (!seen || dmcPeriod(seen.p.academicYear, seen.p.round) < period) perSchool.set(n.p.schoolId, n);
    }
    const list = [...perSchool.values()];
    await manager.query(
      `INSERT INTO school_norm (school_id, period, version, students, required)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::int[])
       ON CONFLICT (school_id) DO UPDATE SET period = EXCLUDED.period, version = EXCLUDED.version,
         students = EXCLUDED.students, required = EXCLUDED.required
       WHERE (school_norm.period, school_norm.version) <= (EXCLUDED.period, EXCLUDED.version)`,
      [
        list.map((n) => n.p.schoolId),
        list.map((n) => dmcPeriod(n.p.academicYear, n.p.round)),
        list.map((n) => n.p.snapshotVersion),
        list.map((n) => n.students),
        list.map((n) => n.required),
      ],
    );
    await Rollup.staffing(
      manager,
      list.map((n) => n.p.schoolId),
    );
    await touchPeriods(
      manager,
      fresh.map((p) => dmcPeriodFacts('students', p)),
      lastOccurred(events),
    );
    await touchPeriods(
      manager,
      [{ grp: 'staffing', period: CURRENT, kind: 'CURRENT' }],
      lastOccurred(events),
    );
  },

  /** Teacher postings: the latest posting per staff member (by start date, then event time). */
  async postings(manager: EntityManager, events: Array<Envelope<StaffAssignedPayload>>): Promise<void> {
    const latest = latestBy(
      events,
      (p) => p.staffId,
      (e) => `${e.payload.startDate}|${new Date(e.occurredAt).toISOString()}`,
    );
    const staffIds = latest.map((e) => e.payload.staffId);
    const before: Array<{ school_id: string | null }> = await manager.query(
      `SELECT school_id FROM staff_posting WHERE staff_id = ANY($1::uuid[])`,
      [staffIds],
    );
    // Only this consumer writes postings, so the old schools read above stay current.
    const schools = new Set<string>();
    for (const b of before) if (b.school_id) schools.add(b.school_id);
    for (const e of latest) {
      if (e.payload.posting.schoolId) schools.add(e.payload.posting.schoolId);
      if (e.payload.previous?.schoolId) schools.add(e.payload.previous.schoolId);
    }
    await lockSchools(manager, schools);
    const sorted = [...latest].sort((a, b) => (a.payload.staffId < b.payload.staffId ? -1 : 1));
    await manager.query(
      `INSERT INTO staff_posting (staff_id, school_id, teaching, start_date, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::date[], $5::timestamptz[])
       ON CONFLICT (staff_id) DO UPDATE SET school_id = EXCLUDED.school_id, teaching = EXCLUDED.teaching,
         start_date = EXCLUDED.start_date, occurred_at = EXCLUDED.occurred_at
       WHERE (staff_posting.start_date, staff_posting.occurred_at) < (EXCLUDED.start_date, EXCLUDED.occurred_at)`,
      [
        sorted.map((e) => e.payload.staffId),
        sorted.map((e) => (e.payload.posting.orgKind === 'SCHOOL' ? e.payload.posting.schoolId : null)),
        sorted.map(
          (e) =>
            e.payload.posting.orgKind === 'SCHOOL' &&
            (TEACHING_POSITIONS as readonly string[]).includes(e.payload.posting.positionType),
        ),
        sorted.map((e) => e.payload.startDate),
        sorted.map((e) => e.occurredAt),
      ],
    );
    await Rollup.staffing(manager, [...schools]);
    await touchPeriods(
      manager,
      [{ grp: 'staffing', period: CURRENT, kind: 'CURRENT' }],
      lastOccurred(events),
    );
  },

  /** Recompute the teacher figures of some schools from the norm and the postings. */
  async staffing(manager: EntityManager, schoolIds: string[]): Promise<void> {
    if (!schoolIds.length) return;
    const state: Array<{
      school_id: string;
      students: number | null;
      required: number | null;
      present: number;
    }> = await manager.query(
      `SELECT s.school_id, n.students, n.required, coalesce(p.present, 0)::int AS present
           FROM unnest($1::uuid[]) AS s(school_id)
           LEFT JOIN school_norm n ON n.school_id = s.school_id
           LEFT JOIN (SELECT school_id, count(*) AS present FROM staff_posting
                       WHERE teaching AND school_id = ANY($1::uuid[]) GROUP BY school_id) p ON p.school_id = s.school_id`,
      [schoolIds],
    );
    const rows: FigureRow[] = state
      .filter((s) => s.required !== null || s.present > 0)
      .flatMap((s) =>
        staffingRows({
          schoolId: s.school_id,
          students: s.students ?? 0,
          required: s.required ?? 0,
          present: s.present,
        }),
      );
    await replaceFigures(
      manager,
      state.map((s) => ({ schoolId: s.school_id, grp: 'staffing', period: CURRENT })),
      rows,
    );
  },

  async allocations(
    manager: EntityManager,
    events: Array<Envelope<AllocationComputedPayload>>,
  ): Promise<void> {
    const fresh = await freshPayloads(manager, {
      source: 'allocation',
      events,
      keyOf: (p) => dmcPeriod(p.academicYear, p.round),
      versionOf: (e) => e.payload.snapshotVersion,
    });
    const rows = fresh.flatMap(allocationRows);
    await replaceFigures(manager, uniqueKeys(rows), rows);
    await touchPeriods(
      manager,
      fresh.map((p) => dmcPeriodFacts('allocations', p)),
      lastOccurred(events),
    );
  },

  /**
   * Spending entries (approved vouchers +, payees' refunds −): each kept once (`spending_entry`, by entry id:
   * a replay adds nothing), then the spending figures of every school and fiscal year they touch recomputed
   * from the school's entries.
   */
  async spending(manager: EntityManager, events: Array<Envelope<SpendingRecordedPayload>>): Promise<void> {
    await lockSchools(
      manager,
      events.map((e) => e.payload.schoolId),
    );
    const entries = [...new Map(events.map((e) => [e.payload.entryId, e.payload])).values()].sort((a, b) =>
      a.entryId < b.entryId ? -1 : 1,
    );
    const c = columnLiterals(entries, {
      id: (v) => v.entryId,
      kind: (v) => v.kind,
      school: (v) => v.schoolId,
      year: (v) => v.fiscalYear,
      date: (v) => v.date,
      amount: (v) => satang(v.amount),
    });
    const added: Array<{ school_id: string; fiscal_year: number }> = await manager.query(
      `INSERT INTO spending_entry (entry_id, kind, school_id, fiscal_year, entry_date, amount)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::date[], $6::bigint[])
       ON CONFLICT (entry_id) DO NOTHING
       RETURNING school_id, fiscal_year`,
      [c.id, c.kind, c.school, c.year, c.date, c.amount],
    );
    if (!added.length) return;
    const keys = [...new Map(added.map((a) => [`${a.school_id}|${a.fiscal_year}`, a])).values()];
    const sums: Array<{ school_id: string; fiscal_year: number; spent: string; vouchers: number }> =
      await manager.query(
        `SELECT v.school_id, v.fiscal_year, sum(v.amount)::text AS spent,
                (count(*) FILTER (WHERE v.kind = 'VOUCHER'))::int AS vouchers
           FROM spending_entry v JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, fiscal_year)
             ON k.school_id = v.school_id AND k.fiscal_year = v.fiscal_year
          GROUP BY v.school_id, v.fiscal_year`,
        [keys.map((k) => k.school_id), keys.map((k) => k.fiscal_year)],
      );
    const rows = sums.flatMap((s) => spendingRows(s.school_id, s.fiscal_year, Number(s.spent), s.vouchers));
    await replaceFigures(
      manager,
      keys.map((k) => ({ schoolId: k.school_id, grp: 'spending', period: String(k.fiscal_year) })),
      rows,
    );
    await touchPeriods(
      manager,
      entries.map((v) => ({
        grp: 'spending',
        period: String(v.fiscalYear),
        kind: 'FISCAL_YEAR',
        fiscalYear: v.fiscalYear,
        asOfDate: v.date,
      })),
      lastOccurred(events),
    );
  },

  async surveys(manager: EntityManager, events: Array<Envelope<BuildingSurveyClosedPayload>>): Promise<void> {
    const fresh = await freshPayloads(manager, {
      source: 'survey',
      events,
      keyOf: (p) => String(p.fiscalYear),
      versionOf: (e) => Date.parse(e.payload.closedAt),
    });
    const rows = fresh.flatMap(buildingRows);
    await replaceFigures(manager, uniqueKeys(rows), rows);
    await touchPeriods(
      manager,
      fresh.map((p) => ({
        grp: 'buildings',
        period: String(p.fiscalYear),
        kind: 'FISCAL_YEAR',
        fiscalYear: p.fiscalYear,
        asOfDate: p.closedAt.slice(0, 10),
      })),
      lastOccurred(events),
    );
  },

  async infrastructure(
    manager: EntityManager,
    events: Array<Envelope<InfrastructureReportedPayload>>,
  ): Promise<void> {
    const fresh = await freshPayloads(manager, {
      source: 'infrastructure',
      events,
      keyOf: () => CURRENT,
      versionOf: (e) => e.payload.version,
    });
    const rows = fresh.flatMap(internetRows);
    await replaceFigures(manager, uniqueKeys(rows), rows);
    await touchPeriods(
      manager,
      fresh.map((p) => ({ grp: 'internet', period: CURRENT, kind: 'CURRENT', asOfDate: p.reportedOn })),
      lastOccurred(events),
    );
  },

  /** Letters circulated to schools (deliveries to area offices and OBEC are not school figures). */
  async letters(
    manager: EntityManager,
    events: Array<Envelope<LetterDispatchedPayload | LetterAcknowledgedPayload>>,
  ): Promise<void> {
    const toSchools = events.filter((e) => /^\d{10}$/.test(e.payload.recipientOrgCode));
    if (!toSchools.length) return;
    const codes = [...new Set(toSchools.map((e) => e.payload.recipientOrgCode))];
    const ids: Array<{ school_id: string }> = await manager.query(
      `SELECT school_id FROM directory_school_replica WHERE obec_code = ANY($1::text[])`,
      [codes],
    );
    await lockSchools(manager, [...codes, ...ids.map((i) => i.school_id)]);
    const merged = new Map<
      string,
      { code: string; dispatched: boolean; dueOn: string | null; acknowledged: boolean; late: boolean }
    >();
    for (const e of toSchools) {
      const p = e.payload;
      const d = merged.get(p.deliveryId) ?? {
        code: p.recipientOrgCode,
        dispatched: false,
        dueOn: null,
        acknowledged: false,
        late: false,
      };
      if ('dispatchedAt' in p) {
        d.dispatched = true;
        d.dueOn = p.dueAt ? new Date(Date.parse(p.dueAt) + 7 * 3_600_000).toISOString().slice(0, 10) : null; // Bangkok day
      } else {
        d.acknowledged = true;
        d.late = p.late;
      }
      merged.set(p.deliveryId, d);
    }
    const list = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    await manager.query(
      `INSERT INTO letter_delivery (delivery_id, school_code, dispatched, due_on, acknowledged, late)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::date[], $5::boolean[], $6::boolean[])
       ON CONFLICT (delivery_id) DO UPDATE SET
         dispatched = letter_delivery.dispatched OR EXCLUDED.dispatched,
         due_on = coalesce(EXCLUDED.due_on, letter_delivery.due_on),
         acknowledged = letter_delivery.acknowledged OR EXCLUDED.acknowledged,
         late = letter_delivery.late OR EXCLUDED.late`,
      [
        list.map(([id]) => id),
        list.map(([, d]) => d.code),
        list.map(([, d]) => d.dispatched),
        list.map(([, d]) => d.dueOn),
        list.map(([, d]) => d.acknowledged),
        list.map(([, d]) => d.late),
      ],
    );
    await Rollup.letterFigures(manager, codes);
    await touchPeriods(manager, [{ grp: 'letters', period: CURRENT, kind: 'CURRENT' }], lastOccurred(events));
  },

  /** Recompute the letter figures of the placed schools with these OBEC codes. */
  async letterFigures(manager: EntityManager, obecCodes: string[]): Promise<void> {
    if (!obecCodes.length) return;
    const rows: Array<{
      school_id: string;
      deliveries: Array<{ dispatched: boolean; acknowledged: boolean; late: boolean; due_on: string | null }>;
    }> = await manager.query(
      `SELECT r.school_id, json_agg(json_build_object('dispatched', d.dispatched, 'acknowledged', d.acknowledged,
                  'late', d.late, 'due_on', to_char(d.due_on, 'YYYY-MM-DD'))) AS deliveries
           FROM directory_school_replica r JOIN letter_delivery d ON d.school_code = r.obec_code
          WHERE r.obec_code = ANY($1::text[]) GROUP BY r.school_id`,
      [obecCodes],
    );
    const figureRows = rows.flatMap((r) => letterRows(r.school_id, r.deliveries));
    await replaceFigures(manager, uniqueKeys(figureRows), figureRows);
  },

  /** Approved school-level indicator results (OBEC and area office results are not school figures). */
  async indicatorResults(
    manager: EntityManager,
    events: Array<Envelope<IndicatorResultApprovedPayload>>,
  ): Promise<void> {
    const latest = latestBy(
      events.filter((e) => e.payload.orgLevel === 'SCHOOL' && e.payload.schoolCode),
      (p) => p.resultId,
      (e) => e.payload.version,
    ).sort((a, b) => (a.payload.resultId < b.payload.resultId ? -1 : 1));
    if (!latest.length) return;
    const codes = [...new Set(latest.map((e) => e.payload.schoolCode!))];
    const ids: Array<{ school_id: string }> = await manager.query(
      `SELECT school_id FROM directory_school_replica WHERE obec_code = ANY($1::text[])`,
      [codes],
    );
    await lockSchools(manager, [...codes, ...ids.map((i) => i.school_id)]);
    await manager.query(
      `INSERT INTO indicator_result (result_id, school_code, period, framework, score_units, version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[])
       ON CONFLICT (result_id) DO UPDATE SET school_code = EXCLUDED.school_code, period = EXCLUDED.period,
         framework = EXCLUDED.framework, score_units = EXCLUDED.score_units, version = EXCLUDED.version
       WHERE indicator_result.version < EXCLUDED.version`,
      [
        latest.map((e) => e.payload.resultId),
        latest.map((e) => e.payload.schoolCode),
        latest.map((e) => indicatorPeriod(e.payload.fiscalYear, e.payload.roundMonth)),
        latest.map((e) => e.payload.framework),
        latest.map((e) => scoreUnits(e.payload.score)),
        latest.map((e) => e.payload.version),
      ],
    );
    await Rollup.indicatorFigures(manager, codes);
    await touchPeriods(
      manager,
      latest.map((e) => ({
        grp: 'indicators',
        period: indicatorPeriod(e.payload.fiscalYear, e.payload.roundMonth),
        kind: 'INDICATOR_ROUND' as const,
        fiscalYear: e.payload.fiscalYear,
        roundMonth: e.payload.roundMonth,
      })),
      lastOccurred(events),
    );
  },

  /** Recompute the indicator figures (every round) of the placed schools with these OBEC codes. */
  async indicatorFigures(manager: EntityManager, obecCodes: string[]): Promise<void> {
    if (!obecCodes.length) return;
    const rows: Array<{
      school_id: string;
      period: string;
      results: Array<{ framework: string; score_units: string }>;
    }> = await manager.query(
      `SELECT r.school_id, i.period, json_agg(json_build_object('framework', i.framework, 'score_units', i.score_units)) AS results
           FROM directory_school_replica r JOIN indicator_result i ON i.school_code = r.obec_code
          WHERE r.obec_code = ANY($1::text[]) GROUP BY r.school_id, i.period`,
      [obecCodes],
    );
    const figureRows = rows.flatMap((r) => indicatorRows(r.school_id, r.period, r.results));
    await replaceFigures(manager, uniqueKeys(figureRows), figureRows);
  },

  /**
   * A school's attendance of one day (the latest revision of a school and date wins; a replayed or late
   * older revision is a no-op): the day is kept in `attendance_day`, and the school's `attendance` figures of
   * the day's period (academic year and semester, term to date) are recomputed from its days.
   */
  async attendance(manager: EntityManager, events: Array<Envelope<AttendanceDailyPayload>>): Promise<void> {
    if (!events.length) return;
    await lockSchools(
      manager,
      events.map((e) => e.payload.schoolId),
    );
    const latest = latestBy(
      events,
      (p) => `${p.schoolId}|${p.date}`,
      (e) => e.payload.revision,
    )
      .map((e) => e.payload)
      .sort((a, b) => (a.schoolId + a.date < b.schoolId + b.date ? -1 : 1));
    const changed: Array<{ school_id: string; period: string }> = await manager.query(
      `INSERT INTO attendance_day (school_id, day, period, revision, enrolled, present, absent, late, sick_leave,
                                   personal_leave, unmarked)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[],
                            $8::int[], $9::int[], $10::int[], $11::int[])
       ON CONFLICT (school_id, day) DO UPDATE SET revision = EXCLUDED.revision, enrolled = EXCLUDED.enrolled,
         present = EXCLUDED.present, absent = EXCLUDED.absent, late = EXCLUDED.late,
         sick_leave = EXCLUDED.sick_leave, personal_leave = EXCLUDED.personal_leave, unmarked = EXCLUDED.unmarked
       WHERE attendance_day.revision < EXCLUDED.revision
       RETURNING school_id, period`,
      [
        latest.map((p) => p.schoolId),
        latest.map((p) => p.date),
        latest.map((p) => attendancePeriod(p.date)),
        latest.map((p) => p.revision),
        latest.map((p) => p.enrolled),
        latest.map((p) => p.present),
        latest.map((p) => p.absent),
        latest.map((p) => p.late),
        latest.map((p) => p.sickLeave),
        latest.map((p) => p.personalLeave),
        latest.map((p) => p.unmarked),
      ],
    );
    if (!changed.length) return;
    const keys = uniqueKeys(
      changed.map((c) => ({ schoolId: c.school_id, grp: 'attendance', period: c.period })),
    );
    const days: Array<{ school_id: string; period: string; days: AttendanceDay[] }> = await manager.query(
      `SELECT d.school_id, d.period,
              json_agg(json_build_object('date', to_char(d.day, 'YYYY-MM-DD'), 'enrolled', d.enrolled,
                'present', d.present, 'absent', d.absent, 'late', d.late, 'sickLeave', d.sick_leave,
                'personalLeave', d.personal_leave, 'unmarked', d.unmarked)) AS days
         FROM attendance_day d
         JOIN unnest($1::uuid[], $2::text[]) AS k(school_id, period) ON k.school_id = d.school_id AND k.period = d.period
        GROUP BY d.school_id, d.period`,
      [keys.map((k) => k.schoolId), keys.map((k) => k.period)],
    );
    const rows = days.flatMap((d) => attendanceRows(d.school_id, d.period, d.days));
    await replaceFigures(manager, keys, rows);
    const applied = new Set(changed.map((c) => `${c.school_id}|${c.period}`));
    await touchPeriods(
      manager,
      latest
        .filter((p) => applied.has(`${p.schoolId}|${attendancePeriod(p.date)}`))
        .map((p) => ({
          grp: 'attendance',
          period: attendancePeriod(p.date),
          kind: 'SEMESTER' as const,
          academicYear: Number(attendancePeriod(p.date).slice(0, 4)),
          semester: Number(attendancePeriod(p.date).slice(5)),
          asOfDate: p.date,
        })),
      lastOccurred(events),
    );
  },

  /**
   * A school's nutrition counts of one academic year and term (the latest revision of a school and term
   * wins; a replayed or late older revision is a no-op): the school's `nutrition` figures of the period are
   * replaced by the event's counts.
   */
  async nutrition(
    manager: EntityManager,
    events: Array<Envelope<NutritionSummarisedPayload>>,
  ): Promise<void> {
    if (!events.length) return;
    const fresh = await freshPayloads(manager, {
      source: 'nutrition',
      events,
      keyOf: (p) => nutritionPeriod(p.academicYear, p.term),
      versionOf: (e) => e.payload.revision,
    });
    if (!fresh.length) return;
    const rows = fresh.flatMap(nutritionRows);
    await replaceFigures(
      manager,
      uniqueKeys(
        fresh.map((p) => ({
          schoolId: p.schoolId,
          grp: 'nutrition',
          period: nutritionPeriod(p.academicYear, p.term),
        })),
      ),
      rows,
    );
    await touchPeriods(
      manager,
      fresh.map((p) => ({
        grp: 'nutrition',
        period: nutritionPeriod(p.academicYear, p.term),
        kind: 'TERM' as const,
        academicYear: p.academicYear,
        semester: p.term,
        asOfDate: p.lastMeasuredOn,
      })),
      lastOccurred(events),
    );
  },
};
