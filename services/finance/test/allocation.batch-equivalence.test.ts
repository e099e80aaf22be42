import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type GradeCounts,
} from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  DMC_TEST_ROUNDS,
  handlerPaths,
  inParallel,
  randomBatches,
  seededRandom as random,
  shuffleWith,
  startTestSubgraph,
  type TestSubgraph,
} from '@smss/testing';
import { allocateWhenDmcSnapshotPublished } from '../src/events/allocate-when-dmc-snapshot-published.handler';
import { SubsidyRepository } from '../src/modules/subsidy/subsidy.repository';
import { createFinanceService } from '../src/server';

/**
 * The batch consumer's allocation path (`handleBatch`: rates once per batch, integer satang, one
 * statement per table) against the per-event path (`handle`: decimal.js, one transaction per event),
 * fed the same random snapshot sequence — duplicates, corrections, versions out of order, several
 * rounds and fiscal years, a rate change half-way — into two databases: every row must be the same.
 */

type SnapshotEvent = EventEnvelope<DmcSnapshotPublishedPayload>;
const { handle, handleBatch } = handlerPaths<SnapshotEvent>(allocateWhenDmcSnapshotPublished);

const ROUNDS = DMC_TEST_ROUNDS;

function grades(rand: () => number): GradeCounts[] {
  return GRADE_LEVELS.filter(() => rand() < 0.5).map((gradeLevel) => {
    const male = Math.floor(rand() * 40);
    const female = Math.floor(rand() * 40);
    return {
      gradeLevel,
      male,
      female,
      poor: 0,
      extremelyPoor: Math.floor((male + female) * rand() * 0.3),
      disabled: 0,
      orphan: 0,
      stateless: 0,
      ethnicMinority: 0,
      classrooms: 1,
    };
  });
}

/**
 * 40 schools × 4 rounds, 1–4 versions each, shuffled (so a correction may come before the version it
 * corrects), with one in six events republished later under a new event id.
 */
function snapshotSequence(seed: number): SnapshotEvent[] {
  const rand = random(seed);
  const roundIds = ROUNDS.map(() => randomUUID());
  const events: SnapshotEvent[] = [];
  for (let s = 0; s < 40; s += 1) {
    const schoolId = randomUUID();
    const areaOfficeCode = `94${String(1 + (s % 3)).padStart(2, '0')}`;
    ROUNDS.forEach((r, i) => {
      if (rand() < 0.15) return;
      const versions = 1 + Math.floor(rand() * 4);
      for (let v = 1; v <= versions; v += 1) {
        const g = grades(rand);
        const payload: DmcSnapshotPublishedPayload = {
          snapshotId: randomUUID(),
          roundId: roundIds[i]!,
          academicYear: r.academicYear,
          round: r.round,
          asOfDate: r.asOfDate,
          schoolId,
          schoolCode: `10${areaOfficeCode}${String(s).padStart(4, '0')}`,
          areaOfficeCode,
          provinceCode: '94',
          snapshotVersion: v,
          grades: g,
          totalStudents: g.reduce((n, x) => n + x.male + x.female, 0),
        };
        events.push(buildEnvelope(DmcSnapshotPublished, schoolId, payload));
      }
    });
  }
  shuffleWith(events, rand);
  const withRepublished: SnapshotEvent[] = [];
  for (const e of events) {
    withRepublished.push(e);
    if (rand() < 1 / 6) {
      const later = Math.min(withRepublished.length + Math.floor(rand() * 30), events.length);
      // A republish: the same snapshot as a brand-new event (new id), somewhere later.
      withRepublished.splice(later, 0, buildEnvelope(DmcSnapshotPublished, e.aggregateId, e.payload));
    }
  }
  return withRepublished;
}

/** Batches of 1–80 events, as a consumer would take them from the stream. */
const batches = (events: SnapshotEvent[], rand: () => number) => randomBatches(events, rand, 80);

