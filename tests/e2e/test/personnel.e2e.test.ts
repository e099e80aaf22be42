import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope, DmcSnapshotPublished } from '@smss/events';
import { eventually, gql, tokenFor } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { startPlatform, type Platform } from './platform';

/**
 * A school's staff and staffing through the gateway, with the staffing fed by a real DMC snapshot
 * event on NATS, and the same school's students from the students subgraph in the same query.
 * The snapshot is hand-made here to pin the staffing figures; dmc-flow.e2e.test.ts has
 * `closeDmcRound` publish it for real.
 */
let p: Platform;
let admin: string;
let school: { id: string; obecCode: string; nameTh: string; areaOffice: { code: string; nameTh: string } };

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const res = await viaGateway(
    `{ schools(first: 1, filter: { areaOfficeCode: "1601", schoolType: PRIMARY, status: OPEN }) {
       edges { node { id obecCode nameTh areaOffice { code nameTh } } } } }`,
  );
  school = res.data.schools.edges[0].node;
  // The schools service published its directory at start; wait for personnel's replica of this area.
  const personnel = p.services.personnel!.dataSource;
  const schools = p.services.schools!.dataSource;
  const [{ n: expected }] = await schools.query(
    `SELECT count(*)::int AS n FROM school WHERE area_office_code = '1601'`,
  );
  await eventually(async () => {
    const [{ n }] = await personnel.query(
      `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = '1601'`,
    );
    return n === expected;
  }, 30_000);
}, 120_000);
afterAll(() => p.stop());

function viaGateway(query: string, variables: Record<string, unknown> = {}, token: string = admin) {
  return gql(p.gatewayUrl, query, variables, { token, asGateway: false });
}

const SCHOOL_WITH_STAFF = `query($code: String) {
  school(obecCode: $code) {
    obecCode nameTh
    areaOffice { code nameTh staffCount staffing { teachersRequired teachersActual gap schoolsCounted } }
    staffCount
    staffing { teachersRequired teachersActual gap students basis { academicYear round snapshotVersion } }
    staff(first: 10) {
      totalCount
      edges { node { firstNameTh positionType currentAppointment { school { nameTh } areaOffice { nameTh } } } }
    }
  }
}`;

