import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
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
import { recordEnrolmentWhenDmcSnapshotPublished } from '../src/events/record-enrolment-when-dmc-snapshot-published.handler';
import { createPersonnelService } from '../src/server';

/**
 * The staffing norm's batch path against the same events one at a time (each in its own
 * transaction, as before batches): same latest snapshot per school, same norm, same outcome per event.
 */

type SnapshotEvent = EventEnvelope<DmcSnapshotPublishedPayload>;
const { handle, handleBatch } = handlerPaths<SnapshotEvent>(recordEnrolmentWhenDmcSnapshotPublished);

const ROUNDS = DMC_TEST_ROUNDS;

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
  return shuffleWith(events, rand);
}

/** Batches of 1–60 events, as a consumer would take them from the stream. */
const batches = (events: SnapshotEvent[], rand: () => number) => randomBatches(events, rand, 60);

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
  const subgraphs: Array<TestSubgraph<RunningService>> = [];
  const personnel = (name: string) =>
    startTestSubgraph(name, (config, logger) =>
      bootService(
        { ...createPersonnelService({ durablePrefix: `${name}-${process.pid}` }), consumers: [] },
        { ...config, runRelay: false },
        logger,
      ),
    ).then((s) => (subgraphs.push(s), s.service.dataSource));
  let oneByOne: DataSource;
  let batched: DataSource;
  let concurrent: DataSource;

  beforeAll(async () => {
    oneByOne = await personnel('staffing_one_by_one');
    batched = await personnel('staffing_batched');
    concurrent = await personnel('staffing_concurrent');
  });

  afterAll(async () => {
    for (const s of subgraphs) await s.stop();
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
    await inParallel(batches(events, random(6)), 4, (batch) =>
      concurrent.transaction((m) => handleBatch(batch, m)),
    );
    const reference = await personnel('staffing_reference');
    for (const e of events) await reference.transaction((m) => handle(e, m));
    // Of a snapshot republished under a new event id, whichever event came first is the one kept.
    const withoutEvent = (rows: Array<{ event_id: string }>) => rows.map(({ event_id: _e, ...row }) => row);
    expect(withoutEvent(await enrolments(concurrent))).toEqual(withoutEvent(await enrolments(reference)));
    expect((await eventLog(concurrent)).length).toBe(events.length);
  });
});