const NEW_TUITION_RATE = {
  fiscalYear: 2569,
  item: 'TUITION' as const,
  appliesTo: 'P4' as const,
  amountPerYear: '1001.01', // a per-semester half of 500.505 → 500.51
  schedule: 'PER_SEMESTER' as const,
  source: 'equivalence test',
  verified: false,
  note: null,
};

/** Every row the allocation writes, without generated ids and timestamps, in a stable order. */
async function dump(db: DataSource) {
  const key = `a.school_id, a.round_id`;
  return {
    snapshots: await db.query(
      `SELECT snapshot_id, round_id, school_id, school_code, area_office_code, province_code, academic_year, round,
              as_of_date::text, snapshot_version, grades, total_students, event_id
         FROM dmc_snapshot ORDER BY school_id, round_id, snapshot_version`,
    ),
    allocations: await db.query(
      `SELECT school_id, round_id, school_code, area_office_code, province_code, academic_year, round,
              as_of_date::text, fiscal_year, snapshot_id, snapshot_version, total
         FROM subsidy_allocation a ORDER BY ${key}`,
    ),
    items: await db.query(
      `SELECT ${key}, i.item, i.school_id AS item_school, i.fiscal_year, i.area_office_code, i.province_code, i.round,
              i.students, i.amount
         FROM subsidy_allocation_item i JOIN subsidy_allocation a ON a.id = i.allocation_id
        ORDER BY ${key}, i.item`,
    ),
    lines: await db.query(
      `SELECT ${key}, l.item, l.grade_level, l.level, l.students, l.rate_per_year, l.rate_fiscal_year,
              l.rate_applies_to, l.rate_verified, l.rate_per_round, l.amount
         FROM subsidy_allocation_line l JOIN subsidy_allocation a ON a.id = l.allocation_id
        ORDER BY ${key}, l.item, l.grade_level`,
    ),
    adjustments: await db.query(
      `SELECT ${key}, j.school_id AS adj_school, j.round_id AS adj_round, j.academic_year, j.round, j.fiscal_year,
              j.from_snapshot_version, j.to_snapshot_version, j.previous_total, j.new_total, j.delta, j.event_id,
              (SELECT json_agg(json_build_object('item', x.item, 'previous', x.previous_amount::text,
                                                 'new', x.new_amount::text, 'delta', x.delta::text) ORDER BY x.item)
                 FROM allocation_adjustment_item x WHERE x.adjustment_id = j.id) AS items
         FROM allocation_adjustment j JOIN subsidy_allocation a ON a.id = j.allocation_id
        ORDER BY ${key}, j.to_snapshot_version`,
    ),
    // The events emitted, with the ids each database generated replaced by what they point at.
    outbox: await db.query(
      `SELECT o.subject, o.envelope->>'correlationId' AS correlation, o.envelope->>'causationId' AS causation,
              (o.envelope->'payload') - 'allocationId' - 'adjustmentId' AS payload,
              a.school_id AS allocation_school, a.round_id AS allocation_round,
              j.to_snapshot_version AS adjustment_to
         FROM outbox_event o
         JOIN subsidy_allocation a ON a.id = (o.envelope->'payload'->>'allocationId')::uuid
         LEFT JOIN allocation_adjustment j ON j.id = (o.envelope->'payload'->>'adjustmentId')::uuid
        WHERE o.subject LIKE 'finance.allocation.computed.v1%'
        ORDER BY ${key}, (o.envelope->'payload'->>'snapshotVersion')::int`,
    ),
  };
}

