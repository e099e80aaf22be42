import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope, DmcSnapshotPublished, SchoolUpserted, subjectFor } from '@smss/events';
import { eventually } from '@smss/testing';
import { recordEnrolmentWhenDmcSnapshotPublished } from '../src/events/record-enrolment-when-dmc-snapshot-published.handler';
import {
  fakeArea,
  fakeSchool,
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

beforeAll(async () => {
  h = await startPersonnel();
  admin = await token('obec-admin', 'OBEC');
});
afterAll(() => h.stop());

async function publish(school: SchoolPayload, occurredAt: Date) {
  const envelope = buildEnvelope(SchoolUpserted, school.id, school, { occurredAt });
  await jetstream(h.nc).publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(envelope), {
    msgID: envelope.id,
  });
  await eventually(async () => {
    const [row] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox_event WHERE event_id = $1`,
      [envelope.id],
    );
    return row.n === 1;
  });
}

const replicaOf = (obecCode: string) =>
  h.service.dataSource.query(
    `SELECT school_id::text AS id, area_office_code AS area, version FROM directory_school_replica WHERE obec_code = $1`,
    [obecCode],
  );

const schoolStaff = async (schoolId: string) => {
  const res = await h.q(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { staff(first: 10) { totalCount } } } }`,
    { r: [{ __typename: 'School', id: schoolId }] },
    admin,
  );
  return res.data._entities[0].staff.totalCount;
};

describe('directory replica', () => {
  it('keeps open appointments under the school’s area office when the directory moves the school', async () => {
    const from = fakeArea();
    let to = fakeArea();
    while (to === from) to = fakeArea();
    const school = fakeSchool(from);
    await replicateSchools(h, [school]);
    await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    await publish({ ...school, areaOfficeCode: to, version: 2 }, new Date());
    expect(await replicaOf(school.obecCode)).toEqual([{ id: school.id, area: to, version: 2 }]);
    const [{ area }] = await h.service.dataSource.query(
      `SELECT area_office_code AS area FROM appointment WHERE school_id = $1`,
      [school.id],
    );
    expect(area).toBe(to);
  });

  it('follows a school re-created under a new id (same OBEC code): the newer event wins and the staff move with it', async () => {
    const school = fakeSchool(fakeArea());
    await publish(school, new Date(Date.now() - 60_000));
    await registerStaff(h, admin, { schoolId: school.id, positionType: 'TEACHER' });
    const recreated = { ...school, id: randomUUID() };
    await publish(recreated, new Date());
    expect(await replicaOf(school.obecCode)).toEqual([
      { id: recreated.id, area: school.areaOfficeCode, version: 1 },
    ]);
    expect(await schoolStaff(recreated.id)).toBe(1);
    expect(await schoolStaff(school.id)).toBe(0);
    // A late event of the old identity changes nothing (and does not loop on the unique OBEC code).
    await publish({ ...school, version: 5 }, new Date(Date.now() - 30_000));
    expect(await replicaOf(school.obecCode)).toEqual([
      { id: recreated.id, area: school.areaOfficeCode, version: 1 },
    ]);
  });
  it('moves a re-created school’s enrolment in its batch while the snapshot consumer writes the new id (no fallback)', async () => {
    const consumer = h.service.consumers.find((c) => c.durable.endsWith('-directory-replica'))!;
    const ds = h.service.dataSource;
    const school = fakeSchool(fakeArea());
    await replicateSchools(h, [school]);
    const enrol = (id: string, academicYear: number) =>
      buildEnvelope(DmcSnapshotPublished, id, snapshotFor({ ...school, id }, { P1: 30 }, { academicYear }));
    await ds.transaction((m) => recordEnrolmentWhenDmcSnapshotPublished.handle(enrol(school.id, 2568), m));
    const recreated = { ...school, id: randomUUID() };
    // The snapshot consumer's transaction holds the new id's (newer) enrolment, not yet committed…
    const snapshots = ds.createQueryRunner();
    await snapshots.connect();
    await snapshots.startTransaction();
    await recordEnrolmentWhenDmcSnapshotPublished.handle(enrol(recreated.id, 2569), snapshots.manager);
    // …while the directory consumer takes one batch: the re-created school and another one.
    await consumer.stop();
    const before = { ...consumer.stats };
    const js = jetstream(h.nc);
    const other = fakeSchool(fakeArea());
    for (const s of [recreated, other]) {
      const envelope = buildEnvelope(SchoolUpserted, s.id, s, { occurredAt: new Date(Date.now() + 1000) });
      await js.publish(subjectFor(SchoolUpserted, s.id), JSON.stringify(envelope), { msgID: envelope.id });
    }
    await consumer.start();
    try {
      // The batch waits on the uncommitted enrolment row; then the snapshot transaction commits.
      await eventually(async () => {
        const [row] = await ds.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return row.n > 0;
      }, 10_000);
      await snapshots.commitTransaction();
    } finally {
      if (snapshots.isTransactionActive) await snapshots.rollbackTransaction();
      await snapshots.release();
    }
    await eventually(async () => consumer.stats.handled - before.handled >= 2, 15_000);
    expect({
      batches: consumer.stats.batches - before.batches,
      fallbacks: consumer.stats.batchFallbacks - before.batchFallbacks,
      failures: consumer.stats.failures - before.failures,
    }).toEqual({ batches: 1, fallbacks: 0, failures: 0 });
    expect(await replicaOf(school.obecCode)).toEqual([
      { id: recreated.id, area: school.areaOfficeCode, version: 1 },
    ]);
    // One enrolment for the school, the newer one (under the new id); none left under the old id.
    expect(
      await ds.query(
        `SELECT school_id::text AS id, academic_year AS year FROM school_enrolment WHERE school_code = $1`,
        [school.obecCode],
      ),
    ).toEqual([{ id: recreated.id, year: 2569 }]);
  });
});
