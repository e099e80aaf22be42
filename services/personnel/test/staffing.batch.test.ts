import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  type DmcRoundKind,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
} from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  testLogger,
  testNatsUrl,
  TEST_SUBGRAPH_SECURITY,
  type TestDatabase,
} from '@smss/testing';
import { recordEnrolmentWhenDmcSnapshotPublished } from '../src/events/record-enrolment-when-dmc-snapshot-published.handler';
import { createPersonnelService } from '../src/server';

/**
 * The staffing norm's batch path against the same events one at a time (each in its own
 * transaction, as before batches): same latest snapshot per school, same norm, same outcome per event.
 */

type SnapshotEvent = EventEnvelope<DmcSnapshotPublishedPayload>;
const { handle, handleBatch } = recordEnrolmentWhenDmcSnapshotPublished as unknown as {
  handle: (e: SnapshotEvent, m: unknown) => Promise<void>;
  handleBatch: (e: SnapshotEvent[], m: unknown) => Promise<void>;
};

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUNDS: Array<{ round: DmcRoundKind; asOfDate: string; academicYear: number }> = [
  { round: 'TERM1', asOfDate: '2025-06-10', academicYear: 2568 },
  { round: 'TERM2', asOfDate: '2025-11-10', academicYear: 2568 },
  { round: 'END_OF_YEAR', asOfDate: '2026-03-31', academicYear: 2568 },
  { round: 'TERM1', asOfDate: '2026-06-10', academicYear: 2569 },
];

/** 60 schools, rounds and versions shuffled (late old rounds, corrections), some events republished. */
function snapshotSequence(seed: number): SnapshotEvent[] {
  const rand = random(seed);
  const events: SnapshotEvent[] = [];
  for (let s = 0; s < 60; s += 1) {
    const schoolId = randomUUID();
    for (const r of ROUNDS) {
      if (rand() < 0.3) continue;
      const versions = 1 + Math.floor(rand() * 3);
      for (let v = 1; v <= versions; v += 1) {
        // Sizes on both sides of the small-school rule (120 students).
        const grades = GRADE_LEVELS.filter(() => rand() < 0.5).map((gradeLevel) => ({
          gradeLevel,
          male: Math.floor(rand() * 25),
          female: Math.floor(rand() * 25),
          poor: 0,
          extremelyPoor: 0,
          disabled: 0,
          orphan: 0,
          stateless: 0,
          ethnicMinority: 0,
          classrooms: 1,
        }));
        const payload: DmcSnapshotPublishedPayload = {
          snapshotId: randomUUID(),
          roundId: randomUUID(),
          ...r,
          schoolId,
          schoolCode: `109401${String(s).padStart(4, '0')}`,
          areaOfficeCode: '9401',
          provinceCode: '94',
          snapshotVersion: v,
          grades,
          totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
        };
        events.push(buildEnvelope(DmcSnapshotPublished, schoolId, payload));
        if (rand() < 0.15) events.push(buildEnvelope(DmcSnapshotPublished, schoolId, payload));
      }
    }
  }
  for (let i = events.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events;
}

function batches(events: SnapshotEvent[], rand: () => number): SnapshotEvent[][] {
  const out: SnapshotEvent[][] = [];
  for (let i = 0; i < events.length;) {
    const n = 1 + Math.floor(rand() * 60);
    out.push(events.slice(i, i + n));
    i += n;
  }
  return out;
}

const enrolments = (db: DataSource) =>
  db.query(
    `SELECT school_id, school_code, area_office_code, academic_year, round, round_rank, snapshot_version,
            as_of_date::text, snapshot_id, event_id, total_students, grades, classrooms, teachers_required,
            directors_required, deputy_directors_required, criteria
       FROM school_enrolment ORDER BY school_id`,
  );
const eventLog = (db: DataSource) =>
  db.query(
    `SELECT event_id, school_id, academic_year, round, snapshot_version, teachers_required, outcome
       FROM school_enrolment_event ORDER BY event_id`,
  );

describe('staffing norm from DMC snapshots, set-based per consumer batch', () => {
  const dbs: TestDatabase[] = [];
  const services: RunningService[] = [];
  let oneByOne: DataSource;
  let batched: DataSource;
  let concurrent: DataSource;

  beforeAll(async () => {
    for (const name of ['staffing_one_by_one', 'staffing_batched', 'staffing_concurrent']) {
      const db = await createTestDatabase(name);
      dbs.push(db);
      services.push(
        await bootService(
          { ...createPersonnelService({ durablePrefix: `${name}-${process.pid}` }), consumers: [] },
          {
            port: 0,
            databaseUrl: db.url,
            natsUrl: testNatsUrl(),
            logLevel: 'silent',
            ...TEST_SUBGRAPH_SECURITY,
            createDatabase: false,
            runRelay: false,
          },
          testLogger(),
        ),
      );
    }
    [oneByOne, batched, concurrent] = services.map((s) => s.dataSource) as [
      DataSource,
      DataSource,
      DataSource,
    ];
  });

  afterAll(async () => {
    for (const s of services) await s.close();
    for (const db of dbs) await db.drop();
  });

  it('keeps the same latest snapshot per school and logs the same outcome per event as one event at a time', async () => {
    const events = snapshotSequence(16);
    for (const e of events) await oneByOne.transaction((m) => handle(e, m));
    for (const batch of batches(events, random(5))) await batched.transaction((m) => handleBatch(batch, m));

    const expectedLog = await eventLog(oneByOne);
    expect(expectedLog).toHaveLength(events.length);
    const outcomes = expectedLog.map((e: { outcome: string }) => e.outcome);
    expect(outcomes.filter((o: string) => o === 'IGNORED_OLDER').length).toBeGreaterThan(30);
    expect(await eventLog(batched)).toEqual(expectedLog);
    expect(await enrolments(batched)).toEqual(await enrolments(oneByOne));
  });

  it('ends with the same latest snapshot per school when batches commit concurrently', async () => {
    const events = snapshotSequence(17);
    const queue = batches(events, random(6));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const chunk = batch;
          await concurrent.transaction((m) => handleBatch(chunk, m));
        }
      }),
    );
    const reference = await createTestDatabase('staffing_reference');
    dbs.push(reference);
    const service = await bootService(
      { ...createPersonnelService({ durablePrefix: `reference-${process.pid}` }), consumers: [] },
      {
        port: 0,
        databaseUrl: reference.url,
        natsUrl: testNatsUrl(),
        logLevel: 'silent',
        ...TEST_SUBGRAPH_SECURITY,
        createDatabase: false,
        runRelay: false,
      },
      testLogger(),
    );
    services.push(service);
    for (const e of events) await service.dataSource.transaction((m) => handle(e, m));
    // Of a snapshot republished under a new event id, whichever event came first is the one kept.
    const withoutEvent = (rows: Array<{ event_id: string }>) => rows.map(({ event_id: _e, ...row }) => row);
    expect(withoutEvent(await enrolments(concurrent))).toEqual(
      withoutEvent(await enrolments(service.dataSource)),
    );
    expect((await eventLog(concurrent)).length).toBe(events.length);
  });
});
