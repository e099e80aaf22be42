import { buildEnvelope, DmcSnapshotPublished } from '@smss/events';
import { eventually } from '@smss/testing';
import {
  fakeArea,
  fakeSchool,
  publishSnapshot,
  registerStaff,
  replicateSchools,
  snapshotFor,
  startPersonnel,
  token,
  type PersonnelHarness,
  type SchoolPayload,
} from './support';

let h: PersonnelHarness;
let admin: string;
let area: string;

beforeAll(async () => {
  h = await startPersonnel();
  admin = await token('obec-admin', 'OBEC');
  area = fakeArea();
});
afterAll(() => h.stop());

const STAFFING = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on School { id staffCount staffing { teachersRequired teachersActual gap directorsRequired deputyDirectorsRequired
    students classrooms basis { academicYear round asOfDate snapshotVersion } } } } }`;

async function staffingOf(school: SchoolPayload) {
  const res = await h.q(STAFFING, { r: [{ __typename: 'School', id: school.id }] }, admin);
  expect(res.errors).toBeUndefined();
  return res.data._entities[0];
}

const eventLog = (schoolId: string) =>
  h.service.dataSource.query(
    `SELECT event_id, round, snapshot_version, outcome FROM school_enrolment_event WHERE school_id = $1 ORDER BY handled_at`,
    [schoolId],
  );

const PRIMARY_210 = { P1: 35, P2: 35, P3: 35, P4: 35, P5: 35, P6: 35 };

describe('staffing norm from DMC snapshot events', () => {
  it('compares the teachers the criteria require with the teachers appointed (a negative gap is a shortage)', async () => {
    const school = fakeSchool(area);
    await replicateSchools(h, [school]);
    await registerStaff(h, admin, { schoolId: school.id, positionType: 'DIRECTOR' });
    for (let i = 0; i < 6; i += 1)
      await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    await registerStaff(h, admin, { schoolId: school.id, positionType: 'ASSISTANT_TEACHER' });
    await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEMPORARY_EMPLOYEE' });

    const before = await staffingOf(school);
    expect(before.staffing).toMatchObject({
      teachersRequired: null,
      teachersActual: 7,
      gap: null,
      basis: null,
    });

    await publishSnapshot(h.nc, snapshotFor(school, PRIMARY_210));
    const after = await eventually(async () => {
      const s = await staffingOf(school);
      return s.staffing.teachersRequired != null ? s : null;
    });
    expect(after.staffCount).toBe(9);
    expect(after.staffing).toEqual({
      teachersRequired: 9, // ((6 rooms × 40 / 25) + 210 / 25) / 2
      teachersActual: 7, // teachers and assistant teachers; not the director or the temporary employee
      gap: -2,
      directorsRequired: 1,
      deputyDirectorsRequired: 0,
      students: 210,
      classrooms: 6,
      basis: { academicYear: 2569, round: 'TERM1', asOfDate: '2026-06-10', snapshotVersion: 1 },
    });
  });

  it('updates the shortage exactly once when the same snapshot event is delivered twice', async () => {
    const school = fakeSchool(area);
    const envelope = buildEnvelope(DmcSnapshotPublished, school.id, snapshotFor(school, { P1: 15 }));
    // Consumers start in the order the service lists them: the directory replica, then DMC snapshots.
    const consumer = h.service.consumers[1]!;
    await publishSnapshot(h.nc, envelope.payload, envelope);
    await eventually(async () => (await eventLog(school.id)).length === 1);
    const duplicatesBefore = consumer.duplicates;
    // A different Nats-Msg-Id defeats JetStream's own dedupe, as a republish after its window would.
    await publishSnapshot(h.nc, envelope.payload, envelope, `${envelope.id}-again`);
    await eventually(async () => consumer.duplicates > duplicatesBefore);
    const log = await eventLog(school.id);
    expect(log).toEqual([{ event_id: envelope.id, round: 'TERM1', snapshot_version: 1, outcome: 'APPLIED' }]);
    const inbox = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox_event WHERE event_id = $1`,
      [envelope.id],
    );
    expect(inbox[0].n).toBe(1);
    expect((await staffingOf(school)).staffing).toMatchObject({
      teachersRequired: 1,
      teachersActual: 0,
      gap: -1,
    });
  });

  it('keeps the latest round: an older round arriving late is ignored, a correction of the same round replaces it', async () => {
    const school = fakeSchool(area);
    const term2 = snapshotFor(school, { P1: 130 }, { round: 'TERM2', asOfDate: '2026-11-10' });
    await publishSnapshot(h.nc, term2);
    await eventually(async () => (await eventLog(school.id)).length === 1);
    // TERM1 of the same year, even as version 3, is older than TERM2.
    await publishSnapshot(h.nc, snapshotFor(school, { P1: 20 }, { round: 'TERM1', snapshotVersion: 3 }));
    await eventually(async () => (await eventLog(school.id)).length === 2);
    expect((await staffingOf(school)).staffing.basis).toMatchObject({ round: 'TERM2', snapshotVersion: 1 });
    // A correction of TERM2 (version 2) replaces it.
    await publishSnapshot(
      h.nc,
      snapshotFor(school, { P1: 60 }, { round: 'TERM2', asOfDate: '2026-11-10', snapshotVersion: 2 }),
    );
    await eventually(async () => (await eventLog(school.id)).length === 3);
    const s = (await staffingOf(school)).staffing;
    expect(s.basis).toMatchObject({ round: 'TERM2', snapshotVersion: 2 });
    expect(s.teachersRequired).toBe(3);
    expect((await eventLog(school.id)).map((e: any) => e.outcome)).toEqual([
      'APPLIED',
      'IGNORED_OLDER',
      'APPLIED',
    ]);
  });

  it('rolls staffing up on the area office over its open schools with a snapshot', async () => {
    const rollupArea = fakeArea();
    const short = fakeSchool(rollupArea);
    const over = fakeSchool(rollupArea);
    const noSnapshot = fakeSchool(rollupArea);
    const closed = fakeSchool(rollupArea, { status: 'CLOSED' });
    await replicateSchools(h, [short, over, noSnapshot, closed]);
    await registerStaff(h, admin, { schoolId: short.id, positionType: 'TEACHER' });
    for (let i = 0; i < 3; i += 1)
      await registerStaff(h, admin, { schoolId: over.id, positionType: 'TEACHER' });
    await registerStaff(h, admin, { schoolId: noSnapshot.id, positionType: 'TEACHER' });
    await publishSnapshot(h.nc, snapshotFor(short, { P1: 50 })); // 3 required, 1 appointed
    await publishSnapshot(h.nc, snapshotFor(over, { P1: 30 })); // 2 required, 3 appointed
    await eventually(
      async () => (await eventLog(short.id)).length === 1 && (await eventLog(over.id)).length === 1,
    );
    const res = await h.q(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { code staffCount staffing {
         teachersRequired teachersActual gap teachersShort teachersOver schoolsCounted schoolsShort schoolsOver schoolsWithoutSnapshot } } } }`,
      { r: [{ __typename: 'AreaOffice', code: rollupArea }] },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toEqual({
      code: rollupArea,
      staffCount: 5,
      staffing: {
        teachersRequired: 5,
        teachersActual: 4,
        gap: -1,
        teachersShort: 2,
        teachersOver: 1,
        schoolsCounted: 2,
        schoolsShort: 1,
        schoolsOver: 1,
        schoolsWithoutSnapshot: 1,
      },
    });
  });
});
