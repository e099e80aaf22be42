import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope, SchoolUpserted, subjectFor } from '@smss/events';
import { eventually } from '@smss/testing';
import {
  fakeArea,
  fakeSchool,
  registerStaff,
  replicateSchools,
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
});