describe('personnel through the gateway', () => {
  it('answers a school’s staff and staffing (from a real DMC snapshot event) in one query across subgraphs', async () => {
    const seed = Math.floor(Math.random() * 1e8);
    const registered: string[] = [];
    for (const [i, [positionType, name]] of (
      [
        ['DIRECTOR', 'สมชาย'],
        ['TEACHER', 'มาลี'],
        ['TEACHER', 'วันดี'],
        ['ASSISTANT_TEACHER', 'กิตติ'],
      ] as const
    ).entries()) {
      const res = await viaGateway(`mutation($i: RegisterStaffInput!) { registerStaff(input: $i) { id } }`, {
        i: {
          nationalId: syntheticNationalId(seed + i),
          firstNameTh: name,
          lastNameTh: 'ทดสอบระบบ',
          serviceStartDate: '2015-05-16',
          posting: { schoolId: school.id, positionType },
        },
      });
      expect(res.errors).toBeUndefined();
      registered.push(res.data.registerStaff.id);
    }

    // The DMC snapshot the students service will publish: 210 primary pupils → 9 teachers required.
    const payload = {
      snapshotId: randomUUID(),
      roundId: randomUUID(),
      academicYear: 2569,
      round: 'TERM1' as const,
      asOfDate: '2026-06-10',
      schoolId: school.id,
      schoolCode: school.obecCode,
      areaOfficeCode: school.areaOffice.code,
      provinceCode: '16',
      snapshotVersion: 1,
      grades: (['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const).map((gradeLevel) => ({
        gradeLevel,
        male: 17,
        female: 18,
        poor: 0,
        extremelyPoor: 0,
        disabled: 0,
        orphan: 0,
        stateless: 0,
        ethnicMinority: 0,
        classrooms: 1,
      })),
      totalStudents: 210,
    };
    const envelope = buildEnvelope(DmcSnapshotPublished, school.id, payload);
    await jetstream(p.services.personnel!.nc).publish(
      DmcSnapshotPublished.subject,
      JSON.stringify(envelope),
      {
        msgID: envelope.id,
      },
    );

    const res = await eventually(async () => {
      const r = await viaGateway(SCHOOL_WITH_STAFF, { code: school.obecCode });
      return r.data?.school?.staffing?.teachersRequired != null ? r : null;
    }, 20_000);
    expect(res.errors).toBeUndefined();
    const s = res.data.school;
    expect(s.nameTh).toBe(school.nameTh); // schools subgraph
    expect(s.staffCount).toBe(4); // personnel subgraph
    expect(s.staffing).toEqual({
      teachersRequired: 9,
      teachersActual: 3,
      gap: -6,
      students: 210,
      basis: { academicYear: 2569, round: 'TERM1', snapshotVersion: 1 },
    });
    expect(s.staff.totalCount).toBe(4);
    expect(s.staff.edges[0].node).toEqual({
      firstNameTh: 'สมชาย',
      positionType: 'DIRECTOR',
      // back to the schools subgraph for the names, through the entity keys personnel returns
      currentAppointment: {
        school: { nameTh: school.nameTh },
        areaOffice: { nameTh: school.areaOffice.nameTh },
      },
    });
    expect(s.areaOffice).toMatchObject({ code: '1601', nameTh: school.areaOffice.nameTh, staffCount: 4 });
    expect(s.areaOffice.staffing).toMatchObject({
      teachersRequired: 9,
      teachersActual: 3,
      gap: -6,
      schoolsCounted: 1,
    });
  });

  it('answers a school’s staff and staffing together with its students in one query (three subgraphs)', async () => {
    // The same school as above: its four staff and its snapshot are in place.
    await eventually(async () => {
      const [row] = await p.services.students!.dataSource.query(
        `SELECT 1 FROM directory_school_replica WHERE school_id = $1`,
        [school.id],
      );
      return row;
    }, 30_000);
    const registered = await viaGateway(
      `mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`,
      {
        i: {
          nationalId: syntheticNationalId(700_000_000 + Math.floor(Math.random() * 1e6)),
          prefix: 'เด็กหญิง',
          firstNameTh: 'ทดสอบ',
          lastNameTh: 'บุคลากร',
          birthDate: '2018-06-01',
          gender: 'FEMALE',
          schoolCode: school.obecCode,
          academicYear: 2569,
          gradeLevel: 'P2',
          classroom: '1',
          startedOn: '2026-05-16',
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    const res = await viaGateway(
      `query($code: String) { school(obecCode: $code) {
         nameTh staffCount staffing { teachersRequired teachersActual gap }
         staff(first: 1) { totalCount edges { node { positionType } } }
         students(first: 5) { totalCount }
       } }`,
      { code: school.obecCode },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.school).toMatchObject({
      nameTh: school.nameTh,
      staffCount: 4,
      staffing: { teachersRequired: 9, teachersActual: 3, gap: -6 },
      staff: { totalCount: 4, edges: [{ node: { positionType: 'DIRECTOR' } }] },
      students: { totalCount: 1 },
    });
  });

  it('applies the subgraph’s trust rules through the gateway: partners get aggregates only, other schools an empty staff list', async () => {
    const partner = await tokenFor('partner', 'EEF');
    const asPartner = await viaGateway(
      `query($code: String) { school(obecCode: $code) { nameTh staffCount staffing { gap } staff(first: 5) { totalCount } } }`,
      { code: school.obecCode },
      partner,
    );
    expect(asPartner.errors).toBeUndefined();
    expect(asPartner.data.school.staffCount).toBeGreaterThan(0);
    expect(asPartner.data.school.staffing.gap).toBeDefined();
    expect(asPartner.data.school.staff).toEqual({ totalCount: 0 });

    const director = await tokenFor('school-director', '1016019999');
    const other = await viaGateway(
      `query($code: String) { school(obecCode: $code) { nameTh staff(first: 5) { totalCount } } }`,
      { code: school.obecCode },
      director,
    );
    expect(other.errors).toBeUndefined();
    expect(other.data.school.nameTh).toBe(school.nameTh);
    expect(other.data.school.staff).toEqual({ totalCount: 0 });

    const masked = await viaGateway(
      `query($code: String) { school(obecCode: $code) { staff(first: 1) { edges { node { nationalId firstNameTh salary } } } } }`,
      { code: school.obecCode },
      await tokenFor('obec-analyst', 'OBEC'),
    );
    const node = masked.data.school.staff.edges[0].node;
    expect(node.nationalId).toMatch(/^\d-\d{4}-xxxxx-xx-\d$/);
    expect(node.firstNameTh).toMatch(/•/);
    expect(node.salary).toBeNull();
  });
});