describe('DMC snapshot allocation: the batch path writes exactly what the per-event path writes', () => {
  const subgraphs: Array<TestSubgraph<RunningService>> = [];
  let perEvent: DataSource;
  let batched: DataSource;
  let perEventAgain: DataSource;
  let concurrent: DataSource;

  beforeAll(async () => {
    for (const name of ['fin_per_event', 'fin_batched', 'fin_per_event_again', 'fin_concurrent'])
      subgraphs.push(
        await startTestSubgraph(name, (config, logger) =>
          bootService(
            { ...createFinanceService({ durablePrefix: `${name}-${process.pid}` }), consumers: [] },
            { ...config, runRelay: false },
            logger,
          ),
        ),
      );
    [perEvent, batched, perEventAgain, concurrent] = subgraphs.map((s) => s.service.dataSource) as [
      DataSource,
      DataSource,
      DataSource,
      DataSource,
    ];
  });

  afterAll(async () => {
    for (const s of subgraphs) await s.stop();
  });

  const setRate = (db: DataSource) =>
    db.transaction((m) => new SubsidyRepository(db).upsertRate(m, NEW_TUITION_RATE, 'test'));

  it('gives the same snapshots, allocations, items, lines, adjustments and outbox events for a random sequence', async () => {
    const events = snapshotSequence(2568);
    const half = Math.floor(events.length / 2);

    for (const [i, e] of events.entries()) {
      if (i === half) await setRate(perEvent);
      await perEvent.transaction((m) => handle(e, m));
    }
    let done = 0;
    for (const batch of batches(events, random(7))) {
      // The rate changes between the same two events in both databases.
      if (done < half && done + batch.length > half) {
        await batched.transaction((m) => handleBatch(batch.slice(0, half - done), m));
        await setRate(batched);
        await batched.transaction((m) => handleBatch(batch.slice(half - done), m));
      } else {
        if (done === half) await setRate(batched);
        await batched.transaction((m) => handleBatch(batch, m));
      }
      done += batch.length;
    }

    const expected = await dump(perEvent);
    const actual = await dump(batched);
    // The sequence exercises what it claims to.
    expect(expected.allocations.length).toBeGreaterThan(100);
    expect(expected.adjustments.length).toBeGreaterThan(50);
    expect(expected.outbox.length).toBe(expected.allocations.length + expected.adjustments.length);
    expect(events.length - expected.outbox.length).toBeGreaterThan(50); // ignored: duplicates and older versions
    expect(new Set(expected.allocations.map((a: any) => a.fiscal_year))).toEqual(new Set([2568, 2569]));
    expect(expected.lines.some((l: any) => l.rate_per_round === '500.51')).toBe(true);
    expect(expected.allocations.some((a: any) => a.total === '0.00')).toBe(true); // END_OF_YEAR

    for (const table of Object.keys(expected) as Array<keyof typeof expected>) {
      expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    }
  });

  it('ends in the same allocations when batches of overlapping schools commit concurrently', async () => {
    const events = snapshotSequence(2569);
    for (const e of events) await perEventAgain.transaction((m) => handle(e, m));
    // Four pullers: batches run in parallel transactions, so a school's versions may apply out of order.
    await inParallel(batches(events, random(9)), 4, (batch) =>
      concurrent.transaction((m) => handleBatch(batch, m)),
    );
    const expected = await dump(perEventAgain);
    const actual = await dump(concurrent);
    for (const table of ['snapshots', 'allocations', 'items', 'lines'] as const) {
      expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    }
    // Each allocation's adjustments chain up without a gap or a repeat: from → to, previous → new.
    const chains = new Map<string, any[]>();
    for (const a of actual.adjustments) {
      const k = `${a.school_id}|${a.round_id}`;
      chains.set(k, [...(chains.get(k) ?? []), a]);
    }
    for (const allocation of actual.allocations) {
      const chain = chains.get(`${allocation.school_id}|${allocation.round_id}`) ?? [];
      for (let i = 1; i < chain.length; i += 1) {
        expect(chain[i].from_snapshot_version).toBe(chain[i - 1].to_snapshot_version);
        expect(chain[i].previous_total).toBe(chain[i - 1].new_total);
      }
      if (chain.length) expect(chain[chain.length - 1].new_total).toBe(allocation.total);
      const emitted = actual.outbox.filter(
        (o: any) =>
          o.allocation_school === allocation.school_id && o.allocation_round === allocation.round_id,
      );
      expect(emitted).toHaveLength(chain.length + 1);
    }
  });
});
