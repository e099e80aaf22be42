import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope, SchoolUpserted, subjectFor } from '@smss/events';
import { eventually } from '@smss/testing';
import { isSyntheticNationalId } from '@smss/thai';
import { demoStaffFor } from '../src/demo/demo-staff';
import { fakeSchool, replicateSchools, startPersonnel, type PersonnelHarness } from './support';

let h: PersonnelHarness;

beforeAll(async () => {
  h = await startPersonnel({ demoData: 'lopburi' });
});
afterAll(() => h.stop());

const lopburiSchool = (overrides = {}) => {
  const running = 9000 + Math.floor(Math.random() * 999);
  return fakeSchool('1601', {
    obecCode: `101601${running}`,
    smisCode: `1601${running}`,
    provinceCode: '16',
    districtCode: '1601',
    ...overrides,
  });
};

const staffAt = (schoolId: string) =>
  h.service.dataSource.query(
    `SELECT s.national_id, s.account_subject, a.position_type FROM appointment a JOIN staff s ON s.id = a.staff_id
      WHERE a.school_id = $1 ORDER BY a.position_number`,
    [schoolId],
  );

describe('demo staff (DEMO_DATA=lopburi)', () => {
  it('gives each Lopburi school that reaches the replica the same deterministic staff, once', async () => {
    const school = lopburiSchool({ schoolType: 'EXTENDED_OPPORTUNITY' });
    await replicateSchools(h, [school]);
    const rows = await eventually(async () => {
      const r = await staffAt(school.id);
      return r.length ? r : null;
    });
    const expected = demoStaffFor({ ...school, id: school.id });
    expect(demoStaffFor({ ...school })).toEqual(expected);
    expect(rows.map((r: any) => r.national_id)).toEqual(expected.map((p) => p.nationalId));
    expect(rows.every((r: any) => isSyntheticNationalId(r.national_id))).toBe(true);
    expect(rows.filter((r: any) => r.position_type === 'DIRECTOR')).toHaveLength(1);
    expect(rows.map((r: any) => r.account_subject)).toContain(`dev:school-director:${school.obecCode}`);
    const licences = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM teaching_licence t JOIN appointment a ON a.staff_id = t.staff_id WHERE a.school_id = $1`,
      [school.id],
    );
    expect(licences[0].n).toBeGreaterThan(0);
    // Every demo appointment is announced like any other (the war room counts teachers from these).
    const announced = await h.service.dataSource.query(
      `SELECT envelope->'payload'->'posting'->>'positionType' AS position_type FROM outbox_event
        WHERE subject = 'personnel.staff.assigned.v1' AND envelope->'payload'->'posting'->>'schoolId' = $1`,
      [school.id],
    );
    expect(announced.map((r: any) => r.position_type).sort()).toEqual(
      rows.map((r: any) => r.position_type).sort(),
    );

    // A later version of the same school does not add anyone.
    const v2 = buildEnvelope(SchoolUpserted, school.id, {
      ...school,
      nameTh: 'โรงเรียนทดสอบชื่อใหม่',
      version: 2,
    });
    await jetstream(h.nc).publish(subjectFor(SchoolUpserted, school.id), JSON.stringify(v2), {
      msgID: v2.id,
    });
    await eventually(async () => {
      const [r] = await h.service.dataSource.query(
        `SELECT version FROM directory_school_replica WHERE school_id = $1`,
        [school.id],
      );
      return r?.version === 2;
    });
    expect(await staffAt(school.id)).toHaveLength(rows.length);
  });

  it('leaves closed schools and schools outside Lopburi without demo staff', async () => {
    const closed = lopburiSchool({ status: 'CLOSED' });
    const elsewhere = fakeSchool('9801');
    await replicateSchools(h, [closed, elsewhere]);
    expect(await staffAt(closed.id)).toEqual([]);
    expect(await staffAt(elsewhere.id)).toEqual([]);
  });
});
